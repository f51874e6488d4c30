//! The typed content model: a `Page` per Markdown file, its kind, its front matter
//! checked against the kind's schema, and its body outlined (headings, links).

pub mod foreign;
pub mod postmortem;
pub mod release;
pub mod runbook;
pub mod scaffold;
pub mod time;
pub mod url;
pub mod window;

use crate::config::Config;
use crate::findings::{Finding, LineIndex, Severity};
use crate::markdown::{self, Outline};
use crate::source::{frontmatter, yaml, ContentTree, SourceFile};
use foreign::{Adopted, Convention, Conventions};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use time::Date;

pub use postmortem::Postmortem;
pub use release::Release;
pub use runbook::Runbook;
pub use window::MaintenanceWindow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Runbook,
    Postmortem,
    Window,
    Release,
    Page,
}

/// A front matter field and its label for readers, in Spanish and English.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub es: &'static str,
    pub en: &'static str,
}

/// Everything about a kind that is not its data, in one place, kept in the kind's
/// own module: its name, the folder that gives it, its front matter fields with their
/// labels, and what readers call it and its folder (Spanish, English).
#[derive(Debug)]
pub struct KindInfo {
    pub name: &'static str,
    pub folder: Option<&'static str>,
    pub fields: &'static [Field],
    pub label: (&'static str, &'static str),
    pub section: (&'static str, &'static str),
}

/// A kind's typed front matter: what its summary box shows, the day it is about, and
/// the checks beyond types that its values must pass.
pub trait Schema: fmt::Debug + Send + Sync {
    fn facts(&self) -> Vec<Fact>;
    fn date(&self) -> Option<chrono::NaiveDate> {
        None
    }
    fn check(&self, _cx: &CheckContext<'_>) -> Vec<Finding> {
        Vec::new()
    }
    /// Works out what the kind derives from its values, once, at load.
    fn derive(&mut self, _config: &Config, _today: chrono::NaiveDate) {}
    /// What the kind derived, for templates (`page.derived`).
    fn derived(&self) -> serde_json::Value {
        serde_json::Value::Null
    }
}

/// What a kind's checks need: the config, the build date, the body's outline, and
/// where each key stands in the file.
pub struct CheckContext<'a> {
    pub config: &'a Config,
    pub today: chrono::NaiveDate,
    pub outline: &'a Outline,
    pub shown: &'a str,
    /// Line in the file of each top-level front matter key.
    pub keys: BTreeMap<String, usize>,
    /// Line in the file of each element of a top-level array (`[[actions]]`).
    pub items: BTreeMap<String, Vec<usize>>,
    /// Line of the front matter's opening `+++` (1), where a missing key is reported.
    pub front_line: usize,
}

impl CheckContext<'_> {
    /// An error of `code` at the line of `key` (or of the front matter, when the key
    /// is missing).
    pub fn error(&self, code: &'static str, key: &str, message: String, hint: String) -> Finding {
        self.finding(Severity::Error, code, key, message, hint)
    }

    /// A finding of its own code at the line of `key` (or of the front matter).
    pub fn finding(
        &self,
        severity: Severity,
        code: &'static str,
        key: &str,
        message: String,
        hint: String,
    ) -> Finding {
        let line = self.keys.get(key).copied().unwrap_or(self.front_line);
        Finding::new(severity, code, self.shown)
            .message(message)
            .at(line, 1)
            .hint(hint)
    }

    /// A finding at a line of the body.
    pub fn at_line(
        &self,
        severity: Severity,
        code: &'static str,
        line: usize,
        message: String,
        hint: String,
    ) -> Finding {
        Finding::new(severity, code, self.shown)
            .message(message)
            .at(line, 1)
            .hint(hint)
    }

    /// An error at the line of element `index` of the array `key`.
    pub fn item_error(
        &self,
        code: &'static str,
        key: &str,
        index: usize,
        message: String,
        hint: String,
    ) -> Finding {
        let line = self
            .items
            .get(key)
            .and_then(|lines| lines.get(index))
            .or(self.keys.get(key))
            .copied()
            .unwrap_or(self.front_line);
        Finding::error(code, self.shown, message)
            .at(line, 1)
            .hint(hint)
    }
}

