//! `book.toml`: the book's configuration, parsed strictly with clear errors.
//!
//! Unknown keys and wrong types are errors that name the file, the line and
//! the key and list what is allowed (serde's `deny_unknown_fields` plus the
//! span the `toml` crate reports).

use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, Failure};

/// The top level of `book.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    pub language: Spanned<String>,
    #[serde(default)]
    pub identifier: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub date: Option<Spanned<String>>,
    #[serde(default)]
    pub rights: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    /// Markdown file listing this edition's corrections of its source.
    #[serde(default)]
    pub errata: Option<Spanned<String>>,
    /// Chapter files in reading order, relative to the book folder.
    pub chapters: Vec<Spanned<String>>,
    #[serde(default)]
    pub notes: NotesConfig,
    #[serde(default)]
    pub epub: EpubConfig,
    #[serde(default)]
    pub pdf: PdfConfig,
    #[serde(default)]
    pub links: LinksConfig,
}

/// `[links]`: which external links the editions keep.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LinksConfig {
    /// Schemes allowed besides http, https and mailto (e.g. `["tel", "ftp"]`).
    #[serde(default)]
    pub allow_schemes: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NotesConfig {
    #[serde(default)]
    pub numbering: NoteNumbering,
}

/// How note numbers run: restarting in each chapter, or through the book.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum NoteNumbering {
    #[default]
    Chapter,
    Book,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EpubConfig {
    /// Cover image (PNG or JPEG), relative to the book folder.
    #[serde(default)]
    pub cover: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PdfConfig {
    /// a5 (default), a4, letter, 6x9, 5.5x8.5
    #[serde(default)]
    pub paper: Option<Spanned<String>>,
    #[serde(default)]
    pub margins: Option<MarginsConfig>,
    #[serde(default)]
    pub font_size: Option<Spanned<f32>>,
    #[serde(default)]
    pub leading: Option<Spanned<f32>>,
    #[serde(default)]
    pub hyphenation: HyphenationConfig,
    #[serde(default)]
    pub notes: Option<crate::model::NotesPlacement>,
    #[serde(default)]
    pub fonts: FontsConfig,
}

/// Margins in points; any one left out takes the paper's default.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MarginsConfig {
    pub top: Option<f32>,
    pub bottom: Option<f32>,
    pub inner: Option<f32>,
    pub outer: Option<f32>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HyphenationConfig {
    /// Shortest fragment left before a break (default 2).
    pub left_min: Option<usize>,
    /// Shortest fragment carried to the next line (default 3).
    pub right_min: Option<usize>,
}

/// Font files (TrueType/OpenType), relative to the book folder.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FontsConfig {
    pub regular: Option<Spanned<String>>,
    pub italic: Option<Spanned<String>>,
    pub bold: Option<Spanned<String>>,
    pub small_caps: Option<Spanned<String>>,
    /// Monospace face for code.
    pub mono: Option<Spanned<String>>,
}

/// Trim sizes in points (width, height), by preset name.
pub const PAPER_PRESETS: [(&str, (f32, f32)); 5] = [
    ("a5", (419.53, 595.28)),
    ("a4", (595.28, 841.89)),
    ("letter", (612.0, 792.0)),
    ("6x9", (432.0, 648.0)),
    ("5.5x8.5", (396.0, 612.0)),
];

const TOP_LEVEL_KEYS: &str = "title, subtitle, authors, language, identifier, publisher, date, rights, description, source, errata, chapters, [notes], [epub], [pdf], [links]";

/// Parses `book.toml` text; `path` is only used in messages.
pub fn parse(text: &str, path: &Path) -> Result<Config, Failure> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
        let message = e.message().trim().to_string();
        let hint = if message.contains("unknown field") {
            "check the key's spelling and its [section]; see README.md, \"book.toml reference\""
                .to_string()
        } else if message.contains("missing field") {
            format!("book.toml keys are: {TOP_LEVEL_KEYS}; see README.md, \"book.toml reference\"")
        } else {
            "see README.md, \"book.toml reference\"".to_string()
        };
        Failure::single(Diagnostic::error(path, line, col, message).with_hint(hint))
    })?;
    validate(&config, text, path)?;
    Ok(config)
}

