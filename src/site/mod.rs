//! The whole site, resolved once: URLs checked for clashes, every internal link and
//! anchor checked, backlinks and sections worked out. Read-only afterwards.

pub mod incidents;
pub mod releases;
pub mod terms;
pub mod windows;

use crate::config::{Config, Level};
use crate::content::{url, Details, Page};
use crate::findings::{Finding, Severity};
use crate::markdown::Target;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

/// A folder of pages; the root folder is the home page.
#[derive(Debug, Clone)]
pub struct Section {
    /// Folder relative to `content/` ("" for the root).
    pub dir: String,
    pub url: String,
    /// Pages directly in this folder, in navigation order (see `content::nav_order`),
    /// the folder's own page left out.
    pub pages: Vec<usize>,
    /// Sections directly below, by their own page's order, then by folder name.
    pub children: Vec<usize>,
    /// The folder's own page (`_index.md`, `index.md` or `README.md`).
    pub index: Option<usize>,
}

impl Section {
    pub fn name(&self) -> &str {
        self.dir.rsplit('/').next().unwrap_or(&self.dir)
    }
}

pub struct Site {
    pub config: Config,
    /// The build date, and its moment, in the site's timezone: what is overdue is
    /// counted at them.
    pub today: NaiveDate,
    pub now: chrono::DateTime<chrono::FixedOffset>,
    /// Sorted by URL.
    pub pages: Vec<Page>,
    /// Sorted by URL; index 0 is the root.
    pub sections: Vec<Section>,
    /// Files copied as is, relative to `content/`, sorted.
    pub assets: Vec<String>,
    /// For each page, the pages that link to it, by title.
    pub backlinks: Vec<Vec<usize>>,
    /// For each page, its folder (index into `sections`) and its place among the
    /// folder's pages.
    pub place: Vec<(usize, usize)>,
    /// Every service and tag named in front matter, by slug.
    pub services: Vec<terms::Term>,
    pub tags: Vec<terms::Term>,
    /// The postmortems, newest first.
    pub postmortems: Vec<usize>,
    /// KPI series from the CSV exports, by key.
    pub kpis: Vec<crate::kpi::Series>,
    /// Every Markdown file under `content/`, sorted (drafts and unread files too).
    pub markdown: Vec<String>,
    /// Pages whose URL is not the one their path gives, by path (see
    /// `markdown::Context::moved`).
    pub moved: HashMap<String, String>,
    /// Drafts left out of this build, by path.
    pub drafts: Vec<String>,
    /// Old URLs that redirect to a page: the file written (`old/index.html`), and the
    /// page.
    pub redirects: Vec<(String, usize)>,
    /// The files beside the pages that are published: linked from a page (or a KPI
    /// series' own), and a `robots.txt` at the top.
    pub published: BTreeSet<String>,
    by_rel: HashMap<String, usize>,
    releases: releases::Releases,
}

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site")
            .field("pages", &self.pages.len())
            .field("sections", &self.sections.len())
            .finish_non_exhaustive()
    }
}

/// Pages the site generates beyond the content's own, by URL (see `Site::generated`).
pub const SERVICES: &str = "services";
pub const TAGS: &str = "tags";
pub const POSTMORTEMS: &str = "postmortems/";
pub const INCIDENT_METRICS: &str = "postmortems/metrics/";
pub const INCIDENT_FEED: &str = "postmortems/atom.xml";
pub const INCIDENT_JSON: &str = "metrics/incidents.json";
pub const KPIS: &str = "kpis/";
pub const WINDOWS: &str = "windows/";
pub const WINDOW_CALENDAR: &str = "windows/calendar.ics";
pub const WINDOW_FORM: &str = "windows/form/";
pub const RELEASES: &str = "releases/";
pub const CHANGELOG: &str = "releases/changelog/";
pub const RELEASE_FEED: &str = "releases/atom.xml";
/// The runbooks whose review is overdue, most overdue first.
pub const REVIEW: &str = "runbooks/review/";
pub const NOT_FOUND: &str = "404.html";
pub const ROBOTS: &str = "robots.txt";
pub const SITEMAP: &str = "sitemap.xml";
pub const NAV: &str = "nav.js";

