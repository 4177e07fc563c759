//! Typography pass over text nodes, shared by both editions.
//!
//! pulldown-cmark's smart punctuation already gives curly quotes, dashes and
//! ellipses; this pass merges the many small text events it leaves, trims a
//! paragraph's outer spaces, collapses runs of spaces, and ties words that
//! must not be split across lines with a no-break space.

use crate::model::Inline;

const NBSP: char = '\u{a0}';

/// Abbreviations that stay on the line of the word after them.
const TIED_ABBREVIATIONS: [&str; 8] = ["Mr.", "Mrs.", "Ms.", "Dr.", "St.", "No.", "p.", "pp."];

/// Refines the inlines of one paragraph or heading.
pub fn refine(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = merge(inlines);
    trim_edges(&mut out);
    out
}

/// Merges adjacent text nodes (recursively) and applies the text rules.
fn merge(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let inline = match inline {
            Inline::Emphasis { content } => Inline::Emphasis {
                content: merge(content),
            },
            Inline::Strong { content } => Inline::Strong {
                content: merge(content),
            },
            Inline::Link { target, content } => Inline::Link {
                target,
                content: merge(content),
            },
            other => other,
        };
        match (out.last_mut(), inline) {
            (Some(Inline::Text { text: prev }), Inline::Text { text }) => prev.push_str(&text),
            (_, inline) => out.push(inline),
        }
    }
    for inline in &mut out {
        if let Inline::Text { text } = inline {
            *text = refine_text(text);
        }
    }
    out.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
    out
}

/// The text rules: collapse spaces, tie abbreviations and numbers to units.
pub fn refine_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut words = text.split(' ').peekable();
    let mut first = true;
    while let Some(word) = words.next() {
        if word.is_empty() && !first && words.peek().is_some() {
            continue; // a run of spaces counts once
        }
        if !first {
            let prev_word = out.rsplit([' ', NBSP]).next().unwrap_or("");
            out.push(if ties(prev_word, word) { NBSP } else { ' ' });
        }
        out.push_str(word);
        first = false;
    }
    out
}

/// Whether the space between `prev` and `next` must not break.
fn ties(prev: &str, next: &str) -> bool {
    if next.is_empty() || prev.is_empty() {
        return false;
    }
    if TIED_ABBREVIATIONS.contains(&prev) {
        return true;
    }
    // A number and its unit: "20 km", "5 %".
    let unit = next.trim_end_matches(|c: char| c.is_ascii_punctuation());
    prev.chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.' || c == '-' || c == '\u{2013}')
        && prev.chars().any(|c| c.is_ascii_digit())
        && matches!(
            unit,
            "km" | "m" | "cm" | "mm" | "kg" | "g" | "t" | "%" | "per cent"
        )
}

/// Removes leading and trailing spaces of a paragraph.
fn trim_edges(inlines: &mut Vec<Inline>) {
    if let Some(Inline::Text { text }) = inlines.first_mut() {
        *text = text.trim_start_matches(' ').to_string();
    }
    if let Some(Inline::Text { text }) = inlines.last_mut() {
        *text = text.trim_end_matches(' ').to_string();
    }
    inlines.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text {
            text: s.to_string(),
        }
    }

    #[test]
    fn text_rules() {
        for (input, expected) in [
            ("a  b   c", "a b c"),
            ("Mr. Khrushchev", "Mr.\u{a0}Khrushchev"),
            ("some 20-25 km away", "some 20-25\u{a0}km away"),
            ("in 1957 the", "in 1957 the"),
            ("No. 5", "No.\u{a0}5"),
        ] {
            assert_eq!(refine_text(input), expected, "{input}");
        }
    }

    #[test]
    fn merges_and_trims() {
        let out = refine(vec![
            text(" Hello"),
            text(", "),
            Inline::Emphasis {
                content: vec![text("wor"), text("ld")],
            },
            text(" "),
        ]);
        assert_eq!(
            out,
            vec![
                text("Hello, "),
                Inline::Emphasis {
                    content: vec![text("world")]
                }
            ]
        );
    }
}
