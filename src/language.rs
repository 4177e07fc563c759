//! The book's language in its text: quotation marks and the spaces around
//! punctuation as each language sets them — the language layer of the
//! typography pass, run on every chapter (in its own language) and on the
//! text of book.toml; and which languages are written right to left.
//!
//! The Markdown parser's smart punctuation gives English marks (“ ” ‘ ’);
//! this pass turns them into the language's own, following the Unicode
//! CLDR delimiters and the national style guides where they are firmer:
//!
//! | language | outer | inner | spacing |
//! |---|---|---|---|
//! | en | “ ” | ‘ ’ | |
//! | fr | « » | “ ” | narrow no-break space inside « » and before ; : ! ? (Imprimerie nationale) |
//! | de | „ “ | ‚ ‘ | (de-CH, de-LI: « » ‹ ›) |
//! | es, it | « » | “ ” | (RAE; Treccani) |
//! | pt | « » | “ ” | (pt-BR: “ ” ‘ ’) |
//! | nl | ‘ ’ | “ ” | (CLDR; Dutch houses also use “ ” outside) |
//! | sq | « » | “ ” | (CLDR) |
//! | ru, uk, be | « » | „ “ | |
//! | pl, ro | „ ” | « » | (CLDR) |
//! | cs, sk, sl, hr, is | „ “ | ‚ ‘ | (CLDR) |
//! | hu | „ ” | » « | (CLDR) |
//! | sv, fi | ” ” | ’ ’ | (CLDR) |
//! | da | » « | › ‹ | (Retskrivningsordbogen's first form) |
//! | nb, nn | « » | ‘ ’ | (CLDR) |
//! | el, ca | « » | “ ” | (CLDR) |
//! | fa, ar | « » | ” “ | (CLDR fa; Arabic books alike) |
//!
//! An apostrophe (’ between letters, or after one with no single quote
//! open) is never taken for a closing quote.
//!
//! A language that keeps words of its own on the line of the next word
//! (Russian's one-letter в, к, с, у, о, и, а) has them tied here, by the
//! typography pass's tie rules (`typography::tied_words`), in its
//! chapters and passages; book.toml's text (metadata) is left untied.

use crate::model::Inline;

/// U+202F, the narrow no-break space French sets inside « » and before ; : ! ?
pub const NNBSP: char = '\u{202f}';

/// A language's quotation marks and spacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub outer: (&'static str, &'static str),
    pub inner: (&'static str, &'static str),
    /// French spacing: a narrow no-break space inside guillemets and before ; : ! ?
    pub french_spacing: bool,
}

/// The style of `lang` (a BCP 47 tag), or `None` when it sets quotes as
/// English does (nothing to change).
pub fn style(lang: &str) -> Option<Style> {
    let lower = lang.to_ascii_lowercase();
    let mut parts = lower.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    let region = parts.find(|p| p.len() == 2).unwrap_or("");
    let (outer, inner, french_spacing) = match (primary, region) {
        ("fr", _) => (("«", "»"), ("“", "”"), true),
        ("de", "ch" | "li") => (("«", "»"), ("‹", "›"), false),
        ("de", _) => (("„", "“"), ("‚", "‘"), false),
        ("es" | "it" | "sq" | "ca" | "el", _) => (("«", "»"), ("“", "”"), false),
        ("pt", "br") => return None,
        ("pt", _) => (("«", "»"), ("“", "”"), false),
        ("nl", _) => (("‘", "’"), ("“", "”"), false),
        ("ru" | "uk" | "be", _) => (("«", "»"), ("„", "“"), false),
        ("pl" | "ro", _) => (("„", "”"), ("«", "»"), false),
        ("cs" | "sk" | "sl" | "hr" | "is", _) => (("„", "“"), ("‚", "‘"), false),
        ("hu", _) => (("„", "”"), ("»", "«"), false),
        ("sv" | "fi", _) => (("”", "”"), ("’", "’"), false),
        ("da", _) => (("»", "«"), ("›", "‹"), false),
        ("nb" | "nn" | "no", _) => (("«", "»"), ("‘", "’"), false),
        // Opening marks at the right of a right-to-left line.
        ("fa" | "ar", _) => (("«", "»"), ("”", "“"), false),
        _ => return None,
    };
    Some(Style {
        outer,
        inner,
        french_spacing,
    })
}

