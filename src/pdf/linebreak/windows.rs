//! Very long paragraphs broken window by window: total fit over overlapping stretches, so the cost stays linear in the length.

use super::{
    breaks_from, first_run, is_legal_break, Alternatives, Item, Line, Params, Sums, INFINITY,
};
use crate::pdf::units::Pt;

/// Paragraphs whose material would fill more lines than this are broken
/// window by window (see [`windowed`]): the total-fit search keeps a node
/// per feasible line count, and their number grows with the paragraph, so
/// its cost grows faster than the paragraph's length.
pub const WINDOW_THRESHOLD_LINES: f64 = 300.0;
/// Material in one window, in lines of the measure.
const WINDOW_LINES: f64 = 120.0;
/// Lines of each window's optimum that are kept; the rest are broken
/// again with the next window, so every kept line was chosen knowing at
/// least `WINDOW_LINES - WINDOW_KEEP` lines of what follows it.
const WINDOW_KEEP: usize = 80;

/// Where a breaking run starts: the paragraph's start, or just after a
/// break already chosen (a window after the first), whose line's state
/// carries over so the seam is scored as any other break.
#[derive(Debug, Clone, Copy)]
pub(super) struct Start {
    /// A line precedes (the paragraph's first line is not its last's runt).
    pub(super) continued: bool,
    /// Left protrusion allowed to the first line (from the break before it).
    pub(super) lead: f64,
    pub(super) fitness: u8,
    pub(super) flagged: bool,
    pub(super) flagged_run: u8,
    /// Keep the best way to each break for every line count (the
    /// paragraph's alternatives, one line shorter or longer, come from
    /// them), or only the best whatever the count (Knuth and Plass's
    /// original search: the same optimum, since no demerit depends on a
    /// line's number, and linear in the length, where the number of
    /// counts grows with it). A window before the last wants only its
    /// optimum: without counts, the 150,000-word paragraph breaks in
    /// 0.2 s instead of 1.4 s.
    pub(super) by_count: bool,
}

impl Start {
    pub(super) const PARAGRAPH: Start = Start {
        continued: false,
        lead: 0.0,
        fitness: 1,
        flagged: false,
        flagged_run: 0,
        by_count: true,
    };
}

/// Total-fit breaking of a very long paragraph in overlapping windows:
/// each window holds about `WINDOW_LINES` lines of material, ends as a
/// paragraph would (fill and a forced break) at a possible break, and is
/// broken optimally; its first `WINDOW_KEEP` lines are kept, and the next
/// window starts after them. The last window is broken as the end of the
/// paragraph, and its line counts are the paragraph's alternatives (one
/// line fewer or more, for pagination). Cost is linear in the length; the
/// only optimality given up is lookahead beyond a window. `None` for a
/// paragraph shorter than `WINDOW_THRESHOLD_LINES`, which is broken whole.
pub(super) fn windowed(items: &[Item], measure: Pt, params: &Params) -> Option<Alternatives> {
    windowed_past(items, measure, params, WINDOW_THRESHOLD_LINES)
}

