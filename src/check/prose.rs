//! The prose of a chapter file as the checks see it: each paragraph, heading
//! and note as one plain string whose every byte maps back to its place in
//! the Markdown source, plus the links and images met on the way.
//!
//! The model keeps a span per block only, so finding a word's line and
//! column needs pulldown-cmark's offsets, with the same options the loader
//! uses. The string holds the source as written (straight quotes, `...` and
//! `--` stay as typed) except for markup: emphasis marks vanish, a note
//! reference becomes [`NOTE_MARK`], inline code [`CODE_MARK`].

use pulldown_cmark::{CodeBlockKind, Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use std::ops::Range;

use crate::model::IndexMark;

/// Stands for a note reference (`[^1]`) in a paragraph's text.
pub const NOTE_MARK: char = '\u{E000}';
/// Stands for inline code in a paragraph's text: never a word.
pub const CODE_MARK: char = '\u{E001}';

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParaKind {
    Body,
    /// A list item or table cell: need not end like a sentence.
    Item,
    Heading(u8),
    /// The text of a note definition, with its label.
    Note(String),
}

/// One block of prose.
#[derive(Debug, Clone)]
pub struct Para {
    pub kind: ParaKind,
    pub text: String,
    /// Source byte offset of each byte of `text`, plus one past the end.
    map: Vec<usize>,
    /// Byte ranges of `text` set in italics (`*…*`, `_…_`).
    pub italic: Vec<Range<usize>>,
    /// Source offset where the block starts.
    pub start: usize,
    /// Byte ranges of `text` in a language given in the source (a
    /// `::: {lang=…}` block, a `<span lang="…">`), with its tag; an inner
    /// range sits after the ranges that hold it.
    pub langs: Vec<(Range<usize>, String)>,
    /// Byte ranges of `text` in small capitals (`<span
    /// class="smallcaps">`), whose lower-case letters print as capitals.
    pub small_caps: Vec<Range<usize>>,
    /// Byte offsets in `text` of the spaces that stand for a hard line
    /// break (`\` or two spaces at a line's end): verse, an address, a
    /// signature. A line ends there as a paragraph ends.
    pub breaks: Vec<usize>,
    /// For a setext heading (its text underlined with `---` or `===`),
    /// the source offset of the underline.
    pub underline: Option<usize>,
    /// The index marks of its bracketed spans, as the loader reads them
    /// (but for the quotes smart punctuation would make curly), each
    /// with the source offset of its `{`.
    pub index_marks: Vec<(IndexMark, usize)>,
}

impl Para {
    /// The source offset of byte `i` of `text`.
    pub fn source_offset(&self, i: usize) -> usize {
        self.map[i.min(self.map.len() - 1)]
    }

    pub fn is_italic(&self, i: usize) -> bool {
        self.italic.iter().any(|r| r.contains(&i))
    }

    /// Whether a hard line break stands between bytes `from` and `to` of
    /// `text`.
    pub fn breaks_between(&self, from: usize, to: usize) -> bool {
        self.breaks.iter().any(|&b| from <= b && b < to)
    }

    /// The text after the last hard line break (all of it without one).
    pub fn last_line(&self) -> &str {
        self.breaks.last().map_or(&self.text, |&b| &self.text[b..])
    }

    /// Whether byte `i` of `text` is set in small capitals.
    pub fn is_small_caps(&self, i: usize) -> bool {
        self.small_caps.iter().any(|r| r.contains(&i))
    }

    /// The language the source gives byte `i` of `text`, if it gives one
    /// (the innermost passage or span holding it); `None` means the
    /// chapter's.
    pub fn lang_at(&self, i: usize) -> Option<&str> {
        self.langs
            .iter()
            .filter(|(r, _)| r.contains(&i))
            .min_by_key(|(r, _)| r.len())
            .map(|(_, lang)| lang.as_str())
    }

    /// [`Para::push`] with each cross reference (`@fig-map`, which prints
    /// its target's words) as [`CODE_MARK`]: never a word to check; and
    /// without a bracketed span's `{lang="fr"}`, which prints nothing (an
    /// index mark's is kept, in `index_marks`).
    fn push_prose(&mut self, s: &str, source_start: usize, verbatim: bool) {
        let at = |k: usize| source_start + if verbatim { k } else { 0 };
        let mut from = 0;
        let after_bracket = self.text.ends_with(']');
        for found in crate::markdown::span_attributes_in(s, after_bracket) {
            self.push_references(&s[from..found.range.start], at(from), verbatim);
            from = found.range.end;
            // The span's words: from the `[` that balances its `]`.
            let Some(open) = self.opening_bracket() else {
                continue;
            };
            let words = open + 1..self.text.len() - 1;
            let plain = self.text[words.clone()].replace(NOTE_MARK, "");
            if let Some(mark) = crate::markdown::index_mark_in(&s[found.range.clone()], &plain) {
                self.index_marks.push((mark, at(found.range.start)));
            }
            if found.small_caps {
                self.small_caps.push(words.clone());
            }
            if let Some(lang) = found.lang {
                self.langs.push((words, lang));
            }
        }
        self.push_references(&s[from..], at(from), verbatim);
    }

    /// Where in `text` the `[` is that balances the `]` it ends with.
    fn opening_bracket(&self) -> Option<usize> {
        let mut depth = 0usize;
        for (i, c) in self.text.char_indices().rev().skip(1) {
            match c {
                ']' => depth += 1,
                '[' if depth == 0 => return Some(i),
                '[' => depth -= 1,
                _ => {}
            }
        }
        None
    }

    fn push_references(&mut self, s: &str, source_start: usize, verbatim: bool) {
        let at = |k: usize| source_start + if verbatim { k } else { 0 };
        let mut from = 0;
        // Cross references and citation keys are names, not words.
        let mut names = crate::markdown::cross_references_in(s);
        names.extend(crate::markdown::citation_keys_in(s));
        names.sort_by_key(|r| r.start);
        names.dedup_by(|b, a| b.start < a.end);
        for r in names {
            self.push(&s[from..r.start], at(from), verbatim);
            self.push(&CODE_MARK.to_string(), at(r.start), false);
            from = r.end;
        }
        self.push(&s[from..], at(from), verbatim);
    }

    fn push(&mut self, s: &str, source_start: usize, verbatim: bool) {
        for (k, _) in s.char_indices() {
            let len = s[k..].chars().next().map_or(1, char::len_utf8);
            let at = if verbatim {
                source_start + k
            } else {
                source_start
            };
            self.map.extend(std::iter::repeat_n(at, len));
        }
        self.text.push_str(s);
    }
}

/// A link or an image found in the prose.
#[derive(Debug, Clone)]
pub struct Reference {
    pub url: String,
    /// The image's alt text (empty for links, or an image without one).
    pub alt: String,
    pub image: bool,
    pub offset: usize,
}

/// Everything the checks read from one chapter file.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    pub paras: Vec<Para>,
    pub references: Vec<Reference>,
    /// Note references: label and source offset.
    pub note_refs: Vec<(String, usize)>,
    /// Note definitions (`[^label]:`): label and source offset.
    pub note_defs: Vec<(String, usize)>,
    /// The chapter's language from its front matter (`language = "fr"`),
    /// if it names one; else the book's.
    pub language: Option<String>,
    /// The chapter's kind from its front matter (`kind = "part"`), as
    /// written; `None` for a chapter.
    pub kind: Option<String>,
    /// Code blocks: text the prose checks leave alone, but text.
    pub code_blocks: usize,
    /// The language each fenced block names, as written, and its offset.
    pub code_languages: Vec<(String, usize)>,
}

