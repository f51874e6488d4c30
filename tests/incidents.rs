//! Postmortems as the portal shows them: each page's card, timeline and actions, the
//! index, the metrics page and its JSON, the feed, service pages, and `new`.

mod common;
use common::TestSite;
use serde_json::Value;

/// Five incidents with figures worked out by hand (build date 2025-11-01, site
/// timezone -03:00):
///
/// | file | severity (target) | started          | resolved after | root cause | actions                        |
/// |------|-------------------|------------------|----------------|------------|--------------------------------|
/// | a    | high (4 h)        | 09-01 10:00      | 300 min: missed by 60 | yes | done; overdue 09-10; due 2026 |
/// | b    | critical (1 h)    | 10-05 23:30      | 45 min: met, 15 spare | yes | done                          |
/// | c    | low (3 d)         | 10-20 08:00      | open           | no         | none                           |
/// | d    | high (4 h)        | 10-10 09:00      | 100 min: met   | no         | none                           |
/// | e    | medium (24 h)     | 10-15 12:00      | 600 min: met   | yes        | overdue 10-31                  |
fn incidents() -> TestSite {
    let pm = |name: &str, front: &str, body: &str| {
        (
            format!("content/postmortems/{name}.md"),
            format!("+++\n{front}+++\n\n{body}"),
        )
    };
    let files = [
        pm(
            "2025-09-01-a",
            "title = \"Redis lleno\"\nseverity = \"alto\"\nstarted = 2025-09-01T10:00:00\ndetected = 2025-09-01T10:20:00\nresolved = 2025-09-01T15:00:00\nservices = [\"Redis\", \"api\"]\nrelease = \"v2.3.0\"\nroot_cause = \"Sin caducidad.\"\n\n[[actions]]\nwhat = \"Caducidad\"\nowner = \"Ana\"\ndue = 2025-09-05\ndone = true\n\n[[actions]]\nwhat = \"Alerta de memoria\"\nowner = \"Luis\"\ndue = 2025-09-10\n\n[[actions]]\nwhat = \"Separar instancias\"\nowner = \"Eva\"\ndue = 2026-01-01\n",
            "## Resumen\n\nTexto.\n",
        ),
        pm(
            "2025-10-05-b",
            "title = \"API caída\"\nseverity = \"critical\"\nstarted = 2025-10-05T23:30:00-03:00\nresolved = 2025-10-06T00:15:00-03:00\nservices = [\"api\"]\nroot_cause = \"Certificado vencido.\"\n\n[[actions]]\nwhat = \"Renovar solo\"\nowner = \"Ana\"\ndue = 2025-10-10\ndone = true\n",
            "## Cronología\n\nHoras en UTC−3.\n\n- 23:25 — último despliegue\n- 23:30 — empieza\n- 23:50 — se detecta\n- 00:15 — resuelto\n",
        ),
        pm(
            "2025-10-20-c",
            "title = \"Lentitud intermitente\"\nseverity = \"bajo\"\nstarted = 2025-10-20T08:00:00-03:00\nservices = [\"redis\"]\n",
            "## Timeline\n\n- 2025-10-20 08:00 — empieza\n- 2025-10-22 09:30 — sigue\n",
        ),
        pm(
            "2025-10-10-d",
            "title = \"Cola detenida\"\nseverity = \"high\"\nstarted = 2025-10-10T09:00:00-03:00\nresolved = 2025-10-10T10:40:00-03:00\nservices = [\"celery\"]\n",
            "Texto.\n",
        ),
        pm(
            "2025-10-15-e",
            "title = \"Exportaciones vacías\"\nseverity = \"medio\"\nstarted = 2025-10-15T12:00:00-03:00\nresolved = 2025-10-15T22:00:00-03:00\nroot_cause = \"Bucket borrado.\"\n\n[[actions]]\nwhat = \"Proteger bucket\"\nowner = \"Eva\"\ndue = 2025-10-31\n",
            "Texto.\n",
        ),
    ];
    let mut site = TestSite::new()
        .file(
            "bitacora.toml",
            "title = \"Ops\"\nbase_url = \"https://ops.example.com/docs/\"\ntimezone = \"-03:00\"\n",
        )
        .file(
            "content/releases/v2.md",
            "+++\ntitle = \"Versión 2.3.0\"\nversion = \"2.3.0\"\n+++\n",
        )
        .file(
            "content/runbooks/redis.md",
            "+++\ntitle = \"Reiniciar Redis\"\nservices = [\"redis\"]\n+++\n",
        );
    for (path, text) in files {
        site = site.file(&path, text);
    }
    site
}

