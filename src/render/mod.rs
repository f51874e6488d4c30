//! Rendering: pure functions from the resolved site to HTML, through tera templates
//! built into the binary and overridable by name from the site's `templates/`.

mod incidents;
mod kpis;
mod releases;
mod review;
mod sitewide;
pub mod strings;
mod windows;

use crate::config::{Config, Language};
use crate::content::{url, Details, Page};
use crate::findings::Finding;
use crate::markdown::Markdown;
use crate::site::{Section, Site};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;
use tera::{Context, Tera};

/// Built-in templates, by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("section.html", include_str!("../../templates/section.html")),
    (
        "folder-listing.html",
        include_str!("../../templates/folder-listing.html"),
    ),
    (
        "redirect.html",
        include_str!("../../templates/redirect.html"),
    ),
    (
        "page-item.html",
        include_str!("../../templates/page-item.html"),
    ),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "postmortem.html",
        include_str!("../../templates/postmortem.html"),
    ),
    (
        "postmortems.html",
        include_str!("../../templates/postmortems.html"),
    ),
    (
        "incidents.html",
        include_str!("../../templates/incidents.html"),
    ),
    ("term.html", include_str!("../../templates/term.html")),
    ("terms.html", include_str!("../../templates/terms.html")),
    ("window.html", include_str!("../../templates/window.html")),
    (
        "window-form.html",
        include_str!("../../templates/window-form.html"),
    ),
    ("windows.html", include_str!("../../templates/windows.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("review.html", include_str!("../../templates/review.html")),
    (
        "window-sheet.html",
        include_str!("../../templates/window-sheet.html"),
    ),
    (
        "releases.html",
        include_str!("../../templates/releases.html"),
    ),
    (
        "changelog.html",
        include_str!("../../templates/changelog.html"),
    ),
    (
        "release-print.html",
        include_str!("../../templates/release-print.html"),
    ),
    (
        "window-item.html",
        include_str!("../../templates/window-item.html"),
    ),
    ("kpi.html", include_str!("../../templates/kpi.html")),
    ("kpis.html", include_str!("../../templates/kpis.html")),
    (
        "kpi-page.html",
        include_str!("../../templates/kpi-page.html"),
    ),
    ("release.html", include_str!("../../templates/release.html")),
    (
        "page-end.html",
        include_str!("../../templates/page-end.html"),
    ),
    (
        "page-body.html",
        include_str!("../../templates/page-body.html"),
    ),
];

/// A rendered page: the template's output, and the body apart from it, standing in
/// the page as `BODY`. Minifying only the template's output is what keeps minification
/// cheap: the body is mostly highlight spans it cannot shrink.
#[derive(Debug)]
pub struct Document {
    pub chrome: String,
    pub body: Option<String>,
}

/// Where the body goes in `Document::chrome`: private-use characters no template writes.
pub const BODY: &str = "\u{E000}body\u{E000}";

impl Document {
    /// The page as one piece of HTML.
    pub fn join(chrome: &str, body: Option<&str>) -> String {
        match body {
            Some(body) => chrome.replacen(BODY, body, 1),
            None => chrome.to_string(),
        }
    }
}

/// The names of the theme's files (see `theme_files`), known without making them.
pub const THEME_FILE_NAMES: [&str; 5] = [
    "style.css",
    "bitacora.js",
    "form.css",
    "syntax.css",
    "favicon.svg",
];

/// The theme's files, written at the root of every site (the site's `static/` wins):
/// stylesheet, script, and the highlighting classes' stylesheet.
pub fn theme_files() -> Vec<(&'static str, String)> {
    vec![
        (
            "style.css",
            include_str!("../../static/style.css").to_string(),
        ),
        (
            "bitacora.js",
            include_str!("../../static/bitacora.js").to_string(),
        ),
        (
            "form.css",
            include_str!("../../static/form.css").to_string(),
        ),
        ("syntax.css", crate::markdown::highlight::stylesheet()),
        (
            "favicon.svg",
            include_str!("../../static/favicon.svg").to_string(),
        ),
    ]
}

pub struct Renderer {
    tera: Tera,
    lang: Language,
    minify_each_page: bool,
    /// The interface words in the site's language (`t` in templates), made once.
    t: BTreeMap<String, String>,
    /// Loaded on first use: `check` builds a renderer only to check the templates.
    markdown: OnceLock<Markdown>,
    /// The site's own highlighting stylesheet, if it has one: highlighting keeps
    /// what it can style (see `highlight::Styled`).
    syntax_css: Option<String>,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    lang: &'static str,
    base_url: &'a str,
    nav: Vec<LinkView>,
}

/// The folder a page is in, as its sidebar shows it: the pages around it (at most
/// `SIDEBAR_AROUND` each side, the rest loaded from `nav.js` when asked for), itself
/// marked.
#[derive(Serialize)]
struct SidebarView {
    title: String,
    href: String,
    url: String,
    count: usize,
    pages: Vec<SidebarEntry>,
    more_before: bool,
    more_after: bool,
}

#[derive(Serialize)]
struct SidebarEntry {
    title: String,
    href: String,
    current: bool,
}

/// Pages listed on each side of the current one in the sidebar.
pub const SIDEBAR_AROUND: usize = 8;

/// A folder's sub-folders and pages.
#[derive(Serialize)]
struct ListingView {
    pages: Vec<LinkView>,
    subsections: Vec<LinkView>,
}

#[derive(Serialize)]
struct LinkView {
    title: String,
    href: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
}

#[derive(Serialize)]
struct FactView {
    label: String,
    value: String,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    kind: &'static str,
    kind_label: &'static str,
    url: &'a str,
    source: String,
    description: Option<&'a str>,
    date: Option<String>,
    tags: &'a [String],
    services: &'a [String],
    facts: Vec<FactView>,
    /// What the kind worked out from its values (see `content::Schema::derived`).
    derived: serde_json::Value,
    html: &'a str,
    toc: &'a str,
}

impl Renderer {
    /// Loads the built-in templates, then the site's `templates/*.html` over them.
    /// With `minify`, the built-in templates are minified once here, so their pages
    /// need no minifying; a site with templates of its own gets each page minified
    /// instead (see `minify_each_page`), since its template syntax may sit where
    /// minify-html cannot see it.
    pub fn new(site_dir: &Path, config: &Config, minify: bool) -> Result<Renderer, Vec<Finding>> {
        let lang = config.language;
        let mut sources: BTreeMap<String, (String, String)> = BTreeMap::new();
        let dir = site_dir.join("templates");
        let mut findings = Vec::new();
        if dir.is_dir() {
            for rel in crate::source::walk(&dir, &mut findings, "templates") {
                if !rel.ends_with(".html") {
                    continue;
                }
                let shown = format!("templates/{rel}");
                match std::fs::read_to_string(dir.join(&rel)) {
                    Ok(body) => {
                        sources.insert(rel, (shown, body));
                    }
                    Err(e) => findings.push(
                        Finding::error(
                            "template.read",
                            shown,
                            format!("cannot read the template: {e}"),
                        )
                        .hint("save the template as UTF-8"),
                    ),
                }
            }
        }
        let syntax_path = site_dir.join("static").join("syntax.css");
        let syntax_css = match std::fs::read_to_string(&syntax_path) {
            Ok(css) => Some(css),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                findings.push(
                    Finding::error(
                        "static.read",
                        "static/syntax.css",
                        format!("cannot read it: {e}"),
                    )
                    .hint(
                        "save it as UTF-8, or delete it to use the built-in highlighting colours",
                    ),
                );
                None
            }
        };
        if !findings.is_empty() {
            return Err(findings);
        }
        let minify_each_page = minify && !sources.is_empty();
        for &(name, body) in TEMPLATES {
            if sources.contains_key(name) {
                continue;
            }
            let body = if minify && !minify_each_page {
                crate::output::minify_template(body)
            } else {
                body.to_string()
            };
            sources.insert(
                name.to_string(),
                (format!("(built-in) templates/{name}"), body),
            );
        }
        let mut tera = Tera::default();
        tera.register_filter(
            "long_date",
            move |value: &tera::Value, _: &std::collections::HashMap<String, tera::Value>| {
                // A day (2025-11-03) in words; anything else (a time too) as it is.
                let day = value
                    .as_str()
                    .filter(|s| s.len() == 10)
                    .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
                Ok(match day {
                    Some(day) => tera::Value::String(strings::long_date(lang, day)),
                    None => value.clone(),
                })
            },
        );
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape);
        let raw: Vec<(&str, &str)> = sources
            .iter()
            .map(|(name, (_, body))| (name.as_str(), body.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(raw) {
            let culprit = sources
                .iter()
                .find(|(name, _)| error_chain(&e).contains(name.as_str()))
                .map(|(_, (shown, _))| shown.clone())
                .unwrap_or_else(|| "templates".to_string());
            return Err(vec![Finding::error("template.syntax", culprit, error_chain(&e))
                .hint("fix the template syntax (tera, like Jinja2); delete the file to use the built-in one")]);
        }
        Ok(Renderer {
            tera,
            lang,
            minify_each_page,
            t: strings::interface(lang, &config.messages),
            markdown: OnceLock::new(),
            syntax_css,
        })
    }

    /// The Markdown renderer, loaded on first use.
    pub(crate) fn markdown(&self) -> &Markdown {
        self.markdown.get_or_init(|| {
            let markdown = match &self.syntax_css {
                Some(css) => Markdown::with_stylesheet(css),
                None => Markdown::default(),
            };
            let t = &self.t;
            markdown.with_callout_titles(
                [
                    "callout_note",
                    "callout_tip",
                    "callout_important",
                    "callout_warning",
                    "callout_caution",
                ]
                .map(|key| t[key].to_string()),
            )
        })
    }

    /// Whether each page needs minifying after rendering (the site has templates of
    /// its own and minification is on).
    pub fn minify_each_page(&self) -> bool {
        self.minify_each_page
    }

    fn base_context(&self, site: &Site, at: &str) -> Context {
        let mut cx = Context::new();
        // With a base URL, each page names its address (canonical, Open Graph).
        let base = site.config.base_url.trim_end_matches('/');
        let canonical = (!base.is_empty()).then(|| format!("{base}/{}", url::encode_path(at)));
        cx.insert("canonical", &canonical);
        cx.insert("og_type", "website");
        cx.insert("og_title", &site.config.title);
        cx.insert(
            "og_locale",
            match self.lang {
                Language::Es => "es_ES",
                Language::En => "en_US",
            },
        );
        cx.insert(
            "description",
            &(!site.config.description.is_empty()).then_some(&site.config.description),
        );
        cx.insert("site", &self.site_view(site, at));
        cx.insert("t", &self.t);
        cx.insert("root", &url::root_prefix(at));
        cx.insert("breadcrumbs", &self.breadcrumbs(site, at));
        cx
    }

    fn site_view<'a>(&self, site: &'a Site, at: &str) -> SiteView<'a> {
        let mut nav: Vec<LinkView> = site
            .root()
            .children
            .iter()
            .map(|&s| self.section_link(site, &site.sections[s], at))
            .collect();
        if !site.services.is_empty() {
            nav.push(LinkView {
                title: self.t["services"].to_string(),
                href: url::relative(at, &format!("{}/", crate::site::SERVICES)),
                kind: None,
                description: None,
                date: None,
                count: Some(site.services.len()),
            });
        }
        SiteView {
            title: &site.config.title,
            description: &site.config.description,
            lang: site.config.language.code(),
            base_url: &site.config.base_url,
            nav,
        }
    }

    /// A folder's title: the one its own page gives, else its name.
    fn folder_title(&self, site: &Site, section: &Section) -> String {
        match site.section_index(section).and_then(|p| p.own_title()) {
            Some(title) => title.to_string(),
            None => strings::section_title(self.lang, section.name()),
        }
    }

    /// What a folder's own page says, above what a listing the site makes of the
    /// folder shows (`intro`), with the title it gives.
    pub(crate) fn intro(&self, site: &Site, at: &str, cx: &mut Context) {
        let Some(page) = site
            .sections
            .iter()
            .find(|s| s.url == at)
            .and_then(|s| site.section_index(s))
        else {
            return;
        };
        let html = self
            .markdown()
            .html(page.body(), &site.markdown_context(page));
        cx.insert("intro", &html);
        if let Some(title) = page.own_title() {
            cx.insert("title", title);
        }
        if let Some(d) = &page.meta.description {
            cx.insert("description", d);
        }
    }

    /// A folder's sub-folders and pages, as links from `at`.
    fn listing(&self, site: &Site, section: &Section, at: &str) -> ListingView {
        ListingView {
            pages: section
                .pages
                .iter()
                .map(|&i| self.page_link(&site.pages[i], at))
                .collect(),
            subsections: section
                .children
                .iter()
                .map(|&s| self.section_link(site, &site.sections[s], at))
                .collect(),
        }
    }

    fn section_link(&self, site: &Site, section: &Section, at: &str) -> LinkView {
        LinkView {
            title: self.folder_title(site, section),
            href: url::relative(at, &section.url),
            kind: None,
            description: None,
            date: None,
            count: Some(count_pages(site, section)),
        }
    }

    fn page_link(&self, page: &Page, at: &str) -> LinkView {
        LinkView {
            title: page.title.clone(),
            href: url::relative(at, &page.url),
            kind: Some(strings::kind(self.lang, page.kind)),
            description: page.meta.description.clone(),
            date: page.date().map(|d| d.format("%Y-%m-%d").to_string()),
            count: None,
        }
    }

    /// The folders above the page or section at `at`, from the home page down.
    fn breadcrumbs(&self, site: &Site, at: &str) -> Vec<LinkView> {
        site.sections
            .iter()
            .filter(|s| !s.url.is_empty() && at.starts_with(&s.url) && at != s.url)
            .map(|s| self.section_link(site, s, at))
            .collect()
    }

    fn render(&self, template: &str, cx: &Context, shown: &str) -> Result<String, Finding> {
        self.tera.render(template, cx).map_err(|e| {
            Finding::error(
                "template.render",
                shown.to_string(),
                format!("rendering with {template} failed: {}", error_chain(&e)),
            )
            .hint("check the template named in the message")
        })
    }

    /// A page, its body apart (see `Document`).
    pub fn page(&self, site: &Site, index: usize) -> Result<Document, Finding> {
        let page = &site.pages[index];
        let embed = |text: &str| self.kpi_block(site, text, &page.url);
        let mut markdown_cx = site.markdown_context(page);
        markdown_cx.kpi = Some(&embed);
        let body = self.markdown().html(page.body(), &markdown_cx);
        let mut cx = self.base_context(site, &page.url);
        cx.insert("og_type", "article");
        cx.insert("og_title", &page.title);
        if matches!(page.details, Details::Runbook(_)) && site.has_review() {
            cx.insert(
                "review_href",
                &url::relative(&page.url, crate::site::REVIEW),
            );
        }
        if let Some(d) = &page.meta.description {
            cx.insert("description", d);
        }
        let facts = page
            .details
            .facts()
            .into_iter()
            .map(|f| FactView {
                label: strings::field(self.lang, f.key),
                value: f.value,
            })
            .collect();
        cx.insert(
            "page",
            &PageView {
                title: &page.title,
                kind: page.kind.name(),
                kind_label: strings::kind(self.lang, page.kind),
                url: &page.url,
                source: page.shown_path(),
                description: page.meta.description.as_deref(),
                date: page.meta.date.map(|d| d.to_string()),
                tags: &page.meta.tags,
                services: &page.meta.services,
                facts,
                derived: page
                    .details
                    .schema()
                    .map(|s| s.derived())
                    .unwrap_or_default(),
                html: BODY,
                toc: &page.outline.toc,
            },
        );
        let backlinks: Vec<LinkView> = site.backlinks[index]
            .iter()
            .map(|&i| self.page_link(&site.pages[i], &page.url))
            .collect();
        cx.insert("backlinks", &backlinks);
        let (s, k) = site.place[index];
        let section = &site.sections[s];
        if k == crate::site::NOT_LISTED {
            cx.insert("listing", &self.listing(site, section, &page.url));
        }
        let around = |i: usize| {
            let p = &site.pages[section.pages[i]];
            SidebarEntry {
                title: p.title.clone(),
                href: url::relative(&page.url, &p.url),
                current: i == k,
            }
        };
        // A folder's own page is above its pages: the sidebar shows the first ones.
        let (from, to) = if k == crate::site::NOT_LISTED {
            (0, (2 * SIDEBAR_AROUND + 1).min(section.pages.len()))
        } else {
            (
                k.saturating_sub(SIDEBAR_AROUND),
                (k + SIDEBAR_AROUND + 1).min(section.pages.len()),
            )
        };
        cx.insert(
            "sidebar",
            &SidebarView {
                title: if s == 0 {
                    self.t["home"].to_string()
                } else {
                    self.folder_title(site, section)
                },
                href: url::relative(&page.url, &section.url),
                url: section.url.clone(),
                count: section.pages.len(),
                pages: (from..to).map(around).collect(),
                more_before: from > 0,
                more_after: to < section.pages.len(),
            },
        );
        let neighbour = |i: Option<usize>| {
            i.filter(|_| k != crate::site::NOT_LISTED)
                .and_then(|i| section.pages.get(i))
                .map(|&p| self.page_link(&site.pages[p], &page.url))
        };
        cx.insert("previous", &neighbour(k.checked_sub(1)));
        cx.insert("next", &neighbour(k.checked_add(1)));
        match &page.details {
            crate::content::Details::Postmortem(p) => {
                cx.insert("incident", &self.incident(site, page, p, &page.url));
            }
            crate::content::Details::Window(w) => {
                cx.insert("window", &self.window(site, page, w, &page.url));
            }
            crate::content::Details::Release(_) => {
                cx.insert("release", &self.release_view(site, index));
            }
            _ => {}
        }
        let kind_template = format!("{}.html", page.kind.name());
        let template = if self.tera.get_template_names().any(|n| n == kind_template) {
            kind_template.as_str()
        } else {
            "page.html"
        };
        let chrome = self.render(template, &cx, &page.shown_path())?;
        if chrome.matches(BODY).count() == 1 {
            return Ok(Document {
                chrome,
                body: Some(body),
            });
        }
        // A template that drops the body, or front matter that happens to hold the
        // marker: render the page whole.
        if let Some(tera::Value::Object(mut view)) = cx.get("page").cloned() {
            view.insert("html".into(), tera::Value::String(body));
            cx.insert("page", &view);
        }
        Ok(Document {
            chrome: self.render(template, &cx, &page.shown_path())?,
            body: None,
        })
    }

    /// A folder's listing page, or the home page for the root.
    pub fn section(&self, site: &Site, index: usize) -> Result<String, Finding> {
        let section = &site.sections[index];
        if section.url == crate::site::POSTMORTEMS && !site.postmortems.is_empty() {
            return self.postmortem_index(site);
        }
        if section.url == crate::site::KPIS && !site.kpis.is_empty() {
            return self.kpi_dashboard(site);
        }
        if section.url == crate::site::RELEASES && !site.releases_in_order().is_empty() {
            return self.release_index(site);
        }
        if section.url == crate::site::WINDOWS
            && site
                .pages
                .iter()
                .any(|p| matches!(p.details, crate::content::Details::Window(_)))
        {
            return self.window_calendar(site);
        }
        let at = section.url.as_str();
        let mut cx = self.base_context(site, at);
        let listing = self.listing(site, section, at);
        cx.insert("pages", &listing.pages);
        cx.insert("subsections", &listing.subsections);
        cx.insert("listing", &listing);
        if index == 0 {
            let recent: Vec<LinkView> = site
                .recent(10)
                .into_iter()
                .map(|i| self.page_link(&site.pages[i], at))
                .collect();
            cx.insert("recent", &recent);
            self.intro(site, at, &mut cx);
            self.render("index.html", &cx, "templates/index.html")
        } else {
            cx.insert("title", &strings::section_title(self.lang, section.name()));
            self.intro(site, at, &mut cx);
            self.render("section.html", &cx, &format!("content/{}", section.dir))
        }
    }
}

