//! The printed contents: an entry per file (parts with their chapters
//! nested) and its sections to `toc-depth`, set to the measure, broken
//! into pages, and drawn with page numbers and links once the pages are
//! known.

use crate::lists::ListKind;
use crate::model::{Block, Book, ChapterKind, Inline};
use crate::pdf::book::Geometry;
use crate::pdf::flow;
use crate::pdf::front::draw;
use crate::pdf::page::{Destination, Page, Rect};
use crate::pdf::paragraph::{Align, ParagraphStyle, SetLine, Typesetter};

/// One line of the contents.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentsEntry {
    /// Chapter number, if a numbered chapter with a title: set in the
    /// number column.
    pub number: Option<String>,
    /// A numbered file's entry, its number in the number column or, with
    /// no title, in its label in the title column (“Chapter 6”).
    pub numbered: bool,
    /// The title, its emphasis kept ([`Inline::title_copy`]).
    pub title: Vec<Inline>,
    /// The destination id (`chapter-12`, `notes`).
    pub id: String,
    /// 1 for a chapter nested under its part, else 0.
    pub depth: usize,
    /// A part's entry: flush with the numbers, the head of its chapters.
    pub part: bool,
    /// 0 for a file's entry; 1 for a `##` section listed under it, 2 for
    /// a `###` one…
    pub section: u8,
    /// An entry of a list of figures or tables: its label and caption
    /// flush with the measure, their run-on lines hung ([`hang`]).
    pub caption: bool,
}

/// A contents entry and the grid lines it takes: the blank lines before
/// it and its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Height {
    gap: usize,
    lines: usize,
    /// An entry the next one is nested under (a part and its first
    /// chapter, a chapter and its first section, a section and its first
    /// subsection): it does not end a page above it.
    keep_with_next: bool,
}

/// The contents: every file but dedications and epigraphs, the chapters
/// of a part indented under it, a part named with its label (“Part I.
/// The Craft”), each file's sections to the book's `toc-depth` under it
/// (as the EPUB's navigation and the PDF's outline list them), and the
/// book-end notes if `notes`, where they are set: before a closing
/// glossary, bibliography or colophon; and the index last, when the
/// book has one.
pub fn contents_entries(book: &Book, notes: bool) -> Vec<ContentsEntry> {
    let notes_at = book.files_before_notes();
    let mut notes_entry = notes.then(|| section_entry(&book.labels.notes, "notes"));
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
        let depth = usize::from(c.part.is_some() && !part);
        out.push(ContentsEntry {
            // In the book's digits, as its folios are.
            number: if labelled {
                None
            } else {
                c.number.as_deref().map(|n| book.labels.numerals.digits(n))
            },
            title: if labelled {
                c.nav_title_inlines(&book.labels)
            } else {
                Inline::title_copy(&c.title)
            },
            id: c.id.clone(),
            numbered: c.number.is_some(),
            depth,
            part,
            section: 0,
            caption: false,
        });
        out.extend(
            Block::headings(&c.blocks)
                .into_iter()
                .filter(|(level, _, _)| (2..=book.toc_depth).contains(level))
                .map(|(level, id, content)| ContentsEntry {
                    number: None,
                    title: Inline::title_copy(content),
                    id: id.to_string(),
                    numbered: false,
                    depth,
                    part: false,
                    section: level - 1,
                    caption: false,
                }),
        );
    }
    out.extend(notes_entry);
    // The index closes the book (`pdf::index`).
    if crate::index::has_marks(book) {
        out.push(section_entry(
            &book.labels.index,
            crate::pdf::index::INDEX_ID,
        ));
    }
    out
}

/// The entry of a section bookpack makes (the notes, the index): its
/// title alone, flush with the unnumbered files.
fn section_entry(title: &str, id: &str) -> ContentsEntry {
    ContentsEntry {
        number: None,
        title: vec![Inline::Text {
            text: title.to_string(),
        }],
        id: id.to_string(),
        numbered: false,
        depth: 0,
        part: false,
        section: 0,
        caption: false,
    }
}

/// The contents' entries of the lists of figures and tables the book
/// prints, which follow the contents: first in them, flush with the
/// parts as an unnumbered file's entry is.
pub fn lists_in_contents(book: &Book) -> Vec<ContentsEntry> {
    crate::lists::printed(book)
        .into_iter()
        .map(|kind| ContentsEntry {
            number: None,
            numbered: false,
            title: vec![Inline::Text {
                text: kind.title(book).to_string(),
            }],
            id: kind.id().to_string(),
            depth: 0,
            part: false,
            section: 0,
            caption: false,
        })
        .collect()
}

