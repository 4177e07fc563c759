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
    if !matches!(cli.command, bookpack::cli::Command::Watch(_)) {
        never_purge();
    }
    bookpack::commands::run(cli.command)
}

/// mimalloc's `purge_delay` option: `mi_option_t` value 15 in both its
/// v2 and v3 (the enum keeps retired options' places, as it is ABI;
/// `purge_delay_is_option_15` below reads the default to be sure).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Keeps the memory a one-shot command frees for the allocator to reuse
/// rather than handing it back to the kernel. Purging (`madvise`, each
/// call a TLB shootdown across cores, costly in a VM) came in a burst as
/// the typesetting threads ended: 46 of a 10-chapter build's 65
/// `madvise` calls and ~7 ms of its CPU (`perf record`), on the build's
/// critical path. The process ends moments later and gives it all back;
/// the peak is the same. `watch` lives on between builds and purges as
/// usual.
fn never_purge() {
    // SAFETY: sets an allocator option; called before any thread starts.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Option 15 is `purge_delay`: its default is mimalloc v3's 1,000 ms
    /// (v2's 10), which no neighbouring option has (those are 0 or 1).
    #[test]
    fn purge_delay_is_option_15() {
        // SAFETY: reads an allocator option.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert!(delay == 1000 || delay == 10, "option 15 reads {delay}");
    }
}
