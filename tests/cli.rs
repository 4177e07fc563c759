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
    let o = bookpack(&["hyphenate", "--lang", "tlh", "Qapla"]);
    assert_exit(&o, 1);
    assert!(stderr(&o).starts_with("--lang: error: "), "{}", stderr(&o));
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
