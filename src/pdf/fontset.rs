//! The faces a book is set in (regular, italic, bold, small caps, a monospace face for code, and fallback faces): parsed once, with metrics and PDF font ids.
//!
//! Faces come from `[pdf] fonts` in book.toml when given, else from the EB
//! Garamond family embedded in the binary (`crate::fonts`). Fallback faces
//! (`[pdf] fallback-fonts`) follow them, in the order given: a character
//! the face of its text lacks is set in the first fallback that has it
//! ([`FontSet::face_for`]). The font bytes
//! are borrowed from the `Book` (or are `'static`), so a `FontSet<'a>` lives
//! as long as the book it sets.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Failure};
use crate::model::FontFiles;
use crate::pdf::page::{FontFace, FontId};
use crate::pdf::units::{units_to_pt, Pt};

/// Which face of the family a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceKind {
    Regular,
    Italic,
    Bold,
    SmallCaps,
    /// Code: the embedded Inconsolata unless `[pdf] fonts.mono` names another.
    Mono,
    /// The n-th face of `[pdf] fallback-fonts` (0-based), for characters
    /// the other faces lack.
    Fallback(u8),
}

impl FaceKind {
    pub const ALL: [FaceKind; 5] = [
        FaceKind::Regular,
        FaceKind::Italic,
        FaceKind::Bold,
        FaceKind::SmallCaps,
        FaceKind::Mono,
    ];

    /// The face's index in `PageDocument::fonts` (the order of [`FontSet::faces`]).
    pub fn font_id(self) -> FontId {
        FontId(self.index())
    }

    pub fn index(self) -> usize {
        match self {
            FaceKind::Regular => 0,
            FaceKind::Italic => 1,
            FaceKind::Bold => 2,
            FaceKind::SmallCaps => 3,
            FaceKind::Mono => 4,
            FaceKind::Fallback(n) => FaceKind::ALL.len() + usize::from(n),
        }
    }

    /// The `[pdf] fonts` key that names this face in book.toml.
    pub fn config_key(self) -> &'static str {
        match self {
            FaceKind::Regular => "regular",
            FaceKind::Italic => "italic",
            FaceKind::Bold => "bold",
            FaceKind::SmallCaps => "small-caps",
            FaceKind::Mono => "mono",
            FaceKind::Fallback(_) => "fallback-fonts",
        }
    }

    pub fn is_fallback(self) -> bool {
        matches!(self, FaceKind::Fallback(_))
    }
}

/// Vertical metrics of a face, in design units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metrics {
    pub units_per_em: u16,
    /// Above the baseline (positive).
    pub ascender: i16,
    /// Below the baseline (negative).
    pub descender: i16,
    pub x_height: i16,
    pub cap_height: i16,
}

impl Metrics {
    /// A design-unit length in points at `size`.
    pub fn to_pt(&self, units: i32, size: Pt) -> Pt {
        units_to_pt(units, self.units_per_em, size)
    }
}

/// A face slot: its kind, the book's file if any, the embedded fallback.
type FaceSource<'a> = (FaceKind, Option<&'a [u8]>, &'static [u8]);

/// One parsed face.
pub(crate) struct LoadedFace<'a> {
    pub(crate) bytes: &'a [u8],
    /// The bytes when they need no copy to outlive the book (an embedded
    /// face's, a fallback's), for the writer.
    pub(crate) shared: Option<Arc<dyn AsRef<[u8]> + Send + Sync>>,
    /// Face index in a font collection.
    pub(crate) index: u32,
    /// How messages name the face: its PostScript name, or a fallback's
    /// entry as written in book.toml.
    pub(crate) label: String,
    /// Metrics, glyph lookups and outlines (ttf-parser, through rustybuzz).
    pub(crate) face: rustybuzz::Face<'a>,
    /// The same face for shaping (HarfRust).
    pub(crate) shaping: harfrust::Font,
    pub(crate) name: String,
    /// The family as a reader names it ("EB Garamond"), for the imprint.
    pub(crate) family: String,
    pub(crate) metrics: Metrics,
}

/// The family a book is set in; index with [`FaceKind`].
pub struct FontSet<'a> {
    faces: Vec<LoadedFace<'a>>,
    /// The installed monospace face found for code (`FontFiles::code_fallback`),
    /// the last of the faces: tried for code only.
    code_fallback: Option<FaceKind>,
    /// By face: the size of its text relative to the text around it
    /// ([`FontSet::fallback_scale`]); 1 for the book's own faces.
    scales: Vec<f32>,
}

