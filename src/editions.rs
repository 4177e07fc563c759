//! Renders the requested editions of a loaded book, EPUB and PDF side by side.
//!
//! The two backends share nothing but the read-only model, so they run on
//! two threads; the output does not depend on which finishes first.

use crate::diagnostics::{Diagnostics, Failure};
use crate::model::Book;
use crate::progress::Progress;
use crate::{epub, pdf};

/// Which editions to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wanted {
    pub epub: bool,
    pub pdf: bool,
}

/// The rendered editions, in memory.
#[derive(Debug)]
pub struct Editions {
    pub epub: Option<Vec<u8>>,
    pub pdf: Option<(Vec<u8>, pdf::Report)>,
}

/// The rendered editions, written out as they were made: the EPUB's
/// length in bytes, the PDF's length and its report.
#[derive(Debug)]
pub struct Written {
    pub epub: Option<u64>,
    pub pdf: Option<(usize, pdf::Report)>,
}

/// Where the EPUB goes as it is made: a file, or a `Cursor` over a `Vec`
/// (the zip writer goes back to each entry's header to fill in its sizes,
/// hence `Seek`; `Send`, for it is written on its own thread).
pub trait EpubSink: std::io::Write + std::io::Seek + Send {
    /// Called on the EPUB's thread once the EPUB is wholly written. A
    /// file syncs to the disk then, while the PDF is still being made,
    /// rather than when the build commits both (~1 ms a build it no
    /// longer waits for). An error is the file's to report.
    fn written(&mut self) {}
}

impl EpubSink for std::io::Cursor<Vec<u8>> {}

impl EpubSink for crate::output::AtomicFile {
    fn written(&mut self) {
        // A failure is kept by the file (`AtomicFile::error`), which the
        // build reports, and the commit syncs again.
        let _ = self.sync();
    }
}

/// What `bookpack watch` keeps from one build to the next, so that a
/// rebuild redoes only what changed (each cache says what it keys on).
#[derive(Default)]
pub struct Caches {
    pub epub: epub::EntryCache,
    pub pdf: pdf::PdfCache,
}

/// Renders the wanted editions. The PDF's warnings go to `diags`; a failure
/// of either edition fails the whole (with both editions' errors).
pub fn render(book: &Book, wanted: Wanted, diags: &mut Diagnostics) -> Result<Editions, Failure> {
    render_with(book, wanted, diags, &Progress::none())
}

/// `render`, reporting the PDF's progress (the longer of the two) to `progress`.
pub fn render_with(
    book: &Book,
    wanted: Wanted,
    diags: &mut Diagnostics,
    progress: &Progress,
) -> Result<Editions, Failure> {
    render_cached(book, wanted, diags, progress, None)
}

/// `render_with`, reusing what `caches` hold from the last build; the same
/// bytes as without.
pub fn render_cached(
    book: &Book,
    wanted: Wanted,
    diags: &mut Diagnostics,
    progress: &Progress,
    caches: Option<&mut Caches>,
) -> Result<Editions, Failure> {
    let mut pdf_bytes = Vec::new();
    let mut epub_bytes = std::io::Cursor::new(Vec::new());
    let written = render_into(
        book,
        wanted,
        diags,
        progress,
        caches,
        &mut pdf_bytes,
        &mut epub_bytes,
    )?;
    Ok(Editions {
        epub: written.epub.map(|_| epub_bytes.into_inner()),
        pdf: written.pdf.map(|(_, report)| (pdf_bytes, report)),
    })
}

/// `render_cached`, each edition going to its file as it is made (a long
/// book's PDF is tens of megabytes, its EPUB several: neither is held
/// whole, and the EPUB's pages are made one chapter at a time). After a
/// failure the files hold part of an edition: the caller writes to
/// temporary files and keeps them only on success.
pub fn render_into(
    book: &Book,
    wanted: Wanted,
    diags: &mut Diagnostics,
    progress: &Progress,
    caches: Option<&mut Caches>,
    pdf_out: &mut dyn std::io::Write,
    epub_out: &mut dyn EpubSink,
) -> Result<Written, Failure> {
    let (epub_cache, pdf_cache) = match caches {
        Some(c) => {
            // Fingerprinted once, for both editions' caches.
            let prints = crate::fingerprint::BookPrints::of(book)?;
            c.epub.prints = Some(prints.clone());
            c.pdf.prints = Some(prints);
            (Some(&mut c.epub), Some(&mut c.pdf))
        }
        None => (None, None),
    };
    let (epub, pdf) = std::thread::scope(|scope| {
        // The EPUB follows the PDF's reading of the chapters (see
        // `model::Pace`). The guard lives inside the scope: dropped as the
        // PDF ends, fails or unwinds, before the scope waits for the EPUB.
        let leading = (wanted.pdf && wanted.epub)
            .then(|| book.lead_reading())
            .flatten();
        let epub_job = wanted.epub.then(|| {
            scope.spawn(|| {
                let length = epub::render_into(book, epub_cache, &mut *epub_out)?;
                epub_out.written();
                Ok(length)
            })
        });
        let pdf = wanted
            .pdf
            .then(|| pdf::render_into(book, diags, progress, pdf_cache, pdf_out));
        drop(leading);
        let epub = epub_job.map(|job| {
            job.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (epub, pdf)
    });
    let mut failed = Diagnostics::new();
    let epub = match epub.transpose() {
        Ok(e) => e,
        Err(Failure(d)) => {
            failed.extend(d);
            None
        }
    };
    let pdf = match pdf.transpose() {
        Ok(p) => p,
        Err(Failure(d)) => {
            failed.extend(d);
            None
        }
    };
    if failed.has_errors() {
        return Err(Failure(failed));
    }
    Ok(Written { epub, pdf })
}
