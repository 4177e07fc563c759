//! Gaping word spaces priced in the breaker: how wide a line's spaces end up once the setter has filled it, and the demerits past a cap.
//!
//! The adjustment ratio counts all of a line's stretch alike, but the
//! setter spends it in order — wider glyphs, then letter spacing, then
//! word spaces — and each has its own limit. Two lines at the same ratio
//! can end with very different spaces: one with long words has glyphs and
//! letter gaps to absorb its slack, one of short words puts it all in its
//! spaces. Badness alone cannot see that, so a loose line of short words
//! could win over a tighter choice. [`SpaceCap`] tells the breaker enough
//! of the setter's rules to see when a line's spaces would pass the cap,
//! and makes such a line far more expensive than any line within it.

/// What the setter does with a loose line, as far as the breaker needs to
/// know whether its word spaces pass `factor` × natural.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpaceCap {
    /// Word space, as a multiple of natural, a line should stay within.
    pub factor: f32,
    /// A glue's own word-space stretch per point of its natural width;
    /// the rest of its stretch is the previous word's letter spacing.
    pub space_stretch: f32,
    /// How many times their stretch (at ratio 1) the letter gaps take
    /// while they stay unseen; past that, the setter's last resorts (more
    /// letter spacing, then wider spaces) show, and the line is priced.
    pub letter_reach: f32,
    /// The same for the boxes' stretch (font expansion).
    pub box_reach: f32,
    /// For a line whose spaces pass `factor`: this much, times
    /// (1 + 10 × the excess in natural spaces)², so 0.1× past costs 4×.
    pub demerits: f32,
    /// Word space, as a multiple of natural, past which the setter sets
    /// the line short instead (`Tuning::short_space_factor`): the price
    /// stops growing there, the same for every line set short.
    pub short_factor: f32,
}

/// A line's totals the cap needs, all at natural width.
pub(super) struct Room {
    /// What the line lacks of its target width (≤ 0: nothing to stretch).
    pub excess: f64,
    /// Natural width of its word spaces.
    pub spaces: f64,
    /// Stretch of its glue (word spaces and the letter spacing on them).
    pub glue_stretch: f64,
    /// Stretch of its boxes (font expansion).
    pub box_stretch: f64,
}

impl SpaceCap {
    /// How far past `factor` the line's word spaces end, in multiples of
    /// the natural space (0 when within it, or when the line has no spaces
    /// to gape).
    pub(super) fn excess(&self, room: &Room) -> f64 {
        if room.excess <= 0.0 || room.spaces <= 0.0 {
            return 0.0;
        }
        let space_stretch = f64::from(self.space_stretch) * room.spaces;
        let letter_stretch = (room.glue_stretch - space_stretch).max(0.0);
        let capacity = (f64::from(self.factor) - 1.0) * room.spaces
            + f64::from(self.letter_reach) * letter_stretch
            + f64::from(self.box_reach) * room.box_stretch;
        ((room.excess - capacity) / room.spaces).max(0.0)
    }

    /// Extra demerits for the line.
    pub(super) fn demerits(&self, room: &Room) -> f64 {
        let past = self.excess(room);
        if past <= 0.0 {
            0.0
        } else {
            let most = f64::from(self.short_factor - self.factor).max(0.0);
            let grow = 1.0 + 10.0 * past.min(most);
            f64::from(self.demerits) * grow * grow
        }
    }

    /// Extra demerits for a line set short: what a line with spaces at
    /// `short_factor` costs, whatever it holds — one word or several.
    /// Without the same price for both, three one-word lines ("A" /
    /// "SHA-256" / "digest:") cost less than one line of them set short.
    pub(super) fn short(&self) -> f64 {
        let most = f64::from(self.short_factor - self.factor).max(0.0);
        let grow = 1.0 + 10.0 * most;
        f64::from(self.demerits) * grow * grow
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAP: SpaceCap = SpaceCap {
        factor: 1.8,
        space_stretch: 0.5,
        letter_reach: 1.0,
        box_reach: 1.5,
        demerits: 1.0e6,
        short_factor: 3.0,
    };

    fn room(excess: f64) -> Room {
        // Ten spaces of 2.2 pt (stretch 1.1 each) carrying 0.8 pt of
        // letter stretch each, and 5 pt of expansion.
        Room {
            excess,
            spaces: 22.0,
            glue_stretch: 19.0,
            box_stretch: 5.0,
        }
    }

    #[test]
    fn within_the_cap_costs_nothing() {
        // Capacity: 0.8 × 22 + 1.0 × 8 + 1.5 × 5 = 33.1 pt.
        assert_eq!(CAP.excess(&room(33.0)), 0.0);
        assert_eq!(CAP.demerits(&room(33.0)), 0.0);
        assert_eq!(CAP.demerits(&room(-4.0)), 0.0, "a tight line");
    }

    #[test]
    fn past_the_cap_the_spaces_take_the_rest_and_the_cost_climbs() {
        let past = CAP.excess(&room(33.1 + 2.2));
        assert!((past - 0.1).abs() < 1e-6, "{past}");
        let just = CAP.demerits(&room(33.2));
        let further = CAP.demerits(&room(33.1 + 2.2));
        assert!(just >= 1.0e6);
        assert!((further - 4.0e6).abs() < 100.0, "{further}");
    }

    #[test]
    fn the_price_stops_growing_where_the_line_is_set_short() {
        // 1.22 natural spaces past the cap: spaces at 3×, set short.
        let at_short = CAP.demerits(&room(33.1 + 1.22 * 22.0));
        let far = CAP.demerits(&room(33.1 + 40.0 * 22.0));
        assert!((at_short - CAP.short()).abs() < 1.0, "{at_short}");
        assert_eq!(far, CAP.short());
        assert!(CAP.demerits(&room(33.1 + 1.0 * 22.0)) < CAP.short());
    }

    #[test]
    fn a_line_without_spaces_has_none_to_gape() {
        let one_word = Room {
            excess: 10.0,
            spaces: 0.0,
            glue_stretch: 0.0,
            box_stretch: 3.0,
        };
        assert_eq!(CAP.demerits(&one_word), 0.0);
    }
}
