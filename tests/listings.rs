//! Code listings through the binary: Quarto's and pandoc's fence attributes give a listing its caption (above the code), its number ("Listing 2.1"), its cross references and numbered lines, in the EPUB and the PDF, and a list of listings after the contents.

mod common;
use bookpack::pdf::book::Built;

use common::epub_read::{file, fixture_epub, parse};
use common::inspect::page_lines;
use common::*;

const NB: &str = "\u{a0}";

#[test]
fn the_epub_captions_numbers_and_refers_to_listings() {
    let epub = fixture_epub("listings");
    let start = file(&epub, "chapter-1.xhtml");
    // The caption above the code, opened by its number.
    assert!(
        start.contains(&format!(
            "<figure class=\"listing\" id=\"lst-fib\">\n<figcaption><span class=\"caption-label\">Listing{NB}1.1.</span> Computing <em>Fibonacci</em> numbers</figcaption>\n<pre><code class=\"language-python\">"
        )),
        "{start}"
    );
    // References print the number, linked: `@lst-fib` in its chapter,
    // `@lst-config` in the next, and the empty link `[](#lst-fib)`.
    assert!(
        start.contains(&format!(
            "<a href=\"chapter-1.xhtml#lst-fib\">Listing{NB}1.1</a> shows it"
        )),
        "{start}"
    );
    assert!(
        start.contains(&format!(
            "<a href=\"chapter-2.xhtml#lst-config\">Listing{NB}2.1</a> of the next chapter"
        )),
        "{start}"
    );
    assert!(
        start.contains(&format!(
            "The loop of <a href=\"chapter-1.xhtml#lst-fib\">Listing{NB}1.1</a> runs"
        )),
        "{start}"
    );
    // Plain code stays as it was.
    assert!(
        start.contains("<pre><code class=\"language-rust\"><span>"),
        "{start}"
    );
    let more = file(&epub, "chapter-2.xhtml");
    parse(more);
    assert!(
        more.contains(&format!(
            "<figure class=\"listing\" id=\"lst-config\">\n<figcaption><span class=\"caption-label\">Listing{NB}2.1.</span> Reading the config</figcaption>\n<pre class=\"numbered\"><code class=\"language-python\"><span><span class=\"ln\" aria-hidden=\"true\" data-n=\"10\"></span>"
        )),
        "{more}"
    );
    assert!(more.contains("data-n=\"14\""), "{more}");
    assert!(!more.contains("data-n=\"15\""), "{more}");
    // An id that is not a listing's: an anchor, numbered lines from 1,
    // no caption or number.
    assert!(
        more.contains("<div id=\"anchor-only\">\n<pre class=\"numbered\"><code class=\"language-rust\"><span><span class=\"ln\" aria-hidden=\"true\" data-n=\"1\"></span>"),
        "{more}"
    );
    // The stylesheet shows the numbers from their attribute.
    let css = file(&epub, "style.css");
    assert!(css.contains("content: attr(data-n);"), "{css}");
    assert!(css.contains("figure.listing figcaption"), "{css}");
}

#[test]
fn the_epub_lists_the_listings_after_the_contents() {
    let epub = fixture_epub("listings");
    let nav = file(&epub, "nav.xhtml");
    let doc = parse(nav);
    let list = doc
        .descendants()
        .find(|n| n.has_tag_name("nav") && n.attribute("id") == Some("lol"))
        .expect("a list of listings");
    // EPUB has no epub:type for it: none is made up.
    assert_eq!(
        list.attribute(("http://www.idpf.org/2007/ops", "type")),
        None
    );
    let entries: Vec<(String, String)> = list
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            (
                a.attribute("href").unwrap_or("").to_string(),
                common::epub_read::node_text(a),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                "chapter-1.xhtml#lst-fib".to_string(),
                format!("Listing{NB}1.1. Computing Fibonacci numbers")
            ),
            (
                "chapter-2.xhtml#lst-config".to_string(),
                format!("Listing{NB}2.1. Reading the config")
            ),
        ]
    );
    assert!(
        nav.contains("<h1 id=\"lol-title\">List of Listings</h1>"),
        "{nav}"
    );
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
        .unwrap_or_else(|| panic!("no page headed {head:?}"))
}

