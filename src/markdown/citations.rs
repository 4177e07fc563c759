//! Pandoc's citations, `[see @ongaro2014, p. 3; @lamport1978]`, `[-@key]` and `@key` in the text: found in a block's inlines when the book has a bibliography, each made a stand-in that `citations.rs` sets once the whole book's are known.
//!
//! CommonMark reads a citation as text. A bracketed one is `[`, then one
//! or more items split by `;`, then `]`, each item an optional prefix, a
//! key (`@key`, or `-@key` to leave out the author), and an optional
//! suffix after a comma (a locator, "p. 3", and any words). A key in the
//! text (`@lamport1978 showed`) cites in the text ("Lamport (1978)
//! showed"), `@key [p. 3]` with a locator. Keys of cross references
//! (`@fig-…`, `@tbl-…`, `@sec-…`) are not citations, nor is an address
//! (`ann@example.org`) or `\@key`.

use super::builder::Builder;
use crate::model::{Inline, LinkTarget, Span, CITATION};

/// Whether and how a book's citations are read: not at all (no
/// bibliography), set in the text, or (a note style) each made a note.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Citing {
    #[default]
    No,
    InText,
    AsNotes,
}

impl Citing {
    /// Whether citations are read at all.
    pub fn reads(self) -> bool {
        self != Citing::No
    }
}

/// A citation as the parser found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundCitation {
    pub items: Vec<CiteItem>,
    /// Written in the text (`@key`), the author's name part of the
    /// sentence: "Lamport (1978)".
    pub in_text: bool,
    /// As written, printed instead when the bibliography lacks a key.
    pub written: String,
    pub span: Span,
}

/// One work a citation names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    pub key: String,
    /// Words before the key: `see` in `[see @key]`.
    pub prefix: String,
    /// `-@key`: the year without the author ("Ongaro says (2014)").
    pub suppress_author: bool,
    /// Words after the key's comma: a locator ("p. 3", "chap. 2", "33")
    /// and anything after it.
    pub suffix: String,
}

/// Whether a key would be a cross reference's id (a theorem's too: in a
/// book with a bibliography `@thm-x` was read as a citation of no work).
fn is_cross_reference(key: &str) -> bool {
    super::crossrefs::PREFIXES
        .iter()
        .any(|p| key.starts_with(p))
}

/// A bracketed citation's items (the text between its brackets), or
/// `None` when that text is not one.
fn bracketed_items(inner: &str) -> Option<Vec<CiteItem>> {
    let mut items = Vec::new();
    for part in inner.split(';') {
        let at = part.char_indices().find(|&(i, c)| {
            c == '@'
                && part[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|p| p.is_whitespace() || p == '-')
        })?;
        let at = at.0;
        let key_len = super::pandoc::key_len(&part[at + 1..]);
        let key = &part[at + 1..at + 1 + key_len];
        if key.is_empty() || is_cross_reference(key) {
            return None;
        }
        let before = &part[..at];
        let (before, suppress_author) = match before.strip_suffix('-') {
            Some(b) => (b, true),
            None => (before, false),
        };
        let after = &part[at + 1 + key_len..];
        // The suffix follows a comma (`@key, p. 3`); pandoc also takes
        // `@key p. 3`.
        let suffix = after.trim_start().trim_start_matches(',').trim();
        items.push(CiteItem {
            key: key.to_string(),
            prefix: before.trim().to_string(),
            suppress_author,
            suffix: suffix.to_string(),
        });
    }
    (!items.is_empty()).then_some(items)
}

