//! Passages in another language than their chapter's (issue 8): the
//! fixture `tests/books/passages` marks French, German, Latin and Klingon
//! passages with `<span lang>` (and `dir`) and a `::: {lang=fr}` block.
//! The EPUB says each passage's language (`lang` and `xml:lang`); the PDF
//! hyphenates each with its language's patterns (the unit test
//! `a_passage_marked_in_another_language_is_hyphenated_with_its_patterns`
//! measures that) and warns, at the passage, for a language without them.

mod common;
use common::inspect::{letters, pdf_text, Epub};
use common::*;
use std::fs;

/// The fixture built into a temporary folder: (EPUB bytes, PDF bytes, stderr).
fn built() -> (Vec<u8>, Vec<u8>, String) {
    let (out, err) = build_fixture("passages", &[]);
    (
        fs::read(out.path().join("other-tongues.epub")).unwrap(),
        fs::read(out.path().join("other-tongues.pdf")).unwrap(),
        err,
    )
}

/// Every text of the chapter under an element whose `xml:lang` is `lang`
/// (the nearest one up the tree), as letters.
fn text_in(doc: &roxmltree::Document<'_>, lang: &str) -> String {
    const XML: &str = "http://www.w3.org/XML/1998/namespace";
    let mut out = String::new();
    for node in doc.descendants().filter(|n| n.is_text()) {
        let nearest = node
            .ancestors()
            .find_map(|a| a.attribute((XML, "lang")))
            .unwrap_or("");
        if nearest == lang {
            out.push_str(node.text().unwrap_or(""));
            out.push(' ');
        }
    }
    letters(&out)
}

#[test]
fn the_epub_marks_each_passage_with_its_language() {
    let (epub, _, _) = built();
    let epub = Epub::open(&epub).unwrap();
    let (_, chapter) = epub
        .xhtml()
        .find(|(name, _)| name.ends_with("chapter-1.xhtml"))
        .unwrap();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(chapter, options).unwrap();
    // Every element with a `lang` has the same `xml:lang` (EPUB reading
    // systems read the second, HTML tools the first).
    for node in doc.descendants().filter(|n| n.attribute("lang").is_some()) {
        assert_eq!(
            node.attribute("lang"),
            node.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
            "{node:?}"
        );
    }
    let french = text_in(&doc, "fr");
    for passage in [
        "le gouvernement extraordinairement prudent ne reconnaîtra jamais cette déclaration",
        // The `::: {lang=fr}` block: a paragraph, a heading and a list.
        "Le gouvernement provisoire, réuni extraordinairement dans la nuit",
        "Une déclaration",
        "La première condition était la paix.",
        "La seconde, le pain.",
    ] {
        assert!(french.contains(&letters(passage)), "{passage}: {french}");
    }
    assert_eq!(
        text_in(&doc, "de"),
        letters("Donaudampfschifffahrtsgesellschaftskapitän „Nie wieder ‚Krieg‘“")
    );
    assert_eq!(text_in(&doc, "la"), letters("pacta sunt servanda"));
    assert!(text_in(&doc, "tlh").starts_with(&letters("tlhIngan Hol")));
    // The chapter's own text stays in the chapter's language.
    let english = text_in(&doc, "en-GB");
    assert!(english.contains(&letters("The delegates arrived in the evening")));
    assert!(!english.contains(&letters("gouvernement")));
    // `dir` is kept as written.
    let latin = doc
        .descendants()
        .find(|n| n.attribute("lang") == Some("la"))
        .unwrap();
    assert_eq!(latin.attribute("dir"), Some("ltr"));
    assert_eq!(latin.tag_name().name(), "span");
}

#[test]
fn the_pdf_sets_every_passage_and_warns_where_a_language_has_no_patterns() {
    let (_, pdf, err) = built();
    assert!(
        has_located_message(&err, "01-tongues.md", 20, 1, "warning"),
        "{err}"
    );
    assert!(
        err.contains("no hyphenation patterns for language `tlh`"),
        "{err}"
    );
    // One warning for it, none for the languages that have patterns.
    assert_eq!(err.matches("no hyphenation patterns").count(), 1, "{err}");
    let text = letters(&pdf_text(&pdf).unwrap());
    for passage in [
        "le gouvernement extraordinairement prudent ne reconnaîtra jamais cette déclaration",
        "Donaudampfschifffahrtsgesellschaftskapitän",
        "Le gouvernement provisoire, réuni extraordinairement dans la nuit",
        "tlhIngan Hol Dajatlh’a’",
    ] {
        assert!(text.contains(&letters(passage)), "{passage}");
    }
}

