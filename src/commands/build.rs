//! `bitacora build`: check, render every page in parallel, write beside the old output
//! and swap it in only when everything worked.

use super::{report, EXIT_CONTENT, EXIT_USAGE};
use crate::cli::BuildArgs;
use crate::content::url;
use crate::findings::{Finding, Findings};
use crate::output::{self, Staging};
use crate::render::{Document, Renderer};
use crate::site::Site;
use rayon::prelude::*;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

pub fn run(args: BuildArgs) -> ExitCode {
    let started = Instant::now();
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| args.source.join("public"));
    if let Err(f) = output::check(&args.source, &out) {
        eprintln!("{f}");
        return ExitCode::from(EXIT_USAGE);
    }
    let mut findings = Findings::default();
    let mut site = match super::BuildTime::read(args.now.as_deref())
        .and_then(|when| super::load(&args.source, when, &mut findings))
    {
        Ok(site) => site,
        Err(f) => {
            eprintln!("{f}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if let Some(base_url) = &args.base_url {
        site.config.base_url = base_url.clone();
    }
    if !findings.failed(args.strict) {
        if let Err(write_findings) = write(&site, &args.source, &out) {
            findings.extend(write_findings);
        }
    }
    findings.finish();
    eprint!("{}", report::text(&findings));
    if findings.failed(args.strict) {
        eprintln!(
            "bitacora: build failed ({}); {} left as it was",
            findings.summary(),
            out.display()
        );
        return ExitCode::from(EXIT_CONTENT);
    }
    let index = out.join("index.html");
    println!(
        "bitacora: built {} pages in {:.2} s ({}) → open {}",
        site.pages.len(),
        started.elapsed().as_secs_f64(),
        findings.summary(),
        index.display()
    );
    ExitCode::SUCCESS
}

/// Pages that come from the site rather than from a file: service and tag pages, and
/// what postmortems add (their index when there is no folder of them, the metrics
/// page and figures, the feed).
fn write_generated(
    site: &Site,
    renderer: &Renderer,
    emit: &(dyn Fn(&str, Document) -> Result<(), Finding> + Sync),
    staging: &Staging,
) -> Vec<Finding> {
    use crate::site::{
        INCIDENT_FEED, INCIDENT_JSON, INCIDENT_METRICS, POSTMORTEMS, SERVICES, TAGS,
    };
    let page = |html: Result<String, Finding>, url: &str| {
        html.and_then(|chrome| emit(url, Document { chrome, body: None }))
            .err()
    };
    let mut errors: Vec<Finding> = Vec::new();
    {
        use crate::site::{NAV, NOT_FOUND, ROBOTS, SITEMAP};
        errors.extend(
            staging
                .write(NAV, renderer.nav_script(site).as_bytes())
                .err(),
        );
        match renderer.not_found(site) {
            Ok(html) => errors.extend(staging.write(NOT_FOUND, html.as_bytes()).err()),
            Err(f) => errors.push(f),
        }
        // A robots.txt of the content's own is copied instead.
        if !site.assets.iter().any(|a| a == ROBOTS) {
            errors.extend(
                staging
                    .write(ROBOTS, renderer.robots(site).as_bytes())
                    .err(),
            );
        }
        if let Some(xml) = renderer.sitemap(site) {
            errors.extend(staging.write(SITEMAP, xml.as_bytes()).err());
        }
        let index = crate::search::build(&site.pages, site.config.language);
        errors.extend(crate::search::write(
            &index,
            site.config.language,
            &|path, bytes| staging.write(path, bytes),
        ));
    }
    for (folder, terms) in [(SERVICES, &site.services), (TAGS, &site.tags)] {
        let index = format!("{folder}/");
        if !terms.is_empty() && !site.owned(&index) {
            errors.extend(page(renderer.terms(site, folder), &index));
        }
        errors.par_extend(
            (0..terms.len())
                .into_par_iter()
                .filter(|&i| !site.owned(&terms[i].url))
                .filter_map(|i| page(renderer.term(site, folder, i), &terms[i].url)),
        );
    }
    if !site.kpis.is_empty() {
        use crate::site::KPIS;
        if !site.sections.iter().any(|s| s.url == KPIS) {
            errors.extend(page(renderer.kpi_dashboard(site), KPIS));
        }
        errors.par_extend(
            (0..site.kpis.len())
                .into_par_iter()
                .filter_map(|i| page(renderer.kpi_page(site, i), &Site::kpi_url(&site.kpis[i]))),
        );
    }
    let windows = crate::site::windows::all(site);
    if !windows.is_empty() {
        use crate::site::{WINDOWS, WINDOW_CALENDAR, WINDOW_FORM};
        if !site.sections.iter().any(|s| s.url == WINDOWS) {
            errors.extend(page(renderer.window_calendar(site), WINDOWS));
        }
        errors.extend(page(renderer.window_form(site, None), WINDOW_FORM));
        errors.extend(
            staging
                .write(WINDOW_CALENDAR, renderer.window_ics(site).as_bytes())
                .err(),
        );
    }
    if !site.releases_in_order().is_empty() {
        use crate::site::{CHANGELOG, RELEASES, RELEASE_FEED};
        if !site.sections.iter().any(|s| s.url == RELEASES) {
            errors.extend(page(renderer.release_index(site), RELEASES));
        }
        errors.extend(page(renderer.changelog(site), CHANGELOG));
        errors.extend(
            staging
                .write(RELEASE_FEED, renderer.release_feed(site).as_bytes())
                .err(),
        );
    }
    if site.postmortems.is_empty() {
        return errors;
    }
    if !site.sections.iter().any(|s| s.url == POSTMORTEMS) {
        errors.extend(page(renderer.postmortem_index(site), POSTMORTEMS));
    }
    let figures = site.incidents();
    errors.extend(page(
        renderer.incident_metrics(site, &figures),
        INCIDENT_METRICS,
    ));
    match serde_json::to_string_pretty(&figures) {
        Ok(json) => errors.extend(staging.write(INCIDENT_JSON, json.as_bytes()).err()),
        Err(e) => errors.push(Finding::error("write", INCIDENT_JSON, e.to_string())),
    }
    errors.extend(
        staging
            .write(INCIDENT_FEED, renderer.incident_feed(site).as_bytes())
            .err(),
    );
    errors
}

/// Renders and writes the whole site into a staging folder, then swaps it in.
fn write(site: &Site, source: &Path, out: &Path) -> Result<(), Vec<Finding>> {
    let renderer = Renderer::new(source, site.config.language, site.config.minify)?;
    let staging = Staging::create(out).map_err(|f| vec![f])?;
    let result = write_all(site, source, &renderer, &staging);
    match result {
        Ok(()) => staging.commit().map_err(|f| vec![f]),
        Err(findings) => {
            staging.abandon();
            Err(findings)
        }
    }
}

fn write_all(
    site: &Site,
    source: &Path,
    renderer: &Renderer,
    staging: &Staging,
) -> Result<(), Vec<Finding>> {
    let minify = renderer.minify_each_page().then(output::minify_config);
    let emit = |url: &str, doc: Document| -> Result<(), Finding> {
        let html = match &minify {
            Some(cfg) => {
                let chrome = minify_html::minify(doc.chrome.as_bytes(), cfg);
                Document::join(&String::from_utf8_lossy(&chrome), doc.body.as_deref())
            }
            None => Document::join(&doc.chrome, doc.body.as_deref()),
        };
        staging.write(&format!("{url}index.html"), html.as_bytes())
    };
    let mut errors: Vec<Finding> = (0..site.pages.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            let page = &site.pages[i];
            let doc = match renderer.page(site, i) {
                Ok(doc) => doc,
                Err(f) => return vec![f],
            };
            // A window's form takes the body its page was given, rendered once.
            let form = matches!(page.details, crate::content::Details::Window(_)).then(|| {
                renderer
                    .window_form(site, Some((i, doc.body.as_deref())))
                    .and_then(|chrome| {
                        emit(
                            &format!("{}form/", page.url),
                            Document { chrome, body: None },
                        )
                    })
            });
            // A release's print bundle: its readiness, checklist and window forms.
            let bundle = matches!(page.details, crate::content::Details::Release(_)).then(|| {
                renderer.release_print(site, i).and_then(|chrome| {
                    emit(
                        &format!("{}print/", page.url),
                        Document { chrome, body: None },
                    )
                })
            });
            [
                emit(&page.url, doc),
                form.unwrap_or(Ok(())),
                bundle.unwrap_or(Ok(())),
            ]
            .into_iter()
            .filter_map(Result::err)
            .collect()
        })
        .collect();
    errors.par_extend((0..site.sections.len()).into_par_iter().filter_map(|i| {
        renderer
            .section(site, i)
            .and_then(|chrome| emit(&site.sections[i].url, Document { chrome, body: None }))
            .err()
    }));
    errors.extend(write_generated(site, renderer, &emit, staging));
    let content = source.join("content");
    errors.par_extend(
        site.assets
            .par_iter()
            .filter_map(|rel| staging.copy(&content.join(rel), &url::asset_url(rel)).err()),
    );
    for (name, body) in crate::render::theme_files() {
        errors.extend(staging.write(name, body.as_bytes()).err());
    }
    let static_dir = source.join("static");
    if static_dir.is_dir() {
        let mut walk_findings = Vec::new();
        for rel in crate::source::walk(&static_dir, &mut walk_findings, "static") {
            errors.extend(staging.copy(&static_dir.join(&rel), &rel).err());
        }
        errors.extend(walk_findings);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