/// The entries of one list of figures or tables ([`crate::lists`]): each
/// figure's label and caption, linked to it.
pub fn list_entries(book: &Book, kind: ListKind) -> Vec<ContentsEntry> {
    crate::lists::entries(book, kind)
        .into_iter()
        .map(|entry| ContentsEntry {
            number: None,
            numbered: false,
            title: entry.words,
            id: entry.id,
            depth: 0,
            part: false,
            section: 0,
            caption: true,
        })
        .collect()
}

/// How far a nested entry is indented.
fn nest_indent(g: &Geometry) -> f32 {
    1.5 * g.size
}

/// How far each entry's title stands from the measure's start: a file's
/// past its nesting and its column ([`title_column`]), a section's one em
/// a level further in than its file's title.
fn title_offsets(g: &Geometry, entries: &[ContentsEntry]) -> Vec<f32> {
    let number_col = 2.0 * g.size;
    let parts = entries.iter().any(|e| e.part);
    let mut file_title = 0.0;
    entries
        .iter()
        .map(|e| {
            if e.section == 0 {
                file_title = e.depth as f32 * nest_indent(g) + title_column(e, number_col, parts);
                file_title
            } else {
                file_title + f32::from(e.section) * g.size
            }
        })
        .collect()
}

/// Grid line where the contents list starts on its first page, its
/// heading four lines above.
const CONTENTS_DROP: usize = 8;

/// The highest the list may start on its first page, its heading
/// moving up with it, when that keeps the contents to one page: a
/// novel's 26 entries ran 3 onto a second page for want of two
/// lines (PDF review 44). Its heading still stands two lines down.
const CONTENTS_DROP_MIN: usize = 6;

/// How far the heading stands above the list.
const CONTENTS_HEAD_ABOVE: usize = 4;

/// The title of each entry set to its measure: up to the folio column,
/// from its title's offset ([`title_offsets`]). A title that wraps is
/// broken into lines of even length, and a section's run-on lines go in
/// by its [`hang`] while its first line keeps the full measure.
fn entry_lines(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    entries: &[ContentsEntry],
) -> Vec<Vec<SetLine>> {
    let folio_col = 2.5 * g.size;
    entries
        .iter()
        .zip(title_offsets(g, entries))
        .map(|(e, indent)| {
            let style = ParagraphStyle {
                align: Align::Left,
                hyphenate: false,
                ..ParagraphStyle::body(g.size, g.measure - indent - folio_col, 0.0)
            };
            let mut lines = set_entry(ts, &e.title, &style);
            let hang = hang(g, e);
            if lines.len() > 1 && hang > 0.0 {
                // The run-on lines' measure, the first line outdented to
                // the full one.
                let hanging = ParagraphStyle {
                    measure: style.measure - hang,
                    indent: -hang,
                    ..style
                };
                lines = set_entry(ts, &e.title, &hanging);
            }
            lines
        })
        .collect()
}

/// One entry's title in `style`, balanced; a word longer than the measure
/// is hyphenated (or, with no break point, broken) rather than run over
/// the page numbers.
fn set_entry(ts: &mut Typesetter<'_>, title: &[Inline], style: &ParagraphStyle) -> Vec<SetLine> {
    let set = ts.set_balanced(title, style);
    if set.lines.iter().any(|l| l.overfull) {
        let hyphenated = ParagraphStyle {
            hyphenate: true,
            ..*style
        };
        return ts.set_balanced(title, &hyphenated).lines;
    }
    set.lines
}

/// Where a wrapped entry's lines stand from its title's offset: a
/// section's run on two ems in, its first line outdented back to the
/// offset ([`entry_lines`]) — set solid under each other, a wrapped
/// section title would read as two sections, or, one em in, as a section
/// and one a level below. A file's title wraps to its own column, under
/// which its number hangs.
fn hang(g: &Geometry, entry: &ContentsEntry) -> f32 {
    if entry.section > 0 || entry.caption {
        2.0 * g.size
    } else {
        0.0
    }
}

/// Where an entry's title starts after its indent: past the number
/// column, except a part's, which heads its chapters flush with their
/// numbers, and, in contents with parts (`parts`), an unnumbered entry
/// outside them (a prologue, an afterword, the notes), flush with the
/// parts: it stood past a number column it has no number in, level with
/// nothing (a reviewer measured 73.5 pt against the parts' 51.5, the
/// numbers' 68 and the titles' 90).
///
/// A numbered file with no title is listed by its label (“Chapter 6”)
/// in the title column, its number column empty, inside a part or out:
/// it is one of the numbered chapters around it, and its label reads
/// as their titles do (set flush with the parts, a reviewer found it in
/// the number column outside them and in the title column inside).
fn title_column(entry: &ContentsEntry, number_col: f32, parts: bool) -> f32 {
    let top_level = parts && entry.depth == 0 && !entry.numbered;
    if entry.part || top_level || entry.caption {
        0.0
    } else {
        number_col
    }
}

