//! New documents: a file with the kind's full front matter and the sections its
//! readers expect, in the site's language, ready to fill in.

use super::url::slugify;
use crate::config::{Config, Language};
use crate::content::time::human;
use chrono::{DateTime, FixedOffset};
use std::fmt::Write as _;

/// A document to write: where, relative to the site folder, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffold {
    pub path: String,
    pub text: String,
}

/// A postmortem started at `now` (in the site's timezone), at
/// `content/postmortems/YYYY-MM-DD-slug.md`. `None` when the title has nothing to
/// make a file name from.
pub fn postmortem(title: &str, now: DateTime<FixedOffset>, config: &Config) -> Option<Scaffold> {
    let slug = slugify(title);
    if slug.is_empty() {
        return None;
    }
    let es = config.language == Language::Es;
    let day = now.format("%Y-%m-%d");
    let at =
        |minutes: i64| (now + chrono::TimeDelta::minutes(minutes)).format("%Y-%m-%dT%H:%M:%S%:z");
    let levels: Vec<String> = config
        .severities()
        .iter()
        .map(|(key, level)| {
            let name = if es {
                level.es.as_deref()
            } else {
                level.en.as_deref()
            };
            let name = name.map_or_else(|| key.to_string(), str::to_lowercase);
            format!("{name} ({})", human(level.target))
        })
        .collect();
    let default_level = config
        .severities()
        .get(1)
        .or(config.severities().first())
        .map(|(key, level)| {
            let name = if es {
                level.es.as_deref()
            } else {
                level.en.as_deref()
            };
            name.map_or_else(|| key.to_string(), str::to_lowercase)
        })
        .unwrap_or_default();
    let due = (now.date_naive() + chrono::TimeDelta::days(14)).format("%Y-%m-%d");
    // A basic TOML string, control characters and all escaped.
    let quoted = toml::Value::String(title.to_string()).to_string();
    let mut text = String::new();
    let w = &mut text;
    let _ = writeln!(w, "+++");
    let _ = writeln!(w, "title = {quoted}");
    if es {
        let _ = writeln!(
            w,
            "description = \"Una frase: qué falló, cuánto duró y a quién afectó.\""
        );
    } else {
        let _ = writeln!(
            w,
            "description = \"One sentence: what failed, for how long, and who was affected.\""
        );
    }
    let _ = writeln!(w, "date = {day}");
    let _ = writeln!(
        w,
        "# {}: {}",
        if es { "Severidades" } else { "Severities" },
        levels.join(", ")
    );
    let _ = writeln!(w, "severity = \"{default_level}\"");
    let _ = writeln!(w, "started = {}", at(0));
    if es {
        let _ = writeln!(w, "# detected = {}", at(10));
        let _ = writeln!(w, "# Sin resolved, el incidente figura como abierto.");
        let _ = writeln!(w, "# resolved = {}", at(90));
        let _ = writeln!(w, "services = []");
        let _ = writeln!(w, "tags = []");
        let _ = writeln!(w, "# release = \"1.2.0\"");
        let _ = writeln!(
            w,
            "# root_cause = \"Una frase con la causa raíz, cuando se conozca.\""
        );
        let _ = writeln!(
            w,
            "\n# Una tabla [[actions]] por acción preventiva; owner y due son obligatorios."
        );
        let _ = writeln!(w, "# [[actions]]\n# what = \"Qué se hará para que no se repita\"\n# owner = \"Nombre y apellido\"\n# due = {due}\n# done = false");
    } else {
        let _ = writeln!(w, "# detected = {}", at(10));
        let _ = writeln!(w, "# Without resolved, the incident shows as open.");
        let _ = writeln!(w, "# resolved = {}", at(90));
        let _ = writeln!(w, "services = []");
        let _ = writeln!(w, "tags = []");
        let _ = writeln!(w, "# release = \"1.2.0\"");
        let _ = writeln!(
            w,
            "# root_cause = \"One sentence with the root cause, once known.\""
        );
        let _ = writeln!(
            w,
            "\n# One [[actions]] table per preventive action; owner and due are required."
        );
        let _ = writeln!(w, "# [[actions]]\n# what = \"What will be done so that it does not happen again\"\n# owner = \"Full name\"\n# due = {due}\n# done = false");
    }
    let _ = writeln!(w, "+++\n");
    let time = now.format("%H:%M");
    let offset = if now.offset().local_minus_utc() == 0 {
        String::new()
    } else {
        now.format("%:z").to_string()
    };
    let sections: [(&str, String); 6] = if es {
        [
            ("Resumen", "Qué pasó, en dos o tres frases, para quien no estuvo.".into()),
            ("Impacto", "Usuarios y servicios afectados, durante cuánto tiempo, y qué se perdió o demoró.".into()),
            ("Cronología", format!("Todas las horas en UTC{offset}.\n\n- {time} — Empieza el incidente.\n- {time} — Se detecta: alerta, aviso de un cliente…")),
            ("Causa raíz", "Por qué pasó, y por qué no lo evitaron ni lo detectaron antes las defensas que había.".into()),
            ("Acciones", "Las acciones preventivas, con responsable y fecha, van en el encabezado (`[[actions]]`); aquí, el porqué de cada una.".into()),
            ("Lecciones", "Qué funcionó, qué no, y qué cambia en los runbooks.".into()),
        ]
    } else {
        [
            ("Summary", "What happened, in two or three sentences, for someone who was not there.".into()),
            ("Impact", "Users and services affected, for how long, and what was lost or delayed.".into()),
            ("Timeline", format!("All times in UTC{offset}.\n\n- {time} — The incident starts.\n- {time} — It is detected: an alert, a customer's report…")),
            ("Root cause", "Why it happened, and why the defences in place did not prevent or detect it sooner.".into()),
            ("Actions", "Preventive actions, with owner and due date, go in the front matter (`[[actions]]`); here, why each one.".into()),
            ("Lessons", "What went well, what did not, and what changes in the runbooks.".into()),
        ]
    };
    for (i, (heading, body)) in sections.iter().enumerate() {
        if i > 0 {
            w.push('\n');
        }
        let _ = writeln!(w, "## {heading}\n\n{body}");
    }
    Some(Scaffold {
        path: format!("content/postmortems/{day}-{slug}.md"),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2025-11-25T14:02:00-03:00").unwrap()
    }

    #[test]
    fn path_from_date_and_title() {
        let s = postmortem("Caída de la API \"pública\"", now(), &Config::default()).unwrap();
        assert_eq!(
            s.path,
            "content/postmortems/2025-11-25-caida-de-la-api-publica.md"
        );
        assert!(
            s.text.contains("title = 'Caída de la API \"pública\"'"),
            "{}",
            s.text
        );
        assert!(s.text.contains("started = 2025-11-25T14:02:00-03:00"));
        assert!(s.text.contains("severity = \"alto\""));
        assert!(s
            .text
            .contains("crítico (1 h), alto (4 h), medio (24 h), bajo (3 d)"));
        assert!(s
            .text
            .contains("## Cronología\n\nTodas las horas en UTC-03:00.\n\n- 14:02 — "));
        assert_eq!(postmortem("¿?", now(), &Config::default()), None);
    }

    #[test]
    fn any_title_gives_front_matter_that_parses() {
        for title in ["a \"b\" 'c'", "línea\nnueva\ty \\ barra", "\u{7}campana"] {
            let s = postmortem(title, now(), &Config::default()).unwrap();
            let front = s.text.split("+++").nth(1).unwrap();
            let table: toml::Table = toml::from_str(front).expect("valid TOML");
            assert_eq!(table["title"].as_str(), Some(title));
        }
    }

    #[test]
    fn english_sites_get_english_sections() {
        let config = Config::parse("language = \"en\"").unwrap();
        let s = postmortem("API down", now(), &config).unwrap();
        for heading in [
            "## Summary",
            "## Impact",
            "## Timeline",
            "## Root cause",
            "## Actions",
            "## Lessons",
        ] {
            assert!(s.text.contains(heading), "{heading}");
        }
        assert!(s.text.contains("severity = \"high\""));
    }
}
