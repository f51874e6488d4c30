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
