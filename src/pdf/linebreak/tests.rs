//! The breaker's passes and the word-space cap on small hand-made paragraphs.

use super::*;

/// Words of `widths` separated by word spaces of 4 pt (stretch 2, shrink
/// 1), ending as a paragraph does.
fn words(widths: &[f32]) -> Vec<Item> {
    let mut items = Vec::new();
    for (i, &width) in widths.iter().enumerate() {
        if i > 0 {
            items.push(Item::glue(4.0, 2.0, 1.0));
        }
        items.push(Item::Box { width });
    }
    items.push(Item::penalty(0.0, INFINITY, false));
    items.push(Item::fill());
    items.push(Item::forced_break());
    items
}

/// Four words end the first line loose (92 pt on 100, ratio 1.33); a
/// fifth sets it tight (104.8 pt, ratio −1.2). Neither fits the first pass.
fn loose_or_tight() -> Vec<Item> {
    words(&[20.0, 20.0, 20.0, 20.0, 8.8, 30.0, 30.0])
}

#[test]
fn the_second_pass_weighs_a_tight_line_against_a_loose_one() {
    let items = loose_or_tight();
    let tight = Params {
        emergency_shrink: 1.32,
        ..Params::default()
    };
    let breaks = break_lines(&items, 100.0, &tight);
    assert!(breaks.emergency);
    assert_eq!(breaks.lines.len(), 2);
    let first = breaks.lines[0];
    assert_eq!(first.end, 9, "after the fifth word");
    assert!((first.ratio + 1.2).abs() < 1e-3, "{}", first.ratio);

    // Without room to squeeze, only the loose line is left.
    let breaks = break_lines(&items, 100.0, &Params::default());
    assert_eq!(breaks.lines[0].end, 7, "after the fourth word");
    assert!((breaks.lines[0].ratio - 4.0 / 3.0).abs() < 1e-3);
}

/// A compound of six parts joined by hyphens (flagged breaks, no spaces)
/// in a measure of two parts: the limit of two flagged lines in a row
/// would leave a line past the measure, so it is lifted; where the limit
/// can be kept without one, it is.
#[test]
fn the_limit_on_hyphens_in_a_row_gives_way_only_to_an_overfull_line() {
    let compound = |parts: usize| {
        let mut items = Vec::new();
        for k in 0..parts {
            if k > 0 {
                items.push(Item::Penalty {
                    width: 0.0,
                    penalty: 50.0,
                    flagged: true,
                    hang: 0.0,
                });
            }
            items.push(Item::Box { width: 30.0 });
        }
        items.push(Item::penalty(0.0, INFINITY, false));
        items.push(Item::fill());
        items.push(Item::forced_break());
        items
    };
    let params = Params {
        hyphenate: true,
        ..Params::default()
    };
    let breaks = break_lines(&compound(6), 65.0, &params);
    assert!(breaks.lines.iter().all(|l| !l.overfull), "{breaks:?}");
    assert_eq!(breaks.lines.len(), 3);
    assert!(breaks.lines[..2].iter().all(|l| l.flagged));
    // Five parts: the same three lines, two of them ending in a hyphen.
    let breaks = break_lines(&compound(5), 65.0, &params);
    assert!(breaks.lines.iter().all(|l| !l.overfull));
    // Eight parts need three hyphens in a row: lifted, none overfull.
    let breaks = break_lines(&compound(8), 65.0, &params);
    assert!(breaks.lines.iter().all(|l| !l.overfull), "{breaks:?}");
    let mut run = 0;
    let most = breaks
        .lines
        .iter()
        .map(|l| {
            run = if l.flagged { run + 1 } else { 0 };
            run
        })
        .max();
    assert_eq!(most, Some(3));
}

