//! Page references in print: a link inside the book whose target is set on
//! another page reads "(p. N)" after its text, N the folio of the target's
//! page; none on the target's own page, none with `[pdf] page-references =
//! false`, none in the EPUB; the same bytes every build, with or without
//! the watch cache.

mod common;
use common::epub_read::fixture_epub;
use common::inspect::{letters, pdf_body_text};
use common::*;

use bookpack::diagnostics::Diagnostics;
use bookpack::model::{Block, Book};
use bookpack::pdf::book::{render_pdf, Built};
use bookpack::progress::Progress;

fn load() -> Book {
    let (book, _) =
        bookpack::source::load_book(&book("page-references")).unwrap_or_else(|f| panic!("{f}"));
    book
}

fn render(book: &Book, threads: usize) -> (Vec<u8>, Built) {
    let mut diags = Diagnostics::new();
    render_pdf(book, &mut diags, threads, &Progress::none()).unwrap_or_else(|f| panic!("{f}"))
}

/// Each page's text, as [`letters`] reduces it.
fn page_letters(bytes: &[u8]) -> Vec<String> {
    let text = pdf_body_text(bytes, None).unwrap();
    text.split('\n').map(letters).collect()
}

/// The 0-based body page whose text holds `words`.
fn page_of(pages: &[String], front: usize, words: &str) -> usize {
    let needle = letters(words);
    (front..pages.len())
        .find(|&p| pages[p].contains(&needle))
        .unwrap_or_else(|| panic!("no page holds {words:?}"))
}

