//! The digits of the numbers bookpack writes itself (chapter labels,
//! folios, the contents' pages, note numbers, the imprint's year): a
//! CLDR numbering system, chosen in book.toml (`numerals`) or by the
//! book's language. The author's own text is never touched.
//!
//! The ids are CLDR's (Unicode LDML, UTS #35, part 3 "Numbers", and
//! `common/supplemental/numberingSystems.xml`): only decimal systems whose
//! ten digits are one Unicode run from zero, so a number is written by
//! adding each ASCII digit's value to the zero. Algorithmic systems
//! (`hebr`, `grek`, `roman`, `taml`…) are not decimal and are left out.
//!
//! The default follows CLDR's `<defaultNumberingSystem>` in each
//! locale's `common/main/*.xml` (CLDR 44), conservatively: only where it
//! is settled and a book in the language is set so —
//! `ar` → `arab` (Egypt, the Levant, the Gulf), but `latn` in the
//! Maghreb (`ar-MA`, `ar-DZ`, `ar-TN`, `ar-LY`, `ar-EH`, whose CLDR
//! locales say `latn`); `fa` and `ps` → `arabext`; `ckb` → `arab`;
//! `bn` and `as` → `beng`; `mr` and `ne` → `deva`; `my` → `mymr`;
//! `dz` → `tibt`. Every other language (Hindi, Thai, Urdu, Tamil among
//! them: CLDR's default there is `latn`, the native digits only an
//! alternative) gets `latn`. A tag's own Unicode extension wins over the
//! table, as CLDR reads it: `ar-u-nu-latn` asks for Western digits.

use serde::Serialize;

/// A decimal numbering system (CLDR id in [`Numerals::id`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Numerals {
    /// 0123456789, Western ("European") digits.
    #[default]
    Latn,
    /// ٠١٢٣٤٥٦٧٨٩ (U+0660…), Arabic-Indic.
    Arab,
    /// ۰۱۲۳۴۵۶۷۸۹ (U+06F0…), Extended Arabic-Indic (Persian, Pashto, Urdu).
    Arabext,
    /// ०१२३४५६७८९ (U+0966…), Devanagari.
    Deva,
    /// ০১২৩৪৫৬৭৮৯ (U+09E6…), Bengali.
    Beng,
    /// ੦੧੨੩੪੫੬੭੮੯ (U+0A66…), Gurmukhi.
    Guru,
    /// ૦૧૨૩૪૫૬૭૮૯ (U+0AE6…), Gujarati.
    Gujr,
    /// ୦୧୨୩୪୫୬୭୮୯ (U+0B66…), Oriya.
    Orya,
    /// ௦௧௨௩௪௫௬௭௮௯ (U+0BE6…), Tamil decimal.
    Tamldec,
    /// ౦౧౨౩౪౫౬౭౮౯ (U+0C66…), Telugu.
    Telu,
    /// ೦೧೨೩೪೫೬೭೮೯ (U+0CE6…), Kannada.
    Knda,
    /// ൦൧൨൩൪൫൬൭൮൯ (U+0D66…), Malayalam.
    Mlym,
    /// ๐๑๒๓๔๕๖๗๘๙ (U+0E50…), Thai.
    Thai,
    /// ໐໑໒໓໔໕໖໗໘໙ (U+0ED0…), Lao.
    Laoo,
    /// ༠༡༢༣༤༥༦༧༨༩ (U+0F20…), Tibetan.
    Tibt,
    /// ၀၁၂၃၄၅၆၇၈၉ (U+1040…), Myanmar.
    Mymr,
    /// ០១២៣៤៥៦៧៨៩ (U+17E0…), Khmer.
    Khmr,
}

/// Each system with its CLDR id, its zero and the CSS counter style
/// (CSS Counter Styles Level 3, §7.1.1) that numbers a list in it.
const SYSTEMS: [(Numerals, &str, char, &str); 17] = [
    (Numerals::Latn, "latn", '0', "decimal"),
    (Numerals::Arab, "arab", '\u{0660}', "arabic-indic"),
    (Numerals::Arabext, "arabext", '\u{06F0}', "persian"),
    (Numerals::Deva, "deva", '\u{0966}', "devanagari"),
    (Numerals::Beng, "beng", '\u{09E6}', "bengali"),
    (Numerals::Guru, "guru", '\u{0A66}', "gurmukhi"),
    (Numerals::Gujr, "gujr", '\u{0AE6}', "gujarati"),
    (Numerals::Orya, "orya", '\u{0B66}', "oriya"),
    (Numerals::Tamldec, "tamldec", '\u{0BE6}', "tamil"),
    (Numerals::Telu, "telu", '\u{0C66}', "telugu"),
    (Numerals::Knda, "knda", '\u{0CE6}', "kannada"),
    (Numerals::Mlym, "mlym", '\u{0D66}', "malayalam"),
    (Numerals::Thai, "thai", '\u{0E50}', "thai"),
    (Numerals::Laoo, "laoo", '\u{0ED0}', "lao"),
    (Numerals::Tibt, "tibt", '\u{0F20}', "tibetan"),
    (Numerals::Mymr, "mymr", '\u{1040}', "myanmar"),
    (Numerals::Khmr, "khmr", '\u{17E0}', "khmer"),
];

