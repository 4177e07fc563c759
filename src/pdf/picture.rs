//! Pictures for the PDF: a checked PNG or JPEG → the samples and entries of a PDF image XObject (ISO 32000-1, 8.9.5), as plain data.
//!
//! JPEG data is embedded as it is, behind `DCTDecode` (baseline,
//! progressive, grey, RGB and CMYK alike: the viewer decodes them); an
//! Adobe CMYK JPEG, which stores its values inverted, gets a `Decode`
//! array that inverts them back. PNG is decoded losslessly (palette and
//! low-bit grey expanded, 16-bit samples kept at 16 bits) and its
//! transparency, if any pixel uses it, becomes a soft mask. The writer
//! deflates the samples. Nothing here writes PDF syntax.

use crate::model::ImageFormat;
use crate::pdf::page::ImageData;

/// The colour space of an image's samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorSpace {
    Gray,
    Rgb,
    Cmyk,
}

impl ColorSpace {
    /// The PDF name of the device colour space.
    pub fn pdf_name(self) -> &'static str {
        match self {
            ColorSpace::Gray => "DeviceGray",
            ColorSpace::Rgb => "DeviceRGB",
            ColorSpace::Cmyk => "DeviceCMYK",
        }
    }

    fn components(self) -> usize {
        match self {
            ColorSpace::Gray => 1,
            ColorSpace::Rgb => 3,
            ColorSpace::Cmyk => 4,
        }
    }
}

/// An image as a PDF image dictionary describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfImage {
    pub width: u32,
    pub height: u32,
    pub color: ColorSpace,
    /// Bits per component: 8 or 16.
    pub bits: u8,
    /// `data` is a whole JPEG file, to be read through `DCTDecode`;
    /// otherwise raw samples, row by row, no padding (8 or 16 bits).
    pub dct: bool,
    /// The samples are stored inverted (`Decode [1 0 1 0 …]`).
    pub inverted: bool,
    pub data: Vec<u8>,
    /// Opacity as DeviceGray samples of `bits` bits (a soft mask), when
    /// some pixel is not fully opaque.
    pub alpha: Option<Vec<u8>>,
}

/// The PDF form of a checked image. Fails (with a reason) only on data
/// that `crate::images::inspect` would have refused.
pub fn pdf_image(image: &ImageData) -> Result<PdfImage, String> {
    match image.format {
        ImageFormat::Jpeg {
            components,
            inverted,
        } => {
            let color = match components {
                1 => ColorSpace::Gray,
                3 => ColorSpace::Rgb,
                4 => ColorSpace::Cmyk,
                n => return Err(format!("JPEG with {n} components")),
            };
            Ok(PdfImage {
                width: image.width,
                height: image.height,
                color,
                bits: 8,
                dct: true,
                inverted,
                data: image.bytes.to_vec(),
                alpha: None,
            })
        }
        ImageFormat::Png => png_image(&image.bytes),
        ImageFormat::Svg => Err("an SVG drawing is a form, not an image XObject".to_string()),
    }
}

fn png_image(bytes: &[u8]) -> Result<PdfImage, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    // Palette → RGB, tRNS → alpha, 1/2/4-bit grey → 8 bits; 16 bits stay.
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let mut buf = vec![0u8; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    let bits: u8 = match info.bit_depth {
        png::BitDepth::Sixteen => 16,
        _ => 8,
    };
    let (color, has_alpha) = match info.color_type {
        png::ColorType::Grayscale => (ColorSpace::Gray, false),
        png::ColorType::GrayscaleAlpha => (ColorSpace::Gray, true),
        png::ColorType::Rgb => (ColorSpace::Rgb, false),
        png::ColorType::Rgba => (ColorSpace::Rgb, true),
        png::ColorType::Indexed => return Err("palette left unexpanded".to_string()),
    };
    let sample = usize::from(bits / 8);
    let colour_bytes = color.components() * sample;
    let pixel = colour_bytes + if has_alpha { sample } else { 0 };
    let (width, height) = (info.width as usize, info.height as usize);
    let mut data = Vec::with_capacity(width * height * colour_bytes);
    let mut alpha = Vec::new();
    for row in buf.chunks(info.line_size).take(height) {
        for px in row[..width * pixel].chunks_exact(pixel) {
            data.extend_from_slice(&px[..colour_bytes]);
            if has_alpha {
                alpha.extend_from_slice(&px[colour_bytes..]);
            }
        }
    }
    // A mask that is opaque everywhere says nothing: leave it out.
    let alpha = (has_alpha && alpha.iter().any(|&a| a != 0xFF)).then_some(alpha);
    Ok(PdfImage {
        width: info.width,
        height: info.height,
        color,
        bits,
        dct: false,
        inverted: false,
        data,
        alpha,
    })
}

