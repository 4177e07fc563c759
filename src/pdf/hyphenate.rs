//! Hyphenation: where a word may break, by Liang's patterns (Liang 1983, via the `hyphenation` crate) in the book's language.
//!
//! Rules, in order (TeX's, and what readers expect):
//! 1. a word holding a soft hyphen (U+00AD) breaks only there (and at its
//!    own hyphens) — the author has decided;
//! 2. a word holding a hyphen or dash breaks only after it ("anti-Marxist",
//!    never "an-ti-Marx-ist"), and nothing is added at the break;
//! 3. otherwise surrounding punctuation (quotes, brackets, stops, note
//!    digits) is stripped, and words with digits are left whole;
//! 4. a word the book lists in its hyphenation exceptions (`crate::exceptions`;
//!    a possessive through its stem) breaks only where the entry says,
//!    whatever the minima — the editor has decided, as with a soft hyphen;
//! 5. words in capitals (acronyms) are left whole, and the rest goes to the
//!    patterns with the configured minimum fragment lengths.

use std::collections::HashMap;

use hyphenation::{Hyphenator as _, Language, Load, Standard};

use crate::exceptions::{fold, Exceptions};

use crate::diagnostics::{Diagnostic, Failure};
use crate::model::{Inline, Span};

/// The soft hyphen, U+00AD.
pub const SOFT_HYPHEN: char = '\u{ad}';

/// What happens at a break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakKind {
    /// A pattern break: a hyphen is added at the end of the line.
    Pattern,
    /// At an author's soft hyphen: a hyphen is added.
    Soft,
    /// After a hyphen or dash already in the text: nothing is added.
    Explicit,
    /// Between two characters of text written without spaces (Chinese,
    /// Japanese), where UAX #14 allows it: nothing is added, and it costs
    /// no more than a break at a space (`pdf::ideographic`).
    Ideographic,
    /// Between two letters of a Korean word (`pdf::ideographic`): Korean
    /// breaks at its spaces, so this is taken only when the word cannot
    /// fit a line otherwise; nothing is added.
    Emergency,
}

impl BreakKind {
    /// Whether breaking here adds a hyphen glyph.
    pub fn adds_hyphen(self) -> bool {
        !matches!(
            self,
            BreakKind::Explicit | BreakKind::Ideographic | BreakKind::Emergency
        )
    }
}

/// A place a word may break: `at` is a byte offset in [`Hyphenated::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordBreak {
    pub at: usize,
    pub kind: BreakKind,
}

/// A word with its soft hyphens removed and its break points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hyphenated {
    pub text: String,
    pub breaks: Vec<WordBreak>,
}

impl Hyphenated {
    /// The word with a `-` at each break that adds one (for people and tests).
    pub fn marked(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + self.breaks.len());
        let mut last = 0;
        for b in &self.breaks {
            out.push_str(&self.text[last..b.at]);
            if b.kind.adds_hyphen() {
                out.push('-');
            }
            last = b.at;
        }
        out.push_str(&self.text[last..]);
        out
    }
}

/// Finds break points in words of one language.
pub struct Hyphenator {
    dictionary: Option<Standard>,
    /// The book's exceptions in this language: break points (in
    /// characters) by folded word.
    exceptions: HashMap<String, Vec<usize>>,
    /// Whether the language elides an article or a preposition into the
    /// next word with an apostrophe (French l’, d’, qu’; Italian dell’,
    /// un’; Catalan l’): such a word breaks within the word after it.
    elides: bool,
}

/// Whether `lang` (a BCP 47 tag) elides with an apostrophe.
fn elides(lang: &str) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    matches!(
        primary.to_ascii_lowercase().as_str(),
        "fr" | "it" | "ca" | "oc"
    )
}

impl std::fmt::Debug for Hyphenator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hyphenator")
            .field("language", &self.dictionary.as_ref().map(|d| d.language()))
            .field("exceptions", &self.exceptions.len())
            .finish()
    }
}

