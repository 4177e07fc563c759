//! Tables in the print edition: column widths from the content, cells wrapped within their column and aligned as the source says, booktabs rules, the caption above, rows that never split and a header repeated on each page the table continues to.
//!
//! Column widths start from a browser's automatic table layout (CSS 2.1,
//! 17.5.2.2): each column gets at least its longest word and at most its
//! longest cell on one line; when the widest setting does not fit the
//! measure, the room left over the narrowest is shared evenly, a column
//! that wants less than its share getting all it wants (see
//! `share_room`). A table that cannot fit at the body size
//! is tried a step smaller, then a step smaller with its cells' words
//! hyphenated; one that fits at none is set at its narrowest, past the
//! measure, with a warning. Rules are horizontal only
//! (above the header, below it, at the end: the booktabs style), drawn in
//! the gaps between grid lines so the table keeps the page's baseline grid.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{ColumnAlign, Inline, Span};
use crate::pdf::caption::{caption_lines, shift, step_smaller};
use crate::pdf::figure::{Art, ArtKind};
use crate::pdf::flow::{Flag, Measures, Origin, Piece, Role};
use crate::pdf::fontset::FaceKind;
use crate::pdf::paginate::Block;
use crate::pdf::paragraph::{Align, ParagraphStyle, SetLine, Typesetter};

/// Spaces no line breaks at: no-break, narrow no-break, figure space.
const NO_BREAK_SPACES: &str = "\u{a0}\u{202f}\u{2007}";
/// Space between columns, in ems of the table's size.
const COLUMN_GAP: f32 = 1.0;
/// The smallest type a table too wide for the measure is set in, as a
/// fraction of the body's.
const SMALLEST: f32 = 0.7;
/// Cap height and descender depth of the faces, in ems (EB Garamond).
const CAP_HEIGHT: f32 = 0.65;
const DESCENT: f32 = 0.27;
/// Height of the lining figures a table's numbers are set in, in ems.
const FIGURE_HEIGHT: f32 = 0.7;

/// What a table's content asks of the page.
struct Widths {
    /// Per column: the longest word, and the longest cell on one line.
    min: Vec<f32>,
    max: Vec<f32>,
    /// The longest body cell on one line (at least `min`): what the
    /// rows ask, the header aside.
    body: Vec<f32>,
}

impl Widths {
    fn total(v: &[f32], gap: f32) -> f32 {
        v.iter().sum::<f32>() + gap * v.len().saturating_sub(1) as f32
    }
}

