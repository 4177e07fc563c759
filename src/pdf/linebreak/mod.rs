//! Line breaking: Knuth–Plass total-fit over boxes, glue and penalties (Knuth & Plass, "Breaking paragraphs into lines", 1981).
//!
//! The breaker sees only widths. A paragraph is a list of [`Item`]s; a
//! break may fall at a penalty below [`INFINITY`] or at glue that follows
//! a box. Every line between two breaks gets an adjustment ratio (how far
//! its glue stretches or shrinks), a badness 100·|r|³, and demerits
//! (line penalty + badness)² ± penalty², plus extra demerits for two
//! flagged (hyphenated) lines in a row, for a hyphen on the last full line,
//! for a last line of a single word (a runt),
//! for adjacent lines of very different tightness (fitness classes), and
//! for a line whose word spaces the setter would have to open past a cap
//! (`spaces.rs`: the ratio alone does not tell a line of long words, whose
//! glyphs and letter gaps take its slack, from one of short words).
//! The chosen breaks minimise the paragraph's total demerits.
//!
//! Beyond the paper: a hard limit on consecutive flagged lines (a node
//! remembers how many flagged lines end at it), the line count kept in each
//! node so TeX's `\looseness` alternatives (one line more or fewer) come
//! from the same run, protrusion (a break may let its last glyph hang
//! into the margin by `hang`), font expansion (boxes may stretch and
//! shrink by a fraction of their width, `Params::box_stretch`), and four passes: `tolerance`; then
//! `emergency_tolerance` with `emergency_shrink`; then that plus
//! `emergency_stretch`; then a rescue that accepts an overfull line only
//! when nothing else exists (a word wider than the measure), and when it
//! had to, the rescue again without the limit on flagged lines in a row
//! (kept if it needs fewer overfull lines). A paragraph
//! of more than a few hundred lines is broken window by window
//! (`windows.rs`), so its cost stays linear in its length.

use crate::pdf::units::Pt;

mod first_fit;
mod spaces;
mod windows;

pub use first_fit::first_fit;
pub use spaces::SpaceCap;
pub use windows::WINDOW_THRESHOLD_LINES;
use windows::{windowed, Start};

/// A penalty at or above this never breaks; at or below its negation always does.
pub const INFINITY: f32 = 10_000.0;

/// One element of a paragraph, as Knuth and Plass define them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Material of fixed width (a word or a piece of one).
    Box { width: Pt },
    /// Space that may stretch or shrink; a break here discards it.
    /// `fill` is infinite stretch (`\parfillskip`): when a line holds any,
    /// the ordinary stretch stays at its natural width. `hang` is how far
    /// the line may extend past the measure if it breaks here (the last
    /// glyph's protrusion); `lead` how far the next line's first glyph may
    /// reach into the left margin (an opening quote).
    Glue {
        width: Pt,
        stretch: Pt,
        shrink: Pt,
        fill: bool,
        hang: Pt,
        lead: Pt,
    },
    /// A possible break costing `penalty`; `width` is added to the line
    /// when it breaks here (a hyphen). `flagged` marks hyphen breaks.
    Penalty {
        width: Pt,
        penalty: f32,
        flagged: bool,
        hang: Pt,
    },
}

impl Item {
    pub fn glue(width: Pt, stretch: Pt, shrink: Pt) -> Item {
        Item::Glue {
            width,
            stretch,
            shrink,
            fill: false,
            hang: 0.0,
            lead: 0.0,
        }
    }

    /// Infinite stretch, as at the end of a paragraph.
    pub fn fill() -> Item {
        Item::Glue {
            width: 0.0,
            stretch: 0.0,
            shrink: 0.0,
            fill: true,
            hang: 0.0,
            lead: 0.0,
        }
    }

    pub fn penalty(width: Pt, penalty: f32, flagged: bool) -> Item {
        Item::Penalty {
            width,
            penalty,
            flagged,
            hang: 0.0,
        }
    }

    /// A break that must happen.
    pub fn forced_break() -> Item {
        Item::penalty(0.0, -INFINITY, false)
    }

    fn is_box(&self) -> bool {
        matches!(self, Item::Box { .. })
    }

    /// Left protrusion allowed to the line after a break here.
    fn lead(&self) -> Pt {
        match *self {
            Item::Glue { lead, .. } => lead,
            _ => 0.0,
        }
    }