impl Renderer {
    /// The pages and sub-folders of the folder at `at`, as its listing shows them.
    fn folder_pages(
        &self,
        site: &Site,
        at: &str,
        keep: impl Fn(usize) -> bool,
    ) -> (Vec<LinkView>, Vec<LinkView>) {
        site.sections
            .iter()
            .find(|s| s.url == at)
            .map(|section| {
                (
                    section
                        .pages
                        .iter()
                        .filter(|&&i| keep(i))
                        .map(|&i| self.page_link(&site.pages[i], at))
                        .collect(),
                    section
                        .children
                        .iter()
                        .map(|&c| self.section_link(site, &site.sections[c], at))
                        .collect(),
                )
            })
            .unwrap_or_default()
    }

    /// The page written at an old address (`aliases`) that sends readers to the page.
    pub fn redirect(&self, site: &Site, index: usize) -> Result<String, Finding> {
        let (file, page) = &site.redirects[index];
        let page = &site.pages[*page];
        let from = file.rsplit_once('/').map_or("", |(dir, _)| dir);
        let from = if from.is_empty() {
            String::new()
        } else {
            format!("{from}/")
        };
        let mut cx = Context::new();
        cx.insert("site", &self.site_view(site, &from));
        cx.insert("t", &self.t);
        cx.insert("title", &page.title);
        cx.insert("href", &url::relative(&from, &page.url));
        if !site.config.base_url.is_empty() {
            cx.insert(
                "canonical",
                &format!(
                    "{}/{}",
                    site.config.base_url.trim_end_matches('/'),
                    url::encode_path(&page.url)
                ),
            );
        }
        self.render("redirect.html", &cx, &page.shown_path())
    }

