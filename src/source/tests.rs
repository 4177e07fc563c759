//! Unit tests of the loader: outline parses, paths kept in the book, decoding, errata, slugs and identifiers.

use super::*;
use crate::markdown::Citing;
use crate::model::Erratum;

/// The outline a parse for an outline gives, and its diagnostics, or
/// those of a whole parse made an outline.
fn outlines_both_ways(
    text: &str,
    language: &str,
    cites: &crate::markdown::Reading,
) -> [(Option<String>, Vec<String>); 2] {
    let path = Path::new("c.md");
    let messages = |d: Diagnostics| d.items().iter().map(|d| d.to_string()).collect();
    let mut diags = Diagnostics::new();
    let outline = parse_outline(text, path, language, cites, &mut diags);
    let by_outline = (outline.map(|(p, _)| format!("{p:#?}")), messages(diags));
    let mut diags = Diagnostics::new();
    let whole = parse_file(text, path, language, cites, &mut diags).map(|(mut p, _)| {
        reread::outline(&mut p);
        format!("{p:#?}")
    });
    [by_outline, (whole, messages(diags))]
}

/// Every chapter of the fixture books and of the first book, and every
/// example of the CommonMark spec as a chapter, in three languages
/// (each sets quotes its own way).
#[test]
fn a_parse_for_an_outline_is_the_outline_of_a_whole_parse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    let mut dirs = vec![root.join("source"), root.join("tests/books")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                // Some fixtures are not UTF-8 on purpose.
                if let Ok(text) = fs::read_to_string(&path) {
                    texts.push(text);
                }
            }
        }
    }
    assert!(texts.len() > 30, "{} chapter files", texts.len());
    // What an outline keeps whole, with text the typography changes:
    // notes (with their lists, quotes and tables), headings anywhere.
    texts.push(
        "# T\n\nx[^a] y[^b]\n\n> ## Mr.  Smith \"here\"\n\n- ### No. 5\n\n\
         [^a]: Mr. Smith  here, \"5 km\".\n\n    - a  b\n\n    > c  d\n\n\
         [^b]: | a  b |\n    |---|\n    | Dr. X |\n"
            .into(),
    );
    let spec = include_str!("../../tests/commonmark/spec.txt");
    let fence = "````````````````````````````````";
    let mut lines = spec.lines();
    let mut examples = 0;
    while let Some(line) = lines.next() {
        if line == format!("{fence} example") {
            let markdown: String = lines
                .by_ref()
                .take_while(|l| *l != ".")
                .map(|l| l.replace('→', "\t") + "\n")
                .collect();
            texts.push(format!("# Example\n\n{markdown}"));
            examples += 1;
        }
    }
    assert_eq!(examples, 655);
    for text in &texts {
        // French with pandoc citations read, as in a book with a bibliography.
        for (language, cites) in [
            ("en", Citing::No),
            ("fr", Citing::InText),
            ("de", Citing::AsNotes),
        ] {
            let [by_outline, whole] = outlines_both_ways(text, language, &cites.into());
            assert!(by_outline.0.is_some() || !by_outline.1.is_empty());
            assert_eq!(by_outline, whole, "{language}:\n{text}");
        }
    }
}

proptest::proptest! {
    #![proptest_config(crate::proptest_seed::config(256))]
    #[test]
    fn any_parse_for_an_outline_is_the_outline_of_a_whole_parse(
        parts in proptest::collection::vec(crate::markdown::props::fragment(), 0..40)
    ) {
        let text = parts.concat();
        let [by_outline, whole] = outlines_both_ways(&text, "fr", &Citing::AsNotes.into());
        proptest::prop_assert_eq!(by_outline, whole);
    }
}

#[test]
fn safe_join_refuses_escapes() {
    let dir = Path::new("book");
    assert!(safe_join(dir, "../../etc/passwd").is_err());
    assert!(safe_join(dir, "/etc/passwd").is_err());
    assert!(safe_join(dir, "").is_err());
    assert_eq!(
        safe_join(dir, "img/cover.png").unwrap(),
        Path::new("book/img/cover.png")
    );
}

#[test]
fn relative_paths_must_stay_in_the_book() {
    for good in ["cover.png", "img/cover.jpg", "./cover.png", "a//b.png"] {
        assert_eq!(unsafe_relative_path(good), None, "{good}");
    }
    for bad in [
        "../../etc/passwd",
        "/etc/passwd",
        "img/../../x.png",
        "C:\\x.png",
        "a\\..\\b",
        "",
    ] {
        assert!(unsafe_relative_path(bad).is_some(), "{bad}");
    }
}

