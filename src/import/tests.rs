//! Tests of the whole import, on small raw texts made here.

use super::format::slug;
use super::raw::decode_utf8;
use super::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::fs;
use std::path::PathBuf;

const PATH: &str = "raw/ch.txt";

/// Navigation line, `--number`, expected number or error message part.
type NumberCase = (Option<&'static str>, Option<u32>, Result<u32, &'static str>);
/// Body, notes, expected line and column, message part.
type ErrorCase = (
    &'static [&'static str],
    &'static [&'static str],
    u32,
    u32,
    &'static str,
);

/// A raw chapter in the seed's shape: header lines, synopsis, the given
/// body paragraphs, notes 1..=`notes.len()`, spacer and navigation line.
fn raw(body: &[&str], notes: &[&str], nav: Option<&str>) -> String {
    let mut s = String::from("Enver Hoxha\n\nThe Khruschevites\n\n\nFrom Bucharest to Moscow\n\nFebruary 1960: a synopsis.\n\n\n");
    for p in body {
        s.push_str(p);
        s.push_str("\n\n");
    }
    s.push_str("\u{a0}\n\nNotes\n\n");
    for (i, n) in notes.iter().enumerate() {
        s.push_str(&format!("{}.\u{a0} {n}\n\n", i + 1));
    }
    if let Some(nav) = nav {
        s.push_str(&format!("\n\n{nav}\n"));
    }
    s
}

fn import(raw: &str) -> Result<Imported, Failure> {
    import_text(raw, Path::new(PATH), None)
}

fn error_of(result: Result<Imported, Failure>) -> Diagnostic {
    match result {
        Err(Failure(d)) => d.items()[0].clone(),
        Ok(i) => panic!("expected an error, got:\n{}", i.markdown),
    }
}

/// The ten markers of the seed, each in the context it has there, with
/// the text the reference must follow.
const SEED_MARKERS: [(&str, &str); 10] = [
    (
        "organizing a pokushenie1 against him",
        "organizing a pokushenie[^1] against him",
    ),
    (
        "Bucharest was poljezen2 our line pravilna",
        "Bucharest was poljezen[^2] our line pravilna",
    ),
    (
        "“Nu njet, nu njet,”3 replied Pospyelov",
        "“Nu njet, nu njet,”[^3] replied Pospyelov",
    ),
    ("The vodka, pertsofka4 and", "The vodka, pertsofka[^4] and"),
    ("and zakuski5 were sent up", "and zakuski[^5] were sent up"),
    (
        "escaped from the stolovaya.6 The film",
        "escaped from the stolovaya.[^6] The film",
    ),
    (
        "whom they called “durak7 when",
        "whom they called “durak[^7] when",
    ),
    (
        "as hommes de paille8 as puppets",
        "as hommes de paille[^8] as puppets",
    ),
    (
        "“Can we have a discussion, brat?”9 he asked me.",
        "“Can we have a discussion, brat?”[^9] he asked me.",
    ),
    (
        "“Where’s this road leading you bratya?”10",
        "“Where’s this road leading you bratya?”[^10]",
    ),
];

#[test]
fn each_seed_marker_becomes_a_reference_at_its_word() {
    let body: Vec<&str> = SEED_MARKERS.iter().map(|(raw, _)| *raw).collect();
    let notes = vec!["“Note.” (Russian in the original)."; 10];
    let imported = import(&raw(&body, &notes, Some("Next: 13. The Final Act"))).unwrap();
    for (raw, expected) in SEED_MARKERS {
        assert!(
            imported.markdown.contains(&format!("\n{expected}\n")),
            "{raw:?} should become {expected:?}:\n{}",
            imported.markdown
        );
    }
    assert_eq!(imported.notes, 10);
    assert_eq!(
        imported.markdown.matches("[^").count(),
        20,
        "ten references and ten definitions"
    );
}

