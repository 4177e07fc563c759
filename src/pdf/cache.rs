//! What `bookpack watch` keeps of the PDF between builds: each chapter's pages as written (and the book-end notes'), keyed by a fingerprint of everything that sets them, so a rebuild sets, paginates and compresses only the chapters that changed.
//!
//! A chapter opens on a recto and nothing in it depends on the pages
//! before it but their count, so its effect on the book — its pages'
//! kinds, set lines, places and links (page numbers relative to its first
//! page), the faults and warnings it gave, and what the PDF writer wrote
//! for it — is recorded as a [`Unit`] and replayed at its new first page.
//! Running heads, folios, the front matter, links and the outline need the
//! whole book and are drawn at the end of every build, as in a clean one,
//! so the bytes are the same.
//!
//! The key of a chapter ([`Keys`]): the chapter as the model holds it
//! (its text, note numbers, chapter number, resolved cross references —
//! whatever flows in from other chapters is in the model by then), its
//! place in the book, and everything of the book that is not a chapter
//! (settings, labels, metadata, fonts, pictures). The writer's glyph codes
//! run through the book, so a replay also checks that the fonts are in the
//! state the chapter was written in (see `write::Recording`); when not,
//! the chapter is set again.

use std::collections::HashMap;

use crate::diagnostics::Diagnostics;
use crate::fingerprint::{BookPrints, Fingerprint};
use crate::model::{Book, Chapter};
use crate::pdf::page::{Destination, Page};
use crate::pdf::section::{add, Totals};
use crate::pdf::sheets::{PageKind, PendingLink, Sheets};
use crate::pdf::tally::{LineTally, TallyMark};
use crate::pdf::write::{Recording, Writer};

/// The PDF's part of the watch cache: units by key, those of the last
/// build only (a chapter edited away is dropped).
#[derive(Default)]
pub struct PdfCache {
    /// The book's fingerprints, given by the caller for this build.
    pub(crate) prints: Option<BookPrints>,
    /// Several units a key: a book with page references sets a chapter
    /// in rounds, and a reference may add characters new to the book, so
    /// the same chapter is written under more than one state of the fonts
    /// (`write::Recording`); each round's replay finds its own.
    units: HashMap<u64, Vec<Unit>>,
    /// Units the build in progress recorded or replayed.
    next: HashMap<u64, Vec<Unit>>,
    /// Sections set (not replayed) by the last build, in any of its
    /// rounds (`pdf::references`): each counted once.
    pub set: usize,
    /// Units this build's earlier rounds used: kept for the next build,
    /// whose rounds go the same way.
    kept: std::collections::HashSet<u64>,
    /// Which sections of the round (by order) were set, in any round.
    set_sections: std::collections::BTreeSet<usize>,
    /// Sections (chapters and the book-end notes) of the last build.
    pub sections: usize,
}

/// One section's effect on the book, page numbers from its first page.
#[derive(Clone)]
pub(super) struct Unit {
    kinds: Vec<PageKind>,
    /// The section's lines as the report counts them (a build that writes
    /// keeps no other record of them).
    tally: LineTally,
    places: Vec<(String, Destination)>,
    links: Vec<PendingLink>,
    totals: Totals,
    diags: Diagnostics,
    writer: Recording,
    /// The first page when recorded, and whether a fault or warning names
    /// a page number in its text (a note or figure far from its
    /// reference): such a unit is replayed only where it was.
    first: usize,
    names_pages: bool,
}

/// What a section's unit is recorded from: where the book stood when it
/// started.
pub(super) struct Start {
    key: u64,
    first: usize,
    tally: TallyMark,
    links: usize,
    places: std::collections::BTreeMap<String, Destination>,
    totals: Totals,
}

/// The fingerprints of a book's sections.
pub(super) struct Keys {
    pub chapters: Vec<u64>,
    context: u64,
}

impl Keys {
    /// Each chapter's key: its fingerprint, its place, and what else sets it.
    pub fn of(prints: &BookPrints) -> Keys {
        let context = prints.context;
        let chapters = prints
            .chapters
            .iter()
            .enumerate()
            .map(|(index, chapter)| {
                Fingerprint::new()
                    .add(&context)
                    .add("pdf chapter")
                    .add(&index)
                    .add(chapter)
                    .finish()
            })
            .collect();
        Keys { chapters, context }
    }

    /// A chapter's key when it opens on a page of `side` (0 recto, 1
    /// verso; always 0 unless `chapters-open = "any"`).
    pub fn chapter(&self, index: usize, side: usize) -> u64 {
        match side {
            0 => self.chapters[index],
            _ => Fingerprint::new()
                .add(&self.chapters[index])
                .add("verso")
                .finish(),
        }
    }

