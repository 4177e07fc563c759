//! Page description: what the layout stages produce and `write.rs` turns into PDF.
//!
//! Plain data in points, origin at the page's top-left corner, y growing
//! downwards (the writer flips it). Nothing of the PDF file format appears here.

/// Index into `PageDocument::fonts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(pub usize);

/// One font face as the writer needs it: the file's bytes (it subsets them)
/// and a PostScript-style name.
#[derive(Clone)]
pub struct FontFace {
    pub name: String,
    /// The font file: the embedded faces' `'static` bytes and a fallback's
    /// shared ones are handed over without a copy.
    pub bytes: std::sync::Arc<dyn AsRef<[u8]> + Send + Sync>,
    /// The face's index when `bytes` is a font collection (`.ttc`), else 0.
    pub index: u32,
}

impl std::fmt::Debug for FontFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontFace")
            .field("name", &self.name)
            .field("bytes", &self.data().len())
            .field("index", &self.index)
            .finish()
    }
}

impl FontFace {
    /// The font file's bytes.
    pub fn data(&self) -> &[u8] {
        (*self.bytes).as_ref()
    }
}

/// A glyph placed by shaping and justification.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph id in the font.
    pub id: u16,
    /// Pen movement after this glyph, in points: the shaped advance plus any
    /// kerning and justification. The writer turns the difference from the
    /// font's own advance into a TJ offset.
    pub advance: f32,
    /// The text this glyph stands for (ToUnicode). Empty for the second and
    /// later glyphs of a cluster; a hyphen added by hyphenation carries
    /// U+00AD (soft hyphen) or "-" as the engine decides.
    pub text: GlyphText,
    /// Where the glyph is drawn from the pen, in points (right, up): the
    /// shaper's placement of a combining or Arabic mark over its base.
    /// The pen still moves by `advance` from the undisplaced position.
    pub offset: [f32; 2],
    /// The letter-spacing in `advance`, in points ([`crate::pdf::tracking::track`]):
    /// the writer widens the glyph's `/W` by it, so a reader of the text
    /// finds no gap after it to take for a word space.
    pub tracking: f32,
}

/// The text of one glyph: almost always a letter or two (a ligature), so
/// it is held inline, without an allocation, up to [`GlyphText::INLINE`]
/// bytes, and on the heap only beyond. A book sets millions of glyphs: a
/// `String` each was a sixth of the build's time in the allocator.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct GlyphText(TextRepr);

#[derive(Clone, PartialEq, Eq)]
enum TextRepr {
    Inline {
        len: u8,
        bytes: [u8; GlyphText::INLINE],
    },
    Heap(Box<str>),
}

impl Default for TextRepr {
    fn default() -> TextRepr {
        TextRepr::Inline {
            len: 0,
            bytes: [0; GlyphText::INLINE],
        }
    }
}

impl GlyphText {
    /// Bytes held without an allocation (the type is as large as a `String`).
    pub const INLINE: usize = 22;

    pub fn new(text: &str) -> GlyphText {
        if text.len() <= GlyphText::INLINE {
            let mut bytes = [0; GlyphText::INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            GlyphText(TextRepr::Inline {
                len: text.len() as u8,
                bytes,
            })
        } else {
            GlyphText(TextRepr::Heap(text.into()))
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Only ever filled from a whole `&str` (see `new`).
            TextRepr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            TextRepr::Heap(s) => s,
        }
    }

    /// The text's bytes, without checking them as UTF-8 again (as
    /// `as_str` must, in safe code).
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            TextRepr::Inline { len, bytes } => &bytes[..usize::from(*len)],
            TextRepr::Heap(s) => s.as_bytes(),
        }
    }

    /// Whether the glyph has no text of its own (a cluster's later glyph),
    /// without checking UTF-8 as `as_str` does.
    pub fn is_empty(&self) -> bool {
        self.as_bytes().is_empty()
    }

    /// Whether the text is all ASCII (read without decoding it).
    pub fn is_ascii(&self) -> bool {
        self.as_bytes().is_ascii()
    }

    pub fn clear(&mut self) {
        *self = GlyphText::default();
    }
}

impl std::ops::Deref for GlyphText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for GlyphText {
    fn from(text: &str) -> GlyphText {
        GlyphText::new(text)
    }
}

