//! Property tests for the Knuth–Plass line breaker: no line wider than the measure, every box once and in order, never three flagged lines in a row, the optimum never worse than first-fit.

use bookpack::pdf::linebreak::{break_lines, first_fit, Breaks, Item, Params, INFINITY};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

mod common;

/// A word: box widths of its hyphenation fragments.
fn word() -> impl Strategy<Value = Vec<f32>> {
    prop::collection::vec(4.0f32..30.0, 1..4)
}

/// A paragraph: words separated by glue, hyphen penalties between fragments,
/// ending with fill and a forced break (what `paragraph.rs` builds).
fn paragraph() -> impl Strategy<Value = Vec<Item>> {
    prop::collection::vec(word(), 1..80).prop_map(|words| {
        let mut items = Vec::new();
        for (i, fragments) in words.iter().enumerate() {
            if i > 0 {
                items.push(Item::glue(2.4, 1.2, 0.8));
            }
            for (k, width) in fragments.iter().enumerate() {
                if k > 0 {
                    items.push(Item::penalty(3.0, 100.0, true));
                }
                items.push(Item::Box { width: *width });
            }
        }
        items.push(Item::penalty(0.0, INFINITY, false));
        items.push(Item::fill());
        items.push(Item::forced_break());
        items
    })
}

fn box_indices(items: &[Item]) -> Vec<usize> {
    (0..items.len())
        .filter(|&i| matches!(items[i], Item::Box { .. }))
        .collect()
}

/// Width at full shrink of a line, penalty width included.
fn tight_width(items: &[Item], start: usize, end: usize) -> f32 {
    let (mut natural, mut shrink) = (0.0, 0.0);
    for item in &items[start..end] {
        match *item {
            Item::Box { width } => natural += width,
            Item::Glue {
                width, shrink: z, ..
            } => {
                natural += width;
                shrink += z;
            }
            Item::Penalty { .. } => {}
        }
    }
    if let Item::Penalty { width, .. } = items[end] {
        natural += width;
    }
    natural - shrink
}

fn check(items: &[Item], measure: f32, breaks: &Breaks) -> Result<(), TestCaseError> {
    // Every box on exactly one line, in order.
    let mut seen = Vec::new();
    let mut previous_end = None;
    for line in &breaks.lines {
        prop_assert!(line.start <= line.end);
        if let Some(p) = previous_end {
            prop_assert!(line.start > p, "lines overlap");
        }
        seen.extend((line.start..line.end).filter(|&i| matches!(items[i], Item::Box { .. })));
        previous_end = Some(line.end);
    }
    prop_assert_eq!(seen, box_indices(items));
    prop_assert_eq!(previous_end, Some(items.len() - 1));
    // No line wider than the measure (every box is narrower than it).
    for line in &breaks.lines {
        let tight = tight_width(items, line.start, line.end);
        prop_assert!(
            tight <= measure + 1e-3,
            "line {:?} is {} wide at full shrink",
            line,
            tight
        );
        prop_assert!(!line.overfull);
    }
    // Never three flagged lines in a row.
    let mut run = 0;
    for line in &breaks.lines {
        run = if line.flagged { run + 1 } else { 0 };
        prop_assert!(run <= 2);
    }
    Ok(())
}

