//! A chapter's blocks cut into runs of similar weight, one per worker thread.

use crate::model::{Block as ModelBlock, Chapter, Inline};

/// `chapter.blocks` cut into `parts` runs of consecutive blocks of
/// similar length, for typesetters on as many threads. A paragraph's
/// setting does not depend on what a typesetter has cached, so the pieces
/// of the runs, joined in order, are those of `chapter_body`.
pub fn body_ranges(chapter: &Chapter, parts: usize) -> Vec<std::ops::Range<usize>> {
    let weights: Vec<usize> = chapter.blocks.iter().map(block_weight).collect();
    let total: usize = weights.iter().sum();
    let parts = parts.clamp(1, chapter.blocks.len().max(1));
    // Cut points where the running weight passes each share.
    let mut cuts = vec![0];
    let mut acc = 0;
    // A heading stays in one run with the blocks on either side of it: how
    // it is set depends on them (a low heading runs into the paragraph
    // after it, with a blank line above unless a heading or a space is
    // there).
    let heading = |i: usize| matches!(chapter.blocks.get(i), Some(ModelBlock::Heading { .. }));
    for (i, w) in weights.iter().enumerate() {
        acc += w;
        if cuts.len() < parts
            && acc * parts >= total * cuts.len()
            && i + 1 < weights.len()
            && !heading(i)
            && !heading(i + 1)
        {
            cuts.push(i + 1);
        }
    }
    cuts.push(chapter.blocks.len());
    cuts.windows(2).map(|w| w[0]..w[1]).collect()
}

fn block_weight(block: &ModelBlock) -> usize {
    match block {
        ModelBlock::Paragraph { content, .. } | ModelBlock::Heading { content, .. } => {
            Inline::plain_text(content).len() + 1
        }
        ModelBlock::BlockQuote { blocks, .. }
        | ModelBlock::Callout { blocks, .. }
        | ModelBlock::Theorem { blocks, .. } => blocks.iter().map(block_weight).sum::<usize>() + 1,
        ModelBlock::List { items, .. } => {
            items.iter().flatten().map(block_weight).sum::<usize>() + 1
        }
        ModelBlock::CodeBlock { text, .. } => text.len() + 1,
        ModelBlock::ThematicBreak { .. } => 1,
        other => {
            let mut weight = 1;
            other.for_each_inlines(&mut |c| weight += Inline::plain_text(c).len());
            weight
        }
    }
}
