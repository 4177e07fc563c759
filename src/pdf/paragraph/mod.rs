//! Setting paragraphs: model inlines → shaped, hyphenated, optimally broken and justified lines of glyphs.
//!
//! The stage runs in four steps: the inlines become words (runs of text
//! in one face between spaces, note numbers attached to their word); each
//! word is hyphenated and shaped, giving Knuth–Plass boxes, glue and
//! penalties (`linebreak`); the breaker chooses the lines; each line is
//! shaped again from its actual text (a break inside a ligature or kerning
//! pair needs the pieces reshaped, and the hyphen kerns with its letter)
//! and justified to fill the measure exactly: its glyphs widen or narrow
//! by up to 2% first (font expansion, as pdfTeX's `\pdfadjustspacing`;
//! [`GlyphRun::h_scale`]), then letter spacing and word spaces take the rest.
//! Text written without spaces (Chinese, Japanese) stretches instead
//! between its ideographs, where a line may break (`Source::Inter`), with
//! its glyphs unscaled (CSS `text-justify: inter-character`).
//!
//! Positions in a [`SetLine`] are relative to the line: x from its start,
//! y from its baseline (superscripts negative). Word spaces are real space
//! glyphs carrying the text " ", so copied text has its spaces; a hyphen
//! added at a break carries [`BREAK_HYPHEN_TEXT`].
//!
//! In files: [`words`] (inlines → words and spaces), [`analyse`]
//! (hyphenating and shaping each word), [`items`] (words → the breaker's
//! boxes, glue and penalties), [`tuning`] (the engine's penalties and
//! limits), [`typesetter`] (the entry points), [`set`] (a chosen line
//! shaped again and laid out in glyph runs), [`justify`] (filling the
//! measure: expansion, letter spacing, word spaces) and [`cased`] (a line
//! set in changed case given back its text as written).

mod analyse;
mod cased;
mod items;
mod justify;
mod set;
mod tuning;
mod typesetter;
mod words;

pub use items::Prepared;
pub use tuning::Tuning;
pub use typesetter::{Shared, Typesetter};

use crate::diagnostics::Diagnostic;
use crate::model::Span;
use crate::pdf::fontset::FaceKind;
use crate::pdf::page::GlyphRun;
use crate::pdf::units::Pt;

/// The text a hyphen added by hyphenation carries for ToUnicode: a plain
/// hyphen-minus, as TeX's output has. Measured with poppler 22: pdftotext
/// joins a line ending in "-" with the next and drops the hyphen, giving
/// the word back ("Ex-" + "acerbation" → "Exacerbation"), while a line
/// ending in U+00AD is left as "Ex\u{ad}" + newline + "acerbation" — two
/// words. Viewers that copy the hyphen give "Ex-" at a line end, which a
/// reader joins as in any printed book.
pub const BREAK_HYPHEN_TEXT: &str = "-";

/// The text a hyphen typed in the source carries when a line ends at it:
/// U+2010 HYPHEN, which looks the same. Text extractors take a line-final
/// hyphen-minus for one hyphenation added (above) and join the word
/// without it: pdftotext gave "wellconsidered" and "MarxistLeninist" for
/// a compound broken at its hyphen, and keeps "well‐" + "considered".
pub const KEPT_HYPHEN_TEXT: &str = "\u{2010}";

/// How lines sit in the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Both edges flush, the last line flush left.
    Justify,
    /// Ragged right.
    Left,
    /// Ragged, each line flush on the side the paragraph starts on: the
    /// left, or the right in Hebrew or Arabic (a definition's term, a
    /// chapter's synopsis). `Left` stays on the left whatever the text,
    /// for lines whose place their caller decides (contents, imprint).
    Start,
    /// Every line centred.
    Center,
}

/// How to set one paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParagraphStyle {
    /// Font size, points.
    pub size: Pt,
    /// Line length, points.
    pub measure: Pt,
    /// First-line indent, points.
    pub indent: Pt,
    /// Face of plain text; emphasis switches to italic (or back to
    /// regular inside italic), strong to bold.
    pub face: FaceKind,
    pub align: Align,
    pub hyphenate: bool,
    /// Lines more (positive) or fewer (negative) than optimal, if feasible
    /// (TeX's `\looseness`); otherwise the nearest feasible count.
    pub looseness: i32,
    /// Figures lining and tabular (table cells), where the face has them.
    pub tabular: bool,
}

impl ParagraphStyle {
    /// Justified, hyphenated body text in the regular face.
    pub fn body(size: Pt, measure: Pt, indent: Pt) -> ParagraphStyle {
        ParagraphStyle {
            size,
            measure,
            indent,
            face: FaceKind::Regular,
            align: Align::Justify,
            hyphenate: true,
            looseness: 0,
            tabular: false,
        }
    }

