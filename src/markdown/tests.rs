//! Unit tests of the Markdown reader.

use super::*;
use crate::model::ColumnAlign;

mod callouts;
mod listings;
mod math;
mod pandoc;

fn parse(text: &str) -> (Option<ParsedChapter>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let chapter = parse_chapter(text, Path::new("ch.md"), &mut diags);
    (chapter, diags)
}

fn messages(diags: &Diagnostics) -> Vec<String> {
    diags.items().iter().map(|d| d.to_string()).collect()
}

#[test]
fn title_synopsis_body_and_notes() {
    let src = "+++\nnumber = 12\n+++\n\n# From Bucharest to Moscow\n\n::: synopsis\nFebruary 1960: \"Mikoyan\".\n:::\n\nAll the *representatives*[^1] came.\n\n[^1]: A note.\n";
    let (c, d) = parse(src);
    let c = c.unwrap();
    assert!(d.is_empty(), "{:?}", messages(&d));
    assert_eq!(c.number, Some(NumberSetting::Count(12)));
    assert_eq!(Inline::plain_text(&c.title), "From Bucharest to Moscow");
    assert_eq!(c.synopsis.len(), 1);
    let Block::Paragraph { content, span } = &c.synopsis[0] else {
        panic!()
    };
    assert_eq!(
        Inline::plain_text(content),
        "February 1960: \u{201c}Mikoyan\u{201d}."
    );
    assert_eq!(*span, Span { line: 8, col: 1 });
    assert_eq!(c.blocks.len(), 1);
    let Block::Paragraph { content, span } = &c.blocks[0] else {
        panic!()
    };
    assert_eq!(*span, Span { line: 11, col: 1 });
    assert!(matches!(&content[1], Inline::Emphasis { .. }));
    assert!(matches!(&content[2], Inline::NoteRef { id, .. } if id == "1"));
    assert_eq!(c.notes.len(), 1);
    assert_eq!(c.notes[0].span, Span { line: 13, col: 1 });
    assert_eq!(
        c.references,
        vec![("1".to_string(), Span { line: 11, col: 26 })]
    );
}

#[test]
fn adjacent_text_is_merged() {
    let (c, _) = parse("# T\n\nIt's \"quoted\" -- and so...\non.\n");
    let c = c.unwrap();
    let Block::Paragraph { content, .. } = &c.blocks[0] else {
        panic!()
    };
    assert_eq!(content.len(), 1, "{content:?}");
    assert_eq!(
        Inline::plain_text(content),
        // The spaced dash stays with the word before it.
        "It\u{2019}s \u{201c}quoted\u{201d}\u{a0}\u{2013} and so\u{2026} on."
    );
}

#[test]
fn undefined_note_is_an_error_at_its_position() {
    let (_, d) = parse("# T\n\nText[^nope] and more.\n");
    assert_eq!(messages(&d), vec!["ch.md:3:5: error: note [^nope] is not defined\n  hint: add a definition on its own line: `[^nope]: note text`"]);
}

#[test]
fn duplicate_note_is_an_error() {
    let (_, d) = parse("# T\n\nA[^a].\n\n[^a]: one\n\n[^a]: two\n");
    let m = messages(&d);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].starts_with("ch.md:7:1: error: note [^a] is defined twice"),
        "{m:?}"
    );
}

#[test]
fn html_comments_are_dropped_silently() {
    let (c, d) = parse("# T\n\n<!-- check: allow spelling -->\nSome wrods <!-- a note --> here.\n");
    assert!(d.is_empty(), "{:?}", messages(&d));
    let c = c.unwrap();
    assert_eq!(c.blocks.len(), 1);
    let Block::Paragraph { content, .. } = &c.blocks[0] else {
        panic!("{:?}", c.blocks)
    };
    assert_eq!(Inline::plain_text(content), "Some wrods here.");
}

/// A code fence never closed runs to the end of its block: said at the
/// fence, whether text follows it or not; a closed one (in a quote too,
/// or with a longer closing fence) says nothing.
#[test]
fn an_unclosed_code_fence_is_a_warning_at_the_fence() {
    let (_, d) = parse("# T\n\nText.\n\n```\ncode not closed\n\nMore text.[^1]\n\n[^1]: A note.\n");
    let m = messages(&d);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].starts_with("ch.md:5:1: warning: code fence ``` is never closed"),
        "{m:?}"
    );
    let (_, d) = parse("# T\n\nText.\n\n~~~~\ncode at the end\n~~~\n");
    let m = messages(&d);
    assert!(
        m.len() == 1 && m[0].contains("fence ~~~~ is never closed"),
        "{m:?}"
    );
    for closed in [
        "# T\n\n```rust\nfn main() {}\n```\n\nText.\n",
        "# T\n\n> ```\n> quoted code\n> ```\n\nText.\n",
        "# T\n\n- item\n\n  ```\n  listed code\n  ````\n",
        "# T\n\n```\n```\n",
    ] {
        let (_, d) = parse(closed);
        assert!(messages(&d).is_empty(), "{closed:?}: {:?}", messages(&d));
    }
}

