//! The entry cache of `bookpack watch`: each deflated entry of the EPUB kept between rebuilds, so only the files whose bytes changed are compressed again.
//!
//! The archive deflates its text files at level 9, which is most of the
//! EPUB's time on a long book. An entry whose name and bytes are those of
//! the last build is copied into the new archive as it was compressed
//! (the zip crate's raw copy: header, CRC-32 and data as they were), which
//! gives the same archive byte for byte.

use std::collections::HashMap;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

use crate::fingerprint::{self, BookPrints};

/// By entry name: the fingerprint of its bytes and a one-entry archive
/// holding it compressed.
///
/// Also each chapter's XHTML, by a key of the chapter as the model holds
/// it, the rest of the book, and where links go (every chapter's file,
/// every note's id): rendering the pages is the other half of the EPUB's
/// time.
#[derive(Default)]
pub struct EntryCache {
    entries: HashMap<String, (u64, Vec<u8>)>,
    /// Entries compressed by the last build (the rest were copied).
    pub compressed: usize,
    /// The book's fingerprints, given by the caller for this build.
    pub(crate) prints: Option<BookPrints>,
    pages: HashMap<u64, String>,
    next_pages: HashMap<u64, String>,
}

impl EntryCache {
    /// Starts a build: counts afresh.
    pub(super) fn begin(&mut self) {
        self.compressed = 0;
        // What a failed build took out is put back.
        for (key, html) in self.next_pages.drain() {
            self.pages.entry(key).or_insert(html);
        }
    }

    /// Ends a build: only the pages it used are kept.
    pub(super) fn end(&mut self) {
        self.pages = std::mem::take(&mut self.next_pages);
    }

    /// The chapter page of `key`, rendered by `render` unless held.
    pub(super) fn page(&mut self, key: u64, render: impl FnOnce() -> String) -> String {
        let html = self.pages.remove(&key).unwrap_or_else(render);
        self.next_pages.insert(key, html.clone());
        html
    }

    /// Adds the entry `name` holding `data` to `w`, compressed with
    /// `options` (the same for a name from build to build), from the
    /// cache when its bytes are those of the last build.
    pub(super) fn add<W: Write + std::io::Seek>(
        &mut self,
        w: &mut ZipWriter<W>,
        name: &str,
        data: &[u8],
        options: SimpleFileOptions,
    ) -> zip::result::ZipResult<()> {
        let key = fingerprint::of(data);
        if self.entries.get(name).is_none_or(|(k, _)| *k != key) {
            let mut one = ZipWriter::new(Cursor::new(Vec::new()));
            one.start_file(name, options)?;
            one.write_all(data)?;
            let bytes = one.finish()?.into_inner();
            self.entries.insert(name.to_string(), (key, bytes));
            self.compressed += 1;
        }
        let (_, bytes) = &self.entries[name];
        let mut archive = ZipArchive::new(Cursor::new(bytes.as_slice()))?;
        let file = archive.by_index_raw(0)?;
        w.raw_copy_file(file)
    }
}
