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

/// The deepest leading indent, in columns, the stylesheet has a class
/// for (`c1` … `c16`); a deeper line takes it.
pub(crate) const MAX_INDENT: usize = 16;

/// Tokens shorter than this never need a break inside them: 16 columns of
/// monospace are well inside the narrowest phone's measure.
const LONG_TOKEN: usize = 16;

/// Appends a code block: `<pre><code class="language-…">`, a span per line.
pub(crate) fn push_code_block(out: &mut String, language: Option<&str>, text: &str) {
    out.push_str("<pre><code");
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
    for line in text.split_inclusive('\n') {
        match indent_columns(line).min(MAX_INDENT) {
            0 => out.push_str("<span>"),
            n => out.push_str(&format!("<span class=\"c{n}\">")),
        }
        push_line(out, line);
        out.push_str("</span>");
    }
    out.push_str("</code></pre>\n");
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

/// One line's text, escaped, with break opportunities in its long tokens.
fn push_line(out: &mut String, line: &str) {
    let mut token_start = 0;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            push_token(out, &line[token_start..i]);
            xhtml::push_text(out, &line[i..i + c.len_utf8()]);
            token_start = i + c.len_utf8();
        }
    }
    push_token(out, &line[token_start..]);
}

fn push_token(out: &mut String, token: &str) {
    if token.chars().count() < LONG_TOKEN {
        xhtml::push_text(out, token);
        return;
    }
    let mut piece = 0;
    let mut chars = token.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(j, _)| j).unwrap_or(token.len());
        // Before a `.` that starts a name (`.push`, not `..` or `1.5`).
        let before = c == '.' && i > piece && token[next..].starts_with(char::is_alphabetic);
        // After a joint, unless the token ends there.
        let after = matches!(c, '_' | '/' | '(' | '[' | '{' | ',') && next < token.len();
        if before {
            xhtml::push_text(out, &token[piece..i]);
            out.push_str("<wbr/>");
            piece = i;
        }
        if after {
            xhtml::push_text(out, &token[piece..next]);
            out.push_str("<wbr/>");
            piece = next;
        }
    }
    xhtml::push_text(out, &token[piece..]);
}
