//! The printed book: sections paginated on the grid and dressed as pages — chapter openings, running heads, folios, notes with links both ways, the outline.
//!
//! Order of work: front matter is sized first (its page count decides the
//! folios), then each section (a chapter, the notes) is set, paginated and
//! drawn from a recto, then the front matter is drawn with the page
//! numbers now known, and finally links, bookmarks and page labels are resolved.
//! The book-end notes are set smaller than the text, on a baseline grid of
//! their own (`Geometry::notes`), the same on every notes page.

use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::fingerprint::BookPrints;
use crate::model::{Book, Inline, Matter, NotesPlacement, OpenOn};
use crate::pdf::ahead::{with_workers, Ahead};
use crate::pdf::cache::{Keys, PdfCache};
use crate::pdf::chapter::{draw_chapter, notes_measures, Section, Waiting};
use crate::pdf::contents;
use crate::pdf::flow::{self, Measures, Origin, Role};
use crate::pdf::folios::Folios;
use crate::pdf::fontset::FaceKind;
use crate::pdf::front;
use crate::pdf::heads::running_heads;
use crate::pdf::opening::{self, Opening};
use crate::pdf::outline::outline;
use crate::pdf::page::{Destination, DocumentInfo, Link, PageDocument};
use crate::pdf::paginate::Faults;
use crate::pdf::paragraph::{ParagraphStyle, Typesetter};
use crate::pdf::references;
use crate::pdf::section::{section, Flow, Totals};
use crate::pdf::sheets::{PendingLink, Sheets};
use crate::pdf::tally::LineTally;
use crate::pdf::write::Writer;
use crate::progress::Progress;

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
    /// Could not be filled within the setter's limits: set loose, or short
    /// at natural spacing ([`crate::pdf::paragraph::SetLine::loose`]).
    pub loose: bool,
    /// Set word space over natural word space (1.0 when the line has none).
    pub space_ratio: f32,
    /// Whether the line ends a paragraph (its spaces are natural, not justified).
    pub last_of_paragraph: bool,
    /// The paragraph's only line.
    pub only_line: bool,
    /// Word spaces on the line.
    pub spaces: usize,
    pub origin: Option<Origin>,
    /// A line of notes at the page's foot (`grid_line` counts the foot's lines).
    pub in_foot: bool,
}

