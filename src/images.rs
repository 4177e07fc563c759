//! Image checking: is a file's content a whole, decodable PNG or JPEG of a size we accept? (SVG drawings are `crate::svg`'s.)
//!
//! `source/` reads figure files and asks [`inspect`] about their bytes
//! before they enter the model, so both editions can trust every image they
//! are given. The size is read from the file's header and checked before
//! any decoder runs, so a decompression bomb (a small file declaring an
//! enormous picture) is refused without allocating it. PNG files are then
//! decoded row by row (one row's memory), JPEG files fully, to find
//! truncated or corrupt data now rather than as a broken page later.

use crate::model::ImageFormat;

/// Largest picture accepted, in pixels: 40 megapixels (e.g. 8000 × 5000),
/// far above what a page needs at 300 dpi (A4 is 2480 × 3508).
pub const MAX_PIXELS: u64 = 40_000_000;

/// Largest width or height accepted, in pixels.
pub const MAX_SIDE: u32 = 20_000;

/// What a file holds, once checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

/// Why an image cannot be used: a message and a hint for the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageError {
    pub message: String,
    pub hint: String,
}

fn error(message: impl Into<String>, hint: impl Into<String>) -> ImageError {
    ImageError {
        message: message.into(),
        hint: hint.into(),
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// What the bytes look like, from their first bytes.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let text_start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &bytes[i..]);
    if bytes.starts_with(PNG_SIGNATURE) {
        Some("png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpeg")
    } else if bytes.starts_with(b"GIF8") {
        Some("gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("tiff")
    } else if bytes.starts_with(b"BM") {
        Some("bmp")
    } else if bytes.starts_with(b"%PDF") {
        Some("pdf")
    } else if text_start.starts_with(b"<svg") || text_start.starts_with(b"<?xml") {
        Some("svg")
    } else {
        None
    }
}

/// The format a file name claims, from its extension.
fn claimed(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "png",
        "jpg" | "jpeg" | "jpe" => "jpeg",
        "gif" => "gif",
        "webp" => "webp",
        "tif" | "tiff" => "tiff",
        "bmp" => "bmp",
        "pdf" => "pdf",
        "svg" | "svgz" => "svg",
        _ => return None,
    })
}

fn name(kind: &str) -> &'static str {
    match kind {
        "png" => "PNG",
        "jpeg" => "JPEG",
        "gif" => "GIF",
        "webp" => "WebP",
        "tiff" => "TIFF",
        "bmp" => "BMP",
        "pdf" => "PDF",
        "svg" => "SVG",
        _ => "unknown",
    }
}

/// Whether the file `path` is an SVG drawing (by its name or its first
/// bytes), for `crate::svg` rather than [`inspect`] to read.
pub fn is_svg(path: &str, bytes: &[u8]) -> bool {
    claimed(path) == Some("svg") || sniff(bytes) == Some("svg")
}

/// Checks the bytes of the image file `path` (the path only names the
/// format it claims). Never panics; allocates at most one row of pixels
/// for PNG and the decoded picture (bounded by [`MAX_PIXELS`]) for JPEG.
pub fn inspect(path: &str, bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    let found = sniff(bytes);
    let claims = claimed(path);
    match (found, claims) {
        (Some("png"), Some("png") | None) => png(bytes),
        (Some("jpeg"), Some("jpeg") | None) => jpeg(bytes),
        (Some("svg"), _) | (None, Some("svg")) => Err(error(
            "an SVG drawing is read by `svg::normalise`, not as a raster image",
            "name the file .svg so that bookpack reads it as a drawing",
        )),
        (Some(kind @ ("png" | "jpeg")), Some(other)) => Err(error(
            format!(
                "the file is named as a {} image but holds a {} image",
                name(other),
                name(kind)
            ),
            format!(
                "rename it to end in .{}",
                if kind == "png" { "png" } else { "jpg" }
            ),
        )),
        (Some(kind), _) => Err(error(
            format!("{} images are not supported", name(kind)),
            "convert it to PNG (drawings, screenshots) or JPEG (photographs)",
        )),
        (None, Some(kind @ ("png" | "jpeg"))) => Err(error(
            format!(
                "the file is not a {} image (its first bytes are not a {} signature)",
                name(kind),
                name(kind)
            ),
            "the file may be damaged or misnamed; export the image again",
        )),
        (None, _) => Err(error(
            "the file is not an image bookpack can read",
            "give a PNG (drawings, screenshots) or JPEG (photographs) file",
        )),
    }
}

