//! Source loading: the only code that reads the book folder.
//!
//! Reads `book.toml`, the chapter files, the errata list, the cover, font
//! and figure image files; turns byte offsets into `file:line:col`; returns
//! the `model::Book`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::config::{self, Config};
use crate::dates;
use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::links;
use crate::markdown::{self, Keep};
use crate::model::{
    Assets, Author, Block, Bodies, Book, Contributor, EpubSettings, FontFiles, Inline, Isbns,
    Metadata, Series,
};
use crate::notes::{self, ChapterInput};
use crate::structure;

mod cache;
mod code_font;
mod errata;
mod fallback;
mod figures;
mod reread;
mod settings;
pub use cache::ParseCache;
use errata::load_errata;
pub use errata::parse_errata;
use fallback::fallback_font;
pub use figures::image_path;
use figures::load_images;
pub use settings::default_leading;
use settings::{labels, pdf_settings, read_bibliography};

/// Finds the book folder: `dir` if given, else `./book.toml`'s folder, else `source/`.
pub fn resolve_book_dir(dir: Option<&Path>) -> PathBuf {
    match dir {
        // `bookpack build path/to/book.toml`, a common habit, means its folder.
        Some(d) if d.file_name().is_some_and(|n| n == "book.toml") && d.is_file() => {
            match d.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            }
        }
        Some(d) => d.to_path_buf(),
        None if Path::new("book.toml").is_file() => PathBuf::from("."),
        None => PathBuf::from("source"),
    }
}

/// Loads and checks a whole book. Warnings come back with the book; any
/// error fails the load with every diagnostic found.
pub fn load_book(dir: &Path) -> Result<(Book, Diagnostics), Failure> {
    load(dir, None, Holding::Whole)
}

/// `load_book` for a build that sets the chapters one after the other:
/// each chapter is held as an outline and read and parsed again when an
/// edition asks for it whole (see [`crate::model::Bodies`]), so memory
/// holds a few chapters' text, not the book's. The same diagnostics, and
/// the same editions byte for byte.
pub fn load_book_to_build(dir: &Path) -> Result<(Book, Diagnostics), Failure> {
    load(dir, None, Holding::Outlines)
}

/// How a loaded book holds its chapters' text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holding {
    /// Every chapter whole, in `Book::chapters`.
    Whole,
    /// Outlines, each chapter read again when asked for.
    Outlines,
}

/// `load_book`, taking each chapter's parse from `cache` when its text
/// (and the book's language) is what it was: `bookpack watch` re-parses
/// only the files that changed. The book-wide passes (structure, note
/// numbering, heading ids, links, images) run on the whole book as ever.
pub fn load_book_with(
    dir: &Path,
    cache: Option<&mut ParseCache>,
) -> Result<(Book, Diagnostics), Failure> {
    load(dir, cache, Holding::Whole)
}

