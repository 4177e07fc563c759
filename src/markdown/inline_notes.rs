//! Pandoc's inline notes, `words^[the note's own words]`: found in a block's inlines, each made a note reference where it stands and a note of one paragraph.
//!
//! CommonMark reads `^[…]` as text, so the parser hands it over as text
//! with whatever markup the note holds between (`^[The *first* map.]`
//! is a text, an emphasis and a text). A note runs from `^[` to the `]`
//! that balances it (`^[see [3] too]` is one note), within one run of
//! inlines: a note cannot start inside emphasis and end after it. An
//! escaped `\^[` is text (the caret is a stand-in until `scripts` runs),
//! and so is one inside code.

use super::builder::Builder;
use super::ParsedNote;
use crate::markdown::UNNUMBERED;
use crate::model::{Block, Inline};

impl Builder<'_> {
    /// Makes the inline notes of a block's inlines (from `from` on in the
    /// source) references, and their words the chapter's notes, each
    /// labelled by where it is written (`^[12:7]`, a label no `[^…]` can
    /// take, as it holds brackets) and numbered where it stands.
    pub(super) fn inline_notes(&mut self, inlines: Vec<Inline>, from: usize) -> Vec<Inline> {
        let source = self.text;
        // Where the next `^[` is written, from `cursor` on.
        let mut cursor = from.min(source.len());
        let next_at = |cursor: &mut usize| -> usize {
            let mut at = *cursor;
            while let Some(i) = source.get(at..).and_then(|rest| rest.find("^[")) {
                let found = at + i;
                at = found + 2;
                if !source[..found].ends_with('\\') {
                    *cursor = at;
                    return found;
                }
            }
            *cursor
        };
        let mut found = Found::default();
        let mut places: Vec<(String, usize)> = Vec::new();
        let out = split(
            inlines,
            &mut || {
                let at = next_at(&mut cursor);
                let span = self.span(at);
                let label = format!("^[{}:{}]", span.line, span.col);
                places.push((label.clone(), at));
                label
            },
            &mut found,
        );
        for ((label, at), (_, words)) in places.into_iter().zip(found.notes) {
            let span = self.span(at);
            let words = self.bracketed_spans(words, at);
            let was = std::mem::replace(&mut self.in_note_words, true);
            let words = self.citations(words, at);
            self.in_note_words = was;
            let mut words = super::inlines::inline_content(self.cross_references(words, at));
            // A note is set in its own paragraph: no formula displayed there.
            super::math::not_displayed(&mut words);
            self.references.push((label.clone(), span));
            // Definitions may sit anywhere; they all belong to the chapter.
            self.stack[0].notes.push(ParsedNote {
                label,
                blocks: vec![Block::Paragraph {
                    content: words,
                    span,
                }],
                span,
            });
        }
        for _ in 0..found.unclosed {
            let at = next_at(&mut cursor);
            self.warn_at(
                at,
                "pandoc's inline note `^[` is never closed with `]`: it is printed as it is".into(),
                "end the note's words with `]`, or write `\\^[` for the characters themselves"
                    .into(),
            );
        }
        out
    }
}

/// The inline notes of one block.
#[derive(Debug, Default)]
pub(super) struct Found {
    /// Each note's words, with the label its reference was given.
    pub notes: Vec<(String, Vec<Inline>)>,
    /// `^[` never closed, left as text.
    pub unclosed: usize,
}

/// `inlines` with each inline note replaced by a reference to it, labelled
/// by `label` (called once per note, in reading order); the notes' words
/// go to `found`.
pub(super) fn split(
    inlines: Vec<Inline>,
    label: &mut dyn FnMut() -> String,
    found: &mut Found,
) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    // The note being read: its words so far, how many brackets are open,
    // and what it was in the source (given back if it never closes).
    let mut open: Option<Open> = None;
    for inline in inlines {
        match inline {
            // A text outside a note with no `^[` is kept as it is, not
            // copied (most texts).
            Inline::Text { text } if open.is_none() && !text.contains("^[") => {
                if let Some(Inline::Text { text: last }) = out.last_mut() {
                    last.push_str(&text);
                } else if !text.is_empty() {
                    out.push(Inline::Text { text });
                }
            }
            Inline::Text { text } => {
                let mut rest = text.as_str();
                while !rest.is_empty() {
                    match &mut open {
                        None => match rest.find("^[") {
                            Some(at) => {
                                push_text(&mut out, &rest[..at]);
                                open = Some(Open::default());
                                rest = &rest[at + 2..];
                            }
                            None => {
                                push_text(&mut out, rest);
                                rest = "";
                            }
                        },
                        Some(note) => match note.close_in(rest) {
                            Some(at) => {
                                push_text(&mut note.words, &rest[..at]);
                                let words = std::mem::take(&mut note.words);
                                let id = label();
                                out.push(Inline::NoteRef {
                                    number: UNNUMBERED,
                                    first: false,
                                    id: id.clone(),
                                });
                                found.notes.push((id, words));
                                open = None;
                                rest = &rest[at + 1..];
                            }
                            None => {
                                push_text(&mut note.words, rest);
                                rest = "";
                            }
                        },
                    }
                }
            }
            mut other => match &mut open {
                Some(note) => note.words.push(other),
                None => {
                    if let Some(children) = other.children_mut() {
                        let inner = std::mem::take(children);
                        *children = split(inner, label, found);
                    }
                    out.push(other);
                }
            },
        }
    }
    if let Some(note) = open {
        // Never closed: as it was written.
        found.unclosed += 1;
        push_text(&mut out, "^[");
        for inline in note.words {
            match inline {
                Inline::Text { text } => push_text(&mut out, &text),
                other => out.push(other),
            }
        }
    }
    out
}

