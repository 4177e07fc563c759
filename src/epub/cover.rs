//! A generated cover image: title, subtitle and authors set in EB Garamond on a plain ground.
//!
//! Used when `book.toml` names no cover, so no library view shows a blank
//! book. Text is shaped with rustybuzz (kerning, contextual alternates), its
//! glyph outlines are filled with tiny-skia (anti-aliased), and the result
//! is encoded as PNG. Everything is integer-free of the clock and of
//! randomness, so the same book gives the same bytes.

use rustybuzz::ttf_parser::{GlyphId, OutlineBuilder};
use rustybuzz::{Face, UnicodeBuffer};
use tiny_skia::{Color, FillRule, Mask, Paint, PathBuilder, Pixmap, Rect, Transform};

use crate::fonts;
use crate::labels::Labels;
use crate::model::Metadata;

/// Cover size in pixels: 2:3, and the 1400 px wide that the stores ask
/// of a cover (Apple Books' least, the width `bookpack build` warns under
/// for a cover of the book's own; see `source::MIN_COVER_WIDTH`).
pub(crate) const WIDTH: u32 = 1400;
pub(crate) const HEIGHT: u32 = 2100;

/// The cover is laid out on a 1200-unit-wide design (sizes, positions),
/// drawn at this many pixels a unit.
const DESIGN_WIDTH: f32 = 1200.0;
const PIXELS_A_UNIT: f32 = WIDTH as f32 / DESIGN_WIDTH;

/// Horizontal space the text may use, in design units.
const MEASURE: f32 = DESIGN_WIDTH * 0.76;

const GROUND: (u8, u8, u8) = (0x2b, 0x3a, 0x42);
const INK: (u8, u8, u8) = (0xf1, 0xe9, 0xd6);

/// A PNG cover for `metadata`, or `None` if the embedded fonts cannot be
/// read (they are part of the binary, so this does not happen in practice).
pub(crate) fn generate(metadata: &Metadata, labels: &Labels) -> Option<Vec<u8>> {
    let regular = Face::from_slice(fonts::REGULAR, 0)?;
    let italic = Face::from_slice(fonts::ITALIC, 0)?;
    let small_caps = Face::from_slice(fonts::SMALL_CAPS, 0)?;

    // Draw coverage only (an 8-bit mask, 0 = ground, 255 = ink); the two
    // real colours come in only at encoding, through the palette, which
    // keeps the PNG small. A mask is a quarter of an RGBA pixmap and
    // starts out zeroed, so the ground costs nothing to paint: painting
    // white on black gave exactly these coverage values, for twice the
    // time (the cover was ~6 % of the first book's instructions).
    //
    // The mask's memory is written through once before anything reads it.
    // A zeroed allocation comes fresh from the system, mapped lazily to
    // the shared zero page: the frame's first read of each row mapped that
    // page and the write after it copied it, with a TLB shootdown to every
    // other thread's core. That was most of the cover's time, and the
    // cover closes the build of a short book.
    // (`black_box` keeps the compiler from turning the allocation and the
    // writes into one zeroed allocation, which is the lazy mapping again.)
    let mut ground = Vec::with_capacity((WIDTH * HEIGHT) as usize);
    std::hint::black_box(&mut ground);
    ground.resize((WIDTH * HEIGHT) as usize, 0u8);
    let mut coverage = Mask::from_vec(ground, tiny_skia::IntSize::from_wh(WIDTH, HEIGHT)?)?;

    // A thin frame inset from the edge, as on a cloth binding.
    let inset = 60.0;
    let (w, h) = (DESIGN_WIDTH, DESIGN_WIDTH * 1.5);
    for rect in [
        Rect::from_xywh(inset, inset, w - 2.0 * inset, 3.0),
        Rect::from_xywh(inset, h - inset - 3.0, w - 2.0 * inset, 3.0),
        Rect::from_xywh(inset, inset, 3.0, h - 2.0 * inset),
        Rect::from_xywh(w - inset - 3.0, inset, 3.0, h - 2.0 * inset),
    ]
    .into_iter()
    .flatten()
    {
        fill_rect(&mut coverage, in_pixels(rect));
    }

    let mut path = PathBuilder::new();

    // Title: the largest size (down to a floor) at which it fits in four
    // lines, and smaller still while a word is wider than the measure
    // ("Rechtsschutzversicherungsgesellschaften" was cut at both edges).
    let mut size = 132.0;
    let mut lines = wrap(&regular, &metadata.title, size);
    let too_wide =
        |lines: &[String], size: f32| lines.iter().any(|l| measure(&regular, l, size) > MEASURE);
    while (lines.len() > 4 && size > 56.0) || (too_wide(&lines, size) && size > 24.0) {
        size -= 8.0;
        lines = wrap(&regular, &metadata.title, size);
    }
    let leading = size * 1.15;
    let mut y = 520.0 - (lines.len() as f32 - 1.0) * leading / 2.0;
    for line in &lines {
        set_line(&mut path, &regular, line, size, y);
        y += leading;
    }

    if let Some(subtitle) = &metadata.subtitle {
        y += 10.0;
        for line in wrap(&italic, subtitle, 64.0).into_iter().take(3) {
            set_line(&mut path, &italic, &line, 64.0, y);
            y += 76.0;
        }
    }

    // A short rule between title and author.
    let rule_y = y.max(760.0) + 40.0;
    if let Some(rect) = Rect::from_xywh(w / 2.0 - 90.0, rule_y, 180.0, 3.0) {
        fill_rect(&mut coverage, in_pixels(rect));
    }

    // The authors on one line when they fit, else one name a line (a
    // name is not split between two people's lines), joined as the title
    // pages join them, in the book's language ("A and B").
    let authors: Vec<&str> = metadata.authors.iter().map(|a| a.name.as_str()).collect();
    let together = labels.join_names(&authors);
    let author_lines = if measure(&small_caps, &together, 76.0) <= MEASURE {
        vec![together]
    } else {
        authors
            .iter()
            .flat_map(|name| wrap(&small_caps, name, 76.0))
            .collect()
    };
    let mut y = 1300.0;
    for line in author_lines {
        set_line(&mut path, &small_caps, &line, 76.0, y);
        y += 92.0;
    }

    if let Some(publisher) = &metadata.publisher {
        let mut y = 1640.0;
        for line in wrap(&italic, publisher, 44.0).into_iter().take(2) {
            set_line(&mut path, &italic, &line, 44.0, y);
            y += 54.0;
        }
    }

    if let Some(path) = path.finish() {
        coverage.fill_path(
            &path,
            FillRule::Winding,
            true,
            Transform::from_scale(PIXELS_A_UNIT, PIXELS_A_UNIT),
        );
    }
    encode(&coverage)
}

