//! Formulas in the EPUB: a `model::Formula` written as presentation MathML that MathML Core renders and MathML 3 readers understand.
//!
//! Written for two kinds of reading system at once. MathML Core (Chrome,
//! so Readium and Thorium; WebKit, so Apple Books) lays out what the
//! elements say and ignores most of MathML 3's attributes (`mathvariant`
//! but `normal`, `columnalign`, negative widths); older engines read
//! MathML 3. So a styled letter is its Unicode mathematical alphanumeric
//! (`𝐱`, `ℝ`) rather than `mathvariant="bold"`; a table's alignment and
//! spacing are given as MathML 3 attributes and, for Core, by rules in
//! `math.css` that select on them; a negative space is a negative CSS
//! margin (Chrome clamps a negative `mspace` width to zero).
//!
//! TeX's spacing is kept where MathML's operator dictionary would differ:
//! a fence that does not grow (`(` outside `\left…\right`) says
//! `stretchy="false"`, an ordinary operator (`/`, `|`) and punctuation
//! get TeX's space, `\big…\Bigg` their fixed heights, and ∑ or lim their
//! limits above and below in display style only (`movablelimits`).
//! Every formula carries its TeX as `alttext`, what a reader without
//! MathML (or a voice) is given.

use crate::model::{
    styled_char, Block, Book, Chapter, Formula, FracStyle, Inline, MathColumnAlign, MathLevel,
    MathNode, MathStyle, OpClass, TableSpacing,
};

use super::xhtml::{push_attr, push_text};

/// The MathML namespace, declared on every `<math>`.
const NAMESPACE: &str = "http://www.w3.org/1998/Math/MathML";

/// TeX's thin space (3 mu), in em: after a function's name and
/// punctuation.
const THIN: &str = "0.1667em";

/// Whether `chapter`'s own page holds a formula (its title, synopsis or
/// text; its notes are on the notes page). Asked of outlines, which keep
/// every formula's mark.
pub(crate) fn in_chapter(chapter: &Chapter) -> bool {
    in_inlines(&chapter.title) || in_blocks(&chapter.synopsis) || in_blocks(&chapter.blocks)
}

/// Whether the notes page holds a formula.
pub(crate) fn in_notes(book: &Book) -> bool {
    book.chapters
        .iter()
        .flat_map(|c| &c.notes)
        .any(|note| in_blocks(&note.blocks))
}

/// Whether the book holds a formula anywhere.
pub(crate) fn in_book(book: &Book) -> bool {
    book.chapters.iter().any(in_chapter) || in_notes(book)
}

fn in_blocks(blocks: &[Block]) -> bool {
    let mut found = false;
    for block in blocks {
        block.walk(&mut |b| found |= matches!(b, Block::Equation { .. }));
        block.for_each_inlines(&mut |inlines| found |= in_inlines(inlines));
    }
    found
}

fn in_inlines(inlines: &[Inline]) -> bool {
    inlines
        .iter()
        .any(|i| matches!(i, Inline::Math { .. }) || in_inlines(i.children()))
}

/// `formula` as a `<math>` element; `display` sets it as a block (an
/// equation) in display style.
pub(crate) fn push_math(out: &mut String, formula: &Formula, display: bool) {
    out.push_str("<math xmlns=\"");
    out.push_str(NAMESPACE);
    out.push('"');
    if display {
        out.push_str(" display=\"block\"");
    }
    out.push_str(" alttext=\"");
    push_attr(out, formula.tex.trim());
    out.push_str("\">");
    if formula.nodes.is_empty() {
        // Nothing read (a formula the reader could not parse): its TeX
        // shows rather than nothing.
        if !formula.tex.trim().is_empty() {
            out.push_str("<mtext>");
            push_text(out, formula.tex.trim());
            out.push_str("</mtext>");
        }
    } else {
        push_nodes(out, &formula.nodes);
    }
    out.push_str("</math>");
}

