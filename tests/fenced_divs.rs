//! Pandoc's `:::` fenced divs read as pandoc reads them, through the
//! binary: the fixture `fenced-divs` gathers a callout, a theorem and a
//! passage inside list items and a callout in a note, keeps a `:::` of an
//! indented code block in its code, and sets the works cited where its
//! first `::: {#refs}` stands (a second one is a located warning); both
//! editions. A book without citations says its `{#refs}` places nothing.

mod common;
use common::epub_read::{file, fixture_epub};
use common::inspect::{letters, pdf_text};
use common::*;

#[test]
fn the_fixture_builds_with_a_located_warning_for_the_second_refs() {
    let (dir, err) = build_fixture("fenced-divs", &[]);
    assert!(
        has_located_message(&err, "03-afterword.md", 5, 1, "warning"),
        "{err}"
    );
    assert!(
        err.contains("a second `::: {#refs}` in the book is not read"),
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    // The PDF sets the callouts in their items and note, the code's
    // `:::`, and the works cited before the afterword.
    let pdf = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .unwrap();
    let text = letters(&pdf_text(&std::fs::read(pdf).unwrap()).unwrap());
    let at = |words: &str| {
        text.find(&letters(words))
            .unwrap_or_else(|| panic!("{words} missing"))
    };
    assert!(at("Wind the clock.") < at("Wind it gently"));
    assert!(at("Wind it gently") < at("A tip inside the first item."));
    assert!(at("A tip inside the first item.") < at("Set the hands."));
    assert!(at("Theorem 1.1") < at("Read the dial aloud."));
    assert!(at("The callout goes on after the code.") < at("After the callouts, Theorem 1.1"));
    assert!(at("The works cited, in the order of the style.") < at("Lamport, Leslie. 1978."));
    assert!(at("Lamport, Leslie. 1978.") < at("The afterword comes after the works cited."));
    assert!(text.contains(&letters("A warning inside the note.")));
}

#[test]
fn the_epub_sets_fenced_divs_in_their_items_and_notes_and_the_works_at_refs() {
    let epub = fixture_epub("fenced-divs");
    let steps = file(&epub, "chapter-1.xhtml");
    let item = |n: usize| {
        steps
            .split("<li>")
            .nth(n)
            .unwrap()
            .split("</li>")
            .next()
            .unwrap()
    };
    assert!(
        item(1).contains("<div class=\"callout callout-tip\" role=\"note\">")
            && item(1).contains("Wind it gently"),
        "{steps}"
    );
    assert!(item(2).contains("id=\"thm-hands\""), "{steps}");
    assert!(
        item(3).contains("<span lang=\"fr\" xml:lang=\"fr\">Il est midi.</span>"),
        "{steps}"
    );
    assert!(
        steps.contains("<a href=\"chapter-1.xhtml#thm-hands\">Theorem\u{a0}1.1</a>"),
        "{steps}"
    );
    let notes = file(&epub, "notes.xhtml");
    assert!(
        notes.contains("callout-warning") && notes.contains("A warning inside the note."),
        "{notes}"
    );
    // The works cited after the `{#refs}` div's paragraph, in chapter 2;
    // none in the afterword, where they would go without it.
    let refs = file(&epub, "chapter-2.xhtml");
    let para = refs
        .find("The works cited, in the order of the style.")
        .unwrap();
    let works = refs.find("id=\"ref-lamport1978\"").unwrap();
    assert!(para < works, "{refs}");
    assert!(!file(&epub, "chapter-3.xhtml").contains("ref-"));
}

#[test]
fn refs_in_a_book_without_a_bibliography_is_a_warning_and_left_out() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch.md\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ch.md"),
        "# T\n\nText.\n\n::: {#refs}\n:::\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &["--epub"]);
    assert_exit(&o, 0);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(has_located_message(&err, "ch.md", 5, 1, "warning"), "{err}");
    assert!(err.contains("the book has no bibliography"), "{err}");
}
