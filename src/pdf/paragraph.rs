//! Setting paragraphs: model inlines → shaped, hyphenated, optimally broken and justified lines of glyphs.
//!
//! The stage runs in four steps: the inlines become words (runs of text
//! in one face between spaces, note numbers attached to their word); each
//! word is hyphenated and shaped, giving Knuth–Plass boxes, glue and
//! penalties (`linebreak`); the breaker chooses the lines; each line is
//! shaped again from its actual text (a break inside a ligature or kerning
//! pair needs the pieces reshaped, and the hyphen kerns with its letter)
//! and justified to fill the measure exactly: its glyphs widen or narrow
//! by up to 2% first (font expansion, as pdfTeX's `\pdfadjustspacing`;
//! [`GlyphRun::h_scale`]), then letter spacing and word spaces take the rest.
//!
//! Positions in a [`SetLine`] are relative to the line: x from its start,
//! y from its baseline (superscripts negative). Word spaces are real space
//! glyphs carrying the text " ", so copied text has its spaces; a hyphen
//! added at a break carries [`BREAK_HYPHEN_TEXT`].

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::model::{Book, Inline, Span};
use crate::pdf::fontset::{FaceKind, FontSet};
use crate::pdf::hyphenate::{BreakKind, Hyphenator, WordBreak, SOFT_HYPHEN};
use crate::pdf::linebreak::{self, Item, Params, INFINITY};
use crate::pdf::page::{Glyph, GlyphRun};
use crate::pdf::shape::{ShapeId, Shaper, Variant};
use crate::pdf::units::Pt;

/// The text a hyphen added by hyphenation carries for ToUnicode: a plain
/// hyphen-minus, as TeX's output has. Measured with poppler 22: pdftotext
/// joins a line ending in "-" with the next and drops the hyphen, giving
/// the word back ("Ex-" + "acerbation" → "Exacerbation"), while a line
/// ending in U+00AD is left as "Ex\u{ad}" + newline + "acerbation" — two
/// words. Viewers that copy the hyphen give "Ex-" at a line end, which a
/// reader joins as in any printed book.
pub const BREAK_HYPHEN_TEXT: &str = "-";

/// Note numbers without superior figures in the font are scaled by this
/// and raised by [`SUPERSCRIPT_RISE`] em.
const SUPERSCRIPT_SCALE: f32 = 0.62;
const SUPERSCRIPT_RISE: f32 = 0.36;

/// How lines sit in the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Both edges flush, the last line flush left.
    Justify,
    /// Ragged right.
    Left,
    /// Every line centred.
    Center,
}

/// How to set one paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParagraphStyle {
    /// Font size, points.
    pub size: Pt,
    /// Line length, points.
    pub measure: Pt,
    /// First-line indent, points.
    pub indent: Pt,
    /// Face of plain text; emphasis switches to italic (or back to
    /// regular inside italic), strong to bold.
    pub face: FaceKind,
    pub align: Align,
    pub hyphenate: bool,
    /// Lines more (positive) or fewer (negative) than optimal, if feasible
    /// (TeX's `\looseness`); otherwise the nearest feasible count.
    pub looseness: i32,
}

impl ParagraphStyle {
    /// Justified, hyphenated body text in the regular face.
    pub fn body(size: Pt, measure: Pt, indent: Pt) -> ParagraphStyle {
        ParagraphStyle {
            size,
            measure,
            indent,
            face: FaceKind::Regular,
            align: Align::Justify,
            hyphenate: true,
            looseness: 0,
        }
    }

    /// Centred, unhyphenated display text (titles, headings) in `face`.
    pub fn display(size: Pt, measure: Pt, face: FaceKind) -> ParagraphStyle {
        ParagraphStyle {
            face,
            align: Align::Center,
            hyphenate: false,
            ..ParagraphStyle::body(size, measure, 0.0)
        }
    }
}

/// Where a note number was set on a line, for a link to the note.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteMark {
    pub number: u32,
    /// The reference's id (`noteref-…`), the note's back link target.
    pub id: String,
    /// The first reference to this note (the one the note links back to).
    pub first: bool,
    pub x_start: Pt,
    pub x_end: Pt,
    /// Relative to the baseline; `y_top` is negative (above it).
    pub y_top: Pt,
    pub y_bottom: Pt,
}

/// One line, ready to place: positions relative to the line's start and baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct SetLine {
    /// The glyphs; the first run starts at x = 0, or left of it when an
    /// opening quote hangs into the margin (`-lead`), or further right in
    /// a centred line.
    pub runs: Vec<GlyphRun>,
    /// Width of the line's material after justification: the measure for
    /// a justified line, plus any punctuation hanging into either margin.
    pub width: Pt,
    /// How far the first glyph hangs left of the line's start.
    pub lead: Pt,
    /// Width with natural word spaces.
    pub natural: Pt,
    /// Adjustment ratio of the word spaces (0 natural, 1 full stretch, -1 full shrink).
    pub ratio: f32,
    /// Ends in a hyphen added by hyphenation.
    pub hyphenated: bool,
    /// Ends inside a word at a hyphen: an added one, or the word's own
    /// ("anti-|Marxist"). Pagination keeps such a line off a page's end.
    pub ends_in_hyphen: bool,
    /// Wider than the measure even at full shrink.
    pub overfull: bool,
    /// Letter spacing reached `Tuning::max_letter_space_em` or the word
    /// spaces went past `Tuning::max_space_factor`: the line could not be
    /// filled within the limits (only in paragraphs that needed the
    /// emergency pass).
    pub loose: bool,
    pub note_refs: Vec<NoteMark>,
    /// The line's first and last words as set (with the break hyphen, if
    /// any, as "-"), for layout dumps and tests.
    pub first_word: String,
    pub last_word: String,
    /// Natural width of one word space on this line, and its set width:
    /// `space_set / space_natural` is what the quality bars measure.
    pub space_natural: Pt,
    pub space_set: Pt,
    /// Number of stretchable word spaces on the line.
    pub spaces: usize,
}

/// A paragraph set into lines.
#[derive(Debug, Clone, PartialEq)]
pub struct SetParagraph {
    pub lines: Vec<SetLine>,
    /// Total demerits of the chosen breaks (Knuth–Plass).
    pub demerits: f64,
    /// The first pass found no breaks within tolerance: emergency stretch
    /// (or, for a word wider than the measure, an overfull line) was needed.
    pub emergency: bool,
}

impl SetParagraph {
    pub fn overfull_lines(&self) -> usize {
        self.lines.iter().filter(|l| l.overfull).count()
    }

    /// A warning for the paragraph at `file:span` when it needed the
    /// emergency pass or has an overfull line (as TeX reports "Underfull
    /// \hbox in paragraph at lines N–M"), else `None`.
    pub fn diagnostic(&self, file: &str, span: Span) -> Option<Diagnostic> {
        let overfull = self.overfull_lines();
        if overfull > 0 {
            let worst = self
                .lines
                .iter()
                .filter(|l| l.overfull)
                .map(|l| l.last_word.as_str())
                .next()
                .unwrap_or("");
            return Some(
                Diagnostic::warning(
                    file,
                    span.line,
                    span.col,
                    format!("overfull line in paragraph ({overfull} line(s), e.g. ending “{worst}”)"),
                )
                .with_hint("a word is wider than the measure; allow a break in it with a soft hyphen (U+00AD)"),
            );
        }
        let loose: Vec<usize> = (0..self.lines.len())
            .filter(|&i| self.lines[i].loose)
            .collect();
        if let (Some(first), Some(last)) = (loose.first(), loose.last()) {
            // Like TeX's "Underfull \hbox in paragraph at lines N--M":
            // only lines whose spaces reached the cap, not every paragraph
            // that needed the second pass (those stay within the bars).
            let widest = loose
                .iter()
                .map(|&i| &self.lines[i])
                .filter(|l| l.space_natural > 0.0)
                .map(|l| l.space_set / l.space_natural)
                .fold(1.0f32, f32::max);
            let lines = if first == last {
                format!("line {}", first + 1)
            } else {
                format!("lines {}–{}", first + 1, last + 1)
            };
            return Some(
                Diagnostic::warning(
                    file,
                    span.line,
                    span.col,
                    format!(
                        "loose {lines} of paragraph: word spaces up to {widest:.2}× natural, letter spacing at its limit (“{}” … “{}”)",
                        self.lines[*first].first_word, self.lines[*first].last_word
                    ),
                )
                .with_hint("rewording, or a soft hyphen (U+00AD) in a long word nearby, gives the breaker room"),
            );
        }
        None
    }
}

