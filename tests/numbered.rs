//! Numbered figures and tables: `[figures] numbering` and `[tables]
//! numbering` put "Figure 1.2." before a caption in both editions, and an
//! empty link (`[](#fig-plan)`) prints its target's number, a heading's
//! words or a chapter's title; an empty link whose target has no words
//! to lend is a located warning and is left out.

mod common;
use common::epub_read::{file, fixture_epub, parse};
use common::inspect::{letters, pdf_body_text};
use common::*;

/// The text of every element `tag` of an XHTML file, in order.
fn texts_of(xhtml: &str, tag: &str) -> Vec<String> {
    let doc = parse(xhtml);
    doc.descendants()
        .filter(|n| n.has_tag_name(tag))
        .map(common::epub_read::node_text)
        .collect()
}

const NB: &str = "\u{a0}";

#[test]
fn the_epub_numbers_captions_by_chapter_and_through_the_book() {
    let epub = fixture_epub("numbered");
    let preface = file(&epub, "preface.xhtml");
    let one = file(&epub, "chapter-1.xhtml");
    let two = file(&epub, "chapter-2.xhtml");
    // Figures by chapter (the preface, unnumbered, counts on its own);
    // tables through the book.
    assert_eq!(
        texts_of(preface, "figcaption"),
        [format!(
            "Figure{NB}1. The watch-tower, the surveyors’ first fixed point"
        )]
    );
    assert_eq!(
        texts_of(one, "figcaption"),
        [
            format!("Figure{NB}1.1. The line of the ridges seen from the tower"),
            format!("Figure{NB}1.2. Plan of the village: the market and the well1"),
        ]
    );
    assert_eq!(
        texts_of(one, "caption"),
        [format!("Table{NB}1. Angles taken in the first week")]
    );
    assert_eq!(
        texts_of(two, "caption"),
        [format!("Table{NB}2. The rates at the gate")]
    );
    // A figure without a caption is its number alone, without a stop.
    assert_eq!(texts_of(two, "figcaption"), [format!("Figure{NB}2.1")]);
    // The number is set apart, upright in the italic caption.
    assert!(
        one.contains(&format!(
            "<figcaption><span class=\"caption-label\">Figure{NB}1.1.</span> The line"
        )),
        "{one}"
    );
    let css = file(&epub, "style.css");
    assert_eq!(
        common::epub_read::rules_for(css, ".caption-label"),
        ["font-style: normal;"]
    );
}

#[test]
fn an_empty_link_prints_its_targets_number_heading_or_title() {
    let epub = fixture_epub("numbered");
    let links = |name: &str| texts_of(file(&epub, name), "a");
    assert_eq!(
        links("preface.xhtml"),
        [
            format!("Figure{NB}1"),
            "The Survey".to_string(),
            format!("Table{NB}2")
        ]
    );
    let one = links("chapter-1.xhtml");
    for words in [
        format!("Figure{NB}1"),
        format!("Figure{NB}1.2"),
        format!("Table{NB}1"),
        "Chaining the floor".to_string(),
    ] {
        assert!(one.contains(&words), "{words:?} in {one:?}");
    }
    assert!(links("chapter-2.xhtml").contains(&format!("Figure{NB}1.1")));
}

#[test]
fn an_at_reference_reaches_its_id_anywhere_in_the_book() {
    let epub = fixture_epub("numbered");
    let two = file(&epub, "chapter-2.xhtml");
    assert!(
        two.contains(&format!(
            "<a href=\"chapter-1.xhtml#tbl-angles\">Table{NB}1</a> and <a href=\"chapter-1.xhtml#sec-chaining\">Chaining the floor</a>"
        )),
        "{two}"
    );
    // Escaped, or inside an address, it is text.
    assert!(two.contains("; @fig-escaped is text"), "{two}");
    assert!(two.contains("ann@fig-tree.org"), "{two}");
}

/// A one-chapter book whose table has the id `tbl-sums`, `line` the
/// paragraph after it (line 9), built as an EPUB: the book's folder, the
/// output folder, and the build's stderr.
fn sums_book(line: &str) -> (tempfile::TempDir, tempfile::TempDir, String) {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A B\"]\nlanguage = \"en-GB\"\nchapters = [\"ch.md\"]\n",
        &[(
            "ch.md",
            &format!(
                "# One\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: Sums {{#tbl-sums}}\n\n{line}\n"
            ),
        )],
    );
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &["--epub"]);
    assert_exit(&o, 0);
    let err = stderr(&o);
    (dir, out, err)
}

