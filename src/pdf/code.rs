//! Code blocks in the print edition: the monospace face at a size that fits 64 columns, spacing and tabs kept, never hyphenated or justified, long lines wrapped with a visible continuation mark, short blocks kept whole.
//!
//! Each source line is laid out by columns, one advance of the monospace
//! face each, so indentation and alignment survive exactly; runs of spaces
//! are gaps, not glyphs. A character takes the columns a terminal gives it
//! (`pdf::cells`: two for CJK, one for box drawing and arrows) and one the
//! code face lacks is fitted into them from its fallback face. A line
//! longer than the measure breaks at the last space in its final quarter,
//! else at the column limit, and continues two columns in after a “→” that
//! copies out as nothing (the text a reader copies is the code).

use crate::highlight::{self, Ink};
use crate::model::{CodeToken, Span};
use crate::pdf::cells::{cells, cells_of, fit, joins_neighbours, stretch_to_pitch};
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

/// A source line with tabs expanded to their stops (counted in columns,
/// so a tab after a CJK character still reaches the next stop).
#[cfg(test)]
fn expand_tabs(line: &str) -> Vec<char> {
    expand_tabs_at(line).0
}

/// [`expand_tabs`], with the byte offset in `line` each character comes
/// from (a tab's spaces, the tab's).
fn expand_tabs_at(line: &str) -> (Vec<char>, Vec<usize>) {
    let mut out = Vec::with_capacity(line.len());
    let mut from = Vec::with_capacity(line.len());
    let mut column = 0;
    for (at, c) in line.char_indices() {
        if c == '\t' {
            let n = TAB - column % TAB;
            out.extend(std::iter::repeat_n(' ', n));
            from.extend(std::iter::repeat_n(at, n));
            column += n;
        } else if c != '\r' {
            out.push(c);
            from.push(at);
            column += cells(c);
        }
    }
    (out, from)
}

/// The colour of the character at byte `at` of the block's text.
fn ink_at(tokens: &[CodeToken], at: usize) -> Option<Ink> {
    let i = tokens.partition_point(|t| (t.end as usize) <= at);
    tokens
        .get(i)
        .filter(|t| t.start as usize <= at)
        .map(|t| highlight::ink(t.class))
}

/// Splits a line into chunks of at most `cols` columns: the first `cols`
/// wide, the rest (its turnovers, which follow the continuation mark
/// `hang` columns in) `cols - hang - 2`. Breaks in a chunk's final
/// quarter, after its last space, else where code reads on over a line
/// end (after `,` `;` or an opening bracket, or before a `.`, so
/// `….unwrap_or(…)` turns over whole), else at the limit; never between a
/// character and the marks that follow it, nor inside a wide character.
fn chunks(line: &[char], cols: usize, hang: usize) -> Vec<&[char]> {
    let mut out = Vec::new();
    let mut rest = line;
    let mut width = cols.max(4);
    while cells_of(rest) > width {
        // `ends[i]`: the columns rest[..i] takes, for i up to the limit.
        let mut ends = vec![0];
        for &c in rest {
            let end = ends[ends.len() - 1] + cells(c);
            if end > width {
                break;
            }
            ends.push(end);
        }
        // The last cut at the limit that keeps marks with their base
        // (and at least one character, so the line always shortens).
        let limit = (1..ends.len())
            .rev()
            .find(|&i| rest.get(i).is_none_or(|&c| cells(c) > 0))
            .unwrap_or(1);
        let lo = width - width / 4;
        let late = || (1..limit).rev().take_while(|&i| ends[i] >= lo);
        let after_space = late().find(|&i| rest[i] == ' ').map(|i| i + 1);
        let in_syntax = || {
            late().find(|&i| {
                matches!(rest[i - 1], ',' | ';' | '(' | '[' | '{')
                    || (rest[i] == '.' && rest[i - 1] != '.' && rest[i - 1] != ' ')
            })
        };
        let cut = after_space.or_else(in_syntax).unwrap_or(limit);
        out.push(&rest[..cut]);
        rest = &rest[cut..];
        width = cols.saturating_sub(hang + 2).max(4);
    }
    out.push(rest);
    out
}

