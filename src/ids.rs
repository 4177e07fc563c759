//! What ids and slugs are made of. Two kinds, kept apart on purpose:
//!
//! - a heading's **id** ([`heading_slug`]), which a reader meets in links
//!   and which is in the heading's own script, as pandoc's
//!   `auto_identifiers` makes it (`## 第一章` → `第一章`, `## Введение` →
//!   `введение`): an XML name, so the EPUB's `id` and `href` carry it as it
//!   is (EPUBCheck 5.3 accepts it raw or percent-encoded; readers that
//!   compare fragments as strings need it raw), and the PDF, which links by
//!   page and position, never writes it;
//! - an **ASCII slug** ([`ascii_slug`]), which names files: the editions
//!   and the EPUB's chapter files.

use unicode_normalization::UnicodeNormalization;

/// The id a heading gets from its text: lower case, Unicode letters,
/// digits and marks kept (`第一章 Introduction` → `第一章-introduction`,
/// `Маленькая княгиня` → `маленькая-княгиня`, `الفصل ٣` → `الفصل-٣`), any
/// other run of characters (spaces, punctuation, symbols, emoji) one `-`,
/// invisible format characters (soft hyphen, ZWNJ, direction marks)
/// nothing, everything before the first letter dropped (`3. Applications`
/// → `applications`). Empty when no letter is left (`1984`, `* * *`): the
/// caller names such a heading `section`.
///
/// Pandoc's rule (`auto_identifiers`), in NFC so a heading typed
/// decomposed gets the id a link typed composed names, except that
/// punctuation separates words as it always did here (`l’on` → `l-on`,
/// pandoc `lon`), marks stay with their letters (`हिन्दी` keeps its
/// virama and vowel signs, which pandoc drops), and only characters an
/// XML name may hold are kept (`²`, `µ`, `①` separate). For ASCII text
/// it is [`former_heading_slug`] exactly, so English books keep their ids.
pub fn heading_slug(text: &str) -> String {
    let lower: String = nfc(&nfc(text).to_lowercase());
    let mut out = String::with_capacity(lower.len());
    for ch in lower.chars() {
        if is_invisible(ch) {
            continue;
        }
        if is_mark(ch) {
            // A mark belongs to the letter before it; first, or after a
            // separator, it has none.
            if is_xml_name_char(ch) && !out.is_empty() && !out.ends_with('-') {
                out.push(ch);
            }
        } else if is_id_char(ch) {
            if out.is_empty() && !is_id_letter(ch) {
                continue; // an id starts with a letter
            }
            out.push(ch);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let kept = out.trim_end_matches('-').len();
    out.truncate(kept);
    out
}

/// The id pandoc's `auto_identifiers` gives a heading of this text
/// (pandoc's manual, "Extension: auto_identifiers"): letters and numbers
/// (not marks), `_`, `-` and `.` kept, other punctuation removed without
/// a trace (`Maître d'hôtel` → `maître-dhôtel`), each run of spaces one
/// `-`, lower case one character at a time (Haskell's `toLower`, so a
/// final `Σ` is `σ`), everything before the first letter dropped. Empty
/// when nothing is left. Only to resolve links written for pandoc; the
/// editions use [`heading_slug`].
pub fn pandoc_slug(text: &str) -> String {
    let kept: String = nfc(text)
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|&c| {
            c.is_whitespace()
                || (c.is_alphanumeric() && !is_mark(c))
                || matches!(c, '_' | '-' | '.')
        })
        .collect();
    let joined = kept.split_whitespace().collect::<Vec<_>>().join("-");
    joined
        .trim_start_matches(|c: char| !c.is_alphabetic())
        .to_string()
}

/// The id a heading got from its text before ids kept every script: its
/// [`ascii_slug`] from the first ASCII letter (`Маленькая княгиня` →
/// `malenkaya-knyaginya`; `第一章` → nothing, so `section`). Links written
/// then still resolve, with a warning naming the id to use now.
pub fn former_heading_slug(text: &str) -> String {
    let slug = ascii_slug(text);
    slug.trim_start_matches(|c: char| !c.is_ascii_alphabetic())
        .to_string()
}

/// An id both editions can use as is and that can name a file: an ASCII
/// letter, then ASCII letters, digits, `-`, `_` or `.`. Chapter ids (the
/// EPUB's file names), note ids and image keys must be such.
pub fn is_plain_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// An id that may name an element both editions link to (a heading, a
/// figure, a table): a letter, then letters, digits, marks, `-`, `_` or
/// `.`, in any script, each a character an XML name may hold (XML 1.0
/// fifth edition, 2.3), so it is an NCName in the EPUB with nothing to
/// escape in an `id` or an `href`. Every [`is_plain_id`] is one.
pub fn is_element_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(is_id_letter)
        && chars.all(|c| is_id_char(c) || is_mark_in_name(c) || matches!(c, '-' | '_' | '.'))
}

