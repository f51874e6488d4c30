//! Reading content: front matter, titles, encodings.

mod common;
use common::TestSite;

#[test]
fn page_without_front_matter_is_titled_by_its_first_heading() {
    let site = TestSite::new().file("content/notas/plan.md", "# Plan de Soporte\n\nTexto.\n");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.output());
    let page = site.page("notas/plan/");
    assert_eq!(page.text_of("article h1"), "Plan de Soporte");
    assert_eq!(
        page.select("article h1").len(),
        1,
        "the heading became the title, not a second h1"
    );
}

#[test]
fn page_without_heading_is_titled_by_its_file_name() {
    let site = TestSite::new().file("content/guia-de-turno.md", "Solo texto.\n");
    assert_eq!(site.build().code, 0);
    assert_eq!(
        site.page("guia-de-turno/").text_of("article h1"),
        "guia de turno"
    );
}

#[test]
fn front_matter_title_wins_and_the_heading_stays_in_the_body() {
    let site = TestSite::new().file(
        "content/a.md",
        "+++\ntitle = \"Desde front matter\"\n+++\n# Encabezado\n",
    );
    assert_eq!(site.build().code, 0);
    let page = site.page("a/");
    assert_eq!(page.text_of("article > header h1"), "Desde front matter");
    assert!(page.text_of(".body h1").starts_with("Encabezado"));
}

#[test]
fn bom_and_crlf_are_handled() {
    let site = TestSite::new().file(
        "content/a.md",
        b"\xEF\xBB\xBF+++\r\ntitle = \"Con BOM\"\r\n+++\r\n\r\n## Uno\r\n\r\n[roto](nada.md)\r\n",
    );
    let run = site.check();
    // The broken link is on line 7 of the file even with CRLF endings and a BOM.
    run.assert_finding("content/a.md:7:1:", "nada.md");
    let site = TestSite::new().file(
        "content/a.md",
        b"\xEF\xBB\xBF+++\r\ntitle = \"Con BOM\"\r\n+++\r\n\r\n## Uno\r\n",
    );
    assert_eq!(site.build().code, 0);
    let page = site.page("a/");
    assert_eq!(page.text_of("article h1"), "Con BOM");
    assert!(!page.text.contains('\u{feff}'));
}

#[test]
fn file_that_is_not_utf8_is_an_error_at_its_line_and_the_rest_is_still_checked() {
    let site = TestSite::new()
        .file("content/latin1.md", b"# Plan\n\nMantenci\xF3n mensual\n")
        .file("content/b.md", "# B\n\n[roto](no-existe.md)\n");
    let run = site.build();
    assert_eq!(run.code, 1);
    run.assert_finding("content/latin1.md:3:9: error:", "not UTF-8");
    run.assert_finding("content/b.md:3:1: error:", "no-existe.md");
    assert!(!site.public().exists(), "a failed build writes nothing");
}

#[test]
fn mis_encoded_text_is_a_warning_with_the_repair() {
    let site = TestSite::new().file(
        "content/plan.md",
        "# Plan de MantenciÃ³n\n\nTexto correcto: migración.\n\nArchivos hu√©rfanos.\n",
    );
    let run = site.build();
    assert_eq!(
        run.code,
        0,
        "warnings do not fail a build: {}",
        run.output()
    );
    run.assert_finding(
        "content/plan.md:1:",
        "\"MantenciÃ³n\" should read \"Mantención\"",
    );
    run.assert_finding(
        "content/plan.md:5:",
        "\"hu√©rfanos\" should read \"huérfanos\"",
    );
    assert_eq!(run.findings().len(), 2, "{}", run.output());
    assert_eq!(site.build().code, 0);
    let strict = site.run(&["build", "--strict"]);
    assert_eq!(strict.code, 1, "--strict makes warnings fail");
}

#[test]
fn malformed_front_matter_is_an_error_at_the_line_in_the_file() {
    let site = TestSite::new().file(
        "content/runbooks/a.md",
        "+++\ntitle = \"A\"\nlevel = = 2\n+++\n# A\n",
    );
    let run = site.check();
    assert_eq!(run.code, 1);
    run.assert_finding("content/runbooks/a.md:3:9: error:", "");
}

#[test]
fn unclosed_front_matter_is_an_error() {
    let site = TestSite::new().file("content/a.md", "+++\ntitle = \"A\"\n# A\n");
    site.check()
        .assert_finding("content/a.md:1:1: error:", "never closed");
}

#[test]
fn every_unknown_key_is_reported_with_its_line() {
    let site = TestSite::new().file(
        "content/runbooks/a.md",
        "+++\ntitle = \"A\"\nowner = \"ana\"\nseverity = \"high\"\ncolor = \"red\"\n+++\n",
    );
    // Keys it does not take are ignored, each with a warning at its line.
    let run = site.check();
    assert_eq!(run.code, 0);
    run.assert_finding(
        "content/runbooks/a.md:4:1: warning:",
        "`severity` is a postmortem field",
    );
    run.assert_finding(
        "content/runbooks/a.md:5:1: warning:",
        "unknown front matter key `color`",
    );
    assert_eq!(site.run(&["check", "--strict"]).code, 1);
    assert_eq!(run.findings().len(), 2, "{}", run.output());
}

#[test]
fn wrong_value_type_names_the_line() {
    let site = TestSite::new().file(
        "content/postmortems/a.md",
        "+++\ntitle = \"A\"\nstarted = \"ayer\"\n+++\n",
    );
    site.check()
        .assert_finding("content/postmortems/a.md:3:", "2025-10-04T22:00:00-03:00");
}

#[test]
fn kind_fields_are_shown_on_the_page() {
    let site = TestSite::new().file(
        "content/runbooks/a.md",
        "+++\ntitle = \"A\"\nlevel = 2\nowner = \"Equipo <backend>\"\nlast_reviewed = 2025-10-01\n+++\n",
    );
    assert_eq!(site.build().code, 0);
    let page = site.page("runbooks/a/");
    let facts = page.text_of(".facts");
    assert!(
        facts.contains("Nivel de soporte") && facts.contains('2'),
        "{facts}"
    );
    assert!(
        facts.contains("Equipo <backend>"),
        "escaped and shown as text: {facts}"
    );
    assert!(
        page.text.contains("Equipo &lt;backend>") || page.text.contains("Equipo &lt;backend&gt;")
    );
}

#[test]
fn unknown_config_key_names_key_and_line() {
    let site = TestSite::new()
        .file("bitacora.toml", "title = \"x\"\nlenguaje = \"es\"\n")
        .file("content/a.md", "# A\n");
    let run = site.check();
    assert_eq!(run.code, 1);
    run.assert_finding("bitacora.toml:2:1: error:", "lenguaje");
}

#[test]
fn config_language_english_changes_interface_words() {
    let site = TestSite::new()
        .file("bitacora.toml", "language = \"en\"\n")
        .file("content/a.md", "# A\n\n[b](b.md)\n")
        .file("content/b.md", "# B\n");
    assert_eq!(site.build().code, 0);
    let page = site.page("b/");
    assert_eq!(page.text_of(".backlinks h2"), "Referenced by");
    assert_eq!(page.select("html[lang=en]").len(), 1);
}
