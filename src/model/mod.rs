//! The document model: plain, serde-serializable data that both backends read.
//!
//! Built once from the source (see `markdown/` and `source/`); neither
//! backend re-parses Markdown. Notes are numbered here, so the EPUB and the
//! PDF always agree on a note's number.

use serde::{Deserialize, Serialize};

use crate::labels::Labels;

mod blocks;
mod bodies;
mod code;
mod index_mark;
mod inline_text;
mod math;
mod settings;
mod walk;
pub use blocks::*;
pub use bodies::{Bodies, ChapterSource, Leading, Pace, Whole};
pub use code::{CodeClass, CodeToken};
pub use index_mark::{IndexMark, INDEX_LEVELS};
pub use math::{
    styled_char, EquationTag, Formula, FracStyle, MathColumnAlign, MathLevel, MathNode, MathStyle,
    OpClass, TableSpacing,
};
pub use settings::*;

/// A whole book, ready for any backend.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Book {
    pub metadata: Metadata,
    pub chapters: Vec<Chapter>,
    /// Corrections this edition made to its source text (from `ERRATA.md`).
    pub errata: Vec<Erratum>,
    pub epub: EpubSettings,
    pub pdf: PdfSettings,
    /// The words the editions print (“Contents”, “Chapter”…) in the
    /// book's language, with `[labels]` from book.toml applied.
    pub labels: Labels,
    /// How deep the navigation and the PDF outline go: 1 lists chapters
    /// (and parts), 2 their `##` sections too, and so on (book.toml
    /// `toc-depth`, default 2).
    pub toc_depth: u8,
    /// The lists printed after the contents (book.toml `[figures] list`,
    /// `[tables] list`).
    pub lists: Lists,
    /// `[code]` of book.toml.
    pub code: CodeSettings,
    /// Binary inputs (cover image, font files) read by `source/`.
    #[serde(skip)]
    pub assets: Assets,
    /// Where each chapter is found whole: in `chapters`, or read again
    /// from its file (see [`Book::chapter_whole`]).
    #[serde(skip)]
    pub bodies: Bodies,
}

/// Descriptive metadata shared by both editions.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Metadata {
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<Author>,
    /// BCP 47 tag, e.g. `en-GB`.
    pub language: String,
    /// From `book.toml`, or derived from title and authors (stable across builds).
    pub identifier: String,
    /// `identifier` was derived (`book.toml` gives neither it nor an
    /// ebook ISBN): a key for reading systems, not printed in the imprint.
    pub identifier_derived: bool,
    /// Lower-case ASCII file stem for outputs, e.g. `the-khrushchevites`.
    pub slug: String,
    pub publisher: Option<String>,
    /// The book's date as written in `book.toml` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: Option<String>,
    /// Build timestamp, `YYYY-MM-DDThh:mm:ssZ`: from `SOURCE_DATE_EPOCH`, else
    /// from `date`, else the Unix epoch. Never the clock.
    pub modified: String,
    pub rights: Option<String>,
    pub description: Option<String>,
    /// Where the text comes from (a URL or a bibliographic note).
    pub source: Option<String>,
    /// A shorter title for the verso running head (book.toml `short-title`).
    pub short_title: Option<String>,
    /// People other than the authors: translators, editors, illustrators…
    pub contributors: Vec<Contributor>,
    /// The series the book belongs to.
    pub series: Option<Series>,
    /// The author's other books (book.toml `also-by`), as their titles
    /// are printed: a card page in each edition.
    pub also_by: Vec<String>,
    /// The ISBN of each edition, validated, as written in book.toml.
    pub isbn: Isbns,
}

/// Someone who contributed to the book, with their role.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Contributor {
    pub name: String,
    /// Sort form, e.g. `Pearson, Joan`.
    pub file_as: String,
    pub role: ContributorRole,
}

/// What a contributor did (book.toml `role`), each with its MARC relator.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum ContributorRole {
    Translator,
    Editor,
    Illustrator,
    /// Wrote the introduction (or preface, foreword).
    Introduction,
    /// Wrote the afterword.
    Afterword,
    Annotator,
    Photographer,
    CoverDesigner,
    Compiler,
    /// Any other contribution.
    Contributor,
}

impl ContributorRole {
    /// The MARC relator code (<https://id.loc.gov/vocabulary/relators>)
    /// the EPUB's `role` refinement carries.
    pub fn marc_relator(self) -> &'static str {
        match self {
            ContributorRole::Translator => "trl",
            ContributorRole::Editor => "edt",
            ContributorRole::Illustrator => "ill",
            ContributorRole::Introduction => "aui",
            ContributorRole::Afterword => "aft",
            ContributorRole::Annotator => "ann",
            ContributorRole::Photographer => "pht",
            ContributorRole::CoverDesigner => "cov",
            ContributorRole::Compiler => "com",
            ContributorRole::Contributor => "ctb",
        }
    }
}