/// Sets the quotes and spacing of a run of inlines (a paragraph, a
/// heading, a title) in `lang`. Text inside code is left alone; marks are
/// paired across emphasis and links. A passage marked in another language
/// (`<span lang>`, a `::: {lang=…}` block) is set in its own, and its
/// marks are paired among themselves: « » inside a French passage of an
/// English chapter, “ ” inside an English one of a French chapter.
pub fn localize(inlines: &mut [Inline], lang: &str) {
    localize_passages(inlines);
    let style = style(lang);
    let ties = !crate::typography::tied_words(lang).is_empty();
    let grouping = group_separator(lang);
    if style.is_none() && !ties && grouping.is_none() {
        return;
    }
    let mut texts: Vec<Option<&mut String>> = Vec::new();
    collect_texts(inlines, &mut texts);
    if let Some(style) = style {
        // A passage reads as a word here (a letter stands in for it): the
        // spaces and marks around it are set as around any word.
        let inputs: Vec<String> = texts
            .iter()
            .map(|t| t.as_deref().map_or_else(|| "a".to_string(), String::clone))
            .collect();
        let outputs = convert(&inputs, &style);
        for (text, out) in texts.iter_mut().zip(outputs) {
            if let Some(text) = text {
                **text = out;
            }
        }
    }
    // The words the language keeps with the next one (Russian в, и…),
    // tied as the typography pass ties "Mr" or "plate" before a number.
    if ties {
        for text in texts.iter_mut().flatten() {
            **text = crate::typography::refine_text_in(text, lang);
        }
    }
    if let Some(separator) = grouping {
        for text in texts.into_iter().flatten() {
            if let Some(grouped) = group_digits(text, separator) {
                *text = grouped;
            }
        }
    }
}

/// The space `lang` sets between groups of three digits (3 500, 1 000 000)
/// as CLDR has it, when that is a space: French U+202F (the Imprimerie
/// nationale's fine space), no-break spaces elsewhere. None for the
/// languages that group with a mark (1,000; 1.000) or not at all.
pub fn group_separator(lang: &str) -> Option<char> {
    match crate::labels::primary(lang).as_str() {
        "fr" => Some(NNBSP),
        "ru" | "uk" | "be" | "pl" | "cs" | "sk" | "sv" | "fi" | "nb" | "nn" | "no" | "hu" => {
            Some('\u{a0}')
        }
        _ => None,
    }
}

/// `text` with the spaces inside grouped numbers (3 500, 18 750,50,
/// 1 000 000) made `separator`, and in French those of a time (6 h 30),
/// so no line ends inside a number; None when there is none. A group is
/// one to three digits before the space and exactly three after it: 1914
/// 1918 and "3 et 500" are left alone.
fn group_digits(text: &str, separator: char) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let digits_before = |i: usize| {
        let mut n = 0;
        while n < i && chars[i - 1 - n].is_ascii_digit() {
            n += 1;
        }
        // A decimal or earlier digits before the run: no group start.
        let opens = i - n == 0 || !matches!(chars[i - 1 - n], '.' | ',' | '\'');
        (n, opens)
    };
    let digits_after = |i: usize| {
        chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let mut changed = false;
    let mut out: Vec<char> = chars.clone();
    for i in 1..chars.len().saturating_sub(1) {
        if !matches!(chars[i], ' ' | '\u{a0}') {
            continue;
        }
        let (before, opens) = digits_before(i);
        let grouped = (1..=3).contains(&before) && opens && digits_after(i) == 3;
        // French hours: "6 h 30", "18 h".
        let time = separator == NNBSP
            && ((before > 0
                && chars[i + 1] == 'h'
                && chars.get(i + 2).is_none_or(|c| !c.is_alphanumeric()))
                || (chars[i - 1] == 'h'
                    && i >= 3
                    && matches!(chars[i - 2], ' ' | '\u{a0}')
                    && chars[i - 3].is_ascii_digit()
                    && chars[i + 1].is_ascii_digit()));
        if grouped || time {
            let mark = if time { '\u{a0}' } else { separator };
            if out[i] != mark {
                out[i] = mark;
                changed = true;
            }
        }
    }
    changed.then(|| out.into_iter().collect())
}

/// One string in `lang` (book.toml text, a label).
pub fn localize_text(text: &str, lang: &str) -> String {
    let text = match style(lang) {
        Some(style) => convert(&[text.to_string()], &style).remove(0),
        None => text.to_string(),
    };
    match group_separator(lang).and_then(|separator| group_digits(&text, separator)) {
        Some(grouped) => grouped,
        None => text,
    }
}

