//! The CommonMark specification's examples as a corpus: any valid Markdown
//! must give a valid book.
//!
//! `tests/commonmark/spec.txt` (CommonMark 0.31.2, CC-BY-SA 4.0, see
//! `tests/commonmark/LICENSE`) holds 655 examples. Each becomes a chapter
//! of one generated book, under a title heading of its own (`# Example N`);
//! every chapter is its own file, so link reference definitions and notes
//! of one example cannot reach another. The default run builds both
//! editions in memory and checks what must hold for any book; the
//! `#[ignore]`d tests (run by `.ci/run`) hand the same book to EPUBCheck,
//! Ace and qpdf.
//!
//! Examples that cannot build — an image naming a file the book does not
//! have, or a remote address (never fetched) — are built alone, one book
//! each, and must fail or warn at the image's own `file:line:col`.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use bookpack::diagnostics::Diagnostics;
use bookpack::editions::{self, Wanted};
use bookpack::model::{Block, Book, Inline};
use bookpack::source;
use common::inspect::{check_epub, letters, pdf_text};
use common::validators::{ace, epubcheck, qpdf_check};

const SPEC: &str = include_str!("commonmark/spec.txt");
const FENCE: &str = "````````````````````````````````";

/// One example of the spec: its number, the line of its fence in spec.txt,
/// and its Markdown (with the spec's `→` turned back into tabs).
struct Example {
    number: usize,
    spec_line: usize,
    markdown: String,
}

fn examples() -> Vec<Example> {
    let mut out = Vec::new();
    let mut lines = SPEC.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        if line != format!("{FENCE} example") {
            continue;
        }
        let mut markdown = String::new();
        for (_, l) in lines.by_ref() {
            if l == "." {
                break;
            }
            markdown.push_str(&l.replace('→', "\t"));
            markdown.push('\n');
        }
        for (_, l) in lines.by_ref() {
            if l == FENCE {
                break;
            }
        }
        out.push(Example {
            number: out.len() + 1,
            spec_line: i + 1,
            markdown,
        });
    }
    out
}

/// The chapter file of an example: a title of its own, then the example.
fn chapter_text(e: &Example) -> String {
    format!("# Example {}\n\n{}", e.number, e.markdown)
}

const TITLE_LINES: u32 = 2;

fn file_name(e: &Example) -> String {
    format!("ex-{:03}.md", e.number)
}

/// What can keep an example out of the book: an image (none of its files
/// exists in the book), or a cross-reference (`#id`, `other.md#id`), which
/// is an error when it misses and the spec's ids are not the book's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hazard {
    Image,
    CrossReference,
}

/// The example's hazards with their (line, col) in its chapter file, found
/// with the same parser options bookpack uses.
fn hazards(e: &Example) -> Vec<(Hazard, u32, u32)> {
    use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};
    let text = chapter_text(e);
    let mut options = Options::empty();
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_SMART_PUNCTUATION);
    let at = |offset: usize| {
        let before = &text[..offset];
        let line = before.matches('\n').count() as u32 + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
        (line, col)
    };
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(&text, options).into_offset_iter() {
        let hazard = match event {
            Event::Start(Tag::Image { .. }) => Hazard::Image,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if link_type != LinkType::Email => {
                let path = dest_url
                    .split('#')
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let relative = !dest_url.contains(':') && !dest_url.starts_with("//");
                if relative && (dest_url.starts_with('#') || path.ends_with(".md")) {
                    Hazard::CrossReference
                } else {
                    continue;
                }
            }
            _ => continue,
        };
        let (line, col) = at(range.start);
        out.push((hazard, line, col));
    }
    out
}

