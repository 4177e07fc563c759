//! The back-of-book index in the EPUB: `index.xhtml` last in the spine,
//! grouped by letter, sub-entries nested, one locator per chapter to
//! its first mention (which exists), cross-references, and the index in
//! the contents, the landmarks and the NCX; a book without marks has none.

mod common;
use common::epub_read::{file, fixture_epub, fixture_epub_bytes, node_text, parse};
use common::inspect::{check_epub, Epub};
use common::*;

/// The `epub:type` of an element, if any.
fn epub_type<'a>(node: roxmltree::Node<'a, '_>) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == "type" && a.namespace() == Some("http://www.idpf.org/2007/ops"))
        .map(|a| a.value())
}

/// An entry as the index page shows it: its term, its locators' hrefs
/// and texts, its cross-references' text, its sub-entries.
#[derive(Debug)]
struct Shown {
    term: String,
    locators: Vec<(String, String)>,
    xrefs: Vec<String>,
    children: Vec<Shown>,
}

fn shown(li: roxmltree::Node) -> Shown {
    let own = |t: &'static str| {
        li.children()
            .filter(move |n| n.is_element() && epub_type(*n) == Some(t))
    };
    let term = own("index-term").map(node_text).next().expect("a term");
    let locators = own("index-locator")
        .map(|a| (a.attribute("href").unwrap().to_string(), node_text(a)))
        .collect();
    let xrefs = own("index-xref-preferred")
        .chain(own("index-xref-related"))
        .map(node_text)
        .collect();
    let children = own("index-entry-list")
        .flat_map(|ul| ul.children().filter(|n| n.is_element()).map(shown))
        .collect();
    Shown {
        term,
        locators,
        xrefs,
        children,
    }
}

/// The index page's groups: each letter heading (empty for none) and
/// its entries.
fn groups(page: &str) -> Vec<(String, Vec<Shown>)> {
    let doc = parse(page);
    doc.descendants()
        .filter(|n| epub_type(*n) == Some("index-group"))
        .map(|group| {
            let letter = group
                .children()
                .find(|n| n.has_tag_name("h2"))
                .map(node_text)
                .unwrap_or_default();
            let list = group
                .children()
                .find(|n| epub_type(*n) == Some("index-entry-list"))
                .expect("an entry list");
            let entries = list
                .children()
                .filter(|n| n.is_element())
                .map(shown)
                .collect();
            (letter, entries)
        })
        .collect()
}

fn find<'a>(entries: &'a [Shown], term: &str) -> &'a Shown {
    entries
        .iter()
        .find(|e| e.term == term)
        .unwrap_or_else(|| panic!("no entry {term}"))
}

/// The idrefs of the spine, in order.
fn spine(epub: &Epub) -> Vec<String> {
    let opf = file(epub, "content.opf");
    let doc = parse(opf);
    doc.descendants()
        .filter(|n| n.has_tag_name("itemref"))
        .map(|n| n.attribute("idref").unwrap().to_string())
        .collect()
}

/// Every entry, sub-entries after their entry.
fn flatten(entries: &[Shown]) -> Vec<&Shown> {
    entries
        .iter()
        .flat_map(|e| std::iter::once(e).chain(flatten(&e.children)))
        .collect()
}

