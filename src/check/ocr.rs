//! Scanning and copying damage: letters a scanner confuses, a full stop or
//! space inside a word, words run together, a hyphen left from a line end,
//! a stray accent, a hyphen lost from a compound the book spells with one.
//!
//! Each rule fires only where the other reading is a word and this one is
//! not, so a correct text stays quiet; "a word" means the dictionary, the
//! book's `words.txt`, or (for joins) a form the book uses elsewhere.

use std::collections::BTreeSet;

use super::lexicon::Lexicon;
use super::prose::Para;
use super::words::{is_capitalized, starts_sentence, Token};
use super::Hit;

/// Letter groups a scanner reads one for the other, as (seen, meant).
/// Tried one at a time, at every place in the word.
pub const CONFUSIONS: [(&str, &str); 18] = [
    ("rn", "m"),
    ("m", "rn"),
    ("cl", "d"),
    ("d", "cl"),
    ("ri", "n"),
    ("n", "ri"),
    ("li", "h"),
    ("vv", "w"),
    ("e", "c"),
    ("c", "e"),
    ("i", "l"),
    ("l", "i"),
    ("1", "l"),
    ("l", "1"),
    ("0", "o"),
    ("0", "O"),
    ("I", "l"),
    ("ii", "u"),
];

/// Prefixes that never stand alone in English: `anti Marxist` lost its hyphen.
const BOUND_PREFIXES: [&str; 6] = ["anti", "non", "semi", "quasi", "pseudo", "neo"];

/// Short words that commonly run into the next word (`indifficult`,
/// `thefate`); other halves of a run-together word must be four letters or
/// more, so `shewed` is not read as `she wed`, nor `begat` as `beg at`.
const SHORT_WORDS: [&str; 42] = [
    "a", "an", "as", "at", "be", "by", "do", "he", "if", "in", "is", "it", "me", "my", "no", "of",
    "on", "or", "so", "to", "up", "we", "the", "and", "for", "but", "not", "was", "are", "has",
    "had", "his", "her", "its", "our", "you", "all", "can", "may", "one", "who", "she",
];

/// What the OCR rules need to know about the whole book.
pub struct BookForms {
    /// Hyphenated compounds the book uses, lower-cased (`marxist-leninist`).
    pub compounds: BTreeSet<String>,
}

impl BookForms {
    pub fn collect<'a>(paras: impl IntoIterator<Item = &'a Para>) -> BookForms {
        let mut compounds = BTreeSet::new();
        for p in paras {
            for t in super::words::tokens(&p.text) {
                let core = t.core;
                if core.contains('-')
                    && core
                        .split('-')
                        .all(|s| !s.is_empty() && s.chars().all(char::is_alphabetic))
                {
                    compounds.insert(core.to_lowercase());
                }
            }
        }
        BookForms { compounds }
    }
}

/// Runs the scanning-damage rules over one paragraph, but not on the
/// tokens in `other_language` (the rules know the book's language's words
/// only). Returns the indices of tokens they flagged, so spelling does not
/// report them again.
pub fn scan(
    para: &Para,
    toks: &[Token],
    other_language: &BTreeSet<usize>,
    lex: &Lexicon,
    forms: &BookForms,
    hits: &mut Vec<Hit>,
) -> BTreeSet<usize> {
    let mut flagged = BTreeSet::new();
    for (i, t) in toks.iter().enumerate() {
        // Small capitals print as capitals, where the lower-case shapes a
        // scanner confuses (rn/m, cl/d, e/c) are not there: `bc` in small
        // capitals is BC, not a damaged `be`.
        if t.core.is_empty()
            || para.is_italic(t.core_range.start)
            || para.is_small_caps(t.core_range.start)
            || other_language.contains(&i)
        {
            continue;
        }
        let name = is_capitalized(t.core) && !starts_sentence(toks, i);
        if let Some(hit) = single(t, name, lex, forms) {
            hits.push(hit);
            flagged.insert(i);
        }
    }
    for i in 0..toks.len().saturating_sub(1) {
        let (a, b) = (&toks[i], &toks[i + 1]);
        if flagged.contains(&i)
            || flagged.contains(&(i + 1))
            || other_language.contains(&i)
            || other_language.contains(&(i + 1))
            || a.core.is_empty()
            || b.core.is_empty()
        {
            continue;
        }
        // Only a single space between the two.
        if a.raw_range.end + 1 != b.raw_range.start {
            continue;
        }
        if let Some(hit) = pair(a, b, lex, forms) {
            hits.push(hit);
            flagged.insert(i);
            flagged.insert(i + 1);
        }
    }
    flagged
}

