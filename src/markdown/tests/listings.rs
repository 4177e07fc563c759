//! Code fences with attributes in a chapter: the listing's id, caption and numbered lines reach the model, and what cannot be read is a warning at its place.

use super::*;

fn code_blocks(c: &ParsedChapter) -> Vec<&Block> {
    c.blocks
        .iter()
        .filter(|b| matches!(b, Block::CodeBlock { .. }))
        .collect()
}

#[test]
fn quarto_and_pandoc_fences_make_listings() {
    let (c, d) = parse(
        "# T\n\n```{.python #lst-fib lst-cap=\"Computing *Fibonacci*\"}\nx = 1\n```\n\n\
         ```python {#lst-b .numberLines startFrom=\"10\"}\ny = 2\n```\n\n``` {.rust .numberLines}\nfn f() {}\n```\n",
    );
    assert!(messages(&d).is_empty(), "{:?}", messages(&d));
    let c = c.unwrap();
    let blocks = code_blocks(&c);
    let Block::CodeBlock {
        language,
        caption,
        id,
        first_line,
        tokens,
        ..
    } = blocks[0]
    else {
        unreachable!()
    };
    assert_eq!(language.as_deref(), Some("python"));
    assert_eq!(id.as_deref(), Some("lst-fib"));
    assert_eq!(
        caption,
        &[
            Inline::Text {
                text: "Computing ".into()
            },
            Inline::Emphasis {
                content: vec![Inline::Text {
                    text: "Fibonacci".into()
                }]
            }
        ]
    );
    assert_eq!(*first_line, None);
    // Coloured as python: the language was read from the class.
    assert!(!tokens.is_empty());
    let Block::CodeBlock {
        language,
        id,
        first_line,
        caption,
        ..
    } = blocks[1]
    else {
        unreachable!()
    };
    assert_eq!(
        (language.as_deref(), id.as_deref(), *first_line),
        (Some("python"), Some("lst-b"), Some(10))
    );
    assert!(caption.is_empty());
    let Block::CodeBlock {
        language,
        first_line,
        ..
    } = blocks[2]
    else {
        unreachable!()
    };
    assert_eq!((language.as_deref(), *first_line), (Some("rust"), Some(1)));
}

#[test]
fn a_fence_that_cannot_be_read_is_a_warning_at_its_place() {
    let (c, d) = parse(
        "# T\n\n```{.rust #lst-a lst-cap=\"open}\nx\n```\n\n> ```{.rust caption=\"x\"}\n> y\n> ```\n",
    );
    let m = messages(&d);
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(
        m[0].starts_with(
            "ch.md:3:18: warning: code fence attribute `lst-cap` has a quote that is not closed"
        ),
        "{m:?}"
    );
    assert!(m[0].contains("hint: close the quote"), "{m:?}");
    assert!(
        m[1].starts_with(
            "ch.md:7:13: warning: code fence attribute `caption` is not known; it is not used"
        ),
        "{m:?}"
    );
    assert!(
        m[1].contains("known attributes: `.language`, `#id`, `lst-cap="),
        "{m:?}"
    );
    // The block is kept, with what could be read.
    let c = c.unwrap();
    let Block::CodeBlock { language, id, .. } = code_blocks(&c)[0] else {
        unreachable!()
    };
    assert_eq!(
        (language.as_deref(), id.as_deref()),
        (Some("rust"), Some("lst-a"))
    );
}

#[test]
fn a_language_alone_is_read_as_before() {
    let (c, d) = parse("# T\n\n```rust\nfn main() {}\n```\n");
    assert!(d.is_empty());
    let c = c.unwrap();
    let Block::CodeBlock {
        language,
        caption,
        id,
        label,
        first_line,
        ..
    } = code_blocks(&c)[0]
    else {
        unreachable!()
    };
    assert_eq!(language.as_deref(), Some("rust"));
    assert!(caption.is_empty() && id.is_none() && label.is_none() && first_line.is_none());
}
