//! Links end to end: the fixture book `tests/books/links` holds every kind
//! of link; each invalid one must be a warning at its own `file:line:col`
//! and keep its text, each valid one must reach both editions, written as
//! EPUB requires (RFC 3986, percent-encoded) and as a PDF link annotation.

mod common;

use common::inspect::{check_epub, pdf_links, pdf_text, Epub};
use common::*;

fn build_links_book() -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let o = bookpack(&[
        "build",
        book("links").to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    (out, stderr(&o))
}

#[test]
fn each_invalid_link_is_a_located_warning() {
    let (_, err) = build_links_book();
    let web = "01-web.md";
    let chapters = "02-chapters.md";
    for (file, line, col, says) in [
        (
            web,
            11,
            12,
            "link `https://../` is not a valid URL (`..` is not a host name)",
        ),
        (
            web,
            11,
            39,
            "link `javascript:alert(1)` uses the scheme `javascript:`, which can run code",
        ),
        (
            web,
            12,
            1,
            "link `data:text/html,x` uses the scheme `data:`, which can run code",
        ),
        (
            web,
            12,
            29,
            "link `ftp://example.org/file` uses the scheme `ftp:`, which this book does not allow",
        ),
        (web, 13, 4, "link `` has no destination"),
        (
            web,
            13,
            23,
            "link `mailto:` has no address after the scheme",
        ),
        (web, 14, 1, "link `https://` is not a valid URL"),
        (
            web,
            14,
            28,
            "link `//example.org/x` is a network path without a scheme",
        ),
        (
            chapters,
            4,
            1,
            "link `../picture.png` points to a file that is not a chapter",
        ),
    ] {
        let at = format!("{file}:{line}:{col}: warning: {says}");
        assert!(err.contains(&at), "missing\n  {at}\nin\n{err}");
    }
    // Exactly those: the valid links say nothing.
    assert_eq!(err.matches(": warning: link").count(), 9, "{err}");
}

#[test]
fn cross_references_that_miss_are_located_errors() {
    let out = tempfile::tempdir().unwrap();
    let o = bookpack(&[
        "build",
        book("links-broken").to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    for (line, col, says) in [
        (
            3,
            3,
            "link `03-missing.md` points to a file that is not a chapter of this book",
        ),
        (
            3,
            37,
            "link `#nowhere`: a.md has no heading, figure, table or note reference with the id `nowhere`",
        ),
        (
            4,
            1,
            "link `a.md#nor-here`: a.md has no heading, figure, table or note reference with the id `nor-here`",
        ),
        (
            4,
            56,
            "link `../x.md` points to a file that is not a chapter",
        ),
    ] {
        let at = format!("a.md:{line}:{col}: error: {says}");
        assert!(
            err.contains(&at),
            "missing
  {at}
in
{err}"
        );
    }
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "nothing is written"
    );
}

#[test]
fn valid_links_are_written_encoded_and_invalid_ones_as_text() {
    let (out, _) = build_links_book();
    let epub = std::fs::read(out.path().join("links-of-every-kind.epub")).unwrap();
    let facts = check_epub(&epub).unwrap_or_else(|p| panic!("{}", p.join("\n")));
    let mut hrefs = facts.external_hrefs.clone();
    hrefs.sort();
    assert_eq!(
        hrefs,
        [
            "https://example.com/?search=%5D(uri)",
            "https://example.com/auto",
            "https://example.org/a%20b%7Cc%5Bd%5D%25zz#x%23y",
            "https://example.org/a/b?q=1#top",
            "https://xn--bcher-kva.example/stra%C3%9Fe",
            "mailto:someone@example.com",
            "mailto:someone@example.org",
            "tel:+44-20-7946-0000",
        ]
    );
    let files = Epub::open(&epub).unwrap();
    let chapter = |name: &str| String::from_utf8(files.files[name].clone()).unwrap();
    let first = chapter("EPUB/chapter-1.xhtml");
    assert!(first.contains("<a href=\"tel:+44-20-7946-0000\">telephone</a>"));
    // Refused links keep their text, unlinked.
    for text in ["bad host", "script", "network path", "empty one"] {
        assert!(first.contains(&format!(" {text}")), "{text}");
        assert!(!first.contains(&format!(">{text}</a>")), "{text} is linked");
    }
    let second = chapter("EPUB/chapter-2.xhtml");
    assert!(second.contains("<a href=\"chapter-1.xhtml\">the first chapter</a>"));
    assert!(!second.contains(">a picture</a>"));
    // The PDF holds the same text, and the same links as annotations.
    let pdf = std::fs::read(out.path().join("links-of-every-kind.pdf")).unwrap();
    let text = pdf_text(&pdf).unwrap();
    assert!(text.contains("network path"), "{text}");
    let (mut uris, goto) = pdf_links(&pdf);
    uris.sort();
    assert_eq!(uris, hrefs);
    // The chapter link, plus the contents' links.
    assert!(goto >= 1, "{goto} internal links");
}

#[test]
fn a_book_cannot_allow_a_dangerous_scheme() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"a.md\"]\n\n[links]\nallow-schemes = [\"tel\", \"javascript\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n\nText.\n").unwrap();
    let o = bookpack(&[
        "build",
        dir.path().to_str().unwrap(),
        "-o",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains("book.toml:7:25: error: `allow-schemes`: \"javascript\" can run code"),
        "{err}"
    );
}

#[test]
fn a_link_into_a_chapter_without_subheadings_says_how_to_link_to_it() {
    let dir = common::temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"a.md\", \"b.md\"]\n",
        &[
            (
                "a.md",
                "# One\n\nSee [two](b.md#nope) and [its start](b.md#two).\n",
            ),
            ("b.md", "# Two\n\nText.\n"),
        ],
    );
    let o = common::bookpack(&["build", dir.path().to_str().unwrap(), "-q"]);
    common::assert_exit(&o, 1);
    let err = common::stderr(&o);
    assert!(
        err.contains("hint: b.md has no headings below its title: link to the chapter itself as `b.md`, or give a heading that id with `## Title {#nope}`"),
        "{err}"
    );
    // The title's own id is the chapter's start: no error for it.
    assert_eq!(err.matches("error").count(), 1, "{err}");
}

