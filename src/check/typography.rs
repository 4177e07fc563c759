//! Typography: quotes (straight, unbalanced, spaced), dashes typed as
//! spaced hyphens, doubled words, spaces and punctuation, sentence starts
//! and ends, and the book-wide habits that should not be mixed (note
//! references before or after punctuation, `...` or `…`).

use super::prose::{Para, ParaKind, NOTE_MARK};
use super::words::{is_space, Token};
use super::{ChapterSource, Hit};

/// Capitalised common words that do not follow a comma mid-sentence.
const FUNCTION_WORDS: [&str; 22] = [
    "The", "A", "An", "It", "We", "He", "She", "They", "This", "That", "These", "Those", "There",
    "His", "Her", "Its", "Our", "Their", "And", "But", "Or", "Of",
];

/// Words with a full stop that do not end a sentence.
const ABBREVIATIONS: [&str; 36] = [
    "etc", "cf", "vs", "viz", "ibid", "op", "cit", "e.g", "i.e", "p", "pp", "vol", "vols", "no",
    "ch", "ed", "eds", "trans", "fig", "approx", "ca", "c", "Mr", "Mrs", "Ms", "Dr", "St", "Jr",
    "Sr", "Prof", "Gen", "Col", "Lt", "Capt", "Rev", "al",
];

/// Verbs that introduce speech, after which a comma and a capital are right
/// (`he said, The Lord be with you`).
const SPEECH_VERBS: [&str; 16] = [
    "said",
    "saying",
    "says",
    "say",
    "answered",
    "replied",
    "asked",
    "cried",
    "spake",
    "quoth",
    "wrote",
    "called",
    "shouted",
    "whispered",
    "added",
    "thought",
];

/// Words a text may rightly double, by language (`had had`, `nous nous
/// sommes`, `die die`); a language not listed is not checked for doubled
/// words at all (some double words by grammar).
fn may_double(language: &str, word: &str) -> Option<bool> {
    let rightly: &[&str] = match language {
        "en" => &["had", "that", "is", "her"],
        "fr" => &["nous", "vous"],
        "de" => &["die", "der", "das", "den", "dem"],
        "es" | "it" | "pt" | "nl" => &[],
        _ => return None,
    };
    Some(rightly.contains(&word))
}

/// Runs the paragraph-level typography rules. `langs` holds each token's
/// language, `language` the chapter's (for text outside any passage);
/// `prev` and `next` are the paragraphs around it (a quotation may run on
/// into the next, a letter's salutation is followed by its text).
pub fn scan(
    p: &Para,
    toks: &[Token],
    langs: &[&str],
    language: &str,
    prev: Option<&Para>,
    next: Option<&Para>,
    hits: &mut Vec<Hit>,
) {
    let text = &p.text;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let lang_at = |i: usize| p.lang_at(i).unwrap_or(language);
    straight_quotes(&chars, &lang_at, hits);
    balance(&chars, &lang_at, next, hits);
    for (k, &(i, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|j| chars[j].1);
        let after = chars.get(k + 1).map(|x| x.1);
        match c {
            '“' | '‘' | '„' | '‚'
                if after.is_some_and(|a| a == ' ') && prev.is_none_or(is_space) =>
            {
                hits.push(Hit::new(
                    "quote-spacing",
                    i..i + c.len_utf8() + 1,
                    format!("a space after the opening `{c}`"),
                    Some(format!("`{c}` then the word, without the space")),
                ))
            }
            '”' if prev == Some(' ')
                && k >= 2
                && !is_space(chars[k - 2].1)
                && after.is_none_or(|a| is_space(a) || ".,;:!?".contains(a)) =>
            {
                hits.push(Hit::new(
                    "quote-spacing",
                    i - 1..i + c.len_utf8(),
                    "a space before the closing `”`".into(),
                    Some("no space between the last word and `”`".into()),
                ))
            }
            '-' if prev == Some(' ') && after == Some(' ') => hits.push(Hit::new(
                "spaced-hyphen",
                i..i + 1,
                "a hyphen with spaces around it, used as a dash".into(),
                Some("an en dash `–` (`--`) or an em dash `—` (`---`)".into()),
            )),
            ' ' if prev.is_some_and(|p| !is_space(p))
                && after == Some(' ')
                && chars[k + 1..].iter().find(|x| x.1 != ' ').is_some() =>
            {
                let end = chars[k..]
                    .iter()
                    .find(|x| x.1 != ' ')
                    .map_or(text.len(), |x| x.0);
                hits.push(
                    Hit::new(
                        "doubled-space",
                        i..end,
                        format!("{} spaces between words", end - i),
                        Some("one space".into()),
                    )
                    .with_fix(" ".into()),
                );
            }
            ',' | ';' | ':' | '.' => {
                if let Some(hit) = doubled_punctuation(&chars, k) {
                    hits.push(hit);
                }
            }
            _ => {}
        }
    }
    words(toks, langs, p, hits);
    // A table's caption (`Table: …`, pandoc's) ends as a caption may.
    let caption = text.starts_with("Table:") || text.starts_with(": ");
    if (p.kind == ParaKind::Body || matches!(p.kind, ParaKind::Note(_))) && !caption {
        final_punctuation(p, prev, next, hits);
    }
}

