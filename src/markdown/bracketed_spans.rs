//! Pandoc's bracketed spans, `[words]{lang=fr}` and `[words]{.smallcaps}`: found in a block's inlines and made the language span or the small capitals the HTML forms (`<span lang="fr">`, `<span class="smallcaps">`) make.
//!
//! CommonMark reads them as text, brackets and braces included, with
//! whatever markup the words hold between. A span runs from a `[` to the
//! `]` that balances it, within one run of inlines, and its `{…}` must
//! follow the `]` at once. Read: `.smallcaps`, `lang=…` (a BCP 47 tag,
//! quoted or not) and `dir=ltr|rtl|auto`; any other class, id or key is
//! not, and such a span is set as its words alone, with a warning. A `[…]`
//! with no `{` after it is text, as before.

use super::builder::Builder;
use super::inlines::is_language_tag;
use crate::model::Inline;

/// What a span's `{…}` asks for.
#[derive(Debug, Default, PartialEq, Eq)]
struct Attributes {
    lang: Option<String>,
    dir: Option<String>,
    small_caps: bool,
    /// What it holds that bookpack does not read (`.underline`, `#id`).
    unread: Vec<String>,
}

/// Reads `{…}` at the start of `text`: the attributes and the bytes the
/// braces take; `None` when `text` does not open with a well-formed one
/// (`{` alone, or a word that is not an attribute: `{see below}`).
fn attributes(text: &str) -> Option<(Attributes, usize)> {
    let inner_end = text.strip_prefix('{')?.find('}')?;
    let inner = &text[1..1 + inner_end];
    let mut out = Attributes::default();
    for token in inner.split_whitespace() {
        if let Some(class) = token.strip_prefix('.') {
            if class == "smallcaps" {
                out.small_caps = true;
            } else {
                out.unread.push(token.to_string());
            }
        } else if token.starts_with('#') {
            out.unread.push(token.to_string());
        } else if let Some((key, value)) = token.split_once('=') {
            // Quoted, its quotes made curly by now (smart punctuation).
            let value = value.trim_matches(['"', '\'', '“', '”', '‘', '’']);
            match key {
                "lang" if is_language_tag(value) => out.lang = Some(value.to_string()),
                "dir" if matches!(value, "ltr" | "rtl" | "auto") => {
                    out.dir = Some(value.to_string())
                }
                _ => out.unread.push(token.to_string()),
            }
        } else {
            return None;
        }
    }
    (!inner.trim().is_empty()).then_some((out, inner_end + 2))
}

/// A span's `{…}` found in text: where it is, and the language and the
/// small capitals it asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundAttributes {
    /// Its bytes, which print nothing.
    pub range: std::ops::Range<usize>,
    pub lang: Option<String>,
    pub small_caps: bool,
}

/// Each span's `{…}` in `text`, right after a `]` (the one at its start
/// too, when `after_bracket`).
pub fn attributes_in(text: &str, after_bracket: bool) -> Vec<FoundAttributes> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('{') {
        let follows = if i == 0 {
            after_bracket
        } else {
            text[..i].ends_with(']')
        };
        if let (true, Some((attributes, taken))) = (follows, attributes(&text[i..])) {
            out.push(FoundAttributes {
                range: i..i + taken,
                lang: attributes.lang,
                small_caps: attributes.small_caps,
            });
        }
    }
    out
}

/// `inlines` with each bracketed span made the inline it asks for; what
/// each span held that is not read goes to `unread`, in reading order.
fn split(inlines: Vec<Inline>, unread: &mut Vec<Vec<String>>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    // Where each `[` still open stands in `out` (a text of its own).
    let mut opens: Vec<usize> = Vec::new();
    for inline in inlines {
        let Inline::Text { text } = inline else {
            let mut other = inline;
            if let Some(children) = other.children_mut() {
                let inner = std::mem::take(children);
                *children = split(inner, unread);
            }
            out.push(other);
            continue;
        };
        let mut plain = String::new();
        let mut rest = text.as_str();
        while let Some(c) = rest.chars().next() {
            let after = &rest[c.len_utf8()..];
            match c {
                '[' => {
                    flush(&mut out, &mut plain);
                    out.push(Inline::Text { text: "[".into() });
                    opens.push(out.len() - 1);
                    rest = after;
                }
                ']' if !opens.is_empty() => {
                    let open = opens.pop().expect("not empty");
                    match attributes(after) {
                        Some((attributes, taken)) => {
                            flush(&mut out, &mut plain);
                            let words: Vec<Inline> = out.drain(open + 1..).collect();
                            out.pop(); // its `[`
                            out.extend(span(attributes, words, unread));
                            rest = &after[taken..];
                        }
                        None => {
                            plain.push(']');
                            rest = after;
                        }
                    }
                }
                _ => {
                    plain.push(c);
                    rest = after;
                }
            }
        }
        flush(&mut out, &mut plain);
    }
    joined(out)
}

