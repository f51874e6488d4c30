//! Site configuration: `bitacora.toml`, with defaults when it is missing.

use crate::findings::{toml_finding, Finding};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const FILE_NAME: &str = "bitacora.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub title: String,
    pub description: String,
    pub language: Language,
    /// Where the site is published. Only used for absolute references such as feeds;
    /// every link inside the site is relative.
    pub base_url: String,
    pub minify: bool,
    /// Where bare local times in front matter (no offset) happen. Default UTC.
    pub timezone: crate::content::time::Zone,
    pub links: LinksConfig,
    /// Incident severity levels, by key. A site that sets any replaces the defaults.
    pub severity: BTreeMap<String, SeverityLevel>,
    pub windows: WindowsConfig,
    /// Runbooks: how often they must be reviewed when they do not say.
    pub runbooks: RunbooksConfig,
    /// How CSV exports write their dates.
    pub csv: CsvConfig,
    /// What release pages gather.
    pub releases: ReleasesConfig,
    /// KPI series, by key (`[kpi.api_p95_ms]`).
    pub kpi: BTreeMap<String, crate::kpi::series::Description>,
    /// Interface words of the site's own, over the built-in ones of its language
    /// (`[messages] home = "Portada"`); new keys are for templates of its own.
    pub messages: BTreeMap<String, String>,
    /// The line of each `[kpi.KEY]` table, for findings.
    #[serde(skip)]
    pub kpi_lines: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReleasesConfig {
    /// A runbook whose task list is the deployment checklist of releases without one.
    pub checklist: Option<String>,
    /// KPI series shown on every release page, around its date.
    pub kpis: Vec<String>,
    /// Days before and after the release date those charts cover and compare.
    pub days: i64,
    /// Severity levels whose open incidents on the previous release hold the next
    /// one back; empty: the two most severe levels.
    pub blocking: Vec<String>,
}

impl Default for ReleasesConfig {
    fn default() -> Self {
        ReleasesConfig {
            checklist: None,
            kpis: Vec::new(),
            days: 30,
            blocking: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CsvConfig {
    /// `01/11/2025` is the 1st of November (false: January 11th).
    pub day_first: bool,
}

impl Default for CsvConfig {
    fn default() -> Self {
        CsvConfig { day_first: true }
    }
}

/// Runbooks: the review interval of those without `review_every`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RunbooksConfig {
    /// e.g. "180d"; none: a runbook without `review_every` is never stale.
    #[serde(deserialize_with = "crate::content::time::deserialize_some_span")]
    pub review_every: Option<chrono::TimeDelta>,
}

/// Maintenance windows: the notice users must get.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WindowsConfig {
    /// e.g. "48h": a window announced later than this before its start is a finding.
    #[serde(deserialize_with = "crate::content::time::deserialize_span")]
    pub min_notice: chrono::TimeDelta,
}

impl Default for WindowsConfig {
    fn default() -> Self {
        WindowsConfig {
            min_notice: chrono::TimeDelta::hours(48),
        }
    }
}

/// One severity level: its resolution target and its names for readers.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SeverityLevel {
    /// Resolution target, e.g. "1h", "4h", "3d", "1h30m".
    #[serde(deserialize_with = "crate::content::time::deserialize_span")]
    pub target: chrono::TimeDelta,
    /// Rank, most severe first; levels without one come after, by key.
    #[serde(default)]
    pub order: Option<u32>,
    #[serde(default)]
    pub es: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
}

impl Config {
    /// Severity keys, most severe first.
    pub fn severities(&self) -> Vec<(&str, &SeverityLevel)> {
        let mut levels: Vec<(&str, &SeverityLevel)> =
            self.severity.iter().map(|(k, v)| (k.as_str(), v)).collect();
        levels.sort_by_key(|(k, v)| (v.order.unwrap_or(u32::MAX), *k));
        levels
    }

    /// The level keys whose open incidents on the previous release hold a planned
    /// release back: `[releases] blocking`, or the two most severe levels.
    pub fn blocking_levels(&self) -> Vec<&str> {
        if self.releases.blocking.is_empty() {
            return self
                .severities()
                .into_iter()
                .take(2)
                .map(|(k, _)| k)
                .collect();
        }
        self.releases
            .blocking
            .iter()
            .filter_map(|name| self.severity_level(name).map(|(k, _)| k))
            .collect()
    }

    /// The level a postmortem's `severity` names: its key, or its Spanish or English
    /// name, in any case, with or without accents.
    pub fn severity_level(&self, written: &str) -> Option<(&str, &SeverityLevel)> {
        let wanted = crate::content::url::slugify(written);
        self.severities().into_iter().find(|(key, level)| {
            [Some(*key), level.es.as_deref(), level.en.as_deref()]
                .into_iter()
                .flatten()
                .any(|name| crate::content::url::slugify(name) == wanted)
        })
    }
}

