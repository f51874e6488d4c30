//! Documentation written for other generators, built as it is: YAML front matter,
//! their keys, section index files, their link forms, admonitions and alerts, file
//! names as teams write them, and `check --explain`.

mod common;
use common::TestSite;

const NOW: &str = "--now=2026-11-25";

fn build(site: &TestSite) -> common::Run {
    site.run(&["build", NOW])
}

fn check(site: &TestSite) -> common::Run {
    site.run(&["check", NOW])
}

/// Each finding's path and code, from the JSON report.
fn codes(site: &TestSite) -> Vec<(String, String)> {
    let json = site.run(&["check", NOW, "--format=json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn yaml_front_matter_has_the_same_schema_and_located_errors() {
    let site = TestSite::new()
        // A wrong type on line 4.
        .file(
            "content/runbooks/disco.md",
            "---\ntitle: Disco lleno\nowner: ana\nlevel: dos\n---\n# Disco lleno\n",
        )
        // YAML that does not parse, on line 3.
        .file(
            "content/runbooks/roto.md",
            "---\ntitle: Roto\ntags: [a, b\nowner: x\n---\nTexto\n",
        )
        // Never closed.
        .file("content/abierto.md", "---\ntitle: Abierto\n\n# Abierto\n")
        // A runbook's own keys, read from YAML, shown on its page.
        .file(
            "content/runbooks/bien.md",
            "---\ntitle: \"Reinicio: workers\"\nowner: Equipo backend\nlevel: 2\ntags: [colas, celery]\nservices: api\ndate: 2025-10-04 10:00:00 +0100\nlast_reviewed: 2026-10-01\n---\n\nPasos.\n",
        );
    let run = check(&site);
    assert_eq!(run.code, 1, "{}", run.output());
    run.assert_finding("content/runbooks/disco.md:4:", "error:");
    run.assert_finding("content/runbooks/roto.md:", "YAML");
    let roto = run
        .findings()
        .into_iter()
        .find(|f| f.starts_with("content/runbooks/roto.md:"))
        .unwrap();
    let line: usize = roto.split(':').nth(1).unwrap().parse().unwrap();
    assert!((3..=4).contains(&line), "{roto}");
    run.assert_finding(
        "content/abierto.md:1:1: error:",
        "opened with --- on line 1 is never closed",
    );
    assert!(
        !run.output().contains("content/runbooks/bien.md"),
        "{}",
        run.output()
    );

    let codes = codes(&site);
    let codes: Vec<(&str, &str)> = codes
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    assert!(
        codes.contains(&("content/runbooks/disco.md", "front-matter.value")),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("content/runbooks/roto.md", "front-matter.syntax")),
        "{codes:?}"
    );

    let fixed = site
        .file(
            "content/runbooks/disco.md",
            "---\ntitle: Disco lleno\n---\n",
        )
        .file("content/runbooks/roto.md", "---\ntitle: Roto\n---\n")
        .file("content/abierto.md", "---\ntitle: Abierto\n---\n");
    assert_eq!(build(&fixed).code, 0);
    let page = fixed.page("runbooks/bien/");
    assert_eq!(page.text_of("h1"), "Reinicio: workers");
    let facts = page.text_of(".facts");
    assert!(
        facts.contains("Equipo backend") && facts.contains('2'),
        "{facts}"
    );
    let labels = page.text_of(".labels");
    assert!(
        labels.contains("api") && labels.contains("#celery"),
        "{labels}"
    );
}

#[test]
fn other_generators_keys_are_understood_or_ignored_and_near_misses_warn() {
    let site = TestSite::new()
        .file(
            "content/docs/a.md",
            "---\ntitle: A\nweight: 3\nbookHidden: true\nlayout: docs\nlinkTitle: Ay\ntoc: false\nsummary: Lo que hace A.\n---\nTexto\n",
        )
        .file(
            "content/docs/b.md",
            "---\ntitel: B\ncolour: red\n---\n# B\n",
        )
        .file(
            "content/docs/caida.md",
            "---\ntitle: Caída\nseverty: alta\n---\n# Caída\n",
        );
    let run = build(&site);
    assert_eq!(run.code, 0, "warnings only: {}", run.output());
    run.assert_finding(
        "content/docs/b.md:2:1: warning:",
        "unknown front matter key `titel`: did you mean `title`?",
    );
    run.assert_finding(
        "content/docs/caida.md:3:1: warning:",
        "did you mean `severity`?",
    );
    run.assert_finding(
        "content/docs/b.md:3:1: warning:",
        "unknown front matter key `colour`",
    );
    assert!(
        !run.output().contains("content/docs/a.md"),
        "weight, bookHidden, layout, linkTitle, toc, summary say nothing: {}",
        run.output()
    );
    let codes = codes(&site);
    let misspelt = codes
        .iter()
        .filter(|(_, code)| code == "front-matter.misspelt")
        .count();
    assert_eq!(misspelt, 2, "{codes:?}");
    // `summary` is the page's summary when it has no description.
    assert_eq!(site.page("docs/a/").text_of(".lead"), "Lo que hace A.");
    let strict = site.run(&["check", NOW, "--strict"]);
    assert_eq!(strict.code, 1);
}

#[test]
fn weight_sidebar_position_and_nav_order_order_navigation() {
    let site = TestSite::new()
        .file("content/guia/zeta.md", "---\ntitle: Zeta\nweight: 1\n---\n")
        .file(
            "content/guia/beta.md",
            "---\ntitle: Beta\nsidebar_position: 2.5\n---\n",
        )
        .file("content/guia/alfa.md", "---\ntitle: Alfa\n---\n")
        .file(
            "content/guia/gama.md",
            "+++\ntitle = \"Gama\"\nnav_order = 2\n+++\n",
        )
        .file("content/guia/delta.md", "# Delta\n");
    assert_eq!(build(&site).code, 0);
    let listing = site.page("guia/");
    let titles: Vec<String> = listing
        .select(".pages li > a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(titles, ["Zeta", "Gama", "Beta", "Alfa", "Delta"]);
    let page = site.page("guia/gama/");
    let sidebar: Vec<String> = page
        .select(".sidebar li a")
        .iter()
        .map(|a| a.text().collect::<String>().trim().to_string())
        .collect();
    assert_eq!(sidebar, ["Zeta", "Gama", "Beta", "Alfa", "Delta"]);
    assert_eq!(page.text_of("a[rel=prev]"), "← Zeta");
    assert_eq!(page.text_of("a[rel=next]"), "Beta →");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::new()
        .file("bitacora.toml", "[links]\nbroken = \"warning\"\n")
        .file(
            "content/a.md",
            "---\ntitle: A\n---\nVer [borrador](borrador.md) y [viejo](viejo.md).\n",
        )
        .file(
            "content/borrador.md",
            "---\ntitle: Borrador\ndraft: true\n---\nAún no.\n",
        )
        .file(
            "content/viejo.md",
            "---\ntitle: Viejo\npublished: false\n---\nYa no.\n",
        );
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.output());
    run.assert_finding(
        "content/a.md:4:",
        "content/borrador.md, a draft left out of this build",
    );
    run.assert_finding("content/a.md:4:", "content/viejo.md, a draft");
    assert!(!site.exists("borrador/index.html"));
    assert!(!site.exists("viejo/index.html"));
    for (file, bytes) in common::snapshot(&site.public()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("Aún no"),
            "a draft's text is in {file}"
        );
    }
    let explain = site.run(&["check", NOW, "--explain"]);
    assert!(
        explain.stdout.contains("content/borrador.md\n  - a draft"),
        "{}",
        explain.stdout
    );

    let with = site.run(&["build", NOW, "--drafts"]);
    assert_eq!(with.code, 0, "{}", with.output());
    assert!(site.exists("borrador/index.html"));
    assert!(site.exists("viejo/index.html"));
}

