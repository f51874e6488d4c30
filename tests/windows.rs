//! Maintenance windows: the checks on each window and across them.

mod common;
use common::TestSite;

const BODY: &str = "## Pasos\n\n1. Hacer.\n\n## Plan de reversa\n\n1. Deshacer.\n\n## Criterios de éxito\n\n- [x] API responde\n- [ ] Colas en cero\n\n## Pruebas de humo\n\n- [ ] Login\n";

/// A window file: `front` after the title; the body above unless given.
fn window(name: &str, front: &str, body: Option<&str>) -> (String, String) {
    (
        format!("content/windows/{name}.md"),
        format!(
            "+++\ntitle = \"{name}\"\n{front}+++\n\n{}",
            body.unwrap_or(BODY)
        ),
    )
}

fn site(files: &[(String, String)]) -> TestSite {
    let mut site = TestSite::new();
    for (path, text) in files {
        site = site.file(path, text);
    }
    site
}

const GOOD: &str = "start = 2025-12-10T22:00:00-03:00\nend = 2025-12-11T00:00:00-03:00\nannounced = 2025-12-01T10:00:00-03:00\nservices = [\"api\"]\nimpact = \"degradado\"\nstatus = \"planned\"\n";

fn check(files: &[(String, String)]) -> common::Run {
    site(files).run(&["check", "--now", "2025-12-05"])
}

#[test]
fn a_good_window_checks_clean() {
    let run = check(&[window("ok", GOOD, None)]);
    assert_eq!(run.code, 0, "{}", run.output());
}

#[test]
fn end_not_after_start_is_an_error_at_end() {
    let front = GOOD.replace("end = 2025-12-11T00:00:00-03:00", "end = 2025-12-10T22:00:00-03:00");
    let run = check(&[window("w", &front, None)]);
    assert_eq!(run.code, 1);
    run.assert_finding("content/windows/w.md:4:1: error:", "`end` (2025-12-10 22:00 -03:00) is not after `start`");
}

#[test]
fn short_notice_is_an_error_ahead_and_a_warning_after() {
    // Announced 36 h before the start.
    let front = GOOD.replace("announced = 2025-12-01T10:00:00-03:00", "announced = 2025-12-09T10:00:00-03:00");
    let run = check(&[window("w", &front, None)]);
    assert_eq!(run.code, 1);
    run.assert_finding("content/windows/w.md:5:1: error:", "announced 36 h before the start");
    assert!(run.output().contains("less than the 48 h required"), "{}", run.output());
    // The same window, built after it happened.
    let run = site(&[window("w", &front, None)]).run(&["check", "--now", "2025-12-20"]);
    assert_eq!(run.code, 0, "a warning only: {}", run.output());
    run.assert_finding("content/windows/w.md:5:1: warning:", "(a past window: a warning)");
    // The rule comes from the config.
    let run = site(&[window("ok", GOOD, None)])
        .file("bitacora.toml", "[windows]\nmin_notice = \"10d\"\n")
        .run(&["check", "--now", "2025-12-05"]);
    run.assert_finding("content/windows/ok.md:5:1: error:", "less than the 10 d required");
    // A cancelled window needs no notice.
    let cancelled = front.replace("status = \"planned\"", "status = \"cancelada\"");
    assert_eq!(check(&[window("w", &cancelled, None)]).code, 0);
}

#[test]
fn a_window_never_announced_is_reported() {
    let front = GOOD.replace("announced = 2025-12-01T10:00:00-03:00\n", "");
    let run = check(&[window("w", &front, None)]);
    assert_eq!(run.code, 1);
    run.assert_finding("content/windows/w.md:3:1: error:", "has no `announced`");
}

