//! The PDF's note placements on real books: where the book-end notes open
//! (`[pdf] notes-open`), chapter-end notes at the notes' size on their own
//! grid.

mod common;

use bookpack::pdf::book::{Built, Geometry, PageKind};

/// A copy of the book in `dir` with `extra` appended to its book.toml, loaded.
fn load_with(dir: &std::path::Path, extra: &str) -> (bookpack::model::Book, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(dir, tmp.path());
    let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap();
    std::fs::write(tmp.path().join("book.toml"), format!("{toml}\n{extra}\n")).unwrap();
    let (book, _) = bookpack::source::load_book(tmp.path()).unwrap_or_else(|f| panic!("{f}"));
    (book, tmp)
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn build(book: &bookpack::model::Book) -> Built {
    let mut diags = bookpack::diagnostics::Diagnostics::new();
    bookpack::pdf::book::build(book, &mut diags).unwrap_or_else(|f| panic!("{f}"))
}

fn the_first_book() -> std::path::PathBuf {
    common::root().join("source")
}

/// Where the book-end notes open: the last opening page.
fn notes_opening(built: &Built) -> usize {
    built
        .kinds
        .iter()
        .rposition(|k| *k == PageKind::Opening)
        .unwrap()
}

/// With `notes-open = "recto"` (the default) the book-end notes open on a
/// recto, after a blank verso when the last chapter ends on a recto; with
/// `"any"` they open on the very next page, whichever side it is, and the
/// book is a page shorter. The first book ends on a recto, so both cases
/// are exercised; every link still resolves.
#[test]
fn book_end_notes_open_on_a_recto_or_on_the_next_page() {
    let (recto_book, _a) = load_with(&the_first_book(), "");
    let (any_book, _b) = load_with(&the_first_book(), "[pdf]\nnotes-open = \"any\"");
    let recto = build(&recto_book);
    let any = build(&any_book);

    let r = notes_opening(&recto);
    assert!(Geometry::is_recto(r));
    assert_eq!(recto.kinds[r - 1], PageKind::Blank, "a blank verso first");
    let a = notes_opening(&any);
    assert!(!Geometry::is_recto(a), "the notes open on a verso");
    assert!(matches!(any.kinds[a - 1], PageKind::Text { .. }));
    assert!(!any.kinds.contains(&PageKind::Blank));
    assert_eq!(any.kinds.len() + 1, recto.kinds.len());
    for built in [&recto, &any] {
        assert_eq!((built.note_links, built.back_links), (10, 10));
        assert_eq!(built.unresolved_links, 0);
        assert_eq!(built.faults.widows + built.faults.orphans, 0);
    }
    // The notes' own pages are the same, only moved: a verso's text area
    // is the recto's mirrored, and each line keeps its grid line.
    let lines = |b: &Built, from: usize| -> Vec<(usize, String)> {
        b.lines
            .iter()
            .filter(|l| l.page >= from)
            .map(|l| (l.grid_line, l.first_word.clone()))
            .collect()
    };
    assert_eq!(lines(&recto, r), lines(&any, a));
}

/// Chapter-end notes are set at the notes' size (9.5/12 pt for an 11/14
/// body) on the notes' grid: every run from the chapter's "notes" label to
/// the next section is at that size (running heads aside) and sits on the
/// notes' baselines, whether the notes start under the chapter's last line
/// or on a page of their own.
#[test]
fn chapter_end_notes_are_set_at_the_notes_size_on_their_grid() {
    let mut checked = 0;
    let mut under_text = 0;
    for dir in [the_first_book(), common::book("pdf-small")] {
        let (book, _t) = load_with(&dir, "[pdf]\nnotes = \"chapter-end\"");
        let built = build(&book);
        assert_eq!(built.unresolved_links, 0);
        assert_eq!(built.faults.widows + built.faults.orphans, 0);
        assert_eq!(built.faults.headings_last, 0);
        let g = Geometry::new(&book.pdf);
        let ng = g.notes();
        let on_grid = |y: f32| (0..ng.lines).any(|k| (ng.baseline(k) - y).abs() < 0.01);
        let text = |r: &bookpack::pdf::page::GlyphRun| -> String {
            r.glyphs.iter().map(|gl| gl.text.as_str()).collect()
        };
        let pages = &built.document.pages;
        let mut in_notes = false;
        for (p, page) in pages.iter().enumerate() {
            if built.kinds[p] == PageKind::Opening {
                in_notes = false;
            }
            let mut runs: Vec<_> = page
                .runs
                .iter()
                .filter(|r| (r.y - g.head_baseline).abs() > 0.01)
                .collect();
            runs.sort_by(|a, b| a.y.total_cmp(&b.y));
            let label = runs.iter().position(|r| text(r) == "notes");
            if let Some(at) = label {
                in_notes = true;
                // The label's baseline is on the notes' grid as well.
                assert!(on_grid(runs[at].y), "page {}", p + 1);
                if at > 0 {
                    under_text += 1;
                    let body_last = runs[at - 1].y;
                    assert!(runs[at].y >= body_last + 2.0 * g.leading - 0.01);
                }
                runs.drain(..=at);
            }
            if !in_notes {
                continue;
            }
            for r in runs {
                assert!(
                    (r.size - ng.size).abs() < 0.01,
                    "page {}: {:?} at {} pt",
                    p + 1,
                    text(r),
                    r.size
                );
                assert!(on_grid(r.y), "page {}: {:?} at y {}", p + 1, text(r), r.y);
                assert!(r.y <= g.baseline(g.lines - 1) + 0.01);
                checked += 1;
            }
        }
    }
    // Each of the 15 notes: its number and at least one line of text.
    assert!(checked >= 30, "{checked} note runs");
    assert!(under_text >= 1, "no notes started under a chapter's text");
}
