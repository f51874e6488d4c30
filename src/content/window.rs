//! Maintenance windows: planned interventions, printed as forms.

use super::time::{human, Timestamp};
use super::{CheckContext, Fact, Field, KindInfo, Schema};
use crate::config::Config;
use crate::findings::{Finding, Severity};
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
        Field {
            key: "ticket",
            es: "Ticket",
            en: "Ticket",
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
    /// none, degraded or outage (Spanish names too); checked, see `Impact`.
    pub impact: Option<String>,
    /// planned, in-progress, done, cancelled or rolled-back; checked, see `WindowStatus`.
    pub status: Option<String>,
    /// The change ticket, e.g. `CHG-1234`.
    pub ticket: Option<String>,
    #[serde(skip)]
    pub derived: Derived,
}

/// What a window's values add up to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Derived {
    /// The status as read; `planned` when none is given.
    pub status: Option<WindowStatus>,
    pub impact: Option<Impact>,
    /// From start to end, and from announcement to start, in minutes.
    pub duration: Option<i64>,
    pub notice: Option<i64>,
    /// Starts on or after the build date.
    pub upcoming: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WindowStatus {
    Planned,
    InProgress,
    Done,
    Cancelled,
    RolledBack,
}

/// Each status, its name in the config, and the names accepted for it.
const STATUSES: &super::Names<WindowStatus> = &[
    (
        WindowStatus::Planned,
        &["planned", "planificada", "planeada", "programada"],
    ),
    (
        WindowStatus::InProgress,
        &["in-progress", "en-curso", "en-progreso"],
    ),
    (
        WindowStatus::Done,
        &["done", "hecha", "realizada", "completada", "finalizada"],
    ),
    (
        WindowStatus::Cancelled,
        &["cancelled", "canceled", "cancelada"],
    ),
    (
        WindowStatus::RolledBack,
        &["rolled-back", "revertida", "rollback"],
    ),
];

impl WindowStatus {
    pub fn parse(written: &str) -> Option<WindowStatus> {
        super::by_name(STATUSES, written)
    }

    pub fn key(self) -> &'static str {
        super::key_of(STATUSES, self)
    }
}

impl fmt::Display for WindowStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// How much users notice the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    None,
    Degraded,
    Outage,
}

const IMPACTS: &super::Names<Impact> = &[
    (Impact::None, &["none", "ninguno", "sin-impacto", "ninguna"]),
    (
        Impact::Degraded,
        &["degraded", "degradado", "degradacion", "parcial"],
    ),
    (
        Impact::Outage,
        &["outage", "corte", "caida", "interrupcion", "total"],
    ),
];

impl Impact {
    pub fn parse(written: &str) -> Option<Impact> {
        super::by_name(IMPACTS, written)
    }

    pub fn key(self) -> &'static str {
        super::key_of(IMPACTS, self)
    }
}

/// The body sections a window's form needs, by the names they go by (as slugs:
/// lowercase, no accents, hyphens), Spanish and English.
pub mod sections {
    pub const ROLLBACK: &[&str] = &[
        "rollback",
        "plan-de-rollback",
        "rollback-plan",
        "reversa",
        "plan-de-reversa",
        "vuelta-atras",
        "plan-de-vuelta-atras",
        "marcha-atras",
        "reversion",
        "backout",
        "back-out",
        "back-out-plan",
    ];
    pub const SUCCESS: &[&str] = &[
        "criterios-de-exito",
        "success-criteria",
        "criterios-de-aceptacion",
        "acceptance-criteria",
    ];
    pub const SMOKE: &[&str] = &[
        "smoke-tests",
        "smoke-test",
        "pruebas-de-humo",
        "prueba-de-humo",
    ];
    pub const PLAN: &[&str] = &["plan", "pasos", "steps", "procedimiento", "procedure"];
    pub const COMMUNICATION: &[&str] = &[
        "comunicacion",
        "communication",
        "avisos",
        "aviso",
        "comunicaciones",
    ];
}

impl Schema for MaintenanceWindow {
    fn facts(&self) -> Vec<Fact> {
        let mut facts = Vec::new();
        Fact::push(&mut facts, "status", self.derived.status);
        Fact::push(&mut facts, "start", self.start);
        Fact::push(&mut facts, "end", self.end);
        Fact::push(&mut facts, "announced", self.announced);
        Fact::push(&mut facts, "responsible", self.responsible.as_ref());
        Fact::push(&mut facts, "approver", self.approver.as_ref());
        Fact::push(&mut facts, "impact", self.derived.impact.map(Impact::key));
        Fact::push(&mut facts, "release", self.release.as_ref());
        Fact::push(&mut facts, "ticket", self.ticket.as_ref());
        facts
    }

    fn date(&self) -> Option<chrono::NaiveDate> {
        self.start.map(|t| t.0.date_naive())
    }

    fn derive(&mut self, config: &Config, today: chrono::NaiveDate) {
        for time in [&mut self.start, &mut self.end, &mut self.announced] {
            *time = time.map(|t| t.in_zone(&config.timezone));
        }
        let minutes = |from: Option<Timestamp>, to: Option<Timestamp>| match (from, to) {
            (Some(from), Some(to)) => Some((to.0 - from.0).num_minutes()),
            _ => None,
        };
        self.derived = Derived {
            status: match &self.status {
                None => Some(WindowStatus::Planned),
                Some(s) => WindowStatus::parse(s),
            },
            impact: self.impact.as_deref().and_then(Impact::parse),
            duration: minutes(self.start, self.end),
            notice: minutes(self.announced, self.start),
            upcoming: self.start.is_some_and(|s| s.0.date_naive() >= today),
        };
    }