/// A displayed formula: a `<div class="equation">` with the link
/// target's `id`, the `<math display="block">` and, when numbered, its
/// number, which `math.css` sets at the right margin.
pub(crate) fn push_equation(
    out: &mut String,
    formula: &Formula,
    id: Option<&str>,
    label: Option<&str>,
) {
    out.push_str("<div class=\"equation");
    if label.is_some() {
        out.push_str(" numbered");
    }
    out.push('"');
    if let Some(id) = id.filter(|id| super::xhtml::is_safe_anchor(id)) {
        out.push_str(" id=\"");
        push_attr(out, id);
        out.push('"');
    }
    out.push_str(">\n");
    push_math(out, formula, true);
    out.push('\n');
    if let Some(label) = label {
        out.push_str("<span class=\"equation-number\">");
        push_text(out, label);
        out.push_str("</span>\n");
    }
    out.push_str("</div>\n");
}

/// A run of nodes, as the children of one row: a function's name is
/// followed by the invisible function application (U+2061), which
/// voices read ("sine of x") and which carries TeX's thin space after
/// the name unless a fence follows (`\sin(x)` has none).
fn push_nodes(out: &mut String, nodes: &[MathNode]) {
    for (k, node) in nodes.iter().enumerate() {
        push_node(out, node);
        if is_function(node) {
            match nodes.get(k + 1) {
                None => {}
                Some(next) if opens(next) => out.push_str("<mo>&#x2061;</mo>"),
                Some(_) => {
                    out.push_str("<mo rspace=\"");
                    out.push_str(THIN);
                    out.push_str("\">&#x2061;</mo>");
                }
            }
        }
    }
}

/// A function's name, alone or with scripts (`\sin^2`, `\lim_{x→0}`).
fn is_function(node: &MathNode) -> bool {
    match node {
        MathNode::Function { .. } => true,
        MathNode::Scripts { base, .. } => matches!(**base, MathNode::Function { .. }),
        _ => false,
    }
}

/// Whether `node` starts with an opening fence.
fn opens(node: &MathNode) -> bool {
    match node {
        MathNode::Fenced { open, .. } => !open.is_empty(),
        MathNode::Operator { class, .. } => *class == OpClass::Open,
        _ => false,
    }
}