impl From<String> for GlyphText {
    fn from(text: String) -> GlyphText {
        GlyphText::new(&text)
    }
}

impl std::fmt::Debug for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for GlyphText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for GlyphText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A run of glyphs in one face and size, on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub font: FontId,
    pub size: f32,
    /// Start of the baseline, from the page's top-left corner.
    pub x: f32,
    pub y: f32,
    /// Horizontal scale of the glyph shapes (font expansion), 1.0 for
    /// none. `Glyph::advance` is the pen movement as seen, scale included.
    pub h_scale: f32,
    /// Vertical scale of the glyph shapes, from the baseline, 1.0 for
    /// none: a code line's box drawing stretched to meet the next line's.
    pub v_scale: f32,
    /// The glyphs' colour; `None` for the text's black (a code block's
    /// tokens are coloured, `crate::highlight`).
    pub ink: Option<crate::highlight::Ink>,
    pub glyphs: Vec<Glyph>,
}

/// A rectangle, top-left origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// A place in the document: a page (0-based) and a y position from its top.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Destination {
    pub page: usize,
    pub y: f32,
}

/// A clickable area that jumps to a place in the document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub area: Rect,
    pub target: Destination,
}

/// A clickable area that opens an address outside the document (a web
/// or mail link, already checked and encoded by `links.rs`).
#[derive(Debug, Clone, PartialEq)]
pub struct UriLink {
    pub area: Rect,
    pub uri: String,
}

/// A filled rule (e.g. a short line above notes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub area: Rect,
}

/// Index into `PageDocument::images`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ImageId(pub usize);

/// A picture drawn into `area` (scaled to fill it exactly).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedImage {
    pub image: ImageId,
    pub area: Rect,
}

/// An image file as the writer needs it: its checked bytes (a whole PNG
/// or JPEG, see `crate::images`), embedded once however often it is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageData {
    /// The asset key (`model::ImageRef::asset`): the same content, the same key.
    pub key: String,
    pub bytes: std::sync::Arc<Vec<u8>>,
    pub format: crate::model::ImageFormat,
    /// Pixels.
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub runs: Vec<GlyphRun>,
    pub links: Vec<Link>,
    pub uris: Vec<UriLink>,
    pub rules: Vec<Rule>,
    pub images: Vec<PlacedImage>,
}

/// A bookmark; children nest under it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    pub target: Destination,
    pub children: Vec<OutlineEntry>,
}

/// Document information for the PDF's Info dictionary and catalog.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: String,
    pub creator: String,
    /// BCP 47, written as the catalog's `/Lang`.
    pub language: String,
    /// `YYYY-MM-DDThh:mm:ssZ`, for both creation and modification dates.
    pub date: String,
    pub identifier: String,
}

/// How a run of page labels is numbered (ISO 32000-1, 12.4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelStyle {
    /// 1, 2, 3, …
    Decimal,
    /// i, ii, iii, …
    LowerRoman,
}

/// Everything the writer needs to produce a PDF.
#[derive(Debug, Clone)]
pub struct PageDocument {
    /// Page size in points.
    pub width: f32,
    pub height: f32,
    pub fonts: Vec<FontFace>,
    /// The pictures pages draw, each once, in the order they are first met.
    pub images: Vec<ImageData>,
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    pub info: DocumentInfo,
    /// Page labels, so viewers show the printed folios: each entry is the
    /// 0-based index of the first page it numbers, its style and the number
    /// that page gets; it holds until the next entry. Ascending by page;
    /// empty for none (viewers then count 1, 2, … from the first page).
    pub page_labels: Vec<(usize, LabelStyle, u32)>,
}

#[cfg(test)]
mod tests {
    use super::GlyphText;

    #[test]
    fn glyph_text_holds_any_length() {
        for text in [
            "",
            "a",
            "ffi",
            "é",
            &"ж".repeat(11),
            &"x".repeat(23),
            &"ж".repeat(40),
        ] {
            let g = GlyphText::new(text);
            assert_eq!(g.as_str(), text);
            assert_eq!(g, GlyphText::from(text.to_string()));
        }
        let mut g = GlyphText::new("fl");
        g.clear();
        assert!(g.is_empty());
        assert_eq!(
            std::mem::size_of::<GlyphText>(),
            std::mem::size_of::<String>()
        );
    }
}
