//! One section of the book (a chapter, the book-end notes) paginated on its grid and drawn: lines, note anchors and links, located faults.

use crate::model::Book;
use crate::pdf::book::{Fault, PlacedLine};
use crate::pdf::flow::{Piece, Role};
use crate::pdf::footnotes::PageNotes;
use crate::pdf::geometry::Geometry;
use crate::pdf::opening::{draw_opening, to_recto, Opening};
use crate::pdf::page::{Destination, GlyphRun, Rect, Rule};
use crate::pdf::paginate::{self, Block, Faults, Params};
use crate::pdf::paragraph::{SetLine, Typesetter};
use crate::pdf::sheets::{PageKind, PendingLink, Sheets};

/// What the sections' paginations add up to, for the report.
#[derive(Default, Clone)]
pub(super) struct Totals {
    pub(super) faults: Faults,
    pub(super) naive: Faults,
    pub(super) fault_list: Vec<Fault>,
    /// Pieces flagged when they were set (see `flow::Flag`), with the
    /// page each starts on: the report's kind, and where.
    pub(super) flagged: Vec<(&'static str, Fault)>,
    pub(super) adjusted: usize,
    pub(super) short_spreads: usize,
    pub(super) short_pages: usize,
    /// Sections whose pagination was planned on a thread of their own,
    /// and of those, the plans used (made for the right parameters).
    pub(super) plans_made: usize,
    pub(super) planned_ahead: usize,
}

pub(super) fn add(a: &mut Faults, b: &Faults) {
    a.widows += b.widows;
    a.orphans += b.orphans;
    a.headings_last += b.headings_last;
    a.hyphens_last += b.hyphens_last;
    a.short_pages += b.short_pages;
    a.notes_moved += b.notes_moved;
    a.notes_split += b.notes_split;
    a.figures_far += b.figures_far;
}

/// A run of pieces and the grid they are paginated on.
pub(super) struct Flow<'a> {
    pub(super) grid: &'a Geometry,
    /// Drawing moves a paragraph line's glyph runs onto its page (each is
    /// drawn once): the pieces are spent once the section is drawn.
    pub(super) pieces: &'a mut [Piece],
    /// Notes set at the foot of the pages that reference them.
    pub(super) notes: Option<&'a PageNotes>,
}

/// Sets one section from a fresh recto (or, unless `open_recto`, the next
/// page): its opening (drawn on the body's geometry `g`), then its `body`
/// paginated on its grid — the body's own for a chapter, a smaller one for
/// the book-end notes — and then a `tail` on a grid of its own (the
/// chapter-end notes, at the notes' size), from below the body's last line.
#[allow(clippy::too_many_arguments)]
pub(super) fn section(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    sheets: &mut Sheets,
    opening: &Opening,
    head: &str,
    body: Flow<'_>,
    tail: Option<Flow<'_>>,
    book: &Book,
    totals: &mut Totals,
    open_recto: bool,
    planned: Option<Planned>,
) {
    if open_recto {
        to_recto(sheets);
    }
    let grid = body.grid;
    let first = sheets.push(PageKind::Opening);
    let base = opening_base(g, grid, draw_opening(ts, g, book, sheets, first, opening));
    let params = body_params(grid, base, Geometry::is_recto(first));
    // A plan made for other parameters (never, as `Plan::of_chapter`
    // predicts them) is not used.
    totals.plans_made += usize::from(planned.is_some());
    let layout = match planned.filter(|p| p.params == params) {
        Some(planned) => {
            totals.planned_ahead += 1;
            planned.count(totals)
        }
        None => lay_out(&body, &params, totals),
    };
    let drop = grid.lines - layout.first_page;
    if drop != base {
        let dy = (drop as f32 - base as f32) * grid.leading;
        for run in &mut sheets.pages[first].runs {
            run.y += dy;
        }
        if let Some(d) = sheets.places.get_mut(&opening.id) {
            d.y += dy;
        }
    }
    let (last_page, bottom) = draw(ts, sheets, book, body, &layout, first, drop, head, totals);
    let Some(tail) = tail else { return };
    // The tail starts two blank body lines under the body's last line,
    // on its own grid, and fills what is left of the page (down to the
    // page's capacity) before turning; too little room, and it starts on
    // the next page.
    let tg = tail.grid;
    let room_end = grid.baseline(bottom.1);
    let start = tg.line_at(grid.baseline(bottom.0) + 2.0 * grid.leading);
    let fits = (start..tg.lines)
        .take_while(|&k| tg.baseline(k) <= room_end + 0.01)
        .count();
    let (page, offset, first_page) = if fits >= 4 {
        (last_page, start, fits)
    } else {
        let page = sheets.push(PageKind::Text {
            head: head.to_string(),
        });
        (page, 0, tg.lines)
    };
    let params = Params::new(tg.lines, first_page, Geometry::is_recto(page));
    let layout = lay_out(&tail, &params, totals);
    draw(ts, sheets, book, tail, &layout, page, offset, head, totals);
}

