//! Where a web address, a path or a name from code may break across lines: after `//`, before a slash, full stop or other separator, never with a hyphen added (The Chicago Manual of Style, 14.18).
//!
//! An address is one word to the line breaker, often longer than the
//! measure, and the hyphenation patterns either find no break in it or
//! put a hyphen where a reader would type one. These breaks add nothing
//! at the line's end, so the address reads back as it is written. A
//! dotted name (`org.apache.zookeeper.server`), a path (`src/pdf/book.rs`)
//! or a name joined by `_` or `::` is copied as exactly, and breaks the
//! same way.

use crate::pdf::hyphenate::{BreakKind, WordBreak};

/// Whether `word` is a web address: it names a scheme (`https://`) or
/// starts `www.`.
pub fn is_address(word: &str) -> bool {
    word.contains("://") || word.starts_with("www.")
}

/// Whether `word` is a name a reader would copy from code or a file
/// system, ten characters or more (shorter ones fit a line as they are):
/// a path (`/usr/local/bin`, `src/pdf/book.rs`), a name joined by `::`
/// or `_` (`std::collections`, `max_flagged_in_row`), an e-mail address,
/// or a dotted name of three parts of two characters or more
/// (`org.apache.zookeeper`; not "U.S.A.", "e.g." or "1.10.2").
pub fn is_identifier(word: &str) -> bool {
    let core = word
        .trim_start_matches(|c: char| !c.is_alphanumeric() && !"/~_.".contains(c))
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '/');
    if core.chars().count() < 10 || core.chars().any(char::is_whitespace) {
        return false;
    }
    let joined = |sep: char| {
        core.match_indices(sep).any(|(i, _)| {
            let before = core[..i].chars().next_back();
            let after = core[i + 1..].chars().next();
            before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric)
        })
    };
    let slashes = core.matches('/').count();
    let named = core.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    let path = named && (slashes >= 2 || (slashes == 1 && core.starts_with(['/', '~'])));
    let email = core.contains('@') && core[core.find('@').unwrap_or(0)..].contains('.');
    let dotted = {
        let parts: Vec<&str> = core.split('.').collect();
        parts.len() >= 3 && parts.iter().all(|p| p.chars().count() >= 2)
    };
    path || core.contains("::") || joined('_') || email || dotted
}

/// The breaks of `found` (from hyphenation) that suit an address or a
/// name from code, merged with its own: a pattern or soft-hyphen break
/// would add a hyphen that is not part of it, so only breaks adding
/// nothing stay.
pub fn merge(found: Vec<WordBreak>, word: &str) -> Vec<WordBreak> {
    if !is_address(word) && !is_identifier(word) {
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
/// `,`, `-`, `_`, `?`, `#`, `%`, `~`, `@` and `::`; before and after `=`
/// and `&`. None within the scheme, none leaving fewer than two
/// characters before it or three after it (a full stop after the
/// address stays with it).
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
            '/' | '.' | ',' | '-' | '_' | '?' | '#' | '%' | '~' | '=' | '&' | '@'
        ) || (c == ':' && chars.get(k + 1).is_some_and(|&(_, n)| n == ':'));
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
    fn names_from_code_and_paths_break_at_their_separators() {
        for (word, yes) in [
            ("org.apache.zookeeper.server.quorum.QuorumPeerConfig.", true),
            ("src/pdf/book.rs", true),
            ("/usr/local/bin/bookpack", true),
            ("std::collections::HashMap", true),
            ("max_flagged_in_row", true),
            ("ann.smith@example.org", true),
            ("(java.util.concurrent)", true),
            ("U.S.A.F.", false),
            ("version 1.10.2", false),
            ("and/or", false),
            ("anti-Marxist", false),
            ("e3b0c44298fc1c149afbf4c8996fb924", false),
            ("incomprehensibilities", false),
        ] {
            assert_eq!(is_identifier(word), yes, "{word}");
        }
        assert_eq!(
            marked("org.apache.zookeeper.Server."),
            "org|.apache|.zookeeper|.Server."
        );
        assert_eq!(
            marked("std::collections::HashMap"),
            "std|::collections|::HashMap"
        );
        assert_eq!(marked("src/pdf/book.rs"), "src|/pdf|/book|.rs");
        let found = vec![WordBreak {
            at: 7,
            kind: BreakKind::Pattern,
        }];
        let merged = merge(found, "zookeeper.server.quorum");
        assert!(merged.iter().all(|b| !b.kind.adds_hyphen()), "{merged:?}");
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