fn load(
    dir: &Path,
    cache: Option<&mut ParseCache>,
    holding: Holding,
) -> Result<(Book, Diagnostics), Failure> {
    let mut diags = Diagnostics::new();
    let toml_path = dir.join("book.toml");
    let toml_text = read_book_toml(&toml_path)?;
    let config = config::parse(&toml_text, &toml_path)?;

    // Each chapter read and parsed on its own (on every core unless the
    // watch cache serves it), the results taken in book order: the same
    // book and diagnostics on any number of threads.
    let language = config.language.get_ref();
    // With a bibliography, pandoc citations are read: a note style's
    // made notes.
    let mut bibliography = match read_bibliography(dir, &config, &toml_text, &toml_path) {
        Ok(bibliography) => bibliography,
        Err(d) => return Err(Failure::single(d)),
    };
    if let Some(works) = bibliography.as_mut() {
        let keys = settings::uncited_keys(works, &config, &toml_text, &toml_path, &mut diags);
        works.list_uncited(keys);
    }
    let cites = markdown::Reading {
        cites: match &bibliography {
            None => markdown::Citing::No,
            Some(works) if works.sets_notes() => markdown::Citing::AsNotes,
            Some(_) => markdown::Citing::InText,
        },
        macros: std::sync::Arc::new(config.math.macros()),
    };
    let cites = &cites;
    let read_one = |chapter: &toml::Spanned<String>, local: &mut Diagnostics| {
        let read = read_chapter(
            dir,
            chapter.get_ref(),
            chapter.span().start,
            &toml_text,
            &toml_path,
        );
        match read {
            Ok((path, text)) => {
                if text.trim().is_empty() {
                    // Set as a blank "Chapter N" without a word, though
                    // a file saved empty is nearly always a mistake.
                    local.push(
                        Diagnostic::warning(&path, 1, 1, "the chapter file is empty")
                            .with_hint("write the chapter, or remove it from `chapters` in book.toml (an unsaved or truncated file is the usual cause)"),
                    );
                }
                Some((path, text))
            }
            Err(d) => {
                local.push(d);
                None
            }
        }
    };
    let parse_one = |i: usize, reading: &markdown::Reading, local: &mut Diagnostics| {
        read_one(&config.chapters[i], local).and_then(|(path, text)| {
            let ((parsed, sites), print) = match holding {
                Holding::Whole => (parse_file(&text, &path, language, reading, local)?, 0),
                // The text goes; what it was is remembered.
                Holding::Outlines => (
                    parse_outline(&text, &path, language, reading, local)?,
                    reread::text_print(&text),
                ),
            };
            Some((parsed, sites, path, print))
        })
    };
    let mut cache = cache;
    // Each chapter parsed with `readings[i]`; the watch's cache may parse
    // one with the reading it had last time instead (`guess`), which it
    // writes back: after an edit, the definitions before a chapter are
    // nearly always those of the last build.
    let mut parse_all =
        |chapters: &[usize], readings: &mut [markdown::Reading], guess: bool| match cache
            .as_deref_mut()
        {
            Some(cache) => chapters
                .iter()
                .map(|&i| {
                    let mut local = Diagnostics::new();
                    let read = read_one(&config.chapters[i], &mut local);
                    let parsed = read.and_then(|(path, text)| {
                        if let Some(last) = cache.last_reading(&path).filter(|_| guess) {
                            readings[i] = last;
                        }
                        let (parsed, sites) =
                            cache.parse(&text, &path, language, &readings[i], &mut local)?;
                        Some((parsed, sites, path, 0))
                    });
                    (local, parsed)
                })
                .collect::<Vec<(Diagnostics, Option<Parsed>)>>(),
            None => crate::parallel::in_order(chapters.len(), |k| {
                let mut local = Diagnostics::new();
                let i = chapters[k];
                let parsed = parse_one(i, &readings[i], &mut local);
                (local, parsed)
            }),
        };
    let all: Vec<usize> = (0..config.chapters.len()).collect();
    let mut readings = vec![cites.clone(); all.len()];
    let mut loaded = parse_all(&all, &mut readings, true);
    // A formula's `\newcommand` holds for the rest of the book: the
    // chapters after the first that defines one are read again with the
    // definitions before them (rarely more than a preamble's few).
    let defined: Vec<&[crate::math::Definition]> = loaded
        .iter()
        .map(|(_, p)| p.as_ref().map_or(&[][..], |p| &p.0.math_definitions[..]))
        .collect();
    let incoming = readings_with_definitions(cites, &defined);
    drop(defined);
    let again: Vec<usize> = (0..all.len())
        .filter(|&i| incoming[i] != readings[i])
        .collect();
    readings = incoming;
    if !again.is_empty() {
        for (i, reloaded) in again.iter().zip(parse_all(&again, &mut readings, false)) {
            loaded[*i] = reloaded;
        }
    }
    let mut parsed_files = Vec::new();
    let mut char_sites = BTreeMap::new();
    let mut text_prints = Vec::new();
    for (chapter, (local, parsed)) in config.chapters.iter().zip(loaded) {
        diags.extend(local);
        if let Some((parsed, sites, path, print)) = parsed {
            char_sites.insert(chapter.get_ref().clone(), sites);
            parsed_files.push((parsed, chapter.get_ref().clone(), path));
            text_prints.push(print);
        }
    }
    if diags.has_errors() {
        return Err(Failure(diags));
    }
    let plans = structure::plan(&parsed_files.iter().map(|(p, _, _)| p).collect::<Vec<_>>());
    let mut inputs = parsed_files
        .into_iter()
        .zip(plans.clone())
        .map(|((parsed, file, display_path), plan)| ChapterInput {
            parsed,
            file,
            display_path,
            plan,
        })
        .collect::<Vec<_>>();
    let cite_found: Vec<crate::citations::ChapterCitations> = inputs
        .iter_mut()
        .map(|i| crate::citations::ChapterCitations {
            display_path: i.display_path.clone(),
            citations: std::mem::take(&mut i.parsed.citations),
        })
        .collect();
    let found: Vec<(PathBuf, Vec<crate::markdown::FoundLink>)> = inputs
        .iter_mut()
        .map(|i| (i.display_path.clone(), std::mem::take(&mut i.parsed.links)))
        .collect();
    let (mut chapters, note_starts) =
        notes::number_book(inputs, config.notes.numbering, &mut diags);
    // Heading ids first: links may name them.
    let former_ids = structure::heading_ids(
        &mut chapters,
        &found.iter().map(|(p, _)| p.as_path()).collect::<Vec<_>>(),
        &mut diags,
    );
    let found: Vec<links::FoundLinks> = found
        .iter()
        .map(|(display_path, links)| links::FoundLinks {
            display_path,
            links,
        })
        .collect();
    let policy = links::LinkPolicy::with_extra(
        config
            .links
            .allow_schemes
            .iter()
            .map(|s| s.get_ref().clone()),
    );
    // Figure and table numbers before links: an empty link prints its target's.
    let labels = labels(&config, &toml_path, &mut diags);
    let numbering = crate::captions::Numbering {
        figures: config.figures.numbering,
        tables: config.tables.numbering,
        listings: config.listings.numbering,
        theorems: config.theorems.numbering,
        shared_theorems: config.theorems.shared,
    };
    let caption_starts = crate::captions::number_book(&mut chapters, numbering, &labels);
    // Ids for the figures and tables the lists name, before links: a link
    // may name one as well.
    let lists = crate::model::Lists {
        figures: config.figures.list,
        tables: config.tables.list,
        listings: config.listings.list,
    };
    let in_use = structure::ids_in_use(&chapters);
    let list_ids = crate::lists::give_ids(&mut chapters, lists, in_use);
    let resolved = links::resolve_book(&mut chapters, &found, &former_ids, &policy, &mut diags);
    // Citations once every chapter's are known (numbers and "2014a" are
    // the whole book's); their links name the bibliography's entries.
    let cited = match (&bibliography, &config.bibliography.file) {
        (Some(works), Some(file)) => crate::citations::cite_book(
            &mut chapters,
            &cite_found,
            works,
            file.get_ref(),
            &mut diags,
        ),
        _ => {
            crate::citations::refs_unused(
                &chapters,
                &cite_found,
                "the book has no bibliography (`[bibliography] file` in book.toml)",
                &mut diags,
            );
            let none = crate::citations::Cited::default();
            chapters
                .iter_mut()
                .for_each(|c| crate::citations::apply(c, &none));
            vec![none; chapters.len()]
        }
    };
    if !config.code.highlight {
        chapters.iter_mut().for_each(crate::highlight::strip);
    }
    if config.code.line_numbers {
        chapters
            .iter_mut()
            .for_each(crate::model::Chapter::number_code_lines);
    }
    // The fonts first: an SVG figure's text is laid out with them.
    let mut assets = load_assets(dir, &config, &toml_text, &toml_path, &mut diags);
    let (images, image_keys) = load_images(dir, &mut chapters, &assets.fonts, &mut diags);
    let bodies = match holding {
        Holding::Whole => Bodies::Held,
        Holding::Outlines => {
            // What the book-wide passes gave an outline in words goes
            // again: the chapter gets it back when it is read again.
            for ((chapter, links), cited) in chapters.iter_mut().zip(&resolved).zip(&cited) {
                if !links.words.is_empty() || *cited != crate::citations::Cited::default() {
                    reread::outline_again(chapter);
                }
            }
            let recorded = chapters
                .iter_mut()
                .zip(plans)
                .zip(note_starts)
                .zip(resolved)
                .zip(caption_starts.into_iter().zip(list_ids))
                .zip(found.iter().zip(text_prints))
                .zip(cited)
                .map(
                    |(
                        (
                            ((((chapter, plan), notes), links), (captions, list_ids)),
                            (found, text_print),
                        ),
                        citations,
                    )| {
                        reread::Recorded {
                            path: found.display_path.to_path_buf(),
                            file: chapter.file.clone(),
                            text_print,
                            plan,
                            notes,
                            heading_ids: structure::heading_id_list(&mut chapter.blocks),
                            links,
                            captions,
                            list_ids,
                            citations,
                            code_tokens: crate::highlight::take(chapter),
                        }
                    },
                )
                .collect();
            Bodies::reread(std::sync::Arc::new(reread::Reread::new(
                language.clone(),
                readings,
                recorded,
                image_keys,
                labels.clone(),
                config.code.line_numbers,
            )))
        }
    };

    let errata = match &config.errata {
        Some(file) => load_errata(dir, file, &toml_text, &toml_path, &mut diags),
        None => Vec::new(),
    };
    assets.images = images;
    // book.toml's own: the title page's text and the book's labels come
    // from it, and a character no font has is shown where it is written.
    char_sites.insert(
        "book.toml".to_string(),
        crate::sites::CharSites::of(&toml_text),
    );
    assets.fonts.code_fallback = code_font::find(&assets.fonts, &char_sites);
    assets.char_sites = char_sites;
    let metadata = metadata(&config, &toml_path, &mut diags);
    if diags.has_errors() {
        return Err(Failure(diags));
    }
    let book = Book {
        metadata,
        chapters,
        errata,
        epub: EpubSettings {
            cover: config.epub.cover.as_ref().map(|c| c.get_ref().clone()),
        },
        pdf: pdf_settings(&config),
        labels,
        toc_depth: config.toc_depth.as_ref().map_or(2, |d| *d.get_ref() as u8),
        lists,
        code: crate::model::CodeSettings {
            highlight: config.code.highlight,
        },
        assets,
        bodies,
    };
    Ok((book, diags))
}