/// A title and its subtitle in one line, as `lang` joins them: "Title:
/// Subtitle"; French with a narrow no-break space before the colon
/// ("Titre : sous-titre"), as its body text has it; Chinese and Japanese
/// with a full-width colon and no space.
pub fn joined_title(title: &str, subtitle: Option<&str>, lang: &str) -> String {
    let Some(subtitle) = subtitle else {
        return title.to_string();
    };
    if is_cjk(lang) {
        format!("{title}：{subtitle}")
    } else if style(lang).is_some_and(|s| s.french_spacing) {
        format!("{title}{NNBSP}: {subtitle}")
    } else {
        format!("{title}: {subtitle}")
    }
}

/// Sets each passage with a language of its own in that language.
fn localize_passages(inlines: &mut [Inline]) {
    for inline in inlines {
        match inline {
            Inline::Span {
                lang: Some(lang),
                content,
                ..
            } => {
                let lang = lang.clone();
                localize(content, &lang);
            }
            other => {
                if let Some(children) = other.children_mut() {
                    localize_passages(children);
                }
            }
        }
    }
}

/// The text pieces in the run's own language, in reading order; `None`
/// where a passage with a language of its own sits.
fn collect_texts<'a>(inlines: &'a mut [Inline], out: &mut Vec<Option<&'a mut String>>) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => out.push(Some(text)),
            Inline::Span { lang: Some(_), .. } => out.push(None),
            other => {
                if let Some(children) = other.children_mut() {
                    collect_texts(children, out);
                }
            }
        }
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | NNBSP)
}

/// Converts a sequence of text pieces read as one (a paragraph split by
/// markup): English marks in, the style's out, piece by piece.
fn convert(pieces: &[String], style: &Style) -> Vec<String> {
    let chars: Vec<(usize, char)> = pieces
        .iter()
        .enumerate()
        .flat_map(|(i, p)| p.chars().map(move |c| (i, c)))
        .collect();
    let mut out: Vec<String> = vec![String::new(); pieces.len()];
    let mut singles_open = 0usize;
    // The quotations open, innermost last: marks the author typed in the
    // language's own form („ ‚ « ‹, kept as typed, each with the mark that
    // closes it), and English doubles converted here.
    let mut open: Vec<Open> = Vec::new();
    let mut skip_spaces = false;
    // Removes trailing spaces of what has been written, across pieces.
    let trim_back = |out: &mut Vec<String>, upto: usize| {
        for piece in out[..=upto].iter_mut().rev() {
            let trimmed = piece.trim_end_matches(is_space).len();
            let had_all = trimmed == 0;
            piece.truncate(trimmed);
            if !had_all {
                break;
            }
        }
    };
    let last_written = |out: &Vec<String>, upto: usize| -> Option<char> {
        out[..=upto]
            .iter()
            .rev()
            .find_map(|p| p.chars().next_back())
    };
    for (k, &(piece, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(k + 1).map(|x| x.1);
        if skip_spaces && is_space(c) {
            continue;
        }
        skip_spaces = false;
        let letter = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
        // Where the author typed the language's marks („Text“, ‚Wort‘),
        // the English-looking “ and ‘ close them: left as typed. (They
        // were taken for English openers: „Text„.)
        // (French » keeps its own arm below, for the space before it.)
        if open.last() == Some(&Open::Typed(c)) && !(style.french_spacing && c == '»') {
            open.pop();
            out[piece].push(c);
            continue;
        }
        // An English double inside a quotation the author typed in the
        // language's marks (« … “x” … ») is the inner level, not the
        // outer again (« … « x » … »).
        let typed_open = open.iter().any(|o| matches!(o, Open::Typed(_)));
        let typed = typed_closer(c, style);
        match c {
            '„' | '‚' | '«' | '‹' | '»' | '›' if typed.is_some() => {
                open.push(Open::Typed(typed.unwrap_or(c)));
                out[piece].push(c);
                if c == '«' && style.french_spacing {
                    out[piece].push(NNBSP);
                    skip_spaces = true;
                }
            }
            '“' if typed_open => {
                open.push(Open::Double { inner: true });
                out[piece].push_str(style.inner.0);
            }
            '”' if close(&mut open, Open::Double { inner: true }) => {
                out[piece].push_str(style.inner.1);
            }
            '“' if style.french_spacing => {
                open.push(Open::Double { inner: false });
                out[piece].push_str(style.outer.0);
                out[piece].push(NNBSP);
                skip_spaces = true;
            }
            '”' | '»' if style.french_spacing => {
                if c == '»' {
                    close(&mut open, Open::Typed('»'));
                } else {
                    close(&mut open, Open::Double { inner: false });
                }
                trim_back(&mut out, piece);
                out[piece].push(NNBSP);
                out[piece].push_str(if c == '»' { "»" } else { style.outer.1 });
            }
            '“' => {
                open.push(Open::Double { inner: false });
                out[piece].push_str(style.outer.0);
            }
            '”' => {
                close(&mut open, Open::Double { inner: false });
                out[piece].push_str(style.outer.1);
            }
            '»' | '›' | '«' | '‹' => {
                // German's inward marks (»Wort«): a » before a word that
                // closes nothing opens a quotation that « closes. (It was
                // read as closing, and the « after the word left a
                // quotation open for the rest of the paragraph.)
                let opens_inward = matches!(c, '»' | '›')
                    && !open.contains(&Open::Typed(c))
                    && prev.is_none_or(|p| is_space(p) || matches!(p, '(' | '[' | '—' | '–'))
                    && letter(next);
                if opens_inward {
                    open.push(Open::Typed(if c == '»' { '«' } else { '‹' }));
                } else {
                    close(&mut open, Open::Typed(c));
                }
                out[piece].push(c);
            }
            '‘' => {
                singles_open += 1;
                out[piece].push_str(style.inner.0);
            }
            '’' if singles_open > 0 && !(letter(prev) && letter(next)) => {
                singles_open -= 1;
                out[piece].push_str(style.inner.1);
            }
            ';' | ':' | '!' | '?' if style.french_spacing => {
                let before = last_written(&out, piece);
                let ends_clause = match next {
                    None => true,
                    Some(n) => {
                        is_space(n)
                            || matches!(n, '»' | '”' | ')' | ']' | '!' | '?' | '.' | ',' | '…')
                    }
                };
                let wants_space = match c {
                    ';' | ':' => ends_clause,
                    _ => ends_clause || next.is_some_and(|n| n == '»' || n == '”'),
                };
                match before {
                    Some(b) if is_space(b) => {
                        trim_back(&mut out, piece);
                        if last_written(&out, piece).is_some() {
                            out[piece].push(NNBSP);
                        }
                    }
                    Some(b)
                        if wants_space
                            && (b.is_alphanumeric()
                                || matches!(b, '»' | '”' | '’' | ')' | ']' | '…')) =>
                    {
                        out[piece].push(NNBSP);
                    }
                    _ => {}
                }
                out[piece].push(c);
            }
            c => out[piece].push(c),
        }
    }
    out
}

/// The mark that closes a quotation opened by `c` as typed, when `c`
/// opens one in `style`'s language: its own outer or inner pair first
/// (Polish „ closes with ”, German „ with “; Danish » opens and « closes),
/// else the usual partner of „ ‚ « ‹. None for a mark that closes.
fn typed_closer(c: char, style: &Style) -> Option<char> {
    let first = |s: &str| s.chars().next();
    for (open, close) in [style.outer, style.inner] {
        if first(open) == Some(c) {
            return first(close);
        }
    }
    if [style.outer.1, style.inner.1]
        .iter()
        .any(|close| first(close) == Some(c))
    {
        return None;
    }
    match c {
        '„' => Some('“'),
        '‚' => Some('‘'),
        '«' => Some('»'),
        '‹' => Some('›'),
        _ => None,
    }
}

/// A quotation open in [`convert`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// Typed in the language's own marks; closed by this mark.
    Typed(char),
    /// An English “ converted, to the inner marks or the outer.
    Double { inner: bool },
}

