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

/// The body: each section a `##` heading and its text, a blank line apart.
fn push_sections<S: AsRef<str>>(w: &mut String, sections: &[(&str, S)]) {
    for (i, (heading, body)) in sections.iter().enumerate() {
        if i > 0 {
            w.push('\n');
        }
        let _ = writeln!(w, "## {heading}\n\n{}", body.as_ref());
    }
}

/// A runbook at `content/runbooks/slug.md`, reviewed today, to be reviewed again in
/// 90 days unless the site sets its own interval.
pub fn runbook(title: &str, now: DateTime<FixedOffset>, config: &Config) -> Option<Scaffold> {
    let slug = slugify(title);
    if slug.is_empty() {
        return None;
    }
    let es = config.language == Language::Es;
    let quoted = toml::Value::String(title.to_string()).to_string();
    let day = now.format("%Y-%m-%d");
    let mut text = String::new();
    let w = &mut text;
    let _ = writeln!(w, "+++");
    let _ = writeln!(w, "title = {quoted}");
    if es {
        let _ = writeln!(
            w,
            "description = \"Una frase: qué resuelve y cuándo usarlo.\""
        );
        let _ = writeln!(w, "services = []\ntags = []");
        let _ = writeln!(w, "# Nivel de soporte que lo ejecuta: 1, 2 o 3.\nlevel = 1");
        let _ = writeln!(w, "owner = \"Nombre y apellido\"");
    } else {
        let _ = writeln!(
            w,
            "description = \"One sentence: what it solves and when to use it.\""
        );
        let _ = writeln!(w, "services = []\ntags = []");
        let _ = writeln!(w, "# The support tier that runs it: 1, 2 or 3.\nlevel = 1");
        let _ = writeln!(w, "owner = \"Full name\"");
    }
    let _ = writeln!(w, "last_reviewed = {day}");
    if config.runbooks.review_every.is_none() {
        let _ = writeln!(w, "review_every = \"90d\"");
    }
    let _ = writeln!(w, "+++\n");
    let sections: [(&str, &str); 5] = if es {
        [
            ("Cuándo usarlo", "La alerta, el síntoma o el pedido que lleva a este runbook."),
            ("Antes de empezar", "- [ ] Acceso a los sistemas que se tocan\n- [ ] Aviso en el canal del incidente"),
            ("Pasos", "1. Qué hacer primero, y cómo saber que funcionó.\n\n   ```bash\n   echo \"el comando, tal como se escribe\"\n   ```\n\n2. El paso siguiente."),
            ("Verificación", "- [ ] El servicio responde\n- [ ] Las alertas se normalizaron"),
            ("Si algo sale mal", "Cómo volver atrás, y a quién escalar (nombre, canal, teléfono)."),
        ]
    } else {
        [
            ("When to use it", "The alert, symptom or request that leads to this runbook."),
            ("Before you start", "- [ ] Access to the systems it touches\n- [ ] A note in the incident channel"),
            ("Steps", "1. What to do first, and how to tell it worked.\n\n   ```bash\n   echo \"the command, as it is typed\"\n   ```\n\n2. The next step."),
            ("Verification", "- [ ] The service answers\n- [ ] The alerts have cleared"),
            ("If something goes wrong", "How to roll back, and whom to escalate to (name, channel, phone)."),
        ]
    };
    push_sections(w, &sections);
    Some(Scaffold {
        path: format!("content/runbooks/{slug}.md"),
        text,
    })
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
    push_sections(w, &sections);
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
    push_sections(w, &sections);
    Some(Scaffold {
        path: format!("content/windows/{}-{slug}.md", start.format("%Y-%m-%d")),
        text,
    })
}

/// The checklist a runbook gives new releases: where it is under `content/`, and its
/// text.
pub struct Runbook<'a> {
    pub rel: &'a str,
    pub text: &'a str,
}

