//! Formulas in the PDF: the model's math nodes laid out in boxes from the math font's MATH table (Garamond-Math, embedded), as TeX and OpenType math set them, and drawn as glyph runs and rules.
//!
//! In files, a stage each: [`font`] (the math face and its MATH table),
//! [`spacing`] (the room between atoms by class), [`stretch`] (glyphs
//! grown to a size: variants and assemblies), [`frame`] (the box type),
//! [`layout`] (nodes → frames; `table` for matrices and alignments,
//! `stack` for what stands over, under or around a node),
//! [`breaks`] (where an inline formula may break), [`draw`] (frames →
//! glyph runs and rules).
//! Paragraphs take an inline formula as one unbreakable piece
//! (`pdf::paragraph::words`); `pdf::equation` sets a displayed one.

pub mod breaks;
pub mod draw;
pub mod font;
pub mod frame;
pub mod layout;
pub mod spacing;
pub mod stack;
pub mod stretch;
mod table;

#[cfg(test)]
mod tests;

pub use draw::{draw, Drawn};
pub use frame::Frame;
pub use layout::Layout;

use crate::model::Formula;
use crate::pdf::fontset::FontSet;
use crate::pdf::units::Pt;

/// `formula` laid out at text size `size`: in display style when it is
/// displayed, else in text style.
pub fn lay_out(formula: &Formula, fonts: &FontSet<'_>, size: Pt) -> Frame {
    Layout {
        font: font::MathFont::embedded(),
        fonts,
        size,
    }
    .formula(&formula.nodes, formula.display)
}

/// Top-level nodes `range` of an inline `formula` (between two of its
/// [`breaks::breaks`]), cut out of the whole as it is set at `size`.
pub fn lay_out_part(
    formula: &Formula,
    range: std::ops::Range<usize>,
    fonts: &FontSet<'_>,
    size: Pt,
) -> Frame {
    Layout {
        font: font::MathFont::embedded(),
        fonts,
        size,
    }
    .formula_part(&formula.nodes, range)
}
