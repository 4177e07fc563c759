//! Pandoc's bracketed spans, `[words]{lang=fr}`, `[words]{.smallcaps}` and `[words]{.index}`: found in a block's inlines and made the language span, the small capitals or the index mark they ask for (`<span lang="fr">`, `<span class="smallcaps">`).
//!
//! CommonMark reads them as text, brackets and braces included, with
//! whatever markup the words hold between. A span runs from a `[` to the
//! `]` that balances it, within one run of inlines, and its `{…}` must
//! follow the `]` at once. Read: `.smallcaps`, `lang=…` (a BCP 47 tag,
//! quoted or not), `dir=ltr|rtl|auto`, and for the back-of-book index
//! `.index` (the words are the term), `index="Term!sub-term"`,
//! `index-sort=…`, `index-see=…` and `index-see-also=…` (values with
//! spaces quoted); any other class, id or key is not, and such a span is
//! set as its words alone, with a warning. A `[…]` with no `{` after it is
//! text, as before.

use super::builder::Builder;
use super::inlines::is_language_tag;
use crate::model::{IndexMark, Inline, INDEX_LEVELS};

/// What a span's `{…}` asks for.
#[derive(Debug, Default, PartialEq, Eq)]
struct Attributes {
    lang: Option<String>,
    dir: Option<String>,
    small_caps: bool,
    /// `.index`: the words are an index term.
    index_class: bool,
    /// `index=…`, `index-sort=…`, `index-see=…`, `index-see-also=…`.
    index: Option<String>,
    index_sort: Option<String>,
    index_see: Option<String>,
    index_see_also: Option<String>,
    /// What it holds that bookpack does not read (`.underline`, `#id`).
    unread: Vec<String>,
}

impl Attributes {
    fn indexes(&self) -> bool {
        self.index_class
            || self.index.is_some()
            || self.index_sort.is_some()
            || self.index_see.is_some()
            || self.index_see_also.is_some()
    }
}

/// The tokens of a `{…}`'s inside, split at spaces outside quotes
/// (`index="Khrushchev, Nikita"` is one), straight or made curly by
/// smart punctuation.
fn tokens(inner: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quote: Option<char> = None;
    for (i, c) in inner.char_indices() {
        match quote {
            Some(q) => {
                let closes = match q {
                    '“' => c == '”',
                    '‘' => c == '’',
                    // Smart punctuation may have made a closing straight
                    // quote curly, and an opening one closing.
                    '"' => matches!(c, '"' | '”' | '“'),
                    '\'' => matches!(c, '\'' | '’'),
                    _ => c == q,
                };
                if closes {
                    quote = None;
                }
            }
            None if c.is_whitespace() => {
                if let Some(from) = start.take() {
                    out.push(&inner[from..i]);
                }
            }
            None => {
                if start.is_none() {
                    start = Some(i);
                }
                // A quote opens a value after `=`, not an apostrophe
                // inside a word.
                if matches!(c, '"' | '“' | '‘' | '\'' | '”') && inner[..i].ends_with('=') {
                    quote = Some(c);
                }
            }
        }
    }
    if let Some(from) = start {
        out.push(&inner[from..]);
    }
    out
}

/// Reads `{…}` at the start of `text`: the attributes and the bytes the
/// braces take; `None` when `text` does not open with a well-formed one
/// (`{` alone, or a word that is not an attribute: `{see below}`).
fn attributes(text: &str) -> Option<(Attributes, usize)> {
    let inner_end = closing_brace(text.strip_prefix('{')?)?;
    let inner = &text[1..1 + inner_end];
    let mut out = Attributes::default();
    for token in tokens(inner) {
        if let Some(class) = token.strip_prefix('.') {
            match class {
                "smallcaps" => out.small_caps = true,
                "index" => out.index_class = true,
                _ => out.unread.push(token.to_string()),
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
                "index" => out.index = Some(value.to_string()),
                "index-sort" => out.index_sort = Some(value.to_string()),
                "index-see" => out.index_see = Some(value.to_string()),
                "index-see-also" => out.index_see_also = Some(value.to_string()),
                _ => out.unread.push(token.to_string()),
            }
        } else {
            return None;
        }
    }
    (!inner.trim().is_empty()).then_some((out, inner_end + 2))
}

