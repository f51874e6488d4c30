//! Releases: their versions, checked and compared as semantic versions.

mod common;
use common::TestSite;

fn release(name: &str, front: &str) -> (String, String) {
    (
        format!("content/releases/{name}.md"),
        format!("+++\ntitle = \"{name}\"\n{front}+++\n\nNotas.\n"),
    )
}

fn site(files: &[(String, String)]) -> TestSite {
    let mut site = TestSite::new();
    for (path, text) in files {
        site = site.file(path, text);
    }
    site
}

#[test]
fn versions_are_semantic_with_or_without_v() {
    let run = site(&[
        release("a", "version = \"2.3.0\"\n"),
        release("b", "version = \"v2.4.0-rc.1\"\nstatus = \"planned\"\n"),
    ])
    .check();
    assert_eq!(run.code, 0, "{}", run.output());
}

#[test]
fn a_version_that_is_not_semantic_is_an_error_saying_what_one_looks_like() {
    let run = site(&[release("a", "date = 2025-11-01\nversion = \"2.3\"\n")]).check();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/releases/a.md:4:1: error:",
        "`2.3` is not a semantic version",
    );
    assert!(
        run.output().contains("MAJOR.MINOR.PATCH"),
        "{}",
        run.output()
    );
    let run = site(&[release("a", "date = 2025-11-01\n")]).check();
    run.assert_finding(
        "content/releases/a.md:1:1: error:",
        "the release has no version",
    );
}

#[test]
fn two_files_with_one_version_are_an_error_naming_both() {
    let run = site(&[
        release("a", "version = \"2.3.0\"\n"),
        release("b", "version = \"v2.3.0\"\n"),
    ])
    .check();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/releases/b.md:3:1: error:",
        "version 2.3.0 is also content/releases/a.md",
    );
}

#[test]
fn an_unknown_status_lists_the_allowed_ones() {
    let run = site(&[release("a", "version = \"2.3.0\"\nstatus = \"lista\"\n")]).check();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/releases/a.md:4:1: error:",
        "unknown release status `lista`",
    );
    assert!(run
        .output()
        .contains("planned (planificada), deployed (desplegada), rolled-back (revertida)"));
}

#[test]
fn a_postmortem_naming_no_release_is_an_error_once_releases_exist() {
    let pm = (
        "content/postmortems/caida.md".to_string(),
        "+++\nseverity = \"high\"\nstarted = 2025-11-01T10:00:00Z\nrelease = \"v2.5.0\"\n+++\n"
            .to_string(),
    );
    let run = site(std::slice::from_ref(&pm)).check();
    assert_eq!(
        run.code,
        0,
        "a warning while there are no releases: {}",
        run.output()
    );
    run.assert_finding(
        "content/postmortems/caida.md:4:1: warning:",
        "names release `v2.5.0`",
    );
    let run = site(&[pm.clone(), release("a", "version = \"2.3.0\"\n")]).check();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/postmortems/caida.md:4:1: error:",
        "names release `v2.5.0`",
    );
    // Named with a v, found without one: the card links it.
    let fixed = pm.1.replace("v2.5.0", "v2.3.0");
    let s = site(&[(pm.0.clone(), fixed), release("a", "version = \"2.3.0\"\n")]);
    let run = s.run(&["build", "--now", "2025-11-10"]);
    assert_eq!(run.code, 0, "{}", run.output());
    let card = s.page("postmortems/caida/");
    assert!(
        card.hrefs().contains(&"../../releases/a/".to_string()),
        "{:?}",
        card.hrefs()
    );
}

