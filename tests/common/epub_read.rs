//! An EPUB read back for a test of its markup: a fixture built as an EPUB
//! alone, a file of it as text, its XHTML parsed, its stylesheet's rules.
#![allow(dead_code)]

use super::inspect::Epub;

/// The fixture `name` built as an EPUB alone (`--epub`: no font needed),
/// its bytes.
pub fn fixture_epub_bytes(name: &str) -> Vec<u8> {
    let (dir, _) = super::build_fixture(name, &["--epub"]);
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "epub"))
        .expect("an .epub");
    std::fs::read(file).unwrap()
}

/// The fixture `name` built as an EPUB alone, its files.
pub fn fixture_epub(name: &str) -> Epub {
    Epub::open(&fixture_epub_bytes(name)).unwrap()
}

/// The text of the file `EPUB/name`.
pub fn file<'a>(e: &'a Epub, name: &str) -> &'a str {
    let bytes = e
        .files
        .get(&format!("EPUB/{name}"))
        .unwrap_or_else(|| panic!("no {name}"));
    std::str::from_utf8(bytes).unwrap()
}

/// An XHTML document parsed (its DTD allowed), or a panic showing it.
pub fn parse(text: &str) -> roxmltree::Document<'_> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, opts)
        .unwrap_or_else(|e| panic!("not well-formed: {e}\n{text}"))
}

/// The declarations of every rule in `css` whose selector list names
/// `selector` exactly, in order, whitespace squeezed.
pub fn rules_for(css: &str, selector: &str) -> Vec<String> {
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

/// The text an element holds, its descendants' in order.
pub fn node_text(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|d| d.is_text())
        .map(|d| d.text().unwrap_or(""))
        .collect()
}
