//! The e-reader edition: turns a `model::Book` into the bytes of an EPUB 3 file.
//!
//! `render` checks what it is given (ids, dates, language, cover), lists
//! the package's files for the OPF, then writes the pages (cover, title
//! page, the card page of the author's other books, imprint, contents,
//! one file per chapter, endnotes) one at a time
//! into `package`'s zip, each dropped once written. No I/O but the sink it
//! is given: the cover's bytes arrive in `book.assets`.

mod cache;
mod code;
#[cfg(test)]
mod code_tests;
pub(crate) mod cover;
mod images;
mod index_page;
mod mathml;
mod nav;
mod notes;
mod package;
mod pages;
mod xhtml;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{Cursor, Seek, Write};

use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::model::{Block, Book, ChapterKind, Inline};

pub use cache::EntryCache;
use package::Item;
use xhtml::Links;

/// The stylesheet every content document links to.
const STYLESHEET: &str = include_str!("style.css");
/// Rules for figures, tables, definition lists and struck text, added to
/// the stylesheet of a book that has any (other books' stay as they were).
const CONTENT_STYLES: &str = include_str!("content.css");
/// Rules for contributors, series, dedications, epigraphs and parts, added
/// to the stylesheet of a book that has any.
const STRUCTURE_STYLES: &str = include_str!("structure.css");
/// Rules for right-to-left pages, added to the stylesheet of a book in a
/// right-to-left language or with a chapter in one.
const RTL_STYLES: &str = include_str!("rtl.css");
/// Paragraph indents in Chinese and Japanese, when the book has them
/// (last: they must win over the Western rules).
const CJK_STYLES: &str = include_str!("cjk.css");
/// Korean breaks lines at its word spaces only, as Korean books are set
/// (and the print edition, `pdf::ideographic`), not between the syllables
/// of a word: added to the stylesheet of a book with Korean text.
const KOREAN_STYLES: &str = "
/* Korean lines break at word spaces, not between syllables. */
:lang(ko) {
  word-break: keep-all;
}
";
/// Rules for code, added to the stylesheet of a book that has any.
const CODE_STYLES: &str = include_str!("code.css");
const LISTING_STYLES: &str = include_str!("listing.css");
/// Rules for verse, added to the stylesheet of a book that has any.
const VERSE_STYLES: &str = include_str!("verse.css");
/// Callouts' rules and tints, for a book that has any.
const CALLOUT_STYLES: &str = include_str!("callout.css");
const THEOREM_STYLES: &str = include_str!("theorem.css");
/// Rules for the card page, added to the stylesheet of a book that lists
/// the author's other books (`also-by`).
const CARD_STYLES: &str = include_str!("card.css");
/// Rules for the lists of figures and tables, added to the stylesheet of
/// a book that prints either.
const LIST_STYLES: &str = include_str!("lists.css");

/// Rules for the back-of-book index, added to the stylesheet of a book
/// with index marks.
const INDEX_STYLES: &str = include_str!("index.css");

/// Rules for formulas (equations and their numbers, math tables), added
/// to the stylesheet of a book that has any.
const MATH_STYLES: &str = include_str!("math.css");

/// Fixed file names in the package; chapter files may not take them.
const COVER_PAGE: &str = "cover.xhtml";
const TITLE_PAGE: &str = "title.xhtml";
const IMPRINT_PAGE: &str = "imprint.xhtml";
const ALSO_BY_PAGE: &str = "also-by.xhtml";
const NAV: &str = "nav.xhtml";
const NCX: &str = "toc.ncx";
const CSS: &str = "style.css";
const RESERVED_STEMS: [&str; 9] = [
    "cover", "title", "also-by", "imprint", "nav", "toc", "style", "notes", "index",
];

/// Renders `book` as a finished `.epub` file.
///
/// Fails (with diagnostics naming `book.toml` or the chapter file) when the
/// book holds something that would make an invalid or unsafe package: ids
/// that are not plain names, a note reference without its note, a malformed
/// date or language tag, a cover path leaving the book folder, or cover
/// bytes that are not the PNG/JPEG they claim to be.
pub fn render(book: &Book) -> Result<Vec<u8>, Failure> {
    render_with(book, None)
}

