//! Notes at the foot of the page: how much of the body grid they take, and what ending a page with notes pending costs.
//!
//! A page's notes sit on a grid of their own (a smaller leading) with their
//! last line on the text block's last baseline; above them a separation
//! (room for a short rule) parts them from the body. The body keeps its
//! grid, so `m` notes lines take [`Foot::body_lines`]`(m)` whole body
//! lines, the extra space going between body and notes.

use super::state::State;
use super::{ORPHAN, SHORT_LINE};

/// A note first referenced in a block: which line of a setting holds the
/// reference, which note (an index into the section's notes) and its
/// height in notes lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteAt {
    pub line: usize,
    pub note: usize,
    pub lines: usize,
}

/// The page-foot notes' measures, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Foot {
    pub body_leading: f32,
    pub notes_leading: f32,
    /// From the body's last baseline to the notes' first, at least.
    pub separation: f32,
}

/// A page with a body line less than it could hold above its notes: the
/// first such line is the notes' separation growing (cheap, no reader
/// counts it); more are a short page.
const GAP_LINE: f64 = 3.0e3;
/// A note continued on the next page.
const SPLIT_NOTE: f64 = 2.0e3;
/// Per note line carried over: prefer fewer.
const CARRY_LINE: f64 = 10.0;
/// A note continued by a single line.
const NOTE_WIDOW: f64 = 1.0e4;
/// A note that cannot start on the page of its reference.
pub(super) const NOTE_MOVED: f64 = 1.0e6;

impl Foot {
    /// Body grid lines taken by `m` notes lines and the separation.
    pub fn body_lines(&self, m: usize) -> usize {
        if m == 0 {
            return 0;
        }
        let height = (m - 1) as f32 * self.notes_leading + self.separation;
        (height / self.body_leading - 1.0e-4).ceil().max(1.0) as usize
    }

    /// The most notes lines a page of `cap` body lines holding `used`
    /// takes: what fits under the body, and never more than two thirds of
    /// the page (the body keeps a third, as TeX's `\dimen\footins` keeps
    /// a page from turning into notes).
    pub fn room(&self, used: usize, cap: usize) -> usize {
        self.fit(used, cap).min(self.fit(cap / 3, cap).max(1))
    }

    /// The most notes lines that fit under `used` body lines on a page of
    /// `cap` body lines.
    fn fit(&self, used: usize, cap: usize) -> usize {
        let free = cap.saturating_sub(used);
        if free == 0 {
            return 0;
        }
        let height = free as f32 * self.body_leading - self.separation;
        let mut m = if height < 0.0 {
            0
        } else {
            (height / self.notes_leading + 1.0e-4).floor() as usize + 1
        };
        while m > 0 && self.body_lines(m) > free {
            m -= 1;
        }
        while self.body_lines(m + 1) <= free {
            m += 1;
        }
        m
    }

    /// Notes lines a continued note may claim on a page of `cap` lines
    /// before the body gets its share.
    pub fn continued_max(&self, cap: usize) -> usize {
        self.room(0, cap)
    }
}

/// A page ended with `s`'s body and notes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct PageEnd {
    /// Notes lines set on the page.
    pub(super) placed: usize,
    /// Notes lines carried to the next page.
    pub(super) carry: usize,
    /// Body lines taken by the notes.
    pub(super) foot: usize,
    pub(super) cost: f64,
}

/// Ends the page of `s`: the pending notes fill what the body leaves, the
/// rest is carried over. Without notes, every missing line is a short
/// page's (`SHORT_LINE`).
pub(super) fn end_page(s: &State, foot: Option<&Foot>) -> PageEnd {
    let pending = s.notes;
    let Some(f) = foot.filter(|_| pending > 0) else {
        return PageEnd {
            placed: 0,
            carry: 0,
            foot: 0,
            cost: SHORT_LINE * s.cap.saturating_sub(s.used) as f64,
        };
    };
    let placed = pending.min(f.room(s.used, s.cap));
    let carry = pending - placed;
    let taken = f.body_lines(placed);
    let gap = s.cap.saturating_sub(s.used + taken);
    let mut cost = match gap {
        0 => 0.0,
        g if placed > 0 => GAP_LINE + SHORT_LINE * (g - 1) as f64,
        g => SHORT_LINE * g as f64,
    };
    if carry > 0 {
        cost += SPLIT_NOTE + CARRY_LINE * carry as f64;
        if carry == 1 {
            cost += NOTE_WIDOW;
        }
    }
    if placed == 0 {
        // Nothing of the pending notes fits: a page of body only, its
        // notes all overleaf.
        cost += ORPHAN;
    }
    PageEnd {
        placed,
        carry,
        foot: taken,
        cost,
    }
}

