//! The pages before the title page: `[pdf] half-title` and `also-by`.
//!
//! A book that asks for them opens on the half-title (page i), the card
//! page of the author's other books on its back (ii; blank without
//! `also-by`), then the title page (iii) and the imprint (iv); every page
//! after them is the page it was, two further on, and everything that
//! counts pages (page labels, the contents' folios, the outline, links,
//! the report) counts the two. In the EPUB the card page is a document
//! of its own after the title page; the half-title is print only.

mod common;

use bookpack::model::Book;
use bookpack::pdf::book::{Built, PageKind};
use bookpack::pdf::page::{LabelStyle, OutlineEntry};
use common::inspect::{letters, Epub};
use common::{assert_exit, bookpack, has_located_message, stderr, temp_book};

const BOOK: &str = r#"title = "The Salt Orchard"
authors = ["Owen Marsh"]
language = "en-GB"
chapters = ["preface.md", "one.md", "two.md"]
"#;

/// What the half-title book adds to [`BOOK`]: top-level keys first, then
/// its `[pdf]` table.
const ASKED: &str = "also-by = [\"The Ferry Landing\", \"Salt\"]\n[pdf]\nhalf-title = true\n";

const PREFACE: &str = "+++\nkind = \"preface\"\n+++\n\n# Preface\n\nWhy this book was written, in one short paragraph.\n";

/// A chapter of a few pages with a note, so the outline and the links
/// have something to point at on the text's pages.
fn chapter(title: &str) -> String {
    let paragraph = "The orchard ran down to the salt marsh, and every spring the tide \
        came further up between the trees than the spring before, until the old \
        pickers said the apples tasted of the sea and would not keep.";
    let mut text = format!("# {title}\n\n");
    for k in 0..24 {
        text.push_str(paragraph);
        if k == 3 {
            text.push_str("[^1]");
        }
        text.push_str("\n\n");
    }
    text.push_str("[^1]: A note on the marsh.\n");
    text
}

/// The test book in a temporary folder, with `extra` book.toml text.
fn folder(extra: &str) -> tempfile::TempDir {
    let one = chapter("The Orchard");
    let two = chapter("The Ferry");
    temp_book(
        &format!("{BOOK}{extra}"),
        &[("preface.md", PREFACE), ("one.md", &one), ("two.md", &two)],
    )
}

fn load(dir: &tempfile::TempDir) -> Book {
    common::load_whole(dir.path())
}

fn build(book: &Book) -> Built {
    common::layout_clean(book)
}

/// Each set line of page `page` ([`common::inspect::page_lines`]).
fn lines(built: &Built, page: usize) -> Vec<String> {
    common::inspect::page_lines(&built.document.pages[page])
}

/// The largest type on page `page`.
fn largest(built: &Built, page: usize) -> f32 {
    built.document.pages[page]
        .runs
        .iter()
        .map(|r| r.size)
        .fold(0.0, f32::max)
}

/// Outline entries flattened, as (title, page).
fn outline_pages(entries: &[OutlineEntry], out: &mut Vec<(String, usize)>) {
    for e in entries {
        out.push((e.title.clone(), e.target.page));
        outline_pages(&e.children, out);
    }
}

/// The contents page's line naming `entry`, e.g. "Preface" → "Prefacevii".
fn contents_line(built: &Built, page: usize, entry: &str) -> String {
    lines(built, page)
        .into_iter()
        .find(|l| l.starts_with(entry) || l.contains(entry))
        .unwrap_or_else(|| {
            panic!(
                "no {entry:?} on page {}: {:?}",
                page + 1,
                lines(built, page)
            )
        })
}

