//! Verse: a model `Block::Verse` → pieces of the flow, a stanza each, with a blank grid line between stanzas and around the poem.
//!
//! Each line is set ragged and unhyphenated at the poem's inset (the
//! block stands in from the text's left as a block quote does: the same
//! in both editions, and a poem with one long line does not drift left
//! as optical centring would make it), its own indent kept. A line too
//! long for the measure breaks, and its turnover hangs 2 em deeper than
//! the line starts, as LaTeX's `verse` sets it, so it never passes for a
//! line of its own. A stanza is one paragraph to pagination: the widow
//! and orphan rules keep a single line of it off a page's foot or head,
//! a page turns inside it only at a cost (so between stanzas where the
//! text around allows), and almost never between a line and its turnover.

use crate::diagnostics::Diagnostics;
use crate::model::{Inline, VerseLine};
use crate::pdf::caption::shift;
use crate::pdf::flow::{space, Measures, Origin, Piece, Role};
use crate::pdf::paginate::{Block, Variant};
use crate::pdf::paragraph::{Align, ParagraphStyle, SetLine, SetParagraph, Typesetter};

/// How far a turnover hangs in from its line's start, in ems.
pub const TURNOVER_EMS: f32 = 2.0;

/// What a page turning inside a stanza costs pagination: more than a
/// balanced short spread (6,000) or a prose paragraph set a line looser,
/// so those are taken to turn between stanzas instead; less than a page
/// left a line short, which a book with a fixed text block reports as a
/// fault.
const STANZA_SPLIT: f64 = crate::pdf::paginate::SHORT_LINE / 2.0;

/// What a page parting a verse line from its turnover costs: as much as
/// a page ending in a hyphen, since a turnover read overleaf passes for a
/// line of its own.
const TURNOVER_SPLIT: f64 = crate::pdf::paginate::HYPHEN_LAST;

// The order the two costs above are chosen for, checked as the crate
// compiles: a page is left short to keep a turnover, never a stanza.
const _: () = assert!(
    TURNOVER_SPLIT > crate::pdf::paginate::SHORT_LINE
        && STANZA_SPLIT < crate::pdf::paginate::SHORT_LINE
);

/// The poem's pieces: a space (none `under_heading`), the stanzas with a
/// space between, a space.
#[allow(clippy::too_many_arguments)]
pub fn verse(
    under_heading: bool,
    ts: &mut Typesetter<'_>,
    stanzas: &[Vec<VerseLine>],
    file: &str,
    role: &Role,
    m: &Measures,
    inset: f32,
    measure: f32,
    diags: &mut Diagnostics,
) -> Vec<Piece> {
    let mut out = Vec::new();
    let rtl = is_rtl(stanzas);
    if !under_heading {
        out.push(space(1));
    }
    for (k, stanza) in stanzas.iter().enumerate() {
        if k > 0 {
            out.push(space(1));
        }
        let mut lines: Vec<SetLine> = Vec::new();
        let mut splits = Vec::new();
        for line in stanza {
            let set = verse_line(ts, rtl, line, file, m.size, measure, diags);
            // A page may turn inside a stanza, dearly before a turnover.
            splits.extend((1..set.len()).map(|_| TURNOVER_SPLIT));
            splits.extend((!set.is_empty()).then_some(STANZA_SPLIT));
            lines.extend(set);
        }
        out.push(Piece {
            block: Block::Paragraph {
                variants: vec![Variant {
                    cost: 0.0,
                    hyphenated: vec![false; lines.len()],
                    splits,
                }],
            },
            settings: vec![lines],
            unset: None,
            x: inset,
            role: role.clone(),
            origin: stanza.first().map(|l| Origin {
                file: file.to_string(),
                span: l.span,
            }),
            art: Vec::new(),
            flag: None,
            bars: Vec::new(),
        });
    }
    out.push(space(1));
    out
}