/// The same paragraph at its best, and one line shorter or longer when
/// that is feasible within tolerance: pagination's way to avoid widows
/// and orphans without touching the page.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphVariants {
    pub best: SetParagraph,
    pub shorter: Option<SetParagraph>,
    pub longer: Option<SetParagraph>,
}

/// Penalties and ratios of the engine (see `linebreak::Params` for the breaker's own).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    pub breaker: Params,
    /// Penalty for a break at an added hyphen (`\hyphenpenalty`).
    pub hyphen_penalty: f32,
    /// Penalty for a break after an explicit hyphen or dash (`\exhyphenpenalty`).
    pub explicit_hyphen_penalty: f32,
    /// Word-space stretch and shrink as fractions of the natural space.
    pub space_stretch: f32,
    pub space_shrink: f32,
    /// Emergency stretch per line, in ems.
    pub emergency_stretch_em: f32,
    /// How much of a word space the emergency pass may take away (the
    /// normal passes stop at `space_shrink`).
    pub emergency_space_shrink: f32,
    /// Whether punctuation at a line's end may hang into the margin.
    pub protrusion: bool,
    /// Stretch between the letters of a word in a justified line, in ems
    /// per letter gap (tracking of a few hundredths of a point): it lets a
    /// line fill the measure without gaping word spaces, as InDesign's
    /// letter-spacing range does. Zero turns it off; letters never shrink.
    /// With font expansion taking the first share, 0.015 (down from 0.02)
    /// keeps the worst word space under 2× on the real book while letter
    /// spacing, the more visible of the two, drops by about two fifths.
    pub letter_stretch_em: f32,
    /// Widest word space, as a multiple of the natural one. A line the
    /// emergency pass set looser than that takes the rest between its
    /// letters: an evenly loose line reads better than one with holes.
    pub max_space_factor: f32,
    /// Widest letter spacing, in ems: past it a line's word spaces take
    /// all the remaining slack, even beyond `max_space_factor`.
    pub max_letter_space_em: f32,
    /// Font expansion (pdfTeX's `\pdfadjustspacing`, after Hàn Thế Thành's
    /// microtypography): a justified line may set its glyphs up to this
    /// fraction wider or narrower, which readers do not see at a few per
    /// cent and which spares word spaces and letter spacing. The breaker
    /// counts it as stretch and shrink proportional to the line's glyphs.
    pub expansion_stretch: f32,
    pub expansion_shrink: f32,
    /// Expansion is chosen per line in steps of this fraction (as
    /// microtype's `step`): fewer distinct widths on a page.
    pub expansion_step: f32,
    /// Tolerance (largest adjustment ratio) for the one-line-shorter and
    /// one-line-longer variants pagination may ask for: a little looser
    /// than the body's, since a widow or orphan costs more than a loose line.
    pub variant_tolerance: f32,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            breaker: Params::default(),
            hyphen_penalty: 300.0,
            explicit_hyphen_penalty: 50.0,
            space_stretch: 0.5,
            space_shrink: 0.25,
            emergency_stretch_em: 2.0,
            emergency_space_shrink: 0.33,
            protrusion: true,
            letter_stretch_em: 0.015,
            max_space_factor: 2.0,
            max_letter_space_em: 0.03,
            expansion_stretch: 0.02,
            expansion_shrink: 0.02,
            expansion_step: 0.005,
            variant_tolerance: 1.5,
        }
    }
}

