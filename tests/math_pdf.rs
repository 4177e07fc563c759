//! Formulas in the PDF: a small book with inline and displayed math is
//! set with the embedded math font (subset, read back by pdftotext as its
//! characters), displayed formulas stand on lines of their own with
//! their labels, a formula too wide for the measure is shrunk with a
//! warning at its place, a book without math embeds no math font, and
//! the bytes are the same on one thread or two.
//!
//! The formulas are built by hand into the model (the book's Markdown
//! holds placeholders), so the test reads the PDF side alone, whatever
//! the TeX reader makes of `$…$`.

mod common;
use common::validators::qpdf_check;
use common::*;

use bookpack::diagnostics::Diagnostics;
use bookpack::model::{
    Block, Book, Formula, Inline, MathColumnAlign, MathNode, MathStyle, OpClass, TableSpacing,
};
use bookpack::pdf::book::render_pdf;
use bookpack::progress::Progress;

fn ident(s: &str) -> MathNode {
    MathNode::Ident {
        text: s.into(),
        style: MathStyle::Italic,
    }
}

fn num(s: &str) -> MathNode {
    MathNode::Number { text: s.into() }
}

fn op(s: &str, class: OpClass) -> MathNode {
    MathNode::Operator {
        text: s.into(),
        class,
        large: false,
        limits: false,
        size: 0,
    }
}

fn sup(base: MathNode, s: MathNode) -> MathNode {
    MathNode::Scripts {
        base: Box::new(base),
        sub: None,
        sup: Some(Box::new(s)),
    }
}

fn frac(n: MathNode, d: MathNode) -> MathNode {
    MathNode::Fraction {
        num: Box::new(n),
        den: Box::new(d),
        bar: true,
        style: None,
    }
}

fn row(nodes: Vec<MathNode>) -> MathNode {
    MathNode::Row { nodes }
}

fn formula(tex: &str, display: bool, nodes: Vec<MathNode>) -> Formula {
    Formula {
        tex: tex.into(),
        display,
        nodes,
        tag: None,
    }
}

/// `x^2 + y^2 = z^2`
fn pythagoras() -> Formula {
    formula(
        "x^2 + y^2 = z^2",
        false,
        vec![
            sup(ident("x"), num("2")),
            op("+", OpClass::Binary),
            sup(ident("y"), num("2")),
            op("=", OpClass::Relation),
            sup(ident("z"), num("2")),
        ],
    )
}

/// `\frac{a}{b}` inline, and `\sqrt{2}`.
fn small_fraction() -> Formula {
    formula("\\frac{a}{b}", false, vec![frac(ident("a"), ident("b"))])
}

fn root_two() -> Formula {
    formula(
        "\\sqrt{2}",
        false,
        vec![MathNode::Root {
            degree: None,
            radicand: Box::new(num("2")),
        }],
    )
}

/// `\sum_{i=1}^{n} i = \frac{n(n+1)}{2}`
fn gauss() -> Formula {
    formula(
        "\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}",
        true,
        vec![
            MathNode::Scripts {
                base: Box::new(MathNode::Operator {
                    text: "∑".into(),
                    class: OpClass::Large,
                    large: true,
                    limits: true,
                    size: 0,
                }),
                sub: Some(Box::new(row(vec![
                    ident("i"),
                    op("=", OpClass::Relation),
                    num("1"),
                ]))),
                sup: Some(Box::new(ident("n"))),
            },
            ident("i"),
            op("=", OpClass::Relation),
            frac(
                row(vec![
                    ident("n"),
                    op("(", OpClass::Open),
                    ident("n"),
                    op("+", OpClass::Binary),
                    num("1"),
                    op(")", OpClass::Close),
                ]),
                num("2"),
            ),
        ],
    )
}

/// A matrix and the cases of |x|.
fn matrix() -> Formula {
    let cell = |s: &str| vec![ident(s)];
    formula(
        "A = \\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}",
        true,
        vec![
            ident("A"),
            op("=", OpClass::Relation),
            MathNode::Fenced {
                open: "(".into(),
                close: ")".into(),
                nodes: vec![MathNode::Table {
                    rows: vec![vec![cell("a"), cell("b")], vec![cell("c"), cell("d")]],
                    columns: vec![MathColumnAlign::Center],
                    spacing: TableSpacing::Matrix,
                }],
            },
        ],
    )
}

