//! Unit tests of book.toml's parsing and checks: shapes, ranges, located errors.

use super::*;

const MINIMAL: &str =
    "title = \"T\"\nauthors = [\"A B\"]\nlanguage = \"en-GB\"\nchapters = [\"ch.md\"]\n";

fn error_of(text: &str) -> String {
    parse(text, Path::new("book.toml")).unwrap_err().to_string()
}

#[test]
fn minimal_config_parses_with_defaults() {
    let c = parse(MINIMAL, Path::new("book.toml")).unwrap();
    assert_eq!(c.title.get_ref(), "T");
    assert_eq!(c.notes.numbering, NoteNumbering::Chapter);
    assert!(c.pdf.paper.is_none());
}

#[test]
fn unknown_key_names_line_key_and_allowed_keys() {
    let e = error_of(&format!("{MINIMAL}colour = \"red\"\n"));
    assert!(e.starts_with("book.toml:5:1: error:"), "{e}");
    assert!(e.contains("colour"), "{e}");
    assert!(e.contains("subtitle"), "lists allowed keys: {e}");
}

#[test]
fn unknown_key_in_section_is_reported_there() {
    let e = error_of(&format!("{MINIMAL}[pdf]\npaper = \"a5\"\nfontsize = 12\n"));
    assert!(e.starts_with("book.toml:7:1: error:"), "{e}");
    assert!(e.contains("fontsize") && e.contains("font-size"), "{e}");
}

#[test]
fn wrong_type_names_the_line() {
    let e = error_of("title = \"T\"\nauthors = \"A B\"\nlanguage = \"en\"\nchapters = []\n");
    assert!(e.starts_with("book.toml:2:"), "{e}");
    assert!(e.contains("expected a list"), "{e}");
}

#[test]
fn missing_required_key() {
    let e = error_of("title = \"T\"\nlanguage = \"en\"\nchapters = [\"a.md\"]\n");
    assert!(e.contains("authors"), "{e}");
}

#[test]
fn bad_values_are_located() {
    let e = error_of(&MINIMAL.replace("en-GB", "English (UK)"));
    assert!(e.starts_with("book.toml:3:12: error:"), "{e}");
    let e = error_of(&format!("{MINIMAL}[pdf]\npaper = \"b5\"\n"));
    assert!(
        e.starts_with("book.toml:6:9: error: unknown paper size"),
        "{e}"
    );
    assert!(e.contains("6x9"), "{e}");
    let e = error_of(&format!("{MINIMAL}date = \"yesterday\"\n"));
    assert!(e.contains("`date`"), "{e}");
    let e = error_of(&format!("{MINIMAL}[notes]\nnumbering = \"page\"\n"));
    assert!(e.starts_with("book.toml:6:"), "{e}");
    assert!(e.contains("chapter") && e.contains("book"), "{e}");
    let e = error_of(&format!("{MINIMAL}[pdf]\nnotes-open = \"left\"\n"));
    assert!(e.starts_with("book.toml:6:"), "{e}");
    assert!(e.contains("recto") && e.contains("any"), "{e}");
    let e = error_of(&format!("{MINIMAL}[pdf]\nchapters-open = \"right\"\n"));
    assert!(e.starts_with("book.toml:6:"), "{e}");
    assert!(e.contains("recto") && e.contains("any"), "{e}");
    let e = error_of(&format!("{MINIMAL}[tables]\nnumbering = \"part\"\n"));
    assert!(e.starts_with("book.toml:6:"), "{e}");
    assert!(
        e.contains("none") && e.contains("chapter") && e.contains("book"),
        "{e}"
    );
}