#[test]
fn slugs_set_the_url_and_aliases_redirect() {
    let site = TestSite::new()
        .file("bitacora.toml", "base_url = \"https://ops.example.com/\"\n")
        .file(
            "content/runbooks/Reinicio Workers.md",
            "---\ntitle: Reinicio\nslug: reinicio-de-workers\naliases:\n  - /old/restart-workers/\n  - reinicio\n  - /legacy.html\n---\nPasos.\n",
        )
        .file("content/a.md", "[r](runbooks/Reinicio%20Workers.md)\n");
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.output());
    assert!(site.exists("runbooks/reinicio-de-workers/index.html"));
    assert!(!site.exists("runbooks/reinicio-workers/index.html"));
    assert!(site
        .page("a/")
        .hrefs()
        .contains(&"../runbooks/reinicio-de-workers/".to_string()));
    for (file, href) in [
        (
            "old/restart-workers/index.html",
            "../../runbooks/reinicio-de-workers/",
        ),
        (
            "runbooks/reinicio/index.html",
            "../../runbooks/reinicio-de-workers/",
        ),
        ("legacy.html", "runbooks/reinicio-de-workers/"),
    ] {
        let page = site.html_file(file);
        let refresh = page.select("meta[http-equiv=refresh]");
        assert_eq!(
            refresh[0].value().attr("content"),
            Some(format!("0; url={href}").as_str()),
            "{file}"
        );
        assert_eq!(page.hrefs(), [href], "{file}");
        assert_eq!(
            page.select("link[rel=canonical]")[0].value().attr("href"),
            Some("https://ops.example.com/runbooks/reinicio-de-workers/")
        );
    }
    let sitemap = std::fs::read_to_string(site.public().join("sitemap.xml")).unwrap();
    assert!(
        !sitemap.contains("restart-workers"),
        "redirects are not pages: {sitemap}"
    );

    // An alias at a page's URL is an error naming both.
    let clash = site.file("content/old/restart-workers.md", "# Otra\n");
    let run = build(&clash);
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/old/restart-workers.md:",
        "the alias /old/restart-workers/ of content/runbooks/Reinicio Workers.md",
    );
}

