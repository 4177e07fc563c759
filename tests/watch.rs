//! `bookpack watch` (rebuilds on change, keeps the last good files on failure, stops cleanly on Ctrl-C) and the build's progress bar (on a terminal only) and `--quiet`.
//!
//! The watch test waits for what the process prints (each build's summary
//! lines), with generous limits, rather than sleeping for fixed times, so
//! a loaded machine makes it slower, not flaky.

#[path = "../benches/bookgen/mod.rs"]
mod bookgen;
mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use common::*;

/// A running `bookpack watch`, with its output lines as they come.
struct Watcher {
    child: Child,
    /// (from stderr?, line)
    lines: Receiver<(bool, String)>,
    seen: Vec<(bool, String)>,
}

impl Watcher {
    fn start(book: &Path, out: &Path) -> Watcher {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bookpack"))
            .args(["watch", book.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start bookpack watch");
        let (tx, rx) = mpsc::channel();
        let out_tx = tx.clone();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = out_tx.send((false, line));
            }
        });
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send((true, line));
            }
        });
        Watcher {
            child,
            lines: rx,
            seen: Vec::new(),
        }
    }

    /// Waits until `count` lines satisfy `want` in all output so far.
    fn wait_for(&mut self, count: usize, what: &str, want: impl Fn(bool, &str) -> bool) {
        let limit = Instant::now() + Duration::from_secs(180);
        loop {
            if self.seen.iter().filter(|(e, l)| want(*e, l)).count() >= count {
                return;
            }
            let left = limit.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.seen.push(line),
                Err(_) => {
                    let _ = self.child.kill();
                    panic!(
                        "no {what} (×{count}) from watch; it printed: {:#?}",
                        self.seen
                    );
                }
            }
        }
    }

    fn builds(&mut self, count: usize) {
        self.wait_for(count, "PDF summary", |err, l| {
            !err && l.starts_with("pdf: ")
        });
    }
}

fn copy_book(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// The files of `dir`, by name, with their bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    all.sort();
    all
}

fn clean_build(book: &Path, out: &Path) -> Vec<(String, Vec<u8>)> {
    let o = bookpack(&["build", book.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_exit(&o, 0);
    files(out)
}

#[test]
fn watch_rebuilds_on_change_keeps_good_files_on_failure_and_stops_on_ctrl_c() {
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("book");
    copy_book(&book("minimal"), &src);
    let out = work.path().join("out");
    let mut w = Watcher::start(&src, &out);
    w.builds(1);
    w.wait_for(1, "watching line", |err, l| {
        err && l.starts_with("watching ")
    });
    assert_eq!(files(&out), clean_build(&src, &work.path().join("clean-1")));

    // An edit: one more paragraph. The rebuild equals a clean build.
    let chapter = src.join("01-beginning.md");
    let mut text = fs::read_to_string(&chapter).unwrap();
    text.push_str("\nA paragraph added while watching, to see the rebuild.\n");
    fs::write(&chapter, &text).unwrap();
    w.builds(2);
    let rebuilt = files(&out);
    assert_eq!(rebuilt, clean_build(&src, &work.path().join("clean-2")));
    assert_ne!(
        rebuilt,
        clean_build(&book("minimal"), &work.path().join("clean-0"))
    );

    // A broken edit: the error is printed, the good files stay.
    fs::write(&chapter, "# Broken\n\nA note that is not there.[^gone]\n").unwrap();
    w.wait_for(1, "failure notice", |err, l| {
        err && l.contains("the last good editions are kept")
    });
    assert!(
        w.seen
            .iter()
            .any(|(err, l)| *err && l.contains("01-beginning.md:3:26: error:")),
        "the located error is printed: {:#?}",
        w.seen
    );
    assert_eq!(files(&out), rebuilt, "the last good files are kept");

    // Fixed again: built again.
    fs::write(&chapter, &text).unwrap();
    w.builds(3);
    assert_eq!(files(&out), rebuilt);

    // Ctrl-C: a clean stop, nothing left behind.
    // SAFETY: sends a signal to our own child process.
    let pid = libc::pid_t::try_from(w.child.id()).unwrap();
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    w.wait_for(1, "stop line", |err, l| err && l == "watch: stopped");
    let status = w.child.wait().unwrap();
    assert!(status.success(), "exit status after Ctrl-C: {status}");
    let names: Vec<String> = files(&out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names.len(),
        2,
        "only the two editions in the output: {names:?}"
    );
}

#[test]
fn progress_shows_on_a_terminal_only_and_quiet_prints_nothing() {
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("book");
    // Long enough (seconds in a debug build) for the bar to appear.
    bookgen::repeated(if cfg!(debug_assertions) { 3 } else { 40 })
        .write(&src)
        .unwrap();
    let bin = env!("CARGO_BIN_EXE_bookpack");
    let out = work.path().join("out");
    // Through a pseudo-terminal (util-linux `script`): the bar is drawn.
    let command = format!("{bin} build {} -o {}", src.display(), out.display());
    let o = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("script (util-linux) runs");
    assert_exit(&o, 0);
    let tty = stdout(&o);
    assert!(
        tty.contains("setting chapters"),
        "no bar on a terminal: {tty}"
    );
    assert!(tty.contains("pdf: "), "the summary follows: {tty}");

    // Through pipes: no bar, no control characters.
    let o = bookpack(&["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_exit(&o, 0);
    let piped = format!("{}{}", stdout(&o), stderr(&o));
    assert!(!piped.contains("setting chapters"), "{piped}");
    assert!(
        !piped.contains('\r') && !piped.contains('\u{1b}'),
        "{piped:?}"
    );

    // --quiet: a build with warnings prints nothing at all, and writes.
    let quiet_out = work.path().join("quiet");
    let o = bookpack(&[
        "build",
        book("raw-html").to_str().unwrap(),
        "-o",
        quiet_out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_exit(&o, 0);
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o), "", "warnings are silenced");
    assert_eq!(fs::read_dir(&quiet_out).unwrap().count(), 2);
    // …but errors are still printed.
    let o = bookpack(&[
        "build",
        book("undefined-note").to_str().unwrap(),
        "-o",
        quiet_out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("error: "), "{}", stderr(&o));
}