/// A malformed pipe table is said: a delimiter row short of the header
/// (no table is made) and a row with a cell past the last column (the
/// cell is left out).
#[test]
fn malformed_tables_are_warnings() {
    let (c, d) = parse(
        "# T\n\n| Town | Region | Pop |\n|---|---|\n| Tirana | Centre | 1 |\n\n| A | B |\n|---|---|\n| 1 | 2 | 3 |\n| 4 | 5 |\n",
    );
    let m = messages(&d);
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(
        m[0].starts_with("ch.md:3:1: warning: this looks like a table, but its delimiter row has 2 cells and its header 3"),
        "{m:?}"
    );
    assert!(
        m[1].starts_with("ch.md:9:1: warning: this row has 3 cells and the table 2 columns"),
        "{m:?}"
    );
    let c = c.unwrap();
    assert!(
        matches!(c.blocks[0], Block::Paragraph { .. }),
        "{:?}",
        c.blocks[0]
    );
    assert!(
        matches!(c.blocks[1], Block::Table { .. }),
        "{:?}",
        c.blocks[1]
    );
}

/// `<span class="smallcaps">` sets small capitals (pandoc writes its
/// `[…]{.smallcaps}` so); `</span>` closes it as it closes a language
/// span, and one left open ends with its paragraph, with a warning.
#[test]
fn a_small_caps_span_is_small_capitals() {
    let (c, d) = parse("# T\n\nThe <span class=\"smallcaps\">unesco</span> seat, <span class='smallcaps'>bbc <span lang=\"fr\">lui</span></span>.\n");
    assert!(messages(&d).is_empty(), "{:?}", messages(&d));
    let c = c.unwrap();
    let Block::Paragraph { content, .. } = &c.blocks[0] else {
        panic!("{:?}", c.blocks)
    };
    let caps: Vec<String> = content
        .iter()
        .filter_map(|i| match i {
            Inline::SmallCaps { content } => Some(Inline::plain_text(content)),
            _ => None,
        })
        .collect();
    assert_eq!(caps, ["unesco", "bbc lui"]);
    assert_eq!(Inline::plain_text(content), "The unesco seat, bbc lui.");
    let (_, d) = parse("# T\n\nAn <span class=\"smallcaps\">open one.\n");
    assert!(
        messages(&d)[0].contains("`<span>` is not closed"),
        "{:?}",
        messages(&d)
    );
}

/// A heading's `{…}` holds its id alone: a second word, a class or an
/// empty id is an error (the README says so; they were dropped).
#[test]
fn a_malformed_heading_id_is_an_error() {
    for (text, said) in [
        (
            "# T\n\n## Rag paper {#bad id}\n\nText.\n",
            "holds more than its id: id",
        ),
        (
            "# T\n\n## Rag paper {#rag .wide}\n\nText.\n",
            "holds more than its id: .wide",
        ),
        ("# T\n\n## Rag paper {#}\n\nText.\n", "an empty heading id"),
        (
            "# T\n\n## The [Congress]{.index}\n\nText.\n",
            "holds more than its id: .index",
        ),
    ] {
        let (_, d) = parse(text);
        let m = messages(&d);
        assert!(
            m.len() == 1 && m[0].starts_with("ch.md:3:1: error: ") && m[0].contains(said),
            "{text:?}: {m:?}"
        );
    }
    // An index mark closing the line: the hint says where it may go.
    let (_, d) = parse("# T\n\n## The [Congress]{.index}\n\nText.\n");
    let hint = d.items()[0].hint.as_deref().unwrap_or("");
    assert!(hint.contains("index mark cannot end a heading"), "{hint}");
    // Pandoc's "no number" (`{-}`, `.unnumbered`) is what bookpack does.
    for text in [
        "# T\n\n## Rag paper {#rag-paper}\n\nText.\n",
        "# T\n\n## Sources {.unnumbered}\n\nText.\n",
        "# T\n\n## Sources {#src .unnumbered}\n\nText.\n",
        "# T\n\n## Sources {-}\n\nText.\n",
    ] {
        let (_, d) = parse(text);
        assert!(messages(&d).is_empty(), "{text:?}: {:?}", messages(&d));
    }
}

