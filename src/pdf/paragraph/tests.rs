//! Unit tests of paragraph setting on real text in the default fonts.

use super::*;
use crate::model::Inline;
use crate::pdf::fontset::FontSet;
use crate::pdf::hyphenate::Hyphenator;
use crate::pdf::linebreak::{self, Item, INFINITY};
use crate::pdf::page::FontId;

const PARAGRAPH: &str = "Judging from the aims which the Khrushchevites sought to achieve, politically, ideologically and organizationally, the Bucharest Meeting was a Trotskyite, anti-Marxist, revisionist putsch. From the formal aspect it was a putsch, too, because it was held in violation of the elementary norms of relations between parties.";

pub(super) fn typesetter() -> Typesetter<'static> {
    Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap())
}

pub(super) fn inlines(t: &str) -> Vec<Inline> {
    vec![Inline::Text {
        text: t.to_string(),
    }]
}

/// The text a reader copies out: glyph texts, lines joined by a space
/// unless the line ends in a break hyphen (then the soft hyphen goes).
pub(super) fn copied(set: &SetParagraph) -> String {
    let mut out = String::new();
    for (i, line) in set.lines.iter().enumerate() {
        let mut line_text: String = line
            .runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(|g| g.text.as_str()))
            .collect();
        if line.hyphenated {
            assert!(line_text.ends_with(BREAK_HYPHEN_TEXT), "{line_text}");
            line_text.truncate(line_text.len() - BREAK_HYPHEN_TEXT.len());
        }
        out.push_str(&line_text);
        let explicit = line_text.ends_with(['-', '\u{2010}', '—', '–']);
        if i + 1 < set.lines.len() && !line.hyphenated && !explicit {
            out.push(' ');
        }
    }
    out
}

#[test]
fn breaks_a_known_paragraph_at_a_known_width() {
    let mut ts = typesetter();
    let style = ParagraphStyle::body(11.0, 240.0, 11.0);
    // With font expansion (the default) and as the engine set it
    // before expansion (more letter spacing, dearer hyphens): the glyphs'
    // stretch and shrink let the first line take two more words. Without
    // expansion the paragraph needs the emergency pass; before the breaker
    // priced gaping spaces (`linebreak::SpaceCap`) its second line ended at
    // "and" with spaces 4.2× natural, now at "organiz-" with 1.47×.
    for (expansion, letters, hyphen, want) in [
        (
            0.02,
            0.015,
            100.0,
            [
                "sought",
                "organizationally,",
                "revi-",
                "too,",
                "norms",
                "parties.",
            ],
        ),
        (
            0.0,
            0.02,
            300.0,
            [
                "Khrushchevites",
                "organiz-",
                "anti-",
                "it",
                "the",
                "parties.",
            ],
        ),
    ] {
        ts.tuning.expansion_stretch = expansion;
        ts.tuning.expansion_shrink = expansion;
        ts.tuning.letter_stretch_em = letters;
        ts.tuning.hyphen_penalty = hyphen;
        let set = ts.set_paragraph(&inlines(PARAGRAPH), &style);
        let ends: Vec<&str> = set.lines.iter().map(|l| l.last_word.as_str()).collect();
        assert_eq!(
            ends,
            want,
            "{:#?}",
            set.lines
                .iter()
                .map(|l| (&l.first_word, &l.last_word, l.ratio))
                .collect::<Vec<_>>()
        );
        assert_eq!(set.overfull_lines(), 0);
        let scales: Vec<f32> = set.lines.iter().map(|l| l.runs[0].h_scale).collect();
        if expansion == 0.0 {
            assert!(scales.iter().all(|&s| s == 1.0), "{scales:?}");
        } else {
            // Some line uses it, in whole steps, within the emergency limit.
            assert!(scales.iter().any(|&s| s != 1.0), "{scales:?}");
            let (step, limit) = (ts.tuning.expansion_step, ts.tuning.emergency_expansion);
            for s in scales {
                let steps = (s - 1.0) / step;
                assert!((steps - steps.round()).abs() < 1e-3 && (s - 1.0).abs() <= limit + 1e-6);
            }
        }
    }
}