fn push_node(out: &mut String, node: &MathNode) {
    match node {
        MathNode::Ident { text, style } => push_ident(out, text, *style),
        MathNode::Number { text } => push_leaf(out, "mn", "", text),
        MathNode::Operator {
            text,
            class,
            large,
            size,
            ..
        } => push_operator(out, text, *class, *large, *size, false),
        MathNode::Function { name, .. } => push_leaf(out, "mi", "", name),
        MathNode::Text { text } => push_mtext(out, text),
        MathNode::Row { nodes } => {
            out.push_str("<mrow>");
            push_nodes(out, nodes);
            out.push_str("</mrow>");
        }
        MathNode::Scripts { base, sub, sup } => {
            push_scripts(out, base, sub.as_deref(), sup.as_deref())
        }
        MathNode::Fraction {
            num,
            den,
            bar,
            style,
        } => {
            let styled = style.map(|s| match s {
                FracStyle::Display => "true",
                FracStyle::Text => "false",
            });
            // `displaystyle` on an `mstyle`: MathML Core reads it on any
            // element, MathML 3 (and EPUBCheck's schema) only there.
            if let Some(value) = styled {
                out.push_str("<mstyle displaystyle=\"");
                out.push_str(value);
                out.push_str("\">");
            }
            out.push_str(if *bar {
                "<mfrac>"
            } else {
                "<mfrac linethickness=\"0\">"
            });
            push_node(out, num);
            push_node(out, den);
            out.push_str("</mfrac>");
            if styled.is_some() {
                out.push_str("</mstyle>");
            }
        }
        MathNode::Root { degree, radicand } => match degree {
            None => {
                out.push_str("<msqrt>");
                push_node(out, radicand);
                out.push_str("</msqrt>");
            }
            Some(degree) => {
                out.push_str("<mroot>");
                push_node(out, radicand);
                push_node(out, degree);
                out.push_str("</mroot>");
            }
        },
        MathNode::Fenced { open, close, nodes } => {
            out.push_str("<mrow>");
            push_fence(out, open, "prefix");
            push_nodes(out, nodes);
            push_fence(out, close, "postfix");
            out.push_str("</mrow>");
        }
        MathNode::Accent {
            accent,
            base,
            stretchy,
            under,
        } => {
            let (open, close) = if *under {
                ("<munder accentunder=\"true\">", "</munder>")
            } else {
                ("<mover accent=\"true\">", "</mover>")
            };
            out.push_str(open);
            push_node(out, base);
            out.push_str(if *stretchy {
                "<mo stretchy=\"true\">"
            } else {
                "<mo stretchy=\"false\">"
            });
            push_text(out, accent);
            out.push_str("</mo>");
            out.push_str(close);
        }
        MathNode::Table {
            rows,
            columns,
            spacing,
        } => push_table(out, rows, columns, *spacing),
        MathNode::Space { mu } => push_space(out, *mu),
        MathNode::Stack {
            base, over, under, ..
        } => {
            // Set above and below in every style: not movable. Over a
            // relation (`\stackrel{def}{=}`) the whole is an embellished
            // operator, spaced as the relation.
            let (open, close) = match (over, under) {
                (Some(_), Some(_)) => ("<munderover>", "</munderover>"),
                (Some(_), None) => ("<mover>", "</mover>"),
                _ => ("<munder>", "</munder>"),
            };
            out.push_str(open);
            push_node(out, base);
            for script in [under, over].into_iter().flatten() {
                push_node(out, script);
            }
            out.push_str(close);
        }
        MathNode::Boxed { body } => {
            // MathML Core has no `menclose`: a row framed by `math.css`.
            out.push_str("<mrow class=\"boxed\">");
            push_node(out, body);
            out.push_str("</mrow>");
        }
        MathNode::Middle { text } => {
            // A child of its fences' row, so it grows with them; no space
            // either side, as TeX's `\middle` has none.
            out.push_str("<mo fence=\"true\" stretchy=\"true\" lspace=\"0em\" rspace=\"0em\">");
            push_text(out, text);
            out.push_str("</mo>");
        }
        MathNode::Styled { level, nodes } => {
            let (display, script) = match level {
                MathLevel::Display => ("true", "0"),
                MathLevel::Text => ("false", "0"),
                MathLevel::Script => ("false", "1"),
                MathLevel::ScriptScript => ("false", "2"),
            };
            out.push_str("<mstyle displaystyle=\"");
            out.push_str(display);
            out.push_str("\" scriptlevel=\"");
            out.push_str(script);
            out.push_str("\">");
            push_nodes(out, nodes);
            out.push_str("</mstyle>");
        }
    }
}

