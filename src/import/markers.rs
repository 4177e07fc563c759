//! Finding the note markers glued to words (`pokushenie1`, `njet,”3`), in
//! sequence, so that `U-2`, `20-25`, `1957` and `28th` stay text.

use std::path::Path;

use super::raw::{to_u32, NoteDef, RawLine};
use crate::diagnostics::{Diagnostic, Diagnostics, Failure};

/// Where a marker was found: paragraph index, byte range of its digits.
#[derive(Debug, Clone, Copy)]
pub(super) struct Marker {
    pub(super) para: usize,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Closing punctuation a note marker may follow (`stolovaya.6`, `njet,”3`).
pub(super) fn is_closing_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '”' | '’' | '"' | '\'' | ')' | ']' | '»' | '›'
    )
}

/// Quotes and brackets: after one of these a marker may follow a number too
/// (`in “1957”4`), since the quote shows the number has ended.
pub(super) fn is_closing_quote(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | ')' | ']' | '»' | '›')
}

/// Whether the digits `text[start..end]` are glued to a word or to closing
/// punctuation and free-standing on the right: a note marker, not a number.
pub(super) fn is_marker_at(text: &str, start: usize, end: usize) -> bool {
    if text[end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric())
    {
        return false; // `28th`, or part of a longer number
    }
    let mut before = text[..start].chars().rev();
    let mut crossed_quote = false;
    let mut crossed = String::new();
    for c in before.by_ref() {
        if c.is_alphabetic() {
            return true;
        }
        if c.is_ascii_digit() {
            // `1957` (digit right before) is never a marker; `“1957”4` is,
            // and so is `in 1887.1 It…`: a number's sentence ends, its
            // marker follows the full stop, and the next sentence starts
            // (or the paragraph ends). A decimal goes on in lower case
            // (`3.5 million`).
            return crossed_quote || (crossed == "." && sentence_follows(&text[end..]));
        }
        if is_closing_punct(c) {
            crossed_quote |= is_closing_quote(c);
            crossed.push(c);
            continue;
        }
        return false; // space, hyphen (`U-2`, `20-25`), opening quote, …
    }
    false
}

/// Whether `rest` (what follows a marker) is the paragraph's end or a
/// space and a new sentence: a capital, or a quote or bracket opening one.
fn sentence_follows(rest: &str) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        None => true,
        Some(c) if c.is_whitespace() => {
            let next = chars.find(|c| !c.is_whitespace());
            next.is_none_or(|c| c.is_uppercase() || matches!(c, '“' | '"' | '‘' | '(' | '[' | '«'))
        }
        _ => false,
    }
}

/// The first marker `n` in `text` at or after byte `from`.
pub(super) fn find_in(text: &str, n: u32, from: usize) -> Option<(usize, usize)> {
    let needle = n.to_string();
    let mut at = from;
    while let Some(i) = text[at..].find(&needle) {
        let start = at + i;
        let end = start + needle.len();
        let digit_before = text[..start].ends_with(|c: char| c.is_ascii_digit());
        if !digit_before && is_marker_at(text, start, end) {
            return Some((start, end));
        }
        at = end;
    }
    None
}

/// Finds markers 1…n in order; then checks nothing that looks like marker
/// n+1 follows (a marker whose note is missing).
pub(super) fn find_markers(
    paragraphs: &[&RawLine],
    defs: &[NoteDef],
    path: &Path,
) -> Result<Vec<Marker>, Failure> {
    let mut markers: Vec<Marker> = Vec::new();
    let search = |n: u32, from: (usize, usize)| -> Option<Marker> {
        let (para, offset) = from;
        (para..paragraphs.len()).find_map(|p| {
            let start = if p == para { offset } else { 0 };
            find_in(paragraphs[p].text, n, start).map(|(s, e)| Marker {
                para: p,
                start: s,
                end: e,
            })
        })
    };
    for def in defs {
        let from = markers.last().map_or((0, 0), |m| (m.para, m.end));
        match search(def.number, from) {
            Some(m) => markers.push(m),
            None => {
                let mut d = Diagnostic::error(
                    path,
                    def.line,
                    def.col,
                    format!("note {} has no marker in the text", def.number),
                );
                d = match (search(def.number, (0, 0)), markers.last()) {
                    (Some(m), Some(prev)) => {
                        let (l, c) = position(paragraphs, m);
                        let (pl, pc) = position(paragraphs, *prev);
                        d.with_hint(format!("a `{}` at line {l}:{c} comes before marker {} (line {pl}:{pc}); markers must appear in note order", def.number, def.number - 1))
                    }
                    _ => d.with_hint(format!(
                        "put the marker right after the word it annotates, e.g. `word{}`; markers must appear in order 1, 2, 3, …",
                        def.number
                    )),
                };
                return Err(Failure::single(d));
            }
        }
    }
    let next = to_u32(defs.len() + 1);
    let from = markers.last().map_or((0, 0), |m| (m.para, m.end));
    if let Some(m) = search(next, from) {
        let (l, c) = position(paragraphs, m);
        return Err(Failure::single(
            Diagnostic::error(path, l, c, format!("note marker {next} has no note"))
                .with_hint(format!("add `{next}. text` under `Notes`, or remove the marker if these digits belong to the text")),
        ));
    }
    Ok(markers)
}

/// Digits glued to a word that were not taken as markers (`MiG2` before
/// marker 1, say) stay text; say so, since it may also be a misplaced marker.
pub(super) fn warn_unused_glued_digits(
    paragraphs: &[&RawLine],
    markers: &[Marker],
    path: &Path,
    warnings: &mut Diagnostics,
) {
    for (p, para) in paragraphs.iter().enumerate() {
        let text = para.text;
        let mut i = 0;
        while let Some(off) = text[i..].find(|c: char| c.is_ascii_digit()) {
            let start = i + off;
            let end = text[start..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(text.len(), |e| start + e);
            let taken = markers.iter().any(|m| m.para == p && m.start == start);
            if !taken && is_marker_at(text, start, end) {
                let (line, col) = position(
                    paragraphs,
                    Marker {
                        para: p,
                        start,
                        end,
                    },
                );
                warnings.push(
                    Diagnostic::warning(
                        path,
                        line,
                        col,
                        format!(
                            "digits `{}` glued to a word were kept as text",
                            &text[start..end]
                        ),
                    )
                    .with_hint("if this is a note marker, its note is missing or out of order"),
                );
            }
            i = end;
        }
    }
}

/// The raw `line:col` of a marker.
pub(super) fn position(paragraphs: &[&RawLine], m: Marker) -> (u32, u32) {
    let p = paragraphs[m.para];
    (p.line, p.col + to_u32(p.text[..m.start].chars().count()))
}