/// A rectangle of the design, in pixels.
fn in_pixels(rect: Rect) -> Rect {
    let k = PIXELS_A_UNIT;
    Rect::from_xywh(
        rect.x() * k,
        rect.y() * k,
        rect.width() * k,
        rect.height() * k,
    )
    .unwrap_or(rect)
}

/// Fills `rect` (in pixels) with full ink, as `Pixmap::fill_rect` does: its exact-area
/// anti-aliasing differs from a path's supersampling on a fractional edge
/// (the rule under the title sits at a fractional height). It is drawn in
/// a pixmap just its size, moved by whole pixels (which leaves its
/// coverage as it was: tiny-skia sets rectangles in fixed point), then
/// copied in. The frame's pieces meet only where both are solid, so taking
/// the larger coverage is what painting one over the other gave.
fn fill_rect(coverage: &mut Mask, rect: Rect) {
    // Clipped to the cover first, as `fill_rect` does (a title long enough
    // pushes the rule off the bottom).
    let bounds = Rect::from_xywh(0.0, 0.0, coverage.width() as f32, coverage.height() as f32);
    let Some(rect) = bounds.and_then(|b| rect.intersect(&b)) else {
        return;
    };
    let (left, top) = (rect.left().floor(), rect.top().floor());
    let (right, bottom) = (rect.right().ceil(), rect.bottom().ceil());
    let (Some(mut piece), Some(moved)) = (
        Pixmap::new((right - left) as u32, (bottom - top) as u32),
        Rect::from_ltrb(
            rect.left() - left,
            rect.top() - top,
            rect.right() - left,
            rect.bottom() - top,
        ),
    ) else {
        return;
    };
    let mut ink = Paint::default();
    ink.set_color(Color::WHITE);
    ink.anti_alias = true;
    piece.fill_rect(moved, &ink, Transform::identity(), None);
    let (x0, y0, w) = (left as usize, top as usize, piece.width() as usize);
    let stride = coverage.width() as usize;
    let data = coverage.data_mut();
    for (row, pixels) in piece.pixels().chunks(w).enumerate() {
        let start = (y0 + row) * stride + x0;
        for (dst, p) in data[start..start + w].iter_mut().zip(pixels) {
            *dst = (*dst).max(p.red());
        }
    }
}