/// Three releases; a window and two incidents name 2.3.0 (one with `v`); a latency
/// export around its date (2025-10-10): before 600 and 640, after 700 and 720.
fn gathering() -> TestSite {
    site(&[
        release("v2-2-0", "version = \"2.2.0\"\ndate = 2025-09-01\n"),
        release("v2-3-0", "version = \"2.3.0\"\ndate = 2025-10-10\n"),
        release("v2-4-0-rc-1", "version = \"2.4.0-rc.1\"\ndate = 2025-11-20\nstatus = \"planned\"\n"),
        (
            "content/windows/despliegue.md".into(),
            "+++\ntitle = \"Despliegue 2.3.0\"\nrelease = \"2.3.0\"\nstart = 2025-10-10T22:00:00Z\nend = 2025-10-10T23:00:00Z\nannounced = 2025-10-01T10:00:00Z\nstatus = \"done\"\n+++\n\n## Plan de reversa\n\n1. Volver.\n\n## Criterios de éxito\n\n- [x] API 200\n".into(),
        ),
        (
            "content/postmortems/a.md".into(),
            "+++\ntitle = \"Cola detenida\"\nseverity = \"high\"\nstarted = 2025-10-12T10:00:00Z\nresolved = 2025-10-12T12:00:00Z\nrelease = \"v2.3.0\"\n\n[[actions]]\nwhat = \"Timeout\"\nowner = \"Ana\"\ndue = 2025-10-20\n+++\n".into(),
        ),
        (
            "content/postmortems/b.md".into(),
            "+++\ntitle = \"Otra cosa\"\nseverity = \"low\"\nstarted = 2025-10-13T10:00:00Z\nresolved = 2025-10-13T11:00:00Z\nrelease = \"2.2.0\"\n+++\n".into(),
        ),
        (
            "content/kpis/p95.csv".into(),
            "fecha,p95\n2025-09-01,999\n2025-10-01,600\n2025-10-09,640\n2025-10-10,700\n2025-10-20,720\n2025-12-01,999\n".into(),
        ),
        (
            "content/runbooks/despliegue.md".into(),
            "# Despliegue\n\n- [ ] Main en verde\n- [ ] Esquema de la API publicado\n".into(),
        ),
        (
            "bitacora.toml".into(),
            "[kpi.p95]\nfile = \"kpis/p95.csv\"\nunit = \"ms\"\ntarget = 800\ndirection = \"at_most\"\n\n[releases]\nchecklist = \"runbooks/despliegue.md\"\nkpis = [\"p95\"]\ndays = 20\n".into(),
        ),
    ])
}

