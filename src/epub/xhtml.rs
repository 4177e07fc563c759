//! XHTML for the EPUB: every escape and every markup decision for text lives here.
//!
//! Nothing else in `epub/` writes text into markup without going through
//! [`push_text`] or [`push_attr`], so whatever the Markdown holds (`<script>`,
//! `&`, quotes, control characters), every file stays well-formed XML.

use std::collections::BTreeMap;

use crate::model::{Block, ColumnAlign, Inline, LinkTarget};

/// The prefix of the Z39.98-2012 Structural Semantics Vocabulary, for
/// `epub:type` values such as `z3998:poem`.
pub(crate) const Z3998_PREFIX: &str = "z3998: http://www.daisy.org/z3998/2012/vocab/structure/#";

/// The XHTML namespace declaration line shared by every content document.
const XHTML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n";

/// Whether XML 1.0 allows `c` in a document (its `Char` production), and
/// whether we want it: C1 controls are allowed by XML but are never text a
/// reader should see, so they are dropped as well.
fn is_wanted_char(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => false,
        '\u{FFFE}' | '\u{FFFF}' => false,
        _ => true,
    }
}

/// Appends `s` as XML character data: `&`, `<`, `>` escaped, characters XML
/// cannot carry dropped.
pub(crate) fn push_text(out: &mut String, s: &str) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // XML parsers turn CR LF and a lone CR into LF; writing LF
            // ourselves means what a reader gets is what we wrote.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if is_wanted_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Appends `s` for use inside a double-quoted attribute value.
pub(crate) fn push_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Attribute-value normalisation would turn these into spaces anyway;
            // writing them as spaces keeps the bytes honest.
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_wanted_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// `s` escaped as character data.
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

/// `s` escaped as an attribute value.
pub(crate) fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_attr(&mut out, s);
    out
}

/// Whether `id` can be used both as an XML id (an NCName) and, for
/// chapters, as a file stem: ASCII letter first, then letters, digits, `-`,
/// `_` or `.`. The model promises ids like `note-12-3`; anything else is
/// refused rather than mangled, so links never point at a changed id.
pub(crate) fn is_safe_id(id: &str) -> bool {
    crate::ids::is_plain_id(id)
}

/// Whether `id` may name an element a link goes to (a heading, a figure,
/// a table, a note reference): an XML name in any script
/// ([`crate::ids::is_element_id`]), written as it is in `id` and, after
/// `#`, in `href` — the fragment raw, not percent-encoded: EPUBCheck 5.3
/// accepts both, browsers' engines resolve both (the URL parser encodes
/// it, the indicated-element lookup decodes it), and readers that compare
/// fragments as strings (crengine before 2018, Vivliostyle before 2020)
/// found only the raw one. Anything else is refused, as with
/// [`is_safe_id`].
pub(crate) fn is_safe_anchor(id: &str) -> bool {
    crate::ids::is_element_id(id)
}

/// The `href` for a link's target, if it may be written: external
/// addresses as `links.rs` checked and encoded them (checked once more
/// here, since the model may come from another program), chapters as their
/// XHTML file plus the anchor.
pub(crate) fn safe_href(
    target: &LinkTarget,
    chapter_files: &BTreeMap<String, String>,
) -> Option<String> {
    match target {
        LinkTarget::External { url } => crate::links::checked_external(url),
        LinkTarget::Internal {
            chapter, anchor, ..
        } => {
            let file = chapter_files.get(chapter)?;
            Some(match anchor {
                Some(anchor) if is_safe_anchor(anchor) => format!("{file}#{anchor}"),
                _ => file.clone(),
            })
        }
    }
}