impl Hyphenator {
    /// Patterns for the BCP 47 tag `lang` (`en-GB` gets British patterns),
    /// with at least `left_min` characters before a break and `right_min`
    /// after it. An unknown language is an error.
    pub fn new(lang: &str, left_min: usize, right_min: usize) -> Result<Hyphenator, Failure> {
        let language = language_for(lang).ok_or_else(|| {
            Failure::single(
                Diagnostic::error(
                    "book.toml",
                    0,
                    0,
                    format!("no hyphenation patterns for language `{lang}`"),
                )
                .with_hint("use a BCP 47 tag such as en-GB, en-US, de, fr"),
            )
        })?;
        let mut dictionary = Standard::from_embedded(language).map_err(|e| {
            Failure::single(Diagnostic::error(
                "book.toml",
                0,
                0,
                format!("hyphenation patterns for `{lang}` failed to load: {e}"),
            ))
        })?;
        dictionary.minima = (left_min.max(1), right_min.max(1));
        Ok(Hyphenator {
            dictionary: Some(dictionary),
            exceptions: HashMap::new(),
            elides: elides(lang),
        })
    }

    /// A hyphenator that finds only explicit and soft hyphens (and the
    /// exceptions it is given).
    pub fn without_patterns() -> Hyphenator {
        Hyphenator {
            dictionary: None,
            exceptions: HashMap::new(),
            elides: false,
        }
    }

    /// This hyphenator, breaking the words `exceptions` lists for `lang`
    /// only where they say.
    pub fn with_exceptions(mut self, exceptions: &Exceptions, lang: &str) -> Hyphenator {
        self.exceptions = exceptions.for_language(lang);
        self
    }

    /// The word's break points (see the module docs for the rules).
    pub fn hyphenate(&self, word: &str) -> Hyphenated {
        if word.contains(SOFT_HYPHEN) {
            return soft_breaks(word);
        }
        let explicit = explicit_breaks(word);
        if !explicit.is_empty() {
            return Hyphenated {
                text: word.to_string(),
                breaks: explicit,
            };
        }
        Hyphenated {
            text: word.to_string(),
            breaks: self.pattern_breaks(word),
        }
    }

    fn pattern_breaks(&self, word: &str) -> Vec<WordBreak> {
        if self.dictionary.is_none() && self.exceptions.is_empty() {
            return Vec::new();
        }
        let start = word.find(|c: char| c.is_alphabetic()).unwrap_or(word.len());
        let end = word
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_alphabetic())
            .map_or(start, |(i, c)| i + c.len_utf8());
        if start >= end {
            return Vec::new();
        }
        let core = &word[start..end];
        if core.chars().any(|c| c.is_numeric()) {
            return Vec::new();
        }
        self.core_breaks(core)
            .into_iter()
            .map(|at| WordBreak {
                at: start + at,
                kind: BreakKind::Pattern,
            })
            .collect()
    }

    /// The pattern (or exception) breaks of `core`, a word stripped of
    /// the punctuation around it, as byte offsets in it.
    fn core_breaks(&self, core: &str) -> Vec<usize> {
        // An elision ("l’introduction", "dell’amministrazione"): the word
        // after the apostrophe breaks as itself, as babel-french and
        // InDesign break it (l’in-tro-duc-tion), besides any break before
        // the apostrophe (au-jourd’hui). Only the part before it, one
        // letter here, was hyphenated: such words never broke.
        let after = self.elision(core).map(|after| {
            self.core_breaks(&core[after..])
                .into_iter()
                .map(move |at| after + at)
        });
        let mut breaks = self.stem_breaks(core);
        breaks.extend(after.into_iter().flatten());
        breaks
    }

    /// The breaks of `core` up to its first apostrophe.
    fn stem_breaks(&self, core: &str) -> Vec<usize> {
        // A possessive or contraction ("Party’s"): hyphenate the part before
        // the apostrophe, whose breaks the patterns (and the exceptions) know.
        let stem_len = core.find(['’', '\'']).unwrap_or(core.len());
        let stem = &core[..stem_len];
        if !stem.chars().all(|c| c.is_alphabetic()) {
            return Vec::new();
        }
        if let Some(breaks) = self.exception_breaks(stem) {
            return breaks;
        }
        let letters = core.chars().filter(|c| c.is_alphabetic()).count();
        if letters > 1
            && core
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| c.is_uppercase())
        {
            return Vec::new();
        }
        let Some(dictionary) = &self.dictionary else {
            return Vec::new();
        };
        dictionary.hyphenate(stem).breaks
    }
}