/// CLDR's default numbering system by primary language, where it is not
/// `latn` (see the module's note for the source and what is left out).
const DEFAULTS: [(&str, Numerals); 10] = [
    ("ar", Numerals::Arab),
    ("ckb", Numerals::Arab),
    ("fa", Numerals::Arabext),
    ("ps", Numerals::Arabext),
    ("bn", Numerals::Beng),
    ("as", Numerals::Beng),
    ("mr", Numerals::Deva),
    ("ne", Numerals::Deva),
    ("my", Numerals::Mymr),
    ("dz", Numerals::Tibt),
];

/// The regions where Arabic is written with Western digits (CLDR's
/// `ar_MA`, `ar_DZ`, `ar_TN`, `ar_LY`, `ar_EH`: `latn`).
const MAGHREB: [&str; 5] = ["ma", "dz", "tn", "ly", "eh"];

impl Numerals {
    /// The CLDR ids, in the order of the table: what `numerals` accepts.
    pub fn ids() -> impl Iterator<Item = &'static str> {
        SYSTEMS.iter().map(|s| s.1)
    }

    fn entry(self) -> &'static (Numerals, &'static str, char, &'static str) {
        SYSTEMS
            .iter()
            .find(|s| s.0 == self)
            .expect("every system is in the table")
    }

    /// The CLDR id: `latn`, `arab`, `arabext`…
    pub fn id(self) -> &'static str {
        self.entry().1
    }

    /// The system named by a CLDR id (case-insensitive).
    pub fn parse(id: &str) -> Option<Numerals> {
        SYSTEMS
            .iter()
            .find(|s| s.1.eq_ignore_ascii_case(id))
            .map(|s| s.0)
    }

    /// The default for a book in `tag` (a BCP 47 tag): its `-u-nu-`
    /// extension if it names a system here, else CLDR's default for the
    /// language and region.
    pub fn for_language(tag: &str) -> Numerals {
        let subtags: Vec<String> = tag
            .split(['-', '_'])
            .map(|s| s.to_ascii_lowercase())
            .collect();
        // `-u-` opens the Unicode extension; `nu` is its numbering key.
        if let Some(u) = subtags.iter().position(|s| s == "u") {
            let keys = &subtags[u + 1..];
            if let Some(k) = keys.iter().position(|s| s == "nu") {
                if let Some(system) = keys.get(k + 1).and_then(|id| Numerals::parse(id)) {
                    return system;
                }
            }
        }
        let primary = subtags.first().map_or("", String::as_str);
        // The region: the first two-letter subtag before any extension
        // (`ar-Arab-MA` has a script first).
        let region = subtags
            .iter()
            .skip(1)
            .take_while(|s| s.len() > 1)
            .find(|s| s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic()));
        if primary == "ar" && region.is_some_and(|r| MAGHREB.contains(&r.as_str())) {
            return Numerals::Latn;
        }
        DEFAULTS
            .iter()
            .find(|(lang, _)| *lang == primary)
            .map_or(Numerals::Latn, |(_, n)| *n)
    }

    /// `text` with its ASCII digits written in this system, everything
    /// else (roman numerals, letters, punctuation) as it is. The one place
    /// bookpack turns digits into another system's.
    pub fn digits(self, text: &str) -> String {
        let zero = self.entry().2;
        if zero == '0' {
            return text.to_string();
        }
        text.chars()
            .map(|c| match c.to_digit(10).filter(|_| c.is_ascii_digit()) {
                Some(d) => char::from_u32(zero as u32 + d).unwrap_or(c),
                None => c,
            })
            .collect()
    }

    /// The number `n` in this system.
    pub fn number(self, n: impl std::fmt::Display) -> String {
        self.digits(&n.to_string())
    }

    /// A decimal number written `12.5` in this system: its digits, and
    /// the decimal point CLDR gives the system's locales (`symbols` of
    /// `ar` and `fa` for `arab` and `arabext`: U+066B ARABIC DECIMAL
    /// SEPARATOR, `١٠٫٥`; a full stop there reads as a sentence's end).
    pub fn decimal(self, text: &str) -> String {
        let digits = self.digits(text);
        match self {
            Numerals::Arab | Numerals::Arabext => digits.replace('.', "\u{066B}"),
            _ => digits,
        }
    }

    /// The CSS `list-style-type` that numbers an `<ol>` in this system.
    pub fn list_style(self) -> &'static str {
        self.entry().3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_become_the_systems_own() {
        assert_eq!(Numerals::Arab.number(1820), "١٨٢٠");
        assert_eq!(Numerals::Arabext.number(1403), "۱۴۰۳");
        assert_eq!(Numerals::Deva.number(2024), "२०२४");
        assert_eq!(Numerals::Thai.number(9), "๙");
        assert_eq!(Numerals::Latn.number(42), "42");
        // Only digits: roman numerals, letters and signs are kept.
        assert_eq!(Numerals::Arab.digits("II"), "II");
        assert_eq!(Numerals::Arab.digits("A"), "A");
        assert_eq!(Numerals::Arab.digits("3."), "٣.");
        assert_eq!(Numerals::Arab.digits("x"), "x");
        assert_eq!(Numerals::Arab.decimal("10.5"), "١٠٫٥");
        assert_eq!(Numerals::Arabext.decimal("2.5"), "۲٫۵");
        assert_eq!(Numerals::Deva.decimal("2.5"), "२.५");
        assert_eq!(Numerals::Latn.decimal("2.5"), "2.5");
        // Digits already in another system are not ASCII digits.
        assert_eq!(Numerals::Arabext.digits("١٢"), "١٢");
    }

    #[test]
    fn every_system_has_ten_digits_in_a_run() {
        for (system, id, zero, _) in SYSTEMS {
            assert_eq!(Numerals::parse(id), Some(system));
            assert_eq!(system.id(), id);
            // Unicode says so: the ten from the zero are all digits (Nd).
            for d in 0..10 {
                let c = char::from_u32(zero as u32 + d).unwrap();
                assert!(c.is_numeric(), "{id} {d}");
            }
        }
        assert_eq!(Numerals::parse("ARAB"), Some(Numerals::Arab));
        assert_eq!(Numerals::parse("hebr"), None);
    }

    #[test]
    fn defaults_follow_cldr() {
        for (tag, want) in [
            ("ar", Numerals::Arab),
            ("ar-EG", Numerals::Arab),
            ("ar-LB", Numerals::Arab),
            ("ar-SA", Numerals::Arab),
            ("ar-MA", Numerals::Latn),
            ("ar-DZ", Numerals::Latn),
            ("ar-tn", Numerals::Latn),
            ("ar-LY", Numerals::Latn),
            ("ar-EH", Numerals::Latn),
            ("ar-Arab-MA", Numerals::Latn),
            ("fa", Numerals::Arabext),
            ("fa-IR", Numerals::Arabext),
            ("fa-AF", Numerals::Arabext),
            ("ps", Numerals::Arabext),
            ("bn", Numerals::Beng),
            ("mr", Numerals::Deva),
            ("ne-NP", Numerals::Deva),
            ("my", Numerals::Mymr),
            ("en", Numerals::Latn),
            ("en-GB", Numerals::Latn),
            ("he", Numerals::Latn),
            ("hi", Numerals::Latn),
            ("th", Numerals::Latn),
            ("ur", Numerals::Latn),
            ("zh-Hant", Numerals::Latn),
            // Not Arabic: "arn" (Mapuche) is not "ar".
            ("arn", Numerals::Latn),
            // The tag's own extension wins.
            ("ar-u-nu-latn", Numerals::Latn),
            ("ar-MA-u-nu-arab", Numerals::Arab),
            ("hi-u-nu-deva", Numerals::Deva),
            ("th-u-ca-buddhist-nu-thai", Numerals::Thai),
            ("ar-u-nu-hebr", Numerals::Arab),
        ] {
            assert_eq!(Numerals::for_language(tag), want, "{tag}");
        }
    }

    #[test]
    fn lists_are_numbered_by_the_css_counter_style() {
        assert_eq!(Numerals::Arab.list_style(), "arabic-indic");
        assert_eq!(Numerals::Arabext.list_style(), "persian");
        assert_eq!(Numerals::Latn.list_style(), "decimal");
    }
}
