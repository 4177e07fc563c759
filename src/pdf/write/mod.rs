//! PDF writing: pages become PDF as they are finished (a chapter at a time), and the fonts, page tree, links, outline and catalog follow at the end — our own writer, on `flate2` and `allsorts`.
//!
//! Why not printpdf (which the project used first): it holds every page
//! of the document, as its own operator list and then as a lopdf object
//! tree, until it saves. On the 80-chapter book (3,235 pages) that, not
//! the setting, made memory grow with the book (850 MiB); it also needed
//! a lopdf post-pass for the nested outline, `/Lang`, page labels, dates
//! and a deterministic `/ID`. Here a page's content stream is written
//! (deflated) the moment its chapter is set, and only its object number
//! is kept; everything that needs the whole book — the subset fonts, the
//! page dictionaries, link annotations, the outline — is small and is
//! written last, followed by the cross-reference table.
//!
//! Every name and number in the output derives from the input, so the
//! same pages give the same bytes in any process, on any thread count.

mod aside;
mod catalog;
mod content;
mod digest;
mod fonts;
mod record;
mod syntax;
mod vector;

pub use record::Recording;

use std::collections::BTreeSet;
use std::fmt;
use std::fmt::Write as _;

use self::fonts::FaceUse;
use self::syntax::{r, Id, PdfFile};
use super::page::{FontFace, ImageData, OutlineEntry, Page, PageDocument, UriLink};

/// Why a document could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteError {
    /// A font's bytes could not be read or subset.
    Font { name: String, reason: String },
    /// A run, link or outline entry refers to something that does not exist.
    Reference(String),
    /// The document could not be serialised.
    Serialize(String),
    /// The bytes could not be written out (a full disk, a closed pipe).
    Output(String),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Font { name, reason } => write!(f, "font {name}: {reason}"),
            WriteError::Reference(what) => write!(f, "page description refers to {what}"),
            WriteError::Serialize(why) => write!(f, "cannot write the PDF: {why}"),
            WriteError::Output(why) => write!(f, "cannot write the PDF: {why}"),
        }
    }
}

impl std::error::Error for WriteError {}

/// Writes `doc` as PDF bytes. Deterministic: equal inputs give equal bytes.
pub fn write(doc: &PageDocument) -> Result<Vec<u8>, WriteError> {
    let mut bytes = Vec::new();
    Writer::new(
        &mut bytes,
        doc.width,
        doc.height,
        doc.fonts.clone(),
        doc.images.clone(),
    )
    .finish(doc)?;
    Ok(bytes)
}

/// A PDF being written page by page. [`Writer::page`] writes what a page
/// holds so far as one of its content streams (a page may get several,
/// drawn in order); [`Writer::finish`] draws what the pages of the final
/// description still hold and writes everything else. The bytes go to
/// the writer's output as they are made: only object offsets are kept.
pub struct Writer<'a> {
    file: PdfFile<'a>,
    width: f32,
    height: f32,
    fonts: Vec<FaceUse>,
    images: Vec<ImageData>,
    /// Pictures some page draws: each is embedded once.
    used_images: BTreeSet<usize>,
    /// By page: its content streams and web links so far.
    pages: Vec<PageParts>,
    /// Reused for each content stream.
    scratch: Vec<u8>,
    /// What is being recorded for a later build to replay, if anything.
    recording: Option<Recording>,
    /// The thread deflating the page streams, when there is one
    /// ([`Writer::deflate_aside`]).
    aside: Option<aside::Aside>,
    /// Why a stream sent aside could not be written, for `finish` to say.
    failed: Option<WriteError>,
}

#[derive(Default)]
struct PageParts {
    contents: Vec<Id>,
    uris: Vec<UriLink>,
}

impl<'a> Writer<'a> {
    /// A writer to `out` for pages of `width` × `height` points that draw
    /// with `fonts` and `images` (indices as in `PageDocument`). `out` is
    /// written in small pieces: give it a buffer.
    pub fn new(
        out: &'a mut dyn std::io::Write,
        width: f32,
        height: f32,
        fonts: Vec<FontFace>,
        images: Vec<ImageData>,
    ) -> Self {
        Writer {
            file: PdfFile::new(out),
            width,
            height,
            fonts: fonts.into_iter().map(FaceUse::new).collect(),
            images,
            used_images: BTreeSet::new(),
            pages: Vec::new(),
            scratch: Vec::new(),
            recording: None,
            aside: None,
            failed: None,
        }
    }

