//! The naive layout: every paragraph at its best, every page filled in order (what pagination saves the book from).

use super::check::check;
use super::{Block, Layout, PageFill, Params, Slot, Variant};

/// The layout without any choice: each paragraph at its best, every page
/// filled to the full grid in order. What pagination would suffer without
/// alternatives and short spreads (the report's "avoided" figures).
pub fn fill(blocks: &[Block], params: &Params) -> Layout {
    let full = params.full.max(1);
    let mut pages = vec![PageFill {
        capacity: params.first_page.clamp(1, full),
        used: 0,
        slots: Vec::new(),
        notes: Vec::new(),
        foot: 0,
    }];
    for (i, block) in blocks.iter().enumerate() {
        let (mut n, before, droppable) = match block {
            Block::Paragraph { variants } => (variants.first().map_or(0, Variant::lines), 0, false),
            Block::Keep {
                lines,
                space_before,
            } => (*lines, *space_before, false),
            Block::Space { lines } => (*lines, 0, true),
            Block::Float {
                lines,
                space_before,
                ..
            } => (*lines, *space_before, false),
            Block::Rows {
                units,
                space_before,
                ..
            } => (units.iter().sum(), *space_before, false),
        };
        let page = pages.last_mut().expect("a page");
        if page.used == 0 && droppable {
            continue;
        }
        let mut grid = page.used + if page.used == 0 { 0 } else { before };
        if matches!(block, Block::Keep { .. } | Block::Float { .. }) && grid + n > page.capacity {
            pages.push(PageFill {
                capacity: full,
                used: 0,
                slots: Vec::new(),
                notes: Vec::new(),
                foot: 0,
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
                    notes: Vec::new(),
                    foot: 0,
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
        states: blocks.len(),
        tried: blocks.len(),
    }
}