/// How each chapter is read: `base`, and the TeX commands the formulas
/// of the chapters before it define (`defined[i]`: chapter `i`'s, in
/// order), the later definition of a name winning, `\providecommand`
/// only for a name not yet defined. Chapters whose reading is `base`'s
/// share it.
fn readings_with_definitions(
    base: &markdown::Reading,
    defined: &[&[crate::math::Definition]],
) -> Vec<markdown::Reading> {
    let mut readings = Vec::with_capacity(defined.len());
    let mut current = base.clone();
    for definitions in defined {
        readings.push(current.clone());
        if definitions.is_empty() {
            continue;
        }
        let mut macros = (*current.macros).clone();
        for d in definitions.iter() {
            if !(d.only_if_new && macros.get(&d.name).is_some()) {
                macros.insert(&d.name, &d.body, d.arity);
            }
        }
        current = markdown::Reading {
            cites: current.cites,
            macros: std::sync::Arc::new(macros),
        };
    }
    readings
}

/// A chapter as parsed (an outline when the book holds outlines), where
/// each of its characters first occurs, its path as shown in messages,
/// and the fingerprint of its text when the book holds outlines (else 0).
type Parsed = (
    markdown::ParsedChapter,
    crate::sites::CharSites,
    PathBuf,
    u64,
);