/// The grid lines each entry takes: its lines, and the blank lines
/// before it. Files' entries are a blank line apart when the contents
/// fit one page so, their sections set solid under them; a longer
/// contents is set solid, a blank line setting off each part with its
/// chapters (and what follows the last), so a novel's thirty entries take
/// one page and a half, not three.
fn entry_heights(set: &[Vec<SetLine>], entries: &[ContentsEntry], lines: usize) -> Vec<Height> {
    let height = |k: usize, gap: bool| Height {
        gap: usize::from(k > 0 && gap),
        lines: set[k].len().max(1),
        keep_with_next: entries
            .get(k + 1)
            .is_some_and(|next| heads(&entries[k], next)),
    };
    let spaced: Vec<Height> = (0..entries.len())
        .map(|k| height(k, entries[k].section == 0))
        .collect();
    if contents_breaks(&spaced, lines, CONTENTS_DROP)
        .last()
        .is_none_or(|&p| p == 0)
    {
        return spaced;
    }
    (0..entries.len())
        .map(|k| {
            let e = &entries[k];
            let after_part = k > 0 && e.section == 0 && e.depth == 0 && entries[k - 1].depth > 0;
            height(k, e.part || after_part)
        })
        .collect()
}

/// Whether `next`, the entry after `entry`, is nested under it: a part's
/// first chapter, a file's first section, a section's first subsection.
fn heads(entry: &ContentsEntry, next: &ContentsEntry) -> bool {
    (entry.part && next.depth > entry.depth) || next.section > entry.section
}

/// How many pages the contents take.
pub fn contents_pages(ts: &mut Typesetter<'_>, g: &Geometry, entries: &[ContentsEntry]) -> usize {
    let set = entry_lines(ts, g, entries);
    placed(&entry_heights(&set, entries, g.lines), g.lines)
        .1
        .last()
        .map_or(1, |&p| p + 1)
}

/// The grid line the list starts on and the page of each entry
/// ([`contents_breaks`]): the list starts at [`CONTENTS_DROP`], or as
/// little higher as keeps it to one page, down to [`CONTENTS_DROP_MIN`].
fn placed(heights: &[Height], lines: usize) -> (usize, Vec<usize>) {
    (CONTENTS_DROP_MIN..=CONTENTS_DROP)
        .rev()
        .map(|drop| (drop, contents_breaks(heights, lines, drop)))
        .find(|(_, pages)| pages.last().is_none_or(|&p| p == 0))
        .unwrap_or_else(|| {
            (
                CONTENTS_DROP,
                contents_breaks(heights, lines, CONTENTS_DROP),
            )
        })
}

/// The fewest entries the last page of the contents holds when there
/// are as many to share: one entry alone on a page reads as left over.
const CONTENTS_LAST_PAGE_ENTRIES: usize = 3;

/// The fewest grid lines the last page of the contents holds, as a
/// share of a page's (a quarter: 8 lines of 34), when the page before
/// can spare them: three one-line entries on a turnover still read as
/// left over (PDF review 44).
const CONTENTS_LAST_PAGE_SHARE: usize = 4;

/// The page of each contents entry, by its blank lines before and its
/// lines ([`entry_heights`]), the list starting at grid line `drop` on
/// its first page: each page filled in turn (a page's first entry
/// without the blank before it), a file's entry carried over with its
/// first section rather than left at the foot of a page, except that
/// the last page takes entries from the one before until it holds
/// [`CONTENTS_LAST_PAGE_ENTRIES`] and a [`CONTENTS_LAST_PAGE_SHARE`] of
/// a page's lines, so the page count stays and no entry or small group
/// stands alone.
fn contents_breaks(heights: &[Height], lines: usize, drop: usize) -> Vec<usize> {
    let mut pages: Vec<usize> = Vec::with_capacity(heights.len());
    let (mut page, mut grid) = (0, drop);
    for (k, h) in heights.iter().enumerate() {
        if grid + h.gap + h.lines > lines && grid > 0 {
            page += 1;
            grid = 0;
            // The entries above that head this one (a part, its first
            // chapter, that chapter's first section) go over with it,
            // unless that would leave their page without an entry.
            let mut first = k;
            while first > 0 && heights[first - 1].keep_with_next && pages[first - 1] == page - 1 {
                first -= 1;
            }
            if first < k && first > 0 && pages[first - 1] == page - 1 {
                for (j, carried) in heights.iter().enumerate().take(k).skip(first) {
                    pages[j] = page;
                    grid += if j == first {
                        carried.lines
                    } else {
                        carried.gap + carried.lines
                    };
                }
            }
        }
        pages.push(page);
        grid += if grid == 0 { h.lines } else { h.gap + h.lines };
    }
    if page > 0 {
        balance_last_page(heights, &mut pages, lines);
    }
    pages
}