/// Where links in rendered text go: the notes file and the chapters'
/// files; and the direction of the page they are written into.
#[derive(Clone, Copy)]
pub(crate) struct Links<'a> {
    /// File name of the endnotes document, e.g. `notes.xhtml`.
    pub notes_file: &'a str,
    /// Chapter id → XHTML file name.
    pub chapter_files: &'a BTreeMap<String, String>,
    /// Note reference id → id of the note it points to. A reference in the
    /// model carries its own id and number, not the note's id.
    pub note_targets: &'a BTreeMap<String, String>,
    /// Image asset key → its file in the package and its size.
    pub images: &'a BTreeMap<String, ImageFile>,
    /// The page reads right to left (`dir="rtl"` on its `<html>`): a
    /// paragraph that reads the other way says so.
    pub rtl: bool,
    /// Where a paragraph opening with a dash is an epigraph's source
    /// (`class="source"`, set flush right as the PDF sets it).
    pub sources: Sources,
    /// The page is a glossary: its definition lists' terms are the terms
    /// it defines (`glossterm`, `<dfn>`) and their definitions `glossdef`.
    pub glossary: bool,
    /// The digits of note references (the book's `numerals`).
    pub numerals: crate::numerals::Numerals,
    /// Formulas as their plain text, not MathML: the text of a link
    /// repeated in the contents or a notes heading.
    pub plain_math: bool,
}

/// A figure's image in the package.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ImageFile {
    /// E.g. `images/map-1a2b3c4d.png`.
    pub path: String,
    /// The picture's size in pixels, as `source/` read it when it
    /// checked the file (a converted JPEG keeps its size).
    pub width: u32,
    pub height: u32,
}

/// Where an epigraph's source may stand (see [`Links::sources`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Sources {
    /// Nowhere: a chapter's text.
    #[default]
    Nowhere,
    /// Anywhere on the page: an epigraph's.
    Anywhere,
    /// In its block quotes, which are epigraphs: a part's or a
    /// dedication's page, a chapter's opening quote.
    InQuotes,
}

/// Renders inlines as XHTML phrasing content.
pub(crate) fn push_inlines(out: &mut String, inlines: &[Inline], links: &Links) {
    for inline in inlines {
        push_inline(out, inline, links, false);
    }
}

/// A title's inlines as the text of a link (a navigation entry, the
/// heading of a chapter's notes): emphasis and spans kept, a link in them
/// written as its text and a note reference left out (HTML nests no link
/// in a link).
pub(crate) fn push_link_text(out: &mut String, inlines: &[Inline]) {
    static NONE: BTreeMap<String, String> = BTreeMap::new();
    static NO_IMAGES: BTreeMap<String, ImageFile> = BTreeMap::new();
    // Inside a link nothing reads where links go.
    let links = Links {
        notes_file: "",
        chapter_files: &NONE,
        note_targets: &NONE,
        images: &NO_IMAGES,
        rtl: false,
        sources: Sources::Nowhere,
        glossary: false,
        numerals: crate::numerals::Numerals::Latn,
        plain_math: true,
    };
    for inline in inlines {
        push_inline(out, inline, &links, true);
    }
}

fn push_inline(out: &mut String, inline: &Inline, links: &Links, in_link: bool) {
    match inline {
        Inline::Text { text } => push_text(out, text),
        // In running text, in text style even when written `$$…$$`
        // where no block can stand; as its plain text (the model's, as
        // the NCX has it) in a contents entry, whose reading systems
        // show a link's text only.
        Inline::Math { .. } if links.plain_math => {
            push_text(out, &Inline::plain_text(std::slice::from_ref(inline)))
        }
        Inline::Math { formula } => super::mathml::push_math(out, formula, false),
        Inline::Emphasis { content } => push_wrapped(out, "em", content, links, in_link),
        Inline::Strong { content } => push_wrapped(out, "strong", content, links, in_link),
        Inline::Strikethrough { content } => push_wrapped(out, "del", content, links, in_link),
        Inline::Superscript { content } => push_wrapped(out, "sup", content, links, in_link),
        Inline::Subscript { content } => push_wrapped(out, "sub", content, links, in_link),
        Inline::SmallCaps { content } => {
            out.push_str("<span class=\"smallcaps\">");
            for i in content {
                push_inline(out, i, links, in_link);
            }
            out.push_str("</span>");
        }
        Inline::Span { lang, dir, content } => {
            out.push_str("<span");
            push_lang_dir(out, lang.as_deref(), dir.as_deref());
            out.push('>');
            for i in content {
                push_inline(out, i, links, in_link);
            }
            out.push_str("</span>");
        }
        Inline::Code { text } => {
            out.push_str("<code>");
            push_text(out, text);
            out.push_str("</code>");
        }
        // Where the index's link lands: the words, or no words at all.
        Inline::Indexed { mark, content } => {
            out.push_str("<span id=\"");
            push_attr(out, &mark.id);
            out.push_str("\">");
            for i in content {
                push_inline(out, i, links, in_link);
            }
            out.push_str("</span>");
        }
        Inline::LineBreak => out.push_str("<br/>"),
        Inline::Link { target, content } => {
            let href = if in_link {
                None
            } else {
                safe_href(target, links.chapter_files)
            };
            match href {
                Some(href) => {
                    out.push_str("<a href=\"");
                    push_attr(out, &href);
                    out.push_str("\">");
                    for i in content {
                        push_inline(out, i, links, true);
                    }
                    out.push_str("</a>");
                    // HTML forbids a link inside a link, so note references in
                    // a link's text follow it instead of being lost.
                    let mut refs = Vec::new();
                    collect_note_refs(content, &mut refs);
                    for r in refs {
                        push_inline(out, r, links, false);
                    }
                }
                None => {
                    for i in content {
                        push_inline(out, i, links, in_link);
                    }
                }
            }
        }
        Inline::NoteRef { number, id, .. } => {
            if in_link {
                // Written after the enclosing link (see above).
                return;
            }
            out.push_str("<a href=\"");
            push_attr(out, links.notes_file);
            out.push('#');
            push_attr(out, links.note_targets.get(id).map_or("", String::as_str));
            out.push_str("\" id=\"");
            push_attr(out, id);
            out.push_str("\" class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\">");
            out.push_str(&links.numerals.number(number));
            out.push_str("</a>");
        }
    }
}