/// Whether a page of `cap` lines holding `used` body lines, `foot` of them
/// taken by notes, counts as short: a line of extra separation above the
/// notes does not.
pub(super) fn is_short(used: usize, foot: usize, cap: usize) -> bool {
    let gap = cap.saturating_sub(used + foot);
    gap > usize::from(foot > 0)
}

/// The pending notes after a line (or a keep) that first references
/// `refs`, from `notes` pending and `need` lines owed on the page: the
/// notes before the last must be set whole on this page, the last needs
/// two of its lines there (all, if it has fewer).
pub(super) fn add_refs(notes: usize, need: usize, refs: &[NoteAt]) -> (usize, usize) {
    let Some(last) = refs.last() else {
        return (notes, need);
    };
    let before: usize = refs[..refs.len() - 1].iter().map(|r| r.lines).sum();
    (
        notes + before + last.lines,
        notes + before + last.lines.min(2),
    )
}

/// How many of `refs`' notes cannot start on the page when only `room`
/// notes lines fit there, after `notes` pending lines.
pub(super) fn moved(notes: usize, room: usize, refs: &[NoteAt]) -> usize {
    let mut left = room.saturating_sub(notes);
    let mut moved = 0;
    for r in refs {
        if left >= r.lines.min(2) {
            left = left.saturating_sub(r.lines);
        } else {
            moved += 1;
            left = 0;
        }
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOOT: Foot = Foot {
        body_leading: 14.0,
        notes_leading: 12.0,
        separation: 18.0,
    };

    #[test]
    fn notes_lines_take_whole_body_lines() {
        assert_eq!(FOOT.body_lines(0), 0);
        // 18 pt: two body lines; each further notes line 12 pt.
        assert_eq!(FOOT.body_lines(1), 2);
        assert_eq!(FOOT.body_lines(2), 3);
        assert_eq!(FOOT.body_lines(3), 3);
        assert_eq!(FOOT.body_lines(8), 8);
        for free in 0..40 {
            let m = FOOT.fit(0, free);
            assert!(FOOT.body_lines(m) <= free);
            assert!(FOOT.body_lines(m + 1) > free);
            // Never more than two thirds of the page.
            assert!(FOOT.body_lines(FOOT.room(0, free)) <= free - free / 3);
        }
    }

    #[test]
    fn pending_notes_split_at_the_page_end() {
        let s = State {
            used: 20,
            cap: 29,
            recto: true,
            short: false,
            pending: 0,
            later: 0,
            turned: 0,
            float_notes: 0,
            float_need: 0,
            notes: 12,
            need: 2,
        };
        let end = end_page(&s, Some(&FOOT));
        assert_eq!(end.placed, FOOT.room(20, 29));
        assert_eq!(end.placed + end.carry, 12);
        assert_eq!(end.foot, 9);
        assert!(end.cost >= SPLIT_NOTE);
        // Everything fits: no cost, nothing carried.
        let whole = end_page(&State { notes: 3, ..s }, Some(&FOOT));
        assert_eq!((whole.placed, whole.carry), (3, 0));
        assert!(whole.cost > 0.0, "20 + 3 lines leave a gap");
        let full = end_page(
            &State {
                used: 26,
                notes: 3,
                ..s
            },
            Some(&FOOT),
        );
        assert_eq!((full.placed, full.carry, full.cost), (3, 0, 0.0));
    }

    #[test]
    fn a_new_note_needs_two_lines_and_the_ones_before_it_whole() {
        let refs = [
            NoteAt {
                line: 0,
                note: 0,
                lines: 3,
            },
            NoteAt {
                line: 0,
                note: 1,
                lines: 5,
            },
        ];
        assert_eq!(add_refs(1, 1, &refs), (9, 6));
        assert_eq!(moved(1, 6, &refs), 0);
        assert_eq!(moved(1, 5, &refs), 1);
        assert_eq!(moved(1, 2, &refs), 2);
    }
}
