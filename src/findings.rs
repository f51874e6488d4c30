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

/// Every finding code and what it means. Codes are stable: CI scripts and reports
/// match on them, so a code is added here, never renamed. The JSON schema
/// (`docs/findings.schema.json`) lists the same codes; a test keeps them equal.
pub const CODES: &[(&str, &str)] = &[
    ("config.encoding", "bitacora.toml is not UTF-8"),
    ("config.invalid", "bitacora.toml does not parse, has an unknown key, or names something that does not exist"),
    ("config.read", "bitacora.toml cannot be read"),
    ("file.encoding", "a content file is not UTF-8"),
    ("file.mis-encoded", "text saved as UTF-8 after being read as Windows-1252 or Mac Roman (see fix-encoding)"),
    ("file.name", "a file name is not valid UTF-8"),
    ("file.read", "a file or folder cannot be read"),
    ("file.symlink", "a symbolic link, skipped"),
    ("front-matter.key", "a front matter key this kind of page does not take (another kind's, or nobody's), ignored"),
    ("front-matter.misspelt", "a front matter key close to a known one (`titel`), ignored; the hint names the key meant"),
    ("front-matter.syntax", "front matter that is not valid TOML or YAML, or is never closed"),
    ("front-matter.value", "a front matter value of the wrong type"),
    ("kpi.block", "a kpi block with an unknown series or option"),
    ("kpi.csv", "a CSV export that cannot be read as a table"),
    ("kpi.description", "a KPI series description that is wrong or names what does not exist"),
    ("kpi.duplicate", "a KPI export repeats a row for the same time"),
    ("kpi.empty", "a KPI export with no data rows"),
    ("kpi.encoding", "a KPI export that is not UTF-8"),
    ("kpi.number", "a KPI cell that is not a number"),
    ("kpi.read", "a KPI export cannot be read"),
    ("kpi.time", "a KPI time cell that is not a date or month"),
    ("link.broken", "a link to a page, file or anchor that does not exist"),
    ("link.outside", "a link that leaves the content folder"),
    ("markup.foreign", "shortcodes or template tags of another generator, shown as written (once per kind per file)"),
    ("output.folder", "the output folder is refused (it is the source, a parent of it, or not bitacora's)"),
    ("output.write", "a file of the site cannot be written"),
    ("postmortem.action", "an action without an owner or a due date"),
    ("postmortem.detected", "detected outside the incident, from started to resolved"),
    ("postmortem.release", "a postmortem names a release no release file gives"),
    ("postmortem.resolved", "resolved before started"),
    ("postmortem.severity", "a postmortem without a severity, or with an unknown one"),
    ("postmortem.started", "a postmortem without started"),
    ("release.duplicate", "two release files give the same version"),
    ("release.status", "an unknown release status"),
    ("release.version", "a release without a version, or with one that is not semantic"),
    ("runbook.review-every", "review_every that is not a span of days"),
    ("runbook.stale", "a runbook whose review is overdue, or that was never reviewed"),
    ("section.index", "two index files (_index.md, index.md, README.md) in one folder; the less preferred is an ordinary page"),
    ("static.read", "a file of static/ cannot be read"),
    ("template.read", "a template cannot be read"),
    ("template.render", "a template fails while rendering a page"),
    ("template.syntax", "a template that does not parse"),
    ("url.duplicate", "two sources would be written to the same URL"),
    ("usage", "a flag, a date or a folder given on the command line is wrong"),
    ("window.end", "a window whose end is not after its start"),
    ("window.impact", "an unknown window impact"),
    ("window.notice", "a window announced later than [windows] min_notice before it starts, or never"),
    ("window.overlap", "two windows overlap in time on the same service"),
    ("window.release", "a window names a release no release file gives"),
    ("window.rollback", "a window without a rollback plan"),
    ("window.status", "an unknown window status"),
    ("window.success-criteria", "a window without success criteria"),
    ("window.time", "a window without start or end"),
    ("window.unticked", "a done window with a success criterion not ticked"),
];

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
        debug_assert!(
            CODES.iter().any(|(c, _)| *c == code),
            "finding code `{code}` is not in findings::CODES"
        );
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
    fn every_code_is_documented_in_the_schema_and_well_formed() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../docs/findings.schema.json")).unwrap();
        let documented: Vec<&str> = schema["$defs"]["finding"]["properties"]["code"]["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["const"].as_str().unwrap())
            .collect();
        let codes: Vec<&str> = CODES.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            documented, codes,
            "docs/findings.schema.json lists other codes"
        );
        let readme = include_str!("../README.md");
        let listed: Vec<&str> = readme
            .lines()
            .filter_map(|l| l.strip_prefix("| `")?.split_once('`').map(|(c, _)| c))
            .collect();
        assert_eq!(
            listed, codes,
            "the README's table of codes lists other codes"
        );
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, codes, "CODES is sorted, without repeats");
        for code in codes {
            let (area, problem) = code.split_once('.').unwrap_or((code, "x"));
            let word =
                |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '-');
            assert!(word(area) && word(problem), "{code}");
        }
    }

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
        f.push(Finding::error("link.broken", "b.md", "late").at(1, 1));
        f.push(Finding::warning("link.broken", "a.md", "second").at(9, 1));
        f.push(Finding::error("link.broken", "a.md", "first").at(2, 4));
        f.finish();
        let order: Vec<_> = f.items().iter().map(|x| x.message.as_str()).collect();
        assert_eq!(order, ["first", "second", "late"]);
        assert_eq!(f.summary(), "2 errors, 1 warning");
        assert!(f.failed(false));
    }

    #[test]
    fn display_has_path_line_col_and_help() {
        let f = Finding::error("link.broken", "content/a.md", "broken")
            .at(3, 5)
            .hint("fix it");
        assert_eq!(
            f.to_string(),
            "content/a.md:3:5: error: broken\n  help: fix it"
        );
    }
}
