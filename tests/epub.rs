//! Integration tests for the EPUB edition: unzip what `epub::render` writes and
//! check it with an XML parser (well-formedness, links both ways, navigation,
//! metadata, determinism, hostile input), plus an EPUBCheck run (`--ignored`).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

use bookpack::epub;

mod common;
use bookpack::model::*;
use common::validators::{ace, epubcheck};

const OPS: &str = "http://www.idpf.org/2007/ops";
const OPF: &str = "http://www.idpf.org/2007/opf";
const DC: &str = "http://purl.org/dc/elements/1.1/";

// ---------------------------------------------------------------- fixtures

fn text(s: &str) -> Inline {
    Inline::Text {
        text: s.to_string(),
    }
}

fn para(content: Vec<Inline>) -> Block {
    Block::Paragraph {
        content,
        span: Span { line: 1, col: 1 },
    }
}

fn noteref(chapter: u32, n: u32, first: bool, occurrence: u32) -> Inline {
    let id = if occurrence == 1 {
        format!("noteref-{chapter}-{n}")
    } else {
        format!("noteref-{chapter}-{n}-{occurrence}")
    };
    Inline::NoteRef {
        number: n,
        first,
        id,
    }
}

fn note(chapter: u32, n: u32, body: &str) -> Note {
    Note {
        number: n,
        label: n.to_string(),
        id: format!("note-{chapter}-{n}"),
        ref_id: format!("noteref-{chapter}-{n}"),
        blocks: vec![para(vec![text(body)])],
        span: Span {
            line: 40 + n,
            col: 1,
        },
    }
}

fn metadata() -> Metadata {
    Metadata {
        title: "The Khrushchevites".into(),
        subtitle: Some("Memoirs".into()),
        authors: vec![Author {
            name: "Enver Hoxha".into(),
            file_as: "Hoxha, Enver".into(),
        }],
        language: "en-GB".into(),
        identifier: "urn:bookpack:test:khrushchevites".into(),
        slug: "the-khrushchevites".into(),
        publisher: Some("Test Press".into()),
        date: Some("1980".into()),
        modified: "2024-05-06T07:08:09Z".into(),
        rights: Some("Public domain in the test suite.".into()),
        description: Some("A test book.".into()),
        source: Some("https://example.org/khrushchevites".into()),
        ..Default::default()
    }
}

/// Two chapters, per-chapter note numbering, a repeated reference, every
/// block and inline kind, an erratum.
fn book() -> Book {
    let ch1 = Chapter {
        number: Some("12".into()),
        id: "chapter-12".into(),
        title: vec![text("From Bucharest to Moscow")],
        title_text: "From Bucharest to Moscow".into(),
        synopsis: vec![para(vec![text(
            "February 1960: Mikoyan on the Chinese–Soviet differences.",
        )])],
        blocks: vec![
            para(vec![
                text("All the representatives knew of the "),
                Inline::Emphasis {
                    content: vec![text("pokushenie")],
                },
                noteref(12, 1, true, 1),
                text(" and the "),
                Inline::Strong {
                    content: vec![text("njet")],
                },
                text(","),
                noteref(12, 2, true, 1),
                Inline::LineBreak,
                text("see "),
                Inline::Link {
                    // As `links.rs` writes it (the EPUB checks, not encodes).
                    target: LinkTarget::External {
                        url: "https://example.org/a%20b".into(),
                    },
                    content: vec![text("this")],
                },
                text(" and "),
                Inline::Link {
                    target: LinkTarget::Internal {
                        chapter: "chapter-13".into(),
                        anchor: None,
                        placed_as: None,
                    },
                    content: vec![text("the next chapter")],
                },
                text(" and "),
                Inline::Code {
                    text: "x < y".into(),
                },
                text("."),
            ]),
            para(vec![
                text("Again the word"),
                noteref(12, 1, false, 2),
                text("."),
            ]),
            Block::Heading {
                level: 2,
                id: "a-section".into(),
                content: vec![text("A section")],
                span: Span::default(),
            },
            Block::BlockQuote {
                blocks: vec![para(vec![text("Quoted.")])],
                span: Span::default(),
            },
            Block::List {
                start: Some(3),
                items: vec![
                    vec![para(vec![text("three")])],
                    vec![para(vec![text("four")])],
                ],
                span: Span::default(),
            },
            Block::List {
                start: None,
                items: vec![vec![para(vec![text("bullet")])]],
                span: Span::default(),
            },
            Block::ThematicBreak {
                span: Span::default(),
            },
            Block::CodeBlock {
                language: Some("rust".into()),
                text: "fn main() {}\n".into(),
                tokens: Vec::new(),
                caption: Vec::new(),
                id: None,
                label: None,
                first_line: None,
                span: Span::default(),
            },
        ],
        notes: vec![
            note(12, 1, "“Assassination attempt” (Russian in the original)."),
            note(12, 2, "“No” (Russian)."),
        ],
        file: "12-from-bucharest-to-moscow.md".into(),
        ..Default::default()
    };
    let ch2 = Chapter {
        number: Some("13".into()),
        id: "chapter-13".into(),
        title: vec![text("The Final Act")],
        title_text: "The Final Act".into(),
        synopsis: vec![],
        blocks: vec![para(vec![
            text("The end"),
            noteref(13, 1, true, 1),
            text("."),
        ])],
        notes: vec![Note {
            blocks: vec![
                para(vec![text("A note with a list:")]),
                Block::List {
                    start: None,
                    items: vec![vec![para(vec![text("item")])]],
                    span: Span::default(),
                },
            ],
            ..note(13, 1, "")
        }],
        file: "13-final.md".into(),
        ..Default::default()
    };
    Book {
        metadata: metadata(),
        chapters: vec![ch1, ch2],
        errata: vec![Erratum {
            original: "Cornrade".into(),
            corrected: "Comrade".into(),
        }],
        epub: EpubSettings::default(),
        pdf: PdfSettings {
            paper: (419.53, 595.28),
            paper_name: "a5".into(),
            margins: Margins {
                top: 50.0,
                bottom: 60.0,
                inner: 50.0,
                outer: 40.0,
            },
            font_size: 11.0,
            leading: 14.0,
            hyphenate_left_min: 2,
            hyphenate_right_min: 3,
            hyphenation_exceptions: Default::default(),
            notes: NotesPlacement::BookEnd,
            chapters_open: Default::default(),
            notes_open: Default::default(),
            bound_right: false,
            half_title: false,
            page_references: true,
        },
        labels: Default::default(),
        toc_depth: 2,
        lists: Default::default(),
        code: Default::default(),
        assets: Assets::default(),
        bodies: Default::default(),
    }
}

// ---------------------------------------------------------------- reading an EPUB

/// An unzipped EPUB: entry names in archive order and their bytes.
struct Epub {
    names: Vec<String>,
    files: BTreeMap<String, Vec<u8>>,
}

impl Epub {
    fn open(bytes: &[u8]) -> Epub {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("not a zip");
        let mut names = Vec::new();
        let mut files = BTreeMap::new();
        for i in 0..archive.len() {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            names.push(f.name().to_string());
            files.insert(f.name().to_string(), data);
        }
        Epub { names, files }
    }

    fn text(&self, name: &str) -> String {
        String::from_utf8(
            self.files
                .get(name)
                .unwrap_or_else(|| panic!("no {name}"))
                .clone(),
        )
        .expect("not UTF-8")
    }

    fn xml_names(&self) -> Vec<String> {
        self.names
            .iter()
            .filter(|n| {
                n.ends_with(".xhtml")
                    || n.ends_with(".opf")
                    || n.ends_with(".ncx")
                    || n.ends_with(".xml")
            })
            .cloned()
            .collect()
    }
}

fn parse(text: &str) -> roxmltree::Document<'_> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, opts)
        .unwrap_or_else(|e| panic!("not well-formed: {e}\n{text}"))
}

/// The text content of `n` (its text descendants, in order).
fn text_of(n: roxmltree::Node) -> String {
    n.descendants()
        .filter(|t| t.is_text())
        .filter_map(|t| t.text())
        .collect()
}

