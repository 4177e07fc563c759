//! Chapters' bodies set ahead of pagination on worker threads, each keeping its typesetter (and so its shaping and hyphenation caches) for the whole book, at most a few chapters in flight.
//!
//! The build paginates and writes chapter after chapter on its own thread;
//! meanwhile the workers set the bodies of the chapters that come next.
//! Each chapter is cut into as many runs of blocks as there are workers
//! (so a one-chapter book still uses every core), the runs are handed out
//! in book order, and a run is handed out only when it is at most
//! `WINDOW` runs ahead of the one the build is waiting for: memory holds a
//! few chapters' set lines, never the book's. Setting a paragraph does not
//! depend on what a typesetter has cached, so the pieces — and the PDF —
//! are the same on any number of threads, whatever order runs finish in.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{mpsc, Condvar, Mutex};

use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::model::Book;
use crate::pdf::flow::{self, Measures, Piece};
use crate::pdf::paragraph::Shared;
use crate::pdf::paragraph::Typesetter;

/// Runs handed out beyond the one being waited for, per worker.
const WINDOW_PER_WORKER: usize = 2;

/// A run of one chapter's blocks: the `part`th of the runs
/// `flow::body_ranges` cuts it into (none, if it cuts fewer). The runs
/// are cut by the worker that takes the job, from the chapter whole: the
/// book may hold only its outline until then.
struct Job {
    chapter: usize,
    part: usize,
}

/// What the workers share: the next run to take, and how far they may go.
struct Queue {
    next: usize,
    released: usize,
    stop: bool,
}

type Done = (usize, Result<(Vec<Piece>, Diagnostics), Failure>);

/// The build's handle on the workers.
pub(crate) struct Ahead<'a> {
    jobs: &'a [Job],
    /// By chapter: its runs (indices into `jobs`).
    runs: Vec<Range<usize>>,
    queue: &'a (Mutex<Queue>, Condvar),
    done: mpsc::Receiver<Done>,
    finished: BTreeMap<usize, (Vec<Piece>, Diagnostics)>,
    window: usize,
}

impl Ahead<'_> {
    /// The body of chapter `index` (what `flow::chapter_body` gives), its
    /// diagnostics added to `diags`. Chapters must be asked for in order.
    pub fn body(&mut self, index: usize, diags: &mut Diagnostics) -> Result<Vec<Piece>, Failure> {
        let mut out = Vec::new();
        for job in self.runs[index].clone() {
            let (pieces, local) = loop {
                if let Some(done) = self.finished.remove(&job) {
                    break done;
                }
                match self.done.recv() {
                    Ok((j, result)) => {
                        self.finished.insert(j, result?);
                    }
                    Err(_) => {
                        return Err(Failure::single(Diagnostic::error(
                            "book.toml",
                            0,
                            0,
                            "a typesetting thread failed",
                        )))
                    }
                }
            };
            out.extend(pieces);
            diags.extend(local);
            let (lock, wake) = self.queue;
            let mut q = lock.lock().unwrap_or_else(|e| e.into_inner());
            q.released = (job + 1 + self.window).min(self.jobs.len());
            wake.notify_all();
        }
        Ok(out)
    }
}

/// Runs `build` with `workers` threads setting chapter bodies ahead of it
/// (`workers` ≥ 1), but not those of the chapters `held` marks (the build
/// has their pages from a cache, and must not ask for them). The workers
/// stop when `build` returns, whatever it returns.
pub(crate) fn with_workers<R>(
    book: &Book,
    shared: &Shared,
    m: &Measures,
    workers: usize,
    held: &[bool],
    build: impl FnOnce(&mut Ahead<'_>) -> R,
) -> R {
    let jobs: Vec<Job> = (0..book.chapters.len())
        .filter(|&chapter| !held.get(chapter).copied().unwrap_or(false))
        .flat_map(|chapter| (0..workers).map(move |part| Job { chapter, part }))
        .collect();
    let mut runs = vec![0..0; book.chapters.len()];
    for (j, job) in jobs.iter().enumerate() {
        let r = &mut runs[job.chapter];
        if r.start == r.end {
            *r = j..j + 1;
        } else {
            r.end = j + 1;
        }
    }
    let window = WINDOW_PER_WORKER * workers;
    let queue = (
        Mutex::new(Queue {
            next: 0,
            released: window.min(jobs.len()),
            stop: false,
        }),
        Condvar::new(),
    );
    let (send, done) = mpsc::channel::<Done>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let send = send.clone();
            let (jobs, queue) = (&jobs, &queue);
            scope.spawn(move || work(book, shared, m, (jobs, workers), queue, &send));
        }
        drop(send);
        // Stops the workers however `build` ends, so the scope can join them.
        struct Stop<'q>(&'q (Mutex<Queue>, Condvar));
        impl Drop for Stop<'_> {
            fn drop(&mut self) {
                let (lock, wake) = self.0;
                lock.lock().unwrap_or_else(|e| e.into_inner()).stop = true;
                wake.notify_all();
            }
        }
        let _stop = Stop(&queue);
        let mut ahead = Ahead {
            jobs: &jobs,
            runs,
            queue: &queue,
            done,
            finished: BTreeMap::new(),
            window,
        };
        build(&mut ahead)
    })
}

/// One worker: a typesetter for the whole book, setting released runs
/// until there are none left or the build stops.
fn work(
    book: &Book,
    shared: &Shared,
    m: &Measures,
    (jobs, parts): (&[Job], usize),
    queue: &(Mutex<Queue>, Condvar),
    send: &mpsc::Sender<Done>,
) {
    // The build's own typesetter has reported any setup warning already.
    let mut ts = match Typesetter::for_book(book, &mut Diagnostics::new()) {
        Ok(ts) => ts,
        Err(failure) => {
            let _ = send.send((usize::MAX, Err(failure)));
            return;
        }
    };
    ts.share(shared);
    loop {
        let j = {
            let (lock, wake) = queue;
            let mut q = lock.lock().unwrap_or_else(|e| e.into_inner());
            while !q.stop && q.next < jobs.len() && q.next >= q.released {
                q = wake.wait(q).unwrap_or_else(|e| e.into_inner());
            }
            if q.stop || q.next >= jobs.len() {
                return;
            }
            q.next += 1;
            q.next - 1
        };
        let job = &jobs[j];
        let chapter = match book.chapter_whole(job.chapter) {
            Ok(chapter) => chapter,
            Err(failure) => {
                let _ = send.send((j, Err(failure)));
                return;
            }
        };
        ts.set_language(
            chapter
                .language
                .as_deref()
                .unwrap_or(&book.metadata.language),
        );
        let mut local = Diagnostics::new();
        let pieces = match flow::body_ranges(&chapter, parts).get(job.part) {
            Some(blocks) => flow::body_range(
                &mut ts,
                &chapter,
                job.chapter,
                blocks.clone(),
                m,
                &mut local,
            ),
            None => Vec::new(),
        };
        drop(chapter);
        if send.send((j, Ok((pieces, local)))).is_err() {
            return;
        }
    }
}
