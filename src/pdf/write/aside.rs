//! Page content streams deflated on a thread of their own, so the build thread goes on setting pages meanwhile; the streams are still written in the order they were made.
//!
//! Deflating the page streams was an eighth of the 80-chapter build, all
//! of it on the thread that paginates and draws, the one the build waits
//! for. Each stream's object number is reserved when its page is drawn
//! and its bytes are written when they are deflated, in the order sent,
//! so the file is the same bytes as when they are deflated in place.
//!
//! The build thread never waits idle for the deflating thread: when the
//! queue is full it deflates the stream it was about to send itself, and
//! when it needs every stream back (at the end of the book) it deflates
//! queued streams from the newest end while the thread takes the oldest.
//! At the end of a build the deflating thread had ~7 ms of streams
//! queued (the last chapter's pages, the running heads) and the build
//! thread waited for them with a core idle: a fixed cost of every build.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use super::syntax::{self, Id};

/// Streams queued for the deflating thread and not taken yet, beyond
/// which the build thread deflates its streams itself (memory stays a
/// few pages' worth).
const IN_FLIGHT: usize = 32;

/// Streams sent and not yet written, beyond which the build thread waits
/// for the oldest (deflating the newest queued meanwhile) instead of
/// going on: a deflating thread starved of its core (a loaded machine)
/// held its stream while the build thread deflated every later page
/// itself, all of them kept until that one came back, so memory grew
/// with the book (a CI run under load measured 36 KB a chapter).
const UNWRITTEN: usize = 2 * IN_FLIGHT;

/// A stream deflated: its deflated bytes (`None`: stored as they are,
/// deflating saved nothing) and the stream itself.
type Packed = (Option<Vec<u8>>, Vec<u8>);

/// What the build thread and the deflating thread share.
#[derive(Default)]
struct Queue {
    /// Streams to deflate, oldest first, each with its place in the order
    /// sent.
    pending: VecDeque<(u64, Vec<u8>)>,
    /// Streams deflated and not written yet, by place.
    packed: BTreeMap<u64, Packed>,
    /// The build wants no more: the thread ends when `pending` is empty.
    closed: bool,
    /// The thread has ended (or failed) and takes no more streams.
    gone: bool,
}

#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    /// A stream was queued, or the build closed the queue.
    work: Condvar,
    /// A stream was deflated, or the thread is gone.
    back: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The deflating thread and the streams waiting for it.
pub(super) struct Aside {
    shared: Arc<Shared>,
    /// The streams sent, in order: their place and object number.
    waiting: VecDeque<(u64, Id)>,
    /// The place of the next stream sent.
    next: u64,
    thread: Option<std::thread::JoinHandle<()>>,
    /// Stream buffers back from deflating, to draw the next pages into.
    spare: Vec<Vec<u8>>,
}

/// Marks the thread gone however it ends, so the build never waits for a
/// stream that a failed thread took.
struct Gone(Arc<Shared>);

impl Drop for Gone {
    fn drop(&mut self) {
        self.0.lock().gone = true;
        self.0.back.notify_all();
    }
}

impl Aside {
    /// Starts the thread; `None` when the system will not give one.
    pub(super) fn start() -> Option<Aside> {
        let shared = Arc::new(Shared::default());
        let on_thread = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("bookpack-deflate".into())
            .spawn(move || {
                let gone = Gone(on_thread);
                let shared = &gone.0;
                loop {
                    let (place, data) = {
                        let mut q = shared.lock();
                        loop {
                            if let Some(next) = q.pending.pop_front() {
                                break next;
                            }
                            if q.closed {
                                return;
                            }
                            q = shared.work.wait(q).unwrap_or_else(|e| e.into_inner());
                        }
                    };
                    let packed = syntax::deflated(&data);
                    shared.lock().packed.insert(place, (packed, data));
                    shared.back.notify_one();
                }
            })
            .ok()?;
        Some(Aside {
            shared,
            waiting: VecDeque::new(),
            next: 0,
            thread: Some(thread),
            spare: Vec::new(),
        })
    }

    /// Sends stream `data` of object `id`; returns an empty buffer for the
    /// next stream, or gives `data` back when the thread is gone.
    pub(super) fn send(&mut self, id: Id, data: Vec<u8>) -> Result<Vec<u8>, Vec<u8>> {
        let place = self.next;
        let mut q = self.shared.lock();
        if q.gone {
            return Err(data);
        }
        if q.pending.len() < IN_FLIGHT {
            q.pending.push_back((place, data));
            drop(q);
            self.shared.work.notify_one();
        } else {
            // The thread is behind: this stream is deflated here rather
            // than waited for.
            drop(q);
            let packed = syntax::deflated(&data);
            self.shared.lock().packed.insert(place, (packed, data));
        }
        self.next += 1;
        self.waiting.push_back((place, id));
        let mut next = self.spare.pop().unwrap_or_default();
        next.clear();
        Ok(next)
    }

