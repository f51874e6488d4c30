//! What every site gets beside its pages: a page for addresses that do not exist,
//! `robots.txt`, and, when it knows its address (`base_url`), `sitemap.xml`.

use super::Renderer;
use crate::content::url;
use crate::findings::Finding;
use crate::site::{Site, NOT_FOUND, SITEMAP};

/// The site's root as an absolute path: `/` or, deployed under a sub-path, `/docs/`.
pub fn root_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let path = path.trim_end_matches('/');
    format!("{path}/")
}

/// Escapes text for XML content.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

impl Renderer {
    /// `404.html`: served for any missing address, at any depth, so its links start
    /// from the site's root path (`<base href>`).
    pub fn not_found(&self, site: &Site) -> Result<String, Finding> {
        let mut cx = self.base_context(site, "");
        cx.insert("canonical", &None::<String>);
        cx.insert("base_href", &root_path(&site.config.base_url));
        self.render("404.html", &cx, NOT_FOUND)
    }

    /// `sitemap.xml`: every page a reader lands on (not the printable copies), by
    /// URL, with the date a page gives. Needs `base_url`: a sitemap's addresses are
    /// absolute.
    pub fn sitemap(&self, site: &Site) -> Option<String> {
        let base = site.config.base_url.trim_end_matches('/');
        if base.is_empty() {
            return None;
        }
        let mut entries: Vec<(String, Option<String>)> = Vec::new();
        for page in &site.pages {
            entries.push((page.url.clone(), page.date().map(|d| d.to_string())));
        }
        for section in &site.sections {
            entries.push((section.url.clone(), None));
        }
        for written in site.generated() {
            if let Some(dir) = written.strip_suffix("index.html") {
                if !dir.ends_with("/form/") && !dir.ends_with("/print/") && dir != "windows/form/" {
                    entries.push((dir.to_string(), None));
                }
            }
        }
        entries.sort();
        entries.dedup_by(|a, b| a.0 == b.0);
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (at, date) in entries {
            out.push_str("  <url><loc>");
            out.push_str(&xml(&format!("{base}/{}", url::encode_path(&at))));
            out.push_str("</loc>");
            if let Some(d) = date {
                out.push_str(&format!("<lastmod>{d}</lastmod>"));
            }
            out.push_str("</url>\n");
        }
        out.push_str("</urlset>\n");
        Some(out)
    }

    /// `nav.js`: every folder's pages (URL, title), for the sidebars that list only
    /// the pages around their own; loaded once, when a reader asks for the rest.
    pub fn nav_script(&self, site: &Site) -> String {
        let mut folders = serde_json::Map::new();
        for section in &site.sections {
            let pages: Vec<serde_json::Value> = section
                .pages
                .iter()
                .map(|&p| serde_json::json!([site.pages[p].url, site.pages[p].title]))
                .collect();
            folders.insert(section.url.clone(), serde_json::Value::Array(pages));
        }
        let tree = self.folder_tree(site, site.root());
        format!(
            "bitacoraNav({},{});\n",
            serde_json::Value::Object(folders),
            serde_json::Value::Array(tree)
        )
    }

    /// The folders under `section`, each `[url, title, pages in it and below,
    /// [its folders]]`, for the sidebar's tree of the whole site.
    fn folder_tree(&self, site: &Site, section: &crate::site::Section) -> Vec<serde_json::Value> {
        section
            .children
            .iter()
            .map(|&c| {
                let child = &site.sections[c];
                serde_json::json!([
                    child.url,
                    self.folder_title(site, child),
                    super::count_pages(site, child),
                    self.folder_tree(site, child)
                ])
            })
            .collect()
    }

    /// `robots.txt`: everything may be crawled; the sitemap named when there is one.
    pub fn robots(&self, site: &Site) -> String {
        let base = site.config.base_url.trim_end_matches('/');
        let mut out = String::from("User-agent: *\nAllow: /\n");
        if !base.is_empty() {
            out.push_str(&format!("\nSitemap: {base}/{SITEMAP}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_paths_of_base_urls() {
        assert_eq!(root_path(""), "/");
        assert_eq!(root_path("https://ops.example.com"), "/");
        assert_eq!(root_path("https://ops.example.com/"), "/");
        assert_eq!(root_path("https://example.gitlab.io/ops/"), "/ops/");
        assert_eq!(
            root_path("https://example.gitlab.io/ops/docs"),
            "/ops/docs/"
        );
    }

    #[test]
    fn xml_escapes() {
        assert_eq!(xml("a&b<c>\"'"), "a&amp;b&lt;c&gt;&quot;&apos;");
    }
}
