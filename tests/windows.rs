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
    let front = GOOD.replace(
        "end = 2025-12-11T00:00:00-03:00",
        "end = 2025-12-10T22:00:00-03:00",
    );
    let run = check(&[window("w", &front, None)]);
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/windows/w.md:4:1: error:",
        "`end` (2025-12-10 22:00 -03:00) is not after `start`",
    );
}

#[test]
fn short_notice_is_an_error_ahead_and_a_warning_after() {
    // Announced 36 h before the start.
    let front = GOOD.replace(
        "announced = 2025-12-01T10:00:00-03:00",
        "announced = 2025-12-09T10:00:00-03:00",
    );
    let run = check(&[window("w", &front, None)]);
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/windows/w.md:5:1: error:",
        "announced 36 h before the start",
    );
    assert!(
        run.output().contains("less than the 48 h required"),
        "{}",
        run.output()
    );
    // The same window, built after it happened.
    let run = site(&[window("w", &front, None)]).run(&["check", "--now", "2025-12-20"]);
    assert_eq!(run.code, 0, "a warning only: {}", run.output());
    run.assert_finding(
        "content/windows/w.md:5:1: warning:",
        "(a past window: a warning)",
    );
    // The rule comes from the config.
    let run = site(&[window("ok", GOOD, None)])
        .file("bitacora.toml", "[windows]\nmin_notice = \"10d\"\n")
        .run(&["check", "--now", "2025-12-05"]);
    run.assert_finding(
        "content/windows/ok.md:5:1: error:",
        "less than the 10 d required",
    );
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
    let run = check(&[window(
        "w",
        GOOD,
        Some("## Pasos\n\n1. Hacer.\n\n## Criterios de éxito\n\nQue ande.\n"),
    )]);
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
    run.assert_finding(
        "content/windows/w.md:22:1: warning:",
        "\"Colas en cero\" is not ticked",
    );
    assert_eq!(
        run.findings().len(),
        1,
        "ticked items and smoke tests are not reported: {}",
        run.output()
    );
}

#[test]
fn unknown_status_and_impact_list_the_allowed_ones() {
    let front = GOOD
        .replace("status = \"planned\"", "status = \"lista\"")
        .replace("impact = \"degradado\"", "impact = \"poco\"");
    let run = check(&[window("w", &front, None)]);
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/windows/w.md:8:1: error:",
        "unknown window status `lista`",
    );
    assert!(run.output().contains("planned (planificada), in-progress (en-curso), done (hecha), cancelled (canceled), rolled-back (revertida)"), "{}", run.output());
    run.assert_finding("content/windows/w.md:7:1: error:", "unknown impact `poco`");
}

#[test]
fn a_release_that_names_no_release_file_is_a_warning() {
    let front = format!("{GOOD}release = \"v2.1.0\"\n");
    let run = check(&[window("w", &front, None)]);
    assert_eq!(run.code, 0);
    run.assert_finding(
        "content/windows/w.md:9:1: warning:",
        "names release `v2.1.0`",
    );
    let run = check(&[
        window("w", &front, None),
        (
            "content/releases/v2-1-0.md".into(),
            "+++\nversion = \"2.1.0\"\n+++\n".into(),
        ),
    ]);
    assert!(run.findings().is_empty(), "{}", run.output());
}

#[test]
fn windows_overlapping_on_a_service_are_warnings_naming_both() {
    let later = GOOD
        .replace(
            "start = 2025-12-10T22:00:00-03:00",
            "start = 2025-12-10T23:30:00-03:00",
        )
        .replace(
            "end = 2025-12-11T00:00:00-03:00",
            "end = 2025-12-11T01:00:00-03:00",
        )
        .replace("[\"api\"]", "[\"redis\", \"API\"]");
    let run = check(&[window("a", GOOD, None), window("b", &later, None)]);
    assert_eq!(run.code, 0, "{}", run.output());
    run.assert_finding(
        "content/windows/a.md:3:1: warning:",
        "overlaps content/windows/b.md on api",
    );
    run.assert_finding(
        "content/windows/b.md:3:1: warning:",
        "overlaps content/windows/a.md on api",
    );
    // Another service, back to back, or cancelled: no overlap.
    let other = later.replace("[\"redis\", \"API\"]", "[\"redis\"]");
    assert!(check(&[window("a", GOOD, None), window("b", &other, None)])
        .findings()
        .is_empty());
    let after = GOOD
        .replace(
            "start = 2025-12-10T22:00:00-03:00",
            "start = 2025-12-11T00:00:00-03:00",
        )
        .replace(
            "end = 2025-12-11T00:00:00-03:00",
            "end = 2025-12-11T01:00:00-03:00",
        )
        .replace("announced = 2025-12-01", "announced = 2025-12-02");
    assert!(check(&[window("a", GOOD, None), window("b", &after, None)])
        .findings()
        .is_empty());
    let cancelled = later.replace("status = \"planned\"", "status = \"cancelled\"");
    assert!(
        check(&[window("a", GOOD, None), window("b", &cancelled, None)])
            .findings()
            .is_empty()
    );
}