    /// Deflates the page streams on a thread of its own from now on (the
    /// same bytes, in the same order; see `aside.rs`).
    pub fn deflate_aside(mut self) -> Self {
        self.aside = aside::Aside::start();
        self
    }

    /// Writes the streams back from the deflating thread (all of them,
    /// waiting, when `all`), in the order they were sent.
    fn write_aside(&mut self, all: bool) {
        write_aside(&mut self.aside, &mut self.file, &mut self.failed, all);
    }

    /// Writes what `page` draws as the next content stream of page
    /// `index` (0-based), and keeps its web links for the end. The
    /// caller may drop the page's drawing afterwards.
    pub fn page(&mut self, index: usize, page: &Page) -> Result<(), WriteError> {
        check_page(page, index, self.fonts.len(), self.images.len())?;
        if self.pages.len() <= index {
            self.pages.resize_with(index + 1, PageParts::default);
        }
        self.pages[index].uris.extend(page.uris.iter().cloned());
        if page.runs.is_empty() && page.rules.is_empty() && page.images.is_empty() {
            if let Some(rec) = &mut self.recording {
                rec.page(index, &page.uris, None);
            }
            return Ok(());
        }
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        let drawn = content::page_content(
            page,
            self.height,
            &mut self.fonts,
            &mut self.used_images,
            &mut out,
        );
        if drawn.is_ok() && self.recording.is_none() && self.aside.is_some() {
            let id = self.file.reserve();
            self.pages[index].contents.push(id);
            if let Some(aside) = &mut self.aside {
                match aside.send(id, out) {
                    Ok(next) => out = next,
                    Err(back) => {
                        // The thread is gone: deflate here.
                        self.aside = None;
                        out = back;
                        let packed = syntax::deflated(&out);
                        let (deflated, data) = match &packed {
                            Some(p) => (true, p.as_slice()),
                            None => (false, out.as_slice()),
                        };
                        self.file.stream_raw(id, record::filter(deflated), data);
                    }
                }
            }
            self.write_aside(false);
        } else if drawn.is_ok() {
            // Streams still out come first.
            self.write_aside(true);
            let id = self.file.reserve();
            // What `PdfFile::stream` writes, kept when recording.
            let packed = syntax::deflated(&out);
            let stream = match &packed {
                Some(p) => (true, p.as_slice()),
                None => (false, out.as_slice()),
            };
            self.file.stream_raw(id, record::filter(stream.0), stream.1);
            self.pages[index].contents.push(id);
            if let Some(rec) = &mut self.recording {
                for placed in &page.images {
                    rec.images.insert(placed.image.0);
                }
                rec.page(index, &page.uris, Some((stream.0, stream.1.to_vec())));
            }
        }
        self.scratch = out;
        drawn
    }

