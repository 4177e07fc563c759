//! Theorem-like fences as Quarto writes them: `::: {#thm-x name="…"}` (numbered by its id's prefix), `::: {.proof}`, `::: {.lemma}` (unnumbered), and the warning for an id whose prefix is a near miss (`#thrm-x`).

use std::path::Path;

use super::callouts::{attribute_words, CalloutFence};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{CalloutKind, TheoremKind};

/// Quarto's prefixes of the other things a div or a block may name,
/// never read as a theorem's near miss.
const OTHER_PREFIXES: [&str; 5] = ["fig", "tbl", "lst", "eq", "sec"];

/// The prefixes, for hints: "`#thm-`, `#lem-`, …".
fn prefix_list() -> String {
    TheoremKind::ALL
        .iter()
        .filter_map(|k| k.prefix())
        .map(|p| format!("`#{p}-`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The kind an id's prefix that is none of Quarto's most likely means:
/// a letter off one (`thrm`, `defn`, `prop`) or a kind's name
/// (`theorem`, `lemma`).
fn near_prefix(typed: &str) -> Option<TheoremKind> {
    let lower = typed.to_lowercase();
    if OTHER_PREFIXES.contains(&lower.as_str()) {
        return None;
    }
    if let Some(kind) = TheoremKind::from_name(&lower).filter(|k| k.prefix().is_some()) {
        return Some(kind);
    }
    let prefixes = TheoremKind::ALL.iter().filter_map(|k| k.prefix());
    TheoremKind::from_prefix(crate::diagnostics::nearest(&lower, prefixes)?)
}

/// A theorem fence's class and attributes, as `fences.rs` hands them
/// (braces and first dot taken off): `Some` when it is one. `at` is the
/// fence's line and the column its line starts at, as for a callout.
pub(super) fn fence(
    class: &str,
    line: &str,
    at: (u32, u32),
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<CalloutFence> {
    let words = attribute_words(class);
    let column =
        |word: &str| at.1 + line.find(word).map_or(0, |i| line[..i].chars().count()) as u32;
    let id = words.iter().find_map(|w| w.strip_prefix('#'));
    // Numbered: an id with a kind's prefix (Quarto's only rule).
    let by_id = id.and_then(|id| {
        let (prefix, rest) = id.split_once('-')?;
        TheoremKind::from_prefix(prefix).filter(|_| !rest.is_empty())
    });
    let by_class = words
        .iter()
        .map(|w| w.trim_start_matches('.'))
        .find_map(TheoremKind::from_name);
    let kind = match (by_id, by_class) {
        (Some(kind), _) => kind,
        (None, Some(kind)) => kind,
        (None, None) => {
            // An id that looks meant for one: said, and set as the kind
            // it is nearest, unnumbered.
            let id = id?;
            let (prefix, rest) = id.split_once('-')?;
            let kind = near_prefix(prefix).filter(|_| !rest.is_empty())?;
            let suggested = kind.prefix().unwrap_or("thm");
            diags.push(
                Diagnostic::warning(
                    file,
                    at.0,
                    column(id) - 1,
                    format!("unknown theorem prefix `{prefix}-` in `#{id}`; it is set as an unnumbered {}", kind.name()),
                )
                .with_hint(format!(
                    "did you mean `#{suggested}-{rest}`? the prefixes are {} (Quarto's)",
                    prefix_list()
                )),
            );
            kind
        }
    };
    let mut name = None;
    for word in &words {
        let bare = word.trim_start_matches('.');
        if word.starts_with('#') || TheoremKind::from_name(bare).is_some() {
            continue;
        }
        let (key, value) = super::callouts::attribute(word);
        match key {
            "name" | "title" if name.is_none() => name = Some(value.to_string()),
            _ => diags.push(
                Diagnostic::warning(
                    file,
                    at.0,
                    column(word),
                    format!("`{word}` is not read on a theorem; it is left out"),
                )
                .with_hint("a theorem takes its id (`#thm-…`, which numbers it) and `name=\"…\"`"),
            ),
        }
    }
    Some(CalloutFence {
        kind: CalloutKind::Note,
        title: name,
        theorem: Some((kind, id.map(str::to_string))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fence's kind, id and name, if a theorem's.
    type Read = Option<(TheoremKind, Option<String>, Option<String>)>;

    fn read(class: &str) -> (Read, Vec<String>) {
        let mut diags = Diagnostics::default();
        let line = format!("::: {{{class}}}");
        let got = fence(
            class.trim_start_matches('.'),
            &line,
            (4, 1),
            Path::new("ch.md"),
            &mut diags,
        );
        let said = diags.items().iter().map(|d| d.to_string()).collect();
        (
            got.map(|f| {
                let (kind, id) = f.theorem.unwrap();
                (kind, id, f.title)
            }),
            said,
        )
    }

    #[test]
    fn quartos_prefixes_number_and_classes_do_not() {
        let (got, said) = read("#thm-pythagoras name=\"Pythagoras\"");
        assert_eq!(
            got,
            Some((
                TheoremKind::Theorem,
                Some("thm-pythagoras".into()),
                Some("Pythagoras".into())
            ))
        );
        assert!(said.is_empty(), "{said:?}");
        for (class, kind) in [
            ("#lem-a", TheoremKind::Lemma),
            ("#cor-a", TheoremKind::Corollary),
            ("#prp-a", TheoremKind::Proposition),
            ("#cnj-a", TheoremKind::Conjecture),
            ("#def-a", TheoremKind::Definition),
            ("#exm-a", TheoremKind::Example),
            ("#exr-a", TheoremKind::Exercise),
            ("#sol-a", TheoremKind::Solution),
            ("#rem-a", TheoremKind::Remark),
            (".proof", TheoremKind::Proof),
            (".remark", TheoremKind::Remark),
            ("proof #prf-main", TheoremKind::Proof),
        ] {
            assert_eq!(read(class).0.map(|g| g.0), Some(kind), "{class}");
        }
        assert_eq!(read(".proof").0.unwrap().1, None);
    }

    #[test]
    fn other_divs_are_not_theorems() {
        for class in ["synopsis", "#fig-map", "#sec-x", "#intro", "#thm-", "note"] {
            let (got, said) = read(class);
            assert_eq!(got, None, "{class}");
            assert!(said.is_empty(), "{class}: {said:?}");
        }
    }

    #[test]
    fn a_near_prefix_is_told_with_quartos() {
        let (got, said) = read("#thrm-euclid");
        assert_eq!(got.map(|g| g.0), Some(TheoremKind::Theorem));
        assert_eq!(
            said,
            ["ch.md:4:6: warning: unknown theorem prefix `thrm-` in `#thrm-euclid`; it is set as an unnumbered theorem\n  \
              hint: did you mean `#thm-euclid`? the prefixes are `#thm-`, `#lem-`, `#cor-`, `#prp-`, `#cnj-`, `#def-`, `#exm-`, `#exr-`, `#sol-`, `#rem-` (Quarto's)"]
        );
        assert_eq!(read("#lemma-a").0.map(|g| g.0), Some(TheoremKind::Lemma));
        assert_eq!(
            read("#defn-a").0.map(|g| g.0),
            Some(TheoremKind::Definition)
        );
    }

    #[test]
    fn an_attribute_not_read_is_told() {
        let (_, said) = read("#thm-a collapse=true");
        assert_eq!(said.len(), 1);
        assert!(said[0].contains("`collapse=true` is not read on a theorem"));
    }
}
