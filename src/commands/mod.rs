//! The commands: each a short file wiring the pipeline, and the only place that prints.

mod build;
mod check;
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
    }
}

/// Exit codes: 0 clean, 1 the content has errors, 2 usage.
pub(crate) const EXIT_CONTENT: u8 = 1;
pub(crate) const EXIT_USAGE: u8 = 2;
