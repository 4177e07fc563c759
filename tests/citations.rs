//! Pandoc citations set by a CSL style (`[bibliography]` in book.toml):
//! each citation as the style sets it and linked to its work, the works
//! cited listed at the end of the bibliography chapter; in print without
//! page references. Keys the bibliography lacks, bad files and styles are
//! located messages.

mod common;
use common::epub_read::{file, fixture_epub, node_text, parse};
use common::inspect::page_lines;
use common::*;
use std::path::Path;

/// The paragraphs (`<p>`, `<td>`, `<li>`) of an XHTML file, as text.
fn texts(xhtml: &str, tag: &str) -> Vec<String> {
    let doc = parse(xhtml);
    doc.descendants()
        .filter(|n| n.has_tag_name(tag))
        .map(node_text)
        .collect()
}

/// The hrefs of the links in an XHTML file whose href holds `part`.
fn hrefs(xhtml: &str, part: &str) -> Vec<String> {
    let doc = parse(xhtml);
    doc.descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|a| a.attribute("href"))
        .filter(|h| h.contains(part))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_epub_sets_each_citation_in_the_style_linked_to_its_work() {
    let epub = fixture_epub("cited");
    let ch1 = file(&epub, "chapter-1.xhtml");
    let paragraphs = texts(ch1, "p").join("\n");
    for set in [
        // In the text, with its locator.
        "as Lamport (1978a, 559) showed",
        // A prefix, a page range.
        "(see Lamport 1978a, 558–560)",
        // `-@key`: the year alone, in brackets, told apart from 1978a.
        "reliable systems (1978b).",
        // Two works, one with a chapter.
        "(Lamport 1978a; Lynch 1996, chap. 2)",
        // Not citations: a key the bibliography lacks, `\@key`, an address.
        "no work [@nokey2020] is printed",
        "as is @lamport1978 escaped",
        "nancy@example.org",
    ] {
        assert!(paragraphs.contains(set), "{set:?} not in:\n{paragraphs}");
    }
    assert_eq!(
        texts(ch1, "td"),
        [
            "Logical clocks (Lamport 1978a)",
            "1978",
            "Consensus made plain (Ongaro and Ousterhout 2014)",
            "2014"
        ]
    );
    // Each work's words link to its entry.
    assert_eq!(
        hrefs(ch1, "bibliography.xhtml"),
        [
            "bibliography.xhtml#ref-lamport1978",
            "bibliography.xhtml#ref-lamport1978",
            "bibliography.xhtml#ref-lamport1978b",
            "bibliography.xhtml#ref-lamport1978",
            "bibliography.xhtml#ref-lynch1996",
            "bibliography.xhtml#ref-lamport1978",
            "bibliography.xhtml#ref-ongaro2014",
        ]
    );
    let ch2 = texts(file(&epub, "chapter-2.xhtml"), "p").join("\n");
    // Words after the locator follow it.
    assert!(
        ch2.contains("(Ongaro and Ousterhout 2014, 307, emphasis added)."),
        "{ch2}"
    );
    // In a note and an inline note, in the text.
    let notes = texts(file(&epub, "notes.xhtml"), "p").join("\n");
    assert!(notes.contains("see Lynch (1996, chap. 1)."), "{notes}");
    assert!(notes.contains("Compare Lamport (1978b)."), "{notes}");
}

