//! Formulas in the EPUB: MathML with its TeX as `alttext`, the pages
//! holding it flagged `mathml` in the manifest (and no other page), an
//! equation's id and number, the math stylesheet, the accessibility
//! metadata, and a formula in a heading read as text in the contents.

mod common;
use common::epub_read::{file, parse, rules_for};
use common::inspect::{check_epub, Epub};
use common::*;

use bookpack::model::{Block, Formula, Inline, MathNode, MathStyle, OpClass, Span};

fn id(text: &str) -> MathNode {
    MathNode::Ident {
        text: text.into(),
        style: MathStyle::Italic,
    }
}

fn op(text: &str, class: OpClass) -> MathNode {
    MathNode::Operator {
        text: text.into(),
        class,
        large: false,
        limits: false,
        size: 0,
    }
}

/// `E = mc^2`, as the TeX reader gives it.
fn emc2(display: bool) -> Formula {
    Formula {
        tex: "E = mc^2".into(),
        display,
        nodes: vec![
            id("E"),
            op("=", OpClass::Relation),
            id("m"),
            MathNode::Scripts {
                base: Box::new(id("c")),
                sub: None,
                sup: Some(Box::new(MathNode::Number { text: "2".into() })),
            },
        ],
    }
}

/// `a<b & "c"`: what must be escaped in `alttext`.
fn awkward() -> Formula {
    Formula {
        tex: "a<b \\;\\&\\; \"c\"".into(),
        display: false,
        nodes: vec![
            id("a"),
            op("<", OpClass::Relation),
            id("b"),
            op("&", OpClass::Binary),
            MathNode::Text { text: "c".into() },
        ],
    }
}

/// A book of three chapters, loaded whole: the second holds formulas
/// (in a heading, in the text, displayed with and without a number),
/// the third a formula in a note, the first none. Formulas are put into
/// the model by hand where the placeholders stand.
fn book_with_formulas() -> bookpack::model::Book {
    let dir = temp_book(
        "title = \"Sums\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\ntoc-depth = 2\nchapters = [\"1.md\", \"2.md\", \"3.md\"]\n",
        &[
            ("1.md", "# Words\n\nNo formula here.\n"),
            (
                "2.md",
                "# Energy\n\n## The law HEADMATH\n\nIt says INLINE and AWKWARD.\n\nEQUATION\n\nPLAIN\n",
            ),
            ("3.md", "# Notes\n\nCited.[^1]\n\n[^1]: See NOTEMATH.\n"),
        ],
    );
    let mut book = load_whole(dir.path());
    let span = Span { line: 1, col: 1 };
    let replace = |inlines: &mut Vec<Inline>| {
        let mut out = Vec::new();
        for inline in inlines.drain(..) {
            match inline {
                Inline::Text { text } => {
                    let mut rest = text.as_str();
                    while let Some(at) = rest.find(char::is_uppercase) {
                        let word_end = rest[at..]
                            .find(|c: char| !c.is_ascii_uppercase())
                            .map_or(rest.len(), |e| at + e);
                        let formula = match &rest[at..word_end] {
                            "HEADMATH" | "INLINE" | "NOTEMATH" => Some(emc2(false)),
                            "AWKWARD" => Some(awkward()),
                            _ => None,
                        };
                        match formula {
                            Some(formula) => {
                                out.push(Inline::Text {
                                    text: rest[..at].to_string(),
                                });
                                out.push(Inline::Math { formula });
                            }
                            None => out.push(Inline::Text {
                                text: rest[..word_end].to_string(),
                            }),
                        }
                        rest = &rest[word_end..];
                    }
                    out.push(Inline::Text {
                        text: rest.to_string(),
                    });
                }
                other => out.push(other),
            }
        }
        *inlines = out;
    };
    for chapter in &mut book.chapters {
        for block in chapter.blocks.iter_mut() {
            block.for_each_inlines_mut(&mut |inlines| replace(inlines));
        }
        for note in &mut chapter.notes {
            for block in note.blocks.iter_mut() {
                block.for_each_inlines_mut(&mut |inlines| replace(inlines));
            }
        }
        for block in chapter.blocks.iter_mut() {
            let Block::Paragraph { content, .. } = block else {
                continue;
            };
            let text = Inline::plain_text(content);
            let (id, label) = match text.as_str() {
                "EQUATION" => (Some("eq-energy".to_string()), Some("(2.1)".to_string())),
                "PLAIN" => (None, None),
                _ => continue,
            };
            *block = Block::Equation {
                formula: emc2(true),
                id,
                label,
                span,
            };
        }
    }
    book
}

fn manifest_properties(opf: &str) -> Vec<(String, String)> {
    let doc = parse(opf);
    doc.descendants()
        .filter(|n| n.has_tag_name("item"))
        .map(|n| {
            (
                n.attribute("href").unwrap().to_string(),
                n.attribute("properties").unwrap_or("").to_string(),
            )
        })
        .collect()
}

