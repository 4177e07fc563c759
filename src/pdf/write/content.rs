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
        // The fill colour; a part starts in black.
        let mut ink = None;
        for run in &page.runs {
            if run.ink != ink {
                push_fill(out, run.ink);
                ink = run.ink;
            }
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

/// Sets the fill colour, which colours glyphs: `r g b rg`, or `0 g` for
/// black.
fn push_fill(out: &mut Vec<u8>, ink: Option<crate::highlight::Ink>) {
    match ink {
        None => out.extend_from_slice(b"0 g\n"),
        Some(crate::highlight::Ink(rgb)) => {
            for channel in rgb {
                // Thousandths: 8 bits a channel need no more.
                push_fixed(out, (i64::from(channel) * 1000 + 127) / 255, 3);
                out.push(b' ');
            }
            out.extend_from_slice(b"rg\n");
        }
    }
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
/// ToUnicode text (a hyphen that stands for a soft hyphen) are wrapped in
/// an `/ActualText` span, and so is every cluster of more than one glyph
/// (see [`cluster_end`]).
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
    let show = Show {
        run,
        codes: &glyphs,
        baseline,
        units_per_pt,
    };
    let mut x = run.x;
    let mut i = 0;
    // A glyph the shaper displaced from its pen position (a mark over its
    // base) is shown alone, its own `Tm` putting it there; the pen goes on
    // from the undisplaced position.
    let displaced = |g: &Glyph| g.offset != [0.0, 0.0];
    while i < glyphs.len() {
        let cluster = cluster_end(&run.glyphs, i);
        if cluster > i + 1 {
            // The cluster's text over its undisplaced glyphs, which run
            // from its start to its end; its marks after it, as text of
            // their own (none), so that the span ends where the cluster
            // does: a reader takes its end from the last glyph drawn in
            // it, and a mark over the last letter ended it short ("नमस्ते ,").
            actual_text(run.glyphs[i].text.as_str(), out);
            let mut marks = Vec::new();
            let mut k = i;
            while k < cluster {
                if displaced(&run.glyphs[k]) {
                    marks.push((k, x));
                    x += run.glyphs[k].advance;
                    k += 1;
                    continue;
                }
                let mut j = k + 1;
                while j < cluster && !displaced(&run.glyphs[j]) {
                    j += 1;
                }
                show.segment(k, j, &mut x, out);
                k = j;
            }
            out.extend_from_slice(b"EMC\n");
            for (k, mut at) in marks {
                actual_text("", out);
                show.segment(k, k + 1, &mut at, out);
                out.extend_from_slice(b"EMC\n");
            }
            i = cluster;
            continue;
        }
        let regular = glyphs[i].2;
        let mut j = i + 1;
        while j < glyphs.len()
            && glyphs[j].2 == regular
            && !displaced(&run.glyphs[i])
            && !displaced(&run.glyphs[j])
            && cluster_end(&run.glyphs, j) == j + 1
        {
            j += 1;
        }
        if !regular {
            let actual: String = run.glyphs[i..j]
                .iter()
                .map(|g: &Glyph| g.text.as_str())
                .collect();
            actual_text(&actual, out);
        }
        show.segment(i, j, &mut x, out);
        if !regular {
            out.extend_from_slice(b"EMC\n");
        }
        i = j;
    }
    Ok(())
}

/// Where the cluster that starts at glyph `i` ends, when it is to be one
/// `/ActualText` span: past the glyphs after it with no text of their own
/// (`Glyph::text` is empty on the later glyphs of a cluster), if two or
/// more of its glyphs stand on the pen (are not marks the shaper moved
/// off it), its first among them. Else `i + 1`. With the text on its
/// first glyph only, a reader saw the width of the later ones as a gap
/// and copied a word space into it (Devanagari "दि ल्ली" for दिल्ली,
/// whose vowel sign ि is drawn before its consonant, "शुभका मना एँ"
/// after each vowel sign ा); a base letter with marks over it needs no
/// span, its marks drawing within its width. Right-to-left text is left
/// as it is: its glyphs are in visual order, a cluster's later glyphs
/// before its first.
fn cluster_end(glyphs: &[Glyph], i: usize) -> usize {
    // Glyphs without text of their own after it come first: almost every
    // glyph has none, and needs no look at its text's direction.
    let mut j = i + 1;
    while j < glyphs.len() && glyphs[j].text.is_empty() {
        j += 1;
    }
    if j == i + 1 {
        return j;
    }
    let on_pen = |g: &Glyph| g.offset == [0.0, 0.0];
    let text = glyphs[i].text.as_str();
    if text.is_empty() || !on_pen(&glyphs[i]) || crate::pdf::bidi::has_rtl(text) {
        return i + 1;
    }
    if glyphs[i + 1..j].iter().any(on_pen) {
        j
    } else {
        i + 1
    }
}

/// Opens an `/ActualText` span saying `text`.
fn actual_text(text: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(b"/Span << /ActualText ");
    out.extend_from_slice(super::syntax::hex(&super::syntax::utf16be(text)).as_bytes());
    out.extend_from_slice(b" >> BDC\n");
}

/// What showing a run's glyphs needs: the run, each glyph's code, width
/// and regularity, where its baseline is, and how many 1/1000 em make a
/// point.
struct Show<'r> {
    run: &'r GlyphRun,
    codes: &'r [(u16, i64, bool)],
    baseline: f32,
    units_per_pt: f64,
}

