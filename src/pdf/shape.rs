//! Shaping: text in one face → positioned glyphs (kerning, ligatures, contextual alternates) via HarfRust.
//!
//! Shaping is the costliest step of setting a paragraph, so the `Shaper`
//! keeps one shaping plan per face and variant (built once), reuses one
//! buffer, and caches every distinct (face, variant, text) it has shaped:
//! a book repeats its words, and a paragraph is shaped twice (once for
//! the line breaker's widths, once to set its lines).
//!
//! The book's own faces are shaped as Latin, left to right (their plans
//! are built once). A fallback face sets other scripts: its text's script
//! and direction are guessed per piece, and right-to-left output is turned
//! back into logical order, so every [`ShapedText`] runs in the order of
//! its text; the line is put in visual order later (`pdf::bidi`).
//!
//! The typesetters of one build (the build thread's and the workers')
//! share what they shape through [`SharedShapes`]: a word one of them has
//! shaped is not shaped again by the others, which was most of the cost of
//! a short book (each typesetter shaped the vocabulary afresh). Shaping is
//! deterministic, so which thread shaped a text first changes nothing.

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use harfrust::{Buffer, Direction, Feature, Script, ShapeOptions, ShapePlan, ShaperFont, Tag};

use crate::pdf::fontset::{FaceKind, FontSet};

/// How text is set within a face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Variant {
    /// The face's default features (kern, liga, calt, ...).
    Normal,
    /// Superior figures (`sups`), for note numbers, when the face has them.
    Superior,
    /// Lining tabular figures (`lnum`, `tnum`), for numbers in table
    /// columns, which then line up digit under digit; a face without the
    /// features keeps its own figures.
    Tabular,
    /// Lining proportional figures (`lnum`), for text in a script whose
    /// letters are all of one height (Hebrew, Arabic, Chinese): old-style
    /// figures, sized to lower-case Latin letters, look out of place
    /// there (an old-style 1 reads as ı beside Hebrew).
    Lining,
}

/// One glyph out of the shaper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShapedGlyph {
    pub id: u16,
    /// Pen movement in design units, kerning included.
    pub advance: i32,
    /// Where the glyph is drawn from the pen, design units (right, up):
    /// GPOS mark placement puts a combining mark over its base this way.
    pub x_offset: i32,
    pub y_offset: i32,
    /// Byte offset in the shaped text of the first character this glyph
    /// stands for (rustybuzz cluster; monotone, as glyphs are in logical order).
    pub cluster: u32,
}

/// A shaped piece of text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShapedText {
    pub glyphs: Vec<ShapedGlyph>,
    /// Sum of the advances, design units.
    pub width: i32,
}

impl ShapedText {
    /// The text each glyph stands for: the whole cluster on the first glyph
    /// of a cluster, empty on the rest (ToUnicode needs exactly that).
    pub fn glyph_texts<'t>(&self, text: &'t str) -> Vec<&'t str> {
        (0..self.glyphs.len())
            .map(|i| self.glyph_text(i, text))
            .collect()
    }

    /// The text of glyph `i` (see [`ShapedText::glyph_texts`]).
    pub fn glyph_text<'t>(&self, i: usize, text: &'t str) -> &'t str {
        let glyph = &self.glyphs[i];
        let start = glyph.cluster as usize;
        if i > 0 && self.glyphs[i - 1].cluster == glyph.cluster {
            return "";
        }
        let end = self.glyphs[i + 1..]
            .iter()
            .map(|g| g.cluster as usize)
            .find(|&c| c > start)
            .unwrap_or(text.len());
        text.get(start..end).unwrap_or("")
    }

    /// Width in design units of the glyphs whose cluster starts before `byte`.
    pub fn width_before(&self, byte: usize) -> i32 {
        self.glyphs
            .iter()
            .filter(|g| (g.cluster as usize) < byte)
            .map(|g| g.advance)
            .sum()
    }
}

