//! The EPUB's markup and stylesheet for blocks a review against Standard
//! Ebooks found wanting: epigraphs, code, narrowed blocks, right-to-left
//! pages. Each test builds a fixture book and reads its files back.

mod common;

use common::epub_read::{file, fixture_epub as epub_of, parse, rules_for};
use common::inspect::Epub;

const OPS: &str = "http://www.idpf.org/2007/ops";

/// Finding 6: a block quote opening a chapter, and one on a part's page,
/// is an epigraph (`epub:type="epigraph" role="doc-epigraph"`, as
/// Standard Ebooks and the `kind = "epigraph"` page mark one), its dash
/// line the source, set flush and not indented as a quote's second
/// paragraph; a quotation inside a chapter's text stays a quotation.
#[test]
fn opening_quotes_are_epigraphs_and_their_sources_stand_flush() {
    let e = epub_of("epigraphs");
    for (page, epigraph) in [
        ("part-i.xhtml", true),
        ("chapter-1.xhtml", true),
        ("chapter-2.xhtml", false),
    ] {
        let text = file(&e, page);
        let doc = parse(text);
        let quote = doc
            .descendants()
            .find(|n| n.has_tag_name("blockquote"))
            .unwrap_or_else(|| panic!("{page}: no quote"));
        let marked = (quote.attribute((OPS, "type")), quote.attribute("role"));
        let last = quote.children().rfind(|n| n.is_element()).unwrap();
        assert!(last.text().unwrap().starts_with('—'), "{page}");
        if epigraph {
            assert_eq!(marked, (Some("epigraph"), Some("doc-epigraph")), "{page}");
            assert_eq!(last.attribute("class"), Some("source"), "{page}");
        } else {
            assert_eq!(marked, (None, None), "{page}");
            assert_eq!(last.attribute("class"), None, "{page}");
        }
    }
    let css = file(&e, "style.css");
    let source = rules_for(css, "p.source").join(" ");
    assert!(source.contains("text-indent: 0;"), "{source}");
    assert!(source.contains("text-align:"), "{source}");
}

/// The text of `n` (its text descendants, in order).
fn text_of(n: roxmltree::Node) -> String {
    n.descendants()
        .filter(|t| t.is_text())
        .filter_map(|t| t.text())
        .collect()
}

/// Finding 2: each line of a code block is a span the stylesheet hangs
/// (a turnover starts deeper than its line, not at column 0), indented
/// lines classed by their indent; the block is set in from the text; and
/// what a reader copies is the code as written, character for character.
#[test]
fn code_lines_hang_and_copy_back_as_the_source() {
    let e = epub_of("content");
    let text = file(&e, "chapter-3.xhtml");
    let doc = parse(text);
    let blocks: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("code") && n.parent().is_some_and(|p| p.has_tag_name("pre")))
        .collect();
    assert_eq!(blocks.len(), 3);
    let listing = "fn main() {\n    let greeting = \"Hello, world!\";\n\tprintln!(\"{}\", greeting); // a tab before this line\n    if 1 < 2 && 3 > 2 { println!(\"a -- b ... 'x'\"); }\n}\n";
    assert_eq!(text_of(blocks[0]), listing);
    assert!(text_of(blocks[1]).starts_with("let very_long_line_of_code = [\"item000\", "));
    assert_eq!(
        text_of(blocks[2]),
        "$ bookpack build tests/books/content\nepub: out/maps-tables-and-code.epub\n"
    );
    for code in &blocks {
        let lines: Vec<_> = code.children().filter(|n| n.is_element()).collect();
        assert!(lines.iter().all(|l| l.has_tag_name("span")));
        // Nothing between the spans: each holds its own newline.
        assert!(code.children().all(|n| n.is_element()));
        assert_eq!(lines.len(), text_of(*code).lines().count());
    }
    let classes: Vec<Option<&str>> = blocks[0].children().map(|l| l.attribute("class")).collect();
    assert_eq!(
        classes,
        [None, Some("c4"), Some("c4"), Some("c4"), None],
        "the tab reaches column 4"
    );
    let css = file(&e, "style.css");
    let span = rules_for(css, "pre code > span").join(" ");
    assert!(span.contains("display: block;"), "{span}");
    assert!(
        span.contains("padding-left: 2ch;") && span.contains("text-indent: -2ch;"),
        "{span}"
    );
    assert_eq!(
        rules_for(css, "pre .c4"),
        ["padding-left: 3.6em; padding-left: 6ch; text-indent: -3.6em; text-indent: -6ch;"]
    );
    assert!(rules_for(css, "pre")
        .iter()
        .any(|r| r.contains("margin: 1em 0 1em 1em;")));
}

