//! The PDF's note placements on real books: where the book-end notes and
//! the chapters open (`[pdf] notes-open`, `chapters-open`), chapter-end
//! notes at the notes' size on their own grid.

mod common;

use bookpack::pdf::book::{Built, Geometry, PageKind};

/// A copy of the book in `dir` with `extra` appended to its book.toml, loaded.
fn load_with(dir: &std::path::Path, extra: &str) -> (bookpack::model::Book, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_dir(dir, tmp.path());
    let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap();
    std::fs::write(tmp.path().join("book.toml"), format!("{toml}\n{extra}\n")).unwrap();
    let (book, _) = bookpack::source::load_book(tmp.path()).unwrap_or_else(|f| panic!("{f}"));
    (book, tmp)
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

/// A book of two one-page chapters with a note each: each chapter opens
/// on a recto and so ends on one, and the book-end notes come after it.
fn two_short_chapters() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "title = \"Short\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\nchapters = [\"one.md\", \"two.md\"]\n",
    )
    .unwrap();
    for (file, title) in [("one.md", "One"), ("two.md", "Two")] {
        std::fs::write(
            dir.path().join(file),
            format!("# {title}\n\nA short chapter with a note.[^a]\n\nAnd a second paragraph.\n\n[^a]: The note of chapter {title}.\n"),
        )
        .unwrap();
    }
    dir
}

