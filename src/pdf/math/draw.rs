//! Frames → what a page draws: glyph runs (one per font, size and baseline, glyphs by id with their text for copying) and filled rules, in page coordinates (y down).

use super::frame::{Font, Frame, Item};
use crate::pdf::fontset::FontSet;
use crate::pdf::page::{Glyph, GlyphRun, GlyphText, Rect};
use crate::pdf::units::Pt;

/// A formula as drawn: its glyph runs and rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Drawn {
    pub runs: Vec<GlyphRun>,
    pub rules: Vec<Rect>,
}

/// Draws `frame` with its baseline's start at (`x`, `baseline`), page
/// coordinates (y growing down).
pub fn draw(frame: &Frame, fonts: &FontSet<'_>, x: Pt, baseline: Pt) -> Drawn {
    let mut out = Drawn::default();
    for item in &frame.items {
        match item {
            Item::Glyph {
                font,
                id,
                size,
                x: gx,
                y: gy,
                advance,
                text,
            } => {
                let font_id = match font {
                    Font::Math => fonts.math_font_id(),
                    Font::Text(kind) => kind.font_id(),
                };
                let (px, py) = (x + gx, baseline - gy);
                let glyph = Glyph {
                    id: *id,
                    advance: *advance,
                    text: GlyphText::new(text),
                    offset: [0.0, 0.0],
                    tracking: 0.0,
                };
                // The next glyph on the same baseline, in the same font
                // and size, right of the last: the run goes on, the last
                // glyph's advance reaching to it.
                if let Some(run) = out.runs.last_mut() {
                    let end = run.x + run.glyphs.iter().map(|g| g.advance).sum::<f32>();
                    let last_start = end - run.glyphs.last().map_or(0.0, |g| g.advance);
                    if run.font == font_id
                        && run.size == *size
                        && (run.y - py).abs() < 1e-3
                        && px >= last_start
                    {
                        if let Some(last) = run.glyphs.last_mut() {
                            last.advance = px - last_start;
                        }
                        run.glyphs.push(glyph);
                        continue;
                    }
                }
                out.runs.push(GlyphRun {
                    font: font_id,
                    size: *size,
                    x: px,
                    y: py,
                    h_scale: 1.0,
                    v_scale: 1.0,
                    ink: None,
                    glyphs: vec![glyph],
                });
            }
            Item::Rule {
                x: rx,
                y: ry,
                width,
                height,
            } => out.rules.push(Rect {
                x: x + rx,
                y: baseline - (ry + height),
                width: *width,
                height: *height,
            }),
        }
    }
    out
}
