//! `bookpack build`: outputs, atomic replacement, reproducibility, --deny-warnings.

#[path = "../benches/bookgen/mod.rs"]
mod bookgen;
mod common;
use common::*;
use std::fs;
use std::process::Command;

fn build(
    book_dir: &std::path::Path,
    out: &std::path::Path,
    extra: &[&str],
) -> std::process::Output {
    let mut args = vec![
        "build",
        book_dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    bookpack(&args)
}

/// A copy of the minimal fixture book, in `book/` of a new temporary
/// folder (returned with the book's path), to edit between builds.
fn minimal_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let work = tempfile::tempdir().unwrap();
    let book_dir = work.path().join("book");
    fs::create_dir(&book_dir).unwrap();
    for f in ["book.toml", "01-beginning.md"] {
        fs::copy(book("minimal").join(f), book_dir.join(f)).unwrap();
    }
    (work, book_dir)
}

#[test]
fn epub_flag_builds_only_the_epub_and_rebuilds_are_identical() {
    let out = tempfile::tempdir().unwrap();
    let o = build(&book("minimal"), out.path(), &["--epub"]);
    assert_exit(&o, 0);
    let epub = out.path().join("a-minimal-book.epub");
    assert!(
        stdout(&o).contains("epub: "),
        "summary line: {}",
        stdout(&o)
    );
    let first = fs::read(&epub).unwrap();
    assert!(!out.path().join("a-minimal-book.pdf").exists());
    let o = build(&book("minimal"), out.path(), &["--epub"]);
    assert_exit(&o, 0);
    assert_eq!(fs::read(&epub).unwrap(), first, "byte-identical rebuild");
}

#[test]
fn a_failed_build_keeps_the_previous_good_file() {
    let (work, book_dir) = minimal_copy();
    let out = work.path().join("out");
    assert_exit(&build(&book_dir, &out, &["--epub"]), 0);
    let epub = out.join("a-minimal-book.epub");
    let good = fs::read(&epub).unwrap();

    fs::write(
        book_dir.join("01-beginning.md"),
        "# Broken\n\nA note that is not there.[^gone]\n",
    )
    .unwrap();
    let o = build(&book_dir, &out, &["--epub"]);
    assert_exit(&o, 1);
    assert!(
        has_located_message(&stderr(&o), "01-beginning.md", 3, 26, "error"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read(&epub).unwrap(), good, "previous file untouched");
    let names: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary files left: {names:?}");
}

/// An output that cannot be written is found before anything is: a
/// folder where the PDF goes, or a `--report` path that cannot be made,
/// fails the build with the previous editions as they were (a reviewer
/// found the EPUB replaced, the PDF not, and exit 1; and both editions
/// written before the report failed).
#[test]
fn an_output_that_cannot_be_written_fails_before_any_edition_is_replaced() {
    let (work, book_dir) = minimal_copy();
    let out = work.path().join("out");
    assert_exit(&build(&book_dir, &out, &[]), 0);
    let epub = out.join("a-minimal-book.epub");
    let good = fs::read(&epub).unwrap();
    let chapter = book_dir.join("01-beginning.md");
    let text = fs::read_to_string(&chapter).unwrap();
    fs::write(&chapter, format!("{text}\nA paragraph added since.\n")).unwrap();
    let pdf = out.join("a-minimal-book.pdf");
    fs::remove_file(&pdf).unwrap();
    fs::create_dir(&pdf).unwrap();
    let o = build(&book_dir, &out, &[]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("a folder of that name is in the way"), "{err}");
    assert!(err.contains("build into another folder with -o"), "{err}");
    assert_eq!(fs::read(&epub).unwrap(), good, "the EPUB was replaced");
    let mut names: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["a-minimal-book.epub", "a-minimal-book.pdf"]);

    // A report under a file (not a folder) cannot be written.
    let fresh = work.path().join("fresh");
    let report = book_dir.join("book.toml").join("report.json");
    let o = build(&book_dir, &fresh, &["--report", report.to_str().unwrap()]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("report.json: error: cannot write"),
        "{}",
        stderr(&o)
    );
    assert!(!fresh.exists(), "editions written before the report failed");
}

