//! The default font family (EB Garamond 12, SIL OFL 1.1) and the code face
//! (Inconsolata, SIL OFL 1.0), embedded by build.rs; and finding an
//! installed font by family name, for `[pdf] fallback-fonts`.

use std::path::{Path, PathBuf};

use rustybuzz::ttf_parser;

include!(concat!(env!("OUT_DIR"), "/embedded_fonts.rs"));

/// Family name of the embedded faces.
pub const FAMILY: &str = "EB Garamond";

/// Family name of the embedded monospace face, for code.
pub const MONO_FAMILY: &str = "Inconsolata";

/// Whether face `index` of `bytes` is a font the shaper can use.
pub fn is_font(bytes: &[u8], index: u32) -> bool {
    ttf_parser::Face::parse(bytes, index).is_ok()
}

/// An installed font file and the face in it that has the family asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Installed {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub index: u32,
}

/// Where fonts are installed on Unix systems (fontconfig's defaults), in
/// the order they are searched.
pub fn system_font_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![
        PathBuf::from("/usr/share/fonts"),
        PathBuf::from("/usr/local/share/fonts"),
    ];
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
    }
    dirs
}

/// Finds the upright, regular-weight face of `family` among the fonts in
/// `dirs` (searched recursively). Deterministic for a given set of
/// installed files: candidates are visited in sorted path order, and the
/// face nearest to upright weight 400 wins, ties to the first path.
/// File names are used only to try likely files first (`NotoSerifCJK-…`
/// for "Noto Serif CJK SC"); the family name in the font decides.
pub fn find_installed(family: &str, dirs: &[PathBuf]) -> Option<Installed> {
    let files = font_files(dirs);
    best_face(family, &likely_files(family, &files))
        .or_else(|| best_face(family, &files.iter().collect::<Vec<_>>()))
}

/// Monospace families tried for code's characters the code face lacks
/// (box drawing, arrows, maths), widest coverage first; all OFL or
/// similarly free, from Debian's `fonts-dejavu-core`, `fonts-noto-mono`
/// and `fonts-liberation`.
pub const CODE_FALLBACK_FAMILIES: [&str; 3] =
    ["DejaVu Sans Mono", "Noto Sans Mono", "Liberation Mono"];

/// The first of `families` installed in `dirs` whose face has any of
/// `wanted`, with its family name. Only files whose names suggest a family
/// are read: this runs unasked, and reading every installed font (a CJK
/// collection is 20 MB) for a family that is not there costs too much.
pub fn find_installed_with(
    families: &[&str],
    wanted: &[char],
    dirs: &[PathBuf],
) -> Option<(String, Installed)> {
    let files = font_files(dirs);
    families.iter().find_map(|family| {
        let found = best_face(family, &likely_files(family, &files))?;
        let face = ttf_parser::Face::parse(&found.bytes, found.index).ok()?;
        let useful = wanted
            .iter()
            .any(|&c| face.glyph_index(c).is_some_and(|g| g.0 != 0));
        useful.then(|| (family.to_string(), found))
    })
}

/// Whether face `index` of `bytes` is monospaced: it says so
/// (`post.isFixedPitch`), or its `i`, `M`, `W`, `0` and `.` share one
/// advance (Inconsolata does not set the flag).
pub fn is_monospaced(bytes: &[u8], index: u32) -> bool {
    let Ok(face) = ttf_parser::Face::parse(bytes, index) else {
        return false;
    };
    let advance = |c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g));
    let advances: Vec<Option<u16>> = ['i', 'M', 'W', '0', '.'].into_iter().map(advance).collect();
    face.is_monospaced()
        || (advances[0].is_some_and(|a| a > 0) && advances.iter().all(|a| *a == advances[0]))
}

/// Every font file under `dirs`, sorted.
fn font_files(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in dirs {
        collect_font_files(dir, &mut files, 0);
    }
    files.sort();
    files.dedup();
    files
}

/// The files whose names suggest `family` (`NotoSerifCJK-…` for "Noto Serif CJK SC").
fn likely_files<'f>(family: &str, files: &'f [PathBuf]) -> Vec<&'f PathBuf> {
    let wanted = squash(family);
    files
        .iter()
        .filter(|p| {
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let stem = squash(stem.split('-').next().unwrap_or(stem));
            !stem.is_empty() && (wanted.starts_with(&stem) || stem.starts_with(&wanted))
        })
        .collect()
}

