//! How well `bookpack check` finds real faults, measured (needs the Hunspell
//! en_GB dictionary, so `#[ignore]`d; `.ci/run` installs it):
//!
//! - on the import of the raw seed, the share of `source/ERRATA.md`'s
//!   corrections it finds at the right line (and at the right place);
//! - on `source/`, the corrected edition, how few findings it reports;
//! - on a text it was not written against (`tests/data/unseen`, from the
//!   King James Version), damage of the same kinds put in at random places
//!   with a fixed seed: recall and precision.
//!
//! Run `cargo test --test check_eval -- --ignored --nocapture` to see the
//! figures and every miss.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{bookpack, root};

#[derive(Debug, Clone)]
struct Found {
    code: String,
    file: PathBuf,
    line: u32,
    column: u32,
}

/// Runs `bookpack check DIR --format json`; fails when no dictionary is
/// installed (a missing tool is a failure, never a skip).
fn check(dir: &Path) -> Vec<Found> {
    let out = bookpack(&["check", dir.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "check printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let found: Vec<Found> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| Found {
            code: f["code"].as_str().unwrap().to_string(),
            file: PathBuf::from(f["file"].as_str().unwrap()),
            // null for a finding about the whole book
            line: f["line"].as_u64().unwrap_or(0) as u32,
            column: f["column"].as_u64().unwrap_or(0) as u32,
        })
        .collect();
    assert!(
        !found.iter().any(|f| f.code == "no-dictionary"),
        "these measures need the Hunspell en_GB dictionary: apt-get install hunspell-en-gb"
    );
    found
}

fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One correction of `source/ERRATA.md`: raw line and original text.
fn errata() -> Vec<(usize, String)> {
    let text = fs::read_to_string(root().join("source/ERRATA.md")).unwrap();
    text.lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let line: usize = cells.get(1)?.parse().ok()?;
            let original = cells.get(2)?.trim_matches('`').to_string();
            Some((line, original))
        })
        .collect()
}

