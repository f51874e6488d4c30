//! Reading KPI exports as monitoring tools and spreadsheets write them: comma or
//! semicolon separated (told by the header), a BOM or not, quoted fields, a decimal
//! point or a decimal comma, thousands separators where they cannot be mistaken,
//! percent signs, empty cells (gaps, not zeros), and a time column of dates
//! (`2025-11-01`, `01/11/2025`), date-times or months (`2025-11`).

use crate::findings::{Finding, Severity};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// How precise a time column is: it decides how the axis and the table write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Month,
    Day,
    Minute,
}

/// A point in time of a row: a local date and time, and how precise it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Time {
    pub at: NaiveDateTime,
    pub precision: Precision,
}

impl Time {
    /// As written in tables: `2025-11`, `2025-11-01`, `2025-11-01 14:05`.
    pub fn label(&self) -> String {
        match self.precision {
            Precision::Month => self.at.format("%Y-%m").to_string(),
            Precision::Day => self.at.format("%Y-%m-%d").to_string(),
            Precision::Minute => self.at.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

/// Reads a time cell. `day_first`: `01/11/2025` is the 1st of November.
pub fn parse_time(cell: &str, day_first: bool, zone: &crate::content::time::Zone) -> Option<Time> {
    let s = cell.trim();
    let midnight = NaiveTime::MIN;
    let day = |d: NaiveDate| Time {
        at: d.and_time(midnight),
        precision: Precision::Day,
    };
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(day(d));
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(Time {
            at: zone.local(t.with_timezone(&chrono::Utc)).naive_local(),
            precision: Precision::Minute,
        });
    }
    for format in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(at) = NaiveDateTime::parse_from_str(s, format) {
            return Some(Time {
                at,
                precision: Precision::Minute,
            });
        }
    }
    let slashed = if day_first { "%d/%m/%Y" } else { "%m/%d/%Y" };
    if let Ok(d) = NaiveDate::parse_from_str(s, slashed) {
        return Some(day(d));
    }
    // A month: 2025-11.
    let (y, m) = s.split_once('-')?;
    if y.len() == 4 && m.len() == 2 {
        let d = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)?;
        return Some(Time {
            at: d.and_time(midnight),
            precision: Precision::Month,
        });
    }
    None
}

/// How numbers are written in a file: which mark is the decimal one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decimal {
    Point,
    Comma,
}

/// A cell that is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// Reads a number cell: `None` for an empty cell, `Err` for text that is no number.
pub fn parse_number(cell: &str, decimal: Decimal) -> Result<Option<f64>, NotANumber> {
    let s = cell.trim().trim_end_matches('%').trim();
    if s.is_empty() || s == "-" && cell.trim().len() == 1 {
        return Ok(None);
    }
    // Spaces of any width and apostrophes only ever group thousands.
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    let (sign, digits) = match s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        Some(rest) => (-1.0, rest),
        None => (1.0, s.strip_prefix('+').unwrap_or(&s)),
    };
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return Err(NotANumber);
    }
    let (dec, thousands) = match decimal {
        Decimal::Point => ('.', ','),
        Decimal::Comma => (',', '.'),
    };
    // Both marks: the last one is the decimal one, whatever the file's habit.
    let (dec, thousands) = match (digits.rfind('.'), digits.rfind(',')) {
        (Some(p), Some(c)) if p > c => ('.', ','),
        (Some(_), Some(_)) => (',', '.'),
        _ => (dec, thousands),
    };
    let (whole, fraction) = match digits.rsplit_once(dec) {
        Some((w, f)) if !w.contains(dec) => (w, Some(f)),
        Some(_) => {
            // The decimal mark twice: it can only be grouping (1.234.567 in a
            // decimal-comma file read as points...), which is no number here.
            return Err(NotANumber);
        }
        None => (digits, None),
    };
    // Thousands groups: 1,234,567: every group after the first has three digits.
    let groups: Vec<&str> = whole.split(thousands).collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return Err(NotANumber);
    }
    let mut text: String = groups.concat();
    if text.is_empty() {
        text.push('0');
    }
    if let Some(f) = fraction {
        if f.is_empty() || f.contains(thousands) {
            return Err(NotANumber);
        }
        text.push('.');
        text.push_str(f);
    }
    text.parse::<f64>()
        .map(|v| Some(sign * v))
        .map_err(|_| NotANumber)
}

