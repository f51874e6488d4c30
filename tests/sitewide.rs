//! What every site gets beside its pages: canonical addresses and Open Graph tags,
//! a sitemap, robots.txt, a 404 page and a favicon.

mod common;
use common::TestSite;

fn sample(config: &str) -> TestSite {
    TestSite::new()
        .file("bitacora.toml", config)
        .file(
            "content/runbooks/reinicio.md",
            "+++\ntitle = \"Reinicio de workers\"\ndescription = \"Cómo reiniciar sin perder tareas.\"\ndate = 2025-11-03\n+++\n\nTexto.\n",
        )
        .file(
            "content/windows/w.md",
            "+++\ntitle = \"Ventana\"\nstart = 2025-11-01T22:00:00Z\nend = 2025-11-01T23:00:00Z\nannounced = 2025-10-20T10:00:00Z\nstatus = \"done\"\n+++\n\n## Plan de reversa\n\n1. Volver.\n\n## Criterios de éxito\n\n- [x] API 200\n",
        )
}

fn attr(page: &common::Page, css: &str, name: &str) -> Option<String> {
    page.select(css)
        .first()
        .and_then(|e| e.value().attr(name))
        .map(str::to_string)
}

#[test]
fn with_a_base_url_pages_name_their_address_and_a_sitemap_lists_them() {
    let s = sample(
        "title = \"Ops\"\ndescription = \"El portal del equipo.\"\nbase_url = \"https://example.gitlab.io/ops/\"\n",
    );
    let run = s.run(&["build", "--now", "2025-11-25"]);
    assert_eq!(run.code, 0, "{}", run.output());
    let page = s.page("runbooks/reinicio/");
    let address = "https://example.gitlab.io/ops/runbooks/reinicio/";
    assert_eq!(
        attr(&page, "link[rel=canonical]", "href").as_deref(),
        Some(address)
    );
    for (property, value) in [
        ("og:url", address),
        ("og:type", "article"),
        ("og:title", "Reinicio de workers"),
        ("og:description", "Cómo reiniciar sin perder tareas."),
        ("og:site_name", "Ops"),
        ("og:locale", "es_ES"),
    ] {
        assert_eq!(
            attr(&page, &format!("meta[property=\"{property}\"]"), "content").as_deref(),
            Some(value),
            "{property}"
        );
    }
    // A listing has the site's description.
    let home = s.page("");
    assert_eq!(
        attr(&home, "meta[name=description]", "content").as_deref(),
        Some("El portal del equipo.")
    );
    assert_eq!(
        attr(&page, "link[rel=icon]", "href").as_deref(),
        Some("../../favicon.svg")
    );
    assert!(s.exists("favicon.svg"));

    let xml = std::fs::read_to_string(s.public().join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed sitemap");
    let urls: Vec<(String, Option<String>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .map(|u| {
            let child = |name: &str| {
                u.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .map(str::to_string)
            };
            (child("loc").unwrap(), child("lastmod"))
        })
        .collect();
    assert!(
        urls.contains(&(address.to_string(), Some("2025-11-03".to_string()))),
        "{urls:?}"
    );
    let locs: Vec<&str> = urls.iter().map(|(l, _)| l.as_str()).collect();
    for wanted in [
        "https://example.gitlab.io/ops/",
        "https://example.gitlab.io/ops/windows/",
        "https://example.gitlab.io/ops/windows/w/",
    ] {
        assert!(locs.contains(&wanted), "{wanted} in {locs:?}");
    }
    assert!(
        locs.iter()
            .all(|l| !l.ends_with("/form/") && l.starts_with("https://example.gitlab.io/ops/")),
        "{locs:?}"
    );
    let robots = std::fs::read_to_string(s.public().join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://example.gitlab.io/ops/sitemap.xml"),
        "{robots}"
    );

    // The 404 page is served at any depth: its links start from the site's path.
    let missing = s.html_file("404.html");
    assert_eq!(attr(&missing, "base", "href").as_deref(), Some("/ops/"));
    assert!(
        missing.hrefs().contains(&"runbooks/".to_string()),
        "{:?}",
        missing.hrefs()
    );
    assert!(missing.text.contains("Página no encontrada"));
}

#[test]
fn without_a_base_url_there_is_no_canonical_and_no_sitemap() {
    let s = sample("title = \"Ops\"\nlanguage = \"en\"\n")
        .file("content/robots.txt", "User-agent: *\nDisallow: /\n");
    let run = s.run(&["build", "--now", "2025-11-25"]);
    assert_eq!(run.code, 0, "{}", run.output());
    let page = s.page("runbooks/reinicio/");
    assert!(page.select("link[rel=canonical]").is_empty());
    assert!(page.select("meta[property^=\"og:\"]").is_empty());
    assert!(!s.exists("sitemap.xml"));
    // The content's own robots.txt is the one published.
    let robots = std::fs::read_to_string(s.public().join("robots.txt")).unwrap();
    assert_eq!(robots, "User-agent: *\nDisallow: /\n");
    let missing = s.html_file("404.html");
    assert_eq!(attr(&missing, "base", "href").as_deref(), Some("/"));
    assert!(missing.text.contains("Page not found"));
}