/// A table as one piece of rows that never split.
#[allow(clippy::too_many_arguments)]
pub fn table(
    ts: &mut Typesetter<'_>,
    caption: &[Inline],
    align: &[ColumnAlign],
    head: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    span: Span,
    file: &str,
    m: &Measures,
    inset: f32,
    role: Role,
    diags: &mut Diagnostics,
) -> Piece {
    let measure = m.measure - 2.0 * inset;
    let columns = align.len().max(1);
    let smaller = step_smaller(m.size);
    // The body size when the narrowest setting fits, else a step smaller.
    let mut size = m.size;
    let mut hyphenate = false;
    let mut widths = measure_widths(ts, head, rows, columns, size, hyphenate);
    let gap = |size: f32| COLUMN_GAP * size;
    if Widths::total(&widths.min, gap(size)) > measure {
        size = smaller;
        widths = measure_widths(ts, head, rows, columns, size, hyphenate);
    }
    // Still too wide: a long word sets some column's least width
    // (German compounds: "Zweiundvierzigzeilige"). Hyphenating lets such
    // a column narrow, as a newspaper's does; only as far as the table
    // needs, so short words elsewhere stay whole. Then smaller type, a
    // step at a time, down to 70 % of the body's (8 pt for 11 pt), as a
    // book sets a wide table before it lets it leave the text block.
    loop {
        let excess = Widths::total(&widths.min, gap(size)) - measure;
        if excess > 0.0 {
            hyphenate = true;
            let hyphenated = measure_widths(ts, head, rows, columns, size, hyphenate);
            widths.min = narrowed(&widths.min, &hyphenated.min, excess);
        }
        let next = step_smaller(size);
        if Widths::total(&widths.min, gap(size)) <= measure || next < SMALLEST * m.size {
            break;
        }
        size = next;
        widths = measure_widths(ts, head, rows, columns, size, false);
    }
    let mut column = column_widths(&widths, measure, gap(size));
    // Crowded at the body size (a reviewer found a "Notes" column of
    // 65 pt beside five numeric ones, a phrase wrapped over six lines):
    // a step smaller, as a book sets a full table, when that eases the
    // most wrapped column by a quarter.
    let crowded = crowding(&widths, &column);
    if size == m.size && crowded > CROWDED {
        let small = measure_widths(ts, head, rows, columns, smaller, false);
        let small_column = column_widths(&small, measure, gap(smaller));
        if Widths::total(&small.min, gap(smaller)) <= measure
            && crowding(&small, &small_column) < 0.75 * crowded
        {
            size = smaller;
            column = small_column;
        }
    }
    let table_width = Widths::total(&column, gap(size));
    let mut flag = None;
    if table_width > measure + 0.01 {
        let over = table_width - measure;
        // Centred on the text block: half the excess on each side.
        let off_page = over / 2.0 - m.margin;
        let what = if off_page > 0.0 {
            format!(
                "the table is {over:.0} pt wider than the text block even at {size} pt: it runs {off_page:.0} pt past the page's edge, and its outer columns are cut off in print"
            )
        } else {
            format!(
                "the table is {over:.0} pt wider than the text block even at {size} pt; it reaches {:.0} pt into each margin",
                over / 2.0
            )
        };
        flag = Some(Flag {
            kind: "table-wide",
            message: what.clone(),
        });
        diags.push(Diagnostic::warning(file, span.line, span.col, what).with_hint(
            "fewer or narrower columns fit better (split the table, or turn it: rows as columns); a long word, number or address in a cell sets its column's least width",
        ));
    }
    // A table in Hebrew or Arabic reads from the right, as its EPUB
    // page (`dir="rtl"`) does: the first column on the right, cells not
    // aligned by the source flush right.
    let rtl = crate::language::right_to_left(ts.language());
    // Centred on the measure when narrower; from the edge its columns
    // start at when wider.
    let left = if rtl {
        ((measure - table_width) / 2.0).min(measure - table_width)
    } else {
        ((measure - table_width) / 2.0).max(0.0)
    };
    let mut starts = Vec::with_capacity(columns);
    let mut x = left;
    for w in &column {
        starts.push(x);
        x += w + gap(size);
    }
    if rtl {
        for (start, w) in starts.iter_mut().zip(&column) {
            *start = 2.0 * left + table_width - *start - w;
        }
    }

    let mut lines: Vec<SetLine> = caption_lines(ts, caption, m.size, measure);
    let blank = ts.set_line("", FaceKind::Regular, size);
    if !caption.is_empty() {
        // A line between caption and table: the top rule sits in it,
        // near the header, clear of the caption's descenders.
        lines.push(blank.clone());
    }
    let head_first = lines.len();
    let row_lines = |ts: &mut Typesetter<'_>, cells: &[Vec<Inline>], face: FaceKind| {
        let set: Vec<Vec<SetLine>> = (0..columns)
            .map(|c| {
                let content = cells.get(c).map_or(&[][..], |v| &v[..]);
                let column_align = align.get(c).copied();
                let cell = Cell {
                    face,
                    size,
                    width: column[c],
                    align: column_align,
                    rtl,
                    hyphenate,
                    hang: face == FaceKind::Regular
                        && !rtl
                        && matches!(
                            column_align,
                            None | Some(ColumnAlign::Default | ColumnAlign::Left)
                        ),
                };
                set_cell(ts, content, &cell)
            })
            .collect();
        let height = set.iter().map(Vec::len).max().unwrap_or(0).max(1);
        (0..height)
            .map(|j| {
                let mut line = blank.clone();
                for (c, cell) in set.iter().enumerate() {
                    if let Some(part) = cell.get(j) {
                        append(&mut line, part, starts[c]);
                    }
                }
                line.width = table_width;
                line
            })
            .collect::<Vec<_>>()
    };
    lines.extend(row_lines(ts, head, FaceKind::Italic));
    let head_lines = lines.len() - head_first;
    let above_rows = lines.len();
    let mut row_heights = Vec::with_capacity(rows.len());
    for row in rows {
        let set = row_lines(ts, row, FaceKind::Regular);
        row_heights.push(set.len());
        lines.extend(set);
    }
    let units = row_units(above_rows, head_lines, &row_heights, m.lines);

    // Rules between grid lines: heavy above the header and at the end,
    // close to the table's text (the blank line before and after the
    // table, or after the caption, gives them room); light below the
    // header, nearer its descenders than the first row's figures, as
    // booktabs sets \midrule (0.4 ex above, 0.65 ex below). Midway, as it
    // was, the rule stood 1.2 pt over the figures (taller than capitals;
    // a reviewer measured 1 pt) and read as the row's.
    let (heavy, light) = (0.06 * size, 0.04 * size);
    let above = -CAP_HEIGHT * size - 0.25 * m.leading;
    let between = DESCENT * size + 0.4 * (m.leading - (DESCENT + FIGURE_HEIGHT) * size);
    let below = DESCENT * size + 0.2 * m.leading;
    let rule = |line: usize, y: f32, t: f32| Art {
        line,
        x: left,
        y: y - t / 2.0,
        width: table_width,
        height: t,
        kind: ArtKind::Rule,
    };
    let art = vec![
        rule(head_first, above, heavy),
        rule(head_first + head_lines - 1, between, light),
        rule(lines.len() - 1, below, heavy),
    ];
    // On each page the table continues to, its caption marked as
    // continued stands above the repeated header, as on its first page
    // (Chicago 3.84 has "Table 3 (continued)"; these tables have no
    // numbers). Its note references are the first page's: here they
    // would cite the notes again.
    let continued = if caption.is_empty() {
        0
    } else {
        let mut marked = without_note_refs(caption);
        // Tied to the caption's last word; a full-width bracket (Chinese,
        // Japanese) brings its own space.
        let tie = if ts.continued.starts_with('\u{ff08}') {
            ""
        } else {
            "\u{a0}"
        };
        marked.push(Inline::Text {
            text: format!("{tie}{}", ts.continued),
        });
        let set = caption_lines(ts, &marked, m.size, measure);
        let n = set.len() + 1;
        lines.extend(set);
        lines.push(blank);
        n
    };
    Piece {
        block: Block::Rows {
            units,
            head_first,
            head_lines,
            continued,
            space_before: 1,
            space_after: 1,
        },
        settings: vec![lines],
        unset: None,
        x: inset,
        role,
        origin: Some(Origin {
            file: file.to_string(),
            span,
        }),
        art,
        flag,
        bars: Vec::new(),
    }
}

