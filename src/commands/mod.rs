//! The commands: each a short file wiring the pipeline, and the only place that prints.

mod build;
mod check;
mod report;

use crate::cli::{BuildArgs, Cli, Command};
use crate::config::Config;
use crate::content::{self, Page};
use crate::findings::{Finding, Findings};
use crate::site::Site;
use crate::source::{self, ContentTree};
use rayon::prelude::*;
use std::path::Path;
use std::process::ExitCode;

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        None => build::run(BuildArgs::current_folder()),
        Some(Command::Build(args)) => build::run(args),
        Some(Command::Check(args)) => check::run(args),
    }
}

/// Exit codes: 0 clean, 1 the content has errors, 2 usage.
pub(crate) const EXIT_CONTENT: u8 = 1;
pub(crate) const EXIT_USAGE: u8 = 2;

/// Loads and resolves the site folder: config, every page, every link. All findings
/// of the way are collected; a site comes back even when there are errors, so that
/// every problem is reported in one run.
pub(crate) fn load(site_dir: &Path, findings: &mut Findings) -> Result<Site, Finding> {
    if !site_dir.is_dir() {
        return Err(Finding::error(
            "usage",
            site_dir.display().to_string(),
            "the site folder does not exist",
        )
        .hint("pass --source with the folder that holds bitacora.toml and content/"));
    }
    let config = Config::load(site_dir).unwrap_or_else(|f| {
        findings.push(f);
        Config::default()
    });
    let content_dir = site_dir.join("content");
    if !content_dir.is_dir() {
        return Err(Finding::error(
            "usage",
            site_dir.join("content").display().to_string(),
            "there is no content/ folder here",
        )
        .hint("put the Markdown files under content/, or pass --source with the site folder"));
    }
    let mut walk_findings = Vec::new();
    let tree = ContentTree::scan(&content_dir, &mut walk_findings);
    findings.extend(walk_findings);

    let loaded: Vec<(Option<Page>, Vec<Finding>)> = tree
        .markdown
        .par_iter()
        .map(|rel| {
            let mut found = Vec::new();
            let page = match source::read(&content_dir, rel, &mut found) {
                Ok(file) => Some(content::load_page(file, &config, &tree.assets, &mut found)),
                Err(f) => {
                    found.push(f);
                    None
                }
            };
            (page, found)
        })
        .collect();
    let mut pages = Vec::with_capacity(loaded.len());
    let mut unread = Vec::new();
    let mut page_findings = Vec::new();
    for ((page, found), rel) in loaded.into_iter().zip(&tree.markdown) {
        page_findings.extend(found);
        match page {
            Some(page) => pages.push(page),
            None => unread.push(rel.clone()),
        }
    }
    let site = Site::resolve(config, pages, tree.assets, &unread, &mut page_findings);
    findings.extend(page_findings);
    Ok(site)
}