/// `render`, compressing only the entries whose bytes `cache` does not
/// hold from the last build (`bookpack watch`); the same bytes either way.
pub fn render_with(book: &Book, cache: Option<&mut EntryCache>) -> Result<Vec<u8>, Failure> {
    let mut bytes = Cursor::new(Vec::new());
    render_into(book, cache, &mut bytes)?;
    Ok(bytes.into_inner())
}

/// `render_with`, the archive going to `out` as it is made: each chapter's
/// page is rendered, compressed, written and dropped before the next, so
/// the memory it takes is that of the largest chapter, not of the book.
/// Returns the archive's length in bytes. After a failure `out` holds
/// part of a file: the caller writes to a temporary file and keeps it only
/// on success.
pub fn render_into<W: Write + Seek>(
    book: &Book,
    mut cache: Option<&mut EntryCache>,
    out: W,
) -> Result<u64, Failure> {
    if let Some(cache) = cache.as_deref_mut() {
        cache.begin();
    }
    let mut diagnostics = Diagnostics::new();
    check_metadata(book, &mut diagnostics);
    let cover = check_cover(book, &mut diagnostics);
    let note_targets = check_chapters(book, &mut diagnostics);
    check_figures(book, &mut diagnostics);
    diagnostics.check()?;

    let chapter_files: Vec<String> = book
        .chapters
        .iter()
        .map(|c| format!("{}.xhtml", c.id))
        .collect();
    let by_id: BTreeMap<String, String> = book
        .chapters
        .iter()
        .zip(&chapter_files)
        .map(|(c, f)| (c.id.clone(), f.clone()))
        .collect();
    // Each image once, under a name from its asset key (unique per content).
    let image_files: BTreeMap<String, xhtml::ImageFile> = book
        .assets
        .images
        .iter()
        .map(|(key, image)| {
            let file = xhtml::ImageFile {
                path: format!("images/{key}.{}", image.format.extension()),
                width: image.width,
                height: image.height,
            };
            (key.clone(), file)
        })
        .collect();
    let links = Links {
        notes_file: notes::FILE,
        chapter_files: &by_id,
        note_targets: &note_targets,
        images: &image_files,
        rtl: false,
        sources: xhtml::Sources::Nowhere,
        glossary: false,
        numerals: book.labels.numerals,
        plain_math: false,
        callouts: crate::model::CalloutKind::ALL.map(|k| book.labels.callout(k)),
    };

    // A generated cover is drawn in its turn, near the archive's end: not
    // while the PDF's workers start, and not held while the pages are made.
    let (cover_content, cover_type) = match cover {
        Some((bytes, media_type)) if images::needs_converting(bytes) => {
            (Content::Converted(bytes), media_type)
        }
        Some((bytes, media_type)) => (Content::Bytes(Cow::Borrowed(bytes)), media_type),
        None => (Content::GeneratedCover, "image/png"),
    };
    let cover_image = if cover_type == "image/jpeg" {
        "cover.jpg"
    } else {
        "cover.png"
    };

    // The manifest, in the archive's order, each file with where its
    // bytes come from: the package document needs only the names.
    let mut files: Vec<(Item, Content)> = Vec::new();
    let page = |name: &str, content: Content<'static>, properties: Option<&'static str>| {
        let item = Item {
            name: name.to_string(),
            media_type: "application/xhtml+xml".to_string(),
            properties,
            in_spine: true,
        };
        (item, content)
    };
    // The cover's size in pixels, for its page's SVG box.
    let cover_size = match cover {
        Some((bytes, _)) => crate::images::dimensions(bytes),
        None => Some((cover::WIDTH, cover::HEIGHT)),
    };
    files.push(page(
        COVER_PAGE,
        Content::Text(pages::cover_page(book, cover_image, cover_size)),
        cover_size.map(|_| "svg"),
    ));
    files.push(page(
        TITLE_PAGE,
        Content::Text(pages::title_page(book)),
        None,
    ));
    // The author's other books after the title page, in the spine (a
    // reader paging on from the title meets them, as in print) but not
    // in the contents or the landmarks: the page is no part of this book.
    if !book.metadata.also_by.is_empty() {
        files.push(page(
            ALSO_BY_PAGE,
            Content::Text(pages::also_by_page(book)),
            None,
        ));
    }
    files.push(page(
        IMPRINT_PAGE,
        Content::Text(pages::imprint_page(book)),
        None,
    ));

    // Gathered from the outlines, whose marks stay; `None` without marks.
    let index = crate::index::gather(book);
    let index_page = index.as_ref().map(|_| index_page::FILE);
    let toc = nav::toc(
        book,
        &chapter_files,
        [TITLE_PAGE, IMPRINT_PAGE, NAV],
        index_page,
    );
    let lists = nav::lists(book, &chapter_files);
    let landmarks = nav::landmarks(
        book,
        &chapter_files,
        [COVER_PAGE, TITLE_PAGE, NAV],
        index_page,
    );
    // The contents after an opening dedication and epigraph, the notes
    // before a closing glossary, bibliography and colophon, as in print.
    let mut nav_page = Some(page(
        NAV,
        Content::Text(package::nav_document(book, &toc, &lists, &landmarks)),
        Some("nav"),
    ));
    // A page holding a formula says so (`mathml`), as EPUB 3.3 requires.
    let mathml = |has: bool| has.then_some("mathml");
    let mut notes_page = notes::has_notes(book)
        .then(|| page(notes::FILE, Content::Notes, mathml(mathml::in_notes(book))));
    let (contents_at, notes_at) = (book.files_before_contents(), book.files_before_notes());
    for index in 0..=chapter_files.len() {
        if index == contents_at {
            files.extend(nav_page.take());
        }
        if index == notes_at {
            files.extend(notes_page.take());
        }
        if let Some(file) = chapter_files.get(index) {
            let math = mathml(mathml::in_chapter(&book.chapters[index]));
            files.push(page(file, Content::Chapter(index), math));
        }
    }
    // The index last, after the notes and every closing file, as in print.
    if let Some(index) = &index {
        let html = index_page::render(book, index, &chapter_files);
        files.push(page(index_page::FILE, Content::Text(html), None));
    }
    let other = |name: &str, media_type: &str, properties, content| {
        let item = Item {
            name: name.to_string(),
            media_type: media_type.to_string(),
            properties,
            in_spine: false,
        };
        (item, content)
    };
    files.push(other(
        NCX,
        "application/x-dtbncx+xml",
        None,
        Content::Text(package::ncx(book, &toc)),
    ));
    files.push(other(
        CSS,
        "text/css",
        None,
        Content::Text(stylesheet(book, index.is_some())),
    ));
    files.push(other(
        cover_image,
        cover_type,
        Some("cover-image"),
        cover_content,
    ));
    for (key, image) in &book.assets.images {
        // A CMYK or progressive JPEG is converted in its turn, like the
        // generated cover; the rest go in as they are.
        let content = if images::needs_converting(&image.bytes) {
            Content::Converted(&image.bytes)
        } else {
            Content::Bytes(Cow::Borrowed(image.bytes.as_slice()))
        };
        files.push(other(
            &image_files[key].path,
            image.format.media_type(),
            None,
            content,
        ));
    }
    let items: Vec<&Item> = files.iter().map(|(item, _)| item).collect();
    let opf = package::opf(book, &items);

    // With a cache, each page's key: the chapter's fingerprint, the rest
    // of the book's, and where links go.
    let keys: Option<Vec<u64>> = cache.as_deref().and_then(|c| c.prints.as_ref()).map(|p| {
        let mut base = crate::fingerprint::Fingerprint::new();
        base.add(&p.context)
            .add("epub chapter")
            .add(&by_id)
            .add(&note_targets)
            .add(&image_files)
            .add(notes::FILE);
        p.chapters
            .iter()
            .map(|c| base.clone().add(c).finish())
            .collect()
    });
    // A chapter that cannot be read again whole (see `Book::chapter_whole`)
    // stops the archive; its own message is the one to give.
    let mut unread: Option<Failure> = None;
    let mut undrawn = false;
    let written = (|| {
        let mut archive = package::Archive::begin(book, &opf, out)?;
        for (item, content) in files {
            // Made only now, written, and dropped before the next.
            let bytes: Cow<[u8]> = match content {
                Content::Text(text) => Cow::Owned(text.into_bytes()),
                Content::Bytes(bytes) => bytes,
                Content::Converted(bytes) => match images::converted(bytes) {
                    Some(jpeg) => Cow::Owned(jpeg),
                    None => Cow::Borrowed(bytes),
                },
                Content::GeneratedCover => match cover::generate(&book.metadata, &book.labels) {
                    Some(png) => Cow::Owned(png),
                    None => {
                        undrawn = true;
                        return Err(std::io::Error::other("the cover could not be drawn"));
                    }
                },
                Content::Chapter(index) => {
                    let chapter = match book.chapter_whole_following(index) {
                        Ok(chapter) => chapter,
                        Err(failure) => {
                            unread = Some(failure);
                            return Err(std::io::Error::other("a chapter could not be read"));
                        }
                    };
                    let render = || pages::chapter_page(book, &chapter, &links);
                    let html = match (cache.as_deref_mut(), &keys) {
                        (Some(cache), Some(keys)) => cache.page(keys[index], render),
                        _ => render(),
                    };
                    Cow::Owned(html.into_bytes())
                }
                Content::Notes => Cow::Owned(
                    notes::render(book, &links, |i| chapter_files[i].clone()).into_bytes(),
                ),
            };
            archive.add(&item, &bytes, cache.as_deref_mut())?;
        }
        archive.finish()
    })();
    if let Some(failure) = unread {
        return Err(failure);
    }
    if undrawn {
        return Err(Failure::single(Diagnostic::error(
            "book.toml",
            0,
            0,
            "could not draw the generated cover",
        )));
    }
    let (_, length) = written.map_err(|e| {
        Failure::single(Diagnostic::error(
            "book.toml",
            0,
            0,
            format!("could not write the EPUB archive: {e}"),
        ))
    })?;
    // Only a finished build ends the cache's round; after a failure the
    // next build puts back the pages this one took out.
    if let Some(cache) = cache {
        cache.end();
    }
    Ok(length)
}