/// How large a figure prints: its natural size (`px` at `dpi`), scaled
/// down (never up) to fit `max_width` × `max_height` points, keeping its
/// proportions. Returns (width, height) in points and the resolution it
/// prints at, in pixels per inch.
pub fn print_size(
    px_w: u32,
    px_h: u32,
    dpi: f32,
    max_width: f32,
    max_height: f32,
) -> (f32, f32, f32) {
    let natural_w = px_w as f32 / dpi * 72.0;
    let natural_h = px_h as f32 / dpi * 72.0;
    let scale = (max_width / natural_w)
        .min(max_height / natural_h)
        .clamp(0.0, 1.0);
    let (w, h) = (natural_w * scale, natural_h * scale);
    let printed = if w > 0.0 {
        px_w as f32 / (w / 72.0)
    } else {
        0.0
    };
    (w, h, printed)
}

/// The resolution the file declares (PNG `pHYs` in pixels per metre, JPEG
/// JFIF density in dots per inch or centimetre), which fixes its natural
/// size, as in LaTeX and Typst. None when it declares none (or an
/// implausible one): the image then counts as [`NATURAL_DPI`].
pub fn declared_dpi(image: &ImageData) -> Option<f32> {
    let b = &image.bytes[..];
    let dpi = match image.format {
        ImageFormat::Png => {
            // Chunks after the signature: length, type, data, CRC; pHYs
            // comes before the image data.
            let mut at = 8;
            let mut found = None;
            while at + 8 <= b.len() {
                let len = u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize;
                let kind = &b[at + 4..at + 8];
                if kind == b"IDAT" || at + 12 + len > b.len() {
                    break;
                }
                if kind == b"pHYs" && len == 9 && b[at + 16] == 1 {
                    let d = &b[at + 8..];
                    let x = u32::from_be_bytes([d[0], d[1], d[2], d[3]]);
                    found = Some(x as f32 * 0.0254);
                }
                at += 12 + len;
            }
            found?
        }
        ImageFormat::Svg => return None,
        ImageFormat::Jpeg { .. } => {
            // APP0 "JFIF\0", version, units, X density, Y density.
            if b.len() < 18 || b[2..4] != [0xFF, 0xE0] || &b[6..11] != b"JFIF\0" {
                return None;
            }
            let x = f32::from(u16::from_be_bytes([b[14], b[15]]));
            match b[13] {
                1 => x,
                2 => x * 2.54,
                _ => return None,
            }
        }
    };
    (30.0..=5000.0).contains(&dpi).then_some(dpi)
}

/// The resolution at which an image prints at its natural size.
pub const NATURAL_DPI: f32 = 300.0;

