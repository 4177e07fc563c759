//! The EPUB container: package document (OPF), navigation document, NCX and the zip.
//!
//! Written here on the `zip` crate rather than through epub-builder: meeting
//! EPUBCheck and Ace through epub-builder 0.8.3 needed patching its output in
//! six places (duplicate `dc:language`/`dc:creator` id, `refines` written as
//! `id`, identifier forced to `urn:uuid`, no `xml:lang` on the package, no
//! `dc:publisher`/`dc:source`, nav without `lang` or `role="doc-toc"`) plus
//! rewriting the zip for fixed times. Writing the three small XML files
//! ourselves is less code than that adapter and keeps every byte under our
//! control (see the README's EPUB section).

use std::io::{self, Seek, SeekFrom, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::lists::ListKind;
use crate::model::{Block, Book, Inline};

use super::xhtml;

/// Folder inside the zip holding the publication's files.
pub(crate) const ROOT: &str = "EPUB";

/// One file of the publication (inside [`ROOT`]), as the manifest names
/// it: the package document is written before any file's bytes are made.
pub(crate) struct Item {
    /// File name relative to the package document, e.g. `chapter-12.xhtml`.
    pub name: String,
    pub media_type: String,
    /// OPF manifest `properties`, e.g. `nav`, `cover-image`.
    pub properties: Option<&'static str>,
    /// In the spine (reading order), in the order items are given.
    pub in_spine: bool,
}

impl Item {
    /// Manifest id: the file name with its dot replaced, which is a valid
    /// NCName because every name we give starts with a letter.
    fn id(&self) -> String {
        self.name.replace(['.', '/'], "-")
    }
}

/// An entry of the table of contents.
pub(crate) struct TocEntry {
    /// The entry's text, its emphasis kept (the NCX takes its plain text).
    pub label: Vec<Inline>,
    pub href: String,
    pub children: Vec<TocEntry>,
    /// The entry's language where it is not the book's (a chapter in
    /// Greek in an English book): its title is read in that language.
    pub lang: Option<String>,
}

/// An entry of the landmarks navigation (`epub:type` value, label, target).
pub(crate) struct Landmark {
    pub epub_type: &'static str,
    pub label: String,
    pub href: String,
}

/// The navigation document (`nav.xhtml`): table of contents, the lists
/// of figures and tables the book prints (each `nav` on a page of its
/// own, identified by its `epub:type`, `loi` or `lot`, as EPUB 3 allows
/// other `nav` elements beside the three it defines), and landmarks.
pub(crate) fn nav_document(
    book: &Book,
    toc: &[TocEntry],
    lists: &[(ListKind, Vec<TocEntry>)],
    landmarks: &[Landmark],
) -> String {
    let mut body = String::new();
    let labels = &book.labels;
    body.push_str("<nav id=\"toc\" epub:type=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">");
    xhtml::push_text(&mut body, &labels.contents);
    body.push_str("</h1>\n");
    push_toc_list(&mut body, toc);
    body.push_str("</nav>\n");
    for (kind, entries) in lists {
        let id = kind.id();
        let typed = kind
            .epub_type()
            .map_or(String::new(), |t| format!(" epub:type=\"{t}\""));
        body.push_str(&format!("<nav id=\"{id}\" class=\"list\"{typed} aria-labelledby=\"{id}-title\">\n<h1 id=\"{id}-title\">"));
        xhtml::push_text(&mut body, kind.title(book));
        body.push_str("</h1>\n");
        push_toc_list(&mut body, entries);
        body.push_str("</nav>\n");
    }
    body.push_str("<nav id=\"landmarks\" epub:type=\"landmarks\" aria-labelledby=\"landmarks-title\" hidden=\"hidden\">\n<h2 id=\"landmarks-title\">");
    xhtml::push_text(&mut body, &labels.landmarks);
    body.push_str("</h2>\n<ol>\n");
    for l in landmarks {
        body.push_str("<li><a href=\"");
        xhtml::push_attr(&mut body, &l.href);
        body.push_str("\" epub:type=\"");
        body.push_str(l.epub_type);
        body.push_str("\">");
        xhtml::push_text(&mut body, &l.label);
        body.push_str("</a></li>\n");
    }
    body.push_str("</ol>\n</nav>\n");
    xhtml::page(
        &labels.contents,
        &book.metadata.language,
        Some("frontmatter"),
        &body,
    )
}

fn push_toc_list(out: &mut String, entries: &[TocEntry]) {
    out.push_str("<ol>\n");
    for e in entries {
        out.push_str("<li");
        xhtml::push_lang_dir(out, e.lang.as_deref(), None);
        out.push_str("><a href=\"");
        xhtml::push_attr(out, &e.href);
        out.push_str("\">");
        xhtml::push_link_text(out, &e.label);
        out.push_str("</a>");
        if !e.children.is_empty() {
            out.push('\n');
            push_toc_list(out, &e.children);
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

/// The NCX, for reading systems that predate EPUB 3's navigation document.
pub(crate) fn ncx(book: &Book, toc: &[TocEntry]) -> String {
    let m = &book.metadata;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"");
    xhtml::push_attr(&mut out, &m.language);
    out.push_str("\">\n<head>\n<meta name=\"dtb:uid\" content=\"");
    xhtml::push_attr(&mut out, &m.identifier);
    out.push_str(&format!(
        "\"/>\n<meta name=\"dtb:depth\" content=\"{}\"/>\n<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n<docTitle><text>",
        toc_depth(toc)
    ));
    xhtml::push_text(&mut out, &m.title);
    out.push_str("</text></docTitle>\n");
    for a in &m.authors {
        out.push_str("<docAuthor><text>");
        xhtml::push_text(&mut out, &a.name);
        out.push_str("</text></docAuthor>\n");
    }
    out.push_str("<navMap>\n");
    let mut order = 0;
    push_nav_points(&mut out, toc, &mut order);
    out.push_str("</navMap>\n</ncx>\n");
    out
}

fn toc_depth(entries: &[TocEntry]) -> usize {
    entries
        .iter()
        .map(|e| 1 + toc_depth(&e.children))
        .max()
        .unwrap_or(0)
}

fn push_nav_points(out: &mut String, entries: &[TocEntry], order: &mut usize) {
    for e in entries {
        *order += 1;
        out.push_str(&format!(
            "<navPoint id=\"navpoint-{order}\" playOrder=\"{order}\"><navLabel><text>",
            order = *order
        ));
        xhtml::push_text(out, &Inline::plain_text(&e.label));
        out.push_str("</text></navLabel><content src=\"");
        xhtml::push_attr(out, &e.href);
        out.push_str("\"/>\n");
        push_nav_points(out, &e.children, order);
        out.push_str("</navPoint>\n");
    }
}

/// Accessibility summary written into the package metadata.
const ACCESSIBILITY_SUMMARY: &str = "Reflowable text with a heading for every chapter, a table of contents, landmarks and endnotes linked to and from their references. The cover image has a text alternative. No audio, video or flashing content.";

/// Added to the summary when the book has formulas.
const MATH_SUMMARY: &str =
    " Formulas are in MathML, each with its TeX source as a text alternative.";

/// Added to the summary when the book has tables.
const TABLES_SUMMARY: &str = " Tables have header cells for their columns.";

/// What the summary says of the book's figures, true of each: whether
/// every one has a text description of its image (alt text), and whether
/// all, some or none has a visible caption. A figure without a caption
/// made "Figures carry … a visible caption" false.
fn figures_summary(book: &Book) -> Option<&'static str> {
    let (mut figures, mut described, mut captioned) = (0usize, 0usize, 0usize);
    for chapter in &book.chapters {
        let notes = chapter.notes.iter().flat_map(|n| &n.blocks);
        for block in chapter.synopsis.iter().chain(&chapter.blocks).chain(notes) {
            block.walk(&mut |b| {
                if let Block::Figure { image, caption, .. } = b {
                    figures += 1;
                    described += usize::from(!image.alt.trim().is_empty());
                    captioned += usize::from(!caption.is_empty());
                }
            });
        }
    }
    let all_described = described == figures;
    Some(match (all_described, captioned) {
        _ if figures == 0 => return None,
        (true, c) if c == figures => {
            " Figures carry a text description of the image and a visible caption."
        }
        (true, 0) => " Figures carry a text description of the image; they have no visible caption.",
        (true, _) => " Figures carry a text description of the image; some have no visible caption.",
        (false, c) if c == figures => {
            " Figures carry a visible caption; some have no text description of the image."
        }
        (false, 0) => " Some figures have no text description of the image, and figures have no visible caption.",
        (false, _) => " Some figures have no text description of the image, and some no visible caption.",
    })
}

/// The package document (`content.opf`).
pub(crate) fn opf(book: &Book, items: &[&Item]) -> String {
    let m = &book.metadata;
    let mut o = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\" xml:lang=\"");
    xhtml::push_attr(&mut o, &m.language);
    o.push_str("\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");

    let element = |o: &mut String, name: &str, id: Option<&str>, value: &str| {
        o.push_str(&format!("<{name}"));
        if let Some(id) = id {
            o.push_str(&format!(" id=\"{id}\""));
        }
        o.push('>');
        xhtml::push_text(o, value);
        o.push_str(&format!("</{name}>\n"));
    };
    element(&mut o, "dc:identifier", Some("uid"), &m.identifier);
    element(&mut o, "dc:title", Some("title"), &m.title);
    o.push_str("<meta refines=\"#title\" property=\"title-type\">main</meta>\n");
    if let Some(sub) = &m.subtitle {
        element(&mut o, "dc:title", Some("subtitle"), sub);
        o.push_str("<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>\n");
    }
    // Authors, then the other contributors, each with a sort form and a
    // MARC relator role.
    let people = m
        .authors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            (
                "dc:creator",
                format!("author-{}", i + 1),
                &a.name,
                &a.file_as,
                "aut",
            )
        })
        .chain(m.contributors.iter().enumerate().map(|(i, c)| {
            (
                "dc:contributor",
                format!("contributor-{}", i + 1),
                &c.name,
                &c.file_as,
                c.role.marc_relator(),
            )
        }));
    for (tag, id, name, file_as, relator) in people {
        element(&mut o, tag, Some(&id), name);
        o.push_str(&format!("<meta refines=\"#{id}\" property=\"file-as\">"));
        xhtml::push_text(&mut o, file_as);
        o.push_str("</meta>\n");
        o.push_str(&format!(
            "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{relator}</meta>\n"
        ));
    }
    element(&mut o, "dc:language", None, &m.language);
    if let Some(date) = &m.date {
        element(&mut o, "dc:date", None, date);
    }
    for (name, value) in [
        ("dc:publisher", &m.publisher),
        ("dc:rights", &m.rights),
        ("dc:description", &m.description),
        ("dc:source", &m.source),
    ] {
        if let Some(value) = value {
            element(&mut o, name, None, value);
        }
    }
    if let Some(series) = &m.series {
        // EPUB 3.3 collections: a series, and the book's place in it.
        o.push_str("<meta property=\"belongs-to-collection\" id=\"series\">");
        xhtml::push_text(&mut o, &series.name);
        o.push_str(
            "</meta>\n<meta refines=\"#series\" property=\"collection-type\">series</meta>\n",
        );
        if let Some(position) = &series.position {
            o.push_str("<meta refines=\"#series\" property=\"group-position\">");
            xhtml::push_text(&mut o, position);
            o.push_str("</meta>\n");
        }
    }
    o.push_str("<meta property=\"dcterms:modified\">");
    xhtml::push_text(&mut o, &m.modified);
    o.push_str("</meta>\n");
    // What Ace by DAISY asks for (schema.org accessibility properties).
    let has_image = items.iter().any(|i| i.media_type.starts_with("image/"));
    // A figure without alt text leaves its image to the eye: the text is
    // then not sufficient alone, and no text alternative is claimed.
    let undescribed = book
        .any_block(&|b| matches!(b, Block::Figure { image, .. } if image.alt.trim().is_empty()));
    o.push_str("<meta property=\"schema:accessMode\">textual</meta>\n");
    if has_image {
        o.push_str("<meta property=\"schema:accessMode\">visual</meta>\n");
    }
    o.push_str(if undescribed {
        "<meta property=\"schema:accessModeSufficient\">textual,visual</meta>\n"
    } else {
        "<meta property=\"schema:accessModeSufficient\">textual</meta>\n"
    });
    // displayTransformability: the stylesheets leave the text's face,
    // size, line spacing and colour to the reader (no font but the
    // generic `monospace` for code and math faces for formulas, which
    // need a MATH table to be set at all; sizes in ems, no colour, no
    // `!important`), so a reading system's settings apply throughout.
    let features = [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ];
    let alternative = (!undescribed).then_some("alternativeText");
    // Formulas are MathML (`MathML`), each with its TeX as `alttext`
    // (`describedMath`, which names alttext among its means).
    let math = super::mathml::in_book(book);
    let math_features = math.then_some(["MathML", "describedMath"]);
    for feature in features
        .into_iter()
        .chain(alternative)
        .chain(math_features.into_iter().flatten())
    {
        o.push_str(&format!(
            "<meta property=\"schema:accessibilityFeature\">{feature}</meta>\n"
        ));
    }
    o.push_str("<meta property=\"schema:accessibilityHazard\">none</meta>\n");
    o.push_str("<meta property=\"schema:accessibilitySummary\">");
    xhtml::push_text(&mut o, ACCESSIBILITY_SUMMARY);
    if let Some(figures) = figures_summary(book) {
        xhtml::push_text(&mut o, figures);
    }
    if book.any_block(&|b| matches!(b, Block::Table { .. })) {
        xhtml::push_text(&mut o, TABLES_SUMMARY);
    }
    if math {
        xhtml::push_text(&mut o, MATH_SUMMARY);
    }
    o.push_str("</meta>\n");
    if let Some(cover) = items.iter().find(|i| i.properties == Some("cover-image")) {
        // EPUB 2 readers (and Kindle converters) find the cover this way.
        o.push_str(&format!(
            "<meta name=\"cover\" content=\"{}\"/>\n",
            cover.id()
        ));
    }
    o.push_str("</metadata>\n<manifest>\n");
    for item in items {
        o.push_str(&format!("<item id=\"{}\" href=\"", item.id()));
        xhtml::push_attr(&mut o, &item.name);
        o.push_str("\" media-type=\"");
        xhtml::push_attr(&mut o, &item.media_type);
        o.push('"');
        if let Some(p) = item.properties {
            o.push_str(&format!(" properties=\"{p}\""));
        }
        o.push_str("/>\n");
    }
    o.push_str("</manifest>\n<spine toc=\"toc-ncx\"");
    if crate::language::right_to_left(&book.metadata.language) {
        // Pages turn right to left, as a Hebrew or Arabic book's do.
        o.push_str(" page-progression-direction=\"rtl\"");
    }
    o.push_str(">\n");
    for item in items.iter().filter(|i| i.in_spine) {
        o.push_str(&format!("<itemref idref=\"{}\"/>\n", item.id()));
    }
    o.push_str("</spine>\n</package>\n");
    o
}

