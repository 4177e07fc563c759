//! Pagination: distributes a section's blocks over pages of a fixed baseline grid.
//!
//! Every page holds the same number of grid lines; the one freedom besides
//! choosing page breaks is a *balanced short spread* (a verso and its recto
//! both one line short). Widows, orphans, a heading last on a page and a
//! page ending in a hyphenated line are avoided by choosing among each
//! paragraph's alternative settings (TeX's `\looseness`: the best breaking,
//! one line fewer, one line more), never by stretching the space between
//! lines. The choice is a dynamic programme over block boundaries whose
//! state is (lines used on the current page, its capacity, its side), so
//! the cheapest combination over the whole section is found, not a greedy
//! one. Faults stay possible only as very expensive last resorts, and each
//! one left is counted in [`Layout::faults`].
//!
//! The input is abstract (line counts and hyphen flags), so this stage is
//! pure and property-tested without fonts.

/// One alternative setting of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Extra cost of choosing this setting (0 for the paragraph's best).
    pub cost: f64,
    /// One entry per line: whether it ends inside a word at a hyphen
    /// (added by hyphenation, or the word's own), which no page may end with.
    pub hyphenated: Vec<bool>,
}

impl Variant {
    pub fn lines(&self) -> usize {
        self.hyphenated.len()
    }
}

/// A unit of a section's flow.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph in one or more settings (the first is the preferred);
    /// breaks inside follow the widow, orphan and hyphen rules.
    Paragraph { variants: Vec<Variant> },
    /// A heading: `lines` grid lines that never split, after
    /// `space_before` blank lines (dropped at the head of a page), kept on
    /// the page of what follows.
    Keep { lines: usize, space_before: usize },
    /// Blank grid lines: dropped at the head of a page, and never the last
    /// thing on a page (that would look like a short page).
    Space { lines: usize },
}

/// The page grid of a section.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Lines on a full page.
    pub full: usize,
    /// Lines available on the section's first page (a chapter opening
    /// sets its title above them).
    pub first_page: usize,
    /// Whether the first page is a recto (odd, right-hand) page.
    pub first_recto: bool,
    /// Whether balanced short spreads are allowed.
    pub short_spreads: bool,
    /// Cost of one balanced short spread.
    pub short_spread_cost: f64,
    /// The first page may hold this many lines more or fewer than
    /// `first_page` (a chapter opening's sink moves by a line).
    pub first_page_slack: usize,
}

impl Params {
    pub fn new(full: usize, first_page: usize, first_recto: bool) -> Params {
        Params {
            full,
            first_page,
            first_recto,
            short_spreads: true,
            short_spread_cost: 6000.0,
            first_page_slack: 0,
        }
    }
}

/// Costs of the faults the layout avoids; high enough that any variant or
/// short spread is preferred, ordered by how bad a proofreader finds them.
const WIDOW: f64 = 1.0e6;
const ORPHAN: f64 = 1.0e6;
const HEADING_LAST: f64 = 1.0e7;
const HYPHEN_LAST: f64 = 2.0e5;
const SPACE_LAST: f64 = 1.0e5;
/// Per missing line of a page left short to dodge a fault (not a
/// balanced spread): still cheaper than a widow.
const SHORT_LINE: f64 = 5.0e4;
/// A section ending with one line on its last page.
const LONELY_LAST: f64 = 1.0e3;

/// Where a piece of a block sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub block: usize,
    /// Range of the block's lines on this page (for `Keep` and `Space`,
    /// the lines actually set, without a dropped `space_before`).
    pub first_line: usize,
    pub lines: usize,
    /// Grid line (0-based from the top of the page's text area) of the
    /// slot's first line.
    pub grid_line: usize,
}

/// One page of the section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFill {
    /// Lines this page may hold (`full`, `full - 1` in a short spread, or
    /// `first_page`).
    pub capacity: usize,
    /// Lines used.
    pub used: usize,
    pub slots: Vec<Slot>,
}

/// Faults that could not be avoided (all zero in a good layout).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Faults {
    pub widows: usize,
    pub orphans: usize,
    pub headings_last: usize,
    pub hyphens_last: usize,
    /// Pages other than the section's last that hold fewer lines than
    /// their capacity.
    pub short_pages: usize,
}

