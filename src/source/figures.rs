//! Figure images: resolving an image reference to a file in the book folder, reading and checking each file once, and naming its asset by content.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::images;
use crate::model::{Block, Chapter, FontFiles, ImageAsset, ImageRef, Span};

use super::{safe_join, unsafe_relative_path};

/// The path of an image `src` written in chapter `chapter_file`, relative
/// to the book folder: resolved from the chapter's folder, `%XX` escapes
/// decoded, `.` and `..` applied. Why not, if it cannot be used.
pub fn image_path(chapter_file: &str, src: &str) -> Result<String, &'static str> {
    let src = percent_decode(src.trim());
    let lower = src.to_ascii_lowercase();
    let scheme = lower.split_once(':').is_some_and(|(s, _)| {
        s.len() > 1
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if scheme {
        return Err("is not a file in the book folder");
    }
    if src.is_empty() {
        return Err("is empty");
    }
    if src.starts_with('/') || src.contains(['\\', ':', '\0']) {
        return Err("is an absolute path or holds `\\`, `:` or NUL");
    }
    let mut parts: Vec<&str> = chapter_file.split('/').collect();
    parts.pop(); // the chapter's own name
    for part in src.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("leaves the book folder (`..`)");
                }
            }
            p => parts.push(p),
        }
    }
    let path = parts.join("/");
    match unsafe_relative_path(&path) {
        Some(why) => Err(why),
        None => Ok(path),
    }
}