impl std::fmt::Debug for FontSet<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.faces.iter().map(|face| face.name.as_str()).collect();
        f.debug_struct("FontSet").field("faces", &names).finish()
    }
}

impl<'a> FontSet<'a> {
    /// Parses the book's fonts, falling back to the embedded family for
    /// every face `files` leaves out. A file that is not a usable font is an
    /// error naming the `[pdf] fonts` key in book.toml.
    pub fn new(files: &'a FontFiles) -> Result<FontSet<'a>, Failure> {
        if !files.unusable.is_empty() {
            let mut errors = crate::diagnostics::Diagnostics::new();
            for d in &files.unusable {
                errors.push(d.clone());
            }
            return Err(Failure(errors));
        }
        let chosen: [FaceSource<'a>; 5] = [
            (
                FaceKind::Regular,
                files.regular.as_deref(),
                crate::fonts::REGULAR,
            ),
            (
                FaceKind::Italic,
                files.italic.as_deref(),
                crate::fonts::ITALIC,
            ),
            (FaceKind::Bold, files.bold.as_deref(), crate::fonts::BOLD),
            (
                FaceKind::SmallCaps,
                files.small_caps.as_deref(),
                crate::fonts::SMALL_CAPS,
            ),
            (FaceKind::Mono, files.mono.as_deref(), crate::fonts::MONO),
        ];
        let mut faces = Vec::with_capacity(FaceKind::ALL.len());
        for (kind, custom, embedded) in chosen {
            let bytes: &'a [u8] = custom.unwrap_or(embedded);
            // HarfRust keeps its own handle on the bytes: the embedded
            // faces are `'static`, a book's own are copied once.
            let source = || match custom {
                Some(own) => own.to_vec().into(),
                None => embedded.into(),
            };
            let mut face = load(bytes, 0, source).ok_or_else(|| {
                Failure::single(
                    Diagnostic::error(
                        "book.toml",
                        0,
                        0,
                        format!("[pdf] fonts.{} is not a TrueType or OpenType font", kind.config_key()),
                    )
                    .with_hint("give a .ttf or .otf file, or remove the key to use the embedded EB Garamond"),
                )
            })?;
            if custom.is_none() {
                face.shared = Some(Arc::new(embedded));
            }
            faces.push(face);
        }
        for (n, fallback) in files.fallbacks.iter().enumerate() {
            let mut face = u8::try_from(n)
                .ok()
                .and_then(|_| {
                    let shared: Arc<dyn AsRef<[u8]> + Send + Sync> = fallback.bytes.clone();
                    load(&fallback.bytes, fallback.index, || shared.into())
                })
                .ok_or_else(|| {
                    Failure::single(
                        Diagnostic::error(
                            "book.toml",
                            0,
                            0,
                            format!(
                                "[pdf] fallback-fonts: {:?} is not a usable font (or more than 255 are given)",
                                fallback.label
                            ),
                        )
                        .with_hint("give .ttf, .otf or .ttc files, or family names of installed fonts"),
                    )
                })?;
            face.shared = Some(fallback.bytes.clone());
            face.label = fallback.label.clone();
            faces.push(face);
        }
        // Found on the system, not asked for: a face that will not load is
        // left out rather than failing the book.
        let mut code_fallback = None;
        if let Some(found) = &files.code_fallback {
            let shared: Arc<dyn AsRef<[u8]> + Send + Sync> = found.bytes.clone();
            let loaded = load(&found.bytes, found.index, || shared.into());
            if let (Some(mut face), true) = (loaded, faces.len() <= usize::from(u8::MAX)) {
                face.shared = Some(found.bytes.clone());
                face.label = found.label.clone();
                code_fallback = Some(FaceKind::Fallback(
                    (faces.len() - FaceKind::ALL.len()) as u8,
                ));
                faces.push(face);
            }
        }
        let scales = (0..faces.len())
            .map(|i| {
                if i < FaceKind::ALL.len() || Some(i) == code_fallback.map(FaceKind::index) {
                    1.0
                } else {
                    match_lowercase(&faces[FaceKind::Regular.index()], &faces[i])
                }
            })
            .collect();
        Ok(FontSet {
            faces,
            code_fallback,
            scales,
        })
    }

    /// The size a fallback face's text is set at, relative to the text
    /// around it (1 for the book's own faces and the monospace face found
    /// for code): its lower case as tall as the regular face's, as
    /// fontspec's `Scale=MatchLowercase` does and CSS `font-size-adjust:
    /// ex-height` asks of a fallback face (`match_lowercase`). A Noto
    /// face at EB Garamond's size looked a size larger and darker than
    /// the text around it.
    pub fn fallback_scale(&self, kind: FaceKind) -> f32 {
        self.scales.get(kind.index()).copied().unwrap_or(1.0)
    }

    /// Every face: the five of [`FaceKind::ALL`], then the fallbacks.
    pub fn kinds(&self) -> Vec<FaceKind> {
        let fallbacks = self.faces.len() - FaceKind::ALL.len();
        FaceKind::ALL
            .into_iter()
            .chain((0..fallbacks).map(|n| FaceKind::Fallback(n as u8)))
            .collect()
    }

    /// Number of faces, fallbacks included.
    pub fn len(&self) -> usize {
        self.faces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.faces.is_empty()
    }

    /// Whether `kind` has a glyph for `c` (its cmap maps it to a glyph other than .notdef).
    pub fn has_char(&self, kind: FaceKind, c: char) -> bool {
        self.face(kind).glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    /// The face that sets `c` in text of face `kind`: `kind` itself when
    /// it has the character, else the first fallback that has it, else
    /// `None` (the character would print as an empty box). In code, the
    /// monospace face found for it comes first for a character of one
    /// column (box drawing, arrows, maths, Greek), so it keeps the code's
    /// look, and last for a wide one (CJK), which a CJK face draws better.
    pub fn face_for(&self, kind: FaceKind, c: char) -> Option<FaceKind> {
        if self.has_char(kind, c) {
            return Some(kind);
        }
        let code = self
            .code_fallback
            .filter(|&f| kind == FaceKind::Mono && self.has_char(f, c));
        let narrow = crate::pdf::cells::cells(c) < 2;
        if narrow && code.is_some() {
            return code;
        }
        (FaceKind::ALL.len()..self.faces.len())
            .map(|i| FaceKind::Fallback((i - FaceKind::ALL.len()) as u8))
            .filter(|&f| Some(f) != self.code_fallback)
            .find(|&f| self.has_char(f, c))
            .or(code)
    }

    /// How messages name a face (its PostScript name, or a fallback's
    /// `[pdf] fallback-fonts` entry).
    pub fn label(&self, kind: FaceKind) -> &str {
        &self.faces[kind.index()].label
    }

    /// The embedded EB Garamond family.
    pub fn embedded() -> FontSet<'static> {
        static NONE: FontFiles = FontFiles {
            regular: None,
            italic: None,
            bold: None,
            small_caps: None,
            mono: None,
            fallbacks: Vec::new(),
            code_fallback: None,
            unusable: Vec::new(),
        };
        // The embedded faces are checked by `fonts::tests` and by this
        // module's tests; they always parse.
        match FontSet::new(&NONE) {
            Ok(set) => set,
            Err(failure) => unreachable!("embedded fonts do not parse: {failure}"),
        }
    }

    /// The faces in `FontId` order, for the PDF writer: the book's faces,
    /// then the math face last ([`FontSet::math_font_id`]). The writer
    /// embeds only the faces a page draws, so a book without formulas
    /// never embeds the math face.
    pub fn faces(&self) -> Vec<FontFace> {
        self.faces
            .iter()
            .map(|face| FontFace {
                name: face.name.clone(),
                bytes: face
                    .shared
                    .clone()
                    .unwrap_or_else(|| Arc::new(face.bytes.to_vec())),
                index: face.index,
            })
            .chain(std::iter::once(FontFace {
                name: crate::pdf::math::font::NAME.to_string(),
                bytes: Arc::new(crate::fonts::MATH),
                index: 0,
            }))
            .collect()
    }

    /// The math face's id in [`FontSet::faces`]: after all the others.
    pub fn math_font_id(&self) -> FontId {
        FontId(self.faces.len())
    }

    pub fn metrics(&self, kind: FaceKind) -> &Metrics {
        &self.faces[kind.index()].metrics
    }

    /// The size of code in running text, relative to the text's: its
    /// lower case as tall as the text face's, as LaTeX's fontspec does
    /// with `Scale=MatchLowercase` (Inconsolata's x-height is 14 % more
    /// than EB Garamond's at the same size), kept within 80-100 %.
    pub fn inline_code_scale(&self) -> f32 {
        let x_height = |kind| {
            let m = self.metrics(kind);
            f32::from(m.x_height) / f32::from(m.units_per_em.max(1))
        };
        let mono = x_height(FaceKind::Mono);
        if mono <= 0.0 {
            return 1.0;
        }
        (x_height(FaceKind::Regular) / mono).clamp(0.8, 1.0)
    }

    /// The family of a face as a reader names it: the font's typographic
    /// family ("EB Garamond", where the family of the cut is "EB Garamond
    /// 12"), else its family, else its PostScript name.
    pub fn family(&self, kind: FaceKind) -> &str {
        &self.faces[kind.index()].family
    }

    /// The PostScript name of a face.
    pub fn name(&self, kind: FaceKind) -> &str {
        &self.faces[kind.index()].name
    }

    /// The face's tables (metrics, cmap, outlines).
    pub fn face(&self, kind: FaceKind) -> &rustybuzz::Face<'a> {
        &self.faces[kind.index()].face
    }