/// Where a file of the package gets its bytes when its turn comes to be
/// written.
enum Content<'a> {
    /// A small page or file, made with the manifest.
    Text(String),
    /// An image: the asset's own bytes, not a copy.
    Bytes(Cow<'a, [u8]>),
    /// A figure's or the cover's JPEG that reading systems get as a
    /// baseline sRGB one (`images::converted`), made in its turn.
    Converted(&'a [u8]),
    /// The cover `cover::generate` draws, when the book gives none.
    GeneratedCover,
    /// The page of the chapter at this index, rendered in its turn.
    Chapter(usize),
    /// The endnotes document, rendered in its turn.
    Notes,
}

/// The book's stylesheet: the base rules, and those for figures, tables,
/// definition lists, inline extensions and the index when the book has
/// them.
fn stylesheet(book: &Book, has_index: bool) -> String {
    let mut css = STYLESHEET.to_string();
    let rich = book.any_block(&|b| {
        let mut rich = matches!(
            b,
            Block::Figure { .. } | Block::Table { .. } | Block::DefinitionList { .. }
        ) || matches!(b, Block::CodeBlock { caption, label, .. }
            if !caption.is_empty() || label.is_some());
        b.for_each_inlines(&mut |inlines| rich |= has_extension(inlines));
        rich
    });
    if rich {
        css.push_str(CONTENT_STYLES);
    }
    let code = book.any_block(&|b| {
        let mut code = matches!(b, Block::CodeBlock { .. });
        b.for_each_inlines(&mut |inlines| code |= has_code(inlines));
        code
    });
    if code {
        css.push_str(CODE_STYLES);
    }
    let listings = book.any_block(&|b| {
        matches!(b, Block::CodeBlock { caption, label, first_line, .. }
            if !caption.is_empty() || label.is_some() || first_line.is_some())
    });
    if listings {
        css.push_str(LISTING_STYLES);
    }
    // Known from the outlines, whose code blocks keep their language.
    let coloured = book.code.highlight
        && book.any_block(&|b| {
            matches!(b, Block::CodeBlock { language: Some(l), .. } if crate::highlight::knows(l))
        });
    if coloured {
        css.push_str(&code::highlight_styles());
    }
    if book.any_block(&|b| matches!(b, Block::Verse { .. }))
        || book.chapters.iter().any(pages::has_epigraph_verse)
    {
        css.push_str(VERSE_STYLES);
    }
    if book.any_block(&|b| matches!(b, Block::Callout { .. })) {
        css.push_str(CALLOUT_STYLES);
    }
    if book.any_block(&|b| matches!(b, Block::Theorem { .. })) {
        css.push_str(THEOREM_STYLES);
    }
    if !crate::lists::printed(book).is_empty() {
        css.push_str(LIST_STYLES);
    }
    if !book.metadata.also_by.is_empty() {
        css.push_str(CARD_STYLES);
    }
    if has_index {
        css.push_str(INDEX_STYLES);
    }
    if mathml::in_book(book) {
        css.push_str(MATH_STYLES);
    }
    let m = &book.metadata;
    if !m.contributors.is_empty()
        || m.series.is_some()
        || book.chapters.iter().any(|c| c.kind != ChapterKind::Chapter)
        || book
            .chapters
            .iter()
            .any(|c| pages::opening_epigraph(c).is_some())
    {
        css.push_str(STRUCTURE_STYLES);
    }
    // The book's language and its chapters' own.
    let languages = || {
        std::iter::once(m.language.as_str())
            .chain(book.chapters.iter().filter_map(|c| c.language.as_deref()))
    };
    if languages().any(crate::language::right_to_left) {
        css.push_str(RTL_STYLES);
    }
    if languages().any(|tag| crate::language::every_paragraph_indent(tag).is_some()) {
        css.push_str(CJK_STYLES);
    }
    if languages().any(is_korean)
        || book.any_block(&|b| {
            let mut found = false;
            b.for_each_inlines(&mut |inlines| found |= korean_passage(inlines));
            found
        })
    {
        css.push_str(KOREAN_STYLES);
    }
    let upright: std::collections::BTreeSet<&str> = languages()
        .filter(|tag| !crate::language::has_italics(tag))
        .collect();
    css.push_str(&upright_styles(&upright, &ITALIC_SELECTORS));
    if has_index {
        // The index's "see" and "see also", apart: a book without an
        // index keeps its stylesheet byte for byte.
        css.push_str(&upright_styles(&upright, &["section.index i"]));
    }
    // The notes' numbers, an `<ol>`'s, in the digits of the note
    // references (`numerals`): CSS Counter Styles 3's predefined
    // `arabic-indic`, `persian`… A reading system without the style
    // falls back to `decimal`, as before. (A reference is isolated from
    // the text before it by its `dir`: EPUB forbids `unicode-bidi`.)
    let numerals = book.labels.numerals;
    if numerals != crate::numerals::Numerals::Latn
        && book.chapters.iter().any(|c| !c.notes.is_empty())
    {
        css.push_str(&format!(
            "\n/* Note numbers in the book's digits. */\n.endnotes ol {{\n  list-style-type: {};\n}}\n",
            numerals.list_style()
        ));
    }
    css
}

/// Whether `tag` is Korean (`ko`, `ko-KR`, `ko-Kore`, …).
fn is_korean(tag: &str) -> bool {
    tag.split(['-', '_'])
        .next()
        .is_some_and(|primary| primary.eq_ignore_ascii_case("ko"))
}

/// Whether `inlines` hold a passage marked as Korean, at any depth.
fn korean_passage(inlines: &[Inline]) -> bool {
    inlines.iter().any(|inline| match inline {
        Inline::Span {
            lang: Some(lang), ..
        } if is_korean(lang) => true,
        other => korean_passage(other.children()),
    })
}

/// What the stylesheets set in italic (display text: lower headings, the
/// synopsis, captions, epigraphs, the subtitle).
const ITALIC_SELECTORS: [&str; 12] = [
    "h3",
    "h4",
    "h5",
    "h6",
    ".synopsis",
    ".titlepage .subtitle",
    ".imprint .corrected",
    "figcaption",
    "caption",
    "th",
    ".epigraph blockquote",
    ".part blockquote",
];

/// A rule setting the italic display text upright in `languages`, whose
/// scripts have no italics (Hebrew, Arabic, Chinese…): a reading system
/// slanted their letters, as the print edition does not
/// (`language::has_italics`). By `:lang()`, which follows the nearest
/// `lang`, so an English chapter in a Hebrew book keeps its italics.
fn upright_styles(languages: &std::collections::BTreeSet<&str>, italic: &[&str]) -> String {
    if languages.is_empty() {
        return String::new();
    }
    let selectors: Vec<String> = languages
        .iter()
        .flat_map(|tag| italic.iter().map(move |s| format!("{s}:lang({tag})")))
        .collect();
    format!(
        "\n/* Scripts without italics: their display text stays upright. */\n{} {{\n  font-style: normal;\n}}\n",
        selectors.join(",\n")
    )
}

fn has_code(inlines: &[Inline]) -> bool {
    inlines
        .iter()
        .any(|i| matches!(i, Inline::Code { .. }) || has_code(i.children()))
}

fn has_extension(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| {
        matches!(
            i,
            Inline::Strikethrough { .. }
                | Inline::Superscript { .. }
                | Inline::Subscript { .. }
                | Inline::SmallCaps { .. }
        ) || has_extension(i.children())
    })
}

