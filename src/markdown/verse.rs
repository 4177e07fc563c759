//! Verse: `::: verse` blocks and pandoc's line blocks (`| a line`) → a `Block::Verse` of stanzas and lines.
//!
//! CommonMark has no verse: it joins a stanza's lines into one paragraph,
//! strips their indents and reads four leading spaces as code. So the
//! lines are found here, in the source, and masked out of the chapter's
//! parse (`fences.rs`); each stanza's text, indents taken off, is then
//! parsed apart as one paragraph with a hard break after every line (so
//! emphasis and quotes may run across lines), and its inlines are split
//! back into lines at those breaks.
//!
//! Indents: two leading spaces, or one no-break space (U+00A0, `&nbsp;`)
//! or em space, make an em; a tab makes two, an en space half. What every
//! line of a block shares is the block's own indentation in the source,
//! not the poem's, and is taken off.

use std::ops::Range;
use std::path::Path;

use super::builder::Builder;
use super::inlines::caption_note_refs;
use crate::config::line_col;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Block, Inline, Span, VerseLine};

/// A verse as found in the source, before its lines are parsed.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct VerseSource {
    /// From the opening fence (or the first bar) to the end of the last
    /// line (or the closing fence).
    pub(super) range: Range<usize>,
    /// Pandoc's `| ` lines, not a `::: verse` block.
    pub(super) bars: bool,
    pub(super) stanzas: Vec<Vec<LineSource>>,
}

impl VerseSource {
    /// Adds `next`'s stanzas after this verse's (line blocks with only
    /// blank lines between are one poem).
    pub(super) fn append(&mut self, next: VerseSource) {
        self.range.end = next.range.end;
        self.stanzas.extend(next.stanzas);
    }
}

/// One line of verse in the source.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LineSource {
    /// Where the line's text starts (after its indent).
    pub(super) offset: usize,
    /// The indent, in half ems.
    pub(super) halves: u32,
    /// The line's Markdown, its indent and a closing `\` taken off.
    pub(super) text: String,
}

/// The classes that open a verse block: `::: verse`, `::: {.poem}`.
pub(super) fn is_verse_class(class: &str) -> bool {
    matches!(class, "verse" | "poem")
}

/// A line of a pandoc line block: `|` then a space, or `|` alone.
pub(super) fn is_line_block_line(line: &str) -> bool {
    let line = line.trim_end_matches(['\n', '\r']);
    line == "|" || line.starts_with("| ")
}

/// A pipe table's delimiter row (`|---|:--:|`): the run is a table.
pub(super) fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

pub(super) fn only_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// The indent a line opens with, in half ems, and its length in bytes.
fn indent_of(line: &str) -> (u32, usize) {
    const ENTITIES: [(&str, u32); 6] = [
        ("&nbsp;", 2),
        ("&#160;", 2),
        ("&#xa0;", 2),
        ("&#xA0;", 2),
        ("&emsp;", 2),
        ("&ensp;", 1),
    ];
    let mut halves = 0;
    let mut at = 0;
    'next: while at < line.len() {
        let rest = &line[at..];
        for (entity, h) in ENTITIES {
            if rest.starts_with(entity) {
                halves += h;
                at += entity.len();
                continue 'next;
            }
        }
        let c = rest.chars().next().unwrap_or('x');
        halves += match c {
            ' ' => 1,
            '\t' => 4,
            '\u{00A0}' | '\u{2003}' => 2,
            '\u{2002}' => 1,
            '\u{2009}' | '\u{202F}' | '\u{2007}' => 0,
            _ => break,
        };
        at += c.len_utf8();
    }
    (halves, at)
}

/// A source line as a verse line (`None` for a blank one).
fn line_source(line: &str, offset: usize) -> Option<LineSource> {
    let body = line.trim_end_matches(['\n', '\r']);
    let (halves, at) = indent_of(body);
    let mut text = body[at..].trim_end();
    // A closing `\` (a hard break in prose) changes nothing here; `\\`
    // is a backslash, kept.
    let slashes = text.len() - text.trim_end_matches('\\').len();
    if slashes % 2 == 1 {
        text = text[..text.len() - 1].trim_end();
    }
    (!text.is_empty()).then(|| LineSource {
        offset: offset + at,
        halves,
        text: text.to_string(),
    })
}