fn epub_type<'a>(n: &roxmltree::Node<'a, '_>) -> Option<&'a str> {
    n.attribute((OPS, "type"))
}

fn render(book: &Book) -> Epub {
    Epub::open(&epub::render(book).unwrap_or_else(|f| panic!("render failed: {f}")))
}

/// Ids present in each XHTML file under EPUB/.
fn ids_by_file(e: &Epub) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for name in e.names.iter().filter(|n| n.ends_with(".xhtml")) {
        let text = e.text(name);
        let doc = parse(&text);
        let ids = doc
            .descendants()
            .filter_map(|n| n.attribute("id").map(str::to_string))
            .collect();
        out.insert(name.trim_start_matches("EPUB/").to_string(), ids);
    }
    out
}

// ---------------------------------------------------------------- tests

#[test]
fn container_layout_is_what_reading_systems_expect() {
    let bytes = epub::render(&book()).unwrap();
    // mimetype first, stored, no extra field: its bytes sit at offset 38.
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..58], b"application/epub+zip");
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    let first = archive.by_index(0).unwrap();
    assert_eq!(first.name(), "mimetype");
    assert_eq!(first.compression(), zip::CompressionMethod::Stored);
    drop(first);
    let e = Epub::open(&bytes);
    let container = e.text("META-INF/container.xml");
    let doc = parse(&container);
    let rootfile = doc
        .descendants()
        .find(|n| n.has_tag_name("rootfile"))
        .unwrap();
    assert_eq!(rootfile.attribute("full-path"), Some("EPUB/content.opf"));
}

#[test]
fn every_xml_file_is_well_formed_and_every_page_declares_its_language() {
    let e = render(&book());
    let names = e.xml_names();
    assert!(names.len() >= 10, "{names:?}");
    for name in names {
        let text = e.text(&name);
        let doc = parse(&text);
        if name.ends_with(".xhtml") {
            let root = doc.root_element();
            assert_eq!(root.attribute("lang"), Some("en-GB"), "{name}");
            assert_eq!(
                root.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
                Some("en-GB"),
                "{name}"
            );
            assert!(
                doc.descendants()
                    .any(|n| n.has_tag_name("title") && !n.text().unwrap_or("").is_empty()),
                "{name}"
            );
        }
    }
}

#[test]
fn manifest_and_archive_agree_and_spine_is_in_reading_order() {
    let e = render(&book());
    let opf = e.text("EPUB/content.opf");
    let doc = parse(&opf);
    let items: BTreeMap<&str, &str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((OPF, "item")))
        .map(|n| (n.attribute("id").unwrap(), n.attribute("href").unwrap()))
        .collect();
    let in_zip: BTreeSet<String> = e
        .names
        .iter()
        .filter(|n| n.starts_with("EPUB/") && *n != "EPUB/content.opf")
        .map(|n| n.trim_start_matches("EPUB/").to_string())
        .collect();
    let in_manifest: BTreeSet<String> = items.values().map(|s| s.to_string()).collect();
    assert_eq!(in_zip, in_manifest);
    let spine: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((OPF, "itemref")))
        .map(|n| items[n.attribute("idref").unwrap()])
        .collect();
    assert_eq!(
        spine,
        [
            "cover.xhtml",
            "title.xhtml",
            "imprint.xhtml",
            "nav.xhtml",
            "chapter-12.xhtml",
            "chapter-13.xhtml",
            "notes.xhtml"
        ]
    );
    let nav = doc
        .descendants()
        .find(|n| n.attribute("properties") == Some("nav"))
        .unwrap();
    assert_eq!(nav.attribute("href"), Some("nav.xhtml"));
    let cover = doc
        .descendants()
        .find(|n| n.attribute("properties") == Some("cover-image"))
        .unwrap();
    assert_eq!(cover.attribute("media-type"), Some("image/png"));
}

#[test]
fn every_note_reference_reaches_its_note_and_every_note_links_back() {
    let e = render(&book());
    let ids = ids_by_file(&e);
    let notes_text = e.text("EPUB/notes.xhtml");
    let notes = parse(&notes_text);

    let mut refs = 0;
    for chapter in ["chapter-12.xhtml", "chapter-13.xhtml"] {
        let text = e.text(&format!("EPUB/{chapter}"));
        let doc = parse(&text);
        for a in doc
            .descendants()
            .filter(|n| epub_type(n) == Some("noteref"))
        {
            refs += 1;
            assert_eq!(a.attribute("role"), Some("doc-noteref"));
            let href = a.attribute("href").unwrap();
            let (file, frag) = href.split_once('#').unwrap();
            assert_eq!(file, "notes.xhtml");
            let li = notes
                .descendants()
                .find(|n| n.attribute("id") == Some(frag))
                .unwrap_or_else(|| panic!("{href}"));
            assert_eq!(li.tag_name().name(), "li");
            assert_eq!(epub_type(&li), Some("endnote"));
            assert_eq!(li.attribute("role"), None, "doc-endnote is deprecated");
            // The number shown is the note's number.
            assert_eq!(a.text(), li.attribute("value"));
        }
    }
    assert_eq!(refs, 4, "three first references and one repeat");

    let section = notes
        .descendants()
        .find(|n| epub_type(n) == Some("endnotes"))
        .unwrap();
    assert_eq!(section.tag_name().name(), "section");
    assert_eq!(section.attribute("role"), Some("doc-endnotes"));
    let endnotes: Vec<_> = notes
        .descendants()
        .filter(|n| epub_type(n) == Some("endnote"))
        .collect();
    assert_eq!(endnotes.len(), 3);
    let mut back_links = 0;
    for li in endnotes {
        let back: Vec<_> = li
            .descendants()
            .filter(|n| n.attribute("role") == Some("doc-backlink"))
            .collect();
        // One back link per citation, each to its own reference and read
        // aloud as its own: a reader of the repeat returns to the repeat.
        let mut targets = BTreeSet::new();
        let mut labels = BTreeSet::new();
        for link in &back {
            let (file, frag) = link.attribute("href").unwrap().split_once('#').unwrap();
            assert!(
                ids[file].contains(frag),
                "back link to missing {file}#{frag}"
            );
            assert!(targets.insert(frag), "two back links to {frag}");
            assert!(labels.insert(link.attribute("aria-label").unwrap()));
            // Each goes to a reference whose own link comes back here.
            let text = e.text(&format!("EPUB/{file}"));
            let doc = parse(&text);
            let target = doc
                .descendants()
                .find(|n| n.attribute("id") == Some(frag))
                .unwrap();
            assert_eq!(epub_type(&target), Some("noteref"));
            assert_eq!(
                target.attribute("href").unwrap(),
                format!("notes.xhtml#{}", li.attribute("id").unwrap())
            );
        }
        // The first back link goes to the first reference.
        let first = back[0].attribute("href").unwrap();
        assert!(first.ends_with(&li.attribute("id").unwrap().replace("note-", "noteref-")));
        if back.len() > 1 {
            let letters: Vec<String> = back.iter().map(|b| text_of(*b)).collect();
            assert_eq!(letters, ["a", "b"]);
            assert_eq!(
                back[1].attribute("aria-label"),
                Some("Back to reference 1, citation b")
            );
        }
        back_links += back.len();
    }
    assert_eq!(back_links, refs, "a back link for every reference");
    // Notes are grouped under their chapter's title.
    let groups: Vec<String> = notes
        .descendants()
        .filter(|n| n.has_tag_name("h2"))
        .map(text_of)
        .collect();
    assert_eq!(
        groups,
        ["12. From Bucharest to Moscow", "13. The Final Act"]
    );
}

#[test]
fn every_internal_link_resolves() {
    let e = render(&book());
    let ids = ids_by_file(&e);
    for (file, _) in ids.iter() {
        let text = e.text(&format!("EPUB/{file}"));
        let doc = parse(&text);
        for a in doc.descendants().filter(|n| n.has_tag_name("a")) {
            let href = a.attribute("href").unwrap();
            if href.starts_with("https://") || href.starts_with("mailto:") {
                continue;
            }
            let (target, frag) = href.split_once('#').unwrap_or((href, ""));
            let target = if target.is_empty() {
                file.as_str()
            } else {
                target
            };
            let target_ids = ids
                .get(target)
                .unwrap_or_else(|| panic!("{file}: link to missing file {href}"));
            assert!(
                frag.is_empty() || target_ids.contains(frag),
                "{file}: link to missing id {href}"
            );
        }
    }
}