    /// Draws what `doc`'s pages still hold (after what [`Writer::page`]
    /// wrote of them), then writes the page tree, link annotations,
    /// fonts, pictures, outline, catalog and trailer. `doc` gives the
    /// final number of pages, the links, outline, labels and metadata.
    /// Returns the file's length in bytes.
    pub fn finish(mut self, doc: &PageDocument) -> Result<usize, WriteError> {
        check_references(doc)?;
        if self.pages.len() > doc.pages.len() {
            return Err(WriteError::Reference(format!(
                "page {} written, of {} pages",
                self.pages.len(),
                doc.pages.len()
            )));
        }
        for (index, page) in doc.pages.iter().enumerate() {
            self.page(index, page)?;
        }
        // Every glyph is drawn: the faces can be subset. A build that may
        // use more than one thread deflates aside; it subsets its faces
        // side by side, while the last streams are deflated.
        let used: Vec<usize> = (0..self.fonts.len())
            .filter(|&i| self.fonts[i].used())
            .collect();
        for &index in &used {
            self.fonts[index].read_metrics()?;
        }
        let side_by_side = self.aside.is_some();
        let embedded = if side_by_side {
            let (aside, file, failed) = (&mut self.aside, &mut self.file, &mut self.failed);
            embed_faces_while(&self.fonts, &used, || {
                write_aside(aside, file, failed, true);
            })
        } else {
            used.iter().map(|&i| self.fonts[i].embed()).collect()
        };
        self.aside = None;
        if let Some(failed) = self.failed.take() {
            return Err(failed);
        }
        self.pages.resize_with(doc.pages.len(), PageParts::default);

        let tree = self.file.reserve();
        let resources = self.file.reserve();
        let page_ids: Vec<Id> = (0..doc.pages.len()).map(|_| self.file.reserve()).collect();
        let (w, h) = (syntax::num(self.width), syntax::num(self.height));
        for (index, parts) in std::mem::take(&mut self.pages).into_iter().enumerate() {
            let mut annots = Vec::new();
            for link in &doc.pages[index].links {
                annots.push(
                    self.file
                        .add(&catalog::goto_annotation(link, self.height, &page_ids)),
                );
            }
            for link in &parts.uris {
                annots.push(self.file.add(&catalog::uri_annotation(link, self.height)));
            }
            let mut dict = format!(
                "<< /Type /Page /Parent {} /MediaBox [0 0 {w} {h}] /TrimBox [0 0 {w} {h}] /Resources {}",
                r(tree),
                r(resources)
            );
            if !parts.contents.is_empty() {
                dict.push_str(" /Contents [");
                push_refs(&mut dict, &parts.contents);
                dict.push(']');
            }
            if !annots.is_empty() {
                dict.push_str(" /Annots [");
                push_refs(&mut dict, &annots);
                dict.push(']');
            }
            dict.push_str(" >>");
            self.file.object(page_ids[index], &dict);
        }
        let mut kids = String::new();
        push_refs(&mut kids, &page_ids);
        self.file.object(
            tree,
            &format!(
                "<< /Type /Pages /Kids [{kids}] /Count {} >>",
                page_ids.len()
            ),
        );

        // Fonts and pictures, each once, named as the content streams name them.
        let mut font_names = String::new();
        for (index, embedded) in used.iter().zip(embedded) {
            let id = self.file.reserve();
            embedded?.write(&mut self.file, id);
            let _ = write!(font_names, " /F{index} {}", r(id));
        }
        let mut image_names = String::new();
        for &index in &self.used_images.clone() {
            let id = self.image(index)?;
            let _ = write!(image_names, " /Im{index} {}", r(id));
        }
        let mut res = String::from("<<");
        if !font_names.is_empty() {
            let _ = write!(res, " /Font <<{font_names} >>");
        }
        if !image_names.is_empty() {
            let _ = write!(res, " /XObject <<{image_names} >>");
        }
        res.push_str(" >>");
        self.file.object(resources, &res);

        let outline = (!doc.outline.is_empty())
            .then(|| catalog::outline(&mut self.file, &doc.outline, &page_ids, self.height));
        let labels = catalog::page_labels(&doc.page_labels);
        let root = self
            .file
            .add(&catalog::catalog(tree, outline, &doc.info, labels));
        let info = self.file.add(&catalog::info(&doc.info));
        // The file identifier: a digest of everything written before it,
        // the same for the same book (ISO 32000 only asks that it be
        // likely unique).
        let id = syntax::hex(&self.file.digest());
        self.file
            .finish(&format!(
                "/Root {} /Info {} /ID [{id} {id}]",
                r(root),
                r(info)
            ))
            .map_err(|why| match why {
                syntax::Unfinished::Unwritten(id) => {
                    WriteError::Serialize(format!("object {id} was never written"))
                }
                syntax::Unfinished::Output(e) => WriteError::Output(e.to_string()),
            })
    }

    /// Embeds picture `index` (an image XObject, with a soft mask when it
    /// has transparency; a Form XObject for an SVG drawing), saying exactly what its data holds (`DCTDecode`
    /// data as it is, 16-bit samples, `/Decode`, `/SMask`).
    fn image(&mut self, index: usize) -> Result<Id, WriteError> {
        let data = &self.images[index];
        if data.format == crate::model::ImageFormat::Svg {
            // A drawing: a Form XObject, drawn as vectors.
            let key = data.key.clone();
            let bytes = data.bytes.clone();
            return vector::write_form(&mut self.file, &bytes)
                .map_err(|reason| WriteError::Serialize(format!("drawing {key}: {reason}")));
        }
        let img = super::picture::pdf_image(data)
            .map_err(|reason| WriteError::Serialize(format!("image {}: {reason}", data.key)))?;
        let base = |color: &str, bits: u8| {
            format!(
                "/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /{color} /BitsPerComponent {bits}",
                img.width, img.height
            )
        };
        let mut dict = base(img.color.pdf_name(), img.bits);
        if let Some(alpha) = &img.alpha {
            let mask = self.file.reserve();
            self.file
                .stream(mask, &base("DeviceGray", img.bits), alpha, true);
            let _ = write!(dict, " /SMask {}", r(mask));
        }
        if img.inverted {
            let n = match img.color {
                super::picture::ColorSpace::Gray => 1,
                super::picture::ColorSpace::Rgb => 3,
                super::picture::ColorSpace::Cmyk => 4,
            };
            dict.push_str(" /Decode [");
            dict.push_str(&vec!["1 0"; n].join(" "));
            dict.push(']');
        }
        let id = self.file.reserve();
        if img.dct {
            // Already compressed: written as it is.
            dict.push_str(" /Filter /DCTDecode");
            self.file.stream_raw(id, &dict, &img.data);
        } else {
            self.file.stream(id, &dict, &img.data, true);
        }
        Ok(id)
    }
}

