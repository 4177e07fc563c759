//! Shared helpers for the integration tests: run the binary, find fixtures.
#![allow(dead_code)]

pub mod epub_read;
pub mod inspect;
pub mod validators;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Copies the folder `from` into `to` (made if missing), subfolders too.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The folder of a fixture book under tests/books/.
pub fn book(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/books")
        .join(name)
}

/// A small book in a new temporary folder: `book.toml` holding `toml`,
/// and each `(file, text)` of `files` beside it.
pub fn temp_book(toml: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("book.toml"), toml).unwrap();
    for (file, text) in files {
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    dir
}

/// The repository root (holds source/, the real book).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `bookpack ARGS` with a fixed SOURCE_DATE_EPOCH unless overridden.
pub fn bookpack(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bookpack"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("run bookpack")
}

/// `bookpack build BOOK -o OUT` with `extra` arguments, whatever its exit.
pub fn build_into(book: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", book.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    bookpack(&args)
}

/// `bookpack build` of the fixture `name` (and `extra` arguments) into a
/// new temporary folder, which holds the editions; the build must exit 0.
/// Returns the folder and the run's stderr.
pub fn build_fixture(name: &str, extra: &[&str]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let o = build_into(&book(name), dir.path(), extra);
    assert_exit(&o, 0);
    (dir, stderr(&o))
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Fails with the process's output when the exit code is not `code`.
pub fn assert_exit(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        stdout(o),
        stderr(o)
    );
}

/// Whether a stderr line has the form `path:line:col: severity: ...` with
/// the path ending in `file`.
pub fn has_located_message(err: &str, file: &str, line: u32, col: u32, severity: &str) -> bool {
    let want = format!("{file}:{line}:{col}: {severity}: ");
    err.lines().any(|l| l.contains(&want))
}

/// A PNG declaring `w` × `h` pixels of colour type `color` (2 RGB, 6 RGBA)
/// with `idat` as its image data and dummy CRCs: the shape of a
/// decompression bomb, refused from its header before any CRC is read.
pub fn png_declaring(w: u32, h: u32, color: u8, idat: &[u8]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, color, 0, 0, 0]);
    for (kind, data) in [(&b"IHDR"[..], &ihdr[..]), (b"IDAT", idat), (b"IEND", &[])] {
        out.extend((data.len() as u32).to_be_bytes());
        out.extend(kind);
        out.extend(data);
        out.extend([0, 0, 0, 0]);
    }
    out
}

/// The number of cases for a property test: `PROPTEST_CASES` when set (so a
/// long run such as `PROPTEST_CASES=20000 cargo test --release` reaches every
/// property test), else the test's own `default`, sized for a quick
/// `cargo test`. Proptest's own reading of the variable is lost as soon as a
/// test names its case count, hence this.
pub fn proptest_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The seed `cargo test` draws its property cases from when
/// `PROPTEST_RNG_SEED` is not set.
pub const PROPTEST_SEED: u64 = 20_261_203;

/// A property test's configuration: [`proptest_cases`] cases, drawn from a
/// fixed seed so that `cargo test` runs the same cases on every machine and
/// CI cannot pass or fail by luck (`PROPTEST_RNG_SEED=<n>` draws other
/// cases; the long exploratory run gives a new seed each time), and
/// shrinking bounded to two minutes, so that a failure is reported with a
/// smaller case rather than shrunk for an hour of debug builds (a fuzz
/// failure once kept CI shrinking until its time ran out).
pub fn proptest_config(default_cases: u32) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, RngSeed};
    let rng_seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(RngSeed::Fixed(PROPTEST_SEED), RngSeed::Fixed);
    Config {
        cases: proptest_cases(default_cases),
        rng_seed,
        max_shrink_time: 120_000,
        ..Config::default()
    }
}

/// The book in `dir`, loaded whole (a failure panics with its messages).
pub fn load_whole(dir: &Path) -> bookpack::model::Book {
    let (book, _) = bookpack::source::load_book(dir).unwrap_or_else(|f| panic!("{f}"));
    book
}

/// The PDF's pages of `book`, laid out, with no diagnostic said.
pub fn layout_clean(book: &bookpack::model::Book) -> bookpack::pdf::book::Built {
    let mut diags = bookpack::diagnostics::Diagnostics::new();
    let built = bookpack::pdf::book::build(book, &mut diags).unwrap_or_else(|f| panic!("{f}"));
    assert!(diags.is_empty(), "{diags:?}");
    built
}
