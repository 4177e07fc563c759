//! `book.toml`: the book's configuration, parsed strictly with clear errors.
//!
//! Unknown keys and wrong types are errors that name the file, the line and
//! the key and list what is allowed (serde's `deny_unknown_fields` plus the
//! span the `toml` crate reports).

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

use crate::diagnostics::{nearest, Diagnostic, Failure};

mod bibliography;
mod front;
mod isbn;
mod math;
mod numbering;

pub use bibliography::BibliographyConfig;
pub use isbn::{check_isbn, isbn_digits};
pub use math::MathConfig;
pub use numbering::{
    CaptionNumbering, CaptionsConfig, NoteNumbering, NotesConfig, TheoremNumbering, TheoremsConfig,
};

/// The top level of `book.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    pub title: Spanned<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    pub authors: Spanned<Vec<String>>,
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
    /// A shorter title for the verso running head.
    #[serde(default)]
    pub short_title: Option<String>,
    /// Translators, editors, illustrators…: `{ name = "…", role = "translator" }`.
    #[serde(default)]
    pub contributors: Vec<ContributorConfig>,
    #[serde(default)]
    pub series: Option<SeriesConfig>,
    /// The author's other books, listed on a card page: `["Salt"]`.
    #[serde(default)]
    pub also_by: Vec<Spanned<String>>,
    /// The ISBN of each edition.
    #[serde(default)]
    pub isbn: IsbnConfig,
    /// Levels of the navigation and the PDF outline (1 = chapters only).
    #[serde(default)]
    pub toc_depth: Option<Spanned<i64>>,
    /// The digits of the numbers bookpack writes (chapter labels, folios,
    /// note numbers…): a CLDR numbering system id, `latn`, `arab`,
    /// `arabext`…; default: the language's (see `crate::numerals`). A
    /// key of its own, not a `[labels]` entry: labels are templates of
    /// words, and this applies to numbers no label holds (folios, notes).
    #[serde(default)]
    pub numerals: Option<Spanned<String>>,
    /// Overrides of the built-in labels, by key.
    #[serde(default)]
    pub labels: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub notes: NotesConfig,
    /// `[figures]`: whether and how figures are numbered.
    #[serde(default)]
    pub figures: CaptionsConfig,
    /// `[tables]`: whether and how tables are numbered.
    #[serde(default)]
    pub tables: CaptionsConfig,
    /// `[listings]`: whether and how code listings are numbered.
    #[serde(default)]
    pub listings: CaptionsConfig,
    /// `[theorems]`: how theorems, lemmas, definitions… are numbered.
    #[serde(default)]
    pub theorems: TheoremsConfig,
    #[serde(default)]
    pub epub: EpubConfig,
    #[serde(default)]
    pub pdf: PdfConfig,
    #[serde(default)]
    pub links: LinksConfig,
    /// `[code]`: how code blocks are set.
    #[serde(default)]
    pub code: CodeConfig,
    #[serde(default)]
    pub check: CheckConfig,
    /// `[bibliography]`: the works the chapters cite, and how.
    #[serde(default)]
    pub bibliography: BibliographyConfig,
    /// `[math]`: the book's own TeX commands.
    #[serde(default)]
    pub math: MathConfig,
}

/// `[links]`: which external links the editions keep.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LinksConfig {
    /// Schemes allowed besides http, https and mailto (e.g. `["tel", "ftp"]`).
    #[serde(default)]
    pub allow_schemes: Vec<Spanned<String>>,
}

/// `[code]`: how code blocks are set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CodeConfig {
    /// Colour a block's tokens by the grammar of the language after its
    /// fence (default true).
    #[serde(default = "yes")]
    pub highlight: bool,
    /// Number the lines of every code block, as `.numberLines` does one
    /// (default false).
    #[serde(default)]
    pub line_numbers: bool,
}

impl Default for CodeConfig {
    fn default() -> Self {
        CodeConfig {
            highlight: true,
            line_numbers: false,
        }
    }
}

