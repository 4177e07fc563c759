//! The EPUB's theorem markup: a `div` of class `theorem-like` and its kind, its head run into its first paragraph as amsthm sets it, a proof's QED mark at its end.

use super::blocks::push_blocks;
use super::{is_safe_anchor, push_attr, push_inlines, Links};
use crate::model::{Block, Inline, TheoremKind, TheoremStyle};

/// The class naming how a kind is set (`theorem.css` styles each).
fn style_class(style: TheoremStyle) -> &'static str {
    match style {
        TheoremStyle::Plain => "thm-plain",
        TheoremStyle::Definition => "thm-definition",
        TheoremStyle::Remark => "thm-remark",
        TheoremStyle::Proof => "thm-proof",
    }
}

/// A theorem-like block: `<div class="theorem-like theorem thm-plain"
/// id="thm-…">`, its head ("Theorem 3.1", its name in brackets, a full
/// stop) a `<strong>` (an `<em>` for a remark or a proof) opening its
/// first paragraph, or a paragraph of its own when the body opens with
/// anything else. A `div`, no landmark or role: a theorem is the text
/// where it stands, read in order, and its head says what it is. A
/// proof's last paragraph ends in a QED mark, hidden from screen readers
/// (the block's end says as much), floated to the line's end.
pub(super) fn push_theorem(
    out: &mut String,
    (kind, id, label): (TheoremKind, Option<&str>, &str),
    name: &[Inline],
    blocks: &[Block],
    links: &Links,
) {
    let style = kind.style();
    out.push_str("<div class=\"theorem-like ");
    out.push_str(kind.name());
    out.push(' ');
    out.push_str(style_class(style));
    out.push('"');
    if let Some(id) = id.filter(|id| is_safe_anchor(id)) {
        out.push_str(" id=\"");
        push_attr(out, id);
        out.push('"');
    }
    out.push_str(">\n");
    let mut head = String::new();
    let tag = match style {
        TheoremStyle::Plain | TheoremStyle::Definition => "strong",
        TheoremStyle::Remark | TheoremStyle::Proof => "em",
    };
    head.push_str(&format!("<{tag} class=\"theorem-head\">"));
    push_inlines(&mut head, &[Inline::Text { text: label.into() }], links);
    head.push_str(&format!("</{tag}>"));
    if !name.is_empty() {
        head.push_str(" <span class=\"theorem-name\">(");
        push_inlines(&mut head, name, links);
        head.push_str(")</span>");
    }
    head.push_str(&format!("<{tag} class=\"theorem-head\">.</{tag}> "));
    let mut body = String::new();
    push_blocks(&mut body, blocks, links);
    // The head opens the first paragraph's text, after its `<p…>`.
    let opens_with_paragraph = matches!(blocks.first(), Some(Block::Paragraph { .. }));
    match body.find('>').filter(|_| opens_with_paragraph) {
        Some(end) if body.starts_with("<p") => {
            body.insert_str(end + 1, &head);
        }
        _ => {
            out.push_str("<p>");
            out.push_str(head.trim_end());
            out.push_str("</p>\n");
        }
    }
    if style == TheoremStyle::Proof {
        let mark = "<span class=\"qed\" aria-hidden=\"true\">\u{220E}</span>";
        let ends_with_paragraph = matches!(blocks.last(), Some(Block::Paragraph { .. }));
        match body.rfind("</p>\n").filter(|_| ends_with_paragraph) {
            Some(at) if at + "</p>\n".len() == body.len() => body.insert_str(at, mark),
            _ => {
                body.push_str("<p class=\"qed-line\">");
                body.push_str(mark);
                body.push_str("</p>\n");
            }
        }
    }
    out.push_str(&body);
    out.push_str("</div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epub::xhtml::Sources;
    use crate::model::Span;
    use std::collections::BTreeMap;

    fn write(
        kind: TheoremKind,
        id: Option<&str>,
        label: &str,
        name: &str,
        blocks: &[Block],
    ) -> String {
        let none = BTreeMap::new();
        let links = Links {
            notes_file: "notes.xhtml",
            chapter_files: &none,
            note_targets: &none,
            images: &BTreeMap::new(),
            rtl: false,
            sources: Sources::Nowhere,
            glossary: false,
            numerals: crate::numerals::Numerals::Latn,
            plain_math: false,
            callouts: ["Note", "Tip", "Important", "Warning", "Caution"],
        };
        let name = if name.is_empty() {
            Vec::new()
        } else {
            text(name)
        };
        let mut out = String::new();
        push_theorem(&mut out, (kind, id, label), &name, blocks, &links);
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
    fn a_theorems_head_opens_its_first_paragraph() {
        assert_eq!(
            write(
                TheoremKind::Theorem,
                Some("thm-p"),
                "Theorem\u{a0}3.1",
                "Pythagoras",
                &[para("In a right triangle."), para("Also.")]
            ),
            "<div class=\"theorem-like theorem thm-plain\" id=\"thm-p\">\n\
             <p><strong class=\"theorem-head\">Theorem\u{a0}3.1</strong> \
             <span class=\"theorem-name\">(Pythagoras)</span>\
             <strong class=\"theorem-head\">.</strong> In a right triangle.</p>\n\
             <p>Also.</p>\n</div>\n"
        );
    }

    #[test]
    fn a_proof_has_an_italic_head_and_ends_in_its_mark() {
        assert_eq!(
            write(TheoremKind::Proof, None, "Proof", "", &[para("Easy.")]),
            "<div class=\"theorem-like proof thm-proof\">\n\
             <p><em class=\"theorem-head\">Proof</em><em class=\"theorem-head\">.</em> \
             Easy.<span class=\"qed\" aria-hidden=\"true\">\u{220E}</span></p>\n</div>\n"
        );
        // Ending in anything but a paragraph, the mark takes a line.
        let list = Block::List {
            start: None,
            items: vec![vec![para("a")]],
            span: Span::default(),
        };
        let out = write(TheoremKind::Proof, None, "Proof", "", &[list]);
        assert!(out.starts_with("<div class=\"theorem-like proof thm-proof\">\n<p><em class=\"theorem-head\">Proof</em><em class=\"theorem-head\">.</em></p>\n<ul>"), "{out}");
        assert!(out.ends_with("<p class=\"qed-line\"><span class=\"qed\" aria-hidden=\"true\">\u{220E}</span></p>\n</div>\n"), "{out}");
    }
}