    /// `services/` or `tags/`: every term with its number of pages.
    pub fn terms(&self, site: &Site, folder: &str) -> Result<String, Finding> {
        let at = format!("{folder}/");
        let mut cx = self.base_context(site, &at);
        let list = if folder == crate::site::SERVICES {
            &site.services
        } else {
            &site.tags
        };
        let items: Vec<LinkView> = list
            .iter()
            .map(|term| LinkView {
                title: term.name.clone(),
                href: url::relative(&at, &term.url),
                kind: None,
                description: None,
                date: None,
                count: Some(term.pages.len()),
            })
            .collect();
        let t = &self.t;
        cx.insert("title", &t[folder]);
        cx.insert("terms", &items);
        self.render("terms.html", &cx, &at)
    }

    /// A service's or tag's page: every page naming it, grouped by kind (runbooks first).
    pub fn term(&self, site: &Site, folder: &str, index: usize) -> Result<String, Finding> {
        let list = if folder == crate::site::SERVICES {
            &site.services
        } else {
            &site.tags
        };
        let term = &list[index];
        let at = term.url.as_str();
        let mut cx = self.base_context(site, at);
        // A service page sorts its pages for the on-call reader; a tag's by kind.
        let groups = if folder == crate::site::SERVICES {
            cx.insert("service", &self.service(site, term, at));
            Vec::new()
        } else {
            self.by_kind(site, &term.pages, at)
        };
        let t = &self.t;
        cx.insert("title", &term.name);
        cx.insert("folder_title", &t[folder]);
        cx.insert("folder_href", &url::relative(at, &format!("{folder}/")));
        cx.insert("groups", &groups);
        self.render("term.html", &cx, at)
    }
}

