//! The EPUB's callout markup: a note, tip or warning as a `div` of role `note`, its title a paragraph of its own, its blocks inside.

use super::blocks::{own_direction, push_blocks};
use super::{push_inlines, Links};
use crate::model::{Block, CalloutKind, Inline};

/// A callout: `<div class="callout callout-warning" role="note">`, its
/// title in `<p class="callout-title">` (its own, or the kind's label),
/// then its blocks. A `div`, not an `aside`: a callout belongs to the
/// text where it stands, and an `aside` is read as apart from the flow
/// (reading systems move or skip asides). No `aria-labelledby`: the title
/// is the first thing read inside the note, so naming the note by it would
/// have it read twice, and an id unique in the notes document (which
/// gathers every chapter's) would have to be made for it.
pub(super) fn push_callout(
    out: &mut String,
    kind: CalloutKind,
    title: &[Inline],
    blocks: &[Block],
    links: &Links,
) {
    out.push_str("<div class=\"callout callout-");
    out.push_str(kind.name());
    out.push_str("\" role=\"note\">\n<p class=\"callout-title\"");
    let title = kind.heading(title, &links.callouts);
    let title = &title[..];
    out.push_str(own_direction(title, links));
    out.push('>');
    push_inlines(out, title, links);
    out.push_str("</p>\n");
    push_blocks(out, blocks, links);
    out.push_str("</div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epub::xhtml::Sources;
    use crate::model::Span;
    use std::collections::BTreeMap;

    fn write(kind: CalloutKind, title: &[Inline], blocks: &[Block], rtl: bool) -> String {
        let none = BTreeMap::new();
        let links = Links {
            notes_file: "notes.xhtml",
            chapter_files: &none,
            note_targets: &none,
            images: &BTreeMap::new(),
            rtl,
            sources: Sources::Nowhere,
            glossary: false,
            numerals: crate::numerals::Numerals::Latn,
            plain_math: false,
            callouts: ["Note", "Tip", "Important", "Warning", "Caution"],
        };
        let mut out = String::new();
        push_callout(&mut out, kind, title, blocks, &links);
        out
    }

    fn text(t: &str) -> Vec<Inline> {
        vec![Inline::Text { text: t.into() }]
    }

    fn para(t: &str) -> Block {
        Block::Paragraph {
            content: text(t),
            span: Span::default(),
        }
    }

    #[test]
    fn a_callout_without_a_title_is_headed_by_its_kinds_label() {
        assert_eq!(
            write(CalloutKind::Warning, &[], &[para("Hot.")], false),
            "<div class=\"callout callout-warning\" role=\"note\">\n\
             <p class=\"callout-title\">Warning</p>\n<p>Hot.</p>\n</div>\n"
        );
    }

    #[test]
    fn a_callouts_own_title_is_set_with_its_markup_and_escaped() {
        let title = vec![
            Inline::Text {
                text: "Faster & ".into(),
            },
            Inline::Emphasis {
                content: text("safer"),
            },
        ];
        assert_eq!(
            write(CalloutKind::Tip, &title, &[para("Do.")], false),
            "<div class=\"callout callout-tip\" role=\"note\">\n\
             <p class=\"callout-title\">Faster &amp; <em>safer</em></p>\n<p>Do.</p>\n</div>\n"
        );
    }

    #[test]
    fn a_hebrew_title_on_an_english_page_says_its_direction() {
        let out = write(CalloutKind::Note, &text("הערה"), &[], false);
        assert!(
            out.contains("<p class=\"callout-title\" dir=\"rtl\">הערה</p>"),
            "{out}"
        );
    }
}
