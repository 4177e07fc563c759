//! Tests of what a set line's glyphs stand for, their faces and the room between them: small capitals, hair spaces, full-width marks, scripts without italics.

use super::tests::{copied, inlines, typesetter};
use super::*;
use crate::model::Inline;
use crate::pdf::page::FontId;

#[test]
fn small_caps_are_lower_case_in_the_small_caps_face_where_it_has_them() {
    let mut ts = typesetter();
    let fonts = ts.fonts();
    // EB Garamond's small-caps face: Latin and Greek small capitals, but
    // plain lower case for Cyrillic.
    for c in ['a', 'x', 'é', 'ß', 'α', 'ω'] {
        assert!(fonts.small_capital(c), "{c}");
    }
    for c in ['а', 'я', 'ж', 'є'] {
        assert!(!fonts.small_capital(c), "{c}");
    }
    // Its small capitals stand at ~0.71 of its capitals (463 against 650
    // units for `x` and `H`, give or take a unit).
    let scale = fonts.small_capital_scale();
    assert!((0.68..0.74).contains(&scale), "{scale}");

    // The glyphs are those of the text lower-cased (or upper-cased) in
    // the small-caps face; each stands for the text as written.
    let ids = |line: &SetLine| -> Vec<u16> {
        line.runs
            .iter()
            .flat_map(|r| &r.glyphs)
            .map(|g| g.id)
            .collect()
    };
    let latin = ts.set_small_caps("Chapter 12", 11.0);
    let lower = ts.set_line("chapter 12", FaceKind::SmallCaps, 11.0);
    assert_eq!(ids(&latin), ids(&lower));
    assert_eq!(lower.text(), "chapter 12");
    assert_eq!(latin.text(), "Chapter 12");
    assert_eq!(latin.runs[0].font, FaceKind::SmallCaps.font_id());
    assert_eq!(latin.runs[0].size, 11.0);

    // Cyrillic: capitals at the small capitals' height, never "глава 12".
    let cyrillic = ts.set_small_caps("Глава 12", 11.0);
    let upper = ts.set_line("ГЛАВА 12", FaceKind::SmallCaps, 11.0 * scale);
    assert_eq!(ids(&cyrillic), ids(&upper));
    assert_eq!(cyrillic.text(), "Глава 12");
    assert_eq!(cyrillic.runs[0].font, FaceKind::SmallCaps.font_id());
    assert!((cyrillic.runs[0].size - 11.0 * scale).abs() < 1e-3);
    // A line with any such letter is set so whole, Latin and all.
    let mixed = ts.set_small_caps("Толстой and Tolstoy", 11.0);
    let upper = ts.set_line("ТОЛСТОЙ AND TOLSTOY", FaceKind::SmallCaps, 11.0 * scale);
    assert_eq!(ids(&mixed), ids(&upper));
    assert_eq!(mixed.text(), "Толстой and Tolstoy");
}

/// A hair space between touching quotation marks (`typography` puts one
/// in “‘) is a twelfth of an em of room in every face, not the font's
/// glyph: EB Garamond's is a hundredth of an em, and its bold has none
/// (a fallback face, or a missing glyph's box, between the marks).
#[test]
fn a_hair_space_between_quotes_is_room_not_a_glyph() {
    let mut ts = typesetter();
    for face in [FaceKind::Regular, FaceKind::Italic, FaceKind::Bold] {
        let style = ParagraphStyle {
            face,
            ..ParagraphStyle::body(12.0, 400.0, 0.0)
        };
        // Each glyph's face, id and x.
        let glyphs = |ts: &mut Typesetter, text: &str| -> Vec<(FontId, u16, Pt)> {
            let set = ts.set_paragraph(&inlines(text), &style);
            assert_eq!(set.lines.len(), 1);
            let mut out = Vec::new();
            for run in &set.lines[0].runs {
                let mut x = run.x;
                for g in &run.glyphs {
                    out.push((run.font, g.id, x));
                    x += g.advance;
                }
            }
            out
        };
        let spaced = glyphs(&mut ts, "“\u{200a}‘Never,’\u{200a}” she said.");
        let close = glyphs(&mut ts, "“‘Never,’” she said.");
        // The same glyphs in the same face: none for the hair spaces.
        let ids = |g: &[(FontId, u16, Pt)]| -> Vec<(FontId, u16)> {
            g.iter().map(|&(f, id, _)| (f, id)).collect()
        };
        assert_eq!(ids(&spaced), ids(&close), "{face:?}");
        assert!(
            spaced
                .iter()
                .all(|&(f, id, _)| id != 0 && f == face.font_id()),
            "{face:?}: {spaced:?}"
        );
        // A twelfth of 12 pt after “ and again after the ’ of "Never,"
        // (give or take the kerning the marks had side by side).
        let shift = |k: usize| spaced[k].2 - close[k].2;
        assert!(shift(0).abs() < 1e-3);
        for (from, to, rooms) in [(1, 9, 1.0), (9, spaced.len(), 2.0)] {
            for k in from..to {
                assert!(
                    (shift(k) - rooms).abs() < 0.35,
                    "{face:?}: glyph {k} moved {} pt",
                    shift(k)
                );
            }
        }
    }
}

