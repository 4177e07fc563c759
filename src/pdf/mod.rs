//! The print edition: shaping, hyphenation, line breaking, pagination, PDF writing.
//!
//! `render` runs the stages in order: `flow` sets each section's blocks
//! (through the paragraph engine: `shape`, `hyphenate`, `linebreak`,
//! `paragraph`), `paginate` lays them on the page grid, `book` and `front`
//! dress the pages, `write` turns the `page::PageDocument` into PDF bytes.

pub mod addresses;
mod ahead;
pub mod bidi;
pub mod book;
mod cache;
pub mod caption;
pub mod cells;
mod chapter;
pub mod code;
pub mod contents;
pub mod coverage;
pub mod equation;
pub mod figure;
pub mod flow;
pub mod folios;
pub mod fontset;
pub mod footnotes;
pub mod front;
pub mod geometry;
pub mod half_title;
pub mod headings;
pub mod heads;
pub mod hyphenate;
pub mod ideographic;
mod index;
pub mod linebreak;
pub mod listing;
pub mod math;
mod notes_heads;
pub mod opening;
pub mod outline;
pub mod page;
pub mod paginate;
pub mod paragraph;
pub mod picture;
mod references;
mod section;
pub mod shape;
pub mod sheets;
pub mod table;
pub mod tally;
pub mod tracking;
pub mod units;
pub mod verse;
pub mod write;

use serde::Serialize;

pub use cache::PdfCache;

use crate::diagnostics::{count, Diagnostic, Diagnostics, Failure};
use crate::model::Book;
use crate::progress::Progress;

/// Word spaces wider than this many times their natural width make a
/// line "loose" in the report (issue 4's bar for the 95th percentile).
pub const LOOSE_SPACE_RATIO: f32 = 1.5;

/// One fault or warning of the typeset book, with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportItem {
    /// `overfull`, `loose`, `widow-or-orphan`, `hyphen-at-page-end`, `heading-last`, `short-page`, `note-moved`, `figure-far`, `table-wide`, `unresolved-link`.
    pub kind: String,
    pub file: String,
    pub line: u32,
    pub col: u32,
    /// 1-based page in the PDF.
    pub page: usize,
    /// The printed page number, when the page has one.
    pub folio: Option<usize>,
    pub message: String,
}

/// The typesetting summary of one PDF build.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub pages: usize,
    /// Lines of running text (paragraphs, synopses, notes).
    pub lines: usize,
    pub hyphenated_lines: usize,
    /// Justified lines whose word spaces exceed `LOOSE_SPACE_RATIO` × natural,
    /// or which nothing could fill and are set short.
    pub loose_lines: usize,
    pub overfull_lines: usize,
    /// Word space set ÷ natural over justified lines: median, 95th percentile, largest.
    pub space_ratio_median: f32,
    pub space_ratio_p95: f32,
    pub space_ratio_max: f32,
    /// Paragraphs of more than one line, and those whose last line holds
    /// a single word (runts).
    pub paragraph_endings: usize,
    pub runts: usize,
    /// Widows and orphans a layout without choices would have had, minus those left.
    pub widows_orphans_avoided: usize,
    pub widows: usize,
    pub orphans: usize,
    pub headings_last: usize,
    pub pages_ending_hyphenated: usize,
    /// Pages, other than a section's opening and last page, short of the full text block.
    pub short_pages: usize,
    pub short_spreads: usize,
    /// Paragraphs set one line longer or shorter than their best to get there.
    pub adjusted_paragraphs: usize,
    pub note_links: usize,
    pub back_links: usize,
    pub unresolved_links: usize,
    /// Page-bottom notes not starting on the page of their reference.
    pub notes_moved: usize,
    /// Page-bottom notes continued at the foot of the next page.
    pub notes_split: usize,
    pub items: Vec<ReportItem>,
}

