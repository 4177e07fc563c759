//! Import: turn a raw scraped plain-text chapter into a Markdown chapter with footnotes.
//!
//! The raw shape (see `DESIGN.md`, "The first book"): the author, the book
//! title, the chapter title and a synopsis paragraph as the first four
//! non-blank lines; then body paragraphs, one per line; then a `Notes`
//! heading with `1. text` … definitions; optionally a `Next: 13. …`
//! navigation line, which is not part of the book. Note markers are digits
//! glued to the word or the closing punctuation they follow (`pokushenie1`,
//! `njet,”3`), so they are searched for in sequence: marker 2 must come after
//! marker 1, which keeps `U-2`, `20-25`, `1957` and `28th` out.
//!
//! `import_text` is pure; `run` adds the file reading and atomic writing.

mod files;
mod format;
mod markers;
mod raw;
#[cfg(test)]
mod tests;

use std::fmt::Write as _;
use std::path::Path;

pub use files::{run, run_many, Outcome};
pub(crate) use format::fold_accent;

use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use format::{escape_inline, escape_line_start, guess_language, slug, toml_string};
use markers::{find_markers, warn_unused_glued_digits, Marker};
use raw::{is_notes_heading, leading_number, non_blank_lines, parse_notes, RawLine};

/// The result of importing one raw chapter.
#[derive(Debug, Clone)]
pub struct Imported {
    /// File name of the chapter, e.g. `12-from-bucharest-to-moscow.md`.
    pub chapter_file: String,
    /// The chapter in the book source format (front matter, heading,
    /// synopsis block, paragraphs, footnote definitions).
    pub markdown: String,
    /// A `book.toml` for a new book holding just this chapter.
    pub book_toml: String,
    /// The chapter number (inferred from `Next: N.` or given).
    pub number: u32,
    /// How many notes (and so note references) the chapter has.
    pub notes: usize,
    /// The book's title, author and language as the raw text gives them.
    pub book_title: String,
    pub author: String,
    pub language: String,
    /// Things worth a look that did not stop the import.
    pub warnings: Diagnostics,
}