#[test]
fn figures_and_tables_are_numbered_only_when_asked() {
    let c = parse(MINIMAL, Path::new("book.toml")).unwrap();
    assert_eq!(c.figures.numbering, CaptionNumbering::None);
    assert_eq!(c.tables.numbering, CaptionNumbering::None);
    let text =
        format!("{MINIMAL}[figures]\nnumbering = \"chapter\"\n[tables]\nnumbering = \"book\"\n");
    let c = parse(&text, Path::new("book.toml")).unwrap();
    assert_eq!(c.figures.numbering, CaptionNumbering::Chapter);
    assert_eq!(c.tables.numbering, CaptionNumbering::Book);
    // Their words are labels, which must print the number.
    let e = error_of(&format!("{MINIMAL}[labels]\nfigure = \"Plate\"\n"));
    assert!(e.starts_with("book.toml:6:"), "{e}");
    assert!(e.contains("label `figure` has no {n}"), "{e}");
    let c = parse(
        &format!("{MINIMAL}[labels]\nfigure = \"Plate {{n}}\"\ntable = \"Tab. {{n}}\"\n"),
        Path::new("book.toml"),
    );
    assert!(c.is_ok());
}

/// A chapter listed twice (even as `./ch.md`) is refused at its
/// second entry.
#[test]
fn a_chapter_listed_twice_is_refused() {
    let e = error_of(&MINIMAL.replace(
        "chapters = [\"ch.md\"]",
        "chapters = [\"ch.md\", \"two.md\", \"./ch.md\"]",
    ));
    assert!(
        e.starts_with("book.toml:4:32: error: `chapters` lists \"./ch.md\" a second time (first at line 4, column 13)"),
        "{e}"
    );
    parse(
        &MINIMAL.replace(
            "chapters = [\"ch.md\"]",
            "chapters = [\"ch.md\", \"sub/ch.md\"]",
        ),
        Path::new("book.toml"),
    )
    .unwrap();
}

/// A value of the wrong type is named as an author reads it.
#[test]
fn types_are_named_in_plain_words() {
    let e = error_of(&format!("{MINIMAL}[pdf]\nfont-size = \"big\"\n"));
    assert!(e.starts_with("book.toml:6:13: error:"), "{e}");
    assert!(e.contains("expected a number") && !e.contains("f32"), "{e}");
    assert_eq!(
        plain_types("expected u8, expected u80"),
        "expected a whole number, expected u80"
    );
}

/// Leading below the type size prints lines over each other.
#[test]
fn leading_less_than_the_type_is_refused() {
    let e = error_of(&format!("{MINIMAL}[pdf]\nleading = 6\n"));
    assert!(
        e.starts_with(
            "book.toml:6:11: error: [pdf] leading = 6 is less than the font size (11 pt)"
        ),
        "{e}"
    );
    let e = error_of(&format!("{MINIMAL}[pdf]\nfont-size = 16\nleading = 14\n"));
    assert!(e.starts_with("book.toml:7:11: error:"), "{e}");
    // Set solid is allowed, and 16 pt type alone takes its own leading.
    parse(
        &format!("{MINIMAL}[pdf]\nleading = 11\n"),
        Path::new("book.toml"),
    )
    .unwrap();
    parse(
        &format!("{MINIMAL}[pdf]\nfont-size = 16\n"),
        Path::new("book.toml"),
    )
    .unwrap();
}

#[test]
fn numbers_out_of_their_range_are_refused_where_they_stand() {
    let e = error_of(&format!(
        "{MINIMAL}series = {{ name = \"Works\", position = 1e300 }}\n"
    ));
    assert!(
        e.starts_with("book.toml:5:39: error: `series.position` = 1e300"),
        "{e}"
    );
    // Whole numbers too: below 0 or past a million.
    for (position, said) in [("-1", "-1"), ("1000001", "1000001"), ("-0.5", "-0.5")] {
        let e = error_of(&format!(
            "{MINIMAL}series = {{ name = \"Works\", position = {position} }}\n"
        ));
        assert!(
            e.starts_with(&format!(
                "book.toml:5:39: error: `series.position` = {said} is not a place"
            )),
            "{e}"
        );
    }
    for position in ["0", "1000000", "2.5", "\"III\""] {
        parse(
            &format!("{MINIMAL}series = {{ name = \"Works\", position = {position} }}\n"),
            Path::new("book.toml"),
        )
        .unwrap();
    }
    let e = error_of(&format!(
        "{MINIMAL}[pdf.hyphenation]\nleft-min = 2\nright-min = 99999999999\n"
    ));
    assert!(
        e.starts_with(
            "book.toml:7:13: error: [pdf.hyphenation] right-min = 99999999999 is out of range"
        ),
        "{e}"
    );
    let e = error_of(&format!("{MINIMAL}[pdf.hyphenation]\nleft-min = 0\n"));
    assert!(
        e.starts_with("book.toml:6:12: error: [pdf.hyphenation] left-min = 0"),
        "{e}"
    );
    let c = parse(
        &format!("{MINIMAL}series = {{ name = \"W\", position = 2.5 }}\n[pdf.hyphenation]\nleft-min = 1\nright-min = 10\n"),
        Path::new("book.toml"),
    )
    .unwrap();
    assert_eq!(c.series.unwrap().position.unwrap().get_ref().text(), "2.5");
    assert_eq!(*c.pdf.hyphenation.right_min.unwrap().get_ref(), 10);
}

