//! `[notes]`, `[figures]`, `[tables]`, `[listings]` and `[theorems]` in book.toml: how notes, figures, tables, listings and theorems are numbered.

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

/// `[theorems]`: how theorems, lemmas, definitions… are numbered.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TheoremsConfig {
    #[serde(default)]
    pub numbering: TheoremNumbering,
    /// One count for every kind, as amsthm's `\newtheorem{lemma}[theorem]`
    /// shares theorem's: "Theorem 1, Lemma 2, Corollary 3", so a reader
    /// finds Lemma 2 between Theorem 1 and Corollary 3. By default each
    /// kind counts on its own (Quarto's).
    #[serde(default)]
    pub shared: bool,
}

/// How theorem numbers run: a theorem is always numbered (its id asks
/// for it), so there is no "none".
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum TheoremNumbering {
    /// Counted again in each numbered chapter: Theorem 3.1, 3.2…
    #[default]
    Chapter,
    /// Counted through the book: Theorem 1, 2, 3…
    Book,
}
