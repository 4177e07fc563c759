//! Labels: the words the editions print themselves ("Contents", "Chapter",
//! the imprint's sentences), built in for several languages and
//! overridable from book.toml's `[labels]`.
//!
//! Each language's table (in a module per group of languages: `western`,
//! `nordic`, `eastern`, `rtl`, `cjk`) gives every key (a unit test holds it to that);
//! a template's `{name}` placeholders are filled by [`fill`]. Phrases that
//! depend on a count come in `-one` and `-other` forms, worded so that
//! languages with more plural forms (Russian) need only one.

use serde::Serialize;

mod cjk;
mod eastern;
mod nordic;
mod rtl;
mod western;

use cjk::{JA, KO, ZH_HANS, ZH_HANT};
use eastern::{CS, EL, PL, RU, TR, UK};
use nordic::{DA, FI, NB, NN, SV};
use rtl::{AR, FA, HE};
use western::{DE, EN, ES, FR, IT, NL, PT, SQ};

macro_rules! labels {
    ($($field:ident = $key:literal),* $(,)?) => {
        /// Every label, in the book's language, after `[labels]` overrides.
        #[derive(Debug, Clone, Serialize, PartialEq, Eq)]
        #[serde(rename_all = "kebab-case")]
        pub struct Labels {
            $(pub $field: String,)*
            /// Whether `and` stands apart from the name after it even
            /// where it is one Arabic letter (Persian و; Arabic's is
            /// joined): set by the language, not a `[labels]` key.
            #[serde(skip)]
            pub and_apart: bool,
            /// Whether a sentence ends in the ideographic full stop `。`,
            /// with no space before the next (Chinese, Japanese): set by
            /// the language, not a `[labels]` key.
            #[serde(skip)]
            pub ideographic_stop: bool,
            /// The digits of every number the editions write (a chapter
            /// label's `{n}`, folios, note numbers, the imprint's year):
            /// book.toml's `numerals`, else the language's. Not a
            /// `[labels]` key; serialized, as it is not the language's
            /// alone and the watch caches must see it change.
            pub numerals: crate::numerals::Numerals,
        }

        impl Labels {
            /// The keys `[labels]` accepts, in the order of the struct.
            pub const KEYS: &'static [&'static str] = &[$($key),*];

            /// The label for `key`, if it is one.
            pub fn get_mut(&mut self, key: &str) -> Option<&mut String> {
                match key {
                    $($key => Some(&mut self.$field),)*
                    _ => None,
                }
            }

            fn empty() -> Labels {
                Labels {
                    $($field: String::new(),)*
                    and_apart: false,
                    ideographic_stop: false,
                    numerals: crate::numerals::Numerals::Latn,
                }
            }
        }
    };
}