/// Metadata the package document needs in a precise form.
fn check_metadata(book: &Book, d: &mut Diagnostics) {
    let m = &book.metadata;
    if m.title.trim().is_empty() {
        d.push(
            Diagnostic::error("book.toml", 0, 0, "the book has no title")
                .with_hint("set `title = \"...\"`"),
        );
    }
    if m.identifier.trim().is_empty() {
        d.push(Diagnostic::error(
            "book.toml",
            0,
            0,
            "the book has an empty identifier",
        ));
    }
    if !crate::config::is_language_tag(&m.language) {
        d.push(
            Diagnostic::error(
                "book.toml",
                0,
                0,
                format!("`{}` is not a language tag", m.language),
            )
            .with_hint("use a BCP 47 tag such as `en-GB`"),
        );
    }
    if let Some(date) = &m.date {
        if crate::dates::parse_date(date).is_none() {
            d.push(
                Diagnostic::error(
                    "book.toml",
                    0,
                    0,
                    format!("date `{date}` is not YYYY, YYYY-MM or YYYY-MM-DD"),
                )
                .with_hint("write e.g. `date = \"1980\"`"),
            );
        }
    }
    if !is_timestamp(&m.modified) {
        d.push(Diagnostic::error(
            "book.toml",
            0,
            0,
            format!(
                "modification time `{}` is not YYYY-MM-DDThh:mm:ssZ",
                m.modified
            ),
        ));
    }
}

