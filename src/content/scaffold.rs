//! New documents: a file with the kind's full front matter and the sections its
//! readers expect, in the site's language, ready to fill in.

use super::url::slugify;
use crate::config::{Config, Language};
use crate::content::time::human;
use chrono::{DateTime, FixedOffset, Timelike};
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

/// A maintenance window at `content/windows/YYYY-MM-DD-slug.md`: planned, starting
/// at the next full hour three days after `now` (so the usual notice is met), two
/// hours long, announced at `now`.
pub fn window(title: &str, now: DateTime<FixedOffset>, config: &Config) -> Option<Scaffold> {
    let slug = slugify(title);
    if slug.is_empty() {
        return None;
    }
    let es = config.language == Language::Es;
    let hour = now
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now);
    let start = hour + chrono::TimeDelta::days(3) + chrono::TimeDelta::hours(1);
    let end = start + chrono::TimeDelta::hours(2);
    let stamp = |t: DateTime<FixedOffset>| t.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let quoted = toml::Value::String(title.to_string()).to_string();
    let mut text = String::new();
    let w = &mut text;
    let _ = writeln!(w, "+++");
    let _ = writeln!(w, "title = {quoted}");
    if es {
        let _ = writeln!(
            w,
            "description = \"Qué se cambia y qué notan los usuarios.\""
        );
    } else {
        let _ = writeln!(w, "description = \"What changes, and what users notice.\"");
    }
    let _ = writeln!(w, "date = {}", start.format("%Y-%m-%d"));
    let _ = writeln!(w, "start = {}", stamp(start));
    let _ = writeln!(w, "end = {}", stamp(end));
    let _ = writeln!(
        w,
        "announced = {}",
        stamp(now.with_nanosecond(0).unwrap_or(now))
    );
    let _ = writeln!(w, "services = []");
    let _ = writeln!(w, "tags = []");
    if es {
        let _ = writeln!(w, "responsible = \"\"\napprover = \"\"");
        let _ = writeln!(w, "# ninguno, degradado o corte");
        let _ = writeln!(w, "impact = \"degradado\"");
        let _ = writeln!(w, "# planned, in-progress, done, cancelled o rolled-back");
        let _ = writeln!(w, "status = \"planned\"");
        let _ = writeln!(w, "# release = \"1.2.0\"\n# ticket = \"CHG-1234\"");
    } else {
        let _ = writeln!(w, "responsible = \"\"\napprover = \"\"");
        let _ = writeln!(w, "# none, degraded or outage");
        let _ = writeln!(w, "impact = \"degraded\"");
        let _ = writeln!(w, "# planned, in-progress, done, cancelled or rolled-back");
        let _ = writeln!(w, "status = \"planned\"");
        let _ = writeln!(w, "# release = \"1.2.0\"\n# ticket = \"CHG-1234\"");
    }
    let _ = writeln!(w, "+++\n");
    let at = |t: DateTime<FixedOffset>| t.format("%H:%M").to_string();
    let sections: [(&str, String); 7] = if es {
        [
            ("Objetivo", "Qué se cambia y por qué.".into()),
            ("Alcance e impacto", "Qué servicios se tocan, qué notan los usuarios y durante cuánto tiempo.".into()),
            ("Pasos", format!("1. **{}** — Chequeo de salud completo.\n2. **{}** — Primer paso del cambio.\n3. **{}** — Verificación con los criterios de éxito.", at(start), at(start + chrono::TimeDelta::minutes(10)), at(end - chrono::TimeDelta::minutes(20)))),
            ("Plan de reversa", "Cuándo se decide volver atrás, y los pasos para hacerlo.\n\n1. Deshacer el cambio.\n2. Verificar con el chequeo de salud.".into()),
            ("Criterios de éxito", "- [ ] La API responde 200 en el chequeo de salud.\n- [ ] Las colas vuelven a su nivel normal.\n- [ ] Sin errores nuevos en los logs durante 30 minutos.".into()),
            ("Pruebas de humo", "- [ ] Ingreso con el usuario de prueba.\n- [ ] Una operación completa de punta a punta.".into()),
            ("Comunicación", "Quién avisa, a quién, cuándo y por qué canal: antes, durante y al cerrar.".into()),
        ]
    } else {
        [
            ("Objective", "What changes, and why.".into()),
            ("Scope and impact", "Which services are touched, what users notice, and for how long.".into()),
            ("Steps", format!("1. **{}** — Full health check.\n2. **{}** — First step of the change.\n3. **{}** — Check against the success criteria.", at(start), at(start + chrono::TimeDelta::minutes(10)), at(end - chrono::TimeDelta::minutes(20)))),
            ("Rollback plan", "When to roll back, and the steps to do it.\n\n1. Undo the change.\n2. Run the health check.".into()),
            ("Success criteria", "- [ ] The API answers 200 on the health check.\n- [ ] Queues are back to their usual level.\n- [ ] No new errors in the logs for 30 minutes.".into()),
            ("Smoke tests", "- [ ] Log in with the test user.\n- [ ] One operation end to end.".into()),
            ("Communication", "Who tells whom, when and where: before, during and at the close.".into()),
        ]
    };
    for (i, (heading, body)) in sections.iter().enumerate() {
        if i > 0 {
            w.push('\n');
        }
        let _ = writeln!(w, "## {heading}\n\n{body}");
    }
    Some(Scaffold {
        path: format!("content/windows/{}-{slug}.md", start.format("%Y-%m-%d")),
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
    fn a_window_starts_at_the_next_full_hour_three_days_on() {
        let s = window("Actualizar nodos", now(), &Config::default()).unwrap();
        // now() is 2025-11-25 14:02 -03:00.
        assert_eq!(s.path, "content/windows/2025-11-28-actualizar-nodos.md");
        assert!(
            s.text.contains("start = 2025-11-28T15:00:00-03:00"),
            "{}",
            s.text
        );
        assert!(s.text.contains("end = 2025-11-28T17:00:00-03:00"));
        assert!(s.text.contains("announced = 2025-11-25T14:02:00-03:00"));
        for heading in [
            "## Pasos",
            "## Plan de reversa",
            "## Criterios de éxito",
            "## Pruebas de humo",
            "## Comunicación",
        ] {
            assert!(s.text.contains(heading), "{heading}");
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