/// A planned release of `version` a week from `now`, at
/// `content/releases/vMAJOR-MINOR-PATCH.md`, its deployment checklist copied from the
/// site's runbook (`[releases] checklist`) when there is one: items under an
/// after-deployment heading there stay after deployment here, links still lead where
/// they led. `Err` says what a valid version looks like.
pub fn release(
    version: &str,
    now: DateTime<FixedOffset>,
    config: &Config,
    runbook: Option<Runbook<'_>>,
) -> Result<Scaffold, String> {
    let Some(semver) = super::release::parse_version(version) else {
        return Err(format!(
            "`{version}` is not a semantic version: give MAJOR.MINOR.PATCH, with a leading v or not and an optional pre-release: 2.4.0, v2.4.0, 2.4.0-rc.1"
        ));
    };
    let es = config.language == Language::Es;
    let file = slugify(&format!("v{semver}"));
    let path = format!("content/releases/{file}.md");
    let mut before: Vec<String> = Vec::new();
    let mut after: Vec<String> = Vec::new();
    if let Some(runbook) = &runbook {
        let cx = crate::markdown::Context::of_file(runbook.rel, "");
        let split = crate::source::frontmatter::split(runbook.text).ok();
        let body = split.as_ref().map_or(runbook.text, |s| s.body);
        let outline = crate::markdown::outline(body, &cx);
        for task in &outline.tasks {
            let item = rebase_links(&task.source, runbook.rel, "releases/");
            let is_after = task
                .heading
                .is_some_and(|h| outline.under_heading(h, super::release::AFTER));
            if is_after {
                after.push(item);
            } else {
                before.push(item);
            }
        }
    }
    if before.is_empty() {
        before = if es {
            vec![
                "CI en verde en `main` con la etiqueta de la versión.".into(),
                "Documentación y esquema de la API actualizados.".into(),
                "Uso de cuotas (p. ej. OCR) por debajo del límite.".into(),
                "Ventana de mantenimiento anunciada, si hay corte o migraciones.".into(),
            ]
        } else {
            vec![
                "CI green on `main` with the version's tag.".into(),
                "Docs and API schema updated.".into(),
                "Quota usage (e.g. OCR) below its limit.".into(),
                "Maintenance window announced, if there is downtime or a migration.".into(),
            ]
        };
    }
    if after.is_empty() {
        after = if es {
            vec![
                "Pruebas de humo en producción.".into(),
                "Logs sin errores nuevos durante 30 minutos.".into(),
                "Seguimiento a las 24 horas: latencia y tasa de errores.".into(),
            ]
        } else {
            vec![
                "Smoke tests in production.".into(),
                "Logs free of new errors for 30 minutes.".into(),
                "24-hour follow-up: latency and error rate.".into(),
            ]
        };
    }
    let date = (now.date_naive() + chrono::TimeDelta::days(7)).format("%Y-%m-%d");
    let title = if es {
        format!("Versión {semver}")
    } else {
        format!("Release {semver}")
    };
    let mut text = String::new();
    let w = &mut text;
    let _ = writeln!(w, "+++");
    let _ = writeln!(w, "title = \"{title}\"");
    if es {
        let _ = writeln!(w, "description = \"Qué trae la versión, en una frase.\"");
    } else {
        let _ = writeln!(
            w,
            "description = \"What the release brings, in one sentence.\""
        );
    }
    let _ = writeln!(w, "date = {date}");
    let _ = writeln!(w, "services = []");
    let _ = writeln!(w, "version = \"{semver}\"");
    let _ = writeln!(
        w,
        "# commit = \"abc1234\"  # {}",
        if es {
            "el commit desplegado"
        } else {
            "the commit deployed"
        }
    );
    let _ = writeln!(w, "status = \"planned\"");
    let _ = writeln!(w, "+++\n");
    let (news, fixes, checklist, pre, post) = if es {
        (
            "Novedades",
            "Correcciones",
            "Checklist de despliegue",
            "Antes del despliegue",
            "Después del despliegue",
        )
    } else {
        (
            "What's new",
            "Fixes",
            "Deployment checklist",
            "Before deployment",
            "After deployment",
        )
    };
    let (news_item, fix_item) = if es {
        ("Qué cambia para los usuarios.", "Qué se corrige.")
    } else {
        ("What changes for users.", "What is fixed.")
    };
    let _ = writeln!(w, "## {news}\n\n- {news_item}\n");
    let _ = writeln!(w, "## {fixes}\n\n- {fix_item}\n");
    let _ = writeln!(w, "## {checklist}\n");
    if let Some(runbook) = &runbook {
        let link = crate::content::url::relative("releases/", runbook.rel);
        let name = runbook_title(runbook.text).unwrap_or_else(|| runbook.rel.to_string());
        let name = name.replace(['[', ']'], "");
        if es {
            let _ = writeln!(w, "Copiado de [{name}]({link}).\n");
        } else {
            let _ = writeln!(w, "Copied from [{name}]({link}).\n");
        }
    }
    let _ = writeln!(w, "### {pre}\n");
    for item in &before {
        let _ = writeln!(w, "- [ ] {item}");
    }
    let _ = writeln!(w, "\n### {post}\n");
    for item in &after {
        let _ = writeln!(w, "- [ ] {item}");
    }
    Ok(Scaffold { path, text })
}

