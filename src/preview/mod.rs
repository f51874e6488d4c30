//! `serve`'s machinery, without the printing: which output an edit reaches, the
//! served folder written in place, what a change on disk asks for, and the HTTP side.

pub mod http;

use crate::content::{url, Details};
use crate::findings::Finding;
use crate::markdown::Target as LinkTarget;
use crate::publish::{self, Target, Terms};
use crate::render::SIDEBAR_AROUND;
use crate::site::Site;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

/// What other pages show of a page: enough to tell, after an edit, which of them
/// must be rendered again.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    title: String,
    description: Option<String>,
    date: Option<chrono::NaiveDate>,
    /// Its section and its position there.
    place: (usize, usize),
    /// The pages it links to.
    links: BTreeSet<usize>,
    services: BTreeSet<String>,
    tags: BTreeSet<String>,
    /// Releases whose pages gather it.
    releases: BTreeSet<usize>,
    /// Every term slug of the site, in order: a change there renumbers term pages.
    all_terms: Vec<String>,
}

impl Shown {
    pub fn of(site: &Site, index: usize) -> Shown {
        let page = &site.pages[index];
        let slugs = |names: &[String]| names.iter().map(|n| url::slugify(n)).collect();
        Shown {
            title: page.title.clone(),
            description: page.meta.description.clone(),
            date: page.date(),
            place: site.place[index],
            links: page
                .outline
                .links
                .iter()
                .filter_map(|l| site.linked_page(&l.target))
                .filter(|&to| to != index)
                .collect(),
            services: slugs(&page.meta.services),
            tags: slugs(&page.meta.tags),
            releases: site
                .releases_in_order()
                .iter()
                .copied()
                .filter(|&r| {
                    let (windows, postmortems) = site.gathered(r);
                    windows.contains(&index) || postmortems.contains(&index)
                })
                .collect(),
            all_terms: site
                .services
                .iter()
                .chain(&site.tags)
                .map(|t| t.slug.clone())
                .collect(),
        }
    }
}

/// The output an edit of page `index` reaches, `before` and `after` being what it
/// showed of itself before and after; `None` when the whole site must be written
/// (its services or tags made or dropped a term page, which renumbers them).
pub fn reached(site: &Site, index: usize, before: &Shown, after: &Shown) -> Option<Vec<Target>> {
    if before.all_terms != after.all_terms {
        return None;
    }
    let page = &site.pages[index];
    let mut reached: BTreeSet<Target> = BTreeSet::new();
    reached.insert(Target::Page(index));
    let listed = before.title != after.title
        || before.description != after.description
        || before.date != after.date;
    // A folder's own page names the folder wherever it is shown.
    if page.is_index && listed {
        return None;
    }
    // Pages it links to list it under "Referenced by"; pages that link to it may
    // show its title.
    let links = if listed {
        before
            .links
            .union(&after.links)
            .copied()
            .collect::<Vec<_>>()
    } else {
        before
            .links
            .symmetric_difference(&after.links)
            .copied()
            .collect()
    };
    reached.extend(links.into_iter().map(Target::Page));
    if listed {
        reached.extend(site.backlinks[index].iter().copied().map(Target::Page));
    }
    // Its neighbours in the sidebar and previous/next, and every page between its
    // old and new place when it moved.
    let (section, position) = after.place;
    if listed || before.place != after.place {
        let pages = &site.sections[section].pages;
        let low = position
            .min(before.place.1)
            .saturating_sub(SIDEBAR_AROUND + 1);
        let high = position
            .max(before.place.1)
            .saturating_add(SIDEBAR_AROUND + 1)
            .min(pages.len().saturating_sub(1));
        reached.extend(
            pages
                .get(low..=high)
                .unwrap_or_default()
                .iter()
                .copied()
                .map(Target::Page),
        );
        reached.insert(Target::Nav);
    }
    // The folders it is in, the home page among them.
    for (i, s) in site.sections.iter().enumerate() {
        let inside = s.dir.is_empty()
            || page.section == s.dir
            || page.section.starts_with(&format!("{}/", s.dir));
        if inside {
            reached.insert(Target::Section(i));
            // A folder written by its own page lists the page there.
            if let Some(own) = s.index {
                reached.insert(Target::Page(own));
            }
        }
    }
    // Its service and tag pages.
    for (terms, list, old, new) in [
        (
            Terms::Services,
            &site.services,
            &before.services,
            &after.services,
        ),
        (Terms::Tags, &site.tags, &before.tags, &after.tags),
    ] {
        reached.insert(Target::TermIndex(terms));
        for slug in old.union(new) {
            if let Ok(i) = list.binary_search_by(|t| t.slug.as_str().cmp(slug)) {
                reached.insert(Target::Term(terms, i));
            }
        }
    }
    // The releases that gather it, and what its kind feeds.
    reached.extend(
        before
            .releases
            .union(&after.releases)
            .copied()
            .map(Target::Page),
    );
    let planned_releases = || {
        site.releases_in_order()
            .iter()
            .copied()
            .filter(|&r| site.release_status(r) == crate::content::release::ReleaseStatus::Planned)
    };
    match &page.details {
        Details::Postmortem(_) => {
            reached.extend([
                Target::PostmortemIndex,
                Target::IncidentMetrics,
                Target::IncidentFeed,
            ]);
            reached.insert(Target::ReleaseIndex);
            reached.extend(planned_releases().map(Target::Page));
        }
        Details::Window(_) => {
            reached.extend([
                Target::WindowCalendar,
                Target::WindowIcs,
                Target::ReleaseIndex,
            ]);
            reached.extend(planned_releases().map(Target::Page));
        }
        Details::Runbook(_) if site.has_review() => {
            reached.insert(Target::Review);
        }
        Details::Release(_) => {
            reached.extend([Target::ReleaseIndex, Target::Changelog, Target::ReleaseFeed]);
            // Previous and next names, and the readiness that looks at the release
            // before; the windows and incidents that name it.
            reached.extend(site.releases_in_order().iter().copied().map(Target::Page));
            let (windows, postmortems) = site.gathered(index);
            reached.extend(windows.iter().chain(postmortems).copied().map(Target::Page));
        }
        _ => {}
    }
    if site.config.releases.checklist.as_deref() == Some(page.rel.as_str()) {
        reached.extend(site.releases_in_order().iter().copied().map(Target::Page));
    }
    if !site.config.base_url.is_empty() {
        reached.insert(Target::Sitemap);
    }
    // Files beside the pages are published once a page links to them.
    if page
        .outline
        .links
        .iter()
        .any(|l| matches!(l.target, LinkTarget::Asset(_)))
    {
        reached.insert(Target::Assets);
    }
    // Its old addresses name it.
    reached.extend(
        site.redirects
            .iter()
            .enumerate()
            .filter(|(_, (_, to))| *to == index)
            .map(|(k, _)| Target::Redirect(k)),
    );
    // Only what the site writes at all (a folder of its own may hold an index).
    let written: BTreeSet<Target> = publish::all(site).into_iter().collect();
    Some(
        reached
            .into_iter()
            .filter(|t| written.contains(t))
            .collect(),
    )
}

