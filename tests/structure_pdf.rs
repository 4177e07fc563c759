//! A whole book's structure in the PDF, on `tests/books/whole-book`: front
//! matter in roman folios, dedication and part pages, unnumbered kinds,
//! contents and outline nested by part, running heads that keep clear of
//! their folios, cross-references that land on their headings.
//!
//! Tests marked `#[ignore]` read the finished file with qpdf and poppler;
//! they fail when a tool is absent.

mod common;
use common::temp_book;

use std::path::Path;
use std::process::Command;

use bookpack::diagnostics::Diagnostics;
use bookpack::model::Book;
use bookpack::pdf::book::{Built, Geometry, PageKind};
use bookpack::pdf::page::{GlyphRun, OutlineEntry, Page};

fn load(dir: &Path) -> Book {
    let (book, _) = bookpack::source::load_book(dir).unwrap_or_else(|f| panic!("{f}"));
    book
}

/// The built pages of `book` and the warnings the PDF side gave.
fn build(book: &Book) -> (Built, Vec<String>) {
    let mut diags = Diagnostics::new();
    let built = bookpack::pdf::book::build(book, &mut diags).unwrap_or_else(|f| panic!("{f}"));
    let warnings = diags
        .items()
        .iter()
        .map(|d| format!("{}: {}", d.file.display(), d.message))
        .collect();
    (built, warnings)
}

fn whole_book() -> (Book, Built, Vec<String>) {
    let book = load(&common::book("whole-book"));
    let (built, warnings) = build(&book);
    (book, built, warnings)
}

fn run_text(run: &GlyphRun) -> String {
    run.glyphs.iter().map(|g| g.text.as_str()).collect()
}

/// A page's text, run by run, joined by spaces.
fn page_text(page: &Page) -> String {
    page.runs.iter().map(run_text).collect::<Vec<_>>().join(" ")
}

/// The first page (0-based) after the contents whose text contains `needle`.
fn page_with(built: &Built, needle: &str) -> usize {
    (0..built.document.pages.len())
        .find(|&p| {
            built.kinds[p] != PageKind::Front
                && page_text(&built.document.pages[p]).contains(needle)
        })
        .unwrap_or_else(|| panic!("no page has {needle:?}"))
}

/// Where a run ends: its start plus its glyphs' advances (which include
/// kerning, tracking and any expansion).
fn run_end(run: &GlyphRun) -> f32 {
    run.x + run.glyphs.iter().map(|g| g.advance).sum::<f32>()
}

