//! The output folder: safety, atomic swap, determinism, minification.

mod common;
use common::TestSite;

fn sample() -> TestSite {
    TestSite::new()
        .file("content/runbooks/a.md", "+++\ntitle = \"A\"\ntags = [\"db\"]\ndate = 2025-01-02\n+++\n\n## Uno\n## Dos\n## Tres\n\n```bash\necho hola\n```\n\n[b](../b.md)\n")
        .file("content/b.md", "# B\n\n[a](runbooks/a.md#dos)\n")
        .file("content/c.md", "# C\n\n- [ ] tarea\n")
        .file("content/kpis/x.csv", "a,b\n")
        .file("content/postmortems/p1.md", "+++\ntitle = \"P1\"\nseverity = \"high\"\nstarted = 2025-03-01T10:00:00Z\nresolved = 2025-03-01T12:00:00Z\nservices = [\"db\", \"api\"]\n\n[[actions]]\nwhat = \"x\"\nowner = \"Ana\"\ndue = 2025-04-01\n+++\n\n## Timeline\n\n- 10:00 empieza\n")
        .file("content/postmortems/p2.md", "+++\ntitle = \"P2\"\nseverity = \"low\"\nstarted = 2025-04-01T10:00:00Z\nservices = [\"api\"]\n+++\n")
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let site = sample();
    assert_eq!(site.build().code, 0);
    let first = common::snapshot(&site.public());
    assert_eq!(site.build().code, 0);
    let second = common::snapshot(&site.public());
    assert!(first.len() > 8, "{:?}", first.keys());
    for generated in [
        "metrics/incidents.json",
        "postmortems/atom.xml",
        "postmortems/metrics/index.html",
        "services/api/index.html",
        "tags/db/index.html",
    ] {
        assert!(
            first.contains_key(generated),
            "{generated} in {:?}",
            first.keys()
        );
    }
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first {
        assert!(second[name] == *bytes, "{name} differs between builds");
    }
}

#[test]
fn failed_build_leaves_previous_output_exactly_as_it_was() {
    let site = sample();
    assert_eq!(site.build().code, 0);
    let before = common::snapshot(&site.public());
    let site = site.file("content/roto.md", "# R\n\n[x](falta.md)\n");
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("left as it was"), "{}", run.stderr);
    assert_eq!(common::snapshot(&site.public()), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folders left: {leftovers:?}"
    );
}

#[test]
fn template_error_during_rendering_also_leaves_output_untouched() {
    let site = sample();
    assert_eq!(site.build().code, 0);
    let before = common::snapshot(&site.public());
    let site = site.file("templates/page.html", "{{ page.nope.deeper }}");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.output());
    assert_eq!(common::snapshot(&site.public()), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "the half-built site is gone: {leftovers:?}"
    );
}

/// Each refusal rule on its own: the folders carry the marker of a bitacora output,
/// so only the rule under test can refuse them.
#[test]
fn output_folder_that_is_the_source_or_its_parent_is_refused() {
    let site = sample();
    let parent = site.path().parent().unwrap().to_path_buf();
    for dir in [
        site.path().to_path_buf(),
        site.path().join("content"),
        site.path().join("static"),
    ] {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(".bitacora-output"), "").unwrap();
    }
    let cases = [
        (".", "site folder or one of its parents"),
        ("..", "site folder or one of its parents"),
        ("content", "inside content/"),
        ("content/sub", "inside content/"),
        ("static/site", "inside static/"),
        ("/", "filesystem root"),
    ];
    for (out, message) in cases {
        let run = site.run(&["build", "--output", out]);
        assert_eq!(run.code, 2, "{out}: {}", run.output());
        assert!(
            run.stderr.contains(message),
            "{out}: expected {message:?} in {}",
            run.stderr
        );
    }
    assert!(site.path().join("content/runbooks/a.md").exists());
    assert!(parent.join(site.path().file_name().unwrap()).exists());
}

#[test]
fn home_folder_is_refused_as_output() {
    let site = sample();
    let home = site.path().join("no-home");
    std::fs::create_dir_all(&home).unwrap();
    let run = site.run(&["build", "--output", home.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.output());
    assert!(run.stderr.contains("home folder"), "{}", run.stderr);
}

#[test]
fn existing_folder_not_written_by_bitacora_is_not_replaced() {
    let site = sample().file("docs/keep.txt", "mine");
    let run = site.run(&["build", "--output", "docs"]);
    assert_eq!(run.code, 2, "{}", run.output());
    assert_eq!(
        std::fs::read_to_string(site.path().join("docs/keep.txt")).unwrap(),
        "mine"
    );
    let run = site.run(&["build", "--output", "site-out"]);
    assert_eq!(run.code, 0, "{}", run.output());
    assert_eq!(
        site.run(&["build", "--output", "site-out"]).code,
        0,
        "its own output is replaced"
    );
}

#[test]
fn html_is_minified_unless_turned_off() {
    let site = sample();
    assert_eq!(site.build().code, 0);
    let minified = std::fs::read_to_string(site.public().join("c/index.html")).unwrap();
    let site = site.file("bitacora.toml", "minify = false\n");
    assert_eq!(site.build().code, 0);
    let plain = std::fs::read_to_string(site.public().join("c/index.html")).unwrap();
    assert!(
        minified.len() < plain.len(),
        "{} vs {}",
        minified.len(),
        plain.len()
    );
    assert!(
        plain.contains("\n<main"),
        "unminified keeps the template's line breaks"
    );
}

#[test]
fn builds_into_a_fresh_output_folder_and_prints_where_to_open_it() {
    let site = sample();
    let run = site.build();
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("built 5 pages"), "{}", run.stdout);
    assert!(run.stdout.contains("index.html"), "{}", run.stdout);
    assert!(site.exists("style.css") && site.exists("bitacora.js") && site.exists("syntax.css"));
}

#[test]
fn pages_from_site_templates_are_minified_too() {
    let site = sample().file(
        "templates/page.html",
        "<!doctype html>\n<html>\n  <body>\n    <main>\n      {{ page.html | safe }}\n    </main>\n  </body>\n</html>\n",
    );
    assert_eq!(site.build().code, 0);
    let html = std::fs::read_to_string(site.public().join("c/index.html")).unwrap();
    assert!(!html.contains("\n    <main>"), "{html}");
    assert!(html.contains("<main>"), "{html}");
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed() {
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(secret.path().join("id_rsa"), "secret").unwrap();
    let site = sample();
    std::os::unix::fs::symlink(secret.path(), site.path().join("content/llaves")).unwrap();
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.output());
    run.assert_finding("content/llaves: warning:", "symbolic link skipped");
    assert!(!site.exists("llaves/id_rsa"));
}
