//! `[notes]`, `[figures]` and `[tables]` in book.toml: how notes, figures and tables are numbered.

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NotesConfig {
    #[serde(default)]
    pub numbering: NoteNumbering,
}

/// How note numbers run: restarting in each chapter, or through the book.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum NoteNumbering {
    #[default]
    Chapter,
    Book,
}

/// `[figures]` or `[tables]`: how their captions are numbered.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CaptionsConfig {
    #[serde(default)]
    pub numbering: CaptionNumbering,
    /// A list of them after the contents (the labels `list-of-figures`,
    /// `list-of-tables`): each with its number and caption, and in print
    /// its page.
    #[serde(default)]
    pub list: bool,
}

/// Whether figures (or tables) carry a number, "Figure 3.2" or
/// "Figure 7", that an empty link to them prints (`[](#fig-map)`).
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum CaptionNumbering {
    /// Not numbered: the caption is the author's words alone.
    #[default]
    None,
    /// Counted again in each numbered chapter, after its number: 3.1, 3.2…
    Chapter,
    /// Counted through the book: 1, 2, 3…
    Book,
}