/// The outline as `title(children…)`, titles cut at their first word
/// past a number so the shape stays readable.
fn shape(entries: &[OutlineEntry]) -> String {
    entries
        .iter()
        .map(|e| {
            let words: Vec<&str> = e.title.split_whitespace().collect();
            let keep = if words
                .first()
                .is_some_and(|w| w.ends_with('.') || *w == "Part")
            {
                3
            } else {
                1
            };
            let title = words[..keep.min(words.len())].join(" ");
            if e.children.is_empty() {
                title
            } else {
                format!("{title}({})", shape(&e.children))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn front_matter_has_roman_folios_and_the_body_starts_at_one_on_a_part_page() {
    let (_, built, _) = whole_book();
    let body = built.front_pages;
    // Title, imprint; dedication and blank; contents and blank (Chicago's
    // order: the dedication before the contents); preface and blank;
    // introduction and blank: ten pages, i to x.
    assert_eq!(body, 10);
    assert!(page_text(&built.document.pages[2]).contains("For my mother"));
    assert!(page_text(&built.document.pages[body]).contains("The Craft"));
    assert_eq!(
        built.document.page_labels,
        vec![
            (0, bookpack::pdf::page::LabelStyle::LowerRoman, 1),
            (body, bookpack::pdf::page::LabelStyle::Decimal, 1)
        ]
    );
    // The contents prints those folios: roman for the front matter, arabic
    // from the part on.
    let contents = page_text(&built.document.pages[4]);
    assert!(contents.starts_with("Contents"), "{contents}");
    for (title, folio) in [
        ("Preface", "vii"),
        ("Introduction to the Second Edition", "ix"),
        ("Part I. The Craft", "1"),
        ("Part II. Abroad", "9"),
    ] {
        let at = contents
            .find(title)
            .unwrap_or_else(|| panic!("{title} in {contents}"));
        let after: Vec<&str> = contents[at + title.len()..].split_whitespace().collect();
        assert_eq!(after.first(), Some(&folio), "{title}: {contents}");
    }
}

#[test]
fn a_dedication_stands_alone_centred_on_a_recto_without_title_or_contents_entry() {
    let (book, built, _) = whole_book();
    let g = Geometry::new(&book.pdf);
    let page = page_with(&built, "For my mother");
    assert!(Geometry::is_recto(page));
    assert_eq!(built.kinds[page], PageKind::Opening);
    let runs = &built.document.pages[page].runs;
    let text = page_text(&built.document.pages[page]);
    assert!(!text.to_lowercase().contains("dedication"), "{text}");
    // Centred: as much room left as right of the line (within a point).
    let start = runs.iter().map(|r| r.x).fold(f32::MAX, f32::min);
    let end = runs.iter().map(run_end).fold(0.0, f32::max);
    let left = start - g.left(page);
    let right = g.left(page) + g.measure - end;
    assert!((left - right).abs() < 1.0, "left {left} right {right}");
    // Alone: the page before (the imprint) is the title's back, the page
    // after is blank, and the contents follow on the next recto.
    assert_eq!(page, 2);
    assert_eq!(built.kinds[page + 1], PageKind::Blank);
    assert!(built.document.pages[page + 1].runs.is_empty());
    let contents = page_text(&built.document.pages[page + 2]);
    assert!(contents.starts_with("Contents"), "{contents}");
    assert!(!contents.contains("For my mother"));
    assert!(!built
        .document
        .outline
        .iter()
        .any(|e| e.title.contains("Dedication")));
}

#[test]
fn a_part_has_a_title_page_with_its_epigraph_and_a_blank_verso() {
    let (_, built, _) = whole_book();
    for (title, epigraph) in [("The Craft", "Ecclesiastes"), ("Abroad", "Gutenberg")] {
        let page = page_with(&built, epigraph);
        assert!(Geometry::is_recto(page), "{title} on page {}", page + 1);
        let text = page_text(&built.document.pages[page]);
        assert!(text.contains(title) && text.contains("Part"), "{text}");
        assert_eq!(built.kinds[page + 1], PageKind::Blank);
        assert!(built.document.pages[page + 1].runs.is_empty());
        // The part's first chapter opens on the recto after.
        assert_eq!(built.kinds[page + 2], PageKind::Opening);
    }
}

#[test]
fn only_numbered_kinds_carry_a_label_and_appendices_are_lettered() {
    let (_, built, _) = whole_book();
    for (title, label) in [
        ("Preface", None),
        ("Introduction to the Second", None),
        ("The Prerequisites of Good Paper", Some("Chapter 1")),
        ("L’imprimerie à Paris", Some("Chapter 3")),
        ("A Table of Type Sizes", Some("Appendix A")),
    ] {
        let page = page_with(&built, title);
        let text = page_text(&built.document.pages[page]);
        match label {
            Some(l) => assert!(text.starts_with(l), "{title}: {text}"),
            None => assert!(text.starts_with(title), "{title}: {text}"),
        }
    }
}

#[test]
fn the_outline_nests_chapters_under_parts_and_sections_to_toc_depth() {
    let (_, built, _) = whole_book();
    assert_eq!(
        shape(&built.document.outline),
        "Contents Preface Introduction \
         Part I. The(1. The Prerequisites(Rag(Linen) Wood) 2. Of the(The The(The) The)) \
         Part II. Abroad(3. L’imprimerie à 4. Der Buchdruck) \
         Appendix(Sizes) \
         Notes(Introduction 1. The Prerequisites)"
    );
}

#[test]
fn cross_references_land_on_their_headings_and_notes_in_titles_link_both_ways() {
    let (book, built, warnings) = whole_book();
    let g = Geometry::new(&book.pdf);
    assert!(
        !warnings.iter().any(|w| w.contains("has no target")),
        "{warnings:#?}"
    );
    let pages = &built.document.pages;
    // Each link from the preface goes to a heading or a chapter's start:
    // the text in the band just below the destination names it. (A link
    // broken over two lines has an area on each.)
    let preface = page_with(&built, "This book began");
    let mut landed = Vec::new();
    let mut targets = Vec::new();
    for link in &pages[preface].links {
        let t = link.target;
        if targets.contains(&(t.page, t.y.to_bits())) {
            continue;
        }
        targets.push((t.page, t.y.to_bits()));
        let band: String = pages[t.page]
            .runs
            .iter()
            .filter(|r| r.y > t.y && r.y <= t.y + 6.0 * g.leading)
            .map(run_text)
            .collect::<Vec<_>>()
            .join(" ");
        landed.push(band);
    }
    assert_eq!(landed.len(), 3, "{landed:?}");
    assert!(landed[0].starts_with("Rag paper"), "{landed:?}");
    assert!(landed[1].contains("Of the Casting of Type"), "{landed:?}");
    assert!(landed[2].starts_with("Sizes"), "{landed:?}");
    // The note cited in the introduction's title: its mark links to the
    // note, and the note's number links back to the title's page.
    let intro = page_with(&built, "Introduction to the Second Edition");
    let notes = page_with(&built, "The first edition appeared in 2019");
    assert!(pages[intro].links.iter().any(|l| l.target.page == notes));
    assert!(pages[notes].links.iter().any(|l| l.target.page == intro));
    assert_eq!(built.unresolved.len(), 0);
    let count: usize = book.chapters.iter().map(|c| c.notes.len()).sum();
    assert_eq!((built.note_links, built.back_links), (count, count));
}

/// Every text page's head keeps at least 6 pt from its folio, measured
/// from where the glyphs are placed.
fn assert_heads_clear_folios(book: &Book, built: &Built) -> usize {
    let g = Geometry::new(&book.pdf);
    let mut checked = 0;
    for (i, kind) in built.kinds.iter().enumerate() {
        if !matches!(kind, PageKind::Text { .. }) {
            continue;
        }
        let runs: Vec<&GlyphRun> = built.document.pages[i]
            .runs
            .iter()
            .filter(|r| (r.y - g.head_baseline).abs() < 0.01)
            .collect();
        let is_folio = |r: &&GlyphRun| {
            let t = run_text(r);
            t.chars().all(|c| c.is_ascii_digit()) || t.chars().all(|c| "ivxlc".contains(c))
        };
        let folio = runs.iter().find(|r| is_folio(r)).expect("a folio");
        let head: Vec<&&GlyphRun> = runs.iter().filter(|r| !is_folio(r)).collect();
        assert!(!head.is_empty(), "no head on page {}", i + 1);
        let head_start = head.iter().map(|r| r.x).fold(f32::MAX, f32::min);
        let head_end = head.iter().map(|r| run_end(r)).fold(0.0, f32::max);
        let gap = if Geometry::is_recto(i) {
            folio.x - head_end
        } else {
            head_start - run_end(folio)
        };
        assert!(
            gap >= 6.0,
            "page {}: head {gap:.1} pt from its folio",
            i + 1
        );
        checked += 1;
    }
    checked
}

#[test]
fn a_title_too_long_for_the_head_is_shortened_with_a_warning_and_clears_the_folio() {
    let (book, built, warnings) = whole_book();
    let g = Geometry::new(&book.pdf);
    let checked = assert_heads_clear_folios(&book, &built);
    assert!(checked >= 3, "{checked} text pages");
    // Chapter 1's title is too long: its recto heads are cut at a word and
    // end in an ellipsis; chapter 2 has a short title and no warning.
    let recto_heads: Vec<String> = built
        .kinds
        .iter()
        .enumerate()
        .filter(|(i, k)| matches!(k, PageKind::Text { .. }) && Geometry::is_recto(*i))
        .map(|(i, _)| {
            built.document.pages[i]
                .runs
                .iter()
                .filter(|r| (r.y - g.head_baseline).abs() < 0.01)
                .map(run_text)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert!(
        recto_heads
            .iter()
            .any(|h| h.starts_with("The Prerequisites of Good Paper") && h.contains('\u{2026}')),
        "{recto_heads:#?}"
    );
    let heads: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("running head"))
        .collect();
    assert_eq!(heads.len(), 1, "{warnings:#?}");
    assert!(heads[0].starts_with("04-paper.md: "), "{heads:?}");
}

/// The long title of the issue's report, in a book of its own: 30 pages
/// of one chapter, every recto's head shortened the same way.
#[test]
fn the_issues_long_chapter_title_gets_a_head_that_fits() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "The cabinet is a board of control chosen by the legislature, out of persons whom it trusts and knows, to rule the nation.";
    let paragraph = [sentence; 6].join(" ");
    let body = [paragraph.as_str(); 40].join("\n\n");
    std::fs::write(
        dir.path().join("book.toml"),
        "title = \"The English Constitution\"\nauthors = [\"Walter Bagehot\"]\nlanguage = \"en\"\nchapters = [\"07.md\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("07.md"),
        format!("+++\nnumber = \"VII\"\n+++\n\n# The Prerequisites of Cabinet Government, and the Peculiar Form Which They Have Assumed in England\n\n{body}\n"),
    )
    .unwrap();
    let book = load(dir.path());
    let (built, warnings) = build(&book);
    assert!(built.document.pages.len() > 12);
    assert!(assert_heads_clear_folios(&book, &built) > 10);
    let heads: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("running head"))
        .collect();
    assert_eq!(
        heads.len(),
        1,
        "one warning for the chapter, not one a page: {warnings:#?}"
    );
    assert!(
        heads[0].contains("shortened to “The Prerequisites of Cabinet Government…”"),
        "{heads:?}"
    );
}

/// Writes a book of `files` (name, text) into a fresh folder and loads it.
fn book_of(files: &[(&str, String)]) -> (tempfile::TempDir, Book) {
    let dir = tempfile::tempdir().unwrap();
    let list: Vec<String> = files.iter().map(|(f, _)| format!("\"{f}\"")).collect();
    std::fs::write(
        dir.path().join("book.toml"),
        format!(
            "title = \"Folios\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\nchapters = [{}]\n",
            list.join(", ")
        ),
    )
    .unwrap();
    for (file, text) in files {
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    let book = load(dir.path());
    (dir, book)
}

/// `n` paragraphs of plain prose.
fn prose(n: usize) -> String {
    let sentence = "A page of the front matter is counted in roman numerals, and the body starts again at one.";
    let paragraph = [sentence; 5].join(" ");
    [paragraph.as_str()].repeat(n).join("\n\n")
}

#[test]
fn front_matter_text_pages_print_roman_folios_in_their_heads() {
    let (_dir, book) = book_of(&[
        (
            "00.md",
            format!(
                "+++\nkind = \"introduction\"\n+++\n\n# Introduction\n\n{}\n",
                prose(14)
            ),
        ),
        ("01.md", format!("# The First Chapter\n\n{}\n", prose(14))),
    ]);
    let (built, warnings) = build(&book);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let g = Geometry::new(&book.pdf);
    let body = built.front_pages;
    let folio_of = |page: usize| -> String {
        built.document.pages[page]
            .runs
            .iter()
            .filter(|r| (r.y - g.head_baseline).abs() < 0.01)
            .map(run_text)
            .find(|t| t.chars().all(|c| c.is_ascii_digit() || "ivxlc".contains(c)))
            .unwrap_or_else(|| panic!("no folio on page {}", page + 1))
    };
    let romans = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];
    let mut front = 0;
    let mut rest = 0;
    for (i, kind) in built.kinds.iter().enumerate() {
        if !matches!(kind, PageKind::Text { .. }) {
            continue;
        }
        if i < body {
            assert_eq!(folio_of(i), romans[i], "page {}", i + 1);
            front += 1;
        } else {
            assert_eq!(folio_of(i), (i + 1 - body).to_string(), "page {}", i + 1);
            rest += 1;
        }
    }
    assert!(
        front >= 2 && rest >= 2,
        "{front} front, {rest} body text pages"
    );
    assert!(assert_heads_clear_folios(&book, &built) >= 4);
}

#[test]
fn a_part_whose_text_is_longer_than_its_page_is_set_as_a_chapter_with_a_warning() {
    let (_dir, book) = book_of(&[
        (
            "00.md",
            format!(
                "+++\nkind = \"part\"\n+++\n\n# A Long Part\n\n{}\n",
                prose(12)
            ),
        ),
        ("01.md", format!("# A Chapter\n\n{}\n", prose(2))),
    ]);
    let (built, warnings) = build(&book);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("00.md: the part's text takes")
            && warnings[0].contains("set as a chapter instead"),
        "{warnings:?}"
    );
    let opening = page_with(&built, "A Long Part");
    assert_eq!(built.kinds[opening], PageKind::Opening);
    assert!(matches!(built.kinds[opening + 1], PageKind::Text { .. }));
    assert!(page_text(&built.document.pages[opening]).starts_with("Part I"));
}

#[test]
fn the_whole_book_is_byte_identical_on_rebuild_and_on_any_number_of_threads() {
    let book = load(&common::book("whole-book"));
    let bytes = |threads: usize| {
        let mut diags = Diagnostics::new();
        let built = bookpack::pdf::book::build_with_threads(&book, &mut diags, threads).unwrap();
        bookpack::pdf::write::write(&built.document).unwrap()
    };
    let one = bytes(1);
    assert_eq!(one, bytes(1));
    assert_eq!(one, bytes(2));
}

#[test]
fn title_page_and_imprint_name_contributors_the_series_and_the_print_isbn() {
    let (_, built, _) = whole_book();
    let title = page_text(&built.document.pages[0]);
    for want in [
        "Books on Books, volume 2",
        "With an introduction by Ruth Ellis",
        "Translated by Jean Dupont",
    ] {
        assert!(title.contains(want), "{want:?} on the title page: {title}");
    }
    let imprint = page_text(&built.document.pages[1]);
    for want in [
        "Edited by Anna Weber.",
        "Illustrated by Tom Baker.",
        "Books on Books, volume 2.",
        "ISBN 978-1-4028-9462-6",
    ] {
        assert!(imprint.contains(want), "{want:?} in the imprint: {imprint}");
    }
    // Both ISBNs, as the EPUB's imprint lists them, each named for its
    // edition and the print edition's own first; the identifier (the
    // ebook's ISBN as a URN) is not printed again.
    let print = imprint
        .find("ISBN 978-1-4028-9462-6 (print)")
        .expect(&imprint);
    let ebook = imprint
        .find("ISBN 978-0-306-40615-7 (ebook)")
        .expect(&imprint);
    assert!(print < ebook, "{imprint}");
    assert!(!imprint.contains("9780306406157"), "{imprint}");
}

/// A word wider than the measure in the title or a chapter's heading
/// (German compounds) is hyphenated or set smaller: no glyph of the title
/// page or the opening runs past the text block (they ran off the page,
/// with no warning).
#[test]
fn a_title_word_wider_than_the_measure_stays_on_the_page() {
    let dir = temp_book(
        "title = \"Rechtsschutzversicherungsgesellschaften\"\nauthors = [\"K. Müller\"]\n\
         language = \"de\"\nchapters = [\"01.md\"]\n",
        &[(
            "01.md",
            "# Donaudampfschifffahrtsgesellschaftskapitänsmützen\n\nEin Satz.\n",
        )],
    );
    let book = load(dir.path());
    let (built, warnings) = build(&book);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let g = Geometry::new(&book.pdf);
    let opening = page_with(&built, "Ein");
    for p in [0, opening] {
        let page = &built.document.pages[p];
        let (left, right) = (g.left(p), g.left(p) + g.measure);
        let text = page_text(page);
        assert!(!page.runs.is_empty());
        for run in &page.runs {
            assert!(
                run.x >= left - 0.5 && run_end(run) <= right + 0.5,
                "page {p}: {:?} from {} to {} outside {left}..{right}: {text}",
                run_text(run),
                run.x,
                run_end(run)
            );
        }
    }
}

/// The title page joins several authors in the book's language, as the
/// EPUB's title page and the imprint do ("A, B et C"), not with a
/// language-blind ampersand.
#[test]
fn the_title_page_joins_the_authors_in_the_books_language() {
    let dir = temp_book(
        "title = \"Trois\"\nauthors = [\"Ann Lee\", \"Bo Sample\", \"Cy Twombly\"]\n\
         language = \"fr\"\nchapters = [\"01.md\"]\n",
        &[("01.md", "# Un\n\nDu texte.\n")],
    );
    let book = load(dir.path());
    let (built, warnings) = build(&book);
    assert!(warnings.is_empty(), "{warnings:#?}");
    // Set in small capitals: the runs carry the lower case.
    let title = page_text(&built.document.pages[0]).to_lowercase();
    assert!(
        title.contains("ann lee, bo sample et cy twombly"),
        "{title}"
    );
    assert!(!title.contains('&'), "{title}");
}

#[test]
fn a_french_book_prints_its_own_words() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "title = \"L'Art du livre\"\nauthors = [\"Jeanne Martin\"]\nlanguage = \"fr\"\ndate = \"2020\"\n\
         contributors = [{ name = \"Ann Lee\", role = \"translator\" }]\n\
         chapters = [\"00.md\", \"01.md\", \"02.md\"]\n",
    )
    .unwrap();
    for (file, text) in [
        (
            "00.md",
            "+++\nkind = \"preface\"\n+++\n\n# Avant tout\n\nUn mot.\n",
        ),
        (
            "01.md",
            "# Le début\n\nIl dit : \"Quel livre !\"[^1]\n\n[^1]: Une note.\n",
        ),
        (
            "02.md",
            "+++\nkind = \"appendix\"\n+++\n\n# Tables\n\nDu texte.\n",
        ),
    ] {
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    let book = load(dir.path());
    let (built, warnings) = build(&book);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let text = |p: usize| page_text(&built.document.pages[p]);
    assert!(
        text(1).contains("par Jeanne Martin. Première publication en 2020."),
        "{}",
        text(1)
    );
    assert!(text(1).contains("Traduit par Ann Lee."), "{}", text(1));
    assert!(text(1).contains("Composé en EB Garamond"), "{}", text(1));
    assert!(text(2).starts_with("Table des matières"), "{}", text(2));
    assert!(text(page_with(&built, "Le début")).starts_with("Chapitre 1"));
    assert!(text(page_with(&built, "Tables")).starts_with("Annexe A"));
    let titles: Vec<&str> = built
        .document
        .outline
        .iter()
        .map(|e| e.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Table des matières",
            "Avant tout",
            "1. Le début",
            "Annexe A. Tables",
            "Notes"
        ]
    );
}