/// A line that ends at a hyphen typed in the text gives that hyphen the
/// text U+2010, which extractors keep (they take a line-final "-" for an
/// added hyphen and join the word without it); a hyphen inside a line
/// stays "-". The glyph is the same.
#[test]
fn a_typed_hyphen_that_ends_a_line_is_kept_as_u2010() {
    let mut ts = typesetter();
    let text = "They spoke of the well-considered plan, the long-standing quarrel, the \
                self-made men and the hard-working delegates, of twenty-seven \
                ill-judged north-eastern open-minded comrades.";
    // No hyphenation: every hyphen drawn is one of the text's.
    let mut style = ParagraphStyle::body(11.0, 90.0, 0.0);
    style.hyphenate = false;
    let set = ts.set_paragraph(&inlines(text), &style);
    let last_glyph = |line: &SetLine| line.runs.last().and_then(|r| r.glyphs.last()).cloned();
    let at_hyphen: Vec<&SetLine> = set
        .lines
        .iter()
        .filter(|l| l.ends_in_hyphen && !l.hyphenated)
        .collect();
    assert!(at_hyphen.len() >= 2, "a narrow measure breaks compounds");
    let hyphen_id = ts.set_line("-", FaceKind::Regular, 11.0).runs[0].glyphs[0].id;
    for line in &at_hyphen {
        let g = last_glyph(line).unwrap();
        assert_eq!(g.text.as_str(), KEPT_HYPHEN_TEXT, "{line:?}");
        assert_eq!(g.id, hyphen_id);
    }
    // Every other hyphen stays a hyphen-minus.
    let inside: usize = set
        .lines
        .iter()
        .flat_map(|l| l.runs.iter().flat_map(|r| &r.glyphs))
        .filter(|g| g.text.as_str() == "-")
        .count();
    assert_eq!(inside + at_hyphen.len(), text.matches('-').count());
}

/// A word space beside a full-width mark is set at no width: the mark's
/// own blank half is the space (CLREQ, JLREQ). "《桃花源记》 was" showed
/// a half em and a word space; a Latin word space elsewhere in the line
/// is untouched, and each space still copies out as a space.
#[test]
fn a_space_beside_a_full_width_mark_is_the_marks_own_blank() {
    let mut ts = typesetter();
    let style = ParagraphStyle {
        align: Align::Left,
        ..ParagraphStyle::body(11.0, 400.0, 0.0)
    };
    let set = ts.set_paragraph(
        &inlines("《记》 was written by him; 《乡》 is another."),
        &style,
    );
    assert_eq!(set.lines.len(), 1);
    let spaces: Vec<Pt> = set.lines[0]
        .runs
        .iter()
        .flat_map(|r| &r.glyphs)
        .filter(|g| g.text == " ")
        .map(|g| g.advance)
        .collect();
    let natural = ts.space_width(FaceKind::Regular, 11.0);
    // After 》, before 《, then after 》 again: none; the others natural.
    assert_eq!(spaces.len(), 7, "{spaces:?}");
    for (k, width) in spaces.iter().enumerate() {
        let beside_mark = matches!(k, 0 | 4 | 5);
        let want = if beside_mark { 0.0 } else { natural };
        assert!((width - want).abs() < 1e-3, "space {k}: {spaces:?}");
    }
    assert_eq!(
        copied(&set),
        "《记》 was written by him; 《乡》 is another."
    );
}

/// Italic display text is upright where the language's script has no
/// italics: a Hebrew notes group's "1 · פרק ראשון" had a slanted figure
/// beside its upright letters. An English one stays italic.
#[test]
fn italic_display_text_is_upright_in_a_script_without_italics() {
    let mut ts = typesetter();
    let style = ParagraphStyle::display(11.0, 300.0, FaceKind::Italic);
    let figure_face = |ts: &mut Typesetter<'_>, language: &str| {
        ts.set_language(language);
        let set = ts.set_paragraph(&inlines("1 · פרק ראשון"), &style);
        set.lines[0]
            .runs
            .iter()
            .find(|r| r.glyphs.iter().any(|g| g.text == "1"))
            .map(|r| r.font)
            .expect("the figure is set")
    };
    assert_eq!(figure_face(&mut ts, "he"), FaceKind::Regular.font_id());
    assert_eq!(figure_face(&mut ts, "zh-Hans"), FaceKind::Regular.font_id());
    assert_eq!(figure_face(&mut ts, "en-GB"), FaceKind::Italic.font_id());
}

/// Figures in Hebrew, Arabic or Chinese text are lining: EB Garamond's
/// old-style 1, sized to Latin small letters, read as ı in "פרק 1". An
/// English passage in such a paragraph, and English text, keep the
/// old-style figures they are set with.
#[test]
fn figures_are_lining_in_a_script_without_small_letters() {
    let mut ts = typesetter();
    let style = ParagraphStyle::body(11.0, 300.0, 0.0);
    let glyph_of_one = |ts: &mut Typesetter<'_>, content: &[Inline], language: &str| {
        ts.set_language(language);
        let set = ts.set_paragraph(content, &style);
        set.lines[0]
            .runs
            .iter()
            .flat_map(|r| &r.glyphs)
            .find(|g| g.text == "1")
            .map(|g| g.id)
            .expect("the figure is set")
    };
    let plain = |text: &str| inlines(text);
    let old_style = glyph_of_one(&mut ts, &plain("Chapter 1"), "en-GB");
    let lining = glyph_of_one(&mut ts, &plain("פרק 1"), "he");
    assert_ne!(old_style, lining, "EB Garamond's two figure ones");
    assert_eq!(glyph_of_one(&mut ts, &plain("الفصل 1"), "ar"), lining);
    assert_eq!(glyph_of_one(&mut ts, &plain("见 1 页"), "zh-Hans"), lining);
    let english_passage = [
        Inline::Text {
            text: "פרק ".into(),
        },
        Inline::Span {
            lang: Some("en".into()),
            dir: None,
            content: plain("Chapter 1"),
        },
    ];
    assert_eq!(glyph_of_one(&mut ts, &english_passage, "he"), old_style);
}