    fn hang(&self) -> Pt {
        match *self {
            Item::Glue { hang, .. } | Item::Penalty { hang, .. } => hang,
            Item::Box { .. } => 0.0,
        }
    }
}

/// The knobs, with TeX-like defaults tuned for book pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Largest adjustment ratio of a feasible line in the first pass.
    pub tolerance: f32,
    /// Largest ratio in the second pass (which may also shrink lines to
    /// `emergency_shrink`), and in the third (which adds `emergency_stretch`).
    pub emergency_tolerance: f32,
    /// Stretch added to every line in the emergency pass (`\emergencystretch`).
    pub emergency_stretch: Pt,
    /// How far past full shrink (ratio −1) the passes after the first may
    /// squeeze a line, as a ratio ≥ 1: a slightly tight line reads better
    /// than a loose one when nothing else fits. The second pass weighs the
    /// two by badness: on the first book a two-line paragraph whose first
    /// line could only be loose (ratio 1.58, spaces 1.87× natural) is set
    /// tight instead (ratio −1.22) when nothing else fits.
    pub emergency_shrink: f32,
    /// Added to every line's badness before squaring (`\linepenalty`).
    pub line_penalty: f32,
    /// For adjacent lines whose fitness classes differ by more than one (`\adjdemerits`).
    pub adj_demerits: f32,
    /// For two flagged lines in a row (`\doublehyphendemerits`).
    pub double_hyphen_demerits: f32,
    /// For a flagged break on the last full line (`\finalhyphendemerits`).
    pub final_hyphen_demerits: f32,
    /// Most flagged lines allowed in a row; more is never chosen.
    pub max_flagged_in_row: usize,
    /// Lines more (positive) or fewer (negative) than optimal, if feasible
    /// (`\looseness`); the nearest feasible count is taken otherwise.
    pub looseness: i32,
    /// Whether breaks at flagged penalties with a width (added hyphens) may be taken.
    pub hyphenate: bool,
    /// Stretch and shrink of every box, as fractions of its width: font
    /// expansion (pdfTeX's `\pdfadjustspacing`, after Hàn Thế Thành), where
    /// a justified line may widen or narrow its glyphs by a few per cent.
    /// A line's glyphs then add `box_stretch × width` to its stretch.
    pub box_stretch: f32,
    pub box_shrink: f32,
    /// For a paragraph whose last line holds a single word (a *runt*,
    /// which leaves a hole under a full line), as `\finalhyphendemerits`
    /// is for a hyphen there. Only when the paragraph has other lines.
    pub runt_demerits: f32,
    /// Demerits for lines whose word spaces the setter would open past a
    /// cap (see [`SpaceCap`]); `None` prices lines by their ratio alone.
    pub space_cap: Option<SpaceCap>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            tolerance: 1.0,
            emergency_tolerance: 2.0,
            emergency_stretch: 0.0,
            emergency_shrink: 1.0,
            line_penalty: 10.0,
            adj_demerits: 10_000.0,
            double_hyphen_demerits: 10_000.0,
            final_hyphen_demerits: 5_000.0,
            max_flagged_in_row: 2,
            looseness: 0,
            hyphenate: true,
            box_stretch: 0.0,
            box_shrink: 0.0,
            runt_demerits: 0.0,
            space_cap: None,
        }
    }
}

/// One line of the result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    /// Index of the first item on the line (glue and penalties after the
    /// previous break are discarded).
    pub start: usize,
    /// Index of the break item; the line holds `start..end`, plus the
    /// penalty's width when `end` is a penalty.
    pub end: usize,
    /// Adjustment ratio: > 0 stretches glue by `ratio × stretch`, < 0
    /// shrinks by `ratio × shrink`. Computed without emergency stretch.
    pub ratio: f32,
    /// Natural width of the line's material, penalty width included.
    pub natural: Pt,
    /// The break is at a flagged penalty.
    pub flagged: bool,
    /// Wider than the measure even at full shrink (only from the rescue pass).
    pub overfull: bool,
    /// How far the line's first glyph reaches into the left margin.
    pub lead: Pt,
}

/// A paragraph's breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct Breaks {
    pub lines: Vec<Line>,
    pub demerits: f64,
    /// The first pass found nothing: a later pass (looser tolerance,
    /// emergency stretch, or the rescue) set the paragraph.
    pub emergency: bool,
}