/// How far a line's turnovers stand in: to its own indentation, so a
/// wrapped line of a nested block reads as part of it (as `listings`'
/// `breakautoindent` sets it), unless that would leave them less than
/// half the columns.
fn turnover_hang(line: &[char], cols: usize) -> usize {
    let lead = line.iter().take_while(|&&c| c == ' ').count();
    if lead + 2 <= cols / 2 {
        lead
    } else {
        0
    }
}

/// Lines a source line's turnovers never leave: kept with them on one
/// page, as a verse line's are. A longer one (a line of data, minified
/// code) may break across pages between lines past its second.
const TURNOVERS_KEPT: usize = 4;

/// The pagination units of a block whose source lines set `set[i]` lines
/// each: a short block whole; else each source line with its turnovers
/// ([`TURNOVERS_KEPT`]), and two lines together at each end of the block.
fn units(set: &[usize]) -> Vec<usize> {
    let n: usize = set.iter().sum();
    if n <= KEEP_WHOLE {
        return vec![n];
    }
    let mut units: Vec<usize> = Vec::with_capacity(set.len());
    for &k in set {
        if k <= TURNOVERS_KEPT {
            units.push(k);
        } else {
            units.push(2);
            units.extend(std::iter::repeat_n(1, k - 4));
            units.push(2);
        }
    }
    // Two lines together at each end.
    if units.len() > 1 && units[0] < 2 {
        let first = units.remove(0);
        units[0] += first;
    }
    let last = units.len() - 1;
    if last > 0 && units[last] < 2 {
        let end = units.pop().unwrap_or(0);
        let last = units.len() - 1;
        units[last] += end;
    }
    units
}

/// A code block as a piece of whole lines on the grid, its tokens in
/// their colours.
#[allow(clippy::too_many_arguments)]
pub fn code_block(
    ts: &mut Typesetter<'_>,
    text: &str,
    tokens: &[CodeToken],
    span: Span,
    file: &str,
    m: &Measures,
    inset: f32,
    role: Role,
) -> Piece {
    listing(ts, text, tokens, &[], None, span, file, m, inset, role)
}

/// A model's code block (its caption opened by its label), as
/// [`listing`] sets it; an empty piece for any other block.
pub fn of_block(
    ts: &mut Typesetter<'_>,
    block: &crate::model::Block,
    file: &str,
    m: &Measures,
    inset: f32,
    role: Role,
) -> Piece {
    let crate::model::Block::CodeBlock {
        text,
        tokens,
        caption,
        label,
        first_line,
        span,
        ..
    } = block
    else {
        return code_block(ts, "", &[], block.span(), file, m, inset, role);
    };
    let caption = crate::pdf::caption::labelled(label.as_deref(), caption);
    listing(
        ts,
        text,
        tokens,
        &caption,
        *first_line,
        *span,
        file,
        m,
        inset,
        role,
    )
}

