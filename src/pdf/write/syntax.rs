//! PDF file syntax (ISO 32000-1, 7): numbered objects appended to the file as they are made, streams deflated on the way, and the cross-reference table at the end.
//!
//! Objects are written once and forgotten: the file keeps only each
//! object's byte offset, which is what lets the writer hold one chapter's
//! pages at a time rather than the whole book.

use std::fmt::Write as _;
use std::io::Write;

use super::digest::Digest;

/// An object number.
pub(super) type Id = u32;

/// The file being written: where its bytes go, how many have gone, a
/// digest of them, and where each object starts. The bytes go to `out`
/// as they are made (a file, through a buffer, in a build; a `Vec` in
/// tests), so the finished file is never held whole.
pub(super) struct PdfFile<'a> {
    out: &'a mut dyn Write,
    /// Bytes written so far: the next object's offset.
    written: usize,
    digest: Digest,
    /// The first error `out` gave; nothing is written after it, and
    /// [`PdfFile::finish`] reports it.
    error: Option<std::io::Error>,
    /// By object number − 1: the object's offset, `None` while reserved.
    offsets: Vec<Option<usize>>,
}

/// Why a file could not be finished.
#[derive(Debug)]
pub(super) enum Unfinished {
    /// An object reserved and never written.
    Unwritten(Id),
    /// The bytes could not be written out.
    Output(std::io::Error),
}

impl<'a> PdfFile<'a> {
    /// A file writing to `out`, starting with its header: version 1.7
    /// (ISO 32000-1, what we write: Type0 fonts, `/Lang`, `/ActualText`),
    /// and a comment of high bytes so that transfer programs treat the
    /// file as binary.
    pub fn new(out: &'a mut dyn Write) -> Self {
        let mut file = PdfFile {
            out,
            written: 0,
            digest: Digest::new(),
            error: None,
            offsets: Vec::new(),
        };
        file.put(b"%PDF-1.7\n%");
        file.put(&[0xE2, 0xE3, 0xCF, 0xD3, b'\n']);
        file
    }

    /// Appends `bytes` to the file.
    fn put(&mut self, bytes: &[u8]) {
        self.written += bytes.len();
        self.digest.feed(bytes);
        if self.error.is_none() {
            if let Err(e) = self.out.write_all(bytes) {
                self.error = Some(e);
            }
        }
    }

    /// A digest of every byte written so far (for the file identifier).
    pub fn digest(&self) -> [u8; 16] {
        self.digest.finish()
    }

    /// A number for an object written later.
    pub fn reserve(&mut self) -> Id {
        self.offsets.push(None);
        self.offsets.len() as Id
    }

    /// Writes object `id` (reserved before) with `body` as its value.
    pub fn object(&mut self, id: Id, body: &str) {
        self.begin(id);
        self.put(body.as_bytes());
        self.put(b"\nendobj\n");
    }

    /// Writes object `id` with `body`, bytes made elsewhere (svg2pdf's,
    /// see `vector.rs`), as its value.
    pub fn object_bytes(&mut self, id: Id, body: &[u8]) {
        self.begin(id);
        self.put(body);
        self.put(b"\nendobj\n");
    }

    /// Writes `body` as a new object; returns its number.
    pub fn add(&mut self, body: &str) -> Id {
        let id = self.reserve();
        self.object(id, body);
        id
    }

    /// Writes a stream object: `dict` holds the dictionary's entries other
    /// than `/Length` and `/Filter`. With `deflate`, the data is deflated
    /// when that makes it smaller.
    pub fn stream(&mut self, id: Id, dict: &str, data: &[u8], deflate: bool) {
        let packed = deflate.then(|| deflated(data)).flatten();
        self.stream_packed(id, dict, data, packed.as_deref());
    }

    /// What [`PdfFile::stream`] writes with `deflate`, given `packed`,
    /// what [`deflated`] made of `data` (perhaps on another thread).
    pub fn stream_packed(&mut self, id: Id, dict: &str, data: &[u8], packed: Option<&[u8]>) {
        let (data, filter) = match packed {
            Some(p) => (p, " /Filter /FlateDecode"),
            None => (data, ""),
        };
        self.stream_raw(id, &format!("{dict}{filter}"), data);
    }

    /// Writes a stream whose data is already encoded as `dict` says.
    pub fn stream_raw(&mut self, id: Id, dict: &str, data: &[u8]) {
        self.begin(id);
        let head = format!(
            "<<{}{} /Length {} >>\nstream\n",
            if dict.is_empty() { "" } else { " " },
            dict.trim(),
            data.len()
        );
        self.put(head.as_bytes());
        self.put(data);
        self.put(b"\nendstream\nendobj\n");
    }

