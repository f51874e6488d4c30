//! The command line: commands, exit codes, report formats.

mod common;
use common::TestSite;

#[test]
fn bare_command_builds_the_current_folder() {
    let site = TestSite::new().file("content/a.md", "# A\n");
    let run = site.run(&[]);
    assert_eq!(run.code, 0, "{}", run.output());
    assert!(site.exists("a/index.html"));
}

#[test]
fn usage_errors_exit_2() {
    let site = TestSite::new().file("content/a.md", "# A\n");
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, 2);
    assert_eq!(site.run(&["check", "--format", "xml"]).code, 2);
    let run = site.run(&["build", "--source", "nowhere"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    let empty = TestSite::new();
    let run = empty.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no content/ folder"), "{}", run.stderr);
}

#[test]
fn help_is_there_for_each_command() {
    let site = TestSite::new();
    let run = site.run(&["--help"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("build") && run.stdout.contains("check"),
        "{}",
        run.stdout
    );
    for command in ["build", "check"] {
        let run = site.run(&[command, "--help"]);
        assert_eq!(run.code, 0);
        assert!(run.stdout.contains("--source"), "{command}: {}", run.stdout);
    }
}

#[test]
fn check_writes_nothing_and_reports_all_findings_sorted() {
    let site = TestSite::new()
        .file("content/b.md", "# B\n\n[x](uno.md)\n\n[y](dos.md)\n")
        .file("content/a.md", "# A\n\n[x](tres.md)\n");
    let run = site.check();
    assert_eq!(run.code, 1);
    let findings = run.findings();
    assert_eq!(findings.len(), 3, "{}", run.output());
    assert!(findings[0].starts_with("content/a.md:3:"));
    assert!(findings[1].starts_with("content/b.md:3:"));
    assert!(findings[2].starts_with("content/b.md:5:"));
    assert!(
        run.stdout.contains("3 errors, 0 warnings"),
        "{}",
        run.stdout
    );
    assert!(!site.public().exists());
}

/// The schema the JSON report follows, as documented.
fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/findings.schema.json"
    ))
    .unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).expect("a valid schema")
}

/// A site with an error and a warning in one file, an error in another, a
/// postmortem error and a clean page.
fn mixed_site() -> TestSite {
    TestSite::new()
        .file("bitacora.toml", "[links]\nbroken = \"error\"\n")
        .file(
            "content/a.md",
            "# A\n\n[x](nada.md) [y](otra.md)\n\nMantenci\u{C3}\u{B3}n\n",
        )
        .file(
            "content/postmortems/p.md",
            "+++\ntitle = \"P\"\nseverity = \"enorme\"\nstarted = 2025-11-03T10:00:00Z\n+++\n# P\n",
        )
        .file("content/ok.md", "# Ok\n")
}

#[test]
fn check_json_follows_the_documented_schema_with_stable_codes() {
    let site = mixed_site();
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let validator = schema();
    let problems: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(problems.is_empty(), "{problems:?}\n{}", run.stdout);
    assert_eq!(
        (v["errors"].as_u64(), v["warnings"].as_u64()),
        (Some(3), Some(1))
    );
    let codes: Vec<(&str, &str, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap(),
                f["path"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("link.broken", "content/a.md", 3),
            ("link.broken", "content/a.md", 3),
            ("file.mis-encoded", "content/a.md", 5),
            ("postmortem.severity", "content/postmortems/p.md", 3),
        ]
    );
    // The schema can fail: an unknown code, a missing field, a stray one.
    let mut bad = v.clone();
    bad["findings"][0]["code"] = "broken-link".into();
    assert!(!validator.is_valid(&bad));
    let mut bad = v.clone();
    bad["findings"][0].as_object_mut().unwrap().remove("line");
    assert!(!validator.is_valid(&bad));
    let mut bad = v;
    bad["findings"][0]["extra"] = 1.into();
    assert!(!validator.is_valid(&bad));
    // A clean run is valid too, with nothing in it.
    let clean = TestSite::new().file("content/a.md", "# A\n");
    let run = clean.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(validator.is_valid(&v));
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
}

/// A JUnit test case parsed back: its file, its failures' types, whether it has output.
type Case = (String, Vec<String>, bool);

/// The JUnit report parsed back: its cases, and the totals of tests and failures.
fn junit_cases(xml: &str) -> (Vec<Case>, u64, u64) {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let cases = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|case| {
            let failures = case
                .children()
                .filter(|c| c.has_tag_name("failure"))
                .map(|f| f.attribute("type").unwrap().to_string())
                .collect();
            let output = case.children().any(|c| c.has_tag_name("system-out"));
            (
                case.attribute("name").unwrap().to_string(),
                failures,
                output,
            )
        })
        .collect();
    let number = |name: &str| root.attribute(name).unwrap().parse().unwrap();
    (cases, number("tests"), number("failures"))
}

#[test]
fn check_junit_has_a_case_per_file_and_a_failure_per_error() {
    let site = mixed_site();
    let run = site.run(&["check", "--format", "junit"]);
    assert_eq!(run.code, 1);
    let (cases, tests, failures) = junit_cases(&run.stdout);
    let case = |name: &str, failures: &[&str], output: bool| {
        (
            name.to_string(),
            failures.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
            output,
        )
    };
    assert_eq!(
        cases,
        [
            case("bitacora.toml", &[], false),
            case("content/a.md", &["link.broken", "link.broken"], true),
            case("content/ok.md", &[], false),
            case("content/postmortems/p.md", &["postmortem.severity"], false),
        ]
    );
    assert_eq!((tests, failures), (4, 2));
    // With --strict the warning fails its case too.
    let strict = site.run(&["check", "--format", "junit", "--strict"]);
    let (cases, _, _) = junit_cases(&strict.stdout);
    assert_eq!(
        cases[1],
        case(
            "content/a.md",
            &["link.broken", "link.broken", "file.mis-encoded"],
            false
        )
    );
    // A clean site: every file a passing case.
    let clean = TestSite::new().file("content/a.md", "# A\n");
    let run = clean.run(&["check", "--format", "junit"]);
    assert_eq!(run.code, 0);
    let (cases, tests, failures) = junit_cases(&run.stdout);
    assert_eq!((cases.len(), tests, failures), (2, 2, 0));
}

#[test]
fn clean_site_exits_0_and_strict_fails_on_warnings() {
    let site = TestSite::new().file("content/a.md", "# A\n");
    assert_eq!(site.check().code, 0);
    let site = site.file("content/b.md", "# MantenciÃ³n\n");
    assert_eq!(site.check().code, 0);
    assert_eq!(site.run(&["check", "--strict"]).code, 1);
}

#[test]
fn serve_says_so_when_its_port_is_taken() {
    let site = TestSite::new().file("content/a.md", "# A\n");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = site.run(&["serve", "--port", &port]);
    assert_eq!(run.code, 2, "{}", run.output());
    assert!(
        run.output()
            .contains(&format!("port {port} on 127.0.0.1 is taken")),
        "{}",
        run.output()
    );
    assert!(run.output().contains("--port"), "{}", run.output());
    assert!(
        !site.exists("index.html"),
        "nothing is built when it cannot serve"
    );
}
