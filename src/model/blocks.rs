//! The blocks of a chapter (paragraphs, headings, figures, tables, callouts,
//! theorems…) and the small kinds they hold; their inlines are in `mod.rs`.

use serde::{Deserialize, Serialize};

use super::*;

/// A position in a source file, 1-based.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
pub struct Span {
    pub line: u32,
    pub col: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        content: Vec<Inline>,
        span: Span,
    },
    Heading {
        /// 2..=6 inside a chapter (level 1 is the chapter title); levels
        /// are normalised so none is skipped.
        level: u8,
        /// Unique in the book: `{#id}` from the source, else
        /// [`crate::ids::heading_slug`] of the text, in its own script.
        id: String,
        content: Vec<Inline>,
        span: Span,
    },
    BlockQuote {
        blocks: Vec<Block>,
        span: Span,
    },
    List {
        /// `Some(start)` for an ordered list.
        start: Option<u64>,
        items: Vec<Vec<Block>>,
        span: Span,
    },
    ThematicBreak {
        span: Span,
    },
    CodeBlock {
        language: Option<String>,
        text: String,
        /// What the grammar of `language` makes of `text`, for colouring:
        /// empty for a block without a language, in one bookpack has no
        /// grammar for, or held as an outline (`crate::highlight`).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tokens: Vec<CodeToken>,
        /// Quarto's `lst-cap="…"`: the listing's caption, set above the
        /// code; empty for none.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        caption: Vec<Inline>,
        /// From the fence's `#id` (`#lst-fib`): a link's target.
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// "Listing 3.2", when the book numbers its listings (`[listings]
        /// numbering`) and this block is one (see `captions.rs`).
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        /// The number of its first line when its lines are numbered
        /// (pandoc's `.numberLines` and `startFrom`, or `[code]
        /// line-numbers`); none when they are not.
        #[serde(skip_serializing_if = "Option::is_none")]
        first_line: Option<u32>,
        span: Span,
    },
    /// A displayed formula (`$$…$$`), centred on lines of its own. Text
    /// around it in the same paragraph becomes paragraphs of their own,
    /// the one after unindented (it goes on with the sentence).
    Equation {
        formula: Formula,
        /// From pandoc's `{#eq-id}` after the closing `$$`: a link's target.
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// Its number, "(3.2)", set at the right margin, when it has an
        /// id (and so can be referred to).
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        span: Span,
    },
    /// An image alone in its paragraph: `![alt](path "caption")`.
    Figure {
        image: ImageRef,
        /// From the image's title; empty for none.
        caption: Vec<Inline>,
        /// From pandoc's `{#id}` after the image: a link's target.
        id: Option<String>,
        /// Its number with its word, "Figure 3.2", when the book numbers
        /// its figures (`[figures] numbering`): set before the caption and
        /// lent to an empty link to it.
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        span: Span,
    },
    /// A GitHub-style pipe table.
    Table {
        /// From a `Table: caption` paragraph before or after it (pandoc); empty for none.
        caption: Vec<Inline>,
        /// From a `{#id}` ending the caption (pandoc): a link's target.
        id: Option<String>,
        /// "Table 4", when the book numbers its tables (see `Figure`'s).
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        /// One per column.
        align: Vec<ColumnAlign>,
        /// The header row: one run of inlines per column.
        head: Vec<Vec<Inline>>,
        /// Body rows, each with exactly `align.len()` cells.
        rows: Vec<Vec<Vec<Inline>>>,
        span: Span,
    },
    /// Terms and their definitions (`Term` then `: definition` lines).
    DefinitionList {
        items: Vec<Definition>,
        span: Span,
    },
    /// Verse (`::: verse`, or pandoc's `| ` line blocks): stanzas of lines
    /// set as written, each line its own, never run together or justified.
    Verse {
        /// At least one stanza, each of at least one line.
        stanzas: Vec<Vec<VerseLine>>,
        span: Span,
    },
    /// A boxed aside in the flow of the text: a note, tip, warning…
    /// (GitHub's `> [!NOTE]` alert, or Quarto's `::: {.callout-note}`).
    /// Both editions set it apart under its title, with a rule at its
    /// side; it reads in its place, unlike a note.
    Callout {
        kind: CalloutKind,
        /// From `title="…"` or the callout's first heading; empty for
        /// none, when the editions print the kind's word in the book's
        /// language ([`Labels::callout`]).
        title: Vec<Inline>,
        blocks: Vec<Block>,
        span: Span,
    },
    /// A theorem-like block, as Quarto writes one (`::: {#thm-x
    /// name="…"}`, `::: {.proof}`): a head ("Theorem 3.1 (Name).") run
    /// into its body, set in amsthm's style for its kind.
    Theorem {
        kind: TheoremKind,
        /// From the div's `#thm-…` id (Quarto's prefix for the kind): a
        /// cross reference's target, and what makes the block numbered.
        id: Option<String>,
        /// From `name="…"` or the div's first heading; empty for none.
        name: Vec<Inline>,
        /// The head's words, "Theorem\u{a0}3.1" when numbered, "Proof"
        /// when not: set by `captions.rs` from the labels.
        #[serde(skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        blocks: Vec<Block>,
        span: Span,
    },
    /// The works the book cites (`[bibliography]` in book.toml), in the
    /// order and form of its citation style: set by `citations.rs` at the
    /// end of the book's bibliography chapter (`kind: bibliography`).
    Bibliography {
        entries: Vec<BibliographyEntry>,
        span: Span,
    },
}

