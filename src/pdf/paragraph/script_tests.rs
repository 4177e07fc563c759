//! Tests of text in other scripts: Chinese broken and justified between its ideographs, Korean kept whole at its word spaces, a fallback face scaled to the text beside it.

use super::tests::{copied, drawn, each_setting_measured_and_set, inlines, typesetter};
use super::*;
use crate::pdf::fontset::{FaceKind, FontSet};
use crate::pdf::hyphenate::Hyphenator;
use crate::pdf::page::FontId;

#[test]
fn chinese_breaks_between_ideographs_without_overfull_lines() {
    let mut ts = typesetter();
    // .notdef is 4 pt wide at 11 pt: 30 characters are 120 pt.
    let style = ParagraphStyle::body(11.0, 50.0, 0.0);
    let text = "我们的书是用中文写的，每一个字都要印出来，不能有空白的方框。";
    let set = ts.set_paragraph(&inlines(text), &style);
    assert!(set.lines.len() > 2, "{}", set.lines.len());
    assert_eq!(set.overfull_lines(), 0);
    assert_eq!(copied(&set).replace(' ', ""), text);
    for line in &set.lines[1..] {
        // Kinsoku: no line starts with a closing mark.
        assert!(!drawn(line).starts_with(['，', '。']), "{}", drawn(line));
    }
}

/// Korean breaks at its word spaces only (CSS `word-break: keep-all`),
/// never between the syllables of a word that fits a line ("인쇄소는 아"
/// / "주 바쁩니다" split 아주); a word wider than the line still breaks
/// between its syllables rather than running into the margin.
#[test]
fn korean_breaks_at_spaces_and_inside_a_word_only_when_it_must() {
    let mut ts = typesetter();
    // .notdef is 4 pt wide at 11 pt: the longest word, 7 characters, 28
    // pt; a line of 80 pt holds about three words, as a line of real
    // Hangul (11 pt a syllable) at 230 pt does.
    let text =
        "서울에서 인사드립니다. 인쇄소는 아주 바쁩니다. 편지는 짧았지만 마음이 담겨 있었습니다.";
    for measure in [80.0, 90.0, 100.0, 120.0] {
        let set = ts.set_paragraph(&inlines(text), &ParagraphStyle::body(11.0, measure, 0.0));
        assert!(set.lines.len() >= 2, "{}", set.lines.len());
        let lines: Vec<String> = set.lines.iter().map(drawn).collect();
        assert_eq!(set.overfull_lines(), 0, "{measure}: {lines:?}");
        // Lines joined by a space give the text back: no word was split.
        assert_eq!(copied(&set), text, "{measure}");
    }
    let long = "인사드립니다인사드립니다인사드립니다";
    let set = ts.set_paragraph(&inlines(long), &ParagraphStyle::body(11.0, 40.0, 0.0));
    assert!(set.lines.len() >= 2, "{}", set.lines.len());
    assert_eq!(set.overfull_lines(), 0);
    assert_eq!(copied(&set).replace(' ', ""), long);
}

/// Text without spaces is justified between its ideographs (CSS
/// `text-justify: inter-character`): every line but the last fills the
/// measure, the gaps on a line are even, none opens before a closing
/// mark, and the glyphs keep their width (no font expansion on the grid).
#[test]
fn chinese_lines_are_justified_between_their_ideographs() {
    let mut ts = typesetter();
    let text = "我们的书是用中文写的，每一个字都要印出来，不能有空白的方框。晋太元中，武陵人捕鱼为业。缘溪行，忘路之远近。芳草鲜美，落英缤纷。渔人甚异之，复前行，欲穷其林。";
    // .notdef is 4.004 pt wide at 11 pt: 41 pt holds ten and a quarter.
    let style = ParagraphStyle::body(11.0, 41.0, 0.0);
    let set = ts.set_paragraph(&inlines(text), &style);
    let (last, body) = set.lines.split_last().unwrap();
    assert!(body.len() > 6, "{}", set.lines.len());
    // What the last line, set naturally, gives each character.
    let natural = last.runs[0].glyphs[0].advance;
    let mut opened = 0;
    for line in body {
        let end = line.runs[0].x + line.width;
        assert!((end - 41.0).abs() < 0.01, "{end}: {}", drawn(line));
        assert!(!line.overfull && !line.loose, "{}", drawn(line));
        let glyphs: Vec<&crate::pdf::page::Glyph> =
            line.runs.iter().flat_map(|r| &r.glyphs).collect();
        assert!(line.runs.iter().all(|r| r.h_scale == 1.0));
        let mut gaps = Vec::new();
        for pair in glyphs.windows(2) {
            let gap = pair[0].advance - natural;
            if pair[1].text.starts_with(['，', '。']) {
                assert!(gap.abs() < 1e-4, "a gap before {}", drawn(line));
            } else if !pair[0].text.starts_with(['，', '。']) {
                gaps.push(gap);
            }
        }
        let least = gaps.iter().copied().fold(f32::MAX, f32::min);
        let most = gaps.iter().copied().fold(f32::MIN, f32::max);
        assert!(most - least < 1e-4, "{gaps:?}: {}", drawn(line));
        opened += usize::from(most > 0.01);
    }
    assert!(opened > 3, "{opened}");
    // The last line keeps its natural spacing.
    assert!(last
        .runs
        .iter()
        .flat_map(|r| &r.glyphs)
        .all(|g| (g.advance - natural).abs() < 1e-4));
    assert_eq!(copied(&set).replace(' ', ""), text);
}

