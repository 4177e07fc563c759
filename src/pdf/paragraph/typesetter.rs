//! The typesetter: its caches, and the entry points that set a paragraph, its variants or a single line.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::items::Prepared;
use super::{
    Align, Alternative, Alternatives, ParagraphStyle, ParagraphVariants, SetLine, SetParagraph,
    Setting, Tuning,
};
use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::model::{Book, Inline};
use crate::pdf::fontset::{FaceKind, FontSet};
use crate::pdf::hyphenate::{Hyphenator, SharedHyphens, WordBreak};
use crate::pdf::linebreak::{self, Item, Params};
use crate::pdf::shape::Shaper;
use crate::pdf::units::Pt;

/// Sets paragraphs and single lines in one font family and language.
/// Holds the caches that make a book fast to set: shaping plans and
/// shaped words (in the [`Shaper`]), hyphenated words, reusable buffers.
pub struct Typesetter<'a> {
    pub(super) shaper: Shaper<'a>,
    pub(super) hyphenator: Hyphenator,
    pub(super) hyphenation_cache: FxHashMap<String, Vec<WordBreak>>,
    /// What the book's other typesetters hyphenated, if it is shared.
    pub(super) shared_hyphens: Option<std::sync::Arc<SharedHyphens>>,
    pub(super) word_cache: super::analyse::WordCache,
    /// The language `hyphenator` breaks, and the other languages met so
    /// far with their caches, kept for when the text returns to them.
    pub(super) language: String,
    /// The book's language (empty when the typesetter sets no book).
    pub(super) book_language: String,
    other_languages: HashMap<String, (Hyphenator, FxHashMap<String, Vec<WordBreak>>)>,
    minima: (usize, usize),
    /// The book's hyphenation exceptions, given to each language's
    /// hyphenator as it is made.
    exceptions: crate::exceptions::Exceptions,
    /// The space glyph of each face, by `FaceKind::index`.
    pub(super) space_glyph: Vec<u16>,
    pub tuning: Tuning,
    /// The book's images (figures need their sizes); none outside a book.
    pub images: Option<&'a std::collections::BTreeMap<String, crate::model::ImageAsset>>,
    /// What a table's caption gains on the pages the table continues to:
    /// the book's `continued` label ("(continued)" outside a book).
    pub continued: String,
    /// The title of a callout that gives none, by kind (in
    /// `CalloutKind::ALL`'s order): the book's labels.
    pub callouts: [String; 5],
    /// The digits of the note numbers it sets, in the text and before
    /// each note: the book's `numerals` (Western outside a book).
    pub numerals: crate::numerals::Numerals,
    /// Reused from line to line by `render_line` and `measure_line`.
    pub(super) scratch_elements: Vec<super::set::Element>,
    /// Reused from line to line by `render_line`: the line's glyphs, and
    /// where each starts.
    pub(super) scratch_flat: Vec<super::set::Flat>,
    pub(super) scratch_starts: Vec<Pt>,
}

/// What the typesetters of one book share across threads: shaped texts
/// and hyphenated words, each found once for the book.
#[derive(Default, Clone)]
pub struct Shared {
    pub shapes: std::sync::Arc<crate::pdf::shape::SharedShapes>,
    pub hyphens: std::sync::Arc<SharedHyphens>,
}

impl std::fmt::Debug for Typesetter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typesetter")
            .field("fonts", self.shaper.fonts())
            .field("hyphenator", &self.hyphenator)
            .field("tuning", &self.tuning)
            .finish()
    }
}

