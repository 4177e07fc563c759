//! Whole-build benchmark: the real book (source/) loaded and set as both editions, as `bookpack build` does.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

// The same allocator as the `bookpack` binary, so this measures what
// `bookpack build` does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn build(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("source");
    let mut group = c.benchmark_group("build");
    group.sample_size(20);
    // As `bookpack build` does: load, then both editions side by side.
    group.bench_function("load+epub+pdf", |b| {
        b.iter(|| {
            let (book, mut diags) =
                bookpack::source::load_book_to_build(&dir).expect("the real book loads");
            let wanted = bookpack::editions::Wanted {
                epub: true,
                pdf: true,
            };
            let editions =
                bookpack::editions::render(&book, wanted, &mut diags).expect("both editions");
            (
                editions.epub.map(|e| e.len()),
                editions.pdf.map(|p| p.0.len()),
            )
        })
    });
    let (book, _) = bookpack::source::load_book(&dir).expect("the real book loads");
    group.bench_function("pdf", |b| {
        b.iter(|| {
            let mut diags = bookpack::diagnostics::Diagnostics::new();
            bookpack::pdf::render(&book, &mut diags)
                .expect("pdf")
                .0
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, build);
criterion_main!(benches);
