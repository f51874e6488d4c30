//! Runbooks: procedures with steps, commands and checklists.

use super::time::Date;
use super::Fact;
use serde::{Deserialize, Serialize};

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

impl Runbook {
    pub const FIELDS: &'static [&'static str] =
        &["level", "owner", "last_reviewed", "review_every"];

    pub fn facts(&self) -> Vec<Fact> {
        let mut facts = Vec::new();
        Fact::push(&mut facts, "level", self.level);
        Fact::push(&mut facts, "owner", self.owner.as_ref());
        Fact::push(&mut facts, "last_reviewed", self.last_reviewed);
        Fact::push(&mut facts, "review_every", self.review_every.as_ref());
        facts
    }
}
