//! The whole pipeline fuzzed: Markdown books generated from a grammar of
//! everything the model accepts, built into both editions in memory (the
//! library, no process), and checked for what must hold for any book.
//!
//! Quick run (part of `cargo test`): 256 cases from a fixed seed. Long run:
//! `PROPTEST_CASES=20000 PROPTEST_RNG_SEED=$RANDOM cargo test --release
//! --test fuzz`. Shrunk failures are kept in
//! `tests/fuzz.proptest-regressions` and replayed first.
//!
//! Properties, for every generated book:
//! - the build neither panics nor fails (the grammar makes only valid
//!   books: every note defined, every image present);
//! - every XHTML file is well-formed, ids are unique, there is no active
//!   content, every internal link lands, every note reference links to its
//!   note and every note back to a reference of it;
//! - the PDF parses (lopdf) and its text holds every word of the source,
//!   read page by page without the running heads and folios (which would
//!   otherwise sit inside a word hyphenated across a page turn).
//!   A *word* is a run of ASCII letters the grammar wrote where a reader
//!   sees text: paragraphs, headings, list items, quotes, link text, code,
//!   raw HTML (set as text), table cells and captions, figure captions,
//!   definition lists, struck-out, superscript and subscript text, and the
//!   notes reached from the text. Each word is unique in its book (`wa`, `wb`, … `wba`), so
//!   finding it cannot be luck. Both sides are compared as letters only,
//!   lower-cased: what the typography pass changes (quotes, dashes,
//!   spaces) and hyphens added at line ends do not count. Image
//!   descriptions are not words of the PDF (the image stands for them),
//!   and the odd-Unicode tokens (combining marks, right-to-left text,
//!   joiners, U+FFFD, control characters) are noise that must break
//!   nothing — neither the build nor the words around them.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use bookpack::diagnostics::Diagnostics;
use bookpack::editions::{self, Wanted};
use bookpack::model::{Block, Book, Inline, LinkTarget};
use bookpack::pdf::geometry::Geometry;
use bookpack::source;
use common::inspect::{check_epub, letters, pdf_body_text, pdf_links};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};

#[path = "fuzz/grammar.rs"]
mod grammar;

use grammar::*;

// ---------------------------------------------------------------- building

/// A 2×2 PNG, so image references name a file that exists.
fn tiny_png() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 2, 2);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[200; 12]).unwrap();
    }
    out
}

struct Built {
    book: Book,
    epub: Vec<u8>,
    pdf: Vec<u8>,
}

fn build(dir: &Path, written: &Written) -> Result<Built, String> {
    write_book(dir, written);
    let strings = |d: &Diagnostics| {
        d.items()
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (book, mut diags) = source::load_book(dir).map_err(|f| strings(&f.0))?;
    let wanted = Wanted {
        epub: true,
        pdf: true,
    };
    let editions = editions::render(&book, wanted, &mut diags).map_err(|f| strings(&f.0))?;
    Ok(Built {
        book,
        epub: editions.epub.ok_or("no EPUB")?,
        pdf: editions.pdf.ok_or("no PDF")?.0,
    })
}

/// How long one generated book may take before it counts as hung. Not a
/// speed bar (a book takes well under a second in release, a few in
/// debug): a build that loops for ever must fail this test with its book,
/// not keep CI waiting until its time runs out, as one did.
const HUNG_AFTER: std::time::Duration = std::time::Duration::from_secs(180);

/// [`check`] on a thread of its own, an error if it has not finished after
/// [`HUNG_AFTER`] (the hung thread is left behind; the process ends with
/// the test run).
fn check_or_hang(chapters: &[Chapter]) -> Result<(), String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let book = chapters.to_vec();
    std::thread::spawn(move || {
        let _ = tx.send(check(&book));
    });
    match rx.recv_timeout(HUNG_AFTER) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "the build did not finish in {} s: it hangs",
            HUNG_AFTER.as_secs()
        )),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err("the build panicked (its message is above)".to_string())
        }
    }
}

