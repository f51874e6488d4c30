//! KPI series on the portal: a figure (chart, status badge, latest value, and
//! optionally the table) wherever a page embeds one, the dashboard at `kpis/`, and a
//! page per series with every row and the CSV to download.

use super::{strings, Renderer};
use crate::charts::series::{over_time, Line, OverTime, Shape};
use crate::charts::Chart;
use crate::config::Language;
use crate::content::url;
use crate::findings::Finding;
use crate::kpi::block::Block;
use crate::kpi::read::Precision;
use crate::kpi::series::{ChartKind, Series};
use crate::kpi::status::{self, State, Status};
use crate::kpi::thin::thin;
use crate::site::{Site, KPIS};
use plotters::style::RGBColor;
use serde::Serialize;

/// Colours of a chart's lines, in order; they read on light and dark backgrounds.
const PALETTE: [RGBColor; 5] = [
    RGBColor(46, 125, 200),
    RGBColor(239, 124, 0),
    RGBColor(67, 160, 71),
    RGBColor(142, 68, 173),
    RGBColor(0, 150, 136),
];

/// A number as readers of the site's language write it: `1.234,5` or `1,234.5`,
/// with at most two decimals.
pub fn number(lang: Language, v: f64) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    let text = format!("{rounded:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), ""), |(i, f)| (i, f));
    let (sign, int) = int.strip_prefix('-').map_or(("", int), |i| ("-", i));
    let (group, dec) = match lang {
        Language::Es => ('.', ','),
        Language::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 && int.len() > 4 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{dec}{frac}")
    }
}

/// A series' target as readers read it: `≤ 800 ms`.
pub(super) fn target_text(lang: Language, series: &Series) -> Option<String> {
    series.target.zip(series.direction).map(|(v, d)| {
        let sign = match d {
            crate::kpi::series::Direction::AtMost => "≤",
            crate::kpi::series::Direction::AtLeast => "≥",
        };
        format!("{sign} {}", with_unit(lang, v, &series.unit))
    })
}

pub(super) fn with_unit(lang: Language, v: f64, unit: &str) -> String {
    match unit {
        "" => number(lang, v),
        "%" if lang == Language::En => format!("{}%", number(lang, v)),
        u => format!("{} {u}", number(lang, v)),
    }
}

#[derive(Serialize)]
struct Row {
    time: String,
    values: Vec<String>,
    state: Option<State>,
}

/// One series as a figure and a dashboard card show it.
#[derive(Serialize)]
pub(super) struct KpiView {
    key: String,
    label: String,
    unit: String,
    href: String,
    csv_href: String,
    svg: String,
    state: Option<State>,
    state_label: Option<String>,
    latest: Option<String>,
    latest_at: Option<String>,
    target: Option<String>,
    met_share: Option<String>,
    trend: Option<String>,
    trend_better: Option<bool>,
    columns: Vec<String>,
    time_column: String,
    rows: Vec<Row>,
    group: Option<String>,
}

impl Renderer {
    /// A series drawn between `from` and `to` (days, inclusive), with its status.
    pub(super) fn kpi_view(
        &self,
        series: &Series,
        block: &Block,
        at: &str,
        with_rows: bool,
    ) -> KpiView {
        self.kpi_view_marked(series, block, at, with_rows, None)
    }

