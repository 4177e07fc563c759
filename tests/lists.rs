//! Lists of figures and tables: `[figures] list` and `[tables] list` print
//! each after the contents, entered first in them, every figure or table
//! with a number or a caption listed by both and linked to it; in print
//! with its page, in the EPUB as a `nav` of the navigation document
//! (`epub:type` `loi`, `lot`) with its own landmark.

mod common;
use bookpack::pdf::book::{Built, PageKind};

use common::epub_read::{file, fixture_epub, parse};
use common::inspect::page_lines;
use common::*;

const NB: &str = "\u{a0}";

/// The entries of the `nav` with id `id` in the navigation document:
/// (href, text) in order.
fn nav_entries(nav: &str, id: &str) -> Vec<(String, String)> {
    let doc = parse(nav);
    let Some(nav) = doc
        .descendants()
        .find(|n| n.has_tag_name("nav") && n.attribute("id") == Some(id))
    else {
        return Vec::new();
    };
    nav.descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            (
                a.attribute("href").unwrap_or("").to_string(),
                common::epub_read::node_text(a),
            )
        })
        .collect()
}

#[test]
fn the_epub_lists_figures_and_tables_after_the_contents() {
    let epub = fixture_epub("listed");
    let nav = file(&epub, "nav.xhtml");
    let figures = nav_entries(nav, "loi");
    assert_eq!(
        figures,
        [
            ("preface.xhtml#figure-1-2".to_string(), format!("Figure{NB}1. The old tower above the town, from the sea")),
            ("chapter-1.xhtml#fig-approach".to_string(), format!("Figure{NB}1.1. The approach to the northern harbour from two miles out, with the spit of shingle, the church on the hill behind it and the leading marks on the shore that bring a boat in over the bar at half tide")),
            // No caption: its number alone.
            ("chapter-1.xhtml#figure-3".to_string(), format!("Figure{NB}1.2")),
            ("chapter-1.xhtml#figure-1".to_string(), format!("Figure{NB}1.3. The tower again, from the harbour")),
            ("chapter-2.xhtml#figure-5".to_string(), format!("Figure{NB}2.1. The church light at dusk")),
        ]
    );
    // Tables are not numbered: listed by caption, the one without none.
    assert_eq!(
        nav_entries(nav, "lot"),
        [
            (
                "chapter-1.xhtml#tbl-bars".to_string(),
                "Depths at the bars at low water".to_string()
            ),
            (
                "chapter-2.xhtml#table-3".to_string(),
                "Hours each light shows".to_string()
            ),
        ]
    );
    // The caption's emphasis stays; its note does not go with it.
    assert!(
        nav.contains("The approach to the <em>northern</em> harbour"),
        "{nav}"
    );
    // Each list is a `nav` of its kind, headed, on a page of its own.
    for (id, title) in [("loi", "List of Figures"), ("lot", "List of Tables")] {
        assert!(
            nav.contains(&format!("<nav id=\"{id}\" class=\"list\" epub:type=\"{id}\" aria-labelledby=\"{id}-title\">\n<h1 id=\"{id}-title\">{title}</h1>")),
            "{nav}"
        );
    }
    let css = file(&epub, "style.css");
    assert_eq!(
        common::epub_read::rules_for(css, "nav.list"),
        ["page-break-before: always; break-before: page;"]
    );
    // Every entry lands on its figure or table.
    for (href, _) in figures.iter().chain(&nav_entries(nav, "lot")) {
        let (name, id) = href.split_once('#').unwrap();
        let target = file(&epub, name);
        let doc = parse(target);
        let element = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no #{id} in {name}"));
        assert!(
            matches!(element.tag_name().name(), "figure" | "table"),
            "{href} lands on a <{}>",
            element.tag_name().name()
        );
    }
    // The contents name the lists first, after the title page and
    // imprint; the landmarks after the contents'.
    let toc = nav_entries(nav, "toc");
    assert_eq!(
        toc[2..5],
        [
            ("nav.xhtml#loi".to_string(), "List of Figures".to_string()),
            ("nav.xhtml#lot".to_string(), "List of Tables".to_string()),
            ("preface.xhtml".to_string(), "Preface".to_string()),
        ]
    );
    let landmarks = nav_entries(nav, "landmarks");
    assert_eq!(
        landmarks[2..5]
            .iter()
            .map(|(href, _)| href.as_str())
            .collect::<Vec<_>>(),
        ["nav.xhtml#toc", "nav.xhtml#loi", "nav.xhtml#lot"]
    );
    assert!(nav.contains("<a href=\"nav.xhtml#loi\" epub:type=\"loi\">List of Figures</a>"));
}