#[test]
fn the_works_cited_are_listed_at_the_end_of_the_bibliography_chapter() {
    let epub = fixture_epub("cited");
    let bib = file(&epub, "bibliography.xhtml");
    let doc = parse(bib);
    let entries: Vec<(String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("li") && n.attribute("id").is_some())
        .map(|n| (n.attribute("id").unwrap().to_string(), node_text(n)))
        .collect();
    let ids: Vec<&str> = entries.iter().map(|(id, _)| id.as_str()).collect();
    // By author and year; the work no chapter cites is not listed.
    assert_eq!(
        ids,
        [
            "ref-lamport1978",
            "ref-lamport1978b",
            "ref-lynch1996",
            "ref-ongaro2014"
        ]
    );
    assert!(
        entries[2].1 == "Lynch, Nancy A. 1996. Distributed Algorithms. Morgan Kaufmann.",
        "{entries:?}"
    );
    assert!(entries[0]
        .1
        .starts_with("Lamport, Leslie. 1978a. “Time, Clocks"));
    // Titles in italics, the DOI a link.
    assert!(bib.contains("<em>Distributed Algorithms</em>"), "{bib}");
    assert!(
        bib.contains("<a href=\"https://doi.org/10.1145/359545.359563\">"),
        "{bib}"
    );
    // After the chapter's own words, as its list of entries.
    let chapter_text = bib.find("The works cited in this book.").unwrap();
    assert!(chapter_text < bib.find("ref-lamport1978").unwrap());
    assert!(bib.contains("<ul class=\"entries\">\n<li id=\"ref-lamport1978\">"));
}

#[test]
fn a_key_the_bibliography_lacks_is_a_located_warning() {
    let (_, err) = build_fixture("cited", &["--epub"]);
    assert!(
        has_located_message(&err, "01-order.md", 9, 49, "warning"),
        "{err}"
    );
    assert!(err.contains("`@nokey2020` names no work"), "{err}");
    // Nothing else is said: every other citation was read.
    assert_eq!(err.matches("warning").count(), 1, "{err}");
}

#[test]
fn in_print_citations_link_to_their_entries_without_page_references() {
    let built = layout_clean(&load_whole(&book("cited")));
    let pages = &built.document.pages;
    let references = pages
        .iter()
        .position(|p| page_lines(p).first().map(String::as_str) == Some("References"))
        .expect("a References page");
    let text: Vec<String> = pages.iter().flat_map(page_lines).collect();
    let text = text.join("\n");
    assert!(text.contains("as Lamport (1978a, 559)\nshowed"), "{text}");
    // A citation is not a cross reference: no "(p. 7)" after it.
    assert!(!text.contains("p. 7)") && !text.contains(", p. "), "{text}");
    // The entries hang: each first line flush, its turnovers in.
    let lines = page_lines(&pages[references]);
    assert!(
        lines.iter().any(|l| l.starts_with("Lynch, Nancy A. 1996.")),
        "{lines:?}"
    );
    // Every citation's link lands on the references page, each at its
    // entry's line (lower on the page for later entries).
    let mut landing: Vec<f32> = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        // The contents' entry for the chapter goes to its start.
        if n == references || built.kinds[n] == bookpack::pdf::book::PageKind::Front {
            continue;
        }
        for link in &page.links {
            if link.target.page == references {
                landing.push(link.target.y);
            }
        }
    }
    // 7 in chapter 1, 1 in chapter 2, 2 in the notes.
    assert_eq!(landing.len(), 10, "{landing:?}");
    let mut distinct = landing.clone();
    distinct.sort_by(f32::total_cmp);
    distinct.dedup();
    assert_eq!(distinct.len(), 4, "four entries, four places: {landing:?}");
}

#[test]
fn a_book_built_reads_its_chapters_again_with_the_same_citations() {
    // `build` holds outlines and reads each chapter again; `load_book`
    // holds them whole: the same chapters either way.
    let whole = load_whole(&book("cited"));
    let (outlined, _) = bookpack::source::load_book_to_build(&book("cited")).unwrap();
    for (i, chapter) in whole.chapters.iter().enumerate() {
        let again = outlined.chapter_whole(i).unwrap();
        assert_eq!(chapter, &*again, "chapter {i}");
    }
}

/// The fixture copied, its book.toml changed by `edit`.
fn variant(edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&book("cited"), dir.path());
    let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    std::fs::write(dir.path().join("book.toml"), edit(toml)).unwrap();
    dir
}

