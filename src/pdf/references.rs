//! Page references in print: a link to a place in the book set on another page is followed by that page's folio, "the chapter on tolls (p. 42)", learnt as LaTeX learns a `\pageref`: set, paginate, read the pages, set again until they hold.
//!
//! On paper a link is invisible, so the reader of "Cf. the chapter on
//! tolls" gets no page; Chicago's "see p. 42" is what print does. The
//! words are the label `page-reference` (`" (p. {page})"`), the folio as
//! printed on the target's page (roman in the front matter); a link on its
//! target's own page gets none, nor do note references (not links) and
//! web addresses. `[pdf] page-references = false` turns it off.
//!
//! The text a reference adds takes room: it may move what follows, the
//! target too. So the pages are learnt in rounds ([`settle`]): the first
//! sets the book as written, noting where each link ends and where each
//! target is; each round after sets the book with the references the last
//! round found, until a round finds the references it was set with. The
//! caller's probe replays from its cache the chapters whose text did not
//! change, so only chapters holding links are set again. After
//! [`MOST_ROUNDS`] the last round's references are kept (a reference
//! pushing its own target to and fro across a page break): the same on
//! every build. A book without links inside it is the book as written.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::Failure;
use crate::model::{Bodies, Book, Chapter, ChapterSource, Inline, LinkTarget};
use crate::pdf::page::Destination;

/// Rounds of setting the book at most (LaTeX needs two, a third when a
/// reference moves a page break; beyond four they do not settle).
pub(crate) const MOST_ROUNDS: usize = 4;

/// One link inside the book, which may carry a page reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    /// The place its end is recorded under
    /// (`LinkTarget::Internal::placed_as`).
    pub name: String,
    /// The place it goes to: its anchor, else its chapter.
    pub target: String,
    /// Its chapter, where it goes when the anchor has no place of its own
    /// (as the PDF's link does).
    pub chapter: String,
}

/// The folio of each link's target, by its reference's name (none: on
/// its target's page, or not placed).
pub(crate) type Texts = BTreeMap<String, String>;

/// The words of a reference: `" (p. {page})"`, and inside round brackets
/// `", p. {page}"` ("(see the map, p. 42)", not a second pair of brackets
/// inside the first: Chicago 6.101 and every house style avoid those).
#[derive(Debug, Clone)]
pub(crate) struct Forms {
    pub plain: String,
    pub in_brackets: String,
    /// The ids of the works cited (`[bibliography]`): a citation links to
    /// its work, but gets no page, as a citation in print never has one.
    pub works: std::collections::BTreeSet<String>,
}

impl Forms {
    fn of(book: &Book) -> Forms {
        let mut works = std::collections::BTreeSet::new();
        for chapter in &book.chapters {
            for block in &chapter.blocks {
                if let crate::model::Block::Bibliography { entries, .. } = block {
                    works.extend(entries.iter().map(|e| e.id.clone()));
                }
            }
        }
        Forms {
            plain: book.labels.page_reference.clone(),
            in_brackets: book.labels.page_reference_in_brackets.clone(),
            works,
        }
    }
}

/// How many round brackets are open at a point of a run of text (full
/// width ones too, as Chinese and Japanese write them).
#[derive(Default)]
struct Brackets(u32);

impl Brackets {
    fn pass(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '(' | '\u{ff08}' => self.0 += 1,
                ')' | '\u{ff09}' => self.0 = self.0.saturating_sub(1),
                _ => {}
            }
        }
    }

    fn pass_inlines(&mut self, inlines: &[Inline]) {
        self.pass(&Inline::plain_text(inlines));
    }

    fn open(&self) -> bool {
        self.0 > 0
    }
}

/// What a round of setting learnt: where each named place is, and the
/// folio printed on a page.
pub(crate) struct Pages {
    pub places: BTreeMap<String, Destination>,
    pub folio: Box<dyn Fn(usize) -> String>,
}

/// The book the PDF sets, and the rounds it took to find it (0: the book
/// as written, having no link inside it or references turned off).
/// `probe` sets a book and tells where its places fell.
pub(crate) fn settle<'b>(
    book: &'b Book,
    probe: &mut dyn FnMut(&Book) -> Result<Pages, Failure>,
) -> Result<(Cow<'b, Book>, usize), Failure> {
    if !book.pdf.page_references || !book.chapters.iter().any(has_internal_link) {
        return Ok((Cow::Borrowed(book), 0));
    }
    let (mut current, references) = marked(book, &Texts::new());
    if references.is_empty() {
        return Ok((Cow::Borrowed(book), 0));
    }
    let mut texts = Texts::new();
    let mut rounds = 0;
    while rounds < MOST_ROUNDS {
        let pages = probe(&current)?;
        rounds += 1;
        let found = texts_of(&references, &pages);
        if found == texts {
            break;
        }
        texts = found;
        current = marked(book, &texts).0;
    }
    Ok((Cow::Owned(current), rounds))
}

/// The folio each reference prints, from where the last round set its
/// link and its target.
pub(crate) fn texts_of(references: &[Reference], pages: &Pages) -> Texts {
    let mut texts = Texts::new();
    for r in references {
        let Some(at) = pages.places.get(&r.name) else {
            continue;
        };
        let to = pages
            .places
            .get(&r.target)
            .or_else(|| pages.places.get(&r.chapter));
        let Some(to) = to else { continue };
        if to.page != at.page {
            texts.insert(r.name.clone(), (pages.folio)(to.page));
        }
    }
    texts
}