    /// Centred, unhyphenated display text (titles, headings) in `face`.
    pub fn display(size: Pt, measure: Pt, face: FaceKind) -> ParagraphStyle {
        ParagraphStyle {
            face,
            align: Align::Center,
            hyphenate: false,
            ..ParagraphStyle::body(size, measure, 0.0)
        }
    }
}

/// Where a note number was set on a line, for a link to the note.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteMark {
    pub number: u32,
    /// The reference's id (`noteref-…`), the note's back link target.
    pub id: String,
    /// The first reference to this note (the one the note links back to).
    pub first: bool,
    pub x_start: Pt,
    pub x_end: Pt,
    /// Relative to the baseline; `y_top` is negative (above it).
    pub y_top: Pt,
    pub y_bottom: Pt,
}

/// Where a link's text was set on a line, for a link annotation.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkMark {
    pub target: crate::model::LinkTarget,
    pub x_start: Pt,
    pub x_end: Pt,
    /// Relative to the baseline; `y_top` is negative (above it).
    pub y_top: Pt,
    pub y_bottom: Pt,
}

/// A rule through struck-out text (`~~…~~`), relative to the line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StrikeMark {
    pub x_start: Pt,
    pub x_end: Pt,
    /// Centre of the rule, from the baseline (negative: above it).
    pub y: Pt,
    pub thickness: Pt,
}

/// One line, ready to place: positions relative to the line's start and baseline.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SetLine {
    /// The glyphs; the first run starts at x = 0, or left of it when an
    /// opening quote hangs into the margin (`-lead`), or further right in
    /// a centred line.
    pub runs: Vec<GlyphRun>,
    /// Width of the line's material after justification: the measure for
    /// a justified line, plus any punctuation hanging into either margin.
    pub width: Pt,
    /// How far the first glyph hangs left of the line's start.
    pub lead: Pt,
    /// Width with natural word spaces.
    pub natural: Pt,
    /// Adjustment ratio of the word spaces (0 natural, 1 full stretch, -1 full shrink).
    pub ratio: f32,
    /// Ends in a hyphen added by hyphenation.
    pub hyphenated: bool,
    /// Ends inside a word at a hyphen: an added one, or the word's own
    /// ("anti-|Marxist"). Pagination keeps such a line off a page's end.
    pub ends_in_hyphen: bool,
    /// Wider than the measure even at full shrink.
    pub overfull: bool,
    /// The word spaces went past `Tuning::max_space_factor` with the
    /// letters and expansion at their limits: the line could not be
    /// filled within them.
    pub loose: bool,
    pub note_refs: Vec<NoteMark>,
    /// The links on the line, one area per link (its words and the spaces
    /// between them).
    pub links: Vec<LinkMark>,
    /// Rules through struck-out text.
    pub strikes: Vec<StrikeMark>,
    /// The index marks set on the line (`Inline::Indexed`, by id): the
    /// index gives this line's page for them.
    pub places: Vec<String>,
    /// The line's first and last words as set (with the break hyphen, if
    /// any, as "-"), for layout dumps and tests.
    pub first_word: String,
    pub last_word: String,
    /// Natural width of one word space on this line, and its set width:
    /// `space_set / space_natural` is what the quality bars measure.
    pub space_natural: Pt,
    pub space_set: Pt,
    /// Number of stretchable word spaces on the line.
    pub spaces: usize,
}

impl SetLine {
    /// The text the line's glyphs stand for, run after run (in drawing
    /// order: a right-to-left run reads backwards).
    pub fn text(&self) -> String {
        self.runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(|g| g.text.as_str()))
            .collect()
    }
}

/// A paragraph set into lines.
#[derive(Debug, Clone, PartialEq)]
pub struct SetParagraph {
    pub lines: Vec<SetLine>,
    /// Total demerits of the chosen breaks (Knuth–Plass).
    pub demerits: f64,
    /// The first pass found no breaks within tolerance: emergency stretch
    /// (or, for a word wider than the measure, an overfull line) was needed.
    pub emergency: bool,
}

impl SetParagraph {
    pub fn overfull_lines(&self) -> usize {
        self.lines.iter().filter(|l| l.overfull).count()
    }