#[test]
fn navigation_lists_chapters_and_notes_with_landmarks() {
    let e = render(&book());
    let text = e.text("EPUB/nav.xhtml");
    let doc = parse(&text);
    let toc = doc
        .descendants()
        .find(|n| epub_type(n) == Some("toc"))
        .unwrap();
    assert_eq!(toc.attribute("role"), Some("doc-toc"));
    let entries: Vec<(String, &str)> = toc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            (
                a.text().unwrap_or("").to_string(),
                a.attribute("href").unwrap(),
            )
        })
        .collect();
    let labels: Vec<&str> = entries.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Title Page",
            "Imprint",
            "12. From Bucharest to Moscow",
            "A section",
            "13. The Final Act",
            "Notes",
            "12. From Bucharest to Moscow",
            "13. The Final Act"
        ]
    );
    // Sections (to toc-depth 2) nest under their chapter, by heading id.
    assert_eq!(entries[3].1, "chapter-12.xhtml#a-section");
    assert_eq!(entries[5].1, "notes.xhtml");
    assert_eq!(entries[6].1, "notes.xhtml#notes-chapter-12");

    let landmarks = doc
        .descendants()
        .find(|n| epub_type(n) == Some("landmarks"))
        .unwrap();
    let types: Vec<&str> = landmarks
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|a| epub_type(&a))
        .collect();
    assert_eq!(
        types,
        ["cover", "titlepage", "toc", "bodymatter", "endnotes"]
    );

    let ncx_text = e.text("EPUB/toc.ncx");
    let ncx = parse(&ncx_text);
    let points: Vec<_> = ncx
        .descendants()
        .filter(|n| n.has_tag_name("navPoint"))
        .collect();
    assert_eq!(points.len(), 8);
    let orders: Vec<&str> = points
        .iter()
        .map(|p| p.attribute("playOrder").unwrap())
        .collect();
    assert_eq!(orders, ["1", "2", "3", "4", "5", "6", "7", "8"]);
    let uid = ncx
        .descendants()
        .find(|n| n.attribute("name") == Some("dtb:uid"))
        .unwrap();
    assert_eq!(
        uid.attribute("content"),
        Some("urn:bookpack:test:khrushchevites")
    );
}

/// A title's emphasis, language and small capitals show in the contents
/// (a chapter named after a book, a section in French) and in its notes'
/// heading; its note reference and link do not (no link in a link), and
/// the NCX, which takes text only, reads the plain title.
#[test]
fn navigation_keeps_a_titles_emphasis_and_drops_its_note_and_link() {
    let mut b = book();
    let italic = |s: &str| Inline::Emphasis {
        content: vec![text(s)],
    };
    b.chapters[0].title = vec![
        text("On "),
        italic("Moby-Dick"),
        noteref(12, 2, false, 9),
        text(" and "),
        Inline::Link {
            target: LinkTarget::Internal {
                chapter: "chapter-13".into(),
                anchor: None,
                placed_as: None,
            },
            content: vec![text("Its Sequel")],
        },
    ];
    b.chapters[0].title_text = "On Moby-Dick and Its Sequel".into();
    if let Some(Block::Heading { content, .. }) = b.chapters[0]
        .blocks
        .iter_mut()
        .find(|block| matches!(block, Block::Heading { .. }))
    {
        *content = vec![Inline::Span {
            lang: Some("fr".into()),
            dir: None,
            content: vec![text("Une "), italic("déclaration")],
        }];
    }
    let e = render(&b);
    let nav_text = e.text("EPUB/nav.xhtml");
    let nav = parse(&nav_text);
    let links: Vec<roxmltree::Node> = nav
        .descendants()
        .find(|n| epub_type(n) == Some("toc"))
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .collect();
    let chapter = links
        .iter()
        .find(|a| a.attribute("href") == Some("chapter-12.xhtml"))
        .expect("the chapter's entry");
    assert_eq!(text_of(*chapter), "12. On Moby-Dick and Its Sequel");
    let em: Vec<String> = chapter
        .descendants()
        .filter(|n| n.has_tag_name("em"))
        .map(text_of)
        .collect();
    assert_eq!(em, ["Moby-Dick"]);
    assert_eq!(
        chapter
            .descendants()
            .filter(|n| n.has_tag_name("a"))
            .count(),
        1,
        "no link or note reference inside the entry's link"
    );
    let section = links
        .iter()
        .find(|a| a.attribute("href") == Some("chapter-12.xhtml#a-section"))
        .expect("the section's entry");
    assert_eq!(text_of(*section), "Une déclaration");
    let span = section
        .descendants()
        .find(|n| n.has_tag_name("span"))
        .expect("the section's language span");
    assert_eq!(span.attribute("lang"), Some("fr"));
    assert!(span.descendants().any(|n| n.has_tag_name("em")));

    let notes_text = e.text("EPUB/notes.xhtml");
    let notes = parse(&notes_text);
    let heading = notes
        .descendants()
        .find(|n| n.attribute("id") == Some("notes-chapter-12-title"))
        .expect("the chapter's notes heading");
    assert_eq!(text_of(heading), "12. On Moby-Dick and Its Sequel");
    assert!(heading.descendants().any(|n| n.has_tag_name("em")));

    let ncx_text = e.text("EPUB/toc.ncx");
    let ncx = parse(&ncx_text);
    let labels: Vec<String> = ncx
        .descendants()
        .filter(|n| n.has_tag_name("navLabel"))
        .map(text_of)
        .collect();
    assert!(
        labels.contains(&"12. On Moby-Dick and Its Sequel".to_string()),
        "{labels:?}"
    );
    assert!(!ncx_text.contains("<em>"));
}

#[test]
fn one_chapter_of_notes_gets_a_single_nav_entry() {
    let mut b = book();
    b.chapters.truncate(1);
    let e = render(&b);
    let text = e.text("EPUB/nav.xhtml");
    let doc = parse(&text);
    let toc = doc
        .descendants()
        .find(|n| epub_type(n) == Some("toc"))
        .unwrap();
    let labels: Vec<&str> = toc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|a| a.text())
        .collect();
    assert_eq!(
        labels,
        [
            "Title Page",
            "Imprint",
            "12. From Bucharest to Moscow",
            "A section",
            "Notes"
        ]
    );
}

#[test]
fn a_book_without_notes_has_no_notes_file() {
    let mut b = book();
    b.chapters.truncate(1);
    b.chapters[0].blocks = vec![para(vec![text("No notes here.")])];
    b.chapters[0].notes.clear();
    let e = render(&b);
    assert!(!e.files.contains_key("EPUB/notes.xhtml"));
    assert!(!e.text("EPUB/nav.xhtml").contains("notes.xhtml"));
    assert!(!e.text("EPUB/content.opf").contains("notes.xhtml"));
}