impl Breaks {
    pub fn overfull_lines(&self) -> usize {
        self.lines.iter().filter(|l| l.overfull).count()
    }
}

/// Cumulative sums over the items, so any line's totals are two lookups.
struct Sums {
    width: Vec<f64>,
    stretch: Vec<f64>,
    shrink: Vec<f64>,
    fill: Vec<u32>,
    /// Glue that is not `fill`: the word spaces.
    spaces: Vec<u32>,
    /// Natural width of that glue.
    space_width: Vec<f64>,
    /// The boxes' share of `stretch` (font expansion).
    box_stretch: Vec<f64>,
    /// No item has a negative width, stretch or shrink (ragged-right glue
    /// pairs have negative stretch): a line's totals never exceed those
    /// of a longer line ending at the same place.
    monotone: bool,
}

impl Sums {
    fn new(items: &[Item], params: &Params) -> Sums {
        let box_stretch = f64::from(params.box_stretch);
        let box_shrink = f64::from(params.box_shrink);
        let n = items.len() + 1;
        let mut s = Sums {
            width: Vec::with_capacity(n),
            stretch: Vec::with_capacity(n),
            shrink: Vec::with_capacity(n),
            fill: Vec::with_capacity(n),
            spaces: Vec::with_capacity(n),
            space_width: Vec::with_capacity(n),
            box_stretch: Vec::with_capacity(n),
            monotone: box_stretch >= 0.0 && box_shrink >= 0.0,
        };
        let (mut w, mut y, mut z, mut f, mut g) = (0.0f64, 0.0f64, 0.0f64, 0u32, 0u32);
        let (mut gw, mut by) = (0.0f64, 0.0f64);
        for item in items {
            s.width.push(w);
            s.stretch.push(y);
            s.shrink.push(z);
            s.fill.push(f);
            s.spaces.push(g);
            s.space_width.push(gw);
            s.box_stretch.push(by);
            match *item {
                Item::Box { width } => {
                    let width = f64::from(width);
                    s.monotone &= width >= 0.0;
                    w += width;
                    y += width * box_stretch;
                    by += width * box_stretch;
                    z += width * box_shrink;
                }
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                    fill,
                    ..
                } => {
                    s.monotone &= width >= 0.0 && stretch >= 0.0 && shrink >= 0.0;
                    w += f64::from(width);
                    y += f64::from(stretch);
                    z += f64::from(shrink);
                    f += u32::from(fill);
                    g += u32::from(!fill);
                    if !fill {
                        gw += f64::from(width);
                    }
                }
                Item::Penalty { .. } => {}
            }
        }
        s.width.push(w);
        s.stretch.push(y);
        s.shrink.push(z);
        s.fill.push(f);
        s.spaces.push(g);
        s.space_width.push(gw);
        s.box_stretch.push(by);
        s
    }

    /// Whether the line `start..end` holds no word space: one word.
    fn one_word(&self, start: usize, end: usize) -> bool {
        self.spaces[end] == self.spaces[start]
    }
}

/// Demerits for a paragraph's last line `start..end` when it is a runt;
/// `continued` when a line precedes it (else it is the only line).
fn runt_demerits(sums: &Sums, continued: bool, start: usize, end: usize, params: &Params) -> f64 {
    if continued && sums.one_word(start, end) {
        f64::from(params.runt_demerits)
    } else {
        0.0
    }
}

/// Totals of a candidate line `start..end`.
struct LineMeasure {
    natural: f64,
    stretch: f64,
    shrink: f64,
    fill: bool,
    penalty_width: f64,
}

impl LineMeasure {
    fn of(items: &[Item], sums: &Sums, start: usize, end: usize) -> LineMeasure {
        let penalty_width = match items.get(end) {
            Some(Item::Penalty { width, .. }) => f64::from(*width),
            _ => 0.0,
        };
        LineMeasure {
            natural: sums.width[end] - sums.width[start],
            stretch: sums.stretch[end] - sums.stretch[start],
            shrink: sums.shrink[end] - sums.shrink[start],
            fill: sums.fill[end] > sums.fill[start],
            penalty_width,
        }
    }

