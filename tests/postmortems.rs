//! Postmortems: the checks on their front matter.

mod common;
use common::TestSite;

fn postmortem(front: &str) -> TestSite {
    TestSite::new().file(
        "content/postmortems/caida.md",
        format!("+++\ntitle = \"Caída\"\n{front}+++\n\nTexto.\n"),
    )
}

#[test]
fn spanish_and_english_severity_names_are_accepted() {
    for severity in [
        "crítico", "Critico", "critical", "alto", "HIGH", "medio", "bajo",
    ] {
        let site = postmortem(&format!(
            "severity = \"{severity}\"\nstarted = 2025-09-18T14:05:00-03:00\n"
        ));
        let run = site.check();
        assert_eq!(run.code, 0, "{severity}: {}", run.output());
    }
}

#[test]
fn missing_severity_is_an_error_listing_the_levels() {
    let run = postmortem("started = 2025-09-18T14:05:00-03:00\n").check();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/postmortems/caida.md:1:1: error:",
        "has no severity",
    );
    assert!(
        run.output()
            .contains("critical (crítico), high (alto), medium (medio), low (bajo)"),
        "{}",
        run.output()
    );
}

#[test]
fn missing_started_is_an_error() {
    let run = postmortem("severity = \"high\"\n").check();
    assert_eq!(run.code, 1);
    run.assert_finding("content/postmortems/caida.md:1:1: error:", "no `started`");
}

#[test]
fn unknown_severity_is_an_error_at_its_line() {
    let run = postmortem("services = [\"api\"]\nseverity = \"urgente\"\n").check();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/postmortems/caida.md:4:1: error:",
        "unknown severity `urgente`",
    );
}

#[test]
fn severities_come_from_the_config() {
    let site = postmortem("severity = \"sev1\"\nstarted = 2025-09-18T14:05:00-03:00\n")
        .file("bitacora.toml", "[severity.sev1]\ntarget = \"30m\"\n");
    assert_eq!(site.check().code, 0, "{}", site.check().output());
    let run = postmortem("severity = \"high\"\n")
        .file("bitacora.toml", "[severity.sev1]\ntarget = \"30m\"\n")
        .check();
    run.assert_finding(
        "content/postmortems/caida.md:3:1: error:",
        "unknown severity `high`",
    );
    assert!(run.output().contains("allowed: sev1"), "{}", run.output());
}

#[test]
fn resolved_before_started_is_an_error_at_resolved() {
    let run = postmortem(
        "severity = \"high\"\nstarted = 2025-09-18T14:05:00-03:00\nresolved = 2025-09-18T13:00:00-03:00\n",
    )
    .check();
    assert_eq!(run.code, 1);
    run.assert_finding("content/postmortems/caida.md:5:1: error:", "`resolved`");
    assert_eq!(run.findings().len(), 1, "{}", run.output());
}

#[test]
fn offsets_are_compared_as_instants() {
    // 17:30 UTC is 14:30 at -03:00: after the start, so no error.
    let run = postmortem(
        "severity = \"high\"\nstarted = 2025-09-18T14:05:00-03:00\nresolved = 2025-09-18T17:30:00Z\n",
    )
    .check();
    assert_eq!(run.code, 0, "{}", run.output());
}

#[test]
fn detected_outside_the_incident_is_an_error_at_detected() {
    for detected in ["2025-09-18T13:00:00-03:00", "2025-09-18T18:00:00-03:00"] {
        let run = postmortem(&format!(
            "severity = \"high\"\nstarted = 2025-09-18T14:05:00-03:00\ndetected = {detected}\nresolved = 2025-09-18T16:00:00-03:00\n"
        ))
        .check();
        assert_eq!(run.code, 1, "{detected}");
        run.assert_finding("content/postmortems/caida.md:5:1: error:", "`detected`");
    }
}

#[test]
fn open_incident_without_resolved_is_not_an_error() {
    let run = postmortem("severity = \"high\"\nstarted = 2025-09-18T14:05:00-03:00\ndetected = 2025-09-18T15:00:00-03:00\n").check();
    assert_eq!(run.code, 0, "{}", run.output());
}

#[test]
fn date_that_does_not_parse_is_an_error_at_its_line() {
    let run = postmortem("severity = \"high\"\nstarted = \"18/09/2025 14:05\"\n").check();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/postmortems/caida.md:4:",
        "2025-10-04T22:00:00-03:00",
    );
}

#[test]
fn action_without_owner_or_due_is_an_error_at_the_action() {
    let run = postmortem(
        "severity = \"high\"\nstarted = 2025-09-18T14:05:00-03:00\n\n[[actions]]\nwhat = \"Alertar antes\"\nowner = \"Ana\"\ndue = 2025-10-01\n\n[[actions]]\nwhat = \"Agregar timeout\"\n",
    )
    .check();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/postmortems/caida.md:11:1: error:",
        "action \"Agregar timeout\" has no owner and no due",
    );
    assert_eq!(run.findings().len(), 1, "{}", run.output());
}

fn with_actions() -> TestSite {
    postmortem(
        "severity = \"high\"\nstarted = 2025-09-18T14:05:00-03:00\nresolved = 2025-09-18T16:40:00-03:00\n\n[[actions]]\nwhat = \"a\"\nowner = \"Ana\"\ndue = 2025-10-01\n",
    )
    .file(
        "templates/postmortem.html",
        "<p id=d>{{ page.derived.time_to_resolve }} {{ page.derived.target_met }} {{ page.derived.overdue_actions }}</p>",
    )
}

#[test]
fn derived_facts_reach_templates_and_follow_the_build_date() {
    let site = with_actions();
    assert_eq!(site.run(&["build", "--now", "2025-09-30"]).code, 0);
    assert_eq!(site.page("postmortems/caida/").text_of("#d"), "155 true 0");
    assert_eq!(site.run(&["build", "--now", "2025-10-02"]).code, 0);
    assert_eq!(site.page("postmortems/caida/").text_of("#d"), "155 true 1");
}

#[test]
fn source_date_epoch_fixes_the_build_date() {
    let site = with_actions();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bitacora"))
        .arg("build")
        .current_dir(site.path())
        .env("SOURCE_DATE_EPOCH", "1759449600") // 2025-10-03
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(site.page("postmortems/caida/").text_of("#d"), "155 true 1");
}

#[test]
fn a_now_that_is_not_a_date_is_a_usage_error() {
    let run = with_actions().run(&["check", "--now", "ayer"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`ayer` is not a date"),
        "{}",
        run.stderr
    );
}
