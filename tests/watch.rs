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

    /// Reads what watch prints until it has been quiet for a second past
    /// its debounce, waiting out any rebuild that started meanwhile (a
    /// `changed:` line is followed by a result line).
    fn settle(&mut self) {
        let ended = |(e, l): &(bool, String)| {
            (!e && l.starts_with("built in ")) || (*e && l.starts_with("watch: the build failed"))
        };
        loop {
            match self.lines.recv_timeout(Duration::from_millis(1250)) {
                Ok(line) => {
                    let started = line.0 && line.1.starts_with("changed: ");
                    self.seen.push(line);
                    if started {
                        let limit = Instant::now() + Duration::from_secs(180);
                        while !self.seen.last().is_some_and(ended) {
                            let left = limit.saturating_duration_since(Instant::now());
                            match self.lines.recv_timeout(left) {
                                Ok(line) => self.seen.push(line),
                                Err(_) => panic!("a rebuild never ended: {:#?}", self.seen),
                            }
                        }
                    }
                }
                Err(_) => return,
            }
        }
    }

    fn builds(&mut self, count: usize) {
        self.wait_for(count, "PDF summary", |err, l| {
            !err && l.starts_with("pdf: ")
        });
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
    common::copy_dir(&book("minimal"), &src);
    let out = work.path().join("out");
    let mut w = Watcher::start(&src, &out);
    w.builds(1);
    w.wait_for(1, "watching line", |err, l| {
        err && l.starts_with("watching ")
    });
    assert_eq!(files(&out), clean_build(&src, &work.path().join("clean-1")));

    // Files the book does not read (a log of the watch itself, kept in the
    // book's folder, rebuilt it forever) are no reason to rebuild.
    fs::write(src.join("watch.log"), "a log line\n").unwrap();
    fs::write(src.join("TODO.txt"), "check the proofs\n").unwrap();
    fs::write(src.join("watch.log"), "a log line\nanother\n").unwrap();
    w.settle();
    assert!(
        !w.seen.iter().any(|(_, l)| l.starts_with("changed: ")),
        "no rebuild for files the book does not read: {:#?}",
        w.seen
    );

    // An edit: one more paragraph. The rebuild equals a clean build.
    // Every edit is saved whole (see `save`), counted from before it, and
    // the files are read only once watch is quiet: a change seen twice
    // (the editor's rename, then its metadata) rebuilds twice, and the
    // second rebuild's temporary files must not be taken for its output.
    let chapter = src.join("01-beginning.md");
    let mut text = fs::read_to_string(&chapter).unwrap();
    text.push_str("\nA paragraph added while watching, to see the rebuild.\n");
    let before = summaries(&w);
    save(&chapter, &text, 1);
    w.builds(before + 1);
    w.settle();
    let rebuilt = files(&out);
    assert_eq!(rebuilt, clean_build(&src, &work.path().join("clean-2")));
    assert_ne!(
        rebuilt,
        clean_build(&book("minimal"), &work.path().join("clean-0"))
    );

    // A broken edit: the error is printed, the good files stay.
    save(
        &chapter,
        "# Broken\n\nA note that is not there.[^gone]\n",
        2,
    );
    w.wait_for(1, "failure notice", |err, l| {
        err && l.contains("the last good editions are kept")
    });
    w.settle();
    assert!(
        w.seen
            .iter()
            .any(|(err, l)| *err && l.contains("01-beginning.md:3:26: error:")),
        "the located error is printed: {:#?}",
        w.seen
    );
    assert_eq!(files(&out), rebuilt, "the last good files are kept");

    // Fixed again: built again.
    let before = summaries(&w);
    save(&chapter, &text, 3);
    w.builds(before + 1);
    w.settle();
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
    // Long enough (seconds in a debug build) for the bar to appear: it
    // waits `progress::DELAY` (3 chapters were once set within it).
    let chapters = if cfg!(debug_assertions) { 8 } else { 40 };
    bookgen::repeated(chapters).write(&src).unwrap();
    let bin = env!("CARGO_BIN_EXE_bookpack");
    let out = work.path().join("out");
    // Through a pseudo-terminal (util-linux `script`): the bar is drawn.
    let command = format!("{bin} build {} -o {}", src.display(), out.display());
    // The bar from the start: a fast machine builds the book within the
    // usual delay.
    let o = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env(bookpack::progress::DELAY_VARIABLE, "0")
        .output()
        .expect("script (util-linux) runs");
    assert_exit(&o, 0);
    let tty = stdout(&o);
    // The bar, at whichever stage the build had reached when it appeared,
    // with the chapters counted.
    assert!(
        ["setting chapters", "writing the PDF"]
            .iter()
            .any(|stage| tty.contains(stage))
            && tty.contains(&format!("/{chapters}")),
        "no bar on a terminal: {tty}"
    );
    assert!(tty.contains("pdf: "), "the summary follows: {tty}");

    // Through pipes: no bar, no control characters, even with no delay.
    let o = Command::new(bin)
        .args(["build", src.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .env(bookpack::progress::DELAY_VARIABLE, "0")
        .output()
        .unwrap();
    assert_exit(&o, 0);
    let piped = format!("{}{}", stdout(&o), stderr(&o));
    assert!(
        !piped.contains("setting chapters") && !piped.contains("writing the PDF"),
        "{piped}"
    );
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

/// The lines `built in … s (…)` that watch prints after each good build.
fn built_lines(w: &Watcher) -> Vec<String> {
    w.seen
        .iter()
        .filter(|(err, l)| !err && l.starts_with("built in "))
        .map(|(_, l)| l.clone())
        .collect()
}

/// Edits `file` with `change` (edit number `n`, which names its clean
/// build's folder), waits for the rebuild it causes, and checks the files
/// equal a clean build's, byte for byte. Returns that rebuild's `built in`
/// line.
/// Saves `text` into `path` as editors save, whole: written beside the
/// book folder (where watch does not look), then renamed into it. A plain `fs::write` truncates first, and on
/// a loaded machine the test can be descheduled for longer than the
/// debounce between the truncation and the write, so watch rightly builds
/// the empty file first; that race is the editor's, not what these tests
/// are about.
fn save(path: &Path, text: &str, n: usize) {
    let book = path.parent().expect("a file in the book folder");
    let staged = book.with_extension(format!("staged-{n}"));
    fs::write(&staged, text).unwrap();
    fs::rename(&staged, path).unwrap();
}

/// How many PDF summaries watch has printed so far.
fn summaries(w: &Watcher) -> usize {
    w.seen
        .iter()
        .filter(|(err, l)| !err && l.starts_with("pdf: "))
        .count()
}

fn edit_and_compare(
    w: &mut Watcher,
    n: usize,
    src: &Path,
    out: &Path,
    clean: &Path,
    file: &str,
    change: impl Fn(String) -> String,
) -> String {
    let path = src.join(file);
    let text = fs::read_to_string(&path).unwrap();
    let changed = change(text.clone());
    assert_ne!(changed, text, "the edit of {file} changes it");
    // Counted from here: an earlier edit may have been built twice.
    let before = built_lines(w).len();
    save(&path, &changed, n);
    w.wait_for(before + 1, "built line", |err, l| {
        !err && l.starts_with("built in ")
    });
    let line = built_lines(w)[before].clone();
    // Any rebuild still on its way (a change seen late) must finish
    // before the files are compared.
    w.settle();
    assert_eq!(
        files(out),
        clean_build(src, &clean.join(n.to_string())),
        "after editing {file}, the rebuild ({line}) differs from a clean build"
    );
    line
}

#[test]
fn incremental_rebuilds_equal_clean_builds_byte_for_byte() {
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("book");
    bookgen::repeated(4).write(&src).unwrap();
    // Notes numbered through the book, so a note added early renumbers
    // every later chapter; a cross reference to chapter 1 from chapter 3,
    // so renaming chapter 1 reaches chapter 3.
    let toml = fs::read_to_string(src.join("book.toml")).unwrap();
    fs::write(
        src.join("book.toml"),
        format!("{toml}\n[notes]\nnumbering = \"book\"\n"),
    )
    .unwrap();
    let third = src.join("0003-chapter.md");
    let text = fs::read_to_string(&third).unwrap();
    fs::write(
        &third,
        format!("{text}\nAs told in [the first chapter](0001-chapter.md) [see @roe2001, p. 4].\n"),
    )
    .unwrap();
    // The works a bibliography will name (book.toml names none yet).
    fs::write(
        src.join("refs.bib"),
        "@book{roe2001, author = {Roe, Ann}, title = {Old Title}, publisher = {P}, year = {2001}}\n",
    )
    .unwrap();
    let out = work.path().join("out");
    let clean = work.path().join("clean");
    let mut w = Watcher::start(&src, &out);
    w.wait_for(1, "built line", |err, l| !err && l.starts_with("built in "));
    assert_eq!(files(&out), clean_build(&src, &clean.join("1")));

    // One paragraph of chapter 2 edited: only that chapter's file is
    // compressed again, and the editions equal a clean build.
    let line = edit_and_compare(&mut w, 2, &src, &out, &clean, "0002-chapter.md", |t| {
        t.replacen("diabolical plot", "devilish plot", 1)
    });
    assert!(
        line.contains("(1 of 5 PDF sections set anew, 1 of the EPUB's files compressed anew)"),
        "only the edited chapter is set and compressed again: {line}"
    );

    // A character new to the book in chapter 1: the glyph codes of the
    // later chapters' content streams shift, so their recorded pages are
    // refused and set again.
    let line = edit_and_compare(&mut w, 3, &src, &out, &clean, "0001-chapter.md", |t| {
        t + "\nA section sign, §, and a pilcrow, ¶, new to the book.\n"
    });
    assert!(line.contains("(5 of 5 PDF sections set anew"), "{line}");

    // A note more in chapter 1: the later chapters' notes renumber.
    edit_and_compare(&mut w, 4, &src, &out, &clean, "0001-chapter.md", |t| {
        t.replacen("diabolical plot", "diabolical plot[^watch-added]", 1)
            + "\n[^watch-added]: A note added while watching.\n"
    });

    // Chapter 1 renamed: the cross reference in chapter 3 follows.
    edit_and_compare(&mut w, 5, &src, &out, &clean, "0001-chapter.md", |t| {
        t.replacen(
            "# From Bucharest to Moscow, 1",
            "# From Tirana to Moscow",
            1,
        )
    });

    // The body size changed in book.toml: everything is set again.
    edit_and_compare(&mut w, 6, &src, &out, &clean, "book.toml", |t| {
        t.replacen("[notes]", "[pdf]\nfont-size = 10.5\n\n[notes]", 1)
    });

    // Notes at the foot of the pages, then a paragraph edited: the other
    // chapters, their page-foot notes with them, are replayed.
    edit_and_compare(&mut w, 7, &src, &out, &clean, "book.toml", |t| {
        t.replacen(
            "font-size = 10.5",
            "font-size = 10.5\nnotes = \"page-bottom\"",
            1,
        )
    });
    let line = edit_and_compare(&mut w, 8, &src, &out, &clean, "0002-chapter.md", |t| {
        t.replacen("devilish plot", "wicked plot", 1)
    });
    assert!(line.contains("(1 of 4 PDF sections set anew"), "{line}");

    // A bibliography named: the citation is set; then the work's title
    // changed in the .bib, which book.toml names: a rebuild.
    edit_and_compare(&mut w, 9, &src, &out, &clean, "book.toml", |t| {
        t + "\n[bibliography]\nfile = \"refs.bib\"\n"
    });
    edit_and_compare(&mut w, 10, &src, &out, &clean, "refs.bib", |t| {
        t.replacen("Old Title", "New Title", 1)
    });
    let epub = files(&out)
        .into_iter()
        .find(|(name, _)| name.ends_with(".epub"))
        .expect("an EPUB");
    let epub = common::inspect::Epub::open(&epub.1).unwrap();
    let last = epub
        .xhtml()
        .find(|(name, _)| name.ends_with("chapter-4.xhtml"))
        .map(|(_, text)| text.to_string())
        .unwrap();
    assert!(last.contains("<em>New Title</em>"), "{last}");

    // An index mark in chapter 2: the index appears after every chapter,
    // a section of the PDF and a file of the EPUB.
    edit_and_compare(&mut w, 11, &src, &out, &clean, "0002-chapter.md", |t| {
        t.replacen("wicked plot", "[wicked plot]{index=\"plots!wicked\"}", 1)
    });
    // Chapter 3 edited: chapter 2 is replayed from the cache, and the
    // pages of its marks with it, which the index prints.
    let line = edit_and_compare(&mut w, 12, &src, &out, &clean, "0003-chapter.md", |t| {
        t.replacen("diabolical plot", "fiendish plot", 1)
    });
    assert!(!line.contains("(5 of 5 PDF sections"), "{line}");

    // Chapters open on the next page, recto or verso; then a chapter
    // grown by a page turns every later chapter to the other side: their
    // recorded pages, mirrored for the side they were set on, must not be
    // replayed there.
    edit_and_compare(&mut w, 13, &src, &out, &clean, "book.toml", |t| {
        t.replacen("[pdf]", "[pdf]\nchapters-open = \"any\"", 1)
    });
    // How many paragraphs make chapter 1 an odd number of pages longer,
    // found on scratch copies outside the watched folder: chapter 2's
    // first page, from the PDF's outline, changes side.
    let second_opens_on = |files: &[(String, Vec<u8>)]| -> usize {
        let (_, pdf) = files.iter().find(|(n, _)| n.ends_with(".pdf")).unwrap();
        let toc = lopdf::Document::load_mem(pdf).unwrap().get_toc().unwrap();
        let entry = toc.toc.iter().find(|t| t.title.ends_with(", 2"));
        entry.expect("chapter 2 in the outline").page
    };
    let grown = |t: String, n: usize| {
        t + &"\nA paragraph added to make the chapter longer, so that the chapters \
              after it open on the other side of the leaf.\n"
            .repeat(n)
    };
    let before = second_opens_on(&files(&out));
    let n = (1..60)
        .find(|&n| {
            let scratch = work.path().join(format!("scratch-{n}"));
            common::copy_dir(&src, &scratch);
            let first = scratch.join("0001-chapter.md");
            fs::write(&first, grown(fs::read_to_string(&first).unwrap(), n)).unwrap();
            let built = clean_build(&scratch, &scratch.join("out"));
            (second_opens_on(&built) + before) % 2 == 1
        })
        .expect("some length of chapter 1 turns the later chapters over");
    let line = edit_and_compare(&mut w, 14, &src, &out, &clean, "0001-chapter.md", |t| {
        grown(t, n)
    });
    assert!(line.contains("PDF sections set anew"), "{line}");
    assert_eq!((second_opens_on(&files(&out)) + before) % 2, 1);

    // SAFETY: sends a signal to our own child process.
    let pid = libc::pid_t::try_from(w.child.id()).unwrap();
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    w.wait_for(1, "stop line", |err, l| err && l == "watch: stopped");
    assert!(w.child.wait().unwrap().success());
}
