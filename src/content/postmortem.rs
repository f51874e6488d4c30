//! Postmortems: incident reports.

use super::time::{Date, Timestamp};
use super::{CheckContext, Fact, Field, KindInfo, Schema};
use crate::findings::Finding;
use serde::{Deserialize, Serialize};

pub const INFO: KindInfo = KindInfo {
    name: "postmortem",
    folder: Some("postmortems"),
    fields: &[
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
    pub severity: Option<String>,
    pub started: Option<Timestamp>,
    pub detected: Option<Timestamp>,
    pub resolved: Option<Timestamp>,
    /// The release that caused or hit the incident.
    pub release: Option<String>,
    pub root_cause: Option<String>,
    pub actions: Vec<Action>,
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
                "severity",
                "the postmortem has no severity".into(),
                format!("add severity = \"high\" to the front matter; {}", allowed()),
            )),
            Some(written) if cx.config.severity_level(written).is_none() => found.push(cx.error(
                "severity",
                format!("unknown severity `{written}`"),
                allowed(),
            )),
            Some(_) => {}
        }
        if let (Some(started), Some(resolved)) = (self.started, self.resolved) {
            if resolved < started {
                found.push(cx.error(
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