/// Sets paragraphs and single lines in one font family and language.
/// Holds the caches that make a book fast to set: shaping plans and
/// shaped words (in the [`Shaper`]), hyphenated words, reusable buffers.
pub struct Typesetter<'a> {
    shaper: Shaper<'a>,
    hyphenator: Hyphenator,
    hyphenation_cache: HashMap<String, Vec<WordBreak>>,
    space_glyph: [u16; FaceKind::ALL.len()],
    pub tuning: Tuning,
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
        let mut space_glyph = [0u16; FaceKind::ALL.len()];
        for kind in FaceKind::ALL {
            space_glyph[kind.index()] = fonts.face(kind).glyph_index(' ').map_or(0, |g| g.0);
        }
        Typesetter {
            shaper: Shaper::new(fonts),
            hyphenator,
            hyphenation_cache: HashMap::new(),
            space_glyph,
            tuning: Tuning::default(),
        }
    }

    /// The book's fonts and its language's patterns with its `[pdf]`
    /// hyphenation minima. A language without patterns is set without
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
        Ok(Typesetter::new(fonts, hyphenator))
    }

    pub fn fonts(&self) -> &FontSet<'a> {
        self.shaper.fonts()
    }

    /// Sets a paragraph (see [`ParagraphStyle`]).
    pub fn set_paragraph(&mut self, content: &[Inline], style: &ParagraphStyle) -> SetParagraph {
        let prepared = self.prepare(content, style);
        let params = self.params(style);
        let breaks = linebreak::break_lines(&prepared.items, style.measure, &params);
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
        let shorter = shorter.map(|b| self.render(prepared, style, &b));
        let longer = longer.map(|b| self.render(prepared, style, &b));
        ParagraphVariants {
            best,
            shorter,
            longer,
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
        };
        let content = [Inline::Text {
            text: text.to_string(),
        }];
        let prepared = self.prepare(&content, &style);
        let whole = linebreak::Line {
            start: 0,
            end: prepared.items.len().saturating_sub(1),
            ratio: 0.0,
            natural: 0.0,
            flagged: false,
            overfull: false,
            lead: 0.0,
        };
        self.render_line(&prepared, &style, &whole, false)
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

    /// `amount` of font expansion rounded down to whole steps.
    fn expansion_steps(&self, amount: f32) -> f32 {
        let step = self.tuning.expansion_step;
        if step > 0.0 {
            // A hair of tolerance so 0.02 / 0.005 is four steps, not three.
            (amount / step + 1e-4).floor().max(0.0) * step
        } else {
            amount.max(0.0)
        }
    }

    /// The emergency pass's shrink limit as an adjustment ratio (≥ 1).
    fn shrink_limit(&self) -> f32 {
        if self.tuning.space_shrink > 0.0 {
            (self.tuning.emergency_space_shrink / self.tuning.space_shrink).max(1.0)
        } else {
            1.0
        }
    }

    fn params(&self, style: &ParagraphStyle) -> Params {
        let mut params = self.tuning.breaker;
        params.hyphenate = style.hyphenate;
        params.looseness = style.looseness;
        params.emergency_stretch = self.tuning.emergency_stretch_em * style.size;
        params.emergency_shrink = self.shrink_limit();
        if style.looseness != 0 {
            // Asking for another line count accepts what the variants accept.
            params.tolerance = self.tuning.variant_tolerance.max(params.tolerance);
        }
        if style.align == Align::Justify {
            params.box_stretch = self.tuning.expansion_stretch.max(0.0);
            params.box_shrink = self.tuning.expansion_shrink.max(0.0);
        } else {
            // Ragged lines: the breaker's ratio measures raggedness, not
            // word spaces; any ratio up to the full ragged stretch is fine.
            params.tolerance = params.tolerance.max(1.0);
        }
        params
    }

    /// Words, shaping and the breaker's items.
    fn prepare(&mut self, content: &[Inline], style: &ParagraphStyle) -> Prepared {
        let mut builder = WordBuilder::default();
        builder.walk(content, style.face);
        builder.finish_word();
        while matches!(builder.tokens.last(), Some(Token::Space { .. })) {
            builder.tokens.pop();
        }
        let mut words = builder.words;
        for word in &mut words {
            self.analyse(word, style);
        }
        let mut items = Vec::new();
        let mut sources = Vec::new();
        if style.indent > 0.0 {
            items.push(Item::Box {
                width: style.indent,
            });
            sources.push(Source::Indent);
        }
        let ragged_stretch = 3.0 * style.size;
        let mut previous_word: Option<usize> = None;
        for (t, token) in builder.tokens.iter().enumerate() {
            match *token {
                Token::Word(w) => {
                    let word = &words[w];
                    for (k, fragment) in word.fragments.iter().enumerate() {
                        items.push(Item::Box {
                            width: fragment.width,
                        });
                        sources.push(Source::Fragment {
                            word: w,
                            start: fragment.start,
                            end: fragment.end,
                        });
                        if let Some(b) = word.fragments.get(k + 1).map(|_| &word.hyphens[k]) {
                            let penalty = if b.kind.adds_hyphen() {
                                self.tuning.hyphen_penalty
                            } else {
                                self.tuning.explicit_hyphen_penalty
                            };
                            items.push(Item::Penalty {
                                width: b.width,
                                penalty,
                                flagged: true,
                                hang: if self.tuning.protrusion { b.hang } else { 0.0 },
                            });
                            sources.push(Source::Hyphen { kind: b.kind });
                        }
                    }
                    previous_word = Some(w);
                }
                Token::Space { no_break } => {
                    let (face, hang) = previous_word
                        .map_or((style.face, 0.0), |w| (words[w].last_face, words[w].hang));
                    let hang = if self.tuning.protrusion { hang } else { 0.0 };
                    // The previous word's letter stretch rides on this
                    // glue: a box cannot stretch, and glue inside a word
                    // would be a break.
                    let letters = previous_word.map_or(0, |w| words[w].glyphs.saturating_sub(1));
                    let letter_stretch =
                        letters as f32 * self.tuning.letter_stretch_em * style.size;
                    let width = self.space_width(face, style.size);
                    if no_break {
                        items.push(Item::penalty(0.0, INFINITY, false));
                        sources.push(Source::Nothing);
                    }
                    match style.align {
                        Align::Justify => {
                            // An opening quote starting the next line may
                            // reach into the left margin.
                            let lead = match builder.tokens.get(t + 1) {
                                Some(Token::Word(next)) if self.tuning.protrusion => {
                                    words[*next].lead
                                }
                                _ => 0.0,
                            };
                            items.push(Item::Glue {
                                width,
                                stretch: width * self.tuning.space_stretch + letter_stretch,
                                shrink: width * self.tuning.space_shrink,
                                fill: false,
                                hang,
                                lead,
                            });
                            sources.push(Source::Space { face });
                        }
                        Align::Left | Align::Center if no_break => {
                            items.push(Item::glue(width, 0.0, 0.0));
                            sources.push(Source::Space { face });
                        }
                        Align::Left | Align::Center => {
                            // Ragged right as in TeX: the stretch sits
                            // before the break and is taken back after it,
                            // so only a line's end can be loose.
                            items.push(Item::Glue {
                                width: 0.0,
                                stretch: ragged_stretch,
                                shrink: 0.0,
                                fill: false,
                                hang: 0.0,
                                lead: 0.0,
                            });
                            sources.push(Source::Nothing);
                            items.push(Item::penalty(0.0, 0.0, false));
                            sources.push(Source::Nothing);
                            items.push(Item::glue(width, -ragged_stretch, 0.0));
                            sources.push(Source::Space { face });
                        }
                    }
                }
                Token::LineBreak => {
                    items.push(Item::penalty(0.0, INFINITY, false));
                    sources.push(Source::Nothing);
                    items.push(Item::fill());
                    sources.push(Source::Nothing);
                    items.push(Item::forced_break());
                    sources.push(Source::Nothing);
                }
            }
        }
        if !items.is_empty() {
            items.push(Item::penalty(0.0, INFINITY, false));
            sources.push(Source::Nothing);
            items.push(Item::fill());
            sources.push(Source::Nothing);
            items.push(Item::forced_break());
            sources.push(Source::Nothing);
        }
        Prepared {
            words,
            items,
            sources,
        }
    }

    fn space_width(&self, face: FaceKind, size: Pt) -> Pt {
        let fonts = self.shaper.fonts();
        let advance = fonts.glyph_advance(face, self.space_glyph[face.index()]);
        fonts.metrics(face).to_pt(i32::from(advance), size)
    }

    /// How note numbers are set in `face`: variant, size and rise.
    fn note_style(&self, face: FaceKind, size: Pt) -> (Variant, Pt, Pt) {
        if self.shaper.has_superiors(face) {
            (Variant::Superior, size, 0.0)
        } else {
            (
                Variant::Normal,
                size * SUPERSCRIPT_SCALE,
                -size * SUPERSCRIPT_RISE,
            )
        }
    }

    /// Hyphenates and shapes a word: its fragments' widths, hyphen widths and protrusion.
    fn analyse(&mut self, word: &mut Word, style: &ParagraphStyle) {
        // Hyphenation sees the word as written, soft hyphens and all.
        let raw: String = word.pieces.iter().map(|p| p.raw.as_str()).collect();
        let breaks =
            if style.hyphenate || raw.contains(SOFT_HYPHEN) || raw.contains(['-', '—', '–']) {
                match self.hyphenation_cache.get(&raw) {
                    Some(b) => b.clone(),
                    None => {
                        let b = self.hyphenator.hyphenate(&raw).breaks;
                        self.hyphenation_cache.insert(raw.clone(), b.clone());
                        b
                    }
                }
            } else {
                Vec::new()
            };
        let breaks: Vec<WordBreak> = breaks
            .into_iter()
            .filter(|b| style.hyphenate || !b.kind.adds_hyphen())
            .collect();
        // Strip soft hyphens; offsets below are in the stripped text.
        let mut offset = 0;
        for piece in &mut word.pieces {
            piece.text = piece.raw.replace(SOFT_HYPHEN, "");
            piece.start = offset;
            offset += piece.text.len();
            let (variant, size, rise) = match piece.note {
                Some(_) => self.note_style(piece.face, style.size),
                None => (Variant::Normal, style.size, 0.0),
            };
            piece.variant = variant;
            piece.size = size;
            piece.rise = rise;
            piece.shaped = Some(self.shaper.shape(piece.face, variant, &piece.text));
        }
        word.text = word.pieces.iter().map(|p| p.text.as_str()).collect();
        // No break inside a note number or right before one.
        let breaks: Vec<WordBreak> = breaks
            .into_iter()
            .filter(|b| b.at > 0 && b.at < word.text.len())
            .filter(|b| {
                word.pieces
                    .iter()
                    .all(|p| p.note.is_none() || b.at < p.start || b.at > p.start + p.text.len())
            })
            .collect();
        let mut cuts = vec![0];
        cuts.extend(breaks.iter().map(|b| b.at));
        cuts.push(word.text.len());
        word.fragments = cuts
            .windows(2)
            .map(|w| Fragment {
                start: w[0],
                end: w[1],
                width: self.range_width(word, w[0], w[1]),
            })
            .collect();
        word.hyphens = breaks
            .iter()
            .map(|b| self.hyphen_at(word, *b, style.size))
            .collect();
        word.glyphs = word
            .pieces
            .iter()
            .filter_map(|p| p.shaped)
            .map(|id| self.shaper.get(id).glyphs.len())
            .sum();
        word.lead = match word.pieces.first() {
            Some(p) if p.note.is_none() => {
                let c = p.text.chars().next().unwrap_or(' ');
                let advance = p
                    .shaped
                    .and_then(|id| self.shaper.get(id).glyphs.first().map(|g| g.advance))
                    .unwrap_or(0);
                left_protrusion(c) * self.shaper.fonts().metrics(p.face).to_pt(advance, p.size)
            }
            _ => 0.0,
        };
        let last = word.pieces.last();
        word.last_face = last.map_or(style.face, |p| p.face);
        word.hang = match last {
            Some(p) if p.note.is_none() => {
                let c = p.text.chars().last().unwrap_or(' ');
                let shaped = self.shaper.get(p.shaped.unwrap_or_else(|| unreachable!()));
                let advance = shaped.glyphs.last().map_or(0, |g| g.advance);
                protrusion(c) * self.shaper.fonts().metrics(p.face).to_pt(advance, p.size)
            }
            _ => 0.0,
        };
    }

    /// Width of the word's text `start..end` as shaped within the whole word.
    fn range_width(&self, word: &Word, start: usize, end: usize) -> Pt {
        let mut width = 0.0;
        for piece in &word.pieces {
            let (ps, pe) = (piece.start, piece.start + piece.text.len());
            let (s, e) = (start.max(ps), end.min(pe));
            if s >= e {
                continue;
            }
            let Some(id) = piece.shaped else { continue };
            let shaped = self.shaper.get(id);
            let units = shaped.width_before(e - ps) - shaped.width_before(s - ps);
            width += self
                .shaper
                .fonts()
                .metrics(piece.face)
                .to_pt(units, piece.size);
        }
        width
    }

    /// What breaking at `b` adds to the line: for an added hyphen, the
    /// shaped prefix-with-hyphen minus the prefix as shaped in the word.
    fn hyphen_at(&mut self, word: &Word, b: WordBreak, size: Pt) -> Hyphen {
        let Some(piece) = word
            .pieces
            .iter()
            .find(|p| b.at > p.start && b.at <= p.start + p.text.len())
        else {
            return Hyphen {
                kind: b.kind,
                width: 0.0,
                hang: 0.0,
            };
        };
        let local = b.at - piece.start;
        let metrics = *self.shaper.fonts().metrics(piece.face);
        let hyphen_id = self.shaper.shape(piece.face, Variant::Normal, "-");
        let hyphen_advance = metrics.to_pt(self.shaper.get(hyphen_id).width, size);
        if !b.kind.adds_hyphen() {
            // The line ends in the word's own hyphen or dash.
            let c = piece.text[..local].chars().last().unwrap_or('-');
            return Hyphen {
                kind: b.kind,
                width: 0.0,
                hang: protrusion(c) * hyphen_advance,
            };
        }
        let mut prefix = String::with_capacity(local + 1);
        prefix.push_str(&piece.text[..local]);
        prefix.push('-');
        let with_hyphen = self.shaper.shape(piece.face, piece.variant, &prefix);
        let in_word = piece
            .shaped
            .map_or(0, |id| self.shaper.get(id).width_before(local));
        let units = self.shaper.get(with_hyphen).width - in_word;
        Hyphen {
            kind: b.kind,
            width: metrics.to_pt(units, piece.size),
            hang: protrusion('-') * hyphen_advance,
        }
    }

    fn render(
        &mut self,
        prepared: &Prepared,
        style: &ParagraphStyle,
        breaks: &linebreak::Breaks,
    ) -> SetParagraph {
        let count = breaks.lines.len();
        let lines = breaks
            .lines
            .iter()
            .enumerate()
            .map(|(i, line)| self.render_line(prepared, style, line, i + 1 == count))
            .collect();
        SetParagraph {
            lines,
            demerits: breaks.demerits,
            emergency: breaks.emergency,
        }
    }

    /// Shapes one line from its actual text and justifies it.
    fn render_line(
        &mut self,
        prepared: &Prepared,
        style: &ParagraphStyle,
        line: &linebreak::Line,
        last: bool,
    ) -> SetLine {
        // 1. The line's elements: text ranges of words, spaces, gaps.
        let mut elements: Vec<Element> = Vec::new();
        for i in line.start..line.end.min(prepared.sources.len()) {
            match prepared.sources[i] {
                Source::Fragment { word, start, end } => match elements.last_mut() {
                    Some(Element::Text {
                        word: w, end: e, ..
                    }) if *w == word && *e == start => *e = end,
                    _ => elements.push(Element::Text {
                        word,
                        start,
                        end,
                        hyphen: false,
                    }),
                },
                Source::Space { face } => {
                    if let Item::Glue { width, shrink, .. } = prepared.items[i] {
                        // The glue's stretch also holds the word's letter
                        // stretch (and ragged glue a negative stretch):
                        // a space stretches by its own share only.
                        let space_stretch = if style.align == Align::Justify {
                            width * self.tuning.space_stretch
                        } else {
                            0.0
                        };
                        elements.push(Element::Space {
                            face,
                            width,
                            stretch: space_stretch,
                            shrink,
                        });
                    }
                }
                Source::Indent => {
                    if let Item::Box { width } = prepared.items[i] {
                        elements.push(Element::Gap(width));
                    }
                }
                Source::Hyphen { .. } | Source::Nothing => {}
            }
        }
        let break_source = prepared.sources.get(line.end).copied();
        let hyphenated =
            matches!(break_source, Some(Source::Hyphen { kind }) if kind.adds_hyphen());
        let explicit_hyphen = matches!(break_source, Some(Source::Hyphen { kind }) if !kind.adds_hyphen())
            && matches!(elements.last(), Some(Element::Text { word, end, .. })
                if prepared.words[*word].text[..*end].ends_with(['-', '\u{2010}']));
        if hyphenated {
            if let Some(Element::Text { hyphen, .. }) = elements
                .iter_mut()
                .rev()
                .find(|e| matches!(e, Element::Text { .. }))
            {
                *hyphen = true;
            }
        }
        let hang = if style.align == Align::Justify && self.tuning.protrusion {
            match prepared.items.get(line.end) {
                Some(Item::Glue { hang, .. }) | Some(Item::Penalty { hang, .. }) => *hang,
                _ => 0.0,
            }
        } else {
            0.0
        };

        // 2. Glyphs with natural spaces.
        let letter_stretch = style.align == Align::Justify && self.tuning.letter_stretch_em > 0.0;
        let letter_gap = self.tuning.letter_stretch_em * style.size;
        let mut flat: Vec<Flat> = Vec::new();
        let mut marks: Vec<(usize, usize, &Piece)> = Vec::new();
        let mut words_set: Vec<String> = Vec::new();
        for element in &elements {
            match *element {
                Element::Gap(width) => flat.push(Flat::Gap(width)),
                Element::Space {
                    face,
                    width,
                    stretch,
                    shrink,
                } => flat.push(Flat::Glyph {
                    face,
                    size: style.size,
                    rise: 0.0,
                    glyph: Glyph {
                        id: self.space_glyph[face.index()],
                        advance: width,
                        text: " ".to_string(),
                    },
                    space: Some((stretch, shrink)),
                    letter: false,
                }),
                Element::Text {
                    word,
                    start,
                    end,
                    hyphen,
                } => {
                    let word = &prepared.words[word];
                    let mut shown = word.text[start..end].to_string();
                    if hyphen {
                        shown.push('-');
                    }
                    words_set.push(shown);
                    let overlapping: Vec<&Piece> = word
                        .pieces
                        .iter()
                        .filter(|p| start.max(p.start) < end.min(p.start + p.text.len()))
                        .collect();
                    for (k, piece) in overlapping.iter().enumerate() {
                        let s = start.max(piece.start) - piece.start;
                        let e = end.min(piece.start + piece.text.len()) - piece.start;
                        let add_hyphen = hyphen && k + 1 == overlapping.len();
                        let mut text = piece.text[s..e].to_string();
                        let real_len = text.len();
                        if add_hyphen {
                            text.push('-');
                        }
                        let id: ShapeId = self.shaper.shape(piece.face, piece.variant, &text);
                        let shaped = self.shaper.get(id);
                        let metrics = self.shaper.fonts().metrics(piece.face);
                        let texts = shaped.glyph_texts(&text);
                        let first = flat.len();
                        let last_piece = k + 1 == overlapping.len();
                        let count = shaped.glyphs.len();
                        for (n, (g, t)) in shaped.glyphs.iter().zip(texts).enumerate() {
                            let glyph_text = if g.cluster as usize >= real_len && add_hyphen {
                                BREAK_HYPHEN_TEXT.to_string()
                            } else {
                                t.to_string()
                            };
                            flat.push(Flat::Glyph {
                                face: piece.face,
                                size: piece.size,
                                rise: piece.rise,
                                glyph: Glyph {
                                    id: g.id,
                                    advance: metrics.to_pt(g.advance, piece.size),
                                    text: glyph_text,
                                },
                                space: None,
                                letter: letter_stretch && !(last_piece && n + 1 == count),
                            });
                        }
                        if piece.note.is_some() {
                            marks.push((first, flat.len(), piece));
                        }
                    }
                }
            }
        }

        // 3. Justify: font expansion, letter spacing and word spaces take
        //    up the difference exactly.
        let natural: Pt = flat.iter().map(Flat::advance).sum();
        let (space_stretch, shrink, spaces, space_natural, letters) =
            flat.iter()
                .fold((0.0f32, 0.0f32, 0usize, 0.0f32, 0usize), |acc, f| match f {
                    Flat::Glyph {
                        space: Some((y, z)),
                        glyph,
                        ..
                    } => (
                        acc.0 + y,
                        acc.1 + z,
                        acc.2 + 1,
                        acc.3 + glyph.advance,
                        acc.4,
                    ),
                    Flat::Glyph { letter: true, .. } => (acc.0, acc.1, acc.2, acc.3, acc.4 + 1),
                    _ => acc,
                });
        let justify = style.align == Align::Justify;
        // What expansion widens: every glyph but the word spaces (pdfTeX
        // expands characters, not glue).
        let glyph_width: Pt = if justify {
            flat.iter()
                .map(|f| match f {
                    Flat::Glyph {
                        space: None, glyph, ..
                    } => glyph.advance,
                    _ => 0.0,
                })
                .sum()
        } else {
            0.0
        };
        let expand_stretch = glyph_width * self.tuning.expansion_stretch.max(0.0);
        let expand_shrink = glyph_width * self.tuning.expansion_shrink.max(0.0);
        let other_stretch = space_stretch + letters as f32 * letter_gap;
        let stretch = other_stretch + expand_stretch;
        let lead = if justify && self.tuning.protrusion {
            line.lead
        } else {
            0.0
        };
        let target = style.measure + hang + lead;
        let fill_line = last
            || matches!(prepared.items.get(line.end), Some(Item::Penalty { penalty, .. }) if *penalty <= -INFINITY);
        let mut ratio = 0.0f32;
        let mut overfull = false;
        // What each letter gap and each unit of space stretch get.
        let mut letter_add = 0.0f32;
        let mut loose = false;
        let mut space_ratio = 0.0f32;
        // The glyphs' horizontal scale, minus one.
        let mut expand = 0.0f32;
        if justify {
            if natural > target {
                let all_shrink = shrink + expand_shrink;
                ratio = if all_shrink > 0.0 {
                    (target - natural) / all_shrink
                } else {
                    f32::NEG_INFINITY
                };
                // Narrower glyphs first, as for stretch, up to their limit
                // and in whole steps rounded towards none; the spaces take
                // the rest (pinched spaces show more than 2% narrower
                // letters). A line without spaces narrows by the exact amount.
                let share = if glyph_width > 0.0 {
                    ((natural - target) / glyph_width).min(self.tuning.expansion_shrink.max(0.0))
                } else {
                    0.0
                };
                expand = -if shrink > 0.0 {
                    self.expansion_steps(share)
                } else {
                    share
                };
                let squeezed = natural + expand * glyph_width;
                space_ratio = if shrink > 0.0 {
                    (target - squeezed) / shrink
                } else if squeezed > target + 1e-3 {
                    f32::NEG_INFINITY
                } else {
                    0.0
                };
                let limit = if line.overfull {
                    1.0
                } else {
                    self.shrink_limit()
                };
                if space_ratio < -limit {
                    // Past full shrink by a sliver the shaped line may
                    // differ from the breaker's estimate (a kern across a
                    // break); squeeze it in rather than overfill, unless
                    // the breaker itself had to accept an overfull line.
                    overfull = line.overfull || space_ratio < -limit - 0.25 || shrink <= 0.0;
                    if overfull {
                        space_ratio = -limit;
                        ratio = ratio.max(-limit);
                    }
                }
            } else if !fill_line && stretch > 0.0 {
                ratio = (target - natural) / stretch;
                // Expansion first, up to its limit, in whole steps rounded
                // towards none (a line that has nothing else to stretch
                // takes the exact amount): widened glyphs show least, and
                // every point they take is one the letters and spaces need
                // not. Then letters, up to their cap; spaces take the rest,
                // up to theirs, and past it only when the letters are full
                // too (a letter-spaced line is worse than a loose one).
                let share = if glyph_width > 0.0 {
                    ((target - natural) / glyph_width).min(self.tuning.expansion_stretch.max(0.0))
                } else {
                    0.0
                };
                expand = if other_stretch > 0.0 {
                    self.expansion_steps(share)
                } else {
                    share
                };
                let needed = target - natural - expand * glyph_width;
                let rest_ratio = if other_stretch > 0.0 {
                    needed / other_stretch
                } else {
                    0.0
                };
                let space_cap = if self.tuning.space_stretch > 0.0 {
                    (self.tuning.max_space_factor - 1.0) / self.tuning.space_stretch
                } else {
                    f32::INFINITY
                };
                let letter_cap = self.tuning.max_letter_space_em * style.size;
                letter_add = (rest_ratio * letter_gap).clamp(0.0, letter_cap);
                let rest = needed - letter_add * letters as f32;
                space_ratio = if space_stretch > 0.0 {
                    rest / space_stretch
                } else {
                    0.0
                };
                if space_ratio > space_cap && letters > 0 && letter_add < letter_cap {
                    // Spaces at their cap, letters up to theirs, and what
                    // is still missing back to the spaces.
                    letter_add =
                        ((needed - space_cap * space_stretch) / letters as f32).min(letter_cap);
                    space_ratio = if space_stretch > 0.0 {
                        (needed - letter_add * letters as f32) / space_stretch
                    } else {
                        0.0
                    };
                }
                loose = space_ratio > space_cap + 1e-3 || letter_add >= letter_cap - 1e-4;
            }
        }
        if style.align != Align::Justify && natural > style.measure + 0.01 {
            // Ragged lines do not shrink: a word wider than the measure sticks out.
            overfull = true;
        }
        let scale = 1.0 + expand;
        for f in &mut flat {
            match f {
                Flat::Glyph {
                    space: Some((y, z)),
                    glyph,
                    ..
                } => {
                    glyph.advance += if space_ratio >= 0.0 {
                        space_ratio * *y
                    } else {
                        space_ratio * *z
                    }
                }
                Flat::Glyph { letter, glyph, .. } => {
                    glyph.advance *= scale;
                    if *letter {
                        glyph.advance += letter_add;
                    }
                }
                Flat::Gap(_) => {}
            }
        }
        let width: Pt = flat.iter().map(Flat::advance).sum();
        let offset = match style.align {
            Align::Center if style.measure < f32::MAX => ((style.measure - width) / 2.0).max(0.0),
            // An opening quote hangs left of the line's start.
            _ => -lead,
        };

        // 4. Runs and note marks.
        let mut runs: Vec<GlyphRun> = Vec::new();
        let mut x = offset;
        let mut starts = Vec::with_capacity(flat.len());
        let mut open = false;
        for f in &flat {
            starts.push(x);
            match f {
                Flat::Gap(w) => {
                    x += w;
                    open = false;
                }
                Flat::Glyph {
                    face,
                    size,
                    rise,
                    glyph,
                    ..
                } => {
                    let font = face.font_id();
                    let same = open
                        && runs
                            .last()
                            .is_some_and(|r| r.font == font && r.size == *size && r.y == *rise);
                    if !same {
                        runs.push(GlyphRun {
                            font,
                            size: *size,
                            x,
                            y: *rise,
                            h_scale: scale,
                            glyphs: Vec::new(),
                        });
                        open = true;
                    }
                    if let Some(run) = runs.last_mut() {
                        run.glyphs.push(glyph.clone());
                    }
                    x += glyph.advance;
                }
            }
        }
        starts.push(x);
        let note_refs = marks
            .iter()
            .filter_map(|&(from, to, piece)| {
                let note = piece.note.as_ref()?;
                let metrics = self.shaper.fonts().metrics(piece.face);
                Some(NoteMark {
                    number: note.number,
                    id: note.id.clone(),
                    first: note.first,
                    x_start: starts[from],
                    x_end: starts[to],
                    y_top: -metrics.to_pt(i32::from(metrics.ascender), style.size),
                    y_bottom: -metrics.to_pt(i32::from(metrics.x_height), style.size) / 2.0,
                })
            })
            .collect();
        let space_set = if spaces > 0 {
            flat.iter()
                .filter_map(|f| match f {
                    Flat::Glyph {
                        space: Some(_),
                        glyph,
                        ..
                    } => Some(glyph.advance),
                    _ => None,
                })
                .sum::<Pt>()
                / spaces as f32
        } else {
            0.0
        };
        SetLine {
            runs,
            width,
            natural,
            ratio,
            hyphenated,
            ends_in_hyphen: hyphenated || explicit_hyphen,
            lead,
            overfull,
            loose,
            note_refs,
            first_word: words_set.first().cloned().unwrap_or_default(),
            last_word: words_set.last().cloned().unwrap_or_default(),
            space_natural: if spaces > 0 {
                space_natural / spaces as f32
            } else {
                0.0
            },
            space_set,
            spaces,
        }
    }
}