impl Hyphenator {
    /// Where the word after an elision starts in `core` (past its
    /// apostrophe), when the language elides and `core` opens with one.
    fn elision(&self, core: &str) -> Option<usize> {
        if !self.elides {
            return None;
        }
        let at = core.find(['’', '\''])?;
        let elided = &core[..at];
        let after = at + core[at..].chars().next()?.len_utf8();
        let ok = !elided.is_empty()
            && elided.chars().all(char::is_alphabetic)
            && core[after..].starts_with(char::is_alphabetic);
        ok.then_some(after)
    }

    /// The byte offsets in `stem` where the exceptions let it break, or
    /// `None` when they do not list it.
    fn exception_breaks(&self, stem: &str) -> Option<Vec<usize>> {
        if self.exceptions.is_empty() {
            return None;
        }
        let folded: String = stem.chars().map(fold).collect();
        let breaks = self.exceptions.get(&folded)?;
        // `fold` keeps one character for one, so the entry's character
        // counts are the stem's.
        let offsets: Vec<usize> = stem.char_indices().map(|(i, _)| i).collect();
        Some(
            breaks
                .iter()
                .filter_map(|&chars| offsets.get(chars).copied())
                .collect(),
        )
    }
}

/// Words' break points shared by the typesetters of one book, across
/// threads: each worker setting chapters ahead met the book's vocabulary
/// on its own and hyphenated all of it again (some 10,000 instructions a
/// word). Keyed by language, then by the word as written; a word's breaks
/// depend on nothing else, since every typesetter of a book makes its
/// hyphenators with the same minima and exceptions.
#[derive(Default)]
pub struct SharedHyphens {
    by_language: std::sync::Mutex<HashMap<String, HashMap<String, Vec<WordBreak>>>>,
}

impl SharedHyphens {
    /// The breaks of `word` in `language`, found by `hyphenate` only when
    /// no typesetter has found them yet (outside the lock: the words of
    /// two threads are hyphenated side by side, and the first kept).
    pub fn breaks(
        &self,
        language: &str,
        word: &str,
        hyphenate: impl FnOnce() -> Vec<WordBreak>,
    ) -> Vec<WordBreak> {
        let lock = || self.by_language.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = lock().get(language).and_then(|words| words.get(word)) {
            return known.clone();
        }
        let found = hyphenate();
        lock()
            .entry(language.to_string())
            .or_default()
            .entry(word.to_string())
            .or_insert(found)
            .clone()
    }
}