/// The page holding the link `words`, and the page number printed after
/// it (`None`: the text after it is no reference).
fn reference(pages: &[String], front: usize, words: &str) -> (usize, Option<usize>) {
    let needle = letters(words);
    let page = page_of(pages, front, words);
    let after = &pages[page][pages[page].find(&needle).unwrap() + needle.len()..];
    let number = after
        .strip_prefix('p')
        .map(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .filter(|digits| !digits.is_empty())
        .map(|digits| digits.parse().unwrap());
    (page, number)
}

/// The fixture's links, each with the words that find its target's page.
const LINKS: [(&str, &str); 4] = [
    (
        "see the table of rates",
        "The rates at the gate in the trust’s last year",
    ),
    (
        "the discussion in the chapter on tolls",
        "Toll rates The rates the trust settled",
    ),
    ("told in the chapter on bridges", "Chapter 3 Bridges"),
    (
        "see the first chapter",
        "Milestones The milestones were cut",
    ),
];

/// Checks every reference of the fixture's PDF; `front` is the count of
/// front-matter pages (folio 1 is the page after them).
fn assert_references(bytes: &[u8], front: usize) {
    let pages = page_letters(bytes);
    for (link, target) in LINKS {
        let (at, number) = reference(&pages, front, link);
        let to = page_of(&pages, front, target);
        assert_ne!(at, to, "{link}: the fixture wants it on another page");
        assert_eq!(number, Some(to + 1 - front), "{link} → {target}");
    }
    // The heading just below its link: no reference.
    let (at, number) = reference(&pages, front, "the note on milestones");
    assert_eq!(at, page_of(&pages, front, "Milestones The milestones"));
    assert_eq!(number, None);
}

#[test]
fn each_reference_reads_the_folio_of_its_targets_page_but_on_that_page() {
    let book = load();
    let (bytes, built) = render(&book, 1);
    assert_references(&bytes, built.front_pages);
    // Found in one round, held in the second.
    assert_eq!(built.reference_rounds, 2);
}

#[test]
fn the_build_is_the_same_bytes_every_time_on_any_threads_and_chapters_read_again() {
    let (once, _) = render(&load(), 1);
    assert_eq!(render(&load(), 1).0, once);
    assert!(render(&load(), 2).0 == once, "two threads differ");
    // What `bookpack build` loads: chapters as outlines, read again whole
    // as they are set (their links named as the outlines' are).
    let (outlined, _) = bookpack::source::load_book_to_build(&book("page-references")).unwrap();
    assert!(render(&outlined, 2).0 == once, "the outlined book differs");
}

#[test]
fn turned_off_no_link_gets_a_reference() {
    let mut book = load();
    book.pdf.page_references = false;
    let (bytes, built) = render(&book, 1);
    assert_eq!(built.reference_rounds, 0);
    let pages = page_letters(&bytes);
    for (link, _) in LINKS {
        assert_eq!(reference(&pages, built.front_pages, link).1, None, "{link}");
    }
}

/// The words of a label the user rewords are the PDF's: `page-reference`
/// after a link in running text, `page-reference-in-brackets` after one
/// inside round brackets ("(see the table of rates, p. 3)": no second
/// pair inside the first).
#[test]
fn the_labels_give_the_words_inside_brackets_and_out() {
    let squeezed = |book: &Book| {
        let (bytes, built) = render(book, 1);
        let text = pdf_body_text(&bytes, None).unwrap();
        let pages = page_letters(&bytes);
        let folio =
            |target: &str| page_of(&pages, built.front_pages, target) + 1 - built.front_pages;
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        (text, folio(LINKS[0].1), folio(LINKS[2].1))
    };
    let (text, table, bridges) = squeezed(&load());
    for want in [
        format!("(see the table of rates, p. {table})."),
        format!("told in the chapter on bridges (p. {bridges}):"),
    ] {
        assert!(text.contains(&want), "{want} in {text}");
    }
    let mut book = load();
    book.labels.page_reference = ", page {page},".into();
    book.labels.page_reference_in_brackets = " at page {page}".into();
    let (text, table, bridges) = squeezed(&book);
    for want in [
        format!("(see the table of rates at page {table})."),
        format!("told in the chapter on bridges, page {bridges},"),
    ] {
        assert!(text.contains(&want), "{want} in {text}");
    }
}

/// `bookpack watch` replays unchanged chapters: when another chapter's
/// change moves a target, the chapter linking to it is not served stale.
#[test]
fn a_rebuild_from_the_cache_follows_a_target_that_moved() {
    let book = load();
    let wanted = bookpack::editions::Wanted {
        epub: false,
        pdf: true,
    };
    let progress = Progress::none();
    let build = |book: &Book, caches: Option<&mut bookpack::editions::Caches>| {
        let mut diags = Diagnostics::new();
        bookpack::editions::render_cached(book, wanted, &mut diags, &progress, caches)
            .unwrap()
            .pdf
            .unwrap()
            .0
    };
    let mut caches = bookpack::editions::Caches::default();
    let first = build(&book, Some(&mut caches));
    assert!(first == build(&book, None));
    assert!(
        build(&book, Some(&mut caches)) == first,
        "an unchanged rebuild"
    );
    // A page more of text before the heading `Toll rates`: it moves on.
    let mut longer = book.clone();
    let tolls = &mut longer.chapters[1].blocks;
    let filler: Vec<Block> = tolls[..3].to_vec();
    for _ in 0..3 {
        tolls.splice(0..0, filler.iter().cloned());
    }
    let clean = build(&longer, None);
    assert!(
        build(&longer, Some(&mut caches)) == clean,
        "the rebuild differs"
    );
    let (_, built) = render(&longer, 1);
    let pages = page_letters(&clean);
    let moved = reference(&pages, built.front_pages, LINKS[1].0).1;
    let before = reference(&page_letters(&first), built.front_pages, LINKS[1].0).1;
    assert_ne!(moved, before, "the fixture's filler must move `Toll rates`");
    assert_references_loosely(&clean, built.front_pages);
}

/// [`assert_references`] for a book whose links may have come to share a
/// page with their targets.
fn assert_references_loosely(bytes: &[u8], front: usize) {
    let pages = page_letters(bytes);
    for (link, target) in LINKS {
        let (at, number) = reference(&pages, front, link);
        let to = page_of(&pages, front, target);
        let want = (at != to).then(|| to + 1 - front);
        assert_eq!(number, want, "{link} → {target}");
    }
}

/// The EPUB's links are live: no page references there.
#[test]
fn the_epub_has_its_links_and_no_page_references() {
    let epub = fixture_epub("page-references");
    let mut links = 0;
    for (name, xhtml) in epub.xhtml() {
        assert!(!xhtml.contains("(p.\u{a0}"), "{name}");
        links += xhtml.matches("href=\"chapter-2.xhtml#").count();
    }
    assert!(links >= 2, "{links}");
}

/// The text a reader sees (poppler, as a PDF viewer extracts it): each
/// reference reads "(p. N)", N the folio printed on the target's page
/// (set in the running head of a text page; an opening page prints none
/// but counts); with the references off, none.
#[test]
#[ignore = "needs poppler-utils"]
fn a_reader_sees_the_folio_printed_on_the_targets_page() {
    let pages = |dir: &std::path::Path| -> Vec<String> {
        let pdf = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == "pdf"))
            .expect("a .pdf");
        let out = std::process::Command::new("pdftotext")
            .args([pdf.to_str().unwrap(), "-"])
            .output()
            .unwrap_or_else(|e| {
                panic!("pdftotext is required (apt-get install poppler-utils): {e}")
            });
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        text.split('\u{c}')
            .map(|p| p.replace('\u{a0}', " "))
            .collect()
    };
    let (dir, _) = build_fixture("page-references", &["--pdf"]);
    let text = pages(dir.path());
    let front = text
        .iter()
        .position(|p| p.starts_with("Chapter 1"))
        .expect("chapter 1 opens the body");
    // The folio each text page prints above its text is its count from
    // the body's first page.
    let mut printed = 0;
    for (page, t) in text.iter().enumerate().skip(front) {
        if let Some(first) = t
            .lines()
            .next()
            .filter(|l| l.trim().parse::<usize>().is_ok())
        {
            assert_eq!(
                first.trim(),
                (page + 1 - front).to_string(),
                "page {}",
                page + 1
            );
            printed += 1;
        }
    }
    assert!(printed > 0, "no folio found printed");
    let joined: Vec<String> = text
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let page_with = |words: &str| {
        (front..joined.len())
            .find(|&p| joined[p].contains(words))
            .unwrap_or_else(|| panic!("no page holds {words:?}"))
    };
    // Inside round brackets the reference joins with a comma.
    for (link, target, bracketed) in [
        ("see the table of rates", "The rates at the gate", true),
        (
            "the discussion in the chapter on tolls",
            "Toll rates The rates",
            false,
        ),
        ("told in the chapter on bridges", "Chapter 3 Bridges", false),
        ("see the first chapter", "Milestones The milestones", true),
    ] {
        let to = page_with(target);
        let want = if bracketed {
            format!("{link}, p. {})", to + 1 - front)
        } else {
            format!("{link} (p. {})", to + 1 - front)
        };
        assert!(page_with(link) != to && page_with(&want) != to, "{want}");
    }
    assert!(joined[page_with("the note on milestones just below")].contains("Milestones"));
    // Turned off: none.
    let book_dir = tempfile::tempdir().unwrap();
    copy_dir(&book("page-references"), book_dir.path());
    let toml = book_dir.path().join("book.toml");
    let mut config = std::fs::read_to_string(&toml).unwrap();
    config.push_str("\n[pdf]\npage-references = false\n");
    std::fs::write(&toml, config).unwrap();
    let out = tempfile::tempdir().unwrap();
    assert_exit(&build_into(book_dir.path(), out.path(), &["--pdf"]), 0);
    let off = pages(out.path()).concat();
    assert!(!off.contains("(p. "), "{off}");
    assert!(off.contains("the chapter on tolls for what"));
}

