//! The PDF outline (bookmarks): the contents, the lists of figures and tables, each part with its chapters nested, each chapter with its sections to `toc-depth`, the notes by chapter, and the index.

use std::collections::BTreeMap;

use crate::model::{Block, Book, ChapterKind, Inline};
use crate::pdf::page::{Destination, OutlineEntry};

/// Bookmarks for every place the book has drawn: `places` maps ids
/// (`contents`, `loi`, `lot`, chapter and heading ids, `notes`, `notes-<chapter id>`)
/// to where they are. Dedications and epigraphs are left out, as from the
/// contents; headings deeper than `toc_depth` too (1 = chapters only).
pub(crate) fn outline(
    book: &Book,
    places: &BTreeMap<String, Destination>,
    book_end_notes: bool,
) -> Vec<OutlineEntry> {
    let mut out = Vec::new();
    if let Some(d) = places.get("contents") {
        out.push(OutlineEntry {
            title: book.labels.contents.clone(),
            target: *d,
            children: Vec::new(),
        });
    }
    for kind in crate::lists::printed(book) {
        if let Some(d) = places.get(kind.id()) {
            out.push(OutlineEntry {
                title: kind.title(book).to_string(),
                target: *d,
                children: Vec::new(),
            });
        }
    }
    let notes_at = book.files_before_notes();
    let mut notes = book_end_notes.then(|| notes_entry(book, places)).flatten();
    // Index in `out` of the part each chapter may nest under.
    let mut parts: BTreeMap<&str, usize> = BTreeMap::new();
    for (position, chapter) in book.chapters.iter().enumerate() {
        if position == notes_at {
            out.extend(notes.take());
        }
        if !chapter.in_contents() {
            continue;
        }
        let Some(d) = places.get(&chapter.id) else {
            continue;
        };
        let entry = OutlineEntry {
            title: chapter.nav_title(&book.labels),
            target: *d,
            children: sections(&chapter.blocks, places, book.toc_depth),
        };
        let part = chapter.part.as_deref().and_then(|p| parts.get(p).copied());
        match part {
            Some(i) if chapter.kind != ChapterKind::Part => out[i].children.push(entry),
            _ => {
                if chapter.kind == ChapterKind::Part {
                    parts.insert(&chapter.id, out.len());
                }
                out.push(entry);
            }
        }
    }
    out.extend(notes);
    if let Some(d) = places.get(crate::pdf::index::INDEX_ID) {
        out.push(OutlineEntry {
            title: book.labels.index.clone(),
            target: *d,
            children: Vec::new(),
        });
    }
    out
}

/// The book-end notes' bookmark, with one child per chapter's group, if
/// the notes were drawn.
fn notes_entry(book: &Book, places: &BTreeMap<String, Destination>) -> Option<OutlineEntry> {
    let d = places.get("notes")?;
    let children = book
        .chapters
        .iter()
        .filter_map(|c| {
            places
                .get(&format!("notes-{}", c.id))
                .map(|d| OutlineEntry {
                    title: c.nav_title(&book.labels),
                    target: *d,
                    children: Vec::new(),
                })
        })
        .collect();
    Some(OutlineEntry {
        title: book.labels.notes.clone(),
        target: *d,
        children,
    })
}

/// A chapter's headings of level 2 to `depth` that have a place, nested
/// by level (levels are normalised, so none is skipped).
fn sections(
    blocks: &[Block],
    places: &BTreeMap<String, Destination>,
    depth: u8,
) -> Vec<OutlineEntry> {
    let headings: Vec<(u8, OutlineEntry)> = Block::headings(blocks)
        .into_iter()
        .filter(|(level, _, _)| *level <= depth)
        .filter_map(|(level, id, content)| {
            places.get(id).map(|d| {
                (
                    level,
                    OutlineEntry {
                        title: Inline::plain_text(content),
                        target: *d,
                        children: Vec::new(),
                    },
                )
            })
        })
        .collect();
    nest(&headings)
}

/// Each entry of `items` with the deeper entries that follow it (up to
/// the next at its level or above) as its children.
fn nest(items: &[(u8, OutlineEntry)]) -> Vec<OutlineEntry> {
    let mut out: Vec<OutlineEntry> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let (l, entry) = &items[i];
        let end = items[i + 1..]
            .iter()
            .position(|(m, _)| *m <= *l)
            .map_or(items.len(), |p| i + 1 + p);
        let mut entry = entry.clone();
        entry.children = nest(&items[i + 1..end]);
        out.push(entry);
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str) -> OutlineEntry {
        OutlineEntry {
            title: title.to_string(),
            target: Destination { page: 0, y: 0.0 },
            children: Vec::new(),
        }
    }

    fn shape(entries: &[OutlineEntry]) -> String {
        entries
            .iter()
            .map(|e| {
                if e.children.is_empty() {
                    e.title.clone()
                } else {
                    format!("{}({})", e.title, shape(&e.children))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn sections_nest_under_the_section_above_them() {
        let items = vec![
            (2, entry("a")),
            (3, entry("a1")),
            (4, entry("a1x")),
            (3, entry("a2")),
            (2, entry("b")),
            (3, entry("b1")),
        ];
        assert_eq!(shape(&nest(&items)), "a(a1(a1x) a2) b(b1)");
    }
}
