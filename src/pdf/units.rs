//! Units of the print layout: points, font design units, and the rounding the PDF writer applies.
//!
//! Layout works in PostScript points (1/72 in) as `f32`. Fonts measure in
//! design units (`units_per_em` per em). The PDF `/W` array the writer
//! makes holds widths truncated to whole thousandths of an em, so a writer
//! that turns our advances into TJ offsets must compare against that same
//! truncated width or lines drift (see CRATES.md); both sides use
//! [`pdf_glyph_width`] to agree on it.

/// A length in PostScript points.
pub type Pt = f32;

/// A length in font design units to points at `size`.
pub fn units_to_pt(units: i32, units_per_em: u16, size: Pt) -> Pt {
    units as f32 * size / f32::from(units_per_em.max(1))
}

/// The glyph width as the writer puts it into `/W`: design units scaled to
/// thousandths of an em and truncated.
pub fn pdf_glyph_width(advance_units: u16, units_per_em: u16) -> i64 {
    i64::from(advance_units) * 1000 / i64::from(units_per_em.max(1))
}

/// The TJ adjustment (thousandths of an em, positive moves left) that makes
/// a glyph whose `/W` width is `pdf_width` advance the pen by `advance` points.
pub fn tj_offset(pdf_width: i64, advance: Pt, size: Pt) -> f32 {
    if size <= 0.0 {
        return 0.0;
    }
    pdf_width as f32 - advance * 1000.0 / size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_and_truncates_as_the_writer_does() {
        assert_eq!(units_to_pt(500, 1000, 11.0), 5.5);
        assert_eq!(units_to_pt(1024, 2048, 10.0), 5.0);
        // 2048 upem: 1023 units = 499.51 thousandths, truncated to 499.
        assert_eq!(pdf_glyph_width(1023, 2048), 499);
        // A glyph of width 500/1000 em at 10 pt set 6 pt wide needs -100.
        assert!((tj_offset(500, 6.0, 10.0) - -100.0).abs() < 1e-4);
        assert_eq!(tj_offset(500, 6.0, 0.0), 0.0);
    }
}