#[test]
fn justified_lines_fill_the_measure_exactly() {
    let mut ts = typesetter();
    for measure in [180.0, 240.0, 305.0] {
        let style = ParagraphStyle::body(11.0, measure, 11.0);
        let set = ts.set_paragraph(&inlines(PARAGRAPH), &style);
        let (last, body) = set.lines.split_last().unwrap();
        for (i, line) in body.iter().enumerate() {
            // Either end may hang into the margin by part of a glyph;
            // the first line starts after its indent.
            let start = line.runs[0].x - if i == 0 { 11.0 } else { 0.0 };
            assert!((start + line.lead).abs() < 1e-4 && line.lead >= 0.0);
            let end = line.runs[0].x + line.width - if i == 0 { 11.0 } else { 0.0 };
            assert!(end >= measure - 0.01 && end <= measure + 3.0, "{line:?}");
            let advances: f32 = line
                .runs
                .iter()
                .flat_map(|r| &r.glyphs)
                .map(|g| g.advance)
                .sum();
            let indent = if i == 0 { 11.0 } else { 0.0 };
            assert!((advances + indent - line.width).abs() < 0.01);
            assert!(!line.overfull);
        }
        assert!(last.runs[0].x + last.width <= measure);
        assert_eq!(last.ratio, 0.0, "the last line keeps natural spaces");
        assert_eq!(copied(&set), PARAGRAPH);
    }
}

#[test]
fn hyphenated_lines_carry_a_soft_hyphen_and_copy_back_whole() {
    let mut ts = typesetter();
    let style = ParagraphStyle::body(11.0, 120.0, 0.0);
    let set = ts.set_paragraph(&inlines(PARAGRAPH), &style);
    assert!(
        set.lines.iter().any(|l| l.hyphenated),
        "a narrow measure needs hyphens"
    );
    for line in &set.lines {
        assert_eq!(
            line.ends_in_hyphen,
            line.last_word.ends_with('-'),
            "{line:?}"
        );
    }
    for line in set.lines.iter().filter(|l| l.hyphenated) {
        assert!(line.last_word.ends_with('-'));
    }
    assert_eq!(copied(&set), PARAGRAPH);
    let mut run = 0;
    for line in &set.lines {
        run = if line.hyphenated { run + 1 } else { 0 };
        assert!(run <= 2);
    }
}

#[test]
fn opening_quotes_hang_into_the_left_margin() {
    let mut ts = typesetter();
    let text = "The talks went on and on for hours without end, and then Mikoyan said: “We shall see about that, comrades, we shall see about that soon.” “No,” said Mehmet.";
    let style = ParagraphStyle::body(11.0, 150.0, 0.0);
    let set = ts.set_paragraph(&inlines(text), &style);
    let quoted: Vec<&SetLine> = set
        .lines
        .iter()
        .skip(1)
        .filter(|l| l.first_word.starts_with('“'))
        .collect();
    for line in &quoted {
        assert!(line.lead > 0.5 && line.lead < 4.0, "{line:?}");
        assert!((line.runs[0].x + line.lead).abs() < 1e-4);
    }
    for line in set.lines.iter().filter(|l| !l.first_word.starts_with('“')) {
        assert_eq!(line.lead, 0.0);
    }
    ts.tuning.protrusion = false;
    let flush = ts.set_paragraph(&inlines(text), &style);
    assert!(flush
        .lines
        .iter()
        .all(|l| l.lead == 0.0 && l.runs[0].x == 0.0));
}

#[test]
fn emphasis_strong_and_note_numbers() {
    let mut ts = typesetter();
    let content = vec![
        Inline::Text { text: "A ".into() },
        Inline::Emphasis {
            content: vec![Inline::Text {
                text: "pokushenie".into(),
            }],
        },
        Inline::NoteRef {
            number: 12,
            first: true,
            id: "noteref-12".into(),
        },
        Inline::Text {
            text: " was ".into(),
        },
        Inline::Strong {
            content: vec![Inline::Text {
                text: "feared".into(),
            }],
        },
        Inline::Text { text: ".".into() },
    ];
    let style = ParagraphStyle::body(11.0, 300.0, 0.0);
    let set = ts.set_paragraph(&content, &style);
    assert_eq!(set.lines.len(), 1);
    let line = &set.lines[0];
    let fonts: Vec<usize> = line.runs.iter().map(|r| r.font.0).collect();
    assert!(fonts.contains(&FaceKind::Italic.index()));
    assert!(fonts.contains(&FaceKind::Bold.index()));
    assert_eq!(line.note_refs.len(), 1);
    let mark = &line.note_refs[0];
    assert_eq!(
        (mark.number, mark.id.as_str(), mark.first),
        (12, "noteref-12", true)
    );
    assert!(mark.x_end > mark.x_start && mark.y_top < mark.y_bottom && mark.y_bottom <= 0.0);
    // Superior figures sit on the baseline's run: nothing is raised
    // out of the line, so leading is untouched.
    assert!(line.runs.iter().all(|r| r.y == 0.0));
    let text: String = line
        .runs
        .iter()
        .flat_map(|r| &r.glyphs)
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(text, "A pokushenie12 was feared.");
}