/// What a callout is, which says how urgently it asks to be read.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum CalloutKind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl CalloutKind {
    pub const ALL: [CalloutKind; 5] = [
        CalloutKind::Note,
        CalloutKind::Tip,
        CalloutKind::Important,
        CalloutKind::Warning,
        CalloutKind::Caution,
    ];

    /// The name written in the source (`callout-note`, `[!NOTE]` in
    /// any case) and in the EPUB's class, e.g. `warning`.
    pub fn name(self) -> &'static str {
        match self {
            CalloutKind::Note => "note",
            CalloutKind::Tip => "tip",
            CalloutKind::Important => "important",
            CalloutKind::Warning => "warning",
            CalloutKind::Caution => "caution",
        }
    }

    /// The kind named `name` (lower case), if it is one.
    pub fn from_name(name: &str) -> Option<CalloutKind> {
        CalloutKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// What a callout of this kind is headed by: its own `title`, or,
    /// when it has none, the kind's word from `words` (the book's
    /// `callout-…` labels, in [`CalloutKind::ALL`]'s order). One lookup,
    /// so the two editions cannot head the same callout differently.
    pub fn heading<'a, S: AsRef<str>>(
        self,
        title: &'a [Inline],
        words: &[S; 5],
    ) -> std::borrow::Cow<'a, [Inline]> {
        if !title.is_empty() {
            return std::borrow::Cow::Borrowed(title);
        }
        let at = CalloutKind::ALL
            .iter()
            .position(|k| *k == self)
            .unwrap_or(0);
        std::borrow::Cow::Owned(vec![Inline::Text {
            text: words[at].as_ref().to_string(),
        }])
    }
}

/// A theorem-like block's kind: Quarto's ten numbered kinds and the
/// unnumbered proof.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum TheoremKind {
    Theorem,
    Lemma,
    Corollary,
    Proposition,
    Conjecture,
    Definition,
    Example,
    Exercise,
    Solution,
    Remark,
    Proof,
}

/// How a kind is set, amsthm's three styles and its proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TheoremStyle {
    /// Bold head, italic body (theorem, lemma, corollary, proposition, conjecture).
    Plain,
    /// Bold head, upright body (definition, example, exercise, solution).
    Definition,
    /// Italic head, upright body (remark).
    Remark,
    /// Italic "Proof." head, upright body, ending in a QED mark.
    Proof,
}

impl TheoremKind {
    pub const ALL: [TheoremKind; 11] = [
        TheoremKind::Theorem,
        TheoremKind::Lemma,
        TheoremKind::Corollary,
        TheoremKind::Proposition,
        TheoremKind::Conjecture,
        TheoremKind::Definition,
        TheoremKind::Example,
        TheoremKind::Exercise,
        TheoremKind::Solution,
        TheoremKind::Remark,
        TheoremKind::Proof,
    ];