/// Encodes a coverage mask as an 8-bit indexed PNG whose palette runs
/// from the ground colour to the ink colour. Painting an opaque colour
/// over another blends linearly with coverage, so this gives exactly the
/// anti-aliased picture, at a fraction of an RGBA file's size.
fn encode(coverage: &Mask) -> Option<Vec<u8>> {
    let palette: Vec<u8> = (0..=255u32)
        .flat_map(|i| {
            let mix = |g: u8, k: u8| ((g as u32 * (255 - i) + k as u32 * i + 127) / 255) as u8;
            [
                mix(GROUND.0, INK.0),
                mix(GROUND.1, INK.1),
                mix(GROUND.2, INK.2),
            ]
        })
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, coverage.width(), coverage.height());
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette);
    // `Best` took ~9 ms of a ~100 ms build for a 1-2 KB smaller file.
    encoder.set_compression(png::Compression::Default);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(coverage.data()).ok()?;
    writer.finish().ok()?;
    Some(out)
}

/// Width of `text` at `size` px, shaped.
fn measure(face: &Face, text: &str, size: f32) -> f32 {
    let scale = size / face.units_per_em() as f32;
    shape(face, text)
        .1
        .iter()
        .map(|p| p.x_advance as f32)
        .sum::<f32>()
        * scale
}

fn shape(face: &Face, text: &str) -> (Vec<rustybuzz::GlyphInfo>, Vec<rustybuzz::GlyphPosition>) {
    let mut buffer = UnicodeBuffer::new();
    // Control characters have no glyph worth drawing.
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    buffer.push_str(&clean);
    let glyphs = rustybuzz::shape(face, &[], buffer);
    (
        glyphs.glyph_infos().to_vec(),
        glyphs.glyph_positions().to_vec(),
    )
}

/// `text` in lines within the measure, as even as their number allows:
/// as many lines as filling the whole measure gives, broken where the
/// squares of what each line leaves empty sum least, the last line
/// included, as the PDF balances its centred lines ("…in the Years of /
/// Revolution" becomes four even lines).
fn wrap(face: &Face, text: &str, size: f32) -> Vec<String> {
    // Each word shaped once: a filling adds widths (a kern across a space
    // is no concern at this measure).
    let words: Vec<(&str, f32)> = text
        .split_whitespace()
        .map(|w| (w, measure(face, w, size)))
        .collect();
    let space = measure(face, " ", size);
    let lines = fill(&words, space, MEASURE);
    // A title of a few hundred words is cut anyway: balance the normal ones.
    if lines.len() < 2 || words.len() > 200 {
        return join(&words, &lines);
    }
    join(
        &words,
        &balanced(&words, space, lines.len()).unwrap_or(lines),
    )
}

/// `words` in exactly `count` lines within the measure with the least sum
/// of squared slack (dynamic programming over where each line ends);
/// `None` when a word alone is wider than the measure.
fn balanced(
    words: &[(&str, f32)],
    space: f32,
    count: usize,
) -> Option<Vec<std::ops::Range<usize>>> {
    let n = words.len();
    // cost[l][j]: the least cost of words[..j] in l lines, and where the
    // last of them starts.
    let mut cost = vec![vec![(f32::INFINITY, 0usize); n + 1]; count + 1];
    cost[0][0] = (0.0, 0);
    for l in 1..=count {
        for j in 1..=n {
            for i in (0..j).rev() {
                let width = line_width(&words[i..j], space);
                if width > MEASURE {
                    break;
                }
                let before = cost[l - 1][i].0;
                let slack = MEASURE - width;
                if before + slack * slack < cost[l][j].0 {
                    cost[l][j] = (before + slack * slack, i);
                }
            }
        }
    }
    if !cost[count][n].0.is_finite() {
        return None;
    }
    let mut lines = Vec::with_capacity(count);
    let mut end = n;
    for l in (1..=count).rev() {
        let start = cost[l][end].1;
        lines.push(start..end);
        end = start;
    }
    lines.reverse();
    Some(lines)
}

/// Width of `words` set on one line with `space` between them.
fn line_width(words: &[(&str, f32)], space: f32) -> f32 {
    words.iter().map(|(_, w)| w).sum::<f32>() + space * words.len().saturating_sub(1) as f32
}