const CONTAINER_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n<rootfiles>\n<rootfile full-path=\"EPUB/content.opf\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n";

/// Zip entry time from `modified` (`YYYY-MM-DDThh:mm:ssZ`), so a rebuild of
/// the same source gives the same bytes; zip cannot store dates before 1980.
fn entry_time(modified: &str) -> DateTime {
    let num =
        |range: std::ops::Range<usize>| modified.get(range).and_then(|s| s.parse::<u16>().ok());
    let parts = (
        num(0..4),
        num(5..7),
        num(8..10),
        num(11..13),
        num(14..16),
        num(17..19),
    );
    if let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) = parts {
        if let Ok(t) =
            DateTime::from_date_and_time(y, mo as u8, d as u8, h as u8, mi as u8, s as u8)
        {
            return t;
        }
    }
    DateTime::default()
}

/// The `.epub` being written into its file: `mimetype` first and stored,
/// then the container file and the package document, then each item as
/// [`Archive::add`] is given it, all with the same fixed time and
/// permissions. Nothing of an item is kept once it is written but its
/// entry in the central directory, so a long book's pages can be made,
/// written and dropped one at a time.
pub(crate) struct Archive<W: Write + Seek> {
    zip: ZipWriter<StopAfterError<W>>,
    /// Where the archive starts in its file (0 but for a caller's own).
    start: u64,
    stored: SimpleFileOptions,
    deflated: SimpleFileOptions,
}