/// The opening's depth in lines of the section's `grid`, from its depth
/// `lines` in lines of the body's geometry `g` (what `draw_opening`
/// returns): the first line of that grid at or below where the body's
/// next line would be.
fn opening_base(g: &Geometry, grid: &Geometry, lines: usize) -> usize {
    grid.line_at(g.baseline(lines))
}

/// The pagination parameters of a section's body on `grid`, under an
/// opening `base` lines of the grid deep, from a recto or not.
fn body_params(grid: &Geometry, base: usize, first_recto: bool) -> Params {
    // The opening's sink may give or take a line: a shift of the whole
    // section that no reader notices, and one more freedom for the grid.
    Params {
        first_page_slack: 1,
        ..Params::new(
            grid.lines,
            grid.lines.saturating_sub(base).max(2),
            first_recto,
        )
    }
}

/// What paginating a body takes, owned, so that it can be worked out on a
/// thread of its own: the build thread draws one chapter while the next
/// one's pages are planned (`pdf::book`). A pagination depends on nothing
/// else, so where it is worked out changes no byte of the book.
pub(super) struct Plan {
    blocks: Vec<Block>,
    /// The parameters, without the foot (the "avoided" figures are
    /// counted without it).
    params: Params,
    /// The notes at the page foot, if any.
    foot: Option<FootPlan>,
}

/// A section's page-foot notes as pagination reads them: their measures,
/// the notes each setting of each block brings, and each note's lines a
/// page must not end after.
type FootPlan = (
    paginate::Foot,
    Vec<Vec<Vec<paginate::NoteAt>>>,
    Vec<Vec<usize>>,
);

/// A body's pagination and the figures it adds to the report.
pub(super) struct Planned {
    params: Params,
    layout: paginate::Layout,
    /// What a layout without any choice would have suffered.
    naive: Faults,
}

impl Plan {
    /// The plan of `flow` paginated with `params`.
    pub(super) fn of(flow: &Flow<'_>, params: &Params) -> Plan {
        Plan {
            blocks: flow.pieces.iter().map(|p| p.block.clone()).collect(),
            params: *params,
            foot: flow.notes.map(|notes| {
                (
                    notes.foot(flow.grid),
                    notes.refs(flow.pieces),
                    notes.keeps(),
                )
            }),
        }
    }

    /// The plan of a chapter's body as `section` will paginate it: its
    /// opening's depth found by drawing it on a page of its own, as
    /// `section` draws it on a fresh recto.
    pub(super) fn of_chapter(
        ts: &mut Typesetter<'_>,
        g: &Geometry,
        book: &Book,
        opening: &Opening,
        body: &Flow<'_>,
    ) -> Plan {
        let mut scratch = Sheets::default();
        let first = scratch.push(PageKind::Opening);
        let lines = draw_opening(ts, g, book, &mut scratch, first, opening);
        Plan::of(
            body,
            &body_params(body.grid, opening_base(g, body.grid, lines), true),
        )
    }

