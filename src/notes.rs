//! Note numbering, done once for the whole book so both editions agree.
//!
//! Notes are numbered in reading order of first reference (title,
//! synopsis, body; a note cited inside a note numbered right after the
//! note that cites it), restarting in each chapter or running through
//! the book. Ids follow Standard Ebooks: `note-N` / `noteref-N`,
//! with the chapter number added (`note-12-3`) when numbers repeat.

use std::collections::BTreeMap;

use crate::config::NoteNumbering;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{ParsedChapter, ParsedNote, UNNUMBERED};
use crate::model::{Block, Chapter, Inline, Note};
use crate::structure::Plan;

/// A parsed chapter with the facts numbering needs.
pub struct ChapterInput {
    pub parsed: ParsedChapter,
    /// Source file relative to the book folder (for the model and messages).
    pub file: String,
    /// The file's path as shown in messages.
    pub display_path: std::path::PathBuf,
    /// Its place in the book: number, id, matter, part.
    pub plan: Plan,
}

/// Where a chapter's note numbers start: what numbering it needs of the
/// chapters before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteStart {
    /// Put before the number in note ids: `12-` makes `note-12-3`.
    pub prefix: String,
    /// The number of its first note.
    pub first: u32,
}

/// Numbers the notes of every chapter and builds the model's chapters;
/// with each, where its numbering started (to number it again alone,
/// with [`number_again`]).
pub fn number_book(
    inputs: Vec<ChapterInput>,
    numbering: NoteNumbering,
    diags: &mut Diagnostics,
) -> (Vec<Chapter>, Vec<NoteStart>) {
    let chapters_with_notes = inputs
        .iter()
        .filter(|c| !c.parsed.references.is_empty())
        .count();
    let qualify_ids = numbering == NoteNumbering::Chapter && chapters_with_notes > 1;
    let mut next_number = 1;
    let mut chapters = Vec::with_capacity(inputs.len());
    let mut starts = Vec::with_capacity(inputs.len());
    for input in inputs {
        if numbering == NoteNumbering::Chapter {
            next_number = 1;
        }
        // `note-12-3` for chapter 12, `note-preface-1` for the preface.
        let prefix = if qualify_ids {
            let id = &input.plan.id;
            format!("{}-", id.strip_prefix("chapter-").unwrap_or(id))
        } else {
            String::new()
        };
        starts.push(NoteStart {
            prefix,
            first: next_number,
        });
        let start = starts.last().expect("just pushed");
        chapters.push(number_chapter(
            input,
            &start.prefix,
            &mut next_number,
            diags,
        ));
    }
    (chapters, starts)
}

/// One chapter numbered as [`number_book`] numbered it, from where its
/// numbering started then: the same chapter. Its warnings were given then
/// and are not given again.
pub fn number_again(input: ChapterInput, start: &NoteStart) -> Chapter {
    let mut next_number = start.first;
    number_chapter(
        input,
        &start.prefix,
        &mut next_number,
        &mut Diagnostics::new(),
    )
}

struct Numberer<'a> {
    definitions: BTreeMap<String, ParsedNote>,
    /// label → (number, references so far)
    assigned: BTreeMap<String, (u32, u32)>,
    /// The notes numbered, their own references numbered too, by number.
    done: BTreeMap<u32, ParsedNote>,
    next_number: &'a mut u32,
    prefix: &'a str,
}

impl Numberer<'_> {
    fn inlines(&mut self, inlines: &mut [Inline]) {
        for inline in inlines {
            match inline {
                Inline::NoteRef { number, first, id } if *number == UNNUMBERED => {
                    // A note already numbered has left `definitions` (its own
                    // text is being numbered, or was): a reference to it from
                    // a note, itself included, is still a reference.
                    let label = id.clone();
                    if !self.definitions.contains_key(&label) && !self.assigned.contains_key(&label)
                    {
                        // Undefined: already reported by the parser.
                        continue;
                    }
                    let entry = self.assigned.entry(label.clone()).or_insert_with(|| {
                        let n = *self.next_number;
                        *self.next_number += 1;
                        (n, 0)
                    });
                    entry.1 += 1;
                    let (n, count) = *entry;
                    *number = n;
                    *first = count == 1;
                    *id = if count == 1 {
                        format!("noteref-{}{n}", self.prefix)
                    } else {
                        format!("noteref-{}{n}-{count}", self.prefix)
                    };
                    // The note is read where it is cited: the notes it
                    // cites in turn are numbered now, before the text
                    // goes on, so the notes on a page ascend (a note cited
                    // only inside note 2 was numbered after all the
                    // body's, 12, and printed between 2 and 3).
                    if let Some(mut def) = self.definitions.remove(&label) {
                        self.blocks(&mut def.blocks);
                        self.done.insert(n, def);
                    }
                }
                other => {
                    if let Some(content) = other.children_mut() {
                        self.inlines(content);
                    }
                }
            }
        }
    }

    fn blocks(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            block.for_each_inlines_mut(&mut |content| self.inlines(content));
        }
    }
}