    /// Adjustment ratio to reach `target`, with `extra` stretch available.
    fn ratio(&self, target: f64, extra: f64) -> f64 {
        let width = self.natural + self.penalty_width;
        if (width - target).abs() < 1e-9 {
            0.0
        } else if width < target {
            if self.fill {
                0.0
            } else if self.stretch + extra > 0.0 {
                (target - width) / (self.stretch + extra)
            } else {
                f64::INFINITY
            }
        } else if self.shrink > 0.0 {
            (target - width) / self.shrink
        } else {
            f64::NEG_INFINITY
        }
    }
}

fn fitness(ratio: f64) -> u8 {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}

/// A feasible break reached by some path.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// Index of the break item; `None` for the paragraph's start.
    position: Option<usize>,
    line: usize,
    fitness: u8,
    flagged_run: u8,
    flagged: bool,
    demerits: f64,
    ratio: f64,
    overfull: bool,
    previous: Option<usize>,
    /// The first item of the line after this break (`line_start` of
    /// `position`), found once here rather than at every later break.
    begin: usize,
}

enum Pass {
    /// Within `tolerance`.
    First,
    /// Within `emergency_tolerance`, real stretch only.
    Second,
    /// Within `emergency_tolerance` counting `emergency_stretch`.
    Emergency,
    /// Anything, an overfull line only where nothing else reaches on.
    Rescue,
    /// The rescue without the limit on flagged lines in a row: tried only
    /// when the rescue needed an overfull line (a compound broken at its
    /// own hyphens in a narrow column is better with a third hyphen in a
    /// row than with a line past the measure).
    RescueAnyFlagged,
}

/// Index of the first item a line starting after `break_at` holds: glue
/// and penalties after a break are discarded (a forced break is kept so an
/// empty line before it stays possible).
fn line_start(items: &[Item], break_at: Option<usize>) -> usize {
    let mut i = break_at.map_or(0, |b| b + 1);
    while i < items.len() && !items[i].is_box() {
        if matches!(items[i], Item::Penalty { penalty, .. } if penalty <= -INFINITY) {
            break;
        }
        i += 1;
    }
    i
}

fn is_legal_break(items: &[Item], i: usize, params: &Params) -> bool {
    match items[i] {
        Item::Penalty {
            penalty,
            flagged,
            width,
            ..
        } => penalty < INFINITY && (params.hyphenate || !flagged || width == 0.0),
        Item::Glue { .. } => i > 0 && items[i - 1].is_box(),
        Item::Box { .. } => false,
    }
}

/// Breaks `items` into lines of width `measure`, trying the first pass,
/// then emergency stretch, then the rescue pass. The items should end
/// with a forced break (a paragraph ends with `fill` and a forced break).
pub fn break_lines(items: &[Item], measure: Pt, params: &Params) -> Breaks {
    all_line_counts(items, measure, params).select(params.looseness)
}

/// Every line count the breaker found feasible, each with its best breaks,
/// in one run (the pass that first succeeded). Pagination uses this to ask
/// for a paragraph one line shorter or longer.
pub fn all_line_counts(items: &[Item], measure: Pt, params: &Params) -> Alternatives {
    if items.is_empty() {
        return Alternatives {
            by_lines: vec![Breaks {
                lines: Vec::new(),
                demerits: 0.0,
                emergency: false,
            }],
            optimal: 0,
        };
    }
    if let Some(windows) = windowed(items, measure, params) {
        return windows;
    }
    breaks_from(items, measure, params, &Start::PARAGRAPH)
}

/// `all_line_counts` of `items` continuing after `start`.
fn breaks_from(items: &[Item], measure: Pt, params: &Params, start: &Start) -> Alternatives {
    let run = first_run(items, measure, params, start);
    run.alternatives(items)
}

/// The first pass that finds breaks.
fn first_run(items: &[Item], measure: Pt, params: &Params, start: &Start) -> Run {
    first_run_pruned(items, measure, params, start, true)
}

/// `first_run`, with the skipping of lines too short to break (`prune`)
/// or without it (tests check the two agree).
fn first_run_pruned(
    items: &[Item],
    measure: Pt,
    params: &Params,
    start: &Start,
    prune: bool,
) -> Run {
    for pass in [Pass::First, Pass::Second, Pass::Emergency] {
        if let Some(found) = run(items, measure, params, &pass, start, prune) {
            return found;
        }
    }
    let rescue = run(items, measure, params, &Pass::Rescue, start, prune)
        .expect("the rescue pass always finds breaks");
    let overfull = rescue.overfull_lines();
    if overfull == 0 {
        return rescue;
    }
    match run(
        items,
        measure,
        params,
        &Pass::RescueAnyFlagged,
        start,
        prune,
    ) {
        Some(any) if any.overfull_lines() < overfull => any,
        _ => rescue,
    }
}