fn check_size(kind: &str, width: u32, height: u32) -> Result<(), ImageError> {
    if width == 0 || height == 0 {
        return Err(error(
            format!(
                "the {} image declares an empty picture ({width} × {height} pixels)",
                name(kind)
            ),
            "the file is damaged; export the image again",
        ));
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width > MAX_SIDE || height > MAX_SIDE {
        return Err(error(
            format!(
                "the {} image declares {width} × {height} pixels, more than bookpack accepts ({} megapixels, {MAX_SIDE} pixels a side)",
                name(kind),
                MAX_PIXELS / 1_000_000
            ),
            "scale it down: a figure across the text block needs about 1,500 pixels at 300 dpi",
        ));
    }
    Ok(())
}

fn png(bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    // The IHDR chunk must come first: length 13, type, width, height.
    let truncated = || {
        error(
            "the PNG image is truncated or damaged",
            "the file was cut short or corrupted; export the image again",
        )
    };
    if bytes.len() < 33 || &bytes[12..16] != b"IHDR" {
        return Err(truncated());
    }
    let be32 =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let (width, height) = (be32(16), be32(20));
    check_size("png", width, height)?;

    // Now decode every row, one row's memory at a time, to find broken data.
    let mut decoder =
        png::Decoder::new_with_limits(std::io::Cursor::new(bytes), png::Limits { bytes: 64 << 20 });
    decoder.set_transformations(png::Transformations::IDENTITY);
    let describe = |e: png::DecodingError| match e {
        png::DecodingError::IoError(_) => truncated(),
        png::DecodingError::LimitsExceeded => error(
            "the PNG image holds more metadata than bookpack accepts",
            "export the image again without embedded metadata",
        ),
        other => error(
            format!("the PNG image is damaged: {other}"),
            "export the image again",
        ),
    };
    let mut reader = decoder.read_info().map_err(describe)?;
    while reader.next_row().map_err(describe)?.is_some() {}
    reader.finish().map_err(describe)?;
    Ok(ImageInfo {
        format: ImageFormat::Png,
        width,
        height,
    })
}

/// A PNG's or JPEG's size in pixels, read from its header alone (nothing
/// decoded): what the cover's page and its size check need.
pub fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(PNG_SIGNATURE) {
        if bytes.len() < 24 || &bytes[12..16] != b"IHDR" {
            return None;
        }
        let be32 = |at: usize| {
            u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        Some((be32(16), be32(20)))
    } else {
        jpeg_header(bytes).ok().map(|h| (h.width, h.height))
    }
    .filter(|&(w, h)| w > 0 && h > 0)
}

/// What the JPEG's marker segments say.
struct JpegHeader {
    width: u32,
    height: u32,
    components: u8,
    adobe: bool,
    /// A progressive frame (SOF2), not a sequential one.
    progressive: bool,
    /// The first component's sampling factors (horizontal, vertical).
    sampling: (u8, u8),
    /// The embedded ICC profile, its APP2 chunks joined in order.
    icc: Vec<u8>,
    /// The EXIF segment's data (after `APP1`'s length), if any.
    exif: Option<Vec<u8>>,
}

/// What the EPUB needs of a checked JPEG to decide whether reading
/// systems can show it as it is (see `epub::images`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JpegFrame {
    pub components: u8,
    /// Adobe's CMYK, stored inverted (see [`ImageFormat::Jpeg`]).
    pub inverted: bool,
    pub progressive: bool,
    /// The first component's sampling factors (horizontal, vertical).
    pub sampling: (u8, u8),
    /// The embedded ICC profile (empty without one).
    pub icc: Vec<u8>,
    /// The EXIF segment's data, kept with the picture it describes.
    pub exif: Option<Vec<u8>>,
}

