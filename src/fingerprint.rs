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
        // would not have been built.
        let _ = serde_json::to_writer(Feed(&mut self.0), value);
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
