//! Import tests on the real seed: the edition in `source/` is the seed plus the
//! corrections listed in `source/ERRATA.md`, and nothing else.

use std::fs;
use std::path::{Path, PathBuf};

use bookpack::import::import_text;

const CHAPTER: &str = "12-from-bucharest-to-moscow.md";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The raw seed, kept in the repository: it is the source text the edition
/// in `source/` is made from.
fn seed_path() -> PathBuf {
    root().join("tests/data/the-khrushchevites-ch12.txt")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// One row of the errata table: raw line number, original, corrected.
struct Row {
    line: usize,
    original: String,
    corrected: String,
}

fn cell(s: &str) -> String {
    let s = s.trim();
    s.strip_prefix('`')
        .and_then(|s| s.strip_suffix('`'))
        .unwrap_or(s)
        .to_string()
}

/// The rows of the `Line | Original | Corrected | Note` table.
fn errata_rows(text: &str) -> Vec<Row> {
    let mut lines = text.lines().skip_while(|l| !l.starts_with("| Line"));
    let header = lines.next().expect("errata table header");
    assert!(
        header.contains("| Original | Corrected | Note |"),
        "{header}"
    );
    lines.next().expect("separator row");
    lines
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").collect();
            assert_eq!(cells.len(), 4, "malformed errata row: {l}");
            Row {
                line: cells[0]
                    .trim()
                    .parse()
                    .unwrap_or_else(|_| panic!("bad line number in: {l}")),
                original: cell(cells[1]),
                corrected: cell(cells[2]),
            }
        })
        .collect()
}

#[test]
fn the_edition_is_the_seed_plus_its_errata() {
    let raw = read(&seed_path());
    let rows = errata_rows(&read(&root().join("source/ERRATA.md")));
    assert!(rows.len() >= 60, "only {} errata rows", rows.len());

    let mut lines: Vec<String> = raw.split('\n').map(str::to_string).collect();
    for row in &rows {
        let line = &mut lines[row.line - 1];
        // Each original must point at exactly one place, so the list can be audited.
        assert_eq!(
            line.matches(&row.original).count(),
            1,
            "line {}: {:?} must occur once in {line:?}",
            row.line,
            row.original
        );
        *line = line.replacen(&row.original, &row.corrected, 1);
    }
    let corrected = lines.join("\n");

    let imported = import_text(&corrected, &seed_path(), None).expect("corrected seed imports");
    assert_eq!(imported.chapter_file, CHAPTER);
    let edition = read(&root().join("source").join(CHAPTER));
    if imported.markdown != edition {
        let first = imported
            .markdown
            .lines()
            .zip(edition.lines())
            .position(|(a, b)| a != b);
        panic!(
            "source/{CHAPTER} differs from seed + errata at line {:?}",
            first.map(|i| i + 1)
        );
    }

    // The corrected book title is the one in book.toml.
    let toml = read(&root().join("source/book.toml"));
    assert!(imported
        .book_toml
        .contains("title = \"The Khrushchevites\""));
    assert!(
        toml.contains("\ntitle = \"The Khrushchevites\"\n"),
        "{toml}"
    );
}

#[test]
fn the_edition_keeps_all_ten_notes_at_their_words() {
    let edition = read(&root().join("source").join(CHAPTER));
    let expected = [
        "pokushenie[^1]",
        "poljezen,[^2]",
        "njet,”[^3]",
        "pertsofka[^4]",
        "zakuski[^5]",
        "stolovaya.[^6]",
        "“durak”[^7]",
        "paille,[^8]",
        "brat?”[^9]",
        "bratya?”[^10]",
    ];
    for (i, r) in expected.iter().enumerate() {
        assert_eq!(edition.matches(r).count(), 1, "{r}");
        assert_eq!(
            edition.matches(&format!("\n[^{}]: ", i + 1)).count(),
            1,
            "definition {}",
            i + 1
        );
    }
    assert_eq!(edition.matches("[^").count(), 20);
}

/// Runs the `bookpack` binary with `args`; returns (exit code, stdout, stderr).
fn bookpack(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bookpack"))
        .args(args)
        .output()
        .expect("the bookpack binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn import_command_on_the_seed_writes_ten_notes_at_their_words() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("imp");
    let (code, stdout, stderr) = bookpack(&[
        "import".as_ref(),
        seed_path().as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "stdout: {stdout}\nstderr: {stderr}");
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["12-from-bucharest-to-moscow.md", "book.toml"]);

    let md = read(&out.join(CHAPTER));
    // Each reference right after its word (as in the raw text, OCR damage and all).
    let refs = [
        "a pokushenie[^1] against",
        "was poljezen[^2] our",
        "nu njet,”[^3] replied",
        "vodka, pertsofka[^4] and",
        "and zakuski[^5] were",
        "the stolovaya.[^6] The",
        "called “durak[^7] when",
        "de paille[^8] as",
        "discussion, brat?”[^9] he",
        "leading you bratya?”[^10]\n",
    ];
    for r in refs {
        assert_eq!(md.matches(r).count(), 1, "{r:?} in the imported chapter");
    }
    for n in 1..=10 {
        assert_eq!(
            md.matches(&format!("\n[^{n}]: “")).count(),
            1,
            "definition {n}"
        );
    }
    assert_eq!(
        md.matches("[^").count(),
        20,
        "ten references and ten definitions"
    );
    // Not taken for markers, and the navigation line is gone.
    for kept in ["U-2 incident", "20-25 km", "in 1957.", "28th and 29th"] {
        assert!(md.contains(kept), "{kept:?} changed");
    }
    assert!(!md.contains("Next:"));

    let toml = read(&out.join("book.toml"));
    assert!(toml.contains("title = \"The Khruschevites\""), "{toml}");
    assert!(
        toml.contains("chapters = [\"12-from-bucharest-to-moscow.md\"]"),
        "{toml}"
    );
}

#[test]
fn import_command_on_a_broken_copy_fails_at_the_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let raw = read(&seed_path());
    // Cases: a marker removed from the text; a gap in the note numbering;
    // bytes that are not UTF-8.
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "no-marker.txt",
            raw.replacen("stolovaya.6", "stolovaya.", 1).into_bytes(),
            ":577:1: error: note 6 has no marker",
        ),
        (
            "gap.txt",
            raw.replacen("\n7.\u{a0}“Fool”", "\n8.\u{a0}“Fool”", 1)
                .into_bytes(),
            ":579:1: error: note 8 found where note 7 was expected",
        ),
        (
            "latin1.txt",
            raw.replacen("Koço", "Ko\u{1}", 1)
                .into_bytes()
                .into_iter()
                .map(|b| if b == 1 { 0xE7 } else { b })
                .collect(),
            ":201:",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let out = dir.path().join(format!("out-{name}"));
        let (code, stdout, stderr) = bookpack(&[
            "import".as_ref(),
            path.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(code, 1, "{name}: stdout: {stdout}\nstderr: {stderr}");
        let want = format!("{}{expected}", path.display());
        assert!(
            stderr.contains(&want),
            "{name}: want {want:?} in stderr:\n{stderr}"
        );
        assert!(!out.exists(), "{name}: wrote {}", out.display());
    }
}
