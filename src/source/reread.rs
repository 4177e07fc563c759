//! Chapters held as outlines while a book is built, each read and parsed again whole when an edition asks for it.
//!
//! The loader parses every chapter once, keeps of each only its outline
//! (`outline`), and runs the book-wide passes on the outlines: note
//! numbers, heading ids, links, images. What those passes decided for a
//! chapter is `Recorded`; reading the chapter again gives the same text,
//! and replaying the decisions on it gives the very chapter a whole load
//! gives (tests/reread.rs holds every fixture book to that).

use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::fingerprint::Fingerprint;
use crate::links;
use crate::markdown::ParsedChapter;
use crate::model::{Block, Chapter, ChapterSource, Inline};
use crate::notes::{self, ChapterInput, NoteStart};
use crate::structure::{self, Plan};

/// Chapters read again and kept for the next asker: both editions, and
/// the PDF's build thread and workers, ask for chapters in book order, a
/// few chapters apart.
const KEPT: usize = 6;

/// Strips `parsed` to its outline: what the book-wide passes and the
/// editions read before a chapter is set. The title, the headings, the
/// captions of figures and tables and the notes stay whole (ids are
/// slugs of headings; navigation lists them, and the lists of figures
/// and tables their captions; the notes are set together at the book's
/// end). Of the rest the text goes — text runs, code — and so do
/// paragraphs and emphasis left empty; every other block and inline
/// stays, in order: note references (numbering follows them), formulas
/// (emptied), links,
/// language spans, line breaks (the EPUB's stylesheet knows an
/// epigraph's verse by them), figures, tables, lists.
pub(super) fn outline(parsed: &mut ParsedChapter) {
    outline_blocks(&mut parsed.synopsis);
    outline_blocks(&mut parsed.blocks);
}

/// Strips an outline's body again of the text the book-wide passes put
/// in it (the words an empty link takes from its target).
pub(super) fn outline_again(chapter: &mut Chapter) {
    outline_blocks(&mut chapter.synopsis);
    outline_blocks(&mut chapter.blocks);
}

fn outline_blocks(blocks: &mut Vec<Block>) {
    blocks.retain_mut(|block| {
        outline_block(block);
        !matches!(block, Block::Paragraph { content, .. } if content.is_empty())
    });
    blocks.shrink_to_fit();
}

fn outline_block(block: &mut Block) {
    match block {
        Block::Heading { .. } | Block::ThematicBreak { .. } => {}
        // Its works' ids and places stay (links land on them); their words
        // come back when the chapter is read again.
        Block::Bibliography { entries, .. } => entries
            .iter_mut()
            .for_each(|e| outline_inlines(&mut e.content)),
        Block::Paragraph { content, .. } => outline_inlines(content),
        Block::Figure { .. } => {}
        // Its id and number stay (links land on it).
        Block::Equation { formula, .. } => {
            formula.tex = String::new();
            formula.nodes = Vec::new();
        }
        Block::BlockQuote { blocks, .. } => outline_blocks(blocks),
        // A theorem's id and label stay (links land on it and print it).
        Block::Callout { title, blocks, .. }
        | Block::Theorem {
            name: title,
            blocks,
            ..
        } => {
            outline_inlines(title);
            outline_blocks(blocks);
        }
        Block::List { items, .. } => items.iter_mut().for_each(outline_blocks),
        // Its tokens stay: coloured once, as the chapters were first
        // read in parallel, they are given to the chapter read again.
        Block::CodeBlock { text, .. } => *text = String::new(),
        Block::Table { head, rows, .. } => {
            head.iter_mut()
                .chain(rows.iter_mut().flatten())
                .for_each(outline_inlines);
        }
        Block::DefinitionList { items, .. } => {
            for item in items {
                outline_inlines(&mut item.term);
                item.definitions.iter_mut().for_each(outline_blocks);
            }
        }
        Block::Verse { stanzas, .. } => stanzas
            .iter_mut()
            .flatten()
            .for_each(|line| outline_inlines(&mut line.content)),
    }
}

fn outline_inlines(inlines: &mut Vec<Inline>) {
    inlines.retain_mut(|inline| match inline {
        Inline::Text { .. } => false,
        // The mark stays, as code's does, its TeX and tree go: an
        // outline still says which pages hold formulas (the EPUB's
        // manifest flags them `mathml` before their pages are made).
        Inline::Math { formula } => {
            formula.tex = String::new();
            formula.nodes = Vec::new();
            true
        }
        Inline::Code { text } => {
            *text = String::new();
            true
        }
        Inline::Emphasis { content } | Inline::Strong { content } => {
            outline_inlines(content);
            !content.is_empty()
        }
        // A link with words keeps an empty run in their place: one left
        // empty in the source is one that takes its target's words
        // (`links.rs`), and the outline must still tell the two apart.
        Inline::Link { content, .. } => {
            let had_words = !content.is_empty();
            outline_inlines(content);
            if had_words && content.is_empty() {
                content.push(Inline::Text {
                    text: String::new(),
                });
            }
            true
        }
        other => {
            if let Some(content) = other.children_mut() {
                outline_inlines(content);
            }
            true
        }
    });
    inlines.shrink_to_fit();
}