    /// Paginates.
    pub(super) fn run(self) -> Planned {
        let layout = match &self.foot {
            Some((foot, notes, keeps)) => {
                let with_foot = Params {
                    foot: Some(*foot),
                    ..self.params
                };
                paginate::paginate_notes_kept(&self.blocks, notes, keeps, &with_foot)
            }
            None => paginate::paginate(&self.blocks, &self.params),
        };
        // What a layout without any choice would have suffered: the
        // report's "avoided" figures.
        let rigid: Vec<Block> = self
            .blocks
            .into_iter()
            .map(|b| match b {
                Block::Paragraph { mut variants } => {
                    variants.truncate(1);
                    Block::Paragraph { variants }
                }
                other => other,
            })
            .collect();
        let naive = paginate::fill(
            &rigid,
            &Params {
                first_page_slack: 0,
                ..self.params
            },
        )
        .faults;
        Planned {
            params: self.params,
            layout,
            naive,
        }
    }
}

impl Planned {
    /// The layout, its figures added to `totals`.
    fn count(self, totals: &mut Totals) -> paginate::Layout {
        add(&mut totals.naive, &self.naive);
        add(&mut totals.faults, &self.layout.faults);
        totals.adjusted += self.layout.adjusted;
        totals.short_spreads += self.layout.short_spreads;
        self.layout
    }
}

/// Paginates `flow` and adds the layout's figures, and those a layout
/// without any choice would have suffered (the report's "avoided"
/// figures), to `totals`.
fn lay_out(flow: &Flow<'_>, params: &Params, totals: &mut Totals) -> paginate::Layout {
    Plan::of(flow, params).run().count(totals)
}

/// Lines a page holds: a page's notes take `foot` lines, and may leave
/// one more blank above them (their separation grows) without the page
/// being short.
fn filled(fill: &paginate::PageFill) -> usize {
    fill.used + fill.foot + usize::from(fill.foot > 0)
}

/// Whether page `p` of a section whose first page is sheet `first` ends
/// short of its capacity as a fault. A short page facing one as short
/// (neither the section's first nor its last, both of one capacity)
/// makes a balanced spread, whose last lines align across it: no fault,
/// as a short spread chosen on purpose is none. (The book's notes, kept
/// whole under their chapter's heading, end such spreads a line early.)
fn short_of_grid(pages: &[paginate::PageFill], first: usize, p: usize) -> bool {
    let last = pages.len().saturating_sub(1);
    let facing = if Geometry::is_recto(first + p) {
        p.checked_sub(1).filter(|&q| q > 0)
    } else {
        Some(p + 1).filter(|&q| q < last)
    };
    let balanced = p > 0
        && facing.is_some_and(|q| {
            let (a, b) = (&pages[p], &pages[q]);
            a.capacity == b.capacity && filled(a) == filled(b)
        });
    filled(&pages[p]) < pages[p].capacity && !balanced
}

