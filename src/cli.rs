//! The command line.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "bitacora",
    version,
    about = "Builds an operations portal from Markdown runbooks, postmortems, maintenance windows, releases and KPI exports.",
    after_help = "Without a command, `bitacora` builds the site in the current folder (same as `bitacora build`).\nExit codes: 0 no errors, 1 the content has errors (with --strict, warnings too), 2 usage error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the content and write the site (into public/ by default).
    Build(BuildArgs),
    /// Check the content and report every finding, without writing anything.
    Check(CheckArgs),
    /// Build, serve the site on 127.0.0.1 and rebuild on every change, reloading open pages.
    Serve(ServeArgs),
    /// Start a new document with its front matter and sections, in the site's language.
    New(NewArgs),
    /// Repair text saved as UTF-8 after being read as Windows-1252 or Mac Roman, in place.
    FixEncoding(FixEncodingArgs),
}

#[derive(Debug, Args)]
pub struct FixEncodingArgs {
    /// Files or folders to repair [default: SOURCE/content]. Folders are walked for
    /// .md, .markdown, .csv and .toml files; hidden ones are skipped.
    pub paths: Vec<PathBuf>,
    /// The site folder, whose content/ is repaired when no path is given.
    #[arg(long, short, value_name = "DIR", default_value = ".")]
    pub source: PathBuf,
    /// Report what would change without writing (exit 1 if anything would).
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to write.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// Its title, the file is named after it; for a release, its version (2.4.0).
    pub title: String,
    /// The site folder: holds bitacora.toml and content/.
    #[arg(long, short, value_name = "DIR", default_value = ".")]
    pub source: PathBuf,
    /// Print the file instead of writing it.
    #[arg(long)]
    pub dry_run: bool,
    /// When it happens: 2025-11-10 or RFC 3339 [default: SOURCE_DATE_EPOCH if set, else now].
    #[arg(long, value_name = "DATE")]
    pub now: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// A procedure with its steps and checks: content/runbooks/title.md
    Runbook,
    /// An incident report: content/postmortems/YYYY-MM-DD-title.md
    Postmortem,
    /// A maintenance window, three days ahead: content/windows/YYYY-MM-DD-title.md
    Window,
    /// A planned release with the deployment checklist: content/releases/vX-Y-Z.md
    Release,
}

#[derive(Debug, Args, Default)]
pub struct BuildArgs {
    /// The site folder: holds bitacora.toml and content/.
    #[arg(long, short, value_name = "DIR", default_value = ".")]
    pub source: PathBuf,
    /// Where to write the site [default: SOURCE/public].
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The URL the site is published at, instead of base_url in bitacora.toml.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// The build date, for what is overdue or stale: 2025-11-10 or RFC 3339
    /// [default: SOURCE_DATE_EPOCH if set, else today].
    #[arg(long, value_name = "DATE")]
    pub now: Option<String>,
    /// Build pages marked as drafts (`draft: true`) too.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder: holds bitacora.toml and content/.
    #[arg(long, short, value_name = "DIR", default_value = ".")]
    pub source: PathBuf,
    /// Where to write the site [default: SOURCE/public].
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The port on 127.0.0.1.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// The build date, for what is overdue or stale: 2025-11-10 or RFC 3339
    /// [default: SOURCE_DATE_EPOCH if set, else today].
    #[arg(long, value_name = "DATE")]
    pub now: Option<String>,
    /// Build pages marked as drafts (`draft: true`) too.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site folder: holds bitacora.toml and content/.
    #[arg(long, short, value_name = "DIR", default_value = ".")]
    pub source: PathBuf,
    /// How to report the findings.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// The build date, for what is overdue or stale: 2025-11-10 or RFC 3339
    /// [default: SOURCE_DATE_EPOCH if set, else today].
    #[arg(long, value_name = "DATE")]
    pub now: Option<String>,
    /// Build pages marked as drafts (`draft: true`) too.
    #[arg(long)]
    pub drafts: bool,
    /// List, for each file, the conventions of other generators it relies on
    /// (YAML front matter, section index files, Hugo refs, admonitions...).
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Junit,
}

pub fn parse() -> Cli {
    Cli::parse()
}

impl BuildArgs {
    pub fn current_folder() -> Self {
        BuildArgs {
            source: PathBuf::from("."),
            ..BuildArgs::default()
        }
    }
}
