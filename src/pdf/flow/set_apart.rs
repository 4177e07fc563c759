//! Blocks set apart from the running text on a measure of their own: the synopsis, and the works a book cites.

use super::{paragraph, space, Measures, Origin, Piece, Role};
use crate::diagnostics::Diagnostics;
use crate::model::{BibliographyEntry, Block as ModelBlock, Chapter};
use crate::pdf::fontset::FaceKind;
use crate::pdf::paragraph::{Align, ParagraphStyle, Typesetter};

/// The synopsis: italic, ragged right on a narrower measure, then a blank line.
pub fn synopsis(
    ts: &mut Typesetter<'_>,
    chapter: &Chapter,
    index: usize,
    m: &Measures,
    diags: &mut Diagnostics,
) -> Vec<Piece> {
    let mut out = Vec::new();
    let inset = 2.0 * m.size;
    for block in &chapter.synopsis {
        if let ModelBlock::Paragraph { content, span } = block {
            // Ragged (right, or left in Hebrew or Arabic): on the narrow
            // measure a justified italic block needs a hyphen every other
            // line.
            let style = ParagraphStyle {
                face: FaceKind::Italic,
                align: Align::Start,
                ..ParagraphStyle::body(m.size, m.measure - 2.0 * inset, 0.0)
            };
            out.push(paragraph(
                ts,
                content,
                &style,
                inset,
                Role::Text { chapter: index },
                Some(Origin {
                    file: chapter.file.clone(),
                    span: *span,
                }),
                diags,
            ));
        }
    }
    if !out.is_empty() {
        out.push(space(1));
    }
    out
}

/// The works a book cites (`Block::Bibliography`), `at` (inset, measure):
/// each hanging as a bibliography chapter's entries (Chicago 14.64), each
/// its own place for the links to it; a blank line above when `above`.
#[allow(clippy::too_many_arguments)]
pub(super) fn works(
    ts: &mut Typesetter<'_>,
    entries: &[BibliographyEntry],
    file: &str,
    role: &Role,
    m: &Measures,
    (inset, measure): (f32, f32),
    above: bool,
    out: &mut Vec<Piece>,
    diags: &mut Diagnostics,
) {
    if above {
        out.push(space(1));
    }
    let hang = m.indent;
    for entry in entries {
        let style = ParagraphStyle::body(m.size, measure - hang, -hang);
        let rtl = crate::language::inlines_are_rtl(&entry.content);
        let x = inset + if rtl { 0.0 } else { hang };
        let origin = Origin {
            file: file.to_string(),
            span: entry.span,
        };
        out.push(paragraph(
            ts,
            &entry.content,
            &style,
            x,
            role.clone(),
            Some(origin),
            diags,
        ));
    }
}