    /// As `kpi_view`, with a day marked on the chart (a release's date).
    pub(super) fn kpi_view_marked(
        &self,
        series: &Series,
        block: &Block,
        at: &str,
        with_rows: bool,
        mark: Option<(chrono::NaiveDate, String)>,
    ) -> KpiView {
        let lang = self.lang;
        let t = &self.t;
        let from = block.from.map(|d| d.0);
        let to = block.to.map(|d| d.0);
        let inside: Vec<usize> = (0..series.times.len())
            .filter(|&i| {
                let day = series.times[i].at.date();
                from.is_none_or(|f| day >= f) && to.is_none_or(|t| day <= t)
            })
            .collect();
        let x: Vec<f64> = inside
            .iter()
            .map(|&i| series.times[i].at.and_utc().timestamp() as f64 / 86_400.0)
            .collect();
        let columns: Vec<Vec<Option<f64>>> = series
            .values
            .iter()
            .map(|col| inside.iter().map(|&i| col[i]).collect())
            .collect();
        let keep = thin(columns.first().map_or(&[][..], Vec::as_slice), 320);
        let lines: Vec<Line<'_>> = columns
            .iter()
            .zip(&series.columns)
            .enumerate()
            .map(|(k, (values, name))| Line {
                name,
                color: PALETTE[k % PALETTE.len()],
                values,
            })
            .collect();
        let precision = series.times.first().map_or(Precision::Day, |t| t.precision);
        let x_format = move |x: f64| {
            let at = chrono::DateTime::from_timestamp((x * 86_400.0) as i64, 0).unwrap_or_default();
            match precision {
                Precision::Month => at.format("%Y-%m").to_string(),
                _ => at.format("%Y-%m-%d").to_string(),
            }
        };
        // Monthly data is labelled at its months, at most six of them; an axis left to
        // itself would put two labels in one month.
        let x_ticks: Vec<f64> = if precision == Precision::Month {
            let step = x.len().div_ceil(6).max(1);
            x.iter().step_by(step).copied().collect()
        } else {
            Vec::new()
        };
        let unit = series.unit.clone();
        let y_format = move |y: f64| with_unit(lang, y, &unit);
        let status: Status = status::of(series);
        let state_label = |s: State| match s {
            State::Met => &t["kpi_met"],
            State::Warn => &t["kpi_warn"],
            State::Missed => &t["kpi_missed"],
        };
        let target_text = target_text(lang, series);
        let description = {
            let mut d = format!(
                "{}: {} {} ({}–{})",
                series.label,
                inside.len(),
                &t["kpi_periods"],
                inside
                    .first()
                    .map_or(String::new(), |&i| series.times[i].label()),
                inside
                    .last()
                    .map_or(String::new(), |&i| series.times[i].label()),
            );
            if let (Some(v), Some(at)) = (status.latest, &status.latest_at) {
                d.push_str(&format!(
                    "; {} {at}: {}",
                    &t["kpi_latest"],
                    with_unit(lang, v, &series.unit)
                ));
            }
            if let Some(target) = &target_text {
                d.push_str(&format!("; {} {target}", &t["target"]));
            }
            let missed = inside
                .iter()
                .filter(|&&i| series.main()[i].and_then(|v| series.meets(v)) == Some(false))
                .count();
            if series.target.is_some() {
                d.push_str(&format!("; {missed} {}", &t["kpi_missed_periods"]));
            }
            d
        };
        let shape = match block.kind.unwrap_or(series.kind) {
            ChartKind::Line => Shape::Line,
            ChartKind::Bar => Shape::Bar,
            ChartKind::Area => Shape::Area,
        };
        let id = format!("kpi-{}", url::slugify(&series.key));
        let target_name = t["target"].as_str();
        let warn_name = t["kpi_warn"].as_str();
        let svg = over_time(
            &Chart {
                id: &id,
                title: &series.label,
                description: &description,
                y_label: &series.unit,
                width: 640,
                height: block.height.unwrap_or(280),
            },
            &OverTime {
                x: &x,
                keep: &keep,
                lines: &lines,
                shape,
                target: series.target.map(|v| (target_name, v)),
                warn: series
                    .warn
                    .zip(series.target)
                    .map(|(w, t)| (warn_name, w, t)),
                missed: &|v| series.meets(v) == Some(false),
                marks: &mark
                    .iter()
                    .map(|(day, label)| {
                        let x = day.and_time(chrono::NaiveTime::MIN).and_utc().timestamp() as f64
                            / 86_400.0;
                        (x, label.clone())
                    })
                    .collect::<Vec<_>>(),
                x_format: &x_format,
                y_format: &y_format,
                x_ticks: &x_ticks,
            },
        );
        let rows = if with_rows {
            inside
                .iter()
                .rev()
                .map(|&i| Row {
                    time: series.times[i].label(),
                    values: series
                        .values
                        .iter()
                        .map(|col| col[i].map_or_else(String::new, |v| number(lang, v)))
                        .collect(),
                    state: series.main()[i].and_then(|v| status::state(series, v)),
                })
                .collect()
        } else {
            Vec::new()
        };
        KpiView {
            key: series.key.clone(),
            label: series.label.clone(),
            unit: series.unit.clone(),
            href: url::relative(at, &Site::kpi_url(series)),
            csv_href: url::relative(at, &url::asset_url(&series.file)),
            svg,
            state: status.state,
            state_label: status.state.map(|s| state_label(s).to_string()),
            latest: status.latest.map(|v| with_unit(lang, v, &series.unit)),
            latest_at: status.latest_at.clone(),
            target: target_text,
            met_share: status.met_share.map(|s| match lang {
                Language::Es => format!("{:.0} %", s * 100.0),
                Language::En => format!("{:.0}%", s * 100.0),
            }),
            trend: status.trend.as_ref().map(|tr| {
                let arrow = if tr.change > 0.0 {
                    "↑"
                } else if tr.change < 0.0 {
                    "↓"
                } else {
                    "→"
                };
                let pct = tr.percent.map_or(String::new(), |p| {
                    let sign = if p > 0.0 { "+" } else { "" };
                    format!(" ({sign}{} %)", number(lang, p))
                });
                format!(
                    "{arrow} {}{pct} {} {} {}",
                    with_unit(lang, tr.change.abs(), &series.unit),
                    &t["kpi_over"],
                    tr.periods,
                    &t["kpi_periods"]
                )
            }),
            trend_better: status.trend.as_ref().and_then(|tr| tr.better),
            columns: series.columns.clone(),
            time_column: series.time_column.clone(),
            rows,
            group: series.group.clone(),
        }
    }

