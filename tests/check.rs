//! `bookpack check` from the command line, on small books made here. These
//! run without a dictionary (`[check] dictionary` names none that exists,
//! so every machine gives the same result), so they test the
//! typography, structure and metadata checks, the codes, `--fix`, `--format
//! json`, allowing codes, exit codes and `build --check`; spelling and
//! scanning damage are measured in `check_eval.rs`.

mod common;

use std::fs;
use std::path::Path;

use common::{assert_exit, bookpack, build_into, stderr, stdout};

/// A one-chapter book; `check` is the body of its `[check]` table.
fn write_book(dir: &Path, check: &str, chapter: &str) {
    fs::write(
        dir.join("book.toml"),
        format!(
            "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nrights = \"r\"\ndescription = \"d\"\nidentifier = \"urn:x:1\"\nchapters = [\"ch.md\"]\n[check]\ndictionary = \"none\"\n{check}"
        ),
    )
    .unwrap();
    fs::write(dir.join("ch.md"), chapter).unwrap();
}

/// Adds chapter `name` after the chapters of a [`write_book`] book.
fn add_chapter(dir: &Path, name: &str, text: &str) {
    let toml = fs::read_to_string(dir.join("book.toml")).unwrap();
    let toml = toml.replace("\"ch.md\"]", &format!("\"ch.md\", \"{name}\"]"));
    fs::write(dir.join("book.toml"), toml).unwrap();
    fs::write(dir.join(name), text).unwrap();
}

fn check(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    bookpack(&args)
}

#[test]
fn findings_are_coded_located_and_hinted() {
    let tmp = tempfile::tempdir().unwrap();
    write_book(
        tmp.path(),
        "",
        "# T\n\nIt was  a \"fine\" day - the the end.\n\n### Deep\n\nSee ![](p.png).\n\nA “curly” word.\n",
    );
    let o = check(tmp.path(), &[]);
    assert_exit(&o, 0);
    let err = stderr(&o);
    let ch = tmp.path().join("ch.md");
    for expected in [
        format!(
            "{}:3:7: warning[doubled-space]: 2 spaces between words",
            ch.display()
        ),
        format!(
            "{}:3:11: warning[straight-quote]: a straight quotation mark `\"`",
            ch.display()
        ),
        format!("{}:3:22: warning[spaced-hyphen]", ch.display()),
        format!("{}:3:28: warning[doubled-word]: `the` twice", ch.display()),
        format!("{}:5:1: warning[heading-skip]", ch.display()),
        format!("{}:7:5: warning[image-alt]", ch.display()),
        "warning[no-dictionary]: cannot read".to_string(),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in\n{err}");
    }
    assert!(err.contains("  hint: `“`"), "{err}");
    assert!(
        stdout(&o).contains("check: 0 errors, 8 warnings"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn json_gives_every_field() {
    let tmp = tempfile::tempdir().unwrap();
    write_book(tmp.path(), "", "# T\n\nOne  two.\n");
    let o = check(tmp.path(), &["--format", "json"]);
    assert_exit(&o, 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "doubled-space")
        .unwrap();
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["line"], 3);
    assert_eq!(f["column"], 4);
    assert_eq!(f["suggestion"], "one space");
    assert!(f["file"].as_str().unwrap().ends_with("ch.md"));
    assert!(f["message"].as_str().unwrap().contains("spaces"));
    // The fix an editor can apply: the two spaces (columns 4 and 5) become
    // one.
    assert_eq!(
        f["fix"],
        serde_json::json!({ "end_line": 3, "end_column": 6, "replacement": " " })
    );
}

#[test]
fn json_gives_no_line_0_and_points_at_a_key_new_left_commented_out() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("book.toml"),
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\n#rights = \"Public domain\"\nidentifier = \"urn:x:1\"\nchapters = [\"ch.md\"]\n[check]\ndictionary = \"none\"\n",
    )
    .unwrap();
    fs::write(tmp.path().join("ch.md"), "# T\n\nText.\n").unwrap();
    let o = check(tmp.path(), &["--format", "json"]);
    assert_exit(&o, 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let by_code = |code: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {v}"))
            .clone()
    };
    let rights = by_code("no-rights");
    assert_eq!(
        (rights["line"].as_u64(), rights["column"].as_u64()),
        (Some(4), Some(1))
    );
    assert!(rights["suggestion"]
        .as_str()
        .unwrap()
        .starts_with("uncomment"));
    let description = by_code("no-description");
    assert!(description["line"].is_null(), "{description}");
    assert!(description["column"].is_null(), "{description}");
    assert!(description["fix"].is_null(), "{description}");
    // The text form shows the line it found and no line where there is none.
    let text = stderr(&check(tmp.path(), &[]));
    assert!(text.contains("book.toml:4:1: warning[no-rights]"), "{text}");
    assert!(
        text.contains("book.toml: warning[no-description]"),
        "{text}"
    );
}

