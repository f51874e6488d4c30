//! The client-side search index, built once per build and read by `bitacora.js`.
//!
//! A document is a part of a page: its top, or what is under one of its headings,
//! so that a result leads to the section where the words are. Words are lowercased,
//! stemmed by the site's language (Snowball, through `snowstem`) and folded to ASCII
//! (`migración` and `MIGRACION` meet). The browser has no stemmer: it matches what
//! is typed against the stems as prefixes both ways (`migr` finds `migracion`, and
//! `reinicios` finds the stem `reinici`).
//!
//! The index is split so that a query loads little: `search/meta.js` (what exists),
//! one file of terms per first two letters (`search/t/mi.js`), and the documents in
//! chunks (`search/d/3.js`). Each file is a script calling `bitacoraSearch`, so that
//! it loads from disk (`file://`) as well as from a server.

use crate::config::Language;
use crate::content::Page;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// Documents per chunk file.
pub const CHUNK: usize = 256;
/// Characters of a section's text kept to show as its snippet.
const SNIPPET: usize = 240;

/// What a word weighs where it is found: the page's title, a heading, the page's
/// tags and services, the text. A word's weight in a document is the sum, at most
/// `MAX_WEIGHT`.
const TITLE: u32 = 10;
const HEADING: u32 = 5;
const LABEL: u32 = 3;
const BODY: u32 = 1;
const MAX_WEIGHT: u32 = 60;

/// One part of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub url: String,
    /// The heading's id; empty for the top of the page.
    pub anchor: String,
    pub title: String,
    pub heading: Option<String>,
    pub snippet: String,
}

/// The documents a term is in, with its weight in each, packed in one number:
/// `doc << 6 | weight` (weights are at most `MAX_WEIGHT`, below 64).
pub type Postings = Vec<u32>;

/// Pages whose terms are worked out at once, in parallel, before they are merged.
const BATCH: usize = 512;

/// Every document, and for each term the documents it is in with its weight, both
/// in a fixed order.
#[derive(Debug, Default)]
pub struct Index {
    pub docs: Vec<Doc>,
    pub terms: BTreeMap<String, Postings>,
}

fn algorithm(lang: Language) -> snowstem::Algorithm {
    match lang {
        Language::Es => snowstem::Algorithm::Spanish,
        Language::En => snowstem::Algorithm::English,
    }
}

/// Lowercase ASCII, accents and all folded away: what the browser does to a query.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(f) = deunicode::deunicode_char(c) {
            out.extend(
                f.chars()
                    .filter(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_lowercase()),
            );
        }
    }
    out
}

/// Turns words into terms, remembering the words it has seen.
struct Terms {
    stemmer: snowstem::Stemmer,
    seen: HashMap<String, Option<String>>,
}

impl Terms {
    fn new(lang: Language) -> Terms {
        Terms {
            stemmer: snowstem::Stemmer::create(algorithm(lang)),
            seen: HashMap::new(),
        }
    }

    /// Each word of `text` as a term (stemmed, folded), with `weight`.
    fn add(&mut self, text: &str, weight: u32, into: &mut HashMap<String, u32>) {
        for word in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            let term = match self.seen.get(word) {
                Some(term) => term.clone(),
                None => {
                    let lower = word.to_lowercase();
                    let term = fold(&self.stemmer.stem(&lower));
                    let term = (term.len() >= 2).then_some(term);
                    self.seen.insert(word.to_string(), term.clone());
                    term
                }
            };
            if let Some(term) = term {
                let w = into.entry(term).or_insert(0);
                *w = (*w + weight).min(MAX_WEIGHT);
            }
        }
    }
}

