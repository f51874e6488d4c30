//! What a build writes, as a list of targets each rendered on its own: `build` renders
//! them all; `serve` renders the ones an edit reaches.

use crate::content::{url, Details};
use crate::findings::Finding;
use crate::output;
use crate::render::{Document, Renderer};
use crate::site::Site;
use rayon::prelude::*;
use std::path::Path;

/// Where rendered files go: a staging folder for a build, the served folder itself
/// for a partial rebuild.
pub trait Sink: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Finding>;
    fn copy(&self, from: &Path, rel: &str) -> Result<(), Finding>;
}

impl Sink for output::Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Finding> {
        output::Staging::write(self, rel, bytes)
    }
    fn copy(&self, from: &Path, rel: &str) -> Result<(), Finding> {
        output::Staging::copy(self, from, rel)
    }
}

/// The two kinds of term pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Terms {
    Services,
    Tags,
}

impl Terms {
    fn folder(self) -> &'static str {
        match self {
            Terms::Services => crate::site::SERVICES,
            Terms::Tags => crate::site::TAGS,
        }
    }

    fn of(self, site: &Site) -> &[crate::site::terms::Term] {
        match self {
            Terms::Services => &site.services,
            Terms::Tags => &site.tags,
        }
    }
}

/// One piece of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// The search index, every page's words (the slowest single target: first).
    Search,
    /// Every release's notes on one page.
    Changelog,
    /// `runbooks/review/`: the runbooks overdue for review.
    Review,
    /// A page, with a window's form or a release's print bundle.
    Page(usize),
    /// A folder's listing.
    Section(usize),
    /// An old address of a page (`aliases`), sending readers to it.
    Redirect(usize),
    TermIndex(Terms),
    Term(Terms, usize),
    KpiDashboard,
    KpiPage(usize),
    WindowCalendar,
    BlankWindowForm,
    WindowIcs,
    ReleaseIndex,
    ReleaseFeed,
    PostmortemIndex,
    /// The metrics page and its figures as JSON.
    IncidentMetrics,
    IncidentFeed,
    Nav,
    NotFound,
    Robots,
    Sitemap,
    /// The content's own files beside the pages.
    Assets,
    /// The theme's stylesheets and script, then the site's `static/` over them.
    Theme,
}

/// Everything the site writes.
pub fn all(site: &Site) -> Vec<Target> {
    use crate::site::{KPIS, POSTMORTEMS, RELEASES, ROBOTS, WINDOWS};
    let mut targets = vec![Target::Search];
    let has_section = |url: &str| site.sections.iter().any(|s| s.url == url);
    let releases = !site.releases_in_order().is_empty();
    if releases {
        targets.push(Target::Changelog);
    }
    if site.has_review() {
        targets.push(Target::Review);
    }
    targets.extend(
        (0..site.pages.len())
            .filter(|&i| site.writes_page(i))
            .map(Target::Page),
    );
    targets.extend(
        (0..site.sections.len())
            .filter(|&s| site.index_as_page(s).is_none())
            .map(Target::Section),
    );
    targets.extend((0..site.redirects.len()).map(Target::Redirect));
    for terms in [Terms::Services, Terms::Tags] {
        let list = terms.of(site);
        if !list.is_empty() && !site.owned(&format!("{}/", terms.folder())) {
            targets.push(Target::TermIndex(terms));
        }
        targets.extend(
            (0..list.len())
                .filter(|&i| !site.owned(&list[i].url))
                .map(|i| Target::Term(terms, i)),
        );
    }
    if !site.kpis.is_empty() {
        if !has_section(KPIS) {
            targets.push(Target::KpiDashboard);
        }
        targets.extend((0..site.kpis.len()).map(Target::KpiPage));
    }
    if !crate::site::windows::all(site).is_empty() {
        if !has_section(WINDOWS) {
            targets.push(Target::WindowCalendar);
        }
        targets.extend([Target::BlankWindowForm, Target::WindowIcs]);
    }
    if releases {
        if !has_section(RELEASES) {
            targets.push(Target::ReleaseIndex);
        }
        targets.push(Target::ReleaseFeed);
    }
    if !site.postmortems.is_empty() {
        if !has_section(POSTMORTEMS) {
            targets.push(Target::PostmortemIndex);
        }
        targets.extend([Target::IncidentMetrics, Target::IncidentFeed]);
    }
    targets.extend([Target::Nav, Target::NotFound]);
    // A robots.txt of the content's own is copied instead.
    if !site.assets.iter().any(|a| a == ROBOTS) {
        targets.push(Target::Robots);
    }
    if !site.config.base_url.is_empty() {
        targets.push(Target::Sitemap);
    }
    targets.extend([Target::Assets, Target::Theme]);
    targets
}

