//! The subcommands: each loads what it needs, runs a stage, reports.
//!
//! Diagnostics go to stderr as `path:line:col: severity: message`; results
//! (JSON, hyphenations) to stdout.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Command, DumpArgs};
use crate::diagnostics::{Diagnostics, Failure};
use crate::source;

/// Runs one subcommand and returns the process exit code.
pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Dump(args) => dump(args),
        Command::Build(_) | Command::Import(_) | Command::Hyphenate(_) => {
            eprintln!("bookpack: this command is not built yet");
            return ExitCode::from(1);
        }
    };
    match result {
        Ok(diags) => {
            print_diagnostics(&diags);
            ExitCode::SUCCESS
        }
        Err(Failure(diags)) => {
            print_diagnostics(&diags);
            ExitCode::from(1)
        }
    }
}

fn print_diagnostics(diags: &Diagnostics) {
    let mut err = std::io::stderr().lock();
    for d in diags.items() {
        let _ = writeln!(err, "{d}");
    }
}

fn dump(args: DumpArgs) -> Result<Diagnostics, Failure> {
    let dir = source::resolve_book_dir(args.book_dir.as_deref());
    let (book, diags) = source::load_book(&dir)?;
    let json = serde_json::to_string_pretty(&book).expect("the model serializes");
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{json}");
    Ok(diags)
}