#[test]
fn fix_changes_only_what_cannot_change_meaning() {
    let tmp = tempfile::tempdir().unwrap();
    write_book(
        tmp.path(),
        "",
        "# T\n\nHe said  \"it's done\" - and  left.\n\nA “curly” word.\n",
    );
    let o = check(tmp.path(), &["--fix"]);
    assert_exit(&o, 0);
    let text = fs::read_to_string(tmp.path().join("ch.md")).unwrap();
    assert_eq!(
        text,
        "# T\n\nHe said “it’s done” - and left.\n\nA “curly” word.\n"
    );
    let out = stdout(&o);
    assert_eq!(out.matches("fixed ").count(), 5, "{out}");
    assert!(out.contains("4 fixed") || out.contains("5 fixed"), "{out}");
    // The dash is reported, not changed: which dash is meant is a choice.
    assert!(stderr(&o).contains("warning[spaced-hyphen]"));
    // A second run finds nothing left to fix.
    let again = check(tmp.path(), &["--fix"]);
    assert!(stdout(&again).contains(", 0 fixed"), "{}", stdout(&again));
}

/// `--fix` changes the characters it reports and nothing else: a file
/// with a byte-order mark and Windows line ends keeps both, a private
/// file stays private, a chapter that is a symbolic link is fixed in the
/// file it names (the link stays), a web address keeps its apostrophe
/// (a curly one is another address), and a quotation whose closing mark
/// after a number cannot be fixed keeps its opening one straight too. A
/// reviewer found the whole file rewritten (BOM gone, every line end
/// changed, mode 640 → 644, the link replaced by a copy), a link's
/// address changed and `“call 999"` left half converted.
#[test]
#[cfg(unix)]
fn fix_keeps_the_file_as_it_was_but_for_its_fixes() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let tmp = tempfile::tempdir().unwrap();
    write_book(tmp.path(), "", "");
    let real = tmp.path().join("src").join("real.md");
    fs::create_dir(tmp.path().join("src")).unwrap();
    fs::write(
        &real,
        "\u{feff}# T\r\n\r\nIt's  <https://example.org/x'y> and https://example.org/it's-here, \"fine\".\r\nHe said \"call 999\".\r\n\r\nA “curly” word.\r\n",
    )
    .unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    let chapter = tmp.path().join("ch.md");
    fs::remove_file(&chapter).unwrap();
    symlink("src/real.md", &chapter).unwrap();
    let o = check(tmp.path(), &["--fix"]);
    assert_exit(&o, 0);
    assert!(fs::symlink_metadata(&chapter)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        fs::read_to_string(&real).unwrap(),
        "\u{feff}# T\r\n\r\nIt’s <https://example.org/x'y> and https://example.org/it's-here, “fine”.\r\nHe said \"call 999\".\r\n\r\nA “curly” word.\r\n"
    );
    let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // Both marks of the pair after the number are still reported.
    let err = stderr(&o);
    assert!(err.contains(":4:9: warning[straight-quote]"), "{err}");
    assert!(err.contains(":4:18: warning[straight-quote]"), "{err}");
    // Nothing else is left behind in the book folder.
    let names: Vec<String> = fs::read_dir(tmp.path().join("src"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["real.md"]);
}

/// A book that types its quotes straight throughout is not told of each
/// (the build makes them all curly alike: a reviewer's 40-chapter book
/// had 8,000 such warnings); one after a number still is, as the build
/// cannot tell a prime from a closing quote.
#[test]
fn a_book_of_straight_quotes_is_told_only_of_those_after_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    write_book(
        tmp.path(),
        "",
        "# T\n\nHe said \"it's done\" and 'left'.\n\nShe is 5'10\" tall.\n",
    );
    let o = check(tmp.path(), &["--fix"]);
    assert_exit(&o, 0);
    let err = stderr(&o);
    assert_eq!(err.matches("warning[straight-quote]").count(), 2, "{err}");
    assert!(
        err.contains("ch.md:5:9: warning[straight-quote]: a straight `'` after a number"),
        "{err}"
    );
    assert!(stdout(&o).contains(", 0 fixed"), "{}", stdout(&o));
}