/// `inlines` without their note references, wherever they stand.
fn without_note_refs(inlines: &[Inline]) -> Vec<Inline> {
    inlines
        .iter()
        .filter(|i| !matches!(i, Inline::NoteRef { .. }))
        .map(|i| {
            let mut i = i.clone();
            if let Some(children) = i.children_mut() {
                *children = without_note_refs(children);
            }
            i
        })
        .collect()
}

/// Column widths from their least (`min`) and largest (`max`) and the
/// `room` there is beyond the least: shared evenly among the columns
/// that want more, a column that wants less than its share getting all
/// it wants and leaving the rest to the others (max-min fairness). Shared
/// in proportion to what each wants (a browser's way), a column of short
/// entries beside one of long remarks got a few points of the twenty it
/// wanted: "Town 10" broke after "Town" in 3,645 of 5,000 rows.
/// Tables of at most this many rows are kept whole when they fit a page.
const KEEP_WHOLE_ROWS: usize = 5;

/// The pagination units of a table: `above` lines (caption, header) then
/// rows `rows[i]` lines tall, on pages of `page` grid lines, where a
/// continued part repeats the `head` lines of the header. A short table
/// is whole; a longer one breaks between rows, never leaving fewer than
/// two rows on either side (a reviewer found a four-row table set three
/// and one, the last row alone under its repeated header), unless two
/// rows and what goes with them are more than a page holds.
fn row_units(above: usize, head: usize, rows: &[usize], page: usize) -> Vec<usize> {
    let whole = above + rows.iter().sum::<usize>();
    if rows.len() <= KEEP_WHOLE_ROWS && whole <= page {
        return vec![whole];
    }
    // The first row stays with the header (and the caption).
    let mut units = vec![above + rows.first().copied().unwrap_or(0)];
    units.extend(rows.iter().skip(1));
    if units.len() > 2 && units[0] + units[1] <= page {
        let second = units.remove(1);
        units[0] += second;
    }
    let n = units.len();
    if n > 2 && units[n - 2] + units[n - 1] + head <= page {
        let last = units.pop().unwrap_or(0);
        units[n - 2] += last;
    }
    units
}

