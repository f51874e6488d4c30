//! Rendering: templates, overrides, headings, code, home page.

mod common;
use common::TestSite;

#[test]
fn headings_get_ids_anchor_links_and_a_toc_from_three() {
    let site = TestSite::new()
        .file(
            "content/a.md",
            "# A\n\n## Paso uno\n\n## Paso uno\n\n### Detalle {#mio}\n",
        )
        .file("content/b.md", "# B\n\n## Solo\n\n## Dos\n");
    assert_eq!(site.build().code, 0);
    let page = site.page("a/");
    let ids: Vec<&str> = page
        .select(".body h2, .body h3")
        .iter()
        .filter_map(|h| h.value().attr("id"))
        .collect();
    assert_eq!(ids, ["paso-uno", "paso-uno-1", "mio"]);
    assert_eq!(page.select(".body h2 a.anchor[href='#paso-uno']").len(), 1);
    assert_eq!(page.select("nav.toc a").len(), 3);
    assert!(site.page("b/").select("nav.toc").is_empty());
}

#[test]
fn code_is_highlighted_with_classes_and_unknown_languages_stay_plain() {
    let site = TestSite::new().file(
        "content/a.md",
        "# A\n\n```bash\nsystemctl restart api\n```\n\n```klingon\n<qapla'>\n```\n",
    );
    let run = site.build();
    assert_eq!(run.code, 0);
    assert!(
        run.findings().is_empty(),
        "unknown language is no finding: {}",
        run.output()
    );
    let page = site.page("a/");
    assert!(
        !page
            .select("pre.code[data-lang=bash] span[class^='z-']")
            .is_empty(),
        "{}",
        page.text
    );
    assert_eq!(page.text_of("pre.code[data-lang=klingon] code"), "<qapla'>");
    let css = std::fs::read_to_string(site.public().join("syntax.css")).unwrap();
    assert!(css.contains(".z-") && css.contains("prefers-color-scheme: dark"));
}

#[test]
fn highlighting_keeps_the_spans_the_published_stylesheet_can_style() {
    let code = "# A\n\n```python\ndef f(limit=800):\n    return None\n```\n";
    // The built-in colours: keywords and numbers styled, and no class on a span
    // that the stylesheet does not name (syntect gives `z-generic-name` and more).
    let site = TestSite::new().file("content/a.md", code);
    assert_eq!(site.build().code, 0);
    let page = site.page("a/");
    assert!(
        !page.select("pre.code .z-storage.z-type").is_empty(),
        "{}",
        page.text
    );
    assert!(!page.select("pre.code .z-constant.z-numeric").is_empty());
    let css = std::fs::read_to_string(site.public().join("syntax.css")).unwrap();
    for span in page.select("pre.code span") {
        for class in span.value().classes() {
            let named = css.match_indices(&format!(".{class}")).any(|(at, m)| {
                !css[at + m.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '-')
            });
            assert!(named, "{class} is named by no rule: {}", page.text);
        }
    }
    assert_eq!(
        page.text_of("pre.code code"),
        "def f(limit=800):\n    return None"
    );
    // A site's own `static/syntax.css` is published, and decides what is kept.
    let site = TestSite::new().file("content/a.md", code).file(
        "static/syntax.css",
        ".z-meta.z-function { outline: 1px solid; }\n",
    );
    assert_eq!(site.build().code, 0);
    let page = site.page("a/");
    assert!(
        !page.select("pre.code span.z-meta.z-function").is_empty(),
        "{}",
        page.text
    );
    assert!(page
        .select("pre.code .z-storage, pre.code .z-constant")
        .is_empty());
    let css = std::fs::read_to_string(site.public().join("syntax.css")).unwrap();
    assert!(css.starts_with(".z-meta.z-function"), "{css}");
}

#[test]
fn markdown_extensions_are_on() {
    let site = TestSite::new().file(
        "content/a.md",
        "# A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~viejo~~\n\n- [ ] pendiente\n- [x] hecho\n\nNota[^1].\n\n[^1]: Pie.\n",
    );
    assert_eq!(site.build().code, 0);
    let page = site.page("a/");
    assert_eq!(page.select(".body table td").len(), 2);
    assert_eq!(page.select(".body del").len(), 1);
    assert_eq!(page.select(".body input[type=checkbox]").len(), 2);
    assert_eq!(page.select(".body input[type=checkbox][checked]").len(), 1);
    assert!(!page.select(".body .footnote-definition").is_empty());
}