    /// The name of its class (`::: {.lemma}`), its EPUB class and its
    /// label's key.
    pub fn name(self) -> &'static str {
        match self {
            TheoremKind::Theorem => "theorem",
            TheoremKind::Lemma => "lemma",
            TheoremKind::Corollary => "corollary",
            TheoremKind::Proposition => "proposition",
            TheoremKind::Conjecture => "conjecture",
            TheoremKind::Definition => "definition",
            TheoremKind::Example => "example",
            TheoremKind::Exercise => "exercise",
            TheoremKind::Solution => "solution",
            TheoremKind::Remark => "remark",
            TheoremKind::Proof => "proof",
        }
    }

    /// Quarto's id prefix (`thm` of `#thm-pythagoras`); none for a proof,
    /// which is never numbered.
    pub fn prefix(self) -> Option<&'static str> {
        Some(match self {
            TheoremKind::Theorem => "thm",
            TheoremKind::Lemma => "lem",
            TheoremKind::Corollary => "cor",
            TheoremKind::Proposition => "prp",
            TheoremKind::Conjecture => "cnj",
            TheoremKind::Definition => "def",
            TheoremKind::Example => "exm",
            TheoremKind::Exercise => "exr",
            TheoremKind::Solution => "sol",
            TheoremKind::Remark => "rem",
            TheoremKind::Proof => return None,
        })
    }

    /// The kind whose id prefix is `prefix`.
    pub fn from_prefix(prefix: &str) -> Option<TheoremKind> {
        TheoremKind::ALL
            .into_iter()
            .find(|k| k.prefix() == Some(prefix))
    }

    /// The kind whose class is `name`.
    pub fn from_name(name: &str) -> Option<TheoremKind> {
        TheoremKind::ALL.into_iter().find(|k| k.name() == name)
    }

    pub fn style(self) -> TheoremStyle {
        match self {
            TheoremKind::Theorem
            | TheoremKind::Lemma
            | TheoremKind::Corollary
            | TheoremKind::Proposition
            | TheoremKind::Conjecture => TheoremStyle::Plain,
            TheoremKind::Definition
            | TheoremKind::Example
            | TheoremKind::Exercise
            | TheoremKind::Solution => TheoremStyle::Definition,
            TheoremKind::Remark => TheoremStyle::Remark,
            TheoremKind::Proof => TheoremStyle::Proof,
        }
    }
}

/// One work of the bibliography.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct BibliographyEntry {
    /// Unique in the book: `ref-` and the work's key (pandoc's), which
    /// its citations link to.
    pub id: String,
    /// The entry as the style sets it, its label first for a numeric
    /// style ("[3] ").
    pub content: Vec<Inline>,
    /// Its place: line `n` for the `n`th entry of its chapter's list,
    /// unique in the chapter's file (the PDF finds a link's target by it).
    pub span: Span,
}

/// One line of verse.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VerseLine {
    /// How far the line stands in from the verse's left edge, in ems (two
    /// leading spaces, or one no-break or em space, per em).
    pub indent: u8,
    pub content: Vec<Inline>,
    pub span: Span,
}

/// An image as the text refers to it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImageRef {
    /// The path as written in the Markdown.
    pub src: String,
    /// Relative to the book folder, normalised (`images/map.png`).
    pub path: String,
    /// The description for readers who cannot see the image; never printed.
    pub alt: String,
    /// Key of the image's bytes in `Assets::images` (one per distinct
    /// content), set by `source/` once the file is read; empty before.
    pub asset: String,
}

/// How a table column is aligned (`:--`, `:-:`, `--:`; none given = `Default`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ColumnAlign {
    Default,
    Left,
    Center,
    Right,
}

/// One entry of a definition list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Definition {
    pub term: Vec<Inline>,
    /// Each definition as blocks (one paragraph for a simple one).
    pub definitions: Vec<Vec<Block>>,
}
