use std::process::ExitCode;

fn main() -> ExitCode {
    bitacora::commands::run(bitacora::cli::parse())
}