/// A wrapped cell's lines past which a table is crowded (see `table`).
const CROWDED: f32 = 3.0;

/// Each column's width: its widest cell when the table fits so, its
/// longest word when even that does not, else between (`share_room`):
/// the rows' wants first, the header's after. A header wrapped costs one
/// line; a column of notes starved for it cost one in every row (a
/// reviewer found five numeric columns widened to keep their headings
/// on one line while a "Notes" column wrapped a phrase over six).
fn column_widths(widths: &Widths, measure: f32, gap: f32) -> Vec<f32> {
    let total_min = Widths::total(&widths.min, gap);
    if Widths::total(&widths.max, gap) <= measure {
        widths.max.clone()
    } else if total_min >= measure {
        widths.min.clone()
    } else {
        let rows = share_room(&widths.min, &widths.body, measure - total_min);
        let left = measure - Widths::total(&rows, gap);
        share_room(&rows, &widths.max, left.max(0.0))
    }
}

/// About how many lines the most wrapped body cell takes in `column`:
/// its widest setting on one line over its column's width.
fn crowding(widths: &Widths, column: &[f32]) -> f32 {
    widths
        .body
        .iter()
        .zip(column)
        .map(|(max, width)| max / width.max(1.0))
        .fold(1.0, f32::max)
}

fn share_room(min: &[f32], max: &[f32], mut room: f32) -> Vec<f32> {
    let mut column = min.to_vec();
    let want = |c: usize| (max[c] - min[c]).max(0.0);
    let mut order: Vec<usize> = (0..min.len()).collect();
    order.sort_by(|&a, &b| want(a).total_cmp(&want(b)).then(a.cmp(&b)));
    for (k, &c) in order.iter().enumerate() {
        let share = room / (order.len() - k) as f32;
        let given = want(c).min(share);
        column[c] += given;
        room -= given;
    }
    column
}

/// Columns' least widths `whole` narrowed by `excess` in all, towards
/// their least widths with hyphenation `hyphenated`, the column that
/// can give most first: the fewest columns hyphenate, and no more than
/// the table needs.
fn narrowed(whole: &[f32], hyphenated: &[f32], excess: f32) -> Vec<f32> {
    let mut order: Vec<usize> = (0..whole.len()).collect();
    let give = |c: usize| (whole[c] - hyphenated[c]).max(0.0);
    order.sort_by(|&a, &b| give(b).total_cmp(&give(a)).then(a.cmp(&b)));
    let mut out = whole.to_vec();
    let mut left = excess;
    for c in order {
        if left <= 0.0 {
            break;
        }
        let take = give(c).min(left);
        out[c] -= take;
        left -= take;
    }
    out
}

/// The least and largest width of every column at `size`, the least with
/// the cells' words hyphenated when `hyphenate`.
fn measure_widths(
    ts: &mut Typesetter<'_>,
    head: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    columns: usize,
    size: f32,
    hyphenate: bool,
) -> Widths {
    let mut min = vec![0.0f32; columns];
    let mut max = vec![0.0f32; columns];
    let mut body = vec![0.0f32; columns];
    let all = std::iter::once((head, FaceKind::Italic))
        .chain(rows.iter().map(|r| (&r[..], FaceKind::Regular)));
    for (cells, face) in all {
        for (c, content) in cells.iter().enumerate().take(columns) {
            if content.is_empty() {
                continue;
            }
            let text = Inline::plain_text(content);
            let style = ParagraphStyle {
                face,
                align: Align::Left,
                hyphenate: false,
                tabular: true,
                ..ParagraphStyle::body(size, f32::MAX / 4.0, 0.0)
            };
            let longest = if hyphenate {
                ts.least_width(
                    content,
                    &ParagraphStyle {
                        hyphenate: true,
                        ..style
                    },
                )
            } else {
                // Words as the setter breaks them: never at a no-break
                // space ("12.7 ms" is one; split there, the column was
                // narrower than the cell and ran into the next).
                text.split(|c: char| c.is_whitespace() && !NO_BREAK_SPACES.contains(c))
                    .filter(|w| !w.is_empty())
                    .map(|w| ts.set_line_in(w, &style).width)
                    .fold(0.0f32, f32::max)
            };
            let whole = ts
                .set_paragraph(content, &style)
                .lines
                .iter()
                .map(|l| l.width)
                .fold(0.0f32, f32::max);
            min[c] = min[c].max(longest);
            max[c] = max[c].max(whole.max(longest));
            if face == FaceKind::Regular {
                body[c] = body[c].max(whole);
            }
        }
    }
    for (b, m) in body.iter_mut().zip(&min) {
        *b = b.max(*m);
    }
    Widths { min, max, body }
}

