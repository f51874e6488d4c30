//! Releases across the site: found by version, put in version order, given the
//! windows and postmortems that name them, and, while planned, judged ready or not.

use super::Site;
use crate::content::release::{ReleaseStatus, AFTER};
use crate::content::window::WindowStatus;
use crate::content::{Details, Page};
use crate::findings::{Finding, Severity};
use crate::kpi::status::{self, State as KpiState};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// The release pages, worked out once per build.
#[derive(Debug, Default)]
pub struct Releases {
    /// Release pages by version (see `version_key`); the first file of a version.
    by_version: HashMap<String, usize>,
    /// In version order, oldest first (a pre-release before its release); pages
    /// without a valid version are left out.
    order: Vec<usize>,
    /// Each release page's windows and postmortems, by date.
    gathered: HashMap<usize, (Vec<usize>, Vec<usize>)>,
}

/// How a version is looked up: as a semantic version when it is one (`v2.3.0` and
/// `2.3.0` are one), else as written without a leading `v`.
fn version_key(written: &str) -> String {
    match crate::content::release::parse_version(written) {
        Some(v) => v.to_string(),
        None => written.trim().trim_start_matches(['v', 'V']).to_string(),
    }
}

impl Releases {
    pub fn collect(pages: &[Page]) -> Releases {
        let mut by_version = HashMap::new();
        let mut order: Vec<(semver::Version, usize)> = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            if let Details::Release(r) = &page.details {
                if let Some(v) = &r.version {
                    by_version.entry(version_key(v)).or_insert(i);
                }
                if let Some(v) = &r.derived.semver {
                    order.push((v.clone(), i));
                }
            }
        }
        order.sort();
        let mut gathered: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
        for (i, page) in pages.iter().enumerate() {
            let named = match &page.details {
                Details::Window(w) => w.release.as_deref(),
                Details::Postmortem(p) => p.release.as_deref(),
                _ => None,
            };
            let Some(&release) = named.and_then(|v| by_version.get(&version_key(v))) else {
                continue;
            };
            let lists = gathered.entry(release).or_default();
            match page.details {
                Details::Window(_) => lists.0.push(i),
                _ => lists.1.push(i),
            }
        }
        for (windows, postmortems) in gathered.values_mut() {
            let date = |i: &usize| (pages[*i].date(), *i);
            windows.sort_by_key(date);
            postmortems.sort_by_key(date);
        }
        Releases {
            by_version,
            order: order.into_iter().map(|(_, i)| i).collect(),
            gathered,
        }
    }
}

impl Site {
    /// The release page of a version, written with or without a leading `v`:
    /// compared as semantic versions, else as written.
    pub fn release(&self, version: &str) -> Option<&Page> {
        self.releases
            .by_version
            .get(&version_key(version))
            .map(|&i| &self.pages[i])
    }

    /// The windows and postmortems whose `release` is the release page `index`, by
    /// date.
    pub fn gathered(&self, index: usize) -> (&[usize], &[usize]) {
        match self.releases.gathered.get(&index) {
            Some((w, p)) => (w, p),
            None => (&[], &[]),
        }
    }

    /// The release pages in version order, oldest first.
    pub fn releases_in_order(&self) -> &[usize] {
        &self.releases.order
    }

    /// A release's status: as written, else planned while its date is ahead (or it
    /// has none) and deployed once it has passed.
    pub fn release_status(&self, index: usize) -> ReleaseStatus {
        let page = &self.pages[index];
        match &page.details {
            Details::Release(r) => r.derived.status.unwrap_or_else(|| match page.date() {
                Some(d) if d <= self.today => ReleaseStatus::Deployed,
                _ => ReleaseStatus::Planned,
            }),
            _ => ReleaseStatus::Deployed,
        }
    }

    /// The release in production before `index` went out: the nearest earlier
    /// version that was deployed (and not rolled back).
    pub fn release_before(&self, index: usize) -> Option<usize> {
        let order = self.releases_in_order();
        let at = order.iter().position(|&i| i == index)?;
        order[..at]
            .iter()
            .rev()
            .copied()
            .find(|&i| self.release_status(i) == ReleaseStatus::Deployed)
    }

