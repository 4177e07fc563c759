//! The printed book: sections paginated on the grid and dressed as pages — chapter openings, running heads, folios, notes with links both ways, the outline.
//!
//! Order of work: front matter is sized first (its page count decides the
//! folios), then each section (a chapter, the notes) is set, paginated and
//! drawn from a recto, then the front matter is drawn with the page
//! numbers now known, and finally links, bookmarks and page labels are resolved.
//! The book-end notes are set smaller than the text, on a baseline grid of
//! their own (`Geometry::notes`), the same on every notes page.

use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::model::{Book, ChapterKind, Inline, Matter, NotesPlacement};
use crate::pdf::flow::{self, Measures, Origin, Piece, Role};
use crate::pdf::folios::Folios;
use crate::pdf::fontset::FaceKind;
use crate::pdf::front;
use crate::pdf::heads::running_heads;
use crate::pdf::opening::{self, draw_opening, Opening};
use crate::pdf::outline::outline;
use crate::pdf::page::{Destination, DocumentInfo, Link, PageDocument, Rect};
use crate::pdf::paginate::{self, Block, Faults, Params};
use crate::pdf::paragraph::{ParagraphStyle, SetLine, Typesetter};
use crate::pdf::sheets::{PendingLink, Sheets};

pub use crate::pdf::geometry::Geometry;
pub use crate::pdf::sheets::PageKind;

/// One set line of text as placed, for the report and the layout dump.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLine {
    /// 0-based page in the PDF.
    pub page: usize,
    /// Grid line on the page.
    pub grid_line: usize,
    pub first_word: String,
    pub last_word: String,
    /// Ends with a hyphen added by hyphenation.
    pub hyphenated: bool,
    /// Ends inside a word at a hyphen, added or the word's own.
    pub ends_in_hyphen: bool,
    pub overfull: bool,
    /// Set word space over natural word space (1.0 when the line has none).
    pub space_ratio: f32,
    /// Whether the line ends a paragraph (its spaces are natural, not justified).
    pub last_of_paragraph: bool,
    /// The paragraph's only line.
    pub only_line: bool,
    /// Word spaces on the line.
    pub spaces: usize,
    pub origin: Option<Origin>,
}

impl PlacedLine {
    /// The last line of a paragraph of several, holding a single word.
    pub fn runt(&self) -> bool {
        self.last_of_paragraph && !self.only_line && self.spaces == 0
    }
}

/// A fault pagination could not avoid, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub page: usize,
    pub message: String,
    pub origin: Option<Origin>,
}

/// The built book, before PDF writing.
#[derive(Debug, Clone)]
pub struct Built {
    pub document: PageDocument,
    pub kinds: Vec<PageKind>,
    pub lines: Vec<PlacedLine>,
    /// Pages of the front matter, numbered in roman (folio 1 is the page
    /// after them).
    pub front_pages: usize,
    pub faults: Faults,
    pub fault_list: Vec<Fault>,
    /// Faults a layout without alternatives or short spreads would have had.
    pub naive_faults: Faults,
    pub adjusted_paragraphs: usize,
    pub short_spreads: usize,
    /// Pages short of the full text block that are not a section's last.
    pub short_pages: usize,
    pub note_links: usize,
    pub back_links: usize,
    pub unresolved_links: usize,
}

/// Builds the book's pages, setting chapters on as many threads as the
/// machine offers (at most two: the gain flattens beyond).
pub fn build(book: &Book, diags: &mut Diagnostics) -> Result<Built, Failure> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
    build_with_threads(book, diags, threads)
}