#[test]
fn metadata_is_complete_and_accessible() {
    let e = render(&book());
    let text = e.text("EPUB/content.opf");
    let doc = parse(&text);
    let package = doc.root_element();
    assert_eq!(package.attribute("version"), Some("3.0"));
    assert_eq!(
        package.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("en-GB")
    );
    let uid = package.attribute("unique-identifier").unwrap();
    let dc = |name: &str| -> Vec<String> {
        doc.descendants()
            .filter(|n| n.has_tag_name((DC, name)))
            .map(|n| n.text().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(dc("title"), ["The Khrushchevites", "Memoirs"]);
    assert_eq!(dc("creator"), ["Enver Hoxha"]);
    assert_eq!(dc("language"), ["en-GB"]);
    assert_eq!(dc("identifier"), ["urn:bookpack:test:khrushchevites"]);
    assert_eq!(dc("date"), ["1980"]);
    assert_eq!(dc("publisher"), ["Test Press"]);
    assert_eq!(dc("rights"), ["Public domain in the test suite."]);
    assert_eq!(dc("description"), ["A test book."]);
    assert_eq!(dc("source"), ["https://example.org/khrushchevites"]);
    let ident = doc
        .descendants()
        .find(|n| n.has_tag_name((DC, "identifier")))
        .unwrap();
    assert_eq!(ident.attribute("id"), Some(uid));

    let meta = |property: &str| -> Vec<(Option<String>, String)> {
        doc.descendants()
            .filter(|n| n.has_tag_name((OPF, "meta")) && n.attribute("property") == Some(property))
            .map(|n| {
                (
                    n.attribute("refines").map(str::to_string),
                    n.text().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        meta("dcterms:modified"),
        [(None, "2024-05-06T07:08:09Z".to_string())]
    );
    let creator_id = doc
        .descendants()
        .find(|n| n.has_tag_name((DC, "creator")))
        .unwrap()
        .attribute("id")
        .unwrap();
    assert_eq!(
        meta("file-as"),
        [(Some(format!("#{creator_id}")), "Hoxha, Enver".to_string())]
    );
    assert_eq!(
        meta("role"),
        [(Some(format!("#{creator_id}")), "aut".to_string())]
    );
    for property in [
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
    ] {
        assert!(!meta(property).is_empty(), "missing {property}");
    }
    // No id is used twice (epub-builder's bug gave dc:language the creator's id).
    let mut seen = BTreeSet::new();
    for id in doc.descendants().filter_map(|n| n.attribute("id")) {
        assert!(seen.insert(id), "duplicate id {id}");
    }
    // Every refines points at an element that exists.
    for r in doc.descendants().filter_map(|n| n.attribute("refines")) {
        assert!(
            seen.contains(r.trim_start_matches('#')),
            "dangling refines {r}"
        );
    }
}

#[test]
fn rebuilds_are_byte_identical_with_fixed_entry_times() {
    let a = epub::render(&book()).unwrap();
    let b = epub::render(&book()).unwrap();
    assert!(a == b, "two renders differ");
    let mut archive = zip::ZipArchive::new(Cursor::new(&a)).unwrap();
    for i in 0..archive.len() {
        let f = archive.by_index(i).unwrap();
        let t = f.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (2024, 5, 6, 7, 8),
            "{}",
            f.name()
        );
    }
    // A different modification time changes only what it should.
    let mut later = book();
    later.metadata.modified = "2025-01-01T00:00:00Z".into();
    assert_ne!(a, epub::render(&later).unwrap());
}

#[test]
fn chapter_page_has_synopsis_apart_and_refs_styled_as_superscripts() {
    let e = render(&book());
    let text = e.text("EPUB/chapter-12.xhtml");
    let doc = parse(&text);
    let section = doc
        .descendants()
        .find(|n| epub_type(n) == Some("chapter"))
        .unwrap();
    assert_eq!(section.attribute("role"), Some("doc-chapter"));
    let h1 = text_of(doc.descendants().find(|n| n.has_tag_name("h1")).unwrap());
    assert_eq!(h1, "Chapter 12 From Bucharest to Moscow");
    let synopsis = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("synopsis"))
        .unwrap();
    assert!(synopsis
        .descendants()
        .any(|n| n.text().is_some_and(|t| t.contains("Mikoyan"))));
    // The first body paragraph follows the synopsis directly (so CSS sets it flush).
    let next = synopsis.next_sibling_element().unwrap();
    assert!(next.has_tag_name("p"));
    let css = e.text("EPUB/style.css");
    assert!(css.contains(".synopsis + p"));
    assert!(
        css.contains("a.noteref")
            && css.contains("line-height: 0")
            && css.contains("vertical-align: super")
    );
    assert!(css.contains("hyphens: auto"));
    assert!(
        !css.contains("font-family: \"") && !css.contains("body {\n  font-size"),
        "the stylesheet must not fight reader settings"
    );
    // Links: web link percent-encoded, chapter link rewritten.
    let hrefs: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert!(hrefs.contains(&"https://example.org/a%20b"));
    assert!(hrefs.contains(&"chapter-13.xhtml"));
    // Every inline kind made it.
    for tag in [
        "em",
        "strong",
        "code",
        "br",
        "blockquote",
        "ol",
        "ul",
        "hr",
        "pre",
        "h2",
    ] {
        assert!(doc.descendants().any(|n| n.has_tag_name(tag)), "no <{tag}>");
    }
    let ol = doc.descendants().find(|n| n.has_tag_name("ol")).unwrap();
    assert_eq!(ol.attribute("start"), Some("3"));
}

#[test]
fn imprint_lists_the_errata_and_source() {
    let e = render(&book());
    let text = e.text("EPUB/imprint.xhtml");
    let doc = parse(&text);
    let all = text_of(doc.root());
    assert!(all.contains("This edition corrects 1 error"), "{all}");
    assert!(all.contains("Cornrade") && all.contains("Comrade"));
    assert!(all.contains("Test Press") && all.contains("1980"));
    assert!(doc
        .descendants()
        .any(|n| n.attribute("href") == Some("https://example.org/khrushchevites")));
    assert!(all.contains("Cornrade → Comrade"), "{all}");
}

/// A right-to-left imprint page sets each correction's original on the
/// right and the correction on its left: the arrow points left, from the
/// one to the other.
#[test]
fn a_right_to_left_imprint_points_its_corrections_left() {
    let mut b = book();
    b.metadata.language = "he".into();
    b.labels = bookpack::labels::Labels::built_in("he").unwrap();
    let e = render(&b);
    let text = e.text("EPUB/imprint.xhtml");
    let all = text_of(parse(&text).root());
    assert!(all.contains("Cornrade ← Comrade"), "{all}");
    assert!(all.contains("תיקונים"), "the Hebrew heading: {all}");
}

const HOSTILE: &str = "<script>alert(\"x\")</script> & 'q' \u{0}\u{1b}\u{7f}\u{fffe} ]]> <!-- -->";

#[test]
fn hostile_text_stays_text_and_every_file_stays_well_formed() {
    let mut b = book();
    b.metadata.title = format!("Title {HOSTILE}");
    b.metadata.subtitle = Some(HOSTILE.into());
    b.metadata.authors[0].name = HOSTILE.into();
    b.metadata.authors[0].file_as = HOSTILE.into();
    b.metadata.publisher = Some(HOSTILE.into());
    b.metadata.rights = Some(HOSTILE.into());
    b.metadata.description = Some(HOSTILE.into());
    b.metadata.source = Some(format!("javascript:alert(1) {HOSTILE}"));
    b.metadata.identifier = HOSTILE.into();
    b.errata.push(Erratum {
        original: HOSTILE.into(),
        corrected: HOSTILE.into(),
    });
    let ch = &mut b.chapters[0];
    ch.title = vec![text(HOSTILE)];
    ch.title_text = HOSTILE.into();
    ch.blocks.push(para(vec![
        text(HOSTILE),
        Inline::Code {
            text: HOSTILE.into(),
        },
        Inline::Link {
            target: LinkTarget::External {
                url: "javascript:alert(1)".into(),
            },
            content: vec![text("click me")],
        },
        Inline::Link {
            target: LinkTarget::External {
                url: format!("https://example.org/\"><script>{HOSTILE}"),
            },
            content: vec![text(HOSTILE)],
        },
    ]));
    ch.blocks.push(Block::CodeBlock {
        language: Some(HOSTILE.into()),
        tokens: Vec::new(),
        text: HOSTILE.into(),
        caption: Vec::new(),
        id: None,
        label: None,
        first_line: None,
        span: Span::default(),
    });
    ch.notes[0].blocks = vec![para(vec![text(HOSTILE)])];

    let e = render(&b);
    for name in e.xml_names() {
        let text = e.text(&name);
        let doc = parse(&text);
        assert!(
            !doc.descendants().any(|n| n.has_tag_name("script")),
            "{name} has a script element"
        );
        for n in doc.descendants() {
            if let Some(href) = n.attribute("href") {
                assert!(
                    !href.to_ascii_lowercase().starts_with("javascript:"),
                    "{name}: {href}"
                );
            }
            for a in n.attributes() {
                assert!(
                    !a.name().starts_with("on"),
                    "{name}: event handler attribute {}",
                    a.name()
                );
            }
        }
    }
    let chapter = e.text("EPUB/chapter-12.xhtml");
    let doc = parse(&chapter);
    let all = text_of(doc.root());
    // The markup-looking text arrives as text, minus the characters XML cannot hold.
    assert!(
        all.contains("<script>alert(\"x\")</script> & 'q'  ]]> <!-- -->"),
        "{all}"
    );
    assert!(all.contains("click me"));
    assert!(!chapter.contains('\u{0}') && !chapter.contains('\u{1b}'));
}

fn render_err(b: &Book) -> String {
    match epub::render(b) {
        Ok(_) => panic!("render accepted a bad book"),
        Err(f) => f.to_string(),
    }
}

#[test]
fn a_cover_path_outside_the_book_is_refused() {
    let mut b = book();
    b.epub.cover = Some("../../etc/passwd".into());
    b.assets.cover = Some((b"root:x:0:0".to_vec(), "image/png".into()));
    let msg = render_err(&b);
    assert!(msg.contains("outside the book folder"), "{msg}");
    b.epub.cover = Some("/etc/passwd".into());
    assert!(render_err(&b).contains("outside the book folder"));
}

#[test]
fn a_given_cover_is_packaged_as_is_and_must_be_what_it_claims() {
    let mut b = book();
    let jpeg = [&[0xFF, 0xD8, 0xFF, 0xE0][..], b"fake jpeg body"].concat();
    b.epub.cover = Some("images/cover.jpg".into());
    b.assets.cover = Some((jpeg.clone(), "image/jpeg".into()));
    let e = render(&b);
    assert_eq!(e.files["EPUB/cover.jpg"], jpeg);
    assert!(!e.files.contains_key("EPUB/cover.png"));
    let opf = e.text("EPUB/content.opf");
    assert!(opf.contains("href=\"cover.jpg\" media-type=\"image/jpeg\" properties=\"cover-image\""));

    b.assets.cover = Some((b"<svg/>".to_vec(), "image/jpeg".into()));
    assert!(render_err(&b).contains("not a valid image/jpeg"));
    b.assets.cover = Some((b"GIF89a".to_vec(), "image/gif".into()));
    assert!(render_err(&b).contains("not supported"));
    b.assets.cover = None;
    assert!(render_err(&b).contains("was not loaded"));
}

#[test]
fn without_a_cover_a_png_is_generated() {
    let e = render(&book());
    let png = &e.files["EPUB/cover.png"];
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(
        png.len() > 10_000,
        "a blank image would compress to almost nothing"
    );
    // In an SVG box of the drawing's size, which fits it to the page.
    let page = e.text("EPUB/cover.xhtml");
    let doc = parse(&page);
    let svg = doc.descendants().find(|n| n.has_tag_name("svg")).unwrap();
    assert_eq!(svg.attribute("viewBox"), Some("0 0 1400 2100"));
    assert_eq!(svg.attribute("preserveAspectRatio"), Some("xMidYMid meet"));
    assert_eq!(
        svg.attribute("aria-label"),
        Some("Cover: The Khrushchevites, by Enver Hoxha")
    );
    let image = svg.descendants().find(|n| n.has_tag_name("image")).unwrap();
    assert_eq!(
        image.attribute(("http://www.w3.org/1999/xlink", "href")),
        Some("cover.png")
    );
}

#[test]
fn broken_models_are_refused_with_their_file() {
    let mut b = book();
    b.chapters[0].notes.pop();
    let msg = render_err(&b);
    assert!(
        msg.contains("12-from-bucharest-to-moscow.md")
            && msg.contains("note reference 2 has no note"),
        "{msg}"
    );

    let mut b = book();
    b.chapters[0].notes[0].ref_id = "noteref-12-1-2".into();
    assert!(render_err(&b).contains("not its first reference"));

    let mut b = book();
    b.chapters[1].id = "../evil".into();
    assert!(render_err(&b).contains("cannot name a file"));

    let mut b = book();
    b.chapters[1].id = "chapter-12".into();
    assert!(render_err(&b).contains("used twice"));

    let mut b = book();
    b.chapters[0].notes[1].id = "note-12-1".into();
    assert!(render_err(&b).contains("not a plain, unique name"));

    let mut b = book();
    b.metadata.modified = "yesterday".into();
    b.metadata.language = "en GB".into();
    let msg = render_err(&b);
    assert!(
        msg.contains("yesterday") && msg.contains("not a language tag"),
        "{msg}"
    );
}

#[test]
fn book_wide_numbering_keeps_the_models_numbers() {
    let mut b = book();
    // Chapter 13's only note is note 3 of the book.
    let ch = &mut b.chapters[1];
    ch.blocks = vec![para(vec![
        text("x"),
        Inline::NoteRef {
            number: 3,
            first: true,
            id: "noteref-3".into(),
        },
    ])];
    ch.notes[0].number = 3;
    ch.notes[0].id = "note-3".into();
    ch.notes[0].ref_id = "noteref-3".into();
    let e = render(&b);
    let text = e.text("EPUB/notes.xhtml");
    let doc = parse(&text);
    let li = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("note-3"))
        .unwrap();
    assert_eq!(li.attribute("value"), Some("3"));
    let chapter = e.text("EPUB/chapter-13.xhtml");
    assert!(chapter.contains("href=\"notes.xhtml#note-3\" id=\"noteref-3\""));
}

// ---------------------------------------------------------------- books from disk

/// Fixture books that load cleanly, and the real book in `source/`.
fn disk_books() -> Vec<(String, Book)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs: Vec<std::path::PathBuf> = [
        "minimal",
        "two-chapters",
        "raw-html",
        "content",
        "whole-book",
        "russian",
        "hebrew",
        "arabic",
        "chinese",
        "svg-figures",
        "theorems",
        "callouts",
        "listings-numbered",
        "fenced-divs",
    ]
    .iter()
    .map(|name| root.join("tests/books").join(name))
    .collect();
    dirs.extend(
        std::fs::read_dir(root.join("tests/books"))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("epub-"))
            }),
    );
    dirs.push(root.join("source"));
    dirs.sort();
    dirs.iter()
        .map(|dir| {
            let (book, _warnings) = bookpack::source::load_book(dir)
                .unwrap_or_else(|f| panic!("{}: {f}", dir.display()));
            (
                dir.file_name().unwrap().to_string_lossy().into_owned(),
                book,
            )
        })
        .collect()
}

