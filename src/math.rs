//! TeX math: reading a formula's TeX into the model's [`MathNode`] tree (`parse`), and the formula as one line of plain text for places that take no math (bookmarks, the navigation, a check's message).

mod definitions;
mod macros;
mod parse;
mod symbols;

pub use definitions::{take as take_definitions, Definition, Definitions};
pub use macros::{check as check_macro, BadDefinition, Macro, Macros};
pub use parse::Parsed;
#[cfg(test)]
mod tests;

use crate::model::{styled_char, MathNode, MathStyle};

/// Why a formula cannot be read, at a byte of its TeX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathError {
    /// Byte offset in the TeX given to [`parse`].
    pub offset: usize,
    pub message: String,
    /// What to write instead.
    pub hint: String,
}

/// Reads the TeX of a formula (what stands between the dollars): the math
/// of LaTeX and amsmath a book uses — letters, numbers, operators and
/// relations by their commands or as Unicode, Greek, scripts and primes,
/// `\frac`, `\binom`, `\sqrt`, `\left…\right`, `\big`…, accents, the
/// alphabets (`\mathbb`…), `\text`, function names and
/// `\operatorname`, spaces, and the `matrix`, `cases`, `aligned`,
/// `gathered` and `array` environments. Anything else is an error at its
/// byte, with what to write instead.
pub fn parse(tex: &str) -> Result<Vec<MathNode>, MathError> {
    read(tex, &Macros::default()).map(|parsed| parsed.nodes)
}

/// [`parse`], the book's `macros` expanded first, and the formula's
/// `\tag` or `\notag` returned beside its nodes. Every offset (an
/// error's, the tag's) is a byte of `tex` as written: in a macro's
/// expansion, the macro's use, and the error names the macro.
pub fn read(tex: &str, macros: &Macros) -> Result<Parsed, MathError> {
    let expansion = macros::expand(tex, macros)?;
    let names = macros.names();
    let mut parsed = parse::parse(&expansion.text, &names).map_err(|e| expansion.locate(e))?;
    if let Some((at, _)) = &mut parsed.tag {
        *at = expansion.source_offset(*at);
    }
    Ok(parsed)
}

/// The formula as one line of text, as it would be read out: letters in
/// their mathematical alphabets, scripts after `^` and `_` (grouped in
/// parentheses when longer than one character), fractions as `a/b`.
pub fn linear_text(nodes: &[MathNode]) -> String {
    let mut out = String::new();
    for node in nodes {
        push_linear(node, &mut out);
    }
    out
}

fn push_linear(node: &MathNode, out: &mut String) {
    match node {
        MathNode::Ident { text, style } => {
            let style = match style {
                // An upright run is a word, as written.
                MathStyle::Upright => MathStyle::Upright,
                other => *other,
            };
            out.extend(text.chars().map(|c| styled_char(c, style)));
        }
        MathNode::Number { text } | MathNode::Text { text } => out.push_str(text),
        MathNode::Function { name, .. } => out.push_str(name),
        MathNode::Operator { text, .. } => out.push_str(text),
        MathNode::Row { nodes } => nodes.iter().for_each(|n| push_linear(n, out)),
        MathNode::Scripts { base, sub, sup } => {
            push_linear(base, out);
            if let Some(sub) = sub {
                push_script('_', sub, out);
            }
            if let Some(sup) = sup {
                push_script('^', sup, out);
            }
        }
        MathNode::Fraction { num, den, .. } => {
            push_grouped(num, out);
            out.push('/');
            push_grouped(den, out);
        }
        MathNode::Root { degree, radicand } => {
            out.push(match degree.as_deref() {
                Some(MathNode::Number { text }) if text == "3" => '∛',
                Some(MathNode::Number { text }) if text == "4" => '∜',
                _ => '√',
            });
            push_grouped(radicand, out);
        }
        MathNode::Fenced { open, close, nodes } => {
            out.push_str(open);
            nodes.iter().for_each(|n| push_linear(n, out));
            out.push_str(close);
        }
        MathNode::Accent { base, .. } => push_linear(base, out),
        MathNode::Table { rows, .. } => {
            for (i, row) in rows.iter().enumerate() {
                if i > 0 {
                    out.push_str("; ");
                }
                for (j, cell) in row.iter().enumerate() {
                    if j > 0 {
                        out.push_str(", ");
                    }
                    cell.iter().for_each(|n| push_linear(n, out));
                }
            }
        }
        MathNode::Stack {
            base, over, under, ..
        } => {
            // As a limit reads: the base, then what stands under and over.
            push_linear(base, out);
            if let Some(under) = under {
                push_script('_', under, out);
            }
            if let Some(over) = over {
                push_script('^', over, out);
            }
        }
        MathNode::Boxed { body } => push_linear(body, out),
        MathNode::Middle { text } => out.push_str(text),
        MathNode::Styled { nodes, .. } => nodes.iter().for_each(|n| push_linear(n, out)),
        MathNode::Space { mu } => {
            if *mu > 0 && !out.ends_with(' ') {
                out.push(' ');
            }
        }
    }
}

fn push_script(mark: char, script: &MathNode, out: &mut String) {
    let mut text = String::new();
    push_linear(script, &mut text);
    if text == "′" || text == "″" || text == "‴" {
        out.push_str(&text);
        return;
    }
    out.push(mark);
    if text.chars().count() > 1 {
        out.push('(');
        out.push_str(&text);
        out.push(')');
    } else {
        out.push_str(&text);
    }
}

fn push_grouped(node: &MathNode, out: &mut String) {
    let mut text = String::new();
    push_linear(node, &mut text);
    let simple = matches!(
        node,
        MathNode::Ident { .. } | MathNode::Number { .. } | MathNode::Fenced { .. }
    );
    if simple {
        out.push_str(&text);
    } else {
        out.push('(');
        out.push_str(&text);
        out.push(')');
    }
}