/// The fingerprint of a chapter's text, to know it again.
pub(super) fn text_print(text: &str) -> u64 {
    Fingerprint::new().add(text).finish()
}

/// What the book-wide passes decided for one chapter, and where its text is.
pub(super) struct Recorded {
    /// The file to read (as messages show it).
    pub path: PathBuf,
    /// As book.toml names it.
    pub file: String,
    /// [`text_print`] of the text the decisions were made for.
    pub text_print: u64,
    pub plan: Plan,
    pub notes: NoteStart,
    /// Its headings' ids, in reading order.
    pub heading_ids: Vec<String>,
    pub links: links::Resolved,
    /// Where its figure and table numbers start.
    pub captions: crate::captions::CaptionStart,
    /// The ids its listed figures and tables were given.
    pub list_ids: Vec<crate::lists::GivenId>,
    /// What its citations were set as, and the works it lists.
    pub citations: crate::citations::Cited,
    /// The tokens of its code blocks, in reading order (`highlight::take`).
    pub code_tokens: Vec<Vec<crate::model::CodeToken>>,
}

/// A book's chapters, read again on demand: the `ChapterSource` of a book
/// loaded by [`super::load_book_to_build`].
pub(super) struct Reread {
    /// The book's language (a chapter's typography depends on it).
    language: String,
    /// How each chapter is read: whether citations are (the book has a
    /// bibliography), and the TeX macros its formulas know.
    how_read: Vec<crate::markdown::Reading>,
    chapters: Vec<Recorded>,
    /// Image path → asset key, for the whole book.
    image_keys: BTreeMap<String, String>,
    /// The words of figure and table numbers.
    labels: crate::labels::Labels,
    /// `[code] line-numbers`: every code block's lines are numbered.
    line_numbers: bool,
    /// The chapters last asked for, the latest last; each read once, by
    /// whoever asks first (the others wait for it).
    kept: Mutex<VecDeque<(usize, Arc<Slot>)>>,
    /// Chapters read so far.
    readings: AtomicUsize,
}

type Slot = OnceLock<Result<Arc<Chapter>, Diagnostic>>;

impl Reread {
    pub(super) fn new(
        language: String,
        how_read: Vec<crate::markdown::Reading>,
        chapters: Vec<Recorded>,
        image_keys: BTreeMap<String, String>,
        labels: crate::labels::Labels,
        line_numbers: bool,
    ) -> Reread {
        Reread {
            language,
            how_read,
            chapters,
            image_keys,
            labels,
            line_numbers,
            kept: Mutex::new(VecDeque::new()),
            readings: AtomicUsize::new(0),
        }
    }

    /// Chapter `index` read and parsed again, and given what the
    /// book-wide passes decided for it.
    fn read(&self, index: usize) -> Result<Chapter, Diagnostic> {
        self.readings.fetch_add(1, Ordering::Relaxed);
        let recorded = &self.chapters[index];
        let changed = || {
            Diagnostic::error(
                &recorded.path,
                0,
                0,
                "the file changed while the book was being built",
            )
            .with_hint("build again once it is saved")
        };
        let bytes = std::fs::read(&recorded.path).map_err(|e| {
            Diagnostic::error(&recorded.path, 0, 0, format!("cannot read it again: {e}"))
                .with_hint("the file was read once already in this build: was it moved?")
        })?;
        let text = super::decode_utf8(&bytes, &recorded.path)
            .map(super::unix_line_ends)
            .map_err(|_| changed())?;
        if text_print(&text) != recorded.text_print {
            return Err(changed());
        }
        // Its diagnostics were given when it was first read.
        let mut parsed = super::parse_again(
            &text,
            &recorded.path,
            &self.language,
            &self.how_read[index],
            &mut Diagnostics::new(),
        )
        .ok_or_else(changed)?;
        // Resolved once, for the whole book: `recorded.links`, and set
        // once: `recorded.citations`.
        parsed.links = Vec::new();
        parsed.citations = Vec::new();
        let input = ChapterInput {
            parsed,
            file: recorded.file.clone(),
            display_path: recorded.path.clone(),
            plan: recorded.plan.clone(),
        };
        let mut chapter = notes::number_again(input, &recorded.notes);
        if !structure::set_heading_ids(&mut chapter.blocks, &recorded.heading_ids) {
            return Err(changed());
        }
        crate::captions::number_chapter(&mut chapter, &recorded.captions, &self.labels);
        if !crate::lists::give_again(&mut chapter, &recorded.list_ids) {
            return Err(changed());
        }
        links::rewrite_chapter(&mut chapter, &recorded.links);
        crate::citations::apply(&mut chapter, &recorded.citations);
        if !crate::highlight::give(&mut chapter, &recorded.code_tokens) {
            return Err(changed());
        }
        if self.line_numbers {
            chapter.number_code_lines();
        }
        if !super::figures::set_assets(&mut chapter, &self.image_keys) {
            return Err(changed());
        }
        Ok(chapter)
    }
}