impl PlacedLine {
    /// The last line of a paragraph of several, holding a single word —
    /// or, in text written without spaces, a single character (its
    /// punctuation aside): a last line of Chinese of several ideographs
    /// has no word space but is no runt (the line breaker judges so too).
    pub fn runt(&self) -> bool {
        let ideographs = self
            .first_word
            .chars()
            .filter(|&c| c.is_alphabetic() && crate::pdf::ideographic::is_ideographic(c))
            .count();
        self.last_of_paragraph && !self.only_line && self.spaces == 0 && ideographs < 2
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
    /// Every set line as placed: kept by [`build_with`] (for tests and
    /// [`layout_dump`]), empty from [`render_pdf_into`], which keeps only
    /// `tally` (a long book has a hundred thousand lines).
    pub lines: Vec<PlacedLine>,
    /// The report's figures of the lines.
    pub tally: LineTally,
    /// Pages of the front matter, numbered in roman (folio 1 is the page
    /// after them).
    pub front_pages: usize,
    pub faults: Faults,
    pub fault_list: Vec<Fault>,
    /// Warnings said of pieces as they were set, with the page each
    /// starts on and the report's kind for it (`table-wide`).
    pub flagged: Vec<(&'static str, Fault)>,
    /// Faults a layout without alternatives or short spreads would have had.
    pub naive_faults: Faults,
    pub adjusted_paragraphs: usize,
    pub short_spreads: usize,
    /// Pages short of the full text block that are not a section's last.
    pub short_pages: usize,
    /// Chapters whose pagination was planned on a thread of its own while
    /// the chapter before was drawn (none on one thread, none for a body
    /// of fewer than 32 blocks: `chapter::PLAN_ASIDE_FROM`), and of those, the plans
    /// used: all, unless one was made for the wrong parameters.
    pub plans_made: usize,
    pub planned_ahead: usize,
    pub note_links: usize,
    pub back_links: usize,
    /// Links the PDF could not resolve: each one's page and the warning
    /// said for it (the report lists them).
    pub unresolved: Vec<(usize, Diagnostic)>,
    /// Rounds of setting the book took to learn its page references
    /// (`pdf::references`): 0 for a book without links inside it.
    pub reference_rounds: usize,
    /// Every named place (`chapter-…`, a heading's id, `note-…`, a page
    /// reference's link) and where it is.
    pub(crate) places: std::collections::BTreeMap<String, Destination>,
}

/// Builds the book's pages, setting chapters on as many threads as the
/// machine offers (at most two: the gain flattens beyond).
pub fn build(book: &Book, diags: &mut Diagnostics) -> Result<Built, Failure> {
    build_with_threads(book, diags, default_threads())
}

/// Typesetting threads: as many as the machine offers, at most two.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(2))
}

/// `build` with a given number of typesetting threads; the result is the
/// same for any number (tests hold it to that).
pub fn build_with_threads(
    book: &Book,
    diags: &mut Diagnostics,
    threads: usize,
) -> Result<Built, Failure> {
    build_with(book, diags, threads, &Progress::none())
}

/// `build_with_threads`, reporting each chapter set to `progress`. Every
/// page is kept whole in `Built::document` (tests and the layout dump
/// read them); [`render_pdf`] is the build that writes as it goes.
pub fn build_with(
    book: &Book,
    diags: &mut Diagnostics,
    threads: usize,
    progress: &Progress,
) -> Result<Built, Failure> {
    // The rounds that learn the page references write nothing: each
    // replays from `own` the chapters the round before set alike.
    let mut own = PdfCache::default();
    own.begin();
    let (book, rounds) = references::settle(book, &mut |b| probe(b, threads, progress, &mut own))?;
    build_core(&book, diags, threads, progress, None, None).map(|(mut built, _)| {
        built.reference_rounds = rounds;
        built
    })
}

/// Sets `book` as a round of [`references::settle`] does: written to
/// nowhere, its warnings dropped (the last round's are said), its
/// sections kept in `cache` for the next round.
fn probe(
    book: &Book,
    threads: usize,
    progress: &Progress,
    cache: &mut PdfCache,
) -> Result<references::Pages, Failure> {
    // The caller's fingerprints are of the book as written, not this one.
    cache.prints = None;
    cache.next_round();
    let mut nowhere = std::io::sink();
    let mut warnings = Diagnostics::new();
    let (built, _) = build_core(
        book,
        &mut warnings,
        threads,
        progress,
        Some(&mut nowhere),
        Some(cache),
    )?;
    let folios = Folios {
        body_start: built.front_pages,
        numerals: book.labels.numerals,
    };
    Ok(references::Pages {
        places: built.places,
        folio: Box::new(move |page| folios.text(page)),
    })
}

/// Builds the book and writes its PDF, a section at a time: each chapter's
/// pages go to the writer as soon as the chapter is paginated, so memory
/// holds the largest chapter, not the book. What needs the whole book —
/// running heads (their room depends on the widest folio), the front
/// matter (it lists page numbers), links — is drawn at the end as a
/// second content stream of the pages concerned. In the returned `Built`
/// the written pages are empty; the bytes are the same on any number of
/// threads.
pub fn render_pdf(
    book: &Book,
    diags: &mut Diagnostics,
    threads: usize,
    progress: &Progress,
) -> Result<(Vec<u8>, Built), Failure> {
    let mut bytes = Vec::new();
    let (_, built) = render_pdf_into(book, diags, threads, progress, None, &mut bytes)?;
    Ok((bytes, built))
}

/// `render_pdf`, writing the PDF to `out` as it is made (the whole file
/// is never held) and replaying from `cache` the sections it holds from
/// the last build, recording the others (`bookpack watch`): the same
/// bytes. Returns the number of bytes written. On failure `out` holds
/// part of a file: write to a temporary file and rename it only on success.
pub fn render_pdf_into(
    book: &Book,
    diags: &mut Diagnostics,
    threads: usize,
    progress: &Progress,
    cache: Option<&mut PdfCache>,
    out: &mut dyn std::io::Write,
) -> Result<(usize, Built), Failure> {
    // The rounds that learn the page references replay, each, what the
    // round before set alike: from the caller's cache, else from one
    // kept for this build (only a book with links inside it holds one).
    let mut own = PdfCache::default();
    // Shorter-lived than the caller's, so it may hold `own`.
    let mut cache: Option<&mut PdfCache> = cache;
    let (book, rounds) = {
        let rounds_cache = match cache.as_deref_mut() {
            Some(cache) => cache,
            None => &mut own,
        };
        rounds_cache.begin();
        references::settle(book, &mut |b| probe(b, threads, progress, rounds_cache))?
    };
    if rounds > 0 {
        if cache.is_none() {
            cache = Some(&mut own);
        }
        if let Some(cache) = cache.as_deref_mut() {
            cache.prints = None;
        }
    }
    // The rounds began the build (`begin` above); the last is this one.
    if let Some(cache) = cache.as_deref_mut() {
        if rounds > 0 {
            cache.next_round();
        }
    }
    let (mut built, writer) = build_core(
        &book,
        diags,
        threads,
        progress,
        Some(out),
        cache.as_deref_mut(),
    )?;
    built.reference_rounds = rounds;
    let writer = writer.expect("a streaming build has a writer");
    progress.stage("writing the PDF");
    let written = writer.finish(&built.document).map_err(write_failure)?;
    if let Some(cache) = cache {
        cache.end();
    }
    Ok((written, built))
}

fn write_failure(e: crate::pdf::write::WriteError) -> Failure {
    Failure::single(Diagnostic::error(
        "book.toml",
        0,
        0,
        format!("cannot write the PDF: {e}"),
    ))
}

/// Hands the pages drawn since the last call (`from..`) to `writer` and
/// empties them; does nothing without a writer.
fn flush(
    sheets: &mut Sheets,
    writer: &mut Option<Writer<'_>>,
    from: &mut usize,
) -> Result<(), Failure> {
    let Some(writer) = writer else {
        return Ok(());
    };
    for index in *from..sheets.pages.len() {
        let page = std::mem::take(&mut sheets.pages[index]);
        writer.page(index, &page).map_err(write_failure)?;
    }
    *from = sheets.pages.len();
    Ok(())
}

/// Builds the book; with `stream`, each finished section's pages go to a
/// writer on it, which is returned to finish the file.
fn build_core<'a>(
    book: &Book,
    diags: &mut Diagnostics,
    threads: usize,
    progress: &Progress,
    stream: Option<&'a mut dyn std::io::Write>,
    mut cache: Option<&mut PdfCache>,
) -> Result<(Built, Option<Writer<'a>>), Failure> {
    if book.chapters.is_empty() {
        return Err(Failure::single(Diagnostic::error(
            "book.toml",
            0,
            0,
            "the book has no chapters to set",
        )));
    }
    let mut ts = Typesetter::for_book(book, diags)?;
    // What one typesetter shapes or hyphenates, the workers' and this
    // one's, the others need not again.
    let shared = crate::pdf::paragraph::Shared::default();
    ts.share(&shared);
    crate::pdf::hyphenate::missing_patterns(book, diags);
    // The title page's text now, each chapter's as it is set.
    crate::pdf::coverage::check(book, ts.fonts(), diags);
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
        margin: g.inner.min(g.outer),
    };

    let has_notes = book.chapters.iter().any(|c| !c.notes.is_empty());
    let book_end_notes = has_notes && book.pdf.notes == NotesPlacement::BookEnd;

    // Front matter: the opening pages (a half-title and its back if the
    // book has one, the title page and the imprint on its back), then
    // the opening dedication and epigraph, then the contents and the
    // lists of figures and tables (their pages are kept in their place
    // and drawn at the end, with page numbers).
    let mut front_lists = FrontList::of(&mut ts, &g, book, book_end_notes);
    let mut sheets = Sheets {
        anchors: crate::pdf::sheets::heading_anchors(book),
        keep_lines: stream.is_none(),
        ..Sheets::default()
    };
    let openers = front::openers(book);
    for opener in &openers {
        sheets.push(opener.kind());
    }
    let images = crate::pdf::figure::document_images(book);
    let mut writer = stream.map(|out| {
        let writer = Writer::new(out, g.width, g.height, ts.fonts().faces(), images.clone());
        // The page streams deflated beside the pagination, when the
        // build may use more than one thread.
        if threads > 1 {
            writer.deflate_aside()
        } else {
            writer
        }
    });
    // Pages before this one are written. The opening pages and the
    // contents are drawn last: their pages are empty when flushed, which
    // writes nothing for them.
    let mut flushed = openers.len();

    let mut totals = Totals::default();
    progress.chapters(book.chapters.len());
    // The first page of the body, where arabic folios start at 1.
    let mut body_start = None;
    // With a cache: each section's key, and which chapters need no
    // setting ahead (their pages are held from the last build).
    let keys = match cache.as_ref().map(|c| &c.prints) {
        Some(Some(prints)) => Some(Keys::of(prints)),
        Some(None) => Some(Keys::of(&BookPrints::of(book)?)),
        None => None,
    };
    let held: Vec<bool> = match (&keys, cache.as_deref()) {
        (Some(keys), Some(cache)) => keys.chapters.iter().map(|&k| cache.has(k)).collect(),
        _ => vec![false; book.chapters.len()],
    };
    // The book in reading order: the chapters, the contents after the
    // opening dedication and epigraph, the book-end notes before a
    // closing glossary, bibliography or colophon.
    let mut order = Vec::with_capacity(book.chapters.len() + 2);
    for position in 0..=book.chapters.len() {
        if position == book.files_before_contents() {
            order.push(Item::Contents);
        }
        if position == book.files_before_notes() && book_end_notes {
            order.push(Item::Notes);
        }
        if position < book.chapters.len() {
            order.push(Item::Chapter(position));
        }
    }
    // The index last of all (Chicago 1.4), when the book marks terms.
    let book_index = crate::index::gather(book);
    if book_index.is_some() {
        order.push(Item::Index);
    }
    // Chapters in order: set (their bodies ahead, on worker threads, when
    // there are several), paginated, drawn, and written out — or, with a
    // cache that holds them, replayed. With several threads, a chapter is
    // set and its pagination planned on a thread of its own before the
    // chapter before it is drawn: this thread draws one chapter while the
    // next one's pages are planned, and at the end of the book it has
    // one chapter left to draw rather than one to paginate and draw.
    let plan_aside = threads > 1;
    let mut chapters = |mut ahead: Option<&mut Ahead<'_>>| -> Result<(), Failure> {
        // The item set and not drawn yet (a chapter's `None`: held by the
        // cache, replayed when its turn comes).
        let mut waiting: Option<(Item, Option<Waiting<'_>>)> = None;
        for next in order.iter().copied().map(Some).chain([None]) {
            let mut failed = None;
            let prepared = match next {
                Some(Item::Chapter(index)) if !held[index] => {
                    let ahead = ahead.as_deref_mut();
                    match Waiting::set(&mut ts, &g, &m, book, index, ahead, plan_aside) {
                        Ok(set) => Some((Item::Chapter(index), Some(set))),
                        // The chapter before is drawn all the same, so its
                        // warnings are reported with the failure.
                        Err(failure) => {
                            failed = Some(failure);
                            None
                        }
                    }
                }
                Some(item) => Some((item, None)),
                None => None,
            };
            match std::mem::replace(&mut waiting, prepared) {
                None => {}
                Some((Item::Contents, _)) => {
                    // Kept for the end, the contents on a recto of their
                    // own, each list on the page after them (Chicago 1.4:
                    // recto or verso).
                    opening::to_recto(&mut sheets);
                    for list in &mut front_lists {
                        list.start = sheets.pages.len();
                        // The first page opens with its heading; the ones
                        // it runs on to carry a folio and the heading as
                        // their running head, as any page of text does
                        // (they had neither).
                        for k in 0..list.pages {
                            sheets.push(if k == 0 {
                                PageKind::Front
                            } else {
                                PageKind::Text {
                                    head: list.head.clone(),
                                }
                            });
                        }
                    }
                }
                Some((Item::Notes, _)) => {
                    if book.pdf.notes_open == OpenOn::Recto {
                        // As `section` would: the blank verso is not the notes'.
                        opening::to_recto(&mut sheets);
                    }
                    flush(&mut sheets, &mut writer, &mut flushed)?;
                    let key = keys.as_ref().map(|k| k.notes(book, sheets.pages.len() % 2));
                    let mut replayed = false;
                    let mut recording = None;
                    if let (Some(cache), Some(key), Some(w)) =
                        (cache.as_deref_mut(), key, writer.as_mut())
                    {
                        replayed = cache.replay(key, &mut sheets, &mut totals, diags, w);
                        if replayed {
                            flushed = sheets.pages.len();
                        } else {
                            recording = Some(cache.start(key, &mut sheets, &mut totals, w));
                        }
                    }
                    if !replayed {
                        let mut local = Diagnostics::new();
                        book_end_notes_section(
                            &mut ts,
                            &g,
                            book,
                            &mut sheets,
                            &mut totals,
                            &mut local,
                        );
                        flush(&mut sheets, &mut writer, &mut flushed)?;
                        if let (Some(start), Some(cache), Some(w)) =
                            (recording, cache.as_deref_mut(), writer.as_mut())
                        {
                            cache.finish(start, &mut sheets, &mut totals, &local, w);
                        }
                        diags.extend(local);
                    }
                }
                Some((Item::Index, _)) => {
                    flush(&mut sheets, &mut writer, &mut flushed)?;
                    if let Some(book_index) = &book_index {
                        let folios = Folios {
                            body_start: body_start.unwrap_or(sheets.pages.len()),
                            numerals: book.labels.numerals,
                        };
                        crate::pdf::index::index_section(
                            &mut ts,
                            &g,
                            book,
                            book_index,
                            &mut sheets,
                            &folios,
                            diags,
                        );
                    }
                    flush(&mut sheets, &mut writer, &mut flushed)?;
                }
                Some((Item::Chapter(index), set)) => 'chapter: {
                    let chapter = &book.chapters[index];
                    // A chapter opens on a recto (each way of setting it
                    // below starts so): the blank verso, if any, is not the
                    // chapter's. With `chapters-open = "any"` it opens on
                    // the next page, and its pages, mirrored by side, are
                    // cached by the side it opens on; but page 1, the
                    // main matter's first, is a recto still.
                    let opens_body = chapter.matter != Matter::Front && body_start.is_none();
                    if book.pdf.chapters_open == OpenOn::Recto || opens_body {
                        opening::to_recto(&mut sheets);
                    }
                    if opens_body {
                        body_start = Some(sheets.pages.len());
                    }
                    // The pages before are final but for heads and links.
                    flush(&mut sheets, &mut writer, &mut flushed)?;
                    let key = keys
                        .as_ref()
                        .map(|k| k.chapter(index, sheets.pages.len() % 2));
                    let recording = match (cache.as_deref_mut(), key, writer.as_mut()) {
                        (Some(cache), Some(key), Some(w)) => {
                            if cache.replay(key, &mut sheets, &mut totals, diags, w) {
                                flushed = sheets.pages.len();
                                progress.chapter_set();
                                break 'chapter;
                            }
                            Some(cache.start(key, &mut sheets, &mut totals, w))
                        }
                        _ => None,
                    };
                    let Waiting {
                        whole,
                        mut local,
                        prepared,
                    } = match set {
                        Some(set) => set,
                        // Held, but not replayed after all: set here.
                        None => Waiting::set(&mut ts, &g, &m, book, index, None, false)?,
                    };
                    // The next chapter, set already, may be in another language.
                    ts.set_language(&language_of(chapter));
                    let s = Section {
                        g: &g,
                        m: &m,
                        book,
                        index,
                        chapter: &whole,
                    };
                    draw_chapter(&mut ts, &s, &mut sheets, &mut totals, prepared, &mut local)?;
                    flush(&mut sheets, &mut writer, &mut flushed)?;
                    if let (Some(start), Some(cache), Some(w)) =
                        (recording, cache.as_deref_mut(), writer.as_mut())
                    {
                        cache.finish(start, &mut sheets, &mut totals, &local, w);
                    }
                    diags.extend(local);
                    progress.chapter_set();
                }
            }
            if let Some(failure) = failed {
                return Err(failure);
            }
        }
        Ok(())
    };
    if threads > 1 && held.iter().any(|h| !h) {
        with_workers(book, &shared, &m, threads, &held, |ahead| {
            chapters(Some(ahead))
        })?;
    } else {
        chapters(None)?;
    }
    flush(&mut sheets, &mut writer, &mut flushed)?;
    let folios = Folios {
        body_start: body_start.unwrap_or(sheets.pages.len()),
        numerals: book.labels.numerals,
    };

    flush(&mut sheets, &mut writer, &mut flushed)?;
    ts.set_language(&book.metadata.language);
    // Front matter, now that page numbers are known.
    let folio = |page: usize| folios.text(page);
    for (index, &opener) in openers.iter().enumerate() {
        let page = &mut sheets.pages[index];
        front::draw_opener(&mut ts, &g, book, opener, index, page, diags);
    }
    // Each list's place first: the contents link to the lists.
    for list in &front_lists {
        sheets.places.insert(
            list.id.to_string(),
            Destination {
                page: list.start,
                y: g.top,
            },
        );
    }
    for list in &front_lists {
        let resolved: Vec<(String, Option<Destination>)> = list
            .entries
            .iter()
            .map(|e| (e.id.clone(), sheets.places.get(&e.id).copied()))
            .collect();
        let links = contents::contents(
            &mut ts,
            &g,
            book,
            &list.head,
            &list.entries,
            &resolved,
            &folio,
            list.start,
            &mut sheets.pages[list.start..list.start + list.pages],
        );
        for (page, area, target) in links {
            sheets.links.push(PendingLink {
                page: page + list.start,
                area,
                target,
                fallback: None,
            });
        }
    }

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
    let mut unresolved = Vec::new();
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
                let warning = unresolved_link(book, link.page, &link.target);
                diags.push(warning.clone());
                unresolved.push((link.page, warning));
            }
        }
    }

    let outline = outline(book, &sheets.places, book_end_notes);
    let info = DocumentInfo {
        title: crate::language::joined_title(
            &book.metadata.title,
            book.metadata.subtitle.as_deref(),
            &book.metadata.language,
        ),
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
        images,
        pages: sheets.pages,
        outline,
        info,
        page_labels,
    };
    let built = Built {
        document,
        kinds: sheets.kinds,
        lines: sheets.lines,
        tally: sheets.tally,
        front_pages: folios.body_start,
        faults: totals.faults,
        fault_list: totals.fault_list,
        flagged: totals.flagged,
        naive_faults: totals.naive,
        adjusted_paragraphs: totals.adjusted,
        short_spreads: totals.short_spreads,
        short_pages: totals.short_pages,
        plans_made: totals.plans_made,
        planned_ahead: totals.planned_ahead,
        note_links,
        back_links,
        unresolved,
        reference_rounds: 0,
        places: sheets.places,
    };
    Ok((built, writer))
}