/// Whether the book's prose holds a typographic quotation mark, in any
/// language's style (“ ” ‘ « » „ ‚ ‹ ›; a curly apostrophe alone is not a
/// quotation style).
pub fn uses_curly_quotes(chapters: &[super::ChapterSource]) -> bool {
    const MARKS: [char; 9] = ['“', '”', '‘', '«', '»', '„', '‚', '‹', '›'];
    chapters
        .iter()
        .any(|ch| ch.prose.paras.iter().any(|p| p.text.contains(MARKS)))
}

/// `"` and `'` typed straight, with the curly form the position calls for
/// (and, in a language with marks of its own, what the build sets it as).
fn straight_quotes<'a>(
    chars: &[(usize, char)],
    lang_at: &dyn Fn(usize) -> &'a str,
    hits: &mut Vec<Hit>,
) {
    // A single quote is open: a `'` after a letter then closes it unless
    // a letter follows (`it's`), as the typography pass reads it.
    let mut single_open = false;
    // The hit of a `"` that opens a quotation, while it is open: when its
    // closing mark cannot be fixed, neither is it (a fix of one mark of a
    // pair left `“call 999"`).
    let mut open_double: Option<usize> = None;
    for (k, &(i, c)) in chars.iter().enumerate() {
        if c == '‘' {
            single_open = true;
        }
        if c != '"' && c != '\'' {
            continue;
        }
        // A web or mail address keeps its characters: a curly mark in it
        // is another address (`x'y` became `x%E2%80%99y` in the EPUB).
        if in_address(chars, k) {
            continue;
        }
        let prev = k.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(k + 1).map(|x| x.1);
        let curly = curly_for(c, prev, &chars[k + 1..], single_open);
        let between_letters = next.is_some_and(char::is_alphanumeric);
        let apostrophe = c == '\''
            && curly == '’'
            && prev.is_some_and(char::is_alphanumeric)
            && (between_letters || !single_open);
        match curly {
            '‘' => single_open = true,
            '’' if !apostrophe => single_open = false,
            _ => {}
        }
        let what = if apostrophe {
            "apostrophe"
        } else {
            "quotation mark"
        };
        let lang = lang_at(i);
        // The typography pass turns English marks into the language's own
        // (`language.rs`); an apostrophe stays one.
        let set_as = crate::language::style(lang).and_then(|style| match curly {
            '“' => Some(style.outer.0),
            '”' => Some(style.outer.1),
            '‘' => Some(style.inner.0),
            '’' if !apostrophe => Some(style.inner.1),
            _ => None,
        });
        let mut suggestion = match set_as {
            Some(mark) if mark != curly.to_string() => {
                format!("`{curly}`, which the build sets as `{mark}` in `{lang}`")
            }
            _ => format!("`{curly}`"),
        };
        // After a number and not before a letter (`1990's` is an
        // apostrophe), a mark is a prime (`5'10"`: feet and inches,
        // minutes and seconds) or closes a quotation (`"call 999"`).
        // Which one is a choice, and the wrong one changes the meaning:
        // reported with both readings, never fixed.
        let after_number =
            prev.is_some_and(|p| p.is_ascii_digit()) && !next.is_some_and(char::is_alphabetic);
        if after_number {
            let prime = if c == '"' {
                "a double prime `″` for inches or seconds"
            } else {
                "a prime `′` for feet or minutes"
            };
            suggestion = format!("{prime}, or {suggestion} if it closes a quotation");
        }
        let message = if after_number {
            format!("a straight `{c}` after a number")
        } else {
            format!("a straight {what} `{c}`")
        };
        let hit = Hit::new("straight-quote", i..i + 1, message, Some(suggestion));
        if c == '"' {
            if after_number {
                if let Some(h) = open_double.take() {
                    hits[h].fix = None;
                }
            } else if curly == '“' {
                open_double = Some(hits.len());
            } else {
                open_double = None;
            }
        }
        hits.push(if after_number {
            hit
        } else {
            hit.with_fix(curly.to_string())
        });
    }
}