/// What the walk of `content/` gave besides the pages.
#[derive(Debug, Default, Clone)]
pub struct Tree {
    /// Files that are not Markdown, sorted.
    pub assets: Vec<String>,
    /// Every Markdown file, sorted.
    pub markdown: Vec<String>,
    /// Drafts left out of the build, sorted.
    pub drafts: Vec<String>,
}

impl Site {
    /// `unread` are Markdown files that exist but could not be loaded (already
    /// reported): links to them are not reported again as missing.
    pub fn resolve(
        config: Config,
        now: chrono::DateTime<chrono::FixedOffset>,
        mut pages: Vec<Page>,
        tree: Tree,
        unread: &[String],
        findings: &mut Vec<Finding>,
    ) -> Site {
        let Tree {
            assets,
            markdown,
            drafts,
        } = tree;
        pages.sort_by(|a, b| a.url.cmp(&b.url).then_with(|| a.rel.cmp(&b.rel)));
        let moved = pages
            .iter()
            .filter(|p| p.url != url::page_url(&p.rel))
            .map(|p| (p.rel.clone(), p.url.clone()))
            .collect();
        let by_rel = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.rel.clone(), i))
            .collect();
        let sections = build_sections(&pages);
        let services = terms::collect(&pages, SERVICES, |p| &p.meta.services);
        let tags = terms::collect(&pages, TAGS, |p| &p.meta.tags);
        let postmortems = incidents::postmortems(&pages);
        let releases = releases::Releases::collect(&pages);
        let mut site = Site {
            config,
            today: now.date_naive(),
            now,
            backlinks: vec![Vec::new(); pages.len()],
            place: places(&sections, pages.len()),
            services,
            tags,
            postmortems,
            kpis: Vec::new(),
            pages,
            sections,
            assets,
            markdown,
            moved,
            drafts,
            redirects: Vec::new(),
            published: BTreeSet::new(),
            by_rel,
            releases,
        };
        site.published = site.linked_assets();
        site.redirects = site.collect_redirects(findings);
        // Independent: one core each.
        let (urls, (links, backlinks)) = rayon::join(
            || {
                let mut found = Vec::new();
                site.check_urls(&mut found);
                found
            },
            || site.check_links(unread),
        );
        findings.extend(urls);
        findings.extend(links);
        site.backlinks = backlinks;
        windows::check(&site, findings);
        site.check_releases(findings);
        site
    }

    /// The site with its KPI series; every ```` ```kpi ```` block is checked against
    /// them, at its line.
    pub fn with_kpis(mut self, kpis: Vec<crate::kpi::Series>, findings: &mut Vec<Finding>) -> Site {
        self.kpis = kpis;
        // A series' page offers its export for download.
        let files: Vec<String> = self.kpis.iter().map(|s| s.file.clone()).collect();
        self.published.extend(files);
        // A service that only a series names still gets its page, with the series.
        for name in self.kpis.iter().flat_map(|s| &s.services) {
            let slug = url::slugify(name);
            if slug.is_empty() {
                continue;
            }
            if let Err(at) = self.services.binary_search_by(|t| t.slug.cmp(&slug)) {
                self.services.insert(
                    at,
                    terms::Term {
                        name: name.trim().to_string(),
                        url: format!("{SERVICES}/{slug}/"),
                        slug,
                        pages: Vec::new(),
                    },
                );
            }
        }
        let known = || {
            let keys: Vec<&str> = self.kpis.iter().map(|s| s.key.as_str()).collect();
            if keys.is_empty() {
                "the site has no series: put a CSV export under content/".to_string()
            } else {
                format!("series: {}", keys.join(", "))
            }
        };
        for page in &self.pages {
            for (line, text) in &page.outline.kpi_blocks {
                let problem = match crate::kpi::block::Block::parse(text) {
                    Err(e) => Some((
                        format!("bad kpi block: {e}"),
                        "options: series, from, to, kind (line, bar, area), height, table"
                            .to_string(),
                    )),
                    Ok(b) if self.kpi(&b.series).is_none() => Some((
                        format!("kpi block names an unknown series `{}`", b.series),
                        known(),
                    )),
                    Ok(_) => None,
                };
                if let Some((message, hint)) = problem {
                    findings.push(
                        Finding::error("kpi.block", page.shown_path(), message)
                            .at(*line, 1)
                            .hint(hint),
                    );
                }
            }
        }
        for key in &self.config.releases.kpis {
            if self.kpi(key).is_none() {
                findings.push(
                    Finding::error(
                        "config.invalid",
                        crate::config::FILE_NAME,
                        format!("[releases] kpis names `{key}`, which is no KPI series"),
                    )
                    .hint(known()),
                );
            }
        }
        // A series' page and a page of the content at one URL: an error naming both.
        for series in &self.kpis {
            let at = Site::kpi_url(series);
            if let Some(page) = self.pages.iter().find(|p| p.url == at) {
                findings.push(
                    Finding::error(
                        "url.duplicate",
                        page.shown_path(),
                        format!("{} and the page of KPI series `{}` would both be written to {at}index.html", page.shown_path(), series.key),
                    )
                    .hint("rename the page, or the series"),
                );
            }
        }
        self
    }

    /// Where a series' own page is.
    pub fn kpi_url(series: &crate::kpi::Series) -> String {
        format!("{KPIS}{}/", url::slugify(&series.key))
    }

    /// A KPI series by key.
    pub fn kpi(&self, key: &str) -> Option<&crate::kpi::Series> {
        self.kpis.iter().find(|s| s.key == key)
    }

    /// The index of the page read from `rel` (its path under `content/`).
    pub fn index_of(&self, rel: &str) -> Option<usize> {
        self.by_rel.get(rel).copied()
    }

    /// What the Markdown renderer needs to know of a page, with the site around it.
    pub fn markdown_context<'a>(&'a self, page: &'a Page) -> crate::markdown::Context<'a> {
        crate::markdown::Context {
            pages: &self.markdown,
            moved: Some(&self.moved),
            ..page.markdown_context(&self.assets)
        }
    }

    /// Whether the folder's page is one the site makes from its pages (the
    /// postmortems, the KPI dashboard, the releases, the window calendar), which
    /// shows the folder's own page's text above it.
    pub fn generated_listing(&self, section: &Section) -> bool {
        match section.url.as_str() {
            POSTMORTEMS => !self.postmortems.is_empty(),
            KPIS => !self.kpis.is_empty(),
            RELEASES => !self.releases_in_order().is_empty(),
            WINDOWS => self
                .pages
                .iter()
                .any(|p| matches!(p.details, Details::Window(_))),
            _ => false,
        }
    }

    /// Whether a folder's own page is written as a page, with the folder's listing
    /// under its text. The home page, and folders the site lists itself, show it
    /// above what they list instead.
    pub fn index_as_page(&self, section: usize) -> Option<usize> {
        let s = &self.sections[section];
        s.index
            .filter(|_| section != 0 && !self.generated_listing(s))
    }

    /// Whether page `index` is written at its own URL (a folder's own page may be
    /// shown by the folder's listing instead).
    pub fn writes_page(&self, index: usize) -> bool {
        let page = &self.pages[index];
        if !page.is_index {
            return true;
        }
        let (s, _) = self.place[index];
        self.index_as_page(s) == Some(index)
    }

    /// A folder's title: its own page's, else its name.
    pub fn section_index(&self, section: &Section) -> Option<&Page> {
        section.index.map(|i| &self.pages[i])
    }

    /// Where each alias of each page is written, checked: a redirect to the page.
    fn collect_redirects(&self, findings: &mut Vec<Finding>) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        if self.pages.iter().all(|p| p.aliases.is_empty()) {
            return out;
        }
        // Files the site writes: an alias cannot make a folder of one (`/nav.js/`).
        let mut files: BTreeSet<String> = self.generated().into_iter().collect();
        files.extend(crate::render::THEME_FILE_NAMES.map(String::from));
        files.extend(self.published.iter().map(|a| url::asset_url(a)));
        files.insert(format!("{}/meta.js", crate::search::FOLDER));
        for (i, page) in self.pages.iter().enumerate() {
            let folder = match page.url.trim_end_matches('/').rfind('/') {
                Some(at) => &page.url[..=at],
                None => "",
            };
            for alias in &page.aliases {
                let line = page
                    .key_lines
                    .get("aliases")
                    .or(page.key_lines.get("redirect_from"))
                    .copied()
                    .unwrap_or(1);
                let inside_a_file = |file: &str| {
                    file.match_indices('/')
                        .any(|(at, _)| files.contains(&file[..at]))
                };
                match alias_file(folder, alias) {
                    Some(file) if file == format!("{}index.html", page.url) => {}
                    Some(file) if !inside_a_file(&file) => out.push((file, i)),
                    Some(file) => findings.push(
                        Finding::error(
                            "url.duplicate",
                            page.shown_path(),
                            format!("the alias `{alias}` would be written to {file}, inside a file the site writes"),
                        )
                        .at(line, 1)
                        .hint("remove the alias, or give the old address another path"),
                    ),
                    None => findings.push(
                        Finding::warning(
                            "front-matter.value",
                            page.shown_path(),
                            format!("the alias `{alias}` is no path of this site; no redirect is written for it"),
                        )
                        .at(line, 1)
                        .hint("write old addresses as paths, /old/page/ from the site's root or old-page/ from the page's folder"),
                    ),
                }
            }
        }
        out.sort();
        out
    }

    /// The page in the same folder whose name `rel` most likely meant
    /// (`gather_logs.md` for `gatherLogs.md`, `chekOperator.md` for `checkOperator.md`).
    fn near_page(&self, rel: &str) -> Option<&str> {
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let stem = |n: &'_ str| -> String { n.rsplit_once('.').map_or(n, |(s, _)| s).to_string() };
        let siblings: Vec<(String, &str)> = url::files_in(dir, &self.markdown)
            .map(|f| (stem(f.rsplit('/').next().unwrap_or(f)), f.as_str()))
            .collect();
        let meant = crate::content::foreign::near_miss(
            &stem(name),
            siblings.iter().map(|(s, _)| s.as_str()),
        )?;
        siblings.iter().find(|(s, _)| s == meant).map(|(_, f)| *f)
    }

    /// The files beside the pages that pages link to, and a `robots.txt` at the top.
    fn linked_assets(&self) -> BTreeSet<String> {
        let mut linked: BTreeSet<String> = self
            .pages
            .iter()
            .flat_map(|p| &p.outline.links)
            .filter_map(|l| match &l.target {
                Target::Asset(rel) if self.assets.binary_search(rel).is_ok() => Some(rel.clone()),
                _ => None,
            })
            .collect();
        if self.assets.iter().any(|a| a == ROBOTS) {
            linked.insert(ROBOTS.to_string());
        }
        linked
    }

    /// The page a link goes to, if it goes to one: by its file, or by its URL.
    pub fn linked_page(&self, target: &Target) -> Option<usize> {
        match target {
            Target::Page(rel) => self.index_of(rel),
            Target::Url(at) => self.pages.binary_search_by(|p| p.url.as_str().cmp(at)).ok(),
            _ => None,
        }
    }

    pub fn page_by_rel(&self, rel: &str) -> Option<&Page> {
        self.by_rel.get(rel).map(|&i| &self.pages[i])
    }

    pub fn root(&self) -> &Section {
        &self.sections[0]
    }

    /// The incident figures of every postmortem (see `incidents`).
    pub fn incidents(&self) -> incidents::Incidents {
        let entries: Vec<incidents::Entry<'_>> = self
            .postmortems
            .iter()
            .filter_map(|&i| match &self.pages[i].details {
                Details::Postmortem(postmortem) => Some(incidents::Entry {
                    page: &self.pages[i],
                    postmortem,
                }),
                _ => None,
            })
            .collect();
        incidents::Incidents::compute(&entries, &self.config, self.today)
    }

    /// Whether a page or a folder of the content is at `url`. A service or tag page
    /// that the content writes itself (`content/services/redis.md`) is the one
    /// readers get: the generated one is left out.
    /// Whether the site writes the review page: it has runbooks, and no page of
    /// its own at that URL.
    pub fn has_review(&self) -> bool {
        !self.owned(REVIEW)
            && self
                .pages
                .iter()
                .any(|p| matches!(p.details, Details::Runbook(_)))
    }

    pub fn owned(&self, url: &str) -> bool {
        self.pages
            .binary_search_by(|p| p.url.as_str().cmp(url))
            .is_ok()
            || self.sections.iter().any(|s| s.url == url)
    }

    /// What the site writes beyond its pages and folders, by path in the output:
    /// service and tag pages, and the incident index, metrics and feed.
    pub fn generated(&self) -> Vec<String> {
        let mut out = vec![NOT_FOUND.to_string(), NAV.to_string()];
        if !self.assets.iter().any(|a| a == ROBOTS) {
            out.push(ROBOTS.to_string());
        }
        if !self.config.base_url.is_empty() {
            out.push(SITEMAP.to_string());
        }
        for (folder, terms) in [(SERVICES, &self.services), (TAGS, &self.tags)] {
            let index = format!("{folder}/");
            if !terms.is_empty() && !self.owned(&index) {
                out.push(format!("{index}index.html"));
            }
            out.extend(
                terms
                    .iter()
                    .filter(|t| !self.owned(&t.url))
                    .map(|t| format!("{}index.html", t.url)),
            );
        }
        if !self.kpis.is_empty() {
            if !self.sections.iter().any(|s| s.url == KPIS) {
                out.push(format!("{KPIS}index.html"));
            }
            out.extend(
                self.kpis
                    .iter()
                    .map(|k| format!("{}index.html", Site::kpi_url(k))),
            );
        }
        let windows: Vec<&Page> = self
            .pages
            .iter()
            .filter(|p| matches!(p.details, Details::Window(_)))
            .collect();
        if !windows.is_empty() {
            if !self.sections.iter().any(|s| s.url == WINDOWS) {
                out.push(format!("{WINDOWS}index.html"));
            }
            out.push(WINDOW_CALENDAR.to_string());
            out.push(format!("{WINDOW_FORM}index.html"));
            out.extend(windows.iter().map(|p| format!("{}form/index.html", p.url)));
        }
        if self.has_review() {
            out.push(format!("{REVIEW}index.html"));
        }
        if !self.releases_in_order().is_empty() {
            if !self.sections.iter().any(|s| s.url == RELEASES) {
                out.push(format!("{RELEASES}index.html"));
            }
            out.push(format!("{CHANGELOG}index.html"));
            out.push(RELEASE_FEED.to_string());
        }
        out.extend(
            self.pages
                .iter()
                .filter(|p| matches!(p.details, Details::Release(_)))
                .map(|p| format!("{}print/index.html", p.url)),
        );
        if !self.postmortems.is_empty() {
            if !self.sections.iter().any(|s| s.url == POSTMORTEMS) {
                out.push(format!("{POSTMORTEMS}index.html"));
            }
            out.push(format!("{INCIDENT_METRICS}index.html"));
            out.push(INCIDENT_FEED.to_string());
            out.push(INCIDENT_JSON.to_string());
        }
        out
    }

    /// Pages with a date, newest first.
    pub fn recent(&self, limit: usize) -> Vec<usize> {
        let mut dated: Vec<(NaiveDate, usize)> = self
            .pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.date().map(|d| (d, i)))
            .collect();
        dated.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        dated.into_iter().take(limit).map(|(_, i)| i).collect()
    }

    /// Two sources that would be written to the same place (pages, folders of pages,
    /// copied files) are an error naming both: one would silently replace the other.
    fn check_urls(&self, findings: &mut Vec<Finding>) {
        // Made for every page on every build: a hash map, the clashes sorted after.
        // Each source as the finding names it, and the file to blame, if one is.
        let mut owners: HashMap<String, Vec<Source>> = HashMap::with_capacity(self.pages.len());
        let mut own = |written: String, shown: String, blamed: Option<String>| {
            owners.entry(written).or_default().push((shown, blamed));
        };
        for page in &self.pages {
            let path = page.shown_path();
            own(format!("{}index.html", page.url), path.clone(), Some(path));
        }
        // A folder with a page of its own is written by that page.
        for section in self.sections.iter().skip(1).filter(|s| s.index.is_none()) {
            own(
                format!("{}index.html", section.url),
                format!("content/{}/", section.dir),
                None,
            );
        }
        for (file, page) in &self.redirects {
            let alias = file.trim_end_matches("index.html");
            let path = self.pages[*page].shown_path();
            own(
                file.clone(),
                format!("the alias /{alias} of {path}"),
                Some(path),
            );
        }
        // Only the files that are published can clash.
        for asset in &self.published {
            let path = format!("content/{asset}");
            own(url::asset_url(asset), path.clone(), Some(path));
        }
        // The home page and the theme's files are written too.
        if !self.pages.iter().any(|p| p.url.is_empty()) {
            own("index.html".to_string(), "the home page".to_string(), None);
        }
        for name in crate::render::THEME_FILE_NAMES {
            own(name.to_string(), format!("the theme's {name}"), None);
        }
        for written in self.generated() {
            let shown = format!("the generated page {written}");
            own(written, shown, None);
        }
        // The search index's files are named as it is split: `meta.js`, and scripts
        // in `d/` and `t/`.
        let search = format!("{}/", crate::search::FOLDER);
        let in_index = |w: &str| {
            w.strip_prefix(&search).is_some_and(|rest| {
                rest == "meta.js"
                    || (rest.starts_with("d/") || rest.starts_with("t/")) && rest.ends_with(".js")
            })
        };
        let mut taken: Vec<(&String, &Vec<Source>)> =
            owners.iter().filter(|(w, _)| in_index(w)).collect();
        taken.sort();
        for (written, sources) in taken {
            for (shown, blamed) in sources {
                findings.push(
                    Finding::error(
                        "url.duplicate",
                        blamed.clone().unwrap_or_else(|| shown.clone()),
                        format!("{shown} would be written to {written}, inside {search}, which holds the site's search index"),
                    )
                    .hint("move or rename it: the folder search/ at the top of the site is the search index's"),
                );
            }
        }
        let mut clashes: Vec<(String, Vec<Source>)> = owners
            .into_iter()
            .filter(|(_, sources)| sources.len() > 1)
            .collect();
        clashes.sort();
        for (written, sources) in clashes {
            // A folder clashes with the page of the same name, but a folder is no file to
            // point at: the finding goes to the file, or to the first folder.
            let files: Vec<&(String, Option<String>)> = sources
                .iter()
                .filter(|(_, blamed)| blamed.is_some())
                .collect();
            let blamed: Vec<&(String, Option<String>)> = if files.is_empty() {
                vec![&sources[0]]
            } else {
                files
            };
            for (shown, path) in blamed {
                let others: Vec<&str> = sources
                    .iter()
                    .filter(|(s, _)| s != shown)
                    .map(|(s, _)| s.as_str())
                    .collect();
                let path = path
                    .clone()
                    .unwrap_or_else(|| shown.trim_end_matches('/').to_string());
                findings.push(
                    Finding::error(
                        "url.duplicate",
                        path,
                        format!("{shown} and {} would both be written to {written}", others.join(" and ")),
                    )
                    .hint("rename one of them: names differing only in accents, case or spaces give the same URL"),
                );
            }
        }
    }

    /// Every link's findings, and the pages linking to each page (by title).
    fn check_links(&self, unread: &[String]) -> (Vec<Finding>, Vec<Vec<usize>>) {
        let mut findings = Vec::new();
        let broken = match self.config.links.broken {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
        };
        let section_dirs: BTreeSet<&str> = self.sections.iter().map(|s| s.dir.as_str()).collect();
        let generated: BTreeSet<String> = self.generated().into_iter().collect();
        // Pages by file name, for the hint of a broken link: made at the first one.
        let by_name: OnceLock<HashMap<&str, Vec<&str>>> = OnceLock::new();
        let by_name = || {
            by_name.get_or_init(|| {
                let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
                for page in &self.pages {
                    let name = page.rel.rsplit('/').next().unwrap_or(&page.rel);
                    by_name.entry(name).or_default().push(&page.rel);
                }
                by_name
            })
        };
        // Each page's findings and the pages it links to, worked out in parallel.
        let per_page: Vec<(Vec<Finding>, Vec<usize>)> = self.pages.par_iter().enumerate().map(|(from, page)| {
            let mut findings = Vec::new();
            let mut targets = Vec::new();
            let shown = page.shown_path();
            for link in &page.outline.links {
                let problem = |message: String, hint: String| {
                    Finding::new(broken, "link.broken", &shown)
                        .message(message)
                        .at(link.line, link.col)
                        .hint(hint)
                };
                let target_page = match &link.target {
                    Target::Itself => Some(from),
                    Target::Page(rel) => match self.by_rel.get(rel) {
                        Some(&to) => Some(to),
                        None if unread.contains(rel) => None,
                        None if self.drafts.binary_search(rel).is_ok() => {
                            findings.push(problem(
                                format!("link `{}` goes to content/{rel}, a draft left out of this build", link.written),
                                "build with --drafts to include drafts, or link elsewhere until it is published".to_string(),
                            ));
                            None
                        }
                        None => {
                            let name = rel.rsplit('/').next().unwrap_or(rel);
                            let hint = match (by_name().get(name), self.near_page(rel)) {
                                (Some(found), _) => format!("did you mean content/{}? Links are relative to this file's folder", found.join(" or content/")),
                                (None, Some(near)) => format!("did you mean content/{near}?"),
                                (None, None) => "fix the path (relative to this file's folder) or create the page".to_string(),
                            };
                            findings.push(problem(
                                format!(
                                    "broken link `{}`: content/{rel} does not exist",
                                    link.written
                                ),
                                hint,
                            ));
                            None
                        }
                    },
                    Target::Section(dir) => {
                        if !section_dirs.contains(dir.as_str()) {
                            findings.push(problem(
                                format!("broken link `{}`: there is no folder of pages content/{dir}", link.written),
                                "link to a Markdown file, or to a folder under content/ that has pages".to_string(),
                            ));
                        }
                        None
                    }
                    Target::Asset(rel) => {
                        if self.assets.binary_search(rel).is_err() {
                            findings.push(problem(
                                format!("broken link `{}`: content/{rel} does not exist", link.written),
                                "put the file under content/ (it is copied to the site) or fix the path".to_string(),
                            ));
                        }
                        None
                    }
                    Target::Url(at) => match self.pages.binary_search_by(|p| p.url.as_str().cmp(at)) {
                        Ok(to) => Some(to),
                        Err(_) if self.owned(at) || generated.contains(&format!("{at}index.html")) || self.redirects.iter().any(|(f, _)| *f == format!("{at}index.html")) => None,
                        Err(_) => {
                            let hint = match by_name().get(format!("{}.md", at.trim_end_matches('/').rsplit('/').next().unwrap_or("")).as_str()) {
                                Some(found) => format!("did you mean content/{}? Links are relative to this file's folder, or to content/ when they start with /", found.join(" or content/")),
                                None => "no page, folder or file of the site has that path or URL; fix the link or create the page".to_string(),
                            };
                            findings.push(problem(
                                format!("broken link `{}`: no page of the site is at {at}", link.written),
                                hint,
                            ));
                            None
                        }
                    },
                    Target::Outside => {
                        findings.push(
                            Finding::error(
                                "link.outside",
                                &shown,
                                format!("link `{}` leaves the content folder", link.written),
                            )
                            .at(link.line, link.col)
                            .hint("only files under content/ are published; move the target in, or link to its published URL"),
                        );
                        None
                    }
                };
                let Some(to) = target_page else { continue };
                if let Some(anchor) = &link.anchor {
                    let target = &self.pages[to];
                    if !target.outline.headings.iter().any(|h| &h.id == anchor) {
                        let ids: Vec<&str> = target
                            .outline
                            .headings
                            .iter()
                            .take(12)
                            .map(|h| h.id.as_str())
                            .collect();
                        let hint = if ids.is_empty() {
                            format!(
                                "{} has no headings; remove the #anchor",
                                target.shown_path()
                            )
                        } else {
                            format!("anchors there: {}", ids.join(", "))
                        };
                        findings.push(problem(
                            format!(
                                "broken anchor `#{anchor}` in link `{}`: no such heading in {}",
                                link.written,
                                target.shown_path()
                            ),
                            hint,
                        ));
                    }
                }
                if to != from {
                    targets.push(to);
                }
            }
            (findings, targets)
        }).collect();
        let mut backlinks: Vec<Vec<usize>> = vec![Vec::new(); self.pages.len()];
        for (from, (found, targets)) in per_page.into_iter().enumerate() {
            findings.extend(found);
            for to in targets {
                // Pages come in order: a repeat is the last one.
                if backlinks[to].last() != Some(&from) {
                    backlinks[to].push(from);
                }
            }
        }
        for list in &mut backlinks {
            list.sort_by(|&a, &b| {
                self.pages[a]
                    .title
                    .cmp(&self.pages[b].title)
                    .then(a.cmp(&b))
            });
        }
        (findings, backlinks)
    }
}