#[test]
fn hyphenation_exceptions_are_read_per_language() {
    let c = parse(
        &format!("{MINIMAL}[pdf.hyphenation]\nexceptions = [\"Khru-shchev\", \"Gomulka\"]\n[pdf.hyphenation.language-exceptions]\nfr = [\"Khrou-chtchev\"]\nde-CH = []\n"),
        Path::new("book.toml"),
    )
    .unwrap();
    let h = &c.pdf.hyphenation;
    assert_eq!(h.exceptions.len(), 2);
    assert_eq!(h.exceptions[0].get_ref(), "Khru-shchev");
    let tags: Vec<&str> = h
        .language_exceptions
        .keys()
        .map(|k| k.get_ref().as_str())
        .collect();
    assert_eq!(tags, ["de-CH", "fr"]);
}

#[test]
fn a_malformed_hyphenation_exception_is_located_at_its_fault() {
    // Line 6: the second entry's quote stands at column 30, so its
    // second hyphen (the fault) at column 36.
    let e = error_of(&format!(
        "{MINIMAL}[pdf.hyphenation]\nexceptions = [\"Gor-ba-chev\", \"Khru--shchev\"]\n"
    ));
    assert!(
        e.starts_with("book.toml:6:36: error: [pdf.hyphenation] exceptions: \"Khru--shchev\" has two hyphens in a row"),
        "{e}"
    );
    assert!(e.contains("Khru-shchev"), "the hint shows the form: {e}");
    let e = error_of(&format!(
        "{MINIMAL}[pdf.hyphenation]\nexceptions = [\"Nikita Khru-shchev\"]\n"
    ));
    assert!(e.starts_with("book.toml:6:22: error:"), "{e}");
    assert!(e.contains("space"), "{e}");
    let e = error_of(&format!(
        "{MINIMAL}[pdf.hyphenation]\nexceptions = [\"Khru-shchev\", \"KHRUSH-CHEV\"]\n"
    ));
    assert!(e.starts_with("book.toml:6:30: error:"), "{e}");
    assert!(e.contains("listed twice"), "{e}");
    let e = error_of(&format!(
        "{MINIMAL}[pdf.hyphenation.language-exceptions]\nfr = [\"ok\"]\nFrench = [\"Khrou-chtchev\"]\n"
    ));
    assert!(e.starts_with("book.toml:7:1: error:"), "{e}");
    assert!(e.contains("not a BCP 47 language tag"), "{e}");
    let e = error_of(&format!(
        "{MINIMAL}[pdf.hyphenation.language-exceptions]\nfr = [\"Khrou-\"]\n"
    ));
    assert!(
        e.starts_with("book.toml:6:13: error: [pdf.hyphenation] language-exceptions.fr:"),
        "{e}"
    );
    let e = error_of(&format!(
        "{MINIMAL}[pdf.hyphenation.language-exceptions]\nfr = []\nFR = []\n"
    ));
    assert!(e.contains("given twice"), "{e}");
    let e = error_of(&format!(
        "{MINIMAL}[pdf.hyphenation]\nexceptions = \"Khru-shchev\"\n"
    ));
    assert!(
        e.starts_with("book.toml:6:14: error:"),
        "a list is needed: {e}"
    );
}

