//! How a section heading of each level is set in the PDF: centred, flush, or run into the paragraph after it.
//!
//! All headings are set at the body size on the baseline grid, so the
//! levels differ by place and style, as in a classic book (Bringhurst
//! 4.2.2): `##` centred in letter-spaced small capitals, `###` flush
//! italic, and the lower levels run in — the heading's
//! words, in italic (`######` in small capitals), lead the first line of
//! their paragraph, which is flush for `####` and indented below it.
//! A low heading with no paragraph after it (a list, a table, another
//! heading) stands flush on its own line.

use crate::model::Inline;
use crate::pdf::ideographic::is_ideographic;

/// How one heading is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rank {
    /// A line (or lines) of its own, with a blank line above: centred in
    /// letter-spaced small capitals (where the script has capitals and
    /// the face small capitals for them; else in italic, centred), or
    /// flush in italic on the side its text starts.
    Display { centred: bool },
    /// Leading the paragraph after it.
    RunIn { small_caps: bool, indented: bool },
}

/// The rank of a heading of `level` (2..=6); `before_paragraph` says
/// whether a paragraph follows it in the same block list.
pub fn rank(level: u8, before_paragraph: bool) -> Rank {
    match level {
        0..=2 => Rank::Display { centred: true },
        3 => Rank::Display { centred: false },
        _ if !before_paragraph => Rank::Display { centred: false },
        4 => Rank::RunIn {
            small_caps: false,
            indented: false,
        },
        5 => Rank::RunIn {
            small_caps: false,
            indented: true,
        },
        _ => Rank::RunIn {
            small_caps: true,
            indented: true,
        },
    }
}

/// Letter-spacing of a centred heading's small capitals, in ems: a
/// twentieth, within the 5–10 % Bringhurst gives small capitals.
pub const SMALL_CAPS_TRACKING_EM: f32 = 0.05;

/// Whether a heading's text has letters with case: small capitals set it
/// apart only then (Hebrew, Arabic or Chinese would look as the flush
/// rank's, which is upright in those scripts anyway).
pub fn has_case(heading: &[Inline]) -> bool {
    Inline::plain_text(heading)
        .chars()
        .any(|c| c.is_lowercase() || c.is_uppercase())
}

/// The inlines a run-in heading puts before its paragraph's: the heading
/// in italic (or small capitals), closed by a full stop unless it ends in
/// its own punctuation, then an en space. A heading in Chinese or
/// Japanese takes no stop and an ideographic space.
pub fn run_in_lead(heading: &[Inline], small_caps: bool) -> Vec<Inline> {
    let mut words = heading.to_vec();
    let plain = Inline::plain_text(heading);
    // The mark that ends the heading's sense: before any closing quote or
    // bracket (“Why?” ends in a question).
    let last = plain
        .trim_end()
        .chars()
        .rev()
        .find(|c| !matches!(c, '”' | '’' | '"' | '\'' | ')' | ']' | '»' | '›'));
    let ideographic = last.is_some_and(is_ideographic);
    let punctuated = last.is_some_and(|c| {
        matches!(
            c,
            '.' | '?' | '!' | ':' | ';' | '…' | '。' | '？' | '！' | '؟' | '·'
        )
    });
    if !punctuated && !ideographic && last.is_some() {
        // Before the heading's closing note marks: "Paper.¹", not "Paper¹.".
        let at = words.len()
            - words
                .iter()
                .rev()
                .take_while(|i| matches!(i, Inline::NoteRef { .. }))
                .count();
        words.insert(at, Inline::Text { text: ".".into() });
    }
    let styled = if small_caps {
        Inline::SmallCaps { content: words }
    } else {
        Inline::Emphasis { content: words }
    };
    let gap = if ideographic { "\u{3000}" } else { "\u{2002}" };
    vec![styled, Inline::Text { text: gap.into() }]
}