fn cases() -> Formula {
    formula(
        "|x| = \\begin{cases} x & x \\ge 0 \\\\ -x & \\text{otherwise} \\end{cases}",
        true,
        vec![
            op("|", OpClass::Ordinary),
            ident("x"),
            op("|", OpClass::Ordinary),
            op("=", OpClass::Relation),
            MathNode::Fenced {
                open: "{".into(),
                close: "".into(),
                nodes: vec![MathNode::Table {
                    rows: vec![
                        vec![
                            vec![ident("x")],
                            vec![ident("x"), op("≥", OpClass::Relation), num("0")],
                        ],
                        vec![
                            vec![op("−", OpClass::Binary), ident("x")],
                            vec![MathNode::Text {
                                text: "otherwise".into(),
                            }],
                        ],
                    ],
                    columns: vec![MathColumnAlign::Left],
                    spacing: TableSpacing::Matrix,
                }],
            },
        ],
    )
}

/// A root of a fraction, a fenced fraction squared, an integral.
fn mixed() -> Formula {
    formula(
        "\\sqrt[3]{\\frac{1}{x}} + \\left(\\frac{a}{b}\\right)^2 = \\int_0^1 f(x)\\,dx",
        true,
        vec![
            MathNode::Root {
                degree: Some(Box::new(num("3"))),
                radicand: Box::new(frac(num("1"), ident("x"))),
            },
            op("+", OpClass::Binary),
            sup(
                MathNode::Fenced {
                    open: "(".into(),
                    close: ")".into(),
                    nodes: vec![frac(ident("a"), ident("b"))],
                },
                num("2"),
            ),
            op("=", OpClass::Relation),
            MathNode::Scripts {
                base: Box::new(MathNode::Operator {
                    text: "∫".into(),
                    class: OpClass::Large,
                    large: true,
                    limits: false,
                    size: 0,
                }),
                sub: Some(Box::new(num("0"))),
                sup: Some(Box::new(num("1"))),
            },
            ident("f"),
            op("(", OpClass::Open),
            ident("x"),
            op(")", OpClass::Close),
            MathNode::Space { mu: 3 },
            MathNode::Ident {
                text: "dx".into(),
                style: MathStyle::Upright,
            },
        ],
    )
}

/// A sum of forty terms: wider than any measure.
fn too_wide() -> Formula {
    let mut nodes = Vec::new();
    for i in 0..40 {
        if i > 0 {
            nodes.push(op("+", OpClass::Binary));
        }
        nodes.push(MathNode::Scripts {
            base: Box::new(ident("a")),
            sub: Some(Box::new(num(&i.to_string()))),
            sup: None,
        });
    }
    formula("a_0 + a_1 + … + a_39", true, nodes)
}

const TOML: &str =
    "title = \"Formulas\"\nauthors = [\"A. Author\"]\nlanguage = \"en-GB\"\nchapters = [\"01.md\"]\n";

/// The chapter: paragraphs whose placeholders the formulas replace
/// (`INLINE-n` inline, a paragraph `DISPLAY-n` by a displayed one).
const CHAPTER: &str = "# Formulas\n\n\
The theorem says INLINE-0, for the sides of a right triangle; a ratio INLINE-1 and a root INLINE-2 sit in the line as any word does, and the text around them is justified as usual over several lines of the paragraph.\n\n\
DISPLAY-0\n\n\
which Gauss found as a boy. A matrix:\n\n\
DISPLAY-1\n\n\
and the absolute value by cases:\n\n\
DISPLAY-2\n\n\
A mixed display:\n\n\
DISPLAY-3\n\n\
A display too wide for the page:\n\n\
DISPLAY-4\n\n\
An inline matrix INLINE-3 is too tall for its line.\n";