/// `s` in Unicode Normalization Form C: ids and the fragments of links are
/// compared in it, as one text may be typed composed or decomposed.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// A letter an id may start with.
fn is_id_letter(c: char) -> bool {
    c.is_alphabetic() && !is_mark(c) && is_xml_name_char(c)
}

/// A letter or digit (of any script) an id may hold.
fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() && !is_mark(c) && is_xml_name_char(c)
}

fn is_mark_in_name(c: char) -> bool {
    is_mark(c) && is_xml_name_char(c)
}

/// A combining mark (general category M): an accent typed apart, a vowel
/// sign, a virama.
fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// A character that is typed but not seen, which separates no words: the
/// soft hyphen, zero-width space and joiners, direction marks and
/// embeddings (common around digits in Arabic and Hebrew headings), the
/// word joiner, the byte order mark.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{61c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}')
}

/// XML 1.0 (fifth edition) 2.3 `NameChar`, without `:`: what an `id`
/// may hold.
fn is_xml_name_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z' | '0'..='9' | '_' | '-' | '.' | '\u{b7}'
        | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{37d}'
        | '\u{37f}'..='\u{1fff}' | '\u{200c}'..='\u{200d}' | '\u{203f}'..='\u{2040}'
        | '\u{2070}'..='\u{218f}' | '\u{2c00}'..='\u{2fef}' | '\u{3001}'..='\u{d7ff}'
        | '\u{f900}'..='\u{fdcf}' | '\u{fdf0}'..='\u{fffd}' | '\u{10000}'..='\u{effff}')
}

/// Lower-case ASCII words joined by `-`: Latin letters lose their accents
/// (`Où l’on voit` → `ou-l-on-voit`), Cyrillic and Greek are romanised,
/// other characters separate words. For **file names** (the editions'
/// `voyna-i-mir.pdf`, an unnumbered chapter's EPUB file `chapter-….xhtml`,
/// via [`crate::source::slug`] and [`crate::structure::plan`]), which stay
/// ASCII: readers, zip tools and file systems still mangle other names.
/// Headings' ids are [`heading_slug`]'s; this was theirs too before
/// (see [`former_heading_slug`]).
pub fn ascii_slug(text: &str) -> String {
    let mut out = String::new();
    for ch in text.chars() {
        let folded = fold(ch);
        if folded.is_empty() {
            // A letter romanised as nothing (the hard and soft signs)
            // separates nothing.
            continue;
        }
        let mut pushed = false;
        for c in folded.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
                pushed = true;
            }
        }
        if !pushed && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A Latin letter without its diacritics (`é` → `e`, `ß` → `ss`), a
/// Cyrillic or Greek one in Latin letters (`Война` → `voyna`, `Λόγος` →
/// `logos`); other characters as they are.
fn fold(ch: char) -> std::borrow::Cow<'static, str> {
    if let Some(latin) = transliterate(ch) {
        return latin.into();
    }
    if unicode_normalization::char::is_combining_mark(ch) {
        // A mark typed apart from its letter (a Russian stress accent).
        return "".into();
    }
    let s = match ch {
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'æ' => "ae",
        'Æ' => "AE",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'ď' | 'đ' => "d",
        'Ď' | 'Đ' => "D",
        'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'È'..='Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ğ' => "g",
        'Ğ' => "G",
        'ì'..='ï' | 'ī' | 'į' | 'ı' => "i",
        'Ì'..='Ï' | 'Ī' | 'Į' | 'İ' => "I",
        'ł' | 'ľ' => "l",
        'Ł' | 'Ľ' => "L",
        'ñ' | 'ń' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò'..='ö' | 'ø' | 'ō' | 'ő' => "o",
        'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'œ' => "oe",
        'Œ' => "OE",
        'ř' => "r",
        'Ř' => "R",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'Ś' | 'Š' | 'Ş' | 'Ș' => "S",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'Ť' | 'Ţ' | 'Ț' => "T",
        'ù'..='ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'Ù'..='Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' | 'Ÿ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        _ => return base_letter(ch),
    };
    s.into()
}

/// `ch` without its marks when it decomposes into a base letter and
/// marks (`ŵ` → `w`, `Ἀ` → `a`, `ǘ` → `u`), transliterated as [`fold`]
/// does; otherwise `ch` as it is.
fn base_letter(ch: char) -> std::borrow::Cow<'static, str> {
    let mut base = None;
    unicode_normalization::char::decompose_canonical(ch, |c| {
        base.get_or_insert(c);
    });
    match base {
        Some(b) if b != ch => match transliterate(b) {
            Some(latin) => latin.into(),
            None => b.to_string().into(),
        },
        _ => ch.to_string().into(),
    }
}