/// Greedy line filling of `words` within `width`, as ranges of words; a
/// word wider than it gets a line of its own (and may run into the
/// margin rather than be cut).
fn fill(words: &[(&str, f32)], space: f32, width: f32) -> Vec<std::ops::Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut used = 0.0f32;
    for (k, (_, w)) in words.iter().enumerate() {
        if k > start && used + space + w > width {
            lines.push(start..k);
            start = k;
            used = *w;
        } else {
            used += if k > start { space + w } else { *w };
        }
    }
    if start < words.len() {
        lines.push(start..words.len());
    }
    lines
}

/// The text of each line of `words`.
fn join(words: &[(&str, f32)], lines: &[std::ops::Range<usize>]) -> Vec<String> {
    lines
        .iter()
        .map(|r| {
            words[r.clone()]
                .iter()
                .map(|(w, _)| *w)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Adds the outlines of `text`, centred, with its baseline at `baseline`.
fn set_line(path: &mut PathBuilder, face: &Face, text: &str, size: f32, baseline: f32) {
    let scale = size / face.units_per_em() as f32;
    let width = measure(face, text, size);
    let mut pen_x = (DESIGN_WIDTH - width) / 2.0;
    let (infos, positions) = shape(face, text);
    for (info, pos) in infos.iter().zip(&positions) {
        let mut outline = Outline {
            path,
            x: pen_x + pos.x_offset as f32 * scale,
            y: baseline - pos.y_offset as f32 * scale,
            scale,
        };
        // Glyph ids come from shaping with this face, so they fit in u16.
        let id = GlyphId(u16::try_from(info.glyph_id).unwrap_or(0));
        face.outline_glyph(id, &mut outline);
        pen_x += pos.x_advance as f32 * scale;
    }
}

/// Receives a glyph's outline in font units and adds it to the page path,
/// flipping y (fonts grow upwards, pixmaps downwards).
struct Outline<'a> {
    path: &'a mut PathBuilder,
    x: f32,
    y: f32,
    scale: f32,
}

impl Outline<'_> {
    fn p(&self, x: f32, y: f32) -> (f32, f32) {
        (self.x + x * self.scale, self.y - y * self.scale)
    }
}

impl OutlineBuilder for Outline<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.p(x, y);
        self.path.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.p(x, y);
        self.path.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x1, y1) = self.p(x1, y1);
        let (x, y) = self.p(x, y);
        self.path.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x1, y1) = self.p(x1, y1);
        let (x2, y2) = self.p(x2, y2);
        let (x, y) = self.p(x, y);
        self.path.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.path.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Author;

    fn metadata(title: &str) -> Metadata {
        Metadata {
            title: title.into(),
            subtitle: Some("Memoirs".into()),
            authors: vec![Author {
                name: "Enver Hoxha".into(),
                file_as: "Hoxha, Enver".into(),
            }],
            language: "en-GB".into(),
            identifier: "urn:x".into(),
            slug: "x".into(),
            publisher: None,
            date: None,
            modified: "2020-01-01T00:00:00Z".into(),
            rights: None,
            description: None,
            source: None,
            ..Default::default()
        }
    }

    #[test]
    fn long_titles_wrap_within_the_measure() {
        let face = Face::from_slice(fonts::REGULAR, 0).unwrap();
        let lines = wrap(
            &face,
            "The Khrushchevites and Other Memoirs of a Long Cold War",
            132.0,
        );
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(measure(&face, line, 132.0) <= MEASURE, "{line}");
        }
    }

    #[test]
    fn wrapped_lines_are_balanced_and_keep_their_number() {
        let face = Face::from_slice(fonts::REGULAR, 0).unwrap();
        let title = "The Extraordinary and Hitherto Unrecorded Adventures of a Provincial Printer in the Years of Revolution";
        let size = 88.0;
        let words: Vec<(&str, f32)> = title
            .split_whitespace()
            .map(|w| (w, measure(&face, w, size)))
            .collect();
        let greedy = join(&words, &fill(&words, measure(&face, " ", size), MEASURE));
        let balanced = wrap(&face, title, size);
        assert_eq!(balanced.len(), greedy.len());
        assert_eq!(balanced.join(" "), title);
        let widths = |lines: &[String]| -> Vec<f32> {
            lines.iter().map(|l| measure(&face, l, size)).collect()
        };
        let shortest = |w: Vec<f32>| w.into_iter().fold(f32::MAX, f32::min);
        let widest = |w: Vec<f32>| w.into_iter().fold(0.0, f32::max);
        // Greedy filling left "Revolution" alone on the last line under
        // "Adventures of a Provincial": shorter short lines, longer long.
        assert!(
            shortest(widths(&balanced)) > shortest(widths(&greedy)) + 0.1 * MEASURE
                && widest(widths(&balanced)) < widest(widths(&greedy)),
            "{greedy:?} {balanced:?}"
        );
        assert!(widths(&balanced).iter().all(|&w| w <= MEASURE + 1.0));
    }

    /// `fill_rect` on the mask gives what `Pixmap::fill_rect` gave on a
    /// whole cover, at fractional places too, and clips at the edges.
    #[test]
    fn rectangles_cover_as_on_a_pixmap() {
        let (w, h) = (64, 48);
        for (i, (x, y, rw, rh)) in [
            (3.0, 4.0, 20.0, 3.0),
            (5.25, 10.4, 17.5, 3.0),
            (0.7, 30.9, 40.0, 0.6),
            (-4.5, -2.3, 30.0, 9.8),
            (50.2, 40.6, 30.0, 30.0),
        ]
        .into_iter()
        .enumerate()
        {
            let rect = Rect::from_xywh(x, y, rw, rh).unwrap();
            let mut pixmap = Pixmap::new(w, h).unwrap();
            pixmap.fill(Color::BLACK);
            let mut ink = Paint::default();
            ink.set_color(Color::WHITE);
            ink.anti_alias = true;
            pixmap.fill_rect(rect, &ink, Transform::identity(), None);
            let expected: Vec<u8> = pixmap.pixels().iter().map(|p| p.red()).collect();
            let mut mask = Mask::new(w, h).unwrap();
            fill_rect(&mut mask, rect);
            assert_eq!(mask.data(), &expected[..], "rectangle {i}: {rect:?}");
            assert!(expected.iter().any(|&c| c > 0 && c < 255) || i == 0);
        }
    }

    #[test]
    fn a_title_too_long_for_the_cover_is_cut_not_a_panic() {
        let title = "Word ".repeat(400);
        let png = generate(&metadata(&title), &Labels::english()).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }

    /// A title word wider than the measure is set smaller, not cut: no
    /// ink between the frame and the measure in the title band.
    #[test]
    fn a_word_wider_than_the_measure_is_set_smaller() {
        let png = generate(
            &metadata("Rechtsschutzversicherungsgesellschaften"),
            &Labels::english(),
        )
        .unwrap();
        let pixmap = Pixmap::decode_png(&png).unwrap();
        let px = |units: f32| (units * PIXELS_A_UNIT) as u32;
        let side = px((DESIGN_WIDTH - MEASURE) / 2.0);
        let mut ink_inside = 0;
        for y in px(300.0)..px(750.0) {
            for x in 0..WIDTH {
                if pixmap.pixel(x, y).unwrap().red() <= 200 {
                    continue;
                }
                // The frame's upright rules stand 60 units in, 3 wide
                // (70 and 4 whole pixels).
                let (inner, outer) = (px(60.0), px(60.0) + 4);
                let frame =
                    (inner..outer).contains(&x) || (WIDTH - outer..WIDTH - inner).contains(&x);
                if x < side || x >= WIDTH - side {
                    assert!(frame, "ink at x = {x}, y = {y}, outside the measure");
                } else {
                    ink_inside += 1;
                }
            }
        }
        assert!(ink_inside > 5_000, "the title was drawn: {ink_inside}");
    }

    #[test]
    fn cover_is_a_png_with_ink_on_it() {
        let png = generate(&metadata("The Khrushchevites"), &Labels::english()).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let pixmap = Pixmap::decode_png(&png).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (WIDTH, HEIGHT));
        // Count ink pixels in the title band: text was really drawn there.
        let ink = pixmap
            .pixels()
            .iter()
            .skip((400 * WIDTH) as usize)
            .take((250 * WIDTH) as usize)
            .filter(|p| p.red() > 200)
            .count();
        // The ground is the ground colour, not black.
        let corner = pixmap.pixel(5, 5).unwrap();
        assert_eq!((corner.red(), corner.green(), corner.blue()), GROUND);
        assert!(ink > 10_000, "only {ink} ink pixels in the title band");
        assert_eq!(
            png,
            generate(&metadata("The Khrushchevites"), &Labels::english()).unwrap(),
            "not deterministic"
        );
    }
}
