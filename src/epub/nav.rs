//! The EPUB's navigation: the table of contents (parts holding their
//! chapters, chapters their sections down to `toc-depth`) and the
//! landmarks, in the book's language. `package.rs` writes them out as the
//! navigation document and the NCX.

use crate::lists::ListKind;
use crate::model::{Block, Book, Chapter, ChapterKind, Inline, Matter};

use super::notes;
use super::package::{Landmark, TocEntry};

/// What the EPUB says a file of `kind` is: its `epub:type` (EPUB 3
/// Structural Semantics Vocabulary) and its ARIA role (DPUB-ARIA 1.1),
/// which every kind here has.
pub(crate) fn semantics(kind: ChapterKind) -> (&'static str, &'static str) {
    match kind {
        ChapterKind::Chapter => ("chapter", "doc-chapter"),
        ChapterKind::Part => ("part", "doc-part"),
        ChapterKind::Dedication => ("dedication", "doc-dedication"),
        ChapterKind::Epigraph => ("epigraph", "doc-epigraph"),
        ChapterKind::Foreword => ("foreword", "doc-foreword"),
        ChapterKind::Preface => ("preface", "doc-preface"),
        ChapterKind::Introduction => ("introduction", "doc-introduction"),
        ChapterKind::Prologue => ("prologue", "doc-prologue"),
        // The vocabularies spell it the American way.
        ChapterKind::Acknowledgements => ("acknowledgments", "doc-acknowledgments"),
        ChapterKind::Epilogue => ("epilogue", "doc-epilogue"),
        ChapterKind::Afterword => ("afterword", "doc-afterword"),
        ChapterKind::Appendix => ("appendix", "doc-appendix"),
        ChapterKind::Glossary => ("glossary", "doc-glossary"),
        ChapterKind::Bibliography => ("bibliography", "doc-bibliography"),
        ChapterKind::Colophon => ("colophon", "doc-colophon"),
    }
}

/// The contents: title page and imprint, then each file the contents list
/// (chapters nested under their part, sections under their chapter to
/// `book.toc_depth`), and the notes where they stand: after the appendixes,
/// before a closing glossary, bibliography or colophon
/// ([`Book::files_before_notes`]); last the index, when the book has one
/// (`index_page`), as the print contents end.
pub(crate) fn toc(
    book: &Book,
    chapter_files: &[String],
    [title_page, imprint_page, nav]: [&str; 3],
    index_page: Option<&str>,
) -> Vec<TocEntry> {
    let labels = &book.labels;
    let mut toc = vec![
        TocEntry {
            label: text(&labels.title_page),
            href: title_page.into(),
            children: vec![],
            lang: None,
        },
        TocEntry {
            label: text(&labels.imprint),
            href: imprint_page.into(),
            children: vec![],
            lang: None,
        },
    ];
    // The lists of figures and tables, which follow the contents in the
    // navigation document: before every file the contents list.
    toc.extend(
        crate::lists::printed(book)
            .into_iter()
            .map(|kind| TocEntry {
                label: text(kind.title(book)),
                href: format!("{nav}#{}", kind.id()),
                children: vec![],
                lang: None,
            }),
    );
    let notes_at = book.files_before_notes();
    let mut notes_entry = notes::has_notes(book).then(|| notes_entry(book, chapter_files));
    // Index in `toc` of the entry of the part now open.
    let mut open_part: Option<(String, usize)> = None;
    for (position, (chapter, file)) in book.chapters.iter().zip(chapter_files).enumerate() {
        if position == notes_at {
            toc.extend(notes_entry.take());
        }
        if !chapter.in_contents() {
            continue;
        }
        let entry = TocEntry {
            label: chapter_name(book, chapter),
            href: file.clone(),
            children: sections(chapter, file, book.toc_depth),
            lang: foreign_language(book, chapter),
        };
        match (&open_part, &chapter.part) {
            (Some((part, index)), Some(own)) if part == own => {
                toc[*index].children.push(entry);
            }
            _ => {
                if chapter.kind == ChapterKind::Part {
                    open_part = Some((chapter.id.clone(), toc.len()));
                } else {
                    open_part = None;
                }
                toc.push(entry);
            }
        }
    }
    toc.extend(notes_entry);
    toc.extend(index_page.map(|page| TocEntry {
        label: text(&labels.index),
        href: page.into(),
        children: vec![],
        lang: None,
    }));
    toc
}

