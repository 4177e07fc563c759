//! The installed monospace face for code's characters the code face lacks (box drawing, arrows, maths), tried before the proportional or CJK `[pdf] fallback-fonts` faces.
//!
//! Inconsolata has no box drawing or arrows; left to the book's fallback
//! faces they come from whatever the author named for other reasons, often
//! a CJK face whose full-width forms look foreign among the code's. A
//! monospace face draws them at the code's own proportions. It is looked
//! for only when a chapter has such a character (reading the system's font
//! folders on every build would cost a plain book time for nothing), and
//! not at all when `[pdf] fallback-fonts` names a monospace face: then the
//! author has chosen, and their order decides.

use std::collections::BTreeMap;

use unicode_width::UnicodeWidthChar;

use crate::model::{FallbackFont, FontFiles};
use crate::sites::CharSites;

/// The monospace face to set code's missing one-column characters in, if
/// one is needed and installed (see the module's notes).
pub fn find(fonts: &FontFiles, sites: &BTreeMap<String, CharSites>) -> Option<FallbackFont> {
    if fonts
        .fallbacks
        .iter()
        .any(|f| crate::fonts::is_monospaced(&f.bytes, f.index))
    {
        return None;
    }
    let wanted = wanted(fonts, sites);
    if wanted.is_empty() {
        return None;
    }
    let dirs = crate::fonts::system_font_dirs();
    let (family, found) =
        crate::fonts::find_installed_with(&crate::fonts::CODE_FALLBACK_FAMILIES, &wanted, &dirs)?;
    crate::fonts::is_font(&found.bytes, found.index).then(|| FallbackFont {
        label: family,
        bytes: std::sync::Arc::new(found.bytes),
        index: found.index,
    })
}

/// The characters of one column in the chapters' sources that the code
/// face lacks: those a monospace fallback would set if they are in code.
/// (The sources say which characters occur, not whether in code: a face
/// found for prose alone is never used, so never embedded.)
fn wanted(fonts: &FontFiles, sites: &BTreeMap<String, CharSites>) -> Vec<char> {
    let code_face = fonts.mono.as_deref().unwrap_or(crate::fonts::MONO);
    let Ok(face) = rustybuzz::ttf_parser::Face::parse(code_face, 0) else {
        return Vec::new();
    };
    let mut wanted: Vec<char> = sites
        .iter()
        .filter(|(file, _)| file.as_str() != "book.toml")
        .flat_map(|(_, s)| s.chars())
        .filter(|c| c.width() == Some(1))
        .filter(|&c| face.glyph_index(c).is_none_or(|g| g.0 == 0))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    wanted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sites(text: &str) -> BTreeMap<String, CharSites> {
        BTreeMap::from([
            ("01.md".to_string(), CharSites::of(text)),
            ("book.toml".to_string(), CharSites::of("title = \"→ ─\"")),
        ])
    }

    #[test]
    fn wants_the_one_column_characters_the_code_face_lacks() {
        let fonts = FontFiles::default();
        // é and “ are Inconsolata's; 中 is wide (a CJK face sets it); the
        // title page's characters are never code.
        assert_eq!(wanted(&fonts, &sites("├── “é” → 中")), vec!['→', '─', '├']);
        assert!(wanted(&fonts, &sites("plain “text”")).is_empty());
    }

    #[test]
    fn a_monospace_face_the_author_names_is_their_choice() {
        let fonts = FontFiles {
            fallbacks: vec![FallbackFont {
                label: "my-mono.otf".into(),
                bytes: std::sync::Arc::new(crate::fonts::MONO.to_vec()),
                index: 0,
            }],
            ..FontFiles::default()
        };
        assert_eq!(find(&fonts, &sites("├── a → b")), None);
    }
}