// ---------------------------------------------------------------------------
// The finished file, read back by qpdf and poppler.

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is not installed ({e}): apt-get install qpdf poppler-utils")
    });
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Builds the whole book with the binary; returns the folder and the PDF's path.
fn built_pdf() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let o = common::bookpack(&[
        "build",
        common::book("whole-book").to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--pdf",
    ]);
    common::assert_exit(&o, 0);
    let path = out.path().join("the-making-of-books.pdf");
    assert!(path.is_file());
    (out, path)
}

#[test]
#[ignore = "needs qpdf and poppler-utils"]
fn qpdf_and_pdftotext_read_the_folios_labels_and_contents() {
    let (_out, path) = built_pdf();
    let p = path.to_str().unwrap();
    tool("qpdf", &["--check", p]);
    let json: serde_json::Value =
        serde_json::from_str(&tool("qpdf", &["--json", "--json-key=pagelabels", p])).unwrap();
    let labels: Vec<(u64, String, u64)> = json["pagelabels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["index"].as_u64().unwrap(),
                l["label"]["/S"].as_str().unwrap().to_string(),
                l["label"]["/St"].as_u64().unwrap_or(1),
            )
        })
        .collect();
    assert_eq!(labels, vec![(0, "/r".into(), 1), (10, "/D".into(), 1)]);
    let page = |n: usize| {
        tool(
            "pdftotext",
            &[
                "-layout",
                "-f",
                &n.to_string(),
                "-l",
                &n.to_string(),
                p,
                "-",
            ],
        )
    };
    // The dedication opens the book (page 3), the contents follow it on
    // page 5, listing the parts with their chapters indented under them.
    assert!(page(3).contains("For my mother"), "{}", page(3));
    let contents = page(5);
    let line_of = |needle: &str| {
        contents
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} in {contents}"))
            .to_string()
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    assert!(line_of("Preface").trim_end().ends_with("vii"));
    assert!(line_of("Part I. The Craft").trim_end().ends_with(" 1"));
    let part = line_of("Part I. The Craft");
    let chapter = line_of("The Prerequisites");
    // A part heads its chapters flush with the numbers; a chapter's
    // number sits right of it: nested, not flush with the part.
    assert!(
        indent(&chapter) > indent(&part) && !contents.contains("For my mother"),
        "{contents}"
    );
    // A body page's head: the verso carries the short title and its
    // arabic folio at the outer edge.
    let verso = page(14);
    let head = verso.lines().next().unwrap();
    assert!(
        head.trim_start().starts_with("4 ") && head.contains("Making Books"),
        "{head:?}"
    );
    // The recto after it: the long title's head, shortened, then folio 5.
    let recto = page(15);
    let head = recto.lines().next().unwrap().trim();
    assert!(
        head.starts_with("The Prerequisites") && head.contains('\u{2026}') && head.ends_with(" 5"),
        "{head:?}"
    );
}

