//! The endnotes document: every note, grouped by chapter, linked back to its reference.
//!
//! Markup follows Standard Ebooks' conventions, which Apple Books and Kobo act
//! on to show notes as pop-ups: one `<section epub:type="endnotes"
//! role="doc-endnotes">`, each note an `<li epub:type="endnote">` (without the
//! deprecated `doc-endnote` role) whose last paragraph ends in a
//! `role="doc-backlink"` link to its reference: one link per citation for a
//! note cited more than once (`↩ a b`, as Wikipedia marks them).

use std::collections::BTreeMap;

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
            let dir = if crate::language::right_to_left(lang) {
                "rtl"
            } else {
                "ltr"
            };
            xhtml::push_lang_dir(&mut body, Some(lang), Some(dir));
        }
        body.push_str(" aria-labelledby=\"");
        xhtml::push_attr(&mut body, &group);
        body.push_str("-title\">\n<h2 id=\"");
        xhtml::push_attr(&mut body, &group);
        body.push_str("-title\"><a href=\"");
        xhtml::push_attr(&mut body, &file);
        body.push_str("\">");
        xhtml::push_link_text(&mut body, &super::nav::chapter_name(book, chapter));
        body.push_str("</a></h2>\n<ol>\n");
        let citations = citations(chapter, &file);
        let words = backlink_words(book, chapter);
        for note in &chapter.notes {
            let cited = citations.get(&note.number).map_or(&[][..], Vec::as_slice);
            push_note(&mut body, note, cited, &words, links);
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

/// The words of a group's back links ("Back to reference 3"), read
/// aloud in the group's language: the book's labels in the book's
/// language; in another, that language's built-in labels (the note
/// numbers in the book's digits, as the list shows them); in a language
/// bookpack has no labels for, the book's, with the link marked in the
/// book's language (an `aria-label` takes its element's language, and
/// the link's own text, an arrow or a letter, is in none).
struct BacklinkWords<'a> {
    labels: std::borrow::Cow<'a, crate::labels::Labels>,
    /// The language to mark the links in, where it is not the group's.
    lang: Option<&'a str>,
}

fn backlink_words<'a>(book: &'a Book, chapter: &Chapter) -> BacklinkWords<'a> {
    let book_lang = book.metadata.language.as_str();
    let own = BacklinkWords {
        labels: std::borrow::Cow::Borrowed(&book.labels),
        lang: None,
    };
    let Some(lang) = chapter.language.as_deref().filter(|&l| l != book_lang) else {
        return own;
    };
    // A variety of the book's language (en-US in an en-GB book) reads the
    // book's words, `[labels]` overrides and all.
    if crate::labels::primary(lang) == crate::labels::primary(book_lang) {
        return own;
    }
    match crate::labels::Labels::built_in(lang) {
        Some(mut labels) => {
            labels.numerals = book.labels.numerals;
            BacklinkWords {
                labels: std::borrow::Cow::Owned(labels),
                lang: None,
            }
        }
        None => BacklinkWords {
            lang: Some(book_lang),
            ..own
        },
    }
}

/// Where each of `chapter`'s notes is cited, by note number: the file
/// (`file`, the chapter's page, or this one for a citation inside a note)
/// and the reference's id, in reading order, the first reference (which the
/// model names in `Note::ref_id`) first.
fn citations(chapter: &Chapter, file: &str) -> BTreeMap<u32, Vec<(String, String)>> {
    let mut in_text = Vec::new();
    super::collect_refs_in_inlines(&chapter.title, &mut in_text);
    super::collect_refs(&chapter.synopsis, &mut in_text);
    super::collect_refs(&chapter.blocks, &mut in_text);
    let mut in_notes = Vec::new();
    for note in &chapter.notes {
        super::collect_refs(&note.blocks, &mut in_notes);
    }
    let mut by_number: BTreeMap<u32, Vec<(String, String)>> = BTreeMap::new();
    let places = in_text
        .into_iter()
        .map(|r| (file, r))
        .chain(in_notes.into_iter().map(|r| (FILE, r)));
    for (place, (number, id, first)) in places {
        let cited = by_number.entry(number).or_default();
        let citation = (place.to_string(), id);
        if first {
            cited.insert(0, citation);
        } else {
            cited.push(citation);
        }
    }
    by_number
}

/// The letter naming a note's `k`th citation (from 0) in its back links:
/// `a` … `z`, then `aa`, `ab` … as spreadsheet columns are named.
fn citation_letter(k: usize) -> String {
    let mut letters = Vec::new();
    let mut k = k + 1;
    while k > 0 {
        k -= 1;
        letters.push(b'a' + (k % 26) as u8);
        k /= 26;
    }
    letters.iter().rev().map(|&b| char::from(b)).collect()
}

/// One back link, to the citation `id` in `file`, read aloud as `label`
/// (in `lang`, where that is not the link's surroundings').
fn push_backlink(
    out: &mut String,
    (file, id): (&str, &str),
    (label, lang): (&str, Option<&str>),
    text: &str,
) {
    out.push_str("<a href=\"");
    xhtml::push_attr(out, file);
    out.push('#');
    xhtml::push_attr(out, id);
    out.push('"');
    xhtml::push_lang_dir(out, lang, None);
    out.push_str(" class=\"backlink\" epub:type=\"backlink\" role=\"doc-backlink\" aria-label=\"");
    xhtml::push_attr(out, label);
    out.push_str("\">");
    xhtml::push_text(out, text);
    out.push_str("</a>");
}

