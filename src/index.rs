//! The back-of-book index: the marks of every chapter (`[words]{.index}`, `[]{index="Term!sub"}`) gathered into entries, sorted as a reader looks them up and grouped by letter, for both editions to print.
//!
//! Each mark names an entry by its headings, outermost first, and is one
//! locator of it; the editions say where a locator is (the PDF its page,
//! the EPUB its chapter). A mark with `index-see` or `index-see-also`
//! adds a cross-reference and no locator, as LaTeX's `|see` does. Entries
//! sort word by word (Chicago 16.58): case, accents and punctuation set
//! aside, a space before any letter, a comma before a space (so "Marx,
//! Karl" comes before "Marx Brothers"); Danish, Norwegian, Swedish and
//! Finnish put their own letters after z, as their dictionaries do.
//! Symbols and numbers come first, under no letter.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

use crate::model::{Book, Chapter, IndexMark, Inline};

/// The book's index, ready to print.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BookIndex {
    pub groups: Vec<Group>,
}

/// The entries under one letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The letter as headed ("A", "Ж"); empty for symbols and numbers,
    /// which come first and go unheaded.
    pub letter: String,
    pub entries: Vec<Entry>,
}

/// One heading of the index, with its sub-entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub term: String,
    /// The marks that list it, in reading order.
    pub locators: Vec<Locator>,
    /// Headings it sends to instead ("*See* …") and as well ("*See
    /// also* …"), in sorted order, each once.
    pub see: Vec<String>,
    pub see_also: Vec<String>,
    pub children: Vec<Entry>,
}

/// Where a mark is: its chapter (index into `Book::chapters`), whether
/// in one of its notes (the EPUB may print those in a file of their own),
/// and its id, unique in the book (`ix-chapter-3-2`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Locator {
    pub chapter: usize,
    pub in_note: bool,
    pub mark: String,
}

/// Gives the index marks of a chapter their ids, unique in the book:
/// `ix-{chapter id}-1`, `-2`… in reading order (title, synopsis, body,
/// then notes in number order). Done as notes are numbered, on a whole
/// chapter and on its outline alike: the same text gives the same ids.
pub fn number_marks(chapter: &mut Chapter) {
    let prefix = format!("ix-{}-", chapter.id);
    let mut count = 0usize;
    number_inlines(&mut chapter.title, &prefix, &mut count);
    let mut give = |inlines: &mut Vec<Inline>| number_inlines(inlines, &prefix, &mut count);
    let notes = chapter.notes.iter_mut().flat_map(|n| n.blocks.iter_mut());
    for block in chapter
        .synopsis
        .iter_mut()
        .chain(chapter.blocks.iter_mut())
        .chain(notes)
    {
        block.for_each_inlines_mut(&mut give);
    }
}

fn number_inlines(inlines: &mut [Inline], prefix: &str, count: &mut usize) {
    for inline in inlines {
        if let Inline::Indexed { mark, .. } = inline {
            *count += 1;
            mark.id = format!("{prefix}{count}");
        }
        if let Some(children) = inline.children_mut() {
            number_inlines(children, prefix, count);
        }
    }
}

/// Every index mark of `chapter` (an outline will do: marks stay in it),
/// in the order [`number_marks`] numbered them, each with whether it is
/// in a note.
pub fn chapter_marks(chapter: &Chapter) -> Vec<(&IndexMark, bool)> {
    let mut text = Vec::new();
    marks_in(&chapter.title, &mut text);
    for block in chapter.synopsis.iter().chain(&chapter.blocks) {
        block.for_each_inlines(&mut |inlines| marks_in(inlines, &mut text));
    }
    let mut notes = Vec::new();
    for block in chapter.notes.iter().flat_map(|n| &n.blocks) {
        block.for_each_inlines(&mut |inlines| marks_in(inlines, &mut notes));
    }
    let text = text.into_iter().map(|m| (m, false));
    text.chain(notes.into_iter().map(|m| (m, true))).collect()
}