/// Stanzas of `lines`, split at blank ones, the indent every line shares
/// taken off.
fn stanzas_of(lines: impl IntoIterator<Item = Option<LineSource>>) -> Vec<Vec<LineSource>> {
    let mut stanzas: Vec<Vec<LineSource>> = vec![Vec::new()];
    for line in lines {
        match line {
            Some(l) => stanzas.last_mut().expect("one at least").push(l),
            None if stanzas.last().is_some_and(|s| !s.is_empty()) => stanzas.push(Vec::new()),
            None => {}
        }
    }
    stanzas.retain(|s| !s.is_empty());
    let common = stanzas
        .iter()
        .flatten()
        .map(|l| l.halves)
        .min()
        .unwrap_or(0);
    for line in stanzas.iter_mut().flatten() {
        line.halves -= common;
    }
    stanzas
}

/// A `::: verse` block opened at `start`, of `lines` (offset, line), or
/// `None` (with a warning) when it holds no text.
pub(super) fn fenced(
    start: usize,
    lines: &[(usize, &str)],
    close: usize,
    file: &Path,
    text: &str,
    diags: &mut Diagnostics,
) -> Option<VerseSource> {
    let stanzas = stanzas_of(lines.iter().map(|&(o, l)| line_source(l, o)));
    if stanzas.is_empty() {
        let (l, c) = line_col(text, start);
        diags.push(
            Diagnostic::warning(file, l, c, "this `::: verse` block is empty").with_hint(
                "write the poem's lines between `::: verse` and `:::`, or remove the block",
            ),
        );
        return None;
    }
    Some(VerseSource {
        range: start..close,
        bars: false,
        stanzas,
    })
}

/// A pandoc line block: `run` its lines (offset, line). A line of `|`
/// alone is a blank line between stanzas; a line starting with a space
/// continues the line before, as pandoc reads it.
pub(super) fn line_block(run: &[(usize, &str)]) -> VerseSource {
    let mut lines: Vec<Option<LineSource>> = Vec::new();
    for &(offset, line) in run {
        if let Some(rest) = line.strip_prefix('|') {
            // The bar and the one space after it are markup.
            let skip = 1 + usize::from(rest.starts_with(' '));
            lines.push(line_source(&line[skip..], offset + skip));
        } else if let Some(Some(prev)) = lines.last_mut() {
            if let Some(more) = line_source(line, offset) {
                prev.text.push(' ');
                prev.text.push_str(&more.text);
            }
        }
    }
    let end = run
        .last()
        .map_or(0, |(o, l)| o + l.trim_end_matches(['\n', '\r']).len());
    VerseSource {
        range: run.first().map_or(0, |(o, _)| *o)..end,
        bars: true,
        stanzas: stanzas_of(lines),
    }
}

/// `line` with its first character escaped where it would open a block
/// (a heading, quote, list item, rule or code fence) when it begins a
/// line: a verse line is text, whatever it starts with. Returns the text
/// and how many bytes were added.
fn escaped(line: &str) -> (String, u32) {
    let first = line.chars().next().unwrap_or(' ');
    let second = line[first.len_utf8()..].chars().next();
    let only = |c: char| line.chars().all(|x| x == c || x == ' ');
    let opens = match first {
        '#' | '>' | '=' => true,
        '-' | '+' | '*' => second.is_none_or(|c| c == ' ' || c == '\t') || only(first),
        '_' => only('_'),
        '`' | '~' => line.starts_with("```") || line.starts_with("~~~"),
        _ => false,
    };
    if opens {
        return (format!("\\{line}"), 1);
    }
    // `1. ` or `1) `: an ordered list item.
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && digits < 10 {
        let rest = &line[digits..];
        if (rest.starts_with(". ") || rest.starts_with(") ") || rest == "." || rest == ")")
            && !rest.is_empty()
        {
            return (format!("{}\\{}", &line[..digits], rest), 1);
        }
    }
    (line.to_string(), 0)
}