#[derive(Default)]
struct Open {
    words: Vec<Inline>,
    /// Brackets opened inside the note and not closed yet.
    depth: usize,
}

impl Open {
    /// Where in `text` the `]` that closes the note is, if it is there;
    /// the brackets before it counted either way.
    fn close_in(&mut self, text: &str) -> Option<usize> {
        for (i, c) in text.char_indices() {
            match c {
                '[' => self.depth += 1,
                ']' if self.depth == 0 => return Some(i),
                ']' => self.depth -= 1,
                _ => {}
            }
        }
        None
    }
}

/// Appends `text` to `out`, joined to a text it ends with.
fn push_text(out: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text { text: last }) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Inline::Text {
            text: text.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }

    fn note(id: &str) -> Inline {
        Inline::NoteRef {
            number: UNNUMBERED,
            first: false,
            id: id.into(),
        }
    }

    fn run(inlines: Vec<Inline>) -> (Vec<Inline>, Found) {
        let mut found = Found::default();
        let mut k = 0;
        let out = split(
            inlines,
            &mut || {
                k += 1;
                format!("n{k}")
            },
            &mut found,
        );
        (out, found)
    }

    #[test]
    fn a_note_in_text_becomes_a_reference_and_its_words() {
        let (out, found) = run(vec![text("A map^[Drawn in 1910.] and a plan^[Lost.].")]);
        assert_eq!(
            out,
            [
                text("A map"),
                note("n1"),
                text(" and a plan"),
                note("n2"),
                text(".")
            ]
        );
        assert_eq!(
            found.notes,
            [
                ("n1".to_string(), vec![text("Drawn in 1910.")]),
                ("n2".to_string(), vec![text("Lost.")])
            ]
        );
        assert_eq!(found.unclosed, 0);
    }

    #[test]
    fn a_note_keeps_its_markup_and_balanced_brackets() {
        let emphasis = Inline::Emphasis {
            content: vec![text("first")],
        };
        let (out, found) = run(vec![
            text("The map^[The "),
            emphasis.clone(),
            text(" map [see plate 3] of it.] shows it."),
        ]);
        assert_eq!(out, [text("The map"), note("n1"), text(" shows it.")]);
        assert_eq!(
            found.notes[0].1,
            [text("The "), emphasis, text(" map [see plate 3] of it.")]
        );
    }

    #[test]
    fn a_note_inside_emphasis_is_found_there() {
        let (out, found) = run(vec![Inline::Emphasis {
            content: vec![text("Ships^[Two of them.]")],
        }]);
        assert_eq!(
            out,
            [Inline::Emphasis {
                content: vec![text("Ships"), note("n1")]
            }]
        );
        assert_eq!(found.notes.len(), 1);
    }

    #[test]
    fn an_unclosed_note_and_a_lone_caret_stay_text() {
        let code = Inline::Code {
            text: "^[x]".into(),
        };
        let (out, found) = run(vec![
            text("x^2 and a^[never closed "),
            code.clone(),
            text(" here"),
        ]);
        assert_eq!(out, [text("x^2 and a^[never closed "), code, text(" here")]);
        assert_eq!((found.notes.len(), found.unclosed), (0, 1));
        // A bracket after a caret that is not `^[`, and a note reference.
        let (out, found) = run(vec![text("x^ [a] and "), note("a")]);
        assert_eq!(out, [text("x^ [a] and "), note("a")]);
        assert!(found.notes.is_empty());
    }
}