#[test]
fn section_index_files_are_their_folders_page() {
    let site = TestSite::new()
        .file(
            "content/README.md",
            "# Operaciones\n\nBienvenida al **portal**.\n",
        )
        .file(
            "content/docs/_index.md",
            "---\ntitle: Documentación\n---\nTodo lo que hay que saber.\n",
        )
        .file("content/docs/index.md", "# Índice viejo\n")
        .file("content/docs/a.md", "# Página A\n")
        .file(
            "content/docs/sub/README.md",
            "# Subcarpeta\n\nTexto de la subcarpeta.\n",
        )
        .file(
            "content/docs/sub/b.md",
            "# Página B\n\n[arriba](../_index.md) [sub](README.md)\n",
        )
        .file("content/sin-indice/c.md", "# Página C\n");
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.output());
    run.assert_finding(
        "content/docs/index.md:1:1: warning:",
        "content/docs/_index.md is the folder's page",
    );
    // The folder's page: its text, then what the folder holds.
    let docs = site.page("docs/");
    assert_eq!(docs.text_of("h1"), "Documentación");
    assert!(docs.text_of(".body").contains("Todo lo que hay que saber."));
    let listed: Vec<String> = docs
        .select(".listing a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert!(listed.contains(&"Subcarpeta".to_string()), "{listed:?}");
    assert!(listed.contains(&"Página A".to_string()), "{listed:?}");
    assert!(
        listed.contains(&"Índice viejo".to_string()),
        "the loser is a page: {listed:?}"
    );
    assert!(!listed.contains(&"Documentación".to_string()), "{listed:?}");
    assert!(site.exists("docs/index/index.html"));
    assert!(!site.exists("docs/-index/index.html") && !site.exists("docs/readme/index.html"));
    // Sub-folders are named by their own page; links to index files go to the folder.
    let b = site.page("docs/sub/b/");
    assert!(
        b.hrefs().contains(&"../../../docs/".to_string()),
        "{:?}",
        b.hrefs()
    );
    assert!(
        b.hrefs().contains(&"../../../docs/sub/".to_string()),
        "{:?}",
        b.hrefs()
    );
    let crumbs = b.text_of(".breadcrumbs");
    assert!(
        crumbs.contains("Documentación") && crumbs.contains("Subcarpeta"),
        "{crumbs}"
    );
    assert!(site
        .page("docs/sub/")
        .text_of(".body")
        .contains("Texto de la subcarpeta."));
    // A folder without one gets a generated listing; the home page shows README.md.
    let generated = site.page("sin-indice/");
    assert!(generated.text_of(".listing").contains("Página C"));
    let home = site.page("");
    assert!(
        home.text_of(".intro").contains("Bienvenida al portal."),
        "{}",
        home.text
    );
}