/// Right-margin protrusion of a line-ending character, as a fraction of
/// its advance (after microtype's defaults for Garamond-like faces: small
/// marks hang most, so the margin looks straight to the eye).
fn protrusion(c: char) -> f32 {
    match c {
        '.' | ',' => 0.6,
        '-' | '\u{2010}' | '\u{ad}' => 0.6,
        '’' | '”' | '\'' | '"' => 0.5,
        ':' | ';' => 0.4,
        '–' => 0.3,
        '!' | '?' | '—' | ')' => 0.2,
        _ => 0.0,
    }
}

/// Left-margin protrusion of a line-starting character, as a fraction of
/// its advance: opening quotes and brackets, whose white would otherwise
/// dent the margin.
fn left_protrusion(c: char) -> f32 {
    match c {
        '“' | '‘' | '"' | '\'' | '„' => 0.5,
        '(' | '[' => 0.2,
        _ => 0.0,
    }
}

#[derive(Debug, Clone)]
struct NoteInfo {
    number: u32,
    id: String,
    first: bool,
}

/// A run of a word in one face (or a note number).
#[derive(Debug, Clone)]
struct Piece {
    face: FaceKind,
    note: Option<NoteInfo>,
    /// As written (may hold soft hyphens).
    raw: String,
    /// Soft hyphens removed: what is shaped.
    text: String,
    /// Offset of `text` in the word's text.
    start: usize,
    variant: Variant,
    size: Pt,
    rise: Pt,
    shaped: Option<ShapeId>,
}

