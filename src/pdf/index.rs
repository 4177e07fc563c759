//! The printed index: the book's index entries set small in two columns from a recto after the last chapter, each locator the page its mark fell on, linked there.
//!
//! As trade books print it (Chicago 16.131–16.140): the notes' smaller
//! size and leading, two columns a pica apart, entries ragged right with
//! their turnover lines hung deeper than any sub-entry, sub-entries an em
//! in per level, a bold letter over each letter's entries and a blank
//! line before it, the last page's columns balanced. A locator is the
//! folio of the page a mark was set on, each page once, three pages or
//! more in a row as a range ("112–114"); it links to the first mark on
//! that page. Cross-references follow the locators in italic: "Mao
//! Zedong, 12, 14. *See also* China"; a sub-entry's in brackets. An
//! entry that runs from one column or page to the next repeats its
//! heading with the label `continued` over the sub-entries that carry on.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::index::{capitalized, target_headings, BookIndex, Entry, Locator};
use crate::model::{Book, Inline, LinkTarget};
use crate::pdf::folios::Folios;
use crate::pdf::fontset::FaceKind;
use crate::pdf::geometry::Geometry;
use crate::pdf::opening::{draw_opening, to_recto, Opening};
use crate::pdf::page::Destination;
use crate::pdf::paragraph::{Align, ParagraphStyle, SetLine, Typesetter};
use crate::pdf::sheets::{PageKind, Sheets};

/// The index's id: the contents and the outline link to it.
pub(crate) const INDEX_ID: &str = "index";

/// Consecutive pages at least this many are printed as a range.
const RANGE_FROM: usize = 3;

/// One thing the columns stack: a letter's heading or one entry's lines.
struct Unit {
    lines: Vec<SetLine>,
    /// From the column's left edge to where the lines are drawn.
    x: f32,
    /// Blank lines before it, dropped at a column's top.
    gap: usize,
    /// A letter's heading, or an entry over its sub-entries: not the
    /// last thing in a column.
    keep_with_next: bool,
    /// The entries it is under, outermost first, for a `continued`
    /// heading when it opens a column away from them (entries only).
    parents: Vec<String>,
    depth: usize,
    /// The entry's term (a letter's heading: the letter).
    term: String,
}

/// How the index is set: sizes and measures, from the notes' grid.
struct Frame {
    grid: Geometry,
    column: f32,
    gutter: f32,
    /// A sub-entry's step in.
    step: f32,
    /// How far turnover lines stand in: an em past the deepest
    /// sub-entry's start.
    hang: f32,
    rtl: bool,
}

impl Frame {
    fn of(g: &Geometry, book: &Book, index: &BookIndex) -> Frame {
        let grid = g.notes();
        let gutter = 1.5 * grid.size;
        let levels = index
            .groups
            .iter()
            .flat_map(|g| &g.entries)
            .map(levels)
            .max()
            .unwrap_or(1);
        Frame {
            column: (grid.measure - gutter) / 2.0,
            gutter,
            step: grid.size,
            // An em past the deepest sub-entry (Chicago 16.145).
            hang: levels as f32 * grid.size,
            rtl: crate::language::right_to_left(&book.metadata.language),
            grid,
        }
    }

    /// The style an entry `depth` deep is set in: ragged, its turnovers
    /// hung (flush on the right in a right-to-left book, stepped in
    /// from there).
    fn style(&self, depth: usize) -> ParagraphStyle {
        let inset = depth as f32 * self.step;
        let base = ParagraphStyle {
            align: if self.rtl { Align::Start } else { Align::Left },
            hyphenate: false,
            ..ParagraphStyle::body(self.grid.size, self.column - inset, 0.0)
        };
        if self.rtl {
            base
        } else {
            ParagraphStyle {
                measure: self.column - self.hang,
                indent: -(self.hang - inset),
                ..base
            }
        }
    }

    /// Where an entry's lines are drawn from its column's edge.
    fn x(&self, depth: usize) -> f32 {
        if self.rtl {
            0.0
        } else {
            self.hang.max(depth as f32 * self.step)
        }
    }

    /// The left edge of column `k` (0: the one read first) on `page`.
    fn column_left(&self, g: &Geometry, page: usize, k: usize) -> f32 {
        let k = if self.rtl { 1 - k } else { k };
        g.left(page) + k as f32 * (self.column + self.gutter)
    }
}

/// The levels an entry nests to: 1 without sub-entries.
fn levels(entry: &Entry) -> usize {
    1 + entry.children.iter().map(levels).max().unwrap_or(0)
}

