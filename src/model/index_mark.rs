//! A mark for the back-of-book index: the term a place in the text is listed under, as `[words]{.index}` or `[]{index="Term!sub-term"}` writes it.

use serde::Serialize;

/// The deepest an entry nests: a heading, its sub-heading and theirs
/// (LaTeX's `makeindex` and Chicago's indexes go no deeper).
pub const INDEX_LEVELS: usize = 3;

/// One place the index sends a reader to, and the entry it is listed
/// under.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IndexMark {
    /// Unique in its chapter, in reading order: `ix-1`, `ix-2`… (the
    /// EPUB's anchor; the PDF records its page under the chapter's id
    /// and this).
    pub id: String,
    /// The entry's headings, outermost first, as written between `!`s:
    /// `["Khrushchev, Nikita", "and Mao"]`. Never empty; at most
    /// [`INDEX_LEVELS`].
    pub path: Vec<String>,
    /// How the innermost heading sorts when not by its words
    /// (`index-sort="Gaulle"` for "de Gaulle, Charles").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// `index-see`: the entry sends the reader to another heading
    /// instead of giving a page ("revisionism. *See* Khrushchevism");
    /// the mark adds no locator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub see: Option<String>,
    /// `index-see-also`: another heading to look under as well.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub see_also: Option<String>,
}

impl IndexMark {
    /// A mark of the entry `path` (outermost heading first), with no
    /// sort key or cross-reference; its id is given when its chapter is
    /// numbered (`crate::index::number_marks`).
    pub fn new<S: Into<String>>(path: impl IntoIterator<Item = S>) -> IndexMark {
        IndexMark {
            id: String::new(),
            path: path.into_iter().map(Into::into).collect(),
            sort: None,
            see: None,
            see_also: None,
        }
    }
}