/// Closes the innermost quotation `which` (and any left open inside it);
/// whether there was one.
fn close(open: &mut Vec<Open>, which: Open) -> bool {
    match open.iter().rposition(|&o| o == which) {
        Some(at) => {
            open.truncate(at);
            true
        }
        None => false,
    }
}

/// Typographic punctuation for plain text written with ASCII marks, as the
/// Markdown parser's smart punctuation gives it: `"…"` → “…”, `'…'` → ‘…’,
/// `it's` → it’s, `--` → –, `---` → —, `...` → …. For book.toml's text.
pub fn smarten(text: &str) -> String {
    let text = text
        .replace("---", "\u{2014}")
        .replace("--", "\u{2013}")
        .replace("...", "\u{2026}");
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        // A mark opens after a space, an opening bracket or dash, or at the start.
        let opens = prev.is_none_or(|p| {
            p.is_whitespace()
                || matches!(
                    p,
                    '(' | '[' | '{' | '\u{2014}' | '\u{2013}' | '/' | '“' | '‘'
                )
        }) && next.is_some_and(|n| !n.is_whitespace());
        match c {
            '"' => out.push(if opens { '“' } else { '”' }),
            '\'' => out.push(if opens { '‘' } else { '’' }),
            c => out.push(c),
        }
    }
    out
}