/// A series and the book's place in it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Series {
    pub name: String,
    /// The book's number in the series, e.g. `3` or `2.5`, as written.
    pub position: Option<String>,
}

/// Per-edition ISBNs, as written in book.toml (hyphens kept), each with a
/// valid check digit.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Isbns {
    /// The EPUB's; also its identifier unless `identifier` is given.
    pub ebook: Option<String>,
    /// The print edition's, printed on the PDF's imprint page.
    pub print: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Author {
    pub name: String,
    /// Sort form, e.g. `Hoxha, Enver`.
    pub file_as: String,
}

/// One correction of the source text, as listed in `ERRATA.md`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Erratum {
    pub original: String,
    pub corrected: String,
}

/// What a chapter file is in the book (front matter `kind`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum ChapterKind {
    #[default]
    Chapter,
    /// Starts a part: the chapters after it, up to the next part or the
    /// back matter, belong to it.
    Part,
    Dedication,
    Epigraph,
    Foreword,
    Preface,
    Introduction,
    Prologue,
    #[serde(alias = "acknowledgments")]
    Acknowledgements,
    Epilogue,
    Afterword,
    Appendix,
    Glossary,
    Bibliography,
    Colophon,
}

impl ChapterKind {
    pub const ALL: [ChapterKind; 15] = [
        ChapterKind::Chapter,
        ChapterKind::Part,
        ChapterKind::Dedication,
        ChapterKind::Epigraph,
        ChapterKind::Foreword,
        ChapterKind::Preface,
        ChapterKind::Introduction,
        ChapterKind::Prologue,
        ChapterKind::Acknowledgements,
        ChapterKind::Epilogue,
        ChapterKind::Afterword,
        ChapterKind::Appendix,
        ChapterKind::Glossary,
        ChapterKind::Bibliography,
        ChapterKind::Colophon,
    ];

    /// The name written in front matter, e.g. `acknowledgements`.
    pub fn name(self) -> &'static str {
        match self {
            ChapterKind::Chapter => "chapter",
            ChapterKind::Part => "part",
            ChapterKind::Dedication => "dedication",
            ChapterKind::Epigraph => "epigraph",
            ChapterKind::Foreword => "foreword",
            ChapterKind::Preface => "preface",
            ChapterKind::Introduction => "introduction",
            ChapterKind::Prologue => "prologue",
            ChapterKind::Acknowledgements => "acknowledgements",
            ChapterKind::Epilogue => "epilogue",
            ChapterKind::Afterword => "afterword",
            ChapterKind::Appendix => "appendix",
            ChapterKind::Glossary => "glossary",
            ChapterKind::Bibliography => "bibliography",
            ChapterKind::Colophon => "colophon",
        }
    }

    /// A dedication or an epigraph stands alone and needs no heading.
    pub fn needs_title(self) -> bool {
        !matches!(self, ChapterKind::Dedication | ChapterKind::Epigraph)
    }

    /// How files of this kind are numbered unless front matter says
    /// otherwise: chapters 1, 2, 3…, parts I, II, III…, appendices A, B,
    /// C…; everything else not at all.
    pub fn numbering(self) -> Option<NumberStyle> {
        match self {
            ChapterKind::Chapter => Some(NumberStyle::Arabic),
            ChapterKind::Part => Some(NumberStyle::Roman),
            ChapterKind::Appendix => Some(NumberStyle::Letter),
            _ => None,
        }
    }

    /// Whether the body of the book starts at the first file of this kind.
    pub fn starts_body(self) -> bool {
        matches!(
            self,
            ChapterKind::Chapter | ChapterKind::Part | ChapterKind::Prologue
        )
    }

    /// Whether, once the body has started, a file of this kind starts the
    /// back matter.
    pub fn starts_back_matter(self) -> bool {
        matches!(
            self,
            ChapterKind::Acknowledgements
                | ChapterKind::Afterword
                | ChapterKind::Appendix
                | ChapterKind::Glossary
                | ChapterKind::Bibliography
                | ChapterKind::Colophon
        )
    }
}

/// How a kind of file is numbered.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum NumberStyle {
    /// 1, 2, 3…
    Arabic,
    /// I, II, III…
    Roman,
    /// A, B, C… (Z, then AA…)
    Letter,
}

