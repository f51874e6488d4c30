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

#[test]
fn check_json_is_machine_readable() {
    let site = TestSite::new().file("content/a.md", "# A\n\n[x](nada.md)\n");
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(v["errors"], 1);
    let f = &v["findings"][0];
    assert_eq!(f["path"], "content/a.md");
    assert_eq!(f["line"], 3);
    assert_eq!(f["severity"], "error");
    assert!(f["hint"].as_str().is_some());
}

#[test]
fn check_junit_has_a_failure_per_error() {
    let site = TestSite::new().file("content/a.md", "# A\n\n[x](nada.md) [y](otra.md)\n");
    let run = site.run(&["check", "--format", "junit"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.starts_with("<?xml"));
    assert_eq!(run.stdout.matches("<failure").count(), 2, "{}", run.stdout);
    assert_eq!(
        run.stdout.matches("<testcase").count(),
        2,
        "one case per finding: {}",
        run.stdout
    );
    assert!(
        run.stdout.contains("name=\"content/a.md:3:1 broken-link\""),
        "{}",
        run.stdout
    );
    let clean = TestSite::new().file("content/a.md", "# A\n");
    let run = clean.run(&["check", "--format", "junit"]);
    assert_eq!(run.code, 0);
    assert!(
        !run.stdout.contains("<failure") && run.stdout.contains("<testcase"),
        "{}",
        run.stdout
    );
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
