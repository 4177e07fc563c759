//! What makes a code block a listing in print: its caption set above the code, and its line numbers in a gutter left of it.
//!
//! The caption is italic, a step smaller than the text, flush left with
//! the code (Chicago and O'Reilly caption code above it, where a reader
//! looks first; a figure's caption goes below). It is kept on the page of
//! the code's first lines (`code::listing` joins it to the first unit).
//!
//! Line numbers follow LaTeX `listings`' `numbers=left`: small (four
//! fifths of the code's size), right-aligned a column left of the code,
//! so they stand in the block's indent and the margin beside it, never
//! over the code; only a source line's first set line has one (a
//! turnover has none). They are mid-grey (#666666, 5.7:1 on white, past
//! WCAG's 4.5:1 for small text) so they do not read as code, and their
//! glyphs carry no text: the writer puts them in an empty `/ActualText`
//! span, so a reader copying the code, or pdftotext, gets the code alone.

use crate::highlight::Ink;
use crate::model::Inline;
use crate::pdf::caption::step_smaller;
use crate::pdf::fontset::FaceKind;
use crate::pdf::paragraph::{Align, ParagraphStyle, SetLine, Typesetter};

/// The numbers' grey.
pub const NUMBER_INK: Ink = Ink([0x66, 0x66, 0x66]);

/// How a block's lines are numbered: from which, and at what size.
pub struct Numbers {
    first: u32,
    size: f32,
}

impl Numbers {
    /// Numbers from `first` for code set at `code_size`.
    pub fn new(first: u32, code_size: f32) -> Numbers {
        Numbers {
            first,
            size: number_size(code_size),
        }
    }

    /// Sets the number of source line `index` (0 for the first) on
    /// `line`, its right edge one column (`advance`) left of the code.
    pub fn put(&self, ts: &mut Typesetter<'_>, line: &mut SetLine, index: usize, advance: f32) {
        let n = u64::from(self.first) + index as u64;
        let mut number = ts.set_line(&n.to_string(), FaceKind::Mono, self.size);
        let dx = -advance - number.width;
        let mut runs = Vec::with_capacity(number.runs.len());
        for mut run in number.runs.drain(..) {
            run.x += dx;
            run.ink = Some(NUMBER_INK);
            for g in &mut run.glyphs {
                g.text.clear();
            }
            runs.push(run);
        }
        // First on the line, so the page's content reads in order.
        line.runs.splice(0..0, runs);
    }
}

/// Four fifths of the code's size, to the half point.
fn number_size(code_size: f32) -> f32 {
    (code_size * 0.8 * 2.0).round() / 2.0
}

/// A listing's caption (its label already in it): italic, a step
/// smaller than the text's `size`, ragged right on the code's `width`,
/// unhyphenated. None without a caption.
pub fn caption_lines(
    ts: &mut Typesetter<'_>,
    caption: &[Inline],
    size: f32,
    width: f32,
) -> Vec<SetLine> {
    if caption.is_empty() {
        return Vec::new();
    }
    let style = ParagraphStyle {
        face: FaceKind::Italic,
        align: Align::Left,
        hyphenate: false,
        ..ParagraphStyle::body(step_smaller(size), width, 0.0)
    };
    ts.set_paragraph(caption, &style).lines
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
    fn a_number_stands_left_of_the_code_in_grey_with_no_text() {
        let mut ts = ts();
        let mut line = ts.set_line("let x = 1;", FaceKind::Mono, 10.0);
        let code_runs = line.runs.len();
        let numbers = Numbers::new(10, 10.0);
        numbers.put(&mut ts, &mut line, 2, 5.0);
        assert_eq!(line.runs.len(), code_runs + 1);
        let number = &line.runs[0];
        assert_eq!(number.size, 8.0);
        assert_eq!(number.ink, Some(NUMBER_INK));
        assert_eq!(number.glyphs.len(), 2, "12");
        assert!(number.glyphs.iter().all(|g| g.text.as_str().is_empty()));
        let right = number.x + number.glyphs.iter().map(|g| g.advance).sum::<f32>();
        assert!((right - -5.0).abs() < 0.01, "{right}");
        // The code did not move.
        assert_eq!(line.runs[1].x, 0.0);
    }

    #[test]
    fn the_grey_passes_contrast_for_small_text() {
        let lum = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let Ink([r, g, b]) = NUMBER_INK;
        let l = 0.2126 * lum(r) + 0.7152 * lum(g) + 0.0722 * lum(b);
        assert!(1.05 / (l + 0.05) >= 4.5);
    }

    #[test]
    fn a_caption_is_italic_a_step_smaller_and_flush_left() {
        let mut ts = ts();
        let caption = vec![Inline::Text {
            text: "Reading the config".into(),
        }];
        let lines = caption_lines(&mut ts, &caption, 11.0, 300.0);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].runs[0].size, 10.0);
        assert!(lines[0].runs[0].x.abs() < 0.01);
        assert!(caption_lines(&mut ts, &[], 11.0, 300.0).is_empty());
    }
}