/// Below this resolution a picture prints visibly blurred: a warning.
pub const MIN_DPI: f32 = 200.0;

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn encode(color: png::ColorType, depth: png::BitDepth, w: u32, h: u32, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(color);
        enc.set_depth(depth);
        if color == png::ColorType::Indexed {
            enc.set_palette(vec![10, 20, 30, 200, 100, 50]);
            enc.set_trns(vec![255, 0]);
        }
        let mut wr = enc.write_header().unwrap();
        wr.write_image_data(data).unwrap();
        drop(wr);
        out
    }

    fn data(bytes: Vec<u8>) -> ImageData {
        ImageData {
            key: "k".into(),
            bytes: Arc::new(bytes),
            format: ImageFormat::Png,
            width: 2,
            height: 1,
        }
    }

    #[test]
    fn rgba_splits_into_colour_and_soft_mask() {
        let png = encode(
            png::ColorType::Rgba,
            png::BitDepth::Eight,
            2,
            1,
            &[1, 2, 3, 255, 4, 5, 6, 128],
        );
        let img = pdf_image(&data(png)).unwrap();
        assert_eq!(img.color, ColorSpace::Rgb);
        assert_eq!(img.data, vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(img.alpha, Some(vec![255, 128]));
        assert!(!img.dct);
    }

    #[test]
    fn opaque_alpha_is_dropped_and_sixteen_bits_kept() {
        let png = encode(
            png::ColorType::GrayscaleAlpha,
            png::BitDepth::Sixteen,
            2,
            1,
            &[0x12, 0x34, 0xFF, 0xFF, 0x56, 0x78, 0xFF, 0xFF],
        );
        let img = pdf_image(&data(png)).unwrap();
        assert_eq!((img.color, img.bits), (ColorSpace::Gray, 16));
        assert_eq!(img.data, vec![0x12, 0x34, 0x56, 0x78]);
        assert_eq!(img.alpha, None);
    }

    #[test]
    fn a_palette_with_transparency_expands_losslessly() {
        let png = encode(png::ColorType::Indexed, png::BitDepth::Eight, 2, 1, &[1, 0]);
        let img = pdf_image(&data(png)).unwrap();
        assert_eq!(img.data, vec![200, 100, 50, 10, 20, 30]);
        assert_eq!(img.alpha, Some(vec![0, 255]));
    }

    #[test]
    fn jpeg_is_passed_through_with_cmyk_inversion() {
        let img = pdf_image(&ImageData {
            key: "j".into(),
            bytes: Arc::new(vec![0xFF, 0xD8, 0xFF, 0xD9]),
            format: ImageFormat::Jpeg {
                components: 4,
                inverted: true,
            },
            width: 3,
            height: 4,
        })
        .unwrap();
        assert!(img.dct && img.inverted);
        assert_eq!(img.color, ColorSpace::Cmyk);
        assert_eq!(img.data, vec![0xFF, 0xD8, 0xFF, 0xD9]);
    }

    #[test]
    fn figures_shrink_to_fit_but_never_grow() {
        // 600 px at 300 dpi: 2 inches, 144 pt; room for more stays unused.
        let (w, h, dpi) = print_size(600, 300, NATURAL_DPI, 400.0, 400.0);
        assert!((w - 144.0).abs() < 1e-3 && (h - 72.0).abs() < 1e-3);
        assert!((dpi - 300.0).abs() < 0.5);
        // 3000 px into 288 pt (4 inches): 750 dpi, proportions kept.
        let (w, h, dpi) = print_size(3000, 1500, NATURAL_DPI, 288.0, 400.0);
        assert!((w - 288.0).abs() < 1e-3 && (h - 144.0).abs() < 1e-3);
        assert!((dpi - 750.0).abs() < 0.5);
        // A tall one is limited by height.
        let (w, h, _) = print_size(1000, 4000, NATURAL_DPI, 288.0, 360.0);
        assert!((h - 360.0).abs() < 1e-3 && (w - 90.0).abs() < 1e-3);
        // A file declaring 72 dpi is 12.5 inches wide: it shrinks to the
        // measure and prints at 225 dpi; at 600 px it would print at 150.
        let (w, _, dpi) = print_size(900, 600, 72.0, 288.0, 400.0);
        assert!((w - 288.0).abs() < 1e-3 && (dpi - 225.0).abs() < 0.5);
        let (_, _, dpi) = print_size(600, 400, 72.0, 288.0, 400.0);
        assert!(dpi < MIN_DPI);
    }

    #[test]
    fn declared_resolutions_are_read() {
        let mut png = Vec::new();
        let mut enc = png::Encoder::new(&mut png, 1, 1);
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: 2835,
            yppu: 2835,
            unit: png::Unit::Meter,
        }));
        let mut wr = enc.write_header().unwrap();
        wr.write_image_data(&[0]).unwrap();
        drop(wr);
        let dpi = declared_dpi(&data(png)).unwrap();
        assert!((dpi - 72.0).abs() < 0.1, "{dpi}");
        let plain = encode(png::ColorType::Grayscale, png::BitDepth::Eight, 1, 1, &[0]);
        assert_eq!(declared_dpi(&data(plain)), None);
        let mut jfif = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        jfif.extend(b"JFIF\0");
        jfif.extend([1, 1, 1, 0, 150, 0, 150, 0, 0]);
        let jpeg = ImageData {
            format: ImageFormat::Jpeg {
                components: 3,
                inverted: false,
            },
            ..data(jfif)
        };
        assert_eq!(declared_dpi(&jpeg), Some(150.0));
    }
}
