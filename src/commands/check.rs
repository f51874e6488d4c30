//! `bitacora check`: every finding, nothing written.

use super::{report, EXIT_CONTENT, EXIT_USAGE};
use crate::cli::{CheckArgs, Format};
use crate::findings::Findings;
use crate::render::Renderer;
use crate::workspace::{BuildTime, Workspace};
use std::process::ExitCode;

pub fn run(args: CheckArgs) -> ExitCode {
    let mut findings = Findings::default();
    let site = match BuildTime::read(args.now.as_deref())
        .and_then(|when| Workspace::load(&args.source, when))
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
    if let Err(template_findings) = Renderer::new(&args.source, &site.config, false) {
        findings.extend(template_findings);
    }
    findings.finish();
    match args.format {
        Format::Text => {
            print!("{}", report::text(&findings));
            println!("{} pages checked: {}", site.pages.len(), findings.summary());
        }
        Format::Json => print!("{}", report::json(&findings)),
        Format::Junit => {
            let mut files: Vec<String> = site.pages.iter().map(|p| p.shown_path()).collect();
            files.extend(site.kpis.iter().map(|k| format!("content/{}", k.file)));
            files.push(crate::config::FILE_NAME.to_string());
            print!("{}", report::junit(&findings, &files, args.strict));
        }
    }
    if findings.failed(args.strict) {
        ExitCode::from(EXIT_CONTENT)
    } else {
        ExitCode::SUCCESS
    }
}