/// Half-title, card page, title page, imprint, then the book as it was,
/// two pages on: its folios, contents, outline and links following.
#[test]
fn the_half_title_and_card_page_open_the_book_and_every_count_follows() {
    let (plain_dir, asked_dir) = (folder(""), folder(ASKED));
    let (plain_book, asked_book) = (load(&plain_dir), load(&asked_dir));
    let (plain, asked) = (build(&plain_book), build(&asked_book));

    // The opening pages: no head, no folio on any.
    assert_eq!(asked.kinds[..4], [const { PageKind::Front }; 4]);
    assert_eq!(plain.kinds[..2], [const { PageKind::Front }; 2]);
    assert_eq!(lines(&asked, 0), ["The Salt Orchard"]);
    assert!(
        largest(&asked, 0) < largest(&asked, 2),
        "the half-title is set smaller than the title page's title"
    );
    assert!(
        asked.document.pages[0].runs[0].y < plain.document.pages[0].runs[0].y,
        "the half-title stands higher than the title page's title"
    );
    assert_eq!(
        lines(&asked, 1),
        ["Also by Owen Marsh", "The Ferry Landing", "Salt"]
    );
    // The titles in italic, each line centred on the measure.
    let page = &asked.document.pages[1];
    let g = bookpack::pdf::book::Geometry::new(&asked_book.pdf);
    for run in &page.runs[1..] {
        let face = &asked.document.fonts[run.font.0].name;
        assert!(face.contains("Italic"), "{face}");
        let width: f32 = run.glyphs.iter().map(|g| g.advance).sum();
        let centre = run.x + width / 2.0;
        assert!(
            (centre - (g.left(1) + g.measure / 2.0)).abs() < 1.0,
            "{centre}"
        );
    }
    // The card page's heading stands level with the half-title.
    assert_eq!(page.runs[0].y, asked.document.pages[0].runs[0].y);

    // The title page and imprint, and every page after them, as they
    // were, two pages on.
    assert_eq!(asked.kinds.len(), plain.kinds.len() + 2);
    assert_eq!(asked.kinds[2..], plain.kinds[..]);
    assert_eq!(asked.front_pages, plain.front_pages + 2);
    for (k, page) in plain.document.pages.iter().enumerate() {
        if k == 2 {
            continue; // the contents: their roman folios move on
        }
        assert_eq!(
            asked.document.pages[k + 2].runs,
            page.runs,
            "page {} (was {})",
            k + 3,
            k + 1
        );
    }
    // The contents (after the imprint): the preface's roman folio moves
    // on by two, the chapters' arabic ones stay.
    assert_eq!(contents_line(&plain, 2, "Preface"), "Prefacev");
    assert_eq!(contents_line(&asked, 4, "Preface"), "Prefacevii");
    assert_eq!(contents_line(&asked, 4, "The Orchard"), "1The Orchard1");
    assert_eq!(
        contents_line(&asked, 4, "Notes"),
        contents_line(&plain, 2, "Notes")
    );

    // Page labels: i–iv and on in roman, the body from 1.
    assert_eq!(
        asked.document.page_labels,
        [
            (0, LabelStyle::LowerRoman, 1),
            (asked.front_pages, LabelStyle::Decimal, 1)
        ]
    );
    // The outline and every link land two pages further on.
    let (mut was, mut now) = (Vec::new(), Vec::new());
    outline_pages(&plain.document.outline, &mut was);
    outline_pages(&asked.document.outline, &mut now);
    assert!(was.len() >= 4, "{was:?}");
    let moved: Vec<(String, usize)> = was.into_iter().map(|(t, p)| (t, p + 2)).collect();
    assert_eq!(now, moved);
    let links = |b: &Built, from: usize| -> Vec<(usize, usize)> {
        b.document.pages[from..]
            .iter()
            .enumerate()
            .flat_map(|(k, p)| p.links.iter().map(move |l| (k, l.target.page)))
            .collect()
    };
    let was: Vec<(usize, usize)> = links(&plain, 0)
        .into_iter()
        .map(|(k, p)| (k, p + 2))
        .collect();
    assert!(!was.is_empty());
    assert_eq!(links(&asked, 2), was);
    assert_eq!(
        (asked.note_links, asked.back_links, asked.unresolved.len()),
        (plain.note_links, plain.back_links, 0)
    );
    // Chapters still open on rectos, after a blank verso where need be.
    for (k, kind) in asked.kinds.iter().enumerate() {
        if *kind == PageKind::Opening {
            assert!(bookpack::pdf::book::Geometry::is_recto(k), "page {}", k + 1);
        }
    }
}

/// `half-title = true` alone: the half-title's back is blank, and the
/// title page is page iii.
#[test]
fn a_half_title_without_other_books_has_a_blank_back() {
    let dir = folder("[pdf]\nhalf-title = true\n");
    let built = build(&load(&dir));
    assert_eq!(
        built.kinds[..4],
        [
            PageKind::Front,
            PageKind::Blank,
            PageKind::Front,
            PageKind::Front
        ]
    );
    assert_eq!(lines(&built, 0), ["The Salt Orchard"]);
    assert!(built.document.pages[1].runs.is_empty());
    assert_eq!(lines(&built, 2), ["The Salt Orchard", "Owen Marsh"]);
}