/// The section laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Chosen variant per block (0 for `Keep` and `Space`).
    pub choice: Vec<usize>,
    pub pages: Vec<PageFill>,
    pub faults: Faults,
    /// Paragraphs set other than at their best (to avoid a fault).
    pub adjusted: usize,
    /// Balanced short spreads used.
    pub short_spreads: usize,
    pub cost: f64,
    /// Lines the first page was given (within `first_page ± first_page_slack`).
    pub first_page: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct State {
    used: usize,
    cap: usize,
    recto: bool,
    /// This page belongs to a balanced short spread.
    short: bool,
}

impl State {
    /// The page after this one, with capacity `cap`.
    fn turn(&self, cap: usize, full: usize) -> State {
        State {
            used: 0,
            cap,
            recto: !self.recto,
            short: cap < full,
        }
    }
}

/// The capacities of the pages a step turns to, one bit per turn (set:
/// the short capacity `full - 1`). Turned-to pages are always full or
/// short; only a section's first page differs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Turns {
    bits: u64,
    len: u8,
}

impl Turns {
    fn push(self, short: bool) -> Turns {
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

    fn cap(&self, i: usize, full: usize) -> usize {
        if i < 64 && (self.bits >> i) & 1 == 1 {
            full - 1
        } else {
            full
        }
    }

    fn append(self, other: Turns) -> Turns {
        let mut t = self;
        for i in 0..other.len as usize {
            t = t.push(i < 64 && (other.bits >> i) & 1 == 1);
        }
        t
    }
}

#[derive(Clone, Copy, Debug)]
struct Step {
    from: State,
    variant: usize,
    turns: Turns,
    /// The page was ended before this block (left short).
    early: bool,
    cost: f64,
}

/// One way to set a block from a state.
#[derive(Clone, Copy, Debug)]
struct Placement {
    variant: usize,
    turns: Turns,
    end: State,
    cost: f64,
}

/// Lays out `blocks` on the grid of `params`.
pub fn paginate(blocks: &[Block], params: &Params) -> Layout {
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
    // frontier[i]: the cheapest way to each state at the boundary before block i.
    let mut frontier: Vec<Vec<(State, Step)>> = Vec::with_capacity(blocks.len() + 1);
    frontier.push(
        firsts
            .iter()
            .map(|&cap| {
                let s = State {
                    used: 0,
                    cap,
                    recto: params.first_recto,
                    short: false,
                };
                (
                    s,
                    Step {
                        from: s,
                        variant: 0,
                        turns: Turns::default(),
                        early: false,
                        cost: 0.0,
                    },
                )
            })
            .collect(),
    );
    // Dense index of the states reached at the next boundary, so keeping
    // the cheapest way to each is a lookup, not a search.
    let mut index = vec![usize::MAX; (full + 2) * 12];
    let mut placements: Vec<Placement> = Vec::new();
    let mut stack: Vec<(usize, State, Turns, f64)> = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let mut next: Vec<(State, Step)> = Vec::with_capacity(frontier[i].len() * 2);
        index.iter_mut().for_each(|x| *x = usize::MAX);
        let prev_keep = i > 0 && matches!(blocks[i - 1], Block::Keep { .. });
        let prev_space = i > 0 && matches!(blocks[i - 1], Block::Space { .. });
        for &(state, step) in &frontier[i] {
            // Either continue on this page, or (when the page has
            // something on it) end it here, short.
            let mut fault = SHORT_LINE * (state.cap - state.used) as f64;
            if prev_keep {
                fault += HEADING_LAST;
            }
            if prev_space {
                fault += SPACE_LAST;
            }
            let caps = next_caps(&state, params);
            let early_starts = if state.used > 0 { caps.len() } else { 0 };
            for start in 0..=early_starts {
                let (s0, turns0, early, extra) = if start == 0 {
                    (state, Turns::default(), false, 0.0)
                } else {
                    let short = caps[start - 1];
                    let cap = if short { full - 1 } else { full };
                    (
                        state.turn(cap, full),
                        Turns::default().push(short),
                        true,
                        fault,
                    )
                };
                placements.clear();
                place(block, s0, params, full, &mut placements, &mut stack);
                for p in &placements {
                    relax(
                        &mut next,
                        &mut index,
                        full,
                        p.end,
                        Step {
                            from: state,
                            variant: p.variant,
                            turns: turns0.append(p.turns),
                            early,
                            cost: step.cost + extra + p.cost,
                        },
                    );
                }
            }
        }
        frontier.push(next);
    }
    // The section's end: its last page may be short, but one lonely line is poor.
    let (end, _) = frontier[blocks.len()]
        .iter()
        .map(|(s, step)| {
            let lonely = if s.used == 1 { LONELY_LAST } else { 0.0 };
            (*s, step.cost + lonely)
        })
        .fold(None::<(State, f64)>, |best, (s, c)| match best {
            Some((_, bc)) if bc <= c => best,
            _ => Some((s, c)),
        })
        .expect("the first boundary always has a state");
    rebuild(blocks, params, &frontier, end, full)
}