/// A value that front matter gives by name: each value with the names accepted for
/// it (as slugs: lowercase, no accents, hyphens), the first being its key.
pub type Names<T> = [(T, &'static [&'static str])];

/// The value a written name stands for, in any case, with or without accents.
pub fn by_name<T: Copy>(table: &Names<T>, written: &str) -> Option<T> {
    let slug = url::slugify(written);
    table
        .iter()
        .find(|(_, names)| names.contains(&slug.as_str()))
        .map(|(value, _)| *value)
}

/// A value's key: the first of its names.
pub fn key_of<T: Copy + PartialEq>(table: &Names<T>, value: T) -> &'static str {
    table
        .iter()
        .find(|(v, _)| *v == value)
        .and_then(|(_, names)| names.first().copied())
        .unwrap_or("")
}

/// The accepted values for a finding's hint: `key (first other name), …`.
pub fn allowed<T>(table: &Names<T>) -> String {
    table
        .iter()
        .map(|(_, names)| match names.get(1) {
            Some(other) => format!("{} ({other})", names[0]),
            None => names[0].to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Ordinary pages: no fields of their own.
const PAGE: KindInfo = KindInfo {
    name: "page",
    folder: None,
    fields: &[],
    label: ("Página", "Page"),
    section: ("Páginas", "Pages"),
};

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Runbook,
        Kind::Postmortem,
        Kind::Window,
        Kind::Release,
        Kind::Page,
    ];

    /// The one place that maps a kind to its module.
    pub fn info(self) -> &'static KindInfo {
        match self {
            Kind::Runbook => &runbook::INFO,
            Kind::Postmortem => &postmortem::INFO,
            Kind::Window => &window::INFO,
            Kind::Release => &release::INFO,
            Kind::Page => &PAGE,
        }
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The kind a file gets from the first folder of its path.
    pub fn from_folder(rel: &str) -> Kind {
        let first = rel.split('/').next();
        Kind::ALL
            .into_iter()
            .find(|k| k.info().folder.is_some() && k.info().folder == first)
            .unwrap_or(Kind::Page)
    }

    /// Whether this kind's front matter has the key (beyond the common ones).
    pub fn has_field(self, key: &str) -> bool {
        self.info().fields.iter().any(|f| f.key == key)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Front matter every kind accepts.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Meta {
    pub title: Option<String>,
    pub kind: Option<Kind>,
    pub description: Option<String>,
    pub date: Option<Date>,
    #[serde(deserialize_with = "foreign::one_or_many")]
    pub tags: Vec<String>,
    #[serde(deserialize_with = "foreign::one_or_many")]
    pub services: Vec<String>,
}

impl Meta {
    pub const FIELDS: &'static [Field] = &[
        Field {
            key: "title",
            es: "Título",
            en: "Title",
        },
        Field {
            key: "kind",
            es: "Tipo",
            en: "Kind",
        },
        Field {
            key: "description",
            es: "Descripción",
            en: "Description",
        },
        Field {
            key: "date",
            es: "Fecha",
            en: "Date",
        },
        Field {
            key: "tags",
            es: "Etiquetas",
            en: "Tags",
        },
        Field {
            key: "services",
            es: "Servicios",
            en: "Services",
        },
    ];

    fn has_field(key: &str) -> bool {
        Meta::FIELDS.iter().any(|f| f.key == key)
    }
}

/// What is done to a kind's values once they are read (`Schema::derive`).
type Finish<'a> = &'a dyn Fn(&mut dyn Schema);

/// The kind's own front matter, typed.
#[derive(Debug, Clone)]
pub enum Details {
    Runbook(Runbook),
    Postmortem(Postmortem),
    Window(MaintenanceWindow),
    Release(Release),
    Page,
}

impl Details {
    /// The kind's fields from the front matter (`None`: a file without any), each
    /// passed through `finish` (which works out what the kind derives).
    fn parse(
        kind: Kind,
        table: Option<&Table<'_>>,
        finish: Finish<'_>,
    ) -> Result<Details, FrontError> {
        fn get<T: DeserializeOwned + Default + Schema>(
            table: Option<&Table<'_>>,
            finish: Finish<'_>,
        ) -> Result<T, FrontError> {
            let mut value = table.map_or_else(|| Ok(T::default()), Table::get)?;
            finish(&mut value);
            Ok(value)
        }
        Ok(match kind {
            Kind::Runbook => Details::Runbook(get(table, finish)?),
            Kind::Postmortem => Details::Postmortem(get(table, finish)?),
            Kind::Window => Details::Window(get(table, finish)?),
            Kind::Release => Details::Release(get(table, finish)?),
            Kind::Page => Details::Page,
        })
    }

    fn empty(kind: Kind, finish: Finish<'_>) -> Details {
        Details::parse(kind, None, finish).unwrap_or(Details::Page)
    }

    pub fn schema(&self) -> Option<&dyn Schema> {
        match self {
            Details::Runbook(r) => Some(r),
            Details::Postmortem(p) => Some(p),
            Details::Window(w) => Some(w),
            Details::Release(r) => Some(r),
            Details::Page => None,
        }
    }

    /// The facts shown in the page's summary box, in order.
    pub fn facts(&self) -> Vec<Fact> {
        self.schema().map(Schema::facts).unwrap_or_default()
    }
}

/// One labelled value of a page's front matter, for display. `key` is the field name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub key: &'static str,
    pub value: String,
}

impl Fact {
    pub fn push(facts: &mut Vec<Fact>, key: &'static str, value: Option<impl fmt::Display>) {
        if let Some(value) = value {
            facts.push(Fact {
                key,
                value: value.to_string(),
            });
        }
    }
}

/// A Markdown file, loaded.
#[derive(Debug)]
pub struct Page {
    /// Source path relative to `content/`, with `/`.
    pub rel: String,
    /// Site-root URL, ending in `/`.
    pub url: String,
    /// The content folder the file is in ("" for the top).
    pub section: String,
    pub kind: Kind,
    pub title: String,
    pub meta: Meta,
    pub details: Details,
    /// The whole file as read; the body starts at `body_start`.
    pub text: String,
    pub body_start: usize,
    /// Lines before the body (front matter), for line numbers in the file.
    pub body_line: usize,
    pub outline: Outline,
    /// Line in the file of each top-level front matter key, for findings about
    /// the page that only the whole site can make.
    pub key_lines: BTreeMap<String, usize>,
    /// Its place in navigation (`weight`, `sidebar_position`, `nav_order`): pages
    /// with one come first, lowest first; the others follow by title.
    pub order: Option<f64>,
    /// `draft: true` (or `published: false`): left out unless the build asks for drafts.
    pub draft: bool,
    /// Old URLs, as written, that redirect to the page (`aliases`, `redirect_from`).
    pub aliases: Vec<String>,
    /// The page is its folder's own (`_index.md`, `index.md` or `README.md`).
    pub is_index: bool,
    /// Other generators' conventions the page relies on (`check --explain`).
    pub conventions: Conventions,
}

impl Page {
    /// The day the page is about: its `date`, else the date its kind cares most about.
    pub fn date(&self) -> Option<chrono::NaiveDate> {
        if let Some(date) = self.meta.date {
            return Some(date.0);
        }
        self.details.schema().and_then(Schema::date)
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// What the Markdown renderer needs to know of the page.
    pub fn markdown_context<'a>(&'a self, assets: &'a [String]) -> markdown::Context<'a> {
        markdown::Context {
            rel: &self.rel,
            url: &self.url,
            line_offset: self.body_line,
            title: self.meta.title.as_deref(),
            assets,
            pages: &[],
            moved: None,
            timeline: match &self.details {
                Details::Postmortem(p) => Some(p.started.map(|t| t.0)),
                _ => None,
            },
            kpi: None,
            anchor_prefix: "",
        }
    }

    /// Where findings about this page point.
    pub fn shown_path(&self) -> String {
        format!("content/{}", self.rel)
    }

    /// The title the page gives itself (front matter or opening heading), if any.
    pub fn own_title(&self) -> Option<&str> {
        self.meta
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .or(self.outline.h1.as_deref())
    }
}

/// Navigation order: pages with an order first, lowest first, then by title.
pub fn nav_order(a: &Page, b: &Page) -> std::cmp::Ordering {
    match (a.order, b.order) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then_with(|| a.title.cmp(&b.title))
}

/// A front matter value that could not be read: what, and where in the front matter.
#[derive(Debug)]
struct FrontError {
    message: String,
    span: Option<Range<usize>>,
}

impl From<toml::de::Error> for FrontError {
    fn from(e: toml::de::Error) -> FrontError {
        FrontError {
            message: e.message().trim().replace('\n', " "),
            span: e.span(),
        }
    }
}

impl From<yaml::Error> for FrontError {
    fn from(e: yaml::Error) -> FrontError {
        FrontError {
            message: e.message.trim().replace('\n', " "),
            span: e.span,
        }
    }
}

/// Front matter parsed once, deserialized per schema.
enum Table<'a> {
    Toml(toml::Spanned<toml::de::DeTable<'a>>),
    Yaml(yaml::Node),
}

impl Table<'_> {
    fn get<T: DeserializeOwned>(&self) -> Result<T, FrontError> {
        match self {
            Table::Toml(parsed) => {
                T::deserialize(toml::de::Deserializer::from(parsed.clone())).map_err(Into::into)
            }
            Table::Yaml(node) => node.get().map_err(Into::into),
        }
    }

    /// Each top-level key, with the byte where it is written and, for a list, the
    /// byte where each of its items starts.
    fn keys(&self) -> Vec<(String, usize, Option<Vec<usize>>)> {
        match self {
            Table::Toml(parsed) => parsed
                .get_ref()
                .iter()
                .map(|(key, value)| {
                    let items = match value.get_ref() {
                        toml::de::DeValue::Array(items) => {
                            Some(items.iter().map(|item| item.span().start).collect())
                        }
                        _ => None,
                    };
                    (key.get_ref().to_string(), key.span().start, items)
                })
                .collect(),
            Table::Yaml(node) => node
                .entries()
                .iter()
                .filter_map(|(key, value)| {
                    let items = match &value.value {
                        yaml::Value::Seq(items) => {
                            Some(items.iter().map(|item| item.span.start).collect())
                        }
                        _ => None,
                    };
                    Some((key.text()?.to_string(), key.span.start, items))
                })
                .collect(),
        }
    }
}

/// Builds a page from a source file: front matter checked, body outlined. Problems are
/// pushed to `findings`; the page is still returned so its body gets checked too.
/// `tree` is every file under `content/`, sorted.
/// `today` is the build date, for what is overdue.
pub fn load_page(
    file: SourceFile,
    config: &Config,
    today: chrono::NaiveDate,
    tree: &ContentTree,
    findings: &mut Vec<Finding>,
) -> Page {
    let shown = format!("content/{}", file.rel);
    let is_index = url::is_section_index(&file.rel, &tree.markdown);
    // A folder's own page is an ordinary page unless it says otherwise.
    let folder_kind = if is_index {
        Kind::Page
    } else {
        Kind::from_folder(&file.rel)
    };
    let (front, format, body, body_line) = match frontmatter::split(&file.text) {
        Ok(split) => (split.front, split.format, split.body, split.body_line),
        Err(frontmatter::Unclosed(format)) => {
            let fence = format.fence();
            findings.push(
                Finding::error(
                    "front-matter.syntax",
                    &shown,
                    format!("the front matter opened with {fence} on line 1 is never closed"),
                )
                .at(1, 1)
                .hint(format!("add a line with {fence} after the last key")),
            );
            (None, format, file.text.as_str(), 0)
        }
    };
    let mut conventions = Conventions::default();
    let finish = |schema: &mut dyn Schema| schema.derive(config, today);
    let Front {
        mut meta,
        details,
        lines: mut cx,
        adopted,
    } = match front {
        Some(front) => {
            if format == frontmatter::Format::Yaml {
                conventions.add(Convention::YamlFrontMatter, "");
            }
            parse_front(
                front,
                format,
                folder_kind,
                &shown,
                &finish,
                &mut conventions,
                findings,
            )
        }
        None => Front::empty(folder_kind, &finish),
    };
    if meta.description.is_none() {
        meta.description = adopted.summary.clone();
    }
    let kind = meta.kind.unwrap_or(folder_kind);
    let section = match file.rel.rfind('/') {
        Some(i) => file.rel[..i].to_string(),
        None => String::new(),
    };
    let name = file.rel.rsplit('/').next().unwrap_or(&file.rel);
    let mut old_address = None;
    let url = if is_index {
        conventions.add(Convention::SectionIndex, name);
        url::section_url(&section)
    } else {
        if url::index_rank(name).is_some() {
            let chosen = url::section_index_of(&section, &tree.markdown)
                .cloned()
                .unwrap_or_default();
            findings.push(
                Finding::warning(
                    "section.index",
                    &shown,
                    format!("two index files in one folder: content/{chosen} is the folder's page, so this one is built as an ordinary page"),
                )
                .at(1, 1)
                .hint("keep one of _index.md, index.md and README.md per folder (preferred in that order), or rename this one"),
            );
        }
        match adopted.url_path().map(|path| {
            // `/docs/page.html`: the page is at `/docs/page/`, and the old address
            // sends readers there.
            match path.strip_suffix(".html").or_else(|| path.strip_suffix(".htm")) {
                Some(stem) if path.starts_with('/') => {
                    old_address = Some(path.clone());
                    stem.strip_suffix("/index").unwrap_or(stem).to_string() + "/"
                }
                _ => path,
            }
        }) {
            Some(path) => url::with_slug(&file.rel, &path).unwrap_or_else(|| {
                let key = ["url", "permalink", "path", "slug"]
                    .into_iter()
                    .find(|k| cx.keys.contains_key(*k))
                    .unwrap_or("slug");
                findings.push(
                    Finding::warning(
                        "front-matter.value",
                        &shown,
                        format!("`{key}: {path}` names no URL of its own (the home page is the site's); the page keeps the URL its file name gives"),
                    )
                    .at(cx.keys.get(key).copied().unwrap_or(1), 1)
                    .hint("give a name or a path (`slug: restart-workers`), or remove the key"),
                );
                url::page_url(&file.rel)
            }),
            None => url::page_url(&file.rel),
        }
    };
    let body_start = file.text.len() - body.len();
    let adapted =
        crate::markdown::foreign::adapt(body, body_line, &shown, &mut conventions, findings);
    let text = match adapted {
        None => file.text,
        Some(new_body) => {
            let mut text = file.text[..body_start].to_string();
            text.push_str(&new_body);
            text
        }
    };
    let body = &text[body_start..];
    let outline = markdown::outline(
        body,
        &markdown::Context {
            line_offset: body_line,
            title: meta.title.as_deref(),
            assets: &tree.assets,
            pages: &tree.markdown,
            ..markdown::Context::of_file(&file.rel, &url)
        },
    );
    for link in &outline.links {
        if let Some(form) = link.form {
            conventions.add(form, "");
        }
    }
    if let Some(schema) = details.schema() {
        findings.extend(schema.check(&CheckContext {
            config,
            today,
            outline: &outline,
            shown: &shown,
            keys: cx.keys.clone(),
            items: std::mem::take(&mut cx.items),
            front_line: 1,
        }));
    }
    let title = meta
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| outline.h1.clone())
        .unwrap_or_else(|| {
            if is_index && !section.is_empty() {
                // A folder's name has no extension to drop (`v2.10`).
                let folder = section.rsplit('/').next().unwrap_or(&section);
                folder.replace(['-', '_'], " ")
            } else {
                file_title(&file.rel)
            }
        });
    let mut aliases = adopted.aliases.clone();
    aliases.extend(adopted.redirect_from.iter().cloned());
    aliases.extend(old_address);
    Page {
        rel: file.rel,
        url,
        section,
        kind,
        title,
        meta,
        details,
        text,
        body_start,
        body_line,
        outline,
        key_lines: cx.keys,
        order: adopted.order(),
        draft: adopted.draft(),
        aliases,
        is_index,
        conventions,
    }
}

