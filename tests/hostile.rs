//! Hostile inputs (issue 13): books a careless tool, a broken editor or
//! an attacker could hand over, each built by the binary. Whatever the
//! input, a build ends in one of two ways: exit 0 with both editions
//! whole and valid, or exit 1 with a located message
//! (`file:line:col: error: …`) and nothing written. Never a panic, an
//! abort, a hang, or half an output.
//!
//! The inputs are generated here, never committed. `cargo test` runs in
//! debug, where the engine is ~10× slower, so the largest inputs (the
//! 10 MB chapter, 1 MB lines) are smaller there; their full sizes run in
//! release builds (`cargo test --release --test hostile`).

mod common;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::inspect::{check_epub, pdf_body_text};

/// Full sizes in release builds, smaller ones in debug.
fn size(release: usize, debug: usize) -> usize {
    if cfg!(debug_assertions) {
        debug
    } else {
        release
    }
}

/// Longer than any of these builds takes on a loaded machine, far
/// shorter than "forever": a build still running then is a hang.
fn time_limit() -> Duration {
    Duration::from_secs(if cfg!(debug_assertions) { 600 } else { 120 })
}

const BOOK_TOML: &str = "title = \"Hostile\"\nauthors = [\"A. Tester\"]\nlanguage = \"en-GB\"\ndate = \"2024\"\nchapters = [\"ch1.md\"]\n";

/// A book folder: `book.toml` (the default one unless given) and the
/// first chapter's bytes; `more` adds files or changes the folder.
struct Book {
    dir: tempfile::TempDir,
}

impl Book {
    fn new(toml: impl AsRef<[u8]>, chapter: &[u8]) -> Book {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("book")).unwrap();
        let b = Book { dir };
        fs::write(b.src().join("book.toml"), toml.as_ref()).unwrap();
        fs::write(b.src().join("ch1.md"), chapter).unwrap();
        b
    }

    fn chapter(chapter: &[u8]) -> Book {
        Book::new(BOOK_TOML, chapter)
    }

    fn src(&self) -> PathBuf {
        self.dir.path().join("book")
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }
}

/// How a build ended.
#[derive(Debug)]
enum Outcome {
    /// Exit 0: both editions, valid.
    Built { stderr: String },
    /// Exit 1: the first located error line.
    Refused { error: String, stderr: String },
}

/// Runs `bookpack build` on the book and checks what must hold for any
/// input; panics (fails the test) on a panic, an abort, a hang, an exit
/// code other than 0 or 1, an invalid edition, an unlocated error or a
/// file left in the output folder by a failed build.
fn build(book: &Book) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bookpack"))
        .args(["build", "--quiet"])
        .arg(book.src())
        .arg("-o")
        .arg(book.out())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run bookpack");
    // Read stderr on a thread, so a full pipe cannot stall the build.
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = pipe.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > time_limit() {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the build hangs: still running after {:?}", time_limit());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = reader.join().unwrap();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "the build panicked:\n{stderr}"
    );
    let outputs: Vec<PathBuf> = match fs::read_dir(book.out()) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    };
    match status.code() {
        Some(0) => {
            let named = |ext: &str| {
                outputs
                    .iter()
                    .find(|p| p.extension().is_some_and(|x| x == ext))
                    .unwrap_or_else(|| panic!("exit 0 but no .{ext} among {outputs:?}"))
            };
            let epub = fs::read(named("epub")).unwrap();
            let pdf = fs::read(named("pdf")).unwrap();
            assert_eq!(outputs.len(), 2, "stray files: {outputs:?}");
            if let Err(problems) = check_epub(&epub) {
                panic!("exit 0 but the EPUB is broken: {problems:?}");
            }
            let doc = lopdf::Document::load_mem(&pdf)
                .unwrap_or_else(|e| panic!("exit 0 but the PDF does not parse: {e}"));
            assert!(
                !doc.get_pages().is_empty(),
                "exit 0 but the PDF has no pages"
            );
            if let Err(e) = pdf_body_text(&pdf, None) {
                panic!("exit 0 but the PDF's text does not read: {e}");
            }
            Outcome::Built { stderr }
        }
        Some(1) => {
            assert!(
                outputs.is_empty(),
                "a failed build left {outputs:?}\n{stderr}"
            );
            let error = stderr
                .lines()
                .find(|l| l.contains(": error"))
                .unwrap_or_else(|| panic!("exit 1 with no error line:\n{stderr}"))
                .to_string();
            Outcome::Refused { error, stderr }
        }
        other => panic!("exit {other:?} (status {status}), want 0 or 1:\n{stderr}"),
    }
}