/// As `a_measured_setting_is_judged_as_its_set_lines`, for a paragraph
/// of Chinese with English words in it, whose lines stretch between
/// ideographs as well as at word spaces.
#[test]
fn a_measured_chinese_setting_is_judged_as_its_set_lines() {
    let mut ts = typesetter();
    let content = inlines("我们的书是用中文写的，每一个字都要印出来，不能有空白的方框。The fisherman 渔人甚异之，复前行，欲穷其林。林尽水源，便得一山，山有小口，仿佛若有光。organizationally 便舍船，从口入。");
    let mut lines = 0;
    for measure in [120.0, 59.0, 30.0] {
        let style = ParagraphStyle::body(11.0, measure, 11.0);
        each_setting_measured_and_set(&mut ts, &content, &style, |_, _, _| lines += 1);
    }
    assert!(lines > 30, "{lines}");
}

/// Hebrew in an English paragraph is set in its fallback face at 80 %
/// (Noto Serif Hebrew's x-height against EB Garamond's, at the floor),
/// its word space with it, on the line's baseline; in a book in Hebrew
/// the fallback face sets the text itself, at the text's size.
#[test]
fn a_fallback_face_is_matched_to_the_text_only_beside_it() {
    let hebrew = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/books/hebrew/fonts/NotoSerifHebrew-Regular.ttf"),
    )
    .unwrap();
    let files: &'static crate::model::FontFiles = Box::leak(Box::new(crate::model::FontFiles {
        fallbacks: vec![crate::model::FallbackFont {
            label: "hebrew".to_string(),
            bytes: std::sync::Arc::new(hebrew),
            index: 0,
        }],
        ..Default::default()
    }));
    let sizes = |book_language: &str| {
        let mut ts = Typesetter::new(
            FontSet::new(files).unwrap(),
            Hyphenator::new("en-GB", 2, 3).unwrap(),
        );
        ts.language = book_language.to_string();
        ts.book_language = book_language.to_string();
        let set = ts.set_paragraph(
            &inlines("The card said שלום עולם and nothing more."),
            &ParagraphStyle::body(11.0, 300.0, 0.0),
        );
        assert_eq!(set.lines.len(), 1);
        let runs = &set.lines[0].runs;
        assert!(runs.iter().all(|r| r.y == runs[0].y), "one baseline");
        let fallback = FontId(FaceKind::ALL.len());
        let of = |font: FontId| -> Vec<f32> {
            runs.iter()
                .filter(|r| (r.font == fallback) == (font == fallback))
                .map(|r| r.size)
                .collect()
        };
        (of(fallback), of(FontId(0)))
    };
    let (hebrew, latin) = sizes("en-GB");
    assert!(
        !hebrew.is_empty() && hebrew.iter().all(|&s| (s - 8.8).abs() < 1e-4),
        "{hebrew:?}"
    );
    assert!(latin.iter().all(|&s| s == 11.0), "{latin:?}");
    let (hebrew, _) = sizes("he");
    assert!(
        !hebrew.is_empty() && hebrew.iter().all(|&s| s == 11.0),
        "{hebrew:?}"
    );
}

/// At a measure of a few words a Korean paragraph broken only at its
/// spaces has lines of one short word stretched past filling (or, at
/// 60 pt, one too wide): it then breaks inside words, as TeX's emergency
/// pass would, and no line is overfull or loose. Where its spaces set
/// it well (44 pt, 70 pt) it still breaks only there.
#[test]
fn korean_breaks_inside_words_when_its_spaces_set_it_badly() {
    let mut ts = typesetter();
    let text =
        "서울에서 인사드립니다. 인쇄소는 아주 바쁩니다. 편지는 짧았지만 마음이 담겨 있었습니다.";
    for measure in [30.0, 34.0, 40.0, 50.0, 56.0, 60.0] {
        let set = ts.set_paragraph(&inlines(text), &ParagraphStyle::body(11.0, measure, 0.0));
        let lines: Vec<String> = set.lines.iter().map(drawn).collect();
        assert_eq!(set.overfull_lines(), 0, "{measure}: {lines:?}");
        assert!(set.lines.iter().all(|l| !l.loose), "{measure}: {lines:?}");
        assert_eq!(copied(&set).replace(' ', ""), text.replace(' ', ""));
    }
    for measure in [44.0, 70.0] {
        let set = ts.set_paragraph(&inlines(text), &ParagraphStyle::body(11.0, measure, 0.0));
        assert_eq!(copied(&set), text, "{measure}");
    }
}