#[test]
fn a_soft_hyphen_is_the_only_break_and_is_not_shown() {
    let mut ts = typesetter();
    let style = ParagraphStyle::body(11.0, 300.0, 0.0);
    let set = ts.set_paragraph(&inlines("un\u{ad}breakable"), &style);
    let shown: String = set.lines[0].runs[0]
        .glyphs
        .iter()
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(shown, "unbreakable");
}

#[test]
fn a_word_wider_than_the_measure_is_overfull_and_reported() {
    let mut ts = typesetter();
    let style = ParagraphStyle {
        hyphenate: false,
        ..ParagraphStyle::body(11.0, 40.0, 0.0)
    };
    let set = ts.set_paragraph(&inlines("a incomprehensibilities b"), &style);
    assert_eq!(set.overfull_lines(), 1);
    assert!(set.emergency);
    let d = set.diagnostic("ch.md", Span { line: 7, col: 1 }).unwrap();
    assert!(
        d.to_string()
            .starts_with("ch.md:7:1: warning: overfull line"),
        "{d}"
    );
    // Short words at a wide measure can only be loose. Up to three times
    // their natural width spaces are filled; past that a line is set
    // short at natural spacing (holes read worse than a short line), and
    // the warning says so.
    let mut short = 0;
    for k in 0..40 {
        let measure = 20.0 + k as f32;
        let loose = ts.set_paragraph(
            &inlines("aa bb cc dd ee ff gg hh"),
            &ParagraphStyle::body(11.0, measure, 0.0),
        );
        for line in loose.lines.iter().filter(|l| l.loose) {
            let factor = if line.space_natural > 0.0 {
                line.space_set / line.space_natural
            } else {
                1.0
            };
            assert!(factor <= 3.0 + 1e-3, "{measure}: {factor}");
        }
        if let Some(d) = loose.diagnostic("ch.md", Span { line: 9, col: 1 }) {
            let d = d.to_string();
            if d.contains("could not be justified and") {
                short += 1;
            } else {
                assert!(d.contains("loose line"), "{d}");
            }
        }
    }
    assert!(short > 0);
    let fine = ts.set_paragraph(
        &inlines(PARAGRAPH),
        &ParagraphStyle::body(11.0, 305.0, 11.0),
    );
    assert!(fine.diagnostic("ch.md", Span::default()).is_none());
}

#[test]
fn variants_are_one_line_shorter_or_longer() {
    let mut ts = typesetter();
    let long: String = [PARAGRAPH; 3].join(" ");
    let mut found = 0;
    for measure in (0..12).map(|k| 250.0 + 6.0 * k as f32) {
        let style = ParagraphStyle::body(11.0, measure, 11.0);
        let v = ts.set_paragraph_variants(&inlines(&long), &style);
        let n = v.best.lines.len();
        if let Some(s) = &v.shorter {
            assert_eq!(s.lines.len(), n - 1);
            assert!(s.demerits >= v.best.demerits);
            found += 1;
        }
        if let Some(l) = &v.longer {
            assert_eq!(l.lines.len(), n + 1);
            found += 1;
            let loose = ts.set_paragraph(
                &inlines(&long),
                &ParagraphStyle {
                    looseness: 1,
                    ..style
                },
            );
            assert_eq!(loose.lines.len(), n + 1);
        }
    }
    assert!(found > 0, "some measure leaves a long paragraph slack");
}

#[test]
fn set_line_keeps_natural_spaces_and_centre_offsets() {
    let mut ts = typesetter();
    let line = ts.set_line("From Bucharest to Moscow", FaceKind::SmallCaps, 14.0);
    assert_eq!(line.runs.len(), 1);
    assert_eq!(line.runs[0].font, FaceKind::SmallCaps.font_id());
    assert!((line.width - line.natural).abs() < 1e-3);
    let text: String = line.runs[0]
        .glyphs
        .iter()
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(text, "From Bucharest to Moscow");
    let style = ParagraphStyle {
        align: Align::Center,
        face: FaceKind::SmallCaps,
        ..ParagraphStyle::body(14.0, 300.0, 0.0)
    };
    let centred = ts.set_paragraph(&inlines("From Bucharest to Moscow"), &style);
    let x = centred.lines[0].runs[0].x;
    assert!((x - (300.0 - line.width) / 2.0).abs() < 0.01, "{x}");
}

