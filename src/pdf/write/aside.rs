//! Page content streams deflated on a thread of their own, so the build thread goes on setting pages meanwhile; the streams are still written in the order they were made.
//!
//! Deflating the page streams was an eighth of the 80-chapter build, all
//! of it on the thread that paginates and draws, the one the build waits
//! for. Each stream's object number is reserved when its page is drawn
//! and its bytes are written when they come back, in the same order, so
//! the file is the same bytes as when they are deflated in place.

use std::collections::VecDeque;
use std::sync::mpsc;

use super::syntax::{self, Id};

/// Streams sent to the deflating thread and not back yet, beyond which
/// the build waits (memory stays a few pages' worth).
const IN_FLIGHT: usize = 32;

/// What comes back for a stream: its deflated bytes (`None`: stored as
/// they are, deflating saved nothing) and the stream itself.
type Packed = (Option<Vec<u8>>, Vec<u8>);

/// The deflating thread and the streams waiting for it.
pub(super) struct Aside {
    send: Option<mpsc::SyncSender<Vec<u8>>>,
    done: mpsc::Receiver<Packed>,
    /// The object numbers of the streams sent, in order.
    waiting: VecDeque<Id>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// Stream buffers back from the thread, to draw the next pages into.
    spare: Vec<Vec<u8>>,
}

impl Aside {
    /// Starts the thread; `None` when the system will not give one.
    pub(super) fn start() -> Option<Aside> {
        let (send, work) = mpsc::sync_channel::<Vec<u8>>(IN_FLIGHT);
        let (finished, done) = mpsc::channel::<Packed>();
        let thread = std::thread::Builder::new()
            .name("bookpack-deflate".into())
            .spawn(move || {
                for data in work {
                    let packed = syntax::deflated(&data);
                    if finished.send((packed, data)).is_err() {
                        return;
                    }
                }
            })
            .ok()?;
        Some(Aside {
            send: Some(send),
            done,
            waiting: VecDeque::new(),
            thread: Some(thread),
            spare: Vec::new(),
        })
    }

    /// Sends stream `data` of object `id`; returns an empty buffer for the
    /// next stream, or gives `data` back when the thread is gone.
    pub(super) fn send(&mut self, id: Id, data: Vec<u8>) -> Result<Vec<u8>, Vec<u8>> {
        let Some(send) = &self.send else {
            return Err(data);
        };
        send.send(data).map_err(|e| e.0)?;
        self.waiting.push_back(id);
        let mut next = self.spare.pop().unwrap_or_default();
        next.clear();
        Ok(next)
    }

    /// The streams back so far, in the order sent (all of them, waiting
    /// for each, when `all`), as (object, deflated?, bytes) to write.
    /// `Err` when the thread stopped with streams still out.
    pub(super) fn ready(
        &mut self,
        all: bool,
        mut write: impl FnMut(Id, bool, &[u8]),
    ) -> Result<(), ()> {
        while let Some(&id) = self.waiting.front() {
            let (packed, data) = if all {
                self.done.recv().map_err(|_| ())?
            } else {
                match self.done.try_recv() {
                    Ok(back) => back,
                    Err(mpsc::TryRecvError::Empty) => return Ok(()),
                    Err(mpsc::TryRecvError::Disconnected) => return Err(()),
                }
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
}

impl Drop for Aside {
    fn drop(&mut self) {
        // Closing the channel ends the thread's loop.
        self.send = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