/// Draws a paginated flow from sheet `first` (its lines from grid line
/// `offset` down), turning to new text pages with running head `head`.
/// Returns the last page drawn on and, on it, the grid lines of the last
/// line set and of the page's last possible line.
#[allow(clippy::too_many_arguments)]
fn draw(
    ts: &mut Typesetter<'_>,
    sheets: &mut Sheets,
    book: &Book,
    flow: Flow<'_>,
    layout: &paginate::Layout,
    first: usize,
    offset: usize,
    head: &str,
    totals: &mut Totals,
) -> (usize, (usize, usize)) {
    let (grid, pieces) = (flow.grid, flow.pieces);
    // The alternative settings pagination chose, set now (see `Piece::chosen`).
    let mut chosen: std::collections::BTreeMap<usize, Vec<SetLine>> = pieces
        .iter()
        .zip(&layout.choice)
        .enumerate()
        .filter(|(_, (piece, &k))| k > 0 && matches!(piece.block, Block::Paragraph { .. }))
        .filter_map(|(i, (piece, &k))| Some((i, piece.chosen(k, ts)?)))
        .collect();
    let last = layout.pages.len().saturating_sub(1);
    let mut reached = (first, (0, 0));
    for (p, fill) in layout.pages.iter().enumerate() {
        let page = if p == 0 {
            first
        } else {
            sheets.push(PageKind::Text {
                head: head.to_string(),
            })
        };
        let offset = if p == 0 { offset } else { 0 };
        reached = (
            page,
            (
                (offset + fill.used).saturating_sub(1),
                offset + fill.capacity - 1,
            ),
        );
        let filled = filled(fill);
        let short = short_of_grid(&layout.pages, first, p);
        // Counted as the page's fault below is said: an opening page
        // (its text starts lower) is short of what it can hold, not of
        // the grid; it was left out, and the summary said "0 short
        // pages" under a warning of one.
        if p < last && short {
            totals.short_pages += 1;
        }
        let left = grid.left(page);
        // The callout rules of the lines drawn: each from its first line
        // on the page to its last.
        let mut barred: Vec<(usize, f32)> = Vec::new();
        for slot in &fill.slots {
            let piece = &pieces[slot.block];
            // A heading's place (a run-in heading's is its paragraph's
            // first line): where links to it and the outline go; a
            // figure's or a table's (its top) for links that name it.
            // (Figures and tables were left out: links to them landed on
            // their chapter's opening, the fallback.) A figure's one slot
            // starts past line 0 when it is set smaller.
            let heads = match piece.block {
                Block::Keep { .. } | Block::Float { .. } => true,
                Block::Paragraph { .. } | Block::Rows { .. } => slot.first_line == 0,
                Block::Space { .. } => false,
            };
            if let (0, Some(flag)) = (slot.first_line, &piece.flag) {
                totals.flagged.push((
                    flag.kind,
                    Fault {
                        page,
                        message: flag.message.clone(),
                        origin: piece.origin.clone(),
                    },
                ));
            }
            if let (true, Some(origin)) = (heads, &piece.origin) {
                let y = grid.baseline(slot.grid_line + offset) - grid.leading;
                if let Some(id) = origin.file.strip_prefix("notes-group:") {
                    sheets
                        .places
                        .insert(format!("notes-{id}"), Destination { page, y });
                } else if let Some(id) = sheets.anchor_of(origin) {
                    sheets.places.insert(id, Destination { page, y });
                }
            }
            for j in 0..slot.lines {
                let k = slot.first_line + j;
                let runs = paragraph_runs(pieces, &mut chosen, layout, slot.block, k);
                let piece = &pieces[slot.block];
                let lines = slot_lines(piece, &chosen, layout, slot.block);
                let Some(line) = lines.get(k) else { continue };
                let grid_line = slot.grid_line + offset + j;
                let baseline = grid.baseline(grid_line);
                if !piece.bars.is_empty() {
                    barred.push((slot.block, baseline));
                }
                let x = left + piece.x;
                // The anchor first: a note's hanging number then comes
                // before its first line in the content stream, so text
                // copied out (and extractors that follow the stream) reads
                // "1. Note text", never the number inside a word the line
                // ends by hyphenating.
                anchor(grid, sheets, book, piece, line, k, page, x, baseline);
                match runs {
                    Some(runs) => sheets.draw_runs(page, runs, line, x, baseline),
                    None => sheets.draw_line(page, line, x, baseline),
                }
                let art = &piece.art;
                let on = &mut sheets.pages[page];
                crate::pdf::figure::draw_art(book, on, art, (k, slot.first_line), x, baseline);
                if matches!(piece.block, Block::Paragraph { .. }) {
                    sheets.place(placed(
                        line,
                        page,
                        grid_line,
                        k,
                        lines.len(),
                        piece.origin.clone(),
                        false,
                    ));
                }
            }
        }
        let bars = barred.iter().map(|&(i, b)| (&pieces[i].bars[..], b));
        let rules = crate::pdf::flow::bar_rules(bars, left);
        sheets.pages[page].rules.extend(rules);
        if let Some(notes) = flow.notes {
            draw_foot(sheets, book, notes, grid, fill, page, offset, left);
        }
        // Faults left on this page, located.
        if p < last {
            if let Some(tail) = fill.slots.last() {
                let piece = &pieces[tail.block];
                let end = tail.first_line + tail.lines;
                let message = match &piece.block {
                    Block::Keep { .. } => Some("a heading ends the page".to_string()),
                    Block::Paragraph { variants } => {
                        let v = &variants[layout.choice[tail.block]];
                        if end < v.lines() && (end == 1 || v.lines() - end == 1) {
                            Some("a widow or orphan line".to_string())
                        } else if end < v.lines() && v.hyphenated[end - 1] {
                            Some("the page ends with a hyphenated word".to_string())
                        } else {
                            None
                        }
                    }
                    Block::Space { .. } | Block::Float { .. } | Block::Rows { .. } => None,
                };
                let message = message.or_else(|| {
                    short.then(|| {
                        format!(
                            "page is {} short of the text block",
                            crate::diagnostics::count(fill.capacity - filled, "line")
                        )
                    })
                });
                if let Some(message) = message {
                    totals.fault_list.push(Fault {
                        page,
                        message,
                        origin: piece.origin.clone(),
                    });
                }
            }
        }
    }
    if let Some(notes) = flow.notes {
        list_moved_notes(notes, pieces, layout, first, totals);
    }
    // A figure more than a page after its reference (only when the
    // figures referred to on one page are more than the next can hold).
    let blocks: Vec<Block> = pieces.iter().map(|p| p.block.clone()).collect();
    for (block, reference, at) in paginate::far_figures(&blocks, &layout.pages) {
        totals.fault_list.push(Fault {
            page: first + at,
            message: format!(
                "figure set on PDF page {}, {} pages after its reference on PDF page {}",
                first + at + 1,
                at - reference,
                first + reference + 1
            ),
            origin: pieces[block].origin.clone(),
        });
    }
    reached
}