/// Writes a book folder holding `examples` and loads it.
fn write_book(dir: &Path, title: &str, examples: &[&Example]) {
    let chapters: Vec<String> = examples
        .iter()
        .map(|e| format!("{:?}", file_name(e)))
        .collect();
    std::fs::write(
        dir.join("book.toml"),
        format!(
            "title = {title:?}\nauthors = [\"John MacFarlane\"]\nlanguage = \"en\"\ndate = \"2024-01-28\"\nrights = \"CC-BY-SA 4.0\"\nchapters = [{}]\n",
            chapters.join(", ")
        ),
    )
    .unwrap();
    for e in examples {
        std::fs::write(dir.join(file_name(e)), chapter_text(e)).unwrap();
    }
}

/// A built book: the model, both editions, and every message.
struct Built {
    book: Book,
    epub: Vec<u8>,
    pdf: Vec<u8>,
    messages: Vec<String>,
}

fn build(dir: &Path) -> Result<Built, Vec<String>> {
    let strings = |d: &Diagnostics| d.items().iter().map(|m| m.to_string()).collect::<Vec<_>>();
    let (book, mut diags) = source::load_book(dir).map_err(|f| strings(&f.0))?;
    let wanted = Wanted {
        epub: true,
        pdf: true,
    };
    let editions = editions::render(&book, wanted, &mut diags).map_err(|f| strings(&f.0))?;
    Ok(Built {
        book,
        epub: editions.epub.expect("EPUB"),
        pdf: editions.pdf.expect("PDF").0,
        messages: strings(&diags),
    })
}

/// An example that cannot join the book, with its hazards.
type Alone = (Example, Vec<(Hazard, u32, u32)>);

/// The examples that can be built together, and those that cannot.
fn partition() -> (Vec<Example>, Vec<Alone>) {
    let mut together = Vec::new();
    let mut alone = Vec::new();
    for e in examples() {
        let found = hazards(&e);
        if found.is_empty() {
            together.push(e);
        } else {
            alone.push((e, found));
        }
    }
    (together, alone)
}

/// The spec book, built once per test run and shared by the tests.
fn spec_book() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let (together, _) = partition();
        let dir = tempfile::tempdir().unwrap();
        let refs: Vec<&Example> = together.iter().collect();
        write_book(dir.path(), "CommonMark Spec Examples", &refs);
        build(dir.path()).unwrap_or_else(|m| panic!("the spec book failed:\n{}", m.join("\n")))
    })
}

#[test]
fn the_spec_has_its_655_examples() {
    let all = examples();
    assert_eq!(all.len(), 655);
    assert_eq!(all[0].markdown, "\tfoo\tbaz\t\tbim\n");
    assert_eq!(all[0].spec_line, 355);
    let (together, alone) = partition();
    assert_eq!(together.len() + alone.len(), 655);
    // Measured: the examples with images (which name files the book does
    // not have, or remote addresses) or cross-references are built alone.
    assert_eq!((together.len(), alone.len()), (631, 24));
}

#[test]
fn every_example_builds_into_valid_editions() {
    let built = spec_book();
    let (together, _) = partition();
    assert_eq!(built.book.chapters.len(), together.len());
    let facts = check_epub(&built.epub).unwrap_or_else(|p| panic!("{}", p.join("\n")));
    // Every chapter page made it, under its own title.
    for e in &together {
        let title = format!("Example {}", e.number);
        assert!(
            facts.body_text.values().any(|t| t.contains(&title)),
            "no page for {title}"
        );
    }
    // Messages are all located in a chapter file: `…ex-NNN.md:line:col: `.
    for m in &built.messages {
        let first = m.lines().next().unwrap_or("");
        let mut parts = first.splitn(4, ':');
        let (file, line, col) = (parts.next(), parts.next(), parts.next());
        assert!(
            file.is_some_and(|f| f.ends_with(".md") && f.contains("ex-"))
                && line.is_some_and(|l| l.parse::<u32>().is_ok_and(|l| l > 0))
                && col.is_some_and(|c| c.parse::<u32>().is_ok_and(|c| c > 0)),
            "unlocated message: {m}"
        );
    }
}

