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

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::output::write_atomic;

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
    /// Things worth a look that did not stop the import.
    pub warnings: Diagnostics,
}

/// One non-blank line of the raw text, trimmed, with its 1-based line number.
#[derive(Debug, Clone)]
struct RawLine<'a> {
    line: u32,
    /// Column (1-based, in characters) where `text` starts in the raw line.
    col: u32,
    text: &'a str,
}

/// A note definition from the `Notes` section.
#[derive(Debug)]
struct NoteDef<'a> {
    number: u32,
    line: u32,
    col: u32,
    text: &'a str,
}

/// Where a marker was found: paragraph index, byte range of its digits.
#[derive(Debug, Clone, Copy)]
struct Marker {
    para: usize,
    start: usize,
    end: usize,
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
    let chapter_title = front[2].text;
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
    let book_toml = format!(
        "# Written by `bookpack import`; edit freely. See README.md for every key.\n\
         title = {}\n\
         authors = [{}]\n\
         # Only the base language can be told from the text; add the region if known (e.g. en-GB).\n\
         language = {}\n\
         chapters = [{}]\n",
        toml_string(book_title),
        toml_string(author),
        toml_string(language),
        toml_string(&chapter_file),
    );

    Ok(Imported {
        chapter_file,
        markdown: md,
        book_toml,
        number,
        notes: defs.len(),
        warnings,
    })
}

/// Reads `raw_path`, imports it and writes the chapter (and `book.toml`, if
/// `out_dir` has none) into `out_dir`. Returns the files written. On any
/// error nothing is written.
///
/// An existing chapter file with different content is not overwritten: it is
/// most likely the hand-corrected edition, and an import must never destroy
/// that work.
pub fn run(
    raw_path: &Path,
    out_dir: &Path,
    number: Option<u32>,
) -> Result<(Imported, Vec<PathBuf>), Failure> {
    let bytes = fs::read(raw_path).map_err(|e| {
        Failure::single(Diagnostic::error(
            raw_path,
            0,
            0,
            format!("cannot read the file: {e}"),
        ))
    })?;
    let raw = decode_utf8(&bytes, raw_path)?;
    let mut imported = import_text(raw, raw_path, number)?;

    let chapter_path = out_dir.join(&imported.chapter_file);
    let toml_path = out_dir.join("book.toml");
    let io_error = |path: &Path, e: std::io::Error| {
        Failure::single(Diagnostic::error(path, 0, 0, format!("cannot write: {e}")))
    };

    let chapter_existed = match fs::read(&chapter_path) {
        Ok(existing) if existing == imported.markdown.as_bytes() => true,
        Ok(_) => {
            return Err(Failure::single(
                Diagnostic::error(&chapter_path, 0, 0, "the chapter file already exists and differs from this import; not overwriting it")
                    .with_hint("it may hold hand corrections: import into another folder (`-o DIR`) and compare, or remove the file first"),
            ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(Failure::single(Diagnostic::error(&chapter_path, 0, 0, format!("cannot read: {e}")))),
    };
    let write_toml = !toml_path.exists();

    let mut written = Vec::new();
    if !chapter_existed {
        write_atomic(&chapter_path, imported.markdown.as_bytes())
            .map_err(|e| io_error(&chapter_path, e))?;
        written.push(chapter_path.clone());
    }
    if write_toml {
        if let Err(e) = write_atomic(&toml_path, imported.book_toml.as_bytes()) {
            // Keep the promise that a failed run leaves nothing behind.
            if !chapter_existed {
                let _ = fs::remove_file(&chapter_path);
            }
            return Err(io_error(&toml_path, e));
        }
        written.push(toml_path);
    } else {
        imported.warnings.push(
            Diagnostic::warning(&toml_path, 0, 0, "book.toml exists; left unchanged").with_hint(
                format!(
                    "add \"{}\" to its `chapters` list if it is not there yet",
                    imported.chapter_file
                ),
            ),
        );
    }
    Ok((imported, written))
}

/// Decodes UTF-8, or reports the first bad byte as `file:line:col`.
fn decode_utf8<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str, Failure> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        // The valid prefix is UTF-8 by definition, so this cannot fail.
        let good = std::str::from_utf8(good).unwrap_or_default();
        // Same line:col convention (characters, 1-based) as the book loader.
        let (line, col) = crate::config::line_col(good, good.len());
        Failure::single(
            Diagnostic::error(
                path,
                line,
                col,
                format!("not valid UTF-8 (byte 0x{:02X})", bytes[e.valid_up_to()]),
            )
            .with_hint("convert the file to UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`"),
        )
    })
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The non-blank lines, trimmed. A line of only spaces or no-break spaces
/// (the scraped page's spacer) counts as blank.
fn non_blank_lines(raw: &str) -> Vec<RawLine<'_>> {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    raw.split('\n')
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let text = line.trim();
            if text.is_empty() {
                return None;
            }
            let lead = &line[..line.len() - line.trim_start().len()];
            Some(RawLine {
                line: to_u32(i + 1),
                col: to_u32(lead.chars().count() + 1),
                text,
            })
        })
        .collect()
}

