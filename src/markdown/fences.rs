//! Pandoc-style `:::` fenced blocks, masked out before pulldown-cmark parses the chapter.

use std::ops::Range;
use std::path::Path;

use crate::config::line_col;
use crate::diagnostics::{Diagnostic, Diagnostics};

use super::callouts::{self, CalloutFence};
use super::containers::Containers;
use super::theorems;
use super::verse::{self, VerseSource};

/// Pandoc-style fenced blocks (`::: synopsis` … `:::`), masked to blanks so
/// pulldown-cmark sees plain Markdown and byte offsets stay unchanged.
pub(super) struct Fences {
    pub(super) masked: String,
    pub(super) synopsis: Vec<Range<usize>>,
    /// `::: {lang=fr dir=rtl}` blocks: a passage in another language or
    /// direction, with its language and direction.
    pub(super) passages: Vec<(Range<usize>, Passage)>,
    /// `::: verse` blocks and pandoc line blocks, masked out whole: their
    /// lines are read apart (see `verse.rs`).
    pub(super) verse: Vec<VerseSource>,
    /// `::: {.callout-note}` blocks: an aside of that kind, its blocks
    /// gathered by `parse_chapter`.
    pub(super) callouts: Vec<(Range<usize>, CalloutFence)>,
    /// `::: {#refs}` blocks at the text's left, in order: pandoc's place
    /// for the works cited (the first one's end; see `citations.rs`).
    pub(super) refs: Vec<Range<usize>>,
}

/// A `:::` block open while the chapter is scanned.
struct Open {
    start: usize,
    synopsis: bool,
    passage: Option<Passage>,
    callout: Option<CalloutFence>,
    refs: bool,
    /// How many list items, notes or definitions it stands in: it closes
    /// in the same one.
    depth: usize,
}

/// The language and direction a `:::` block gives its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Passage {
    pub(super) lang: Option<String>,
    pub(super) dir: Option<String>,
}

/// The `lang=… dir=…` attributes of a fence (`{lang=fr}`, `{lang="fr"
/// dir="rtl"}`), or `None` when they are anything else.
fn passage_attributes(attrs: &str) -> Option<Passage> {
    let mut passage = Passage {
        lang: None,
        dir: None,
    };
    for attr in attrs.split_whitespace() {
        let (name, value) = attr.split_once('=')?;
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        match name {
            "lang" if passage.lang.is_none() && super::inlines::is_language_tag(value) => {
                passage.lang = Some(value.to_string())
            }
            "dir" if passage.dir.is_none() && matches!(value, "ltr" | "rtl" | "auto") => {
                passage.dir = Some(value.to_string())
            }
            _ => return None,
        }
    }
    (passage.lang.is_some() || passage.dir.is_some()).then_some(passage)
}

/// A verse fence's class and attributes (`verse`, `{.poem}`,
/// `{.verse lang=fr}`, `{lang=la .verse}`): `Some` with the poem's
/// language or direction, if any; `None` when the fence is not verse or
/// names anything else beside it.
fn verse_attributes(class: &str) -> Option<Option<Passage>> {
    let words: Vec<&str> = class.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| verse::is_verse_class(w.trim_start_matches('.')))?;
    let rest: Vec<&str> = words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| (i != at).then_some(*w))
        .collect();
    if rest.is_empty() {
        return Some(None);
    }
    passage_attributes(&rest.join(" ")).map(Some)
}

