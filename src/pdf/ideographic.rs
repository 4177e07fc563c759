//! Line breaks inside text written without spaces (Chinese, Japanese, Korean): where UAX #14 allows them.
//!
//! A Chinese sentence is one "word" to the word builder (it has no spaces),
//! so without these breaks it could only run into the margin. The Unicode
//! line breaking algorithm (via `unicode-linebreak`) allows a break between
//! two ideographs and forbids one before a closing mark (，。」) or after an
//! opening one (「), the core of Chinese and Japanese line-breaking rules
//! (kinsoku). Only breaks next to such a character are taken: in Latin
//! text the hyphenator decides. A justified line also stretches at these
//! breaks, having no word spaces (`paragraph::items`, `Source::Inter`).
//!
//! Korean is written with spaces between words, and modern Korean books
//! break lines only there, as CSS `word-break: keep-all` does: a break
//! between two Hangul syllables (or a syllable and another letter or
//! digit) is kept only as a last resort ([`BreakKind::Emergency`]), for a
//! word wider than the line or a paragraph its spaces set badly (see
//! `paragraph::items`); "인쇄소는 아" / "주 바쁩니다" split the word 아주.

use crate::pdf::hyphenate::{BreakKind, WordBreak};

/// Whether `c` belongs to a script or block written without spaces.
pub fn is_ideographic(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'      // Hangul Jamo
        | '\u{2E80}'..='\u{2FDF}'    // CJK radicals
        | '\u{3000}'..='\u{303F}'    // CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}'    // Hiragana, Katakana
        | '\u{3100}'..='\u{31FF}'    // Bopomofo, Kanbun, Katakana extensions
        | '\u{3200}'..='\u{33FF}'    // enclosed CJK, compatibility
        | '\u{3400}'..='\u{4DBF}'    // extension A
        | '\u{4E00}'..='\u{9FFF}'    // unified ideographs
        | '\u{AC00}'..='\u{D7AF}'    // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'    // compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}'    // CJK compatibility forms
        | '\u{FF00}'..='\u{FFEF}'    // full-width forms
        | '\u{20000}'..='\u{3FFFF}') // extensions B onwards
}

/// Whether `c` is Hangul: a syllable or a jamo (conjoining, compatibility,
/// the extensions, half-width).
pub fn is_hangul(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7FF}'
        | '\u{FFA0}'..='\u{FFDC}')
}

/// Whether a break between `before` and `after` falls inside a Korean
/// word: Hangul on one side, a letter or digit on the other (CSS
/// `keep-all` keeps such letters together). Breaks next to punctuation
/// stay as UAX #14 has them.
fn inside_korean_word(before: char, after: char) -> bool {
    (is_hangul(before) || is_hangul(after)) && before.is_alphanumeric() && after.is_alphanumeric()
}

/// The breaks UAX #14 allows in `word` next to an ideographic character,
/// as byte offsets strictly inside it, ascending; those inside a Korean
/// word are [`BreakKind::Emergency`].
pub fn breaks(word: &str) -> Vec<WordBreak> {
    if !word.chars().any(is_ideographic) {
        return Vec::new();
    }
    unicode_linebreak::linebreaks(word)
        .filter(|&(at, _)| at > 0 && at < word.len())
        .filter_map(|(at, _)| {
            let before = word[..at].chars().next_back()?;
            let after = word[at..].chars().next()?;
            if !is_ideographic(before) && !is_ideographic(after) {
                return None;
            }
            let kind = if inside_korean_word(before, after) {
                BreakKind::Emergency
            } else {
                BreakKind::Ideographic
            };
            Some(WordBreak { at, kind })
        })
        .collect()
}

/// `breaks` merged into the hyphenator's `found` (ascending, one per offset;
/// the hyphenator's kind wins where both have one).
pub fn merge(found: Vec<WordBreak>, word: &str) -> Vec<WordBreak> {
    let extra = breaks(word);
    if extra.is_empty() {
        return found;
    }
    let mut all = found;
    for b in extra {
        if !all.iter().any(|f| f.at == b.at) {
            all.push(b);
        }
    }
    all.sort_by_key(|b| b.at);
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(word: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for b in breaks(word) {
            out.push_str(&word[last..b.at]);
            out.push('|');
            last = b.at;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn breaks_between_ideographs_but_not_before_closing_marks() {
        assert_eq!(marked("我们的书。"), "我|们|的|书。");
        assert_eq!(marked("每一个字，都要"), "每|一|个|字，|都|要");
        assert_eq!(marked("「中文」写"), "「中|文」|写");
        // Kana too.
        assert_eq!(marked("ひらがな"), "ひ|ら|が|な");
    }

    /// `word` with `|` at its free breaks and `~` at its emergency ones.
    fn kinds(word: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for b in breaks(word) {
            out.push_str(&word[last..b.at]);
            out.push(if b.kind == BreakKind::Emergency {
                '~'
            } else {
                '|'
            });
            last = b.at;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn korean_words_break_only_in_an_emergency() {
        assert_eq!(kinds("아주"), "아~주");
        assert_eq!(kinds("바쁩니다."), "바~쁩~니~다.");
        // Hangul beside Han or Latin letters is one word too.
        assert_eq!(kinds("漢字한글"), "漢|字~한~글");
        assert_eq!(kinds("PDF파일"), "PDF~파~일");
        // Punctuation keeps its UAX #14 breaks.
        assert_eq!(kinds("서울、부산"), "서~울、|부~산");
        // Chinese and Japanese are untouched.
        assert_eq!(kinds("我们的书。"), "我|们|的|书。");
        assert_eq!(kinds("ひらがな"), "ひ|ら|が|な");
    }

    #[test]
    fn latin_words_are_left_to_the_hyphenator() {
        assert!(breaks("knowledge").is_empty());
        assert!(breaks("anti-Marxist").is_empty());
        // Mixed: breaks only next to the ideographs.
        assert_eq!(marked("Unicode中文"), "Unicode|中|文");
    }

    #[test]
    fn merge_keeps_one_break_per_offset() {
        let word = "中文";
        let found = vec![WordBreak {
            at: 3,
            kind: BreakKind::Explicit,
        }];
        let merged = merge(found, word);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].kind, BreakKind::Explicit);
    }
}