impl<'a> Typesetter<'a> {
    pub fn new(fonts: FontSet<'a>, hyphenator: Hyphenator) -> Typesetter<'a> {
        let space_glyph = fonts
            .kinds()
            .into_iter()
            .map(|kind| fonts.face(kind).glyph_index(' ').map_or(0, |g| g.0))
            .collect();
        Typesetter {
            shaper: Shaper::new(fonts),
            hyphenator,
            hyphenation_cache: FxHashMap::default(),
            shared_hyphens: None,
            word_cache: Default::default(),
            language: String::new(),
            book_language: String::new(),
            other_languages: HashMap::new(),
            minima: (2, 3),
            exceptions: Default::default(),
            space_glyph,
            tuning: Tuning::default(),
            images: None,
            continued: crate::labels::Labels::default().continued,
            callouts: crate::model::CalloutKind::ALL
                .map(|k| crate::labels::Labels::default().callout(k).to_string()),
            numerals: crate::numerals::Numerals::Latn,
            scratch_elements: Vec::new(),
            scratch_flat: Vec::new(),
            scratch_starts: Vec::new(),
        }
    }

    /// The book's fonts and its language's patterns with its `[pdf]`
    /// hyphenation minima and exceptions. A language without patterns is set without
    /// hyphenation, with a warning.
    pub fn for_book(
        book: &'a Book,
        diagnostics: &mut Diagnostics,
    ) -> Result<Typesetter<'a>, Failure> {
        let fonts = FontSet::new(&book.assets.fonts)?;
        let hyphenator = match Hyphenator::new(
            &book.metadata.language,
            book.pdf.hyphenate_left_min,
            book.pdf.hyphenate_right_min,
        ) {
            Ok(h) => h,
            Err(_)
                if crate::pdf::hyphenate::unhyphenated_by_convention(&book.metadata.language) =>
            {
                Hyphenator::without_patterns()
            }
            Err(_) => {
                diagnostics.push(
                    Diagnostic::warning(
                        "book.toml",
                        0,
                        0,
                        format!(
                            "no hyphenation patterns for language `{}`; the PDF is set without hyphenation",
                            book.metadata.language
                        ),
                    )
                    .with_hint("set `language` to a BCP 47 tag such as en-GB"),
                );
                Hyphenator::without_patterns()
            }
        };
        let exceptions = &book.pdf.hyphenation_exceptions;
        let hyphenator = hyphenator.with_exceptions(exceptions, &book.metadata.language);
        let mut ts = Typesetter::new(fonts, hyphenator);
        ts.exceptions = exceptions.clone();
        ts.language = book.metadata.language.clone();
        ts.book_language = book.metadata.language.clone();
        ts.minima = (book.pdf.hyphenate_left_min, book.pdf.hyphenate_right_min);
        ts.images = Some(&book.assets.images);
        ts.continued = book.labels.continued.clone();
        ts.callouts = crate::model::CalloutKind::ALL.map(|k| book.labels.callout(k).to_string());
        ts.numerals = book.labels.numerals;
        Ok(ts)
    }

    /// Hyphenates from now on in `lang` (a BCP 47 tag): a chapter in
    /// another language than the book's is broken by its own patterns, or
    /// not at all when there are none (`pdf::hyphenate::missing_patterns`
    /// says so once per book). Switching back is cheap: each language
    /// keeps its patterns and its cache.
    pub fn set_language(&mut self, lang: &str) {
        if lang == self.language {
            return;
        }
        let (hyphenator, cache) = self.other_languages.remove(lang).unwrap_or_else(|| {
            let (left, right) = self.minima;
            let h = Hyphenator::new(lang, left, right)
                .unwrap_or_else(|_| Hyphenator::without_patterns())
                .with_exceptions(&self.exceptions, lang);
            (h, FxHashMap::default())
        });
        let old = (
            std::mem::replace(&mut self.hyphenator, hyphenator),
            std::mem::replace(&mut self.hyphenation_cache, cache),
        );
        let old_language = std::mem::replace(&mut self.language, lang.to_string());
        self.other_languages.insert(old_language, old);
    }

    /// Hyphenates with `lang`'s patterns from now on; returns the
    /// language it replaces, to switch back.
    pub(super) fn switch_language(&mut self, lang: &str) -> String {
        let old = self.language.clone();
        self.set_language(lang);
        old
    }

    /// Shapes through `shared` from now on: what the book's other
    /// typesetters shaped is not shaped again (see `pdf::shape`).
    pub fn share_shapes(&mut self, shared: &std::sync::Arc<crate::pdf::shape::SharedShapes>) {
        self.shaper.share(shared);
    }

    /// Shapes and hyphenates through `shared` from now on.
    pub fn share(&mut self, shared: &Shared) {
        self.share_shapes(&shared.shapes);
        self.share_hyphens(&shared.hyphens);
    }

    /// Hyphenates through `shared` from now on: a word another of the
    /// book's typesetters hyphenated is not hyphenated again (see
    /// `pdf::hyphenate::SharedHyphens`).
    pub fn share_hyphens(&mut self, shared: &std::sync::Arc<SharedHyphens>) {
        self.shared_hyphens = Some(std::sync::Arc::clone(shared));
    }