/// A site with three windows built on 2025-12-05: one upcoming, one past, one
/// cancelled, in a named timezone.
fn calendar_site() -> TestSite {
    let upcoming = format!(
        "{GOOD}responsible = \"Ana Pérez\"\napprover = \"Luis Gómez\"\nticket = \"CHG-7\"\ndescription = \"Nodos, pods; y colas\"\n"
    );
    let past = GOOD
        .replace("2025-12-10T22:00", "2025-11-02T01:00")
        .replace("2025-12-11T00:00", "2025-11-02T03:30")
        .replace("2025-12-01T10:00", "2025-10-20T10:00")
        .replace("planned", "done")
        .replace("[\"api\"]", "[\"redis\"]");
    let cancelled = GOOD
        .replace("2025-12-10T22:00", "2025-11-20T22:00")
        .replace("2025-12-11T00:00", "2025-11-20T23:00")
        .replace("2025-12-01T10:00", "2025-11-10T10:00")
        .replace("planned", "cancelled");
    let body = "## Pasos\n\n1. Aplicar; revisar, y anotar.\n\n## Plan de reversa\n\n1. Volver atrás.\n\n## Criterios de éxito\n\n- [x] La API responde 200\n- [x] Colas en cero\n\n## Pruebas de humo\n\n- [ ] Ingreso con usuario de prueba\n";
    site(&[
        window("2025-12-10-kubernetes", &upcoming, Some(body)),
        window("2025-11-02-redis", &past, Some(body)),
        window("2025-11-20-cancelada", &cancelled, Some(body)),
    ])
    .file("bitacora.toml", "title = \"Ops\"\nbase_url = \"https://ops.example.com/\"\ntimezone = \"America/Argentina/Buenos_Aires\"\n")
}

fn built_calendar() -> TestSite {
    let site = calendar_site();
    let run = site.run(&["build", "--now", "2025-12-05"]);
    assert_eq!(run.code, 0, "{}", run.output());
    site
}

#[test]
fn the_window_page_has_its_card_and_a_print_button() {
    let site = built_calendar();
    let page = site.page("windows/2025-12-10-kubernetes/");
    assert_eq!(
        page.text_of(".window-card .when-range"),
        "2025-12-10 22:00 → 2025-12-11 00:00"
    );
    assert_eq!(page.text_of(".window-card .duration"), "2 h");
    assert_eq!(
        page.text_of(".window-card .timezone"),
        "America/Argentina/Buenos_Aires (UTC−03:00)"
    );
    assert_eq!(
        page.text_of(".window-card .notice"),
        "2025-12-01 10:00 (9 d 12 h)"
    );
    assert_eq!(page.text_of(".window-card .responsible"), "Ana Pérez");
    assert_eq!(page.text_of(".window-card .approver"), "Luis Gómez");
    assert_eq!(page.text_of(".badge.window-planned"), "Planificada");
    assert_eq!(page.text_of(".badge.impact-degraded"), "Servicio degradado");
    assert_eq!(page.text_of(".kind"), "Ventana de mantenimiento · CHG-7");
    let print = &page.select("a.print-button")[0];
    assert_eq!(
        print.value().attr("href"),
        Some("../../windows/2025-12-10-kubernetes/form/")
    );
    assert!(site.exists("windows/2025-12-10-kubernetes/form/index.html"));
}