    /// The book-end notes' key: the chapters' notes and what their group
    /// headings show, starting on a page of `side` (0 recto, 1 verso).
    pub fn notes(&self, book: &Book, side: usize) -> u64 {
        let mut f = Fingerprint::new();
        f.add(&self.context).add("notes").add(&side);
        for chapter in &book.chapters {
            // Every field but the text (a field added later must be
            // named here: the destructuring has no `..`).
            let Chapter {
                kind,
                matter,
                number,
                id,
                part,
                title,
                title_text,
                title_anchor,
                short_title,
                language,
                synopsis: _,
                blocks: _,
                notes,
                file,
            } = chapter;
            f.add_serde(&(
                kind,
                matter,
                number,
                id,
                part,
                title,
                title_text,
                title_anchor,
                short_title,
            ))
            .add_serde(&(language, notes, file));
        }
        f.finish()
    }
}

impl PdfCache {
    /// Starts a build. What a failed build took out is put back.
    pub(super) fn begin(&mut self) {
        for (key, units) in self.next.drain() {
            self.units.entry(key).or_insert(units);
        }
        self.set = 0;
        self.sections = 0;
        self.kept.clear();
        self.set_sections.clear();
    }

    /// Starts another round of the same build (`pdf::references`): what
    /// the round before used is kept to the build's end, and the sections
    /// are counted again.
    pub(super) fn next_round(&mut self) {
        for (key, units) in self.next.drain() {
            self.kept.insert(key);
            put(&mut self.units, key, units);
        }
        self.sections = 0;
    }

    /// Ends a build: only what it used, in any round, is kept.
    pub(super) fn end(&mut self) {
        let kept = std::mem::take(&mut self.kept);
        for key in kept {
            if let Some(units) = self.units.remove(&key) {
                put(&mut self.next, key, units);
            }
        }
        self.units = std::mem::take(&mut self.next);
    }

    /// Whether a unit is held for `key` (a chapter that needs no setting
    /// ahead, unless its replay is refused).
    pub(super) fn has(&self, key: u64) -> bool {
        self.units.get(&key).is_some_and(|units| !units.is_empty())
    }

    /// Replays the unit of `key` at the end of `sheets` (which must stand
    /// on a recto, as when it was recorded, unless the key holds the side)
    /// and in `writer`. False, having done nothing, when there is none or
    /// the writer refuses it.
    pub(super) fn replay(
        &mut self,
        key: u64,
        sheets: &mut Sheets,
        totals: &mut Totals,
        diags: &mut Diagnostics,
        writer: &mut Writer,
    ) -> bool {
        self.sections += 1;
        let first = sheets.pages.len();
        let Some(units) = self.units.get_mut(&key) else {
            return false;
        };
        let Some(at) = units.iter().position(|unit| {
            (!unit.names_pages || unit.first == first) && writer.replays(&unit.writer)
        }) else {
            return false;
        };
        let unit = units.remove(at);
        if units.is_empty() {
            self.units.remove(&key);
        }
        if !writer.replay(&unit.writer, first) {
            return false;
        }
        for kind in &unit.kinds {
            sheets.pages.push(Page::default());
            sheets.kinds.push(kind.clone());
        }
        sheets.tally.absorb(&unit.tally, first);
        for (id, place) in &unit.places {
            sheets.places.insert(
                id.clone(),
                Destination {
                    page: place.page + first,
                    y: place.y,
                },
            );
        }
        sheets.links.extend(unit.links.iter().map(|l| PendingLink {
            page: l.page + first,
            ..l.clone()
        }));
        absorb(totals, &unit.totals, first);
        diags.extend(unit.diags.clone());
        put(&mut self.next, key, vec![unit]);
        true
    }

    /// Starts recording the section of `key`: from here, its places and
    /// totals are kept apart (no section reads another's), and the writer
    /// records.
    pub(super) fn start(
        &mut self,
        key: u64,
        sheets: &mut Sheets,
        totals: &mut Totals,
        writer: &mut Writer,
    ) -> Start {
        // A section set in two rounds is counted once.
        if self.set_sections.insert(self.sections) {
            self.set += 1;
        }
        let first = sheets.pages.len();
        writer.record(first);
        Start {
            key,
            first,
            tally: sheets.tally.mark(),
            links: sheets.links.len(),
            places: std::mem::take(&mut sheets.places),
            totals: std::mem::take(totals),
        }
    }