/// Whether `s` has the shape `pattern`, where `9` stands for a digit.
fn has_shape(s: &str, pattern: &str) -> bool {
    s.len() == pattern.len()
        && s.bytes().zip(pattern.bytes()).all(|(c, p)| {
            if p == b'9' {
                c.is_ascii_digit()
            } else {
                c == p
            }
        })
}

fn is_timestamp(s: &str) -> bool {
    has_shape(s, "9999-99-99T99:99:99Z")
}

/// The cover image to package, if the book has one: its bytes and media type.
fn check_cover<'a>(book: &'a Book, d: &mut Diagnostics) -> Option<(&'a [u8], &'a str)> {
    if let Some(path) = &book.epub.cover {
        if crate::source::unsafe_relative_path(path).is_some() {
            d.push(
                Diagnostic::error(
                    "book.toml",
                    0,
                    0,
                    format!("cover `{path}` is outside the book folder"),
                )
                .with_hint("put the image in the book folder and name it relative to book.toml"),
            );
            return None;
        }
    }
    let (bytes, media_type) = match (&book.assets.cover, &book.epub.cover) {
        (Some(c), _) => c,
        (None, Some(path)) => {
            d.push(Diagnostic::error(
                "book.toml",
                0,
                0,
                format!("cover `{path}` was not loaded"),
            ));
            return None;
        }
        (None, None) => return None,
    };
    let fits = match media_type.as_str() {
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        _ => {
            d.push(
                Diagnostic::error(
                    "book.toml",
                    0,
                    0,
                    format!("cover type `{media_type}` is not supported"),
                )
                .with_hint("use a PNG or JPEG image"),
            );
            return None;
        }
    };
    if !fits {
        d.push(Diagnostic::error(
            "book.toml",
            0,
            0,
            format!("cover is not a valid {media_type} file"),
        ));
        return None;
    }
    Some((bytes, media_type))
}

