//! Maintenance windows across the site: the release each names, the windows that
//! share a service at the same time, and the calendar (upcoming first, then past by
//! month).

use super::Site;
use crate::content::window::{MaintenanceWindow, WindowStatus};
use crate::content::{url, Details, Page};
use crate::findings::{Finding, Severity};

/// A window and the page it is on.
pub struct Entry<'a> {
    pub index: usize,
    pub page: &'a Page,
    pub window: &'a MaintenanceWindow,
}

/// Every window, by start (those without one last), then URL.
pub fn all(site: &Site) -> Vec<Entry<'_>> {
    let mut list: Vec<Entry<'_>> = site
        .pages
        .iter()
        .enumerate()
        .filter_map(|(index, page)| match &page.details {
            Details::Window(window) => Some(Entry {
                index,
                page,
                window,
            }),
            _ => None,
        })
        .collect();
    list.sort_by(|a, b| {
        let key = |e: &Entry<'_>| (e.window.start.is_none(), e.window.start);
        key(a)
            .cmp(&key(b))
            .then_with(|| a.page.url.cmp(&b.page.url))
    });
    list
}

/// Findings only the whole site can make: a `release` naming no release file, and
/// two windows on one service at the same time.
pub fn check(site: &Site, findings: &mut Vec<Finding>) {
    let windows = all(site);
    // Until the site has release files, a version is a plan: a warning. Once it has
    // some, a version none of them gives is a mistake: an error.
    let has_releases = site
        .pages
        .iter()
        .any(|p| matches!(p.details, Details::Release(_)));
    for e in &windows {
        let line = |key: &str| e.page.key_lines.get(key).copied().unwrap_or(1);
        if let Some(version) = &e.window.release {
            if site.release(version).is_none() {
                let severity = if has_releases {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                findings.push(
                    Finding::new(severity, "window.release", e.page.shown_path())
                        .message(format!(
                            "the window names release `{version}`, but no release file has that version"
                        ))
                        .at(line("release"), 1)
                        .hint("add content/releases/VERSION.md with version = \"…\", or fix the version"),
                );
            }
        }
    }
    // Sorted by start: a window can only overlap those that start before it ends.
    let live: Vec<&Entry<'_>> = windows
        .iter()
        .filter(|e| e.window.derived.status != Some(WindowStatus::Cancelled))
        .filter(|e| matches!((e.window.start, e.window.end), (Some(s), Some(t)) if s < t))
        .collect();
    for (i, a) in live.iter().enumerate() {
        let (Some(_), Some(a_end)) = (a.window.start, a.window.end) else {
            continue;
        };
        for b in &live[i + 1..] {
            let Some(b_start) = b.window.start else {
                continue;
            };
            if b_start >= a_end {
                break;
            }
            let shared: Vec<&String> = a
                .page
                .meta
                .services
                .iter()
                .filter(|s| {
                    b.page
                        .meta
                        .services
                        .iter()
                        .any(|o| url::slugify(o) == url::slugify(s))
                })
                .collect();
            if shared.is_empty() {
                continue;
            }
            let shared = shared
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            for (this, other) in [(a, b), (b, a)] {
                findings.push(
                    Finding::new(Severity::Warning, "window.overlap", this.page.shown_path())
                        .message(format!(
                            "the window overlaps {} on {shared}",
                            other.page.shown_path()
                        ))
                        .at(this.page.key_lines.get("start").copied().unwrap_or(1), 1)
                        .hint("move one of them, or merge them into one window"),
                );
            }
        }
    }
}