/// `content` inside `<tag>` … `</tag>`.
fn push_wrapped(out: &mut String, tag: &str, content: &[Inline], links: &Links, in_link: bool) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    for i in content {
        push_inline(out, i, links, in_link);
    }
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

fn collect_note_refs<'a>(inlines: &'a [Inline], out: &mut Vec<&'a Inline>) {
    for inline in inlines {
        match inline {
            Inline::NoteRef { .. } => out.push(inline),
            other => collect_note_refs(other.children(), out),
        }
    }
}

/// One table row of `cell` elements (`th scope="col"` or `td`), aligned.
fn push_row(
    out: &mut String,
    cells: &[Vec<Inline>],
    cell: &str,
    align: &[ColumnAlign],
    links: &Links,
) {
    let name = cell.split(' ').next().unwrap_or(cell);
    out.push_str("<tr>");
    for (k, content) in cells.iter().enumerate() {
        out.push('<');
        out.push_str(cell);
        out.push_str(align_class(align.get(k)));
        out.push('>');
        push_inlines(out, content, links);
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    out.push_str("</tr>\n");
}

/// The class that aligns a table cell, if its column has an alignment.
fn align_class(align: Option<&ColumnAlign>) -> &'static str {
    match align {
        Some(ColumnAlign::Left) => " class=\"align-left\"",
        Some(ColumnAlign::Center) => " class=\"align-center\"",
        Some(ColumnAlign::Right) => " class=\"align-right\"",
        Some(ColumnAlign::Default) | None => "",
    }
}

/// Renders blocks as XHTML flow content. Where epigraph sources stand
/// (an epigraph's text), paragraphs of lines ended by hard breaks are
/// verse, as the PDF sets them: consecutive ones one poem, a stanza each.
pub(crate) fn push_blocks(out: &mut String, blocks: &[Block], links: &Links) {
    let mut rest = blocks;
    while let Some((block, tail)) = rest.split_first() {
        if links.sources == Sources::Anywhere && is_epigraph_verse(block) {
            let n = rest.iter().take_while(|b| is_epigraph_verse(b)).count();
            let stanzas: Vec<Vec<crate::model::VerseLine>> =
                rest[..n].iter().filter_map(verse_stanza).collect();
            push_verse(out, &stanzas, links);
            rest = &rest[n..];
        } else {
            push_block(out, block, links);
            rest = tail;
        }
    }
}

