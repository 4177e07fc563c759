//! The math font (Garamond-Math, embedded) and what layout reads of it: glyphs by character, their metrics, and the MATH table's constants, italic corrections, accent attachments and stretchy variants.
//!
//! Parsed once per process (`face`): the PDF sets chapters on several
//! threads and each reads the same tables. All lengths leave here in
//! points at the size asked for; design units stay inside.

use std::sync::OnceLock;

use rustybuzz::ttf_parser::{self, math, GlyphId};

use crate::pdf::units::Pt;

/// The PostScript name the PDF gives the embedded math face.
pub const NAME: &str = "Garamond-Math";

/// The parsed math face, shared by every thread.
pub fn face() -> &'static ttf_parser::Face<'static> {
    static FACE: OnceLock<ttf_parser::Face<'static>> = OnceLock::new();
    FACE.get_or_init(|| match ttf_parser::Face::parse(crate::fonts::MATH, 0) {
        Ok(face) => face,
        // fonts::tests and this module's tests parse the embedded file.
        Err(e) => unreachable!("embedded math font does not parse: {e}"),
    })
}

/// The math face's tables, read for one layout.
#[derive(Clone, Copy)]
pub struct MathFont {
    pub face: &'static ttf_parser::Face<'static>,
    constants: Option<math::Constants<'static>>,
    glyph_info: Option<math::GlyphInfo<'static>>,
    variants: Option<math::Variants<'static>>,
    upm: f32,
}

/// A glyph's box in points: advance, height above and depth below the
/// baseline (positive down), italic correction.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GlyphBox {
    pub advance: Pt,
    pub height: Pt,
    pub depth: Pt,
    pub italic: Pt,
}

/// The MATH constants layout uses, in design units (`MathFont::pt`
/// turns them into points at a size).
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs)]
pub enum Constant {
    AxisHeight,
    AccentBaseHeight,
    SubscriptShiftDown,
    SubscriptTopMax,
    SubscriptBaselineDropMin,
    SuperscriptShiftUp,
    SuperscriptShiftUpCramped,
    SuperscriptBottomMin,
    SuperscriptBaselineDropMax,
    SubSuperscriptGapMin,
    SuperscriptBottomMaxWithSubscript,
    SpaceAfterScript,
    UpperLimitGapMin,
    UpperLimitBaselineRiseMin,
    LowerLimitGapMin,
    LowerLimitBaselineDropMin,
    StackTopShiftUp,
    StackTopDisplayStyleShiftUp,
    StackBottomShiftDown,
    StackBottomDisplayStyleShiftDown,
    StackGapMin,
    StackDisplayStyleGapMin,
    FractionNumeratorShiftUp,
    FractionNumeratorDisplayStyleShiftUp,
    FractionDenominatorShiftDown,
    FractionDenominatorDisplayStyleShiftDown,
    FractionNumeratorGapMin,
    FractionNumDisplayStyleGapMin,
    FractionRuleThickness,
    FractionDenominatorGapMin,
    FractionDenomDisplayStyleGapMin,
    OverbarVerticalGap,
    OverbarRuleThickness,
    OverbarExtraAscender,
    UnderbarVerticalGap,
    UnderbarRuleThickness,
    UnderbarExtraDescender,
    RadicalVerticalGap,
    RadicalDisplayStyleVerticalGap,
    RadicalRuleThickness,
    RadicalExtraAscender,
    RadicalKernBeforeDegree,
    RadicalKernAfterDegree,
    StretchStackGapAboveMin,
    StretchStackGapBelowMin,
    DisplayOperatorMinHeight,
    DelimitedSubFormulaMinHeight,
}

impl MathFont {
    /// The embedded math font.
    pub fn embedded() -> MathFont {
        MathFont::new(face())
    }

    pub fn new(face: &'static ttf_parser::Face<'static>) -> MathFont {
        let table = face.tables().math;
        MathFont {
            face,
            constants: table.and_then(|t| t.constants),
            glyph_info: table.and_then(|t| t.glyph_info),
            variants: table.and_then(|t| t.variants),
            upm: f32::from(face.units_per_em().max(1)),
        }
    }

    /// Design units to points at `size`.
    pub fn pt(&self, units: f32, size: Pt) -> Pt {
        units * size / self.upm
    }