#[test]
fn ragged_right_keeps_spaces_natural() {
    let mut ts = typesetter();
    let style = ParagraphStyle {
        align: Align::Left,
        ..ParagraphStyle::body(11.0, 200.0, 0.0)
    };
    let set = ts.set_paragraph(&inlines(PARAGRAPH), &style);
    assert!(set.lines.len() > 2);
    for line in &set.lines {
        assert!(line.width <= 200.0 + 0.01);
        assert!((line.space_set - line.space_natural).abs() < 1e-3);
    }
    assert_eq!(copied(&set), PARAGRAPH);
}

#[test]
fn breaker_items_end_with_fill_and_a_forced_break() {
    let mut ts = typesetter();
    let (items, params) =
        ts.breaker_items(&inlines("a b"), &ParagraphStyle::body(11.0, 300.0, 0.0));
    assert!(matches!(items.last(), Some(Item::Penalty { penalty, .. }) if *penalty <= -INFINITY));
    assert_eq!(
        linebreak::break_lines(&items, 300.0, &params).lines.len(),
        1
    );
}

/// Every setting of `content` the breaker offers at `style` (each line
/// count within a tolerance of 10) both measured (`Typesetter::measure`,
/// what pagination weighs) and set (`render`): asserts the two agree on
/// the lines, overfull and hyphen ends, and hands each set line, its
/// index and the measured alternative to `each_line`.
pub(super) fn each_setting_measured_and_set(
    ts: &mut Typesetter<'_>,
    content: &[Inline],
    style: &ParagraphStyle,
    mut each_line: impl FnMut(&SetLine, usize, &Alternative),
) {
    let prepared = ts.prepare_paragraph(content, style);
    let mut params = ts.params(style);
    params.tolerance = 10.0;
    let all = linebreak::all_line_counts(&prepared.items, style.measure, &params);
    for breaks in &all.by_lines {
        let set = ts.render(&prepared, style, breaks);
        let alt = ts.measure(&prepared, style, breaks.clone());
        assert_eq!(alt.lines(), set.lines.len());
        let measure = style.measure;
        assert_eq!(alt.overfull, set.overfull_lines() > 0, "at {measure}");
        for (k, line) in set.lines.iter().enumerate() {
            assert_eq!(
                alt.ends_in_hyphen[k], line.ends_in_hyphen,
                "line {k} at {measure}"
            );
            each_line(line, k, &alt);
        }
    }
}

/// The glyph texts of a line in the order they are drawn, left to right.
pub(super) fn drawn(line: &SetLine) -> String {
    let mut runs: Vec<&GlyphRun> = line.runs.iter().collect();
    runs.sort_by(|a, b| a.x.total_cmp(&b.x));
    runs.iter()
        .flat_map(|r| r.glyphs.iter().map(|g| g.text.as_str()))
        .collect()
}

/// The hyphen breaks the breaker is offered in `content`.
fn hyphen_breaks(ts: &mut Typesetter<'_>, content: &[Inline]) -> usize {
    let (items, _) = ts.breaker_items(content, &ParagraphStyle::body(11.0, 300.0, 0.0));
    items
        .iter()
        .filter(|i| matches!(i, Item::Penalty { flagged: true, .. }))
        .count()
}

#[test]
fn a_passage_marked_in_another_language_is_hyphenated_with_its_patterns() {
    let mut ts = typesetter();
    let span = |lang: &str| {
        vec![Inline::Span {
            lang: Some(lang.to_string()),
            dir: None,
            content: inlines("gouvernement"),
        }]
    };
    // British patterns: gouverne-ment; French: gou-ver-ne-ment.
    assert_eq!(hyphen_breaks(&mut ts, &inlines("gouvernement")), 1);
    assert_eq!(hyphen_breaks(&mut ts, &span("fr")), 3);
    // Back in the chapter's language after the passage, and a language
    // without patterns gives none.
    assert_eq!(hyphen_breaks(&mut ts, &inlines("gouvernement")), 1);
    assert_eq!(hyphen_breaks(&mut ts, &span("tlh")), 0);
    // The passage's language is the word's, not the paragraph's.
    let mut mixed = inlines("gouvernement ");
    mixed.extend(span("fr"));
    assert_eq!(hyphen_breaks(&mut ts, &mixed), 4);
}