/// Every folder that holds pages, at any depth, plus the root; each knows its pages
/// and its sub-folders.
/// Where each page is among its folder's pages.
/// Something written to a file of the site: as a finding names it, and the file
/// to blame for a clash, if one is.
type Source = (String, Option<String>);

/// A folder's own page is in its folder, before every page of it (`NOT_LISTED`).
fn places(sections: &[Section], pages: usize) -> Vec<(usize, usize)> {
    let mut place = vec![(0, 0); pages];
    for (s, section) in sections.iter().enumerate() {
        for (k, &p) in section.pages.iter().enumerate() {
            place[p] = (s, k);
        }
        if let Some(p) = section.index {
            place[p] = (s, NOT_LISTED);
        }
    }
    place
}

/// The place among its folder's pages of the folder's own page: none.
pub const NOT_LISTED: usize = usize::MAX;

/// The file an alias is written to: from the site's root when it starts with `/`,
/// else from the page's folder (`folder`, a URL). `None` for what is no path here.
fn alias_file(folder: &str, alias: &str) -> Option<String> {
    let alias = alias.trim();
    if alias.is_empty() || crate::markdown::has_scheme(alias) || alias.starts_with("//") {
        return None;
    }
    let decoded = url::decode_percent(alias.split(['#', '?']).next().unwrap_or(""));
    // The same walk as a link's, from a file in the page's folder.
    let joined = url::resolve(&format!("{folder}_"), &decoded)?;
    if joined.is_empty() {
        return None;
    }
    let last = joined.rsplit('/').next().unwrap_or("");
    if last.ends_with(".html") || last.ends_with(".htm") {
        Some(joined)
    } else {
        Some(format!("{joined}/index.html"))
    }
}

