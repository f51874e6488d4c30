//! Findings: every error and warning of a run, in one type, printed in one place.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in the content, the config or the output folder.
/// `path` is relative to the site folder and uses `/`; line and column are 1-based,
/// 0 when the finding is about the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub code: &'static str,
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Finding {
    pub fn new(severity: Severity, code: &'static str, path: impl Into<String>) -> Self {
        Finding {
            severity,
            code,
            path: path.into(),
            line: 0,
            col: 0,
            message: String::new(),
            hint: None,
        }
    }

    pub fn error(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Finding::new(Severity::Error, code, path).message(message)
    }

    pub fn warning(
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Finding::new(Severity::Warning, code, path).message(message)
    }

    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.col.max(1))?;
        }
        write!(f, ": {}: {}", self.severity, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {hint}")?;
        }
        Ok(())
    }
}

/// All findings of a run. Sorted by path, line and column before anyone reads them.
#[derive(Debug, Default, Clone)]
pub struct Findings {
    items: Vec<Finding>,
}

impl Findings {
    pub fn push(&mut self, finding: Finding) {
        self.items.push(finding);
    }

    pub fn extend(&mut self, findings: impl IntoIterator<Item = Finding>) {
        self.items.extend(findings);
    }

    /// Sorts and drops exact repeats, so the report is the same on every run.
    pub fn finish(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
        });
        self.items.dedup();
    }

    pub fn items(&self) -> &[Finding] {
        &self.items
    }

    pub fn errors(&self) -> usize {
        self.items.iter().filter(|f| f.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }

    /// True when the run failed: any error, or with `strict` any warning.
    pub fn failed(&self, strict: bool) -> bool {
        self.errors() > 0 || (strict && !self.items.is_empty())
    }

    /// "2 errors, 1 warning" style count.
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        format!(
            "{}, {}",
            plural(self.errors(), "error"),
            plural(self.warnings(), "warning")
        )
    }
}

/// 1-based line and column (in chars) of a byte offset, from a table of line starts.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line + 1, col + 1)
    }
}

/// A TOML error as a finding at its line. `line_offset` is added for TOML embedded in
/// another file (front matter).
pub fn toml_finding(
    code: &'static str,
    path: &str,
    text: &str,
    line_offset: usize,
    e: &toml::de::Error,
) -> Finding {
    let message = e.message().trim().replace('\n', " ");
    let (line, col) = match e.span() {
        Some(span) => LineIndex::new(text).line_col(text, span.start),
        None => (1, 1),
    };
    let hint = if message.starts_with("unknown field") {
        "remove the key or fix its spelling; the message lists the keys that are accepted here"
    } else {
        "fix the TOML syntax: strings in double quotes, dates as 2025-10-04, lists as [\"a\", \"b\"]"
    };
    Finding::error(code, path, message)
        .at(line + line_offset, col)
        .hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_chars_not_bytes() {
        let text = "ab\nñandú [x]\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        let pos = text.find('[').unwrap();
        assert_eq!(idx.line_col(text, pos), (2, 7));
    }

    #[test]
    fn findings_sort_by_path_then_line() {
        let mut f = Findings::default();
        f.push(Finding::error("x", "b.md", "late").at(1, 1));
        f.push(Finding::warning("x", "a.md", "second").at(9, 1));
        f.push(Finding::error("x", "a.md", "first").at(2, 4));
        f.finish();
        let order: Vec<_> = f.items().iter().map(|x| x.message.as_str()).collect();
        assert_eq!(order, ["first", "second", "late"]);
        assert_eq!(f.summary(), "2 errors, 1 warning");
        assert!(f.failed(false));
    }

    #[test]
    fn display_has_path_line_col_and_help() {
        let f = Finding::error("link", "content/a.md", "broken")
            .at(3, 5)
            .hint("fix it");
        assert_eq!(
            f.to_string(),
            "content/a.md:3:5: error: broken\n  help: fix it"
        );
    }
}
