//! The engine's penalties, ratios and limits, and the breaker parameters they give a paragraph style.

use super::{Align, ParagraphStyle, Typesetter};
use crate::pdf::linebreak::{Params, SpaceCap};

/// Penalties and ratios of the engine (see `linebreak::Params` for the breaker's own).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    pub breaker: Params,
    /// Penalty for a break at an added hyphen (`\hyphenpenalty`). 100
    /// (down from 300) lets the breaker use a hyphen where it spares a
    /// loose line or a runt: 3.7% of the first book's lines end in one
    /// (Typst sets 4%, LaTeX 12–15%).
    pub hyphen_penalty: f32,
    /// Penalty for a break after an explicit hyphen or dash (`\exhyphenpenalty`).
    pub explicit_hyphen_penalty: f32,
    /// Penalty for a break inside code in running text at one of its own
    /// hyphens (`--log` / `-level=debug`): dearer than a break at a space
    /// in the same code, which sets its line short (`code_space_penalty`),
    /// since the split option reads as two.
    pub code_hyphen_penalty: f32,
    /// Penalty for a break at a space inside code, whose line is set
    /// short at natural spacing: a little dearer than a hyphen, so code
    /// is not broken where a justified line would do.
    pub code_space_penalty: f32,
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
    /// Word spaces past this multiple of the natural one make a line
    /// loose enough for the last resorts: letter spacing up to
    /// `max_letter_space_em` and expansion up to `emergency_expansion`.
    /// 1.78 keeps a forced loose line's spaces clearly under issue 11's
    /// 1.8× as the PDF's glyph positions show them (at 1.8 the first
    /// book's loosest line read 1.7999995× in the report and 1.8004× in
    /// poppler's word boxes); the breaker prices lines past it too.
    pub comfort_space_factor: f32,
    /// Widest word space, as a multiple of the natural one. A line the
    /// emergency pass set looser than that takes the rest between its
    /// letters: an evenly loose line reads better than one with holes.
    pub max_space_factor: f32,
    /// Past this many times the natural word space a line is not filled
    /// at all: it is set short, at natural spacing (a one-word line that
    /// letters and glyphs cannot fill is too). Spaces three times their
    /// width are holes; a short line before a long unbreakable word is
    /// what a compositor sets. The breaker prices every such line alike
    /// (`linebreak::SpaceCap::short`).
    pub short_space_factor: f32,
    /// Letter spacing a line whose spaces would pass
    /// `comfort_space_factor` may take once expansion is at its emergency
    /// limit, in ems (0.02: at 0.026 the first book's loosest lines read
    /// as letter-spaced at 150 dpi).
    pub loose_letter_space_em: f32,
    /// Widest letter spacing, in ems, for lines whose spaces would
    /// otherwise pass `max_space_factor`: past it a line's word spaces
    /// take all the remaining slack.
    pub max_letter_space_em: f32,
    /// Font expansion a line whose spaces would pass
    /// `comfort_space_factor` may use (the normal limit is
    /// `expansion_stretch`) before letter spacing goes past its comfort
    /// share: evenly wider glyphs show less than spaced-out letters. Only a
    /// handful of lines a book, those with no better breaks (on the first
    /// book 1 line of 1,324, 2 in the page-bottom edition). 3.25 %, one
    /// step past 3 %, widens a 0.45 em glyph by 0.015 em (0.16 pt at
    /// 11 pt): it takes the 0.57 pt that lowering the space cap from 1.8×
    /// to 1.78× moves out of the loosest line's 11 spaces, where letter
    /// spacing (already 0.0198 em there) has no room left.
    pub emergency_expansion: f32,
    /// Letter spacing a line may take in its share of the stretch, in
    /// ems: below what shows at reading distance. Only a line whose spaces
    /// would pass `comfort_space_factor` goes further, up to
    /// `max_letter_space_em`.
    pub comfort_letter_space_em: f32,
    /// Demerits for a paragraph's last line of a single word (see
    /// `linebreak::Params::runt_demerits`).
    pub runt_demerits: f32,
    /// Font expansion (pdfTeX's `\pdfadjustspacing`, after Hàn Thế Thành's
    /// microtypography): a justified line may set its glyphs up to this
    /// fraction wider or narrower, which readers do not see at a few per
    /// cent and which spares word spaces and letter spacing. The breaker
    /// counts it as stretch and shrink proportional to the line's glyphs.
    pub expansion_stretch: f32,
    pub expansion_shrink: f32,
    /// Expansion is chosen per line in steps of this fraction (as
    /// microtype's `step`): fewer distinct widths on a page. At 0.25% a
    /// line's spaces keep less of the rounding (the first book's median
    /// word space drops from 1.018× to 1.012× natural).
    pub expansion_step: f32,
    /// Tolerance (largest adjustment ratio) for the one-line-shorter and
    /// one-line-longer variants pagination may ask for: a little looser
    /// than the body's, since a widow or orphan costs more than a loose line.
    pub variant_tolerance: f32,
    /// Demerits for a line the setter could fill only by opening its word
    /// spaces past `comfort_space_factor` or its letters past
    /// `comfort_letter_space_em` (see `linebreak::SpaceCap`): about what a
    /// line at ratio 2.1 costs, so the breaker takes any other line within
    /// tolerance first, and pagination a variant without such lines.
    pub space_cap_demerits: f32,
    /// Stretch and shrink between two ideographs where a line may break,
    /// in ems (CSS `text-justify: inter-character`; JLREQ §3.8): text
    /// written without spaces has no word spaces to take a justified
    /// line's slack, so it takes it between its characters. At ratio 1 a
    /// gap opens by a tenth of an em, about what a line of 30 characters
    /// needs when kinsoku pushes one character over; the shrink is a
    /// quarter of that (a squeezed grid shows sooner than an opened one).
    /// Never next to a closing mark that may not start a line or an
    /// opening one that may not end it: those are not break points.
    pub ideograph_stretch_em: f32,
    pub ideograph_shrink_em: f32,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            breaker: Params::default(),
            hyphen_penalty: 100.0,
            explicit_hyphen_penalty: 50.0,
            code_hyphen_penalty: 1000.0,
            code_space_penalty: 150.0,
            space_stretch: 0.5,
            space_shrink: 0.25,
            emergency_stretch_em: 2.0,
            emergency_space_shrink: 0.33,
            protrusion: true,
            letter_stretch_em: 0.015,
            comfort_space_factor: 1.78,
            max_space_factor: 2.0,
            short_space_factor: 3.0,
            loose_letter_space_em: 0.02,
            max_letter_space_em: 0.03,
            emergency_expansion: 0.0325,
            comfort_letter_space_em: 0.015,
            // As much as a line at ratio 1.9: the first book goes from 27
            // runts in 237 paragraph endings to 6, its spacing no looser.
            runt_demerits: 40_000.0,
            expansion_stretch: 0.02,
            expansion_shrink: 0.02,
            expansion_step: 0.0025,
            variant_tolerance: 1.5,
            space_cap_demerits: 1.0e6,
            ideograph_stretch_em: 0.1,
            ideograph_shrink_em: 0.025,
        }
    }
}

