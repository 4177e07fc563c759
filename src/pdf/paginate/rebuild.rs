//! Back from the programme's cheapest end state to the pages: slots, turns and the counts the report gives.

use super::check::check;
use super::state::{State, Step};
use super::{Block, Layout, PageFill, Params, Slot, Variant};

/// Adds `lines` lines of block `block` from its line `first` at the page's
/// next grid line, joining the previous slot when it continues it.
fn push_slot(page: &mut PageFill, block: usize, first: usize, lines: usize) {
    if lines == 0 {
        return;
    }
    match page.slots.last_mut() {
        Some(s)
            if s.block == block
                && s.first_line + s.lines == first
                && s.grid_line + s.lines == page.used =>
        {
            s.lines += lines;
        }
        _ => page.slots.push(Slot {
            block,
            first_line: first,
            lines,
            grid_line: page.used,
        }),
    }
    page.used += lines;
}

/// Follows the back pointers from `end` and lays the pages out.
pub(super) fn rebuild(
    blocks: &[Block],
    params: &Params,
    frontier: &[Vec<(State, Step)>],
    end: State,
    full: usize,
) -> Layout {
    let mut steps: Vec<Step> = Vec::with_capacity(blocks.len());
    let mut state = end;
    let mut cost = 0.0;
    for i in (1..=blocks.len()).rev() {
        let (_, step) = frontier[i]
            .iter()
            .find(|(s, _)| *s == state)
            .expect("back pointer to a reached state");
        if i == blocks.len() {
            cost = step.cost;
        }
        state = step.from;
        steps.push(*step);
    }
    steps.reverse();
    // `state` is now the section's start: its first page's capacity.
    let first = state.cap;

    let mut pages = vec![PageFill {
        capacity: first,
        used: 0,
        slots: Vec::new(),
    }];
    let mut recto = params.first_recto;
    let mut choice = Vec::with_capacity(blocks.len());
    let mut adjusted = 0;
    let mut short_spreads = 0;
    // Figures waiting for the top of the next page: (block, lines, space after).
    let mut pending: Vec<(usize, usize, usize)> = Vec::new();
    let mut turn_page = |pages: &mut Vec<PageFill>,
                         recto: &mut bool,
                         cap: usize,
                         pending: &mut Vec<(usize, usize, usize)>| {
        if *recto && cap < full {
            short_spreads += 1;
        }
        *recto = !*recto;
        let mut page = PageFill {
            capacity: cap,
            used: 0,
            slots: Vec::new(),
        };
        for (block, lines, after) in pending.drain(..) {
            let n = lines.min(cap.saturating_sub(page.used));
            page.slots.push(Slot {
                block,
                first_line: 0,
                lines: n,
                grid_line: page.used,
            });
            page.used = (page.used + n + after).min(cap);
        }
        pages.push(page);
    };
    for (i, (block, step)) in blocks.iter().zip(&steps).enumerate() {
        choice.push(step.variant);
        if step.variant > 0 {
            adjusted += 1;
        }
        let mut turns = (0..step.turns.len as usize).map(|t| step.turns.cap(t, full));
        if step.early {
            let cap = turns.next().expect("an early break records its page");
            turn_page(&mut pages, &mut recto, cap, &mut pending);
        }
        match block {
            Block::Space { lines } => {
                let page = pages.last_mut().expect("a page");
                if page.used > 0 {
                    let n = (*lines).min(page.capacity - page.used);
                    if n > 0 {
                        page.slots.push(Slot {
                            block: i,
                            first_line: 0,
                            lines: n,
                            grid_line: page.used,
                        });
                        page.used += n;
                    }
                }
                if page.used == page.capacity {
                    if let Some(cap) = turns.next() {
                        turn_page(&mut pages, &mut recto, cap, &mut pending);
                    }
                }
            }
            Block::Keep {
                lines,
                space_before,
            } => {
                let page = pages.last_mut().expect("a page");
                let before = if page.used == 0 { 0 } else { *space_before };
                let n = (*lines).min(page.capacity.saturating_sub(page.used + before));
                page.slots.push(Slot {
                    block: i,
                    first_line: 0,
                    lines: n,
                    grid_line: page.used + before,
                });
                page.used = (page.used + before + n).min(page.capacity);
                if page.used == page.capacity {
                    if let Some(cap) = turns.next() {
                        turn_page(&mut pages, &mut recto, cap, &mut pending);
                    }
                }
            }
            Block::Float {
                lines,
                space_before,
                space_after,
            } => {
                if step.variant == 1 {
                    pending.push((i, *lines, *space_after));
                } else {
                    let page = pages.last_mut().expect("a page");
                    let before = if page.used == 0 { 0 } else { *space_before };
                    let n = (*lines).min(page.capacity.saturating_sub(page.used + before));
                    page.slots.push(Slot {
                        block: i,
                        first_line: 0,
                        lines: n,
                        grid_line: page.used + before,
                    });
                    page.used = (page.used + before + n + space_after).min(page.capacity);
                    if page.used == page.capacity {
                        if let Some(cap) = turns.next() {
                            turn_page(&mut pages, &mut recto, cap, &mut pending);
                        }
                    }
                }
            }
            Block::Rows {
                units,
                head_first,
                head_lines,
                space_before,
                space_after,
            } => {
                let page = pages.last_mut().expect("a page");
                let before = if page.used == 0 { 0 } else { *space_before };
                page.used = (page.used + before).min(page.capacity);
                let mut line = 0;
                for (u, &n) in units.iter().enumerate() {
                    let page = pages.last_mut().expect("a page");
                    if u > 0 && page.used + n > page.capacity {
                        // As the search turned: its recorded turns, or
                        // (past what they hold) the rule it follows.
                        let fallback = if !recto && page.capacity < full {
                            full - 1
                        } else {
                            full
                        };
                        let cap = turns.next().unwrap_or(fallback);
                        turn_page(&mut pages, &mut recto, cap, &mut pending);
                        let page = pages.last_mut().expect("a page");
                        let h = (*head_lines).min(page.capacity - page.used);
                        push_slot(page, i, *head_first, h);
                    }
                    let page = pages.last_mut().expect("a page");
                    let take = n.min(page.capacity - page.used);
                    push_slot(page, i, line, take);
                    line += n;
                }
                let page = pages.last_mut().expect("a page");
                page.used = (page.used + space_after).min(page.capacity);
                if page.used == page.capacity {
                    let fallback = if !recto && page.capacity < full {
                        full - 1
                    } else {
                        full
                    };
                    let cap = turns.next().unwrap_or(fallback);
                    turn_page(&mut pages, &mut recto, cap, &mut pending);
                }
            }
            Block::Paragraph { variants } => {
                let n = variants.get(step.variant).map_or(0, Variant::lines);
                let mut k = 0;
                while k < n {
                    let page = pages.last_mut().expect("a page");
                    let take = (page.capacity - page.used).min(n - k);
                    page.slots.push(Slot {
                        block: i,
                        first_line: k,
                        lines: take,
                        grid_line: page.used,
                    });
                    page.used += take;
                    k += take;
                    if page.used == page.capacity {
                        if let Some(cap) = turns.next() {
                            turn_page(&mut pages, &mut recto, cap, &mut pending);
                        }
                    }
                }
            }
        }
    }
    // Figures still waiting when the section ends get a page of their own.
    if !pending.is_empty() {
        turn_page(&mut pages, &mut recto, full, &mut pending);
    }
    // A page turned at the very end holds nothing.
    if pages.len() > 1 && pages.last().is_some_and(|p| p.slots.is_empty()) {
        pages.pop();
    }
    let faults = check(blocks, &choice, &pages, full);
    Layout {
        choice,
        pages,
        faults,
        adjusted,
        short_spreads,
        cost,
        first_page: first,
    }
}