/// `Notes`, as the scraped pages head their note list (also `NOTES`, `Notes:`).
fn is_notes_heading(line: &str) -> bool {
    line.strip_suffix(':')
        .unwrap_or(line)
        .eq_ignore_ascii_case("notes")
}

/// The decimal number at the start of `s`, if any.
fn leading_number(s: &str) -> Option<u32> {
    let digits: &str = &s[..s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len())];
    digits.parse().ok()
}

/// Parses `N. text` note definitions, numbered 1, 2, … without gaps.
fn parse_notes<'a>(lines: &[RawLine<'a>], path: &Path) -> Result<Vec<NoteDef<'a>>, Failure> {
    let mut defs: Vec<NoteDef> = Vec::new();
    for l in lines {
        let digits = l
            .text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(l.text.len());
        let n = if digits > 0 && l.text[digits..].starts_with('.') {
            l.text[..digits].parse::<u32>().ok()
        } else {
            None
        };
        let Some(n) = n else {
            return Err(Failure::single(
                Diagnostic::error(path, l.line, l.col, "expected a numbered note (`N. text`) in the Notes section")
                    .with_hint("every line after `Notes` must be one note; join a note's continuation lines into one"),
            ));
        };
        let expected = defs.last().map_or(1, |d| d.number + 1);
        if n != expected {
            return Err(Failure::single(
                Diagnostic::error(path, l.line, l.col, format!("note {n} found where note {expected} was expected (numbering gap)"))
                    .with_hint("notes must be numbered 1, 2, 3, … in order; restore the missing note or fix the number"),
            ));
        }
        let text = l.text[digits + 1..].trim();
        if text.is_empty() {
            return Err(Failure::single(Diagnostic::error(
                path,
                l.line,
                l.col,
                format!("note {n} has no text"),
            )));
        }
        defs.push(NoteDef {
            number: n,
            line: l.line,
            col: l.col,
            text,
        });
    }
    Ok(defs)
}

/// Closing punctuation a note marker may follow (`stolovaya.6`, `njet,”3`).
fn is_closing_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '”' | '’' | '"' | '\'' | ')' | ']' | '»' | '›'
    )
}

/// Quotes and brackets: after one of these a marker may follow a number too
/// (`in “1957”4`), since the quote shows the number has ended.
fn is_closing_quote(c: char) -> bool {
    matches!(c, '”' | '’' | '"' | '\'' | ')' | ']' | '»' | '›')
}

/// Whether the digits `text[start..end]` are glued to a word or to closing
/// punctuation and free-standing on the right: a note marker, not a number.
fn is_marker_at(text: &str, start: usize, end: usize) -> bool {
    if text[end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric())
    {
        return false; // `28th`, or part of a longer number
    }
    let mut before = text[..start].chars().rev();
    let mut crossed_quote = false;
    for c in before.by_ref() {
        if c.is_alphabetic() {
            return true;
        }
        if c.is_ascii_digit() {
            // `1957` (digit right before) is never a marker; `“1957”4` is.
            return crossed_quote;
        }
        if is_closing_punct(c) {
            crossed_quote |= is_closing_quote(c);
            continue;
        }
        return false; // space, hyphen (`U-2`, `20-25`), opening quote, …
    }
    false
}