impl Typesetter<'_> {
    /// `amount` of font expansion rounded down to whole steps.
    pub(super) fn expansion_steps(&self, amount: f32) -> f32 {
        let step = self.tuning.expansion_step;
        if step > 0.0 {
            // A hair of tolerance so 0.02 / 0.005 is four steps, not three.
            (amount / step + 1e-4).floor().max(0.0) * step
        } else {
            amount.max(0.0)
        }
    }

    /// `amount` of font expansion rounded up to whole steps.
    pub(super) fn expansion_steps_up(&self, amount: f32) -> f32 {
        let step = self.tuning.expansion_step;
        if step > 0.0 {
            (amount / step - 1e-4).ceil().max(0.0) * step
        } else {
            amount.max(0.0)
        }
    }

    /// The emergency pass's shrink limit as an adjustment ratio (≥ 1).
    pub(super) fn shrink_limit(&self) -> f32 {
        if self.tuning.space_shrink > 0.0 {
            (self.tuning.emergency_space_shrink / self.tuning.space_shrink).max(1.0)
        } else {
            1.0
        }
    }

    /// The setter's limits as the breaker prices them (`justify.rs`):
    /// spaces up to `comfort_space_factor`, letters up to their comfort
    /// share, glyphs up to `emergency_expansion`.
    fn space_cap(&self) -> Option<SpaceCap> {
        let t = &self.tuning;
        let reach = |limit: f32, normal: f32| if normal > 0.0 { limit / normal } else { 0.0 };
        (t.space_cap_demerits > 0.0 && t.space_stretch > 0.0).then(|| SpaceCap {
            factor: t.comfort_space_factor,
            space_stretch: t.space_stretch,
            letter_reach: reach(
                t.loose_letter_space_em.min(t.max_letter_space_em),
                t.letter_stretch_em,
            ),
            box_reach: reach(
                t.emergency_expansion.max(t.expansion_stretch),
                t.expansion_stretch,
            ),
            demerits: t.space_cap_demerits,
            short_factor: t.short_space_factor,
        })
    }

    pub(super) fn params(&self, style: &ParagraphStyle) -> Params {
        let mut params = self.tuning.breaker;
        params.hyphenate = style.hyphenate;
        params.looseness = style.looseness;
        params.emergency_stretch = self.tuning.emergency_stretch_em * style.size;
        params.emergency_shrink = self.shrink_limit();
        params.runt_demerits = self.tuning.runt_demerits;
        if style.looseness != 0 {
            // Asking for another line count accepts what the variants accept.
            params.tolerance = self.tuning.variant_tolerance.max(params.tolerance);
        }
        if style.align == Align::Justify {
            params.box_stretch = self.tuning.expansion_stretch.max(0.0);
            params.box_shrink = self.tuning.expansion_shrink.max(0.0);
            params.space_cap = self.space_cap();
        } else {
            // Ragged lines: the breaker's ratio measures raggedness, not
            // word spaces; any ratio up to the full ragged stretch is fine.
            params.tolerance = params.tolerance.max(1.0);
        }
        params
    }
}