/// Pagination weighs an alternative setting by measuring its lines
/// (`measure_line`) instead of setting them: for every line count the
/// breaker finds, at measures from roomy to too narrow for the longest
/// word, the measured lines must end in a hyphen, be overfull and first
/// reference notes exactly as the set lines do.
#[test]
fn a_measured_setting_is_judged_as_its_set_lines() {
    let mut ts = typesetter();
    let mut content = Vec::new();
    for (k, sentence) in PARAGRAPH.split(". ").enumerate() {
        content.push(Inline::Text {
            text: format!("{sentence}. “Anti-Marxist” organizationally "),
        });
        content.push(Inline::NoteRef {
            number: k as u32 + 1,
            first: k % 2 == 0,
            id: format!("noteref-{}", k + 1),
        });
        content.push(Inline::Text {
            text: " and ".into(),
        });
    }
    let (mut overfull, mut hyphens, mut notes, mut lines) = (0, 0, 0, 0);
    for (measure, align) in [
        (300.0, Align::Justify),
        (180.0, Align::Justify),
        (90.0, Align::Justify),
        (60.0, Align::Justify),
        (120.0, Align::Left),
        (60.0, Align::Left),
        // Narrower than some syllables: overfull lines, both ways.
        (25.0, Align::Justify),
        (25.0, Align::Left),
    ] {
        let style = ParagraphStyle {
            align,
            ..ParagraphStyle::body(11.0, measure, 11.0)
        };
        each_setting_measured_and_set(&mut ts, &content, &style, |line, k, alt| {
            let first: Vec<u32> = line
                .note_refs
                .iter()
                .filter(|m| m.first)
                .map(|m| m.number)
                .collect();
            assert_eq!(alt.first_notes[k], first, "line {k} at {measure}");
            overfull += usize::from(line.overfull);
            hyphens += usize::from(line.ends_in_hyphen);
            notes += first.len();
            lines += 1;
        });
    }
    // The comparison saw each kind of line it is about.
    assert!(lines > 100 && overfull > 0 && hyphens > 0 && notes > 0);
}

/// Typesetters sharing their hyphenation (a build's workers) break every
/// word as a typesetter on its own would, in each language: a word one of
/// them hyphenated in British English is not taken for American.
#[test]
fn shared_hyphenation_breaks_as_a_private_cache_does() {
    let text = inlines("knowledge, democracy and progress");
    let style = ParagraphStyle::body(11.0, 240.0, 11.0);
    let alone = |lang: &str| {
        let mut ts = typesetter();
        ts.set_language(lang);
        ts.prepare(&text, &style).items
    };
    let (british, american) = (alone("en-GB"), alone("en-US"));
    assert_ne!(british, american, "know-ledge, knowl-edge");

    let shared = Shared::default();
    let sharing = |lang: &str| {
        let mut ts = typesetter();
        ts.share(&shared);
        ts.set_language(lang);
        ts.prepare(&text, &style).items
    };
    assert_eq!(sharing("en-GB"), british);
    assert_eq!(sharing("en-US"), american);
    assert_eq!(sharing("en-GB"), british);
    assert_eq!(sharing("en-US"), american);
}

/// Where the run holding the glyph whose text is `text` starts, and the
/// run that ends just before it: (that run's end, this run's start, the
/// last glyph of that run).
fn runs_around(line: &SetLine, text: &str) -> (Pt, Pt, u16, FontId) {
    let k = line
        .runs
        .iter()
        .position(|r| r.glyphs.first().is_some_and(|g| g.text == text))
        .unwrap_or_else(|| panic!("no run starts with {text:?}"));
    let before = &line.runs[k - 1];
    let end = before.x + before.glyphs.iter().map(|g| g.advance).sum::<Pt>();
    let last = before.glyphs.last().map_or(0, |g| g.id);
    (end, line.runs[k].x, last, line.runs[k].font)
}

#[test]
fn a_note_in_italic_text_is_upright_and_clears_the_italic_overhang() {
    let mut ts = typesetter();
    let fonts = FontSet::embedded();
    let style = ParagraphStyle::body(11.0, 300.0, 0.0);
    let content = vec![Inline::Emphasis {
        content: vec![
            Inline::Text {
                text: "pull".into(),
            },
            Inline::NoteRef {
                number: 4,
                first: true,
                id: "noteref-4".into(),
            },
        ],
    }];
    let set = ts.set_paragraph(&content, &style);
    let (end, start, l, font) = runs_around(&set.lines[0], "4");
    // Upright, as LaTeX's \footnotemark: the italic superiors of EB
    // Garamond start 155-186 units into their advance (the upright ones
    // 8-56), which reads as a space before the number.
    assert_eq!(font, FaceKind::Regular.font_id());
    let overhang = fonts
        .metrics(FaceKind::Italic)
        .to_pt(fonts.overhang(FaceKind::Italic, l), 11.0);
    // The italic l's ascender reaches 55 units past its advance.
    assert!(overhang > 0.5, "{overhang}");
    assert!(
        (start - end - overhang).abs() < 1e-3,
        "{end} {start} {overhang}"
    );
}