/// The checks every real book must pass, whatever its content.
fn check_book(name: &str, book: &Book) {
    let bytes = epub::render(book).unwrap_or_else(|f| panic!("{name}: {f}"));
    assert!(
        bytes == epub::render(book).unwrap(),
        "{name}: rebuild differs"
    );
    let e = Epub::open(&bytes);
    assert_eq!(e.names[0], "mimetype", "{name}");
    for xml in e.xml_names() {
        let text = e.text(&xml);
        let doc = parse(&text);
        assert!(
            !doc.descendants().any(|n| n.has_tag_name("script")),
            "{name}/{xml}"
        );
    }
    let ids = ids_by_file(&e);
    let notes_text = e
        .files
        .get("EPUB/notes.xhtml")
        .map(|b| String::from_utf8(b.clone()).unwrap());
    let notes_doc = notes_text.as_deref().map(parse);
    let model_notes: usize = book.chapters.iter().map(|c| c.notes.len()).sum();
    let mut first_refs = 0;
    // A note may be cited first inside another note: the notes file's own
    // references count like a chapter's.
    let pages = book
        .chapters
        .iter()
        .map(|c| format!("{}.xhtml", c.id))
        .chain(notes_doc.is_some().then(|| "notes.xhtml".to_string()));
    for fname in pages {
        let text = e.text(&format!("EPUB/{fname}"));
        let doc = parse(&text);
        for a in doc
            .descendants()
            .filter(|n| epub_type(n) == Some("noteref"))
        {
            let (target, frag) = a.attribute("href").unwrap().split_once('#').unwrap();
            assert_eq!(target, "notes.xhtml");
            let notes = notes_doc.as_ref().expect("a reference but no notes file");
            let li = notes
                .descendants()
                .find(|n| n.attribute("id") == Some(frag))
                .expect("reference to a missing note");
            assert_eq!(epub_type(&li), Some("endnote"));
            let back = li
                .descendants()
                .find(|n| n.attribute("role") == Some("doc-backlink"))
                .unwrap();
            if back.attribute("href") == Some(&format!("{fname}#{}", a.attribute("id").unwrap())) {
                first_refs += 1;
            }
        }
    }
    assert_eq!(
        first_refs, model_notes,
        "{name}: every note links back to exactly one reference"
    );
    if let Some(notes) = &notes_doc {
        for back in notes
            .descendants()
            .filter(|n| n.attribute("role") == Some("doc-backlink"))
        {
            let (file, frag) = back.attribute("href").unwrap().split_once('#').unwrap();
            assert!(
                ids[file].contains(frag),
                "{name}: back link to missing {file}#{frag}"
            );
        }
    }
    let nav = e.text("EPUB/nav.xhtml");
    for chapter in &book.chapters {
        assert!(
            nav.contains(&format!("href=\"{}.xhtml\"", chapter.id)),
            "{name}: nav lacks {}",
            chapter.id
        );
    }
    assert_eq!(
        nav.contains("href=\"notes.xhtml\""),
        model_notes > 0,
        "{name}: notes entry in nav"
    );
    let opf_text = e.text("EPUB/content.opf");
    let opf = parse(&opf_text);
    let modified = opf
        .descendants()
        .find(|n| n.attribute("property") == Some("dcterms:modified"))
        .unwrap();
    assert_eq!(
        modified.text(),
        Some(book.metadata.modified.as_str()),
        "{name}"
    );
    let title = opf
        .descendants()
        .find(|n| n.has_tag_name((DC, "title")))
        .unwrap();
    assert_eq!(title.text(), Some(book.metadata.title.as_str()), "{name}");
}