/// The back links of a note cited at `cited` (file, reference id), the
/// first reference first: the arrow alone as the link when it is cited
/// once; when it is cited more often the arrow as a mark and a link per
/// citation, lettered `a`, `b`… so the reader of the second citation
/// returns to it, not to the first.
fn backlinks(note: &Note, cited: &[(String, String)], words: &BacklinkWords) -> String {
    let labels = &*words.labels;
    let number = labels.numerals.number(note.number);
    let mut out = String::new();
    match cited {
        [] | [_] => {
            // With no citation found (a model from elsewhere), the first
            // reference in the notes file, as the checks allowed it.
            let (file, id) = cited
                .first()
                .map_or((FILE, note.ref_id.as_str()), |(f, i)| {
                    (f.as_str(), i.as_str())
                });
            let label = crate::labels::fill(&labels.back_to_text, &[("n", &number)]);
            push_backlink(&mut out, (file, id), (&label, words.lang), "\u{21A9}");
        }
        many => {
            out.push_str("<span class=\"backlinks\"><span aria-hidden=\"true\">\u{21A9}</span>");
            for (k, (file, id)) in many.iter().enumerate() {
                let letter = citation_letter(k);
                let label = crate::labels::fill(
                    &labels.back_to_citation,
                    &[("n", &number), ("k", &letter)],
                );
                // The arrow does not end a line without its first letter.
                out.push(if k == 0 { '\u{A0}' } else { ' ' });
                push_backlink(&mut out, (file, id), (&label, words.lang), &letter);
            }
            out.push_str("</span>");
        }
    }
    out
}

fn push_note(
    out: &mut String,
    note: &Note,
    cited: &[(String, String)],
    words: &BacklinkWords,
    links: &Links,
) {
    // `value` keeps the model's number whatever the list position: with
    // book-wide numbering a chapter's first note is not 1.
    out.push_str("<li id=\"");
    xhtml::push_attr(out, &note.id);
    out.push_str(&format!(
        "\" value=\"{}\" class=\"endnote\" epub:type=\"endnote\">\n",
        note.number
    ));
    let backlink = backlinks(note, cited, words);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn note() -> Note {
        Note {
            number: 7,
            label: "x".into(),
            id: "note-7".into(),
            ref_id: "noteref-7".into(),
            blocks: Vec::new(),
            span: Default::default(),
        }
    }

    #[test]
    fn citations_are_lettered_as_spreadsheet_columns() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(citation_letter)
            .collect();
        assert_eq!(
            letters,
            ["a", "b", "z", "aa", "ab", "az", "ba", "zz", "aaa"]
        );
    }

    /// A note cited once keeps its single arrow; cited three times (twice
    /// in the text, once in another note) it gets a lettered link to each,
    /// each read aloud with its letter.
    #[test]
    fn a_note_cited_three_times_links_back_to_each_citation() {
        let labels = BacklinkWords {
            labels: std::borrow::Cow::Owned(crate::labels::Labels::english()),
            lang: None,
        };
        let once = backlinks(&note(), &[("ch.xhtml".into(), "noteref-7".into())], &labels);
        assert_eq!(
            once,
            "<a href=\"ch.xhtml#noteref-7\" class=\"backlink\" epub:type=\"backlink\" role=\"doc-backlink\" aria-label=\"Back to reference 7\">\u{21A9}</a>"
        );
        let cited = [
            ("ch.xhtml".to_string(), "noteref-7".to_string()),
            ("ch.xhtml".to_string(), "noteref-7-2".to_string()),
            (FILE.to_string(), "noteref-7-3".to_string()),
        ];
        let three = backlinks(&note(), &cited, &labels);
        assert!(three.starts_with(
            "<span class=\"backlinks\"><span aria-hidden=\"true\">\u{21A9}</span>\u{A0}<a href=\"ch.xhtml#noteref-7\""
        ));
        for (file, id, letter) in [
            ("ch.xhtml", "noteref-7", "a"),
            ("ch.xhtml", "noteref-7-2", "b"),
            ("notes.xhtml", "noteref-7-3", "c"),
        ] {
            assert!(
                three.contains(&format!(
                    "href=\"{file}#{id}\" class=\"backlink\" epub:type=\"backlink\" role=\"doc-backlink\" aria-label=\"Back to reference 7, citation {letter}\">{letter}</a>"
                )),
                "{three}"
            );
        }
    }

    /// A group in a language bookpack has no words for reads the book's,
    /// its links marked in the book's language.
    #[test]
    fn a_back_link_in_borrowed_words_says_their_language() {
        let words = BacklinkWords {
            labels: std::borrow::Cow::Owned(crate::labels::Labels::english()),
            lang: Some("en-GB"),
        };
        let once = backlinks(&note(), &[("ch.xhtml".into(), "noteref-7".into())], &words);
        assert_eq!(
            once,
            "<a href=\"ch.xhtml#noteref-7\" lang=\"en-GB\" xml:lang=\"en-GB\" class=\"backlink\" epub:type=\"backlink\" role=\"doc-backlink\" aria-label=\"Back to reference 7\">\u{21A9}</a>"
        );
    }
}