/// The lists of figures and tables the book prints ([`crate::lists`]),
/// each with its entries: a figure's or table's label and caption,
/// linked to it, in its chapter's language.
pub(crate) fn lists(book: &Book, chapter_files: &[String]) -> Vec<(ListKind, Vec<TocEntry>)> {
    crate::lists::printed(book)
        .into_iter()
        .map(|kind| {
            let entries = crate::lists::entries(book, kind)
                .into_iter()
                .map(|entry| TocEntry {
                    label: entry.words,
                    href: format!("{}#{}", chapter_files[entry.chapter], entry.id),
                    children: vec![],
                    lang: foreign_language(book, &book.chapters[entry.chapter]),
                })
                .collect();
            (kind, entries)
        })
        .collect()
}

/// A label as an entry's text.
fn text(label: &str) -> Vec<Inline> {
    vec![Inline::Text {
        text: label.to_string(),
    }]
}

/// The notes' entry: one sub-entry per chapter with notes, when there
/// are several.
fn notes_entry(book: &Book, chapter_files: &[String]) -> TocEntry {
    let labels = &book.labels;
    let groups: Vec<TocEntry> = book
        .chapters
        .iter()
        .zip(chapter_files)
        .filter(|(c, _)| !c.notes.is_empty())
        .map(|(c, _)| TocEntry {
            label: chapter_name(book, c),
            href: format!("{}#{}", notes::FILE, notes::group_id(c)),
            children: vec![],
            lang: foreign_language(book, c),
        })
        .collect();
    // One group needs no sub-entry: it starts where the notes start.
    let children = if groups.len() > 1 { groups } else { vec![] };
    TocEntry {
        label: text(&labels.notes),
        href: notes::FILE.into(),
        children,
        lang: None,
    }
}

/// A chapter's name as the contents and the notes give it
/// ([`Chapter::nav_title_inlines`]). In a chapter in another language
/// than the book's (its entry or its notes marked in that language), the
/// words bookpack adds ("Chapter 3", "Appendix A", "Glossary") are the
/// book's: marked in the book's language, as on the chapter's own page,
/// so a voice does not read them as the chapter's (WCAG 3.1.2).
pub(crate) fn chapter_name(book: &Book, chapter: &Chapter) -> Vec<Inline> {
    let mut name = chapter.nav_title_inlines(&book.labels);
    let Some(lang) = foreign_language(book, chapter) else {
        return name;
    };
    let Some(Inline::Text { text }) = name.first_mut() else {
        return name;
    };
    // The whole name for an untitled file; the label before a numbered
    // part's or appendix's title; nothing before a chapter's ("3. ").
    let words = if chapter.title_text.is_empty() {
        text.len()
    } else if chapter.kind != ChapterKind::Chapter {
        chapter
            .label(&book.labels)
            .filter(|label| text.starts_with(label.as_str()))
            .map_or(0, |label| label.len())
    } else {
        0
    };
    if words == 0 {
        return name;
    }
    let rest = text.split_off(words);
    let label = std::mem::take(text);
    let book_lang = &book.metadata.language;
    let rtl = crate::language::right_to_left(book_lang);
    let dir = (rtl != crate::language::right_to_left(&lang))
        .then(|| if rtl { "rtl" } else { "ltr" }.to_string());
    name[0] = Inline::Span {
        lang: Some(book_lang.clone()),
        dir,
        content: vec![Inline::Text { text: label }],
    };
    if !rest.is_empty() {
        name.insert(1, Inline::Text { text: rest });
    }
    name
}

/// A chapter's language, where it is not the book's.
pub(crate) fn foreign_language(book: &Book, chapter: &Chapter) -> Option<String> {
    chapter
        .language
        .clone()
        .filter(|l| *l != book.metadata.language)
}

/// A chapter's sections to `depth` (1 = none, 2 = `##` headings, …),
/// nested by level.
fn sections(chapter: &Chapter, file: &str, depth: u8) -> Vec<TocEntry> {
    let flat: Vec<(u8, TocEntry)> = Block::headings(&chapter.blocks)
        .into_iter()
        .filter(|(level, id, _)| *level <= depth && !id.is_empty())
        .map(|(level, id, content)| {
            (
                level,
                TocEntry {
                    label: Inline::title_copy(content),
                    href: format!("{file}#{id}"),
                    children: vec![],
                    lang: None,
                },
            )
        })
        .collect();
    nest(flat, 2)
}