/// Writes the streams back from the deflating thread (all of them,
/// waiting, when `all`), in the order they were sent; when the thread
/// has stopped, says so in `failed` and deflates no more aside.
fn write_aside(
    aside: &mut Option<aside::Aside>,
    file: &mut PdfFile<'_>,
    failed: &mut Option<WriteError>,
    all: bool,
) {
    let Some(thread) = aside else {
        return;
    };
    let written = thread.ready(all, |id, deflated, data| {
        file.stream_raw(id, record::filter(deflated), data);
    });
    if written.is_err() {
        *aside = None;
        failed.get_or_insert(WriteError::Serialize("the deflating thread stopped".into()));
    }
}

/// Subsets and deflates the faces `used` (their tables read), in order,
/// each on a thread of its own while this one does `meanwhile`. They are
/// independent, and subsetting and deflating them, after the last page's
/// streams were deflated, was most of what a build did after its last
/// page with a core idle.
fn embed_faces_while(
    fonts: &[FaceUse],
    used: &[usize],
    meanwhile: impl FnOnce(),
) -> Vec<Result<fonts::Embedded, WriteError>> {
    std::thread::scope(|scope| {
        let threads: Vec<_> = used
            .iter()
            .map(|&i| {
                let face = &fonts[i];
                std::thread::Builder::new()
                    .name("bookpack-font".into())
                    .spawn_scoped(scope, move || face.embed())
            })
            .collect();
        meanwhile();
        used.iter()
            .zip(threads)
            .map(|(&i, thread)| match thread {
                Ok(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: made here instead.
                Err(_) => fonts[i].embed(),
            })
            .collect()
    })
}

fn push_refs(out: &mut String, ids: &[Id]) {
    for (i, id) in ids.iter().enumerate() {
        let _ = write!(out, "{}{id} 0 R", if i > 0 { " " } else { "" });
    }
}

/// Fails on a run naming a missing font or a picture that does not exist.
fn check_page(page: &Page, p: usize, fonts: usize, images: usize) -> Result<(), WriteError> {
    for run in &page.runs {
        if run.font.0 >= fonts {
            return Err(WriteError::Reference(format!(
                "font {} on page {} (only {fonts} fonts)",
                run.font.0,
                p + 1,
            )));
        }
    }
    for placed in &page.images {
        if placed.image.0 >= images {
            return Err(WriteError::Reference(format!(
                "image {} on page {} (only {images} images)",
                placed.image.0,
                p + 1,
            )));
        }
    }
    Ok(())
}

/// Fails on links or bookmarks to missing pages and on page labels that
/// are not a valid number tree.
fn check_references(doc: &PageDocument) -> Result<(), WriteError> {
    for (p, page) in doc.pages.iter().enumerate() {
        check_page(page, p, doc.fonts.len(), doc.images.len())?;
        for link in &page.links {
            if link.target.page >= doc.pages.len() {
                return Err(WriteError::Reference(format!(
                    "page {} from a link on page {}",
                    link.target.page + 1,
                    p + 1
                )));
            }
        }
    }
    fn walk(entries: &[OutlineEntry], pages: usize) -> Result<(), WriteError> {
        for e in entries {
            if e.target.page >= pages {
                return Err(WriteError::Reference(format!(
                    "page {} from bookmark {:?}",
                    e.target.page + 1,
                    e.title
                )));
            }
            walk(&e.children, pages)?;
        }
        Ok(())
    }
    walk(&doc.outline, doc.pages.len())?;
    // A number tree's keys ascend, and a label's start (/St) is at least 1.
    let mut previous: Option<usize> = None;
    for &(page, _, start) in &doc.page_labels {
        if page >= doc.pages.len() || previous.is_some_and(|p| p >= page) || start == 0 {
            return Err(WriteError::Reference(format!(
                "page label at page {} starting at {start} (pages: {}, labels must \
                 ascend and start from 1)",
                page + 1,
                doc.pages.len()
            )));
        }
        previous = Some(page);
    }
    Ok(())
}
