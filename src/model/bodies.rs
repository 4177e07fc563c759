//! Where a book's chapters are found whole: held in the model, or read again from their files when an edition asks (`Book::chapter_whole`), the EPUB following the PDF's readings.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use super::Chapter;

/// Where a book's chapters are found whole.
///
/// A book loaded for a build holds each chapter as an outline: its title,
/// headings, notes and the marks of its text (note references, links,
/// figures, tables, language spans, code), without the text itself, which
/// is what a long book's memory goes to. Both editions ask for chapter
/// after chapter whole through [`Book::chapter_whole`](super::Book::chapter_whole), and each is read
/// and parsed again when asked for, so memory holds a few chapters, not
/// the book. Everything that spans the book (numbers, ids, cross
/// references, images, navigation, the notes) is in the outlines.
#[derive(Clone, Default)]
pub enum Bodies {
    /// `Book::chapters` hold every chapter whole.
    #[default]
    Held,
    /// `Book::chapters` hold outlines; `source` gives each chapter whole.
    Reread {
        source: Arc<dyn ChapterSource>,
        /// How far the edition that leads the reading has read.
        pace: Arc<Pace>,
    },
}

impl Bodies {
    /// Chapters held as outlines, found whole by `source`.
    pub fn reread(source: Arc<dyn ChapterSource>) -> Bodies {
        Bodies::Reread {
            source,
            pace: Arc::default(),
        }
    }
}

impl std::fmt::Debug for Bodies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Bodies::Held => "Held",
            Bodies::Reread { .. } => "Reread",
        })
    }
}

impl PartialEq for Bodies {
    fn eq(&self, other: &Bodies) -> bool {
        match (self, other) {
            (Bodies::Held, Bodies::Held) => true,
            (Bodies::Reread { source: a, .. }, Bodies::Reread { source: b, .. }) => {
                Arc::ptr_eq(a, b)
            }
            _ => false,
        }
    }
}

/// Gives the chapters of a book held as outlines whole again.
pub trait ChapterSource: Send + Sync {
    /// Chapter `index` whole: what a book loaded whole holds at `index`;
    /// an error (with its file) if its source can no longer give it.
    fn chapter(&self, index: usize) -> Result<Arc<Chapter>, crate::diagnostics::Failure>;

    /// How many times a chapter was read again so far (each reading
    /// parses a file: what sharing readings between editions saves).
    fn readings(&self) -> usize;
}

/// How far the edition leading the reading (the PDF) has asked, so that
/// the other edition (the EPUB) can follow it and take each chapter from
/// the same reading instead of reading it again.
///
/// A source keeps the last few chapters read for the next asker; the EPUB
/// is made faster than the PDF and, left alone, runs far ahead of it, so
/// the two editions would each read (and parse) every chapter. Following,
/// the EPUB asks for chapter `i` only once the PDF has asked for `i` or a
/// later chapter, while `i` is still kept.
///
/// Why it cannot deadlock: the follower waits only for the leader, the
/// leader never waits for the follower, and the leader's [`Leading`]
/// releases every follower when it is dropped, on success, error or
/// panic alike.
#[derive(Debug, Default)]
pub struct Pace {
    state: Mutex<PaceState>,
    moved: Condvar,
}

#[derive(Debug, Default)]
struct PaceState {
    /// Leaders reading now.
    leaders: usize,
    /// The furthest chapter a leader has asked for since leading began.
    furthest: Option<usize>,
    /// Followers waiting now (tests watch it).
    waiting: usize,
}

/// A leader reading: while it lives, followers wait for its asks; dropped,
/// it releases them.
#[derive(Debug)]
pub struct Leading<'a>(&'a Pace);

impl Pace {
    fn state(&self) -> MutexGuard<'_, PaceState> {
        // A panicking leader is released by its `Leading`'s drop; the
        // state stays sound whatever the thread that held the lock did.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Begins leading.
    pub fn lead(&self) -> Leading<'_> {
        let mut state = self.state();
        if state.leaders == 0 {
            state.furthest = None;
        }
        state.leaders += 1;
        Leading(self)
    }

    /// A leader asks for chapter `index`.
    pub fn asked(&self, index: usize) {
        let mut state = self.state();
        if state.leaders > 0 && state.furthest.is_none_or(|f| f < index) {
            state.furthest = Some(index);
            self.moved.notify_all();
        }
    }

    /// A follower about to ask for chapter `index`: returns once a leader
    /// has asked for it or a later one, or no leader is reading.
    pub fn follow(&self, index: usize) {
        let mut state = self.state();
        while state.leaders > 0 && state.furthest.is_none_or(|f| f < index) {
            state.waiting += 1;
            state = self.moved.wait(state).unwrap_or_else(|e| e.into_inner());
            state.waiting -= 1;
        }
    }
}

impl Drop for Leading<'_> {
    fn drop(&mut self) {
        let mut state = self.0.state();
        state.leaders -= 1;
        self.0.moved.notify_all();
    }
}

/// A chapter whole, borrowed from the book or read again for the asker.
#[derive(Debug, Clone)]
pub enum Whole<'a> {
    Held(&'a Chapter),
    Reread(Arc<Chapter>),
}

impl std::ops::Deref for Whole<'_> {
    type Target = Chapter;

    fn deref(&self) -> &Chapter {
        match self {
            Whole::Held(chapter) => chapter,
            Whole::Reread(chapter) => chapter,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Waits (without a clock) until `count` followers wait on `pace`.
    fn until_waiting(pace: &Pace, count: usize) {
        while pace.state().waiting != count {
            std::thread::yield_now();
        }
    }

    #[test]
    fn a_follower_waits_until_the_leader_has_asked_for_its_chapter() {
        let pace = Pace::default();
        let leading = pace.lead();
        pace.asked(1);
        std::thread::scope(|scope| {
            let follower = scope.spawn(|| {
                pace.follow(3);
                pace.state().furthest
            });
            until_waiting(&pace, 1);
            // Not far enough: it wakes and waits again.
            pace.asked(2);
            until_waiting(&pace, 1);
            pace.asked(4);
            assert_eq!(follower.join().unwrap(), Some(4));
        });
        // A chapter behind the leader needs no wait.
        pace.follow(0);
        drop(leading);
    }

    #[test]
    fn a_leader_that_stops_releases_its_followers() {
        let pace = Pace::default();
        let leading = pace.lead();
        std::thread::scope(|scope| {
            let follower = scope.spawn(|| pace.follow(7));
            until_waiting(&pace, 1);
            drop(leading);
            follower.join().unwrap();
        });
        assert_eq!(pace.state().leaders, 0);
    }

    #[test]
    fn a_leader_that_panics_releases_its_followers() {
        let pace = Pace::default();
        let leading = pace.lead();
        std::thread::scope(|scope| {
            let follower = scope.spawn(|| pace.follow(7));
            let leader = scope.spawn(|| {
                let _leading = leading;
                pace.asked(0);
                until_waiting(&pace, 1);
                panic!("the leader fails");
            });
            assert!(leader.join().is_err());
            follower.join().unwrap();
        });
    }

    #[test]
    fn without_a_leader_nobody_waits_and_asks_are_not_remembered() {
        let pace = Pace::default();
        pace.asked(5);
        pace.follow(9);
        assert_eq!(pace.state().furthest, None);
        // A new lead starts from nothing.
        let _leading = pace.lead();
        assert_eq!(pace.state().furthest, None);
    }
}
