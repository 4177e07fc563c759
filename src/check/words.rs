//! Words of a paragraph: whitespace-separated tokens, each with its "core"
//! (the token without the punctuation, quotes and note marks around it).

use std::ops::Range;

use super::prose::{CODE_MARK, NOTE_MARK};

/// One whitespace-separated token of a paragraph's text.
#[derive(Debug, Clone)]
pub struct Token<'a> {
    /// The whole token, punctuation included.
    pub raw: &'a str,
    pub raw_range: Range<usize>,
    /// The token without leading and trailing non-alphanumerics; may be empty.
    pub core: &'a str,
    pub core_range: Range<usize>,
}

impl Token<'_> {
    /// Letters only (apostrophes inside allowed): a plain word.
    pub fn is_alpha_word(&self) -> bool {
        !self.core.is_empty()
            && self
                .core
                .chars()
                .all(|c| c.is_alphabetic() || is_apostrophe(c))
    }

    /// What follows the core inside the token (punctuation, quotes, marks).
    pub fn tail(&self) -> &str {
        &self.raw[self.core_range.end - self.raw_range.start..]
    }

    /// What precedes the core inside the token.
    pub fn head(&self) -> &str {
        &self.raw[..self.core_range.start - self.raw_range.start]
    }
}

pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

pub fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{a0}' || c == '\t' || c == '\n'
}

/// Splits text into tokens.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (is_space(c), start) {
            (true, Some(s)) => {
                out.push(token(text, s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

fn token(text: &str, s: usize, e: usize) -> Token<'_> {
    let raw = &text[s..e];
    let is_core = |c: char| c.is_alphanumeric() && c != NOTE_MARK && c != CODE_MARK;
    let lead = raw.find(is_core).unwrap_or(raw.len());
    let trail = raw
        .char_indices()
        .rev()
        .find(|&(_, c)| is_core(c))
        .map_or(lead, |(i, c)| i + c.len_utf8());
    let core_range = s + lead..s + trail.max(lead);
    Token {
        raw,
        raw_range: s..e,
        core: &text[core_range.clone()],
        core_range,
    }
}

/// Whether a word starts with a capital letter.
pub fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether every letter is a capital (an acronym, `USSR`).
pub fn is_all_caps(word: &str) -> bool {
    word.chars().any(char::is_alphabetic)
        && word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// Whether the token at `i` starts a sentence: first in the paragraph, or
/// after a token ending in `.`, `?`, `!` (quotes and note marks aside), or
/// after an opening quote or dash.
pub fn starts_sentence(tokens: &[Token], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    if tokens[i].head().contains(['“', '"', '‘', '(', '—']) {
        return true;
    }
    let prev = tokens[i - 1]
        .raw
        .trim_end_matches(['”', '"', '’', '\'', ')', NOTE_MARK]);
    prev.ends_with(['.', '?', '!', ':', '…']) || prev.ends_with('—') || prev == "–"
}

/// Levenshtein distance, in characters, capped at `max + 1`.
pub fn edit_distance(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()].min(max + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cores_drop_quotes_punctuation_and_marks() {
        let t = tokens("“Nu njet,\u{E000} nu (A.fter).");
        let cores: Vec<&str> = t.iter().map(|t| t.core).collect();
        assert_eq!(cores, ["Nu", "njet", "nu", "A.fter"]);
        assert_eq!(t[1].tail(), ",\u{E000}");
        assert_eq!(t[0].head(), "“");
        assert!(starts_sentence(&t, 0) && !starts_sentence(&t, 1));
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("Den", "Deng", 2), 1);
        assert_eq!(edit_distance("Khruschevites", "Khrushchevites", 2), 1);
        assert_eq!(edit_distance("abc", "xyzabc", 1), 2);
    }
}