impl Show<'_> {
    /// Glyphs `i..j` of the run from pen position `x` (moved past them):
    /// a `Tm` at the first's place, then one `TJ`.
    fn segment(&self, i: usize, j: usize, x: &mut f32, out: &mut Vec<u8>) {
        let run = self.run;
        let [dx, dy] = run.glyphs[i].offset;
        // The text matrix scales vertically (no operator does, as `Tz`
        // does horizontally); `1` as ever when it does not.
        if run.v_scale == 1.0 {
            out.extend_from_slice(b"1 0 0 1 ");
        } else {
            out.extend_from_slice(b"1 0 0 ");
            push_fixed(out, (f64::from(run.v_scale) * 1000.0).round() as i64, 3);
            out.push(b' ');
        }
        push_num(out, *x + dx);
        out.push(b' ');
        push_num(out, self.baseline + dy);
        out.extend_from_slice(b" Tm\n[<");
        // Pen position in 1/1000 em, relative to the segment start: the
        // viewer's (sum of /W widths and offsets) and ours (sum of advances).
        let mut pen = 0.0f64;
        let mut target = 0.0f64;
        for (k, g) in run.glyphs[i..j].iter().enumerate() {
            let (code, width, _) = self.codes[i + k];
            out.extend_from_slice(&[
                HEX[(code >> 12) as usize],
                HEX[(code >> 8 & 15) as usize],
                HEX[(code >> 4 & 15) as usize],
                HEX[(code & 15) as usize],
            ]);
            target += f64::from(g.advance) * self.units_per_pt;
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
            *x += g.advance;
        }
        out.extend_from_slice(b">] TJ\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::page::{FontFace, FontId, GlyphText};

    #[test]
    fn fill_colours_are_thousandths_of_each_channel_and_black_is_grey_zero() {
        let mut out = Vec::new();
        push_fill(&mut out, Some(crate::highlight::Ink([0xa0, 0x11, 0x00])));
        push_fill(&mut out, Some(crate::highlight::Ink([255, 128, 1])));
        push_fill(&mut out, None);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "0.627 0.067 0 rg\n1 0.502 0.004 rg\n0 g\n"
        );
    }

    fn glyph(id: u16, text: &str, advance: f32, offset: [f32; 2]) -> Glyph {
        Glyph {
            id,
            advance,
            text: GlyphText::new(text),
            offset,
            tracking: 0.0,
        }
    }

    fn ops(glyphs: Vec<Glyph>) -> String {
        let mut face = FaceUse::new(FontFace {
            name: "EBGaramond12-Regular".to_string(),
            bytes: std::sync::Arc::new(crate::fonts::REGULAR),
            index: 0,
        });
        let run = GlyphRun {
            font: FontId(0),
            size: 11.0,
            x: 10.0,
            y: 20.0,
            h_scale: 1.0,
            v_scale: 1.0,
            ink: None,
            glyphs,
        };
        let mut out = Vec::new();
        run_ops(&run, 100.0, 10_000, &mut face, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// A cluster of several glyphs on the pen (Devanagari दि: the vowel
    /// sign drawn before its consonant) is one `/ActualText` span with
    /// its whole text over them, from the cluster's start to its end; a
    /// mark the shaper moved off the pen follows the span, with no text
    /// of its own; a glyph alone stays outside any span. (The later
    /// glyphs had empty spans of their own, and their width copied out
    /// as a word space.)
    #[test]
    fn a_cluster_of_glyphs_is_one_span_with_its_text() {
        let out = ops(vec![
            glyph(3, "a", 5.0, [0.0, 0.0]),
            glyph(4, "दि", 2.0, [0.0, 0.0]),
            glyph(5, "", 5.0, [0.0, 0.0]),
            glyph(6, "", 0.0, [-2.0, 1.0]),
            glyph(7, "b", 5.0, [0.0, 0.0]),
        ]);
        // U+0926 U+093F.
        let span = out.find("/ActualText <FEFF0926093F>").expect(&out);
        let end = span + out[span..].find("EMC").unwrap();
        let inside = &out[span..end];
        assert_eq!(inside.matches(" Tm\n").count(), 1, "{inside}");
        let tj = &inside[inside.find("[<0002").expect(inside)..];
        assert!(tj[..tj.find("] TJ").unwrap()].contains("0003"), "{inside}");
        assert!(!inside.contains("0004"), "{inside}");
        // The mark after it, at its place (22 - 2, 80 + 1), saying nothing.
        let mark = &out[end..];
        assert!(
            mark.starts_with(
                "EMC\n/Span << /ActualText <FEFF> >> BDC\n1 0 0 1 20 81 Tm\n[<0004>] TJ\nEMC\n"
            ),
            "{mark}"
        );
        assert!(out[..span].contains("<0001>"), "{out}");
        assert!(mark.contains("1 0 0 1 22 80 Tm\n[<0005>] TJ"), "{out}");
        // A letter with a mark over it keeps its text on the letter.
        let out = ops(vec![
            glyph(3, "ệ", 5.0, [0.0, 0.0]),
            glyph(4, "", 0.0, [-2.0, 1.0]),
        ]);
        assert_eq!(out.matches("BDC").count(), 1, "{out}");
        assert!(
            out.contains("/ActualText <FEFF> >> BDC\n1 0 0 1 13 81 Tm"),
            "{out}"
        );
    }

    /// Right-to-left glyphs are in visual order, a cluster's later glyphs
    /// before its first: they keep their own (empty) spans.
    #[test]
    fn right_to_left_clusters_are_left_as_they_were() {
        let out = ops(vec![
            glyph(4, "", 0.0, [0.0, 0.0]),
            glyph(5, "בּ", 5.0, [0.0, 0.0]),
            glyph(6, "", 0.0, [0.0, 0.0]),
        ]);
        assert!(!out.contains("/ActualText <FEFF05D105BC>"), "{out}");
    }
}