/// The separator a header line uses: the most frequent of `;`, `,` and tab outside
/// quotes (a header has no decimal commas to mislead it).
pub fn detect_delimiter(header: &str) -> u8 {
    let mut counts = [(b';', 0usize), (b',', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in &mut counts {
                if b == *d {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(d, n)| (*n, *d == b','))
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

/// A KPI export, read: its columns, and per row its line in the file and its cells.
#[derive(Debug, Clone, Default)]
pub struct Export {
    pub columns: Vec<String>,
    pub delimiter: u8,
    /// Rows as written, with the line each starts on.
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Export {
    /// Splits the text into records (the `csv` crate does the quoting). A row with
    /// fewer or more cells than the header is reported, and read as far as it goes.
    pub fn parse(text: &str, shown: &str, findings: &mut Vec<Finding>) -> Export {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let header = text.lines().next().unwrap_or("");
        let delimiter = detect_delimiter(header);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(text.as_bytes());
        let columns: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|c| c.trim().to_string()).collect(),
            Err(e) => {
                findings.push(
                    Finding::error("kpi.csv", shown, format!("cannot read the header: {e}"))
                        .at(1, 1),
                );
                return Export::default();
            }
        };
        // The line a record starts on, from its byte offset: the reader's own line
        // count starts a record at the blank lines before it. Offsets only grow, so
        // the newlines are counted once, from the last offset on.
        let bytes = text.as_bytes();
        let mut counted = (0usize, 1usize);
        let mut line_at = |offset: u64| {
            let mut at = (offset as usize).min(bytes.len());
            while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
                at += 1;
            }
            let (from, line) = counted;
            let line = if at >= from {
                line + bytes[from..at].iter().filter(|b| **b == b'\n').count()
            } else {
                1 + bytes[..at].iter().filter(|b| **b == b'\n').count()
            };
            counted = (at, line);
            line
        };
        let mut rows = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let line = r.position().map_or(0, |p| line_at(p.byte()));
                    if r.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    if r.len() != columns.len() {
                        findings.push(
                            Finding::new(Severity::Warning, "kpi.csv", shown)
                                .message(format!(
                                    "row has {} cells, the header {}",
                                    r.len(),
                                    columns.len()
                                ))
                                .at(line, 1)
                                .hint("a missing cell is a gap; check the separators of this row"),
                        );
                    }
                    rows.push((line, r.iter().map(str::to_string).collect()));
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| line_at(p.byte()));
                    findings.push(
                        Finding::error("kpi.csv", shown, format!("cannot read the row: {e}"))
                            .at(line, 1)
                            .hint("check the quotes of this row"),
                    );
                }
            }
        }
        Export {
            columns,
            delimiter,
            rows,
        }
    }

    /// How this file writes decimals: a comma when `;` or tabs separate the cells
    /// and a cell has a comma between digits.
    pub fn decimal(&self) -> Decimal {
        if self.delimiter == b',' {
            return Decimal::Point;
        }
        let comma_decimal = self.rows.iter().flat_map(|(_, r)| r).any(|c| {
            let b = c.trim().as_bytes();
            b.windows(3)
                .any(|w| w[0].is_ascii_digit() && w[1] == b',' && w[2].is_ascii_digit())
        });
        if comma_decimal {
            Decimal::Comma
        } else {
            Decimal::Point
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::time::Zone;

    fn n(cell: &str, d: Decimal) -> Result<Option<f64>, ()> {
        parse_number(cell, d).map_err(|_| ())
    }

    #[test]
    fn numbers_in_every_common_dialect() {
        use Decimal::*;
        assert_eq!(n("12.5", Point), Ok(Some(12.5)));
        assert_eq!(n("12,5", Comma), Ok(Some(12.5)));
        assert_eq!(n("99,7 %", Comma), Ok(Some(99.7)));
        assert_eq!(n("99.7%", Point), Ok(Some(99.7)));
        assert_eq!(n("1,234,567.5", Point), Ok(Some(1_234_567.5)));
        assert_eq!(n("1.234.567,5", Comma), Ok(Some(1_234_567.5)));
        assert_eq!(n("1 234", Comma), Ok(Some(1234.0)));
        assert_eq!(n("1\u{a0}234,5", Comma), Ok(Some(1234.5)));
        assert_eq!(n("200.000", Comma), Ok(Some(200_000.0)));
        assert_eq!(n("-3,5", Comma), Ok(Some(-3.5)));
        assert_eq!(n("", Point), Ok(None));
        assert_eq!(n("  ", Comma), Ok(None));
        assert_eq!(n("n/a", Point), Err(()));
        assert_eq!(n("12,34,5", Point), Err(()), "groups of three or nothing");
        assert_eq!(n("1.2.3", Point), Err(()));
        assert_eq!(n("12ms", Point), Err(()));
    }

    #[test]
    fn times_as_exports_write_them() {
        let z = Zone::default();
        let t = |s: &str, day_first: bool| parse_time(s, day_first, &z).map(|t| t.label());
        assert_eq!(t("2025-11-01", true).as_deref(), Some("2025-11-01"));
        assert_eq!(t("01/11/2025", true).as_deref(), Some("2025-11-01"));
        assert_eq!(t("11/01/2025", false).as_deref(), Some("2025-11-01"));
        assert_eq!(t("2025-11", true).as_deref(), Some("2025-11"));
        assert_eq!(
            t("2025-11-01 14:05", true).as_deref(),
            Some("2025-11-01 14:05")
        );
        let santiago = Zone::parse("-03:00").unwrap();
        let at = parse_time("2025-11-01T17:05:00Z", true, &santiago).unwrap();
        assert_eq!(at.label(), "2025-11-01 14:05", "in the site's timezone");
        assert_eq!(t("noviembre", true), None);
        assert_eq!(t("2025-13", true), None);
    }

    #[test]
    fn separators_from_the_header() {
        assert_eq!(detect_delimiter("fecha,p95_ms"), b',');
        assert_eq!(detect_delimiter("mes;uptime_pct;\"nota, libre\""), b';');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("solo"), b',');
    }

    #[test]
    fn rows_with_quotes_bom_and_blank_lines() {
        let mut f = Vec::new();
        let e = Export::parse(
            "\u{feff}mes;uptime_pct;nota\n2025-01;99,89;\"corte; breve\"\n\n2025-02;99,91;\"dos\nlíneas\"\n2025-03;99,5\n",
            "x.csv",
            &mut f,
        );
        assert_eq!(e.columns, ["mes", "uptime_pct", "nota"]);
        assert_eq!(e.delimiter, b';');
        assert_eq!(e.decimal(), Decimal::Comma);
        let lines: Vec<usize> = e.rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 4, 6]);
        assert_eq!(e.rows[0].1[2], "corte; breve");
        assert_eq!(f.len(), 1, "the short row: {f:?}");
        assert_eq!(f[0].line, 6);
    }
}
