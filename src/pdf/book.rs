//! The printed book: sections paginated on the grid and dressed as pages — chapter openings, running heads, folios, notes with links both ways, the outline.
//!
//! Order of work: front matter is sized first (its page count decides the
//! folios), then each section (a chapter, the notes) is set, paginated and
//! drawn from a recto, then the front matter is drawn with the page
//! numbers now known, and finally links, bookmarks and page labels are resolved.
//! The book-end notes are set smaller than the text, on a baseline grid of
//! their own (`Geometry::notes`), the same on every notes page.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::model::{Book, Inline, LinkTarget, NotesOpen, NotesPlacement, PdfSettings};
use crate::pdf::flow::{self, Measures, Origin, Role};
use crate::pdf::fontset::FaceKind;
use crate::pdf::front;
use crate::pdf::page::{
    Destination, DocumentInfo, GlyphRun, LabelStyle, Link, OutlineEntry, Page, PageDocument, Rect,
    UriLink,
};
use crate::pdf::paginate::Faults;
use crate::pdf::paragraph::{ParagraphStyle, SetLine, Typesetter};
use crate::pdf::section::{section, Flow, Totals};

/// The page and its text area, in points from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub inner: f32,
    pub outer: f32,
    pub size: f32,
    pub leading: f32,
    pub measure: f32,
    /// Baseline of the first grid line.
    pub first_baseline: f32,
    /// Grid lines on a full page.
    pub lines: usize,
    /// Baseline of the running head and folio.
    pub head_baseline: f32,
}

impl Geometry {
    pub fn new(pdf: &PdfSettings) -> Geometry {
        let (width, height) = pdf.paper;
        let m = pdf.margins;
        let leading = pdf.leading.max(1.0);
        // The first baseline sits one body size below the top margin, so
        // capitals (~0.65 em) hang just under it.
        let first_baseline = m.top + pdf.font_size;
        let room = (height - m.bottom - first_baseline).max(0.0);
        let lines = ((room / leading).floor() as usize + 1).max(4);
        Geometry {
            width,
            height,
            top: m.top,
            inner: m.inner,
            outer: m.outer,
            size: pdf.font_size,
            leading,
            measure: (width - m.inner - m.outer).max(pdf.font_size * 10.0),
            first_baseline,
            lines,
            head_baseline: first_baseline - 2.0 * leading,
        }
    }

    /// The grid of the book-end notes: a smaller size on a tighter leading
    /// (9.5 on 12 pt for an 11 on 14 pt body, as trade editions set them),
    /// in the same text area. The first baseline sits one (smaller) size
    /// below the top margin and the last never falls below the body's, so
    /// the notes' text block lies within the body's; running heads keep
    /// the body's place. A grid of its own, the same on every notes page.
    pub fn notes(&self) -> Geometry {
        let size = ((self.size * 0.86) * 2.0).round() / 2.0;
        let leading = (self.leading * 6.0 / 7.0).round().max(size).max(1.0);
        let first_baseline = self.top + size;
        let last = self.baseline(self.lines - 1);
        let room = (last - first_baseline).max(0.0);
        let lines = ((room / leading).floor() as usize + 1).max(4);
        Geometry {
            size,
            leading,
            first_baseline,
            lines,
            ..*self
        }
    }

    /// The first grid line whose baseline is at or below `y`.
    pub fn line_at(&self, y: f32) -> usize {
        // A little tolerance: y often is exactly a baseline of this grid.
        ((y - self.first_baseline) / self.leading - 1e-3)
            .ceil()
            .max(0.0) as usize
    }

    /// Pages are counted from 0; page 0 (the title page) is a recto.
    pub fn is_recto(page: usize) -> bool {
        page.is_multiple_of(2)
    }

    /// Left edge of the text area: the inner margin on a recto, the outer on a verso.
    pub fn left(&self, page: usize) -> f32 {
        if Geometry::is_recto(page) {
            self.inner
        } else {
            self.outer
        }
    }

    pub fn baseline(&self, grid_line: usize) -> f32 {
        self.first_baseline + grid_line as f32 * self.leading
    }
}

/// What kind of page a page is, for heads and folios.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    Front,
    Blank,
    Opening,
    /// A text page; carries the recto running head.
    Text {
        head: String,
    },
}

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
    /// Pages of the front matter (folio 1 is the page after them).
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

/// A link whose target is known by id until every page is placed.
pub(super) struct PendingLink {
    pub(super) page: usize,
    pub(super) area: Rect,
    pub(super) target: String,
    /// Where to go when `target` has no place (a chapter link whose anchor
    /// the PDF does not mark: its chapter's start).
    pub(super) fallback: Option<String>,
}

/// Everything drawn so far.
pub(super) struct Sheets {
    pub(super) pages: Vec<Page>,
    pub(super) kinds: Vec<PageKind>,
    pub(super) lines: Vec<PlacedLine>,
    /// Id (`note-…`, `noteref-…`, `chapter-…`) → where it is.
    pub(super) places: BTreeMap<String, Destination>,
    pub(super) links: Vec<PendingLink>,
}

