//! Figures in the print edition: an image scaled to the text block and centred, its caption below, the whole a whole number of grid lines that pagination may float to the next page.
//!
//! Also the drawing side of what pieces carry besides text ([`Art`]:
//! pictures and rules, placed relative to one of the piece's lines), so
//! tables and code share it.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Book, ImageFormat, ImageRef, Inline, Span};
use crate::pdf::caption::{caption_lines, step_smaller};
use crate::pdf::flow::{Measures, Origin, Piece, Role};
use crate::pdf::fontset::FaceKind;
use crate::pdf::page::{ImageData, ImageId, Page, PlacedImage, Rect, Rule};
use crate::pdf::paginate::Block;
use crate::pdf::paragraph::{SetLine, Typesetter};
use crate::pdf::picture::{declared_dpi, print_size, MIN_DPI, NATURAL_DPI};

/// Something a piece draws besides its lines, placed relative to the
/// start of its line `line` (x from the piece's left edge, `y` from that
/// line's baseline, downwards). An image is drawn only when its line is
/// the first its slot sets: a figure carries its picture once per size it
/// may be set at, and its slot starts at the line of the size chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Art {
    pub line: usize,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub kind: ArtKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ArtKind {
    /// The image of asset `key` (`model::ImageRef::asset`), filling the area.
    Image { key: String },
    /// A filled rectangle (a table's rule).
    Rule,
}

/// Pixels to the inch of an SVG drawing's own size (CSS's).
const CSS_DPI: f32 = 96.0;
/// Gap between a figure's image and the cap height of its caption, in leadings.
const CAPTION_GAP: f32 = 0.45;
/// The least a figure's picture may be shrunk to, as a fraction of its
/// height, to stay on the page where the text introduces it (see
/// `paginate::Block::Float`): a little smaller reads better than a figure
/// after the text that follows it, much smaller does not.
const LEAST_SCALE: f32 = 0.7;
/// Cap height and descender depth of the faces, in ems (EB Garamond: 0.65, 0.27).
const CAP_HEIGHT: f32 = 0.65;
const DESCENT: f32 = 0.27;

