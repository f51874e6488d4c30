//! Runbooks: procedures with steps, commands and checklists.

use super::time::{parse_span, Date};
use super::{CheckContext, Fact, Field, KindInfo, Schema};
use crate::config::Config;
use crate::findings::{Finding, Severity};
use serde::{Deserialize, Serialize};

pub const INFO: KindInfo = KindInfo {
    name: "runbook",
    folder: Some("runbooks"),
    fields: &[
        Field {
            key: "level",
            es: "Nivel de soporte",
            en: "Support level",
        },
        Field {
            key: "owner",
            es: "Responsable",
            en: "Owner",
        },
        Field {
            key: "last_reviewed",
            es: "Última revisión",
            en: "Last reviewed",
        },
        Field {
            key: "review_every",
            es: "Revisar cada",
            en: "Review every",
        },
    ],
    label: ("Runbook", "Runbook"),
    section: ("Runbooks", "Runbooks"),
};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Runbook {
    /// Support tier that runs it (1, 2, 3).
    pub level: Option<u8>,
    pub owner: Option<String>,
    pub last_reviewed: Option<Date>,
    /// How often it must be reviewed, e.g. "90d".
    pub review_every: Option<String>,
    #[serde(skip)]
    pub derived: Derived,
}

/// When a runbook is due for review, worked out at load.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Derived {
    /// `last_reviewed` plus the interval (its own, else the site's).
    pub due: Option<chrono::NaiveDate>,
    /// Days past `due` on the build date; 0 when not overdue.
    pub overdue_days: i64,
    pub stale: bool,
    /// The interval in use, as written (`90d`).
    pub every: Option<String>,
}

impl Schema for Runbook {
    fn facts(&self) -> Vec<Fact> {
        let mut facts = Vec::new();
        Fact::push(&mut facts, "level", self.level);
        Fact::push(&mut facts, "owner", self.owner.as_ref());
        Fact::push(&mut facts, "last_reviewed", self.last_reviewed);
        Fact::push(&mut facts, "review_every", self.review_every.as_ref());
        facts
    }

    fn date(&self) -> Option<chrono::NaiveDate> {
        self.last_reviewed.map(|d| d.0)
    }

    fn derive(&mut self, config: &Config, today: chrono::NaiveDate) {
        let (every, written) = match &self.review_every {
            Some(text) => (parse_span(text), Some(text.trim().to_string())),
            None => (
                config.runbooks.review_every,
                config
                    .runbooks
                    .review_every
                    .map(|span| format!("{}d", span.num_days())),
            ),
        };
        let due = match (self.last_reviewed, every) {
            (Some(last), Some(every)) => last.0.checked_add_signed(every),
            _ => None,
        };
        let overdue_days = due.map_or(0, |due| (today - due).num_days().max(0));
        self.derived = Derived {
            due,
            overdue_days,
            stale: overdue_days > 0,
            every: written,
        };
    }

    fn derived(&self) -> serde_json::Value {
        serde_json::to_value(&self.derived).unwrap_or_default()
    }

    fn check(&self, cx: &CheckContext<'_>) -> Vec<Finding> {
        let mut found = Vec::new();
        let d = &self.derived;
        if let Some(text) = &self.review_every {
            if parse_span(text).is_none_or(|span| span.num_days() < 1) {
                found.push(cx.finding(
                    Severity::Error,
                    "runbook.review-every",
                    "review_every",
                    format!("`review_every = \"{text}\"` is not a span of days"),
                    "write it as days or weeks: \"90d\", \"12w\"".to_string(),
                ));
                return found;
            }
            if self.last_reviewed.is_none() {
                found.push(cx.finding(
                    Severity::Warning,
                    "runbook.stale",
                    "review_every",
                    format!("this runbook must be reviewed every {text}, but it has no `last_reviewed`"),
                    "review it and add `last_reviewed = YYYY-MM-DD` with the day you did".to_string(),
                ));
            }
        }
        if let (true, Some(due), Some(last)) = (d.stale, d.due, self.last_reviewed) {
            let days = d.overdue_days;
            found.push(cx.finding(
                Severity::Warning,
                "runbook.stale",
                "last_reviewed",
                format!(
                    "review overdue by {days} day{}: last reviewed on {}, due every {} (on {due})",
                    if days == 1 { "" } else { "s" },
                    last.0,
                    d.every.as_deref().unwrap_or("?"),
                ),
                "review the runbook against the system as it is today, then set `last_reviewed` to that day".to_string(),
            ));
        }
        found
    }
}
