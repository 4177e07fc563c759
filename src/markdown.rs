//! Markdown → document model, with pulldown-cmark; spans kept for messages.
//!
//! One chapter file at a time: `+++` TOML front matter (`kind`, `number`,
//! `numbered`, `short-title`, `language`), the first level-1 heading as the
//! title, `{#id}` heading attributes, a `::: synopsis` fenced block (pandoc
//! style) as the synopsis, GitHub-style footnotes as notes. Notes are not
//! numbered here but in `notes.rs`, once the whole book is known.

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use crate::config::line_col;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{
    Block, ChapterKind, ColumnAlign, Definition, ImageRef, Inline, LinkTarget, Span,
};
use crate::typography;

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
    /// Every link's destination as written, in reading order, with its
    /// position: `links.rs` checks and resolves them for the whole book.
    pub links: Vec<(String, Span)>,
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
    /// `number = "IV"`: shown exactly as written.
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

/// Parses one chapter. Errors and warnings go to `diags`; the result is
/// `None` when the chapter cannot be used.
pub fn parse_chapter(text: &str, file: &Path, diags: &mut Diagnostics) -> Option<ParsedChapter> {
    let fences = find_fences(text, file, diags)?;
    let masked = fences.masked;
    // `## Title {#id}`: ids that cross-references can rely on.
    let options = options() | Options::ENABLE_FOOTNOTES | Options::ENABLE_HEADING_ATTRIBUTES;
    let parser = Parser::new_ext(&masked, options).into_offset_iter();

    let mut builder = Builder::new(text, file, diags, None);
    for (event, range) in parser {
        builder.event(event, range);
    }
    let root = builder.stack.pop().expect("root frame");
    let front_matter = builder.front_matter.take();
    let mut references = std::mem::take(&mut builder.references);
    let caption_references = std::mem::take(&mut builder.caption_references);
    let text_ranges = std::mem::take(&mut builder.text_ranges);
    let links = std::mem::take(&mut builder.links);
    let Builder { diags, .. } = builder;

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

    // Split the root's blocks: title, synopsis, body, note definitions.
    let mut title: Option<(Vec<Inline>, Span, String)> = None;
    let mut synopsis = Vec::new();
    let mut blocks = Vec::new();
    let (root_blocks, root_offsets) = attach_table_captions(root.blocks, root.offsets);
    for (block, offset) in root_blocks.into_iter().zip(root_offsets) {
        if fences.synopsis.iter().any(|r| r.contains(&offset)) {
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
    let (title, title_span, title_id) = match title {
        Some((content, span, id)) => (content, span, (!id.is_empty()).then_some(id)),
        // A dedication or an epigraph stands alone, without a heading.
        None if !kind.needs_title() => (Vec::new(), Span { line: 1, col: 1 }, None),
        None => {
            diags.push(
                Diagnostic::error(file, 1, 1, "the chapter has no title")
                    .with_hint("start the chapter with a level-1 heading: `# Chapter title` (only a dedication or an epigraph may go without)"),
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
        diags.push(
            Diagnostic::error(file, line, col, format!("note [^{label}] is not defined"))
                .with_hint(format!(
                    "add a definition on its own line: `[^{label}]: note text`"
                )),
        );
    }
    // References in figure captions (parsed from the image's title, where
    // the parser cannot see note definitions).
    for (label, span) in caption_references {
        if seen.contains_key(&label) {
            references.push((label, span));
        } else {
            diags.push(
                Diagnostic::error(
                    file,
                    span.line,
                    span.col,
                    format!("note [^{label}] is not defined"),
                )
                .with_hint(format!(
                    "add a definition on its own line: `[^{label}]: note text`"
                )),
            );
        }
    }
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
    })
}

/// Pandoc-style fenced blocks (`::: synopsis` … `:::`), masked to blanks so
/// pulldown-cmark sees plain Markdown and byte offsets stay unchanged.
struct Fences {
    masked: String,
    synopsis: Vec<Range<usize>>,
}

fn find_fences(text: &str, file: &Path, diags: &mut Diagnostics) -> Option<Fences> {
    let mut masked = String::with_capacity(text.len());
    let mut synopsis = Vec::new();
    let mut open: Option<(usize, bool)> = None; // (start offset, is synopsis)
    let mut offset = 0;
    let mut in_code_fence: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']).trim();
        let code_marker = if trimmed.starts_with("```") {
            Some("```")
        } else if trimmed.starts_with("~~~") {
            Some("~~~")
        } else {
            None
        };
        if let Some(marker) = in_code_fence {
            if code_marker == Some(marker) {
                in_code_fence = None;
            }
            masked.push_str(line);
            offset += line.len();
            continue;
        }
        if code_marker.is_some() {
            in_code_fence = code_marker;
        }
        let is_fence = trimmed.starts_with(":::") && in_code_fence.is_none();
        if is_fence {
            let class = trimmed.trim_start_matches(':').trim();
            let class = class
                .trim_start_matches('{')
                .trim_end_matches('}')
                .trim()
                .trim_start_matches('.');
            match (&open, class.is_empty()) {
                (Some((start, is_synopsis)), true) => {
                    if *is_synopsis {
                        synopsis.push(*start..offset);
                    }
                    open = None;
                }
                (None, false) => {
                    let is_synopsis = class == "synopsis";
                    if !is_synopsis {
                        let (l, c) = line_col(text, offset);
                        diags.push(
                            Diagnostic::warning(file, l, c, format!("unknown block class `{class}`; its content is set as ordinary text"))
                                .with_hint("bookpack knows `::: synopsis`"),
                        );
                    }
                    open = Some((offset, is_synopsis));
                }
                (Some(_), false) => {
                    let (l, c) = line_col(text, offset);
                    diags.push(
                        Diagnostic::error(file, l, c, "a `:::` block cannot open inside another")
                            .with_hint("close the open block with a line `:::` first"),
                    );
                    return None;
                }
                (None, true) => {
                    let (l, c) = line_col(text, offset);
                    diags.push(
                        Diagnostic::error(file, l, c, "`:::` closes a block that was never opened")
                            .with_hint("open it with `::: synopsis`, or remove this line"),
                    );
                    return None;
                }
            }
            // Keep the line break so line numbers stay right.
            let body = line.trim_end_matches(['\n', '\r']);
            masked.extend(std::iter::repeat_n(' ', body.len()));
            masked.push_str(&line[body.len()..]);
        } else {
            masked.push_str(line);
        }
        offset += line.len();
    }
    if let Some((start, _)) = open {
        let (l, c) = line_col(text, start);
        diags.push(
            Diagnostic::error(file, l, c, "this `:::` block is never closed")
                .with_hint("end it with a line holding only `:::`"),
        );
        return None;
    }
    Some(Fences { masked, synopsis })
}

/// Literal `[^label]` in text ranges: (label, byte offset).
fn undefined_references(text: &str, text_ranges: &[Range<usize>]) -> Vec<(String, usize)> {
    // The parser splits `[^x]` into several text events: join touching ranges.
    let mut joined: Vec<Range<usize>> = Vec::new();
    for range in text_ranges {
        match joined.last_mut() {
            Some(last) if last.end == range.start => last.end = range.end,
            _ => joined.push(range.clone()),
        }
    }
    let mut found = Vec::new();
    for range in &joined {
        let slice = &text[range.clone()];
        let mut from = 0;
        while let Some(i) = slice[from..].find("[^") {
            let start = from + i;
            if let Some(end) = slice[start..].find(']') {
                let label = &slice[start + 2..start + end];
                if !label.is_empty() && !label.contains(char::is_whitespace) {
                    found.push((label.to_string(), range.start + start));
                }
                from = start + end + 1;
            } else {
                break;
            }
        }
    }
    found
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
}

/// Moves a `Table: caption` paragraph (pandoc's syntax) next to a table
/// into the table: the one after it, else the one before it.
fn attach_table_captions(blocks: Vec<Block>, offsets: Vec<usize>) -> (Vec<Block>, Vec<usize>) {
    let caption_of = |b: &Block| -> Option<Vec<Inline>> {
        let Block::Paragraph { content, .. } = b else {
            return None;
        };
        let Some(Inline::Text { text }) = content.first() else {
            return None;
        };
        let rest = text.strip_prefix("Table:")?;
        let mut caption = content.clone();
        caption[0] = Inline::Text {
            text: rest.trim_start().to_string(),
        };
        Some(typography::refine(caption))
    };
    let mut taken = vec![false; blocks.len()];
    let mut captions: Vec<Option<Vec<Inline>>> = vec![None; blocks.len()];
    for i in 0..blocks.len() {
        if !matches!(&blocks[i], Block::Table { caption, .. } if caption.is_empty()) {
            continue;
        }
        for j in [i + 1, i.wrapping_sub(1)] {
            if j < blocks.len() && !taken[j] {
                if let Some(c) = caption_of(&blocks[j]) {
                    taken[j] = true;
                    captions[i] = Some(c);
                    break;
                }
            }
        }
    }
    let mut out = Vec::with_capacity(blocks.len());
    let mut out_offsets = Vec::with_capacity(blocks.len());
    for (i, (mut block, offset)) in blocks.into_iter().zip(offsets).enumerate() {
        if taken[i] {
            continue;
        }
        if let (Block::Table { caption, .. }, Some(c)) = (&mut block, captions[i].take()) {
            *caption = c;
        }
        out.push(block);
        out_offsets.push(offset);
    }
    (out, out_offsets)
}

/// Whether the byte range `range` of `text` lies inside a web address
/// written as running text (`https://…`, `www.…`): smart punctuation must
/// not turn its `--` or quotes into typographic ones.
fn inside_url(text: &str, range: &Range<usize>) -> bool {
    let start = text[..range.start]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '<' | '(' | '"' | '\'' | '“' | '‘'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[range.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| range.end + i);
    let token = &text[start..end];
    let is_url = token.contains("://") || token.starts_with("www.");
    // Trailing sentence punctuation belongs to the sentence, not the address.
    let url_end = start
        + token
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'', '”', '’'])
            .len();
    is_url && range.start > start && range.end <= url_end
}