#[test]
fn a_figure_in_a_note_or_with_nothing_to_show_is_not_listed_or_named() {
    let epub = fixture_epub("listed");
    let harbours = file(&epub, "chapter-1.xhtml");
    let ids: Vec<String> = parse(harbours)
        .descendants()
        .filter(|n| n.has_tag_name("figure"))
        .map(|n| n.attribute("id").unwrap_or("-").to_string())
        .collect();
    assert_eq!(ids, ["fig-approach", "figure-3", "figure-1"]);
    let notes = file(&epub, "notes.xhtml");
    assert!(notes.contains("<figure>"), "{notes}");
    // The table without a caption, in a book that does not number its
    // tables, has nothing to be listed by.
    let lights = file(&epub, "chapter-2.xhtml");
    let named: Vec<Option<String>> = parse(lights)
        .descendants()
        .filter(|n| n.has_tag_name("table"))
        .map(|n| n.attribute("id").map(str::to_string))
        .collect();
    assert_eq!(named, [None, Some("table-3".to_string())]);
}

/// The page whose first line is `head`.
fn page_headed(built: &Built, head: &str) -> usize {
    (0..built.document.pages.len())
        .find(|&p| {
            page_lines(&built.document.pages[p])
                .first()
                .map(String::as_str)
                == Some(head)
        })
        .unwrap_or_else(|| {
            let firsts: Vec<Option<String>> = built
                .document
                .pages
                .iter()
                .map(|p| page_lines(p).first().cloned())
                .collect();
            panic!("no page headed {head:?}: {firsts:?}")
        })
}

#[test]
fn the_pdf_prints_each_list_after_the_contents_with_pages_and_links() {
    let built = layout_clean(&load_whole(&book("listed")));
    let contents = page_headed(&built, "Contents");
    let figures = page_headed(&built, "List of Figures");
    let tables = page_headed(&built, "List of Tables");
    // The contents on a recto, each list on the page after.
    assert_eq!(contents % 2, 0, "the contents open on a recto");
    assert_eq!((figures, tables), (contents + 1, contents + 2));
    for page in [contents, figures, tables] {
        assert_eq!(built.kinds[page], PageKind::Front);
    }
    // The contents enter the lists first, with their roman folios.
    let lines = page_lines(&built.document.pages[contents]);
    assert_eq!(lines[1..3], ["List of Figuresiv", "List of Tablesv"]);
    // The label's no-break space copies out as a space.
    let lines = page_lines(&built.document.pages[figures]);
    assert_eq!(
        lines[1..],
        [
            "Figure 1. The old tower above the town, from the seavii".to_string(),
            "Figure 1.1. The approach to the northern harbour from".to_string(),
            "two miles out, with the spit of shingle, the church".to_string(),
            "on the hill behind it and the leading marks on the".to_string(),
            "shore that bring a boat in over the bar at half tide3".to_string(),
            "Figure 1.24".to_string(),
            "Figure 1.3. The tower again, from the harbour4".to_string(),
            "Figure 2.1. The church light at dusk5".to_string(),
        ]
    );
    let lines = page_lines(&built.document.pages[tables]);
    assert_eq!(
        lines[1..],
        [
            "Depths at the bars at low water3",
            "Hours each light shows5"
        ]
    );
    // Each entry links to the page its figure or table is on: the page
    // whose text holds the caption.
    let captions = [
        "The old tower above the town",
        "The approach to the",
        // The plan, with no caption but its number.
        "Figure 1.2",
        "The tower again",
        "The church light at dusk",
    ];
    let links = &built.document.pages[figures].links;
    assert_eq!(links.len(), captions.len());
    for (link, caption) in links.iter().zip(captions) {
        let text = page_lines(&built.document.pages[link.target.page]).join(" ");
        assert!(
            text.contains(caption),
            "{caption:?} not on page {}: {text}",
            link.target.page
        );
    }
    // The contents' entries for the lists go to them.
    let targets: Vec<usize> = built.document.pages[contents]
        .links
        .iter()
        .map(|l| l.target.page)
        .collect();
    assert_eq!(targets[..2], [figures, tables]);
    // And so do the bookmarks, after the contents'.
    let outline: Vec<(&str, usize)> = built
        .document
        .outline
        .iter()
        .map(|e| (e.title.as_str(), e.target.page))
        .collect();
    assert_eq!(
        outline[..3],
        [
            ("Contents", contents),
            ("List of Figures", figures),
            ("List of Tables", tables)
        ]
    );
}

