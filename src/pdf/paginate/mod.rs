//! Pagination: distributes a section's blocks over pages of a fixed baseline grid.
//!
//! Every page holds the same number of grid lines; the one freedom besides
//! choosing page breaks is a *balanced short spread* (a verso and its recto
//! both one line short). Widows, orphans, a heading last on a page and a
//! page ending in a hyphenated line are avoided by choosing among each
//! paragraph's alternative settings (TeX's `\looseness`: the best breaking,
//! one line fewer, one line more), never by stretching the space between
//! lines. The choice is a dynamic programme over block boundaries whose
//! state is (lines used on the current page, its capacity, its side), so
//! the cheapest combination over the whole section is found, not a greedy
//! one. Faults stay possible only as very expensive last resorts, and each
//! one left is counted in [`Layout::faults`].
//!
//! Notes at the foot of the page ([`foot`]) enter the same programme: a
//! line that first references a note brings the note's lines to its
//! page's foot, so the body there has fewer lines; the state also holds
//! the notes lines pending, and page breaks are chosen with them in the
//! cost (a note continued overleaf, a note that cannot start on its
//! reference's page).
//!
//! The input is abstract (line counts, hyphen flags, note heights), so
//! this stage is pure and property-tested without fonts.
//!
//! The stage in files: [`state`] (the programme's states and back
//! pointers), [`dp`] (the search over block boundaries), [`place`] (every
//! way one block can be set from a state: the place a new block kind
//! joins), [`rebuild`] (the chosen path back into pages), [`fill`] (the
//! naive layout the report compares with) and [`check`] (the independent
//! fault count).

mod check;
mod dp;
mod fill;
mod foot;
mod place;
mod rebuild;
mod state;

pub use check::{check, check_notes, far_figures, moved_notes, MovedNote};
pub use dp::{paginate, paginate_notes, paginate_notes_kept};
pub use fill::fill;
pub use foot::{Foot, NoteAt};

/// One alternative setting of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Extra cost of choosing this setting (0 for the paragraph's best).
    pub cost: f64,
    /// One entry per line: whether it ends inside a word at a hyphen
    /// (added by hyphenation, or the word's own), which no page may end with.
    pub hyphenated: Vec<bool>,
    /// What a page ending after each line costs besides the rules above
    /// (widows, orphans, hyphens): verse keeps a line with its turnover
    /// and prefers to turn between stanzas. Empty for prose: nothing.
    pub splits: Vec<f64>,
}

impl Variant {
    pub fn lines(&self) -> usize {
        self.hyphenated.len()
    }
}

/// A unit of a section's flow.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph in one or more settings (the first is the preferred);
    /// breaks inside follow the widow, orphan and hyphen rules.
    Paragraph { variants: Vec<Variant> },
    /// A heading: `lines` grid lines that never split, after
    /// `space_before` blank lines (dropped at the head of a page), kept on
    /// the page of what follows.
    Keep { lines: usize, space_before: usize },
    /// Blank grid lines: dropped at the head of a page, and never the last
    /// thing on a page (that would look like a short page).
    Space { lines: usize },
    /// A figure: `lines` grid lines that never split, after `space_before`
    /// blank lines (dropped at the head of a page) and before
    /// `space_after` (dropped at its foot). When it does not fit in what is
    /// left of the page, the text goes on and the figure moves to the top
    /// of the next page (variant 1 of the layout's `choice`; figures
    /// waiting may fill that page). Only when the figures referred to on
    /// one page are more than the next can hold does one run on to the
    /// page after (variant 2), a fault counted in `Faults::figures_far`.
    /// Figures keep their order; one under another has one blank line
    /// between (the upper one's `space_after`).
    ///
    /// A figure may also be set here smaller, on as few as `least` lines
    /// (variant 3 of `choice`; its slot then starts at line `lines - n`,
    /// the picture's own `Art` drawn for that size), at a cost that grows
    /// with what it loses. Moving on is free for a figure the text merely
    /// refers to, so a figure keeps its size wherever a float serves; it
    /// costs `FLOAT_INTRODUCED` when the text just before it introduces
    /// it (`introduced`: a lead-in ending in a colon, "The plan is
    /// below:", which the text after a float would follow instead), and
    /// a figure still waiting when the section's text ends costs
    /// `FLOAT_PAST_END` (it would stand alone after the last sentence).
    Float {
        lines: usize,
        least: usize,
        space_before: usize,
        space_after: usize,
        introduced: bool,
    },
    /// A table: units of lines that never split (rows; the first holds
    /// the caption, the header and the first row), after `space_before`
    /// blank lines (dropped at the head of a page) and before
    /// `space_after` (dropped at its foot). A page break between units
    /// repeats at the top of the next page the `continued` lines after
    /// the units' (the caption marked as continued, and the blank line
    /// under it), then the lines `head_first .. head_first + head_lines`
    /// (the header). Set in one deterministic walk, so a table of
    /// thousands of rows costs linear time.
    Rows {
        units: Vec<usize>,
        head_first: usize,
        head_lines: usize,
        continued: usize,
        space_before: usize,
        space_after: usize,
    },
}

