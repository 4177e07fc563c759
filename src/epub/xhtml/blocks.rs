//! The EPUB's block markup: paragraphs, headings, quotations, lists, tables, figures, code, verse, equations and bibliographies, each written through [`super::push_inlines`] and the escapes beside it.

use super::{
    attr, is_safe_anchor, push_attr, push_id, push_inlines, push_lang_dir, push_text, Links,
    Sources,
};
use crate::model::{Block, ColumnAlign, Inline};

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
pub(super) fn own_direction(content: &[Inline], links: &Links) -> &'static str {
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
        } => crate::epub::mathml::push_equation(out, formula, id.as_deref(), label.as_deref()),
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
        Block::Callout {
            kind,
            title,
            blocks,
            ..
        } => super::callout::push_callout(out, *kind, title, blocks, links),
        Block::Theorem {
            kind,
            id,
            name,
            label,
            blocks,
            ..
        } => {
            let label = label.as_deref().unwrap_or(kind.name());
            super::theorem::push_theorem(out, (*kind, id.as_deref(), label), name, blocks, links)
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
            caption,
            id,
            label,
            first_line,
            ..
        } => {
            // A listing with a caption or number is a figure, its caption
            // above the code (Chicago's and O'Reilly's place for it), as
            // Quarto writes one; other code is a `<pre>` alone.
            let captioned = !caption.is_empty() || label.is_some();
            if captioned {
                out.push_str("<figure class=\"listing\"");
                push_id(out, id.as_deref());
                out.push_str(">\n");
                push_caption(out, "figcaption", label.as_deref(), caption, links);
            } else if id.is_some() {
                // The id on a wrapper, so the `<pre>` stays as plain code's.
                out.push_str("<div");
                push_id(out, id.as_deref());
                out.push_str(">\n");
            }
            let language = language.as_deref();
            crate::epub::code::push_code_lines(out, language, text, tokens, *first_line);
            if captioned {
                out.push_str("</figure>\n");
            } else if id.is_some() {
                out.push_str("</div>\n");
            }
        }
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
        // as a bibliography chapter's entries. Its role matches its
        // epub:type, as Ace asks of every such element.
        Block::Bibliography { entries, .. } => {
            out.push_str(
                "<section class=\"bibliography\" epub:type=\"bibliography\" role=\"doc-bibliography\">\n",
            );
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