fn marks_in<'a>(inlines: &'a [Inline], out: &mut Vec<&'a IndexMark>) {
    for inline in inlines {
        if let Inline::Indexed { mark, .. } = inline {
            out.push(mark);
        }
        marks_in(inline.children(), out);
    }
}

/// Whether any chapter of `book` has an index mark.
pub fn has_marks(book: &Book) -> bool {
    book.chapters.iter().any(|c| !chapter_marks(c).is_empty())
}

/// An entry as it is gathered: sub-entries by heading.
#[derive(Default)]
struct Gathering {
    locators: Vec<Locator>,
    see: Vec<String>,
    see_also: Vec<String>,
    /// How it sorts when a mark said (`index-sort`).
    sort: Option<String>,
    children: BTreeMap<String, Gathering>,
}

/// The index of `book`, or `None` when it has no marks. `language` (the
/// book's) decides the order of letters.
pub fn gather(book: &Book) -> Option<BookIndex> {
    let mut top: BTreeMap<String, Gathering> = BTreeMap::new();
    for (chapter, c) in book.chapters.iter().enumerate() {
        for (mark, in_note) in chapter_marks(c) {
            let Some(entry) = entry_at(&mut top, &mark.path) else {
                continue;
            };
            if mark.sort.is_some() {
                entry.sort.clone_from(&mark.sort);
            }
            let mut cross = false;
            if let Some(see) = &mark.see {
                push_once(&mut entry.see, see);
                cross = true;
            }
            if let Some(also) = &mark.see_also {
                push_once(&mut entry.see_also, also);
                cross = true;
            }
            if !cross {
                entry.locators.push(Locator {
                    chapter,
                    in_note,
                    mark: mark.id.clone(),
                });
            }
        }
    }
    if top.is_empty() {
        return None;
    }
    let order = Order::of(&book.metadata.language);
    let entries = finish(top, &order);
    let mut groups: Vec<Group> = Vec::new();
    for entry in entries {
        let letter = order.letter(&entry.1);
        match groups.last_mut() {
            Some(g) if g.letter == letter => g.entries.push(entry.0),
            _ => groups.push(Group {
                letter,
                entries: vec![entry.0],
            }),
        }
    }
    Some(BookIndex { groups })
}

/// The entry a path of headings names, made if new.
fn entry_at<'a>(
    level: &'a mut BTreeMap<String, Gathering>,
    path: &[String],
) -> Option<&'a mut Gathering> {
    let (first, rest) = path.split_first()?;
    let entry = level.entry(first.clone()).or_default();
    if rest.is_empty() {
        Some(entry)
    } else {
        entry_at(&mut entry.children, rest)
    }
}

/// The headings a cross-reference names: `Khrushchev, Nikita!secret
/// speech` as the marks write a sub-entry's.
pub fn target_headings(target: &str) -> Vec<String> {
    target.split('!').map(|h| h.trim().to_string()).collect()
}

/// A cross-reference's label opening a sentence: its first letter in
/// capitals ("see also" → "See also"; "→" stays).
pub fn capitalized(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn push_once(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|i| i == item) {
        list.push(item.to_string());
    }
}

/// Gathered entries made [`Entry`]s in the index's order, each with the
/// text it sorts by.
fn finish(level: BTreeMap<String, Gathering>, order: &Order) -> Vec<(Entry, String)> {
    let mut out: Vec<(Vec<u32>, Entry, String)> = level
        .into_iter()
        .map(|(term, mut g)| {
            let sorts_by = g.sort.take().unwrap_or_else(|| term.clone());
            let mut see = g.see;
            let mut see_also = g.see_also;
            see.sort_by_cached_key(|s| (order.key(s), s.clone()));
            see_also.sort_by_cached_key(|s| (order.key(s), s.clone()));
            let children = finish(g.children, order)
                .into_iter()
                .map(|(e, _)| e)
                .collect();
            // Gathered in reading order, which a sort by the ids' text
            // broke (`ix-c-10` before `ix-c-2`); the chapters and notes
            // are in order already, and ids are unique.
            let locators = g.locators;
            (
                order.key(&sorts_by),
                Entry {
                    term,
                    locators,
                    see,
                    see_also,
                    children,
                },
                sorts_by,
            )
        })
        .collect();
    // The term breaks ties (`Party` and `party`), so the order is total.
    out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.term.cmp(&b.1.term)));
    out.into_iter().map(|(_, e, s)| (e, s)).collect()
}