/// `also-by` alone turns the half-title on: its list needs the back.
#[test]
fn other_books_alone_bring_the_half_title() {
    let dir = folder("also-by = [\"Salt\"]\n");
    let built = build(&load(&dir));
    assert_eq!(lines(&built, 0), ["The Salt Orchard"]);
    assert_eq!(lines(&built, 1), ["Also by Owen Marsh", "Salt"]);
    assert_eq!(
        built.document.page_labels[0],
        (0, LabelStyle::LowerRoman, 1)
    );
}

/// A list longer than a page holds starts at the top of the text block
/// and leaves out what does not fit, saying so; the EPUB lists them all.
#[test]
fn a_list_too_long_for_the_card_page_is_cut_with_a_warning() {
    let titles: Vec<String> = (1..=60).map(|k| format!("\"Book {k}\"")).collect();
    let dir = folder(&format!("also-by = [{}]\n", titles.join(", ")));
    let book = load(&dir);
    let g = bookpack::pdf::book::Geometry::new(&book.pdf);
    let mut diags = bookpack::diagnostics::Diagnostics::new();
    let built = bookpack::pdf::book::build(&book, &mut diags).unwrap();
    let card = lines(&built, 1);
    assert_eq!(
        card.len(),
        g.lines - 1,
        "heading and a title a line: {card:?}"
    );
    assert_eq!(card[1], "Book 1");
    let runs = &built.document.pages[1].runs;
    assert_eq!(runs[0].y, g.baseline(0), "from the block's top");
    let last = runs.iter().map(|r| r.y).fold(0.0, f32::max);
    assert!((last - g.baseline(g.lines - 1)).abs() < 0.01);
    let warnings = format!("{diags:?}");
    assert!(
        warnings.contains(&format!(
            "`also-by` lists 60 titles; the PDF's card page has room for {}",
            g.lines - 2
        )),
        "{warnings}"
    );
    let epub = Epub::open(&bookpack::epub::render(&book).unwrap()).unwrap();
    let page = String::from_utf8(epub.files["EPUB/also-by.xhtml"].clone()).unwrap();
    assert_eq!(page.matches("<li><cite>").count(), 60);
}

/// The written PDF says the same: pages i–iv in the viewer's page box,
/// the half-title's text on page 1, the card on page 2, the title page
/// on page 3, the imprint on page 4; and the report counts the pages.
#[test]
fn the_written_pdf_reads_back_in_that_order() {
    let dir = folder(ASKED);
    let book = load(&dir);
    let mut diags = bookpack::diagnostics::Diagnostics::new();
    let (bytes, report) = bookpack::pdf::render(&book, &mut diags).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(report.pages, doc.get_pages().len());
    let labels = doc.catalog().unwrap().get(b"PageLabels").unwrap();
    let labels = match labels {
        lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
        other => other.as_dict().unwrap(),
    };
    let nums = labels.get(b"Nums").unwrap().as_array().unwrap();
    assert_eq!(nums[0].as_i64().unwrap(), 0);
    let first = nums[1].as_dict().unwrap();
    assert_eq!(first.get(b"S").unwrap().as_name().unwrap(), b"r");
    let body = nums[2].as_i64().unwrap();
    assert!(body > 4, "the body starts after the front matter: {body}");
    let text = |page: u32| letters(&doc.extract_text(&[page]).unwrap());
    assert_eq!(text(1), "thesaltorchard");
    assert_eq!(text(2), "alsobyowenmarshtheferrylandingsalt");
    assert_eq!(text(3), "thesaltorchardowenmarsh");
    assert!(
        text(4).starts_with("thesaltorchardbyowenmarsh"),
        "{}",
        text(4)
    );
}

