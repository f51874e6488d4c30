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
    if let Err(template_findings) = Renderer::new(&args.source, &site.config, false) {
        findings.extend(template_findings);
    }
    findings.finish();
    if args.explain {
        // Beside a machine-readable report, on stderr, so that stdout stays one.
        match args.format {
            Format::Text => print!("{}", explain(&site)),
            Format::Json | Format::Junit => eprint!("{}", explain(&site)),
        }
    }
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

/// For each file, the conventions of other generators it relies on, one per line
/// under the file's path; drafts left out are listed too.
pub fn explain(site: &crate::site::Site) -> String {
    let mut pages: Vec<&crate::content::Page> = site.pages.iter().collect();
    pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut out = String::new();
    let mut files = 0;
    for page in pages.iter().filter(|p| !p.conventions.is_empty()) {
        files += 1;
        out.push_str(&page.shown_path());
        out.push('\n');
        for (convention, details) in &page.conventions.0 {
            out.push_str(&format!("  - {convention}"));
            if !details.is_empty() {
                out.push_str(&format!(": {}", details.join(", ")));
            }
            out.push('\n');
        }
    }
    for draft in &site.drafts {
        out.push_str(&format!(
            "content/{draft}\n  - a draft (draft: true or published: false): left out of this build; --drafts builds it\n"
        ));
    }
    out.push_str(&format!(
        "{files} of {} pages rely on conventions of other generators; {} drafts left out\n",
        site.pages.len(),
        site.drafts.len()
    ));
    out
}
