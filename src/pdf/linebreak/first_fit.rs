//! First-fit breaking, the word processor's way, scored like the optimum: what tests compare the optimum with.

use super::{
    fitness, is_legal_break, line_start, runt_demerits, Breaks, Item, Line, LineMeasure, Params,
    Sums, INFINITY,
};
use crate::pdf::units::Pt;

/// First-fit breaking (each line takes as much as fits, like a word
/// processor), scored with the same demerits. Returns `None` when some
/// line breaks `params`' limits (too loose, too long, too many flagged
/// lines in a row). Tests compare it with the optimum.
pub fn first_fit(items: &[Item], measure: Pt, params: &Params) -> Option<Breaks> {
    let sums = Sums::new(items, params);
    let measure64 = f64::from(measure);
    let last = items.len().checked_sub(1)?;
    let mut lines = Vec::new();
    let mut previous: Option<usize> = None;
    let mut demerits = 0.0f64;
    let mut prev_fitness = 1u8;
    let mut prev_flagged = false;
    let mut run = 0usize;
    while previous != Some(last) {
        let start = line_start(items, previous);
        // The furthest legal break that still fits; stop at a forced one.
        let mut chosen: Option<(usize, f64)> = None;
        for b in start..items.len() {
            if !is_legal_break(items, b, params) && b != last {
                continue;
            }
            let m = LineMeasure::of(items, &sums, start, b);
            let hang = f64::from(items[b].hang());
            let lead = previous.map_or(0.0, |p| f64::from(items[p].lead()));
            let ratio = m.ratio(measure64 + hang + lead, 0.0);
            let forced = matches!(items[b], Item::Penalty { penalty, .. } if penalty <= -INFINITY)
                || b == last;
            if ratio >= -1.0 {
                chosen = Some((b, ratio));
            } else {
                break;
            }
            if forced {
                break;
            }
        }
        let (b, ratio) = chosen?;
        let (penalty, flagged) = match items[b] {
            Item::Penalty {
                penalty, flagged, ..
            } => (f64::from(penalty), flagged),
            _ => (0.0, false),
        };
        if ratio > f64::from(params.tolerance) {
            return None;
        }
        run = if flagged { run + 1 } else { 0 };
        if run > params.max_flagged_in_row {
            return None;
        }
        let badness = (100.0 * ratio.abs().powi(3)).min(f64::from(INFINITY));
        let base = f64::from(params.line_penalty) + badness;
        let mut d = base * base;
        if penalty >= 0.0 {
            d += penalty * penalty;
        } else if penalty > -f64::from(INFINITY) {
            d -= penalty * penalty;
        }
        if flagged && prev_flagged {
            d += f64::from(params.double_hyphen_demerits);
        }
        if b == last {
            if prev_flagged {
                d += f64::from(params.final_hyphen_demerits);
            }
            d += runt_demerits(&sums, previous.is_some(), start, b, params);
        }
        let class = fitness(ratio);
        if class.abs_diff(prev_fitness) > 1 {
            d += f64::from(params.adj_demerits);
        }
        demerits += d;
        prev_fitness = class;
        prev_flagged = flagged;
        let m = LineMeasure::of(items, &sums, start, b);
        lines.push(Line {
            start,
            end: b,
            ratio: ratio as f32,
            natural: (m.natural + m.penalty_width) as f32,
            flagged,
            overfull: false,
            lead: previous.map_or(0.0, |p| items[p].lead()),
        });
        previous = Some(b);
    }
    Some(Breaks {
        lines,
        demerits,
        emergency: false,
    })
}