    /// A constant in points at `size` (0 when the font has no MATH table).
    pub fn constant(&self, which: Constant, size: Pt) -> Pt {
        let Some(c) = self.constants else { return 0.0 };
        use Constant as K;
        let units = match which {
            K::AxisHeight => c.axis_height().value,
            K::AccentBaseHeight => c.accent_base_height().value,
            K::SubscriptShiftDown => c.subscript_shift_down().value,
            K::SubscriptTopMax => c.subscript_top_max().value,
            K::SubscriptBaselineDropMin => c.subscript_baseline_drop_min().value,
            K::SuperscriptShiftUp => c.superscript_shift_up().value,
            K::SuperscriptShiftUpCramped => c.superscript_shift_up_cramped().value,
            K::SuperscriptBottomMin => c.superscript_bottom_min().value,
            K::SuperscriptBaselineDropMax => c.superscript_baseline_drop_max().value,
            K::SubSuperscriptGapMin => c.sub_superscript_gap_min().value,
            K::SuperscriptBottomMaxWithSubscript => c.superscript_bottom_max_with_subscript().value,
            K::SpaceAfterScript => c.space_after_script().value,
            K::UpperLimitGapMin => c.upper_limit_gap_min().value,
            K::UpperLimitBaselineRiseMin => c.upper_limit_baseline_rise_min().value,
            K::LowerLimitGapMin => c.lower_limit_gap_min().value,
            K::LowerLimitBaselineDropMin => c.lower_limit_baseline_drop_min().value,
            K::StackTopShiftUp => c.stack_top_shift_up().value,
            K::StackTopDisplayStyleShiftUp => c.stack_top_display_style_shift_up().value,
            K::StackBottomShiftDown => c.stack_bottom_shift_down().value,
            K::StackBottomDisplayStyleShiftDown => c.stack_bottom_display_style_shift_down().value,
            K::StackGapMin => c.stack_gap_min().value,
            K::StackDisplayStyleGapMin => c.stack_display_style_gap_min().value,
            K::FractionNumeratorShiftUp => c.fraction_numerator_shift_up().value,
            K::FractionNumeratorDisplayStyleShiftUp => {
                c.fraction_numerator_display_style_shift_up().value
            }
            K::FractionDenominatorShiftDown => c.fraction_denominator_shift_down().value,
            K::FractionDenominatorDisplayStyleShiftDown => {
                c.fraction_denominator_display_style_shift_down().value
            }
            K::FractionNumeratorGapMin => c.fraction_numerator_gap_min().value,
            K::FractionNumDisplayStyleGapMin => c.fraction_num_display_style_gap_min().value,
            K::FractionRuleThickness => c.fraction_rule_thickness().value,
            K::FractionDenominatorGapMin => c.fraction_denominator_gap_min().value,
            K::FractionDenomDisplayStyleGapMin => c.fraction_denom_display_style_gap_min().value,
            K::OverbarVerticalGap => c.overbar_vertical_gap().value,
            K::OverbarRuleThickness => c.overbar_rule_thickness().value,
            K::OverbarExtraAscender => c.overbar_extra_ascender().value,
            K::UnderbarVerticalGap => c.underbar_vertical_gap().value,
            K::UnderbarRuleThickness => c.underbar_rule_thickness().value,
            K::UnderbarExtraDescender => c.underbar_extra_descender().value,
            K::RadicalVerticalGap => c.radical_vertical_gap().value,
            K::RadicalDisplayStyleVerticalGap => c.radical_display_style_vertical_gap().value,
            K::RadicalRuleThickness => c.radical_rule_thickness().value,
            K::RadicalExtraAscender => c.radical_extra_ascender().value,
            K::RadicalKernBeforeDegree => c.radical_kern_before_degree().value,
            K::RadicalKernAfterDegree => c.radical_kern_after_degree().value,
            K::StretchStackGapAboveMin => c.stretch_stack_gap_above_min().value,
            K::StretchStackGapBelowMin => c.stretch_stack_gap_below_min().value,
            K::DisplayOperatorMinHeight => c.display_operator_min_height() as i16,
            K::DelimitedSubFormulaMinHeight => c.delimited_sub_formula_min_height() as i16,
        };
        self.pt(f32::from(units), size)
    }

    /// `scriptPercentScaleDown` and `scriptScriptPercentScaleDown`, as
    /// factors (TeX's 7/10 and 5/10 when the font gives none).
    pub fn script_scales(&self) -> (f32, f32) {
        let Some(c) = self.constants else {
            return (0.7, 0.5);
        };
        let or = |p: i16, d: f32| if p > 0 { f32::from(p) / 100.0 } else { d };
        (
            or(c.script_percent_scale_down(), 0.7),
            or(c.script_script_percent_scale_down(), 0.5),
        )
    }

    /// `radicalDegreeBottomRaisePercent` as a factor.
    pub fn degree_raise(&self) -> f32 {
        self.constants.map_or(0.6, |c| {
            f32::from(c.radical_degree_bottom_raise_percent()) / 100.0
        })
    }

    /// `minConnectorOverlap`, in design units.
    pub fn min_connector_overlap(&self) -> f32 {
        self.variants
            .map_or(0.0, |v| f32::from(v.min_connector_overlap))
    }

    /// The glyph for `c`, if the font has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.face.glyph_index(c).map(|g| g.0).filter(|&g| g != 0)
    }

    /// A glyph's box at `size`: its outline's extent up and down, its
    /// advance and the MATH table's italic correction.
    pub fn glyph_box(&self, id: u16, size: Pt) -> GlyphBox {
        let gid = GlyphId(id);
        let (height, depth) = self
            .face
            .glyph_bounding_box(gid)
            .map_or((0.0, 0.0), |b| (f32::from(b.y_max), -f32::from(b.y_min)));
        let advance = self.face.glyph_hor_advance(gid).map_or(0.0, f32::from);
        let italic = self
            .glyph_info
            .and_then(|i| i.italic_corrections)
            .and_then(|v| v.get(gid))
            .map_or(0.0, |v| f32::from(v.value));
        GlyphBox {
            advance: self.pt(advance, size),
            height: self.pt(height, size),
            depth: self.pt(depth, size),
            italic: self.pt(italic, size),
        }
    }

    /// Where an accent over the glyph is centred, from its left edge
    /// (`topAccentAttachment`), if the font says.
    pub fn top_accent(&self, id: u16, size: Pt) -> Option<Pt> {
        self.glyph_info
            .and_then(|i| i.top_accent_attachments)
            .and_then(|v| v.get(GlyphId(id)))
            .map(|v| self.pt(f32::from(v.value), size))
    }

    /// The glyph's larger forms, smallest first, and the parts to build
    /// one of any size from, vertically or horizontally.
    pub fn construction(
        &self,
        id: u16,
        horizontal: bool,
    ) -> Option<math::GlyphConstruction<'static>> {
        let v = self.variants?;
        let set = if horizontal {
            v.horizontal_constructions
        } else {
            v.vertical_constructions
        };
        set.get(GlyphId(id))
    }
}
