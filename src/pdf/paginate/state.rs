//! The dynamic programme's states (lines used on a page, its capacity and side) and the steps between them.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct State {
    pub(super) used: usize,
    pub(super) cap: usize,
    pub(super) recto: bool,
    /// This page belongs to a balanced short spread.
    pub(super) short: bool,
    /// Lines of figures waiting for the top of the next page.
    pub(super) pending: usize,
}

impl State {
    /// The page after this one, with capacity `cap`.
    pub(super) fn turn(&self, cap: usize, full: usize) -> State {
        State {
            used: self.pending.min(cap),
            cap,
            recto: !self.recto,
            short: cap < full,
            pending: 0,
        }
    }
}

/// The capacities of the pages a step turns to, one bit per turn (set:
/// the short capacity `full - 1`). Turned-to pages are always full or
/// short; only a section's first page differs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Turns {
    bits: u64,
    pub(super) len: u8,
}

impl Turns {
    pub(super) fn push(self, short: bool) -> Turns {
        // Past 64 turns in one block (a paragraph of 64 pages) the
        // remaining pages are taken as full.
        let bit = if short && self.len < 64 {
            1u64 << self.len
        } else {
            0
        };
        Turns {
            bits: self.bits | bit,
            len: self.len.saturating_add(1),
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

#[derive(Clone, Copy, Debug)]
pub(super) struct Step {
    pub(super) from: State,
    pub(super) variant: usize,
    pub(super) turns: Turns,
    /// The page was ended before this block (left short).
    pub(super) early: bool,
    pub(super) cost: f64,
}

/// One way to set a block from a state.
#[derive(Clone, Copy, Debug)]
pub(super) struct Placement {
    pub(super) variant: usize,
    pub(super) turns: Turns,
    pub(super) end: State,
    pub(super) cost: f64,
}

/// The slot of `state` in the dense index.
fn key(state: &State, full: usize) -> usize {
    if state.pending > 0 {
        // Rare (a figure waiting): outside the dense space, found by search.
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
    full: usize,
    state: State,
    step: Step,
) {
    let k = key(&state, full);
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
