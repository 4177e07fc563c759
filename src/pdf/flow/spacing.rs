//! What stands between blocks: the blank lines above and below each, joined
//! rather than doubled, read from the model so a chapter cut into runs is
//! spaced as it is whole.

use crate::model::{Block as ModelBlock, Inline};
use crate::pdf::paginate::Block;

use super::Piece;
/// What stands just before a run of blocks, as far as their spacing
/// goes: read from the model (not the pieces set so far), so a chapter
/// cut into runs for the workers is set as it is whole.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Before {
    /// A blank line (see [`closes_with_space`]).
    pub(super) space: bool,
    /// A heading.
    pub(super) heading: bool,
    /// Verse, whose stanzas a blank line parts already.
    pub(super) verse: bool,
    /// A paragraph ending in a colon: a lead-in to what follows.
    pub(super) colon: bool,
    /// Nothing: the blocks open a chapter, a quotation, a list item or a
    /// note.
    pub(super) start: bool,
    /// The blocks are a list item's or a note's, where a list is set
    /// tight, without blank lines around it.
    pub(super) tight: bool,
}

impl Before {
    pub(super) fn of(block: &ModelBlock) -> Before {
        Before {
            space: closes_with_space(block),
            heading: matches!(block, ModelBlock::Heading { .. }),
            verse: matches!(block, ModelBlock::Verse { .. }),
            colon: ends_in_colon(block),
            ..Before::default()
        }
    }

    /// What stands before the first block of a list item or a note.
    pub(super) fn tight_start() -> Before {
        Before {
            start: true,
            tight: true,
            ..Before::default()
        }
    }
}

/// Whether `block` is a paragraph whose text ends in a colon (the last
/// text inside its last inline; a note reference after the colon ends it
/// otherwise), read without copying the text out.
fn ends_in_colon(block: &ModelBlock) -> bool {
    let ModelBlock::Paragraph { content, .. } = block else {
        return false;
    };
    let mut last = content.last();
    while let Some(inline) = last {
        if let Inline::Text { text } = inline {
            return text.trim_end().ends_with([':', '：']);
        }
        last = inline.children().last();
    }
    false
}

/// Whether a block leaves a blank line under it (a space piece, or its
/// rows' space after), which the next block's own space above then
/// joins rather than doubles.
fn closes_with_space(block: &ModelBlock) -> bool {
    matches!(
        block,
        ModelBlock::BlockQuote { .. }
            | ModelBlock::Callout { .. }
            | ModelBlock::Theorem { .. }
            | ModelBlock::ThematicBreak { .. }
            | ModelBlock::CodeBlock { .. }
            | ModelBlock::Table { .. }
            | ModelBlock::DefinitionList { .. }
            | ModelBlock::Verse { .. }
            | ModelBlock::List { .. }
    )
}

/// Whether the pieces set so far end in a blank line (a space piece, or
/// rows with space after them: code's, a list's), which a block closing
/// there joins rather than doubles.
pub(super) fn leaves_space(out: &[Piece]) -> bool {
    match out.last().map(|p| &p.block) {
        Some(Block::Space { .. }) => true,
        Some(Block::Rows { space_after, .. }) => *space_after > 0,
        _ => false,
    }
}

/// A set block's blank lines above it (code's, a table's), none when
/// the block before left one.
pub(super) fn join_space_above(piece: &mut Piece, prev_space: bool) {
    if let (true, Block::Rows { space_before, .. }) = (prev_space, &mut piece.block) {
        *space_before = 0;
    }
}
