//! The file identifier's digest: two FNV-1a hashes of every byte written, fed as the bytes go to the file, so the file need not be kept to be hashed.

/// 16 bytes derived from the bytes fed so far: two FNV-1a hashes with
/// different seeds, fed eight bytes at a time (the file is tens of
/// megabytes), the last few bytes one by one. Fed in pieces of any size,
/// it gives what the whole fed at once gives.
#[derive(Clone)]
pub(super) struct Digest {
    a: Fnv,
    b: Fnv,
    /// Bytes fed that do not yet make eight.
    pending: [u8; 8],
    held: usize,
}

impl Digest {
    pub fn new() -> Self {
        Digest {
            a: Fnv::new(),
            b: Fnv(0x6c62_272e_07bb_0142),
            pending: [0; 8],
            held: 0,
        }
    }

    pub fn feed(&mut self, mut bytes: &[u8]) {
        if self.held > 0 {
            let take = (8 - self.held).min(bytes.len());
            self.pending[self.held..self.held + take].copy_from_slice(&bytes[..take]);
            self.held += take;
            bytes = &bytes[take..];
            if self.held < 8 {
                return;
            }
            self.word(u64::from_le_bytes(self.pending));
            self.held = 0;
        }
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.word(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        self.pending[..rest.len()].copy_from_slice(rest);
        self.held = rest.len();
    }

    fn word(&mut self, word: u64) {
        self.a.word(word);
        self.b.word(word);
    }

    /// The digest of everything fed so far.
    pub fn finish(&self) -> [u8; 16] {
        let (mut a, mut b) = (self.a.clone(), self.b.clone());
        for &byte in &self.pending[..self.held] {
            a.word(u64::from(byte));
            b.word(u64::from(byte));
        }
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&a.0.to_be_bytes());
        out[8..].copy_from_slice(&b.0.to_be_bytes());
        out
    }
}

/// FNV-1a, 64 bit: a small stable hash (std's hasher may change between
/// Rust releases, and output bytes must not).
#[derive(Clone)]
pub(super) struct Fnv(u64);

impl Fnv {
    pub fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn word(&mut self, w: u64) {
        self.0 ^= w;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }
    /// Feeds `bytes` one by one.
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.word(u64::from(b));
        }
    }
    pub fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(bytes: &[u8]) -> [u8; 16] {
        let mut d = Digest::new();
        d.feed(bytes);
        d.finish()
    }

    #[test]
    fn the_digest_depends_on_every_byte() {
        let a = digest(b"0123456789abcdef-");
        assert_ne!(a, digest(b"0123456789abcdeg-"));
        assert_ne!(a, digest(b"0123456789abcdef+"));
        assert_eq!(a, digest(b"0123456789abcdef-"));
    }

    #[test]
    fn fed_in_pieces_it_gives_what_the_whole_gives() {
        let bytes: Vec<u8> = (0..100u8).map(|b| b.wrapping_mul(37)).collect();
        let whole = digest(&bytes);
        for piece in [1, 3, 7, 8, 9, 13, 64] {
            let mut d = Digest::new();
            for chunk in bytes.chunks(piece) {
                d.feed(chunk);
            }
            assert_eq!(d.finish(), whole, "pieces of {piece}");
        }
        // The value the writer has always given (the first book's /ID
        // must not change): the hashes of the empty input are the seeds.
        let mut seeds = [0u8; 16];
        seeds[..8].copy_from_slice(&0xcbf2_9ce4_8422_2325u64.to_be_bytes());
        seeds[8..].copy_from_slice(&0x6c62_272e_07bb_0142u64.to_be_bytes());
        assert_eq!(digest(b""), seeds);
    }
}