/// What a locator prints: the folio, a range's first and last, or the
/// page alone.
struct Folio {
    text: String,
    /// The mark the locator links to.
    mark: String,
    chapter: usize,
}

/// Sets the index as a section from the next recto after what is drawn,
/// its locators numbered by `folios`.
pub(crate) fn index_section(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    book: &Book,
    index: &BookIndex,
    sheets: &mut Sheets,
    folios: &Folios,
    diags: &mut Diagnostics,
) {
    ts.set_language(&book.metadata.language);
    let frame = Frame::of(g, book, index);
    let mut units = units(ts, &frame, book, index, sheets, folios, diags);
    if book.pdf.chapters_open == crate::model::OpenOn::Recto {
        to_recto(sheets);
    }
    let first = sheets.push(PageKind::Opening);
    let opening = Opening {
        label: None,
        title: vec![Inline::Text {
            text: book.labels.index.clone(),
        }],
        id: INDEX_ID.to_string(),
        chapter: None,
    };
    let depth = draw_opening(ts, g, book, sheets, first, &opening);
    let base = frame.grid.line_at(g.baseline(depth));
    let head = book.labels.index.clone();
    let mut from = 0;
    let mut page = first;
    let mut top = base;
    while from < units.len() {
        let room = frame.grid.lines.saturating_sub(top);
        let columns = columns(&mut units, from, room);
        for (k, &(start, end)) in columns.iter().enumerate() {
            let left = frame.column_left(g, page, k);
            let mut row = top;
            if let Some(cont) = continued(ts, &frame, book, &units, start) {
                draw_lines(sheets, &frame, &cont.lines, page, left + cont.x, &mut row);
            }
            for (i, unit) in units[start..end].iter().enumerate() {
                if i > 0 {
                    row += unit.gap;
                }
                draw_lines(sheets, &frame, &unit.lines, page, left + unit.x, &mut row);
            }
        }
        from = columns.last().map_or(units.len(), |c| c.1);
        if from < units.len() {
            page = sheets.push(PageKind::Text { head: head.clone() });
            top = 0;
        }
    }
}

fn draw_lines(
    sheets: &mut Sheets,
    frame: &Frame,
    lines: &[SetLine],
    page: usize,
    x: f32,
    row: &mut usize,
) {
    let total = lines.len();
    for (k, line) in lines.iter().enumerate() {
        let baseline = frame.grid.baseline(*row);
        sheets.draw_line(page, line, x, baseline);
        sheets.place_links(page, line, x, baseline);
        sheets.place(crate::pdf::section::placed(
            line, page, *row, k, total, None, false,
        ));
        *row += 1;
    }
}

/// The lines units `from..to` take in one column: their own, and the
/// blank lines between them (none before the first).
fn height(units: &[Unit], from: usize, to: usize) -> usize {
    (from..to)
        .map(|i| units[i].lines.len() + if i > from { units[i].gap } else { 0 })
        .sum()
}

/// [`height`] with the `continued` line a column opens with when its
/// first unit is a sub-entry ([`continued`]).
fn column_height(units: &[Unit], from: usize, to: usize) -> usize {
    height(units, from, to) + usize::from(!units[from].parents.is_empty())
}

/// Whether a column may end after unit `i` (and so before `i + 1`).
fn may_end_after(units: &[Unit], i: usize) -> bool {
    i + 1 >= units.len() || !units[i].keep_with_next
}

/// The units of the two columns of a page with `room` lines, from
/// `from`: each column as full as the rules allow, or, when what is left
/// fits the page, the two balanced (the first column never the shorter).
/// A column takes one unit at least, whatever its height.
fn columns(units: &mut Vec<Unit>, from: usize, room: usize) -> Vec<(usize, usize)> {
    let room = room.max(1);
    let end_one = fill(units, from, room);
    if end_one >= units.len() {
        // All in the first column: balance it over the two.
        return balanced(units, from, units.len()).unwrap_or(vec![(from, end_one)]);
    }
    let end_two = fill(units, end_one, room);
    if end_two >= units.len() {
        if let Some(split) = balanced(units, from, units.len()) {
            if split
                .iter()
                .all(|&(a, b)| column_height(units, a, b) <= room)
            {
                return split;
            }
        }
    }
    vec![(from, end_one), (end_one, end_two)]
}