proptest! {
    #![proptest_config(common::proptest_config(128))]

    #[test]
    fn breaks_are_sound(items in paragraph(), measure in 60.0f32..320.0) {
        let breaks = break_lines(&items, measure, &Params::default());
        check(&items, measure, &breaks)?;
    }

    #[test]
    fn optimum_is_never_worse_than_first_fit(items in paragraph(), measure in 60.0f32..320.0) {
        // A generous tolerance, so first-fit is often feasible to compare.
        let params = Params { tolerance: 4.0, ..Params::default() };
        let optimum = break_lines(&items, measure, &params);
        if let Some(greedy) = first_fit(&items, measure, &params) {
            // First-fit stayed within tolerance, so the first pass succeeds
            // and its optimum can only be as good or better.
            prop_assert!(!optimum.emergency);
            prop_assert!(optimum.demerits <= greedy.demerits + 1e-6,
                "optimum {} > first-fit {}", optimum.demerits, greedy.demerits);
        }
    }

    #[test]
    fn looseness_changes_the_line_count_by_at_most_its_amount(
        items in paragraph(), measure in 120.0f32..320.0, looseness in -1i32..=1
    ) {
        let normal = break_lines(&items, measure, &Params::default());
        let params = Params { looseness, ..Params::default() };
        let varied = break_lines(&items, measure, &params);
        check(&items, measure, &varied)?;
        let delta = varied.lines.len() as i64 - normal.lines.len() as i64;
        prop_assert!(delta.abs() <= 1 && delta * i64::from(looseness) >= 0);
    }

    /// Runt demerits never make a runt where the paragraph had none, and
    /// with them the optimum with the first-fit comparison still holds.
    #[test]
    fn runt_demerits_never_add_a_runt(items in paragraph(), measure in 60.0f32..320.0) {
        let plain = break_lines(&items, measure, &Params::default());
        let params = Params { runt_demerits: 1.0e6, ..Params::default() };
        let avoided = break_lines(&items, measure, &params);
        check(&items, measure, &avoided)?;
        prop_assert_eq!(avoided.emergency, plain.emergency);
        prop_assert!(usize::from(runt(&items, &avoided)) <= usize::from(runt(&items, &plain)));
        let generous = Params { tolerance: 4.0, ..params };
        if let Some(greedy) = first_fit(&items, measure, &generous) {
            prop_assert!(break_lines(&items, measure, &generous).demerits <= greedy.demerits + 1e-6);
        }
    }

    #[test]
    fn a_tighter_limit_on_flagged_lines_is_honoured(items in paragraph(), measure in 60.0f32..200.0) {
        let params = Params { max_flagged_in_row: 1, ..Params::default() };
        let breaks = break_lines(&items, measure, &params);
        let mut run = 0;
        for line in &breaks.lines {
            run = if line.flagged { run + 1 } else { 0 };
            prop_assert!(run <= 1);
        }
    }
}

/// Whether the paragraph's last line (of several) holds no word space.
fn runt(items: &[Item], breaks: &Breaks) -> bool {
    let n = breaks.lines.len();
    n > 1 && {
        let last = &breaks.lines[n - 1];
        !items[last.start..last.end]
            .iter()
            .any(|i| matches!(i, Item::Glue { fill: false, .. }))
    }
}

/// Small table: a paragraph of equal words breaks where arithmetic says.
#[test]
fn equal_words_fill_lines_evenly() {
    // Ten 20 pt words, 5 pt spaces: at a measure of 95 pt four words fit
    // exactly (4×20 + 3×5), so lines of 4, 4 and a last line of 2.
    let mut items = Vec::new();
    for i in 0..10 {
        if i > 0 {
            items.push(Item::glue(5.0, 2.5, 1.5));
        }
        items.push(Item::Box { width: 20.0 });
    }
    items.push(Item::penalty(0.0, INFINITY, false));
    items.push(Item::fill());
    items.push(Item::forced_break());
    let breaks = break_lines(&items, 95.0, &Params::default());
    let words_per_line: Vec<usize> = breaks
        .lines
        .iter()
        .map(|l| {
            (l.start..l.end)
                .filter(|&i| matches!(items[i], Item::Box { .. }))
                .count()
        })
        .collect();
    assert_eq!(words_per_line, [4, 4, 2]);
    assert_eq!(breaks.lines[0].ratio, 0.0);
    assert!(!breaks.emergency);
}