/// Finding 9: the text is justified, but the blocks set on a narrower
/// measure (a synopsis, a quotation, a definition, a bibliography's
/// hanging entries) are ragged, `text-align: start` after a `left` for
/// readers without it; and the fixture's pages hold each of them.
#[test]
fn narrowed_blocks_are_set_ragged() {
    let e = epub_of("narrow-blocks");
    let chapter = file(&e, "chapter-1.xhtml");
    for mark in ["<div class=\"synopsis\">", "<blockquote>", "<dd><p>"] {
        assert!(chapter.contains(mark), "{mark}");
    }
    // The bibliography's two entries, items of its list of entries.
    let bibliography = file(&e, "bibliography.xhtml");
    let doc = parse(bibliography);
    let section = doc
        .descendants()
        .find(|n| n.has_tag_name("section"))
        .unwrap();
    assert!(section.attribute("class") == Some("bibliography"));
    let items: Vec<_> = section
        .children()
        .filter(|n| n.has_tag_name("ul") && n.attribute("class") == Some("entries"))
        .flat_map(|ul| ul.children().filter(|n| n.has_tag_name("li")))
        .collect();
    assert_eq!(items.len(), 2, "{bibliography}");
    assert!(!section.children().any(|n| n.has_tag_name("p")));
    let css = file(&e, "style.css");
    assert!(rules_for(css, "p")[0].contains("text-align: justify;"));
    for selector in [
        ".synopsis p",
        "blockquote p",
        "dd p",
        "section.bibliography > ul.entries > li",
    ] {
        let rules = rules_for(css, selector);
        assert!(
            rules
                .iter()
                .any(|r| r.contains("text-align: left; text-align: start;")),
            "{selector}: {rules:?}"
        );
    }
}

/// Finding 12: in a right-to-left book an epigraph's source stands at the
/// line's end (`text-align: end`, left in Hebrew; `right` before it only
/// for readers without `end`), chapter labels in Hebrew and Arabic
/// scripts are not letter-spaced, and a note's back arrow is mirrored in
/// a right-to-left group, not the letters of a note cited twice.
#[test]
fn right_to_left_sources_labels_and_back_arrows_follow_the_line() {
    let css_of = |name: &str| {
        let e = epub_of(name);
        file(&e, "style.css").to_string()
    };
    let ltr = css_of("epigraphs");
    for selector in ["p.source", ".part blockquote p.source"] {
        let rules = rules_for(&ltr, selector).join(" ");
        assert!(
            rules.contains("text-align: right; text-align: end;"),
            "{selector}: {rules}"
        );
    }
    let rtl = css_of("hebrew");
    for lang in ["he", "ar", "fa", "ur"] {
        let rules = rules_for(&rtl, &format!(".chapter-number:lang({lang})"));
        assert_eq!(rules, ["letter-spacing: 0;"], "{lang}");
    }
    assert_eq!(
        rules_for(&rtl, "[dir=\"rtl\"] a.backlink"),
        ["display: inline-block; transform: scaleX(-1);"]
    );
    assert_eq!(
        rules_for(&rtl, "[dir=\"rtl\"] .backlinks a.backlink"),
        ["transform: none;"]
    );
    assert_eq!(
        rules_for(&rtl, ".endnotes [dir=\"ltr\"] a.backlink"),
        ["transform: none;"]
    );
    // A left-to-right book has none of it.
    assert!(!ltr.contains("scaleX") && !ltr.contains(":lang(he)"));
}

