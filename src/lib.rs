//! bookpack: package a Markdown book as an EPUB 3 and a typeset print PDF.
//!
//! Data flows one way: `source` reads the book folder, `markdown` builds the
//! `model::Book`, and the `epub` and `pdf` backends each read only the model.

pub mod diagnostics;
pub mod fonts;
pub mod import;
pub mod model;
pub mod output;
pub mod pdf;