/// Renders `targets` in parallel into `sink`; what went wrong, in target order.
pub fn render(
    site: &Site,
    source: &Path,
    renderer: &Renderer,
    targets: &[Target],
    sink: &dyn Sink,
) -> Vec<Finding> {
    let writer = Writer {
        site,
        source,
        renderer,
        sink,
        minify: renderer.minify_each_page().then(output::minify_config),
    };
    // Theme files go last so that the site's static/ is copied over them.
    let (theme, rest): (Vec<Target>, Vec<Target>) =
        targets.iter().partition(|t| **t == Target::Theme);
    let mut errors: Vec<Finding> = rest
        .par_iter()
        .flat_map_iter(|&t| writer.target(t))
        .collect();
    for t in theme {
        errors.extend(writer.target(t));
    }
    errors
}

/// Writes the search index, unless `stop` says to give up before it is made
/// (`None`).
pub fn search(site: &Site, sink: &dyn Sink, stop: &dyn Fn() -> bool) -> Option<Vec<Finding>> {
    let lang = site.config.language;
    let index = crate::search::build_unless(&site.pages, lang, stop)?;
    Some(crate::search::write(&index, lang, &|path, bytes| {
        sink.write(path, bytes)
    }))
}

struct Writer<'a> {
    site: &'a Site,
    source: &'a Path,
    renderer: &'a Renderer,
    sink: &'a dyn Sink,
    minify: Option<minify_html::Cfg>,
}

