//! Right-to-left text on a line: the visual order of its glyphs by the Unicode bidirectional algorithm (UAX #9).
//!
//! Everything before this stage works in logical order (the order of the
//! text), right-to-left runs included: the shaper returns their glyphs in
//! logical order too. A set line that holds Arabic or Hebrew is put in
//! visual order here, once its glyphs are justified: the levels come from
//! `unicode-bidi` over the line's text (rule L1 included), and the glyphs
//! are reversed run by run (rule L2). A line with no right-to-left
//! character in a left-to-right paragraph is left as it is, so books
//! without such text are set exactly as before.

use unicode_bidi::{bidi_class, BidiClass, BidiInfo, Level};

/// Whether `c` starts or forces right-to-left text.
fn is_rtl(c: char) -> bool {
    // Every right-to-left class starts at Hebrew (U+0590); below it the
    // table lookup (a binary search, 4% of a long build) is not needed.
    c >= '\u{0590}'
        && matches!(
            bidi_class(c),
            BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
        )
}

// A paragraph's direction (rules P2–P3) is the EPUB's to know too.
pub use crate::language::paragraph_is_rtl;

/// One element of a line in logical order, as the reordering sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit<'t> {
    /// A glyph and the text it stands for ("" for the later glyphs of a
    /// cluster: they go with the glyph before).
    Glyph(&'t str),
    /// A glyph of a note number: the run of them is isolated from the
    /// text around it (as between U+2068 FIRST STRONG ISOLATE and U+2069
    /// POP DIRECTIONAL ISOLATE, rules X5c, X6a), as the EPUB isolates its
    /// `<a class="noteref">`. Else an Arabic book's "١٨٢٢.١" (a year, a
    /// full stop, note ١ in Arabic-Indic digits, `numerals`) would be
    /// one number by rule W4 (a separator between two Arabic numbers
    /// joins them), its stop and note set right of the year, before it
    /// in reading order.
    Note(&'t str),
    /// Space with no text (an indent): at the paragraph's level.
    Gap,
}

/// Whether `text` holds a right-to-left letter: a line whose glyphs'
/// texts hold none, in a left-to-right paragraph, is never reordered.
pub fn has_rtl(text: &str) -> bool {
    text.chars().any(is_rtl)
}

/// A line's units in visual order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visual {
    /// Indices into the units, left to right.
    pub order: Vec<usize>,
    /// By unit: whether it is set right to left (an odd level), where a
    /// mirrored character takes its mirror's glyph (rule L4).
    pub rtl: Vec<bool>,
}

/// The mirror of a character drawn right to left (UAX #9 rule L4, the
/// pairs of Unicode's BidiMirroring.txt a book's text meets: brackets,
/// guillemets, comparison signs): "(" is drawn as ")" so that it opens
/// towards the text it encloses, as a reading system draws it.
pub fn mirror(c: char) -> Option<char> {
    const PAIRS: [(char, char); 19] = [
        ('(', ')'),
        ('[', ']'),
        ('{', '}'),
        ('<', '>'),
        ('«', '»'),
        ('‹', '›'),
        ('≤', '≥'),
        ('≪', '≫'),
        ('⁅', '⁆'),
        ('⁽', '⁾'),
        ('₍', '₎'),
        ('⟨', '⟩'),
        ('⟦', '⟧'),
        ('〈', '〉'),
        ('《', '》'),
        ('「', '」'),
        ('『', '』'),
        ('【', '】'),
        ('〔', '〕'),
    ];
    PAIRS.iter().find_map(|&(a, b)| {
        if c == a {
            Some(b)
        } else if c == b {
            Some(a)
        } else {
            None
        }
    })
}

