//! The event walker: turns pulldown-cmark events into model blocks and inlines, with spans.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Tag, TagEnd};
use std::ops::Range;
use std::path::Path;

use super::lines::LineIndex;
use super::FoundLink;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Block, ColumnAlign, Definition, ImageRef, Inline, LinkTarget, Span};

use super::*;
#[derive(Debug, PartialEq)]
pub(super) enum FrameKind {
    Root,
    Paragraph,
    /// Level and the `{#id}` attribute (empty when none).
    Heading(u8, String),
    /// A block quote, or GitHub's alert (`> [!NOTE]`) of a callout's kind.
    BlockQuote(Option<crate::model::CalloutKind>),
    List(Option<u64>),
    Item,
    /// What the fence's info string asks (its language, a listing's
    /// id and caption, numbered lines), and where the info starts.
    CodeBlock(Box<(super::code_fence::FenceInfo, usize)>),
    Emphasis,
    Strong,
    Strikethrough,
    Superscript,
    Subscript,
    /// `<span class="smallcaps">` until its `</span>`.
    SmallCaps,
    /// `<span lang=… dir=…>` until its `</span>`.
    Span {
        lang: Option<String>,
        dir: Option<String>,
    },
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
    /// Inline styles, which nest inside each other.
    pub(super) fn is_styling(&self) -> bool {
        matches!(
            self,
            FrameKind::Emphasis
                | FrameKind::Strong
                | FrameKind::Strikethrough
                | FrameKind::Superscript
                | FrameKind::Subscript
                | FrameKind::SmallCaps
        )
    }

    /// Frames that hold blocks: inline content directly inside one (a
    /// tight list item) gets an implicit paragraph.
    pub(super) fn holds_blocks(&self) -> bool {
        matches!(
            self,
            FrameKind::Item
                | FrameKind::BlockQuote(_)
                | FrameKind::Root
                | FrameKind::FootnoteDefinition(_)
                | FrameKind::DefinitionBody
        )
    }
}

/// An image met alone (so far) in its paragraph: the paragraph becomes a
/// figure unless other content follows.
#[derive(Debug)]
pub(super) struct FigureCandidate {
    pub(super) image: ImageRef,
    pub(super) caption: Vec<Inline>,
    pub(super) start: usize,
    /// From a `{#id}` right after the image (pandoc's attributes).
    pub(super) id: Option<String>,
}

pub(super) struct Frame {
    pub(super) kind: FrameKind,
    pub(super) range: Range<usize>,
    pub(super) inlines: Vec<Inline>,
    pub(super) blocks: Vec<Block>,
    /// Start offset of each block in `blocks` (to sort out the synopsis).
    pub(super) offsets: Vec<usize>,
    pub(super) items: Vec<Vec<Block>>,
    pub(super) notes: Vec<ParsedNote>,
    pub(super) code: String,
    /// Table: the cells of the row being read, the header, the body rows.
    pub(super) cells: Vec<Vec<Inline>>,
    pub(super) head: Vec<Vec<Inline>>,
    pub(super) rows: Vec<Vec<Vec<Inline>>>,
    pub(super) definitions: Vec<Definition>,
    pub(super) figure: Option<FigureCandidate>,
}