/// Follows the cross-references with poppler: each link from the preface
/// lands on a band of text that starts with the heading it names.
#[test]
#[ignore = "needs poppler-utils"]
fn poppler_follows_cross_references_to_their_headings() {
    let (_out, path) = built_pdf();
    let p = path.to_str().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages();
    let page_of: std::collections::BTreeMap<lopdf::ObjectId, u32> =
        pages.iter().map(|(n, id)| (*id, *n)).collect();
    let height = 595.28;
    let band = |page: u32, top: f32| -> String {
        let y = (height - top).max(0.0);
        tool(
            "pdftotext",
            &[
                "-f",
                &page.to_string(),
                "-l",
                &page.to_string(),
                "-x",
                "0",
                "-y",
                &format!("{}", y as i32),
                "-W",
                "1000",
                "-H",
                "90",
                p,
                "-",
            ],
        )
    };
    // The preface is page 7 (vii).
    let preface = doc.get_dictionary(pages[&7]).unwrap();
    let annots = preface.get(b"Annots").unwrap().as_array().unwrap();
    let mut landed = Vec::new();
    let mut seen = Vec::new();
    for a in annots {
        let annot = match a {
            lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
            lopdf::Object::Dictionary(d) => d,
            _ => unreachable!(),
        };
        let dest = annot
            .get(b"A")
            .unwrap()
            .as_dict()
            .unwrap()
            .get(b"D")
            .unwrap()
            .as_array()
            .unwrap();
        let target = page_of[&dest[0].as_reference().unwrap()];
        let top = dest[3].as_float().unwrap();
        // A link broken over two lines has an area on each.
        if seen.contains(&(target, top.to_bits())) {
            continue;
        }
        seen.push((target, top.to_bits()));
        landed.push(
            band(target, top)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    assert_eq!(landed.len(), 3, "{landed:?}");
    assert!(landed[0].starts_with("Rag paper"), "{landed:?}");
    assert!(landed[1].contains("Of the Casting of Type"), "{landed:?}");
    assert!(landed[2].starts_with("Sizes"), "{landed:?}");
}

#[test]
fn a_long_title_pushes_the_authors_down_and_long_names_stack_within_the_measure() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        concat!(
            "title = \"The Extraordinary and Hitherto Unrecorded Adventures of a Provincial Printer in the Years of Revolution\"\n",
            "subtitle = \"Being a True Account, Compiled from His Letters and the Papers of His Widow\"\n",
            "authors = [\"Margaret Hale\", \"Jean-Baptiste de la Fontaine-Dupré\"]\n",
            "series = { name = \"Studies in the History of the Book and of the Trades That Served It\", position = 12 }\n",
            "language = \"en\"\nchapters = [\"01-a.md\"]\n",
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("01-a.md"), "# A\n\nText.\n").unwrap();
    let book = load(dir.path());
    let (built, _) = build(&book);
    let g = Geometry::new(&book.pdf);
    let page = &built.document.pages[0];
    // Every line of the title page within the text block, none on
    // another's baseline or within a small capital's height of it.
    let mut baselines: Vec<(f32, String)> = Vec::new();
    for run in &page.runs {
        assert!(
            run.x >= g.left(0) - 0.01 && run_end(run) <= g.left(0) + g.measure + 0.01,
            "{:?} runs past the measure ({} to {})",
            run_text(run),
            run.x,
            run_end(run)
        );
        match baselines.iter_mut().find(|(y, _)| (y - run.y).abs() < 0.5) {
            Some((_, text)) => text.push_str(&run_text(run)),
            None => baselines.push((run.y, run_text(run))),
        }
    }
    baselines.sort_by(|a, b| a.0.total_cmp(&b.0));
    for pair in baselines.windows(2) {
        assert!(
            pair[1].0 - pair[0].0 >= 10.0,
            "{:?} and {:?} overlap",
            pair[0],
            pair[1]
        );
    }
    let texts: Vec<&str> = baselines.iter().map(|(_, t)| t.as_str()).collect();
    // Each name whole on its own line, below the subtitle's last line.
    let widow = texts.iter().position(|t| t.contains("Widow")).unwrap();
    let hale = texts.iter().position(|t| *t == "Margaret Hale").unwrap();
    let dupre = texts
        .iter()
        .position(|t| *t == "Jean-Baptiste de la Fontaine-Dupré")
        .unwrap_or_else(|| panic!("{texts:?}"));
    assert!(widow < hale && hale + 1 == dupre, "{texts:?}");
}

/// A book whose back matter closes with a glossary, a bibliography and a
/// colophon, and which opens with a dedication and an epigraph; every
/// file but the glossary and colophon has a note.
fn closing_matter_book() -> tempfile::TempDir {
    temp_book(
        "title = \"Order\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\n\
         chapters = [\"ded.md\", \"epi.md\", \"pref.md\", \"one.md\", \"app.md\", \
         \"glos.md\", \"bib.md\", \"colo.md\"]\n",
        &[
            ("ded.md", "+++\nkind = \"dedication\"\n+++\n\n*For everyone.*\n"),
            ("epi.md", "+++\nkind = \"epigraph\"\n+++\n\n> Words, words.\n"),
            (
                "pref.md",
                "+++\nkind = \"preface\"\n+++\n\n# Preface\n\nWhy.[^p]\n\n[^p]: Preface note.\n",
            ),
            ("one.md", "# One\n\nText.[^a]\n\n[^a]: Chapter note.\n"),
            (
                "app.md",
                "+++\nkind = \"appendix\"\n+++\n\n# Tables\n\nMore.[^c]\n\n[^c]: Appendix note.\n",
            ),
            ("glos.md", "+++\nkind = \"glossary\"\n+++\n\n# Glossary\n\nTerms.\n"),
            (
                "bib.md",
                "+++\nkind = \"bibliography\"\n+++\n\n# Bibliography\n\nSmith.[^d]\n\n[^d]: Source note.\n",
            ),
            ("colo.md", "+++\nkind = \"colophon\"\n+++\n\n# Colophon\n\nSet in type.\n"),
        ],
    )
}

#[test]
fn the_contents_follow_the_dedication_and_the_notes_precede_the_closing_back_matter() {
    let dir = closing_matter_book();
    let book = load(dir.path());
    let (built, _) = build(&book);
    let pages: Vec<String> = built.document.pages.iter().map(page_text).collect();
    let first = |needle: &str| {
        pages
            .iter()
            .position(|t| t.contains(needle))
            .unwrap_or_else(|| panic!("no page has {needle:?}"))
    };
    // Chicago 1.4: dedication, epigraph, contents; appendixes, notes,
    // glossary, bibliography; the colophon last.
    let order = [
        "For everyone",
        "Words, words",
        "Contents",
        "Why.",
        "Text.",
        "More.",
        "Appendix note",
        "Terms.",
        "Smith.",
        "Set in type",
    ];
    let at: Vec<usize> = order.iter().map(|n| first(n)).collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "{order:?} on pages {at:?}"
    );
    // Each opens a recto; the notes hold the bibliography's note too.
    assert!(at.iter().all(|&p| Geometry::is_recto(p)), "{at:?}");
    assert!(pages[at[6]].contains("Source note"), "{}", pages[at[6]]);
    // The contents list the notes in that place, with the page they are on.
    let contents = &pages[at[2]];
    let listed: Vec<usize> = [
        "Preface",
        "One",
        "Tables",
        "Notes",
        "Glossary",
        "Bibliography",
    ]
    .iter()
    .map(|t| {
        contents
            .find(t)
            .unwrap_or_else(|| panic!("{t} in {contents}"))
    })
    .collect();
    assert!(listed.windows(2).all(|w| w[0] < w[1]), "{contents}");
    let notes_folio = (at[6] + 1 - built.front_pages).to_string();
    let after: Vec<&str> = contents[listed[3] + "Notes".len()..]
        .split_whitespace()
        .collect();
    assert_eq!(after.first(), Some(&notes_folio.as_str()), "{contents}");
    // The outline reads in the same order.
    let titles: Vec<&str> = built
        .document
        .outline
        .iter()
        .map(|e| e.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Contents",
            "Preface",
            "1. One",
            "Appendix A. Tables",
            "Notes",
            "Glossary",
            "Bibliography",
            "Colophon"
        ]
    );
}

