//! Where each character other than ASCII first occurs in a source file, so a later stage can point at it.
//!
//! The model keeps a block's position but not each character's (inlines
//! are text after the typography pass). A character the print edition
//! cannot draw is reported at its first occurrence in the chapter's
//! source: that is the place an author looks for it.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Block, Inline, Span};

/// The first position (1-based line and column, in characters) of every
/// character above U+007F in a text, and which of them the text sets as
/// code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CharSites {
    first: BTreeMap<char, Span>,
    code: BTreeSet<char>,
}

impl CharSites {
    /// Indexes `text` (one pass; ASCII is skipped, fonts always have it or
    /// the book's face is unusable anyway).
    pub fn of(text: &str) -> CharSites {
        let mut first = BTreeMap::new();
        let (mut line, mut col) = (1u32, 0u32);
        for c in text.chars() {
            if c == '\n' {
                line += 1;
                col = 0;
                continue;
            }
            col += 1;
            if !c.is_ascii() {
                first.entry(c).or_insert(Span { line, col });
            }
        }
        CharSites {
            first,
            code: BTreeSet::new(),
        }
    }

    /// These sites, knowing which characters `blocks` (a chapter's, its
    /// notes') set as code: in code blocks and `code` spans.
    pub fn with_code<'b>(mut self, blocks: impl IntoIterator<Item = &'b Block>) -> CharSites {
        fn spans(inlines: &[Inline], code: &mut BTreeSet<char>) {
            for inline in inlines {
                match inline {
                    Inline::Code { text } => code.extend(text.chars().filter(|c| !c.is_ascii())),
                    other => spans(other.children(), code),
                }
            }
        }
        for block in blocks {
            block.walk(&mut |b| {
                if let Block::CodeBlock { text, .. } = b {
                    self.code.extend(text.chars().filter(|c| !c.is_ascii()));
                }
                b.for_each_inlines(&mut |inlines| spans(inlines, &mut self.code));
            });
        }
        self
    }

    /// The characters above U+007F set as code, in code point order.
    pub fn code_chars(&self) -> impl Iterator<Item = char> + '_ {
        self.code.iter().copied()
    }

    /// The characters indexed, in code point order.
    pub fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.first.keys().copied()
    }

    /// Where `c` first occurs, if it occurs literally.
    pub fn first(&self, c: char) -> Option<Span> {
        self.first.get(&c).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_occurrence_in_characters_not_bytes() {
        let sites = CharSites::of("# Title\n\nSaid «赫» and 赫 again\n");
        assert_eq!(sites.first('赫'), Some(Span { line: 3, col: 7 }));
        assert_eq!(sites.first('«'), Some(Span { line: 3, col: 6 }));
        assert_eq!(sites.first('x'), None, "ASCII is not indexed");
        assert_eq!(sites.first('中'), None);
    }

    #[test]
    fn code_characters_are_those_of_code_blocks_and_spans_at_any_depth() {
        let text = "— prose\n\n> - `a → b`, *in `├`*\n\n```\n│ x ─\n```\n";
        let mut diags = crate::diagnostics::Diagnostics::new();
        let parsed =
            crate::markdown::parse_chapter(text, std::path::Path::new("01.md"), &mut diags)
                .expect("parses");
        let sites = CharSites::of(text).with_code(&parsed.blocks);
        assert_eq!(
            sites.code_chars().collect::<String>(),
            "→─│├",
            "code block, quoted list's span, span inside emphasis; not the prose's dash"
        );
        assert!(sites.first('—').is_some());
    }
}
