//! What the built pages do in a real browser (headless Chromium; Debian's `chromium`).

mod common;
use common::TestSite;
use scraper::{Html, Selector};
use std::path::Path;
use std::process::Command;

fn chromium() -> &'static str {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return name;
        }
    }
    panic!("browser tests need Chromium: apt-get install chromium");
}

/// The page's DOM after its scripts ran, opened from disk.
fn dom_from_disk(file: &Path) -> Html {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Html::parse_document(&String::from_utf8_lossy(&out.stdout))
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

#[test]
fn code_blocks_get_a_copy_button() {
    let site = TestSite::new().file(
        "content/a.md",
        "# A\n\n```bash\necho hola\n```\n\n```\nplano\n```\n",
    );
    assert_eq!(site.build().code, 0);
    let dom = dom_from_disk(&site.public().join("a/index.html"));
    let buttons = select(&dom, "pre.code > button.copy");
    assert_eq!(buttons.len(), 2);
    assert_eq!(buttons[0].text().collect::<String>(), "Copiar");
}

#[test]
fn links_open_index_files_when_the_site_is_read_from_disk() {
    let site = TestSite::new()
        .file(
            "content/runbooks/a.md",
            "# A\n\n[plan](../b.md#uno) [web](https://example.com/x/) [aquí](#dos)\n\n## Dos\n",
        )
        .file("content/b.md", "# B\n\n## Uno\n");
    assert_eq!(site.build().code, 0);
    let dom = dom_from_disk(&site.public().join("runbooks/a/index.html"));
    let hrefs: Vec<&str> = select(&dom, ".body a[href]")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"../../b/index.html#uno"), "{hrefs:?}");
    assert!(
        hrefs.contains(&"https://example.com/x/"),
        "external links untouched: {hrefs:?}"
    );
    assert!(hrefs.contains(&"#dos"), "{hrefs:?}");
    let nav: Vec<&str> = select(&dom, ".breadcrumbs a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        !nav.is_empty() && nav.iter().all(|h| h.ends_with("index.html")),
        "{nav:?}"
    );
}

#[test]
fn the_postmortem_index_filters_by_severity_and_service() {
    let pm = |name: &str, severity: &str, day: u32, services: &str| {
        (
            format!("content/postmortems/{name}.md"),
            format!("+++\nseverity = \"{severity}\"\nstarted = 2025-10-{day:02}T10:00:00Z\nservices = [{services}]\n+++\n# {name}\n"),
        )
    };
    let mut site = TestSite::new();
    for (path, text) in [
        pm("a", "high", 1, "\"redis\", \"api\""),
        pm("b", "high", 2, "\"api\""),
        pm("c", "low", 3, "\"redis\""),
        pm("d", "critical", 4, "\"celery\""),
    ] {
        site = site.file(&path, text);
    }
    assert_eq!(site.build().code, 0);
    let index = site.public().join("postmortems/index.html");
    let shown = |hash: &str| -> (Vec<String>, bool, String) {
        let file = std::path::PathBuf::from(format!("{}{hash}", index.display()));
        let dom = dom_from_disk(&file);
        let rows: Vec<String> = select(&dom, "table.incidents tbody tr")
            .iter()
            .filter(|tr| tr.value().attr("hidden").is_none())
            .map(|tr| {
                let link = Selector::parse("td:nth-child(2) a").unwrap();
                tr.select(&link)
                    .map(|a| a.text().collect::<String>())
                    .collect()
            })
            .collect();
        let empty_hidden = select(&dom, ".filter-empty")[0]
            .value()
            .attr("hidden")
            .is_some();
        let count = select(&dom, ".filter-count")[0].text().collect::<String>();
        (rows, empty_hidden, count)
    };
    // Without a filter every row shows, and the filter form is revealed by the script.
    let (rows, empty_hidden, count) = shown("");
    assert_eq!(rows, ["d", "c", "b", "a"]);
    assert!(empty_hidden);
    assert_eq!(count, "4 / 4 mostrados");
    let (rows, _, count) = shown("#severity=high");
    assert_eq!(rows, ["b", "a"]);
    assert_eq!(count, "2 / 4 mostrados");
    assert_eq!(shown("#service=redis").0, ["c", "a"]);
    assert_eq!(shown("#severity=high&service=redis").0, ["a"]);
    let (rows, empty_hidden, _) = shown("#severity=medium");
    assert!(rows.is_empty());
    assert!(!empty_hidden, "the no-match message shows");
}
