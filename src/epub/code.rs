//! Code blocks in the EPUB: a `<span>` per source line, so a line too long
//! for the screen turns over under its own text, not at column 0.
//!
//! The text content stays the code as written (each line's newline inside
//! its span, nothing inserted): a reader copying it gets the original. A
//! long token gains `<wbr/>` break opportunities after `_`, `/`, `(`, `[`,
//! `{`, `,` and before `.`, which hold no text, so an identifier turns
//! over at a joint (`extremely_long_` / `function_name`) rather than
//! anywhere a letter reaches the edge.

use super::xhtml;
use crate::highlight::{self, Ink};
use crate::model::{CodeClass, CodeToken};

/// The deepest leading indent, in columns, the stylesheet has a class
/// for (`c1` … `c16`); a deeper line takes it.
pub(crate) const MAX_INDENT: usize = 16;

/// Tokens shorter than this never need a break inside them: 16 columns of
/// monospace are well inside the narrowest phone's measure.
const LONG_TOKEN: usize = 16;

/// Appends a code block: `<pre><code class="language-…">`, a span per
/// line, and in it a span per coloured token (its class pandoc's name
/// for it, `kw`, `st`, `co`…; a token over several lines, a span on each).
/// Its lines are numbered from `first_line` when given:
/// each line's span opens with an empty `<span class="ln"
/// aria-hidden="true" data-n="10">`, whose number the stylesheet shows
/// (`::before { content: attr(data-n) }`) in a gutter left of the code.
/// Generated content is not copied with the text, and `aria-hidden`
/// keeps it from being read aloud, so a reader copying the code or
/// hearing it gets the code alone (pandoc writes an empty link per line
/// for the same end).
pub(crate) fn push_code_lines(
    out: &mut String,
    language: Option<&str>,
    text: &str,
    tokens: &[CodeToken],
    first_line: Option<u32>,
) {
    out.push_str(if first_line.is_some() {
        "<pre class=\"numbered\"><code"
    } else {
        "<pre><code"
    });
    if let Some(lang) = language {
        let lang: String = lang
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
            .collect();
        if !lang.is_empty() {
            out.push_str(" class=\"language-");
            out.push_str(&lang);
            out.push('"');
        }
    }
    out.push('>');
    // The text's pieces by class, as byte ranges of `text`.
    let mut pieces = Vec::new();
    let mut at = 0;
    for (piece, class) in highlight::pieces(text, tokens) {
        pieces.push((at..at + piece.len(), class));
        at += piece.len();
    }
    let mut next_piece = 0;
    let mut line_start = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line_end = line_start + line.len();
        match indent_columns(line).min(MAX_INDENT) {
            0 => out.push_str("<span>"),
            n => out.push_str(&format!("<span class=\"c{n}\">")),
        }
        if let Some(first) = first_line {
            let n = u64::from(first) + i as u64;
            out.push_str(&format!(
                "<span class=\"ln\" aria-hidden=\"true\" data-n=\"{n}\"></span>"
            ));
        }
        let breaks = break_points(line);
        while let Some((range, class)) = pieces.get(next_piece) {
            if range.start >= line_end {
                break;
            }
            let from = range.start.max(line_start) - line_start;
            let to = range.end.min(line_end) - line_start;
            if let Some(class) = class {
                out.push_str("<span class=\"");
                out.push_str(class_name(*class));
                out.push_str("\">");
            }
            push_with_breaks(out, line, from..to, &breaks);
            if class.is_some() {
                out.push_str("</span>");
            }
            if range.end > line_end {
                break;
            }
            next_piece += 1;
        }
        out.push_str("</span>");
        line_start = line_end;
    }
    out.push_str("</code></pre>\n");
}

/// A token class's name in the markup: pandoc's (skylighting's), so a
/// stylesheet written for pandoc's HTML colours bookpack's too; pygments'
/// `gi` and `gd` for a diff's lines, which pandoc does not class.
fn class_name(class: CodeClass) -> &'static str {
    match class {
        CodeClass::Keyword => "kw",
        CodeClass::Type => "dt",
        CodeClass::Function => "fu",
        CodeClass::String => "st",
        CodeClass::Number => "dv",
        CodeClass::Constant => "cn",
        CodeClass::Comment => "co",
        CodeClass::Attribute => "at",
        CodeClass::Inserted => "gi",
        CodeClass::Deleted => "gd",
    }
}

/// The stylesheet's rules colouring the classes: the print edition's
/// inks on light pages, and lighter ones where the reading system says
/// its pages are dark (`prefers-color-scheme`), where the dark inks
/// would all but vanish.
pub(crate) fn highlight_styles() -> String {
    let rules = |ink: fn(CodeClass) -> Ink| {
        let mut out = String::new();
        for class in highlight::CLASSES {
            let [r, g, b] = ink(class).0;
            out.push_str(&format!(
                "pre .{} {{\n  color: #{r:02x}{g:02x}{b:02x};\n}}\n",
                class_name(class)
            ));
        }
        out
    };
    format!(
        "\n/* Code coloured by its language's grammar (src/highlight.rs): every\n   colour at least 7:1 against white and against a dark page. */\n{}\n@media (prefers-color-scheme: dark) {{\n{}}}\n",
        rules(highlight::ink),
        rules(highlight::ink_on_dark)
    )
}

/// The columns a line's leading spaces and tabs take, a tab reaching the
/// next multiple of four (the stylesheet's `tab-size`, the PDF's).
fn indent_columns(line: &str) -> usize {
    let mut columns = 0;
    for c in line.chars() {
        match c {
            ' ' => columns += 1,
            '\t' => columns = (columns / 4 + 1) * 4,
            _ => break,
        }
    }
    columns
}

/// Where a line takes a `<wbr/>` (before the byte at each offset): in
/// its long tokens, after `_`, `/`, `(`, `[`, `{`, `,` and before a `.`
/// that starts a name (`.push`, not `..` or `1.5`).
fn break_points(line: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut token_start = 0;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        if !c.is_whitespace() {
            continue;
        }
        let token = &line[token_start..i];
        if token.chars().count() >= LONG_TOKEN {
            let mut chars = token.char_indices().peekable();
            while let Some((k, c)) = chars.next() {
                let next = chars.peek().map(|&(j, _)| j).unwrap_or(token.len());
                if c == '.' && k > 0 && token[next..].starts_with(char::is_alphabetic) {
                    out.push(token_start + k);
                }
                if matches!(c, '_' | '/' | '(' | '[' | '{' | ',') && next < token.len() {
                    out.push(token_start + next);
                }
            }
        }
        token_start = i + c.len_utf8();
    }
    out.dedup();
    out
}

/// `line[range]`, escaped, with a `<wbr/>` before each break inside it.
fn push_with_breaks(out: &mut String, line: &str, range: std::ops::Range<usize>, breaks: &[usize]) {
    let mut from = range.start;
    for &at in breaks
        .iter()
        .filter(|&&b| b >= range.start && b < range.end)
    {
        xhtml::push_text(out, &line[from..at]);
        out.push_str("<wbr/>");
        from = at;
    }
    xhtml::push_text(out, &line[from..range.end]);
}
