//! Pandoc's own syntax in a chapter: what bookpack reads (inline notes, bracketed spans) and what it warns of.

use super::*;

/// Pandoc's inline notes in a heading, a span's attributes bookpack
/// does not read, line blocks and grid tables are read by CommonMark as
/// text: each is a warning where it stands.
#[test]
fn pandoc_syntax_is_a_warning() {
    for (text, at, said) in [
        ("## A heading^[The note.]\n", "ch.md:3:13:", "inline note"),
        (
            "The [unesco]{.underline} seat.\n",
            "ch.md:3:13:",
            "span attribute `.underline` is not read",
        ),
        (
            "> | The first line\n> | the second\n",
            "ch.md:3:3:",
            "line block",
        ),
        (
            "+---+---+\n| a | b |\n+---+---+\n",
            "ch.md:3:1:",
            "grid table",
        ),
        ("As [@ongaro2014, p. 3] shows.\n", "ch.md:3:5:", "citation"),
        ("As @lamport1978 showed.\n", "ch.md:3:4:", "citation"),
        ("\\newpage\n", "ch.md:3:1:", "`\\newpage`"),
    ] {
        let (_, d) = parse(&format!("# T\n\n{text}"));
        let m = messages(&d);
        assert!(
            m.len() == 1 && m[0].starts_with(&format!("{at} warning: ")) && m[0].contains(said),
            "{text:?}: {m:?}"
        );
    }
    let (_, d) = parse("# T\n\nA [link](https://example.org) and x^2^ and `^[code]`.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    assert!(messages(&d).is_empty(), "{:?}", messages(&d));
    // A superscript before a note reference; prices; an address; code.
    let (_, d) = parse(
        "# T\n\nThe area is x^2^[^a] metres.\n\nIt costs $5 or $10; write to ann@example.org.\n\n\
         Run `echo $HOME $PATH` and `[@x]`.\n\n[^a]: A note.\n",
    );
    assert!(messages(&d).is_empty(), "{:?}", messages(&d));
}

/// Pandoc's bracketed spans, `[…]{lang=fr}` and `[…]{.smallcaps}`, are
/// the language spans and small capitals the HTML forms make, in a
/// paragraph, a heading, a table cell and an inline note; brackets with
/// prose in braces after them are text.
#[test]
fn pandoc_bracketed_spans_are_read() {
    let (c, d) = parse(
        "# The [Duma]{lang=ru} Debates\n\nThe [unesco]{.smallcaps} seat and [le *gouvernement*]{lang=\"fr\"}.\n\n\
         | [bbc]{.smallcaps lang=en-GB} |\n|---|\n| [a] {b} |\n\nA note^[Of the [ussr]{.smallcaps}.]\n",
    );
    assert!(messages(&d).is_empty(), "{:?}", messages(&d));
    let c = c.unwrap();
    let ru = |content: Vec<Inline>| Inline::Span {
        lang: Some("ru".into()),
        dir: None,
        content,
    };
    // In a heading, not at its end: `{…}` there is the heading's own.
    assert_eq!(
        c.title,
        [
            Inline::Text {
                text: "The ".into()
            },
            ru(vec![Inline::Text {
                text: "Duma".into()
            }]),
            Inline::Text {
                text: " Debates".into()
            }
        ]
    );
    let Block::Paragraph { content, .. } = &c.blocks[0] else {
        panic!("{:?}", c.blocks[0])
    };
    assert!(
        matches!(&content[1], Inline::SmallCaps { content } if Inline::plain_text(content) == "unesco"),
        "{content:?}"
    );
    assert!(
        matches!(&content[3], Inline::Span { lang: Some(l), content, .. } if l == "fr" && matches!(content[1], Inline::Emphasis { .. })),
        "{content:?}"
    );
    let Block::Table { head, rows, .. } = &c.blocks[1] else {
        panic!("{:?}", c.blocks[1])
    };
    assert!(
        matches!(&head[0][0], Inline::Span { lang: Some(l), content, .. } if l == "en-GB" && matches!(content[0], Inline::SmallCaps { .. })),
        "{head:?}"
    );
    assert_eq!(Inline::plain_text(&rows[0][0]), "[a] {b}");
    let note = &c.notes[0].blocks[0];
    let Block::Paragraph { content, .. } = note else {
        panic!("{note:?}")
    };
    assert!(
        content
            .iter()
            .any(|i| matches!(i, Inline::SmallCaps { .. })),
        "{content:?}"
    );
}

/// Pandoc's inline notes, `^[…]`, are notes: a reference where each is
/// written and a note of its words, labelled by its place, listed with
/// the `[^label]`s in reading order; in a quote, a table cell, a caption
/// and a note too. Unclosed, it is text and a warning.
#[test]
fn pandoc_inline_notes_are_notes() {
    let (c, d) = parse(
        "# T\n\nA map^[Drawn *in* 1910 [plate 3].] and a plan[^a].\n\n> Quoted^[In a quote.]\n\n\
         | a^[In a cell.] |\n|---|\n| 1 |\n\n![A map](m.png \"The map^[In a caption.]\")\n\n\
         Open^[never closed.\n\n[^a]: A plan^[In a note.].\n",
    );
    let c = c.unwrap();
    assert_eq!(
        messages(&d),
        ["ch.md:13:5: warning: pandoc's inline note `^[` is never closed with `]`: it is printed as it is\n  hint: end the note's words with `]`, or write `\\^[` for the characters themselves"]
    );
    let labels: Vec<(&str, u32, u32)> = c
        .references
        .iter()
        .map(|(l, s)| (l.as_str(), s.line, s.col))
        .collect();
    assert_eq!(
        labels,
        [
            ("^[3:6]", 3, 6),
            ("a", 3, 46),
            ("^[5:9]", 5, 9),
            ("^[7:4]", 7, 4),
            ("^[11:1]", 11, 1),
            ("^[15:13]", 15, 13),
        ]
    );
    let note = |label: &str| -> String {
        let n = c
            .notes
            .iter()
            .find(|n| n.label == label)
            .unwrap_or_else(|| panic!("no {label}"));
        n.blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { content, .. } => Inline::plain_text(content),
                other => panic!("{other:?}"),
            })
            .collect()
    };
    // Set as the text is: a number tied to its word.
    assert_eq!(note("^[3:6]"), "Drawn in 1910 [plate\u{a0}3].");
    assert_eq!(note("^[5:9]"), "In a quote.");
    assert_eq!(note("^[7:4]"), "In a cell.");
    assert_eq!(note("^[15:13]"), "In a note.");
    assert_eq!(note("^[11:1]"), "In a caption.");
    assert_eq!(c.notes.len(), 6);
    let Block::Paragraph { content, .. } = &c.blocks[0] else {
        panic!("{:?}", c.blocks[0])
    };
    assert!(
        matches!(&content[1], Inline::NoteRef { id, .. } if id == "^[3:6]"),
        "{content:?}"
    );
    let Block::Paragraph { content, .. } = &c.blocks[4] else {
        panic!("{:?}", c.blocks[4])
    };
    assert_eq!(Inline::plain_text(content), "Open^[never closed.");
}