/// A centred heading's lines in small capitals, letter-spaced
/// ([`SMALL_CAPS_TRACKING_EM`]) and centred on `measure`: set
/// flush on a measure narrowed by what the spacing will add (small
/// capitals average under half an em), so no spaced line runs over.
pub fn spaced_small_caps(
    ts: &mut crate::pdf::paragraph::Typesetter<'_>,
    content: &[Inline],
    size: f32,
    measure: f32,
) -> Vec<crate::pdf::paragraph::SetLine> {
    let tracking = SMALL_CAPS_TRACKING_EM * size;
    let style = crate::pdf::paragraph::ParagraphStyle {
        align: crate::pdf::paragraph::Align::Left,
        ..crate::pdf::paragraph::ParagraphStyle::display(
            size,
            measure / 1.15,
            crate::pdf::fontset::FaceKind::Regular,
        )
    };
    let wrapped = [Inline::SmallCaps {
        content: content.to_vec(),
    }];
    let mut lines = ts.set_paragraph(&wrapped, &style).lines;
    for line in &mut lines {
        crate::pdf::tracking::track(line, tracking);
        crate::pdf::caption::centre(line, measure);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text { text: s.into() }]
    }

    #[test]
    fn each_level_has_its_own_look() {
        let looks: Vec<Rank> = (2..=6).map(|level| rank(level, true)).collect();
        for (i, a) in looks.iter().enumerate() {
            for b in &looks[i + 1..] {
                assert_ne!(a, b, "two levels set alike: {looks:?}");
            }
        }
        assert_eq!(rank(2, true), Rank::Display { centred: true });
        assert_eq!(rank(3, true), Rank::Display { centred: false });
        // With nothing to run into, a low heading stands flush.
        for level in 4..=6 {
            assert_eq!(rank(level, false), Rank::Display { centred: false });
        }
    }

    #[test]
    fn only_a_script_with_case_takes_small_capitals() {
        assert!(has_case(&text("The miller and the manor")));
        assert!(has_case(&text("Маленькая княгиня")));
        assert!(!has_case(&text("第一章")));
        assert!(!has_case(&text("פרק ראשון")));
        assert!(!has_case(&text("1984")));
    }

    #[test]
    fn a_run_in_heading_ends_in_one_stop_and_a_fixed_space() {
        let lead = |s: &str| Inline::plain_text(&run_in_lead(&text(s), false));
        for (heading, expected) in [
            ("Paper sizes", "Paper sizes.\u{2002}"),
            ("Why rag?", "Why rag?\u{2002}"),
            ("Ink: a note", "Ink: a note.\u{2002}"),
            ("Ends with a stop.", "Ends with a stop.\u{2002}"),
            ("The “Why?”", "The “Why?”\u{2002}"),
            ("Of “quoted” words", "Of “quoted” words.\u{2002}"),
            ("Fig. 3", "Fig. 3.\u{2002}"),
            ("纸张", "纸张\u{3000}"),
            ("", "\u{2002}"),
        ] {
            assert_eq!(lead(heading), expected, "{heading:?}");
        }
    }

    #[test]
    fn a_run_in_headings_stop_comes_before_its_note_mark() {
        let note = Inline::NoteRef {
            number: 1,
            first: true,
            id: "noteref-1".into(),
        };
        let lead = run_in_lead(&[text("Paper")[0].clone(), note], false);
        let Inline::Emphasis { content } = &lead[0] else {
            panic!("{lead:?}");
        };
        assert!(
            matches!(&content[1], Inline::Text { text } if text == "."),
            "{content:?}"
        );
        assert!(matches!(content[2], Inline::NoteRef { .. }), "{content:?}");
    }

    #[test]
    fn a_run_in_heading_is_italic_or_small_capitals_with_its_inner_style() {
        let heading = vec![
            Inline::Text {
                text: "The ".into(),
            },
            Inline::Emphasis {
                content: text("Titanic"),
            },
        ];
        let lead = run_in_lead(&heading, false);
        let Inline::Emphasis { content } = &lead[0] else {
            panic!("not italic: {lead:?}");
        };
        // The heading's own emphasis stays inside (set back in roman).
        assert!(matches!(content[1], Inline::Emphasis { .. }));
        assert!(matches!(
            run_in_lead(&heading, true)[0],
            Inline::SmallCaps { .. }
        ));
    }
}
