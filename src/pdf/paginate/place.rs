//! Every way to set one block from a page state: where each block kind's rules (splits, keeps, faults) live.

use super::dp::{next_caps, spread_cost};
use super::state::{Placement, State, Turns};
use super::{
    Block, Params, Variant, FLOAT_DEFERRED, HEADING_LAST, HYPHEN_LAST, ORPHAN, SHORT_LINE,
    SPACE_LAST, WIDOW,
};

/// Every way to set `block` from `s`, into `out`.
pub(super) fn place(
    block: &Block,
    s: State,
    params: &Params,
    full: usize,
    out: &mut Vec<Placement>,
    stack: &mut Vec<(usize, State, Turns, f64)>,
) {
    // A page filled exactly by an unsplittable block: turn to each
    // possible next page.
    let fill_up = |s: &State, cost: f64, out: &mut Vec<Placement>| {
        for &short in next_caps(s, params) {
            let cap = if short { full - 1 } else { full };
            out.push(Placement {
                variant: 0,
                turns: Turns::default().push(short),
                end: s.turn(cap, full),
                cost: cost + spread_cost(s, cap, params, full),
            });
        }
    };
    // An unsplittable block ending at `used`: it fills the page exactly
    // (turn, at `cost_if_full`) or leaves room on it.
    let place_or_fill = |s: &State, used: usize, cost_if_full: f64, out: &mut Vec<Placement>| {
        if used == s.cap {
            fill_up(s, cost_if_full, out);
        } else {
            out.push(Placement {
                variant: 0,
                turns: Turns::default(),
                end: State { used, ..*s },
                cost: 0.0,
            });
        }
    };
    match block {
        Block::Space { lines } => {
            if s.used == 0 {
                out.push(Placement {
                    variant: 0,
                    turns: Turns::default(),
                    end: s,
                    cost: 0.0,
                });
                return;
            }
            let n = (*lines).min(s.cap - s.used);
            let cost = if *lines > 0 { SPACE_LAST } else { 0.0 };
            place_or_fill(&s, s.used + n, cost, out);
        }
        Block::Keep {
            lines,
            space_before,
        } => {
            let before = if s.used == 0 { 0 } else { *space_before };
            let need = before + lines;
            if s.used + need > s.cap {
                if s.used == 0 {
                    // Taller than a page (a degenerate input): it overflows
                    // its page, which is then full.
                    fill_up(&s, HEADING_LAST, out);
                }
                // Otherwise only an early page break (the caller's other
                // start) can place it.
                return;
            }
            place_or_fill(&s, s.used + need, HEADING_LAST, out);
        }
        Block::Paragraph { variants } => {
            for (v, variant) in variants.iter().enumerate() {
                walk_paragraph(variant, v, s, params, full, out, stack);
            }
        }
        Block::Rows {
            units,
            head_lines,
            space_before,
            space_after,
            ..
        } => {
            let before = if s.used == 0 { 0 } else { *space_before };
            let first = units.first().copied().unwrap_or(0);
            if s.used > 0 && s.used + before + first > s.cap {
                // Only an early page break (the caller's other start) can place it.
                return;
            }
            let mut st = State {
                used: s.used + before,
                ..s
            };
            let mut turns = Turns::default();
            let mut cost = 0.0;
            for (u, &n) in units.iter().enumerate() {
                if u > 0 && st.used + n > st.cap {
                    // A page break between rows: the page ends short by
                    // what the row could not use; the next repeats the header.
                    cost += SHORT_LINE * (st.cap - st.used) as f64;
                    let short = next_caps(&st, params)[0];
                    let cap = if short { full - 1 } else { full };
                    cost += spread_cost(&st, cap, params, full);
                    st = st.turn(cap, full);
                    st.used = (st.used + head_lines).min(st.cap);
                    turns = turns.push(short);
                }
                // A row taller than a page (degenerate) overflows its page.
                st.used = (st.used + n).min(st.cap);
            }
            let used = (st.used + space_after).min(st.cap);
            if used == st.cap {
                for &short in next_caps(&st, params) {
                    let cap = if short { full - 1 } else { full };
                    out.push(Placement {
                        variant: 0,
                        turns: turns.push(short),
                        end: st.turn(cap, full),
                        cost: cost + spread_cost(&st, cap, params, full),
                    });
                }
            } else {
                out.push(Placement {
                    variant: 0,
                    turns,
                    end: State { used, ..st },
                    cost,
                });
            }
        }
        Block::Float {
            lines,
            space_before,
            space_after,
        } => {
            let before = if s.used == 0 { 0 } else { *space_before };
            let fits = s.pending == 0 && s.used + before + lines <= s.cap;
            if fits {
                // Here, where the text refers to it (a trailing space
                // falls off the page's foot).
                place_or_fill(
                    &s,
                    (s.used + before + lines + space_after).min(s.cap),
                    0.0,
                    out,
                );
            } else if s.used == 0 && s.pending == 0 {
                // Taller than a page (flow never makes one): it overflows
                // its page, which is then full.
                fill_up(&s, 0.0, out);
            }
            // At the top of the next page, after any figure already
            // waiting there, while the text goes on here. At least one
            // line of that page (even a short one) is left for the text.
            let pending = s.pending + lines + space_after;
            if s.used > 0 && pending + 2 <= full {
                out.push(Placement {
                    variant: 1,
                    turns: Turns::default(),
                    end: State { pending, ..s },
                    cost: if fits { FLOAT_DEFERRED } else { 0.0 },
                });
            }
        }
    }
}

/// Sets one paragraph variant from `s`, branching on the capacity of each
/// verso it reaches.
fn walk_paragraph(
    variant: &Variant,
    v: usize,
    s: State,
    params: &Params,
    full: usize,
    out: &mut Vec<Placement>,
    stack: &mut Vec<(usize, State, Turns, f64)>,
) {
    let n = variant.lines();
    stack.clear();
    stack.push((0, s, Turns::default(), variant.cost));
    while let Some((k, st, turns, cost)) = stack.pop() {
        let room = st.cap - st.used;
        if k + room > n {
            // The rest fits on this page with room to spare.
            out.push(Placement {
                variant: v,
                turns,
                end: State {
                    used: st.used + (n - k),
                    ..st
                },
                cost,
            });
            continue;
        }
        // The page fills at line `at` of the paragraph.
        let at = k + room;
        let mut fault = 0.0;
        if at < n {
            if at == 1 {
                fault += ORPHAN;
            }
            if n - at == 1 {
                fault += WIDOW;
            }
            if variant.hyphenated[at - 1] {
                fault += HYPHEN_LAST;
            }
        }
        for &short in next_caps(&st, params) {
            let cap = if short { full - 1 } else { full };
            let next = st.turn(cap, full);
            let t = turns.push(short);
            let c = cost + fault + spread_cost(&st, cap, params, full);
            if at == n {
                out.push(Placement {
                    variant: v,
                    turns: t,
                    end: next,
                    cost: c,
                });
            } else {
                stack.push((at, next, t, c));
            }
        }
    }
}
