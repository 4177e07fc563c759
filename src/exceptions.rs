//! Hyphenation exceptions: words the book breaks only where its editor says (book.toml `[pdf.hyphenation] exceptions`), as TeX's `\hyphenation{}` and InDesign's user dictionary.
//!
//! An entry is a word with a hyphen at each place it may break:
//! `"Khru-shchev"` lets *Khrushchev* break there and nowhere else;
//! `"Gomulka"`, with none, keeps the word whole. Entries match whatever
//! the case ("KHRUSHCHEV" in a heading too) and a possessive or
//! contraction through its stem ("Khrushchev’s"), as the patterns do;
//! any other form ("Khrushchevites") is another word and needs its own
//! entry, as in TeX.
//!
//! Exceptions are per language, as babel's `\babelhyphenation`: the
//! `exceptions` list holds in every language (a name is spelt alike in
//! an English sentence and a French quotation), and a
//! `[pdf.hyphenation.language-exceptions]` list for a language tag (`fr`
//! also covers `fr-CA`) takes precedence over it in text of that
//! language, the more specific tag last.
//!
//! Only the PDF uses them: an EPUB's reading system hyphenates by its
//! own dictionary.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

/// One word and the only places it may break.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Exception {
    /// The word in lower case (see [`fold`]), without its hyphens.
    pub word: String,
    /// Where it may break: the number of characters before each break,
    /// ascending.
    pub breaks: Vec<usize>,
}

impl Exception {
    /// Reads an entry such as `"Khru-shchev"`. `Err` gives the byte
    /// offset in `entry` of the fault and what is wrong.
    pub fn parse(entry: &str) -> Result<Exception, (usize, String)> {
        if entry.trim().is_empty() {
            return Err((0, "is empty".into()));
        }
        let mut word = String::with_capacity(entry.len());
        let mut breaks = Vec::new();
        let mut letters = 0usize;
        let mut last_was_hyphen = false;
        for (at, c) in entry.char_indices() {
            if c == '-' {
                if letters == 0 {
                    return Err((
                        at,
                        "starts with a hyphen; a break needs a letter before it".into(),
                    ));
                }
                if last_was_hyphen {
                    return Err((at, "has two hyphens in a row".into()));
                }
                breaks.push(letters);
                last_was_hyphen = true;
            } else if c.is_alphabetic() {
                word.push(fold(c));
                letters += 1;
                last_was_hyphen = false;
            } else {
                let why = match c {
                    c if c.is_whitespace() => {
                        "holds a space; give one word an entry".to_string()
                    }
                    '’' | '\'' => "holds an apostrophe; give the word without it (Khrushchev’s breaks as Khrushchev does)".to_string(),
                    '\u{ad}' | '\u{2010}' | '\u{2011}' => format!(
                        "holds U+{:04X}; mark a break with a plain hyphen `-`",
                        c as u32
                    ),
                    c => format!("holds `{c}`, which is not a letter or a hyphen"),
                };
                return Err((at, why));
            }
        }
        if last_was_hyphen {
            return Err((
                entry.len() - 1,
                "ends with a hyphen; a break needs a letter after it".into(),
            ));
        }
        Ok(Exception { word, breaks })
    }
}

/// `c` in lower case where that is one character (nearly always), else
/// `c`: a word and its folded form then have the same characters in
/// the same places, so break positions carry over.
pub fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// A book's exceptions, as book.toml gives them.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Exceptions {
    /// In every language (`exceptions`).
    pub all: Vec<Exception>,
    /// By language tag in lower case (`language-exceptions`).
    pub by_language: BTreeMap<String, Vec<Exception>>,
}

impl Exceptions {
    pub fn is_empty(&self) -> bool {
        self.all.is_empty() && self.by_language.values().all(Vec::is_empty)
    }

    /// The exceptions that hold in text of language `lang`, by folded
    /// word: those for every language, overridden by those of each tag
    /// that covers `lang` (`fr` covers `fr` and `fr-CA`), the more
    /// specific tag last.
    pub fn for_language(&self, lang: &str) -> HashMap<String, Vec<usize>> {
        let lang = lang.to_ascii_lowercase().replace('_', "-");
        let mut tags: Vec<&String> = self
            .by_language
            .keys()
            .filter(|tag| {
                lang == **tag
                    || lang
                        .strip_prefix(tag.as_str())
                        .is_some_and(|rest| rest.starts_with('-'))
            })
            .collect();
        tags.sort_by_key(|tag| tag.len());
        let mut map = HashMap::new();
        for exception in self
            .all
            .iter()
            .chain(tags.into_iter().flat_map(|tag| &self.by_language[tag]))
        {
            map.insert(exception.word.clone(), exception.breaks.clone());
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(entry: &str) -> (String, Vec<usize>) {
        let e = Exception::parse(entry).unwrap();
        (e.word, e.breaks)
    }

    #[test]
    fn an_entry_gives_its_word_and_breaks() {
        assert_eq!(parsed("Khru-shchev"), ("khrushchev".into(), vec![4]));
        assert_eq!(parsed("Gor-ba-chev"), ("gorbachev".into(), vec![3, 5]));
        assert_eq!(parsed("Gomulka"), ("gomulka".into(), vec![]));
        // Breaks count characters, not bytes.
        assert_eq!(parsed("Nën-to-ri"), ("nëntori".into(), vec![3, 5]));
    }

    #[test]
    fn a_malformed_entry_says_where_and_why() {
        let fault = |entry: &str| Exception::parse(entry).unwrap_err();
        assert_eq!(fault("").1, "is empty");
        assert_eq!(fault("-Khrushchev").0, 0);
        assert_eq!(
            fault("Khru--shchev"),
            (5, "has two hyphens in a row".into())
        );
        assert_eq!(fault("Khrushchev-").0, 10);
        assert!(fault("Khrushchev-").1.contains("ends with a hyphen"));
        assert_eq!(fault("Nikita Khru-shchev").0, 6);
        assert!(fault("Nikita Khru-shchev").1.contains("space"));
        assert!(fault("Khru-shchev’s").1.contains("apostrophe"));
        assert_eq!(fault("U-2").0, 2);
        assert_eq!(fault("Khru\u{ad}shchev").0, 4);
        // Offsets are bytes into the entry: `ë` is two.
        assert_eq!(fault("Nën-to?ri").0, 7);
    }

    #[test]
    fn the_most_specific_language_wins() {
        let entry = |s: &str| Exception::parse(s).unwrap();
        let exceptions = Exceptions {
            all: vec![entry("Khru-shchev"), entry("Ta-ble")],
            by_language: BTreeMap::from([
                (
                    "fr".to_string(),
                    vec![entry("Khrouch-tchev"), entry("tab-le")],
                ),
                ("fr-ca".to_string(), vec![entry("table")]),
            ]),
        };
        let en = exceptions.for_language("en-GB");
        assert_eq!(en["khrushchev"], [4]);
        assert_eq!(en["table"], [2]);
        assert!(!en.contains_key("khrouchtchev"));
        let fr = exceptions.for_language("fr");
        assert_eq!(fr["khrouchtchev"], [7]);
        assert_eq!(
            fr["khrushchev"],
            [4],
            "the lists for every language hold too"
        );
        assert_eq!(fr["table"], [3], "the language's own list wins");
        let ca = exceptions.for_language("FR-CA");
        assert_eq!(ca["table"], Vec::<usize>::new());
        // `fr` does not cover `fro` (Old French).
        assert!(!exceptions.for_language("fro").contains_key("khrouchtchev"));
    }
}