/// A copy of `book` with every link inside it named for its reference and
/// followed by its page in `texts` (in the words of [`Forms`]); and the
/// references, in reading order.
/// A heading's links are left alone: its text is also the contents' and
/// the running heads'. A book whose chapters are read again whole when
/// set (`model::Bodies`) holds outlines, whose links are the whole
/// chapter's in the same order: their names are the names the chapters
/// get as they are read.
pub(crate) fn marked(book: &Book, texts: &Texts) -> (Book, Vec<Reference>) {
    let mut book = book.clone();
    let forms = Forms::of(&book);
    let mut references = Vec::new();
    let mut linking = Vec::with_capacity(book.chapters.len());
    for chapter in &mut book.chapters {
        let before = references.len();
        mark_chapter(chapter, texts, &forms, &mut references);
        linking.push(references.len() > before);
    }
    if let Bodies::Reread { source, pace } = &book.bodies {
        let source = Arc::new(Marked {
            inner: source.clone(),
            texts: texts.clone(),
            forms,
            linking,
        });
        book.bodies = Bodies::Reread {
            source,
            pace: pace.clone(),
        };
    }
    (book, references)
}

/// The chapters of a book read again whole, marked as [`marked`] marks
/// those it holds.
struct Marked {
    inner: Arc<dyn ChapterSource>,
    texts: Texts,
    forms: Forms,
    /// Whether each chapter has a link to mark (the others are read as
    /// they are).
    linking: Vec<bool>,
}

impl ChapterSource for Marked {
    fn chapter(&self, index: usize) -> Result<Arc<Chapter>, Failure> {
        let whole = self.inner.chapter(index)?;
        if !self.linking.get(index).copied().unwrap_or(false) {
            return Ok(whole);
        }
        let mut chapter = Chapter::clone(&whole);
        mark_chapter(&mut chapter, &self.texts, &self.forms, &mut Vec::new());
        Ok(Arc::new(chapter))
    }

    fn readings(&self) -> usize {
        self.inner.readings()
    }
}

fn mark_chapter(
    chapter: &mut Chapter,
    texts: &Texts,
    forms: &Forms,
    references: &mut Vec<Reference>,
) {
    let id = chapter.id.clone();
    let mut count = 0;
    let mut mark = |inlines: &mut Vec<Inline>| {
        let mut marking = Marking {
            chapter_id: &id,
            count: &mut count,
            texts,
            forms,
            references,
            brackets: Brackets::default(),
        };
        marking.inlines(inlines);
    };
    let notes = chapter.notes.iter_mut().flat_map(|n| n.blocks.iter_mut());
    for block in chapter
        .synopsis
        .iter_mut()
        .chain(&mut chapter.blocks)
        .chain(notes)
    {
        block.for_each_inlines_mut_but_headings(&mut mark);
    }
}

/// What marking one run of inlines (a paragraph, a caption, a cell)
/// carries along it.
struct Marking<'a> {
    chapter_id: &'a str,
    /// Links of the chapter named so far.
    count: &'a mut usize,
    texts: &'a Texts,
    forms: &'a Forms,
    references: &'a mut Vec<Reference>,
    /// Open before the point reached in the run.
    brackets: Brackets,
}

impl Marking<'_> {
    fn inlines(&mut self, inlines: &mut Vec<Inline>) {
        let mut i = 0;
        while i < inlines.len() {
            match &mut inlines[i] {
                Inline::Text { text } => self.brackets.pass(text),
                Inline::Link {
                    target:
                        LinkTarget::Internal {
                            anchor: Some(anchor),
                            ..
                        },
                    content,
                } if self.forms.works.contains(anchor.as_str()) => {
                    self.brackets.pass_inlines(content)
                }
                Inline::Link {
                    target:
                        LinkTarget::Internal {
                            chapter,
                            anchor,
                            placed_as,
                        },
                    content,
                } => {
                    // Named by chapter and count: a chapter's names do not
                    // change when another chapter gains a link (its cache
                    // key holds).
                    let name = format!("page-reference:{}:{}", self.chapter_id, self.count);
                    *self.count += 1;
                    self.references.push(Reference {
                        name: name.clone(),
                        target: anchor.clone().unwrap_or_else(|| chapter.clone()),
                        chapter: chapter.clone(),
                    });
                    *placed_as = Some(name.clone());
                    self.brackets.pass_inlines(content);
                    if let Some(folio) = self.texts.get(&name) {
                        let form = if self.brackets.open() {
                            &self.forms.in_brackets
                        } else {
                            &self.forms.plain
                        };
                        let text = crate::labels::fill(form, &[("page", folio)]);
                        // Joined to the text after it: the parser leaves
                        // runs of text as one node, as the setter expects.
                        match inlines.get_mut(i + 1) {
                            Some(Inline::Text { text: next }) => {
                                self.brackets.pass(next);
                                next.insert_str(0, &text);
                            }
                            _ => inlines.insert(i + 1, Inline::Text { text }),
                        }
                        i += 1;
                    }
                }
                // A link's text holds no other link (links.rs unnests them).
                Inline::Link { content, .. } => self.brackets.pass_inlines(content),
                other => {
                    if let Some(children) = other.children_mut() {
                        self.inlines(children);
                    }
                }
            }
            i += 1;
        }
    }
}

/// Whether a chapter has a link inside the book anywhere (a quick look
/// before the book is copied).
fn has_internal_link(chapter: &Chapter) -> bool {
    fn any(inlines: &[Inline]) -> bool {
        inlines.iter().any(|i| match i {
            Inline::Link {
                target: LinkTarget::Internal { .. },
                ..
            } => true,
            other => any(other.children()),
        })
    }
    let mut found = false;
    let notes = chapter.notes.iter().flat_map(|n| &n.blocks);
    for block in chapter.synopsis.iter().chain(&chapter.blocks).chain(notes) {
        block.for_each_inlines(&mut |inlines| found |= any(inlines));
    }
    found
}

#[cfg(test)]
#[path = "references/tests.rs"]
mod tests;
