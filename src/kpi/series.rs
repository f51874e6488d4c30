//! KPI series: what a CSV export means, from `[kpi.NAME]` in `bitacora.toml` or a
//! sidecar `NAME.toml` beside the CSV, read into times and values. A CSV without a
//! description gets one series of all its numeric columns.

use super::read::{parse_number, parse_time, Export, Time};
use crate::config::Config;
use crate::findings::{Finding, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Whether lower or higher is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    AtMost,
    AtLeast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    #[default]
    Line,
    Bar,
    Area,
}

/// One value column or several.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Columns {
    One(String),
    Many(Vec<String>),
}

/// A label for readers, one for every language or one each.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Label {
    Same(String),
    #[serde(rename_all = "lowercase")]
    Each {
        es: Option<String>,
        en: Option<String>,
    },
}

/// A warn level: a value, or a share of `limit` (`"70%"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Warn {
    Value(f64),
    Share(String),
}

/// How a series is described (`[kpi.NAME]` or `NAME.toml`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Description {
    /// The CSV, relative to `content/` (a sidecar's is the CSV beside it).
    pub file: Option<String>,
    /// The time column; the first column that reads as times when not given.
    pub time: Option<String>,
    /// The value column(s); every numeric column when not given.
    pub value: Option<Columns>,
    pub label: Option<Label>,
    pub unit: Option<String>,
    pub target: Option<f64>,
    pub direction: Option<Direction>,
    pub warn: Option<Warn>,
    /// What `warn = "70%"` is a share of, e.g. a monthly quota.
    pub limit: Option<f64>,
    pub kind: Option<ChartKind>,
    /// Dashboard group, e.g. "API" or "Calidad".
    pub group: Option<String>,
    /// How many periods the trend looks back (default 6).
    pub trend: Option<usize>,
    /// The services it measures: it shows on their service pages.
    pub services: Option<Vec<String>>,
}

/// A series, read: its times, and per value column its values (`None` a gap).
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub key: String,
    pub label: String,
    pub unit: String,
    /// The CSV, relative to `content/`.
    pub file: String,
    pub time_column: String,
    pub columns: Vec<String>,
    #[serde(skip)]
    pub times: Vec<Time>,
    #[serde(skip)]
    pub values: Vec<Vec<Option<f64>>>,
    pub target: Option<f64>,
    pub direction: Option<Direction>,
    pub warn: Option<f64>,
    pub kind: ChartKind,
    pub group: Option<String>,
    pub trend: usize,
    pub services: Vec<String>,
}

impl Series {
    /// The values of the first column: the one the status is about.
    pub fn main(&self) -> &[Option<f64>] {
        self.values.first().map_or(&[], Vec::as_slice)
    }

    /// Whether a value meets the target (`None`: no target).
    pub fn meets(&self, value: f64) -> Option<bool> {
        match (self.target, self.direction) {
            (Some(t), Some(Direction::AtMost)) => Some(value <= t),
            (Some(t), Some(Direction::AtLeast)) => Some(value >= t),
            _ => None,
        }
    }
}

/// Where a description was written, for findings: the file and the line of its table.
pub struct Source<'a> {
    pub shown: &'a str,
    pub line: usize,
}

