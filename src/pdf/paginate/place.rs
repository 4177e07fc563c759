//! Every way to set one block from a page state: where each block kind's rules (splits, keeps, faults, the notes a line brings to the foot) live.

use std::collections::HashMap;

use super::dp::{next_caps, spread_cost};
use super::foot::{add_refs, end_page, moved, NoteAt, NOTE_MOVED};
use super::state::{Placement, State, Trail, Turns, NO_TRAIL};
use super::{
    Block, Params, Variant, FLOAT_DEFERRED, FLOAT_FAR, FLOAT_INTRODUCED, FLOAT_SHRUNK,
    HEADING_LAST, HYPHEN_LAST, ORPHAN, SHORT_LINE, SPACE_LAST, WIDOW,
};

/// A paragraph's walk in progress: the next line, the page state, the
/// turns so far, the cost so far and the trail of turns.
pub(super) type Walk = (usize, State, Turns, f64, u32);

/// Every way to set `block` from `s`, into `out`. `notes[v]` are the
/// notes first referenced in setting `v` (empty: none); `after_float`:
/// the block before is a figure.
#[allow(clippy::too_many_arguments)]
// One caller (`dp::paginate_notes`), in its innermost loop: inlined there,
// as the compiler did until unrelated code moved the codegen units (a
// call cost 43 M instructions, 1.2 %, on the 10-chapter book).
#[inline]
pub(super) fn place(
    block: &Block,
    after_float: bool,
    notes: &[Vec<NoteAt>],
    s: State,
    params: &Params,
    full: usize,
    out: &mut Vec<Placement>,
    stack: &mut Vec<Walk>,
    trail: &mut Trail,
) {
    let foot = params.foot.as_ref();
    // A page filled by an unsplittable block: turn to each possible next
    // page, the notes pending set or carried.
    let fill_up = |s: &State, cost: f64, out: &mut Vec<Placement>| {
        let end = end_page(s, foot);
        for &short in next_caps(s, params) {
            let cap = if short { full - 1 } else { full };
            out.push(Placement {
                variant: 0,
                turns: Turns::default().push(short),
                end: s.turn(cap, full, end.carry, foot),
                cost: cost + end.cost + spread_cost(s, cap, params, full),
                trail: NO_TRAIL,
            });
        }
    };
    // An unsplittable block set: it fills the page (turn, at
    // `cost_if_full`) or leaves room on it.
    let place_or_fill = |s: &State, cost_if_full: f64, out: &mut Vec<Placement>| {
        if s.room(foot) == 0 {
            fill_up(s, cost_if_full, out);
        } else {
            out.push(Placement {
                variant: 0,
                turns: Turns::default(),
                end: *s,
                cost: 0.0,
                trail: NO_TRAIL,
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
                    trail: NO_TRAIL,
                });
                return;
            }
            // A page already full (figures waiting filled it) drops the
            // space at its foot: nothing is set, nothing looks short.
            let n = (*lines).min(s.room(foot));
            let cost = if n > 0 { SPACE_LAST } else { 0.0 };
            let end = State {
                used: s.used + n,
                ..s
            };
            place_or_fill(&end, cost, out);
        }
        Block::Keep {
            lines,
            space_before,
        } => {
            let before = if s.used == 0 { 0 } else { *space_before };
            let refs: &[NoteAt] = notes.first().map_or(&[], Vec::as_slice);
            let (pending, need) = add_refs(s.notes, s.need, refs);
            let end = State {
                used: s.used + before + lines,
                notes: pending,
                need,
                turned: 0,
                ..s
            };
            let fits = match foot {
                Some(f) => end.used <= s.cap && need <= f.room(end.used, s.cap),
                None => end.used <= s.cap,
            };
            if !fits {
                if s.used == 0 {
                    // Taller than a page with its notes (a degenerate
                    // input): it overflows its page, which is then full.
                    let room = foot.map_or(0, |f| f.room(end.used.min(s.cap), s.cap));
                    let lost = moved(s.notes, room, refs) as f64 * NOTE_MOVED;
                    let end = State {
                        used: end.used.min(s.cap),
                        need: need.min(room),
                        ..end
                    };
                    fill_up(&end, HEADING_LAST + lost, out);
                }
                // Otherwise only an early page break (the caller's other
                // start) can place it.
                return;
            }
            place_or_fill(&end, HEADING_LAST, out);
        }
        Block::Rows {
            units,
            head_lines,
            continued,
            space_before,
            space_after,
            ..
        } => {
            // Each row brings the notes first referenced in it to the
            // foot of its own page, as a paragraph's line does.
            let refs: &[NoteAt] = notes.first().map_or(&[], Vec::as_slice);
            let before = if s.used == 0 { 0 } else { *space_before };
            let first = units.first().copied().unwrap_or(0);
            let (_, need) = add_refs(s.notes, s.need, unit_refs(refs, 0, first));
            if s.used > 0 && before + first > (State { need, ..s }).room(foot) {
                // Only an early page break (the caller's other start) can place it.
                return;
            }
            let mut st = State {
                used: s.used + before,
                turned: 0,
                ..s
            };
            let mut turns = Turns::default();
            let mut cost = 0.0;
            let mut line = 0;
            for (u, &n) in units.iter().enumerate() {
                let here = unit_refs(refs, line, n);
                let (mut notes_after, mut need) = add_refs(st.notes, st.need, here);
                // A page break between rows: the page ends short by what
                // the row could not use; the next repeats the header. When
                // figures waiting and their notes fill that page, the row
                // goes on to the one after.
                let mut tries = 0;
                while u > 0 && tries < 2 && n > (State { need, ..st }).room(foot) {
                    tries += 1;
                    cost += SHORT_LINE * st.room(foot) as f64;
                    let short = next_caps(&st, params)[0];
                    let cap = if short { full - 1 } else { full };
                    let end = end_page(&st, foot);
                    cost += end.cost + spread_cost(&st, cap, params, full);
                    st = st.turn(cap, full, end.carry, foot);
                    turns = turns.push(short);
                    (notes_after, need) = add_refs(st.notes, st.need, here);
                    let room = (State { need, ..st }).room(foot);
                    let (c, h) = repeated(*continued, *head_lines, n, room, tries == 2);
                    st.used = (st.used + c + h).min(st.cap);
                }
                if n > (State { need, ..st }).room(foot) {
                    // A row and its notes taller than a page (degenerate):
                    // the notes that cannot start here move on.
                    let room = foot.map_or(0, |f| f.room((st.used + n).min(st.cap), st.cap));
                    cost += moved(st.notes, room, here) as f64 * NOTE_MOVED;
                    need = st.need;
                }
                st.notes = notes_after;
                st.need = need;
                // A row taller than a page (degenerate) overflows its page.
                st.used += n.min(st.room(foot));
                st.turned = 0;
                line += n;
            }
            let end = State {
                used: st.used + (*space_after).min(st.room(foot)),
                ..st
            };
            if end.room(foot) == 0 {
                let fill = end_page(&end, foot);
                // As in a paragraph's walk: past the first few turns the
                // page after is full (`Turns` holds the first 64 short
                // ones; a 159-page table ending flush with a page offered
                // a short one at its 158th turn).
                let mut caps = next_caps(&end, params);
                if caps.len() > 1 && turns.len as usize >= BRANCHING_TURNS {
                    caps = &caps[..1];
                }
                for &short in caps {
                    let cap = if short { full - 1 } else { full };
                    out.push(Placement {
                        variant: 0,
                        turns: turns.push(short),
                        end: end.turn(cap, full, fill.carry, foot),
                        cost: cost + fill.cost + spread_cost(&end, cap, params, full),
                        trail: NO_TRAIL,
                    });
                }
            } else {
                out.push(Placement {
                    variant: 0,
                    turns,
                    end,
                    cost,
                    trail: NO_TRAIL,
                });
            }
        }
        Block::Float {
            lines,
            least,
            space_before,
            space_after,
            introduced,
        } => {
            // The notes first referenced in the caption go to the foot of
            // the page the figure is set on.
            let refs: &[NoteAt] = notes.first().map_or(&[], Vec::as_slice);
            // Under a figure (one set just before, or those heading a
            // page turned to) the figure's own space after is the gap:
            // one blank line between figures, as between those waiting.
            let before = if s.used == 0 || s.turned > 0 || after_float {
                0
            } else {
                *space_before
            };
            let (with_notes, need) = add_refs(s.notes, s.need, refs);
            let here = State {
                notes: with_notes,
                need,
                ..s
            };
            let fits = s.pending == 0 && before + lines <= here.room(foot);
            if fits {
                // Here, where the text refers to it (a trailing space
                // falls off the page's foot), or on the page after (the
                // text's last page ended before it): two pages after, a
                // last resort.
                let end = State {
                    used: (s.used + before + lines + space_after).min(s.used + here.room(foot)),
                    ..here
                };
                let from = out.len();
                place_or_fill(&end, 0.0, out);
                if s.turned > 1 {
                    out[from..].iter_mut().for_each(|p| p.cost += FLOAT_FAR);
                }
            } else if s.used == 0 && s.pending == 0 {
                // Taller than a page (flow never makes one): it overflows
                // its page, which is then full, its notes overleaf.
                let lost = moved(s.notes, 0, refs) as f64 * NOTE_MOVED;
                fill_up(
                    &State {
                        need: s.need,
                        ..here
                    },
                    lost,
                    out,
                );
            } else if s.used > 0 && s.pending == 0 {
                // Here, smaller: the largest size the room left holds, if
                // the figure may shrink that far. It fills the page.
                let room = here.room(foot).saturating_sub(before);
                if (*least..*lines).contains(&room) {
                    let end = State {
                        used: s.used + before + room,
                        ..here
                    };
                    let mut cost = FLOAT_SHRUNK * (lines - room) as f64 / *lines as f64;
                    if s.turned > 1 {
                        cost += FLOAT_FAR;
                    }
                    let from = out.len();
                    place_or_fill(&end, 0.0, out);
                    for p in &mut out[from..] {
                        p.variant = 3;
                        p.cost += cost;
                    }
                }
            }
            // Moving on leaves the lead-in that introduces the figure to
            // be followed by the text after it.
            let introduced_cost = if *introduced { FLOAT_INTRODUCED } else { 0.0 };
            // At the top of the next page, after any figure already
            // waiting there, while the text goes on here. The figures
            // waiting may fill that page (a page of figures is full, not
            // short); its capacity is known when this page is a short
            // verso (its recto is short too), and a recto turning with
            // more than a short page of figures waiting turns to a full
            // verso (`next_caps`).
            let pending = s.pending + lines + space_after;
            let (float_notes, float_need) = add_refs(s.float_notes, s.float_need, refs);
            let owed = foot.map_or(0, |f| f.body_lines(float_need));
            let limit = if !s.recto && s.short { full - 1 } else { full };
            // The last figure's space after falls off the page's foot,
            // unless notes are to be set there.
            let trailing = if owed > 0 { *space_after } else { 0 };
            let next_fits = s.later == 0 && s.pending + lines + trailing + owed <= limit;
            // A figure that fits here may wait when it follows text (to
            // dodge a widow, or to let the text fill the page), and one
            // under another figure only when it would leave two lines or
            // fewer below it: offered everywhere, the figures waiting
            // multiplied the states tenfold on runs of small figures.
            let leaves = here.room(foot).saturating_sub(before + lines + space_after);
            if s.used > 0 && next_fits && (!fits || leaves <= 2 || !after_float) {
                // On a page the text has not reached since it turned, the
                // figure was referred to on the page before: waiting for
                // the next puts it two pages on, a last resort.
                let cost = introduced_cost
                    + if s.turned > 0 {
                        FLOAT_FAR
                    } else if fits {
                        FLOAT_DEFERRED
                    } else {
                        0.0
                    };
                out.push(Placement {
                    variant: 1,
                    turns: Turns::default(),
                    end: State {
                        pending,
                        float_notes,
                        float_need,
                        ..s
                    },
                    cost,
                    trail: NO_TRAIL,
                });
            } else if s.used > 0 && s.turned == 0 && refs.is_empty() && s.pending > 0 {
                // The figures referred to on this page are more than the
                // next can hold: this one runs on to the page after (its
                // capacity unknown yet, so a short one's), the text going
                // on here. Two pages from its reference, but a page left
                // a third empty to keep it nearer is worse.
                let later = s.later + lines + space_after;
                if s.later + lines < full {
                    out.push(Placement {
                        variant: 2,
                        turns: Turns::default(),
                        end: State { later, ..s },
                        cost: FLOAT_FAR + introduced_cost,
                        trail: NO_TRAIL,
                    });
                }
            }
        }
        Block::Paragraph { variants } => {
            for (v, variant) in variants.iter().enumerate() {
                let refs: &[NoteAt] = notes.get(v).map_or(&[], Vec::as_slice);
                if refs.is_empty() && s.notes == 0 && s.float_notes == 0 {
                    walk_paragraph(variant, v, s, params, full, out, stack);
                } else {
                    walk_with_notes(variant, refs, v, s, params, full, out, stack, trail);
                }
            }
        }
    }
}

