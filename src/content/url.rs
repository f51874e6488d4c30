//! Slugs and URLs. Every URL here is relative to the site root, without a leading
//! slash; a page's URL ends in `/` and is written as `URL/index.html`.

/// `Plan de Mantención` → `plan-de-mantencion`: accents folded, lowercase, every run of
/// other characters one hyphen. Symbols and emoji are separators, not words.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            let folded: String = if c.is_ascii() {
                c.to_ascii_lowercase().to_string()
            } else {
                deunicode::deunicode_char(c)
                    .unwrap_or("")
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .map(|c| c.to_ascii_lowercase())
                    .collect()
            };
            if folded.is_empty() {
                continue;
            }
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push_str(&folded);
        } else {
            pending_hyphen = true;
        }
    }
    out
}

/// The folder part of a content path, slugged: `Soporte Nivel 2/x.md` → `soporte-nivel-2/`.
fn slug_dirs(rel: &str) -> String {
    let mut out = String::new();
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    for part in parts {
        let slug = slugify(part);
        out.push_str(if slug.is_empty() { "_" } else { &slug });
        out.push('/');
    }
    out
}

fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    match name.rfind('.') {
        Some(dot) if dot > 0 => &name[..dot],
        _ => name,
    }
}

/// URL of the page built from a Markdown file: `runbooks/Cuota OCR.md` → `runbooks/cuota-ocr/`.
pub fn page_url(rel: &str) -> String {
    let stem = slugify(file_stem(rel));
    format!(
        "{}{}/",
        slug_dirs(rel),
        if stem.is_empty() { "_" } else { &stem }
    )
}

/// The names that make a file its folder's own page, most preferred first: Hugo's
/// and Zola's `_index.md`, `index.md`, and a Git host's `README.md` (in any case).
pub const INDEX_NAMES: [&str; 3] = ["_index", "index", "readme"];

/// A file name's preference as its folder's page (0 is the most preferred), if it is
/// one of `INDEX_NAMES` with a Markdown extension.
pub fn index_rank(name: &str) -> Option<usize> {
    let lower = name.to_ascii_lowercase();
    let stem = lower
        .strip_suffix(".md")
        .or_else(|| lower.strip_suffix(".markdown"))?;
    INDEX_NAMES.iter().position(|n| *n == stem)
}

/// The files directly in folder `dir` of the sorted list `files`.
pub fn files_in<'a>(dir: &str, files: &'a [String]) -> impl Iterator<Item = &'a String> {
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let from = files.partition_point(|f| f.as_str() < prefix.as_str());
    let len = prefix.len();
    files[from..]
        .iter()
        .take_while(move |f| f.starts_with(&prefix))
        .filter(move |f| !f[len..].contains('/'))
}

/// The file that is folder `dir`'s own page, if it has one.
pub fn section_index_of<'a>(dir: &str, markdown: &'a [String]) -> Option<&'a String> {
    files_in(dir, markdown)
        .filter_map(|f| Some((index_rank(f.rsplit('/').next()?)?, f)))
        .min()
        .map(|(_, f)| f)
}

/// Whether `rel` is its folder's own page (see `section_index_of`).
pub fn is_section_index(rel: &str, markdown: &[String]) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if index_rank(name).is_none() {
        return false;
    }
    let dir = rel.rfind('/').map_or("", |i| &rel[..i]);
    section_index_of(dir, markdown).is_some_and(|f| f == rel)
}

/// URL of a page whose front matter gives a `slug`: it replaces the file's name;
/// one starting with `/` is the whole path from the site's root. `None` when the
/// slug has nothing that can stand in a URL.
pub fn with_slug(rel: &str, slug: &str) -> Option<String> {
    let slug = slug.trim();
    let (base, path) = match slug.strip_prefix('/') {
        Some(path) => (String::new(), path),
        None => (slug_dirs(rel), slug),
    };
    let parts: Vec<String> = path
        .split('/')
        .map(slugify)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return None;
    }
    Some(format!("{base}{}/", parts.join("/")))
}

/// A link written as a URL path (`Runbooks/etcd/etcdNoLeader/`), slugged the way
/// pages' URLs are, to be matched against them: `runbooks/etcd/etcdnoleader/`.
pub fn url_of_path(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        let stem = part
            .strip_suffix(".html")
            .or_else(|| part.strip_suffix(".htm"))
            .unwrap_or(part);
        if stem == "index" {
            continue;
        }
        let slug = slugify(stem);
        out.push_str(if slug.is_empty() { "_" } else { &slug });
        out.push('/');
    }
    out
}

/// URL of a section (a folder): `runbooks` → `runbooks/`.
pub fn section_url(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        slug_dirs(&format!("{dir}/x"))
    }
}

/// URL of a file copied as is: folders slugged like pages', the file name kept.
pub fn asset_url(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    format!("{}{}", slug_dirs(rel), name)
}