/// `<span>` left open is closed with its paragraph, with a warning at it;
/// a `<span>` with another attribute stays raw HTML, shown as text.
#[test]
fn an_unclosed_or_unknown_span_is_a_located_warning() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("book.toml"),
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en-GB\"\nchapters = [\"01-a.md\"]\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("01-a.md"),
        "# A\n\nOpen <span lang=\"fr\">jamais fermé.\n\nA <span class=\"x\">classed</span> span.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = bookpack(&[
        "build",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--epub",
    ]);
    assert_exit(&o, 0);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "01-a.md", 3, 6, "warning"),
        "{err}"
    );
    assert!(err.contains("`<span>` is not closed"), "{err}");
    assert!(
        err.contains("raw HTML `<span class=\"x\">` is kept as text"),
        "{err}"
    );
    let epub = Epub::open(&fs::read(out.join("t.epub")).unwrap()).unwrap();
    let (_, chapter) = epub
        .xhtml()
        .find(|(n, _)| n.ends_with("chapter-1.xhtml"))
        .unwrap();
    assert!(
        chapter.contains("<span lang=\"fr\" xml:lang=\"fr\">jamais fermé.</span>"),
        "{chapter}"
    );
}

#[test]
#[ignore = "needs EPUBCheck and Ace (.ci/run installs them)"]
fn passages_keep_epubcheck_and_ace_clean() {
    let (epub, _, _) = built();
    let (counts, messages) = common::validators::epubcheck("passages", &epub);
    assert_eq!(counts, (0, 0, 0), "{messages:#?}");
    let violations = common::validators::ace("passages", &epub);
    assert!(violations.is_empty(), "{violations:#?}");
}

/// Quotation marks inside a passage are its language's, in both editions:
/// « » (with French spacing) in French, „ “ and ‚ ‘ in German, while the
/// chapter's English text around them keeps “ ”.
#[test]
fn a_passage_takes_its_own_languages_quotation_marks_in_both_editions() {
    let (epub, pdf, _) = built();
    let epub = Epub::open(&epub).unwrap();
    let (_, chapter) = epub
        .xhtml()
        .find(|(name, _)| name.ends_with("chapter-1.xhtml"))
        .unwrap();
    for expected in [
        "<span lang=\"fr\" xml:lang=\"fr\">«\u{202f}Plus jamais la guerre\u{202f}!\u{202f}»</span>",
        "<span lang=\"de\" xml:lang=\"de\">„Nie wieder ‚Krieg‘“</span>",
        "said “thank you” in English",
        // The `::: {lang=fr}` block.
        "La seconde, «\u{202f}le pain\u{202f}».",
    ] {
        assert!(chapter.contains(expected), "{expected}: {chapter}");
    }
    // The PDF's text, spaces of any width aside.
    let text: String = pdf_text(&pdf)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for expected in [
        "«Plusjamaislaguerre!»",
        "„Niewieder‚Krieg‘“",
        "“thankyou”",
        "«lepain»",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
}

/// Pandoc's bracketed spans are passages too: `[words]{lang=fr}` marks
/// its words as `<span lang>` does, in the text and in a heading,
/// `[words]{.smallcaps}` sets small capitals; a span with an attribute
/// bookpack does not read is its words alone and a located warning, and
/// brackets with prose in braces after them stay text.
#[test]
fn pandoc_bracketed_spans_mark_passages_and_small_capitals() {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A B\"]\nlanguage = \"en-GB\"\nchapters = [\"ch.md\"]\n",
        &[(
            "ch.md",
            "# The [Duma]{lang=ru} Debates\n\nThe delegate said [le *gouvernement*]{lang=\"fr\"} to the\n\
             [unesco]{.smallcaps} seat, and an [underlined]{.underline} word [sic] {see below}.\n",
        )],
    );
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &[]);
    assert_exit(&o, 0);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "ch.md", 4, 47, "warning")
            && err.contains("pandoc's span attribute `.underline` is not read"),
        "{err}"
    );
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    let epub = Epub::open(&fs::read(out.path().join("t.epub")).unwrap()).unwrap();
    let chapter = common::epub_read::file(&epub, "chapter-1.xhtml");
    let doc = common::epub_read::parse(chapter);
    assert_eq!(text_in(&doc, "fr"), letters("le gouvernement"));
    assert_eq!(text_in(&doc, "ru"), letters("Duma"));
    assert!(
        chapter.contains("<span class=\"smallcaps\">unesco</span> seat, and an underlined word [sic] {see below}."),
        "{chapter}"
    );
    let pdf = pdf_text(&fs::read(out.path().join("t.pdf")).unwrap()).unwrap();
    assert!(
        letters(&pdf).contains(&letters("said le gouvernement to the unesco seat")),
        "{pdf}"
    );
    assert!(
        !pdf.contains("{lang") && !pdf.contains("{.smallcaps"),
        "{pdf}"
    );
}