/// Shaped texts shared by the shapers of one book's fonts, across
/// threads: one map per face and variant, as each shaper's own cache.
#[derive(Default)]
pub struct SharedShapes {
    slots: Mutex<Vec<FxHashMap<String, Arc<ShapedText>>>>,
}

impl SharedShapes {
    fn get(&self, slot: usize, text: &str) -> Option<Arc<ShapedText>> {
        let slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.get(slot)?.get(text).cloned()
    }

    /// Keeps `shaped` for `text` unless another shaper was first (with
    /// the same glyphs); returns the one kept.
    fn insert(&self, slot: usize, text: &str, shaped: ShapedText) -> Arc<ShapedText> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if slots.len() <= slot {
            slots.resize_with(slot + 1, FxHashMap::default);
        }
        Arc::clone(
            slots[slot]
                .entry(text.to_string())
                .or_insert_with(|| Arc::new(shaped)),
        )
    }
}

/// Handle to a shaped text held by a [`Shaper`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShapeId(usize);

/// Whether `kind` should be set with old-style figures (`onum`) to match
/// the regular face: the regular's figures are old-style, `kind`'s own
/// are lining, and it has old-style ones to give. The built-in bold (EB
/// Garamond's, by Octavio Pardo) draws lining figures, EB Garamond 12's
/// regular and italic old-style ones: a bold "1960" in a line of text
/// stood half a letter taller than the figures around it.
fn old_style_to_match(fonts: &FontSet<'_>, kind: FaceKind) -> bool {
    // A figure one reaching well below the capitals' height is old-style.
    let old_style = |kind: FaceKind| -> Option<bool> {
        let face = fonts.face(kind);
        let one = face.glyph_index('1')?;
        let top = face.glyph_bounding_box(one)?.y_max;
        let capitals = face.capital_height()?;
        Some(f32::from(top) < 0.8 * f32::from(capitals))
    };
    let has_onum = fonts.face(kind).tables().gsub.is_some_and(|gsub| {
        gsub.features
            .into_iter()
            .any(|f| f.tag == rustybuzz::ttf_parser::Tag::from_bytes(b"onum"))
    });
    kind != FaceKind::Regular
        && has_onum
        && old_style(FaceKind::Regular) == Some(true)
        && old_style(kind) == Some(false)
}

/// Shapes text with cached plans and a per-text cache.
pub struct Shaper<'a> {
    fonts: FontSet<'a>,
    /// `plans[face][variant]`, for the faces of [`FaceKind::ALL`].
    plans: Vec<[ShapePlan; VARIANTS]>,
    /// The features each variant asks for, by face (those of
    /// [`FaceKind::ALL`]; a fallback face takes `features[0]`'s) and
    /// [`variant_index`].
    features: Vec<[Vec<Feature>; VARIANTS]>,
    /// Whether each face has superior figures.
    has_superiors: Vec<bool>,
    /// One map per face and variant, so a lookup by `&str` needs no allocation.
    cache: Vec<FxHashMap<String, ShapeId>>,
    shaped: Vec<Arc<ShapedText>>,
    /// What the book's other typesetters have shaped, if it is shared.
    shared: Option<Arc<SharedShapes>>,
    buffer: Buffer,
}