#[test]
fn heading_levels_look_apart_and_the_lowest_run_into_their_paragraph() {
    let toml = "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\ntoc-depth = 6\nchapters = [\"a.md\", \"b.md\"]\n";
    let para = "Rotted rags went to the mill, where hammers beat them in troughs of running water until they became a pulp.";
    let a = format!(
        "# One\n\n{para}\n\n## Paper\n\n{para}\n\n### Linen\n\n{para}\n\n#### Stamping mills\n\n{para}\n\n\
         ##### Beating engines\n\n{para}\n\n###### Hollanders\n\n{para}\n\n#### Kinds of rag\n\n- linen\n- cotton\n"
    );
    let b = "# Two\n\nSee [the mills](a.md#stamping-mills).\n";
    let dir = temp_book(toml, &[("a.md", &a), ("b.md", b)]);
    let (built, warnings) = build(&load(dir.path()));
    assert!(warnings.is_empty(), "{warnings:?}");
    // The link to the run-in heading lands on its paragraph, as the
    // outline's entry for it does (they went to the chapter's start).
    assert_eq!(built.unresolved.len(), 0);
    fn find(entries: &[OutlineEntry], title: &str) -> Option<bookpack::pdf::page::Destination> {
        entries.iter().find_map(|e| {
            (e.title == title)
                .then_some(e.target)
                .or_else(|| find(&e.children, title))
        })
    }
    let outline = &built.document.outline;
    let mills = find(outline, "Stamping mills").expect("the run-in heading in the outline");
    let chapter = find(outline, "1. One").expect("the chapter in the outline");
    assert!(
        mills.page > chapter.page || mills.y > chapter.y + 100.0,
        "{mills:?} {chapter:?}"
    );
    for title in ["Beating engines", "Hollanders"] {
        assert!(find(outline, title).is_some(), "{title}");
    }
    let targets: Vec<_> = built
        .document
        .pages
        .iter()
        .flat_map(|p| p.links.iter().map(|l| l.target))
        .collect();
    assert!(targets.contains(&mills), "{targets:?}");
    // Headings are no text lines; the grid lines from the line before a
    // paragraph's first show what stands between them.
    let lines = &built.lines;
    let gap_before = |word: &str| {
        let i = lines
            .iter()
            .position(|l| l.first_word.starts_with(word))
            .unwrap_or_else(|| panic!("no line starts with {word}: {lines:?}"));
        assert_eq!(lines[i - 1].page, lines[i].page, "{word}");
        lines[i].grid_line - lines[i - 1].grid_line
    };
    // `##`, `###` and a low heading before a list: a blank line, then
    // the heading's own line. The paragraphs under the first two start
    // with their own words.
    assert_eq!(lines.iter().filter(|l| l.first_word == "Rotted").count(), 3);
    let rotted: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].first_word == "Rotted")
        .collect();
    for &i in &rotted[1..] {
        assert_eq!(
            lines[i].grid_line - lines[i - 1].grid_line,
            3,
            "{:?}",
            lines[i]
        );
    }
    assert_eq!(gap_before("•\u{2002}linen"), 3);
    // `####` to `######` lead their paragraph's first line: the flush one
    // after a blank line, the indented ones right under the text.
    assert_eq!(gap_before("Stamping"), 2);
    assert_eq!(gap_before("Beating"), 1);
    assert_eq!(gap_before("Hollanders."), 1);
}

