//! Site configuration: `bitacora.toml`, with defaults when it is missing.

use crate::findings::{toml_finding, Finding};
use serde::{Deserialize, Serialize};
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
    pub links: LinksConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Bitácora".to_string(),
            description: String::new(),
            language: Language::Es,
            base_url: String::new(),
            minify: true,
            links: LinksConfig::default(),
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
                        "config-encoding",
                        FILE_NAME,
                        "the config file is not valid UTF-8",
                    )
                    .hint("save bitacora.toml as UTF-8"))
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(Finding::error(
                    "config-read",
                    FILE_NAME,
                    format!("cannot read the config file: {e}"),
                ))
            }
        };
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Finding> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        toml::from_str(text).map_err(|e| toml_finding("config", FILE_NAME, text, 0, &e))
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
    fn links_broken_warning() {
        let c = Config::parse("language = \"en\"\n[links]\nbroken = \"warning\"\n").unwrap();
        assert_eq!(c.links.broken, Level::Warning);
        assert_eq!(c.language, Language::En);
    }
}