/// Rules about one token. A `name` (capitalised inside a sentence) is only
/// read as another word the book uses.
fn single(t: &Token, name: bool, lex: &Lexicon, forms: &BookForms) -> Option<Hit> {
    let core = t.core;
    let at = t.core_range.clone();
    // `A.fter`, `att.acked` (a full stop inside a word); `vain.We` (a space lost).
    if core.contains('.') && !lex.knows(core) {
        let parts: Vec<&str> = core.split('.').collect();
        if parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(char::is_alphabetic))
        {
            if parts.len() == 2
                && is_capitalized(parts[1])
                && parts[0].chars().count() >= 2
                && lex.knows(parts[0])
                && lex.knows(parts[1])
            {
                return Some(Hit::new(
                    "missing-space",
                    at,
                    format!("no space after the full stop in `{core}`"),
                    Some(format!("{}. {}", parts[0], parts[1])),
                ));
            }
            let joined: String = parts.concat();
            // A short word with a stop inside (`t.he`, `an.d`) is damage
            // too; an abbreviation is not: written with a final stop
            // (`Ph.D.`, `a.m.`) or of single letters (`e.g`, `i.e`).
            let abbreviation =
                t.tail().starts_with('.') || parts.iter().all(|p| p.chars().count() == 1);
            let long_part = parts.iter().any(|p| p.chars().count() > 2);
            if (long_part || (!abbreviation && joined.chars().count() >= 3)) && lex.knows(&joined) {
                return Some(Hit::new(
                    "stray-full-stop",
                    at,
                    format!("a full stop inside the word `{core}`"),
                    Some(joined),
                ));
            }
        }
        return None;
    }
    let has_digit = core.chars().any(|c| c.is_ascii_digit());
    let has_letter = core.chars().any(char::is_alphabetic);
    if has_digit && has_letter && !core.contains('-') && !is_ordinal_or_decade(core) {
        if let Some(c) = confusion(core, false, lex) {
            // Two characters are a label as often as damage: figure `1a`,
            // step `1b`, an `L1` cache, paper size `A4`. Only the short
            // words a scanner damages most (`0f` → `of`, `t0` → `to`) are
            // read back; a longer word (`peop1e`) always is.
            let short = core.chars().count() <= 2;
            if !short || SHORT_WORDS.contains(&c.0.to_lowercase().as_str()) {
                return Some(ocr_hit(core, at, c));
            }
        }
        return None;
    }
    // `Marxìst`: an accent no English word has.
    if !core.is_ascii() && !lex.knows(core) {
        let folded: String = core.chars().map(crate::import::fold_accent).collect();
        if folded != core && folded.split('-').all(|p| lex.familiar(p, 1)) {
            return Some(Hit::new(
                "stray-accent",
                at,
                format!("`{core}` has an accent the word does not take"),
                Some(folded),
            ));
        }
    }
    if !t.is_alpha_word() || lex.knows(core) {
        return None;
    }
    if let Some(hit) = camel(core, at.clone(), lex, forms) {
        return Some(hit);
    }
    // A capitalised word the book spells this way twice or more is a name.
    if is_capitalized(core) && lex.occurrences(core) >= 2 {
        return None;
    }
    if let Some(c) = confusion(core, name, lex) {
        return Some(ocr_hit(core, at, c));
    }
    let lower = core.to_lowercase();
    if let Some(compound) = forms.compounds.iter().find(|c| c.replace('-', "") == lower) {
        return Some(Hit::new(
            "lost-hyphen",
            at,
            format!("`{core}`: the book writes this as `{compound}`"),
            Some(restore_case(core, compound)),
        ));
    }
    if let Some((left, right)) = split_in_two(core, lex) {
        return Some(Hit::new(
            "run-together",
            at,
            format!("`{core}` looks like two words run together"),
            Some(format!("{left} {right}")),
        ));
    }
    None
}