#[test]
fn other_generators_link_forms_resolve_like_ordinary_links() {
    let site = TestSite::new()
        .file("bitacora.toml", "[links]\nbroken = \"warning\"\n")
        .file(
            "content/runbooks/etcd/etcdNoLeader.md",
            "# etcd sin líder\n\n## Diagnóstico\n",
        )
        .file("content/docs/add-runbook.md", "# Agregar un runbook\n")
        .file(
            "content/runbooks/node/NodeDown.md",
            concat!(
                "---\ntitle: Nodo caído\n---\n",
                "- [ref]({{< ref \"etcdNoLeader.md\" >}})\n",
                "- [relref]({{< relref \"/docs/add-runbook.md\" >}})\n",
                "- [zola](@/docs/add-runbook.md)\n",
                "- [sin extensión](../etcd/etcdNoLeader#diagnostico)\n",
                "- [raíz](/docs/add-runbook)\n",
                "- [url](/runbooks/etcd/etcdnoleader/)\n",
                "- [roto](/docs/no-existe/)\n",
                "Versión {{< param version >}} y {{< hint info >}}nota{{< /hint >}}.\n",
                "{% include aviso.html %}\n",
            ),
        );
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.output());
    let page = site.page("runbooks/node/nodedown/");
    let hrefs = page.hrefs();
    for href in [
        "../../../runbooks/etcd/etcdnoleader/",
        "../../../docs/add-runbook/",
        "../../../runbooks/etcd/etcdnoleader/#diagnostico",
    ] {
        assert!(hrefs.contains(&href.to_string()), "{href} in {hrefs:?}");
    }
    let findings = run.findings();
    let broken: Vec<&String> = findings
        .iter()
        .filter(|f| f.contains("broken link"))
        .collect();
    assert_eq!(broken.len(), 1, "{findings:?}");
    assert!(
        broken[0].starts_with("content/runbooks/node/NodeDown.md:10:"),
        "{broken:?}"
    );
    // Unknown shortcodes stay readable, one warning per kind per file.
    run.assert_finding(
        "content/runbooks/node/NodeDown.md:11:1: warning:",
        "Hugo shortcodes are not understood and are shown as written: `param`, `hint`",
    );
    run.assert_finding(
        "content/runbooks/node/NodeDown.md:12:1: warning:",
        "`include`",
    );
    assert_eq!(
        findings
            .iter()
            .filter(|f| f.contains("are not understood"))
            .count(),
        2
    );
    assert!(page.text_of(".body").contains("{{< param version >}}"));
    // Backlinks come from every form.
    let target = site.page("runbooks/etcd/etcdnoleader/");
    assert!(target.text_of(".backlinks").contains("Nodo caído"));
}