/// Where a column of `room` lines from unit `start` ends: after the last
/// unit that fits and may end it. An entry too long for what is left
/// (a heading with a hundred locators) is split there, two lines at
/// least on each side, its rest carrying on under a `continued` heading
/// (the rest is made a unit of its own, after it).
fn fill(units: &mut Vec<Unit>, start: usize, room: usize) -> usize {
    let mut end = start + 1;
    let mut best = end;
    while end < units.len() && column_height(units, start, end + 1) <= room {
        end += 1;
        if may_end_after(units, end - 1) {
            best = end;
        }
    }
    if end == units.len() {
        return end;
    }
    // The unit that did not fit: what is left of the column for it.
    let used = column_height(units, start, end);
    let left = room.saturating_sub(used + if end > start { units[end].gap } else { 0 });
    let lines = units[end].lines.len();
    if end > start && left >= SPLIT_LINES && lines >= left + SPLIT_LINES {
        let rest = split_unit(&mut units[end], left);
        units.insert(end + 1, rest);
        return end + 1;
    }
    best.max(start + 1)
}

/// Lines an entry split between columns keeps on each side.
const SPLIT_LINES: usize = 2;

/// Keeps `unit`'s first `keep` lines in it and returns the rest, a unit
/// under a `continued` heading of the entry.
fn split_unit(unit: &mut Unit, keep: usize) -> Unit {
    let lines = unit.lines.split_off(keep);
    let mut parents = unit.parents.clone();
    parents.push(unit.term.clone());
    let rest = Unit {
        lines,
        x: unit.x,
        gap: 0,
        keep_with_next: unit.keep_with_next,
        parents,
        depth: unit.depth + 1,
        term: unit.term.clone(),
    };
    unit.keep_with_next = false;
    rest
}

/// `from..to` split in two columns as even as a legal break allows, the
/// first no shorter than the second; `None` when no break is legal.
fn balanced(units: &[Unit], from: usize, to: usize) -> Option<Vec<(usize, usize)>> {
    let total = height(units, from, to);
    (from + 1..to)
        .filter(|&split| may_end_after(units, split - 1))
        .map(|split| {
            let one = column_height(units, from, split);
            (split, one, column_height(units, split, to))
        })
        .filter(|&(_, one, two)| one >= two || total <= 1)
        .min_by_key(|&(_, one, two)| one.abs_diff(two))
        .map(|(split, _, _)| vec![(from, split), (split, to)])
}

/// The `continued` heading a column opens with when its first unit is
/// a sub-entry whose heading is in the column before ("Khrushchev,
/// Nikita (continued)").
fn continued(
    ts: &mut Typesetter<'_>,
    frame: &Frame,
    book: &Book,
    units: &[Unit],
    start: usize,
) -> Option<Unit> {
    let unit = &units[start];
    let parent = unit.parents.last()?;
    let depth = unit.depth - 1;
    let text = format!("{parent} {}", book.labels.continued);
    let lines = ts
        .set_paragraph(&[Inline::Text { text }], &frame.style(depth))
        .lines;
    Some(Unit {
        lines,
        x: frame.x(depth),
        gap: 0,
        keep_with_next: true,
        parents: Vec::new(),
        depth,
        term: parent.clone(),
    })
}