impl<W: Write + Seek> Archive<W> {
    /// Starts the archive in `out` with the files that come before the
    /// publication's own: `mimetype`, the container and `opf`.
    pub(crate) fn begin(book: &Book, opf: &str, mut out: W) -> io::Result<Self> {
        let start = out.stream_position()?;
        let time = entry_time(&book.metadata.modified);
        let stored = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .last_modified_time(time)
            .unix_permissions(0o644);
        let deflated = stored
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(9));
        // `new`, not the streaming mode: each entry's sizes and CRC go in
        // its local header (the writer seeks back to fill them in), as
        // they always have, rather than in a data descriptor after it.
        let mut zip = ZipWriter::new(StopAfterError::new(out, start));
        zip.start_file("mimetype", stored).map_err(io_error)?;
        zip.write_all(b"application/epub+zip")?;
        zip.start_file("META-INF/container.xml", deflated)
            .map_err(io_error)?;
        zip.write_all(CONTAINER_XML.as_bytes())?;
        zip.start_file(format!("{ROOT}/content.opf"), deflated)
            .map_err(io_error)?;
        zip.write_all(opf.as_bytes())?;
        Ok(Archive {
            zip,
            start,
            stored,
            deflated,
        })
    }

    /// Writes `item`'s bytes, `data`, as the archive's next entry, from
    /// `cache` when it holds them compressed from the last build.
    pub(crate) fn add(
        &mut self,
        item: &Item,
        data: &[u8],
        cache: Option<&mut super::EntryCache>,
    ) -> io::Result<()> {
        // Images are compressed already; deflating them again wastes time.
        let options = if item.media_type.starts_with("image/") {
            self.stored
        } else {
            self.deflated
        };
        let name = format!("{ROOT}/{}", item.name);
        match cache {
            // Pictures are stored as they are: nothing to save.
            Some(cache) if options == self.deflated => cache
                .add(&mut self.zip, &name, data, options)
                .map_err(io_error),
            _ => {
                self.zip.start_file(name, options).map_err(io_error)?;
                self.zip.write_all(data)
            }
        }
    }

    /// Writes the central directory; returns `out` and the archive's
    /// length in bytes.
    pub(crate) fn finish(self) -> io::Result<(W, u64)> {
        let mut out = self.zip.finish().map_err(io_error)?;
        let end = out.stream_position()?;
        Ok((out.inner, end - self.start))
    }
}