    /// Two files with one version are an error naming both; a postmortem's `release`
    /// that no release file gives is a warning while the site has none, an error once
    /// it has some. What `[releases]` in the config names must exist.
    pub(super) fn check_releases(&self, findings: &mut Vec<Finding>) {
        let mut seen: BTreeMap<semver::Version, &Page> = BTreeMap::new();
        for page in &self.pages {
            let Details::Release(r) = &page.details else {
                continue;
            };
            let Some(v) = &r.derived.semver else { continue };
            match seen.get(v) {
                Some(first) => findings.push(
                    Finding::error(
                        "release.duplicate",
                        page.shown_path(),
                        format!("version {v} is also {}", first.shown_path()),
                    )
                    .at(page.key_lines.get("version").copied().unwrap_or(1), 1)
                    .hint("one file per version: merge them, or fix the version"),
                ),
                None => {
                    seen.insert(v.clone(), page);
                }
            }
        }
        let severity = if seen.is_empty() {
            Severity::Warning
        } else {
            Severity::Error
        };
        for page in &self.pages {
            let Details::Postmortem(p) = &page.details else {
                continue;
            };
            let Some(version) = &p.release else { continue };
            if self.release(version).is_none() {
                findings.push(
                    Finding::new(severity, "postmortem.release", page.shown_path())
                        .message(format!(
                            "the postmortem names release `{version}`, but no release file has that version"
                        ))
                        .at(page.key_lines.get("release").copied().unwrap_or(1), 1)
                        .hint("add content/releases/VERSION.md with version = \"…\", or fix the version"),
                );
            }
        }
        if let Some(rel) = &self.config.releases.checklist {
            if self.page_by_rel(rel).is_none() {
                findings.push(
                    Finding::error(
                        "config.invalid",
                        crate::config::FILE_NAME,
                        format!(
                            "[releases] checklist names `{rel}`, which is no page under content/"
                        ),
                    )
                    .hint("give the runbook's path under content/, e.g. \"runbooks/deploy.md\""),
                );
            }
        }
    }

    /// Whether planned release `index` is ready: each check in the order readers go
    /// through them.
    pub fn readiness(&self, index: usize) -> Vec<Check> {
        let mut checks = vec![self.window_check(index), self.incident_check(index)];
        checks.extend(
            self.config
                .releases
                .kpis
                .iter()
                .filter_map(|key| self.kpis.iter().position(|s| &s.key == key))
                .map(|series| kpi_check(&self.kpis[series], series)),
        );
        checks.push(checklist_check(&self.pages[index]));
        checks
    }

    /// A window that is not cancelled names the release and was announced in time,
    /// by the build moment: an announcement still to come is not one.
    fn window_check(&self, index: usize) -> Check {
        let min = self.config.windows.min_notice.num_minutes();
        let (windows, _) = self.gathered(index);
        let mut cancelled = 0;
        let mut best: Option<(usize, Option<i64>)> = None;
        let mut to_come: Option<usize> = None;
        for &i in windows {
            let Details::Window(w) = &self.pages[i].details else {
                continue;
            };
            if w.derived.status == Some(WindowStatus::Cancelled) {
                cancelled += 1;
                continue;
            }
            if w.announced.is_some_and(|a| a.0 > self.now) {
                to_come = to_come.or(Some(i));
                continue;
            }
            let notice = w.derived.notice;
            if best.is_none_or(|(_, n)| notice > n) {
                best = Some((i, notice));
            }
        }
        Check(match (best, to_come) {
            (Some((window, Some(notice))), _) if notice >= min => Reason::Window { window, notice },
            (_, Some(window)) => Reason::NotAnnouncedYet { window },
            (None, None) => Reason::NoWindow { cancelled },
            (Some((window, notice)), None) => Reason::ShortNotice {
                window,
                notice,
                min,
            },
        })
    }

