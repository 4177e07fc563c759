//! Helpers on parsed inlines and blocks: scripts (`^`/`~`), table captions, note references in captions, literal `[^x]` left in text.

use pulldown_cmark::Alignment;
use std::ops::Range;

use crate::model::{Block, ColumnAlign, Inline};
use crate::typography;

use super::*;
/// Literal `[^label]` in text ranges: (label, byte offset).
pub(super) fn undefined_references(
    text: &str,
    text_ranges: &[Range<usize>],
) -> Vec<(String, usize)> {
    // The parser splits `[^x]` into several text events: join touching ranges.
    let mut joined: Vec<Range<usize>> = Vec::new();
    for range in text_ranges {
        match joined.last_mut() {
            Some(last) if last.end == range.start => last.end = range.end,
            _ => joined.push(range.clone()),
        }
    }
    let mut found = Vec::new();
    for range in &joined {
        let slice = &text[range.clone()];
        let mut from = 0;
        while let Some(i) = find_note_open(&slice[from..]) {
            let start = from + i;
            if let Some(end) = slice[start..].find(']') {
                let label = &slice[start + 2..start + end];
                if !label.is_empty() && !label.contains(char::is_whitespace) {
                    found.push((label.to_string(), range.start + start));
                }
                from = start + end + 1;
            } else {
                break;
            }
        }
    }
    found
}

/// Where `[^` first occurs in `s`: a search for `[` (a byte search) and a
/// look at the byte after it, cheaper than a substring search on text
/// that seldom holds a `[`.
fn find_note_open(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = s[from..].find('[') {
        let at = from + i;
        if bytes.get(at + 1) == Some(&b'^') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The id of pandoc's attributes `{#id}` (with any classes or keys after
/// it, which are not read) when `text` is nothing else.
pub(crate) fn attribute_id(text: &str) -> Option<String> {
    let inner = text.trim().strip_prefix("{#")?.strip_suffix('}')?;
    let id = inner.split_whitespace().next()?;
    (!id.is_empty()).then(|| id.to_string())
}

/// `caption` without a pandoc `{#id}` ending it, and the id.
fn caption_id(mut caption: Vec<Inline>) -> (Vec<Inline>, Option<String>) {
    let Some(Inline::Text { text }) = caption.last() else {
        return (caption, None);
    };
    let Some(open) = text.rfind("{#") else {
        return (caption, None);
    };
    let Some(id) = attribute_id(&text[open..]) else {
        return (caption, None);
    };
    let rest = text[..open].trim_end().to_string();
    if rest.is_empty() {
        caption.pop();
    } else if let Some(Inline::Text { text }) = caption.last_mut() {
        *text = rest;
    }
    (caption, Some(id))
}

/// Moves a `Table: caption` paragraph (pandoc's syntax) next to a table
/// into the table: the one after it, else the one before it; a `{#id}`
/// ending the caption names the table.
pub(super) fn attach_table_captions(
    blocks: Vec<Block>,
    offsets: Vec<usize>,
) -> (Vec<Block>, Vec<usize>) {
    let caption_of = |b: &Block| -> Option<Vec<Inline>> {
        let Block::Paragraph { content, .. } = b else {
            return None;
        };
        let Some(Inline::Text { text }) = content.first() else {
            return None;
        };
        // Pandoc's three openings: `Table:`, `table:`, and the bare `:`
        // Quarto's manual writes (`: Caption {#tbl-x}`), which no mark
        // of punctuation may follow (`::` is no caption).
        let rest = text
            .strip_prefix("Table:")
            .or_else(|| text.strip_prefix("table:"))
            .or_else(|| {
                text.strip_prefix(':')
                    .filter(|r| !r.starts_with(|c: char| c.is_ascii_punctuation()))
            })?;
        let mut caption = content.clone();
        caption[0] = Inline::Text {
            text: rest.trim_start().to_string(),
        };
        Some(typography::refine(caption))
    };
    let mut taken = vec![false; blocks.len()];
    let mut captions: Vec<Option<Vec<Inline>>> = vec![None; blocks.len()];
    for i in 0..blocks.len() {
        if !matches!(&blocks[i], Block::Table { caption, .. } if caption.is_empty()) {
            continue;
        }
        for j in [i + 1, i.wrapping_sub(1)] {
            if j < blocks.len() && !taken[j] {
                if let Some(c) = caption_of(&blocks[j]) {
                    taken[j] = true;
                    captions[i] = Some(c);
                    break;
                }
            }
        }
    }
    let mut out = Vec::with_capacity(blocks.len());
    let mut out_offsets = Vec::with_capacity(blocks.len());
    for (i, (mut block, offset)) in blocks.into_iter().zip(offsets).enumerate() {
        if taken[i] {
            continue;
        }
        if let (Block::Table { caption, id, .. }, Some(c)) = (&mut block, captions[i].take()) {
            (*caption, *id) = caption_id(c);
        }
        out.push(block);
        out_offsets.push(offset);
    }
    (out, out_offsets)
}

/// Whether the byte range `range` of `text` lies inside a web address
/// written as running text (`https://…`, `www.…`): smart punctuation must
/// not turn its `--` or quotes into typographic ones.
pub(super) fn inside_url(text: &str, range: &Range<usize>) -> bool {
    let start = text[..range.start]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '<' | '(' | '"' | '\'' | '“' | '‘'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[range.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| range.end + i);
    let token = &text[start..end];
    let is_url = token.contains("://") || token.starts_with("www.");
    // Trailing sentence punctuation belongs to the sentence, not the address.
    let url_end = start
        + token
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'', '”', '’'])
            .len();
    is_url && range.start > start && range.end <= url_end
}

