//! A page's content stream: pictures, rules and glyph runs as PDF operators, with TJ offsets that put every glyph where the layout placed it.

use std::collections::BTreeSet;

use super::fonts::FaceUse;
use super::syntax::{push_fixed, push_num};
use super::WriteError;
use crate::pdf::page::{Glyph, GlyphRun, Page};

/// Appends the operators drawing `page` to `out`, inside `q … Q` so that
/// the text state (`Tz`) of one part of a page never leaks into the next.
/// Records the pictures drawn in `images`.
pub(super) fn page_content(
    page: &Page,
    height: f32,
    fonts: &mut [FaceUse],
    images: &mut BTreeSet<usize>,
    out: &mut Vec<u8>,
) -> Result<(), WriteError> {
    out.extend_from_slice(b"q\n");
    // Pictures first, so nothing drawn later can hide under them.
    for placed in &page.images {
        let a = placed.area;
        out.extend_from_slice(b"q ");
        push_num(out, a.width);
        out.extend_from_slice(b" 0 0 ");
        push_num(out, a.height);
        out.push(b' ');
        push_num(out, a.x);
        out.push(b' ');
        push_num(out, height - a.y - a.height);
        out.extend_from_slice(format!(" cm /Im{} Do Q\n", placed.image.0).as_bytes());
        images.insert(placed.image.0);
    }
    for rule in &page.rules {
        let a = rule.area;
        push_num(out, a.x);
        out.push(b' ');
        push_num(out, height - a.y - a.height);
        out.push(b' ');
        push_num(out, a.width);
        out.push(b' ');
        push_num(out, a.height);
        out.extend_from_slice(b" re f\n");
    }
    if !page.runs.is_empty() {
        out.extend_from_slice(b"BT\n");
        let mut current: Option<(usize, f32)> = None;
        // Tz, in hundredths of a per cent; a part starts at the default 100.
        let mut scaling = 10_000i64;
        for run in &page.runs {
            let face = run.font.0;
            if current != Some((face, run.size)) {
                out.extend_from_slice(format!("/F{face} ").as_bytes());
                push_fixed(out, (f64::from(run.size) * 1000.0).round() as i64, 3);
                out.extend_from_slice(b" Tf\n");
                current = Some((face, run.size));
            }
            let percent = h_scale_hundredths(run.h_scale);
            if percent != scaling {
                push_fixed(out, percent, 2);
                out.extend_from_slice(b" Tz\n");
                scaling = percent;
            }
            run_ops(run, height, percent, &mut fonts[face], out)?;
        }
        out.extend_from_slice(b"ET\n");
    }
    out.extend_from_slice(b"Q\n");
    Ok(())
}

/// A run's horizontal scale as the `Tz` operand, in hundredths of a per
/// cent (font expansion comes in steps far coarser than that).
fn h_scale_hundredths(h_scale: f32) -> i64 {
    if h_scale.is_finite() && h_scale > 0.0 {
        (f64::from(h_scale) * 10_000.0).round() as i64
    } else {
        10_000
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// One glyph run: absolute start via `Tm`, then glyphs whose TJ offsets
/// make each pen movement equal `Glyph::advance`. Under `Tz` the viewer
/// scales widths and TJ numbers alike, so the offsets are computed against
/// the advance divided by the scale. Glyphs whose text differs from their
/// ToUnicode text (the second glyph of a cluster, a hyphen that stands
/// for a soft hyphen) are wrapped in an `/ActualText` span.
fn run_ops(
    run: &GlyphRun,
    height: f32,
    percent: i64,
    face: &mut FaceUse,
    out: &mut Vec<u8>,
) -> Result<(), WriteError> {
    let units_per_pt = 1000.0 / (f64::from(run.size) * percent as f64 / 10_000.0);
    let baseline = height - run.y;
    // Codes, widths and regularity of every glyph, then segments of
    // glyphs that share regularity.
    let mut glyphs = Vec::with_capacity(run.glyphs.len());
    for g in &run.glyphs {
        // Letter-spacing goes into the code's width (see `write::fonts`).
        let spacing = (f64::from(g.tracking) * units_per_pt).round() as i64;
        glyphs.push(face.glyph(g.id, &g.text, spacing)?);
    }
    let mut x = run.x;
    let mut i = 0;
    // A glyph the shaper displaced from its pen position (a mark over its
    // base) is shown alone, its own `Tm` putting it there; the pen goes on
    // from the undisplaced position.
    let displaced = |g: &Glyph| g.offset != [0.0, 0.0];
    while i < glyphs.len() {
        let regular = glyphs[i].2;
        let mut j = i + 1;
        while j < glyphs.len()
            && glyphs[j].2 == regular
            && !displaced(&run.glyphs[i])
            && !displaced(&run.glyphs[j])
        {
            j += 1;
        }
        let [dx, dy] = run.glyphs[i].offset;
        if !regular {
            let actual: String = run.glyphs[i..j]
                .iter()
                .map(|g: &Glyph| g.text.as_str())
                .collect();
            out.extend_from_slice(b"/Span << /ActualText ");
            out.extend_from_slice(super::syntax::hex(&super::syntax::utf16be(&actual)).as_bytes());
            out.extend_from_slice(b" >> BDC\n");
        }
        // The text matrix scales vertically (no operator does, as `Tz`
        // does horizontally); `1` as ever when it does not.
        if run.v_scale == 1.0 {
            out.extend_from_slice(b"1 0 0 1 ");
        } else {
            out.extend_from_slice(b"1 0 0 ");
            push_fixed(out, (f64::from(run.v_scale) * 1000.0).round() as i64, 3);
            out.push(b' ');
        }
        push_num(out, x + dx);
        out.push(b' ');
        push_num(out, baseline + dy);
        out.extend_from_slice(b" Tm\n[<");
        // Pen position in 1/1000 em, relative to the segment start: the
        // viewer's (sum of /W widths and offsets) and ours (sum of advances).
        let mut pen = 0.0f64;
        let mut target = 0.0f64;
        for (k, g) in run.glyphs[i..j].iter().enumerate() {
            let (code, width, _) = glyphs[i + k];
            out.extend_from_slice(&[
                HEX[(code >> 12) as usize],
                HEX[(code >> 8 & 15) as usize],
                HEX[(code >> 4 & 15) as usize],
                HEX[(code & 15) as usize],
            ]);
            target += f64::from(g.advance) * units_per_pt;
            pen += width as f64;
            // Positive TJ numbers move left. Round to 1/10 of a unit
            // (0.001 pt at 11 pt: far below a device pixel) and track the
            // rounded value, so errors never accumulate along the line.
            let tenths = ((pen - target) * 10.0).round() as i64;
            pen -= tenths as f64 / 10.0;
            if tenths != 0 && k + 1 < j - i {
                out.push(b'>');
                push_fixed(out, tenths, 1);
                out.push(b'<');
            }
            x += g.advance;
        }
        out.extend_from_slice(b">] TJ\n");
        if !regular {
            out.extend_from_slice(b"EMC\n");
        }
        i = j;
    }
    Ok(())
}