/// The fixture with another bibliography file and style.
fn with_file_and_style(file: &str, style: &str) -> tempfile::TempDir {
    variant(|t| {
        t.replace("references.bib", file)
            .replace("chicago-author-date", style)
    })
}

fn epub_of(dir: &Path) -> (common::inspect::Epub, String) {
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir, out.path(), &["--epub"]);
    assert_exit(&o, 0);
    let bytes = std::fs::read(out.path().join("clocks-and-consensus.epub")).unwrap();
    (common::inspect::Epub::open(&bytes).unwrap(), stderr(&o))
}

#[test]
fn a_numeric_style_numbers_works_by_first_citation_from_csl_json() {
    let dir = with_file_and_style("references.json", "ieee");
    let (epub, _) = epub_of(dir.path());
    let ch1 = texts(file(&epub, "chapter-1.xhtml"), "p").join("\n");
    for set in [
        "as L. Lamport [1, p. 559] showed",
        "see [1, pp. 558–560]",
        "reliable systems [2].",
        "[1], [3, Ch. 2]",
    ] {
        assert!(ch1.contains(set), "{set:?} not in:\n{ch1}");
    }
    let bib = file(&epub, "bibliography.xhtml");
    let doc = parse(bib);
    let entries: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("li") && n.attribute("id").is_some())
        .map(node_text)
        .collect();
    let labels: Vec<&str> = entries.iter().map(|e| &e[..4]).collect();
    assert_eq!(labels, ["[1] ", "[2] ", "[3] ", "[4] "], "{entries:?}");
    assert!(entries[3].starts_with("[4] D. Ongaro and J. Ousterhout, “In Search"));
}

/// The ids and texts of the bibliography chapter's entries.
fn entries_of(epub: &common::inspect::Epub) -> Vec<(String, String)> {
    let doc = parse(file(epub, "bibliography.xhtml"));
    doc.descendants()
        .filter(|n| n.has_tag_name("li") && n.attribute("id").is_some())
        .map(|n| (n.attribute("id").unwrap().to_string(), node_text(n)))
        .collect()
}

/// `[bibliography] nocite` lists works no chapter cites (pandoc's
/// `nocite`): a numeric style numbers them after the cited ones, without
/// renumbering those; `"*"` lists every work; a key the file lacks is a
/// warning at it in book.toml with the near key; a book that cites
/// nothing still gets its list.
#[test]
fn nocite_lists_works_no_chapter_cites() {
    let dir = with_file_and_style("references.bib", "ieee");
    let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        format!("{toml}nocite = [\"never2000\", \"lamport1978\", \"nevr2000\"]\n"),
    )
    .unwrap();
    let (epub, err) = epub_of(dir.path());
    let entries = entries_of(&epub);
    let ids: Vec<&str> = entries.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids.len(), 5, "{entries:?}");
    assert_eq!(ids[4], "ref-never2000", "numbered last: {entries:?}");
    assert!(entries[4].1.starts_with("[5] "), "{entries:?}");
    let ch1 = texts(file(&epub, "chapter-1.xhtml"), "p").join("\n");
    assert!(ch1.contains("as L. Lamport [1, p. 559] showed"), "{ch1}");
    let line = toml.lines().count() as u32 + 1;
    let col = "nocite = [\"never2000\", \"lamport1978\", ".len() as u32 + 1;
    assert!(
        has_located_message(&err, "book.toml", line, col, "warning"),
        "{err}"
    );
    assert!(
        err.contains("`nocite` names `nevr2000`") && err.contains("`never2000`"),
        "{err}"
    );

    // Every work, in a book that cites none.
    let dir = variant(|t| format!("{t}nocite = [\"*\"]\n"));
    for chapter in ["01-order.md", "02-agreement.md"] {
        std::fs::write(
            dir.path().join(chapter),
            "# A chapter\n\nNo citation here.\n",
        )
        .unwrap();
    }
    let (epub, err) = epub_of(dir.path());
    let entries = entries_of(&epub);
    let ids: Vec<&str> = entries.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "ref-lamport1978",
            "ref-lamport1978b",
            "ref-lynch1996",
            "ref-ongaro2014",
            "ref-never2000"
        ],
        "by author, Uncited last: {err}"
    );
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn without_a_bibliography_chapter_the_works_end_the_last_chapter_with_a_warning() {
    let dir = variant(|t| t.replace(", \"03-references.md\"", ""));
    let (epub, err) = epub_of(dir.path());
    assert!(
        err.contains("the book cites 4 works and has no bibliography chapter"),
        "{err}"
    );
    assert!(
        has_located_message(&err, "02-agreement.md", 1, 1, "warning"),
        "{err}"
    );
    let ch2 = file(&epub, "chapter-2.xhtml");
    assert!(
        ch2.contains("<section class=\"bibliography\" epub:type=\"bibliography\" role=\"doc-bibliography\">\n<ul class=\"entries\">\n<li id=\"ref-lamport1978\">"),
        "{ch2}"
    );
    let ch1 = file(&epub, "chapter-1.xhtml");
    assert!(
        ch1.contains("href=\"chapter-2.xhtml#ref-lynch1996\""),
        "{ch1}"
    );
}