labels! {
    contents = "contents",
    notes = "notes",
    notes_to_page = "notes-to-page",
    notes_to_pages = "notes-to-pages",
    chapter = "chapter",
    part = "part",
    appendix = "appendix",
    chapter_number = "chapter-number",
    part_number = "part-number",
    appendix_number = "appendix-number",
    back_to_text = "back-to-text",
    back_to_citation = "back-to-citation",
    title_page = "title-page",
    imprint = "imprint",
    cover = "cover",
    landmarks = "landmarks",
    start_of_content = "start-of-content",
    dedication = "dedication",
    epigraph = "epigraph",
    foreword = "foreword",
    preface = "preface",
    introduction = "introduction",
    prologue = "prologue",
    acknowledgements = "acknowledgements",
    epilogue = "epilogue",
    afterword = "afterword",
    glossary = "glossary",
    bibliography = "bibliography",
    colophon = "colophon",
    and = "and",
    page_reference = "page-reference",
    page_reference_in_brackets = "page-reference-in-brackets",
    figure = "figure",
    table = "table",
    list_of_figures = "list-of-figures",
    list_of_tables = "list-of-tables",
    listing = "listing",
    list_of_listings = "list-of-listings",
    cover_alt = "cover-alt",
    imprint_by = "imprint-by",
    corrections = "corrections",
    corrections_intro_one = "corrections-intro-one",
    corrections_intro_other = "corrections-intro-other",
    identifier = "identifier",
    first_published = "first-published",
    edition_published_by = "edition-published-by",
    text_from = "text-from",
    corrections_note_one = "corrections-note-one",
    corrections_note_other = "corrections-note-other",
    typeset = "typeset",
    translated_by = "translated-by",
    edited_by = "edited-by",
    illustrated_by = "illustrated-by",
    introduction_by = "introduction-by",
    afterword_by = "afterword-by",
    annotated_by = "annotated-by",
    photographs_by = "photographs-by",
    cover_by = "cover-by",
    compiled_by = "compiled-by",
    contributions_by = "contributions-by",
    series_volume = "series-volume",
    isbn_print = "isbn-print",
    isbn_ebook = "isbn-ebook",
    also_by = "also-by",
    continued = "continued",
    index = "index",
    index_see = "index-see",
    index_see_also = "index-see-also",
    callout_note = "callout-note",
    callout_tip = "callout-tip",
    callout_important = "callout-important",
    callout_warning = "callout-warning",
    callout_caution = "callout-caution",
    theorem = "theorem",
    lemma = "lemma",
    corollary = "corollary",
    proposition = "proposition",
    conjecture = "conjecture",
    definition = "definition",
    example = "example",
    exercise = "exercise",
    solution = "solution",
    remark = "remark",
    proof = "proof",
}

impl Default for Labels {
    fn default() -> Labels {
        Labels::english()
    }
}

/// Languages with built-in labels: primary subtags, and `zh-Hant` for
/// Chinese in traditional characters (`zh` alone is simplified).
pub const BUILT_IN: [&str; 26] = [
    "en", "fr", "de", "es", "it", "pt", "nl", "sq", "sv", "da", "nb", "nn", "fi", "pl", "cs", "tr",
    "ru", "uk", "el", "he", "ar", "fa", "zh", "zh-Hant", "ja", "ko",
];

fn table(tag: &str) -> Option<&'static [(&'static str, &'static str)]> {
    Some(match primary(tag).as_str() {
        "en" => EN,
        "fr" => FR,
        "de" => DE,
        "es" => ES,
        "it" => IT,
        "pt" => PT,
        "nl" => NL,
        "sq" => SQ,
        "sv" => SV,
        "da" => DA,
        // `no` is the macrolanguage, written in Bokmål by most.
        "nb" | "no" => NB,
        "nn" => NN,
        "fi" => FI,
        "pl" => PL,
        "cs" => CS,
        "tr" => TR,
        "ru" => RU,
        "uk" => UK,
        "el" => EL,
        // `iw` is Hebrew's withdrawn tag, still met in old files.
        "he" | "iw" => HE,
        "ar" => AR,
        "fa" => FA,
        "zh" if traditional_chinese(tag) => ZH_HANT,
        "zh" => ZH_HANS,
        "ja" => JA,
        "ko" => KO,
        _ => return None,
    })
}

/// Whether a `zh` tag means traditional characters: `zh-Hant…`, or a
/// region that writes them (`zh-TW`, `zh-HK`, `zh-MO`) without `Hans`.
pub fn traditional_chinese(tag: &str) -> bool {
    let subtags: Vec<String> = tag
        .split(['-', '_'])
        .skip(1)
        .map(|s| s.to_ascii_lowercase())
        .collect();
    let has = |s: &str| subtags.iter().any(|t| t == s);
    has("hant") || (!has("hans") && (has("tw") || has("hk") || has("mo")))
}

/// The primary language subtag of a BCP 47 tag, lower-case: `en-GB` → `en`.
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

impl Labels {
    /// The built-in labels for `language` (a BCP 47 tag), or `None` when
    /// bookpack has none for it.
    pub fn built_in(language: &str) -> Option<Labels> {
        let pairs = table(language)?;
        let mut labels = Labels::english();
        for (key, value) in pairs {
            *labels.get_mut(key).expect("built-in keys are known") = value.to_string();
        }
        labels.and_apart = primary(language) == "fa";
        labels.ideographic_stop = matches!(primary(language).as_str(), "zh" | "ja");
        labels.numerals = crate::numerals::Numerals::for_language(language);
        Some(labels)
    }

