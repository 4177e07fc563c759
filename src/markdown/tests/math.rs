//! TeX math in a chapter: which dollars make formulas (pandoc's rule), displayed formulas as equations, and formulas that cannot be read.

use super::*;

fn formulas(inlines: &[Inline], out: &mut Vec<(String, bool)>) {
    for inline in inlines {
        match inline {
            Inline::Math { formula } => out.push((formula.tex.clone(), formula.display)),
            other => formulas(other.children(), out),
        }
    }
}

/// The formulas each paragraph holds, `$` for in-line and `$$` for
/// displayed, and the equations as `[tex]`.
fn shape(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { content, .. } => {
                let mut found = Vec::new();
                formulas(content, &mut found);
                let texts: Vec<String> = found
                    .iter()
                    .map(|(t, d)| {
                        if *d {
                            format!("$${t}$$")
                        } else {
                            format!("${t}$")
                        }
                    })
                    .collect();
                format!("p:{}|{}", Inline::plain_text(content), texts.join(","))
            }
            Block::Equation { formula, id, .. } => {
                format!(
                    "[{}]{}",
                    formula.tex,
                    id.as_deref().map(|i| format!("#{i}")).unwrap_or_default()
                )
            }
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn dollars_make_formulas_by_pandocs_rule() {
    for (text, found) in [
        ("Energy $E = mc^2$ is conserved.", vec!["E = mc^2"]),
        ("It costs $5 or $10.", vec![]),
        ("It costs $5, and $6 more.", vec![]),
        ("Between $ 5 and 6 $ dollars.", vec![]),
        ("A \\$5 note and $x$.", vec!["x"]),
        ("Paid $20 then$30 back", vec![]),
        ("Run `echo $HOME $PATH` and $y$.", vec!["y"]),
        ("From $a$ to $b$.", vec!["a", "b"]),
    ] {
        let (blocks, m) = body(&format!("# T\n\n{text}\n"));
        assert!(m.is_empty(), "{text:?}: {m:?}");
        let mut got = Vec::new();
        if let Some(Block::Paragraph { content, .. }) = blocks.first() {
            formulas(content, &mut got);
        }
        let got: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(got, found, "{text:?}");
    }
}

#[test]
fn a_displayed_formula_is_an_equation_between_paragraphs() {
    let (blocks, m) = body(
        "# T\n\nThe sum\n$$\\sum_{i=1}^n i = \\frac{n(n+1)}{2}$$ {#eq-sum}\nholds, and $n$ is whole.\n\n\
         $$x^2$$\n\nNext.\n",
    );
    assert!(m.is_empty(), "{m:?}");
    assert_eq!(
        shape(&blocks),
        [
            "p:The sum|",
            "[\\sum_{i=1}^n i = \\frac{n(n+1)}{2}]#eq-sum",
            "p:holds, and 𝑛 is whole.|$n$",
            "[x^2]",
            "p:Next.|",
        ]
    );
    // Each equation at its `$$`.
    let spans: Vec<Span> = blocks.iter().map(Block::span).collect();
    assert_eq!(spans[1], Span { line: 4, col: 1 });
    assert_eq!(spans[3], Span { line: 7, col: 1 });
}

#[test]
fn displayed_formulas_where_no_block_stands_are_in_line() {
    // A heading, a table cell, emphasis and an inline note.
    let (c, d) =
        parse("# Roots of $$x^2$$\n\n| $$a$$ |\n|---|\n| b |\n\n*so $$y$$ too* and^[see $$z$$].\n");
    assert!(d.is_empty(), "{:?}", messages(&d));
    let c = c.unwrap();
    let mut found = Vec::new();
    formulas(&c.title, &mut found);
    for block in &c.blocks {
        block.for_each_inlines(&mut |inlines| formulas(inlines, &mut found));
    }
    for note in &c.notes {
        for block in &note.blocks {
            block.for_each_inlines(&mut |inlines| formulas(inlines, &mut found));
        }
    }
    assert_eq!(
        found,
        [
            ("x^2".to_string(), false),
            ("a".to_string(), false),
            ("y".to_string(), false),
            ("z".to_string(), false)
        ]
    );
    assert!(!c.blocks.iter().any(|b| matches!(b, Block::Equation { .. })));
}

#[test]
fn a_formula_that_cannot_be_read_is_its_tex_with_a_located_warning() {
    let (blocks, m) = body(
        "# T\n\nSee $x \\foo y$ and\n\n$$\\frac{1}{2$$\n\n$\\sqrt[3}{x}$ and $\\frac{1}{{2}$\n",
    );
    assert_eq!(
        m,
        [
            "ch.md:3:8: warning: the TeX command `\\foo` is not read; the formula is printed as its TeX\n  \
             hint: write it with the commands the README lists, or as Unicode (≤, ∑, α)",
            "ch.md:5:1: warning: TeX math `$$…$$` is not read: it is printed as it is, dollars and all\n  \
             hint: balance its braces `{` and `}` (write `\\{` for a brace itself); write `\\$` for a dollar sign",
            // One warning a paragraph.
            "ch.md:7:1: warning: TeX math `$…$` is not read: it is printed as it is, dollars and all\n  \
             hint: balance its braces `{` and `}` (write `\\{` for a brace itself); write `\\$` for a dollar sign",
        ]
    );
    let Block::Paragraph { content, .. } = &blocks[0] else {
        panic!("{blocks:?}");
    };
    assert!(content.contains(&Inline::Code {
        text: "$x \\foo y$".into()
    }));
    let Block::Paragraph { content, .. } = &blocks[1] else {
        panic!("{blocks:?}");
    };
    assert_eq!(Inline::plain_text(content), "$$\\frac{1}{2$$");
}