/// Forty references before their target take ten lines more than their
/// links alone: they push the last links onto the page of the heading they
/// name, so the references the first round found are wrong and a third
/// round confirms the second's. Every number read is the target's page
/// (the links that come to share the heading's page read none).
#[test]
fn references_that_push_their_target_on_are_set_again_until_they_hold() {
    let sentence =
        "The carters waited at the inn below the gate and the keeper did well out of the snow. ";
    let mut md = String::from("# Roads\n\n");
    for k in 0..6 {
        md.push_str(&sentence.repeat(4 + k % 3));
        md.push_str("\n\n");
    }
    for _ in 0..10 {
        md.push_str("Cf. [the upper road](#the-upper-road) and [the tolls](02.md) and ");
        md.push_str("[again](#the-upper-road) and [more](02.md). ");
        md.push_str(sentence);
        md.push_str("\n\n");
    }
    md.push_str("## The upper road\n\nText after the heading. ");
    md.push_str(&sentence.repeat(8));
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A B\"]\nlanguage = \"en-GB\"\nchapters = [\"01.md\", \"02.md\"]\n",
        &[("01.md", &md), ("02.md", "# Tolls\n\nSome text.\n")],
    );
    let (book, _) = bookpack::source::load_book(dir.path()).unwrap();
    let (bytes, built) = render(&book, 2);
    assert_eq!(built.reference_rounds, 3);
    let pages = page_letters(&bytes);
    let front = built.front_pages;
    let heading = page_of(&pages, front, "The upper road Text after the heading") + 1 - front;
    let tolls = page_of(&pages, front, "Chapter 2 Tolls") + 1 - front;
    let all: String = pages.concat();
    for (link, folio) in [
        ("the upper road", heading),
        ("again", heading),
        ("the tolls", tolls),
        ("more", tolls),
    ] {
        let found = all.matches(&format!("{}p", letters(link))).count();
        let right = all.matches(&format!("{}p{folio}", letters(link))).count();
        // Those set on the heading's own page read none.
        assert!(
            found >= 5 && right == found,
            "{link} → {folio}: {right}/{found}"
        );
    }
}