    /// The English labels: the fallback for any language without its own.
    pub fn english() -> Labels {
        let mut labels = Labels::empty();
        for (key, value) in EN {
            *labels.get_mut(key).expect("built-in keys are known") = value.to_string();
        }
        labels
    }

    /// The full stop `text` needs to end as a sentence of the imprint:
    /// none when it ends in one already (inside closing quotes or
    /// brackets too: "Smith Jr.", "(see the archive.)"), `。` in Chinese
    /// and Japanese, `.` elsewhere.
    pub fn full_stop(&self, text: &str) -> &'static str {
        let last = text
            .trim_end()
            .trim_end_matches(['”', '’', '"', '\'', ')', ']', '»', '“', '」', '』', '）'])
            .chars()
            .next_back();
        if matches!(last, Some('.' | '!' | '?' | '…' | '。' | '！' | '？')) {
            ""
        } else if self.ideographic_stop {
            "。"
        } else {
            "."
        }
    }

    /// What follows a full stop before the next sentence on the line: a
    /// space, or nothing after `。`.
    pub fn sentence_gap(&self) -> &'static str {
        if self.ideographic_stop {
            ""
        } else {
            " "
        }
    }

    /// The title of a callout of `kind` that gives none: "Note",
    /// "Warning", in the book's language (`[labels] callout-note`…).
    pub fn callout(&self, kind: crate::model::CalloutKind) -> &str {
        use crate::model::CalloutKind;
        match kind {
            CalloutKind::Note => &self.callout_note,
            CalloutKind::Tip => &self.callout_tip,
            CalloutKind::Important => &self.callout_important,
            CalloutKind::Warning => &self.callout_warning,
            CalloutKind::Caution => &self.callout_caution,
        }
    }

    /// The head of a theorem-like block of `kind`: numbered `n`,
    /// "Theorem\u{a0}3.1" (`[labels] theorem`, "Theorem {n}"), or with
    /// `None` the word alone, "Theorem", its template's `{n}` and the
    /// space or no-break space beside it left out ("定理{n}" "定理").
    pub fn theorem(&self, kind: crate::model::TheoremKind, n: Option<&str>) -> String {
        use crate::model::TheoremKind as K;
        let template = match kind {
            K::Theorem => &self.theorem,
            K::Lemma => &self.lemma,
            K::Corollary => &self.corollary,
            K::Proposition => &self.proposition,
            K::Conjecture => &self.conjecture,
            K::Definition => &self.definition,
            K::Example => &self.example,
            K::Exercise => &self.exercise,
            K::Solution => &self.solution,
            K::Remark => &self.remark,
            K::Proof => &self.proof,
        };
        match n {
            Some(n) => fill(template, &[("n", n)]),
            None => fill(template, &[("n", "")])
                .trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}')
                .to_string(),
        }
    }

    /// The label naming a kind of file (landmarks, untitled navigation entries).
    pub fn kind(&self, kind: crate::model::ChapterKind) -> &str {
        use crate::model::ChapterKind as K;
        match kind {
            K::Chapter => &self.chapter,
            K::Part => &self.part,
            K::Dedication => &self.dedication,
            K::Epigraph => &self.epigraph,
            K::Foreword => &self.foreword,
            K::Preface => &self.preface,
            K::Introduction => &self.introduction,
            K::Prologue => &self.prologue,
            K::Acknowledgements => &self.acknowledgements,
            K::Epilogue => &self.epilogue,
            K::Afterword => &self.afterword,
            K::Appendix => &self.appendix,
            K::Glossary => &self.glossary,
            K::Bibliography => &self.bibliography,
            K::Colophon => &self.colophon,
        }
    }

    /// The template of the label over a numbered file of `kind`
    /// ("Chapter {n}", "第{n}章") with its `[labels]` key; `None` for the
    /// kinds bookpack does not number.
    pub fn numbered_entry(&self, kind: crate::model::ChapterKind) -> Option<(&'static str, &str)> {
        use crate::model::ChapterKind as K;
        match kind {
            K::Chapter => Some(("chapter-number", &self.chapter_number)),
            K::Part => Some(("part-number", &self.part_number)),
            K::Appendix => Some(("appendix-number", &self.appendix_number)),
            _ => None,
        }
    }

    /// The label over file `n` of `kind`: "Chapter 12", "Part II", and
    /// where the language puts the number inside the words, "第12章";
    /// a kind without a template of its own (a numbered preface) is
    /// followed by the number.
    pub fn numbered(&self, kind: crate::model::ChapterKind, n: &str) -> String {
        // In the book's digits: "الفصل ٣"; a part's roman "II" and an
        // appendix's "A" are kept as they are.
        let n = &self.numerals.digits(n);
        match self.numbered_entry(kind) {
            Some((_, template)) => fill(template, &[("n", n)]),
            None => format!("{} {n}", self.kind(kind)),
        }
    }

    /// Where a book's `[labels]` renames a kind (`chapter = "Kapitola"`)
    /// but not its numbered form, the numbered form follows: "Kapitola
    /// 3", as before numbered forms were labels of their own.
    pub fn number_after_renamed_kinds(&mut self, renamed: impl Fn(&str) -> bool) {
        for (kind, numbered) in [
            ("chapter", "chapter-number"),
            ("part", "part-number"),
            ("appendix", "appendix-number"),
        ] {
            if renamed(kind) && !renamed(numbered) {
                let word = self.get_mut(kind).expect("a label key").clone();
                *self.get_mut(numbered).expect("a label key") = format!("{word} {{n}}");
            }
        }
    }

    /// The phrase crediting contributors of `role`, e.g. "Translated by {names}".
    pub fn credit(&self, role: crate::model::ContributorRole) -> &str {
        self.credit_entry(role).1
    }

    /// [`credit`](Labels::credit) with its `[labels]` key.
    pub fn credit_entry(&self, role: crate::model::ContributorRole) -> (&'static str, &str) {
        use crate::model::ContributorRole as R;
        match role {
            R::Translator => ("translated-by", &self.translated_by),
            R::Editor => ("edited-by", &self.edited_by),
            R::Illustrator => ("illustrated-by", &self.illustrated_by),
            R::Introduction => ("introduction-by", &self.introduction_by),
            R::Afterword => ("afterword-by", &self.afterword_by),
            R::Annotator => ("annotated-by", &self.annotated_by),
            R::Photographer => ("photographs-by", &self.photographs_by),
            R::CoverDesigner => ("cover-by", &self.cover_by),
            R::Compiler => ("compiled-by", &self.compiled_by),
            R::Contributor => ("contributions-by", &self.contributions_by),
        }
    }

    /// Names joined for display: "A", "A and B", "A, B and C"; in the
    /// script of `and`, "A، B وC" (Arabic), "A、B和C" (Chinese, Japanese).
    pub fn join_names(&self, names: &[&str]) -> String {
        let first = self.and.chars().next();
        let one_letter = self.and.chars().count() == 1;
        // Hebrew's and Arabic's "and" is a one-letter prefix (ו, و),
        // written joined to the word after it; Persian's stands apart.
        let prefix = one_letter
            && match first {
                Some('\u{0590}'..='\u{05FF}') => true,
                Some('\u{0600}'..='\u{06FF}') => !self.and_apart,
                _ => false,
            };
        let arabic = matches!(first, Some('\u{0600}'..='\u{06FF}'));
        // Chinese and Japanese set no spaces between words.
        let cjk = first.is_some_and(|c| {
            matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
        });
        match names.split_last() {
            None => String::new(),
            Some((last, [])) => last.to_string(),
            Some((last, rest)) if cjk => {
                // A Latin name (a font's, a translator's) keeps a space
                // from the ideographs: "EB Garamond 和 Noto Serif CJK".
                let before = rest.join("、");
                let gap = |c: Option<char>| {
                    if c.is_some_and(|c| c.is_ascii_alphanumeric()) {
                        " "
                    } else {
                        ""
                    }
                };
                format!(
                    "{before}{}{}{}{last}",
                    gap(before.chars().next_back()),
                    self.and,
                    gap(last.chars().next())
                )
            }
            Some((last, rest)) => {
                let comma = if arabic { "، " } else { ", " };
                let and = &self.and;
                // Hebrew joins its ו to a word of another script (or a
                // figure) with a hyphen: "ו-Noto Serif".
                let hyphen = prefix
                    && !arabic
                    && last
                        .chars()
                        .next()
                        .is_some_and(|c| !matches!(c, '\u{0590}'..='\u{05FF}'));
                if hyphen {
                    format!("{} {and}-{last}", rest.join(comma))
                } else if prefix {
                    format!("{} {and}{last}", rest.join(comma))
                } else {
                    format!("{} {and} {last}", rest.join(comma))
                }
            }
        }
    }
}

