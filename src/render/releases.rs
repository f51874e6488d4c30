//! What a release page gathers: the windows and incidents that name it, their open
//! actions, the deployment checklist, the configured KPIs around its date with the
//! change from before to after, and the releases before and after it.

use super::incidents::{IncidentView, NameLink};
use super::kpis::{number, KpiView};
use super::windows::WindowView;
use super::Renderer;
use crate::content::url;
use crate::content::Details;
use crate::kpi::block::Block;
use crate::kpi::series::Series;
use crate::site::Site;
use chrono::{NaiveDate, TimeDelta};
use serde::Serialize;

/// A KPI before and after a release: the mean of each side's values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub label: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// Relative change, when both exist and `before` is not zero.
    pub percent: Option<f64>,
    pub text: String,
    pub better: Option<bool>,
}

/// The mean of a series' main values from `days` before `date` (excluded) and up to
/// `days` after it (the day itself counts as after).
pub fn before_after(series: &Series, date: NaiveDate, days: i64) -> (Option<f64>, Option<f64>) {
    let mean = |from: NaiveDate, to: NaiveDate| {
        let values: Vec<f64> = series
            .times
            .iter()
            .zip(series.main())
            .filter(|(t, _)| {
                let d = t.at.date();
                d >= from && d < to
            })
            .filter_map(|(_, v)| *v)
            .collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    (
        mean(date - TimeDelta::days(days), date),
        mean(date, date + TimeDelta::days(days + 1)),
    )
}

#[derive(Serialize)]
struct ActionView {
    what: String,
    owner: Option<String>,
    due: Option<String>,
    overdue: bool,
    postmortem: NameLink,
}

#[derive(Serialize)]
pub(super) struct ReleaseView {
    windows: Vec<WindowView>,
    incidents: Vec<IncidentView>,
    actions: Vec<ActionView>,
    kpis: Vec<KpiView>,
    changes: Vec<Change>,
    previous: Option<NameLink>,
    next: Option<NameLink>,
    /// The site's default checklist, when the notes have none: its items, and the
    /// runbook it comes from.
    checklist: Vec<String>,
    checklist_from: Option<NameLink>,
}

impl Renderer {
    pub(super) fn release_view(&self, site: &Site, index: usize) -> ReleaseView {
        let page = &site.pages[index];
        let at = page.url.as_str();
        let lang = self.lang;
        let (window_pages, postmortem_pages) = site.gathered(index);
        let windows = window_pages
            .iter()
            .filter_map(|&i| match &site.pages[i].details {
                Details::Window(w) => Some(self.window(site, &site.pages[i], w, at)),
                _ => None,
            })
            .collect();
        let mut incidents = Vec::new();
        let mut actions = Vec::new();
        for &i in &postmortem_pages {
            let p_page = &site.pages[i];
            let Details::Postmortem(p) = &p_page.details else {
                continue;
            };
            incidents.push(self.incident(site, p_page, p, at));
            for a in p.actions.iter().filter(|a| !a.done) {
                actions.push(ActionView {
                    what: a.what.clone(),
                    owner: a.owner.clone(),
                    due: a.due.map(|d| d.to_string()),
                    overdue: a.due.is_some_and(|d| d.0 < site.today),
                    postmortem: NameLink::new(&p_page.title, Some(url::relative(at, &p_page.url))),
                });
            }
        }
        let days = site.config.releases.days;
        let date = page.date();
        let label = match &page.details {
            Details::Release(r) => r.version.clone().unwrap_or_default(),
            _ => String::new(),
        };
        let mut kpis = Vec::new();
        let mut changes = Vec::new();
        for key in &site.config.releases.kpis {
            let Some(series) = site.kpi(key) else {
                continue;
            };
            let Some(date) = date else { continue };
            let block = Block {
                series: key.clone(),
                from: Some(crate::content::time::Date(date - TimeDelta::days(days))),
                to: Some(crate::content::time::Date(date + TimeDelta::days(days))),
                height: Some(220),
                ..Block::default()
            };
            kpis.push(self.kpi_view_marked(series, &block, at, false, Some((date, label.clone()))));
            let (before, after) = before_after(series, date, days);
            let percent = before
                .zip(after)
                .filter(|(b, _)| *b != 0.0)
                .map(|(b, a)| (a - b) / b.abs() * 100.0);
            let show = |v: Option<f64>| v.map_or("–".to_string(), |v| number(lang, v));
            let unit = if series.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", series.unit)
            };
            let pct = percent.map_or(String::new(), |p| {
                format!(", {}{} %", if p > 0.0 { "+" } else { "" }, number(lang, p))
            });
            let better = before.zip(after).and_then(|(b, a)| match series.direction {
                _ if a == b => None,
                Some(crate::kpi::series::Direction::AtMost) => Some(a < b),
                Some(crate::kpi::series::Direction::AtLeast) => Some(a > b),
                None => None,
            });
            changes.push(Change {
                label: series.label.clone(),
                before,
                after,
                percent,
                text: format!("{} → {}{unit}{pct}", show(before), show(after)),
                better,
            });
        }
        let order = site.releases_in_order();
        let position = order.iter().position(|&i| i == index);
        let link = |i: usize| {
            let p = &site.pages[i];
            let name = match &p.details {
                Details::Release(r) => r.version.clone().unwrap_or_else(|| p.title.clone()),
                _ => p.title.clone(),
            };
            NameLink::new(&name, Some(url::relative(at, &p.url)))
        };
        let previous = position
            .and_then(|p| p.checked_sub(1))
            .map(|p| link(order[p]));
        let next = position.and_then(|p| order.get(p + 1)).map(|&i| link(i));
        // The notes' own task list is the checklist; without one, the site's.
        let (checklist, checklist_from) = if page.outline.tasks.is_empty() {
            match site
                .config
                .releases
                .checklist
                .as_deref()
                .and_then(|rel| site.page_by_rel(rel))
            {
                Some(runbook) => (
                    runbook
                        .outline
                        .tasks
                        .iter()
                        .map(|t| t.text.clone())
                        .collect(),
                    Some(NameLink::new(
                        &runbook.title,
                        Some(url::relative(at, &runbook.url)),
                    )),
                ),
                None => (Vec::new(), None),
            }
        } else {
            (Vec::new(), None)
        };
        ReleaseView {
            windows,
            incidents,
            actions,
            kpis,
            changes,
            previous,
            next,
            checklist,
            checklist_from,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::read::{Precision, Time};
    use crate::kpi::series::{ChartKind, Direction};

    #[test]
    fn before_and_after_by_hand() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2025, 10, d).unwrap();
        let values = [(1, 600.0), (9, 640.0), (10, 700.0), (11, 720.0), (12, 0.0)];
        let series = Series {
            key: "p95".into(),
            label: "p95".into(),
            unit: "ms".into(),
            file: "x.csv".into(),
            time_column: "t".into(),
            columns: vec!["v".into()],
            times: values
                .iter()
                .map(|(d, _)| Time {
                    at: day(*d).and_time(chrono::NaiveTime::MIN),
                    precision: Precision::Day,
                })
                .collect(),
            values: vec![values
                .iter()
                .map(|(d, v)| if *d == 12 { None } else { Some(*v) })
                .collect()],
            target: Some(800.0),
            direction: Some(Direction::AtMost),
            warn: None,
            kind: ChartKind::Line,
            group: None,
            trend: 6,
        };
        // Release on the 10th, 5 days each side: before = 9th (the 1st is too early),
        // after = 10th and 11th (the 12th is a gap).
        let (before, after) = before_after(&series, day(10), 5);
        assert_eq!(before, Some(640.0));
        assert_eq!(after, Some(710.0));
    }
}