impl NumberStyle {
    /// The `n`th number (from 1) in this style.
    pub fn format(self, n: u32) -> String {
        match self {
            NumberStyle::Arabic => n.to_string(),
            NumberStyle::Roman => roman(n),
            NumberStyle::Letter => {
                let mut n = n.max(1);
                let mut out = Vec::new();
                while n > 0 {
                    n -= 1;
                    out.push(b'A' + (n % 26) as u8);
                    n /= 26;
                }
                out.reverse();
                String::from_utf8(out).expect("ASCII letters")
            }
        }
    }
}

/// Upper-case roman numerals (1 → `I`, 1990 → `MCMXC`); 0 gives `0`.
pub fn roman(mut n: u32) -> String {
    if n == 0 {
        return "0".to_string();
    }
    let mut out = String::new();
    for (value, digits) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Which of a book's three divisions a file belongs to: front matter runs
/// until the first chapter, part or prologue; back matter starts at the
/// first acknowledgements, afterword, appendix, glossary, bibliography or
/// colophon after the body began.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Matter {
    Front,
    #[default]
    Body,
    Back,
}

impl Matter {
    /// The EPUB structural semantics of the division.
    pub fn epub_type(self) -> &'static str {
        match self {
            Matter::Front => "frontmatter",
            Matter::Body => "bodymatter",
            Matter::Back => "backmatter",
        }
    }
}

/// A chapter: one Markdown file.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Chapter {
    /// What the file is (front matter `kind`, default `chapter`).
    pub kind: ChapterKind,
    /// Front, body or back matter, from the kinds in reading order.
    pub matter: Matter,
    /// The number shown (`12`, `II`, `A`), or none for an unnumbered file:
    /// front matter `number`, else the kind's count (see
    /// [`ChapterKind::numbering`]).
    pub number: Option<String>,
    /// Stable id derived from content, e.g. `chapter-12`, `preface`,
    /// `part-2`, `appendix-a`.
    pub id: String,
    /// Id of the part this file belongs to, if any.
    pub part: Option<String>,
    /// The chapter heading (the first level-1 heading); empty for a
    /// dedication or epigraph without one.
    pub title: Vec<Inline>,
    /// `title` as plain text, for navigation, running heads and outlines.
    pub title_text: String,
    /// The `#id` that names the title in a link (`chapter.md#id` goes to
    /// the chapter's start): the title's `{#id}`, else
    /// [`crate::ids::heading_slug`] of its text.
    pub title_anchor: Option<String>,
    /// Front matter `short-title`: the running head and other tight places.
    pub short_title: Option<String>,
    /// The file's language (front matter `language`) when it is not the book's.
    pub language: Option<String>,
    /// The synopsis (a `::: synopsis` block), styled apart from body text.
    /// In an outline (see [`Bodies`]), like `blocks`, without its text.
    pub synopsis: Vec<Block>,
    /// The body. In an outline (see [`Bodies`]): every block but the
    /// paragraphs left empty, headings whole, other inlines without their
    /// text; [`Book::chapter_whole`] gives the text.
    pub blocks: Vec<Block>,
    /// Notes in number order; every one is referenced at least once.
    pub notes: Vec<Note>,
    /// Source file, relative to the book folder.
    pub file: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Text after the typography pass: curly quotes, dashes, no-break spaces.
    Text {
        text: String,
    },
    Emphasis {
        content: Vec<Inline>,
    },
    Strong {
        content: Vec<Inline>,
    },
    /// `~~struck~~`.
    Strikethrough {
        content: Vec<Inline>,
    },
    /// `^sup^`.
    Superscript {
        content: Vec<Inline>,
    },
    /// `~sub~`.
    Subscript {
        content: Vec<Inline>,
    },
    /// `<span class="smallcaps">…</span>`: lower-case letters as small
    /// capitals (the small-caps face; CSS `font-variant: small-caps`).
    SmallCaps {
        content: Vec<Inline>,
    },
    /// A passage in another language or direction than its chapter's
    /// (`<span lang="fr">…</span>`, or the paragraphs of a `::: {lang=fr}`
    /// block): `lang` a BCP 47 tag, `dir` "ltr", "rtl" or "auto".
    Span {
        lang: Option<String>,
        dir: Option<String>,
        content: Vec<Inline>,
    },
    Code {
        text: String,
    },
    /// A link; its target was checked by `links.rs` (see [`LinkTarget`]).
    Link {
        target: LinkTarget,
        content: Vec<Inline>,
    },
    LineBreak,
    /// TeX math in the line (`$…$`), or a `$$…$$` where a block cannot
    /// stand (a heading, a table cell, a caption): set in text style.
    Math {
        formula: Formula,
    },
    /// Words the back-of-book index lists (`[words]{.index}`), or the
    /// place of an index entry with no words of its own
    /// (`[]{index="Term"}`: `content` empty). Both editions set the words
    /// as they are; the index points here.
    Indexed {
        mark: IndexMark,
        content: Vec<Inline>,
    },
    /// A reference to note `number` of its chapter. `first` is true for the
    /// first reference to that note (the one the note links back to);
    /// `id` is unique in the book, e.g. `noteref-12-3`.
    NoteRef {
        number: u32,
        first: bool,
        id: String,
    },
}