/// Whether the character at `k` is inside a web or mail address: its run
/// of characters between spaces (and the angle brackets of an autolink)
/// holds `://`, starts `www.`, or is a name `@` a dotted domain.
fn in_address(chars: &[(usize, char)], k: usize) -> bool {
    let bound = |c: char| c.is_whitespace() || c == '<' || c == '>';
    let start = chars[..k]
        .iter()
        .rposition(|x| bound(x.1))
        .map_or(0, |j| j + 1);
    let end = chars[k..]
        .iter()
        .position(|x| bound(x.1))
        .map_or(chars.len(), |j| k + j);
    let token: String = chars[start..end].iter().map(|x| x.1).collect();
    let token = token.trim_start_matches(['(', '[', '"', '\'', '“', '‘']);
    token.contains("://")
        || token.starts_with("www.")
        || token.split_once('@').is_some_and(|(name, domain)| {
            !name.is_empty() && domain.contains('.') && !domain.starts_with('.')
        })
}

/// The curly quote for a straight one after `prev` and before `after`,
/// with a single quotation open before it or not (`single_open`: a
/// Hebrew word's `'` then closes it rather than being a geresh).
pub fn curly_for(c: char, prev: Option<char>, after: &[(usize, char)], single_open: bool) -> char {
    let next = after.first().map(|x| x.1);
    if let Some(mark) = crate::typography::hebrew_mark(c, prev, next, single_open) {
        return mark;
    }
    match (c, crate::typography::quote_opens(prev, next)) {
        ('"', true) => '“',
        ('"', false) => '”',
        // An apostrophe before a digit: ’90s.
        ('\'', true) if next.is_some_and(|n| n.is_ascii_digit()) => '’',
        // Letters left out: rock ’n’ roll, ’tis.
        ('\'', true) if crate::typography::starts_elision(after.iter().map(|x| x.1)) => '’',
        ('\'', true) => '‘',
        _ => '’',
    }
}

/// Whether `c` is a quotation mark (not a bracket).
fn is_quote(c: char) -> bool {
    matches!(c, '“' | '‘' | '„' | '‚' | '«' | '»' | '‹' | '›')
}

/// Languages that may set guillemets pointing inwards, `»so«` (German and
/// Danish books, Czech, Croatian, Slovene), besides `«so»`.
fn inward_guillemets(lang: &str) -> bool {
    matches!(
        super::tongues::primary(lang).as_str(),
        "de" | "da" | "cs" | "sk" | "hr" | "sl" | "hu" | "pl"
    )
}

/// The mark that closes `open` in `lang`.
fn closer_for(open: char, lang: &str) -> char {
    match open {
        '“' => '”',
        '‘' => '’',
        // German, Czech, … close „ with “; Polish, Hungarian, Romanian,
        // Dutch with ”.
        '„' if matches!(
            super::tongues::primary(lang).as_str(),
            "pl" | "hu" | "ro" | "nl" | "hr"
        ) =>
        {
            '”'
        }
        '„' => '“',
        '‚' => '‘',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        '(' => ')',
        _ => ']',
    }
}

