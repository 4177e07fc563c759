//! `[math]` in book.toml: the book's own TeX commands (`macros`), each definition checked where it is written.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

use crate::math::Macros;

/// `[math]`: `macros = { RR = "\\mathbb{R}", norm = "\\left\\lVert #1 \\right\\rVert" }`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MathConfig {
    /// Name (letters, no backslash) → what it stands for; `#1`…`#9` its
    /// arguments, as many as the highest used.
    #[serde(default)]
    pub macros: BTreeMap<Spanned<String>, Spanned<String>>,
}

impl MathConfig {
    /// The macros, those whose definition is bad left out (validation
    /// has refused the book already).
    pub fn macros(&self) -> Macros {
        let mut macros = Macros::default();
        for (name, body) in &self.macros {
            let _ = macros.define(name.get_ref(), body.get_ref());
        }
        macros
    }

    /// The first bad definition: where it is written, why, what to write.
    pub(super) fn check(&self) -> Option<(std::ops::Range<usize>, String, String)> {
        self.macros.iter().find_map(|(name, body)| {
            crate::math::check_macro(name.get_ref(), body.get_ref())
                .err()
                .map(|bad| {
                    let span = if name.get_ref().bytes().all(|b| b.is_ascii_alphabetic())
                        && !name.get_ref().is_empty()
                    {
                        body.span()
                    } else {
                        name.span()
                    };
                    (span, format!("[math] macros: {}", bad.message), bad.hint)
                })
        })
    }
}
