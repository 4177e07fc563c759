//! Callouts in the print edition: the title in bold on a line of its own, kept with the body, the body stood in by an em, a rule at the side its lines start, a line of space around.

use super::{blocks, keep, space, Before, Measures, Origin, Piece, Role};
use crate::diagnostics::Diagnostics;
use crate::model::{Block as ModelBlock, CalloutKind, Inline, Span};
use crate::pdf::fontset::FaceKind;
use crate::pdf::paginate::Block;
use crate::pdf::paragraph::{Align, ParagraphStyle, Typesetter};

/// How far the callout's text stands in from its rule, on both sides
/// (symmetric, as a quotation's: the right edge of a ragged title and a
/// justified body meet the same measure), in ems.
const STAND_IN: f32 = 1.0;
/// The rule's weight, in points: a hairline and a half, black. Black on
/// white is the one ink every press prints as drawn; a coloured or tinted
/// rule turns to an uncertain grey in a black-only run (the code inks are
/// chosen for that, text is not a rule), and a tint under text costs the
/// text its contrast.
const RULE: f32 = 0.6;
/// Where the rule starts above a line's baseline and ends below it, in
/// ems: the face's cap height and descender (EB Garamond: 0.65, 0.27), so
/// it runs from the title's capitals to the last line's descenders.
const CAP_HEIGHT: f32 = 0.65;
const DESCENT: f32 = 0.27;

/// A rule beside a callout's lines, drawn on each page from the first of
/// its lines there to the last: it continues on the page a callout turns
/// over to, and the spaces between its blocks do not break it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bar {
    /// The callout's, unique in the flow (its file and place).
    pub id: u64,
    /// From the text block's left edge.
    pub x: f32,
    pub width: f32,
    /// How far above a line's baseline it starts and below it ends.
    pub above: f32,
    pub below: f32,
}

/// A callout of `kind` titled `title` (its kind's label when empty), its
/// `inner` blocks, as pieces: a blank line above (unless the block before
/// left one, `at.2`), the title in bold on its own line(s), kept with
/// what follows, so it never ends a page alone; the body set as blocks
/// are, stood in by [`STAND_IN`] on both sides; a blank line under it.
/// Every piece but a floating figure carries the callout's [`Bar`], on
/// the left, or on the right when its text reads right to left.
#[allow(clippy::too_many_arguments)]
pub(super) fn callout(
    ts: &mut Typesetter<'_>,
    kind: CalloutKind,
    title: &[Inline],
    inner: &[ModelBlock],
    file: &str,
    role: &Role,
    m: &Measures,
    (inset, span, prev_space): (f32, Span, bool),
    out: &mut Vec<Piece>,
    diags: &mut Diagnostics,
) {
    let first = out.len();
    // As `blocks` narrows the measure for the inset it is given.
    let inset = inset.min(m.measure / 4.0);
    let measure = m.measure - 2.0 * inset;
    let stand_in = STAND_IN * m.size;
    let title = kind.heading(title, &ts.callouts);
    let title = &title[..];
    let style = ParagraphStyle {
        face: FaceKind::Bold,
        align: Align::Start,
        hyphenate: false,
        ..ParagraphStyle::body(m.size, measure - 2.0 * stand_in, 0.0)
    };
    let lines = ts.set_paragraph(title, &style).lines;
    let origin = Some(Origin {
        file: file.to_string(),
        span,
    });
    out.push(keep(
        lines,
        usize::from(!prev_space),
        0,
        inset + stand_in,
        origin,
    ));
    let mut indent = false;
    blocks(
        ts,
        inner,
        file,
        role.clone(),
        m,
        inset + stand_in,
        0.0,
        &mut indent,
        Before {
            space: true,
            start: true,
            ..Before::default()
        },
        out,
        diags,
    );
    // The side its lines start on: its first paragraph's, else its title's.
    let first_words = inner.iter().find_map(|b| match b {
        ModelBlock::Paragraph { content, .. } => Some(&content[..]),
        _ => None,
    });
    let rtl = crate::language::inlines_are_rtl(first_words.unwrap_or(title));
    let bar = Bar {
        id: bar_id(file, span),
        x: if rtl { inset + measure - RULE } else { inset },
        width: RULE,
        above: CAP_HEIGHT * m.size,
        below: DESCENT * m.size,
    };
    for piece in &mut out[first..] {
        // A figure floats to where the page has room for it, outside the
        // callout's run of lines.
        if !matches!(piece.block, Block::Float { .. }) {
            piece.bars.insert(0, bar);
        }
    }
    // A blank line under it, unless its last block left one (a list's,
    // code's): two would stand it further from the text after than
    // from the text before.
    if !super::leaves_space(out) {
        out.push(space(1));
    }
}

/// A callout's bar id: FNV-1a of its file and place, the same on every
/// run (no hasher's random seed).
fn bar_id(file: &str, span: Span) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = file
        .bytes()
        .chain(span.line.to_le_bytes())
        .chain(span.col.to_le_bytes());
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The bars of the pieces drawn on one page, as rules: each from the
/// first line drawn with it (`baseline - above`) to the last (`baseline +
/// below`). `lines` gives, in drawing order, each drawn line's piece bars
/// and baseline; `left` is the text block's left edge on the page.
pub fn bar_rules<'a>(
    lines: impl IntoIterator<Item = (&'a [Bar], f32)>,
    left: f32,
) -> Vec<crate::pdf::page::Rule> {
    let mut spans: Vec<(Bar, f32, f32)> = Vec::new();
    for (bars, baseline) in lines {
        for bar in bars {
            match spans.iter_mut().find(|(b, ..)| b.id == bar.id) {
                Some((_, top, bottom)) => {
                    *top = top.min(baseline - bar.above);
                    *bottom = bottom.max(baseline + bar.below);
                }
                None => spans.push((*bar, baseline - bar.above, baseline + bar.below)),
            }
        }
    }
    spans
        .into_iter()
        .map(|(bar, top, bottom)| crate::pdf::page::Rule {
            area: crate::pdf::page::Rect {
                x: left + bar.x,
                y: top,
                width: bar.width,
                height: bottom - top,
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(id: u64, x: f32) -> Bar {
        Bar {
            id,
            x,
            width: 0.6,
            above: 7.0,
            below: 3.0,
        }
    }

    #[test]
    fn a_bar_runs_from_its_first_line_on_the_page_to_its_last() {
        let outer = [bar(1, 0.0)];
        let both = [bar(1, 0.0), bar(2, 11.0)];
        let lines: Vec<(&[Bar], f32)> = vec![
            (&[], 100.0),
            (&outer, 114.0),
            (&both, 128.0),
            (&both, 142.0),
            (&outer, 170.0),
            (&[], 184.0),
        ];
        let rules = bar_rules(lines, 50.0);
        assert_eq!(rules.len(), 2);
        let (a, b) = (rules[0].area, rules[1].area);
        assert_eq!((a.x, a.y, a.height), (50.0, 107.0, 66.0));
        assert_eq!((b.x, b.y, b.height), (61.0, 121.0, 24.0));
    }

    #[test]
    fn bar_ids_differ_by_file_and_place() {
        let at = |line| Span { line, col: 1 };
        assert_ne!(bar_id("a.md", at(3)), bar_id("a.md", at(4)));
        assert_ne!(bar_id("a.md", at(3)), bar_id("b.md", at(3)));
        assert_eq!(bar_id("a.md", at(3)), bar_id("a.md", at(3)));
    }
}