/// The first marker `n` in `text` at or after byte `from`.
fn find_in(text: &str, n: u32, from: usize) -> Option<(usize, usize)> {
    let needle = n.to_string();
    let mut at = from;
    while let Some(i) = text[at..].find(&needle) {
        let start = at + i;
        let end = start + needle.len();
        let digit_before = text[..start].ends_with(|c: char| c.is_ascii_digit());
        if !digit_before && is_marker_at(text, start, end) {
            return Some((start, end));
        }
        at = end;
    }
    None
}

/// Finds markers 1…n in order; then checks nothing that looks like marker
/// n+1 follows (a marker whose note is missing).
fn find_markers(
    paragraphs: &[&RawLine],
    defs: &[NoteDef],
    path: &Path,
) -> Result<Vec<Marker>, Failure> {
    let mut markers: Vec<Marker> = Vec::new();
    let search = |n: u32, from: (usize, usize)| -> Option<Marker> {
        let (para, offset) = from;
        (para..paragraphs.len()).find_map(|p| {
            let start = if p == para { offset } else { 0 };
            find_in(paragraphs[p].text, n, start).map(|(s, e)| Marker {
                para: p,
                start: s,
                end: e,
            })
        })
    };
    for def in defs {
        let from = markers.last().map_or((0, 0), |m| (m.para, m.end));
        match search(def.number, from) {
            Some(m) => markers.push(m),
            None => {
                let mut d = Diagnostic::error(
                    path,
                    def.line,
                    def.col,
                    format!("note {} has no marker in the text", def.number),
                );
                d = match (search(def.number, (0, 0)), markers.last()) {
                    (Some(m), Some(prev)) => {
                        let (l, c) = position(paragraphs, m);
                        let (pl, pc) = position(paragraphs, *prev);
                        d.with_hint(format!("a `{}` at line {l}:{c} comes before marker {} (line {pl}:{pc}); markers must appear in note order", def.number, def.number - 1))
                    }
                    _ => d.with_hint(format!(
                        "put the marker right after the word it annotates, e.g. `word{}`; markers must appear in order 1, 2, 3, …",
                        def.number
                    )),
                };
                return Err(Failure::single(d));
            }
        }
    }
    let next = to_u32(defs.len() + 1);
    let from = markers.last().map_or((0, 0), |m| (m.para, m.end));
    if let Some(m) = search(next, from) {
        let (l, c) = position(paragraphs, m);
        return Err(Failure::single(
            Diagnostic::error(path, l, c, format!("note marker {next} has no note"))
                .with_hint(format!("add `{next}. text` under `Notes`, or remove the marker if these digits belong to the text")),
        ));
    }
    Ok(markers)
}

/// Digits glued to a word that were not taken as markers (`MiG2` before
/// marker 1, say) stay text; say so, since it may also be a misplaced marker.
fn warn_unused_glued_digits(
    paragraphs: &[&RawLine],
    markers: &[Marker],
    path: &Path,
    warnings: &mut Diagnostics,
) {
    for (p, para) in paragraphs.iter().enumerate() {
        let text = para.text;
        let mut i = 0;
        while let Some(off) = text[i..].find(|c: char| c.is_ascii_digit()) {
            let start = i + off;
            let end = text[start..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(text.len(), |e| start + e);
            let taken = markers.iter().any(|m| m.para == p && m.start == start);
            if !taken && is_marker_at(text, start, end) {
                let (line, col) = position(
                    paragraphs,
                    Marker {
                        para: p,
                        start,
                        end,
                    },
                );
                warnings.push(
                    Diagnostic::warning(
                        path,
                        line,
                        col,
                        format!(
                            "digits `{}` glued to a word were kept as text",
                            &text[start..end]
                        ),
                    )
                    .with_hint("if this is a note marker, its note is missing or out of order"),
                );
            }
            i = end;
        }
    }
}

/// The raw `line:col` of a marker.
fn position(paragraphs: &[&RawLine], m: Marker) -> (u32, u32) {
    let p = paragraphs[m.para];
    (p.line, p.col + to_u32(p.text[..m.start].chars().count()))
}

/// Escapes characters that Markdown (CommonMark + GitHub footnotes + the
/// `:::` blocks of our source format) would read as syntax, so the text
/// comes back out of the parser exactly as it went in.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '&'
                | '#'
                | '~'
                | '|'
                | '$'
                | '{'
                | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what is syntax only at the start of a line: list bullets and
/// ordered-list numbers (`-`, `+`, `12.`, `3)`), thematic breaks, the `:::`
/// fence and the `+++` front matter fence. (`#` and `>` are escaped
/// everywhere by `escape_inline`.)
fn escape_line_start(line: &str) -> String {
    let first = line.chars().next();
    match first {
        Some('-' | '+' | '=' | ':') => format!("\\{line}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = line
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(line.len());
            match line[digits..].chars().next() {
                Some('.' | ')') => format!("{}\\{}", &line[..digits], &line[digits..]),
                _ => line.to_string(),
            }
        }
        _ => line.to_string(),
    }
}

/// `From Bucharest to Moscow` → `from-bucharest-to-moscow`: lower-case
/// ASCII, accents folded, everything else a single hyphen.
fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("chapter");
    }
    out
}

