//! Benchmarks for the EPUB edition: model → `.epub` bytes.
//!
//! Two inputs: the `minimal` fixture book as loaded from disk (so the
//! generated cover dominates), and a chapter-sized book (the minimal chapter's
//! paragraphs repeated to ~300, about the size of the real chapter) with a
//! supplied cover, which measures the XHTML, package and zip work alone.

use std::path::Path;

use bookpack::epub;
use bookpack::model::{Block, Inline, Span};
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/minimal");
    let (book, _) = bookpack::source::load_book(&dir).expect("fixture book loads");

    let mut group = c.benchmark_group("epub");
    group.sample_size(20);
    group.bench_function("render/minimal-generated-cover", |b| {
        b.iter(|| epub::render(std::hint::black_box(&book)).unwrap())
    });

    // Reuse the generated cover as a supplied one, so the next case skips drawing.
    let mut big = book.clone();
    let generated = {
        let bytes = epub::render(&book).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut png = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name("EPUB/cover.png").unwrap(), &mut png).unwrap();
        png
    };
    big.epub.cover = Some("cover.png".into());
    big.assets.cover = Some((generated, "image/png".into()));
    // ~300 paragraphs of ~50 words each, about the real chapter's 14.5k words.
    let paragraph = Block::Paragraph {
        content: vec![
            Inline::Text { text: "All the representatives of the communist and workers\u{2019} parties, who were at the Congress, know the stand of our Party in connection with the ".repeat(2) },
            Inline::Emphasis { content: vec![Inline::Text { text: "pokushenie".into() }] },
            Inline::Text { text: " \u{2014} the plot which the Khrushchevites hatched up & carried out.".into() },
        ],
        span: Span::default(),
    };
    big.chapters[0]
        .blocks
        .extend(std::iter::repeat_n(paragraph, 300));
    group.bench_function("render/300-paragraphs-given-cover", |b| {
        b.iter(|| epub::render(std::hint::black_box(&big)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