/// Demerits for a hyphen on the last full line move the break elsewhere.
#[test]
fn final_hyphen_demerits_steer_the_break() {
    // aaaa-bbbb cccc dddd: breaking after "aaaa-" or after "bbbb".
    let items = vec![
        Item::Box { width: 40.0 },
        Item::penalty(3.0, 0.0, true),
        Item::Box { width: 40.0 },
        Item::glue(5.0, 20.0, 2.0),
        Item::Box { width: 40.0 },
        Item::penalty(0.0, INFINITY, false),
        Item::fill(),
        Item::forced_break(),
    ];
    let loose = Params {
        tolerance: 10.0,
        final_hyphen_demerits: 0.0,
        ..Params::default()
    };
    let strict = Params {
        final_hyphen_demerits: 1e9,
        ..loose
    };
    let cheap = break_lines(&items, 46.0, &loose);
    let costly = break_lines(&items, 46.0, &strict);
    let second_last_flagged = |b: &Breaks| b.lines.iter().rev().nth(1).is_some_and(|l| l.flagged);
    assert!(!second_last_flagged(&costly), "{costly:?}");
    assert!(cheap.demerits <= costly.demerits);
}

/// The properties can fail: first-fit is sometimes strictly worse, so the
/// comparison is not vacuous.
#[test]
fn first_fit_is_sometimes_strictly_worse() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut strictly_worse = 0;
    for _ in 0..200 {
        let items = paragraph().new_tree(&mut runner).unwrap().current();
        let params = Params {
            tolerance: 4.0,
            ..Params::default()
        };
        let optimum = break_lines(&items, 200.0, &params);
        if let Some(greedy) = first_fit(&items, 200.0, &params) {
            if greedy.demerits > optimum.demerits + 1.0 {
                strictly_worse += 1;
            }
        }
    }
    assert!(strictly_worse >= 10, "{strictly_worse}");
}

mod engine {
    //! The whole paragraph engine on arbitrary text: no panic, nothing
    //! lost, no line past the measure unless a single word is wider.

