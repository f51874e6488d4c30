//! Incident metrics, computed from the postmortems alone: counts and time to resolve
//! (MTTR) per severity and per month, the shares that meet their target, that have
//! a root cause and whose actions are all done, and every open action with its owner.
//! The same figures feed the metrics page and `metrics/incidents.json`.

use crate::config::Config;
use crate::content::{Details, Page, Postmortem};
use serde::Serialize;
use std::collections::BTreeMap;

/// The figures of one group of postmortems (a severity, a month, or all of them).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Group {
    /// Severity key, `YYYY-MM`, or `all`.
    pub key: String,
    /// How many postmortems.
    pub count: usize,
    /// Of them, still open (no `resolved`).
    pub open: usize,
    /// Of them, resolved.
    pub resolved: usize,
    /// Mean and median time to resolve over the resolved ones, in minutes.
    pub mttr_mean_minutes: Option<f64>,
    pub mttr_median_minutes: Option<f64>,
    /// Resolved within their severity's target, and that share of the resolved ones
    /// with a severity (0 to 1).
    pub target_met: usize,
    pub target_met_share: Option<f64>,
    /// With a `root_cause`, and that share of all of them.
    pub with_root_cause: usize,
    pub root_cause_share: Option<f64>,
    /// With at least one action.
    pub with_actions: usize,
    /// With every action done, and that share of those with actions.
    pub actions_done: usize,
    pub actions_done_share: Option<f64>,
}

/// An action not yet done, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenAction {
    pub what: String,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub overdue: bool,
    pub postmortem: String,
    /// The postmortem's site-root URL.
    pub url: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Incidents {
    /// The build date the overdue actions are counted at.
    pub as_of: String,
    pub all: Group,
    /// Every configured severity, most severe first, even with no incidents.
    pub by_severity: Vec<Group>,
    /// Months with incidents, oldest first, by the month they started.
    pub by_month: Vec<Group>,
    /// Open actions, overdue first, then by due date.
    pub open_actions: Vec<OpenAction>,
    pub overdue_actions: usize,
}

/// A postmortem and the page it is on.
pub struct Entry<'a> {
    pub page: &'a Page,
    pub postmortem: &'a Postmortem,
}

/// The postmortems among the pages, newest first (by start, then URL).
pub fn postmortems(pages: &[Page]) -> Vec<usize> {
    let mut list: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.details, Details::Postmortem(_)))
        .map(|(i, _)| i)
        .collect();
    list.sort_by(|&a, &b| {
        let start = |i: usize| match &pages[i].details {
            Details::Postmortem(p) => p.started.map(|t| t.0),
            _ => None,
        };
        start(b)
            .cmp(&start(a))
            .then_with(|| pages[b].date().cmp(&pages[a].date()))
            .then_with(|| pages[a].url.cmp(&pages[b].url))
    });
    list
}