/// Quotation marks and brackets in pairs within the paragraph, in the
/// marks of every language the book may quote in: English “ ” ‘ ’,
/// German „ “ ‚ ‘, Polish „ ”, guillemets « » ‹ › (and » « where a
/// language points them inwards). A mark's role follows from what is
/// open: “ closes an open „ and opens otherwise.
fn balance<'a>(
    chars: &[(usize, char)],
    lang_at: &dyn Fn(usize) -> &'a str,
    next: Option<&Para>,
    hits: &mut Vec<Hit>,
) {
    let mut stack: Vec<(usize, char)> = Vec::new();
    let innermost_quote =
        |stack: &[(usize, char)]| stack.iter().rev().map(|&(_, o)| o).find(|&o| is_quote(o));
    for (k, &(i, c)) in chars.iter().enumerate() {
        let c = match c {
            '"' | '\'' => {
                let prev = k.checked_sub(1).map(|j| chars[j].1);
                let single_open = innermost_quote(&stack) == Some('‘');
                curly_for(c, prev, &chars[k + 1..], single_open)
            }
            c => c,
        };
        // What closes: (the mark, the openers it may close).
        let closes: Option<&[char]> = match c {
            '“' if innermost_quote(&stack) == Some('„') => Some(&['„']),
            '‘' if innermost_quote(&stack) == Some('‚') => Some(&['‚']),
            '«' if innermost_quote(&stack) == Some('»') => Some(&['»']),
            '‹' if innermost_quote(&stack) == Some('›') => Some(&['›']),
            '»' if innermost_quote(&stack) == Some('«') || !inward_guillemets(lang_at(i)) => {
                Some(&['«'])
            }
            '›' if innermost_quote(&stack) == Some('‹') || !inward_guillemets(lang_at(i)) => {
                Some(&['‹'])
            }
            '”' => Some(&['“', '„']),
            ')' => Some(&['(']),
            ']' => Some(&['[']),
            // A closing single quote closes an open ‘ or ‚, else it is an
            // apostrophe.
            '’' => {
                if matches!(innermost_quote(&stack), Some('‘' | '‚')) {
                    stack.pop_if(|&mut (_, o)| matches!(o, '‘' | '‚'));
                }
                None
            }
            '“' | '‘' | '„' | '‚' | '«' | '»' | '‹' | '›' | '(' | '[' => {
                stack.push((i, c));
                None
            }
            _ => None,
        };
        let Some(openers) = closes else { continue };
        if let Some(pos) = stack.iter().rposition(|&(_, o)| openers.contains(&o)) {
            stack.truncate(pos);
        } else {
            let open = openers[0];
            let after_number = k > 0 && chars[k - 1].1.is_ascii_digit();
            let hint = if c == '”' && after_number {
                // `a 12" ruler`, `5'10"`: a measure, not a quotation.
                "inches or seconds after a number are a double prime `″` (feet or minutes a prime `′`)".to_string()
            } else {
                format!("add the opening `{open}` where the {} begins", noun(c))
            };
            hits.push(Hit::new(
                "unbalanced-quote",
                i..i + c.len_utf8(),
                format!("`{c}` closes nothing: its `{open}` is missing"),
                Some(hint),
            ));
        }
    }
    let runs_on = next.is_some_and(|n| {
        let t = n.text.trim_start();
        t.starts_with(['“', '"', '„', '«', '»'])
    });
    for (i, c) in stack {
        if c == '‘' || c == '‚' {
            continue; // too often an apostrophe typed the wrong way round
        }
        let close = closer_for(c, lang_at(i));
        if matches!(c, '“' | '„' | '«' | '»') && runs_on {
            hits.push(Hit::new(
                "open-quote-continued",
                i..i + c.len_utf8(),
                "this quotation is not closed before the paragraph ends, and the next paragraph opens one".into(),
                Some(format!("right if one speech runs on into the next paragraph; otherwise add the closing `{close}`")),
            ));
        } else {
            hits.push(Hit::new(
                "unbalanced-quote",
                i..i + c.len_utf8(),
                format!("`{c}` is never closed in this paragraph"),
                Some(format!(
                    "add the closing `{close}` where the {} ends",
                    noun(close)
                )),
            ));
        }
    }
}

/// Whether the `..` at `k` joins the two ends of a range, as technical
/// text writes one (`V[1..n]`, `1..10`, `a..z`): no space on either side,
/// and a number or a single letter at one end. Two words (`home..The`)
/// are a doubled stop with a lost space.
fn is_range(chars: &[(usize, char)], k: usize) -> bool {
    let left: Vec<char> = chars[..k]
        .iter()
        .rev()
        .map(|x| x.1)
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let right: Vec<char> = chars[k + 2..]
        .iter()
        .map(|x| x.1)
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let bound = |end: &[char]| end.len() == 1 || end.iter().all(char::is_ascii_digit);
    !left.is_empty() && !right.is_empty() && (bound(&left) || bound(&right))
}