/// The text of the chapter file `rel` (named in book.toml at byte `at`),
/// with Unix line ends, and its path; or why it cannot be read.
fn read_chapter(
    dir: &Path,
    rel: &str,
    at: usize,
    toml_text: &str,
    toml_path: &Path,
) -> Result<(PathBuf, String), Diagnostic> {
    // Only when there is something to say: counting lines up to every
    // chapter's entry made a long `chapters` list quadratic.
    let here = || config::line_col(toml_text, at);
    let path = safe_join(dir, rel).map_err(|why| {
        let (line, col) = here();
        Diagnostic::error(toml_path, line, col, format!("chapter {rel:?} {why}"))
            .with_hint("chapter paths are relative to the book folder and stay inside it")
    })?;
    let bytes = fs::read(&path).map_err(|e| {
        let (line, col) = here();
        let hint = if path.is_dir() {
            "it is a folder: list the chapter files in it one by one".to_string()
        } else if path.exists() {
            format!("check that {} is readable", path.display())
        } else {
            format!("check that {} exists, or fix `chapters`", path.display())
        };
        Diagnostic::error(
            toml_path,
            line,
            col,
            format!("cannot read chapter {rel:?}: {e}"),
        )
        .with_hint(hint)
    })?;
    let text = decode_utf8(&bytes, &path).map(unix_line_ends)?;
    Ok((path, text))
}

/// One chapter file's text parsed, its headings normalised and its
/// typography set in its language (`book_language` unless its front
/// matter names another), with where each non-ASCII character first
/// occurs. Depends on nothing but its arguments (the parse cache relies
/// on that).
fn parse_file(
    text: &str,
    path: &Path,
    book_language: &str,
    cites: &markdown::Reading,
    diags: &mut Diagnostics,
) -> Option<(markdown::ParsedChapter, crate::sites::CharSites)> {
    let parsed = parse_keeping(text, path, book_language, cites, Keep::Whole, diags)?;
    let sites = crate::sites::CharSites::of(text).with_code(parsed_blocks(&parsed));
    Some((parsed, sites))
}

