//! Displayed formulas (`$$…$$`, `Block::Equation`): laid out in display style, centred in the measure on whole grid lines, its label flush right (left in a right-to-left book) on its baseline, with room above and below as TeX's display skips give.
//!
//! The grid: the formula's baseline is on a grid line. Above it, TeX's
//! rule decides the distance from the last text line's baseline —
//! `\abovedisplayskip` plus the larger of a baselineskip and what the
//! formula's height and the text's depth need — rounded up to whole
//! grid lines (a short formula is two lines below the text, as TeX sets
//! it); the same below. The lines the formula's ink reaches are part of
//! one unbreakable piece, kept with what follows; the blank lines
//! beyond are space, dropped at a page's head.
//!
//! A formula wider than the measure (with its label) is set smaller to
//! fit, and a warning names its place in the source.
//!
//! Inline formulas keep the grid as TeX's lines keep their baselineskip
//! when nothing is too tall: a formula in a line never moves the lines
//! around it. Text style keeps most formulas within a line's room (a
//! fraction's parts are set at script size); one that reaches further
//! into the line above or below than [`check_inline`] allows (an inline
//! matrix, a tall fenced fraction) is drawn as it is, overlapping that
//! line's descenders or ascenders, and warned of at its paragraph, so
//! the author can display it.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Formula, Inline, Span};
use crate::pdf::figure::{Art, ArtKind};
use crate::pdf::flow::{keep, space, Measures, Origin, Piece, Role};
use crate::pdf::fontset::FaceKind;
use crate::pdf::math;
use crate::pdf::paragraph::{SetLine, Typesetter};

/// `\abovedisplayskip` and `\belowdisplayskip`, in grid lines: TeX's
/// 12 pt plus 3 minus 9 at 10 pt on a 12 pt baselineskip, taken at half
/// (it shrinks that far in most of LaTeX's pages).
const DISPLAY_SKIP: f32 = 0.5;
/// The text's height and depth beside a formula, in ems (EB Garamond's
/// ascenders and descenders).
const TEXT_HEIGHT: f32 = 0.7;
const TEXT_DEPTH: f32 = 0.27;
/// TeX's `\lineskip` (1 pt at 10 pt): the least ink-to-ink gap.
const LINESKIP: f32 = 0.1;

/// The piece(s) a displayed formula is set as: its lines, then the
/// blank lines under it.
#[allow(clippy::too_many_arguments)]
pub fn equation(
    ts: &mut Typesetter<'_>,
    formula: &Formula,
    label: Option<&str>,
    span: Span,
    file: &str,
    m: &Measures,
    inset: f32,
    role: Role,
    diags: &mut Diagnostics,
) -> Vec<Piece> {
    let measure = m.measure - 2.0 * inset;
    let size = m.size;
    let rtl = crate::language::right_to_left(ts.language());
    let mut label_line = label.map(|l| ts.set_line(l, FaceKind::Regular, size));
    let label_room = label_line.as_ref().map_or(0.0, |l| l.width + size);
    let layout = |size: f32| {
        math::Layout {
            font: math::font::MathFont::embedded(),
            fonts: ts.fonts(),
            size,
        }
        .formula(&formula.nodes, true)
    };
    let mut frame = layout(size);
    // Centred when the label leaves room on both sides, else beside it.
    let room = measure - label_room;
    if frame.width > room && frame.width > 0.0 {
        let scale = room / frame.width;
        diags.push(
            Diagnostic::warning(
                file,
                span.line,
                span.col,
                format!(
                    "formula `{}` is {:.0} pt wide, wider than the {:.0} pt measure{}; it is set at {:.0} % of its size",
                    formula.tex,
                    frame.width,
                    measure,
                    if label.is_some() { " beside its label" } else { "" },
                    scale * 100.0
                ),
            )
            .with_hint("break the formula over lines (aligned) or shorten it"),
        );
        frame = layout(size * scale);
    }
    let centred = (measure - frame.width) / 2.0;
    let x = if centred >= label_room {
        centred
    } else if rtl {
        label_room
    } else {
        room - frame.width
    };
    let drawn = math::draw(&frame, ts.fonts(), x, 0.0);

    let leading = m.leading;
    let lines_for = |ink: f32, text: f32| {
        let distance = DISPLAY_SKIP * leading + leading.max(ink + text + LINESKIP * size);
        ((distance / leading) - 0.01).ceil().max(1.0) as usize - 1
    };
    // Grid lines above and below the baseline's: in all, and those the
    // ink reaches (beyond a line's own room).
    let inked = |ink: f32, text: f32| {
        (((ink + text + LINESKIP * size - leading) / leading) - 0.01)
            .ceil()
            .max(0.0) as usize
    };
    let (above, below) = (
        lines_for(frame.height, TEXT_DEPTH * size),
        lines_for(frame.depth, TEXT_HEIGHT * size),
    );
    let (ink_above, ink_below) = (
        inked(frame.height, TEXT_DEPTH * size).min(above),
        inked(frame.depth, TEXT_HEIGHT * size).min(below),
    );
    let mut lines = vec![SetLine::default(); ink_above + 1 + ink_below];
    let line = &mut lines[ink_above];
    line.runs = drawn.runs;
    line.width = measure;
    if let Some(mut l) = label_line.take() {
        let dx = if rtl { 0.0 } else { measure - l.width };
        for run in &mut l.runs {
            run.x += dx;
        }
        line.runs.extend(l.runs);
    }
    let art = drawn
        .rules
        .iter()
        .map(|r| Art {
            line: ink_above,
            x: r.x,
            y: r.y,
            width: r.width,
            height: r.height,
            kind: ArtKind::Rule,
        })
        .collect();
    let mut piece = keep(
        lines,
        above - ink_above,
        0,
        inset,
        Some(Origin {
            file: file.to_string(),
            span,
        }),
    );
    piece.role = role;
    piece.art = art;
    let mut out = vec![piece];
    if below > ink_below {
        out.push(space(below - ink_below));
    }
    out
}

/// Warns of each inline formula of `content` taller or deeper than a
/// line's room on the grid: above the baseline, the leading less the
/// text's depth on the line above; below, the leading less the next
/// line's ascenders.
pub fn check_inline(
    ts: &Typesetter<'_>,
    content: &[Inline],
    span: Span,
    file: &str,
    m: &Measures,
    diags: &mut Diagnostics,
) {
    // Up to touching: a root's sign or a fraction may come as close to
    // the line above as its descenders allow.
    let room_above = m.leading - TEXT_DEPTH * m.size;
    let room_below = m.leading - TEXT_HEIGHT * m.size;
    for inline in content {
        let inner = match inline {
            Inline::Math { formula } => {
                let frame = math::lay_out(formula, ts.fonts(), m.size);
                if frame.height > room_above + 0.01 || frame.depth > room_below + 0.01 {
                    diags.push(
                        Diagnostic::warning(
                            file,
                            span.line,
                            span.col,
                            format!(
                                "inline formula `{}` reaches {:.1} pt above and {:.1} pt below its baseline, more than a line's room ({:.1} and {:.1} pt): it touches the lines around it",
                                formula.tex, frame.height, frame.depth, room_above, room_below
                            ),
                        )
                        .with_hint("set it as a display ($$…$$), or use \\tfrac or a slash"),
                    );
                }
                continue;
            }
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. }
            | Inline::Strikethrough { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::SmallCaps { content }
            | Inline::Span { content, .. }
            | Inline::Indexed { content, .. } => content,
            _ => continue,
        };
        check_inline(ts, inner, span, file, m, diags);
    }
}