impl<'a> Shaper<'a> {
    pub fn new(fonts: FontSet<'a>) -> Shaper<'a> {
        let features: Vec<[Vec<Feature>; VARIANTS]> = FaceKind::ALL
            .iter()
            .map(|&kind| {
                let figures = old_style_to_match(&fonts, kind)
                    .then(|| Feature::new(Tag::new(b"onum"), 1, ..));
                [
                    figures.into_iter().collect(),
                    vec![Feature::new(Tag::new(b"sups"), 1, ..)],
                    vec![
                        Feature::new(Tag::new(b"lnum"), 1, ..),
                        Feature::new(Tag::new(b"tnum"), 1, ..),
                    ],
                    vec![Feature::new(Tag::new(b"lnum"), 1, ..)],
                ]
            })
            .collect();
        let plans = FaceKind::ALL
            .iter()
            .map(|&kind| {
                let font = fonts.shaping_font(kind);
                let features = &features[kind.index()];
                let plan = |features: &[Feature]| {
                    ShapePlan::new(
                        font,
                        Direction::LeftToRight,
                        Some(Script::LATIN),
                        None,
                        features,
                    )
                };
                features.each_ref().map(|f| plan(f))
            })
            .collect();
        let kinds = fonts.kinds();
        let mut shaper = Shaper {
            plans,
            features,
            has_superiors: vec![false; fonts.len()],
            cache: vec![FxHashMap::default(); VARIANTS * fonts.len()],
            fonts,
            shaped: Vec::new(),
            shared: None,
            buffer: Buffer::new(),
        };
        for kind in kinds {
            // A face has superiors when `sups` changes the glyph of a digit.
            let plain = shaper.shape(kind, Variant::Normal, "1");
            let sup = shaper.shape(kind, Variant::Superior, "1");
            shaper.has_superiors[kind.index()] = shaper.get(plain).glyphs != shaper.get(sup).glyphs;
        }
        shaper
    }

    pub fn fonts(&self) -> &FontSet<'a> {
        &self.fonts
    }

    /// Whether `kind` has superior figures (else note numbers are scaled).
    pub fn has_superiors(&self, kind: FaceKind) -> bool {
        self.has_superiors[kind.index()]
    }

    /// Shapes `text` (cached).
    pub fn shape(&mut self, kind: FaceKind, variant: Variant, text: &str) -> ShapeId {
        self.shape_in(kind, variant, None, text)
    }

    /// [`Shaper::shape`] for text in the language `lang` (a BCP 47 tag).
    /// A fallback face is told the language, so its `locl` feature picks
    /// the language's glyph forms: a Pan-CJK face sets Japanese with
    /// Japanese forms and Chinese with Chinese ones (骨, 角, 海 differ),
    /// whichever region the face defaults to. The book's own faces are
    /// shaped as before, whatever the language.
    pub fn shape_in(
        &mut self,
        kind: FaceKind,
        variant: Variant,
        lang: Option<&str>,
        text: &str,
    ) -> ShapeId {
        let lang = lang.filter(|_| kind.is_fallback());
        // The language is part of what was shaped: a text in two
        // languages is two shapes.
        let keyed;
        let key = match lang {
            Some(lang) => {
                keyed = format!("{lang}\u{0}{text}");
                keyed.as_str()
            }
            None => text,
        };
        let slot = kind.index() * VARIANTS + variant_index(variant);
        if let Some(&id) = self.cache[slot].get(key) {
            return id;
        }
        let shaped = match self.shared.clone() {
            Some(shared) => match shared.get(slot, key) {
                Some(known) => known,
                None => shared.insert(slot, key, self.shape_text(kind, variant, lang, text)),
            },
            None => Arc::new(self.shape_text(kind, variant, lang, text)),
        };
        let id = ShapeId(self.shaped.len());
        self.shaped.push(shaped);
        self.cache[slot].insert(key.to_string(), id);
        id
    }

    pub fn get(&self, id: ShapeId) -> &ShapedText {
        &self.shaped[id.0]
    }

    /// Shares what this shaper shapes with the others given `shared` (of
    /// the same fonts), and uses what they shaped.
    pub fn share(&mut self, shared: &Arc<SharedShapes>) {
        self.shared = Some(Arc::clone(shared));
    }

    /// Shapes without consulting the cache (benchmarks compare the two).
    pub fn shape_uncached(&mut self, kind: FaceKind, variant: Variant, text: &str) -> ShapedText {
        self.shape_text(kind, variant, None, text)
    }