/// Pandoc's YAML metadata block at a chapter's start is left out with a
/// warning (as Markdown it became a rule and a heading of its keys); a
/// rule with a blank line after it is still a rule.
#[test]
fn yaml_front_matter_is_left_out_with_a_warning() {
    let (c, d) = parse("---\ntitle: The Room\nlang: en-GB\n---\n\n# The Room\n\nText.\n");
    let c = c.unwrap();
    let m = messages(&d);
    assert!(
        m.len() == 1 && m[0].starts_with("ch.md:1:1: warning: YAML front matter"),
        "{m:?}"
    );
    assert_eq!(Inline::plain_text(&c.title), "The Room");
    assert_eq!(c.blocks.len(), 1, "{:?}", c.blocks);
    let (c, d) = parse("# The Room\n\n---\n\nText.\n");
    assert!(messages(&d).is_empty(), "{:?}", messages(&d));
    assert_eq!(c.unwrap().blocks.len(), 2);
}

#[test]
fn raw_html_is_text_with_a_warning() {
    let (c, d) = parse("# T\n\nA <b>bold</b> claim.\n\n<div>block</div>\n");
    let c = c.unwrap();
    let m = messages(&d);
    assert_eq!(m.len(), 3, "{m:?}");
    assert!(
        m[0].starts_with("ch.md:3:3: warning: raw HTML `<b>`"),
        "{m:?}"
    );
    assert!(
        m[2].starts_with("ch.md:5:1: warning: raw HTML block"),
        "{m:?}"
    );
    let Block::Paragraph { content, .. } = &c.blocks[0] else {
        panic!()
    };
    assert_eq!(Inline::plain_text(content), "A <b>bold</b> claim.");
    let Block::Paragraph { content, .. } = &c.blocks[1] else {
        panic!()
    };
    assert_eq!(Inline::plain_text(content), "<div>block</div>");
}

#[test]
fn missing_title_and_bad_fences() {
    // A numbered chapter (part, appendix) may go without a title, as a
    // novel's chapters often do; an unnumbered one may not.
    for source in [
        "Just text.\n",
        "+++\nkind = \"part\"\n+++\n\nText.\n",
        "+++\nkind = \"preface\"\nnumber = \"7\"\n+++\n\nText.\n",
    ] {
        let (c, d) = parse(source);
        assert!(c.is_some_and(|c| c.title.is_empty()), "{source}");
        assert!(!d.has_errors(), "{source}: {:?}", messages(&d));
    }
    for source in [
        "+++\nnumbered = false\n+++\n\nJust text.\n",
        "+++\nkind = \"preface\"\n+++\n\nJust text.\n",
    ] {
        let (c, d) = parse(source);
        assert!(c.is_none());
        assert!(
            messages(&d)[0].contains("error: the chapter has no title"),
            "{source}"
        );
    }
    let (c, d) = parse("# T\n\n::: synopsis\nA\n");
    assert!(c.is_none());
    assert!(messages(&d)[0].starts_with("ch.md:3:1: error: this `:::` block is never closed"));
    let (c, d) = parse("# T\n\n:::\n");
    assert!(c.is_none());
    assert!(messages(&d)[0].contains("never opened"));
}

#[test]
fn blocks_of_every_kind() {
    let src = "# T\n\n## Section\n\n> quoted\n\n1. one\n2. two\n\n- a\n\n  b\n\n---\n\n```rust\nfn x() {}\n```\n\nLine  \nbreak [link](https://example.org) `code` **strong**\n";
    let (c, d) = parse(src);
    assert!(d.is_empty(), "{:?}", messages(&d));
    let kinds: Vec<&str> = c
        .unwrap()
        .blocks
        .iter()
        .map(|b| match b {
            Block::Heading { .. } => "h",
            Block::BlockQuote { .. } => "q",
            Block::List {
                start: Some(1),
                items,
                ..
            } if items.len() == 2 => "ol",
            Block::List {
                start: None, items, ..
            } if items[0].len() == 2 => "ul",
            Block::ThematicBreak { .. } => "hr",
            Block::CodeBlock {
                language: Some(l),
                text,
                ..
            } if l == "rust" && text == "fn x() {}\n" => "code",
            Block::Paragraph { content, .. } if content.len() == 8 => "p",
            _ => "?",
        })
        .collect();
    assert_eq!(kinds, ["h", "q", "ol", "ul", "hr", "code", "p"]);
}

#[test]
fn links_are_listed_with_their_positions() {
    let (c, d) = parse("# T\n\n[a](javascript:alert(1)) [b](https://example.org)\n<x@example.org> [c](two.md#x) [ ](https://e.org) [](#fig-a) [](https://f.org)\n");
    let m = messages(&d);
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(
        m[0].starts_with("ch.md:4:31: warning: link `https://e.org` has no text"),
        "{m:?}"
    );
    // An empty link inside the book is kept, to take its target's words;
    // one to a web address has none to take.
    assert!(
        m[1].starts_with("ch.md:4:61: warning: link `https://f.org` has no text"),
        "{m:?}"
    );
    let found: Vec<(String, Span, bool)> = c
        .unwrap()
        .links
        .into_iter()
        .map(|l| (l.dest, l.span, l.empty))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "javascript:alert(1)".to_string(),
                Span { line: 3, col: 1 },
                false
            ),
            (
                "https://example.org".to_string(),
                Span { line: 3, col: 26 },
                false
            ),
            (
                "mailto:x@example.org".to_string(),
                Span { line: 4, col: 1 },
                false
            ),
            ("two.md#x".to_string(), Span { line: 4, col: 17 }, false),
            ("#fig-a".to_string(), Span { line: 4, col: 50 }, true),
        ]
    );
}

