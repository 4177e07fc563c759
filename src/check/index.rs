//! The back-of-book index as a demanding indexer reads it: cross-references to no entry, one entry written two ways, a heading over a lone sub-entry, an entry with more places than a reader will look through.
//!
//! The entries are the build's own (`crate::index::gather` over the book
//! as loaded), so the checks judge the index that prints. Each of the
//! loader's marks is found in its chapter's source by the mark the prose
//! reads at a span's `{` (the same parse), so a finding is said where
//! its mark is written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::codes::finding;
use super::{ChapterSource, Finding};
use crate::config::line_col;
use crate::index::{chapter_marks, gather, Entry, Order};
use crate::model::{Book, IndexMark};

/// More marks than this on one heading, and a reader has page after page
/// to look up with nothing to tell them apart (Chicago would break them
/// into sub-entries well before; marks on one page print one number,
/// so the count is generous).
const MANY_LOCATORS: usize = 15;

/// Where a mark is written: its chapter (in book order) and the offset
/// of its `{` (`usize::MAX` when the source could not be matched).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    chapter: usize,
    offset: usize,
}

/// A heading as the author writes it: its levels joined by `!`.
fn written(path: &[String]) -> String {
    path.join("!")
}

/// What the checks read: the book's marks, each at its place, and where
/// each heading is first named.
struct Marks<'a> {
    /// Per chapter of the book: its file as shown and its source.
    files: Vec<(PathBuf, Option<&'a ChapterSource>)>,
    book: &'a Book,
    order: Order,
    marks: Vec<(&'a IndexMark, Place)>,
    /// For every heading a mark names or lies under (`a`, `a!b`), the
    /// place of its first mark.
    first: BTreeMap<Vec<String>, Place>,
}

/// The index checks, for a book the loader could read.
pub fn scan(dir: &Path, book: &Book, chapters: &[ChapterSource], findings: &mut Vec<Finding>) {
    let Some(index) = gather(book) else { return };
    let marks = Marks::read(dir, book, chapters);
    let top: Vec<&Entry> = index.groups.iter().flat_map(|g| &g.entries).collect();
    let mut headings = Vec::new();
    marks.walk(&top, &mut Vec::new(), findings, &mut headings);
    marks.see_missing(&top, &headings, findings);
}

impl<'a> Marks<'a> {
    fn read(dir: &Path, book: &'a Book, chapters: &'a [ChapterSource]) -> Marks<'a> {
        let order = Order::of(&book.metadata.language);
        let mut files = Vec::new();
        let mut marks = Vec::new();
        for (ci, chapter) in book.chapters.iter().enumerate() {
            let path = dir.join(&chapter.file);
            let source = chapters.iter().find(|c| c.path == path);
            let model: Vec<&IndexMark> = chapter_marks(chapter).into_iter().map(|m| m.0).collect();
            let read: Vec<&(IndexMark, usize)> = source
                .iter()
                .flat_map(|c| c.prose.paras.iter().flat_map(|p| &p.index_marks))
                .collect();
            for (mark, offset) in model.iter().zip(offsets(&model, &read, &order)) {
                marks.push((
                    *mark,
                    Place {
                        chapter: ci,
                        offset,
                    },
                ));
            }
            files.push((path, source));
        }
        let mut first: BTreeMap<Vec<String>, Place> = BTreeMap::new();
        for (mark, place) in &marks {
            for depth in 1..=mark.path.len() {
                let at = first.entry(mark.path[..depth].to_vec()).or_insert(*place);
                *at = (*at).min(*place);
            }
        }
        Marks {
            files,
            book,
            order,
            marks,
            first,
        }
    }

    /// The place of the first mark of `path` or under it.
    fn first(&self, path: &[String]) -> Place {
        self.first.get(path).copied().unwrap_or(Place {
            chapter: 0,
            offset: usize::MAX,
        })
    }

    /// The file, line and column of `place` (line 0 when unknown).
    fn located(&self, place: Place) -> (&Path, u32, u32) {
        let (path, source) = &self.files[place.chapter];
        let (line, column) = match source {
            Some(c) if place.offset != usize::MAX => line_col(&c.text, place.offset),
            _ => (0, 0),
        };
        (path, line, column)
    }

    fn finding(&self, code: &str, place: Place, message: String, hint: String) -> Finding {
        let (path, line, column) = self.located(place);
        finding(code, path, line, column, message, Some(hint))
    }

    /// `place` as a message names it: `congress.md:3:40`.
    fn shown(&self, place: Place) -> String {
        let file = &self.book.chapters[place.chapter].file;
        match self.located(place) {
            (_, 0, _) => file.clone(),
            (_, line, column) => format!("{file}:{line}:{column}"),
        }
    }

    /// Each level of the index, then the entries under each heading:
    /// variants, lone sub-entries, long runs of places. Every heading's
    /// path, as written, goes to `headings` (what a cross-reference may
    /// name).
    fn walk(
        &self,
        level: &[&Entry],
        parent: &mut Vec<String>,
        findings: &mut Vec<Finding>,
        headings: &mut Vec<String>,
    ) {
        let variants = self.variants(level, parent, findings);
        for entry in level {
            parent.push(entry.term.clone());
            headings.push(written(parent));
            // A variant is said once, as a variant: its lone sub-entry
            // goes when it is folded into the first spelling.
            if !variants.contains(&entry.term) {
                self.lone_subentry(entry, parent, findings);
            }
            self.many_locators(entry, parent, findings);
            let children: Vec<&Entry> = entry.children.iter().collect();
            self.walk(&children, parent, findings, headings);
            parent.pop();
        }
    }

    /// Headings of one level (under one parent) that differ only in case,
    /// accents, punctuation or spacing: each but the first written is
    /// said at its first mark. Gives the terms said.
    fn variants(
        &self,
        level: &[&Entry],
        parent: &[String],
        findings: &mut Vec<Finding>,
    ) -> BTreeSet<String> {
        let mut alike: BTreeMap<Vec<u32>, Vec<(Place, Vec<String>)>> = BTreeMap::new();
        for entry in level {
            let mut path = parent.to_vec();
            path.push(entry.term.clone());
            alike
                .entry(self.order.loose_key(&entry.term))
                .or_default()
                .push((self.first(&path), path));
        }
        let mut said = BTreeSet::new();
        for mut spellings in alike.into_values().filter(|s| s.len() > 1) {
            spellings.sort();
            let (first_place, first) = &spellings[0];
            for (place, path) in &spellings[1..] {
                findings.push(self.finding(
                    "index-variant",
                    *place,
                    format!(
                        "the index entry `{}` is `{}` ({}) written another way: they differ only in case, accents, punctuation or spacing, and print as two entries",
                        written(path),
                        written(first),
                        self.shown(*first_place)
                    ),
                    format!("write it `index=\"{}\"` as there, so the index has one entry", written(first)),
                ));
                said.insert(path.last().cloned().unwrap_or_default());
            }
        }
        said
    }

    /// A heading whose only content is one sub-entry: no places of its
    /// own, no cross-reference, nothing to set it beside. Said at the
    /// first mark under it.
    fn lone_subentry(&self, entry: &Entry, path: &[String], findings: &mut Vec<Finding>) {
        let [only] = entry.children.as_slice() else {
            return;
        };
        if !entry.locators.is_empty() || !entry.see.is_empty() || !entry.see_also.is_empty() {
            return;
        }
        let heading = written(path);
        findings.push(self.finding(
            "index-lone-subentry",
            self.first(path),
            format!(
                "the index entry `{heading}` has one sub-entry, `{}`, and nothing else: a heading with a single sub-entry reads better as one entry",
                only.term
            ),
            format!(
                "fold them into one (`index=\"{heading}, {}\"`), or list the heading's own places or another sub-entry",
                only.term
            ),
        ));
    }

    /// A heading with more than [`MANY_LOCATORS`] places of its own.
    fn many_locators(&self, entry: &Entry, path: &[String], findings: &mut Vec<Finding>) {
        let count = entry.locators.len();
        if count <= MANY_LOCATORS {
            return;
        }
        let heading = written(path);
        findings.push(self.finding(
            "index-many-locators",
            self.first(path),
            format!(
                "the index entry `{heading}` lists {count} places under the heading alone: more than {MANY_LOCATORS}, with nothing to tell a reader which to look up"
            ),
            format!("break them into sub-entries by what each place says of it: `index=\"{heading}!…\"`"),
        ));
    }

    /// `index-see` and `index-see-also` targets the index has no entry
    /// for. A target names a heading as written (`Khrushchev, Nikita`);
    /// with `!`, a sub-entry under one (`Khrushchev, Nikita!secret
    /// speech`). It is found as the index sorts: case, accents and
    /// punctuation aside.
    fn see_missing(&self, top: &[&Entry], headings: &[String], findings: &mut Vec<Finding>) {
        for (mark, place) in &self.marks {
            let targets = [("index-see", &mark.see), ("index-see-also", &mark.see_also)];
            for (key, target) in targets {
                let Some(target) = target else { continue };
                if self.finds(top, target) {
                    continue;
                }
                let hint = match crate::diagnostics::nearest(target, headings.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("index `{target}` where the text speaks of it (`[]{{index=\"{target}\"}}`), or name a heading the index has"),
                };
                findings.push(self.finding(
                    "index-see-missing",
                    *place,
                    format!(
                        "`{key}` sends the reader to `{target}`, which the index has no entry for"
                    ),
                    hint,
                ));
            }
        }
    }

    /// Whether the index has the heading `target` names.
    fn finds(&self, top: &[&Entry], target: &str) -> bool {
        let mut level: Vec<&Entry> = top.to_vec();
        for term in target.split('!') {
            let key = self.order.key(term.trim());
            match level.iter().find(|e| self.order.key(&e.term) == key) {
                Some(entry) => level = entry.children.iter().collect(),
                None => return false,
            }
        }
        true
    }
}