fn noun(c: char) -> &'static str {
    if matches!(c, '(' | ')' | '[' | ']') {
        "bracket"
    } else {
        "quotation"
    }
}

/// `road,”.`, `,.`, `..`: two marks where one belongs.
fn doubled_punctuation(chars: &[(usize, char)], k: usize) -> Option<Hit> {
    let (i, c) = chars[k];
    // `etc.,`: the full stop of an abbreviation.
    if c == '.' {
        let word: String = chars[..k]
            .iter()
            .rev()
            .map(|x| x.1)
            .take_while(|c| c.is_alphabetic() || *c == '.')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if ABBREVIATIONS.contains(&word.as_str()) {
            return None;
        }
        // An initial or letters with stops (`Ongaro, D., and`, `A. S.,`,
        // `U.S.,`): an abbreviation's stop, which a comma may follow, in
        // a bibliography's names as in prose.
        if !word.is_empty() && word.split('.').all(|part| part.chars().count() == 1) {
            return None;
        }
        // A bibliography's `Cambridge, Mass.: Harvard`: a short capitalised
        // word's stop before a colon abbreviates it.
        let colon_next = chars.get(k + 1).is_some_and(|x| x.1 == ':');
        let short_name = word.chars().next().is_some_and(char::is_uppercase)
            && (2..=6).contains(&word.chars().count());
        if colon_next && short_name {
            return None;
        }
    }
    let mut j = k + 1;
    while chars
        .get(j)
        .is_some_and(|x| matches!(x.1, '”' | '’' | NOTE_MARK))
    {
        j += 1;
    }
    let (_, d) = *chars.get(j)?;
    let doubled = match (c, d) {
        ('.', '.') => {
            // `..` but not an ellipsis `...`, nor a stop after one, nor a
            // range (`V[1..n]`, `a..z`).
            j == k + 1
                && chars.get(j + 1).is_none_or(|x| x.1 != '.')
                && k.checked_sub(1).is_none_or(|p| chars[p].1 != '.')
                && !is_range(chars, k)
        }
        (',' | ';' | ':', '.' | ',' | ';' | ':') => true,
        ('.', ',' | ';' | ':') => k.checked_sub(1).is_none_or(|p| chars[p].1 != '.'),
        _ => false,
    };
    let end = chars[j].0 + d.len_utf8();
    doubled.then(|| {
        Hit::new(
            "doubled-punctuation",
            i..end,
            format!("`{c}` and `{d}` together"),
            Some("keep the one the sentence needs".into()),
        )
    })
}

/// Doubled words, a lower-case sentence start after a full stop (not one
/// in small capitals, which prints as capitals), a capitalised common word
/// after a comma (not one that opens a title in italics: `her novel, *The
/// Years*`).
/// The doubled-word rule in the languages [`may_double`] knows; the
/// other two (English abbreviations, English function words) in English.
fn words(toks: &[Token], langs: &[&str], p: &Para, hits: &mut Vec<Hit>) {
    for (k, w) in toks.windows(2).enumerate() {
        let (a, b) = (&w[0], &w[1]);
        let lang = super::tongues::primary(langs[k + 1]);
        // A hard line break ends a line as a paragraph end does: a verse
        // line, an address or a signature starts afresh after it.
        let new_line = p.breaks_between(a.core_range.end, b.core_range.start);
        if a.is_alpha_word()
            && b.is_alpha_word()
            && !new_line
            && a.tail().is_empty()
            && b.head().is_empty()
            && a.core.eq_ignore_ascii_case(b.core)
            && may_double(&lang, &a.core.to_lowercase()) == Some(false)
        {
            hits.push(Hit::new(
                "doubled-word",
                b.core_range.clone(),
                format!("`{}` twice", b.core),
                Some(format!("one `{}`", a.core)),
            ));
        }
        let prev = a.raw.trim_end_matches(['”', '’', NOTE_MARK]);
        let starts_lower = b.head().is_empty()
            && b.core.chars().next().is_some_and(char::is_lowercase)
            && !p.is_small_caps(b.core_range.start)
            && !is_address(b.core);
        if lang != "en" {
            continue;
        }
        if starts_lower
            && prev.ends_with('.')
            && !prev.ends_with("..")
            && !ABBREVIATIONS.contains(&a.core)
            && a.core.chars().count() > 1
            && !a.core.contains('.')
        {
            hits.push(Hit::new(
                "lowercase-after-stop",
                b.core_range.clone(),
                format!("`{}` starts in lower case after a full stop", b.core),
                Some("a comma (or no mark) before it, or a capital".into()),
            ));
        }
        // `Tanenbaum, A. S.`: a letter with a stop is an initial, not
        // the article `A`.
        let initial = b.core.chars().count() == 1 && b.tail().starts_with('.');
        if a.raw.ends_with(',')
            && !new_line
            && b.head().is_empty()
            && FUNCTION_WORDS.contains(&b.core)
            && !initial
            && !introduces_speech(&toks[..=k])
            && !p.italic.iter().any(|r| r.start == b.core_range.start)
        {
            hits.push(Hit::new(
                "capital-after-comma",
                b.core_range.clone(),
                format!("`{}` is capitalised after a comma", b.core),
                Some(format!(
                    "a full stop before it, or `{}`",
                    b.core.to_lowercase()
                )),
            ));
        }
    }
}

