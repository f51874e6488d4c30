//! Postmortems: incident reports.

use super::time::{Date, Timestamp};
use super::{Fact, Field, KindInfo, Schema};
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
}
