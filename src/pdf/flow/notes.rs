//! A chapter's notes as pieces of the flow: each note's number hanging in the margin of its first paragraph, linked back to its reference.

use super::{blocks, paragraph, paragraph_is_rtl, Measures, Origin, Piece, Role};
use crate::diagnostics::Diagnostics;
use crate::model::{Block as ModelBlock, Chapter, Note};
use crate::pdf::fontset::FaceKind;
use crate::pdf::paginate::{Block, Variant};
use crate::pdf::paragraph::{ParagraphStyle, SetLine, Typesetter};

/// The notes of one chapter as pieces: each note's number hangs in the
/// margin of its first paragraph and links back to the reference.
pub fn notes(
    ts: &mut Typesetter<'_>,
    chapter: &Chapter,
    index: usize,
    m: &Measures,
    diags: &mut Diagnostics,
) -> Vec<Piece> {
    notes_each(ts, chapter, index, m, diags)
        .into_iter()
        .flatten()
        .collect()
}

/// `notes`, each note's pieces apart (in the chapter's order of notes).
pub fn notes_each(
    ts: &mut Typesetter<'_>,
    chapter: &Chapter,
    index: usize,
    m: &Measures,
    diags: &mut Diagnostics,
) -> Vec<Vec<Piece>> {
    let gap = 0.4 * m.size;
    let numbers: Vec<SetLine> = chapter
        .notes
        .iter()
        .map(|n| {
            let number = ts.numerals.number(n.number);
            ts.set_line(&format!("{number}."), FaceKind::Regular, m.size)
        })
        .collect();
    // One hanging indent for the chapter's notes, as wide as its widest number.
    let hang = numbers.iter().map(|l| l.width).fold(0.0f32, f32::max) + gap;
    let mut out = Vec::new();
    for (note, number) in chapter.notes.iter().zip(numbers) {
        let rtl = note_is_rtl(note);
        let role = Role::NoteStart {
            chapter: index,
            note_id: note.id.clone(),
            ref_id: note.ref_id.clone(),
            number: Box::new(number),
            gap,
            right_of: rtl.then_some(m.measure - hang),
        };
        // A right-to-left note hangs its number on the right: its text
        // starts at the left edge.
        let shift = if rtl { 0.0 } else { hang };
        let mut pieces = Vec::new();
        note_pieces(
            ts,
            chapter,
            note,
            role,
            (hang, shift),
            m,
            &mut pieces,
            diags,
        );
        out.push(pieces);
    }
    out
}

/// Whether a note's first paragraph is right to left (it starts in
/// Hebrew or Arabic), as the paragraph's setting will find.
fn note_is_rtl(note: &Note) -> bool {
    note.blocks
        .iter()
        .find_map(|b| match b {
            ModelBlock::Paragraph { content, .. } => Some(content),
            _ => None,
        })
        .is_some_and(|content| paragraph_is_rtl(content))
}

/// A note's pieces, set `hang` narrower than the measure and `shift`
/// right of its left edge.
#[allow(clippy::too_many_arguments)]
fn note_pieces(
    ts: &mut Typesetter<'_>,
    chapter: &Chapter,
    note: &Note,
    role: Role,
    (hang, shift): (f32, f32),
    m: &Measures,
    out: &mut Vec<Piece>,
    diags: &mut Diagnostics,
) {
    let narrow = Measures {
        measure: m.measure - hang,
        ..*m
    };
    // Note references inside the note (a note citing another, or itself)
    // link like the body's: later paragraphs and other blocks keep the
    // chapter, so their marks find their notes.
    let text_role = match &role {
        Role::NoteStart { chapter, .. } | Role::Text { chapter } => {
            Role::Text { chapter: *chapter }
        }
        Role::Plain => Role::Plain,
    };
    let mut first = Some(role);
    for block in &note.blocks {
        match block {
            ModelBlock::Paragraph { content, span } => {
                let origin = Some(Origin {
                    file: chapter.file.clone(),
                    span: *span,
                });
                let (indent, role) = match first.take() {
                    Some(role) => (0.0, role),
                    None => (m.indent, text_role.clone()),
                };
                let style = ParagraphStyle::body(m.size, narrow.measure, indent);
                out.push(paragraph(ts, content, &style, shift, role, origin, diags));
            }
            other => {
                let mut indent = true;
                let before = out.len();
                blocks(
                    ts,
                    std::slice::from_ref(other),
                    &chapter.file,
                    text_role.clone(),
                    &narrow,
                    0.0,
                    0.0,
                    &mut indent,
                    super::Before::tight_start(),
                    out,
                    diags,
                );
                for piece in &mut out[before..] {
                    piece.x += shift;
                }
            }
        }
    }
    if let Some(role) = first {
        // A note with no paragraph: an empty line still carries its number
        // and anchors the links.
        out.push(Piece {
            block: Block::Paragraph {
                variants: vec![Variant {
                    cost: 0.0,
                    hyphenated: vec![false],
                    splits: Vec::new(),
                }],
            },
            settings: vec![vec![ts.set_line("", FaceKind::Regular, m.size)]],
            unset: None,
            x: shift,
            role,
            origin: None,
            art: Vec::new(),
            flag: None,
            bars: Vec::new(),
        });
    }
}