/// Entries of `level` with the deeper ones after each as its children.
fn nest(flat: Vec<(u8, TocEntry)>, level: u8) -> Vec<TocEntry> {
    let mut out: Vec<TocEntry> = Vec::new();
    let mut pending: Vec<(u8, TocEntry)> = Vec::new();
    for (l, entry) in flat {
        if l <= level || out.is_empty() {
            if let Some(last) = out.last_mut() {
                last.children = nest(std::mem::take(&mut pending), level + 1);
            }
            out.push(entry);
        } else {
            pending.push((l, entry));
        }
    }
    if let Some(last) = out.last_mut() {
        last.children = nest(pending, level + 1);
    }
    out
}

/// The landmarks: cover, title page, contents, the first file of each
/// front- and back-matter kind a reader looks for (a dedication or an
/// epigraph is found here, not in the contents), the start of the body
/// and the notes, in reading order; last the index (`index_page`), when
/// the book has one.
pub(crate) fn landmarks(
    book: &Book,
    chapter_files: &[String],
    [cover_page, title_page, nav]: [&str; 3],
    index_page: Option<&str>,
) -> Vec<Landmark> {
    let labels = &book.labels;
    let mut out = vec![
        Landmark {
            epub_type: "cover",
            label: labels.cover.clone(),
            href: cover_page.into(),
        },
        Landmark {
            epub_type: "titlepage",
            label: labels.title_page.clone(),
            href: title_page.into(),
        },
        Landmark {
            epub_type: "toc",
            label: labels.contents.clone(),
            href: format!("{nav}#toc"),
        },
    ];
    out.extend(crate::lists::printed(book).into_iter().filter_map(|kind| {
        Some(Landmark {
            epub_type: kind.epub_type()?,
            label: kind.title(book).to_string(),
            href: format!("{nav}#{}", kind.id()),
        })
    }));
    let mut notes = notes::has_notes(book).then(|| Landmark {
        epub_type: "endnotes",
        label: labels.notes.clone(),
        href: notes::FILE.into(),
    });
    let notes_at = book.files_before_notes();
    let mut body_done = false;
    for (position, (chapter, file)) in book.chapters.iter().zip(chapter_files).enumerate() {
        if position == notes_at {
            out.extend(notes.take());
        }
        if chapter.matter != Matter::Front && !body_done {
            body_done = true;
            out.push(Landmark {
                epub_type: "bodymatter",
                label: labels.start_of_content.clone(),
                href: file.clone(),
            });
        }
        let listed = !matches!(
            chapter.kind,
            ChapterKind::Chapter
                | ChapterKind::Part
                | ChapterKind::Epilogue
                | ChapterKind::Prologue
        );
        let (epub_type, _) = semantics(chapter.kind);
        if listed && !out.iter().any(|l| l.epub_type == epub_type) {
            out.push(Landmark {
                epub_type,
                label: if chapter.title_text.is_empty() || chapter.kind == ChapterKind::Appendix {
                    labels.kind(chapter.kind).to_string()
                } else {
                    chapter.title_text.clone()
                },
                href: file.clone(),
            });
        }
    }
    out.extend(notes);
    out.extend(index_page.map(|page| Landmark {
        epub_type: "index",
        label: labels.index.clone(),
        href: page.into(),
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: &str) -> TocEntry {
        TocEntry {
            label: text(label),
            href: String::new(),
            children: vec![],
            lang: None,
        }
    }

    fn shape(entries: &[TocEntry]) -> String {
        entries
            .iter()
            .map(|e| {
                let label = Inline::plain_text(&e.label);
                if e.children.is_empty() {
                    label
                } else {
                    format!("{label}({})", shape(&e.children))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn sections_nest_by_level() {
        let flat = vec![
            (2, entry("a")),
            (3, entry("a1")),
            (4, entry("a1x")),
            (3, entry("a2")),
            (2, entry("b")),
            (4, entry("b-deep")),
        ];
        assert_eq!(shape(&nest(flat, 2)), "a(a1(a1x) a2) b(b-deep)");
    }
}
