//! The printed contents: an entry per file (parts with their chapters
//! nested), set to the measure, broken into pages, and drawn with page
//! numbers and links once the pages are known.

use crate::model::{Book, ChapterKind, Inline};
use crate::pdf::book::Geometry;
use crate::pdf::flow;
use crate::pdf::fontset::FaceKind;
use crate::pdf::front::draw;
use crate::pdf::page::{Destination, Page, Rect};
use crate::pdf::paragraph::{Align, ParagraphStyle, SetLine, Typesetter};

/// One line of the contents.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentsEntry {
    /// Chapter number, if a numbered chapter.
    pub number: Option<String>,
    pub title: String,
    /// The destination id (`chapter-12`, `notes`).
    pub id: String,
    /// 1 for a chapter nested under its part, else 0.
    pub depth: usize,
    /// A part's entry: flush with the numbers, the head of its chapters.
    pub part: bool,
}

/// The contents: every file but dedications and epigraphs, the chapters
/// of a part indented under it, a part named with its label (“Part I.
/// The Craft”), and the book-end notes if `notes`, where they are set:
/// before a closing glossary, bibliography or colophon.
pub fn contents_entries(book: &Book, notes: bool) -> Vec<ContentsEntry> {
    let notes_at = book.files_before_notes();
    let mut notes_entry = notes.then(|| ContentsEntry {
        number: None,
        title: book.labels.notes.clone(),
        id: "notes".to_string(),
        depth: 0,
        part: false,
    });
    let mut out = Vec::new();
    for (position, c) in book.chapters.iter().enumerate() {
        if position == notes_at {
            out.extend(notes_entry.take());
        }
        if !c.in_contents() {
            continue;
        }
        let part = c.kind == ChapterKind::Part;
        // A numbered file without a title is listed by its label alone.
        let labelled = part || c.title_text.is_empty();
        out.push(ContentsEntry {
            number: if labelled { None } else { c.number.clone() },
            title: if labelled {
                c.nav_title(&book.labels)
            } else {
                c.title_text.clone()
            },
            id: c.id.clone(),
            depth: usize::from(c.part.is_some() && !part),
            part,
        });
    }
    out.extend(notes_entry);
    out
}

/// How far a nested entry is indented.
fn nest_indent(g: &Geometry) -> f32 {
    1.5 * g.size
}

/// Grid line where the contents list starts on its first page.
const CONTENTS_DROP: usize = 8;

/// The title of each entry set to its measure (it may wrap).
fn entry_lines(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    entries: &[ContentsEntry],
) -> Vec<Vec<SetLine>> {
    let number_col = 2.0 * g.size;
    let folio_col = 2.5 * g.size;
    let parts = entries.iter().any(|e| e.part);
    entries
        .iter()
        .map(|e| {
            let indent = e.depth as f32 * nest_indent(g) + title_column(e, number_col, parts);
            let style = ParagraphStyle {
                align: Align::Left,
                hyphenate: false,
                ..ParagraphStyle::body(g.size, g.measure - indent - folio_col, 0.0)
            };
            ts.set_paragraph(
                &[Inline::Text {
                    text: e.title.clone(),
                }],
                &style,
            )
            .lines
        })
        .collect()
}

/// Where an entry's title starts after its indent: past the number
/// column, except a part's, which heads its chapters flush with their
/// numbers, and, in contents with parts (`parts`), an unnumbered entry
/// outside them (a prologue, an afterword, the notes), flush with the
/// parts: it stood past a number column it has no number in, level with
/// nothing (a reviewer measured 73.5 pt against the parts' 51.5, the
/// numbers' 68 and the titles' 90).
fn title_column(entry: &ContentsEntry, number_col: f32, parts: bool) -> f32 {
    let top_level = parts && entry.depth == 0 && entry.number.is_none();
    if entry.part || top_level {
        0.0
    } else {
        number_col
    }
}