/// The direction of a paragraph from its first strong character (Unicode
/// bidi rules P2–P3): `true` for right to left. Both editions set a
/// paragraph so (an English paragraph in a Hebrew chapter reads left to
/// right).
pub fn paragraph_is_rtl<'t>(texts: impl IntoIterator<Item = &'t str>) -> bool {
    use unicode_bidi::{bidi_class, BidiClass};
    for text in texts {
        for c in text.chars() {
            match bidi_class(c) {
                BidiClass::L => return false,
                BidiClass::R | BidiClass::AL => return true,
                _ => {}
            }
        }
    }
    false
}

/// [`paragraph_is_rtl`] for a paragraph's inlines.
pub fn inlines_are_rtl(content: &[crate::model::Inline]) -> bool {
    paragraph_is_rtl([crate::model::Inline::plain_text(content).as_str()])
}

/// The first-line indent, in ems, that a language gives every paragraph
/// of running text, the first after a heading, a break or a display
/// too; `None` where the Western convention holds (an indent, but none
/// after a heading or a break). Chinese indents two characters, Japanese
/// one (W3C's Requirements for Chinese and for Japanese Text Layout,
/// CLREQ and JLREQ; 段首缩进两字, 字下げ).
pub fn every_paragraph_indent(tag: &str) -> Option<f32> {
    match crate::labels::primary(tag).as_str() {
        "zh" => Some(2.0),
        "ja" => Some(1.0),
        _ => None,
    }
}

/// A letter of the script a language is written in, where that is not
/// the Latin alphabet: for asking whether a face sets the language's
/// text (`None` for Latin-script languages and unknown ones).
pub fn script_sample(tag: &str) -> Option<char> {
    Some(match crate::labels::primary(tag).as_str() {
        "zh" => '中',
        "ja" => 'の',
        "ko" => '한',
        "he" | "iw" | "yi" => 'א',
        "ar" | "fa" | "ur" | "ps" | "sd" | "ug" | "ckb" => 'ب',
        "ru" | "uk" | "be" | "bg" | "sr" | "mk" | "kk" | "ky" | "mn" | "tg" => 'ж',
        "el" => 'λ',
        "hy" => 'ա',
        "ka" => 'ა',
        "hi" | "mr" | "ne" | "sa" => 'क',
        "bn" => 'ক',
        "ta" => 'க',
        "th" => 'ก',
        "am" | "ti" => 'አ',
        _ => return None,
    })
}

/// Whether a BCP 47 tag names Chinese, Japanese or Korean, whose text
/// takes its punctuation from the face that sets its ideographs
/// (`pdf::paragraph::words`).
pub fn is_cjk(tag: &str) -> bool {
    matches!(crate::labels::primary(tag).as_str(), "zh" | "ja" | "ko")
}

/// Whether the script of the language `tag` names sets emphasis and
/// titles in italics: not Hebrew, Arabic (and the other right-to-left
/// scripts), Chinese, Japanese or Korean, which have none; a figure or a
/// Latin word set in italic beside their upright letters looks slanted
/// by mistake.
pub fn has_italics(tag: &str) -> bool {
    !right_to_left(tag) && !is_cjk(tag)
}

/// Whether the language `tag` names sets its figures lining: a script
/// without small letters (Hebrew, Arabic, Chinese…, those without
/// italics) has no use for old-style figures, which are sized to them.
/// EB Garamond's old-style 1 beside Hebrew letters reads as ı.
pub fn lining_figures(tag: &str) -> bool {
    !has_italics(tag)
}

