//! Monospace cells of a code line: how many columns each character takes, as a terminal counts them, and how a glyph from another face is fitted into its columns.
//!
//! The code face draws every character one advance wide. A character it
//! lacks comes from a fallback face, whose glyph has its own advance: a
//! CJK face's box-drawing lines, arrows and maths signs are a full em,
//! twice a code column. Set as they come, they overprint their neighbours
//! and columns drift. Terminals solve this with East Asian Width (UAX #11):
//! wide and fullwidth characters take two columns, everything else one
//! (ambiguous ones too, outside East Asian locales), combining marks none.
//! The glyph is then fitted to its columns here: centred, and narrowed when
//! it is wider than they are, so it never reaches into the next column.

use unicode_width::UnicodeWidthChar;

use crate::pdf::fontset::FontSet;
use crate::pdf::page::GlyphRun;
use crate::pdf::paragraph::SetLine;
use crate::pdf::units::Pt;

/// Columns `c` takes in a code line: 2 for East Asian wide and fullwidth
/// characters (CJK ideographs, kana, hangul, fullwidth forms, most emoji),
/// 0 for combining marks, joiners and variation selectors, 1 for the rest,
/// East Asian ambiguous ones included (box drawing, arrows, `∀∈≤`, Greek),
/// as terminals count them outside East Asian locales. A control character
/// (no width of its own) keeps the one column it always had here.
pub fn cells(c: char) -> usize {
    c.width().unwrap_or(1)
}

/// Columns `chars` take together.
pub fn cells_of(chars: &[char]) -> usize {
    chars.iter().map(|&c| cells(c)).sum()
}

/// Whether `c` draws lines meant to join their neighbours' (box drawing,
/// block elements): its glyph fills its cells edge to edge, stretched or
/// narrowed, so `├──` reads as one line whatever face drew it.
pub fn joins_neighbours(c: char) -> bool {
    ('\u{2500}'..='\u{259F}').contains(&c)
}

/// `set`, a cluster set alone from x = 0, fitted into `columns` cells of
/// `advance` points each: centred, and narrowed horizontally (never
/// widened) when its box is wider than they are. Its box reaches from the
/// leftmost to the rightmost of its pen advance and its ink, so a glyph
/// whose outline overhangs its advance is narrowed too. With `fill` (a
/// line-drawing character, [`joins_neighbours`]) it is scaled to fill its
/// cells exactly. A cluster of no columns (a mark with no base) is left as
/// it is.
pub fn fit(set: &mut SetLine, fonts: &FontSet<'_>, columns: usize, advance: Pt, fill: bool) {
    if columns == 0 {
        return;
    }
    let Some((left, right)) = extent(&set.runs, fonts) else {
        return;
    };
    let room = columns as f32 * advance;
    let width = right - left;
    let scale = if width <= 0.0 {
        1.0
    } else if fill || width > room {
        room / width
    } else {
        1.0
    };
    let shift = (room - width * scale) / 2.0 - left * scale;
    for run in &mut set.runs {
        run.x = run.x * scale + shift;
        run.h_scale *= scale;
        for glyph in &mut run.glyphs {
            glyph.advance *= scale;
            glyph.offset[0] *= scale;
        }
    }
    set.width = room;
}

/// How far a line-drawing glyph reaches past the line pitch, as a share of
/// it: adjacent lines' strokes overlap by a hair, so no viewer's
/// anti-aliasing shows a seam where they meet.
const OVERLAP: f32 = 0.02;

/// `set`, a line-drawing cluster ([`joins_neighbours`]), stretched
/// vertically from the baseline so that its face's full-height stroke
/// (`│`) spans `pitch`, the distance between code lines: `│` and `├` on
/// consecutive lines then meet as they do in a terminal, where the code
/// face's box drawing stops short of the line's height. Every line-drawing
/// glyph of a face takes the same stretch, so horizontal strokes stay in
/// line with each other. A face without `│` is left as it is, as is one
/// whose stroke spans the pitch already.
pub fn stretch_to_pitch(set: &mut SetLine, fonts: &FontSet<'_>, pitch: Pt) {
    for run in &mut set.runs {
        let Some((low, high)) = fonts.char_ink_y(run.font, '\u{2502}', run.size) else {
            continue;
        };
        let stroke = high - low;
        if stroke > 0.0 && stroke < pitch {
            run.v_scale = pitch * (1.0 + OVERLAP) / stroke;
        }
    }
}