#[test]
fn a_long_title_makes_a_short_slug() {
    let s = slug(&"word ".repeat(20_000));
    assert!(s.len() <= SLUG_MAX && s.starts_with("word-word"), "{s}");
    assert!(s.ends_with("word"), "{s}");
    let s = slug(&"t".repeat(100_000));
    assert_eq!(s.len(), SLUG_MAX);
}

#[test]
fn every_line_end_becomes_a_newline() {
    let t = unix_line_ends("a\r\nb\rc\n\r\rd\r".to_string());
    assert_eq!(t, "a\nb\nc\n\n\nd\n");
}

#[test]
fn non_utf8_is_located() {
    let d = decode_utf8(b"ok\nab\xffc", Path::new("c.md")).unwrap_err();
    assert_eq!((d.line, d.col), (2, 3));
    assert!(d.message.contains("0xFF"));
}

#[test]
fn errata_table() {
    let text = "Intro.\n\n| Line | Original | Corrected | Note |\n|---:|---|---|---|\n| 9 | `Cornrade` | `Comrade` | OCR |\n| 12 | `a \\| b` | `a b` | |\n\nAfter.\n";
    let e = parse_errata(text);
    assert_eq!(e.len(), 2);
    assert_eq!(
        e[0],
        Erratum {
            original: "Cornrade".into(),
            corrected: "Comrade".into()
        }
    );
    assert_eq!(e[1].original, "a | b");
}

#[test]
fn names_and_ids() {
    assert_eq!(file_as("Enver Hoxha"), "Hoxha, Enver");
    assert_eq!(file_as("Homer"), "Homer");
    assert_eq!(slug("The Khrushchevites"), "the-khrushchevites");
    assert_eq!(slug("  Ça va? Où ça!"), "ca-va-ou-ca");
    let a = vec![Author {
        name: "Enver Hoxha".into(),
        file_as: "Hoxha, Enver".into(),
    }];
    let id = derived_identifier("The Khrushchevites", &a);
    assert_eq!(id, derived_identifier("The Khrushchevites", &a));
    assert_ne!(id, derived_identifier("The Khrushchevite", &a));
    assert_eq!(id.len(), "urn:uuid:".len() + 36);
    assert_eq!(&id[9 + 14..9 + 15], "8");
}

#[test]
fn the_default_leading_follows_the_type_size() {
    assert_eq!(default_leading(11.0), 14.0);
    assert_eq!(default_leading(16.0), 20.36);
    assert!(default_leading(8.0) > 8.0);
}

/// A formula's `\newcommand` reaches the later chapters through the
/// watch's parse cache as well, after an edit that changes it too: the
/// cache's guess (the reading of the last build) is checked, not trusted.
#[test]
fn definitions_reach_later_chapters_through_the_parse_cache() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| fs::write(dir.path().join(name), text).unwrap();
    write(
        "book.toml",
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"a.md\", \"b.md\", \"c.md\"]\n",
    );
    write("a.md", "# A\n\n$$\\newcommand{\\R}{\\mathbb{R}}$$\n");
    write("b.md", "# B\n\nNo formula.\n");
    write("c.md", "# C\n\nThe set $\\R$.\n");
    let formula_of_c = |book: &Book| format!("{:?}", book.chapters[2].blocks);
    let mut cache = ParseCache::default();
    let (book, diags) = load_book_with(dir.path(), Some(&mut cache)).unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    assert!(
        formula_of_c(&book).contains("DoubleStruck"),
        "{}",
        formula_of_c(&book)
    );
    // The definition changes: the cached guess for `c.md` is stale.
    write("a.md", "# A\n\n$$\\newcommand{\\R}{\\mathcal{R}}$$\n");
    let (cached, _) = load_book_with(dir.path(), Some(&mut cache)).unwrap();
    let (fresh, _) = load_book_with(dir.path(), None).unwrap();
    assert!(
        formula_of_c(&cached).contains("style: Script"),
        "{}",
        formula_of_c(&cached)
    );
    assert_eq!(formula_of_c(&cached), formula_of_c(&fresh));
    // And goes: `\R` is no command any more, a warning at it.
    write("a.md", "# A\n\nNo definition.\n");
    let (_, diags) = load_book_with(dir.path(), Some(&mut cache)).unwrap();
    let said = format!("{diags:?}");
    assert!(said.contains("c.md") && said.contains("`\\\\R`"), "{said}");
}