impl Frame {
    pub(super) fn new(kind: FrameKind, range: Range<usize>) -> Self {
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

pub(super) struct Builder<'a> {
    pub(super) text: &'a str,
    /// Line starts of `text`: every frame gets a span, so finding one
    /// must not rescan the text (that made parsing quadratic).
    lines: LineIndex<'a>,
    pub(super) file: &'a Path,
    pub(super) diags: &'a mut Diagnostics,
    pub(super) stack: Vec<Frame>,
    pub(super) front_matter: Option<(String, Range<usize>)>,
    pub(super) in_metadata: bool,
    pub(super) references: Vec<(String, Span)>,
    /// Note references in figure captions: (label, the figure's span).
    pub(super) caption_references: Vec<(String, Span)>,
    pub(super) links: Vec<FoundLink>,
    pub(super) text_ranges: Vec<Range<usize>>,
    /// Set when parsing a caption apart: every position is the figure's.
    pub(super) fixed_span: Option<Span>,
    /// Quotes, lists and items opened deeper than `MAX_NESTING`, read as
    /// part of the container at that depth: the stack height each was met
    /// at, so its end is known (every frame opened inside has closed by then).
    pub(super) flattened: Vec<usize>,
    /// What is typeset of the text (a caption's parse: all of it).
    pub(super) keep: Keep,
    /// Set when parsing a stanza of verse apart: for each line of `text`,
    /// its line in the file and how far right of its start the text was.
    pub(super) places: Vec<(u32, u32)>,
    /// The book has a bibliography: pandoc citations are read.
    pub(super) cites: super::Citing,
    /// The book's TeX macros (`[math] macros`), expanded in its formulas.
    pub(super) math_macros: std::sync::Arc<crate::math::Macros>,
    /// The `\newcommand`s (and kin) its formulas made, in reading order:
    /// the book's later chapters read theirs with them.
    pub(super) math_definitions: Vec<crate::math::Definition>,
    /// The number the first citation this builder finds takes (a
    /// caption's or a stanza's follow the chapter's so far).
    pub(super) cite_base: usize,
    /// The citations found, in reading order.
    pub(super) citations: Vec<super::citations::FoundCitation>,
    /// The inlines being read are a note's words (an inline note's, or a
    /// caption's in a note): a note style's citation is set there, not
    /// made a note.
    pub(super) in_note_words: bool,
    /// Where each displayed formula of the paragraph being read starts,
    /// and its TeX:
    /// each becomes an equation of its own when the paragraph closes.
    pub(super) equations: Vec<(usize, String)>,
    /// Where each formula stands in the source, `$`s and all.
    pub(super) math_ranges: Vec<Range<usize>>,
    /// The chapter's `:::` callouts and passages, gathered as each list
    /// item, note or definition holding one closes (see `gather.rs`).
    pub(super) fenced: super::gather::Fenced,
}

impl<'a> Builder<'a> {
    pub(super) fn new(
        text: &'a str,
        file: &'a Path,
        diags: &'a mut Diagnostics,
        fixed_span: Option<Span>,
    ) -> Self {
        Builder {
            text,
            lines: LineIndex::new(text),
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
            flattened: Vec::new(),
            keep: Keep::Whole,
            places: Vec::new(),
            cites: super::Citing::No,
            math_macros: Default::default(),
            math_definitions: Vec::new(),
            cite_base: 0,
            citations: Vec::new(),
            in_note_words: false,
            equations: Vec::new(),
            math_ranges: Vec::new(),
            fenced: Default::default(),
        }
    }

    /// The inlines of a paragraph, table cell or term that just closed,
    /// as the model keeps them; left untypeset when the parse is for an
    /// outline, which drops them, unless they belong to a note (an
    /// outline keeps the notes whole).
    /// A paragraph's, cell's or term's inlines as the body keeps them
    /// (see [`Keep`]), its cross references (`@fig-map`, from `from` on
    /// in the source) made empty links and listed with the links.
    fn body_content(&mut self, inlines: Vec<Inline>, from: usize) -> Vec<Inline> {
        let inlines = self.inline_notes(inlines, from);
        let inlines = self.bracketed_spans(inlines, from);
        let inlines = self.citations(inlines, from);
        let inlines = self.cross_references(inlines, from);
        if self.keep == Keep::Outline && !self.in_note() {
            inline_shape(inlines)
        } else {
            inline_content(inlines)
        }
    }

    /// Whether the block being read is in a note's definition.
    pub(super) fn in_note(&self) -> bool {
        self.stack
            .iter()
            .any(|f| matches!(f.kind, FrameKind::FootnoteDefinition(_)))
    }

    pub(super) fn span(&self, offset: usize) -> Span {
        if let Some(span) = self.fixed_span {
            return span;
        }
        let (line, col) = self.lines.line_col(offset);
        if let Some(&(file_line, shift)) = (line as usize)
            .checked_sub(1)
            .and_then(|i| self.places.get(i))
        {
            return Span {
                line: file_line,
                col: col + shift,
            };
        }
        Span { line, col }
    }

    pub(super) fn top(&mut self) -> &mut Frame {
        self.stack
            .last_mut()
            .expect("root frame is never popped early")
    }

    /// Opens an implicit paragraph when inline content arrives directly in
    /// a block container (a tight list item).
    pub(super) fn ensure_paragraph(&mut self, range: &Range<usize>) {
        if self.top().kind.holds_blocks() {
            // Marked as implicit by an open range end; closed at the next block.
            self.stack
                .push(Frame::new(FrameKind::Paragraph, range.start..usize::MAX));
        }
    }