/// The visual order of a line's units, or `None` when the line reads
/// left to right as it is.
pub fn visual_order(units: &[Unit<'_>], rtl_paragraph: bool) -> Option<Visual> {
    let any_rtl = units.iter().any(|u| match u {
        Unit::Glyph(t) | Unit::Note(t) => t.chars().any(is_rtl),
        Unit::Gap => false,
    });
    if !any_rtl && !rtl_paragraph {
        return None;
    }
    let base = if rtl_paragraph {
        Level::rtl()
    } else {
        Level::ltr()
    };
    // The line's text, and where each unit's text starts in it.
    let mut text = String::new();
    let mut starts: Vec<Option<usize>> = Vec::with_capacity(units.len());
    let mut in_note = false;
    for unit in units {
        let note = matches!(unit, Unit::Note(_));
        if note != in_note {
            text.push(if note { '\u{2068}' } else { '\u{2069}' });
            in_note = note;
        }
        match unit {
            Unit::Glyph(t) | Unit::Note(t) if !t.is_empty() => {
                starts.push(Some(text.len()));
                text.push_str(t);
            }
            _ => starts.push(None),
        }
    }
    if in_note {
        text.push('\u{2069}');
    }
    let info = BidiInfo::new(&text, Some(base));
    let byte_levels = match info.paragraphs.first() {
        Some(para) => info.reordered_levels(para, 0..text.len()),
        None => Vec::new(),
    };
    let mut levels: Vec<Level> = Vec::with_capacity(units.len());
    for (unit, start) in units.iter().zip(&starts) {
        let level = match (unit, start) {
            (_, Some(s)) => byte_levels.get(*s).copied().unwrap_or(base),
            (Unit::Gap, None) => base,
            // A cluster's later glyph: its first glyph's level.
            (Unit::Glyph(_) | Unit::Note(_), None) => levels.last().copied().unwrap_or(base),
        };
        levels.push(level);
    }
    Some(Visual {
        order: BidiInfo::reorder_visual(&levels),
        rtl: levels.iter().map(|l| l.is_rtl()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The visual order of one-character units, as a string.
    fn visual(text: &str, rtl: bool) -> String {
        let chars: Vec<String> = text.chars().map(|c| c.to_string()).collect();
        let units: Vec<Unit> = chars.iter().map(|c| Unit::Glyph(c)).collect();
        match visual_order(&units, rtl) {
            Some(v) => v.order.iter().map(|&i| chars[i].as_str()).collect(),
            None => text.to_string(),
        }
    }

    /// "عام ١٨٢٢.¹" with note ١ in Arabic-Indic digits: the note stands
    /// apart, so the year reads first, then the stop, then the note (left
    /// of them, as the line reads right to left); as plain text the
    /// stop between two Arabic numbers would join them (rule W4).
    #[test]
    fn a_note_number_in_arabic_digits_is_not_joined_to_the_year() {
        let text = ["ع", "ا", "م", " ", "١", "٨", "٢", "٢", ".", "١"];
        let mut units: Vec<Unit> = text.iter().map(|c| Unit::Glyph(c)).collect();
        let joined: String = visual_order(&units, true)
            .unwrap()
            .order
            .iter()
            .map(|&i| text[i])
            .collect();
        assert_eq!(joined, "١٨٢٢.١ ماع");
        units[9] = Unit::Note(text[9]);
        let v = visual_order(&units, true).unwrap();
        let apart: String = v.order.iter().map(|&i| text[i]).collect();
        assert_eq!(apart, "١.١٨٢٢ ماع");
    }

    #[test]
    fn left_to_right_lines_are_left_alone() {
        let units = [Unit::Gap, Unit::Glyph("a"), Unit::Glyph("b")];
        assert_eq!(visual_order(&units, false), None);
    }

    #[test]
    fn hebrew_in_an_english_line_reads_right_to_left() {
        assert_eq!(visual("see אבג now", false), "see גבא now");
    }

    #[test]
    fn numbers_keep_their_order_in_arabic() {
        // "year 1960" in Arabic: the word reversed, the digits not, and the
        // number stays to the left of the word (it follows it logically).
        assert_eq!(visual("عام 1960", true), "1960 ماع");
    }

    #[test]
    fn a_right_to_left_paragraph_puts_its_indent_on_the_right() {
        let units = [Unit::Gap, Unit::Glyph("א"), Unit::Glyph("ב")];
        assert_eq!(
            visual_order(&units, true).map(|v| v.order),
            Some(vec![2, 1, 0])
        );
    }

    #[test]
    fn later_glyphs_of_a_cluster_go_with_the_first() {
        let units = [Unit::Glyph("لا"), Unit::Glyph(""), Unit::Glyph("ب")];
        assert_eq!(
            visual_order(&units, false).map(|v| v.order),
            Some(vec![2, 1, 0])
        );
    }

    /// Brackets between right-to-left words are at an odd level, and so
    /// are drawn mirrored; those inside an English phrase of an Arabic
    /// line are not (a reviewer found every bracket of a Hebrew book
    /// facing away from its text: ")שנדפס בוונציה(").
    #[test]
    fn brackets_between_right_to_left_words_are_mirrored() {
        let text = "הספר (שנדפס) ו (Milano) עוד";
        let chars: Vec<String> = text.chars().map(|c| c.to_string()).collect();
        let units: Vec<Unit> = chars.iter().map(|c| Unit::Glyph(c)).collect();
        let v = visual_order(&units, true).unwrap();
        let mirrored: Vec<(usize, bool)> = chars
            .iter()
            .enumerate()
            .filter(|(_, c)| mirror(c.chars().next().unwrap()).is_some())
            .map(|(i, _)| (i, v.rtl[i]))
            .collect();
        // The brackets of the Hebrew phrase at odd levels; those of
        // "(Milano)" are neutrals between a Hebrew word and a Latin one,
        // then Latin and Hebrew: the first at the paragraph's level (odd),
        // the second between Latin and Hebrew (odd too, by rule N2).
        assert_eq!(mirrored.len(), 4);
        assert!(mirrored.iter().all(|&(_, odd)| odd), "{mirrored:?}");
        assert_eq!(mirror('('), Some(')'));
        assert_eq!(mirror('»'), Some('«'));
        assert_eq!(mirror('a'), None);
        // A Latin line keeps its brackets upright.
        assert_eq!(
            visual_order(&[Unit::Glyph("("), Unit::Glyph("a")], false),
            None
        );
    }

    #[test]
    fn paragraph_direction_is_that_of_the_first_strong_character() {
        assert!(paragraph_is_rtl(["1960 ", "مرحبا", " hello"]));
        assert!(!paragraph_is_rtl(["“Hello” ", "مرحبا"]));
        assert!(!paragraph_is_rtl(["123"]));
    }
}
