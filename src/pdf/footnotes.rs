//! Notes at the foot of the page: a chapter's notes set at the notes' size, matched to the body lines that first reference them, and drawn under a short rule at the foot of the pages pagination gives them.

use std::collections::BTreeMap;

use crate::pdf::book::Geometry;
use crate::pdf::flow::Piece;
use crate::pdf::paginate::{Block, Foot, NoteAt, NoteSlot};
use crate::pdf::paragraph::SetLine;

/// A chapter's notes, set for the page foot.
pub struct PageNotes {
    /// The notes' grid: their size and leading (the body's text area).
    pub grid: Geometry,
    /// Each note's pieces (its best setting only: a note is not adjusted).
    pub notes: Vec<Vec<Piece>>,
    /// Each note's lines, in order: (piece, line) or a blank line.
    lines: Vec<Vec<Option<(usize, usize)>>>,
    /// Each note's lines a page must not end after: a callout's title
    /// (a keep), with the blank lines under it, goes with the line after.
    keeps: Vec<Vec<usize>>,
    /// Note number → index in `notes`.
    by_number: BTreeMap<u32, usize>,
    /// Notes first referenced inside each note (a note citing another).
    cited: Vec<Vec<usize>>,
    /// Notes first referenced in the chapter's title: they go on its
    /// opening page, with the body's first line.
    title: Vec<usize>,
}

/// A line of a note at a page's foot, ready to draw.
pub struct FootLine<'a> {
    pub piece: &'a Piece,
    /// The line's index in its piece (0: a note's number goes with it).
    pub index: usize,
    pub line: &'a SetLine,
    pub baseline: f32,
}

impl PageNotes {
    /// `notes`: each note's pieces, in the order of `numbers` (the
    /// chapter's notes' numbers).
    pub fn new(grid: Geometry, numbers: &[u32], notes: Vec<Vec<Piece>>) -> PageNotes {
        let by_number: BTreeMap<u32, usize> =
            numbers.iter().enumerate().map(|(i, &n)| (n, i)).collect();
        let mut lines = Vec::with_capacity(notes.len());
        let mut cited = Vec::with_capacity(notes.len());
        let mut keeps = Vec::with_capacity(notes.len());
        for pieces in &notes {
            let mut out = Vec::new();
            let mut inner = Vec::new();
            let mut kept = Vec::new();
            // Whether the lines so far end in a keep (and spaces after it).
            let mut keeping = false;
            for (p, piece) in pieces.iter().enumerate() {
                let set = piece.settings.first().map_or(&[][..], Vec::as_slice);
                let count = match &piece.block {
                    Block::Paragraph { .. } => set.len(),
                    Block::Keep { lines, .. } | Block::Float { lines, .. } => *lines,
                    Block::Space { lines } => *lines,
                    Block::Rows { units, .. } => units.iter().sum(),
                };
                keeping = match &piece.block {
                    Block::Keep { .. } => true,
                    Block::Space { .. } => keeping,
                    _ => false,
                };
                for k in 0..count {
                    if keeping {
                        kept.push(out.len());
                    }
                    out.push((k < set.len()).then_some((p, k)));
                }
                for line in set {
                    for mark in line.note_refs.iter().filter(|m| m.first) {
                        if let Some(&i) = by_number.get(&mark.number) {
                            inner.push(i);
                        }
                    }
                }
            }
            // An empty note still has its number's line.
            if out.is_empty() {
                out.push(None);
            }
            // A keep that ends the note keeps nothing with it.
            if keeping {
                let mut end = out.len();
                while kept.last().is_some_and(|&k| k + 1 == end) {
                    kept.pop();
                    end -= 1;
                }
            }
            lines.push(out);
            cited.push(inner);
            keeps.push(kept);
        }
        PageNotes {
            grid,
            notes,
            lines,
            keeps,
            by_number,
            cited,
            title: Vec::new(),
        }
    }

    /// These notes, those numbered `numbers` first cited in the chapter's
    /// title (which is no piece of the body).
    pub fn cited_in_title(mut self, numbers: &[u32]) -> PageNotes {
        self.title = numbers
            .iter()
            .filter_map(|n| self.by_number.get(n).copied())
            .collect();
        self
    }