#[test]
fn the_pdf_captions_above_numbers_lines_and_lists() {
    let built = layout_clean(&load_whole(&book("listings")));
    let contents = page_headed(&built, "Contents");
    let list = page_headed(&built, "List of Listings");
    assert_eq!(list, contents + 1);
    let lines = page_lines(&built.document.pages[list]);
    assert_eq!(lines[1], "Listing 1.1. Computing Fibonacci numbers1");
    assert_eq!(lines[2], "Listing 2.1. Reading the config3");
    // Chapter 1: the caption on the line above the code's first.
    let all: Vec<Vec<String>> = built.document.pages.iter().map(page_lines).collect();
    let (p, at) = all
        .iter()
        .enumerate()
        .find_map(|(p, l)| {
            l.iter()
                .position(|s| s == "Listing 1.1. Computing Fibonacci numbers")
                .map(|i| (p, i))
        })
        .expect("the caption");
    // (Code spaces are gaps, not glyphs: the runs join without them.)
    assert_eq!(all[p][at + 1], "deffib(n):");
    assert!(all.concat().join("\n").contains("Listing 1.1 (p. 1) only"));
    // Cross references print the number (and a page where it is another).
    let text = all.concat().join("\n");
    assert!(text.contains("Listing 1.1 shows it"), "{text}");
    assert!(
        text.contains("Listing 2.1 (p. 3) of the next chapter"),
        "{text}"
    );
    // Numbered lines: the numbers carry no text, so the lines read as
    // the code alone; the numbers' glyphs are grey, left of the code.
    let (p, at) = all
        .iter()
        .enumerate()
        .find_map(|(p, l)| {
            l.iter()
                .position(|s| s == "Listing 2.1. Reading the config")
                .map(|i| (p, i))
        })
        .expect("the second caption");
    assert_eq!(all[p][at + 1], "importtomllib");
    let page = &built.document.pages[p];
    let grey: Vec<&bookpack::pdf::page::GlyphRun> = page
        .runs
        .iter()
        .filter(|r| r.ink == Some(bookpack::pdf::listing::NUMBER_INK))
        .collect();
    // 10…14 for the listing, 1 and 2 for the anchored block.
    assert_eq!(grey.len(), 7, "{grey:?}");
    let code_left = page
        .runs
        .iter()
        .filter(|r| r.ink != Some(bookpack::pdf::listing::NUMBER_INK) && r.size < 10.5)
        .map(|r| r.x)
        .fold(f32::MAX, f32::min);
    for run in &grey {
        let right = run.x + run.glyphs.iter().map(|g| g.advance).sum::<f32>();
        assert!(right < code_left, "{right} {code_left}");
        assert!(run.glyphs.iter().all(|g| g.text.as_str().is_empty()));
    }
}

#[test]
fn a_reference_to_a_missing_listing_warns_where_it_is() {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"one.md\"]\n[listings]\nnumbering = \"book\"\n",
        &[(
            "one.md",
            "# One\n\nSee @lst-nothing here.\n\n```{.rust #lst-x lst-cap=\"X\" colour=red}\nfn x() {}\n```\n",
        )],
    );
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &["--epub"]);
    assert_exit(&o, 0);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "one.md", 3, 5, "warning"),
        "{err}"
    );
    assert!(
        err.contains(
            "cross reference `@lst-nothing` names no figure, table, listing, theorem or heading"
        ),
        "{err}"
    );
    assert!(
        has_located_message(&err, "one.md", 5, 30, "warning"),
        "{err}"
    );
    assert!(
        err.contains("code fence attribute `colour` is not known"),
        "{err}"
    );
}

