//! Pandoc citations set for the whole book: each stand-in the parser left is replaced by its citation as the book's style sets it, and the works cited are listed at the end of the bibliography chapter.
//!
//! Numeric styles number works by their first citation and author-date
//! styles tell apart two works of one author and year ("2014a"), so the
//! whole book's citations are set at once, in reading order, and each
//! chapter keeps what it was given ([`Cited`]) for when it is read again.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::bibliography::Bibliography;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::FoundCitation;
use crate::model::{
    BibliographyEntry, Block, Chapter, ChapterKind, Inline, LinkTarget, Span, CITATION,
};

/// What one chapter's citations were set as.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cited {
    /// By the citation's number in the chapter.
    pub citations: Vec<Vec<Inline>>,
    /// The works cited, for the chapter that lists them.
    pub bibliography: Option<Vec<BibliographyEntry>>,
}

/// One chapter's citations as found, with its path as shown in messages.
pub struct ChapterCitations {
    pub display_path: PathBuf,
    pub citations: Vec<FoundCitation>,
}

/// The entry id of the work `key`: pandoc's `ref-key`, with what an XML
/// id cannot hold made `-`.
fn entry_id(key: &str) -> String {
    let key: String = key
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("ref-{key}")
}

/// Sets every citation of `chapters` (`found[i]` is `chapters[i]`'s) and
/// lists the works cited at the end of the first chapter of kind
/// `bibliography`, or of the last chapter when there is none (pandoc's
/// place, with a warning). Returns what each chapter was given.
pub fn cite_book(
    chapters: &mut [Chapter],
    found: &[ChapterCitations],
    bibliography: &Bibliography,
    file: &str,
    diags: &mut Diagnostics,
) -> Vec<Cited> {
    let mut cited: Vec<Cited> = found
        .iter()
        .map(|f| Cited {
            citations: f
                .citations
                .iter()
                .map(|c| {
                    vec![Inline::Text {
                        text: c.written.clone(),
                    }]
                })
                .collect(),
            bibliography: None,
        })
        .collect();
    cited.resize_with(chapters.len(), Cited::default);
    // In reading order: by chapter, then by place (verse is read after
    // the rest of its chapter).
    let mut asked: Vec<(usize, usize)> = Vec::new();
    for (c, chapter) in found.iter().enumerate() {
        let mut order: Vec<usize> = (0..chapter.citations.len()).collect();
        order.sort_by_key(|&n| {
            let span = chapter.citations[n].span;
            (span.line, span.col)
        });
        for n in order {
            let citation = &chapter.citations[n];
            let missing: Vec<&str> = citation
                .items
                .iter()
                .map(|i| i.key.as_str())
                .filter(|k| !bibliography.has(k))
                .collect();
            if missing.is_empty() {
                asked.push((c, n));
            } else if !citation.in_text {
                // A key in the text that names no work is taken for text
                // (`@home`); in brackets it was meant as a citation.
                for key in missing {
                    diags.push(
                        Diagnostic::warning(
                            &chapter.display_path,
                            citation.span.line,
                            citation.span.col,
                            format!("citation `@{key}` names no work of the bibliography `{file}`; the citation is printed as written"),
                        )
                        .with_hint("correct the key, or add the work to the bibliography"),
                    );
                }
            }
        }
    }
    if asked.is_empty() && bibliography.uncited().is_empty() {
        refs_unused(chapters, found, "the book cites no work", diags);
        return cited;
    }
    let mut in_use = crate::structure::ids_in_use(chapters);
    let mut ids = BTreeMap::new();
    let cited_keys = asked
        .iter()
        .flat_map(|&(c, n)| found[c].citations[n].items.iter().map(|i| &i.key));
    for key in cited_keys.chain(bibliography.uncited()) {
        ids.entry(key.clone()).or_insert_with(|| {
            let id = crate::structure::first_free(&entry_id(key), |id| in_use.contains(id));
            in_use.insert(id.clone());
            id
        });
    }
    // Pandoc's place: the first `::: {#refs}`; else the bibliography
    // chapter's end; else the book's.
    let refs_at = chapters.iter().position(|c| refs_span(c).is_some());
    let holder = match refs_at.or_else(|| {
        chapters
            .iter()
            .position(|c| c.kind == ChapterKind::Bibliography)
    }) {
        Some(at) => at,
        None => {
            let last = chapters.len() - 1;
            diags.push(
                Diagnostic::warning(
                    &found[last].display_path,
                    1,
                    1,
                    format!("the book cites {} and has no bibliography chapter: the works cited are listed at the end of this one, its last", works(ids.len())),
                )
                .with_hint("add a chapter with `kind = \"bibliography\"` in its front matter (a title, \"References\", is enough): the list is set at its end"),
            );
            last
        }
    };
    for (c, chapter) in chapters.iter().enumerate().skip(holder + 1) {
        if let Some(span) = refs_span(chapter) {
            diags.push(
                Diagnostic::warning(&found[c].display_path, span.line, span.col, "a second `::: {#refs}` in the book is not read: the works cited are set at the first")
                    .with_hint("delete this one, or the first"),
            );
        }
    }
    let holder_id = chapters[holder].id.clone();
    let target = |key: &str| LinkTarget::Internal {
        chapter: holder_id.clone(),
        anchor: ids.get(key).cloned(),
        placed_as: None,
    };
    // The note each citation is in, counted through the book.
    let mut before = 0;
    let mut in_note = Vec::with_capacity(chapters.len());
    for chapter in chapters.iter() {
        in_note.push(notes_of_citations(chapter, before));
        before += chapter.notes.len();
    }
    let citations: Vec<(&FoundCitation, Option<usize>)> = asked
        .iter()
        .map(|&(c, n)| {
            (
                &found[c].citations[n],
                in_note[c].get(&n).map(|&(note, _)| note),
            )
        })
        .collect();
    let set = bibliography.set(&citations, &target);
    for (&(c, n), mut words) in asked.iter().zip(set.citations) {
        // A note that is a citation opens with a capital ("See Lamport").
        if in_note[c].get(&n).is_some_and(|&(_, whole)| whole) {
            capitalize_first(&mut words);
        }
        if !words.is_empty() {
            cited[c].citations[n] = words;
        }
    }
    cited[holder].bibliography = Some(
        set.entries
            .into_iter()
            .enumerate()
            .map(|(n, (key, content))| BibliographyEntry {
                id: ids.get(&key).cloned().unwrap_or_else(|| entry_id(&key)),
                content,
                // Column 0: no block of the file's own has it.
                span: Span {
                    line: n as u32 + 1,
                    col: 0,
                },
            })
            .collect(),
    );
    for (chapter, given) in chapters.iter_mut().zip(&cited) {
        apply(chapter, given);
    }
    cited
}