/// `build` with a given number of typesetting threads; the result is the
/// same for any number (tests hold it to that).
pub fn build_with_threads(
    book: &Book,
    diags: &mut Diagnostics,
    threads: usize,
) -> Result<Built, Failure> {
    if book.chapters.is_empty() {
        return Err(Failure::single(Diagnostic::error(
            "book.toml",
            0,
            0,
            "the book has no chapters to set",
        )));
    }
    let mut ts = Typesetter::for_book(book, diags)?;
    crate::pdf::hyphenate::missing_patterns(book, diags);
    let language_of = |c: &crate::model::Chapter| {
        c.language
            .clone()
            .unwrap_or_else(|| book.metadata.language.clone())
    };
    let g = Geometry::new(&book.pdf);
    let m = Measures {
        size: g.size,
        measure: g.measure,
        indent: g.size,
    };

    let has_notes = book.chapters.iter().any(|c| !c.notes.is_empty());
    let book_end_notes = has_notes && book.pdf.notes == NotesPlacement::BookEnd;

    // Front matter: title, imprint, contents, and a blank verso if needed,
    // so the first chapter opens on a recto.
    let contents = front::contents_entries(book, book_end_notes);
    let contents_pages = front::contents_pages(&mut ts, &g, &contents);
    let mut front_pages = 2 + contents_pages;
    if !front_pages.is_multiple_of(2) {
        front_pages += 1;
    }
    let mut sheets = Sheets {
        anchors: crate::pdf::sheets::heading_anchors(book),
        ..Sheets::default()
    };
    for _ in 0..front_pages {
        sheets.push(PageKind::Front);
    }

    let mut totals = Totals::default();
    // The first page of the body, where arabic folios start at 1.
    let mut body_start = None;
    for (index, chapter) in book.chapters.iter().enumerate() {
        ts.set_language(&language_of(chapter));
        if chapter.matter != Matter::Front && body_start.is_none() {
            opening::to_recto(&mut sheets);
            body_start = Some(sheets.pages.len());
        }
        // Parts, dedications and epigraphs have pages of their own.
        let set_apart = match chapter.kind {
            ChapterKind::Dedication | ChapterKind::Epigraph => {
                opening::alone(&mut ts, &g, book, &mut sheets, index, diags)
            }
            ChapterKind::Part => opening::part_page(&mut ts, &g, book, &mut sheets, index, diags),
            _ => false,
        };
        if set_apart {
            continue;
        }
        let mut pieces = flow::synopsis(&mut ts, chapter, index, &m, diags);
        if threads > 1 {
            pieces.extend(flow::chapter_body_parallel(
                book, chapter, index, &m, threads, diags,
            )?);
        } else {
            pieces.extend(flow::chapter_body(&mut ts, chapter, index, &m, diags));
        }
        if !chapter.notes.is_empty() && book.pdf.notes == NotesPlacement::ChapterEnd {
            let mut label = ts.set_line(
                &book.labels.notes.to_lowercase(),
                FaceKind::SmallCaps,
                g.size,
            );
            flow::track(&mut label, 0.06 * g.size);
            flow::centre(&mut label, g.measure);
            pieces.push(flow::keep(vec![label], 2, 1, 0.0, None));
            pieces.extend(flow::notes(&mut ts, chapter, index, &m, diags));
        }
        let opening = Opening {
            label: chapter.label(&book.labels).map(|l| l.to_lowercase()),
            title: chapter.title.clone(),
            id: chapter.id.clone(),
            chapter: Some(index),
        };
        section(
            &mut ts,
            &g,
            &g,
            &mut sheets,
            &opening,
            chapter.head_text(),
            &pieces,
            book,
            &mut totals,
        );
    }
    let folios = Folios {
        body_start: body_start.unwrap_or(sheets.pages.len()),
    };
    if book_end_notes {
        let ng = g.notes();
        let nm = Measures {
            size: ng.size,
            measure: ng.measure,
            indent: ng.size,
        };
        let mut pieces = Vec::new();
        for (index, chapter) in book.chapters.iter().enumerate() {
            ts.set_language(&language_of(chapter));
            if chapter.notes.is_empty() {
                continue;
            }
            let heading = match &chapter.number {
                Some(n) => format!("{n} \u{b7} {}", chapter.title_text),
                None => chapter.nav_title(&book.labels),
            };
            let style = ParagraphStyle::display(ng.size, ng.measure, FaceKind::Italic);
            let set = ts.set_paragraph(
                &[Inline::Text {
                    text: heading.clone(),
                }],
                &style,
            );
            let mut keep = flow::keep(set.lines, 1, 1, 0.0, None);
            keep.role = Role::Plain;
            pieces.push(keep);
            // The group heading is a destination for the outline.
            pieces.last_mut().expect("just pushed").origin = Some(Origin {
                file: format!("notes-group:{}", chapter.id),
                span: Default::default(),
            });
            pieces.extend(flow::notes(&mut ts, chapter, index, &nm, diags));
        }
        let opening = Opening {
            label: None,
            title: vec![Inline::Text {
                text: book.labels.notes.clone(),
            }],
            id: "notes".to_string(),
            chapter: None,
        };
        section(
            &mut ts,
            &g,
            &ng,
            &mut sheets,
            &opening,
            &book.labels.notes,
            &pieces,
            book,
            &mut totals,
        );
    }

    ts.set_language(&book.metadata.language);
    // Front matter, now that page numbers are known.
    let folio = |page: usize| folios.text(page);
    front::title_page(&mut ts, &g, book, &mut sheets.pages[0]);
    front::imprint(&mut ts, &g, book, &mut sheets.pages[1]);
    let resolved: Vec<(String, Option<Destination>)> = contents
        .iter()
        .map(|e| (e.id.clone(), sheets.places.get(&e.id).copied()))
        .collect();
    let contents_links = front::contents(
        &mut ts,
        &g,
        &book.labels.contents,
        &contents,
        &resolved,
        &folio,
        &mut sheets.pages[2..2 + contents_pages],
    );
    for (page, area, target) in contents_links {
        sheets.links.push(PendingLink {
            page: page + 2,
            area,
            target,
            fallback: None,
        });
    }
    sheets
        .places
        .insert("contents".to_string(), Destination { page: 2, y: g.top });

    running_heads(&mut ts, &g, book, &mut sheets, &folios, diags);

    // Links, now that every place is known.
    let note_ids: std::collections::BTreeSet<&str> = book
        .chapters
        .iter()
        .flat_map(|c| c.notes.iter().map(|n| n.id.as_str()))
        .collect();
    let ref_ids: std::collections::BTreeSet<&str> = book
        .chapters
        .iter()
        .flat_map(|c| c.notes.iter().map(|n| n.ref_id.as_str()))
        .collect();
    let mut note_links = 0;
    let mut back_links = 0;
    let mut unresolved = 0;
    for link in std::mem::take(&mut sheets.links) {
        let place = sheets
            .places
            .get(&link.target)
            .or_else(|| link.fallback.as_ref().and_then(|f| sheets.places.get(f)));
        match place {
            Some(target) => {
                if note_ids.contains(link.target.as_str()) {
                    note_links += 1;
                } else if ref_ids.contains(link.target.as_str()) {
                    back_links += 1;
                }
                sheets.pages[link.page].links.push(Link {
                    area: link.area,
                    target: *target,
                });
            }
            None => {
                unresolved += 1;
                diags.push(Diagnostic::warning(
                    "book.toml",
                    0,
                    0,
                    format!(
                        "PDF link on page {} to `{}` has no target",
                        link.page + 1,
                        link.target
                    ),
                ));
            }
        }
    }

    let outline = outline(book, &sheets.places, book_end_notes);
    let info = DocumentInfo {
        title: match &book.metadata.subtitle {
            Some(s) => format!("{}: {}", book.metadata.title, s),
            None => book.metadata.title.clone(),
        },
        author: book
            .metadata
            .authors
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        subject: book
            .metadata
            .description
            .clone()
            .or_else(|| book.metadata.subtitle.clone())
            .unwrap_or_default(),
        keywords: String::new(),
        creator: format!("bookpack {}", env!("CARGO_PKG_VERSION")),
        language: book.metadata.language.clone(),
        date: book.metadata.modified.clone(),
        identifier: book.metadata.identifier.clone(),
    };
    let page_labels = folios.page_labels(sheets.pages.len());
    let document = PageDocument {
        width: g.width,
        height: g.height,
        fonts: ts.fonts().faces(),
        pages: sheets.pages,
        outline,
        info,
        page_labels,
    };
    Ok(Built {
        document,
        kinds: sheets.kinds,
        lines: sheets.lines,
        front_pages: folios.body_start,
        faults: totals.faults,
        fault_list: totals.fault_list,
        naive_faults: totals.naive,
        adjusted_paragraphs: totals.adjusted,
        short_spreads: totals.short_spreads,
        short_pages: totals.short_pages,
        note_links,
        back_links,
        unresolved_links: unresolved,
    })
}