impl Report {
    /// One line for the build's output.
    pub fn summary_line(&self) -> String {
        format!(
            "pdf: {}, {}, {} hyphenated, {} loose, {} overfull; widows/orphans avoided {}, left {}; {}; {}/{} note links",
            count(self.pages, "page"),
            count(self.lines, "line"),
            self.hyphenated_lines,
            self.loose_lines,
            self.overfull_lines,
            self.widows_orphans_avoided,
            self.widows + self.orphans,
            count(self.short_pages, "short page"),
            self.note_links + self.back_links,
            self.note_links + self.back_links + self.unresolved_links,
        )
    }
}

/// Sets `book` as a print PDF. Warnings (overfull or loose paragraphs,
/// layout faults that could not be avoided) go to `diags`.
pub fn render(book: &Book, diags: &mut Diagnostics) -> Result<(Vec<u8>, Report), Failure> {
    render_with(book, diags, &Progress::none())
}

/// `render`, reporting chapters set and the writing stage to `progress`.
pub fn render_with(
    book: &Book,
    diags: &mut Diagnostics,
    progress: &Progress,
) -> Result<(Vec<u8>, Report), Failure> {
    render_cached(book, diags, progress, None)
}

/// `render_with`, reusing the chapters `cache` holds from the last build
/// (`bookpack watch`); the same bytes and report as without.
pub fn render_cached(
    book: &Book,
    diags: &mut Diagnostics,
    progress: &Progress,
    cache: Option<&mut PdfCache>,
) -> Result<(Vec<u8>, Report), Failure> {
    let mut bytes = Vec::new();
    let (_, report) = render_into(book, diags, progress, cache, &mut bytes)?;
    Ok((bytes, report))
}

/// `render_cached`, writing the PDF to `out` as it is made rather than
/// returning it (the file is never held whole); returns the bytes
/// written. After a failure `out` holds part of a file.
pub fn render_into(
    book: &Book,
    diags: &mut Diagnostics,
    progress: &Progress,
    cache: Option<&mut PdfCache>,
    out: &mut dyn std::io::Write,
) -> Result<(usize, Report), Failure> {
    let (written, built) =
        book::render_pdf_into(book, diags, book::default_threads(), progress, cache, out)?;
    let report = report(&built, diags);
    Ok((written, report))
}