/// Checks what holds for any index page of `epub`: every locator lands
/// on an element with that id in the file it names, no entry has two
/// locators in one chapter (the mark's id names it: `ix-{chapter}-{n}`),
/// and locators go in reading order. Returns the groups.
fn checked_groups(epub: &Epub) -> Vec<(String, Vec<Shown>)> {
    let groups = groups(file(epub, "index.xhtml"));
    let order = spine(epub);
    for entry in groups.iter().flat_map(|(_, e)| flatten(e)) {
        let mut chapters = Vec::new();
        for (href, _) in &entry.locators {
            let (target, id) = href.split_once('#').expect("a fragment");
            let doc = parse(file(epub, target));
            assert!(
                doc.descendants().any(|n| n.attribute("id") == Some(id)),
                "{href} lands nowhere"
            );
            let chapter = id
                .strip_prefix("ix-")
                .and_then(|c| c.rsplit_once('-'))
                .map(|(c, _)| c.to_string())
                .unwrap();
            assert!(
                !chapters.contains(&chapter),
                "{}: two locators in {chapter}",
                entry.term
            );
            chapters.push(chapter);
        }
        let places: Vec<usize> = chapters
            .iter()
            .map(|c| {
                order
                    .iter()
                    .position(|i| *i == format!("{c}-xhtml"))
                    .unwrap()
            })
            .collect();
        assert!(places.is_sorted(), "{}: {chapters:?}", entry.term);
    }
    groups
}

#[test]
fn the_fixtures_index_is_grouped_nested_and_linked_to_each_chapters_first_mention() {
    let bytes = fixture_epub_bytes("indexed");
    check_epub(&bytes).unwrap();
    let epub = Epub::open(&bytes).unwrap();
    let groups = checked_groups(&epub);
    let letters: Vec<&str> = groups.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        letters,
        ["", "B", "C", "D", "E", "G", "H", "K", "M", "P", "R", "S", "T", "W"]
    );
    assert_eq!(groups[0].1[0].term, "1956 crisis");
    let (_, k) = &groups[7];
    let terms: Vec<&str> = k.iter().map(|e| e.term.as_str()).collect();
    assert_eq!(terms, ["Khrushchev, Nikita", "Khrushchevism"]);
    let khrushchev = &k[0];
    // Marked in chapter 1's text and its table: one locator, the first.
    assert_eq!(
        khrushchev.locators,
        [("chapter-1.xhtml#ix-chapter-1-3".into(), "1".into())]
    );
    let subs: Vec<&str> = khrushchev
        .children
        .iter()
        .map(|e| e.term.as_str())
        .collect();
    assert_eq!(subs, ["and Mao", "fall of", "secret speech"]);
    assert_eq!(
        find(&khrushchev.children, "secret speech").locators,
        [
            ("chapter-1.xhtml#ix-chapter-1-8".into(), "1".into()),
            (
                "appendix-a.xhtml#ix-appendix-a-1".into(),
                "Appendix A".into()
            )
        ]
    );
    // Poland: chapter 1 ("Polish"), then chapter 2.
    let (_, p) = &groups[9];
    assert_eq!(
        find(p, "Poland").locators,
        [
            ("chapter-1.xhtml#ix-chapter-1-11".into(), "1".into()),
            ("chapter-2.xhtml#ix-chapter-2-1".into(), "2".into())
        ]
    );
    // A mark in a note: into the notes file.
    let (_, m) = &groups[8];
    assert_eq!(
        find(m, "Mossad").locators,
        [("notes.xhtml#ix-chapter-1-13".into(), "1".into())]
    );
    // Cross-references, without locators of their own.
    let (_, r) = &groups[10];
    let revisionism = find(r, "revisionism");
    assert!(revisionism.locators.is_empty());
    assert_eq!(revisionism.xrefs, ["See Khrushchevism"]);
    assert_eq!(k[1].xrefs, ["See also revisionism"]);
}

#[test]
fn the_index_is_last_in_the_spine_the_contents_the_landmarks_and_the_ncx() {
    let epub = fixture_epub("indexed");
    assert_eq!(spine(&epub).last().unwrap(), "index-xhtml");
    let nav = parse(file(&epub, "nav.xhtml"));
    let toc = nav
        .descendants()
        .find(|n| epub_type(*n) == Some("toc"))
        .unwrap();
    let last = toc.descendants().rfind(|n| n.has_tag_name("a")).unwrap();
    assert_eq!(
        (last.attribute("href"), node_text(last).as_str()),
        (Some("index.xhtml"), "Index")
    );
    let landmark = nav
        .descendants()
        .find(|n| n.has_tag_name("a") && epub_type(*n) == Some("index"))
        .expect("an index landmark");
    assert_eq!(landmark.attribute("href"), Some("index.xhtml"));
    let ncx = file(&epub, "toc.ncx");
    let last_point = ncx.rsplit("<navPoint ").next().unwrap();
    assert!(
        last_point.contains("<text>Index</text></navLabel><content src=\"index.xhtml\"/>"),
        "{ncx}"
    );
    let css = file(&epub, "style.css");
    assert!(css.contains("section.index li li {"), "{css}");
}