/// The chapter label bookpack adds ("Chapter 3", "פרק 2") is the book's
/// words: on a page in another language it is marked in the book's (and
/// its direction), so a voice reads it so (WCAG 3.1.2). A French chapter
/// of an English book had "Chapter 3" marked French; an English chapter
/// of a Hebrew book had "פרק 2" marked English.
#[test]
fn a_chapter_label_is_marked_in_the_books_language() {
    let labels = |name: &str| -> Vec<(String, Option<String>, Option<String>)> {
        let e = epub_of(name);
        let mut found = Vec::new();
        for (path, bytes) in &e.files {
            if !path.starts_with("EPUB/chapter-") {
                continue;
            }
            let text = std::str::from_utf8(bytes).unwrap();
            let doc = parse(text);
            let page_lang = doc.root_element().attribute("lang").map(str::to_string);
            for span in doc
                .descendants()
                .filter(|n| n.attribute("class") == Some("chapter-number"))
            {
                let lang = span.attribute("lang").map(str::to_string);
                assert_eq!(
                    lang,
                    span.attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
                        .map(str::to_string),
                    "{path}: lang and xml:lang agree"
                );
                found.push((
                    format!("{path} {}", page_lang.clone().unwrap_or_default()),
                    lang,
                    span.attribute("dir").map(str::to_string),
                ));
            }
        }
        found.sort();
        found
    };
    // whole-book (en-GB): chapters 3 and 4 are French and German.
    let whole = labels("whole-book");
    for (page, lang, dir) in &whole {
        if page.ends_with(" fr") || page.ends_with(" de") {
            assert_eq!(lang.as_deref(), Some("en-GB"), "{page}");
        } else {
            assert_eq!(lang, &None, "{page}: the page's own language");
        }
        assert_eq!(dir, &None, "{page}: both left to right");
    }
    assert!(whole.iter().any(|(_, l, _)| l.is_some()), "{whole:?}");
    // hebrew (he): its English chapter's label is Hebrew, right to left.
    let hebrew = labels("hebrew");
    let english: Vec<_> = hebrew
        .iter()
        .filter(|(p, _, _)| p.ends_with(" en"))
        .collect();
    assert!(!english.is_empty(), "{hebrew:?}");
    for (page, lang, dir) in english {
        assert_eq!(lang.as_deref(), Some("he"), "{page}");
        assert_eq!(dir.as_deref(), Some("rtl"), "{page}");
    }
}

/// Korean text asks reading systems to break lines at its word spaces
/// only (`word-break: keep-all`), as Korean books are set and as the
/// print edition does; a book without Korean has no such rule.
#[test]
fn korean_passages_break_at_word_spaces_only() {
    let dir = common::temp_book(
        "title = \"Postcards\"\nauthors = [\"Ann Example\"]\nlanguage = \"en-GB\"\n\
         date = \"2025\"\nchapters = [\"01.md\"]\n",
        &[(
            "01.md",
            "# Seoul\n\nThe letter: <span lang=\"ko\">인쇄소는 아주 바쁩니다.</span>\n",
        )],
    );
    let out = tempfile::tempdir().unwrap();
    let o = common::build_into(dir.path(), out.path(), &["--epub"]);
    common::assert_exit(&o, 0);
    let path = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "epub"))
        .expect("an .epub");
    let e = Epub::open(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(
        rules_for(file(&e, "style.css"), ":lang(ko)"),
        ["word-break: keep-all;"]
    );
    let other = epub_of("hebrew");
    assert!(rules_for(file(&other, "style.css"), ":lang(ko)").is_empty());
}