#[test]
fn numbers_in_the_text_are_not_markers() {
    // Each line holds a number that must stay text, then the real marker 1.
    let cases = [
        ("the U-2 spy plane", "the U-2 spy plane"),
        ("some 20-25 km from Tirana", "some 20-25 km from Tirana"),
        ("the Moscow Meeting in 1957.", "the Moscow Meeting in 1957."),
        ("on the 28th of November", "on the 28th of November"),
        ("Volume 19 of my Works", "Volume 19 of my Works"),
        ("the 1st and 2nd secretaries", "the 1st and 2nd secretaries"),
        ("in 1960.2 of them", "in 1960.2 of them"),
    ];
    for (text, expected) in cases {
        let para = format!("{text} and a word1 here.");
        let imported = import(&raw(&[&para], &["A note."], Some("Next: 13. X"))).unwrap();
        assert!(
            imported
                .markdown
                .contains(&format!("\n{expected} and a word[^1] here.\n")),
            "{text:?}:\n{}",
            imported.markdown
        );
    }
}

#[test]
fn a_marker_after_a_number_and_its_full_stop_is_found() {
    // A sentence ending in a year, then its note: the next sentence (or
    // the paragraph's end) shows the stop is not a decimal point.
    for (text, expected) in [
        (
            "The caster was patented in 1887.1 It changed everything.",
            "The caster was patented in 1887.[^1] It changed everything.",
        ),
        ("It was patented in 1887.1", "It was patented in 1887.[^1]"),
        (
            "See page 245.1 “Quoted,” he said.",
            "See page 245.[^1] “Quoted,” he said.",
        ),
    ] {
        let imported = import(&raw(&[text], &["A note."], Some("Next: 13. X"))).unwrap();
        assert!(
            imported.markdown.contains(&format!("\n{expected}\n")),
            "{text:?}:\n{}",
            imported.markdown
        );
    }
}

#[test]
fn markers_are_found_in_sequence_so_earlier_numbers_do_not_count() {
    // "MiG2" would look like marker 2, but it comes before marker 1.
    let imported = import(&raw(
        &["A MiG2 flew.", "Then word1 and other2."],
        &["One.", "Two."],
        Some("Next: 5. X"),
    ))
    .unwrap();
    assert!(
        imported.markdown.contains("\nA MiG2 flew.\n"),
        "{}",
        imported.markdown
    );
    assert!(
        imported
            .markdown
            .contains("\nThen word[^1] and other[^2].\n"),
        "{}",
        imported.markdown
    );
    // Kept as text, but reported where it is (raw line 11, column 6).
    let w = &imported.warnings.items()[0];
    assert!(w.message.contains("digits `2` glued to a word"), "{w}");
    assert_eq!((w.line, w.col), (11, 6), "{w}");
}

#[test]
fn navigation_line_and_spacer_lines_are_dropped() {
    let imported = import(&raw(
        &["Body1 text."],
        &["Note."],
        Some("Next: 13. The Final Act"),
    ))
    .unwrap();
    for gone in ["Next:", "The Final Act", "\u{a0}", "Notes"] {
        assert!(
            !imported.markdown.contains(gone),
            "{gone:?} left in:\n{}",
            imported.markdown
        );
    }
}

#[test]
fn header_synopsis_and_front_matter() {
    let imported = import(&raw(&["Body."], &[], Some("Next: 13. The Final Act"))).unwrap();
    assert_eq!(
        imported.markdown,
        "+++\nnumber = 12\n+++\n\n# From Bucharest to Moscow\n\n::: synopsis\nFebruary 1960: a synopsis.\n:::\n\nBody.\n"
    );
    assert_eq!(imported.chapter_file, "12-from-bucharest-to-moscow.md");
    assert!(imported
        .book_toml
        .contains("title = \"The Khruschevites\"\n"));
    assert!(imported.book_toml.contains("authors = [\"Enver Hoxha\"]\n"));
    assert!(imported
        .book_toml
        .contains("chapters = [\"12-from-bucharest-to-moscow.md\"]\n"));
}