#[test]
fn a_book_without_marks_has_no_index() {
    let epub = fixture_epub("two-chapters");
    assert!(!epub.files.contains_key("EPUB/index.xhtml"));
    for name in ["content.opf", "nav.xhtml", "toc.ncx", "style.css"] {
        assert!(!file(&epub, name).contains("index"), "{name}");
    }
}

/// The heading of the generated book's term `t`: named so that the
/// terms' order is not their numbers'.
fn term_name(t: usize) -> String {
    format!(
        "{} term {t}",
        ["Zeta", "alpha", "Émile", "beta", "9th"][t % 5]
    )
}

/// Whether the generated book's term `t` is marked as a sub-entry of
/// its heading, `aspect {t}`.
fn has_aspect(t: usize) -> bool {
    t.is_multiple_of(3)
}

/// A book of 30 chapters with 2,000 marks over 300 terms (a third with
/// a sub-entry, one in ten in a note), placed by a fixed pseudo-random
/// sequence; returns its folder and, per term, the first mark of it in
/// each chapter that has one (in the text if there is one there), in
/// reading order.
fn generated_book() -> (tempfile::TempDir, Vec<Vec<(usize, String)>>) {
    const CHAPTERS: usize = 30;
    const MARKS: usize = 2000;
    const TERMS: usize = 300;
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    let mut chapters: Vec<(Vec<usize>, Vec<usize>)> = vec![(vec![], vec![]); CHAPTERS];
    for _ in 0..MARKS {
        let (chapter, term) = (next(CHAPTERS), next(TERMS));
        if next(10) == 0 {
            chapters[chapter].1.push(term);
        } else {
            chapters[chapter].0.push(term);
        }
    }
    let index_attr = |t: usize| {
        if has_aspect(t) {
            format!("{}!aspect {t}", term_name(t))
        } else {
            term_name(t)
        }
    };
    let mut first: Vec<Vec<(usize, String)>> = vec![vec![]; TERMS];
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (c, (text, notes)) in chapters.iter().enumerate() {
        let id = format!("chapter-{}", c + 1);
        let mut md = format!("# Chapter {}\n\n", c + 1);
        // Marks are numbered in reading order: the text, then the notes.
        let mut n = 0;
        for (i, &t) in text.iter().enumerate() {
            n += 1;
            md.push_str(&format!("Mention []{{index=\"{}\"}} here.", index_attr(t)));
            md.push_str(if i % 7 == 6 { "\n\n" } else { " " });
            if !first[t].iter().any(|(seen, _)| *seen == c) {
                first[t].push((c, format!("{id}.xhtml#ix-{id}-{n}")));
            }
        }
        md.push_str("\n\n");
        for (i, _) in notes.iter().enumerate() {
            md.push_str(&format!("A cited line.[^{}]\n\n", i + 1));
        }
        for (i, &t) in notes.iter().enumerate() {
            n += 1;
            md.push_str(&format!(
                "[^{}]: A note on []{{index=\"{}\"}} this.\n\n",
                i + 1,
                index_attr(t)
            ));
            if !first[t].iter().any(|(seen, _)| *seen == c) {
                first[t].push((c, format!("notes.xhtml#ix-{id}-{n}")));
            }
        }
        let file = format!("{:02}.md", c + 1);
        std::fs::write(dir.path().join(&file), md).unwrap();
        files.push(format!("\"{file}\""));
    }
    std::fs::write(
        dir.path().join("book.toml"),
        format!(
            "title = \"Generated\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\nchapters = [{}]\n",
            files.join(", ")
        ),
    )
    .unwrap();
    (dir, first)
}