/// The warning for a link the PDF could not resolve. A note's mark
/// without its note means the note's text is not printed: that is said
/// at the note, not as a dangling link.
fn unresolved_link(book: &Book, page: usize, target: &str) -> Diagnostic {
    let note = book
        .chapters
        .iter()
        .find_map(|c| c.notes.iter().find(|n| n.id == target).map(|n| (c, n)));
    match note {
        Some((chapter, note)) => Diagnostic::warning(
            &chapter.file,
            note.span.line,
            note.span.col,
            format!(
                "note [^{}] is not printed in the PDF: its mark on page {} links to nothing",
                note.label,
                page + 1
            ),
        )
        .with_hint(
            "this is a defect of bookpack's PDF, please report it; the EPUB has the note, \
             and `[pdf] notes = \"book-end\"` prints every note",
        ),
        None => Diagnostic::warning(
            "book.toml",
            0,
            0,
            format!("PDF link on page {} to `{target}` has no target", page + 1),
        ),
    }
}

/// A list the front matter prints, its pages kept empty while the book
/// is set and drawn at the end, with page numbers: the contents, then
/// the lists of figures and tables the book asks for.
struct FrontList {
    /// Its destination: `contents`, `loi`, `lot`.
    id: &'static str,
    head: String,
    entries: Vec<contents::ContentsEntry>,
    /// How many pages it takes, from its first, `start`.
    pages: usize,
    start: usize,
}