/// Whether `block`, in an epigraph, is verse: a paragraph whose lines end
/// in hard breaks (`\`), not its source's dash line. The same test as the
/// PDF's (`pdf::opening`): a break at the paragraph's own level, not one
/// inside emphasis.
pub(crate) fn is_epigraph_verse(block: &Block) -> bool {
    match block {
        Block::Paragraph { content, .. } => {
            content.iter().any(|i| matches!(i, Inline::LineBreak))
                && !Inline::plain_text(content)
                    .trim_start()
                    .starts_with(['—', '―', '–'])
        }
        _ => false,
    }
}

/// An epigraph's verse paragraph as a stanza: a line per hard break.
fn verse_stanza(block: &Block) -> Option<Vec<crate::model::VerseLine>> {
    let Block::Paragraph { content, span } = block else {
        return None;
    };
    Some(
        content
            .split(|i| matches!(i, Inline::LineBreak))
            .map(|line| crate::model::VerseLine {
                indent: 0,
                content: line.to_vec(),
                span: *span,
            })
            .collect(),
    )
}

/// ` dir="…"` for a paragraph whose first strong letter reads the other
/// way than its page, else nothing.
fn own_direction(content: &[Inline], links: &Links) -> &'static str {
    match (crate::language::inlines_are_rtl(content), links.rtl) {
        (true, false) => " dir=\"rtl\"",
        (false, true) => " dir=\"ltr\"",
        _ => "",
    }
}

/// A bibliography's blocks: each run of paragraphs (its entries) one
/// list, an item per entry, as Standard Ebooks marks a bibliography;
/// headings between runs (primary and secondary sources) and any other
/// block as elsewhere. The stylesheet sets the items as the entries were
/// set: no bullets, each hanging, ragged.
pub(crate) fn push_entries(out: &mut String, blocks: &[Block], links: &Links) {
    let mut rest = blocks;
    while !rest.is_empty() {
        let n = rest
            .iter()
            .take_while(|b| matches!(b, Block::Paragraph { .. }))
            .count();
        if n == 0 {
            match &rest[0] {
                Block::Bibliography { entries, .. } => push_works(out, entries, links),
                block => push_blocks(out, std::slice::from_ref(block), links),
            }
            rest = &rest[1..];
            continue;
        }
        out.push_str("<ul class=\"entries\">\n");
        for block in &rest[..n] {
            if let Block::Paragraph { content, .. } = block {
                out.push_str("<li");
                out.push_str(own_direction(content, links));
                out.push('>');
                push_inlines(out, content, links);
                out.push_str("</li>\n");
            }
        }
        out.push_str("</ul>\n");
        rest = &rest[n..];
    }
}