/// A quote after a number may be a prime (`5'10"`) or close a quotation:
/// `--fix` leaves it, and the next run still reports it, with the same
/// prime as the unbalanced-quote hint.
#[test]
fn fix_leaves_a_quote_after_a_number() {
    let tmp = tempfile::tempdir().unwrap();
    write_book(
        tmp.path(),
        "",
        "# T\n\nThe answer is 5'10\" tall, and the '90s were great. Rock 'n' roll.\n\nA “curly” word.\n",
    );
    let o = check(tmp.path(), &["--fix"]);
    assert_exit(&o, 0);
    let text = fs::read_to_string(tmp.path().join("ch.md")).unwrap();
    assert_eq!(
        text,
        "# T\n\nThe answer is 5'10\" tall, and the ’90s were great. Rock ’n’ roll.\n\nA “curly” word.\n"
    );
    let err = stderr(&o);
    assert_eq!(
        err.matches("warning[straight-quote]: a straight `'` after a number")
            .count(),
        1,
        "{err}"
    );
    assert_eq!(err.matches("warning[straight-quote]").count(), 2, "{err}");
    assert!(
        err.contains("hint: a prime `′` for feet or minutes"),
        "{err}"
    );
    assert!(
        err.contains("hint: a double prime `″` for inches or seconds"),
        "{err}"
    );
    assert!(err.contains("warning[unbalanced-quote]"), "{err}");
}

#[test]
fn codes_are_allowed_for_the_book_or_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    write_book(
        tmp.path(),
        "allow = [\"no-dictionary\", \"spaced-hyphen\"]\n",
        "# T\n\n<!-- check: allow doubled-word -->\nthe the a - b.\n\nthe the c.\n",
    );
    let o = check(tmp.path(), &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<(String, u64)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(codes, [("doubled-word".to_string(), 6)]);
    // The comment is not content: the build does not warn about raw HTML.
    let b = bookpack(&[
        "build",
        tmp.path().to_str().unwrap(),
        "-o",
        tmp.path().join("out").to_str().unwrap(),
        "--epub",
    ]);
    assert_exit(&b, 0);
    assert!(!stderr(&b).contains("HTML"), "{}", stderr(&b));
}

/// An unknown code is an error of book.toml for `build` as for `check`
/// (the build ignored it), with the near code suggested, or every code
/// when none is near.
#[test]
fn an_unknown_allowed_code_is_an_error_in_book_toml() {
    let tmp = tempfile::tempdir().unwrap();
    write_book(tmp.path(), "allow = [\"speling\"]\n", "# T\n\nText.\n");
    for o in [
        check(tmp.path(), &[]),
        build_into(tmp.path(), &tmp.path().join("out"), &[]),
    ] {
        assert_exit(&o, 1);
        let err = stderr(&o);
        assert!(
            err.contains("book.toml:10:10: error: [check] allow: unknown code `speling`"),
            "{err}"
        );
        assert!(err.contains("hint: did you mean `spelling`?"), "{err}");
    }
    assert!(!tmp.path().join("out").exists(), "nothing built");
    write_book(tmp.path(), "allow = [\"typography\"]\n", "# T\n\nText.\n");
    let err = stderr(&check(tmp.path(), &[]));
    assert!(err.contains("hint: codes are: ocr-confusion,"), "{err}");
}

#[test]
fn notes_and_metadata() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("book.toml"),
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\ndate = \"2999-01-01\"\nchapters = [\"ch.md\"]\n[check]\ndictionary = \"none\"\n",
    )
    .unwrap();
    fs::write(
        tmp.path().join("ch.md"),
        "# T\n\nOne.[^1] Two.[^2] Three[^3].\n\n[^1]: Same.\n[^2]: Same.\n[^3]: Other.\n[^4]: Unused.\n",
    )
    .unwrap();
    let o = check(tmp.path(), &["--format", "json"]);
    assert_exit(&o, 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    for c in [
        "no-rights",
        "no-description",
        "no-identifier",
        "future-date",
        "identical-notes",
        "unreferenced-note",
        "note-ref-placement",
    ] {
        assert!(codes.contains(&c), "{c} missing from {codes:?}");
    }
}