/// Each of a chapter's marks as the loader made them (`model`) at the
/// offset of the mark the prose read there (`read`, in source order). The
/// same mark is looked for first, as the index sorts (smart punctuation
/// makes the loader's quotes curly); marks left over (a term in inline
/// code, which the prose does not read as text) are paired in order.
fn offsets(model: &[&IndexMark], read: &[&(IndexMark, usize)], order: &Order) -> Vec<usize> {
    type Key = (Vec<Vec<u32>>, Option<Vec<u32>>, Option<Vec<u32>>);
    let key = |m: &IndexMark| -> Key {
        let text = |s: &Option<String>| s.as_deref().map(|s| order.key(s));
        (
            m.path.iter().map(|t| order.key(t)).collect(),
            text(&m.see),
            text(&m.see_also),
        )
    };
    // Each key's marks as read, the first last (taken with `pop`).
    let mut by_key: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (i, (mark, _)) in read.iter().enumerate().rev() {
        by_key.entry(key(mark)).or_default().push(i);
    }
    let mut taken = vec![false; read.len()];
    let mut out: Vec<Option<usize>> = vec![None; model.len()];
    for (slot, mark) in out.iter_mut().zip(model) {
        if let Some(i) = by_key.get_mut(&key(mark)).and_then(Vec::pop) {
            taken[i] = true;
            *slot = Some(read[i].1);
        }
    }
    let mut rest = (0..read.len()).filter(|&i| !taken[i]).map(|i| read[i].1);
    out.into_iter()
        .map(|o| o.or_else(|| rest.next()).unwrap_or(usize::MAX))
        .collect()
}