#[test]
fn a_line_whose_spaces_would_gape_costs_the_cap_demerits() {
    // The first line lacks 8 pt over three spaces of 4 pt: 1.67× natural,
    // within a cap of 1.8 but past one of 1.5.
    let items = loose_or_tight();
    let cap = |factor: f32| SpaceCap {
        factor,
        space_stretch: 0.5,
        letter_reach: 1.0,
        box_reach: 1.5,
        demerits: 1.0e6,
        short_factor: 3.0,
    };
    let plain = break_lines(&items, 100.0, &Params::default());
    let within = break_lines(
        &items,
        100.0,
        &Params {
            space_cap: Some(cap(1.8)),
            ..Params::default()
        },
    );
    assert_eq!(within, plain);
    let past = break_lines(
        &items,
        100.0,
        &Params {
            space_cap: Some(cap(1.5)),
            ..Params::default()
        },
    );
    assert_eq!(past.lines, plain.lines, "nothing else fits");
    // 8 pt lacking, 6 pt within the cap: 2 pt past over 12 pt of spaces.
    let grow = 1.0 + 10.0 * (2.0 / 12.0);
    let extra = past.demerits - plain.demerits;
    assert!((extra - 1.0e6 * grow * grow).abs() < 1.0, "{extra}");
}

mod pruning {
    use super::*;
    use proptest::prelude::*;

    /// Paragraphs with what makes lines' totals differ: word fragments
    /// with hyphen penalties, opening quotes that may lead into the
    /// margin, stops that may hang, forced breaks with fill, and
    /// ragged-right glue pairs and lone glue of negative stretch (where
    /// a shorter line may have more stretch than a longer one).
    fn paragraph() -> impl Strategy<Value = Vec<Item>> {
        let word = (
            prop::collection::vec(2.0f32..30.0, 1..4),
            0u8..8,
            0.0f32..8.0,
        );
        (prop::collection::vec(word, 1..60), any::<bool>()).prop_map(|(words, ragged)| {
            let mut items = Vec::new();
            for (i, (fragments, kind, protrusion)) in words.iter().enumerate() {
                if i > 0 {
                    match kind {
                        0 => {
                            items.push(Item::fill());
                            items.push(Item::forced_break());
                        }
                        1 => items.push(Item::Glue {
                            width: 2.4,
                            stretch: 1.2,
                            shrink: 0.8,
                            fill: false,
                            hang: *protrusion,
                            lead: 0.0,
                        }),
                        2 => items.push(Item::Glue {
                            width: 2.4,
                            stretch: 1.2,
                            shrink: 0.8,
                            fill: false,
                            hang: 0.0,
                            lead: *protrusion,
                        }),
                        3 if ragged => items.push(Item::glue(2.4, -8.0, 0.8)),
                        _ if ragged => {
                            items.push(Item::glue(0.0, 12.0, 0.0));
                            items.push(Item::penalty(0.0, 0.0, false));
                            items.push(Item::glue(2.4, -12.0, 0.0));
                        }
                        _ => items.push(Item::glue(2.4, 1.2, 0.8)),
                    }
                }
                for (k, width) in fragments.iter().enumerate() {
                    if k > 0 {
                        items.push(Item::Penalty {
                            width: 3.0,
                            penalty: 50.0,
                            flagged: true,
                            hang: *protrusion / 2.0,
                        });
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

    fn alternatives(run: &Run, items: &[Item]) -> Alternatives {
        run.alternatives(items)
    }

    proptest! {
        #![proptest_config(crate::proptest_seed::config(256))]

        /// Skipping the lines too short to break changes nothing: every
        /// line count's breaks, ratios and demerits are those of the
        /// search that measures every line.
        #[test]
        fn skipping_short_lines_finds_the_same_breaks(
            items in paragraph(),
            measure in 40.0f32..260.0,
            expansion in prop::option::of(0.01f32..0.05),
            tolerance in 0.5f32..3.0,
        ) {
            let params = Params {
                tolerance,
                box_stretch: expansion.unwrap_or(0.0),
                box_shrink: expansion.unwrap_or(0.0),
                emergency_stretch: 6.0,
                ..Params::default()
            };
            for start in [
                Start::PARAGRAPH,
                Start { by_count: false, lead: 1.5, continued: true, ..Start::PARAGRAPH },
            ] {
                let pruned = first_run_pruned(&items, measure, &params, &start, true);
                let full = first_run_pruned(&items, measure, &params, &start, false);
                prop_assert_eq!(pruned.emergency, full.emergency);
                prop_assert_eq!(alternatives(&pruned, &items), alternatives(&full, &items));
            }
        }
    }
}