/// The page grid of a section.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Lines on a full page.
    pub full: usize,
    /// Lines available on the section's first page (a chapter opening
    /// sets its title above them).
    pub first_page: usize,
    /// Whether the first page is a recto (odd, right-hand) page.
    pub first_recto: bool,
    /// Whether balanced short spreads are allowed.
    pub short_spreads: bool,
    /// Cost of one balanced short spread.
    pub short_spread_cost: f64,
    /// The first page may hold this many lines more or fewer than
    /// `first_page` (a chapter opening's sink moves by a line).
    pub first_page_slack: usize,
    /// Notes at the page foot, if the section has them there.
    pub foot: Option<Foot>,
}

impl Params {
    pub fn new(full: usize, first_page: usize, first_recto: bool) -> Params {
        Params {
            full,
            first_page,
            first_recto,
            short_spreads: true,
            short_spread_cost: 6000.0,
            first_page_slack: 0,
            foot: None,
        }
    }
}

/// Costs of the faults the layout avoids; high enough that any variant or
/// short spread is preferred, ordered by how bad a proofreader finds them.
const WIDOW: f64 = 1.0e6;
const ORPHAN: f64 = 1.0e6;
const HEADING_LAST: f64 = 1.0e7;
pub(crate) const HYPHEN_LAST: f64 = 2.0e5;
const SPACE_LAST: f64 = 1.0e5;
/// Per missing line of a page left short to dodge a fault (not a
/// balanced spread): still cheaper than a widow.
pub(crate) const SHORT_LINE: f64 = 5.0e4;
/// A section ending with one line on its last page (two lines cost 0.3
/// of it, three 0.1). A reviewer found a novel's chapter whose last
/// paragraph, one line, stood alone on a recto under its running head:
/// at 1e3, the cost of a single line only, the layout left it there
/// rather than set a paragraph a line longer. At 3e4 (below a page a line
/// short) the novel's chapter-end pages of one to three lines went from 4
/// to 2 (both one-page back-matter sections), for 2 more hyphenated
/// lines and 1 more loose one in 7,400; the first book is unchanged.
const LONELY_LAST: f64 = 3.0e4;
/// A chapter opening's sink moved a line up or down (`first_page_slack`)
/// to make the pages come out better. Readers leafing through see titles
/// at different heights (two reviewers did: three heights in one novel,
/// 28 pt apart), so a move costs as much as a lonely last line: the sink
/// still moves to spare a widow, a hyphen at a page's foot or a page of
/// loose paragraphs (the first book's chapter), but not for next to
/// nothing. The novel's 24 openings went from three heights (10, 6, 8)
/// to two (19 at the nominal sink, 5 a line higher).
pub(crate) const SINK_MOVED: f64 = 2.5e4;
/// A figure moved to the next page although it fitted where it was
/// referred to: allowed (it may save a widow), but rarely worth it.
const FLOAT_DEFERRED: f64 = 3.0e4;
/// A figure set smaller to stay where it stands, per fraction of its
/// lines lost: a figure at the least size allowed (seven tenths of its
/// picture's height) costs about 3e4, less than a page a line short.
const FLOAT_SHRUNK: f64 = 1.0e5;
/// A figure its lead-in introduces ("The plan of the line is below:")
/// moved to the next page while the text after it goes on here: the
/// reader meets the text that follows the figure first. A reviewer found
/// "The text resumes after the figure." before the figure so. Dearer than
/// any shrinking, and than ending a page up to five lines short (about a
/// seventh of a page) for the figure to head the next, or to carry a
/// short lead-in over with it; cheaper than six lines short, a hole
/// worse than the order.
const FLOAT_INTRODUCED: f64 = 2.7e5;
/// A figure still waiting when the section's text ends, set on a page of
/// its own after the last sentence (a reviewer found a chapter's last
/// figure so): as bad as a page a line short, so shrinking the figure to
/// fit is better, and a page ended a line early for it no worse.
const FLOAT_PAST_END: f64 = 5.0e4;
/// A figure set two pages after its reference (when the figures referred
/// to on one page are more than the next can hold): as bad as a page four
/// lines short, so a page is never left a third empty to keep it near.
const FLOAT_FAR: f64 = 2.0e5;

