//! Command-line types (clap derive) — no logic here.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Package a Markdown book as an EPUB 3 and a typeset print PDF.
#[derive(Debug, Parser)]
#[command(name = "bookpack", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the editions (EPUB and PDF) of a book into OUT_DIR.
    Build(BuildArgs),
    /// Build, then build again whenever a file of the book changes
    /// (chapters, book.toml, images, fonts), until Ctrl-C.
    Watch(WatchArgs),
    /// Print the document model of a book as JSON on stdout.
    Dump(DumpArgs),
    /// Turn scraped plain-text chapters into Markdown chapters with notes,
    /// listed in book.toml.
    Import(ImportArgs),
    /// Show where words may break, e.g. `know-ledge demo-cracy`.
    Hyphenate(HyphenateArgs),
    /// Find faults in a book's source: scanning damage, spelling,
    /// typography, structure, metadata.
    Check(CheckArgs),
    /// Start a new book: book.toml (every key explained), a first chapter
    /// with a note, a .gitignore.
    New(NewArgs),
    /// Print a shell completion script: `source <(bookpack completions bash)`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff): `bookpack man > bookpack.1`.
    Man,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The folder to create (it must not exist, or be empty)
    pub dir: PathBuf,
    /// The book's title [default: from the folder's name]
    #[arg(long)]
    pub title: Option<String>,
    /// An author (repeat for several) [default: Anonymous]
    #[arg(long = "author")]
    pub authors: Vec<String>,
    /// The language, a BCP 47 tag such as en-GB or fr
    #[arg(long, default_value = "en", value_parser = language_tag)]
    pub language: String,
}

/// `--language`: a tag the book's `language` accepts, or a usage error
/// (the book `new` writes would not build).
fn language_tag(tag: &str) -> Result<String, String> {
    if crate::config::is_language_tag(tag) {
        Ok(tag.to_string())
    } else {
        Err("not a BCP 47 language tag: use a tag such as en, en-GB, fr or he".to_string())
    }
}

/// `hyphenate --lang`: a language bookpack has patterns for, or a usage
/// error that says why not.
fn hyphenation_language(tag: &str) -> Result<String, String> {
    use crate::pdf::hyphenate::{has_patterns, unhyphenated_by_convention};
    if has_patterns(tag) {
        Ok(tag.to_string())
    } else if unhyphenated_by_convention(tag) {
        Err(format!("`{tag}` text is not hyphenated: its lines break between words or characters by the script's own rules"))
    } else if !crate::config::is_language_tag(tag) {
        Err("not a BCP 47 language tag: use a tag such as en-GB, en-US, de or fr".to_string())
    } else {
        Err(format!("no hyphenation patterns for `{tag}`: try en-GB, en-US, de, fr, es, it, ru or another European language"))
    }
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Book folder holding book.toml [default: ./ if it has book.toml, else source/]
    pub book_dir: Option<PathBuf>,
    /// How to print the findings
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// Apply the fixes that cannot change meaning (doubled spaces, straight
    /// quotes) and list them
    #[arg(long)]
    pub fix: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// `file:line:col: warning[code]: message` and a hint, on stderr
    Text,
    /// One JSON document on stdout: code, severity, file, line, column,
    /// message, suggestion of every finding
    Json,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Book folder holding book.toml [default: ./ if it has book.toml, else source/]
    pub book_dir: Option<PathBuf>,
    /// Output folder
    #[arg(short, long, default_value = "out")]
    pub out_dir: PathBuf,
    /// Build the EPUB (with neither flag, both editions are built)
    #[arg(long)]
    pub epub: bool,
    /// Build the PDF (with neither flag, both editions are built)
    #[arg(long)]
    pub pdf: bool,
    /// Write the typesetting report (with source locations) as JSON to FILE
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Fail (exit 1) on any warning: an overfull line, an unused note, …
    #[arg(long)]
    pub deny_warnings: bool,
    /// Run `bookpack check` first; an error-level finding stops the build
    #[arg(long)]
    pub check: bool,
    /// Print errors only: no summary lines, warnings or progress bar
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Book folder holding book.toml [default: ./ if it has book.toml, else source/]
    pub book_dir: Option<PathBuf>,
    /// Output folder
    #[arg(short, long, default_value = "out")]
    pub out_dir: PathBuf,
    /// Build the EPUB (with neither flag, both editions are built)
    #[arg(long)]
    pub epub: bool,
    /// Build the PDF (with neither flag, both editions are built)
    #[arg(long)]
    pub pdf: bool,
    /// Print errors only: no summary lines, warnings or progress bar
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// Book folder holding book.toml [default: ./ if it has book.toml, else source/]
    pub book_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The raw text files (UTF-8), one chapter each
    #[arg(required = true)]
    pub raw: Vec<PathBuf>,
    /// Folder to write the chapters and book.toml into (an existing
    /// book.toml gets the new chapters added to `chapters`)
    #[arg(short, long, default_value = ".")]
    pub out_dir: PathBuf,
    /// Chapter number, when the text does not imply it
    #[arg(long)]
    pub number: Option<u32>,
}

#[derive(Debug, Args)]
pub struct HyphenateArgs {
    /// Language (BCP 47), e.g. en-GB, en-US, de, fr
    #[arg(long, default_value = "en-GB", value_parser = hyphenation_language)]
    pub lang: String,
    /// Shortest fragment before a break (1 to 10, as book.toml's)
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=10))]
    pub left_min: u8,
    /// Shortest fragment after a break (1 to 10, as book.toml's)
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=10))]
    pub right_min: u8,
    /// Words to hyphenate
    #[arg(required = true)]
    pub words: Vec<String>,
}
