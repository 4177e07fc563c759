//! Pathological books (issue 10): each builds, with bounded memory, no stack overflow, and a correct result.
//!
//! The books are generated (`benches/bookgen`, shared with the benchmarks),
//! never committed. `cargo test` runs in debug, where the engine is ~10×
//! slower, so the debug sizes are smaller but large enough to take the
//! same paths (a paragraph long enough to be broken in windows, a word
//! many lines long); the full sizes of the issue run in release builds
//! (`cargo test --release --test scale`, as `.ci/run` does). Nesting runs
//! at full depth in both: debug frames are larger, so it is the stricter
//! test of the stack. Time is not asserted (the machine is shared); memory
//! is, as the largest resident size of any build these tests ran.

#[path = "../benches/bookgen/mod.rs"]
mod bookgen;
mod common;

use std::fs;
use std::path::{Path, PathBuf};

use bookgen::GenBook;
use common::inspect::{check_epub, letters, pdf_text};
use common::*;

/// Full sizes in release builds, smaller ones in debug.
fn size(release: usize, debug: usize) -> usize {
    if cfg!(debug_assertions) {
        debug
    } else {
        release
    }
}

/// A built generated book: its folder, outputs and report.
struct Built {
    _dir: tempfile::TempDir,
    stderr: String,
    epub: Vec<u8>,
    pdf: Vec<u8>,
    report: serde_json::Value,
}

/// Writes `book`, builds both editions with a JSON report, and checks the
/// build succeeded.
fn build(book: &GenBook) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("book");
    book.write(&src).unwrap();
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let o = bookpack(&[
        "build",
        src.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    let file = |ext: &str| -> PathBuf {
        fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == ext))
            .unwrap_or_else(|| panic!("no .{ext} in {}", out.display()))
    };
    let built = Built {
        stderr: stderr(&o),
        epub: fs::read(file("epub")).unwrap(),
        pdf: fs::read(file("pdf")).unwrap(),
        report: serde_json::from_slice(&fs::read(&report).unwrap()).unwrap(),
        _dir: dir,
    };
    assert_bounded_memory();
    built
}

/// The largest resident size of any child process this test binary has
/// waited for, in MiB (Linux reports it in KiB).
#[cfg(target_os = "linux")]
fn children_peak_mib() -> u64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        assert_eq!(libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage), 0);
        usage
    };
    u64::try_from(usage.ru_maxrss).unwrap() / 1024
}

/// No build so far held more than a bound well under the 880 MiB the
/// 80-chapter book needed before issue 10, and far under what a runaway
/// (a quadratic paragraph, an unbounded recursion) takes.
fn assert_bounded_memory() {
    #[cfg(target_os = "linux")]
    {
        let peak = children_peak_mib();
        assert!(peak < 400, "a build held {peak} MiB");
    }
}

fn pdf_letters(b: &Built) -> String {
    letters(&pdf_text(&b.pdf).unwrap())
}

fn epub_letters(b: &Built) -> String {
    let facts = check_epub(&b.epub).unwrap_or_else(|p| panic!("EPUB problems: {p:?}"));
    letters(&facts.body_text.values().cloned().collect::<String>())
}

/// Whether `want`'s letters all appear in `got`, in order: running heads
/// and folios fall between a paragraph's pages, so the text read back is
/// the paragraph with those inserted.
fn in_order(got: &str, want: &str) -> bool {
    let mut got = got.chars();
    want.chars().all(|c| got.any(|g| g == c))
}

fn report_usize(b: &Built, key: &str) -> usize {
    b.report["pdf"][key]
        .as_u64()
        .unwrap_or_else(|| panic!("report has no pdf.{key}: {}", b.report)) as usize
}

#[test]
fn a_paragraph_of_many_words_is_set_whole_and_never_overfull() {
    let words = size(150_000, 8_000);
    let book = bookgen::long_paragraph(words);
    let b = build(&book);
    assert_eq!(report_usize(&b, "overfull_lines"), 0, "{}", b.stderr);
    // Every word, in order, in both editions.
    let text = letters(&bookgen::prose(words));
    assert!(in_order(&pdf_letters(&b), &text), "the PDF lost text");
    assert!(epub_letters(&b).contains(&text), "the EPUB lost text");
    // Justified as well as a normal paragraph: no line looser than the
    // report's bar at the 95th percentile.
    let p95 = b.report["pdf"]["space_ratio_p95"].as_f64().unwrap();
    assert!(p95 < 1.5, "word spaces at p95: {p95}");
    let lines = report_usize(&b, "lines");
    assert!(lines > words / 15, "{lines} lines for {words} words");
}

