//! The dynamic programme's states (lines used on a page, its capacity and side, notes pending at its foot) and the steps between them.

use std::collections::HashMap;

use super::foot::Foot;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) struct State {
    pub(super) used: usize,
    pub(super) cap: usize,
    pub(super) recto: bool,
    /// This page belongs to a balanced short spread.
    pub(super) short: bool,
    /// Lines of figures waiting for the top of the next page.
    pub(super) pending: usize,
    /// Lines of figures that run on to the top of the page after next
    /// (without caption notes): those referred to on this page that the
    /// next cannot hold as well.
    pub(super) later: usize,
    /// Pages turned since the last text was set (0, 1, or 2 for more): a
    /// figure met now was referred to that many pages back, so at 1 it
    /// may be set here but not wait for the next page, and at 2 it is
    /// already too far from its reference.
    pub(super) turned: u8,
    /// Notes lines first referenced in those figures' captions, which go
    /// to the next page's foot with them, and of those the lines that page
    /// must set (as `need`).
    pub(super) float_notes: usize,
    pub(super) float_need: usize,
    /// Notes lines pending for this page's foot (carried over first).
    pub(super) notes: usize,
    /// Of those, the lines this page must set: every note started here
    /// whole but the last, two lines of the last, or a continued note's
    /// share.
    pub(super) need: usize,
}

impl State {
    /// A page with no notes.
    pub(super) fn page(used: usize, cap: usize, recto: bool, short: bool) -> State {
        State {
            used,
            cap,
            recto,
            short,
            pending: 0,
            later: 0,
            turned: 0,
            float_notes: 0,
            float_need: 0,
            notes: 0,
            need: 0,
        }
    }

    /// The page after this one, with capacity `cap`, and `carry` notes
    /// lines continued from this one; the notes of the figures waiting
    /// follow them.
    pub(super) fn turn(&self, cap: usize, full: usize, carry: usize, foot: Option<&Foot>) -> State {
        let need = match foot {
            Some(f) if carry > 0 => carry.min(f.continued_max(cap)),
            _ => 0,
        };
        State {
            // Figures waiting head the new page.
            used: self.pending.min(cap),
            cap,
            recto: !self.recto,
            short: cap < full,
            pending: self.later,
            later: 0,
            turned: (self.turned + 1).min(2),
            float_notes: 0,
            float_need: 0,
            notes: carry + self.float_notes,
            need: need + self.float_need,
        }
    }

    /// Body lines this page can still take, the notes it owes kept.
    pub(super) fn room(&self, foot: Option<&Foot>) -> usize {
        let taken = foot.map_or(0, |f| f.body_lines(self.need));
        self.cap.saturating_sub(self.used + taken)
    }
}

/// The capacities of the pages a step turns to, one bit per turn (set:
/// the short capacity `full - 1`). Turned-to pages are always full or
/// short; only a section's first page differs.
///
/// Only the first turns of a block may be short (the walks stop
/// branching after `BRANCHING_TURNS`), so 64 bits hold every short one;
/// the count is not bounded: a paragraph of 150,000 words turns ~400
/// pages. (It was a `u8` that saturated at 255 turns, and the rebuild,
/// one turn short, looped for ever on a full page.)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Turns {
    bits: u64,
    pub(super) len: u32,
}

impl Turns {
    pub(super) fn push(self, short: bool) -> Turns {
        debug_assert!(
            !short || self.len < 64,
            "a short page past the 64th turn of a block"
        );
        let bit = if short && self.len < 64 {
            1u64 << self.len
        } else {
            0
        };
        Turns {
            bits: self.bits | bit,
            len: self.len + 1,
        }
    }

    pub(super) fn cap(&self, i: usize, full: usize) -> usize {
        if i < 64 && (self.bits >> i) & 1 == 1 {
            full - 1
        } else {
            full
        }
    }

    pub(super) fn append(self, other: Turns) -> Turns {
        let mut t = self;
        for i in 0..other.len as usize {
            t = t.push(i < 64 && (other.bits >> i) & 1 == 1);
        }
        t
    }
}

