//! Line and column of a byte offset in a chapter, in time independent of the chapter's length.
//!
//! The builder gives every block (and every table cell, note reference and
//! inline frame) a span. Counting lines from the start of the text for each
//! one (`config::line_col`) made parsing quadratic: a table of 10,000 rows
//! took seconds. This index is built once per chapter, in one pass, and
//! answers exactly as `config::line_col` does.

/// Bytes between two checkpoints of the character count.
const STRIDE: usize = 256;

pub(super) struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of each line (the first is 0).
    starts: Vec<usize>,
    /// Characters in `text[..k * STRIDE]`, for each `k`.
    chars_before: Vec<u32>,
}

impl<'a> LineIndex<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        // A search for '\n' (a memchr), not a test of every byte.
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut chars_before = Vec::with_capacity(bytes.len() / STRIDE + 1);
        let mut count = 0u32;
        for chunk in bytes.chunks(STRIDE) {
            chars_before.push(count);
            count += char_starts(chunk) as u32;
        }
        chars_before.push(count);
        LineIndex {
            text,
            starts,
            chars_before,
        }
    }

    /// 1-based (line, column in characters) of `offset`, as
    /// `config::line_col` gives it (an offset inside a character counts
    /// from that character's start; past the end, the end).
    pub(super) fn line_col(&self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        // The last line starting at or before `offset`; a line break at
        // `offset - 1` starts the line `offset` is on.
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        // Most positions are near their line's start (a block's is at it):
        // counted there directly, not from two checkpoints.
        let col = if offset - start <= STRIDE {
            char_starts(&self.text.as_bytes()[start..offset]) as u32 + 1
        } else {
            self.chars_to(offset) - self.chars_to(start) + 1
        };
        (line as u32, col)
    }

    /// Characters in `text[..offset]` (`offset` on a character boundary).
    fn chars_to(&self, offset: usize) -> u32 {
        let k = offset / STRIDE;
        let from = k * STRIDE;
        self.chars_before[k] + char_starts(&self.text.as_bytes()[from..offset]) as u32
    }
}

/// Characters starting in `bytes` (bytes that are not UTF-8 continuations).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::line_col;

    #[test]
    fn agrees_with_line_col_everywhere() {
        let mut text = String::from("# Títle\n\nA “quoted” line,\r\nand ünïcödé.\n\n");
        // Long lines crossing many checkpoints, with multi-byte characters
        // on both sides of a stride boundary.
        for i in 0..40 {
            text.push_str(&"é".repeat(i * 7));
            text.push_str(&"a".repeat(i * 13));
            text.push('\n');
        }
        text.push_str("no final line break — 終");
        let index = LineIndex::new(&text);
        for offset in 0..=text.len() + 3 {
            assert_eq!(
                index.line_col(offset),
                line_col(&text, offset),
                "at byte {offset}"
            );
        }
    }

    #[test]
    fn empty_text_is_line_one_column_one() {
        let index = LineIndex::new("");
        assert_eq!(index.line_col(0), (1, 1));
        assert_eq!(index.line_col(5), (1, 1));
    }
}