/// The citations in a text: each one's byte range and what it cites.
pub(super) fn find(text: &str) -> Vec<(std::ops::Range<usize>, Vec<CiteItem>, bool)> {
    let mut out: Vec<(std::ops::Range<usize>, Vec<CiteItem>, bool)> = Vec::new();
    let mut from = 0;
    // Bracketed first: `[` … `]` with no bracket between.
    while let Some(open) = text[from..].find('[').map(|i| from + i) {
        from = open + 1;
        let Some(close) = text[open + 1..].find([']', '[']).map(|i| open + 1 + i) else {
            break;
        };
        if text.as_bytes()[close] == b'[' {
            continue;
        }
        if let Some(items) = bracketed_items(&text[open + 1..close]) {
            out.push((open..close + 1, items, false));
            from = close + 1;
        }
    }
    // Then the keys in the text, outside those.
    let mut prev: Option<char> = None;
    for (at, c) in text.char_indices() {
        let starts = c == '@'
            && !prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '@' | '_' | '.' | '-'));
        prev = Some(c);
        if !starts || out.iter().any(|(r, ..)| r.contains(&at)) {
            continue;
        }
        let key_len = super::pandoc::key_len(&text[at + 1..]);
        let key = &text[at + 1..at + 1 + key_len];
        if key.is_empty() || is_cross_reference(key) {
            continue;
        }
        let mut end = at + 1 + key_len;
        // `@key [p. 3]`: its locator, in brackets just after it.
        let mut suffix = String::new();
        let rest = &text[end..];
        if let Some(inner) = rest.strip_prefix(" [") {
            if let Some(close) = inner.find(']') {
                let words = &inner[..close];
                if !words.contains(['@', '[']) && !words.trim().is_empty() {
                    suffix = words.trim().to_string();
                    end += 2 + close + 1;
                }
            }
        }
        out.push((
            at..end,
            vec![CiteItem {
                key: key.to_string(),
                prefix: String::new(),
                suppress_author: false,
                suffix,
            }],
            true,
        ));
    }
    out.sort_by_key(|(r, ..)| r.start);
    out
}

/// The byte ranges of the citation keys in `text`, `@` included (what
/// `bookpack check` does not spell): each citation's keys, in order.
pub fn keys_in(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    for (range, items, _) in find(text) {
        let mut at = range.start;
        for item in items {
            let key = format!("@{}", item.key);
            if let Some(i) = text[at..range.end].find(&key) {
                out.push(at + i..at + i + key.len());
                at += i + key.len();
            }
        }
    }
    out
}

/// The stand-in for citation `number` of the chapter, until it is set.
pub fn stand_in(number: usize) -> Inline {
    Inline::Link {
        target: LinkTarget::Internal {
            chapter: CITATION.to_string(),
            anchor: Some(number.to_string()),
            placed_as: None,
        },
        content: Vec::new(),
    }
}

/// Appends `text`, joined to a text just before it.
fn push_text(out: &mut Vec<Inline>, text: &str) {
    match out.last_mut() {
        Some(Inline::Text { text: last }) => last.push_str(text),
        _ => out.push(Inline::Text {
            text: text.to_string(),
        }),
    }
}

/// Adjacent texts made one (the parser may hand `[` apart from the words
/// after it), so a citation is always within one text.
fn joined(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        match (out.last_mut(), inline) {
            (Some(Inline::Text { text }), Inline::Text { text: more }) => text.push_str(&more),
            (_, inline) => out.push(inline),
        }
    }
    out
}