/// Whether a poem reads right to left (Hebrew, Arabic): its first line
/// with a letter of a strong direction says.
pub fn is_rtl(stanzas: &[Vec<VerseLine>]) -> bool {
    stanzas
        .iter()
        .flatten()
        .find(|l| !Inline::plain_text(&l.content).trim().is_empty())
        .is_some_and(|l| crate::language::inlines_are_rtl(&l.content))
}

/// One verse line as set lines (more than one when it turns over),
/// placed from the poem's left edge (its right, right to left: the
/// setter then keeps the indent and the turnovers' hang on that side).
#[allow(clippy::too_many_arguments)]
fn verse_line(
    ts: &mut Typesetter<'_>,
    rtl: bool,
    line: &VerseLine,
    file: &str,
    size: f32,
    measure: f32,
    diags: &mut Diagnostics,
) -> Vec<SetLine> {
    // A deep indent stops where half the measure is left for the words.
    let indent = (f32::from(line.indent) * size).min(measure / 2.0);
    let set = hung_line(ts, rtl, &line.content, indent, size, measure);
    if let Some(d) = set.diagnostic(file, line.span) {
        diags.push(d);
    }
    set.lines
}

/// A line of verse, ragged and unhyphenated on `measure` from `indent`,
/// its turnovers hanging [`TURNOVER_EMS`] deeper than it starts; placed
/// from the measure's left edge (its right, right to left). Body verse
/// and an epigraph's verse (lines ended by hard breaks) both set their
/// lines here, so a turnover hangs the same wherever verse stands.
pub fn hung_line(
    ts: &mut Typesetter<'_>,
    rtl: bool,
    content: &[Inline],
    indent: f32,
    size: f32,
    measure: f32,
) -> SetParagraph {
    let hang = TURNOVER_EMS * size;
    // The turnovers' measure, the first line outdented to the indent.
    let style = ParagraphStyle {
        align: Align::Start,
        hyphenate: false,
        ..ParagraphStyle::body(size, measure - indent - hang, -hang)
    };
    let mut set = ts.set_paragraph(content, &style);
    if !rtl {
        for l in &mut set.lines {
            shift(l, indent + hang);
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Inline, Span};
    use crate::pdf::fontset::FontSet;
    use crate::pdf::hyphenate::Hyphenator;

    fn line(indent: u8, text: &str) -> VerseLine {
        VerseLine {
            indent,
            content: vec![Inline::Text { text: text.into() }],
            span: Span { line: 1, col: 1 },
        }
    }

    fn start(l: &SetLine) -> f32 {
        l.runs.first().map_or(0.0, |r| r.x)
    }

    fn measures() -> Measures {
        Measures {
            size: 10.0,
            measure: 200.0,
            indent: 13.0,
            leading: 13.0,
            lines: 30,
            margin: 40.0,
        }
    }

    /// The poem's pieces as a chapter sets them: inset 15 pt, measure 170 pt.
    fn poem(
        ts: &mut Typesetter<'_>,
        stanzas: &[Vec<VerseLine>],
        under_heading: bool,
    ) -> Vec<Piece> {
        let mut diags = Diagnostics::new();
        verse(
            under_heading,
            ts,
            stanzas,
            "p.md",
            &Role::Plain,
            &measures(),
            15.0,
            170.0,
            &mut diags,
        )
    }

    /// Stanzas are paragraphs with blank lines between and around; every
    /// line starts at its indent, flush and unjustified.
    #[test]
    fn stanzas_are_spaced_and_lines_keep_their_indents() {
        let mut ts = Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap());
        let stanzas = vec![
            vec![
                line(0, "The sea is calm tonight."),
                line(2, "The tide is full"),
            ],
            vec![line(0, "Upon the straits")],
        ];
        let pieces = poem(&mut ts, &stanzas, false);
        let kinds: Vec<&str> = pieces
            .iter()
            .map(|p| match p.block {
                Block::Space { .. } => "space",
                Block::Paragraph { .. } => "stanza",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["space", "stanza", "space", "stanza", "space"]);
        // Under a heading no space comes between it and the first stanza.
        let under = poem(&mut ts, &stanzas, true);
        assert!(matches!(under[0].block, Block::Paragraph { .. }));
        let first = &pieces[1].settings[0];
        assert_eq!(first.len(), 2);
        assert!(start(&first[0]).abs() < 0.5, "{}", start(&first[0]));
        assert!(
            (start(&first[1]) - 20.0).abs() < 0.5,
            "{}",
            start(&first[1])
        );
        assert!(first
            .iter()
            .all(|l| l.ratio.abs() < 1e-3 || l.width < 170.0));
    }

    /// A line too long for the measure turns over 2 em deeper than it
    /// starts, unhyphenated.
    #[test]
    fn a_page_turns_dearly_before_a_turnover_and_cheaply_between_lines() {
        let mut ts = Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap());
        let long = "and the long withdrawing roar of the sea retreating to the breath of the night wind down the vast edges drear";
        let stanzas = vec![vec![line(0, "Listen!"), line(0, long), line(0, "Begin")]];
        let pieces = poem(&mut ts, &stanzas, true);
        let Block::Paragraph { variants } = &pieces[0].block else {
            panic!("a stanza first: {:?}", pieces[0].block);
        };
        let splits = &variants[0].splits;
        let set = pieces[0].settings[0].len();
        assert!(set >= 4, "the long line turns over: {set} lines");
        assert_eq!(splits.len(), set);
        // After "Listen!", after the long line's last part: a stanza's
        // cost; after each part the long line continues from: a turnover's.
        assert_eq!(splits[0], STANZA_SPLIT);
        assert!(
            splits[1..set - 2].iter().all(|&c| c == TURNOVER_SPLIT),
            "{splits:?}"
        );
        assert_eq!(splits[set - 2], STANZA_SPLIT);
    }

    #[test]
    fn a_turnover_hangs_two_ems_in() {
        let mut ts = Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap());
        let long = "and the long withdrawing roar of the sea retreating to the breath of the night wind down the vast edges drear";
        let mut diags = Diagnostics::new();
        let lines = verse_line(
            &mut ts,
            false,
            &line(1, long),
            "p.md",
            10.0,
            170.0,
            &mut diags,
        );
        assert!(lines.len() > 1);
        assert!(
            (start(&lines[0]) - 10.0).abs() < 0.5,
            "{}",
            start(&lines[0])
        );
        for l in &lines[1..] {
            assert!((start(l) - 30.0).abs() < 0.5, "{}", start(l));
        }
        assert!(lines.iter().all(|l| !l.hyphenated));
        assert!(lines
            .iter()
            .all(|l| l.runs.iter().map(|r| r.x).fold(0.0, f32::max) < 170.0));
    }

    /// A Hebrew poem's lines end flush right, an indented one an em
    /// short of the others, as a left-to-right poem's start flush left.
    #[test]
    fn a_right_to_left_poem_keeps_its_lines_and_indents_on_the_right() {
        let mut ts = Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap());
        let stanzas = vec![vec![
            line(
                0,
                "\u{05e9}\u{05dc}\u{05d5}\u{05dd} \u{05e2}\u{05dc}\u{05d9}\u{05db}\u{05dd}",
            ),
            line(
                1,
                "\u{05d1}\u{05d5}\u{05e7}\u{05e8} \u{05d8}\u{05d5}\u{05d1}",
            ),
        ]];
        assert!(is_rtl(&stanzas));
        let pieces = poem(&mut ts, &stanzas, true);
        let lines = &pieces[0].settings[0];
        let end = |l: &SetLine| {
            l.runs
                .iter()
                .map(|r| r.x + r.glyphs.iter().map(|g| g.advance).sum::<f32>())
                .fold(f32::MIN, f32::max)
        };
        assert!((end(&lines[0]) - 170.0).abs() < 0.5, "{}", end(&lines[0]));
        assert!((end(&lines[1]) - 160.0).abs() < 0.5, "{}", end(&lines[1]));
    }
}