const MATHML: &str = "http://www.w3.org/1998/Math/MathML";

#[test]
fn formulas_are_mathml_on_pages_flagged_mathml() {
    let book = book_with_formulas();
    let bytes = bookpack::epub::render(&book).unwrap();
    check_epub(&bytes).unwrap();
    let epub = Epub::open(&bytes).unwrap();
    let opf = file(&epub, "content.opf");

    // The chapter and the notes hold math; nothing else does.
    let flagged: Vec<String> = manifest_properties(opf)
        .into_iter()
        .filter(|(_, p)| p.split(' ').any(|p| p == "mathml"))
        .map(|(href, _)| href)
        .collect();
    let second = format!("{}.xhtml", book.chapters[1].id);
    assert_eq!(flagged, [second.clone(), "notes.xhtml".to_string()]);
    for (name, text) in epub.xhtml() {
        let holds = text.contains("<math ");
        let listed = flagged.iter().any(|f| name == format!("EPUB/{f}"));
        assert_eq!(holds, listed, "{name}");
    }

    let page = file(&epub, &second);
    let doc = parse(page);
    let maths: Vec<_> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "math")
        .collect();
    // Heading, inline, awkward, numbered and plain equation.
    assert_eq!(maths.len(), 5);
    assert!(maths
        .iter()
        .all(|m| m.tag_name().namespace() == Some(MATHML)));
    let alttexts: Vec<&str> = maths
        .iter()
        .map(|m| m.attribute("alttext").unwrap())
        .collect();
    assert_eq!(
        alttexts,
        [
            "E = mc^2",
            "E = mc^2",
            "a<b \\;\\&\\; \"c\"",
            "E = mc^2",
            "E = mc^2"
        ]
    );
    assert!(page.contains("alttext=\"a&lt;b \\;\\&amp;\\; &quot;c&quot;\""));
    let displays: Vec<Option<&str>> = maths.iter().map(|m| m.attribute("display")).collect();
    assert_eq!(displays, [None, None, None, Some("block"), Some("block")]);
    assert!(page.contains("<msup><mi>c</mi><mn>2</mn></msup>"));

    // The numbered equation: its id on the div, its number beside it.
    let div = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("eq-energy"))
        .expect("the equation's id");
    assert_eq!(div.attribute("class"), Some("equation numbered"));
    let number = div
        .children()
        .find(|n| n.attribute("class") == Some("equation-number"))
        .expect("its number");
    assert_eq!(common::epub_read::node_text(number), "(2.1)");
    let plain = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("equation"))
        .count();
    assert_eq!(plain, 1);

    // The stylesheet sets the number at the right margin.
    let css = file(&epub, "style.css");
    assert!(!rules_for(css, ".equation-number").is_empty(), "{css}");
    assert!(!rules_for(css, "mtd[columnalign=\"left\"]").is_empty());

    // Accessibility metadata.
    for feature in ["MathML", "describedMath"] {
        assert!(
            opf.contains(&format!(
                "<meta property=\"schema:accessibilityFeature\">{feature}</meta>"
            )),
            "{opf}"
        );
    }
    assert!(opf.contains("Formulas are in MathML"));

    // The heading's formula in the contents: as text, not MathML (the
    // nav page is not flagged `mathml`, and reading systems show an
    // entry's text only).
    let nav = file(&epub, "nav.xhtml");
    assert!(!nav.contains("<math"), "{nav}");
    assert!(nav.contains(">The law "), "{nav}");
}

#[test]
fn a_book_without_formulas_keeps_its_package_and_stylesheet() {
    let dir = temp_book(
        "title = \"Plain\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\nchapters = [\"1.md\"]\n",
        &[("1.md", "# Words\n\nNo formula here.\n")],
    );
    let book = load_whole(dir.path());
    let bytes = bookpack::epub::render(&book).unwrap();
    let epub = Epub::open(&bytes).unwrap();
    let opf = file(&epub, "content.opf");
    assert!(!opf.contains("mathml"), "{opf}");
    assert!(!opf.contains("MathML"), "{opf}");
    assert!(!file(&epub, "style.css").contains("equation"));
}

/// EPUBCheck and Ace pass a book with formulas.
#[test]
#[ignore = "needs EPUBCheck and Ace (.ci/run installs them)"]
fn a_book_with_formulas_passes_the_validators() {
    let bytes = bookpack::epub::render(&book_with_formulas()).unwrap();
    check_epub(&bytes).unwrap();
    let (counts, messages) = common::validators::epubcheck("math", &bytes);
    assert_eq!(counts, (0, 0, 0), "{messages:#?}");
    let violations = common::validators::ace("math", &bytes);
    assert!(violations.is_empty(), "{violations:#?}");
}