/// The build must succeed; returns its stderr (warnings).
fn builds(book: &Book) -> String {
    match build(book) {
        Outcome::Built { stderr } => stderr,
        Outcome::Refused { stderr, .. } => panic!("the build failed:\n{stderr}"),
    }
}

/// The build must fail with an error located in `file` at a line (and
/// column, if `col` is given); returns the error line.
fn refused_at(book: &Book, file: &str, line: u32, col: Option<u32>) -> String {
    let Outcome::Refused { error, stderr } = build(book) else {
        panic!("the build succeeded; want an error in {file}");
    };
    let want = match col {
        Some(c) => format!("{file}:{line}:{c}: error"),
        None => format!("{file}:{line}:"),
    };
    assert!(error.contains(&want), "want {want:?}, got:\n{stderr}");
    error
}

/// Either outcome is fine, as long as a refusal is located in `file` at
/// a line.
fn built_or_located(book: &Book, file: &str) -> Outcome {
    let outcome = build(book);
    if let Outcome::Refused { error, stderr } = &outcome {
        let located = error
            .split_once(&format!("{file}:"))
            .is_some_and(|(_, rest)| rest.starts_with(|c: char| c.is_ascii_digit()));
        assert!(located, "an error not located in {file}:\n{stderr}");
    }
    outcome
}