/// The lines a layout slot of block `block` draws from: a paragraph's
/// chosen setting (set anew in `chosen` when pagination chose one other
/// than the first), any other block's only setting.
fn slot_lines<'p>(
    piece: &'p Piece,
    chosen: &'p std::collections::BTreeMap<usize, Vec<SetLine>>,
    layout: &paginate::Layout,
    block: usize,
) -> &'p [SetLine] {
    match &piece.block {
        Block::Paragraph { .. } => match chosen.get(&block) {
            Some(lines) => lines,
            None => &piece.settings[layout.choice[block]],
        },
        Block::Keep { .. } | Block::Float { .. } | Block::Rows { .. } => &piece.settings[0],
        Block::Space { .. } => &[],
    }
}

/// The glyph runs of line `k` of paragraph `block`, taken out of it: a
/// paragraph's line is drawn once, so its runs move onto the page instead
/// of being copied (they were a fifth of the memory a chapter's drawing
/// touched). `None` for other blocks, whose lines may be drawn again (a
/// table's head on every page it runs over).
fn paragraph_runs(
    pieces: &mut [Piece],
    chosen: &mut std::collections::BTreeMap<usize, Vec<SetLine>>,
    layout: &paginate::Layout,
    block: usize,
    k: usize,
) -> Option<Vec<GlyphRun>> {
    let piece = pieces.get_mut(block)?;
    if !matches!(piece.block, Block::Paragraph { .. }) {
        return None;
    }
    let line = match chosen.get_mut(&block) {
        Some(lines) => lines.get_mut(k)?,
        None => piece.settings.get_mut(layout.choice[block])?.get_mut(k)?,
    };
    Some(std::mem::take(&mut line.runs))
}

