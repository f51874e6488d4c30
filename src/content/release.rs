//! Releases: one file per version.

use super::Fact;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Release {
    /// Semantic version, with or without a leading `v`.
    pub version: Option<String>,
    pub commit: Option<String>,
}

impl Release {
    pub const FIELDS: &'static [&'static str] = &["version", "commit"];

    pub fn facts(&self) -> Vec<Fact> {
        let mut facts = Vec::new();
        Fact::push(&mut facts, "version", self.version.as_ref());
        Fact::push(&mut facts, "commit", self.commit.as_ref());
        facts
    }
}