/// The notes of `refs` first referenced in the `n` lines from `line`.
fn unit_refs(refs: &[NoteAt], line: usize, n: usize) -> &[NoteAt] {
    let a = refs.partition_point(|r| r.line < line);
    let b = refs.partition_point(|r| r.line < line + n);
    &refs[a..b]
}

/// Page turns inside one paragraph at which a short spread may still be
/// chosen; later spreads of a very long paragraph are full.
const BRANCHING_TURNS: usize = 6;

/// The faults of a page ending after line `at` of a paragraph of `n`
/// lines (none when it ends at the paragraph's end).
fn break_fault(variant: &Variant, at: usize) -> f64 {
    let n = variant.lines();
    let mut fault = 0.0;
    // `at == 0`: the page ended before the paragraph (figures waiting
    // filled it), no break inside it.
    if at > 0 && at < n {
        if at == 1 {
            fault += ORPHAN;
        }
        if n - at == 1 {
            fault += WIDOW;
        }
        if at > 0 && variant.hyphenated[at - 1] {
            fault += HYPHEN_LAST;
        }
        fault += variant.splits.get(at - 1).copied().unwrap_or(0.0);
    }
    fault
}

/// Sets one paragraph variant from `s` (no notes pending or referenced),
/// branching on the capacity of each verso it reaches.
fn walk_paragraph(
    variant: &Variant,
    v: usize,
    s: State,
    params: &Params,
    full: usize,
    out: &mut Vec<Placement>,
    stack: &mut Vec<Walk>,
) {
    let n = variant.lines();
    if s.cap - s.used > n {
        // The whole paragraph fits on this page with room to spare, as
        // it does from most states: the walk's first step, without the
        // stack (1.3 M walks for ten chapters).
        out.push(Placement {
            variant: v,
            turns: Turns::default(),
            end: State {
                used: s.used + n,
                turned: if n > 0 { 0 } else { s.turned },
                ..s
            },
            cost: variant.cost,
            trail: NO_TRAIL,
        });
        return;
    }
    stack.clear();
    stack.push((0, s, Turns::default(), variant.cost, NO_TRAIL));
    while let Some((k, st, turns, cost, _)) = stack.pop() {
        let room = st.cap - st.used;
        if k + room > n {
            // The rest fits on this page with room to spare.
            out.push(Placement {
                variant: v,
                turns,
                end: State {
                    used: st.used + (n - k),
                    turned: if n > k { 0 } else { st.turned },
                    ..st
                },
                cost,
                trail: NO_TRAIL,
            });
            continue;
        }
        // The page fills at line `at` of the paragraph.
        let at = k + room;
        let fault = break_fault(variant, at);
        // Each spread the paragraph reaches may be full or short: past
        // the first few, only full, or a paragraph of many pages would
        // branch into 2^(spreads) ways (a 60-page paragraph never ended).
        let mut caps = next_caps(&st, params);
        if caps.len() > 1 && turns.len as usize >= BRANCHING_TURNS {
            caps = &caps[..1];
        }
        for &short in caps {
            let cap = if short { full - 1 } else { full };
            let next = st.turn(cap, full, 0, None);
            let t = turns.push(short);
            let c = cost + fault + spread_cost(&st, cap, params, full);
            if at == n {
                out.push(Placement {
                    variant: v,
                    turns: t,
                    end: next,
                    cost: c,
                    trail: NO_TRAIL,
                });
            } else {
                stack.push((at, next, t, c, NO_TRAIL));
            }
        }
    }
}