#[test]
fn a_word_of_many_letters_breaks_and_never_overflows() {
    let letters_in_word = size(100_000, 10_000);
    let book = bookgen::long_word(letters_in_word);
    let b = build(&book);
    assert_eq!(report_usize(&b, "overfull_lines"), 0, "{}", b.stderr);
    let word = letters(&book.chapters[0].1);
    assert!(in_order(&pdf_letters(&b), &word), "the PDF lost the word");
    assert!(epub_letters(&b).contains(&word), "the EPUB lost the word");
}

#[test]
fn ten_thousand_notes_in_one_chapter_all_link_both_ways() {
    let notes = size(10_000, 2_000);
    let b = build(&bookgen::many_notes(notes));
    assert_eq!(report_usize(&b, "note_links"), notes);
    assert_eq!(report_usize(&b, "back_links"), notes);
    assert_eq!(report_usize(&b, "unresolved_links"), 0);
    let facts = check_epub(&b.epub).unwrap_or_else(|p| panic!("EPUB problems: {p:?}"));
    assert_eq!(facts.notes.len(), notes);
    assert_eq!(facts.noterefs.len(), notes);
}

#[test]
fn two_thousand_one_line_chapters_each_open_a_recto() {
    let chapters = size(2_000, 300);
    let b = build(&bookgen::many_chapters(chapters));
    // Each chapter: its opening recto and the blank verso after it.
    let pages = report_usize(&b, "pages");
    assert!(
        pages >= 2 * chapters,
        "{pages} pages for {chapters} chapters"
    );
    let text = pdf_letters(&b);
    for i in [1, chapters / 2, chapters] {
        let line = letters(&format!("The one line of chapter {i}."));
        assert!(text.contains(&line), "chapter {i} missing");
    }
    let facts = check_epub(&b.epub).unwrap_or_else(|p| panic!("EPUB problems: {p:?}"));
    assert!(
        facts.body_text.len() >= chapters,
        "{} files",
        facts.body_text.len()
    );
}

#[test]
fn quotes_and_lists_nested_ten_thousand_deep_are_flattened_with_a_warning() {
    let b = build(&bookgen::nested(10_000));
    assert!(
        b.stderr.contains("nested more than"),
        "a warning says what happened: {}",
        b.stderr
    );
    for edition in [pdf_letters(&b), epub_letters(&b)] {
        for text in [
            "The innermost quotation.",
            "The paragraph between.",
            "The innermost item.",
            "The paragraph after.",
        ] {
            assert!(edition.contains(&letters(text)), "{text} missing");
        }
    }
    assert_eq!(report_usize(&b, "overfull_lines"), 0, "{}", b.stderr);
}

#[test]
fn a_table_of_five_thousand_rows_keeps_every_row_in_order() {
    let rows = size(5_000, 1_000);
    let b = build(&bookgen::table(rows));
    assert_eq!(report_usize(&b, "overfull_lines"), 0, "{}", b.stderr);
    // Each row, in order: its first cells ("17Town", lopdf runs a row's
    // cells together and may space a pair of figures apart, so spaces
    // are dropped) and its number of people just after.
    let text: String = pdf_text(&b.pdf)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut at = 0;
    for i in 0..rows {
        let [number, _, people, _] = bookgen::table_row(i);
        let key = format!("{number}Town");
        let found = text[at..]
            .find(&key)
            .unwrap_or_else(|| panic!("row {i} missing"));
        at += found + key.len();
        let near = &text[at..(at + 40).min(text.len())];
        assert!(near.contains(&people), "row {i}: {near}");
    }
    let headers = text.matches("No.TownPeopleRemark").count();
    let pages = report_usize(&b, "pages");
    assert!(
        headers * 2 > pages && pages > rows / 40,
        "{headers} headers on {pages} pages"
    );
    // And in the EPUB, every row's cells.
    let cells: String = (0..rows).map(|i| bookgen::table_row(i).concat()).collect();
    assert!(
        epub_letters(&b).contains(&letters(&cells)),
        "the EPUB lost rows"
    );
}

#[test]
fn the_generated_book_is_the_first_chapter_with_its_own_titles() {
    let book = bookgen::repeated(3);
    assert_eq!(book.chapters.len(), 3);
    let first = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("source/12-from-bucharest-to-moscow.md"),
    )
    .unwrap();
    for (i, (_, text)) in book.chapters.iter().enumerate() {
        let n = i + 1;
        assert!(text.contains(&format!("\n# From Bucharest to Moscow, {n}\n")));
        assert!(text.starts_with(&format!("+++\nnumber = {n}\n+++\n")));
        // Everything after the title is the first chapter's, unchanged.
        let tail = |t: &str| t[t.find("\n:::").unwrap()..].to_string();
        assert_eq!(tail(text), tail(&first));
    }
    assert!(book.toml.contains("0003-chapter.md"));
    assert!(!book.toml.contains("errata"));
}