impl ChapterSource for Reread {
    fn chapter(&self, index: usize) -> Result<Arc<Chapter>, Failure> {
        let slot = {
            let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
            let slot = match kept.iter().position(|(i, _)| *i == index) {
                Some(at) => kept.remove(at).expect("found").1,
                None => Arc::new(Slot::new()),
            };
            kept.push_back((index, Arc::clone(&slot)));
            if kept.len() > KEPT {
                kept.pop_front();
            }
            slot
        };
        slot.get_or_init(|| self.read(index).map(Arc::new))
            .clone()
            .map_err(Failure::single)
    }

    fn readings(&self) -> usize {
        self.readings.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse_chapter;
    use std::path::Path;

    fn outlined(text: &str) -> ParsedChapter {
        let mut parsed = parse_chapter(text, Path::new("c.md"), &mut Diagnostics::new()).unwrap();
        outline(&mut parsed);
        parsed
    }

    #[test]
    fn an_outline_keeps_the_marks_and_drops_the_text() {
        let p = outlined(
            "# The Title\n\nPlain words only.\n\nA *quoted* word[^n] and [a link](other.md), \
             <span lang=\"fr\">oui</span>, `code`, ~~struck~~.\n\n## A Section {#sec}\n\n\
             > Quoted *text*.\n\n[^n]: The note's own text.\n",
        );
        // The title and the notes whole.
        assert_eq!(Inline::plain_text(&p.title), "The Title");
        assert_eq!(p.notes.len(), 1);
        assert!(!p.notes[0].blocks.is_empty());
        // The plain paragraph is gone; the one with marks keeps them alone.
        let kinds: Vec<&str> = p
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { .. } => "paragraph",
                Block::Heading { .. } => "heading",
                Block::BlockQuote { .. } => "quote",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["paragraph", "heading", "quote"]);
        let Block::Paragraph { content, .. } = &p.blocks[0] else {
            unreachable!()
        };
        let marks: Vec<&str> = content
            .iter()
            .map(|i| match i {
                Inline::NoteRef { .. } => "noteref",
                // An empty run where its words were: it had some.
                Inline::Link { content, .. }
                    if content
                        == &[Inline::Text {
                            text: String::new(),
                        }] =>
                {
                    "link"
                }
                Inline::Span { lang, content, .. } if content.is_empty() => {
                    assert_eq!(lang.as_deref(), Some("fr"));
                    "span"
                }
                Inline::Code { text } if text.is_empty() => "code",
                Inline::Strikethrough { content } if content.is_empty() => "struck",
                other => panic!("kept with its text: {other:?}"),
            })
            .collect();
        assert_eq!(marks, ["noteref", "link", "span", "code", "struck"]);
        // The heading whole; the quote without its paragraph.
        assert!(matches!(&p.blocks[1], Block::Heading { id, content, .. }
            if id == "sec" && Inline::plain_text(content) == "A Section"));
        assert!(matches!(&p.blocks[2], Block::BlockQuote { blocks, .. } if blocks.is_empty()));
    }

    /// An empty link (which takes its target's words) stays empty in the
    /// outline; one with words keeps an empty run for them.
    #[test]
    fn an_outline_tells_an_empty_link_from_one_with_words() {
        let p = outlined("# T\n\nSee [](#sec) and [the section](#sec).\n\n## Sec {#sec}\n");
        let Block::Paragraph { content, .. } = &p.blocks[0] else {
            panic!("{:?}", p.blocks)
        };
        let links: Vec<&Vec<Inline>> = content
            .iter()
            .filter_map(|i| match i {
                Inline::Link { content, .. } => Some(content),
                _ => None,
            })
            .collect();
        assert_eq!(
            links,
            [
                &vec![],
                &vec![Inline::Text {
                    text: String::new()
                }]
            ]
        );
    }
}
