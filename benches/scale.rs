//! Scale benchmarks (issue 10): the first chapter repeated as 1, 10 and 80 chapters, and the pathological books, each loaded and built as both editions.
//!
//! The books come from `benches/bookgen` (the same generator the scale
//! tests and `examples/bookgen.rs` use), written once into a temporary
//! folder. A build of the 80-chapter book takes seconds, so the samples
//! are few; a regression of the kind issue 10 is about (a paragraph that
//! takes minutes, a cost that grows faster than the book) still shows.

#[path = "bookgen/mod.rs"]
mod bookgen;

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

// The same allocator as the `bookpack` binary, so this measures what
// `bookpack build` does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Loads the book in `dir` and renders both editions, as `bookpack build`.
fn build_both(dir: &Path) -> (usize, usize) {
    let (book, mut diags) =
        bookpack::source::load_book_to_build(dir).expect("the generated book loads");
    let wanted = bookpack::editions::Wanted {
        epub: true,
        pdf: true,
    };
    let editions = bookpack::editions::render(&book, wanted, &mut diags).expect("both editions");
    (
        editions.epub.map_or(0, |e| e.len()),
        editions.pdf.map_or(0, |p| p.0.len()),
    )
}

fn scale(c: &mut Criterion) {
    let root = tempfile::tempdir().expect("a temporary folder");
    // One chapter: the cost every build pays whatever its length (cover,
    // fonts, the vocabulary's first shaping, the serial start and end), the
    // part of the 10-chapter book's time per chapter that the 80-chapter
    // book's does not have.
    let books = [
        ("repeated-1", bookgen::repeated(1)),
        ("repeated-10", bookgen::repeated(10)),
        ("repeated-80", bookgen::repeated(80)),
        ("paragraph-150k-words", bookgen::long_paragraph(150_000)),
        ("word-100k-letters", bookgen::long_word(100_000)),
        ("notes-10k", bookgen::many_notes(10_000)),
        ("chapters-2k", bookgen::many_chapters(2_000)),
        ("nested-10k", bookgen::nested(10_000)),
        ("table-5k-rows", bookgen::table(5_000)),
    ];
    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.warm_up_time(Duration::from_secs(1));
    for (name, book) in &books {
        let dir = root.path().join(name);
        book.write(&dir).expect("the generated book is written");
        group.bench_function(*name, |b| b.iter(|| build_both(&dir)));
    }
    group.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);
