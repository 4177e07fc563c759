//! Filling the measure: font expansion first, then letter spacing and word spaces (and gaps between ideographs), each within its limit.

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
        let mut sums = LineSums::new(style.align == Align::Justify);
        for f in flat.iter() {
            sums.add(f);
        }
        let (justified, fill) = self.fit(&sums, style, line, hang, fill_line);
        let Fill {
            space_ratio,
            letter_add,
            scale,
        } = fill;
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
                Flat::Glyph {
                    letter,
                    glyph,
                    inter,
                    ..
                } => {
                    glyph.advance *= scale;
                    if *letter {
                        glyph.advance += letter_add;
                    }
                    if let Some((y, z)) = inter {
                        glyph.advance += if space_ratio >= 0.0 {
                            space_ratio * *y
                        } else {
                            space_ratio * *z
                        }
                    }
                }
                Flat::Gap(_) => {}
            }
        }
        justified
    }

    /// How a line with these sums fills the measure (see
    /// [`Typesetter::justify`]), decided without its glyphs.
    pub(super) fn fit(
        &self,
        sums: &LineSums,
        style: &ParagraphStyle,
        line: &linebreak::Line,
        hang: Pt,
        fill_line: bool,
    ) -> (Justified, Fill) {
        let letter_gap = self.tuning.letter_stretch_em * style.size;
        let LineSums {
            natural,
            space_stretch,
            shrink,
            spaces,
            space_natural,
            letters,
            glyph_width,
            inters,
            ..
        } = *sums;
        // A line with gaps between ideographs fills with them, not with
        // wider glyphs: CJK text sits on a square grid, which scaled
        // glyphs would break (JLREQ adjusts spacing only).
        let glyph_width = if inters > 0 { 0.0 } else { glyph_width };
        let justify = style.align == Align::Justify;
        let expand_stretch = glyph_width * self.tuning.expansion_stretch.max(0.0);
        let expand_shrink = glyph_width * self.tuning.expansion_shrink.max(0.0);
        let other_stretch = space_stretch + letters as f32 * letter_gap;
        let stretch = other_stretch + expand_stretch;
        let mut lead = if justify && self.tuning.protrusion {
            line.lead
        } else {
            0.0
        };
        let mut target = style.measure + hang + lead;
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
                let room = Room {
                    glyph_width,
                    space_stretch,
                    letters,
                    letter_gap,
                    size: style.size,
                };
                let mut plan = self.stretch(target - natural, &room);
                if plan.loose && lead > 0.0 {
                    // A quote hanging into the margin widens what a loose
                    // line must fill: set it flush instead (a dent of half a
                    // quote shows less than wider gaps).
                    lead = 0.0;
                    target = style.measure + hang;
                    plan = self.stretch(target - natural, &room);
                }
                ratio = (target - natural) / stretch;
                expand = plan.expand;
                letter_add = plan.letter_add;
                space_ratio = plan.space_ratio;
                loose = plan.loose;
            }
        }
        if style.align != Align::Justify && natural > style.measure + 0.01 {
            // Ragged lines do not shrink: a word wider than the measure sticks out.
            overfull = true;
        }
        let scale = 1.0 + expand;
        (
            Justified {
                natural,
                ratio,
                overfull,
                loose,
                scale,
                lead,
                spaces,
                space_natural,
            },
            Fill {
                space_ratio,
                letter_add,
                scale,
            },
        )
    }
}

/// What justifying does to a line's glyphs: word spaces by `space_ratio`
/// of their stretch or shrink, every other glyph scaled by `scale` and,
/// before a letter gap, `letter_add` wider.
pub(super) struct Fill {
    space_ratio: f32,
    letter_add: Pt,
    scale: f32,
}

/// The sums justifying a line starts from, over its glyphs at natural
/// width in order: added one glyph at a time in the same order whether
/// the glyphs are kept (to set the line) or not (to measure it), so a
/// measured line is judged to the bit as the set line is.
#[derive(Debug, Clone, Copy)]
pub(super) struct LineSums {
    /// Width with natural word spaces.
    natural: Pt,
    /// The word spaces' stretch and shrink, and the gaps' between
    /// ideographs.
    space_stretch: Pt,
    shrink: Pt,
    /// Word spaces, and their natural width summed.
    spaces: usize,
    space_natural: Pt,
    /// Letter gaps that stretch.
    letters: usize,
    /// Every glyph but the word spaces (what expansion widens), for a
    /// justified line only.
    glyph_width: Pt,
    /// Gaps between ideographs that stretch.
    inters: usize,
    justified: bool,
}

impl LineSums {
    pub(super) fn new(justified: bool) -> LineSums {
        // What `Iterator::sum` starts from (the sums were made with it).
        let zero: Pt = std::iter::empty::<Pt>().sum();
        LineSums {
            natural: zero,
            space_stretch: 0.0,
            shrink: 0.0,
            spaces: 0,
            space_natural: 0.0,
            letters: 0,
            glyph_width: if justified { zero } else { 0.0 },
            inters: 0,
            justified,
        }
    }

    pub(super) fn add(&mut self, f: &Flat) {
        self.natural += f.advance();
        match f {
            Flat::Glyph {
                space: Some((y, z)),
                glyph,
                ..
            } => {
                self.space_stretch += y;
                self.shrink += z;
                self.spaces += 1;
                self.space_natural += glyph.advance;
            }
            Flat::Glyph {
                letter,
                glyph,
                inter,
                ..
            } => {
                if *letter {
                    self.letters += 1;
                }
                if self.justified {
                    self.glyph_width += glyph.advance;
                }
                // A gap between ideographs stretches with the word spaces.
                if let Some((y, z)) = inter {
                    self.space_stretch += y;
                    self.shrink += z;
                    self.inters += 1;
                }
            }
            Flat::Gap(_) => {}
        }
    }
}