/// By citation number, the note of `chapter` each citation is in, counted
/// from `before` (the notes of the chapters before it) + 1, and whether
/// the note is the citation (a note style's, made by the parser).
fn notes_of_citations(chapter: &Chapter, before: usize) -> BTreeMap<usize, (usize, bool)> {
    fn find(inlines: &[Inline], note: (usize, bool), out: &mut BTreeMap<usize, (usize, bool)>) {
        for inline in inlines {
            match stand_in_number(inline) {
                Some(n) => {
                    out.insert(n, note);
                }
                None => find(inline.children(), note, out),
            }
        }
    }
    let mut out = BTreeMap::new();
    for (k, note) in chapter.notes.iter().enumerate() {
        for block in &note.blocks {
            let whole = note.label.starts_with("^[cite:");
            block.for_each_inlines(&mut |inlines| find(inlines, (before + k + 1, whole), &mut out));
        }
    }
    out
}

/// `words` with their first letter a capital.
fn capitalize_first(words: &mut [Inline]) {
    let Some(first) = words.first_mut() else {
        return;
    };
    if let Inline::Text { text } = first {
        if let Some(c) = text.chars().next().filter(|c| c.is_lowercase()) {
            let upper: String = c.to_uppercase().collect();
            text.replace_range(..c.len_utf8(), &upper);
        }
    } else if let Some(children) = first.children_mut() {
        capitalize_first(children);
    }
}