/// Builds `dir`, which must fail, and returns its messages.
fn failing(dir: &Path) -> String {
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir, out.path(), &[]);
    assert_exit(&o, 1);
    assert!(std::fs::read_dir(out.path()).unwrap().next().is_none());
    stderr(&o)
}

#[test]
fn bad_bibliographies_and_styles_are_located_errors() {
    // A style bookpack does not carry: at its key, with the names it does.
    let dir = variant(|t| t.replace("\"chicago-author-date\"", "\"chicago-authr-date\""));
    let err = failing(dir.path());
    assert!(
        has_located_message(&err, "book.toml", 17, 9, "error"),
        "{err}"
    );
    assert!(
        err.contains("no citation style `chicago-authr-date`"),
        "{err}"
    );
    assert!(err.contains("chicago-author-date"), "{err}");
    // BibLaTeX that does not parse: at the place it stops.
    let dir = variant(|t| t.replace("references.bib", "bad.bib"));
    std::fs::write(
        dir.path().join("bad.bib"),
        "@book{fine, title = {Fine}, year = {2000}}\n@book{bad,\n  title = {Unclosed,\n",
    )
    .unwrap();
    let err = failing(dir.path());
    assert!(has_located_message(&err, "bad.bib", 4, 1, "error"), "{err}");
    assert!(
        err.contains("not valid BibLaTeX: unexpected end of file"),
        "{err}"
    );
    // CSL JSON that does not parse, at its line and column.
    let dir = variant(|t| t.replace("references.bib", "bad.json"));
    std::fs::write(dir.path().join("bad.json"), "[\n  {\"id\": \"a\",}\n]\n").unwrap();
    let err = failing(dir.path());
    assert!(
        has_located_message(&err, "bad.json", 2, 14, "error"),
        "{err}"
    );
    // A file that is not there, and one of no format bookpack reads.
    let dir = variant(|t| t.replace("references.bib", "missing.bib"));
    let err = failing(dir.path());
    assert!(
        err.contains("missing.bib: error: cannot read the bibliography"),
        "{err}"
    );
    let dir = variant(|t| t.replace("references.bib", "book.toml"));
    let err = failing(dir.path());
    assert!(
        err.contains("as BibLaTeX (.bib), CSL JSON (.json) or Hayagriva YAML"),
        "{err}"
    );
    // Outside the book folder.
    let dir = variant(|t| t.replace("references.bib", "../references.bib"));
    let err = failing(dir.path());
    assert!(
        has_located_message(&err, "book.toml", 16, 8, "error"),
        "{err}"
    );
}