/// One warning per language of the book (a chapter's own `language`
/// and a passage's, `<span lang>` or `::: {lang=…}`, included) that has
/// no hyphenation patterns: its text is set without hyphenation. The
/// book's own language is warned about by the typesetter.
pub fn missing_patterns(book: &crate::model::Book, diags: &mut crate::diagnostics::Diagnostics) {
    let mut seen = std::collections::BTreeSet::new();
    seen.insert(book.metadata.language.to_ascii_lowercase());
    for chapter in &book.chapters {
        let mut langs: Vec<(&str, Span)> = Vec::new();
        if let Some(lang) = &chapter.language {
            langs.push((lang, Span { line: 1, col: 1 }));
        }
        let blocks = chapter.synopsis.iter().chain(&chapter.blocks);
        for block in blocks.chain(chapter.notes.iter().flat_map(|n| &n.blocks)) {
            let at = block.span();
            block.for_each_inlines(&mut |inlines| passage_languages(inlines, at, &mut langs));
        }
        for (lang, at) in langs {
            if seen.insert(lang.to_ascii_lowercase())
                && language_for(lang).is_none()
                && !unhyphenated_by_convention(lang)
            {
                diags.push(
                    Diagnostic::warning(
                        &chapter.file,
                        at.line,
                        at.col,
                        format!("no hyphenation patterns for language `{lang}`; its text is set without hyphenation in the PDF"),
                    )
                    .with_hint("patterns exist for most European languages: check the tag, or accept unhyphenated text"),
                );
            }
        }
    }
}

/// Whether text in the language `tag` is never hyphenated, by
/// convention: Chinese and Japanese break between characters, Korean at
/// its spaces and between syllables, Thai, Lao, Khmer and Burmese between
/// words, all without a hyphen; Arabic, Persian, Urdu and the other
/// languages in Arabic script, and Hebrew, justify without breaking words
/// (hyph-utf8, TeX's patterns, ships empty ones for Arabic and Persian
/// for that reason); Vietnamese words are single syllables. Their having
/// no patterns needs no warning.
pub fn unhyphenated_by_convention(tag: &str) -> bool {
    let primary = tag.split(['-', '_']).next().unwrap_or("");
    [
        "zh", "ja", "ko", "th", "lo", "km", "my", "yue", "cmn", "wuu", "hak", "nan", "ar", "fa",
        "ur", "ps", "ckb", "sd", "ug", "he", "iw", "vi",
    ]
    .iter()
    .any(|p| primary.eq_ignore_ascii_case(p))
}

/// The languages of the passages marked in `inlines`, at `at`.
fn passage_languages<'a>(inlines: &'a [Inline], at: Span, out: &mut Vec<(&'a str, Span)>) {
    for inline in inlines {
        if let Inline::Span {
            lang: Some(lang), ..
        } = inline
        {
            out.push((lang, at));
        }
        passage_languages(inline.children(), at, out);
    }
}

/// Maps a BCP 47 tag to the patterns that serve it.
/// Whether bookpack has hyphenation patterns for the BCP 47 tag `tag`.
pub fn has_patterns(tag: &str) -> bool {
    language_for(tag).is_some()
}

fn language_for(tag: &str) -> Option<Language> {
    let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
    if let Some(language) = Language::try_from_code(&tag) {
        return Some(language);
    }
    let primary = tag.split('-').next().unwrap_or("");
    let region = tag.split('-').nth(1).unwrap_or("");
    match (primary, region) {
        // Commonwealth spelling follows British hyphenation.
        ("en", "au" | "nz" | "ie" | "in" | "za" | "uk") => Some(Language::EnglishGB),
        ("en", _) => Some(Language::EnglishUS),
        ("de", "ch") => Some(Language::GermanSwiss),
        ("de", _) => Some(Language::German1996),
        ("el", _) => Some(Language::GreekMono),
        ("sr", _) => Some(Language::SerbianCyrillic),
        ("mn", _) => Some(Language::Mongolian),
        ("no", _) => Some(Language::NorwegianBokmal),
        _ => Language::try_from_code(primary),
    }
}

fn is_break_after(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2013}' | '\u{2014}')
}

