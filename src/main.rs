//! The `bookpack` binary: parse the command line, call the library, exit.
//!
//! Exit codes: 0 success, 1 an error in the input, 2 a usage error (clap).

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = bookpack::cli::Cli::parse();
    bookpack::commands::run(cli.command)
}