#[test]
fn the_form_has_the_fields_every_box_and_the_signatures_and_no_navigation() {
    let site = built_calendar();
    let form = site.page("windows/2025-12-10-kubernetes/form/");
    assert!(form
        .select(".site-nav, .site-header, .breadcrumbs")
        .is_empty());
    let fields: Vec<String> = form
        .select(".form-fields td")
        .iter()
        .map(|td| td.text().collect::<String>().trim().to_string())
        .collect();
    assert!(fields.contains(&"CHG-7".to_string()), "{fields:?}");
    assert!(
        fields.contains(&"2025-12-10 22:00".to_string()),
        "{fields:?}"
    );
    assert!(fields.contains(&"Ana Pérez".to_string()), "{fields:?}");
    // The release is not given: a line to fill in.
    assert_eq!(form.select(".form-fields td .blank").len(), 1);
    let boxes = form.select(".form-body input[type=checkbox]");
    assert_eq!(boxes.len(), 3);
    assert_eq!(
        boxes
            .iter()
            .filter(|b| b.value().attr("checked").is_some())
            .count(),
        2
    );
    let signatures: Vec<String> = form
        .select(".signatures tbody tr")
        .iter()
        .map(|tr| tr.text().collect::<String>())
        .collect();
    assert_eq!(signatures, ["ResponsableAna Pérez", "AprobadorLuis Gómez"]);
    // The page footer: the title and page numbers, in the print stylesheet.
    assert!(
        form.text
            .contains("@bottom-left { content: \"2025-12-10-kubernetes\"; }"),
        "footer title"
    );
    assert!(form.text.contains("counter(page)") && form.text.contains("counter(pages)"));
    // The form sits one folder below its page and shares its page's body, so its
    // links are the page's: `<base href="../">`.
    assert_eq!(form.select("base")[0].value().attr("href"), Some("../"));
    assert!(
        form.hrefs().contains(&"index.html".to_string()),
        "back to the page"
    );
    let css = form.select("link[rel=stylesheet]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(css, "../../form.css");
    assert!(site.exists("form.css"));
    // The blank form: every field a line, empty boxes, the same signature block.
    let blank = site.page("windows/form/");
    assert_eq!(blank.select(".form-fields td .blank").len(), 10);
    assert_eq!(blank.select("ul.boxes input[type=checkbox]").len(), 9);
    assert_eq!(blank.select(".signatures tbody tr").len(), 2);
}

#[test]
fn the_calendar_lists_upcoming_windows_first_then_past_ones_by_month() {
    let site = built_calendar();
    let page = site.page("windows/");
    let upcoming: Vec<String> = page
        .select("ul.upcoming a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(upcoming, ["2025-12-10-kubernetes"]);
    let months: Vec<String> = page
        .select("h3.month")
        .iter()
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(months, ["2025-11"]);
    let past: Vec<(String, String)> = page
        .select("ul.past li")
        .iter()
        .map(|li| {
            (
                li.select(&scraper::Selector::parse("a").unwrap())
                    .next()
                    .unwrap()
                    .text()
                    .collect(),
                li.value().attr("data-status").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        past,
        [
            ("2025-11-20-cancelada".to_string(), "cancelled".to_string()),
            ("2025-11-02-redis".to_string(), "done".to_string())
        ]
    );
}

/// Unfolds an iCalendar text (RFC 5545 §3.1) into its content lines, checking the
/// folding on the way: CRLF line ends, no line over 75 octets.
fn unfold(ics: &str) -> Vec<String> {
    assert!(ics.ends_with("\r\n"), "lines end in CRLF");
    let mut lines: Vec<String> = Vec::new();
    for raw in ics.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(raw.len() <= 75, "line over 75 octets: {raw:?}");
        assert!(!raw.contains('\n'), "bare LF in {raw:?}");
        match raw.strip_prefix(' ') {
            Some(rest) => lines.last_mut().expect("a first line").push_str(rest),
            None => lines.push(raw.to_string()),
        }
    }
    lines
}

#[test]
fn the_ics_feed_is_valid_stable_and_in_utc() {
    let site = built_calendar();
    let read = || std::fs::read_to_string(site.public().join("windows/calendar.ics")).unwrap();
    let first = read();
    let lines = unfold(&first);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 3);
    let value = |name: &str| -> Vec<String> {
        lines
            .iter()
            .filter_map(|l| l.strip_prefix(&format!("{name}:")).map(str::to_string))
            .collect()
    };
    assert_eq!(
        value("UID"),
        [
            "windows/2025-11-02-redis@ops.example.com",
            "windows/2025-11-20-cancelada@ops.example.com",
            "windows/2025-12-10-kubernetes@ops.example.com"
        ]
    );
    // 22:00 at -03:00 is 01:00 the next day in UTC.
    assert!(
        value("DTSTART").contains(&"20251211T010000Z".to_string()),
        "{:?}",
        value("DTSTART")
    );
    assert!(value("DTEND").contains(&"20251211T030000Z".to_string()));
    assert_eq!(value("STATUS"), ["CONFIRMED", "CANCELLED", "TENTATIVE"]);
    // Commas and semicolons in text are escaped.
    let description = value("DESCRIPTION").join("\n");
    assert!(
        description.contains("https://ops.example.com/windows/2025-12-10-kubernetes/"),
        "{description}"
    );
    assert!(
        description.contains("Nodos\\, pods\\; y colas"),
        "{description}"
    );
    assert_eq!(
        value("SUMMARY"),
        [
            "2025-11-02-redis",
            "2025-11-20-cancelada",
            "2025-12-10-kubernetes"
        ]
    );
    // The parser of a calendar library reads it back.
    let parsed: icalendar::Calendar = first.parse().expect("parses");
    assert_eq!(parsed.components.len(), 3);
    // Built again, the same bytes: calendars see the same events, not new ones.
    assert_eq!(site.run(&["build", "--now", "2025-12-05"]).code, 0);
    assert_eq!(read(), first);
}

#[test]
fn new_window_writes_a_form_that_checks_clean_and_never_overwrites() {
    let site = TestSite::new().file("bitacora.toml", "timezone = \"-03:00\"\n");
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    let args = [
        "new",
        "window",
        "Actualizar nodos",
        "--now",
        "2025-11-25T17:02:00Z",
    ];
    let run = site.run(&args);
    assert_eq!(run.code, 0, "{}", run.output());
    let path = site
        .path()
        .join("content/windows/2025-11-28-actualizar-nodos.md");
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(text.contains("start = 2025-11-28T15:00:00-03:00"), "{text}");
    let check = site.run(&["check", "--now", "2025-11-25"]);
    assert_eq!(check.code, 0, "{}", check.output());
    assert!(check.findings().is_empty(), "{}", check.output());
    std::fs::write(&path, "mine").unwrap();
    let again = site.run(&args);
    assert_eq!(again.code, 1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
}