/// A figure as a floating piece: the image at its print size, centred on
/// the measure, with its caption (italic, a step smaller, centred) on the
/// grid lines below it. A resolution under [`MIN_DPI`] at that size is a
/// warning at the image's reference. `introduced`: the text just before
/// ends in a colon, so pagination keeps the figure there if it can.
///
/// The piece may be set on fewer lines, down to seven tenths of the
/// picture's height ([`LEAST_SCALE`]): dropping its first `d` lines, its
/// picture shrunk (and centred) to fill from line `d`'s cap height to
/// the caption, one [`Art`] per size.
#[allow(clippy::too_many_arguments)]
pub fn figure(
    ts: &mut Typesetter<'_>,
    image: &ImageRef,
    caption: &[Inline],
    span: Span,
    file: &str,
    m: &Measures,
    inset: f32,
    role: Role,
    introduced: bool,
    diags: &mut Diagnostics,
) -> Piece {
    let measure = m.measure - 2.0 * inset;
    let leading = m.leading;
    let caption_size = step_smaller(m.size);
    let caption_lines: Vec<SetLine> = caption_lines(ts, caption, m.size, measure);
    let k = caption_lines.len();
    // What sits under the picture: the gap to the caption's capitals, or
    // (no caption) the picture may reach down to the last line's descenders.
    let below = if k > 0 {
        CAPTION_GAP * leading + CAP_HEIGHT * caption_size
    } else {
        -DESCENT * m.size
    };
    // The picture may take the page less its caption, the space after it
    // and two lines, so a figure never needs a page to itself.
    let max_height =
        (m.lines.saturating_sub(3 + k.max(1)) as f32) * leading + CAP_HEIGHT * m.size - below;
    let asset = ts.images.and_then(|images| images.get(&image.asset));
    // A drawing's natural size is its CSS size (96 pixels to the inch);
    // drawn as vectors, it is never blurred.
    let vector = asset.is_some_and(|a| a.format == ImageFormat::Svg);
    let (px_w, px_h, dpi) = asset.map_or((1, 1, NATURAL_DPI), |a| {
        let dpi = if vector {
            CSS_DPI
        } else {
            declared_dpi(&image_data(&image.asset, a)).unwrap_or(NATURAL_DPI)
        };
        (a.width, a.height, dpi)
    });
    let (w, h, printed) = print_size(px_w, px_h, dpi, measure, max_height.max(leading));
    if asset.is_some() && !vector && printed < MIN_DPI {
        diags.push(
            Diagnostic::warning(
                file,
                span.line,
                span.col,
                format!(
                    "image `{}` prints at {:.0} dpi ({} × {} pixels over {:.0} × {:.0} mm); it will look blurred",
                    image.src,
                    printed,
                    px_w,
                    px_h,
                    w / 72.0 * 25.4,
                    h / 72.0 * 25.4
                ),
            )
            .with_hint(format!(
                "give a file of at least {} pixels across for this width (200 dpi), 300 dpi for a sharp print",
                (w / 72.0 * MIN_DPI).ceil()
            )),
        );
    }
    // Line 0's baseline is y = 0; the image's top aligns with the cap
    // height of a text line there (the text block's top when the figure
    // heads a page). The grid lines below the image hold the caption.
    let top = -CAP_HEIGHT * m.size;
    let first_caption = ((top + h + below) / leading - 1e-3).ceil().max(0.0) as usize;
    let lines = first_caption + k.max(1);
    // The slack of the rounding goes above the picture, so the caption
    // stays close under it.
    let image_top = first_caption as f32 * leading - below - h;
    let mut set: Vec<SetLine> = (0..first_caption)
        .map(|_| ts.set_line("", FaceKind::Regular, m.size))
        .collect();
    set.extend(caption_lines);
    while set.len() < lines {
        set.push(ts.set_line("", FaceKind::Regular, m.size));
    }
    let picture = |line: usize, height: f32| {
        let width = w * height / h;
        Art {
            line,
            x: ((measure - width) / 2.0).max(0.0),
            y: if line == 0 { image_top.max(top) } else { top },
            width,
            height,
            kind: ArtKind::Image {
                key: image.asset.clone(),
            },
        }
    };
    let mut art = vec![picture(0, h)];
    // Each line dropped from the top: the picture from that line's cap
    // height down to where it ends at full size.
    let bottom = image_top + h;
    for d in 1..first_caption {
        let height = bottom - (d as f32 * leading + top);
        if height < LEAST_SCALE * h {
            break;
        }
        art.push(picture(d, height));
    }
    Piece {
        block: Block::Float {
            lines,
            least: lines + 1 - art.len(),
            space_before: 1,
            space_after: 1,
            introduced,
        },
        settings: vec![set],
        unset: None,
        x: inset,
        role,
        origin: Some(Origin {
            file: file.to_string(),
            span,
        }),
        art,
        flag: None,
        bars: Vec::new(),
    }
}

fn image_data(key: &str, a: &crate::model::ImageAsset) -> ImageData {
    ImageData {
        key: key.to_string(),
        bytes: a.bytes.clone(),
        format: a.format,
        width: a.width,
        height: a.height,
    }
}

/// The book's images as the page description lists them: every asset, in
/// key order (`ImageId` = position); the writer embeds those drawn.
pub fn document_images(book: &Book) -> Vec<ImageData> {
    book.assets
        .images
        .iter()
        .map(|(key, a)| image_data(key, a))
        .collect()
}

/// Draws the art of a piece's line `k`, placed at (`x`, `baseline`), of
/// a slot that starts at the piece's line `first`.
pub fn draw_art(
    book: &Book,
    page: &mut Page,
    art: &[Art],
    (k, first): (usize, usize),
    x: f32,
    baseline: f32,
) {
    let drawn = |a: &&Art| a.line == k && (a.line == first || a.kind == ArtKind::Rule);
    for a in art.iter().filter(drawn) {
        let area = Rect {
            x: x + a.x,
            y: baseline + a.y,
            width: a.width,
            height: a.height,
        };
        match &a.kind {
            ArtKind::Image { key } => {
                if let Some(index) = book.assets.images.keys().position(|k| k == key) {
                    page.images.push(PlacedImage {
                        image: ImageId(index),
                        area,
                    });
                }
            }
            ArtKind::Rule => page.rules.push(Rule { area }),
        }
    }
}