/// Grid lines the entries on page `page` take: each with the blank
/// before it but the first, under the list's `drop` on the first page.
fn page_lines(heights: &[Height], pages: &[usize], page: usize, drop: usize) -> usize {
    let mut on = heights.iter().zip(pages).filter(|&(_, &p)| p == page);
    let first = on.next().map_or(0, |(h, _)| h.lines);
    let top = if page == 0 { drop } else { 0 };
    top + first + on.map(|(h, _)| h.gap + h.lines).sum::<usize>()
}

/// Moves entries from the end of the page before the last onto the
/// last ([`contents_breaks`]); an entry that heads the one moved goes
/// with it while there is room.
fn balance_last_page(heights: &[Height], pages: &mut [usize], lines: usize) {
    let page = pages[pages.len() - 1];
    let on_last = pages.iter().filter(|&&p| p == page).count();
    let on_before = pages.iter().filter(|&&p| p == page - 1).count();
    let mut held = page_lines(heights, pages, page, 0);
    let share = lines / CONTENTS_LAST_PAGE_SHARE;
    for (moved, k) in (0..pages.len()).rev().skip(on_last).enumerate() {
        let h = heights[k];
        // The entry after this one is on the last page by now, its first,
        // and takes its blank line when this one goes above it.
        let grows = h.lines + heights[k + 1].gap;
        let heads_next = h.keep_with_next;
        let enough = (on_last + moved >= CONTENTS_LAST_PAGE_ENTRIES && held >= share)
            || on_before - moved <= CONTENTS_LAST_PAGE_ENTRIES;
        if (enough && !heads_next) || on_before - moved <= 1 || held + grows > lines {
            if heads_next && moved > 0 {
                // It cannot follow: the entry it heads, moved here,
                // goes back to it.
                pages[k + 1] = page - 1;
            }
            break;
        }
        pages[k] = page;
        held += grows;
    }
}

/// Draws the contents, or a list of figures or tables, headed `head`,
/// on `pages`, the first of them the book's page `start`; returns its
/// links (page within `pages`, area, destination id).
#[allow(clippy::too_many_arguments)]
pub fn contents(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    book: &Book,
    head: &str,
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
    let mut head = ts.set_small_caps(head, g.size * 1.2);
    let lining = crate::pdf::folios::lining(book);
    crate::pdf::tracking::track(&mut head, 0.15 * g.size);
    flow::centre(&mut head, g.measure);
    let set = entry_lines(ts, g, entries);
    let heights = entry_heights(&set, entries, g.lines);
    let (drop, breaks) = placed(&heights, g.lines);
    draw(
        first,
        &head,
        left_of(0),
        g.baseline(drop - CONTENTS_HEAD_ABOVE),
    );
    let offsets = title_offsets(g, entries);
    let mut page = 0;
    let mut grid = drop;
    for (((((entry, lines), (_, place)), &on), height), title_x) in entries
        .iter()
        .zip(set)
        .zip(places)
        .zip(&breaks)
        .zip(&heights)
        .zip(offsets)
    {
        if on > page && on < pages.len() {
            page = on;
            grid = 0;
        } else {
            grid += height.gap;
        }
        // Where the entry starts: a file's number (or title), a section's
        // title; its link's area starts there.
        let indent = if entry.section > 0 {
            title_x
        } else {
            entry.depth as f32 * nest_indent(g)
        };
        let top = g.baseline(grid) - g.size;
        // A book bound on the right (Hebrew, Arabic) reads its contents
        // from the right: number, then title, flush right; folio on the
        // left.
        let mirrored = g.bound_right;
        let edge = left_of(page) + g.measure;
        let left = left_of(page) + indent;
        if let Some(n) = &entry.number {
            let num = ts.set_figures(n, g.size, lining);
            let x = if mirrored {
                edge - indent - num.width
            } else {
                left
            };
            draw(&mut pages[page], &num, x, g.baseline(grid));
        }
        // A wrapped section's first line is outdented within its line
        // ([`entry_lines`]): every line is placed at the hang.
        let line_x = title_x + if lines.len() > 1 { hang(g, entry) } else { 0.0 };
        for (j, line) in lines.iter().enumerate() {
            let x = if mirrored {
                edge - line_x - line.width
            } else {
                left_of(page) + line_x
            };
            draw(&mut pages[page], line, x, g.baseline(grid + j));
        }
        let last = grid + lines.len().max(1) - 1;
        if let Some(place) = place {
            let f = ts.set_figures(&folio(place.page), g.size, lining);
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
mod tests;