/// The best breaks for each feasible line count.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternatives {
    /// Sorted by line count.
    pub by_lines: Vec<Breaks>,
    /// Index in `by_lines` of the least total demerits.
    pub optimal: usize,
}

impl Alternatives {
    /// The optimum, or with `looseness` the count nearest optimum + looseness.
    pub fn select(mut self, looseness: i32) -> Breaks {
        let index = self.index_for(looseness);
        self.by_lines.swap_remove(index)
    }

    fn index_for(&self, looseness: i32) -> usize {
        let optimal_lines = self.by_lines[self.optimal].lines.len() as i64;
        let wanted = optimal_lines + i64::from(looseness);
        let mut best = self.optimal;
        for (i, b) in self.by_lines.iter().enumerate() {
            let lines = b.lines.len() as i64;
            let distance = (lines - wanted).abs();
            let best_distance = (self.by_lines[best].lines.len() as i64 - wanted).abs();
            // Nearer the wanted count, and never past the optimum on the other side.
            let same_side = (lines - optimal_lines).signum() * i64::from(looseness.signum()) >= 0;
            if same_side && distance < best_distance {
                best = i;
            }
        }
        best
    }

    /// Exactly `lines` lines, when feasible.
    pub fn with_lines(&self, lines: usize) -> Option<&Breaks> {
        self.by_lines.iter().find(|b| b.lines.len() == lines)
    }

    pub fn optimal(&self) -> &Breaks {
        &self.by_lines[self.optimal]
    }
}

/// One breaking run's nodes, for reading off any ending's breaks.
struct Run {
    nodes: Vec<Node>,
    sums: Sums,
    /// Nodes at the last item, one per line count, by line count.
    endings: Vec<usize>,
    emergency: bool,
    /// Left protrusion allowed to the first line.
    lead: f64,
}

impl Run {
    /// The ending of least total demerits.
    fn optimal_ending(&self) -> usize {
        self.endings
            .iter()
            .copied()
            .min_by(|&x, &y| self.nodes[x].demerits.total_cmp(&self.nodes[y].demerits))
            .expect("a run has endings")
    }

    /// How many lines of the optimal breaks are overfull.
    fn overfull_lines(&self) -> usize {
        self.chain(self.optimal_ending())
            .iter()
            .filter(|&&i| self.nodes[i].overfull)
            .count()
    }

    /// The nodes from the first break to `end`, in order.
    fn chain(&self, end: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut cursor = Some(end);
        while let Some(i) = cursor {
            if self.nodes[i].position.is_some() {
                chain.push(i);
            }
            cursor = self.nodes[i].previous;
        }
        chain.reverse();
        chain
    }

    /// The lines ending at the nodes of `chain` (a prefix of a chain).
    fn lines(&self, items: &[Item], chain: &[usize]) -> Vec<Line> {
        let mut lines = Vec::with_capacity(chain.len());
        let mut previous_break = None;
        for &i in chain {
            let node = self.nodes[i];
            let Some(end) = node.position else { continue };
            let start = line_start(items, previous_break);
            let m = LineMeasure::of(items, &self.sums, start.min(end), end);
            lines.push(Line {
                start: start.min(end),
                end,
                // The breaker's ratio (with any emergency stretch); the setter
                // recomputes the real one from the shaped line.
                ratio: node.ratio as f32,
                natural: (m.natural + m.penalty_width) as f32,
                flagged: node.flagged,
                overfull: node.overfull,
                lead: previous_break.map_or(self.lead as f32, |p| items[p].lead()),
            });
            previous_break = Some(end);
        }
        lines
    }

    fn alternatives(&self, items: &[Item]) -> Alternatives {
        let by_lines: Vec<Breaks> = self
            .endings
            .iter()
            .map(|&end| Breaks {
                lines: self.lines(items, &self.chain(end)),
                demerits: self.nodes[end].demerits,
                emergency: self.emergency,
            })
            .collect();
        let optimal = by_lines
            .iter()
            .enumerate()
            .min_by(|(_, x), (_, y)| x.demerits.total_cmp(&y.demerits))
            .map_or(0, |(i, _)| i);
        Alternatives { by_lines, optimal }
    }
}