fn with_formulas(blocks: &mut [Block]) {
    let tall = Formula {
        display: false,
        ..matrix()
    };
    let inline = [pythagoras(), small_fraction(), root_two(), tall];
    let display = [
        (gauss(), Some("(1.1)")),
        (matrix(), None),
        (cases(), Some("(1.2)")),
        (mixed(), None),
        (too_wide(), None),
    ];
    for block in blocks.iter_mut() {
        let Block::Paragraph { content, span } = block else {
            continue;
        };
        let text = Inline::plain_text(content);
        if let Some(n) = text.strip_prefix("DISPLAY-") {
            let (f, label) = display[n.trim().parse::<usize>().unwrap()].clone();
            *block = Block::Equation {
                formula: f,
                id: label.map(|_| "eq".to_string()),
                label: label.map(str::to_string),
                span: *span,
            };
            continue;
        }
        let mut out = Vec::new();
        for inline_node in content.drain(..) {
            let Inline::Text { text } = &inline_node else {
                out.push(inline_node);
                continue;
            };
            let mut rest = text.as_str();
            while let Some(at) = rest.find("INLINE-") {
                out.push(Inline::Text {
                    text: rest[..at].to_string(),
                });
                let n: usize = rest[at + 7..at + 8].parse().unwrap();
                out.push(Inline::Math {
                    formula: inline[n].clone(),
                });
                rest = &rest[at + 8..];
            }
            out.push(Inline::Text {
                text: rest.to_string(),
            });
        }
        *content = out;
    }
}

fn math_book() -> (tempfile::TempDir, Book) {
    let dir = temp_book(TOML, &[("01.md", CHAPTER)]);
    let mut book = load_whole(dir.path());
    with_formulas(&mut book.chapters[0].blocks);
    (dir, book)
}

fn render(book: &Book, threads: usize) -> (Vec<u8>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let (bytes, _) =
        render_pdf(book, &mut diags, threads, &Progress::none()).unwrap_or_else(|f| panic!("{f}"));
    (bytes, diags)
}

/// The names of the fonts a PDF embeds (`/BaseFont` of its Type0 fonts).
fn font_names(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let mut names = Vec::new();
    for (_, object) in doc.objects.iter() {
        if let Ok(dict) = object.as_dict() {
            let is_type0 = dict
                .get(b"Subtype")
                .ok()
                .and_then(|s| s.as_name().ok())
                .is_some_and(|n| n == b"Type0");
            if let (true, Ok(name)) = (is_type0, dict.get(b"BaseFont").and_then(|n| n.as_name())) {
                names.push(String::from_utf8_lossy(name).into_owned());
            }
        }
    }
    names.sort();
    names
}

#[test]
fn formulas_embed_the_math_font_subset_and_read_back() {
    let (_dir, book) = math_book();
    let (bytes, diags) = render(&book, 2);
    // To look at the pages: BOOKPACK_MATH_PDF=/tmp/math.pdf.
    if let Some(path) = std::env::var_os("BOOKPACK_MATH_PDF") {
        std::fs::write(path, &bytes).unwrap();
    }
    let names = font_names(&bytes);
    let math: Vec<&String> = names
        .iter()
        .filter(|n| n.contains("Garamond-Math"))
        .collect();
    assert_eq!(math.len(), 1, "the math face embedded once: {names:?}");
    // A subset: `ABCDEF+Garamond-Math`.
    let (tag, _) = math[0].split_once('+').expect("a subset tag");
    assert!(
        tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
        "{}",
        math[0]
    );
    // The subset is small: the whole font is 840 KB.
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    // The characters are in the text: the math italic letters, the sum,
    // the operators, the label.
    let text = common::inspect::pdf_text(&bytes).unwrap();
    for wanted in [
        "𝑥",
        "𝑦",
        "𝑧",
        "∑",
        "=",
        "+",
        "√",
        "(1.1)",
        "(1.2)",
        "otherwise",
        "≥",
    ] {
        assert!(text.contains(wanted), "no {wanted:?} in the text: {text}");
    }
    // The wide display: one warning, at its place in the source; the
    // inline matrix: one, at its paragraph's.
    let said = |what: &str| -> Vec<String> {
        diags
            .items()
            .iter()
            .map(|d| d.to_string())
            .filter(|d| d.contains(what))
            .collect()
    };
    let wide = said("wider than the");
    assert_eq!(wide.len(), 1, "{wide:?}");
    assert!(wide[0].contains("01.md:21:1"), "{}", wide[0]);
    let tall = said("inline formula");
    assert_eq!(tall.len(), 1, "{tall:?}");
    assert!(
        tall[0].contains("01.md:23:1") && tall[0].contains("begin{pmatrix}"),
        "{}",
        tall[0]
    );
}

#[test]
fn a_book_without_math_embeds_no_math_font() {
    let dir = temp_book(
        TOML,
        &[("01.md", "# Plain\n\nNo formulas here, only words.\n")],
    );
    let book = load_whole(dir.path());
    let (bytes, _) = render(&book, 1);
    let names = font_names(&bytes);
    assert!(!names.iter().any(|n| n.contains("Math")), "{names:?}");
}