/// A span's words in what its attributes ask for: small capitals, a
/// language or direction, both, or (asking for nothing bookpack reads)
/// nothing.
fn span(attributes: Attributes, words: Vec<Inline>, unread: &mut Vec<Vec<String>>) -> Vec<Inline> {
    if !attributes.unread.is_empty() {
        unread.push(attributes.unread);
    }
    let mut words = joined(words);
    if attributes.small_caps {
        words = vec![Inline::SmallCaps { content: words }];
    }
    if attributes.lang.is_some() || attributes.dir.is_some() {
        words = vec![Inline::Span {
            lang: attributes.lang,
            dir: attributes.dir,
            content: words,
        }];
    }
    words
}

fn flush(out: &mut Vec<Inline>, plain: &mut String) {
    if !plain.is_empty() {
        out.push(Inline::Text {
            text: std::mem::take(plain),
        });
    }
}

/// `inlines` with each two texts side by side made one.
fn joined(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match (out.last_mut(), inline) {
            (Some(Inline::Text { text: last }), Inline::Text { text }) => last.push_str(&text),
            (_, inline) => out.push(inline),
        }
    }
    out
}

impl Builder<'_> {
    /// Makes pandoc's bracketed spans of a block's inlines (from `from` on
    /// in the source) what they ask for; a span holding what bookpack
    /// does not read is its words alone and a warning at its `{`.
    pub(super) fn bracketed_spans(&mut self, inlines: Vec<Inline>, from: usize) -> Vec<Inline> {
        let mut unread = Vec::new();
        let out = split(inlines, &mut unread);
        let mut cursor = from.min(self.text.len());
        for tokens in unread {
            // At the `{` before its first such token, as written (smart
            // punctuation may have changed the token: then the next `]{`).
            let rest = &self.text[cursor..];
            let brace = match rest.find(tokens[0].as_str()) {
                Some(i) => self.text[..cursor + i].rfind('{').unwrap_or(cursor + i),
                None => rest.find("]{").map_or(cursor, |i| cursor + i + 1),
            };
            cursor = brace + 1;
            self.warn_at(
                brace,
                format!(
                    "pandoc's span attribute{} {} {} not read: the span's words are set plain",
                    if tokens.len() > 1 { "s" } else { "" },
                    tokens
                        .iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if tokens.len() > 1 { "are" } else { "is" },
                ),
                "bookpack reads `.smallcaps`, `lang=…` and `dir=…` in a span's `{…}`".into(),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }

    fn run(inlines: Vec<Inline>) -> (Vec<Inline>, Vec<Vec<String>>) {
        let mut unread = Vec::new();
        let out = split(inlines, &mut unread);
        (out, unread)
    }

    #[test]
    fn attributes_are_read_or_refused() {
        let read = attributes;
        let (a, taken) = read("{lang=fr} rest").unwrap();
        assert_eq!((a.lang.as_deref(), taken), (Some("fr"), 9));
        let (a, _) = read("{.smallcaps lang=\"sr-Latn\" dir=rtl}").unwrap();
        assert!(a.small_caps && a.unread.is_empty());
        assert_eq!(
            (a.lang.as_deref(), a.dir.as_deref()),
            (Some("sr-Latn"), Some("rtl"))
        );
        let (a, _) = read("{.underline #x lang=12}").unwrap();
        assert_eq!(a.unread, [".underline", "#x", "lang=12"]);
        // Not attributes: prose in braces, an empty pair, no closing brace.
        assert_eq!(read("{see below}"), None);
        assert_eq!(read("{}"), None);
        assert_eq!(read("{lang=fr"), None);
        assert_eq!(read(" {lang=fr}"), None);
    }

    #[test]
    fn a_span_becomes_a_language_span_or_small_capitals() {
        let (out, unread) = run(vec![text(
            "The [gouvernement]{lang=fr} and the [unesco]{.smallcaps} seat.",
        )]);
        assert_eq!(
            out,
            [
                text("The "),
                Inline::Span {
                    lang: Some("fr".into()),
                    dir: None,
                    content: vec![text("gouvernement")]
                },
                text(" and the "),
                Inline::SmallCaps {
                    content: vec![text("unesco")]
                },
                text(" seat."),
            ]
        );
        assert!(unread.is_empty());
    }

    #[test]
    fn a_span_keeps_its_markup_and_inner_brackets() {
        let emphasis = Inline::Emphasis {
            content: vec![text("la")],
        };
        let (out, _) = run(vec![
            text("See [["),
            emphasis.clone(),
            text(" loi] [3]]{lang=fr .smallcaps}."),
        ]);
        assert_eq!(
            out,
            [
                text("See "),
                Inline::Span {
                    lang: Some("fr".into()),
                    dir: None,
                    content: vec![Inline::SmallCaps {
                        content: vec![text("["), emphasis, text(" loi] [3]")]
                    }]
                },
                text("."),
            ]
        );
    }

    #[test]
    fn brackets_without_attributes_and_unread_attributes() {
        let (out, unread) = run(vec![text("A [note] {here} and [x] y.")]);
        assert_eq!(out, [text("A [note] {here} and [x] y.")]);
        assert!(unread.is_empty());
        let (out, unread) = run(vec![text("An [underlined]{.underline} word.")]);
        assert_eq!(out, [text("An underlined word.")]);
        assert_eq!(unread, [vec![".underline".to_string()]]);
    }
}