#[test]
fn upright_marks_after_italic_get_its_correction_but_low_punctuation_does_not() {
    let mut ts = typesetter();
    let fonts = FontSet::embedded();
    let style = ParagraphStyle::body(11.0, 300.0, 0.0);
    let italic_then = |after: &str| {
        vec![
            Inline::Emphasis {
                content: vec![Inline::Text { text: "of".into() }],
            },
            Inline::Text { text: after.into() },
        ]
    };
    let set = ts.set_paragraph(&italic_then(") x"), &style);
    let (end, start, f, _) = runs_around(&set.lines[0], ")");
    let overhang = fonts
        .metrics(FaceKind::Italic)
        .to_pt(fonts.overhang(FaceKind::Italic, f), 11.0);
    assert!(overhang > 1.0, "the italic f overhangs: {overhang}");
    assert!((start - end - overhang).abs() < 1e-3, "{end} {start}");
    for stop in [". x", ", x", ": x", "; x", "… x"] {
        let set = ts.set_paragraph(&italic_then(stop), &style);
        let first = stop.split(' ').next().unwrap_or(stop);
        let (end, start, _, _) = runs_around(&set.lines[0], first);
        assert!((start - end).abs() < 1e-3, "{stop:?}: {end} {start}");
    }
}

#[test]
fn spaces_in_code_keep_their_width_and_the_space_after_code_is_the_texts() {
    let mut ts = typesetter();
    let style = ParagraphStyle::body(11.0, 220.0, 0.0);
    let content = vec![
        Inline::Text {
            text: "Then set ".into(),
        },
        Inline::Code {
            text: "x = 12".into(),
        },
        Inline::Text {
            text: " and then many more words follow, so that the first line is justified across the whole measure and the paragraph wraps.".into(),
        },
    ];
    let set = ts.set_paragraph(&content, &style);
    assert!(set.lines.len() >= 2);
    let line = &set.lines[0];
    let spaces = |font: FontId| -> Vec<Pt> {
        line.runs
            .iter()
            .filter(|r| r.font == font)
            .flat_map(|r| &r.glyphs)
            .filter(|g| g.text == " ")
            .map(|g| g.advance)
            .collect()
    };
    let code_size = 11.0 * ts.fonts().inline_code_scale();
    let mono = ts.space_width(FaceKind::Mono, code_size);
    let regular = ts.space_width(FaceKind::Regular, 11.0);
    let code_spaces = spaces(FaceKind::Mono.font_id());
    // `x = 12` has two spaces; the one after it is the text's.
    assert_eq!(code_spaces.len(), 2, "{code_spaces:?}");
    assert!(
        code_spaces.iter().all(|w| (w - mono).abs() < 1e-4),
        "{code_spaces:?} {mono}"
    );
    let text_spaces = spaces(FaceKind::Regular.font_id());
    assert!(text_spaces.len() >= 4);
    // The line is justified: the text's spaces all set alike, away from
    // their natural width, none near the code face's half em.
    assert!(
        text_spaces.iter().all(|w| (w - text_spaces[0]).abs() < 1e-4
            && (w - regular).abs() > 0.05
            && *w < mono * 0.9),
        "{text_spaces:?}"
    );
}

/// Code in running text is set at the size that gives its lower case
/// the text's height (Inconsolata's x-height is 456 units, EB Garamond's
/// 400: code at 11 pt stood 14 % taller than the words around it); a
/// code block's lines, set in the monospace face throughout, keep their
/// own size.
#[test]
fn code_in_text_matches_the_texts_lower_case() {
    let mut ts = typesetter();
    let scale = ts.fonts().inline_code_scale();
    assert!((scale - 400.0 / 456.0).abs() < 1e-4, "{scale}");
    let x_height = |ts: &Typesetter<'_>, face: FaceKind, size: f32| {
        let m = ts.fonts().metrics(face);
        m.to_pt(i32::from(m.x_height), size)
    };
    let style = ParagraphStyle::body(11.0, 300.0, 0.0);
    let content = vec![
        Inline::Text {
            text: "Call ".into(),
        },
        Inline::Code {
            text: "main()".into(),
        },
        Inline::Text {
            text: " first.".into(),
        },
    ];
    let set = ts.set_paragraph(&content, &style);
    let code = set.lines[0]
        .runs
        .iter()
        .find(|r| r.font == FaceKind::Mono.font_id())
        .expect("a run in the code face");
    assert!(
        (x_height(&ts, FaceKind::Mono, code.size) - x_height(&ts, FaceKind::Regular, 11.0)).abs()
            < 1e-3,
        "code at {} pt",
        code.size
    );
    let block_line = ts.set_line("main()", FaceKind::Mono, 9.75);
    assert!(block_line.runs.iter().all(|r| (r.size - 9.75).abs() < 1e-6));
}