#[test]
fn deny_warnings_fails_and_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let o = build(
        &book("raw-html"),
        out.path(),
        &["--epub", "--deny-warnings"],
    );
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "raw-html/01-beginning.md", 3, 6, "warning"),
        "{err}"
    );
    // The refusal is the run's, in no file: it once named the book's
    // folder, "." when that was the current one.
    assert!(
        err.lines()
            .any(|l| l == "error: warnings are denied (--deny-warnings); nothing was written"),
        "{err}"
    );
    assert_eq!(fs::read_dir(out.path()).unwrap().count(), 0);
    // Both editions are made into temporary files before the warnings
    // deny them: the last good EPUB stays, and nothing else is left.
    let epub = out.path().join("a-minimal-book.epub");
    fs::write(&epub, b"the last good EPUB").unwrap();
    let o = build(&book("raw-html"), out.path(), &["--deny-warnings"]);
    assert_exit(&o, 1);
    assert_eq!(fs::read(&epub).unwrap(), b"the last good EPUB");
    assert_eq!(fs::read_dir(out.path()).unwrap().count(), 1);
    // With --quiet too, the warnings that failed the build are said.
    let o = build(&book("raw-html"), out.path(), &["--deny-warnings", "-q"]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "raw-html/01-beginning.md", 3, 6, "warning"),
        "{err}"
    );
    // Without the flag the same book builds, with its warnings shown.
    let o = build(&book("raw-html"), out.path(), &["--epub"]);
    assert_exit(&o, 0);
    assert!(stderr(&o).contains("warning: raw HTML"));
}

#[test]
fn book_dir_defaults_to_the_current_folder_with_book_toml() {
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_bookpack"))
        .args(["build", "--epub", "-o", out.path().to_str().unwrap()])
        .current_dir(book("minimal"))
        .env("SOURCE_DATE_EPOCH", "0")
        .output()
        .unwrap();
    assert_exit(&o, 0);
    assert!(out.path().join("a-minimal-book.epub").is_file());
}