    /// What a ```` ```kpi ```` block becomes in a page at `at`.
    pub(super) fn kpi_block(&self, site: &Site, text: &str, at: &str) -> String {
        let block = match Block::parse(text) {
            Ok(b) => b,
            // Reported by the checks; the page still builds in `check`-free paths.
            Err(e) => return format!("<p class=\"kpi-error\">kpi: {}</p>", super::escape(&e)),
        };
        let Some(series) = site.kpi(&block.series) else {
            return format!(
                "<p class=\"kpi-error\">kpi: {}</p>",
                super::escape(&block.series)
            );
        };
        let view = self.kpi_view(series, &block, at, block.table);
        let mut cx = tera::Context::new();
        cx.insert("kpi", &view);
        cx.insert("t", &self.t);
        cx.insert("table", &block.table);
        self.render("kpi.html", &cx, at)
            .unwrap_or_else(|f| format!("<p class=\"kpi-error\">{}</p>", super::escape(&f.message)))
    }

    /// `kpis/`: every series with its chart, badge and latest value, by group.
    pub fn kpi_dashboard(&self, site: &Site) -> Result<String, Finding> {
        let at = KPIS;
        let mut cx = self.base_context(site, at);
        let mut groups: Vec<(String, Vec<KpiView>)> = Vec::new();
        let mut series: Vec<&Series> = site.kpis.iter().collect();
        series.sort_by(|a, b| a.group.cmp(&b.group).then(a.key.cmp(&b.key)));
        for s in series {
            let view = self.kpi_view(s, &Block::default(), at, false);
            let group = s.group.clone().unwrap_or_default();
            match groups.last_mut() {
                Some((g, list)) if *g == group => list.push(view),
                _ => groups.push((group, vec![view])),
            }
        }
        let groups: Vec<serde_json::Value> = groups
            .into_iter()
            .map(|(name, kpis)| serde_json::json!({"name": name, "kpis": kpis}))
            .collect();
        let (pages, _) = self.folder_pages(site, at, |_| true);
        cx.insert("title", &strings::section_title(self.lang, "kpis"));
        cx.insert("groups", &groups);
        cx.insert("pages", &pages);
        self.intro(site, crate::site::KPIS, &mut cx);
        self.render("kpis.html", &cx, "content/kpis")
    }

    /// A series' own page: the chart, the status, every row, the CSV.
    pub fn kpi_page(&self, site: &Site, index: usize) -> Result<String, Finding> {
        let series = &site.kpis[index];
        let at = Site::kpi_url(series);
        let mut cx = self.base_context(site, &at);
        let view = self.kpi_view(series, &Block::default(), &at, true);
        cx.insert("title", &series.label);
        cx.insert("kpi", &view);
        cx.insert("table", &true);
        self.render("kpi-page.html", &cx, &at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_for_readers() {
        assert_eq!(number(Language::Es, 99.891), "99,89");
        assert_eq!(number(Language::En, 99.891), "99.89");
        assert_eq!(number(Language::Es, 140_000.0), "140.000");
        assert_eq!(number(Language::En, 1_234_567.5), "1,234,567.5");
        assert_eq!(number(Language::Es, 1234.0), "1234");
        assert_eq!(number(Language::Es, -3.5), "-3,5");
        assert_eq!(with_unit(Language::Es, 99.5, "%"), "99,5 %");
        assert_eq!(with_unit(Language::En, 800.0, "ms"), "800 ms");
    }
}