/// Breaks after hyphens and dashes with at least two letters or digits on
/// each side and a letter after: "anti-|Marxist", "co-|ordinated", but not
/// "U-2" or "20–25" (a number range or a one-letter prefix alone at a
/// line's end reads badly).
fn explicit_breaks(word: &str) -> Vec<WordBreak> {
    let mut breaks = Vec::new();
    let mut before = 0usize;
    for (i, c) in word.char_indices() {
        if is_break_after(c) {
            let at = i + c.len_utf8();
            let rest = &word[at..];
            let after = rest
                .chars()
                .take_while(|c| !is_break_after(*c))
                .filter(|c| c.is_alphanumeric())
                .count();
            let letter_next = rest.chars().next().is_some_and(char::is_alphabetic);
            if before >= 2 && after >= 2 && letter_next {
                breaks.push(WordBreak {
                    at,
                    kind: BreakKind::Explicit,
                });
            }
            before = 0;
        } else if c.is_alphanumeric() {
            before += 1;
        }
    }
    breaks
}

fn soft_breaks(word: &str) -> Hyphenated {
    let mut text = String::with_capacity(word.len());
    let mut breaks = Vec::new();
    for c in word.chars() {
        if c == SOFT_HYPHEN {
            let at = text.len();
            if at > 0 && breaks.last().is_none_or(|b: &WordBreak| b.at != at) {
                breaks.push(WordBreak {
                    at,
                    kind: BreakKind::Soft,
                });
            }
        } else {
            text.push(c);
        }
    }
    breaks.retain(|b| b.at < text.len());
    // The word's own hyphens stay breaks too ("Marxism-Lenin\u{ad}ism").
    breaks.extend(explicit_breaks(&text));
    breaks.sort_by_key(|b| b.at);
    breaks.dedup_by_key(|b| b.at);
    Hyphenated { text, breaks }
}