fn build_sections(pages: &[Page]) -> Vec<Section> {
    let mut dirs: BTreeSet<String> = BTreeSet::new();
    dirs.insert(String::new());
    for page in pages {
        let mut dir = page.section.as_str();
        loop {
            dirs.insert(dir.to_string());
            match dir.rfind('/') {
                Some(i) => dir = &dir[..i],
                None if !dir.is_empty() => dir = "",
                None => break,
            }
        }
    }
    let mut sections: Vec<Section> = dirs
        .into_iter()
        .map(|dir| Section {
            url: url::section_url(&dir),
            dir,
            pages: Vec::new(),
            children: Vec::new(),
            index: None,
        })
        .collect();
    sections.sort_by(|a, b| a.url.cmp(&b.url).then_with(|| a.dir.cmp(&b.dir)));
    let index: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.clone(), i))
        .collect();
    for (i, page) in pages.iter().enumerate() {
        if let Some(&s) = index.get(&page.section) {
            if page.is_index {
                sections[s].index = Some(i);
            } else {
                sections[s].pages.push(i);
            }
        }
    }
    for i in 1..sections.len() {
        let parent = match sections[i].dir.rfind('/') {
            Some(p) => sections[i].dir[..p].to_string(),
            None => String::new(),
        };
        if let Some(&p) = index.get(&parent) {
            sections[p].children.push(i);
        }
    }
    for s in &mut sections {
        s.pages
            .sort_by(|&a, &b| crate::content::nav_order(&pages[a], &pages[b]).then(a.cmp(&b)));
    }
    // Folders whose own page gives an order come first, lowest first.
    let orders: Vec<Option<f64>> = sections
        .iter()
        .map(|s| s.index.and_then(|i| pages[i].order))
        .collect();
    for s in &mut sections {
        s.children.sort_by(|&a, &b| match (orders[a], orders[b]) {
            (Some(x), Some(y)) => x.total_cmp(&y).then(a.cmp(&b)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.cmp(&b),
        });
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::alias_file;

    #[test]
    fn aliases_from_the_root_or_the_folder() {
        assert_eq!(
            alias_file("docs/", "/old/page/").as_deref(),
            Some("old/page/index.html")
        );
        assert_eq!(
            alias_file("docs/", "old-name").as_deref(),
            Some("docs/old-name/index.html")
        );
        assert_eq!(
            alias_file("docs/", "../top.html").as_deref(),
            Some("top.html")
        );
        assert_eq!(alias_file("", "/"), None);
        assert_eq!(alias_file("", "https://example.com/x"), None);
        assert_eq!(alias_file("", "../../x"), None);
    }
}