#[test]
fn a_listing_id_used_twice_is_an_error() {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"one.md\", \"two.md\"]\n",
        &[
            ("one.md", "# One\n\n```{.rust #lst-x}\nfn x() {}\n```\n"),
            ("two.md", "# Two\n\n## Part {#lst-x}\n\nText.\n"),
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &["--epub"]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains("heading id `lst-x` is already used by the listing at"),
        "{err}"
    );
    assert!(
        std::fs::read_dir(out.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

/// `[code] line-numbers = true` numbers every block.
#[test]
fn line_numbers_for_every_block_from_book_toml() {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"one.md\"]\n[code]\nline-numbers = true\n",
        &[("one.md", "# One\n\n```\na\nb\n```\n")],
    );
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &["--epub"]);
    assert_exit(&o, 0);
    let epub_path = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "epub"))
        .unwrap();
    let epub = common::inspect::Epub::open(&std::fs::read(epub_path).unwrap()).unwrap();
    let one = file(&epub, "chapter-1.xhtml");
    assert!(
        one.contains("<pre class=\"numbered\"><code><span><span class=\"ln\" aria-hidden=\"true\" data-n=\"1\"></span>a\n</span><span><span class=\"ln\" aria-hidden=\"true\" data-n=\"2\"></span>b\n</span></code></pre>"),
        "{one}"
    );
}

/// pdftotext reads the code without its line numbers.
#[test]
#[ignore = "needs pdftotext (poppler-utils): run by .ci/run"]
fn pdftotext_reads_the_code_without_its_numbers() {
    let (out, _) = build_fixture("listings", &[]);
    let pdf = out.path().join("small-programs.pdf");
    let o = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext is not installed: `apt-get install poppler-utils`");
    let text = String::from_utf8_lossy(&o.stdout);
    let line = text
        .lines()
        .find(|l| l.contains("import tomllib"))
        .expect(&text);
    assert_eq!(line.trim(), "import tomllib", "{text}");
    assert!(
        !text.lines().any(|l| l.trim_start().starts_with("10")),
        "{text}"
    );
}

/// Quarto numbers only `#lst-` listings: a caption without that id is
/// set above its code, unnumbered and unlisted, in both editions alike,
/// and does not shift the numbers of the listings after it.
#[test]
fn a_caption_without_an_lst_id_is_set_unnumbered_in_both_editions() {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"one.md\"]\n[listings]\nnumbering = \"chapter\"\nlist = true\n",
        &[(
            "one.md",
            "# One\n\n```{.sh lst-cap=\"Say hello\"}\necho hi\n```\n\n```{.sh #lst-bye lst-cap=\"Say goodbye\"}\necho bye\n```\n",
        )],
    );
    let out = tempfile::tempdir().unwrap();
    assert_exit(&build_into(dir.path(), out.path(), &[]), 0);
    let bytes = std::fs::read(out.path().join("t.epub")).unwrap();
    let epub = common::inspect::Epub::open(&bytes).unwrap();
    let one = file(&epub, "chapter-1.xhtml");
    assert!(
        one.contains("<figure class=\"listing\">\n<figcaption>Say hello</figcaption>"),
        "{one}"
    );
    assert!(
        one.contains(&format!(
            "<figcaption><span class=\"caption-label\">Listing{NB}1.1.</span> Say goodbye</figcaption>"
        )),
        "{one}"
    );
    let nav = file(&epub, "nav.xhtml");
    assert!(!nav.contains("Say hello"), "{nav}");
    assert!(nav.contains("Say goodbye"), "{nav}");
    let book = load_whole(dir.path());
    let built = layout_clean(&book);
    let lines: Vec<String> = built.document.pages.iter().flat_map(page_lines).collect();
    let lines: Vec<String> = lines.iter().map(|l| l.replace(NB, " ")).collect();
    // Captioned once, in its chapter, not in the List of Listings.
    assert_eq!(
        lines.iter().filter(|l| l.contains("Say hello")).count(),
        1,
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l == "Say hello"), "{lines:?}");
    assert!(
        lines.iter().any(|l| l == "Listing 1.1. Say goodbye"),
        "{lines:?}"
    );
}