/// `@fig-a` is listed as an empty link where it is written, in reading
/// order among the links; escaped, it is text.
#[test]
fn cross_references_are_listed_with_the_links() {
    let (c, d) = parse("# T\n\nSee @fig-a, [b](#b)\nand *@tbl-c* but \\@fig-d.\n");
    assert!(messages(&d).is_empty(), "{:?}", messages(&d));
    let c = c.unwrap();
    let found: Vec<(String, u32, u32, bool)> = c
        .links
        .into_iter()
        .map(|l| (l.dest, l.span.line, l.span.col, l.empty))
        .collect();
    assert_eq!(
        found,
        [
            ("@fig-a".to_string(), 3, 5, true),
            ("#b".to_string(), 3, 13, false),
            ("@tbl-c".to_string(), 4, 6, true),
        ]
    );
    let Block::Paragraph { content, .. } = &c.blocks[0] else {
        panic!("{:?}", c.blocks)
    };
    assert!(
        Inline::plain_text(content).ends_with("but @fig-d."),
        "{content:?}"
    );
}

fn body(src: &str) -> (Vec<Block>, Vec<String>) {
    let (c, d) = parse(src);
    (c.map(|c| c.blocks).unwrap_or_default(), messages(&d))
}

#[test]
fn an_image_alone_is_a_figure_with_its_title_as_caption() {
    let (blocks, m) = body("# T\n\n![A *map*](img/map.png \"The *ground*[^a]\")\n\n[^a]: Note.\n");
    assert!(m.is_empty(), "{m:?}");
    let Block::Figure {
        image,
        caption,
        span,
        id: None,
        label: None,
    } = &blocks[0]
    else {
        panic!("{blocks:?}")
    };
    assert_eq!(
        (image.src.as_str(), image.alt.as_str()),
        ("img/map.png", "A map")
    );
    assert_eq!(*span, Span { line: 3, col: 1 });
    assert_eq!(Inline::plain_text(caption), "The ground");
    assert!(matches!(&caption[1], Inline::Emphasis { .. }));
    assert!(matches!(&caption[2], Inline::NoteRef { id, .. } if id == "a"));
}

#[test]
fn images_in_running_text_and_empty_alt_are_warned_about() {
    let (blocks, m) =
        body("# T\n\nSee ![a map](m.png) here.\n\n![](x.png)\n\n![b](y.png) and text\n");
    assert_eq!(m.len(), 3, "{m:?}");
    assert!(
        m[0].starts_with("ch.md:3:5: warning: image `m.png` inside running text"),
        "{m:?}"
    );
    assert!(
        m[1].starts_with("ch.md:5:1: warning: image `x.png` has no description"),
        "{m:?}"
    );
    assert!(
        m[2].starts_with("ch.md:7:1: warning: image `y.png` inside running text"),
        "{m:?}"
    );
    let texts: Vec<String> = blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { content, .. } => Inline::plain_text(content),
            Block::Figure { image, .. } => format!("figure {}", image.src),
            _ => "?".into(),
        })
        .collect();
    assert_eq!(texts, ["See a map here.", "figure x.png", "b and text"]);
}

#[test]
fn an_undefined_note_in_a_caption_is_an_error() {
    let (_, m) = body("# T\n\n![a](m.png \"Cap[^zz]\")\n");
    assert!(
        m[0].starts_with("ch.md:3:1: error: note [^zz] is not defined"),
        "{m:?}"
    );
}

/// Quarto writes a table's caption as pandoc's bare `: Caption`, under
/// the table, its id at its end; it was left as a paragraph opening with
/// a colon.
#[test]
fn a_colon_caption_under_a_table_is_its_caption_as_quarto_writes_it() {
    let src = "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n: Sums {#tbl-sums}\n\n| c |\n|---|\n| 3 |\n\n:: not one\n";
    let (blocks, m) = body(src);
    assert!(m.is_empty(), "{m:?}");
    let Block::Table { caption, id, .. } = &blocks[0] else {
        panic!("{blocks:?}")
    };
    assert_eq!(Inline::plain_text(caption), "Sums");
    assert_eq!(id.as_deref(), Some("tbl-sums"));
    let Block::Table { caption, .. } = &blocks[1] else {
        panic!("{blocks:?}")
    };
    assert!(caption.is_empty(), "{caption:?}");
    assert_eq!(blocks.len(), 3, "{blocks:?}");
}