fn built() -> TestSite {
    let site = incidents();
    let run = site.run(&["build", "--now", "2025-11-01"]);
    assert_eq!(run.code, 0, "{}", run.output());
    site
}

#[test]
fn the_card_says_severity_duration_target_services_and_release() {
    let site = built();
    let page = site.page("postmortems/2025-09-01-a/");
    let badge = &page.select(".incident-card .badge[data-severity]")[0];
    assert_eq!(badge.text().collect::<String>(), "Alto");
    assert_eq!(badge.value().attr("data-severity"), Some("high"));
    assert!(badge.value().classes().any(|c| c == "sev-2"));
    assert_eq!(page.text_of(".incident-card .duration"), "5 h");
    assert_eq!(page.text_of(".badge.state-missed"), "Fuera del objetivo");
    // 300 min against 240: 1 h over.
    assert_eq!(page.text_of(".verdict"), "5 h / 4 h: 1 h por encima");
    // A bare local time is in the site's timezone.
    assert!(page.text.contains("2025-09-01 10:00 -03:00"), "started");
    let services: Vec<(String, String)> = page
        .select(".incident-card .services a")
        .iter()
        .map(|a| {
            (
                a.text().collect(),
                a.value().attr("href").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        services,
        [
            ("Redis".to_string(), "../../services/redis/".to_string()),
            ("api".to_string(), "../../services/api/".to_string())
        ]
    );
    assert!(site.exists("services/redis/index.html"));
    let release = &page.select(".incident-card .release a")[0];
    assert_eq!(release.value().attr("href"), Some("../../releases/v2/"));
    assert_eq!(page.text_of(".root-cause"), "Causa raíz: Sin caducidad.");

    let met = site.page("postmortems/2025-10-05-b/");
    assert_eq!(met.text_of(".badge.state-met"), "Dentro del objetivo");
    assert_eq!(met.text_of(".verdict"), "45 min / 1 h: 15 min de margen");

    let open = site.page("postmortems/2025-10-20-c/");
    assert_eq!(open.text_of(".badge.state-open"), "Abierto");
    assert!(open.select(".incident-card .duration").is_empty());
    // Open 12 days by the build date, against a 3-day target.
    assert!(
        open.text_of(".verdict")
            .contains("ya superó su objetivo de 3 d"),
        "{}",
        open.text_of(".verdict")
    );
    assert_eq!(
        open.text_of(".root-cause"),
        "Causa raíz: Sin causa raíz identificada"
    );
}

#[test]
fn actions_are_a_table_with_their_status() {
    let site = built();
    let page = site.page("postmortems/2025-09-01-a/");
    let rows: Vec<(String, String)> = page
        .select(".actions-table tbody tr")
        .iter()
        .map(|tr| {
            let class = tr.value().attr("class").unwrap().to_string();
            let status = tr
                .text()
                .collect::<Vec<_>>()
                .last()
                .unwrap()
                .trim()
                .to_string();
            (class, status)
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("is-done".to_string(), "Hecha".to_string()),
            ("is-overdue".to_string(), "Vencida".to_string()),
            ("is-pending".to_string(), "Pendiente".to_string())
        ]
    );
    let cells: Vec<String> = page
        .select(".actions-table tbody tr:nth-child(2) td")
        .iter()
        .map(|td| td.text().collect::<String>())
        .collect();
    assert_eq!(cells[..3], ["Alerta de memoria", "Luis", "2025-09-10"]);
}

#[test]
fn the_timeline_shows_elapsed_time_across_midnight() {
    let site = built();
    let page = site.page("postmortems/2025-10-05-b/");
    let entries: Vec<(String, String, String)> = page
        .select("ol.timeline li.tl-entry")
        .iter()
        .map(|li| {
            let time = li
                .select(&scraper::Selector::parse("time").unwrap())
                .next()
                .unwrap();
            let elapsed = li
                .select(&scraper::Selector::parse(".tl-elapsed").unwrap())
                .next()
                .unwrap();
            (
                time.value().attr("datetime").unwrap().to_string(),
                elapsed.text().collect(),
                li.select(&scraper::Selector::parse(".tl-what").unwrap())
                    .next()
                    .unwrap()
                    .text()
                    .collect::<String>()
                    .trim()
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                "2025-10-05T23:25:00-03:00".into(),
                "−5 min".into(),
                "último despliegue".into()
            ),
            (
                "2025-10-05T23:30:00-03:00".into(),
                "+0 min".into(),
                "empieza".into()
            ),
            (
                "2025-10-05T23:50:00-03:00".into(),
                "+20 min".into(),
                "se detecta".into()
            ),
            (
                "2025-10-06T00:15:00-03:00".into(),
                "+45 min".into(),
                "resuelto".into()
            ),
        ]
    );
    // Full dates, more than a day apart.
    let open = site.page("postmortems/2025-10-20-c/");
    let elapsed: Vec<String> = open
        .select("ol.timeline .tl-elapsed")
        .iter()
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(elapsed, ["+0 min", "+49 h 30 min"]);
}

#[test]
fn the_index_lists_every_postmortem_newest_first() {
    let site = built();
    let index = site.page("postmortems/");
    let rows = index.select("table.incidents tbody tr");
    let titles: Vec<String> = rows
        .iter()
        .map(|tr| {
            tr.select(&scraper::Selector::parse("td:nth-child(2) a").unwrap())
                .next()
                .unwrap()
                .text()
                .collect()
        })
        .collect();
    assert_eq!(
        titles,
        [
            "Lentitud intermitente",
            "Exportaciones vacías",
            "Cola detenida",
            "API caída",
            "Redis lleno"
        ]
    );
    let severities: Vec<&str> = rows
        .iter()
        .map(|tr| tr.value().attr("data-severity").unwrap())
        .collect();
    assert_eq!(severities, ["low", "medium", "high", "critical", "high"]);
    let cells = |i: usize| -> Vec<String> {
        rows[i]
            .select(&scraper::Selector::parse("td").unwrap())
            .map(|td| td.text().collect::<String>().trim().to_string())
            .collect()
    };
    assert_eq!(
        cells(4),
        [
            "2025-09-01",
            "Redis lleno",
            "Alto",
            "5 h",
            "Fuera del objetivo",
            "Redisapi",
            "2 1 vencida"
        ]
    );
    assert_eq!(cells(0)[3], "Abierto");
    assert_eq!(rows[4].value().attr("data-services"), Some(" redis api "));
    // The filter's choices: every level, and the services postmortems name.
    let services: Vec<&str> = index
        .select("select[name=service] option")
        .iter()
        .filter_map(|o| o.value().attr("value"))
        .collect();
    assert_eq!(services, ["", "api", "celery", "redis"]);
}

fn figures(site: &TestSite) -> Value {
    let text = std::fs::read_to_string(site.public().join("metrics/incidents.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_json_figures_match_the_hand_computed_ones() {
    let site = built();
    let m = figures(&site);
    let all = &m["all"];
    assert_eq!(all["count"], 5);
    assert_eq!(all["open"], 1);
    // Resolved: 45, 100, 300, 600: an even count, median between 100 and 300.
    assert_eq!(all["mttr_median_minutes"], 200.0);
    assert_eq!(all["mttr_mean_minutes"], 261.25);
    assert_eq!(all["target_met"], 3);
    assert_eq!(all["target_met_share"], 0.75);
    assert_eq!(all["with_root_cause"], 3);
    assert_eq!(all["root_cause_share"], 0.6);
    assert_eq!(all["with_actions"], 3);
    assert_eq!(all["actions_done"], 1);
    let by_severity: Vec<(&str, u64)> = m["by_severity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["key"].as_str().unwrap(), g["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        by_severity,
        [("critical", 1), ("high", 2), ("medium", 1), ("low", 1)]
    );
    let high = &m["by_severity"][1];
    assert_eq!(high["mttr_median_minutes"], 200.0);
    assert_eq!(high["target_met_share"], 0.5);
    let low = &m["by_severity"][3];
    assert_eq!(low["open"], 1);
    assert_eq!(
        low["mttr_median_minutes"],
        Value::Null,
        "open only: no MTTR"
    );
    let october = &m["by_month"][1];
    assert_eq!(october["key"], "2025-10");
    assert_eq!(october["count"], 4);
    assert_eq!(october["mttr_median_minutes"], 100.0);
    assert_eq!(m["as_of"], "2025-11-01");
    assert_eq!(m["overdue_actions"], 2);
    let actions: Vec<(&str, &str, bool)> = m["open_actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["what"].as_str().unwrap(),
                a["owner"].as_str().unwrap(),
                a["overdue"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("Alerta de memoria", "Luis", true),
            ("Proteger bucket", "Eva", true),
            ("Separar instancias", "Eva", false)
        ]
    );
}

#[test]
fn the_metrics_page_has_tables_and_accessible_charts() {
    let site = built();
    let page = site.page("postmortems/metrics/");
    let high: Vec<String> = page
        .select("table.by-severity tbody tr:nth-child(2) > *")
        .iter()
        .map(|c| c.text().collect::<String>())
        .collect();
    assert_eq!(
        high,
        [
            "Alto",
            "4 h",
            "2",
            "0",
            "3 h 20 min",
            "3 h 20 min",
            "50 %",
            "50 %",
            "0 %"
        ]
    );
    let months: Vec<String> = page
        .select("table.by-month tbody th")
        .iter()
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(months, ["2025-09", "2025-10"]);
    let charts = page.select("svg.chart");
    assert_eq!(charts.len(), 2);
    for chart in &charts {
        let title = chart
            .select(&scraper::Selector::parse("title").unwrap())
            .next()
            .expect("a title for screen readers");
        assert!(!title.text().collect::<String>().is_empty());
        assert!(chart.value().attr("aria-labelledby").is_some());
        assert!(chart
            .select(&scraper::Selector::parse("desc").unwrap())
            .next()
            .is_some());
    }
    let desc = page.text_of("#mttr-by-severity-desc");
    assert!(
        desc.contains("Alto: MTTR mediano 3 h 20 min, Objetivo 4 h"),
        "{desc}"
    );
    let overdue: Vec<String> = page
        .select("table.open-actions tr.is-overdue td:first-child")
        .iter()
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(overdue, ["Alerta de memoria", "Proteger bucket"]);
}

#[test]
fn the_feed_parses_back_newest_first_with_absolute_links() {
    let site = built();
    let file = std::fs::File::open(site.public().join("postmortems/atom.xml")).unwrap();
    let feed =
        atom_syndication::Feed::read_from(std::io::BufReader::new(file)).expect("valid Atom");
    assert_eq!(feed.id(), "https://ops.example.com/docs/postmortems/");
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(
        titles,
        [
            "Lentitud intermitente",
            "Exportaciones vacías",
            "Cola detenida",
            "API caída",
            "Redis lleno"
        ]
    );
    let last = &feed.entries()[4];
    assert_eq!(
        last.links()[0].href(),
        "https://ops.example.com/docs/postmortems/2025-09-01-a/"
    );
    assert_eq!(last.updated().to_rfc3339(), "2025-09-01T15:00:00-03:00");
    assert!(last
        .summary()
        .unwrap()
        .as_str()
        .contains("Severidad: Alto · Duración: 5 h"));
    // The newest change: the latest resolution or start.
    assert_eq!(feed.updated().to_rfc3339(), "2025-10-20T08:00:00-03:00");
}

#[test]
fn a_service_page_lists_runbooks_first_then_incidents() {
    let site = built();
    let page = site.page("services/redis/");
    assert_eq!(page.text_of("h1"), "Redis");
    let groups: Vec<String> = page
        .select("h2")
        .iter()
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(groups, ["Runbooks", "Incidentes recientes"]);
    let links: Vec<String> = page
        .select(".service-runbooks a, .service-incidents tbody a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(
        links,
        ["Reiniciar Redis", "Lentitud intermitente", "Redis lleno"]
    );
    let all = site.page("services/");
    let names: Vec<String> = all
        .select(".terms a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(names, ["api", "celery", "Redis"]);
}

#[test]
fn a_service_page_the_content_writes_itself_wins() {
    let site = incidents().file(
        "content/services/redis.md",
        "+++\ntitle = \"Redis: guía de guardia\"\n+++\n",
    );
    let run = site.run(&["build", "--now", "2025-11-01"]);
    assert_eq!(run.code, 0, "{}", run.output());
    assert_eq!(
        site.page("services/redis/").text_of("h1"),
        "Redis: guía de guardia"
    );
    // The card links there all the same; the other services keep their pages.
    let card = site.page("postmortems/2025-09-01-a/");
    assert!(card.hrefs().contains(&"../../services/redis/".to_string()));
    assert!(site.exists("services/api/index.html"));
}

#[test]
fn other_pages_in_the_postmortems_folder_are_still_listed() {
    let site = incidents().file(
        "content/postmortems/plantilla.md",
        "+++\nkind = \"page\"\ntitle = \"Cómo escribir un postmortem\"\n+++\n",
    );
    assert_eq!(site.run(&["build", "--now", "2025-11-01"]).code, 0);
    let index = site.page("postmortems/");
    assert_eq!(index.select("table.incidents tbody tr").len(), 5);
    assert_eq!(index.text_of("ul.pages a"), "Cómo escribir un postmortem");
}

#[test]
fn no_postmortems_no_incident_pages() {
    let site = TestSite::new().file("content/a.md", "# A\n");
    assert_eq!(site.build().code, 0);
    assert!(!site.exists("postmortems"));
    assert!(!site.exists("metrics"));
}

#[test]
fn new_postmortem_writes_a_file_that_checks_and_never_overwrites() {
    let site = TestSite::new().file("bitacora.toml", "timezone = \"America/Santiago\"\n");
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    let run = site.run(&[
        "new",
        "postmortem",
        "Caída de la API de pagos",
        "--now",
        "2025-11-03T17:02:00Z",
    ]);
    assert_eq!(run.code, 0, "{}", run.output());
    let path = site
        .path()
        .join("content/postmortems/2025-11-03-caida-de-la-api-de-pagos.md");
    let text = std::fs::read_to_string(&path).expect("written");
    // 17:02 UTC is 14:02 in Santiago in November (UTC-3).
    assert!(
        text.contains("started = 2025-11-03T14:02:00-03:00"),
        "{text}"
    );
    for heading in [
        "## Resumen",
        "## Impacto",
        "## Cronología",
        "## Causa raíz",
        "## Acciones",
        "## Lecciones",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    let check = site.run(&["check", "--now", "2025-11-03"]);
    assert_eq!(
        check.code,
        0,
        "the new file checks clean: {}",
        check.output()
    );

    std::fs::write(&path, "edited by hand").unwrap();
    let again = site.run(&[
        "new",
        "postmortem",
        "Caída de la API de pagos",
        "--now",
        "2025-11-03T17:02:00Z",
    ]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited by hand");
}

#[test]
fn new_postmortem_in_english_and_dry_run() {
    let site = TestSite::new().file("bitacora.toml", "language = \"en\"\n");
    let run = site.run(&[
        "new",
        "postmortem",
        "API down",
        "--now",
        "2025-11-03",
        "--dry-run",
    ]);
    assert_eq!(run.code, 0, "{}", run.output());
    assert!(run
        .stdout
        .starts_with("# content/postmortems/2025-11-03-api-down.md\n+++\n"));
    assert!(
        run.stdout.contains("## Timeline\n\nAll times in UTC.\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("severity = \"high\""));
    assert!(!site.path().join("content").exists(), "nothing written");
}