    use bookpack::model::Inline;
    use bookpack::pdf::fontset::FontSet;
    use bookpack::pdf::hyphenate::Hyphenator;
    use bookpack::pdf::paragraph::{Align, ParagraphStyle, SetLine, Typesetter, BREAK_HYPHEN_TEXT};
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        // Words, spaces, no-break spaces, soft hyphens, hyphens, dashes,
        // quotes, digits, accents and the odd character the font lacks.
        prop::collection::vec(
            prop_oneof![
                8 => "[a-zA-Z]{1,14}",
                3 => Just(" ".to_string()),
                1 => Just("\u{a0}".to_string()),
                1 => Just("\u{ad}".to_string()),
                1 => Just("-".to_string()),
                1 => Just("—".to_string()),
                1 => "[“”‘’,.;:!?()0-9]",
                1 => "[éàöçñ]",
                1 => Just("\u{4e2d}".to_string()),
            ],
            0..60,
        )
        .prop_map(|parts| parts.concat())
    }

    /// Whether a line stays within the measure but for protrusion:
    /// punctuation hangs into each margin by a fraction of one glyph (at
    /// most 0.6 of a full stop or hyphen on the right, half an opening
    /// quote on the left), a few points at 11 pt. The two margins are
    /// bounded apart: a line that opens with “ and ends in a hyphen
    /// protrudes on both sides (2.3 + 2.1 pt), more than either allows.
    fn within_margins(line: &SetLine, measure: f32) -> bool {
        const MARGIN_SLACK: f32 = 4.0;
        (0.0..=MARGIN_SLACK).contains(&line.lead)
            && line.width - line.lead <= measure + MARGIN_SLACK
    }

    #[test]
    fn a_line_may_protrude_into_both_margins() {
        // The scale helper's failing case of `never_panics_and_keeps_every_character`
        // (justified, measures 136.5–150.75 pt): the first line opens with
        // “ and ends in a break hyphen, 4.1–4.5 pt wider than the measure.
        let t = "AK “kAaaAAAAAaa?AAa-—KçMm\u{ad}aaK";
        let mut ts = Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap());
        let mut both = 0;
        for step in 0..=60 {
            let measure = 136.5 + step as f32 * 0.25;
            let set = ts.set_paragraph(
                &[Inline::Text {
                    text: t.to_string(),
                }],
                &ParagraphStyle::body(11.0, measure, 0.0),
            );
            for line in set.lines.iter().filter(|l| !l.overfull) {
                assert!(within_margins(line, measure), "{measure}: {line:?}");
                if line.lead > 0.0 && line.width - line.lead > measure {
                    both += 1;
                }
            }
        }
        assert!(
            both > 0,
            "no line protruded into both margins: the case no longer tests that"
        );
    }

    proptest! {
        #![proptest_config(crate::common::proptest_config(64))]

        #[test]
        fn never_panics_and_keeps_every_character(
            t in text(),
            measure in 20.0f32..320.0,
            align in prop_oneof![Just(Align::Justify), Just(Align::Left), Just(Align::Center)],
        ) {
            let mut ts = Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap());
            let style = ParagraphStyle { align, ..ParagraphStyle::body(11.0, measure, 0.0) };
            let set = ts.set_paragraph(&[Inline::Text { text: t.clone() }], &style);
            let mut got = String::new();
            for line in &set.lines {
                let glyphs: Vec<_> = line.runs.iter().flat_map(|r| &r.glyphs).collect();
                let kept = if line.hyphenated {
                    // The break hyphen is the line's last glyph.
                    prop_assert_eq!(glyphs.last().map(|g| g.text.as_str()), Some(BREAK_HYPHEN_TEXT));
                    &glyphs[..glyphs.len() - 1]
                } else {
                    &glyphs[..]
                };
                for g in kept {
                    got.extend(g.text.chars().filter(|c| !c.is_whitespace()));
                }
                if !line.hyphenated && line.ends_in_hyphen {
                    // A typed "-" that ends a line reads U+2010 (which
                    // extractors keep); the hyphens are compared as one.
                    let last = glyphs.last().map(|g| g.text.as_str());
                    prop_assert!(matches!(last, Some("\u{2010}") | Some("\u{2014}") | Some("\u{2013}")), "{last:?}");
                }
                if !line.overfull {
                    prop_assert!(within_margins(line, measure), "{line:?}");
                }
            }
            let want: String = t.chars().filter(|c| !c.is_whitespace() && *c != '\u{ad}').collect();
            let one_hyphen = |s: &str| s.replace('\u{2010}', "-");
            prop_assert_eq!(one_hyphen(&got), one_hyphen(&want));
        }

        #[test]
        fn mixed_inlines_never_panic(
            parts in prop::collection::vec((text(), 0u8..5), 0..8),
            measure in 20.0f32..320.0,
        ) {
            let mut ts = Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap());
            let content: Vec<Inline> = parts
                .into_iter()
                .enumerate()
                .map(|(n, (t, kind))| match kind {
                    0 => Inline::Text { text: t },
                    1 => Inline::Emphasis { content: vec![Inline::Text { text: t }] },
                    2 => Inline::Strong { content: vec![Inline::Text { text: t }] },
                    3 => Inline::LineBreak,
                    _ => Inline::NoteRef { number: n as u32 + 1, first: true, id: format!("noteref-{n}") },
                })
                .collect();
            let set = ts.set_paragraph_variants(&content, &ParagraphStyle::body(11.0, measure, 11.0));
            for line in &set.best.lines {
                prop_assert!(line.width.is_finite() && line.natural.is_finite());
                for run in &line.runs {
                    prop_assert!(run.x.is_finite() && run.glyphs.iter().all(|g| g.advance.is_finite()));
                }
            }
            let notes = content.iter().filter(|i| matches!(i, Inline::NoteRef { .. })).count();
            let marks: usize = set.best.lines.iter().map(|l| l.note_refs.len()).sum();
            prop_assert_eq!(marks, notes);
        }
    }
}