/// The leftmost and rightmost x, in points, that the pen movement and ink
/// of `runs` reach; `None` when they have no glyph.
pub fn extent(runs: &[GlyphRun], fonts: &FontSet<'_>) -> Option<(Pt, Pt)> {
    let mut reach: Option<(Pt, Pt)> = None;
    let mut widen = |lo: Pt, hi: Pt| {
        reach = Some(reach.map_or((lo, hi), |(l, h)| (l.min(lo), h.max(hi))));
    };
    for run in runs {
        let mut pen = run.x;
        for glyph in &run.glyphs {
            let at = pen + glyph.offset[0];
            widen(pen, pen + glyph.advance);
            if let Some((lo, hi)) = fonts.ink_x(run.font, glyph.id, run.size) {
                widen(at + lo * run.h_scale, at + hi * run.h_scale);
            }
            pen += glyph.advance;
        }
    }
    reach
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_take_the_cells_a_terminal_gives_them() {
        let table = [
            ('a', 1),
            (' ', 1),
            ('─', 1), // box drawing: East Asian ambiguous
            ('├', 1),
            ('→', 1), // arrows: ambiguous
            ('∀', 1), // maths: ambiguous
            ('∈', 1),
            ('≤', 1),
            ('λ', 1), // Greek: ambiguous
            ('é', 1),
            ('\u{301}', 0),  // combining acute
            ('\u{200D}', 0), // zero-width joiner
            ('中', 2),       // CJK ideograph
            ('か', 2),       // hiragana
            ('한', 2),       // hangul
            ('Ａ', 2),       // fullwidth form
            ('😀', 2),       // emoji
            ('\u{7}', 1),    // a control character keeps its one column
        ];
        for (c, want) in table {
            assert_eq!(cells(c), want, "{c:?} U+{:04X}", c as u32);
        }
        assert_eq!(cells_of(&['├', '─', '─', 's']), 4);
        assert!(joins_neighbours('─') && joins_neighbours('└') && !joins_neighbours('→'));
    }

    fn fitted(text: &str, columns: usize, fill: bool) -> (Pt, Pt) {
        let mut ts = crate::pdf::paragraph::Typesetter::new(
            FontSet::embedded(),
            crate::pdf::hyphenate::Hyphenator::new("en-GB", 2, 3).unwrap(),
        );
        let mut set = ts.set_line(text, crate::pdf::fontset::FaceKind::Regular, 10.0);
        fit(&mut set, ts.fonts(), columns, 5.0, fill);
        extent(&set.runs, ts.fonts()).unwrap()
    }

    #[test]
    fn a_glyph_wider_than_its_cells_is_narrowed_into_them() {
        // "WW" at 10 pt is far wider than one 5 pt cell.
        let (left, right) = fitted("WW", 1, false);
        assert!(left >= -0.001 && right <= 5.001, "{left}..{right}");
        assert!(right - left > 4.99, "narrowed to fill the cell, not less");
    }

    #[test]
    fn a_narrow_glyph_is_centred_and_kept_at_its_width() {
        let mut ts = crate::pdf::paragraph::Typesetter::new(
            FontSet::embedded(),
            crate::pdf::hyphenate::Hyphenator::new("en-GB", 2, 3).unwrap(),
        );
        let set = ts.set_line(".", crate::pdf::fontset::FaceKind::Regular, 10.0);
        let (l0, r0) = extent(&set.runs, ts.fonts()).unwrap();
        let (left, right) = fitted(".", 2, false);
        assert!(((right - left) - (r0 - l0)).abs() < 0.001, "not scaled");
        assert!(
            (left - (10.0 - right)).abs() < 0.001,
            "centred: {left}..{right}"
        );
    }

    #[test]
    fn a_line_drawing_glyph_fills_its_cells_edge_to_edge() {
        let (left, right) = fitted("-", 2, true);
        assert!(
            left.abs() < 0.001 && (right - 10.0).abs() < 0.001,
            "{left}..{right}"
        );
    }
}