#[test]
fn without_a_bibliography_citations_are_text_with_a_warning() {
    let dir = variant(|t| {
        t.replace(
            "[bibliography]\nfile = \"references.bib\"\nstyle = \"chicago-author-date\"\n",
            "",
        )
    });
    let (epub, err) = epub_of(dir.path());
    assert!(
        err.contains("pandoc's citation `@key` is not read"),
        "{err}"
    );
    let ch1 = texts(file(&epub, "chapter-1.xhtml"), "p").join("\n");
    assert!(
        ch1.contains("[see @lamport1978, pp.\u{a0}558–560]"),
        "{ch1}"
    );
    assert!(!file(&epub, "bibliography.xhtml").contains("ref-"));
}

/// Both editions pass the validators: EPUBCheck (the entries' ids, the
/// links to them), Ace, qpdf.
#[test]
#[ignore = "needs EPUBCheck, Ace and qpdf (.ci/run installs them)"]
fn the_cited_editions_pass_the_validators() {
    // As written (author-date), and with a note style, whose citations
    // are notes.
    let notes = variant(|t| t.replace("chicago-author-date", "chicago-notes"));
    for (name, book_dir) in [
        ("cited", book("cited")),
        ("cited-notes", notes.path().to_path_buf()),
    ] {
        let out = tempfile::tempdir().unwrap();
        assert_exit(&build_into(&book_dir, out.path(), &[]), 0);
        let epub = std::fs::read(out.path().join("clocks-and-consensus.epub")).unwrap();
        let (counts, messages) = common::validators::epubcheck(name, &epub);
        assert_eq!(counts, (0, 0, 0), "{name}: {messages:#?}");
        let violations = common::validators::ace(name, &epub);
        assert!(violations.is_empty(), "{name}: {violations:#?}");
        let pdf = std::fs::read(out.path().join("clocks-and-consensus.pdf")).unwrap();
        common::validators::qpdf_check(name, &pdf).unwrap();
    }
}

/// `bookpack check` spells a book with a bibliography without its keys,
/// and does not call its bibliography chapter empty; a misspelt word
/// beside a key is still found (the book's own dictionary, so the test
/// means the same on every machine).
#[test]
fn check_spells_around_citation_keys_and_leaves_the_bibliography_chapter() {
    let words = [
        "As",
        "said",
        "the",
        "line",
        "is",
        "unit",
        "see",
        "p",
        "One",
        "References",
    ];
    let dic = format!("{}\n{}\n", words.len(), words.join("\n"));
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A B\"]\nlanguage = \"en-US\"\nrights = \"r\"\ndescription = \"d\"\nidentifier = \"urn:x:1\"\nchapters = [\"ch.md\", \"refs.md\"]\n[check]\ndictionary = \"d.dic\"\n[bibliography]\nfile = \"r.bib\"\n",
        &[
            ("d.aff", "SET UTF-8\n"),
            ("d.dic", &dic),
            (
                "r.bib",
                "@book{knuthx, author = {Knuth, Donald}, title = {Typography}, year = {1999}}\n\
                 @book{smithy, author = {Smith, Jo}, title = {Words}, year = {2001}}\n",
            ),
            (
                "ch.md",
                "# One\n\nAs @knuthx said, the line is the unitt [see @smithy, p. 4; @knuthx].\n",
            ),
            ("refs.md", "+++\nkind = \"bibliography\"\n+++\n\n# References\n"),
        ],
    );
    let o = bookpack(&["check", dir.path().to_str().unwrap()]);
    let said = format!("{}{}", stderr(&o), stdout(&o));
    assert!(
        has_located_message(&said, "ch.md", 3, 34, "warning[spelling]"),
        "{said}"
    );
    assert!(said.contains("`unitt`"), "{said}");
    assert!(
        !said.contains("knuthx") && !said.contains("smithy"),
        "{said}"
    );
    assert!(!said.contains("empty-chapter"), "{said}");
    assert!(said.contains("check: 0 errors, 1 warning"), "{said}");
}

