//! Markdown → document model, with pulldown-cmark; spans kept for messages.
//!
//! One chapter file at a time: `+++` TOML front matter (`kind`, `number`,
//! `numbered`, `short-title`, `language`), the first level-1 heading as the
//! title, `{#id}` heading attributes, a `::: synopsis` fenced block (pandoc
//! style) as the synopsis, GitHub-style footnotes as notes. Notes are not
//! numbered here but in `notes.rs`, once the whole book is known.

mod bracketed_spans;
mod builder;
mod callouts;
mod checks;
mod citations;
mod theorems;
pub use citations::{keys_in as citation_keys_in, stand_in, CiteItem, Citing, FoundCitation};
pub(crate) mod code_fence;
mod crossrefs;
pub use bracketed_spans::{attributes_in as span_attributes_in, index_mark_in};
pub use crossrefs::find as cross_references_in;
mod containers;
mod fences;
mod gather;
mod inline_notes;
mod inlines;
mod lines;
mod marks;
mod math;
mod nesting;
mod pandoc;
#[cfg(test)]
pub(crate) mod props;
mod sub_parse;
mod table_rows;
#[cfg(test)]
mod tests;
mod verse;

use builder::*;
use fences::*;
use inlines::*;

use pulldown_cmark::{Options, Parser};
use std::collections::BTreeMap;
use std::path::Path;

use crate::config::line_col;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Block, ChapterKind, Inline, Span};

/// A chapter as parsed, before notes are numbered.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedChapter {
    /// Front matter `kind` (default: a chapter).
    pub kind: ChapterKind,
    /// Front matter `number`: an integer sets the count, text (`"IV"`) is shown as is.
    pub number: Option<NumberSetting>,
    /// Front matter `numbered`: `false` leaves a numbered kind unnumbered.
    pub numbered: Option<bool>,
    /// Front matter `short-title`.
    pub short_title: Option<String>,
    /// Front matter `language`, checked as a BCP 47 tag.
    pub language: Option<String>,
    /// Empty for a dedication or epigraph without a heading.
    pub title: Vec<Inline>,
    /// Where the title is (or line 1 for an untitled file).
    pub title_span: Span,
    /// The title's own `{#id}`, if given: links to it reach the chapter.
    pub title_id: Option<String>,
    pub synopsis: Vec<Block>,
    pub blocks: Vec<Block>,
    /// Note definitions by label, in the order they were defined.
    pub notes: Vec<ParsedNote>,
    /// Every note reference, in reading order: (label, span).
    pub references: Vec<(String, Span)>,
    /// Every link, in reading order: `links.rs` checks and resolves them
    /// for the whole book.
    pub links: Vec<FoundLink>,
    /// Every pandoc citation, numbered by its place in this list (see
    /// [`crate::model::CITATION`]); none unless the book has a bibliography.
    pub citations: Vec<FoundCitation>,
    /// The TeX commands its formulas define (`\newcommand`…), in reading
    /// order: the later chapters' formulas may use them.
    pub math_definitions: Vec<crate::math::Definition>,
}

/// A link as the parser found it.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundLink {
    /// Its destination as written.
    pub dest: String,
    pub span: Span,
    /// It has no words of its own (`[](#fig-map)`): it takes its target's,
    /// "Figure 3.2" or a heading's, once `links.rs` knows the target.
    pub empty: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedNote {
    pub label: String,
    pub blocks: Vec<Block>,
    pub span: Span,
}

/// Internal marker: a note reference carries its label in `id` and number 0
/// until `notes.rs` numbers it.
pub(crate) const UNNUMBERED: u32 = 0;

