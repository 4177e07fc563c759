//! A chapter's opening epigraph as pieces of the flow: a narrower measure against the text's end edge, kept whole.

use super::{keep, space, Measures, Origin, Piece, Role};
use crate::model::{Block as ModelBlock, Chapter, Inline, Span};
use crate::pdf::paragraph::{Align, Typesetter};

/// A chapter's epigraph (see [`Chapter::opening_epigraph`]) set apart as
/// LaTeX's `epigraph` and the EPUB set one: on seven tenths of the
/// measure, flush against its right edge (left, right to left), prose justified (a single line
/// flush left), its source flush right, kept whole, a blank line above
/// and below. `None` when the quotation holds more than paragraphs (a
/// list, verse, a nested quotation): it is then set as any quotation.
pub(super) fn opening_epigraph(
    ts: &mut Typesetter<'_>,
    chapter: &Chapter,
    index: usize,
    m: &Measures,
) -> Option<Vec<Piece>> {
    let Some(ModelBlock::BlockQuote { blocks: inner, .. }) = chapter.opening_epigraph() else {
        return None;
    };
    let paragraphs: Vec<(&[Inline], Span)> = inner
        .iter()
        .map(|b| match b {
            ModelBlock::Paragraph { content, span } => Some((content.as_slice(), *span)),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let width = m.measure * crate::pdf::opening::EPIGRAPH;
    let mut out = vec![space(1)];
    for (content, span) in paragraphs {
        let lines = crate::pdf::opening::epigraph_lines(ts, content, m.size, width, Align::Start);
        let origin = Some(Origin {
            file: chapter.file.clone(),
            span,
        });
        // Against the measure's end: the left edge, right to left.
        let x = if crate::language::right_to_left(ts.language()) {
            0.0
        } else {
            m.measure - width
        };
        let mut piece = keep(lines, 0, 0, x, origin);
        // Its note marks link to the chapter's notes, as the text's do.
        piece.role = Role::Text { chapter: index };
        out.push(piece);
    }
    out.push(space(1));
    Some(out)
}