#[test]
fn a_large_index_links_every_term_once_per_chapter_to_its_first_mention() {
    let (dir, first) = generated_book();
    let out = tempfile::tempdir().unwrap();
    assert_exit(&build_into(dir.path(), out.path(), &["--epub"]), 0);
    let bytes = std::fs::read(out.path().join("generated.epub")).unwrap();
    check_epub(&bytes).unwrap();
    let epub = Epub::open(&bytes).unwrap();
    let groups = checked_groups(&epub);
    let letters: Vec<&str> = groups.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(letters, ["", "A", "B", "E", "Z"]);
    let entries: Vec<&Shown> = groups.iter().flat_map(|(_, e)| e).collect();
    let mut seen = 0;
    for (t, expected) in first.iter().enumerate() {
        if expected.is_empty() {
            continue;
        }
        seen += 1;
        let term = term_name(t);
        let entry = entries.iter().find(|e| e.term == term).unwrap();
        let entry = if has_aspect(t) {
            assert_eq!(entry.children.len(), 1, "{term}");
            &entry.children[0]
        } else {
            *entry
        };
        // A chapter's first mention: in the text when there is one there.
        let hrefs: Vec<&str> = entry.locators.iter().map(|(h, _)| h.as_str()).collect();
        let wanted: Vec<&str> = expected.iter().map(|(_, h)| h.as_str()).collect();
        assert_eq!(hrefs, wanted, "{term}");
    }
    assert_eq!(entries.len(), seen);
}

/// A small indexed book in `language`: two chapters of `words` marked
/// as terms, sub-entries, a note and a cross-reference.
fn indexed_book_in(language: &str, words: [&str; 4]) -> Vec<u8> {
    let [a, b, c, d] = words;
    let chapter = |n: usize| {
        format!(
            "# {a} {n}\n\n{b} [{a}]{{.index}} {c}[]{{index=\"{b}!{c}\"}}.[^1]\n\n[^1]: {d} []{{index=\"{d}\" index-see-also=\"{a}\"}}[]{{index=\"{c}\" index-see=\"{b}\"}}\n"
        )
    };
    let dir = temp_book(
        &format!("title = \"{a}\"\nauthors = [\"{b}\"]\nlanguage = \"{language}\"\nchapters = [\"1.md\", \"2.md\"]\n"),
        &[("1.md", &chapter(1)), ("2.md", &chapter(2))],
    );
    let out = tempfile::tempdir().unwrap();
    assert_exit(&build_into(dir.path(), out.path(), &["--epub"]), 0);
    let epub = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "epub"))
        .unwrap();
    std::fs::read(epub).unwrap()
}

/// EPUBCheck and Ace pass the indexed fixture and indexed books in a
/// right-to-left language and in Japanese.
#[test]
#[ignore = "needs EPUBCheck and Ace (.ci/run installs them)"]
fn indexed_books_pass_the_validators() {
    let books = [
        ("indexed", fixture_epub_bytes("indexed")),
        (
            "hebrew",
            indexed_book_in("he", ["ירושלים", "חיפה", "עכו", "צפת"]),
        ),
        (
            "japanese",
            indexed_book_in("ja", ["東京", "大阪", "京都", "奈良"]),
        ),
    ];
    for (name, epub) in books {
        check_epub(&epub).unwrap();
        let (counts, messages) = common::validators::epubcheck(name, &epub);
        assert_eq!(counts, (0, 0, 0), "{name}: {messages:#?}");
        let violations = common::validators::ace(name, &epub);
        assert!(violations.is_empty(), "{name}: {violations:#?}");
    }
}
