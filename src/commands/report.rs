//! Printing findings: text for people, JSON and JUnit for CI.

use crate::findings::{Finding, Findings};
use serde::Serialize;
use std::fmt::Write as _;

pub fn text(findings: &Findings) -> String {
    let mut out = String::new();
    for f in findings.items() {
        let _ = writeln!(out, "{f}");
    }
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    findings: &'a [Finding],
}

pub fn json(findings: &Findings) -> String {
    let report = JsonReport {
        errors: findings.errors(),
        warnings: findings.warnings(),
        findings: findings.items(),
    };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

/// One test case per file with findings; errors are failures, warnings are system-out.
pub fn junit(findings: &Findings) -> String {
    let mut files: Vec<&str> = findings.items().iter().map(|f| f.path.as_str()).collect();
    files.dedup();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"bitacora check\" tests=\"{}\" failures=\"{}\">",
        files.len().max(1),
        findings.errors()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"content\" tests=\"{}\" failures=\"{}\">",
        files.len().max(1),
        findings.errors()
    );
    if files.is_empty() {
        out.push_str("    <testcase classname=\"bitacora\" name=\"content\"/>\n");
    }
    for file in files {
        let _ = writeln!(
            out,
            "    <testcase classname=\"bitacora\" name=\"{}\">",
            xml(file)
        );
        for f in findings.items().iter().filter(|f| f.path == file) {
            let body = xml(&f.to_string());
            if f.is_error() {
                let _ = writeln!(
                    out,
                    "      <failure type=\"{}\" message=\"{}\">{body}</failure>",
                    f.code,
                    xml(&f.message)
                );
            } else {
                let _ = writeln!(out, "      <system-out>{body}</system-out>");
            }
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
