//! The commands around the editions: `bookpack new`, a whole-book
//! `bookpack import`, `bookpack completions` and `bookpack man`.

mod common;

use std::fs;
use std::path::Path;

use common::{assert_exit, bookpack, root, stderr, stdout};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_new_book_builds_at_once_with_no_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-first-book");
    let o = bookpack(&[
        "new",
        s(&dir),
        "--title",
        "A Test Book",
        "--author",
        "Ann Author",
        "--language",
        "en-GB",
    ]);
    assert_exit(&o, 0);
    for f in ["book.toml", "01-the-first-chapter.md", ".gitignore"] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    assert!(fs::read_to_string(dir.join(".gitignore"))
        .unwrap()
        .contains("out/"));
    let toml = fs::read_to_string(dir.join("book.toml")).unwrap();
    assert!(
        toml.contains("title = \"A Test Book\"") && toml.contains("authors = [\"Ann Author\"]")
    );
    // Dated the day it was started (SOURCE_DATE_EPOCH here), not 1970.
    assert!(toml.contains("\ndate = \"2023-11-14\"\n"), "{toml}");
    let out = dir.join("out");
    let b = bookpack(&["build", s(&dir), "-o", s(&out), "--deny-warnings"]);
    assert_exit(&b, 0);
    assert_eq!(stderr(&b), "", "the new book builds with no warning");
    assert!(out.join("a-test-book.epub").is_file() && out.join("a-test-book.pdf").is_file());
    assert!(
        stdout(&b).contains("1/1 note links") || stdout(&b).contains("note"),
        "{}",
        stdout(&b)
    );
    // It passes its own checks but for the metadata a new book lacks (not
    // its identifier: `new` mints one, so a corrected title keeps it).
    let c = bookpack(&["check", s(&dir), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&c.stdout).unwrap();
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .filter(|c| *c != "no-dictionary")
        .collect();
    // In the order of the commented-out lines they point at.
    assert_eq!(codes, ["no-rights", "no-description"]);
}

/// A new book in another language than English: the starter chapter's
/// English words are marked English, so neither edition sets them by
/// the book's language (French spaces before colons, « » quotes), and
/// `check` finds nothing in them.
#[test]
fn a_new_french_book_keeps_its_english_starter_text_english() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("livre");
    assert_exit(&bookpack(&["new", s(&dir), "--language", "fr"]), 0);
    let out = tmp.path().join("out");
    let b = bookpack(&["build", s(&dir), "-o", s(&out), "--epub", "--deny-warnings"]);
    assert_exit(&b, 0);
    let epub = fs::File::open(out.join("livre.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(epub).unwrap();
    let mut page = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("EPUB/chapter-1.xhtml").unwrap(), &mut page)
        .unwrap();
    assert!(page.contains("lang=\"fr\""), "{page}");
    assert!(
        page.contains("<span lang=\"en\" xml:lang=\"en\">The First Chapter</span>"),
        "{page}"
    );
    assert!(
        page.contains("<p><span lang=\"en\" xml:lang=\"en\">Write the chapter"),
        "{page}"
    );
    // English typography: no space before the colon, English quotes.
    assert!(page.contains("between them: <em>"), "{page}");
    assert!(page.contains("“quotation marks”"), "{page}");
    assert!(!page.contains('«'), "{page}");
    let c = bookpack(&["check", s(&dir), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&c.stdout).unwrap();
    let in_chapter: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"].as_str().is_some_and(|f| f.ends_with(".md")))
        // A machine without an English Hunspell dictionary says so (the
        // README's plain `cargo test` runs before `.ci/run` installs one):
        // that is no finding in the text.
        .filter(|f| f["code"] != "no-dictionary")
        .collect();
    assert!(in_chapter.is_empty(), "{in_chapter:?}");
}

/// `new` then `build --deny-warnings` in a language, both editions or
/// `--epub` alone; panics with the build's messages if it warns.
fn new_then_build(language: &str, epub_only: bool) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("book");
    assert_exit(&bookpack(&["new", s(&dir), "--language", language]), 0);
    let out = tmp.path().join("out");
    let mut args = vec!["build", s(&dir), "-o", s(&out), "--deny-warnings"];
    if epub_only {
        args.push("--epub");
    }
    let b = bookpack(&args);
    assert_exit(&b, 0);
    assert_eq!(
        stderr(&b),
        "",
        "{language}: the new book builds with no warning"
    );
}