/// Splits `[^label]` written in a caption's text into note references
/// (the caption is parsed apart from the chapter, where the parser cannot
/// see the note definitions); returns the labels found.
fn caption_note_refs(inlines: Vec<Inline>, labels: &mut Vec<String>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for mut inline in inlines {
        if let Inline::Text { text } = &inline {
            let mut rest = text.as_str();
            while let Some(i) = rest.find("[^") {
                let Some(len) = rest[i..].find(']') else {
                    break;
                };
                let label = &rest[i + 2..i + len];
                if label.is_empty() || label.contains(char::is_whitespace) {
                    break;
                }
                if i > 0 {
                    out.push(Inline::Text {
                        text: rest[..i].to_string(),
                    });
                }
                labels.push(label.to_string());
                out.push(Inline::NoteRef {
                    number: UNNUMBERED,
                    first: false,
                    id: label.to_string(),
                });
                rest = &rest[i + len + 1..];
            }
            if !rest.is_empty() {
                out.push(Inline::Text {
                    text: rest.to_string(),
                });
            }
            continue;
        }
        if let Some(children) = inline.children_mut() {
            *children = caption_note_refs(std::mem::take(children), labels);
        }
        out.push(inline);
    }
    out
}

/// Stand-ins for `\^` and `\~` in text until [`scripts`] has run, so an
/// escaped delimiter never opens a superscript or subscript.
const ESCAPED_CARET: char = '\u{E000}';
const ESCAPED_TILDE: char = '\u{E001}';

/// A run of inlines as the model keeps it: intraword superscripts and
/// subscripts found, then the typography pass.
fn inline_content(inlines: Vec<Inline>) -> Vec<Inline> {
    typography::refine(scripts(inlines))
}

/// pandoc's `^sup^` and `~sub~` (no spaces inside) where pulldown-cmark
/// leaves them as text: it takes them only between words (`x ^2^`), not
/// inside one (`mc^2^`, `H~2~O`, `1^st^`), as pandoc and authors do.
fn scripts(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for mut inline in inlines {
        match &mut inline {
            Inline::Text { text } => {
                let mut rest = text.as_str();
                let mut plain = String::new();
                while let Some(i) = rest.find(['^', '~']) {
                    let delim = rest[i..].chars().next().unwrap_or('^');
                    let after = &rest[i + 1..];
                    let inner_len = after
                        .find(|c: char| c == delim || c.is_whitespace())
                        .filter(|&n| n > 0 && after[n..].starts_with(delim));
                    let Some(n) = inner_len else {
                        plain.push_str(&rest[..i + 1]);
                        rest = after;
                        continue;
                    };
                    plain.push_str(&rest[..i]);
                    if !plain.is_empty() {
                        out.push(Inline::Text {
                            text: unescape_scripts(&std::mem::take(&mut plain)),
                        });
                    }
                    let content = vec![Inline::Text {
                        text: unescape_scripts(&after[..n]),
                    }];
                    out.push(if delim == '^' {
                        Inline::Superscript { content }
                    } else {
                        Inline::Subscript { content }
                    });
                    rest = &after[n + 1..];
                }
                plain.push_str(rest);
                if !plain.is_empty() {
                    out.push(Inline::Text {
                        text: unescape_scripts(&plain),
                    });
                }
                continue;
            }
            Inline::Code { .. } => {}
            other => {
                if let Some(children) = other.children_mut() {
                    *children = scripts(std::mem::take(children));
                }
            }
        }
        out.push(inline);
    }
    out
}