fn push_block(out: &mut String, block: &Block, links: &Links) {
    match block {
        Block::Equation {
            formula, id, label, ..
        } => super::mathml::push_equation(out, formula, id.as_deref(), label.as_deref()),
        Block::Paragraph { content, .. } => {
            // A paragraph reads in the direction of its first strong
            // letter, as the PDF sets it: an English one in a Hebrew
            // chapter put its full stop on the left.
            out.push_str("<p");
            out.push_str(own_direction(content, links));
            let source = links.sources == Sources::Anywhere
                && Inline::plain_text(content)
                    .trim_start()
                    .starts_with(['—', '―', '–']);
            out.push_str(if source { " class=\"source\">" } else { ">" });
            push_inlines(out, content, links);
            out.push_str("</p>\n");
        }
        Block::Heading {
            level, id, content, ..
        } => {
            // Level 1 is the chapter title, written by the chapter page.
            let level = (*level).clamp(2, 6);
            out.push_str(&format!("<h{level}"));
            if is_safe_anchor(id) {
                out.push_str(" id=\"");
                push_attr(out, id);
                out.push('"');
            }
            out.push('>');
            push_inlines(out, content, links);
            out.push_str(&format!("</h{level}>\n"));
        }
        Block::BlockQuote { blocks, .. } => {
            // A quote where sources stand is an epigraph: SE's markup,
            // which the `kind = "epigraph"` page's section carries too.
            out.push_str(if links.sources == Sources::InQuotes {
                "<blockquote epub:type=\"epigraph\" role=\"doc-epigraph\">\n"
            } else {
                "<blockquote>\n"
            });
            let sources = match links.sources {
                Sources::InQuotes => Sources::Anywhere,
                other => other,
            };
            push_blocks(out, blocks, &Links { sources, ..*links });
            out.push_str("</blockquote>\n");
        }
        Block::List { start, items, .. } => {
            let close = match start {
                Some(1) => {
                    out.push_str("<ol>\n");
                    "</ol>\n"
                }
                Some(n) => {
                    out.push_str(&format!("<ol start=\"{n}\">\n"));
                    "</ol>\n"
                }
                None => {
                    out.push_str("<ul>\n");
                    "</ul>\n"
                }
            };
            for item in items {
                out.push_str("<li>");
                push_blocks(out, item, links);
                out.push_str("</li>\n");
            }
            out.push_str(close);
        }
        Block::ThematicBreak { .. } => out.push_str("<hr/>\n"),
        Block::CodeBlock {
            language,
            text,
            tokens,
            ..
        } => super::code::push_code_block(out, language.as_deref(), text, tokens),
        Block::Figure {
            image,
            caption,
            id,
            label,
            ..
        } => {
            out.push_str("<figure");
            push_id(out, id.as_deref());
            out.push_str(">\n<img src=\"");
            let file = links.images.get(&image.asset);
            push_attr(out, file.map_or("", |f| f.path.as_str()));
            out.push_str("\" alt=\"");
            push_attr(out, &image.alt);
            out.push('"');
            // The picture's size in pixels, so a reading system keeps its
            // room (its shape) before it has decoded it and the page does
            // not reflow as it paginates; the stylesheet scales it down
            // to the screen, keeping that shape (`height: auto`).
            if let Some(f) = file {
                out.push_str(&format!(" width=\"{}\" height=\"{}\"", f.width, f.height));
            }
            out.push_str("/>\n");
            push_caption(out, "figcaption", label.as_deref(), caption, links);
            out.push_str("</figure>\n");
        }
        Block::Table {
            caption,
            id,
            label,
            align,
            head,
            rows,
            ..
        } => {
            out.push_str("<table");
            push_id(out, id.as_deref());
            out.push_str(">\n");
            push_caption(out, "caption", label.as_deref(), caption, links);
            out.push_str("<thead>\n");
            push_row(out, head, "th scope=\"col\"", align, links);
            out.push_str("</thead>\n<tbody>\n");
            for row in rows {
                push_row(out, row, "td", align, links);
            }
            out.push_str("</tbody>\n</table>\n");
        }
        Block::DefinitionList { items, .. } => {
            // A glossary's terms as Standard Ebooks marks them: each the
            // defining instance of its term (`<dfn>`).
            let (term_open, term_close, dd) = if links.glossary {
                (
                    "<dt epub:type=\"glossterm\"><dfn>",
                    "</dfn></dt>\n",
                    "<dd epub:type=\"glossdef\">",
                )
            } else {
                ("<dt>", "</dt>\n", "<dd>")
            };
            out.push_str("<dl>\n");
            for item in items {
                out.push_str(term_open);
                push_inlines(out, &item.term, links);
                out.push_str(term_close);
                for definition in &item.definitions {
                    out.push_str(dd);
                    push_blocks(out, definition, links);
                    out.push_str("</dd>\n");
                }
            }
            out.push_str("</dl>\n");
        }
        Block::Verse { stanzas, .. } => push_verse(out, stanzas, links),
        // The works cited, at the end of a chapter that is no
        // bibliography: a section of its own, which the stylesheet sets
        // as a bibliography chapter's entries.
        Block::Bibliography { entries, .. } => {
            out.push_str("<section class=\"bibliography\" epub:type=\"bibliography\">\n");
            push_works(out, entries, links);
            out.push_str("</section>\n");
        }
    }
}

