//! `[pdf] fallback-fonts` entries read: a font file in the book folder or
//! an installed family, each checked to be a font where book.toml names it.

use std::fs;
use std::path::Path;

use super::safe_join;
use crate::config;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// One `[pdf] fallback-fonts` entry: a font file in the book folder (a
/// path: it has a `/` or a font file's extension), else the family name of
/// an installed font. A file that cannot be read or is not a font, and a
/// family that is not installed, are errors at the entry.
pub(super) fn fallback_font(
    dir: &Path,
    entry: &toml::Spanned<String>,
    toml_text: &str,
    toml_path: &Path,
    diags: &mut Diagnostics,
) -> Option<crate::model::FallbackFont> {
    let (line, col) = config::line_col(toml_text, entry.span().start);
    let name = entry.get_ref();
    let lower = name.to_ascii_lowercase();
    let is_path = name.contains('/')
        || [".ttf", ".otf", ".ttc", ".otc"]
            .iter()
            .any(|ext| lower.ends_with(ext));
    let found = if is_path {
        safe_join(dir, name)
            .map_err(|why| why.to_string())
            .and_then(|p| fs::read(&p).map_err(|e| e.to_string()))
            .map(|bytes| (bytes, 0))
            .map_err(|why| {
                Diagnostic::error(toml_path, line, col, format!("fallback font {name:?}: {why}"))
                    .with_hint("give a .ttf, .otf or .ttc file inside the book folder, relative to book.toml, or the family name of an installed font")
            })
    } else {
        crate::fonts::find_installed(name, &crate::fonts::system_font_dirs())
            .map(|f| (f.bytes, f.index))
            .ok_or_else(|| {
                Diagnostic::error(
                    toml_path,
                    line,
                    col,
                    format!("fallback font {name:?}: no installed font has this family name"),
                )
                .with_hint("install the font (e.g. Debian's fonts-noto-core, fonts-noto-cjk), check the name with `fc-list : family`, or give a font file inside the book folder")
            })
    };
    match found {
        Ok((bytes, index)) if crate::fonts::is_font(&bytes, index) => {
            Some(crate::model::FallbackFont {
                label: name.clone(),
                bytes: std::sync::Arc::new(bytes),
                index,
            })
        }
        Ok(_) => {
            diags.push(
                Diagnostic::error(
                    toml_path,
                    line,
                    col,
                    format!("fallback font {name:?} is not a TrueType or OpenType font"),
                )
                .with_hint("give a .ttf, .otf or .ttc file"),
            );
            None
        }
        Err(d) => {
            diags.push(d);
            None
        }
    }
}