/// [`code_block`] as a listing: `caption` (already opened by its label,
/// see `caption::labelled`) set above the code, and the lines numbered
/// from `first_line` when given (`crate::pdf::listing`).
#[allow(clippy::too_many_arguments)]
pub fn listing(
    ts: &mut Typesetter<'_>,
    text: &str,
    tokens: &[CodeToken],
    caption: &[crate::model::Inline],
    first_line: Option<u32>,
    span: Span,
    file: &str,
    m: &Measures,
    inset: f32,
    role: Role,
) -> Piece {
    let indent = m.size;
    let width = m.measure - 2.0 * inset - indent;
    // One size for the book's code, set by the text's measure: a block in
    // a list or a quotation is as large as the text's, its long lines
    // turning over sooner (it was set smaller to keep 64 columns).
    let size = code_size(ts, m.size, m.measure - indent);
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
    let mut set_per_source = Vec::new();
    let mut source_start = 0;
    let numbers = first_line.map(|first| crate::pdf::listing::Numbers::new(first, size));
    for (source_index, source) in text.split_inclusive('\n').enumerate() {
        let (chars, from) = expand_tabs_at(source.strip_suffix('\n').unwrap_or(source));
        let inks: Vec<Option<Ink>> = from
            .iter()
            .map(|&at| ink_at(tokens, source_start + at))
            .collect();
        source_start += source.len();
        let hang = turnover_hang(&chars, cols);
        let parts = chunks(&chars, cols, hang);
        set_per_source.push(parts.len());
        let mut chunk_start = 0;
        for (k, chunk) in parts.into_iter().enumerate() {
            let chunk_inks = &inks[chunk_start..chunk_start + chunk.len()];
            chunk_start += chunk.len();
            let mut line = blank.clone();
            let start = if k == 0 {
                0
            } else {
                append(&mut line, &mark, mark_x + hang as f32 * advance);
                hang + 2
            };
            // Each run of non-spaces in one colour at its own column.
            let (mut i, mut col) = (0, start);
            while i < chunk.len() {
                if chunk[i] == ' ' {
                    i += 1;
                    col += 1;
                    continue;
                }
                let end = (i..chunk.len())
                    .find(|&k| chunk[k] == ' ' || chunk_inks[k] != chunk_inks[i])
                    .unwrap_or(chunk.len());
                let runs_before = line.runs.len();
                col = set_word(
                    ts,
                    &mut line,
                    &chunk[i..end],
                    col,
                    (advance, m.leading),
                    size,
                );
                for run in &mut line.runs[runs_before..] {
                    run.ink = chunk_inks[i];
                }
                i = end;
            }
            line.width = col as f32 * advance;
            if let (Some(numbers), 0) = (&numbers, k) {
                numbers.put(ts, &mut line, source_index, advance);
            }
            lines.push(line);
        }
    }
    if lines.is_empty() {
        lines.push(blank);
        set_per_source.push(1);
    }
    let mut units = units(&set_per_source);
    // The caption above, kept with the code's first unit (its first
    // lines, or the whole of a short block) on one page.
    let above = crate::pdf::listing::caption_lines(ts, caption, m.size, width);
    if !above.is_empty() {
        units[0] += above.len();
        lines.splice(0..0, above);
    }
    Piece {
        block: Block::Rows {
            units,
            head_first: 0,
            head_lines: 0,
            continued: 0,
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
        flag: None,
        bars: Vec::new(),
    }
}

/// Sets `word` (no spaces) on `line` from column `col`, and returns the
/// column after it. Characters the code face draws in one column are
/// shaped together, as any word is; each other one (a character the face
/// lacks, a wide one, a mark with no base) is set alone and fitted into
/// its columns ([`fit`]), so nothing after it moves off the grid, and a
/// line-drawing one also stretched to the lines' `pitch`
/// ([`stretch_to_pitch`]), so it meets the next line's.
fn set_word(
    ts: &mut Typesetter<'_>,
    line: &mut SetLine,
    word: &[char],
    mut col: usize,
    (advance, pitch): (f32, f32),
    size: f32,
) -> usize {
    let mut plain = String::new();
    let mut plain_col = col;
    let mut i = 0;
    while i < word.len() {
        // A character and the zero-width marks after it: one cluster.
        let end = (i + 1..word.len())
            .find(|&k| cells(word[k]) > 0)
            .unwrap_or(word.len());
        let cluster = &word[i..end];
        let columns = cells_of(cluster);
        let drawn = cluster
            .iter()
            .all(|&c| ts.fonts().has_char(FaceKind::Mono, c));
        let joins = joins_neighbours(word[i]);
        if drawn && columns == 1 && !joins {
            if plain.is_empty() {
                plain_col = col;
            }
            plain.extend(cluster);
        } else {
            if !plain.is_empty() {
                let set = ts.set_line(&plain, FaceKind::Mono, size);
                append(line, &set, plain_col as f32 * advance);
                plain.clear();
            }
            let text: String = cluster.iter().collect();
            let mut set = ts.set_line(&text, FaceKind::Mono, size);
            fit(&mut set, ts.fonts(), columns, advance, joins);
            if joins {
                stretch_to_pitch(&mut set, ts.fonts(), pitch);
            }
            append(line, &set, col as f32 * advance);
        }
        col += columns;
        i = end;
    }
    if !plain.is_empty() {
        let set = ts.set_line(&plain, FaceKind::Mono, size);
        append(line, &set, plain_col as f32 * advance);
    }
    col
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
    use crate::model::{FallbackFont, FontFiles};
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
    fn tab_stops_count_columns_not_characters() {
        // 中 takes two columns: the tab after it fills to column 4.
        let s: String = expand_tabs("中\tx").into_iter().collect();
        assert_eq!(s, "中  x");
    }

    #[test]
    fn long_lines_break_by_columns_and_keep_marks_with_their_letter() {
        // Six wide characters are twelve columns: two chunks of eight and four.
        let wide: Vec<char> = "中文中文中文".chars().collect();
        let parts = chunks(&wide, 8, 0);
        assert_eq!(
            parts.iter().map(|c| c.len()).collect::<Vec<_>>(),
            vec![4, 2]
        );
        // `e` and its combining accent stay on one side of the break.
        let marked: Vec<char> = "abcde\u{301}fgh".chars().collect();
        let parts = chunks(&marked, 5, 0);
        assert_eq!(parts[0].iter().collect::<String>(), "abcde\u{301}");
        let parts = chunks(&marked, 4, 0);
        assert_eq!(parts[0].iter().collect::<String>(), "abcd");
        assert_eq!(parts[1].iter().collect::<String>(), "e\u{301}fgh");
    }

    #[test]
    fn long_lines_break_at_a_late_space_or_the_limit() {
        let line: Vec<char> = "aaaa bbbb cccc dddd eeee".chars().collect();
        let parts: Vec<String> = chunks(&line, 12, 0)
            .into_iter()
            .map(|c| c.iter().collect())
            .collect();
        assert_eq!(parts, vec!["aaaa bbbb ", "cccc dddd ", "eeee"]);
        let solid: Vec<char> = "x".repeat(30).chars().collect();
        let parts = chunks(&solid, 12, 0);
        assert_eq!(
            parts.iter().map(|c| c.len()).collect::<Vec<_>>(),
            vec![12, 10, 8]
        );
    }

    /// Without a space late in the line, a turnover starts where code
    /// reads on: after a comma or an opening bracket, or before a method's
    /// dot, not inside a name ("….unw / rap_or(&0)").
    #[test]
    fn long_lines_turn_over_where_the_code_reads_on() {
        let text = |parts: Vec<&[char]>| -> Vec<String> {
            parts.into_iter().map(|c| c.iter().collect()).collect()
        };
        let chained: Vec<char> = "totals.get(&key).copied().unwrap_or(0)".chars().collect();
        assert_eq!(
            text(chunks(&chained, 28, 0)),
            ["totals.get(&key).copied()", ".unwrap_or(0)"]
        );
        let call: Vec<char> = "f(alpha,beta,gamma,delta,epsilon)".chars().collect();
        assert_eq!(
            text(chunks(&call, 24, 0)),
            ["f(alpha,beta,gamma,", "delta,epsilon)"]
        );
    }

    /// A line's turnovers stand at its own indentation (past the mark),
    /// unless that leaves them under half the columns.
    #[test]
    fn turnovers_keep_their_lines_indentation() {
        let nested: Vec<char> = format!("{}call(one, two, three, four, five)", " ".repeat(8))
            .chars()
            .collect();
        assert_eq!(turnover_hang(&nested, 30), 8);
        let parts = chunks(&nested, 30, 8);
        assert!(parts.len() > 1);
        assert!(
            parts[1..].iter().all(|p| cells_of(p) <= 30 - 8 - 2),
            "{parts:?}"
        );
        let deep: Vec<char> = format!("{}x", " ".repeat(20)).chars().collect();
        assert_eq!(turnover_hang(&deep, 30), 0);
    }

    /// A source line and its turnovers are one unit (up to four lines; a
    /// longer one keeps two at each end); two lines stay together at each
    /// end of the block; a short block is whole.
    #[test]
    fn a_line_and_its_turnovers_share_a_page() {
        assert_eq!(units(&[1, 2, 1]), [4]);
        assert_eq!(units(&[1, 1, 3, 1, 1, 1, 1, 1, 1]), [2, 3, 1, 1, 1, 1, 2]);
        assert_eq!(units(&[1, 1, 7, 1, 1]), [2, 2, 1, 1, 1, 2, 2]);
        assert_eq!(units(&[4, 4, 4]), [4, 4, 4]);
        for set in [vec![1; 20], vec![3, 1, 9, 2, 1, 1, 5]] {
            assert_eq!(units(&set).iter().sum::<usize>(), set.iter().sum::<usize>());
        }
    }

    /// Code in a list item or a quotation is set at the text's code size
    /// (it was set smaller, to keep 64 columns in the narrower measure).
    #[test]
    fn code_is_one_size_at_any_depth() {
        let size_at = |inset: f32| {
            let piece = code_block(
                &mut ts(),
                "cargo install broker-cli",
                &[],
                Span::default(),
                "c.md",
                &m(),
                inset,
                Role::Plain,
            );
            piece.settings[0][0].runs[0].size
        };
        assert_eq!(size_at(0.0), size_at(22.0));
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
            &[],
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

    #[test]
    fn tokens_are_set_in_their_colours_on_the_same_columns() {
        let code = "fn main() {\n\tlet s = \"hi\"; // a long comment that wraps over the end of the line here\n}";
        let tokens = crate::highlight::tokens("rust", code);
        let set = |tokens: &[CodeToken]| {
            code_block(
                &mut ts(),
                code,
                tokens,
                Span::default(),
                "c.md",
                &m(),
                0.0,
                Role::Plain,
            )
            .settings
            .remove(0)
        };
        let (plain, coloured) = (set(&[]), set(&tokens));
        assert_eq!(plain.len(), coloured.len());
        let text_of = |ink: Option<Ink>, lines: &[SetLine]| -> String {
            lines
                .iter()
                .flat_map(|l| &l.runs)
                .filter(|r| r.ink == ink)
                .flat_map(|r| r.glyphs.iter().map(|g| g.text.as_str()))
                .collect()
        };
        use crate::model::CodeClass;
        let ink = |class| Some(highlight::ink(class));
        assert_eq!(text_of(ink(CodeClass::Keyword), &coloured), "fnlet");
        assert_eq!(text_of(ink(CodeClass::Function), &coloured), "main");
        assert_eq!(text_of(ink(CodeClass::String), &coloured), "\"hi\"");
        // The comment, turned over onto the next line, keeps its colour.
        let comment = text_of(ink(CodeClass::Comment), &coloured);
        assert!(
            comment.starts_with("//along") && comment.ends_with("here"),
            "{comment}"
        );
        assert!(coloured[2]
            .runs
            .iter()
            .skip(1)
            .all(|r| r.ink == ink(CodeClass::Comment)));
        assert!(plain.iter().flat_map(|l| &l.runs).all(|r| r.ink.is_none()));
        // Every glyph where it stood uncoloured.
        let pens = |lines: &[SetLine]| -> Vec<(String, i64)> {
            lines
                .iter()
                .flat_map(|l| l.runs.iter())
                .flat_map(|r| {
                    let mut x = r.x;
                    r.glyphs.iter().map(move |g| {
                        let at = (g.text.to_string(), (x * 100.0).round() as i64);
                        x += g.advance;
                        at
                    })
                })
                .collect()
        };
        assert_eq!(pens(&plain), pens(&coloured));
    }

    /// The embedded faces, with EB Garamond again as the one fallback: it
    /// has arrows and maths signs Inconsolata lacks, at their own widths.
    fn ts_with_fallback() -> Typesetter<'static> {
        let files: &'static FontFiles = Box::leak(Box::new(FontFiles {
            fallbacks: vec![FallbackFont {
                label: "garamond-again".into(),
                bytes: std::sync::Arc::new(crate::fonts::REGULAR.to_vec()),
                index: 0,
            }],
            ..FontFiles::default()
        }));
        Typesetter::new(
            FontSet::new(files).unwrap(),
            Hyphenator::new("en-GB", 2, 3).unwrap(),
        )
    }

    /// Lines of a code block set with [`ts_with_fallback`], and the column advance.
    fn set_code(code: &str) -> (Vec<SetLine>, f32) {
        let mut ts = ts_with_fallback();
        let piece = code_block(
            &mut ts,
            code,
            &[],
            Span::default(),
            "c.md",
            &m(),
            0.0,
            Role::Plain,
        );
        let size = piece.settings[0][0].runs[0].size;
        let advance = ts.set_line("0", FaceKind::Mono, size).width;
        (piece.settings[0].clone(), advance)
    }

    /// Each glyph's text and the x its pen starts at.
    fn pens(line: &SetLine) -> Vec<(String, f32)> {
        let mut out = Vec::new();
        for run in &line.runs {
            let mut x = run.x;
            for g in &run.glyphs {
                out.push((g.text.as_str().to_string(), x));
                x += g.advance;
            }
        }
        out
    }

    #[test]
    fn columns_line_up_across_characters_from_a_fallback_face() {
        let fonts = ts_with_fallback();
        for c in ['→', '←', '≤'] {
            assert!(!fonts.fonts().has_char(FaceKind::Mono, c), "{c}");
            assert!(fonts.fonts().has_char(FaceKind::Fallback(0), c), "{c}");
        }
        let (lines, advance) = set_code("|12345678|\n|a → b   |\n|a→b←c≤d |");
        let ends: Vec<f32> = lines
            .iter()
            .map(|line| {
                let last = line.runs.last().unwrap();
                last.x + last.glyphs.iter().map(|g| g.advance).sum::<f32>()
            })
            .collect();
        for (line, end) in lines.iter().zip(&ends) {
            assert!(
                (end - 10.0 * advance).abs() < 0.01,
                "{} ends at {end}: {ends:?}",
                line.text()
            );
            assert!((line.width - 10.0 * advance).abs() < 0.01);
        }
        // Every character of the ASCII code face starts on its column.
        let grid = |line: &SetLine, text: &str, col: f32| {
            let pen = pens(line).into_iter().find(|(t, _)| t == text).unwrap().1;
            assert!(
                (pen - col * advance).abs() < 0.01,
                "{text} at {pen}, not column {col}"
            );
        };
        grid(&lines[1], "b", 5.0);
        grid(&lines[2], "b", 3.0);
        grid(&lines[2], "c", 5.0);
        grid(&lines[2], "d", 7.0);
    }

    #[test]
    fn a_fallback_glyph_stays_within_its_cells() {
        let mut ts = ts_with_fallback();
        let code = "a→b←c≤d中e";
        let piece = code_block(
            &mut ts,
            code,
            &[],
            Span::default(),
            "c.md",
            &m(),
            0.0,
            Role::Plain,
        );
        let line = &piece.settings[0][0];
        let size = line.runs[0].size;
        let advance = ts.set_line("0", FaceKind::Mono, size).width;
        let mut col = 0;
        for c in code.chars() {
            let cells = cells(c);
            let runs: Vec<_> = line
                .runs
                .iter()
                .filter(|r| r.glyphs.iter().any(|g| g.text == c.to_string().as_str()))
                .cloned()
                .collect();
            assert_eq!(runs.len(), 1, "{c}");
            if runs[0].font != FaceKind::Mono.font_id() {
                let (left, right) = crate::pdf::cells::extent(&runs, ts.fonts()).unwrap();
                let (start, end) = (col as f32 * advance, (col + cells) as f32 * advance);
                assert!(
                    left >= start - 0.01 && right <= end + 0.01,
                    "{c}: {left}..{right} outside {start}..{end}"
                );
            }
            col += cells;
        }
    }
}