fn file_title(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    stem.replace(['-', '_'], " ")
}

/// Where the keys of a front matter stand, as lines in the file.
#[derive(Default)]
struct KeyLines {
    keys: BTreeMap<String, usize>,
    items: BTreeMap<String, Vec<usize>>,
}

impl KeyLines {
    fn of(keys: &[(String, usize, Option<Vec<usize>>)], front: &str) -> KeyLines {
        let index = LineIndex::new(front);
        // Front matter starts on the file's second line.
        let line = |offset: usize| index.line_col(front, offset).0 + 1;
        let mut lines = KeyLines::default();
        for (key, at, items) in keys {
            lines.keys.insert(key.clone(), line(*at));
            if let Some(items) = items {
                lines
                    .items
                    .insert(key.clone(), items.iter().map(|&i| line(i)).collect());
            }
        }
        lines
    }
}

/// A front matter read: common keys, the kind's, where each stands, and what other
/// generators' keys give.
struct Front {
    meta: Meta,
    details: Details,
    lines: KeyLines,
    adopted: Adopted,
}

impl Front {
    fn empty(kind: Kind, finish: Finish<'_>) -> Front {
        Front {
            meta: Meta::default(),
            details: Details::empty(kind, finish),
            lines: KeyLines::default(),
            adopted: Adopted::default(),
        }
    }
}

