//! The lists of figures and tables a book prints after its contents: which blocks they list, the ids given to those the author left without one, and each entry's words.
//!
//! A book asks for them in `book.toml` (`[figures] list = true`,
//! `[tables] list = true`). A list holds every figure (or table) of the
//! chapters' bodies with something to show for it, a number or a
//! caption, in reading order; one with neither is not listed, having
//! nothing to be named by. Figures in notes are not listed, as they are
//! not numbered (`captions.rs`).
//!
//! Each listed block needs an id for the entry to link to: one without
//! an `{#id}` of its own gets `figure-4` (`table-2`), its place among the
//! book's figures (tables), or `figure-4-2`… should the book use that
//! name already. The ids are given once, for the whole book, and given
//! again to a chapter read a second time ([`give_again`]).

use std::collections::BTreeSet;

use crate::captions::lead_in;
use crate::model::{Block, Book, Chapter, Inline, Lists};
use crate::structure::first_free;

/// One of the two lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Figures,
    Tables,
    Listings,
}

impl ListKind {
    /// All, in the order they follow the contents.
    pub const ALL: [ListKind; 3] = [ListKind::Figures, ListKind::Tables, ListKind::Listings];

    /// Its id in both editions (the EPUB's `nav`, the PDF's destination),
    /// and for figures and tables its `epub:type` (EPUB 3 Structural
    /// Semantics: list of illustrations, list of tables).
    pub fn id(self) -> &'static str {
        match self {
            ListKind::Figures => "loi",
            ListKind::Tables => "lot",
            ListKind::Listings => "lol",
        }
    }

    /// Its `epub:type`: EPUB 3's Structural Semantics name lists of
    /// illustrations and of tables, but none of code, so a list of
    /// listings has none (and is no landmark).
    pub fn epub_type(self) -> Option<&'static str> {
        match self {
            ListKind::Figures | ListKind::Tables => Some(self.id()),
            ListKind::Listings => None,
        }
    }

    /// Its heading, from the book's labels.
    pub fn title(self, book: &Book) -> &str {
        match self {
            ListKind::Figures => &book.labels.list_of_figures,
            ListKind::Tables => &book.labels.list_of_tables,
            ListKind::Listings => &book.labels.list_of_listings,
        }
    }

    /// Whether `book` prints this list: asked for, and with an entry.
    pub fn printed(self, book: &Book) -> bool {
        self.asked(book.lists) && !entries(book, self).is_empty()
    }

    fn asked(self, lists: Lists) -> bool {
        match self {
            ListKind::Figures => lists.figures,
            ListKind::Tables => lists.tables,
            ListKind::Listings => lists.listings,
        }
    }

    /// The prefix of the ids given to this kind's blocks.
    fn id_stem(self) -> &'static str {
        match self {
            ListKind::Figures => "figure",
            ListKind::Tables => "table",
            ListKind::Listings => "listing",
        }
    }
}

/// The lists `book` prints, in order.
pub fn printed(book: &Book) -> Vec<ListKind> {
    ListKind::ALL
        .into_iter()
        .filter(|kind| kind.printed(book))
        .collect()
}

/// Which list `block` belongs to, if it is a figure or a table.
fn kind_of(block: &Block) -> Option<ListKind> {
    match block {
        Block::Figure { .. } => Some(ListKind::Figures),
        Block::Table { .. } => Some(ListKind::Tables),
        b if crate::captions::is_listing(b) => Some(ListKind::Listings),
        _ => None,
    }
}

/// A figure's or table's id, label and caption.
fn parts(block: &Block) -> Option<(&Option<String>, &Option<String>, &[Inline])> {
    match block {
        Block::Figure {
            id, label, caption, ..
        }
        | Block::Table {
            id, label, caption, ..
        }
        | Block::CodeBlock {
            id, label, caption, ..
        } => Some((id, label, caption)),
        _ => None,
    }
}

/// Whether a block with this label and caption has anything to be listed by.
fn listable(label: &Option<String>, caption: &[Inline]) -> bool {
    label.is_some() || !caption.is_empty()
}

/// An id given to a chapter's block: the block's place among the
/// chapter's figures and tables together (in reading order), and the id.
pub type GivenId = (u32, String);