fn number_chapter(
    input: ChapterInput,
    prefix: &str,
    next_number: &mut u32,
    diags: &mut Diagnostics,
) -> Chapter {
    let ChapterInput {
        parsed,
        file,
        display_path,
        plan,
    } = input;
    let ParsedChapter {
        kind,
        title_id,
        short_title,
        language,
        mut title,
        mut synopsis,
        mut blocks,
        notes,
        ..
    } = parsed;
    let mut numberer = Numberer {
        definitions: notes.into_iter().map(|n| (n.label.clone(), n)).collect(),
        assigned: BTreeMap::new(),
        done: BTreeMap::new(),
        next_number,
        prefix,
    };
    numberer.inlines(&mut title);
    numberer.blocks(&mut synopsis);
    numberer.blocks(&mut blocks);
    let done = std::mem::take(&mut numberer.done);
    let unused = std::mem::take(&mut numberer.definitions);
    let mut unused: Vec<ParsedNote> = unused.into_values().collect();
    unused.sort_by_key(|n| (n.span.line, n.span.col));
    for note in unused {
        diags.push(
            Diagnostic::warning(
                &display_path,
                note.span.line,
                note.span.col,
                format!("note [^{}] is never referenced; it is left out", note.label),
            )
            .with_hint(format!(
                "reference it in the text with [^{}], or delete it",
                note.label
            )),
        );
    }
    let notes = done
        .into_iter()
        .map(|(n, def)| Note {
            number: n,
            id: format!("note-{prefix}{n}"),
            ref_id: format!("noteref-{prefix}{n}"),
            label: def.label,
            blocks: def.blocks,
            span: def.span,
        })
        .collect();
    let title_text = Inline::plain_text(&title);
    let mut chapter = Chapter {
        kind,
        matter: plan.matter,
        number: plan.number,
        id: plan.id,
        part: plan.part,
        title_anchor: title_id.or_else(|| {
            let slug = crate::ids::heading_slug(&title_text);
            (!slug.is_empty()).then_some(slug)
        }),
        title,
        title_text,
        short_title,
        language,
        synopsis,
        blocks,
        notes,
        file,
    };
    crate::index::number_marks(&mut chapter);
    chapter
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse_chapter;
    use std::path::Path;

    fn chapters(sources: &[&str], numbering: NoteNumbering) -> (Vec<Chapter>, Vec<String>) {
        let mut diags = Diagnostics::new();
        let parsed: Vec<_> = sources
            .iter()
            .map(|s| parse_chapter(s, Path::new("c.md"), &mut diags).unwrap())
            .collect();
        let plans = crate::structure::plan(&parsed.iter().collect::<Vec<_>>());
        let inputs = parsed
            .into_iter()
            .zip(plans)
            .enumerate()
            .map(|(i, (parsed, plan))| ChapterInput {
                parsed,
                file: format!("c{i}.md"),
                display_path: format!("c{i}.md").into(),
                plan,
            })
            .collect();
        let (out, _) = number_book(inputs, numbering, &mut diags);
        (out, diags.items().iter().map(|d| d.to_string()).collect())
    }

    fn refs(chapter: &Chapter) -> Vec<(u32, bool, String)> {
        let mut out = Vec::new();
        for b in &chapter.blocks {
            if let Block::Paragraph { content, .. } = b {
                for i in content {
                    if let Inline::NoteRef { number, first, id } = i {
                        out.push((*number, *first, id.clone()));
                    }
                }
            }
        }
        out
    }

    const CH: &str = "# T\n\nB[^b] then A[^a] then B again[^b].\n\n[^a]: note a\n\n[^b]: note b\n";

    #[test]
    fn numbers_in_order_of_first_reference() {
        let (c, d) = chapters(&[CH], NoteNumbering::Chapter);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            refs(&c[0]),
            vec![
                (1, true, "noteref-1".into()),
                (2, true, "noteref-2".into()),
                (1, false, "noteref-1-2".into())
            ]
        );
        let labels: Vec<_> = c[0]
            .notes
            .iter()
            .map(|n| (n.number, n.label.as_str(), n.id.as_str()))
            .collect();
        assert_eq!(labels, vec![(1, "b", "note-1"), (2, "a", "note-2")]);
    }

    #[test]
    fn restarts_per_chapter_with_qualified_ids() {
        let (c, _) = chapters(&[CH, CH], NoteNumbering::Chapter);
        assert_eq!(c[1].notes[0].number, 1);
        assert_eq!(c[0].notes[0].id, "note-1-1");
        assert_eq!(c[1].notes[0].id, "note-2-1");
        assert_eq!(c[1].notes[0].ref_id, "noteref-2-1");
    }

    #[test]
    fn book_numbering_runs_through() {
        let (c, _) = chapters(&[CH, CH], NoteNumbering::Book);
        assert_eq!(
            c[1].notes.iter().map(|n| n.number).collect::<Vec<_>>(),
            vec![3, 4]
        );
        assert_eq!(c[1].notes[0].id, "note-3");
    }

    #[test]
    fn unused_note_is_a_warning_and_left_out() {
        let (c, d) = chapters(
            &["# T\n\nA[^a].\n\n[^a]: a\n\n[^z]: never used\n"],
            NoteNumbering::Chapter,
        );
        assert_eq!(c[0].notes.len(), 1);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].starts_with("c0.md:7:1: warning: note [^z] is never referenced"),
            "{d:?}"
        );
    }

    /// A note cited inside a note is numbered right after it, before the
    /// body's next note: reading order, so the notes on a page ascend. A
    /// note cited again later, or a cycle, keeps its first number.
    #[test]
    fn references_inside_notes_number_right_after_their_note() {
        let (c, _) = chapters(
            &["# T\n\nA[^a] B[^c] C[^b].\n\n[^a]: see[^b], and[^d]\n\n[^b]: b[^a]\n\n[^c]: c\n\n[^d]: d\n"],
            NoteNumbering::Chapter,
        );
        assert_eq!(
            c[0].notes
                .iter()
                .map(|n| (n.number, n.label.as_str()))
                .collect::<Vec<_>>(),
            vec![(1, "a"), (2, "b"), (3, "d"), (4, "c")]
        );
        // The body's references: a = 1, c = 4, b = 2 (its second).
        let body: Vec<(u32, bool)> = refs(&c[0])
            .into_iter()
            .map(|(n, first, _)| (n, first))
            .collect();
        assert_eq!(body, [(1, true), (4, true), (2, false)]);
    }

    /// Found by the fuzz test: a note citing itself, or a note already
    /// numbered, lost the reference (empty id, number 0) and failed the
    /// EPUB.
    #[test]
    fn notes_may_cite_themselves_and_earlier_notes() {
        let (c, d) = chapters(
            &["# T\n\nA[^a] B[^b].\n\n[^a]: a cites itself[^a]\n\n[^b]: b cites a[^a]\n"],
            NoteNumbering::Chapter,
        );
        assert!(d.is_empty(), "{d:?}");
        let inner: Vec<(u32, bool, String)> = c[0]
            .notes
            .iter()
            .flat_map(|n| match &n.blocks[0] {
                Block::Paragraph { content, .. } => content.clone(),
                _ => vec![],
            })
            .filter_map(|i| match i {
                Inline::NoteRef { number, first, id } => Some((number, first, id)),
                _ => None,
            })
            .collect();
        assert_eq!(
            inner,
            vec![
                (1, false, "noteref-1-2".to_string()),
                (1, false, "noteref-1-3".to_string())
            ]
        );
    }
}