#[derive(Debug, Clone, Copy)]
struct Fragment {
    start: usize,
    end: usize,
    width: Pt,
}

#[derive(Debug, Clone, Copy)]
struct Hyphen {
    kind: BreakKind,
    width: Pt,
    hang: Pt,
}

#[derive(Debug, Clone)]
struct Word {
    pieces: Vec<Piece>,
    text: String,
    fragments: Vec<Fragment>,
    /// `hyphens[k]` sits between `fragments[k]` and `fragments[k + 1]`.
    hyphens: Vec<Hyphen>,
    last_face: FaceKind,
    /// Protrusion of the word's last glyph at a line end.
    hang: Pt,
    /// Glyphs in the word as shaped whole.
    glyphs: usize,
    /// Left protrusion of the word's first glyph at a line start.
    lead: Pt,
}

#[derive(Debug, Clone, Copy)]
enum Token {
    Word(usize),
    Space { no_break: bool },
    LineBreak,
}

/// What each breaker item stands for, to set the chosen lines.
#[derive(Debug, Clone, Copy)]
enum Source {
    Fragment {
        word: usize,
        start: usize,
        end: usize,
    },
    Space {
        face: FaceKind,
    },
    Hyphen {
        kind: BreakKind,
    },
    Indent,
    Nothing,
}

