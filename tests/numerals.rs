//! The numbers bookpack writes in the book's digits (`numerals`): an
//! Arabic book's chapter labels, note numbers, contents, folios and
//! imprint year in Arabic-Indic digits, the author's own digits as typed.
//!
//! The EPUB side needs no font and runs anywhere; the PDF side needs Noto
//! Naskh Arabic (the fixture's fallback face, Debian's fonts-noto-core)
//! and pdftotext (poppler-utils), so it is `#[ignore]`d (`.ci/run`
//! installs both and runs it with `--include-ignored`).

mod common;
use common::inspect::Epub;
use common::*;
use std::fs;

/// The fixture's EPUB, built alone (`--epub`: no font needed), with
/// book.toml's `extra` lines added.
fn epub_of_fixture(extra: &str) -> Epub {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&book("arabic"), dir.path());
    if !extra.is_empty() {
        let toml = fs::read_to_string(dir.path().join("book.toml")).unwrap();
        // Top-level keys go above the first [section].
        let toml = toml.replacen("[pdf]", &format!("{extra}\n\n[pdf]"), 1);
        fs::write(dir.path().join("book.toml"), toml).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &["--epub"]);
    assert_exit(&o, 0);
    Epub::open(&fs::read(edition(out.path(), "epub")).unwrap()).unwrap()
}

/// The edition with extension `ext` in `out` (its name comes from the
/// book's folder, a temporary one's here).
fn edition(out: &std::path::Path, ext: &str) -> std::path::PathBuf {
    fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == ext))
        .unwrap_or_else(|| panic!("no .{ext} in {}", out.display()))
}

fn file<'e>(epub: &'e Epub, name: &str) -> &'e str {
    epub.xhtml()
        .find(|(n, _)| n.ends_with(name))
        .map(|(_, t)| t)
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn an_arabic_epub_numbers_in_arabic_indic_digits() {
    let epub = epub_of_fixture("");
    let chapter = file(&epub, "chapter-1.xhtml");
    assert!(
        chapter.contains("role=\"doc-noteref\" dir=\"auto\">١</a>"),
        "{chapter}"
    );
    assert!(
        chapter.contains("role=\"doc-noteref\" dir=\"auto\">٢</a>"),
        "{chapter}"
    );
    assert!(chapter.contains(">الفصل ١</span>"), "{chapter}");
    // The author's digits, Western or not, are as typed.
    assert!(chapter.contains("نحو 150 عاملاً") && chapter.contains("١٨٢٠"));
    let nav = file(&epub, "nav.xhtml");
    assert!(nav.contains(">١. مطبعة بولاق<"), "{nav}");
    assert!(nav.contains(">٢. بيروت<"), "{nav}");
    let notes = file(&epub, "notes.xhtml");
    // The list's own numbers come from the stylesheet; `value` stays a
    // number, and the back link's words read it in the book's digits.
    assert!(notes.contains("value=\"2\""), "{notes}");
    assert!(
        notes.contains("aria-label=\"العودة إلى الإحالة ٢\""),
        "{notes}"
    );
    let imprint = file(&epub, "imprint.xhtml");
    assert!(
        imprint.contains("٢٠٢١") && !imprint.contains("2021"),
        "{imprint}"
    );
    let css: String = epub
        .files
        .iter()
        .filter(|(n, _)| n.ends_with(".css"))
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
        .collect();
    assert!(css.contains("list-style-type: arabic-indic"), "{css}");
    // Isolated by markup (the references' `dir`, above): EPUB 3 forbids
    // `unicode-bidi` in a stylesheet (EPUBCheck's CSS-001).
    assert!(!css.contains("unicode-bidi"), "{css}");
}

#[test]
fn numerals_latn_keeps_western_digits_in_an_arabic_book() {
    let epub = epub_of_fixture("numerals = \"latn\"");
    let chapter = file(&epub, "chapter-1.xhtml");
    assert!(chapter.contains("role=\"doc-noteref\">1</a>"), "{chapter}");
    assert!(chapter.contains(">الفصل 1</span>"), "{chapter}");
    let css: String = epub
        .files
        .iter()
        .filter(|(n, _)| n.ends_with(".css"))
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
        .collect();
    assert!(!css.contains("arabic-indic"), "{css}");
}

#[test]
fn numerals_arabext_gives_persian_digits() {
    let epub = epub_of_fixture("numerals = \"arabext\"");
    let chapter = file(&epub, "chapter-1.xhtml");
    assert!(
        chapter.contains("role=\"doc-noteref\" dir=\"auto\">۱</a>"),
        "{chapter}"
    );
    assert!(chapter.contains(">الفصل ۱</span>"), "{chapter}");
}

#[test]
fn an_unknown_numbering_system_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&book("arabic"), dir.path());
    let toml = fs::read_to_string(dir.path().join("book.toml")).unwrap();
    let line = toml.lines().position(|l| l.starts_with("[pdf]")).unwrap() + 1;
    let toml = toml.replacen("[pdf]", "numerals = \"arabic\"\n[pdf]", 1);
    fs::write(dir.path().join("book.toml"), toml).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &[]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "book.toml", line as u32, 12, "error"),
        "{err}"
    );
    assert!(err.contains("did you mean `arab`?"), "{err}");
}

/// The PDF as a reader sees it: the chapter label, the folios, the
/// contents' numbers, the note numbers and the imprint's year in
/// Arabic-Indic digits; the only Western digits left are the author's.
#[test]
#[ignore = "needs Noto Naskh Arabic (fonts-noto-core) and pdftotext (poppler-utils)"]
fn an_arabic_pdf_numbers_in_arabic_indic_digits() {
    let (dir, err) = build_fixture("arabic", &["--pdf"]);
    assert!(!err.contains("warning"), "{err}");
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(edition(dir.path(), "pdf"))
        .arg("-")
        .output()
        .expect("pdftotext is not installed: `apt-get install poppler-utils`");
    // Without the direction marks pdftotext puts around runs.
    let text: String = String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect();
    assert!(
        text.contains("الفصل ١") && text.contains("الفصل ٢"),
        "{text}"
    );
    assert!(text.contains("٢٠٢١"), "{text}");
    // A body page's folio stands alone beside its running head, and the
    // notes are numbered "١." …
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("تاريخ الطباعة") && l.ends_with(" ٢")),
        "{text}"
    );
    assert!(text.contains("١.") && text.contains("٢."), "{text}");
    let western: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(western, ["150"], "{text}");
}