/// Gives every block the book lists an id, if it has none, and returns
/// the ids given in each chapter (for [`give_again`]). `in_use` holds
/// every id the book has ([`crate::structure::ids_in_use`]).
pub fn give_ids(
    chapters: &mut [Chapter],
    lists: Lists,
    mut in_use: BTreeSet<String>,
) -> Vec<Vec<GivenId>> {
    let mut seen = [0u32; 3];
    chapters
        .iter_mut()
        .map(|chapter| {
            let mut given = Vec::new();
            let mut place = 0u32;
            for block in &mut chapter.blocks {
                block.walk_mut(&mut |b| {
                    let Some(kind) = kind_of(b) else { return };
                    let at = place;
                    place += 1;
                    let ordinal = &mut seen[kind as usize];
                    *ordinal += 1;
                    let ordinal = *ordinal;
                    if !kind.asked(lists) {
                        return;
                    }
                    let (Block::Figure {
                        id, label, caption, ..
                    }
                    | Block::Table {
                        id, label, caption, ..
                    }
                    | Block::CodeBlock {
                        id, label, caption, ..
                    }) = b
                    else {
                        return;
                    };
                    if id.is_some() || !listable(label, caption) {
                        return;
                    }
                    let name = first_free(&format!("{}-{ordinal}", kind.id_stem()), |id| {
                        in_use.contains(id)
                    });
                    in_use.insert(name.clone());
                    *id = Some(name.clone());
                    given.push((at, name));
                });
            }
            given
        })
        .collect()
}

/// Gives `chapter`, read again, the ids [`give_ids`] gave it; false when
/// its figures and tables are not where they were (the text changed).
pub fn give_again(chapter: &mut Chapter, given: &[GivenId]) -> bool {
    let mut next = given.iter().peekable();
    let mut place = 0u32;
    let mut fits = true;
    for block in &mut chapter.blocks {
        block.walk_mut(&mut |b| {
            if kind_of(b).is_none() {
                return;
            }
            let at = place;
            place += 1;
            let Some((_, name)) = next.next_if(|(p, _)| *p == at) else {
                return;
            };
            if let Block::Figure { id, .. }
            | Block::Table { id, .. }
            | Block::CodeBlock { id, .. } = b
            {
                fits &= id.is_none();
                *id = Some(name.clone());
            }
        });
    }
    fits && next.next().is_none()
}

/// One line of a list: where it links to and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The block's id.
    pub id: String,
    /// The index of the chapter that holds it.
    pub chapter: usize,
    /// Its label and caption as the caption opens ("Figure 3.2. The
    /// Balkans"), notes dropped and links made plain text
    /// ([`Inline::title_copy`]); the label alone without a caption, the
    /// caption alone without a label.
    pub words: Vec<Inline>,
}

/// The entries of `kind`'s list in `book`, in reading order: empty when
/// the book does not ask for it.
pub fn entries(book: &Book, kind: ListKind) -> Vec<Entry> {
    entries_of(&book.chapters, book.lists, kind)
}

fn entries_of(chapters: &[Chapter], lists: Lists, kind: ListKind) -> Vec<Entry> {
    if !kind.asked(lists) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (index, chapter) in chapters.iter().enumerate() {
        for block in &chapter.blocks {
            block.walk(&mut |b| {
                if kind_of(b) != Some(kind) {
                    return;
                }
                let Some((Some(id), label, caption)) = parts(b) else {
                    return;
                };
                if !listable(label, caption) {
                    return;
                }
                out.push(Entry {
                    id: id.clone(),
                    chapter: index,
                    words: words(label.as_deref(), caption),
                });
            });
        }
    }
    out
}

/// An entry's words: the label as it opens a caption, then the caption.
fn words(label: Option<&str>, caption: &[Inline]) -> Vec<Inline> {
    let mut words = Vec::new();
    if let Some(label) = label {
        let text = if caption.is_empty() {
            label.to_string()
        } else {
            let (label, gap) = lead_in(label);
            format!("{label}{gap}")
        };
        words.push(Inline::Text { text });
    }
    words.extend(Inline::title_copy(caption));
    words
}

#[cfg(test)]
mod tests;
