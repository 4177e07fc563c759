//! The `bookpack` binary: parse the command line, call the library, exit.
//!
//! Exit codes: 0 success, 1 an error in the input, 2 a usage error (clap).

use clap::Parser;

// Setting a book allocates many small, short-lived buffers (glyph texts,
// shaping results); mimalloc serves them about a fifth faster than glibc's
// malloc, which the build benchmark shows.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = bookpack::cli::Cli::parse();
    bookpack::commands::run(cli.command)
}
