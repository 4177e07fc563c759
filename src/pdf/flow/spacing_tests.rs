//! Tests of the blank lines between blocks: lists in a row parted, and one blank line where two blocks each bring their own.

use super::*;
use crate::model::{Block as ModelBlock, Chapter, Inline, Span};

fn text(s: &str) -> ModelBlock {
    ModelBlock::Paragraph {
        content: vec![Inline::Text {
            text: s.to_string(),
        }],
        span: Span::default(),
    }
}

fn list(start: Option<u64>) -> ModelBlock {
    ModelBlock::List {
        start,
        items: vec![vec![text("one")], vec![text("two")]],
        span: Span::default(),
    }
}

fn code() -> ModelBlock {
    ModelBlock::CodeBlock {
        language: None,
        text: "fn main() {}".to_string(),
        tokens: Vec::new(),
        caption: Vec::new(),
        id: None,
        label: None,
        first_line: None,
        span: Span::default(),
    }
}

fn scene_break() -> ModelBlock {
    ModelBlock::ThematicBreak {
        span: Span::default(),
    }
}

fn quote() -> ModelBlock {
    ModelBlock::BlockQuote {
        blocks: vec![text("Quoted.")],
        span: Span::default(),
    }
}

/// The pieces of a chapter of `blocks`, set whole or cut into runs at
/// `cuts` (as the workers set them), with blank lines as `_`, a space
/// above a block as `+N`.
fn shape(blocks: &[ModelBlock], cuts: &[usize]) -> Vec<String> {
    let mut ts = super::tests::typesetter();
    let chapter = Chapter {
        blocks: blocks.to_vec(),
        ..Chapter::default()
    };
    let m = super::tests::measures();
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(blocks.len());
    let mut out = Vec::new();
    for w in bounds.windows(2) {
        out.extend(body_range(
            &mut ts,
            &chapter,
            0,
            w[0]..w[1],
            &m,
            &mut Diagnostics::new(),
        ));
    }
    out.iter()
        .map(|p| match &p.block {
            Block::Space { lines } => format!("_{lines}"),
            Block::Keep { space_before, .. } => format!("keep+{space_before}"),
            Block::Rows { space_before, .. } => format!("rows+{space_before}"),
            Block::Paragraph { .. } => "text".to_string(),
            Block::Float { .. } => "float".to_string(),
        })
        .collect()
}

#[test]
fn two_lists_in_a_row_are_parted_by_a_blank_line() {
    let got = shape(&[list(Some(1)), list(None), list(Some(3))], &[]);
    assert_eq!(
        got,
        ["text", "text", "_1", "text", "text", "_1", "text", "text", "_1"]
    );
}

/// A list stands apart from the text around it by a blank line, as the
/// EPUB's margins set it off (the paragraph after it, flush, read as its
/// last item run on); one blank line where a block brings its own, none
/// under a heading.
#[test]
fn a_list_is_set_off_from_the_text() {
    assert_eq!(
        shape(&[text("Lead."), list(None), text("After.")], &[]),
        ["text", "_1", "text", "text", "_1", "text"]
    );
    // (After a paragraph: a quotation opening a chapter is its epigraph.)
    assert_eq!(
        shape(&[text("Lead."), quote(), list(None), code()], &[]),
        ["text", "_1", "text", "_1", "text", "text", "_1", "rows+0"]
    );
    let heading = ModelBlock::Heading {
        level: 2,
        content: vec![Inline::Text {
            text: "Sizes".into(),
        }],
        id: "sizes".into(),
        span: Span::default(),
    };
    let got = shape(&[text("Lead."), heading, list(None)], &[]);
    assert_eq!(got[got.len() - 4..], ["keep+1", "text", "text", "_1"]);
}

#[test]
fn a_block_after_a_blank_line_brings_no_second_one() {
    // Code after a scene break, or after a quotation: one blank line.
    assert_eq!(
        shape(&[scene_break(), code()], &[]),
        ["keep+1", "_1", "rows+0"]
    );
    assert_eq!(
        shape(&[text("Lead."), quote(), code()], &[]),
        ["text", "_1", "text", "_1", "rows+0"]
    );
    assert_eq!(
        shape(&[text("Lead."), quote(), quote()], &[]),
        ["text", "_1", "text", "_1", "text", "_1"]
    );
    // After text the code keeps its own.
    assert_eq!(shape(&[text("Lead."), code()], &[]), ["text", "rows+1"]);
}

/// A quotation ending in code (a quoted listing) closes on the code's
/// blank line: it added its own, and the text after stood two blank
/// lines under it, one above it.
#[test]
fn a_quotation_ending_in_code_closes_on_the_codes_blank_line() {
    let quoted = ModelBlock::BlockQuote {
        blocks: vec![text("Quoted."), code()],
        span: Span::default(),
    };
    assert_eq!(
        shape(&[text("Lead."), quoted, text("After.")], &[]),
        ["text", "_1", "text", "rows+1", "text"]
    );
}

#[test]
fn runs_cut_anywhere_are_set_as_the_chapter_whole() {
    let blocks = [
        text("Lead."),
        quote(),
        code(),
        scene_break(),
        quote(),
        list(None),
        list(Some(1)),
        code(),
    ];
    let whole = shape(&blocks, &[]);
    for cut in 1..blocks.len() {
        assert_eq!(shape(&blocks, &[cut]), whole, "cut at {cut}");
    }
}

/// A heading after a list, a quotation or code stands one blank line
/// under it, as after a paragraph (the list's blank line and the
/// heading's own added up to two); after verse it keeps both, or a
/// poem's title stood as far from the poem before as a stanza break.
#[test]
fn a_heading_after_a_block_takes_one_blank_line_and_after_verse_two() {
    let heading = || ModelBlock::Heading {
        level: 2,
        content: vec![Inline::Text {
            text: "Sizes".into(),
        }],
        id: "sizes".into(),
        span: Span::default(),
    };
    let verse = ModelBlock::Verse {
        stanzas: vec![vec![crate::model::VerseLine {
            indent: 0,
            content: vec![Inline::Text {
                text: "A line of a poem".into(),
            }],
            span: Span::default(),
        }]],
        span: Span::default(),
    };
    for (block, expected) in [
        (text("Lead."), ["text", "keep+1"]),
        (list(None), ["_1", "keep+0"]),
        (quote(), ["_1", "keep+0"]),
        (code(), ["rows+1", "keep+0"]),
    ] {
        let got = shape(&[text("Lead."), block, heading(), text("After.")], &[]);
        assert_eq!(got[got.len() - 3..got.len() - 1], expected, "{got:?}");
    }
    let got = shape(
        &[text("Lead."), verse.clone(), heading(), text("After.")],
        &[],
    );
    assert_eq!(got[got.len() - 2], "keep+1", "{got:?}");
    // Cut between the block and the heading, as the workers may.
    let got = shape(
        &[text("Lead."), list(None), heading(), text("After.")],
        &[2],
    );
    assert_eq!(got[got.len() - 2], "keep+0", "{got:?}");
    let got = shape(&[text("Lead."), verse, heading(), text("After.")], &[2]);
    assert_eq!(got[got.len() - 2], "keep+1", "{got:?}");
}