    /// The face as the shaper reads it.
    pub fn shaping_font(&self, kind: FaceKind) -> &harfrust::Font {
        &self.faces[kind.index()].shaping
    }

    /// How far the glyph's outline reaches past its advance, in design
    /// units (0 for a glyph that stays within it): TeX's italic
    /// correction, read from the outline's box as OpenType has no table
    /// for it outside maths fonts.
    pub fn overhang(&self, kind: FaceKind, glyph: u16) -> i32 {
        let id = rustybuzz::ttf_parser::GlyphId(glyph);
        let face = self.face(kind);
        match (face.glyph_bounding_box(id), face.glyph_hor_advance(id)) {
            (Some(bbox), Some(advance)) => (i32::from(bbox.x_max) - i32::from(advance)).max(0),
            _ => 0,
        }
    }

    /// Whether the small-caps face draws lower-case `c` as a small
    /// capital: its glyph there is not the regular face's lower-case one
    /// (the same outline box and advance). EB Garamond's small-caps face
    /// has small capitals for Latin and Greek but plain lower case for
    /// Cyrillic; a face that lacks `c`, or a book's small-caps face that
    /// is its regular one, has none.
    pub fn small_capital(&self, c: char) -> bool {
        let (caps, regular) = (self.face(FaceKind::SmallCaps), self.face(FaceKind::Regular));
        let Some(cap) = caps.glyph_index(c) else {
            return false;
        };
        let Some(plain) = regular.glyph_index(c) else {
            // Nothing to tell it from: the face's own word.
            return true;
        };
        caps.glyph_bounding_box(cap) != regular.glyph_bounding_box(plain)
            || caps.glyph_hor_advance(cap) != regular.glyph_hor_advance(plain)
    }

