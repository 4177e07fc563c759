//! The search: the cheapest way through every block boundary, over all page states.

use std::collections::HashMap;

use super::foot::{end_page, NoteAt, NOTE_MOVED};
use super::place::place;
use super::rebuild::rebuild;
use super::state::{relax, Back, Placement, State, Step, Trail, Turns, NO_TRAIL};
use super::{
    Block, Layout, Params, FLOAT_PAST_END, HEADING_LAST, LONELY_LAST, SHORT_LINE, SINK_MOVED,
    SPACE_LAST,
};

/// Lays out `blocks` on the grid of `params`.
pub fn paginate(blocks: &[Block], params: &Params) -> Layout {
    paginate_notes(blocks, &[], params)
}

/// Lays out `blocks` on the grid of `params` with notes at the page foot:
/// `notes[i][v]` are the notes first referenced in setting `v` of block
/// `i`, by line (missing or empty: none).
pub fn paginate_notes(blocks: &[Block], notes: &[Vec<Vec<NoteAt>>], params: &Params) -> Layout {
    paginate_notes_kept(blocks, notes, &[], params)
}

/// [`paginate_notes`], `keeps[n]` listing the lines of note `n` a page
/// must not end after (a callout's title, kept with its first line).
pub fn paginate_notes_kept(
    blocks: &[Block],
    notes: &[Vec<Vec<NoteAt>>],
    keeps: &[Vec<usize>],
    params: &Params,
) -> Layout {
    let full = params.full.max(1);
    let first = params.first_page.clamp(1, full);
    let slack = params.first_page_slack;
    // The first page's candidates, the nominal one first (ties keep it).
    let mut firsts = vec![first];
    for d in 1..=slack {
        for c in [first.checked_sub(d), Some(first + d)]
            .into_iter()
            .flatten()
        {
            if (1..=full).contains(&c) && !firsts.contains(&c) {
                firsts.push(c);
            }
        }
    }
    // The cheapest way to each state at the boundary before the block
    // being placed; `backs[i]`: how each state at boundary i was reached
    // (kept for the rebuild; boundary 0 has none).
    let mut frontier: Vec<(State, Step)> = firsts
        .iter()
        .map(|&cap| {
            let s = State::page(0, cap, params.first_recto, false);
            (
                s,
                Step {
                    back: Back {
                        from: 0,
                        variant: 0,
                        turns: Turns::default(),
                        early: false,
                        trail: NO_TRAIL,
                    },
                    // The opening's sink moved: only to spare a fault.
                    cost: if cap == first { 0.0 } else { SINK_MOVED },
                },
            )
        })
        .collect();
    let starts: Vec<State> = frontier.iter().map(|(s, _)| *s).collect();
    let mut backs: Vec<Vec<Back>> = Vec::with_capacity(blocks.len() + 1);
    backs.push(Vec::new());
    // Dense index of the states reached at the next boundary, so keeping
    // the cheapest way to each is a lookup, not a search.
    let mut index = vec![usize::MAX; (full + 2) * 12];
    let mut others: HashMap<State, usize> = HashMap::new();
    let mut placements: Vec<Placement> = Vec::new();
    let mut stack = Vec::new();
    let mut trail: Trail = Vec::new();
    let foot = params.foot.as_ref();
    let mut tried = 0;
    for (i, block) in blocks.iter().enumerate() {
        let mut next: Vec<(State, Step)> = Vec::with_capacity(frontier.len() * 2);
        index.iter_mut().for_each(|x| *x = usize::MAX);
        others.clear();
        let block_notes: &[Vec<NoteAt>] = notes.get(i).map_or(&[], Vec::as_slice);
        let prev_keep = i > 0 && matches!(blocks[i - 1], Block::Keep { .. });
        let prev_space = i > 0 && matches!(blocks[i - 1], Block::Space { .. });
        let prev_float = i > 0 && matches!(blocks[i - 1], Block::Float { .. });
        for (from, &(state, step)) in frontier.iter().enumerate() {
            // Either continue on this page, or (when the page has
            // something on it) end it here, short (its notes set or carried).
            let end = end_page(&state, foot);
            let mut fault = end.cost;
            if prev_keep {
                fault += HEADING_LAST;
            }
            if prev_space {
                fault += SPACE_LAST;
            }
            let caps = next_caps(&state, params);
            // A page of notes alone (a long note's continuation) may
            // end with no body on it.
            let early_starts = if state.used > 0 || state.notes > 0 {
                caps.len()
            } else {
                0
            };
            for start in 0..=early_starts {
                let (s0, turns0, early, extra) = if start == 0 {
                    (state, Turns::default(), false, 0.0)
                } else {
                    let short = caps[start - 1];
                    let cap = if short { full - 1 } else { full };
                    (
                        state.turn(cap, full, end.carry, foot),
                        Turns::default().push(short),
                        true,
                        fault,
                    )
                };
                placements.clear();
                place(
                    block,
                    prev_float,
                    block_notes,
                    s0,
                    params,
                    full,
                    &mut placements,
                    &mut stack,
                    &mut trail,
                );
                tried += placements.len();
                for p in &placements {
                    relax(
                        &mut next,
                        &mut index,
                        &mut others,
                        full,
                        p.end,
                        Step {
                            back: Back {
                                from: from as u32,
                                variant: p.variant as u32,
                                turns: turns0.append(p.turns),
                                early,
                                trail: p.trail,
                            },
                            cost: step.cost + extra + p.cost,
                        },
                    );
                }
            }
        }
        backs.push(next.iter().map(|(_, step)| step.back).collect());
        frontier = next;
    }
    // The section's end: its last page may be short, but one lonely line
    // is poor, and notes left over for pages of their own poorer still.
    let (end, cost) = frontier
        .iter()
        .enumerate()
        .map(|(k, (s, step))| {
            // Fewer than four lines on a section's last page read as a
            // scrap left over (see `LONELY_LAST`).
            let lonely = match s.used {
                1 => LONELY_LAST,
                2 => LONELY_LAST * 0.3,
                3 => LONELY_LAST * 0.1,
                _ => 0.0,
            };
            let over = match foot {
                Some(f) if s.notes > f.room(s.used, s.cap) => NOTE_MOVED / 10.0,
                _ => 0.0,
            };
            // Figures still waiting get pages of their own after this
            // one, which is then not the last: its room is a short page's,
            // as is the room a page of waiting figures leaves when more
            // run on after it.
            let mut waiting = 0.0;
            if s.pending > 0 {
                waiting += end_page(s, foot).cost + FLOAT_PAST_END;
            }
            if s.later > 0 {
                waiting += SHORT_LINE * full.saturating_sub(s.pending) as f64;
            }
            (k, step.cost, step.cost + lonely + over + waiting)
        })
        .fold(None::<(usize, f64, f64)>, |best, (k, cost, c)| match best {
            Some((_, _, bc)) if bc <= c => best,
            _ => Some((k, cost, c)),
        })
        .map(|(k, cost, _)| (k, cost))
        .expect("the first boundary always has a state");
    let mut layout = rebuild(
        blocks, notes, keeps, params, &starts, &backs, end, cost, &trail, full,
    );
    layout.states = backs.iter().map(Vec::len).sum();
    layout.tried = tried;
    layout
}

/// Whether the page after `state`'s page may be full (`false`) or short
/// (`true`).
pub(super) fn next_caps(state: &State, params: &Params) -> &'static [bool] {
    const BOTH: [bool; 2] = [false, true];
    const FULL: [bool; 1] = [false];
    const SHORT: [bool; 1] = [true];
    // Figures waiting for the next page, with the notes their captions
    // bring to its foot: more than a short page holds, and it is full.
    let waiting = state.pending
        + params
            .foot
            .as_ref()
            .map_or(0, |f| f.body_lines(state.float_need));
    if state.recto {
        // The next page is a verso: it opens a spread, full or short.
        if params.short_spreads && params.full > 2 && waiting < params.full {
            &BOTH
        } else {
            &FULL
        }
    } else if state.short {
        // A short verso: its recto is short too (a balanced spread).
        &SHORT
    } else {
        &FULL
    }
}

/// Cost of opening a page of capacity `cap` after `s`'s page.
pub(super) fn spread_cost(s: &State, cap: usize, params: &Params, full: usize) -> f64 {
    if s.recto && cap < full {
        params.short_spread_cost
    } else {
        0.0
    }
}
