//! Page-foot notes referenced from a figure's caption or a table's rows: each starts at the foot of the page its reference is set on, the figure's wherever the figure goes.

use proptest::prelude::*;

use super::float_tests::{float, para};
use super::foot::{Foot, NoteAt};
use super::*;

const FOOT: Foot = Foot {
    body_leading: 14.0,
    notes_leading: 12.0,
    separation: 18.0,
};

/// A table of `rows` one-line rows after a one-line header.
fn rows(rows: usize) -> Block {
    let mut units = vec![2];
    units.extend(std::iter::repeat_n(1, rows - 1));
    Block::Rows {
        units,
        head_first: 0,
        head_lines: 1,
        continued: 0,
        space_before: 1,
        space_after: 1,
    }
}

fn lay_out(blocks: &[Block], notes: &[Vec<Vec<NoteAt>>], full: usize) -> Layout {
    let params = Params {
        foot: Some(FOOT),
        ..Params::new(full, full, true)
    };
    paginate_notes(blocks, notes, &params)
}

/// The page whose slots hold line `line` of block `block`.
fn page_of_line(layout: &Layout, block: usize, line: usize) -> Option<usize> {
    layout.pages.iter().position(|p| {
        p.slots
            .iter()
            .any(|s| s.block == block && (s.first_line..s.first_line + s.lines).contains(&line))
    })
}

/// The page where note `note` starts.
fn page_of_note(layout: &Layout, note: usize) -> Option<usize> {
    layout
        .pages
        .iter()
        .position(|p| p.notes.iter().any(|n| n.note == note && n.first_line == 0))
}

fn note(line: usize, note: usize, lines: usize) -> NoteAt {
    NoteAt { line, note, lines }
}

#[test]
fn a_caption_note_goes_with_a_figure_set_where_it_is_referred_to() {
    let blocks = vec![para(4), float(5), para(20)];
    let notes = vec![vec![], vec![vec![note(4, 0, 2)]], vec![]];
    let layout = lay_out(&blocks, &notes, 20);
    assert_eq!(layout.choice[1], 0, "{layout:?}");
    assert_eq!(page_of_note(&layout, 0), Some(0), "{layout:?}");
    assert_eq!(layout.faults.notes_moved, 0);
}

#[test]
fn a_caption_note_follows_its_figure_to_the_next_page() {
    // 16 of 20 lines used: the 5-line figure moves on, the text goes on.
    let blocks = vec![para(16), float(5), para(20)];
    let notes = vec![vec![], vec![vec![note(4, 0, 3)]], vec![]];
    let layout = lay_out(&blocks, &notes, 20);
    assert_eq!(layout.choice[1], 1, "{layout:?}");
    assert_eq!(page_of_line(&layout, 1, 0), Some(1));
    assert_eq!(page_of_note(&layout, 0), Some(1), "{layout:?}");
    assert_eq!(layout.faults.notes_moved, 0, "{layout:?}");
    // The page the figure heads keeps room for its note under the text.
    let page = &layout.pages[1];
    assert!(page.used + page.foot <= page.capacity, "{page:?}");
}

#[test]
fn a_note_in_a_row_goes_to_the_foot_of_that_rows_page() {
    // 50 rows on 20-line pages: the table runs over three pages; notes in
    // its caption's unit, in a row on its second page and its last row.
    let blocks = vec![para(3), rows(50), para(4)];
    let notes = vec![
        vec![],
        vec![vec![note(0, 0, 1), note(30, 1, 2), note(50, 2, 2)]],
        vec![],
    ];
    let layout = lay_out(&blocks, &notes, 20);
    for (n, line) in [(0, 0), (1, 30), (2, 50)] {
        let home = page_of_line(&layout, 1, line);
        assert!(home.is_some(), "row line {line}: {layout:?}");
        assert_eq!(page_of_note(&layout, n), home, "note {n}: {layout:?}");
    }
    assert_eq!(layout.faults.notes_moved, 0);
    for page in &layout.pages {
        assert!(page.used + page.foot <= page.capacity, "{page:?}");
    }
}