/// `windowed` for paragraphs longer than `threshold` lines (tests use a
/// lower one: the whole optimum they compare with is slow to find).
fn windowed_past(
    items: &[Item],
    measure: Pt,
    params: &Params,
    threshold: f64,
) -> Option<Alternatives> {
    let measure64 = f64::from(measure).max(1.0);
    // The paragraph's natural width, summed as `Sums` sums it: every
    // paragraph asks, and only the longest need the sums themselves.
    let total = items.iter().fold(0.0f64, |w, item| match *item {
        Item::Box { width } | Item::Glue { width, .. } => w + f64::from(width),
        Item::Penalty { .. } => w,
    });
    if total / measure64 <= threshold {
        return None;
    }
    let sums = Sums::new(items, params);
    let mut kept: Vec<Line> = Vec::new();
    let mut demerits = 0.0f64;
    let mut emergency = false;
    let mut from = 0usize;
    let mut start = Start::PARAGRAPH;
    loop {
        let budget = sums.width[from] + WINDOW_LINES * measure64;
        // The first place past the budget where the line may break (a
        // word space, or a hyphen inside a word many lines long).
        let cut = (from + 1..items.len() - 1)
            .skip_while(|&i| sums.width[i] < budget)
            .find(|&i| is_legal_break(items, i, params));
        let Some(cut) = cut else {
            // The rest fits in one window: the paragraph's end.
            let mut last = breaks_from(&items[from..], measure, params, &start);
            for b in &mut last.by_lines {
                shift(&mut b.lines, from);
                let mut lines = kept.clone();
                lines.append(&mut b.lines);
                b.lines = lines;
                b.demerits += demerits;
                b.emergency |= emergency;
            }
            return Some(last);
        };
        let mut window = items[from..cut].to_vec();
        window.extend([
            Item::penalty(0.0, INFINITY, false),
            Item::fill(),
            Item::forced_break(),
        ]);
        let run = first_run(
            &window,
            measure,
            params,
            &Start {
                by_count: false,
                ..start
            },
        );
        let chain = run.chain(run.optimal_ending());
        let (mut lines, end_node) = if chain.len() >= 2 {
            // Keep up to WINDOW_KEEP lines, never the window's artificial
            // last: its end is no break of the paragraph.
            let keep = (chain.len() - 1).min(WINDOW_KEEP);
            (
                run.lines(&window, &chain[..keep]),
                run.nodes[chain[keep - 1]],
            )
        } else {
            // No break inside the window (one unbreakable run of material):
            // it is one line, ending at the cut.
            let mut lines = run.lines(&window, &chain);
            if let Some(line) = lines.last_mut() {
                line.end = cut - from;
            }
            let mut node = run.nodes[chain[0]];
            node.position = Some(cut - from);
            (lines, node)
        };
        let Some(position) = end_node.position else {
            unreachable!("a chain's nodes are breaks")
        };
        // Kept breaks lie inside the window, so every window moves on.
        debug_assert!(position < cut - from + 1);
        shift(&mut lines, from);
        kept.append(&mut lines);
        demerits += end_node.demerits;
        emergency |= run.emergency;
        from += position + 1;
        start = Start {
            continued: true,
            lead: f64::from(items[from - 1].lead()),
            fitness: end_node.fitness,
            flagged: end_node.flagged,
            flagged_run: end_node.flagged_run,
            by_count: true,
        };
    }
}

/// Moves item indices of `lines` by `by` (from a window to the paragraph).
fn shift(lines: &mut [Line], by: usize) {
    for line in lines {
        line.start += by;
        line.end += by;
    }
}

#[cfg(test)]
mod tests {
    use super::super::{all_line_counts, Alternatives, Breaks};
    use super::*;