    fn begin(&mut self, id: Id) {
        let slot = &mut self.offsets[id as usize - 1];
        debug_assert!(slot.is_none(), "object {id} written twice");
        *slot = Some(self.written);
        self.put(format!("{id} 0 obj\n").as_bytes());
    }

    /// Ends the file: the cross-reference table and the trailer (whose
    /// `trailer` entries are given, `/Size` added), and flushes `out`.
    /// Every reserved object must have been written. Returns the file's
    /// length in bytes.
    pub fn finish(mut self, trailer: &str) -> Result<usize, Unfinished> {
        let xref = self.written;
        let mut table = String::with_capacity(20 * (self.offsets.len() + 1) + 64);
        let _ = write!(
            table,
            "xref\n0 {}\n0000000000 65535 f \n",
            self.offsets.len() + 1
        );
        for (i, offset) in self.offsets.iter().enumerate() {
            let offset = offset.ok_or(Unfinished::Unwritten(i as Id + 1))?;
            let _ = writeln!(table, "{offset:010} 00000 n ");
        }
        let _ = write!(
            table,
            "trailer\n<< /Size {} {} >>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len() + 1,
            trailer.trim()
        );
        self.put(table.as_bytes());
        if self.error.is_none() {
            if let Err(e) = self.out.flush() {
                self.error = Some(e);
            }
        }
        match self.error {
            Some(e) => Err(Unfinished::Output(e)),
            None => Ok(self.written),
        }
    }
}

/// `data` deflated at level 5 (on books as small as level 6 and faster;
/// level 9 is several times slower for about one per cent), or `None`
/// when that does not make it smaller.
///
/// One encoder per thread, reset between streams: a fresh one allocates
/// and clears some 300 KB of tables, and a long book has thousands of
/// pages, each a stream of a few kilobytes. (A reset encoder writes the
/// same bytes as a new one.)
pub(super) fn deflated(data: &[u8]) -> Option<Vec<u8>> {
    thread_local! {
        static ENCODER: std::cell::RefCell<Option<flate2::write::ZlibEncoder<Vec<u8>>>> =
            const { std::cell::RefCell::new(None) };
    }
    ENCODER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let encoder = slot.get_or_insert_with(|| {
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(5))
        });
        encoder.get_mut().reserve(data.len() / 3 + 64);
        let packed = encoder
            .write_all(data)
            .and_then(|()| encoder.try_finish())
            .and_then(|()| encoder.reset(Vec::new()));
        let Ok(packed) = packed else {
            // Never for a Vec; start afresh next time all the same.
            *slot = None;
            return None;
        };
        (packed.len() + 19 < data.len()).then_some(packed)
    })
}

/// Appends `value / 10^decimals` as a PDF number: no exponent, no
/// trailing zeros, no `-0`.
pub(super) fn push_fixed(out: &mut Vec<u8>, value: i64, decimals: u32) {
    let scale = 10i64.pow(decimals);
    let magnitude = value.unsigned_abs();
    let whole = magnitude / scale as u64;
    let mut frac = magnitude % scale as u64;
    if value < 0 {
        out.push(b'-');
    }
    push_digits(out, whole, 1);
    if frac != 0 {
        let mut digits = decimals;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        out.push(b'.');
        push_digits(out, frac, digits as usize);
    }
}

/// Appends `n` in decimal, zero-padded to `width` digits: what
/// `write!(out, "{n:0width$}")` gives, without the formatting machinery
/// (a page's content stream is mostly numbers: `write!` was a twentieth
/// of a long book's build).
fn push_digits(out: &mut Vec<u8>, mut n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut start = buf.len();
    while n > 0 {
        start -= 1;
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let len = (buf.len() - start).max(width.min(buf.len()));
    out.extend_from_slice(&buf[buf.len() - len..]);
}

/// `v` to hundredths, as a PDF number (coordinates: far finer than a
/// device pixel).
pub(super) fn push_num(out: &mut Vec<u8>, v: f32) {
    push_fixed(out, hundredths(v), 2);
}

/// `v` to hundredths, as a `String`.
pub(super) fn num(v: f32) -> String {
    let mut out = Vec::new();
    push_num(&mut out, v);
    String::from_utf8(out).expect("digits are ASCII")
}

fn hundredths(v: f32) -> i64 {
    if v.is_finite() {
        (f64::from(v) * 100.0).round() as i64
    } else {
        0
    }
}

/// A PDF text string: a literal string when the text is printable ASCII,
/// else UTF-16BE with a byte order mark, in hex.
pub(super) fn text_string(s: &str) -> String {
    if s.chars().all(|c| (' '..='~').contains(&c)) {
        literal(s.as_bytes())
    } else {
        hex(&utf16be(s))
    }
}

/// A literal string `( … )` with the characters that need it escaped.
pub(super) fn literal(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            b' '..=b'~' => out.push(b as char),
            _ => {
                let _ = write!(out, "\\{b:03o}");
            }
        }
    }
    out.push(')');
    out
}

