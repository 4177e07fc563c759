//! TeX math in the Markdown: `$…$` and `$$…$$` (pulldown-cmark's math, held to pandoc's rule) read into formulas, and a paragraph's displayed formulas made equations of their own.

use std::ops::Range;

use super::builder::{Builder, FrameKind};
use crate::model::{Block, EquationTag, Formula, Inline};

impl Builder<'_> {
    /// A formula pulldown-cmark found at `range`, `tex` its text between
    /// the dollars.
    pub(super) fn math(&mut self, tex: &str, display: bool, range: Range<usize>) {
        let written = self.text.get(range.clone()).unwrap_or(tex).to_string();
        self.math_ranges.push(range.clone());
        // Pandoc's rule, stricter than pulldown-cmark's: a closing `$`
        // followed by a digit closes nothing ("$20,000 and $30,000").
        let digit_after = self
            .text
            .get(range.end..)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
        if !display && digit_after {
            self.push_inline(Inline::Text { text: written }, range);
            return;
        }
        // `\newcommand` and its kin define for the rest of the book; a
        // formula that only defines prints nothing.
        let defined = match crate::math::take_definitions(tex) {
            Ok(None) => None,
            Ok(Some(found)) => Some(found),
            Err(error) => return self.formula_as_tex(error, tex, display, range, written),
        };
        let tex = match &defined {
            None => tex,
            Some(found) => {
                let macros = std::sync::Arc::make_mut(&mut self.math_macros);
                for definition in &found.found {
                    if !(definition.only_if_new && macros.get(&definition.name).is_some()) {
                        macros.insert(&definition.name, &definition.body, definition.arity);
                    }
                    // Every one, used or not: what a chapter defines must
                    // not depend on what it was read with (the loader
                    // reads the chapters after it once more with them).
                    self.math_definitions.push(definition.clone());
                }
                if found.rest.trim().is_empty() {
                    return;
                }
                found.rest.as_str()
            }
        };
        match crate::math::read(tex, &self.math_macros) {
            Ok(crate::math::Parsed { nodes, tag }) => {
                self.ensure_paragraph(&range);
                // Displayed where a block may stand: in a paragraph of the
                // chapter's body or a note, not inside emphasis, a
                // heading, a table cell, a caption or a line of verse.
                let display = display
                    && self.top().kind == FrameKind::Paragraph
                    && self.fixed_span.is_none()
                    && self.places.is_empty()
                    && !self.in_note_words;
                if display {
                    self.equations.push((range.start, tex.trim().to_string()));
                }
                let tag = match tag {
                    Some((_, tag)) if display => Some(tag),
                    Some((at, EquationTag::Label { .. })) => {
                        let at = self.tex_offset(tex, display, &range, at);
                        self.warn_at(
                            at,
                            "a `\\tag` in a formula in the line is not printed".to_string(),
                            "tag a displayed formula (`$$…\\tag{1}$$`), or write the label \
                             in the text"
                                .to_string(),
                        );
                        None
                    }
                    _ => None,
                };
                let formula = Formula {
                    tex: tex.trim().to_string(),
                    display,
                    nodes,
                    tag,
                };
                self.push_inline(Inline::Math { formula }, range);
            }
            Err(error) => self.formula_as_tex(error, tex, display, range, written),
        }
    }

    /// A formula that cannot be read: `error` said at its place (the
    /// TeX's place in the file: the text between the dollars unless a
    /// quote's `>` broke it across lines), the formula printed as
    /// `written`, its TeX in the code face.
    fn formula_as_tex(
        &mut self,
        error: crate::math::MathError,
        tex: &str,
        display: bool,
        range: Range<usize>,
        written: String,
    ) {
        let at = self.tex_offset(tex, display, &range, error.offset);
        self.warn_at(
            at,
            format!("{}; the formula is printed as its TeX", error.message),
            error.hint,
        );
        self.push_inline(Inline::Code { text: written }, range);
    }

    /// Byte `offset` of a formula's TeX `tex` as a byte of the file:
    /// the text between the dollars, unless a quote's `>` broke it across
    /// lines (then the formula's start).
    fn tex_offset(&self, tex: &str, display: bool, range: &Range<usize>, offset: usize) -> usize {
        let opening = if display { 2 } else { 1 };
        let base = range.start + opening;
        if self.text.get(base..base + tex.len()) == Some(tex) {
            base + offset
        } else {
            range.start
        }
    }

    /// A paragraph's blocks: itself, or, when it holds displayed
    /// formulas, the text before each, the equation (named by a `{#id}`
    /// right after its closing `$$`) and the text after, which goes on
    /// with the sentence.
    pub(super) fn add_paragraph(&mut self, content: Vec<Inline>, start: usize) {
        let offsets = std::mem::take(&mut self.equations);
        let span = self.span(start);
        if offsets.is_empty() {
            if !content.is_empty() {
                self.add_block(Block::Paragraph { content, span }, start);
            }
            return;
        }
        let mut offsets = offsets;
        let mut text: Vec<Inline> = Vec::new();
        let mut text_start = start;
        let mut after_equation = false;
        for mut inline in content {
            if let Inline::Math { formula } = inline {
                if formula.display {
                    self.add_text(std::mem::take(&mut text), text_start);
                    // Its place: the first of the paragraph's displayed
                    // formulas written so (one moved into an inline note
                    // is not among those left).
                    let found = offsets.iter().position(|(_, tex)| *tex == formula.tex);
                    let at = found.map_or(start, |i| offsets.remove(i).0);
                    let span = self.span(at);
                    self.add_block(
                        Block::Equation {
                            formula,
                            id: None,
                            label: None,
                            span,
                        },
                        at,
                    );
                    text_start = at;
                    after_equation = true;
                    continue;
                }
                inline = Inline::Math { formula };
            }
            if after_equation {
                after_equation = false;
                if let Inline::Text { text: words } = &mut inline {
                    if let Some((id, rest)) = leading_id(words) {
                        if let Some(Block::Equation { id: slot, .. }) = self.top().blocks.last_mut()
                        {
                            *slot = Some(id);
                        }
                        *words = rest;
                    }
                }
            }
            text.push(inline);
        }
        self.add_text(text, text_start);
    }

    /// The inlines around equations as a paragraph, its edges' spaces
    /// trimmed; nothing when only space is left.
    fn add_text(&mut self, mut content: Vec<Inline>, start: usize) {
        if let Some(Inline::Text { text }) = content.first_mut() {
            *text = text.trim_start().to_string();
        }
        if let Some(Inline::Text { text }) = content.last_mut() {
            *text = text.trim_end().to_string();
        }
        content.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
        if content.is_empty() {
            return;
        }
        not_displayed(&mut content);
        let span = self.span(start);
        self.add_block(Block::Paragraph { content, span }, start);
    }
}

/// A `{#id}` opening `text` (after spaces), and the text after it.
fn leading_id(text: &str) -> Option<(String, String)> {
    let trimmed = text.trim_start();
    if !trimmed.starts_with("{#") {
        return None;
    }
    let close = trimmed.find('}')?;
    let id = super::inlines::attribute_id(&trimmed[..=close])?;
    Some((id, trimmed[close + 1..].to_string()))
}

/// Marks formulas left inside other inlines (a displayed one a later
/// pass wrapped) as in-line ones: only a paragraph's own become
/// equations.
pub(super) fn not_displayed(inlines: &mut [Inline]) {
    for inline in inlines {
        match inline {
            Inline::Math { formula } => formula.display = false,
            other => {
                if let Some(children) = other.children_mut() {
                    not_displayed(children);
                }
            }
        }
    }
}