/// A Cyrillic or Greek letter in Latin letters, lower case, so a Russian
/// book's file is `voyna-i-mir.pdf` rather than `book.pdf`. Cyrillic
/// as the BGN/PCGN romanisation has it (`й` → `y`, `х` → `kh`, `щ` →
/// `shch`, the hard and soft signs dropped), with the Ukrainian,
/// Belarusian and Serbian letters; Greek as ELOT 743 (`θ` → `th`, `χ` →
/// `ch`, `ψ` → `ps`), accents dropped. `None` for any other character.
fn transliterate(ch: char) -> Option<&'static str> {
    let lower = if ch.is_uppercase() {
        ch.to_lowercase().next().unwrap_or(ch)
    } else {
        ch
    };
    Some(match lower {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' => "g",
        'д' => "d",
        'е' | 'э' => "e",
        'ё' => "yo",
        'є' => "ye",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' => "i",
        'ї' => "yi",
        'й' | 'ы' => "y",
        'ј' => "j",
        'к' => "k",
        'л' => "l",
        'љ' => "lj",
        'м' => "m",
        'н' => "n",
        'њ' => "nj",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'ћ' => "c",
        'ђ' => "dj",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'џ' => "dz",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ю' => "yu",
        'я' => "ya",
        'α' | 'ά' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' | 'έ' => "e",
        'ζ' => "z",
        'η' | 'ή' | 'ι' | 'ί' | 'ϊ' | 'ΐ' => "i",
        'θ' => "th",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' | 'ό' | 'ω' | 'ώ' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' | 'ύ' | 'ϋ' | 'ΰ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        _ => return None,
    })
}

