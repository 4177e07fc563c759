//! What a run of inlines says as text elsewhere: its plain text (for
//! navigation, outlines, slugs), its copy as a title repeated in the
//! contents, and its children.

use super::Inline;

impl Inline {
    /// A title's inlines as another place repeats them (a contents entry,
    /// the heading of its notes): emphasis, small capitals and language
    /// spans kept, note references dropped (their note is the text's),
    /// links made plain text (the entry is a link already).
    pub fn title_copy(title: &[Inline]) -> Vec<Inline> {
        title
            .iter()
            .filter_map(|inline| match inline {
                Inline::NoteRef { .. } => None,
                // The index points to the heading, not to its copy.
                Inline::Indexed { content, .. } => Some(Inline::Span {
                    lang: None,
                    dir: None,
                    content: Inline::title_copy(content),
                }),
                Inline::Link { content, .. } => Some(Inline::Span {
                    lang: None,
                    dir: None,
                    content: Inline::title_copy(content),
                }),
                other => {
                    let mut other = other.clone();
                    if let Some(children) = other.children_mut() {
                        *children = Inline::title_copy(children);
                    }
                    Some(other)
                }
            })
            .collect()
    }

    /// The plain text of a run of inlines (note references omitted).
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for inline in inlines {
            inline.push_plain_text(&mut out);
        }
        out
    }

    fn push_plain_text(&self, out: &mut String) {
        match self {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::LineBreak => out.push(' '),
            // As read out: 𝑥², the letters in their mathematical alphabets.
            Inline::Math { formula } => out.push_str(&crate::math::linear_text(&formula.nodes)),
            Inline::NoteRef { .. } => {}
            other => {
                for inline in other.children() {
                    inline.push_plain_text(out);
                }
            }
        }
    }

    /// The notes first referenced in a run of inlines, by number, in order.
    pub fn first_note_numbers(inlines: &[Inline]) -> Vec<u32> {
        let mut out = Vec::new();
        for inline in inlines {
            match inline {
                Inline::NoteRef {
                    number,
                    first: true,
                    ..
                } => out.push(*number),
                other => out.extend(Inline::first_note_numbers(other.children())),
            }
        }
        out
    }

    /// The inlines this one wraps (emphasis, links, …); empty for leaves.
    pub fn children(&self) -> &[Inline] {
        match self {
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::SmallCaps { content }
            | Inline::Span { content, .. }
            | Inline::Indexed { content, .. }
            | Inline::Link { content, .. } => content,
            Inline::Text { .. }
            | Inline::Code { .. }
            | Inline::Math { .. }
            | Inline::LineBreak
            | Inline::NoteRef { .. } => &[],
        }
    }

    /// [`Inline::children`], mutable; `None` for leaves.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::SmallCaps { content }
            | Inline::Span { content, .. }
            | Inline::Indexed { content, .. }
            | Inline::Link { content, .. } => Some(content),
            Inline::Text { .. }
            | Inline::Code { .. }
            | Inline::Math { .. }
            | Inline::LineBreak
            | Inline::NoteRef { .. } => None,
        }
    }
}