#[test]
fn raw_html_is_kept_but_front_matter_is_escaped() {
    let site = TestSite::new().file(
        "content/a.md",
        "+++\ntitle = \"<script>alert(1)</script>\"\ndescription = \"a & b\"\n+++\n\n<div class=\"aviso\">autor</div>\n",
    );
    assert_eq!(site.build().code, 0);
    let page = site.page("a/");
    assert_eq!(page.text_of("article h1"), "<script>alert(1)</script>");
    assert!(page.select("article script").is_empty());
    assert_eq!(page.text_of(".body div.aviso"), "autor");
}

#[test]
fn site_template_overrides_the_built_in_one_by_name() {
    let site = TestSite::new()
        .file("content/a.md", "# A\n")
        .file(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ page.title }}</p>{% endblock content %}",
        );
    assert_eq!(site.build().code, 0);
    let page = site.page("a/");
    assert_eq!(page.text_of("p.custom"), "A");
    assert!(page.select("article").is_empty());
    assert!(
        !page.select("header.site-header").is_empty(),
        "base.html still built in"
    );
}

#[test]
fn kind_template_is_used_when_the_site_has_one() {
    let site = TestSite::new()
        .file("content/runbooks/a.md", "# A\n")
        .file("content/b.md", "# B\n")
        .file(
            "templates/runbook.html",
            "<p class=\"rb\">{{ page.title }}</p>",
        );
    assert_eq!(site.build().code, 0);
    assert_eq!(site.page("runbooks/a/").text_of("p.rb"), "A");
    assert!(site.page("b/").select("p.rb").is_empty());
}

#[test]
fn broken_site_template_is_an_error_naming_it() {
    let site = TestSite::new()
        .file("content/a.md", "# A\n")
        .file("templates/page.html", "{% if %}");
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("templates/page.html"), "{}", run.stderr);
}

#[test]
fn site_static_files_are_copied_and_win_over_built_in_ones() {
    let site = TestSite::new()
        .file("content/a.md", "# A\n")
        .file("static/style.css", "body{color:red}")
        .file("static/img/logo.svg", "<svg/>");
    assert_eq!(site.build().code, 0);
    assert_eq!(
        std::fs::read_to_string(site.public().join("style.css")).unwrap(),
        "body{color:red}"
    );
    assert!(site.exists("img/logo.svg"));
}