/// A zip error as the I/O error it is (or wraps): the zip crate's own
/// text for a failed write is only "i/o error", and its types stay here.
fn io_error(e: zip::result::ZipError) -> io::Error {
    match e {
        zip::result::ZipError::Io(e) => e,
        other => io::Error::other(other.to_string()),
    }
}

/// The archive's file, as the zip writer sees it: once a write or a seek
/// has failed, the rest only move a position the file no longer follows.
/// The first error reaches the caller, who gives up on the file; the zip
/// writer, dropped unfinished, then finishes the archive into nothing
/// rather than trying the file again (and printing its own message on
/// stderr), and still sees the positions it expects.
struct StopAfterError<W> {
    inner: W,
    failed: bool,
    /// Where the next byte goes, and the end of what was written.
    position: u64,
    end: u64,
}

impl<W> StopAfterError<W> {
    fn new(inner: W, start: u64) -> Self {
        StopAfterError {
            inner,
            failed: false,
            position: start,
            end: start,
        }
    }

    fn moved_to(&mut self, position: u64) {
        self.position = position;
        self.end = self.end.max(position);
    }
}

impl<W: Write> Write for StopAfterError<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = if self.failed {
            Ok(buf.len())
        } else {
            self.inner.write(buf)
        };
        match written {
            Ok(n) => self.moved_to(self.position + n as u64),
            Err(_) => self.failed = true,
        }
        written
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.failed |= result.is_err();
        result
    }
}

impl<W: Seek> Seek for StopAfterError<W> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let sought = if self.failed {
            let from = |base: u64, by: i64| {
                base.checked_add_signed(by)
                    .ok_or_else(|| io::Error::other("seek out of the file"))
            };
            match to {
                SeekFrom::Start(n) => Ok(n),
                SeekFrom::Current(by) => from(self.position, by),
                SeekFrom::End(by) => from(self.end, by),
            }
        } else {
            self.inner.seek(to)
        };
        match sought {
            Ok(n) => self.moved_to(n),
            Err(_) => self.failed = true,
        }
        sought
    }
}
