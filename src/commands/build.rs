//! `bitacora build`: check, render every page in parallel, write beside the old output
//! and swap it in only when everything worked.

use super::{report, EXIT_CONTENT, EXIT_USAGE};
use crate::cli::BuildArgs;
use crate::findings::{Finding, Findings};
use crate::output::Staging;
use crate::render::Renderer;
use crate::site::Site;
use crate::workspace::{BuildTime, Workspace};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

pub fn run(args: BuildArgs) -> ExitCode {
    let started = Instant::now();
    let out = match super::output_folder(&args.source, args.output.as_deref()) {
        Ok(out) => out,
        Err(code) => return code,
    };
    let mut findings = Findings::default();
    let mut site = match BuildTime::read(args.now.as_deref())
        .and_then(|when| Workspace::load(&args.source, when, args.drafts))
        .map(|w| {
            findings = w.findings();
            w.site
        }) {
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

/// Renders and writes the whole site into a staging folder, then swaps it in.
fn write(site: &Site, source: &Path, out: &Path) -> Result<(), Vec<Finding>> {
    let renderer = Renderer::new(source, &site.config, site.config.minify)?;
    let staging = Staging::create(out).map_err(|f| vec![f])?;
    let errors = crate::publish::render(
        site,
        source,
        &renderer,
        &crate::publish::all(site),
        &staging,
    );
    let result = if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    };
    match result {
        Ok(()) => staging.commit().map_err(|f| vec![f]),
        Err(findings) => {
            staging.abandon();
            Err(findings)
        }
    }
}
