//! Maintenance windows: planned interventions, printed as forms.

use super::time::Timestamp;
use super::{Fact, Field, KindInfo, Schema};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const INFO: KindInfo = KindInfo {
    name: "window",
    folder: Some("windows"),
    fields: &[
        Field {
            key: "release",
            es: "Versión",
            en: "Release",
        },
        Field {
            key: "start",
            es: "Inicio",
            en: "Start",
        },
        Field {
            key: "end",
            es: "Fin",
            en: "End",
        },
        Field {
            key: "announced",
            es: "Anunciada",
            en: "Announced",
        },
        Field {
            key: "responsible",
            es: "Responsable",
            en: "Responsible",
        },
        Field {
            key: "approver",
            es: "Aprobador",
            en: "Approver",
        },
        Field {
            key: "impact",
            es: "Impacto",
            en: "Impact",
        },
        Field {
            key: "status",
            es: "Estado",
            en: "Status",
        },
    ],
    label: ("Ventana de mantenimiento", "Maintenance window"),
    section: ("Ventanas de mantenimiento", "Maintenance windows"),
};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MaintenanceWindow {
    pub release: Option<String>,
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    /// When users were told.
    pub announced: Option<Timestamp>,
    pub responsible: Option<String>,
    pub approver: Option<String>,
    pub impact: Option<String>,
    pub status: Option<WindowStatus>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WindowStatus {
    Planned,
    Done,
    Cancelled,
    RolledBack,
}

impl fmt::Display for WindowStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WindowStatus::Planned => "planned",
            WindowStatus::Done => "done",
            WindowStatus::Cancelled => "cancelled",
            WindowStatus::RolledBack => "rolled-back",
        })
    }
}

impl Schema for MaintenanceWindow {
    fn facts(&self) -> Vec<Fact> {
        let mut facts = Vec::new();
        Fact::push(&mut facts, "status", self.status);
        Fact::push(&mut facts, "start", self.start);
        Fact::push(&mut facts, "end", self.end);
        Fact::push(&mut facts, "announced", self.announced);
        Fact::push(&mut facts, "responsible", self.responsible.as_ref());
        Fact::push(&mut facts, "approver", self.approver.as_ref());
        Fact::push(&mut facts, "impact", self.impact.as_ref());
        Fact::push(&mut facts, "release", self.release.as_ref());
        facts
    }

    fn date(&self) -> Option<chrono::NaiveDate> {
        self.start.map(|t| t.0.date_naive())
    }

    fn derive(&mut self, config: &crate::config::Config, _today: chrono::NaiveDate) {
        for time in [&mut self.start, &mut self.end, &mut self.announced] {
            *time = time.map(|t| t.in_zone(&config.timezone));
        }
    }
}
