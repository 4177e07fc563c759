//! Theorems, definitions, remarks and proofs in the print edition, as amsthm sets them: the head run into the first paragraph ("**Theorem 3.1** (Name). *Body…*"), a line of space around, a proof's QED mark flush right on its last line.

use super::{blocks, paragraph, space, Before, Measures, Origin, Piece, Role};
use crate::diagnostics::Diagnostics;
use crate::model::{Block as ModelBlock, Formula, Inline, MathNode, OpClass, Span, TheoremStyle};
use crate::pdf::paginate::Block;
use crate::pdf::paragraph::{Align, ParagraphStyle, Typesetter};

/// The end-of-proof mark, U+220E, from the math face: EB Garamond has
/// neither it nor amsthm's open box (□), Garamond-Math has both, and ∎
/// (Halmos's tombstone) is the mark Unicode names for the end of a proof.
fn qed() -> Inline {
    Inline::Math {
        formula: Formula {
            tex: "\\blacksquare".into(),
            display: false,
            nodes: vec![MathNode::Operator {
                text: "\u{220E}".into(),
                class: OpClass::Ordinary,
                large: false,
                limits: false,
                size: 0,
            }],
            tag: None,
        },
    }
}

/// The head's inlines: amsthm's `\thmhead` (the label, the name in
/// brackets in the upright text face, a full stop in the head's face)
/// and the space after it.
fn head(style: TheoremStyle, label: &str, name: &[Inline]) -> Vec<Inline> {
    let in_head_face = |text: &str| {
        let content = vec![Inline::Text { text: text.into() }];
        match style {
            TheoremStyle::Plain | TheoremStyle::Definition => Inline::Strong { content },
            TheoremStyle::Remark | TheoremStyle::Proof => Inline::Emphasis { content },
        }
    };
    let mut out = vec![in_head_face(label)];
    if !name.is_empty() {
        out.push(Inline::Text { text: " (".into() });
        out.extend(name.iter().cloned());
        out.push(Inline::Text { text: ")".into() });
    }
    out.push(in_head_face("."));
    out.push(Inline::Text { text: " ".into() });
    out
}

/// `blocks` with every run of their text in italic (a plain theorem's
/// body), its own emphasis coming out upright as amsthm's `\emph` does.
fn italic(blocks: &[ModelBlock]) -> Vec<ModelBlock> {
    let mut out = blocks.to_vec();
    for block in &mut out {
        block.for_each_inlines_mut(&mut |inlines| {
            if !inlines.is_empty() {
                let content = std::mem::take(inlines);
                inlines.push(Inline::Emphasis { content });
            }
        });
    }
    out
}

/// A theorem-like block of `style`, headed `label` (its number's words,
/// "Theorem 3.1", or its kind's, "Proof") and named `name`, its `inner`
/// blocks, as pieces: a blank line above (unless the block before left
/// one), the head opening its first paragraph flush (a paragraph of its
/// own when the body opens with anything else), the body italic for a
/// plain theorem, a blank line under it. The first piece takes the
/// block's place, so links and page references to its id land on it.
#[allow(clippy::too_many_arguments)]
pub(super) fn theorem(
    ts: &mut Typesetter<'_>,
    (style, label, name): (TheoremStyle, &str, &[Inline]),
    inner: &[ModelBlock],
    file: &str,
    role: &Role,
    m: &Measures,
    (inset, span, prev_space): (f32, Span, bool),
    out: &mut Vec<Piece>,
    diags: &mut Diagnostics,
) {
    if !prev_space {
        out.push(space(1));
    }
    let first = out.len();
    let mut body = match style {
        TheoremStyle::Plain => italic(inner),
        _ => inner.to_vec(),
    };
    let head = head(style, label, name);
    match body.first_mut() {
        Some(ModelBlock::Paragraph { content, .. }) => {
            let rest = std::mem::take(content);
            *content = head;
            content.extend(rest);
        }
        _ => body.insert(
            0,
            ModelBlock::Paragraph {
                content: head,
                span,
            },
        ),
    }
    let proof_ends_in_paragraph =
        style == TheoremStyle::Proof && matches!(body.last(), Some(ModelBlock::Paragraph { .. }));
    if proof_ends_in_paragraph {
        if let Some(ModelBlock::Paragraph { content, .. }) = body.last_mut() {
            // Held to the last word by a no-break space, then moved to
            // the line's end: never a line of its own after a full line.
            content.push(Inline::Text {
                text: "\u{a0}".into(),
            });
            content.push(qed());
        }
    }
    let mut indent = false;
    blocks(
        ts,
        &body,
        file,
        role.clone(),
        m,
        inset,
        0.0,
        &mut indent,
        Before {
            space: true,
            start: true,
            ..Before::default()
        },
        out,
        diags,
    );
    if let Some(piece) = out[first..].iter_mut().find(|p| p.origin.is_some()) {
        piece.origin = Some(Origin {
            file: file.to_string(),
            span,
        });
    }
    let measure = m.measure - 2.0 * inset.min(m.measure / 4.0);
    // A proof ending in an unnumbered display takes the mark on the
    // display's line, as amsthm's `\qedhere` sets it.
    let display = match body.last() {
        Some(ModelBlock::Equation {
            label: None, span, ..
        }) if style == TheoremStyle::Proof => Some(*span),
        _ => None,
    };
    let mark = if style == TheoremStyle::Proof && !proof_ends_in_paragraph {
        let style = ParagraphStyle {
            align: Align::Left,
            hyphenate: false,
            ..ParagraphStyle::body(m.size, measure, 0.0)
        };
        ts.set_paragraph(&[qed()], &style).lines.pop()
    } else {
        None
    };
    let on_display = display.zip(mark.as_ref()).is_some_and(|(at, mark)| {
        out[first..]
            .iter_mut()
            .rev()
            .find(|p| p.origin.as_ref().is_some_and(|o| o.span == at))
            .is_some_and(|piece| mark_display(piece, mark, measure, m.size))
    });
    if proof_ends_in_paragraph {
        if let Some(piece) = out[first..]
            .iter_mut()
            .rev()
            .find(|p| matches!(p.block, Block::Paragraph { .. }))
        {
            flush_mark_right(piece, measure, m.size);
        }
    } else if let (Some(_), false) = (&mark, on_display) {
        // After a list, code or a numbered display: the mark on a line of
        // its own, as amsthm sets `\qed` there.
        let style = ParagraphStyle {
            align: Align::Left,
            hyphenate: false,
            ..ParagraphStyle::body(m.size, measure, 0.0)
        };
        let mut piece = paragraph(ts, &[qed()], &style, inset, role.clone(), None, diags);
        flush_mark_right(&mut piece, measure, m.size);
        if matches!(out.last().map(|p| &p.block), Some(Block::Space { .. })) {
            // The space a list or a display leaves under it goes under
            // the mark instead.
            let spacer = out.pop().expect("a space");
            out.push(piece);
            out.push(spacer);
        } else {
            out.push(piece);
        }
    }
    let spaced = match out.last().map(|p| &p.block) {
        Some(Block::Space { .. }) => true,
        Some(Block::Rows { space_after, .. }) => *space_after > 0,
        _ => false,
    };
    if !spaced {
        out.push(space(1));
    }
}