/// A note reference is linked to by its note's label, which stays right
/// when a note is added before it; a link by the number's id warns that it
/// moves, and a number that is also another note's label is an error.
#[test]
fn a_note_is_linked_to_by_its_label() {
    let toml = "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"a.md\", \"b.md\"]\n[notes]\nnumbering = \"book\"\n";
    let link_to = |anchor: &str, earlier_notes: &str| {
        let dir = common::temp_book(
            toml,
            &[
                ("a.md", &format!("# One\n\nSee [the note](b.md#{anchor}).{earlier_notes}\n")),
                ("b.md", "# Two\n\nFirst.[^x] Parchment.[^parchment]\n\n[^x]: X.\n\n[^parchment]: About parchment.\n"),
            ],
        );
        let out = dir.path().join("out");
        let o = bookpack(&[
            "build",
            dir.path().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--epub",
        ]);
        let epub = std::fs::read(out.join("t.epub"))
            .ok()
            .map(|b| Epub::open(&b).unwrap());
        let target = epub.map(|e| {
            let a = String::from_utf8(e.files["EPUB/chapter-1.xhtml"].clone()).unwrap();
            a.split("chapter-2.xhtml#")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string()
        });
        (o, target)
    };
    // By label: the parchment note's reference, however many notes come before.
    for earlier in [
        "",
        "[^e]\n\n[^e]: An earlier note.",
        "[^e][^f]\n\n[^e]: E.\n\n[^f]: F.",
    ] {
        let (o, target) = link_to("noteref-parchment", earlier);
        assert_exit(&o, 0);
        assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
        let number = 2 + earlier.matches("]:").count();
        assert_eq!(
            target.as_deref(),
            Some(format!("noteref-{number}").as_str())
        );
    }
    // By number: it works, with a warning naming the label to use.
    let (o, target) = link_to("noteref-2", "");
    assert_exit(&o, 0);
    assert_eq!(target.as_deref(), Some("noteref-2"));
    let err = stderr(&o);
    assert!(
        err.contains("names a note reference by its number"),
        "{err}"
    );
    assert!(err.contains("`b.md#noteref-parchment`"), "{err}");
    // A label nothing has: the error lists the notes' links.
    let (o, _) = link_to("noteref-vellum", "");
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("its notes are linked to as: noteref-x, noteref-parchment"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_number_that_is_another_notes_label_is_an_error() {
    let dir = common::temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"a.md\"]\n[notes]\nnumbering = \"book\"\n",
        &[("a.md", "# One\n\nFirst.[^2] Second.[^1] See [it](#noteref-1).\n\n[^1]: One.\n\n[^2]: Two.\n")],
    );
    let o = bookpack(&["build", dir.path().to_str().unwrap(), "-q"]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains("`noteref-1` is both the reference of note 1 and that of note [^1]"),
        "{}",
        stderr(&o)
    );
}

/// Pandoc's `{#id}` on a figure (after the image) and on a table (ending
/// its `Table:` caption) names it: a link reaches it in both editions,
/// and an id that is not plain or is taken is a located error that
/// suggests a plain one. (Before, the figure was dropped to its alt text
/// and the links were errors.)
#[test]
fn figures_and_tables_named_with_an_id_are_link_targets() {
    let png = std::fs::read(common::book("content-figures").join("images/plan.png")).unwrap();
    let toml =
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"a.md\", \"b.md\"]\n";
    let chapter_a = "# One\n\n![A blue box](box.png \"The blue box\"){#fig-box}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: Numbers {#tbl-num}\n\nSee [the table](#tbl-num).\n";
    let chapter_b = "# Two\n\nAs [the box](a.md#fig-box) shows.\n";
    let dir = common::temp_book(toml, &[("a.md", chapter_a), ("b.md", chapter_b)]);
    std::fs::write(dir.path().join("box.png"), &png).unwrap();
    let out = dir.path().join("out");
    let o = bookpack(&[
        "build",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let epub = Epub::open(&std::fs::read(out.join("t.epub")).unwrap()).unwrap();
    let a = String::from_utf8(epub.files["EPUB/chapter-1.xhtml"].clone()).unwrap();
    let b = String::from_utf8(epub.files["EPUB/chapter-2.xhtml"].clone()).unwrap();
    assert!(a.contains("<figure id=\"fig-box\">"), "{a}");
    assert!(a.contains("<table id=\"tbl-num\">"), "{a}");
    assert!(
        a.contains("<caption>Numbers</caption>"),
        "the id leaves the caption: {a}"
    );
    assert!(a.contains("href=\"chapter-1.xhtml#tbl-num\""), "{a}");
    assert!(b.contains("href=\"chapter-1.xhtml#fig-box\""), "{b}");
    // The PDF: both links land (the summary counts none unresolved).
    let (book, _) = bookpack::source::load_book(dir.path()).unwrap();
    let mut diags = bookpack::diagnostics::Diagnostics::new();
    let built = bookpack::pdf::book::build(&book, &mut diags).unwrap();
    assert_eq!(built.unresolved.len(), 0);
    let links: usize = built.document.pages.iter().map(|p| p.links.len()).sum();
    assert!(
        links >= 3,
        "contents entry and the two cross-references: {links}"
    );
    // Each lands on its figure or table, not on the chapter's opening (the
    // fallback, where both once landed): the box's link at the picture's
    // top, the table's lower on the page.
    let (image_page, image) = built
        .document
        .pages
        .iter()
        .enumerate()
        .find_map(|(p, page)| page.images.first().map(|i| (p, i.area)))
        .expect("the box is drawn");
    let targets: Vec<(usize, &bookpack::pdf::page::Link)> = built
        .document
        .pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| page.links.iter().map(move |l| (p, l)))
        .filter(|(p, l)| *p >= image_page && l.target.page == image_page)
        .collect();
    let to_box = targets
        .iter()
        .find(|(p, _)| *p > image_page)
        .expect("chapter two's link to the box");
    // Just above the picture (its slot's first line), within two leadings.
    let y = to_box.1.target.y;
    assert!(
        y <= image.y && y > image.y - 28.0,
        "{:?} against the picture at {image:?}",
        to_box.1.target
    );
    let to_table = targets
        .iter()
        .find(|(p, _)| *p == image_page)
        .expect("the link to the table beside it");
    assert!(
        to_table.1.target.y > image.y + image.height,
        "{:?} under the picture at {image:?}",
        to_table.1.target
    );

    // `{#fig:box}` (pandoc-crossref's form) is no XML name; an id taken
    // by a heading is taken.
    for (figure_id, said) in [
        ("fig:box", "figure id `fig:box` is not a plain name"),
        ("later", "figure id `later` is already used by"),
    ] {
        let chapter =
            format!("# One\n\n![A box](box.png){{#{figure_id}}}\n\n## Later {{#later}}\n");
        let dir = common::temp_book(toml, &[("a.md", &chapter), ("b.md", "# Two\n\nText.\n")]);
        std::fs::write(dir.path().join("box.png"), &png).unwrap();
        let o = bookpack(&["build", dir.path().to_str().unwrap(), "-o", "out"]);
        assert_exit(&o, 1);
        let err = stderr(&o);
        assert!(err.contains(&format!("a.md:3:1: error: {said}")), "{err}");
    }
}