/// How a language orders its letters in an index.
pub(crate) struct Order {
    /// Letters that sort after z, in order (Danish æ ø å; Swedish and
    /// Finnish å ä ö): kept whole rather than read as a and o.
    after_z: &'static [char],
}

/// Where a word's letters go in a key: a comma first, then a space (word
/// by word), then numbers (by value), then letters.
const COMMA: u32 = 1;
const SPACE: u32 = 2;
const NUMBER: u32 = 3;

impl Order {
    pub(crate) fn of(language: &str) -> Order {
        let after_z: &'static [char] = match crate::labels::primary(language).as_str() {
            "da" | "nb" | "nn" | "no" => &['æ', 'ø', 'å'],
            "sv" | "fi" => &['å', 'ä', 'ö'],
            _ => &[],
        };
        Order { after_z }
    }

    /// The sort key of a heading: letters folded to their lower-case base
    /// (accents set aside, but a language's own letters kept), digits as
    /// they are, commas and spaces as [`COMMA`] and [`SPACE`], other
    /// punctuation dropped.
    pub(crate) fn key(&self, text: &str) -> Vec<u32> {
        let mut key = Vec::with_capacity(text.len());
        let mut chars = text.chars().flat_map(char::to_lowercase).peekable();
        while let Some(c) = chars.next() {
            // A number sorts by its value: its digits' count, then them
            // ("chapter 2" before "chapter 10"), all numbers before letters.
            if c.is_ascii_digit() {
                let mut digits = vec![c];
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    digits.push(d);
                }
                let first = digits
                    .iter()
                    .position(|&d| d != '0')
                    .unwrap_or(digits.len() - 1);
                key.push(NUMBER);
                key.push((digits.len() - first) as u32);
                key.extend(digits[first..].iter().map(|&d| u32::from(d)));
                continue;
            }
            if let Some(k) = self.after_z.iter().position(|&a| a == c) {
                // After every letter of the Latin alphabet's base, in order.
                key.push(u32::from('z') + 1 + k as u32);
                continue;
            }
            match c {
                ',' | ';' | ':' => key.push(COMMA),
                // Runs of spaces and dashes are one space; none leads.
                c if (c.is_whitespace() || matches!(c, '-' | '‐' | '–' | '—' | '/'))
                    && !key.is_empty()
                    && key.last() != Some(&SPACE) =>
                {
                    key.push(SPACE)
                }
                c if c.is_alphanumeric() => {
                    for base in c.nfd() {
                        if !unicode_normalization::char::is_combining_mark(base) {
                            key.push(u32::from(base));
                        }
                    }
                }
                _ => {}
            }
        }
        key
    }

    /// [`Order::key`] with commas and spaces set aside as well: two
    /// headings with the same are one written two ways ("Khrushchev,
    /// Nikita", "khrushchev nikita"), as far as a reader can tell.
    pub(crate) fn loose_key(&self, text: &str) -> Vec<u32> {
        let mut key = self.key(text);
        key.retain(|&k| k != COMMA && k != SPACE);
        key
    }

    /// The letter a heading is grouped under: its first letter's base in
    /// capitals (a language's own letter kept), or empty when it starts
    /// with a digit or a symbol.
    fn letter(&self, text: &str) -> String {
        let Some(first) = text
            .chars()
            .find(|c| c.is_alphanumeric())
            .map(|c| c.to_lowercase().next().unwrap_or(c))
        else {
            return String::new();
        };
        if !first.is_alphabetic() {
            return String::new();
        }
        let base = if self.after_z.contains(&first) {
            first
        } else {
            first
                .nfd()
                .find(|c| !unicode_normalization::char::is_combining_mark(*c))
                .unwrap_or(first)
        };
        base.to_uppercase().collect()
    }
}

#[cfg(test)]
mod tests;
