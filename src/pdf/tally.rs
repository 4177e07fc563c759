//! The figures of the set lines the report gives, counted as each line is placed, so a long book does not keep a record of every line to count them at the end.

use crate::pdf::book::PlacedLine;
use crate::pdf::flow::Origin;
use crate::pdf::LOOSE_SPACE_RATIO;

/// What the report says of the lines placed so far: counts, the word
/// space of each justified line (for the median and percentiles: four
/// bytes a line), and the overfull and loose lines, in the order placed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineTally {
    pub counts: LineCounts,
    /// Set word space over natural, by justified line.
    pub ratios: Vec<f32>,
    pub flagged: Vec<FlaggedLine>,
}

/// The lines counted, by what the report says of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineCounts {
    pub lines: usize,
    pub hyphenated: usize,
    pub overfull: usize,
    /// Justified lines (not overfull) looser than `LOOSE_SPACE_RATIO`.
    pub loose: usize,
    /// Paragraphs of more than one line, and those ending in a runt.
    pub paragraph_endings: usize,
    pub runts: usize,
}

impl LineCounts {
    fn plus(self, o: LineCounts) -> LineCounts {
        LineCounts {
            lines: self.lines + o.lines,
            hyphenated: self.hyphenated + o.hyphenated,
            overfull: self.overfull + o.overfull,
            loose: self.loose + o.loose,
            paragraph_endings: self.paragraph_endings + o.paragraph_endings,
            runts: self.runts + o.runts,
        }
    }

    fn minus(self, o: LineCounts) -> LineCounts {
        LineCounts {
            lines: self.lines - o.lines,
            hyphenated: self.hyphenated - o.hyphenated,
            overfull: self.overfull - o.overfull,
            loose: self.loose - o.loose,
            paragraph_endings: self.paragraph_endings - o.paragraph_endings,
            runts: self.runts - o.runts,
        }
    }
}

/// Where a tally stood: what [`LineTally::since`] counts from.
#[derive(Debug, Clone, Copy)]
pub struct TallyMark {
    counts: LineCounts,
    ratios: usize,
    flagged: usize,
}

/// An overfull or loose line, for the report's items.
#[derive(Debug, Clone, PartialEq)]
pub struct FlaggedLine {
    /// 0-based page in the PDF.
    pub page: usize,
    pub overfull: bool,
    pub space_ratio: f32,
    pub first_word: String,
    pub last_word: String,
    pub origin: Option<Origin>,
}

impl FlaggedLine {
    /// `overfull` or `loose`, as the report names it.
    pub fn kind(&self) -> &'static str {
        if self.overfull {
            "overfull"
        } else {
            "loose"
        }
    }

    /// The report's message: what is wrong, and the line's first and last words.
    pub fn message(&self) -> String {
        let what = if self.overfull {
            "overfull line".to_string()
        } else {
            format!("loose line: word spaces {:.2}× natural", self.space_ratio)
        };
        format!("{what} (“{} … {}”)", self.first_word, self.last_word)
    }
}

impl LineTally {
    /// Counts `line`.
    pub fn add(&mut self, line: &PlacedLine) {
        let c = &mut self.counts;
        c.lines += 1;
        c.hyphenated += usize::from(line.hyphenated);
        c.overfull += usize::from(line.overfull);
        c.paragraph_endings += usize::from(line.last_of_paragraph && !line.only_line);
        c.runts += usize::from(line.runt());
        let justified = !line.last_of_paragraph;
        if justified {
            self.ratios.push(line.space_ratio);
        }
        // Spaces past the bar, or a line set short because nothing could
        // fill it (its spaces are natural, but it is looser still).
        let loose =
            !line.overfull && justified && (line.space_ratio > LOOSE_SPACE_RATIO || line.loose);
        c.loose += usize::from(loose);
        if line.overfull || loose {
            self.flagged.push(FlaggedLine {
                page: line.page,
                overfull: line.overfull,
                space_ratio: line.space_ratio,
                first_word: line.first_word.clone(),
                last_word: line.last_word.clone(),
                origin: line.origin.clone(),
            });
        }
    }

    /// Where the tally stands now.
    pub fn mark(&self) -> TallyMark {
        TallyMark {
            counts: self.counts,
            ratios: self.ratios.len(),
            flagged: self.flagged.len(),
        }
    }

    /// Adds `other`'s lines, their pages moved on by `shift`, after these.
    pub fn absorb(&mut self, other: &LineTally, shift: usize) {
        self.counts = self.counts.plus(other.counts);
        self.ratios.extend_from_slice(&other.ratios);
        self.flagged
            .extend(other.flagged.iter().map(|f| FlaggedLine {
                page: f.page + shift,
                ..f.clone()
            }));
    }

    /// The lines added since `mark`, their pages less `first`: a section's own.
    pub fn since(&self, mark: TallyMark, first: usize) -> LineTally {
        LineTally {
            counts: self.counts.minus(mark.counts),
            ratios: self.ratios[mark.ratios..].to_vec(),
            flagged: self.flagged[mark.flagged..]
                .iter()
                .map(|f| FlaggedLine {
                    page: f.page - first,
                    ..f.clone()
                })
                .collect(),
        }
    }
}