    /// The height of the small-caps face's small capitals as a share of
    /// its capitals' (its `x` against its `H`; 0.75 when its `x` is no
    /// small capital): the size capitals are set at where the face has no
    /// small capitals for a script.
    pub fn small_capital_scale(&self) -> f32 {
        let caps = self.face(FaceKind::SmallCaps);
        let height = |c: char| {
            caps.glyph_index(c)
                .and_then(|g| caps.glyph_bounding_box(g))
                .map(|b| f32::from(b.y_max))
        };
        match (self.small_capital('x'), height('x'), height('H')) {
            (true, Some(x), Some(h)) if h > 0.0 => (x / h).clamp(0.6, 0.9),
            _ => 0.75,
        }
    }

    /// How far left and right of its pen position the outline of glyph
    /// `glyph` of face `font` reaches at `size`, in points; `None` for a
    /// glyph without an outline (a space) or a face this set does not hold.
    pub fn ink_x(&self, font: FontId, glyph: u16, size: Pt) -> Option<(Pt, Pt)> {
        let face = self.faces.get(font.0)?;
        let bbox = face
            .face
            .glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(glyph))?;
        let to_pt = |units: i16| face.metrics.to_pt(i32::from(units), size);
        Some((to_pt(bbox.x_min), to_pt(bbox.x_max)))
    }

    /// How far below and above the baseline the outline of `c`'s glyph in
    /// face `font` reaches at `size`, in points (y up); `None` when the
    /// face lacks `c` or its glyph has no outline.
    pub fn char_ink_y(&self, font: FontId, c: char, size: Pt) -> Option<(Pt, Pt)> {
        let face = self.faces.get(font.0)?;
        let glyph = face.face.glyph_index(c).filter(|g| g.0 != 0)?;
        let bbox = face.face.glyph_bounding_box(glyph)?;
        let to_pt = |units: i16| face.metrics.to_pt(i32::from(units), size);
        Some((to_pt(bbox.y_min), to_pt(bbox.y_max)))
    }

    /// The glyph's own advance in design units (what `/W` is made from).
    pub fn glyph_advance(&self, kind: FaceKind, glyph: u16) -> u16 {
        self.face(kind)
            .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(glyph))
            .unwrap_or(0)
    }
}

