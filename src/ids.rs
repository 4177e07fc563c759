//! What slugs are made of: [`ascii_slug`], lower-case ASCII words, which
//! name files (the editions, the EPUB's chapter files) and, for now,
//! headings' ids.

/// Lower-case ASCII words joined by `-`: Latin letters lose their accents
/// (`Où l’on voit` → `ou-l-on-voit`), Cyrillic and Greek are romanised,
/// other characters separate words. For **file names** (the editions'
/// `voyna-i-mir.pdf`, an unnumbered chapter's EPUB file `chapter-….xhtml`,
/// via [`crate::source::slug`] and [`crate::structure::plan`]), which stay
/// ASCII: readers, zip tools and file systems still mangle other names.
/// Headings' ids are made from it too, for now
/// ([`crate::structure::heading_ids`]).
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

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