#[test]
fn an_error_level_finding_exits_1_and_stops_build_check() {
    let tmp = tempfile::tempdir().unwrap();
    write_book(tmp.path(), "", "# T\n\nText[^x].\n");
    let o = check(tmp.path(), &[]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("error[undefined-note]"),
        "{}",
        stderr(&o)
    );
    let out = tmp.path().join("out");
    let b = bookpack(&[
        "build",
        tmp.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--check",
    ]);
    assert_exit(&b, 1);
    assert!(!out.exists());
}

/// A font the print edition cannot use fails `bookpack build`; `check`
/// says so too, at its entry in book.toml, and exits 1, so a CI step
/// running `check` before `build` catches it.
#[test]
fn a_font_the_build_cannot_use_is_a_check_error_at_its_entry() {
    let tmp = tempfile::tempdir().unwrap();
    write_book(
        tmp.path(),
        "[pdf]\nfallback-fonts = [\"fonts/none.ttf\", \"No Such Family Sans\"]\n",
        "# T\n\nA fine day.\n",
    );
    let o = check(tmp.path(), &[]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    let toml = tmp.path().join("book.toml");
    for expected in [
        format!("{}:11:19: error[build]: ", toml.display()),
        format!("{}:11:37: error[build]: ", toml.display()),
    ] {
        assert!(err.contains(&expected), "missing {expected:?} in\n{err}");
    }
    assert!(err.contains("none.ttf"), "{err}");
    assert!(err.contains("No Such Family Sans"), "{err}");
    assert!(stdout(&o).contains("check: 2 errors"), "{}", stdout(&o));
    // The build fails on the same two entries.
    let out = tmp.path().join("out");
    let b = bookpack(&[
        "build",
        tmp.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_exit(&b, 1);
    let build_err = stderr(&b);
    assert!(
        build_err.contains(&format!("{}:11:19: error", toml.display())),
        "{build_err}"
    );
    assert!(
        build_err.contains(&format!("{}:11:37: error", toml.display())),
        "{build_err}"
    );
}

/// A reader that stops early (`bookpack check --format json | head -1`)
/// closes the pipe: `check` neither panics nor prints a backtrace, and
/// exits as it would have.
#[test]
fn a_closed_stdout_is_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    write_book(tmp.path(), "", "# T\n\nOne  two.\n");
    for format in ["json", "text"] {
        // The reading end is closed before the command starts: every
        // write to stdout fails with a broken pipe.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_bookpack"))
            .args(["check", tmp.path().to_str().unwrap(), "--format", format])
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        assert_exit(&o, 0);
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{format}: {err}");
        if format == "text" {
            // The findings still go to stderr.
            assert!(err.contains("doubled-space"), "{err}");
        }
    }
}

/// Links the build refuses (to a file that is not a chapter of the book,
/// to a place that does not exist) are errors of `check` too, each at its
/// link: `check` passed such a book (0 errors, exit 0) and the build then
/// failed on it.
#[test]
fn links_the_build_refuses_are_check_errors() {
    let tmp = tempfile::tempdir().unwrap();
    write_book(
        tmp.path(),
        "",
        "# T\n\nSee [x](#nowhere) and [y](02.md) and [z](02.md#sec).\n",
    );
    let b = bookpack(&[
        "build",
        tmp.path().to_str().unwrap(),
        "-o",
        tmp.path().join("out").to_str().unwrap(),
    ]);
    assert_exit(&b, 1);
    let build_errors = stderr(&b).matches(": error").count();
    assert_eq!(build_errors, 3, "{}", stderr(&b));
    let o = check(tmp.path(), &[]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    let ch = tmp.path().join("ch.md");
    for col in [5, 23, 38] {
        let at = format!("{}:3:{col}: error[", ch.display());
        assert!(err.contains(&at), "missing {at:?} in\n{err}");
    }
    assert!(stdout(&o).contains("check: 3 errors"), "{}", stdout(&o));
}

#[test]
fn build_check_passes_a_clean_book_through() {
    let tmp = tempfile::tempdir().unwrap();
    write_book(
        tmp.path(),
        "allow = [\"no-dictionary\"]\n",
        "# T\n\nA clean “text”.\n",
    );
    let out = tmp.path().join("out");
    let b = bookpack(&[
        "build",
        tmp.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--epub",
        "--check",
    ]);
    assert_exit(&b, 0);
    assert!(
        stdout(&b).contains("check: 0 errors, 0 warnings"),
        "{}",
        stdout(&b)
    );
    assert!(out.join("t.epub").is_file());
}

/// `build --check` follows the build's own flags: `-q` says errors only,
/// `--deny-warnings` fails on the check's warnings and writes nothing.
#[test]
fn build_check_obeys_quiet_and_deny_warnings() {
    let dir = common::temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch.md\"]\n[check]\ndictionary = \"none\"\n",
        &[("ch.md", "# One\n\nThe the cat sat.\n")],
    );
    let book = dir.path().to_str().unwrap();
    let out = dir.path().join("out");
    let o = common::bookpack(&["build", book, "-o", out.to_str().unwrap(), "--check", "-q"]);
    common::assert_exit(&o, 0);
    assert!(common::stderr(&o).is_empty(), "{}", common::stderr(&o));
    assert!(common::stdout(&o).is_empty(), "{}", common::stdout(&o));
    let denied = dir.path().join("denied");
    let o = common::bookpack(&[
        "build",
        book,
        "-o",
        denied.to_str().unwrap(),
        "--check",
        "-q",
        "--deny-warnings",
    ]);
    common::assert_exit(&o, 1);
    let err = common::stderr(&o);
    assert!(err.contains("warning[doubled-word]"), "{err}");
    assert!(
        err.contains("\nerror: check found 5 warnings and warnings are denied (--deny-warnings); nothing was written"),
        "{err}"
    );
    assert!(!denied.exists(), "nothing written");
}

/// A fence naming a language no grammar knows is found where the name is
/// written, with the near name when there is one; known names, `text`
/// and a book that colours nothing are not.
#[test]
fn a_code_language_no_grammar_knows() {
    let chapter = "# T\n\nListings follow.\n\n```pyhton\nprint(1)\n```\n\n- An item:\n\n  ```toml\n  a = 1\n  ```\n\n```text\nplain\n```\n\n> ```qqqqqq\n> x\n> ```\n\n```Rust\nfn f() {}\n```\n";
    let tmp = tempfile::tempdir().unwrap();
    write_book(tmp.path(), "", chapter);
    let o = check(tmp.path(), &["--format", "json"]);
    assert_exit(&o, 0);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found: Vec<(u64, u64, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "code-language")
        .map(|f| {
            let hint = f["suggestion"].as_str().unwrap_or("").to_string();
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                hint,
            )
        })
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (5, 4));
    assert!(found[0].2.contains("did you mean `python`?"), "{found:?}");
    assert_eq!((found[1].0, found[1].1), (19, 6));
    assert!(!found[1].2.contains("did you mean"), "{found:?}");
    // Nothing is coloured: nothing to warn of.
    write_book(tmp.path(), "[code]\nhighlight = false\n", chapter);
    let o = check(tmp.path(), &["--format", "json"]);
    assert!(!stdout(&o).contains("code-language"), "{}", stdout(&o));
}

