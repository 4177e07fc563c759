//! The e-reader edition: turns a `model::Book` into the bytes of an EPUB 3 file.
//!
//! `render` checks what it is given (ids, dates, language, cover), then
//! writes the pages (cover, title page, imprint, contents, one file per
//! chapter, endnotes) and hands them to `package` for the OPF, NCX and zip.
//! No I/O: the cover's bytes arrive in `book.assets`.

mod cache;
mod cover;
mod nav;
mod notes;
mod package;
mod pages;
mod xhtml;

use std::collections::{BTreeMap, BTreeSet};

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

/// Fixed file names in the package; chapter files may not take them.
const COVER_PAGE: &str = "cover.xhtml";
const TITLE_PAGE: &str = "title.xhtml";
const IMPRINT_PAGE: &str = "imprint.xhtml";
const NAV: &str = "nav.xhtml";
const NCX: &str = "toc.ncx";
const CSS: &str = "style.css";
const RESERVED_STEMS: [&str; 7] = ["cover", "title", "imprint", "nav", "toc", "style", "notes"];

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
pub fn render_with(book: &Book, mut cache: Option<&mut EntryCache>) -> Result<Vec<u8>, Failure> {
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
    let image_files: BTreeMap<String, String> = book
        .assets
        .images
        .iter()
        .map(|(key, image)| {
            (
                key.clone(),
                format!("images/{key}.{}", image.format.extension()),
            )
        })
        .collect();
    let links = Links {
        notes_file: notes::FILE,
        chapter_files: &by_id,
        note_targets: &note_targets,
        images: &image_files,
    };

    let (cover_bytes, cover_type) = match cover {
        Some(c) => c,
        None => {
            let png = cover::generate(&book.metadata).ok_or_else(|| {
                Failure::single(Diagnostic::error(
                    "book.toml",
                    0,
                    0,
                    "could not draw the generated cover",
                ))
            })?;
            (png, "image/png".to_string())
        }
    };
    let cover_image = if cover_type == "image/jpeg" {
        "cover.jpg"
    } else {
        "cover.png"
    };

    let mut items = Vec::new();
    let page = |name: &str, html: String, properties: Option<&'static str>| Item {
        name: name.to_string(),
        media_type: "application/xhtml+xml".to_string(),
        data: html.into_bytes(),
        properties,
        in_spine: true,
    };
    items.push(page(COVER_PAGE, pages::cover_page(book, cover_image), None));
    items.push(page(TITLE_PAGE, pages::title_page(book), None));
    items.push(page(IMPRINT_PAGE, pages::imprint_page(book), None));

    let toc = nav::toc(book, &chapter_files, TITLE_PAGE, IMPRINT_PAGE);
    let landmarks = nav::landmarks(book, &chapter_files, COVER_PAGE, TITLE_PAGE, NAV);
    let has_notes = notes::has_notes(book);
    items.push(page(
        NAV,
        package::nav_document(book, &toc, &landmarks),
        Some("nav"),
    ));

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
    for (index, (chapter, file)) in book.chapters.iter().zip(&chapter_files).enumerate() {
        let render = || pages::chapter_page(book, chapter, &links);
        let html = match (cache.as_deref_mut(), &keys) {
            (Some(cache), Some(keys)) => cache.page(keys[index], render),
            _ => render(),
        };
        items.push(page(file, html, None));
    }
    if has_notes {
        let html = notes::render(book, &links, |i| chapter_files[i].clone());
        items.push(page(notes::FILE, html, None));
    }
    items.push(Item {
        name: NCX.into(),
        media_type: "application/x-dtbncx+xml".into(),
        data: package::ncx(book, &toc).into_bytes(),
        properties: None,
        in_spine: false,
    });
    items.push(Item {
        name: CSS.into(),
        media_type: "text/css".into(),
        data: stylesheet(book).into_bytes(),
        properties: None,
        in_spine: false,
    });
    items.push(Item {
        name: cover_image.into(),
        media_type: cover_type,
        data: cover_bytes,
        properties: Some("cover-image"),
        in_spine: false,
    });

    for (key, image) in &book.assets.images {
        items.push(Item {
            name: image_files[key].clone(),
            media_type: image.format.media_type().to_string(),
            data: image.bytes.as_ref().clone(),
            properties: None,
            in_spine: false,
        });
    }

    let opf = package::opf(book, &items);
    let zipped = package::zip(book, &items, &opf, cache.as_deref_mut());
    if let Some(cache) = cache {
        cache.end();
    }
    zipped.map_err(|e| {
        Failure::single(Diagnostic::error(
            "book.toml",
            0,
            0,
            format!("could not write the EPUB archive: {e}"),
        ))
    })
}

/// The book's stylesheet: the base rules, and those for figures, tables,
/// definition lists and inline extensions when the book uses them.
fn stylesheet(book: &Book) -> String {
    let mut css = STYLESHEET.to_string();
    let rich = book.any_block(&|b| {
        let mut rich = matches!(
            b,
            Block::Figure { .. } | Block::Table { .. } | Block::DefinitionList { .. }
        );
        b.for_each_inlines(&mut |inlines| rich |= has_extension(inlines));
        rich
    });
    if rich {
        css.push_str(CONTENT_STYLES);
    }
    let m = &book.metadata;
    if !m.contributors.is_empty()
        || m.series.is_some()
        || book.chapters.iter().any(|c| c.kind != ChapterKind::Chapter)
    {
        css.push_str(STRUCTURE_STYLES);
    }
    css
}

fn has_extension(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| {
        matches!(
            i,
            Inline::Strikethrough { .. } | Inline::Superscript { .. } | Inline::Subscript { .. }
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
fn check_cover(book: &Book, d: &mut Diagnostics) -> Option<(Vec<u8>, String)> {
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
    Some((bytes.clone(), media_type.clone()))
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
            if !xhtml::is_safe_id(id) || !page_ids.insert(id.to_string()) {
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
            match chapter.notes.iter().find(|n| n.number == *number) {
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
        for note in &chapter.notes {
            if !xhtml::is_safe_id(&note.id) || !notes_file_ids.insert(note.id.clone()) {
                error(
                    note.span.line,
                    note.span.col,
                    format!("note id `{}` is not a plain, unique name", note.id),
                );
            }
            if !refs
                .iter()
                .chain(&in_notes)
                .any(|(n, id, first)| *n == note.number && *first && *id == note.ref_id)
            {
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
                match chapter.notes.iter().find(|n| n.number == number) {
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

    #[test]
    fn timestamps_are_checked_by_shape() {
        assert!(is_timestamp("2024-01-02T03:04:05Z") && !is_timestamp("2024-01-02 03:04:05"));
    }
}