    pub(super) fn push_inline(&mut self, inline: Inline, range: Range<usize>) {
        self.ensure_paragraph(&range);
        let blank = matches!(&inline, Inline::Text { text } if text.trim().is_empty());
        // Pandoc's `![…](…){#fig-id}`: the attributes name the figure.
        if let (Inline::Text { text }, Some(candidate)) = (&inline, &mut self.top().figure) {
            if let Some(id) = super::inlines::attribute_id(text) {
                if candidate.id.is_none() {
                    candidate.id = Some(id);
                    return;
                }
            }
        }
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
    pub(super) fn demote_figure(&mut self, candidate: FigureCandidate, at_front: bool) {
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

    pub(super) fn close_implicit_paragraph(&mut self) {
        if self.top().kind == FrameKind::Paragraph && self.top().range.end == usize::MAX {
            self.end_frame();
        }
    }

    pub(super) fn event(&mut self, event: Event<'_>, range: Range<usize>) {
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
                // A `<span lang>` left open closes with what holds it.
                while let FrameKind::Span { .. } | FrameKind::SmallCaps = self.top().kind {
                    let start = self.top().range.start;
                    let span = self.span(start);
                    self.diags.push(
                        Diagnostic::warning(self.file, span.line, span.col, "`<span>` is not closed; it ends with its paragraph")
                            .with_hint("close it with `</span>` in the same paragraph (and inside the same emphasis or link)"),
                    );
                    self.end_frame();
                }
                self.close_implicit_paragraph();
                if self.flattened.last() == Some(&self.stack.len()) {
                    // The end of a container that was not opened.
                    self.flattened.pop();
                    return;
                }
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
                    if let Some(mark) = self.straight_quote_as(&text, &range) {
                        text = mark.to_string();
                    }
                    self.unclosed_emphasis(&text, &range);
                    self.pandoc_syntax(&range, false);
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
            // A passage in another language or direction: the one element
            // of HTML bookpack reads, as both editions need it.
            Event::InlineHtml(html) if span_open(&html).is_some() => {
                let (lang, dir) = span_open(&html).expect("checked");
                if !self.too_deep(
                    &FrameKind::Span {
                        lang: None,
                        dir: None,
                    },
                    &range,
                ) {
                    self.stack
                        .push(Frame::new(FrameKind::Span { lang, dir }, range));
                }
            }
            // Small capitals: `<span class="smallcaps">`, as pandoc writes
            // its `[text]{.smallcaps}` in HTML.
            Event::InlineHtml(html) if is_small_caps_open(&html) => {
                if !self.too_deep(&FrameKind::SmallCaps, &range) {
                    self.stack.push(Frame::new(FrameKind::SmallCaps, range));
                }
            }
            Event::InlineHtml(html)
                if html.trim() == "</span>"
                    && matches!(
                        self.top().kind,
                        FrameKind::Span { .. } | FrameKind::SmallCaps
                    ) =>
            {
                self.end_frame();
            }
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
            Event::InlineMath(tex) => self.math(&tex, false, range),
            Event::DisplayMath(tex) => self.math(&tex, true, range),
            Event::TaskListMarker(_) => {}
        }
    }

    pub(super) fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        let kind = match tag {
            Tag::MetadataBlock(pulldown_cmark::MetadataBlockKind::YamlStyle) => {
                // Pandoc's and Hugo's `---` block: read as Markdown it
                // became a rule and a heading made of its keys.
                self.in_metadata = true;
                self.warn_at(
                    range.start,
                    "YAML front matter between `---` lines is not read; it is left out".into(),
                    "bookpack's front matter is TOML between `+++` lines (kind, number, numbered, short-title, language); the title and authors of the book go in book.toml".into(),
                );
                return;
            }
            Tag::MetadataBlock(_) => {
                self.in_metadata = true;
                self.front_matter = Some((String::new(), range));
                return;
            }
            Tag::Paragraph => {
                self.table_not_made(&range);
                self.pandoc_syntax(&range, true);
                FrameKind::Paragraph
            }
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                self.heading_attributes(&range, id.as_deref(), &classes, &attrs);
                FrameKind::Heading(
                    heading_level(level),
                    id.map(|i| i.into_string()).unwrap_or_default(),
                )
            }
            Tag::BlockQuote(kind) => FrameKind::BlockQuote(kind.map(super::callouts::alert_kind)),
            Tag::CodeBlock(kind) => FrameKind::CodeBlock(Box::new(match kind {
                CodeBlockKind::Fenced(info) => {
                    self.unclosed_fence(&range);
                    self.fence_info(&info, range.start)
                }
                CodeBlockKind::Indented => Default::default(),
            })),
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
            Tag::TableRow => {
                self.cells_dropped(&range);
                FrameKind::TableRow
            }
            Tag::TableCell => FrameKind::TableCell,
            Tag::DefinitionList => FrameKind::DefinitionList,
            Tag::DefinitionListTitle => FrameKind::DefinitionTitle,
            Tag::DefinitionListDefinition => FrameKind::DefinitionBody,
        };
        let is_block = matches!(
            kind,
            FrameKind::Paragraph
                | FrameKind::Heading(..)
                | FrameKind::BlockQuote(_)
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
        if self.too_deep(&kind, &range) {
            return;
        }
        self.stack.push(Frame::new(kind, range));
    }

