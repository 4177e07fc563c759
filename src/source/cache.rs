//! The parse cache of `bookpack watch`: each chapter file's parse kept between rebuilds, so only the files that changed are parsed again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostics;
use crate::fingerprint::Fingerprint;
use crate::markdown::ParsedChapter;
use crate::sites::CharSites;

/// By chapter file: the fingerprint of what its parse depends on (its
/// text, its path, the book's language) and what parsing gave, the
/// diagnostics included, so a cached parse reports the same warnings.
#[derive(Default)]
pub struct ParseCache {
    files: HashMap<PathBuf, Entry>,
}

struct Entry {
    key: u64,
    /// What the parse was given of the book (citations, TeX macros).
    reading: crate::markdown::Reading,
    parsed: Option<(ParsedChapter, CharSites)>,
    diags: Diagnostics,
}

impl ParseCache {
    /// What `parse_file` gives for these arguments, from the cache when
    /// they are those of the last parse of `path`.
    pub(super) fn parse(
        &mut self,
        text: &str,
        path: &Path,
        book_language: &str,
        cites: &crate::markdown::Reading,
        diags: &mut Diagnostics,
    ) -> Option<(ParsedChapter, CharSites)> {
        let key = Fingerprint::new()
            .add(text)
            .add(path)
            .add(book_language)
            .add(&cites)
            .finish();
        let fresh = self.files.get(path).is_none_or(|e| e.key != key);
        if fresh {
            let mut local = Diagnostics::new();
            let parsed = super::parse_file(text, path, book_language, cites, &mut local);
            self.files.insert(
                path.to_path_buf(),
                Entry {
                    key,
                    reading: cites.clone(),
                    parsed,
                    diags: local,
                },
            );
        }
        let entry = &self.files[path];
        diags.extend(entry.diags.clone());
        entry.parsed.clone()
    }

    /// What `path` was last parsed with of the book: the first guess at
    /// what it will be parsed with again (the TeX commands the chapters
    /// before it define are known only once they are parsed).
    pub(super) fn last_reading(&self, path: &Path) -> Option<crate::markdown::Reading> {
        self.files.get(path).map(|e| e.reading.clone())
    }

    /// Files parsed since the cache was made (for tests and the summary).
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
