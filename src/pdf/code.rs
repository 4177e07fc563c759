//! Code blocks in the print edition: the monospace face at a size that fits 64 columns, spacing and tabs kept, never hyphenated or justified, long lines wrapped with a visible continuation mark, short blocks kept whole.
//!
//! Each source line is laid out by columns (every character one advance
//! of the monospace face), so indentation and alignment survive exactly;
//! runs of spaces are gaps, not glyphs. A line longer than the measure
//! breaks at the last space in its final quarter, else at the column
//! limit, and continues two columns in after a “→” that copies out as
//! nothing (the text a reader copies is the code).

use crate::model::Span;
use crate::pdf::flow::{Measures, Origin, Piece, Role};
use crate::pdf::fontset::FaceKind;
use crate::pdf::paginate::Block;
use crate::pdf::paragraph::{SetLine, Typesetter};

/// Columns a code block fits on the measure, at least.
pub const COLUMNS: usize = 64;
/// Tab stops every this many columns.
const TAB: usize = 4;
/// Blocks of at most this many lines never split across pages.
const KEEP_WHOLE: usize = 8;

/// The code size for a measure: the body size a step down, smaller still
/// (in quarter points, not under 6 pt) when [`COLUMNS`] would not fit.
pub fn code_size(ts: &mut Typesetter<'_>, body: f32, width: f32) -> f32 {
    let per_pt = ts.set_line("0", FaceKind::Mono, 10.0).width / 10.0;
    let fit = width / (COLUMNS as f32 * per_pt.max(0.01));
    ((fit.min(body * 0.9) * 4.0).floor() / 4.0).max(6.0)
}

/// A source line with tabs expanded to their stops.
fn expand_tabs(line: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(line.len());
    for c in line.chars() {
        if c == '\t' {
            let n = TAB - out.len() % TAB;
            out.extend(std::iter::repeat_n(' ', n));
        } else if c != '\r' {
            out.push(c);
        }
    }
    out
}

/// Splits a line of `cols` columns at most into chunks: the first `cols`
/// wide, the rest `cols - 2` (they follow the continuation mark). Breaks
/// after the last space in a chunk's final quarter, else at the limit.
fn chunks(line: &[char], cols: usize) -> Vec<&[char]> {
    let mut out = Vec::new();
    let mut rest = line;
    let mut width = cols.max(4);
    while rest.len() > width {
        let lo = width - width / 4;
        let cut = (lo..width)
            .rev()
            .find(|&i| rest[i] == ' ')
            .map_or(width, |i| i + 1);
        out.push(&rest[..cut]);
        rest = &rest[cut..];
        width = cols.saturating_sub(2).max(4);
    }
    out.push(rest);
    out
}

/// A code block as a piece of whole lines on the grid.
pub fn code_block(
    ts: &mut Typesetter<'_>,
    text: &str,
    span: Span,
    file: &str,
    m: &Measures,
    inset: f32,
    role: Role,
) -> Piece {
    let indent = m.size;
    let width = m.measure - 2.0 * inset - indent;
    let size = code_size(ts, m.size, width);
    let advance = ts.set_line("0", FaceKind::Mono, size).width;
    let cols = ((width / advance.max(0.01)) + 1e-3).floor() as usize;
    let blank = ts.set_line("", FaceKind::Mono, size);
    let mut mark = ts.set_line("\u{2192}", FaceKind::Regular, size);
    for run in &mut mark.runs {
        for g in &mut run.glyphs {
            g.text.clear();
        }
    }
    let mark_x = (2.0 * advance - mark.width) / 2.0;
    let mut lines = Vec::new();
    for source in text.lines() {
        let chars = expand_tabs(source);
        for (k, chunk) in chunks(&chars, cols).into_iter().enumerate() {
            let mut line = blank.clone();
            let start = if k == 0 {
                0
            } else {
                append(&mut line, &mark, mark_x);
                2
            };
            // Each run of non-spaces at its own column.
            let mut col = 0;
            while col < chunk.len() {
                if chunk[col] == ' ' {
                    col += 1;
                    continue;
                }
                let end = (col..chunk.len())
                    .find(|&i| chunk[i] == ' ')
                    .unwrap_or(chunk.len());
                let word: String = chunk[col..end].iter().collect();
                let set = ts.set_line(&word, FaceKind::Mono, size);
                append(&mut line, &set, (start + col) as f32 * advance);
                col = end;
            }
            line.width = (start + chunk.len()) as f32 * advance;
            lines.push(line);
        }
    }
    if lines.is_empty() {
        lines.push(blank);
    }
    let n = lines.len();
    // Short blocks stay whole; long ones keep two lines together at each end.
    let units = if n <= KEEP_WHOLE {
        vec![n]
    } else {
        let mut u = vec![2];
        u.extend(std::iter::repeat_n(1, n - 4));
        u.push(2);
        u
    };
    Piece {
        block: Block::Rows {
            units,
            head_first: 0,
            head_lines: 0,
            space_before: 1,
            space_after: 1,
        },
        settings: vec![lines],
        unset: None,
        x: inset + indent,
        role,
        origin: Some(Origin {
            file: file.to_string(),
            span,
        }),
        art: Vec::new(),
    }
}

