//! The import's files: reading raw chapters and writing chapter files and
//! book.toml, all or nothing.

use std::fs;
use std::path::{Path, PathBuf};

use super::format::toml_string;
use super::raw::decode_utf8;
use super::{book_toml, chapter_title, import_text, next_chapter, Imported};
use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::output::write_atomic;

/// What a whole-book import did.
#[derive(Debug)]
pub struct Outcome {
    /// The chapters, in number order.
    pub chapters: Vec<Imported>,
    /// Files written (chapters whose file already held the same text are
    /// not rewritten).
    pub written: Vec<PathBuf>,
    /// Warnings of every chapter, and about book.toml.
    pub warnings: Diagnostics,
}

/// Imports one raw chapter into `out_dir`: [`run_many`] with one file.
pub fn run(raw_path: &Path, out_dir: &Path, number: Option<u32>) -> Result<Outcome, Failure> {
    run_many(&[raw_path.to_path_buf()], out_dir, number)
}

/// Reads and imports every raw chapter, then writes one Markdown file each
/// into `out_dir` and lists them in its `book.toml`: a new one, or the
/// existing one with the new chapters added to `chapters` (nothing else in
/// it changes). An error in any file writes nothing.
///
/// A chapter is numbered by its `Next: N. …` line (it is N − 1), else as
/// the one before it plus one (the last chapter has no next), else by its
/// place in `raws`; `number` numbers a single chapter. An existing chapter
/// file with different content is not overwritten: it is most likely the
/// hand-corrected edition, and an import must never destroy that work.
pub fn run_many(raws: &[PathBuf], out_dir: &Path, number: Option<u32>) -> Result<Outcome, Failure> {
    let mut errors = Diagnostics::new();
    if number.is_some() && raws.len() > 1 {
        errors.push(
            Diagnostic::error(&raws[1], 0, 0, "`--number` numbers a single chapter")
                .with_hint("import several chapters without it: each is numbered from its `Next:` line or its order"),
        );
        return Err(Failure(errors));
    }
    let mut texts: Vec<(String, &Path)> = Vec::new();
    for raw_path in raws {
        match fs::read(raw_path) {
            Ok(bytes) => match decode_utf8(&bytes, raw_path) {
                // Said as such: an empty file was told it had no
                // `Next: N.` line to number it by.
                Ok(t) if t.trim().is_empty() => errors.push(
                    Diagnostic::error(raw_path, 0, 0, "the file is empty").with_hint(
                        "give the scraped chapter's text file; it may not have been saved",
                    ),
                ),
                Ok(t) => texts.push((t.to_string(), raw_path)),
                Err(Failure(d)) => errors.extend(d),
            },
            Err(e) => errors.push(Diagnostic::error(
                raw_path,
                0,
                0,
                format!("cannot read the file: {e}"),
            )),
        }
    }
    // Numbers: a chapter's own `Next: N.` line says it is N − 1; a chapter
    // without one (the last) is the one another's `Next:` line names by
    // title; failing that, the one after the chapter given before it.
    let nexts: Vec<Option<(u32, String)>> = texts.iter().map(|(t, _)| next_chapter(t)).collect();
    let mut chapters: Vec<(Imported, &Path)> = Vec::new();
    let mut previous: Option<u32> = None;
    for (i, (text, raw_path)) in texts.iter().enumerate() {
        let named = chapter_title(text).and_then(|title| {
            nexts
                .iter()
                .flatten()
                .find(|(_, t)| t.eq_ignore_ascii_case(&title))
                .map(|(n, _)| *n)
        });
        let n = number
            .or_else(|| {
                nexts[i]
                    .as_ref()
                    .and_then(|(n, _)| n.checked_sub(1))
                    .filter(|&n| n > 0)
            })
            .or(named)
            .or(previous.map(|p| p + 1))
            .or((raws.len() > 1).then_some(i as u32 + 1));
        match import_text(text, raw_path, n) {
            Ok(imported) => {
                previous = Some(imported.number);
                chapters.push((imported, raw_path));
            }
            Err(Failure(d)) => errors.extend(d),
        }
    }
    chapters.sort_by_key(|(c, _)| c.number);
    for pair in chapters.windows(2) {
        if pair[0].0.number == pair[1].0.number {
            errors.push(
                Diagnostic::error(
                    pair[1].1,
                    0,
                    0,
                    format!(
                        "chapter {} again: {} is chapter {} too",
                        pair[1].0.number,
                        pair[0].1.display(),
                        pair[0].0.number
                    ),
                )
                .with_hint("each raw chapter must have its own number (from its `Next:` line)"),
            );
        }
    }

    // What to write: chapter files that are new, and book.toml.
    let mut writes: Vec<(PathBuf, String)> = Vec::new();
    for (c, _) in &chapters {
        let path = out_dir.join(&c.chapter_file);
        match fs::read(&path) {
            Ok(existing) if existing == c.markdown.as_bytes() => {}
            Ok(_) => errors.push(
                Diagnostic::error(&path, 0, 0, "the chapter file already exists and differs from this import; not overwriting it")
                    .with_hint("it may hold hand corrections: import into another folder (`-o DIR`) and compare, or remove the file first"),
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => writes.push((path, c.markdown.clone())),
            Err(e) => errors.push(Diagnostic::error(&path, 0, 0, format!("cannot read: {e}"))),
        }
    }
    if !errors.is_empty() {
        return Err(Failure(errors));
    }
    let mut warnings = Diagnostics::new();
    for (c, _) in &chapters {
        warnings.extend(c.warnings.clone());
    }
    let files: Vec<String> = chapters
        .iter()
        .map(|(c, _)| c.chapter_file.clone())
        .collect();
    let toml_path = out_dir.join("book.toml");
    match fs::read(&toml_path) {
        Ok(bytes) => {
            let text = decode_utf8(&bytes, &toml_path)?;
            if let Some(updated) = add_chapters(text, &files, &toml_path)? {
                writes.push((toml_path, updated));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let Some((first, _)) = chapters.first() else {
                return Ok(Outcome {
                    chapters: Vec::new(),
                    written: Vec::new(),
                    warnings,
                });
            };
            for (c, path) in &chapters[1..] {
                if (c.book_title.as_str(), c.author.as_str())
                    != (first.book_title.as_str(), first.author.as_str())
                {
                    warnings.push(
                        Diagnostic::warning(*path, 1, 1, format!("this chapter is of `{}` by {}; book.toml takes `{}` by {} from the first", c.book_title, c.author, first.book_title, first.author))
                            .with_hint("check that the chapters belong to one book"),
                    );
                }
            }
            writes.push((
                toml_path,
                book_toml(&first.book_title, &first.author, &first.language, &files),
            ));
        }
        Err(e) => {
            return Err(Failure::single(Diagnostic::error(
                &toml_path,
                0,
                0,
                format!("cannot read: {e}"),
            )))
        }
    }

    let mut written = Vec::new();
    for (path, text) in &writes {
        if let Err(e) = write_atomic(path, text.as_bytes()) {
            // Keep the promise that a failed run leaves nothing behind
            // (book.toml, written last, was not touched).
            for p in &written {
                let _ = fs::remove_file(p);
            }
            return Err(Failure::single(Diagnostic::error(
                path,
                0,
                0,
                format!("cannot write: {e}"),
            )));
        }
        written.push(path.clone());
    }
    Ok(Outcome {
        chapters: chapters.into_iter().map(|(c, _)| c).collect(),
        written,
        warnings,
    })
}

/// `text` (an existing book.toml) with `files` added to the end of its
/// `chapters` list, each once; `None` when all are listed already. The
/// rest of the file, comments and all, is kept as it is.
fn add_chapters(text: &str, files: &[String], path: &Path) -> Result<Option<String>, Failure> {
    #[derive(serde::Deserialize)]
    struct Listed {
        chapters: Option<toml::Spanned<Vec<toml::Spanned<String>>>>,
    }
    let listed: Listed = toml::from_str(text).map_err(|e| {
        let (line, col) = e
            .span()
            .map_or((0, 0), |s| crate::config::line_col(text, s.start));
        Failure::single(
            Diagnostic::error(
                path,
                line,
                col,
                format!("cannot add the chapters: {}", e.message().trim()),
            )
            .with_hint("fix book.toml first; the import changes nothing until it can add to it"),
        )
    })?;
    let have: Vec<&str> = listed
        .chapters
        .as_ref()
        .map(|c| c.get_ref().iter().map(|s| s.get_ref().as_str()).collect())
        .unwrap_or_default();
    let new: Vec<String> = files
        .iter()
        .filter(|f| !have.contains(&f.as_str()))
        .map(|f| toml_string(f))
        .collect();
    if new.is_empty() {
        return Ok(None);
    }
    let mut out = text.to_string();
    match &listed.chapters {
        Some(list) => {
            // Just before the closing bracket of the array.
            let close = list.span().end - 1;
            let before = text[..close].trim_end();
            let sep = if before.ends_with('[') {
                ""
            } else if before.ends_with(',') {
                " "
            } else {
                ", "
            };
            let insert = format!("{sep}{}", new.join(", "));
            out.insert_str(before.len(), &insert);
        }
        None => {
            // A top-level key must come before the first table.
            let at = text
                .lines()
                .scan(0, |offset, l| {
                    let start = *offset;
                    *offset += l.len() + 1;
                    Some((start, l))
                })
                .find(|(_, l)| l.trim_start().starts_with('['))
                .map_or(text.len(), |(s, _)| s);
            let sep = if at > 0 && !text[..at].ends_with('\n') {
                "\n"
            } else {
                ""
            };
            out.insert_str(at, &format!("{sep}chapters = [{}]\n", new.join(", ")));
        }
    }
    Ok(Some(out))
}
