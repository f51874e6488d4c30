//! Documentation written for other generators (Hugo, Zola, Jekyll, MkDocs,
//! Docusaurus, a Git host's wiki), read as it is: the front matter keys they use,
//! and a record of every convention of theirs that a page relies on, so that
//! `check --explain` can list them.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Keys other generators use that bitacora understands, with what it does with them.
pub const ADOPTED: &[(&str, &str)] = &[
    ("weight", "orders the page in navigation (Hugo, Zola)"),
    (
        "sidebar_position",
        "orders the page in navigation (Docusaurus)",
    ),
    ("nav_order", "orders the page in navigation (Just the Docs)"),
    (
        "draft",
        "leaves the page out unless --drafts (Hugo, Zola, Docusaurus)",
    ),
    (
        "published",
        "false leaves the page out unless --drafts (Jekyll)",
    ),
    ("slug", "sets the last part of the page's URL"),
    ("url", "sets the page's whole URL (Hugo)"),
    ("permalink", "sets the page's whole URL (Jekyll)"),
    ("path", "sets the page's whole URL (Zola)"),
    ("aliases", "old URLs that redirect to the page (Hugo, Zola)"),
    (
        "redirect_from",
        "old URLs that redirect to the page (Jekyll)",
    ),
    (
        "summary",
        "the page's summary when it has no description (Hugo)",
    ),
];

/// Keys other generators use that bitacora has no use for: ignored without a finding.
pub const IGNORED: &[&str] = &[
    "author",
    "authors",
    "bookcollapsesection",
    "bookComments",
    "bookflatsection",
    "bookhidden",
    "bookSearchExclude",
    "booktoc",
    "breadcrumbs",
    "build",
    "cascade",
    "categories",
    "category",
    "comments",
    "custom_edit_url",
    "description_meta",
    "displayed_sidebar",
    "excerpt",
    "excerpt_separator",
    "expirydate",
    "extra",
    "generate_feeds",
    "grand_parent",
    "has_children",
    "has_toc",
    "headless",
    "hide",
    "hide_feedback",
    "hide_summary",
    "hide_table_of_contents",
    "hide_title",
    "icon",
    "id",
    "image",
    "images",
    "in_search_index",
    "insert_anchor_links",
    "isCJKLanguage",
    "keywords",
    "lang",
    "last_modified_at",
    "last_modified_date",
    "last_update",
    "lastmod",
    "layout",
    "linktitle",
    "manualLink",
    "markup",
    "math",
    "menu",
    "nav_exclude",
    "nav_title",
    "no_list",
    "outputs",
    "page_template",
    "paginate_by",
    "pagination_label",
    "pagination_next",
    "pagination_prev",
    "params",
    "parent",
    "parse_number_prefixes",
    "publishdate",
    "redirect_to",
    "render",
    "resources",
    "search",
    "search_exclude",
    "series",
    "short_title",
    "sidebar_class_name",
    "sidebar_custom_props",
    "sidebar_label",
    "sidebar_sort_order",
    "simple_list",
    "sitemap",
    "sort_by",
    "status",
    "subtitle",
    "taxonomies",
    "template",
    "toc",
    "toc_max_heading_level",
    "toc_min_heading_level",
    "translationkey",
    "transparent",
    "type",
    "unlisted",
    "updated",
];

/// Whether `key` is one of `IGNORED` (in any case: `bookHidden`, `bookhidden`).
pub fn ignored(key: &str) -> bool {
    IGNORED.iter().any(|k| k.eq_ignore_ascii_case(key))
}

pub fn adopted(key: &str) -> bool {
    ADOPTED.iter().any(|(k, _)| *k == key)
}

/// The known key `written` most likely meant: the same but for case, `-`/`_` or
/// one or two slips of the keyboard (`titel`, `severty`, `Last-Reviewed`).
pub fn near_miss<'k>(written: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mine = squash(written);
    let mut best: Option<(usize, &str)> = None;
    for key in known {
        let theirs = squash(key);
        let distance = strsim::damerau_levenshtein(&mine, &theirs);
        // One slip in a short key, two in a longer one.
        let allowed = if theirs.chars().count() <= 5 { 1 } else { 2 };
        if distance <= allowed && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, key));
        }
    }
    best.map(|(_, key)| key)
}

