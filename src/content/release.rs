//! Releases: one file per version.

use super::{Fact, Field, KindInfo, Schema};
use serde::{Deserialize, Serialize};

pub const INFO: KindInfo = KindInfo {
    name: "release",
    folder: Some("releases"),
    fields: &[
        Field {
            key: "version",
            es: "Versión",
            en: "Version",
        },
        Field {
            key: "commit",
            es: "Commit",
            en: "Commit",
        },
    ],
    label: ("Versión", "Release"),
    section: ("Versiones", "Releases"),
};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Release {
    /// Semantic version, with or without a leading `v`.
    pub version: Option<String>,
    pub commit: Option<String>,
}

impl Schema for Release {
    fn facts(&self) -> Vec<Fact> {
        let mut facts = Vec::new();
        Fact::push(&mut facts, "version", self.version.as_ref());
        Fact::push(&mut facts, "commit", self.commit.as_ref());
        facts
    }
}
