//! The document model: plain, serde-serializable data that both backends read.
//!
//! Built once from the source (see `markdown.rs` and `source.rs`); neither
//! backend re-parses Markdown. Notes are numbered here, so the EPUB and the
//! PDF always agree on a note's number.

use serde::Serialize;

/// A whole book, ready for any backend.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Book {
    pub metadata: Metadata,
    pub chapters: Vec<Chapter>,
    /// Corrections this edition made to its source text (from `ERRATA.md`).
    pub errata: Vec<Erratum>,
    pub epub: EpubSettings,
    pub pdf: PdfSettings,
    /// Binary inputs (cover image, font files) read by `source.rs`.
    #[serde(skip)]
    pub assets: Assets,
}

/// Descriptive metadata shared by both editions.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Metadata {
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<Author>,
    /// BCP 47 tag, e.g. `en-GB`.
    pub language: String,
    /// From `book.toml`, or derived from title and authors (stable across builds).
    pub identifier: String,
    /// Lower-case ASCII file stem for outputs, e.g. `the-khrushchevites`.
    pub slug: String,
    pub publisher: Option<String>,
    /// The book's date as written in `book.toml` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: Option<String>,
    /// Build timestamp, `YYYY-MM-DDThh:mm:ssZ`: from `SOURCE_DATE_EPOCH`, else
    /// from `date`, else the Unix epoch. Never the clock.
    pub modified: String,
    pub rights: Option<String>,
    pub description: Option<String>,
    /// Where the text comes from (a URL or a bibliographic note).
    pub source: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Author {
    pub name: String,
    /// Sort form, e.g. `Hoxha, Enver`.
    pub file_as: String,
}

/// One correction of the source text, as listed in `ERRATA.md`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Erratum {
    pub original: String,
    pub corrected: String,
}

/// A chapter: one Markdown file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Chapter {
    /// Displayed chapter number (front matter `number`, else its position).
    pub number: u32,
    /// Stable id derived from content, e.g. `chapter-12`.
    pub id: String,
    /// The chapter heading (the first level-1 heading).
    pub title: Vec<Inline>,
    /// `title` as plain text, for navigation, running heads and outlines.
    pub title_text: String,
    /// The synopsis (a `::: synopsis` block), styled apart from body text.
    pub synopsis: Vec<Block>,
    pub blocks: Vec<Block>,
    /// Notes in number order; every one is referenced at least once.
    pub notes: Vec<Note>,
    /// Source file, relative to the book folder.
    pub file: String,
}

/// A position in a source file, 1-based.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
pub struct Span {
    pub line: u32,
    pub col: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        content: Vec<Inline>,
        span: Span,
    },
    Heading {
        /// 2..=6 inside a chapter (level 1 is the chapter title).
        level: u8,
        content: Vec<Inline>,
        span: Span,
    },
    BlockQuote {
        blocks: Vec<Block>,
        span: Span,
    },
    List {
        /// `Some(start)` for an ordered list.
        start: Option<u64>,
        items: Vec<Vec<Block>>,
        span: Span,
    },
    ThematicBreak {
        span: Span,
    },
    CodeBlock {
        language: Option<String>,
        text: String,
        span: Span,
    },
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Text after the typography pass: curly quotes, dashes, no-break spaces.
    Text {
        text: String,
    },
    Emphasis {
        content: Vec<Inline>,
    },
    Strong {
        content: Vec<Inline>,
    },
    Code {
        text: String,
    },
    /// A link; its target was checked by `links.rs` (see [`LinkTarget`]).
    Link {
        target: LinkTarget,
        content: Vec<Inline>,
    },
    LineBreak,
    /// A reference to note `number` of its chapter. `first` is true for the
    /// first reference to that note (the one the note links back to);
    /// `id` is unique in the book, e.g. `noteref-12-3`.
    NoteRef {
        number: u32,
        first: bool,
        id: String,
    },
}

/// Where a link goes.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkTarget {
    /// A web or mail address, valid and percent-encoded (RFC 3986) in a
    /// scheme the book allows. (Between the parser and `links.rs` it holds
    /// the destination as written.)
    External { url: String },
    /// A place in the book: the chapter with model id `chapter`, at the
    /// element with id `anchor` in it, or at its start.
    Internal {
        chapter: String,
        anchor: Option<String>,
    },
}

/// An endnote.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Note {
    /// Number shown to the reader (per chapter, or through the book).
    pub number: u32,
    /// The Markdown label (`[^label]`).
    pub label: String,
    /// Unique in the book, e.g. `note-12-3`.
    pub id: String,
    /// Id of the first reference, for the back link.
    pub ref_id: String,
    pub blocks: Vec<Block>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct EpubSettings {
    /// Cover image file, relative to the book folder (bytes in `Assets`).
    pub cover: Option<String>,
}

/// Where the PDF sets its notes.
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum NotesPlacement {
    #[default]
    BookEnd,
    ChapterEnd,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PdfSettings {
    /// Trim size in points (width, height).
    pub paper: (f32, f32),
    /// Paper preset name or `custom`.
    pub paper_name: String,
    pub margins: Margins,
    pub font_size: f32,
    pub leading: f32,
    pub hyphenate_left_min: usize,
    pub hyphenate_right_min: usize,
    pub notes: NotesPlacement,
}

/// Page margins in points; inner is the binding side.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub inner: f32,
    pub outer: f32,
}

/// Font faces for the PDF: custom files from `[pdf] fonts`, else `None`
/// (the backend then uses the family embedded in the binary).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FontFiles {
    pub regular: Option<Vec<u8>>,
    pub italic: Option<Vec<u8>>,
    pub bold: Option<Vec<u8>>,
    pub small_caps: Option<Vec<u8>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assets {
    /// Cover image bytes and media type (`image/png`, `image/jpeg`).
    pub cover: Option<(Vec<u8>, String)>,
    pub fonts: FontFiles,
}

impl Inline {
    /// The plain text of a run of inlines (note references omitted).
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for inline in inlines {
            inline.push_plain_text(&mut out);
        }
        out
    }

    fn push_plain_text(&self, out: &mut String) {
        match self {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. } => {
                for inline in content {
                    inline.push_plain_text(out);
                }
            }
            Inline::LineBreak => out.push(' '),
            Inline::NoteRef { .. } => {}
        }
    }
}