    /// Each note's lines a page must not end after (for
    /// [`crate::pdf::paginate::paginate_notes_kept`]).
    pub fn keeps(&self) -> Vec<Vec<usize>> {
        self.keeps.clone()
    }

    /// Every note whole, in order: the slots of a page that holds them all.
    pub fn all(&self) -> Vec<NoteSlot> {
        self.lines
            .iter()
            .enumerate()
            .map(|(note, lines)| NoteSlot {
                note,
                first_line: 0,
                lines: lines.len(),
            })
            .collect()
    }

    /// The page-foot measures for a body on `body`'s grid: between the
    /// body's last baseline and the notes' first, at least 20 pt for an
    /// 11/14 body (a rule with air above and below it).
    pub fn foot(&self, body: &Geometry) -> Foot {
        Foot {
            body_leading: body.leading,
            notes_leading: self.grid.leading,
            separation: (body.size * 1.8).round(),
        }
    }

    /// The number of note `index`, as printed.
    pub fn number(&self, index: usize) -> Option<u32> {
        self.by_number
            .iter()
            .find(|(_, &i)| i == index)
            .map(|(&n, _)| n)
    }

    /// The notes first referenced in each setting of each body piece, by
    /// line; a note first cited inside another note follows that note.
    pub fn refs(&self, body: &[Piece]) -> Vec<Vec<Vec<NoteAt>>> {
        body.iter()
            .enumerate()
            .map(|(p, piece)| {
                (0..piece.settings.len())
                    .map(|k| {
                        let mut out = Vec::new();
                        if p == 0 {
                            for &i in &self.title {
                                self.push_with_cited(i, 0, &mut out);
                            }
                        }
                        for (line, number) in piece.first_notes(k) {
                            if let Some(&i) = self.by_number.get(&number) {
                                self.push_with_cited(i, line, &mut out);
                            }
                        }
                        out
                    })
                    .collect()
            })
            .collect()
    }

    fn push_with_cited(&self, note: usize, line: usize, out: &mut Vec<NoteAt>) {
        if out.iter().any(|r| r.note == note) {
            return;
        }
        out.push(NoteAt {
            line,
            note,
            lines: self.lines[note].len(),
        });
        for &inner in &self.cited[note] {
            self.push_with_cited(inner, line, out);
        }
    }

    /// The lines of a page's notes, `slots`, with their baselines: the
    /// last on `bottom` (the text block's last baseline).
    pub fn page_lines(&self, slots: &[NoteSlot], bottom: f32) -> Vec<FootLine<'_>> {
        let total: usize = slots.iter().map(|s| s.lines).sum();
        let mut baseline = bottom - (total.saturating_sub(1)) as f32 * self.grid.leading;
        let mut out = Vec::new();
        for slot in slots {
            for t in slot.first_line..slot.first_line + slot.lines {
                if let Some(Some((p, k))) = self.lines[slot.note].get(t) {
                    let piece = &self.notes[slot.note][*p];
                    if let Some(line) = piece.settings.first().and_then(|s| s.get(*k)) {
                        out.push(FootLine {
                            piece,
                            index: *k,
                            line,
                            baseline,
                        });
                    }
                }
                baseline += self.grid.leading;
            }
        }
        out
    }

    /// Where the rule over the notes goes: its top edge, midway between
    /// the body's last descenders (its last baseline `body_last`, at
    /// `body_size`) and the notes' capitals (their first baseline `first`)
    /// — on a page the body fills down to the notes. On a page it leaves
    /// short (a chapter's end) the rule stays as close over the notes as
    /// on a full one, not stranded midway down the empty space: `reach`
    /// is the farthest the body's last baseline is above the notes' first
    /// on a full page (the separation [`PageNotes::foot`] keeps, plus a
    /// body line, the grid's rounding).
    pub fn rule_y(&self, body_last: Option<f32>, body_size: f32, first: f32, reach: f32) -> f32 {
        let above = first - 0.7 * self.grid.size;
        match body_last {
            Some(b) => {
                let b = b.max(first - reach);
                ((b + 0.25 * body_size) + above) / 2.0
            }
            None => above - 0.5 * self.grid.leading,
        }
    }
}