/// The number of the citation `inline` stands in for, if it is a stand-in.
fn stand_in_number(inline: &Inline) -> Option<usize> {
    match inline {
        Inline::Link {
            target:
                LinkTarget::Internal {
                    chapter,
                    anchor: Some(n),
                    ..
                },
            content,
        } if chapter == CITATION && content.is_empty() => n.parse::<usize>().ok(),
        _ => None,
    }
}

/// Where `chapter`'s `::: {#refs}` stands, if it has one: the empty list
/// of works the parser set there (see `markdown/mod.rs`).
fn refs_span(chapter: &Chapter) -> Option<Span> {
    let mut at = None;
    for block in &chapter.blocks {
        block.walk(&mut |b| {
            if let Block::Bibliography { entries, span } = b {
                if entries.is_empty() && at.is_none() {
                    at = Some(*span);
                }
            }
        });
    }
    at
}

/// A warning at each `::: {#refs}` of a book that lists no works: `why`.
/// (The empty lists themselves go when `apply` gives each chapter its
/// citations.)
pub fn refs_unused(
    chapters: &[Chapter],
    found: &[ChapterCitations],
    why: &str,
    diags: &mut Diagnostics,
) {
    for (chapter, found) in chapters.iter().zip(found) {
        if let Some(span) = refs_span(chapter) {
            diags.push(
                Diagnostic::warning(
                    &found.display_path,
                    span.line,
                    span.col,
                    format!("`::: {{#refs}}` places the works cited, but {why}: it is left out"),
                )
                .with_hint(
                    "cite a work of the bibliography (`[@key]`), or delete the `::: {#refs}` block",
                ),
            );
        }
    }
}

/// "1 work", "12 works".
fn works(n: usize) -> String {
    if n == 1 {
        "1 work".to_string()
    } else {
        format!("{n} works")
    }
}

/// Gives `chapter` its citations and, if it lists them, the works cited.
pub fn apply(chapter: &mut Chapter, cited: &Cited) {
    // The list of works goes where `::: {#refs}` stands, if it does, and
    // an empty one (a `{#refs}` elsewhere, or in a book citing nothing)
    // is left out.
    let mut works = cited.bibliography.clone();
    let mut place = |blocks: &mut Vec<Block>| {
        blocks.retain_mut(|b| match b {
            Block::Bibliography { entries, .. } if entries.is_empty() => match works.take() {
                Some(set) => {
                    *entries = set;
                    true
                }
                None => false,
            },
            _ => true,
        });
    };
    place(&mut chapter.blocks);
    for block in &mut chapter.blocks {
        block.walk_mut(&mut |b| {
            if let Block::Callout { blocks, .. } = b {
                place(blocks);
            }
        });
    }
    if cited.citations.is_empty() && cited.bibliography.is_none() {
        return;
    }
    let mut replace =
        |inlines: &mut Vec<Inline>| replace_stand_ins(inlines, &cited.citations, false);
    replace(&mut chapter.title);
    for block in chapter
        .synopsis
        .iter_mut()
        .chain(chapter.blocks.iter_mut())
        .chain(chapter.notes.iter_mut().flat_map(|n| n.blocks.iter_mut()))
    {
        block.for_each_inlines_mut(&mut replace);
    }
    if let Some(entries) = works {
        chapter.blocks.push(Block::Bibliography {
            entries,
            span: Span { line: 0, col: 0 },
        });
    }
}