    /// The streams deflated so far, in the order sent (all of them when
    /// `all`, deflating queued ones here too), as (object, deflated?,
    /// bytes) to write. `Err` when the thread stopped with a stream it
    /// had taken.
    pub(super) fn ready(
        &mut self,
        all: bool,
        mut write: impl FnMut(Id, bool, &[u8]),
    ) -> Result<(), ()> {
        while let Some(&(place, id)) = self.waiting.front() {
            let wait = all || self.waiting.len() > UNWRITTEN;
            let Some((packed, data)) = self.take(place, wait)? else {
                return Ok(());
            };
            self.waiting.pop_front();
            match &packed {
                Some(p) => write(id, true, p),
                None => write(id, false, &data),
            }
            if self.spare.len() < 4 {
                self.spare.push(data);
            }
        }
        Ok(())
    }

    /// Stream `place` deflated: `None` if it is not yet and `wait` is
    /// false. While waiting, the newest queued streams are deflated here.
    fn take(&self, place: u64, wait: bool) -> Result<Option<Packed>, ()> {
        let mut q = self.shared.lock();
        loop {
            if let Some(done) = q.packed.remove(&place) {
                return Ok(Some(done));
            }
            if !wait {
                return Ok(None);
            }
            if let Some((newest, data)) = q.pending.pop_back() {
                drop(q);
                let packed = syntax::deflated(&data);
                q = self.shared.lock();
                q.packed.insert(newest, (packed, data));
                continue;
            }
            if q.gone {
                return Err(());
            }
            q = self.shared.back.wait(q).unwrap_or_else(|e| e.into_inner());
        }
    }
}

impl Drop for Aside {
    fn drop(&mut self) {
        // Closing the queue ends the thread's loop once it is empty.
        self.shared.lock().closed = true;
        self.shared.work.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Streams of varied length and content, some that deflate well and
    /// some that do not (stored as they are).
    fn streams(n: usize) -> Vec<Vec<u8>> {
        (0..n)
            .map(|i| {
                let mut s = Vec::new();
                for k in 0..(i % 37) * 40 {
                    s.push(if i % 5 == 0 {
                        (k * 7919 % 251) as u8
                    } else {
                        b"BT /F1 11 Tf (text) Tj ET\n"[k % 26]
                    });
                }
                s
            })
            .collect()
    }

    /// Whatever share of the streams each thread deflates, they come back
    /// in the order sent, each as `syntax::deflated` makes it in place.
    #[test]
    fn streams_come_back_in_order_and_the_same_bytes() {
        let all = streams(300);
        let mut aside = Aside::start().expect("a thread");
        let mut got: Vec<(Id, bool, Vec<u8>)> = Vec::new();
        for (i, s) in all.iter().enumerate() {
            aside.send(i as Id, s.clone()).expect("thread alive");
            // Now and then, what is ready; at the end, everything.
            if i % 7 == 0 {
                aside
                    .ready(false, |id, d, b| got.push((id, d, b.to_vec())))
                    .unwrap();
            }
        }
        aside
            .ready(true, |id, d, b| got.push((id, d, b.to_vec())))
            .unwrap();
        assert_eq!(got.len(), all.len());
        for (i, (id, deflated, bytes)) in got.iter().enumerate() {
            assert_eq!(*id, i as Id, "stream {i} out of order");
            let expected = syntax::deflated(&all[i]);
            assert_eq!(*deflated, expected.is_some(), "stream {i}");
            assert_eq!(bytes, expected.as_ref().unwrap_or(&all[i]), "stream {i}");
        }
        // Some streams deflate to nothing smaller: both kinds were seen.
        assert!(got.iter().any(|g| g.1) && got.iter().any(|g| !g.1));
    }

    /// Sending faster than the thread deflates never blocks and loses
    /// nothing: beyond the queue's bound the sender deflates in place.
    #[test]
    fn sending_far_ahead_of_the_thread_loses_nothing() {
        let big: Vec<u8> = (0..200_000u32).map(|k| (k % 97) as u8).collect();
        let mut aside = Aside::start().expect("a thread");
        for i in 0..(IN_FLIGHT * 3) {
            aside.send(i as Id, big.clone()).expect("thread alive");
        }
        let mut n = 0;
        aside
            .ready(true, |id, deflated, _| {
                assert_eq!(id, n as Id);
                assert!(deflated);
                n += 1;
            })
            .unwrap();
        assert_eq!(n, IN_FLIGHT * 3);
        assert!(aside.shared.lock().packed.is_empty());
    }
}
