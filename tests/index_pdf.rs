//! The printed index: every term marked in the text listed after the last
//! chapter, in two columns, with the pages its marks fell on, each page
//! number a link to the mark; listed in the contents and the outline; the
//! same bytes on one thread or two; nothing of it in a book without marks.

mod common;
use common::validators::qpdf_check;
use common::*;

#[path = "../benches/bookgen/mod.rs"]
mod bookgen;

use bookpack::diagnostics::Diagnostics;
use bookpack::model::Book;
use bookpack::pdf::book::{render_pdf, Built};
use bookpack::pdf::page::Page;
use bookpack::progress::Progress;

/// The PDF of `book` laid out whole (every page kept), with its warnings.
fn built(book: &Book) -> (Built, Diagnostics) {
    let mut diags = Diagnostics::new();
    let built = bookpack::pdf::book::build(book, &mut diags).unwrap_or_else(|f| panic!("{f}"));
    (built, diags)
}

/// A page's lines, left column then right: runs left of the page's middle
/// are the first column's (the index is set on a recto and a verso
/// alike from the text block's left edge, so the middle of the page
/// falls in the gutter or left of it on every page of the fixture's
/// geometry; the test checks that it parted something).
fn column_lines(page: &Page, middle: f32) -> Vec<String> {
    let mut out = Vec::new();
    for right in [false, true] {
        let mut by_y: Vec<(f32, String)> = Vec::new();
        for run in page.runs.iter().filter(|r| (r.x >= middle) == right) {
            let text: String = run.glyphs.iter().map(|g| g.text.as_str()).collect();
            match by_y.iter_mut().find(|(y, _)| (y - run.y).abs() < 0.01) {
                Some((_, line)) => line.push_str(&text),
                None => by_y.push((run.y, text)),
            }
        }
        by_y.sort_by(|a, b| a.0.total_cmp(&b.0));
        out.extend(by_y.into_iter().map(|(_, t)| t));
    }
    out
}

/// Where the index starts: the last page whose first line is the title
/// "Index" (the contents, which lists it, is not last).
fn index_start(built: &Built) -> usize {
    let pages = &built.document.pages;
    (0..pages.len())
        .rev()
        .find(|&p| page_lines_of(&pages[p]).first().map(String::as_str) == Some("Index"))
        .expect("an index page")
}

fn page_lines_of(page: &Page) -> Vec<String> {
    common::inspect::page_lines(page)
}

/// The folio printed on page `p` (0-based) of `built`.
fn folio(built: &Built, p: usize) -> String {
    (p + 1 - built.front_pages).to_string()
}

/// Every locator of the index links to a page before the index whose
/// printed number is the locator's text (a range: its first page), and
/// returns how many there are.
fn assert_locators_link_to_their_pages(built: &Built, start: usize) -> usize {
    let pages = &built.document.pages;
    let mut count = 0;
    for page in &pages[start..] {
        for link in &page.links {
            let text = common::inspect::text_in(page, &link.area);
            let first = text.split('\u{2013}').next().unwrap_or("");
            assert!(
                link.target.page < start,
                "{text}: links into the index itself"
            );
            assert_eq!(first, folio(built, link.target.page), "locator {text}");
            count += 1;
        }
    }
    count
}

#[test]
fn the_index_lists_each_term_with_the_pages_its_marks_are_on() {
    let book = load_whole(&book("indexed"));
    let (built, diags) = built(&book);
    assert!(diags.is_empty(), "{diags:?}");
    let start = index_start(&built);
    assert_eq!(start, built.document.pages.len() - 1, "one page of index");
    let middle = built.document.width / 2.0;
    let lines = column_lines(&built.document.pages[start], middle);
    // Letters headed, word by word, sub-entries under their headings,
    // cross-references after the locators.
    let at = |prefix: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line starts {prefix:?}: {lines:#?}"))
    };
    assert_eq!(
        lines[1], "1956 crisis, 3",
        "symbols and numbers first, unheaded"
    );
    assert!(at("B") < at("Brezhnev, Leonid, 3"));
    assert!(at("Khrushchev, Nikita, 1") < at("and Mao, 3"));
    assert!(at("and Mao") < at("fall of, 3"));
    assert!(
        lines.contains(&"secret speech, 1, 5".to_string()),
        "{lines:#?}"
    );
    assert!(lines.contains(&"revisionism. See Khrushchevism".to_string()));
    assert!(lines.contains(&"Khrushchevism. See also revisionism".to_string()));
    assert!(lines.contains(&"Mossad, 7".to_string()), "a mark in a note");
    assert!(lines.contains(&"Hungary, 1, 3".to_string()));
    // The first column ends before the right one starts: two columns.
    assert!(lines.contains(&"Khrushchev, Nikita (continued)".to_string()));
    // Every locator a link to its page; "1, 5" are two links.
    let links = assert_locators_link_to_their_pages(&built, start);
    assert_eq!(links, 25, "one link per page number printed");
}