/// A snippet: the start of a section's text, cut at a word.
fn snippet(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= SNIPPET {
        return text;
    }
    let cut: String = text.chars().take(SNIPPET).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

/// The documents of one page and their terms.
fn page_docs(page: &Page, terms: &mut Terms) -> Vec<(Doc, HashMap<String, u32>)> {
    let outline = &page.outline;
    let mut out = Vec::with_capacity(outline.headings.len() + 1);
    for part in 0..outline.text.len() {
        let text = &outline.text[part];
        let heading = part.checked_sub(1).and_then(|h| outline.headings.get(h));
        let mut weights = HashMap::new();
        if part == 0 {
            terms.add(&page.title, TITLE, &mut weights);
            for label in page.meta.tags.iter().chain(&page.meta.services) {
                terms.add(label, LABEL, &mut weights);
            }
            if let Some(d) = &page.meta.description {
                terms.add(d, BODY, &mut weights);
            }
        }
        if let Some(h) = heading {
            terms.add(&h.text, HEADING, &mut weights);
        }
        terms.add(text, BODY, &mut weights);
        // A heading with nothing under it and a page without a top are still found by
        // their heading and title; an empty part with no words is left out.
        if weights.is_empty() {
            continue;
        }
        let snippet_text = if part == 0 && text.trim().is_empty() {
            page.meta.description.clone().unwrap_or_default()
        } else {
            text.clone()
        };
        out.push((
            Doc {
                url: page.url.clone(),
                anchor: heading.map(|h| h.id.clone()).unwrap_or_default(),
                title: page.title.clone(),
                heading: heading.map(|h| h.text.clone()),
                snippet: snippet(&snippet_text),
            },
            weights,
        ));
    }
    out
}

/// The index of every page, pages in URL order. Pages are read in parallel a batch
/// at a time, so that only one batch's terms are held apart from the index.
pub fn build(pages: &[Page], lang: Language) -> Index {
    build_unless(pages, lang, &|| false).unwrap_or_default()
}

/// As `build`, giving up (`None`) as soon as `stop` says so, checked between
/// batches: a preview drops an index that an edit has already made stale.
pub fn build_unless(pages: &[Page], lang: Language, stop: &dyn Fn() -> bool) -> Option<Index> {
    let mut index = Index::default();
    for batch in pages.chunks(BATCH) {
        if stop() {
            return None;
        }
        let per_page: Vec<Vec<(Doc, HashMap<String, u32>)>> = batch
            .par_iter()
            .map_init(|| Terms::new(lang), |terms, page| page_docs(page, terms))
            .collect();
        for (doc, weights) in per_page.into_iter().flatten() {
            let id = index.docs.len() as u32;
            index.docs.push(doc);
            for (term, w) in weights {
                index.terms.entry(term).or_default().push(id << 6 | w);
            }
        }
    }
    Some(index)
}

/// The folder of the index's files in the site.
pub const FOLDER: &str = "search";

/// The two letters a term's file is named by.
fn shard(term: &str) -> &str {
    let end = term.char_indices().nth(2).map_or(term.len(), |(i, _)| i);
    &term[..end]
}

/// Writes the files of the index, by path under the output folder, each made as it
/// is written (in parallel), so the whole index is never held as text.
pub fn write<E, W>(index: &Index, lang: Language, write: &W) -> Vec<E>
where
    E: Send,
    W: Fn(&str, &[u8]) -> Result<(), E> + Sync,
{
    let mut shards: BTreeMap<&str, Vec<(&String, &Postings)>> = BTreeMap::new();
    for (term, postings) in &index.terms {
        shards
            .entry(shard(term))
            .or_default()
            .push((term, postings));
    }
    let meta = serde_json::json!({
        "chunk": CHUNK,
        "docs": index.docs.len(),
        "shards": shards.keys().collect::<Vec<_>>(),
        "lang": lang.code(),
    });
    let mut errors: Vec<E> = write(
        &format!("{FOLDER}/meta.js"),
        format!("bitacoraSearch.meta({meta});\n").as_bytes(),
    )
    .err()
    .into_iter()
    .collect();
    let shards: Vec<(&str, Vec<(&String, &Postings)>)> = shards.into_iter().collect();
    errors.par_extend(shards.par_iter().filter_map(|(name, list)| {
        // {"term":[gap,weight,gap,weight,...],...}: each document as the difference
        // from the one before (they come in order), which mostly takes one or two
        // digits where the number itself takes five.
        let mut text = format!("bitacoraSearch.terms({},{{", serde_json::json!(name));
        for (k, (term, postings)) in list.iter().enumerate() {
            if k > 0 {
                text.push(',');
            }
            text.push_str(&serde_json::Value::String((*term).clone()).to_string());
            text.push_str(":[");
            let mut previous = 0i64;
            for (j, p) in postings.iter().enumerate() {
                if j > 0 {
                    text.push(',');
                }
                let doc = i64::from(p >> 6);
                let _ = write!(text, "{},{}", doc - previous, p & 63);
                previous = doc;
            }
            text.push(']');
        }
        text.push_str("});\n");
        write(&format!("{FOLDER}/t/{name}.js"), text.as_bytes()).err()
    }));
    let chunks: Vec<&[Doc]> = index.docs.chunks(CHUNK).collect();
    errors.par_extend(chunks.par_iter().enumerate().filter_map(|(n, chunk)| {
        // A page's sections follow it: their URL and title are left empty after the
        // first row of the page in the chunk, and the browser takes them from above.
        let rows: Vec<serde_json::Value> = chunk
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let same = i > 0 && chunk[i - 1].url == d.url;
                let (url, title) = if same {
                    ("", "")
                } else {
                    (d.url.as_str(), d.title.as_str())
                };
                serde_json::json!([url, d.anchor, title, d.heading, d.snippet])
            })
            .collect();
        let text = format!("bitacoraSearch.docs({n},{});\n", serde_json::json!(rows));
        write(&format!("{FOLDER}/d/{n}.js"), text.as_bytes()).err()
    }));
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(lang: Language, word: &str) -> String {
        let mut t = Terms::new(lang);
        let mut w = HashMap::new();
        t.add(word, 1, &mut w);
        w.into_keys().next().unwrap_or_default()
    }

    #[test]
    fn words_fold_and_stem_by_language() {
        assert_eq!(fold("MIGRACIÓN Ñandú"), "migracion nandu");
        // Accented or not, upper or lower case: one term.
        assert_eq!(
            term(Language::Es, "migración"),
            term(Language::Es, "MIGRACION")
        );
        assert_eq!(
            term(Language::Es, "mantención"),
            term(Language::Es, "MANTENCIÓN")
        );
        // Plural and singular, and verb forms, meet.
        assert_eq!(
            term(Language::Es, "reinicios"),
            term(Language::Es, "reinicio")
        );
        assert_eq!(
            term(Language::Es, "reiniciar"),
            term(Language::Es, "reiniciando")
        );
        assert_eq!(
            term(Language::En, "restarts"),
            term(Language::En, "restarting")
        );
        // What the browser matches by: the stem is a prefix of the forms.
        let stem = term(Language::Es, "reiniciar");
        assert!("reinicios".starts_with(&stem), "{stem}");
    }

    #[test]
    fn a_pages_sections_leave_its_url_and_title_to_the_row_above() {
        let doc = |url: &str, anchor: &str, title: &str| Doc {
            url: url.into(),
            anchor: anchor.into(),
            title: title.into(),
            heading: (!anchor.is_empty()).then(|| anchor.into()),
            snippet: String::new(),
        };
        let mut docs = vec![
            doc("a/", "", "A"),
            doc("a/", "uno", "A"),
            doc("b/", "", "B"),
        ];
        // The first row of a chunk always names its page, even mid-page.
        docs.extend((3..CHUNK).map(|_| doc("b/", "x", "B")));
        docs.push(doc("b/", "y", "B"));
        let index = Index {
            docs,
            terms: BTreeMap::new(),
        };
        let written = written_files(&index);
        let first = &written["search/d/0.js"];
        assert!(first.starts_with(r#"bitacoraSearch.docs(0,[["a/","","A",null,""],["","uno","","uno",""],["b/","","B",null,""],["","x","","x",""]"#), "{first}");
        assert!(
            written["search/d/1.js"].starts_with(r#"bitacoraSearch.docs(1,[["b/","y","B","y",""]"#)
        );
    }

    /// What `write` writes, by path.
    fn written_files(index: &Index) -> BTreeMap<String, String> {
        let written = std::sync::Mutex::new(BTreeMap::new());
        let errors: Vec<()> = write(index, Language::Es, &|path, bytes| {
            written
                .lock()
                .unwrap()
                .insert(path.to_string(), String::from_utf8(bytes.to_vec()).unwrap());
            Ok(())
        });
        assert!(errors.is_empty());
        written.into_inner().unwrap()
    }

    #[test]
    fn postings_are_written_as_gaps_from_the_document_before() {
        let mut terms = BTreeMap::new();
        terms.insert(
            "redis".to_string(),
            vec![3 << 6 | 2, 10 << 6 | 1, 300 << 6 | 5],
        );
        terms.insert("rollback".to_string(), vec![70_000 << 6 | 10]);
        let index = Index {
            docs: Vec::new(),
            terms,
        };
        let written = written_files(&index);
        let shard = &written["search/t/re.js"];
        assert!(shard.contains(r#""redis":[3,2,7,1,290,5]"#), "{shard}");
        // The first document is its own number.
        let shard = &written["search/t/ro.js"];
        assert!(shard.contains(r#""rollback":[70000,10]"#), "{shard}");
    }

    #[test]
    fn shards_are_the_first_two_letters() {
        assert_eq!(shard("migr"), "mi");
        assert_eq!(shard("x"), "x");
    }

    #[test]
    fn snippets_are_cut_at_a_word() {
        let long = "palabra ".repeat(100);
        let s = snippet(&long);
        assert!(s.ends_with("palabra…"), "{s}");
        assert!(s.chars().count() <= SNIPPET + 1);
        assert_eq!(snippet("  corto \n texto "), "corto texto");
    }
}
