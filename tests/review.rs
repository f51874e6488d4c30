//! Runbook reviews: `runbook.stale` around the due date, and the review page.

mod common;
use common::TestSite;

fn runbook(last: Option<&str>, every: Option<&str>, owner: &str) -> String {
    let mut front = format!("+++\ntitle = \"Runbook de {owner}\"\nowner = \"{owner}\"\n");
    if let Some(last) = last {
        front.push_str(&format!("last_reviewed = {last}\n"));
    }
    if let Some(every) = every {
        front.push_str(&format!("review_every = \"{every}\"\n"));
    }
    front + "+++\n\n## Pasos\n\n- [ ] uno\n"
}

fn site() -> TestSite {
    TestSite::new()
        .file(
            "bitacora.toml",
            "title = \"T\"\n[runbooks]\nreview_every = \"30d\"\n",
        )
        // Due 2025-04-01 (2025-01-01 + 90 days).
        .file(
            "content/runbooks/a.md",
            runbook(Some("2025-01-01"), Some("90d"), "Ana"),
        )
        // The site's 30 days: due 2025-01-31.
        .file(
            "content/runbooks/b.md",
            runbook(Some("2025-01-01"), None, "Beto"),
        )
        // Asks for reviews, was never reviewed.
        .file("content/runbooks/c.md", runbook(None, Some("12w"), "Carla"))
        // Reviewed recently.
        .file(
            "content/runbooks/d.md",
            runbook(Some("2025-03-30"), None, "Dora"),
        )
}

#[test]
fn a_runbook_is_stale_the_day_after_its_review_is_due() {
    let site = site();
    let on_due_day = site.run(&["check", "--now", "2025-04-01"]);
    assert_eq!(on_due_day.code, 0, "{}", on_due_day.output());
    assert!(
        !on_due_day.output().contains("content/runbooks/a.md"),
        "{}",
        on_due_day.output()
    );
    on_due_day.assert_finding(
        "content/runbooks/b.md:4:1: warning: review overdue by 60 days",
        "due every 30d (on 2025-01-31)",
    );

    let day_after = site.run(&["check", "--now", "2025-04-02", "--format", "json"]);
    assert_eq!(day_after.code, 0);
    let report: serde_json::Value = serde_json::from_str(&day_after.stdout).unwrap();
    let stale: Vec<(String, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "runbook.stale")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        stale,
        [
            ("content/runbooks/a.md".to_string(), 4),
            ("content/runbooks/b.md".to_string(), 4),
            ("content/runbooks/c.md".to_string(), 4),
        ]
    );
    let a = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "content/runbooks/a.md")
        .unwrap();
    assert!(
        a["message"]
            .as_str()
            .unwrap()
            .starts_with("review overdue by 1 day:"),
        "{a}"
    );
    // Warnings: --strict fails on them.
    assert_eq!(
        site.run(&["check", "--now", "2025-04-02", "--strict"]).code,
        1
    );
}

#[test]
fn a_review_interval_that_is_no_span_is_an_error_at_its_line() {
    let site = TestSite::new().file(
        "content/runbooks/x.md",
        runbook(Some("2025-01-01"), Some("pronto"), "X"),
    );
    let run = site.run(&["check", "--now", "2025-04-02"]);
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/runbooks/x.md:5:1: error:",
        "review_every = \"pronto\"",
    );
}

#[test]
fn the_review_page_lists_overdue_runbooks_most_overdue_first_with_owners() {
    let site = site();
    assert_eq!(site.run(&["build", "--now", "2025-04-02"]).code, 0);
    let page = site.page("runbooks/review/");
    let rows: Vec<(String, String, String)> = page
        .select(".review-table tbody tr")
        .iter()
        .map(|tr| {
            let cells: Vec<String> = tr
                .select(&scraper::Selector::parse("td").unwrap())
                .map(|td| td.text().collect::<String>())
                .collect();
            (cells[0].clone(), cells[1].clone(), cells[5].clone())
        })
        .collect();
    let row = |t: &str, o: &str, d: &str| (t.to_string(), o.to_string(), d.to_string());
    assert_eq!(
        rows,
        [
            row("Runbook de Carla", "Carla", "–"),
            row("Runbook de Beto", "Beto", "61"),
            row("Runbook de Ana", "Ana", "1"),
        ]
    );
    assert_eq!(
        page.select(".review-table a[href='../../runbooks/b/']")
            .len(),
        1,
        "{}",
        page.text
    );
    // A stale runbook's page says so and links to the list; a fresh one does not.
    let b = site.page("runbooks/b/");
    assert_eq!(
        b.select("a.review-overdue[href='../../runbooks/review/']")
            .len(),
        1,
        "{}",
        b.text
    );
    assert!(site
        .page("runbooks/d/")
        .select("a.review-overdue")
        .is_empty());
    // Before anything is due, the page says that nothing is.
    let fresh = TestSite::new().file(
        "content/runbooks/d.md",
        runbook(Some("2025-03-30"), Some("90d"), "Dora"),
    );
    assert_eq!(fresh.run(&["build", "--now", "2025-04-02"]).code, 0);
    let page = fresh.page("runbooks/review/");
    assert!(page.select(".review-table").is_empty());
    assert_eq!(page.select(".review-none").len(), 1);
}

#[test]
fn new_runbook_writes_a_reviewed_runbook_that_builds_clean_and_never_overwrites() {
    let site = TestSite::new();
    let run = site.run(&["new", "runbook", "Reiniciar Celery", "--now", "2025-11-03"]);
    assert_eq!(run.code, 0, "{}", run.output());
    let path = site.path().join("content/runbooks/reiniciar-celery.md");
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(
        text.contains("last_reviewed = 2025-11-03\nreview_every = \"90d\"\n"),
        "{text}"
    );
    for heading in [
        "## Cuándo usarlo",
        "## Pasos",
        "## Verificación",
        "## Si algo sale mal",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    // Clean on the day, and stale the day after its 90 days.
    let build = site.run(&["build", "--now", "2025-11-03", "--strict"]);
    assert_eq!(build.code, 0, "{}", build.output());
    assert_eq!(
        site.page("runbooks/reiniciar-celery/")
            .select(".body input[type=checkbox]")
            .len(),
        4
    );
    let later = site.run(&["check", "--now", "2026-02-02"]);
    later.assert_finding(
        "content/runbooks/reiniciar-celery.md:",
        "review overdue by 1 day",
    );
    // Never over an existing file; the dry run writes nothing.
    std::fs::write(&path, "mine").unwrap();
    let again = site.run(&["new", "runbook", "Reiniciar Celery"]);
    assert_eq!(again.code, 1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    let english = TestSite::new().file(
        "bitacora.toml",
        "language = \"en\"\n[runbooks]\nreview_every = \"30d\"\n",
    );
    let dry = english.run(&[
        "new",
        "runbook",
        "Restart Celery",
        "--dry-run",
        "--now",
        "2025-11-03",
    ]);
    assert_eq!(dry.code, 0);
    assert!(
        dry.stdout
            .starts_with("# content/runbooks/restart-celery.md\n+++\n"),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("## When to use it") && dry.stdout.contains("## Verification"));
    // The site's interval applies: none is written.
    assert!(!dry.stdout.contains("review_every"), "{}", dry.stdout);
    assert!(!english.path().join("content").exists());
}
