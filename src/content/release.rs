//! Releases: one file per version.

use super::{CheckContext, Fact, Field, KindInfo, Schema};
use crate::findings::{Finding, Severity};
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
        Field {
            key: "status",
            es: "Estado",
            en: "Status",
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
    /// planned, deployed or rolled-back; checked, see `ReleaseStatus`.
    pub status: Option<String>,
    #[serde(skip)]
    pub derived: Derived,
}

/// What a release's values add up to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Derived {
    /// The version read as a semantic version (`v` dropped), when it is one.
    #[serde(serialize_with = "as_text")]
    pub semver: Option<semver::Version>,
    pub status: Option<ReleaseStatus>,
}

fn as_text<S: serde::Serializer>(v: &Option<semver::Version>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.collect_str(v),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReleaseStatus {
    Planned,
    Deployed,
    RolledBack,
}

const STATUSES: &super::Names<ReleaseStatus> = &[
    (
        ReleaseStatus::Planned,
        &["planned", "planificada", "planeada"],
    ),
    (
        ReleaseStatus::Deployed,
        &["deployed", "desplegada", "en-produccion"],
    ),
    (ReleaseStatus::RolledBack, &["rolled-back", "revertida"]),
];

impl ReleaseStatus {
    pub fn parse(written: &str) -> Option<ReleaseStatus> {
        super::by_name(STATUSES, written)
    }

    pub fn key(self) -> &'static str {
        super::key_of(STATUSES, self)
    }
}

/// The headings a release's checklist puts after-deployment items under (as slugs);
/// items anywhere else are to be ticked before deploying.
pub const AFTER: &[&str] = &[
    "despues",
    "despues-del-despliegue",
    "post-despliegue",
    "postdespliegue",
    "verificacion-posterior",
    "seguimiento",
    "after",
    "after-deployment",
    "after-deploying",
    "post-deployment",
    "post-deploy",
    "follow-up",
];

/// A version as written, read as a semantic version: `2.3.0`, `v2.3.0`, `2.4.0-rc.1`.
pub fn parse_version(written: &str) -> Option<semver::Version> {
    let text = written.trim();
    let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
    semver::Version::parse(text).ok()
}

impl Schema for Release {
    fn facts(&self) -> Vec<Fact> {
        let mut facts = Vec::new();
        Fact::push(&mut facts, "version", self.version.as_ref());
        Fact::push(&mut facts, "commit", self.commit.as_ref());
        facts
    }

    fn derive(&mut self, _config: &crate::config::Config, _today: chrono::NaiveDate) {
        self.derived = Derived {
            semver: self.version.as_deref().and_then(parse_version),
            status: self.status.as_deref().and_then(ReleaseStatus::parse),
        };
    }

    fn derived(&self) -> serde_json::Value {
        serde_json::to_value(&self.derived).unwrap_or_default()
    }

    fn check(&self, cx: &CheckContext<'_>) -> Vec<Finding> {
        let mut found = Vec::new();
        let example = "a semantic version is MAJOR.MINOR.PATCH, with a leading v or not and an optional pre-release: 2.3.0, v2.3.0, 2.4.0-rc.1";
        match &self.version {
            None => found.push(cx.finding(
                Severity::Error,
                "release.version",
                "version",
                "the release has no version".into(),
                format!("add version = \"2.3.0\"; {example}"),
            )),
            Some(written) if self.derived.semver.is_none() => found.push(cx.finding(
                Severity::Error,
                "release.version",
                "version",
                format!("`{written}` is not a semantic version"),
                example.into(),
            )),
            Some(_) => {}
        }
        if let (Some(written), None) = (&self.status, self.derived.status) {
            found.push(cx.finding(
                Severity::Error,
                "release.status",
                "status",
                format!("unknown release status `{written}`"),
                format!("allowed: {}", super::allowed(STATUSES)),
            ));
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_as_semantic_versions() {
        let mut v: Vec<semver::Version> =
            ["2.10.0", "v2.9.1", "2.10.0-rc.1", "1.0.0", "2.10.0-beta.2"]
                .iter()
                .map(|s| parse_version(s).unwrap())
                .collect();
        v.sort();
        let shown: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["1.0.0", "2.9.1", "2.10.0-beta.2", "2.10.0-rc.1", "2.10.0"]
        );
        assert!(parse_version("2.3").is_none());
        assert!(parse_version("versión 2").is_none());
    }
}