/// A chapter parsed as in a book with a bibliography.
fn parse_citing(text: &str) -> (ParsedChapter, Vec<String>) {
    let mut diags = Diagnostics::new();
    let chapter = parse_chapter_keeping(
        text,
        Path::new("ch.md"),
        Keep::Whole,
        &Citing::InText.into(),
        &mut diags,
    );
    (chapter.unwrap(), messages(&diags))
}

#[test]
fn citations_are_stand_ins_numbered_in_the_order_found_and_located() {
    let (c, said) = parse_citing(
        "# T\n\nAs @lamport1978 [p. 9] showed [see @a1, p. 3; -@b].\n\n\
         ![Map](m.png \"After [@c2].\")\n\n| x |\n|---|\n| [@d3] |\n\n\
         Not \\@e4 nor f@g.org.[^n]\n\n[^n]: In a note @h5.\n",
    );
    assert!(said.is_empty(), "{said:?}");
    let found: Vec<(Vec<&str>, bool, u32, u32)> = c
        .citations
        .iter()
        .map(|f| {
            let keys = f.items.iter().map(|i| i.key.as_str()).collect();
            (keys, f.in_text, f.span.line, f.span.col)
        })
        .collect();
    assert_eq!(
        found,
        [
            (vec!["lamport1978"], true, 3, 4),
            (vec!["a1", "b"], false, 3, 31),
            // A caption's: at its figure.
            (vec!["c2"], false, 5, 1),
            (vec!["d3"], false, 9, 3),
            (vec!["h5"], true, 13, 17),
        ]
    );
    let Block::Paragraph { content, .. } = &c.blocks[0] else {
        panic!("{:?}", c.blocks[0]);
    };
    assert_eq!(
        content,
        &[
            Inline::Text { text: "As ".into() },
            stand_in(0),
            Inline::Text {
                text: " showed ".into()
            },
            stand_in(1),
            Inline::Text { text: ".".into() },
        ]
    );
    let Block::Figure { caption, .. } = &c.blocks[1] else {
        panic!("{:?}", c.blocks[1]);
    };
    assert!(caption.contains(&stand_in(2)), "{caption:?}");
    // Without a bibliography, the same text is text, with a warning.
    let (plain, said) = parse("As [see @a1, p. 3] showed.\n");
    assert!(plain.unwrap().citations.is_empty());
    assert!(messages(&said).iter().any(|m| m.contains("citation")));
}