/// Rules about two neighbouring tokens, `a b`.
fn pair(a: &Token, b: &Token, lex: &Lexicon, forms: &BookForms) -> Option<Hit> {
    let at = a.core_range.start..b.core_range.end;
    // `organ- ization`: a hyphen left from a line end.
    if a.tail() == "-" && b.head().is_empty() && a.is_alpha_word() && b.is_alpha_word() {
        let joined = format!("{}{}", a.core, b.core);
        if !is_capitalized(b.core) && (lex.knows(&joined) || !lex.knows(b.core)) {
            return Some(Hit::new(
                "line-end-hyphen",
                at,
                format!("`{}- {}`: a hyphen left from a line end", a.core, b.core),
                Some(joined),
            ));
        }
        return None;
    }
    if !a.tail().is_empty() || !b.head().is_empty() || !a.is_alpha_word() || !b.is_alpha_word() {
        return None;
    }
    // `conf ront`, `th at`, `H aven’t`: a space inside a word.
    let joined = format!("{}{}", a.core, b.core);
    let letter = |w: &str| w.chars().count() == 1 && !matches!(w, "a" | "A" | "I");
    let odd = |w: &str| !lex.knows(w) || letter(w);
    let word = |w: &str| w.chars().count() > 1 && lex.knows(w);
    // A letter named beside a word (`the long s`, `a round r`) is damage
    // only if the book uses the word the two would join into (`fro m`
    // where it writes `from`).
    let named_letter = (letter(b.core) && word(a.core)) || (letter(a.core) && word(b.core));
    if (odd(a.core) || odd(b.core))
        && !is_capitalized(b.core)
        && lex.familiar(&joined, 1)
        && (!named_letter || lex.occurrences(&joined) > 0)
    {
        return Some(Hit::new(
            "split-word",
            at,
            format!("`{} {}` looks like one word split in two", a.core, b.core),
            Some(joined),
        ));
    }
    // `Marxist Leninist` where the book writes `Marxist-Leninist`; `anti Marxist`.
    let hyphened = format!("{}-{}", a.core, b.core);
    if forms.compounds.contains(&hyphened.to_lowercase())
        || BOUND_PREFIXES.contains(&a.core.to_lowercase().as_str())
    {
        return Some(Hit::new(
            "lost-hyphen",
            at,
            format!("`{} {}` has lost its hyphen", a.core, b.core),
            Some(hyphened),
        ));
    }
    None
}

fn ocr_hit(
    core: &str,
    at: std::ops::Range<usize>,
    (meant, seen, instead): (String, &str, &str),
) -> Hit {
    Hit::new(
        "ocr-confusion",
        at,
        format!("`{core}` is not a word; `{meant}` is (a scanner reads `{instead}` as `{seen}`)"),
        Some(meant),
    )
}

/// The first reading, undoing one known confusion, that is a word:
/// (word, what was seen, what was meant).
fn confusion(
    core: &str,
    in_book: bool,
    lex: &Lexicon,
) -> Option<(String, &'static str, &'static str)> {
    for (seen, meant) in CONFUSIONS {
        for (i, _) in core.match_indices(seen) {
            let candidate = format!("{}{}{}", &core[..i], meant, &core[i + seen.len()..]);
            if candidate.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            if lex.knows(&candidate) && (!in_book || lex.occurrences(&candidate) > 0) {
                return Some((candidate, seen, meant));
            }
        }
    }
    None
}

/// `ChineaeSoviet`, `MarxismLeninism`: a capital inside a word.
fn camel(core: &str, at: std::ops::Range<usize>, lex: &Lexicon, forms: &BookForms) -> Option<Hit> {
    let chars: Vec<(usize, char)> = core.char_indices().collect();
    let k = (3..chars.len().saturating_sub(1)).find(|&k| {
        chars[k - 1].1.is_lowercase() && chars[k].1.is_uppercase() && chars[k + 1].1.is_lowercase()
    })?;
    let (left, right) = core.split_at(chars[k].0);
    // Mac-, Mc- and the like are names, not run-together words.
    if matches!(left, "Mac" | "Van" | "Von" | "Des" | "Del" | "Della") {
        return None;
    }
    let hyphened = format!("{left}-{right}");
    let joiner = if forms.compounds.contains(&hyphened.to_lowercase())
        || (lex.knows(left) && lex.knows(right) && is_capitalized(left))
    {
        "-"
    } else {
        " "
    };
    Some(Hit::new(
        "run-together",
        at,
        format!("`{core}` looks like two words run together"),
        Some(format!("{left}{joiner}{right}")),
    ))
}