    /// No incident of a blocking level is open on the release before it.
    fn incident_check(&self, index: usize) -> Check {
        let Some(previous) = self.release_before(index) else {
            return Check(Reason::FirstRelease);
        };
        let blocking = self.config.blocking_levels();
        let (_, postmortems) = self.gathered(previous);
        let open: Vec<usize> = postmortems
            .iter()
            .copied()
            .filter(|&i| match &self.pages[i].details {
                Details::Postmortem(p) => {
                    p.derived.open
                        && p.derived
                            .level
                            .as_deref()
                            .is_some_and(|l| blocking.contains(&l))
                }
                _ => false,
            })
            .collect();
        Check(if open.is_empty() {
            Reason::NoOpenIncidents {
                previous,
                incidents: postmortems.len(),
            }
        } else {
            Reason::OpenIncidents { previous, open }
        })
    }
}

/// A series stands within its target, short of its warn level, at its last point.
fn kpi_check(series: &crate::kpi::Series, index: usize) -> Check {
    let now = status::of(series);
    Check(match (now.latest, now.latest_at) {
        (Some(value), Some(at)) => Reason::Kpi {
            series: index,
            value,
            at,
            state: now.state,
        },
        _ => Reason::KpiNoData { series: index },
    })
}

/// Every checklist item of the notes that is not under an after-deployment heading
/// is ticked.
fn checklist_check(page: &Page) -> Check {
    let outline = &page.outline;
    let before: Vec<usize> = outline
        .tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.heading.is_none_or(|h| !outline.under_heading(h, AFTER)))
        .map(|(i, _)| i)
        .collect();
    if before.is_empty() {
        return Check(Reason::NoChecklist {
            after: outline.tasks.len(),
        });
    }
    let open: Vec<usize> = before
        .iter()
        .copied()
        .filter(|&i| !outline.tasks[i].done)
        .collect();
    Check(Reason::Checklist {
        total: before.len(),
        open,
    })
}

/// One readiness check, by what it found.
#[derive(Debug, Clone, PartialEq)]
pub struct Check(pub Reason);

/// Ready, not ready, or nothing to judge by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Ready,
    NotReady,
    Unknown,
}

/// What a check found; page and series numbers index `Site::pages` and `Site::kpis`.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// A window with enough notice (minutes).
    Window {
        window: usize,
        notice: i64,
    },
    /// No window, or only cancelled ones.
    NoWindow {
        cancelled: usize,
    },
    /// The best-announced window, with too little notice or none (minutes).
    ShortNotice {
        window: usize,
        notice: Option<i64>,
        min: i64,
    },
    /// The window's announcement is dated after the build moment.
    NotAnnouncedYet {
        window: usize,
    },
    /// No release before it has been deployed.
    FirstRelease,
    NoOpenIncidents {
        previous: usize,
        incidents: usize,
    },
    OpenIncidents {
        previous: usize,
        open: Vec<usize>,
    },
    /// A series' last value, when it was, and where it stands.
    Kpi {
        series: usize,
        value: f64,
        at: String,
        state: Option<KpiState>,
    },
    KpiNoData {
        series: usize,
    },
    /// Pre-deployment items, and those not ticked (indexes into the outline's tasks).
    Checklist {
        total: usize,
        open: Vec<usize>,
    },
    /// No pre-deployment items; `after` items after deployment.
    NoChecklist {
        after: usize,
    },
}

impl Check {
    pub fn state(&self) -> State {
        match &self.0 {
            Reason::Window { .. } | Reason::FirstRelease | Reason::NoOpenIncidents { .. } => {
                State::Ready
            }
            Reason::NoWindow { .. }
            | Reason::NotAnnouncedYet { .. }
            | Reason::ShortNotice { .. }
            | Reason::OpenIncidents { .. }
            | Reason::NoChecklist { .. } => State::NotReady,
            Reason::Checklist { open, .. } if open.is_empty() => State::Ready,
            Reason::Checklist { .. } => State::NotReady,
            Reason::Kpi { state, .. } => match state {
                Some(KpiState::Met) => State::Ready,
                Some(KpiState::Warn | KpiState::Missed) => State::NotReady,
                None => State::Unknown,
            },
            Reason::KpiNoData { .. } => State::Unknown,
        }
    }