#[test]
fn isbns_are_checked_with_the_position_of_the_fault() {
    assert_eq!(check_isbn("978-0-306-40615-7"), Ok(()));
    assert_eq!(check_isbn("0-306-40615-2"), Ok(()));
    assert_eq!(check_isbn("0-8044-2957-X"), Ok(()));
    let (at, why) = check_isbn("978-0-306-40615-6").unwrap_err();
    assert_eq!(at, 16);
    assert!(why.contains("should be 7"), "{why}");
    assert!(check_isbn("977-0-306-40615-7").is_err());
    assert!(check_isbn("978-0-306").unwrap_err().1.contains("7 digits"));
    assert_eq!(check_isbn("978-0-3o6-40615-7").unwrap_err().0, 7);
    let e = error_of(&format!(
        "{MINIMAL}[isbn]\nebook = \"978-0-306-40615-7\"\nprint = \"978-1-4028-9462-7\"\n"
    ));
    assert!(e.starts_with("book.toml:7:26: error: `isbn.print`"), "{e}");
    assert!(e.contains("should be 6"), "{e}");
}

#[test]
fn labels_keys_and_placeholders_are_checked() {
    let ok = parse(
        &format!(
            "{MINIMAL}[labels]\ncontents = \"Table\"\nimprint-by = \"{{authors}}: {{title}}\"\n"
        ),
        Path::new("book.toml"),
    );
    assert!(ok.is_ok(), "{:?}", ok.err().map(|e| e.to_string()));
    let e = error_of(&format!("{MINIMAL}[labels]\ncontent = \"Table\"\n"));
    assert!(
        e.starts_with("book.toml:6:1: error: unknown label `content`"),
        "{e}"
    );
    // A label the EPUB's imprint alone used says which one took its place.
    let e = error_of(&format!(
        "{MINIMAL}[labels]\nsource-of-text = \"Source:\"\n"
    ));
    assert!(
        e.starts_with("book.toml:6:1: error: label `source-of-text` is no longer used: both editions' imprints say `text-from`"),
        "{e}"
    );
    assert!(e.contains("rename it to `text-from`"), "{e}");
    let e = error_of(&format!("{MINIMAL}[labels]\nnotes = \"Notes {{n}}\"\n"));
    assert!(e.contains("unknown placeholder {n}"), "{e}");
    // A numbered file's label takes {n}, and must: it is the number.
    let ok = parse(
        &format!("{MINIMAL}[labels]\nchapter-number = \"第{{n}}章\"\n"),
        Path::new("book.toml"),
    );
    assert!(ok.is_ok(), "{:?}", ok.err().map(|e| e.to_string()));
    let e = error_of(&format!("{MINIMAL}[labels]\npart-number = \"Part\"\n"));
    assert!(
        e.starts_with("book.toml:6:15: error: label `part-number` has no {n}"),
        "{e}"
    );
}

#[test]
fn contributors_series_and_depth() {
    let c = parse(
        &format!("{MINIMAL}toc-depth = 3\ncontributors = [{{ name = \"Ann Lee\", role = \"translator\" }}]\nseries = {{ name = \"Works\", position = 3 }}\n"),
        Path::new("book.toml"),
    )
    .unwrap();
    assert_eq!(
        c.contributors[0].role,
        crate::model::ContributorRole::Translator
    );
    assert_eq!(c.series.unwrap().position.unwrap().get_ref().text(), "3");
    let e = error_of(&format!(
        "{MINIMAL}contributors = [{{ name = \"A\", role = \"typist\" }}]\n"
    ));
    assert!(e.starts_with("book.toml:5:"), "{e}");
    assert!(e.contains("translator"), "{e}");
    let e = error_of(&format!("{MINIMAL}toc-depth = 0\n"));
    assert!(e.contains("toc-depth"), "{e}");
}

#[test]
fn line_col_counts_characters() {
    assert_eq!(line_col("ab\n“é”x", 3), (2, 1));
    assert_eq!(line_col("ab\n“é”x", 3 + 3 + 2 + 3), (2, 4));
}

