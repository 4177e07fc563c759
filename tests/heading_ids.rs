//! Headings' ids in any script, end to end: the fixture book
//! `tests/books/heading-ids` has Chinese, Russian and Arabic headings and
//! links to them as pandoc users write them; each heading must get its id
//! in its own script, and each link must land on its heading in the EPUB
//! (its `href`, the navigation) and in the PDF (its link annotation), with
//! `bookpack check` agreeing with the build about which ids exist.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::inspect::{check_epub, letters, Epub};
use common::*;

/// The ids the fixture's headings get, chapter by chapter.
const IDS: [&[&str]; 3] = [
    &[
        "第一章",
        "第一章-introduction",
        "第一章-开端",
        "section",
        "第一章-2",
    ],
    &["введение", "маленькая-княгиня", "итоги-2-0"],
    &["المقدمة", "الباب-٣"],
];

/// Every `href` the fixture's chapters link with (written raw, whatever
/// form the Markdown used), by chapter file.
const HREFS: [(&str, &[&str]); 3] = [
    (
        "EPUB/chapter-1.xhtml",
        &[
            "chapter-1.xhtml#第一章",
            "chapter-2.xhtml#введение",
            "chapter-3.xhtml#المقدمة",
            // `03-ar.md#%D8%A7…%D9%A3`, percent-encoded in the Markdown.
            "chapter-3.xhtml#الباب-٣",
            // `#第一章开端`, pandoc's id for `第一章：开端`.
            "chapter-1.xhtml#第一章-开端",
        ],
    ),
    (
        "EPUB/chapter-2.xhtml",
        &["chapter-1.xhtml#第一章", "chapter-2.xhtml#итоги-2-0"],
    ),
    (
        "EPUB/chapter-3.xhtml",
        &[
            "chapter-1.xhtml#第一章-introduction",
            "chapter-3.xhtml#الباب-٣",
        ],
    ),
];

/// The fixture built into a new folder: (folder, EPUB bytes, PDF bytes).
/// The build must succeed; its only warnings are the two chapters whose
/// letters the bundled faces lack (the fixture names no installed font).
fn build_heading_ids() -> (tempfile::TempDir, Vec<u8>, Vec<u8>) {
    let (out, err) = build_fixture("heading-ids", &[]);
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 2, "{err}");
    assert!(
        warnings
            .iter()
            .all(|w| w.contains(": warning: no font has ")),
        "{err}"
    );
    let read = |ext: &str| std::fs::read(out.path().join(format!("ids-in-every-script.{ext}")));
    let (epub, pdf) = (read("epub").unwrap(), read("pdf").unwrap());
    (out, epub, pdf)
}

/// An XHTML file parsed (its `<!DOCTYPE html>` allowed).
fn parse(xhtml: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(xhtml, options).unwrap()
}

/// The `id` of every `<h2>` of an XHTML file, in order.
fn h2_ids(xhtml: &str) -> Vec<String> {
    let doc = parse(xhtml);
    doc.descendants()
        .filter(|n| n.has_tag_name("h2"))
        .map(|n| n.attribute("id").unwrap_or("").to_string())
        .collect()
}

/// The `href` of every `<a>` of an XHTML file, in order.
fn hrefs(xhtml: &str) -> Vec<String> {
    let doc = parse(xhtml);
    doc.descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|n| n.attribute("href").map(str::to_string))
        .collect()
}

#[test]
fn headings_in_three_scripts_get_their_own_ids_and_links_land_in_the_epub() {
    let (_out, bytes, _) = build_heading_ids();
    // Every internal link lands on a file and an id that exist.
    check_epub(&bytes).unwrap_or_else(|problems| panic!("{problems:#?}"));
    let epub = Epub::open(&bytes).unwrap();
    let file = |name: &str| String::from_utf8(epub.files[name].clone()).unwrap();
    for (i, ids) in IDS.iter().enumerate() {
        let name = format!("EPUB/chapter-{}.xhtml", i + 1);
        assert_eq!(h2_ids(&file(&name)), *ids, "{name}");
    }
    for (name, expected) in HREFS {
        assert_eq!(hrefs(&file(name)), expected, "{name}");
    }
    // The navigation and the NCX name each heading by its id.
    let nav = hrefs(&file("EPUB/nav.xhtml"));
    let ncx = file("EPUB/toc.ncx");
    for (i, ids) in IDS.iter().enumerate() {
        for id in *ids {
            let href = format!("chapter-{}.xhtml#{id}", i + 1);
            assert!(nav.contains(&href), "{href} not in the navigation: {nav:?}");
            assert!(
                ncx.contains(&format!("src=\"{href}\"")),
                "{href} not in the NCX"
            );
        }
    }
}