#[test]
fn a_numbered_chapter_without_a_title_is_named_by_its_label() {
    let toml = "title = \"Novel\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"a.md\", \"b.md\"]\n";
    let text =
        "The tide came in over the orchard wall, and nobody went down to meet it. ".repeat(100);
    let dir = temp_book(toml, &[("a.md", &text), ("b.md", "# The Weir\n\nShort.\n")]);
    let (built, warnings) = build(&load(dir.path()));
    assert!(warnings.is_empty(), "{warnings:?}");
    let titles: Vec<&str> = built
        .document
        .outline
        .iter()
        .map(|e| e.title.as_str())
        .collect();
    assert_eq!(titles, ["Contents", "Chapter 1", "2. The Weir"]);
    let pages: Vec<String> = built.document.pages.iter().map(page_text).collect();
    // The contents lists it by its label; it opens with the label at the
    // title's place; its recto pages carry the label as running head.
    let contents = pages
        .iter()
        .find(|p| p.contains("Contents"))
        .expect("Contents");
    assert!(contents.contains("Chapter 1"), "{contents}");
    let opening = pages
        .iter()
        .position(|p| p.contains("Chapter 1") && p.contains("The tide"))
        .expect("opening");
    assert!(
        !pages[opening].to_lowercase().contains("chapter 1chapter"),
        "one label"
    );
    let recto_head = pages[opening + 2..]
        .iter()
        .step_by(2)
        .find(|p| p.contains("The tide"))
        .map(|p| p.contains("Chapter 1"));
    assert_eq!(recto_head, Some(true), "the recto's head");
    // The EPUB heads it with the label.
    let epub = bookpack::epub::render(&load(dir.path())).unwrap();
    let epub = common::inspect::Epub::open(&epub).unwrap();
    let page = String::from_utf8(epub.files["EPUB/chapter-1.xhtml"].clone()).unwrap();
    assert!(
        page.contains(
            "<h1 id=\"chapter-1-title\"><span class=\"chapter-number\">Chapter 1</span></h1>"
        ),
        "{page}"
    );
}

