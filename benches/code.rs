//! Benchmarks of code colouring (`bookpack::highlight`): reading blocks of Rust, Python and shell with their grammars.

use criterion::{black_box, criterion_group, criterion_main, Criterion};

/// Real code of some length: bookpack's own PDF code-block setter (Rust),
/// and generated Python and shell.
fn corpus() -> Vec<(&'static str, String)> {
    let rust = include_str!("../src/pdf/code.rs").to_string();
    let python: String = (0..200)
        .map(|i| {
            format!(
                "def area_{i}(r: float) -> float:\n    \"\"\"Area of circle {i}.\"\"\"\n    return 3.14159 * r ** 2  # approximately\n\n"
            )
        })
        .collect();
    let shell: String = (0..200)
        .map(|i| format!("for f in out/*.pdf; do qpdf --check \"$f\" > /dev/null || echo \"bad $f ({i})\"; done\n"))
        .collect();
    vec![("rust", rust), ("python", python), ("sh", shell)]
}

fn benches(c: &mut Criterion) {
    let corpus = corpus();
    // The grammars load and compile once a process: not what is measured.
    for (language, text) in &corpus {
        bookpack::highlight::tokens(language, text);
    }
    let mut group = c.benchmark_group("code");
    for (language, text) in &corpus {
        let lines = text.lines().count();
        group.bench_function(format!("colour {lines} lines of {language}"), |b| {
            b.iter(|| bookpack::highlight::tokens(black_box(language), black_box(text)))
        });
    }
    group.finish();
}

criterion_group!(code, benches);
criterion_main!(code);