/// The cheapest way found to a state at a block boundary.
#[derive(Clone, Copy, Debug)]
pub(super) struct Step {
    pub(super) back: Back,
    pub(super) cost: f64,
}

/// How a state at a boundary was reached from the boundary before: all
/// the rebuild needs, kept for every boundary of the section. The state
/// itself is not kept (the index says which one it came from), so a
/// section of 10,000 blocks holds ~150 of these per boundary in 50 MiB,
/// not the 400 MiB that (state, step) pairs with their spare capacity
/// took.
#[derive(Clone, Copy, Debug)]
pub(super) struct Back {
    /// Index of the state it came from in the previous boundary's list.
    pub(super) from: u32,
    pub(super) variant: u32,
    pub(super) turns: Turns,
    /// The page was ended before this block (left short).
    pub(super) early: bool,
    /// The block's own page turns (see `Placement::trail`).
    pub(super) trail: u32,
}

/// One way to set a block from a state.
#[derive(Clone, Copy, Debug)]
pub(super) struct Placement {
    pub(super) variant: usize,
    pub(super) turns: Turns,
    pub(super) end: State,
    pub(super) cost: f64,
    /// The page turns inside the block, as an index into the trail
    /// (`NO_TRAIL`: none), for the rebuild.
    pub(super) trail: u32,
}

/// No page turn recorded.
pub(super) const NO_TRAIL: u32 = u32::MAX;

/// Page turns inside blocks, each pointing to the one before it in its
/// block: (previous, lines of the block set before the turn).
pub(super) type Trail = Vec<(u32, usize)>;

/// The lines before each turn of `trail` from `at`, in order.
pub(super) fn turns_of(trail: &Trail, mut at: u32) -> Vec<usize> {
    let mut out = Vec::new();
    while at != NO_TRAIL {
        let (prev, line) = trail[at as usize];
        out.push(line);
        at = prev;
    }
    out.reverse();
    out
}

/// The slot of `state` in the dense index (`usize::MAX` for a state with
/// notes or a figure pending, rare, kept in the map).
fn key(state: &State, full: usize) -> usize {
    if state.notes > 0 || state.need > 0 || state.pending > 0 || state.later > 0 {
        return usize::MAX;
    }
    // `turned` is almost always 1 on an empty page (turned at a block's
    // end) and 0 on one with lines: the other combinations are rare and
    // go to the map.
    if state.turned != u8::from(state.used == 0) {
        return usize::MAX;
    }
    let cap = if state.cap == full {
        0
    } else if state.cap + 1 == full {
        1
    } else {
        2
    };
    ((state.used.min(full + 1) * 3 + cap) * 2 + state.recto as usize) * 2 + state.short as usize
}

/// Keeps the cheaper way to reach `state` (ties keep the earlier, so the
/// enumeration order decides and output is deterministic).
pub(super) fn relax(
    next: &mut Vec<(State, Step)>,
    index: &mut [usize],
    others: &mut HashMap<State, usize>,
    full: usize,
    state: State,
    step: Step,
) {
    let k = key(&state, full);
    if k == usize::MAX {
        // Only found here, never iterated: the order stays `next`'s.
        match others.get(&state) {
            Some(&at) => {
                if step.cost < next[at].1.cost {
                    next[at].1 = step;
                }
            }
            None => {
                others.insert(state, next.len());
                next.push((state, step));
            }
        }
        return;
    }
    match index.get(k).copied() {
        Some(at) if at != usize::MAX && next[at].0 == state => {
            if step.cost < next[at].1.cost {
                next[at].1 = step;
            }
        }
        Some(usize::MAX) => {
            index[k] = next.len();
            next.push((state, step));
        }
        _ => match next.iter_mut().find(|(s, _)| *s == state) {
            // A state outside the dense key space (first pages of
            // several capacities): fall back to a search.
            Some((_, old)) => {
                if step.cost < old.cost {
                    *old = step;
                }
            }
            None => next.push((state, step)),
        },
    }
}