    /// A warning for the paragraph at `file:span` when it needed the
    /// emergency pass or has an overfull line (as TeX reports "Underfull
    /// \hbox in paragraph at lines N–M"), else `None`.
    pub fn diagnostic(&self, file: &str, span: Span) -> Option<Diagnostic> {
        let overfull = self.overfull_lines();
        if overfull > 0 {
            let worst = self
                .lines
                .iter()
                .filter(|l| l.overfull)
                .map(|l| l.last_word.as_str())
                .next()
                .unwrap_or("");
            return Some(
                Diagnostic::warning(
                    file,
                    span.line,
                    span.col,
                    format!("overfull line in paragraph ({}, e.g. ending “{worst}”)", crate::diagnostics::count(overfull, "line")),
                )
                .with_hint(if worst.contains(set::FORMULA_SHOWN) {
                    "a formula is wider than what is left of the line: it breaks only after a relation or a binary operator outside braces; display it (`$$…$$`) or give it one"
                } else {
                    "a word is wider than the measure; allow a break in it with a soft hyphen (U+00AD)"
                }),
            );
        }
        let loose: Vec<usize> = (0..self.lines.len())
            .filter(|&i| self.lines[i].loose)
            .collect();
        if let (Some(first), Some(last)) = (loose.first(), loose.last()) {
            // Like TeX's "Underfull \hbox in paragraph at lines N--M":
            // only lines whose spaces reached the cap, not every paragraph
            // that needed the second pass (those stay within the bars).
            let widest = loose
                .iter()
                .map(|&i| &self.lines[i])
                .filter(|l| l.space_natural > 0.0)
                .map(|l| l.space_set / l.space_natural)
                .fold(1.0f32, f32::max);
            let lines = if first == last {
                format!("line {}", first + 1)
            } else {
                format!("lines {}–{}", first + 1, last + 1)
            };
            // Every such line set short (none filled with gaping spaces):
            // what follows it could not share its line.
            let (message, hint) = if widest <= 1.0 + 1e-3 {
                (
                    format!(
                        "{lines} of paragraph could not be justified and {} set short (“{}” … “{}”)",
                        if first == last { "is" } else { "are" },
                        self.lines[*first].first_word,
                        self.lines[*last].last_word
                    ),
                    "a word too long to share a line follows: give it places to break — a soft hyphen U+00AD, or in an identifier or a path a `.`, `/`, `_` or `::`, which bookpack breaks at without a hyphen — or reword",
                )
            } else {
                (
                    format!(
                        "loose {lines} of paragraph: word spaces up to {widest:.2}× natural, letter spacing at its limit (“{}” … “{}”)",
                        self.lines[*first].first_word, self.lines[*first].last_word
                    ),
                    "rewording, or a break for a long word nearby (a hyphenation exception in book.toml, `[pdf.hyphenation] exceptions = [\"Khru-shchev\"]`, or a soft hyphen U+00AD in the text), gives the breaker room",
                )
            };
            return Some(Diagnostic::warning(file, span.line, span.col, message).with_hint(hint));
        }
        None
    }
}

/// A setting of a paragraph that pagination may choose instead of its
/// best (one line shorter or longer), seldom does, and so is not set
/// until it does: what pagination weighs it by, and its breaks, to set
/// with [`Typesetter::set_alternative`] — or its lines, when it was set
/// anyway (a best setting that became another's alternative).
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    /// Per line: whether it ends inside a word at a hyphen
    /// ([`SetLine::ends_in_hyphen`]).
    pub ends_in_hyphen: Vec<bool>,
    /// Per line: the notes first referenced on it, in order (the numbers
    /// of the [`NoteMark`]s with `first`).
    pub first_notes: Vec<Vec<u32>>,
    /// Some line is overfull as set ([`SetLine::overfull`]).
    pub overfull: bool,
    pub demerits: f64,
    pub emergency: bool,
    pub setting: Setting,
}

/// An [`Alternative`]'s lines, or what sets them.
#[derive(Debug, Clone, PartialEq)]
pub enum Setting {
    Breaks(crate::pdf::linebreak::Breaks),
    Set(Vec<SetLine>),
}

impl Alternative {
    /// A setting already made, as an alternative.
    pub fn of_set(set: SetParagraph) -> Alternative {
        Alternative {
            ends_in_hyphen: set.lines.iter().map(|l| l.ends_in_hyphen).collect(),
            first_notes: set
                .lines
                .iter()
                .map(|l| {
                    l.note_refs
                        .iter()
                        .filter(|m| m.first)
                        .map(|m| m.number)
                        .collect()
                })
                .collect(),
            overfull: set.overfull_lines() > 0,
            demerits: set.demerits,
            emergency: set.emergency,
            setting: Setting::Set(set.lines),
        }
    }

    pub fn lines(&self) -> usize {
        self.ends_in_hyphen.len()
    }
}

/// A paragraph at its best, set, and one line shorter or longer when
/// that is feasible within tolerance, not yet set (see [`Alternative`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Alternatives {
    pub best: SetParagraph,
    pub shorter: Option<Alternative>,
    pub longer: Option<Alternative>,
}

/// The same paragraph at its best, and one line shorter or longer when
/// that is feasible within tolerance: pagination's way to avoid widows
/// and orphans without touching the page.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphVariants {
    pub best: SetParagraph,
    pub shorter: Option<SetParagraph>,
    pub longer: Option<SetParagraph>,
}

#[cfg(test)]
mod rtl_tests;
#[cfg(test)]
mod script_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod text_tests;