/// Every letter heading and entry of the index, set, in order.
fn units(
    ts: &mut Typesetter<'_>,
    frame: &Frame,
    book: &Book,
    index: &BookIndex,
    sheets: &Sheets,
    folios: &Folios,
    diags: &mut Diagnostics,
) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut unplaced = 0usize;
    for (g, group) in index.groups.iter().enumerate() {
        let gap = usize::from(g > 0);
        if !group.letter.is_empty() {
            let style = ParagraphStyle {
                face: FaceKind::Bold,
                ..frame.style(0)
            };
            let lines = ts
                .set_paragraph(
                    &[Inline::Text {
                        text: group.letter.clone(),
                    }],
                    &style,
                )
                .lines;
            out.push(Unit {
                lines,
                x: frame.x(0),
                gap,
                keep_with_next: true,
                parents: Vec::new(),
                depth: 0,
                term: group.letter.clone(),
            });
        }
        for (e, entry) in group.entries.iter().enumerate() {
            let gap = if group.letter.is_empty() && e == 0 {
                gap
            } else {
                0
            };
            let mut parents = Vec::new();
            entry_units(
                ts,
                frame,
                book,
                entry,
                0,
                gap,
                &mut parents,
                sheets,
                folios,
                &mut unplaced,
                &mut out,
            );
        }
    }
    if unplaced > 0 {
        diags.push(
            Diagnostic::warning(
                "book.toml",
                0,
                0,
                format!(
                    "{} of the index could not be placed in the PDF: the index lists them without a page",
                    crate::diagnostics::count(unplaced, "mark")
                ),
            )
            .with_hint("this is a defect of bookpack's PDF, please report it with the book"),
        );
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn entry_units(
    ts: &mut Typesetter<'_>,
    frame: &Frame,
    book: &Book,
    entry: &Entry,
    depth: usize,
    gap: usize,
    parents: &mut Vec<String>,
    sheets: &Sheets,
    folios: &Folios,
    unplaced: &mut usize,
    out: &mut Vec<Unit>,
) {
    let printed = locators(&entry.locators, &sheets.places, folios, unplaced);
    let content = entry_inlines(book, entry, &printed, depth > 0);
    let style = frame.style(depth);
    let mut lines = ts.set_paragraph(&content, &style).lines;
    if lines.iter().any(|l| l.overfull) {
        let hyphenated = ParagraphStyle {
            hyphenate: true,
            ..style
        };
        lines = ts.set_paragraph(&content, &hyphenated).lines;
    }
    out.push(Unit {
        lines,
        x: frame.x(depth),
        gap,
        keep_with_next: !entry.children.is_empty(),
        parents: parents.clone(),
        depth,
        term: entry.term.clone(),
    });
    parents.push(entry.term.clone());
    for child in &entry.children {
        entry_units(
            ts,
            frame,
            book,
            child,
            depth + 1,
            0,
            parents,
            sheets,
            folios,
            unplaced,
            out,
        );
    }
    parents.pop();
}

/// An entry's words: its term, its locators each a link, and its
/// cross-references.
fn entry_inlines(book: &Book, entry: &Entry, folios: &[Folio], sub: bool) -> Vec<Inline> {
    let text = |text: String| Inline::Text { text };
    let mut out = vec![text(entry.term.clone())];
    for f in folios {
        out.push(text(", ".into()));
        out.push(Inline::Link {
            target: LinkTarget::Internal {
                chapter: book.chapters[f.chapter].id.clone(),
                anchor: Some(f.mark.clone()),
                placed_as: None,
            },
            content: vec![text(f.text.clone())],
        });
    }
    for (label, targets) in [
        (&book.labels.index_see, &entry.see),
        (&book.labels.index_see_also, &entry.see_also),
    ] {
        if targets.is_empty() {
            continue;
        }
        // "Khrushchevism. See revisionism"; a sub-entry's in brackets,
        // "(see also China)" (Chicago 16.16, 16.23).
        let label = if sub {
            label.clone()
        } else {
            capitalized(label)
        };
        out.push(text(if sub { " (".into() } else { ". ".into() }));
        out.push(Inline::Emphasis {
            content: vec![text(label)],
        });
        // A sub-entry named as "Khrushchev, Nikita: secret speech".
        let named: Vec<String> = targets
            .iter()
            .map(|t| target_headings(t).join(": "))
            .collect();
        out.push(text(format!(" {}", named.join("; "))));
        if sub {
            out.push(text(")".into()));
        }
    }
    out
}

/// An entry's locators as printed: the page of each placed mark, each
/// page once, runs of [`RANGE_FROM`] body pages or more as a range, in
/// page order, each linking to the first mark on its page.
fn locators(
    locators: &[Locator],
    places: &BTreeMap<String, Destination>,
    folios: &Folios,
    unplaced: &mut usize,
) -> Vec<Folio> {
    // The first mark on each page, by page.
    let mut pages: BTreeMap<usize, (&Locator, f32)> = BTreeMap::new();
    for locator in locators {
        let Some(place) = places.get(&locator.mark) else {
            *unplaced += 1;
            continue;
        };
        let earlier = pages.get(&place.page).is_some_and(|&(_, y)| y <= place.y);
        if !earlier {
            pages.insert(place.page, (locator, place.y));
        }
    }
    let pages: Vec<(usize, &Locator)> = pages.into_iter().map(|(p, (l, _))| (p, l)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let (page, locator) = pages[i];
        // How far a run of consecutive body pages goes (front matter's
        // roman folios make no range).
        let mut j = i;
        while folios.arabic(pages[j].0).is_some()
            && j + 1 < pages.len()
            && pages[j + 1].0 == pages[j].0 + 1
        {
            j += 1;
        }
        let (text, next) = if j + 1 - i >= RANGE_FROM {
            let (first, last) = (folios.text(page), folios.text(pages[j].0));
            (format!("{first}\u{2013}{last}"), j + 1)
        } else {
            (folios.text(page), i + 1)
        };
        out.push(Folio {
            text,
            mark: locator.mark.clone(),
            chapter: locator.chapter,
        });
        i = next;
    }
    out
}

#[cfg(test)]
mod tests;