/// A parsed chapter's blocks and its notes'.
fn parsed_blocks(parsed: &markdown::ParsedChapter) -> impl Iterator<Item = &crate::model::Block> {
    parsed
        .synopsis
        .iter()
        .chain(&parsed.blocks)
        .chain(parsed.notes.iter().flat_map(|n| &n.blocks))
}

/// [`parse_file`] made an outline ([`reread::outline`]), with the same
/// diagnostics. The text the outline drops is never typeset: a build
/// parses each chapter once for its outline and twice whole.
fn parse_outline(
    text: &str,
    path: &Path,
    book_language: &str,
    cites: &markdown::Reading,
    diags: &mut Diagnostics,
) -> Option<(markdown::ParsedChapter, crate::sites::CharSites)> {
    let mut parsed = parse_keeping(text, path, book_language, cites, Keep::Outline, diags)?;
    // Before the outline drops the code.
    let sites = crate::sites::CharSites::of(text).with_code(parsed_blocks(&parsed));
    reread::outline(&mut parsed);
    Some((parsed, sites))
}

/// [`parse_file`] without the characters' sites and its code's colours:
/// a chapter read again whole, whose sites were found and code coloured
/// when it was first read.
fn parse_again(
    text: &str,
    path: &Path,
    book_language: &str,
    cites: &markdown::Reading,
    diags: &mut Diagnostics,
) -> Option<markdown::ParsedChapter> {
    parse_keeping(text, path, book_language, cites, Keep::Again, diags)
}

fn parse_keeping(
    text: &str,
    path: &Path,
    book_language: &str,
    cites: &markdown::Reading,
    keep: Keep,
    diags: &mut Diagnostics,
) -> Option<markdown::ParsedChapter> {
    let mut parsed = markdown::parse_chapter_keeping(text, path, keep, cites, diags)?;
    structure::normalise_headings(&mut parsed.blocks, path, diags);
    if parsed.language.as_deref() == Some(book_language) {
        parsed.language = None;
    }
    localize_chapter(&mut parsed, book_language, keep);
    Some(parsed)
}

/// The text of `path`, a book's book.toml: when there is none, the error
/// says where bookpack looked and what to do (`bookpack build` in a
/// folder that is no book looked for `source/book.toml`, and said only
/// that it could not be read).
pub fn read_book_toml(path: &Path) -> Result<String, Failure> {
    let bytes = fs::read(path).map_err(|e| {
        let dir = path.parent().unwrap_or(Path::new("."));
        let diagnostic = if dir.is_file() {
            Diagnostic::error(dir, 0, 0, "a file, not a book's folder")
                .with_hint("give the folder that holds the book's book.toml")
        } else if e.kind() != std::io::ErrorKind::NotFound {
            Diagnostic::error(path, 0, 0, format!("cannot read: {e}"))
                .with_hint("check that the file is readable")
        } else if dir == Path::new("source") {
            Diagnostic::error(path, 0, 0, "no book here: neither ./book.toml nor source/book.toml exists")
                .with_hint("run bookpack in the book's folder, give it (`bookpack build path/to/book`), or make a book with `bookpack new`")
        } else if !dir.exists() {
            Diagnostic::error(dir, 0, 0, "no such folder")
                .with_hint("give the folder that holds the book's book.toml, or make a book there with `bookpack new`")
        } else {
            Diagnostic::error(path, 0, 0, format!("no book.toml in {}", dir.display()))
                .with_hint("give the folder that holds the book's book.toml, or make a book there with `bookpack new`")
        };
        Failure::single(diagnostic)
    })?;
    decode_utf8(&bytes, path).map_err(Failure::single)
}

/// UTF-8 text, or an error at the first invalid byte's line and column.
pub fn decode_utf8(bytes: &[u8], path: &Path) -> Result<String, Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(t.strip_prefix('\u{feff}').unwrap_or(t).to_string()),
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).expect("valid prefix");
            let (line, col) = config::line_col(valid, valid.len());
            Err(Diagnostic::error(
                path,
                line,
                col,
                format!(
                    "the file is not valid UTF-8 (byte 0x{:02X} at offset {})",
                    bytes[e.valid_up_to()],
                    e.valid_up_to()
                ),
            )
            .with_hint("save the file as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`"))
        }
    }
}