/// `indifficult` → (`in`, `difficult`), when both halves are words and a
/// two-letter half is a common short word.
fn split_in_two<'a>(core: &'a str, lex: &Lexicon) -> Option<(&'a str, &'a str)> {
    if core.chars().count() < 5 || is_capitalized(core) {
        return None;
    }
    let ok = |w: &str| {
        (w.chars().count() >= 4 || SHORT_WORDS.contains(&w.to_lowercase().as_str())) && lex.knows(w)
    };
    let mut best = None;
    for (i, _) in core.char_indices().skip(1) {
        let (l, r) = core.split_at(i);
        if ok(l) && ok(r) && l.chars().count().max(r.chars().count()) >= 4 {
            // Prefer the most even split: `socialist country`, not `social istcountry`.
            let balance = l.len().min(r.len());
            if best.is_none_or(|(_, _, b)| balance > b) {
                best = Some((l, r, balance));
            }
        }
    }
    let (l, r, _) = best?;
    // Hunspell's own suggestions must include the split: halves that are
    // words only in a dictionary's long tail (`capitula tors`) do not count.
    let dict = lex.dictionary.as_ref()?;
    let spaced = format!("{l} {r}");
    let hyphened = format!("{l}-{r}");
    dict.suggest(core)
        .iter()
        .any(|s| *s == spaced || *s == hyphened)
        .then_some((l, r))
}

/// `28th`, `1950s`, `3rd`: digits and letters that belong together.
fn is_ordinal_or_decade(core: &str) -> bool {
    let digits = core.trim_end_matches(|c: char| c.is_alphabetic());
    let suffix = &core[digits.len()..];
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(suffix, "st" | "nd" | "rd" | "th" | "s" | "")
}