/// The chapter an empty internal link names to stand for a citation until
/// `citations.rs` sets it: no chapter id can begin with `@`.
pub const CITATION: &str = "@cite";

/// Where a link goes.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkTarget {
    /// A web or mail address, valid and percent-encoded (RFC 3986) in a
    /// scheme the book allows. (Between the parser and `links.rs` it holds
    /// the destination as written.)
    External { url: String },
    /// A place in the book: the chapter with model id `chapter`, at the
    /// element with id `anchor` in it, or at its start. (Between the parser
    /// and `citations.rs`, an empty link to chapter [`CITATION`] stands
    /// for a pandoc citation, `anchor` its number in the chapter.)
    Internal {
        chapter: String,
        anchor: Option<String>,
        /// The name under which the PDF records the page this link ends
        /// on, for its page reference ("(p. 42)"): given by
        /// `pdf::references` in the PDF's copy of the book, `None` elsewhere.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        placed_as: Option<String>,
    },
}

/// An endnote.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Note {
    /// Number shown to the reader (per chapter, or through the book).
    pub number: u32,
    /// The Markdown label (`[^label]`).
    pub label: String,
    /// Unique in the book, e.g. `note-12-3`.
    pub id: String,
    /// Id of the first reference, for the back link.
    pub ref_id: String,
    pub blocks: Vec<Block>,
    pub span: Span,
}

impl Book {
    /// Chapter `index` whole, its text with it: what setting a chapter
    /// needs. `chapters[index]` may be an outline (see [`Bodies`]);
    /// anything that reads a chapter's text must go through here.
    pub fn chapter_whole(&self, index: usize) -> Result<Whole<'_>, crate::diagnostics::Failure> {
        match &self.bodies {
            Bodies::Held => Ok(Whole::Held(&self.chapters[index])),
            Bodies::Reread { source, pace } => {
                pace.asked(index);
                source.chapter(index).map(Whole::Reread)
            }
        }
    }

    /// How many files come before the contents: the dedications and
    /// epigraphs that open the book. A publisher sets them before the
    /// contents (Chicago 1.4: dedication, epigraph, contents, then
    /// foreword, preface…); a dedication further in stays where it is.
    pub fn files_before_contents(&self) -> usize {
        self.chapters
            .iter()
            .take_while(|c| !c.kind.needs_title())
            .count()
    }

    /// How many files come before the book-end notes: all but the
    /// glossaries, bibliographies and colophons that close the back
    /// matter, which follow the notes (Chicago 1.4: appendixes, notes,
    /// glossary, bibliography; the colophon last of all).
    pub fn files_before_notes(&self) -> usize {
        let closing = self
            .chapters
            .iter()
            .rev()
            .take_while(|c| {
                c.matter == Matter::Back
                    && matches!(
                        c.kind,
                        ChapterKind::Glossary | ChapterKind::Bibliography | ChapterKind::Colophon
                    )
            })
            .count();
        self.chapters.len() - closing
    }

    /// [`chapter_whole`](Book::chapter_whole) for an edition that follows
    /// another's reading (the EPUB follows the PDF): waits until the
    /// leader has asked for chapter `index` or a later one, so that both
    /// take it from one reading. Does not wait when no edition leads
    /// (see [`lead_reading`](Book::lead_reading)) or chapters are held.
    pub fn chapter_whole_following(
        &self,
        index: usize,
    ) -> Result<Whole<'_>, crate::diagnostics::Failure> {
        match &self.bodies {
            Bodies::Held => Ok(Whole::Held(&self.chapters[index])),
            Bodies::Reread { source, pace } => {
                pace.follow(index);
                source.chapter(index).map(Whole::Reread)
            }
        }
    }

    /// Makes the caller's thread the leader of the book's reading until
    /// the guard is dropped (see [`Pace`]): followers wait for its
    /// [`chapter_whole`](Book::chapter_whole) asks. `None` when chapters
    /// are held and nothing is read.
    pub fn lead_reading(&self) -> Option<Leading<'_>> {
        match &self.bodies {
            Bodies::Held => None,
            Bodies::Reread { pace, .. } => Some(pace.lead()),
        }
    }

    /// How many times chapters were read again so far (0 when held).
    pub fn readings(&self) -> usize {
        match &self.bodies {
            Bodies::Held => 0,
            Bodies::Reread { source, .. } => source.readings(),
        }
    }

    /// Whether any block of the book (chapters, synopses, notes, at any
    /// depth) satisfies `f`. An outline keeps every kind of block and
    /// inline mark but text (see [`Bodies`]), so a question about them
    /// has the same answer as for the chapters whole.
    pub fn any_block(&self, f: &dyn Fn(&Block) -> bool) -> bool {
        let mut found = false;
        for chapter in &self.chapters {
            let notes = chapter.notes.iter().flat_map(|n| &n.blocks);
            for block in chapter.synopsis.iter().chain(&chapter.blocks).chain(notes) {
                block.walk(&mut |b| found |= f(b));
            }
        }
        found
    }
}