/// A front matter problem as a finding at its line in the file.
fn front_finding(
    code: &'static str,
    shown: &str,
    front: &str,
    format: frontmatter::Format,
    e: FrontError,
) -> Finding {
    let (line, col) = match &e.span {
        Some(span) => LineIndex::new(front).line_col(front, span.start),
        None => (0, 1),
    };
    let hint = if e.message.starts_with("unknown field") {
        "remove the key or fix its spelling; the message lists the keys that are accepted here"
    } else if format == frontmatter::Format::Yaml {
        "fix the YAML: one `key: value` per line, lists as [a, b] or as lines starting with `- `, dates as 2025-10-04"
    } else {
        "fix the TOML syntax: strings in double quotes, dates as 2025-10-04, lists as [\"a\", \"b\"]"
    };
    // Front matter starts on the file's second line.
    Finding::error(code, shown, e.message)
        .at(line + 1, col)
        .hint(hint)
}

fn parse_front(
    front: &str,
    format: frontmatter::Format,
    folder_kind: Kind,
    shown: &str,
    finish: Finish<'_>,
    conventions: &mut Conventions,
    findings: &mut Vec<Finding>,
) -> Front {
    // A value of the wrong type is `front-matter.value`; front matter that does not
    // parse is `front-matter.syntax`.
    let value_error = |e: FrontError| front_finding("front-matter.value", shown, front, format, e);
    let table = match format {
        frontmatter::Format::Toml => match toml::de::DeTable::parse(front) {
            Ok(parsed) => Table::Toml(parsed),
            Err(e) => {
                findings.push(crate::findings::toml_finding(
                    "front-matter.syntax",
                    shown,
                    front,
                    1,
                    &e,
                ));
                return Front::empty(folder_kind, finish);
            }
        },
        frontmatter::Format::Yaml => match yaml::parse(front) {
            Ok(node) => Table::Yaml(node),
            Err(e) => {
                findings.push(front_finding(
                    "front-matter.syntax",
                    shown,
                    front,
                    format,
                    e.into(),
                ));
                return Front::empty(folder_kind, finish);
            }
        },
    };
    let meta: Meta = table.get().unwrap_or_else(|e| {
        findings.push(value_error(e));
        Meta::default()
    });
    let adopted: Adopted = table.get().unwrap_or_else(|e| {
        findings.push(value_error(e));
        Adopted::default()
    });
    let kind = meta.kind.unwrap_or(folder_kind);
    let keys = table.keys();
    check_keys(&keys, kind, front, shown, conventions, findings);
    let details = Details::parse(kind, Some(&table), finish).unwrap_or_else(|e| {
        findings.push(value_error(e));
        Details::empty(kind, finish)
    });
    Front {
        meta,
        details,
        lines: KeyLines::of(&keys, front),
        adopted,
    }
}

