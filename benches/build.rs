//! Whole-build benchmark: the real book (source/) loaded and set as both editions, as `bookpack build` does.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

fn build(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("source");
    let mut group = c.benchmark_group("build");
    group.sample_size(20);
    group.bench_function("load+epub+pdf", |b| {
        b.iter(|| {
            let (book, mut diags) = bookpack::source::load_book(&dir).expect("the real book loads");
            let epub = bookpack::epub::render(&book).expect("epub");
            let (pdf, _) = bookpack::pdf::render(&book, &mut diags).expect("pdf");
            (epub.len(), pdf.len())
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