impl Chapter {
    /// The chapter's epigraph: a block quote opening its text, directly
    /// under its heading (and synopsis), as novels set one. Both editions
    /// read it here: the EPUB marks it `epub:type="epigraph"`, the PDF
    /// sets it apart as one.
    pub fn opening_epigraph(&self) -> Option<&Block> {
        self.blocks
            .first()
            .filter(|b| matches!(b, Block::BlockQuote { .. }))
    }

    /// Note `number` of this chapter. Notes are numbered in order (from 1,
    /// or on from the chapter before), so it is looked for at its place
    /// first: searching them all for every reference made a chapter of
    /// 10,000 notes quadratic.
    pub fn note(&self, number: u32) -> Option<&Note> {
        let first = self.notes.first()?.number;
        let at = number
            .checked_sub(first)
            .and_then(|i| self.notes.get(i as usize));
        match at {
            Some(note) if note.number == number => Some(note),
            _ => self.notes.iter().find(|n| n.number == number),
        }
    }

    /// Whether the navigation and contents list this file: a dedication
    /// or an epigraph is found through the landmarks instead.
    pub fn in_contents(&self) -> bool {
        !matches!(self.kind, ChapterKind::Dedication | ChapterKind::Epigraph)
    }

    /// The running head (and other tight places): `short-title`, else the
    /// title, else (a numbered file without one) its label, "Chapter 3".
    pub fn head_text(&self, labels: &Labels) -> String {
        match (&self.short_title, self.title_text.is_empty()) {
            (Some(short), _) => short.clone(),
            (None, true) => self.label(labels).unwrap_or_default(),
            (None, false) => self.title_text.clone(),
        }
    }

    /// The label over a numbered file's title: "Chapter 12", "Part II",
    /// "Appendix A", "第12章" (see [`Labels::numbered`]); none for an
    /// unnumbered file.
    pub fn label(&self, labels: &Labels) -> Option<String> {
        let n = self.number.as_deref()?;
        Some(labels.numbered(self.kind, n))
    }

    /// The file as navigation, outlines and the notes name it: "12. Title"
    /// for a chapter, "Part II. Title" for other numbered kinds, the title
    /// alone when unnumbered, the label ("Chapter 12") when numbered and
    /// untitled, and the kind ("Dedication") when neither.
    pub fn nav_title(&self, labels: &Labels) -> String {
        Inline::plain_text(&self.nav_title_inlines(labels))
    }

    /// [`Chapter::nav_title`] with the title's emphasis, small capitals
    /// and language spans kept ([`Inline::title_copy`]), for a contents
    /// entry that can show them: "3. On *Moby-Dick*" names a book.
    pub fn nav_title_inlines(&self, labels: &Labels) -> Vec<Inline> {
        let text = |text: String| Inline::Text { text };
        if self.title_text.is_empty() {
            let name = self
                .label(labels)
                .unwrap_or_else(|| labels.kind(self.kind).to_string());
            return vec![text(name)];
        }
        let mut out = match (&self.number, self.kind) {
            (Some(n), ChapterKind::Chapter) => {
                vec![text(format!("{}. ", labels.numerals.digits(n)))]
            }
            (Some(_), _) => vec![text(format!(
                "{}. ",
                self.label(labels).unwrap_or_default()
            ))],
            (None, _) => vec![],
        };
        out.extend(Inline::title_copy(&self.title));
        out
    }
}

#[cfg(test)]
mod tests;
