//! TeX math read into the model from a whole book: the fixture's formulas and equations, their numbers and the references that print them, the same on a chapter read again; a formula that cannot be read, a duplicate equation id and formulas past any real size, each with its message and never a crash.

mod common;
use common::inspect::{pdf_text, Epub};
use common::*;

#[path = "../benches/bookgen/mod.rs"]
mod bookgen;

use bookpack::model::{Block, Book, Inline, LinkTarget, MathNode};

/// Each equation of `book`: (chapter file, id, label, TeX).
fn equations(book: &Book) -> Vec<(String, Option<String>, Option<String>, String)> {
    let mut out = Vec::new();
    for chapter in &book.chapters {
        for block in &chapter.blocks {
            block.walk(&mut |b| {
                if let Block::Equation {
                    formula, id, label, ..
                } = b
                {
                    out.push((
                        chapter.file.clone(),
                        id.clone(),
                        label.clone(),
                        formula.tex.clone(),
                    ));
                }
            });
        }
    }
    out
}

/// The words of every link to `anchor` in `book`.
fn link_words(book: &Book, anchor: &str) -> Vec<String> {
    fn walk(inlines: &[Inline], anchor: &str, out: &mut Vec<String>) {
        for inline in inlines {
            if let Inline::Link {
                target:
                    LinkTarget::Internal {
                        anchor: Some(a), ..
                    },
                content,
            } = inline
            {
                if a == anchor {
                    out.push(Inline::plain_text(content));
                }
            }
            walk(inline.children(), anchor, out);
        }
    }
    let mut out = Vec::new();
    for chapter in &book.chapters {
        for block in &chapter.blocks {
            block.for_each_inlines(&mut |inlines| walk(inlines, anchor, &mut out));
        }
    }
    out
}

/// Formulas in the line, anywhere in the book (notes and headings too).
fn inline_formulas(book: &Book) -> usize {
    fn walk(inlines: &[Inline]) -> usize {
        inlines
            .iter()
            .map(|i| match i {
                Inline::Math { formula } => {
                    assert!(!formula.display, "{}", formula.tex);
                    1
                }
                other => walk(other.children()),
            })
            .sum()
    }
    let mut n = 0;
    for chapter in &book.chapters {
        n += walk(&chapter.title);
        for block in chapter
            .blocks
            .iter()
            .chain(chapter.notes.iter().flat_map(|n| &n.blocks))
        {
            block.for_each_inlines(&mut |inlines| n += walk(inlines));
        }
    }
    n
}

#[test]
fn the_fixture_reads_every_formula_and_numbers_its_named_equations() {
    let (_, err) = build_fixture("math", &["--deny-warnings"]);
    assert!(!err.contains("warning"), "{err}");
    let book = load_whole(&book("math"));
    let eqs = equations(&book);
    let named: Vec<(&str, Option<&str>)> = eqs
        .iter()
        .filter_map(|(_, id, label, _)| id.as_deref().map(|id| (id, label.as_deref())))
        .collect();
    assert_eq!(
        named,
        [
            ("eq-gauss", Some("(1.1)")),
            ("eq-leibniz", Some("(1.2)")),
            ("eq-det", Some("(2.1)")),
            ("eq-double", Some("(2.2)")),
            // `\tag{*}` labels it instead of a number.
            ("eq-star", Some("(*)")),
        ]
    );
    assert_eq!(eqs.len(), 11, "{eqs:#?}");
    // Labelled when named, or tagged; `\notag` leaves the last bare.
    assert!(eqs
        .iter()
        .all(|(_, id, label, tex)| id.is_some() == label.is_some() || tex.contains("\\tag")));
    assert_eq!(eqs.last().map(|e| e.2.clone()), Some(None));
    assert_eq!(link_words(&book, "eq-star"), ["(*)"]);
    // The book's macros are expanded: `\RR` is ℝ, `\norm{x}` fenced.
    let text = format!("{:?}", book.chapters[1].blocks);
    assert!(text.contains("ℝ") || text.contains("text: \"R\", style: DoubleStruck"));
    assert!(!text.contains("Code"), "a formula was left as TeX");
    // An `@eq-…` and an empty link print the number; a link with words
    // keeps them.
    assert_eq!(link_words(&book, "eq-gauss"), ["(1.1)", "(1.1)"]);
    assert_eq!(link_words(&book, "eq-det"), ["the determinant’s formula"]);
    // Formulas in the line: the heading's π, the table's cells, the note's.
    assert_eq!(inline_formulas(&book), 41);
    let heading = book.chapters[0]
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Heading { content, .. } => Some(Inline::plain_text(content)),
            _ => None,
        })
        .unwrap();
    assert_eq!(heading, "The number 𝜋");
    // The matrix of eq-det is a table in parentheses.
    let det = book.chapters[1]
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Equation { formula, .. } => Some(formula),
            _ => None,
        })
        .unwrap();
    assert!(det.nodes.iter().any(|n| matches!(
        n,
        MathNode::Fenced { open, close, nodes } if open == "(" && close == ")"
            && matches!(&nodes[0], MathNode::Table { rows, .. } if rows.len() == 2)
    )));
}

