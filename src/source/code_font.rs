//! The installed monospace face for code's characters the code face lacks (box drawing, arrows, maths), tried before the proportional or CJK `[pdf] fallback-fonts` faces.
//!
//! Inconsolata has no box drawing or arrows; left to the book's fallback
//! faces they come from whatever the author named for other reasons, often
//! a CJK face whose full-width forms look foreign among the code's. A
//! monospace face draws them at the code's own proportions. It is looked
//! for only when a chapter's code has such a character (reading the
//! system's font folders on every build would cost a plain book time for
//! nothing: 3 ms of the first book's 44 ms, for its em dashes), and
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

/// The characters of one column the chapters set as code and the code
/// face lacks: those a monospace fallback would set. (Prose's characters
/// never send the build to the system's font folders: an em dash, which
/// Inconsolata lacks, is in most books and never in their code.)
fn wanted(fonts: &FontFiles, sites: &BTreeMap<String, CharSites>) -> Vec<char> {
    let code_face = fonts.mono.as_deref().unwrap_or(crate::fonts::MONO);
    let Ok(face) = rustybuzz::ttf_parser::Face::parse(code_face, 0) else {
        return Vec::new();
    };
    let mut wanted: Vec<char> = sites
        .values()
        .flat_map(|s| s.code_chars())
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

    /// A chapter of `prose` and a code block of `code`, and a title page.
    fn sites(prose: &str, code: &str) -> BTreeMap<String, CharSites> {
        let text = format!("{prose}\n\n```\n{code}\n```\n");
        let mut diags = crate::diagnostics::Diagnostics::new();
        let parsed =
            crate::markdown::parse_chapter(&text, std::path::Path::new("01.md"), &mut diags)
                .expect("parses");
        BTreeMap::from([
            (
                "01.md".to_string(),
                CharSites::of(&text).with_code(&parsed.blocks),
            ),
            ("book.toml".to_string(), CharSites::of("title = \"→ ─\"")),
        ])
    }

    #[test]
    fn wants_the_one_column_characters_of_code_the_code_face_lacks() {
        let fonts = FontFiles::default();
        // é and “ are Inconsolata's; 中 is wide (a CJK face sets it); the
        // title page's characters and prose's are never code.
        assert_eq!(
            wanted(&fonts, &sites("", "├── “é” → 中")),
            vec!['→', '─', '├']
        );
        assert!(wanted(&fonts, &sites("", "plain “text”")).is_empty());
        assert!(
            wanted(&fonts, &sites("An em dash — and → in prose", "let x = 1;")).is_empty(),
            "Inconsolata lacks the em dash, but it is not in code"
        );
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
        assert_eq!(find(&fonts, &sites("", "├── a → b")), None);
    }
}
