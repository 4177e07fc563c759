//! Book generator for benchmarks and scale tests: the first book's chapter repeated as N chapters, and the pathological books of issue 10.
//!
//! Shared by `benches/scale.rs`, `examples/bookgen.rs` (writes a book to a
//! folder for `/usr/bin/time -v` and `perf`) and the scale tests in `tests/`
//! (through `#[path]`), so the books measured and the books tested are the
//! same. Everything is generated, nothing big is committed; the output
//! depends only on the arguments.

#![allow(dead_code)] // each includer uses a different subset

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The repository's `source/`: the first book.
pub fn first_book() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("source")
}

/// A generated book: `book.toml` plus its chapters, as (file name, text).
pub struct GenBook {
    pub toml: String,
    pub chapters: Vec<(String, String)>,
}

impl GenBook {
    /// Writes the book into `dir` (created if missing).
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        fs::create_dir_all(dir)?;
        fs::write(dir.join("book.toml"), &self.toml)?;
        for (name, text) in &self.chapters {
            fs::write(dir.join(name), text)?;
        }
        Ok(())
    }

    /// Words in the chapters (whitespace-separated runs, Markdown included).
    pub fn words(&self) -> usize {
        self.chapters
            .iter()
            .map(|(_, t)| t.split_whitespace().count())
            .sum()
    }
}

/// A `book.toml` with a fixed title, author, language and date (so the
/// output is reproducible) and the given chapter files.
fn toml_for(title: &str, chapters: &[(String, String)]) -> String {
    let mut t = format!(
        "title = \"{title}\"\nauthors = [\"Bookgen\"]\nlanguage = \"en-GB\"\ndate = \"2026\"\nchapters = [\n"
    );
    for (name, _) in chapters {
        let _ = writeln!(t, "  \"{name}\",");
    }
    t.push_str("]\n");
    t
}

/// The first book's chapter repeated as `n` chapters, each numbered 1..=n
/// and titled with its own number ("From Bucharest to Moscow, 7"), so no
/// chapter's id, title or note ids are shared by accident. The metadata is
/// the first book's, with only `chapters` (and `errata`, which names a file
/// that is not copied) replaced.
pub fn repeated(n: usize) -> GenBook {
    let dir = first_book();
    let config = fs::read_to_string(dir.join("book.toml")).expect("source/book.toml");
    let mut value: toml::Table = config.parse().expect("source/book.toml parses");
    let first = value["chapters"].as_array().expect("chapters")[0]
        .as_str()
        .expect("a chapter file")
        .to_string();
    let text = fs::read_to_string(dir.join(&first)).expect("the first chapter");
    let (front, body) = split_front_matter(&text);
    let heading_at = body
        .find("\n# ")
        .map(|i| i + 1)
        .or_else(|| body.starts_with("# ").then_some(0));
    let heading_at = heading_at.expect("the chapter has a level-1 heading");
    let heading_end = heading_at + body[heading_at..].find('\n').expect("heading line ends");
    let title = body[heading_at + 2..heading_end].trim().to_string();
    let _ = front;
    let chapters: Vec<(String, String)> = (1..=n)
        .map(|i| {
            let name = format!("{i:04}-chapter.md");
            let text = format!(
                "+++\nnumber = {i}\n+++\n{}# {title}, {i}{}",
                &body[..heading_at],
                &body[heading_end..]
            );
            (name, text)
        })
        .collect();
    value.remove("errata");
    value.insert(
        "chapters".into(),
        toml::Value::Array(
            chapters
                .iter()
                .map(|(name, _)| toml::Value::String(name.clone()))
                .collect(),
        ),
    );
    GenBook {
        toml: toml::to_string(&value).expect("book.toml serializes"),
        chapters,
    }
}

/// The first chapter as `n` chapters that differ: as [`repeated`], but in
/// chapter `i` the words of each prose paragraph are rotated by an amount
/// that depends on `i` and the paragraph (chapter 1 is the first chapter
/// as it is). Every paragraph then breaks into other lines and every
/// chapter into other pages, while the vocabulary stays a real book's:
/// what measures a long book without the repetition of `repeated`.
pub fn varied(n: usize) -> GenBook {
    let mut book = repeated(n);
    for (i, (_, text)) in book.chapters.iter_mut().enumerate() {
        let blocks: Vec<String> = text
            .split("\n\n")
            .enumerate()
            .map(|(k, block)| {
                let prose = block
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || matches!(c, '“' | '‘' | '"'))
                    && !block.contains("```")
                    && !block.contains("\n+++");
                let words: Vec<&str> = block.split_whitespace().collect();
                if !prose || i == 0 || words.len() < 2 {
                    return block.to_string();
                }
                let r = (i * 7 + k * 3) % words.len();
                let mut rotated = words[r..].to_vec();
                rotated.extend_from_slice(&words[..r]);
                rotated.join(" ")
            })
            .collect();
        *text = blocks.join("\n\n");
    }
    book
}