/// The EPUB lists the other books on a page of their own after the title
/// page: in the spine, not in the contents or the landmarks, marked
/// front matter, the titles as `<cite>`s. It has no half-title.
#[test]
fn the_epub_has_the_card_page_after_the_title_page_and_no_half_title() {
    let dir = folder(ASKED);
    let bytes = bookpack::epub::render(&load(&dir)).unwrap_or_else(|f| panic!("{f}"));
    common::inspect::check_epub(&bytes).unwrap_or_else(|e| panic!("{e:?}"));
    let epub = Epub::open(&bytes).unwrap();
    let file = |name: &str| String::from_utf8(epub.files[name].clone()).unwrap();
    let card = file("EPUB/also-by.xhtml");
    assert!(card.contains("<body epub:type=\"frontmatter\">"), "{card}");
    assert!(
        card.contains("<h1 id=\"also-by-title\">Also by Owen Marsh</h1>"),
        "{card}"
    );
    assert!(
        card.contains("<li><cite>The Ferry Landing</cite></li>\n<li><cite>Salt</cite></li>"),
        "{card}"
    );
    assert!(!card.contains("role="), "no ARIA role fits: {card}");
    let opf = file("EPUB/content.opf");
    let spine: Vec<&str> = opf
        .lines()
        .filter_map(|l| l.strip_prefix("<itemref idref=\""))
        .map(|l| l.split('"').next().unwrap())
        .collect();
    assert_eq!(
        spine[..4],
        [
            "cover-xhtml",
            "title-xhtml",
            "also-by-xhtml",
            "imprint-xhtml"
        ]
    );
    let nav = file("EPUB/nav.xhtml");
    assert!(!nav.contains("also-by"), "{nav}");
    assert!(file("EPUB/style.css").contains(".also-by"));
    for (name, page) in epub.xhtml() {
        assert!(!page.contains("halftitle"), "{name}");
    }
    // Without `also-by` there is no such page, nor its rules.
    let plain = bookpack::epub::render(&load(&folder("[pdf]\nhalf-title = true\n"))).unwrap();
    let plain = Epub::open(&plain).unwrap();
    assert!(!plain.files.contains_key("EPUB/also-by.xhtml"));
    let css = String::from_utf8(plain.files["EPUB/style.css"].clone()).unwrap();
    assert!(!css.contains(".also-by"));
}

/// A book that asks for neither is the book it was: the first book built
/// with the defaults written out gives the same bytes in both editions,
/// its title page still page 1.
#[test]
fn a_book_without_the_keys_is_unchanged() {
    let root = common::root().join("source");
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&root, dir.path());
    let toml = std::fs::read_to_string(root.join("book.toml")).unwrap();
    let built = |dir: &std::path::Path| {
        let (book, _) = bookpack::source::load_book(dir).unwrap_or_else(|f| panic!("{f}"));
        let mut diags = bookpack::diagnostics::Diagnostics::new();
        let (pdf, _) = bookpack::pdf::render(&book, &mut diags).unwrap();
        (pdf, bookpack::epub::render(&book).unwrap())
    };
    let (pdf, epub) = built(&root);
    std::fs::write(
        dir.path().join("book.toml"),
        format!("also-by = []\n{toml}\n[pdf]\nhalf-title = false\n"),
    )
    .unwrap();
    let (pdf_defaults, epub_defaults) = built(dir.path());
    assert!(pdf == pdf_defaults, "the PDF changed");
    assert!(epub == epub_defaults, "the EPUB changed");
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let first = letters(&doc.extract_text(&[1]).unwrap());
    assert_eq!(first, "thekhrushchevitesenverhoxha");
}

