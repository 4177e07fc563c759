//! Captions of figures and tables (italic, a step smaller, centred on the measure), and moving a set line along its baseline, which centring, captions and table cells all do.

use std::borrow::Cow;

use crate::model::Inline;
use crate::pdf::fontset::FaceKind;
use crate::pdf::paragraph::{Align, ParagraphStyle, SetLine, Typesetter};

/// `caption` opened by its number when the book numbers it ("Figure 3.2.
/// The Balkans…"; the label alone when there are no words), the number
/// upright in the italic caption: emphasis in italic text is set roman.
pub fn labelled<'a>(label: Option<&str>, caption: &'a [Inline]) -> Cow<'a, [Inline]> {
    let Some(label) = label else {
        return Cow::Borrowed(caption);
    };
    let (lead, gap) = if caption.is_empty() {
        (label.to_string(), "")
    } else {
        crate::captions::lead_in(label)
    };
    let mut out = vec![Inline::Emphasis {
        content: vec![Inline::Text { text: lead }],
    }];
    if !gap.is_empty() {
        out.push(Inline::Text {
            text: gap.to_string(),
        });
    }
    out.extend_from_slice(caption);
    Cow::Owned(out)
}

/// The size a step below `size`: captions, and tables that do not fit at
/// the body size (90 %, to the half point).
pub fn step_smaller(size: f32) -> f32 {
    (size * 0.9 * 2.0).round() / 2.0
}

/// A caption's lines: italic, a step smaller than `size`, unhyphenated,
/// centred on a narrower measure (85 % of `measure`, so a long caption
/// does not run the full width) that is itself centred on `measure`.
pub fn caption_lines(
    ts: &mut Typesetter<'_>,
    caption: &[Inline],
    size: f32,
    measure: f32,
) -> Vec<SetLine> {
    if caption.is_empty() {
        return Vec::new();
    }
    let style = ParagraphStyle {
        face: FaceKind::Italic,
        align: Align::Center,
        hyphenate: false,
        ..ParagraphStyle::body(step_smaller(size), measure * 0.85, 0.0)
    };
    let mut lines = ts.set_paragraph(caption, &style).lines;
    for line in &mut lines {
        shift(line, measure * 0.075);
    }
    lines
}

/// Moves everything on `line` (glyphs, note marks, links, strikes) right
/// by `dx`.
pub fn shift(line: &mut SetLine, dx: f32) {
    for run in &mut line.runs {
        run.x += dx;
    }
    let marks = line
        .note_refs
        .iter_mut()
        .map(|m| (&mut m.x_start, &mut m.x_end));
    let links = line
        .links
        .iter_mut()
        .map(|m| (&mut m.x_start, &mut m.x_end));
    let strikes = line
        .strikes
        .iter_mut()
        .map(|m| (&mut m.x_start, &mut m.x_end));
    for (start, end) in marks.chain(links).chain(strikes) {
        *start += dx;
        *end += dx;
    }
}

/// Moves `line` so it sits centred on `measure` (never left of its start).
pub fn centre(line: &mut SetLine, measure: f32) {
    shift(line, ((measure - line.width) / 2.0).max(0.0));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fontset::FontSet;
    use crate::pdf::hyphenate::Hyphenator;

    fn ts() -> Typesetter<'static> {
        Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap())
    }

    #[test]
    fn a_caption_is_centred_on_the_measure_a_step_smaller() {
        let mut ts = ts();
        let caption = vec![Inline::Text {
            text: "The ground as surveyed".into(),
        }];
        let lines = caption_lines(&mut ts, &caption, 11.0, 300.0);
        assert_eq!(lines.len(), 1);
        let run = &lines[0].runs[0];
        assert_eq!(run.size, 10.0);
        let width: f32 = lines[0]
            .runs
            .iter()
            .flat_map(|r| &r.glyphs)
            .map(|g| g.advance)
            .sum();
        let left = run.x;
        let right = 300.0 - (left + width);
        assert!((left - right).abs() < 0.5, "{left} {right}");
        assert!(caption_lines(&mut ts, &[], 11.0, 300.0).is_empty());
    }

    #[test]
    fn shift_moves_glyphs_and_marks_together() {
        let mut ts = ts();
        let mut line = ts.set_line("Tirana", FaceKind::Regular, 11.0);
        let before = line.runs[0].x;
        shift(&mut line, 12.5);
        assert_eq!(line.runs[0].x, before + 12.5);
        let width = line.width;
        centre(&mut line, width + 20.0);
        assert_eq!(line.runs[0].x, before + 22.5);
    }
}