impl Labels {
    /// One line per role, in the order roles first appear: "Translated by
    /// Ann Lee and Bo Sample".
    pub fn credits(&self, contributors: &[crate::model::Contributor]) -> Vec<String> {
        let mut roles: Vec<crate::model::ContributorRole> = Vec::new();
        for c in contributors {
            if !roles.contains(&c.role) {
                roles.push(c.role);
            }
        }
        roles
            .into_iter()
            .map(|role| {
                let names: Vec<&str> = contributors
                    .iter()
                    .filter(|c| c.role == role)
                    .map(|c| c.name.as_str())
                    .collect();
                fill(self.credit(role), &[("names", &self.join_names(&names))])
            })
            .collect()
    }

    /// The card page's heading over the author's other books: "Also by
    /// Owen Marsh", or where the language leaves the name to the facing
    /// page, "Du même auteur".
    pub fn also_by_heading(&self, authors: &[crate::model::Author]) -> String {
        let names: Vec<&str> = authors.iter().map(|a| a.name.as_str()).collect();
        fill(&self.also_by, &[("authors", &self.join_names(&names))])
    }

    /// The series as printed: "Works, volume 3", or its name alone.
    pub fn series(&self, series: &crate::model::Series) -> String {
        match &series.position {
            // A number in the book's digits ("2.5" with its decimal
            // separator); a text such as "III" as written.
            Some(p) if p.bytes().all(|b| b.is_ascii_digit() || b == b'.') => fill(
                &self.series_volume,
                &[
                    ("series", &series.name),
                    ("position", &self.numerals.decimal(p)),
                ],
            ),
            Some(p) => fill(
                &self.series_volume,
                &[("series", &series.name), ("position", p)],
            ),
            None => series.name.clone(),
        }
    }
}