/// Whether a BCP 47 tag names a language written right to left (Arabic,
/// Hebrew, Persian, Urdu, Yiddish…): its EPUB pages say `dir="rtl"`, its
/// PDF is bound on the right.
pub fn right_to_left(tag: &str) -> bool {
    [
        "ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "syr",
    ]
    .contains(&crate::labels::primary(tag).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_japanese_indent_every_paragraph() {
        for (tag, ems) in [
            ("zh", Some(2.0)),
            ("zh-Hans", Some(2.0)),
            ("zh-Hant-TW", Some(2.0)),
            ("ja", Some(1.0)),
            ("ja-JP", Some(1.0)),
            ("ko", None),
            ("en-GB", None),
            ("fr", None),
        ] {
            assert_eq!(every_paragraph_indent(tag), ems, "{tag}");
        }
    }

    #[test]
    fn chinese_japanese_and_korean_are_told_apart() {
        for (tag, cjk) in [
            ("zh-Hans", true),
            ("ZH", true),
            ("ja-JP", true),
            ("ko-KR", true),
            ("en-GB", false),
            ("vi", false),
            ("", false),
        ] {
            assert_eq!(is_cjk(tag), cjk, "{tag}");
        }
    }

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }

    #[test]
    fn each_language_sets_its_own_marks() {
        let src = "“Il dit ‘non’ à l’homme”";
        assert_eq!(localize_text(src, "en-GB"), src);
        assert_eq!(localize_text(src, "de"), "„Il dit ‚non‘ à l’homme“");
        assert_eq!(localize_text(src, "de-CH"), "«Il dit ‹non› à l’homme»");
        assert_eq!(localize_text(src, "es"), "«Il dit “non” à l’homme»");
        assert_eq!(localize_text(src, "it"), "«Il dit “non” à l’homme»");
        assert_eq!(localize_text(src, "pt-PT"), "«Il dit “non” à l’homme»");
        assert_eq!(localize_text(src, "pt-BR"), src);
        assert_eq!(localize_text(src, "nl"), "‘Il dit “non” à l’homme’");
        assert_eq!(localize_text(src, "sq"), "«Il dit “non” à l’homme»");
        assert_eq!(localize_text(src, "ru"), "«Il dit „non“ à l’homme»");
        // CLDR's delimiters (Danish: the first form its dictionary gives).
        for (lang, set) in [
            ("uk", "«Il dit „non“ à l’homme»"),
            ("pl", "„Il dit «non» à l’homme”"),
            ("ro", "„Il dit «non» à l’homme”"),
            ("cs", "„Il dit ‚non‘ à l’homme“"),
            ("sk", "„Il dit ‚non‘ à l’homme“"),
            ("hu", "„Il dit »non« à l’homme”"),
            ("sv", "”Il dit ’non’ à l’homme”"),
            ("fi", "”Il dit ’non’ à l’homme”"),
            ("da", "»Il dit ›non‹ à l’homme«"),
            ("nb", "«Il dit ‘non’ à l’homme»"),
            ("el", "«Il dit “non” à l’homme»"),
            ("fa", "«Il dit ”non“ à l’homme»"),
            ("ar", "«Il dit ”non“ à l’homme»"),
            ("tr", src),
        ] {
            assert_eq!(localize_text(src, lang), set, "{lang}");
        }
        assert_eq!(
            localize_text(src, "fr"),
            "«\u{202f}Il dit “non” à l’homme\u{202f}»"
        );
    }

    /// Marks the author typed in the language's own form stay as typed:
    /// German and Russian close „ with “ and ‚ with ‘, which the pass took
    /// for English openers („Text„, ‚Wort‚, „вложенные«); and an English
    /// double inside typed guillemets is the inner level, not « again.
    #[test]
    fn marks_typed_in_the_languages_own_form_are_kept_and_nest() {
        let cases = [
            (
                "de",
                "„Wer die Schrift nicht ehrt.“",
                "„Wer die Schrift nicht ehrt.“",
            ),
            ("de", "‚Sorgfalt‘ und „Eile“", "‚Sorgfalt‘ und „Eile“"),
            ("de", "„Er sagte ‘ja’ dazu.“", "„Er sagte ‚ja‘ dazu.“"),
            ("de", "“Straight” quotes", "„Straight“ quotes"),
            (
                "ru",
                "«Это „вложенные“ кавычки»",
                "«Это „вложенные“ кавычки»",
            ),
            (
                "ru",
                "“Это ‘вложенные’ кавычки”",
                "«Это „вложенные“ кавычки»",
            ),
            (
                "fr",
                "« Ici on ne “devine” rien »",
                "«\u{202f}Ici on ne “devine” rien\u{202f}»",
            ),
            (
                "fr",
                "«Il dit “non” !»",
                "«\u{202f}Il dit “non”\u{202f}!\u{202f}»",
            ),
            ("es", "«Dijo “no” y se fue»", "«Dijo “no” y se fue»"),
            ("de-CH", "«Er sagte “ja”»", "«Er sagte ‹ja›»"),
            // English doubles alone keep their levels as before.
            ("fr", "“Il dit ‘non’”", "«\u{202f}Il dit “non”\u{202f}»"),
            // Marks that close as the language closes them: Polish „…”,
            // Hungarian » « inside „ ”, Danish »…« (« closes there).
            ("pl", "„Tak” i “nie”", "„Tak” i „nie”"),
            ("hu", "„Azt »mondta«” és “más”", "„Azt »mondta«” és „más”"),
            ("da", "»Ja« og “nej”", "»Ja« og »nej«"),
            // German inward guillemets close as typed, and leave nothing
            // open: the English quotation after them is the outer level.
            ("de", "»Ja«, sagte er, “nein”", "»Ja«, sagte er, „nein“"),
            (
                "de",
                "Er sagte: »Wir ›gehen‹ jetzt.« Dann “x”",
                "Er sagte: »Wir ›gehen‹ jetzt.« Dann „x“",
            ),
        ];
        for (lang, src, want) in cases {
            assert_eq!(localize_text(src, lang), want, "{lang}: {src}");
        }
    }

    #[test]
    fn a_passage_in_another_language_takes_its_own_marks() {
        let span = |lang: &str, s: &str| Inline::Span {
            lang: Some(lang.into()),
            dir: None,
            content: vec![text(s)],
        };
        // An English chapter quoting French and German passages (a German
        // one inside a French one); the English marks around them stay.
        let mut run = vec![
            text("He said “"),
            span("fr", "“Jamais !” dit-il"),
            text("” and "),
            Inline::Emphasis {
                content: vec![span("de", "“Nie”, sagte sie")],
            },
            text(" ‘twice’."),
        ];
        localize(&mut run, "en-GB");
        assert_eq!(
            run,
            vec![
                text("He said “"),
                span("fr", "«\u{202f}Jamais\u{202f}!\u{202f}» dit-il"),
                text("” and "),
                Inline::Emphasis {
                    content: vec![span("de", "„Nie“, sagte sie")],
                },
                text(" ‘twice’."),
            ]
        );
        // A French chapter quoting an English passage: the passage keeps
        // “ ”, the chapter's marks around it are French and pair across it.
        let mut run = vec![
            text("Il répondit “"),
            span("en", "“Never”, he said"),
            text("” : voilà."),
        ];
        localize(&mut run, "fr");
        assert_eq!(
            run,
            vec![
                text("Il répondit «\u{202f}"),
                span("en", "“Never”, he said"),
                text("\u{202f}»\u{202f}: voilà."),
            ]
        );
        // Around a passage, spaces and marks are set as around a word.
        let mut run = vec![text("Il cria "), span("en", "Stop"), text("!")];
        localize(&mut run, "fr");
        assert_eq!(run[2], text("\u{202f}!"));
        // A passage with a direction only is in the run's language.
        let mut run = vec![Inline::Span {
            lang: None,
            dir: Some("rtl".into()),
            content: vec![text("“x”")],
        }];
        localize(&mut run, "de");
        assert_eq!(
            run,
            vec![Inline::Span {
                lang: None,
                dir: Some("rtl".into()),
                content: vec![text("„x“")],
            }]
        );
    }

    /// Russian's one-letter words are tied in a Russian run and in a
    /// Russian passage of an English one, not in an English passage of a
    /// Russian run, nor in book.toml's text.
    #[test]
    fn russian_runs_tie_their_one_letter_words() {
        let span = |lang: &str, s: &str| Inline::Span {
            lang: Some(lang.into()),
            dir: None,
            content: vec![text(s)],
        };
        let mut run = vec![
            text("Он был в “"),
            Inline::Emphasis {
                content: vec![text("чулках и башмаках")],
            },
            text("” а "),
            span("en", "a cat in a hat"),
        ];
        localize(&mut run, "ru");
        assert_eq!(
            run,
            vec![
                text("Он был в\u{a0}«"),
                Inline::Emphasis {
                    content: vec![text("чулках и\u{a0}башмаках")],
                },
                text("» а "),
                span("en", "a cat in a hat"),
            ]
        );
        let mut run = vec![text("He wrote "), span("ru", "в чулках"), text(" a word")];
        localize(&mut run, "en");
        assert_eq!(
            run,
            vec![
                text("He wrote "),
                span("ru", "в\u{a0}чулках"),
                text(" a word")
            ]
        );
        assert_eq!(localize_text("Война и мир", "ru"), "Война и мир");
    }

    /// Grouped numbers never break at a line's end: French sets U+202F
    /// between the groups (and no-break spaces in a time), Russian,
    /// Polish, Czech… U+00A0. Years side by side and other numbers are
    /// left apart; English is left alone.
    #[test]
    fn grouped_numbers_are_held_together() {
        let n = "\u{202f}";
        let b = "\u{a0}";
        for (lang, source, set) in [
            ("fr", "3 500 kilogrammes", format!("3{n}500 kilogrammes")),
            ("fr", "18 750,50 francs", format!("18{n}750,50 francs")),
            (
                "fr",
                "1 000 000 et 1 500",
                format!("1{n}000{n}000 et 1{n}500"),
            ),
            (
                "fr",
                "à 6 h 30 puis 18 h.",
                format!("à 6{b}h{b}30 puis 18{b}h."),
            ),
            ("fr", "entre 1914 1918", "entre 1914 1918".to_string()),
            (
                "fr",
                "3 et 500 et 12 3456",
                "3 et 500 et 12 3456".to_string(),
            ),
            ("fr", "6 heures", "6 heures".to_string()),
            ("fr", "0,123 456", "0,123 456".to_string()),
            ("ru", "12 345 рублей", format!("12{b}345 рублей")),
            ("pl", "Ma 2 500 zł", format!("Ma 2{b}500 zł")),
            ("en", "in 12 345 cases", "in 12 345 cases".to_string()),
            ("de", "3 500 Euro", "3 500 Euro".to_string()),
        ] {
            assert_eq!(localize_text(source, lang), set, "{lang}: {source}");
            let mut run = vec![text(source)];
            localize(&mut run, lang);
            assert_eq!(run, vec![text(&set)], "{lang}: {source}");
        }
    }

    /// The title and subtitle the imprint and the PDF's metadata join.
    #[test]
    fn a_title_and_subtitle_are_joined_as_the_language_joins_them() {
        let joined = |lang| joined_title("Titre", Some("sous-titre"), lang);
        assert_eq!(joined("en"), "Titre: sous-titre");
        assert_eq!(joined("fr-CA"), "Titre\u{202f}: sous-titre");
        assert_eq!(joined("ja"), "Titre：sous-titre");
        assert_eq!(joined_title("Titre", None, "fr"), "Titre");
    }

    /// Czech, Slovak and Polish keep their one-letter words with the next
    /// word ("V Praze s k o u" could end lines on each); English not.
    #[test]
    fn czech_and_polish_tie_their_one_letter_words() {
        for (lang, source, set) in [
            (
                "cs",
                "V Praze s přítelem a k nim",
                "V\u{a0}Praze s\u{a0}přítelem a\u{a0}k\u{a0}nim",
            ),
            (
                "sk",
                "Išiel k domu a z domu",
                "Išiel k\u{a0}domu a\u{a0}z\u{a0}domu",
            ),
            (
                "pl",
                "W domu i z ogrodem",
                "W\u{a0}domu i\u{a0}z\u{a0}ogrodem",
            ),
            ("en", "a cat in a hat", "a cat in a hat"),
        ] {
            let mut run = vec![text(source)];
            localize(&mut run, lang);
            assert_eq!(run, vec![text(set)], "{lang}");
        }
    }

    #[test]
    fn apostrophes_stay_apostrophes() {
        // A possessive after a closed quote, a contraction inside one.
        assert_eq!(
            localize_text("the students’ ‘don’t’ rule", "de"),
            "the students’ ‚don’t‘ rule"
        );
    }

    #[test]
    fn french_spacing_before_high_punctuation() {
        for (input, expected) in [
            ("alors : en trente ans", "alors\u{202f}: en trente ans"),
            ("alors: en", "alors\u{202f}: en"),
            (
                "Avait-il tort ? Oui !",
                "Avait-il tort\u{202f}? Oui\u{202f}!",
            ),
            ("Quoi ?!", "Quoi\u{202f}?!"),
            ("1470 ; ils", "1470\u{202f}; ils"),
            (
                "à 12:30 via https://ex.org/?q=1",
                "à 12:30 via https://ex.org/?q=1",
            ),
            ("« déjà »", "«\u{202f}déjà\u{202f}»"),
            ("«déjà»", "«\u{202f}déjà\u{202f}»"),
            ("“lire !”", "«\u{202f}lire\u{202f}!\u{202f}»"),
        ] {
            assert_eq!(localize_text(input, "fr"), expected, "{input}");
        }
    }

    #[test]
    fn marks_pair_across_markup() {
        let mut inlines = vec![
            text("Il dit “"),
            Inline::Emphasis {
                content: vec![text("lire")],
            },
            text(" ” ; puis"),
            Inline::Code {
                text: "“code” ;".into(),
            },
        ];
        localize(&mut inlines, "fr");
        assert_eq!(
            inlines,
            vec![
                text("Il dit «\u{202f}"),
                Inline::Emphasis {
                    content: vec![text("lire")]
                },
                text("\u{202f}»\u{202f}; puis"),
                Inline::Code {
                    text: "“code” ;".into()
                },
            ]
        );
    }

    #[test]
    fn plain_text_is_smartened() {
        assert_eq!(
            smarten("\"Hoxha's\" 'Works' -- 1960---1961..."),
            "“Hoxha’s” ‘Works’ – 1960—1961…"
        );
        assert_eq!(smarten("The “Real” Title"), "The “Real” Title");
    }
}