/// The works a book cites, a list item each, with the id its citations
/// link to.
fn push_works(out: &mut String, entries: &[crate::model::BibliographyEntry], links: &Links) {
    out.push_str("<ul class=\"entries\">\n");
    for entry in entries {
        out.push_str("<li id=\"");
        out.push_str(&attr(&entry.id));
        out.push('"');
        out.push_str(own_direction(&entry.content, links));
        out.push('>');
        push_inlines(out, &entry.content, links);
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

/// The deepest indent the stylesheet has a class for (`i1` … `i12`);
/// deeper lines take it.
const VERSE_INDENTS: u8 = 12;

/// Verse as Standard Ebooks marks a poem: `epub:type="z3998:poem"` on its
/// `<div>` (the page declares the prefix, [`Z3998_PREFIX`]), a `<p>` per
/// stanza, a `<span>` per line with `<br/>` between (so a reader without
/// the stylesheet still breaks the lines), an indented line's span
/// classed `i1` … `i12`. `z3998:poem`, not SE's other choices
/// (`z3998:verse`, `song`, `hymn`): the source says no more than "verse".
///
/// A poem in another language (`::: {.verse lang=fr}`: each line one
/// passage in it) says so once, on its `<div>`.
/// A figure's or table's caption (`tag`), opened by its number when the
/// book numbers them ("Figure 3.2."), set upright in the italic caption;
/// nothing when it has neither.
fn push_caption(
    out: &mut String,
    tag: &str,
    label: Option<&str>,
    caption: &[Inline],
    links: &Links,
) {
    if caption.is_empty() && label.is_none() {
        return;
    }
    out.push_str(&format!("<{tag}>"));
    if let Some(label) = label {
        let (lead, gap) = if caption.is_empty() {
            (label.to_string(), "")
        } else {
            crate::captions::lead_in(label)
        };
        out.push_str("<span class=\"caption-label\">");
        push_text(out, &lead);
        out.push_str("</span>");
        out.push_str(gap);
    }
    push_inlines(out, caption, links);
    out.push_str(&format!("</{tag}>\n"));
}

fn push_verse(out: &mut String, stanzas: &[Vec<crate::model::VerseLine>], links: &Links) {
    type Passage<'l> = (&'l Option<String>, &'l Option<String>, &'l [Inline]);
    fn passage(line: &crate::model::VerseLine) -> Option<Passage<'_>> {
        match &line.content[..] {
            [Inline::Span { lang, dir, content }] => Some((lang, dir, content)),
            _ => None,
        }
    }
    let lines = || stanzas.iter().flatten();
    let first = lines().next().and_then(passage).map(|(l, d, _)| (l, d));
    let shared = first.filter(|&(lang, dir)| {
        lines().all(|line| passage(line).is_some_and(|(l, d, _)| l == lang && d == dir))
    });
    out.push_str("<div class=\"verse\" epub:type=\"z3998:poem\"");
    if let Some((lang, dir)) = shared {
        push_lang_dir(out, lang.as_deref(), dir.as_deref());
    }
    out.push_str(">\n");
    for stanza in stanzas {
        out.push_str("<p>");
        for (k, line) in stanza.iter().enumerate() {
            if k > 0 {
                out.push_str("<br/>\n");
            }
            match line.indent.min(VERSE_INDENTS) {
                0 => out.push_str("<span>"),
                n => out.push_str(&format!("<span class=\"i{n}\">")),
            }
            match (shared, passage(line)) {
                (Some(_), Some((_, _, content))) => push_inlines(out, content, links),
                _ => push_inlines(out, &line.content, links),
            }
            out.push_str("</span>");
        }
        out.push_str("</p>\n");
    }
    out.push_str("</div>\n");
}

/// ` lang="…" xml:lang="…"` and ` dir="…"`, those given. EPUB 3 reading
/// systems read `xml:lang`; HTML's `lang` goes with it (both, as for the
/// chapter's own language).
pub(crate) fn push_lang_dir(out: &mut String, lang: Option<&str>, dir: Option<&str>) {
    if let Some(lang) = lang {
        out.push_str(" lang=\"");
        push_attr(out, lang);
        out.push_str("\" xml:lang=\"");
        push_attr(out, lang);
        out.push('"');
    }
    if let Some(dir) = dir {
        out.push_str(" dir=\"");
        push_attr(out, dir);
        out.push('"');
    }
}

/// ` id="…"` for an element a link may name (an id the source checked;
/// one that is not safe is left out, as links to it were refused).
fn push_id(out: &mut String, id: Option<&str>) {
    if let Some(id) = id.filter(|id| is_safe_anchor(id)) {
        out.push_str(" id=\"");
        push_attr(out, id);
        out.push('"');
    }
}