#[test]
fn a_note_style_makes_a_citation_in_the_text_a_note_after_the_stop() {
    let mut diags = Diagnostics::new();
    let c = parse_chapter_keeping(
        "# T\n\nAs @a1 showed, it drifts [see @b2].\n\n[^n]: Not in a note [@c3].\n\nMore.[^n]\n",
        Path::new("ch.md"),
        Keep::Whole,
        &Citing::AsNotes.into(),
        &mut diags,
    )
    .unwrap();
    assert!(messages(&diags).is_empty(), "{:?}", messages(&diags));
    let Block::Paragraph { content, .. } = &c.blocks[0] else {
        panic!("{:?}", c.blocks[0]);
    };
    let note_ref = |label: &str| Inline::NoteRef {
        number: UNNUMBERED,
        first: false,
        id: label.to_string(),
    };
    // The author in the text (citation 0), its note (citation 1); the
    // bracketed one's note after the stop, the space before it gone.
    assert_eq!(
        content,
        &[
            Inline::Text { text: "As ".into() },
            stand_in(0),
            note_ref("^[cite:1]"),
            Inline::Text {
                text: " showed, it drifts.".into()
            },
            note_ref("^[cite:2]"),
        ]
    );
    let in_text: Vec<bool> = c.citations.iter().map(|f| f.in_text).collect();
    assert_eq!(in_text, [true, false, false, false]);
    // The notes made hold their citation alone; the one written in a note
    // stays there.
    let labels: Vec<&str> = c.notes.iter().map(|n| n.label.as_str()).collect();
    assert_eq!(labels, ["^[cite:1]", "^[cite:2]", "n"]);
    let Block::Paragraph { content, .. } = &c.notes[0].blocks[0] else {
        panic!("{:?}", c.notes[0]);
    };
    assert_eq!(content, &[stand_in(1)]);
    let Block::Paragraph { content, .. } = &c.notes[2].blocks[0] else {
        panic!("{:?}", c.notes[2]);
    };
    assert!(content.contains(&stand_in(3)), "{content:?}");
}

#[test]
fn a_citation_in_a_heading_is_a_warning_when_citations_are_read() {
    let (c, said) = parse_citing("# T\n\n## Clocks [@lamport1978]\n\nText.\n");
    assert!(c.citations.is_empty());
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("ch.md:3:11: warning: a citation in a heading is not read"),
        "{said:?}"
    );
    // Without a bibliography nothing is read, and nothing is said of it.
    let (_, said) = parse("# T\n\n## Clocks [@lamport1978]\n\nText.\n");
    assert!(messages(&said).is_empty(), "{:?}", messages(&said));
}