/// One piece of a filled template: literal text, or the value of a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    /// A placeholder's name (without braces).
    Value(&'a str),
}

/// Splits a template into literal text and `{name}` placeholders, so a
/// backend can set a value in its own style (the title in italics).
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            out.push(Piece::Text(&rest[..open + 1]));
            rest = &rest[open + 1..];
            continue;
        }
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Value(name));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Fills a template's placeholders from `values`; an unknown one stays as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    for piece in pieces(template) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Value(name) => match values.iter().find(|(n, _)| *n == name) {
                Some((_, v)) => out.push_str(v),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// The placeholders of a label a language may say without: the name of
/// "Also by {authors}", where French says "Du même auteur" (the name is
/// on the facing page). Every other placeholder English uses is a fact
/// each language keeps.
pub fn optional_placeholders(key: &str) -> &'static [&'static str] {
    match key {
        "also-by" => &["authors"],
        _ => &[],
    }
}

/// A label the EPUB's imprint once used, now that both editions'
/// imprints say the same: the label that says it now, and how to move.
pub fn retired(key: &str) -> Option<(&'static str, &'static str)> {
    Some(match key {
        "title-by" => (
            "imprint-by",
            "rename it to `imprint-by` (\"{title}, by {authors}\")",
        ),
        "published-on" => (
            "first-published",
            "rename it to `first-published`, with {year} for {date} (\"First published {year}.\")",
        ),
        "published-by" | "published-by-on" => (
            "edition-published-by",
            "rename it to `edition-published-by`, with {publisher} only (\"This edition published by {publisher}.\"); the year is in `first-published`",
        ),
        "source-of-text" => (
            "text-from",
            "rename it to `text-from`, with {source} where the source goes (\"Text from {source}\")",
        ),
        _ => return None,
    })
}

