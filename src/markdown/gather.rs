//! Sets the blocks a `:::` fence holds into its callout or theorem, and a passage's text in its language: in the chapter, and in a list item, note or definition, as pandoc reads a fenced div in any of them.

use std::ops::Range;

use super::builder::Builder;
use super::callouts::{self, CalloutFence};
use super::fences::Passage;
use crate::config::line_col;
use crate::model::{Block, Inline, Span};

/// The chapter's `:::` callouts and passages (see `fences.rs`), and which
/// callouts have been given blocks so far.
#[derive(Debug, Default)]
pub(super) struct Fenced {
    pub(super) callouts: Vec<(Range<usize>, CalloutFence)>,
    pub(super) passages: Vec<(Range<usize>, Passage)>,
    pub(super) filled: Vec<bool>,
}

impl Builder<'_> {
    /// The blocks of a container starting at `from` (the chapter: 0), the
    /// blocks of each fence opened in it gathered into its callout or
    /// theorem, which stands where its fence opens; a passage's text
    /// marked with its language. Fences opened before `from` (around the
    /// container) gather it with the container around them.
    pub(super) fn gather(
        &mut self,
        blocks: Vec<Block>,
        offsets: Vec<usize>,
        from: usize,
    ) -> (Vec<Block>, Vec<usize>) {
        if self.fenced.callouts.is_empty() && self.fenced.passages.is_empty() {
            return (blocks, offsets);
        }
        let mut out = Vec::with_capacity(blocks.len());
        let mut out_offsets = Vec::with_capacity(blocks.len());
        // The callouts being filled, outermost first: each its fence's
        // index and its blocks so far. Callouts nest (`::::` around
        // `:::`), so a closed one joins the blocks of the one around it.
        let mut open: Vec<(usize, Vec<Block>)> = Vec::new();
        for (mut block, offset) in blocks.into_iter().zip(offsets) {
            // A `::: {lang=…}` block: each run of its text is a passage in
            // that language, as `<span lang>` marks one.
            if let Some((_, p)) = self
                .fenced
                .passages
                .iter()
                .find(|(r, _)| r.start >= from && r.contains(&offset))
            {
                block.for_each_inlines_mut(&mut |inlines| {
                    if !inlines.is_empty() {
                        let content = std::mem::take(inlines);
                        inlines.push(Inline::Span {
                            lang: p.lang.clone(),
                            dir: p.dir.clone(),
                            content,
                        });
                    }
                });
            }
            let mut inside = callouts::containing(&self.fenced.callouts, offset);
            inside.retain(|&k| self.fenced.callouts[k].0.start >= from);
            let kept = open
                .iter()
                .zip(&inside)
                .take_while(|((k, _), j)| k == *j)
                .count();
            while open.len() > kept {
                self.close_callout(&mut open, &mut out, &mut out_offsets);
            }
            for &k in &inside[kept..] {
                open.push((k, Vec::new()));
            }
            for &k in &inside {
                self.fenced.filled[k] = true;
            }
            match open.last_mut() {
                Some((_, inner)) => inner.push(block),
                None => {
                    out.push(block);
                    out_offsets.push(offset);
                }
            }
        }
        while !open.is_empty() {
            self.close_callout(&mut open, &mut out, &mut out_offsets);
        }
        (out, out_offsets)
    }

    /// The innermost callout being filled, closed: its blocks under its
    /// title (its first heading, even a level-1 one: no chapter title is
    /// inside a callout), in the one around it or the container's.
    fn close_callout(
        &mut self,
        open: &mut Vec<(usize, Vec<Block>)>,
        out: &mut Vec<Block>,
        out_offsets: &mut Vec<usize>,
    ) {
        let Some((k, inner)) = open.pop() else {
            return;
        };
        let (range, fence) = self.fenced.callouts[k].clone();
        // A callout's `title="…"`, inline Markdown read apart as a
        // caption is.
        let title = match &fence.title {
            Some(title) => {
                let span = self.span(range.start);
                self.caption(title, span)
            }
            None => Vec::new(),
        };
        // At its `:::`, indented in a list item or note.
        let source = &self.text[range.start..];
        let at = range.start + source.len() - source.trim_start_matches([' ', '\t']).len();
        let (line, col) = line_col(self.text, at);
        let block = callouts::titled(&fence, title, inner, Span { line, col });
        match open.last_mut() {
            Some((_, around)) => around.push(block),
            None => {
                out.push(block);
                out_offsets.push(range.start);
            }
        }
    }
}
