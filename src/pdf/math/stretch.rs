//! Glyphs grown to a size: the MATH table's larger variants of a delimiter, radical, large operator or wide accent, smallest first, and past the largest an assembly of parts with extenders repeated and the connectors overlapping (OpenType MATH, "MathGlyphConstruction").

use super::font::MathFont;
use super::frame::{Font, Frame, Item};
use super::spacing::Class;
use crate::pdf::units::Pt;

/// `c`'s glyph grown to at least `target` points along its axis
/// (vertical: height plus depth; `horizontal`: advance), at `size`; its
/// text is `c` (variants and parts have no character of their own: the
/// first glyph carries it, so copied text reads the delimiter once).
/// The frame's baseline is the glyph's own for a single glyph; an
/// assembly stands on the baseline (vertical) or starts at x = 0.
/// `None` when the font lacks `c`.
pub fn stretched(
    font: &MathFont,
    c: char,
    target: Pt,
    size: Pt,
    horizontal: bool,
    class: Class,
) -> Option<Frame> {
    let base = font.glyph(c)?;
    let measure = |id: u16| {
        let b = font.glyph_box(id, size);
        if horizontal {
            b.advance
        } else {
            b.height + b.depth
        }
    };
    let mut best = base;
    if measure(base) < target {
        if let Some(construction) = font.construction(base, horizontal) {
            let mut found = false;
            for v in construction.variants {
                best = v.variant_glyph.0;
                if font.pt(f32::from(v.advance_measurement), size) >= target {
                    found = true;
                    break;
                }
            }
            if !found {
                if let Some(assembly) = construction.assembly {
                    return Some(assemble(
                        font, c, &assembly, target, size, horizontal, class,
                    ));
                }
            }
        }
    }
    Some(single(font, best, c, size, class))
}

/// One glyph as a frame.
pub fn single(font: &MathFont, id: u16, c: char, size: Pt, class: Class) -> Frame {
    let b = font.glyph_box(id, size);
    Frame {
        width: b.advance,
        height: b.height,
        depth: b.depth,
        italic: b.italic,
        accent_at: font.top_accent(id, size),
        class,
        glyph: true,
        limits: false,
        items: vec![Item::Glyph {
            font: Font::Math,
            id,
            size,
            x: 0.0,
            y: 0.0,
            advance: b.advance,
            text: c.to_string(),
        }],
    }
}

/// Parts laid end to end: the fewest repeats of the extenders that
/// reach `target` with the connectors overlapping by at least the
/// font's minimum, then each connection overlapping more, evenly, up to
/// its connectors' length, to come as near `target` as they allow.
fn assemble(
    font: &MathFont,
    c: char,
    assembly: &rustybuzz::ttf_parser::math::GlyphAssembly<'static>,
    target: Pt,
    size: Pt,
    horizontal: bool,
    class: Class,
) -> Frame {
    let parts: Vec<_> = assembly.parts.into_iter().collect();
    let min_overlap = font.min_connector_overlap();
    let target_units = target * font.pt(1.0, 1.0).recip() / size;
    let mut repeats = 0usize;
    let sequence = loop {
        let seq: Vec<_> = parts
            .iter()
            .flat_map(|p| {
                let n = if p.part_flags.extender() { repeats } else { 1 };
                std::iter::repeat_n(*p, n)
            })
            .collect();
        let full: f32 = seq.iter().map(|p| f32::from(p.full_advance)).sum();
        let longest = full - min_overlap * seq.len().saturating_sub(1) as f32;
        if longest >= target_units || repeats > 64 || !parts.iter().any(|p| p.part_flags.extender())
        {
            break seq;
        }
        repeats += 1;
    };
    // Overlaps: the minimum, plus an even share of what is too long,
    // each up to what its two connectors allow.
    let joins = sequence.len().saturating_sub(1);
    let full: f32 = sequence.iter().map(|p| f32::from(p.full_advance)).sum();
    let excess = (full - min_overlap * joins as f32 - target_units).max(0.0);
    let share = if joins > 0 {
        excess / joins as f32
    } else {
        0.0
    };
    let mut frame = Frame::new(class);
    let mut pen = 0.0f32;
    let mut breadth = 0.0f32;
    for (k, part) in sequence.iter().enumerate() {
        if k > 0 {
            let prev = sequence[k - 1];
            let most = f32::from(prev.end_connector_length.min(part.start_connector_length));
            pen -= (min_overlap + share).min(most.max(min_overlap));
        }
        let id = part.glyph_id.0;
        let b = font.glyph_box(id, size);
        let at = font.pt(pen, size);
        // A vertical part's outline starts at its pen position (its
        // bottom, whatever baseline it was drawn on).
        let (x, y) = if horizontal {
            (at, 0.0)
        } else {
            (0.0, at + b.depth)
        };
        if horizontal {
            frame.height = frame.height.max(b.height);
            frame.depth = frame.depth.max(b.depth);
        } else {
            breadth = breadth.max(b.advance);
        }
        frame.items.push(Item::Glyph {
            font: Font::Math,
            id,
            size,
            x,
            y,
            advance: b.advance,
            text: if k == 0 { c.to_string() } else { String::new() },
        });
        pen += f32::from(part.full_advance);
    }
    let length = font.pt(pen, size);
    if horizontal {
        frame.width = length;
    } else {
        frame.width = breadth;
        frame.height = length;
        frame.depth = 0.0;
        frame.italic = font.pt(f32::from(assembly.italics_correction.value), size);
    }
    frame
}
