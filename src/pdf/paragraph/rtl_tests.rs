//! Tests of right-to-left text on a set line: the order its glyphs are drawn in, where the line stands, and brackets drawn mirrored.

use super::tests::{drawn, inlines, typesetter};
use super::*;
use crate::pdf::fontset::FaceKind;

#[test]
fn hebrew_in_an_english_line_is_drawn_right_to_left() {
    // EB Garamond has no Hebrew (the glyphs are .notdef), but the order
    // of the drawn glyphs is what this tests.
    let mut ts = typesetter();
    let style = ParagraphStyle::body(11.0, 400.0, 0.0);
    let set = ts.set_paragraph(&inlines("see אבג now"), &style);
    assert_eq!(set.lines.len(), 1);
    assert_eq!(drawn(&set.lines[0]), "see גבא now");
    // Positions ascend in drawing order: nothing overlaps.
    let xs: Vec<f32> = set.lines[0].runs.iter().map(|r| r.x).collect();
    assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
}

/// Brackets set right to left are drawn with their mirrors' glyphs, so
/// they open towards what they enclose; their text stays as typed (what
/// copying gives back). Latin brackets stay as they are.
#[test]
fn brackets_in_right_to_left_text_take_their_mirrors_glyphs() {
    let mut ts = typesetter();
    let style = ParagraphStyle::body(11.0, 300.0, 0.0);
    let glyph_of =
        |ts: &Typesetter<'_>, c: char| ts.fonts().face(FaceKind::Regular).glyph_index(c).unwrap().0;
    let (open, close) = (glyph_of(&ts, '('), glyph_of(&ts, ')'));
    let set = ts.set_paragraph(&inlines("אבג (דהו) [זחט] ויש"), &style);
    let glyphs: Vec<&crate::pdf::page::Glyph> = set.lines[0]
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter())
        .collect();
    let by_text = |t: &str| glyphs.iter().find(|g| g.text == t).unwrap().id;
    assert_eq!((by_text("("), by_text(")")), (close, open));
    assert_eq!(
        (by_text("["), by_text("]")),
        (glyph_of(&ts, ']'), glyph_of(&ts, '['))
    );
    let latin = ts.set_paragraph(&inlines("see (this) now"), &style);
    let ids: Vec<u16> = latin.lines[0]
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter())
        .filter(|g| g.text == "(" || g.text == ")")
        .map(|g| g.id)
        .collect();
    assert_eq!(ids, [open, close]);
}

#[test]
fn a_right_to_left_paragraph_ends_flush_right() {
    let mut ts = typesetter();
    let style = ParagraphStyle::body(11.0, 300.0, 11.0);
    let set = ts.set_paragraph(&inlines("אבג דהו"), &style);
    let line = &set.lines[0];
    assert_eq!(drawn(line), "והד גבא");
    let right = line
        .runs
        .iter()
        .map(|r| r.x + r.glyphs.iter().map(|g| g.advance).sum::<f32>())
        .fold(0.0f32, f32::max);
    // The indent is on the right, the ragged end on the left.
    assert!((right - (300.0 - 11.0)).abs() < 0.01, "{right}");
    assert!(line.runs[0].x > 200.0, "{:?}", line.runs[0].x);
}
