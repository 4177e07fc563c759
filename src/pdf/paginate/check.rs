//! Counting a finished layout's faults, independently of how it was found.

use super::foot::{Foot, NoteAt};
use super::{Block, Faults, PageFill};

/// Which of a block's settings a layout's `choice` of it sets: a
/// paragraph's variant, but a figure has one setting whether it stays or
/// moves to the next page (its choice 1).
pub(super) fn setting(block: &Block, choice: usize) -> usize {
    match block {
        Block::Float { .. } => 0,
        _ => choice,
    }
}

/// Counts the faults of a finished layout, independently of how it was
/// found (the property tests rely on this being a separate reading).
pub fn check(blocks: &[Block], choice: &[usize], pages: &[PageFill], full: usize) -> Faults {
    check_notes(blocks, &[], choice, pages, full, None)
}

/// `check` with notes at the page foot: also counts the notes that do not
/// start on the page of their reference (with two of their lines, or all
/// when fewer) and those continued overleaf; a page whose body stops a
/// line above its notes is not short (the separation grows by a line).
pub fn check_notes(
    blocks: &[Block],
    notes: &[Vec<Vec<NoteAt>>],
    choice: &[usize],
    pages: &[PageFill],
    full: usize,
    foot: Option<&Foot>,
) -> Faults {
    let mut f = Faults::default();
    let last = pages.len().saturating_sub(1);
    let _ = full;
    for (p, page) in pages.iter().enumerate() {
        if p < last && super::foot::is_short(page.used, page.foot, page.capacity) {
            f.short_pages += 1;
        }
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
    if foot.is_none() {
        return f;
    }
    // Each note's reference: the page whose slot holds its line.
    for (i, per_variant) in notes.iter().enumerate() {
        let Some(refs) = choice
            .get(i)
            .and_then(|&c| per_variant.get(setting(&blocks[i], c)))
        else {
            continue;
        };
        for r in refs {
            let home = pages.iter().position(|page| {
                page.slots.iter().any(|s| {
                    s.block == i && (s.first_line..s.first_line + s.lines.max(1)).contains(&r.line)
                })
            });
            let first = pages.iter().enumerate().find_map(|(p, page)| {
                page.notes
                    .iter()
                    .find(|n| n.note == r.note && n.first_line == 0)
                    .map(|n| (p, n.lines))
            });
            match (home, first) {
                (Some(h), Some((p, lines))) if h == p && lines >= r.lines.min(2) => {}
                _ => f.notes_moved += 1,
            }
            let set: usize = pages
                .iter()
                .flat_map(|page| &page.notes)
                .filter(|n| n.note == r.note)
                .map(|n| n.lines)
                .sum();
            let parts = pages
                .iter()
                .filter(|page| page.notes.iter().any(|n| n.note == r.note))
                .count();
            if set != r.lines {
                // Lost or doubled lines: as bad as a note not there.
                f.notes_moved += 1;
            }
            if parts > 1 {
                f.notes_split += 1;
            }
        }
    }
    f
}