/// Converts the raw chapter text into Markdown. `raw_path` only names the
/// file in diagnostics; `number` overrides the inferred chapter number.
pub fn import_text(raw: &str, raw_path: &Path, number: Option<u32>) -> Result<Imported, Failure> {
    let mut warnings = Diagnostics::new();
    let lines = non_blank_lines(raw);

    // The navigation line is the last non-blank line, after the notes; it is
    // the scraping site's, not the book's.
    let mut content: &[RawLine] = &lines;
    let mut next_chapter: Option<(u32, &RawLine)> = None;
    if let Some((last, rest)) = content.split_last() {
        if let Some(after) = last.text.strip_prefix("Next:") {
            next_chapter = leading_number(after.trim_start()).map(|n| (n, last));
            content = rest;
        }
    }

    let number = match (number, next_chapter) {
        (Some(n), _) => n,
        (None, Some((n, _))) if n > 1 => n - 1,
        (None, Some((n, line))) => {
            return Err(Failure::single(
                Diagnostic::error(raw_path, line.line, line.col, format!("the navigation line names chapter {n}, so this chapter's number cannot be inferred"))
                    .with_hint("give the chapter number with `--number N`"),
            ))
        }
        (None, None) => {
            return Err(Failure::single(
                Diagnostic::error(raw_path, 0, 0, "cannot infer the chapter number: there is no `Next: N. …` line with a number")
                    .with_hint("give the chapter number with `--number N`"),
            ))
        }
    };

    // Split at the `Notes` heading.
    let notes_at = content.iter().position(|l| is_notes_heading(l.text));
    let (front, note_lines) = match notes_at {
        Some(i) => (&content[..i], &content[i + 1..]),
        None => (content, &content[content.len()..]),
    };

    if front.len() < 4 {
        let (line, col) = front.last().map_or((0, 0), |l| (l.line, l.col));
        return Err(Failure::single(
            Diagnostic::error(raw_path, line, col, "too few lines for a chapter: expected the author, the book title, the chapter title and a synopsis before the text")
                .with_hint("the raw text should start with the author (line 1), the book title and the chapter title, each on its own line"),
        ));
    }
    let author = front[0].text;
    let book_title = front[1].text;
    let chapter_title = without_own_number(front[2].text, number);
    // Paragraph 0 is the synopsis; markers may sit in it too.
    let paragraphs: Vec<&RawLine> = front[3..].iter().collect();

    let defs = parse_notes(note_lines, raw_path)?;
    for pair in defs.windows(2) {
        if pair[0].text == pair[1].text {
            warnings.push(
                Diagnostic::warning(
                    raw_path,
                    pair[1].line,
                    pair[1].col,
                    format!(
                        "notes {} and {} have the same text",
                        pair[0].number, pair[1].number
                    ),
                )
                .with_hint(
                    "kept both; check the original edition if one of them is a copying error",
                ),
            );
        }
    }

    let markers = find_markers(&paragraphs, &defs, raw_path)?;
    warn_unused_glued_digits(&paragraphs, &markers, raw_path, &mut warnings);

    let mut md = String::new();
    let _ = writeln!(md, "+++\nnumber = {number}\n+++\n");
    let _ = writeln!(md, "# {}\n", escape_inline(chapter_title));
    let mut per_para: Vec<Vec<(usize, Marker)>> = vec![Vec::new(); paragraphs.len()];
    for (i, m) in markers.iter().enumerate() {
        per_para[m.para].push((i + 1, *m));
    }
    for (p, para) in paragraphs.iter().enumerate() {
        let mut out = String::new();
        let mut pos = 0;
        for (n, m) in &per_para[p] {
            out.push_str(&escape_inline(&para.text[pos..m.start]));
            let _ = write!(out, "[^{n}]");
            pos = m.end;
        }
        out.push_str(&escape_inline(&para.text[pos..]));
        let out = escape_line_start(&out);
        if p == 0 {
            let _ = writeln!(md, "::: synopsis\n{out}\n:::\n");
        } else {
            let _ = writeln!(md, "{out}\n");
        }
    }
    for def in &defs {
        let _ = writeln!(md, "[^{}]: {}\n", def.number, escape_inline(def.text));
    }
    // One newline at the end of the file, not a blank line.
    while md.ends_with("\n\n") {
        md.pop();
    }

    let chapter_file = format!("{number:02}-{}.md", slug(chapter_title));
    let language = guess_language(&paragraphs);
    if language == "und" {
        warnings.push(
            Diagnostic::warning(
                raw_path,
                0,
                0,
                "could not tell the text's language; book.toml says `und`",
            )
            .with_hint("set `language` in book.toml to the BCP 47 tag, e.g. `en-GB`"),
        );
    }
    let book_toml = book_toml(
        book_title,
        author,
        language,
        std::slice::from_ref(&chapter_file),
    );

    Ok(Imported {
        chapter_file,
        markdown: md,
        book_toml,
        number,
        notes: defs.len(),
        book_title: book_title.to_string(),
        author: author.to_string(),
        language: language.to_string(),
        warnings,
    })
}

/// A chapter title without the chapter's own number before it (`3. The
/// Composing Room` for chapter 3): the editions number chapters
/// themselves, so it read "chapter 3 / 3. The Composing Room". Another
/// number stays (`1984`, a title that is a year).
fn without_own_number(title: &str, number: u32) -> &str {
    let Some(rest) = title.strip_prefix(&number.to_string()) else {
        return title;
    };
    let rest = rest.trim_start_matches(['.', ':', ')']);
    let rest = rest
        .trim_start()
        .trim_start_matches(['–', '—', '-'])
        .trim_start();
    if rest.len() < title.len() && rest.chars().next().is_some_and(char::is_alphabetic) {
        rest
    } else {
        title
    }
}

/// What a raw text's `Next: N. Title` line names: the next chapter's
/// number and title (so this chapter is N − 1).
pub fn next_chapter(raw: &str) -> Option<(u32, String)> {
    let lines = non_blank_lines(raw);
    let after = lines.last()?.text.strip_prefix("Next:")?.trim_start();
    let n = leading_number(after)?;
    let title = after.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    Some((n, title.trim().to_string()))
}

/// The chapter title of a raw text (its third non-blank line).
pub fn chapter_title(raw: &str) -> Option<String> {
    non_blank_lines(raw).get(2).map(|l| l.text.to_string())
}

/// A new book.toml listing `chapters`.
pub(crate) fn book_toml(title: &str, author: &str, language: &str, chapters: &[String]) -> String {
    let list: Vec<String> = chapters.iter().map(|c| toml_string(c)).collect();
    format!(
        "# Written by `bookpack import`; edit freely. See README.md for every key.\n\
         title = {}\n\
         authors = [{}]\n\
         # Only the base language can be told from the text; add the region if known (e.g. en-GB).\n\
         language = {}\n\
         chapters = [{}]\n",
        toml_string(title),
        toml_string(author),
        toml_string(language),
        list.join(", "),
    )
}