/// `also-by` is a list of titles and `[pdf] half-title` a switch; both
/// default to nothing.
#[test]
fn also_by_and_half_title_parse() {
    let c = parse(MINIMAL, Path::new("book.toml")).unwrap();
    assert!(c.also_by.is_empty() && c.pdf.half_title.is_none());
    let c = parse(
        &format!(
            "{MINIMAL}also-by = [\"The Ferry Landing\", \"Salt\"]\n[pdf]\nhalf-title = true\n"
        ),
        Path::new("book.toml"),
    )
    .unwrap();
    let titles: Vec<&str> = c.also_by.iter().map(|t| t.get_ref().as_str()).collect();
    assert_eq!(titles, ["The Ferry Landing", "Salt"]);
    assert_eq!(c.pdf.half_title.map(|h| *h.get_ref()), Some(true));
}

/// A title that is not a string, an empty one, one in Markdown emphasis
/// or one listed twice is refused at its place.
#[test]
fn also_by_errors_are_located() {
    let e = error_of(&format!("{MINIMAL}also-by = \"Salt\"\n"));
    assert!(e.starts_with("book.toml:5:11: error:"), "{e}");
    assert!(e.contains("expected a list"), "{e}");
    let e = error_of(&format!("{MINIMAL}also-by = [\"Salt\", 3]\n"));
    assert!(e.starts_with("book.toml:5:20: error:"), "{e}");
    assert!(e.contains("expected a string"), "{e}");
    let e = error_of(&format!("{MINIMAL}also-by = [\"Salt\", \"  \"]\n"));
    assert!(
        e.starts_with("book.toml:5:20: error: `also-by` holds an empty title"),
        "{e}"
    );
    assert!(
        e.contains("The Ferry Landing"),
        "the hint shows the form: {e}"
    );
    let e = error_of(&format!("{MINIMAL}also-by = [\"*Salt*\"]\n"));
    assert!(
        e.starts_with("book.toml:5:12: error: `also-by` title \"*Salt*\" is wrapped in `*`"),
        "{e}"
    );
    let e = error_of(&format!("{MINIMAL}also-by = [\"Salt\",\n  \"Salt\"]\n"));
    assert!(
        e.starts_with(
            "book.toml:6:3: error: `also-by` lists \"Salt\" a second time (first at line 5, column 12)"
        ),
        "{e}"
    );
}

/// The card page is the half-title's back: a book that refuses the
/// half-title and lists other books is told so at `half-title`.
#[test]
fn also_by_without_the_half_title_it_needs_is_refused() {
    let e = error_of(&format!(
        "{MINIMAL}also-by = [\"Salt\"]\n[pdf]\nhalf-title = false\n"
    ));
    assert!(
        e.starts_with(
            "book.toml:7:14: error: `half-title = false`, but `also-by` lists other books"
        ),
        "{e}"
    );
    assert!(e.contains("remove `half-title = false`"), "{e}");
    // Without other books, `false` is only the default said aloud.
    parse(
        &format!("{MINIMAL}also-by = []\n[pdf]\nhalf-title = false\n"),
        Path::new("book.toml"),
    )
    .unwrap();
    let e = error_of(&format!("{MINIMAL}[pdf]\nhalf-title = \"yes\"\n"));
    assert!(e.starts_with("book.toml:6:14: error:"), "{e}");
    assert!(e.contains("expected a boolean"), "{e}");
}