/// The `title` a page's front matter gives.
fn runbook_title(text: &str) -> Option<String> {
    let front = crate::source::frontmatter::split(text).ok()?.front?;
    let table: toml::Table = toml::from_str(front).ok()?;
    table.get("title")?.as_str().map(str::to_string)
}

/// Links in Markdown written in file `from` (under `content/`), rewritten to lead to
/// the same place from a file in folder `to_dir`: `../runbooks/x.md#y` stays the same
/// target, `#y` becomes a link to `from`.
fn rebase_links(markdown: &str, from: &str, to_dir: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut out = markdown.to_string();
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) =
            event
        else {
            continue;
        };
        let dest = dest_url.to_string();
        if dest.is_empty() || dest.starts_with('/') || crate::markdown::has_scheme(&dest) {
            continue;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest.as_str(), None),
        };
        let target = if path.is_empty() {
            Some(from.to_string())
        } else {
            crate::content::url::resolve(from, path)
        };
        let Some(target) = target else { continue };
        let mut new = format!("{}{}", crate::content::url::root_prefix(to_dir), target);
        if let Some(f) = fragment {
            new.push('#');
            new.push_str(f);
        }
        // The destination as written, inside this link's text: `](dest` or `](<dest>`.
        let written = &markdown[range.clone()];
        let found = written
            .rfind(&format!("]({dest}"))
            .map(|at| at + 2)
            .or_else(|| written.rfind(&format!("](<{dest}>")).map(|at| at + 3));
        if let Some(at) = found {
            let start = range.start + at;
            edits.push((start..start + dest.len(), new));
        }
    }
    // Last first, so that each edit leaves the places of those before it as they were
    // (an image inside a link comes after the link in events, but before its target).
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    for (range, new) in edits {
        out.replace_range(range, &new);
    }
    out
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
    #[test]
    fn a_release_copies_the_runbook_checklist_with_its_links() {
        let runbook = "+++\ntitle = \"Deploy\"\n+++\n\n## Checklist previo\n\n- [ ] Respaldo [verificado](../runbooks/restore.md#log).\n- [x] Ver [arriba](#pasos) y `kubectl`.\n- [ ] [![ci](ci.svg)](ci.md) y `a  b`\n- [ ] Ver [el log](<log file.md>)\n\n## Verificación posterior\n\n- [ ] Humo en verde.\n";
        let s = release(
            "v2.4.0",
            now(),
            &Config::default(),
            Some(Runbook {
                rel: "ops/deploy.md",
                text: runbook,
            }),
        )
        .unwrap();
        assert_eq!(s.path, "content/releases/v2-4-0.md");
        assert!(s.text.contains("version = \"2.4.0\""), "{}", s.text);
        assert!(s.text.contains("status = \"planned\""));
        assert!(s.text.contains("date = 2025-12-02"));
        let before = s.text.split("### Antes del despliegue").nth(1).unwrap();
        let (before, after) = before.split_once("### Después del despliegue").unwrap();
        assert!(
            before.contains("- [ ] Respaldo [verificado](../runbooks/restore.md#log)."),
            "{before}"
        );
        // Ticked in the runbook, to tick again for each release.
        assert!(before.contains("- [ ] Ver [arriba](../ops/deploy.md#pasos) y `kubectl`."));
        assert!(after.contains("- [ ] Humo en verde."), "{after}");
        assert!(
            s.text.contains("Copiado de [Deploy](../ops/deploy.md)."),
            "{}",
            s.text
        );
        assert!(
            s.text
                .contains("- [ ] [![ci](../ops/ci.svg)](../ops/ci.md) y `a  b`"),
            "{}",
            s.text
        );
        assert!(
            s.text.contains("- [ ] Ver [el log](<../ops/log file.md>)"),
            "{}",
            s.text
        );
        let front = s.text.split("+++").nth(1).unwrap();
        assert!(toml::from_str::<toml::Table>(front).is_ok());
    }

    #[test]
    fn a_release_without_a_runbook_gets_the_usual_checklist() {
        let s = release("3.0.0-rc.1", now(), &Config::default(), None).unwrap();
        assert_eq!(s.path, "content/releases/v3-0-0-rc-1.md");
        assert!(s.text.contains("- [ ] CI en verde en `main`"));
        assert!(s.text.contains("- [ ] Seguimiento a las 24 horas"));
        let e = release("2.4", now(), &Config::default(), None).unwrap_err();
        assert!(e.contains("MAJOR.MINOR.PATCH"), "{e}");
    }
}