/// Each set line of `page` as text, top to bottom (the runs on one
/// baseline joined): a contents entry reads "Rag paper3".
fn page_lines(page: &Page) -> Vec<String> {
    let mut by_y: Vec<(f32, String)> = Vec::new();
    for run in &page.runs {
        match by_y.iter_mut().find(|(y, _)| (y - run.y).abs() < 0.01) {
            Some((_, line)) => line.push_str(&run_text(run)),
            None => by_y.push((run.y, run_text(run))),
        }
    }
    by_y.sort_by(|a, b| a.0.total_cmp(&b.0));
    by_y.into_iter().map(|(_, t)| t).collect()
}

/// The whole book with `toc-depth` set to `depth`.
fn whole_book_to_depth(depth: u8) -> (tempfile::TempDir, Built) {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::book("whole-book"), dir.path());
    let toml = dir.path().join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    assert!(text.contains("toc-depth = 3\n"));
    std::fs::write(
        &toml,
        text.replace("toc-depth = 3\n", &format!("toc-depth = {depth}\n")),
    )
    .unwrap();
    let book = load(dir.path());
    let (built, _) = build(&book);
    (dir, built)
}

/// The printed contents list each file's sections to `toc-depth` under
/// it, as the outline does: at the page the outline sends each to, with
/// a link to its heading, after its chapter's entry and before the next
/// chapter's. `toc-depth = 2` leaves the `###` sections out, 1 all.
#[test]
fn the_printed_contents_list_sections_to_toc_depth() {
    let (_, built, _) = whole_book();
    let contents_at = |built: &Built| built.document.outline[0].target.page;
    let at = contents_at(&built);
    let lines = page_lines(&built.document.pages[at]);
    let folio = |page: usize| (page + 1 - built.front_pages).to_string();
    let line_of = |title: &str| {
        lines
            .iter()
            .position(|l| {
                l.starts_with(title) || l.trim_start_matches(char::is_numeric).starts_with(title)
            })
            .unwrap_or_else(|| panic!("no {title:?} in the contents: {lines:?}"))
    };
    // Every section of the outline's chapters, in order.
    let part_one = &built.document.outline[3];
    assert!(part_one.title.starts_with("Part I"), "{}", part_one.title);
    let mut sections: Vec<(&str, &OutlineEntry)> = Vec::new();
    for chapter in &part_one.children {
        fn walk<'a>(
            chapter: &'a str,
            e: &'a OutlineEntry,
            out: &mut Vec<(&'a str, &'a OutlineEntry)>,
        ) {
            out.push((chapter, e));
            for c in &e.children {
                walk(chapter, c, out);
            }
        }
        for s in &chapter.children {
            walk(&chapter.title, s, &mut sections);
        }
    }
    assert_eq!(sections.len(), 7, "{sections:?}");
    let mut last = 0;
    for (chapter, section) in &sections {
        let k = line_of(&section.title);
        assert_eq!(
            lines[k],
            format!("{}{}", section.title, folio(section.target.page))
        );
        assert!(k > last, "{:?} out of order in {lines:?}", section.title);
        last = k;
        // Under its own chapter: the nearest chapter entry above it.
        let chapter_start = chapter.split_whitespace().nth(1).unwrap();
        let above = lines[..k]
            .iter()
            .rposition(|l| l.starts_with(|c: char| c.is_ascii_digit()))
            .unwrap();
        assert!(
            lines[above].contains(chapter_start),
            "{:?} under {:?}",
            section.title,
            lines[above]
        );
        assert!(
            built.document.pages[at]
                .links
                .iter()
                .any(|l| l.target == section.target),
            "no link from the contents to {:?}",
            section.title
        );
    }

    // toc-depth 2: the `##` sections only; 1: none.
    let (_d2, two) = whole_book_to_depth(2);
    let lines_two = page_lines(&two.document.pages[contents_at(&two)]);
    assert!(
        lines_two.iter().any(|l| l.starts_with("Rag paper")),
        "{lines_two:?}"
    );
    assert!(
        !lines_two.iter().any(|l| l.starts_with("Linen and cotton")),
        "{lines_two:?}"
    );
    let (_d1, one) = whole_book_to_depth(1);
    let lines_one = page_lines(&one.document.pages[contents_at(&one)]);
    for (_, section) in &sections {
        assert!(
            !lines_one.iter().any(|l| l.starts_with(&section.title)),
            "{:?} listed at toc-depth 1: {lines_one:?}",
            section.title
        );
    }
    assert!(
        lines_one.iter().any(|l| l.starts_with("Preface")),
        "{lines_one:?}"
    );
}