fn best_face(family: &str, files: &[&PathBuf]) -> Option<Installed> {
    let mut best: Option<((bool, u16), Installed)> = None;
    for path in files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let count = ttf_parser::fonts_in_collection(&bytes).unwrap_or(1);
        for index in 0..count {
            let Ok(face) = ttf_parser::Face::parse(&bytes, index) else {
                continue;
            };
            if !has_family(&face, family) {
                continue;
            }
            let score = (face.is_italic(), face.weight().to_number().abs_diff(400));
            if best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((
                    score,
                    Installed {
                        path: (*path).clone(),
                        bytes: bytes.clone(),
                        index,
                    },
                ));
            }
        }
    }
    best.map(|(_, found)| found)
}

fn has_family(face: &ttf_parser::Face<'_>, family: &str) -> bool {
    face.names().into_iter().any(|n| {
        (n.name_id == ttf_parser::name_id::FAMILY
            || n.name_id == ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
            && n.to_string()
                .is_some_and(|s| s.eq_ignore_ascii_case(family))
    })
}

/// Lower case without spaces, hyphens or underscores: "Noto Serif CJK SC" → "notoserifcjksc".
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn collect_font_files(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    // Font trees are shallow; the limit guards against link cycles.
    if depth > 8 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_font_files(&path, out, depth + 1);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["ttf", "otf", "ttc", "otc"].contains(&e.to_ascii_lowercase().as_str())
        }) {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_faces_are_truetype() {
        for face in [
            super::REGULAR,
            super::ITALIC,
            super::BOLD,
            super::SMALL_CAPS,
        ] {
            assert_eq!(&face[..4], &[0, 1, 0, 0], "not a TrueType file");
        }
        assert_eq!(&super::MONO[..4], b"OTTO", "not an OpenType (CFF) file");
    }

    #[test]
    fn finds_a_family_by_its_name_not_its_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("truetype/ebgaramond");
        std::fs::create_dir_all(&nested).unwrap();
        // Misleading file names: the name table decides.
        std::fs::write(nested.join("Zzz-Bold.ttf"), super::BOLD).unwrap();
        std::fs::write(nested.join("Zzz-Regular.ttf"), super::REGULAR).unwrap();
        std::fs::write(nested.join("Zzz-Italic.ttf"), super::ITALIC).unwrap();
        std::fs::write(nested.join("broken.ttf"), b"not a font").unwrap();
        let dirs = [dir.path().to_path_buf()];
        let found = find_installed("eb garamond 12", &dirs).expect("found");
        assert_eq!(found.path, nested.join("Zzz-Regular.ttf"));
        assert_eq!(found.index, 0);
        assert!(find_installed("No Such Family", &dirs).is_none());
    }

    #[test]
    fn a_code_fallback_is_an_installed_family_that_has_a_wanted_character() {
        let dir = tempfile::tempdir().unwrap();
        // EB Garamond stands in for a monospace face: it has arrows, not box drawing.
        std::fs::write(dir.path().join("EBGaramond12-Regular.ttf"), super::REGULAR).unwrap();
        let dirs = [dir.path().to_path_buf()];
        let families = ["No Such Mono", "EB Garamond 12"];
        let (family, found) = find_installed_with(&families, &['─', '→'], &dirs).expect("found");
        assert_eq!((family.as_str(), found.index), ("EB Garamond 12", 0));
        assert!(
            find_installed_with(&families, &['─'], &dirs).is_none(),
            "has none of them"
        );
        // Only files named like the family are read.
        std::fs::rename(
            dir.path().join("EBGaramond12-Regular.ttf"),
            dir.path().join("x.ttf"),
        )
        .unwrap();
        assert!(find_installed_with(&families, &['→'], &dirs).is_none());
        assert!(is_monospaced(super::MONO, 0) && !is_monospaced(super::REGULAR, 0));
    }

    #[test]
    fn squash_keeps_letters_and_digits() {
        assert_eq!(squash("Noto Serif CJK SC"), "notoserifcjksc");
        assert_eq!(squash("EB_Garamond-12"), "ebgaramond12");
    }
}