#[test]
fn a_formula_that_cannot_be_read_is_a_located_warning_and_its_tex() {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"a.md\"]\n",
        &[(
            "a.md",
            "# A\n\nThe sum $\\sum_i \\colour{x}$ and\n\n$$\\begin{matrx} a \\end{matrx}$$\n\nand $\\frac{1}{2$.\n",
        )],
    );
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &[]);
    assert_exit(&o, 0);
    let err = stderr(&o);
    assert!(has_located_message(&err, "a.md", 3, 17, "warning"), "{err}");
    assert!(
        err.contains("the TeX command `\\colour` is not read; the formula is printed as its TeX")
    );
    assert!(
        err.contains("did you mean `\\color`") || err.contains("README lists"),
        "{err}"
    );
    assert!(has_located_message(&err, "a.md", 5, 10, "warning"), "{err}");
    assert!(err.contains("the environment `matrx` is not read"), "{err}");
    assert!(has_located_message(&err, "a.md", 7, 5, "warning"), "{err}");
    assert!(err.contains("TeX math `$…$` is not read"), "{err}");
    // The same with warnings denied: exit 1, nothing written.
    let denied = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), denied.path(), &["--deny-warnings"]);
    assert_exit(&o, 1);
    assert_eq!(std::fs::read_dir(denied.path()).unwrap().count(), 0);
}

#[test]
fn an_equation_id_is_unique_in_the_book() {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"a.md\", \"b.md\"]\n",
        &[
            ("a.md", "# A\n\n$$x$$ {#eq-one}\n\n## One {#one}\n"),
            ("b.md", "# B\n\n$$y$$ {#eq-one}\n\n$$z$$ {#eq:two}\n"),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &[]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(has_located_message(&err, "b.md", 3, 1, "error"), "{err}");
    assert!(
        err.contains("equation id `eq-one` is already used by the equation at"),
        "{err}"
    );
    assert!(has_located_message(&err, "b.md", 5, 1, "error"), "{err}");
    assert!(
        err.contains("equation id `eq:two` is not a plain name"),
        "{err}"
    );
}

/// Formulas past any real book's: 20,000 in one paragraph, one nested
/// 10,000 groups deep, one 100,000 terms long. Each builds (the deep one
/// with a warning), none overflows the stack.
#[test]
fn formulas_past_any_real_size_build() {
    let many: String = (0..20_000).map(|i| format!("$x_{{{i}}}$ ")).collect();
    let deep = format!("$${}x{}$$", "{".repeat(10_000), "}".repeat(10_000));
    let long: String = (0..100_000).map(|i| format!("a_{i} + ")).collect();
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"a.md\"]\n",
        &[("a.md", &format!("# A\n\n{many}\n\n{deep}\n\n$${long}1$$\n"))],
    );
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &[]);
    assert_exit(&o, 0);
    let err = stderr(&o);
    assert!(has_located_message(&err, "a.md", 5, 67, "warning"), "{err}");
    assert!(
        err.contains("the formula nests deeper than 64 levels"),
        "{err}"
    );
}

/// The textbook bookgen writes: each chapter's formulas read, its named
/// equations numbered in order and cited by the paragraph after.
#[test]
fn a_generated_textbook_numbers_its_equations_in_order() {
    let dir = tempfile::tempdir().unwrap();
    bookgen::mathematical(3).write(dir.path()).unwrap();
    let book = load_whole(dir.path());
    let eqs = equations(&book);
    let labels: Vec<&str> = eqs
        .iter()
        .filter(|(file, _, _, _)| file == "02-sums.md")
        .filter_map(|(_, _, label, _)| label.as_deref())
        .collect();
    let expected: Vec<String> = (1..=labels.len()).map(|k| format!("(2.{k})")).collect();
    assert_eq!(labels, expected);
    assert!(labels.len() >= 10, "{labels:?}");
    assert_eq!(link_words(&book, "eq-2-2"), ["(2.1)"]);
    assert_eq!(inline_formulas(&book), 240);
}