/// Keys bitacora does not take from this page are ignored, each with a warning at
/// its line: a field of another kind, a near miss of a known key (with the key it
/// likely meant), or a key of nobody's. Other generators' keys are understood
/// (`weight`, `draft`...) or ignored without a word (`bookHidden`, `layout`...).
fn check_keys(
    keys: &[(String, usize, Option<Vec<usize>>)],
    kind: Kind,
    front: &str,
    shown: &str,
    conventions: &mut Conventions,
    findings: &mut Vec<Finding>,
) {
    let lines = LineIndex::new(front);
    for (name, at, _) in keys {
        let name = name.as_str();
        if Meta::has_field(name) || kind.has_field(name) {
            continue;
        }
        if let Some((key, _)) = foreign::ADOPTED.iter().find(|(k, _)| *k == name) {
            conventions.add(Convention::Key(key), "");
            continue;
        }
        if foreign::ignored(name) {
            conventions.add(Convention::IgnoredKeys, name);
            continue;
        }
        let (line, col) = lines.line_col(front, *at);
        let owner = Kind::ALL.iter().find(|k| k.has_field(name));
        let every_key = Meta::FIELDS
            .iter()
            .chain(Kind::ALL.iter().flat_map(|k| k.info().fields))
            .map(|f| f.key)
            .chain(foreign::ADOPTED.iter().map(|(k, _)| *k));
        let (code, message, hint) = match (owner, foreign::near_miss(name, every_key)) {
            (Some(owner), _) => (
                "front-matter.key",
                format!("`{name}` is a {owner} field, but this page is a {kind}; it is ignored"),
                format!("set kind = \"{owner}\" or move the file to the {owner}s folder, or remove the key"),
            ),
            (None, Some(meant)) => (
                "front-matter.misspelt",
                format!("unknown front matter key `{name}`: did you mean `{meant}`? It is ignored"),
                format!("rename it to `{meant}`"),
            ),
            (None, None) => {
                let mut accepted: Vec<&str> = Meta::FIELDS.iter().chain(kind.info().fields).map(|f| f.key).collect();
                accepted.sort_unstable();
                (
                    "front-matter.key",
                    format!("unknown front matter key `{name}` for a {kind}; it is ignored"),
                    format!("accepted keys: {}", accepted.join(", ")),
                )
            }
        };
        findings.push(
            Finding::warning(code, shown, message)
                .at(line + 1, col)
                .hint(hint),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_names<T: Default + Serialize>() -> Vec<String> {
        let value = serde_json::to_value(T::default()).unwrap();
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    }

    fn sorted(fields: &[Field]) -> Vec<String> {
        let mut v: Vec<String> = fields.iter().map(|f| f.key.to_string()).collect();
        v.sort();
        v
    }

    #[test]
    fn field_lists_match_the_schemas() {
        assert_eq!(field_names::<Meta>(), sorted(Meta::FIELDS));
        assert_eq!(field_names::<Runbook>(), sorted(runbook::INFO.fields));
        assert_eq!(field_names::<Postmortem>(), sorted(postmortem::INFO.fields));
        assert_eq!(
            field_names::<MaintenanceWindow>(),
            sorted(window::INFO.fields)
        );
        assert_eq!(field_names::<Release>(), sorted(release::INFO.fields));
    }

    #[test]
    fn kind_from_folder() {
        assert_eq!(Kind::from_folder("runbooks/a.md"), Kind::Runbook);
        assert_eq!(Kind::from_folder("windows/x/y.md"), Kind::Window);
        assert_eq!(Kind::from_folder("soporte/a.md"), Kind::Page);
        assert_eq!(Kind::from_folder("a.md"), Kind::Page);
    }

    fn parse(front: &str, kind: Kind) -> (Meta, Details, Vec<Finding>) {
        let mut findings = Vec::new();
        let front = parse_front(
            front,
            frontmatter::Format::Toml,
            kind,
            "content/x.md",
            &|_| {},
            &mut Conventions::default(),
            &mut findings,
        );
        (front.meta, front.details, findings)
    }

    #[test]
    fn unknown_keys_all_reported_with_lines() {
        let (_, _, f) = parse("title = \"a\"\nowner = \"x\"\ncolour = 1\n", Kind::Page);
        assert_eq!(f.len(), 2, "{f:?}");
        let lines: Vec<usize> = f.iter().map(|f| f.line).collect();
        assert!(lines.contains(&3) && lines.contains(&4), "{lines:?}");
        assert!(f.iter().any(|f| f.message.contains("runbook field")));
    }

    #[test]
    fn explicit_kind_wins_over_folder() {
        let (meta, details, f) = parse("kind = \"runbook\"\nlevel = 2\n", Kind::Page);
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(meta.kind, Some(Kind::Runbook));
        assert!(matches!(
            details,
            Details::Runbook(Runbook { level: Some(2), .. })
        ));
    }

    #[test]
    fn type_error_has_file_line() {
        let (_, _, f) = parse("title = \"a\"\nlevel = \"dos\"\n", Kind::Runbook);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].line, 3);
    }
}