/// A Chinese, Japanese or Korean book, or a Hebrew or Arabic one,
/// prints its folios and its contents' numbers and pages in lining
/// figures, as its text's figures are (第1章 takes the CJK face's, פרק 1
/// EB Garamond's lining 1); an English book keeps EB Garamond's
/// old-style ones. Told apart by the glyph drawn for each digit: EB
/// Garamond's own, or the one its `lnum` and `tnum` give.
#[test]
fn a_book_in_a_script_without_small_letters_numbers_its_pages_in_lining_figures() {
    let face = rustybuzz::Face::from_slice(bookpack::fonts::REGULAR, 0).unwrap();
    let glyph_of = |digit: char, features: &[rustybuzz::Feature]| {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(&digit.to_string());
        rustybuzz::shape(&face, features, buffer).glyph_infos()[0].glyph_id as u16
    };
    let lining_features = [
        rustybuzz::Feature::new(rustybuzz::ttf_parser::Tag::from_bytes(b"lnum"), 1, ..),
        rustybuzz::Feature::new(rustybuzz::ttf_parser::Tag::from_bytes(b"tnum"), 1, ..),
    ];
    for (language, features) in [
        ("zh-Hans", &lining_features[..]),
        ("he", &lining_features[..]),
        ("en", &[][..]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("book.toml"),
            format!(
                "title = \"Figures\"\nauthors = [\"A. Writer\"]\nlanguage = \"{language}\"\n\
                 chapters = [\"one.md\", \"two.md\"]\n"
            ),
        )
        .unwrap();
        for (file, title) in [("one.md", "One"), ("two.md", "Two")] {
            std::fs::write(dir.path().join(file), format!("# {title}\n\n{}", prose(30))).unwrap();
        }
        let book = load(dir.path());
        let (built, _) = build(&book);
        // The digits of the contents page and of every text page's folio.
        let contents = built.document.outline[0].target.page;
        let mut digits = Vec::new();
        for (p, page) in built.document.pages.iter().enumerate() {
            if p != contents && !matches!(built.kinds[p], PageKind::Text { .. }) {
                continue;
            }
            for run in &page.runs {
                if run
                    .glyphs
                    .iter()
                    .all(|g| g.text.as_str().chars().all(|c| c.is_ascii_digit()))
                {
                    digits.extend(
                        run.glyphs
                            .iter()
                            .map(|g| (g.text.as_str().to_string(), g.id)),
                    );
                }
            }
        }
        assert!(digits.len() >= 6, "{language}: {digits:?}");
        for (text, id) in &digits {
            let digit = text.chars().next().unwrap();
            assert_eq!(*id, glyph_of(digit, features), "{language}: {digit}");
        }
        // The two sets differ where it shows: EB Garamond's default
        // figures are old-style.
        assert_ne!(glyph_of('3', &[]), glyph_of('3', &lining_features));
    }
}
