//! A site folder loaded and resolved, kept between rebuilds: `build` and `check` load
//! it once; `serve` keeps it and reloads only the file that changed.

use crate::config::Config;
use crate::content::time::Zone;
use crate::content::{self, Page};
use crate::findings::{Finding, Findings};
use crate::site::{Site, Tree};
use crate::source::{self, ContentTree};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// When the build happens, fixed once per run so output stays reproducible:
/// `--now` (a day, or an instant in RFC 3339), else `SOURCE_DATE_EPOCH`, else the
/// clock. A day and an instant become the site's local time with its timezone.
#[derive(Debug, Clone, Copy)]
pub enum BuildTime {
    Day(NaiveDate),
    Instant(DateTime<Utc>),
}

impl BuildTime {
    pub fn read(now: Option<&str>) -> Result<BuildTime, Finding> {
        if let Some(now) = now {
            let now = now.trim();
            if let Ok(day) = NaiveDate::parse_from_str(now, "%Y-%m-%d") {
                return Ok(BuildTime::Day(day));
            }
            return DateTime::parse_from_rfc3339(now)
                .map(|t| BuildTime::Instant(t.with_timezone(&Utc)))
                .map_err(|_| {
                    Finding::error("usage", "--now", format!("`{now}` is not a date"))
                        .hint("write it as 2025-11-10 or 2025-11-10T09:00:00-03:00")
                });
        }
        if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
            return epoch
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|secs| DateTime::from_timestamp(secs, 0))
                .map(BuildTime::Instant)
                .ok_or_else(|| {
                    Finding::error(
                        "usage",
                        "SOURCE_DATE_EPOCH",
                        format!("`{epoch}` is not a count of seconds"),
                    )
                    .hint("set it to a Unix time, e.g. $(git log -1 --format=%ct), or unset it")
                });
        }
        Ok(BuildTime::Instant(Utc::now()))
    }

    /// The moment, as a local time of `zone` (a day is its midnight there).
    pub fn local(self, zone: &Zone) -> DateTime<FixedOffset> {
        match self {
            BuildTime::Day(day) => zone.place(day.and_hms_opt(0, 0, 0).unwrap_or_default()),
            BuildTime::Instant(at) => zone.local(at),
        }
    }
}

/// The site with what loading it found, file by file, so that one file can be
/// loaded again without the others.
pub struct Workspace {
    pub dir: PathBuf,
    pub site: Site,
    tree: ContentTree,
    /// Markdown files that exist but could not be read.
    unread: Vec<String>,
    /// What the config, the folder walk and the KPI exports gave.
    fixed: Vec<Finding>,
    /// What reading each Markdown file gave, by its path under `content/`.
    per_file: BTreeMap<String, Vec<Finding>>,
    /// What only the whole site shows (links, duplicates, KPI blocks).
    resolved: Vec<Finding>,
    /// Drafts are built too (`--drafts`).
    drafts: bool,
}

impl Workspace {
    /// Loads and resolves the site folder: config, every page, every link. All
    /// findings of the way are collected; a site comes back even when there are
    /// errors, so that every problem is reported in one run.
    /// Drafts (`draft: true`) are left out unless `drafts`.
    pub fn load(site_dir: &Path, when: BuildTime, drafts: bool) -> Result<Workspace, Finding> {
        if !site_dir.is_dir() {
            return Err(Finding::error(
                "usage",
                site_dir.display().to_string(),
                "the site folder does not exist",
            )
            .hint("pass --source with the folder that holds bitacora.toml and content/"));
        }
        let mut fixed = Vec::new();
        let config = Config::load(site_dir).unwrap_or_else(|f| {
            fixed.push(f);
            Config::default()
        });
        let now = when.local(&config.timezone);
        let today = now.date_naive();
        let content_dir = site_dir.join("content");
        if !content_dir.is_dir() {
            return Err(Finding::error(
                "usage",
                site_dir.join("content").display().to_string(),
                "there is no content/ folder here",
            )
            .hint("put the Markdown files under content/, or pass --source with the site folder"));
        }
        let tree = ContentTree::scan(&content_dir, &mut fixed);
        let loaded: Vec<(Option<Page>, Vec<Finding>)> = tree
            .markdown
            .par_iter()
            .map(|rel| {
                let mut found = Vec::new();
                let page = read_page(&content_dir, rel, &config, today, &tree, &mut found);
                (page, found)
            })
            .collect();
        let mut pages = Vec::with_capacity(loaded.len());
        let mut unread = Vec::new();
        let mut left_out = Vec::new();
        let mut per_file = BTreeMap::new();
        for ((page, found), rel) in loaded.into_iter().zip(&tree.markdown) {
            per_file.insert(rel.clone(), found);
            match page {
                Some(page) if page.draft && !drafts => left_out.push(rel.clone()),
                Some(page) => pages.push(page),
                None => unread.push(rel.clone()),
            }
        }
        let kpis = load_kpis(&content_dir, &config, &tree.assets, &mut fixed);
        let mut resolved = Vec::new();
        let site = Site::resolve(
            config,
            now,
            pages,
            Tree {
                assets: tree.assets.clone(),
                markdown: tree.markdown.clone(),
                drafts: left_out,
            },
            &unread,
            &mut resolved,
        )
        .with_kpis(kpis, &mut resolved);
        Ok(Workspace {
            dir: site_dir.to_path_buf(),
            site,
            tree,
            unread,
            fixed,
            per_file,
            resolved,
            drafts,
        })
    }

