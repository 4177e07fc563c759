//! The printed contents: an entry per file (parts with their chapters
//! nested) and its sections to `toc-depth`, set to the measure, broken
//! into pages, and drawn with page numbers and links once the pages are
//! known.

use crate::model::{Block, Book, ChapterKind, Inline};
use crate::pdf::book::Geometry;
use crate::pdf::flow;
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
    /// 0 for a file's entry; 1 for a `##` section listed under it, 2 for
    /// a `###` one…
    pub section: u8,
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
/// glossary, bibliography or colophon.
pub fn contents_entries(book: &Book, notes: bool) -> Vec<ContentsEntry> {
    let notes_at = book.files_before_notes();
    let mut notes_entry = notes.then(|| ContentsEntry {
        number: None,
        title: book.labels.notes.clone(),
        id: "notes".to_string(),
        depth: 0,
        part: false,
        section: 0,
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
        let depth = usize::from(c.part.is_some() && !part);
        out.push(ContentsEntry {
            number: if labelled { None } else { c.number.clone() },
            title: if labelled {
                c.nav_title(&book.labels)
            } else {
                c.title_text.clone()
            },
            id: c.id.clone(),
            depth,
            part,
            section: 0,
        });
        out.extend(
            Block::headings(&c.blocks)
                .into_iter()
                .filter(|(level, _, _)| (2..=book.toc_depth).contains(level))
                .map(|(level, id, content)| ContentsEntry {
                    number: None,
                    title: Inline::plain_text(content),
                    id: id.to_string(),
                    depth,
                    part: false,
                    section: level - 1,
                }),
        );
    }
    out.extend(notes_entry);
    out
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

/// Grid line where the contents list starts on its first page.
const CONTENTS_DROP: usize = 8;

/// The title of each entry set to its measure (it may wrap).
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
                ..ParagraphStyle::body(g.size, g.measure - indent - hang(g, e) - folio_col, 0.0)
            };
            let title = [Inline::Text {
                text: e.title.clone(),
            }];
            let set = ts.set_paragraph(&title, &style);
            // A word longer than the measure is hyphenated (or, with no
            // break point, broken) rather than run over the page numbers.
            if set.lines.iter().any(|l| l.overfull) {
                let hyphenated = ParagraphStyle {
                    hyphenate: true,
                    ..style
                };
                return ts.set_paragraph(&title, &hyphenated).lines;
            }
            set.lines
        })
        .collect()
}

