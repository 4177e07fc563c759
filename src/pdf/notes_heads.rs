//! The recto running heads of the book-end notes: "Notes to pages 12–18", the folios of the references whose notes the spread holds (Chicago 14.43), so a reader turning back finds the run for the page they left.

use std::collections::BTreeMap;

use crate::labels::fill;
use crate::model::{Book, NotesPlacement};
use crate::pdf::folios::Folios;
use crate::pdf::geometry::Geometry;
use crate::pdf::sheets::{PageKind, Sheets};

/// How near (in points) a place must be to the top of a page's first
/// line to be that line's.
const SAME_LINE: f32 = 0.5;

/// The head of each recto page of the book-end notes that holds notes or
/// faces a page that does: the pages of their references, those of the
/// verso before it with its own, since this book's rectos carry the
/// section's head and its versos the book's. None if the notes are not
/// at the book's end.
pub(crate) fn notes_heads(
    book: &Book,
    g: &Geometry,
    sheets: &Sheets,
    folios: &Folios,
) -> BTreeMap<usize, String> {
    let mut out = BTreeMap::new();
    if book.pdf.notes != NotesPlacement::BookEnd {
        return out;
    }
    let Some(open) = sheets.places.get("notes") else {
        return out;
    };
    // The notes' pages: their opening and the text pages after it that
    // carry their head.
    let first = open.page;
    let mut end = first + 1;
    while matches!(&sheets.kinds.get(end), Some(PageKind::Text { head }) if *head == book.labels.notes)
    {
        end += 1;
    }
    let on = referenced(book, g, sheets, first..end);
    for page in first..end {
        if !Geometry::is_recto(page) || !matches!(sheets.kinds[page], PageKind::Text { .. }) {
            continue;
        }
        let mut spread = on[page - first].clone();
        if page > first {
            spread.extend(&on[page - 1 - first]);
        }
        let (Some(low), Some(high)) = (spread.iter().min(), spread.iter().max()) else {
            continue;
        };
        let head = if low == high {
            fill(&book.labels.notes_to_page, &[("page", &folios.text(*low))])
        } else {
            fill(
                &book.labels.notes_to_pages,
                &[("first", &folios.text(*low)), ("last", &folios.text(*high))],
            )
        };
        out.insert(page, head);
    }
    out
}

/// For each page of `pages`, the pages of the references of the notes set
/// on it: those that start there, and the one before them that runs on
/// to it when the page does not open with a note or a chapter's group
/// heading.
fn referenced(
    book: &Book,
    g: &Geometry,
    sheets: &Sheets,
    pages: std::ops::Range<usize>,
) -> Vec<Vec<usize>> {
    let ng = g.notes();
    // The places' heights on a page's first line: a note's (the top of
    // its first line), a group heading's (a leading above its baseline).
    let tops = [ng.baseline(0) - ng.size, ng.baseline(0) - ng.leading];
    let at_top = |y: f32| tops.iter().any(|t| (t - y).abs() < SAME_LINE);
    let mut on = vec![Vec::new(); pages.len()];
    let mut fresh = vec![false; pages.len()];
    let mut last_before: Vec<Option<usize>> = vec![None; pages.len()];
    let mark = |page: usize, y: f32, fresh: &mut [bool]| {
        if pages.contains(&page) && at_top(y) {
            fresh[page - pages.start] = true;
        }
    };
    for chapter in &book.chapters {
        if let Some(heading) = sheets.places.get(&format!("notes-{}", chapter.id)) {
            mark(heading.page, heading.y, &mut fresh);
        }
        for note in &chapter.notes {
            let Some(place) = sheets.places.get(&note.id) else {
                continue;
            };
            mark(place.page, place.y, &mut fresh);
            let reference = sheets.places.get(&note.ref_id).map(|r| r.page);
            if pages.contains(&place.page) {
                on[place.page - pages.start].extend(reference);
            }
            // The last note started before each later page, in order.
            for (k, before) in last_before.iter_mut().enumerate() {
                if place.page < pages.start + k {
                    *before = reference;
                }
            }
        }
    }
    for k in 1..pages.len() {
        if !fresh[k] {
            if let Some(reference) = last_before[k] {
                on[k].push(reference);
            }
        }
    }
    on
}