/// `<tag attrs>text</tag>`, the text escaped.
fn push_leaf(out: &mut String, tag: &str, attrs: &str, text: &str) {
    out.push('<');
    out.push_str(tag);
    out.push_str(attrs);
    out.push('>');
    push_text(out, text);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// A letter or a run of letters. MathML sets a one-character `<mi>` in
/// italic and a longer one upright: an italic letter is written plain,
/// an upright one says `mathvariant="normal"`, a run in italic takes the
/// mathematical italic letters, and the other styles their own
/// alphabets (MathML Core reads no other `mathvariant`).
fn push_ident(out: &mut String, text: &str, style: MathStyle) {
    let single = text.chars().count() == 1;
    let (written, normal) = match style {
        MathStyle::Italic if single => (text.to_string(), false),
        MathStyle::Upright => (text.to_string(), single),
        style => {
            let mapped: String = text.chars().map(|c| styled_char(c, style)).collect();
            // A letter with no form in the style (Greek in double-struck)
            // stays upright as the style meant, not italic.
            let normal = single && mapped == text && style != MathStyle::Italic;
            (mapped, normal)
        }
    };
    let attrs = if normal {
        " mathvariant=\"normal\""
    } else {
        ""
    };
    push_leaf(out, "mi", attrs, &written);
}

/// Words in the text face. MathML collapses spaces at an `<mtext>`'s
/// ends as HTML does; `\text{ if }` keeps them, as no-break spaces.
fn push_mtext(out: &mut String, text: &str) {
    let body = text.trim_matches(' ');
    let lead = text.len() - text.trim_start_matches(' ').len();
    let trail = if body.is_empty() {
        0
    } else {
        text.len() - text.trim_end_matches(' ').len()
    };
    let mut kept = "\u{a0}".repeat(lead);
    kept.push_str(body);
    kept.push_str(&"\u{a0}".repeat(trail));
    push_leaf(out, "mtext", "", &kept);
}

/// Characters MathML's operator dictionary lets grow vertically to
/// their row's height: outside `\left…\right` TeX never grows them.
const VERTICAL_FENCES: &str = "()[]{}|‖⟨⟩⌊⌋⌈⌉⟦⟧⟮⟯/\\∣∥↑↓↕⇑⇓⇕";

/// An operator. `movable`: it bears limits (∑, or `\int\limits`), set
/// above and below in display style and beside in text style.
fn push_operator(
    out: &mut String,
    text: &str,
    class: OpClass,
    large: bool,
    size: u8,
    movable: bool,
) {
    let mut attrs = String::new();
    if let Some(height) = delimiter_height(size) {
        // `\big(`: exactly TeX's height for the size, whatever the row.
        attrs.push_str(&format!(
            " stretchy=\"true\" minsize=\"{height}\" maxsize=\"{height}\""
        ));
    } else if matches!(class, OpClass::Open | OpClass::Close)
        || (text.chars().count() == 1 && text.chars().all(|c| VERTICAL_FENCES.contains(c)))
    {
        attrs.push_str(" stretchy=\"false\"");
    }
    if large {
        attrs.push_str(" largeop=\"true\"");
    }
    if movable {
        attrs.push_str(" movablelimits=\"true\"");
    }
    // TeX's spacing where the dictionary's differs: none around an
    // ordinary symbol used as an operator (`/`, `|`), a thin space after
    // punctuation only (the dictionary gives `.` and `:` a relation's).
    match class {
        OpClass::Ordinary => attrs.push_str(" lspace=\"0em\" rspace=\"0em\""),
        OpClass::Punctuation => {
            attrs.push_str(" lspace=\"0em\" rspace=\"");
            attrs.push_str(THIN);
            attrs.push('"');
        }
        _ => {}
    }
    push_leaf(out, "mo", &attrs, text);
}

/// TeX's fixed delimiter heights for `\big` (1) … `\Bigg` (4), as
/// KaTeX and MathJax set them.
fn delimiter_height(size: u8) -> Option<&'static str> {
    match size {
        1 => Some("1.2em"),
        2 => Some("1.8em"),
        3 => Some("2.4em"),
        4 => Some("3em"),
        _ => None,
    }
}

/// One of `\left…\right`'s delimiters, grown to what they enclose;
/// `\left.` (empty) writes nothing.
fn push_fence(out: &mut String, fence: &str, form: &str) {
    if fence.is_empty() {
        return;
    }
    out.push_str("<mo fence=\"true\" form=\"");
    out.push_str(form);
    out.push_str("\" stretchy=\"true\">");
    push_text(out, fence);
    out.push_str("</mo>");
}

/// Whether a base takes its scripts as limits (above and below in
/// display style): an operator or function that says so. (A brace's
/// label is a [`MathNode::Stack`], set so in every style.)
enum Limits {
    Beside,
    Movable,
}

fn limits_of(base: &MathNode) -> Limits {
    match base {
        MathNode::Operator { limits: true, .. } | MathNode::Function { limits: true, .. } => {
            Limits::Movable
        }
        _ => Limits::Beside,
    }
}