/// A `urn:uuid:` of RFC 9562 `version` from 128 bits (`hi`, `lo`): the
/// version and variant bits are set over them.
pub fn urn_uuid(version: u8, hi: u64, lo: u64) -> String {
    let hi = (hi & !0xF000) | (u64::from(version & 0xF) << 12);
    let lo = (lo & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000; // RFC variant
    format!(
        "urn:uuid:{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xFFFF,
        hi & 0xFFFF,
        lo >> 48,
        lo & 0xFFFF_FFFF_FFFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Headings' ids in several scripts: (heading text, id).
    const HEADING_IDS: &[(&str, &str)] = &[
        // English: as ids always were.
        ("Linen and cotton", "linen-and-cotton"),
        ("3. Applications", "applications"),
        ("2nd Edition", "nd-edition"),
        (
            "The *Punch*, the Matrix & the Mould!",
            "the-punch-the-matrix-the-mould",
        ),
        ("well-known_name.txt", "well-known-name-txt"),
        ("IV", "iv"),
        // Latin with accents keeps them; punctuation separates.
        ("Où l’on voit — «\u{a0}tout\u{a0}»!", "où-l-on-voit-tout"),
        ("Maître d'hôtel", "maître-d-hôtel"),
        ("Straße & Œuvre", "straße-œuvre"),
        // Chinese, Japanese, Korean: no case, no spaces needed.
        ("第一章", "第一章"),
        ("第一章 Introduction", "第一章-introduction"),
        ("第一章：开端", "第一章-开端"),
        ("桃花源记", "桃花源记"),
        ("はじめに", "はじめに"),
        ("제1장 시작", "제1장-시작"),
        // Cyrillic and Greek, lower-cased; a final capital sigma is `ς`.
        ("Маленькая княгиня", "маленькая-княгиня"),
        ("Щедрин, Ёлка, объём", "щедрин-ёлка-объём"),
        ("ΟΔΟΣ", "οδος"),
        ("Λόγος και Ψυχή", "λόγος-και-ψυχή"),
        // A stress accent typed apart stays, composed where it can be.
        ("Моско\u{301}вский", "моско\u{301}вский"),
        ("Cafe\u{301}", "café"),
        // Arabic and Hebrew, with digits of their own and direction marks.
        ("الفصل الثالث", "الفصل-الثالث"),
        ("الباب ٣", "الباب-٣"),
        ("\u{200f}الباب 3\u{200f}", "الباب-3"),
        ("٣ الباب", "الباب"),
        ("פרק ראשון", "פרק-ראשון"),
        ("סעיף 2", "סעיף-2"),
        // Persian's zero-width non-joiner and a soft hyphen separate nothing.
        ("می\u{200c}خواهم", "میخواهم"),
        ("know\u{ad}ledge", "knowledge"),
        // Devanagari keeps its vowel signs and virama.
        ("हिन्दी भाषा", "हिन्दी-भाषा"),
        // What an XML name cannot hold separates.
        ("E = mc²", "e-mc"),
        ("Test①", "test"),
        // No letter at all: the caller's `section`.
        ("1984", ""),
        ("★★★", ""),
        ("😀 ⚠\u{fe0f}", ""),
        ("* * *", ""),
        ("", ""),
        // An emoji among words is a separator.
        ("Paper 📜 and ink", "paper-and-ink"),
    ];

    #[test]
    fn headings_get_ids_in_their_own_script() {
        for (text, id) in HEADING_IDS {
            assert_eq!(heading_slug(text), *id, "{text:?}");
            assert!(id.is_empty() || is_element_id(id), "{id:?}");
        }
    }

    /// Pandoc's own ids (its manual's table, and scripts): (text, id).
    const PANDOC_IDS: &[(&str, &str)] = &[
        ("Heading identifiers in HTML", "heading-identifiers-in-html"),
        ("Maître d'hôtel", "maître-dhôtel"),
        ("*Dogs*?--in *my* house?", "dogs--in-my-house"),
        ("[HTML], [S5], or [RTF]?", "html-s5-or-rtf"),
        ("3. Applications", "applications"),
        ("33", ""),
        ("Version 2.0", "version-2.0"),
        ("第一章：开端", "第一章开端"),
        ("ΟΔΟΣ", "οδοσ"),
        ("हिन्दी", "हनद"),
    ];

    #[test]
    fn pandoc_ids_are_pandocs() {
        for (text, id) in PANDOC_IDS {
            assert_eq!(pandoc_slug(text), *id, "{text:?}");
        }
    }

    /// File names: ASCII, romanised. (text, slug).
    const ASCII_SLUGS: &[(&str, &str)] = &[
        ("Où l’on voit — «\u{a0}tout\u{a0}»!", "ou-l-on-voit-tout"),
        ("Straße & Œuvre", "strasse-oeuvre"),
        ("Война и мир", "voyna-i-mir"),
        ("Маленькая княгиня", "malenkaya-knyaginya"),
        ("Лев Николаевич Толстой", "lev-nikolaevich-tolstoy"),
        ("Щедрин, Ёлка, объём", "shchedrin-yolka-obyom"),
        ("Їжак і Ґанок", "yizhak-i-ganok"),
        ("Ἀρχή", "archi"),
        ("Ŵyŵ", "wyw"),
        ("Моско\u{301}вский", "moskovskiy"),
        ("Λόγος και Ψυχή", "logos-kai-psychi"),
        // Neither Cyrillic nor Greek nor Latin: nothing.
        ("桃花源记", ""),
        ("IV", "iv"),
    ];

    #[test]
    fn file_slugs_are_ascii() {
        for (text, slug) in ASCII_SLUGS {
            assert_eq!(ascii_slug(text), *slug, "{text:?}");
        }
        assert_eq!(
            former_heading_slug("3. Маленькая княгиня"),
            "malenkaya-knyaginya"
        );
        assert_eq!(former_heading_slug("第一章"), "");
    }

    #[test]
    fn element_ids_are_xml_names_in_any_script() {
        for good in [
            "note-12-3",
            "a",
            "第一章",
            "маленькая-княгиня",
            "x_y.z",
            "الباب-٣",
            "हिन्दी",
            "café",
        ] {
            assert!(is_element_id(good), "{good}");
        }
        for bad in [
            "",
            "1abc",
            "-a",
            "a b",
            "a:b",
            "a\"b",
            "a/b",
            "a#b",
            "a%20",
            "µ",
            "a²",
            "①",
            "\u{301}a",
            "a\u{200c}b",
        ] {
            assert!(!is_element_id(bad), "{bad:?}");
        }
        for plain in ["note-12-3", "chapter-1", "a.b_c"] {
            assert!(is_plain_id(plain) && is_element_id(plain), "{plain}");
        }
        assert!(!is_plain_id("第一章"));
    }

    proptest::proptest! {
        #![proptest_config(crate::proptest_seed::config(512))]
        /// Every id is empty or an element id, in NFC, and its own slug
        /// (so a link that names it is resolved to it).
        #[test]
        fn an_id_is_a_name_in_nfc_and_its_own_slug(
            text in "(\\PC|第一章|Введение|ΣΟΦΙΑ|الباب|٣|हिन्दी|e\u{301}|\u{200c}|\u{ad}|\u{200f}|①|²|😀|\u{fe0f}| |-|\\.){0,16}"
        ) {
            let id = heading_slug(&text);
            proptest::prop_assert!(id.is_empty() || is_element_id(&id), "{:?} → {:?}", text, id);
            proptest::prop_assert_eq!(&nfc(&id), &id);
            proptest::prop_assert_eq!(heading_slug(&id), id);
        }

        /// ASCII headings keep the ids they always had.
        #[test]
        fn ascii_headings_keep_their_ids(text in "[ -~]{0,40}") {
            proptest::prop_assert_eq!(heading_slug(&text), former_heading_slug(&text));
        }
    }
}