/// With `notes-open = "recto"` (the default) the book-end notes open on a
/// recto, after a blank verso when the last chapter ends on a recto; with
/// `"any"` they open on the very next page, whichever side it is, and the
/// book is a page shorter. A book whose last chapter ends on a recto
/// exercises both cases; every link still resolves.
#[test]
fn book_end_notes_open_on_a_recto_or_on_the_next_page() {
    let book = two_short_chapters();
    let (recto_book, _a) = load_with(book.path(), "");
    let (any_book, _b) = load_with(book.path(), "[pdf]\nnotes-open = \"any\"");
    let recto = build(&recto_book);
    let any = build(&any_book);

    let r = notes_opening(&recto);
    assert!(Geometry::is_recto(r));
    assert_eq!(recto.kinds[r - 1], PageKind::Blank, "a blank verso first");
    let a = notes_opening(&any);
    assert!(!Geometry::is_recto(a), "the notes open on a verso");
    // The last chapter's page (its opening), no blank between.
    assert_eq!(any.kinds[a - 1], PageKind::Opening);
    assert_eq!(any.kinds.len() + 1, recto.kinds.len());
    for built in [&recto, &any] {
        assert_eq!((built.note_links, built.back_links), (2, 2));
        assert_eq!(built.unresolved.len(), 0);
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

/// With `chapters-open = "any"` every chapter opens on the page after the
/// last one's end, recto or verso, with no blank page anywhere after the
/// front matter; the book-end notes follow suit unless `notes-open` says
/// otherwise. A chapter opening on a verso is set on the verso's text
/// area: its lines are the recto-opened chapter's, page by page, only
/// moved by the difference of the two sides' margins.
#[test]
fn chapters_open_on_the_next_page_when_asked() {
    let book = two_short_chapters();
    let (recto_book, _a) = load_with(book.path(), "");
    let (any_book, _b) = load_with(book.path(), "[pdf]\nchapters-open = \"any\"");
    let (mixed_book, _c) = load_with(
        book.path(),
        "[pdf]\nchapters-open = \"any\"\nnotes-open = \"recto\"",
    );
    let recto = build(&recto_book);
    let any = build(&any_book);
    let mixed = build(&mixed_book);
    let openings = |b: &Built| -> Vec<usize> {
        (0..b.kinds.len())
            .filter(|&p| b.kinds[p] == PageKind::Opening)
            .collect()
    };
    // Chapter one, chapter two, the notes.
    let (r, a, m) = (openings(&recto), openings(&any), openings(&mixed));
    assert!(r.iter().all(|&p| Geometry::is_recto(p)), "{r:?}");
    assert_eq!(r.len(), 3);
    assert_eq!(a.len(), 3);
    assert_eq!(a[1], a[0] + 1, "chapter two opens on chapter one's back");
    assert!(!Geometry::is_recto(a[1]));
    assert_eq!(a[2], a[1] + 1, "the notes open on chapter two's back");
    assert!(Geometry::is_recto(a[2]));
    assert_eq!(&m[..2], &a[..2]);
    assert!(Geometry::is_recto(m[2]) && m[2] == a[2]);
    let first_body = a[0];
    assert!(
        any.kinds[first_body..]
            .iter()
            .all(|k| *k != PageKind::Blank),
        "no blank page after the front matter: {:?}",
        any.kinds
    );
    assert_eq!(any.kinds.len() + 2, recto.kinds.len());
    for built in [&recto, &any, &mixed] {
        assert_eq!((built.note_links, built.back_links), (2, 2));
        assert_eq!(built.unresolved.len(), 0);
    }
    // Chapter two's lines: the same words on the same grid lines.
    let lines_of = |b: &Built, page: usize| -> Vec<(usize, String)> {
        b.lines
            .iter()
            .filter(|l| l.page == page)
            .map(|l| (l.grid_line, l.first_word.clone()))
            .collect()
    };
    assert!(!lines_of(&any, a[1]).is_empty());
    assert_eq!(lines_of(&recto, r[1]), lines_of(&any, a[1]));
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
        assert_eq!(built.unresolved.len(), 0);
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
            let label = runs.iter().position(|r| text(r) == "Notes");
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

/// What every page-bottom build must hold, checked from the drawn pages:
/// no widows, orphans, headings last, pages ending in a hyphen, overfull
/// lines or short pages; every note starting on the page of its
/// reference (each reference's link lands on its own page, and each
/// note's number links back to its own page); the body on its grid above
/// the rule, the notes on theirs below it with their last line on the
/// text block's last baseline; facing pages ending level.
fn check_page_bottom(book: &bookpack::model::Book, built: &Built, name: &str) {
    let notes: usize = book.chapters.iter().map(|c| c.notes.len()).sum();
    assert_eq!(built.faults.widows + built.faults.orphans, 0, "{name}");
    assert_eq!(built.faults.headings_last, 0, "{name}");
    assert_eq!(built.faults.hyphens_last, 0, "{name}");
    assert_eq!(built.faults.notes_moved, 0, "{name}");
    assert_eq!(built.short_pages, 0, "{name}: {:?}", built.fault_list);
    assert!(built.lines.iter().all(|l| !l.overfull), "{name}");
    assert_eq!(built.unresolved.len(), 0, "{name}");
    assert_eq!(
        (built.note_links, built.back_links),
        (notes, notes),
        "{name}"
    );
    let g = Geometry::new(&book.pdf);
    let ng = g.notes();
    let chapter_last: Vec<usize> = (0..built.kinds.len())
        .filter(|&p| {
            matches!(built.kinds[p], PageKind::Text { .. } | PageKind::Opening)
                && !matches!(built.kinds.get(p + 1), Some(PageKind::Text { .. }))
        })
        .collect();
    let mut ends = vec![None; built.kinds.len()];
    let mut with_notes = 0;
    for (p, page) in built.document.pages.iter().enumerate() {
        if !matches!(built.kinds[p], PageKind::Text { .. } | PageKind::Opening) {
            continue;
        }
        for link in &page.links {
            assert_eq!(link.target.page, p, "{name}: a note link on page {}", p + 1);
        }
        // The notes' rule: a short one, 0.3 of the notes' measure, or
        // over a note continued from the page before the full measure
        // (a table's rules are as wide as the table, and heavier or
        // above the notes').
        let rule = page
            .rules
            .iter()
            .filter(|r| {
                (r.area.width - (ng.measure * 0.3).round()).abs() < 0.01
                    || ((r.area.width - ng.measure).abs() < 0.01
                        && (r.area.height - 0.4).abs() < 0.001)
            })
            .map(|r| r.area.y)
            .reduce(f32::max);
        let body: Vec<f32> = page
            .runs
            .iter()
            .map(|r| r.y)
            .filter(|&y| (y - g.head_baseline).abs() > 0.01 && rule.is_none_or(|r| y < r))
            .collect();
        let on_body_grid = |y: f32| (0..g.lines).any(|k| (g.baseline(k) - y).abs() < 0.01);
        if built.kinds[p] != PageKind::Opening {
            for &y in &body {
                assert!(on_body_grid(y), "{name}: page {} run at {y}", p + 1);
            }
        }
        let Some(rule) = rule else {
            ends[p] = body.iter().copied().reduce(f32::max);
            continue;
        };
        with_notes += 1;
        let foot: Vec<f32> = page
            .runs
            .iter()
            .map(|r| r.y)
            .filter(|&y| y > rule)
            .collect();
        let last = foot.iter().copied().reduce(f32::max).unwrap();
        let bottom = g.baseline(g.lines - 1);
        let short = g.baseline(g.lines - 2);
        assert!(
            (last - bottom).abs() < 0.01 || (last - short).abs() < 0.01,
            "{name}: page {} notes end at {last}",
            p + 1
        );
        for &y in &foot {
            let k = (last - y) / ng.leading;
            assert!(
                (k - k.round()).abs() < 0.01,
                "{name}: page {} note line at {y}",
                p + 1
            );
        }
        // The body clears the rule, the rule the notes.
        let body_last = body.iter().copied().reduce(f32::max).unwrap_or(0.0);
        let first_note = foot.iter().copied().reduce(f32::min).unwrap();
        assert!(body_last + 0.3 * g.size < rule, "{name}: page {}", p + 1);
        assert!(rule + 0.6 * ng.size < first_note, "{name}: page {}", p + 1);
        // The rule sits over the notes, as close as on a full page, even
        // where the body stops short (a chapter's end): it was stranded
        // midway down the empty space.
        let full_page_reach = (g.size * 1.8).round() + g.leading;
        assert!(
            first_note - rule <= full_page_reach,
            "{name}: page {}: rule at {rule}, notes from {first_note}",
            p + 1
        );
        ends[p] = Some(last);
    }
    assert!(with_notes > 0, "{name}: no page has notes");
    // Facing pages end level, but for a chapter's last page.
    for verso in (1..built.kinds.len().saturating_sub(1)).filter(|&p| !Geometry::is_recto(p)) {
        let recto = verso + 1;
        if chapter_last.contains(&verso) || chapter_last.contains(&recto) {
            continue;
        }
        if let (Some(a), Some(b)) = (ends[verso], ends[recto]) {
            assert!(
                (a - b).abs() < 0.01,
                "{name}: pages {} and {} end at {a} and {b}",
                verso + 1,
                recto + 1
            );
        }
    }
}

/// The first book with its notes at the page foot: all 10 notes on the
/// page of their first reference, none moved, every rule kept.
#[test]
fn the_first_book_sets_its_notes_at_the_page_foot() {
    let (book, _t) = load_with(&the_first_book(), "[pdf]\nnotes = \"page-bottom\"");
    let built = build(&book);
    check_page_bottom(&book, &built, "the first book");
    assert_eq!(built.faults.notes_split, 0);
    // No notes section: the chapter is the book's only opening.
    assert_eq!(
        built
            .kinds
            .iter()
            .filter(|k| **k == PageKind::Opening)
            .count(),
        1
    );
}

/// The footnotes fixture: a note of 40 lines that splits and continues,
/// eight notes referenced in one paragraph, notes in a block quote and a
/// list, notes referenced at paragraph ends.
#[test]
fn long_and_crowded_notes_keep_every_rule_at_the_page_foot() {
    let book = bookpack::source::load_book(&common::book("footnotes"))
        .unwrap_or_else(|f| panic!("{f}"))
        .0;
    let built = build(&book);
    check_page_bottom(&book, &built, "footnotes");
    assert_eq!(built.faults.notes_split, 1, "the 40-line note continues");
    // The long note (the one whose text says so): its lines at the feet
    // of two pages or more, at least two on the first, in order.
    let chapter = &book.chapters[0];
    let note = chapter
        .notes
        .iter()
        .find(|n| format!("{:?}", n.blocks).contains("runs long on purpose"))
        .unwrap();
    let bookpack::model::Block::Paragraph { span, .. } = &note.blocks[0] else {
        panic!("the long note is a paragraph")
    };
    let lines: Vec<_> = built
        .lines
        .iter()
        .filter(|l| l.in_foot && l.origin.as_ref().is_some_and(|o| o.span == *span))
        .collect();
    assert!(lines.len() >= 30, "{} lines", lines.len());
    let pages: std::collections::BTreeSet<usize> = lines.iter().map(|l| l.page).collect();
    assert!(pages.len() >= 2, "{pages:?}");
    let first = *pages.iter().next().unwrap();
    assert!(lines.iter().filter(|l| l.page == first).count() >= 2);
    assert!(lines.windows(2).all(|w| w[0].page <= w[1].page));
}

/// The notes-placed fixture: page-bottom notes referenced from a figure's
/// caption set where the text refers to it, from a figure's caption that
/// moves to the top of the next page, from a table's caption and from rows
/// of a 60-row table on each of its three pages. Each note's text is at
/// the foot of the page that holds its reference (its caption or row),
/// and every rule of `check_page_bottom` holds.
#[test]
fn notes_in_captions_and_table_rows_start_on_the_page_of_their_reference() {
    let book = bookpack::source::load_book(&common::book("notes-placed"))
        .unwrap_or_else(|f| panic!("{f}"))
        .0;
    let built = build(&book);
    check_page_bottom(&book, &built, "notes-placed");
    let text: Vec<String> = built
        .document
        .pages
        .iter()
        .map(|page| {
            let words: Vec<String> = page
                .runs
                .iter()
                .map(|r| r.glyphs.iter().map(|g| g.text.as_str()).collect())
                .collect();
            common::inspect::letters(&words.join(" "))
        })
        .collect();
    // The page a text is on; a table's caption is on the pages the table
    // continues to as well, marked "(continued)" there.
    let page_of = |s: &str| {
        let s = common::inspect::letters(s);
        let pages: Vec<usize> = (0..text.len()).filter(|&p| text[p].contains(&s)).collect();
        assert!(
            !pages.is_empty() && pages[1..].iter().all(|&p| text[p].contains("continued")),
            "{s:?} is on pages {pages:?}"
        );
        pages[0]
    };
    // (the reference's caption or row, the note's text)
    let cases = [
        ("The ground as surveyed", "Surveyed in the spring"),
        ("Rainfall over four seasons", "Measured at the mill"),
        ("Sixty years of one register", "The parish register"),
        ("1902 Vlorë", "first rows of the table"),
        ("1927 Shkodër", "middle rows of the table"),
        ("1941 Durrës", "later rows of the table"),
        ("1958 Vlorë", "last rows of the table"),
    ];
    let mut pages = Vec::new();
    for (reference, note) in cases {
        let p = page_of(reference);
        assert_eq!(page_of(note), p, "the note {note:?} of {reference:?}");
        pages.push(p);
    }
    // The cases cover what they claim: the table runs over three pages,
    // each with a row's note, and the second figure moved past its
    // reference's page (its caption is on the page after the paragraph
    // that precedes it in the source).
    assert_eq!(pages[4] - pages[3], 1, "{pages:?}");
    assert_eq!(pages[6] - pages[3], 2, "{pages:?}");
    assert!((pages[4]..=pages[6]).contains(&pages[5]), "{pages:?}");
    assert!(
        page_of("all the more determined") < pages[1],
        "the second figure stayed where it was referred to: {pages:?}"
    );
}

/// The text of a page's runs at `y` (a line's glyph texts, in order).
fn text_at(page: &bookpack::pdf::page::Page, y: f32) -> String {
    page.runs
        .iter()
        .filter(|r| (r.y - y).abs() < 0.01)
        .flat_map(|r| r.glyphs.iter().map(|g| g.text.as_str()))
        .collect()
}

/// Page-bottom notes where a layout forgets them: a note referenced in a
/// heading sits at the foot of the heading's page; a note cited only from
/// another note shares that note's page; a reference on a page's last
/// body line gets its note on that page (the fixture has one). Every rule
/// of `check_page_bottom` holds too.
#[test]
fn notes_in_a_heading_in_a_note_and_on_a_page_last_line_keep_every_rule() {
    let book = bookpack::source::load_book(&common::book("footnotes-edge"))
        .unwrap_or_else(|f| panic!("{f}"))
        .0;
    let built = build(&book);
    check_page_bottom(&book, &built, "footnotes-edge");
    assert_eq!(built.faults.notes_split, 0);
    let g = Geometry::new(&book.pdf);
    let pages = &built.document.pages;
    // Each reference's link, by the text of the line it sits on, with the
    // page and whether that line is the last of the page's body.
    let mut refs = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        if !matches!(built.kinds[p], PageKind::Text { .. } | PageKind::Opening) {
            continue;
        }
        let rule = page.rules.first().map(|r| r.area.y);
        let body_last = page
            .runs
            .iter()
            .map(|r| r.y)
            .filter(|&y| (y - g.head_baseline).abs() > 0.01 && rule.is_none_or(|r| y < r))
            .reduce(f32::max);
        for link in &page.links {
            let (top, bottom) = (link.area.y, link.area.y + link.area.height);
            let Some(line) = page
                .runs
                .iter()
                .map(|r| r.y)
                .find(|&y| y >= top - 0.01 && y <= bottom + g.size)
            else {
                continue;
            };
            refs.push((
                p,
                text_at(page, line),
                Some(line) == body_last,
                rule.is_some_and(|r| line > r),
            ));
        }
    }
    let foot_text = |p: usize| -> String {
        let page = &pages[p];
        let rule = page.rules.first().map_or(f32::MAX, |r| r.area.y);
        let mut ys: Vec<f32> = page
            .runs
            .iter()
            .map(|r| r.y)
            .filter(|&y| y > rule)
            .collect();
        ys.sort_by(f32::total_cmp);
        ys.dedup();
        ys.iter()
            .map(|&y| text_at(page, y))
            .collect::<Vec<_>>()
            .join(" ")
    };
    // The heading's reference, and its note at the foot of that page.
    let heading = refs
        .iter()
        .find(|r| r.1.contains("Leninskie Gori") && !r.3)
        .expect("the heading's note reference links");
    assert!(
        foot_text(heading.0).contains("referenced in a heading"),
        "{}",
        foot_text(heading.0)
    );
    // The note cited only from another note: on the citing note's page.
    let citing = refs
        .iter()
        .find(|r| r.3 && r.1.contains("This note cites"))
        .expect("the citing note's reference to the cited one links");
    let foot = foot_text(citing.0);
    assert!(foot.contains("cited only from another note"), "{foot}");
    // A reference on the last body line of a page that is not the
    // chapter's last: its note starts on that page.
    let last_page = pages.len() - 1;
    let on_last_line: Vec<_> = refs
        .iter()
        .filter(|r| r.2 && !r.3 && r.0 < last_page)
        .collect();
    assert!(
        !on_last_line.is_empty(),
        "no reference on a page's last line: {refs:#?}"
    );
    for r in on_last_line {
        assert!(
            foot_text(r.0).contains("at the end of a paragraph"),
            "page {}: {}",
            r.0 + 1,
            foot_text(r.0)
        );
    }
}

/// The text of every page, run by run.
fn all_text(built: &Built) -> String {
    built
        .document
        .pages
        .iter()
        .flat_map(|p| &p.runs)
        .map(|r| r.glyphs.iter().map(|g| g.text.as_str()).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A note may be cited anywhere: on a dedication or a part's page (each
/// set alone on its page), in a chapter's title, in a chapter with no
/// body but its title. In every placement each note is printed, each
/// mark links to its note and back, and no warning is given. (The page
/// foot and chapter-end placements lost the first three.)
#[test]
fn every_note_is_printed_wherever_it_is_cited_in_every_placement() {
    let book = common::temp_book(
        "title = \"Notes Everywhere\"\nauthors = [\"A. Tester\"]\nlanguage = \"en\"\n\
         chapters = [\"ded.md\", \"part.md\", \"one.md\", \"bare.md\"]\n",
        &[
            (
                "ded.md",
                "+++\nkind = \"dedication\"\n+++\n\n*For my mother.*[^d]\n\n[^d]: Dedication note.\n",
            ),
            (
                "part.md",
                "+++\nkind = \"part\"\n+++\n\n# The Part\n\nPart text.[^p]\n\n[^p]: Part note.\n",
            ),
            (
                "one.md",
                "# Storage[^t]\n\nBody text.[^b]\n\n[^t]: Title note.\n[^b]: Body note.\n",
            ),
            ("bare.md", "# Bare Chapter[^e]\n\n[^e]: Bare title note.\n"),
        ],
    );
    for placement in ["book-end", "chapter-end", "page-bottom"] {
        let (book, _tmp) = load_with(book.path(), &format!("[pdf]\nnotes = \"{placement}\""));
        let mut diags = bookpack::diagnostics::Diagnostics::new();
        let built = bookpack::pdf::book::build(&book, &mut diags).unwrap();
        let text = all_text(&built);
        for note in [
            "Dedication note",
            "Part note",
            "Title note",
            "Body note",
            "Bare title note",
        ] {
            assert!(
                text.contains(note),
                "{placement}: {note} missing from {text}"
            );
        }
        assert_eq!(
            (built.note_links, built.back_links, built.unresolved.len()),
            (5, 5, 0),
            "{placement}"
        );
        let messages: Vec<String> = diags.items().iter().map(|d| d.message.clone()).collect();
        assert!(messages.is_empty(), "{placement}: {messages:?}");
    }
}

/// A chapter of `paragraphs` paragraphs, each citing a note; note
/// `long` runs to a page of its own.
fn many_notes(paragraphs: usize, long: usize) -> tempfile::TempDir {
    let mut text = String::from("# Many\n\n");
    for k in 1..=paragraphs {
        text.push_str(&format!(
            "Paragraph {k} of a chapter that cites a note in each of its paragraphs, \
             so that the notes run to several pages at the book's end.[^n{k}]\n\n"
        ));
    }
    for k in 1..=paragraphs {
        let body = if k == long {
            "A long note that runs on. ".repeat(500)
        } else {
            format!("Note {k}.")
        };
        text.push_str(&format!("[^n{k}]: {body}\n\n"));
    }
    common::temp_book(
        "title = \"Notes\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\nchapters = [\"many.md\"]\n",
        &[("many.md", &text)],
    )
}

/// The pages a head names: "Notes to pages 12–18" → (12, 18).
fn named_pages(head: &str) -> Option<(usize, usize)> {
    let squeezed: String = head.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(range) = squeezed.strip_prefix("Notestopages") {
        let (a, b) = range.split_once('\u{2013}')?;
        return Some((a.parse().ok()?, b.parse().ok()?));
    }
    let page = squeezed.strip_prefix("Notestopage")?.parse().ok()?;
    Some((page, page))
}

/// The book-end notes' rectos say which pages their notes are to
/// (Chicago 14.43): the range of the spread's note references, found
/// here by the notes' links back to them, widened at most by the
/// reference of a note that runs on to the spread; a page held by one
/// note's run-on names its reference. (Their head said "Notes", which
/// leaves a reader turning back to search the run.)
#[test]
fn notes_pages_say_which_pages_their_notes_are_to() {
    let dir = many_notes(120, 70);
    let (book, _tmp) = load_with(dir.path(), "");
    let built = build(&book);
    let g = Geometry::new(&book.pdf);
    let open = notes_opening(&built);
    let folio = |page: usize| page + 1 - built.front_pages;
    // Each notes page's references, by the links of its notes' numbers.
    let back = |page: usize| -> Vec<usize> {
        built.document.pages[page]
            .links
            .iter()
            .map(|l| l.target.page)
            .filter(|&p| p < open)
            .map(folio)
            .collect()
    };
    let mut rectos = 0;
    let mut run_on_only = 0;
    let mut before: Vec<usize> = Vec::new();
    for page in open + 1..built.kinds.len() {
        if !matches!(built.kinds[page], PageKind::Text { .. }) || !Geometry::is_recto(page) {
            before.extend(back(page));
            continue;
        }
        let mut runs: Vec<_> = built.document.pages[page]
            .runs
            .iter()
            .filter(|r| (r.y - g.head_baseline).abs() < 0.01)
            .collect();
        runs.sort_by(|a, b| a.x.total_cmp(&b.x));
        // The folio: the recto's last run, at the outer edge.
        runs.pop();
        let head: String = runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(|gl| gl.text.as_str()))
            .collect();
        let (low, high) = named_pages(&head).unwrap_or_else(|| panic!("page {page}: {head:?}"));
        let mut spread = back(page - 1);
        spread.extend(back(page));
        let carried = before.iter().max().copied();
        if spread.is_empty() {
            run_on_only += 1;
            assert_eq!(Some((low, low)), carried.map(|c| (c, high)), "page {page}");
        } else {
            let (min, max) = (*spread.iter().min().unwrap(), *spread.iter().max().unwrap());
            assert!(
                high == max && (low == min || Some(low) == carried),
                "page {page}: {head} for {spread:?}"
            );
        }
        assert!(low <= high && high < folio(open));
        rectos += 1;
        before.extend(back(page));
    }
    assert!(rectos >= 2, "{rectos} notes rectos");
    assert!(
        run_on_only >= 1,
        "no page held by the long note's run-on alone"
    );
}

/// A page-bottom note run on from the page before sits under a rule the
/// full measure wide (LaTeX's `\splitfootnoterule`); a page whose foot
/// opens with a note of its own, under the short one. The fixture's note
/// 9 runs on (PDF review 44: its run-on looked like a new note missing
/// its number).
#[test]
fn a_continued_page_bottom_note_sits_under_a_full_rule() {
    let book = bookpack::source::load_book(&common::book("footnotes"))
        .unwrap_or_else(|f| panic!("{f}"))
        .0;
    let built = build(&book);
    let g = Geometry::new(&book.pdf);
    let (mut full, mut short) = (0, 0);
    for (p, page) in built.document.pages.iter().enumerate() {
        let Some(rule) = page.rules.first() else {
            continue;
        };
        let left = g.left(p);
        // The foot's first line, and whether a note's number (linked
        // back to its reference) stands at its start.
        let Some(first) = page
            .runs
            .iter()
            .map(|r| r.y)
            .filter(|&y| y > rule.area.y)
            .reduce(f32::min)
        else {
            continue;
        };
        let numbered = page.links.iter().any(|l| {
            l.area.x < left + 0.1 * g.measure
                && l.area.y <= first
                && first <= l.area.y + l.area.height
        });
        if numbered {
            assert!(rule.area.width < 0.5 * g.measure, "page {}", p + 1);
            short += 1;
        } else {
            assert!(rule.area.width > 0.95 * g.measure, "page {}", p + 1);
            full += 1;
        }
    }
    assert!(full >= 1 && short >= 1, "{full} full rules, {short} short");
}

/// Pandoc's inline notes (`^[…]`, the `inline-notes` fixture) are notes
/// like any other: numbered where they stand among the `[^label]` ones
/// (one cited in a note right after it), in a paragraph, a quote, a list,
/// a table cell, a caption, verse and a definition; in the EPUB linked
/// both ways, and in every placement of the PDF printed and linked, with
/// no warning.
#[test]
fn inline_notes_are_numbered_where_they_stand_in_both_editions() {
    let words = [
        "By the county, at a cost of four hundred pounds.",
        "The second dredging",
        "The last, as it turned out.",
        "See the plan of 1901 [plate",
        "From the harbour master’s report.",
        "Rebuilt in stone in 1880.",
        "At low water.",
        "Lit in 1881.",
        "An old song of the harbour.",
        "Of granite, from the quarry above the town.",
    ];
    let epub = common::epub_read::fixture_epub("inline-notes");
    let notes = common::epub_read::file(&epub, "notes.xhtml");
    let doc = common::epub_read::parse(notes);
    let printed: Vec<(String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("li"))
        .map(|li| {
            (
                li.attribute("id").unwrap_or("").to_string(),
                common::epub_read::node_text(li),
            )
        })
        .collect();
    assert_eq!(printed.len(), words.len(), "{printed:?}");
    for (k, ((id, text), words)) in printed.iter().zip(words).enumerate() {
        assert_eq!(id, &format!("note-{}", k + 1));
        assert!(
            text.trim().replace('\u{a0}', " ").starts_with(words),
            "note {}: {text:?}",
            k + 1
        );
    }
    // Every reference links to its note, and back.
    let facts = common::inspect::check_epub(&common::epub_read::fixture_epub_bytes("inline-notes"))
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(
        (facts.noterefs.len(), facts.notes.len()),
        (words.len(), words.len())
    );
    for placement in ["book-end", "chapter-end", "page-bottom"] {
        let (book, _tmp) = load_with(
            &common::book("inline-notes"),
            &format!("[pdf]\nnotes = \"{placement}\""),
        );
        let mut diags = bookpack::diagnostics::Diagnostics::new();
        let built = bookpack::pdf::book::build(&book, &mut diags).unwrap();
        let text = all_text(&built);
        // Runs are joined by spaces, so compared by their letters.
        let letters = common::inspect::letters(&text);
        for words in words {
            assert!(
                letters.contains(&common::inspect::letters(words)),
                "{placement}: {words:?} missing from {text}"
            );
        }
        assert!(!text.contains("^["), "{placement}: {text}");
        assert_eq!(
            (built.note_links, built.back_links, built.unresolved.len()),
            (words.len(), words.len(), 0),
            "{placement}"
        );
        assert!(diags.is_empty(), "{placement}: {diags:?}");
    }
}