#[test]
fn tables_keep_alignment_cells_and_pandoc_captions() {
    let src = "# T\n\nTable: Before\n\n| a | b | c |\n|:--|:-:|--:|\n| 1 -- 2 | `x--y` | \"q\" |\n| only |\n\nTable: After\n\nText.\n";
    let (blocks, m) = body(src);
    assert!(m.is_empty(), "{m:?}");
    assert_eq!(blocks.len(), 3, "{blocks:?}");
    let Block::Paragraph { content, .. } = &blocks[0] else {
        panic!("{blocks:?}")
    };
    // The caption after the table wins; the one before stays a paragraph.
    assert_eq!(Inline::plain_text(content), "Table: Before");
    let Block::Table {
        caption,
        align,
        head,
        rows,
        ..
    } = &blocks[1]
    else {
        panic!("{blocks:?}")
    };
    assert_eq!(Inline::plain_text(caption), "After");
    assert_eq!(
        align,
        &[ColumnAlign::Left, ColumnAlign::Center, ColumnAlign::Right]
    );
    assert_eq!(head.len(), 3);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].len(), 3, "short rows are filled");
    let cell = |r: usize, c: usize| Inline::plain_text(&rows[r][c]);
    assert_eq!(cell(0, 0), "1\u{a0}\u{2013} 2");
    assert_eq!(
        rows[0][1],
        vec![Inline::Code {
            text: "x--y".into()
        }]
    );
    assert_eq!(cell(0, 2), "\u{201c}q\u{201d}");
}

#[test]
fn strikethrough_superscript_subscript() {
    let (blocks, m) =
        body("# T\n\n~~gone~~ x ^2^ mc^2^ H~2~O 1^st^ a\\^b^ 2^10 and ~5 km `a^b^`\n");
    assert!(m.is_empty(), "{m:?}");
    let Block::Paragraph { content, .. } = &blocks[0] else {
        panic!()
    };
    let kinds: Vec<String> = content
        .iter()
        .map(|i| match i {
            Inline::Text { text } => format!("t:{text}"),
            Inline::Strikethrough { content } => format!("del:{}", Inline::plain_text(content)),
            Inline::Superscript { content } => format!("sup:{}", Inline::plain_text(content)),
            Inline::Subscript { content } => format!("sub:{}", Inline::plain_text(content)),
            Inline::Code { text } => format!("code:{text}"),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "del:gone",
            "t: x ",
            "sup:2",
            "t: mc",
            "sup:2",
            "t: H",
            "sub:2",
            "t:O 1",
            "sup:st",
            "t: a^b^ 2^10 and ~5 km ",
            "code:a^b^"
        ]
    );
}

#[test]
fn definition_lists() {
    let (blocks, m) = body("# T\n\nTerm\n: One.\n: Two.\n\nOther *term*\n: Three.\n");
    assert!(m.is_empty(), "{m:?}");
    let Block::DefinitionList { items, .. } = &blocks[0] else {
        panic!("{blocks:?}")
    };
    assert_eq!(items.len(), 2);
    assert_eq!(Inline::plain_text(&items[0].term), "Term");
    assert_eq!(items[0].definitions.len(), 2);
    assert!(
        matches!(&items[0].definitions[1][0], Block::Paragraph { content, .. } if Inline::plain_text(content) == "Two.")
    );
    assert_eq!(Inline::plain_text(&items[1].term), "Other term");
}

#[test]
fn web_addresses_in_text_keep_their_characters() {
    let (blocks, _) =
        body("# T\n\nSee https://example.org/a--b/c's... and \"www.x.org/--\" -- done.\n");
    let Block::Paragraph { content, .. } = &blocks[0] else {
        panic!()
    };
    assert_eq!(
        Inline::plain_text(content),
        "See https://example.org/a--b/c's\u{2026} and \u{201c}www.x.org/--\u{201d}\u{a0}\u{2013} done."
    );
}

#[test]
fn empty_headings_are_left_out_with_a_warning() {
    let (c, d) = parse("# T\n\n## \n#\n### ###\n## [^1]\n\n[^1]: n\n");
    let m = messages(&d);
    assert_eq!(m.len(), 3, "{m:?}");
    assert!(m[0].starts_with("ch.md:3:1: warning: an empty heading is left out"));
    assert!(m[2].starts_with("ch.md:5:1: warning"), "{m:?}");
    // A heading holding only a note reference shows its number: kept.
    assert_eq!(c.unwrap().blocks.len(), 1);
}