#[test]
#[ignore = "needs the Hunspell en_GB dictionary (hunspell-en-gb); .ci/run installs it"]
fn finds_ninety_percent_of_the_errata_in_the_raw_seed() {
    let tmp = tempfile::tempdir().unwrap();
    let seed = root().join("tests/data/the-khrushchevites-ch12.txt");
    let out = bookpack(&[
        "import",
        seed.to_str().unwrap(),
        "-o",
        tmp.path().to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let raw: Vec<String> = fs::read_to_string(&seed)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let toml_path = tmp.path().join("book.toml");
    let toml = fs::read_to_string(&toml_path).unwrap();
    let md_path = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let md = fs::read_to_string(&md_path).unwrap();
    let found = check(tmp.path());

    let rows = errata();
    assert_eq!(rows.len(), 73, "source/ERRATA.md has 73 corrections");
    let (mut at_line, mut at_place) = (0, 0);
    for (raw_line, original) in &rows {
        let raw_text = raw[raw_line - 1].trim();
        // Where the raw line went: book.toml (the title) or a chapter line.
        let (file, text, line) = match toml.lines().position(|l| l.contains(raw_text)) {
            Some(i) => (&toml_path, toml.lines().nth(i).unwrap(), i + 1),
            None => {
                let key: String = letters(raw_text).chars().take(60).collect();
                let i = md
                    .lines()
                    .position(|l| letters(l).contains(&key))
                    .unwrap_or_else(|| panic!("raw line {raw_line} not found in the import"));
                (&md_path, md.lines().nth(i).unwrap(), i + 1)
            }
        };
        let on_line: Vec<&Found> = found
            .iter()
            .filter(|f| &f.file == file && f.line as usize == line)
            .collect();
        // The place: the original's longest word, wherever it stands on the line.
        let word = original
            .split(|c: char| !c.is_alphabetic())
            .max_by_key(|w| w.len())
            .unwrap_or("");
        let word_offset = original.find(word).unwrap_or(0);
        let span = original.chars().count();
        let starts: Vec<usize> = text
            .match_indices(word)
            .map(|(i, _)| text[..i].chars().count() + 1)
            .collect();
        let placed = on_line.iter().any(|f| {
            starts.iter().any(|&s| {
                let start = s.saturating_sub(original[..word_offset].chars().count());
                (f.column as usize + 3 >= start) && (f.column as usize) <= start + span + 3
            })
        });
        if !on_line.is_empty() {
            at_line += 1;
        }
        if placed {
            at_place += 1;
        }
        let codes: Vec<&str> = on_line.iter().map(|f| f.code.as_str()).collect();
        println!(
            "{} {raw_line:>4} {original:<40} {codes:?}",
            if placed {
                "place"
            } else if on_line.is_empty() {
                "MISS "
            } else {
                "line "
            }
        );
    }
    let n = rows.len();
    println!(
        "raw seed: {at_line}/{n} corrections found at the right line ({:.0} %), {at_place}/{n} at the right place ({:.0} %); {} findings in all",
        100.0 * at_line as f64 / n as f64,
        100.0 * at_place as f64 / n as f64,
        found.len()
    );
    assert!(
        at_line * 10 >= n * 9,
        "only {at_line} of {n} corrections found at their line"
    );
}

#[test]
#[ignore = "needs the Hunspell en_GB dictionary (hunspell-en-gb); .ci/run installs it"]
fn the_corrected_edition_has_at_most_ten_findings() {
    let found = check(&root().join("source"));
    for f in &found {
        println!("{}:{}:{} {}", f.file.display(), f.line, f.column, f.code);
    }
    println!("source/: {} findings", found.len());
    assert!(found.len() <= 10, "{} findings on source/", found.len());
}

// ------------------------------------------------------------ unseen text

/// A small deterministic generator (xorshift64*), so the damage is the
/// same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The kinds of damage put in, as a scanner or a careless copy makes them.
const KINDS: [&str; 14] = [
    "rn-for-m",
    "cl-for-d",
    "c-for-e",
    "1-or-i-for-l",
    "0-for-o",
    "ri-for-n",
    "full-stop-inside",
    "space-inside",
    "run-together",
    "line-end-hyphen",
    "doubled-word",
    "doubled-space",
    "stray-accent",
    "stray-quote",
];

/// Damages one word, if the kind applies to it: the new text of the word
/// and the text to put after it instead of the single space.
fn damage(kind: &str, word: &str, next: Option<&str>, rng: &mut Rng) -> Option<(String, String)> {
    let core_end = word
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphabetic())
        .map(|(i, c)| i + c.len_utf8())?;
    let (core, tail) = word.split_at(core_end);
    if !core.chars().all(|c| c.is_ascii_alphabetic()) || core.len() < 4 {
        return None;
    }
    let sub = |from: &str, to: &str, rng: &mut Rng| {
        let places: Vec<usize> = core.match_indices(from).map(|(i, _)| i).collect();
        if places.is_empty() {
            return None;
        }
        let i = places[rng.below(places.len())];
        Some(format!(
            "{}{to}{}{tail}",
            &core[..i],
            &core[i + from.len()..]
        ))
    };
    let inside = |rng: &mut Rng| 2 + rng.below(core.len() - 3);
    let space = " ".to_string();
    Some(match kind {
        "rn-for-m" => (sub("m", "rn", rng)?, space),
        "cl-for-d" => (sub("d", "cl", rng)?, space),
        "c-for-e" => (sub("e", "c", rng)?, space),
        "1-or-i-for-l" => (
            sub("l", if rng.below(2) == 0 { "1" } else { "i" }, rng)?,
            space,
        ),
        "0-for-o" => (sub("o", "0", rng)?, space),
        "ri-for-n" => (sub("n", "ri", rng)?, space),
        "full-stop-inside" => {
            let i = inside(rng);
            (format!("{}.{}{tail}", &core[..i], &core[i..]), space)
        }
        "space-inside" if core.len() >= 5 => {
            let i = inside(rng);
            (format!("{} {}{tail}", &core[..i], &core[i..]), space)
        }
        "line-end-hyphen" if core.len() >= 6 => {
            let i = inside(rng);
            (format!("{}- {}{tail}", &core[..i], &core[i..]), space)
        }
        "run-together"
            if tail.is_empty()
                && next.is_some_and(|n| n.chars().all(|c| c.is_ascii_lowercase())) =>
        {
            (word.to_string(), String::new())
        }
        "doubled-word" if tail.is_empty() => (format!("{core} {core}"), space),
        "doubled-space" => (word.to_string(), "  ".into()),
        "stray-accent" => {
            let vowels: Vec<(usize, char)> = core
                .char_indices()
                .filter(|(_, c)| "aeiou".contains(*c))
                .collect();
            let &(i, v) = vowels.get(rng.below(vowels.len().max(1)))?;
            let accented = match v {
                'a' => 'à',
                'e' => 'è',
                'i' => 'ì',
                'o' => 'ò',
                _ => 'ù',
            };
            (
                format!("{}{accented}{}{tail}", &core[..i], &core[i + 1..]),
                space,
            )
        }
        "stray-quote" => (format!("“{word}"), space),
        _ => return None,
    })
}

/// One injected fault: file, line, and the columns (1-based, characters)
/// it covers.
#[derive(Debug)]
struct Injected {
    kind: &'static str,
    file: PathBuf,
    line: u32,
    from: u32,
    to: u32,
}

/// Copies the clean book into `dir`, damaging about one word in `every`.
fn inject(clean: &Path, dir: &Path, seed: u64, every: usize) -> Vec<Injected> {
    let mut rng = Rng(seed);
    let mut injected = Vec::new();
    for entry in fs::read_dir(clean).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_owned();
        let text = fs::read_to_string(&path).unwrap();
        if path.extension().is_none_or(|e| e != "md") {
            fs::write(dir.join(&name), text).unwrap();
            continue;
        }
        let mut out_lines = Vec::new();
        for (ln, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                out_lines.push(line.to_string());
                continue;
            }
            let words: Vec<&str> = line.split(' ').collect();
            let mut out = String::new();
            let mut skip_until = 0;
            let mut i = 0;
            while i < words.len() {
                let word = words[i];
                let next = words.get(i + 1).copied();
                let mut text = word.to_string();
                let mut sep = " ".to_string();
                if i >= skip_until && next.is_some() && rng.below(every) == 0 {
                    let kind = KINDS[rng.below(KINDS.len())];
                    if let Some((t, s)) = damage(kind, word, next, &mut rng) {
                        let from = out.chars().count() as u32 + 1;
                        let to = from + t.chars().count() as u32 + s.chars().count() as u32;
                        injected.push(Injected {
                            kind,
                            file: dir.join(&name),
                            line: ln as u32 + 1,
                            from,
                            to,
                        });
                        text = t;
                        sep = s;
                        skip_until = i + 4; // faults kept apart
                    }
                }
                out.push_str(&text);
                if i + 1 < words.len() {
                    out.push_str(&sep);
                }
                i += 1;
            }
            out_lines.push(out);
        }
        fs::write(dir.join(&name), out_lines.join("\n") + "\n").unwrap();
    }
    injected
}

