//! Filling the measure: font expansion first, then letter spacing and word spaces, each within its limit.

use super::set::Flat;
use super::{Align, ParagraphStyle, Typesetter};
use crate::pdf::linebreak;
use crate::pdf::units::Pt;

/// What justifying a line did, for [`super::SetLine`].
pub(super) struct Justified {
    /// Width with natural word spaces.
    pub(super) natural: Pt,
    /// Adjustment ratio over all the line's stretch or shrink.
    pub(super) ratio: f32,
    pub(super) overfull: bool,
    pub(super) loose: bool,
    /// The glyphs' horizontal scale (font expansion).
    pub(super) scale: f32,
    /// How far the first glyph hangs into the left margin.
    pub(super) lead: Pt,
    /// Word spaces on the line, and their natural width summed.
    pub(super) spaces: usize,
    pub(super) space_natural: Pt,
}

impl Typesetter<'_> {
    /// Justifies `flat` (a line's glyphs at natural width) to the measure
    /// plus `hang` (and the line's lead): changes the glyphs' advances in
    /// place. A line that ends its paragraph or a forced break
    /// (`fill_line`) keeps natural spaces.
    pub(super) fn justify(
        &self,
        flat: &mut [Flat],
        style: &ParagraphStyle,
        line: &linebreak::Line,
        hang: Pt,
        fill_line: bool,
    ) -> Justified {
        let letter_gap = self.tuning.letter_stretch_em * style.size;
        let natural: Pt = flat.iter().map(Flat::advance).sum();
        let (space_stretch, shrink, spaces, space_natural, letters) =
            flat.iter()
                .fold((0.0f32, 0.0f32, 0usize, 0.0f32, 0usize), |acc, f| match f {
                    Flat::Glyph {
                        space: Some((y, z)),
                        glyph,
                        ..
                    } => (
                        acc.0 + y,
                        acc.1 + z,
                        acc.2 + 1,
                        acc.3 + glyph.advance,
                        acc.4,
                    ),
                    Flat::Glyph { letter: true, .. } => (acc.0, acc.1, acc.2, acc.3, acc.4 + 1),
                    _ => acc,
                });
        let justify = style.align == Align::Justify;
        // What expansion widens: every glyph but the word spaces (pdfTeX
        // expands characters, not glue).
        let glyph_width: Pt = if justify {
            flat.iter()
                .map(|f| match f {
                    Flat::Glyph {
                        space: None, glyph, ..
                    } => glyph.advance,
                    _ => 0.0,
                })
                .sum()
        } else {
            0.0
        };
        let expand_stretch = glyph_width * self.tuning.expansion_stretch.max(0.0);
        let expand_shrink = glyph_width * self.tuning.expansion_shrink.max(0.0);
        let other_stretch = space_stretch + letters as f32 * letter_gap;
        let stretch = other_stretch + expand_stretch;
        let lead = if justify && self.tuning.protrusion {
            line.lead
        } else {
            0.0
        };
        let target = style.measure + hang + lead;
        let mut ratio = 0.0f32;
        let mut overfull = false;
        // What each letter gap and each unit of space stretch get.
        let mut letter_add = 0.0f32;
        let mut loose = false;
        let mut space_ratio = 0.0f32;
        // The glyphs' horizontal scale, minus one.
        let mut expand = 0.0f32;
        if justify {
            if natural > target {
                let all_shrink = shrink + expand_shrink;
                ratio = if all_shrink > 0.0 {
                    (target - natural) / all_shrink
                } else {
                    f32::NEG_INFINITY
                };
                // Narrower glyphs first, as for stretch, up to their limit
                // and in whole steps rounded towards none; the spaces take
                // the rest (pinched spaces show more than 2% narrower
                // letters). A line without spaces narrows by the exact amount.
                let share = if glyph_width > 0.0 {
                    ((natural - target) / glyph_width).min(self.tuning.expansion_shrink.max(0.0))
                } else {
                    0.0
                };
                expand = -if shrink > 0.0 {
                    self.expansion_steps(share)
                } else {
                    share
                };
                let squeezed = natural + expand * glyph_width;
                space_ratio = if shrink > 0.0 {
                    (target - squeezed) / shrink
                } else if squeezed > target + 1e-3 {
                    f32::NEG_INFINITY
                } else {
                    0.0
                };
                let limit = if line.overfull {
                    1.0
                } else {
                    self.shrink_limit()
                };
                if space_ratio < -limit {
                    // Past full shrink by a sliver the shaped line may
                    // differ from the breaker's estimate (a kern across a
                    // break); squeeze it in rather than overfill, unless
                    // the breaker itself had to accept an overfull line.
                    overfull = line.overfull || space_ratio < -limit - 0.25 || shrink <= 0.0;
                    if overfull {
                        space_ratio = -limit;
                        ratio = ratio.max(-limit);
                    }
                }
            } else if !fill_line && stretch > 0.0 {
                ratio = (target - natural) / stretch;
                // Expansion first, up to its limit, in whole steps rounded
                // towards none (a line that has nothing else to stretch
                // takes the exact amount): widened glyphs show least, and
                // every point they take is one the letters and spaces need
                // not. Then letters, up to their cap; spaces take the rest,
                // up to theirs, and past it only when the letters are full
                // too (a letter-spaced line is worse than a loose one).
                let share = if glyph_width > 0.0 {
                    ((target - natural) / glyph_width).min(self.tuning.expansion_stretch.max(0.0))
                } else {
                    0.0
                };
                expand = if other_stretch > 0.0 {
                    self.expansion_steps(share)
                } else {
                    share
                };
                let needed = target - natural - expand * glyph_width;
                let rest_ratio = if other_stretch > 0.0 {
                    needed / other_stretch
                } else {
                    0.0
                };
                let space_cap = if self.tuning.space_stretch > 0.0 {
                    (self.tuning.max_space_factor - 1.0) / self.tuning.space_stretch
                } else {
                    f32::INFINITY
                };
                let letter_cap = self.tuning.max_letter_space_em * style.size;
                letter_add = (rest_ratio * letter_gap).clamp(0.0, letter_cap);
                let rest = needed - letter_add * letters as f32;
                space_ratio = if space_stretch > 0.0 {
                    rest / space_stretch
                } else {
                    0.0
                };
                if space_ratio > space_cap && letters > 0 && letter_add < letter_cap {
                    // Spaces at their cap, letters up to theirs, and what
                    // is still missing back to the spaces.
                    letter_add =
                        ((needed - space_cap * space_stretch) / letters as f32).min(letter_cap);
                    space_ratio = if space_stretch > 0.0 {
                        (needed - letter_add * letters as f32) / space_stretch
                    } else {
                        0.0
                    };
                }
                loose = space_ratio > space_cap + 1e-3 || letter_add >= letter_cap - 1e-4;
            }
        }
        if style.align != Align::Justify && natural > style.measure + 0.01 {
            // Ragged lines do not shrink: a word wider than the measure sticks out.
            overfull = true;
        }
        let scale = 1.0 + expand;
        for f in flat.iter_mut() {
            match f {
                Flat::Glyph {
                    space: Some((y, z)),
                    glyph,
                    ..
                } => {
                    glyph.advance += if space_ratio >= 0.0 {
                        space_ratio * *y
                    } else {
                        space_ratio * *z
                    }
                }
                Flat::Glyph { letter, glyph, .. } => {
                    glyph.advance *= scale;
                    if *letter {
                        glyph.advance += letter_add;
                    }
                }
                Flat::Gap(_) => {}
            }
        }
        Justified {
            natural,
            ratio,
            overfull,
            loose,
            scale,
            lead,
            spaces,
            space_natural,
        }
    }
}