/// The names [`indexed`] lists wherever they stand, and the heading each
/// is listed under.
const INDEXED_NAMES: [(&str, &str); 8] = [
    ("Khrushchev", "Khrushchev, Nikita"),
    ("Mikoyan", "Mikoyan, Anastas"),
    ("Kosygin", "Kosygin, Alexei"),
    ("Shehu", "Shehu, Mehmet"),
    ("Moscow", "Moscow"),
    ("Beijing", "Beijing"),
    ("Bucharest", "Bucharest Meeting"),
    ("Soviet", "Soviet Union"),
];

/// [`varied`] with a back-of-book index: each of [`INDEXED_NAMES`]
/// marked wherever it stands in a prose paragraph (every third
/// paragraph's under a sub-heading, "Khrushchev, Nikita!in chapter 7"),
/// and each paragraph's longest word listed under itself by an
/// invisible mark at its end: a few headings with hundreds of pages and
/// many with a few, as a history's index has.
pub fn indexed(n: usize) -> GenBook {
    let mut book = varied(n);
    for (i, (_, text)) in book.chapters.iter_mut().enumerate() {
        let blocks: Vec<String> = text
            .split("\n\n")
            .enumerate()
            .map(|(k, block)| {
                let prose = block.chars().next().is_some_and(char::is_alphabetic)
                    && !block.contains("](")
                    && !block.contains('`')
                    && !block.contains('{')
                    && !block.contains("\n+++");
                if !prose {
                    return block.to_string();
                }
                let mut out = String::with_capacity(block.len() * 2);
                for (w, word) in block.split(' ').enumerate() {
                    if w > 0 {
                        out.push(' ');
                    }
                    let core = word.trim_end_matches(|c: char| !c.is_alphanumeric());
                    match INDEXED_NAMES.iter().find(|(name, _)| *name == core) {
                        Some((name, heading)) => {
                            let sub = if k % 3 == 0 {
                                format!("!in chapter {}", i + 1)
                            } else {
                                String::new()
                            };
                            let _ = write!(out, "[{name}]{{index=\"{heading}{sub}\"}}");
                            out.push_str(&word[core.len()..]);
                        }
                        None => out.push_str(word),
                    }
                }
                let longest = block
                    .split(|c: char| !c.is_alphabetic())
                    .filter(|w| w.chars().count() > 6)
                    .max_by_key(|w| (w.chars().count(), *w));
                if let Some(word) = longest {
                    let _ = write!(out, "[]{{index=\"{}\"}}", word.to_lowercase());
                }
                out
            })
            .collect();
        *text = blocks.join("\n\n");
    }
    book
}

/// In-line formulas [`mathematical`] sets among its words.
const INLINE_FORMULAS: [&str; 8] = [
    "x^2 + y^2 = r^2",
    "\\alpha_{i+1} \\leq \\beta",
    "f'(x) = \\lim_{h \\to 0} (f(x+h) - f(x))/h",
    "\\sqrt{2}",
    "\\mathbb{R}^n",
    "\\sum_{k=1}^{n} a_k",
    "e^{i\\pi} + 1 = 0",
    "\\lVert v \\rVert",
];

/// Displayed formulas [`mathematical`] sets between its paragraphs.
const DISPLAYED_FORMULAS: [&str; 6] = [
    "\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}",
    "\\int_{-\\infty}^{\\infty} e^{-x^2} \\, \\mathrm{d}x = \\sqrt{\\pi}",
    "A = \\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}, \\quad \\det A = ad - bc",
    "|x| = \\begin{cases} x & \\text{if } x \\geq 0, \\\\ -x & \\text{otherwise} \\end{cases}",
    "\\left( \\sum_{i=1}^{n} a_i b_i \\right)^2 \\leq \\sum_{i=1}^{n} a_i^2 \\sum_{i=1}^{n} b_i^2",
    "\\begin{aligned} (a+b)^2 &= a^2 + 2ab + b^2 \\\\ &\\geq 4ab \\end{aligned}",
];

/// A textbook of `n` chapters: paragraphs of the first book's words with
/// a formula in every one, and after every third a displayed formula,
/// every other one named (`{#eq-…}`, so numbered) and cited by the next
/// paragraph: about 100 formulas and 20 equations a chapter.
pub fn mathematical(n: usize) -> GenBook {
    let words = prose_words();
    let mut cursor = 0;
    let mut chapters = Vec::new();
    for c in 0..n {
        let mut text = format!("# Chapter of Sums {}\n\n", c + 1);
        let mut last_named: Option<String> = None;
        for p in 0..80 {
            let mut para = String::new();
            for w in 0..60 {
                if w == 30 {
                    let formula = INLINE_FORMULAS[(c + p) % INLINE_FORMULAS.len()];
                    let _ = write!(para, "${formula}$ ");
                }
                para.push_str(&words[cursor % words.len()]);
                para.push(' ');
                cursor += 1;
            }
            if let Some(id) = last_named.take() {
                let _ = write!(para, "(see @{id}).");
            }
            text.push_str(para.trim_end());
            text.push_str("\n\n");
            if p % 3 == 2 {
                let formula = DISPLAYED_FORMULAS[(c + p) % DISPLAYED_FORMULAS.len()];
                let _ = write!(text, "$${formula}$$");
                if p % 2 == 0 {
                    let id = format!("eq-{}-{p}", c + 1);
                    let _ = write!(text, " {{#{id}}}");
                    last_named = Some(id);
                }
                text.push_str("\n\n");
            }
        }
        chapters.push((format!("{:02}-sums.md", c + 1), text));
    }
    GenBook {
        toml: toml_for("A Book of Sums", &chapters),
        chapters,
    }
}

