//! What the parser passes over in silence, said: a code fence never closed, a pipe table it did not make or whose cells it dropped, a heading's `{…}` holding more than an id.

use std::ops::Range;

use super::builder::{Builder, FrameKind};
use crate::diagnostics::Diagnostic;

impl Builder<'_> {
    /// Warns of a paragraph that was meant as a table: its delimiter row
    /// does not have its header's cells, so GFM made no table and the
    /// rows print as text (`---` as dashes).
    pub(super) fn table_not_made(&mut self, range: &Range<usize>) {
        let Some((head, delimiter)) = self
            .text
            .get(range.clone())
            .and_then(super::table_rows::mismatched)
        else {
            return;
        };
        self.warn_at(
            range.start,
            format!("this looks like a table, but its delimiter row has {delimiter} cells and its header {head}: it is set as a paragraph"),
            format!("give the delimiter row one `---` per header cell ({head})"),
        );
    }

    /// Warns of a table row with more cells than the table has columns:
    /// GFM drops the cells past the last.
    pub(super) fn cells_dropped(&mut self, range: &Range<usize>) {
        let columns = self.stack.iter().rev().find_map(|f| match &f.kind {
            FrameKind::Table(align) => Some(align.len()),
            _ => None,
        });
        let Some(line) = self.text.get(range.clone()).and_then(|t| t.lines().next()) else {
            return;
        };
        let cells = super::table_rows::cells(line);
        if let Some(columns) = columns.filter(|&c| cells > c) {
            self.warn_at(
                range.start,
                format!("this row has {cells} cells and the table {columns} columns: the cells past the last column are left out"),
                "add the column to the header and the delimiter row, or join the cells".to_string(),
            );
        }
    }

    /// Warns of a code fence never closed: CommonMark lets it run to the
    /// end of its block (the chapter, a quote, a list item), so the text
    /// after it, notes included, silently becomes code, and the first
    /// error said is elsewhere ("note [^x] is not defined").
    pub(super) fn unclosed_fence(&mut self, range: &Range<usize>) {
        let Some(block) = self.text.get(range.clone()) else {
            return;
        };
        // Inside a quote or a list item each line carries its `>` or
        // indent.
        fn bare(line: &str) -> &str {
            line.trim_start_matches(|c: char| c == '>' || c.is_whitespace())
                .trim_end()
        }
        let mut lines = block.lines();
        let Some(open) = lines.next().map(bare) else {
            return;
        };
        let Some(mark) = open.chars().next().filter(|c| matches!(c, '`' | '~')) else {
            return;
        };
        let length = open.chars().take_while(|&c| c == mark).count();
        let closed = lines
            .rfind(|l| !bare(l).is_empty())
            .map(bare)
            .is_some_and(|last| last.len() >= length && last.chars().all(|c| c == mark));
        if !closed {
            let fence: String = std::iter::repeat_n(mark, length).collect();
            self.warn_at(
                range.start,
                format!("code fence {fence} is never closed: everything after it, to the end of its block, is set as code"),
                format!("close the code with a line of {fence}"),
            );
        }
    }

    /// Warns of emphasis opened and never closed (`*so`, `**so`): the
    /// parser prints its marks as they are. `text` is a text event's, as
    /// the parser gives it, `range` its place in the source; a mark with
    /// space after it (`2 * 3`) or inside a word (`snake_case`) opens
    /// nothing and is not one.
    pub(super) fn unclosed_emphasis(&mut self, text: &str, range: &Range<usize>) {
        let Some(source) = self.text.get(range.clone()) else {
            return;
        };
        // Only where the event is the source itself (no entity or escape
        // turned into the mark).
        if source != text {
            return;
        }
        let mut found = None;
        for (i, c) in source.char_indices() {
            if !matches!(c, '*' | '_') {
                continue;
            }
            // The whole run of marks in the source: the parser may give
            // it in pieces (`**` as two events).
            let at = range.start + i;
            let before = &self.text[..at];
            let run_start = before.trim_end_matches(c).len();
            if run_start != at {
                continue; // not the run's first mark
            }
            let run = self.text[at..].chars().take_while(|&x| x == c).count();
            let prev = before.chars().next_back();
            let next = self.text[at + run..].chars().next();
            let opens = next.is_some_and(char::is_alphanumeric)
                && prev
                    .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '“' | '‘' | '"'));
            if opens && run <= 3 {
                found = Some((i, c, run));
                break;
            }
        }
        let Some((i, c, run)) = found else {
            return;
        };
        let mark: String = std::iter::repeat_n(c, run).collect();
        self.warn_at(
            range.start + i,
            format!("`{mark}` opens emphasis that is never closed: it is printed as it is"),
            format!("close it with `{mark}` where the emphasis ends, or write `\\{c}` for the mark itself"),
        );
    }

    /// Warns of pandoc's own syntax, which CommonMark reads as text: an
    /// inline note `^[…]` in a heading, in a text event
    /// (`text`, at `range`); a line block (`| a line`) or a grid table
    /// (`+---+`) as a paragraph (`paragraph` true, `range` the
    /// paragraph's). A pandoc user writes them without a thought; they
    /// printed as they were, without a word.
    pub(super) fn pandoc_syntax(&mut self, range: &Range<usize>, paragraph: bool) {
        let Some(source) = self.text.get(range.clone()) else {
            return;
        };
        let found: Option<(usize, &str, &str)> = if paragraph {
            let first = source.lines().next().unwrap_or("").trim_start();
            if first.starts_with("+-") || first.starts_with("+=") {
                Some((
                    0,
                    "pandoc's grid table is not read: it is set as a paragraph",
                    "write it as a pipe table (`| a | b |`, then `|---|---|`)",
                ))
            } else if first.starts_with("| ") && !first.trim_end().ends_with('|') {
                Some((0, "pandoc's line block (`| ` before each line) is read only where a paragraph may start, outside quotes and lists: here its lines run together", "set verse apart from the text, as `::: verse` … `:::` or a line block after a blank line"))
            } else {
                self.pandoc_academic(range);
                None
            }
        } else if let Some(i) = source
            .match_indices('^')
            // Read everywhere but in a heading (`inline_notes.rs`).
            .filter(|_| {
                self.stack
                    .iter()
                    .any(|f| matches!(f.kind, super::builder::FrameKind::Heading(..)))
            })
            .map(|(i, _)| i)
            // `x^2^[^a]`: a superscript, then a note reference.
            .find(|&i| {
                let after = &self.text[range.start + i + 1..];
                after.starts_with('[') && !after.starts_with("[^")
            })
        {
            Some((
                i,
                "pandoc's inline note `^[…]` is not read in a heading: it is printed as it is",
                "write a reference `[^label]` where the note belongs and the note as `[^label]: …`",
            ))
        } else {
            None
        };
        if let Some((i, message, hint)) = found {
            self.warn_at(range.start + i, message.to_string(), hint.to_string());
        }
    }

    /// Warns of pandoc's citations and raw TeX in the paragraph
    /// at `range`: each is printed as written, in both editions.
    fn pandoc_academic(&mut self, range: &Range<usize>) {
        let Some(source) = self.text.get(range.clone()) else {
            return;
        };
        let source = super::pandoc::without_code(source);
        let citation = super::pandoc::citation(&source).filter(|_| !self.cites.reads());
        if let Some(at) = citation {
            self.warn_at(
                range.start + at,
                "pandoc's citation `@key` is not read: it is printed as it is".to_string(),
                "name the book's bibliography in book.toml (`[bibliography] file = \
                 \"references.bib\"`), or write the reference out (\"Ongaro 2014, 3\")"
                    .to_string(),
            );
        }
        if let Some(command) = super::pandoc::raw_tex_command(&source) {
            let at = source.find(command).unwrap_or(0);
            self.warn_at(
                range.start + at,
                format!("the TeX command `{command}` is not read: it is printed as it is"),
                "remove it: each chapter opens on a new page, and pages are broken \
                 by the typesetter"
                    .to_string(),
            );
        }
    }

    /// Warns of dollars in the paragraph at `range` that pandoc would
    /// read as TeX math and pulldown-cmark left as text (it reads none
    /// whose braces do not balance); the formulas it read are at
    /// `self.math_ranges`.
    pub(super) fn unread_math(&mut self, range: &Range<usize>) {
        // Without a dollar there is no math to find (most paragraphs).
        let Some(source) = self.text.get(range.clone()).filter(|s| s.contains('$')) else {
            return;
        };
        let mut unread = super::pandoc::without_code(source).into_bytes();
        for math in &self.math_ranges {
            if math.start >= range.start && math.end <= range.end {
                unread[math.start - range.start..math.end - range.start].fill(b' ');
            }
        }
        let unread = String::from_utf8(unread).unwrap_or_default();
        if let Some((at, display)) = super::pandoc::tex_math(&unread) {
            let what = if display { "`$$…$$`" } else { "`$…$`" };
            self.warn_at(
                range.start + at,
                format!("TeX math {what} is not read: it is printed as it is, dollars and all"),
                "balance its braces `{` and `}` (write `\\{` for a brace itself); \
                 write `\\$` for a dollar sign"
                    .to_string(),
            );
        }
    }

    /// A warning at byte `offset` of the chapter.
    pub(super) fn warn_at(&mut self, offset: usize, message: String, hint: String) {
        let span = self.span(offset);
        self.diags
            .push(Diagnostic::warning(self.file, span.line, span.col, message).with_hint(hint));
    }

    /// Errs on a heading's `{…}` holding more than its id: `{#bad id}`,
    /// `{#id .class}`, `{#}` (bookpack reads an id alone; the rest was
    /// dropped without a word).
    pub(super) fn heading_attributes(
        &mut self,
        range: &Range<usize>,
        id: Option<&str>,
        classes: &[pulldown_cmark::CowStr<'_>],
        attrs: &[(
            pulldown_cmark::CowStr<'_>,
            Option<pulldown_cmark::CowStr<'_>>,
        )],
    ) {
        // `{#bad id}`, `{#id .class}`, `{#}`: bookpack reads an id
        // alone; the rest was dropped without a word.
        // Pandoc's `.unnumbered` (`{-}`) asks for what bookpack does
        // anyway: its section headings carry no numbers.
        let extra: Vec<String> = classes
            .iter()
            .filter(|c| c.as_ref() != "unnumbered")
            .map(|c| format!(".{c}"))
            .chain(attrs.iter().map(|(k, v)| match v {
                Some(v) => format!("{k}={v}"),
                None => k.to_string(),
            }))
            .collect();
        // `{#}` gives no id at all (the parser drops it).
        let first_line = self.text.get(range.clone()).and_then(|t| t.lines().next());
        let empty = id == Some("")
            || id.is_none()
                && first_line.is_some_and(|l| {
                    l.trim_end()
                        .trim_end_matches('#')
                        .trim_end()
                        .ends_with("{#}")
                });
        if !extra.is_empty() || empty {
            let span = self.span(range.start);
            let what = if empty {
                "an empty heading id `{#}`".to_string()
            } else {
                format!(
                    "the heading's `{{…}}` holds more than its id: {}",
                    extra.join(" ")
                )
            };
            // `## The [Congress]{.index}`: the span's braces end the line,
            // and CommonMark (and pandoc) read them as the heading's.
            let index_mark = extra
                .iter()
                .any(|e| e == ".index" || e.starts_with("index"));
            let hint = if index_mark {
                "an index mark cannot end a heading's line, whose `{…}` is the heading's own: put it before the last word (`## The [Congress]{.index} of 1956`), or add `{#id}` after it"
            } else {
                "give the id alone, one word: `## Title {#the-title}`"
            };
            self.diags
                .push(Diagnostic::error(self.file, span.line, span.col, what).with_hint(hint));
        }
    }
}
