//! Postmortems: incident reports.

use super::time::{Date, Timestamp};
use super::{CheckContext, Fact, Field, KindInfo, Schema};
use crate::config::Config;
use crate::findings::Finding;
use serde::{Deserialize, Serialize};

pub const INFO: KindInfo = KindInfo {
    name: "postmortem",
    folder: Some("postmortems"),
    fields: &[
        Field {
            key: "id",
            es: "Identificador",
            en: "ID",
        },
        Field {
            key: "severity",
            es: "Severidad",
            en: "Severity",
        },
        Field {
            key: "started",
            es: "Inicio",
            en: "Started",
        },
        Field {
            key: "detected",
            es: "Detectado",
            en: "Detected",
        },
        Field {
            key: "resolved",
            es: "Resuelto",
            en: "Resolved",
        },
        Field {
            key: "release",
            es: "Versión",
            en: "Release",
        },
        Field {
            key: "root_cause",
            es: "Causa raíz",
            en: "Root cause",
        },
        Field {
            key: "actions",
            es: "Acciones",
            en: "Actions",
        },
    ],
    label: ("Postmortem", "Postmortem"),
    section: ("Postmortems", "Postmortems"),
};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Postmortem {
    /// The team's own reference for the incident, e.g. `INC-2025-031`.
    pub id: Option<String>,
    pub severity: Option<String>,
    pub started: Option<Timestamp>,
    pub detected: Option<Timestamp>,
    pub resolved: Option<Timestamp>,
    /// The release that caused or hit the incident.
    pub release: Option<String>,
    pub root_cause: Option<String>,
    pub actions: Vec<Action>,
    /// Worked out at load from the values above (see `Schema::derive`).
    #[serde(skip)]
    pub derived: Derived,
}

/// What a postmortem's values add up to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Derived {
    /// The severity's key in the config, when it names a level.
    pub level: Option<String>,
    /// From start to detection, and from start to resolution, in minutes.
    pub time_to_detect: Option<i64>,
    pub time_to_resolve: Option<i64>,
    /// The level's resolution target, in minutes.
    pub target: Option<i64>,
    /// Resolved within the target; `None` while open or without a level.
    pub target_met: Option<bool>,
    /// Target minus time to resolve, in minutes: negative when missed.
    pub margin: Option<i64>,
    /// No `resolved` yet.
    pub open: bool,
    pub open_actions: usize,
    /// Not done and due before the build date.
    pub overdue_actions: usize,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub what: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due: Option<Date>,
    #[serde(default)]
    pub done: bool,
}

impl Schema for Postmortem {
    fn facts(&self) -> Vec<Fact> {
        let mut facts = Vec::new();
        Fact::push(&mut facts, "id", self.id.as_ref());
        Fact::push(&mut facts, "severity", self.severity.as_ref());
        Fact::push(&mut facts, "started", self.started);
        Fact::push(&mut facts, "detected", self.detected);
        Fact::push(&mut facts, "resolved", self.resolved);
        Fact::push(&mut facts, "release", self.release.as_ref());
        Fact::push(&mut facts, "root_cause", self.root_cause.as_ref());
        facts
    }

    fn date(&self) -> Option<chrono::NaiveDate> {
        self.started.map(|t| t.0.date_naive())
    }

    fn derive(&mut self, config: &Config, today: chrono::NaiveDate) {
        for time in [&mut self.started, &mut self.detected, &mut self.resolved] {
            *time = time.map(|t| t.in_zone(&config.timezone));
        }
        let minutes = |from: Option<Timestamp>, to: Option<Timestamp>| match (from, to) {
            (Some(from), Some(to)) => Some((to.0 - from.0).num_minutes()),
            _ => None,
        };
        let level = self
            .severity
            .as_deref()
            .and_then(|s| config.severity_level(s));
        let time_to_resolve = minutes(self.started, self.resolved);
        let target = level.map(|(_, l)| l.target.num_minutes());
        let margin = target.zip(time_to_resolve).map(|(t, r)| t - r);
        self.derived = Derived {
            level: level.map(|(key, _)| key.to_string()),
            time_to_detect: minutes(self.started, self.detected),
            time_to_resolve,
            target,
            target_met: margin.map(|m| m >= 0),
            margin,
            open: self.resolved.is_none(),
            open_actions: self.actions.iter().filter(|a| !a.done).count(),
            overdue_actions: self
                .actions
                .iter()
                .filter(|a| !a.done && a.due.is_some_and(|due| due.0 < today))
                .count(),
        };
    }

    fn derived(&self) -> serde_json::Value {
        serde_json::to_value(&self.derived).unwrap_or_default()
    }