/// A JPEG's frame as its headers describe it; `None` for bytes that are
/// no JPEG `inspect` accepts.
pub fn jpeg_frame(bytes: &[u8]) -> Option<JpegFrame> {
    let h = jpeg_header(bytes).ok()?;
    Some(JpegFrame {
        components: h.components,
        inverted: h.adobe && h.components == 4,
        progressive: h.progressive,
        sampling: h.sampling,
        icc: h.icc,
        exif: h.exif,
    })
}

/// Walks a JPEG's marker segments up to the first scan: the frame's size
/// and components, and whether an Adobe APP14 segment is present.
fn jpeg_header(bytes: &[u8]) -> Result<JpegHeader, ImageError> {
    let truncated = || {
        error(
            "the JPEG image is truncated or damaged",
            "the file was cut short or corrupted; export the image again",
        )
    };
    let mut at = 2;
    let mut frame = None;
    let mut adobe = false;
    let mut progressive = false;
    let mut sampling = (1, 1);
    // ICC chunks by sequence number (`ICC_PROFILE\0`, number, count).
    let mut icc_chunks: Vec<(u8, &[u8])> = Vec::new();
    let mut exif = None;
    loop {
        // Fill bytes (0xFF) may precede a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return Err(truncated());
        };
        at += 2;
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            continue; // markers without a length
        }
        let len = match (bytes.get(at), bytes.get(at + 1)) {
            (Some(&hi), Some(&lo)) => usize::from(u16::from_be_bytes([hi, lo])),
            _ => return Err(truncated()),
        };
        if len < 2 || at + len > bytes.len() {
            return Err(truncated());
        }
        let segment = &bytes[at + 2..at + len];
        match marker {
            // Baseline, extended sequential and progressive Huffman frames.
            0xC0..=0xC2 => {
                if segment.len() < 6 {
                    return Err(truncated());
                }
                let height = u32::from(u16::from_be_bytes([segment[1], segment[2]]));
                let width = u32::from(u16::from_be_bytes([segment[3], segment[4]]));
                frame = Some((width, height, segment[5]));
                progressive = marker == 0xC2;
                if let Some(&factors) = segment.get(7) {
                    sampling = (factors >> 4, factors & 0x0F);
                }
            }
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(error(
                    "lossless, hierarchical and arithmetic-coded JPEG images are not supported",
                    "save the image again as a baseline or progressive JPEG, or as a PNG",
                ))
            }
            0xEE if segment.starts_with(b"Adobe") => adobe = true,
            0xE2 if segment.len() > 14 && segment.starts_with(b"ICC_PROFILE\0") => {
                icc_chunks.push((segment[12], &segment[14..]));
            }
            0xE1 if exif.is_none() && segment.starts_with(b"Exif\0\0") => {
                exif = Some(segment[6..].to_vec());
            }
            0xDA => break,
            0xD9 => return Err(truncated()),
            _ => {}
        }
        at += len;
    }
    let Some((width, height, components)) = frame else {
        return Err(truncated());
    };
    // The entropy-coded data must end with an end-of-image marker; a file
    // cut short has none.
    if !bytes[at..].windows(2).any(|w| w == [0xFF, 0xD9]) {
        return Err(truncated());
    }
    icc_chunks.sort_by_key(|&(number, _)| number);
    Ok(JpegHeader {
        width,
        height,
        components,
        adobe,
        progressive,
        sampling,
        icc: icc_chunks
            .iter()
            .flat_map(|&(_, chunk)| chunk)
            .copied()
            .collect(),
        exif,
    })
}

