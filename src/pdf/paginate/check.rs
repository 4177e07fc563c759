//! Counting a finished layout's faults, independently of how it was found.

use super::foot::{Foot, NoteAt};
use super::{Block, Faults, PageFill};

/// The notes first referenced in the setting a layout's `choice` of a
/// block sets: a paragraph's variant `choice`; a figure has its one
/// setting whichever its choice (1: moved to the next page).
pub(super) fn chosen_refs(per_setting: &[Vec<NoteAt>], choice: usize) -> Option<&Vec<NoteAt>> {
    match per_setting {
        [only] => Some(only),
        _ => per_setting.get(choice),
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
    f.figures_far = far_figures(blocks, pages).len();
    if foot.is_none() {
        return f;
    }
    f.notes_moved = moved_notes(notes, choice, pages).len();
    for (i, per_variant) in notes.iter().enumerate() {
        let Some(refs) = choice.get(i).and_then(|&c| chosen_refs(per_variant, c)) else {
            continue;
        };
        for r in refs {
            let parts = pages
                .iter()
                .filter(|page| page.notes.iter().any(|n| n.note == r.note))
                .count();
            if parts > 1 {
                f.notes_split += 1;
            }
        }
    }
    f
}

/// The figures of a finished layout set more than a page after their
/// reference, as (block, reference page, figure page). A figure's
/// reference is the last line of text before it (figures in a row share
/// one); a figure before any text is referred to on the first page.
pub fn far_figures(blocks: &[Block], pages: &[PageFill]) -> Vec<(usize, usize, usize)> {
    let mut page_of = vec![None; blocks.len()];
    for (p, page) in pages.iter().enumerate() {
        for slot in &page.slots {
            page_of[slot.block] = Some(p);
        }
    }
    let mut reference = 0;
    let mut far = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Float { .. } => {
                if let Some(p) = page_of[i] {
                    if p > reference + 1 {
                        far.push((i, reference, p));
                    }
                }
            }
            Block::Space { .. } => {}
            Block::Paragraph { .. } | Block::Keep { .. } | Block::Rows { .. } => {
                if let Some(p) = page_of[i] {
                    reference = p;
                }
            }
        }
    }
    far
}

/// A page-foot note that does not start on the page of its reference
/// (with two of its lines, or all when fewer), or whose lines are not all
/// set exactly once: the report lists each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MovedNote {
    /// The note (an index into the section's notes).
    pub note: usize,
    /// The block holding the reference.
    pub block: usize,
    /// Pages of the layout holding the reference and the note's first line.
    pub reference_page: Option<usize>,
    pub note_page: Option<usize>,
    /// Lines set, summed over pages, and the note's own count.
    pub set_lines: usize,
    pub lines: usize,
}

/// The notes of a finished layout that are not where they belong; a note
/// both moved and with lines lost or doubled is listed twice, as it is
/// counted twice.
pub fn moved_notes(
    notes: &[Vec<Vec<NoteAt>>],
    choice: &[usize],
    pages: &[PageFill],
) -> Vec<MovedNote> {
    let mut moved = Vec::new();
    // Each note's reference: the page whose slot holds its line.
    for (i, per_variant) in notes.iter().enumerate() {
        let Some(refs) = choice.get(i).and_then(|&c| chosen_refs(per_variant, c)) else {
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
            let set: usize = pages
                .iter()
                .flat_map(|page| &page.notes)
                .filter(|n| n.note == r.note)
                .map(|n| n.lines)
                .sum();
            let entry = MovedNote {
                note: r.note,
                block: i,
                reference_page: home,
                note_page: first.map(|(p, _)| p),
                set_lines: set,
                lines: r.lines,
            };
            match (home, first) {
                (Some(h), Some((p, lines))) if h == p && lines >= r.lines.min(2) => {}
                _ => moved.push(entry),
            }
            if set != r.lines {
                // Lost or doubled lines: as bad as a note not there.
                moved.push(entry);
            }
        }
    }
    moved
}

/// The blocks a layout did not set whole, as (block, lines it has, lines
/// set): a paragraph's chosen setting line for line, a heading or figure
/// no taller than a short page, and a table's rows (its repeated header
/// lines come on top). Dropped spaces are no loss. Empty for every layout
/// the search and the rebuild agree on; the rebuild checks it in debug
/// builds, so a disagreement (which once lost a line of code at a page
/// turn) fails the tests rather than the reader.
pub fn unset_lines(
    blocks: &[Block],
    choice: &[usize],
    pages: &[PageFill],
    full: usize,
) -> Vec<(usize, usize, usize)> {
    let mut set = vec![0usize; blocks.len()];
    for slot in pages.iter().flat_map(|p| &p.slots) {
        set[slot.block] += slot.lines;
    }
    let fits = |lines: usize| lines < full;
    blocks
        .iter()
        .enumerate()
        .filter_map(|(i, block)| {
            let (has, whole) = match block {
                Block::Paragraph { variants } => (
                    variants[choice[i]].lines(),
                    set[i] == variants[choice[i]].lines(),
                ),
                Block::Keep { lines, .. } if fits(*lines) => (*lines, set[i] == *lines),
                // A figure set smaller is whole on any size it may take.
                Block::Float { lines, least, .. } if fits(*lines) => {
                    (*lines, (*least..=*lines).contains(&set[i]))
                }
                Block::Rows {
                    units,
                    head_lines,
                    continued,
                    ..
                } if units.iter().all(|u| fits(u + head_lines + continued)) => {
                    let has = units.iter().sum();
                    (has, set[i] >= has)
                }
                _ => return None,
            };
            (!whole).then_some((i, has, set[i]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::paginate::{NoteSlot, Slot};

    fn page(block_lines: (usize, usize), notes: Vec<NoteSlot>) -> PageFill {
        PageFill {
            capacity: 10,
            used: block_lines.1,
            slots: vec![Slot {
                block: 0,
                first_line: block_lines.0,
                lines: block_lines.1,
                grid_line: 0,
            }],
            notes,
            foot: 0,
        }
    }

    #[test]
    fn a_note_starting_overleaf_is_listed_with_both_pages() {
        // A paragraph of 16 lines over two pages; note 0 referenced on its
        // line 3 (page 0) and set there; note 1 referenced on line 9 (page
        // 0, the page's last line) but set on page 1.
        let refs = vec![vec![vec![
            NoteAt {
                line: 3,
                note: 0,
                lines: 2,
            },
            NoteAt {
                line: 9,
                note: 1,
                lines: 3,
            },
        ]]];
        let slot = |note, first_line, lines| NoteSlot {
            note,
            first_line,
            lines,
        };
        let pages = vec![
            page((0, 10), vec![slot(0, 0, 2)]),
            page((10, 6), vec![slot(1, 0, 3)]),
        ];
        let moved = moved_notes(&refs, &[0], &pages);
        assert_eq!(
            moved,
            vec![MovedNote {
                note: 1,
                block: 0,
                reference_page: Some(0),
                note_page: Some(1),
                set_lines: 3,
                lines: 3,
            }]
        );
        // A note that starts on its page with one line of three is moved
        // too (two lines must come first), and one set twice is listed.
        let pages = vec![
            page((0, 10), vec![slot(0, 0, 2), slot(1, 0, 1)]),
            page((10, 6), vec![slot(1, 1, 2), slot(0, 0, 2)]),
        ];
        let moved = moved_notes(&refs, &[0], &pages);
        assert_eq!(moved.len(), 2, "{moved:?}");
        assert_eq!((moved[0].note, moved[0].set_lines), (0, 4));
        assert_eq!((moved[1].note, moved[1].note_page), (1, Some(0)));
    }
}
