//! The commands: each a short file wiring the pipeline, and the only place that prints.

mod build;
mod check;
mod fix_encoding;
mod new;
mod report;
mod serve;

use crate::cli::{BuildArgs, Cli, Command};
use std::process::ExitCode;

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        None => build::run(BuildArgs::current_folder()),
        Some(Command::Build(args)) => build::run(args),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::New(args)) => new::run(args),
        Some(Command::Serve(args)) => serve::run(args),
        Some(Command::FixEncoding(args)) => fix_encoding::run(args),
    }
}

/// Exit codes: 0 clean, 1 the content has errors, 2 usage.
pub(crate) const EXIT_CONTENT: u8 = 1;
pub(crate) const EXIT_USAGE: u8 = 2;

/// The output folder (`--output`, else `SOURCE/public`), refused when writing there
/// could destroy something (see `output::check`): the finding is printed.
pub(crate) fn output_folder(
    source: &std::path::Path,
    output: Option<&std::path::Path>,
) -> Result<std::path::PathBuf, ExitCode> {
    let out = output.map_or_else(|| source.join("public"), std::path::Path::to_path_buf);
    crate::output::check(source, &out).map_err(|f| {
        eprintln!("{f}");
        ExitCode::from(EXIT_USAGE)
    })?;
    Ok(out)
}
