//! Releases: their versions, checked and compared as semantic versions.

mod common;
use common::TestSite;

fn release(name: &str, front: &str) -> (String, String) {
    (
        format!("content/releases/{name}.md"),
        format!("+++\ntitle = \"{name}\"\n{front}+++\n\nNotas.\n"),
    )
}

fn site(files: &[(String, String)]) -> TestSite {
    let mut site = TestSite::new();
    for (path, text) in files {
        site = site.file(path, text);
    }
    site
}

#[test]
fn versions_are_semantic_with_or_without_v() {
    let run = site(&[
        release("a", "version = \"2.3.0\"\n"),
        release("b", "version = \"v2.4.0-rc.1\"\nstatus = \"planned\"\n"),
    ])
    .check();
    assert_eq!(run.code, 0, "{}", run.output());
}

#[test]
fn a_version_that_is_not_semantic_is_an_error_saying_what_one_looks_like() {
    let run = site(&[release("a", "date = 2025-11-01\nversion = \"2.3\"\n")]).check();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/releases/a.md:4:1: error:",
        "`2.3` is not a semantic version",
    );
    assert!(
        run.output().contains("MAJOR.MINOR.PATCH"),
        "{}",
        run.output()
    );
    let run = site(&[release("a", "date = 2025-11-01\n")]).check();
    run.assert_finding(
        "content/releases/a.md:1:1: error:",
        "the release has no version",
    );
}

#[test]
fn two_files_with_one_version_are_an_error_naming_both() {
    let run = site(&[
        release("a", "version = \"2.3.0\"\n"),
        release("b", "version = \"v2.3.0\"\n"),
    ])
    .check();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/releases/b.md:3:1: error:",
        "version 2.3.0 is also content/releases/a.md",
    );
}

#[test]
fn an_unknown_status_lists_the_allowed_ones() {
    let run = site(&[release("a", "version = \"2.3.0\"\nstatus = \"lista\"\n")]).check();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/releases/a.md:4:1: error:",
        "unknown release status `lista`",
    );
    assert!(run
        .output()
        .contains("planned (planificada), deployed (desplegada), rolled-back (revertida)"));
}

#[test]
fn a_postmortem_naming_no_release_is_an_error_once_releases_exist() {
    let pm = (
        "content/postmortems/caida.md".to_string(),
        "+++\nseverity = \"high\"\nstarted = 2025-11-01T10:00:00Z\nrelease = \"v2.5.0\"\n+++\n"
            .to_string(),
    );
    let run = site(std::slice::from_ref(&pm)).check();
    assert_eq!(
        run.code,
        0,
        "a warning while there are no releases: {}",
        run.output()
    );
    run.assert_finding(
        "content/postmortems/caida.md:4:1: warning:",
        "names release `v2.5.0`",
    );
    let run = site(&[pm.clone(), release("a", "version = \"2.3.0\"\n")]).check();
    assert_eq!(run.code, 1);
    run.assert_finding(
        "content/postmortems/caida.md:4:1: error:",
        "names release `v2.5.0`",
    );
    // Named with a v, found without one: the card links it.
    let fixed = pm.1.replace("v2.5.0", "v2.3.0");
    let s = site(&[(pm.0.clone(), fixed), release("a", "version = \"2.3.0\"\n")]);
    let run = s.run(&["build", "--now", "2025-11-10"]);
    assert_eq!(run.code, 0, "{}", run.output());
    let card = s.page("postmortems/caida/");
    assert!(
        card.hrefs().contains(&"../../releases/a/".to_string()),
        "{:?}",
        card.hrefs()
    );
}
