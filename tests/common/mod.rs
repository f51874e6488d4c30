//! A small fixture-site builder: write files into a temp folder, run the real binary.
#![allow(dead_code)]

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TestSite {
    dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl TestSite {
    pub fn new() -> Self {
        TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// Writes a file (any bytes) at a path relative to the site folder.
    pub fn file(self, rel: &str, contents: impl AsRef<[u8]>) -> Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// Runs `bitacora ARGS` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_bitacora"))
            .args(args)
            .current_dir(self.dir.path())
            .env("HOME", self.dir.path().join("no-home"))
            .output()
            .expect("run bitacora");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn check(&self) -> Run {
        self.run(&["check"])
    }

    /// The built page at a site URL (`runbooks/a/`), parsed.
    pub fn page(&self, url: &str) -> Page {
        let path = self.public().join(url).join("index.html");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{} not built: {e}", path.display()));
        Page {
            html: Html::parse_document(&text),
            text,
        }
    }

    /// An HTML file of the output that is no folder's index (`404.html`).
    pub fn html_file(&self, rel: &str) -> Page {
        let path = self.public().join(rel);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{} not built: {e}", path.display()));
        Page {
            html: Html::parse_document(&text),
            text,
        }
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }
}

impl Run {
    /// stdout and stderr together, for looking for findings.
    pub fn output(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Lines that are findings (`path:line:col: severity: message`).
    pub fn findings(&self) -> Vec<String> {
        self.output()
            .lines()
            .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
            .map(str::to_string)
            .collect()
    }

    pub fn assert_finding(&self, starts: &str, contains: &str) {
        assert!(
            self.findings()
                .iter()
                .any(|l| l.starts_with(starts) && l.contains(contains)),
            "no finding starting {starts:?} containing {contains:?} in:\n{}",
            self.output()
        );
    }
}

pub struct Page {
    pub html: Html,
    pub text: String,
}

impl Page {
    pub fn select(&self, css: &str) -> Vec<scraper::ElementRef<'_>> {
        let selector = Selector::parse(css).expect("selector");
        self.html.select(&selector).collect()
    }

    pub fn text_of(&self, css: &str) -> String {
        self.select(css)
            .first()
            .map(|e| e.text().collect::<String>().trim().to_string())
            .unwrap_or_else(|| panic!("no {css} in page"))
    }

    pub fn hrefs(&self) -> Vec<String> {
        self.select("a[href]")
            .iter()
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect()
    }
}

/// Every file under `dir` with its bytes, by path inside it.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Builds the repository's example portal into `out` at the tests' build date,
/// with `extra` flags; panics with bitacora's output when the build fails.
pub fn build_example(out: &Path, extra: &[&str]) {
    let build = Command::new(env!("CARGO_BIN_EXE_bitacora"))
        .args([
            "build",
            "--now",
            "2026-11-25",
            "--source",
            env!("CARGO_MANIFEST_DIR"),
        ])
        .args(extra)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
}