fn validate(config: &Config, text: &str, path: &Path) -> Result<(), Failure> {
    let at = |span: std::ops::Range<usize>, message: String, hint: &str| {
        let (line, col) = line_col(text, span.start);
        Failure::single(Diagnostic::error(path, line, col, message).with_hint(hint.to_string()))
    };
    if config.title.trim().is_empty() {
        return Err(Failure::single(
            Diagnostic::error(path, 0, 0, "`title` is empty").with_hint("give the book a title"),
        ));
    }
    if config.authors.iter().all(|a| a.trim().is_empty()) {
        return Err(Failure::single(
            Diagnostic::error(path, 0, 0, "`authors` lists no author")
                .with_hint("authors = [\"Name Surname\"]"),
        ));
    }
    if !is_language_tag(config.language.get_ref()) {
        return Err(at(
            config.language.span(),
            format!(
                "`language` = {:?} is not a BCP 47 language tag",
                config.language.get_ref()
            ),
            "use a tag such as \"en\", \"en-GB\" or \"fr\"",
        ));
    }
    if let Some(date) = &config.date {
        if crate::dates::parse_date(date.get_ref()).is_none() {
            return Err(at(
                date.span(),
                format!("`date` = {:?} is not a date", date.get_ref()),
                "write YYYY, YYYY-MM or YYYY-MM-DD",
            ));
        }
    }
    if config.chapters.is_empty() {
        return Err(Failure::single(
            Diagnostic::error(path, 0, 0, "`chapters` is empty")
                .with_hint("chapters = [\"01-first-chapter.md\"]"),
        ));
    }
    for scheme in &config.links.allow_schemes {
        if let Some(why) = crate::links::unallowable_scheme(scheme.get_ref()) {
            return Err(at(
                scheme.span(),
                format!("`allow-schemes`: {:?} {why}", scheme.get_ref()),
                "list scheme names such as \"tel\" or \"ftp\"; http, https and mailto are always allowed",
            ));
        }
    }
    if let Some(paper) = &config.pdf.paper {
        if paper_size(paper.get_ref()).is_none() {
            let names: Vec<&str> = PAPER_PRESETS.iter().map(|(n, _)| *n).collect();
            return Err(at(
                paper.span(),
                format!("unknown paper size {:?}", paper.get_ref()),
                &format!("use one of: {}", names.join(", ")),
            ));
        }
    }
    for (value, key, range) in [
        (&config.pdf.font_size, "font-size", 4.0..=72.0),
        (&config.pdf.leading, "leading", 4.0..=100.0),
    ] {
        if let Some(v) = value {
            if !range.contains(v.get_ref()) {
                return Err(at(
                    v.span(),
                    format!("[pdf] {key} = {} is out of range", v.get_ref()),
                    &format!(
                        "use a value from {} to {} points",
                        range.start(),
                        range.end()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Trim size for a preset name (case-insensitive).
pub fn paper_size(name: &str) -> Option<(f32, f32)> {
    let name = name.to_ascii_lowercase();
    PAPER_PRESETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, size)| *size)
}

/// A light check of a BCP 47 tag: letters, digits and hyphens, a 2–3 letter
/// primary language. Shared by the loader and the EPUB's own checks.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = before[line_start..].chars().count() + 1;
    (line as u32, col as u32)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str =
        "title = \"T\"\nauthors = [\"A B\"]\nlanguage = \"en-GB\"\nchapters = [\"ch.md\"]\n";

    fn error_of(text: &str) -> String {
        parse(text, Path::new("book.toml")).unwrap_err().to_string()
    }

    #[test]
    fn minimal_config_parses_with_defaults() {
        let c = parse(MINIMAL, Path::new("book.toml")).unwrap();
        assert_eq!(c.title, "T");
        assert_eq!(c.notes.numbering, NoteNumbering::Chapter);
        assert!(c.pdf.paper.is_none());
    }

    #[test]
    fn unknown_key_names_line_key_and_allowed_keys() {
        let e = error_of(&format!("{MINIMAL}colour = \"red\"\n"));
        assert!(e.starts_with("book.toml:5:1: error:"), "{e}");
        assert!(e.contains("colour"), "{e}");
        assert!(e.contains("subtitle"), "lists allowed keys: {e}");
    }

    #[test]
    fn unknown_key_in_section_is_reported_there() {
        let e = error_of(&format!("{MINIMAL}[pdf]\npaper = \"a5\"\nfontsize = 12\n"));
        assert!(e.starts_with("book.toml:7:1: error:"), "{e}");
        assert!(e.contains("fontsize") && e.contains("font-size"), "{e}");
    }

    #[test]
    fn wrong_type_names_the_line() {
        let e = error_of("title = \"T\"\nauthors = \"A B\"\nlanguage = \"en\"\nchapters = []\n");
        assert!(e.starts_with("book.toml:2:"), "{e}");
        assert!(e.contains("sequence") || e.contains("array"), "{e}");
    }

    #[test]
    fn missing_required_key() {
        let e = error_of("title = \"T\"\nlanguage = \"en\"\nchapters = [\"a.md\"]\n");
        assert!(e.contains("authors"), "{e}");
    }

    #[test]
    fn bad_values_are_located() {
        let e = error_of(&MINIMAL.replace("en-GB", "English (UK)"));
        assert!(e.starts_with("book.toml:3:12: error:"), "{e}");
        let e = error_of(&format!("{MINIMAL}[pdf]\npaper = \"b5\"\n"));
        assert!(
            e.starts_with("book.toml:6:9: error: unknown paper size"),
            "{e}"
        );
        assert!(e.contains("6x9"), "{e}");
        let e = error_of(&format!("{MINIMAL}date = \"yesterday\"\n"));
        assert!(e.contains("`date`"), "{e}");
        let e = error_of(&format!("{MINIMAL}[notes]\nnumbering = \"page\"\n"));
        assert!(e.starts_with("book.toml:6:"), "{e}");
        assert!(e.contains("chapter") && e.contains("book"), "{e}");
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\n“é”x", 3), (2, 1));
        assert_eq!(line_col("ab\n“é”x", 3 + 3 + 2 + 3), (2, 4));
    }
}
