//! A line set from a case-changed text (small capitals are set from lower case) given back the text as written, glyph by glyph, for copying and searching.
//!
//! [`Typesetter::set_small_caps`](super::Typesetter::set_small_caps) sets
//! "Enver Hoxha" as "enver hoxha" in the small-caps face, whose lower case
//! is its small capitals. The glyphs then stand for "e", "n", …, and a
//! reader copying the running head or a search index reading the PDF got
//! "enver hoxha". Here each glyph's text becomes the part of the written
//! text that its part of the changed text came from.

use super::SetLine;

/// Gives the glyphs of `line`, set from `changed` (each character of
/// `written` changed by `change`, as `str::to_lowercase` or
/// `str::to_uppercase` does), the text of `written` their part came from.
///
/// Nothing changes unless the glyphs' texts, in order, are `changed`
/// exactly, and a glyph keeps its text when its part of `changed` does
/// not start and end where a written character's change does ("ß" made
/// "SS", set as two glyphs: neither stands for a whole "ß").
pub fn restore_written<I>(line: &mut SetLine, written: &str, changed: &str, change: fn(char) -> I)
where
    I: Iterator<Item = char>,
{
    if written == changed {
        return;
    }
    let drawn = line
        .runs
        .iter()
        .flat_map(|run| &run.glyphs)
        .map(|g| g.text.as_str());
    if !drawn.clone().eq_iter(changed) {
        return;
    }
    // Where each written character's change starts in `changed`, and
    // where the written character starts, with both ends appended.
    let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(written.len() + 1);
    let mut changed_chars = changed.char_indices().map(|(i, _)| i).peekable();
    for (at, c) in written.char_indices() {
        let Some(&start) = changed_chars.peek() else {
            return;
        };
        bounds.push((start, at));
        for _ in change(c) {
            if changed_chars.next().is_none() {
                return;
            }
        }
    }
    if changed_chars.next().is_some() {
        // `changed` is longer than `written` changed.
        return;
    }
    bounds.push((changed.len(), written.len()));
    let written_at = |changed_at: usize| {
        bounds
            .binary_search_by_key(&changed_at, |&(c, _)| c)
            .ok()
            .map(|i| bounds[i].1)
    };
    let mut at = 0;
    for glyph in line.runs.iter_mut().flat_map(|run| run.glyphs.iter_mut()) {
        let len = glyph.text.len();
        if len == 0 {
            continue;
        }
        if let (Some(from), Some(to)) = (written_at(at), written_at(at + len)) {
            glyph.text = written[from..to].into();
        }
        at += len;
    }
}

/// Whether the strings of an iterator, joined, are `text`.
trait EqIter {
    fn eq_iter(self, text: &str) -> bool;
}

impl<'t, T: Iterator<Item = &'t str>> EqIter for T {
    fn eq_iter(self, text: &str) -> bool {
        let mut rest = text;
        for part in self {
            match rest.strip_prefix(part) {
                Some(after) => rest = after,
                None => return false,
            }
        }
        rest.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::page::{FontId, Glyph, GlyphRun};

    fn line(texts: &[&str]) -> SetLine {
        SetLine {
            runs: vec![GlyphRun {
                font: FontId(0),
                size: 10.0,
                x: 0.0,
                y: 0.0,
                h_scale: 1.0,
                v_scale: 1.0,
                ink: None,
                glyphs: texts
                    .iter()
                    .map(|t| Glyph {
                        id: 1,
                        advance: 1.0,
                        text: (*t).into(),
                        offset: [0.0, 0.0],
                        tracking: 0.0,
                    })
                    .collect(),
            }],
            ..SetLine::default()
        }
    }

    fn texts(line: &SetLine) -> Vec<String> {
        line.runs[0]
            .glyphs
            .iter()
            .map(|g| g.text.to_string())
            .collect()
    }

    fn lower(c: char) -> std::char::ToLowercase {
        c.to_lowercase()
    }

    fn upper(c: char) -> std::char::ToUppercase {
        c.to_uppercase()
    }

    /// Each case as (written, the glyphs' texts as set, as restored).
    #[test]
    fn glyphs_get_the_written_text_back() {
        let cases: &[(&str, &[&str], &[&str], bool)] = &[
            // One glyph a letter, a space between words.
            (
                "Enver Hoxha",
                &["e", "n", "v", "e", "r", " ", "h", "o", "x", "h", "a"],
                &["E", "n", "v", "e", "r", " ", "H", "o", "x", "h", "a"],
                false,
            ),
            // A ligature's glyph stands for both its letters; the second
            // glyph of a cluster keeps its empty text.
            (
                "Office",
                &["o", "ffi", "", "c", "e"],
                &["O", "ffi", "", "c", "e"],
                false,
            ),
            ("FIN", &["fi", "n"], &["FI", "N"], false),
            // Capitals at the small capitals' height: set upper-cased.
            (
                "Глава 1",
                &["Г", "Л", "А", "В", "А", " ", "1"],
                &["Г", "л", "а", "в", "а", " ", "1"],
                true,
            ),
            // "ß" upper-cased is "SS": neither glyph is a whole "ß", the
            // letters either side are restored.
            (
                "Straße",
                &["S", "T", "R", "A", "S", "S", "E"],
                &["S", "t", "r", "a", "S", "S", "e"],
                true,
            ),
            // …unless one glyph holds both S.
            (
                "Straße",
                &["S", "T", "R", "A", "SS", "E"],
                &["S", "t", "r", "a", "ß", "e"],
                true,
            ),
            // A dotted capital I lower-cases to two characters, i and a
            // combining dot, shaped as one cluster.
            ("İz", &["i\u{307}", "z"], &["İ", "z"], false),
        ];
        for (written, set, restored, up) in cases {
            let mut l = line(set);
            let changed: String = set.concat();
            if *up {
                restore_written(&mut l, written, &changed, upper);
            } else {
                restore_written(&mut l, written, &changed, lower);
            }
            assert_eq!(texts(&l), *restored, "{written}");
        }
    }

    /// A line whose glyphs do not spell the changed text (a mark added,
    /// a letter dropped) is left as set: no glyph's text is guessed.
    #[test]
    fn a_line_that_is_not_the_changed_text_is_left_alone() {
        for set in [
            &["e", "n", "v", "e", "r", "!"][..],
            &["e", "n", "v", "e"][..],
        ] {
            let mut l = line(set);
            restore_written(&mut l, "Enver", "enver", lower);
            assert_eq!(texts(&l), set.to_vec());
        }
        // A Greek final sigma, which only the whole string's change
        // knows, is still one character for one: restored.
        let mut l = line(&["ο", "δ", "ο", "ς"]);
        restore_written(&mut l, "ΟΔΟΣ", "οδος", lower);
        assert_eq!(texts(&l), ["Ο", "Δ", "Ο", "Σ"]);
        // More changed text than the written text gives: left alone.
        let mut l = line(&["ο", "δ", "ο", "ς", "x"]);
        restore_written(&mut l, "ΟΔΟΣ", "οδοςx", lower);
        assert_eq!(texts(&l), ["ο", "δ", "ο", "ς", "x"]);
    }
}
