//! Writing the import's output text: Markdown escaping, the chapter's file
//! name, the language guess and TOML strings for book.toml.

use std::fmt::Write as _;

use super::raw::RawLine;

/// Escapes characters that Markdown (CommonMark + GitHub footnotes + the
/// `:::` blocks of our source format) would read as syntax, so the text
/// comes back out of the parser exactly as it went in.
pub(super) fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '&'
                | '#'
                | '~'
                | '|'
                | '$'
                | '{'
                | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what is syntax only at the start of a line: list bullets and
/// ordered-list numbers (`-`, `+`, `12.`, `3)`), thematic breaks, the `:::`
/// fence and the `+++` front matter fence. (`#` and `>` are escaped
/// everywhere by `escape_inline`.)
pub(super) fn escape_line_start(line: &str) -> String {
    let first = line.chars().next();
    match first {
        Some('-' | '+' | '=' | ':') => format!("\\{line}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = line
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(line.len());
            match line[digits..].chars().next() {
                Some('.' | ')') => format!("{}\\{}", &line[..digits], &line[digits..]),
                _ => line.to_string(),
            }
        }
        _ => line.to_string(),
    }
}

/// An imported chapter's **file name** from its title: `From Bucharest
/// to Moscow` → `from-bucharest-to-moscow`, `Война и мир` →
/// `voyna-i-mir`: [`crate::ids::ascii_slug`], as the book's file names
/// are made, and `chapter` when nothing is left (a title in Chinese).
pub(super) fn slug(title: &str) -> String {
    let out = crate::ids::ascii_slug(title);
    if out.is_empty() {
        "chapter".to_string()
    } else {
        out
    }
}

/// Folds the Latin letters with diacritics this kind of text uses (Albanian
/// ë, ç; French é, è; German ü …) to their base letter, for file names.
pub(crate) fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ł' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// `en` when common English function words make up a good share of the
/// words, else `und` (BCP 47 "undetermined"): the region cannot be told.
pub(super) fn guess_language(paragraphs: &[&RawLine]) -> &'static str {
    const COMMON: [&str; 10] = [
        "the", "and", "of", "to", "in", "a", "that", "is", "was", "which",
    ];
    let (mut words, mut common) = (0usize, 0usize);
    for p in paragraphs {
        for w in p
            .text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
        {
            words += 1;
            if COMMON.iter().any(|c| w.eq_ignore_ascii_case(c)) {
                common += 1;
            }
        }
    }
    // English prose runs at 20–30 % for these words; other languages far below.
    if words >= 20 && common * 8 >= words {
        "en"
    } else {
        "und"
    }
}

/// A TOML basic string.
pub(super) fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