#[test]
fn the_contents_and_the_outline_name_the_index() {
    let book = load_whole(&book("indexed"));
    let (built, _) = built(&book);
    let start = index_start(&built);
    let contents = built
        .document
        .pages
        .iter()
        .map(page_lines_of)
        .find(|l| l.first().is_some_and(|t| t == "Contents"))
        .expect("contents");
    let entry = contents
        .iter()
        .find(|l| l.starts_with("Index"))
        .expect("an entry for the index");
    assert!(entry.ends_with(&folio(&built, start)), "{entry}");
    let last = built.document.outline.last().expect("bookmarks");
    assert_eq!((last.title.as_str(), last.target.page), ("Index", start));
}

#[test]
fn a_long_index_runs_on_in_balanced_columns_with_ranges_and_continued_heads() {
    let dir = tempfile::tempdir().unwrap();
    bookgen::indexed(3).write(dir.path()).unwrap();
    let book = load_whole(dir.path());
    let (built, _) = built(&book);
    let start = index_start(&built);
    let pages = &built.document.pages;
    assert!(
        pages.len() - start >= 3,
        "{} index pages",
        pages.len() - start
    );
    let middle = built.document.width / 2.0;
    let text: Vec<Vec<String>> = pages[start..]
        .iter()
        .map(|p| column_lines(p, middle))
        .collect();
    let all: Vec<&String> = text.iter().flatten().collect();
    // Headings repeated where an entry runs on, ranges of pages, the
    // names' sub-entries numbered in order (2 before 10).
    assert!(all.iter().any(|l| l.ends_with("(continued)")));
    assert!(all.iter().any(|l| l.contains('\u{2013}')));
    let subs: Vec<&&String> = all.iter().filter(|l| l.starts_with("in chapter")).collect();
    assert!(subs.len() >= 6, "{subs:?}");
    // Each recto after the opening runs the head "Index" (a verso, the
    // book's title).
    for (p, page) in pages.iter().enumerate().skip(start + 1) {
        let head = page_lines_of(page).iter().any(|l| l.contains("Index"));
        assert_eq!(head, p % 2 == 0, "page {p}");
    }
    // Two columns on every full page: runs right of the middle.
    for page in &pages[start..pages.len() - 1] {
        assert!(page.runs.iter().any(|r| r.x > middle));
    }
    assert!(assert_locators_link_to_their_pages(&built, start) > 500);
}

#[test]
fn the_indexed_book_is_the_same_bytes_on_one_thread_or_two() {
    let dir = tempfile::tempdir().unwrap();
    bookgen::indexed(2).write(dir.path()).unwrap();
    let (book, _) = bookpack::source::load_book(dir.path()).unwrap_or_else(|f| panic!("{f}"));
    let render = |threads| {
        let mut diags = Diagnostics::new();
        render_pdf(&book, &mut diags, threads, &Progress::none())
            .unwrap_or_else(|f| panic!("{f}"))
            .0
    };
    let one = render(1);
    assert!(one == render(2), "one thread and two differ");
    assert!(one == render(2), "two builds differ");
}

#[test]
fn a_book_without_marks_prints_no_index() {
    let book = load_whole(&book("two-chapters"));
    let (built, _) = built(&book);
    for page in &built.document.pages {
        assert!(!page_lines_of(page).iter().any(|l| l == "Index"));
    }
    assert!(built.document.outline.iter().all(|e| e.title != "Index"));
}

#[test]
#[ignore = "needs qpdf (.ci/run installs it)"]
fn the_indexed_pdf_passes_qpdf() {
    let book = load_whole(&book("indexed"));
    let mut diags = Diagnostics::new();
    let (bytes, _) =
        render_pdf(&book, &mut diags, 2, &Progress::none()).unwrap_or_else(|f| panic!("{f}"));
    qpdf_check("indexed", &bytes).unwrap_or_else(|e| panic!("{e}"));
}