#[test]
#[ignore = "needs the Hunspell en_GB dictionary (hunspell-en-gb); .ci/run installs it"]
fn finds_damage_put_into_a_text_it_has_not_seen() {
    let clean = root().join("tests/data/unseen");
    let on_clean = check(&clean);
    println!("clean text: {} findings", on_clean.len());

    let tmp = tempfile::tempdir().unwrap();
    let injected = inject(&clean, tmp.path(), 0x5EED_2026, 10);
    let found = check(tmp.path());
    let near = |f: &Found, i: &Injected| {
        f.file == i.file && f.line == i.line && f.column + 2 >= i.from && f.column <= i.to + 2
    };
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut hit = 0;
    for i in &injected {
        let found_it = found.iter().any(|f| near(f, i));
        let e = by_kind.entry(i.kind).or_default();
        e.1 += 1;
        if found_it {
            e.0 += 1;
            hit += 1;
        }
    }
    let true_findings = found
        .iter()
        .filter(|f| injected.iter().any(|i| near(f, i)))
        .count();
    for (kind, (h, n)) in &by_kind {
        println!("  {kind:<18} {h}/{n}");
    }
    for f in found
        .iter()
        .filter(|f| !injected.iter().any(|i| near(f, i)))
    {
        println!(
            "  false: {}:{}:{} {}",
            f.file.display(),
            f.line,
            f.column,
            f.code
        );
    }
    let recall = hit as f64 / injected.len() as f64;
    let precision = true_findings as f64 / found.len() as f64;
    println!(
        "unseen text: {} faults put in, {hit} found: recall {:.0} %; {} findings, {true_findings} at a fault: precision {:.0} %",
        injected.len(),
        100.0 * recall,
        found.len(),
        100.0 * precision
    );
    assert!(
        injected.len() >= 150,
        "only {} faults put in",
        injected.len()
    );
    assert!(recall >= 0.85, "recall {recall:.2}");
    assert!(precision >= 0.85, "precision {precision:.2}");
}
