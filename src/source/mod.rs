//! Reading the site folder: walk `content/` once, read each file once, decode it,
//! and report text damaged by a wrong encoding before it reached us.

pub mod encoding;
pub mod frontmatter;
pub mod yaml;

use crate::findings::Finding;
use std::path::{Path, PathBuf};

/// What the walk found under `content/`, sorted, as `/`-separated relative paths.
#[derive(Debug, Default)]
pub struct ContentTree {
    pub markdown: Vec<String>,
    pub assets: Vec<String>,
}

/// A Markdown file read and decoded: no BOM, `\n` line ends.
#[derive(Debug)]
pub struct SourceFile {
    /// Relative to `content/`, with `/`.
    pub rel: String,
    pub text: String,
}

pub fn is_markdown(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// Lists every file under `dir` (hidden files and folders skipped), sorted. Symbolic
/// links are not followed: one could publish a file from anywhere on the machine.
pub fn walk(dir: &Path, findings: &mut Vec<Finding>, shown_as: &str) -> Vec<String> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e
                    .path()
                    .and_then(|p| p.strip_prefix(dir).ok())
                    .map(|p| format!("{shown_as}/{}", p.display()))
                    .unwrap_or_else(|| shown_as.to_string());
                findings.push(
                    Finding::error("file.read", path, format!("cannot read this entry: {e}"))
                        .hint("check the file's permissions, or remove a link that points nowhere"),
                );
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        if entry.path_is_symlink() {
            findings.push(
                Finding::warning(
                    "file.symlink",
                    format!("{shown_as}/{}", rel.to_string_lossy()),
                    "symbolic link skipped: bitacora publishes only files that are really in the folder",
                )
                .hint("copy the file (or folder) here instead of linking to it"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        match parts {
            Some(parts) => files.push(parts.join("/")),
            None => findings.push(
                Finding::error(
                    "file.name",
                    format!("{shown_as}/{}", rel.to_string_lossy()),
                    "this file name is not valid UTF-8, so it cannot become a URL",
                )
                .hint("rename the file using UTF-8 characters"),
            ),
        }
    }
    files.sort();
    files
}

impl ContentTree {
    pub fn scan(content: &Path, findings: &mut Vec<Finding>) -> ContentTree {
        let (markdown, assets) = walk(content, findings, "content")
            .into_iter()
            .partition(|rel| is_markdown(rel));
        ContentTree { markdown, assets }
    }
}

/// Reads one Markdown file. Errors are findings that name the file (and the line of
/// the first byte that is not UTF-8); warnings for mis-encoded text go to `warnings`.
pub fn read(content: &Path, rel: &str, warnings: &mut Vec<Finding>) -> Result<SourceFile, Finding> {
    let shown = format!("content/{rel}");
    let path: PathBuf = content.join(rel);
    let bytes = std::fs::read(&path)
        .map_err(|e| Finding::error("file.read", &shown, format!("cannot read the file: {e}")))?;
    let text = decode(bytes).map_err(|(line, col, byte)| {
        Finding::error(
            "file.encoding",
            &shown,
            format!("the file is not UTF-8: byte 0x{byte:02X} cannot be read"),
        )
        .at(line, col)
        .hint("save the file as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)")
    })?;
    for (i, line) in text.lines().enumerate() {
        if let Some(repair) = encoding::repair_line(line) {
            // Markdown around the word (`**`, `(`, `:`) is not part of the damage.
            let edge = |c: char| c.is_ascii_punctuation();
            let damaged = repair.damaged.trim_matches(edge);
            let repaired = repair.repaired.trim_matches(edge);
            let more = if repair.count > 1 {
                format!(" ({} damaged places on this line)", repair.count)
            } else {
                String::new()
            };
            warnings.push(
                Finding::warning(
                    "file.mis-encoded",
                    &shown,
                    format!(
                        "mis-encoded text \"{damaged}\" should read \"{repaired}\"{more}"
                    ),
                )
                .at(i + 1, repair.col)
                .hint("the text was saved as UTF-8 after being read as Windows-1252 or Mac Roman; retype it or repair the file"),
            );
        }
    }
    Ok(SourceFile {
        rel: rel.to_string(),
        text,
    })
}

/// Decodes UTF-8 (BOM dropped, CRLF and lone CR to LF). On failure returns the
/// 1-based line and column of the first bad byte, and the byte.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, (usize, usize, u8)> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let bytes = e.as_bytes();
            let bad = e.utf8_error().valid_up_to();
            let before = &bytes[..bad];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1;
            return Err((line, col, bytes[bad]));
        }
    };
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_crlf() {
        let text = decode(b"\xEF\xBB\xBF# T\r\nl\xC3\xADnea\r\n".to_vec()).unwrap();
        assert_eq!(text, "# T\nlínea\n");
    }

    #[test]
    fn decode_reports_first_bad_byte_line() {
        let err = decode(b"uno\ndos\nMantenci\xF3n\n".to_vec()).unwrap_err();
        assert_eq!(err, (3, 9, 0xF3));
    }
}
