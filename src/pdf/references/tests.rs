use super::*;

use crate::model::{Block, Span};

fn text(t: &str) -> Inline {
    Inline::Text { text: t.into() }
}

fn link(chapter: &str, anchor: Option<&str>, words: &str) -> Inline {
    Inline::Link {
        target: LinkTarget::Internal {
            chapter: chapter.into(),
            anchor: anchor.map(str::to_string),
            placed_as: None,
        },
        content: vec![text(words)],
    }
}

fn paragraph(content: Vec<Inline>) -> Block {
    Block::Paragraph {
        content,
        span: Span::default(),
    }
}

/// A book of two chapters: the first links to the second's heading
/// `rates` (in emphasis), to the second whole, and to a web address; its
/// heading links too (left alone).
fn book() -> Book {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/two-chapters");
    let (mut book, _) = crate::source::load_book(&fixture).unwrap();
    assert_eq!(book.chapters[1].id, "chapter-2");
    book.chapters[0].id = "chapter-1".into();
    book.chapters[0].notes.clear();
    book.chapters[0].synopsis.clear();
    book.chapters[0].blocks = vec![
        Block::Heading {
            level: 2,
            content: vec![link("chapter-2", None, "heading link")],
            id: "h".into(),
            span: Span::default(),
        },
        paragraph(vec![
            text("See "),
            Inline::Emphasis {
                content: vec![link("chapter-2", Some("rates"), "the rates")],
            },
            text(", and "),
            link("chapter-2", None, "the chapter"),
            Inline::Link {
                target: LinkTarget::External {
                    url: "https://example.org/".into(),
                },
                content: vec![text("the web")],
            },
        ]),
    ];
    book
}

/// The text of a block's inlines, links and emphasis undone.
fn words(block: &Block) -> String {
    let mut out = String::new();
    block.for_each_inlines(&mut |inlines| {
        out.push_str(&crate::model::Inline::plain_text(inlines));
    });
    out
}

fn pages(places: &[(&str, usize)]) -> Pages {
    Pages {
        places: places
            .iter()
            .map(|&(name, page)| (name.to_string(), Destination { page, y: 0.0 }))
            .collect(),
        // Two front pages, in roman.
        folio: Box::new(|page| {
            crate::pdf::folios::Folios {
                body_start: 2,
                numerals: crate::numerals::Numerals::Latn,
            }
            .text(page)
        }),
    }
}

#[test]
fn every_link_inside_the_book_but_a_headings_is_named_in_reading_order() {
    let (marked, references) = marked(&book(), &Texts::new());
    let names: Vec<(&str, &str)> = references
        .iter()
        .map(|r| (r.name.as_str(), r.target.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("page-reference:chapter-1:0", "rates"),
            ("page-reference:chapter-1:1", "chapter-2"),
        ]
    );
    // Marked in the copy, not in the book given.
    let Block::Paragraph { content, .. } = &marked.chapters[0].blocks[1] else {
        panic!()
    };
    assert!(matches!(
        &content[3],
        Inline::Link { target: LinkTarget::Internal { placed_as: Some(n), .. }, .. }
            if n == "page-reference:chapter-1:1"
    ));
    assert!(!format!("{:?}", book().chapters).contains("page-reference"));
    let Block::Heading { content, .. } = &marked.chapters[0].blocks[0] else {
        panic!()
    };
    assert!(!format!("{content:?}").contains("page-reference"));
}

#[test]
fn a_reference_follows_its_link_joined_to_the_text_after_it() {
    let mut texts = Texts::new();
    texts.insert("page-reference:chapter-1:0".into(), "4".into());
    texts.insert("page-reference:chapter-1:1".into(), "3".into());
    let (marked, _) = marked(&book(), &texts);
    let Block::Paragraph { content, .. } = &marked.chapters[0].blocks[1] else {
        panic!()
    };
    // Inside the emphasis the link is last: the reference is a run of its own.
    let Inline::Emphasis { content: inner } = &content[1] else {
        panic!("{content:?}")
    };
    assert_eq!(inner[1], text(" (p.\u{a0}4)"));
    // Before a web link: a run of its own; the text after a link gains it.
    assert_eq!(content[4], text(" (p.\u{a0}3)"));
    assert_eq!(content[2], text(", and "));
    assert!(matches!(content[5], Inline::Link { .. }));
}