    /// Shapes `text` in `lang` (if known) without the cache.
    fn shape_text(
        &mut self,
        kind: FaceKind,
        variant: Variant,
        lang: Option<&str>,
        text: &str,
    ) -> ShapedText {
        let buffer = &mut self.buffer;
        buffer.clear();
        buffer.push_str(text);
        let font = ShaperFont::new(self.fonts.shaping_font(kind));
        let shaped = if let Some(plans) = self.plans.get(kind.index()) {
            buffer.set_direction(Direction::LeftToRight);
            buffer.set_script(Some(Script::LATIN));
            let v = variant_index(variant);
            let options = ShapeOptions::new()
                .plan(Some(&plans[v]))
                .features(&self.features[kind.index()][v]);
            harfrust::shape(&font, buffer, options)
        } else {
            buffer.guess_segment_properties();
            if let Some(language) = lang.and_then(|l| l.parse::<harfrust::Language>().ok()) {
                buffer.set_language(Some(language));
            }
            harfrust::shape(
                &font,
                buffer,
                ShapeOptions::new().features(&self.features[0][variant_index(variant)]),
            )
        };
        if shaped.is_err() {
            // Only a plan for another direction or script fails, and each
            // plan above is built for the buffer's: never reached. No glyphs
            // rather than a panic all the same.
            return ShapedText::default();
        }
        let rtl = buffer.direction() == Direction::RightToLeft;
        let mut glyphs: Vec<ShapedGlyph> = buffer
            .glyph_infos()
            .iter()
            .zip(buffer.glyph_positions())
            .map(|(info, pos)| ShapedGlyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: pos.x_advance,
                x_offset: pos.x_offset,
                y_offset: pos.y_offset,
                cluster: info.cluster,
            })
            .collect();
        if rtl {
            // Visual order → logical: clusters ascend like the text.
            glyphs.reverse();
        }
        let width = glyphs.iter().map(|g| g.advance).sum();
        ShapedText { glyphs, width }
    }
}

/// How many [`Variant`]s there are: plans and caches per face.
const VARIANTS: usize = 4;

