//! Back from the programme's cheapest end state to the pages: slots, turns, the notes at each foot and the counts the report gives.

use super::check::check_notes;
use super::foot::{Foot, NoteAt};
use super::place::repeated;
use super::state::{turns_of, Back, State, Trail};
use super::{Block, Layout, NoteSlot, PageFill, Params, Slot, Variant};

/// The pages being laid out, and the notes waiting for a foot.
struct Pages<'a> {
    pages: Vec<PageFill>,
    recto: bool,
    short_spreads: usize,
    full: usize,
    foot: Option<&'a Foot>,
    /// Notes (index, lines left) in the order they go to the feet.
    queue: std::collections::VecDeque<(usize, usize, usize)>,
    /// Per note, the lines a page must not end after.
    keeps: &'a [Vec<usize>],
    /// Lines the notes pending on this page must have here (as the
    /// programme's `State::need`).
    need: usize,
    /// Figures waiting for the top of the next page: (block, lines, space
    /// after), and the notes their captions first reference.
    floats: Vec<(usize, usize, usize)>,
    float_refs: Vec<NoteAt>,
    /// Figures running on to the page after next (none with notes).
    later: Vec<(usize, usize, usize)>,
}

impl Pages<'_> {
    fn page(&mut self) -> &mut PageFill {
        self.pages.last_mut().expect("a page")
    }

    fn pending(&self) -> usize {
        self.queue.iter().map(|q| q.2).sum()
    }

    /// Body lines the current page can still take.
    fn room(&self) -> usize {
        let page = self.pages.last().expect("a page");
        let taken = self.foot.map_or(0, |f| f.body_lines(self.need));
        page.capacity.saturating_sub(page.used + taken)
    }

    /// Notes first referenced by lines set, the page then holding
    /// `after` body lines. What they need is capped by what fits (a line
    /// set on an empty page whatever its notes).
    fn refer(&mut self, refs: &[NoteAt], after: usize) {
        if refs.is_empty() {
            return;
        }
        let need = self.need_with(refs);
        let cap = self.pages.last().expect("a page").capacity;
        let need = match self.foot {
            Some(f) => need.min(f.room(after.min(cap), cap)),
            None => need,
        };
        self.queue_notes(refs, need);
    }

    /// The notes lines the page must set once `refs` are referenced on it.
    fn need_with(&self, refs: &[NoteAt]) -> usize {
        super::foot::add_refs(self.pending(), self.need, refs).1
    }

    /// Queues `refs`' notes for the feet, the page owing `need` lines.
    fn queue_notes(&mut self, refs: &[NoteAt], need: usize) {
        for r in refs {
            self.queue.push_back((r.note, 0, r.lines));
        }
        self.need = need;
    }

    /// Body lines the page could take if it owed `need` notes lines.
    fn room_with(&self, need: usize) -> usize {
        let page = self.pages.last().expect("a page");
        let taken = self.foot.map_or(0, |f| f.body_lines(need));
        page.capacity.saturating_sub(page.used + taken)
    }

    /// Sets the current page's notes: as many pending lines as fit.
    fn set_notes(&mut self) -> usize {
        let Some(f) = self.foot else { return 0 };
        let page = self.pages.last().expect("a page");
        let mut left = self.pending().min(f.room(page.used, page.capacity));
        let mut placed = left;
        let mut notes = Vec::new();
        while left > 0 {
            let (note, first, lines) = self.queue.pop_front().expect("pending notes");
            let mut take = lines.min(left);
            if take < lines {
                // Split: never after a kept line (a callout's title), which
                // goes over with the line it belongs to. A note's start
                // keeps a line on its reference's page all the same.
                let kept = self.keeps.get(note).map_or(&[][..], Vec::as_slice);
                let least = usize::from(first == 0);
                while take > least && kept.contains(&(first + take - 1)) {
                    take -= 1;
                    placed -= 1;
                }
            }
            if take > 0 {
                notes.push(NoteSlot {
                    note,
                    first_line: first,
                    lines: take,
                });
            }
            left -= lines.min(left);
            if take < lines {
                self.queue.push_front((note, first + take, lines - take));
                break;
            }
        }
        let page = self.page();
        page.notes = notes;
        page.foot = f.body_lines(placed);
        placed
    }

    /// The next page's capacity by the search's rule, for a turn it did
    /// not record: a short verso's recto is short too, any other page full.
    fn rule_cap(&self) -> usize {
        let page = self.pages.last().expect("a page");
        if !self.recto && page.capacity < self.full {
            self.full - 1
        } else {
            self.full
        }
    }

    /// Ends the current page and opens one of capacity `cap`.
    fn turn(&mut self, cap: usize) {
        self.set_notes();
        self.open(cap);
    }

    /// Opens a page of capacity `cap` after the current one.
    fn open(&mut self, cap: usize) {
        if self.recto && cap < self.full {
            self.short_spreads += 1;
        }
        self.recto = !self.recto;
        let mut page = PageFill {
            capacity: cap,
            used: 0,
            slots: Vec::new(),
            notes: Vec::new(),
            foot: 0,
        };
        let floats = std::mem::replace(&mut self.floats, std::mem::take(&mut self.later));
        for (block, lines, after) in floats {
            let n = lines.min(cap.saturating_sub(page.used));
            page.slots.push(Slot {
                block,
                first_line: 0,
                lines: n,
                grid_line: page.used,
            });
            page.used = (page.used + n + after).min(cap);
        }
        self.pages.push(page);
        let carry = self.pending();
        self.need = match self.foot {
            Some(f) if carry > 0 => carry.min(f.continued_max(cap)),
            _ => 0,
        };
        // The waiting figures' notes follow those continued (as
        // `State::turn` counts them).
        let refs = std::mem::take(&mut self.float_refs);
        if !refs.is_empty() {
            let (_, need) = super::foot::add_refs(0, 0, &refs);
            let need = self.need + need;
            self.queue_notes(&refs, need);
        }
    }
}

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

