//! Cross-links: rewriting, checking, backlinks, assets, URLs.

mod common;
use common::TestSite;

#[test]
fn links_to_md_files_are_rewritten_to_relative_built_urls() {
    let site = TestSite::new()
        .file("content/runbooks/a.md", "# A\n\nVer [plan](<../Plan de Mantención.md#niveles>) y [otra](../Plan%20de%20Mantenci%C3%B3n.md).\n")
        .file("content/Plan de Mantención.md", "# Plan\n\n## Niveles\n");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.output());
    let page = site.page("runbooks/a/");
    let hrefs = page.hrefs();
    assert!(
        hrefs.contains(&"../../plan-de-mantencion/#niveles".to_string()),
        "{hrefs:?}"
    );
    assert!(site.exists("plan-de-mantencion/index.html"));
}

#[test]
fn every_link_the_site_writes_is_relative() {
    let site = TestSite::new()
        .file(
            "bitacora.toml",
            "base_url = \"https://ops.example.com/sub/\"\n",
        )
        .file(
            "content/runbooks/a.md",
            "# A\n\n[b](../b.md) [web](https://example.com/x)\n",
        )
        .file("content/b.md", "# B\n\n[a](runbooks/a.md)\n");
    assert_eq!(site.build().code, 0);
    for url in ["", "runbooks/", "runbooks/a/", "b/"] {
        let page = site.page(url);
        for href in page.hrefs() {
            if href.starts_with("https://example.com") {
                continue;
            }
            assert!(
                !href.starts_with('/') && !href.contains("://"),
                "{url}: {href}"
            );
        }
        // Except the page's canonical address, absolute by design.
        for el in page.select("link[href]:not([rel=canonical]), script[src]") {
            let v = el.value().attr("href").or(el.value().attr("src")).unwrap();
            assert!(!v.starts_with('/') && !v.contains("://"), "{url}: {v}");
        }
    }
}

#[test]
fn broken_link_is_an_error_at_its_line_and_column() {
    let site = TestSite::new().file(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\n# A\n\nTexto y [el plan](plan.md) aquí.\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    run.assert_finding("content/a.md:6:9: error:", "content/plan.md does not exist");
}

#[test]
fn broken_link_suggests_a_file_with_the_same_name() {
    let site = TestSite::new()
        .file("content/a.md", "[x](plan.md)\n")
        .file("content/soporte/plan.md", "# P\n");
    let run = site.check();
    assert!(
        run.output()
            .contains("did you mean content/soporte/plan.md"),
        "{}",
        run.output()
    );
}

#[test]
fn broken_anchor_is_an_error_listing_the_anchors_there() {
    let site = TestSite::new()
        .file(
            "content/a.md",
            "# A\n\n[x](b.md#escalar) [y](#propio) [z](#nada)\n\n## Propio\n",
        )
        .file("content/b.md", "# B\n\n## Escalamiento\n");
    let run = site.check();
    assert_eq!(run.code, 1);
    run.assert_finding("content/a.md:3:1: error:", "broken anchor `#escalar`");
    assert!(run.output().contains("anchors there: escalamiento"));
    run.assert_finding("content/a.md:3:", "broken anchor `#nada`");
    assert_eq!(run.findings().len(), 2, "#propio exists: {}", run.output());
}

#[test]
fn broken_links_can_be_made_warnings() {
    let site = TestSite::new()
        .file("bitacora.toml", "[links]\nbroken = \"warning\"\n")
        .file("content/a.md", "# A\n\n[x](nada.md)\n");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.output());
    run.assert_finding("content/a.md:3:1: warning:", "nada.md");
}

#[test]
fn link_leaving_the_content_folder_is_an_error() {
    let site = TestSite::new()
        .file("content/a.md", "# A\n\n[x](../README.md)\n")
        .file("README.md", "# fuera\n");
    let run = site.check();
    assert_eq!(run.code, 1);
    run.assert_finding("content/a.md:3:1: error:", "leaves the content folder");
}