/// Each edition is written to a temporary file beside it as the build
/// goes; Ctrl-C in the middle removes them and leaves the last good PDF
/// and EPUB as they were.
#[cfg(unix)]
#[test]
fn an_interrupted_build_leaves_the_last_good_files_and_no_temporary_file() {
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("book");
    // Long enough to be caught in the middle, even in a release build.
    bookgen::repeated(if cfg!(debug_assertions) { 6 } else { 60 })
        .write(&src)
        .unwrap();
    let out = work.path().join("out");
    fs::create_dir_all(&out).unwrap();
    let pdf = out.join("the-khrushchevites.pdf");
    fs::write(&pdf, b"the last good PDF").unwrap();
    let epub = out.join("the-khrushchevites.epub");
    fs::write(&epub, b"the last good EPUB").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_bookpack"))
        .args([
            "build",
            src.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
        ])
        .spawn()
        .unwrap();
    // Interrupted once both temporary files are there and one has some
    // of its edition in it.
    let temp = |dir: &std::path::Path| -> Vec<std::path::PathBuf> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().contains(".tmp-"))
            .collect()
    };
    let start = std::time::Instant::now();
    loop {
        let temps = temp(&out);
        let started = temps.len() == 2
            && temps
                .iter()
                .any(|p| fs::metadata(p).is_ok_and(|m| m.len() > 0));
        if started {
            break;
        }
        assert!(child.try_wait().unwrap().is_none(), "the build ended first");
        assert!(
            start.elapsed().as_secs() < 300,
            "no temporary file appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let pid = i32::try_from(child.id()).unwrap();
    // SAFETY: a plain signal to our own child.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert_eq!(temp(&out), Vec::<std::path::PathBuf>::new());
    assert_eq!(fs::read(&pdf).unwrap(), b"the last good PDF");
    assert_eq!(fs::read(&epub).unwrap(), b"the last good EPUB");
}

/// A Russian book's editions are named from its title romanised
/// (`Война и мир` → `voyna-i-mir`: a file name stays ASCII), not `book`,
/// and its link to a Cyrillic heading by its Cyrillic id
/// (`#маленькая-княгиня`) resolves without a word.
#[test]
fn a_russian_book_is_named_by_a_romanised_slug_and_linked_in_cyrillic() {
    let out = tempfile::tempdir().unwrap();
    let o = build(&book("russian"), out.path(), &[]);
    assert_exit(&o, 0);
    for ext in ["epub", "pdf"] {
        let file = out.path().join(format!("voyna-i-mir.{ext}"));
        assert!(file.exists(), "no {}: {}", file.display(), stdout(&o));
    }
    assert!(!out.path().join("book.pdf").exists());
    assert!(!stderr(&o).contains("02-ii.md#"), "{}", stderr(&o));
}

/// A title bookpack does not romanise (Hebrew, Chinese) names the
/// editions after the book's folder, as given or as `.`; a folder in such
/// a script too leaves `book`. (A Hebrew book and a Chinese one built
/// into one folder both wrote `book.pdf`, the second over the first.)
#[test]
fn a_title_in_another_script_names_the_files_after_the_folder() {
    let root = tempfile::tempdir().unwrap();
    let write = |folder: &str, title: &str| {
        let dir = root.path().join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("book.toml"),
            format!("title = \"{title}\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"one.md\"]\n"),
        )
        .unwrap();
        std::fs::write(dir.join("one.md"), "# One\n\nText.\n").unwrap();
        dir
    };
    let out = tempfile::tempdir().unwrap();
    let files = |o: &std::process::Output| {
        assert_exit(o, 0);
        let mut names: Vec<String> = std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in &names {
            std::fs::remove_file(out.path().join(name)).unwrap();
        }
        names
    };
    let hebrew = write("Sefer Hadugma", "ספר הדוגמה");
    assert_eq!(
        files(&build(&hebrew, out.path(), &["-q"])),
        ["sefer-hadugma.epub", "sefer-hadugma.pdf"]
    );
    // From inside the folder, as `bookpack build` with no folder given.
    let o = Command::new(env!("CARGO_BIN_EXE_bookpack"))
        .current_dir(&hebrew)
        .args(["build", "-q", "-o", out.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(files(&o), ["sefer-hadugma.epub", "sefer-hadugma.pdf"]);
    let chinese = write("中文", "红楼梦");
    assert_eq!(
        files(&build(&chinese, out.path(), &["-q"])),
        ["book.epub", "book.pdf"]
    );
    // A title that romanises keeps its own slug, whatever the folder.
    let russian = write("sefer", "Война и мир");
    assert_eq!(
        files(&build(&russian, out.path(), &["-q"])),
        ["voyna-i-mir.epub", "voyna-i-mir.pdf"]
    );
}

/// The summary's count of short pages agrees with the warnings: an
/// opening page left short (a table row too tall for what it has left)
/// was warned of and not counted ("0 short pages" over a warning), and
/// pages deliberately short (a spread balanced, a figure's room) were
/// counted and not warned of.
#[test]
fn the_summary_counts_the_short_pages_it_warns_of() {
    let cell = "A definition that runs on for a good many words so that the cell wraps over several lines of the narrow column. ".repeat(3);
    let rows: String = (0..8).map(|i| format!("| Term {i} | {cell} |\n")).collect();
    let tmp = temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en-GB\"\nchapters = [\"01.md\"]\n",
        &[("01.md", &format!("# Tables\n\nSome text before the table.\n\n| Term | Definition |\n|------|------------|\n{rows}\nText after.\n"))],
    );
    let out = tmp.path().join("out");
    let o = bookpack(&[
        "build",
        tmp.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    let warned = stderr(&o).matches(" short of the text block").count();
    assert_eq!(warned, 1, "{}", stderr(&o));
    assert!(stdout(&o).contains("; 1 short page;"), "{}", stdout(&o));
    // It names the page by its printed folio, then the PDF's page number
    // (past the front matter's pages): "page 1 (PDF page 5): page is…".
    let err = stderr(&o);
    let at = err.find(" (PDF page ").expect("the PDF's page number");
    let folio: usize = err[..at]
        .rsplit("warning: page ")
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no folio before the PDF page: {err}"));
    let pdf: usize = err[at + " (PDF page ".len()..]
        .split(')')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no PDF page number: {err}"));
    assert!(folio < pdf, "{err}");
    // The fixtures with figures and balanced spreads: none short.
    for fixture in ["content-figures", "hyphenation-exceptions"] {
        let o = bookpack(&[
            "build",
            common::book(fixture).to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--pdf",
        ]);
        assert_exit(&o, 0);
        let warned = stderr(&o).matches("short of the text block").count();
        let counted = match warned {
            1 => "; 1 short page;".to_string(),
            n => format!("; {n} short pages;"),
        };
        assert!(stdout(&o).contains(&counted), "{fixture}: {}", stdout(&o));
    }
}