fn percentile(sorted: &[f32], q: f32) -> f32 {
    if sorted.is_empty() {
        return 1.0;
    }
    let i = ((sorted.len() - 1) as f32 * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The report of a built book; its faults also become warnings.
fn report(built: &book::Built, diags: &mut Diagnostics) -> Report {
    let folio = |page: usize| (page >= built.front_pages).then(|| page + 1 - built.front_pages);
    let tally = &built.tally;
    let mut items: Vec<ReportItem> = tally
        .flagged
        .iter()
        .map(|line| {
            let (file, l, c) = line.origin.as_ref().map_or((String::new(), 0, 0), |o| {
                (o.file.clone(), o.span.line, o.span.col)
            });
            ReportItem {
                kind: line.kind().to_string(),
                file,
                line: l,
                col: c,
                page: line.page + 1,
                folio: folio(line.page),
                message: line.message(),
            }
        })
        .collect();
    for fault in &built.fault_list {
        let (file, l, c) = fault
            .origin
            .as_ref()
            .map_or((String::from("book.toml"), 0, 0), |o| {
                (o.file.clone(), o.span.line, o.span.col)
            });
        let kind = if fault.message.starts_with("note ") {
            "note-moved"
        } else if fault.message.starts_with("figure ") {
            "figure-far"
        } else if fault.message.contains("heading") {
            "heading-last"
        } else if fault.message.contains("widow") {
            "widow-or-orphan"
        } else if fault.message.contains("hyphen") {
            "hyphen-at-page-end"
        } else {
            "short-page"
        };
        // Balanced spreads are by design; only faults become warnings.
        let hint = if kind == "figure-far" {
            "the figures referred to on one page fill more than the next: a smaller figure, or more text between them, lets each sit by its reference"
        } else {
            "the page layout found no better break here: rewording a paragraph nearby, a soft hyphen (U+00AD), or a shorter table, code block or figure gives it more room"
        };
        // The folio printed on the page first, where it is not the PDF's
        // page number (a reviewer looked for "PDF page 13" at folio 9).
        let place = match folio(fault.page) {
            Some(f) if f != fault.page + 1 => format!("page {f} (PDF page {})", fault.page + 1),
            _ => format!("PDF page {}", fault.page + 1),
        };
        diags.push(
            Diagnostic::warning(&file, l, c, format!("{place}: {}", fault.message)).with_hint(hint),
        );
        items.push(ReportItem {
            kind: kind.to_string(),
            file,
            line: l,
            col: c,
            page: fault.page + 1,
            folio: folio(fault.page),
            message: fault.message.clone(),
        });
    }
    // Pieces warned about as they were set (tables wider than the text
    // block): the warning was said then; the report adds the page.
    for (kind, fault) in &built.flagged {
        let (file, line, col) = fault.origin.as_ref().map_or((String::new(), 0, 0), |o| {
            (o.file.clone(), o.span.line, o.span.col)
        });
        items.push(ReportItem {
            kind: kind.to_string(),
            file,
            line,
            col,
            page: fault.page + 1,
            folio: folio(fault.page),
            message: fault.message.clone(),
        });
    }
    // Links the PDF could not resolve: warned about as they were found.
    for (page, warning) in &built.unresolved {
        items.push(ReportItem {
            kind: "unresolved-link".to_string(),
            file: warning.file.display().to_string(),
            line: warning.line,
            col: warning.col,
            page: page + 1,
            folio: folio(*page),
            message: warning.message.clone(),
        });
    }
    let mut ratios = tally.ratios.clone();
    ratios.sort_by(|a, b| a.total_cmp(b));
    let naive = built.naive_faults.widows + built.naive_faults.orphans;
    let left = built.faults.widows + built.faults.orphans;
    Report {
        pages: built.document.pages.len(),
        lines: tally.counts.lines,
        hyphenated_lines: tally.counts.hyphenated,
        loose_lines: tally.counts.loose,
        overfull_lines: tally.counts.overfull,
        space_ratio_median: percentile(&ratios, 0.5),
        space_ratio_p95: percentile(&ratios, 0.95),
        space_ratio_max: ratios.last().copied().unwrap_or(1.0),
        paragraph_endings: tally.counts.paragraph_endings,
        runts: tally.counts.runts,
        widows_orphans_avoided: naive.saturating_sub(left),
        widows: built.faults.widows,
        orphans: built.faults.orphans,
        headings_last: built.faults.headings_last,
        pages_ending_hyphenated: built.faults.hyphens_last,
        short_pages: built.short_pages,
        short_spreads: built.short_spreads,
        adjusted_paragraphs: built.adjusted_paragraphs,
        note_links: built.note_links,
        back_links: built.back_links,
        unresolved_links: built.unresolved.len(),
        notes_moved: built.faults.notes_moved,
        notes_split: built.faults.notes_split,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    /// A link the PDF could not resolve is counted and listed with its
    /// place, as the report's other items are.
    #[test]
    fn an_unresolved_link_is_an_item_of_the_report() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("book.toml"),
            "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"01.md\"]\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("01.md"), "# One\n\nText.\n").unwrap();
        let (book, _) = crate::source::load_book(dir.path()).unwrap_or_else(|f| panic!("{f}"));
        let mut diags = Diagnostics::new();
        let mut built = book::build(&book, &mut diags).unwrap_or_else(|f| panic!("{f}"));
        assert!(built.unresolved.is_empty());
        let page = built.document.pages.len() - 1;
        let warning = Diagnostic::warning("01.md", 3, 5, "PDF link to `x` has no target");
        built.unresolved.push((page, warning));
        let report = report(&built, &mut diags);
        assert_eq!(report.unresolved_links, 1);
        let item = report
            .items
            .iter()
            .find(|i| i.kind == "unresolved-link")
            .expect("listed");
        assert_eq!(
            (item.file.as_str(), item.line, item.col, item.page),
            ("01.md", 3, 5, page + 1)
        );
        assert_eq!(item.folio, Some(page + 1 - built.front_pages));
        assert_eq!(item.message, "PDF link to `x` has no target");
    }
}
