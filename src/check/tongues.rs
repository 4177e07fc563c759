//! Languages in the prose: which language each word is in (its passage's, else its chapter's, else the book's), and a lexicon for each other language the passages use.
//!
//! The checks that know words (scanning damage, spelling, doubled words,
//! capitals after commas) know them in one language. A French passage in
//! an English book (`::: {lang=fr}`, `<span lang="fr">`, a chapter whose
//! front matter says `language = "fr"`) is not English with mistakes: its
//! words are spell-checked with a French dictionary when one is installed,
//! and left alone by the English rules otherwise.

use std::collections::BTreeMap;

use super::lexicon::{Dictionary, Lexicon};
use super::prose::Para;
use super::words::Token;

/// The primary subtag of a BCP 47 tag, in lower case: `fr` of `fr-CA`.
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Whether two tags name one language, region and script aside (`en-GB`
/// and `en-US` do; one dictionary serves both well enough for a passage).
pub fn same_language(a: &str, b: &str) -> bool {
    primary(a) == primary(b)
}

/// The language of each token of `para`: the innermost passage or span
/// holding its word, else `default` (the chapter's language).
pub fn token_languages<'a>(para: &'a Para, toks: &[Token], default: &'a str) -> Vec<&'a str> {
    toks.iter()
        .map(|t| para.lang_at(t.core_range.start).unwrap_or(default))
        .collect()
}

/// A letter of the Latin script (Basic Latin, Latin-1, Extended-A and -B,
/// Extended Additional).
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (c.is_alphabetic() && matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}'))
}

/// The book's language and a lexicon, loaded on first use, for each other
/// language met in the prose.
pub struct Tongues {
    /// The language of the book's own lexicon (book.toml `language`).
    home: String,
    /// `words.txt`, which holds the book's words in every language.
    words_txt: String,
    /// By primary subtag; `None` when no dictionary is installed for it.
    /// Loaded when first asked for, behind a lock: chapters are checked
    /// on every core.
    others: std::sync::Mutex<BTreeMap<String, Option<std::sync::Arc<Lexicon>>>>,
}

impl Tongues {
    pub fn new(home: &str, words_txt: &str) -> Tongues {
        Tongues {
            home: home.to_string(),
            words_txt: words_txt.to_string(),
            others: Default::default(),
        }
    }

    /// Whether `lang` is the book's language, which its lexicon checks.
    pub fn is_home(&self, lang: &str) -> bool {
        same_language(lang, &self.home)
    }

    /// Whether `word` is written in another script than the book's
    /// language: letters, none of them Latin, in a book written in Latin
    /// letters (Hebrew, Arabic, Greek or Chinese quoted without a
    /// `lang`). The book's dictionary cannot judge it.
    pub fn other_script(&self, word: &str) -> bool {
        let non_latin_book = matches!(
            primary(&self.home).as_str(),
            "ru" | "uk"
                | "be"
                | "bg"
                | "mk"
                | "sr"
                | "el"
                | "ar"
                | "fa"
                | "ur"
                | "he"
                | "yi"
                | "zh"
                | "ja"
                | "ko"
                | "hi"
                | "mr"
                | "ne"
                | "bn"
                | "ta"
                | "te"
                | "th"
                | "ka"
                | "hy"
                | "am"
        );
        !non_latin_book
            && word.chars().any(char::is_alphabetic)
            && !word.chars().any(is_latin_letter)
    }

    /// The lexicon for `lang`, another language than the book's, when a
    /// Hunspell dictionary for it is installed (`Dictionary::find`: the
    /// folders of `BOOKPACK_DICTIONARY_PATH`, then the system's).
    pub fn lexicon(&self, lang: &str) -> Option<std::sync::Arc<Lexicon>> {
        let mut others = self.others.lock().unwrap_or_else(|e| e.into_inner());
        others
            .entry(primary(lang))
            .or_insert_with(|| {
                let dictionary = Dictionary::find(lang).and_then(|s| Dictionary::load(&s).ok())?;
                Some(std::sync::Arc::new(Lexicon::new(
                    Some(dictionary),
                    &self.words_txt,
                )))
            })
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_of_one_language_match_whatever_their_region() {
        assert_eq!(primary("fr-CA"), "fr");
        assert_eq!(primary("de_CH"), "de");
        assert!(same_language("en-GB", "en-US"));
        assert!(same_language("EN", "en-GB"));
        assert!(!same_language("en", "fr"));
    }

    #[test]
    fn each_word_takes_its_passage_language() {
        let p = super::super::prose::extract(
            "# T\n\nHe said <span lang=\"fr\">le gouvernement</span> twice.\n\n::: {lang=de}\nDie Regierung.\n:::\n",
        );
        let toks = super::super::words::tokens(&p.paras[1].text);
        let langs = token_languages(&p.paras[1], &toks, "en");
        assert_eq!(langs, ["en", "en", "fr", "fr", "en"]);
        let toks = super::super::words::tokens(&p.paras[2].text);
        assert_eq!(token_languages(&p.paras[2], &toks, "en"), ["de", "de"]);
    }

    #[test]
    fn a_passage_closed_before_a_broken_fence_keeps_its_language() {
        // The loader refuses the chapter (one error); the check still
        // knows the French passage, so its words are not read as English.
        let p = super::super::prose::extract(
            "# T\n\n::: {lang=fr}\nLe gouvernement.\n:::\n\n::: {lang=de}\nNie wieder.\n",
        );
        let toks = super::super::words::tokens(&p.paras[1].text);
        assert_eq!(token_languages(&p.paras[1], &toks, "en"), ["fr", "fr"]);
        let toks = super::super::words::tokens(&p.paras[2].text);
        assert_eq!(token_languages(&p.paras[2], &toks, "en"), ["en", "en"]);
    }

    #[test]
    fn words_in_another_script_are_not_the_book_dictionarys() {
        let english = Tongues::new("en-GB", "");
        for word in ["שלום", "مرحبا", "Ἀθῆναι", "赫鲁晓夫"] {
            assert!(english.other_script(word), "{word}");
        }
        for word in ["Khrushchev", "déclaration", "Łódź", "1956", "Nguyễn"] {
            assert!(!english.other_script(word), "{word}");
        }
        // A Russian book's own words are not "another script".
        assert!(!Tongues::new("ru", "").other_script("Хрущёв"));
    }

    #[test]
    fn a_language_without_an_installed_dictionary_has_no_lexicon() {
        let tongues = Tongues::new("en", "");
        assert!(tongues.is_home("en-US"));
        assert!(!tongues.is_home("tlh"));
        // No Hunspell dictionary exists anywhere for the Klingon tag.
        assert!(tongues.lexicon("tlh").is_none());
    }
}