/// Splits `[^label]` written in a caption's text into note references
/// (the caption is parsed apart from the chapter, where the parser cannot
/// see the note definitions); returns the labels found.
pub(super) fn caption_note_refs(inlines: Vec<Inline>, labels: &mut Vec<String>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for mut inline in inlines {
        if let Inline::Text { text } = &inline {
            let mut rest = text.as_str();
            while let Some(i) = rest.find("[^") {
                let Some(len) = rest[i..].find(']') else {
                    break;
                };
                let label = &rest[i + 2..i + len];
                if label.is_empty() || label.contains(char::is_whitespace) {
                    break;
                }
                if i > 0 {
                    out.push(Inline::Text {
                        text: rest[..i].to_string(),
                    });
                }
                labels.push(label.to_string());
                out.push(Inline::NoteRef {
                    number: UNNUMBERED,
                    first: false,
                    id: label.to_string(),
                });
                rest = &rest[i + len + 1..];
            }
            if !rest.is_empty() {
                out.push(Inline::Text {
                    text: rest.to_string(),
                });
            }
            continue;
        }
        if let Some(children) = inline.children_mut() {
            *children = caption_note_refs(std::mem::take(children), labels);
        }
        out.push(inline);
    }
    out
}

/// Stand-ins for `\^` and `\~` in text until [`scripts`] has run, so an
/// escaped delimiter never opens a superscript or subscript.
pub(super) const ESCAPED_CARET: char = '\u{E000}';
pub(super) const ESCAPED_TILDE: char = '\u{E001}';

/// A run of inlines as the model keeps it: intraword superscripts and
/// subscripts found, then the typography pass.
pub(super) fn inline_content(inlines: Vec<Inline>) -> Vec<Inline> {
    typography::refine(scripts(inlines))
}

/// [`inline_content`] for text an outline drops: the same inlines, their
/// text left untypeset.
pub(super) fn inline_shape(inlines: Vec<Inline>) -> Vec<Inline> {
    typography::refine_shape(scripts(inlines))
}