#[test]
fn bad_front_matter_is_located() {
    let (_, d) = parse("+++\nnumber = 2\nkind = \"preamble\"\n+++\n# T\n");
    let m = messages(&d);
    assert!(m[0].starts_with("ch.md:3:1: error: front matter"), "{m:?}");
    assert!(m[0].contains("dedication"), "lists the kinds: {m:?}");
    let (_, d) = parse("+++\nlanguage = \"French\"\n+++\n# T\n");
    assert!(messages(&d)[0].starts_with("ch.md:2:1: error: front matter: `language`"));
    let (_, d) = parse("+++\nnumber = 2\nnumbered = false\n+++\n# T\n");
    assert!(messages(&d)[0].starts_with("ch.md:3:1: error: front matter: `numbered = false`"));
}

#[test]
fn front_matter_kinds_and_untitled_dedications() {
    let (c, d) = parse("+++\nkind = \"dedication\"\n+++\n\n*For M.*\n");
    assert!(d.is_empty(), "{:?}", messages(&d));
    let c = c.unwrap();
    assert_eq!(c.kind, ChapterKind::Dedication);
    assert!(c.title.is_empty());
    let (c, _) = parse("+++\nkind = \"preface\"\n+++\n");
    assert!(c.is_none(), "a preface needs its title");
    let (c, d) = parse("+++\nkind = \"appendix\"\nnumber = \"IV\"\nshort-title = \" Notes \"\nlanguage = \"fr\"\n+++\n# Long {#app}\n\n## Sub {#sub-1}\n");
    assert!(d.is_empty(), "{:?}", messages(&d));
    let c = c.unwrap();
    assert_eq!(c.number, Some(NumberSetting::Text("IV".into())));
    assert_eq!(c.short_title.as_deref(), Some("Notes"));
    assert_eq!(c.language.as_deref(), Some("fr"));
    assert_eq!(c.title_id.as_deref(), Some("app"));
    assert!(matches!(&c.blocks[0], Block::Heading { id, .. } if id == "sub-1"));
}

