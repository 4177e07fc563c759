//! The marks a straight quote stands for, where smart punctuation's choice is wrong: unpaired closing quotes, Hebrew's geresh and gershayim.

use std::ops::Range;

use super::builder::{Builder, FrameKind};
use crate::model::Inline;

impl Builder<'_> {
    /// What a straight quote smart punctuation curled (`text`, from the
    /// source at `range`) should be, where pulldown-cmark's choice is
    /// wrong: a `"` it cannot pair is always an opening “, even where it
    /// can only close (`a 12" ruler`, `5'10"`); Hebrew's `"` and `'` are
    /// its gershayim and geresh (`רש"י`), as `check` shows them.
    pub(super) fn straight_quote_as(&self, text: &str, range: &Range<usize>) -> Option<char> {
        let source = self.text.get(range.clone())?;
        let c = match source {
            "\"" => '"',
            "'" => '\'',
            _ => return None,
        };
        let prev = self.text[..range.start].chars().next_back();
        let next = self.text[range.end..].chars().next();
        // Only a `'` after a Hebrew letter asks what is open.
        let single_open = c == '\''
            && prev.is_some_and(crate::typography::is_hebrew_letter)
            && self.single_quote_open();
        if let Some(mark) = crate::typography::hebrew_mark(c, prev, next, single_open) {
            return Some(mark);
        }
        (text == "“" && crate::typography::quote_only_closes(prev, next)).then_some('”')
    }

    /// Whether a single quotation opened earlier in the paragraph (or
    /// heading, cell…) being read is still open: its text so far is in
    /// the innermost frame that is no inline and the inline frames open
    /// inside it.
    pub(super) fn single_quote_open(&self) -> bool {
        fn texts(inlines: &[Inline], out: &mut String) {
            for inline in inlines {
                match inline {
                    Inline::Text { text } => out.push_str(text),
                    Inline::Code { .. } => out.push(' '),
                    other => texts(other.children(), out),
                }
            }
        }
        let inline = |k: &FrameKind| {
            k.is_styling()
                || matches!(
                    k,
                    FrameKind::Link(_) | FrameKind::Image { .. } | FrameKind::Span { .. }
                )
        };
        let start = self
            .stack
            .iter()
            .rposition(|f| !inline(&f.kind))
            .unwrap_or(0);
        let mut so_far = String::new();
        for frame in &self.stack[start..] {
            texts(&frame.inlines, &mut so_far);
        }
        crate::typography::singles_open(&so_far) > 0
    }
}