/// The languages a tester found warning: their labels are built in now.
/// The EPUB needs no font, so this runs on a bare machine.
#[test]
fn a_new_book_in_chinese_japanese_korean_persian_greek_or_arabic_builds_with_no_warning() {
    for language in ["zh", "zh-TW", "ja", "ko", "fa", "el", "ar"] {
        new_then_build(language, true);
    }
    // Greek is in EB Garamond: its PDF too.
    new_then_build("el", false);
}

/// The print edition as well, in the face `new` names for each script.
#[test]
#[ignore = "needs fonts-noto-cjk and fonts-noto-core (Noto Serif CJK, Noto Naskh Arabic)"]
fn a_new_book_in_a_script_eb_garamond_lacks_prints_with_no_warning() {
    for language in ["zh", "zh-Hant", "ja", "ko", "fa", "ar", "he"] {
        new_then_build(language, false);
    }
}

/// A language without built-in labels: `new` sets them in English in
/// `[labels]`, says so, and the book builds with no warning.
#[test]
fn a_new_book_in_a_language_without_labels_builds_and_says_what_to_translate() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("book");
    let o = bookpack(&["new", s(&dir), "--language", "hu"]);
    assert_exit(&o, 0);
    assert!(
        stdout(&o).contains(
            "bookpack has no labels for `hu`: book.toml's [labels] holds them in English"
        ),
        "{}",
        stdout(&o)
    );
    let b = bookpack(&[
        "build",
        s(&dir),
        "-o",
        s(&tmp.path().join("out")),
        "--deny-warnings",
    ]);
    assert_exit(&b, 0);
    assert_eq!(stderr(&b), "");
}

/// The next step `new` prints can be pasted into a shell: a path with
/// spaces or a quote is quoted.
#[test]
fn the_command_new_prints_runs_in_a_shell() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("n é book").join("Mon Livre d'Été");
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    let o = bookpack(&["new", s(&dir)]);
    assert_exit(&o, 0);
    let line = stdout(&o)
        .lines()
        .find_map(|l| l.strip_prefix("build it with: ").map(str::to_string))
        .expect("a next step");
    assert!(line.contains("'\\''"), "{line}");
    let cd = line.strip_suffix(" && bookpack build").expect(&line);
    let sh = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{cd} && pwd"))
        .output()
        .unwrap();
    assert!(
        sh.status.success(),
        "{line}: {}",
        String::from_utf8_lossy(&sh.stderr)
    );
    assert_eq!(
        Path::new(stdout(&sh).trim()).canonicalize().unwrap(),
        dir.canonicalize().unwrap()
    );
}

#[test]
fn new_never_writes_into_a_folder_with_files() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let o = bookpack(&["new", s(tmp.path())]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("error: the folder is not empty"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    // An empty folder is fine; the title comes from its name.
    let empty = tmp.path().join("the-empty-one");
    fs::create_dir(&empty).unwrap();
    assert_exit(&bookpack(&["new", s(&empty)]), 0);
    assert!(fs::read_to_string(empty.join("book.toml"))
        .unwrap()
        .contains("title = \"The Empty One\""));
}

/// A language the book would refuse is refused by `new` (a usage error,
/// exit 2), before it writes a book that does not build.
#[test]
fn new_refuses_a_language_that_is_no_tag() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("book");
    let o = bookpack(&["new", s(&dir), "--language", "english"]);
    assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("'english'") && stderr(&o).contains("not a BCP 47 language tag"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.exists(), "nothing written");
    assert_exit(&bookpack(&["new", s(&dir), "--language", "pt-BR"]), 0);
}

fn raw(name: &str) -> String {
    root()
        .join("tests/data")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

const CH12: &str = "the-khrushchevites-ch12.txt";
const CH13: &str = "raw-chapter-13.txt";
const CH14: &str = "raw-chapter-14.txt";

#[test]
fn three_raw_chapters_become_one_book_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("book");
    // Given out of order: numbered from their `Next:` lines (the last, with
    // none, follows the one before it).
    let o = bookpack(&["import", &raw(CH14), &raw(CH12), &raw(CH13), "-o", s(&out)]);
    assert_exit(&o, 0);
    let toml = fs::read_to_string(out.join("book.toml")).unwrap();
    assert!(
        toml.contains(
            "chapters = [\"12-from-bucharest-to-moscow.md\", \"13-the-final-act.md\", \"14-epilogue.md\"]"
        ),
        "{toml}"
    );
    let ch14 = fs::read_to_string(out.join("14-epilogue.md")).unwrap();
    assert!(
        ch14.starts_with("+++\nnumber = 14\n+++\n\n# Epilogue\n"),
        "{ch14}"
    );
    assert!(ch14.contains("konec[^1]"));
    let b = bookpack(&["build", s(&out), "-o", s(&tmp.path().join("o")), "--epub"]);
    assert_exit(&b, 0);
    assert!(stdout(&b).contains("3 chapters"), "{}", stdout(&b));
}