/// A GoTo link annotation of a PDF: the page it is on and where it goes
/// (page, top), pages counted from 0.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Jump {
    from: usize,
    to: usize,
    top: f32,
}

/// Every GoTo link annotation of the PDF, read with lopdf.
fn jumps(pdf: &[u8]) -> Vec<Jump> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let deref = |o: &lopdf::Object| -> lopdf::Object {
        match o {
            lopdf::Object::Reference(r) => doc.get_object(*r).unwrap().clone(),
            other => other.clone(),
        }
    };
    let mut out = Vec::new();
    for (from, page) in pages.iter().enumerate() {
        let Ok(annots) = doc.get_dictionary(*page).unwrap().get(b"Annots") else {
            continue;
        };
        for annot in deref(annots).as_array().unwrap() {
            let annot = deref(annot);
            let Ok(action) = annot.as_dict().unwrap().get(b"A") else {
                continue;
            };
            let action = deref(action);
            let Ok(dest) = action.as_dict().unwrap().get(b"D") else {
                continue;
            };
            let dest = deref(dest);
            let dest = dest.as_array().unwrap();
            let target = dest[0].as_reference().unwrap();
            out.push(Jump {
                from,
                to: pages.iter().position(|p| *p == target).unwrap(),
                top: dest[3].as_float().unwrap(),
            });
        }
    }
    out
}

/// In the PDF every cross-reference jumps to its heading: the library's
/// layout resolves all of them (none falls back to its chapter's start),
/// and in the file each jumps below the top of the chapter it goes to,
/// one destination per heading linked to.
#[test]
fn links_to_headings_in_three_scripts_land_on_them_in_the_pdf() {
    let (book, _) = bookpack::source::load_book(&book("heading-ids")).unwrap();
    let mut diags = bookpack::diagnostics::Diagnostics::new();
    let built = bookpack::pdf::book::build(&book, &mut diags).unwrap();
    assert_eq!(built.unresolved.len(), 0);

    let (_out, _, pdf) = build_heading_ids();
    let all = jumps(&pdf);
    // The contents page's entries, the first links of the book, go to
    // the chapters' starts (each the highest place on its page) and to
    // their ten `##` sections below them.
    let contents = all.first().expect("links in the PDF").from;
    let entries: Vec<Jump> = all.iter().copied().filter(|j| j.from == contents).collect();
    let starts: Vec<Jump> = entries
        .iter()
        .copied()
        .filter(|j| !entries.iter().any(|k| k.to == j.to && k.top > j.top))
        .collect();
    assert_eq!(
        starts.len(),
        3,
        "one contents entry per chapter: {starts:?}"
    );
    assert_eq!(
        entries.len(),
        13,
        "three chapters and their sections: {entries:?}"
    );
    let crossings: Vec<Jump> = all.iter().copied().filter(|j| j.from != contents).collect();
    // Nine links in the text, to seven headings.
    assert!(crossings.len() >= 9, "{crossings:?}");
    let places: BTreeSet<(usize, u32)> =
        crossings.iter().map(|j| (j.to, j.top.to_bits())).collect();
    assert_eq!(places.len(), 7, "{crossings:?}");
    for jump in &crossings {
        let start = starts
            .iter()
            .filter(|s| s.to <= jump.to)
            .max_by_key(|s| s.to)
            .expect("a chapter before the destination");
        assert!(
            jump.to > start.to || jump.top < start.top,
            "{jump:?} goes to its chapter's start {start:?}, not to a heading"
        );
    }
}

/// `bookpack build DIR -o DIR/out --epub`.
fn build_epub(dir: &std::path::Path) -> std::process::Output {
    bookpack(&[
        "build",
        dir.to_str().unwrap(),
        "-o",
        dir.join("out").to_str().unwrap(),
        "--epub",
    ])
}

