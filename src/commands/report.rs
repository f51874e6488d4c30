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

/// JUnit XML, as CI systems show test results: one test case per file checked
/// (every page, KPI export and the config, and any other file a finding names),
/// with a `<failure>` per error (per warning too with `strict`) and the other
/// warnings as its output. A file without findings is a passing case.
pub fn junit(findings: &Findings, files: &[String], strict: bool) -> String {
    // Each file with its findings, in path order.
    let mut by_path: std::collections::BTreeMap<&str, Vec<&Finding>> =
        files.iter().map(|f| (f.as_str(), Vec::new())).collect();
    for f in findings.items() {
        by_path.entry(f.path.as_str()).or_default().push(f);
    }
    let fails = |f: &Finding| f.is_error() || strict;
    let failing = by_path
        .values()
        .filter(|mine| mine.iter().any(|f| fails(f)))
        .count();
    let total = by_path.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"bitacora check\" tests=\"{total}\" failures=\"{failing}\" errors=\"0\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"bitacora check\" tests=\"{total}\" failures=\"{failing}\" errors=\"0\" skipped=\"0\">"
    );
    for (path, mine) in by_path {
        // The folder as the class, so CI groups cases by it.
        let folder = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
            xml(&folder.replace('/', ".")),
            xml(path),
            xml(path)
        );
        if mine.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        for f in mine.iter().filter(|f| fails(f)) {
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                f.code,
                xml(&format!("{}:{}: {}", f.line, f.col, f.message)),
                xml(&f.to_string())
            );
        }
        let rest: Vec<String> = mine
            .iter()
            .filter(|f| !fails(f))
            .map(|f| f.to_string())
            .collect();
        if !rest.is_empty() {
            let _ = writeln!(
                out,
                "      <system-out>{}</system-out>",
                xml(&rest.join("\n"))
            );
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