/// A chapter's `number` as written in its front matter.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged)]
pub enum NumberSetting {
    /// `number = 12`: shown in the kind's style and continued from.
    Count(u32),
    /// `number = "IV"`: shown exactly as written; the files after it go on
    /// from it when it reads as a number (see `structure::number_of`).
    Text(String),
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FrontMatter {
    kind: Option<ChapterKind>,
    number: Option<NumberSetting>,
    numbered: Option<bool>,
    short_title: Option<String>,
    language: Option<String>,
}

const FRONT_MATTER_HINT: &str = "the front matter between `+++` lines takes kind, number, numbered, short-title and language (see README.md, \"A whole book\")";

pub(crate) use builder::is_small_caps_open;
pub(crate) use inlines::{attribute_id, span_open};

/// The `::: {lang=…}` blocks of a chapter's source, each as the byte range
/// from its opening fence to its closing one and its language tag: where
/// the loader sets a passage in another language, for `bookpack check`.
/// A chapter the loader refuses for a wrong fence still gives the
/// passages closed before it: one error, not every word after it.
pub(crate) fn language_passages(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut ignored = Diagnostics::new();
    let fences = find_fences(text, Path::new(""), &mut ignored).unwrap_or_else(|f| *f);
    fences
        .passages
        .into_iter()
        .filter_map(|(range, passage)| Some((range, passage.lang?)))
        .collect()
}

/// The stanzas of a chapter's verse (in `::: verse` blocks and pandoc
/// line blocks), each line as the byte range of its text, indent and bar
/// left out: `bookpack check` reads a stanza as a block whose lines end as
/// paragraphs do (a quotation may run across them), not as sentences.
pub(crate) fn verse_stanzas(text: &str) -> Vec<Vec<std::ops::Range<usize>>> {
    let mut ignored = Diagnostics::new();
    let fences = find_fences(text, Path::new(""), &mut ignored).unwrap_or_else(|f| *f);
    fences
        .verse
        .iter()
        .flat_map(|v| &v.stanzas)
        .map(|stanza| {
            stanza
                .iter()
                .map(|l| l.offset..l.offset + l.text.len())
                .collect()
        })
        .collect()
}

/// The error for a reference to note `label`, which no definition names,
/// at `line`:`col` of `file` (in the text, a caption or a verse line).
fn undefined_note(file: &Path, line: u32, col: u32, label: &str) -> Diagnostic {
    Diagnostic::error(file, line, col, format!("note [^{label}] is not defined")).with_hint(
        format!("add a definition on its own line: `[^{label}]: note text`"),
    )
}

/// What a parse typesets of a chapter's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// All of it.
    Whole,
    /// What a chapter's outline keeps (`source::reread::outline`): the
    /// headings, the notes, image descriptions and captions. Other text
    /// is left as read (the outline drops it), in the same inlines a
    /// whole parse gives; the diagnostics are a whole parse's.
    Outline,
    /// All of it, but its code uncoloured: a chapter read again, given
    /// the tokens its outline was read with (`source::reread`).
    Again,
}

/// Parses one chapter. Errors and warnings go to `diags`; the result is
/// `None` when the chapter cannot be used.
pub fn parse_chapter(text: &str, file: &Path, diags: &mut Diagnostics) -> Option<ParsedChapter> {
    parse_chapter_keeping(text, file, Keep::Whole, &Reading::default(), diags)
}

/// What the book says about how its chapters are read: its citations
/// (whether it has a bibliography) and its TeX macros (`[math] macros`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Reading {
    pub cites: Citing,
    pub macros: std::sync::Arc<crate::math::Macros>,
}

impl From<Citing> for Reading {
    fn from(cites: Citing) -> Reading {
        Reading {
            cites,
            ..Reading::default()
        }
    }
}