impl Writer<'_> {
    /// Writes a page at `url` (a folder URL, ending in `/`).
    fn emit(&self, url: &str, doc: Document) -> Result<(), Finding> {
        let html = match &self.minify {
            Some(cfg) => {
                let chrome = minify_html::minify(doc.chrome.as_bytes(), cfg);
                Document::join(&String::from_utf8_lossy(&chrome), doc.body.as_deref())
            }
            None => Document::join(&doc.chrome, doc.body.as_deref()),
        };
        self.sink
            .write(&format!("{url}index.html"), html.as_bytes())
    }

    fn chrome(&self, html: Result<String, Finding>, url: &str) -> Vec<Finding> {
        html.and_then(|chrome| self.emit(url, Document { chrome, body: None }))
            .err()
            .into_iter()
            .collect()
    }

    fn file(&self, rel: &str, text: String) -> Vec<Finding> {
        self.sink
            .write(rel, text.as_bytes())
            .err()
            .into_iter()
            .collect()
    }

    fn target(&self, target: Target) -> Vec<Finding> {
        use crate::site::*;
        let (site, r) = (self.site, self.renderer);
        match target {
            Target::Page(i) => self.page(i),
            Target::Section(i) => self.chrome(r.section(site, i), &site.sections[i].url),
            Target::Redirect(i) => match r.redirect(site, i) {
                Ok(html) => self.file(&site.redirects[i].0, html),
                Err(f) => vec![f],
            },
            Target::TermIndex(terms) => self.chrome(
                r.terms(site, terms.folder()),
                &format!("{}/", terms.folder()),
            ),
            Target::Term(terms, i) => {
                self.chrome(r.term(site, terms.folder(), i), &terms.of(site)[i].url)
            }
            Target::KpiDashboard => self.chrome(r.kpi_dashboard(site), KPIS),
            Target::KpiPage(i) => self.chrome(r.kpi_page(site, i), &Site::kpi_url(&site.kpis[i])),
            Target::WindowCalendar => self.chrome(r.window_calendar(site), WINDOWS),
            Target::BlankWindowForm => self.chrome(r.window_form(site, None), WINDOW_FORM),
            Target::WindowIcs => self.file(WINDOW_CALENDAR, r.window_ics(site)),
            Target::ReleaseIndex => self.chrome(r.release_index(site), RELEASES),
            Target::Changelog => self.chrome(r.changelog(site), CHANGELOG),
            Target::Review => self.chrome(r.review(site), crate::site::REVIEW),
            Target::ReleaseFeed => self.file(RELEASE_FEED, r.release_feed(site)),
            Target::PostmortemIndex => self.chrome(r.postmortem_index(site), POSTMORTEMS),
            Target::IncidentMetrics => {
                let figures = site.incidents();
                let mut errors = self.chrome(r.incident_metrics(site, &figures), INCIDENT_METRICS);
                match serde_json::to_string_pretty(&figures) {
                    Ok(json) => errors.extend(self.file(INCIDENT_JSON, json)),
                    Err(e) => {
                        errors.push(Finding::error("output.write", INCIDENT_JSON, e.to_string()))
                    }
                }
                errors
            }
            Target::IncidentFeed => self.file(INCIDENT_FEED, r.incident_feed(site)),
            Target::Nav => self.file(NAV, r.nav_script(site)),
            Target::NotFound => match r.not_found(site) {
                Ok(html) => self.file(NOT_FOUND, html),
                Err(f) => vec![f],
            },
            Target::Robots => self.file(ROBOTS, r.robots(site)),
            Target::Sitemap => r
                .sitemap(site)
                .map(|xml| self.file(SITEMAP, xml))
                .unwrap_or_default(),
            Target::Search => search(site, self.sink, &|| false).unwrap_or_default(),
            Target::Assets => {
                let content = self.source.join("content");
                site.published
                    .par_iter()
                    .filter_map(|rel| {
                        self.sink
                            .copy(&content.join(rel), &url::asset_url(rel))
                            .err()
                    })
                    .collect()
            }
            Target::Theme => self.theme(),
        }
    }

    fn page(&self, i: usize) -> Vec<Finding> {
        let (site, r) = (self.site, self.renderer);
        let page = &site.pages[i];
        let doc = match r.page(site, i) {
            Ok(doc) => doc,
            Err(f) => return vec![f],
        };
        let extra = match page.details {
            // A window's form takes the body its page was given, rendered once.
            Details::Window(_) => Some(
                r.window_form(site, Some((i, doc.body.as_deref())))
                    .and_then(|chrome| {
                        self.emit(
                            &format!("{}form/", page.url),
                            Document { chrome, body: None },
                        )
                    }),
            ),
            // A release's print bundle: its readiness, checklist and window forms.
            Details::Release(_) => Some(r.release_print(site, i).and_then(|chrome| {
                self.emit(
                    &format!("{}print/", page.url),
                    Document { chrome, body: None },
                )
            })),
            _ => None,
        };
        [self.emit(&page.url, doc), extra.unwrap_or(Ok(()))]
            .into_iter()
            .filter_map(Result::err)
            .collect()
    }

    fn theme(&self) -> Vec<Finding> {
        let mut errors: Vec<Finding> = crate::render::theme_files()
            .into_iter()
            .filter_map(|(name, body)| self.sink.write(name, body.as_bytes()).err())
            .collect();
        let static_dir = self.source.join("static");
        if static_dir.is_dir() {
            let mut walk_findings = Vec::new();
            for rel in crate::source::walk(&static_dir, &mut walk_findings, "static") {
                errors.extend(self.sink.copy(&static_dir.join(&rel), &rel).err());
            }
            errors.extend(walk_findings);
        }
        errors
    }
}