    /// Every finding, in the order they were made.
    pub fn findings(&self) -> Findings {
        let mut all = Findings::default();
        all.extend(self.fixed.iter().cloned());
        all.extend(self.per_file.values().flatten().cloned());
        all.extend(self.resolved.iter().cloned());
        all
    }

    /// Reads the Markdown file `rel` again and resolves the site with it. `None` when
    /// that is not enough: the file is not one of the site's pages, cannot be read
    /// now, or moved to another URL or kind; load the whole folder then.
    pub fn reload(&mut self, rel: &str) -> Option<usize> {
        let index = self.site.index_of(rel)?;
        let content_dir = self.dir.join("content");
        let mut found = Vec::new();
        let site = &self.site;
        let page = read_page(
            &content_dir,
            rel,
            &site.config,
            site.today,
            &self.tree,
            &mut found,
        )?;
        let old = &site.pages[index];
        if page.url != old.url
            || page.kind != old.kind
            || page.draft && !self.drafts
            || page.aliases != old.aliases
            || page.order != old.order
        {
            return None;
        }
        let mut pages = std::mem::take(&mut self.site.pages);
        pages[index] = page;
        let kpis = std::mem::take(&mut self.site.kpis);
        let mut resolved = Vec::new();
        self.site = Site::resolve(
            self.site.config.clone(),
            self.site.now,
            pages,
            Tree {
                assets: std::mem::take(&mut self.site.assets),
                markdown: std::mem::take(&mut self.site.markdown),
                drafts: std::mem::take(&mut self.site.drafts),
            },
            &self.unread,
            &mut resolved,
        )
        .with_kpis(kpis, &mut resolved);
        self.resolved = resolved;
        self.per_file.insert(rel.to_string(), found);
        Some(index)
    }
}

/// Reads and parses one Markdown file; `None` when it cannot be read (reported).
fn read_page(
    content_dir: &Path,
    rel: &str,
    config: &Config,
    today: NaiveDate,
    tree: &ContentTree,
    found: &mut Vec<Finding>,
) -> Option<Page> {
    match source::read(content_dir, rel, found) {
        Ok(file) => Some(content::load_page(file, config, today, tree, found)),
        Err(f) => {
            found.push(f);
            None
        }
    }
}

/// Reads every CSV export under `content/`, and the sidecar descriptions beside them
/// (`NAME.toml` next to `NAME.csv`), in parallel, into KPI series.
fn load_kpis(
    content_dir: &Path,
    config: &Config,
    assets: &[String],
    findings: &mut Vec<Finding>,
) -> Vec<crate::kpi::Series> {
    let is_csv = |a: &String| a.to_ascii_lowercase().ends_with(".csv");
    let sidecar = |a: &String| {
        a.ends_with(".toml") && assets.contains(&format!("{}.csv", a.trim_end_matches(".toml")))
    };
    let wanted: Vec<&String> = assets.iter().filter(|a| is_csv(a) || sidecar(a)).collect();
    let read: Vec<(String, Result<String, Finding>)> = wanted
        .par_iter()
        .map(|rel| {
            let shown = format!("content/{rel}");
            let text = std::fs::read(content_dir.join(rel))
                .map_err(|e| {
                    Finding::error("kpi.read", &shown, format!("cannot read the file: {e}"))
                })
                .and_then(|bytes| {
                    String::from_utf8(bytes).map_err(|e| {
                        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
                        Finding::error("kpi.encoding", &shown, "the file is not UTF-8")
                            .at(line, 1)
                            .hint("export it again as UTF-8 (in a spreadsheet: CSV UTF-8)")
                    })
                });
            ((*rel).clone(), text)
        })
        .collect();
    let mut csvs = Vec::new();
    let mut sidecars = Vec::new();
    for (rel, text) in read {
        match text {
            Ok(text) if is_csv(&rel) => csvs.push((rel, text)),
            Ok(text) => sidecars.push((rel, text)),
            Err(f) => findings.push(f),
        }
    }
    crate::kpi::series::load_all(config, &csvs, &sidecars, findings)
}