#[test]
fn an_at_reference_to_nothing_or_to_an_unnumbered_figure_is_set_as_written() {
    let (_dir, out, err) = sums_book("See @tbl-sums and @fig-none.");
    assert!(
        has_located_message(&err, "ch.md", 9, 5, "warning")
            && err.contains(
                "cross reference `@tbl-sums` names a figure or table the book does not number"
            ),
        "{err}"
    );
    assert!(
        has_located_message(&err, "ch.md", 9, 19, "warning")
            && err.contains(
                "cross reference `@fig-none` names no figure, table, listing, theorem or heading"
            ),
        "{err}"
    );
    let epub = std::fs::read(out.path().join("t.epub")).unwrap();
    let epub = common::inspect::Epub::open(&epub).unwrap();
    let ch = file(&epub, "chapter-1.xhtml");
    assert!(
        ch.contains("See <a href=\"chapter-1.xhtml#tbl-sums\">@tbl-sums</a> and @fig-none."),
        "{ch}"
    );
}

#[test]
fn the_pdf_prints_the_numbers_and_the_empty_links_words() {
    let (dir, err) = build_fixture("numbered", &["--pdf"]);
    assert!(!err.contains("warning"), "{err}");
    let pdf = std::fs::read(dir.path().join("the-valley-road.pdf")).unwrap();
    let text = letters(&pdf_body_text(&pdf, None).unwrap());
    for words in [
        "Figure 1. The watch-tower, the surveyors’ first fixed point",
        "The tower of Figure 1 appears again in The Survey (p. 1)",
        "(see Figure 1, p. v)",
        "take their targets’ words too",
        "Figure 1.1. The line of the ridges seen from the tower",
        "as Figure 1.2 (p. 2) shows",
        "Table 1. Angles taken in the first week",
        "Table 1 gives the angles",
        "Table 2. The rates at the gate",
        "Figure 2.1",
    ] {
        assert!(text.contains(&letters(words)), "{words:?} in {text}");
    }
}

#[test]
fn an_empty_link_whose_target_lends_no_words_is_a_located_warning() {
    let (dir, out, err) =
        sums_book("See [](#tbl-sums) and [](#one), then [](https://example.org).");
    // Tables are not numbered in this book: nothing to lend.
    assert!(
        has_located_message(&err, "ch.md", 9, 5, "warning")
            && err.contains("link `#tbl-sums` has no text, and its target has none to lend it"),
        "{err}"
    );
    assert!(err.contains("[tables] numbering"), "{err}");
    // The chapter lends its title; a web address has nothing to lend.
    assert!(!err.contains("link `#one`"), "{err}");
    assert!(
        err.contains("link `https://example.org` has no text; it is left out"),
        "{err}"
    );
    // Numbered, the same link takes the table's number, silently.
    let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        format!("{toml}[tables]\nnumbering = \"book\"\n"),
    )
    .unwrap();
    let o = build_into(dir.path(), out.path(), &["--epub"]);
    assert_exit(&o, 0);
    assert!(!stderr(&o).contains("#tbl-sums"), "{}", stderr(&o));
}

/// Both editions of the fixture pass the validators: EPUBCheck and Ace
/// (the caption's number is a span inside `figcaption` and `caption`),
/// qpdf.
#[test]
#[ignore = "needs EPUBCheck, Ace and qpdf (.ci/run installs them)"]
fn the_numbered_editions_pass_the_validators() {
    let (dir, _) = build_fixture("numbered", &[]);
    let epub = std::fs::read(dir.path().join("the-valley-road.epub")).unwrap();
    let (counts, messages) = common::validators::epubcheck("numbered", &epub);
    assert_eq!(counts, (0, 0, 0), "{messages:#?}");
    let violations = common::validators::ace("numbered", &epub);
    assert!(violations.is_empty(), "{violations:#?}");
    let pdf = std::fs::read(dir.path().join("the-valley-road.pdf")).unwrap();
    common::validators::qpdf_check("numbered", &pdf).unwrap();
}
