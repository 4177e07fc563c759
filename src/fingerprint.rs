//! Fingerprints of in-memory data for `bookpack watch`'s caches: a hash that says "the same input as last time", so the work done for it can be reused.
//!
//! Only ever compared within one process (the caches live in the watch
//! loop, never on disk), so the hash need not be stable across Rust
//! releases. 64 bits: the caches hold a few thousand entries, so an
//! accidental collision is about one chance in 10^12 per rebuild.

use std::hash::{DefaultHasher, Hash, Hasher};

/// A running fingerprint: feed it what the cached result depends on.
#[derive(Clone)]
pub struct Fingerprint(DefaultHasher);

impl Default for Fingerprint {
    fn default() -> Self {
        Self::new()
    }
}

impl Fingerprint {
    pub fn new() -> Self {
        Fingerprint(DefaultHasher::new())
    }

    /// Adds a value that implements `Hash`.
    pub fn add(&mut self, value: &(impl Hash + ?Sized)) -> &mut Self {
        value.hash(&mut self.0);
        self
    }

    /// Adds a value through its serde form (the model types are `Serialize`
    /// but, holding floats, not `Hash`). Every field takes part, so a field
    /// added to the model later is covered without touching this code.
    pub fn add_serde(&mut self, value: &impl serde::Serialize) -> &mut Self {
        // Writing into a hasher cannot fail; a value that cannot serialize
        // would not have been built. The JSON writer writes a few bytes at
        // a time: buffered, the hasher takes them in large pieces (several
        // times faster on a long book).
        let mut feed = std::io::BufWriter::with_capacity(1 << 16, Feed(&mut self.0));
        let _ = serde_json::to_writer(&mut feed, value);
        let _ = std::io::Write::flush(&mut feed);
        drop(feed);
        // A separator, so that two values never run together.
        0xFFu8.hash(&mut self.0);
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// Bytes written go into the hasher.
struct Feed<'a>(&'a mut DefaultHasher);

impl std::io::Write for Feed<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A book's fingerprints: what both editions' caches key on.
#[derive(Clone, Debug, PartialEq)]
pub struct BookPrints {
    /// Everything of the book but its chapters (see [`context`]).
    pub context: u64,
    /// Each chapter as the model holds it: its text with whatever flowed
    /// in from the other chapters (note and chapter numbers, resolved
    /// cross references, heading ids).
    pub chapters: Vec<u64>,
}

impl BookPrints {
    /// Fingerprints `book`, the chapters on two threads (a long book's
    /// model is megabytes), each whole (read again if the book holds it
    /// as an outline: an outline lacks the text that must key a cache).
    pub fn of(book: &crate::model::Book) -> Result<BookPrints, crate::diagnostics::Failure> {
        let print = |range: std::ops::Range<usize>| {
            range
                .map(|i| {
                    let chapter = book.chapter_whole(i)?;
                    Ok(Fingerprint::new().add_serde(&*chapter).finish())
                })
                .collect::<Result<Vec<u64>, crate::diagnostics::Failure>>()
        };
        let n = book.chapters.len();
        let (context, prints, rest) = std::thread::scope(|scope| {
            let other = scope.spawn(|| print(n / 2..n));
            let context = context(book);
            let prints = print(0..n / 2);
            let rest = other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (context, prints, rest)
        });
        let mut prints = prints?;
        prints.extend(rest?);
        Ok(BookPrints {
            context,
            chapters: prints,
        })
    }
}

/// Everything of `book` but its chapters (and the places of characters in
/// their sources, which only checks that run before any chapter read):
/// settings, labels, metadata, errata, fonts, pictures, cover. A field
/// added to these types must be added here (the destructurings have no
/// `..`, so the compiler says so).
pub fn context(book: &crate::model::Book) -> u64 {
    let crate::model::Book {
        metadata,
        chapters: _,
        errata,
        epub,
        pdf,
        labels,
        toc_depth,
        lists,
        code,
        assets,
        bodies: _,
    } = book;
    let mut f = Fingerprint::new();
    f.add_serde(&(metadata, errata, epub, pdf, labels, toc_depth, lists, code));
    let crate::model::Assets {
        cover,
        fonts,
        images,
        char_sites: _,
    } = assets;
    f.add(cover);
    let crate::model::FontFiles {
        regular,
        italic,
        bold,
        small_caps,
        mono,
        fallbacks,
        code_fallback,
        unusable,
    } = fonts;
    for d in unusable {
        f.add(&d.to_string());
    }
    f.add(&(regular, italic, bold, small_caps, mono));
    for fallback in fallbacks.iter().chain(code_fallback) {
        f.add(&(&fallback.label, fallback.bytes.as_slice(), fallback.index));
    }
    f.add(&code_fallback.is_some());
    for (key, image) in images {
        f.add(&(key, image.bytes.as_slice(), image.width, image.height))
            .add(&image.path)
            .add_serde(&image.format);
    }
    f.finish()
}

/// The fingerprint of one value.
pub fn of(value: &(impl Hash + ?Sized)) -> u64 {
    Fingerprint::new().add(value).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_agree_and_any_change_shows() {
        assert_eq!(of("chapter"), of("chapter"));
        assert_ne!(of("chapter"), of("chaptes"));
        let a = Fingerprint::new().add_serde(&(1.5f32, "a")).finish();
        assert_eq!(a, Fingerprint::new().add_serde(&(1.5f32, "a")).finish());
        assert_ne!(a, Fingerprint::new().add_serde(&(1.25f32, "a")).finish());
        // Two values never run together into the same stream.
        let ab = Fingerprint::new().add_serde(&"ab").add_serde(&"c").finish();
        let abc = Fingerprint::new().add_serde(&"a").add_serde(&"bc").finish();
        assert_ne!(ab, abc);
    }
}