#[test]
fn chapter_number_inference() {
    let table: [NumberCase; 5] = [
        (Some("Next: 13. The Final Act"), None, Ok(12)),
        (Some("Next: 2. Two"), None, Ok(1)),
        (Some("Next: 13. The Final Act"), Some(7), Ok(7)),
        (None, Some(3), Ok(3)),
        (None, None, Err("cannot infer the chapter number")),
    ];
    for (nav, given, expected) in table {
        let result = import_text(&raw(&["Body."], &[], nav), Path::new(PATH), given);
        match (result, expected) {
            (Ok(i), Ok(n)) => {
                assert_eq!(i.number, n, "{nav:?} {given:?}");
                assert!(i.markdown.starts_with(&format!("+++\nnumber = {n}\n+++\n")));
                assert!(i.chapter_file.starts_with(&format!("{n:02}-")));
            }
            (Err(Failure(d)), Err(msg)) => {
                let d = &d.items()[0];
                assert!(d.message.contains(msg), "{d}");
                assert!(d.hint.as_deref().unwrap_or("").contains("--number"), "{d}");
            }
            (got, want) => panic!(
                "{nav:?} {given:?}: got {:?}, want {want:?}",
                got.map(|i| i.number)
            ),
        }
    }
}

#[test]
fn error_cases_name_the_line() {
    // (body, notes, expected line, expected column, message fragment)
    let table: [ErrorCase; 4] = [
        // Note 2's marker is missing: the error points at note 2.
        (
            &["A word1 here.", "No marker here."],
            &["One.", "Two."],
            21,
            1,
            "note 2 has no marker",
        ),
        // A marker with no note.
        (
            &["A word1 here.", "And a second2 one."],
            &["One."],
            13,
            13,
            "note marker 2 has no note",
        ),
        // Marker 2 only before marker 1: named as out of order.
        (
            &["Early2 one.", "A word1 here."],
            &["One.", "Two."],
            21,
            1,
            "note 2 has no marker",
        ),
        // A note with no marker at all, the only note.
        (&["Nothing here."], &["One."], 17, 1, "note 1 has no marker"),
    ];
    for (body, notes, line, col, msg) in table {
        let d = error_of(import(&raw(body, notes, Some("Next: 13. X"))));
        assert!(d.message.contains(msg), "{d}");
        assert_eq!((d.line, d.col), (line, col), "{d}");
        assert_eq!(d.file, Path::new(PATH));
        assert!(d.hint.is_some(), "{d}");
    }
}

#[test]
fn numbering_gap_in_notes_is_an_error_at_that_note() {
    let mut text = raw(
        &["A word1 and two2 and three3."],
        &["One.", "Two.", "Three."],
        Some("Next: 13. X"),
    );
    text = text.replace("2.\u{a0} Two.", "4.\u{a0} Two.");
    let d = error_of(import(&text));
    assert!(
        d.message.contains("note 4 found where note 2 was expected"),
        "{d}"
    );
    assert_eq!(d.line, 19, "{d}");
}

#[test]
fn stray_line_in_notes_is_an_error() {
    let text = raw(&["A word1."], &["One."], Some("Next: 13. X"))
        .replace("Notes\n\n", "Notes\n\nsome stray text\n\n");
    let d = error_of(import(&text));
    assert!(d.message.contains("expected a numbered note"), "{d}");
    assert_eq!(d.line, 17);
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_are_accepted() {
    let text = raw(&["A word1."], &["One."], Some("Next: 13. X"));
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    let a = import(&text).unwrap();
    let b = import(&crlf).unwrap();
    assert_eq!(a.markdown, b.markdown);
    assert_eq!(a.book_toml, b.book_toml);
    // Line numbers still count raw lines.
    let broken = crlf.replace("word1", "word");
    assert_eq!(error_of(import(&broken)).line, 17);
}

#[test]
fn notes_heading_variants() {
    for heading in ["Notes", "NOTES", "Notes:", "notes"] {
        let text = raw(&["A word1."], &["One."], Some("Next: 13. X"))
            .replace("\nNotes\n", &format!("\n{heading}\n"));
        let imported = import(&text).unwrap();
        assert_eq!(imported.notes, 1, "{heading}");
        assert!(!imported.markdown.contains(heading), "{heading}");
    }
    // A paragraph that merely mentions notes is text.
    let text = raw(
        &["Notes on the text.", "A word1."],
        &["One."],
        Some("Next: 13. X"),
    );
    assert!(import(&text)
        .unwrap()
        .markdown
        .contains("\nNotes on the text.\n"));
}

#[test]
fn missing_header_is_an_error() {
    let d = error_of(import("Enver Hoxha\n\nNext: 2. X\n"));
    assert!(d.message.contains("too few lines"), "{d}");
}

#[test]
fn identical_notes_give_a_warning_not_an_error() {
    let imported = import(&raw(&["a1 b2"], &["Same.", "Same."], Some("Next: 13. X"))).unwrap();
    let w = &imported.warnings.items()[0];
    assert!(
        w.message.contains("notes 1 and 2 have the same text"),
        "{w}"
    );
    assert_eq!(w.line, 19);
}

/// Markdown text of `md` as the loader will see it: paragraphs' text with
/// footnote references as `[^N]`, one string per paragraph.
fn parse_back(md: &str) -> Vec<String> {
    let mut paras = Vec::new();
    let mut current = String::new();
    let mut in_def = false;
    // The `+++` front matter is not Markdown; the loader strips it first.
    let md = &md[md.find("\n# ").expect("a heading")..];
    for event in Parser::new_ext(md, Options::ENABLE_FOOTNOTES) {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_def = true,
            Event::End(TagEnd::FootnoteDefinition) => in_def = false,
            Event::Text(t) if !in_def => current.push_str(&t),
            Event::SoftBreak if !in_def => current.push('\n'),
            Event::FootnoteReference(label) => current.push_str(&format!("[^{label}]")),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) if !in_def => {
                paras.push(std::mem::take(&mut current))
            }
            Event::Start(Tag::Paragraph | Tag::Heading { .. }) => {}
            Event::End(TagEnd::Paragraph) => {}
            other if !in_def => panic!("unexpected Markdown structure {other:?} in:\n{md}"),
            _ => {}
        }
    }
    paras
}