/// Splits `inlines` at their line breaks, those inside emphasis, links
/// and spans too (the styling is repeated on each piece).
fn split_lines(inlines: Vec<Inline>) -> Vec<Vec<Inline>> {
    let mut lines: Vec<Vec<Inline>> = vec![Vec::new()];
    for mut inline in inlines {
        if matches!(inline, Inline::LineBreak) {
            lines.push(Vec::new());
            continue;
        }
        let parts = match inline.children_mut() {
            Some(children) => split_lines(std::mem::take(children)),
            None => {
                lines.last_mut().expect("one at least").push(inline);
                continue;
            }
        };
        let n = parts.len();
        for (k, part) in parts.into_iter().enumerate() {
            if k > 0 {
                lines.push(Vec::new());
            }
            if !part.is_empty() {
                let mut piece = inline.clone();
                if let Some(children) = piece.children_mut() {
                    *children = part;
                }
                lines.last_mut().expect("one at least").push(piece);
            }
            debug_assert!(k < n);
        }
    }
    lines
}

impl Builder<'_> {
    /// The verse `source` as a block; its note references (label, the
    /// line's span) go to `references`.
    pub(super) fn verse(
        &mut self,
        source: &VerseSource,
        references: &mut Vec<(String, Span)>,
    ) -> Option<Block> {
        let mut stanzas = Vec::new();
        for stanza in &source.stanzas {
            // One paragraph, a hard break ending every line but the last;
            // each line of it maps back to its source line and column.
            let mut text = String::new();
            let mut places = Vec::new();
            for (k, line) in stanza.iter().enumerate() {
                let (escaped, added) = escaped(&line.text);
                text.push_str(&escaped);
                if k + 1 < stanza.len() {
                    text.push_str("\\\n");
                }
                let span = self.span(line.offset);
                places.push((span.line, (span.col - 1).saturating_sub(added)));
            }
            let keep = self.keep;
            let setup = |sub: &mut Builder<'_>| {
                sub.keep = keep;
                sub.places = places;
            };
            let inlines = self.paragraphs_of(&text, None, setup, Inline::LineBreak);
            let mut parts = split_lines(inlines).into_iter();
            let mut lines = Vec::new();
            for line in stanza {
                let span = self.span(line.offset);
                let mut labels = Vec::new();
                let content = caption_note_refs(parts.next().unwrap_or_default(), &mut labels);
                references.extend(labels.into_iter().map(|l| (l, span)));
                if content.is_empty() {
                    continue;
                }
                lines.push(VerseLine {
                    indent: u8::try_from(line.halves / 2).unwrap_or(u8::MAX),
                    content,
                    span,
                });
            }
            if !lines.is_empty() {
                stanzas.push(lines);
            }
        }
        (!stanzas.is_empty()).then(|| Block::Verse {
            stanzas,
            span: self.span(source.range.start),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indents_count_spaces_no_break_and_em_spaces() {
        assert_eq!(indent_of("  a"), (2, 2));
        assert_eq!(indent_of("\u{a0}\u{a0}a"), (4, 4));
        assert_eq!(indent_of("&nbsp;&nbsp;a"), (4, 12));
        assert_eq!(indent_of("\u{2003}a"), (2, 3));
        assert_eq!(indent_of("\ta"), (4, 1));
        assert_eq!(indent_of("a  "), (0, 0));
    }

    #[test]
    fn block_openers_are_escaped_and_emphasis_is_not() {
        assert_eq!(escaped("# not a heading").0, "\\# not a heading");
        assert_eq!(escaped("- and then").0, "\\- and then");
        assert_eq!(escaped("1914. The war").0, "1914\\. The war");
        assert_eq!(escaped("*soft* words").0, "*soft* words");
        assert_eq!(escaped("---").0, "\\---");
    }

    #[test]
    fn line_blocks_keep_their_indents_and_continuations() {
        let src = "| The first\n|     stands in\n  and goes on\n|\n| Second stanza\n";
        let lines: Vec<(usize, &str)> = src
            .split_inclusive('\n')
            .scan(0, |at, l| {
                let o = *at;
                *at += l.len();
                Some((o, l))
            })
            .collect();
        let v = line_block(&lines);
        let shape: Vec<Vec<(u32, &str)>> = v
            .stanzas
            .iter()
            .map(|s| s.iter().map(|l| (l.halves, l.text.as_str())).collect())
            .collect();
        assert_eq!(
            shape,
            [
                vec![(0, "The first"), (4, "stands in and goes on")],
                vec![(0, "Second stanza")]
            ]
        );
    }
}