/// Builds a series from a described CSV. `rel` is the CSV relative to `content/`.
pub fn build(
    key: &str,
    desc: &Description,
    rel: &str,
    export: &Export,
    config: &Config,
    from: &Source<'_>,
    findings: &mut Vec<Finding>,
) -> Option<Series> {
    let shown = format!("content/{rel}");
    let describe_error = |message: String, hint: String| {
        Finding::error("kpi.description", from.shown, message)
            .at(from.line, 1)
            .hint(hint)
    };
    let existing = || format!("the columns are: {}", export.columns.join(", "));
    let find = |name: &str| export.columns.iter().position(|c| c == name.trim());
    let mut ok = true;
    if desc.target.is_some() && desc.direction.is_none() {
        findings.push(describe_error(
            format!("series `{key}` has a target but no direction"),
            "add direction = \"at_most\" (lower is better) or \"at_least\"".into(),
        ));
        ok = false;
    }
    if export.rows.is_empty() {
        findings.push(
            Finding::warning("kpi.empty", &shown, format!("{shown} has no data rows"))
                .at(1, 1)
                .hint("export the data again, or remove the file"),
        );
        return None;
    }
    let day_first = config.csv.day_first;
    let zone = &config.timezone;
    let time_index = match &desc.time {
        Some(name) => match find(name) {
            Some(i) => Some(i),
            None => {
                findings.push(describe_error(
                    format!("series `{key}`: {shown} has no column `{name}`"),
                    existing(),
                ));
                return None;
            }
        },
        None => (0..export.columns.len()).find(|&i| {
            export
                .rows
                .iter()
                .find_map(|(_, r)| r.get(i).filter(|c| !c.trim().is_empty()))
                .is_some_and(|c| parse_time(c, day_first, zone).is_some())
        }),
    };
    let Some(time_index) = time_index else {
        if !export.rows.is_empty() {
            findings.push(
                Finding::error("kpi.csv", &shown, format!("no column of {shown} reads as dates or months"))
                    .at(1, 1)
                    .hint("the time column holds 2025-11-01, 01/11/2025, 2025-11 or 2025-11-01 14:05; name it with time = \"…\""),
            );
        }
        return None;
    };
    let decimal = export.decimal();
    let value_indexes: Vec<usize> = match &desc.value {
        Some(Columns::One(name)) => vec![name.clone()],
        Some(Columns::Many(names)) => names.clone(),
        None => Vec::new(),
    }
    .iter()
    .filter_map(|name| match find(name) {
        Some(i) => Some(i),
        None => {
            findings.push(describe_error(
                format!("series `{key}`: {shown} has no column `{name}`"),
                existing(),
            ));
            ok = false;
            None
        }
    })
    .collect();
    let value_indexes = if desc.value.is_some() {
        value_indexes
    } else {
        // Every column whose first filled cell is a number.
        (0..export.columns.len())
            .filter(|&i| i != time_index)
            .filter(|&i| {
                export
                    .rows
                    .iter()
                    .find_map(|(_, r)| r.get(i).filter(|c| !c.trim().is_empty()))
                    .is_some_and(|c| matches!(parse_number(c, decimal), Ok(Some(_))))
            })
            .collect()
    };
    if !ok {
        return None;
    }
    let mut rows: Vec<(Time, usize, Vec<Option<f64>>)> = Vec::with_capacity(export.rows.len());
    for (line, cells) in &export.rows {
        let cell = cells.get(time_index).map_or("", String::as_str);
        let Some(time) = parse_time(cell, day_first, zone) else {
            findings.push(
                Finding::error("kpi.time", &shown, format!("`{}` is not a date or a month", cell.trim()))
                    .at(*line, time_index + 1)
                    .hint(if day_first {
                        "write 2025-11-01, 01/11/2025 (day first: [csv] day_first in bitacora.toml), 2025-11 or 2025-11-01 14:05"
                    } else {
                        "write 2025-11-01, 11/01/2025 (month first: [csv] day_first in bitacora.toml), 2025-11 or 2025-11-01 14:05"
                    }),
            );
            continue;
        };
        let mut values = Vec::with_capacity(value_indexes.len());
        for &i in &value_indexes {
            let cell = cells.get(i).map_or("", String::as_str);
            match parse_number(cell, decimal) {
                Ok(v) => values.push(v),
                Err(_) => {
                    findings.push(
                        Finding::error("kpi.number", &shown, format!("`{}` in column `{}` is not a number", cell.trim(), export.columns[i]))
                            .at(*line, i + 1)
                            .hint("write numbers as 12.5, 12,5, 1.234,5 or 99,7 %; leave the cell empty for a gap"),
                    );
                    values.push(None);
                }
            }
        }
        rows.push((time, *line, values));
    }
    // Out of order rows are sorted; two rows for one time are reported, the first kept.
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut kept: Vec<(Time, usize, Vec<Option<f64>>)> = Vec::with_capacity(rows.len());
    for row in rows {
        match kept.last() {
            Some(last) if last.0 == row.0 => findings.push(
                Finding::new(Severity::Warning, "kpi.duplicate", &shown)
                    .message(format!(
                        "row for {} repeats the one on line {}",
                        row.0.label(),
                        last.1
                    ))
                    .at(row.1, time_index + 1)
                    .hint("the first row is kept; remove the other"),
            ),
            _ => kept.push(row),
        }
    }
    let columns: Vec<String> = value_indexes
        .iter()
        .map(|&i| export.columns[i].clone())
        .collect();
    let mut values: Vec<Vec<Option<f64>>> = vec![Vec::with_capacity(kept.len()); columns.len()];
    let mut times = Vec::with_capacity(kept.len());
    for (time, _, row) in kept {
        times.push(time);
        for (c, v) in row.into_iter().enumerate() {
            values[c].push(v);
        }
    }
    let label = match &desc.label {
        Some(Label::Same(s)) => s.clone(),
        Some(Label::Each { es, en }) => match config.language {
            crate::config::Language::Es => es.clone().or(en.clone()),
            crate::config::Language::En => en.clone().or(es.clone()),
        }
        .unwrap_or_else(|| key.to_string()),
        None => key.replace('_', " "),
    };
    let warn = match &desc.warn {
        None => None,
        Some(Warn::Value(v)) => Some(*v),
        Some(Warn::Share(s)) => {
            let share = s
                .trim()
                .trim_end_matches('%')
                .trim()
                .replace(',', ".")
                .parse::<f64>()
                .ok();
            match (share, desc.limit) {
                (Some(p), Some(limit)) => Some(limit * p / 100.0),
                _ => {
                    findings.push(describe_error(
                        format!("series `{key}`: warn = \"{s}\" needs a number and a limit"),
                        "write warn = \"70%\" with limit = 200000, or warn = 140000".into(),
                    ));
                    None
                }
            }
        }
    };
    Some(Series {
        key: key.to_string(),
        label,
        unit: desc.unit.clone().unwrap_or_default(),
        file: rel.to_string(),
        time_column: export.columns[time_index].clone(),
        columns,
        times,
        values,
        target: desc.target,
        direction: desc.direction,
        warn,
        kind: desc.kind.unwrap_or_default(),
        group: desc.group.clone(),
        trend: desc.trend.unwrap_or(6).max(1),
        services: desc.services.clone().unwrap_or_default(),
    })
}

