//! Tests of flow's single pieces: letter-spacing that leaves a cursive script solid, a salutation kept with its letter.

use super::*;
use crate::pdf::fontset::FontSet;
use crate::pdf::hyphenate::Hyphenator;

/// The embedded faces, British hyphenation.
pub(super) fn typesetter() -> Typesetter<'static> {
    Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap())
}

/// An 11-point text block 300 points wide, 36 lines of 14.
pub(super) fn measures() -> Measures {
    Measures {
        size: 11.0,
        measure: 300.0,
        indent: 11.0,
        leading: 14.0,
        lines: 36,
        margin: 60.0,
    }
}

/// Where each line of `piece`'s first setting starts and ends on the
/// measure.
fn line_extents(piece: &Piece) -> Vec<(f32, f32)> {
    piece.settings[0]
        .iter()
        .map(|line| {
            let start = line.runs.first().map_or(0.0, |r| r.x);
            let end = line.runs.last().map_or(0.0, |r| {
                r.x + r.glyphs.iter().map(|g| g.advance).sum::<f32>()
            });
            (piece.x + start, piece.x + end)
        })
        .collect()
}

/// A one-line paragraph ending in a comma (a salutation), under a
/// heading (a poem's dedication), or ending in a colon before a block it
/// introduces (a quotation, a list), is kept with what follows; a line
/// ending in a colon before a paragraph, a longer paragraph ending in a
/// comma, under a heading or before a block, and a line ending a
/// sentence are paragraphs still.
#[test]
fn a_salutation_is_kept_with_the_letter() {
    let mut ts = typesetter();
    let style = ParagraphStyle::body(11.0, 300.0, 0.0);
    let long = "Of making many books there is no end, and much study is a \
                weariness of the flesh, said the Preacher, and he said it twice,";
    let long_colon = format!("{}:", long.trim_end_matches(','));
    for (text, after_heading, introduces_block, kept) in [
        ("Dear Agnes,", false, false, true),
        ("My dear Nell, ", false, false, true),
        ("Hysni told him:", false, false, false),
        ("It was still raining.", false, false, false),
        (long, false, false, false),
        ("for my brother", true, false, true),
        ("It was still raining.", true, false, true),
        (long, true, false, false),
        ("The report concluded as follows:", false, true, true),
        ("报告的结论如下：", false, true, true),
        ("It was still raining.", false, true, false),
        (long_colon.as_str(), false, true, false),
    ] {
        let content = [Inline::Text {
            text: text.to_string(),
        }];
        let mut piece = paragraph(
            &mut ts,
            &content,
            &style,
            0.0,
            Role::Plain,
            None,
            &mut Diagnostics::new(),
        );
        keep_if_leading_in(&mut piece, after_heading, introduces_block);
        let is_kept = matches!(
            piece.block,
            Block::Keep {
                lines: 1,
                space_before: 0
            }
        );
        assert_eq!(is_kept, kept, "{text} (after a heading: {after_heading})");
        if kept {
            assert_eq!(piece.settings.len(), 1);
            assert!(piece.unset.is_none());
        }
    }
}

/// A bibliography's entries hang: each first line at the measure's
/// start, its turnovers an indent in, right to left on the right; a
/// chapter's paragraphs do not.
#[test]
fn a_bibliographys_entries_have_a_hanging_indent() {
    use crate::model::{ChapterKind, Span};
    let mut ts = typesetter();
    let m = measures();
    let entry = |text: &str| ModelBlock::Paragraph {
        content: vec![Inline::Text {
            text: text.to_string(),
        }],
        span: Span::default(),
    };
    let english = "Author, A. B. The Growth of the Chancery and the Paper Mills of \
                   Italy. Oxford: Clarendon Press, 1950. A second sentence to turn over.";
    let hebrew = "כהן, א. ספר הדפוס העברי בוונציה ובאמסטרדם ובערים אחרות באירופה. \
                  ירושלים: הוצאת הספרים, תשכ״ה. ועוד משפט כדי שהשורה תישבר.";
    let extents = |kind: ChapterKind, text: &str, ts: &mut Typesetter<'_>| {
        let chapter = Chapter {
            kind,
            blocks: vec![entry(text), entry(text)],
            ..Chapter::default()
        };
        let pieces = chapter_body(ts, &chapter, 0, &m, &mut Diagnostics::new());
        line_extents(&pieces[1])
    };
    let hanging = extents(ChapterKind::Bibliography, english, &mut ts);
    assert!(hanging.len() > 1, "{hanging:?}");
    assert!(hanging[0].0.abs() < 0.01, "{hanging:?}");
    for line in &hanging[1..] {
        assert!((line.0 - 11.0).abs() < 0.01, "{hanging:?}");
        assert!(line.1 <= 300.01, "{hanging:?}");
    }
    let indented = extents(ChapterKind::Chapter, english, &mut ts);
    assert!((indented[0].0 - 11.0).abs() < 0.01, "{indented:?}");
    assert!(indented[1].0.abs() < 0.01, "{indented:?}");
    ts.set_language("he");
    let rtl = extents(ChapterKind::Bibliography, hebrew, &mut ts);
    assert!(rtl.len() > 1, "{rtl:?}");
    assert!((rtl[0].1 - 300.0).abs() < 0.05, "{rtl:?}");
    for line in &rtl[1..] {
        assert!((line.1 - 289.0).abs() < 0.05, "{rtl:?}");
        assert!(line.0 >= -0.01, "{rtl:?}");
    }
}