/// A two-chapter book of index marks with a fault of each kind and its
/// near misses: each finding at its mark's `{`, the first spelling of a
/// variant named with its place (its quotes made curly, its inline code
/// read, as the build reads them).
#[test]
fn index_faults_are_found_at_their_marks() {
    let tmp = tempfile::tempdir().unwrap();
    let chapter = format!(
        "# T\n\nThe [Khrushchev, Nikita]{{.index}} speech[]{{index=\"Khrushchev, Nikita!secret speech\"}} was read.\n\nIt named [O'Brien]{{.index}} and [`HashMap`]{{.index}}.[]{{index=\"Stalin, Joseph!cult of\"}}\n\nSee also.[]{{index=\"revisionism\" index-see=\"Khrushchevizm\"}}[]{{index=\"Khrushchevism\" index-see-also=\"revisionism\"}}[]{{index=\"Mao\" index-see=\"khrushchev, nikita!Secret Speech\"}}[]{{index=\"Mao\" index-see=\"Khrushchev, Nikita!fall\"}}\n\nParties.{}{}\n",
        "[]{index=\"Party\"}".repeat(16),
        "[]{index=\"Congress\"}".repeat(15),
    );
    write_book(tmp.path(), "", &chapter);
    let two = "# U\n\nLater [khrushchev nikita]{.index} fell, and [OBrien]{.index}, [hashmap]{.index}.\n\nThe [Soviet party]{index=\"CPSU!congresses\"} and [Polish party]{index=\"PZPR!congresses\"}[]{index=\"PZPR!leaders\"}.\n\nOf [Mao]{index=\"Mao!and Stalin\"}[]{index=\"Khrushchev, Nikita!Secret speech\"}[]{index=\"Marx, Karl\"}[]{index=\"Marx Brothers\"}.\n";
    add_chapter(tmp.path(), "two.md", two);
    let index_findings = |o: &std::process::Output| -> Vec<(String, u64, u64, String, String)> {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"].as_str().unwrap().starts_with("index-"))
            .map(|f| {
                let file = f["file"].as_str().unwrap();
                (
                    format!(
                        "{}:{}",
                        file.rsplit('/').next().unwrap(),
                        f["code"].as_str().unwrap()
                    ),
                    f["line"].as_u64().unwrap(),
                    f["column"].as_u64().unwrap(),
                    f["message"].as_str().unwrap().to_string(),
                    f["suggestion"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let o = check(tmp.path(), &["--format", "json"]);
    assert_exit(&o, 0);
    let found = index_findings(&o);
    let places: Vec<(&str, u64, u64)> = found.iter().map(|f| (f.0.as_str(), f.1, f.2)).collect();
    assert_eq!(
        places,
        [
            ("ch.md:index-lone-subentry", 5, 54),
            ("ch.md:index-see-missing", 7, 12),
            ("ch.md:index-see-missing", 7, 175),
            ("ch.md:index-many-locators", 9, 11),
            ("two.md:index-variant", 3, 26),
            ("two.md:index-variant", 3, 53),
            ("two.md:index-variant", 3, 72),
            ("two.md:index-lone-subentry", 5, 19),
            ("two.md:index-variant", 7, 35),
        ]
    );
    // Whole messages and hints, and parts of the others'.
    let messages = [
        (0, "the index entry `Stalin, Joseph` has one sub-entry, `cult of`, and nothing else: a heading with a single sub-entry reads better as one entry"),
        (1, "`index-see` sends the reader to `Khrushchevizm`, which the index has no entry for"),
        (3, "the index entry `Party` lists 16 places under the heading alone: more than 15, with nothing to tell a reader which to look up"),
        (4, "the index entry `khrushchev nikita` is `Khrushchev, Nikita` (ch.md:3:25) written another way: they differ only in case, accents, punctuation or spacing, and print as two entries"),
    ];
    for (i, message) in messages {
        assert_eq!(found[i].3, message);
    }
    let hints = [
        (1, "did you mean `Khrushchevism`?"),
        (
            4,
            "write it `index=\"Khrushchev, Nikita\"` as there, so the index has one entry",
        ),
    ];
    for (i, hint) in hints {
        assert_eq!(found[i].4, hint);
    }
    let parts = [
        (0, "`index=\"Stalin, Joseph, cult of\"`"),
        (2, "where the text speaks of it"),
        (5, "`OBrien` is `O’Brien` (ch.md:5:19)"),
        (6, "`hashmap` is `HashMap` (ch.md:5:43)"),
        (
            8,
            "`Khrushchev, Nikita!Secret speech` is `Khrushchev, Nikita!secret speech` (ch.md:3:42)",
        ),
    ];
    for (i, part) in parts {
        assert!(
            found[i].3.contains(part) || found[i].4.contains(part),
            "{part} in {:?}",
            found[i]
        );
    }

    // A code allowed for the book is a code book.toml knows.
    write_book(tmp.path(), "allow = [\"index-variant\"]\n", &chapter);
    add_chapter(tmp.path(), "two.md", two);
    let o = check(tmp.path(), &["--format", "json"]);
    assert_exit(&o, 0);
    let codes: Vec<String> = index_findings(&o).into_iter().map(|f| f.0).collect();
    assert_eq!(codes.len(), 5, "{codes:?}");
    assert!(
        codes.iter().all(|c| !c.ends_with("index-variant")),
        "{codes:?}"
    );
}
