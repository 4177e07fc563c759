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
