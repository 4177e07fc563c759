//! A book loaded to build (chapters held as outlines, each read again whole when an edition sets it) gives the very chapters, diagnostics and editions of a book loaded whole: every fixture book and the first book.

mod common;

use std::path::{Path, PathBuf};

use bookpack::diagnostics::Diagnostics;
use bookpack::editions::{self, Wanted};
use bookpack::model::{Block, Book, Chapter, Inline};
use bookpack::source;

fn books() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("tests/books"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("book.toml").is_file())
        .collect();
    dirs.sort();
    dirs.push(root.join("source"));
    assert!(dirs.len() > 20, "the fixture books are found: {dirs:?}");
    dirs
}

fn messages(diags: &Diagnostics) -> Vec<String> {
    diags.items().iter().map(|d| d.to_string()).collect()
}

/// Bytes of text (runs of text and code) in the chapters as held, but
/// for their headings and captions (an outline keeps those whole).
fn text_held(book: &Book) -> usize {
    fn inlines(list: &[Inline]) -> usize {
        list.iter()
            .map(|i| match i {
                Inline::Text { text } | Inline::Code { text } => text.len(),
                other => inlines(other.children()),
            })
            .sum()
    }
    let mut total = 0;
    for chapter in &book.chapters {
        for block in chapter.synopsis.iter().chain(&chapter.blocks) {
            block.walk(&mut |b| match b {
                Block::Heading { .. } | Block::Figure { .. } => {}
                Block::Table { head, rows, .. } => {
                    total += head
                        .iter()
                        .chain(rows.iter().flatten())
                        .map(|c| inlines(c))
                        .sum::<usize>()
                }
                Block::CodeBlock { text, .. } => total += text.len(),
                // Those holding blocks are walked into.
                Block::BlockQuote { .. } | Block::List { .. } => {}
                Block::DefinitionList { items, .. } => {
                    total += items.iter().map(|i| inlines(&i.term)).sum::<usize>()
                }
                other => other.for_each_inlines(&mut |list| total += inlines(list)),
            });
        }
    }
    total
}

#[test]
fn chapters_read_again_are_the_chapters_loaded_whole() {
    let mut outlined = 0;
    for dir in books() {
        let whole = source::load_book(&dir);
        let to_build = source::load_book_to_build(&dir);
        let (whole, whole_diags, to_build, build_diags) = match (whole, to_build) {
            (Ok((w, wd)), Ok((b, bd))) => (w, wd, b, bd),
            (Err(w), Err(b)) => {
                assert_eq!(messages(&w.0), messages(&b.0), "{}", dir.display());
                continue;
            }
            (w, b) => panic!(
                "{}: loaded whole: {:?}; loaded to build: {:?}",
                dir.display(),
                w.map(|_| ()),
                b.map(|_| ())
            ),
        };
        assert_eq!(
            messages(&whole_diags),
            messages(&build_diags),
            "{}",
            dir.display()
        );
        assert_eq!(whole.chapters.len(), to_build.chapters.len());
        for index in 0..whole.chapters.len() {
            let again = to_build
                .chapter_whole(index)
                .unwrap_or_else(|f| panic!("{f}"));
            assert!(
                *again == whole.chapters[index],
                "{}: chapter {index} read again differs from the one loaded whole",
                dir.display()
            );
            // The outline is the chapter but for its body's text.
            let bare = |c: &Chapter| Chapter {
                synopsis: Vec::new(),
                blocks: Vec::new(),
                ..c.clone()
            };
            assert!(
                bare(&to_build.chapters[index]) == bare(&whole.chapters[index]),
                "{}: the outline of chapter {index} differs from it beyond the body",
                dir.display()
            );
        }
        // The outlines hold no text but headings and captions; the whole
        // chapters do.
        assert_eq!(text_held(&to_build), 0, "{}", dir.display());
        if text_held(&whole) > 0 {
            outlined += 1;
        }
    }
    assert!(outlined > 15, "{outlined} books with text compared");
}

