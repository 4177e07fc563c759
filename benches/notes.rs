//! Note placements compared on the first book (issue 11): the PDF set with page-bottom notes against book-end notes, whose bar is at most 20 % more time.
//!
//! Page-bottom notes make pagination carry each page's notes in its cost
//! (`paginate_notes`), where book-end notes are a section of their own;
//! the rest of the build (shaping, breaking, writing) is the same.

use std::path::Path;

use bookpack::model::NotesPlacement;
use criterion::{criterion_group, criterion_main, Criterion};

// The same allocator as the `bookpack` binary, so this measures what
// `bookpack build` does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn placements(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("source");
    let (book, _) = bookpack::source::load_book(&dir).expect("the real book loads");
    let mut group = c.benchmark_group("notes");
    group.sample_size(20);
    for (name, placement) in [
        ("pdf-book-end", NotesPlacement::BookEnd),
        ("pdf-page-bottom", NotesPlacement::PageBottom),
    ] {
        let mut book = book.clone();
        book.pdf.notes = placement;
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut diags = bookpack::diagnostics::Diagnostics::new();
                bookpack::pdf::render(&book, &mut diags)
                    .expect("pdf")
                    .0
                    .len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, placements);
criterion_main!(benches);
