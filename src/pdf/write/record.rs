//! Recording what the writer writes for a run of pages, and writing it again in a later build: how `bookpack watch` skips setting, drawing and compressing the chapters that did not change.
//!
//! A content stream names glyphs by codes the writer hands out in the
//! order glyphs are first drawn in the book (see `fonts.rs`), so a
//! recorded stream holds only while each face has given out the same
//! codes and texts before it: [`Writer::replay`] checks the faces' states
//! and refuses otherwise, and the caller sets the pages again. Object
//! numbers are handed out afresh: only the stream data is kept.

use std::collections::BTreeSet;

use super::fonts::FaceEvent;
use super::Writer;
use crate::pdf::page::UriLink;

/// The dictionary entries of a content stream that is (or is not) deflated,
/// as `PdfFile::stream` writes them.
pub(super) fn filter(deflated: bool) -> &'static str {
    if deflated {
        "/Filter /FlateDecode"
    } else {
        ""
    }
}

/// A page as written: its offset from the run's first page, its web
/// links, and its content stream (deflated?, data), if it has one.
type RecordedPage = (usize, Vec<UriLink>, Option<(bool, Vec<u8>)>);

/// What the writer wrote for a run of pages: by page (from the first
/// written), its web links and its content stream (deflated?, data); the
/// faces' states before and their changes; the pictures drawn.
#[derive(Clone, Default)]
pub struct Recording {
    first: usize,
    pages: Vec<RecordedPage>,
    before: Vec<u64>,
    events: Vec<Vec<FaceEvent>>,
    pub(super) images: BTreeSet<usize>,
}

impl Recording {
    pub(super) fn page(&mut self, index: usize, uris: &[UriLink], stream: Option<(bool, Vec<u8>)>) {
        self.pages.push((index - self.first, uris.to_vec(), stream));
    }

    /// Bytes held (streams and links), for the cache's accounting.
    pub fn bytes(&self) -> usize {
        self.pages
            .iter()
            .map(|(_, u, s)| u.len() * 64 + s.as_ref().map_or(0, |(_, d)| d.len()))
            .sum()
    }
}

impl Writer<'_> {
    /// Starts recording what [`Writer::page`] writes, until [`Writer::stop_recording`].
    /// `first` is the first page of the run (offsets count from it).
    pub fn record(&mut self, first: usize) {
        self.recording = Some(Recording {
            first,
            before: self.fonts.iter().map(|f| f.state()).collect(),
            ..Recording::default()
        });
        for face in &mut self.fonts {
            face.log_changes(true);
        }
    }

    /// What was written since [`Writer::record`].
    pub fn stop_recording(&mut self) -> Recording {
        let mut rec = self.recording.take().unwrap_or_default();
        rec.events = self.fonts.iter_mut().map(|f| f.take_log()).collect();
        for face in &mut self.fonts {
            face.log_changes(false);
        }
        rec
    }

    /// Whether `rec` may be replayed now: the fonts stand as they stood
    /// when it was recorded, and nothing is being recorded.
    pub fn replays(&self, rec: &Recording) -> bool {
        self.recording.is_none()
            && self.fonts.len() == rec.before.len()
            && self
                .fonts
                .iter()
                .zip(&rec.before)
                .all(|(f, &state)| f.state() == state)
    }

    /// Writes `rec` again, its first page now page `first` (the pages
    /// must keep their sides: `first` and the recorded first page are
    /// both rectos or both versos — the caller's key holds that). Returns
    /// false, having written nothing, when a face's codes differ from
    /// those `rec` was written with.
    pub fn replay(&mut self, rec: &Recording, first: usize) -> bool {
        if !self.replays(rec) {
            return false;
        }
        // Streams still being deflated come first.
        self.write_aside(true);
        for (offset, uris, stream) in &rec.pages {
            let index = first + offset;
            if self.pages.len() <= index {
                self.pages.resize_with(index + 1, Default::default);
            }
            self.pages[index].uris.extend(uris.iter().cloned());
            if let Some((deflated, data)) = stream {
                let id = self.file.reserve();
                self.file.stream_raw(id, filter(*deflated), data);
                self.pages[index].contents.push(id);
            }
        }
        for (face, events) in self.fonts.iter_mut().zip(&rec.events) {
            for event in events {
                face.apply(event.clone());
            }
        }
        self.used_images.extend(rec.images.iter().copied());
        true
    }
}