    fn check(&self, cx: &CheckContext<'_>) -> Vec<Finding> {
        let mut found = Vec::new();
        let allowed = || {
            let names: Vec<String> = cx
                .config
                .severities()
                .iter()
                .map(|(key, level)| match &level.es {
                    Some(es) => format!("{key} ({})", es.to_lowercase()),
                    None => key.to_string(),
                })
                .collect();
            format!("allowed: {}", names.join(", "))
        };
        match &self.severity {
            None => found.push(cx.error(
                "postmortem.severity",
                "severity",
                "the postmortem has no severity".into(),
                format!("add severity = \"high\" to the front matter; {}", allowed()),
            )),
            Some(written) if cx.config.severity_level(written).is_none() => found.push(cx.error(
                "postmortem.severity",
                "severity",
                format!("unknown severity `{written}`"),
                allowed(),
            )),
            Some(_) => {}
        }
        if self.started.is_none() {
            found.push(cx.error(
                "postmortem.started",
                "started",
                "the postmortem has no `started`".into(),
                "add started = 2025-11-03T14:02:00-03:00, when the incident began".into(),
            ));
        }
        if let (Some(started), Some(resolved)) = (self.started, self.resolved) {
            if resolved < started {
                found.push(cx.error(
                    "postmortem.resolved",
                    "resolved",
                    format!("`resolved` ({resolved}) is before `started` ({started})"),
                    "check the dates and their offsets".into(),
                ));
            }
        }
        if let (Some(started), Some(detected)) = (self.started, self.detected) {
            let after_end = self.resolved.is_some_and(|resolved| detected > resolved);
            if detected < started || after_end {
                found.push(cx.error(
                    "postmortem.detected",
                    "detected",
                    format!("`detected` ({detected}) is outside the incident, from `started` to `resolved`"),
                    "the incident is detected after it starts and before it is resolved".into(),
                ));
            }
        }
        for (i, action) in self.actions.iter().enumerate() {
            let missing: Vec<&str> = [
                action
                    .owner
                    .as_deref()
                    .is_none_or(|o| o.trim().is_empty())
                    .then_some("owner"),
                action.due.is_none().then_some("due"),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !missing.is_empty() {
                found.push(cx.item_error(
                    "postmortem.action",
                    "actions",
                    i,
                    format!(
                        "action \"{}\" has no {}",
                        action.what,
                        missing.join(" and no ")
                    ),
                    "every action needs owner = \"name\" and due = 2025-10-31".into(),
                ));
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn derive(front: &str, today: &str) -> Derived {
        let mut p: Postmortem = toml::from_str(front).unwrap();
        let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
        p.derive(&Config::default(), today);
        p.derived
    }

    #[test]
    fn times_and_target_by_hand() {
        // high: 4 h target. Started 14:05, detected 14:52 (47 min), resolved 16:40 (155 min).
        let d = derive(
            "severity = \"alto\"\nstarted = 2025-09-18T14:05:00-03:00\ndetected = 2025-09-18T14:52:00-03:00\nresolved = 2025-09-18T16:40:00-03:00\n",
            "2025-10-01",
        );
        assert_eq!(d.level.as_deref(), Some("high"));
        assert_eq!(d.time_to_detect, Some(47));
        assert_eq!(d.time_to_resolve, Some(155));
        assert_eq!(d.target, Some(240));
        assert_eq!(d.margin, Some(85));
        assert_eq!(d.target_met, Some(true));
        assert!(!d.open);
    }

    #[test]
    fn missed_target_across_offsets() {
        // critical: 1 h. 23:30 at -03:00 is 02:30Z; resolved 04:05Z: 95 min, missed by 35.
        let d = derive(
            "severity = \"critical\"\nstarted = 2025-11-02T23:30:00-03:00\nresolved = 2025-11-03T04:05:00Z\n",
            "2025-11-10",
        );
        assert_eq!(d.time_to_resolve, Some(95));
        assert_eq!(d.margin, Some(-35));
        assert_eq!(d.target_met, Some(false));
    }

    #[test]
    fn open_incident_and_actions() {
        let d = derive(
            "severity = \"low\"\nstarted = 2025-11-02T10:00:00Z\n\n[[actions]]\nwhat = \"a\"\nowner = \"x\"\ndue = 2025-11-01\n\n[[actions]]\nwhat = \"b\"\nowner = \"x\"\ndue = 2025-11-20\n\n[[actions]]\nwhat = \"c\"\nowner = \"x\"\ndue = 2025-10-01\ndone = true\n",
            "2025-11-10",
        );
        assert!(d.open);
        assert_eq!(d.time_to_resolve, None);
        assert_eq!(d.target_met, None);
        assert_eq!(d.open_actions, 2);
        assert_eq!(
            d.overdue_actions, 1,
            "due before the build date and not done"
        );
    }

    #[test]
    fn bare_local_times_use_the_site_timezone() {
        let front = "severity = \"high\"\nstarted = 2025-11-02T23:30:00\nresolved = 2025-11-03T01:00:00-03:00\n";
        let mut p: Postmortem = toml::from_str(front).unwrap();
        // Default UTC: 23:30Z to 04:00Z.
        p.derive(
            &Config::default(),
            NaiveDate::from_ymd_opt(2025, 11, 10).unwrap(),
        );
        assert_eq!(p.derived.time_to_resolve, Some(270));
        let mut p: Postmortem = toml::from_str(front).unwrap();
        let config = Config::parse("timezone = \"-03:00\"").unwrap();
        p.derive(&config, NaiveDate::from_ymd_opt(2025, 11, 10).unwrap());
        assert_eq!(p.derived.time_to_resolve, Some(90));
        assert_eq!(
            p.started.unwrap().0.to_rfc3339(),
            "2025-11-02T23:30:00-03:00"
        );
    }

    #[test]
    fn due_on_the_build_date_is_not_overdue() {
        let d = derive(
            "severity = \"low\"\n[[actions]]\nwhat = \"a\"\nowner = \"x\"\ndue = 2025-11-10\n",
            "2025-11-10",
        );
        assert_eq!(d.overdue_actions, 0);
    }
}