/// `text` with every line end a `\n`: Windows' `\r\n` and the old Mac's
/// lone `\r` (both CommonMark line ends) made one. The Markdown stages
/// split lines at `\n`, so a file of lone `\r`s read as one line: its
/// note definitions were not found and every position was on line 1.
/// Line and column numbers stay those an editor shows.
pub fn unix_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Why a path from book.toml may not be used, if it may not: it must be
/// relative, stay inside the book folder and use `/` only. A pure check,
/// shared with the EPUB writer's own defence.
pub fn unsafe_relative_path(rel: &str) -> Option<&'static str> {
    if rel.is_empty() {
        return Some("is empty");
    }
    if rel.contains(['\\', ':', '\0']) {
        return Some("holds `\\`, `:` or NUL; write a relative path with `/`");
    }
    for component in Path::new(rel).components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => return Some("leaves the book folder (`..`)"),
            Component::RootDir | Component::Prefix(_) => return Some("is an absolute path"),
        }
    }
    None
}

/// Joins a relative path to the book folder, refusing absolute paths and
/// `..` so nothing outside the book can be read into an edition.
pub fn safe_join(dir: &Path, rel: &str) -> Result<PathBuf, &'static str> {
    if let Some(why) = unsafe_relative_path(rel) {
        return Err(why);
    }
    let rel_path = Path::new(rel);
    let joined = dir.join(rel_path);
    // A symbolic link may still point outside: compare canonical paths.
    if let (Ok(base), Ok(target)) = (dir.canonicalize(), joined.canonicalize()) {
        if !target.starts_with(&base) {
            return Err("leaves the book folder (through a link)");
        }
    }
    Ok(joined)
}

fn load_assets(
    dir: &Path,
    config: &Config,
    toml_text: &str,
    toml_path: &Path,
    diags: &mut Diagnostics,
) -> Assets {
    let read =
        |spanned: &toml::Spanned<String>, what: &str, diags: &mut Diagnostics| -> Option<Vec<u8>> {
            let (line, col) = config::line_col(toml_text, spanned.span().start);
            let rel = spanned.get_ref();
            let result = safe_join(dir, rel)
                .map_err(|why| why.to_string())
                .and_then(|p| fs::read(&p).map_err(|e| e.to_string()));
            match result {
                Ok(bytes) => Some(bytes),
                Err(why) => {
                    diags.push(
                        Diagnostic::error(toml_path, line, col, format!("{what} {rel:?}: {why}"))
                            .with_hint("give a file inside the book folder, relative to book.toml"),
                    );
                    None
                }
            }
        };
    let cover_bytes = config
        .epub
        .cover
        .as_ref()
        .and_then(|c| Some((c, read(c, "cover image", &mut *diags)?)));
    // The fonts are the print edition's alone: what cannot be had of them
    // fails that edition, not the loading of the book.
    let mut unusable = Diagnostics::new();
    let f = &config.pdf.fonts;
    // A file that is no font is told at its key here: the print
    // edition's faces are loaded far from book.toml.
    let mut font = |p: &Option<toml::Spanned<String>>, key: &str| {
        let p = p.as_ref()?;
        let bytes = read(p, "font", &mut unusable)?;
        if crate::fonts::is_font(&bytes, 0) {
            return Some(bytes);
        }
        let (line, col) = config::line_col(toml_text, p.span().start);
        unusable.push(
            Diagnostic::error(
                toml_path,
                line,
                col,
                format!(
                    "[pdf] fonts.{key}: {:?} is not a TrueType or OpenType font",
                    p.get_ref()
                ),
            )
            .with_hint(
                "give a .ttf or .otf file, or remove the key to use the embedded EB Garamond",
            ),
        );
        None
    };
    let mut fonts = FontFiles {
        regular: font(&f.regular, "regular"),
        italic: font(&f.italic, "italic"),
        bold: font(&f.bold, "bold"),
        small_caps: font(&f.small_caps, "small-caps"),
        mono: font(&f.mono, "mono"),
        fallbacks: Vec::new(),
        code_fallback: None,
        unusable: Vec::new(),
    };
    for entry in &config.pdf.fallback_fonts {
        if let Some(found) = fallback_font(dir, entry, toml_text, toml_path, &mut unusable) {
            fonts.fallbacks.push(found);
        }
    }
    fonts.unusable = unusable.items().to_vec();
    // In book.toml's order, as the author reads them.
    fonts.unusable.sort_by_key(|d| (d.line, d.col));
    let cover = cover_bytes.and_then(|(c, bytes)| {
        let media = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            "image/png"
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            "image/jpeg"
        } else {
            let (line, col) = config::line_col(toml_text, c.span().start);
            diags.push(
                Diagnostic::error(
                    toml_path,
                    line,
                    col,
                    format!("cover image {:?} is neither PNG nor JPEG", c.get_ref()),
                )
                .with_hint("convert the cover to PNG or JPEG"),
            );
            return None;
        };
        // Retailers (Apple Books, Kobo, Google Play) ask for a cover 1,400
        // pixels wide at least; a smaller one is accepted but looks soft
        // on a tablet. A warning, at the `cover` key.
        if let Some((width, height)) = crate::images::dimensions(&bytes) {
            if width < MIN_COVER_WIDTH {
                let (line, col) = config::line_col(toml_text, c.span().start);
                diags.push(
                    Diagnostic::warning(
                        toml_path,
                        line,
                        col,
                        format!(
                            "cover image {:?} is {width} × {height} pixels, narrower than the {MIN_COVER_WIDTH} pixels e-book stores ask for",
                            c.get_ref()
                        ),
                    )
                    .with_hint("export the cover at 1400 × 2100 pixels or more (a 2:3 page)"),
                );
            }
        }
        Some((bytes, media.to_string()))
    });
    Assets {
        cover,
        fonts,
        images: BTreeMap::new(),
        char_sites: BTreeMap::new(),
    }
}