/// The grid lines each entry takes: its lines, and the blank lines
/// before it. Entries are a blank line apart when the contents fit one
/// page so; a longer contents is set solid, a blank line setting off
/// each part with its chapters (and what follows the last), so a novel's
/// thirty entries take one page and a half, not three.
fn entry_heights(
    set: &[Vec<SetLine>],
    entries: &[ContentsEntry],
    lines: usize,
) -> Vec<(usize, usize)> {
    let spaced: Vec<(usize, usize)> = set
        .iter()
        .enumerate()
        .map(|(k, l)| (usize::from(k > 0), l.len().max(1)))
        .collect();
    if contents_breaks(&spaced, lines)
        .last()
        .is_none_or(|&p| p == 0)
    {
        return spaced;
    }
    set.iter()
        .zip(entries)
        .enumerate()
        .map(|(k, (l, e))| {
            let after_part = k > 0 && e.depth == 0 && entries[k - 1].depth > 0;
            (usize::from(k > 0 && (e.part || after_part)), l.len().max(1))
        })
        .collect()
}

/// How many pages the contents take.
pub fn contents_pages(ts: &mut Typesetter<'_>, g: &Geometry, entries: &[ContentsEntry]) -> usize {
    let set = entry_lines(ts, g, entries);
    contents_breaks(&entry_heights(&set, entries, g.lines), g.lines)
        .last()
        .map_or(1, |&p| p + 1)
}

/// The fewest entries the last page of the contents holds when there
/// are as many to share: one entry alone on a page reads as left over.
const CONTENTS_LAST_PAGE_ENTRIES: usize = 3;

/// The page of each contents entry, by its blank lines before and its
/// lines ([`entry_heights`]): each page filled in turn (a page's first
/// entry without the blank before it), except that the last page takes
/// entries from the one before until it holds
/// [`CONTENTS_LAST_PAGE_ENTRIES`], so the page count stays and no entry
/// stands alone.
fn contents_breaks(heights: &[(usize, usize)], lines: usize) -> Vec<usize> {
    let mut pages = Vec::with_capacity(heights.len());
    let (mut page, mut grid) = (0, CONTENTS_DROP);
    for &(gap, h) in heights {
        if grid + gap + h > lines && grid > 0 {
            page += 1;
            grid = 0;
        }
        pages.push(page);
        grid += if grid == 0 { h } else { gap + h };
    }
    if page > 0 {
        let on_last = pages.iter().filter(|&&p| p == page).count();
        let on_before = pages.iter().filter(|&&p| p == page - 1).count();
        let mut room = lines.saturating_sub(
            heights
                .iter()
                .zip(&pages)
                .filter(|&(_, &p)| p == page)
                .map(|(&(gap, h), _)| gap + h)
                .sum::<usize>(),
        );
        // The last entries of the page before, from its end.
        for (moved, k) in (0..pages.len()).rev().skip(on_last).enumerate() {
            let (gap, h) = heights[k];
            if on_last + moved >= CONTENTS_LAST_PAGE_ENTRIES
                || on_before - moved <= CONTENTS_LAST_PAGE_ENTRIES
                || gap + h > room
            {
                break;
            }
            pages[k] = page;
            room -= gap + h;
        }
    }
    pages
}