fn unescape_scripts(s: &str) -> String {
    s.replace(ESCAPED_CARET, "^").replace(ESCAPED_TILDE, "~")
}

fn column_align(a: Alignment) -> ColumnAlign {
    match a {
        Alignment::None => ColumnAlign::Default,
        Alignment::Left => ColumnAlign::Left,
        Alignment::Center => ColumnAlign::Center,
        Alignment::Right => ColumnAlign::Right,
    }
}

#[derive(Debug, PartialEq)]
enum FrameKind {
    Root,
    Paragraph,
    /// Level and the `{#id}` attribute (empty when none).
    Heading(u8, String),
    BlockQuote,
    List(Option<u64>),
    Item,
    CodeBlock(Option<String>),
    Emphasis,
    Strong,
    Strikethrough,
    Superscript,
    Subscript,
    Link(String),
    Image {
        src: String,
        title: String,
    },
    FootnoteDefinition(String),
    HtmlBlock,
    Table(Vec<ColumnAlign>),
    TableHead,
    TableRow,
    TableCell,
    DefinitionList,
    DefinitionTitle,
    DefinitionBody,
}

impl FrameKind {
    /// Frames that hold blocks: inline content directly inside one (a
    /// tight list item) gets an implicit paragraph.
    fn holds_blocks(&self) -> bool {
        matches!(
            self,
            FrameKind::Item
                | FrameKind::BlockQuote
                | FrameKind::Root
                | FrameKind::FootnoteDefinition(_)
                | FrameKind::DefinitionBody
        )
    }
}

/// An image met alone (so far) in its paragraph: the paragraph becomes a
/// figure unless other content follows.
#[derive(Debug)]
struct FigureCandidate {
    image: ImageRef,
    caption: Vec<Inline>,
    start: usize,
}

struct Frame {
    kind: FrameKind,
    range: Range<usize>,
    inlines: Vec<Inline>,
    blocks: Vec<Block>,
    /// Start offset of each block in `blocks` (to sort out the synopsis).
    offsets: Vec<usize>,
    items: Vec<Vec<Block>>,
    notes: Vec<ParsedNote>,
    code: String,
    /// Table: the cells of the row being read, the header, the body rows.
    cells: Vec<Vec<Inline>>,
    head: Vec<Vec<Inline>>,
    rows: Vec<Vec<Vec<Inline>>>,
    definitions: Vec<Definition>,
    figure: Option<FigureCandidate>,
}

impl Frame {
    fn new(kind: FrameKind, range: Range<usize>) -> Self {
        Frame {
            kind,
            range,
            inlines: Vec::new(),
            blocks: Vec::new(),
            offsets: Vec::new(),
            items: Vec::new(),
            notes: Vec::new(),
            code: String::new(),
            cells: Vec::new(),
            head: Vec::new(),
            rows: Vec::new(),
            definitions: Vec::new(),
            figure: None,
        }
    }
}

struct Builder<'a> {
    text: &'a str,
    file: &'a Path,
    diags: &'a mut Diagnostics,
    stack: Vec<Frame>,
    front_matter: Option<(String, Range<usize>)>,
    in_metadata: bool,
    references: Vec<(String, Span)>,
    /// Note references in figure captions: (label, the figure's span).
    caption_references: Vec<(String, Span)>,
    links: Vec<(String, Span)>,
    text_ranges: Vec<Range<usize>>,
    /// Set when parsing a caption apart: every position is the figure's.
    fixed_span: Option<Span>,
}

impl<'a> Builder<'a> {
    fn new(
        text: &'a str,
        file: &'a Path,
        diags: &'a mut Diagnostics,
        fixed_span: Option<Span>,
    ) -> Self {
        Builder {
            text,
            file,
            diags,
            stack: vec![Frame::new(FrameKind::Root, 0..0)],
            front_matter: None,
            in_metadata: false,
            references: Vec::new(),
            caption_references: Vec::new(),
            links: Vec::new(),
            text_ranges: Vec::new(),
            fixed_span,
        }
    }

    fn span(&self, offset: usize) -> Span {
        if let Some(span) = self.fixed_span {
            return span;
        }
        let (line, col) = line_col(self.text, offset);
        Span { line, col }
    }

    fn top(&mut self) -> &mut Frame {
        self.stack
            .last_mut()
            .expect("root frame is never popped early")
    }

    /// Opens an implicit paragraph when inline content arrives directly in
    /// a block container (a tight list item).
    fn ensure_paragraph(&mut self, range: &Range<usize>) {
        if self.top().kind.holds_blocks() {
            // Marked as implicit by an open range end; closed at the next block.
            self.stack
                .push(Frame::new(FrameKind::Paragraph, range.start..usize::MAX));
        }
    }

    fn push_inline(&mut self, inline: Inline, range: Range<usize>) {
        self.ensure_paragraph(&range);
        let blank = matches!(&inline, Inline::Text { text } if text.trim().is_empty());
        if !blank {
            if let Some(candidate) = self.top().figure.take() {
                self.demote_figure(candidate, true);
            }
        }
        if let Inline::Text { text } = &inline {
            if let Some(Inline::Text { text: prev }) = self.top().inlines.last_mut() {
                prev.push_str(text);
                return;
            }
        }
        self.top().inlines.push(inline);
    }

    /// An image that is not alone in its paragraph: it is not set; its
    /// description stands in its place (before the text that followed it,
    /// or after the text before it), with a warning.
    fn demote_figure(&mut self, candidate: FigureCandidate, at_front: bool) {
        let span = self.span(candidate.start);
        self.diags.push(
            Diagnostic::warning(
                self.file,
                span.line,
                span.col,
                format!(
                    "image `{}` inside running text is not set; its description is set as text",
                    candidate.image.src
                ),
            )
            .with_hint(
                "give the image a paragraph of its own (blank lines around it) to make it a figure",
            ),
        );
        let alt = Inline::Text {
            text: candidate.image.alt,
        };
        let inlines = &mut self.top().inlines;
        if at_front {
            inlines.insert(0, alt);
        } else {
            inlines.push(alt);
        }
    }