/// Folds the Latin letters with diacritics this kind of text uses (Albanian
/// ë, ç; French é, è; German ü …) to their base letter, for file names.
pub(crate) fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ł' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// `en` when common English function words make up a good share of the
/// words, else `und` (BCP 47 "undetermined"): the region cannot be told.
fn guess_language(paragraphs: &[&RawLine]) -> &'static str {
    const COMMON: [&str; 10] = [
        "the", "and", "of", "to", "in", "a", "that", "is", "was", "which",
    ];
    let (mut words, mut common) = (0usize, 0usize);
    for p in paragraphs {
        for w in p
            .text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            words += 1;
            if COMMON.iter().any(|c| w.eq_ignore_ascii_case(c)) {
                common += 1;
            }
        }
    }
    // English prose runs at 20–30 % for these words; other languages far below.
    if words >= 20 && common * 8 >= words {
        "en"
    } else {
        "und"
    }
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    const PATH: &str = "raw/ch.txt";

    /// Navigation line, `--number`, expected number or error message part.
    type NumberCase = (Option<&'static str>, Option<u32>, Result<u32, &'static str>);
    /// Body, notes, expected line and column, message part.
    type ErrorCase = (
        &'static [&'static str],
        &'static [&'static str],
        u32,
        u32,
        &'static str,
    );

    /// A raw chapter in the seed's shape: header lines, synopsis, the given
    /// body paragraphs, notes 1..=`notes.len()`, spacer and navigation line.
    fn raw(body: &[&str], notes: &[&str], nav: Option<&str>) -> String {
        let mut s = String::from("Enver Hoxha\n\nThe Khruschevites\n\n\nFrom Bucharest to Moscow\n\nFebruary 1960: a synopsis.\n\n\n");
        for p in body {
            s.push_str(p);
            s.push_str("\n\n");
        }
        s.push_str("\u{a0}\n\nNotes\n\n");
        for (i, n) in notes.iter().enumerate() {
            s.push_str(&format!("{}.\u{a0} {n}\n\n", i + 1));
        }
        if let Some(nav) = nav {
            s.push_str(&format!("\n\n{nav}\n"));
        }
        s
    }

    fn import(raw: &str) -> Result<Imported, Failure> {
        import_text(raw, Path::new(PATH), None)
    }

    fn error_of(result: Result<Imported, Failure>) -> Diagnostic {
        match result {
            Err(Failure(d)) => d.items()[0].clone(),
            Ok(i) => panic!("expected an error, got:\n{}", i.markdown),
        }
    }

    /// The ten markers of the seed, each in the context it has there, with
    /// the text the reference must follow.
    const SEED_MARKERS: [(&str, &str); 10] = [
        (
            "organizing a pokushenie1 against him",
            "organizing a pokushenie[^1] against him",
        ),
        (
            "Bucharest was poljezen2 our line pravilna",
            "Bucharest was poljezen[^2] our line pravilna",
        ),
        (
            "“Nu njet, nu njet,”3 replied Pospyelov",
            "“Nu njet, nu njet,”[^3] replied Pospyelov",
        ),
        ("The vodka, pertsofka4 and", "The vodka, pertsofka[^4] and"),
        ("and zakuski5 were sent up", "and zakuski[^5] were sent up"),
        (
            "escaped from the stolovaya.6 The film",
            "escaped from the stolovaya.[^6] The film",
        ),
        (
            "whom they called “durak7 when",
            "whom they called “durak[^7] when",
        ),
        (
            "as hommes de paille8 as puppets",
            "as hommes de paille[^8] as puppets",
        ),
        (
            "“Can we have a discussion, brat?”9 he asked me.",
            "“Can we have a discussion, brat?”[^9] he asked me.",
        ),
        (
            "“Where’s this road leading you bratya?”10",
            "“Where’s this road leading you bratya?”[^10]",
        ),
    ];

    #[test]
    fn each_seed_marker_becomes_a_reference_at_its_word() {
        let body: Vec<&str> = SEED_MARKERS.iter().map(|(raw, _)| *raw).collect();
        let notes = vec!["“Note.” (Russian in the original)."; 10];
        let imported = import(&raw(&body, &notes, Some("Next: 13. The Final Act"))).unwrap();
        for (raw, expected) in SEED_MARKERS {
            assert!(
                imported.markdown.contains(&format!("\n{expected}\n")),
                "{raw:?} should become {expected:?}:\n{}",
                imported.markdown
            );
        }
        assert_eq!(imported.notes, 10);
        assert_eq!(
            imported.markdown.matches("[^").count(),
            20,
            "ten references and ten definitions"
        );
    }

    #[test]
    fn numbers_in_the_text_are_not_markers() {
        // Each line holds a number that must stay text, then the real marker 1.
        let cases = [
            ("the U-2 spy plane", "the U-2 spy plane"),
            ("some 20-25 km from Tirana", "some 20-25 km from Tirana"),
            ("the Moscow Meeting in 1957.", "the Moscow Meeting in 1957."),
            ("on the 28th of November", "on the 28th of November"),
            ("Volume 19 of my Works", "Volume 19 of my Works"),
            ("the 1st and 2nd secretaries", "the 1st and 2nd secretaries"),
            ("in 1960.2 of them", "in 1960.2 of them"),
        ];
        for (text, expected) in cases {
            let para = format!("{text} and a word1 here.");
            let imported = import(&raw(&[&para], &["A note."], Some("Next: 13. X"))).unwrap();
            assert!(
                imported
                    .markdown
                    .contains(&format!("\n{expected} and a word[^1] here.\n")),
                "{text:?}:\n{}",
                imported.markdown
            );
        }
    }

    #[test]
    fn markers_are_found_in_sequence_so_earlier_numbers_do_not_count() {
        // "MiG2" would look like marker 2, but it comes before marker 1.
        let imported = import(&raw(
            &["A MiG2 flew.", "Then word1 and other2."],
            &["One.", "Two."],
            Some("Next: 5. X"),
        ))
        .unwrap();
        assert!(
            imported.markdown.contains("\nA MiG2 flew.\n"),
            "{}",
            imported.markdown
        );
        assert!(
            imported
                .markdown
                .contains("\nThen word[^1] and other[^2].\n"),
            "{}",
            imported.markdown
        );
        // Kept as text, but reported where it is (raw line 11, column 6).
        let w = &imported.warnings.items()[0];
        assert!(w.message.contains("digits `2` glued to a word"), "{w}");
        assert_eq!((w.line, w.col), (11, 6), "{w}");
    }

    #[test]
    fn navigation_line_and_spacer_lines_are_dropped() {
        let imported = import(&raw(
            &["Body1 text."],
            &["Note."],
            Some("Next: 13. The Final Act"),
        ))
        .unwrap();
        for gone in ["Next:", "The Final Act", "\u{a0}", "Notes"] {
            assert!(
                !imported.markdown.contains(gone),
                "{gone:?} left in:\n{}",
                imported.markdown
            );
        }
    }

    #[test]
    fn header_synopsis_and_front_matter() {
        let imported = import(&raw(&["Body."], &[], Some("Next: 13. The Final Act"))).unwrap();
        assert_eq!(
            imported.markdown,
            "+++\nnumber = 12\n+++\n\n# From Bucharest to Moscow\n\n::: synopsis\nFebruary 1960: a synopsis.\n:::\n\nBody.\n"
        );
        assert_eq!(imported.chapter_file, "12-from-bucharest-to-moscow.md");
        assert!(imported
            .book_toml
            .contains("title = \"The Khruschevites\"\n"));
        assert!(imported.book_toml.contains("authors = [\"Enver Hoxha\"]\n"));
        assert!(imported
            .book_toml
            .contains("chapters = [\"12-from-bucharest-to-moscow.md\"]\n"));
    }

    #[test]
    fn chapter_number_inference() {
        let table: [NumberCase; 5] = [
            (Some("Next: 13. The Final Act"), None, Ok(12)),
            (Some("Next: 2. Two"), None, Ok(1)),
            (Some("Next: 13. The Final Act"), Some(7), Ok(7)),
            (None, Some(3), Ok(3)),
            (None, None, Err("cannot infer the chapter number")),
        ];
        for (nav, given, expected) in table {
            let result = import_text(&raw(&["Body."], &[], nav), Path::new(PATH), given);
            match (result, expected) {
                (Ok(i), Ok(n)) => {
                    assert_eq!(i.number, n, "{nav:?} {given:?}");
                    assert!(i.markdown.starts_with(&format!("+++\nnumber = {n}\n+++\n")));
                    assert!(i.chapter_file.starts_with(&format!("{n:02}-")));
                }
                (Err(Failure(d)), Err(msg)) => {
                    let d = &d.items()[0];
                    assert!(d.message.contains(msg), "{d}");
                    assert!(d.hint.as_deref().unwrap_or("").contains("--number"), "{d}");
                }
                (got, want) => panic!(
                    "{nav:?} {given:?}: got {:?}, want {want:?}",
                    got.map(|i| i.number)
                ),
            }
        }
    }

    #[test]
    fn error_cases_name_the_line() {
        // (body, notes, expected line, expected column, message fragment)
        let table: [ErrorCase; 4] = [
            // Note 2's marker is missing: the error points at note 2.
            (
                &["A word1 here.", "No marker here."],
                &["One.", "Two."],
                21,
                1,
                "note 2 has no marker",
            ),
            // A marker with no note.
            (
                &["A word1 here.", "And a second2 one."],
                &["One."],
                13,
                13,
                "note marker 2 has no note",
            ),
            // Marker 2 only before marker 1: named as out of order.
            (
                &["Early2 one.", "A word1 here."],
                &["One.", "Two."],
                21,
                1,
                "note 2 has no marker",
            ),
            // A note with no marker at all, the only note.
            (&["Nothing here."], &["One."], 17, 1, "note 1 has no marker"),
        ];
        for (body, notes, line, col, msg) in table {
            let d = error_of(import(&raw(body, notes, Some("Next: 13. X"))));
            assert!(d.message.contains(msg), "{d}");
            assert_eq!((d.line, d.col), (line, col), "{d}");
            assert_eq!(d.file, Path::new(PATH));
            assert!(d.hint.is_some(), "{d}");
        }
    }

    #[test]
    fn numbering_gap_in_notes_is_an_error_at_that_note() {
        let mut text = raw(
            &["A word1 and two2 and three3."],
            &["One.", "Two.", "Three."],
            Some("Next: 13. X"),
        );
        text = text.replace("2.\u{a0} Two.", "4.\u{a0} Two.");
        let d = error_of(import(&text));
        assert!(
            d.message.contains("note 4 found where note 2 was expected"),
            "{d}"
        );
        assert_eq!(d.line, 19, "{d}");
    }

    #[test]
    fn stray_line_in_notes_is_an_error() {
        let text = raw(&["A word1."], &["One."], Some("Next: 13. X"))
            .replace("Notes\n\n", "Notes\n\nsome stray text\n\n");
        let d = error_of(import(&text));
        assert!(d.message.contains("expected a numbered note"), "{d}");
        assert_eq!(d.line, 17);
    }

    #[test]
    fn windows_line_endings_and_a_byte_order_mark_are_accepted() {
        let text = raw(&["A word1."], &["One."], Some("Next: 13. X"));
        let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        let a = import(&text).unwrap();
        let b = import(&crlf).unwrap();
        assert_eq!(a.markdown, b.markdown);
        assert_eq!(a.book_toml, b.book_toml);
        // Line numbers still count raw lines.
        let broken = crlf.replace("word1", "word");
        assert_eq!(error_of(import(&broken)).line, 17);
    }

    #[test]
    fn notes_heading_variants() {
        for heading in ["Notes", "NOTES", "Notes:", "notes"] {
            let text = raw(&["A word1."], &["One."], Some("Next: 13. X"))
                .replace("\nNotes\n", &format!("\n{heading}\n"));
            let imported = import(&text).unwrap();
            assert_eq!(imported.notes, 1, "{heading}");
            assert!(!imported.markdown.contains(heading), "{heading}");
        }
        // A paragraph that merely mentions notes is text.
        let text = raw(
            &["Notes on the text.", "A word1."],
            &["One."],
            Some("Next: 13. X"),
        );
        assert!(import(&text)
            .unwrap()
            .markdown
            .contains("\nNotes on the text.\n"));
    }

    #[test]
    fn missing_header_is_an_error() {
        let d = error_of(import("Enver Hoxha\n\nNext: 2. X\n"));
        assert!(d.message.contains("too few lines"), "{d}");
    }

    #[test]
    fn identical_notes_give_a_warning_not_an_error() {
        let imported = import(&raw(&["a1 b2"], &["Same.", "Same."], Some("Next: 13. X"))).unwrap();
        let w = &imported.warnings.items()[0];
        assert!(
            w.message.contains("notes 1 and 2 have the same text"),
            "{w}"
        );
        assert_eq!(w.line, 19);
    }

    /// Markdown text of `md` as the loader will see it: paragraphs' text with
    /// footnote references as `[^N]`, one string per paragraph.
    fn parse_back(md: &str) -> Vec<String> {
        let mut paras = Vec::new();
        let mut current = String::new();
        let mut in_def = false;
        // The `+++` front matter is not Markdown; the loader strips it first.
        let md = &md[md.find("\n# ").expect("a heading")..];
        for event in Parser::new_ext(md, Options::ENABLE_FOOTNOTES) {
            match event {
                Event::Start(Tag::FootnoteDefinition(_)) => in_def = true,
                Event::End(TagEnd::FootnoteDefinition) => in_def = false,
                Event::Text(t) if !in_def => current.push_str(&t),
                Event::SoftBreak if !in_def => current.push('\n'),
                Event::FootnoteReference(label) => current.push_str(&format!("[^{label}]")),
                Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) if !in_def => {
                    paras.push(std::mem::take(&mut current))
                }
                Event::Start(Tag::Paragraph | Tag::Heading { .. }) => {}
                Event::End(TagEnd::Paragraph) => {}
                other if !in_def => panic!("unexpected Markdown structure {other:?} in:\n{md}"),
                _ => {}
            }
        }
        paras
    }

    #[test]
    fn markdown_special_characters_round_trip() {
        let nasty = [
            "*not emphasis* and _not either_ and __nor this__",
            "[not a link](http://x) and [^9] and ![img](y)",
            "<b>not html</b> &amp; not an entity, a\\b back\\slash",
            "`not code` ~~not struck~~ | not | a table |",
            "# not a heading",
            "> not a quote",
            "- not a list item",
            "+ not a list item",
            "12. not a numbered list",
            "3) nor this",
            "---",
            "===",
            "::: not a fence",
            "+++",
            "trailing backslash\\",
            "a line ending in #",
        ];
        let mut body: Vec<&str> = nasty.to_vec();
        body.push("and a word1 at the end.");
        let imported = import(&raw(&body, &["Note *with* [stars]."], Some("Next: 13. X"))).unwrap();
        let paras = parse_back(&imported.markdown);
        // Heading, the `::: synopsis` fence lines belong to one paragraph, then the body.
        assert_eq!(paras[0], "From Bucharest to Moscow");
        let body_out = &paras[2..];
        for (i, input) in nasty.iter().enumerate() {
            assert_eq!(
                body_out[i], *input,
                "round trip of {input:?} in:\n{}",
                imported.markdown
            );
        }
        assert_eq!(body_out[nasty.len()], "and a word[^1] at the end.");
        assert!(
            imported
                .markdown
                .contains("[^1]: Note \\*with\\* \\[stars\\]."),
            "{}",
            imported.markdown
        );
    }

    proptest::proptest! {
        /// Any one-line text, escaped as `import` escapes a paragraph, parses
        /// back to exactly that text.
        #[test]
        fn escaped_paragraphs_round_trip(text in "[ -~“”‘’—\u{a0}é]{1,40}") {
            let text = text.trim();
            proptest::prop_assume!(!text.is_empty());
            let md = format!("# T\n\n{}\n", escape_line_start(&escape_inline(text)));
            let paras = parse_back(&format!("\n{md}"));
            proptest::prop_assert_eq!(paras.len(), 2, "{:?}", md);
            proptest::prop_assert_eq!(paras[1].as_str(), text);
        }
    }

    #[test]
    fn slugs_are_ascii_file_names() {
        let table = [
            ("From Bucharest to Moscow", "from-bucharest-to-moscow"),
            ("The Final Act", "the-final-act"),
            ("Koço Tashko’s “Report”", "koco-tashko-s-report"),
            ("  --  ", "chapter"),
        ];
        for (title, expected) in table {
            assert_eq!(slug(title), expected);
        }
    }

    #[test]
    fn utf8_errors_point_at_the_first_bad_byte() {
        let bytes = b"Enver Hoxha\n\nThe Kh\xe9 title\n";
        let Err(Failure(d)) = decode_utf8(bytes, Path::new(PATH)) else {
            panic!("accepted bad UTF-8")
        };
        let d = &d.items()[0];
        assert_eq!((d.line, d.col), (3, 7), "{d}");
        assert!(d.message.contains("0xE9"), "{d}");
    }

    #[test]
    fn run_writes_chapter_and_book_toml_then_keeps_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        let raw_path = dir.path().join("ch.txt");
        fs::write(
            &raw_path,
            raw(&["A word1."], &["One."], Some("Next: 13. X")),
        )
        .unwrap();
        let out = dir.path().join("out");
        let (imported, written) = run(&raw_path, &out, None).unwrap();
        assert_eq!(
            written,
            vec![
                out.join("12-from-bucharest-to-moscow.md"),
                out.join("book.toml")
            ]
        );
        assert_eq!(fs::read_to_string(&written[0]).unwrap(), imported.markdown);

        // Same import again: nothing to write, book.toml untouched (warned).
        fs::write(out.join("book.toml"), "title = \"mine\"\n").unwrap();
        let (again, written) = run(&raw_path, &out, None).unwrap();
        assert!(written.is_empty());
        assert!(again
            .warnings
            .items()
            .iter()
            .any(|w| w.message.contains("book.toml exists")));
        assert_eq!(
            fs::read_to_string(out.join("book.toml")).unwrap(),
            "title = \"mine\"\n"
        );

        // A hand-edited chapter is never overwritten.
        fs::write(written_chapter(&out), "edited\n").unwrap();
        let Err(Failure(d)) = run(&raw_path, &out, None) else {
            panic!("overwrote an edited chapter")
        };
        assert!(d.items()[0].message.contains("already exists"));
        assert_eq!(
            fs::read_to_string(written_chapter(&out)).unwrap(),
            "edited\n"
        );
    }

    fn written_chapter(out: &Path) -> PathBuf {
        out.join("12-from-bucharest-to-moscow.md")
    }

    #[test]
    fn run_writes_nothing_on_error() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, Vec<u8>); 2] = [
            (
                "bad-marker.txt",
                raw(&["No marker."], &["One."], Some("Next: 13. X")).into_bytes(),
            ),
            ("latin1.txt", b"Enver Hoxha\n\nThe Kh\xe9\n".to_vec()),
        ];
        for (name, bytes) in cases {
            let raw_path = dir.path().join(name);
            fs::write(&raw_path, bytes).unwrap();
            let out = dir.path().join(format!("out-{name}"));
            let Err(Failure(d)) = run(&raw_path, &out, None) else {
                panic!("{name} imported")
            };
            let d = &d.items()[0];
            assert_eq!(d.file, raw_path);
            assert!(d.line > 0 && d.col > 0, "{d}");
            assert!(!out.exists(), "{name}: wrote {out:?}");
        }
    }
}