#[test]
fn books_loaded_from_disk_pass_every_check() {
    let books = disk_books();
    assert!(books.len() >= 3, "fixture books missing");
    for (name, book) in &books {
        check_book(name, book);
    }
}

#[test]
fn the_real_book_links_all_ten_notes_both_ways() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (book, _) = bookpack::source::load_book(&root.join("source")).unwrap();
    let e = render(&book);
    let chapter = e.text("EPUB/chapter-12.xhtml");
    let doc = parse(&chapter);
    let refs: Vec<&str> = doc
        .descendants()
        .filter(|n| epub_type(n) == Some("noteref"))
        .map(|n| n.attribute("href").unwrap())
        .collect();
    let expected: Vec<String> = (1..=10).map(|n| format!("notes.xhtml#note-{n}")).collect();
    assert_eq!(refs, expected);
    let notes = e.text("EPUB/notes.xhtml");
    let doc = parse(&notes);
    let backs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("role") == Some("doc-backlink"))
        .map(|n| n.attribute("href").unwrap())
        .collect();
    let expected: Vec<String> = (1..=10)
        .map(|n| format!("chapter-12.xhtml#noteref-{n}"))
        .collect();
    assert_eq!(backs, expected);
    assert!(e
        .text("EPUB/nav.xhtml")
        .contains("<a href=\"notes.xhtml\">Notes</a>"));
    // The imprint summarises the errata the edition records.
    let imprint = e.text("EPUB/imprint.xhtml");
    assert!(imprint.contains(&format!(
        "This edition corrects {} errors",
        book.errata.len()
    )));
    assert!(book.errata.len() > 10 && imprint.contains("Cornrade"));
    assert!(!imprint.contains(".."), "doubled full stop in the imprint");
}

#[test]
fn the_rich_fixture_keeps_its_cover_numbers_and_safe_links() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/books/epub-rich");
    let (book, _) = bookpack::source::load_book(&dir).unwrap();
    let e = render(&book);
    // The supplied cover goes in byte for byte; nothing is generated.
    let cover = std::fs::read(dir.join("images/cover.png")).unwrap();
    assert_eq!(e.files["EPUB/cover.png"], cover);

    let one = e.text("EPUB/chapter-1.xhtml");
    let doc = parse(&one);
    let hrefs: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert!(hrefs.contains(&"https://example.org/a%20b"), "{hrefs:?}");
    assert!(hrefs.contains(&"mailto:someone@example.org"));
    assert!(hrefs.contains(&"chapter-2.xhtml"));
    assert!(!hrefs
        .iter()
        .any(|h| h.starts_with("javascript:") || h.starts_with("data:")));
    let text = text_of(doc.root());
    assert!(text.contains("a script link and a data link"), "{text}");
    // The synopsis' note is note 1: numbering follows reading order.
    let synopsis = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("synopsis"))
        .unwrap();
    assert!(synopsis
        .descendants()
        .any(|n| n.attribute("id") == Some("noteref-1")));

    // Book-wide numbering: chapter 2's note is note 4, referenced twice,
    // and its back link goes to the first reference.
    let two = e.text("EPUB/chapter-2.xhtml");
    let doc = parse(&two);
    let refs: Vec<(&str, &str)> = doc
        .descendants()
        .filter(|n| epub_type(n) == Some("noteref"))
        .map(|n| (n.attribute("id").unwrap(), n.text().unwrap()))
        .collect();
    assert_eq!(refs, [("noteref-4", "4"), ("noteref-4-2", "4")]);
    assert!(doc
        .descendants()
        .any(|n| n.attribute("href") == Some("chapter-1.xhtml")));
    let notes = e.text("EPUB/notes.xhtml");
    let doc = parse(&notes);
    let values: Vec<&str> = doc
        .descendants()
        .filter(|n| epub_type(n) == Some("endnote"))
        .map(|n| n.attribute("value").unwrap())
        .collect();
    assert_eq!(values, ["1", "2", "3", "4"]);
    assert!(notes.contains("href=\"chapter-2.xhtml#noteref-4\""));

    // Hostile-looking metadata is escaped everywhere it appears.
    let opf = e.text("EPUB/content.opf");
    // (book.toml's straight quotes get the typography pass: “Things”.)
    assert!(opf.contains("<dc:title id=\"title\">Rich &amp; &lt;Strange&gt; “Things”</dc:title>"));
    let creators = parse(&opf)
        .descendants()
        .filter(|n| n.has_tag_name((DC, "creator")))
        .count();
    assert_eq!(creators, 3);
}

#[test]
fn raw_html_in_a_chapter_is_shown_as_text() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (book, warnings) = bookpack::source::load_book(&root.join("tests/books/raw-html")).unwrap();
    assert!(!warnings.is_empty(), "the loader warns about raw HTML");
    let e = render(&book);
    let file = format!("EPUB/{}.xhtml", book.chapters[0].id);
    let text = e.text(&file);
    let doc = parse(&text);
    assert!(!doc
        .descendants()
        .any(|n| n.has_tag_name("script")
            || n.has_tag_name("span") && n.attribute("class") == Some("x")));
    let all = text_of(doc.root());
    assert!(all.contains("<script>alert(1)</script>"), "{all}");
    assert!(all.contains("<span class=\"x\">inline</span>"), "{all}");
}

#[test]
fn a_real_book_with_an_outside_cover_is_refused_before_render() {
    // The loader refuses it; render refuses the same path on its own too.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(bookpack::source::load_book(&root.join("tests/books/cover-outside")).is_err());
    let (mut book, _) = bookpack::source::load_book(&root.join("tests/books/minimal")).unwrap();
    book.epub.cover = Some("../../etc/passwd".into());
    book.assets.cover = Some((b"\x89PNG\r\n\x1a\n".to_vec(), "image/png".into()));
    assert!(render_err(&book).contains("outside the book folder"));
}

// ---------------------------------------------------------------- EPUBCheck

