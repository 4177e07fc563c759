//! The EPUB's markup and stylesheet for blocks a review against Standard
//! Ebooks found wanting: epigraphs, code, narrowed blocks, right-to-left
//! pages. Each test builds a fixture book and reads its files back.

mod common;

use common::inspect::Epub;

const OPS: &str = "http://www.idpf.org/2007/ops";

/// The fixture `name` built as an EPUB alone, its files.
fn epub_of(name: &str) -> Epub {
    let (dir, _) = common::build_fixture(name, &["--epub"]);
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "epub"))
        .expect("an .epub");
    Epub::open(&std::fs::read(file).unwrap()).unwrap()
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
        // The selector list: what follows the last comment or rule before `{`.
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