#[test]
fn markdown_special_characters_round_trip() {
    let nasty = [
        "*not emphasis* and _not either_ and __nor this__",
        "[not a link](http://x) and [^9] and ![img](y)",
        "<b>not html</b> &amp; not an entity, a\\b back\\slash",
        "`not code` ~~not struck~~ | not | a table |",
        "# not a heading",
        "> not a quote",
        "- not a list item",
        "+ not a list item",
        "12. not a numbered list",
        "3) nor this",
        "---",
        "===",
        "::: not a fence",
        "+++",
        "trailing backslash\\",
        "a line ending in #",
    ];
    let mut body: Vec<&str> = nasty.to_vec();
    body.push("and a word1 at the end.");
    let imported = import(&raw(&body, &["Note *with* [stars]."], Some("Next: 13. X"))).unwrap();
    let paras = parse_back(&imported.markdown);
    // Heading, the `::: synopsis` fence lines belong to one paragraph, then the body.
    assert_eq!(paras[0], "From Bucharest to Moscow");
    let body_out = &paras[2..];
    for (i, input) in nasty.iter().enumerate() {
        assert_eq!(
            body_out[i], *input,
            "round trip of {input:?} in:\n{}",
            imported.markdown
        );
    }
    assert_eq!(body_out[nasty.len()], "and a word[^1] at the end.");
    assert!(
        imported
            .markdown
            .contains("[^1]: Note \\*with\\* \\[stars\\]."),
        "{}",
        imported.markdown
    );
}

proptest::proptest! {
    #![proptest_config(crate::proptest_seed::config(256))]
    /// Any one-line text, escaped as `import` escapes a paragraph, parses
    /// back to exactly that text.
    #[test]
    fn escaped_paragraphs_round_trip(text in "[ -~“”‘’—\u{a0}é]{1,40}") {
        let text = text.trim();
        proptest::prop_assume!(!text.is_empty());
        let md = format!("# T\n\n{}\n", escape_line_start(&escape_inline(text)));
        let paras = parse_back(&format!("\n{md}"));
        proptest::prop_assert_eq!(paras.len(), 2, "{:?}", md);
        proptest::prop_assert_eq!(paras[1].as_str(), text);
    }
}

#[test]
fn slugs_are_ascii_file_names() {
    let table = [
        ("From Bucharest to Moscow", "from-bucharest-to-moscow"),
        ("The Final Act", "the-final-act"),
        ("Koço Tashko’s “Report”", "koco-tashko-s-report"),
        ("  --  ", "chapter"),
        // Romanised as the book's own ids are (`ids::ascii_slug`).
        ("Война и мир", "voyna-i-mir"),
        ("Straße", "strasse"),
        ("第一章", "chapter"),
    ];
    for (title, expected) in table {
        assert_eq!(slug(title), expected);
    }
}

