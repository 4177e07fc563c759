//! bookpack: package a Markdown book as an EPUB 3 and a typeset print PDF.
//!
//! Data flows one way: `source` reads the book folder, `markdown`,
//! `notes` and `links` build the `model::Book`, and the `epub` and `pdf` backends each
//! read only the model. A book loaded to build holds its chapters as
//! outlines and gives each whole again when a backend asks for it
//! (`model::Bodies`), so memory holds a few chapters' text, not the book's.

/// `println!` that never panics: a reader that stops early (`bookpack
/// check --format json | head`) closes the pipe, and `println!` would
/// panic on the broken pipe with a backtrace. What cannot be written is
/// dropped; the command's work and exit code stand.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprintln!` that never panics (see `say!`).
macro_rules! say_err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

pub mod bibliography;
pub mod captions;
pub mod check;
pub mod citations;
pub mod cli;
pub mod commands;
pub mod config;
pub mod dates;
pub mod diagnostics;
pub mod editions;
pub mod epub;
pub mod exceptions;
pub mod fingerprint;
pub mod fonts;
pub mod highlight;
pub mod ids;
pub mod images;
pub mod import;
pub mod imprint;
pub mod index;
pub mod labels;
pub mod language;
pub mod links;
pub mod lists;
pub mod manual;
pub mod markdown;
pub mod math;
pub mod model;
pub mod new;
pub mod notes;
pub mod numerals;
pub mod output;
pub mod parallel;
pub mod pdf;
pub mod progress;
#[cfg(test)]
mod proptest_seed;
pub mod sites;
pub mod source;
pub mod structure;
pub mod svg;
pub mod typography;
pub mod watch;
