//! The pages as they are drawn: what each page is, the set lines placed on it, the places ids name and the links waiting for them.

use std::collections::BTreeMap;

use crate::model::{Block, Book, LinkTarget};
use crate::pdf::book::PlacedLine;
use crate::pdf::flow::Origin;
use crate::pdf::page::{Destination, GlyphRun, Page, Rect, UriLink};
use crate::pdf::paragraph::SetLine;
use crate::pdf::tally::LineTally;

/// What kind of page a page is, for heads and folios.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// Half-title, card page, title page, imprint and contents: no head,
    /// no folio.
    Front,
    Blank,
    /// A section's first page, a part's title page, a dedication: no head.
    Opening,
    /// A text page; carries the recto running head.
    Text {
        head: String,
    },
}

/// A link whose target is known by id until every page is placed.
#[derive(Clone)]
pub(crate) struct PendingLink {
    pub page: usize,
    pub area: Rect,
    pub target: String,
    /// Where to go when `target` has no place (a chapter link whose anchor
    /// the PDF does not mark: its chapter's start).
    pub fallback: Option<String>,
}

/// Everything drawn so far.
#[derive(Default)]
pub(crate) struct Sheets {
    pub pages: Vec<Page>,
    pub kinds: Vec<PageKind>,
    /// Every set line as placed, kept only when `keep_lines` (tests and
    /// the layout dump read them; a build that writes needs the tally).
    pub lines: Vec<PlacedLine>,
    pub keep_lines: bool,
    /// The report's figures of the lines placed.
    pub tally: LineTally,
    /// Id (`note-…`, `noteref-…`, `chapter-…`, a heading's) → where it is.
    pub places: BTreeMap<String, Destination>,
    pub links: Vec<PendingLink>,
    /// Where each heading of the book comes from (file, line, column) →
    /// its id: a heading's piece carries its origin, and this names it.
    pub anchors: BTreeMap<String, BTreeMap<(u32, u32), String>>,
}

/// Every heading's origin → id (see [`Sheets::anchors`]), those in notes
/// too: file → (line, column) → id.
pub(crate) fn heading_anchors(book: &Book) -> BTreeMap<String, BTreeMap<(u32, u32), String>> {
    let mut out: BTreeMap<String, BTreeMap<(u32, u32), String>> = BTreeMap::new();
    for chapter in &book.chapters {
        let notes = chapter.notes.iter().flat_map(|n| &n.blocks);
        for block in chapter.blocks.iter().chain(notes) {
            block.walk(&mut |b| match b {
                Block::Heading { id, span, .. } => {
                    let file = out.entry(chapter.file.clone()).or_default();
                    file.insert((span.line, span.col), id.clone());
                }
                // A figure, a table, an equation or a listing a link may name: its
                // place is its piece's.
                Block::Figure {
                    id: Some(id), span, ..
                }
                | Block::Table {
                    id: Some(id), span, ..
                }
                | Block::Equation {
                    id: Some(id), span, ..
                }
                | Block::CodeBlock {
                    id: Some(id), span, ..
                }
                | Block::Theorem {
                    id: Some(id), span, ..
                } => {
                    let file = out.entry(chapter.file.clone()).or_default();
                    file.insert((span.line, span.col), id.clone());
                }
                // Each work cited: its entry's place (column 0, which no
                // block of the file has).
                Block::Bibliography { entries, .. } => {
                    let file = out.entry(chapter.file.clone()).or_default();
                    for entry in entries {
                        file.insert((entry.span.line, entry.span.col), entry.id.clone());
                    }
                }
                _ => {}
            });
        }
    }
    out
}

impl Sheets {
    /// The id of the heading set from `origin`, if it is a heading's.
    pub fn anchor_of(&self, origin: &Origin) -> Option<String> {
        self.anchors
            .get(origin.file.as_str())?
            .get(&(origin.span.line, origin.span.col))
            .cloned()
    }

    /// Counts a set line as placed, and keeps it if asked to.
    pub fn place(&mut self, line: PlacedLine) {
        self.tally.add(&line);
        if self.keep_lines {
            self.lines.push(line);
        }
    }

    pub fn push(&mut self, kind: PageKind) -> usize {
        self.pages.push(Page::default());
        self.kinds.push(kind);
        self.pages.len() - 1
    }