fn push_scripts(out: &mut String, base: &MathNode, sub: Option<&MathNode>, sup: Option<&MathNode>) {
    let limits = limits_of(base);
    let (tag, first, second) = match (&limits, sub, sup) {
        (Limits::Beside, Some(b), Some(p)) => ("msubsup", Some(b), Some(p)),
        (Limits::Beside, Some(b), None) => ("msub", Some(b), None),
        (Limits::Beside, None, Some(p)) => ("msup", Some(p), None),
        (_, Some(b), Some(p)) => ("munderover", Some(b), Some(p)),
        (_, Some(b), None) => ("munder", Some(b), None),
        (_, None, Some(p)) => ("mover", Some(p), None),
        (_, None, None) => {
            push_node(out, base);
            return;
        }
    };
    out.push('<');
    out.push_str(tag);
    out.push('>');
    match (limits, base) {
        (
            Limits::Movable,
            MathNode::Operator {
                text,
                class,
                large,
                size,
                ..
            },
        ) => push_operator(out, text, *class, *large, *size, true),
        // A function name bearing limits (lim, max) is an operator, so
        // that its limits may move beside it in text style.
        (Limits::Movable, MathNode::Function { name, .. }) => {
            out.push_str("<mo movablelimits=\"true\" lspace=\"0em\" rspace=\"");
            out.push_str(THIN);
            out.push_str("\">");
            push_text(out, name);
            out.push_str("</mo>");
        }
        _ => push_node(out, base),
    }
    for script in [first, second].into_iter().flatten() {
        push_node(out, script);
    }
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// A math table: `columnalign` on each cell and `columnspacing` on the
/// table for MathML 3; `math.css` reads them (and the class) for Core.
fn push_table(
    out: &mut String,
    rows: &[Vec<Vec<MathNode>>],
    columns: &[MathColumnAlign],
    spacing: TableSpacing,
) {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    // MathML 3 repeats a list's last value, so every gap is written.
    let gaps: Vec<&str> = (1..width)
        .map(|gap| match spacing {
            TableSpacing::Matrix | TableSpacing::Substack => "1em",
            TableSpacing::Aligned if gap % 2 == 1 => "0em",
            TableSpacing::Aligned => "2em",
        })
        .collect();
    out.push_str(match spacing {
        // An `aligned` block is in display style, as amsmath sets it.
        TableSpacing::Aligned => "<mtable class=\"aligned\" displaystyle=\"true\"",
        TableSpacing::Matrix => "<mtable class=\"matrix\"",
        // A limit's lines, close together.
        TableSpacing::Substack => "<mtable class=\"substack\" rowspacing=\"0em\"",
    });
    if !gaps.is_empty() {
        out.push_str(" columnspacing=\"");
        out.push_str(&gaps.join(" "));
        out.push('"');
    }
    out.push('>');
    for row in rows {
        out.push_str("<mtr>");
        for (k, cell) in row.iter().enumerate() {
            let align = columns
                .get(k)
                .or(columns.last())
                .copied()
                .unwrap_or(MathColumnAlign::Center);
            out.push_str(match align {
                MathColumnAlign::Left => "<mtd columnalign=\"left\">",
                MathColumnAlign::Center => "<mtd>",
                MathColumnAlign::Right => "<mtd columnalign=\"right\">",
            });
            // `&= b`: the relation opens its cell, where MathML would
            // take it for a prefix and drop its space; an empty
            // identifier before it keeps it infix, as TeX's `{}` does.
            if k > 0 && spacing == TableSpacing::Aligned && starts_with_relation(cell) {
                out.push_str("<mi></mi>");
            }
            push_nodes(out, cell);
            out.push_str("</mtd>");
        }
        out.push_str("</mtr>");
    }
    out.push_str("</mtable>");
}

fn starts_with_relation(cell: &[MathNode]) -> bool {
    matches!(
        cell.first(),
        Some(MathNode::Operator {
            class: OpClass::Relation | OpClass::Binary,
            ..
        })
    )
}

/// Explicit space, `mu`/18 em. A negative one (`\!`) is a negative
/// margin: MathML Core, as Chrome implements it, clamps a negative
/// `mspace` width to zero, and a negative margin moves what follows
/// back in every engine that lays MathML out with CSS.
fn push_space(out: &mut String, mu: i16) {
    let em = em(mu.unsigned_abs());
    if mu >= 0 {
        out.push_str(&format!("<mspace width=\"{em}\"/>"));
    } else {
        out.push_str(&format!("<mspace style=\"margin-left: -{em}\"/>"));
    }
}

/// `mu`/18 em, to four places, without trailing zeros: 3 mu is
/// "0.1667em", 18 "1em".
fn em(mu: u16) -> String {
    let tenths_of_thousandths = (u32::from(mu) * 10_000 + 9) / 18;
    let whole = tenths_of_thousandths / 10_000;
    let frac = tenths_of_thousandths % 10_000;
    if frac == 0 {
        format!("{whole}em")
    } else {
        let digits = format!("{frac:04}");
        format!("{whole}.{}em", digits.trim_end_matches('0'))
    }
}

#[cfg(test)]
#[path = "mathml_tests.rs"]
mod tests;