/// `inlines` with each citation stand-in replaced by its words; inside a
/// link's words (`in_link`) without its own links, as no link holds
/// another.
fn replace_stand_ins(inlines: &mut Vec<Inline>, citations: &[Vec<Inline>], in_link: bool) {
    let stand_in = stand_in_number;
    if !inlines
        .iter()
        .any(|i| stand_in(i).is_some() || !i.children().is_empty())
    {
        return;
    }
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    // A citation ending in a full stop just set, before text that opens
    // with one: the sentence's stop is enough ("chap. 1." not "chap. 1..").
    let mut stop_set = false;
    for mut inline in std::mem::take(inlines) {
        if std::mem::take(&mut stop_set) {
            if let (Inline::Text { text }, Some(Inline::Text { text: last })) =
                (&inline, out.last_mut())
            {
                if text.starts_with('.') && last.ends_with('.') {
                    last.pop();
                }
            }
        }
        match stand_in(&inline) {
            Some(n) => {
                for word in citations.get(n).cloned().unwrap_or_default() {
                    match word {
                        Inline::Link { content, .. } if in_link => {
                            content.into_iter().for_each(|w| push_joined(&mut out, w))
                        }
                        word => push_joined(&mut out, word),
                    }
                }
                stop_set = true;
            }
            None => {
                let inside = in_link || matches!(inline, Inline::Link { .. });
                if let Some(children) = inline.children_mut() {
                    replace_stand_ins(children, citations, inside);
                }
                push_joined(&mut out, inline);
            }
        }
    }
    *inlines = out;
}

/// Pushes `inline`, joined to a text just before it.
fn push_joined(out: &mut Vec<Inline>, inline: Inline) {
    match (out.last_mut(), inline) {
        (Some(Inline::Text { text }), Inline::Text { text: more }) => text.push_str(&more),
        (_, inline) => out.push(inline),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text { text: t.into() }
    }

    #[test]
    fn entry_ids_are_pandocs_and_hold_only_what_an_id_may() {
        assert_eq!(entry_id("ongaro2014"), "ref-ongaro2014");
        assert_eq!(entry_id("doe:2001/a b"), "ref-doe-2001-a-b");
        assert_eq!(entry_id("müller.2020_x"), "ref-müller.2020_x");
    }

    #[test]
    fn stand_ins_are_replaced_where_they_stand_and_texts_join() {
        use crate::markdown::stand_in;
        let mut inlines = vec![
            text("as "),
            stand_in(1),
            text(" showed, "),
            Inline::Emphasis {
                content: vec![text("see "), stand_in(0)],
            },
        ];
        let citations = vec![vec![text("(Lamport 1978)")], vec![text("Ongaro (2014)")]];
        replace_stand_ins(&mut inlines, &citations, false);
        assert_eq!(
            inlines,
            [
                text("as Ongaro (2014) showed, "),
                Inline::Emphasis {
                    content: vec![text("see (Lamport 1978)")]
                }
            ]
        );
    }

    #[test]
    fn in_a_links_words_a_citation_keeps_its_words_without_its_link() {
        use crate::markdown::stand_in;
        let link = |content| Inline::Link {
            target: LinkTarget::External {
                url: "https://example.org".into(),
            },
            content,
        };
        let cite = Inline::Link {
            target: LinkTarget::Internal {
                chapter: "bibliography".into(),
                anchor: Some("ref-a".into()),
                placed_as: None,
            },
            content: vec![text("Roe 2001")],
        };
        let mut inlines = vec![link(vec![text("the paper "), stand_in(0)])];
        replace_stand_ins(&mut inlines, &[vec![text("("), cite, text(")")]], false);
        assert_eq!(inlines, [link(vec![text("the paper (Roe 2001)")])]);
    }

    #[test]
    fn a_chapter_without_citations_is_left_as_it_is() {
        let mut inlines = vec![text("plain "), Inline::LineBreak];
        let before = inlines.clone();
        replace_stand_ins(&mut inlines, &[], false);
        assert_eq!(inlines, before);
    }
}