/// The narrowest cover, in pixels, that e-book stores accept without
/// complaint (Apple Books' and Kobo's 1,400; Standard Ebooks' covers are
/// 1,400 × 2,100).
const MIN_COVER_WIDTH: u32 = 1400;
// The cover bookpack draws when a book has none is as wide as it asks a
// book's own to be.
const _: () = assert!(crate::epub::cover::WIDTH >= MIN_COVER_WIDTH);

fn metadata(config: &Config, toml_path: &Path, diags: &mut Diagnostics) -> Metadata {
    let authors: Vec<Author> = config
        .authors
        .get_ref()
        .iter()
        .filter(|a| !a.trim().is_empty())
        .map(|name| Author {
            name: name.trim().to_string(),
            file_as: file_as(name.trim()),
        })
        .collect();
    let date = config.date.as_ref().map(|d| d.get_ref().clone());
    let sde = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .filter(|s| !s.is_empty());
    let modified = match dates::build_timestamp(sde.as_deref(), date.as_deref()) {
        Ok(m) => m,
        Err(why) => {
            diags.push(
                Diagnostic::error(toml_path, 0, 0, why)
                    .with_hint("unset SOURCE_DATE_EPOCH or give it seconds since 1970"),
            );
            dates::iso8601(0)
        }
    };
    let isbn = Isbns {
        ebook: config
            .isbn
            .ebook
            .as_ref()
            .map(|i| i.get_ref().trim().to_string()),
        print: config
            .isbn
            .print
            .as_ref()
            .map(|i| i.get_ref().trim().to_string()),
    };
    // The EPUB is identified by its own ISBN when it has one.
    let identifier_derived = config.identifier.is_none() && isbn.ebook.is_none();
    let identifier = config
        .identifier
        .clone()
        .unwrap_or_else(|| match &isbn.ebook {
            Some(ebook) => format!("urn:isbn:{}", config::isbn_digits(ebook)),
            None => derived_identifier(config.title.get_ref(), &authors),
        });
    let lang = config.language.get_ref().as_str();
    // Names are printed as the title is, typewriter apostrophes curled
    // (O’Neill, Devil’s Press); their sort keys and the derived
    // identifier (above, stable across versions) keep them as typed.
    let authors: Vec<Author> = authors
        .into_iter()
        .map(|a| Author {
            name: typeset(&a.name, lang),
            ..a
        })
        .collect();
    let contributors = config
        .contributors
        .iter()
        .filter(|c| !c.name.trim().is_empty())
        .map(|c| Contributor {
            name: typeset(&c.name, lang),
            file_as: file_as(c.name.trim()),
            role: c.role,
        })
        .collect();
    let series = config.series.as_ref().map(|s| Series {
        name: typeset(&s.name, lang),
        position: s.position.as_ref().map(|p| p.get_ref().text()),
    });
    Metadata {
        title: typeset(config.title.get_ref(), lang),
        subtitle: config.subtitle.as_deref().map(|s| typeset(s, lang)),
        slug: file_slug(config.title.get_ref(), toml_path.parent()),
        authors,
        language: config.language.get_ref().clone(),
        identifier,
        identifier_derived,
        publisher: config.publisher.as_deref().map(|s| typeset(s, lang)),
        date,
        modified,
        rights: config.rights.as_deref().map(|s| typeset(s, lang)),
        description: config.description.as_deref().map(|s| typeset(s, lang)),
        source: config.source.as_deref().map(|s| typeset(s, lang)),
        short_title: config.short_title.as_deref().map(|s| typeset(s, lang)),
        contributors,
        series,
        also_by: config
            .also_by
            .iter()
            .map(|t| typeset(t.get_ref(), lang))
            .collect(),
        isbn,
    }
}

