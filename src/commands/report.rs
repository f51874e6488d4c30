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

/// A test suite per file with findings and a test case per finding: errors fail,
/// warnings pass with their text as output. A clean run is one passing case.
pub fn junit(findings: &Findings) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total = findings.items().len().max(1);
    let _ = writeln!(
        out,
        "<testsuites name=\"bitacora check\" tests=\"{total}\" failures=\"{}\">",
        findings.errors()
    );
    if findings.items().is_empty() {
        out.push_str("  <testsuite name=\"content\" tests=\"1\" failures=\"0\">\n");
        out.push_str(
            "    <testcase classname=\"bitacora\" name=\"no findings\"/>\n  </testsuite>\n",
        );
    }
    let items = findings.items();
    let mut start = 0;
    while start < items.len() {
        let path = &items[start].path;
        let end = start
            + items[start..]
                .iter()
                .take_while(|f| &f.path == path)
                .count();
        let group = &items[start..end];
        let failures = group.iter().filter(|f| f.is_error()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">",
            xml(path),
            group.len()
        );
        for f in group {
            let name = xml(&format!("{}:{}:{} {}", f.path, f.line, f.col, f.code));
            let body = xml(&f.to_string());
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{name}\">",
                xml(path)
            );
            if f.is_error() {
                let _ = write!(
                    out,
                    "<failure type=\"{}\" message=\"{}\">{body}</failure>",
                    f.code,
                    xml(&f.message)
                );
            } else {
                let _ = write!(out, "<system-out>{body}</system-out>");
            }
            out.push_str("</testcase>\n");
        }
        out.push_str("  </testsuite>\n");
        start = end;
    }
    out.push_str("</testsuites>\n");
    out
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