/// [`parse_chapter`], typesetting only the text that `keep` says, and
/// reading pandoc citations as `cites` says (the book has a bibliography).
pub fn parse_chapter_keeping(
    text: &str,
    file: &Path,
    keep: Keep,
    reading: &Reading,
    diags: &mut Diagnostics,
) -> Option<ParsedChapter> {
    let fences = find_fences(text, file, diags).ok()?;
    let masked = fences.masked;
    let synopsis_ranges = fences.synopsis;
    let refs = fences.refs;
    // `## Title {#id}`: ids that cross-references can rely on.
    // GFM: GitHub's alerts (`> [!NOTE]`), the one thing the option
    // turns on in pulldown-cmark 0.13.
    let options = options()
        | Options::ENABLE_GFM
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let parser = Parser::new_ext(&masked, options).into_offset_iter();

    let mut builder = Builder::new(text, file, diags, None);
    builder.keep = keep;
    builder.cites = reading.cites;
    builder.math_macros = reading.macros.clone();
    builder.fenced = gather::Fenced {
        filled: vec![false; fences.callouts.len()],
        callouts: fences.callouts,
        passages: fences.passages,
    };
    for (event, range) in parser {
        builder.event(event, range);
    }
    // Verse, masked out of the parse, is read line by line apart and set
    // among the blocks where it stands; its links and note references
    // join the chapter's in reading order.
    let links_before = builder.links.len();
    let mut verse_references = Vec::new();
    let verses: Vec<(usize, Block)> = fences
        .verse
        .iter()
        .filter_map(|v| Some((v.range.start, builder.verse(v, &mut verse_references)?)))
        .collect();
    // The chapter's blocks, its root frame kept on the stack until they
    // are gathered: a callout's title may hold an inline note, which the
    // root collects.
    let mut root_blocks = std::mem::take(&mut builder.stack[0].blocks);
    let mut root_offsets = std::mem::take(&mut builder.stack[0].offsets);
    for (offset, block) in verses {
        let at = root_offsets.partition_point(|&o| o < offset);
        root_offsets.insert(at, offset);
        root_blocks.insert(at, block);
    }
    // `::: {#refs}`: the works cited are set after its blocks (pandoc's
    // citeproc appends them to the div); the first one only, as a book
    // lists them once.
    if let Some(range) = refs.first() {
        let span = builder.span(range.start);
        let at = root_offsets.partition_point(|&o| o < range.end);
        root_offsets.insert(at, range.end);
        root_blocks.insert(
            at,
            Block::Bibliography {
                entries: Vec::new(),
                span,
            },
        );
    }
    for range in refs.iter().skip(1) {
        let span = builder.span(range.start);
        builder.diags.push(
            Diagnostic::warning(file, span.line, span.col, "a second `::: {#refs}` in the chapter is not read: the works cited are set at the first")
                .with_hint("delete this one, or the first"),
        );
    }
    let (root_blocks, root_offsets) = attach_table_captions(root_blocks, root_offsets);
    // The chapter's callouts and passages; a callout's title may hold
    // links, listed with the verse's in reading order.
    let (root_blocks, root_offsets) = builder.gather(root_blocks, root_offsets, 0);
    let verse_links = builder.links.split_off(links_before);
    let root = builder.stack.pop().expect("root frame");
    let front_matter = builder.front_matter.take();
    let mut references = std::mem::take(&mut builder.references);
    // An inline note's reference is listed when its block ends, after the
    // block's `[^label]`s: in place.
    references.sort_by_key(|(_, span)| (span.line, span.col));
    let caption_references = std::mem::take(&mut builder.caption_references);
    let text_ranges = std::mem::take(&mut builder.text_ranges);
    let mut links = std::mem::take(&mut builder.links);
    insert_in_reading_order(&mut links, verse_links, |l: &FoundLink| l.span);
    let citations = std::mem::take(&mut builder.citations);
    let math_definitions = std::mem::take(&mut builder.math_definitions);
    let Builder { diags, fenced, .. } = builder;

    let mut fm = FrontMatter {
        kind: None,
        number: None,
        numbered: None,
        short_title: None,
        language: None,
    };
    if let Some((toml_text, range)) = front_matter {
        let (line, col) = line_col(text, range.start);
        let at_inner = |offset: usize| line + line_col(&toml_text, offset).0;
        match toml::from_str::<FrontMatter>(&toml_text) {
            Ok(parsed) => fm = parsed,
            Err(e) => {
                let inner_line = e.span().map(|s| at_inner(s.start)).unwrap_or(line + 1);
                diags.push(
                    Diagnostic::error(
                        file,
                        inner_line,
                        col,
                        format!("front matter: {}", e.message().trim()),
                    )
                    .with_hint(FRONT_MATTER_HINT),
                );
            }
        }
        let key_line = |key: &str| {
            toml_text
                .find(&format!("\n{key}"))
                .map(|i| at_inner(i + 1))
                .or_else(|| toml_text.starts_with(key).then(|| at_inner(0)))
                .unwrap_or(line + 1)
        };
        if let Some(lang) = &fm.language {
            if !crate::config::is_language_tag(lang) {
                diags.push(
                    Diagnostic::error(
                        file,
                        key_line("language"),
                        1,
                        format!("front matter: `language` = {lang:?} is not a BCP 47 language tag"),
                    )
                    .with_hint("use a tag such as \"fr\", \"de\" or \"en-GB\""),
                );
                fm.language = None;
            }
        }
        if fm.numbered == Some(false) && fm.number.is_some() {
            diags.push(
                Diagnostic::error(
                    file,
                    key_line("numbered"),
                    1,
                    "front matter: `numbered = false` contradicts `number`",
                )
                .with_hint("remove one of the two"),
            );
        }
        if let Some(short) = &fm.short_title {
            if short.trim().is_empty() {
                diags.push(
                    Diagnostic::error(
                        file,
                        key_line("short-title"),
                        1,
                        "front matter: `short-title` is empty",
                    )
                    .with_hint("give a shorter form of the title, or remove the key"),
                );
            }
        }
    }
    let kind = fm.kind.unwrap_or_default();
    // Whether the file will have a number (see `ChapterKind::numbering`).
    let numbered =
        fm.number.is_some() || (kind.numbering().is_some() && fm.numbered != Some(false));

    // Split the root's blocks: title, synopsis, body, note definitions.
    let mut title: Option<(Vec<Inline>, Span, String)> = None;
    let mut synopsis = Vec::new();
    let mut blocks = Vec::new();
    for (block, offset) in root_blocks.into_iter().zip(root_offsets) {
        if synopsis_ranges.iter().any(|r| r.contains(&offset)) {
            synopsis.push(block);
            continue;
        }
        match block {
            Block::Heading {
                level: 1,
                id,
                content,
                span,
            } => {
                if title.is_none() {
                    title = Some((content, span, id));
                } else {
                    diags.push(
                        Diagnostic::warning(
                            file,
                            span.line,
                            span.col,
                            "a second level-1 heading in one chapter is set as a section heading",
                        )
                        .with_hint("give each chapter its own file, or use `##` for sections"),
                    );
                    blocks.push(Block::Heading {
                        level: 2,
                        id,
                        content,
                        span,
                    });
                }
            }
            other => blocks.push(other),
        }
    }
    for ((range, fence), filled) in fenced.callouts.iter().zip(fenced.filled) {
        if !filled {
            let (line, col) = line_col(text, range.start);
            let what = match fence.theorem {
                Some((kind, _)) => kind.name(),
                None => "callout",
            };
            diags.push(
                Diagnostic::warning(file, line, col, format!("an empty {what} is left out"))
                    .with_hint("write its text between the `:::` lines, or delete them"),
            );
        }
    }
    let (title, title_span, title_id) = match title {
        Some((content, span, id)) => (content, span, (!id.is_empty()).then_some(id)),
        // A dedication or an epigraph stands alone, without a heading; a
        // numbered chapter (part, appendix) without one opens with its
        // number alone, as many novels' chapters do.
        None if !kind.needs_title() || numbered => (Vec::new(), Span { line: 1, col: 1 }, None),
        None => {
            diags.push(
                Diagnostic::error(file, 1, 1, "the chapter has no title")
                    .with_hint("start the chapter with a level-1 heading: `# Chapter title` (only a dedication, an epigraph or a numbered chapter may go without)"),
            );
            return None;
        }
    };

    // Note definitions: duplicates are errors.
    let mut notes: Vec<ParsedNote> = Vec::new();
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    for note in root.notes {
        if let Some(first) = seen.get(&note.label) {
            diags.push(
                Diagnostic::error(
                    file,
                    note.span.line,
                    note.span.col,
                    format!("note [^{}] is defined twice", note.label),
                )
                .with_hint(format!(
                    "the first definition is at line {}; remove or rename one",
                    first.line
                )),
            );
            continue;
        }
        seen.insert(note.label.clone(), note.span);
        notes.push(note);
    }

    // With ENABLE_FOOTNOTES an undefined reference comes out as literal text
    // `[^label]`: find it in the source, inside text, and report it.
    for (label, offset) in undefined_references(&masked, &text_ranges) {
        if seen.contains_key(&label) {
            continue;
        }
        let (line, col) = line_col(text, offset);
        diags.push(undefined_note(file, line, col, &label));
    }
    // References in figure captions (parsed from the image's title, where
    // the parser cannot see note definitions).
    for (label, span) in caption_references {
        if seen.contains_key(&label) {
            references.push((label, span));
        } else {
            diags.push(undefined_note(file, span.line, span.col, &label));
        }
    }
    // References in verse (also parsed apart), in their place.
    let (defined, undefined): (Vec<_>, Vec<_>) = verse_references
        .into_iter()
        .partition(|(label, _)| seen.contains_key(label));
    for (label, span) in undefined {
        diags.push(undefined_note(file, span.line, span.col, &label));
    }
    insert_in_reading_order(&mut references, defined, |r: &(String, Span)| r.1);
    references.retain(|(label, _)| seen.contains_key(label));

    Some(ParsedChapter {
        kind,
        number: fm.number,
        numbered: fm.numbered,
        short_title: fm.short_title.map(|s| s.trim().to_string()),
        language: fm.language,
        title,
        title_span,
        title_id,
        synopsis,
        blocks,
        notes,
        references,
        links,
        citations,
        math_definitions,
    })
}

/// Adds `items` to `list`, both in reading order (by span), each after
/// those at or before its place.
fn insert_in_reading_order<T>(list: &mut Vec<T>, items: Vec<T>, span: impl Fn(&T) -> Span) {
    for item in items {
        let key = (span(&item).line, span(&item).col);
        let at = list.partition_point(|s| (span(s).line, span(s).col) <= key);
        list.insert(at, item);
    }
}

/// The parser options of the book's Markdown (footnotes are added for a
/// chapter, not for the inline Markdown of a figure's caption).
fn options() -> Options {
    Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_MATH
}