/// Where a piece of a block sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub block: usize,
    /// Range of the block's lines on this page (for `Keep` and `Space`,
    /// the lines actually set, without a dropped `space_before`).
    pub first_line: usize,
    pub lines: usize,
    /// Grid line (0-based from the top of the page's text area) of the
    /// slot's first line.
    pub grid_line: usize,
}

/// One page of the section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFill {
    /// Lines this page may hold (`full`, `full - 1` in a short spread, or
    /// `first_page`).
    pub capacity: usize,
    /// Lines used.
    pub used: usize,
    pub slots: Vec<Slot>,
    /// Notes set at the page's foot, in order.
    pub notes: Vec<NoteSlot>,
    /// Body lines the notes take (their lines and the separation).
    pub foot: usize,
}

/// Lines of a note set at a page's foot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteSlot {
    pub note: usize,
    pub first_line: usize,
    pub lines: usize,
}

/// Faults that could not be avoided (all zero in a good layout).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Faults {
    pub widows: usize,
    pub orphans: usize,
    pub headings_last: usize,
    pub hyphens_last: usize,
    /// Pages other than the section's last that hold fewer lines than
    /// their capacity.
    pub short_pages: usize,
    /// Page-foot notes that do not start on the page of their reference.
    pub notes_moved: usize,
    /// Page-foot notes continued on the next page.
    pub notes_split: usize,
    /// Figures set more than a page after their reference (the last text
    /// before them).
    pub figures_far: usize,
}

/// The section laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Chosen variant per block (0 for `Keep` and `Space`; for `Float`, 1
    /// when it moved to the top of the next page, 2 to the page after, 3
    /// when it is set here smaller).
    pub choice: Vec<usize>,
    pub pages: Vec<PageFill>,
    pub faults: Faults,
    /// Paragraphs set other than at their best (to avoid a fault).
    pub adjusted: usize,
    /// Balanced short spreads used.
    pub short_spreads: usize,
    pub cost: f64,
    /// Lines the first page was given (within `first_page ± first_page_slack`).
    pub first_page: usize,
    /// The search's work, which must grow with the blocks and not with
    /// what may wait: the page states it kept, summed over the block
    /// boundaries (the cheapest way to each), and the ways it tried to
    /// reach them (one each per block for the greedy fill).
    pub states: usize,
    pub tried: usize,
}

#[cfg(test)]
mod caption_note_tests;
#[cfg(test)]
mod float_tests;
#[cfg(test)]
mod tests;