#[test]
fn one_thread_or_two_give_the_same_bytes() {
    let (_dir, book) = math_book();
    assert!(render(&book, 1).0 == render(&book, 2).0);
}

/// Displays stand on lines of their own, centred; the label at the
/// measure's right edge on the formula's baseline; inline formulas sit
/// on their line's baseline among the words.
#[test]
fn displays_are_centred_with_their_labels_on_the_baseline() {
    let (_dir, book) = math_book();
    let built = layout_clean_but_wide(&book);
    let page = built
        .document
        .pages
        .iter()
        .find(|p| {
            p.runs
                .iter()
                .any(|r| r.glyphs.iter().any(|g| g.text == "∑"))
        })
        .expect("a page with the sum");
    let math_font = page
        .runs
        .iter()
        .find(|r| r.glyphs.iter().any(|g| g.text == "∑"))
        .unwrap()
        .font;
    let label = page
        .runs
        .iter()
        .find(|r| r.glyphs.iter().map(|g| g.text.as_str()).collect::<String>() == "(1.1)")
        .expect("the label");
    // The formula's main baseline: the run with the "=" of the display.
    let eq_runs: Vec<_> = page
        .runs
        .iter()
        .filter(|r| r.font == math_font && r.glyphs.iter().any(|g| g.text == "="))
        .collect();
    assert!(
        eq_runs.iter().any(|r| (r.y - label.y).abs() < 0.01),
        "label off the baseline"
    );
    // Right of every glyph of the formula and near the right edge.
    let formula_right = page
        .runs
        .iter()
        .filter(|r| r.font == math_font && (r.y - label.y).abs() < 40.0)
        .map(|r| r.x + r.glyphs.iter().map(|g| g.advance).sum::<f32>())
        .fold(0.0, f32::max);
    assert!(label.x > formula_right);
    // Fraction bars are drawn as rules.
    assert!(!page.rules.is_empty());
}

fn layout_clean_but_wide(book: &Book) -> bookpack::pdf::book::Built {
    let mut diags = Diagnostics::new();
    bookpack::pdf::book::build(book, &mut diags).unwrap_or_else(|f| panic!("{f}"))
}