/// Runs every check on one generated book; `Err` says what broke.
fn check(chapters: &[Chapter]) -> Result<(), String> {
    let written = write_markdown(chapters);
    let dir = tempfile::tempdir().unwrap();
    let built = build(dir.path(), &written).map_err(|m| format!("build failed:\n{m}"))?;
    let facts = check_epub(&built.epub).map_err(|p| format!("EPUB: {}", p.join("\n")))?;
    if facts.notes.len() != written.notes {
        return Err(format!(
            "EPUB has {} notes, the text reaches {}",
            facts.notes.len(),
            written.notes
        ));
    }
    let model_notes: usize = built.book.chapters.iter().map(|c| c.notes.len()).sum();
    if model_notes != written.notes {
        return Err(format!(
            "model has {model_notes} notes, the text reaches {}",
            written.notes
        ));
    }
    // Web links in the PDF: only addresses the EPUB could hold too.
    let (uris, _) = pdf_links(&built.pdf);
    for uri in &uris {
        if bookpack::links::checked_external(uri).as_deref() != Some(uri.as_str()) {
            return Err(format!("PDF link to an unchecked address {uri:?}"));
        }
    }
    for href in &facts.external_hrefs {
        if !uris.contains(href) {
            return Err(format!("EPUB link {href:?} is not a link in the PDF"));
        }
    }
    // Heads and folios dropped: they would fall inside a word hyphenated
    // across a page turn.
    let head_baseline = Geometry::new(&built.book.pdf).head_baseline;
    let text = pdf_body_text(&built.pdf, Some(head_baseline))?;
    let found = letters(&text);
    let missing: Vec<&String> = written
        .words
        .iter()
        .filter(|w| !found.contains(w.as_str()))
        .collect();
    if !missing.is_empty() {
        return Err(format!("words missing from the PDF text: {missing:?}"));
    }
    lint(dir.path(), &written)
}

/// `bookpack check` on a book that builds: it runs to the end, and every
/// finding in a chapter points at a line and column of that file.
fn lint(dir: &Path, written: &Written) -> Result<(), String> {
    let report = bookpack::check::check_book(dir, &bookpack::check::Options::default())
        .map_err(|f| format!("check failed on a book that builds: {:?}", f.0.items()))?;
    for f in &report.findings {
        let name = f.file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == "book.toml" {
            continue;
        }
        let Some((_, text)) = written.files.iter().find(|(n, _)| n == name) else {
            return Err(format!("check: a finding in an unknown file: {f:?}"));
        };
        let line = text.split('\n').nth((f.line as usize).wrapping_sub(1));
        let fits =
            line.is_some_and(|l| f.column >= 1 && f.column as usize <= l.chars().count() + 1);
        if !fits {
            return Err(format!("check: a finding outside its file: {f:?}"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(Config {
        // Named outright: proptest's default looks for the crate's lib.rs
        // next to the test and finds none from tests/.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/fuzz.proptest-regressions",
        ))),
        ..common::proptest_config(256)
    })]

    #[test]
    fn any_book_the_grammar_makes_builds_valid_editions(chapters in book()) {
        let result = check_or_hang(&chapters);
        if let Err(e) = result {
            let written = write_markdown(&chapters);
            let sources: Vec<String> = written
                .files
                .iter()
                .map(|(n, t)| format!("--- {n}\n{t}"))
                .collect();
            prop_assert!(false, "{e}\n{}", sources.join(""));
        }
    }
}

// ---------------------------------------------------------------- coverage

/// Which model variants a book holds, by name. The matches are exhaustive
/// (no `_` arm): a new `Block` or `Inline` variant does not compile here
/// until it is named, and `grammar_reaches_every_model_variant` then fails
/// until the grammar produces it.
fn variants(book: &Book) -> BTreeSet<&'static str> {
    fn blocks(bs: &[Block], out: &mut BTreeSet<&'static str>) {
        for b in bs {
            let name = match b {
                Block::Paragraph { content, .. } => {
                    inlines(content, out);
                    "Paragraph"
                }
                Block::Heading { content, .. } => {
                    inlines(content, out);
                    "Heading"
                }
                Block::BlockQuote { blocks: inner, .. } => {
                    blocks(inner, out);
                    "BlockQuote"
                }
                Block::Callout {
                    title,
                    blocks: inner,
                    ..
                } => {
                    inlines(title, out);
                    blocks(inner, out);
                    "Callout"
                }
                Block::List { items, .. } => {
                    items.iter().for_each(|i| blocks(i, out));
                    "List"
                }
                Block::Theorem {
                    name,
                    blocks: inner,
                    ..
                } => {
                    inlines(name, out);
                    blocks(inner, out);
                    "Theorem"
                }
                Block::ThematicBreak { .. } => "ThematicBreak",
                Block::Equation { .. } => "Equation",
                Block::CodeBlock { .. } => "CodeBlock",
                Block::Figure { caption, .. } => {
                    inlines(caption, out);
                    "Figure"
                }
                Block::Table {
                    caption,
                    head,
                    rows,
                    ..
                } => {
                    inlines(caption, out);
                    head.iter()
                        .chain(rows.iter().flatten())
                        .for_each(|c| inlines(c, out));
                    "Table"
                }
                Block::DefinitionList { items, .. } => {
                    for item in items {
                        inlines(&item.term, out);
                        item.definitions.iter().for_each(|d| blocks(d, out));
                    }
                    "DefinitionList"
                }
                Block::Verse { stanzas, .. } => {
                    stanzas
                        .iter()
                        .flatten()
                        .for_each(|l| inlines(&l.content, out));
                    "Verse"
                }
                Block::Bibliography { entries, .. } => {
                    entries.iter().for_each(|e| inlines(&e.content, out));
                    "Bibliography"
                }
            };
            out.insert(name);
        }
    }
    fn inlines(is: &[Inline], out: &mut BTreeSet<&'static str>) {
        for i in is {
            let name = match i {
                Inline::Text { .. } => "Text",
                Inline::Emphasis { content } => {
                    inlines(content, out);
                    "Emphasis"
                }
                Inline::Strong { content } => {
                    inlines(content, out);
                    "Strong"
                }
                Inline::Strikethrough { content } => {
                    inlines(content, out);
                    "Strikethrough"
                }
                Inline::Superscript { content } => {
                    inlines(content, out);
                    "Superscript"
                }
                Inline::Subscript { content } => {
                    inlines(content, out);
                    "Subscript"
                }
                Inline::Span { content, .. } => {
                    inlines(content, out);
                    "Span"
                }
                Inline::SmallCaps { content } => {
                    inlines(content, out);
                    "SmallCaps"
                }
                Inline::Indexed { content, .. } => {
                    inlines(content, out);
                    "Indexed"
                }
                Inline::Code { .. } => "Code",
                Inline::Math { .. } => "Math",
                Inline::Link { content, target } => {
                    inlines(content, out);
                    match target {
                        LinkTarget::External { .. } => "Link(External)",
                        LinkTarget::Internal { .. } => "Link(Internal)",
                    }
                }
                Inline::LineBreak => "LineBreak",
                Inline::NoteRef { .. } => "NoteRef",
            };
            out.insert(name);
        }
    }
    let mut out = BTreeSet::new();
    for c in &book.chapters {
        inlines(&c.title, &mut out);
        blocks(&c.synopsis, &mut out);
        blocks(&c.blocks, &mut out);
        for n in &c.notes {
            blocks(&n.blocks, &mut out);
        }
    }
    out
}