/// What an on-call reader looks for on a service's page, in that order.
#[derive(Serialize)]
struct ServiceView {
    runbooks: Vec<serde_json::Value>,
    /// The latest incidents, newest first, and how many more there are.
    incidents: Vec<incidents::IncidentView>,
    more_incidents: usize,
    /// The incident index, filtered to the service.
    incidents_href: String,
    /// Windows still to come, soonest first.
    upcoming: Vec<windows::WindowView>,
    kpis: Vec<kpis::KpiView>,
    /// Everything else that names it (past windows, releases, pages), by kind.
    others: Vec<serde_json::Value>,
}

/// How many incidents a service page lists before pointing to the index.
const SERVICE_INCIDENTS: usize = 10;

impl Renderer {
    fn service(&self, site: &Site, term: &crate::site::terms::Term, at: &str) -> ServiceView {
        use crate::content::Details;
        let mut runbooks = Vec::new();
        let mut incidents = Vec::new();
        let mut upcoming = Vec::new();
        let mut others = Vec::new();
        for &i in &term.pages {
            let page = &site.pages[i];
            match &page.details {
                Details::Postmortem(p) => incidents.push(self.incident(site, page, p, at)),
                Details::Window(w) if w.derived.upcoming => upcoming.push((
                    w.start.as_ref().map(|t| t.0),
                    self.window(site, page, w, at),
                )),
                _ if page.kind == crate::content::Kind::Runbook => {
                    runbooks.push(serde_json::json!(self.page_link(page, at)));
                }
                _ => others.push(i),
            }
        }
        // Service pages list postmortems newest first already.
        let more_incidents = incidents.len().saturating_sub(SERVICE_INCIDENTS);
        incidents.truncate(SERVICE_INCIDENTS);
        upcoming.sort_by_key(|(start, _)| *start);
        let slug = &term.slug;
        let kpis = site
            .kpis
            .iter()
            .filter(|s| s.services.iter().any(|n| url::slugify(n) == *slug))
            .map(|s| self.kpi_view(s, &crate::kpi::block::Block::default(), at, false))
            .collect();
        ServiceView {
            runbooks,
            incidents,
            more_incidents,
            incidents_href: format!(
                "{}#service={slug}",
                url::relative(at, crate::site::POSTMORTEMS)
            ),
            upcoming: upcoming.into_iter().map(|(_, w)| w).collect(),
            kpis,
            others: self.by_kind(site, &others, at),
        }
    }