#[test]
fn linked_files_are_copied_and_checked() {
    let site = TestSite::new()
        .file("content/kpis/datos.csv", "fecha,valor\n2025-01-01,1\n")
        .file("content/kpis/Informe final.pdf", "%PDF-1.4")
        .file(
            "content/kpis/a.md",
            "# A\n\n[csv](datos.csv) [pdf](Informe%20final.pdf) [falta](otro.csv)\n",
        );
    let run = site.build();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/kpis/a.md:3:",
        "content/kpis/otro.csv does not exist",
    );
    let site = TestSite::new()
        .file("content/kpis/datos.csv", "fecha,valor\n2025-01-01,1\n")
        .file("content/kpis/Informe final.pdf", "%PDF-1.4")
        .file(
            "content/kpis/a.md",
            "# A\n\n[csv](datos.csv) [pdf](Informe%20final.pdf)\n",
        );
    assert_eq!(site.build().code, 0);
    assert_eq!(
        std::fs::read_to_string(site.public().join("kpis/datos.csv")).unwrap(),
        "fecha,valor\n2025-01-01,1\n"
    );
    assert!(site.exists("kpis/Informe final.pdf"));
    let hrefs = site.page("kpis/a/").hrefs();
    assert!(
        hrefs.contains(&"../../kpis/datos.csv".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"../../kpis/Informe%20final.pdf".to_string()),
        "{hrefs:?}"
    );
}

#[test]
fn pages_list_their_backlinks() {
    let site = TestSite::new()
        .file(
            "content/runbooks/a.md",
            "# Reinicio\n\n[plan](../plan.md) y otra vez [plan](../plan.md#uno)\n",
        )
        .file("content/b.md", "# Bitácora\n\n[plan](plan.md)\n")
        .file(
            "content/plan.md",
            "# Plan\n\n## Uno\n\n[a sí mismo](#uno)\n",
        );
    assert_eq!(site.build().code, 0);
    let page = site.page("plan/");
    let links: Vec<String> = page
        .select(".backlinks li a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(
        links,
        ["Bitácora", "Reinicio"],
        "each once, sorted, not itself"
    );
    assert!(site.page("b/").select(".backlinks").is_empty());
}

#[test]
fn two_files_with_the_same_url_are_an_error_naming_both() {
    let site = TestSite::new()
        .file("content/Plan de Mantención.md", "# A\n")
        .file("content/plan-de-mantencion.md", "# B\n");
    let run = site.check();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/Plan de Mantención.md: error:",
        "content/plan-de-mantencion.md",
    );
    run.assert_finding(
        "content/plan-de-mantencion.md: error:",
        "content/Plan de Mantención.md",
    );
}

#[test]
fn file_names_become_slugs_with_folders_kept() {
    let site = TestSite::new().file("content/Soporte Técnico/Guía Rápida.md", "# G\n");
    assert_eq!(site.build().code, 0);
    assert!(site.exists("soporte-tecnico/guia-rapida/index.html"));
    assert!(
        site.exists("soporte-tecnico/index.html"),
        "the folder gets a listing page"
    );
}

#[test]
fn folders_and_files_that_land_on_the_same_url_are_errors() {
    let site = TestSite::new()
        .file("content/Soporte Técnico/a.md", "# A\n")
        .file("content/soporte-tecnico/b.md", "# B\n")
        .file("content/kpis/Datos.csv", "a\n")
        .file("content/KPIs/Datos.csv", "b\n")
        // Files beside the pages are written (and can clash) once linked.
        .file(
            "content/datos.md",
            "# Datos\n\n[a](kpis/Datos.csv) [b](KPIs/Datos.csv)\n",
        );
    let run = site.check();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/Soporte Técnico: error:",
        "content/soporte-tecnico/",
    );
    run.assert_finding("content/KPIs/Datos.csv: error:", "content/kpis/Datos.csv");
    run.assert_finding("content/kpis/Datos.csv: error:", "kpis/Datos.csv");
}

#[test]
fn link_to_a_file_without_extension_is_a_file() {
    let site = TestSite::new()
        .file("content/scripts/backup", "#!/bin/sh\n")
        .file(
            "content/a.md",
            "# A\n\n[script](scripts/backup) [carpeta](scripts/)\n",
        )
        .file("content/scripts/leeme.md", "# L\n");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.output());
    let hrefs = site.page("a/").hrefs();
    assert!(
        hrefs.contains(&"../scripts/backup".to_string()),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"../scripts/".to_string()), "{hrefs:?}");
}

#[test]
fn link_to_a_file_that_could_not_be_read_is_not_reported_twice() {
    let site = TestSite::new()
        .file("content/latin1.md", b"caf\xE9\n")
        .file("content/a.md", "# A\n\n[x](latin1.md)\n");
    let run = site.check();
    assert_eq!(run.findings().len(), 1, "{}", run.output());
    run.assert_finding("content/latin1.md:1:4: error:", "not UTF-8");
}