/// (front matter with its fences, the rest).
fn split_front_matter(text: &str) -> (&str, &str) {
    if let Some(rest) = text.strip_prefix("+++\n") {
        if let Some(end) = rest.find("\n+++\n") {
            let cut = 4 + end + 5;
            return (&text[..cut], &text[cut..]);
        }
    }
    ("", text)
}

/// The first book's body words, in order, for filler text that hyphenates
/// and justifies like real prose (no Markdown, no note markers).
pub fn prose_words() -> Vec<String> {
    let text = fs::read_to_string(first_book().join("12-from-bucharest-to-moscow.md"))
        .expect("the first chapter");
    text.lines()
        .filter(|l| {
            !l.is_empty() && !l.starts_with(['#', '+', ':', '[']) && !l.starts_with("number")
        })
        .flat_map(|l| l.split_whitespace())
        .filter(|w| !w.contains("[^") && !w.contains(['*', '_', '`', '<', '>', '\\']))
        .map(str::to_string)
        .collect()
}

/// `count` words of prose, cycling through the first book's words.
pub fn prose(count: usize) -> String {
    let words = prose_words();
    let mut s = String::with_capacity(count * 7);
    for (i, w) in words.iter().cycle().take(count).enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

fn one_chapter(title: &str, body: String) -> GenBook {
    let chapters = vec![("01-chapter.md".to_string(), body)];
    GenBook {
        toml: toml_for(title, &chapters),
        chapters,
    }
}

/// One chapter that is a single paragraph of `words` words.
pub fn long_paragraph(words: usize) -> GenBook {
    one_chapter(
        "One Long Paragraph",
        format!("# One paragraph\n\n{}\n", prose(words)),
    )
}

/// One word of `letters` letters, between two ordinary sentences.
pub fn long_word(letters: usize) -> GenBook {
    let word: String = "abcdefghijklmnopqrstuvwxyz"
        .chars()
        .cycle()
        .take(letters)
        .collect();
    one_chapter(
        "One Long Word",
        format!("# One word\n\nBefore the word. {word} After the word.\n"),
    )
}

/// One chapter citing `notes` notes, one per short sentence.
pub fn many_notes(notes: usize) -> GenBook {
    let mut body = String::from("# Notes\n\n");
    for i in 1..=notes {
        let _ = write!(body, "Sentence {i} cites a note.[^n{i}] ");
        if i % 20 == 0 {
            body.push_str("\n\n");
        }
    }
    body.push_str("\n\n");
    for i in 1..=notes {
        let _ = writeln!(body, "[^n{i}]: The text of note {i}.\n");
    }
    one_chapter("Many Notes", body)
}

/// `n` chapters of one line each.
pub fn many_chapters(n: usize) -> GenBook {
    let chapters: Vec<(String, String)> = (1..=n)
        .map(|i| {
            (
                format!("{i:05}-chapter.md"),
                format!("# Chapter {i}\n\nThe one line of chapter {i}.\n"),
            )
        })
        .collect();
    GenBook {
        toml: toml_for("Many Chapters", &chapters),
        chapters,
    }
}

/// Block quotes nested `depth` deep around a paragraph, then a list
/// nested `depth` deep (`- - - item`: each marker opens a list inside the
/// item before it, so the source stays linear in `depth`).
pub fn nested(depth: usize) -> GenBook {
    let mut body = String::from("# Nested\n\n");
    body.push_str(&"> ".repeat(depth));
    body.push_str("The innermost quotation.\n\n");
    body.push_str("The paragraph between.\n\n");
    body.push_str(&"- ".repeat(depth));
    body.push_str("The innermost item.\n\n");
    body.push_str("The paragraph after.\n");
    one_chapter("Nested", body)
}

/// The cells of row `i` of [`table`]'s table: number, town, people and a
/// remark (every 50th one long enough to wrap in its cell).
pub fn table_row(i: usize) -> [String; 4] {
    let remark = if i % 50 == 7 {
        "a remark long enough that it has to wrap onto a second line of its cell"
    } else {
        "noted"
    };
    [
        i.to_string(),
        format!("Town {}", i % 37),
        ((i * 7919) % 250_000).to_string(),
        remark.to_string(),
    ]
}

/// One chapter holding a table of `rows` rows (four columns, a header, a
/// caption), with a sentence before and after it.
pub fn table(rows: usize) -> GenBook {
    let mut body = String::from(
        "# A register\n\nA long register.\n\n| No. | Town | People | Remark |\n|---:|---|---:|---|\n",
    );
    for i in 0..rows {
        let _ = writeln!(body, "| {} |", table_row(i).join(" | "));
    }
    body.push_str("\nTable: The register\n\nAfter the table.\n");
    one_chapter("One Long Table", body)
}
