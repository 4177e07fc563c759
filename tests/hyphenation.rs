//! Hyphenation exceptions (`[pdf.hyphenation] exceptions` and
//! `language-exceptions`) on the fixture `tests/books/hyphenation-exceptions`:
//! each word the book lists breaks in the PDF only where its entry says,
//! the French list takes precedence in a French passage, the EPUB is the
//! same with or without the lists, and a malformed entry stops the build
//! at its place.

mod common;
use common::inspect::pdf_body_text;
use common::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// The fixture's editions built from `book` (a copy of the fixture's
/// folder, its book.toml given as `toml`): (EPUB bytes, PDF bytes).
fn build(toml: &str, out: &Path) -> (Vec<u8>, Vec<u8>) {
    let book = out.join("book");
    fs::create_dir_all(&book).unwrap();
    let fixture = common::book("hyphenation-exceptions");
    fs::copy(
        fixture.join("01-exceptions.md"),
        book.join("01-exceptions.md"),
    )
    .unwrap();
    fs::write(book.join("book.toml"), toml).unwrap();
    let editions = out.join("out");
    let o = bookpack(&[
        "build",
        "-q",
        "-o",
        editions.to_str().unwrap(),
        book.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    (
        fs::read(editions.join("exceptions.epub")).unwrap(),
        fs::read(editions.join("exceptions.pdf")).unwrap(),
    )
}

/// Every word the PDF breaks at a line end with an added hyphen, in lower
/// case, with the places (in letters) it was broken at, e.g.
/// `khrushchev → {4}`.
fn breaks(pdf: &[u8]) -> BTreeMap<String, Vec<usize>> {
    // The running heads and folios are left out: a word broken across a
    // page turn would otherwise hold them.
    let geometry = bookpack::pdf::geometry::Geometry::new(
        &bookpack::source::load_book(&common::book("hyphenation-exceptions"))
            .unwrap()
            .0
            .pdf,
    );
    let text = pdf_body_text(pdf, Some(geometry.head_baseline)).unwrap();
    let words: Vec<&str> = text.split_whitespace().collect();
    let letters = |w: &str| -> String {
        w.chars()
            .take_while(|c| c.is_alphabetic() || "’'".contains(*c))
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut found: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for pair in words.windows(2) {
        let Some(head) = pair[0].strip_suffix('-') else {
            continue;
        };
        let head = head.trim_start_matches(|c: char| !c.is_alphabetic());
        if head.is_empty() || !head.chars().all(char::is_alphabetic) {
            continue;
        }
        let head = letters(head);
        let word = format!("{head}{}", letters(pair[1]));
        found.entry(word).or_default().push(head.chars().count());
    }
    found
}

fn fixture_toml() -> String {
    fs::read_to_string(common::book("hyphenation-exceptions").join("book.toml")).unwrap()
}

/// The fixture's book.toml without its hyphenation exceptions.
fn toml_without_exceptions() -> String {
    let toml = fixture_toml();
    let end = toml.find("\n[pdf.hyphenation]").unwrap();
    toml[..end].to_string()
}

#[test]
fn listed_words_break_only_where_their_entries_say() {
    let tmp = tempfile::tempdir().unwrap();
    let (epub, pdf) = build(&fixture_toml(), &tmp.path().join("with"));
    let with = breaks(&pdf);
    let (epub_without, pdf_without) =
        build(&toml_without_exceptions(), &tmp.path().join("without"));
    let without = breaks(&pdf_without);
    let at = |map: &BTreeMap<String, Vec<usize>>, word: &str| -> Vec<usize> {
        map.get(word).cloned().unwrap_or_default()
    };
    println!("with the lists: {with:?}\nwithout: {without:?}");

    // The patterns never break the name; its entry does (its possessive,
    // Khrushchev’s, too), and only after "Khru".
    assert!(at(&without, "khrushchev").is_empty() && at(&without, "khrushchevs").is_empty());
    let name: Vec<usize> = [at(&with, "khrushchev"), at(&with, "khrushchevs")].concat();
    assert!(!name.is_empty(), "{with:?}");
    assert!(name.iter().all(|&b| b == 4), "{name:?}");

    // demo-cracy by the patterns; de-moc-ra-cy by the entry.
    assert!(at(&without, "democracy").contains(&4), "{without:?}");
    let democracy = at(&with, "democracy");
    assert!(!democracy.is_empty(), "{with:?}");
    assert!(
        democracy.iter().all(|b| [2, 5, 7].contains(b)),
        "{democracy:?}"
    );

    // philo-sophy by the patterns; never with an entry that has no hyphen.
    assert!(!at(&without, "philosophy").is_empty(), "{without:?}");
    assert!(at(&with, "philosophy").is_empty(), "{with:?}");

    // In the French passage the French list wins (Gor-batchev), not the
    // list for every language (Gorbat-chev).
    let gorbatchev = at(&with, "gorbatchev");
    assert!(!gorbatchev.is_empty(), "{with:?}");
    assert!(gorbatchev.iter().all(|&b| b == 3), "{gorbatchev:?}");

    // Reading systems hyphenate the EPUB themselves: it does not change.
    assert_eq!(epub, epub_without);
}

#[test]
fn a_malformed_exception_stops_the_build_at_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let toml = fixture_toml().replace("\"de-moc-ra-cy\"", "\"de-moc-ra-cy!\"");
    let book = tmp.path().join("book");
    fs::create_dir_all(&book).unwrap();
    fs::write(book.join("book.toml"), &toml).unwrap();
    fs::copy(
        common::book("hyphenation-exceptions").join("01-exceptions.md"),
        book.join("01-exceptions.md"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = bookpack(&["build", "-o", out.to_str().unwrap(), book.to_str().unwrap()]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    // The `!` on the exceptions line, just after "de-moc-ra-cy.
    let (line, text) = toml
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("exceptions"))
        .unwrap();
    let col = text[..text.find('!').unwrap()].chars().count() + 1;
    assert!(
        has_located_message(&err, "book.toml", line as u32 + 1, col as u32, "error"),
        "{err}"
    );
    assert!(err.contains("not a letter or a hyphen"), "{err}");
    assert!(
        !out.exists() || fs::read_dir(&out).unwrap().next().is_none(),
        "nothing written"
    );
}
