//! Benchmarks of the paragraph engine on the whole chapter (source/): shaping, hyphenation, line breaking, and setting every paragraph.

use std::path::Path;

use bookpack::model::{Block, Inline};
use bookpack::pdf::fontset::{FaceKind, FontSet};
use bookpack::pdf::hyphenate::Hyphenator;
use bookpack::pdf::linebreak;
use bookpack::pdf::paragraph::{ParagraphStyle, Typesetter};
use bookpack::pdf::shape::{Shaper, Variant};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn chapter() -> Vec<Vec<Inline>> {
    let (book, _) = bookpack::source::load_book(Path::new("source")).expect("source/ loads");
    let mut out = Vec::new();
    for chapter in &book.chapters {
        for block in chapter.synopsis.iter().chain(&chapter.blocks) {
            if let Block::Paragraph { content, .. } = block {
                out.push(content.clone());
            }
        }
    }
    out
}

fn words(paragraphs: &[Vec<Inline>]) -> Vec<String> {
    paragraphs
        .iter()
        .flat_map(|p| {
            Inline::plain_text(p)
                .split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let paragraphs = chapter();
    let words = words(&paragraphs);
    let style = ParagraphStyle::body(11.0, 305.0, 11.0);

    let mut group = c.benchmark_group(format!("chapter ({} words)", words.len()));
    group.sample_size(20);

    group.bench_function("shape every word, cached plan, no word cache", |b| {
        let mut shaper = Shaper::new(FontSet::embedded());
        b.iter(|| {
            for word in &words {
                black_box(shaper.shape_uncached(FaceKind::Regular, Variant::Normal, word));
            }
        })
    });
    group.bench_function("shape every word, cached plan and word cache (cold)", |b| {
        b.iter(|| {
            let mut shaper = Shaper::new(FontSet::embedded());
            for word in &words {
                black_box(shaper.shape(FaceKind::Regular, Variant::Normal, word));
            }
        })
    });

    let hyphenator = Hyphenator::new("en-GB", 2, 3).unwrap();
    group.bench_function("hyphenate every word (en-GB)", |b| {
        b.iter(|| {
            for word in &words {
                black_box(hyphenator.hyphenate(word));
            }
        })
    });

    let mut typesetter =
        Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap());
    let prepared: Vec<_> = paragraphs
        .iter()
        .map(|p| typesetter.breaker_items(p, &style))
        .collect();
    group.bench_function("break every paragraph (Knuth-Plass)", |b| {
        b.iter(|| {
            for (items, params) in &prepared {
                black_box(linebreak::break_lines(items, style.measure, params));
            }
        })
    });

    group.bench_function("set every paragraph (warm caches)", |b| {
        b.iter(|| {
            for p in &paragraphs {
                black_box(typesetter.set_paragraph(p, &style));
            }
        })
    });
    group.bench_function("set every paragraph (cold: new typesetter)", |b| {
        b.iter(|| {
            let mut fresh =
                Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap());
            for p in &paragraphs {
                black_box(fresh.set_paragraph(p, &style));
            }
        })
    });
    group.finish();
}

criterion_group!(paragraph, benches);
criterion_main!(paragraph);
