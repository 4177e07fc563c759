//! Tests of the model's lookups: a chapter's note by its number.

use super::*;

fn chapter_with_notes(numbers: &[u32]) -> Chapter {
    let notes = numbers
        .iter()
        .enumerate()
        .map(|(i, &number)| Note {
            number,
            label: format!("n{i}"),
            id: format!("note-{i}"),
            ref_id: format!("noteref-{i}"),
            blocks: Vec::new(),
            span: Span::default(),
        })
        .collect();
    Chapter {
        notes,
        ..Chapter::default()
    }
}

/// The note found by its number, whether numbering starts at 1, goes
/// on from an earlier chapter, or (never made so, but possible in a
/// hand-built model) skips numbers.
#[test]
fn a_note_is_found_by_its_number() {
    let from_one = chapter_with_notes(&[1, 2, 3]);
    assert_eq!(from_one.note(2).map(|n| n.id.as_str()), Some("note-1"));
    assert!(from_one.note(0).is_none());
    assert!(from_one.note(4).is_none());
    let on_from_before = chapter_with_notes(&[40, 41, 42]);
    assert_eq!(
        on_from_before.note(42).map(|n| n.id.as_str()),
        Some("note-2")
    );
    assert!(on_from_before.note(39).is_none());
    let uneven = chapter_with_notes(&[1, 3, 4, 7]);
    assert_eq!(uneven.note(3).map(|n| n.id.as_str()), Some("note-1"));
    assert_eq!(uneven.note(7).map(|n| n.id.as_str()), Some("note-3"));
    assert!(uneven.note(2).is_none());
    assert!(chapter_with_notes(&[]).note(1).is_none());
}