/// The compound with the capitals of the word it replaces.
fn restore_case(word: &str, compound: &str) -> String {
    let mut out = String::new();
    let mut letters = word.chars();
    for c in compound.chars() {
        if c == '-' {
            out.push('-');
        } else if letters.next().is_some_and(char::is_uppercase) {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::tests::lexicon;
    use super::super::prose::extract;
    use super::super::words::tokens;
    use super::*;

    fn run(text: &str, words: &[&str]) -> Vec<(String, String, Option<String>)> {
        let prose = extract(&format!("# T\n\n{text}\n"));
        let lex = {
            let mut l = lexicon(words);
            for p in &prose.paras {
                for t in tokens(&p.text) {
                    l.count(t.core);
                }
            }
            l
        };
        let forms = BookForms::collect(&prose.paras);
        let mut hits = Vec::new();
        for p in &prose.paras[1..] {
            let toks = tokens(&p.text);
            scan(p, &toks, &BTreeSet::new(), &lex, &forms, &mut hits);
            for h in &mut hits {
                h.text = p.text[h.at.clone()].to_string();
            }
        }
        hits.into_iter()
            .map(|h| (h.code.to_string(), h.text, h.suggestion))
            .collect()
    }

    const WORDS: &[&str] = &[
        "comrade",
        "after",
        "attacked",
        "confront",
        "that",
        "from",
        "in",
        "difficult",
        "the",
        "fate",
        "socialist",
        "country",
        "people",
        "still",
        "by",
        "organization",
        "we",
        "were",
        "vain",
        "Marxist",
        "Leninist",
        "Soviet",
        "Chinese",
        "right",
        "haven't",
        "he",
        "said",
        "a",
        "is",
        "it",
        "and",
        "anti",
    ];

    fn codes(text: &str) -> Vec<(String, String, Option<String>)> {
        run(text, WORDS)
    }

    #[test]
    fn confusions_are_undone_only_into_words() {
        assert_eq!(
            codes("Comrade Enver and Cornrade Mikoyan"),
            [(
                "ocr-confusion".into(),
                "Cornrade".into(),
                Some("Comrade".into())
            )]
        );
        assert_eq!(codes("the peopie")[0].2.as_deref(), Some("people"));
        assert_eq!(codes("the peop1e")[0].2.as_deref(), Some("people"));
        assert!(codes("by Mikoyan in 1957, the 28th").is_empty());
        // A name is read as another word only if the book uses that word.
        assert!(codes("by Cornrade Mikoyan").is_empty());
    }

    #[test]
    fn short_labels_of_a_digit_and_a_letter_are_not_damage() {
        let words = [
            "la", "lb", "ll", "and", "the", "phases", "cache", "of", "to", "people",
        ];
        // Labels and cache levels, whose letter-for-digit reading is a
        // word only in the dictionary's long tail.
        assert!(run("phases 1a and 1b and the L1 cache", &words).is_empty());
        // A short common word, and any longer word, is still damage.
        let found = run("the cache 0f the people and t0 the peop1e", &words);
        let readings: Vec<_> = found.iter().map(|h| h.2.as_deref()).collect();
        assert_eq!(readings, [Some("of"), Some("to"), Some("people")]);
    }

    #[test]
    fn stops_and_spaces_inside_words() {
        assert_eq!(codes("A.fter that")[0].2.as_deref(), Some("After"));
        assert_eq!(codes("he att.acked")[0].0, "stray-full-stop");
        assert_eq!(codes("in vain.We were")[0].2.as_deref(), Some("vain. We"));
        assert!(codes("i.e. it is").is_empty());
        // Short words: the stop is damage unless the token reads as an
        // abbreviation.
        assert_eq!(codes("and t.he people")[0].2.as_deref(), Some("the"));
        assert_eq!(codes("bread an.d wine")[0].2.as_deref(), Some("and"));
        assert!(codes("e.g it is").is_empty());
        assert!(codes("a Ph.D. in it").is_empty());
        assert!(codes("at 9 a.m. sharp").is_empty());
        assert_eq!(codes("to conf ront it")[0].2.as_deref(), Some("confront"));
        assert_eq!(codes("is th at it")[0].2.as_deref(), Some("that"));
        assert_eq!(codes("Right f rom the")[0].2.as_deref(), Some("from"));
        assert_eq!(codes("he said H aven’t")[0].2.as_deref(), Some("Haven’t"));
        assert!(codes("a right in the country").is_empty());
        // A letter named beside a word, unless the book uses the joined word.
        let words = [
            "long", "longs", "the", "and", "round", "fro", "from", "here", "there",
        ];
        assert!(run("the long s and the round r", &words).is_empty());
        assert_eq!(
            run("fro m here, and from there", &words)[0],
            ("split-word".into(), "fro m".into(), Some("from".into()))
        );
    }

    #[test]
    fn run_together_and_line_end_hyphens() {
        assert_eq!(codes("indifficult")[0].2.as_deref(), Some("in difficult"));
        assert_eq!(codes("thefate")[0].2.as_deref(), Some("the fate"));
        assert_eq!(
            codes("a socialistcountry")[0].2.as_deref(),
            Some("socialist country")
        );
        assert_eq!(codes("the ChineaeSoviet")[0].0, "run-together");
        assert_eq!(
            codes("the organ- ization")[0].2.as_deref(),
            Some("organization")
        );
        assert!(codes("McDonald and MacArthur").is_empty());
    }

    #[test]
    fn lost_hyphens_follow_the_book() {
        let hits = codes("Marxist-Leninist and Marxist Leninist and MarxistLeninist, anti Soviet");
        let got: Vec<_> = hits
            .iter()
            .map(|h| (h.0.as_str(), h.2.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("run-together", Some("Marxist-Leninist")),
                ("lost-hyphen", Some("Marxist-Leninist")),
                ("lost-hyphen", Some("anti-Soviet")),
            ]
        );
    }

    #[test]
    fn small_capitals_are_not_scanned_as_lower_case() {
        // `bc` in small capitals prints as BC: not a damaged `be`.
        let words = ["be", "in", "it", "was"];
        assert!(run("it was in 44 <span class=\"smallcaps\">bc</span>", &words).is_empty());
        assert_eq!(run("it was bc in", &words)[0].2.as_deref(), Some("be"));
    }

    #[test]
    fn stray_accents() {
        assert_eq!(codes("anti-Marxìst")[0].0, "stray-accent");
        assert!(codes("Nëntori").is_empty());
    }
}
