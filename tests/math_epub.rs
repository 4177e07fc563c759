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
        tag: None,
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
        tag: None,
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
    // The model's plain text of a formula, as the NCX gives it.
    let entry = format!(
        ">The law {}<",
        bookpack::math::linear_text(&emc2(false).nodes)
    );
    assert!(entry.contains('𝑚'), "{entry}");
    assert!(nav.contains(&entry), "{nav}");
    assert!(file(&epub, "toc.ncx").contains(&entry));
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
    let dir = markdown_book();
    let books = [
        (
            "math-model",
            bookpack::epub::render(&book_with_formulas()).unwrap(),
        ),
        ("math-markdown", built_epub(dir.path())),
    ];
    for (name, bytes) in books {
        check_epub(&bytes).unwrap();
        let (counts, messages) = common::validators::epubcheck(name, &bytes);
        assert_eq!(counts, (0, 0, 0), "{name}: {messages:#?}");
        let violations = common::validators::ace(name, &bytes);
        assert!(violations.is_empty(), "{name}: {violations:#?}");
    }
}

/// A book written in Markdown with `$…$` and `$$…$$ {#id}`, built by
/// the command: the formulas reach the EPUB as MathML, the page holding
/// them (and only it) is flagged, links to the equation land on it and
/// print its number, a heading's formula is text in the contents.
fn markdown_book() -> tempfile::TempDir {
    temp_book(
        "title = \"Sums\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\ntoc-depth = 2\nchapters = [\"1.md\", \"2.md\", \"3.md\"]\n",
        &[
            ("1.md", "# Words\n\nNo formula here, and it costs $20 or $30.\n"),
            (
                "2.md",
                "# Sums\n\n## Euler's $e^{i\\pi}$\n\nWhen $a<b$ and $x^2 \\geq 0$, the sum\n\n$$\n\\sum_{i=1}^n i = \\frac{n(n+1)}{2}\n$$ {#eq-sum}\n\nholds, as [](#eq-sum) says; so does\n\n$$\\left( \\frac{a}{b} \\right)^2 = \\frac{a^2}{b^2}$$\n\nA note.[^1]\n\n[^1]: With $\\sqrt{2}$ in it.\n",
            ),
            ("3.md", "# Later\n\nSee [](2.md#eq-sum) again.\n"),
        ],
    )
}

fn built_epub(dir: &std::path::Path) -> Vec<u8> {
    let out = tempfile::tempdir().unwrap();
    let output = build_into(dir, out.path(), &["--epub"]);
    assert_exit(&output, 0);
    let epub = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "epub"))
        .unwrap();
    std::fs::read(epub).unwrap()
}

#[test]
fn markdown_formulas_become_mathml_and_links_land_on_equations() {
    let dir = markdown_book();
    let bytes = built_epub(dir.path());
    check_epub(&bytes).unwrap();
    let epub = Epub::open(&bytes).unwrap();
    let opf = file(&epub, "content.opf");
    let flagged: Vec<String> = manifest_properties(opf)
        .into_iter()
        .filter(|(_, p)| p.split(' ').any(|p| p == "mathml"))
        .map(|(href, _)| href)
        .collect();
    let (page_name, page) = epub
        .xhtml()
        .find(|(_, text)| text.contains("id=\"eq-sum\""))
        .expect("the equation's page");
    let page_name = page_name.trim_start_matches("EPUB/").to_string();
    // Outlines keep each formula's mark: the manifest knows the page.
    assert_eq!(flagged, [page_name.clone(), "notes.xhtml".to_string()]);
    // "$20 or $30" is no formula (pandoc's rule).
    assert!(!file(&epub, &flagged_free(&epub, &flagged)).contains("<math"));

    let doc = parse(page);
    let alttexts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "math")
        .map(|m| m.attribute("alttext").unwrap())
        .collect();
    assert!(alttexts.contains(&"a<b"), "{alttexts:?}");
    assert!(
        alttexts.contains(&"\\sum_{i=1}^n i = \\frac{n(n+1)}{2}"),
        "{alttexts:?}"
    );
    let div = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("eq-sum"))
        .unwrap();
    assert_eq!(div.tag_name().name(), "div");
    let number = div
        .children()
        .find(|n| n.attribute("class") == Some("equation-number"))
        .map(common::epub_read::node_text)
        .expect("a number");
    assert!(
        number.starts_with('(') && number.ends_with(".1)"),
        "{number}"
    );
    assert!(div
        .descendants()
        .any(|n| n.tag_name().name() == "munderover"));
    // The link in the same chapter and the one from chapter 3 print the
    // number and land on the equation (check_epub followed them).
    let link = doc
        .descendants()
        .find(|n| {
            n.tag_name().name() == "a"
                && n.attribute("href").is_some_and(|h| h.ends_with("#eq-sum"))
        })
        .expect("a link to the equation");
    assert_eq!(common::epub_read::node_text(link), number);
    let later = epub
        .xhtml()
        .find(|(_, text)| text.contains("again."))
        .unwrap()
        .1;
    assert!(
        later.contains(&format!("{page_name}#eq-sum\">{number}</a>")),
        "{later}"
    );
    // The heading's formula: MathML on its page, text in the contents.
    let nav = file(&epub, "nav.xhtml");
    assert!(!nav.contains("<math"), "{nav}");
    let entry = parse(nav)
        .descendants()
        .filter(|n| n.tag_name().name() == "a")
        .map(common::epub_read::node_text)
        .find(|t| t.starts_with("Euler"))
        .expect("the section in the contents");
    assert!(entry.len() > "Euler's ".len(), "{entry}");
    assert!(file(&epub, "toc.ncx").contains(&entry), "{entry}");
}

/// The first chapter page not flagged `mathml`.
fn flagged_free(epub: &Epub, flagged: &[String]) -> String {
    epub.xhtml()
        .map(|(name, _)| name.trim_start_matches("EPUB/").to_string())
        .find(|name| name.starts_with("chapter") && !flagged.contains(name))
        .expect("a chapter without formulas")
}