#[test]
#[ignore = "runs EPUBCheck (Java); `cargo test -- --ignored`, as .ci/run does"]
fn epubcheck_reports_no_errors_or_warnings() {
    let mut books = vec![("fixture".to_string(), book())];
    let mut with_cover = book();
    with_cover.chapters.truncate(1);
    with_cover.metadata.subtitle = None;
    books.push(("one-chapter".to_string(), with_cover));
    let mut hostile = book();
    hostile.metadata.title = HOSTILE.into();
    hostile.chapters[0].blocks.push(para(vec![text(HOSTILE)]));
    books.push(("hostile".to_string(), hostile));
    books.extend(disk_books());
    for (name, b) in books {
        let bytes = epub::render(&b).unwrap();
        let (counts, messages) = epubcheck(&name, &bytes);
        assert_eq!(
            counts,
            (0, 0, 0),
            "{name}: EPUBCheck fatal/error/warning counts\n{}",
            messages.join("\n")
        );
    }
}

// ---------------------------------------------------------------- Ace by DAISY

#[test]
#[ignore = "runs Ace by DAISY (Node + Chromium); `cargo test -- --ignored`, as .ci/run does"]
fn ace_reports_no_violations() {
    let mut books = vec![("fixture".to_string(), book())];
    books.extend(disk_books());
    for (name, b) in books {
        let bytes = epub::render(&b).unwrap();
        let violations = ace(&name, &bytes);
        assert!(
            violations.is_empty(),
            "{name}: Ace violations\n{}",
            violations.join("\n")
        );
    }
}

// ---------------------------------------------------------------- any text at all

/// What XML keeps of `s`: line ends as LF, the characters `xhtml` drops gone.
fn xml_kept(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || !(c < ' '
                    || ('\u{7f}'..='\u{9f}').contains(&c)
                    || c == '\u{fffe}'
                    || c == '\u{ffff}')
        })
        .collect()
}

proptest::proptest! {
    #![proptest_config(common::proptest_config(256))]

    /// Whatever text the model holds, every file parses and the text reads
    /// back as written (minus characters XML cannot carry).
    #[test]
    fn any_text_round_trips_through_well_formed_xhtml(
        title in proptest::prelude::any::<String>(),
        body in proptest::prelude::any::<String>(),
        note in "[<>&\"'\\x00-\\x1f a-z]{0,30}",
        url in proptest::prelude::any::<String>(),
    ) {
        let mut b = book();
        b.chapters.truncate(1);
        // A supplied cover keeps each case fast (no drawing).
        b.assets.cover = Some((b"\x89PNG\r\n\x1a\nstub".to_vec(), "image/png".into()));
        b.metadata.title = format!("T{title}");
        b.chapters[0].title_text = title.clone();
        b.chapters[0].title = vec![text(&title)];
        b.chapters[0].blocks = vec![
            para(vec![text(&body), noteref(12, 1, true, 1), noteref(12, 2, true, 1)]),
            para(vec![Inline::Link { target: LinkTarget::External { url }, content: vec![text("L")] }]),
        ];
        b.chapters[0].notes[0].blocks = vec![para(vec![text(&note)])];
        let e = render(&b);
        for name in e.xml_names() {
            let t = e.text(&name);
            parse(&t);
        }
        let chapter = e.text("EPUB/chapter-12.xhtml");
        let doc = parse(&chapter);
        let heading = doc
            .descendants()
            .find(|n| n.attribute("class") == Some("chapter-title"))
            .unwrap();
        proptest::prop_assert_eq!(text_of(heading), xml_kept(&title));
        let first_p = doc.descendants().filter(|n| n.has_tag_name("p")).nth(1).unwrap();
        let shown = text_of(first_p);
        proptest::prop_assert_eq!(shown, format!("{}12", xml_kept(&body)));
        let notes = e.text("EPUB/notes.xhtml");
        let notes_doc = parse(&notes);
        let li = notes_doc.descendants().find(|n| n.attribute("id") == Some("note-12-1")).unwrap();
        let p = li.children().find(|n| n.has_tag_name("p")).unwrap();
        proptest::prop_assert_eq!(text_of(p), format!("{} \u{21a9}", xml_kept(&note)));
    }
}

fn fixture_book(name: &str) -> Book {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/books")
        .join(name);
    bookpack::source::load_book(&dir)
        .unwrap_or_else(|f| panic!("{name}: {f}"))
        .0
}

/// The `dir` of each XHTML page's root, by file name.
fn page_directions(e: &Epub) -> BTreeMap<String, Option<String>> {
    e.names
        .iter()
        .filter(|n| n.ends_with(".xhtml"))
        .map(|name| {
            let text = e.text(name);
            let dir = parse(&text)
                .root_element()
                .attribute("dir")
                .map(str::to_string);
            (name.trim_start_matches("EPUB/").to_string(), dir)
        })
        .collect()
}

/// A book in Hebrew reads right to left on every page and turns its pages
/// right to left; its English chapter, and that chapter's group of notes,
/// read left to right; the stylesheet puts on the right what it puts on
/// the left for other books. (Before, only the chapter's section said
/// `dir="rtl"`: the notes, contents, title page and imprint ran left to
/// right, a Hebrew note's full stop at the wrong end.) The English
/// chapter's page says `dir="ltr"`: with no `dir`, reading systems take
/// the package's right to left for it.
#[test]
fn a_right_to_left_book_is_right_to_left_on_every_page() {
    let e = render(&fixture_book("hebrew"));
    let dirs = page_directions(&e);
    assert!(dirs.len() >= 6, "{dirs:?}");
    for (name, dir) in &dirs {
        let expected = if name == "chapter-2.xhtml" {
            "ltr"
        } else {
            "rtl"
        };
        assert_eq!(dir.as_deref(), Some(expected), "{name}");
    }
    let opf = e.text("EPUB/content.opf");
    let doc = parse(&opf);
    let spine = doc
        .descendants()
        .find(|n| n.has_tag_name("spine"))
        .expect("a spine");
    assert_eq!(spine.attribute("page-progression-direction"), Some("rtl"));

    let notes = e.text("EPUB/notes.xhtml");
    let doc = parse(&notes);
    let group = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no {id}"))
    };
    // The Hebrew chapter's notes inherit the page's direction; the
    // English chapter's are marked as English, left to right.
    assert_eq!(group("notes-chapter-1").attribute("dir"), None);
    assert_eq!(group("notes-chapter-2").attribute("dir"), Some("ltr"));
    assert_eq!(group("notes-chapter-2").attribute("lang"), Some("en"));

    let css = e.text("EPUB/style.css");
    assert!(css.contains("[dir=\"rtl\"] li.endnote p"), "{css}");
    // Lists and definitions stand in from the right (style.css gives them
    // a left margin: in Chromium a Hebrew list's bullets and numbers hung
    // outside the right edge of the page, unindented).
    let rule = |selector: &str| {
        // The selector starting a line, alone or first of a list.
        let at = css
            .find(&format!("\n{selector} {{"))
            .or_else(|| css.find(&format!("\n{selector},")))
            .unwrap_or_else(|| panic!("no rule for {selector}"));
        let body = &css[at..];
        (
            at,
            body[body.find('{').unwrap()..body.find('}').unwrap()].to_string(),
        )
    };
    for selector in ["[dir=\"rtl\"] ul", "[dir=\"rtl\"] ol", "[dir=\"rtl\"] dd"] {
        assert!(
            rule(selector).1.contains("margin-right: 1.5em"),
            "{selector}"
        );
    }
    // An English group of notes in a Hebrew page: the page's rule and the
    // group's rule are equally specific, so the group's must come later
    // (its numbers hung outside the left edge, the page scrolling sideways).
    let (page_rule, _) = rule("[dir=\"rtl\"] .endnotes ol");
    let (group_rule, body) = rule(".endnotes [dir=\"ltr\"] ol");
    assert!(
        group_rule > page_rule && body.contains("margin-left: 2em"),
        "{css}"
    );
}

