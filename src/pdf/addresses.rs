//! Where a web address may break across lines: after `//`, before a slash, full stop or other separator, never with a hyphen added (The Chicago Manual of Style, 14.18).
//!
//! An address is one word to the line breaker, often longer than the
//! measure, and the hyphenation patterns either find no break in it or
//! put a hyphen where a reader would type one. These breaks add nothing
//! at the line's end, so the address reads back as it is written.

use crate::pdf::hyphenate::{BreakKind, WordBreak};

/// Whether `word` is a web address: it names a scheme (`https://`) or
/// starts `www.`.
pub fn is_address(word: &str) -> bool {
    word.contains("://") || word.starts_with("www.")
}

/// The breaks of `found` (from hyphenation) that suit an address, merged
/// with the address's own: a pattern or soft-hyphen break would add a
/// hyphen that is not part of it, so only breaks adding nothing stay.
pub fn merge(found: Vec<WordBreak>, word: &str) -> Vec<WordBreak> {
    if !is_address(word) {
        return found;
    }
    let mut all: Vec<WordBreak> = found
        .into_iter()
        .filter(|b| !b.kind.adds_hyphen())
        .collect();
    for at in breaks(word) {
        if !all.iter().any(|b| b.at == at) {
            all.push(WordBreak {
                at,
                kind: BreakKind::Explicit,
            });
        }
    }
    all.sort_by_key(|b| b.at);
    all
}

/// Byte offsets where `address` may break: after `//`; before `/`, `.`,
/// `,`, `-`, `_`, `?`, `#`, `%`, `~`; before and after `=` and `&`. None
/// within the scheme, none leaving fewer than two characters before it
/// or three after it (a full stop after the address stays with it).
fn breaks(address: &str) -> Vec<usize> {
    let body_from = address.find("://").map_or(0, |i| i + 3);
    let chars: Vec<(usize, char)> = address.char_indices().collect();
    let n = chars.len();
    let mut out = Vec::new();
    for k in 2..n.saturating_sub(2) {
        let (at, c) = chars[k];
        let previous = chars[k - 1].1;
        if at < body_from {
            continue;
        }
        let before = matches!(
            c,
            '/' | '.' | ',' | '-' | '_' | '?' | '#' | '%' | '~' | '=' | '&'
        );
        let after = at == body_from || matches!(previous, '=' | '&');
        // Not inside a run of the same separator (`//`, `..`).
        if (before || after) && previous != c {
            out.push(at);
        }
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The address with a bar at each break.
    fn marked(address: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for at in breaks(address) {
            out.push_str(&address[last..at]);
            out.push('|');
            last = at;
        }
        out.push_str(&address[last..]);
        out
    }

    #[test]
    fn an_address_breaks_before_its_separators() {
        assert_eq!(
            marked("https://example.org/an/long_path/index.html"),
            "https://|example|.org|/an|/long|_path|/index|.html"
        );
        assert_eq!(
            marked("www.e.org/q?a=1&b=2#top"),
            "www|.e|.org|/q|?a|=|1|&|b|=|2|#top"
        );
    }

    #[test]
    fn no_break_in_the_scheme_or_the_last_two_characters() {
        assert_eq!(marked("http://a.b"), "http://|a.b");
        assert_eq!(marked("https://e.org/x."), "https://|e|.org|/x.");
    }

    #[test]
    fn hyphenation_breaks_give_way_to_the_address_breaks() {
        let word = "https://example.org/typesetting";
        let found = vec![
            WordBreak {
                at: 26,
                kind: BreakKind::Pattern,
            },
            WordBreak {
                at: 19,
                kind: BreakKind::Explicit,
            },
        ];
        let merged = merge(found.clone(), word);
        assert!(merged.iter().all(|b| !b.kind.adds_hyphen()), "{merged:?}");
        let at: Vec<usize> = merged.iter().map(|b| b.at).collect();
        assert_eq!(at, vec![8, 15, 19]);
        // A word that is no address keeps what hyphenation found.
        assert_eq!(merge(found.clone(), "typesetting"), found);
        assert!(!is_address("example.org") && is_address("www.example.org"));
    }
}
