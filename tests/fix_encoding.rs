//! `bitacora fix-encoding`: the repaired text equals the original, files with
//! nothing to repair are not touched, and guesses are left for a person.

mod common;
use common::TestSite;
use std::time::{Duration, SystemTime};

/// A Spanish runbook with the characters that get damaged: accents, ñ, ¿¡, curly
/// quotes, dashes, ≤ ≥, emoji with and without a variation selector.
const ORIGINAL: &str = "+++\ntitle = \"Mantención de la réplica\"\n+++\n\n\
## 🔧 MANTENCIÓN PREVENTIVA\r\n\n\
- ¿Quién? El equipo de operación — “guardia” de turno.\n\
- Métricas: P95 ≤ 800 ms, uptime ≥ 99,5 %; año, pingüino, señal.\n\
- ⚠️ No reiniciar en horario hábil. ÉXITO: ✅\n\
Plain ASCII line, left alone.\n";

/// The original's UTF-8 bytes read as `encoding` and saved again as UTF-8.
fn misread(text: &str, encoding: &'static encoding_rs::Encoding) -> String {
    let (read, _, _) = encoding.decode(text.as_bytes());
    read.into_owned()
}

fn mtime(path: &std::path::Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn text_misread_as_windows_1252_or_mac_roman_is_repaired_to_the_original() {
    let cp1252 = misread(ORIGINAL, encoding_rs::WINDOWS_1252);
    let mac = misread(ORIGINAL, encoding_rs::MACINTOSH);
    // Read wrong twice (the bytes Windows-1252 leaves undefined aside).
    let simple = "## 🔧 MANTENCIÓN PREVENTIVA\n- Métricas: P95 ≤ 800 ms; año, pingüino.\n";
    let twice = misread(
        &misread(simple, encoding_rs::WINDOWS_1252),
        encoding_rs::WINDOWS_1252,
    );
    assert!(cp1252.contains("MantenciÃ³n") && mac.contains("Mantenci√≥n"));
    let site = TestSite::new()
        .file("content/a.md", &cp1252)
        .file("content/b.md", &mac)
        .file("content/c.md", &twice)
        .file("content/ok.md", ORIGINAL);
    let ok = site.path().join("content/ok.md");
    let past = SystemTime::now() - Duration::from_secs(3 * 86_400);
    std::fs::File::options()
        .write(true)
        .open(&ok)
        .unwrap()
        .set_modified(past)
        .unwrap();
    let before = mtime(&ok);

    // --check: the diff, exit 1, nothing written.
    let check = site.run(&["fix-encoding", "--check"]);
    assert_eq!(check.code, 1, "{}", check.output());
    assert!(
        check
            .stdout
            .contains("-## ðŸ”§ MANTENCIÃ“N PREVENTIVA\n+## 🔧 MANTENCIÓN PREVENTIVA\n"),
        "{}",
        check.stdout
    );
    assert!(check.stdout.contains("@@ -2 +2 @@\n-title = \"MantenciÃ³n de la rÃ©plica\"\n+title = \"Mantención de la réplica\"\n"), "{}", check.stdout);
    assert!(
        !check.stdout.contains("Plain ASCII"),
        "unchanged lines are not in the diff"
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join("content/a.md")).unwrap(),
        cp1252
    );

    let fix = site.run(&["fix-encoding"]);
    assert_eq!(fix.code, 0, "{}", fix.output());
    for name in ["a", "b"] {
        let repaired =
            std::fs::read_to_string(site.path().join(format!("content/{name}.md"))).unwrap();
        assert_eq!(repaired, ORIGINAL, "content/{name}.md");
    }
    let repaired = std::fs::read_to_string(site.path().join("content/c.md")).unwrap();
    assert_eq!(repaired, simple);
    // Nothing to repair: not written at all, the same bytes and time.
    assert_eq!(std::fs::read_to_string(&ok).unwrap(), ORIGINAL);
    assert_eq!(mtime(&ok), before);
    // No temporary file is left, and a second run finds nothing.
    let names: Vec<String> = std::fs::read_dir(site.path().join("content"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
    let again = site.run(&["fix-encoding", "--check"]);
    assert_eq!(again.code, 0, "{}", again.output());
    assert!(again.stdout.is_empty());
    // The build no longer warns.
    let build = site.build();
    assert!(
        !build.output().contains("mis-encoded"),
        "{}",
        build.output()
    );
}

#[test]
fn a_line_with_a_lost_byte_is_listed_for_a_person_and_certain_lines_are_repaired() {
    // "librerías" lost its 0xAD (a soft hyphen, dropped by an editor): "librerÃas".
    let text = "# Librer\u{C3}as\n\nMantenci\u{C3}\u{B3}n y m\u{C3}\u{A1}s.\nMantenci\u{C3}\u{B3}n de librer\u{C3}as\n";
    let site = TestSite::new().file("notes/plan.md", text);
    let path = site.path().join("notes/plan.md");
    let run = site.run(&["fix-encoding", "notes/plan.md"]);
    assert_eq!(run.code, 0, "{}", run.output());
    // A line with a guess in it stays as written, all of it.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# Librer\u{C3}as\n\nMantención y más.\nMantenci\u{C3}\u{B3}n de librer\u{C3}as\n"
    );
    assert!(run.stdout.contains("@@ -3 +3 @@\n"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("plan.md:1:9: needs a person: \"LibrerÃas\" may read \"Librerías\""),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("plan.md:4:"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("repaired 1 line in 1 file; 2 lines left for a person"),
        "{}",
        run.stderr
    );
    // What is left for a person is no change: --check passes.
    assert_eq!(site.run(&["fix-encoding", "--check", "notes"]).code, 0);
}

#[test]
fn a_path_that_does_not_exist_is_a_usage_error() {
    let site = TestSite::new();
    let run = site.run(&["fix-encoding", "nada.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("nada.md is neither a file nor a folder"),
        "{}",
        run.stderr
    );
}