/// Where the `}` closing a `{…}` is (in `inner`, after its `{`): the
/// first one outside a quoted value.
fn closing_brace(inner: &str) -> Option<usize> {
    let mut quoted = false;
    let mut previous = ' ';
    for (i, c) in inner.char_indices() {
        match c {
            '"' | '“' | '”' if previous == '=' && !quoted => quoted = true,
            '"' | '”' if quoted => quoted = false,
            '}' if !quoted => return Some(i),
            _ => {}
        }
        previous = c;
    }
    // An unclosed quote: the first brace, as before quotes were read.
    inner.find('}')
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

/// The index mark the span whose `{…}` opens `text` makes of `words` (the
/// plain text of its words), as the loader makes it: what `bookpack
/// check` finds a mark's place by. `None` when the span is no index mark,
/// or one the loader refuses (and warns of).
pub fn index_mark_in(text: &str, words: &str) -> Option<IndexMark> {
    let (attributes, _) = attributes(text)?;
    if !attributes.indexes() {
        return None;
    }
    let words = [Inline::Text { text: words.into() }];
    index_mark(&attributes, &words).ok()
}

/// What a span asked for that bookpack could not do: its tokens (to find
/// it in the source) and, for an index mark it cannot make, why and what
/// to write (else: attributes not read).
#[derive(Debug, PartialEq, Eq)]
struct Refused {
    tokens: Vec<String>,
    index: Option<(String, &'static str)>,
}

/// `inlines` with each bracketed span made the inline it asks for; what
/// each span held that is not read goes to `unread`, in reading order.
fn split(inlines: Vec<Inline>, unread: &mut Vec<Refused>) -> Vec<Inline> {
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
        // Most texts hold no bracket: they are taken whole, and the rest
        // between brackets slice by slice (char by char, this was a tenth
        // of the markdown's reading).
        if !text.contains('[') && (opens.is_empty() || !text.contains(']')) {
            if !text.is_empty() {
                out.push(Inline::Text { text });
            }
            continue;
        }
        let mut plain = String::new();
        let mut rest = text.as_str();
        while !rest.is_empty() {
            let bracket = rest.find(['[', ']']).unwrap_or(rest.len());
            plain.push_str(&rest[..bracket]);
            rest = &rest[bracket..];
            let Some(c) = rest.chars().next() else {
                break;
            };
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
/// language or direction, an index mark, several, or (asking for nothing
/// bookpack reads) nothing.
fn span(attributes: Attributes, words: Vec<Inline>, unread: &mut Vec<Refused>) -> Vec<Inline> {
    if !attributes.unread.is_empty() {
        unread.push(Refused {
            tokens: attributes.unread.clone(),
            index: None,
        });
    }
    let mut words = joined(words);
    let mark = if attributes.indexes() {
        match index_mark(&attributes, &words) {
            Ok(mark) => Some(mark),
            Err(why) => {
                unread.push(Refused {
                    tokens: vec![index_token(&attributes)],
                    index: Some(why),
                });
                None
            }
        }
    } else {
        None
    };
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
    if let Some(mark) = mark {
        words = vec![Inline::Indexed {
            mark,
            content: words,
        }];
    }
    words
}

/// The token an index mark's attributes start with, as [`tokens`] gave
/// it: what its warning is found by in the source.
fn index_token(attributes: &Attributes) -> String {
    if attributes.index_class {
        ".index".into()
    } else if attributes.index.is_some() {
        "index=".into()
    } else {
        "index-".into()
    }
}

/// The index mark a span's attributes and words make (its id given once
/// the chapter is read: [`crate::index::number_marks`]), or why there is
/// none and what to write instead.
fn index_mark(
    attributes: &Attributes,
    words: &[Inline],
) -> Result<IndexMark, (String, &'static str)> {
    let written = match &attributes.index {
        Some(term) => term.clone(),
        None if attributes.index_class => Inline::plain_text(words),
        None => {
            return Err((
                "an index mark's `index-…` key needs its term: `.index` on the words, or `index=\"…\"`".into(),
                "write `[words]{.index}` to list the words, or `[]{index=\"Term\"}` to list a term here",
            ))
        }
    };
    let path: Vec<String> = written
        .split('!')
        .map(|level| level.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    if path.iter().any(String::is_empty) {
        return Err((
            if written.trim().is_empty() {
                "an index mark with no term: the span has no words and no `index=\"…\"`".to_string()
            } else {
                format!("the index term \"{written}\" has an empty level between its `!`s")
            },
            "write the term, its levels parted by `!`: `index=\"Khrushchev, Nikita!and Mao\"`",
        ));
    }
    if path.len() > INDEX_LEVELS {
        return Err((
            format!(
                "the index term \"{written}\" has {} levels; an index nests {INDEX_LEVELS} at most",
                path.len()
            ),
            "fold the innermost levels into one (`a!b!c d`), as printed indexes do",
        ));
    }
    let value = |v: &Option<String>| {
        v.as_ref()
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|v| !v.is_empty())
    };
    Ok(IndexMark {
        sort: value(&attributes.index_sort),
        see: value(&attributes.index_see),
        see_also: value(&attributes.index_see_also),
        ..IndexMark::new(path)
    })
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
        for Refused { tokens, index } in unread {
            // At the `{` before its first such token, as written (smart
            // punctuation may have changed the token: then the next `]{`).
            let rest = &self.text[cursor..];
            let brace = match rest.find(tokens[0].as_str()) {
                Some(i) => self.text[..cursor + i].rfind('{').unwrap_or(cursor + i),
                None => rest.find("]{").map_or(cursor, |i| cursor + i + 1),
            };
            cursor = brace + 1;
            if let Some((message, hint)) = index {
                self.warn_at(brace, message, hint.into());
                continue;
            }
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
                "bookpack reads `.smallcaps`, `lang=…`, `dir=…`, `.index` and `index…=` in a span's `{…}`".into(),
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
        (out, unread.into_iter().map(|r| r.tokens).collect())
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

    fn index_mark(path: &[&str]) -> IndexMark {
        IndexMark::new(path.iter().copied())
    }

    #[test]
    fn index_marks_take_their_words_or_their_term() {
        let (out, unread) = run(vec![text(
            "[Khrushchev]{.index} spoke; [the First Secretary]{index=“Khrushchev, Nikita!as First Secretary”} too.[]{index=“Stalin, Joseph” index-sort=Stalin}",
        )]);
        assert!(unread.is_empty(), "{unread:?}");
        let mut stalin = index_mark(&["Stalin, Joseph"]);
        stalin.sort = Some("Stalin".into());
        assert_eq!(
            out,
            [
                Inline::Indexed {
                    mark: index_mark(&["Khrushchev"]),
                    content: vec![text("Khrushchev")]
                },
                text(" spoke; "),
                Inline::Indexed {
                    mark: index_mark(&["Khrushchev, Nikita", "as First Secretary"]),
                    content: vec![text("the First Secretary")]
                },
                text(" too."),
                Inline::Indexed {
                    mark: stalin,
                    content: vec![]
                },
            ]
        );
        // Cross-references, straight quotes, a language span inside.
        let (out, _) = run(vec![text(
            "[]{index=\"revisionism\" index-see=\"Khrushchevism\"}[oui]{lang=fr .index}",
        )]);
        let mut see = index_mark(&["revisionism"]);
        see.see = Some("Khrushchevism".into());
        assert_eq!(
            out,
            [
                Inline::Indexed {
                    mark: see,
                    content: vec![]
                },
                Inline::Indexed {
                    mark: index_mark(&["oui"]),
                    content: vec![Inline::Span {
                        lang: Some("fr".into()),
                        dir: None,
                        content: vec![text("oui")]
                    }]
                },
            ]
        );
    }

    #[test]
    fn an_index_mark_without_a_term_is_refused() {
        for (source, why) in [
            ("[]{.index}", "no term"),
            ("[x]{index-see=y}", "needs its term"),
            ("[x]{index=\"a!!b\"}", "empty level"),
            ("[x]{index=\"a!b!c!d\"}", "4 levels"),
        ] {
            let mut unread = Vec::new();
            let out = split(vec![text(source)], &mut unread);
            assert_eq!(unread.len(), 1, "{source}");
            let (message, _) = unread[0].index.as_ref().expect("an index problem");
            assert!(message.contains(why), "{source}: {message}");
            // The words are set all the same.
            assert!(!out.iter().any(|i| matches!(i, Inline::Indexed { .. })));
        }
    }
}
