//! The EPUB's semantic markup, at Standard Ebooks' level: verse in
//! epigraphs marked and set as verse, Z39.98 and EPUB structural types a
//! screen reader or a reading system acts on, and the package's
//! accessibility metadata. Each test builds a fixture book and reads its
//! files back.

mod common;

use common::inspect::Epub;

const OPS: &str = "http://www.idpf.org/2007/ops";

/// The fixture `name` built as an EPUB alone, its bytes.
fn epub_bytes(name: &str) -> Vec<u8> {
    let (dir, _) = common::build_fixture(name, &["--epub"]);
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "epub"))
        .expect("an .epub");
    std::fs::read(file).unwrap()
}

fn epub_of(name: &str) -> Epub {
    Epub::open(&epub_bytes(name)).unwrap()
}

/// The text of the file `EPUB/name`.
fn file<'a>(e: &'a Epub, name: &str) -> &'a str {
    let bytes = e
        .files
        .get(&format!("EPUB/{name}"))
        .unwrap_or_else(|| panic!("no {name}"));
    std::str::from_utf8(bytes).unwrap()
}

fn parse(text: &str) -> roxmltree::Document<'_> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, opts).unwrap()
}

/// The declarations of every rule in `css` whose selector list names
/// `selector` exactly, in order, whitespace squeezed.
fn rules_for(css: &str, selector: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let head = &rest[..open];
        let head = head.rsplit("*/").next().unwrap_or(head);
        if head.split(',').any(|s| s.trim() == selector) {
            let body: Vec<&str> = rest[open + 1..close].split_whitespace().collect();
            out.push(body.join(" "));
        }
        rest = &rest[close + 1..];
    }
    out
}

/// The text of `n` (its text descendants, in order).
fn text_of(n: roxmltree::Node) -> String {
    n.descendants()
        .filter(|t| t.is_text())
        .filter_map(|t| t.text())
        .collect()
}

fn epub_type<'a>(n: roxmltree::Node<'a, '_>) -> Option<&'a str> {
    n.attribute((OPS, "type"))
}

/// Review finding 7: verse in an epigraph (lines ended by `\`) is marked
/// as body verse is — a `z3998:poem` block, a `<p>` per stanza, a `<span>`
/// per line — inside the epigraph's quote, on an epigraph's page, a
/// part's page and under a chapter's heading alike; the stylesheet centres
/// the block on its longest line with its lines flush left (each line
/// centred on its own, a turnover read as a line of the poem). The page
/// declares the z3998 prefix.
#[test]
fn epigraph_verse_is_marked_and_set_as_verse() {
    let e = epub_of("semantics");
    for (page, stanzas, first) in [
        (
            "epigraph.xhtml",
            vec![2, 2],
            "Whan that Aprille with his shoures soote",
        ),
        ("part-i.xhtml", vec![2], "Tyger Tyger, burning bright,"),
        (
            "chapter-1.xhtml",
            vec![2],
            "Shall I compare thee to a summer’s day, or to some other season of the year?",
        ),
    ] {
        let text = file(&e, page);
        let doc = parse(text);
        assert!(
            doc.root_element().attribute((OPS, "prefix")).is_some_and(
                |p| p.starts_with("z3998: http://www.daisy.org/z3998/2012/vocab/structure/")
            ),
            "{page}: no z3998 prefix"
        );
        let quote = doc
            .descendants()
            .find(|n| n.has_tag_name("blockquote"))
            .unwrap_or_else(|| panic!("{page}: no quote"));
        let epigraph = quote
            .ancestors()
            .any(|n| n.attribute("role") == Some("doc-epigraph"));
        assert!(epigraph, "{page}: the quote is no epigraph");
        let poem = quote
            .children()
            .find(|n| n.has_tag_name("div"))
            .unwrap_or_else(|| panic!("{page}: no verse in the epigraph:\n{text}"));
        assert_eq!(poem.attribute("class"), Some("verse"), "{page}");
        assert_eq!(epub_type(poem), Some("z3998:poem"), "{page}");
        let found: Vec<usize> = poem
            .children()
            .filter(|n| n.has_tag_name("p"))
            .map(|p| p.children().filter(|n| n.has_tag_name("span")).count())
            .collect();
        assert_eq!(found, stanzas, "{page}");
        let line = poem.descendants().find(|n| n.has_tag_name("span")).unwrap();
        assert_eq!(text_of(line), first, "{page}");
        // The source stays a paragraph of its own after the poem.
        let last = quote.children().rfind(|n| n.is_element()).unwrap();
        assert_eq!(last.attribute("class"), Some("source"), "{page}");
    }
    let css = file(&e, "style.css");
    assert_eq!(
        rules_for(css, "[role=\"doc-epigraph\"] .verse"),
        ["display: table; margin: 1em auto;"]
    );
    assert_eq!(
        rules_for(css, "[role=\"doc-epigraph\"] .verse p"),
        ["text-align: left; text-align: start;"]
    );
    // Turnovers hang (the body verse's rule, now in this book's sheet).
    assert_eq!(
        rules_for(css, ".verse p > span"),
        ["display: block; padding-left: 2em; text-indent: -2em;"]
    );
}