/// The slot of `state` in the dense index.
fn key(state: &State, full: usize) -> usize {
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
fn relax(
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

/// Whether the page after `state`'s page may be full (`false`) or short
/// (`true`).
fn next_caps(state: &State, params: &Params) -> &'static [bool] {
    const BOTH: [bool; 2] = [false, true];
    const FULL: [bool; 1] = [false];
    const SHORT: [bool; 1] = [true];
    if state.recto {
        // The next page is a verso: it opens a spread, full or short.
        if params.short_spreads && params.full > 2 {
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

/// Every way to set `block` from `s`, into `out`.
fn place(
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
    }
}

/// Cost of opening a page of capacity `cap` after `s`'s page.
fn spread_cost(s: &State, cap: usize, params: &Params, full: usize) -> f64 {
    if s.recto && cap < full {
        params.short_spread_cost
    } else {
        0.0
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

/// Follows the back pointers from `end` and lays the pages out.
fn rebuild(
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
    let mut turn_page = |pages: &mut Vec<PageFill>, recto: &mut bool, cap: usize| {
        if *recto && cap < full {
            short_spreads += 1;
        }
        *recto = !*recto;
        pages.push(PageFill {
            capacity: cap,
            used: 0,
            slots: Vec::new(),
        });
    };
    for (i, (block, step)) in blocks.iter().zip(&steps).enumerate() {
        choice.push(step.variant);
        if step.variant > 0 {
            adjusted += 1;
        }
        let mut turns = (0..step.turns.len as usize).map(|t| step.turns.cap(t, full));
        if step.early {
            let cap = turns.next().expect("an early break records its page");
            turn_page(&mut pages, &mut recto, cap);
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
                        turn_page(&mut pages, &mut recto, cap);
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
                        turn_page(&mut pages, &mut recto, cap);
                    }
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
                            turn_page(&mut pages, &mut recto, cap);
                        }
                    }
                }
            }
        }
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

/// The layout without any choice: each paragraph at its best, every page
/// filled to the full grid in order. What pagination would suffer without
/// alternatives and short spreads (the report's "avoided" figures).
pub fn fill(blocks: &[Block], params: &Params) -> Layout {
    let full = params.full.max(1);
    let mut pages = vec![PageFill {
        capacity: params.first_page.clamp(1, full),
        used: 0,
        slots: Vec::new(),
    }];
    for (i, block) in blocks.iter().enumerate() {
        let (mut n, before, droppable) = match block {
            Block::Paragraph { variants } => (variants.first().map_or(0, Variant::lines), 0, false),
            Block::Keep {
                lines,
                space_before,
            } => (*lines, *space_before, false),
            Block::Space { lines } => (*lines, 0, true),
        };
        let page = pages.last_mut().expect("a page");
        if page.used == 0 && droppable {
            continue;
        }
        let mut grid = page.used + if page.used == 0 { 0 } else { before };
        if matches!(block, Block::Keep { .. }) && grid + n > page.capacity {
            pages.push(PageFill {
                capacity: full,
                used: 0,
                slots: Vec::new(),
            });
            grid = 0;
        }
        let mut first_line = 0;
        while n > 0 {
            let page = pages.last_mut().expect("a page");
            let take = n.min(page.capacity - grid.min(page.capacity));
            if take > 0 {
                page.slots.push(Slot {
                    block: i,
                    first_line,
                    lines: take,
                    grid_line: grid,
                });
            }
            page.used = grid + take;
            n -= take;
            first_line += take;
            if page.used >= page.capacity {
                pages.push(PageFill {
                    capacity: full,
                    used: 0,
                    slots: Vec::new(),
                });
                grid = 0;
            }
        }
    }
    if pages.len() > 1 && pages.last().is_some_and(|p| p.slots.is_empty()) {
        pages.pop();
    }
    let choice = vec![0; blocks.len()];
    let faults = check(blocks, &choice, &pages, full);
    Layout {
        choice,
        pages,
        faults,
        adjusted: 0,
        short_spreads: 0,
        cost: 0.0,
        first_page: params.first_page.clamp(1, full),
    }
}

/// Counts the faults of a finished layout, independently of how it was
/// found (the property tests rely on this being a separate reading).
pub fn check(blocks: &[Block], choice: &[usize], pages: &[PageFill], full: usize) -> Faults {
    let mut f = Faults::default();
    let last = pages.len().saturating_sub(1);
    for (p, page) in pages.iter().enumerate() {
        if p < last && page.used < page.capacity {
            f.short_pages += 1;
        }
        let _ = full;
        let Some(tail) = page.slots.last() else {
            continue;
        };
        if p == last {
            continue;
        }
        match &blocks[tail.block] {
            Block::Keep { .. } => f.headings_last += 1,
            Block::Paragraph { variants } => {
                let v = &variants[choice[tail.block]];
                let end = tail.first_line + tail.lines;
                if end < v.lines() {
                    if end == 1 {
                        f.orphans += 1;
                    }
                    if v.lines() - end == 1 {
                        f.widows += 1;
                    }
                    if v.hyphenated[end - 1] {
                        f.hyphens_last += 1;
                    }
                }
            }
            Block::Space { .. } => {}
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(n: usize) -> Block {
        Block::Paragraph {
            variants: vec![Variant {
                cost: 0.0,
                hyphenated: vec![false; n],
            }],
        }
    }

    fn flexible(n: usize) -> Block {
        Block::Paragraph {
            variants: vec![
                Variant {
                    cost: 0.0,
                    hyphenated: vec![false; n],
                },
                Variant {
                    cost: 10.0,
                    hyphenated: vec![false; n - 1],
                },
                Variant {
                    cost: 10.0,
                    hyphenated: vec![false; n + 1],
                },
            ],
        }
    }

    #[test]
    fn fills_pages_exactly_when_nothing_is_in_the_way() {
        let blocks: Vec<Block> = (0..10).map(|_| para(5)).collect();
        let layout = paginate(&blocks, &Params::new(10, 10, true));
        assert_eq!(layout.pages.len(), 5);
        assert!(layout.pages.iter().all(|p| p.used == 10));
        assert_eq!(layout.faults, Faults::default());
    }

    #[test]
    fn avoids_a_widow_with_a_looser_paragraph() {
        // 9 + 2 lines on a 10-line page: the 2-line paragraph would leave
        // its last line alone overleaf. One line more in the first fixes it.
        let blocks = vec![flexible(9), para(3), para(10)];
        let layout = paginate(&blocks, &Params::new(10, 10, true));
        assert_eq!(layout.faults, Faults::default(), "{layout:?}");
        assert!(layout.adjusted >= 1 || layout.short_spreads >= 1);
    }

    #[test]
    fn a_heading_moves_with_its_paragraph() {
        let blocks = vec![
            para(9),
            Block::Keep {
                lines: 1,
                space_before: 0,
            },
            para(6),
        ];
        let layout = paginate(&blocks, &Params::new(10, 10, true));
        assert_eq!(layout.faults.headings_last, 0);
        assert_eq!(layout.faults.orphans, 0);
    }

    #[test]
    fn short_spreads_are_balanced() {
        // 19 lines in one paragraph after 1 line: a 10-line grid can only
        // avoid the orphan/widow by short pages.
        let blocks = vec![para(8), para(3), para(8)];
        let layout = paginate(&blocks, &Params::new(10, 10, false));
        assert_eq!(
            layout.faults.widows + layout.faults.orphans,
            0,
            "{layout:?}"
        );
        for pair in layout.pages.chunks(2) {
            if pair.len() == 2 {
                assert_eq!(pair[0].capacity, pair[1].capacity);
            }
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// A paragraph of `n` lines with its one-shorter and one-longer
        /// settings; hyphen flags from `h` (never on a last line).
        fn paragraph(n: usize, h: u32) -> Block {
            let flags = |m: usize| -> Vec<bool> {
                (0..m)
                    .map(|i| i + 1 < m && (h >> (i % 32)) & 1 == 1 && i % 3 == 1)
                    .collect()
            };
            let mut variants = vec![Variant {
                cost: 0.0,
                hyphenated: flags(n),
            }];
            if n > 1 {
                variants.push(Variant {
                    cost: 30.0,
                    hyphenated: flags(n - 1),
                });
            }
            variants.push(Variant {
                cost: 20.0,
                hyphenated: flags(n + 1),
            });
            Block::Paragraph { variants }
        }

        fn blocks() -> impl Strategy<Value = Vec<Block>> {
            prop::collection::vec((1usize..16, any::<u32>(), 0u8..10), 1..60).prop_map(|items| {
                let mut out = Vec::new();
                for (n, h, kind) in items {
                    match kind {
                        0 => out.push(Block::Keep {
                            lines: 1,
                            space_before: 1,
                        }),
                        1 => out.push(Block::Space { lines: 1 }),
                        _ => {}
                    }
                    out.push(paragraph(n, h));
                }
                out
            })
        }

        fn lines_of(block: &Block, choice: usize) -> usize {
            match block {
                Block::Paragraph { variants } => variants[choice].lines(),
                Block::Keep { lines, .. } => *lines,
                Block::Space { lines } => *lines,
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]
            #[test]
            fn layouts_keep_every_line_once_and_have_no_faults(
                blocks in blocks(),
                full in 8usize..40,
                drop in 0usize..6,
                first_recto in any::<bool>(),
            ) {
                let params = Params {
                    first_page_slack: drop % 2,
                    ..Params::new(full, full - drop, first_recto)
                };
                let layout = paginate(&blocks, &params);

                // No line lost or duplicated, in order.
                let mut next_line = vec![0usize; blocks.len()];
                let mut last_block = 0;
                for page in &layout.pages {
                    let mut grid = 0;
                    for slot in &page.slots {
                        prop_assert!(slot.block >= last_block);
                        last_block = slot.block;
                        prop_assert_eq!(slot.first_line, next_line[slot.block]);
                        next_line[slot.block] += slot.lines;
                        prop_assert!(slot.grid_line >= grid);
                        grid = slot.grid_line + slot.lines;
                    }
                    prop_assert!(grid <= page.capacity);
                    prop_assert!(page.used <= page.capacity);
                }
                for (i, b) in blocks.iter().enumerate() {
                    match b {
                        // Spaces may be dropped at a page head.
                        Block::Space { .. } => prop_assert!(next_line[i] <= lines_of(b, 0)),
                        _ => prop_assert_eq!(next_line[i], lines_of(b, layout.choice[i])),
                    }
                }

                // No widow, orphan, heading last; the fault count is the
                // independent checker's.
                let faults = check(&blocks, &layout.choice, &layout.pages, full);
                prop_assert_eq!(faults, layout.faults);
                prop_assert_eq!(faults.widows, 0);
                prop_assert_eq!(faults.orphans, 0);
                prop_assert_eq!(faults.headings_last, 0);

                // Full pages, or balanced short spreads; a page left short
                // to dodge a fault is reported.
                let last = layout.pages.len() - 1;
                let mut short = 0;
                for (p, page) in layout.pages.iter().enumerate() {
                    if p > 0 {
                        prop_assert!(page.capacity == full || page.capacity + 1 == full);
                    }
                    if p < last && page.used < page.capacity {
                        short += 1;
                    }
                    let recto = (p % 2 == 0) == first_recto;
                    if p > 0 && page.capacity < full {
                        let partner = if recto { p - 1 } else { p + 1 };
                        if partner > 0 && partner <= last {
                            prop_assert_eq!(layout.pages[partner].capacity, page.capacity);
                        }
                    }
                }
                prop_assert_eq!(short, layout.faults.short_pages);
            }

            /// Plain prose (flexible paragraphs, no hyphens, no headings)
            /// always fills every page but the last.
            #[test]
            fn prose_fills_every_page(
                lengths in prop::collection::vec(1usize..16, 1..60),
                full in 8usize..40,
                drop in 0usize..6,
                first_recto in any::<bool>(),
            ) {
                let blocks: Vec<Block> = lengths.iter().map(|&n| paragraph(n, 0)).collect();
                let layout = paginate(&blocks, &Params::new(full, full - drop, first_recto));
                prop_assert_eq!(layout.faults, Faults::default());
            }
        }
    }
}