    fn close_implicit_paragraph(&mut self) {
        if self.top().kind == FrameKind::Paragraph && self.top().range.end == usize::MAX {
            self.end_frame();
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if self.in_metadata {
            match event {
                Event::Text(t) => {
                    if let Some((s, _)) = &mut self.front_matter {
                        s.push_str(&t);
                    }
                }
                Event::End(TagEnd::MetadataBlock(_)) => self.in_metadata = false,
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(_) => {
                self.close_implicit_paragraph();
                self.end_frame();
            }
            Event::Text(t) => {
                if let FrameKind::CodeBlock(_) | FrameKind::HtmlBlock = self.top().kind {
                    self.top().code.push_str(&t);
                } else {
                    let mut text = t.into_string();
                    let escaped = range.start > 0
                        && self.text.as_bytes().get(range.start - 1) == Some(&b'\\');
                    if escaped {
                        if let Some(rest) = text.strip_prefix('^') {
                            text = format!("{ESCAPED_CARET}{rest}");
                        } else if let Some(rest) = text.strip_prefix('~') {
                            text = format!("{ESCAPED_TILDE}{rest}");
                        }
                    }
                    // Smart punctuation replaces `--` or a quote with one
                    // event of its own; inside a web address the source
                    // characters stand.
                    if self.fixed_span.is_none()
                        && range.end <= self.text.len()
                        && self.text.get(range.clone()) != Some(text.as_str())
                        && inside_url(self.text, &range)
                    {
                        text = self.text[range.clone()].to_string();
                    }
                    self.text_ranges.push(range.clone());
                    self.push_inline(Inline::Text { text }, range);
                }
            }
            Event::Code(t) => self.push_inline(
                Inline::Code {
                    text: t.into_string(),
                },
                range,
            ),
            Event::SoftBreak => self.push_inline(Inline::Text { text: " ".into() }, range),
            Event::HardBreak => self.push_inline(Inline::LineBreak, range),
            Event::Rule => {
                self.close_implicit_paragraph();
                let span = self.span(range.start);
                self.add_block(Block::ThematicBreak { span }, range.start);
            }
            Event::Html(html) => {
                if self.top().kind == FrameKind::HtmlBlock {
                    self.top().code.push_str(&html);
                }
            }
            // A comment is the author's note to themselves (or to `bookpack
            // check`), never content: dropped without a warning.
            Event::InlineHtml(html) if is_html_comment(&html) => {}
            Event::InlineHtml(html) => {
                let span = self.span(range.start);
                self.diags.push(
                    Diagnostic::warning(
                        self.file,
                        span.line,
                        span.col,
                        format!("raw HTML `{}` is kept as text, not markup", html.trim()),
                    )
                    .with_hint(
                        "use Markdown instead; bookpack never passes HTML through to the editions",
                    ),
                );
                self.push_inline(
                    Inline::Text {
                        text: html.into_string(),
                    },
                    range,
                );
            }
            Event::FootnoteReference(label) => {
                let span = self.span(range.start);
                self.references.push((label.to_string(), span));
                self.push_inline(
                    Inline::NoteRef {
                        number: UNNUMBERED,
                        first: false,
                        id: label.into_string(),
                    },
                    range,
                );
            }
            Event::TaskListMarker(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let kind = match tag {
            Tag::MetadataBlock(_) => {
                self.in_metadata = true;
                self.front_matter = Some((String::new(), range));
                return;
            }
            Tag::Paragraph => FrameKind::Paragraph,
            Tag::Heading { level, id, .. } => FrameKind::Heading(
                heading_level(level),
                id.map(|i| i.into_string()).unwrap_or_default(),
            ),
            Tag::BlockQuote(_) => FrameKind::BlockQuote,
            Tag::CodeBlock(kind) => FrameKind::CodeBlock(match kind {
                CodeBlockKind::Fenced(info) => {
                    let lang = info.split_whitespace().next().unwrap_or("").to_string();
                    (!lang.is_empty()).then_some(lang)
                }
                CodeBlockKind::Indented => None,
            }),
            Tag::HtmlBlock => FrameKind::HtmlBlock,
            Tag::List(start) => FrameKind::List(start),
            Tag::Item => FrameKind::Item,
            Tag::FootnoteDefinition(label) => FrameKind::FootnoteDefinition(label.into_string()),
            Tag::Emphasis => FrameKind::Emphasis,
            Tag::Strong => FrameKind::Strong,
            Tag::Strikethrough => FrameKind::Strikethrough,
            Tag::Superscript => FrameKind::Superscript,
            Tag::Subscript => FrameKind::Subscript,
            // An email autolink (`<a@b.org>`) gives the bare address.
            Tag::Link {
                link_type: LinkType::Email,
                dest_url,
                ..
            } => FrameKind::Link(format!("mailto:{dest_url}")),
            Tag::Link { dest_url, .. } => FrameKind::Link(dest_url.into_string()),
            Tag::Image {
                dest_url, title, ..
            } => FrameKind::Image {
                src: dest_url.into_string(),
                title: title.into_string(),
            },
            Tag::Table(align) => FrameKind::Table(align.into_iter().map(column_align).collect()),
            Tag::TableHead => FrameKind::TableHead,
            Tag::TableRow => FrameKind::TableRow,
            Tag::TableCell => FrameKind::TableCell,
            Tag::DefinitionList => FrameKind::DefinitionList,
            Tag::DefinitionListTitle => FrameKind::DefinitionTitle,
            Tag::DefinitionListDefinition => FrameKind::DefinitionBody,
        };
        let is_block = matches!(
            kind,
            FrameKind::Paragraph
                | FrameKind::Heading(..)
                | FrameKind::BlockQuote
                | FrameKind::CodeBlock(_)
                | FrameKind::HtmlBlock
                | FrameKind::List(_)
                | FrameKind::Item
                | FrameKind::FootnoteDefinition(_)
                | FrameKind::Table(_)
                | FrameKind::DefinitionList
                | FrameKind::DefinitionTitle
                | FrameKind::DefinitionBody
        );
        if is_block {
            self.close_implicit_paragraph();
        }
        self.stack.push(Frame::new(kind, range));
    }

    fn add_block(&mut self, block: Block, offset: usize) {
        let top = self.top();
        top.blocks.push(block);
        top.offsets.push(offset);
    }

    /// The inline Markdown of an image's title, as the figure's caption.
    fn caption(&mut self, title: &str, span: Span) -> Vec<Inline> {
        if title.trim().is_empty() {
            return Vec::new();
        }
        let mut sub = Builder::new(title, self.file, self.diags, Some(span));
        for (event, range) in Parser::new_ext(title, options()).into_offset_iter() {
            sub.event(event, range);
        }
        while sub.stack.len() > 1 {
            sub.end_frame();
        }
        let root = sub.stack.pop().expect("root frame");
        // Links in a caption are checked with the chapter's (at the figure's position).
        let mut links = std::mem::take(&mut sub.links);
        self.links.append(&mut links);
        let mut inlines = Vec::new();
        for block in root.blocks {
            if let Block::Paragraph { content, .. } = block {
                if !inlines.is_empty() {
                    inlines.push(Inline::Text { text: " ".into() });
                }
                inlines.extend(content);
            }
        }
        let mut labels = Vec::new();
        let inlines = caption_note_refs(inline_content(inlines), &mut labels);
        self.caption_references
            .extend(labels.into_iter().map(|l| (l, span)));
        inlines
    }

    fn end_frame(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let frame = self.stack.pop().expect("checked above");
        let start = frame.range.start;
        let span = self.span(start);
        match frame.kind {
            FrameKind::Paragraph => {
                if let Some(candidate) = frame.figure {
                    let span = self.span(candidate.start);
                    self.add_block(
                        Block::Figure {
                            image: candidate.image,
                            caption: candidate.caption,
                            span,
                        },
                        start,
                    );
                    return;
                }
                let content = inline_content(frame.inlines);
                if !content.is_empty() {
                    self.add_block(Block::Paragraph { content, span }, start);
                }
            }
            FrameKind::Heading(level, id) => {
                let content = inline_content(frame.inlines);
                if is_blank(&content) {
                    // `##` alone: nothing to read or navigate to, and an
                    // empty heading fails accessibility checks (Ace).
                    self.diags.push(
                        Diagnostic::warning(
                            self.file,
                            span.line,
                            span.col,
                            "an empty heading is left out",
                        )
                        .with_hint("give the heading some text, or delete the line"),
                    );
                    return;
                }
                self.add_block(
                    Block::Heading {
                        level,
                        id,
                        content,
                        span,
                    },
                    start,
                );
            }
            FrameKind::BlockQuote => {
                let (blocks, _) = attach_table_captions(frame.blocks, frame.offsets);
                self.add_block(Block::BlockQuote { blocks, span }, start);
            }
            FrameKind::CodeBlock(language) => {
                self.add_block(
                    Block::CodeBlock {
                        language,
                        text: frame.code,
                        span,
                    },
                    start,
                );
            }
            FrameKind::HtmlBlock if is_html_comment(&frame.code) => {}
            FrameKind::HtmlBlock => {
                self.diags.push(
                    Diagnostic::warning(
                        self.file,
                        span.line,
                        span.col,
                        "raw HTML block is kept as text, not markup",
                    )
                    .with_hint(
                        "use Markdown instead; bookpack never passes HTML through to the editions",
                    ),
                );
                let text = frame.code.trim_end().to_string();
                self.add_block(
                    Block::Paragraph {
                        content: vec![Inline::Text { text }],
                        span,
                    },
                    start,
                );
            }
            FrameKind::List(start_number) => {
                self.add_block(
                    Block::List {
                        start: start_number,
                        items: frame.items,
                        span,
                    },
                    start,
                );
            }
            FrameKind::Item => {
                let (blocks, _) = attach_table_captions(frame.blocks, frame.offsets);
                self.top().items.push(blocks);
            }
            FrameKind::FootnoteDefinition(label) => {
                let (blocks, _) = attach_table_captions(frame.blocks, frame.offsets);
                let note = ParsedNote {
                    label,
                    blocks,
                    span,
                };
                // Definitions may sit anywhere; they all belong to the chapter.
                self.stack[0].notes.push(note);
            }
            FrameKind::Emphasis => self.push_inline(
                Inline::Emphasis {
                    content: frame.inlines,
                },
                frame.range,
            ),
            FrameKind::Strong => self.push_inline(
                Inline::Strong {
                    content: frame.inlines,
                },
                frame.range,
            ),
            FrameKind::Strikethrough => self.push_inline(
                Inline::Strikethrough {
                    content: frame.inlines,
                },
                frame.range,
            ),
            FrameKind::Superscript => self.push_inline(
                Inline::Superscript {
                    content: frame.inlines,
                },
                frame.range,
            ),
            FrameKind::Subscript => self.push_inline(
                Inline::Subscript {
                    content: frame.inlines,
                },
                frame.range,
            ),
            FrameKind::Link(url) if Inline::plain_text(&frame.inlines).trim().is_empty() => {
                // Nothing to click on (`[](url)`, or a note reference alone,
                // which links to its note): no link in either edition.
                self.diags.push(
                    Diagnostic::warning(
                        self.file,
                        span.line,
                        span.col,
                        format!("link `{url}` has no text; it is left out"),
                    )
                    .with_hint("write the words to click between the brackets: [text](address)"),
                );
                for inline in frame.inlines {
                    self.push_inline(inline, frame.range.clone());
                }
            }
            FrameKind::Link(url) => {
                // Checked and resolved for the whole book by `links.rs`.
                self.links.push((url.clone(), span));
                self.push_inline(
                    Inline::Link {
                        target: LinkTarget::External { url },
                        content: frame.inlines,
                    },
                    frame.range,
                )
            }
            FrameKind::Image { src, title } => {
                let alt = Inline::plain_text(&inline_content(frame.inlines));
                if alt.trim().is_empty() {
                    self.diags.push(
                        Diagnostic::warning(
                            self.file,
                            span.line,
                            span.col,
                            format!("image `{src}` has no description (empty alt text)"),
                        )
                        .with_hint("describe the image between the brackets, `![a map of the Balkans](…)`, for readers who cannot see it"),
                    );
                }
                let caption = self.caption(&title, span);
                let image = ImageRef {
                    src,
                    path: String::new(),
                    alt,
                    asset: String::new(),
                };
                self.ensure_paragraph(&frame.range);
                let top = self.top();
                let alone = top.kind == FrameKind::Paragraph
                    && top.figure.is_none()
                    && top
                        .inlines
                        .iter()
                        .all(|i| matches!(i, Inline::Text { text } if text.trim().is_empty()));
                let candidate = FigureCandidate {
                    image,
                    caption,
                    start,
                };
                if alone {
                    top.figure = Some(candidate);
                } else {
                    if let Some(earlier) = top.figure.take() {
                        self.demote_figure(earlier, true);
                    }
                    self.demote_figure(candidate, false);
                }
            }
            FrameKind::Table(align) => {
                let columns = align.len();
                let fit = |mut row: Vec<Vec<Inline>>| {
                    row.resize(columns, Vec::new());
                    row
                };
                let head = fit(frame.head);
                let rows = frame.rows.into_iter().map(fit).collect();
                self.add_block(
                    Block::Table {
                        caption: Vec::new(),
                        align,
                        head,
                        rows,
                        span,
                    },
                    start,
                );
            }
            FrameKind::TableHead => self.top().head = frame.cells,
            FrameKind::TableRow => self.top().rows.push(frame.cells),
            FrameKind::TableCell => {
                let cell = inline_content(frame.inlines);
                self.top().cells.push(cell);
            }
            FrameKind::DefinitionList => {
                self.add_block(
                    Block::DefinitionList {
                        items: frame.definitions,
                        span,
                    },
                    start,
                );
            }
            FrameKind::DefinitionTitle => {
                let term = inline_content(frame.inlines);
                self.top().definitions.push(Definition {
                    term,
                    definitions: Vec::new(),
                });
            }
            FrameKind::DefinitionBody => {
                let (blocks, _) = attach_table_captions(frame.blocks, frame.offsets);
                let list = &mut self.top().definitions;
                match list.last_mut() {
                    Some(item) => item.definitions.push(blocks),
                    None => list.push(Definition {
                        term: Vec::new(),
                        definitions: vec![blocks],
                    }),
                }
            }
            FrameKind::Root => unreachable!("the root frame is popped by parse_chapter"),
        }
    }
}

/// Whether raw HTML is only a comment, `<!-- … -->`.
pub(crate) fn is_html_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

/// Whether inlines show nothing: no text but spaces, no note reference.
fn is_blank(inlines: &[Inline]) -> bool {
    inlines.iter().all(|inline| match inline {
        Inline::Text { text } | Inline::Code { text } => text.trim().is_empty(),
        Inline::Emphasis { content }
        | Inline::Strong { content }
        | Inline::Strikethrough { content }
        | Inline::Superscript { content }
        | Inline::Subscript { content }
        | Inline::Link { content, .. } => is_blank(content),
        Inline::LineBreak => true,
        Inline::NoteRef { .. } => false,
    })
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<ParsedChapter>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let chapter = parse_chapter(text, Path::new("ch.md"), &mut diags);
        (chapter, diags)
    }

    fn messages(diags: &Diagnostics) -> Vec<String> {
        diags.items().iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn title_synopsis_body_and_notes() {
        let src = "+++\nnumber = 12\n+++\n\n# From Bucharest to Moscow\n\n::: synopsis\nFebruary 1960: \"Mikoyan\".\n:::\n\nAll the *representatives*[^1] came.\n\n[^1]: A note.\n";
        let (c, d) = parse(src);
        let c = c.unwrap();
        assert!(d.is_empty(), "{:?}", messages(&d));
        assert_eq!(c.number, Some(NumberSetting::Count(12)));
        assert_eq!(Inline::plain_text(&c.title), "From Bucharest to Moscow");
        assert_eq!(c.synopsis.len(), 1);
        let Block::Paragraph { content, span } = &c.synopsis[0] else {
            panic!()
        };
        assert_eq!(
            Inline::plain_text(content),
            "February 1960: \u{201c}Mikoyan\u{201d}."
        );
        assert_eq!(*span, Span { line: 8, col: 1 });
        assert_eq!(c.blocks.len(), 1);
        let Block::Paragraph { content, span } = &c.blocks[0] else {
            panic!()
        };
        assert_eq!(*span, Span { line: 11, col: 1 });
        assert!(matches!(&content[1], Inline::Emphasis { .. }));
        assert!(matches!(&content[2], Inline::NoteRef { id, .. } if id == "1"));
        assert_eq!(c.notes.len(), 1);
        assert_eq!(c.notes[0].span, Span { line: 13, col: 1 });
        assert_eq!(
            c.references,
            vec![("1".to_string(), Span { line: 11, col: 26 })]
        );
    }

    #[test]
    fn adjacent_text_is_merged() {
        let (c, _) = parse("# T\n\nIt's \"quoted\" -- and so...\non.\n");
        let c = c.unwrap();
        let Block::Paragraph { content, .. } = &c.blocks[0] else {
            panic!()
        };
        assert_eq!(content.len(), 1, "{content:?}");
        assert_eq!(
            Inline::plain_text(content),
            "It\u{2019}s \u{201c}quoted\u{201d} \u{2013} and so\u{2026} on."
        );
    }

    #[test]
    fn undefined_note_is_an_error_at_its_position() {
        let (_, d) = parse("# T\n\nText[^nope] and more.\n");
        assert_eq!(messages(&d), vec!["ch.md:3:5: error: note [^nope] is not defined\n  hint: add a definition on its own line: `[^nope]: note text`"]);
    }

    #[test]
    fn duplicate_note_is_an_error() {
        let (_, d) = parse("# T\n\nA[^a].\n\n[^a]: one\n\n[^a]: two\n");
        let m = messages(&d);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].starts_with("ch.md:7:1: error: note [^a] is defined twice"),
            "{m:?}"
        );
    }

    #[test]
    fn html_comments_are_dropped_silently() {
        let (c, d) =
            parse("# T\n\n<!-- check: allow spelling -->\nSome wrods <!-- a note --> here.\n");
        assert!(d.is_empty(), "{:?}", messages(&d));
        let c = c.unwrap();
        assert_eq!(c.blocks.len(), 1);
        let Block::Paragraph { content, .. } = &c.blocks[0] else {
            panic!("{:?}", c.blocks)
        };
        assert_eq!(Inline::plain_text(content), "Some wrods here.");
    }

    #[test]
    fn raw_html_is_text_with_a_warning() {
        let (c, d) = parse("# T\n\nA <b>bold</b> claim.\n\n<div>block</div>\n");
        let c = c.unwrap();
        let m = messages(&d);
        assert_eq!(m.len(), 3, "{m:?}");
        assert!(
            m[0].starts_with("ch.md:3:3: warning: raw HTML `<b>`"),
            "{m:?}"
        );
        assert!(
            m[2].starts_with("ch.md:5:1: warning: raw HTML block"),
            "{m:?}"
        );
        let Block::Paragraph { content, .. } = &c.blocks[0] else {
            panic!()
        };
        assert_eq!(Inline::plain_text(content), "A <b>bold</b> claim.");
        let Block::Paragraph { content, .. } = &c.blocks[1] else {
            panic!()
        };
        assert_eq!(Inline::plain_text(content), "<div>block</div>");
    }

    #[test]
    fn missing_title_and_bad_fences() {
        let (c, d) = parse("Just text.\n");
        assert!(c.is_none());
        assert!(messages(&d)[0].starts_with("ch.md:1:1: error: the chapter has no title"));
        let (c, d) = parse("# T\n\n::: synopsis\nA\n");
        assert!(c.is_none());
        assert!(messages(&d)[0].starts_with("ch.md:3:1: error: this `:::` block is never closed"));
        let (c, d) = parse("# T\n\n:::\n");
        assert!(c.is_none());
        assert!(messages(&d)[0].contains("never opened"));
    }

    #[test]
    fn blocks_of_every_kind() {
        let src = "# T\n\n## Section\n\n> quoted\n\n1. one\n2. two\n\n- a\n\n  b\n\n---\n\n```rust\nfn x() {}\n```\n\nLine  \nbreak [link](https://example.org) `code` **strong**\n";
        let (c, d) = parse(src);
        assert!(d.is_empty(), "{:?}", messages(&d));
        let kinds: Vec<&str> = c
            .unwrap()
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading { .. } => "h",
                Block::BlockQuote { .. } => "q",
                Block::List {
                    start: Some(1),
                    items,
                    ..
                } if items.len() == 2 => "ol",
                Block::List {
                    start: None, items, ..
                } if items[0].len() == 2 => "ul",
                Block::ThematicBreak { .. } => "hr",
                Block::CodeBlock {
                    language: Some(l),
                    text,
                    ..
                } if l == "rust" && text == "fn x() {}\n" => "code",
                Block::Paragraph { content, .. } if content.len() == 8 => "p",
                _ => "?",
            })
            .collect();
        assert_eq!(kinds, ["h", "q", "ol", "ul", "hr", "code", "p"]);
    }