/// What a line has to stretch with: its glyphs (for expansion), its
/// spaces' stretch and its letter gaps.
struct Room {
    glyph_width: Pt,
    space_stretch: Pt,
    letters: usize,
    /// A letter gap's stretch at ratio 1.
    letter_gap: Pt,
    size: Pt,
}

/// How a line's stretch is shared out.
struct Plan {
    /// The glyphs' horizontal scale, minus one.
    expand: f32,
    /// Added to each letter gap.
    letter_add: Pt,
    /// Ratio of the word spaces' stretch.
    space_ratio: f32,
    /// Spaces past `max_space_factor` even so, or a line without spaces
    /// left short of the measure.
    loose: bool,
}

impl Typesetter<'_> {
    /// Shares `excess` (what the line lacks) out, least visible first:
    /// font expansion up to its normal limit, in whole steps (a line with
    /// nothing else to stretch takes the exact amount); then letters and
    /// spaces in proportion to their stretch, letters up to their share.
    /// When the spaces would pass `comfort_space_factor`, expansion up to
    /// `emergency_expansion` and then letter spacing up to its cap take
    /// what they can before the spaces go further: evenly wider glyphs
    /// show less than gaping spaces, and spaced-out letters most of all.
    fn stretch(&self, excess: Pt, room: &Room) -> Plan {
        let t = &self.tuning;
        let other_stretch = room.space_stretch + room.letters as f32 * room.letter_gap;
        let share = if room.glyph_width > 0.0 {
            (excess / room.glyph_width).min(t.expansion_stretch.max(0.0))
        } else {
            0.0
        };
        let mut expand = if other_stretch > 0.0 {
            self.expansion_steps(share)
        } else {
            share
        };
        let mut needed = excess - expand * room.glyph_width;
        let rest_ratio = if other_stretch > 0.0 {
            needed / other_stretch
        } else {
            0.0
        };
        let ratio_of = |factor: f32| {
            if t.space_stretch > 0.0 {
                (factor - 1.0) / t.space_stretch
            } else {
                f32::INFINITY
            }
        };
        let space_cap = ratio_of(t.comfort_space_factor);
        let letter_cap = t.max_letter_space_em * room.size;
        let comfort = t.comfort_letter_space_em.min(t.max_letter_space_em) * room.size;
        let letter_share = (rest_ratio * room.letter_gap).clamp(0.0, comfort);
        let mut letter_add = letter_share;
        let spaces_at = |needed: Pt, letter_add: Pt| {
            if room.space_stretch > 0.0 {
                (needed - letter_add * room.letters as f32) / room.space_stretch
            } else {
                0.0
            }
        };
        let mut space_ratio = spaces_at(needed, letter_add);
        // A line without spaces (one word) has only its letters and glyphs.
        let unfilled =
            |needed: Pt, letter_add: Pt| needed - letter_add * room.letters as f32 > 1e-3;
        let spaceless = room.space_stretch <= 0.0;
        if (!spaceless && space_ratio > space_cap) || (spaceless && unfilled(needed, letter_add)) {
            let at_cap = if spaceless {
                0.0
            } else {
                space_cap * room.space_stretch
            };
            // Wider glyphs first, up to the emergency limit…
            let missing = needed - letter_add * room.letters as f32 - at_cap;
            // (No expansion at all stays none.)
            let limit = if t.expansion_stretch > 0.0 {
                t.emergency_expansion.max(expand)
            } else {
                0.0
            };
            if missing > 0.0 && room.glyph_width > 0.0 && limit > expand {
                let more = self
                    .expansion_steps_up(missing / room.glyph_width)
                    .min(limit - expand);
                expand += more;
                needed -= more * room.glyph_width;
            }
            // …then letters up to `loose_letter_space_em` with the spaces
            // at their comfort cap, and if that is not enough, up to
            // `max_letter_space_em` with the spaces at `max_space_factor`.
            // The spaces take what is left.
            if room.letters > 0 {
                let max_cap = if spaceless {
                    0.0
                } else {
                    ratio_of(t.max_space_factor) * room.space_stretch
                };
                let wide = t.loose_letter_space_em.min(t.max_letter_space_em) * room.size;
                letter_add = ((needed - at_cap) / room.letters as f32)
                    .clamp(letter_share, wide.max(letter_share));
                if spaces_at(needed, letter_add) > ratio_of(t.max_space_factor) || spaceless {
                    letter_add = ((needed - max_cap) / room.letters as f32)
                        .clamp(letter_add, letter_cap.max(letter_add));
                }
            }
            space_ratio = spaces_at(needed, letter_add);
        }
        let loose = space_ratio > ratio_of(t.max_space_factor) + 1e-3
            || (spaceless && unfilled(needed, letter_add));
        if space_ratio > ratio_of(t.short_space_factor) || (spaceless && loose) {
            // Filled, the line would show holes between its words (or
            // letter-space its one word): it is set short, at its natural
            // width, as a paragraph's last line is. The breaker takes such
            // a line only when nothing else reaches on: before a word too
            // long to share a line ("A SHA-256 digest:" before a hash).
            return Plan {
                expand: 0.0,
                letter_add: 0.0,
                space_ratio: 0.0,
                loose,
            };
        }
        Plan {
            expand,
            letter_add,
            space_ratio,
            loose,
        }
    }
}
