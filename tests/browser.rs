//! What the built pages do in a real browser (headless Chromium; Debian's `chromium`).

#[path = "../bench/chromium.rs"]
mod chromium;
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

/// Headless Chromium with a profile of its own (kept alive by the returned folder),
/// and no connections of its own to the network.
fn headless() -> (Command, tempfile::TempDir) {
    let profile = tempfile::tempdir().unwrap();
    let mut command = Command::new(chromium());
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()));
    (command, profile)
}

/// The page's DOM after its scripts ran, opened from disk.
fn dom_from_disk(file: &Path) -> Html {
    let (mut command, _profile) = headless();
    let out = command
        .arg("--virtual-time-budget=3000")
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

/// Prints a page to PDF with its paper size set as given, and returns the page count
/// and the text (poppler's pdfinfo and pdftotext).
fn print_to_pdf(html: &Path, paper: &str) -> (usize, String, String) {
    let text = std::fs::read_to_string(html).unwrap();
    let sized = html.with_file_name(format!("print-{paper}.html"));
    std::fs::write(
        &sized,
        text.replacen("<style>", &format!("<style>@page {{ size: {paper}; }} "), 1),
    )
    .unwrap();
    let pdf = html.with_file_name(format!("print-{paper}.pdf"));
    let (mut command, _profile) = headless();
    let out = command
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", sized.display()))
        .output()
        .expect("run chromium");
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    let poppler = |tool: &str, args: &[&str]| {
        let out = Command::new(tool)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{tool} (Debian's poppler-utils): {e}"));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    let size = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap_or("")
        .trim()
        .to_string();
    let text = poppler("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    (pages, size, text)
}

#[test]
fn window_forms_print_on_two_pages_with_every_box_and_the_signatures() {
    let criteria = [
        "La API responde 200 en el chequeo de salud",
        "Las colas de Celery quedan en cero",
        "Latencia p95 por debajo de 800 ms",
        "Sin errores de conexión en los logs",
    ];
    let smoke = [
        "Ingreso con el usuario de prueba",
        "Subida de un documento de prueba",
    ];
    let mut body = String::from("## Objetivo\n\nActualizar el clúster.\n\n## Pasos\n\n");
    for i in 1..=8 {
        body.push_str(&format!(
            "{i}. **22:{:02}** — Paso {i}: drenar el nodo y esperar que los pods queden listos.\n",
            i * 5
        ));
    }
    body.push_str("\n```bash\nkubectl drain nodo-1 --ignore-daemonsets\nkubectl get pods -A -o wide\n```\n\n## Plan de reversa\n\n1. Volver al grupo anterior.\n2. Verificar.\n\n## Criterios de éxito\n\n");
    for c in criteria {
        body.push_str(&format!("- [ ] {c}\n"));
    }
    body.push_str("\n## Pruebas de humo\n\n");
    for c in smoke {
        body.push_str(&format!("- [x] {c}\n"));
    }
    body.push_str("\n## Comunicación\n\nAviso en la página de estado 48 h antes.\n");
    let site = TestSite::new()
        .file(
            "content/windows/nodos.md",
            format!("+++\ntitle = \"Actualización de nodos\"\nstart = 2025-12-10T22:00:00-03:00\nend = 2025-12-11T00:00:00-03:00\nannounced = 2025-12-01T10:00:00-03:00\nresponsible = \"Ana Pérez\"\napprover = \"Luis Gómez\"\nservices = [\"api\"]\nimpact = \"degradado\"\n+++\n\n{body}"),
        )
        .file("content/runbooks/reinicio.md", "# Reinicio de workers\n");
    let run = site.run(&["build", "--now", "2025-12-05"]);
    assert_eq!(run.code, 0, "{}", run.output());
    for paper in ["A4", "letter"] {
        let (pages, size, text) =
            print_to_pdf(&site.public().join("windows/nodos/form/index.html"), paper);
        assert!(pages <= 2, "{paper}: {pages} pages");
        assert!(
            size.to_lowercase().contains(&paper.to_lowercase()),
            "{size}"
        );
        for item in criteria.iter().chain(&smoke) {
            assert!(
                text.contains(item),
                "{paper}: `{item}` not printed:\n{text}"
            );
        }
        // Headers print in capitals (CSS): compared without case.
        let lower = text.to_lowercase();
        for word in [
            "Firmas",
            "Responsable",
            "Aprobador",
            "Ana Pérez",
            "Luis Gómez",
            "Firma",
            "Fecha",
        ] {
            assert!(
                lower.contains(&word.to_lowercase()),
                "{paper}: `{word}` not printed"
            );
        }
        assert!(
            text.contains("Página 1 de"),
            "page numbers in the footer:\n{text}"
        );
        assert!(text.contains("Actualización de nodos"), "the title");
        // No navigation: the site's sections, the breadcrumbs, the buttons.
        for nav in ["Runbooks", "Inicio", "Imprimir", "Página de la ventana"] {
            assert!(!text.contains(nav), "{paper}: `{nav}` printed:\n{text}");
        }
    }
    let (pages, _, text) = print_to_pdf(&site.public().join("windows/form/index.html"), "A4");
    assert!(pages <= 2, "blank form: {pages} pages");
    let lower = text.to_lowercase();
    for word in [
        "Criterios de éxito",
        "Pruebas de humo",
        "Plan de reversa",
        "Firmas",
        "Responsable",
        "Aprobador",
    ] {
        assert!(
            lower.contains(&word.to_lowercase()),
            "blank form: `{word}` not printed"
        );
    }
}

#[test]
fn a_release_bundle_prints_readiness_and_checklist_then_each_window_on_its_own_page() {
    let window = |name: &str, day: u32| {
        format!("+++\ntitle = \"Ventana {name}\"\nrelease = \"2.3.0\"\nstart = 2025-12-{day:02}T22:00:00Z\nend = 2025-12-{day:02}T23:00:00Z\nannounced = 2025-12-01T10:00:00Z\nresponsible = \"Ana Pérez\"\n+++\n\n## Plan de reversa\n\n1. Volver.\n\n## Criterios de éxito\n\n- [ ] API {name} en verde\n")
    };
    let site = TestSite::new()
        .file(
            "content/releases/v2-3-0.md",
            "+++\ntitle = \"Versión 2.3.0\"\nversion = \"2.3.0\"\ndate = 2025-12-10\nstatus = \"planned\"\n+++\n\n## Checklist\n\n- [x] Main en verde\n- [ ] Esquema de la API publicado\n\n### Después del despliegue\n\n- [ ] Pruebas de humo\n",
        )
        .file("content/windows/a.md", window("A", 10))
        .file("content/windows/b.md", window("B", 12));
    let run = site.run(&["build", "--now", "2025-11-25"]);
    assert_eq!(run.code, 0, "{}", run.output());
    for paper in ["A4", "letter"] {
        let (pages, _, text) = print_to_pdf(
            &site.public().join("releases/v2-3-0/print/index.html"),
            paper,
        );
        // Page by page (pdftotext ends each with a form feed).
        let sheets: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert_eq!(pages, 3, "{paper}: {pages} pages:\n{text}");
        assert_eq!(sheets.len(), 3);
        assert!(
            sheets[0].contains("Todavía no está lista para desplegar"),
            "{}",
            sheets[0]
        );
        assert!(sheets[0].contains("Esquema de la API publicado"));
        assert!(sheets[0].contains("Pruebas de humo"));
        assert!(sheets[1].contains("Ventana A") && sheets[1].contains("API A en verde"));
        assert!(sheets[2].contains("Ventana B") && sheets[2].contains("API B en verde"));
        for (n, sheet) in sheets.iter().enumerate() {
            assert!(sheet.contains(&format!("Página {} de 3", n + 1)), "{sheet}");
        }
        assert!(sheets[1].to_lowercase().contains("firmas"));
    }
}

/// A headless Chromium driven over the DevTools protocol, with a profile of its own
/// (kept by the returned folder, so local storage lasts across reloads).
fn driven() -> (headless_chrome::Browser, tempfile::TempDir) {
    let name = chromium();
    let path = std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
        .expect("chromium on PATH");
    chromium::launch(path)
}

/// Evaluates a JavaScript expression in the page and returns its value.
fn js(tab: &headless_chrome::Tab, expression: &str) -> serde_json::Value {
    tab.evaluate(expression, false)
        .unwrap_or_else(|e| panic!("{expression}: {e}"))
        .value
        .unwrap_or(serde_json::Value::Null)
}

#[test]
fn task_lists_are_live_checkboxes_kept_across_reloads_with_progress_and_reset() {
    let site = TestSite::new().file(
        "content/runbooks/reinicio.md",
        "+++\ntitle = \"Reinicio\"\n+++\n\n## Pasos\n\n- [x] Avisar\n- [ ] Drenar\n- [ ] Reiniciar\n\n## Después\n\n- [ ] Verificar\n",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.output());
    let (browser, _profile) = driven();
    let tab = browser.new_tab().unwrap();
    let url = format!(
        "file://{}",
        site.public().join("runbooks/reinicio/index.html").display()
    );
    let state = |tab: &headless_chrome::Tab| {
        js(
            tab,
            "JSON.stringify([...document.querySelectorAll('main input[type=checkbox]')].map(b => [b.checked, b.disabled]))",
        )
        .as_str()
        .unwrap()
        .to_string()
    };
    let progress = |tab: &headless_chrome::Tab| {
        js(tab, "document.querySelector('.tasks-progress').textContent")
    };
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.wait_for_element(".tasks-progress").unwrap();
    // The page's own ticks, and boxes that can be ticked.
    assert_eq!(
        state(&tab),
        "[[true,false],[false,false],[false,false],[false,false]]"
    );
    assert_eq!(progress(&tab), "1 / 4 hechos");
    tab.find_elements("main input[type=checkbox]").unwrap()[1]
        .click()
        .unwrap();
    tab.find_elements("main input[type=checkbox]").unwrap()[3]
        .click()
        .unwrap();
    assert_eq!(progress(&tab), "3 / 4 hechos");
    // Kept in the browser: a reload, and a new tab, find them ticked.
    tab.reload(false, None)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.wait_for_element(".tasks-progress").unwrap();
    assert_eq!(
        state(&tab),
        "[[true,false],[true,false],[false,false],[true,false]]"
    );
    assert_eq!(progress(&tab), "3 / 4 hechos");
    // Printing shows them as on screen: ticked boxes stay in print.
    tab.call_method(
        headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
            media: Some("print".into()),
            features: None,
        },
    )
    .unwrap();
    assert_eq!(
        js(
            &tab,
            "[...document.querySelectorAll('main input[type=checkbox]')].filter(b => b.checked && getComputedStyle(b).display !== 'none').length"
        ),
        3
    );
    assert_eq!(
        js(
            &tab,
            "getComputedStyle(document.querySelector('.tasks-reset')).display"
        ),
        "none"
    );
    tab.call_method(
        headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
            media: Some(String::new()),
            features: None,
        },
    )
    .unwrap();
    // Reset: back to what the page says, and it stays so.
    tab.find_element(".tasks-reset").unwrap().click().unwrap();
    assert_eq!(progress(&tab), "1 / 4 hechos");
    let other = browser.new_tab().unwrap();
    other
        .navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    other.wait_for_element(".tasks-progress").unwrap();
    assert_eq!(
        state(&other),
        "[[true,false],[false,false],[false,false],[false,false]]"
    );
}

/// Types `query` into the search box as a reader would, and returns the results
/// (href, title, the result's HTML) once they are shown for it.
fn search_for(tab: &headless_chrome::Tab, query: &str) -> Vec<(String, String, String)> {
    js(
        tab,
        "(() => { const i = document.getElementById('search'); i.value = ''; i.focus(); })()",
    );
    tab.type_str(query).unwrap();
    let wanted = serde_json::Value::String(query.to_string());
    for _ in 0..200 {
        if js(
            tab,
            "document.getElementById('search-results').dataset.query || null",
        ) == wanted
        {
            let rows = js(
                tab,
                "JSON.stringify([...document.querySelectorAll('#search-results li[role=option] a')].map(a => [a.getAttribute('href'), a.querySelector('.result-title').textContent, a.innerHTML]))",
            );
            return serde_json::from_str(rows.as_str().unwrap()).unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    panic!("no results shown for `{query}`");
}

#[test]
fn search_finds_the_section_folding_case_accents_and_word_forms() {
    let site = TestSite::new()
        .file(
            "content/runbooks/celery.md",
            "+++\ntitle = \"Colas de Celery\"\nservices = [\"celery\"]\n+++\n\nIntroducción a las colas.\n\n## Migración de Celery\n\nPasos para pasar los workers a la versión 5 sin perder mensajes.\n\n## Reinicio\n\nCómo reiniciar los workers sin perder tareas.\n",
        )
        .file(
            "content/runbooks/mantencion.md",
            "+++\ntitle = \"Calendario\"\n+++\n\n## Ventanas\n\nCada mes hay una mantención de la base, los sábados.\n",
        )
        .file(
            "content/notas.md",
            "+++\ntitle = \"Notas sueltas\"\n+++\n\nUna nota que de pasada nombra la migración de celery.\n",
        );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.output());
    let (browser, _profile) = driven();
    let tab = browser.new_tab().unwrap();
    let home = format!("file://{}", site.public().join("index.html").display());
    tab.navigate_to(&home)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.wait_for_element("#search").unwrap();

    // Without accents, in two words: the section under the heading comes first, the
    // page that only mentions them in passing after it.
    let found = search_for(&tab, "migracion celery");
    assert!(
        found[0]
            .0
            .ends_with("runbooks/celery/index.html#migracion-de-celery"),
        "{found:?}"
    );
    // A section's result is titled by its page.
    assert_eq!(
        found[0].1, "Colas de Celery › Migración de Celery",
        "{found:?}"
    );
    assert!(
        found.iter().any(|r| r.0.ends_with("notas/index.html")),
        "{found:?}"
    );
    // The words are marked where they are: in the heading, in the text.
    assert!(
        found[0]
            .2
            .contains("<mark>Migración</mark> de <mark>Celery</mark>"),
        "{found:?}"
    );
    assert!(
        found[1]
            .2
            .contains("<mark>migración</mark> de <mark>celery</mark>"),
        "{found:?}"
    );
    // Upper case and accented finds the unaccented-in-index word, and the section.
    let found = search_for(&tab, "MANTENCIÓN");
    assert!(
        found[0]
            .0
            .ends_with("runbooks/mantencion/index.html#ventanas"),
        "{found:?}"
    );
    assert!(found[0].2.contains("<mark>mantención</mark>"), "{found:?}");
    // Another form of the word: "reinicios" finds "Reinicio" and "reiniciar".
    let found = search_for(&tab, "reinicios");
    assert!(found[0].0.ends_with("#reinicio"), "{found:?}");
    // As it is typed: a prefix already finds it.
    let found = search_for(&tab, "migr");
    assert!(!found.is_empty());
    assert!(search_for(&tab, "kubernetes").is_empty());
}

#[test]
fn search_is_reached_and_used_with_the_keyboard() {
    let site = TestSite::new()
        .file(
            "content/runbooks/a.md",
            "+++\ntitle = \"Reinicio de Redis\"\n+++\n\nReiniciar Redis con cuidado.\n",
        )
        .file(
            "content/runbooks/b.md",
            "+++\ntitle = \"Memoria de Redis\"\n+++\n\nCuando Redis se queda sin memoria.\n",
        );
    assert_eq!(site.build().code, 0);
    let (browser, _profile) = driven();
    let tab = browser.new_tab().unwrap();
    let page = format!(
        "file://{}",
        site.public().join("runbooks/a/index.html").display()
    );
    tab.navigate_to(&page)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.wait_for_element("#search").unwrap();
    // "/" anywhere on the page focuses the search box.
    tab.press_key("/").unwrap();
    assert_eq!(js(&tab, "document.activeElement.id"), "search");
    let found = search_for(&tab, "redis");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        js(&tab, "document.querySelector('#search-results li[aria-selected=true] a').getAttribute('href')"),
        serde_json::Value::String(found[0].0.clone())
    );
    // Arrows move, Enter opens.
    tab.press_key("ArrowDown").unwrap();
    assert_eq!(
        js(&tab, "document.querySelector('#search-results li[aria-selected=true] a').getAttribute('href')"),
        serde_json::Value::String(found[1].0.clone())
    );
    tab.press_key("Enter").unwrap();
    tab.wait_until_navigated().unwrap();
    let target = found[1].0.trim_start_matches("../../");
    for _ in 0..100 {
        if tab.get_url().ends_with(target) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        tab.get_url().ends_with(target),
        "{} / {target}",
        tab.get_url()
    );
}

#[test]
fn the_sidebar_loads_the_whole_folder_and_the_contents_follow_scrolling() {
    let mut site = TestSite::new();
    for n in 1..=20 {
        site = site.file(
            &format!("content/runbooks/r{n:02}.md"),
            format!("+++\ntitle = \"Runbook {n:02}\"\n+++\n\nTexto.\n"),
        );
    }
    let mut long = String::from("+++\ntitle = \"Largo\"\n+++\n\n");
    for h in ["Uno", "Dos", "Tres", "Cuatro"] {
        long.push_str(&format!("## {h}\n\n"));
        for _ in 0..40 {
            long.push_str("Un párrafo de relleno para que la página sea larga.\n\n");
        }
    }
    let site = site.file("content/runbooks/largo.md", long);
    assert_eq!(site.build().code, 0);
    let (browser, _profile) = driven();
    let tab = browser.new_tab().unwrap();
    let url = |rel: &str| format!("file://{}", site.public().join(rel).display());
    tab.navigate_to(&url("runbooks/r10/index.html"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.wait_for_element(".sidebar .nav-all")
        .unwrap()
        .click()
        .unwrap();
    let mut count = serde_json::Value::Null;
    for _ in 0..100 {
        count = js(&tab, "document.querySelectorAll('.sidebar-pages a').length");
        if count == 21 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(count, 21, "the whole folder, the long page too");
    assert_eq!(
        js(
            &tab,
            "document.querySelector('.sidebar a[aria-current=page]').textContent"
        ),
        "Runbook 10"
    );
    // The links work from disk.
    assert!(js(&tab, "document.querySelector('.sidebar-pages a').href")
        .as_str()
        .unwrap()
        .ends_with("index.html"));

    tab.navigate_to(&url("runbooks/largo/index.html"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    tab.wait_for_element(".toc").unwrap();
    let current = |tab: &headless_chrome::Tab| {
        js(
            tab,
            "(document.querySelector('.toc a.is-current') || {}).textContent || null",
        )
    };
    assert_eq!(current(&tab), "Uno");
    js(&tab, "document.getElementById('tres').scrollIntoView(); window.dispatchEvent(new Event('scroll'))");
    let mut now = serde_json::Value::Null;
    for _ in 0..50 {
        now = current(&tab);
        if now == "Tres" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(now, "Tres");
}

/// `bitacora serve` on a free port of 127.0.0.1, stopped when dropped.
struct Served {
    child: std::process::Child,
    port: u16,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    fn start(site: &TestSite) -> Served {
        use std::io::{BufRead, BufReader};
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_bitacora"))
            .args([
                "serve",
                "--now",
                "2025-11-20",
                "--port",
                &port.to_string(),
                "--source",
            ])
            .arg(site.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let served = Served {
            child,
            port,
            lines: rx,
        };
        let line = served.line("serving");
        assert!(
            line.contains(&format!("http://127.0.0.1:{port}/")),
            "{line}"
        );
        served
    }

    /// Waits up to 60 s for serve to print a line with `part` in it.
    fn line(&self, part: &str) -> String {
        loop {
            let line = self
                .lines
                .recv_timeout(std::time::Duration::from_secs(60))
                .unwrap_or_else(|_| panic!("serve never printed `{part}`"));
            if line.contains(part) {
                return line;
            }
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

/// Waits up to 20 s for a JavaScript expression to be true in the page.
fn wait_for(tab: &headless_chrome::Tab, expression: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::time::Instant::now() < deadline {
        if tab
            .evaluate(expression, false)
            .ok()
            .and_then(|r| r.value)
            .is_some_and(|v| v == serde_json::Value::Bool(true))
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("never true: {expression}");
}

#[test]
fn serve_reloads_an_edited_page_and_shows_errors_over_the_last_good_site() {
    let page = |title: &str, body: &str| format!("+++\ntitle = \"{title}\"\n+++\n\n{body}\n");
    let site = TestSite::new()
        .file(
            "content/runbooks/reinicio.md",
            page("Reinicio", "Primera versión."),
        )
        .file(
            "content/runbooks/drenaje.md",
            page("Drenaje", "Antes del [reinicio](reinicio.md)."),
        );
    let served = Served::start(&site);
    let (browser, _profile) = driven();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&served.url("/runbooks/reinicio/"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&tab, "document.body.innerText.includes('Primera versión')");
    // Marks this load of the page: a reload forgets it.
    js(&tab, "window.loadedOnce = true");
    let file = site.path().join("content/runbooks/reinicio.md");

    // A good edit: the open page reloads by itself, and what lists the page follows.
    std::fs::write(&file, page("Reinicio del worker", "Segunda versión.")).unwrap();
    wait_for(&tab, "document.body.innerText.includes('Segunda versión')");
    assert_eq!(js(&tab, "window.loadedOnce === undefined"), true);
    let listing = site.html_file("runbooks/index.html");
    assert!(listing.text_of("main").contains("Reinicio del worker"));
    let linking = site.html_file("runbooks/drenaje/index.html");
    assert!(linking.hrefs().iter().any(|h| h.contains("reinicio")));

    // An edit with an error: the page shows it and stays as last built.
    js(&tab, "window.loadedOnce = true");
    std::fs::write(
        &file,
        page("Reinicio", "Tercera versión, ver [nada](nada.md)."),
    )
    .unwrap();
    wait_for(
        &tab,
        "!!document.getElementById('bitacora-errors') && \
         document.getElementById('bitacora-errors').innerText.includes('nada.md')",
    );
    assert_eq!(js(&tab, "window.loadedOnce === true"), true);
    assert_eq!(
        js(
            &tab,
            "document.querySelector('main').innerText.includes('Tercera')"
        ),
        false
    );
    let on_disk = std::fs::read_to_string(site.path().join("public/runbooks/reinicio/index.html"));
    assert!(on_disk.unwrap().contains("Segunda versión"));

    // Fixed: the errors go and the page shows the new text.
    std::fs::write(&file, page("Reinicio", "Cuarta versión.")).unwrap();
    wait_for(
        &tab,
        "document.body.innerText.includes('Cuarta versión') && !document.getElementById('bitacora-errors')",
    );

    // A new page: the whole site is built again and the page is served.
    std::fs::write(
        site.path().join("content/runbooks/nuevo.md"),
        page("Nuevo", "Recién escrito."),
    )
    .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !site
        .path()
        .join("public/runbooks/nuevo/index.html")
        .exists()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the new page was never built"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    tab.navigate_to(&served.url("/runbooks/nuevo/"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(&tab, "document.body.innerText.includes('Recién escrito')");
}

#[test]
fn after_edits_serve_has_written_what_a_whole_build_writes() {
    let page = |title: &str, services: &str, body: &str| {
        format!("+++\ntitle = \"{title}\"\nservices = [{services}]\n+++\n\n{body}\n")
    };
    let mut site = TestSite::new()
        .file("bitacora.toml", "title = \"Ops\"\nminify = false\n")
        .file("content/runbooks/reinicio.md", page("Reinicio", "\"api\"", "## Pasos\n\n- [ ] Avisar"))
        .file("content/runbooks/drenaje.md", page("Drenaje", "\"api\"", "Antes del [reinicio](reinicio.md)."))
        .file("content/runbooks/cola.md", page("Cola", "\"worker\"", "Nada."))
        .file(
            "content/postmortems/2025-10-01-caida.md",
            "+++\ntitle = \"Caída\"\nseverity = \"high\"\nstarted = 2025-10-01T10:00:00Z\nresolved = 2025-10-01T11:00:00Z\nservices = [\"api\"]\nroot_cause = \"Disco\"\n+++\n\nVer [drenaje](../runbooks/drenaje.md).\n",
        );
    for i in 0..30 {
        site = site.file(
            &format!("content/runbooks/paso-{i:02}.md"),
            page(&format!("Paso {i:02}"), "", "Texto."),
        );
    }
    let served = Served::start(&site);
    let edits = [
        // The body only.
        ("content/runbooks/reinicio.md", page("Reinicio", "\"api\"", "## Pasos\n\n- [x] Avisar\n- [ ] Drenar")),
        // The title: listings, the sidebar around it, the pages it links to.
        ("content/runbooks/drenaje.md", page("Zeta drenaje", "\"api\"", "Antes del [reinicio](reinicio.md#pasos).")),
        // A title that keeps its place: the sidebars around it.
        ("content/runbooks/paso-15.md", page("Paso 15 bis", "", "Texto.")),
        // A link made, a service changed between two that exist.
        ("content/runbooks/cola.md", page("Cola", "\"worker\", \"api\"", "Ver [reinicio](reinicio.md).")),
        // An incident's facts: its index, metrics, feed and service page.
        (
            "content/postmortems/2025-10-01-caida.md",
            "+++\ntitle = \"Caída de la API\"\nseverity = \"high\"\nstarted = 2025-10-01T10:00:00Z\nresolved = 2025-10-01T13:00:00Z\nservices = [\"api\"]\nroot_cause = \"Disco lleno\"\n+++\n\nSin enlaces.\n".to_string(),
        ),
    ];
    for (rel, text) in edits {
        std::fs::write(site.path().join(rel), text).unwrap();
        served.line("search index updated");
    }
    let out = tempfile::tempdir().unwrap();
    let base = served.url("/");
    let run = site.run(&[
        "build",
        "--now",
        "2025-11-20",
        "--base-url",
        &base,
        "--output",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.output());
    let (built, served_files) = (
        common::snapshot(out.path()),
        common::snapshot(&site.public()),
    );
    let names =
        |m: &std::collections::BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&built), names(&served_files));
    for (rel, bytes) in &built {
        assert!(
            served_files[rel] == *bytes,
            "{rel} differs from a whole build:\n{}",
            String::from_utf8_lossy(&served_files[rel])
        );
    }
}

#[test]
fn a_service_page_opens_from_disk_with_its_runbooks_incidents_and_charts() {
    let site = TestSite::new()
        .file(
            "bitacora.toml",
            "title = \"Ops\"\n[kpi.p95]\nfile = \"kpis/p95.csv\"\nvalue = \"p95\"\nservices = [\"api\"]\n",
        )
        .file("content/kpis/p95.csv", "fecha,p95\n2025-11-01,700\n2025-11-02,720\n2025-11-03,710\n")
        .file(
            "content/runbooks/reinicio.md",
            "+++\ntitle = \"Reinicio de la API\"\nservices = [\"api\"]\n+++\n\nTexto.\n",
        )
        .file(
            "content/postmortems/2025-10-01-caida.md",
            "+++\ntitle = \"Caída\"\nseverity = \"high\"\nservices = [\"api\"]\nstarted = 2025-10-01T10:00:00Z\nresolved = 2025-10-01T11:00:00Z\nroot_cause = \"Disco\"\n+++\n\nTexto.\n",
        );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.output());
    let dom = dom_from_disk(&site.public().join("services/api/index.html"));
    let text = |css: &str| -> String {
        select(&dom, css)
            .iter()
            .map(|e| e.text().collect::<String>())
            .collect()
    };
    assert!(text(".service-runbooks").contains("Reinicio de la API"));
    assert!(text(".service-incidents").contains("Caída"));
    assert_eq!(select(&dom, ".service-kpis svg").len(), 1);
    // The script ran from disk: links to folders lead to their index files.
    let runbook = select(&dom, ".service-runbooks a")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert!(runbook.ends_with("index.html"), "{runbook}");
}

/// axe-core's script, installed by `npm ci --prefix tests/a11y` (`.ci/run` does it).
fn axe_script() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/a11y/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; the accessibility check needs axe-core: npm ci --prefix tests/a11y",
            path.display()
        )
    })
}

#[test]
fn the_default_theme_has_no_serious_accessibility_violations_in_light_or_dark() {
    // The example knowledge base: every kind of page the theme has.
    let out = tempfile::tempdir().unwrap();
    common::build_example(out.path(), &[]);
    let axe = axe_script();
    let (browser, _profile) = driven();
    let tab = browser.new_tab().unwrap();
    let pages = [
        "index.html",
        "runbooks/index.html",
        "runbooks/chequeo-salud-api-workers/index.html",
        // Callouts (a caution and a titled warning).
        "runbooks/prueba-restauracion-bd/index.html",
        "postmortems/index.html",
        "postmortems/2025-07-16-redis-sin-memoria/index.html",
        "postmortems/metrics/index.html",
        "windows/index.html",
        "windows/2025-11-15-migracion-redis/index.html",
        "windows/2025-11-15-migracion-redis/form/index.html",
        "releases/index.html",
        "releases/v1-6-0/index.html",
        "releases/v1-6-0/print/index.html",
        "releases/changelog/index.html",
        "kpis/index.html",
        "services/api/index.html",
        "tags/index.html",
        // 404.html is left out: its links are from the site's root, for a server.
    ];
    let mut found = Vec::new();
    for scheme in ["light", "dark"] {
        tab.call_method(
            headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
                media: None,
                features: Some(vec![
                    headless_chrome::protocol::cdp::Emulation::MediaFeature {
                        name: "prefers-color-scheme".into(),
                        value: scheme.into(),
                    },
                ]),
            },
        )
        .unwrap();
        for page in pages {
            let file = out.path().join(page);
            assert!(file.is_file(), "{page} not built");
            tab.navigate_to(&format!("file://{}", file.display()))
                .unwrap()
                .wait_until_navigated()
                .unwrap();
            tab.evaluate(&axe, false).unwrap();
            let result = tab
                .evaluate(
                    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
                       .then(r => JSON.stringify(r.violations
                         .filter(v => v.impact === 'serious' || v.impact === 'critical')
                         .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))",
                    true,
                )
                .unwrap()
                .value
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let violations: Vec<String> =
                serde_json::from_str(&result).unwrap_or_else(|_| vec![result.clone()]);
            found.extend(
                violations
                    .into_iter()
                    .map(|v| format!("{scheme} {page}: {v}")),
            );
        }
    }
    assert!(found.is_empty(), "axe-core found:\n{}", found.join("\n"));
}

#[test]
fn the_sections_tree_opens_folded_but_for_the_way_to_this_page() {
    let page = |title: &str| format!("+++\ntitle = \"{title}\"\n+++\n\nTexto.\n");
    let site = TestSite::new()
        .file("content/infra/db/backup.md", page("Respaldo"))
        .file("content/infra/db/restore.md", page("Restauración"))
        .file("content/infra/red/dns.md", page("DNS"))
        .file("content/runbooks/reinicio.md", page("Reinicio"));
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.output());
    let (browser, _profile) = driven();
    let tab = browser.new_tab().unwrap();
    let file = site.public().join("infra/db/backup/index.html");
    tab.navigate_to(&format!("file://{}", file.display()))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    // Folded until asked for; then loaded from nav.js.
    assert_eq!(
        js(&tab, "document.querySelectorAll('.tree-folder').length"),
        0
    );
    tab.find_element(".sidebar-sections > summary")
        .unwrap()
        .click()
        .unwrap();
    wait_for(
        &tab,
        "document.querySelector('.sidebar-sections').dataset.tree === 'loaded'",
    );
    let open = |url: &str| {
        js(
            &tab,
            &format!("document.querySelector('.tree-folder[data-url=\"{url}\"]').open"),
        )
    };
    assert_eq!(open("infra/"), true);
    assert_eq!(open("infra/db/"), true);
    assert_eq!(open("infra/red/"), false);
    assert_eq!(open("runbooks/"), false);
    assert_eq!(
        js(&tab, "document.querySelector('.tree-folder[data-url=\"infra/db/\"] > summary').getAttribute('aria-current')"),
        "location"
    );
    wait_for(
        &tab,
        "[...document.querySelectorAll('.tree-folder[data-url=\"infra/db/\"] a[aria-current=page]')].map(a => a.textContent).join() === 'Respaldo'",
    );
    // Another folder unfolds with its pages.
    tab.find_element(".tree-folder[data-url=\"runbooks/\"] > summary")
        .unwrap()
        .click()
        .unwrap();
    wait_for(
        &tab,
        "document.querySelector('.tree-folder[data-url=\"runbooks/\"]').innerText.includes('Reinicio')",
    );
    let href = js(&tab, "document.querySelector('.tree-folder[data-url=\"runbooks/\"] li:last-child a').getAttribute('href')");
    assert!(
        href.as_str()
            .unwrap()
            .ends_with("runbooks/reinicio/index.html"),
        "{href}"
    );
}

#[test]
fn serve_builds_again_when_templates_or_the_config_change_even_a_folder_made_since() {
    let site = TestSite::new()
        .file("bitacora.toml", "title = \"Ops\"\n")
        .file("content/runbooks/reinicio.md", "# Reinicio\n\nTexto.\n");
    let served = Served::start(&site);
    let page = site.public().join("runbooks/reinicio/index.html");
    let shows = |text: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::time::Instant::now() < deadline {
            if std::fs::read_to_string(&page).is_ok_and(|html| html.contains(text)) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("the page never showed {text}");
    };
    // A templates/ folder that did not exist when serve started.
    std::fs::create_dir(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ page.title }} a medida</p>{% endblock content %}",
    )
    .unwrap();
    shows("Reinicio a medida");
    std::fs::write(site.path().join("bitacora.toml"), "title = \"Guardia\"\n").unwrap();
    shows("Guardia");
    served.line("rebuilt after a change to the whole site");
}
