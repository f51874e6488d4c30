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
    let now = match super::BuildTime::read(args.now.as_deref()) {
        Ok(when) => when.local(&config.timezone),
        Err(f) => {
            eprintln!("{f}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let made = match args.kind {
        NewKind::Postmortem => scaffold::postmortem(&args.title, now, &config),
        NewKind::Window => scaffold::window(&args.title, now, &config),
    };
    let Some(made) = made else {
        eprintln!("bitacora: error: the title `{}` has no letters or digits to name the file with\n  hint: give a title such as \"Caída de la API de pagos\"", args.title);
        return ExitCode::from(EXIT_USAGE);
    };
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