/// A list asked for in a book with nothing to list is not printed; a
/// book that asks for none is as it was.
#[test]
fn no_list_without_entries_and_none_unasked() {
    let toml = "title = \"T\"\nauthors = [\"A B\"]\nlanguage = \"en-GB\"\nchapters = [\"ch.md\"]\n";
    let chapter = "# One\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: Sums\n";
    let asked = temp_book(
        &format!("{toml}[figures]\nlist = true\n"),
        &[("ch.md", chapter)],
    );
    let (book, _) = bookpack::source::load_book(asked.path()).unwrap();
    assert!(bookpack::lists::printed(&book).is_empty());
    let built = layout_clean(&book);
    assert!(!built
        .document
        .outline
        .iter()
        .any(|e| e.title.contains("List")));
    let out = tempfile::tempdir().unwrap();
    let o = build_into(asked.path(), out.path(), &["--epub"]);
    assert_exit(&o, 0);
    let epub = std::fs::read(out.path().join("t.epub")).unwrap();
    let epub = common::inspect::Epub::open(&epub).unwrap();
    let nav = file(&epub, "nav.xhtml");
    assert!(!nav.contains("loi") && !nav.contains("lot"), "{nav}");
    let ch = file(&epub, "chapter-1.xhtml");
    assert!(
        ch.contains("<table>"),
        "a table no list names has no id: {ch}"
    );
    // Unasked, nothing is listed or named.
    let numbered = fixture_epub("numbered");
    let nav = file(&numbered, "nav.xhtml");
    assert!(!nav.contains("epub:type=\"loi\""), "{nav}");
    assert!(!file(&numbered, "chapter-2.xhtml").contains("id=\"figure-"));
}

#[test]
fn a_list_that_is_not_true_or_false_is_a_located_error() {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A B\"]\nlanguage = \"en-GB\"\nchapters = [\"ch.md\"]\n[tables]\nlist = \"yes\"\n",
        &[("ch.md", "# One\n")],
    );
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &[]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "book.toml", 6, 8, "error"),
        "{err}"
    );
    assert!(err.contains("bool"), "{err}");
}

/// Both editions pass the validators: EPUBCheck (the lists are `nav`
/// elements of the navigation document, their landmarks `loi`, `lot`),
/// Ace, qpdf.
#[test]
#[ignore = "needs EPUBCheck, Ace and qpdf (.ci/run installs them)"]
fn the_listed_editions_pass_the_validators() {
    let (dir, _) = build_fixture("listed", &[]);
    let epub = std::fs::read(dir.path().join("charts-of-the-coast.epub")).unwrap();
    let (counts, messages) = common::validators::epubcheck("listed", &epub);
    assert_eq!(counts, (0, 0, 0), "{messages:#?}");
    let violations = common::validators::ace("listed", &epub);
    assert!(violations.is_empty(), "{violations:#?}");
    let pdf = std::fs::read(dir.path().join("charts-of-the-coast.pdf")).unwrap();
    common::validators::qpdf_check("listed", &pdf).unwrap();
}