#[test]
fn admonitions_and_alerts_render_as_callouts() {
    let site = TestSite::new().file(
        "content/runbooks/a.md",
        concat!(
            "# A\n\n",
            "!!! warning \"Borra datos\"\n    Detener el **escritor** antes.\n\n    ```sh\n    systemctl stop writer\n    ```\n\n",
            "> [!CAUTION]\n> Irreversible.\n\n",
            "??? note \"Más detalle\"\n    Plegado.\n\n",
            "> Una cita normal.\n",
        ),
    );
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.output());
    let page = site.page("runbooks/a/");
    let warning = page.select(".callout.callout-warning");
    assert_eq!(warning.len(), 1, "{}", page.text);
    assert_eq!(
        page.text_of(".callout-warning .callout-title"),
        "Borra datos"
    );
    assert!(page
        .text_of(".callout-warning")
        .contains("Detener el escritor antes."));
    assert_eq!(
        page.select(".callout-warning pre").len(),
        1,
        "code kept inside"
    );
    assert_eq!(page.text_of(".callout-caution .callout-title"), "Peligro");
    assert!(page.text_of(".callout-caution").contains("Irreversible."));
    assert_eq!(page.text_of("details.callout-note summary"), "Más detalle");
    assert_eq!(
        page.select("blockquote").len(),
        1,
        "the plain quote stays a quote"
    );
    assert!(!page.text.contains("!!!") && !page.text.contains("[!CAUTION]"));
}

#[test]
fn file_names_as_teams_write_them_and_files_beside_pages() {
    let site = TestSite::new()
        .file(
            "content/alerts/AlertmanagerClusterDown.md",
            "# Alertmanager caído\n\n![diagrama](diagram.png) [script](fix.sh) [config](../conf/alertmanager.yaml)\n",
        )
        .file("content/alerts/diagram.png", b"\x89PNG\r\n")
        .file("content/alerts/fix.sh", "#!/bin/sh\n")
        .file("content/alerts/unused.json", "{}\n")
        .file("content/conf/alertmanager.yaml", "route: {}\n")
        .file("content/notas/v2.10.1.md", "# Notas 2.10.1\n")
        .file("content/guías/01. Arranque en frío.md", "# Arranque\n")
        .file("content/.github/CODEOWNERS.md", "# no\n")
        .file("content/alerts/.borrador.md", "# no\n");
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.output());
    assert!(site.exists("alerts/alertmanagerclusterdown/index.html"));
    assert!(site.exists("notas/v2-10-1/index.html"));
    assert!(site.exists("guias/01-arranque-en-frio/index.html"));
    assert!(site.exists("alerts/diagram.png") && site.exists("alerts/fix.sh"));
    assert!(site.exists("conf/alertmanager.yaml"));
    assert!(
        !site.exists("alerts/unused.json"),
        "a file no page links to is left out"
    );
    assert!(!site.exists(".github") && !site.exists("alerts/-borrador/index.html"));
    assert!(!site.exists("alerts/borrador/index.html"));
    // The same names give the same URLs on every build.
    let again = build(&site);
    assert_eq!(again.code, 0);
    assert!(site.exists("alerts/alertmanagerclusterdown/index.html"));
}