/// A book whose second chapter links to the first's headings every way a
/// link may name them; built EPUB-only (its scripts need no fonts there).
fn linking_book(links: &str) -> tempfile::TempDir {
    let toml = "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nrights = \"r\"\ndescription = \"d\"\nidentifier = \"urn:x:1\"\nchapters = [\"a.md\", \"b.md\"]\n[check]\ndictionary = \"none\"\n";
    let a = "# One\n\n## Ёлка\n\nText.\n\n## 第一章\n\nText.\n\n## Version 2.0\n\nText.\n\n## Маленькая княгиня\n\nText.\n\n## Начало {#начало}\n\nText.\n";
    temp_book(
        toml,
        &[("a.md", a), ("b.md", &format!("# Two\n\n{links}\n"))],
    )
}

/// The `href`s of the second chapter's links in `dir`'s EPUB.
fn second_chapter_hrefs(dir: &std::path::Path) -> Vec<String> {
    let epub = Epub::open(&std::fs::read(dir.join("out/t.epub")).unwrap()).unwrap();
    hrefs(&String::from_utf8(epub.files["EPUB/chapter-2.xhtml"].clone()).unwrap())
}

/// A fragment decomposed (`е` + U+0308 for `ё`), percent-encoded, by the
/// id pandoc gives the heading, or naming a `{#id}` in Cyrillic resolves
/// without a word; one by the id a heading had before ids kept its script
/// (romanised, or `section`) resolves with a warning at the link that
/// gives the id to write, and `bookpack check` says the same there under
/// its own code. The EPUB always writes the heading's id.
#[test]
fn links_by_any_form_of_an_id_resolve_and_former_ids_warn() {
    let links = "[a](a.md#\u{435}\u{308}лка) [b](a.md#%E7%AC%AC%E4%B8%80%E7%AB%A0) [c](a.md#version-2.0) [d](a.md#начало)\n\n[e](a.md#malenkaya-knyaginya) [f](a.md#section) [g](a.md#yolka)";
    let dir = linking_book(links);
    let o = build_epub(dir.path());
    assert_exit(&o, 0);
    assert_eq!(
        second_chapter_hrefs(dir.path()),
        [
            "chapter-1.xhtml#ёлка",
            "chapter-1.xhtml#第一章",
            "chapter-1.xhtml#version-2-0",
            "chapter-1.xhtml#начало",
            "chapter-1.xhtml#маленькая-княгиня",
            "chapter-1.xhtml#第一章",
            "chapter-1.xhtml#ёлка",
        ]
    );
    let err = stderr(&o);
    assert_eq!(err.matches("warning").count(), 3, "{err}");
    for (col, was, is) in [
        (1, "malenkaya-knyaginya", "маленькая-княгиня"),
        (31, "section", "第一章"),
        (49, "yolka", "ёлка"),
    ] {
        assert!(
            has_located_message(&err, "b.md", 5, col, "warning"),
            "b.md:5:{col} in {err}"
        );
        assert!(
            err.contains(&format!("(`{was}`); its id is `{is}`\n  hint: link to `a.md#{is}`, or give the heading that id: `## Title {{#{was}}}`")),
            "{was}: {err}"
        );
    }
    // `check` finds the same three, each where the build said it.
    let o = bookpack(&["check", dir.path().to_str().unwrap()]);
    assert_exit(&o, 0);
    let said = stderr(&o);
    let b = dir.path().join("b.md");
    for col in [1, 31, 49] {
        let finding = format!(
            "{}:5:{col}: warning[link-by-former-id]: link `a.md#",
            b.display()
        );
        assert!(said.contains(&finding), "{finding} not in {said}");
    }
    assert_eq!(said.matches("link-by-former-id").count(), 3, "{said}");
    assert!(!said.contains("dangling-link"), "{said}");
}

/// A fragment no heading has is an error at the link in both `build` and
/// `check`, its hint listing the ids the file does have, in their scripts.
#[test]
fn a_link_to_an_id_no_heading_has_is_a_located_error_in_build_and_check() {
    let dir = linking_book("See [it](a.md#第三章).");
    let o = build_epub(dir.path());
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(has_located_message(&err, "b.md", 3, 5, "error"), "{err}");
    assert!(
        err.contains("a.md has no heading, figure, table or note reference with the id `第三章`\n  hint: its ids are: ёлка, 第一章, version-2-0, маленькая-княгиня, начало"),
        "{err}"
    );
    let o = bookpack(&["check", dir.path().to_str().unwrap()]);
    assert_exit(&o, 1);
    let said = stderr(&o);
    let finding = format!(
        "{}:3:5: error[dangling-link]: link `a.md#第三章`",
        dir.path().join("b.md").display()
    );
    assert!(said.contains(&finding), "{finding} not in {said}");
}