    /// The language words are hyphenated in (a BCP 47 tag).
    pub fn language(&self) -> &str {
        &self.language
    }

    pub fn fonts(&self) -> &FontSet<'a> {
        self.shaper.fonts()
    }

    /// Sets a paragraph (see [`ParagraphStyle`]). Centred text of more
    /// than one line is balanced.
    ///
    /// Display text (centred, unhyphenated: titles, headings) holding a
    /// word wider than the measure ("Rechtsschutzversicherungs-
    /// gesellschaften" in a title) is hyphenated, and if a fragment is
    /// still too wide, set smaller until it fits: a title never runs off
    /// the page.
    pub fn set_paragraph(&mut self, content: &[Inline], style: &ParagraphStyle) -> SetParagraph {
        let set = self.set_paragraph_once(content, style);
        let display = style.align == Align::Center && !style.hyphenate;
        if !display || style.measure >= f32::MAX || !set.lines.iter().any(|l| l.overfull) {
            return set;
        }
        let hyphenated = ParagraphStyle {
            hyphenate: true,
            ..*style
        };
        // Hyphens only where a word cannot fit whole: at a penalty this
        // high balancing the lines never buys one ("Extraordi-narily").
        let penalty = self.tuning.hyphen_penalty;
        self.tuning.hyphen_penalty = penalty.max(0.5 * linebreak::INFINITY);
        let mut set = self.set_paragraph_once(content, &hyphenated);
        // Each step sets it as much smaller as the widest line is too
        // wide (and a little more, for the spaces a smaller size keeps);
        // never below a third of the size.
        let mut size = style.size;
        for _ in 0..4 {
            let widest = set.lines.iter().map(|l| l.width).fold(0.0, f32::max);
            if !set.lines.iter().any(|l| l.overfull) || widest <= 0.0 {
                break;
            }
            size = (size * style.measure / widest * 0.98).max(style.size / 3.0);
            set = self.set_paragraph_once(content, &ParagraphStyle { size, ..hyphenated });
        }
        self.tuning.hyphen_penalty = penalty;
        set
    }

    /// Sets a paragraph whose lines, if more than one, are of even length
    /// (see [`balance`]), whatever its alignment: a contents entry that
    /// wraps reads "The Prerequisites of Good Paper, / and the Peculiar
    /// Forms Which It Takes", not a long line and a word.
    pub fn set_balanced(&mut self, content: &[Inline], style: &ParagraphStyle) -> SetParagraph {
        self.set_breaking(content, style, true)
    }

    fn set_paragraph_once(&mut self, content: &[Inline], style: &ParagraphStyle) -> SetParagraph {
        self.set_breaking(content, style, style.align == Align::Center)
    }

    fn set_breaking(
        &mut self,
        content: &[Inline],
        style: &ParagraphStyle,
        balanced: bool,
    ) -> SetParagraph {
        let prepared = self.prepare(content, style);
        let params = self.params(style);
        let mut breaks = linebreak::break_lines(&prepared.items, style.measure, &params);
        if balanced && breaks.lines.len() > 1 && style.measure < f32::MAX {
            breaks = balance(&prepared.items, style.measure, &params, breaks);
        }
        self.render(&prepared, style, &breaks)
    }

    /// The paragraph at its best, plus one line fewer and one more when
    /// the breaker found them in the same pass, all from one breaking run.
    pub fn set_paragraph_variants(
        &mut self,
        content: &[Inline],
        style: &ParagraphStyle,
    ) -> ParagraphVariants {
        let prepared = self.prepare_paragraph(content, style);
        self.variants_of(&prepared, style)
    }

    /// A paragraph's words, shaped and hyphenated, and the breaker's
    /// items: what [`Typesetter::variants_of`] breaks. Preparing once and
    /// breaking at two tolerances saves shaping the paragraph twice.
    pub fn prepare_paragraph(&mut self, content: &[Inline], style: &ParagraphStyle) -> Prepared {
        self.prepare(content, style)
    }

    /// [`Typesetter::set_paragraph_variants`] of a prepared paragraph, at
    /// the tuning's current tolerance. `style` must be the one it was
    /// prepared with.
    pub fn variants_of(
        &mut self,
        prepared: &Prepared,
        style: &ParagraphStyle,
    ) -> ParagraphVariants {
        let Alternatives {
            best,
            shorter,
            longer,
        } = self.alternatives_of(prepared, style);
        let mut set = |alt: Option<Alternative>| {
            alt.map(|alt| SetParagraph {
                lines: self.set_alternative(prepared, style, &alt),
                demerits: alt.demerits,
                emergency: alt.emergency,
            })
        };
        let (shorter, longer) = (set(shorter), set(longer));
        ParagraphVariants {
            best,
            shorter,
            longer,
        }
    }

    /// [`Typesetter::variants_of`] with the shorter and longer settings
    /// left unset: measured only (how their lines end, whether one is
    /// overfull), to be set if pagination chooses them.
    pub fn alternatives_of(&mut self, prepared: &Prepared, style: &ParagraphStyle) -> Alternatives {
        let params = self.params(style);
        let alternatives = linebreak::all_line_counts(&prepared.items, style.measure, &params);
        let optimal = alternatives.optimal();
        let lines = optimal.lines.len();
        let best = self.render(prepared, style, optimal);
        // Variants come from the body's own run when it found them, else
        // from one run at the variant tolerance, and never from an
        // emergency pass.
        let mut looser = params;
        looser.tolerance = self.tuning.variant_tolerance.max(params.tolerance);
        // (Pointless when the body's run was already as loose: it would
        // find the same.)
        let second = (looser.tolerance > params.tolerance
            && (alternatives.with_lines(lines + 1).is_none()
                || lines < 2
                || alternatives.with_lines(lines - 1).is_none()))
        .then(|| linebreak::all_line_counts(&prepared.items, style.measure, &looser));
        let pick = |n: usize| -> Option<linebreak::Breaks> {
            if n == 0 {
                return None;
            }
            alternatives
                .with_lines(n)
                .filter(|b| !b.emergency)
                .or_else(|| second.as_ref()?.with_lines(n).filter(|b| !b.emergency))
                .cloned()
        };
        let (shorter, longer) = (pick(lines.saturating_sub(1)), pick(lines + 1));
        let shorter = shorter.map(|b| self.measure(prepared, style, b));
        let longer = longer.map(|b| self.measure(prepared, style, b));
        Alternatives {
            best,
            shorter,
            longer,
        }
    }

    /// An alternative setting from its breaks, measured but not set.
    pub(super) fn measure(
        &mut self,
        prepared: &Prepared,
        style: &ParagraphStyle,
        breaks: linebreak::Breaks,
    ) -> Alternative {
        let count = breaks.lines.len();
        let mut ends_in_hyphen = Vec::with_capacity(count);
        let mut first_notes = Vec::with_capacity(count);
        let mut overfull = false;
        for (i, line) in breaks.lines.iter().enumerate() {
            let measured = self.measure_line(prepared, style, line, i + 1 == count);
            ends_in_hyphen.push(measured.ends_in_hyphen);
            first_notes.push(measured.first_notes);
            overfull |= measured.overfull;
        }
        Alternative {
            ends_in_hyphen,
            first_notes,
            overfull,
            demerits: breaks.demerits,
            emergency: breaks.emergency,
            setting: Setting::Breaks(breaks),
        }
    }

    /// The lines of an alternative setting of the paragraph `prepared`
    /// (in `style`, as it was prepared, by this typesetter: its shaped
    /// words are this typesetter's).
    pub fn set_alternative(
        &mut self,
        prepared: &Prepared,
        style: &ParagraphStyle,
        alt: &Alternative,
    ) -> Vec<SetLine> {
        match &alt.setting {
            Setting::Breaks(breaks) => self.render(prepared, style, breaks).lines,
            Setting::Set(lines) => lines.clone(),
        }
    }

    /// One line of plain text at natural width, never broken: headings,
    /// running heads, folios.
    pub fn set_line(&mut self, text: &str, face: FaceKind, size: Pt) -> SetLine {
        let style = ParagraphStyle {
            size,
            measure: f32::MAX,
            indent: 0.0,
            face,
            align: Align::Left,
            hyphenate: false,
            looseness: 0,
            tabular: false,
        };
        self.set_line_in(text, &style)
    }

    /// A number on a line of its own (a folio, a contents entry's number
    /// or page) in the regular face at `size`: in its own figures, or
    /// lining and tabular ones where `lining` ([`crate::pdf::folios::lining`]).
    pub fn set_figures(&mut self, text: &str, size: Pt, lining: bool) -> SetLine {
        let style = ParagraphStyle {
            tabular: lining,
            ..ParagraphStyle::body(size, f32::MAX, 0.0)
        };
        self.set_line_in(text, &style)
    }

    /// `text` on one line in small capitals at `size`: lower-cased in the
    /// small-caps face, whose lower case is its small capitals. Where that
    /// face has no small capitals for a letter of `text` (EB Garamond's
    /// have none for Cyrillic: it holds plain lower case there), the whole
    /// line is set in capitals at the small capitals' height instead, so
    /// a Russian book's "Глава 1" or author is never set as "глава 1".
    /// Either way the glyphs stand for `text` as written (see
    /// [`super::cased`]): the PDF's text is "Enver Hoxha", not "enver hoxha".
    pub fn set_small_caps(&mut self, text: &str, size: Pt) -> SetLine {
        let lower = text.to_lowercase();
        let fonts = self.fonts();
        let cased = |c: char| c.is_lowercase() && !c.to_uppercase().eq(std::iter::once(c));
        if lower.chars().all(|c| !cased(c) || fonts.small_capital(c)) {
            let mut line = self.set_line(&lower, FaceKind::SmallCaps, size);
            super::cased::restore_written(&mut line, text, &lower, char::to_lowercase);
            return line;
        }
        let scale = fonts.small_capital_scale();
        let upper = text.to_uppercase();
        let mut line = self.set_line(&upper, FaceKind::SmallCaps, size * scale);
        super::cased::restore_written(&mut line, text, &upper, char::to_uppercase);
        line
    }

    /// The least width `content` can be set in with `style` (hyphenated
    /// or not, as `style` says): its widest piece between two breaks the
    /// breaker may take, with the hyphen a break adds. Read from the
    /// breaker's items, so words a no-break space ties ("12.7 ms") are one
    /// piece, as the breaker sets them (read word by word, a table's
    /// column was once made narrower than such a cell, which then ran
    /// into the next column).
    pub fn least_width(&mut self, content: &[Inline], style: &ParagraphStyle) -> Pt {
        let prepared = self.prepare(content, style);
        let items = &prepared.items;
        let (mut widest, mut run) = (0.0f32, 0.0f32);
        for (i, item) in items.iter().enumerate() {
            match *item {
                Item::Box { width } => run += width,
                Item::Glue { width, .. } => {
                    if i > 0 && matches!(items[i - 1], Item::Box { .. }) {
                        widest = widest.max(run);
                        run = 0.0;
                    } else if run > 0.0 {
                        // Space inside a piece (after a no-break penalty);
                        // at a line's start it is discarded.
                        run += width;
                    }
                }
                Item::Penalty { width, penalty, .. } => {
                    if penalty < linebreak::INFINITY {
                        widest = widest.max(run + width);
                        run = 0.0;
                    }
                }
            }
        }
        widest.max(run)
    }

    /// [`Typesetter::set_line`] in `style`'s face, size and figures (its
    /// measure, alignment and hyphenation are not used).
    pub fn set_line_in(&mut self, text: &str, style: &ParagraphStyle) -> SetLine {
        let style = &ParagraphStyle {
            measure: f32::MAX,
            indent: 0.0,
            align: Align::Left,
            hyphenate: false,
            looseness: 0,
            ..*style
        };
        let content = [Inline::Text {
            text: text.to_string(),
        }];
        let prepared = self.prepare(&content, style);
        let whole = linebreak::Line {
            start: 0,
            end: prepared.items.len().saturating_sub(1),
            ratio: 0.0,
            natural: 0.0,
            flagged: false,
            overfull: false,
            lead: 0.0,
        };
        self.render_line(&prepared, style, &whole, false)
    }

    /// The breaker's input for a paragraph (benchmarks, debugging).
    pub fn breaker_items(
        &mut self,
        content: &[Inline],
        style: &ParagraphStyle,
    ) -> (Vec<Item>, Params) {
        let prepared = self.prepare(content, style);
        (prepared.items, self.params(style))
    }
}