/// A book with code names the monospace face twice and sizes its code
/// against the text (named alone, browsers set monospace at their own
/// 13 px where the text is 16, and a code block's lines came out at 0.69
/// of the text); a book without code keeps its stylesheet as it was.
#[test]
fn code_is_sized_against_the_text_only_in_books_with_code() {
    let with_code = render(&fixture_book("content"));
    let css = with_code.text("EPUB/style.css");
    // The last rule for `code`: the one that decides.
    let code_rule = css
        .rfind("\ncode {")
        .map(|at| &css[at..at + css[at..].find('}').unwrap()])
        .expect("a code rule");
    assert!(
        code_rule.contains("font-family: monospace, monospace;"),
        "{code_rule}"
    );
    assert!(code_rule.contains("font-size: 0.9em;"), "{code_rule}");
    assert!(css.contains("pre code {\n  font-size: 1em;"), "{css}");
    // A tab reaches the next multiple of four columns, as in print.
    assert!(css.contains("pre {\n  tab-size: 4;"), "{css}");
    let without = render(&fixture_book("minimal"));
    assert!(!without
        .text("EPUB/style.css")
        .contains("monospace, monospace"));
}

/// A book in a left-to-right language with one Arabic chapter: that
/// chapter's page is right to left, the rest and the spine are not.
#[test]
fn an_arabic_chapter_in_an_english_book_is_right_to_left_alone() {
    // The fixture names installed Noto faces for its print edition,
    // which the EPUB does not need: it loads where they are not installed.
    let e = render(&fixture_book("scripts"));
    let dirs = page_directions(&e);
    let rtl: Vec<&String> = dirs
        .iter()
        .filter(|(_, d)| d.as_deref() == Some("rtl"))
        .map(|(n, _)| n)
        .collect();
    assert_eq!(rtl, ["chapter-2.xhtml"], "{dirs:?}");
    let opf = e.text("EPUB/content.opf");
    assert!(!opf.contains("page-progression-direction"), "{opf}");
    // A book with no right-to-left text has none of those rules.
    let plain = render(&fixture_book("minimal"));
    assert!(!plain.text("EPUB/style.css").contains("[dir=\"rtl\"]"));
}

/// A Chinese book's stylesheet indents every paragraph two characters,
/// the first after a heading too, as its print edition does; a Japanese
/// one, one. Books in other languages have none of those rules. (The
/// fixture's fonts are the print edition's: the EPUB needs none.)
#[test]
fn chinese_paragraphs_are_all_indented_two_characters() {
    let e = render(&fixture_book("chinese"));
    let css = e.text("EPUB/style.css");
    for rule in [
        "section > p:lang(zh) {\n  text-indent: 2em;",
        "section > p:lang(ja) {\n  text-indent: 1em;",
    ] {
        assert!(css.contains(rule), "no {rule:?} in {css}");
    }
    // The rule applies to the chapter's paragraphs: children of its
    // section, in a page whose language is Chinese.
    let page = e.text("EPUB/chapter-1.xhtml");
    assert!(page.contains(r#"<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="zh-Hans""#), "{page}");
    assert!(page.contains("</h1>\n<p>"), "{page}");
    let plain = render(&fixture_book("minimal"));
    assert!(!plain.text("EPUB/style.css").contains(":lang(zh)"));
}

/// What the stylesheet sets in italic (lower headings, captions, the
/// synopsis…) is upright in a language whose script has none: a reading
/// system slanted Hebrew and Chinese letters. By `:lang()`, so the
/// Hebrew book's English chapter keeps its italic headings; a Latin book
/// has no such rule.
#[test]
fn display_text_is_upright_in_scripts_without_italics() {
    for (fixture, tag) in [("hebrew", "he"), ("chinese", "zh-Hans")] {
        let css = render(&fixture_book(fixture)).text("EPUB/style.css");
        let at = css
            .find(&format!("h3:lang({tag}),"))
            .unwrap_or_else(|| panic!("no upright rule for {tag} in {css}"));
        let rule = &css[at..at + css[at..].find('}').unwrap()];
        for selector in ["figcaption", ".synopsis", ".titlepage .subtitle", "h6"] {
            assert!(rule.contains(&format!("{selector}:lang({tag})")), "{rule}");
        }
        assert!(rule.contains("font-style: normal;"), "{rule}");
        assert!(!rule.contains(":lang(en"), "{rule}");
    }
    let plain = render(&fixture_book("minimal")).text("EPUB/style.css");
    assert!(!plain.contains("h3:lang("), "{plain}");
}

/// A bibliography's entries hang in the EPUB as in the PDF: its section
/// is marked so, and the stylesheet outdents each entry's first line by
/// the indent its turnovers take (on the right in a right-to-left page).
#[test]
fn a_bibliographys_entries_hang() {
    let mut b = book();
    b.chapters[1].kind = ChapterKind::Bibliography;
    let e = render(&b);
    let (file, page) = e
        .xml_names()
        .into_iter()
        .map(|name| {
            let text = e.text(&name);
            (name, text)
        })
        .find(|(_, text)| text.contains("role=\"doc-bibliography\""))
        .expect("the bibliography's page");
    let doc = parse(&page);
    let section = doc
        .descendants()
        .find(|n| n.attribute("role") == Some("doc-bibliography"))
        .unwrap();
    assert!(
        section
            .attribute("class")
            .is_some_and(|c| c.split(' ').any(|c| c == "bibliography")),
        "{file}"
    );
    // Its entries, the chapter's paragraphs, are the items of a list
    // (Standard Ebooks' markup), a child of the section; no entry is
    // left a bare paragraph.
    let paragraphs = b.chapters[1]
        .blocks
        .iter()
        .filter(|block| matches!(block, Block::Paragraph { .. }))
        .count();
    assert!(paragraphs > 0);
    let lists: Vec<_> = section
        .children()
        .filter(|n| n.has_tag_name("ul"))
        .collect();
    assert!(!lists.is_empty(), "{page}");
    for list in &lists {
        assert_eq!(list.attribute("class"), Some("entries"), "{page}");
    }
    let items = lists
        .iter()
        .flat_map(|l| l.children().filter(|n| n.is_element()))
        .inspect(|item| assert!(item.has_tag_name("li"), "{page}"))
        .count();
    assert_eq!(items, paragraphs, "{page}");
    assert!(!section.children().any(|n| n.has_tag_name("p")), "{page}");
    let css = e.text("EPUB/style.css");
    let rule = |selector: &str| {
        let at = css
            .find(&format!("\n{selector} {{"))
            .unwrap_or_else(|| panic!("no {selector} rule in {css}"));
        let body = &css[at..];
        body[body.find('{').unwrap()..body.find('}').unwrap()].to_string()
    };
    let list = rule("section.bibliography > ul.entries");
    for want in ["list-style: none;", "margin: 0;", "padding: 0;"] {
        assert!(list.contains(want), "{want}: {list}");
    }
    let entry = rule("section.bibliography > ul.entries > li");
    assert!(entry.contains("text-indent: -1.3em;"), "{entry}");
    assert!(entry.contains("padding-left: 1.3em;"), "{entry}");
    // A Hebrew book's: on the right.
    b.metadata.language = "he".into();
    let css = render(&b).text("EPUB/style.css");
    assert!(
        css.contains(
            "[dir=\"rtl\"] section.bibliography > ul.entries > li {\n  padding-left: 0;\n  padding-right: 1.3em;"
        ),
        "{css}"
    );
}

/// A list item's next paragraph is indented in the EPUB as in the PDF
/// (`li p` sets paragraphs in items flush; the second read as the first
/// run on), as a quotation's next paragraph is.
#[test]
fn a_list_items_next_paragraph_is_indented() {
    let css = render(&book()).text("EPUB/style.css");
    let rule = |selector: &str| {
        let at = css
            .find(&format!("\n{selector} {{"))
            .unwrap_or_else(|| panic!("no rule for {selector} in {css}"));
        let body = &css[at..];
        body[body.find('{').unwrap()..body.find('}').unwrap()].to_string()
    };
    assert!(rule("li p").contains("text-indent: 0;"));
    assert!(rule("li p + p").contains("text-indent: 1.3em;"));
    assert!(
        css.find("\nli p + p {") > css.find("\nli p {"),
        "the later rule wins"
    );
}