    /// `words` words of 1–3 fragments of varied widths (a fixed sequence),
    /// as the paragraph engine builds them, ending as a paragraph does.
    fn paragraph(words: usize) -> Vec<Item> {
        let mut items = Vec::new();
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % 1000
        };
        for w in 0..words {
            if w > 0 {
                items.push(Item::glue(3.0, 1.5, 1.0));
            }
            let fragments = 1 + next() % 3;
            for f in 0..fragments {
                if f > 0 {
                    items.push(Item::penalty(3.5, 50.0, true));
                }
                items.push(Item::Box {
                    width: 6.0 + (next() % 200) as f32 / 10.0,
                });
            }
        }
        items.push(Item::penalty(0.0, INFINITY, false));
        items.push(Item::fill());
        items.push(Item::forced_break());
        items
    }

    /// Lines follow each other with nothing lost or repeated.
    fn assert_contiguous(items: &[Item], lines: &[Line]) {
        let mut previous = None;
        for line in lines {
            assert_eq!(line.start, super::super::line_start(items, previous));
            assert!(line.end >= line.start);
            previous = Some(line.end);
        }
        assert_eq!(
            previous,
            Some(items.len() - 1),
            "ends at the paragraph's end"
        );
    }

    #[test]
    fn without_line_counts_the_optimum_is_the_same_for_fewer_nodes() {
        let items = paragraph(1_000);
        let params = Params::default();
        let by_count = first_run(&items, 300.0, &params, &Start::PARAGRAPH);
        let start = Start {
            by_count: false,
            ..Start::PARAGRAPH
        };
        let best_only = first_run(&items, 300.0, &params, &start);
        let demerits = |r: &super::super::Run| r.nodes[r.optimal_ending()].demerits;
        assert_eq!(demerits(&best_only), demerits(&by_count));
        let breaks = |r: &super::super::Run| r.lines(&items, &r.chain(r.optimal_ending()));
        assert_eq!(breaks(&best_only), breaks(&by_count));
        assert!(
            best_only.nodes.len() * 2 < by_count.nodes.len(),
            "{} nodes vs {}",
            best_only.nodes.len(),
            by_count.nodes.len()
        );
    }

    #[test]
    fn paragraphs_below_the_threshold_are_broken_whole() {
        let items = paragraph(500);
        assert!(windowed(&items, 300.0, &Params::default()).is_none());
    }

    #[test]
    fn a_long_paragraph_is_broken_in_windows_near_the_optimum() {
        // About 150 lines in windows of 120 (two windows), so the
        // whole-paragraph optimum is still affordable to compare with.
        let items = paragraph(1_300);
        let params = Params::default();
        let windows = windowed_past(&items, 300.0, &params, 100.0).expect("long enough");
        let whole: Alternatives = breaks_from(&items, 300.0, &params, &Start::PARAGRAPH);
        let (w, o) = (windows.optimal(), whole.optimal());
        assert_contiguous(&items, &w.lines);
        assert_eq!(w.overfull_lines(), 0);
        assert_eq!(w.emergency, o.emergency);
        // Lookahead of a third of a window loses almost nothing.
        assert!(
            w.demerits <= o.demerits * 1.01,
            "windows {} vs whole {}",
            w.demerits,
            o.demerits
        );
        let lines = |b: &Breaks| b.lines.len() as i64;
        assert!((lines(w) - lines(o)).abs() <= 1);
        // The alternatives pagination asks for exist, as for any paragraph.
        assert!(windows.with_lines(w.lines.len() + 1).is_some());
    }

    #[test]
    fn all_line_counts_takes_windows_past_the_threshold() {
        let items = paragraph(4_000);
        let params = Params::default();
        let windows = windowed(&items, 300.0, &params).expect("long enough");
        assert_eq!(all_line_counts(&items, 300.0, &params), windows);
        assert_contiguous(&items, &windows.optimal().lines);
    }

    #[test]
    fn a_word_many_lines_long_is_cut_at_its_own_breaks() {
        // One word of 3,000 fragments between two short words, its breaks
        // unflagged as the engine makes them in a word wider than the
        // measure: lines of hyphenated fragments, none overfull.
        let mut items = vec![Item::Box { width: 20.0 }, Item::glue(3.0, 1.5, 1.0)];
        for f in 0..3_000 {
            if f > 0 {
                items.push(Item::penalty(3.5, 50.0, false));
            }
            items.push(Item::Box { width: 30.0 });
        }
        items.extend([
            Item::glue(3.0, 1.5, 1.0),
            Item::Box { width: 20.0 },
            Item::penalty(0.0, INFINITY, false),
            Item::fill(),
            Item::forced_break(),
        ]);
        let breaks = all_line_counts(&items, 300.0, &Params::default()).select(0);
        assert_contiguous(&items, &breaks.lines);
        assert_eq!(breaks.overfull_lines(), 0);
        assert!(breaks.lines.len() >= 300, "{} lines", breaks.lines.len());
    }
}