/// The served folder, written in place: each file through a temporary one and a
/// rename, so that a page being fetched is never half-written.
pub struct Folder(pub PathBuf);

impl Folder {
    fn put(&self, rel: &str, make: impl FnOnce(&Path) -> io::Result<()>) -> Result<(), Finding> {
        let path = self.0.join(rel);
        let tmp = path.with_extension("bitacora-tmp");
        let result = (|| {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            make(&tmp)?;
            std::fs::rename(&tmp, &path)
        })();
        result.map_err(|e| {
            Finding::error(
                "output.write",
                self.0.display().to_string(),
                format!("cannot write {rel}: {e}"),
            )
            .hint("check free disk space and permissions")
        })
    }
}

impl Folder {
    /// Writes the search index, and removes the index files it no longer has (a
    /// word gone takes its file with it); `None` when `stop` gave it up.
    pub fn search(&self, site: &Site, stop: &dyn Fn() -> bool) -> Option<Vec<Finding>> {
        let recorder = Recorder {
            folder: self,
            written: std::sync::Mutex::new(BTreeSet::new()),
        };
        let errors = publish::search(site, &recorder, stop)?;
        let written = recorder
            .written
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let root = self.0.join(crate::search::FOLDER);
        for entry in walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
        {
            let rel = entry
                .path()
                .strip_prefix(&self.0)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if entry.file_type().is_file() && !written.contains(&rel) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Some(errors)
    }
}

/// A sink that notes what was written through it.
struct Recorder<'a> {
    folder: &'a Folder,
    written: std::sync::Mutex<BTreeSet<String>>,
}

impl publish::Sink for Recorder<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Finding> {
        if let Ok(mut written) = self.written.lock() {
            written.insert(rel.to_string());
        }
        self.folder.write(rel, bytes)
    }
    fn copy(&self, from: &Path, rel: &str) -> Result<(), Finding> {
        self.folder.copy(from, rel)
    }
}

impl publish::Sink for Folder {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Finding> {
        self.put(rel, |path| std::fs::write(path, bytes))
    }
    fn copy(&self, from: &Path, rel: &str) -> Result<(), Finding> {
        self.put(rel, |path| std::fs::copy(from, path).map(|_| ()))
    }
}

/// What a batch of changed paths asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// Nothing the site is made from (an editor's swap file, say).
    Nothing,
    /// These pages' files changed, and nothing else: `rel` under `content/`.
    Pages(Vec<String>),
    /// Anything else (a file made or removed, config, templates, static files, data):
    /// load the whole folder again.
    Everything,
}

/// Sorts changed `paths` (absolute) of the site in `dir` into what they ask for.
pub fn classify(dir: &Path, site: &Site, paths: &[PathBuf]) -> Change {
    let content = dir.join("content");
    let mut pages = BTreeSet::new();
    let mut everything = false;
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        if is_scratch(&name) {
            continue;
        }
        if let Ok(rel) = path.strip_prefix(&content) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            let page = site.index_of(&rel).is_some();
            if path.is_file() && page {
                pages.insert(rel);
                continue;
            }
            // A file that came and went (an editor's or a tool's temporary one).
            let known = page || site.assets.binary_search(&rel).is_ok();
            if !known && !path.exists() {
                continue;
            }
        } else if path.parent() == Some(dir)
            && !matches!(name.as_ref(), "bitacora.toml" | "templates" | "static")
        {
            // At the top of the site only the config counts, and the folders of
            // templates and static files when they are made or removed.
            continue;
        }
        everything = true;
    }
    if everything {
        Change::Everything
    } else if pages.is_empty() {
        Change::Nothing
    } else {
        Change::Pages(pages.into_iter().collect())
    }
}

/// Files editors write beside the one being saved, and the build's own.
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".bitacora-tmp")
        || name == "4913"
}
