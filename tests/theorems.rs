//! Theorems through the binary: the fixture `theorems` (Quarto's divs,
//! six kinds numbered by chapter each in its own count, proofs, a remark
//! without an id, references within and across chapters) builds with its
//! two located warnings; both editions print the heads and the references'
//! words, the PDF its page references and the QED marks, the EPUB a
//! `div` per theorem styled only because the book has theorems; a German
//! book heads them in German; a duplicate id is an error.

mod common;
use common::epub_read::{file, fixture_epub, parse};
use common::inspect::{letters, pdf_text};
use common::*;

fn pdf_of(dir: &std::path::Path) -> String {
    let pdf = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .unwrap();
    pdf_text(&std::fs::read(pdf).unwrap()).unwrap()
}

#[test]
fn the_fixture_numbers_each_kind_by_chapter_and_tells_its_two_faults() {
    let (dir, err) = build_fixture("theorems", &[]);
    assert!(
        has_located_message(&err, "01-triangles.md", 42, 6, "warning"),
        "{err}"
    );
    assert!(err.contains("did you mean `#thm-euclid`?"), "{err}");
    assert!(
        has_located_message(&err, "02-circles.md", 27, 22, "warning"),
        "{err}"
    );
    assert!(err.contains("did you mean `@thm-thales`?"), "{err}");
    assert_eq!(err.matches("warning:").count(), 2, "{err}");
    let text = pdf_of(dir.path());
    let squeezed = letters(&text);
    for words in [
        // Heads: each kind counted apart, by chapter.
        "Definition 1.1 (Right triangle). A triangle is right",
        "Theorem 1.1 (Pythagoras). In a right triangle",
        "Lemma 1.1. The hypotenuse",
        "Corollary 1.1 (Isosceles).",
        "Theorem 1.2. If",
        "Remark. Euclid proves",
        "Theorem. A misspelt prefix",
        "Theorem 2.1 (Thales).",
        "Example 2.1 (The 3-4-5 triangle). The sides",
        "Theorem 2.2. An angle",
        "Remark 2.1. The theorem is named",
        "Proof. Let",
        // References: the target's words, with the page on another.
        "where Theorem 2.1 (p. 3) says",
        "Theorem 1.1 (p. 1) of the first chapter",
        "and Lemma 1.1 (p. 1) bounds them",
        "by Theorem 1.2 (p. 2) the triangle is right",
        // Misspelt, it is set as written.
        "@thm-thale",
    ] {
        assert!(
            squeezed.contains(&letters(words)),
            "{words} missing:\n{text}"
        );
    }
    // On its own page a reference has no page.
    assert!(
        squeezed.contains(&letters("by Theorem 2.1 it fits")),
        "{text}"
    );
    // Every proof ends in the mark: two in chapter 1, one in chapter 2.
    assert_eq!(text.matches('\u{220E}').count(), 3, "{text}");
}

#[test]
fn the_epub_sets_each_theorem_as_a_div_with_its_head_and_links_to_it() {
    let epub = fixture_epub("theorems");
    let one = file(&epub, "chapter-1.xhtml");
    parse(one);
    assert!(
        one.contains(
            "<div class=\"theorem-like theorem thm-plain\" id=\"thm-pythagoras\">\n\
         <p><strong class=\"theorem-head\">Theorem\u{a0}1.1</strong> \
         <span class=\"theorem-name\">(Pythagoras)</span>\
         <strong class=\"theorem-head\">.</strong> In a right triangle"
        ),
        "{one}"
    );
    assert!(one.contains("<div class=\"theorem-like definition thm-definition\" id=\"def-right\">"));
    assert!(one.contains(
        "<div class=\"theorem-like remark thm-remark\">\n<p><em class=\"theorem-head\">Remark</em>"
    ));
    // The proof ending in a display: the mark on a line after it.
    assert!(one.contains("<p class=\"qed-line\"><span class=\"qed\" aria-hidden=\"true\">\u{220E}</span></p>\n</div>"), "{one}");
    // Across chapters, to the other file.
    assert!(
        one.contains("<a href=\"chapter-2.xhtml#thm-thales\">Theorem\u{a0}2.1</a>"),
        "{one}"
    );
    let two = file(&epub, "chapter-2.xhtml");
    parse(two);
    assert!(
        two.contains("<a href=\"chapter-1.xhtml#lem-legs\">Lemma\u{a0}1.1</a>"),
        "{two}"
    );
    assert!(
        two.contains("one.<span class=\"qed\" aria-hidden=\"true\">\u{220E}</span></p>"),
        "{two}"
    );
    // The first heading is the example's name, not a section.
    assert!(
        two.contains("<span class=\"theorem-name\">(The 3-4-5 triangle)</span>"),
        "{two}"
    );
    assert!(!two.contains("<h2"), "{two}");
    // Styled by type alone, and only in a book with theorems.
    let css = file(&epub, "style.css");
    assert!(
        css.contains("div.thm-plain p {\n  font-style: italic;"),
        "{css}"
    );
    let plain = fixture_epub("callouts");
    assert!(!file(&plain, "style.css").contains("theorem-like"));
}