#[test]
fn a_link_on_its_targets_page_gets_no_reference_and_the_folio_is_as_printed() {
    let (_, references) = marked(&book(), &Texts::new());
    let found = texts_of(
        &references,
        &pages(&[
            ("page-reference:chapter-1:0", 2),
            ("page-reference:chapter-1:1", 5),
            ("rates", 5),
            ("chapter-2", 1),
        ]),
    );
    // `rates` is on page 5, where the second link is too, but not the first.
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        [
            ("page-reference:chapter-1:0".to_string(), "4".to_string()),
            // The chapter opens in the front matter: its folio is roman.
            ("page-reference:chapter-1:1".to_string(), "ii".to_string()),
        ]
    );
    // An anchor without a place of its own: its chapter's start; a link
    // not placed (not printed): nothing.
    let found = texts_of(
        &references,
        &pages(&[("page-reference:chapter-1:0", 7), ("chapter-2", 9)]),
    );
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        [("page-reference:chapter-1:0".to_string(), "8".to_string())]
    );
}

/// Inside round brackets a reference joins with a comma, in the book's
/// words ("(see the rates, p. 4)"); after them, or where they close
/// before the link, it brings its own.
#[test]
fn inside_brackets_a_reference_joins_with_a_comma() {
    let mut book = book();
    let rates = || link("chapter-2", Some("rates"), "the rates");
    book.chapters[0].blocks = vec![
        paragraph(vec![
            text("(see "),
            rates(),
            text(") and "),
            rates(),
            text("."),
        ]),
        // Closed before the link, and a bracket in the link's own words.
        paragraph(vec![
            text("(a) first, "),
            link("chapter-2", Some("rates"), "the rates (old)"),
            text(", then "),
            Inline::Emphasis {
                content: vec![text("(all "), rates()],
            },
            text(")"),
        ]),
    ];
    let texts: Texts = (0..6)
        .map(|k| (format!("page-reference:chapter-1:{k}"), "4".to_string()))
        .collect();
    let said = |book: &Book| -> Vec<String> {
        marked(book, &texts).0.chapters[0]
            .blocks
            .iter()
            .map(words)
            .collect()
    };
    assert_eq!(
        said(&book),
        [
            "(see the rates, p.\u{a0}4) and the rates (p.\u{a0}4).",
            "(a) first, the rates (old) (p.\u{a0}4), then (all the rates, p.\u{a0}4)",
        ]
    );
    // Full-width brackets, in a Chinese book's words.
    book.chapters[0].blocks = vec![paragraph(vec![text("（见"), rates(), text("）")])];
    book.labels = crate::labels::Labels::built_in("zh-Hans").unwrap();
    assert_eq!(said(&book), ["（见the rates，第4页）"]);
}

/// The rounds, with a probe that lays out a model of pages: a reference
/// the link carries pushes its target `push` pages on.
fn settle_with(book: &Book, push: impl Fn(usize) -> usize) -> (Cow<'_, Book>, usize, usize) {
    let mut probes = 0;
    let (settled, rounds) = settle(book, &mut |b| {
        probes += 1;
        let referenced = words(&b.chapters[0].blocks[1]).matches("(p.").count();
        Ok(pages(&[
            ("page-reference:chapter-1:0", 2),
            ("page-reference:chapter-1:1", 2),
            ("rates", 4 + push(referenced)),
            ("chapter-2", 3),
        ]))
    })
    .unwrap();
    (settled, rounds, probes)
}

#[test]
fn rounds_go_on_until_the_pages_hold() {
    let book = book();
    // Nothing moves: the first round finds the references, the second
    // confirms them.
    let (settled, rounds, probes) = settle_with(&book, |_| 0);
    assert_eq!((rounds, probes), (2, 2));
    assert_eq!(
        words(&settled.chapters[0].blocks[1]),
        "See the rates (p.\u{a0}3), and the chapter (p.\u{a0}2)the web"
    );
    // The references push the target a page on: a third round sees it
    // hold there.
    let (settled, rounds, _) = settle_with(&book, |n| usize::from(n > 0));
    assert_eq!(rounds, 3);
    assert!(words(&settled.chapters[0].blocks[1]).contains("rates (p.\u{a0}4)"));
    // Never settling (the target moves with every round): stopped after
    // the most rounds, the last round's references kept.
    let mut round = 0;
    let (_, rounds) = settle(&book, &mut |_| {
        round += 1;
        Ok(pages(&[
            ("page-reference:chapter-1:0", 2),
            ("rates", 4 + round),
        ]))
    })
    .unwrap();
    assert_eq!(rounds, MOST_ROUNDS);
}

#[test]
fn a_book_without_links_inside_it_or_with_references_off_is_set_as_written() {
    let mut plain = book();
    plain.chapters[0].blocks.truncate(0);
    let mut probe = |_: &Book| -> Result<Pages, Failure> { panic!("no round is needed") };
    let (settled, rounds) = settle(&plain, &mut probe).unwrap();
    assert!(matches!(settled, Cow::Borrowed(_)) && rounds == 0);
    let mut off = book();
    off.pdf.page_references = false;
    let (settled, rounds) = settle(&off, &mut probe).unwrap();
    assert!(matches!(settled, Cow::Borrowed(_)) && rounds == 0);
}
