//! Figures as reading systems can show them: a CMYK or progressive JPEG
//! is written into the EPUB as a baseline sRGB JPEG; every other image as
//! the author gave it.
//!
//! Adobe's RMSDK (older Kobo and Nook readers, Adobe Digital Editions 2
//! and 3) and some converters (Kindle's among them) show a CMYK JPEG with
//! wrong or inverted colours, and several older engines draw a
//! progressive one only once it has wholly loaded, or not at all. The
//! print edition keeps them as they are (CMYK is print's own space,
//! `pdf::picture`). The conversion is not the author's fault and is not
//! reported; the README's figures section says it is made.

use crate::images::JpegFrame;

/// The encoder's quality: 90, where JPEG's loss is no longer seen on a
/// photograph at reading size, at about a third of the bytes of 100.
const QUALITY: u8 = 90;

/// Whether the JPEG or PNG `bytes` (a figure's, the cover's) are written
/// into the EPUB converted, not as they are.
pub(crate) fn needs_converting(bytes: &[u8]) -> bool {
    frame_to_convert(bytes).is_some()
}

fn frame_to_convert(bytes: &[u8]) -> Option<JpegFrame> {
    if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return None;
    }
    let frame = crate::images::jpeg_frame(bytes)?;
    (frame.components == 4 || frame.progressive).then_some(frame)
}

/// The bytes the EPUB stores for the image `bytes`: a baseline JPEG in
/// sRGB for a CMYK or progressive one, else `None` (the file as it is).
/// `None` too if the picture cannot be decoded or encoded again, which
/// `images::inspect` (which decoded a figure once) rules out: the file
/// then goes in as it is.
pub(crate) fn converted(bytes: &[u8]) -> Option<Vec<u8>> {
    let frame = frame_to_convert(bytes)?;
    let inverted = frame.inverted;
    let mut decoder = jpeg_decoder::Decoder::new(std::io::Cursor::new(bytes));
    // The limit `inspect` holds figures to, for a cover too (which it
    // does not see): a larger one goes in as it is.
    decoder.set_max_decoding_buffer_size((crate::images::MAX_PIXELS * 4) as usize);
    let pixels = decoder.decode().ok()?;
    let info = decoder.info()?;
    let (width, height) = (info.width, info.height);
    let (data, color) = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => (pixels, jpeg_encoder::ColorType::Luma),
        jpeg_decoder::PixelFormat::RGB24 => (pixels, jpeg_encoder::ColorType::Rgb),
        jpeg_decoder::PixelFormat::CMYK32 => {
            (cmyk_to_rgb(&pixels, inverted), jpeg_encoder::ColorType::Rgb)
        }
        jpeg_decoder::PixelFormat::L16 => return None,
    };
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, QUALITY);
    // The source's own chroma sampling (4:4:4 kept for a drawing's
    // coloured lines, 4:2:0 for a photograph's), averaged, not picked.
    let (h, v) = frame.sampling;
    if let Some(sampling) = jpeg_encoder::SamplingFactor::from_factors(h.max(1), v.max(1)) {
        encoder.set_sampling_factor(sampling);
    }
    encoder.set_chroma_subsampling_method(jpeg_encoder::ChromaSubsamplingMethod::Average);
    encoder.set_optimized_huffman_tables(true);
    // The profile of an RGB or grey picture still describes its pixels
    // (Adobe RGB stays Adobe RGB to a reader that manages colour); a CMYK
    // profile describes none of the new ones, which are sRGB, untagged.
    if frame.components != 4 && !frame.icc.is_empty() {
        encoder.add_icc_profile(&frame.icc).ok()?;
    }
    // EXIF keeps its orientation: a reader that turns a photograph by it
    // turns the new file as it turned the old.
    if let Some(exif) = &frame.exif {
        encoder.add_exif_metadata(exif).ok()?;
    }
    encoder.encode(&data, width, height, color).ok()?;
    Some(out)
}

/// jpeg-decoder's four channels as RGB. It gives ink amounts (0 none,
/// 255 full) for Adobe's inverted files (Photoshop's, nearly every CMYK
/// JPEG) and their complement for the others, whose raw values it
/// inverts: `inverted` (an Adobe marker, as the PDF reads it) says which.
/// Converted without a profile (`r = (1 − c)(1 − k)`), as a browser
/// shows an untagged CMYK JPEG.
fn cmyk_to_rgb(cmyk: &[u8], inverted: bool) -> Vec<u8> {
    let ink = |v: u8| if inverted { v } else { 255 - v };
    let mut rgb = Vec::with_capacity(cmyk.len() / 4 * 3);
    for px in cmyk.chunks_exact(4) {
        let white = 255 - u32::from(ink(px[3]));
        for &v in &px[..3] {
            let channel = (255 - u32::from(ink(v))) * white;
            // Rounded division by 255.
            rgb.push(((channel + 127) / 255) as u8);
        }
    }
    rgb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ink_becomes_light_and_black_dark() {
        // Adobe's (ink amounts): none is white, full black is black,
        // full cyan alone is (0, 255, 255).
        let adobe = cmyk_to_rgb(&[0, 0, 0, 0, 0, 0, 0, 255, 255, 0, 0, 0], true);
        assert_eq!(adobe, [255, 255, 255, 0, 0, 0, 0, 255, 255]);
        // The others' values are the complement.
        let plain = cmyk_to_rgb(&[255, 255, 255, 255, 0, 255, 255, 255], false);
        assert_eq!(plain, [255, 255, 255, 0, 255, 255]);
        // Half black over no ink: mid grey.
        assert_eq!(cmyk_to_rgb(&[0, 0, 0, 128], true), [127, 127, 127]);
    }

    /// A progressive RGB JPEG with a profile and EXIF data comes back
    /// baseline, the profile and EXIF kept; a CMYK one comes back RGB
    /// without its profile; a baseline RGB one is left alone.
    #[test]
    fn conversion_keeps_what_still_describes_the_pixels() {
        let encode = |color, data: &[u8], progressive: bool| {
            let mut out = Vec::new();
            let mut e = jpeg_encoder::Encoder::new(&mut out, 90);
            e.set_progressive(progressive);
            e.add_icc_profile(b"a profile's bytes").unwrap();
            e.add_exif_metadata(b"MM\0*exif").unwrap();
            e.encode(data, 4, 2, color).unwrap();
            out
        };
        let rgb = encode(jpeg_encoder::ColorType::Rgb, &[200; 4 * 2 * 3], true);
        assert!(crate::images::jpeg_frame(&rgb).unwrap().progressive);
        let baseline = converted(&rgb).unwrap();
        let frame = crate::images::jpeg_frame(&baseline).unwrap();
        assert!(!frame.progressive);
        assert_eq!(frame.components, 3);
        assert_eq!(frame.icc, b"a profile's bytes");
        assert_eq!(frame.exif.as_deref(), Some(&b"MM\0*exif"[..]));
        // Built twice, the same bytes.
        assert_eq!(converted(&rgb).unwrap(), baseline);

        let cmyk = encode(jpeg_encoder::ColorType::Cmyk, &[0; 4 * 2 * 4], false);
        assert_eq!(crate::images::jpeg_frame(&cmyk).unwrap().components, 4);
        let frame = crate::images::jpeg_frame(&converted(&cmyk).unwrap()).unwrap();
        assert_eq!(frame.components, 3);
        assert!(frame.icc.is_empty());

        let plain = encode(jpeg_encoder::ColorType::Rgb, &[200; 4 * 2 * 3], false);
        assert!(!needs_converting(&plain));
        assert_eq!(converted(&plain), None);
    }
}