#[test]
fn a_german_book_heads_its_theorems_in_german_and_labels_can_be_renamed() {
    let chapter = |name: &str| std::fs::read_to_string(book("theorems").join(name)).unwrap();
    let (one, two) = (chapter("01-triangles.md"), chapter("02-circles.md"));
    let toml = "title = \"Dreiecke\"\nauthors = [\"T\"]\nlanguage = \"de\"\n\
                chapters = [\"01-triangles.md\", \"02-circles.md\"]\n\
                [labels]\nlemma = \"Hilfssatz {n}\"\n";
    let dir = temp_book(toml, &[("01-triangles.md", &one), ("02-circles.md", &two)]);
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &[]);
    assert_exit(&o, 0);
    let text = letters(&pdf_of(out.path()));
    for words in [
        "Satz 1.1 (Pythagoras).",
        "Definition 1.1 (Right triangle).",
        "Korollar 1.1",
        "Beweis.",
        "Bemerkung.",
        "Beispiel 2.1",
        "Hilfssatz 1.1. The hypotenuse",
        "and Hilfssatz 1.1",
    ] {
        assert!(text.contains(&letters(words)), "{words} missing");
    }
}

#[test]
fn a_theorem_id_used_twice_is_an_error_where_it_is() {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"a.md\"]\n",
        &[(
            "a.md",
            "# A\n\n::: {#thm-x}\nOne.\n:::\n\n::: {#thm-x}\nTwo.\n:::\n",
        )],
    );
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &[]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(has_located_message(&err, "a.md", 7, 1, "error"), "{err}");
    assert!(
        err.contains("theorem id `thm-x` is already used by the theorem at"),
        "{err}"
    );
}

/// The fixture's chapters under `toml`'s `[theorems]`, built into a
/// folder: its PDF's text and its EPUB's files.
fn fixture_with(theorems: &str) -> (String, common::inspect::Epub) {
    let chapter = |name: &str| std::fs::read_to_string(book("theorems").join(name)).unwrap();
    let (one, two) = (chapter("01-triangles.md"), chapter("02-circles.md"));
    let toml = format!(
        "title = \"T\"\nauthors = [\"T\"]\nlanguage = \"en\"\n\
         chapters = [\"01-triangles.md\", \"02-circles.md\"]\n[theorems]\n{theorems}"
    );
    let dir = temp_book(&toml, &[("01-triangles.md", &one), ("02-circles.md", &two)]);
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &[]);
    assert_exit(&o, 0);
    let epub = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "epub"))
        .unwrap();
    let epub = common::inspect::Epub::open(&std::fs::read(epub).unwrap()).unwrap();
    (letters(&pdf_of(out.path())), epub)
}

/// `[theorems] numbering = "book"`: each kind counted through the book;
/// with `shared = true` all kinds in one count, as amsthm's
/// `\newtheorem{lemma}[theorem]`. The heads, the references' words in
/// both editions and the PDF's page references agree.
#[test]
fn theorems_can_be_numbered_through_the_book_and_in_one_shared_count() {
    let (text, epub) = fixture_with("numbering = \"book\"\n");
    for words in [
        "Definition 1 (Right triangle).",
        "Theorem 1 (Pythagoras).",
        "Lemma 1. The hypotenuse",
        "Corollary 1 (Isosceles).",
        "Theorem 2. If",
        "Theorem 3 (Thales).",
        "Example 1 (The 3-4-5 triangle).",
        "Theorem 4. An angle",
        "Remark 1. The theorem is named",
        "where Theorem 3 (p. 3) says",
        "by Theorem 2 (p. 2) the triangle is right",
    ] {
        assert!(text.contains(&letters(words)), "{words} missing:\n{text}");
    }
    assert!(!text.contains(&letters("Theorem 1.1")), "{text}");
    let one = file(&epub, "chapter-1.xhtml");
    assert!(
        one.contains("<a href=\"chapter-2.xhtml#thm-thales\">Theorem\u{a0}3</a>"),
        "{one}"
    );

    let (text, epub) = fixture_with("numbering = \"book\"\nshared = true\n");
    for words in [
        "Definition 1 (Right triangle).",
        "Theorem 2 (Pythagoras).",
        "Lemma 3. The hypotenuse",
        "Corollary 4 (Isosceles).",
        "Theorem 5. If",
        "Theorem 6 (Thales).",
        "Example 7 (The 3-4-5 triangle).",
        "Theorem 8. An angle",
        "Remark 9. The theorem is named",
        "where Theorem 6 (p. 3) says",
        "and Lemma 3 (p. 1) bounds them",
    ] {
        assert!(text.contains(&letters(words)), "{words} missing:\n{text}");
    }
    let two = file(&epub, "chapter-2.xhtml");
    assert!(
        two.contains("<a href=\"chapter-1.xhtml#lem-legs\">Lemma\u{a0}3</a>"),
        "{two}"
    );

    // Shared, by chapter: 1.1, 1.2… and 2.1 again.
    let (text, _) = fixture_with("shared = true\n");
    for words in [
        "Definition 1.1",
        "Theorem 1.2 (Pythagoras).",
        "Lemma 1.3.",
        "Theorem 2.1 (Thales).",
        "Example 2.2",
        "Remark 2.4.",
    ] {
        assert!(text.contains(&letters(words)), "{words} missing:\n{text}");
    }
}

/// A value the setting does not know is an error in book.toml, where it
/// is, naming those it knows.
#[test]
fn an_unknown_theorem_numbering_is_a_located_error() {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"a.md\"]\n\
         [theorems]\nnumbering = \"section\"\n",
        &[("a.md", "# A\n\n::: {#thm-x}\nOne.\n:::\n")],
    );
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &[]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("book.toml:6:"), "{err}");
    assert!(err.contains("`chapter`") && err.contains("`book`"), "{err}");
}