    /// Places a set line with its start at (x, baseline) on `page`.
    pub fn draw_line(&mut self, page: usize, line: &SetLine, x: f32, baseline: f32) {
        self.place_runs(page, line.runs.iter().cloned(), line, x, baseline);
    }

    /// Places `line` as `draw_line` does, its glyph runs being `runs`,
    /// taken out of it (a line drawn once need not be copied).
    pub fn draw_runs(
        &mut self,
        page: usize,
        runs: Vec<GlyphRun>,
        line: &SetLine,
        x: f32,
        baseline: f32,
    ) {
        self.place_runs(page, runs.into_iter(), line, x, baseline);
    }

    fn place_runs(
        &mut self,
        page: usize,
        runs: impl Iterator<Item = GlyphRun>,
        line: &SetLine,
        x: f32,
        baseline: f32,
    ) {
        for mut run in runs {
            run.x += x;
            run.y += baseline;
            self.pages[page].runs.push(run);
        }
        // Struck-out text: a rule through it.
        for s in &line.strikes {
            self.pages[page].rules.push(crate::pdf::page::Rule {
                area: Rect {
                    x: x + s.x_start,
                    y: baseline + s.y - s.thickness / 2.0,
                    width: s.x_end - s.x_start,
                    height: s.thickness,
                },
            });
        }
    }

    /// The links set on `line` (placed at `x`, `baseline` on `page`): web
    /// and mail addresses open outside, links inside the book jump to the
    /// place (or the chapter's start) once every place is known.
    pub fn place_links(&mut self, page: usize, line: &SetLine, x: f32, baseline: f32) {
        // The index marks on the line: the index links to just above it
        // (a mark set on two lines, a word broken, is at the first).
        if !line.places.is_empty() {
            let size = line.runs.iter().map(|r| r.size).fold(0.0, f32::max);
            for id in &line.places {
                self.places.entry(id.clone()).or_insert(Destination {
                    page,
                    y: baseline - size,
                });
            }
        }
        for mark in &line.links {
            let area = Rect {
                x: x + mark.x_start,
                y: baseline + mark.y_top,
                width: mark.x_end - mark.x_start,
                height: mark.y_bottom - mark.y_top,
            };
            match &mark.target {
                LinkTarget::External { url } => {
                    // The model's address was checked by links.rs; checked again
                    // here, as the EPUB does, since the model may come from elsewhere.
                    if let Some(uri) = crate::links::checked_external(url) {
                        self.pages[page].uris.push(UriLink { area, uri });
                    }
                }
                LinkTarget::Internal {
                    chapter,
                    anchor,
                    placed_as,
                } => {
                    // Where a link with a page reference ends: a later
                    // line of the same link overwrites an earlier one.
                    if let Some(name) = placed_as {
                        let place = Destination { page, y: area.y };
                        self.places.insert(name.clone(), place);
                    }
                    self.links.push(PendingLink {
                        page,
                        area,
                        target: anchor.clone().unwrap_or_else(|| chapter.clone()),
                        fallback: Some(chapter.clone()),
                    })
                }
            }
        }
    }

    /// Links the note marks on `line` (text of chapter `chapter`, placed at
    /// `x`, `baseline` on `page`) to their notes, and records where each
    /// mark is so its note can link back. `top` is the y a jump back shows
    /// first (just above the line's ascenders).
    #[allow(clippy::too_many_arguments)]
    pub fn note_marks(
        &mut self,
        book: &Book,
        chapter: usize,
        line: &SetLine,
        page: usize,
        x: f32,
        baseline: f32,
        top: f32,
    ) {
        for mark in &line.note_refs {
            let Some(note) = book.chapters[chapter].note(mark.number) else {
                continue;
            };
            // The clickable area: the figure, padded to a comfortable target.
            let area = Rect {
                x: x + mark.x_start - 1.5,
                y: baseline + mark.y_top - 1.5,
                width: (mark.x_end - mark.x_start) + 3.0,
                height: (mark.y_bottom - mark.y_top) + 3.0,
            };
            self.links.push(PendingLink {
                page,
                area,
                target: note.id.clone(),
                fallback: None,
            });
            self.places
                .insert(mark.id.clone(), Destination { page, y: top });
        }
    }
}