#[test]
fn utf8_errors_point_at_the_first_bad_byte() {
    let bytes = b"Enver Hoxha\n\nThe Kh\xe9 title\n";
    let Err(Failure(d)) = decode_utf8(bytes, Path::new(PATH)) else {
        panic!("accepted bad UTF-8")
    };
    let d = &d.items()[0];
    assert_eq!((d.line, d.col), (3, 7), "{d}");
    assert!(d.message.contains("0xE9"), "{d}");
}

#[test]
fn run_writes_chapter_and_book_toml_then_keeps_existing_files() {
    let dir = tempfile::tempdir().unwrap();
    let raw_path = dir.path().join("ch.txt");
    fs::write(
        &raw_path,
        raw(&["A word1."], &["One."], Some("Next: 13. X")),
    )
    .unwrap();
    let out = dir.path().join("out");
    let outcome = run(&raw_path, &out, None).unwrap();
    let (imported, written) = (&outcome.chapters[0], outcome.written);
    assert_eq!(
        written,
        vec![
            out.join("12-from-bucharest-to-moscow.md"),
            out.join("book.toml")
        ]
    );
    assert_eq!(fs::read_to_string(&written[0]).unwrap(), imported.markdown);

    // Same import again into a book.toml of the user's: the chapter file is
    // the same (not rewritten), and book.toml gets it added to `chapters`.
    fs::write(
        out.join("book.toml"),
        "title = \"mine\"\n\n[pdf]\npaper = \"a5\"\n",
    )
    .unwrap();
    let again = run(&raw_path, &out, None).unwrap();
    assert_eq!(again.written, vec![out.join("book.toml")]);
    assert_eq!(
        fs::read_to_string(out.join("book.toml")).unwrap(),
        "title = \"mine\"\n\nchapters = [\"12-from-bucharest-to-moscow.md\"]\n[pdf]\npaper = \"a5\"\n"
    );

    // A hand-edited chapter is never overwritten.
    fs::write(written_chapter(&out), "edited\n").unwrap();
    let Err(Failure(d)) = run(&raw_path, &out, None) else {
        panic!("overwrote an edited chapter")
    };
    assert!(d.items()[0].message.contains("already exists"));
    assert_eq!(
        fs::read_to_string(written_chapter(&out)).unwrap(),
        "edited\n"
    );
}

fn written_chapter(out: &Path) -> PathBuf {
    out.join("12-from-bucharest-to-moscow.md")
}

#[test]
fn run_writes_nothing_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, Vec<u8>); 2] = [
        (
            "bad-marker.txt",
            raw(&["No marker."], &["One."], Some("Next: 13. X")).into_bytes(),
        ),
        ("latin1.txt", b"Enver Hoxha\n\nThe Kh\xe9\n".to_vec()),
    ];
    for (name, bytes) in cases {
        let raw_path = dir.path().join(name);
        fs::write(&raw_path, bytes).unwrap();
        let out = dir.path().join(format!("out-{name}"));
        let Err(Failure(d)) = run(&raw_path, &out, None) else {
            panic!("{name} imported")
        };
        let d = &d.items()[0];
        assert_eq!(d.file, raw_path);
        assert!(d.line > 0 && d.col > 0, "{d}");
        assert!(!out.exists(), "{name}: wrote {out:?}");
    }
}

/// A chapter title that starts with the chapter's own number loses it
/// (the editions number chapters: it read "3. 3. The Composing Room");
/// another number stays.
#[test]
fn a_title_loses_the_chapters_own_number() {
    for (title, kept) in [
        ("3. The Composing Room", "The Composing Room"),
        ("3: The Composing Room", "The Composing Room"),
        ("3 – The Composing Room", "The Composing Room"),
        ("1984 and After", "1984 and After"),
        ("30 Days", "30 Days"),
        ("3", "3"),
    ] {
        let text = raw(&["A word1 here."], &["A note."], Some("Next: 4. The Press")).replacen(
            "From Bucharest to Moscow",
            title,
            1,
        );
        let imported = import(&text).unwrap();
        assert_eq!(imported.number, 3);
        assert!(
            imported.markdown.contains(&format!("\n# {kept}\n")),
            "{title}:\n{}",
            imported.markdown
        );
    }
}
