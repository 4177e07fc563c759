//! Inline Markdown read apart from the chapter's parse: a figure's caption (its image title), a stanza of verse; what it holds (notes, links, citations) joins the chapter's.

use pulldown_cmark::Parser;

use super::options;

use super::builder::Builder;
use super::inlines::{caption_note_refs, inline_content};
use crate::diagnostics::Diagnostics;
use crate::model::{Block, Inline, Span};

impl Builder<'_> {
    /// The inline Markdown of an image's title, as the figure's caption.
    pub(super) fn caption(&mut self, title: &str, span: Span) -> Vec<Inline> {
        if title.trim().is_empty() {
            return Vec::new();
        }
        let inlines =
            self.paragraphs_of(title, Some(span), |_| {}, Inline::Text { text: " ".into() });
        let mut labels = Vec::new();
        let inlines = caption_note_refs(inline_content(inlines), &mut labels);
        self.caption_references
            .extend(labels.into_iter().map(|l| (l, span)));
        inlines
    }

    /// The paragraphs `sub` builds of `text` (a caption, a stanza: inline
    /// Markdown read apart from the chapter) as one run of inlines, each
    /// two joined by `joiner`. Their links are checked with the chapter's.
    pub(super) fn paragraphs_of(
        &mut self,
        text: &str,
        span: Option<Span>,
        setup: impl FnOnce(&mut Builder<'_>),
        joiner: Inline,
    ) -> Vec<Inline> {
        // Its messages come in order after the chapter's so far.
        let mut said = Diagnostics::new();
        let mut sub = Builder::new(text, self.file, &mut said, span);
        sub.cites = self.cites;
        sub.math_macros = self.math_macros.clone();
        sub.cite_base = self.cite_base + self.citations.len();
        sub.in_note_words = self.in_note_words || self.in_note();
        setup(&mut sub);
        for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
            sub.event(event, range);
        }
        while sub.stack.len() > 1 {
            sub.end_frame();
        }
        let root = sub.stack.pop().expect("root frame");
        let mut links = std::mem::take(&mut sub.links);
        self.links.append(&mut links);
        // Its inline notes (`^[…]`) and their references are the chapter's
        // (it has no others: the caller finds `[^label]` in its text).
        self.stack[0].notes.extend(root.notes);
        self.references.append(&mut sub.references);
        self.citations.append(&mut sub.citations);
        // A caption's or a stanza's definitions hold for the rest of the
        // book as well.
        if !sub.math_definitions.is_empty() {
            self.math_definitions.append(&mut sub.math_definitions);
            self.math_macros = sub.math_macros.clone();
        }
        let mut inlines = Vec::new();
        for block in root.blocks {
            if let Block::Paragraph { content, .. } = block {
                if !inlines.is_empty() {
                    inlines.push(joiner.clone());
                }
                inlines.extend(content);
            }
        }
        drop(sub);
        self.diags.extend(said);
        inlines
    }
}
