//! Build progress on a terminal: a bar of chapters set, then the stage being run; nothing when stderr is not a terminal.
//!
//! A short build shows nothing: the bar appears only once a build has run
//! for [`DELAY`], so the first book's build (a tenth of a second) prints
//! exactly what it printed before. CI logs and pipes never see it, and
//! `--quiet` turns it off. The bar never affects the output files.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Builds shorter than this show no bar.
pub const DELAY: Duration = Duration::from_millis(800);

/// The variable that sets another delay, in milliseconds (`0`: the bar
/// from the start, as a test through a pseudo-terminal needs whatever
/// the machine's speed).
pub const DELAY_VARIABLE: &str = "BOOKPACK_PROGRESS_DELAY_MS";

/// [`DELAY`], or what [`DELAY_VARIABLE`] says when it holds a number.
fn delay() -> Duration {
    std::env::var(DELAY_VARIABLE)
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .map_or(DELAY, Duration::from_millis)
}

/// A build's progress: chapters set, then named stages.
pub struct Progress {
    /// `None` when nothing is ever drawn (not a terminal, quiet, a library caller).
    bar: Option<ProgressBar>,
    started: Instant,
    /// How long a build runs before the bar shows.
    delay: Duration,
    shown: AtomicBool,
}

impl Progress {
    /// Reports nothing: for library callers, tests and benchmarks.
    pub fn none() -> Progress {
        Progress {
            bar: None,
            started: Instant::now(),
            delay: DELAY,
            shown: AtomicBool::new(false),
        }
    }

    /// On stderr when it is a terminal and `quiet` is off; else nothing.
    pub fn stderr(quiet: bool) -> Progress {
        let mut progress = Progress::none();
        if !quiet && std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            progress.bar = Some(bar);
            progress.delay = delay();
        }
        progress
    }

    /// The book has `total` chapters to set.
    pub fn chapters(&self, total: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(total as u64);
            bar.set_position(0);
            bar.set_message("setting chapters");
            self.show_if_slow(bar);
        }
    }

    /// One more chapter is set.
    pub fn chapter_set(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            self.show_if_slow(bar);
        }
    }

    /// A stage after the chapters (`writing the PDF`, …).
    pub fn stage(&self, message: &'static str) {
        if let Some(bar) = &self.bar {
            bar.set_message(message);
            self.show_if_slow(bar);
        }
    }

    /// Clears the bar (before the summary lines are printed).
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// Whether the bar has been drawn (tests).
    pub fn shown(&self) -> bool {
        self.shown.load(Ordering::Relaxed)
    }

    fn show_if_slow(&self, bar: &ProgressBar) {
        if self.started.elapsed() >= self.delay && !self.shown.swap(true, Ordering::Relaxed) {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_drawn_without_a_terminal_or_when_quiet() {
        // Tests run with stderr captured or piped: never a terminal here.
        for quiet in [false, true] {
            let p = Progress::stderr(quiet);
            assert!(p.bar.is_none());
            p.chapters(3);
            p.chapter_set();
            p.stage("writing the PDF");
            assert!(!p.shown());
        }
    }
}