/// Every series of the site: those in the config, those in sidecars, and a default
/// one for every other CSV. `csvs` are the CSV files under `content/` with their text.
pub fn load_all(
    config: &Config,
    csvs: &[(String, String)],
    sidecars: &[(String, String)],
    findings: &mut Vec<Finding>,
) -> Vec<Series> {
    let mut exports: BTreeMap<&str, Export> = BTreeMap::new();
    for (rel, text) in csvs {
        exports.insert(
            rel,
            Export::parse(text, &format!("content/{rel}"), findings),
        );
    }
    let mut described: Vec<(String, Description, String, String, usize)> = Vec::new();
    for (key, desc) in &config.kpi {
        let line = config.kpi_lines.get(key).copied().unwrap_or(1);
        match &desc.file {
            Some(file) => described.push((
                key.clone(),
                desc.clone(),
                file.trim_start_matches('/').to_string(),
                crate::config::FILE_NAME.to_string(),
                line,
            )),
            None => findings.push(
                Finding::error(
                    "kpi.description",
                    crate::config::FILE_NAME,
                    format!("series `{key}` names no file"),
                )
                .at(line, 1)
                .hint("add file = \"kpis/export.csv\" (relative to content/)"),
            ),
        }
    }
    for (rel, text) in sidecars {
        let shown = format!("content/{rel}");
        let csv = format!("{}.csv", rel.trim_end_matches(".toml"));
        match toml::from_str::<Description>(text) {
            Ok(desc) => {
                let key = csv
                    .rsplit('/')
                    .next()
                    .unwrap_or(&csv)
                    .trim_end_matches(".csv")
                    .to_string();
                let file = desc.file.clone().map_or(csv.clone(), |f| {
                    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
                    if dir.is_empty() {
                        f
                    } else {
                        format!("{dir}/{f}")
                    }
                });
                described.push((key, desc, file, shown, 1));
            }
            Err(e) => findings.push(crate::findings::toml_finding(
                "kpi.description",
                &shown,
                text,
                0,
                &e,
            )),
        }
    }
    let mut series = Vec::new();
    let mut used: Vec<String> = Vec::new();
    for (key, desc, file, shown, line) in &described {
        used.push(file.clone());
        let Some(export) = exports.get(file.as_str()) else {
            findings.push(
                Finding::error(
                    "kpi.description",
                    shown,
                    format!("series `{key}`: content/{file} does not exist"),
                )
                .at(*line, 1)
                .hint("file is relative to content/, e.g. file = \"kpis/latencia.csv\""),
            );
            continue;
        };
        let from = Source { shown, line: *line };
        series.extend(build(key, desc, file, export, config, &from, findings));
    }
    for (rel, export) in &exports {
        if used.iter().any(|u| u == rel) {
            continue;
        }
        let key = rel
            .rsplit('/')
            .next()
            .unwrap_or(rel)
            .trim_end_matches(".csv")
            .to_string();
        let from = Source {
            shown: &format!("content/{rel}"),
            line: 1,
        };
        series.extend(build(
            &key,
            &Description::default(),
            rel,
            export,
            config,
            &from,
            findings,
        ));
    }
    series.sort_by(|a, b| a.key.cmp(&b.key));
    series
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(csv: &str, desc: &str) -> (Option<Series>, Vec<Finding>) {
        let mut findings = Vec::new();
        let export = Export::parse(csv, "content/kpis/x.csv", &mut findings);
        let desc: Description = toml::from_str(desc).unwrap();
        let from = Source {
            shown: "bitacora.toml",
            line: 7,
        };
        let s = build(
            "x",
            &desc,
            "kpis/x.csv",
            &export,
            &Config::default(),
            &from,
            &mut findings,
        );
        (s, findings)
    }

    #[test]
    fn a_described_series_sorted_with_gaps() {
        let (s, f) = series(
            "fecha;p95 ms;errores\n02/11/2025;700,5;1\n01/11/2025;650;\n03/11/2025;;2\n",
            "value = \"p95 ms\"\ntarget = 800\ndirection = \"at_most\"\nunit = \"ms\"",
        );
        assert!(f.is_empty(), "{f:?}");
        let s = s.unwrap();
        let times: Vec<String> = s.times.iter().map(Time::label).collect();
        assert_eq!(times, ["2025-11-01", "2025-11-02", "2025-11-03"]);
        assert_eq!(s.values, [vec![Some(650.0), Some(700.5), None]]);
        assert_eq!(s.meets(800.0), Some(true));
        assert_eq!(s.meets(800.5), Some(false));
    }

    #[test]
    fn every_numeric_column_without_a_description() {
        let (s, f) = series("mes,notas,a,b\n2025-01,ok,1,2\n2025-02,,3,4\n", "");
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(s.unwrap().columns, ["a", "b"]);
    }

    #[test]
    fn a_cell_that_is_no_number_is_an_error_at_its_row_and_column() {
        let (_, f) = series("fecha,v\n2025-11-01,12\n2025-11-02,doce\n", "value = \"v\"");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].line, f[0].col), (3, 2));
        assert!(f[0].message.contains("`doce`"), "{}", f[0].message);
    }

    #[test]
    fn duplicates_are_reported_and_the_first_kept() {
        let (s, f) = series("fecha,v\n2025-11-01,1\n2025-11-01,2\n", "");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].line, 3);
        assert!(f[0].message.contains("line 2"), "{}", f[0].message);
        assert_eq!(s.unwrap().values, [vec![Some(1.0)]]);
    }

    #[test]
    fn description_mistakes_name_what_exists() {
        let (s, f) = series("fecha,v\n2025-11-01,1\n", "value = \"p95\"");
        assert!(s.is_none());
        assert_eq!(f[0].line, 7);
        assert!(f[0].message.contains("no column `p95`"));
        assert!(f[0].hint.as_deref().unwrap_or("").contains("fecha, v"));
        let (_, f) = series("fecha,v\n2025-11-01,1\n", "target = 5");
        assert!(f[0].message.contains("no direction"), "{f:?}");
        assert!(
            toml::from_str::<Description>("colour = 1").is_err(),
            "unknown keys"
        );
    }

    #[test]
    fn warn_as_a_share_of_the_limit() {
        let (s, f) = series(
            "mes,llamadas\n2025-11,1000\n",
            "limit = 200000\nwarn = \"70%\"\ntarget = 200000\ndirection = \"at_most\"",
        );
        assert!(f.is_empty(), "{f:?}");
        assert_eq!(s.unwrap().warn, Some(140_000.0));
    }

    #[test]
    fn no_rows_is_a_warning() {
        let (s, f) = series("fecha,v\n", "");
        assert!(s.is_none());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].message.contains("no data rows"));
    }
}