/// Sets the chapter's quotes and spacing in its language (the book's
/// unless its front matter names another).
/// With [`Keep::Outline`], the body's text but for its headings and
/// captions is left as it is: the outline drops it.
fn localize_chapter(parsed: &mut markdown::ParsedChapter, book_language: &str, keep: Keep) {
    let lang = parsed
        .language
        .clone()
        .unwrap_or_else(|| book_language.to_string());
    crate::language::localize(&mut parsed.title, &lang);
    parsed.short_title = parsed.short_title.as_deref().map(|s| typeset(s, &lang));
    let mut localize = |inlines: &mut Vec<Inline>| crate::language::localize(inlines, &lang);
    for block in parsed.synopsis.iter_mut().chain(parsed.blocks.iter_mut()) {
        match keep {
            Keep::Whole | Keep::Again => block.for_each_inlines_mut(&mut localize),
            Keep::Outline => block.walk_mut(&mut |b| match b {
                Block::Heading { content, .. }
                | Block::Figure {
                    caption: content, ..
                }
                | Block::Table {
                    caption: content, ..
                } => localize(content),
                _ => {}
            }),
        }
    }
    for block in parsed.notes.iter_mut().flat_map(|n| n.blocks.iter_mut()) {
        block.for_each_inlines_mut(&mut localize);
    }
}

/// book.toml's prose in the book's typography: `"` and `'` as curly
/// quotes, then the language's own marks.
fn typeset(text: &str, language: &str) -> String {
    crate::language::localize_text(&crate::language::smarten(text.trim()), language)
}

/// `Enver Hoxha` → `Hoxha, Enver`; a single name stays as it is.
pub fn file_as(name: &str) -> String {
    match name.rsplit_once(' ') {
        Some((given, family)) => format!("{family}, {given}"),
        None => name.to_string(),
    }
}

/// The longest slug: a title of 100,000 letters made a file name the file
/// system refused (255 bytes at most), and a name needs only its first
/// words.
const SLUG_MAX: usize = 64;

/// The editions' file name: the title's slug, else (a title in a script
/// bookpack does not romanise: Hebrew, Chinese, …) the book folder's
/// name's, else `book`. `ספר הדוגמה` in a folder `sefer` gives `sefer`.
fn file_slug(title: &str, dir: Option<&Path>) -> String {
    let from_title = slug(title);
    if from_title != "book" || crate::ids::ascii_slug(title) == "book" {
        return from_title;
    }
    // `.`, `..` and `` name no folder until resolved.
    let dir = dir.map(|d| {
        if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        }
    });
    dir.and_then(|d| d.canonicalize().ok())
        .and_then(|d| d.file_name().map(|n| slug(&n.to_string_lossy())))
        .unwrap_or(from_title)
}

/// The editions' file name from a title: its [`crate::ids::ascii_slug`]
/// (`The Khrushchevites` → `the-khrushchevites`, `Война и мир` →
/// `voyna-i-mir`) cut to [`SLUG_MAX`] bytes at a word's end, else `book`.
/// A file name, so ASCII; headings' ids are [`crate::ids::heading_slug`]'s.
pub fn slug(title: &str) -> String {
    let mut out = crate::ids::ascii_slug(title);
    if out.len() > SLUG_MAX {
        // At a word's end if there is one: the title's first words.
        let mut cut = SLUG_MAX;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = out[..cut].rfind('-').filter(|&i| i > 0).unwrap_or(cut);
        out.truncate(cut);
    }
    if out.is_empty() {
        "book".into()
    } else {
        out
    }
}

/// A stable `urn:uuid:` from title and authors (FNV-1a, 128 bits, RFC 9562
/// version 8 "custom"), so the identifier never changes between builds.
pub fn derived_identifier(title: &str, authors: &[Author]) -> String {
    let mut key = title.trim().to_string();
    for a in authors {
        key.push('\u{1f}');
        key.push_str(&a.name);
    }
    let hash = |seed: u64| {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
        for b in key.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    };
    crate::ids::urn_uuid(8, hash(0), hash(0x9e37_79b9_7f4a_7c15))
}

#[cfg(test)]
mod tests;