impl Builder<'_> {
    /// Makes the citations of a block's inlines (from `from` on in the
    /// source) stand-ins, listed in `self.citations` in reading order;
    /// nothing is done when the book has no bibliography.
    pub(super) fn citations(&mut self, inlines: Vec<Inline>, from: usize) -> Vec<Inline> {
        if !self.cites.reads() {
            return inlines;
        }
        let source = self.text;
        let mut cursor = from.min(source.len());
        let mut out = Vec::with_capacity(inlines.len());
        for inline in joined(inlines) {
            let Inline::Text { text } = inline else {
                out.push(inline);
                continue;
            };
            let mut last = 0;
            for (range, items, in_text) in find(&text) {
                let written = &text[range.clone()];
                // Where it is written: the next such text from the block's
                // start on.
                let at = source
                    .get(cursor..)
                    .and_then(|rest| rest.find(written))
                    .map(|i| cursor + i);
                if let Some(at) = at {
                    cursor = at + written.len();
                }
                // `\@key` and `\[@key]` are text.
                if at.is_some_and(|at| at > 0 && source.as_bytes()[at - 1] == b'\\') {
                    continue;
                }
                if range.start > last {
                    out.push(Inline::Text {
                        text: text[last..range.start].to_string(),
                    });
                }
                let span = self.span(at.unwrap_or(from));
                let found = FoundCitation {
                    items,
                    in_text,
                    written: written.to_string(),
                    span,
                };
                let as_note =
                    self.cites == Citing::AsNotes && !self.in_note_words && !self.in_note();
                if as_note {
                    // In the text, the author's name stays there ("as
                    // Lamport¹ showed"); the citation is the note's words.
                    if in_text {
                        out.push(self.cite(found.clone()));
                    }
                    let label = format!("^[cite:{}]", self.cite_base + self.citations.len());
                    let words = self.cite(FoundCitation {
                        in_text: false,
                        ..found
                    });
                    // The note's mark follows the word, and the stop or
                    // comma after the citation (Chicago 14.26, pandoc).
                    if !in_text {
                        if let Some(Inline::Text { text }) = out.last_mut() {
                            text.truncate(text.trim_end().len());
                        }
                    }
                    let rest = &text[range.end..];
                    let stops = rest.len() - rest.trim_start_matches(['.', ',', ';', ':']).len();
                    if stops > 0 {
                        push_text(&mut out, &rest[..stops]);
                        last = range.end + stops;
                    } else {
                        last = range.end;
                    }
                    out.push(Inline::NoteRef {
                        number: super::UNNUMBERED,
                        first: false,
                        id: label.clone(),
                    });
                    self.references.push((label.clone(), span));
                    self.stack[0].notes.push(super::ParsedNote {
                        label,
                        blocks: vec![crate::model::Block::Paragraph {
                            content: vec![words],
                            span,
                        }],
                        span,
                    });
                } else {
                    out.push(self.cite(found));
                    last = range.end;
                }
            }
            if last < text.len() {
                out.push(Inline::Text {
                    text: text[last..].to_string(),
                });
            }
        }
        out
    }

    /// Warns of a citation in the heading at `range` when the book reads
    /// citations: a heading's words are also the contents', the running
    /// heads' and the outline's, where a citation has no place, so it is
    /// printed as written.
    pub(super) fn citation_in_heading(&mut self, range: &std::ops::Range<usize>) {
        if !self.cites.reads() {
            return;
        }
        let Some(source) = self.text.get(range.clone()) else {
            return;
        };
        if let Some((at, ..)) = find(source).first() {
            self.warn_at(
                range.start + at.start,
                "a citation in a heading is not read: it is printed as written".into(),
                "cite the work in the text under the heading, or in a note".into(),
            );
        }
    }

    /// Lists `found` and gives its stand-in.
    fn cite(&mut self, found: FoundCitation) -> Inline {
        let number = self.cite_base + self.citations.len();
        self.citations.push(found);
        stand_in(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An item read: prefix, key, author left out, suffix.
    type Item = (String, String, bool, String);

    fn keys(text: &str) -> Vec<(String, Vec<Item>, bool)> {
        find(text)
            .into_iter()
            .map(|(r, items, in_text)| {
                let items = items
                    .into_iter()
                    .map(|i| (i.prefix, i.key, i.suppress_author, i.suffix))
                    .collect();
                (text[r].to_string(), items, in_text)
            })
            .collect()
    }

    fn item(prefix: &str, key: &str, suppress: bool, suffix: &str) -> Item {
        (prefix.into(), key.into(), suppress, suffix.into())
    }

    #[test]
    fn bracketed_citations_are_read_with_prefixes_locators_and_suppressed_authors() {
        assert_eq!(
            keys("As [see @ongaro2014, p. 3; also -@lamport1978] shows."),
            [(
                "[see @ongaro2014, p. 3; also -@lamport1978]".to_string(),
                vec![
                    item("see", "ongaro2014", false, "p. 3"),
                    item("also", "lamport1978", true, ""),
                ],
                false
            )]
        );
        assert_eq!(
            keys("[@a:b/c.d]"),
            [(
                "[@a:b/c.d]".to_string(),
                vec![item("", "a:b/c.d", false, "")],
                false
            )]
        );
    }

    #[test]
    fn keys_in_the_text_cite_in_the_text_with_a_bracketed_locator() {
        assert_eq!(
            keys("@lamport1978 [p. 3] says, and @knuth84 too."),
            [
                (
                    "@lamport1978 [p. 3]".to_string(),
                    vec![item("", "lamport1978", false, "p. 3")],
                    true
                ),
                (
                    "@knuth84".to_string(),
                    vec![item("", "knuth84", false, "")],
                    true
                ),
            ]
        );
    }

    #[test]
    fn keys_are_found_for_the_checker_to_leave_alone() {
        let text = "As @knuth said [see @smith, p. 4; -@knuth].";
        let keys: Vec<&str> = keys_in(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(keys, ["@knuth", "@smith", "@knuth"]);
    }

    #[test]
    fn addresses_cross_references_and_other_brackets_are_not_citations() {
        for text in [
            "write to ann@example.org",
            "see @fig-map and [@tbl-rates]",
            "[a note] and [sic]",
            "[see the @ sign]",
            "[@]",
            "an @ alone",
        ] {
            assert!(find(text).is_empty(), "{text:?}: {:?}", keys(text));
        }
    }
}