/// `page` (from [`page`]) with `class` on its `<html>`: the cover's page,
/// whose stylesheet rules size the root to the screen.
pub(crate) fn with_root_class(page: String, class: &str) -> String {
    let mut classed = String::with_capacity(page.len() + class.len() + 10);
    match page.split_once("<html ") {
        Some((head, rest)) => {
            classed.push_str(head);
            classed.push_str("<html class=\"");
            push_attr(&mut classed, class);
            classed.push_str("\" ");
            classed.push_str(rest);
            classed
        }
        None => page,
    }
}

/// A whole XHTML content document around `body` (already markup).
pub(crate) fn page(title: &str, lang: &str, body_type: Option<&str>, body: &str) -> String {
    page_in(title, lang, lang, body_type, body)
}

/// [`page`] for a page in `lang` of a book in `book_lang`: a left-to-right
/// page of a right-to-left book says `dir="ltr"`, or reading systems
/// take the package's right to left for it.
pub(crate) fn page_in(
    title: &str,
    lang: &str,
    book_lang: &str,
    body_type: Option<&str>,
    body: &str,
) -> String {
    let mut out = String::with_capacity(body.len() + 512);
    out.push_str(XHTML_HEAD);
    out.push_str(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"",
    );
    push_attr(&mut out, lang);
    out.push_str("\" xml:lang=\"");
    push_attr(&mut out, lang);
    out.push('"');
    if crate::language::right_to_left(lang) {
        // The whole page right to left (its paragraphs' base direction,
        // alignment, list markers), not only each line's letters: a
        // Hebrew note ending in a full stop showed it at the wrong end.
        out.push_str(" dir=\"rtl\"");
    } else if crate::language::right_to_left(book_lang) {
        out.push_str(" dir=\"ltr\"");
    }
    // The Z39.98 vocabulary's prefix, on the pages that use it: EPUBCheck
    // wants it declared (OPF-028), as Standard Ebooks does on every page.
    if body.contains("z3998:") {
        out.push_str(" epub:prefix=\"");
        out.push_str(Z3998_PREFIX);
        out.push('"');
    }
    out.push_str(">\n<head>\n<title>");
    push_text(&mut out, title);
    out.push_str(
        "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n<body",
    );
    if let Some(t) = body_type {
        out.push_str(" epub:type=\"");
        push_attr(&mut out, t);
        out.push('"');
    }
    out.push_str(">\n");
    out.push_str(body);
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> (BTreeMap<String, String>, &'static str) {
        let mut files = BTreeMap::new();
        files.insert("chapter-2".to_string(), "chapter-2.xhtml".to_string());
        (files, "notes.xhtml")
    }

    /// A page's `<html>` names its direction where the package's would be
    /// wrong for it: right to left for Hebrew anywhere, left to right for
    /// English in a Hebrew book; nothing for English in an English one.
    #[test]
    fn a_page_names_its_direction_against_the_books() {
        for (lang, book, dir) in [
            ("he", "he", Some("rtl")),
            ("he", "en", Some("rtl")),
            ("en", "he", Some("ltr")),
            ("en-GB", "ar", Some("ltr")),
            ("en", "en", None),
            ("fr", "en", None),
        ] {
            let page = page_in("T", lang, book, None, "");
            let html = &page[page.find("<html").unwrap()..];
            let html = &html[..html.find('>').unwrap()];
            let found = html
                .split(" dir=\"")
                .nth(1)
                .map(|rest| &rest[..rest.find('"').unwrap()]);
            assert_eq!(found, dir, "{lang} in a {book} book");
        }
    }

    #[test]
    fn text_escapes_markup_and_drops_controls() {
        assert_eq!(
            text("<script>a & b</script>\u{0}\u{7}\u{1b}x\u{85}"),
            "&lt;script&gt;a &amp; b&lt;/script&gt;x"
        );
        assert_eq!(attr("\"it's\"\n<&>"), "&quot;it&#39;s&quot; &lt;&amp;&gt;");
        assert_eq!(text("tab\tand\nnewline stay"), "tab\tand\nnewline stay");
        assert_eq!(text("crlf\r\nand cr\ralone"), "crlf\nand cr\nalone");
    }

    fn ext(url: &str) -> LinkTarget {
        LinkTarget::External { url: url.into() }
    }

    fn internal(chapter: &str, anchor: Option<&str>) -> LinkTarget {
        LinkTarget::Internal {
            chapter: chapter.into(),
            anchor: anchor.map(str::to_string),
            placed_as: None,
        }
    }

    #[test]
    fn only_web_mail_and_chapter_links_survive() {
        let (files, _) = links();
        assert_eq!(
            safe_href(&ext("https://example.org/a b"), &files).as_deref(),
            Some("https://example.org/a%20b")
        );
        assert_eq!(
            safe_href(&ext("mailto:x@example.org"), &files).as_deref(),
            Some("mailto:x@example.org")
        );
        assert_eq!(
            safe_href(&internal("chapter-2", Some("noteref-1")), &files).as_deref(),
            Some("chapter-2.xhtml#noteref-1")
        );
        assert_eq!(
            safe_href(&internal("chapter-2", None), &files).as_deref(),
            Some("chapter-2.xhtml")
        );
        // An anchor that is not a plain id is not written; the chapter is.
        assert_eq!(
            safe_href(&internal("chapter-2", Some("\"><x")), &files).as_deref(),
            Some("chapter-2.xhtml")
        );
        assert_eq!(safe_href(&internal("chapter-9", None), &files), None);
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "../../etc/passwd",
            "other.md",
            "#frag",
            "http://",
            "https://../",
            "",
        ] {
            assert_eq!(safe_href(&ext(bad), &files), None, "{bad}");
        }
        assert_eq!(
            safe_href(&ext("https://ex.org/é\"<"), &files).as_deref(),
            Some("https://ex.org/%C3%A9%22%3C")
        );
    }

    #[test]
    fn unsafe_link_keeps_its_text_only() {
        let (files, notes) = links();
        let l = Links {
            notes_file: notes,
            chapter_files: &files,
            note_targets: &BTreeMap::new(),
            images: &BTreeMap::new(),
            rtl: false,
            sources: Sources::Nowhere,
            glossary: false,
            numerals: crate::numerals::Numerals::Latn,
            plain_math: false,
        };
        let mut out = String::new();
        push_inlines(
            &mut out,
            &[Inline::Link {
                target: ext("javascript:alert(1)"),
                content: vec![Inline::Text {
                    text: "click".into(),
                }],
            }],
            &l,
        );
        assert_eq!(out, "click");
    }

    #[test]
    fn note_refs_inside_links_move_after_the_link() {
        let (files, notes) = links();
        let l = Links {
            notes_file: notes,
            chapter_files: &files,
            note_targets: &BTreeMap::new(),
            images: &BTreeMap::new(),
            rtl: false,
            sources: Sources::Nowhere,
            glossary: false,
            numerals: crate::numerals::Numerals::Latn,
            plain_math: false,
        };
        let mut targets = BTreeMap::new();
        targets.insert("noteref-1".to_string(), "note-1".to_string());
        let l = Links {
            note_targets: &targets,
            ..l
        };
        let out = {
            let mut out = String::new();
            push_inlines(
                &mut out,
                &[Inline::Link {
                    target: ext("https://example.org/"),
                    content: vec![
                        Inline::Text {
                            text: "site".into(),
                        },
                        Inline::NoteRef {
                            number: 1,
                            first: true,
                            id: "noteref-1".into(),
                        },
                    ],
                }],
                &l,
            );
            out
        };
        assert_eq!(
            out,
            "<a href=\"https://example.org/\">site</a><a href=\"notes.xhtml#note-1\" id=\"noteref-1\" class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\">1</a>"
        );
    }

    #[test]
    fn ids_must_be_plain_ncnames() {
        assert!(is_safe_id("note-12-3"));
        assert!(is_safe_id("chapter-1"));
        for bad in ["", "1abc", "a b", "a\"b", "../x", "a/b", "é"] {
            assert!(!is_safe_id(bad), "{bad}");
        }
        // A heading's id may be in any script; a file's stem may not.
        for anchor in ["第一章", "маленькая-княгиня", "é", "note-12-3"] {
            assert!(is_safe_anchor(anchor), "{anchor}");
        }
        for bad in ["", "1abc", "a b", "a\"b", "../x", "a/b", "a&b", "a<b"] {
            assert!(!is_safe_anchor(bad), "{bad}");
        }
    }
}