/// A URL, DOI, e-mail address or path (`https://doi.org/10.1145/…`,
/// `doi:10.1145/…`, `www.example.org`, `a@b.org`): written in its own case
/// wherever it stands, after a full stop too.
fn is_address(core: &str) -> bool {
    core.contains(['/', '@']) || core.starts_with("www.")
}

/// Whether the clause before a comma has a verb of speech in its last four
/// words (`and said unto her, It …`).
fn introduces_speech(before: &[Token]) -> bool {
    for (n, t) in before.iter().rev().enumerate() {
        if n >= 4 || (n > 0 && t.raw.ends_with(['.', ',', ';', ':', '?', '!'])) {
            break;
        }
        if SPEECH_VERBS.contains(&t.core.to_lowercase().as_str()) {
            return true;
        }
    }
    false
}

/// At most this many words on a paragraph's last line after a hard break
/// make it a line (of verse, an address, a signature), not prose.
const LINE_WORDS: usize = 12;
/// At most this many words, ending with a comma, before another paragraph
/// make a letter's salutation or closing (`My dear Nell,`, `I remain,
/// Madam, your obedient servant,`).
const SALUTATION_WORDS: usize = 8;
/// At most this many words after a closing make its signature.
const SIGNATURE_WORDS: usize = 6;