fn variant_index(variant: Variant) -> usize {
    match variant {
        Variant::Normal => 0,
        Variant::Superior => 1,
        Variant::Tabular => 2,
        Variant::Lining => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaper() -> Shaper<'static> {
        Shaper::new(FontSet::embedded())
    }

    #[test]
    fn kerning_and_cache() {
        let mut s = shaper();
        let a = s.shape(FaceKind::Regular, Variant::Normal, "AVAV");
        let b = s.shape(FaceKind::Regular, Variant::Normal, "AVAV");
        assert_eq!(a, b, "second shaping comes from the cache");
        let kerned = s.get(a).width;
        let unkerned: i32 = ["A", "V", "A", "V"]
            .iter()
            .map(|t| {
                let id = s.shape(FaceKind::Regular, Variant::Normal, t);
                s.get(id).width
            })
            .sum();
        assert!(kerned < unkerned, "AV is kerned: {kerned} vs {unkerned}");
    }

    #[test]
    fn every_character_lands_in_some_glyph_text() {
        let mut s = shaper();
        for text in ["office", "“affluent”", "fjord", "Théâtre"] {
            let id = s.shape(FaceKind::Regular, Variant::Normal, text);
            let joined: String = s.get(id).glyph_texts(text).concat();
            assert_eq!(joined, text);
        }
    }

    /// A combining mark with no precomposed form (k and x with a tilde):
    /// GPOS mark placement moves it back over its base and, over the
    /// ascender of k, up (EB Garamond: -341 and +228 units); the page
    /// must keep that, else it prints after the letter, on its x-height.
    #[test]
    fn combining_marks_carry_their_placement() {
        let mut s = shaper();
        for text in ["k\u{303}", "x\u{303}"] {
            let id = s.shape(FaceKind::Regular, Variant::Normal, text);
            let shaped = s.get(id);
            assert_eq!(shaped.glyphs.len(), 2, "{text}: {shaped:?}");
            let mark = shaped.glyphs[1];
            assert!(
                mark.x_offset < 0,
                "{text}: the mark is not placed: {shaped:?}"
            );
        }
    }

    /// Table figures: lining and all of one width in EB Garamond, where
    /// the text's old-style figures differ (1 is narrower than 0).
    #[test]
    fn tabular_figures_are_all_one_width() {
        let mut s = shaper();
        let widths = |s: &mut Shaper<'_>, v: Variant| -> Vec<i32> {
            "0123456789"
                .chars()
                .map(|c| {
                    let id = s.shape(FaceKind::Regular, v, &c.to_string());
                    s.get(id).width
                })
                .collect()
        };
        let text = widths(&mut s, Variant::Normal);
        let table = widths(&mut s, Variant::Tabular);
        assert!(text.iter().any(|w| *w != text[0]), "{text:?}");
        assert!(table.iter().all(|w| *w == table[0]), "{table:?}");
        let normal = s.shape(FaceKind::Regular, Variant::Normal, "1960");
        let tabular = s.shape(FaceKind::Regular, Variant::Tabular, "1960");
        assert_ne!(s.get(normal).glyphs, s.get(tabular).glyphs);
    }

    #[test]
    fn garamond_has_superior_figures() {
        let s = shaper();
        assert!(s.has_superiors(FaceKind::Regular));
    }

    /// The built-in faces have what a Latin book's text needs: the bold
    /// too (EB Garamond 12's held ASCII only, and bold quotation marks,
    /// dashes and accented letters printed as empty boxes).
    #[test]
    fn every_built_in_text_face_has_latin_punctuation_and_accents() {
        let fonts = FontSet::embedded();
        let text = "“‘’”—–…«»‹›„‚ éèêëàâäçîïôöùûüÿœæßñøåáíóúãõčšžłńśźżőűăâîșțğışėąęųįūř 0123456789";
        for kind in [FaceKind::Regular, FaceKind::Italic, FaceKind::Bold] {
            let missing: String = text
                .chars()
                .filter(|&c| fonts.face(kind).glyph_index(c).is_none())
                .collect();
            assert_eq!(missing, "", "{kind:?} lacks these");
        }
    }

    /// Figures in the bold stand as high as the regular's (old-style,
    /// `onum` asked for), where the bold's own are lining; the italic's,
    /// old-style already, are left as the font gives them.
    #[test]
    fn the_bold_sets_old_style_figures_like_the_regular() {
        let fonts = FontSet::embedded();
        assert!(old_style_to_match(&fonts, FaceKind::Bold));
        assert!(!old_style_to_match(&fonts, FaceKind::Italic));
        assert!(!old_style_to_match(&fonts, FaceKind::Regular));
        let mut s = Shaper::new(FontSet::embedded());
        let top = |s: &mut Shaper<'_>, kind: FaceKind| -> i16 {
            let id = s.shape(kind, Variant::Normal, "1");
            let glyph = s.get(id).glyphs[0].id;
            s.fonts()
                .face(kind)
                .glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(glyph))
                .unwrap()
                .y_max
        };
        let (regular, bold) = (top(&mut s, FaceKind::Regular), top(&mut s, FaceKind::Bold));
        assert!(
            (bold - regular).abs() < 60,
            "a bold 1 reaches {bold}, a regular one {regular}"
        );
        // Tables still ask for lining figures, in every face.
        let id = s.shape(FaceKind::Bold, Variant::Tabular, "1");
        let glyph = s.get(id).glyphs[0].id;
        let lining = s
            .fonts()
            .face(FaceKind::Bold)
            .glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(glyph))
            .unwrap()
            .y_max;
        assert!(lining > bold + 150, "{lining} against {bold}");
    }
}
