//! Import tests on the real seed: the edition in `source/` is the seed plus the
//! corrections listed in `source/ERRATA.md`, and nothing else.

use std::fs;
use std::path::{Path, PathBuf};

use bookpack::import::import_text;

const CHAPTER: &str = "12-from-bucharest-to-moscow.md";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The raw seed lives in `shared/` beside the repository (CI lays it there too).
fn seed_path() -> PathBuf {
    root().join("../shared/seed/the-khrushchevites-ch12.txt")
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