/// The fixture passes EPUBCheck with no message at all.
#[test]
fn the_semantics_fixture_passes_epubcheck() {
    let (counts, messages) = common::validators::epubcheck("semantics", &epub_bytes("semantics"));
    assert_eq!(counts, (0, 0, 0), "{messages:#?}");
    assert!(messages.is_empty(), "{messages:#?}");
}

/// Review finding 14: a glossary's terms are `glossterm`s, each the
/// defining instance of its term (`<dfn>`, kept upright and bold by the
/// stylesheet), their definitions `glossdef`s; the title page names its
/// title, subtitle and each author; the cover image is `doc-cover`.
#[test]
fn glossary_title_page_and_cover_say_what_they_are() {
    let e = epub_of("semantics");
    let glossary = file(&e, "glossary.xhtml");
    let doc = parse(glossary);
    let terms: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("dt")).collect();
    assert_eq!(terms.len(), 2, "{glossary}");
    for dt in &terms {
        assert_eq!(epub_type(*dt), Some("glossterm"), "{glossary}");
        let dfn = dt.first_element_child().unwrap();
        assert!(dfn.has_tag_name("dfn"), "{glossary}");
        let dd = dt.next_sibling_element().unwrap();
        assert!(dd.has_tag_name("dd"));
        assert_eq!(epub_type(dd), Some("glossdef"), "{glossary}");
    }
    assert_eq!(text_of(terms[0]), "Coucher");
    let css = file(&e, "style.css");
    assert_eq!(rules_for(css, "dt > dfn"), ["font-style: inherit;"]);

    let title = file(&e, "title.xhtml");
    let doc = parse(title);
    let typed = |t: &str| {
        doc.descendants()
            .filter(|n| epub_type(*n) == Some(t))
            .map(|n| (n.tag_name().name().to_string(), text_of(n)))
            .collect::<Vec<_>>()
    };
    assert_eq!(typed("title"), [("h1".into(), "Lines Apart".into())]);
    assert_eq!(
        typed("subtitle"),
        [("p".into(), "An Anthology of Openings".into())]
    );
    assert_eq!(
        typed("z3998:author"),
        [
            ("span".into(), "Ann Example".into()),
            ("span".into(), "Ben Sample".into())
        ]
    );
    let author = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("author"))
        .unwrap();
    assert_eq!(text_of(author), "Ann Example and Ben Sample");

    let cover = parse(file(&e, "cover.xhtml"));
    let image = cover
        .descendants()
        .find(|n| n.has_tag_name("svg") || n.has_tag_name("img"))
        .unwrap();
    assert_eq!(image.attribute("role"), Some("doc-cover"));
    assert!(image
        .attribute("aria-label")
        .is_some_and(|l| l.contains("Lines Apart")));
}
