//! `runbooks/review/`: the runbooks whose review is overdue on the build date, most
//! overdue first, with their owners, so that someone can take each one.

use super::Renderer;
use crate::content::runbook::Runbook;
use crate::content::{url, Details, Page};
use crate::findings::Finding;
use crate::site::{Site, REVIEW};
use serde::Serialize;

#[derive(Debug, Serialize)]
struct Row<'a> {
    title: &'a str,
    href: String,
    owner: Option<&'a str>,
    last_reviewed: Option<String>,
    every: Option<&'a str>,
    due: Option<String>,
    /// None: never reviewed (it asks for reviews and gives no `last_reviewed`).
    overdue_days: Option<i64>,
}

/// The runbooks to list, in order: never reviewed first, then by days overdue, then
/// by title.
fn overdue(site: &Site) -> Vec<(&Page, &Runbook)> {
    let mut list: Vec<(&Page, &Runbook)> = site
        .pages
        .iter()
        .filter_map(|p| match &p.details {
            Details::Runbook(r) => Some((p, r)),
            _ => None,
        })
        .filter(|(_, r)| r.derived.stale || (r.review_every.is_some() && r.last_reviewed.is_none()))
        .collect();
    let key = |r: &Runbook| match r.last_reviewed {
        None => i64::MAX,
        Some(_) => r.derived.overdue_days,
    };
    list.sort_by(|(pa, a), (pb, b)| {
        key(b)
            .cmp(&key(a))
            .then_with(|| pa.title.cmp(&pb.title))
            .then_with(|| pa.url.cmp(&pb.url))
    });
    list
}

impl Renderer {
    pub fn review(&self, site: &Site) -> Result<String, Finding> {
        let at = REVIEW;
        let mut cx = self.base_context(site, at);
        let rows: Vec<Row<'_>> = overdue(site)
            .into_iter()
            .map(|(page, r)| Row {
                title: &page.title,
                href: url::relative(at, &page.url),
                owner: r.owner.as_deref(),
                last_reviewed: r.last_reviewed.map(|d| d.0.to_string()),
                every: r.derived.every.as_deref(),
                due: r.derived.due.map(|d| d.to_string()),
                overdue_days: r.last_reviewed.map(|_| r.derived.overdue_days),
            })
            .collect();
        cx.insert("title", &self.t["review_title"]);
        cx.insert("rows", &rows);
        cx.insert("today", &site.today.to_string());
        self.render("review.html", &cx, "content/runbooks")
    }
}