fn yes() -> bool {
    true
}

/// `[check]`: what `bookpack check` leaves alone and which dictionary it uses.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckConfig {
    /// Check codes turned off for the whole book, e.g. `["spelling"]`.
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    /// A Hunspell dictionary (`.dic` beside its `.aff`), relative to the book
    /// folder; default: the system's dictionary for `language`.
    #[serde(default)]
    pub dictionary: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContributorConfig {
    pub name: String,
    pub role: crate::model::ContributorRole,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SeriesConfig {
    pub name: String,
    #[serde(default)]
    pub position: Option<Spanned<SeriesPosition>>,
}

/// A place in a series: `3`, `2.5` or `"III"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum SeriesPosition {
    Integer(i64),
    Float(f64),
    Text(String),
}

impl SeriesPosition {
    pub fn text(&self) -> String {
        match self {
            SeriesPosition::Integer(n) => n.to_string(),
            SeriesPosition::Float(x) => x.to_string(),
            SeriesPosition::Text(s) => s.trim().to_string(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IsbnConfig {
    /// The EPUB's ISBN (also its identifier unless `identifier` is set).
    #[serde(default)]
    pub ebook: Option<Spanned<String>>,
    /// The print edition's ISBN, printed on the PDF's imprint page.
    #[serde(default)]
    pub print: Option<Spanned<String>>,
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
    /// Where chapters and the index open: `recto` (default) or `any`.
    #[serde(default)]
    pub chapters_open: Option<crate::model::OpenOn>,
    /// Where the book-end notes open: `recto` or `any` (default: as the
    /// chapters).
    #[serde(default)]
    pub notes_open: Option<crate::model::OpenOn>,
    #[serde(default)]
    pub fonts: FontsConfig,
    /// Faces tried in order for characters the book's faces lack: font
    /// files relative to the book folder (`fonts/NotoSansSC-Regular.otf`),
    /// or family names of installed fonts (`"Noto Serif CJK SC"`).
    #[serde(default)]
    pub fallback_fonts: Vec<Spanned<String>>,
    /// A half-title before the title page (default false; `also-by`
    /// turns it on, as the card page is its back).
    #[serde(default)]
    pub half_title: Option<Spanned<bool>>,
    /// A link to a place in the book printed on another page is followed
    /// by that page's number, "(p. 42)" (default true; the EPUB's links
    /// are live and get none).
    #[serde(default)]
    pub page_references: Option<Spanned<bool>>,
}

/// Margins in points; any one left out takes the paper's default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MarginsConfig {
    pub top: Option<Spanned<f32>>,
    pub bottom: Option<Spanned<f32>>,
    pub inner: Option<Spanned<f32>>,
    pub outer: Option<Spanned<f32>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HyphenationConfig {
    /// Shortest fragment left before a break (default 2).
    pub left_min: Option<Spanned<usize>>,
    /// Shortest fragment carried to the next line (default 3).
    pub right_min: Option<Spanned<usize>>,
    /// Words with their only break points, `"Khru-shchev"`, in every
    /// language (see `crate::exceptions`).
    #[serde(default)]
    pub exceptions: Vec<Spanned<String>>,
    /// The same by language tag, taking precedence in text of that
    /// language: `fr = ["Khrou-chtchev"]`.
    #[serde(default)]
    pub language_exceptions: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
}

/// The longest fragment minimum `[pdf.hyphenation]` takes: beyond it only
/// words of over 20 letters could break at all, which is hyphenation off
/// in all but name.
const HYPHEN_MIN_MAX: usize = 10;

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

/// The trim size when `paper` is not given: A5.
pub const PAPER_DEFAULT: (f32, f32) = PAPER_PRESETS[0].1;

pub(crate) const TOP_LEVEL_KEYS: &str = "title, subtitle, short-title, authors, contributors, language, identifier, isbn, publisher, date, rights, description, source, series, also-by, errata, chapters, toc-depth, numerals, [labels], [notes], [figures], [tables], [listings], [theorems], [bibliography], [code], [math], [epub], [pdf], [links], [check]";

/// serde's Rust type names in a message as an author reads them:
/// "expected f32" → "expected a number".
fn plain_types(message: &str) -> String {
    let mut out = message.to_string();
    for (rust, plain) in [
        ("expected f32", "expected a number"),
        ("expected f64", "expected a number"),
        ("expected u8", "expected a whole number"),
        ("expected u16", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected usize", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected a sequence", "expected a list (`[…]`)"),
    ] {
        // Whole words only: "expected u8" is not in "expected u80".
        let mut rest = out.as_str();
        let mut replaced = String::new();
        while let Some(at) = rest.find(rust) {
            let end = at + rust.len();
            let whole = !rest[end..].starts_with(|c: char| c.is_ascii_alphanumeric());
            replaced.push_str(&rest[..at]);
            replaced.push_str(if whole { plain } else { rust });
            rest = &rest[end..];
        }
        replaced.push_str(rest);
        out = replaced;
    }
    out
}

/// The keys every book.toml gives, each with the line an author adds.
/// `chapters` is shown with the Markdown files beside book.toml.
const REQUIRED_KEYS: [(&str, &str); 4] = [
    ("title", "title = \"The Book's Title\""),
    ("authors", "authors = [\"Name Surname\"]"),
    (
        "language",
        "language = \"en\"  # a BCP 47 tag: en-GB, fr, de, he, zh-Hans…",
    ),
    ("chapters", ""),
];

/// The required keys `text` lacks, all named in one error with the lines
/// to add, where serde would name the first alone ("missing field
/// `title`") and leave the author to find the next by building again.
/// `None` when none is missing, or when the text is not TOML at all
/// (serde's message then says where).
fn missing_keys(text: &str, path: &Path) -> Option<Failure> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let missing: Vec<(&str, String)> = REQUIRED_KEYS
        .iter()
        .filter(|(key, _)| !table.contains_key(*key))
        .map(|&(key, line)| {
            let line = if key == "chapters" {
                chapters_line(path)
            } else {
                line.to_string()
            };
            (key, line)
        })
        .collect();
    if missing.is_empty() {
        return None;
    }
    let keys: Vec<String> = missing.iter().map(|(k, _)| format!("`{k}`")).collect();
    let message = match keys.as_slice() {
        [one] => format!("missing {one} (every book.toml gives it)"),
        [rest @ .., last] => format!(
            "missing {} and {last} (every book.toml gives them)",
            rest.join(", ")
        ),
        [] => return None,
    };
    let lines: Vec<&str> = missing.iter().map(|(_, l)| l.as_str()).collect();
    // Top-level keys go above the first [section]: that line is where the
    // author adds them, else the top of the file.
    let section = text
        .lines()
        .position(|l| l.trim_start().starts_with('['))
        .map(|k| (k + 1, text.lines().nth(k).unwrap_or("").trim()));
    let (line, place) = match section {
        Some((line, header)) => (line, format!("above {header} (line {line})")),
        None => (1, "at the top".to_string()),
    };
    let hint = format!("add, {place}:\n        {}", lines.join("\n        "));
    Some(Failure::single(
        Diagnostic::error(path, u32::try_from(line).unwrap_or(u32::MAX), 1, message)
            .with_hint(hint),
    ))
}

/// The `chapters` line for a book without one: the Markdown files beside
/// its book.toml in name order (the order an author numbering them
/// meant), or an example when there are none yet.
fn chapters_line(path: &Path) -> String {
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut files: Vec<String> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.ends_with(".md") && !name.eq_ignore_ascii_case("README.md"))
        .collect();
    files.sort();
    if files.is_empty() {
        return "chapters = [\"01-first-chapter.md\"]  # Markdown files beside book.toml, in reading order".to_string();
    }
    let quoted: Vec<String> = files.iter().map(|f| format!("{f:?}")).collect();
    format!(
        "chapters = [{}]  # the Markdown files here, in name order: reorder as the book reads",
        quoted.join(", ")
    )
}

/// Why `rel` cannot be a chapter, judged by its name: book.toml itself,
/// or a file whose extension is not Markdown's or plain text's (a JPEG
/// listed by mistake was read as text and got advice on its encoding;
/// book.toml was set as a chapter of TOML comments).
fn not_a_chapter_file(rel: &str) -> Option<String> {
    const TEXT: [&str; 8] = [
        "md", "markdown", "mdown", "mkd", "mkdn", "mdwn", "txt", "text",
    ];
    let name = Path::new(rel).file_name()?.to_string_lossy();
    if name.eq_ignore_ascii_case("book.toml") {
        return Some("is the book's settings, not a chapter".to_string());
    }
    match Path::new(rel).extension().map(|e| e.to_string_lossy()) {
        Some(ext) if TEXT.iter().any(|t| ext.eq_ignore_ascii_case(t)) => None,
        Some(ext) => Some(format!("is not a Markdown file (a .{ext} file)")),
        None => Some("is not a Markdown file (it has no .md extension)".to_string()),
    }
}

/// Parses `book.toml` text; `path` is only used in messages.
pub fn parse(text: &str, path: &Path) -> Result<Config, Failure> {
    let config: Config = toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
        let message = plain_types(e.message().trim());
        // A missing key is found after the present ones are read, so any
        // wrong one is told first, where it stands.
        if message.contains("missing field") {
            if let Some(failure) = missing_keys(text, path) {
                return failure;
            }
        }
        let hint = if message.contains("unknown field") {
            match misspelt_key(&message) {
                Some(key) => format!("did you mean `{key}`?"),
                None => "check the key's spelling and its [section]; see README.md, \"book.toml reference\""
                    .to_string(),
            }
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

/// The key serde's "unknown field `titel`, expected one of `title`, …"
/// most likely meant.
fn misspelt_key(message: &str) -> Option<&str> {
    let typed = message.strip_prefix("unknown field `")?.split('`').next()?;
    let (_, expected) = message.split_once("expected one of ")?;
    nearest(typed, expected.split(", ").map(|k| k.trim_matches('`')))
}

fn validate(config: &Config, text: &str, path: &Path) -> Result<(), Failure> {
    let at = |span: std::ops::Range<usize>, message: String, hint: &str| {
        let (line, col) = line_col(text, span.start);
        Failure::single(Diagnostic::error(path, line, col, message).with_hint(hint.to_string()))
    };
    if config.title.get_ref().trim().is_empty() {
        return Err(at(
            config.title.span(),
            "`title` is empty".to_string(),
            "give the book a title",
        ));
    }
    if config.authors.get_ref().iter().all(|a| a.trim().is_empty()) {
        return Err(at(
            config.authors.span(),
            "`authors` lists no author".to_string(),
            "authors = [\"Name Surname\"]",
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
    if let Some((span, message, hint)) = config.math.check() {
        return Err(at(span, message, &hint));
    }
    if let Some(depth) = &config.toc_depth {
        if !(1..=6).contains(depth.get_ref()) {
            return Err(at(
                depth.span(),
                format!("`toc-depth` = {} is out of range", depth.get_ref()),
                "use 1 (chapters only) to 6 (every heading level)",
            ));
        }
    }
    if let Some(numerals) = &config.numerals {
        if crate::numerals::Numerals::parse(numerals.get_ref()).is_none() {
            let ids: Vec<&str> = crate::numerals::Numerals::ids().collect();
            let hint = match nearest(numerals.get_ref(), ids.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? numerals are: {}", ids.join(", ")),
                None => format!("numerals are CLDR numbering systems: {}", ids.join(", ")),
            };
            return Err(at(
                numerals.span(),
                format!("unknown `numerals` = {:?}", numerals.get_ref()),
                &hint,
            ));
        }
    }
    for (key, isbn) in [("ebook", &config.isbn.ebook), ("print", &config.isbn.print)] {
        if let Some(isbn) = isbn {
            if let Err((offset, why)) = check_isbn(isbn.get_ref()) {
                // Point at the offending character inside the quoted string.
                let start = isbn.span().start + 1 + offset;
                return Err(at(
                    start..start,
                    format!("`isbn.{key}` = {:?} {why}", isbn.get_ref()),
                    "an ISBN is 13 digits (978… or 979…) or 10 characters, hyphens allowed; check it against the publisher's record",
                ));
            }
        }
    }
    for (key, value) in &config.labels {
        let Some(known) = crate::labels::Labels::KEYS
            .iter()
            .find(|k| **k == key.get_ref().as_str())
        else {
            if let Some((now, hint)) = crate::labels::retired(key.get_ref()) {
                return Err(at(
                    key.span(),
                    format!(
                        "label `{}` is no longer used: both editions' imprints say `{now}`",
                        key.get_ref()
                    ),
                    hint,
                ));
            }
            return Err(at(
                key.span(),
                format!("unknown label `{}`", key.get_ref()),
                &format!(
                    "[labels] keys are: {}",
                    crate::labels::Labels::KEYS.join(", ")
                ),
            ));
        };
        let allowed = crate::labels::placeholders(known);
        let pieces = crate::labels::pieces(value.get_ref());
        // A numbered file's label without its number would print none.
        let numbered = known.ends_with("-number") || matches!(*known, "figure" | "table");
        if numbered && !pieces.contains(&crate::labels::Piece::Value("n")) {
            return Err(at(
                value.span(),
                format!("label `{known}` has no {{n}}: the number would not be printed"),
                "write {n} where the number goes: \"Chapter {n}\", \"第{n}章\"",
            ));
        }
        // A page reference without its page would print empty brackets.
        if known.starts_with("page-reference")
            && !pieces.contains(&crate::labels::Piece::Value("page"))
        {
            return Err(at(
                value.span(),
                format!("label `{known}` has no {{page}}: the page would not be printed"),
                if *known == "page-reference" {
                    "write {page} where the page number goes, and the space and brackets around it: \" (p. {page})\"; `[pdf] page-references = false` prints none"
                } else {
                    "write {page} where the page number goes, after the comma that joins it: \", p. {page}\""
                },
            ));
        }
        for piece in pieces {
            if let crate::labels::Piece::Value(name) = piece {
                if !allowed.contains(&name) {
                    return Err(at(
                        value.span(),
                        format!("label `{known}` uses an unknown placeholder {{{name}}}"),
                        &if allowed.is_empty() {
                            format!("`{known}` takes no placeholder")
                        } else {
                            format!(
                                "`{known}` may use: {}",
                                allowed
                                    .iter()
                                    .map(|a| format!("{{{a}}}"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        },
                    ));
                }
            }
        }
    }
    if config.chapters.is_empty() {
        return Err(Failure::single(
            Diagnostic::error(path, 0, 0, "`chapters` is empty")
                .with_hint("chapters = [\"01-first-chapter.md\"]"),
        ));
    }
    // A chapter listed twice was set twice, silently, with the same ids.
    // A map, not a list searched: a book of 2,000 chapters spent a fifth
    // of its build comparing each path with every one before it.
    let mut listed: std::collections::HashMap<std::path::PathBuf, usize> =
        std::collections::HashMap::with_capacity(config.chapters.len());
    for chapter in &config.chapters {
        let normal: std::path::PathBuf = Path::new(chapter.get_ref())
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect();
        if let Some(why) = not_a_chapter_file(chapter.get_ref()) {
            return Err(at(
                chapter.span(),
                format!("chapter {:?} {why}", chapter.get_ref()),
                "list the book's Markdown files (.md, .markdown or plain .txt), in reading order",
            ));
        }
        if let Some(first) = listed.get(&normal) {
            let (line, col) = line_col(text, *first);
            return Err(at(
                chapter.span(),
                format!(
                    "`chapters` lists {:?} a second time (first at line {line}, column {col})",
                    chapter.get_ref()
                ),
                "list each chapter once",
            ));
        }
        listed.insert(normal, chapter.span().start);
    }
    // Here, not in `check` alone: the book's settings are valid or not,
    // and `build` ignored the code that `check` refused.
    for code in &config.check.allow {
        if crate::check::info(code.get_ref()).is_none() {
            let names = crate::check::names();
            let hint = match nearest(code.get_ref(), names.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("codes are: {}", names.join(", ")),
            };
            return Err(at(
                code.span(),
                format!("[check] allow: unknown code `{}`", code.get_ref()),
                &hint,
            ));
        }
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
    if let Some(leading) = &config.pdf.leading {
        let size = config.pdf.font_size.as_ref().map_or(11.0, |v| *v.get_ref());
        if *leading.get_ref() < size {
            return Err(at(
                leading.span(),
                format!(
                    "[pdf] leading = {} is less than the font size ({size} pt): the lines would print over each other",
                    leading.get_ref()
                ),
                "leading is the distance from one baseline to the next: give at least the font size, usually 1.2 to 1.3 times it (11 pt type on 14 pt)",
            ));
        }
    }
    check_margins(config, &at)?;
    for (key, value) in [
        ("left-min", &config.pdf.hyphenation.left_min),
        ("right-min", &config.pdf.hyphenation.right_min),
    ] {
        if let Some(v) = value {
            if !(1..=HYPHEN_MIN_MAX).contains(v.get_ref()) {
                return Err(at(
                    v.span(),
                    format!("[pdf.hyphenation] {key} = {} is out of range", v.get_ref()),
                    &format!("give the fewest letters a fragment may have, from 1 to {HYPHEN_MIN_MAX} (2 and 3 are usual)"),
                ));
            }
        }
    }
    hyphenation_exceptions(&config.pdf.hyphenation, &at)?;
    front::check(config, text, &at)?;
    if let Some(position) = config.series.as_ref().and_then(|s| s.position.as_ref()) {
        // A place from 0 to a million (an integer past that, or below 0,
        // was printed as it was: "volume -1").
        let number = match position.get_ref() {
            SeriesPosition::Float(x) => Some(*x),
            SeriesPosition::Integer(n) => Some(*n as f64),
            SeriesPosition::Text(_) => None,
        };
        if let Some(x) = number.filter(|x| !(x.is_finite() && (0.0..=1e6).contains(x))) {
            return Err(at(
                position.span(),
                format!(
                    "`series.position` = {} is not a place in a series (0 to a million)",
                    if x.abs() >= 1e7 {
                        format!("{x:e}")
                    } else {
                        position.get_ref().text()
                    }
                ),
                "give a number such as 3 or 2.5, or a text such as \"III\"",
            ));
        }
    }
    Ok(())
}

/// Each exception must read as a word with its breaks, be listed once
/// in its list, and each language table be keyed by a language tag
/// given once.
fn hyphenation_exceptions(
    hyphenation: &HyphenationConfig,
    at: &dyn Fn(std::ops::Range<usize>, String, &str) -> Failure,
) -> Result<(), Failure> {
    let lists = std::iter::once(("exceptions".to_string(), &hyphenation.exceptions)).chain(
        hyphenation
            .language_exceptions
            .iter()
            .map(|(tag, list)| (format!("language-exceptions.{}", tag.get_ref()), list)),
    );
    for (key, list) in lists {
        let mut seen: BTreeMap<String, &Spanned<String>> = BTreeMap::new();
        for entry in list {
            let exception = crate::exceptions::Exception::parse(entry.get_ref()).map_err(
                |(offset, why)| {
                    // Point at the character at fault inside the quoted string.
                    let start = entry.span().start + 1 + offset;
                    at(
                        start..start,
                        format!("[pdf.hyphenation] {key}: {:?} {why}", entry.get_ref()),
                        "write the word with a hyphen at each place it may break, e.g. \"Khru-shchev\", or with none to keep it whole",
                    )
                },
            )?;
            if let Some(first) = seen.insert(exception.word, entry) {
                return Err(at(
                    entry.span(),
                    format!(
                        "[pdf.hyphenation] {key}: {:?} is listed twice (also as {:?})",
                        entry.get_ref(),
                        first.get_ref()
                    ),
                    "keep one entry per word (case does not matter)",
                ));
            }
        }
    }
    let mut tags: BTreeMap<String, &Spanned<String>> = BTreeMap::new();
    for tag in hyphenation.language_exceptions.keys() {
        if !is_language_tag(tag.get_ref()) {
            return Err(at(
                tag.span(),
                format!(
                    "[pdf.hyphenation.language-exceptions] {:?} is not a BCP 47 language tag",
                    tag.get_ref()
                ),
                "key each list by a tag such as \"fr\" or \"de-CH\"; `exceptions` holds in every language",
            ));
        }
        if let Some(first) = tags.insert(tag.get_ref().to_ascii_lowercase(), tag) {
            return Err(at(
                tag.span(),
                format!(
                    "[pdf.hyphenation.language-exceptions] {:?} is given twice (also as {:?})",
                    tag.get_ref(),
                    first.get_ref()
                ),
                "language tags do not depend on case: merge the two lists",
            ));
        }
    }
    Ok(())
}

/// Margins must be finite, not negative, and leave a text block of at
/// least ten ems by four lines: a margin of 1e30 (or NaN) otherwise made
/// a PDF whose text lay off its pages, and the build said nothing.
fn check_margins(
    config: &Config,
    at: &dyn Fn(std::ops::Range<usize>, String, &str) -> Failure,
) -> Result<(), Failure> {
    let Some(m) = &config.pdf.margins else {
        return Ok(());
    };
    let (width, height) = config
        .pdf
        .paper
        .as_ref()
        .and_then(|p| paper_size(p.get_ref()))
        .unwrap_or(PAPER_DEFAULT);
    let size = config.pdf.font_size.as_ref().map_or(11.0, |v| *v.get_ref());
    let leading = config
        .pdf
        .leading
        .as_ref()
        .map_or_else(|| crate::source::default_leading(size), |v| *v.get_ref());
    let hint = "margins are in points (72 to the inch), e.g. `top = 51`; they must leave room for the text";
    for (key, v, page) in [
        ("top", &m.top, height),
        ("bottom", &m.bottom, height),
        ("inner", &m.inner, width),
        ("outer", &m.outer, width),
    ] {
        if let Some(v) = v {
            if !(0.0..page).contains(v.get_ref()) {
                return Err(at(
                    v.span(),
                    format!("[pdf.margins] {key} = {} is out of range", v.get_ref()),
                    hint,
                ));
            }
        }
    }
    // With the paper's default for any margin left out (as `source`
    // sets them): both of a pair must leave the block its room.
    let value =
        |v: &Option<Spanned<f32>>, default: f32| v.as_ref().map_or(default, |v| *v.get_ref());
    let pairs = [
        (
            &m.inner,
            &m.outer,
            width - value(&m.inner, width * 0.13) - value(&m.outer, width * 0.155),
            10.0 * size,
            "wide",
        ),
        (
            &m.top,
            &m.bottom,
            height - value(&m.top, height * 0.085) - value(&m.bottom, height * 0.115),
            4.0 * leading + size,
            "tall",
        ),
    ];
    for (a, b, room, need, what) in pairs {
        if room < need {
            let span = a.as_ref().or(b.as_ref()).map_or(0..0, |v| v.span());
            return Err(at(
                span,
                format!("[pdf.margins] leave a text block {room:.0} pt {what}, less than the {need:.0} pt it needs"),
                hint,
            ));
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
mod tests;