/// One fault per page-foot note that does not start on the page of its
/// reference, located at the paragraph that refers to it. The layout's
/// pages are the sheets from `first` on, in order.
fn list_moved_notes(
    notes: &PageNotes,
    pieces: &[Piece],
    layout: &paginate::Layout,
    first: usize,
    totals: &mut Totals,
) {
    let refs = notes.refs(pieces);
    for moved in paginate::moved_notes(&refs, &layout.choice, &layout.pages) {
        let number = notes
            .number(moved.note)
            .map_or_else(|| "?".to_string(), |n| n.to_string());
        let pdf_page = |p: Option<usize>| {
            p.map_or("no page".to_string(), |p| {
                format!("PDF page {}", first + p + 1)
            })
        };
        let message = if moved.set_lines != moved.lines {
            format!(
                "note {number}: {} of its {} lines set (referred to on {})",
                moved.set_lines,
                moved.lines,
                pdf_page(moved.reference_page)
            )
        } else {
            format!(
                "note {number} moved: referred to on {}, it starts on {}",
                pdf_page(moved.reference_page),
                pdf_page(moved.note_page)
            )
        };
        totals.fault_list.push(Fault {
            page: first + moved.reference_page.or(moved.note_page).unwrap_or(0),
            message,
            origin: pieces.get(moved.block).and_then(|p| p.origin.clone()),
        });
    }
}

/// Draws a page's notes at its foot: the last on the text block's last
/// baseline (of the page's capacity), a short rule above the first (a
/// full one above a note continued from the page before).
#[allow(clippy::too_many_arguments)]
pub(crate) fn draw_foot(
    sheets: &mut Sheets,
    book: &Book,
    notes: &PageNotes,
    grid: &Geometry,
    fill: &paginate::PageFill,
    page: usize,
    offset: usize,
    left: f32,
) {
    let bottom = grid.baseline(offset + fill.capacity - 1);
    let lines = notes.page_lines(&fill.notes, bottom);
    let Some(first) = lines.first().map(|l| l.baseline) else {
        return;
    };
    let ng = &notes.grid;
    let body_last = (fill.used > 0).then(|| grid.baseline(offset + fill.used - 1));
    // A note run on from the page before sits under a rule the full
    // measure wide (LaTeX's `\splitfootnoterule`), so it is not read as a
    // new note missing its number; a page's own notes under a short one.
    let continued = fill.notes.first().is_some_and(|slot| slot.first_line > 0);
    let width = if continued {
        ng.measure
    } else {
        (ng.measure * 0.3).round()
    };
    sheets.pages[page].rules.push(Rule {
        area: Rect {
            // Where the notes' lines start: on the right in a book read
            // from the right.
            x: if grid.bound_right {
                left + ng.measure - width
            } else {
                left
            },
            y: notes.rule_y(
                body_last,
                grid.size,
                first,
                notes.foot(grid).separation + grid.leading,
            ),
            width,
            height: 0.4,
        },
    });
    // A callout in a note has its rule beside it as in the text: the
    // notes' lines carry their callouts' bars as the body's do (they were
    // left undrawn, and the callout stood indented with nothing beside it).
    let bars = lines
        .iter()
        .filter(|l| !l.piece.bars.is_empty())
        .map(|l| (&l.piece.bars[..], l.baseline));
    let rules = crate::pdf::flow::bar_rules(bars, left);
    sheets.pages[page].rules.extend(rules);
    for (i, foot) in lines.iter().enumerate() {
        let x = left + foot.piece.x;
        sheets.draw_line(page, foot.line, x, foot.baseline);
        anchor(
            ng,
            sheets,
            book,
            foot.piece,
            foot.line,
            foot.index,
            page,
            x,
            foot.baseline,
        );
        if matches!(foot.piece.block, Block::Paragraph { .. }) {
            let total = foot.piece.settings.first().map_or(0, Vec::len);
            sheets.place(placed(
                foot.line,
                page,
                i,
                foot.index,
                total,
                foot.piece.origin.clone(),
                true,
            ));
        }
    }
}

