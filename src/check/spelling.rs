//! Spelling against the dictionary and `words.txt`, and names the book
//! spells two ways.
//!
//! A capitalised word the book uses twice or more, spelt the same way, is
//! taken for a name and not reported; a word in italics is taken for a
//! foreign word (the usual convention) and not spell-checked.

use std::collections::{BTreeMap, BTreeSet};

use super::lexicon::Lexicon;
use super::prose::Para;
use super::words::{edit_distance, is_all_caps, is_capitalized, tokens, Token};
use super::{ChapterSource, Hit};

/// Reports unknown words of a paragraph, leaving the tokens in `skip`.
pub fn scan(
    para: &Para,
    toks: &[Token],
    skip: &BTreeSet<usize>,
    lex: &Lexicon,
    hits: &mut Vec<Hit>,
) {
    let Some(dict) = &lex.dictionary else {
        return;
    };
    for (i, t) in toks.iter().enumerate() {
        if skip.contains(&i) || t.core.is_empty() || para.is_italic(t.core_range.start) {
            continue;
        }
        if lex.knows(t.core) || (t.tail().starts_with('.') && lex.knows(&format!("{}.", t.core))) {
            continue;
        }
        // `book.toml`, `e.g`, `example.org`: names and abbreviations, not words.
        if t.core.contains('.') {
            continue;
        }
        for (offset, part) in parts(t.core) {
            let before_hyphen = t.core[offset + part.len()..].starts_with('-');
            // `Sino-`, `monarcho-`: combining forms, known only in compounds.
            if before_hyphen && part.ends_with('o') {
                continue;
            }
            let at = t.core_range.start + offset..t.core_range.start + offset + part.len();
            // Small capitals print their lower-case letters as capitals
            // (`<span class="smallcaps">ieee</span>` is IEEE): read as
            // capitals, an acronym, left alone as `IEEE` is.
            let small_caps = para.is_small_caps(at.start);
            if part.chars().count() < 2
                || part
                    .chars()
                    .any(|c| !c.is_alphabetic() && !super::words::is_apostrophe(c))
                || is_all_caps(part)
                || small_caps
                || lex.knows(part)
            {
                continue;
            }
            if is_capitalized(part) && lex.occurrences(strip_possessive(part)) >= 2 {
                continue; // a name, spelt consistently
            }
            let mut suggestions = dict.suggest(part);
            suggestions.truncate(3);
            let suggestion = if suggestions.is_empty() {
                "if it is right, add it to words.txt beside book.toml".to_string()
            } else {
                format!(
                    "did you mean {}? If it is right, add it to words.txt beside book.toml",
                    suggestions
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            hits.push(Hit::new(
                "spelling",
                at,
                format!("`{part}` is not in the dictionary or the word list"),
                Some(suggestion),
            ));
        }
    }
}

/// The parts of a compound, with their byte offsets: `anti-Marxist` →
/// (0, `anti`), (5, `Marxist`). A trailing possessive stays on its part.
fn parts(core: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in core.char_indices() {
        if matches!(c, '-' | '–' | '—' | '/' | '.') {
            if i > start {
                out.push((start, &core[start..i]));
            }
            start = i + c.len_utf8();
        }
    }
    if start < core.len() {
        out.push((start, &core[start..]));
    }
    out
}

/// One capitalised word of the book, where it stands.
struct Place {
    chapter: usize,
    para: usize,
    at: std::ops::Range<usize>,
}

/// Names spelt two ways: a rare unknown name one letter from a commoner
/// one (`Khruschevites` / `Khrushchevites`), or the first of two names
/// one letter from another before the same second name (`Den Xiaoping` /
/// `Deng Xiaoping`). Replaces a spelling finding at the same place.
/// Only names in `language` (the book's, which `lex` knows) are compared.
pub fn name_variants(
    chapters: &[ChapterSource],
    lex: &Lexicon,
    language: &str,
    hits: &mut [Vec<(usize, Hit)>],
) {
    let mut singles: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    let mut pairs: BTreeMap<(String, String), Vec<Place>> = BTreeMap::new();
    for (ci, ch) in chapters.iter().enumerate() {
        let chapter_language = ch.prose.language.as_deref().unwrap_or(language);
        for (pi, p) in ch.prose.paras.iter().enumerate() {
            let toks = tokens(&p.text);
            let langs = super::tongues::token_languages(p, &toks, chapter_language);
            for (i, t) in toks.iter().enumerate() {
                if !t.is_alpha_word()
                    || !is_capitalized(t.core)
                    || is_all_caps(t.core)
                    || !super::tongues::same_language(langs[i], language)
                {
                    continue;
                }
                let name = strip_possessive(t.core);
                let place = || Place {
                    chapter: ci,
                    para: pi,
                    at: t.core_range.start..t.core_range.start + name.len(),
                };
                singles.entry(name.to_string()).or_default().push(place());
                if let Some(next) = toks.get(i + 1) {
                    if t.tail().is_empty()
                        && next.head().is_empty()
                        && next.is_alpha_word()
                        && is_capitalized(next.core)
                    {
                        let second = strip_possessive(next.core).to_string();
                        pairs
                            .entry((name.to_string(), second))
                            .or_default()
                            .push(place());
                    }
                }
            }
        }
    }
    let mut flag = |places: &[Place], message: String, suggestion: String| {
        for pl in places {
            let list = &mut hits[pl.chapter];
            list.retain(|(pi, h)| !(*pi == pl.para && h.at.start == pl.at.start));
            list.push((
                pl.para,
                Hit::new(
                    "name-variant",
                    pl.at.clone(),
                    message.clone(),
                    Some(suggestion.clone()),
                ),
            ));
        }
    };
    for (name, places) in &singles {
        if name.chars().count() < 5 || lex.knows(name) {
            continue;
        }
        let better = singles.iter().find(|(other, op)| {
            op.len() > places.len()
                && !lex.knows(other)
                && !is_inflection(name, other)
                && is_misreading(name, other)
        });
        if let Some((other, op)) = better {
            flag(
                places,
                format!(
                    "`{name}` ({}×) is spelt `{other}` elsewhere in the book ({}×)",
                    places.len(),
                    op.len()
                ),
                format!("`{other}`"),
            );
        }
    }
    for ((first, second), places) in &pairs {
        let better = pairs.iter().find(|((f, s), op)| {
            s == second
                && f != first
                && !is_inflection(first, f)
                && is_misreading(first, f)
                && (op.len() > places.len()
                    || (op.len() == places.len() && lex.knows(first) && !lex.knows(f)))
        });
        if let Some(((other, _), op)) = better {
            flag(
                places,
                format!(
                    "`{first} {second}` ({}×) is `{other} {second}` elsewhere in the book ({}×)",
                    places.len(),
                    op.len()
                ),
                format!("`{other} {second}`"),
            );
        }
    }
}

/// Whether `a` can be a misreading of `b`: a letter lost or added, or one
/// letter a scanner confuses with another (`e`/`c`, `i`/`l`, …). Two names
/// that differ by any other letter (`Teresh`, `Zeresh`) are two names.
pub fn is_misreading(a: &str, b: &str) -> bool {
    if edit_distance(a, b, 1) != 1 {
        return false;
    }
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if x.len() != y.len() {
        return true;
    }
    let Some(k) = (0..x.len()).find(|&k| x[k] != y[k]) else {
        return false;
    };
    const PAIRS: [(char, char); 8] = [
        ('e', 'c'),
        ('i', 'l'),
        ('l', '1'),
        ('o', '0'),
        ('a', 's'),
        ('n', 'u'),
        ('h', 'b'),
        ('I', 'l'),
    ];
    PAIRS
        .iter()
        .any(|&(p, q)| (x[k], y[k]) == (p, q) || (x[k], y[k]) == (q, p))
}

fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .unwrap_or(word)
}

/// `Soviet` / `Soviets`: forms of one word, not two spellings.
fn is_inflection(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    long.strip_prefix(short)
        .is_some_and(|rest| matches!(rest, "s" | "es" | "n" | "an" | "a" | "i"))
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::tests::lexicon;
    use super::super::prose::extract;
    use super::*;

    #[test]
    fn unknown_words_are_reported_with_suggestions() {
        let lex = lexicon(&["the", "stayed", "house", "in"]);
        let prose = extract("# T\n\nShe siayed in the house, *njet*.\n");
        let p = &prose.paras[1];
        let mut hits = Vec::new();
        scan(p, &tokens(&p.text), &BTreeSet::new(), &lex, &mut hits);
        let words: Vec<&str> = hits.iter().map(|h| &p.text[h.at.clone()]).collect();
        assert_eq!(words, ["She", "siayed"]);
        assert!(hits[1].suggestion.as_deref().unwrap().contains("`stayed`"));
    }

    #[test]
    fn small_capitals_are_read_as_the_capitals_they_print() {
        let lex = lexicon(&["the", "standard", "and", "agree"]);
        let prose = extract(
            "# T\n\nThe <span class=\"smallcaps\">ieee</span> standard and <span class='smallcaps'>unesco</span> agree, and siayed.\n",
        );
        let p = &prose.paras[1];
        let mut hits = Vec::new();
        scan(p, &tokens(&p.text), &BTreeSet::new(), &lex, &mut hits);
        let words: Vec<&str> = hits.iter().map(|h| &p.text[h.at.clone()]).collect();
        assert_eq!(words, ["siayed"]);
    }

    #[test]
    fn compounds_are_checked_part_by_part() {
        assert_eq!(parts("anti-Marxist"), [(0, "anti"), (5, "Marxist")]);
        assert_eq!(parts("Khrushchev’s"), [(0, "Khrushchev’s")]);
    }

    #[test]
    fn misreadings_are_letters_lost_added_or_confused() {
        assert!(is_misreading("Den", "Deng"));
        assert!(is_misreading("Khruschevites", "Khrushchevites"));
        assert!(is_misreading("Chinese", "Chinesc"));
        assert!(!is_misreading("Teresh", "Zeresh"));
    }

    #[test]
    fn inflections_are_not_variants() {
        assert!(is_inflection("Soviet", "Soviets"));
        assert!(!is_inflection("Den", "Deng"));
    }
}