#[test]
fn rollback_plan_and_success_criteria_are_required() {
    let run = check(&[window("w", GOOD, Some("## Pasos\n\n1. Hacer.\n\n## Criterios de éxito\n\nQue ande.\n"))]);
    assert_eq!(run.code, 1);
    run.assert_finding("content/windows/w.md:2:1: error:", "no rollback plan");
    run.assert_finding("content/windows/w.md:2:1: error:", "no success criteria");
    // English names are recognised too.
    let english = "## Rollback plan\n\n1. Undo.\n\n## Success criteria\n\n- [ ] API answers\n";
    assert_eq!(check(&[window("w", GOOD, Some(english))]).code, 0);
}

#[test]
fn a_done_window_with_unticked_criteria_is_a_warning_at_the_item() {
    let front = GOOD.replace("status = \"planned\"", "status = \"done\"");
    let run = site(&[window("w", &front, None)]).run(&["check", "--now", "2025-12-20"]);
    assert_eq!(run.code, 0, "{}", run.output());
    // Line 22 of the file: nine lines of front matter, then the body.
    run.assert_finding("content/windows/w.md:22:1: warning:", "\"Colas en cero\" is not ticked");
    assert_eq!(run.findings().len(), 1, "ticked items and smoke tests are not reported: {}", run.output());
}

#[test]
fn unknown_status_and_impact_list_the_allowed_ones() {
    let front = GOOD.replace("status = \"planned\"", "status = \"lista\"").replace("impact = \"degradado\"", "impact = \"poco\"");
    let run = check(&[window("w", &front, None)]);
    assert_eq!(run.code, 1);
    run.assert_finding("content/windows/w.md:8:1: error:", "unknown window status `lista`");
    assert!(run.output().contains("planned (planificada), in-progress (en-curso), done (hecha), cancelled (canceled), rolled-back (revertida)"), "{}", run.output());
    run.assert_finding("content/windows/w.md:7:1: error:", "unknown impact `poco`");
}

#[test]
fn a_release_that_names_no_release_file_is_a_warning() {
    let front = format!("{GOOD}release = \"v2.1.0\"\n");
    let run = check(&[window("w", &front, None)]);
    assert_eq!(run.code, 0);
    run.assert_finding("content/windows/w.md:9:1: warning:", "names release `v2.1.0`");
    let run = check(&[
        window("w", &front, None),
        ("content/releases/v2-1-0.md".into(), "+++\nversion = \"2.1.0\"\n+++\n".into()),
    ]);
    assert!(run.findings().is_empty(), "{}", run.output());
}

#[test]
fn windows_overlapping_on_a_service_are_warnings_naming_both() {
    let later = GOOD
        .replace("start = 2025-12-10T22:00:00-03:00", "start = 2025-12-10T23:30:00-03:00")
        .replace("end = 2025-12-11T00:00:00-03:00", "end = 2025-12-11T01:00:00-03:00")
        .replace("[\"api\"]", "[\"redis\", \"API\"]");
    let run = check(&[window("a", GOOD, None), window("b", &later, None)]);
    assert_eq!(run.code, 0, "{}", run.output());
    run.assert_finding("content/windows/a.md:3:1: warning:", "overlaps content/windows/b.md on api");
    run.assert_finding("content/windows/b.md:3:1: warning:", "overlaps content/windows/a.md on api");
    // Another service, back to back, or cancelled: no overlap.
    let other = later.replace("[\"redis\", \"API\"]", "[\"redis\"]");
    assert!(check(&[window("a", GOOD, None), window("b", &other, None)]).findings().is_empty());
    let after = GOOD
        .replace("start = 2025-12-10T22:00:00-03:00", "start = 2025-12-11T00:00:00-03:00")
        .replace("end = 2025-12-11T00:00:00-03:00", "end = 2025-12-11T01:00:00-03:00")
        .replace("announced = 2025-12-01", "announced = 2025-12-02");
    assert!(check(&[window("a", GOOD, None), window("b", &after, None)]).findings().is_empty());
    let cancelled = later.replace("status = \"planned\"", "status = \"cancelled\"");
    assert!(check(&[window("a", GOOD, None), window("b", &cancelled, None)]).findings().is_empty());
}