/// How to get from a page (or section) at `from` to the site root: `a/b/` → `../../`.
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// A relative href from the page at `from` to `to`, both site-root URLs.
pub fn relative(from: &str, to: &str) -> String {
    let href = format!("{}{}", root_prefix(from), encode_path(to));
    if href.is_empty() {
        "./".to_string()
    } else {
        href
    }
}

/// Percent-encodes what cannot stand in a URL path as it is.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes `%20` and friends in a link written by an author. Invalid escapes stay as written.
pub fn decode_percent(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Joins a relative link to the folder of the file it is written in and folds `.`/`..`.
/// `None` when the result would leave the content folder.
pub fn resolve(from_file: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        let mut dir: Vec<&str> = from_file.split('/').collect();
        dir.pop();
        dir
    };
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_folds_accents_and_spaces() {
        assert_eq!(slugify("Plan de Mantención"), "plan-de-mantencion");
        assert_eq!(
            slugify("### 2.1 Verificación  rápida!"),
            "2-1-verificacion-rapida"
        );
        assert_eq!(slugify("🔧 Ñandú über"), "nandu-uber");
        assert_eq!(slugify("---"), "");
    }

    #[test]
    fn page_urls_keep_folders() {
        assert_eq!(page_url("Plan de Mantención.md"), "plan-de-mantencion/");
        assert_eq!(page_url("runbooks/Cuota OCR.md"), "runbooks/cuota-ocr/");
        assert_eq!(
            page_url("Soporte Nivel 2/a b.markdown"),
            "soporte-nivel-2/a-b/"
        );
        assert_eq!(
            asset_url("KPIs/uptime mensual.csv"),
            "kpis/uptime mensual.csv"
        );
        assert_eq!(section_url("runbooks/db"), "runbooks/db/");
    }

    #[test]
    fn relative_links() {
        assert_eq!(relative("runbooks/a/", "soporte/b/"), "../../soporte/b/");
        assert_eq!(relative("", "runbooks/"), "runbooks/");
        assert_eq!(relative("runbooks/a/", ""), "../../");
        assert_eq!(relative("", ""), "./");
        assert_eq!(
            relative("a/", "kpis/uptime mensual.csv"),
            "../kpis/uptime%20mensual.csv"
        );
    }

    #[test]
    fn resolve_relative_paths() {
        assert_eq!(
            resolve("runbooks/a.md", "../soporte/b.md").as_deref(),
            Some("soporte/b.md")
        );
        assert_eq!(
            resolve("runbooks/a.md", "./c.md").as_deref(),
            Some("runbooks/c.md")
        );
        assert_eq!(
            resolve("a.md", "/runbooks/c.md").as_deref(),
            Some("runbooks/c.md")
        );
        assert_eq!(resolve("runbooks/a.md", "../../etc/passwd"), None);
    }

    #[test]
    fn section_index_files_by_preference() {
        let files: Vec<String> = [
            "README.md",
            "a/README.md",
            "a/_index.md",
            "a/b/index.md",
            "a/b/x.md",
            "a/readme-old.md",
            "c/Readme.markdown",
        ]
        .map(String::from)
        .to_vec();
        assert!(is_section_index("README.md", &files));
        assert!(is_section_index("a/_index.md", &files));
        assert!(!is_section_index("a/README.md", &files));
        assert!(is_section_index("a/b/index.md", &files));
        assert!(!is_section_index("a/b/x.md", &files));
        assert!(!is_section_index("a/readme-old.md", &files));
        assert!(is_section_index("c/Readme.markdown", &files));
        assert_eq!(
            section_index_of("a", &files).map(String::as_str),
            Some("a/_index.md")
        );
        assert_eq!(section_index_of("d", &files), None);
    }

    #[test]
    fn file_names_as_teams_write_them() {
        assert_eq!(
            page_url("runbooks/alertmanager/AlertmanagerClusterDown.md"),
            "runbooks/alertmanager/alertmanagerclusterdown/"
        );
        assert_eq!(page_url("releases/v2.10.1.md"), "releases/v2-10-1/");
        assert_eq!(page_url("01. Arranque en frío.md"), "01-arranque-en-frio/");
        assert_eq!(page_url("Ops/KubeAPIDown.markdown"), "ops/kubeapidown/");
    }

    #[test]
    fn slugs_and_url_paths() {
        assert_eq!(
            with_slug("a/b.md", "Nuevo Nombre").as_deref(),
            Some("a/nuevo-nombre/")
        );
        assert_eq!(with_slug("a/b.md", "/top/x").as_deref(), Some("top/x/"));
        assert_eq!(with_slug("a/b.md", " / "), None);
        assert_eq!(
            url_of_path("runbooks/etcd/etcdNoLeader/"),
            "runbooks/etcd/etcdnoleader/"
        );
        assert_eq!(url_of_path("docs/add-runbook"), "docs/add-runbook/");
        assert_eq!(url_of_path("docs/index.html"), "docs/");
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(
            decode_percent("Plan%20de%20Mantenci%C3%B3n.md"),
            "Plan de Mantención.md"
        );
        assert_eq!(decode_percent("100%"), "100%");
        assert_eq!(decode_percent("%zz"), "%zz");
    }
}
