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
    fn percent_decoding() {
        assert_eq!(
            decode_percent("Plan%20de%20Mantenci%C3%B3n.md"),
            "Plan de Mantención.md"
        );
        assert_eq!(decode_percent("100%"), "100%");
        assert_eq!(decode_percent("%zz"), "%zz");
    }
}
