//! Callouts in a chapter: GitHub's alerts and Quarto's fences read as `Block::Callout`, their titles, and the warnings for kinds bookpack does not know.

use super::*;
use crate::model::CalloutKind;

/// The chapter's one callout after its title heading: kind, title text,
/// blocks, span.
fn callout(text: &str) -> (CalloutKind, String, Vec<Block>, Span, Vec<String>) {
    let (c, d) = parse(&format!("# T\n\n{text}"));
    let c = c.expect("the chapter parses");
    let [Block::Callout {
        kind,
        title,
        blocks,
        span,
    }] = &c.blocks[..]
    else {
        panic!("one callout: {:?}", c.blocks)
    };
    (
        *kind,
        Inline::plain_text(title),
        blocks.clone(),
        *span,
        messages(&d),
    )
}

fn texts(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { content, .. } => Inline::plain_text(content),
            Block::List { .. } => "(list)".into(),
            Block::CodeBlock { text, .. } => format!("(code {})", text.trim_end()),
            Block::Heading { content, .. } => format!("(heading {})", Inline::plain_text(content)),
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn every_github_alert_is_a_callout_of_its_kind() {
    for (marker, kind) in [
        ("NOTE", CalloutKind::Note),
        ("TIP", CalloutKind::Tip),
        ("IMPORTANT", CalloutKind::Important),
        ("WARNING", CalloutKind::Warning),
        ("caution", CalloutKind::Caution),
    ] {
        let (k, title, blocks, span, said) = callout(&format!("> [!{marker}]\n> Mind the step.\n"));
        assert_eq!(k, kind, "{marker}");
        assert_eq!(title, "", "an alert has no title of its own");
        assert_eq!(texts(&blocks), ["Mind the step."]);
        assert_eq!(span, Span { line: 3, col: 1 });
        assert!(said.is_empty(), "{said:?}");
    }
}

#[test]
fn an_alert_holds_lists_and_code() {
    let (_, _, blocks, _, said) =
        callout("> [!TIP]\n> Do this:\n>\n> - one\n> - two\n>\n> ```sh\n> make\n> ```\n");
    assert_eq!(texts(&blocks), ["Do this:", "(list)", "(code make)"]);
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn a_quote_that_is_not_an_alert_stays_a_quote() {
    let (c, d) = parse("# T\n\n> [!NOTE] with words after\n\n> Plain.\n");
    let c = c.unwrap();
    assert!(
        c.blocks
            .iter()
            .all(|b| matches!(b, Block::BlockQuote { .. })),
        "{:?}",
        c.blocks
    );
    assert!(d.is_empty(), "{:?}", messages(&d));
}

#[test]
fn an_unknown_alert_is_a_note_with_a_located_warning_naming_the_near_kind() {
    let (kind, _, blocks, _, said) = callout("> [!DANGER]\n> Live wires.\n");
    assert_eq!(kind, CalloutKind::Note);
    assert_eq!(texts(&blocks), ["Live wires."], "the marker is taken out");
    assert_eq!(
        said,
        ["ch.md:3:3: warning: unknown callout kind `[!DANGER]`; its content is set as a note\n  \
          hint: did you mean `[!caution]`? the kinds are `[!note]`, `[!tip]`, `[!important]`, `[!warning]`, `[!caution]`"]
    );
}

#[test]
fn a_quarto_callout_takes_its_title_attribute_as_inline_markdown() {
    let (kind, title, blocks, span, said) =
        callout("::: {.callout-tip title=\"Faster *and* safer\"}\nBleed the radiators.\n:::\n");
    assert_eq!(kind, CalloutKind::Tip);
    assert_eq!(title, "Faster and safer");
    assert_eq!(texts(&blocks), ["Bleed the radiators."]);
    assert_eq!(span, Span { line: 3, col: 1 });
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn a_quarto_callouts_first_heading_is_its_title_not_a_section() {
    for level in ["#", "##", "###"] {
        let (kind, title, blocks, _, said) = callout(&format!(
            "::: callout-warning\n{level} Before you begin\n\nTurn off the power.\n\n## A later heading\n:::\n"
        ));
        assert_eq!(kind, CalloutKind::Warning);
        assert_eq!(title, "Before you begin", "{level}");
        assert_eq!(
            texts(&blocks),
            ["Turn off the power.", "(heading A later heading)"]
        );
        assert!(said.is_empty(), "{said:?}");
    }
}

#[test]
fn a_title_attribute_wins_over_a_first_heading() {
    let (_, title, blocks, _, _) =
        callout("::: {.callout-note title='Given'}\n## Kept as a heading\n\nText.\n:::\n");
    assert_eq!(title, "Given");
    assert_eq!(texts(&blocks), ["(heading Kept as a heading)", "Text."]);
}

#[test]
fn every_quarto_kind_is_read_and_web_only_attributes_are_left_quietly() {
    for kind in CalloutKind::ALL {
        let (k, _, _, _, said) = callout(&format!(
            "::: {{.callout-{} collapse=\"true\" icon=false appearance=\"simple\" #nte-a}}\nText.\n:::\n",
            kind.name()
        ));
        assert_eq!(k, kind);
        assert!(said.is_empty(), "{said:?}");
    }
}

#[test]
fn an_unknown_quarto_kind_is_a_note_with_a_located_warning() {
    let (kind, _, blocks, _, said) = callout("::: {.callout-warnin}\nHot.\n:::\n");
    assert_eq!(kind, CalloutKind::Note);
    assert_eq!(texts(&blocks), ["Hot."]);
    assert_eq!(
        said,
        ["ch.md:3:7: warning: unknown callout kind `callout-warnin`; its content is set as a note\n  \
          hint: did you mean `callout-warning`? the kinds are `callout-note`, `callout-tip`, `callout-important`, `callout-warning`, `callout-caution`"]
    );
}

#[test]
fn an_attribute_a_callout_does_not_take_is_a_warning_where_it_stands() {
    let (_, _, _, _, said) = callout("::: {.callout-note lang=fr}\nText.\n:::\n");
    assert_eq!(
        said,
        [
            "ch.md:3:20: warning: `lang=fr` is not read on a callout; it is left out\n  \
          hint: a callout takes its kind (`.callout-note`) and `title=\"…\"`"
        ]
    );
}

#[test]
fn an_empty_callout_is_left_out_with_a_warning() {
    let (c, d) = parse("# T\n\n::: callout-note\n:::\n\nText.\n");
    assert_eq!(c.unwrap().blocks.len(), 1);
    assert_eq!(
        messages(&d),
        ["ch.md:3:1: warning: an empty callout is left out\n  \
          hint: write its text between the `:::` lines, or delete them"]
    );
}

#[test]
fn blocks_around_a_fenced_callout_stay_outside_it() {
    let (c, d) =
        parse("# T\n\nBefore.\n\n::: callout-tip\nInside.\n\nAlso inside.\n:::\n\nAfter.\n");
    let c = c.unwrap();
    assert!(d.is_empty(), "{:?}", messages(&d));
    assert_eq!(c.blocks.len(), 3);
    let Block::Callout { blocks, .. } = &c.blocks[1] else {
        panic!("{:?}", c.blocks)
    };
    assert_eq!(texts(blocks), ["Inside.", "Also inside."]);
    assert_eq!(texts(&c.blocks[2..]), ["After."]);
}

/// Fenced divs nest as pandoc's (and so Quarto's) do: a fence with a
/// class opens one inside the open one, a bare `:::` closes the
/// innermost, whatever its number of colons. It was an error.
#[test]
fn a_fenced_callout_nests_inside_another_as_in_pandoc() {
    let (c, d) = parse(
        "# T\n\n:::: {.callout-tip}\nOuter.\n\n::: {.callout-note}\nInner.\n:::\n\n::: callout-warning\nSecond.\n:::\n\nOuter again.\n::::\n\nAfter.\n",
    );
    assert!(d.is_empty(), "{:?}", messages(&d));
    let c = c.unwrap();
    assert_eq!(texts(&c.blocks[1..]), ["After."]);
    let Block::Callout {
        kind: CalloutKind::Tip,
        blocks,
        ..
    } = &c.blocks[0]
    else {
        panic!("{:?}", c.blocks)
    };
    assert_eq!(blocks.len(), 4, "{blocks:?}");
    assert_eq!(texts(&blocks[..1]), ["Outer."]);
    assert_eq!(texts(&blocks[3..]), ["Outer again."]);
    let inner: Vec<(CalloutKind, Vec<String>, Span)> = blocks[1..3]
        .iter()
        .map(|b| match b {
            Block::Callout {
                kind, blocks, span, ..
            } => (*kind, texts(blocks), *span),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        inner,
        [
            (
                CalloutKind::Note,
                vec!["Inner.".to_string()],
                Span { line: 6, col: 1 }
            ),
            (
                CalloutKind::Warning,
                vec!["Second.".to_string()],
                Span { line: 10, col: 1 }
            ),
        ]
    );
    // A callout holding only another is not empty.
    let (c, d) = parse("# T\n\n::::: callout-tip\n::: callout-note\nInner.\n:::\n:::::\n");
    assert!(d.is_empty(), "{:?}", messages(&d));
    assert!(
        matches!(&c.unwrap().blocks[0], Block::Callout { blocks, .. }
        if matches!(&blocks[..], [Block::Callout { .. }]))
    );
    // A block left open inside another is named where it opens.
    let (_, d) = parse("# T\n\n::: callout-tip\n::: callout-note\nText.\n:::\n");
    assert!(
        messages(&d)[0].starts_with("ch.md:3:1: error: this `:::` block is never closed"),
        "{:?}",
        messages(&d)
    );
}

/// A fence indented in a list item or a note stands in it, as pandoc
/// reads one: its callout is among the item's (or note's) blocks.
#[test]
fn an_indented_fenced_callout_is_read_in_its_list_item_or_note() {
    let (c, d) = parse("# T\n\n- Item.\n\n  ::: callout-tip\n  Inside.\n  :::\n\nText.[^n]\n\n[^n]: Note.\n\n    ::: callout-note\n    In the note.\n    :::\n");
    assert!(d.is_empty(), "{:?}", messages(&d));
    let c = c.unwrap();
    let Block::List { items, .. } = &c.blocks[0] else {
        panic!("{:?}", c.blocks)
    };
    assert!(
        matches!(&items[0][..], [Block::Paragraph { .. }, Block::Callout { kind: CalloutKind::Tip, blocks, span, .. }]
            if texts(blocks) == ["Inside."] && *span == Span { line: 5, col: 3 }),
        "{items:?}"
    );
    assert!(
        matches!(&c.notes[0].blocks[..], [Block::Paragraph { .. }, Block::Callout { kind: CalloutKind::Note, blocks, .. }]
            if texts(blocks) == ["In the note."]),
        "{:?}",
        c.notes
    );
}

/// Four spaces make a line code (pandoc's `skipNonindentSpaces`): a
/// `:::` in an indented code block inside a callout is the code's, and
/// does not close the callout.
#[test]
fn a_fence_in_an_indented_code_block_is_code() {
    let (c, d) = parse("# T\n\n::: callout-note\nCode:\n\n    :::\n    more\n\nAfter.\n:::\n");
    assert!(d.is_empty(), "{:?}", messages(&d));
    let c = c.unwrap();
    assert_eq!(c.blocks.len(), 1, "{:?}", c.blocks);
    assert!(
        matches!(&c.blocks[0], Block::Callout { blocks, .. }
            if matches!(&blocks[..], [Block::Paragraph { .. }, Block::CodeBlock { text, .. }, Block::Paragraph { .. }] if text == ":::\nmore\n")),
        "{:?}",
        c.blocks
    );
}

/// A code fence opened on a line of list markers (`- - ```rust`, nested
/// items opened at once) closes four columns in, in the inner item: the
/// callout's `:::` after the list closes the callout. (The closing fence
/// was taken for an opening one, and the rest of the chapter for code.)
#[test]
fn a_code_fence_after_nested_list_markers_closes_in_its_item() {
    let (c, d) =
        parse("# T\n\n::: callout-note\n- - ```rust\n    fn a() {}\n    ```\n\n:::\n\nAfter.\n");
    assert!(d.is_empty(), "{:?}", messages(&d));
    let c = c.unwrap();
    assert_eq!(c.blocks.len(), 2, "{:?}", c.blocks);
    assert!(
        matches!(&c.blocks[0], Block::Callout { blocks, .. } if texts(blocks) == ["(list)"]),
        "{:?}",
        c.blocks
    );
}

/// A block opened in a list item closes in it: a `:::` at the left edge
/// after it is an error at the opening, not a callout swallowing the rest.
#[test]
fn a_fence_opened_in_an_item_and_closed_outside_it_is_an_error() {
    let (c, d) = parse("# T\n\n- Item.\n\n  ::: callout-tip\n  Inside.\n:::\n");
    assert!(c.is_none());
    assert!(
        messages(&d)[0].starts_with("ch.md:5:3: error: this `:::` block is never closed in the list item or note it opens in"),
        "{:?}",
        messages(&d)
    );
    // A bare `:::` in an item inside a callout closes nothing opened in
    // the item: text, as pandoc reads it, with a warning.
    let (c, d) = parse("# T\n\n::: callout-tip\n- Item.\n\n  :::\n:::\n");
    assert!(c.is_some());
    assert!(
        messages(&d)[0].starts_with("ch.md:6:3: warning: this `:::` inside a list item or note closes no block opened in it"),
        "{:?}",
        messages(&d)
    );
}

#[test]
fn an_alert_in_a_list_in_a_quote_is_a_callout_there() {
    let (c, d) = parse("# T\n\n> - > [!TIP]\n>   > Inside.\n");
    assert!(d.is_empty(), "{:?}", messages(&d));
    let c = c.unwrap();
    let Block::BlockQuote { blocks, .. } = &c.blocks[0] else {
        panic!("{:?}", c.blocks)
    };
    let Block::List { items, .. } = &blocks[0] else {
        panic!("{blocks:?}")
    };
    assert!(
        matches!(&items[0][..], [Block::Callout { kind: CalloutKind::Tip, blocks, .. }] if texts(blocks) == ["Inside."]),
        "{items:?}"
    );
}

/// An alert inside lists inside quotes 10,000 deep: set at the depth
/// quotes and lists stop at, with the warning theirs gives; no stack
/// overflows (every later stage walks the model recursively).
#[test]
fn an_alert_nested_ten_thousand_deep_is_flattened_with_its_text_kept() {
    let text = format!(
        "# T\n\n{}> [!NOTE]\nThe innermost note.\n",
        "> - ".repeat(5_000)
    );
    let (c, d) = parse(&text);
    let c = c.unwrap();
    let mut depth = 0;
    let mut found = String::new();
    for b in &c.blocks {
        b.walk(&mut |b| {
            if matches!(
                b,
                Block::Callout { .. } | Block::BlockQuote { .. } | Block::List { .. }
            ) {
                depth += 1;
            }
            b.for_each_inlines(&mut |i| found.push_str(&Inline::plain_text(i)));
        });
    }
    assert!(depth <= nesting::MAX_NESTING, "{depth}");
    assert!(found.contains("The innermost note."), "{found}");
    assert!(
        messages(&d).iter().any(|m| m.contains("nested more than")),
        "{:?}",
        messages(&d)
    );
}