/// One text or a list of them (`aliases: /old/` or `aliases: [/a/, /b/]`; `tags: k8s`).
pub fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct Texts;
    impl<'de> Visitor<'de> for Texts {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a text or a list of texts")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(Texts)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<String>()? {
                out.push(item);
            }
            Ok(out)
        }
    }
    d.deserialize_any(Texts)
}

/// Another generator's value, read as it may have been written there: a value of
/// another shape (`published: 2024-05-01` in a blog) means nothing here, not an
/// error.
fn loose<'de, D: Deserializer<'de>>(d: D) -> Option<toml::Value> {
    Option::<toml::Value>::deserialize(d).ok().flatten()
}

/// `true`, `false`, or the same as text.
fn loose_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match loose(d) {
        Some(toml::Value::Boolean(b)) => Some(b),
        Some(toml::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

/// A text or a list of texts; anything else, none.
fn loose_texts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(one_or_many(d).unwrap_or_default())
}

/// A number, or the same as text.
fn loose_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(match loose(d) {
        Some(toml::Value::Integer(n)) => Some(n as f64),
        Some(toml::Value::Float(x)) => Some(x),
        Some(toml::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

/// What other generators' keys give a page, read beside its own front matter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Adopted {
    #[serde(deserialize_with = "loose_number")]
    pub weight: Option<f64>,
    #[serde(deserialize_with = "loose_number")]
    pub sidebar_position: Option<f64>,
    #[serde(deserialize_with = "loose_number")]
    pub nav_order: Option<f64>,
    #[serde(deserialize_with = "loose_bool")]
    pub draft: Option<bool>,
    #[serde(deserialize_with = "loose_bool")]
    pub published: Option<bool>,
    pub slug: Option<String>,
    pub url: Option<String>,
    pub permalink: Option<String>,
    pub path: Option<String>,
    #[serde(deserialize_with = "loose_texts")]
    pub aliases: Vec<String>,
    #[serde(deserialize_with = "loose_texts")]
    pub redirect_from: Vec<String>,
    pub summary: Option<String>,
}

impl Adopted {
    /// The page's place in navigation, from whichever key gives it. Hugo's
    /// `weight: 0` means none.
    pub fn order(&self) -> Option<f64> {
        self.weight
            .filter(|w| *w != 0.0)
            .or(self.sidebar_position)
            .or(self.nav_order)
            .filter(|w| w.is_finite())
    }

    /// The URL path the page asks for: a whole one (`url`, `permalink`, `path`,
    /// from the site's root) or the last part (`slug`). A permalink pattern
    /// (`/:categories/:title/`) gives none.
    pub fn url_path(&self) -> Option<String> {
        let whole = [&self.url, &self.permalink, &self.path]
            .into_iter()
            .flatten()
            .map(|p| p.trim())
            .find(|p| !p.is_empty() && !p.contains(':'));
        match whole {
            Some(path) => Some(format!("/{}", path.trim_start_matches('/'))),
            None => self.slug.clone(),
        }
    }

    pub fn draft(&self) -> bool {
        self.draft == Some(true) || self.published == Some(false)
    }
}

/// A convention of another generator that a page relies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Convention {
    YamlFrontMatter,
    /// A key understood (`weight`, `draft`, `slug`...).
    Key(&'static str),
    /// Keys ignored without a finding.
    IgnoredKeys,
    /// `_index.md`, `index.md` or `README.md` as the folder's page.
    SectionIndex,
    HugoRef,
    ZolaAt,
    LinkWithoutExtension,
    LinkTrailingSlash,
    LinkRootAbsolute,
    MkdocsAdmonition,
    DocusaurusAdmonition,
    GithubAlert,
    /// Text of another generator shown as written (shortcodes, template tags).
    ShownAsWritten,
}

impl fmt::Display for Convention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Convention::YamlFrontMatter => f.write_str("YAML front matter (---)"),
            Convention::Key(key) => {
                let what = ADOPTED
                    .iter()
                    .find(|(k, _)| k == key)
                    .map_or("", |(_, what)| what);
                write!(f, "front matter key `{key}`: {what}")
            }
            Convention::IgnoredKeys => {
                f.write_str("front matter keys of other generators, ignored")
            }
            Convention::SectionIndex => f.write_str("section index file: the folder's own page"),
            Convention::HugoRef => f.write_str("Hugo {{< ref >}} / {{< relref >}} links"),
            Convention::ZolaAt => f.write_str("Zola @/ links from the content root"),
            Convention::LinkWithoutExtension => f.write_str("links to pages without .md"),
            Convention::LinkTrailingSlash => f.write_str("links to pages as URLs ending in /"),
            Convention::LinkRootAbsolute => {
                f.write_str("root-absolute links (/x), taken from the content root")
            }
            Convention::MkdocsAdmonition => f.write_str("MkDocs admonitions (!!! / ???)"),
            Convention::DocusaurusAdmonition => f.write_str("Docusaurus admonitions (:::note)"),
            Convention::GithubAlert => f.write_str("GitHub alerts (> [!WARNING])"),
            Convention::ShownAsWritten => {
                f.write_str("shortcodes or template tags, shown as written")
            }
        }
    }
}

