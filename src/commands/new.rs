//! `bitacora new KIND TITLE`: writes a new document with its front matter and
//! sections, never over an existing file.

use super::{EXIT_CONTENT, EXIT_USAGE};
use crate::cli::{NewArgs, NewKind};
use crate::config::Config;
use crate::content::scaffold;
use std::io::Write as _;
use std::process::ExitCode;

pub fn run(args: NewArgs) -> ExitCode {
    let config = match Config::load(&args.source) {
        Ok(config) => config,
        Err(f) => {
            eprintln!("{f}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let now = match crate::workspace::BuildTime::read(args.now.as_deref()) {
        Ok(when) => when.local(&config.timezone),
        Err(f) => {
            eprintln!("{f}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let made = match args.kind {
        NewKind::Runbook => scaffold::runbook(&args.title, now, &config),
        NewKind::Postmortem => scaffold::postmortem(&args.title, now, &config),
        NewKind::Window => scaffold::window(&args.title, now, &config),
        NewKind::Release => return release(&args, now, &config),
    };
    let Some(made) = made else {
        eprintln!("bitacora: error: the title `{}` has no letters or digits to name the file with\n  hint: give a title such as \"Caída de la API de pagos\"", args.title);
        return ExitCode::from(EXIT_USAGE);
    };
    write(&args, &made)
}

/// A release: its version checked, not given by another file already, and its
/// checklist copied from the runbook the config names.
fn release(
    args: &NewArgs,
    now: chrono::DateTime<chrono::FixedOffset>,
    config: &Config,
) -> ExitCode {
    let content = args.source.join("content");
    let runbook = match &config.releases.checklist {
        Some(rel) => match std::fs::read_to_string(content.join(rel)) {
            Ok(text) => Some((rel.as_str(), text)),
            Err(e) => {
                eprintln!("bitacora: error: cannot read the checklist runbook content/{rel} named by [releases] checklist in bitacora.toml: {e}\n  hint: fix the path, or remove the key to use the usual checklist");
                return ExitCode::from(EXIT_USAGE);
            }
        },
        None => None,
    };
    let made = scaffold::release(
        &args.title,
        now,
        config,
        runbook
            .as_ref()
            .map(|(rel, text)| scaffold::Runbook { rel, text }),
    );
    let made = match made {
        Ok(made) => made,
        Err(message) => {
            eprintln!("bitacora: error: {message}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if let Some(other) = release_file(&content, &args.title) {
        eprintln!(
            "bitacora: error: content/{other} already gives version {}; nothing was written\n  hint: edit that file, or give another version",
            args.title
        );
        return ExitCode::from(EXIT_CONTENT);
    }
    write(args, &made)
}

/// The release file under `content/` (under `releases/`, or of kind `release`)
/// whose front matter gives `version`, if any.
fn release_file(content: &std::path::Path, version: &str) -> Option<String> {
    let wanted = crate::content::release::parse_version(version)?;
    let mut ignored = Vec::new();
    crate::source::walk(content, &mut ignored, "content")
        .into_iter()
        .filter(|rel| crate::source::is_markdown(rel))
        .find(|rel| {
            let Ok(text) = std::fs::read_to_string(content.join(rel)) else {
                return false;
            };
            let Ok(split) = crate::source::frontmatter::split(&text) else {
                return false;
            };
            let Some(front) = split.front else {
                return false;
            };
            let Ok(table) = toml::from_str::<toml::Table>(front) else {
                return false;
            };
            let kind = table.get("kind").and_then(|k| k.as_str());
            let is_release = match kind {
                Some(kind) => kind == "release",
                None => rel.starts_with("releases/"),
            };
            is_release
                .then(|| table.get("version")?.as_str().map(str::to_string))
                .flatten()
                .and_then(|v| crate::content::release::parse_version(&v))
                == Some(wanted.clone())
        })
}

/// Prints the file (`--dry-run`) or writes it, never over an existing one.
fn write(args: &NewArgs, made: &scaffold::Scaffold) -> ExitCode {
    if args.dry_run {
        println!("# {}\n{}", made.path, made.text);
        return ExitCode::SUCCESS;
    }
    let path = args.source.join(&made.path);
    if let Some(dir) = path.parent() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("bitacora: error: cannot create {}: {e}", dir.display());
            return ExitCode::from(EXIT_CONTENT);
        }
    }
    // create_new: an existing file, even one made a moment ago by someone else, is
    // never overwritten.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut file| file.write_all(made.text.as_bytes()));
    match written {
        Ok(()) => {
            println!("bitacora: wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "bitacora: error: {} already exists; nothing was written\n  hint: edit that file, or give another title",
                path.display()
            );
            ExitCode::from(EXIT_CONTENT)
        }
        Err(e) => {
            eprintln!("bitacora: error: cannot write {}: {e}", path.display());
            ExitCode::from(EXIT_CONTENT)
        }
    }
}
