//! Writes a generated book to a folder, to measure with `/usr/bin/time -v` or `perf`.
//!
//! `cargo run --release --example bookgen -- repeated 80 /tmp/book80`, then
//! `bookpack build /tmp/book80 -o /tmp/out80`. Kinds: repeated N (the first
//! chapter as N chapters), varied N (the same with each chapter's
//! paragraphs reworded by rotating their words), indexed N (varied, with
//! an index of its names and longest words), math N (a textbook: a
//! formula in every paragraph, numbered equations), paragraph WORDS, word LETTERS, notes N,
//! chapters N, nested DEPTH, table ROWS.

#[path = "../benches/bookgen/mod.rs"]
mod bookgen;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [kind, n, dir] = args.as_slice() else {
        eprintln!(
            "usage: bookgen repeated|varied|indexed|math|paragraph|word|notes|chapters|nested|table N OUT_DIR"
        );
        return ExitCode::from(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("bookgen: N must be a number, not `{n}`");
        return ExitCode::from(2);
    };
    let book = match kind.as_str() {
        "repeated" => bookgen::repeated(n),
        "varied" => bookgen::varied(n),
        "indexed" => bookgen::indexed(n),
        "math" => bookgen::mathematical(n),
        "paragraph" => bookgen::long_paragraph(n),
        "word" => bookgen::long_word(n),
        "notes" => bookgen::many_notes(n),
        "chapters" => bookgen::many_chapters(n),
        "nested" => bookgen::nested(n),
        "table" => bookgen::table(n),
        other => {
            eprintln!("bookgen: unknown kind `{other}`");
            return ExitCode::from(2);
        }
    };
    let dir = PathBuf::from(dir);
    if let Err(e) = book.write(&dir) {
        eprintln!("bookgen: cannot write {}: {e}", dir.display());
        return ExitCode::from(1);
    }
    println!(
        "{}: {} chapters, {} words",
        dir.display(),
        book.chapters.len(),
        book.words()
    );
    ExitCode::SUCCESS
}