impl FrontList {
    /// The book's: its contents (the lists entered first in them, as
    /// they follow), then each list it prints.
    fn of(ts: &mut Typesetter<'_>, g: &Geometry, book: &Book, book_end_notes: bool) -> Vec<Self> {
        let mut entries = contents::lists_in_contents(book);
        entries.extend(contents::contents_entries(book, book_end_notes));
        let mut out = vec![("contents", book.labels.contents.clone(), entries)];
        for kind in crate::lists::printed(book) {
            out.push((
                kind.id(),
                kind.title(book).to_string(),
                contents::list_entries(book, kind),
            ));
        }
        out.into_iter()
            .map(|(id, head, entries)| FrontList {
                id,
                pages: contents::contents_pages(ts, g, &entries),
                head,
                entries,
                start: 0,
            })
            .collect()
    }
}

/// What the chapter loop sets in turn.
#[derive(Debug, Clone, Copy)]
enum Item {
    Chapter(usize),
    /// The contents' and lists' pages, kept empty to be drawn at the end.
    Contents,
    /// The book-end notes.
    Notes,
    /// The index, after everything it indexes.
    Index,
}

/// The book-end notes: each chapter's notes under its heading, as one
/// section on the notes' grid.
fn book_end_notes_section(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    book: &Book,
    sheets: &mut Sheets,
    totals: &mut Totals,
    diags: &mut Diagnostics,
) {
    let language_of = |c: &crate::model::Chapter| {
        c.language
            .clone()
            .unwrap_or_else(|| book.metadata.language.clone())
    };
    let ng = g.notes();
    let nm = notes_measures(&ng);
    let mut pieces = Vec::new();
    for (index, chapter) in book.chapters.iter().enumerate() {
        ts.set_language(&language_of(chapter));
        if chapter.notes.is_empty() {
            continue;
        }
        // "12 · Title"; a numbered chapter without a title by its label.
        // In italic, with the title's own emphasis (set upright in it).
        let heading = match &chapter.number {
            Some(n) if !chapter.title_text.is_empty() => {
                let mut heading = vec![Inline::Text {
                    text: format!("{} \u{b7} ", book.labels.numerals.digits(n)),
                }];
                heading.extend(Inline::title_copy(&chapter.title));
                heading
            }
            _ => vec![Inline::Text {
                text: chapter.nav_title(&book.labels),
            }],
        };
        let style = ParagraphStyle::display(ng.size, ng.measure, FaceKind::Italic);
        let set = ts.set_paragraph(&heading, &style);
        let mut keep = flow::keep(set.lines, 1, 1, 0.0, None);
        keep.role = Role::Plain;
        pieces.push(keep);
        // The group heading is a destination for the outline.
        pieces.last_mut().expect("just pushed").origin = Some(Origin {
            file: format!("notes-group:{}", chapter.id),
            span: Default::default(),
        });
        pieces.extend(flow::notes(ts, chapter, index, &nm, diags));
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
        ts,
        g,
        sheets,
        &opening,
        &book.labels.notes,
        Flow {
            grid: &ng,
            pieces: &mut pieces,
            notes: None,
        },
        None,
        book,
        totals,
        book.pdf.notes_open == OpenOn::Recto,
        None,
    );
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
                "{}{:>3}  {} … {}{}",
                if line.in_foot { "n" } else { "" },
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

#[cfg(test)]
mod tests {
    use super::*;

    fn last_line(first_word: &str, spaces: usize) -> PlacedLine {
        PlacedLine {
            page: 0,
            grid_line: 0,
            first_word: first_word.into(),
            last_word: first_word.into(),
            hyphenated: false,
            ends_in_hyphen: false,
            overfull: false,
            loose: false,
            space_ratio: 1.0,
            last_of_paragraph: true,
            only_line: false,
            spaces,
            origin: None,
            in_foot: false,
        }
    }

    /// A runt is a last line of one word, or of one character in text
    /// written without spaces.
    #[test]
    fn a_runt_is_one_word_or_one_ideograph() {
        assert!(last_line("Khrushchev.", 0).runt());
        assert!(!last_line("and", 1).runt());
        assert!(last_line("者。", 0).runt());
        assert!(!last_line("后遂无问津者。", 0).runt());
        let only = PlacedLine {
            only_line: true,
            ..last_line("Yes.", 0)
        };
        assert!(!only.runt());
    }
}