#[test]
fn centred_lines_are_balanced_without_more_lines_or_hyphens() {
    let mut ts = typesetter();
    let style = ParagraphStyle::display(11.0, 250.0, FaceKind::Regular);
    let text = "Of making many books there is no end; and much study is a weariness.";
    // Broken at the measure alone, the second line holds a word or two.
    let prepared = ts.prepare(&inlines(text), &style);
    let plain = linebreak::break_lines(&prepared.items, style.measure, &ts.params(&style));
    assert_eq!(plain.lines.len(), 2);
    assert!(plain.lines[1].natural < 0.5 * plain.lines[0].natural);
    let set = ts.set_paragraph(&inlines(text), &style);
    assert_eq!(set.lines.len(), 2);
    let (first, second) = (set.lines[0].natural, set.lines[1].natural);
    assert!(
        second > 0.8 * first && first <= style.measure,
        "{first} {second}"
    );
    assert!(set.lines.iter().all(|l| !l.hyphenated && !l.overfull));
    // Still centred on the whole measure.
    let x = set.lines[0].runs[0].x;
    assert!(
        (x - (style.measure - set.lines[0].width) / 2.0).abs() < 0.01,
        "{x}"
    );
    // One line stays one line.
    let short = ts.set_paragraph(&inlines("Of making many books"), &style);
    assert_eq!(short.lines.len(), 1);
}

/// Issue from a technical book: before a word that fills a line alone
/// (a hash), the words that cannot share its line are set as one short
/// line, not one word a line ("A" / "SHA-256" / "digest:").
#[test]
fn words_before_an_unbreakable_word_share_one_short_line() {
    let mut ts = typesetter();
    let hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855,";
    let alone = ts.set_paragraph(&inlines(hash), &ParagraphStyle::body(11.0, 1000.0, 0.0));
    let width = alone.lines[0].natural;
    let text = format!("A SHA-256 digest: {hash} which is the digest of the empty string, printed here in full for the reader.");
    for extra in [4.0, 20.0, 40.0] {
        let set = ts.set_paragraph(
            &inlines(&text),
            &ParagraphStyle::body(11.0, width + extra, 0.0),
        );
        let first = &set.lines[0];
        assert_eq!(
            (first.first_word.as_str(), first.last_word.as_str()),
            ("A", "digest:"),
            "{}",
            drawn(first)
        );
        assert!(first.loose && set.overfull_lines() == 0);
        assert!(
            drawn(&set.lines[1]).starts_with("e3b0"),
            "{}",
            drawn(&set.lines[1])
        );
    }
}

/// A dotted name from code breaks before its dots, with no hyphen added,
/// rather than running past the measure.
#[test]
fn a_dotted_name_breaks_at_its_dots_without_a_hyphen() {
    let mut ts = typesetter();
    let name = "org.apache.zookeeper.server.quorum.QuorumPeerConfigWithAVeryLongName.";
    let text = format!("The configuration lives in a class whose name is far too long for any line: {name} After it the paragraph goes on with ordinary words, to see that the lines after it are justified.");
    let set = ts.set_paragraph(&inlines(&text), &ParagraphStyle::body(11.0, 250.0, 11.0));
    assert_eq!(set.overfull_lines(), 0);
    let lines: Vec<String> = set.lines.iter().map(drawn).collect();
    let split = lines
        .iter()
        .position(|l| l.contains("org.apache"))
        .expect("the name's start");
    assert!(!lines[split].ends_with('-'), "{lines:?}");
    assert!(lines[split + 1].starts_with('.'), "{lines:?}");
    // Nothing added at the break: the name reads back whole.
    assert!(lines.concat().contains(name), "{lines:?}");
}