/// pdftotext (poppler) reads the formulas' characters, and qpdf finds the
/// file sound. Needs poppler-utils and qpdf (`.ci/run` installs them):
/// fails, not skips, without them.
#[test]
#[ignore = "needs pdftotext and qpdf (poppler-utils, qpdf): run by .ci/run"]
fn pdftotext_reads_the_formulas_and_qpdf_passes() {
    let (_dir, book) = math_book();
    let (bytes, _) = render(&book, 2);
    qpdf_check("math", &bytes).unwrap_or_else(|e| panic!("qpdf: {e}"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("math.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is not installed: `apt-get install poppler-utils`");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for wanted in ["𝑥", "2", "∑", "𝑛", "√", "(1.1)", "otherwise", "𝐴"] {
        assert!(text.contains(wanted), "pdftotext has no {wanted:?}: {text}");
    }
}

/// The whole path, through the binary: `$…$` and `$$…$$` in Markdown
/// come out as formulas in the math font, read back by lopdf as their
/// characters, with no warning for formulas that fit.
#[test]
fn a_markdown_book_with_math_builds_through_the_binary() {
    let chapter = "# Sums\n\n\
The identity $e^{i\\pi} + 1 = 0$ and the ratio $\\frac{a}{b}$ sit in the text, as does $\\sqrt{2}$.\n\n\
$$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$ {#eq-gauss}\n\n\
By @eq-gauss, and with a matrix:\n\n\
$$A = \\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}, \\quad |x| = \\begin{cases} x & x \\ge 0 \\\\ -x & \\text{otherwise} \\end{cases}$$\n";
    let dir = temp_book(TOML, &[("01.md", chapter)]);
    let out = dir.path().join("out");
    let o = build_into(dir.path(), &out, &[]);
    assert_exit(&o, 0);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let pdf = std::fs::read(out.join("formulas.pdf")).unwrap();
    assert!(font_names(&pdf)
        .iter()
        .any(|n| n.ends_with("+Garamond-Math")));
    let text = common::inspect::pdf_text(&pdf).unwrap();
    for wanted in ["𝑒", "𝜋", "∑", "𝑛", "√", "(1.1)", "otherwise", "𝐴"] {
        assert!(text.contains(wanted), "no {wanted:?} in {text}");
    }
    // The TeX itself is not printed (the interim code-face setting).
    assert!(!text.contains("\\frac"), "{text}");
}

#[path = "../benches/bookgen/mod.rs"]
mod bookgen;

/// The folio a body page prints in its running head: the run of digits
/// alone on the page's top line (a chapter's opening page prints none:
/// one less than the next page's).
fn folio_of(pages: &[bookpack::pdf::page::Page], page: usize) -> Option<u32> {
    let runs = &pages.get(page)?.runs;
    let top = runs.iter().map(|r| r.y).fold(f32::INFINITY, f32::min);
    let head_folio = runs
        .iter()
        .filter(|r| (r.y - top).abs() < 0.5)
        .map(|r| r.glyphs.iter().map(|g| g.text.as_str()).collect::<String>())
        .find(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
        .and_then(|t| t.parse().ok());
    head_folio.or_else(|| folio_of(pages, page + 1).map(|n| n - 1))
}

/// Every link printing an equation's number ("(2.3)", from `@eq-…` in
/// the generated textbook) lands on the page where that number is set
/// at the margin, and one on another page names that page's folio
/// ("(see (2.3), p. 86)").
#[test]
fn a_reference_to_an_equation_lands_on_its_page() {
    let dir = tempfile::tempdir().unwrap();
    bookgen::mathematical(2).write(dir.path()).unwrap();
    let book = load_whole(dir.path());
    let built = layout_clean(&book);
    let pages = &built.document.pages;
    let is_label = |t: &str| {
        t.len() > 2
            && t.starts_with('(')
            && t.ends_with(')')
            && t[1..t.len() - 1]
                .split('.')
                .all(|n| n.parse::<u32>().is_ok())
    };
    let mut checked = 0;
    let mut paged = 0;
    for (p, page) in pages.iter().enumerate() {
        let lines = common::inspect::page_lines(page);
        for link in &page.links {
            let text = common::inspect::text_in(page, &link.area);
            if !is_label(&text) {
                continue;
            }
            let target = common::inspect::page_lines(&pages[link.target.page]);
            assert!(
                target.iter().any(|l| l.trim_end().ends_with(&text)),
                "{text} on page {p} links to page {}, which sets no such number: {target:?}",
                link.target.page
            );
            checked += 1;
            if link.target.page != p {
                // The folio named after it (the reference may break
                // across lines) is the target page's, in its head or foot.
                let joined = lines.join(" ");
                let after = joined
                    .split(&format!("{text}, p. "))
                    .nth(1)
                    .unwrap_or_else(|| panic!("{text} on page {p}: {joined}"));
                let folio: String = after.chars().take_while(char::is_ascii_digit).collect();
                assert!(!folio.is_empty(), "{text} on page {p}: {joined}");
                assert_eq!(
                    folio_of(pages, link.target.page),
                    folio.parse::<u32>().ok(),
                    "{text} on page {p} names p. {folio}: {target:?}"
                );
                paged += 1;
            }
        }
    }
    assert!(checked >= 20, "{checked} equation references checked");
    assert!(paged >= 1, "{paged} references to another page");
}

/// A formula's characters stand in the page's content where it stands
/// among the words: what a reader copies, a screen reader follows and
/// text extraction reads in order (they were drawn after the line's
/// words, so a word hyphenated at that line's end read "wr-", the
/// formula, then "c").
#[test]
fn a_formula_is_drawn_in_its_place_among_the_words() {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"a.md\"]\n",
        &[(
            "a.md",
            "# A\n\nFirst $\\sqrt{y} = \\frac{a}{b}$ second third, and then $z^2$ fourth.\n",
        )],
    );
    let out = tempfile::tempdir().unwrap();
    assert_exit(&build_into(dir.path(), out.path(), &[]), 0);
    let pdf = std::fs::read(out.path().join("t.pdf")).unwrap();
    let text = common::inspect::letters(&common::inspect::pdf_body_text(&pdf, None).unwrap());
    let order = ["first", "√𝑦", "second", "third", "andthen", "𝑧2", "fourth"].map(|w| {
        text.find(&common::inspect::letters(w))
            .unwrap_or_else(|| panic!("{w} in {text}"))
    });
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?} in {text}");
}