impl Incidents {
    pub fn compute(entries: &[Entry<'_>], config: &Config, today: chrono::NaiveDate) -> Incidents {
        let all: Vec<&Entry<'_>> = entries.iter().collect();
        let by_severity = config
            .severities()
            .into_iter()
            .map(|(key, _)| {
                let members: Vec<&Entry<'_>> = entries
                    .iter()
                    .filter(|e| e.postmortem.derived.level.as_deref() == Some(key))
                    .collect();
                group(key, &members)
            })
            .collect();
        let mut months: BTreeMap<String, Vec<&Entry<'_>>> = BTreeMap::new();
        for e in entries {
            if let Some(started) = e.postmortem.started {
                months.entry(month(config, started)).or_default().push(e);
            }
        }
        let mut open_actions: Vec<OpenAction> = entries
            .iter()
            .flat_map(|e| {
                e.postmortem
                    .actions
                    .iter()
                    .filter(|a| !a.done)
                    .map(|a| OpenAction {
                        what: a.what.clone(),
                        owner: a.owner.clone(),
                        due: a.due.map(|d| d.to_string()),
                        overdue: a.due.is_some_and(|d| d.0 < today),
                        postmortem: e.page.title.clone(),
                        url: e.page.url.clone(),
                    })
            })
            .collect();
        open_actions.sort_by(|a, b| {
            b.overdue
                .cmp(&a.overdue)
                .then_with(|| a.due.is_none().cmp(&b.due.is_none()))
                .then_with(|| a.due.cmp(&b.due))
                .then_with(|| a.url.cmp(&b.url))
                .then_with(|| a.what.cmp(&b.what))
        });
        Incidents {
            as_of: today.format("%Y-%m-%d").to_string(),
            all: group("all", &all),
            by_severity,
            by_month: months.iter().map(|(m, es)| group(m, es)).collect(),
            overdue_actions: open_actions.iter().filter(|a| a.overdue).count(),
            open_actions,
        }
    }
}

/// The month an incident started in, in the site's timezone, however its offset
/// was written: `2025-10`.
pub fn month(config: &Config, started: crate::content::time::Timestamp) -> String {
    config
        .timezone
        .local(started.0.with_timezone(&chrono::Utc))
        .format("%Y-%m")
        .to_string()
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn group(key: &str, members: &[&Entry<'_>]) -> Group {
    let mut times: Vec<i64> = members
        .iter()
        .filter_map(|e| e.postmortem.derived.time_to_resolve)
        .collect();
    times.sort_unstable();
    let resolved = times.len();
    let mean = (resolved > 0).then(|| times.iter().sum::<i64>() as f64 / resolved as f64);
    let median = match resolved {
        0 => None,
        n if n % 2 == 1 => Some(times[n / 2] as f64),
        n => Some((times[n / 2 - 1] + times[n / 2]) as f64 / 2.0),
    };
    let judged = members
        .iter()
        .filter(|e| e.postmortem.derived.target_met.is_some())
        .count();
    let target_met = members
        .iter()
        .filter(|e| e.postmortem.derived.target_met == Some(true))
        .count();
    let with_root_cause = members
        .iter()
        .filter(|e| {
            e.postmortem
                .root_cause
                .as_deref()
                .is_some_and(|c| !c.trim().is_empty())
        })
        .count();
    let with_actions = members
        .iter()
        .filter(|e| !e.postmortem.actions.is_empty())
        .count();
    let actions_done = members
        .iter()
        .filter(|e| !e.postmortem.actions.is_empty() && e.postmortem.actions.iter().all(|a| a.done))
        .count();
    Group {
        key: key.to_string(),
        count: members.len(),
        open: members.iter().filter(|e| e.postmortem.derived.open).count(),
        resolved,
        mttr_mean_minutes: mean,
        mttr_median_minutes: median,
        target_met,
        target_met_share: share(target_met, judged),
        with_root_cause,
        root_cause_share: share(with_root_cause, members.len()),
        with_actions,
        actions_done,
        actions_done_share: share(actions_done, with_actions),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 11, 10).unwrap()
    }

    fn page(name: &str, front: &str) -> Page {
        let file = SourceFile {
            rel: format!("postmortems/{name}.md"),
            text: format!("+++\ntitle = \"{name}\"\n{front}+++\n"),
        };
        let mut findings = Vec::new();
        let page = crate::content::load_page(
            file,
            &Config::default(),
            today(),
            &Default::default(),
            &mut findings,
        );
        assert!(findings.is_empty(), "{findings:?}");
        page
    }

    fn incident(severity: &str, started: &str, minutes: Option<i64>, extra: &str) -> String {
        let start = chrono::DateTime::parse_from_rfc3339(started).unwrap();
        let resolved = minutes
            .map(|m| {
                format!(
                    "resolved = {}\n",
                    (start + chrono::TimeDelta::minutes(m)).to_rfc3339()
                )
            })
            .unwrap_or_default();
        format!("severity = \"{severity}\"\nstarted = {started}\n{resolved}{extra}")
    }

    fn compute(pages: &[Page]) -> Incidents {
        let entries: Vec<Entry<'_>> = pages
            .iter()
            .map(|page| match &page.details {
                Details::Postmortem(postmortem) => Entry { page, postmortem },
                _ => panic!("not a postmortem"),
            })
            .collect();
        Incidents::compute(&entries, &Config::default(), today())
    }

    #[test]
    fn figures_by_hand() {
        let action = |done: bool, due: &str| {
            format!("[[actions]]\nwhat = \"a\"\nowner = \"Ana\"\ndue = {due}\ndone = {done}\n")
        };
        let pages = [
            // high (4 h): 100 min met, 300 min missed, 250 min missed, and one open.
            page(
                "a",
                &incident(
                    "high",
                    "2025-09-01T10:00:00Z",
                    Some(100),
                    "root_cause = \"x\"\n",
                ),
            ),
            page(
                "b",
                &incident(
                    "alto",
                    "2025-09-20T10:00:00Z",
                    Some(300),
                    &action(true, "2025-09-30"),
                ),
            ),
            page(
                "c",
                &incident(
                    "high",
                    "2025-10-02T10:00:00Z",
                    Some(250),
                    &format!(
                        "root_cause = \"y\"\n{}{}",
                        action(true, "2025-10-10"),
                        action(false, "2025-11-01")
                    ),
                ),
            ),
            page(
                "d",
                &incident(
                    "high",
                    "2025-10-05T10:00:00Z",
                    None,
                    &action(false, "2025-12-01"),
                ),
            ),
            // critical (1 h): 45 min, met.
            page(
                "e",
                &incident(
                    "crítico",
                    "2025-10-09T10:00:00Z",
                    Some(45),
                    "root_cause = \" \"\n",
                ),
            ),
        ];
        let m = compute(&pages);
        let high = &m.by_severity[1];
        assert_eq!(high.key, "high");
        assert_eq!((high.count, high.open, high.resolved), (4, 1, 3));
        // Mean of 100, 250, 300; median the middle one.
        assert_eq!(high.mttr_mean_minutes, Some(650.0 / 3.0));
        assert_eq!(high.mttr_median_minutes, Some(250.0));
        assert_eq!(high.target_met, 1);
        assert_eq!(
            high.target_met_share,
            Some(1.0 / 3.0),
            "the open one is not judged"
        );
        assert_eq!(high.with_root_cause, 2);
        assert_eq!(high.root_cause_share, Some(0.5));
        assert_eq!((high.with_actions, high.actions_done), (3, 1));
        let critical = &m.by_severity[0];
        assert_eq!(critical.with_root_cause, 0, "a blank root cause is none");
        assert_eq!(critical.actions_done_share, None);
        assert_eq!(m.by_severity[2].count, 0);
        // All five: resolved 45, 100, 250, 300: even count, median between the middle two.
        assert_eq!(m.all.mttr_median_minutes, Some(175.0));
        assert_eq!(m.all.mttr_mean_minutes, Some(173.75));
        assert_eq!(m.all.target_met_share, Some(0.5));
        let months: Vec<(&str, usize)> = m
            .by_month
            .iter()
            .map(|g| (g.key.as_str(), g.count))
            .collect();
        assert_eq!(months, [("2025-09", 2), ("2025-10", 3)]);
        assert_eq!(m.by_month[1].mttr_median_minutes, Some(147.5));
        assert_eq!(m.open_actions.len(), 2);
        assert_eq!(m.overdue_actions, 1);
        assert!(m.open_actions[0].overdue, "overdue first");
        assert_eq!(m.open_actions[0].url, "postmortems/c/");
        assert_eq!(m.open_actions[1].due.as_deref(), Some("2025-12-01"));
    }

    #[test]
    fn newest_first() {
        let pages = [
            page("old", &incident("low", "2025-01-01T10:00:00Z", Some(1), "")),
            page("new", &incident("low", "2025-03-01T10:00:00Z", None, "")),
            page("mid", &incident("low", "2025-02-01T10:00:00Z", Some(1), "")),
        ];
        let order: Vec<&str> = postmortems(&pages)
            .iter()
            .map(|&i| pages[i].title.as_str())
            .collect();
        assert_eq!(order, ["new", "mid", "old"]);
    }
}