/// How far a section's title runs in on its lines after the first: set
/// solid under each other, a wrapped title would read as two sections,
/// or as a section and one a level below (one em in), so it goes two
/// ems in. A file's title wraps to its own column, under which its
/// number hangs.
fn hang(g: &Geometry, entry: &ContentsEntry) -> f32 {
    if entry.section > 0 {
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
fn title_column(entry: &ContentsEntry, number_col: f32, parts: bool) -> f32 {
    let top_level = parts && entry.depth == 0 && entry.number.is_none();
    if entry.part || top_level {
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
    if contents_breaks(&spaced, lines)
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
    contents_breaks(&entry_heights(&set, entries, g.lines), g.lines)
        .last()
        .map_or(1, |&p| p + 1)
}

/// The fewest entries the last page of the contents holds when there
/// are as many to share: one entry alone on a page reads as left over.
const CONTENTS_LAST_PAGE_ENTRIES: usize = 3;

/// The page of each contents entry, by its blank lines before and its
/// lines ([`entry_heights`]): each page filled in turn (a page's first
/// entry without the blank before it), a file's entry carried over with
/// its first section rather than left at the foot of a page, except that
/// the last page takes entries from the one before until it holds
/// [`CONTENTS_LAST_PAGE_ENTRIES`], so the page count stays and no entry
/// stands alone.
fn contents_breaks(heights: &[Height], lines: usize) -> Vec<usize> {
    let mut pages: Vec<usize> = Vec::with_capacity(heights.len());
    let (mut page, mut grid) = (0, CONTENTS_DROP);
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
        let on_last = pages.iter().filter(|&&p| p == page).count();
        let on_before = pages.iter().filter(|&&p| p == page - 1).count();
        let mut room = lines.saturating_sub(
            heights
                .iter()
                .zip(&pages)
                .filter(|&(_, &p)| p == page)
                .map(|(h, _)| h.gap + h.lines)
                .sum::<usize>(),
        );
        // The last entries of the page before, from its end; an entry
        // that heads the one moved goes with it while there is room.
        for (moved, k) in (0..pages.len()).rev().skip(on_last).enumerate() {
            let h = heights[k];
            // The entry after this one is on the last page by now.
            let heads_next = h.keep_with_next;
            let enough = on_last + moved >= CONTENTS_LAST_PAGE_ENTRIES
                || on_before - moved <= CONTENTS_LAST_PAGE_ENTRIES;
            if (enough && !heads_next) || on_before - moved <= 1 || h.gap + h.lines > room {
                if heads_next && moved > 0 {
                    // It cannot follow: the entry it heads, moved here,
                    // goes back to it.
                    pages[k + 1] = page - 1;
                }
                break;
            }
            pages[k] = page;
            room -= h.gap + h.lines;
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
    book: &Book,
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
    let mut head = ts.set_small_caps(&book.labels.contents, g.size * 1.2);
    let lining = crate::pdf::folios::lining(book);
    flow::track(&mut head, 0.15 * g.size);
    flow::centre(&mut head, g.measure);
    draw(first, &head, left_of(0), g.baseline(4));

    let set = entry_lines(ts, g, entries);
    let heights = entry_heights(&set, entries, g.lines);
    let breaks = contents_breaks(&heights, g.lines);
    let offsets = title_offsets(g, entries);
    let mut page = 0;
    let mut grid = CONTENTS_DROP;
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
        for (j, line) in lines.iter().enumerate() {
            let line_x = title_x + if j > 0 { hang(g, entry) } else { 0.0 };
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
            section: 0,
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
    fn spaced(heights: &[usize]) -> Vec<Height> {
        heights
            .iter()
            .enumerate()
            .map(|(k, &lines)| Height {
                gap: usize::from(k > 0),
                lines,
                keep_with_next: false,
            })
            .collect()
    }

    /// Parts' (`'P'`) and files' entries (`'F'`) a blank line apart,
    /// each file followed by its sections (`'s'`) set solid; a part keeps
    /// with its first file, a file with its first section.
    fn files_and_sections(pattern: &str) -> Vec<Height> {
        let kinds: Vec<char> = pattern.chars().collect();
        kinds
            .iter()
            .enumerate()
            .map(|(k, &c)| Height {
                gap: usize::from(k > 0 && c != 's'),
                lines: 1,
                keep_with_next: c == 'P' || (c == 'F' && kinds.get(k + 1) == Some(&'s')),
            })
            .collect()
    }

    /// Whether every file's entry with sections is on the page of its
    /// first section.
    fn kept(heights: &[Height], pages: &[usize]) -> bool {
        (0..heights.len() - 1).all(|k| !heights[k].keep_with_next || pages[k] == pages[k + 1])
    }

    /// `heights` with no entry kept with the next.
    fn loose(heights: &[Height]) -> Vec<Height> {
        heights
            .iter()
            .map(|h| Height {
                keep_with_next: false,
                ..*h
            })
            .collect()
    }

    #[test]
    fn a_files_entry_never_ends_a_page_above_its_sections() {
        // A 20-line page with 12 lines under the heading: the third
        // file's entry (the tenth) would take the last line, its first
        // section the next page's first.
        let heights = files_and_sections("FssssFsssFsss");
        let pages = contents_breaks(&heights, 20);
        assert!(kept(&heights, &pages), "{pages:?}");
        assert_eq!(pages[9], 1, "{pages:?}");
        assert!(!kept(&heights, &contents_breaks(&loose(&heights), 20)));
        // On 16-line pages the third page would hold one file and its
        // section; the last page's balancing brings it the section
        // before them, and that section's file with it.
        let heights = files_and_sections("FsFsFsFsFsFsFsFsFs");
        let pages = contents_breaks(&heights, 16);
        assert!(kept(&heights, &pages), "{pages:?}");
        assert_eq!(per_page(&pages), [6, 8, 4]);
        assert!(!kept(&heights, &contents_breaks(&loose(&heights), 16)));
        assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{pages:?}");
        // A part and its first chapter, both at a page's foot above the
        // chapter's first section, go over together.
        let heights = files_and_sections("FsssFssPFss");
        let pages = contents_breaks(&heights, 20);
        assert!(kept(&heights, &pages), "{pages:?}");
        assert_eq!(&pages[6..], [0, 1, 1, 1, 1], "{pages:?}");
        assert!(!kept(&heights, &contents_breaks(&loose(&heights), 20)));
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
