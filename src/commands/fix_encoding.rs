//! `bitacora fix-encoding [PATH…]`: repairs mis-encoded text in place where the
//! repair is certain, printing each change as a unified diff, and lists the lines
//! only a person can repair.

use super::{EXIT_CONTENT, EXIT_USAGE};
use crate::cli::FixEncodingArgs;
use crate::source::encoding;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Extensions repaired when a folder is walked.
const TEXT: [&str; 4] = ["md", "markdown", "csv", "toml"];

pub fn run(args: FixEncodingArgs) -> ExitCode {
    let roots = if args.paths.is_empty() {
        vec![args.source.join("content")]
    } else {
        args.paths.clone()
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for root in &roots {
        if root.is_file() {
            files.push(root.clone());
        } else if root.is_dir() {
            files.extend(
                walkdir::WalkDir::new(root)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|e| {
                        e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                    })
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_file())
                    .filter(|e| {
                        e.path()
                            .extension()
                            .and_then(|x| x.to_str())
                            .is_some_and(|x| TEXT.contains(&x.to_ascii_lowercase().as_str()))
                    })
                    .map(walkdir::DirEntry::into_path),
            );
        } else {
            eprintln!(
                "bitacora: error: {} is neither a file nor a folder\n  hint: give Markdown files or folders, or none for content/",
                root.display()
            );
            return ExitCode::from(EXIT_USAGE);
        }
    }
    let (mut changed_files, mut changed_lines, mut for_a_person, mut failed) = (0, 0, 0, 0);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in &files {
        let shown = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("{shown}: error: cannot read the file: {e}");
                failed += 1;
                continue;
            }
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            eprintln!("{shown}: warning: not UTF-8, left as it is\n  hint: this repairs UTF-8 text that was mis-read; convert the file to UTF-8 first (iconv -f WINDOWS-1252 -t UTF-8)");
            continue;
        };
        let repaired = encoding::repair_text_certain(text);
        if repaired != text {
            let diff = diff(&shown, text, &repaired);
            changed_lines += diff.1;
            let _ = out.write_all(diff.0.as_bytes());
            changed_files += 1;
            if !args.check {
                if let Err(e) = replace(path, repaired.as_bytes()) {
                    eprintln!("{shown}: error: cannot write the repaired file: {e}; it was left as it was");
                    failed += 1;
                }
            }
        }
        for (i, line) in repaired.lines().enumerate() {
            if let Some(r) = encoding::repair_line(line) {
                for_a_person += 1;
                // Markdown around the word (`**`, `(`, `:`) is not part of the damage.
                let edge = |c: char| c.is_ascii_punctuation();
                eprintln!(
                    "{shown}:{}:{}: needs a person: \"{}\" may read \"{}\", but a byte of it was lost and cannot be put back with certainty; retype it",
                    i + 1,
                    r.col,
                    r.damaged.trim_matches(edge),
                    r.repaired.trim_matches(edge)
                );
            }
        }
    }
    let _ = out.flush();
    let verb = if args.check {
        "would repair"
    } else {
        "repaired"
    };
    eprintln!(
        "bitacora: {verb} {changed_lines} line{} in {changed_files} file{}; {for_a_person} line{} left for a person",
        plural(changed_lines),
        plural(changed_files),
        plural(for_a_person)
    );
    if failed > 0 || (args.check && changed_files > 0) {
        ExitCode::from(EXIT_CONTENT)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A unified diff of the changed lines (no context), and how many changed.
fn diff(shown: &str, before: &str, after: &str) -> (String, usize) {
    let mut text = format!("--- {shown}\n+++ {shown}\n");
    let mut count = 0;
    for (i, (a, b)) in before.lines().zip(after.lines()).enumerate() {
        if a != b {
            count += 1;
            text.push_str(&format!("@@ -{0} +{0} @@\n-{a}\n+{b}\n", i + 1));
        }
    }
    (text, count)
}

/// Writes `bytes` over `path` through a temporary file beside it and a rename, so
/// that the file is either the old one or the new one whatever happens; the
/// file's permissions are kept.
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.bitacora-tmp"));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::set_permissions(&tmp, std::fs::metadata(path)?.permissions())?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