fn run(
    items: &[Item],
    measure: Pt,
    params: &Params,
    pass: &Pass,
    start: &Start,
    prune: bool,
) -> Option<Run> {
    let sums = Sums::new(items, params);
    let (tolerance, extra) = match pass {
        Pass::First => (f64::from(params.tolerance), 0.0),
        Pass::Second => (
            f64::from(params.emergency_tolerance.max(params.tolerance)),
            0.0,
        ),
        Pass::Emergency => (
            f64::from(params.emergency_tolerance.max(params.tolerance)),
            f64::from(params.emergency_stretch),
        ),
        Pass::Rescue | Pass::RescueAnyFlagged => {
            (f64::INFINITY, f64::from(params.emergency_stretch))
        }
    };
    let shrink_limit = match pass {
        Pass::First => 1.0,
        Pass::Second | Pass::Emergency | Pass::Rescue | Pass::RescueAnyFlagged => {
            f64::from(params.emergency_shrink.max(1.0))
        }
    };
    let max_hang = items
        .iter()
        .map(|i| f64::from(i.hang()))
        .fold(0.0, f64::max)
        + items
            .iter()
            .map(|i| f64::from(i.lead()))
            .fold(0.0, f64::max);
    // The least left protrusion a line may start with (none, or a
    // negative lead, should any item carry one).
    let min_lead = items
        .iter()
        .map(|i| f64::from(i.lead()))
        .fold(start.lead.min(0.0), f64::min);
    let measure = f64::from(measure);

    let mut nodes: Vec<Node> = vec![Node {
        position: None,
        line: 0,
        fitness: start.fitness,
        flagged_run: start.flagged_run,
        flagged: start.flagged,
        demerits: 0.0,
        ratio: 0.0,
        overfull: false,
        previous: None,
        begin: line_start(items, None),
    }];
    let mut active: Vec<usize> = vec![0];
    let last = items.len() - 1;
    // Reused at every legal break (a fresh pair each was two allocations
    // per word and hyphen point, ~4% of a long book's build).
    let mut candidates: Vec<Node> = Vec::new();
    let mut still_active: Vec<usize> = Vec::new();

    for b in 0..items.len() {
        if !is_legal_break(items, b, params) && b != last {
            continue;
        }
        let (penalty, flagged, hang) = match items[b] {
            Item::Penalty {
                penalty,
                flagged,
                hang,
                ..
            } => (f64::from(penalty), flagged, f64::from(hang)),
            Item::Glue { hang, .. } => (0.0, false, f64::from(hang)),
            Item::Box { .. } => (0.0, false, 0.0),
        };
        let forced = penalty <= -f64::from(INFINITY) || b == last;
        // Best candidate per (line, fitness, flagged run); per (fitness,
        // flagged run) when line counts do not matter (`Start::by_count`).
        candidates.clear();
        still_active.clear();
        let mut overflowed: Option<usize> = None;
        for (k, &a) in active.iter().enumerate() {
            let node = &nodes[a];
            let line_begin = node.begin;
            if line_begin > b {
                still_active.push(a);
                continue;
            }
            let m = LineMeasure::of(items, &sums, line_begin, b);
            let lead = node
                .position
                .map_or(start.lead, |p| f64::from(items[p].lead()));
            let target = measure + hang + lead;
            let ratio = m.ratio(target, extra);
            // Active nodes stand in order of position, so the lines from
            // the nodes after this one are suffixes of its line: no wider,
            // with no more stretch (when no item's width or stretch is
            // negative) and no fill. If this line is too short even with
            // the least lead any node may have, so are all of theirs: they
            // stay active and give no candidate, without being measured.
            if prune
                && !forced
                && sums.monotone
                && !m.fill
                && m.ratio(measure + hang + min_lead, extra) > tolerance
            {
                still_active.extend_from_slice(&active[k..]);
                break;
            }
            let node = *node;
            // Lines only grow as b moves on: a line too long even at full
            // shrink and with the largest hang will never fit again.
            let dead = m.natural - shrink_limit * m.shrink > measure + max_hang + 1e-9;
            if !dead && !forced {
                still_active.push(a);
            }
            if ratio < -shrink_limit {
                if overflowed.is_none_or(|o| nodes[o].demerits > node.demerits) {
                    overflowed = Some(a);
                }
                continue;
            }
            if ratio > tolerance && !(forced && m.fill) {
                continue;
            }
            let run = if flagged {
                node.flagged_run.saturating_add(1)
            } else {
                0
            };
            if usize::from(run) > params.max_flagged_in_row
                && !matches!(pass, Pass::RescueAnyFlagged)
            {
                continue;
            }
            let ratio_for_badness = ratio.min(1e3);
            let badness = (100.0 * ratio_for_badness.abs().powi(3)).min(f64::from(INFINITY));
            let base = f64::from(params.line_penalty) + badness;
            let mut demerits = base * base;
            if penalty >= 0.0 {
                demerits += penalty * penalty;
            } else if penalty > -f64::from(INFINITY) {
                demerits -= penalty * penalty;
            }
            if flagged && node.flagged {
                demerits += f64::from(params.double_hyphen_demerits);
            }
            if b == last {
                if node.flagged {
                    demerits += f64::from(params.final_hyphen_demerits);
                }
                let continued = node.position.is_some() || start.continued;
                demerits += runt_demerits(&sums, continued, line_begin, b, params);
            }
            if let Some(cap) = params.space_cap.filter(|_| !m.fill) {
                let room = spaces::Room {
                    excess: target - m.natural - m.penalty_width,
                    spaces: sums.space_width[b] - sums.space_width[line_begin],
                    glue_stretch: m.stretch - (sums.box_stretch[b] - sums.box_stretch[line_begin]),
                    box_stretch: sums.box_stretch[b] - sums.box_stretch[line_begin],
                };
                // A line without word spaces that nothing fills is set
                // short: priced as every line set short is.
                demerits += if room.spaces <= 0.0 && badness >= f64::from(INFINITY) {
                    cap.short()
                } else {
                    cap.demerits(&room)
                };
            }
            let class = fitness(ratio);
            if class.abs_diff(node.fitness) > 1 {
                demerits += f64::from(params.adj_demerits);
            }
            let candidate = Node {
                position: Some(b),
                line: node.line + 1,
                fitness: class,
                flagged_run: run,
                flagged,
                demerits: node.demerits + demerits,
                ratio,
                overfull: false,
                previous: Some(a),
                begin: 0,
            };
            match candidates.iter_mut().find(|c| {
                (c.line == candidate.line || !start.by_count)
                    && c.fitness == candidate.fitness
                    && c.flagged_run == candidate.flagged_run
            }) {
                Some(existing) if existing.demerits <= candidate.demerits => {}
                Some(existing) => *existing = candidate,
                None => candidates.push(candidate),
            }
        }
        if candidates.is_empty() && still_active.is_empty() {
            // Nothing reaches past this point.
            match (pass, overflowed) {
                (Pass::Rescue | Pass::RescueAnyFlagged, Some(a)) => {
                    let node = nodes[a];
                    candidates.push(Node {
                        position: Some(b),
                        line: node.line + 1,
                        fitness: 0,
                        flagged_run: if flagged {
                            node.flagged_run.saturating_add(1)
                        } else {
                            0
                        },
                        flagged,
                        demerits: node.demerits + f64::from(INFINITY) * f64::from(INFINITY),
                        ratio: -1.0,
                        overfull: true,
                        previous: Some(a),
                        begin: 0,
                    });
                }
                _ => return None,
            }
        }
        std::mem::swap(&mut active, &mut still_active);
        if !candidates.is_empty() {
            let begin = line_start(items, Some(b));
            for mut candidate in candidates.drain(..) {
                candidate.begin = begin;
                active.push(nodes.len());
                nodes.push(candidate);
            }
        }
    }

    // Nodes at the last item are the paragraph's endings.
    let mut endings: Vec<usize> = active
        .iter()
        .copied()
        .filter(|&a| nodes[a].position == Some(last))
        .collect();
    endings.sort_by(|&x, &y| {
        nodes[x]
            .line
            .cmp(&nodes[y].line)
            .then(nodes[x].demerits.total_cmp(&nodes[y].demerits))
    });
    endings.dedup_by_key(|a| nodes[*a].line);
    if endings.is_empty() {
        return None;
    }
    Some(Run {
        nodes,
        sums,
        endings,
        emergency: !matches!(pass, Pass::First),
        lead: start.lead,
    })
}

#[cfg(test)]
mod tests;