/// Adds `part`'s glyphs to `line`, `dx` from its start.
fn append(line: &mut SetLine, part: &SetLine, dx: f32) {
    for run in &part.runs {
        let mut run = run.clone();
        run.x += dx;
        line.runs.push(run);
    }
    if line.first_word.is_empty() {
        line.first_word = part.first_word.clone();
    }
    if !part.last_word.is_empty() {
        line.last_word = part.last_word.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fontset::FontSet;
    use crate::pdf::hyphenate::Hyphenator;

    fn ts() -> Typesetter<'static> {
        Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap())
    }

    #[test]
    fn tabs_expand_to_their_stops() {
        let s: String = expand_tabs("a\tbc\td").into_iter().collect();
        assert_eq!(s, "a   bc  d");
    }

    #[test]
    fn long_lines_break_at_a_late_space_or_the_limit() {
        let line: Vec<char> = "aaaa bbbb cccc dddd eeee".chars().collect();
        let parts: Vec<String> = chunks(&line, 12)
            .into_iter()
            .map(|c| c.iter().collect())
            .collect();
        assert_eq!(parts, vec!["aaaa bbbb ", "cccc dddd ", "eeee"]);
        let solid: Vec<char> = "x".repeat(30).chars().collect();
        let parts = chunks(&solid, 12);
        assert_eq!(
            parts.iter().map(|c| c.len()).collect::<Vec<_>>(),
            vec![12, 10, 8]
        );
    }

    fn m() -> Measures {
        Measures {
            size: 11.0,
            measure: 300.0,
            indent: 11.0,
            leading: 14.0,
            lines: 30,
            margin: 50.0,
        }
    }

    #[test]
    fn columns_are_kept_and_nothing_passes_the_measure() {
        let long = format!("let x = [{}];", "\"item\", ".repeat(30));
        let code = format!("fn main() {{\n\tlet  a = 1;\n{long}\n    x();\n    y();\n}}");
        let piece = code_block(
            &mut ts(),
            &code,
            Span::default(),
            "c.md",
            &m(),
            0.0,
            Role::Plain,
        );
        let lines = &piece.settings[0];
        assert!(lines.len() > 5, "the long line wraps");
        let size = lines[0].runs[0].size;
        let advance = ts().set_line("0", FaceKind::Mono, size).width;
        // `let` after a tab starts at column 4; `a` after two spaces at column 9.
        let xs: Vec<f32> = lines[1].runs.iter().map(|r| r.x).collect();
        assert!((xs[0] - 4.0 * advance).abs() < 0.01, "{xs:?}");
        assert!((xs[1] - 9.0 * advance).abs() < 0.01, "{xs:?}");
        for line in lines {
            for run in &line.runs {
                let end = run.x + run.glyphs.iter().map(|g| g.advance).sum::<f32>();
                assert!(end <= 300.0 - 11.0 + 0.01, "{end}");
            }
        }
        // 64 columns fit, at most the body size a step down.
        assert!(size <= 9.9 && (289.0 / advance) >= 64.0, "{size} {advance}");
        // The continuation mark copies out as nothing: the text is the code's.
        let copied: String = lines[2..lines.len() - 3]
            .iter()
            .map(SetLine::text)
            .collect();
        assert_eq!(copied, long.replace(' ', ""));
        assert!(lines[3].runs.len() > 1 && lines[3].runs[0].glyphs[0].text.is_empty());
        // Short blocks are one unit; this one keeps two lines at each end.
        let Block::Rows { units, .. } = &piece.block else {
            panic!()
        };
        assert_eq!(units.iter().sum::<usize>(), lines.len());
        assert_eq!((units[0], *units.last().unwrap()), (2, 2));
    }
}