impl Sheets {
    pub(super) fn push(&mut self, kind: PageKind) -> usize {
        self.pages.push(Page::default());
        self.kinds.push(kind);
        self.pages.len() - 1
    }

    /// Places a set line with its start at (x, baseline) on `page`.
    pub(super) fn draw_line(&mut self, page: usize, line: &SetLine, x: f32, baseline: f32) {
        for run in &line.runs {
            self.pages[page].runs.push(GlyphRun {
                x: run.x + x,
                y: run.y + baseline,
                ..run.clone()
            });
        }
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
}

/// A section's opening, above its grid lines.
pub(super) struct Opening {
    /// Small-capitals line above the title ("chapter 12"), if any.
    pub(super) label: Option<String>,
    pub(super) title: Vec<Inline>,
    /// Id of the section's destination (`chapter-12`, `notes`).
    pub(super) id: String,
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
        leading: g.leading,
        lines: g.lines,
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
        pages: Vec::new(),
        kinds: Vec::new(),
        lines: Vec::new(),
        places: BTreeMap::new(),
        links: Vec::new(),
    };
    for _ in 0..front_pages {
        sheets.push(PageKind::Front);
    }

    let mut totals = Totals::default();
    for (index, chapter) in book.chapters.iter().enumerate() {
        ts.set_language(&language_of(chapter));
        let mut pieces = flow::synopsis(&mut ts, chapter, index, &m, diags);
        if threads > 1 {
            pieces.extend(flow::chapter_body_parallel(
                book, chapter, index, &m, threads, diags,
            )?);
        } else {
            pieces.extend(flow::chapter_body(&mut ts, chapter, index, &m, diags));
        }
        // Chapter-end notes: at the notes' size, on their grid, from under
        // the chapter's last line.
        let ng = g.notes();
        let mut tail = Vec::new();
        if !chapter.notes.is_empty() && book.pdf.notes == NotesPlacement::ChapterEnd {
            let mut label = ts.set_line("notes", FaceKind::SmallCaps, g.size);
            flow::track(&mut label, 0.06 * g.size);
            flow::centre(&mut label, g.measure);
            tail.push(flow::keep(vec![label], 0, 1, 0.0, None));
            tail.extend(flow::notes(
                &mut ts,
                chapter,
                index,
                &notes_measures(&ng),
                diags,
            ));
        }
        let opening = Opening {
            label: chapter.label(&book.labels).map(|l| l.to_lowercase()),
            title: chapter.title.clone(),
            id: chapter.id.clone(),
        };
        section(
            &mut ts,
            &g,
            &mut sheets,
            &opening,
            &chapter.title_text,
            Flow {
                grid: &g,
                pieces: &pieces,
            },
            (!tail.is_empty()).then_some(Flow {
                grid: &ng,
                pieces: &tail,
            }),
            book,
            &mut totals,
            true,
        );
    }
    if book_end_notes {
        let ng = g.notes();
        let nm = notes_measures(&ng);
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
                text: "Notes".to_string(),
            }],
            id: "notes".to_string(),
        };
        section(
            &mut ts,
            &g,
            &mut sheets,
            &opening,
            "Notes",
            Flow {
                grid: &ng,
                pieces: &pieces,
            },
            None,
            book,
            &mut totals,
            book.pdf.notes_open == NotesOpen::Recto,
        );
    }

    ts.set_language(&book.metadata.language);
    // Front matter, now that page numbers are known.
    let folio = |page: usize| page + 1 - front_pages;
    front::title_page(&mut ts, &g, book, &mut sheets.pages[0]);
    front::imprint(&mut ts, &g, book, &mut sheets.pages[1]);
    let resolved: Vec<(String, Option<Destination>)> = contents
        .iter()
        .map(|e| (e.id.clone(), sheets.places.get(&e.id).copied()))
        .collect();
    let contents_links = front::contents(
        &mut ts,
        &g,
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

    running_heads(&mut ts, &g, book, &mut sheets, front_pages);

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
    let page_labels = page_labels(front_pages, sheets.pages.len());
    let document = PageDocument {
        width: g.width,
        height: g.height,
        fonts: ts.fonts().faces(),
        images: crate::pdf::figure::document_images(book),
        pages: sheets.pages,
        outline,
        info,
        page_labels,
    };
    Ok(Built {
        document,
        kinds: sheets.kinds,
        lines: sheets.lines,
        front_pages,
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

/// The text measures of notes set on the notes' grid `ng`.
fn notes_measures(ng: &Geometry) -> Measures {
    Measures {
        size: ng.size,
        measure: ng.measure,
        indent: ng.size,
        leading: ng.leading,
        lines: ng.lines,
    }
}

/// Page labels matching the folios: the front matter counted in lower-case
/// roman numerals from i, the text in arabic from 1 on the page after it
/// (the `folio` used for running heads and the contents).
fn page_labels(front_pages: usize, pages: usize) -> Vec<(usize, LabelStyle, u32)> {
    let mut labels = Vec::new();
    if front_pages > 0 && pages > 0 {
        labels.push((0, LabelStyle::LowerRoman, 1));
    }
    if front_pages < pages {
        labels.push((front_pages, LabelStyle::Decimal, 1));
    }
    labels
}

/// The links set on `line` (placed at `x`, `baseline` on `page`): web and
/// mail addresses open outside, chapter links jump to the place (or the
/// chapter's start) once every place is known.
pub(super) fn place_links(sheets: &mut Sheets, page: usize, line: &SetLine, x: f32, baseline: f32) {
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
                    sheets.pages[page].uris.push(UriLink { area, uri });
                }
            }
            LinkTarget::Internal { chapter, anchor } => sheets.links.push(PendingLink {
                page,
                area,
                target: anchor.clone().unwrap_or_else(|| chapter.clone()),
                fallback: Some(chapter.clone()),
            }),
        }
    }
}