fn path_str(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

// ---------------------------------------------------------------- bytes

#[test]
fn invalid_utf8_is_an_error_at_its_byte() {
    let book = Book::chapter(b"# One\n\nfine text\nthen \xC3\x28 a broken pair\n");
    refused_at(&book, "ch1.md", 4, Some(6));
    // A lone continuation byte, an overlong form, a surrogate's bytes.
    for bad in [
        &b"\x80"[..],
        b"\xC0\xAF",
        b"\xED\xA0\x80",
        b"\xF5\x80\x80\x80",
    ] {
        let mut text = b"# One\n\nword ".to_vec();
        text.extend_from_slice(bad);
        let book = Book::chapter(&text);
        refused_at(&book, "ch1.md", 3, Some(6));
    }
    // In book.toml too.
    let book = Book::new(
        &b"title = \"Bad \xFF\"\nchapters = [\"ch1.md\"]\n"[..],
        b"# One\n",
    );
    refused_at(&book, "book.toml", 1, Some(14));
}

#[test]
fn nul_and_control_bytes_break_nothing() {
    let mut text = b"# Con\x00trol\n\nA \x00 word\x01 with \x07bells\x1b[31m and \x7f \x08 back\x0bspace\x0cfeed.\n\n".to_vec();
    text.extend((0u8..0x20).filter(|b| *b != b'\n'));
    text.extend(b"\n\nAfter all of them.\n");
    builds(&Book::chapter(&text));
}

#[test]
fn a_byte_order_mark_and_any_line_end_are_read_as_text() {
    // BOM before the chapter and before book.toml.
    let toml = format!("\u{feff}{BOOK_TOML}");
    let book = Book::new(&toml, "\u{feff}# Marked\n\nText.\n".as_bytes());
    builds(&book);
    // CRLF, lone CR, and a mix.
    for text in [
        "# Windows\r\n\r\nOne line.\r\nTwo[^a].\r\n\r\n[^a]: A note.\r\n",
        "# Old Mac\r\rOne line.\rTwo[^a].\r\r[^a]: A note.\r",
        "# Mixed\r\n\rOne\n\r\nTwo[^a].\r\r\n\n[^a]: A note.\n\r",
    ] {
        builds(&Book::chapter(text.as_bytes()));
    }
}

// ---------------------------------------------------------------- sizes

#[test]
fn a_line_of_a_million_bytes_is_set() {
    let n = size(1 << 20, 1 << 17);
    // Words on one source line: one long paragraph.
    let mut text = String::from("# Long\n\n");
    while text.len() < n {
        text.push_str("lorem ipsum dolor sit amet ");
    }
    text.push('\n');
    builds(&Book::chapter(text.as_bytes()));
    // One word as long as the line: no break opportunity at all.
    let mut text = String::from("# Word\n\n");
    text.push_str(&"abcdefghij".repeat(n / 10));
    text.push('\n');
    builds(&Book::chapter(text.as_bytes()));
}

#[test]
fn a_ten_megabyte_chapter_is_set() {
    let n = size(10 << 20, 1 << 20);
    let mut text = String::from("# Big\n\n");
    let mut i = 0;
    while text.len() < n {
        i += 1;
        text.push_str(&format!(
            "Paragraph {i} holds *some* words, a [link](https://example.org/{i}) and `code`.\n\n"
        ));
        if i % 50 == 0 {
            text.push_str(&format!("## Section {i}\n\n"));
        }
    }
    builds(&Book::chapter(text.as_bytes()));
}

// ---------------------------------------------------------------- nesting and runs

#[test]
fn deep_nesting_is_bounded() {
    let n = 100_000;
    let cases: Vec<(&str, String)> = vec![
        ("brackets", format!("{}x{}", "[".repeat(n), "]".repeat(n))),
        ("links", format!("{}x{}", "[".repeat(n), "](u)".repeat(n))),
        (
            "emphasis",
            format!("{}x{}", "*a ".repeat(n), " a*".repeat(n)),
        ),
        (
            "strong",
            format!("{}x{}", "**a ".repeat(n / 2), " a**".repeat(n / 2)),
        ),
        ("quotes", format!("{}x", "> ".repeat(n))),
        (
            "lists",
            (0..2000)
                .map(|i| format!("{}- x\n", "  ".repeat(i)))
                .collect(),
        ),
        (
            "parentheses",
            format!("[a]({}x{})", "(".repeat(n), ")".repeat(n)),
        ),
        (
            "images",
            format!("{}x{}", "![".repeat(n), "](i.png)".repeat(n)),
        ),
        ("notes", format!("{}\n\n[^a]: x", "[^a]".repeat(n / 10))),
    ];
    for (name, body) in cases {
        eprintln!("-- {name}");
        let text = format!("# Deep\n\n{body}\n");
        built_or_located(&Book::chapter(text.as_bytes()), "ch1.md");
    }
}

#[test]
fn long_runs_of_markup_characters_are_text() {
    let cases: Vec<(&str, String)> = vec![
        ("stars", "*".repeat(100_000)),
        (
            "stars in a paragraph",
            format!("x {} y", "*".repeat(100_000)),
        ),
        ("underscores", format!("x {} y", "_".repeat(100_000))),
        ("backticks", format!("x {} y", "`".repeat(50_000))),
        ("backtick fence", format!("{}\ncode\n", "`".repeat(50_000))),
        ("tildes", format!("x {} y", "~".repeat(50_000))),
        ("carets", format!("x {} y", "^".repeat(50_000))),
        ("hashes", format!("{} x", "#".repeat(50_000))),
        (
            "pipes",
            format!("|{}\n|{}\n", "a|".repeat(10_000), "-|".repeat(10_000)),
        ),
        ("backslashes", "\\".repeat(100_000)),
        ("ampersands", "&".repeat(100_000)),
        ("less-than", "<".repeat(100_000)),
    ];
    for (name, body) in cases {
        eprintln!("-- {name}");
        let text = format!("# Runs\n\n{body}\n");
        built_or_located(&Book::chapter(text.as_bytes()), "ch1.md");
    }
}

// ---------------------------------------------------------------- HTML and entities

#[test]
fn unclosed_html_constructs_do_not_swallow_the_build() {
    for body in [
        "before\n\n<!-- never closed\n\nafter\n",
        "before <!-- inline, never closed\n\nafter\n",
        "before\n\n<![CDATA[ never closed\n\nafter\n",
        "before <![CDATA[ x\n\nafter\n",
        "before\n\n<?php never closed\n\nafter\n",
        "before\n\n<!DOCTYPE never closed\n\nafter\n",
        "<div>\n\n<script>\nnever closed\n",
        "<style>body{}\n",
        "<textarea>\n",
        "<svg><foreignObject><math>\n",
        "a <b><i><u> never closed\n",
        "a </b></i></div> only closing\n",
        "<a href=\"javascript:alert(1)\" onclick=\"x()\">click</a>\n",
    ] {
        eprintln!("-- {body:?}");
        let text = format!("# Html\n\n{body}");
        built_or_located(&Book::chapter(text.as_bytes()), "ch1.md");
    }
}

#[test]
fn odd_entities_become_text() {
    let body = "Huge &#99999999; and &#x110000; and &#0; and &#xD800; &#xDFFF; \
                &#xd83d;&#xde00; and &#65533; and &#x7f; &#x85; &nosuch; &amp \
                &#; &#x; &#99999999999999999999999; &Aacute &#x2028; &#x202E;";
    let text =
        format!("# Entities &#xD800;\n\n{body}\n\n[^a]: Note &#0; &#xDFFF;[^a]\n\nA ref[^a].\n");
    built_or_located(&Book::chapter(text.as_bytes()), "ch1.md");
}

#[test]
fn bidi_controls_unbalanced_and_nested_break_nothing() {
    let body = "Open \u{202e} never closed. \u{202d}\u{202e}\u{202a}\u{202b} four. \
                \u{2066}\u{2067}\u{2068} isolates. \u{202c}\u{202c}\u{2069} closers \
                alone. \u{200f}\u{200e}\u{61c} marks. *emph \u{202e} across* text. \
                [link \u{202e}](https://example.org/\u{202e}) \u{5d0}\u{202e}abc\u{202c}\u{5d1}";
    let text = format!(
        "# \u{202e}Title\n\n{body}\n\n{}\n",
        "\u{202e}\u{2067}".repeat(10_000)
    );
    builds(&Book::chapter(text.as_bytes()));
}

#[test]
fn notes_named_with_odd_characters_link_both_ways() {
    let labels = [
        "a b",
        "<script>",
        "\"&'",
        "\u{202e}rtl",
        "e\u{301}",
        "\u{1f600}",
        "a\u{0}b",
        "--",
        "#id",
        "../x",
        "ÄÖ",
        "1",
        "01",
    ];
    let long = "x".repeat(5_000);
    let mut text = String::from("# Notes\n\n");
    for l in labels.iter().copied().chain([long.as_str()]) {
        text.push_str(&format!("Ref[^{l}].\n\n"));
    }
    for l in labels.iter().copied().chain([long.as_str()]) {
        text.push_str(&format!("[^{l}]: The note {l}.\n\n"));
    }
    built_or_located(&Book::chapter(text.as_bytes()), "ch1.md");
}

// ---------------------------------------------------------------- the book folder

#[test]
fn a_chapter_that_is_a_folder_is_an_error() {
    let book = Book::new(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\", \"dir.md\"]\n",
        b"# One\n",
    );
    fs::create_dir(book.src().join("dir.md")).unwrap();
    refused_at(&book, "book.toml", 4, None);
}

#[cfg(unix)]
#[test]
fn a_chapter_linked_out_of_the_book_is_refused() {
    let book = Book::new(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\", \"link.md\"]\n",
        b"# One\n",
    );
    let outside = book.dir.path().join("secret.md");
    fs::write(&outside, "# Secret\n\nNot part of the book.\n").unwrap();
    std::os::unix::fs::symlink(&outside, book.src().join("link.md")).unwrap();
    refused_at(&book, "book.toml", 4, None);
    // A link to a folder, a dangling link and a link to itself.
    for target in [
        PathBuf::from("/"),
        book.src().join("nowhere"),
        book.src().join("link2.md"),
    ] {
        let book = Book::new(
            "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"link2.md\"]\n",
            b"# One\n",
        );
        let _ = fs::remove_file(book.src().join("link2.md"));
        std::os::unix::fs::symlink(&target, book.src().join("link2.md")).unwrap();
        eprintln!("-- link to {}", path_str(&target));
        refused_at(&book, "book.toml", 4, None);
    }
}

#[test]
fn book_toml_of_the_wrong_shape_is_a_located_error() {
    let cases = [
        ("title = 5\nchapters = [\"ch1.md\"]\n", 1),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = \"ch1.md\"\n", 2),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [1, 2]\n", 2),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = \"one\"\nchapters = [\"ch1.md\"]\n", 2),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\n[pdf]\nfont-size = \"big\"\n", 4),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\n[pdf]\nfont-size = 1e308\n", 4),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\n[pdf]\nfont-size = -11\n", 4),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\n[pdf]\nfont-size = nan\n", 4),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\n[pdf]\nfont-size = inf\n", 4),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\n[pdf]\nfont-size = 0\n", 4),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\n[pdf]\nleading = 1e30\n", 4),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\n[pdf]\nleading = 0.0001\n", 4),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\n[pdf.margins]\ntop = 1e30\n", 4),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\n[pdf.margins]\ninner = -1e30\n", 4),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\n[pdf.margins]\nouter = 100000\n", 4),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\n[pdf]\npaper = \"1e9 x 1e9\"\n", 4),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\n[pdf.hyphenation]\nleft-min = 99999999999\n", 4),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\ntoc-depth = 99999999999999\n", 3),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\ntoc-depth = -1\n", 3),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\nno-such-key = 1\n", 3),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\n[no-such-table]\nx = 1\n", 3),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\n[pdf]\nno-such = 1\n", 4),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\ntitle = \"U\"\nchapters = [\"ch1.md\"]\n", 2),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"\n", 2),
        ("title = \"\"\nchapters = []\n", 1),
        ("chapters = [\"ch1.md\"]\n", 1),
        ("", 1),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\", \"ch1.md\"]\n", 2),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"\"]\n", 2),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"/etc/passwd\"]\n", 2),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"../ch1.md\"]\n", 2),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\ndate = \"99999-99-99\"\n", 3),
        ("title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch1.md\"]\nlanguage = \"\u{202e}xx\"\n", 3),
    ];
    for (toml, line) in cases {
        eprintln!("-- {toml:?}");
        let book = Book::new(toml, b"# One\n\nText.\n");
        match build(&book) {
            // Some are only warnings (an unknown key), or valid (a big
            // but finite margin is clamped): fine, the build checked them.
            Outcome::Built { .. } => {}
            Outcome::Refused { error, stderr } => {
                let located = error.contains(&format!("book.toml:{line}"))
                    || error.contains("book.toml:")
                        && error
                            .split_once("book.toml:")
                            .is_some_and(|(_, r)| r.starts_with(|c: char| c.is_ascii_digit()));
                assert!(located, "error not located in book.toml:\n{stderr}");
            }
        }
    }
}