/// Sets one paragraph variant from `s` line by line, each line bringing
/// the notes it first references to its page's foot. A line goes on a
/// page only if the notes it starts get two lines there (and those
/// before them all theirs); a page ends where the next line does not fit,
/// or, by choice, before a line that would push notes overleaf. Each
/// page turn is recorded in `trail`, which the rebuild follows.
#[allow(clippy::too_many_arguments)]
fn walk_with_notes(
    variant: &Variant,
    refs: &[NoteAt],
    v: usize,
    s: State,
    params: &Params,
    full: usize,
    out: &mut Vec<Placement>,
    stack: &mut Vec<Walk>,
    trail: &mut Trail,
) {
    let foot = params.foot.as_ref();
    let Some(f) = foot else {
        // Notes without a foot are not placed: the plain walk.
        return walk_paragraph(variant, v, s, params, full, out, stack);
    };
    let n = variant.lines();
    let refs_of = |j: usize| {
        let a = refs.partition_point(|r| r.line < j);
        let b = refs.partition_point(|r| r.line <= j);
        &refs[a..b]
    };
    // Turns the page of `st` (ending before line `at`) to each next page.
    let turn = |st: &State,
                at: usize,
                turns: Turns,
                cost: f64,
                tr: u32,
                trail: &mut Trail,
                out: &mut Vec<Placement>,
                stack: &mut Vec<Walk>| {
        let end = end_page(st, foot);
        let fault = break_fault(variant, at);
        trail.push((tr, at));
        let tr = (trail.len() - 1) as u32;
        // As in the walk without notes: past the first few turns, every
        // spread is full.
        let mut caps = next_caps(st, params);
        if caps.len() > 1 && turns.len as usize >= BRANCHING_TURNS {
            caps = &caps[..1];
        }
        for &short in caps {
            let cap = if short { full - 1 } else { full };
            let next = st.turn(cap, full, end.carry, foot);
            let t = turns.push(short);
            let c = cost + end.cost + fault + spread_cost(st, cap, params, full);
            if at == n {
                out.push(Placement {
                    variant: v,
                    turns: t,
                    end: next,
                    cost: c,
                    trail: tr,
                });
            } else {
                stack.push((at, next, t, c, tr));
            }
        }
    };
    // The cheapest cost each page start (line, turns up to the branching
    // limit, state) was walked from. Everything after a page start
    // depends on that key alone, so a later way to the same start that
    // costs no less can only yield the same pages dearer: it is dropped.
    // (The stack is last in, first out, so the first way's pages were all
    // offered before: ties and results are as without the pruning.)
    // Without it, the alternative page ends of every page (a line or two
    // early, before a note, full or short) multiply: a paragraph of many
    // pages with notes never ended.
    let mut walked: HashMap<(usize, usize, State), f64> = HashMap::new();
    stack.clear();
    stack.push((0, s, Turns::default(), variant.cost, NO_TRAIL));
    while let Some((k, mut st, turns, mut cost, tr)) = stack.pop() {
        if turns.len > 0 {
            let key = (k, (turns.len as usize).min(BRANCHING_TURNS), st);
            match walked.get_mut(&key) {
                Some(best) if *best <= cost => continue,
                Some(best) => *best = cost,
                None => {
                    walked.insert(key, cost);
                }
            }
        }
        let mut j = k;
        let mut turned = false;
        // The states before the page's last two lines of this paragraph:
        // a page may end a line or two before it must (a short page, or
        // a gap above the notes) to spare a widow or orphan.
        let mut back: [Option<(State, f64)>; 2] = [None, None];
        let earlier = |back: &[Option<(State, f64)>; 2],
                       j: usize,
                       trail: &mut Trail,
                       out: &mut Vec<Placement>,
                       stack: &mut Vec<Walk>| {
            if break_fault(variant, j) < WIDOW {
                return;
            }
            for (b, entry) in back.iter().enumerate() {
                if let Some((bst, bcost)) = entry {
                    let at = j - 1 - b;
                    if at > k && bst.used > 0 {
                        turn(bst, at, turns, *bcost, tr, trail, out, stack);
                    }
                }
            }
        };
        while j < n {
            if st.room(foot) == 0 && st.used > 0 {
                // Figures waiting filled the page it turned to: the
                // paragraph starts on the next.
                turn(&st, j, turns, cost, tr, trail, out, stack);
                turned = true;
                break;
            }
            let here = refs_of(j);
            let (pending, need) = add_refs(st.notes, st.need, here);
            let fits = need <= f.room(st.used + 1, st.cap);
            if !fits && st.used > 0 {
                // The page ends before this line (or a line or two
                // earlier).
                turn(&st, j, turns, cost, tr, trail, out, stack);
                earlier(&back, j, trail, out, stack);
                turned = true;
                break;
            }
            if !fits && st.notes > 0 && f.room(0, st.cap) > 0 {
                // An empty page whose notes carried over leave this line
                // no room: one way is a page of those notes alone.
                turn(&st, j, turns, cost, tr, trail, out, stack);
            }
            if fits
                && !here.is_empty()
                && st.used > 0
                && j > 0
                && pending > f.room(st.used + 1, st.cap)
            {
                // This line's notes would run overleaf: ending the page
                // before it is the other way. (A note continued from the
                // page before takes its share and no more: the body fills
                // the rest.)
                turn(&st, j, turns, cost, tr, trail, out, stack);
            }
            let mut next = State {
                used: st.used + 1,
                notes: pending,
                need,
                turned: 0,
                ..st
            };
            if !fits {
                // An empty page and still no room: the line goes here
                // and the notes that cannot start here move overleaf.
                let room = f.room(1, st.cap);
                cost += moved(st.notes, room, here) as f64 * NOTE_MOVED;
                next.need = need.min(room);
            }
            back = [Some((st, cost)), back[0]];
            st = next;
            j += 1;
            if st.room(foot) == 0 {
                turn(&st, j, turns, cost, tr, trail, out, stack);
                earlier(&back, j, trail, out, stack);
                turned = true;
                break;
            }
        }
        if !turned {
            out.push(Placement {
                variant: v,
                turns,
                end: st,
                cost,
                trail: tr,
            });
        }
    }
}

/// What a table repeats above a row that opens a page it continues to:
/// `(continued, head)` lines of its `continued` caption lines and its
/// `head` header lines, as `room` (what the page holds beside the row's
/// notes) allows with the row's `row` lines: both, else the header
/// alone, else neither (the row goes first). `forced` (the row was
/// carried over a page already) repeats both, whatever they leave.
pub(super) fn repeated(
    continued: usize,
    head: usize,
    row: usize,
    room: usize,
    forced: bool,
) -> (usize, usize) {
    if forced || continued + head + row <= room {
        (continued, head)
    } else if head + row <= room {
        (0, head)
    } else {
        (0, 0)
    }
}