/// The scale that gives `fallback` the x-height of `primary`, kept
/// within 80–100 % (a font with a wrong or odd x-height cannot shrink or
/// grow its text past that). The x-height is a face's OS/2 `sxHeight`, or
/// the top of its `x` where the table has none (XeTeX's `\fontdimen5`,
/// which fontspec's `MatchLowercase` reads). For a script without lower
/// case the face's x-height is what its designer drew the script to
/// stand beside: Noto Serif Devanagari gives its headline (0.623 em),
/// Noto Serif Hebrew the x-height of Noto's Latin (0.536 em; its letters
/// are 0.647 em tall); either way the letters land between EB
/// Garamond's x-height and its capitals, where bilingual setting puts
/// them. A face with ideographs keeps the text's size: Chinese,
/// Japanese and Korean are drawn to fill the em square, whose size is
/// the text's (xeCJK and Typst do not scale them either; CSS matches
/// them by the ideograph's width, `ic-width`, not the x-height). A face
/// with neither x-height nor `x` (Noto Naskh Arabic) keeps it too.
fn match_lowercase(primary: &LoadedFace<'_>, fallback: &LoadedFace<'_>) -> f32 {
    let has = |face: &LoadedFace<'_>, c: char| face.face.glyph_index(c).is_some_and(|g| g.0 != 0);
    if ['\u{4E00}', '\u{3042}', '\u{AC00}']
        .iter()
        .any(|&c| has(fallback, c))
    {
        return 1.0;
    }
    let x_height = |face: &LoadedFace<'_>| -> Option<f32> {
        let units = f32::from(face.metrics.units_per_em.max(1));
        let table = face.face.tables().os2.and_then(|os2| os2.x_height());
        let height = match table {
            Some(h) if h > 0 => f32::from(h),
            _ => {
                let x = face.face.glyph_index('x').filter(|g| g.0 != 0)?;
                f32::from(face.face.glyph_bounding_box(x)?.y_max)
            }
        };
        (height > 0.0).then_some(height / units)
    };
    match (x_height(primary), x_height(fallback)) {
        (Some(text), Some(other)) => (text / other).clamp(0.8, 1.0),
        _ => 1.0,
    }
}

/// Parses the face at `index` in `bytes`; `source` gives the same bytes
/// to HarfRust (without a copy when they are `'static` or shared).
fn load(
    bytes: &[u8],
    index: u32,
    source: impl FnOnce() -> harfrust::font::Source,
) -> Option<LoadedFace<'_>> {
    let face = rustybuzz::Face::from_slice(bytes, index)?;
    let shaping = harfrust::Font::new(source(), index)?;
    let units_per_em = u16::try_from(face.units_per_em()).ok().filter(|u| *u > 0)?;
    let ascender = face.ascender();
    let x_height = face
        .x_height()
        .unwrap_or((i32::from(units_per_em) / 2) as i16);
    let metrics = Metrics {
        units_per_em,
        ascender,
        descender: face.descender(),
        x_height,
        cap_height: face.capital_height().unwrap_or(ascender),
    };
    let name = postscript_name(&face).unwrap_or_else(|| "Font".to_string());
    let family = family_name(&face).unwrap_or_else(|| name.clone());
    Some(LoadedFace {
        bytes,
        shared: None,
        index,
        label: name.clone(),
        face,
        shaping,
        name,
        family,
        metrics,
    })
}

/// The typographic family name (name ID 16), else the family name (1), in
/// a Unicode encoding (ttf-parser decodes those only).
fn family_name(face: &rustybuzz::ttf_parser::Face<'_>) -> Option<String> {
    use rustybuzz::ttf_parser::name_id;
    [name_id::TYPOGRAPHIC_FAMILY, name_id::FAMILY]
        .into_iter()
        .find_map(|id| {
            face.names()
                .into_iter()
                .filter(|n| n.name_id == id)
                .find_map(|n| n.to_string())
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        })
}