/// Draws the contents on `pages`, the first of them the book's page
/// `start` (a recto); returns its links (page within `pages`, area,
/// destination id).
#[allow(clippy::too_many_arguments)]
pub fn contents(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    heading: &str,
    entries: &[ContentsEntry],
    places: &[(String, Option<Destination>)],
    folio: &dyn Fn(usize) -> String,
    start: usize,
    pages: &mut [Page],
) -> Vec<(usize, Rect, String)> {
    let mut links = Vec::new();
    let Some(first) = pages.first_mut() else {
        return links;
    };
    let left_of = |i: usize| g.left(start + i);
    let mut head = ts.set_small_caps(heading, g.size * 1.2);
    flow::track(&mut head, 0.15 * g.size);
    flow::centre(&mut head, g.measure);
    draw(first, &head, left_of(0), g.baseline(4));

    let number_col = 2.0 * g.size;
    let parts = entries.iter().any(|e| e.part);
    let set = entry_lines(ts, g, entries);
    let heights = entry_heights(&set, entries, g.lines);
    let breaks = contents_breaks(&heights, g.lines);
    let mut page = 0;
    let mut grid = CONTENTS_DROP;
    for ((((entry, lines), (_, place)), &on), &(gap, _)) in entries
        .iter()
        .zip(set)
        .zip(places)
        .zip(&breaks)
        .zip(&heights)
    {
        if on > page && on < pages.len() {
            page = on;
            grid = 0;
        } else {
            grid += gap;
        }
        let indent = entry.depth as f32 * nest_indent(g);
        let title_x = indent + title_column(entry, number_col, parts);
        let top = g.baseline(grid) - g.size;
        // A book bound on the right (Hebrew, Arabic) reads its contents
        // from the right: number, then title, flush right; folio on the
        // left.
        let mirrored = g.bound_right;
        let edge = left_of(page) + g.measure;
        let left = left_of(page) + indent;
        if let Some(n) = &entry.number {
            let num = ts.set_line(n, FaceKind::Regular, g.size);
            let x = if mirrored {
                edge - indent - num.width
            } else {
                left
            };
            draw(&mut pages[page], &num, x, g.baseline(grid));
        }
        for (j, line) in lines.iter().enumerate() {
            let x = if mirrored {
                edge - title_x - line.width
            } else {
                left_of(page) + title_x
            };
            draw(&mut pages[page], line, x, g.baseline(grid + j));
        }
        let last = grid + lines.len().max(1) - 1;
        if let Some(place) = place {
            let f = ts.set_line(&folio(place.page), FaceKind::Regular, g.size);
            let right = left_of(page) + g.measure;
            let (x, from, to) = if mirrored {
                (left_of(page), left_of(page), edge - indent)
            } else {
                (right - f.width, left, right)
            };
            draw(&mut pages[page], &f, x, g.baseline(last));
            links.push((
                page,
                Rect {
                    x: from,
                    y: top,
                    width: to - from,
                    height: g.baseline(last) - top + g.size * 0.3,
                },
                entry.id.clone(),
            ));
        }
        grid = last + 1;
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Titles in the contents: a part's flush with the numbers; in
    /// contents with parts, an unnumbered entry outside them (a prologue,
    /// the notes) flush with the parts; every other past the number column.
    #[test]
    fn unnumbered_entries_stand_with_the_parts() {
        let entry = |number: Option<&str>, depth: usize, part: bool| ContentsEntry {
            number: number.map(str::to_string),
            title: "T".into(),
            id: "t".into(),
            depth,
            part,
        };
        let col = 22.0;
        for (e, parts, x) in [
            (entry(None, 0, true), true, 0.0),
            (entry(None, 0, false), true, 0.0),
            (entry(None, 0, false), false, col),
            (entry(Some("3"), 1, false), true, col),
            (entry(Some("3"), 0, false), true, col),
            (entry(Some("3"), 0, false), false, col),
            (entry(None, 1, false), true, col),
        ] {
            assert_eq!(title_column(&e, col, parts), x, "{e:?} with parts {parts}");
        }
    }

    /// Entries of `heights` lines a blank line apart.
    fn spaced(heights: &[usize]) -> Vec<(usize, usize)> {
        heights
            .iter()
            .enumerate()
            .map(|(k, &h)| (usize::from(k > 0), h))
            .collect()
    }

    /// Entries per page, in order.
    fn per_page(pages: &[usize]) -> Vec<usize> {
        let mut counts = vec![0; pages.last().map_or(0, |&p| p + 1)];
        for &p in pages {
            counts[p] += 1;
        }
        counts
    }

    #[test]
    fn the_last_contents_page_never_holds_one_entry_alone() {
        // One-line entries on a 20-line page: 6 fit under the heading,
        // then 10 a page.
        assert_eq!(per_page(&contents_breaks(&spaced(&[1; 16]), 20)), [6, 10]);
        assert_eq!(per_page(&contents_breaks(&spaced(&[1; 17]), 20)), [6, 8, 3]);
        assert_eq!(per_page(&contents_breaks(&spaced(&[1; 18]), 20)), [6, 9, 3]);
        assert_eq!(
            per_page(&contents_breaks(&spaced(&[1; 19]), 20)),
            [6, 10, 3]
        );
        assert_eq!(per_page(&contents_breaks(&spaced(&[1; 5]), 20)), [5]);
        // An entry moves only where the last page has room for it.
        assert_eq!(
            per_page(&contents_breaks(&spaced(&[1, 1, 1, 1, 1, 1, 12, 1]), 20)),
            [5, 3]
        );
        assert_eq!(
            per_page(&contents_breaks(&spaced(&[1, 1, 1, 1, 1, 1, 17, 1]), 20)),
            [6, 2]
        );
        // Entries stay in order.
        let pages = contents_breaks(&spaced(&[1, 2, 1, 3, 1, 1, 2, 1, 1, 1, 2, 1]), 14);
        assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{pages:?}");
    }
}