/// A bad `also-by` stops the build with book.toml's line and column.
#[test]
fn a_bad_title_stops_the_build_at_its_place() {
    let dir = folder("also-by = [\"Salt\", \"\"]\n");
    let out = tempfile::tempdir().unwrap();
    let o = bookpack(&[
        "build",
        dir.path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "book.toml", 5, 20, "error"),
        "{err}"
    );
    assert!(err.contains("`also-by` holds an empty title"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// pdftotext reads the four opening pages as a reader sees them, and
/// EPUBCheck passes the EPUB with its card page.
#[test]
#[ignore = "needs poppler-utils and EPUBCheck"]
fn pdftotext_and_epubcheck_read_the_opening_pages() {
    let dir = folder(ASKED);
    let out = tempfile::tempdir().unwrap();
    let o = bookpack(&[
        "build",
        dir.path().to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    let pdf = out.path().join("the-salt-orchard.pdf");
    // Words as pdftotext spaces them (letter-spaced small capitals come
    // out as "mar s h"): compared by their letters.
    let page = |n: u32| {
        let o = std::process::Command::new("pdftotext")
            .args(["-f", &n.to_string(), "-l", &n.to_string(), "-layout"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext is not installed: `apt-get install poppler-utils`");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        letters(&text)
    };
    assert_eq!(page(1), "thesaltorchard");
    assert_eq!(page(2), "alsobyowenmarshtheferrylandingsalt");
    assert_eq!(page(3), "thesaltorchardowenmarsh");
    assert!(
        page(4).starts_with("thesaltorchardbyowenmarsh"),
        "{}",
        page(4)
    );
    let epub = std::fs::read(out.path().join("the-salt-orchard.epub")).unwrap();
    let (counts, messages) = common::validators::epubcheck("also-by", &epub);
    assert_eq!(counts, (0, 0, 0), "{messages:#?}");
}

/// A contents that runs to a second page: that page carries its folio
/// (roman, as the front matter's) and a running head, as any page of
/// text does; the first, which opens with the heading, has neither.
#[test]
fn a_contents_page_it_runs_on_to_has_a_folio_and_a_head() {
    let names: Vec<String> = (1..=45).map(|k| format!("c{k:02}.md")).collect();
    let toml = format!(
        "title = \"Many Small Chapters\"\nauthors = [\"Owen Marsh\"]\nlanguage = \"en-GB\"\nchapters = [{}]\n",
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let texts: Vec<String> = (1..=45)
        .map(|k| format!("# Chapter the {k}\n\nA short chapter, number {k}.\n"))
        .collect();
    let files: Vec<(&str, &str)> = names
        .iter()
        .zip(&texts)
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = temp_book(&toml, &files);
    let built = build(&load(&dir));
    let first = (0..built.document.pages.len())
        .find(|&p| lines(&built, p).iter().any(|l| l == "Contents"))
        .expect("a contents page");
    let next = lines(&built, first + 1);
    assert!(
        next.iter().any(|l| l.contains("Chapter the 45")),
        "the contents runs on: {next:?}"
    );
    // The folio and the verso's head (the book's title) on the head's
    // baseline, the first line drawn.
    let folio = bookpack::pdf::folios::Folios {
        body_start: built.front_pages,
        numerals: Default::default(),
    }
    .text(first + 1);
    assert!(folio.chars().all(|c| "ivxlc".contains(c)), "{folio}");
    let head: String = next[0].replace(&folio, "");
    assert!(next[0].contains(&folio), "{next:?}");
    assert_eq!(head, "Many Small Chapters", "{next:?}");
    // The opening page: its heading first, no folio.
    assert_eq!(lines(&built, first)[0], "Contents");
}

/// The cover's page and size (the reviewer's finding 10). A supplied
/// cover narrower than the 1,400 pixels e-book stores ask for is warned
/// of at its `cover` key (epub-rich's 300 × 450, book.toml line 19); its
/// page holds the image in an SVG box of its own pixel size that the
/// stylesheet fits to the page (`preserveAspectRatio="xMidYMid meet"`),
/// named by the cover's text alternative; the package declares the page's
/// `svg` property. A cover 1,400 pixels wide draws no warning.
#[test]
fn a_cover_fits_its_page_in_an_svg_box_and_a_small_one_is_warned_of() {
    let (dir, err) = common::build_fixture("epub-rich", &["--epub"]);
    assert!(
        has_located_message(&err, "book.toml", 19, 9, "warning")
            && err.contains("\"images/cover.png\" is 300 × 450 pixels"),
        "{err}"
    );
    let path = dir.path().join("rich-strange-things.epub");
    let e = Epub::open(&std::fs::read(path).unwrap()).unwrap();
    let page = std::str::from_utf8(&e.files["EPUB/cover.xhtml"]).unwrap();
    assert!(page.contains("<html class=\"cover-page\""), "{page}");
    assert!(
        page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"100%\" height=\"100%\" viewBox=\"0 0 300 450\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"Cover: Rich &amp; &lt;Strange&gt;"),
        "{page}"
    );
    assert!(page.contains("<image width=\"300\" height=\"450\" xlink:href=\"cover.png\"/>"));
    assert!(!page.contains("<img"));
    let opf = std::str::from_utf8(&e.files["EPUB/content.opf"]).unwrap();
    assert!(opf.contains(
        "<item id=\"cover-xhtml\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\" properties=\"svg\"/>"
    ));
    let css = std::str::from_utf8(&e.files["EPUB/style.css"]).unwrap();
    assert!(css.contains(".cover svg {\n  display: block;\n  width: 100%;\n  height: 100%;\n}"));

    let large = temp_book(
        "title = \"T\"\nauthors = [\"A B\"]\nlanguage = \"en\"\nchapters = [\"one.md\"]\n[epub]\ncover = \"cover.png\"\n",
        &[("one.md", "# One\n\nText.\n")],
    );
    let png = common::png_declaring(1400, 2100, 2, &[0x78, 0x9C, 0x03, 0x00]);
    std::fs::write(large.path().join("cover.png"), png).unwrap();
    let o = bookpack(&["check", large.path().to_str().unwrap()]);
    assert!(!stderr(&o).contains("cover image"), "{}", stderr(&o));
}
