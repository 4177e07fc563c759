//! `bookpack check` on a book in several languages: words of a passage in
//! another language (`::: {lang=…}`, `<span lang="…">`, a chapter's front
//! matter `language`) are spell-checked with that language's dictionary
//! when one is installed and left alone by the book's language's rules
//! otherwise; quotation marks pair as each language sets them. The
//! dictionaries are small Hunspell files written here (an English one for
//! the book, a French one found through `BOOKPACK_DICTIONARY_PATH`), so
//! every machine gives the same findings.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::assert_exit;

const AFF: &str = "SET UTF-8\nTRY esianrtolcdugmfphbyvkw\n";

fn write_dictionary(dir: &Path, stem: &str, words: &[&str]) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join(format!("{stem}.aff")), AFF).unwrap();
    fs::write(
        dir.join(format!("{stem}.dic")),
        format!("{}\n{}\n", words.len(), words.join("\n")),
    )
    .unwrap();
}

const ENGLISH: &[&str] = &[
    "The",
    "the",
    "delegates",
    "spoke",
    "and",
    "left",
    "at",
    "last",
    "Conference",
    "conference",
    "Another",
    "another",
    "chapter",
    "They",
    "they",
    "wrote",
];

const FRENCH: &[&str] = &[
    "le",
    "Le",
    "gouvernement",
    "ne",
    "jamais",
    "il",
    "Il",
    "a",
    "dit",
    "nous",
    "Nous",
    "partirons",
    "demain",
    "puis",
    "est",
    "sorti",
    "chapitre",
    "reconnaîtra",
    "sommes",
    "vus",
];

const CHAPTER_ONE: &str = "# The Conference

The delegates spoke <span lang=\"fr\">le gouvernemant ne reconnaîtra jamais</span> and left.

::: {lang=fr}
Il a dit : « Nous partirons demain », puis il est sorti.
:::

::: {lang=de}
Er sagte: „Wir fahren morgen“, und ging hinaus.
:::

The delegates spokke at last.
";

const CHAPTER_TWO: &str = "+++
language = \"fr\"
+++

# Le chapitre

Nous partirons demain, dit le gouvernemant.
";

/// The book, and a folder of dictionaries for other languages.
fn write_book(dir: &Path) {
    fs::write(
        dir.join("book.toml"),
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nrights = \"r\"\ndescription = \"d\"\nidentifier = \"urn:x:1\"\nchapters = [\"one.md\", \"two.md\"]\n[check]\ndictionary = \"dict/en\"\n",
    )
    .unwrap();
    fs::write(dir.join("one.md"), CHAPTER_ONE).unwrap();
    fs::write(dir.join("two.md"), CHAPTER_TWO).unwrap();
    write_dictionary(&dir.join("dict"), "en", ENGLISH);
}

