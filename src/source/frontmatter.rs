//! Splitting a file into front matter and body.

/// The language of a front matter, told by its fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Between `+++` lines (bitacora's own, Hugo, Zola).
    #[default]
    Toml,
    /// Between `---` lines (Jekyll, MkDocs, Docusaurus, Hugo, GitHub).
    Yaml,
}

/// A file split in two. `body_line` is how many lines come before the body, so that a
/// body line number plus `body_line` is the line in the file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front: Option<&'a str>,
    pub format: Format,
    pub body: &'a str,
    pub body_line: usize,
}

/// The front matter was opened but never closed.
#[derive(Debug, PartialEq, Eq)]
pub struct Unclosed(pub Format);

impl Format {
    pub fn fence(self) -> &'static str {
        match self {
            Format::Toml => "+++",
            Format::Yaml => "---",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Toml => "TOML",
            Format::Yaml => "YAML",
        }
    }

    /// Whether `line` closes a front matter of this format. YAML may also end a
    /// document with `...`.
    fn closes(self, line: &str) -> bool {
        let line = line.trim_end();
        line == self.fence() || (self == Format::Yaml && line == "...")
    }
}

/// Front matter sits at the very top of the file, between two `+++` lines (TOML) or
/// two `---` lines (YAML).
pub fn split(text: &str) -> Result<Split<'_>, Unclosed> {
    let opened = [Format::Toml, Format::Yaml]
        .into_iter()
        .find_map(|format| strip_fence_line(text, format.fence()).map(|rest| (format, rest)));
    let Some((format, rest)) = opened else {
        return Ok(Split {
            front: None,
            format: Format::Toml,
            body: text,
            body_line: 0,
        });
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if format.closes(line) {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(Split {
                front: Some(front),
                format,
                body,
                body_line: i + 2,
            });
        }
        offset += line.len();
    }
    // A body may open with a `---` rule: unless a key follows, it is no front matter.
    if format == Format::Yaml && !starts_with_key(rest) {
        return Ok(Split {
            front: None,
            format: Format::Toml,
            body: text,
            body_line: 0,
        });
    }
    Err(Unclosed(format))
}

/// Whether the first line that is not blank reads `key: value` (or `key:`).
fn starts_with_key(text: &str) -> bool {
    let Some(line) = text.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    match line.split_once(':') {
        Some((key, value)) => {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
                && (value.is_empty() || value.starts_with([' ', '\t']))
        }
        None => false,
    }
}

fn strip_fence_line<'a>(text: &'a str, fence: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(fence)?;
    let end = rest.find('\n').unwrap_or(rest.len());
    if !rest[..end].trim().is_empty() {
        return None;
    }
    Some(rest.get(end + 1..).unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_front_matter() {
        let s = split("# Title\n").unwrap();
        assert_eq!(s.front, None);
        assert_eq!(s.body_line, 0);
    }

    #[test]
    fn toml_front_matter() {
        let s = split("+++\ntitle = \"a\"\n+++\n# Body\n").unwrap();
        assert_eq!(s.front, Some("title = \"a\"\n"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 3);
    }

    #[test]
    fn empty_front_matter_at_end_of_file() {
        let s = split("+++\n+++").unwrap();
        assert_eq!(s.front, Some(""));
        assert_eq!(s.body, "");
    }

    #[test]
    fn unclosed() {
        assert_eq!(
            split("+++\ntitle = 1\n# Body\n"),
            Err(Unclosed(Format::Toml))
        );
    }

    #[test]
    fn yaml_front_matter() {
        let s = split("---\ntitle: a\n---\n# Body\n").unwrap();
        assert_eq!(s.front, Some("title: a\n"));
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 3);
        let dots = split("---\ntitle: a\n...\nBody\n").unwrap();
        assert_eq!(dots.body, "Body\n");
        // `+++` does not close YAML, nor `---` TOML.
        assert_eq!(split("---\na: 1\n+++\n"), Err(Unclosed(Format::Yaml)));
        // A rule opening the body, with no key after it, is body.
        let rule = split("---\nIntro paragraph: read on\n").unwrap();
        assert_eq!(rule.front, None);
        assert_eq!(rule.body, "---\nIntro paragraph: read on\n");
        assert_eq!(split("+++\na = 1\n---\n"), Err(Unclosed(Format::Toml)));
    }

    #[test]
    fn plus_line_that_is_not_a_fence() {
        let s = split("+++ nope\n").unwrap();
        assert_eq!(s.front, None);
    }
}