fn default_severities() -> BTreeMap<String, SeverityLevel> {
    let level = |order, hours, es: &str, en: &str| SeverityLevel {
        target: chrono::TimeDelta::hours(hours),
        order: Some(order),
        es: Some(es.to_string()),
        en: Some(en.to_string()),
    };
    BTreeMap::from([
        ("critical".to_string(), level(1, 1, "Crítico", "Critical")),
        ("high".to_string(), level(2, 4, "Alto", "High")),
        ("medium".to_string(), level(3, 24, "Medio", "Medium")),
        ("low".to_string(), level(4, 72, "Bajo", "Low")),
    ])
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Bitácora".to_string(),
            description: String::new(),
            language: Language::Es,
            base_url: String::new(),
            minify: true,
            timezone: Default::default(),
            links: LinksConfig::default(),
            severity: default_severities(),
            windows: WindowsConfig::default(),
            runbooks: RunbooksConfig::default(),
            csv: CsvConfig::default(),
            releases: ReleasesConfig::default(),
            kpi: BTreeMap::new(),
            kpi_lines: BTreeMap::new(),
            messages: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Es,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Es => "es",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LinksConfig {
    /// How severe a broken internal link is.
    pub broken: Level,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[default]
    Error,
    Warning,
}

impl Config {
    /// Reads `bitacora.toml` from the site folder; a missing file gives the defaults.
    pub fn load(site: &Path) -> Result<Config, Finding> {
        let path = site.join(FILE_NAME);
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    return Err(Finding::error(
                        "config.encoding",
                        FILE_NAME,
                        "the config file is not valid UTF-8",
                    )
                    .hint("save bitacora.toml as UTF-8"))
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(Finding::error(
                    "config.read",
                    FILE_NAME,
                    format!("cannot read the config file: {e}"),
                ))
            }
        };
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Finding> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut config: Config = toml::from_str(text)
            .map_err(|e| toml_finding("config.invalid", FILE_NAME, text, 0, &e))?;
        for (i, line) in text.lines().enumerate() {
            let header = line.trim().trim_start_matches('[').trim_end_matches(']');
            if let Some(key) = header.strip_prefix("kpi.") {
                let key = key.trim().trim_matches('"');
                if config.kpi.contains_key(key) {
                    config.kpi_lines.insert(key.to_string(), i + 1);
                }
            }
        }
        if !(1..=3650).contains(&config.releases.days) {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("days"))
                .map_or(0, |i| i + 1);
            return Err(Finding::error(
                "config.invalid",
                FILE_NAME,
                format!(
                    "[releases] days is {}; it must be from 1 to 3650",
                    config.releases.days
                ),
            )
            .at(line, 1)
            .hint("days before and after a release its charts cover, e.g. days = 30"));
        }
        if let Some(name) = config
            .releases
            .blocking
            .iter()
            .find(|name| config.severity_level(name).is_none())
        {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("blocking"))
                .map_or(0, |i| i + 1);
            let levels: Vec<&str> = config.severities().iter().map(|(k, _)| *k).collect();
            return Err(Finding::error(
                "config.invalid",
                FILE_NAME,
                format!("[releases] blocking names `{name}`, which is no severity level"),
            )
            .at(line, 1)
            .hint(format!("levels: {}", levels.join(", "))));
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_when_empty() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.language, Language::Es);
        assert!(c.minify);
        assert_eq!(c.links.broken, Level::Error);
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let f = Config::parse("title = \"x\"\n\ntitel = \"y\"\n").unwrap_err();
        assert!(f.message.contains("titel"), "{}", f.message);
        assert_eq!(f.line, 3);
    }

    #[test]
    fn unknown_key_in_section() {
        let f = Config::parse("[links]\nbroken = \"warning\"\nfoo = 1\n").unwrap_err();
        assert!(f.message.contains("foo"), "{}", f.message);
        assert_eq!(f.line, 3);
    }

    #[test]
    fn default_severities_and_spanish_names() {
        let c = Config::parse("").unwrap();
        let keys: Vec<&str> = c.severities().iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["critical", "high", "medium", "low"]);
        assert_eq!(c.severity_level("Crítico").unwrap().0, "critical");
        assert_eq!(c.severity_level("critico").unwrap().0, "critical");
        assert_eq!(c.severity_level("ALTO").unwrap().0, "high");
        assert_eq!(
            c.severity_level("bajo").unwrap().1.target,
            chrono::TimeDelta::hours(72)
        );
        assert!(c.severity_level("urgente").is_none());
    }

    #[test]
    fn blocking_levels_default_to_the_two_most_severe() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.blocking_levels(), ["critical", "high"]);
        let c = Config::parse("[releases]\nblocking = [\"Crítico\"]\n").unwrap();
        assert_eq!(c.blocking_levels(), ["critical"]);
        let f = Config::parse("[releases]\ndays = 10\nblocking = [\"urgente\"]\n").unwrap_err();
        assert!(f.message.contains("urgente"), "{}", f.message);
        assert_eq!(f.line, 3);
        let f = Config::parse("[releases]\ndays = 99999999999\n").unwrap_err();
        assert!(f.message.contains("1 to 3650"), "{}", f.message);
        assert_eq!(f.line, 2);
    }

    #[test]
    fn site_severities_replace_the_defaults() {
        let c = Config::parse(
            "[severity.sev1]\ntarget = \"30m\"\norder = 1\n[severity.sev2]\ntarget = \"1h30m\"\n",
        )
        .unwrap();
        let keys: Vec<&str> = c.severities().iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["sev1", "sev2"]);
        assert_eq!(
            c.severity_level("sev2").unwrap().1.target,
            chrono::TimeDelta::minutes(90)
        );
        let e = Config::parse("[severity.x]\ntarget = \"pronto\"\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
    }

    #[test]
    fn timezone_named_or_offset() {
        use crate::content::time::Zone;
        assert_eq!(Config::parse("").unwrap().timezone, Zone::default());
        let c = Config::parse("timezone = \"America/Argentina/Buenos_Aires\"\n").unwrap();
        assert!(matches!(c.timezone, Zone::Named(_)));
        let e = Config::parse("title = \"x\"\ntimezone = \"Buenos Aires\"\n").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
        assert!(e.message.contains("America/Santiago"), "{}", e.message);
    }

    #[test]
    fn links_broken_warning() {
        let c = Config::parse("language = \"en\"\n[links]\nbroken = \"warning\"\n").unwrap();
        assert_eq!(c.links.broken, Level::Warning);
        assert_eq!(c.language, Language::En);
    }
}
