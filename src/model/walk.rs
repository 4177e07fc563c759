//! Walking a block's tree: the blocks it holds, its runs of inlines, its headings, its place in the source.

use super::{Block, Inline, Span};

impl Block {
    /// The headings among `blocks`, in reading order, those inside quotes
    /// and lists included: `(level, id, content)`.
    pub fn headings(blocks: &[Block]) -> Vec<(u8, &str, &[Inline])> {
        let mut out = Vec::new();
        for block in blocks {
            block.walk(&mut |b| {
                if let Block::Heading {
                    level, id, content, ..
                } = b
                {
                    out.push((*level, id.as_str(), content.as_slice()));
                }
            });
        }
        out
    }
}

impl Block {
    /// Calls `f` on every run of inlines in this block and the blocks it
    /// holds, in reading order (a table's caption before its cells, as
    /// both editions set it). Code is not inlines and is skipped.
    pub fn for_each_inlines<'a>(&'a self, f: &mut dyn FnMut(&'a [Inline])) {
        match self {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => f(content),
            Block::BlockQuote { blocks, .. } => blocks.iter().for_each(|b| b.for_each_inlines(f)),
            Block::Callout { title, blocks, .. }
            | Block::Theorem {
                name: title,
                blocks,
                ..
            } => {
                f(title);
                blocks.iter().for_each(|b| b.for_each_inlines(f))
            }
            Block::List { items, .. } => items.iter().flatten().for_each(|b| b.for_each_inlines(f)),
            Block::ThematicBreak { .. } | Block::Equation { .. } => {}
            Block::Figure { caption, .. } => f(caption),
            // A listing's caption; a plain block has no inlines to visit.
            Block::CodeBlock { caption, .. } if !caption.is_empty() => f(caption),
            Block::CodeBlock { .. } => {}
            Block::Table {
                caption,
                head,
                rows,
                ..
            } => {
                f(caption);
                head.iter().chain(rows.iter().flatten()).for_each(|c| f(c));
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    f(&item.term);
                    item.definitions
                        .iter()
                        .flatten()
                        .for_each(|b| b.for_each_inlines(f));
                }
            }
            Block::Verse { stanzas, .. } => stanzas.iter().flatten().for_each(|l| f(&l.content)),
            Block::Bibliography { entries, .. } => entries.iter().for_each(|e| f(&e.content)),
        }
    }

    /// [`Block::for_each_inlines`], mutable.
    pub fn for_each_inlines_mut(&mut self, f: &mut dyn FnMut(&mut Vec<Inline>)) {
        self.inlines_mut(true, f);
    }

    /// [`Block::for_each_inlines_mut`] but for headings', whose words are
    /// also the contents' and the running heads' (what the PDF's page
    /// references leave alone).
    pub fn for_each_inlines_mut_but_headings(&mut self, f: &mut dyn FnMut(&mut Vec<Inline>)) {
        self.inlines_mut(false, f);
    }

    fn inlines_mut(&mut self, headings: bool, f: &mut dyn FnMut(&mut Vec<Inline>)) {
        match self {
            Block::Paragraph { content, .. } => f(content),
            Block::Heading { content, .. } => {
                if headings {
                    f(content)
                }
            }
            Block::BlockQuote { blocks, .. } => {
                blocks.iter_mut().for_each(|b| b.inlines_mut(headings, f))
            }
            // Its title is its own, not a heading's: no contents list it.
            Block::Callout { title, blocks, .. }
            | Block::Theorem {
                name: title,
                blocks,
                ..
            } => {
                f(title);
                blocks.iter_mut().for_each(|b| b.inlines_mut(headings, f))
            }
            Block::List { items, .. } => items
                .iter_mut()
                .flatten()
                .for_each(|b| b.inlines_mut(headings, f)),
            Block::ThematicBreak { .. } | Block::Equation { .. } => {}
            Block::Figure { caption, .. } => f(caption),
            // A listing's caption; a plain block has no inlines to visit.
            Block::CodeBlock { caption, .. } if !caption.is_empty() => f(caption),
            Block::CodeBlock { .. } => {}
            Block::Table {
                caption,
                head,
                rows,
                ..
            } => {
                f(caption);
                for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    f(cell);
                }
            }
            Block::DefinitionList { items, .. } => {
                for item in items {
                    f(&mut item.term);
                    item.definitions
                        .iter_mut()
                        .flatten()
                        .for_each(|b| b.inlines_mut(headings, f));
                }
            }
            Block::Verse { stanzas, .. } => {
                stanzas.iter_mut().flatten().for_each(|l| f(&mut l.content))
            }
            Block::Bibliography { entries, .. } => {
                entries.iter_mut().for_each(|e| f(&mut e.content))
            }
        }
    }

    /// Where the block starts in its source file.
    pub fn span(&self) -> Span {
        match self {
            Block::Paragraph { span, .. }
            | Block::Heading { span, .. }
            | Block::BlockQuote { span, .. }
            | Block::Callout { span, .. }
            | Block::Theorem { span, .. }
            | Block::List { span, .. }
            | Block::ThematicBreak { span }
            | Block::CodeBlock { span, .. }
            | Block::Equation { span, .. }
            | Block::Figure { span, .. }
            | Block::Table { span, .. }
            | Block::DefinitionList { span, .. }
            | Block::Verse { span, .. }
            | Block::Bibliography { span, .. } => *span,
        }
    }

    /// Calls `f` on this block, then on every block it holds, depth first.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Block)) {
        f(self);
        match self {
            Block::BlockQuote { blocks, .. }
            | Block::Callout { blocks, .. }
            | Block::Theorem { blocks, .. } => blocks.iter().for_each(|b| b.walk(f)),
            Block::List { items, .. } => items.iter().flatten().for_each(|b| b.walk(f)),
            Block::DefinitionList { items, .. } => items
                .iter()
                .flat_map(|i| i.definitions.iter().flatten())
                .for_each(|b| b.walk(f)),
            Block::Paragraph { .. }
            | Block::Heading { .. }
            | Block::ThematicBreak { .. }
            | Block::CodeBlock { .. }
            | Block::Equation { .. }
            | Block::Figure { .. }
            | Block::Table { .. }
            | Block::Verse { .. }
            | Block::Bibliography { .. } => {}
        }
    }

    /// [`Block::walk`], mutable.
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut Block)) {
        f(self);
        match self {
            Block::BlockQuote { blocks, .. }
            | Block::Callout { blocks, .. }
            | Block::Theorem { blocks, .. } => blocks.iter_mut().for_each(|b| b.walk_mut(f)),
            Block::List { items, .. } => items.iter_mut().flatten().for_each(|b| b.walk_mut(f)),
            Block::DefinitionList { items, .. } => items
                .iter_mut()
                .flat_map(|i| i.definitions.iter_mut().flatten())
                .for_each(|b| b.walk_mut(f)),
            Block::Paragraph { .. }
            | Block::Heading { .. }
            | Block::ThematicBreak { .. }
            | Block::CodeBlock { .. }
            | Block::Equation { .. }
            | Block::Figure { .. }
            | Block::Table { .. }
            | Block::Verse { .. }
            | Block::Bibliography { .. } => {}
        }
    }
}