/// How many times a page relies on each convention, and for some, what exactly.
#[derive(Debug, Clone, Default)]
pub struct Conventions(pub BTreeMap<Convention, Vec<String>>);

impl Conventions {
    pub fn add(&mut self, convention: Convention, detail: impl Into<String>) {
        let details = self.0.entry(convention).or_default();
        let detail = detail.into();
        if !detail.is_empty() && !details.contains(&detail) {
            details.push(detail);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn extend(&mut self, other: Conventions) {
        for (convention, details) in other.0 {
            for detail in details {
                self.add(convention, detail);
            }
            self.0.entry(convention).or_default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_suggest_the_key_meant() {
        let known = [
            "title",
            "severity",
            "last_reviewed",
            "tags",
            "owner",
            "weight",
        ];
        assert_eq!(near_miss("titel", known), Some("title"));
        assert_eq!(near_miss("severty", known), Some("severity"));
        assert_eq!(near_miss("Last-Reviewed", known), Some("last_reviewed"));
        assert_eq!(near_miss("Title", known), Some("title"));
        assert_eq!(near_miss("wieght", known), Some("weight"));
        // Far from every key: no suggestion.
        assert_eq!(near_miss("colour", known), None);
        assert_eq!(near_miss("alert", known), None);
        assert_eq!(near_miss("type", known), None);
    }

    #[test]
    fn ignored_keys_match_in_any_case() {
        assert!(ignored("bookHidden"));
        assert!(ignored("linkTitle"));
        assert!(ignored("isCJKLanguage"));
        assert!(!ignored("title"));
        assert!(adopted("sidebar_position"));
    }

    #[test]
    fn the_lists_are_sorted_and_apart() {
        let lower: Vec<String> = IGNORED.iter().map(|k| k.to_ascii_lowercase()).collect();
        let mut sorted = lower.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(lower, sorted);
        for (key, _) in ADOPTED {
            assert!(!ignored(key), "{key}");
        }
    }

    #[test]
    fn other_shapes_of_their_values_mean_nothing_rather_than_fail() {
        let node = crate::source::yaml::parse(
            "published: 2024-05-01\nweight: \"7\"\ndraft: \"true\"\nnav_order: [1]\n",
        )
        .unwrap();
        let a: Adopted = node.get().unwrap();
        assert_eq!(a.published, None);
        assert_eq!(a.weight, Some(7.0));
        assert_eq!(a.draft, Some(true));
        assert_eq!(a.nav_order, None);
        let t: Adopted = toml::from_str("weight = 3\npublished = false\n").unwrap();
        assert_eq!(t.order(), Some(3.0));
        assert!(t.draft());
    }

    #[test]
    fn order_comes_from_any_key_and_drafts_from_either() {
        let a = Adopted {
            nav_order: Some(3.0),
            published: Some(false),
            ..Adopted::default()
        };
        assert_eq!(a.order(), Some(3.0));
        assert!(a.draft());
        assert!(!Adopted::default().draft());
    }
}