#[derive(Default)]
struct Totals {
    faults: Faults,
    naive: Faults,
    fault_list: Vec<Fault>,
    adjusted: usize,
    short_spreads: usize,
    short_pages: usize,
}

fn add(a: &mut Faults, b: &Faults) {
    a.widows += b.widows;
    a.orphans += b.orphans;
    a.headings_last += b.headings_last;
    a.hyphens_last += b.hyphens_last;
    a.short_pages += b.short_pages;
}

/// Sets one section from a fresh recto: its opening (drawn on the body's
/// geometry `g`), then its pieces paginated on `grid` — the body's own for
/// a chapter, a smaller one for the book-end notes.
#[allow(clippy::too_many_arguments)]
fn section(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    grid: &Geometry,
    sheets: &mut Sheets,
    opening: &Opening,
    head: &str,
    pieces: &[Piece],
    book: &Book,
    totals: &mut Totals,
) {
    opening::to_recto(sheets);
    let first = sheets.push(PageKind::Opening);
    // The opening's depth in grid lines of the section's grid: the first
    // line of that grid at or below where the body's next line would be.
    let base = grid.line_at(g.baseline(draw_opening(ts, g, book, sheets, first, opening)));

    let blocks: Vec<Block> = pieces.iter().map(|p| p.block.clone()).collect();
    // The opening's sink may give or take a line: a shift of the whole
    // section that no reader notices, and one more freedom for the grid.
    let params = Params {
        first_page_slack: 1,
        ..Params::new(grid.lines, grid.lines.saturating_sub(base).max(2), true)
    };
    let layout = paginate::paginate(&blocks, &params);
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
    // What a layout without any choice would have suffered: the report's
    // "avoided" figures.
    let rigid: Vec<Block> = blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { variants } => Block::Paragraph {
                variants: variants[..1].to_vec(),
            },
            other => other.clone(),
        })
        .collect();
    let naive = paginate::fill(
        &rigid,
        &Params {
            first_page_slack: 0,
            ..params
        },
    );
    add(&mut totals.naive, &naive.faults);
    add(&mut totals.faults, &layout.faults);
    totals.adjusted += layout.adjusted;
    totals.short_spreads += layout.short_spreads;
    let last = layout.pages.len().saturating_sub(1);

    for (p, fill) in layout.pages.iter().enumerate() {
        let page = if p == 0 {
            first
        } else {
            sheets.push(PageKind::Text {
                head: head.to_string(),
            })
        };
        let offset = if p == 0 { drop } else { 0 };
        if p > 0 && p < last && fill.used < grid.lines {
            totals.short_pages += 1;
        }
        let left = grid.left(page);
        for slot in &fill.slots {
            let piece = &pieces[slot.block];
            let lines: &[SetLine] = match &piece.block {
                Block::Paragraph { .. } => &piece.settings[layout.choice[slot.block]],
                Block::Keep { .. } => &piece.settings[0],
                Block::Space { .. } => &[],
            };
            if let (Block::Keep { .. }, Some(origin)) = (&piece.block, &piece.origin) {
                let y = grid.baseline(slot.grid_line + offset) - grid.leading;
                if let Some(id) = origin.file.strip_prefix("notes-group:") {
                    sheets
                        .places
                        .insert(format!("notes-{id}"), Destination { page, y });
                } else if let Some(id) = sheets.anchor_of(origin) {
                    // A heading: where links to it and the outline go.
                    sheets.places.insert(id, Destination { page, y });
                }
            }
            let total = lines.len();
            for j in 0..slot.lines {
                let k = slot.first_line + j;
                let Some(line) = lines.get(k) else { continue };
                let grid_line = slot.grid_line + offset + j;
                let baseline = grid.baseline(grid_line);
                let x = left + piece.x;
                sheets.draw_line(page, line, x, baseline);
                anchor(grid, sheets, book, piece, line, k, page, x, baseline);
                if matches!(piece.block, Block::Paragraph { .. }) {
                    sheets.lines.push(PlacedLine {
                        page,
                        grid_line,
                        first_word: line.first_word.clone(),
                        last_word: line.last_word.clone(),
                        hyphenated: line.hyphenated,
                        ends_in_hyphen: line.ends_in_hyphen,
                        overfull: line.overfull,
                        space_ratio: if line.space_natural > 0.0 {
                            line.space_set / line.space_natural
                        } else {
                            1.0
                        },
                        last_of_paragraph: k + 1 == total,
                        only_line: total == 1,
                        spaces: line.spaces,
                        origin: piece.origin.clone(),
                    });
                }
            }
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
                    Block::Space { .. } => None,
                };
                let message = message.or_else(|| {
                    (fill.used < fill.capacity).then(|| {
                        format!(
                            "page is {} line(s) short of the text block",
                            fill.capacity - fill.used
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
            ..
        } if k == 0 => {
            let nx = x - gap - number.width;
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

/// The layout as text, one line per set line (page, folio, grid line, first
/// and last words, hyphen), with a header per page: what golden tests
/// compare and a reviewer reads.
pub fn layout_dump(built: &Built) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mut lines = built.lines.iter().peekable();
    for (page, kind) in built.kinds.iter().enumerate() {
        let folio = (page >= built.front_pages).then(|| page + 1 - built.front_pages);
        let label = match kind {
            PageKind::Front => "front".to_string(),
            PageKind::Blank => "blank".to_string(),
            PageKind::Opening => "opening".to_string(),
            PageKind::Text { head } if Geometry::is_recto(page) => format!("recto, head “{head}”"),
            PageKind::Text { .. } => "verso, head: book title".to_string(),
        };
        let _ = match folio {
            Some(f) => writeln!(out, "== page {} (folio {f}): {label}", page + 1),
            None => writeln!(out, "== page {}: {label}", page + 1),
        };
        while let Some(line) = lines.next_if(|l| l.page == page) {
            let _ = writeln!(
                out,
                "{:>3}  {} … {}{}",
                line.grid_line + 1,
                line.first_word,
                line.last_word,
                if line.hyphenated {
                    "  [hyphen]"
                } else if line.ends_in_hyphen {
                    "  [own hyphen]"
                } else {
                    ""
                }
            );
        }
    }
    out
}