    pub(super) fn add_block(&mut self, block: Block, offset: usize) {
        let top = self.top();
        top.blocks.push(block);
        top.offsets.push(offset);
    }

    pub(super) fn end_frame(&mut self) {
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
                            id: candidate.id,
                            label: None,
                            span,
                        },
                        start,
                    );
                    return;
                }
                if frame.range.end != usize::MAX {
                    self.unread_math(&frame.range);
                }
                let content = self.body_content(frame.inlines, start);
                self.add_paragraph(content, start);
            }
            FrameKind::Heading(level, id) => {
                self.citation_in_heading(&frame.range);
                let content = inline_content(self.bracketed_spans(frame.inlines, start));
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
            FrameKind::BlockQuote(kind) => {
                let (blocks, _) = attach_table_captions(frame.blocks, frame.offsets);
                let unknown = match kind {
                    Some(_) => None,
                    None => self
                        .text
                        .get(start..)
                        .and_then(super::callouts::unknown_alert),
                };
                let block = match (kind, unknown) {
                    (Some(kind), _) => Block::Callout {
                        kind,
                        title: Vec::new(),
                        blocks,
                        span,
                    },
                    (None, Some(word)) => {
                        let word = word.to_string();
                        super::callouts::alert_as_note(blocks, &word, span, self.file, self.diags)
                    }
                    (None, None) => Block::BlockQuote { blocks, span },
                };
                self.add_block(block, start);
            }
            FrameKind::CodeBlock(fence) => {
                let (info, info_at) = *fence;
                // Coloured once: for an outline, whose tokens a chapter
                // read again is given.
                let tokens = match &info.language {
                    Some(language) if self.keep != Keep::Again => {
                        crate::highlight::tokens(language, &frame.code)
                    }
                    _ => Vec::new(),
                };
                let caption = match &info.caption {
                    Some((text, at)) => {
                        let at = self.span(info_at + at);
                        self.caption(text, at)
                    }
                    None => Vec::new(),
                };
                self.add_block(
                    Block::CodeBlock {
                        language: info.language,
                        text: frame.code,
                        tokens,
                        caption,
                        id: info.id,
                        label: None,
                        first_line: info.first_line,
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
                let (blocks, offsets) = attach_table_captions(frame.blocks, frame.offsets);
                let (blocks, _) = self.gather(blocks, offsets, start);
                self.top().items.push(blocks);
            }
            FrameKind::FootnoteDefinition(label) => {
                let (blocks, offsets) = attach_table_captions(frame.blocks, frame.offsets);
                let (blocks, _) = self.gather(blocks, offsets, start);
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
            FrameKind::SmallCaps => self.push_inline(
                Inline::SmallCaps {
                    content: frame.inlines,
                },
                frame.range,
            ),
            FrameKind::Span { lang, dir } => self.push_inline(
                Inline::Span {
                    lang,
                    dir,
                    content: frame.inlines,
                },
                frame.range,
            ),
            FrameKind::Link(url)
                if Inline::plain_text(&frame.inlines).trim().is_empty()
                    && !(frame.inlines.is_empty() && crate::links::within_book(&url)) =>
            {
                // Nothing to click on (`[](https://…)`, or a note reference
                // alone, which links to its note): no link in either edition.
                // `[](#fig-map)` is kept: it takes its target's words.
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
                self.links.push(FoundLink {
                    dest: url.clone(),
                    span,
                    empty: frame.inlines.is_empty(),
                });
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
                    id: None,
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
                        id: None,
                        label: None,
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
                let cell = self.body_content(frame.inlines, start);
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
                let term = self.body_content(frame.inlines, start);
                self.top().definitions.push(Definition {
                    term,
                    definitions: Vec::new(),
                });
            }
            FrameKind::DefinitionBody => {
                let (blocks, offsets) = attach_table_captions(frame.blocks, frame.offsets);
                let (blocks, _) = self.gather(blocks, offsets, start);
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

pub(super) fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// An opening `<span class="smallcaps">` (quoted with `"` or `'`).
pub(crate) fn is_small_caps_open(html: &str) -> bool {
    let inner = html
        .trim()
        .strip_prefix("<span")
        .and_then(|h| h.strip_suffix('>'));
    inner.is_some_and(|i| {
        matches!(
            i.split_whitespace().collect::<Vec<_>>().join(" ").as_str(),
            "class=\"smallcaps\"" | "class='smallcaps'"
        )
    })
}