/// Checks chapter and note ids and that every reference has its note and
/// every note its first reference; returns reference id → note id.
fn check_chapters(book: &Book, d: &mut Diagnostics) -> BTreeMap<String, String> {
    let mut targets = BTreeMap::new();
    let mut chapter_ids = BTreeSet::new();
    let mut notes_file_ids: BTreeSet<String> = ["endnotes".to_string()].into();
    for chapter in &book.chapters {
        let file = chapter.file.as_str();
        let mut error =
            |line: u32, col: u32, msg: String| d.push(Diagnostic::error(file, line, col, msg));
        if !xhtml::is_safe_id(&chapter.id) || RESERVED_STEMS.contains(&chapter.id.as_str()) {
            error(
                0,
                0,
                format!("chapter id `{}` cannot name a file in the EPUB", chapter.id),
            );
        } else if !chapter_ids.insert(chapter.id.clone()) {
            error(0, 0, format!("chapter id `{}` is used twice", chapter.id));
        }
        let mut refs = Vec::new();
        collect_refs_in_inlines(&chapter.title, &mut refs);
        collect_refs(&chapter.synopsis, &mut refs);
        collect_refs(&chapter.blocks, &mut refs);
        let mut page_ids: BTreeSet<String> =
            [chapter.id.clone(), format!("{}-title", chapter.id)].into();
        for (_, id, _) in Block::headings(&chapter.blocks) {
            if !xhtml::is_safe_anchor(id) || !page_ids.insert(id.to_string()) {
                error(
                    0,
                    0,
                    format!("heading id `{id}` is not a plain, unique name"),
                );
            }
        }
        for (number, id, _) in &refs {
            if !xhtml::is_safe_id(id) || !page_ids.insert(id.clone()) {
                error(
                    0,
                    0,
                    format!("note reference id `{id}` is not a plain, unique name"),
                );
            }
            match chapter.note(*number) {
                Some(note) => {
                    targets.insert(id.clone(), note.id.clone());
                }
                None => error(0, 0, format!("note reference {number} has no note")),
            }
        }
        notes_file_ids.insert(notes::group_id(chapter));
        notes_file_ids.insert(format!("{}-title", notes::group_id(chapter)));
        // A note may be cited first inside another note.
        let mut in_notes = Vec::new();
        for note in &chapter.notes {
            collect_refs(&note.blocks, &mut in_notes);
        }
        // A set, not a search per note: a chapter of 10,000 notes made
        // each search a pass over all its references.
        let first_refs: HashSet<(_, &str)> = refs
            .iter()
            .chain(&in_notes)
            .filter(|(_, _, first)| *first)
            .map(|(n, id, _)| (*n, id.as_str()))
            .collect();
        for note in &chapter.notes {
            if !xhtml::is_safe_id(&note.id) || !notes_file_ids.insert(note.id.clone()) {
                error(
                    note.span.line,
                    note.span.col,
                    format!("note id `{}` is not a plain, unique name", note.id),
                );
            }
            if !first_refs.contains(&(note.number, note.ref_id.as_str())) {
                error(
                    note.span.line,
                    note.span.col,
                    format!(
                        "note {} links back to `{}`, which is not its first reference",
                        note.number, note.ref_id
                    ),
                );
            }
            // References inside notes (a note citing another) link within the notes file.
            let mut inner = Vec::new();
            collect_refs(&note.blocks, &mut inner);
            for (number, id, _) in inner {
                match chapter.note(number) {
                    Some(target) if xhtml::is_safe_id(&id) && notes_file_ids.insert(id.clone()) => {
                        targets.insert(id, target.id.clone());
                    }
                    _ => error(
                        note.span.line,
                        note.span.col,
                        format!("note reference `{id}` inside a note cannot be linked"),
                    ),
                }
            }
        }
    }
    targets
}