#[test]
fn check_explain_lists_each_files_foreign_conventions() {
    let site = TestSite::new()
        .file(
            "content/docs/_index.md",
            "---\ntitle: Docs\nweight: 2\nbookHidden: true\n---\n[a]({{< ref \"a.md\" >}})\n\n!!! note\n    x\n",
        )
        .file("content/docs/a.md", "# A\n\n[b](b) [z](@/docs/b.md) [r](/docs/b/)\n\n> [!TIP]\n> y\n")
        .file("content/docs/b.md", "+++\ntitle = \"B\"\n+++\nNada ajeno.\n");
    let run = site.run(&["check", NOW, "--explain"]);
    assert_eq!(run.code, 0, "{}", run.output());
    let out = &run.stdout;
    let block = |file: &str| -> String {
        let start = out
            .find(&format!("{file}\n"))
            .unwrap_or_else(|| panic!("{file} in {out}"));
        out[start..]
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with("  - "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let index = block("content/docs/_index.md");
    for expected in [
        "YAML front matter",
        "section index file",
        "`weight`",
        "ignored: bookHidden",
        "Hugo {{< ref >}}",
        "MkDocs admonitions",
    ] {
        assert!(index.contains(expected), "{expected} in {index}");
    }
    let a = block("content/docs/a.md");
    for expected in ["without .md", "Zola @/", "root-absolute", "GitHub alerts"] {
        assert!(a.contains(expected), "{expected} in {a}");
    }
    assert!(!out.contains("content/docs/b.md\n"), "{out}");
    assert!(
        out.contains("2 of 3 pages rely on conventions of other generators"),
        "{out}"
    );
}

#[test]
fn a_broken_link_names_the_page_its_name_was_likely_meant_for() {
    let site = TestSite::new()
        .file("content/ceph/helpers/gatherLogs.md", "# Logs\n")
        .file("content/ceph/helpers/checkOperator.md", "# Operator\n")
        .file(
            "content/ceph/CephDown.md",
            "# Ceph\n\n[logs](helpers/gather_logs.md) [op](helpers/chekOperator.md) [x](helpers/other.md)\n",
        );
    let run = check(&site);
    assert_eq!(run.code, 1);
    let out = run.output();
    assert!(
        out.contains("did you mean content/ceph/helpers/gatherLogs.md?"),
        "{out}"
    );
    assert!(
        out.contains("did you mean content/ceph/helpers/checkOperator.md?"),
        "{out}"
    );
    assert_eq!(out.matches("did you mean").count(), 2, "{out}");
}

#[test]
fn what_the_review_found_builds_as_expected() {
    let site = TestSite::new()
        // A Jekyll folder keeps its own index.html and 404.html, linked by nobody.
        .file("content/index.html", "<html></html>\n")
        .file("content/404.html", "<html></html>\n")
        .file("content/README.md", "# Inicio\n")
        // A file that opens with a rule, not with front matter.
        .file("content/regla.md", "---\nUn párrafo: después de una regla.\n")
        // Raw HTML links are links: checked, rewritten, their files published.
        .file("content/docs/img/diagrama.png", b"\x89PNG\r\n")
        .file(
            "content/docs/html.md",
            "# HTML\n\n<p><img src=\"img/diagrama.png\" alt=\"d\"> <a href=\"otra.md\">otra</a></p>\n",
        )
        .file("content/docs/otra.md", "# Otra\n")
        // Whole paths from other generators' keys.
        .file("content/docs/hugo.md", "---\ntitle: H\nurl: /viejo/hugo/\n---\n")
        .file("content/docs/jekyll.md", "---\ntitle: J\npermalink: /:categories/:title/\n---\n")
        .file("content/docs/zola.md", "+++\ntitle = \"Z\"\npath = \"zola/aqui\"\n+++\n")
        .file("content/docs/cero.md", "---\ntitle: Cero\nweight: 0\n---\n")
        .file("content/docs/html-viejo.md", "---\ntitle: V\npermalink: /viejo/pagina.html\n---\n")
        .file("content/docs/uno.md", "---\ntitle: Uno\nweight: 1\n---\n");
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.output());
    assert!(
        !site.exists("404.html")
            || !std::fs::read_to_string(site.public().join("404.html"))
                .unwrap()
                .starts_with("<html></html>")
    );
    assert!(site.page("regla/").text_of(".body").contains("Un párrafo"));
    let html = site.page("docs/html/");
    assert!(
        html.text.contains("src=\"../../docs/img/diagrama.png\""),
        "{}",
        html.text
    );
    assert!(html.hrefs().contains(&"../../docs/otra/".to_string()));
    assert!(site.exists("docs/img/diagrama.png"));
    assert!(site.exists("viejo/hugo/index.html"));
    assert!(
        site.exists("docs/jekyll/index.html"),
        "a permalink pattern gives no path"
    );
    assert!(site.exists("zola/aqui/index.html"));
    // An old `.html` address: the page at its folder, the old file sends readers on.
    assert!(site.exists("viejo/pagina/index.html"));
    assert_eq!(
        site.html_file("viejo/pagina.html").hrefs(),
        ["../viejo/pagina/"]
    );
    let listed: Vec<String> = site
        .page("docs/")
        .select(".pages li > a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(
        listed.first().map(String::as_str),
        Some("Uno"),
        "weight 0 is no order: {listed:?}"
    );

    // A broken raw HTML link is reported like any other.
    let broken = site.file("content/docs/rota.md", "<img src=\"img/no.png\">\n");
    check(&broken).assert_finding("content/docs/rota.md:1:", "img/no.png");

    // Aliases cannot replace the home page, nor make a folder of a file.
    let aliases = TestSite::new().file(
        "content/a.md",
        "---\ntitle: A\naliases: [/index.html, /nav.js/]\n---\n",
    );
    let run = build(&aliases);
    assert_eq!(run.code, 1);
    run.assert_finding("content/a.md:", "the home page");
    run.assert_finding("content/a.md:3:", "inside a file the site writes");
}

#[test]
fn an_edit_reaches_the_folders_own_page_and_links_by_url() {
    use bitacora::preview::{reached, Shown};
    use bitacora::publish::Target;
    use bitacora::workspace::{BuildTime, Workspace};
    let site = TestSite::new()
        .file("content/docs/README.md", "# Docs\n")
        .file("content/docs/alpha.md", "# Alpha\n")
        .file("content/docs/beta.md", "# Beta\n")
        .file(
            "content/docs/gamma.md",
            "---\ntitle: Gamma\nslug: gamma-url\n---\n",
        );
    let when = BuildTime::read(Some("2026-11-25")).unwrap();
    let mut ws = Workspace::load(site.path(), when, false).unwrap();
    let readme = ws.site.index_of("docs/README.md").unwrap();
    let gamma = ws.site.index_of("docs/gamma.md").unwrap();

    // Beta's new title shows on the folder's own page, which lists it.
    let beta = ws.site.index_of("docs/beta.md").unwrap();
    let before = Shown::of(&ws.site, beta);
    std::fs::write(site.path().join("content/docs/beta.md"), "# Beta nueva\n").unwrap();
    assert_eq!(ws.reload("docs/beta.md"), Some(beta));
    let after = Shown::of(&ws.site, beta);
    let targets = reached(&ws.site, beta, &before, &after).unwrap();
    assert!(targets.contains(&Target::Page(readme)), "{targets:?}");

    // A link by URL to Gamma puts Alpha under Gamma's "Referenced by".
    let alpha = ws.site.index_of("docs/alpha.md").unwrap();
    let before = Shown::of(&ws.site, alpha);
    std::fs::write(
        site.path().join("content/docs/alpha.md"),
        "# Alpha\n\n[g](/docs/gamma-url/)\n",
    )
    .unwrap();
    assert_eq!(ws.reload("docs/alpha.md"), Some(alpha));
    let after = Shown::of(&ws.site, alpha);
    let targets = reached(&ws.site, alpha, &before, &after).unwrap();
    assert!(targets.contains(&Target::Page(gamma)), "{targets:?}");
}

#[test]
fn nothing_of_the_content_replaces_the_search_index() {
    let site = TestSite::new()
        .file("content/search/meta.js", "x\n")
        .file("content/search/d/0.js", "x\n")
        .file(
            "content/search/reindexar.md",
            "# Reindexar\n\n[m](meta.js) [d](d/0.js)\n",
        )
        .file(
            "content/a.md",
            "---\ntitle: A\naliases: [/search/meta.js]\n---\n",
        );
    let run = check(&site);
    assert_eq!(run.code, 1, "{}", run.output());
    run.assert_finding("content/search/meta.js: error:", "search index");
    run.assert_finding("content/search/d/0.js: error:", "search index");
    run.assert_finding("content/a.md:3:", "inside a file the site writes");
    assert!(
        !run.output().contains("content/search/reindexar.md:"),
        "a page in a folder named search is fine: {}",
        run.output()
    );
}