/// A list item's second paragraph is indented, as text's are (flush, it
/// read as a line of the first run on); its first is not.
#[test]
fn a_list_items_next_paragraph_is_indented() {
    use crate::model::Span;
    let mut ts = typesetter();
    let m = measures();
    let para = |text: &str| ModelBlock::Paragraph {
        content: vec![Inline::Text {
            text: text.to_string(),
        }],
        span: Span::default(),
    };
    let chapter = Chapter {
        blocks: vec![ModelBlock::List {
            start: None,
            items: vec![
                vec![para("The first."), para("Its second.")],
                vec![para("Next.")],
            ],
            span: Span::default(),
        }],
        ..Chapter::default()
    };
    let pieces = chapter_body(&mut ts, &chapter, 0, &m, &mut Diagnostics::new());
    // Where each paragraph's first word starts on the measure.
    let starts: Vec<(String, f32)> = pieces
        .iter()
        .filter(|p| matches!(p.block, Block::Paragraph { .. }))
        .map(|p| {
            let line = &p.settings[0][0];
            let word = line
                .runs
                .iter()
                .find(|r| {
                    r.glyphs
                        .iter()
                        .any(|g| g.text.chars().any(char::is_alphabetic))
                })
                .expect("a word");
            (line.text(), p.x + word.x)
        })
        .collect();
    assert_eq!(starts.len(), 3, "{starts:?}");
    // The items' text stands in by the hang (1.5 em, wider than a
    // bullet), their labels in it; the second paragraph an indent further.
    let hang = 1.5 * 11.0;
    let (first, second, next) = (starts[0].1, starts[1].1, starts[2].1);
    assert!((first - next).abs() < 0.01 && first < hang, "{starts:?}");
    assert!((second - hang - 11.0).abs() < 0.01, "{starts:?}");
}

/// A block quote opening a chapter is its epigraph: set on seven tenths
/// of the measure against its right edge, kept whole, its source flush
/// right, its notes linked as the text's; the same quotation further on
/// is a quotation, indented on both sides.
#[test]
fn a_chapters_opening_quotation_is_set_as_its_epigraph() {
    use crate::model::Span;
    let mut ts = typesetter();
    let m = measures();
    let para = |text: &str| ModelBlock::Paragraph {
        content: vec![Inline::Text {
            text: text.to_string(),
        }],
        span: Span::default(),
    };
    let quote = ModelBlock::BlockQuote {
        blocks: vec![
            para(
                "To be, or not to be, that is the question: whether 'tis nobler in the \
                 mind to suffer the slings and arrows of outrageous fortune.",
            ),
            para("— Hamlet"),
        ],
        span: Span::default(),
    };
    let text = para("The chapter begins under its epigraph.");
    let extents = line_extents;
    let opening = Chapter {
        blocks: vec![quote.clone(), text.clone()],
        ..Chapter::default()
    };
    let pieces = chapter_body(&mut ts, &opening, 0, &m, &mut Diagnostics::new());
    let kinds: Vec<&str> = pieces
        .iter()
        .map(|p| match p.block {
            Block::Space { .. } => "space",
            Block::Keep { .. } => "keep",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["space", "keep", "keep", "space", "other"]);
    let prose = extents(&pieces[1]);
    assert!(prose.len() > 1, "{prose:?}");
    for (start, end) in &prose {
        assert!(
            (start - 90.0).abs() < 0.01,
            "from 0.3 of the measure: {prose:?}"
        );
        assert!(*end <= 300.01, "{prose:?}");
    }
    assert!((prose[0].1 - 300.0).abs() < 0.5, "justified: {prose:?}");
    let source = extents(&pieces[2]);
    assert!(
        (source[0].1 - 300.0).abs() < 0.05,
        "flush right: {source:?}"
    );
    assert!(source[0].0 > 200.0, "{source:?}");
    assert!(matches!(pieces[1].role, Role::Text { chapter: 0 }));
    // Further on, the same quotation is a quotation.
    let passing = Chapter {
        blocks: vec![text, quote],
        ..Chapter::default()
    };
    let pieces = chapter_body(&mut ts, &passing, 0, &m, &mut Diagnostics::new());
    let quoted = pieces
        .iter()
        .find(|p| matches!(p.block, Block::Paragraph { .. }) && (p.x - 16.5).abs() < 0.01);
    assert!(quoted.is_some(), "indented 1.5 em on the left");
    assert!(!pieces.iter().any(|p| matches!(p.block, Block::Keep { .. })));
}