/// pandoc's `^sup^` and `~sub~` (no spaces inside) where pulldown-cmark
/// leaves them as text: it takes them only between words (`x ^2^`), not
/// inside one (`mc^2^`, `H~2~O`, `1^st^`), as pandoc and authors do.
pub(super) fn scripts(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for mut inline in inlines {
        match &mut inline {
            // Most text holds neither delimiter nor stand-in (U+E000 and
            // U+E001 start with the byte EE): kept as it is, not copied.
            Inline::Text { text } if !text.bytes().any(|b| matches!(b, b'^' | b'~' | 0xEE)) => {}
            Inline::Text { text } => {
                let mut rest = text.as_str();
                let mut plain = String::new();
                while let Some(i) = rest.find(['^', '~']) {
                    let delim = rest[i..].chars().next().unwrap_or('^');
                    let after = &rest[i + 1..];
                    let inner_len = after
                        .find(|c: char| c == delim || c.is_whitespace())
                        .filter(|&n| n > 0 && after[n..].starts_with(delim));
                    let Some(n) = inner_len else {
                        plain.push_str(&rest[..i + 1]);
                        rest = after;
                        continue;
                    };
                    plain.push_str(&rest[..i]);
                    if !plain.is_empty() {
                        out.push(Inline::Text {
                            text: unescape_scripts(&std::mem::take(&mut plain)),
                        });
                    }
                    let content = vec![Inline::Text {
                        text: unescape_scripts(&after[..n]),
                    }];
                    out.push(if delim == '^' {
                        Inline::Superscript { content }
                    } else {
                        Inline::Subscript { content }
                    });
                    rest = &after[n + 1..];
                }
                plain.push_str(rest);
                if !plain.is_empty() {
                    out.push(Inline::Text {
                        text: unescape_scripts(&plain),
                    });
                }
                continue;
            }
            Inline::Code { .. } => {}
            other => {
                if let Some(children) = other.children_mut() {
                    *children = scripts(std::mem::take(children));
                }
            }
        }
        out.push(inline);
    }
    out
}

pub(super) fn unescape_scripts(s: &str) -> String {
    s.replace(ESCAPED_CARET, "^").replace(ESCAPED_TILDE, "~")
}

pub(super) fn column_align(a: Alignment) -> ColumnAlign {
    match a {
        Alignment::None => ColumnAlign::Default,
        Alignment::Left => ColumnAlign::Left,
        Alignment::Center => ColumnAlign::Center,
        Alignment::Right => ColumnAlign::Right,
    }
}

/// Whether raw HTML is only a comment, `<!-- … -->`.
pub(crate) fn is_html_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

/// Whether inlines show nothing: no text but spaces, no note reference.
pub(super) fn is_blank(inlines: &[Inline]) -> bool {
    inlines.iter().all(|inline| match inline {
        Inline::Text { text } | Inline::Code { text } => text.trim().is_empty(),
        Inline::NoteRef { .. } => false,
        // A line break, or what wraps others (emphasis, links, …).
        _ => is_blank(inline.children()),
    })
}

/// The language and direction of an opening `<span lang="…" dir="…">`
/// (either or both, quoted with `"` or `'`; no other attribute), or
/// `None` for any other HTML.
pub(crate) fn span_open(html: &str) -> Option<(Option<String>, Option<String>)> {
    let inner = html.trim().strip_prefix("<span")?.strip_suffix('>')?;
    if !inner.is_empty() && !inner.starts_with(char::is_whitespace) {
        return None;
    }
    let (mut lang, mut dir) = (None, None);
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let (name, after) = rest.split_once('=')?;
        let after = after.trim_start();
        let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let (value, tail) = after[1..].split_once(quote)?;
        match name.trim() {
            "lang" if lang.is_none() && is_language_tag(value) => lang = Some(value.to_string()),
            "dir" if dir.is_none() && matches!(value, "ltr" | "rtl" | "auto") => {
                dir = Some(value.to_string())
            }
            _ => return None,
        }
        rest = tail.trim_start();
    }
    (lang.is_some() || dir.is_some()).then_some((lang, dir))
}

/// A BCP 47 tag's shape: a 2–8 letter language, then subtags of 1–8
/// letters or digits (`fr`, `sr-Latn`, `de-CH-1996`).
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}