/// `bookpack hyphenate`: each word with `-` at its break points.
pub fn hyphenate_word_list(
    lang: &str,
    words: &[String],
    left_min: usize,
    right_min: usize,
) -> Result<Vec<String>, Failure> {
    let hyphenator = Hyphenator::new(lang, left_min, right_min)?;
    Ok(words
        .iter()
        .map(|w| hyphenator.hyphenate(w).marked())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word's breaks are found once for all the typesetters sharing
    /// them, and kept apart by language.
    #[test]
    fn shared_breaks_are_found_once_per_language() {
        let shared = SharedHyphens::default();
        let h = Hyphenator::new("en-GB", 2, 3).unwrap();
        let found = shared.breaks("en-GB", "knowledge", || h.hyphenate("knowledge").breaks);
        assert_eq!(found, h.hyphenate("knowledge").breaks);
        let again = shared.breaks("en-GB", "knowledge", || panic!("hyphenated again"));
        assert_eq!(again, found);
        let us = Hyphenator::new("en-US", 2, 3).unwrap();
        let american = shared.breaks("en-US", "knowledge", || us.hyphenate("knowledge").breaks);
        assert_ne!(american, found, "knowl-edge, know-ledge");
    }

    fn gb() -> Hyphenator {
        Hyphenator::new("en-GB", 2, 3).unwrap()
    }

    #[test]
    fn a_language_without_patterns_is_named_once() {
        let chapter = |lang: Option<&str>, file: &str| crate::model::Chapter {
            language: lang.map(str::to_string),
            file: file.into(),
            ..Default::default()
        };
        let book = crate::model::Book {
            metadata: crate::model::Metadata {
                language: "en-GB".into(),
                ..Default::default()
            },
            chapters: vec![
                chapter(Some("sw"), "a.md"),
                chapter(Some("fr"), "b.md"),
                chapter(Some("sw"), "c.md"),
                chapter(None, "d.md"),
                // Never hyphenated, so no patterns are missed.
                chapter(Some("zh-Hans"), "e.md"),
                chapter(Some("ja"), "f.md"),
                chapter(Some("ar"), "g.md"),
                chapter(Some("he"), "h.md"),
                chapter(Some("fa-IR"), "i.md"),
            ],
            errata: vec![],
            epub: Default::default(),
            pdf: crate::model::PdfSettings {
                paper: (400.0, 600.0),
                paper_name: "a5".into(),
                margins: crate::model::Margins {
                    top: 50.0,
                    bottom: 60.0,
                    inner: 50.0,
                    outer: 50.0,
                },
                font_size: 11.0,
                leading: 14.0,
                hyphenate_left_min: 2,
                hyphenate_right_min: 3,
                hyphenation_exceptions: Default::default(),
                notes: Default::default(),
                chapters_open: Default::default(),
                notes_open: Default::default(),
                bound_right: false,
                half_title: false,
                page_references: true,
            },
            labels: Default::default(),
            toc_depth: 2,
            lists: Default::default(),
            code: Default::default(),
            assets: Default::default(),
            bodies: Default::default(),
        };
        let mut diags = crate::diagnostics::Diagnostics::new();
        missing_patterns(&book, &mut diags);
        let messages: Vec<String> = diags.items().iter().map(|d| d.to_string()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].starts_with("a.md:1:1: warning: no hyphenation patterns for language `sw`")
        );
    }

    #[test]
    fn british_patterns_for_en_gb() {
        let words: Vec<String> = ["knowledge", "democracy", "philosophy"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            hyphenate_word_list("en-GB", &words, 2, 3).unwrap(),
            ["know-ledge", "demo-cracy", "philo-sophy"]
        );
        // US patterns differ, which is why the language matters.
        assert_eq!(
            hyphenate_word_list("en-US", &words[..1], 2, 3).unwrap(),
            ["knowl-edge"]
        );
    }

    #[test]
    fn table_of_break_points() {
        let h = gb();
        let cases = [
            // explicit hyphens only
            ("anti-Marxist", "anti-Marxist"),
            ("Chinese-Soviet", "Chinese-Soviet"),
            // soft hyphen decides
            ("rev\u{ad}isionist", "rev-isionist"),
            ("Marxism-Lenin\u{ad}ism;", "Marxism-Lenin-ism;"),
            // punctuation stripped, offsets kept
            ("“revisionist,”", "“re-vi-sion-ist,”"),
            // no digits, no capitals
            ("1957", "1957"),
            ("28th", "28th"),
            ("USSR", "USSR"),
            ("U-2", "U-2"),
            ("20–25", "20–25"),
            ("co-ordinated", "co-ordinated"),
            // possessive: the stem breaks
            ("Party’s", "Party’s"),
            // a dash at the end is not a break
            ("word—", "word—"),
        ];
        for (word, want) in cases {
            assert_eq!(h.hyphenate(word).marked(), want, "{word}");
        }
    }

    /// French, Italian and Catalan elide into the next word: the word after
    /// the apostrophe breaks as itself (it never did: the one letter
    /// before the apostrophe was taken for the word), beside any break
    /// before a later apostrophe. English keeps its stem rule.
    #[test]
    fn a_word_after_an_elision_breaks_as_itself() {
        let cases = [
            ("fr", "l’introduction", "l’in-tro-duc-tion"),
            ("fr", "d’extraordinaires", "d’ex-tra-or-di-naires"),
            ("fr", "l'Administration,", "l'Ad-mi-nis-tra-tion,"),
            ("fr", "aujourd’hui", "au-jourd’hui"),
            ("fr", "d’aujourd’hui", "d’au-jourd’hui"),
            ("fr", "L’ONU", "L’ONU"),
            ("fr", "qu’il", "qu’il"),
            ("it", "dell’amministrazione", "dell’am-mi-ni-stra-zione"),
            ("ca", "l’administració", "l’ad-mi-nis-tra-ció"),
            ("en-GB", "O’Shaughnessy", "O’Shaughnessy"),
        ];
        for (lang, word, want) in cases {
            let h = Hyphenator::new(lang, 2, 3).unwrap();
            assert_eq!(h.hyphenate(word).marked(), want, "{lang} {word}");
        }
    }

    #[test]
    fn explicit_breaks_need_two_characters_each_side() {
        let h = gb();
        let at = |w: &str| {
            h.hyphenate(w)
                .breaks
                .iter()
                .map(|b| b.at)
                .collect::<Vec<_>>()
        };
        assert_eq!(at("anti-Marxist"), [5]);
        assert_eq!(at("co-ordinated"), [3]);
        assert_eq!(at("well-acquainted"), [5]);
        assert_eq!(at("U-2"), Vec::<usize>::new());
        assert_eq!(at("20–25"), Vec::<usize>::new());
        assert_eq!(at("x-ray"), Vec::<usize>::new());
        assert_eq!(at("Marxism-Leninism"), [8]);
        assert!(h.hyphenate("U-2").breaks.is_empty());
    }

    #[test]
    fn trailing_note_digits_do_not_stop_hyphenation() {
        let h = gb();
        let plain = h.hyphenate("pokushenie").breaks;
        assert!(!plain.is_empty());
        assert_eq!(h.hyphenate("pokushenie1").breaks, plain);
    }

    #[test]
    fn minima_are_respected() {
        let loose = Hyphenator::new("en-GB", 2, 2).unwrap();
        let strict = Hyphenator::new("en-GB", 4, 4).unwrap();
        let word = "organizationally";
        let strict_breaks = strict.hyphenate(word).breaks;
        assert!(strict_breaks
            .iter()
            .all(|b| b.at >= 4 && word.len() - b.at >= 4));
        assert!(loose.hyphenate(word).breaks.len() >= strict_breaks.len());
    }

    #[test]
    fn an_exception_decides_where_its_word_breaks() {
        use crate::exceptions::{Exception, Exceptions};
        let exceptions = Exceptions {
            all: ["Khru-shchev", "de-moc-ra-cy", "philosophy", "Nën-to-ri"]
                .map(|e| Exception::parse(e).unwrap())
                .to_vec(),
            by_language: Default::default(),
        };
        let h = gb().with_exceptions(&exceptions, "en-GB");
        let cases = [
            // The patterns find no break in the name; the entry gives one,
            // in any case, possessive, or wrapped in punctuation and a note
            // number.
            ("Khrushchev", "Khru-shchev"),
            ("Khrushchev’s", "Khru-shchev’s"),
            ("Khrushchev's", "Khru-shchev's"),
            ("KHRUSHCHEV", "KHRU-SHCHEV"),
            ("“Khrushchev.”3", "“Khru-shchev.”3"),
            // Other forms are other words, left to the patterns.
            ("Khrushchevites", "Khrushchev-ites"),
            // The entry's breaks replace the patterns' (demo-cracy) …
            ("democracy", "de-moc-ra-cy"),
            // … or none keeps the word whole (philo-sophy).
            ("philosophy", "philosophy"),
            // Breaks count characters: `ë` is two bytes.
            ("Nëntori", "Nën-to-ri"),
            // A soft hyphen or a hyphen in the text still decides.
            ("Khrushch\u{ad}ev", "Khrushch-ev"),
            ("pro-Khrushchev", "pro-Khrushchev"),
        ];
        for (word, want) in cases {
            assert_eq!(h.hyphenate(word).marked(), want, "{word}");
        }
        // The entry holds whatever the minima: the editor has decided.
        let strict = Hyphenator::new("en-GB", 5, 5)
            .unwrap()
            .with_exceptions(&exceptions, "en-GB");
        assert_eq!(strict.hyphenate("democracy").marked(), "de-moc-ra-cy");
        // Without patterns (a language that has none), exceptions still hold.
        let bare = Hyphenator::without_patterns().with_exceptions(&exceptions, "tlh");
        assert_eq!(bare.hyphenate("Khrushchev").marked(), "Khru-shchev");
        assert_eq!(bare.hyphenate("knowledge").marked(), "knowledge");
    }

    #[test]
    fn unknown_language_is_an_error() {
        assert!(Hyphenator::new("xx-QQ", 2, 3).is_err());
        assert!(Hyphenator::new("en-AU", 2, 3).is_ok());
        assert!(Hyphenator::new("fr", 2, 3).is_ok());
    }
}