/// A paragraph ready to break (see [`Typesetter::prepare_paragraph`]).
pub struct Prepared {
    words: Vec<Word>,
    items: Vec<Item>,
    sources: Vec<Source>,
}

enum Element {
    Gap(Pt),
    Space {
        face: FaceKind,
        width: Pt,
        stretch: Pt,
        shrink: Pt,
    },
    Text {
        word: usize,
        start: usize,
        end: usize,
        hyphen: bool,
    },
}

enum Flat {
    Gap(Pt),
    Glyph {
        face: FaceKind,
        size: Pt,
        rise: Pt,
        glyph: Glyph,
        /// Stretch and shrink of a word space.
        space: Option<(Pt, Pt)>,
        /// A letter gap inside a word follows this glyph (stretches by
        /// `letter_stretch_em` at ratio 1).
        letter: bool,
    },
}

impl Flat {
    fn advance(&self) -> Pt {
        match self {
            Flat::Gap(w) => *w,
            Flat::Glyph { glyph, .. } => glyph.advance,
        }
    }
}

/// Turns inlines into words and spaces.
#[derive(Default)]
struct WordBuilder {
    words: Vec<Word>,
    tokens: Vec<Token>,
    current: Vec<Piece>,
}

impl WordBuilder {
    fn walk(&mut self, inlines: &[Inline], face: FaceKind) {
        for inline in inlines {
            match inline {
                Inline::Text { text } => self.text(text, face),
                Inline::Code { text } => self.text(text, FaceKind::Mono),
                Inline::Emphasis { content } => {
                    let emphasised = if face == FaceKind::Italic {
                        FaceKind::Regular
                    } else {
                        FaceKind::Italic
                    };
                    self.walk(content, emphasised);
                }
                Inline::Strong { content } => self.walk(content, FaceKind::Bold),
                Inline::Link { content, .. }
                | Inline::Strikethrough { content }
                | Inline::Superscript { content }
                | Inline::Subscript { content } => self.walk(content, face),
                Inline::LineBreak => {
                    self.finish_word();
                    while matches!(self.tokens.last(), Some(Token::Space { .. })) {
                        self.tokens.pop();
                    }
                    self.tokens.push(Token::LineBreak);
                }
                Inline::NoteRef { number, first, id } => {
                    self.current.push(Piece {
                        face,
                        note: Some(NoteInfo {
                            number: *number,
                            id: id.clone(),
                            first: *first,
                        }),
                        raw: number.to_string(),
                        text: String::new(),
                        start: 0,
                        variant: Variant::Normal,
                        size: 0.0,
                        rise: 0.0,
                        shaped: None,
                    });
                }
            }
        }
    }