/// Follows the back pointers from state `end` of the last boundary (the
/// way there costing `cost`) and lays the pages out. `starts` are the
/// states of the first boundary (the first page's candidate capacities).
#[allow(clippy::too_many_arguments)]
pub(super) fn rebuild(
    blocks: &[Block],
    notes: &[Vec<Vec<NoteAt>>],
    keeps: &[Vec<usize>],
    params: &Params,
    starts: &[State],
    backs: &[Vec<Back>],
    end: usize,
    cost: f64,
    trail: &Trail,
    full: usize,
) -> Layout {
    let mut steps: Vec<Back> = Vec::with_capacity(blocks.len());
    let mut at = end;
    for i in (1..=blocks.len()).rev() {
        let back = backs[i][at];
        at = back.from as usize;
        steps.push(back);
    }
    steps.reverse();
    // `at` is now the section's start: its first page's capacity.
    let first = starts[at].cap;

    let mut pp = Pages {
        pages: vec![PageFill {
            capacity: first,
            used: 0,
            slots: Vec::new(),
            notes: Vec::new(),
            foot: 0,
        }],
        recto: params.first_recto,
        short_spreads: 0,
        full,
        foot: params.foot.as_ref(),
        queue: Default::default(),
        keeps,
        need: 0,
        floats: Vec::new(),
        float_refs: Vec::new(),
        later: Vec::new(),
    };
    let mut choice = Vec::with_capacity(blocks.len());
    let mut adjusted = 0;
    for (i, (block, step)) in blocks.iter().zip(&steps).enumerate() {
        choice.push(step.variant as usize);
        if step.variant > 0 {
            adjusted += 1;
        }
        let refs: &[NoteAt] = notes
            .get(i)
            .and_then(|n| super::check::chosen_refs(n, step.variant as usize))
            .map_or(&[], Vec::as_slice);
        let mut turns = (0..step.turns.len as usize).map(|t| step.turns.cap(t, full));
        if step.early {
            let cap = turns.next().expect("an early break records its page");
            pp.turn(cap);
        }
        match block {
            Block::Space { lines } => {
                if pp.page().used > 0 {
                    let n = (*lines).min(pp.room());
                    let page = pp.page();
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
                if pp.room() == 0 {
                    if let Some(cap) = turns.next() {
                        pp.turn(cap);
                    }
                }
            }
            Block::Keep {
                lines,
                space_before,
            } => {
                let page = pp.page();
                let before = if page.used == 0 { 0 } else { *space_before };
                let n = (*lines).min(page.capacity.saturating_sub(page.used + before));
                page.slots.push(Slot {
                    block: i,
                    first_line: 0,
                    lines: n,
                    grid_line: page.used + before,
                });
                page.used = (page.used + before + n).min(page.capacity);
                let after = page.used;
                pp.refer(refs, after);
                if pp.room() == 0 {
                    if let Some(cap) = turns.next() {
                        pp.turn(cap);
                    }
                }
            }
            Block::Float {
                lines,
                space_before,
                space_after,
                ..
            } => {
                if step.variant == 2 {
                    pp.later.push((i, *lines, *space_after));
                } else if step.variant == 1 {
                    pp.floats.push((i, *lines, *space_after));
                    pp.float_refs.extend_from_slice(refs);
                } else {
                    // Its caption's notes on this page, as the search
                    // weighed them (or overleaf, for a figure taller than
                    // a page).
                    let with = pp.need_with(refs);
                    let room = pp.room_with(with);
                    // As the search: no space above a figure under a
                    // figure, or on a page turned to that no text has
                    // reached yet (`State::turned`: figures heading it and
                    // blank space are not text; counting a space as text
                    // here once set a figure a line lower than the search
                    // did, and the pages after it ran one line over).
                    let after_float = i > 0 && matches!(blocks[i - 1], Block::Float { .. });
                    let turned = pp.pages.len() > 1
                        && pp.page().slots.iter().all(|s| {
                            matches!(blocks[s.block], Block::Float { .. } | Block::Space { .. })
                        });
                    let page = pp.page();
                    let before = if page.used == 0 || turned || after_float {
                        0
                    } else {
                        *space_before
                    };
                    // Set smaller (variant 3): on the room left, from the
                    // line where that size's picture is drawn.
                    let shrunk = step.variant == 3;
                    let fits = shrunk || before + lines <= room;
                    let n = (*lines).min(room.saturating_sub(before));
                    page.slots.push(Slot {
                        block: i,
                        first_line: if shrunk { lines - n } else { 0 },
                        lines: n,
                        grid_line: page.used + before,
                    });
                    page.used = (page.used + before + n + space_after).min(page.used + room);
                    let need = if fits { with } else { pp.need };
                    pp.queue_notes(refs, need);
                    if pp.room() == 0 {
                        if let Some(cap) = turns.next() {
                            pp.turn(cap);
                        }
                    }
                }
            }
            Block::Rows {
                units,
                head_first,
                head_lines,
                continued,
                space_before,
                space_after,
            } => {
                let continued_first: usize = units.iter().sum();
                let room = pp.room();
                let page = pp.page();
                let before = if page.used == 0 { 0 } else { *space_before };
                page.used += before.min(room);
                let mut line = 0;
                for (u, &n) in units.iter().enumerate() {
                    // Each row's notes at the foot of its page, as the
                    // search placed them.
                    let a = refs.partition_point(|r| r.line < line);
                    let b = refs.partition_point(|r| r.line < line + n);
                    let here = &refs[a..b];
                    let mut tries = 0;
                    while u > 0 && tries < 2 && n > pp.room_with(pp.need_with(here)) {
                        tries += 1;
                        // As the search turned: its recorded turns, or
                        // (past what they hold) the rule it follows.
                        let cap = turns.next().unwrap_or_else(|| pp.rule_cap());
                        pp.turn(cap);
                        let room = pp.room_with(pp.need_with(here));
                        let (c, h) = repeated(*continued, *head_lines, n, room, tries == 2);
                        let c = c.min(pp.room());
                        push_slot(pp.page(), i, continued_first, c);
                        let h = h.min(pp.room());
                        push_slot(pp.page(), i, *head_first, h);
                    }
                    let with = pp.need_with(here);
                    let need = if n > pp.room_with(with) {
                        pp.need
                    } else {
                        with
                    };
                    pp.queue_notes(here, need);
                    let take = n.min(pp.room());
                    push_slot(pp.page(), i, line, take);
                    line += n;
                }
                let after = (*space_after).min(pp.room());
                pp.page().used += after;
                if pp.room() == 0 {
                    let cap = turns.next().unwrap_or_else(|| pp.rule_cap());
                    pp.turn(cap);
                }
            }
            Block::Paragraph { variants } => {
                let n = variants
                    .get(step.variant as usize)
                    .map_or(0, Variant::lines);
                // Where the pages turn inside the paragraph: recorded by
                // the walk with notes, else wherever a page fills.
                let recorded = turns_of(trail, step.trail);
                let mut breaks = recorded.iter().copied().peekable();
                let mut k = 0;
                while k < n {
                    let stop = if pp.foot.is_some() && step.trail != super::state::NO_TRAIL {
                        breaks.peek().copied().unwrap_or(n)
                    } else {
                        k + pp.room().min(n - k)
                    };
                    // Line by line, so each line's notes join the queue.
                    let start = k;
                    let grid = pp.page().used;
                    while k < stop {
                        let a = refs.partition_point(|r| r.line < k);
                        let b = refs.partition_point(|r| r.line <= k);
                        pp.refer(&refs[a..b], grid + (k - start) + 1);
                        k += 1;
                    }
                    let page = pp.page();
                    if k > start {
                        page.slots.push(Slot {
                            block: i,
                            first_line: start,
                            lines: k - start,
                            grid_line: grid,
                        });
                        page.used += k - start;
                    }
                    let at_break = breaks.peek() == Some(&k);
                    if at_break {
                        breaks.next();
                    }
                    if at_break || (step.trail == super::state::NO_TRAIL && pp.room() == 0) {
                        match turns.next() {
                            Some(cap) => pp.turn(cap),
                            // Lines left, a full page and no turn recorded:
                            // the search counted this page fuller or
                            // emptier than the rebuild (a defect the debug
                            // check below reports). Turn as the search's
                            // rule would rather than loop for ever on a
                            // full page (a fuzzed book once hung the build).
                            None if k < n => {
                                let cap = pp.rule_cap();
                                pp.turn(cap);
                            }
                            None => {}
                        }
                    }
                }
                // A turn recorded at the paragraph's very end.
                if breaks.peek() == Some(&n) {
                    breaks.next();
                    if let Some(cap) = turns.next() {
                        pp.turn(cap);
                    }
                }
            }
        }
    }
    // Figures still waiting when the section ends get pages of their own.
    while !pp.floats.is_empty() || !pp.later.is_empty() {
        pp.turn(full);
    }
    // Notes still pending: on the last page, then on pages of their own.
    loop {
        let before = pp.pending();
        pp.set_notes();
        if pp.pending() == 0 || pp.pending() == before {
            break;
        }
        pp.open(full);
    }
    let Pages {
        mut pages,
        short_spreads,
        ..
    } = pp;
    // A page turned at the very end holds nothing.
    if pages.len() > 1
        && pages
            .last()
            .is_some_and(|p| p.slots.is_empty() && p.notes.is_empty())
    {
        pages.pop();
    }
    debug_assert_eq!(
        super::check::unset_lines(blocks, &choice, &pages, full),
        [],
        "the rebuild did not set these blocks whole (block, lines, set)"
    );
    let faults = check_notes(blocks, notes, &choice, &pages, full, params.foot.as_ref());
    Layout {
        choice,
        pages,
        faults,
        adjusted,
        short_spreads,
        cost,
        first_page: first,
        states: 0,
        tried: 0,
    }
}