    /// Ends the recording begun by `start`, once the section's pages are
    /// written; `diags` are the section's warnings.
    pub(super) fn finish(
        &mut self,
        start: Start,
        sheets: &mut Sheets,
        totals: &mut Totals,
        diags: &Diagnostics,
        writer: &mut Writer,
    ) {
        let first = start.first;
        let mine = std::mem::replace(&mut sheets.places, start.places);
        let places: Vec<(String, Destination)> = mine
            .into_iter()
            .map(|(id, d)| {
                sheets.places.insert(id.clone(), d);
                (
                    id,
                    Destination {
                        page: d.page - first,
                        y: d.y,
                    },
                )
            })
            .collect();
        let own = std::mem::replace(totals, start.totals);
        absorb(totals, &own, 0);
        let names_pages = own
            .fault_list
            .iter()
            .any(|f| f.message.contains("PDF page"))
            || diags.items().iter().any(|d| d.message.contains("PDF page"));
        let unit = Unit {
            kinds: sheets.kinds[first..].to_vec(),
            tally: sheets.tally.since(start.tally, first),
            places,
            links: sheets.links[start.links..]
                .iter()
                .map(|l| PendingLink {
                    page: l.page - first,
                    ..l.clone()
                })
                .collect(),
            totals: shifted(&own, first),
            diags: diags.clone(),
            writer: writer.stop_recording(),
            first,
            names_pages,
        };
        put(&mut self.next, start.key, vec![unit]);
    }
}

/// The most units a key keeps: one a round of page references (at most
/// four, `pdf::references`), the latest first.
const UNITS_PER_KEY: usize = 4;

/// Adds `units` to `key`'s in `map`, before those it has, up to
/// [`UNITS_PER_KEY`].
fn put(map: &mut HashMap<u64, Vec<Unit>>, key: u64, units: Vec<Unit>) {
    let held = map.entry(key).or_default();
    let older = std::mem::replace(held, units);
    held.extend(older);
    held.truncate(UNITS_PER_KEY);
}

/// `own`'s faults with page numbers less `first`.
fn shifted(own: &Totals, first: usize) -> Totals {
    let mut t = own.clone();
    for fault in t
        .fault_list
        .iter_mut()
        .chain(t.flagged.iter_mut().map(|(_, f)| f))
    {
        fault.page -= first;
    }
    t
}

/// Adds `unit` (page numbers from `first`) to `totals`.
fn absorb(totals: &mut Totals, unit: &Totals, first: usize) {
    add(&mut totals.faults, &unit.faults);
    add(&mut totals.naive, &unit.naive);
    totals
        .fault_list
        .extend(unit.fault_list.iter().map(|f| crate::pdf::book::Fault {
            page: f.page + first,
            ..f.clone()
        }));
    totals.flagged.extend(unit.flagged.iter().map(|(kind, f)| {
        (
            *kind,
            crate::pdf::book::Fault {
                page: f.page + first,
                ..f.clone()
            },
        )
    }));
    totals.adjusted += unit.adjusted;
    totals.short_spreads += unit.short_spreads;
    totals.short_pages += unit.short_pages;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `bookpack watch` sets a chapter again only when its key changes:
    /// a changed list of hyphenation exceptions must change every
    /// chapter's key (it moves breaks anywhere in the book), and leave
    /// them alone when it is the same list again.
    #[test]
    fn hyphenation_exceptions_are_in_every_chapter_key() {
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/minimal");
        let (book, _) = crate::source::load_book(&fixture).unwrap();
        let keys = |book: &Book| Keys::of(&BookPrints::of(book).unwrap()).chapters;
        let before = keys(&book);
        assert!(!before.is_empty());
        let mut listed = book.clone();
        let entry = |e: &str| crate::exceptions::Exception::parse(e).unwrap();
        listed.pdf.hyphenation_exceptions.all = vec![entry("Khru-shchev")];
        let after = keys(&listed);
        assert!(
            before.iter().zip(&after).all(|(a, b)| a != b),
            "{before:?} {after:?}"
        );
        assert_eq!(keys(&listed.clone()), after);
        // A break moved within an entry is a change too.
        let mut moved = listed.clone();
        moved.pdf.hyphenation_exceptions.all = vec![entry("Khrush-chev")];
        assert_ne!(keys(&moved), after);
        // And so is a list for one language.
        let mut french = book.clone();
        french
            .pdf
            .hyphenation_exceptions
            .by_language
            .insert("fr".into(), vec![entry("Khrou-chtchev")]);
        assert_ne!(keys(&french), before);
    }
}