fn jpeg(bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    let header = jpeg_header(bytes)?;
    check_size("jpeg", header.width, header.height)?;
    if !matches!(header.components, 1 | 3 | 4) {
        return Err(error(
            format!(
                "JPEG images with {} colour components are not supported",
                header.components
            ),
            "save the image again as RGB, greyscale or CMYK",
        ));
    }
    let mut decoder = jpeg_decoder::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_max_decoding_buffer_size((MAX_PIXELS * 4) as usize);
    decoder.decode().map_err(|e| {
        error(
            format!("the JPEG image is damaged: {e}"),
            "export the image again",
        )
    })?;
    Ok(ImageInfo {
        format: ImageFormat::Jpeg {
            components: header.components,
            // Adobe's CMYK JPEGs store inverted values (as Photoshop writes them).
            inverted: header.adobe && header.components == 4,
        },
        width: header.width,
        height: header.height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG header (signature + IHDR) declaring `w` × `h` RGB pixels, with
    /// a tiny IDAT and IEND: what a decompression bomb's header looks like.
    pub(crate) fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut out = PNG_SIGNATURE.to_vec();
        let chunk = |out: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
            out.extend((data.len() as u32).to_be_bytes());
            out.extend(kind);
            out.extend(data);
            out.extend([0, 0, 0, 0]); // CRC (not reached: refused first)
        };
        let mut ihdr = Vec::new();
        ihdr.extend(w.to_be_bytes());
        ihdr.extend(h.to_be_bytes());
        ihdr.extend([8, 2, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"IDAT", &[0x78, 0x9C, 0x03, 0x00]);
        chunk(&mut out, b"IEND", &[]);
        out
    }

    fn tiny_png(color: png::ColorType, depth: png::BitDepth) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, 3, 2);
        enc.set_color(color);
        enc.set_depth(depth);
        if color == png::ColorType::Indexed {
            enc.set_palette(vec![0, 0, 0, 255, 0, 0]);
        }
        let mut w = enc.write_header().unwrap();
        let bpp = match color {
            png::ColorType::Rgba => 4,
            png::ColorType::Rgb => 3,
            _ => 1,
        } * if depth == png::BitDepth::Sixteen {
            2
        } else {
            1
        };
        w.write_image_data(&vec![0u8; 3 * 2 * bpp]).unwrap();
        drop(w);
        out
    }

    #[test]
    fn pngs_of_every_kind_pass() {
        for (c, d) in [
            (png::ColorType::Rgba, png::BitDepth::Eight),
            (png::ColorType::Rgb, png::BitDepth::Sixteen),
            (png::ColorType::Grayscale, png::BitDepth::Eight),
            (png::ColorType::Indexed, png::BitDepth::Eight),
        ] {
            let info = inspect("a.png", &tiny_png(c, d)).unwrap();
            assert_eq!((info.width, info.height), (3, 2));
        }
    }

    #[test]
    fn a_bomb_is_refused_from_its_header() {
        let e = inspect("bomb.png", &png_header(60_000, 60_000)).unwrap_err();
        assert!(e.message.contains("60000 × 60000"), "{e:?}");
    }

    #[test]
    fn truncated_and_misnamed_files_are_refused() {
        let good = tiny_png(png::ColorType::Rgb, png::BitDepth::Eight);
        let cut = &good[..good.len() - 20];
        assert!(inspect("a.png", cut)
            .unwrap_err()
            .message
            .contains("truncated"));
        let e = inspect("a.jpg", &good).unwrap_err();
        assert!(e.message.contains("named as a JPEG"), "{e:?}");
        let e = inspect("a.png", b"hello, world").unwrap_err();
        assert!(e.message.contains("not a PNG"), "{e:?}");
        let e = inspect("a.gif", b"GIF89a....").unwrap_err();
        assert!(e.message.contains("GIF images are not supported"), "{e:?}");
        assert!(is_svg("a.svg", b"\x1f\x8b"));
        assert!(is_svg(
            "a.png",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>"
        ));
        assert!(!is_svg("a.png", &good));
        for n in 0..40 {
            let _ = inspect("a.jpg", &[0xFF, 0xD8, 0xFF, 0xC0][..4.min(n)]);
        }
    }
}
