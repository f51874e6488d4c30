//! Runbooks: procedures with steps, commands and checklists.

use super::time::Date;
use super::{Fact, Field, KindInfo, Schema};
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
}