/// Every model variant, as `variants` names them.
const ALL_VARIANTS: [&str; 27] = [
    "Paragraph",
    "Heading",
    "BlockQuote",
    "Callout",
    "List",
    "ThematicBreak",
    "CodeBlock",
    "Figure",
    "Table",
    "DefinitionList",
    "Text",
    "Emphasis",
    "Strong",
    "Strikethrough",
    "Superscript",
    "Subscript",
    "SmallCaps",
    "Span",
    "Code",
    "Link(External)",
    "Link(Internal)",
    "LineBreak",
    "NoteRef",
    "Indexed",
    "Bibliography",
    "Math",
    "Equation",
];

#[test]
fn grammar_reaches_every_model_variant() {
    // Generated books until every variant has been seen (the grammar makes
    // each one often; 200 books is far more than needed).
    let mut runner = TestRunner::deterministic();
    let mut seen = BTreeSet::new();
    for _ in 0..200 {
        let chapters = book().new_tree(&mut runner).unwrap().current();
        let written = write_markdown(&chapters);
        let dir = tempfile::tempdir().unwrap();
        // The model is enough here: load without rendering.
        write_and_load(dir.path(), &written, &mut seen);
        if seen.len() == ALL_VARIANTS.len() {
            break;
        }
    }
    let missing: Vec<&&str> = ALL_VARIANTS
        .iter()
        .filter(|v| !seen.contains(**v))
        .collect();
    assert!(missing.is_empty(), "the grammar never made {missing:?}");
}

/// Writes the book folder: `book.toml`, the chapters, the image.
fn write_book(dir: &Path, written: &Written) {
    let chapters: Vec<String> = written
        .files
        .iter()
        .map(|(n, _)| format!("{n:?}"))
        .collect();
    std::fs::write(
        dir.join("book.toml"),
        format!(
            // A cover of our own: drawing one from the title is the same
            // work for every case, and slow in a debug build.
            // `bookpack check` runs without a dictionary: the grammar's
            // words are not English, and every machine gives the same.
            "title = \"Fuzzed\"\nauthors = [\"A. Grammar\"]\nlanguage = \"en-GB\"\ndate = \"2024\"\nchapters = [{}]\n[epub]\ncover = \"img.png\"\n[check]\ndictionary = \"none\"\n[bibliography]\nfile = \"refs.bib\"\n",
            chapters.join(", ")
        ),
    )
    .unwrap();
    std::fs::write(dir.join("img.png"), tiny_png()).unwrap();
    std::fs::write(dir.join("refs.bib"), REFS_BIB).unwrap();
    for (name, text) in &written.files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn write_and_load(dir: &Path, written: &Written, seen: &mut BTreeSet<&'static str>) {
    write_book(dir, written);
    let (book, _) = source::load_book(dir).unwrap_or_else(|f| panic!("{:?}", f.0.items()));
    seen.extend(variants(&book));
}