fn postscript_name(face: &rustybuzz::ttf_parser::Face<'_>) -> Option<String> {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == rustybuzz::ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .map(|name| {
            // PDF names may not hold spaces or delimiters.
            name.chars()
                .filter(|c| c.is_ascii_graphic() && !"[](){}<>/%#".contains(*c))
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_family_loads_in_font_id_order() {
        let set = FontSet::embedded();
        let faces = set.faces();
        // The five faces, then the math face.
        assert_eq!(faces.len(), FaceKind::ALL.len() + 1);
        assert_eq!(set.math_font_id().0, FaceKind::ALL.len());
        assert_eq!(faces[0].name, set.name(FaceKind::Regular));
        for kind in FaceKind::ALL {
            assert_eq!(kind.font_id().0, kind.index());
            let m = set.metrics(kind);
            assert!(m.units_per_em > 0);
            assert!(m.ascender > m.x_height && m.x_height > 0 && m.descender < 0);
        }
        assert!(
            set.name(FaceKind::Italic).contains("Italic"),
            "{}",
            set.name(FaceKind::Italic)
        );
    }

    #[test]
    fn a_face_is_named_by_its_family() {
        let embedded = FontSet::embedded();
        assert_eq!(embedded.family(FaceKind::Regular), "EB Garamond");
        assert_eq!(embedded.family(FaceKind::Mono), "Inconsolata");
        // The book's own face: its family from the name table, whatever
        // its slot (Inconsolata as the book's italic here).
        let files = FontFiles {
            italic: Some(crate::fonts::MONO.to_vec()),
            ..FontFiles::default()
        };
        let set = FontSet::new(&files).unwrap();
        assert_eq!(set.family(FaceKind::Italic), "Inconsolata");
        assert_eq!(set.family(FaceKind::Regular), "EB Garamond");
    }

    #[test]
    fn rejects_a_file_that_is_not_a_font() {
        let files = FontFiles {
            italic: Some(b"not a font".to_vec()),
            ..FontFiles::default()
        };
        let err = FontSet::new(&files).unwrap_err();
        assert!(err.to_string().contains("fonts.italic"), "{err}");
    }

    #[test]
    fn custom_face_replaces_only_its_slot() {
        let files = FontFiles {
            bold: Some(crate::fonts::REGULAR.to_vec()),
            ..FontFiles::default()
        };
        let set = FontSet::new(&files).unwrap();
        assert_eq!(set.name(FaceKind::Bold), set.name(FaceKind::Regular));
    }
}

#[cfg(test)]
mod scale_tests {
    use super::*;
    use crate::model::FallbackFont;

    fn with_fallbacks(faces: &[&[u8]]) -> FontFiles {
        FontFiles {
            fallbacks: faces
                .iter()
                .map(|bytes| FallbackFont {
                    label: "test".to_string(),
                    bytes: Arc::new(bytes.to_vec()),
                    index: 0,
                })
                .collect(),
            ..FontFiles::default()
        }
    }

    /// A fallback face is scaled to the regular face's x-height within
    /// 80–100 %: Inconsolata as a fallback (x-height 0.457 em against EB
    /// Garamond's 0.400) at 87.5 %, as inline code; Noto Serif Hebrew
    /// (x-height 0.536 em) at the floor of 80 %; EB Garamond against
    /// itself at 100 %. The book's own faces keep their size.
    #[test]
    fn a_fallback_face_is_scaled_to_the_texts_x_height() {
        let hebrew = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/books/hebrew/fonts/NotoSerifHebrew-Regular.ttf"),
        )
        .unwrap();
        let files = with_fallbacks(&[crate::fonts::MONO, &hebrew, crate::fonts::REGULAR]);
        let set = FontSet::new(&files).unwrap();
        let mono = set.fallback_scale(FaceKind::Fallback(0));
        assert!((mono - set.inline_code_scale()).abs() < 1e-6, "{mono}");
        assert!((0.86..0.89).contains(&mono), "{mono}");
        assert_eq!(set.fallback_scale(FaceKind::Fallback(1)), 0.8);
        assert_eq!(set.fallback_scale(FaceKind::Fallback(2)), 1.0);
        for kind in FaceKind::ALL {
            assert_eq!(set.fallback_scale(kind), 1.0);
        }
    }
}
