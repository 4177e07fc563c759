//! Letter-spacing a set line (small capitals' tracking in labels, running
//! heads and the contents), leaving the letters of a cursive script joined.

use crate::pdf::paragraph::SetLine;

/// Adds `amount` points after every glyph but the last (letter-spacing
/// for small capitals), except the letters of a cursive script (Arabic,
/// Persian, Syriac), which spacing would pull apart where they join: an
/// Arabic book's chapter label "الفصل 3" is set solid.
pub fn track(line: &mut SetLine, amount: f32) {
    let total: usize = line.runs.iter().map(|r| r.glyphs.len()).sum();
    if total < 2 {
        return;
    }
    let mut seen = 0;
    let mut shift = 0.0;
    // A glyph with no text is a later glyph of its letter's cluster (a mark).
    let mut cursive = false;
    for run in &mut line.runs {
        run.x += shift;
        for g in &mut run.glyphs {
            seen += 1;
            if let Some(c) = g.text.as_str().chars().next() {
                cursive = joins(c);
            }
            if seen < total && !cursive {
                g.advance += amount;
                g.tracking += amount;
                shift += amount;
            }
        }
    }
    line.width += shift;
}

/// Whether `c` is of a script whose letters join (Arabic and its
/// supplements and presentation forms, Syriac, N'Ko, Mandaic, Mongolian).
fn joins(c: char) -> bool {
    matches!(
        c,
        '\u{0600}'..='\u{08FF}' | '\u{1800}'..='\u{18AF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fontset::{FaceKind, FontSet};
    use crate::pdf::hyphenate::Hyphenator;
    use crate::pdf::paragraph::Typesetter;

    /// Letter-spacing opens Latin capitals and leaves Arabic letters
    /// joined (the embedded faces lack them; the glyphs keep their text).
    #[test]
    fn tracking_leaves_a_cursive_script_solid() {
        let mut ts = Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap());
        let mut line = ts.set_line("AB الفصل", FaceKind::Regular, 10.0);
        let before: Vec<(String, f32)> = line
            .runs
            .iter()
            .flat_map(|r| r.glyphs.iter())
            .map(|g| (g.text.as_str().to_string(), g.advance))
            .collect();
        let width = line.width;
        track(&mut line, 1.0);
        let after: Vec<f32> = line
            .runs
            .iter()
            .flat_map(|r| r.glyphs.iter())
            .map(|g| g.advance)
            .collect();
        let mut added = 0.0;
        for ((text, was), now) in before.iter().zip(&after) {
            let arabic = text.chars().next().is_some_and(joins);
            if arabic {
                assert_eq!(now, was, "{text:?} is spaced");
            }
            added += now - was;
        }
        assert_eq!(after[0] - before[0].1, 1.0, "A is spaced");
        assert!((line.width - width - added).abs() < 1e-3);
        assert_eq!(added, 3.0, "A, B and the space");
    }
}