    /// A short name for what is checked, for tests and CSS.
    pub fn key(&self) -> &'static str {
        match &self.0 {
            Reason::Window { .. }
            | Reason::NoWindow { .. }
            | Reason::NotAnnouncedYet { .. }
            | Reason::ShortNotice { .. } => "window",
            Reason::FirstRelease
            | Reason::NoOpenIncidents { .. }
            | Reason::OpenIncidents { .. } => "incidents",
            Reason::Kpi { .. } | Reason::KpiNoData { .. } => "kpi",
            Reason::Checklist { .. } | Reason::NoChecklist { .. } => "checklist",
        }
    }
}

/// All checks ready: the release may go.
pub fn ready(checks: &[Check]) -> bool {
    checks.iter().all(|c| c.state() != State::NotReady)
}

/// The days a release's chart of `series` covers: `days` before and after its date,
/// or, while it is planned, the `days` up to its date or the series' last point if
/// that comes first. Either way widened to hold at least `MIN_POINTS` of the series'
/// points on each side, so that a monthly series shows more than one bar.
pub fn chart_range(
    series: &crate::kpi::Series,
    date: NaiveDate,
    days: i64,
    planned: bool,
) -> (NaiveDate, NaiveDate) {
    const MIN_POINTS: usize = 3;
    let dates: Vec<NaiveDate> = series.times.iter().map(|t| t.at.date()).collect();
    let end = if planned {
        dates.last().map_or(date, |&last| last.min(date))
    } else {
        date
    };
    let split = dates.partition_point(|&d| d < end);
    let mut from = end - chrono::TimeDelta::days(days);
    if split >= MIN_POINTS {
        from = from.min(dates[split - MIN_POINTS]);
    } else if let Some(&first) = dates.first() {
        from = from.min(first);
    }
    if planned {
        return (from, end);
    }
    let mut to = date + chrono::TimeDelta::days(days);
    if let Some(&d) = dates.get(split + MIN_POINTS - 1).or(dates.last()) {
        to = to.max(d);
    }
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::read::{Precision, Time};

    fn monthly() -> crate::kpi::Series {
        let months = 1..=11u32;
        crate::kpi::Series {
            key: "ocr".into(),
            label: "ocr".into(),
            unit: String::new(),
            file: "x.csv".into(),
            time_column: "t".into(),
            columns: vec!["v".into()],
            times: months
                .clone()
                .map(|m| Time {
                    at: NaiveDate::from_ymd_opt(2025, m, 1)
                        .unwrap()
                        .and_time(chrono::NaiveTime::MIN),
                    precision: Precision::Month,
                })
                .collect(),
            values: vec![months.map(|m| Some(f64::from(m))).collect()],
            target: None,
            direction: None,
            warn: None,
            kind: crate::kpi::series::ChartKind::Bar,
            group: None,
            trend: 6,
            services: Vec::new(),
        }
    }

    #[test]
    fn a_monthly_series_is_widened_to_three_points_each_side() {
        let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
        // Release on 10 June: 30 days each side would hold June and July only.
        let (from, to) = chart_range(&monthly(), day(6, 10), 30, false);
        assert_eq!((from, to), (day(4, 1), day(9, 1)));
        // Planned past the data: the chart ends at the last point, three months back.
        let (from, to) = chart_range(&monthly(), day(12, 20), 30, true);
        assert_eq!((from, to), (day(8, 1), day(11, 1)));
        // Near the start of the data, as far back as it goes.
        let (from, _) = chart_range(&monthly(), day(2, 10), 30, false);
        assert_eq!(from, day(1, 1));
    }
}
