//! What the editions are made with beside the text: the EPUB's and the
//! PDF's settings from book.toml (page, margins, notes, fonts) and the
//! book's assets (font files, images) as `source/` read them.

use serde::Serialize;

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
    /// At the foot of the page holding the note's first reference.
    PageBottom,
}

/// Which side a section opens on: a recto (after a blank verso if need
/// be), or whichever page comes next (LaTeX's `openany`).
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum OpenOn {
    #[default]
    Recto,
    Any,
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
    /// `[pdf.hyphenation]` exceptions: words broken only where the book
    /// says. Part of the settings the PDF's watch cache keys on, so a
    /// changed list sets the chapters again.
    pub hyphenation_exceptions: crate::exceptions::Exceptions,
    pub notes: NotesPlacement,
    /// Where chapters, parts' chapters and the index open (`[pdf]
    /// chapters-open`); the title pages, the contents, a part's title page
    /// and a dedication stay on rectos.
    pub chapters_open: OpenOn,
    /// Where the book-end notes open (`[pdf] notes-open`, by default as
    /// the chapters do).
    pub notes_open: OpenOn,
    /// The book's language is written right to left: its pages are bound
    /// on the right (a recto's inner margin and a verso's folio on the
    /// right, a recto's folio on the left) and its contents are mirrored.
    pub bound_right: bool,
    /// The book opens on a half-title, its back the card page of
    /// `Metadata::also_by` or blank (`[pdf] half-title`, or `also-by`).
    pub half_title: bool,
    /// A link to a place in the book printed on another page is followed
    /// by the label `page-reference` with that page's folio (`[pdf]
    /// page-references`, default true).
    pub page_references: bool,
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
    /// The monospace face for code.
    pub mono: Option<Vec<u8>>,
    /// `[pdf] fallback-fonts`, in the order given: tried for characters
    /// the face setting them lacks.
    pub fallbacks: Vec<FallbackFont>,
    /// An installed monospace face for the characters of code the code
    /// face lacks, tried before `fallbacks` for those of one column: found
    /// by `source/` only when the book has such characters and `fallbacks`
    /// names no monospace face (then the author's order decides).
    pub code_fallback: Option<FallbackFont>,
    /// Why a font named in `[pdf]` could not be had (a missing file, a
    /// family not installed): errors for the print edition, which fails
    /// with them; the EPUB, which sets no font, is made all the same.
    pub unusable: Vec<crate::diagnostics::Diagnostic>,
}

/// A fallback face as `source/` found it.
#[derive(Debug, Clone, PartialEq)]
pub struct FallbackFont {
    /// As written in book.toml (a path or a family name), for messages.
    pub label: String,
    pub bytes: std::sync::Arc<Vec<u8>>,
    /// The face's index in a font collection (`.ttc`), else 0.
    pub index: u32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assets {
    /// Cover image bytes and media type (`image/png`, `image/jpeg`).
    pub cover: Option<(Vec<u8>, String)>,
    pub fonts: FontFiles,
    /// The figures' images, each distinct file content once, by
    /// `ImageRef::asset`. Ordered, so every backend meets them in one order.
    pub images: std::collections::BTreeMap<String, ImageAsset>,
    /// Where each character other than ASCII first occurs in each chapter's
    /// source, by `Chapter::file`: the font coverage check names that
    /// place for a character no face can print.
    pub char_sites: std::collections::BTreeMap<String, crate::sites::CharSites>,
}

/// An image file as read and checked by `source/`: its bytes are a whole,
/// decodable image of the format it claims, within the size limits.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageAsset {
    pub bytes: std::sync::Arc<Vec<u8>>,
    pub format: ImageFormat,
    /// Pixels.
    pub width: u32,
    pub height: u32,
    /// The first path (relative to the book folder) it was read from.
    pub path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageFormat {
    Png,
    /// `components` 1 (grey), 3 (YCbCr/RGB) or 4 (CMYK/YCCK);
    /// `inverted` when an Adobe APP14 marker says CMYK values are stored inverted.
    Jpeg {
        components: u8,
        inverted: bool,
    },
    /// An SVG drawing, as `crate::svg` rewrote it (paths and groups, no
    /// text, no scripts, no references outside it); the asset's size is
    /// in CSS pixels (1/96 inch), rounded.
    Svg,
}

impl ImageFormat {
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg { .. } => "image/jpeg",
            ImageFormat::Svg => "image/svg+xml",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg { .. } => "jpg",
            ImageFormat::Svg => "svg",
        }
    }
}

/// The lists a book prints after its contents: of its figures, of its
/// tables (book.toml `[figures] list`, `[tables] list`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
pub struct Lists {
    pub figures: bool,
    pub tables: bool,
    /// `[listings] list`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub listings: bool,
}

/// How code blocks are set (book.toml `[code]`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct CodeSettings {
    /// Colours a block's tokens by its language's grammar, in both
    /// editions (`highlight = false`: every code block in the text's
    /// colour, for a black-only print run).
    pub highlight: bool,
}

impl Default for CodeSettings {
    fn default() -> Self {
        CodeSettings { highlight: true }
    }
}