/// A `<span>` the build reads as markup, open in the current block.
enum Span {
    /// A language (`None` for a span that sets only a direction).
    Language(Option<String>),
    SmallCaps,
}

/// The front matter keys the checks read; the loader checks the rest.
#[derive(serde::Deserialize)]
struct FrontMatter {
    language: Option<String>,
    kind: Option<String>,
}

/// Splits a chapter's Markdown into prose blocks. `::: synopsis` fence lines
/// are blanked first (they are not Markdown), keeping every offset.
/// Languages come from where the loader takes them: the front matter,
/// `::: {lang=…}` blocks and `<span lang="…">`.
pub fn extract(source: &str) -> Prose {
    let masked = mask_fence_lines(source);
    let passages = crate::markdown::language_passages(source);
    // Each stanza is a block of its own (an item: it need not end like a
    // sentence), its lines ending as at hard breaks (a capital after the
    // comma ending the line before is the next line's; a quotation may
    // run across them). A line's bar (`| `) is blanked.
    let stanzas = crate::markdown::verse_stanzas(source);
    let verse: Vec<Range<usize>> = stanzas.iter().flatten().cloned().collect();
    let masked = mask_verse_bars(masked, &verse);
    let spans: Vec<Range<usize>> = stanzas
        .iter()
        .filter_map(|s| Some(s.first()?.start..s.last()?.end))
        .collect();
    let verse_line = |at: usize| spans.iter().position(|r| r.start <= at && at <= r.end);
    let mut current_verse: Option<usize> = None;
    let mut front_matter = String::new();
    let mut in_front_matter = false;
    // Open `<span>`s of the current block: where each began in its text,
    // and what it sets. Each `</span>` closes the innermost, as in the
    // build: a small-caps span inside a passage does not end the passage.
    let mut spans: Vec<(usize, Span)> = Vec::new();
    let mut options = Options::empty();
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);
    // What the loader may enable too (tables, strikethrough, …): never less.
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    // A formula is no prose to check (and a `]` in its TeX closes no span).
    options.insert(Options::ENABLE_MATH);
    // A definition's text is an item, and YAML front matter is no text
    // (the loader says it is left out).
    options.insert(Options::ENABLE_DEFINITION_LIST);
    options.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    let mut out = Prose::default();
    let mut current: Option<Para> = None;
    let mut note_label: Option<String> = None;
    let mut skip_depth = 0usize; // inside code blocks, HTML blocks, metadata
    let mut italic_start: Vec<usize> = Vec::new();
    let mut image: Option<Reference> = None;
    // Where the open link's text began in the paragraph's text.
    let mut link_text_from: Option<usize> = None;
    let mut list_depth = 0usize;
    let mut table_depth = 0usize;

    let flush = |current: &mut Option<Para>, out: &mut Prose| {
        if let Some(mut p) = current.take() {
            if !p.text.trim().is_empty() {
                // A block inside a `::: {lang=…}` passage is in its
                // language throughout (spans inside it come after).
                if let Some((_, lang)) = passages.iter().find(|(r, _)| r.contains(&p.start)) {
                    p.langs.insert(0, (0..p.text.len(), lang.clone()));
                }
                p.map.push(p.map.last().map_or(p.start, |&o| o + 1));
                out.paras.push(p);
            }
        }
    };
    let open = |kind: ParaKind, start: usize| Para {
        kind,
        text: String::new(),
        map: Vec::new(),
        italic: Vec::new(),
        start,
        langs: Vec::new(),
        small_caps: Vec::new(),
        breaks: Vec::new(),
        underline: None,
        index_marks: Vec::new(),
    };

    for (event, range) in Parser::new_ext(&masked, options).into_offset_iter() {
        if matches!(
            event,
            Event::Text(_)
                | Event::Code(_)
                | Event::InlineMath(_)
                | Event::DisplayMath(_)
                | Event::FootnoteReference(_)
        ) {
            if let Some(k) = verse_line(range.start) {
                if current_verse != Some(k) {
                    flush(&mut current, &mut out);
                    current = Some(open(ParaKind::Item, range.start));
                    current_verse = Some(k);
                }
            }
        }
        match event {
            Event::Start(Tag::MetadataBlock(kind)) => {
                in_front_matter = kind == MetadataBlockKind::PlusesStyle;
                skip_depth += 1
            }
            Event::Text(t) if in_front_matter => front_matter.push_str(&t),
            Event::End(TagEnd::MetadataBlock(_)) => {
                in_front_matter = false;
                skip_depth = skip_depth.saturating_sub(1)
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                out.code_blocks += 1;
                if let CodeBlockKind::Fenced(info) = kind {
                    let read = crate::markdown::code_fence::read(info.trim()).0;
                    if let Some(language) = read.language.as_deref() {
                        // The info string is on the fence's line.
                        let line = source[range.start..].lines().next().unwrap_or("");
                        let at = line.find(language).map_or(range.start, |i| range.start + i);
                        out.code_languages.push((language.to_string(), at));
                    }
                }
                skip_depth += 1
            }
            Event::Start(Tag::HtmlBlock) => skip_depth += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                skip_depth = skip_depth.saturating_sub(1)
            }
            _ if skip_depth > 0 => {}
            Event::Start(Tag::FootnoteDefinition(label)) => {
                flush(&mut current, &mut out);
                out.note_defs.push((label.to_string(), range.start));
                note_label = Some(label.to_string());
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                flush(&mut current, &mut out);
                note_label = None;
            }
            Event::Start(Tag::List(_) | Tag::DefinitionList) => list_depth += 1,
            Event::Start(Tag::Table(_)) => table_depth += 1,
            Event::End(TagEnd::Table) => table_depth = table_depth.saturating_sub(1),
            Event::End(TagEnd::List(_) | TagEnd::DefinitionList) => {
                list_depth = list_depth.saturating_sub(1)
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::TableCell
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition,
            ) => {
                flush(&mut current, &mut out);
                let kind = match &note_label {
                    Some(l) => ParaKind::Note(l.clone()),
                    None if list_depth > 0 || table_depth > 0 => ParaKind::Item,
                    None => ParaKind::Body,
                };
                current = Some(open(kind, range.start));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut out);
                let mut p = open(ParaKind::Heading(level as u8), range.start);
                p.underline = setext_underline(&masked[range.clone()]).map(|u| range.start + u);
                current = Some(p);
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            ) => flush(&mut current, &mut out),
            Event::Start(Tag::Emphasis) => {
                italic_start.push(current.as_ref().map_or(0, |p| p.text.len()))
            }
            Event::End(TagEnd::Emphasis) => {
                if let (Some(s), Some(p)) = (italic_start.pop(), current.as_mut()) {
                    let end = p.text.len();
                    p.italic.push(s..end);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link_text_from = Some(current.as_ref().map_or(0, |p| p.text.len()));
                out.references.push(Reference {
                    url: dest_url.to_string(),
                    alt: String::new(),
                    image: false,
                    offset: range.start,
                })
            }
            Event::End(TagEnd::Link) => {
                // An empty link (`[](#fig-map)`) prints its target's words.
                if let Some(from) = link_text_from.take() {
                    let p = current.get_or_insert_with(|| open(ParaKind::Body, range.start));
                    if p.text.len() == from {
                        p.push(&CODE_MARK.to_string(), range.start, false);
                    }
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some(Reference {
                    url: dest_url.to_string(),
                    alt: String::new(),
                    image: true,
                    offset: range.start,
                })
            }
            Event::End(TagEnd::Image) => {
                if let Some(i) = image.take() {
                    out.references.push(i);
                }
            }
            Event::Text(t) if image.is_some() => {
                if let Some(i) = image.as_mut() {
                    i.alt.push_str(&t);
                }
            }
            Event::Text(t) => {
                let p = current.get_or_insert_with(|| open(ParaKind::Body, range.start));
                let src = &source[range.clone()];
                if src == &*t {
                    p.push_prose(src, range.start, true);
                } else if is_smart_source(src) {
                    // pulldown-cmark turned `"`, `'`, `--` or `...` into a
                    // typographic character: keep what the author typed.
                    p.push_prose(src, range.start, true);
                } else {
                    // An escape or an entity: the text, placed at its start.
                    p.push_prose(&t, range.start, false);
                }
            }
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                let p = current.get_or_insert_with(|| open(ParaKind::Body, range.start));
                p.push(&CODE_MARK.to_string(), range.start, false);
            }
            Event::FootnoteReference(label) => {
                out.note_refs.push((label.to_string(), range.start));
                let p = current.get_or_insert_with(|| open(ParaKind::Body, range.start));
                p.push(&NOTE_MARK.to_string(), range.start, false);
            }
            Event::SoftBreak => {
                if let Some(p) = current.as_mut() {
                    // Between two lines of a stanza: a line's end.
                    if verse_line(range.start).is_some() {
                        p.breaks.push(p.text.len());
                    }
                    p.push(" ", range.start, false);
                }
            }
            Event::HardBreak => {
                if let Some(p) = current.as_mut() {
                    p.breaks.push(p.text.len());
                    p.push(" ", range.start, false);
                }
            }
            Event::InlineHtml(html) => {
                let at = current.as_ref().map_or(0, |p| p.text.len());
                if let Some((lang, _)) = crate::markdown::span_open(&html) {
                    spans.push((at, Span::Language(lang)));
                } else if crate::markdown::is_small_caps_open(&html) {
                    spans.push((at, Span::SmallCaps));
                } else if html.trim() == "</span>" {
                    match (spans.pop(), current.as_mut()) {
                        (Some((start, Span::Language(Some(lang)))), Some(p)) => {
                            p.langs.push((start..at, lang))
                        }
                        (Some((start, Span::SmallCaps)), Some(p)) => p.small_caps.push(start..at),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        // A span never outlives its block.
        if current.is_none() {
            spans.clear();
        }
    }
    flush(&mut current, &mut out);
    for para in &mut out.paras {
        blank_trailing_attributes(para);
    }
    let front_matter = toml::from_str::<FrontMatter>(&front_matter).ok();
    out.language = front_matter
        .as_ref()
        .and_then(|f| f.language.clone())
        .filter(|l| crate::config::is_language_tag(l));
    out.kind = front_matter.and_then(|f| f.kind);
    out
}

/// A pandoc `{#id}` ending a block (`Table: The streets {#tbl-streets}`)
/// made spaces: it names the block and is never printed, so its words
/// are no prose (`tbl` was reported as a spelling error). Byte for byte,
/// so every other offset stays.
fn blank_trailing_attributes(para: &mut Para) {
    let Some(open) = para.text.rfind("{#") else {
        return;
    };
    if crate::markdown::attribute_id(&para.text[open..]).is_some() {
        let blank = " ".repeat(para.text.len() - open);
        para.text.replace_range(open.., &blank);
    }
}

/// Where the underline of a setext heading starts in the heading's source
/// (`Title\n-----`); `None` for an ATX heading (`## Title`).
fn setext_underline(heading: &str) -> Option<usize> {
    let body = heading.trim_end_matches(['\n', '\r']);
    if body.trim_start().starts_with('#') {
        return None;
    }
    let start = body.rfind('\n')? + 1;
    // Inside a block quote or a list the line starts with `>` or spaces.
    let line = &body[start..];
    let underline = line.trim_start_matches([' ', '\t', '>']);
    (!underline.trim().is_empty() && underline.trim().chars().all(|c| c == '-' || c == '='))
        .then(|| start + line.len() - underline.len())
}

fn is_smart_source(src: &str) -> bool {
    matches!(src, "\"" | "'" | "--" | "---" | "...")
}

/// Blanks `:::` fence lines (pandoc fenced divs) so Markdown sees no text there.
fn mask_fence_lines(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.split_inclusive('\n') {
        if line.trim_start().starts_with(":::") {
            let body = line.trim_end_matches(['\n', '\r']);
            out.extend(std::iter::repeat_n(' ', body.len()));
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// `masked` with the bars of pandoc line blocks (a `|` before a verse
/// line's text) blanked, offsets kept.
fn mask_verse_bars(masked: String, verse: &[Range<usize>]) -> String {
    let mut bytes = masked.into_bytes();
    for line in verse {
        let start = bytes[..line.start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        if bytes[start] == b'|' {
            bytes[start] = b' ';
        }
    }
    String::from_utf8(bytes).expect("one ASCII byte for another")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pandoc id ending a caption is no prose; the text before it is.
    #[test]
    fn a_trailing_pandoc_id_is_not_prose() {
        let src = "# T\n\nTable: The streets {#tbl-streets}\n\n| a |\n|---|\n| b |\n\nA {#word} inside.\n";
        let prose = extract(src);
        let caption = prose
            .paras
            .iter()
            .find(|p| p.text.starts_with("Table:"))
            .unwrap();
        assert_eq!(caption.text.trim_end(), "Table: The streets");
        assert_eq!(
            caption.text.len(),
            "Table: The streets {#tbl-streets}".len()
        );
        let at = caption.text.find("streets").unwrap();
        assert_eq!(&src[caption.source_offset(at)..][..7], "streets");
        let other = prose
            .paras
            .iter()
            .find(|p| p.text.starts_with("A "))
            .unwrap();
        assert_eq!(other.text, "A {#word} inside.", "only a block's end");
    }

    #[test]
    fn text_maps_back_to_the_source() {
        let src = "+++\nnumber = 1\n+++\n\n# Title\n\n::: synopsis\nA *short* \"one\".[^1]\n:::\n\nBody `x` here.\n\n[^1]: The note.\n";
        let p = extract(src);
        let texts: Vec<&str> = p.paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Title",
                "A short \"one\".\u{E000}",
                "Body \u{E001} here.",
                "The note."
            ]
        );
        assert_eq!(p.paras[0].kind, ParaKind::Heading(1));
        assert_eq!(p.paras[3].kind, ParaKind::Note("1".into()));
        let para = &p.paras[1];
        let i = para.text.find("short").unwrap();
        assert_eq!(&src[para.source_offset(i)..][..5], "short");
        assert!(para.is_italic(i));
        let q = para.text.find('"').unwrap();
        assert_eq!(&src[para.source_offset(q)..][..4], "\"one");
    }

    /// Index marks are read where the loader reads them, at their `{`:
    /// not in inline code or a code block, nor a malformed one.
    #[test]
    fn index_marks_are_read_at_their_brace() {
        let src = "# T\n\nThe [*Pravda*]{.index} said[^n] `[x]{.index}`.[]{index=\"Mao!and Stalin\" index-see=\"Mao\"}[]{.index}\n\n```\n[y]{.index}\n```\n\n[^n]: A [note]{index=\"notes\"}.\n";
        let p = extract(src);
        let marks: Vec<(Vec<String>, Option<String>, usize)> = p
            .paras
            .iter()
            .flat_map(|p| &p.index_marks)
            .map(|(m, at)| (m.path.clone(), m.see.clone(), *at))
            .collect();
        let brace = |from: &str| src.find(from).unwrap() + from.find('{').unwrap();
        assert_eq!(
            marks,
            [
                (vec!["Pravda".to_string()], None, brace("]{.index} said")),
                (
                    vec!["Mao".to_string(), "and Stalin".to_string()],
                    Some("Mao".to_string()),
                    brace("]{index=\"Mao!")
                ),
                (vec!["notes".to_string()], None, brace("]{index=\"notes"))
            ]
        );
    }

    #[test]
    fn small_capitals_are_kept_and_close_their_own_span() {
        let p = extract(
            "# T\n\nSo <span lang=\"fr\">le <span class=\"smallcaps\">bbc</span> dit</span> it.\n",
        );
        let para = &p.paras[1];
        let range = |s: &str| {
            let i = para.text.find(s).unwrap();
            i..i + s.len()
        };
        assert_eq!(para.small_caps, [range("bbc")]);
        // The small-caps `</span>` does not end the French passage.
        assert_eq!(para.langs, [(range("le bbc dit"), "fr".to_string())]);
    }

    /// Pandoc's bracketed spans mark passages and small capitals as the
    /// HTML does; their `{…}` is no text to check (its quotes were read
    /// as unbalanced).
    #[test]
    fn bracketed_spans_mark_languages_and_small_capitals() {
        let p = extract("# T\n\nSo [le [bbc]{.smallcaps} dit]{lang=\"fr\"} it, [sic] {not one}.\n");
        let para = &p.paras[1];
        assert_eq!(para.text, "So [le [bbc] dit] it, [sic] {not one}.");
        let range = |s: &str| {
            let i = para.text.find(s).unwrap();
            i..i + s.len()
        };
        assert_eq!(para.small_caps, [range("bbc")]);
        assert_eq!(para.langs, [(range("le [bbc] dit"), "fr".to_string())]);
    }

    #[test]
    fn hard_breaks_are_kept_as_line_ends() {
        let p = extract("# T\n\nThe tide goes out,\\\nAnd what it takes  \nit keeps;\nsoft.\n");
        let para = &p.paras[1];
        assert_eq!(
            para.text,
            "The tide goes out, And what it takes it keeps; soft."
        );
        let at = |s: &str| para.text.find(s).unwrap();
        // After `out,` and `takes`, not at the soft break after `keeps;`.
        assert_eq!(para.breaks, [at(" And"), at(" it keeps")]);
        assert!(para.breaks_between(at("out,"), at("And")));
        assert!(!para.breaks_between(at("keeps;"), at("soft")));
        assert_eq!(para.last_line(), " it keeps; soft.");
    }

    #[test]
    fn a_definition_is_an_item_and_yaml_front_matter_no_text() {
        let p = extract("---\ntitle: x\n---\n\n# T\n\nNell Arden\n: the younger daughter\n");
        let kinds: Vec<(&str, &ParaKind)> =
            p.paras.iter().map(|p| (p.text.as_str(), &p.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("T", &ParaKind::Heading(1)),
                ("Nell Arden", &ParaKind::Item),
                ("the younger daughter", &ParaKind::Item)
            ]
        );
    }

    #[test]
    fn the_kind_and_a_setext_underline_are_read() {
        let src =
            "+++\nkind = \"part\"\n+++\n\n# Part\n\nShe left\n---\n\n> Quoted\n> ===\n\n## Not\n";
        let p = extract(src);
        assert_eq!(p.kind.as_deref(), Some("part"));
        let underline = |i: usize| p.paras[i].underline.map(|u| &src[u..u + 3]);
        assert_eq!(underline(0), None);
        assert_eq!(underline(1), Some("---"));
        assert_eq!(underline(2), Some("==="));
        assert_eq!(underline(3), None);
    }

    #[test]
    fn links_and_images_are_collected() {
        let p = extract("# T\n\nSee [here](b.md#x) and ![](pic.png).\n");
        assert_eq!(p.references.len(), 2);
        assert_eq!(p.references[0].url, "b.md#x");
        assert!(p.references[1].image && p.references[1].alt.is_empty());
    }
}