/// The book's macros: a bad definition is an error at its line of
/// book.toml; an error inside an expansion points at the macro's use
/// in the chapter and names it; a macro that expands forever is an
/// error, not a hang; a `\tag` in the line is a located warning.
#[test]
fn book_macros_are_checked_expanded_and_located() {
    let toml = |macros: &str| {
        format!(
            "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"a.md\"]\n\n[math]\nmacros = {{ {macros} }}\n"
        )
    };
    for (macros, message) in [
        ("bad = \"\\\\frac{1\"", "has a `{` that is never closed"),
        ("bad = \"x_#0\"", "has a `#` that is no argument"),
        ("\"b1\" = \"x\"", "is not letters"),
    ] {
        let dir = temp_book(&toml(macros), &[("a.md", "# A\n\n$x$\n")]);
        let out = tempfile::tempdir().unwrap();
        let o = build_into(dir.path(), out.path(), &[]);
        assert_exit(&o, 1);
        let err = stderr(&o);
        assert!(
            has_located_message(&err, "book.toml", 7, 0, "error") || err.contains("book.toml:7:"),
            "{err}"
        );
        assert!(err.contains(message), "{err}");
    }
    let dir = temp_book(
        &toml("half = \"\\\\frac{#1}{2}\", loop = \"\\\\loop x\", RR = \"\\\\mathbb{R}\""),
        &[(
            "a.md",
            "# A\n\nA half $y = \\half{\\colour}$ and $\\loop$ and $\\RRR$.\n\nTagged $x \\tag{1}$.\n",
        )],
    );
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &[]);
    assert_exit(&o, 0);
    let err = stderr(&o);
    // The argument's own place.
    assert!(has_located_message(&err, "a.md", 3, 19, "warning"), "{err}");
    assert!(err.contains("`\\colour` is not read"), "{err}");
    assert!(has_located_message(&err, "a.md", 3, 34, "warning"), "{err}");
    assert!(err.contains("the macro `\\loop` expands forever"), "{err}");
    assert!(err.contains("did you mean `\\RR`?"), "{err}");
    assert!(has_located_message(&err, "a.md", 5, 11, "warning"), "{err}");
    assert!(err.contains("a `\\tag` in a formula in the line"), "{err}");
}

/// `\newcommand` (and `\renewcommand`, `\providecommand`, `\def`,
/// `\DeclareMathOperator`) in a formula defines for the rest of the book,
/// in reading order, in both editions and in a chapter read again; a
/// formula that only defines prints nothing; a bad definition is a
/// located warning and its formula's TeX.
#[test]
fn formulas_define_commands_for_the_rest_of_the_book() {
    let toml = "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"a.md\", \"b.md\", \"c.md\"]\n";
    let dir = temp_book(
        toml,
        &[
            (
                "a.md",
                "# Notation\n\nThe reals.\n\n$$\n\\newcommand{\\R}{\\mathbb{R}}\n\\DeclareMathOperator*{\\argmax}{arg\\,max}\n\\newcommand{\\norm}[1]{\\left\\lVert #1 \\right\\rVert}\n$$\n\nInline, $\\def\\abs#1{\\lvert #1 \\rvert}$ defines too: $\\abs{x} \\in \\R$.\n",
            ),
            (
                "b.md",
                "# Use\n\nA map $f\\colon \\R \\to \\R$ and\n\n$$\\argmax_{x \\in \\R} f(x) = \\norm{v}$$\n\nand $\\providecommand{\\R}{\\mathbb{Q}}\\R$ stays real, $\\providecommand{\\Prob}{\\mathbb{P}}$ is new.\n",
            ),
            (
                "c.md",
                "# Redefined\n\n$\\R \\Prob$ then $\\renewcommand{\\R}{\\mathcal{R}}\\R$ and $\\newcommand{\\bad}{#1}x$ and $\\abs{y}$.\n",
            ),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &[]);
    assert_exit(&o, 0);
    let err = stderr(&o);
    assert!(has_located_message(&err, "c.md", 3, 57, "warning"), "{err}");
    assert!(
        err.contains("`\\bad` uses `#1` but takes 0 arguments"),
        "{err}"
    );
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    let epub = std::fs::read(out.path().join("t.epub")).unwrap();
    let epub = Epub::open(&epub).unwrap();
    let chapter = |n: usize| -> String {
        epub.xhtml()
            .find(|(name, _)| name.ends_with(&format!("chapter-{n}.xhtml")))
            .map(|(_, text)| text.to_string())
            .unwrap()
    };
    // The formula that only defines is gone, its paragraph with it.
    let first = chapter(1);
    assert!(!first.contains("class=\"equation\""), "{first}");
    assert!(!first.contains("newcommand"), "{first}");
    assert!(first.contains("<mi>ℝ</mi>"), "{first}");
    let second = chapter(2);
    assert!(!second.contains("<code>"), "{second}");
    assert_eq!(second.matches("<mi>ℝ</mi>").count(), 4, "{second}");
    assert!(second.contains("arg\u{2009}max"), "{second}");
    assert!(second.contains("movablelimits=\"true\""), "{second}");
    let third = chapter(3);
    assert!(third.contains("<mi>ℛ</mi>"), "{third}");
    // `\providecommand` kept the ℝ defined before it, and defined ℙ.
    assert!(third.contains("<mi>ℝ</mi><mi>ℙ</mi>"), "{third}");
    assert!(
        third.contains("<code>$\\newcommand{\\bad}{#1}x$</code>"),
        "{third}"
    );
    assert!(
        third.contains("<mo stretchy=\"false\">|</mo><mi>y</mi>"),
        "{third}"
    );
    // The PDF reads the same: no TeX left but the bad definition's.
    let pdf = std::fs::read(out.path().join("t.pdf")).unwrap();
    let text = pdf_text(&pdf).unwrap();
    assert!(!text.contains("\\R"), "{text}");
    assert!(text.contains("\\newcommand{\\bad}"), "{text}");
    // The book loaded whole reads the chapters as the build did.
    let book = load_whole(dir.path());
    let later = format!("{:?}", book.chapters[1].blocks);
    assert!(!later.contains("Code"), "{later}");
}