#[test]
fn an_existing_book_toml_gets_the_chapters_added() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let mine = "# My own comment stays.\ntitle = \"Mine\"\nauthors = [\"Me\"]\nlanguage = \"en-GB\"\nchapters = [\n  \"00-preface.md\",\n]\n\n[pdf]\npaper = \"a5\"\n";
    fs::write(out.join("book.toml"), mine).unwrap();
    let o = bookpack(&["import", &raw(CH13), &raw(CH14), "-o", s(out)]);
    assert_exit(&o, 0);
    let toml = fs::read_to_string(out.join("book.toml")).unwrap();
    assert_eq!(
        toml,
        mine.replace(
            "  \"00-preface.md\",\n]",
            "  \"00-preface.md\", \"13-the-final-act.md\", \"14-epilogue.md\"\n]"
        )
    );
    // Again: nothing new to add, nothing rewritten.
    let again = bookpack(&["import", &raw(CH13), &raw(CH14), "-o", s(out)]);
    assert_exit(&again, 0);
    assert!(!stdout(&again).contains("wrote"), "{}", stdout(&again));
    assert_eq!(fs::read_to_string(out.join("book.toml")).unwrap(), toml);
}

#[test]
fn an_error_in_any_file_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.txt");
    // Note 1 has no marker in the text.
    fs::write(
        &bad,
        "A\n\nB\n\n\nC\n\nSynopsis.\n\nText without markers.\n\nNotes\n\n1. A note.\n\nNext: 16. D\n",
    )
    .unwrap();
    let out = tmp.path().join("book");
    let o = bookpack(&["import", &raw(CH12), &raw(CH13), s(&bad), "-o", s(&out)]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains(&format!("{}:", bad.display())),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists() || fs::read_dir(&out).unwrap().count() == 0);
}

#[test]
fn bash_loads_the_completion() {
    let bin = env!("CARGO_BIN_EXE_bookpack");
    let o = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source <('{bin}' completions bash) && complete -p bookpack"
        ))
        .output()
        .expect("bash runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout(&o).contains("complete") && stdout(&o).contains("bookpack"),
        "{}",
        stdout(&o)
    );
    for shell in ["zsh", "fish"] {
        let c = bookpack(&["completions", shell]);
        assert_exit(&c, 0);
        assert!(stdout(&c).contains("check"), "{shell}");
    }
}

/// One page holds the whole manual (`bookpack man > bookpack.1`): every
/// command under COMMANDS with its own options, and the sections a user
/// looks for. It named `bookpack-build(1)` and other pages nothing
/// installs, and its commands' synopses said `build`, not `bookpack build`.
#[test]
fn the_man_page_covers_every_command() {
    let o = bookpack(&["man"]);
    assert_exit(&o, 0);
    let page = stdout(&o);
    assert_eq!(page.matches(".TH ").count(), 1, "one page");
    assert!(page.contains(".TH bookpack 1"), "{}", &page[..200]);
    for sub in [
        "build",
        "watch",
        "dump",
        "import",
        "hyphenate",
        "check",
        "new",
        "completions",
        "man",
    ] {
        assert!(
            page.contains(&format!(".SS \"bookpack {sub}\"")),
            "no section for {sub}"
        );
    }
    assert!(
        page.contains("\\fBbookpack build\\fR"),
        "full names in synopses"
    );
    assert!(page.contains("deny\\-warnings"), "the build's options");
    for section in ["EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES"] {
        assert!(
            page.contains(&format!(".SH {section}"))
                || page.contains(&format!(".SH \"{section}\"")),
            "{section}"
        );
    }
    assert!(page.contains("SOURCE_DATE_EPOCH"));
    assert!(!page.contains("bookpack-"), "names no other page");
}

/// `bookpack new .` in an empty folder fills it, as `cargo init` does (it
/// failed: "Invalid argument"), and the next step is to build right there.
#[test]
fn new_fills_the_empty_folder_it_is_run_in() {
    let tmp = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_bookpack"))
        .args(["new", "."])
        .current_dir(tmp.path())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert_exit(&o, 0);
    assert!(
        stdout(&o).contains("build it with: bookpack build\n"),
        "{}",
        stdout(&o)
    );
    let mut names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [".gitignore", "01-the-first-chapter.md", "book.toml"]
    );
    assert_exit(
        &bookpack(&["build", s(tmp.path()), "-o", s(&tmp.path().join("out"))]),
        0,
    );
}