/// The chapter's fences, or (with the error in `diags`) the part of them
/// found before a fence that is wrong, whose closed passages `bookpack
/// check` still uses.
pub(super) fn find_fences(
    text: &str,
    file: &Path,
    diags: &mut Diagnostics,
) -> Result<Fences, Box<Fences>> {
    let mut masked = String::with_capacity(text.len());
    let mut synopsis = Vec::new();
    let mut passages = Vec::new();
    let mut verses = Vec::new();
    let mut callout_fences = Vec::new();
    let mut refs = Vec::new();
    // The blocks open, innermost last. Fenced divs nest as pandoc's do: a
    // fence with a class opens one, a bare `:::` closes the innermost,
    // whatever the number of colons.
    let mut open: Vec<Open> = Vec::new();
    let mut containers = Containers::default();
    // The lines of an open `::: verse` block: (offset, line).
    let mut verse_lines: Option<(usize, Vec<(usize, &str)>)> = None;
    let mut in_code_fence: Option<&str> = None;
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .collect();
    // Whether the line before is blank (or none is): where a line block
    // may start, as pandoc reads one.
    let mut after_blank = true;
    let mut k = 0;
    macro_rules! fail {
        () => {
            return Err(Box::new(Fences {
                masked,
                synopsis,
                passages,
                verse: verses,
                callouts: callout_fences,
                refs,
            }))
        };
    }
    while k < lines.len() {
        let (offset, line) = lines[k];
        k += 1;
        let trimmed = line.trim_end_matches(['\n', '\r']).trim();
        let raw_fence = trimmed.starts_with(":::");
        // Where the line stands (in which list item or note): not followed
        // in code or verse, whose lines are not Markdown's.
        let place = (in_code_fence.is_none() && (verse_lines.is_none() || raw_fence))
            .then(|| containers.line(line));
        // A fence or a code fence stands at most 3 spaces in from its
        // container's text (pandoc's `skipNonindentSpaces`): with 4 it is
        // code (`    :::` in an indented code block), or a paragraph's.
        let at_fence_column = place.is_some_and(|p| p.may_hold_fence());
        if let (Some(place), Some(inner)) = (place, open.last()) {
            if inner.depth > place.depth {
                let (l, c) = line_col(text, at_text(text, inner.start));
                diags.push(
                    Diagnostic::error(file, l, c, "this `:::` block is never closed in the list item or note it opens in")
                        .with_hint("end it with a line `:::` indented as its opening line, before the item's text ends"),
                );
                fail!();
            }
        }
        let code_marker = code_fence_marker(trimmed);
        if let Some(marker) = in_code_fence {
            if code_marker == Some(marker) {
                in_code_fence = None;
            }
            masked.push_str(line);
            after_blank = trimmed.is_empty();
            continue;
        }
        let is_fence = raw_fence && at_fence_column;
        // A fence opened inside a block quote (`> ::: verse`) is not read:
        // fences stand at the text's left. Said, for its lines came out as
        // a definition list of the `:::` marks.
        let in_quote = trimmed
            .strip_prefix('>')
            .map(|rest| rest.trim_start_matches(|c: char| c == '>' || c.is_whitespace()));
        if let Some(fence) = in_quote.filter(|f| f.starts_with(":::") && f.len() > 3) {
            if verse_lines.is_none() {
                let col = line.find(":::").map_or(1, |c| c + 1);
                diags.push(
                    Diagnostic::warning(
                        file,
                        k as u32,
                        col as u32,
                        format!("`{}` inside a block quote is not read: its lines are set as ordinary text", fence.trim()),
                    )
                    .with_hint("open the block outside the quote: a `::: verse` block is set apart already, and its source can follow it as a paragraph (`--- Source`)"),
                );
            }
        }
        if let (Some((_, held)), false) = (&mut verse_lines, is_fence) {
            // Verse is read line by line apart: blank it here.
            held.push((offset, line));
            blank(&mut masked, line);
            continue;
        }
        // A code fence also opens after list markers (`- ```rust`), its
        // closing line then indented to the item's text.
        let opening = code_fence_marker(super::containers::past_list_markers(trimmed));
        if opening.is_some() && at_fence_column {
            in_code_fence = opening;
        }
        if !is_fence && open.is_empty() && after_blank && verse::is_line_block_line(line) {
            // A pandoc line block: its run of lines (those continuing one
            // start with a space), unless a delimiter row makes it a pipe
            // table or a line of it is not one pandoc takes (`|x`).
            let mut end = k;
            while end < lines.len()
                && (lines[end].1.starts_with('|')
                    || lines[end].1.starts_with([' ', '\t']) && !lines[end].1.trim().is_empty())
            {
                end += 1;
            }
            let run = &lines[k - 1..end];
            let table = run.iter().any(|(_, l)| {
                verse::is_delimiter_row(l) || l.starts_with('|') && !verse::is_line_block_line(l)
            });
            if !table {
                for (_, l) in run {
                    blank(&mut masked, l);
                }
                let source = verse::line_block(run);
                // Line blocks with only blank lines between are the
                // stanzas of one poem.
                match verses.last_mut() {
                    Some(prev) if verse::only_blank(&text[prev_end(prev)..offset]) && prev.bars => {
                        prev.append(source)
                    }
                    _ => verses.push(source),
                }
                k = end;
                after_blank = false;
                continue;
            }
        }
        after_blank = trimmed.is_empty();
        if is_fence {
            let class = trimmed.trim_start_matches(':').trim();
            let class = class
                .trim_start_matches('{')
                .trim_end_matches('}')
                .trim()
                .trim_start_matches('.');
            let depth = place.map_or(0, |p| p.depth);
            let closes = open.last().filter(|o| o.depth == depth);
            match (closes, class.is_empty()) {
                (Some(o), true) => {
                    let start = o.start;
                    if let Some(c) = &o.callout {
                        callout_fences.push((start..offset, c.clone()));
                    }
                    if o.synopsis {
                        synopsis.push(start..offset);
                    }
                    if let Some(p) = &o.passage {
                        passages.push((start..offset, p.clone()));
                    }
                    if o.refs {
                        refs.push(start..offset);
                    }
                    if let Some((start, held)) = verse_lines.take() {
                        verses.extend(verse::fenced(start, &held, offset, file, text, diags));
                    }
                    open.pop();
                }
                (None, true) if depth > 0 => {
                    // Pandoc reads a `:::` in an item with no block open
                    // in it as text, however many blocks are open around
                    // the list.
                    let (l, c) = line_col(text, at_text(text, offset));
                    diags.push(
                        Diagnostic::warning(file, l, c, "this `:::` inside a list item or note closes no block opened in it: it is set as text")
                            .with_hint("to close the block around the list, write the `:::` at the text's left edge"),
                    );
                    masked.push_str(line);
                    continue;
                }
                (Some(_), false) if verse_lines.is_some() => {
                    let (l, c) = line_col(text, offset);
                    diags.push(
                        Diagnostic::error(
                            file,
                            l,
                            c,
                            "a `:::` block cannot open inside a `::: verse` block",
                        )
                        .with_hint("close the verse with a line `:::` first"),
                    );
                    fail!();
                }
                (_, false) if class.split_whitespace().next() == Some("#refs") => {
                    // Pandoc's place for the works cited; in a list item
                    // or note it would be set there, which no book wants.
                    if depth > 0 {
                        let (l, c) = line_col(text, at_text(text, offset));
                        diags.push(
                            Diagnostic::warning(file, l, c, "a `::: {#refs}` block inside a list item or note does not place the works cited: they are set where they would be without it")
                                .with_hint("write `::: {#refs}` at the text's left edge"),
                        );
                    }
                    open.push(Open {
                        start: offset,
                        synopsis: false,
                        passage: None,
                        callout: None,
                        refs: depth == 0,
                        depth,
                    });
                }
                (_, false) => {
                    let is_synopsis = class == "synopsis";
                    let (is_verse, passage) = match verse_attributes(class) {
                        Some(passage) => (true, passage),
                        None => (false, passage_attributes(class)),
                    };
                    let callout = if is_synopsis || is_verse || passage.is_some() {
                        None
                    } else {
                        let (l, _) = line_col(text, offset);
                        callouts::fence(class, line, (l, 1), file, diags)
                            .or_else(|| theorems::fence(class, line, (l, 1), file, diags))
                    };
                    if !is_synopsis && !is_verse && passage.is_none() && callout.is_none() {
                        let (l, c) = line_col(text, offset);
                        diags.push(
                            Diagnostic::warning(file, l, c, format!("unknown block class `{class}`; its content is set as ordinary text"))
                                .with_hint("bookpack knows `::: synopsis`, `::: verse` (a poem, line by line; `::: {.verse lang=fr}` in another language), `::: {lang=fr dir=rtl}` (a passage in another language), `::: {.callout-note}` (a note, tip, important, warning or caution set apart) and Quarto's theorems (`::: {#thm-name}`, `#lem-`, `#def-`…, numbered; `::: {.proof}`)"),
                        );
                    }
                    if is_verse {
                        verse_lines = Some((offset, Vec::new()));
                    }
                    open.push(Open {
                        start: offset,
                        synopsis: is_synopsis,
                        passage,
                        callout,
                        refs: false,
                        depth,
                    });
                }
                (None, true) => {
                    let (l, c) = line_col(text, offset);
                    diags.push(
                        Diagnostic::error(file, l, c, "`:::` closes a block that was never opened")
                            .with_hint("open it with `::: synopsis`, or remove this line"),
                    );
                    fail!();
                }
            }
            // Keep the line break so line numbers stay right.
            blank(&mut masked, line);
        } else {
            masked.push_str(line);
        }
    }
    if let Some(o) = open.last() {
        let (l, c) = line_col(text, o.start);
        diags.push(
            Diagnostic::error(file, l, c, "this `:::` block is never closed")
                .with_hint("end it with a line holding only `:::`"),
        );
        fail!();
    }
    Ok(Fences {
        masked,
        synopsis,
        passages,
        verse: verses,
        callouts: callout_fences,
        refs,
    })
}

/// The code fence a line's text opens or closes with, if any.
fn code_fence_marker(text: &str) -> Option<&'static str> {
    if text.starts_with("```") {
        Some("```")
    } else if text.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// Where the text of the line at `offset` starts, past its indentation:
/// where a message about an indented fence points.
fn at_text(text: &str, offset: usize) -> usize {
    let line = &text[offset..];
    offset + line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// `line` as blanks, its line break kept so line numbers stay right.
fn blank(masked: &mut String, line: &str) {
    let body = line.trim_end_matches(['\n', '\r']);
    masked.extend(std::iter::repeat_n(' ', body.len()));
    masked.push_str(&line[body.len()..]);
}

/// Where a verse's source ends.
fn prev_end(verse: &VerseSource) -> usize {
    verse.range.end
}