/// No-break spaces that open a line after a hard break are the author's
/// indent: the line starts with them (as the EPUB shows them) and the
/// line before is untouched.
#[test]
fn no_break_spaces_after_a_hard_break_indent_the_line() {
    let mut ts = typesetter();
    let style = ParagraphStyle {
        align: Align::Left,
        ..ParagraphStyle::body(11.0, 300.0, 0.0)
    };
    let content = |lead: &str| {
        vec![
            Inline::Text {
                text: "The address".into(),
            },
            Inline::LineBreak,
            Inline::Text {
                text: format!("{lead}12\u{a0}Rue des Lilas"),
            },
        ]
    };
    let flush = ts.set_paragraph(&content(""), &style);
    let indented = ts.set_paragraph(&content("\u{a0}\u{a0}\u{a0}"), &style);
    assert_eq!(flush.lines.len(), 2);
    assert_eq!(indented.lines.len(), 2);
    let first_x = |set: &SetParagraph| set.lines[1].runs[0].x;
    let space = ts.set_line("a b", FaceKind::Regular, 11.0).natural
        - ts.set_line("ab", FaceKind::Regular, 11.0).natural;
    let shift = indented.lines[1].natural - flush.lines[1].natural;
    assert!(
        (shift - 3.0 * space).abs() < 0.5,
        "three no-break spaces widen the line by {shift}, a space is {space}"
    );
    assert!((first_x(&indented) - first_x(&flush)).abs() < 1e-3);
    let text = |set: &SetParagraph| -> String {
        set.lines[1]
            .runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(|g| g.text.as_str()))
            .collect()
    };
    // (A no-break space between words copies out as a space.)
    assert_eq!(text(&flush), "12 Rue des Lilas");
    assert_eq!(text(&indented), "\u{a0}\u{a0}\u{a0}12 Rue des Lilas");
    assert_eq!(flush.lines[0].natural, indented.lines[0].natural);
}

/// Code in running text breaks before one of its own hyphens, never
/// after one and never at an added hyphen: "--log" / "-level", as an
/// address breaks (a reviewer found "--log-" / "level", which reads as a
/// word hyphenated). Every width from 60 to 200 pt is tried, so the
/// break falls inside the code at some of them.
#[test]
fn code_in_text_breaks_before_its_hyphens() {
    let mut ts = typesetter();
    let content = vec![
        Inline::Text {
            text: "Run the tool with ".into(),
        },
        Inline::Code {
            text: "--log-level=debug-verbose".into(),
        },
        Inline::Text {
            text: " to see more of what it does.".into(),
        },
    ];
    let code = "--log-level=debug-verbose";
    let mut inside = 0;
    for measure in (60..200).step_by(5) {
        let style = ParagraphStyle::body(11.0, measure as f32, 0.0);
        let set = ts.set_paragraph(&content, &style);
        assert!(set.lines.iter().all(|l| !l.hyphenated), "{measure}");
        // The lines joined with no space, and where each one ends.
        let lines: Vec<String> = set.lines.iter().map(drawn).collect();
        let joined: String = lines.concat();
        let start = joined
            .find(code)
            .unwrap_or_else(|| panic!("{measure}: {lines:?}"));
        let mut end = 0;
        for line in &lines[..lines.len() - 1] {
            end += line.len();
            if end > start && end < start + code.len() {
                inside += 1;
                let (before, after) = joined.split_at(end);
                assert!(
                    after.starts_with('-') && !before.ends_with('-'),
                    "{measure}: {lines:?}"
                );
            }
        }
    }
    assert!(inside > 0, "no width broke the code");
}

/// Code with spaces in running text breaks at a space of its own, that
/// line set short at natural spacing, rather than inside an option at
/// one of its hyphens: a reviewer found `--log` / `-level=debug` under a
/// line of 1.98× spaces. At every width the options stay whole, and no
/// line is loose or overfull.
#[test]
fn code_with_spaces_breaks_at_them_not_inside_an_option() {
    let mut ts = typesetter();
    let code =
        "broker --config /etc/broker/broker.toml --data-dir /var/lib/broker/data --log-level=debug";
    let content = vec![
        Inline::Text {
            text: "Short snippets first. To start the broker, run ".into(),
        },
        Inline::Code { text: code.into() },
        Inline::Text {
            text: " and wait for the banner to say that it is ready.".into(),
        },
    ];
    let mut short = 0;
    for measure in (240..=400).step_by(4) {
        let style = ParagraphStyle::body(11.0, measure as f32, 0.0);
        let set = ts.set_paragraph(&content, &style);
        let lines: Vec<String> = set.lines.iter().map(drawn).collect();
        let dims: Vec<(f32, f32, f32)> = set
            .lines
            .iter()
            .map(|l| (l.width, l.natural, l.ratio))
            .collect();
        assert_eq!(set.overfull_lines(), 0, "{measure}: {lines:?} {dims:?}");
        assert!(set.lines.iter().all(|l| !l.loose), "{measure}: {lines:?}");
        for option in ["--config", "--data-dir", "--log-level=debug"] {
            assert!(
                lines.iter().any(|l| l.contains(option)),
                "{measure}: {option} split in {lines:?}"
            );
        }
        // Lines that end at a space inside the code are set short.
        short += set.lines[..set.lines.len() - 1]
            .iter()
            .filter(|l| l.width < measure as f32 - 11.0)
            .count();
    }
    assert!(short > 0, "no width broke the code at a space");
}