#[test]
fn inline_styles_nested_past_the_limit_are_set_at_it() {
    // 10,000 emphases, strongs and strikes nested: the model keeps every
    // word but no more than `MAX_NESTING` levels, with one warning.
    let n = 10_000;
    let src = format!(
        "# T\n\n{}x{}\n",
        "*a **b ~~c ".repeat(n / 3),
        " c~~ b** a*".repeat(n / 3)
    );
    let (blocks, msgs) = body(&src);
    fn depth(inlines: &[Inline]) -> usize {
        inlines
            .iter()
            .map(|i| match i {
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Strikethrough { content } => 1 + depth(content),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }
    fn text(inlines: &[Inline], out: &mut String) {
        for i in inlines {
            match i {
                Inline::Text { text: t } => out.push_str(t),
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Strikethrough { content } => text(content, out),
                _ => {}
            }
        }
    }
    let Some(Block::Paragraph { content, .. }) = blocks.first() else {
        panic!("{blocks:?}");
    };
    assert_eq!(depth(content), nesting::MAX_NESTING);
    let mut all = String::new();
    text(content, &mut all);
    let letters: String = all.chars().filter(|c| c.is_alphabetic()).collect();
    assert_eq!(
        letters,
        format!("{}x{}", "abc".repeat(n / 3), "cba".repeat(n / 3))
    );
    let warned: Vec<_> = msgs
        .iter()
        .filter(|m| m.contains("nested more than"))
        .collect();
    assert_eq!(warned.len(), 1, "{msgs:?}");
    assert!(warned[0].starts_with("ch.md:3:"), "{warned:?}");
}

#[test]
fn a_literal_note_reference_is_found_after_other_brackets() {
    let whole = |text: &str| undefined_references(text, std::slice::from_ref(&(0..text.len())));
    assert_eq!(
        whole("see [x] and [[^n] or [^ m] then ["),
        vec![("n".to_string(), 13)]
    );
    assert!(whole("a [^lo").is_empty());
    // Split over touching ranges, as the parser leaves it.
    let text = "a [^long] b";
    assert_eq!(
        undefined_references(text, &[0..3, 3..6, 6..text.len()]),
        vec![("long".to_string(), 2)]
    );
}

#[test]
fn text_without_scripts_is_kept_as_it_is() {
    let plain = Inline::Text {
        text: "H2O and “quotes”, no carets".into(),
    };
    assert_eq!(scripts(vec![plain.clone()]), vec![plain]);
    // A stand-in for `\^` is turned back even where no script is.
    let escaped = Inline::Text {
        text: format!("a {ESCAPED_CARET}b"),
    };
    assert_eq!(
        scripts(vec![escaped]),
        vec![Inline::Text {
            text: "a ^b".into()
        }]
    );
    assert_eq!(
        scripts(vec![Inline::Text {
            text: "H~2~O".into()
        }]),
        vec![
            Inline::Text { text: "H".into() },
            Inline::Subscript {
                content: vec![Inline::Text { text: "2".into() }]
            },
            Inline::Text { text: "O".into() },
        ]
    );
}

/// A straight `"` smart punctuation cannot pair closes where it can only
/// close (pulldown-cmark made every one an opening “), and Hebrew's `"`
/// and `'` are its gershayim and geresh: the marks `check` shows.
#[test]
fn straight_quotes_become_the_marks_check_shows() {
    for (source, set) in [
        ("A 12\" ruler and a 3\" nail.", "A 12” ruler and a 3” nail."),
        ("He was 5'10\" tall.", "He was 5’10” tall."),
        (
            "\"Quoted,\" he said \"twice.\"",
            "“Quoted,” he said “twice.”",
        ),
        ("Rock 'n' roll in the '60s.", "Rock ’n’ roll in the ’60s."),
        ("רש\"י וג'ירפה.", "רש״י וג׳ירפה."),
        // A `'` that closes a single quotation opened before it is its
        // closing mark, after emphasis too; inside a word, or with no
        // quotation open, a geresh.
        ("היא אמרה 'שלום' לכולם.", "היא אמרה ‘שלום’ לכולם."),
        ("אמר '*שלום* לכולם' וג'ירפה.", "אמר ‘שלום לכולם’ וג׳ירפה."),
        ("אמר *'שלום'* לכולם.", "אמר ‘שלום’ לכולם."),
        ("'ש\"ח' וג'ירפה.", "‘ש״ח’ וג׳ירפה."),
        ("עלה 5 ש\"ח, לא 5 ש'.", "עלה 5 ש״ח, לא 5 ש׳."),
        ("'שלום' ג' ירפה.", "‘שלום’ ג׳ ירפה."),
    ] {
        let (c, _) = parse(&format!("# T\n\n{source}\n"));
        let Block::Paragraph { content, .. } = &c.unwrap().blocks[0] else {
            panic!()
        };
        assert_eq!(Inline::plain_text(content), set, "{source}");
    }
    // After markup a quote still opens.
    let (c, _) = parse("# T\n\nThen <span lang=\"en\">\"Yes\"</span> he said.\n");
    let Block::Paragraph { content, .. } = &c.unwrap().blocks[0] else {
        panic!()
    };
    assert_eq!(Inline::plain_text(content), "Then “Yes” he said.");
}

/// Emphasis opened and never closed is printed with its marks: a warning
/// says where. Closed emphasis, a multiplication, a mark inside a word or
/// escaped, and a list's bullet are not.
#[test]
fn unclosed_emphasis_is_a_warning() {
    let (_, d) = parse("# T\n\nThis is *unclosed and more.\n\nAnd **bold never closed.\n");
    let m = messages(&d);
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(
        m[0].starts_with("ch.md:3:9: warning: `*` opens emphasis that is never closed"),
        "{m:?}"
    );
    assert!(
        m[1].starts_with("ch.md:5:5: warning: `**` opens emphasis"),
        "{m:?}"
    );
    let (_, d) = parse(
        "# T\n\nFine: *closed*, **bold**, 2 * 3 = 6, snake_case, 5*3, a \\*star, _it_.\n\n* a bullet\n* *two*\n",
    );
    assert!(messages(&d).is_empty(), "{:?}", messages(&d));
}

fn verse_shape(block: &Block) -> Vec<Vec<(u8, String)>> {
    let Block::Verse { stanzas, .. } = block else {
        panic!("not verse: {block:?}")
    };
    stanzas
        .iter()
        .map(|s| {
            s.iter()
                .map(|l| (l.indent, Inline::plain_text(&l.content)))
                .collect()
        })
        .collect()
}

/// `::: verse`: a line per source line (a closing `\` changes nothing),
/// stanzas at blank lines, indents from spaces and no-break spaces (the
/// block's own indentation taken off), inline markup and notes inside
/// lines, emphasis across them; block markers at a line's start are text.
#[test]
fn verse_blocks_keep_lines_stanzas_and_indents() {
    let src = "# T\n\nBefore.\n\n::: verse\n  The *first line,\\\n      indented two*[^a]\n  &nbsp;&nbsp;by no-break spaces\n\n\n  # not a heading\n  - nor an item\n:::\n\nAfter.\n\n[^a]: A note.\n";
    let (c, d) = parse(src);
    assert!(d.is_empty(), "{:?}", messages(&d));
    let c = c.unwrap();
    assert_eq!(c.blocks.len(), 3, "{:?}", c.blocks);
    assert_eq!(
        verse_shape(&c.blocks[1]),
        [
            vec![
                (0, "The first line,".to_string()),
                (2, "indented two".to_string()),
                (2, "by no-break spaces".to_string())
            ],
            vec![
                (0, "# not a heading".to_string()),
                (0, "- nor an item".to_string())
            ],
        ]
    );
    let Block::Verse { stanzas, span } = &c.blocks[1] else {
        panic!()
    };
    assert_eq!(*span, Span { line: 5, col: 1 });
    assert_eq!(stanzas[0][1].span, Span { line: 7, col: 7 });
    assert!(matches!(&stanzas[0][0].content[1], Inline::Emphasis { .. }));
    assert!(matches!(&stanzas[0][1].content[0], Inline::Emphasis { .. }));
    assert!(matches!(&stanzas[0][1].content[1], Inline::NoteRef { id, .. } if id == "a"));
    assert_eq!(c.references, [("a".to_string(), Span { line: 7, col: 7 })]);
    // `::: {.poem}` is verse too.
    let (c, d) = parse("# T\n\n::: {.poem}\nOne\ntwo\n:::\n");
    assert!(d.is_empty(), "{:?}", messages(&d));
    assert_eq!(c.unwrap().blocks.len(), 1);
}

/// A poem in another language or direction: `{.verse lang=fr}` (the
/// attributes in either order, `.poem` as well) sets each line in it, as
/// `::: {lang=fr}` sets a passage's paragraphs; anything else beside the
/// class is still an unknown class.
#[test]
fn verse_takes_a_language_and_a_direction() {
    let lang_of = |block: &Block| {
        let Block::Verse { stanzas, .. } = block else {
            panic!("not verse: {block:?}")
        };
        stanzas
            .iter()
            .flatten()
            .map(|l| match &l.content[..] {
                [Inline::Span { lang, dir, .. }] => (lang.clone(), dir.clone()),
                other => panic!("a line not in a passage: {other:?}"),
            })
            .collect::<Vec<_>>()
    };
    for fence in ["{.verse lang=fr}", "{lang=\"fr\" .poem}", "verse lang=fr"] {
        let (c, d) = parse(&format!(
            "# T\n\n::: {fence}\nMon enfant, ma sœur,\n\nSonge à la douceur\n:::\n"
        ));
        assert!(d.is_empty(), "{fence}: {:?}", messages(&d));
        let blocks = c.unwrap().blocks;
        let fr = (Some("fr".to_string()), None);
        assert_eq!(lang_of(&blocks[0]), [fr.clone(), fr], "{fence}");
    }
    let (c, _) = parse("# T\n\n::: {.verse dir=rtl lang=he}\nשיר\n:::\n");
    assert_eq!(
        lang_of(&c.unwrap().blocks[0]),
        [(Some("he".to_string()), Some("rtl".to_string()))]
    );
    let (c, d) = parse("# T\n\n::: {.verse .wide}\nOne\n:::\n");
    assert!(!matches!(c.unwrap().blocks[0], Block::Verse { .. }));
    let m = messages(&d);
    assert!(
        m.len() == 1 && m[0].contains("unknown block class `verse .wide`"),
        "{m:?}"
    );
}

/// Pandoc's line blocks are verse: `|` alone or a blank line between
/// stanzas, spaces after the bar an indent; a pipe table is not one.
#[test]
fn line_blocks_are_verse() {
    let src = "# T\n\n| The pandoc line block\n|     keeps its indentation\n|\n| and its stanzas.\n\n| A third.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
    let (c, d) = parse(src);
    assert!(d.is_empty(), "{:?}", messages(&d));
    let c = c.unwrap();
    assert_eq!(c.blocks.len(), 2, "{:?}", c.blocks);
    assert_eq!(
        verse_shape(&c.blocks[0]),
        [
            vec![
                (0, "The pandoc line block".to_string()),
                (2, "keeps its indentation".to_string())
            ],
            vec![(0, "and its stanzas.".to_string())],
            vec![(0, "A third.".to_string())],
        ]
    );
    assert!(matches!(c.blocks[1], Block::Table { .. }));
}

/// An empty verse block is a warning, not a panic or an empty block.
#[test]
fn an_empty_verse_block_is_a_warning() {
    let (c, d) = parse("# T\n\n::: verse\n\n:::\n\nText.\n");
    assert_eq!(c.unwrap().blocks.len(), 1);
    let m = messages(&d);
    assert!(
        m.len() == 1 && m[0].starts_with("ch.md:3:1: warning: ") && m[0].contains("empty"),
        "{m:?}"
    );
}

#[test]
fn a_fence_inside_a_block_quote_is_said_to_be_unread() {
    let (c, d) = parse("# T\n\n> ::: verse\n> A line,\n> another.\n> :::\n>\n> --- Someone\n");
    assert!(c.is_some());
    let m = messages(&d);
    assert!(
        m.len() == 1
            && m[0].starts_with("ch.md:3:3: warning: `::: verse` inside a block quote is not read"),
        "{m:?}"
    );
    // Quoted text that merely mentions `:::` is no fence.
    let (_, d) = parse("# T\n\n> The `:::` marks.\n> :::\n");
    assert!(messages(&d).is_empty(), "{:?}", messages(&d));
}