/// One generated block: (kind, size, where its note is referred to, note
/// lines, has a note).
type Item = (u8, usize, usize, usize, bool);

/// One case of the property below: `items` are (kind: 0 paragraph, 1
/// figure, 2 table; size; where the note is referred to; note lines; has a
/// note), `full` the page's lines.
fn notes_start_on_their_references_page(
    items: Vec<Item>,
    full: usize,
) -> Result<(), TestCaseError> {
    let mut blocks = Vec::new();
    let mut notes: Vec<Vec<Vec<NoteAt>>> = Vec::new();
    let mut count = 0;
    for (kind, size, at, height, with_note) in items {
        let (block, lines) = match kind {
            0 => (para(size), size),
            1 => (float(size.min(full / 2)), size.min(full / 2)),
            _ => (rows(size + 1), size + 2),
        };
        let refs = if with_note {
            count += 1;
            vec![vec![note(at.min(lines - 1), count - 1, height)]]
        } else {
            vec![]
        };
        blocks.push(block);
        notes.push(refs);
    }
    let layout = lay_out(&blocks, &notes, full);
    let faults = check_notes(
        &blocks,
        &notes,
        &layout.choice,
        &layout.pages,
        full,
        Some(&FOOT),
    );
    prop_assert_eq!(faults, layout.faults);
    prop_assert_eq!(faults.notes_moved, 0, "{:?}", layout);
    let mut next_line = vec![0usize; blocks.len()];
    for page in &layout.pages {
        prop_assert!(page.used + page.foot <= page.capacity, "{:?}", page);
        for slot in &page.slots {
            // A table's header repeated on its later pages.
            let repeat = matches!(blocks[slot.block], Block::Rows { .. })
                && slot.first_line == 0
                && next_line[slot.block] > 0;
            if !repeat {
                prop_assert_eq!(slot.first_line, next_line[slot.block], "{:?}", layout);
                next_line[slot.block] += slot.lines;
            }
        }
    }
    for (i, refs) in notes.iter().enumerate() {
        for r in refs.iter().flatten() {
            let home = page_of_line(&layout, i, r.line);
            prop_assert!(home.is_some());
            prop_assert_eq!(page_of_note(&layout, r.note), home, "{:?}", layout);
        }
    }
    Ok(())
}

/// Cases the property found on the way (shrunk), kept so that they run
/// on every `cargo test`, not only when the random search meets them.
#[test]
fn notes_under_waiting_figures_found_by_the_property() {
    let cases: [(&[Item], usize); 3] = [
        (
            &[
                (0, 12, 0, 1, false),
                (1, 12, 0, 1, false),
                (1, 8, 0, 2, true),
            ],
            23,
        ),
        (
            &[
                (0, 2, 0, 1, false),
                (0, 21, 0, 1, false),
                (2, 16, 0, 1, false),
                (1, 11, 0, 3, true),
                (1, 12, 0, 2, true),
            ],
            29,
        ),
        (
            &[
                (0, 10, 0, 4, true),
                (0, 15, 0, 1, true),
                (0, 14, 0, 1, false),
                (1, 11, 0, 1, true),
                (1, 14, 0, 1, true),
            ],
            29,
        ),
    ];
    for (items, full) in cases {
        notes_start_on_their_references_page(items.to_vec(), full).unwrap();
    }
}

proptest! {
    #![proptest_config(crate::proptest_seed::config(256))]
    /// Paragraphs, figures and tables, with notes in paragraphs, captions
    /// and rows: every note starts on the page of its reference with two
    /// of its lines (all, when fewer), every line is set once and in
    /// order, body and notes never overlap, and the independent count of
    /// faults agrees with the layout's.
    #[test]
    fn notes_in_captions_and_rows_start_on_their_references_page(
        items in prop::collection::vec((0u8..3, 1usize..24, 0usize..30, 1usize..5, any::<bool>()), 1..16),
        full in 16usize..32,
    ) {
        notes_start_on_their_references_page(items, full)?;
    }
}