fn texts(page: &common::Page, css: &str) -> Vec<String> {
    page.select(css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[test]
fn a_release_page_gathers_its_windows_incidents_actions_and_kpis() {
    let s = gathering();
    let run = s.run(&["build", "--now", "2025-11-01"]);
    assert_eq!(run.code, 0, "{}", run.output());
    let page = s.page("releases/v2-3-0/");
    assert_eq!(
        texts(&page, ".release-windows li > a"),
        ["Despliegue 2.3.0"]
    );
    assert_eq!(
        texts(&page, ".release-incidents td:nth-child(2) a"),
        ["Cola detenida"]
    );
    assert_eq!(texts(&page, ".release-incidents .badge.sev-2"), ["Alto"]);
    // Its open action, overdue by the build date.
    assert_eq!(
        texts(&page, ".release-incidents tr.is-overdue td:first-child"),
        ["Timeout"]
    );
    // 20 days each side of 2025-10-10: before 600 and 640 (mean 620), after 700 and
    // 720 (mean 710): +14.52 %.
    assert_eq!(
        texts(&page, ".release-changes td"),
        ["620 → 710 ms, +14,52 %"]
    );
    assert_eq!(page.select(".release-kpis svg.chart").len(), 1);
    assert!(
        page.text.contains("\n2.3.0\n"),
        "the release date is marked on the chart"
    );
    // Versions in order: 2.2.0 < 2.3.0 < 2.4.0-rc.1.
    assert_eq!(
        page.select("a[rel=prev]")[0].value().attr("href"),
        Some("../../releases/v2-2-0/")
    );
    assert_eq!(
        page.select("a[rel=next]")[0].value().attr("href"),
        Some("../../releases/v2-4-0-rc-1/")
    );
    // The notes have no checklist: the site's default one.
    assert_eq!(
        texts(&page, ".release-checklist li"),
        ["Main en verde", "Esquema de la API publicado"]
    );
    // And back: the window's and the incident's cards link the release.
    let window = s.page("windows/despliegue/");
    assert_eq!(
        window.select(".window-card .release a")[0]
            .value()
            .attr("href"),
        Some("../../releases/v2-3-0/")
    );
    let incident = s.page("postmortems/a/");
    assert_eq!(
        incident.select(".incident-card .release a")[0]
            .value()
            .attr("href"),
        Some("../../releases/v2-3-0/")
    );
    // The oldest has no previous one; the other incident is its.
    let first = s.page("releases/v2-2-0/");
    assert!(first.select("a[rel=prev]").is_empty());
    assert_eq!(
        texts(&first, ".release-incidents td:nth-child(2) a"),
        ["Otra cosa"]
    );
}

/// A planned 2.3.0 that passes every readiness check, built on 2025-11-25; each
/// test below breaks one thing. `parts` replaces files by path.
fn readiness_site(parts: &[(&str, &str)]) -> TestSite {
    let mut files: Vec<(String, String)> = vec![
        release("v2-2-0", "version = \"2.2.0\"\ndate = 2025-09-01\n"),
        (
            "content/releases/v2-3-0.md".into(),
            "+++\ntitle = \"2.3.0\"\nversion = \"2.3.0\"\ndate = 2025-12-10\nstatus = \"planned\"\n+++\n\n## Checklist\n\n- [x] Main en verde\n- [x] Esquema publicado\n\n### Después del despliegue\n\n- [ ] Pruebas de humo\n".into(),
        ),
        (
            "content/windows/despliegue.md".into(),
            "+++\ntitle = \"Despliegue 2.3.0\"\nrelease = \"2.3.0\"\nstart = 2025-12-10T22:00:00Z\nend = 2025-12-10T23:00:00Z\nannounced = 2025-11-20T10:00:00Z\n+++\n\n## Plan de reversa\n\n1. Volver.\n\n## Criterios de éxito\n\n- [ ] API 200\n".into(),
        ),
        (
            "content/postmortems/a.md".into(),
            "+++\ntitle = \"Cola detenida\"\nseverity = \"high\"\nstarted = 2025-10-12T10:00:00Z\nresolved = 2025-10-12T12:00:00Z\nrelease = \"2.2.0\"\n+++\n".into(),
        ),
        (
            "content/kpis/p95.csv".into(),
            "fecha,p95\n2025-11-01,640\n2025-11-20,700\n".into(),
        ),
        (
            "bitacora.toml".into(),
            "[kpi.p95]\nfile = \"kpis/p95.csv\"\nunit = \"ms\"\ntarget = 800\nwarn = 750\ndirection = \"at_most\"\n\n[releases]\nkpis = [\"p95\"]\n".into(),
        ),
    ];
    for (path, text) in parts {
        files.retain(|(p, _)| p != path);
        if !text.is_empty() {
            files.push((path.to_string(), text.to_string()));
        }
    }
    site(&files)
}

/// Builds the site and returns each readiness check of 2.3.0 as (key, state, text).
fn readiness(s: &TestSite) -> (bool, Vec<(String, String, String)>) {
    let run = s.run(&["build", "--now", "2025-11-25"]);
    assert_eq!(run.code, 0, "{}", run.output());
    let page = s.page("releases/v2-3-0/");
    let section = page.select("section.readiness");
    assert_eq!(section.len(), 1, "one readiness summary");
    let ready = section[0]
        .value()
        .attr("class")
        .unwrap()
        .contains("is-ready");
    let checks = page
        .select("section.readiness li.check")
        .iter()
        .map(|li| {
            let class = li.value().attr("class").unwrap();
            let key = class
                .split(' ')
                .find_map(|c| c.strip_prefix("check-"))
                .unwrap()
                .to_string();
            let state = class
                .split(' ')
                .find_map(|c| c.strip_prefix("state-"))
                .unwrap()
                .to_string();
            let text: String = li.text().collect();
            (
                key,
                state,
                text.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect();
    (ready, checks)
}

fn check<'a>(checks: &'a [(String, String, String)], key: &str) -> &'a (String, String, String) {
    checks
        .iter()
        .find(|c| c.0 == key)
        .unwrap_or_else(|| panic!("no {key} check in {checks:?}"))
}

#[test]
fn a_planned_release_that_meets_every_check_is_ready() {
    let s = readiness_site(&[]);
    let (ready, checks) = readiness(&s);
    assert!(ready, "{checks:?}");
    let keys: Vec<&str> = checks.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(keys, ["window", "incidents", "kpi", "checklist"]);
    assert!(checks.iter().all(|c| c.1 == "ready"), "{checks:?}");
    assert!(check(&checks, "window").2.contains("Despliegue 2.3.0"));
    assert!(
        check(&checks, "window").2.contains("20 d 12 h"),
        "{checks:?}"
    );
    assert!(
        check(&checks, "kpi").2.contains("700 ms en 2025-11-20"),
        "{checks:?}"
    );
    // After-deployment items are not waited for.
    assert!(
        check(&checks, "checklist").2.contains("Los 2 ítems"),
        "{checks:?}"
    );
    // A deployed release shows no readiness summary.
    assert!(s
        .page("releases/v2-2-0/")
        .select("section.readiness")
        .is_empty());
}

#[test]
fn readiness_window_without_one_cancelled_or_announced_late() {
    let window = "content/windows/despliegue.md";
    let (ready, checks) = readiness(&readiness_site(&[(window, "")]));
    assert!(!ready);
    let c = check(&checks, "window");
    assert_eq!(c.1, "not-ready");
    assert!(c.2.contains("Ninguna ventana"), "{c:?}");

    let cancelled = "+++\ntitle = \"Despliegue 2.3.0\"\nrelease = \"2.3.0\"\nstart = 2025-12-10T22:00:00Z\nend = 2025-12-10T23:00:00Z\nannounced = 2025-12-01T10:00:00Z\nstatus = \"cancelled\"\n+++\n\n## Plan de reversa\n\n1. Volver.\n\n## Criterios de éxito\n\n- [ ] API 200\n";
    let (_, checks) = readiness(&readiness_site(&[(window, cancelled)]));
    let c = check(&checks, "window");
    assert_eq!(c.1, "not-ready");
    assert!(c.2.contains("canceladas"), "{c:?}");

    // An announcement dated after the build is not one yet.
    let to_come = cancelled.replace("status = \"cancelled\"\n", "");
    let (ready, checks) = readiness(&readiness_site(&[(window, &to_come)]));
    assert!(!ready);
    let c = check(&checks, "window");
    assert_eq!(c.1, "not-ready");
    assert!(
        c.2.contains("Todavía no se anunció: el anuncio está fechado el 2025-12-01 10:00"),
        "{c:?}"
    );

    // Announced 12 h ahead. A window still ahead with that notice is a build error,
    // so this one is past, and the release was never marked deployed.
    let late = "+++\ntitle = \"Despliegue 2.3.0\"\nrelease = \"2.3.0\"\nstart = 2025-11-20T22:00:00Z\nend = 2025-11-20T23:00:00Z\nannounced = 2025-11-20T10:00:00Z\nstatus = \"done\"\n+++\n\n## Plan de reversa\n\n1. Volver.\n\n## Criterios de éxito\n\n- [x] API 200\n";
    let (ready, checks) = readiness(&readiness_site(&[(window, late)]));
    assert!(!ready);
    let c = check(&checks, "window");
    assert_eq!(c.1, "not-ready");
    assert!(
        c.2.contains("12 h de anticipación, menos que el mínimo de 48 h"),
        "{c:?}"
    );
}

#[test]
fn readiness_open_blocking_incident_on_the_previous_release() {
    let pm = "content/postmortems/a.md";
    let open_high = "+++\ntitle = \"Cola detenida\"\nseverity = \"high\"\nstarted = 2025-11-12T10:00:00Z\nrelease = \"2.2.0\"\n+++\n";
    let (ready, checks) = readiness(&readiness_site(&[(pm, open_high)]));
    assert!(!ready);
    let c = check(&checks, "incidents");
    assert_eq!(c.1, "not-ready");
    assert!(
        c.2.contains("1 incidente abierto (crítico o alto) en la versión anterior, 2.2.0"),
        "{c:?}"
    );
    assert!(c.2.contains("Cola detenida"), "{c:?}");

    // Open but of a level that does not hold releases back...
    let open_medium = open_high.replace("\"high\"", "\"medium\"");
    let (ready, checks) = readiness(&readiness_site(&[(pm, &open_medium)]));
    assert!(ready, "{checks:?}");
    assert!(check(&checks, "incidents")
        .2
        .contains("1 incidente atribuido"));
    // ...unless the site says it does.
    let config = "[kpi.p95]\nfile = \"kpis/p95.csv\"\nunit = \"ms\"\ntarget = 800\nwarn = 750\ndirection = \"at_most\"\n\n[releases]\nkpis = [\"p95\"]\nblocking = [\"medio\"]\n";
    let (ready, _) = readiness(&readiness_site(&[
        (pm, &open_medium),
        ("bitacora.toml", config),
    ]));
    assert!(!ready);

    // The previous release is the one in production: a planned one between is skipped.
    let between = release(
        "v2-2-5",
        "version = \"2.2.5\"\ndate = 2025-11-30\nstatus = \"planned\"\n",
    );
    let (ready, checks) = readiness(&readiness_site(&[
        (pm, open_high),
        (&between.0, &between.1),
    ]));
    assert!(!ready);
    assert!(
        check(&checks, "incidents").2.contains("2.2.0"),
        "{checks:?}"
    );
    // So is one that was rolled back: 2.2.0 was what ran after it.
    let rolled_back = release(
        "v2-2-5",
        "version = \"2.2.5\"\ndate = 2025-11-01\nstatus = \"rolled-back\"\n",
    );
    let (ready, checks) = readiness(&readiness_site(&[
        (pm, open_high),
        (&rolled_back.0, &rolled_back.1),
    ]));
    assert!(!ready);
    assert!(
        check(&checks, "incidents")
            .2
            .contains("versión anterior, 2.2.0"),
        "{checks:?}"
    );
}

#[test]
fn readiness_kpi_at_its_last_point_against_warn_and_target() {
    let csv = "content/kpis/p95.csv";
    for (last, state, says) in [
        ("749", "ready", "por debajo de su nivel de alerta, 750 ms"),
        ("760", "not-ready", "pasó su nivel de alerta, 750 ms"),
        ("900", "not-ready", "fuera del objetivo (≤ 800 ms)"),
    ] {
        // An earlier bad point does not count: only the last one.
        let text = format!("fecha,p95\n2025-11-01,990\n2025-11-20,{last}\n");
        let (ready, checks) = readiness(&readiness_site(&[(csv, &text)]));
        let c = check(&checks, "kpi");
        assert_eq!(c.1, state, "{last}: {c:?}");
        assert_eq!(ready, state == "ready");
        assert!(c.2.contains(says), "{last}: {c:?}");
    }
}

/// The page of 2.3.0 with these notes.
fn s_page(notes: &str) -> common::Page {
    let s = readiness_site(&[("content/releases/v2-3-0.md", notes)]);
    assert_eq!(s.run(&["build", "--now", "2025-11-25"]).code, 0);
    s.page("releases/v2-3-0/")
}

#[test]
fn readiness_checklist_ticked_unticked_or_missing() {
    let notes = "content/releases/v2-3-0.md";
    let front = "+++\ntitle = \"2.3.0\"\nversion = \"2.3.0\"\ndate = 2025-12-10\nstatus = \"planned\"\n+++\n\n";
    let unticked = format!("{front}- [x] Main en verde\n- [ ] Cuota de OCR bajo el límite\n");
    let (ready, checks) = readiness(&readiness_site(&[(notes, &unticked)]));
    assert!(!ready);
    let c = check(&checks, "checklist");
    assert_eq!(c.1, "not-ready");
    assert!(c.2.contains("1 de 2 ítems sin marcar:"), "{c:?}");
    let page = s_page(&unticked);
    assert_eq!(
        texts(&page, "li.check-checklist .open-items li"),
        ["Cuota de OCR bajo el límite"]
    );

    // Only after-deployment items, or none at all: nothing shows it was prepared.
    for body in ["## After deployment\n\n- [ ] Smoke\n", "Sin checklist.\n"] {
        let (ready, checks) = readiness(&readiness_site(&[(notes, &format!("{front}{body}"))]));
        assert!(!ready);
        let c = check(&checks, "checklist");
        assert!(c.2.contains("no tienen ítems previos"), "{c:?}");
    }
}

#[test]
fn a_misnamed_series_or_runbook_in_releases_config_is_an_error() {
    let config = "[kpi.p95]\nfile = \"kpis/p95.csv\"\ntarget = 800\ndirection = \"at_most\"\n\n[releases]\nkpis = [\"p59\"]\nchecklist = \"runbooks/nada.md\"\n";
    let run = readiness_site(&[("bitacora.toml", config)]).check();
    assert_eq!(run.code, 1);
    run.assert_finding("bitacora.toml: error:", "[releases] kpis names `p59`");
    run.assert_finding(
        "bitacora.toml: error:",
        "[releases] checklist names `runbooks/nada.md`",
    );
}

/// Releases out of version order by name and date: 2.10.0 is newer than 2.9.0, and
/// 2.10.0-rc.1 comes before 2.10.0.
fn history() -> TestSite {
    site(&[
        (
            "content/releases/a.md".into(),
            "+++\ntitle = \"Versión 2.9.0\"\nversion = \"2.9.0\"\ndate = 2025-09-01\ndescription = \"Exportación en lote.\"\n+++\n\n## Notas\n\nVer [abajo](#notas) y el [runbook](../runbooks/r.md).\n".into(),
        ),
        (
            "content/releases/b.md".into(),
            "+++\ntitle = \"Versión 2.10.0\"\nversion = \"v2.10.0\"\ndate = 2025-11-01\n+++\n\n## Notas\n\nSoporte TLS.\n".into(),
        ),
        (
            "content/releases/c.md".into(),
            "+++\ntitle = \"Versión 2.10.0-rc.1\"\nversion = \"2.10.0-rc.1\"\ndate = 2025-10-15\nstatus = \"deployed\"\n+++\n\n## Notas\n\nCandidata.\n".into(),
        ),
        (
            "content/releases/d.md".into(),
            "+++\ntitle = \"Versión 2.11.0\"\nversion = \"2.11.0\"\ndate = 2025-12-20\n+++\n\n## Notas\n\nPlanificada.\n".into(),
        ),
        ("content/runbooks/r.md".into(), "# R\n\nTexto.\n".into()),
        (
            "content/windows/w.md".into(),
            "+++\ntitle = \"Ventana 2.10\"\nrelease = \"2.10.0\"\nstart = 2025-11-01T22:00:00Z\nend = 2025-11-01T23:00:00Z\nannounced = 2025-10-20T10:00:00Z\nstatus = \"done\"\n+++\n\n## Plan de reversa\n\n1. Volver.\n\n## Criterios de éxito\n\n- [x] API 200\n".into(),
        ),
        (
            "content/postmortems/p1.md".into(),
            "+++\ntitle = \"P1\"\nseverity = \"medium\"\nstarted = 2025-11-02T10:00:00Z\nresolved = 2025-11-02T12:00:00Z\nrelease = \"2.10.0\"\n+++\n".into(),
        ),
        (
            "content/postmortems/p2.md".into(),
            "+++\ntitle = \"P2\"\nseverity = \"critical\"\nstarted = 2025-11-03T10:00:00Z\nrelease = \"2.10.0\"\n+++\n".into(),
        ),
        ("bitacora.toml".into(), "base_url = \"https://ops.example.com/\"\n".into()),
    ])
}

#[test]
fn the_release_index_lists_newest_first_with_window_incidents_and_worst_severity() {
    let s = history();
    let run = s.run(&["build", "--now", "2025-11-25"]);
    assert_eq!(run.code, 0, "{}", run.output());
    let index = s.page("releases/");
    let rows: Vec<Vec<String>> = index
        .select("tr.release-row")
        .iter()
        .map(|tr| {
            tr.children()
                .filter_map(scraper::ElementRef::wrap)
                .map(|td| {
                    td.text()
                        .collect::<String>()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [
            [
                "2.11.0",
                "2025-12-20",
                "Planificada No cumple",
                "–",
                "0",
                "–"
            ],
            [
                "2.10.0",
                "2025-11-01",
                "Desplegada",
                "2025-11-01",
                "2 1 abierto",
                "Crítico"
            ],
            ["2.10.0-rc.1", "2025-10-15", "Desplegada", "–", "0", "–"],
            ["2.9.0", "2025-09-01", "Desplegada", "–", "0", "–"],
        ]
    );
    assert_eq!(
        index.select("tr.release-row a")[0].value().attr("href"),
        Some("../releases/d/")
    );
}

#[test]
fn the_changelog_gives_every_release_notes_by_version_with_a_feed() {
    let s = history();
    let run = s.run(&["build", "--now", "2025-11-25"]);
    assert_eq!(run.code, 0, "{}", run.output());
    let log = s.page("releases/changelog/");
    assert_eq!(
        texts(&log, ".changelog-entry > h2"),
        [
            "Versión 2.11.0",
            "Versión 2.10.0",
            "Versión 2.10.0-rc.1",
            "Versión 2.9.0"
        ]
    );
    assert_eq!(
        texts(&log, ".changelog-entry .notes p"),
        [
            "Planificada.",
            "Soporte TLS.",
            "Candidata.",
            "Ver abajo y el runbook."
        ]
    );
    // Each release's headings keep their own ids; links inside the notes still work
    // from the changelog's place.
    let ids: Vec<&str> = log
        .select("[id]")
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    assert!(ids.contains(&"v2-9-0-notas"), "{ids:?}");
    let link = |text: &str| {
        log.select(".notes a")
            .iter()
            .find(|a| a.text().collect::<String>() == text)
            .and_then(|a| a.value().attr("href"))
            .map(str::to_string)
    };
    assert_eq!(link("abajo").as_deref(), Some("#v2-9-0-notas"));
    assert_eq!(link("runbook").as_deref(), Some("../../runbooks/r/"));

    let xml = std::fs::read_to_string(s.public().join("releases/atom.xml")).unwrap();
    let feed = atom_syndication::Feed::read_from(xml.as_bytes()).expect("valid Atom");
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    // What has gone out, newest version first: the planned 2.11.0 is not in it.
    assert_eq!(
        titles,
        ["Versión 2.10.0", "Versión 2.10.0-rc.1", "Versión 2.9.0"]
    );
    let last = &feed.entries()[2];
    assert_eq!(
        last.links()[0].href(),
        "https://ops.example.com/releases/a/"
    );
    assert_eq!(last.updated().to_rfc3339(), "2025-09-01T00:00:00+00:00");
    assert_eq!(
        last.summary().map(|t| t.as_str()),
        Some("Desplegada. Exportación en lote.")
    );
}

#[test]
fn the_print_bundle_holds_readiness_checklist_and_the_window_forms() {
    let s = readiness_site(&[]);
    let run = s.run(&["build", "--now", "2025-11-25"]);
    assert_eq!(run.code, 0, "{}", run.output());
    let bundle = s.page("releases/v2-3-0/print/");
    assert_eq!(
        bundle.select("link[rel=stylesheet]")[0]
            .value()
            .attr("href"),
        Some("../../../form.css")
    );
    assert_eq!(bundle.select(".readiness-table tr").len(), 4);
    assert_eq!(bundle.select(".readiness-table tr.check-ready").len(), 4);
    assert_eq!(
        texts(&bundle, ".bundle-checklist li"),
        ["Main en verde", "Esquema publicado", "Pruebas de humo"]
    );
    assert_eq!(bundle.select(".bundle-checklist input[checked]").len(), 2);
    assert_eq!(texts(&bundle, ".sheet .form-head h1"), ["Despliegue 2.3.0"]);
    assert_eq!(bundle.select(".sheet .signatures").len(), 1);
    // The release page links it.
    let page = s.page("releases/v2-3-0/");
    assert_eq!(
        page.select("a.print-button")[0].value().attr("href"),
        Some("../../releases/v2-3-0/print/")
    );
}

#[test]
fn new_release_copies_the_site_checklist_and_builds_clean() {
    let s = TestSite::new()
        .file(
            "bitacora.toml",
            "[releases]\nchecklist = \"runbooks/deploy.md\"\n",
        )
        .file(
            "content/runbooks/deploy.md",
            "+++\ntitle = \"Plan de despliegue\"\n+++\n\n## Checklist previo\n\n- [ ] Respaldo [verificado](restore.md#log)\n\n## Verificación posterior\n\n- [ ] Humo en verde\n",
        )
        .file("content/runbooks/restore.md", "# Restore\n\n## Log\n\nTexto.\n");
    let run = s.run(&["new", "release", "v2.4.0", "--now", "2025-11-25"]);
    assert_eq!(run.code, 0, "{}", run.output());
    let text = std::fs::read_to_string(s.path().join("content/releases/v2-4-0.md")).unwrap();
    assert!(
        text.contains("- [ ] Respaldo [verificado](../runbooks/restore.md#log)"),
        "{text}"
    );
    let run = s.run(&["build", "--now", "2025-11-25"]);
    assert_eq!(run.code, 0, "{}", run.output());
    assert!(run.findings().is_empty(), "{}", run.output());
    let page = s.page("releases/v2-4-0/");
    assert!(page
        .hrefs()
        .contains(&"../../runbooks/restore/#log".to_string()));
    let checklist = page.select("li.check-checklist");
    assert!(checklist[0]
        .value()
        .attr("class")
        .unwrap()
        .contains("state-not-ready"));
    // The same version again, and a version that is none.
    let again = s.run(&["new", "release", "2.4.0"]);
    assert_eq!(again.code, 1, "{}", again.output());
    assert!(again
        .output()
        .contains("content/releases/v2-4-0.md already gives version"));
    // A version in a file that is no release does not count.
    let s = s.file(
        "content/runbooks/tool.md",
        "+++\ntitle = \"Tool\"\nversion = \"2.5.0\"\n+++\n",
    );
    let other = s.run(&["new", "release", "2.5.0", "--dry-run"]);
    assert_eq!(other.code, 0, "{}", other.output());
    let bad = s.run(&["new", "release", "2.4"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.output().contains("MAJOR.MINOR.PATCH"),
        "{}",
        bad.output()
    );
}

#[test]
fn the_changelog_gives_the_latest_fifty_releases_notes_and_lists_the_older_ones() {
    let files: Vec<(String, String)> = (0..52)
        .map(|n| {
            release(
                &format!("v1-{n}-0"),
                &format!("version = \"1.{n}.0\"\ndate = 2024-01-01\nstatus = \"deployed\"\n"),
            )
        })
        .collect();
    let site = site(&files);
    let run = site.run(&["build", "--now", "2025-11-20"]);
    assert_eq!(run.code, 0, "{}", run.output());
    let changelog = site.page("releases/changelog/");
    assert_eq!(changelog.select("article.changelog-entry").len(), 50);
    assert_eq!(changelog.select("article.changelog-entry .notes").len(), 50);
    let older: Vec<String> = changelog
        .select(".older-releases a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(older, ["../../releases/v1-1-0/", "../../releases/v1-0-0/"]);
}