/// `[labels] also-by` may name the authors, and nothing else.
#[test]
fn the_also_by_label_takes_the_authors_only() {
    for ok in ["Books by {authors}", "By the same author"] {
        parse(
            &format!("{MINIMAL}[labels]\nalso-by = \"{ok}\"\n"),
            Path::new("book.toml"),
        )
        .unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
    let e = error_of(&format!(
        "{MINIMAL}[labels]\nalso-by = \"Also by {{names}}\"\n"
    ));
    assert!(
        e.starts_with("book.toml:6:11: error: label `also-by` uses an unknown placeholder {names}"),
        "{e}"
    );
    assert!(e.contains("`also-by` may use: {authors}"), "{e}");
}

/// Every required key a book.toml lacks is named in one error, each with
/// the line to add: serde named the first alone ("missing field
/// `title`"), and the author found the next by building again.
#[test]
fn every_missing_required_key_is_named_at_once_with_its_line() {
    let e = error_of("");
    assert!(
        e.starts_with(
            "book.toml:1:1: error: missing `title`, `authors`, `language` and `chapters`"
        ),
        "{e}"
    );
    for line in [
        "title = \"The Book's Title\"",
        "authors = [\"Name Surname\"]",
        "language = \"en\"",
        "chapters = [\"01-first-chapter.md\"]",
    ] {
        assert!(
            e.contains(&format!("\n        {line}")),
            "no {line:?} in {e}"
        );
    }
    let e = error_of("title = \"T\"\nchapters = [\"a.md\"]\n");
    assert!(
        e.starts_with("book.toml:1:1: error: missing `authors` and `language` (every"),
        "{e}"
    );
    assert!(!e.contains("title ="), "{e}");
    // With a [section], the line goes above it: the error points there.
    let e = error_of(&MINIMAL.replace("chapters = [\"ch.md\"]\n", "[pdf]\nfont-size = 11\n"));
    assert!(
        e.starts_with("book.toml:4:1: error: missing `chapters` (every book.toml gives it)"),
        "{e}"
    );
    assert!(e.contains("add, above [pdf] (line 4):"), "{e}");
    // A key of the wrong type is told first, where it stands.
    let e = error_of("title = 5\nchapters = [\"a.md\"]\n");
    assert!(e.starts_with("book.toml:1:9: error: invalid type"), "{e}");
    // Text that is not TOML keeps the parser's located message.
    let e = error_of("title = \"T\"\nauthors = [");
    assert!(
        e.starts_with("book.toml:2:12: error: unclosed array"),
        "{e}"
    );
}

/// A book.toml without `chapters` is offered the Markdown files beside
/// it, in name order, not its README.
#[test]
fn a_missing_chapters_key_is_offered_the_markdown_files_beside_book_toml() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["02-two.md", "01-one.md", "README.md", "notes.txt"] {
        std::fs::write(dir.path().join(file), "# T\n").unwrap();
    }
    std::fs::create_dir(dir.path().join("drafts.md")).unwrap();
    let text = MINIMAL.replace("chapters = [\"ch.md\"]\n", "");
    let e = parse(&text, &dir.path().join("book.toml"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("chapters = [\"01-one.md\", \"02-two.md\"]  # the Markdown files here"),
        "{e}"
    );
}

/// `chapters` takes Markdown (or plain text) files: book.toml was set as
/// a chapter of TOML comments, and a JPEG got advice on its encoding.
#[test]
fn a_chapter_that_is_no_markdown_file_is_refused_where_it_is_listed() {
    for (entry, said) in [
        ("book.toml", "is the book's settings, not a chapter"),
        ("./sub/Book.TOML", "is the book's settings, not a chapter"),
        ("images/map.jpg", "is not a Markdown file (a .jpg file)"),
        (
            "chapter-one",
            "is not a Markdown file (it has no .md extension)",
        ),
    ] {
        let e = error_of(&MINIMAL.replace("\"ch.md\"]", &format!("\"ch.md\", {entry:?}]")));
        assert!(e.starts_with("book.toml:4:22: error: chapter"), "{e}");
        assert!(e.contains(said), "{entry}: {e}");
    }
    for fine in ["two.markdown", "three.MD", "text/four.txt"] {
        let text = MINIMAL.replace("\"ch.md\"]", &format!("\"ch.md\", {fine:?}]"));
        assert!(parse(&text, Path::new("book.toml")).is_ok(), "{fine}");
    }
}

/// A misspelt key or check code is answered with the name meant.
#[test]
fn a_misspelt_key_or_code_gets_a_did_you_mean() {
    let e = error_of(&MINIMAL.replace("title", "titel"));
    assert!(e.contains("unknown field `titel`"), "{e}");
    assert!(e.contains("hint: did you mean `title`?"), "{e}");
    let e = error_of(&format!(
        "{MINIMAL}[check]\nallow = [\"straight-quotes\"]\n"
    ));
    assert!(
        e.starts_with("book.toml:6:10: error: [check] allow: unknown code `straight-quotes`"),
        "{e}"
    );
    assert!(e.contains("hint: did you mean `straight-quote`?"), "{e}");
}

/// An empty title or author list is told where it is written.
#[test]
fn an_empty_title_or_author_list_has_a_position() {
    let e = error_of(&MINIMAL.replace("\"T\"", "\"  \""));
    assert!(
        e.starts_with("book.toml:1:9: error: `title` is empty"),
        "{e}"
    );
    let e = error_of(&MINIMAL.replace("[\"A B\"]", "[\"\"]"));
    assert!(
        e.starts_with("book.toml:2:11: error: `authors` lists no author"),
        "{e}"
    );
}

#[test]
fn numerals_are_cldr_ids_and_a_wrong_one_is_located() {
    let c = parse(
        &format!("{MINIMAL}numerals = \"arab\"\n"),
        Path::new("book.toml"),
    )
    .unwrap();
    assert_eq!(
        c.numerals.as_ref().map(|n| n.get_ref().as_str()),
        Some("arab")
    );
    assert!(parse(MINIMAL, Path::new("book.toml"))
        .unwrap()
        .numerals
        .is_none());
    let e = error_of(&format!("{MINIMAL}numerals = \"arabic\"\n"));
    assert!(e.starts_with("book.toml:5:12: error:"), "{e}");
    assert!(e.contains("unknown `numerals` = \"arabic\""), "{e}");
    assert!(e.contains("did you mean `arab`?"), "{e}");
    assert!(e.contains("latn, arab, arabext"), "{e}");
    let e = error_of(&format!("{MINIMAL}numerals = \"roman\"\n"));
    assert!(
        e.contains("numerals are CLDR numbering systems: latn"),
        "{e}"
    );
    let e = error_of(&format!("{MINIMAL}numerals = 1\n"));
    assert!(e.starts_with("book.toml:5:"), "{e}");
}

/// `[pdf] page-references` is a switch, on unless turned off; the label
/// `page-reference` may be reworded but must print the page.
#[test]
fn page_references_switch_and_label() {
    let c = parse(MINIMAL, Path::new("book.toml")).unwrap();
    assert!(c.pdf.page_references.is_none());
    let c = parse(
        &format!("{MINIMAL}[pdf]\npage-references = false\n"),
        Path::new("book.toml"),
    )
    .unwrap();
    assert_eq!(c.pdf.page_references.map(|p| *p.get_ref()), Some(false));
    let e = error_of(&format!("{MINIMAL}[pdf]\npage-references = \"no\"\n"));
    assert!(e.starts_with("book.toml:6:19: error:"), "{e}");
    assert!(e.contains("expected a boolean"), "{e}");
    let e = error_of(&format!("{MINIMAL}[pdf]\npage-reference = true\n"));
    assert!(e.starts_with("book.toml:6:1: error:"), "{e}");
    assert!(e.contains("page-references"), "lists the keys: {e}");
    let ok = parse(
        &format!("{MINIMAL}[labels]\npage-reference = \", see p. {{page}}\"\n"),
        Path::new("book.toml"),
    );
    assert!(ok.is_ok(), "{:?}", ok.err().map(|e| e.to_string()));
    let e = error_of(&format!("{MINIMAL}[labels]\npage-reference = \" (p.)\"\n"));
    assert!(
        e.starts_with("book.toml:6:18: error: label `page-reference` has no {page}"),
        "{e}"
    );
    let e = error_of(&format!(
        "{MINIMAL}[labels]\npage-reference = \" (p. {{page}}, {{n}})\"\n"
    ));
    assert!(e.contains("unknown placeholder {n}"), "{e}");
    // The form inside brackets, likewise.
    let e = error_of(&format!(
        "{MINIMAL}[labels]\npage-reference-in-brackets = \", p.\"\n"
    ));
    assert!(
        e.contains("label `page-reference-in-brackets` has no {page}")
            && e.contains("after the comma"),
        "{e}"
    );
}