    /// `pages` (already in kind order) in one group per kind, each
    /// `{label, pages}`.
    fn by_kind(&self, site: &Site, pages: &[usize], at: &str) -> Vec<serde_json::Value> {
        let mut groups: Vec<(String, Vec<LinkView>)> = Vec::new();
        for &i in pages {
            let page = &site.pages[i];
            let label = strings::kind_plural(self.lang, page.kind);
            if groups.last().is_none_or(|(l, _)| *l != label) {
                groups.push((label, Vec::new()));
            }
            if let Some((_, links)) = groups.last_mut() {
                links.push(self.page_link(page, at));
            }
        }
        groups
            .into_iter()
            .map(|(label, pages)| serde_json::json!({"label": label, "pages": pages}))
            .collect()
    }
}

pub(super) fn count_pages(site: &Site, section: &Section) -> usize {
    section.pages.len()
        + usize::from(section.index.is_some())
        + section
            .children
            .iter()
            .map(|&c| count_pages(site, &site.sections[c]))
            .sum::<usize>()
}

/// Escapes text for HTML, attributes included. Unlike tera's default it leaves `/`
/// alone, so relative URLs stay readable.
fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// Tera hides the useful part of an error in its source chain.
fn error_chain(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    message.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn theme_file_names_are_the_theme_files() {
        let names: Vec<&str> = theme_files().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, super::THEME_FILE_NAMES);
    }

    use super::*;

    /// `source` without what lies between `open` and `close` (both included).
    fn without(source: &str, open: &str, close: &str) -> String {
        let mut out = String::new();
        let mut rest = source;
        while let Some(start) = rest.find(open) {
            out.push_str(&rest[..start]);
            let after = &rest[start..];
            rest = after.find(close).map_or("", |e| &after[e + close.len()..]);
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn built_in_templates_write_no_words_of_their_own() {
        for &(name, body) in TEMPLATES {
            let mut text = body.to_string();
            for (open, close) in [
                ("{#", "#}"),
                ("{%", "%}"),
                ("{{", "}}"),
                ("<style", "</style>"),
                ("<script", "</script>"),
            ] {
                text = without(&text, open, close);
            }
            // Words people read in attributes: labels, placeholders, titles.
            for attribute in ["aria-label=\"", "placeholder=\"", "title=\"", "alt=\""] {
                for value in text.split(attribute).skip(1) {
                    let value = value.split('"').next().unwrap_or_default();
                    assert!(
                        !value.chars().any(char::is_alphabetic),
                        "{name}: {attribute}{value}\" is not from the message table"
                    );
                }
            }
            let outside_tags = without(&text, "<", ">");
            let word: String = outside_tags
                .split(|c: char| !c.is_alphabetic())
                .find(|w| w.chars().count() > 1)
                .unwrap_or_default()
                .to_string();
            assert!(
                word.is_empty(),
                "{name} writes `{word}` itself, not from the message table"
            );
        }
    }

    /// The tera tags of a template, sorted (minifying may reorder attributes).
    fn tags(source: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = source;
        while let Some(start) = rest.find(['{']) {
            let after = &rest[start..];
            let close = match after.get(..2) {
                Some("{{") => "}}",
                Some("{%") => "%}",
                _ => {
                    rest = &after[1..];
                    continue;
                }
            };
            let end = after.find(close).map_or(after.len(), |e| e + 2);
            out.push(after[..end].to_string());
            rest = &after[end..];
        }
        out.sort();
        out
    }

    #[test]
    fn minifying_built_in_templates_keeps_every_tag() {
        for (name, source) in TEMPLATES {
            let minified = crate::output::minify_template(source);
            assert!(minified.len() < source.len(), "{name} got no smaller");
            assert_eq!(tags(&minified), tags(source), "{name}");
        }
        let mut tera = Tera::default();
        let minified: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), crate::output::minify_template(s)))
            .collect();
        tera.add_raw_templates(minified.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .expect("minified templates parse");
    }

    #[test]
    fn every_template_in_the_folder_is_built_in() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        built_in.sort();
        assert_eq!(on_disk, built_in);
    }

    #[test]
    fn escape_leaves_slashes_alone() {
        assert_eq!(
            escape("../a/<b> & \"c\" 'd'"),
            "../a/&lt;b&gt; &amp; &quot;c&quot; &#x27;d&#x27;"
        );
    }
}