/// Words of running text in the model (paragraphs, headings, notes), for
/// the PDF check.
fn model_words(book: &Book) -> Vec<String> {
    fn blocks(bs: &[Block], out: &mut Vec<String>) {
        for b in bs {
            match b {
                Block::Paragraph { content, .. } | Block::Heading { content, .. } => out.extend(
                    Inline::plain_text(content)
                        .split_whitespace()
                        .map(str::to_string),
                ),
                Block::BlockQuote { blocks: inner, .. } => blocks(inner, out),
                Block::List { items, .. } => items.iter().for_each(|i| blocks(i, out)),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for c in &book.chapters {
        out.extend(c.title_text.split_whitespace().map(str::to_string));
        blocks(&c.blocks, &mut out);
        for n in &c.notes {
            blocks(&n.blocks, &mut out);
        }
    }
    out
}

#[test]
fn the_pdf_parses_and_its_text_copies_out() {
    let built = spec_book();
    let text = pdf_text(&built.pdf).unwrap_or_else(|e| panic!("{e}"));
    let pdf_letters = letters(&text);
    let words = model_words(&built.book);
    assert!(words.len() > 2000, "{} words", words.len());
    // Every chapter title, and a sample of one word in seven of the text, in
    // reading order: each must be found after the one before.
    let mut missing = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let w = letters(word);
        if w.is_empty() || (i % 7 != 0 && !word.starts_with("Example")) {
            continue;
        }
        if !pdf_letters.contains(&w) {
            missing.push(word.clone());
        }
    }
    assert!(missing.is_empty(), "words not in the PDF text: {missing:?}");
}

#[test]
fn examples_with_images_or_cross_references_build_alone_and_say_where() {
    let (_, alone) = partition();
    assert!(!alone.is_empty());
    for (e, hazards) in &alone {
        let dir = tempfile::tempdir().unwrap();
        write_book(dir.path(), &format!("Example {}", e.number), &[e]);
        // No image file exists in these books. A figure (an image alone in
        // its paragraph) is an error that fails the build; an image inside
        // running text is never set (its description stands in) and is a
        // warning. A cross-reference to an id the chapter lacks is an error.
        // Every error is at a hazard's own place, and every image is named.
        let messages = match build(dir.path()) {
            Ok(built) => {
                check_epub(&built.epub).unwrap_or_else(|p| panic!("{}", p.join("\n")));
                built.messages
            }
            Err(messages) => messages,
        };
        let place = |line: u32, col: u32| format!("{}:{line}:{col}: ", file_name(e));
        for m in messages.iter().filter(|m| m.contains(": error: ")) {
            assert!(
                hazards.iter().any(|&(_, l, c)| m.contains(&place(l, c))),
                "example {} (spec.txt line {}): an error away from its images and links\n{m}",
                e.number,
                e.spec_line
            );
        }
        for &(hazard, line, col) in hazards {
            assert!(line > TITLE_LINES);
            if hazard == Hazard::Image {
                assert!(
                    messages
                        .iter()
                        .any(|m| m.contains(&place(line, col)) && m.contains(" image ")),
                    "example {} (spec.txt line {}): no message about the image at {}\n{}",
                    e.number,
                    e.spec_line,
                    place(line, col),
                    messages.join("\n")
                );
            }
        }
    }
}

#[test]
#[ignore = "runs EPUBCheck (Java); `cargo test -- --ignored`, as .ci/run does"]
fn epubcheck_passes_the_spec_book() {
    let (counts, messages) = epubcheck("commonmark-spec", &spec_book().epub);
    assert_eq!(
        counts,
        (0, 0, 0),
        "EPUBCheck fatal/error/warning counts\n{}",
        messages.join("\n")
    );
}

#[test]
#[ignore = "runs Ace by DAISY (Node + Chromium); `cargo test -- --ignored`, as .ci/run does"]
fn ace_passes_the_spec_book() {
    let violations = ace("commonmark-spec", &spec_book().epub);
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
#[ignore = "needs qpdf"]
fn qpdf_passes_the_spec_pdf() {
    qpdf_check("commonmark-spec", &spec_book().pdf).unwrap_or_else(|e| panic!("{e}"));
}