/// Every figure must name an image the source loaded, under a key that
/// can name a file in the package.
fn check_figures(book: &Book, d: &mut Diagnostics) {
    for key in book.assets.images.keys() {
        if !xhtml::is_safe_id(key) {
            d.push(Diagnostic::error(
                "book.toml",
                0,
                0,
                format!("image key `{key}` cannot name a file in the EPUB"),
            ));
        }
    }
    for chapter in &book.chapters {
        let notes = chapter.notes.iter().flat_map(|n| &n.blocks);
        for block in chapter.blocks.iter().chain(notes) {
            block.walk(&mut |b| {
                if let Block::Figure { image, span, .. } = b {
                    if !book.assets.images.contains_key(&image.asset) {
                        d.push(Diagnostic::error(
                            &chapter.file,
                            span.line,
                            span.col,
                            format!("image `{}` was not loaded", image.src),
                        ));
                    }
                }
            });
        }
    }
}

type RefInfo = (u32, String, bool);

fn collect_refs(blocks: &[Block], out: &mut Vec<RefInfo>) {
    for block in blocks {
        block.for_each_inlines(&mut |content| collect_refs_in_inlines(content, out));
    }
}

fn collect_refs_in_inlines(inlines: &[Inline], out: &mut Vec<RefInfo>) {
    for inline in inlines {
        match inline {
            Inline::NoteRef { number, first, id } => out.push((*number, id.clone(), *first)),
            other => collect_refs_in_inlines(other.children(), out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::SeekFrom;

    /// A disk with room for `room` bytes: the write that would pass it
    /// fails, and every use after that is counted.
    struct FullDisk {
        file: Cursor<Vec<u8>>,
        room: usize,
        failed: bool,
        used_after_failing: usize,
    }

    impl Write for FullDisk {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.failed
                || self.file.get_ref().len().max(self.file.position() as usize) + buf.len()
                    > self.room
            {
                self.used_after_failing += usize::from(self.failed);
                self.failed = true;
                return Err(std::io::Error::other("no space left on device"));
            }
            self.file.write(buf)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Seek for FullDisk {
        fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
            self.used_after_failing += usize::from(self.failed);
            self.file.seek(to)
        }
    }

    /// A disk filling up in the middle of the archive fails the EPUB with
    /// a message; the unfinished zip writer, dropped, leaves the file alone.
    #[test]
    fn a_full_disk_fails_the_epub_once_and_touches_the_file_no_more() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/books/minimal");
        let (book, _) = crate::source::load_book(std::path::Path::new(dir)).unwrap();
        let whole = render(&book).unwrap().len();
        let mut disk = FullDisk {
            file: Cursor::new(Vec::new()),
            room: whole / 2,
            failed: false,
            used_after_failing: 0,
        };
        let failure = render_into(&book, None, &mut disk).unwrap_err();
        assert!(
            failure
                .to_string()
                .contains("could not write the EPUB archive: no space left"),
            "{failure}"
        );
        assert!(disk.failed);
        assert_eq!(disk.used_after_failing, 0);
    }

    #[test]
    fn timestamps_are_checked_by_shape() {
        assert!(is_timestamp("2024-01-02T03:04:05Z") && !is_timestamp("2024-01-02 03:04:05"));
    }
}