fn word_count(text: &str) -> usize {
    text.split(is_space)
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A paragraph ending with a comma that another paragraph continues: a
/// letter's salutation (`Miss Arden,`) or closing (`Yours ever,`).
fn is_salutation(p: &Para, next: Option<&Para>) -> bool {
    p.breaks.is_empty()
        && p.text
            .trim_end_matches(|c: char| is_space(c) || c == '*' || c == '_')
            .ends_with(',')
        && word_count(&p.text) <= SALUTATION_WORDS
        && next.is_some_and(|n| n.kind == p.kind)
}

/// A paragraph should end like a sentence, unless it is an attribution
/// (`— Samuel Johnson` under an epigraph or a quotation), which never does,
/// or is not prose: lines set with hard breaks (verse, an address, a
/// signature, a stanza running on into the next), a letter's salutation
/// or closing followed by its text, and the signature under a closing.
/// A paragraph of prose that simply stops is still found, a comma or not.
fn final_punctuation(p: &Para, prev: Option<&Para>, next: Option<&Para>, hits: &mut Vec<Hit>) {
    let text = &p.text;
    let lines = !p.breaks.is_empty() && word_count(p.last_line()) <= LINE_WORDS;
    let signature = word_count(text) <= SIGNATURE_WORDS
        && prev.is_some_and(|q| q.kind == p.kind && is_salutation(q, Some(p)));
    if lines || signature || is_salutation(p, next) || is_inscription(p) {
        return;
    }
    let opening = text.trim_start_matches(|c: char| is_space(c) || c == '*' || c == '_');
    if opening.starts_with(['—', '―']) || opening.starts_with("--") {
        return;
    }
    let trimmed = text.trim_end_matches(|c: char| {
        is_space(c)
            || matches!(
                c,
                NOTE_MARK | '”' | '’' | '"' | '\'' | ')' | ']' | '*' | '_'
            )
    });
    let Some(last) = trimmed.chars().next_back() else {
        return;
    };
    if last.is_alphanumeric() || last == ',' {
        let i = trimmed.len() - last.len_utf8();
        hits.push(Hit::new(
            "missing-final-punctuation",
            i..trimmed.len(),
            "the paragraph ends without a full stop or other closing mark".into(),
            Some(if last == ',' {
                "a full stop, or the text that should follow the comma".into()
            } else {
                "a full stop, or a colon before a quotation that follows".into()
            }),
        ));
    }
}

/// At most this many words make a paragraph wholly in italic an
/// inscription, a dateline or a stage direction.
const INSCRIPTION_WORDS: usize = 8;

/// A short paragraph wholly in italic: an inscription under a poem's
/// title (`*for my father*`), a dateline (`*Paris, 1942*`), a stage
/// direction (`*Enter Hamlet*`). Such lines take no full stop.
fn is_inscription(p: &Para) -> bool {
    word_count(&p.text) <= INSCRIPTION_WORDS
        && p.text
            .char_indices()
            .filter(|(_, c)| !is_space(*c) && *c != NOTE_MARK)
            .all(|(i, _)| p.italic.iter().any(|r| r.contains(&i)))
        && !p.text.trim().is_empty()
}

/// Book-wide habits: note references after punctuation or before it;
/// `...` or `…`. The minority is flagged, a tie is left alone.
pub fn book_consistency(chapters: &[ChapterSource], hits: &mut [Vec<(usize, Hit)>]) {
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut dots = Vec::new();
    let mut ellipses = Vec::new();
    for (ci, ch) in chapters.iter().enumerate() {
        for (pi, p) in ch.prose.paras.iter().enumerate() {
            let chars: Vec<(usize, char)> = p.text.char_indices().collect();
            for (k, &(i, c)) in chars.iter().enumerate() {
                match c {
                    NOTE_MARK => {
                        let prev = chars[..k]
                            .iter()
                            .rev()
                            .map(|x| x.1)
                            .find(|&c| !matches!(c, '”' | '’' | NOTE_MARK));
                        let next = chars.get(k + 1).map(|x| x.1);
                        if prev.is_some_and(|p| ".,;:!?".contains(p)) {
                            after.push((ci, pi, i));
                        } else if next.is_some_and(|n| ".,;:!?".contains(n))
                            && prev.is_some_and(char::is_alphanumeric)
                        {
                            before.push((ci, pi, i));
                        }
                    }
                    '.' if p.text[i..].starts_with("...") && (k == 0 || chars[k - 1].1 != '.') => {
                        dots.push((ci, pi, i, 3))
                    }
                    '…' => ellipses.push((ci, pi, i, c.len_utf8())),
                    _ => {}
                }
            }
        }
    }
    let total = before.len() + after.len();
    let (minority, habit) = if before.len() < after.len() {
        (&before, "after")
    } else if after.len() < before.len() {
        (&after, "before")
    } else {
        (&before, "")
    };
    if !habit.is_empty() {
        for &(ci, pi, i) in minority {
            hits[ci].push((
                pi,
                Hit::new(
                    "note-ref-placement",
                    i..i + NOTE_MARK.len_utf8(),
                    format!(
                        "note reference {} the punctuation; the book puts {} of {total} {habit} it",
                        if habit == "after" { "before" } else { "after" },
                        total - minority.len()
                    ),
                    Some(format!("move the reference {habit} the punctuation mark")),
                ),
            ));
        }
    }
    let (minority, form, other) = if dots.len() < ellipses.len() {
        (&dots, "...", "…")
    } else if ellipses.len() < dots.len() {
        (&ellipses, "…", "...")
    } else {
        (&dots, "", "")
    };
    if !form.is_empty() {
        for &(ci, pi, i, len) in minority {
            hits[ci].push((
                pi,
                Hit::new(
                    "ellipsis-mixed",
                    i..i + len,
                    format!("`{form}` where the book mostly writes `{other}`"),
                    Some(format!("`{other}`")),
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests;
