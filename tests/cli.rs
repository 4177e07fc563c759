//! The command-line contract: output, exit codes and located messages.

mod common;
use common::*;

#[test]
fn dump_prints_the_model_as_json() {
    let o = bookpack(&["dump", book("minimal").to_str().unwrap()]);
    assert_exit(&o, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(json["metadata"]["title"], "A Minimal Book");
    assert_eq!(
        json["metadata"]["modified"], "2023-11-14T22:13:20Z",
        "from SOURCE_DATE_EPOCH"
    );
    let chapter = &json["chapters"][0];
    assert_eq!(chapter["title_text"], "The Beginning");
    assert_eq!(chapter["synopsis"][0]["type"], "paragraph");
    let notes = chapter["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["label"], "folly");
    assert_eq!(notes[0]["id"], "note-1");
    assert_eq!(notes[1]["ref_id"], "noteref-2");
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn dump_without_date_uses_book_date_never_the_clock() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_bookpack"))
        .args(["dump", book("minimal").to_str().unwrap()])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert_exit(&o, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json["metadata"]["modified"], "2024-05-01T00:00:00Z");
}

#[test]
fn notes_restart_in_each_chapter() {
    let o = bookpack(&["dump", book("two-chapters").to_str().unwrap()]);
    assert_exit(&o, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let numbers = |c: usize| -> Vec<(u64, String)> {
        json["chapters"][c]["notes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                (
                    n["number"].as_u64().unwrap(),
                    n["id"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        numbers(0),
        vec![(1, "note-1-1".into()), (2, "note-1-2".into())]
    );
    assert_eq!(numbers(1), vec![(1, "note-2-1".into())]);
    assert_eq!(
        json["chapters"][1]["number"], "2",
        "counted among chapters when front matter has no number"
    );
}

#[test]
fn undefined_note_is_exit_1_with_position() {
    let o = bookpack(&["dump", book("undefined-note").to_str().unwrap()]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "undefined-note/01-beginning.md", 3, 32, "error"),
        "{err}"
    );
    assert!(err.contains("[^missing]") && err.contains("hint:"), "{err}");
    assert!(stdout(&o).is_empty(), "no JSON on failure");
}

#[test]
fn duplicate_note_is_exit_1_with_position() {
    let o = bookpack(&["dump", book("duplicate-note").to_str().unwrap()]);
    assert_exit(&o, 1);
    assert!(
        has_located_message(&stderr(&o), "duplicate-note/01-beginning.md", 7, 1, "error"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unknown_config_key_is_exit_1_naming_key_line_and_allowed_keys() {
    let o = bookpack(&["dump", book("unknown-key").to_str().unwrap()]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "unknown-key/book.toml", 7, 1, "error"),
        "{err}"
    );
    assert!(
        err.contains("`colour`") && err.contains("`subtitle`"),
        "{err}"
    );
}

#[test]
fn non_utf8_chapter_is_exit_1_at_the_bad_byte() {
    let o = bookpack(&["dump", book("not-utf8").to_str().unwrap()]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "not-utf8/01-beginning.md", 4, 6, "error"),
        "{err}"
    );
    assert!(err.contains("UTF-8"), "{err}");
}

#[test]
fn missing_chapter_names_the_config_line() {
    let o = bookpack(&["dump", book("missing-chapter").to_str().unwrap()]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "missing-chapter/book.toml", 10, 32, "error"),
        "{err}"
    );
    assert!(err.contains("02-lost.md"), "{err}");
}

#[test]
fn cover_outside_the_book_is_refused() {
    let o = bookpack(&["dump", book("cover-outside").to_str().unwrap()]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "cover-outside/book.toml", 13, 9, "error"),
        "{err}"
    );
    assert!(err.contains("leaves the book folder"), "{err}");
}

#[test]
fn raw_html_is_kept_as_text_with_warnings() {
    let o = bookpack(&["dump", book("raw-html").to_str().unwrap()]);
    assert_exit(&o, 0);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "raw-html/01-beginning.md", 3, 6, "warning"),
        "{err}"
    );
    assert!(
        has_located_message(&err, "raw-html/01-beginning.md", 5, 1, "warning"),
        "{err}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let text = json["chapters"][0]["blocks"][1]["content"][0]["text"]
        .as_str()
        .unwrap();
    assert_eq!(text, "<script>alert(1)</script>");
}

#[test]
fn usage_errors_exit_2() {
    for args in [&["dump", "--bogus"][..], &["frobnicate"], &[], &["import"]] {
        let o = bookpack(args);
        assert_exit(&o, 2);
    }
}

#[test]
fn help_and_version() {
    for cmd in ["build", "dump", "import", "hyphenate"] {
        let o = bookpack(&[cmd, "--help"]);
        assert_exit(&o, 0);
        assert!(stdout(&o).contains("Usage: bookpack"), "{cmd}");
    }
    let o = bookpack(&["--version"]);
    assert_exit(&o, 0);
    assert_eq!(
        stdout(&o).trim(),
        format!("bookpack {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn hyphenate_uses_british_patterns_for_en_gb() {
    let o = bookpack(&[
        "hyphenate",
        "--lang",
        "en-GB",
        "knowledge",
        "democracy",
        "philosophy",
    ]);
    assert_exit(&o, 0);
    assert_eq!(stdout(&o).trim(), "know-ledge demo-cracy philo-sophy");
    let o = bookpack(&["hyphenate", "--lang", "en-US", "knowledge"]);
    assert_exit(&o, 0);
    assert_eq!(stdout(&o).trim(), "knowl-edge");
}

/// A language or a limit `hyphenate` cannot use is a usage error (exit
/// 2), as any bad option value is; Chinese is said to break by its own
/// rules, not to lack a tag.
#[test]
fn hyphenate_refuses_what_it_cannot_use_as_a_usage_error() {
    for (args, said) in [
        (
            &["--lang", "tlh", "Qapla"][..],
            "no hyphenation patterns for `tlh`",
        ),
        (&["--lang", "zh", "中文"], "`zh` text is not hyphenated"),
        (&["--lang", "e n", "word"], "not a BCP 47 language tag"),
        (&["--left-min", "0", "word"], "0 is not in 1..=10"),
        (&["--right-min", "50", "word"], "50 is not in 1..=10"),
    ] {
        let o = bookpack(&[&["hyphenate"][..], args].concat());
        assert_exit(&o, 2);
        assert!(stderr(&o).contains(said), "{args:?}: {}", stderr(&o));
    }
}

/// An empty chapter file builds with a warning (it was silent: a blank
/// "Chapter 3"), so `--deny-warnings` stops it.
#[test]
fn an_empty_chapter_file_is_warned_of_by_the_build() {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"one.md\", \"two.md\"]\n",
        &[("one.md", "# One\n\nText.\n"), ("two.md", " \n\n")],
    );
    let out = dir.path().join("out");
    let o = build_into(dir.path(), &out, &[]);
    assert_exit(&o, 0);
    assert!(
        has_located_message(&stderr(&o), "two.md", 1, 1, "warning"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("the chapter file is empty"),
        "{}",
        stderr(&o)
    );
    let o = build_into(dir.path(), &out, &["--deny-warnings"]);
    assert_exit(&o, 1);
    // A chapter with text is not warned of.
    std::fs::write(dir.path().join("two.md"), "# Two\n\nMore.\n").unwrap();
    let o = build_into(dir.path(), &out, &["--deny-warnings"]);
    assert_exit(&o, 0);
}

/// A font key naming a file that is no font is told at its line and
/// column (it was `book.toml: error:` with no position).
#[test]
fn a_font_that_is_no_font_is_told_where_it_is_named() {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"one.md\"]\n[pdf]\nfonts = { italic = \"one.md\" }\n",
        &[("one.md", "# One\n\nText.\n")],
    );
    let out = dir.path().join("out");
    let o = build_into(dir.path(), &out, &[]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "book.toml", 6, 20, "error"),
        "{err}"
    );
    assert!(
        err.contains("[pdf] fonts.italic: \"one.md\" is not a TrueType or OpenType font"),
        "{err}"
    );
    // The EPUB alone needs no font.
    let o = build_into(dir.path(), &out, &["--epub"]);
    assert_exit(&o, 0);
}

/// `check --format json` prints a JSON document even when the book
/// cannot be read (stdout was empty, which a CI step could not parse).
#[test]
fn check_as_json_reports_a_book_that_cannot_load_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-book");
    let o = bookpack(&["check", "--format", "json", missing.to_str().unwrap()]);
    assert_exit(&o, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON on stdout");
    let finding = &json["findings"][0];
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["code"], "build");
    assert_eq!(finding["message"], "no such folder");
    // An invalid book.toml: the parser's located error.
    std::fs::write(dir.path().join("book.toml"), "title = \"T\"\nauthors = [").unwrap();
    let o = bookpack(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    assert_exit(&o, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON on stdout");
    assert_eq!(json["findings"][0]["line"], 2);
}

/// The book's folder may be given as its book.toml (a common habit); a
/// folder that is not there, or a file, is said to be so.
#[test]
fn the_book_may_be_given_by_its_book_toml() {
    let minimal = book("minimal");
    let out = tempfile::tempdir().unwrap();
    let o = build_into(&minimal.join("book.toml"), out.path(), &["--epub"]);
    assert_exit(&o, 0);
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        1,
        "the EPUB"
    );
    let missing = out.path().join("nowhere");
    let o = bookpack(&["build", missing.to_str().unwrap()]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("nowhere: error: no such folder"),
        "{}",
        stderr(&o)
    );
    let chapter = std::fs::read_dir(&minimal)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let o = bookpack(&["build", chapter.to_str().unwrap()]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("a file, not a book's folder"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_file_given_as_the_output_folder_is_named_as_such() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("book.toml");
    std::fs::write(&file, "title = 'not a folder'").unwrap();
    let minimal = book("minimal");
    for (command, out) in [
        ("build", file.clone()),
        ("build", file.join("deeper")),
        ("watch", file.clone()),
    ] {
        let o = bookpack(&[
            command,
            minimal.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_exit(&o, 1);
        let err = stderr(&o);
        assert!(
            err.starts_with(&format!("{}: error: is a file", file.display())),
            "{command} -o {}: {err}",
            out.display()
        );
        assert!(err.contains("give `-o` a folder"), "{err}");
        assert!(!err.contains("File exists"), "{err}");
    }
    let raw = work.path().join("raw.txt");
    std::fs::write(&raw, "A chapter\n\nSome text.\n").unwrap();
    let o = bookpack(&[
        "import",
        raw.to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("is a file, not a folder"),
        "{}",
        stderr(&o)
    );
    // Nothing was written beside the file, and it is as it was.
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 2);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "title = 'not a folder'"
    );
}

/// A message about book.toml names it once from the folder given, however
/// the folder is given (it said `././book.toml` for a missing font).
#[test]
fn a_relative_book_folder_is_named_once_in_messages() {
    let dir = common::temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch.md\"]\n[pdf.fonts]\nregular = \"nope.ttf\"\n",
        &[("ch.md", "# One\n\nText.\n")],
    );
    for (args, named) in [
        (vec!["build", "-o", "out"], "./book.toml:6:11: error"),
        (vec!["build", ".", "-o", "out"], "./book.toml:6:11: error"),
    ] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_bookpack"))
            .args(&args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_exit(&o, 1);
        let err = stderr(&o);
        assert!(err.starts_with(named), "{args:?}: {err}");
        assert!(!err.contains("././"), "{err}");
    }
}

/// In a folder that is no book, `build` and `check` say where they looked
/// and how to go on (they said only "source/book.toml: cannot read").
#[test]
fn a_folder_without_a_book_says_where_bookpack_looked() {
    let dir = tempfile::tempdir().unwrap();
    for (args, said) in [
        (
            vec!["build"],
            "no book here: neither ./book.toml nor source/book.toml exists",
        ),
        (
            vec!["check"],
            "no book here: neither ./book.toml nor source/book.toml exists",
        ),
        (vec!["build", "."], "no book.toml in ."),
    ] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_bookpack"))
            .args(&args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_exit(&o, 1);
        let err = stderr(&o);
        assert!(
            err.contains(said) && err.contains("bookpack new"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

/// Messages that named the wrong trouble: an output folder that cannot be
/// made ("cannot write … check that the folder is writable"), `new` given
/// a file ("check its permissions"), and `import` of an empty file ("there
/// is no `Next: N.` line").
#[test]
fn each_failure_names_its_own_cause() {
    let tmp = tempfile::tempdir().unwrap();
    let o = build_into(
        &book("minimal"),
        std::path::Path::new("/proc/no-such-folder"),
        &[],
    );
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("/proc/no-such-folder: error: cannot make the output folder"),
        "{}",
        stderr(&o)
    );
    let file = tmp.path().join("afile");
    std::fs::write(&file, "").unwrap();
    let o = bookpack(&["new", file.to_str().unwrap()]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("error: is a file, not a folder"),
        "{}",
        stderr(&o)
    );
    let out = tmp.path().join("imported");
    let o = bookpack(&[
        "import",
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("error: the file is empty"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists(), "nothing written");
}