/// Sets `mark` (the QED mark, set alone) at the right edge of the
/// display `piece`'s formula line, when a quad clears the formula's
/// ink there; `false` when it does not (the mark then takes a line).
fn mark_display(
    piece: &mut Piece,
    mark: &crate::pdf::paragraph::SetLine,
    measure: f32,
    size: f32,
) -> bool {
    let Some(line) = piece
        .settings
        .first_mut()
        .and_then(|lines| lines.iter_mut().find(|l| !l.runs.is_empty()))
    else {
        return false;
    };
    let ink_end = line
        .runs
        .iter()
        .map(|r| r.x + r.glyphs.iter().map(|g| g.advance).sum::<f32>())
        .fold(0.0, f32::max);
    let x = measure - mark.width;
    if ink_end + size > x {
        return false;
    }
    line.runs.extend(mark.runs.iter().cloned().map(|mut run| {
        run.x += x;
        run
    }));
    true
}

/// Moves the QED mark ending `piece`'s last line to the measure's right
/// edge, a quad at least from the words before it, as amsthm's `\qed`
/// sets it; where the line leaves no quad, onto a line of its own. The
/// paragraph keeps its best setting alone: its others, set later if
/// pagination chose one, would have the mark where the words left it.
fn flush_mark_right(piece: &mut Piece, measure: f32, size: f32) {
    piece.settings.truncate(1);
    piece.unset = None;
    let Block::Paragraph { variants } = &mut piece.block else {
        return;
    };
    variants.truncate(1);
    let Some(lines) = piece.settings.first_mut() else {
        return;
    };
    let Some(line) = lines.last_mut() else {
        return;
    };
    let Some(at) = line
        .runs
        .iter()
        .rposition(|r| r.glyphs.iter().any(|g| g.text.as_str() == "\u{220E}"))
    else {
        return;
    };
    let width: f32 = line.runs[at].glyphs.iter().map(|g| g.advance).sum();
    let words_end = line.runs[..at]
        .iter()
        .map(|r| r.x + r.glyphs.iter().map(|g| g.advance).sum::<f32>())
        .fold(0.0, f32::max);
    let x = measure - width;
    if words_end + size <= x || line.runs.len() == 1 {
        line.runs[at].x = x;
        line.width = measure;
        return;
    }
    let mut run = line.runs.remove(at);
    line.width = words_end;
    run.x = x;
    let own = crate::pdf::paragraph::SetLine {
        runs: vec![run],
        width: measure,
        first_word: "\u{220E}".into(),
        last_word: "\u{220E}".into(),
        ..Default::default()
    };
    lines.push(own);
    if let Some(variant) = variants.first_mut() {
        variant.hyphenated.push(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text { text: t.into() }
    }

    #[test]
    fn a_plain_head_is_bold_its_name_upright_and_its_stop_bold() {
        let got = head(
            TheoremStyle::Plain,
            "Theorem\u{a0}3.1",
            &[text("Pythagoras")],
        );
        assert_eq!(
            got,
            [
                Inline::Strong {
                    content: vec![text("Theorem\u{a0}3.1")]
                },
                text(" ("),
                text("Pythagoras"),
                text(")"),
                Inline::Strong {
                    content: vec![text(".")]
                },
                text(" "),
            ]
        );
        let proof = head(TheoremStyle::Proof, "Proof", &[]);
        assert_eq!(
            proof[0],
            Inline::Emphasis {
                content: vec![text("Proof")]
            }
        );
        assert_eq!(proof.len(), 3);
    }

    #[test]
    fn a_plain_body_is_italic_and_its_emphasis_upright() {
        let body = italic(&[ModelBlock::Paragraph {
            content: vec![
                text("if "),
                Inline::Emphasis {
                    content: vec![text("and only if")],
                },
            ],
            span: Span::default(),
        }]);
        let ModelBlock::Paragraph { content, .. } = &body[0] else {
            panic!("a paragraph")
        };
        assert!(
            matches!(&content[..], [Inline::Emphasis { content }] if content.len() == 2),
            "{content:?}"
        );
    }
}