/// The fixture set in installed faces that have its letters (Noto Serif
/// CJK SC, Noto Naskh Arabic), built without a warning.
fn build_heading_ids_in_noto() -> (tempfile::TempDir, Vec<u8>, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&book("heading-ids"), dir.path());
    let toml = dir.path().join("book.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        format!("{text}\n[pdf]\nfallback-fonts = [\"Noto Serif CJK SC\", \"Noto Naskh Arabic\"]\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = bookpack(&[
        "build",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let read = |ext: &str| std::fs::read(out.join(format!("ids-in-every-script.{ext}"))).unwrap();
    let (epub, pdf) = (read("epub"), read("pdf"));
    (dir, epub, pdf)
}

/// EPUBCheck takes the ids and raw fragments in three scripts with no
/// message, Ace finds no violation; qpdf finds the PDF sound; and each page a cross-reference
/// jumps to holds a heading it names (read with pdftotext, the fixture
/// set in faces that have its letters).
#[test]
#[ignore = "runs EPUBCheck (Java), Ace, qpdf and pdftotext with Noto CJK and Naskh installed; `cargo test -- --ignored`, as .ci/run does"]
fn heading_ids_in_three_scripts_keep_the_validators_clean() {
    let (dir, epub, pdf) = build_heading_ids_in_noto();
    let (counts, messages) = common::validators::epubcheck("heading-ids", &epub);
    assert_eq!(counts, (0, 0, 0), "{messages:#?}");
    let violations = common::validators::ace("heading-ids", &epub);
    assert!(violations.is_empty(), "{violations:#?}");
    common::validators::qpdf_check("heading-ids", &pdf).unwrap();
    let path = dir.path().join("out/ids-in-every-script.pdf");
    let page_text = |page: usize| {
        let n = (page + 1).to_string();
        let o = std::process::Command::new("pdftotext")
            .args(["-f", &n, "-l", &n])
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext is not installed: `apt-get install poppler-utils`");
        assert!(o.status.success(), "{o:?}");
        letters(&String::from_utf8_lossy(&o.stdout))
    };
    let jumps = jumps(&pdf);
    let contents = jumps[0].from;
    let mut landed: BTreeMap<usize, String> = BTreeMap::new();
    for jump in jumps.iter().filter(|j| j.from != contents) {
        landed.entry(jump.to).or_insert_with(|| page_text(jump.to));
    }
    let text: String = landed.values().cloned().collect();
    for heading in [
        "第一章",
        "第一章 Introduction",
        "开端",
        "Введение",
        "Итоги 2.0",
        "المقدمة",
        "الباب ٣",
    ] {
        assert!(
            text.contains(&letters(heading)),
            "{heading} not on a page a link goes to:\n{text}"
        );
    }
}

/// An explicit `{#id}` that is another heading's automatic id takes it:
/// that heading gets `-2`, and links written for it land on the other. A
/// warning at the displaced heading says so (a reviewer found `## Arrival`
/// renamed `arrival-2` without a word by a later `## The Town {#arrival}`).
#[test]
fn a_heading_whose_id_an_explicit_id_takes_is_warned_of() {
    let toml = "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nrights = \"r\"\ndescription = \"d\"\nidentifier = \"urn:x:1\"\nchapters = [\"a.md\"]\n";
    let a = "# One\n\n## Arrival\n\nText.\n\n## The Town {#arrival}\n\nText.\n\n## Notes on it\n\nText.\n\n## Notes on it\n\nText.\n";
    let dir = temp_book(toml, &[("a.md", a)]);
    let o = build_epub(dir.path());
    assert_exit(&o, 0);
    let err = stderr(&o);
    assert!(has_located_message(&err, "a.md", 3, 1, "warning"), "{err}");
    assert!(
        err.contains("this heading's id would be `arrival`"),
        "{err}"
    );
    assert!(err.contains("it is `arrival-2`"), "{err}");
    // Two headings of the same text are told apart as pandoc does, with
    // no warning: only an id the author chose is news.
    assert_eq!(err.matches("warning").count(), 1, "{err}");
}