    fn text(&mut self, text: &str, face: FaceKind) {
        for c in text.chars() {
            match c {
                ' ' | '\t' | '\n' | '\r' => self.space(false),
                '\u{a0}' => self.space(true),
                _ => {
                    let extend = self
                        .current
                        .last()
                        .is_some_and(|p| p.face == face && p.note.is_none());
                    if extend {
                        if let Some(p) = self.current.last_mut() {
                            p.raw.push(c);
                        }
                    } else {
                        self.current.push(Piece {
                            face,
                            note: None,
                            raw: c.to_string(),
                            text: String::new(),
                            start: 0,
                            variant: Variant::Normal,
                            size: 0.0,
                            rise: 0.0,
                            shaped: None,
                        });
                    }
                }
            }
        }
    }

    fn space(&mut self, no_break: bool) {
        self.finish_word();
        match self.tokens.last_mut() {
            // Nothing to separate at a paragraph's or line's start.
            None | Some(Token::LineBreak) => {}
            Some(Token::Space { no_break: nb }) => *nb |= no_break,
            Some(Token::Word(_)) => self.tokens.push(Token::Space { no_break }),
        }
    }

    fn finish_word(&mut self) {
        if self.current.is_empty() {
            return;
        }
        let pieces = std::mem::take(&mut self.current);
        self.tokens.push(Token::Word(self.words.len()));
        self.words.push(Word {
            pieces,
            text: String::new(),
            fragments: Vec::new(),
            hyphens: Vec::new(),
            last_face: FaceKind::Regular,
            hang: 0.0,
            glyphs: 0,
            lead: 0.0,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::linebreak;

    const PARAGRAPH: &str = "Judging from the aims which the Khrushchevites sought to achieve, politically, ideologically and organizationally, the Bucharest Meeting was a Trotskyite, anti-Marxist, revisionist putsch. From the formal aspect it was a putsch, too, because it was held in violation of the elementary norms of relations between parties.";

    fn typesetter() -> Typesetter<'static> {
        Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap())
    }

    fn inlines(t: &str) -> Vec<Inline> {
        vec![Inline::Text {
            text: t.to_string(),
        }]
    }

    /// The text a reader copies out: glyph texts, lines joined by a space
    /// unless the line ends in a break hyphen (then the soft hyphen goes).
    fn copied(set: &SetParagraph) -> String {
        let mut out = String::new();
        for (i, line) in set.lines.iter().enumerate() {
            let mut line_text: String = line
                .runs
                .iter()
                .flat_map(|r| r.glyphs.iter().map(|g| g.text.as_str()))
                .collect();
            if line.hyphenated {
                assert!(line_text.ends_with(BREAK_HYPHEN_TEXT), "{line_text}");
                line_text.truncate(line_text.len() - BREAK_HYPHEN_TEXT.len());
            }
            out.push_str(&line_text);
            let explicit = line_text.ends_with(['-', '—', '–']);
            if i + 1 < set.lines.len() && !line.hyphenated && !explicit {
                out.push(' ');
            }
        }
        out
    }

    #[test]
    fn breaks_a_known_paragraph_at_a_known_width() {
        let mut ts = typesetter();
        let style = ParagraphStyle::body(11.0, 240.0, 11.0);
        // With font expansion (the default) and as the engine set it
        // before expansion (more letter spacing): the glyphs' stretch and
        // shrink let the first line take two more words.
        for (expansion, letters, want) in [
            (
                0.02,
                0.015,
                [
                    "sought",
                    "organizationally,",
                    "revi-",
                    "too,",
                    "norms",
                    "parties.",
                ],
            ),
            (
                0.0,
                0.02,
                [
                    "Khrushchevites",
                    "and",
                    "Trotskyite,",
                    "it",
                    "the",
                    "parties.",
                ],
            ),
        ] {
            ts.tuning.expansion_stretch = expansion;
            ts.tuning.expansion_shrink = expansion;
            ts.tuning.letter_stretch_em = letters;
            let set = ts.set_paragraph(&inlines(PARAGRAPH), &style);
            let ends: Vec<&str> = set.lines.iter().map(|l| l.last_word.as_str()).collect();
            assert_eq!(
                ends,
                want,
                "{:#?}",
                set.lines
                    .iter()
                    .map(|l| (&l.first_word, &l.last_word, l.ratio))
                    .collect::<Vec<_>>()
            );
            assert_eq!(set.overfull_lines(), 0);
            let scales: Vec<f32> = set.lines.iter().map(|l| l.runs[0].h_scale).collect();
            if expansion == 0.0 {
                assert!(scales.iter().all(|&s| s == 1.0), "{scales:?}");
            } else {
                // Some line uses it, in whole 0.5% steps, within ±2%.
                assert!(scales.iter().any(|&s| s != 1.0), "{scales:?}");
                for s in scales {
                    let steps = (s - 1.0) / 0.005;
                    assert!((steps - steps.round()).abs() < 1e-3 && (s - 1.0).abs() <= 0.02 + 1e-6);
                }
            }
        }
    }

    #[test]
    fn justified_lines_fill_the_measure_exactly() {
        let mut ts = typesetter();
        for measure in [180.0, 240.0, 305.0] {
            let style = ParagraphStyle::body(11.0, measure, 11.0);
            let set = ts.set_paragraph(&inlines(PARAGRAPH), &style);
            let (last, body) = set.lines.split_last().unwrap();
            for (i, line) in body.iter().enumerate() {
                // Either end may hang into the margin by part of a glyph;
                // the first line starts after its indent.
                let start = line.runs[0].x - if i == 0 { 11.0 } else { 0.0 };
                assert!((start + line.lead).abs() < 1e-4 && line.lead >= 0.0);
                let end = line.runs[0].x + line.width - if i == 0 { 11.0 } else { 0.0 };
                assert!(end >= measure - 0.01 && end <= measure + 3.0, "{line:?}");
                let advances: f32 = line
                    .runs
                    .iter()
                    .flat_map(|r| &r.glyphs)
                    .map(|g| g.advance)
                    .sum();
                let indent = if i == 0 { 11.0 } else { 0.0 };
                assert!((advances + indent - line.width).abs() < 0.01);
                assert!(!line.overfull);
            }
            assert!(last.runs[0].x + last.width <= measure);
            assert_eq!(last.ratio, 0.0, "the last line keeps natural spaces");
            assert_eq!(copied(&set), PARAGRAPH);
        }
    }

    #[test]
    fn hyphenated_lines_carry_a_soft_hyphen_and_copy_back_whole() {
        let mut ts = typesetter();
        let style = ParagraphStyle::body(11.0, 120.0, 0.0);
        let set = ts.set_paragraph(&inlines(PARAGRAPH), &style);
        assert!(
            set.lines.iter().any(|l| l.hyphenated),
            "a narrow measure needs hyphens"
        );
        for line in &set.lines {
            assert_eq!(
                line.ends_in_hyphen,
                line.last_word.ends_with('-'),
                "{line:?}"
            );
        }
        for line in set.lines.iter().filter(|l| l.hyphenated) {
            assert!(line.last_word.ends_with('-'));
        }
        assert_eq!(copied(&set), PARAGRAPH);
        let mut run = 0;
        for line in &set.lines {
            run = if line.hyphenated { run + 1 } else { 0 };
            assert!(run <= 2);
        }
    }

    #[test]
    fn opening_quotes_hang_into_the_left_margin() {
        let mut ts = typesetter();
        let text = "The talks went on and on for hours without end, and then Mikoyan said: “We shall see about that, comrades, we shall see about that soon.” “No,” said Mehmet.";
        let style = ParagraphStyle::body(11.0, 150.0, 0.0);
        let set = ts.set_paragraph(&inlines(text), &style);
        let quoted: Vec<&SetLine> = set
            .lines
            .iter()
            .skip(1)
            .filter(|l| l.first_word.starts_with('“'))
            .collect();
        for line in &quoted {
            assert!(line.lead > 0.5 && line.lead < 4.0, "{line:?}");
            assert!((line.runs[0].x + line.lead).abs() < 1e-4);
        }
        for line in set.lines.iter().filter(|l| !l.first_word.starts_with('“')) {
            assert_eq!(line.lead, 0.0);
        }
        ts.tuning.protrusion = false;
        let flush = ts.set_paragraph(&inlines(text), &style);
        assert!(flush
            .lines
            .iter()
            .all(|l| l.lead == 0.0 && l.runs[0].x == 0.0));
    }

    #[test]
    fn emphasis_strong_and_note_numbers() {
        let mut ts = typesetter();
        let content = vec![
            Inline::Text { text: "A ".into() },
            Inline::Emphasis {
                content: vec![Inline::Text {
                    text: "pokushenie".into(),
                }],
            },
            Inline::NoteRef {
                number: 12,
                first: true,
                id: "noteref-12".into(),
            },
            Inline::Text {
                text: " was ".into(),
            },
            Inline::Strong {
                content: vec![Inline::Text {
                    text: "feared".into(),
                }],
            },
            Inline::Text { text: ".".into() },
        ];
        let style = ParagraphStyle::body(11.0, 300.0, 0.0);
        let set = ts.set_paragraph(&content, &style);
        assert_eq!(set.lines.len(), 1);
        let line = &set.lines[0];
        let fonts: Vec<usize> = line.runs.iter().map(|r| r.font.0).collect();
        assert!(fonts.contains(&FaceKind::Italic.index()));
        assert!(fonts.contains(&FaceKind::Bold.index()));
        assert_eq!(line.note_refs.len(), 1);
        let mark = &line.note_refs[0];
        assert_eq!(
            (mark.number, mark.id.as_str(), mark.first),
            (12, "noteref-12", true)
        );
        assert!(mark.x_end > mark.x_start && mark.y_top < mark.y_bottom && mark.y_bottom <= 0.0);
        // Superior figures sit on the baseline's run: nothing is raised
        // out of the line, so leading is untouched.
        assert!(line.runs.iter().all(|r| r.y == 0.0));
        let text: String = line
            .runs
            .iter()
            .flat_map(|r| &r.glyphs)
            .map(|g| g.text.as_str())
            .collect();
        assert_eq!(text, "A pokushenie12 was feared.");
    }

    #[test]
    fn a_soft_hyphen_is_the_only_break_and_is_not_shown() {
        let mut ts = typesetter();
        let style = ParagraphStyle::body(11.0, 300.0, 0.0);
        let set = ts.set_paragraph(&inlines("un\u{ad}breakable"), &style);
        let shown: String = set.lines[0].runs[0]
            .glyphs
            .iter()
            .map(|g| g.text.as_str())
            .collect();
        assert_eq!(shown, "unbreakable");
    }

    #[test]
    fn a_word_wider_than_the_measure_is_overfull_and_reported() {
        let mut ts = typesetter();
        let style = ParagraphStyle {
            hyphenate: false,
            ..ParagraphStyle::body(11.0, 40.0, 0.0)
        };
        let set = ts.set_paragraph(&inlines("a incomprehensibilities b"), &style);
        assert_eq!(set.overfull_lines(), 1);
        assert!(set.emergency);
        let d = set.diagnostic("ch.md", Span { line: 7, col: 1 }).unwrap();
        assert!(
            d.to_string()
                .starts_with("ch.md:7:1: warning: overfull line"),
            "{d}"
        );
        // A two-word line at a wide measure can only be loose.
        let loose = ts.set_paragraph(&inlines("aa bb cc"), &ParagraphStyle::body(11.0, 28.0, 0.0));
        assert!(loose.lines.iter().any(|l| l.loose), "{loose:?}");
        let d = loose.diagnostic("ch.md", Span { line: 9, col: 1 }).unwrap();
        assert!(d.to_string().contains("loose line 1 of paragraph"), "{d}");
        let fine = ts.set_paragraph(
            &inlines(PARAGRAPH),
            &ParagraphStyle::body(11.0, 305.0, 11.0),
        );
        assert!(fine.diagnostic("ch.md", Span::default()).is_none());
    }

    #[test]
    fn variants_are_one_line_shorter_or_longer() {
        let mut ts = typesetter();
        let long: String = [PARAGRAPH; 3].join(" ");
        let mut found = 0;
        for measure in (0..12).map(|k| 250.0 + 6.0 * k as f32) {
            let style = ParagraphStyle::body(11.0, measure, 11.0);
            let v = ts.set_paragraph_variants(&inlines(&long), &style);
            let n = v.best.lines.len();
            if let Some(s) = &v.shorter {
                assert_eq!(s.lines.len(), n - 1);
                assert!(s.demerits >= v.best.demerits);
                found += 1;
            }
            if let Some(l) = &v.longer {
                assert_eq!(l.lines.len(), n + 1);
                found += 1;
                let loose = ts.set_paragraph(
                    &inlines(&long),
                    &ParagraphStyle {
                        looseness: 1,
                        ..style
                    },
                );
                assert_eq!(loose.lines.len(), n + 1);
            }
        }
        assert!(found > 0, "some measure leaves a long paragraph slack");
    }

    #[test]
    fn set_line_keeps_natural_spaces_and_centre_offsets() {
        let mut ts = typesetter();
        let line = ts.set_line("From Bucharest to Moscow", FaceKind::SmallCaps, 14.0);
        assert_eq!(line.runs.len(), 1);
        assert_eq!(line.runs[0].font, FaceKind::SmallCaps.font_id());
        assert!((line.width - line.natural).abs() < 1e-3);
        let text: String = line.runs[0]
            .glyphs
            .iter()
            .map(|g| g.text.as_str())
            .collect();
        assert_eq!(text, "From Bucharest to Moscow");
        let style = ParagraphStyle {
            align: Align::Center,
            face: FaceKind::SmallCaps,
            ..ParagraphStyle::body(14.0, 300.0, 0.0)
        };
        let centred = ts.set_paragraph(&inlines("From Bucharest to Moscow"), &style);
        let x = centred.lines[0].runs[0].x;
        assert!((x - (300.0 - line.width) / 2.0).abs() < 0.01, "{x}");
    }

    #[test]
    fn ragged_right_keeps_spaces_natural() {
        let mut ts = typesetter();
        let style = ParagraphStyle {
            align: Align::Left,
            ..ParagraphStyle::body(11.0, 200.0, 0.0)
        };
        let set = ts.set_paragraph(&inlines(PARAGRAPH), &style);
        assert!(set.lines.len() > 2);
        for line in &set.lines {
            assert!(line.width <= 200.0 + 0.01);
            assert!((line.space_set - line.space_natural).abs() < 1e-3);
        }
        assert_eq!(copied(&set), PARAGRAPH);
    }

    #[test]
    fn breaker_items_end_with_fill_and_a_forced_break() {
        let mut ts = typesetter();
        let (items, params) =
            ts.breaker_items(&inlines("a b"), &ParagraphStyle::body(11.0, 300.0, 0.0));
        assert!(
            matches!(items.last(), Some(Item::Penalty { penalty, .. }) if *penalty <= -INFINITY)
        );
        assert_eq!(
            linebreak::break_lines(&items, 300.0, &params).lines.len(),
            1
        );
    }
}