    fn derived(&self) -> serde_json::Value {
        serde_json::to_value(&self.derived).unwrap_or_default()
    }

    fn check(&self, cx: &CheckContext<'_>) -> Vec<Finding> {
        let mut found = Vec::new();
        let d = &self.derived;
        if let (Some(written), None) = (&self.status, d.status) {
            found.push(cx.finding(
                Severity::Error,
                "window.status",
                "status",
                format!("unknown window status `{written}`"),
                format!("allowed: {}", super::allowed(STATUSES)),
            ));
        }
        if let (Some(written), None) = (&self.impact, d.impact) {
            found.push(cx.finding(
                Severity::Error,
                "window.impact",
                "impact",
                format!("unknown impact `{written}`"),
                format!(
                    "allowed: {}; describe the impact in detail in the body",
                    super::allowed(IMPACTS)
                ),
            ));
        }
        if self.start.is_none() || self.end.is_none() {
            let missing: Vec<&str> = [("start", self.start), ("end", self.end)]
                .iter()
                .filter(|(_, v)| v.is_none())
                .map(|(k, _)| *k)
                .collect();
            found.push(cx.finding(
                Severity::Error,
                "window.time",
                missing[0],
                format!("the window has no {}", missing.join(" and no ")),
                "add start = 2025-11-15T01:00:00-03:00 and end = 2025-11-15T03:00:00-03:00".into(),
            ));
        }
        if let (Some(start), Some(end)) = (self.start, self.end) {
            if end <= start {
                found.push(cx.finding(
                    Severity::Error,
                    "window.end",
                    "end",
                    format!("`end` ({end}) is not after `start` ({start})"),
                    "check the dates and their offsets".into(),
                ));
            }
        }
        let cancelled = d.status == Some(WindowStatus::Cancelled);
        if !cancelled {
            let min = cx.config.windows.min_notice;
            let severity = if d.upcoming {
                Severity::Error
            } else {
                Severity::Warning
            };
            let when = if d.upcoming {
                ""
            } else {
                " (a past window: a warning)"
            };
            match (self.announced, d.notice) {
                (None, _) if self.start.is_some() => found.push(cx.finding(
                    severity,
                    "window.notice",
                    "start",
                    format!("the window has no `announced`: users must be told at least {} ahead{when}", human(min)),
                    "add announced = the date and time users were told".into(),
                )),
                (Some(announced), Some(notice)) if notice < min.num_minutes() => {
                    found.push(cx.finding(
                        severity,
                        "window.notice",
                        "announced",
                        format!(
                            "announced {} before the start ({announced}), less than the {} required{when}",
                            human(chrono::TimeDelta::minutes(notice)),
                            human(min)
                        ),
                        "move the window later, or announce it earlier ([windows] min_notice in bitacora.toml sets the rule)".into(),
                    ))
                }
                _ => {}
            }
            let outline = cx.outline;
            if outline.section(sections::ROLLBACK).is_none() {
                found.push(cx.finding(
                    Severity::Error,
                    "window.rollback",
                    "title",
                    "the window has no rollback plan".into(),
                    "add a section \"## Plan de reversa\" (or \"## Rollback plan\") with the steps to undo the change".into(),
                ));
            }
            let criteria = outline.section(sections::SUCCESS);
            let items: Vec<&crate::markdown::Task> = criteria
                .map(|c| outline.tasks_under(c).collect())
                .unwrap_or_default();
            if items.is_empty() {
                found.push(cx.finding(
                    Severity::Error,
                    "window.success-criteria",
                    "title",
                    "the window has no success criteria".into(),
                    "add a section \"## Criterios de éxito\" (or \"## Success criteria\") with a task list: - [ ] the API answers 200".into(),
                ));
            }
            if d.status == Some(WindowStatus::Done) {
                for item in items.iter().filter(|t| !t.done) {
                    found.push(cx.at_line(
                        Severity::Warning,
                        "window.unticked",
                        item.line,
                        format!(
                            "the window is done but the success criterion \"{}\" is not ticked",
                            item.text
                        ),
                        "tick it (- [x]) if it was met, or set status = \"rolled-back\"".into(),
                    ));
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_impacts_in_both_languages() {
        assert_eq!(
            WindowStatus::parse("Cancelada"),
            Some(WindowStatus::Cancelled)
        );
        assert_eq!(
            WindowStatus::parse("in progress"),
            Some(WindowStatus::InProgress)
        );
        assert_eq!(
            WindowStatus::parse("rolled-back"),
            Some(WindowStatus::RolledBack)
        );
        assert_eq!(WindowStatus::parse("lista"), None);
        assert_eq!(Impact::parse("Caída"), Some(Impact::Outage));
        assert_eq!(Impact::parse("degradado"), Some(Impact::Degraded));
        assert_eq!(Impact::parse("a veces"), None);
        assert_eq!(WindowStatus::RolledBack.to_string(), "rolled-back");
    }
}