/// The record of a set line as placed, for the report and the dump:
/// line `k` of `total` of a piece from `origin`.
pub(super) fn placed(
    line: &SetLine,
    page: usize,
    grid_line: usize,
    k: usize,
    total: usize,
    origin: Option<crate::pdf::flow::Origin>,
    in_foot: bool,
) -> PlacedLine {
    PlacedLine {
        page,
        grid_line,
        first_word: line.first_word.clone(),
        last_word: line.last_word.clone(),
        hyphenated: line.hyphenated,
        ends_in_hyphen: line.ends_in_hyphen,
        overfull: line.overfull,
        loose: line.loose,
        space_ratio: if line.space_natural > 0.0 {
            line.space_set / line.space_natural
        } else {
            1.0
        },
        last_of_paragraph: k + 1 == total,
        only_line: total == 1,
        spaces: line.spaces,
        origin,
        in_foot,
    }
}

/// Records where a line's note references and note numbers are, and the
/// links they make.
#[allow(clippy::too_many_arguments)]
fn anchor(
    g: &Geometry,
    sheets: &mut Sheets,
    book: &Book,
    piece: &Piece,
    line: &SetLine,
    k: usize,
    page: usize,
    x: f32,
    baseline: f32,
) {
    // Just above the line's ascenders, so a viewer shows the whole line first.
    let top = baseline - g.size;
    sheets.place_links(page, line, x, baseline);
    // Note marks link to their notes, in the text and inside notes alike.
    if let Role::Text { chapter } | Role::NoteStart { chapter, .. } = &piece.role {
        sheets.note_marks(book, *chapter, line, page, x, baseline, top);
    }
    match &piece.role {
        Role::NoteStart {
            note_id,
            ref_id,
            number,
            gap,
            right_of,
            ..
        } if k == 0 => {
            let nx = match right_of {
                Some(measure) => x + measure + gap,
                None => x - gap - number.width,
            };
            sheets.draw_line(page, number, nx, baseline);
            sheets
                .places
                .insert(note_id.clone(), Destination { page, y: top });
            sheets.links.push(PendingLink {
                page,
                area: Rect {
                    x: nx - 1.5,
                    y: baseline - g.size * 0.75 - 1.5,
                    width: number.width + 3.0,
                    height: g.size + 3.0,
                },
                target: ref_id.clone(),
                fallback: None,
            });
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(capacity: usize, used: usize) -> paginate::PageFill {
        paginate::PageFill {
            capacity,
            used,
            slots: Vec::new(),
            notes: Vec::new(),
            foot: 0,
        }
    }

    #[test]
    fn a_short_page_facing_one_as_short_is_a_balanced_spread() {
        // Sheet 0 is a recto, sheet 1 a verso: from sheet 0, pages 1-2
        // and 3-4 face each other.
        let pages = [
            page(30, 20),
            page(30, 29),
            page(30, 29),
            page(30, 29),
            page(30, 30),
            page(30, 12),
        ];
        let short: Vec<bool> = (0..pages.len())
            .map(|p| short_of_grid(&pages, 0, p))
            .collect();
        // The opening (0) is short of its page, not of a spread; 1 and 2
        // face each other equally short; 3 faces a full page; the last is
        // as long as its text (the caller lets it be).
        assert_eq!(short, [true, false, false, true, false, true]);
        // A page's notes count with their separating line.
        let mut with_notes = page(30, 25);
        with_notes.foot = 4;
        let facing = page(30, 30);
        assert!(!short_of_grid(
            &[page(30, 30), with_notes, facing, page(30, 1)],
            0,
            1
        ));
    }
}
