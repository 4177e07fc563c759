//! Cross references as Quarto and Typst write them, `@fig-map`, `@tbl-rates`, `@sec-tolls`, `@eq-sum`: found in a paragraph's text and made empty links to that id, which `links.rs` looks for anywhere in the book.
//!
//! Only Quarto's prefixes are read (`thm-`, `lem-`… for theorems too), so an `@handle` or an
//! address (`ann@fig-tree.org`: the `@` follows a letter) stays text.

use super::builder::Builder;
use super::FoundLink;
use crate::model::{Inline, LinkTarget};

/// The prefixes of the ids a cross reference may name: Quarto's for
/// figures, tables, sections, equations, listings and its theorems.
pub(super) const PREFIXES: [&str; 15] = [
    "fig-", "tbl-", "sec-", "eq-", "lst-", "thm-", "lem-", "cor-", "prp-", "cnj-", "def-", "exm-",
    "exr-", "sol-", "rem-",
];

/// The byte ranges of the cross references in `text` (the `@` included).
pub fn find(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    // Most texts hold no `@`: one byte search, not a walk by characters.
    if !text.contains('@') {
        return out;
    }
    let mut prev: Option<char> = None;
    for (at, c) in text.char_indices() {
        let starts = c == '@'
            && !prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '@' | '_' | '.' | '-'));
        prev = Some(c);
        if !starts {
            continue;
        }
        let rest = &text[at + 1..];
        if !PREFIXES.iter().any(|p| rest.starts_with(p)) {
            continue;
        }
        let len = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '-' | '_')))
            .map_or(rest.len(), |(i, _)| i);
        // A sentence's hyphen or underscore after it is not the id's.
        let id = rest[..len].trim_end_matches(['-', '_']);
        if PREFIXES
            .iter()
            .any(|p| id.len() > p.len() && id.starts_with(p))
        {
            out.push(at..at + 1 + id.len());
        }
    }
    out
}

/// `inlines` with each cross reference in their text (not in a link's
/// words, nor in code) that `take` takes made an empty link to `@id`;
/// `take` is asked of each, as written, in reading order.
pub(super) fn split(inlines: Vec<Inline>, take: &mut dyn FnMut(&str) -> bool) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match inline {
            Inline::Text { text } => {
                let refs: Vec<_> = find(&text)
                    .into_iter()
                    .filter(|r| take(&text[r.clone()]))
                    .collect();
                if refs.is_empty() {
                    out.push(Inline::Text { text });
                    continue;
                }
                let mut from = 0;
                for r in refs {
                    if r.start > from {
                        out.push(Inline::Text {
                            text: text[from..r.start].to_string(),
                        });
                    }
                    out.push(Inline::Link {
                        target: LinkTarget::External {
                            url: text[r.clone()].to_string(),
                        },
                        content: Vec::new(),
                    });
                    from = r.end;
                }
                if from < text.len() {
                    out.push(Inline::Text {
                        text: text[from..].to_string(),
                    });
                }
            }
            Inline::Link { .. } | Inline::Code { .. } => out.push(inline),
            mut other => {
                if let Some(children) = other.children_mut() {
                    *children = split(std::mem::take(children), take);
                }
                out.push(other);
            }
        }
    }
    out
}

impl Builder<'_> {
    /// Makes the cross references of a block's inlines (from `from` on
    /// in the source) empty links, listed with the links at their places.
    pub(super) fn cross_references(&mut self, inlines: Vec<Inline>, from: usize) -> Vec<Inline> {
        let source = self.text;
        let mut cursor = from.min(source.len());
        let mut taken = Vec::new();
        let inlines = split(inlines, &mut |dest| {
            // Where it is written: the next such text from the block's
            // start on (Markdown does not split a reference).
            let at = source
                .get(cursor..)
                .and_then(|rest| rest.find(dest))
                .map(|i| cursor + i);
            if let Some(at) = at {
                cursor = at + dest.len();
            }
            // `\@fig-map` is the text "@fig-map".
            let escaped = at.is_some_and(|at| at > 0 && source.as_bytes()[at - 1] == b'\\');
            if !escaped {
                taken.push((dest.to_string(), at.unwrap_or(from)));
            }
            !escaped
        });
        for (dest, at) in taken {
            let span = self.span(at);
            let place = self
                .links
                .partition_point(|l| (l.span.line, l.span.col) <= (span.line, span.col));
            self.links.insert(
                place,
                FoundLink {
                    dest,
                    span,
                    empty: true,
                },
            );
        }
        inlines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn quartos_prefixes_alone_and_never_inside_a_word_or_address() {
        assert_eq!(
            found("As @fig-map shows (and @tbl-rates_2), see @sec-tolls."),
            ["@fig-map", "@tbl-rates_2", "@sec-tolls"]
        );
        assert_eq!(found("@fig-карта, then"), ["@fig-карта"]);
        assert_eq!(found("By @eq-sum, n is even."), ["@eq-sum"]);
        // A hyphen ending the sentence's word is not the id's.
        assert_eq!(found("@fig-a- and @fig-b_"), ["@fig-a", "@fig-b"]);
        for none in [
            "ann@fig-tree.org",
            "@figure",
            "@fig- alone",
            "@equation",
            "@@fig-x",
            "x.@fig-y",
            "@handle",
        ] {
            assert!(found(none).is_empty(), "{none}");
        }
    }

    #[test]
    fn a_reference_becomes_an_empty_link_between_its_texts() {
        let text = |t: &str| Inline::Text { text: t.into() };
        let link = |url: &str| Inline::Link {
            target: LinkTarget::External { url: url.into() },
            content: Vec::new(),
        };
        let mut refs = Vec::new();
        let mut take = |r: &str| {
            refs.push(r.to_string());
            // As an escaped `\@fig-b` is not taken.
            r != "@fig-b"
        };
        let out = split(
            vec![
                text("See @fig-map and @fig-b "),
                Inline::Emphasis {
                    content: vec![text("@tbl-a")],
                },
                Inline::Code {
                    text: "@fig-code".into(),
                },
                link("#x"),
            ],
            &mut take,
        );
        assert_eq!(refs, ["@fig-map", "@fig-b", "@tbl-a"]);
        assert_eq!(
            out,
            [
                text("See "),
                link("@fig-map"),
                text(" and @fig-b "),
                Inline::Emphasis {
                    content: vec![link("@tbl-a")],
                },
                Inline::Code {
                    text: "@fig-code".into()
                },
                link("#x"),
            ]
        );
    }
}