/// How a column's cells are set.
struct Cell {
    face: FaceKind,
    size: f32,
    width: f32,
    /// As the source aligns the column.
    align: Option<ColumnAlign>,
    /// The table reads right to left: a cell the source does not align
    /// sits flush right.
    rtl: bool,
    hyphenate: bool,
    /// A body cell of a column set flush left: its turnovers hang, so a
    /// cell wrapped over lines is not read as rows of its own.
    hang: bool,
}

/// How far a wrapped cell's turnovers stand in from its first line, in
/// ems of the table's size (at most a quarter of the column).
const TURNOVER_HANG: f32 = 1.0;

/// A cell's lines within its column's width, each moved to the column's
/// alignment.
fn set_cell(ts: &mut Typesetter<'_>, content: &[Inline], cell: &Cell) -> Vec<SetLine> {
    if content.is_empty() {
        return Vec::new();
    }
    let Cell {
        face,
        size,
        width,
        hyphenate,
        ..
    } = *cell;
    let style = ParagraphStyle {
        face,
        align: Align::Left,
        hyphenate,
        // Figures line up digit under digit in a column.
        tabular: true,
        // A hair of room, so a cell exactly as wide as its column stays
        // on one line despite rounding.
        ..ParagraphStyle::body(size, width + 0.01, 0.0)
    };
    let mut lines = ts.set_paragraph(content, &style).lines;
    // Wrapped: set again with its turnovers hanging (the first line
    // outdented on a narrower measure, as a bibliography's entries), unless
    // a word is then too long for a turnover.
    let hang = (TURNOVER_HANG * size).min(width / 4.0);
    if cell.hang && lines.len() > 1 {
        let hung = ParagraphStyle {
            measure: width - hang + 0.01,
            indent: -hang,
            ..style
        };
        let mut set = ts.set_paragraph(content, &hung).lines;
        if !set.iter().any(|l| l.overfull) {
            for line in &mut set {
                shift(line, hang);
            }
            return set;
        }
    }
    for line in &mut lines {
        let free = (width - line.width).max(0.0);
        let dx = match cell.align.unwrap_or(ColumnAlign::Default) {
            ColumnAlign::Default if cell.rtl => free,
            ColumnAlign::Default | ColumnAlign::Left => 0.0,
            ColumnAlign::Center => free / 2.0,
            ColumnAlign::Right => free,
        };
        shift(line, dx);
    }
    lines
}

/// Adds `part` to `line`, `dx` from its start.
fn append(line: &mut SetLine, part: &SetLine, dx: f32) {
    let mut part = part.clone();
    shift(&mut part, dx);
    line.runs.extend(part.runs);
    line.note_refs.extend(part.note_refs);
    line.links.extend(part.links);
    line.strikes.extend(part.strikes);
    line.places.extend(part.places);
    // A row's line counts as its cells' lines do: a word past its
    // column is an overfull line of the book, a cell's hyphen a hyphen.
    line.overfull |= part.overfull;
    line.hyphenated |= part.hyphenated;
    if line.first_word.is_empty() {
        line.first_word = part.first_word;
    }
    if !part.last_word.is_empty() {
        line.last_word = part.last_word;
    }
}

#[cfg(test)]
mod tests;
