//! Unit tests of links: classifying destinations, normalising addresses, resolving a book's links, the words an empty link takes.
use super::*;
use crate::model::Span;

fn found(dest: &str, line: u32, col: u32) -> FoundLink {
    FoundLink {
        dest: dest.into(),
        span: Span { line, col },
        empty: false,
    }
}

fn external(dest: &str) -> Result<String, String> {
    match classify(dest, &LinkPolicy::default())? {
        Destination::External(url) => Ok(url),
        other => panic!("{dest}: {other:?}"),
    }
}

#[test]
fn the_spec_books_bad_addresses_are_refused_or_encoded() {
    // The three addresses EPUBCheck rejected in the CommonMark spec book.
    assert_eq!(
        external("https://example.com/?search=](uri)").unwrap(),
        "https://example.com/?search=%5D(uri)"
    );
    assert!(external("https://../").is_err());
    assert_eq!(
        external("https://example.com/%5C[%5C").unwrap(),
        "https://example.com/%5C%5B%5C"
    );
}

#[test]
fn addresses_are_normalised_and_encoded() {
    for (given, written) in [
        ("HTTP://Example.COM", "http://example.com/"),
        (
            "https://ex.com/a b|c^d{e}",
            "https://ex.com/a%20b%7Cc%5Ed%7Be%7D",
        ),
        ("https://ex.com/%zz", "https://ex.com/%25zz"),
        ("https://ex.com/#a#b", "https://ex.com/#a%23b"),
        (
            "https://例え.jp/ä?q=ü",
            "https://xn--r8jz45g.jp/%C3%A4?q=%C3%BC",
        ),
        ("https://[::1]:8080/x", "https://[::1]:8080/x"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
        ("MAILTO:FOO@BAR.BAZ", "mailto:FOO@BAR.BAZ"),
    ] {
        assert_eq!(external(given).as_deref(), Ok(written), "{given}");
        // Idempotent: what is written passes again unchanged.
        assert_eq!(external(written).as_deref(), Ok(written), "{written}");
        assert_eq!(checked_external(written).as_deref(), Some(written));
    }
}

#[test]
fn invalid_addresses_say_why() {
    for (given, why) in [
        ("https://", "not a valid URL"),
        ("http://a b.com/", "not a valid URL"),
        ("https://a..b/", "not a host name"),
        ("https://-a-.com/", "not a host name"),
        ("http://.", "not a host name"),
        ("https://ex.com:99999/", "not a valid URL"),
        ("mailto:", "no address"),
        ("mailto:nobody", "no `@`"),
        ("javascript:alert(1)", "scheme `javascript:`"),
        ("ftp://ex.com/f", "scheme `ftp:`"),
        ("//ex.com/x", "network path"),
        ("", "no destination"),
        ("#", "no destination"),
        ("picture.png", "not a chapter"),
        ("ch2.md?x=1", "not a chapter"),
        ("ch%FF.md", "percent-encoded UTF-8"),
    ] {
        let err = classify(given, &LinkPolicy::default()).unwrap_err();
        assert!(err.contains(why), "{given}: {err}");
    }
}

#[test]
fn a_book_may_allow_more_schemes_but_never_dangerous_ones() {
    let policy = LinkPolicy::with_extra(["FTP".to_string(), "tel".to_string()]);
    assert_eq!(
        classify("ftp://ex.com/f", &policy),
        Ok(Destination::External("ftp://ex.com/f".into()))
    );
    assert_eq!(
        classify("tel:+44-20-7946-0000", &policy),
        Ok(Destination::External("tel:+44-20-7946-0000".into()))
    );
    assert!(unallowable_scheme("tel").is_none());
    assert!(unallowable_scheme("JavaScript").is_some());
    assert!(unallowable_scheme("data").is_some());
    assert!(unallowable_scheme("tel:").is_some());
    assert!(unallowable_scheme("").is_some());
    assert_eq!(checked_external("javascript:alert(1)"), None);
    assert_eq!(checked_external("data:text/html,x"), None);
}

#[test]
fn chapter_paths_and_fragments() {
    let p = LinkPolicy::default();
    assert_eq!(
        classify("02%20second.md#sec-1", &p),
        Ok(Destination::Chapter {
            path: "02 second.md".into(),
            anchor: Some("sec-1".into())
        })
    );
    assert_eq!(
        classify("#here", &p),
        Ok(Destination::Chapter {
            path: String::new(),
            anchor: Some("here".into())
        })
    );
    assert_eq!(
        classify("other.MD#", &p),
        Ok(Destination::Chapter {
            path: "other.MD".into(),
            anchor: None
        })
    );
    assert_eq!(
        join_relative("part/a.md", "../b.md").as_deref(),
        Some("b.md")
    );
    assert_eq!(
        join_relative("part/a.md", "./c.md").as_deref(),
        Some("part/c.md")
    );
    assert_eq!(join_relative("a.md", "../b.md"), None);
    assert_eq!(join_relative("a.md", "/etc/b.md"), None);
    assert_eq!(normalise_file("./x/../a.md"), "a.md");
}

fn chapter(file: &str, id: &str, content: Vec<Inline>) -> Chapter {
    Chapter {
        number: Some("1".into()),
        id: id.into(),
        title: vec![],
        title_text: String::new(),
        synopsis: vec![],
        blocks: vec![Block::Paragraph {
            content,
            span: Span::default(),
        }],
        notes: vec![],
        file: file.into(),
        ..Default::default()
    }
}

fn parsed_link(dest: &str, text: &str) -> Inline {
    Inline::Link {
        target: LinkTarget::External { url: dest.into() },
        content: vec![Inline::Text { text: text.into() }],
    }
}

/// `resolve_book` on two chapters, the links `links_a` found in the
/// first (shown as `path`): what it resolved, and its messages.
fn resolve_from(
    chapters: &mut [Chapter],
    path: &str,
    links_a: &[FoundLink],
) -> (Vec<Resolved>, Vec<String>) {
    let found = [
        FoundLinks {
            display_path: Path::new(path),
            links: links_a,
        },
        FoundLinks {
            display_path: Path::new("book/b.md"),
            links: &[],
        },
    ];
    let mut diags = Diagnostics::new();
    let resolved = resolve_book(
        chapters,
        &found,
        &Vec::new(),
        &LinkPolicy::default(),
        &mut diags,
    );
    let messages = diags.items().iter().map(|d| d.to_string()).collect();
    (resolved, messages)
}

#[test]
fn resolving_a_book_rewrites_targets_and_warns_where_written() {
    let mut chapters = vec![
        chapter(
            "a.md",
            "chapter-1",
            vec![
                parsed_link("b.md#noteref-1", "next"),
                parsed_link("b.md#nowhere", "next2"),
                parsed_link("javascript:x", "bad"),
                parsed_link("https://ex.org/a b", "web"),
            ],
        ),
        chapter(
            "b.md",
            "chapter-2",
            vec![Inline::NoteRef {
                number: 1,
                first: true,
                id: "noteref-1".into(),
            }],
        ),
    ];
    let links_a = vec![
        found("b.md#noteref-1", 3, 1),
        found("b.md#nowhere", 4, 2),
        found("javascript:x", 5, 3),
        found("https://ex.org/a b", 6, 4),
    ];
    let (_, messages) = resolve_from(&mut chapters, "book/a.md", &links_a);
    assert_eq!(messages.len(), 3, "{messages:?}");
    // A note reference named by its number's id still links, with a warning.
    assert!(
        messages[0].starts_with(
            "book/a.md:3:1: warning: link `b.md#noteref-1` names a note reference by its number"
        ),
        "{messages:?}"
    );
    assert!(messages[1].starts_with(
        "book/a.md:4:2: error: link `b.md#nowhere`: b.md has no heading, figure, table or note reference with the id `nowhere`"
    ), "{messages:?}");
    assert!(messages[2].starts_with("book/a.md:5:3: warning: link `javascript:x` uses the scheme"));
    let Block::Paragraph { content, .. } = &chapters[0].blocks[0] else {
        panic!()
    };
    assert_eq!(
        content,
        &vec![
            Inline::Link {
                target: LinkTarget::Internal {
                    chapter: "chapter-2".into(),
                    anchor: Some("noteref-1".into()),
                    placed_as: None,
                },
                content: vec![Inline::Text {
                    text: "next".into()
                }],
            },
            Inline::Link {
                target: LinkTarget::Internal {
                    chapter: "chapter-2".into(),
                    anchor: None,
                    placed_as: None,
                },
                content: vec![Inline::Text {
                    text: "next2".into()
                }],
            },
            Inline::Text { text: "bad".into() },
            Inline::Link {
                target: LinkTarget::External {
                    url: "https://ex.org/a%20b".into()
                },
                content: vec![Inline::Text { text: "web".into() }],
            },
        ]
    );
}
fn empty_link(dest: &str) -> Inline {
    Inline::Link {
        target: LinkTarget::External { url: dest.into() },
        content: Vec::new(),
    }
}

/// The text of each link of `chapter`'s first paragraph, in order.
fn link_words(chapter: &Chapter) -> Vec<String> {
    let Block::Paragraph { content, .. } = &chapter.blocks[0] else {
        panic!("{chapter:?}")
    };
    content
        .iter()
        .filter(|i| matches!(i, Inline::Link { .. }))
        .map(|i| Inline::plain_text(std::slice::from_ref(i)))
        .collect()
}

#[test]
fn an_empty_link_takes_its_targets_words_or_is_left_out_with_a_warning() {
    let text = |t: &str| vec![Inline::Text { text: t.into() }];
    let mut a = chapter(
        "a.md",
        "chapter-1",
        vec![
            empty_link("b.md#fig-map"),
            empty_link("b.md#the-roads"),
            empty_link("b.md"),
            empty_link("b.md#fig-plain"),
            empty_link("b.md#fig-map"),
        ],
    );
    a.blocks[0] = Block::Paragraph {
        content: match &a.blocks[0] {
            Block::Paragraph { content, .. } => content.clone(),
            _ => unreachable!(),
        },
        span: Span::default(),
    };
    let figure = |id: &str, label: Option<&str>| Block::Figure {
        image: crate::model::ImageRef {
            src: "m.png".into(),
            path: "m.png".into(),
            alt: "A map".into(),
            asset: String::new(),
        },
        caption: text("A map"),
        id: Some(id.into()),
        label: label.map(str::to_string),
        span: Span::default(),
    };
    let mut b = chapter("b.md", "chapter-2", text("Roads."));
    b.title = vec![
        Inline::Text {
            text: "Roads".into(),
        },
        Inline::NoteRef {
            number: 1,
            first: true,
            id: "noteref-1".into(),
        },
    ];
    b.blocks.push(Block::Heading {
        level: 2,
        id: "the-roads".into(),
        content: vec![Inline::Emphasis {
            content: text("The roads"),
        }],
        span: Span::default(),
    });
    b.blocks.push(figure("fig-map", Some("Figure\u{a0}2.1")));
    b.blocks.push(figure("fig-plain", None));
    let mut chapters = vec![a, b];
    let empty = |dest: &str, col: u32| FoundLink {
        empty: true,
        ..found(dest, 7, col)
    };
    let links_a = [
        empty("b.md#fig-map", 1),
        empty("b.md#the-roads", 10),
        empty("b.md", 20),
        empty("b.md#fig-plain", 30),
        empty("b.md#fig-map", 40),
    ];
    let (resolved, messages) = resolve_from(&mut chapters, "a.md", &links_a);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with(
            "a.md:7:30: warning: link `b.md#fig-plain` has no text, and its target has none to lend it"
        ),
        "{messages:?}"
    );
    // The label, the heading's words (emphasis kept), the title
    // without its note reference; the unnumbered figure's link is gone.
    assert_eq!(
        link_words(&chapters[0]),
        ["Figure\u{a0}2.1", "The roads", "Roads", "Figure\u{a0}2.1"]
    );
    // What a chapter read again is given: the same words.
    assert_eq!(
        resolved[0].words.get("b.md#fig-map"),
        Some(&text("Figure\u{a0}2.1"))
    );
    assert!(!resolved[0].words.contains_key("b.md#fig-plain"));
}
