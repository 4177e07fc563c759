//! Counting a finished layout's faults, independently of how it was found.

use super::{Block, Faults, PageFill};

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
            Block::Space { .. } | Block::Float { .. } | Block::Rows { .. } => {}
        }
    }
    f
}