#[test]
fn a_book_loaded_to_build_makes_the_same_editions() {
    for dir in books() {
        let (Ok((whole, _)), Ok((to_build, _))) =
            (source::load_book(&dir), source::load_book_to_build(&dir))
        else {
            continue;
        };
        let both = Wanted {
            epub: true,
            pdf: true,
        };
        let render = |book: &Book| editions::render(book, both, &mut Diagnostics::new());
        match (render(&whole), render(&to_build)) {
            (Ok(a), Ok(b)) => {
                assert!(a.epub == b.epub, "{}: the EPUBs differ", dir.display());
                let (a_pdf, a_report) = a.pdf.expect("a PDF");
                let (b_pdf, b_report) = b.pdf.expect("a PDF");
                assert!(a_pdf == b_pdf, "{}: the PDFs differ", dir.display());
                assert_eq!(a_report, b_report, "{}", dir.display());
            }
            (Err(a), Err(b)) => assert_eq!(messages(&a.0), messages(&b.0), "{}", dir.display()),
            (a, b) => panic!(
                "{}: whole: {:?}; to build: {:?}",
                dir.display(),
                a.map(|_| ()),
                b.map(|_| ())
            ),
        }
    }
}

/// A chapter edited between the loading and the setting is not set from
/// its new text with the old book's numbers and ids: the build says the
/// file changed.
#[test]
fn a_chapter_changed_during_the_build_fails_it_with_its_name() {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(&common::book("two-chapters"), tmp.path());
    let (book, _) = source::load_book_to_build(tmp.path()).unwrap_or_else(|f| panic!("{f}"));
    let file = tmp.path().join(&book.chapters[1].file);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("\n\n", "\n\nA new paragraph.\n\n")).unwrap();
    // The first chapter is as it was.
    assert!(book.chapter_whole(0).is_ok());
    let failure = book.chapter_whole(1).map(|_| ()).unwrap_err();
    let message = messages(&failure.0).join("\n");
    assert!(
        message.contains(&book.chapters[1].file)
            && message.contains("the file changed while the book was being built"),
        "{message}"
    );
    // And so does the build of both editions.
    let both = Wanted {
        epub: true,
        pdf: true,
    };
    let failure = editions::render(&book, both, &mut Diagnostics::new()).unwrap_err();
    assert!(
        messages(&failure.0).join("\n").contains("the file changed"),
        "{:?}",
        messages(&failure.0)
    );
}

/// Issue 10: the EPUB follows the PDF's reading of the chapters
/// (`model::Pace`), so both editions take a chapter from one reading
/// instead of parsing it twice: about one reading a chapter (a few more
/// when the PDF's workers run ahead of the chapters kept). Made alone,
/// each edition reads every chapter itself: twice as many, and this
/// fails.
#[test]
fn both_editions_take_each_chapter_from_one_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let count = 24;
    let sentence = "The committee met again in the spring, and the minutes of its \
                    sessions, kept by a secretary who never spoke, say little of what \
                    was argued and much of who was present. ";
    let mut toml = String::from(
        "title = \"Readings\"\nauthors = [\"A. Test\"]\nlanguage = \"en\"\nchapters = [\n",
    );
    for i in 1..=count {
        let file = format!("c{i:02}.md");
        toml.push_str(&format!("  \"{file}\",\n"));
        let paragraph = sentence.repeat(4 + i % 3);
        std::fs::write(
            tmp.path().join(&file),
            format!("# Chapter {i}\n\n{paragraph}\n\n{paragraph}\n\n{paragraph}\n"),
        )
        .unwrap();
    }
    toml.push_str("]\n");
    std::fs::write(tmp.path().join("book.toml"), toml).unwrap();
    let (book, _) = source::load_book_to_build(tmp.path()).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(
        book.readings(),
        0,
        "loading reads each file once, not again"
    );
    let both = Wanted {
        epub: true,
        pdf: true,
    };
    let made =
        editions::render(&book, both, &mut Diagnostics::new()).unwrap_or_else(|f| panic!("{f}"));
    assert!(made.epub.is_some() && made.pdf.is_some());
    let readings = book.readings();
    eprintln!("{readings} readings for {count} chapters, both editions");
    // Shared, each chapter is read once (24); unshared, twice (48). The
    // EPUB takes a chapter from the PDF's reading while the source still
    // keeps it, so a follower starved of its core (a loaded machine: 31
    // to 34 were seen with builds running beside the tests) reads a few
    // again: the bound is halfway between, far from either cause of doubt.
    assert!(
        (count..count + count / 2).contains(&readings),
        "{readings} readings of {count} chapters"
    );
}
