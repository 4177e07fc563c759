//! The endnotes document: every note, grouped by chapter, linked back to its reference.
//!
//! Markup follows Standard Ebooks' conventions, which Apple Books and Kobo act
//! on to show notes as pop-ups: one `<section epub:type="endnotes"
//! role="doc-endnotes">`, each note an `<li epub:type="endnote">` (without the
//! deprecated `doc-endnote` role) whose last paragraph ends in a
//! `role="doc-backlink"` link to the note's first reference.

use crate::model::{Block, Book, Chapter, Note};

use super::xhtml::{self, Links};

/// File name of the endnotes document inside the package.
pub(crate) const FILE: &str = "notes.xhtml";

/// Id of the group of notes belonging to `chapter` in the endnotes document.
pub(crate) fn group_id(chapter: &Chapter) -> String {
    format!("notes-{}", chapter.id)
}

/// Whether the book has any note (and so an endnotes document).
pub(crate) fn has_notes(book: &Book) -> bool {
    book.chapters.iter().any(|c| !c.notes.is_empty())
}

/// The endnotes document; `chapter_file(i)` names chapter `i`'s XHTML file.
pub(crate) fn render(book: &Book, links: &Links, chapter_file: impl Fn(usize) -> String) -> String {
    let mut body = String::new();
    body.push_str(
        "<section id=\"endnotes\" class=\"endnotes\" epub:type=\"endnotes\" role=\"doc-endnotes\">\n<h1>",
    );
    xhtml::push_text(&mut body, &book.labels.notes);
    body.push_str("</h1>\n");
    for (index, chapter) in book.chapters.iter().enumerate() {
        if chapter.notes.is_empty() {
            continue;
        }
        let group = group_id(chapter);
        let file = chapter_file(index);
        body.push_str("<section id=\"");
        xhtml::push_attr(&mut body, &group);
        body.push('"');
        // A chapter in another language than the book's: its notes are
        // too (read aloud and set in its direction).
        if let Some(lang) = chapter
            .language
            .as_deref()
            .filter(|&l| l != book.metadata.language)
        {
            body.push_str(" lang=\"");
            xhtml::push_attr(&mut body, lang);
            body.push_str("\" xml:lang=\"");
            xhtml::push_attr(&mut body, lang);
            body.push_str("\" dir=\"");
            body.push_str(if crate::language::right_to_left(lang) {
                "rtl"
            } else {
                "ltr"
            });
            body.push('"');
        }
        body.push_str(" aria-labelledby=\"");
        xhtml::push_attr(&mut body, &group);
        body.push_str("-title\">\n<h2 id=\"");
        xhtml::push_attr(&mut body, &group);
        body.push_str("-title\"><a href=\"");
        xhtml::push_attr(&mut body, &file);
        body.push_str("\">");
        xhtml::push_link_text(&mut body, &chapter.nav_title_inlines(&book.labels));
        body.push_str("</a></h2>\n<ol>\n");
        // Reference ids written in the chapter's own page.
        let mut refs = Vec::new();
        super::collect_refs_in_inlines(&chapter.title, &mut refs);
        super::collect_refs(&chapter.synopsis, &mut refs);
        super::collect_refs(&chapter.blocks, &mut refs);
        let in_text: std::collections::BTreeSet<String> =
            refs.into_iter().map(|(_, id, _)| id).collect();
        for note in &chapter.notes {
            let back_to = if in_text.contains(&note.ref_id) {
                file.as_str()
            } else {
                FILE
            };
            push_note(&mut body, note, back_to, &book.labels.back_to_text, links);
        }
        body.push_str("</ol>\n</section>\n");
    }
    body.push_str("</section>\n");
    xhtml::page(
        &book.labels.notes,
        &book.metadata.language,
        Some("backmatter"),
        &body,
    )
}

/// `back_to` is the file holding the note's first reference: the
/// chapter's, or this one for a note first cited inside another note.
fn push_note(out: &mut String, note: &Note, back_to: &str, back_label: &str, links: &Links) {
    // `value` keeps the model's number whatever the list position: with
    // book-wide numbering a chapter's first note is not 1.
    out.push_str("<li id=\"");
    xhtml::push_attr(out, &note.id);
    out.push_str(&format!(
        "\" value=\"{}\" class=\"endnote\" epub:type=\"endnote\">\n",
        note.number
    ));
    let mut backlink = String::from("<a href=\"");
    xhtml::push_attr(&mut backlink, back_to);
    backlink.push('#');
    xhtml::push_attr(&mut backlink, &note.ref_id);
    backlink.push_str(
        "\" class=\"backlink\" epub:type=\"backlink\" role=\"doc-backlink\" aria-label=\"",
    );
    xhtml::push_attr(
        &mut backlink,
        &crate::labels::fill(back_label, &[("n", &note.number.to_string())]),
    );
    backlink.push_str("\">\u{21A9}</a>");
    match note.blocks.split_last() {
        // The back link closes the note's last paragraph, as pop-ups show it
        // inline; a note ending in a list or quote gets a paragraph of its own.
        Some((Block::Paragraph { content, .. }, rest)) => {
            xhtml::push_blocks(out, rest, links);
            out.push_str("<p>");
            xhtml::push_inlines(out, content, links);
            out.push(' ');
            out.push_str(&backlink);
            out.push_str("</p>\n");
        }
        _ => {
            xhtml::push_blocks(out, &note.blocks, links);
            out.push_str("<p>");
            out.push_str(&backlink);
            out.push_str("</p>\n");
        }
    }
    out.push_str("</li>\n");
}
