//! Where a book's chapters are found whole: held in the model, or read again from their files when an edition asks (`Book::chapter_whole`).

use super::Chapter;

/// Where a book's chapters are found whole.
///
/// A book loaded for a build holds each chapter as an outline: its title,
/// headings, notes and the marks of its text (note references, links,
/// figures, tables, language spans, code), without the text itself, which
/// is what a long book's memory goes to. Both editions ask for chapter
/// after chapter whole through [`Book::chapter_whole`](super::Book::chapter_whole), and each is read
/// and parsed again when asked for, so memory holds a few chapters, not
/// the book. Everything that spans the book (numbers, ids, cross
/// references, images, navigation, the notes) is in the outlines.
#[derive(Clone, Default)]
pub enum Bodies {
    /// `Book::chapters` hold every chapter whole.
    #[default]
    Held,
    /// `Book::chapters` hold outlines; this gives each chapter whole.
    Reread(std::sync::Arc<dyn ChapterSource>),
}

impl std::fmt::Debug for Bodies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Bodies::Held => "Held",
            Bodies::Reread(_) => "Reread",
        })
    }
}

impl PartialEq for Bodies {
    fn eq(&self, other: &Bodies) -> bool {
        match (self, other) {
            (Bodies::Held, Bodies::Held) => true,
            (Bodies::Reread(a), Bodies::Reread(b)) => std::sync::Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// Gives the chapters of a book held as outlines whole again.
pub trait ChapterSource: Send + Sync {
    /// Chapter `index` whole: what a book loaded whole holds at `index`;
    /// an error (with its file) if its source can no longer give it.
    fn chapter(&self, index: usize)
        -> Result<std::sync::Arc<Chapter>, crate::diagnostics::Failure>;
}

/// A chapter whole, borrowed from the book or read again for the asker.
#[derive(Debug, Clone)]
pub enum Whole<'a> {
    Held(&'a Chapter),
    Reread(std::sync::Arc<Chapter>),
}

impl std::ops::Deref for Whole<'_> {
    type Target = Chapter;

    fn deref(&self) -> &Chapter {
        match self {
            Whole::Held(chapter) => chapter,
            Whole::Reread(chapter) => chapter,
        }
    }
}
