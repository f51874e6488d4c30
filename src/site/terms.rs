//! Services and tags: every name a page's front matter gives, with the pages that
//! give it. A service page is where an on-call reader lands.

use crate::content::{url, Kind, Page};
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone)]
pub struct Term {
    /// As first written (pages in URL order).
    pub name: String,
    pub slug: String,
    /// Site-root URL, ending in `/`.
    pub url: String,
    /// Runbooks first, then postmortems, windows, releases and pages; newest first
    /// within a kind, then by title.
    pub pages: Vec<usize>,
}

/// The terms that `names` gives for each page, under `folder/` (`services`, `tags`),
/// sorted by slug. Names that differ only in case or accents are one term.
pub fn collect(pages: &[Page], folder: &str, names: impl Fn(&Page) -> &[String]) -> Vec<Term> {
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    // The same few names come on many pages: each is made a slug once.
    let mut slugs: HashMap<&str, String> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        for name in names(page) {
            let slug = slugs
                .entry(name.as_str())
                .or_insert_with(|| url::slugify(name))
                .clone();
            if slug.is_empty() {
                continue;
            }
            let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                name: name.trim().to_string(),
                url: format!("{folder}/{slug}/"),
                slug,
                pages: Vec::new(),
            });
            if term.pages.last() != Some(&i) {
                term.pages.push(i);
            }
        }
    }
    let mut terms: Vec<Term> = terms.into_values().collect();
    for term in &mut terms {
        term.pages.sort_by_cached_key(|&i| {
            let p = &pages[i];
            (order(p.kind), Reverse(p.date()), p.title.as_str(), i)
        });
    }
    terms
}

/// Where a kind comes on a service page.
fn order(kind: Kind) -> u8 {
    match kind {
        Kind::Runbook => 0,
        Kind::Postmortem => 1,
        Kind::Window => 2,
        Kind::Release => 3,
        Kind::Page => 4,
    }
}

/// The URL of a service's page, when the site has pages naming it.
pub fn find<'a>(terms: &'a [Term], name: &str) -> Option<&'a Term> {
    let slug = url::slugify(name);
    terms
        .binary_search_by(|t| t.slug.as_str().cmp(&slug))
        .ok()
        .map(|i| &terms[i])
}
