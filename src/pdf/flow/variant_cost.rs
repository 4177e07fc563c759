//! What pagination pays for setting a paragraph a line longer or shorter than its best.

use crate::pdf::paragraph::{Alternative, SetParagraph, Setting};

/// A line of an alternative looser than a best setting may be (word
/// spaces past about 1.5 times natural, the report's "loose"), which its
/// best setting does not have: a reviewer found widows avoided by setting
/// a paragraph a line longer at five such lines, where a short spread or
/// the widow itself reads better. Dearer than a spread a line short
/// (6e3), less than a page a line short (5e4): one loose line may still
/// spare a fault, two or three cost as much as a short page.
const LOOSE_VARIANT_LINE: f64 = 2.0e4;
/// A line past the variants' own tolerance (spaces near twice natural,
/// past the comfort cap): five such cost a widow.
const VERY_LOOSE_VARIANT_LINE: f64 = 2.0e5;
/// An alternative that ends its second-to-last line in a hyphen where the
/// best does not: TeX's `\finalhyphendemerits`, at the page's scale (the
/// breaker's own 5,000 demerits are 50 here).
const FINAL_HYPHEN_VARIANT: f64 = 1.0e4;

/// Cost of setting a paragraph one line longer or shorter than its best:
/// a base that makes pagination prefer the best setting when it can, plus
/// how much worse the breaks are (Knuth–Plass demerits, scaled and capped,
/// so they order the mild alternatives), plus what a reader sees in them:
/// lines looser than the best setting allows (`tolerance`; `very` is the
/// variants' tolerance) and a hyphen before the last line. Only justified
/// lines' ratios measure their word spaces (`justified`).
pub(super) fn variant_cost(
    best: &SetParagraph,
    alt: &Alternative,
    justified: bool,
    tolerance: f32,
    very: f32,
) -> f64 {
    let mut cost = 100.0 + ((alt.demerits - best.demerits).max(0.0) / 100.0).min(1.0e4);
    if justified {
        let ratios: Vec<f32> = match &alt.setting {
            Setting::Breaks(b) => b.lines.iter().map(|l| l.ratio).collect(),
            Setting::Set(lines) => lines.iter().map(|l| l.ratio).collect(),
        };
        let best_ratios: Vec<f32> = best.lines.iter().map(|l| l.ratio).collect();
        let past =
            |ratios: &[f32], limit: f32| ratios.iter().filter(|&&r| r > limit + 1.0e-3).count();
        // Lines past each limit beyond those the best setting has too.
        let very_loose = past(&ratios, very).saturating_sub(past(&best_ratios, very));
        let loose = (past(&ratios, tolerance) - past(&ratios, very))
            .saturating_sub(past(&best_ratios, tolerance) - past(&best_ratios, very));
        cost += loose as f64 * LOOSE_VARIANT_LINE + very_loose as f64 * VERY_LOOSE_VARIANT_LINE;
    }
    let before_last = |hyphens: &[bool]| hyphens.len() > 1 && hyphens[hyphens.len() - 2];
    let best_hyphens: Vec<bool> = best.lines.iter().map(|l| l.ends_in_hyphen).collect();
    if before_last(&alt.ends_in_hyphen) && !before_last(&best_hyphens) {
        cost += FINAL_HYPHEN_VARIANT;
    }
    cost
}