/// Draws a section's opening (label and title, sunk below the top) and
/// returns the grid lines it takes.
pub(super) fn draw_opening(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    sheets: &mut Sheets,
    page: usize,
    opening: &Opening,
) -> usize {
    let left = g.left(page);
    let label_line = 3;
    if let Some(label) = &opening.label {
        let mut line = ts.set_line(label, FaceKind::SmallCaps, g.size);
        flow::track(&mut line, 0.12 * g.size);
        flow::centre(&mut line, g.measure);
        sheets.draw_line(page, &line, left, g.baseline(label_line));
    }
    let title_size = (g.size * 1.8).round();
    let title_leading = title_size * 1.2;
    let style = ParagraphStyle::display(title_size, g.measure, FaceKind::Regular);
    let title = ts.set_paragraph(&opening.title, &style);
    let first = g.baseline(label_line + 2) + (title_size - g.size) * 0.5;
    let mut y = first;
    for line in &title.lines {
        sheets.draw_line(page, line, left, y);
        place_links(sheets, page, line, left, y);
        y += title_leading;
    }
    sheets.places.insert(
        opening.id.clone(),
        Destination {
            page,
            y: g.baseline(label_line) - 2.0 * g.leading,
        },
    );
    // Three blank grid lines under the title's last baseline.
    let last = y - title_leading;
    let below = ((last - g.first_baseline) / g.leading).ceil() as usize;
    below + 3
}

/// Running heads and folios on text pages: the book's title on versos,
/// the section's on rectos, the folio at the outer edge.
fn running_heads(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    book: &Book,
    sheets: &mut Sheets,
    front_pages: usize,
) {
    let size = (g.size * 0.9 * 2.0).round() / 2.0;
    let mut verso_head = ts.set_line(
        &book.metadata.title.to_lowercase(),
        FaceKind::SmallCaps,
        size,
    );
    flow::track(&mut verso_head, 0.08 * size);
    flow::centre(&mut verso_head, g.measure);
    let mut recto_heads: BTreeMap<String, SetLine> = BTreeMap::new();
    for page in front_pages..sheets.pages.len() {
        let PageKind::Text { head } = &sheets.kinds[page] else {
            continue;
        };
        let left = g.left(page);
        let folio = ts.set_line(
            &(page + 1 - front_pages).to_string(),
            FaceKind::Regular,
            size,
        );
        if Geometry::is_recto(page) {
            let line = recto_heads
                .entry(head.clone())
                .or_insert_with(|| {
                    let mut l = ts.set_line(head, FaceKind::Italic, size);
                    flow::centre(&mut l, g.measure);
                    l
                })
                .clone();
            sheets.draw_line(page, &line, left, g.head_baseline);
            sheets.draw_line(
                page,
                &folio,
                left + g.measure - folio.width,
                g.head_baseline,
            );
        } else {
            let line = verso_head.clone();
            sheets.draw_line(page, &line, left, g.head_baseline);
            sheets.draw_line(page, &folio, left, g.head_baseline);
        }
    }
}

/// Bookmarks: contents, each chapter, and the notes with one entry per
/// chapter group.
fn outline(
    book: &Book,
    places: &BTreeMap<String, Destination>,
    book_end_notes: bool,
) -> Vec<OutlineEntry> {
    let mut out = Vec::new();
    if let Some(d) = places.get("contents") {
        out.push(OutlineEntry {
            title: "Contents".to_string(),
            target: *d,
            children: Vec::new(),
        });
    }
    for chapter in &book.chapters {
        if let Some(d) = places.get(&chapter.id) {
            out.push(OutlineEntry {
                title: chapter.nav_title(&book.labels),
                target: *d,
                children: Vec::new(),
            });
        }
    }
    if book_end_notes {
        if let Some(d) = places.get("notes") {
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
            out.push(OutlineEntry {
                title: "Notes".to_string(),
                target: *d,
                children,
            });
        }
    }
    out
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