/// Centred lines of even length: the breaks at the narrowest measure that
/// still sets `breaks`' number of lines, without more hyphens or an
/// overfull line (CSS's `text-wrap: balance`). A title, caption or
/// epigraph then reads "What is written without effort / is in general
/// read without pleasure." rather than leaving "pleasure." alone on a
/// line under a full one. The lines are centred on the full measure as
/// before; only where they break changes.
fn balance(
    items: &[Item],
    measure: Pt,
    params: &Params,
    breaks: linebreak::Breaks,
) -> linebreak::Breaks {
    let count = breaks.lines.len();
    let hyphens = |b: &linebreak::Breaks| b.lines.iter().filter(|l| l.flagged).count();
    let allowed = hyphens(&breaks);
    let fits = |b: &linebreak::Breaks| {
        b.lines.len() == count && b.overfull_lines() == 0 && hyphens(b) <= allowed
    };
    // The widest line of `count` even lines is at least the widest
    // material's share: no measure below it can hold them.
    let natural: Pt = breaks.lines.iter().map(|l| l.natural).sum();
    let (mut narrow, mut wide) = (natural / count as f32 * 0.9, measure);
    let mut best = breaks;
    // A twentieth of a point is finer than any difference a reader sees;
    // sixteen halvings reach it from any measure a page has.
    for _ in 0..16 {
        if wide - narrow < 0.05 {
            break;
        }
        let middle = (narrow + wide) / 2.0;
        let candidate = linebreak::break_lines(items, middle, params);
        if fits(&candidate) {
            wide = middle;
            best = candidate;
        } else {
            narrow = middle;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FontFiles;

    #[test]
    fn each_language_breaks_by_its_own_patterns() {
        let files = FontFiles::default();
        let fonts = FontSet::new(&files).unwrap();
        let mut ts = Typesetter::new(fonts, Hyphenator::new("en-GB", 2, 3).unwrap());
        ts.language = "en-GB".into();
        let marked = |ts: &Typesetter, w: &str| ts.hyphenator.hyphenate(w).marked();
        assert_eq!(marked(&ts, "knowledge"), "know-ledge");
        ts.set_language("de");
        assert_eq!(marked(&ts, "Buchdruckerei"), "Buch-dru-cke-rei");
        ts.set_language("sq");
        assert_eq!(marked(&ts, "shqipëria"), "shqi-pë-ria");
        ts.set_language("ar");
        assert_eq!(
            marked(&ts, "kitab"),
            "kitab",
            "no Arabic patterns: no breaks"
        );
        ts.set_language("en-GB");
        assert_eq!(marked(&ts, "knowledge"), "know-ledge");
        assert_eq!(ts.other_languages.len(), 3, "the others kept for later");
    }

    #[test]
    fn each_language_takes_the_book_exceptions_that_cover_it() {
        use crate::exceptions::{Exception, Exceptions};
        let entry = |s: &str| Exception::parse(s).unwrap();
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/minimal");
        let (mut book, _) = crate::source::load_book(&fixture).unwrap();
        assert!(book.metadata.language.starts_with("en"));
        book.pdf.hyphenation_exceptions = Exceptions {
            all: vec![entry("Khru-shchev"), entry("knowledge")],
            by_language: [(
                "fr".to_string(),
                vec![entry("Khrouch-tchev"), entry("Khrushchev")],
            )]
            .into_iter()
            .collect(),
        };
        let mut ts = Typesetter::for_book(&book, &mut Diagnostics::new()).unwrap();
        let marked = |ts: &Typesetter, w: &str| ts.hyphenator.hyphenate(w).marked();
        assert_eq!(marked(&ts, "Khrushchev"), "Khru-shchev");
        assert_eq!(marked(&ts, "knowledge"), "knowledge", "kept whole");
        assert_eq!(marked(&ts, "Khrouchtchev"), "Khrouchtchev");
        ts.set_language("fr-CA");
        assert_eq!(marked(&ts, "Khrouchtchev"), "Khrouch-tchev");
        assert_eq!(
            marked(&ts, "Khrushchev"),
            "Khrushchev",
            "French keeps it whole"
        );
        ts.set_language("ar");
        // No Arabic patterns, but the exceptions for every language hold.
        assert_eq!(marked(&ts, "Khrushchev"), "Khru-shchev");
        ts.set_language("en-GB");
        assert_eq!(marked(&ts, "Khrushchev"), "Khru-shchev");
    }
}