/// A hex string `< … >`.
pub(super) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 * bytes.len() + 2);
    out.push('<');
    for b in bytes {
        let _ = write!(out, "{b:02X}");
    }
    out.push('>');
    out
}

/// UTF-16BE with a byte order mark.
pub(super) fn utf16be(s: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

/// A PDF name `/…`, with bytes outside the regular characters written
/// as `#xx` (ISO 32000-1, 7.3.5).
pub(super) fn name(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    out.push('/');
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-+_.".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
    out
}

/// A reference `n 0 R`.
pub(super) fn r(id: Id) -> String {
    format!("{id} 0 R")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(v: i64, d: u32) -> String {
        let mut out = Vec::new();
        push_fixed(&mut out, v, d);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_have_no_trailing_zeros_and_no_negative_zero() {
        assert_eq!(fixed(1250, 2), "12.5");
        assert_eq!(fixed(-5, 1), "-0.5");
        assert_eq!(fixed(0, 2), "0");
        assert_eq!(fixed(-300, 2), "-3");
        assert_eq!(fixed(7, 2), "0.07");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(595.2756), "595.28");
    }

    /// The digits are written by hand (`push_digits`): they must be what
    /// the formatter wrote, over every size of number.
    #[test]
    fn numbers_are_written_as_the_formatter_wrote_them() {
        let formatted = |v: i64, d: u32| {
            let scale = 10i64.pow(d);
            let (whole, mut frac) = (
                v.unsigned_abs() / scale as u64,
                v.unsigned_abs() % scale as u64,
            );
            let mut s = format!("{}{whole}", if v < 0 { "-" } else { "" });
            if frac != 0 {
                let mut digits = d;
                while frac.is_multiple_of(10) {
                    frac /= 10;
                    digits -= 1;
                }
                s += &format!(".{frac:0width$}", width = digits as usize);
            }
            s
        };
        let mut v: i64 = 1;
        for _ in 0..60 {
            for x in [v, v + 7, v * 3 + 1, -v, -(v + 3)] {
                for d in 0..4 {
                    assert_eq!(fixed(x, d), formatted(x, d), "{x} / 10^{d}");
                }
            }
            v = v.saturating_mul(2).saturating_add(1) % 1_000_000_000_000_000;
        }
        assert_eq!(fixed(i64::MAX, 2), formatted(i64::MAX, 2));
        assert_eq!(fixed(-1_000_001, 3), "-1000.001");
    }

    #[test]
    fn strings_and_names_are_escaped() {
        assert_eq!(text_string("a (b) \\"), "(a \\(b\\) \\\\)");
        assert_eq!(text_string("é"), "<FEFF00E9>");
        assert_eq!(name("ABCDEF+EB Garamond"), "/ABCDEF+EB#20Garamond");
    }

    #[test]
    fn the_cross_reference_table_gives_each_object_its_offset() {
        let mut bytes = Vec::new();
        let mut file = PdfFile::new(&mut bytes);
        let a = file.reserve();
        let b = file.add("<< /Type /Catalog >>");
        file.object(a, "42");
        let length = file.finish(&format!("/Root {}", r(b))).unwrap();
        assert_eq!(length, bytes.len());
        // Offsets count bytes: search the bytes, not a lossy string.
        let at = |needle: &str| {
            bytes
                .windows(needle.len())
                .position(|w| w == needle.as_bytes())
                .unwrap()
        };
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains(&format!(
            "{:010} 00000 n \n{:010} 00000 n",
            at("1 0 obj"),
            at("2 0 obj")
        )));
        assert!(text.ends_with(&format!("startxref\n{}\n%%EOF\n", at("xref\n"))));
    }

    #[test]
    fn an_unwritten_object_is_an_error() {
        let mut bytes = Vec::new();
        let mut file = PdfFile::new(&mut bytes);
        let _ = file.reserve();
        assert!(matches!(file.finish(""), Err(Unfinished::Unwritten(1))));
    }

    /// A sink that takes `room` bytes, then fails.
    struct Full {
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                return Err(std::io::Error::other("no space left"));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn an_output_that_fails_fails_the_file() {
        let mut full = Full { room: 40 };
        let mut file = PdfFile::new(&mut full);
        file.add("<< /Type /Catalog /Padding (a long enough string) >>");
        match file.finish("") {
            Err(Unfinished::Output(e)) => assert_eq!(e.to_string(), "no space left"),
            other => panic!("{other:?}"),
        }
    }
}