/// `bookpack check --format json` with `dictionaries` as the folder of
/// other languages' dictionaries: each finding as (code, file name, line,
/// column, message, suggestion).
fn findings(dir: &Path, dictionaries: &Path) -> Vec<(String, String, u64, u64, String, String)> {
    let o = Command::new(env!("CARGO_BIN_EXE_bookpack"))
        .args(["check", dir.to_str().unwrap(), "--format", "json"])
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("BOOKPACK_DICTIONARY_PATH", dictionaries)
        .output()
        .expect("run bookpack");
    assert_exit(&o, 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["file"].as_str().unwrap().ends_with("book.toml"))
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                Path::new(f["file"].as_str().unwrap())
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                // null for a finding about the whole book
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap().to_string(),
                f["suggestion"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn passages_are_checked_in_their_own_language_with_its_dictionary() {
    let tmp = tempfile::tempdir().unwrap();
    write_book(tmp.path());
    let others = tmp.path().join("others");
    write_dictionary(&others, "fr_FR", FRENCH);
    let found = findings(tmp.path(), &others);
    let summary: Vec<(&str, &str, u64, u64)> = found
        .iter()
        .map(|(code, file, line, col, _, _)| (code.as_str(), file.as_str(), *line, *col))
        .collect();
    assert_eq!(
        summary,
        [
            // The French misspelling, in a span and in a French chapter,
            // found by the French dictionary.
            ("spelling", "one.md", 3, 40),
            // German has no dictionary here: said once, where it is met.
            ("no-dictionary", "one.md", 10, 1),
            // English is still checked around the passages.
            ("spelling", "one.md", 13, 15),
            ("spelling", "two.md", 7, 31),
        ],
        "{found:#?}"
    );
    assert!(found[0].4.contains("gouvernemant"), "{found:#?}");
    assert!(found[0].5.contains("gouvernement"), "{found:#?}");
    assert!(found[1].4.contains("`de`"), "{found:#?}");
    assert!(found[2].4.contains("spokke"), "{found:#?}");
}

#[test]
fn without_a_dictionary_for_a_passage_its_words_are_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    write_book(tmp.path());
    let none = tmp.path().join("no-dictionaries");
    fs::create_dir_all(&none).unwrap();
    let found = findings(tmp.path(), &none);
    let codes: Vec<(&str, &str, u64)> = found
        .iter()
        .map(|(code, file, line, _, _, _)| (code.as_str(), file.as_str(), *line))
        .collect();
    // Not one English spelling or scanning finding on a French or German
    // word; one note per language without a dictionary; the English
    // misspelling still found.
    assert_eq!(
        codes,
        [
            ("no-dictionary", "one.md", 3),
            ("no-dictionary", "one.md", 10),
            ("spelling", "one.md", 13),
        ],
        "{found:#?}"
    );
    assert!(found[0].4.contains("`fr`"), "{found:#?}");
}

#[test]
fn a_french_book_checks_its_english_passages_in_english() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(
        dir.join("book.toml"),
        "title = \"Le livre\"\nauthors = [\"A\"]\nlanguage = \"fr\"\nrights = \"r\"\ndescription = \"d\"\nidentifier = \"urn:x:2\"\nchapters = [\"un.md\"]\n[check]\ndictionary = \"dict/fr_FR\"\n",
    )
    .unwrap();
    write_dictionary(&dir.join("dict"), "fr_FR", FRENCH);
    fs::write(
        dir.join("un.md"),
        "# Le chapitre\n\nIl a dit : \"Nous partirons demain\", puis il est sorti. Nous nous sommes vus.\n\nLe gouvernemant dit <span lang=\"en\">the the delegates spokke</span>, puis il est sorti.\n\nIl a dit : « Nous partirons demain.\n",
    )
    .unwrap();
    let others = dir.join("others");
    write_dictionary(&others, "en", ENGLISH);
    let found = findings(dir, &others);
    let summary: Vec<(&str, u64, u64, &str)> = found
        .iter()
        .map(|(code, _, line, col, _, hint)| (code.as_str(), *line, *col, hint.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            // Straight quotes, shown as French sets them.
            (
                "straight-quote",
                3,
                12,
                "`“`, which the build sets as `«` in `fr`"
            ),
            (
                "straight-quote",
                3,
                34,
                "`”`, which the build sets as `»` in `fr`"
            ),
            // `nous nous` is French grammar, not a doubled word. The French
            // misspelling by the book's dictionary, the English one and the
            // doubled English word by the English dictionary and rules.
            (
                "spelling",
                5,
                4,
                "did you mean `gouvernement`? If it is right, add it to words.txt beside book.toml"
            ),
            ("doubled-word", 5, 41, "one `the`"),
            (
                "spelling",
                5,
                55,
                "did you mean `spoke`? If it is right, add it to words.txt beside book.toml"
            ),
            (
                "unbalanced-quote",
                7,
                12,
                "add the closing `»` where the quotation ends"
            ),
        ],
        "{found:#?}"
    );
}