#[test]
fn home_lists_sections_and_recent_pages() {
    let site = TestSite::new()
        .file(
            "content/runbooks/a.md",
            "+++\ntitle = \"Viejo\"\nlast_reviewed = 2024-01-01\n+++\n",
        )
        .file(
            "content/postmortems/b.md",
            "+++\ntitle = \"Nuevo\"\nseverity = \"low\"\nstarted = 2025-09-18T14:05:00-03:00\n+++\n",
        )
        .file("content/soporte/c.md", "# Sin fecha\n");
    assert_eq!(site.build().code, 0);
    let home = site.page("");
    let sections: Vec<String> = home
        .select(".cards a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(sections, ["Postmortems", "Runbooks", "Soporte"]);
    let recent: Vec<String> = home
        .select(".recent a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(recent, ["Nuevo", "Viejo"]);
    let listing = site.page("runbooks/");
    assert_eq!(listing.text_of(".pages a"), "Viejo");
}

#[test]
fn print_stylesheet_hides_navigation_and_shows_links() {
    let site = TestSite::new().file("content/a.md", "# A\n");
    assert_eq!(site.build().code, 0);
    let css = std::fs::read_to_string(site.public().join("style.css")).unwrap();
    let print = &css[css.find("@media print").expect("print rules")..];
    assert!(print.contains(".site-nav"));
    assert!(print.contains("attr(href)"));
    assert!(print.contains("pre-wrap"));
}

#[test]
fn front_matter_that_looks_like_the_body_marker_does_not_swallow_the_body() {
    let site = TestSite::new().file(
        "content/a.md",
        "+++\ntitle = \"x \\uE000body\\uE000 y\"\n+++\n\nCuerpo del runbook.\n",
    );
    assert_eq!(site.build().code, 0);
    let page = site.page("a/");
    assert_eq!(page.text_of("article h1"), "x \u{E000}body\u{E000} y");
    assert_eq!(page.text_of(".body p"), "Cuerpo del runbook.");
}

/// Twenty runbooks, titled `Runbook 01` … `Runbook 20`.
fn twenty() -> TestSite {
    let mut site = TestSite::new();
    for n in 1..=20 {
        site = site.file(
            &format!("content/runbooks/r{n:02}.md"),
            format!("+++\ntitle = \"Runbook {n:02}\"\n+++\n\nTexto.\n"),
        );
    }
    site
}

#[test]
fn the_sidebar_lists_the_pages_around_this_one_and_the_sequence_links_its_neighbours() {
    let site = twenty();
    assert_eq!(site.build().code, 0);
    let page = site.page("runbooks/r10/");
    let titles: Vec<String> = page
        .select(".sidebar .sidebar-pages a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    let expected: Vec<String> = (2..=18).map(|n| format!("Runbook {n:02}")).collect();
    assert_eq!(titles, expected);
    assert_eq!(page.text_of(".sidebar a[aria-current=page]"), "Runbook 10");
    assert_eq!(
        page.select(".sidebar .nav-all").len(),
        2,
        "more before and after"
    );
    assert_eq!(page.text_of(".sidebar .sidebar-folder .count"), "20");
    assert_eq!(
        page.select("a[rel=prev]")[0].value().attr("href"),
        Some("../../runbooks/r09/")
    );
    assert_eq!(
        page.select("a[rel=next]")[0].value().attr("href"),
        Some("../../runbooks/r11/")
    );
    // The first has no previous page and nothing more before it.
    let first = site.page("runbooks/r01/");
    assert!(first.select("a[rel=prev]").is_empty());
    assert_eq!(first.select(".sidebar .nav-all").len(), 1);
    // Every folder's pages, once, for the rest.
    let nav = std::fs::read_to_string(site.public().join("nav.js")).unwrap();
    assert!(nav.starts_with("bitacoraNav("));
    assert_eq!(nav.matches("\"runbooks/r").count(), 20);
}

#[test]
fn interface_words_and_dates_follow_the_language_and_the_sites_messages() {
    let page = "+++\ntitle = \"Reinicio\"\ndate = 2025-11-03\n+++\n\n## Pasos\n\nTexto.\n";
    let build = |config: &str| {
        let site = TestSite::new()
            .file("bitacora.toml", config)
            .file("content/runbooks/reinicio.md", page)
            .file("content/runbooks/otro.md", "# Otro\n");
        let run = site.build();
        assert_eq!(run.code, 0, "{}", run.output());
        site
    };

    let es = build("title = \"Ops\"\n");
    let listing = es.page("runbooks/");
    assert!(listing.text_of("main").contains("3 de noviembre de 2025"));
    assert!(es
        .page("runbooks/reinicio/")
        .text_of(".breadcrumbs")
        .starts_with("Inicio"));

    let en = build("title = \"Ops\"\nlanguage = \"en\"\n");
    let listing = en.page("runbooks/");
    assert!(listing.text_of("main").contains("November 3, 2025"));
    let runbook = en.page("runbooks/reinicio/");
    assert!(runbook.text_of(".breadcrumbs").starts_with("Home"));
    assert_eq!(runbook.text_of(".skip"), "Skip to content");

    // The site's own words over the built-in ones, and words of its own for its
    // templates.
    let mine = TestSite::new()
        .file(
            "bitacora.toml",
            "title = \"Ops\"\n[messages]\nhome = \"Portada\"\noncall = \"Guardia de hoy\"\n",
        )
        .file("content/runbooks/reinicio.md", page)
        .file(
            "templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<p class=\"oncall\">{{ t.oncall }}</p>{% endblock content %}",
        );
    let run = mine.build();
    assert_eq!(run.code, 0, "{}", run.output());
    let runbook = mine.page("runbooks/reinicio/");
    assert!(runbook.text_of(".breadcrumbs").starts_with("Portada"));
    assert_eq!(runbook.text_of(".oncall"), "Guardia de hoy");
    assert_eq!(runbook.text_of(".skip"), "Saltar al contenido");
}

#[test]
fn a_message_that_is_not_text_is_a_config_error() {
    let site = TestSite::new()
        .file("bitacora.toml", "title = \"Ops\"\n[messages]\nhome = 3\n")
        .file("content/a.md", "# A\n");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.output());
    assert!(
        run.output().contains("bitacora.toml:3:"),
        "{}",
        run.output()
    );
    assert!(
        run.output().contains("expected a string"),
        "{}",
        run.output()
    );
}

#[test]
fn a_service_page_gives_runbooks_then_recent_incidents_upcoming_windows_and_its_kpis() {
    let mut site = TestSite::new()
        .file(
            "bitacora.toml",
            "title = \"Ops\"\n[kpi.p95]\nfile = \"kpis/p95.csv\"\nvalue = \"p95\"\nservices = [\"API\"]\n\n[kpi.ocr]\nfile = \"kpis/ocr.csv\"\nvalue = \"paginas\"\nservices = [\"ocr\"]\n",
        )
        .file("content/kpis/p95.csv", "fecha,p95\n2025-11-01,700\n2025-11-02,720\n")
        .file("content/kpis/ocr.csv", "mes,paginas\n2025-10,100\n2025-11,120\n")
        .file(
            "content/runbooks/reinicio.md",
            "+++\ntitle = \"Reinicio de la API\"\nservices = [\"api\"]\n+++\n\nTexto.\n",
        )
        .file("content/otra.md", "+++\ntitle = \"Contactos\"\nservices = [\"api\"]\n+++\n\nTexto.\n")
        .file(
            "content/windows/2025-12-01-parche.md",
            "+++\ntitle = \"Parche\"\nservices = [\"api\"]\nstart = 2025-12-01T22:00:00Z\nend = 2025-12-01T23:00:00Z\nannounced = 2025-11-01T10:00:00Z\n+++\n\n## Plan de reversa\n\nVolver.\n\n## Criterios de éxito\n\n- [ ] Responde\n",
        )
        .file(
            "content/windows/2025-10-01-viejo.md",
            "+++\ntitle = \"Parche viejo\"\nservices = [\"api\"]\nstart = 2025-10-01T22:00:00Z\nend = 2025-10-01T23:00:00Z\nannounced = 2025-09-01T10:00:00Z\nstatus = \"done\"\n+++\n\n## Plan de reversa\n\nVolver.\n\n## Criterios de éxito\n\n- [ ] Responde\n",
        );
    for day in 1..=12 {
        site = site.file(
            &format!("content/postmortems/2025-10-{day:02}-caida.md"),
            format!("+++\ntitle = \"Caída {day:02}\"\nseverity = \"high\"\nservices = [\"api\"]\nstarted = 2025-10-{day:02}T10:00:00Z\nresolved = 2025-10-{day:02}T11:00:00Z\nroot_cause = \"Disco\"\n+++\n\nTexto.\n"),
        );
    }
    let run = site.run(&["build", "--now", "2025-11-20"]);
    assert_eq!(run.code, 0, "{}", run.output());
    let api = site.page("services/api/");
    let headings: Vec<String> = api
        .select("main h2")
        .iter()
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(
        headings[..4],
        [
            "Runbooks",
            "Incidentes recientes",
            "Próximas ventanas de mantenimiento",
            "Indicadores"
        ]
    );
    assert_eq!(
        api.text_of(".service-runbooks"),
        "Runbooks Reinicio de la API"
    );
    let incidents: Vec<String> = api
        .select(".service-incidents tbody tr td:nth-child(2)")
        .iter()
        .map(|td| td.text().collect())
        .collect();
    assert_eq!(incidents.len(), 10);
    assert_eq!(incidents[0], "Caída 12");
    assert_eq!(incidents[9], "Caída 03");
    let more = api.select(".service-incidents .meta a");
    assert_eq!(
        more[0].value().attr("href"),
        Some("../../postmortems/#service=api")
    );
    assert!(api.text_of(".service-incidents .meta").starts_with("2 más"));
    assert_eq!(api.text_of(".service-windows a"), "Parche");
    assert!(!api.text_of(".service-windows").contains("viejo"));
    assert!(
        api.text_of("main").contains("Parche viejo"),
        "past windows stay listed"
    );
    let kpis: Vec<String> = api
        .select(".service-kpis .kpi-title")
        .iter()
        .map(|h| h.text().collect::<String>())
        .collect();
    assert!(kpis.iter().any(|k| k.contains("p95")), "{kpis:?}");
    assert!(!api.text_of(".service-kpis").contains("ocr"));
    let ocr_kpis = site.page("services/ocr/");
    assert!(ocr_kpis.text_of(".service-kpis").contains("ocr"));
}