    #[test]
    fn links_are_listed_with_their_positions() {
        let (c, d) = parse("# T\n\n[a](javascript:alert(1)) [b](https://example.org)\n<x@example.org> [c](two.md#x) [ ](https://e.org)\n");
        let m = messages(&d);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].starts_with("ch.md:4:31: warning: link `https://e.org` has no text"),
            "{m:?}"
        );
        assert_eq!(
            c.unwrap().links,
            vec![
                ("javascript:alert(1)".to_string(), Span { line: 3, col: 1 }),
                ("https://example.org".to_string(), Span { line: 3, col: 26 }),
                ("mailto:x@example.org".to_string(), Span { line: 4, col: 1 }),
                ("two.md#x".to_string(), Span { line: 4, col: 17 }),
            ]
        );
    }

    fn body(src: &str) -> (Vec<Block>, Vec<String>) {
        let (c, d) = parse(src);
        (c.map(|c| c.blocks).unwrap_or_default(), messages(&d))
    }

    #[test]
    fn an_image_alone_is_a_figure_with_its_title_as_caption() {
        let (blocks, m) =
            body("# T\n\n![A *map*](img/map.png \"The *ground*[^a]\")\n\n[^a]: Note.\n");
        assert!(m.is_empty(), "{m:?}");
        let Block::Figure {
            image,
            caption,
            span,
        } = &blocks[0]
        else {
            panic!("{blocks:?}")
        };
        assert_eq!(
            (image.src.as_str(), image.alt.as_str()),
            ("img/map.png", "A map")
        );
        assert_eq!(*span, Span { line: 3, col: 1 });
        assert_eq!(Inline::plain_text(caption), "The ground");
        assert!(matches!(&caption[1], Inline::Emphasis { .. }));
        assert!(matches!(&caption[2], Inline::NoteRef { id, .. } if id == "a"));
    }

    #[test]
    fn images_in_running_text_and_empty_alt_are_warned_about() {
        let (blocks, m) =
            body("# T\n\nSee ![a map](m.png) here.\n\n![](x.png)\n\n![b](y.png) and text\n");
        assert_eq!(m.len(), 3, "{m:?}");
        assert!(
            m[0].starts_with("ch.md:3:5: warning: image `m.png` inside running text"),
            "{m:?}"
        );
        assert!(
            m[1].starts_with("ch.md:5:1: warning: image `x.png` has no description"),
            "{m:?}"
        );
        assert!(
            m[2].starts_with("ch.md:7:1: warning: image `y.png` inside running text"),
            "{m:?}"
        );
        let texts: Vec<String> = blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { content, .. } => Inline::plain_text(content),
                Block::Figure { image, .. } => format!("figure {}", image.src),
                _ => "?".into(),
            })
            .collect();
        assert_eq!(texts, ["See a map here.", "figure x.png", "b and text"]);
    }

    #[test]
    fn an_undefined_note_in_a_caption_is_an_error() {
        let (_, m) = body("# T\n\n![a](m.png \"Cap[^zz]\")\n");
        assert!(
            m[0].starts_with("ch.md:3:1: error: note [^zz] is not defined"),
            "{m:?}"
        );
    }

    #[test]
    fn tables_keep_alignment_cells_and_pandoc_captions() {
        let src = "# T\n\nTable: Before\n\n| a | b | c |\n|:--|:-:|--:|\n| 1 -- 2 | `x--y` | \"q\" |\n| only |\n\nTable: After\n\nText.\n";
        let (blocks, m) = body(src);
        assert!(m.is_empty(), "{m:?}");
        assert_eq!(blocks.len(), 3, "{blocks:?}");
        let Block::Paragraph { content, .. } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        // The caption after the table wins; the one before stays a paragraph.
        assert_eq!(Inline::plain_text(content), "Table: Before");
        let Block::Table {
            caption,
            align,
            head,
            rows,
            ..
        } = &blocks[1]
        else {
            panic!("{blocks:?}")
        };
        assert_eq!(Inline::plain_text(caption), "After");
        assert_eq!(
            align,
            &[ColumnAlign::Left, ColumnAlign::Center, ColumnAlign::Right]
        );
        assert_eq!(head.len(), 3);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].len(), 3, "short rows are filled");
        let cell = |r: usize, c: usize| Inline::plain_text(&rows[r][c]);
        assert_eq!(cell(0, 0), "1 \u{2013} 2");
        assert_eq!(
            rows[0][1],
            vec![Inline::Code {
                text: "x--y".into()
            }]
        );
        assert_eq!(cell(0, 2), "\u{201c}q\u{201d}");
    }

    #[test]
    fn strikethrough_superscript_subscript() {
        let (blocks, m) =
            body("# T\n\n~~gone~~ x ^2^ mc^2^ H~2~O 1^st^ a\\^b^ 2^10 and ~5 km `a^b^`\n");
        assert!(m.is_empty(), "{m:?}");
        let Block::Paragraph { content, .. } = &blocks[0] else {
            panic!()
        };
        let kinds: Vec<String> = content
            .iter()
            .map(|i| match i {
                Inline::Text { text } => format!("t:{text}"),
                Inline::Strikethrough { content } => format!("del:{}", Inline::plain_text(content)),
                Inline::Superscript { content } => format!("sup:{}", Inline::plain_text(content)),
                Inline::Subscript { content } => format!("sub:{}", Inline::plain_text(content)),
                Inline::Code { text } => format!("code:{text}"),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "del:gone",
                "t: x ",
                "sup:2",
                "t: mc",
                "sup:2",
                "t: H",
                "sub:2",
                "t:O 1",
                "sup:st",
                "t: a^b^ 2^10 and ~5 km ",
                "code:a^b^"
            ]
        );
    }

    #[test]
    fn definition_lists() {
        let (blocks, m) = body("# T\n\nTerm\n: One.\n: Two.\n\nOther *term*\n: Three.\n");
        assert!(m.is_empty(), "{m:?}");
        let Block::DefinitionList { items, .. } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(items.len(), 2);
        assert_eq!(Inline::plain_text(&items[0].term), "Term");
        assert_eq!(items[0].definitions.len(), 2);
        assert!(
            matches!(&items[0].definitions[1][0], Block::Paragraph { content, .. } if Inline::plain_text(content) == "Two.")
        );
        assert_eq!(Inline::plain_text(&items[1].term), "Other term");
    }

    #[test]
    fn web_addresses_in_text_keep_their_characters() {
        let (blocks, _) =
            body("# T\n\nSee https://example.org/a--b/c's... and \"www.x.org/--\" -- done.\n");
        let Block::Paragraph { content, .. } = &blocks[0] else {
            panic!()
        };
        assert_eq!(
            Inline::plain_text(content),
            "See https://example.org/a--b/c's\u{2026} and \u{201c}www.x.org/--\u{201d} \u{2013} done."
        );
    }

    #[test]
    fn empty_headings_are_left_out_with_a_warning() {
        let (c, d) = parse("# T\n\n## \n#\n### ###\n## [^1]\n\n[^1]: n\n");
        let m = messages(&d);
        assert_eq!(m.len(), 3, "{m:?}");
        assert!(m[0].starts_with("ch.md:3:1: warning: an empty heading is left out"));
        assert!(m[2].starts_with("ch.md:5:1: warning"), "{m:?}");
        // A heading holding only a note reference shows its number: kept.
        assert_eq!(c.unwrap().blocks.len(), 1);
    }

    #[test]
    fn bad_front_matter_is_located() {
        let (_, d) = parse("+++\nnumber = 2\nkind = \"preamble\"\n+++\n# T\n");
        let m = messages(&d);
        assert!(m[0].starts_with("ch.md:3:1: error: front matter"), "{m:?}");
        assert!(m[0].contains("dedication"), "lists the kinds: {m:?}");
        let (_, d) = parse("+++\nlanguage = \"French\"\n+++\n# T\n");
        assert!(messages(&d)[0].starts_with("ch.md:2:1: error: front matter: `language`"));
        let (_, d) = parse("+++\nnumber = 2\nnumbered = false\n+++\n# T\n");
        assert!(messages(&d)[0].starts_with("ch.md:3:1: error: front matter: `numbered = false`"));
    }

    #[test]
    fn front_matter_kinds_and_untitled_dedications() {
        let (c, d) = parse("+++\nkind = \"dedication\"\n+++\n\n*For M.*\n");
        assert!(d.is_empty(), "{:?}", messages(&d));
        let c = c.unwrap();
        assert_eq!(c.kind, ChapterKind::Dedication);
        assert!(c.title.is_empty());
        let (c, _) = parse("+++\nkind = \"preface\"\n+++\n");
        assert!(c.is_none(), "a preface needs its title");
        let (c, d) = parse("+++\nkind = \"appendix\"\nnumber = \"IV\"\nshort-title = \" Notes \"\nlanguage = \"fr\"\n+++\n# Long {#app}\n\n## Sub {#sub-1}\n");
        assert!(d.is_empty(), "{:?}", messages(&d));
        let c = c.unwrap();
        assert_eq!(c.number, Some(NumberSetting::Text("IV".into())));
        assert_eq!(c.short_title.as_deref(), Some("Notes"));
        assert_eq!(c.language.as_deref(), Some("fr"));
        assert_eq!(c.title_id.as_deref(), Some("app"));
        assert!(matches!(&c.blocks[0], Block::Heading { id, .. } if id == "sub-1"));
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Fragments that exercise every construct and its broken forms.
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("# ".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("::: synopsis\n".to_string()),
            Just(":::\n".to_string()),
            Just("+++\n".to_string()),
            Just("number = 3\n".to_string()),
            Just("[^a]".to_string()),
            Just("[^a]: ".to_string()),
            Just("[^b]".to_string()),
            Just("> ".to_string()),
            Just("- ".to_string()),
            Just("1. ".to_string()),
            Just("```".to_string()),
            Just("*".to_string()),
            Just("**".to_string()),
            Just("<b>".to_string()),
            Just("[x](javascript:y)".to_string()),
            Just("![i](p.png)".to_string()),
            Just("![](p.png \"c[^a]\")".to_string()),
            Just("| a | b |\n|---|:-:|\n".to_string()),
            Just("| 1 |".to_string()),
            Just("Table: x\n".to_string()),
            Just("\n: def\n".to_string()),
            Just("~~".to_string()),
            Just("^".to_string()),
            Just("~".to_string()),
            Just("\\^".to_string()),
            Just("https://a.org/--".to_string()),
            Just("  \n".to_string()),
            "[a-zé“”’ .,]{0,12}",
        ]
    }

    proptest! {
        /// No input makes the parser panic, and every message it gives
        /// points inside the file.
        #[test]
        fn never_panics_and_locates_inside_the_file(parts in proptest::collection::vec(fragment(), 0..40)) {
            let text: String = parts.concat();
            let mut diags = Diagnostics::new();
            let _ = parse_chapter(&text, Path::new("p.md"), &mut diags);
            let lines = text.split('\n').count() as u32;
            for d in diags.items() {
                prop_assert!(d.line <= lines.max(1), "{d} (file has {lines} lines)");
            }
        }
    }
}