/// The placeholders a label's template may use (empty: none).
pub fn placeholders(key: &str) -> &'static [&'static str] {
    match key {
        "back-to-text" | "chapter-number" | "part-number" | "appendix-number" | "figure"
        | "table" | "listing" | "theorem" | "lemma" | "corollary" | "proposition"
        | "conjecture" | "definition" | "example" | "exercise" | "solution" | "remark" => &["n"],
        "back-to-citation" => &["n", "k"],
        "cover-alt" | "imprint-by" => &["title", "authors"],
        "also-by" => &["authors"],
        "page-reference" | "page-reference-in-brackets" => &["page"],
        "edition-published-by" => &["publisher"],
        "corrections-intro-one" | "corrections-intro-other" => &["n"],
        "corrections-note-one" | "corrections-note-other" => &["n", "original", "corrected"],
        "identifier" => &["identifier"],
        "first-published" => &["year"],
        "notes-to-page" => &["page"],
        "notes-to-pages" => &["first", "last"],
        "text-from" => &["source"],
        "typeset" => &["font", "size", "leading"],
        "series-volume" => &["series", "position"],
        "isbn-print" | "isbn-ebook" => &["isbn"],
        k if k.ends_with("-by") => &["names"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_gives_every_key_once_with_its_placeholders() {
        for lang in BUILT_IN {
            let pairs = table(lang).unwrap();
            let keys: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
            assert_eq!(keys, Labels::KEYS, "{lang}: keys in the struct's order");
            for (key, value) in pairs {
                assert!(!value.trim().is_empty(), "{lang} {key}");
                let used: Vec<&str> = pieces(value)
                    .into_iter()
                    .filter_map(|p| match p {
                        Piece::Value(v) => Some(v),
                        Piece::Text(_) => None,
                    })
                    .collect();
                for name in &used {
                    assert!(
                        placeholders(key).contains(name),
                        "{lang} {key}: unknown {{{name}}}"
                    );
                }
                // Every placeholder the English uses is kept (but for
                // those a language may say without): no fact is lost.
                let english = EN.iter().find(|(k, _)| k == key).unwrap().1;
                for piece in pieces(english) {
                    if let Piece::Value(v) = piece {
                        assert!(
                            used.contains(&v) || optional_placeholders(key).contains(&v),
                            "{lang} {key} drops {{{v}}}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn languages_are_found_by_primary_subtag() {
        assert_eq!(
            Labels::built_in("fr-CA").unwrap().contents,
            "Table des matières"
        );
        assert_eq!(Labels::built_in("sq").unwrap().notes, "Shënime");
        assert_eq!(Labels::built_in("ru").unwrap().chapter, "Глава");
        assert_eq!(Labels::built_in("en-GB").unwrap(), Labels::english());
        assert!(Labels::built_in("tlh").is_none());
    }

    #[test]
    fn templates_fill_and_split() {
        assert_eq!(
            fill(
                "Published by {publisher}, {date}.",
                &[("publisher", "P"), ("date", "1980")]
            ),
            "Published by P, 1980."
        );
        assert_eq!(fill("{x} {y}", &[("x", "1")]), "1 {y}");
        assert_eq!(
            pieces("{title} by {authors}"),
            vec![
                Piece::Value("title"),
                Piece::Text(" by "),
                Piece::Value("authors")
            ]
        );
        assert_eq!(
            pieces("a {B} c"),
            vec![Piece::Text("a {"), Piece::Text("B} c")]
        );
    }

    #[test]
    fn a_numbered_label_puts_the_number_where_its_template_says() {
        use crate::model::ChapterKind as K;
        let en = Labels::english();
        assert_eq!(en.numbered(K::Chapter, "12"), "Chapter 12");
        assert_eq!(en.numbered(K::Part, "II"), "Part II");
        assert_eq!(en.numbered(K::Appendix, "A"), "Appendix A");
        // A kind with no template of its own is followed by the number.
        assert_eq!(en.numbered(K::Preface, "2"), "Preface 2");
        let mut inside = Labels::english();
        inside.chapter_number = "第{n}章".into();
        assert_eq!(inside.numbered(K::Chapter, "3"), "第3章");
        assert_eq!(inside.kind(K::Chapter), "Chapter");
    }

    /// A book that renames a kind and not its numbered form reads as it
    /// did before numbered forms were labels: the word, then the number.
    #[test]
    fn a_renamed_kind_carries_its_numbered_form() {
        use crate::model::ChapterKind as K;
        let mut labels = Labels::english();
        labels.chapter = "Kapitola".into();
        labels.part = "Díl".into();
        labels.part_number = "{n}. díl".into();
        labels.number_after_renamed_kinds(|k| ["chapter", "part", "part-number"].contains(&k));
        assert_eq!(labels.numbered(K::Chapter, "3"), "Kapitola 3");
        assert_eq!(labels.numbered(K::Part, "II"), "II. díl");
        assert_eq!(labels.numbered(K::Appendix, "A"), "Appendix A");
    }

    /// Chinese, Japanese and Korean put the number inside the words.
    #[test]
    fn east_asian_labels_put_the_number_inside_the_words() {
        use crate::model::ChapterKind as K;
        let zh = Labels::built_in("zh").unwrap();
        assert_eq!(zh.numbered(K::Chapter, "3"), "第3章");
        assert_eq!(zh.contents, "目录");
        let ja = Labels::built_in("ja-JP").unwrap();
        assert_eq!(ja.numbered(K::Chapter, "3"), "第3章");
        assert_eq!(ja.numbered(K::Part, "2"), "第2部");
        assert_eq!(ja.contents, "目次");
        let ko = Labels::built_in("ko").unwrap();
        assert_eq!(ko.numbered(K::Chapter, "3"), "제3장");
        assert_eq!(ko.numbered(K::Appendix, "A"), "부록 A");
        let el = Labels::built_in("el").unwrap();
        assert_eq!(el.numbered(K::Chapter, "3"), "Κεφάλαιο 3");
    }

    /// Traditional characters for `Hant` and the regions that write them.
    #[test]
    fn chinese_takes_its_script_from_the_tag() {
        for tag in ["zh", "zh-CN", "zh-Hans", "zh-SG", "zh-Hans-TW", "zh_cn"] {
            assert_eq!(Labels::built_in(tag).unwrap().contents, "目录", "{tag}");
        }
        for tag in [
            "zh-Hant",
            "zh-TW",
            "zh-HK",
            "zh-MO",
            "zh-Hant-CN",
            "ZH-hant",
        ] {
            assert_eq!(Labels::built_in(tag).unwrap().contents, "目錄", "{tag}");
        }
    }

    #[test]
    fn every_language_asked_for_has_its_table() {
        for (tag, contents) in [
            ("pl", "Spis treści"),
            ("cs", "Obsah"),
            ("tr", "İçindekiler"),
            ("uk", "Зміст"),
            ("sv", "Innehåll"),
            ("da", "Indhold"),
            ("nb", "Innhold"),
            ("no", "Innhold"),
            ("nn", "Innhald"),
            ("fi", "Sisällys"),
            ("el", "Περιεχόμενα"),
            ("ar", "المحتويات"),
            ("fa", "فهرست مطالب"),
            ("ko", "차례"),
        ] {
            assert_eq!(Labels::built_in(tag).unwrap().contents, contents, "{tag}");
        }
    }

    #[test]
    fn names_join_in_the_language() {
        let fr = Labels::built_in("fr").unwrap();
        assert_eq!(fr.join_names(&["A", "B", "C"]), "A, B et C");
        assert_eq!(Labels::english().join_names(&["A"]), "A");
        assert_eq!(Labels::english().join_names(&["A", "B"]), "A and B");
        let he = Labels::built_in("he").unwrap();
        assert_eq!(
            he.join_names(&["אברהם", "יצחק", "יעקב"]),
            "אברהם, יצחק ויעקב"
        );
        assert_eq!(Labels::built_in("iw").as_ref(), Some(&he));
        // Arabic's و is joined to the name after it, Persian's stands
        // apart; both use the Arabic comma.
        let ar = Labels::built_in("ar").unwrap();
        assert_eq!(ar.join_names(&["أحمد", "علي", "حسن"]), "أحمد، علي وحسن");
        let fa = Labels::built_in("fa-IR").unwrap();
        assert_eq!(fa.join_names(&["احمد", "علی", "حسن"]), "احمد، علی و حسن");
        // Chinese and Japanese: an ideographic comma, no spaces.
        let zh = Labels::built_in("zh").unwrap();
        assert_eq!(zh.join_names(&["张三", "李四", "王五"]), "张三、李四和王五");
        let ja = Labels::built_in("ja").unwrap();
        assert_eq!(ja.join_names(&["夏目", "森"]), "夏目と森");
        // Latin names keep a space from the ideographs; Hebrew's ו joins
        // a Latin name with a hyphen.
        assert_eq!(
            zh.join_names(&["EB Garamond", "Noto Serif CJK SC"]),
            "EB Garamond 和 Noto Serif CJK SC"
        );
        assert_eq!(zh.join_names(&["张三", "Karl Marx"]), "张三和 Karl Marx");
        assert_eq!(
            he.join_names(&["EB Garamond", "Noto Serif Hebrew"]),
            "EB Garamond ו-Noto Serif Hebrew"
        );
        let ko = Labels::built_in("ko").unwrap();
        assert_eq!(ko.join_names(&["김", "이", "박"]), "김, 이 및 박");
    }

    /// The card page's heading names the authors where the language
    /// does, joined as everywhere else.
    #[test]
    fn the_card_heading_names_the_authors_where_the_language_does() {
        use crate::model::Author;
        let author = |name: &str| Author {
            name: name.into(),
            file_as: String::new(),
        };
        let one = [author("Owen Marsh")];
        let two = [author("Ann Lee"), author("Bo Sample")];
        let en = Labels::english();
        assert_eq!(en.also_by_heading(&one), "Also by Owen Marsh");
        assert_eq!(en.also_by_heading(&two), "Also by Ann Lee and Bo Sample");
        let fr = Labels::built_in("fr").unwrap();
        assert_eq!(fr.also_by_heading(&one), "Du même auteur");
        let de = Labels::built_in("de").unwrap();
        assert_eq!(de.also_by_heading(&one), "Ebenfalls von Owen Marsh");
        assert_eq!(
            Labels::built_in("ko").unwrap().also_by_heading(&one),
            "지은이의 다른 책"
        );
    }

    #[test]
    fn sentences_end_once_with_the_languages_full_stop() {
        let en = Labels::english();
        assert_eq!(en.full_stop("Enver Hoxha"), ".");
        assert_eq!(en.full_stop("mirrors)."), "");
        assert_eq!(en.full_stop("(see the archive.)"), "");
        assert_eq!(en.full_stop("he said “no.”"), "");
        assert_eq!(en.full_stop("Smith Jr."), "");
        assert_eq!(en.full_stop(""), ".");
        assert_eq!(en.sentence_gap(), " ");
        let zh = Labels::built_in("zh").unwrap();
        assert_eq!(zh.full_stop("《桃花源记》，陶渊明著"), "。");
        assert_eq!(zh.full_stop("2024年首次出版。"), "");
        assert_eq!(zh.sentence_gap(), "");
        assert_eq!(
            Labels::built_in("ja").unwrap().full_stop("夏目漱石著"),
            "。"
        );
        assert_eq!(Labels::built_in("ko").unwrap().full_stop("김"), ".");
    }
}