/// A CSL file of the book's own sets the citations and the list.
#[test]
fn a_csl_file_in_the_book_folder_is_a_style() {
    let dir = variant(|t| t.replace("\"chicago-author-date\"", "\"house.csl\""));
    std::fs::write(
        dir.path().join("house.csl"),
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>House</title><id>house</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout prefix="⟨" suffix="⟩" delimiter=" | "><text variable="title"/></layout></citation>
  <bibliography><sort><key variable="title"/></sort><layout><text variable="title" font-style="italic"/></layout></bibliography>
</style>
"#,
    )
    .unwrap();
    let (epub, _) = epub_of(dir.path());
    let ch1 = texts(file(&epub, "chapter-1.xhtml"), "p").join("\n");
    assert!(
        ch1.contains("⟨Time, Clocks, and the Ordering of Events in a Distributed System | Distributed Algorithms⟩"),
        "{ch1}"
    );
    let bib = file(&epub, "bibliography.xhtml");
    assert!(
        bib.contains("<li id=\"ref-lynch1996\"><em>Distributed Algorithms</em></li>"),
        "{bib}"
    );
    // One that is not CSL: an error at the file.
    std::fs::write(dir.path().join("house.csl"), "<style>").unwrap();
    let err = failing(dir.path());
    assert!(
        err.contains("house.csl: error: the citation style is not a CSL independent style"),
        "{err}"
    );
}

/// A note style (`chicago-notes`) makes each citation in the text a note,
/// its mark after the stop or comma, the author named in the text kept
/// there; a work's first note is its full citation, later ones short; a
/// citation in a note stays in it.
#[test]
fn a_note_style_makes_each_citation_a_note() {
    let dir = with_file_and_style("references.json", "chicago-notes");
    let (epub, err) = epub_of(dir.path());
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    let ch1 = file(&epub, "chapter-1.xhtml");
    let marks = |xhtml: &str| -> Vec<String> {
        let doc = parse(xhtml);
        doc.descendants()
            .filter(|n| n.attribute("class") == Some("noteref"))
            .map(node_text)
            .collect()
    };
    // Five in the paragraphs, two in the table, the survey's own.
    assert_eq!(marks(ch1), ["1", "2", "3", "4", "5", "6", "7", "8"]);
    let paragraphs = texts(ch1, "p").join("\n");
    for set in [
        "as Leslie Lamport1 showed",
        "named the problem.2 The same year",
        "on reliable systems.3",
        "built on both,4 and",
        "names no work6 is printed",
    ] {
        assert!(paragraphs.contains(set), "{set:?} not in:\n{paragraphs}");
    }
    let notes = texts(file(&epub, "notes.xhtml"), "li");
    let note = |n: usize| notes[n - 1].trim().trim_end_matches('↩').trim().to_string();
    // The first citation of a work in full, the next short, capitalised.
    assert!(
        note(1).starts_with("Leslie Lamport, “Time, Clocks,") && note(1).contains("(1978): 559"),
        "{}",
        note(1)
    );
    assert!(
        note(2).starts_with("See Lamport, “Time, Clocks,") && note(2).ends_with("558–560."),
        "{}",
        note(2)
    );
    assert!(
        note(4)
            .contains("Nancy A. Lynch, Distributed Algorithms (Morgan Kaufmann, 1996), chap. 2."),
        "{}",
        note(4)
    );
    // In a note, the citation is set where it stands, one stop at its end.
    assert_eq!(
        note(5),
        "For a survey, see Lynch, Distributed Algorithms, chap. 1."
    );
    // The works are listed as well.
    let bib = file(&epub, "bibliography.xhtml");
    assert!(bib.contains("<li id=\"ref-lynch1996\">Lynch, Nancy A. <em>Distributed Algorithms</em>. Morgan Kaufmann, 1996.</li>"), "{bib}");
}