/// `%20` and other escapes in a link target, decoded when they make UTF-8.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// A key for an image's bytes: the first file's stem and a hash of the
/// content, so equal files share one key and the key can name a file.
fn image_key(path: &str, bytes: &[u8]) -> String {
    let stem = path.rsplit('/').next().unwrap_or(path);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let mut clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if !clean.starts_with(|c: char| c.is_ascii_alphabetic()) {
        clean.insert_str(0, "image-");
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{clean}-{h:016x}")
}

/// Reads and checks every figure's image, each file once, and sets each
/// figure's `path` and `asset`. Files with equal content become one asset.
/// Every problem is an error at the figure's position in its chapter.
/// Returns the assets, and each image path's asset key (for
/// [`set_assets`]).
pub(super) fn load_images(
    dir: &Path,
    chapters: &mut [Chapter],
    fonts: &FontFiles,
    diags: &mut Diagnostics,
) -> (BTreeMap<String, ImageAsset>, BTreeMap<String, String>) {
    let mut assets: BTreeMap<String, ImageAsset> = BTreeMap::new();
    // path → the asset key, or why the file cannot be used.
    let mut by_path: BTreeMap<String, Result<String, (String, String)>> = BTreeMap::new();
    for chapter in chapters.iter_mut() {
        let display = dir.join(&chapter.file);
        for_each_figure(chapter, &mut |file, image, span| {
            let fail = |diags: &mut Diagnostics, message: String, hint: String| {
                diags.push(
                    Diagnostic::error(&display, span.line, span.col, message).with_hint(hint),
                );
            };
            let path = match image_path(file, &image.src) {
                Ok(p) => p,
                Err(why) => {
                    fail(
                        diags,
                        format!("image `{}` {why}", image.src),
                        "images are files inside the book folder, named relative to the chapter"
                            .into(),
                    );
                    return;
                }
            };
            let outcome = by_path
                .entry(path.clone())
                .or_insert_with(|| read_image(dir, &path, fonts, &mut assets));
            match outcome {
                Ok(key) => {
                    image.path = path;
                    image.asset = key.clone();
                }
                Err((message, hint)) => fail(
                    diags,
                    format!("image `{}`: {message}", image.src),
                    hint.clone(),
                ),
            }
        });
    }
    let keys = by_path
        .into_iter()
        .filter_map(|(path, key)| Some((path, key.ok()?)))
        .collect();
    (assets, keys)
}

/// Sets each figure's `path` and `asset` as [`load_images`] did, from the
/// asset `keys` by path it returned; false if a figure's image is not
/// among them (the text is not the one the images were read for).
pub(super) fn set_assets(chapter: &mut Chapter, keys: &BTreeMap<String, String>) -> bool {
    let mut all_found = true;
    for_each_figure(chapter, &mut |file, image, _| {
        let key = image_path(file, &image.src)
            .ok()
            .and_then(|path| Some((keys.get(&path)?, path)));
        match key {
            Some((key, path)) => {
                image.path = path;
                image.asset = key.clone();
            }
            None => all_found = false,
        }
    });
    all_found
}

/// Calls `f` on every figure of `chapter` (body and notes, at any depth)
/// with the chapter's file, the figure's image and its position.
fn for_each_figure(chapter: &mut Chapter, f: &mut dyn FnMut(&str, &mut ImageRef, Span)) {
    let file = chapter.file.as_str();
    let notes = chapter.notes.iter_mut().flat_map(|n| n.blocks.iter_mut());
    for block in chapter.blocks.iter_mut().chain(notes) {
        block.walk_mut(&mut |b| {
            if let Block::Figure { image, span, .. } = b {
                f(file, image, *span);
            }
        });
    }
}

/// Reads one image file and checks it; its asset key, shared with an
/// earlier file of equal content.
fn read_image(
    dir: &Path,
    path: &str,
    fonts: &FontFiles,
    assets: &mut BTreeMap<String, ImageAsset>,
) -> Result<String, (String, String)> {
    let full = safe_join(dir, path).map_err(|why| {
        (
            why.to_string(),
            "images are files inside the book folder".to_string(),
        )
    })?;
    let bytes = fs::read(&full).map_err(|e| {
        let message = if e.kind() == std::io::ErrorKind::NotFound {
            format!("not found (looked for {})", full.display())
        } else {
            format!("cannot read {}: {e}", full.display())
        };
        (
            message,
            "check the file name and its folder, relative to the chapter".to_string(),
        )
    })?;
    // A drawing is kept as usvg rewrote it: equal rewrites share a key.
    let (bytes, info) = if images::is_svg(path, &bytes) {
        let drawing = crate::svg::normalise(&bytes, fonts).map_err(|e| (e.message, e.hint))?;
        let info = images::ImageInfo {
            format: crate::model::ImageFormat::Svg,
            width: drawing.width.round().max(1.0) as u32,
            height: drawing.height.round().max(1.0) as u32,
        };
        (drawing.bytes, info)
    } else {
        let info = images::inspect(path, &bytes).map_err(|e| (e.message, e.hint))?;
        (bytes, info)
    };
    let key = image_key(path, &bytes);
    if let Some(same) = assets.iter().find(|(k, a)| {
        k.ends_with(&key[key.len() - 16..]) && a.bytes.as_slice() == bytes.as_slice()
    }) {
        return Ok(same.0.clone());
    }
    assets.insert(
        key.clone(),
        ImageAsset {
            bytes: Arc::new(bytes),
            format: info.format,
            width: info.width,
            height: info.height,
            path: path.to_string(),
        },
    );
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_paths_resolve_from_the_chapter() {
        assert_eq!(
            image_path("ch/one.md", "img/a.png").unwrap(),
            "ch/img/a.png"
        );
        assert_eq!(
            image_path("ch/one.md", "../img/a%20b.png").unwrap(),
            "img/a b.png"
        );
        assert_eq!(image_path("one.md", "./a.png").unwrap(), "a.png");
        assert!(image_path("one.md", "../a.png").is_err());
        assert!(image_path("ch/one.md", "../../a.png").is_err());
        assert!(image_path("one.md", "/etc/a.png").is_err());
        assert!(image_path("one.md", "https://example.org/a.png").is_err());
        assert!(image_path("one.md", "C:\\a.png").is_err());
        assert!(image_path("one.md", "").is_err());
    }

    #[test]
    fn equal_files_share_a_key() {
        assert_eq!(image_key("a/map.png", b"x"), image_key("a/map.png", b"x"));
        assert_ne!(image_key("a/map.png", b"x"), image_key("a/map.png", b"y"));
        assert!(image_key("a/1 map.PNG", b"x").starts_with("image-1-map-"));
    }
}
