//! The print edition's tables: widths, wrapping, rules, continued parts.

/// The room beyond the least widths goes evenly to the columns that
/// want more, a column wanting less than its share taking all it
/// wants; nothing is left over while any column wants more.
#[test]
fn room_goes_first_to_what_short_columns_want() {
    // A town column wanting 15 pt, a remark wanting 300, 100 to share.
    let got = share_room(&[30.0, 40.0], &[45.0, 340.0], 100.0);
    assert_eq!(got, [45.0, 125.0]);
    // Two long columns share evenly; a third takes its little.
    let got = share_room(&[10.0, 10.0, 10.0], &[200.0, 300.0, 14.0], 104.0);
    assert_eq!(got, [60.0, 60.0, 14.0]);
    // Room enough for all: every column at its largest.
    let got = share_room(&[10.0, 20.0], &[15.0, 30.0], 15.0);
    assert_eq!(got, [15.0, 30.0]);
}
use super::*;
use crate::pdf::fontset::FontSet;
use crate::pdf::hyphenate::Hyphenator;

fn ts() -> Typesetter<'static> {
    Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap())
}

fn text(t: &str) -> Vec<Inline> {
    vec![Inline::Text {
        text: t.to_string(),
    }]
}

fn m(measure: f32) -> Measures {
    Measures {
        size: 11.0,
        measure,
        indent: 11.0,
        leading: 14.0,
        lines: 30,
        margin: 50.0,
    }
}

/// A table set at `measure` (no caption when `caption` is empty).
fn set_table(
    measure: f32,
    caption: &str,
    head: &[&str],
    rows: &[Vec<&str>],
    align: &[ColumnAlign],
) -> (Piece, Diagnostics) {
    let mut diags = Diagnostics::new();
    let rows: Vec<Vec<Vec<Inline>>> = rows
        .iter()
        .map(|r| r.iter().map(|c| text(c)).collect())
        .collect();
    let head: Vec<Vec<Inline>> = head.iter().map(|c| text(c)).collect();
    let caption = if caption.is_empty() {
        Vec::new()
    } else {
        text(caption)
    };
    let piece = table(
        &mut ts(),
        &caption,
        align,
        &head,
        &rows,
        Span { line: 3, col: 1 },
        "t.md",
        &m(measure),
        0.0,
        Role::Plain,
        &mut diags,
    );
    (piece, diags)
}

/// A caption's note reference is cited on the table's first page; the
/// caption marked as continued on later pages does not cite it again
/// (the note would be numbered and set twice at page feet).
#[test]
fn the_continued_caption_leaves_out_the_captions_note_references() {
    let note = Inline::NoteRef {
        number: 1,
        first: true,
        id: "noteref-1-1".into(),
    };
    let caption = vec![
        Inline::Text {
            text: "Towns".into(),
        },
        Inline::Emphasis {
            content: vec![note.clone()],
        },
        note,
    ];
    let rows = vec![vec![text("Tirana"), text("418")]];
    let head = vec![text("Name"), text("Count")];
    let piece = table(
        &mut ts(),
        &caption,
        &[ColumnAlign::Left, ColumnAlign::Right],
        &head,
        &rows,
        Span { line: 3, col: 1 },
        "t.md",
        &m(300.0),
        0.0,
        Role::Plain,
        &mut Diagnostics::new(),
    );
    let Block::Rows {
        units, continued, ..
    } = &piece.block
    else {
        panic!()
    };
    let lines = &piece.settings[0];
    let refs = |range: std::ops::Range<usize>| -> usize {
        lines[range].iter().map(|l| l.note_refs.len()).sum()
    };
    let first: usize = units.iter().sum();
    assert_eq!(refs(0..first), 2);
    assert_eq!(*continued, 2);
    assert_eq!(refs(first..first + continued), 0);
    assert_eq!(line_text(&lines[first]), "Towns (continued)");
}

fn set(measure: f32, rows: &[[&str; 2]], align: [ColumnAlign; 2]) -> (Piece, Diagnostics) {
    let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
    set_table(measure, "A caption", &["Name", "Count"], &rows, &align)
}

/// Every glyph run's extent on a line: (x start, x end).
fn extents(line: &SetLine) -> Vec<(f32, f32)> {
    line.runs
        .iter()
        .map(|r| (r.x, r.x + r.glyphs.iter().map(|g| g.advance).sum::<f32>()))
        .collect()
}

#[test]
fn a_narrow_table_keeps_cells_on_one_line_and_is_centred() {
    let (piece, diags) = set(
        300.0,
        &[["Tirana", "418"], ["Vlorë", "79"]],
        [ColumnAlign::Left, ColumnAlign::Right],
    );
    assert!(diags.is_empty());
    let Block::Rows {
        units,
        head_first,
        head_lines,
        continued,
        ..
    } = &piece.block
    else {
        panic!("{:?}", piece.block)
    };
    // Caption, header, two one-line rows, kept whole; then the
    // caption marked as continued and a blank line, for the pages
    // a longer table continues to.
    assert_eq!((*head_first, *head_lines, *continued), (2, 1, 2));
    assert_eq!(units, &vec![5]);
    let lines = &piece.settings[0];
    assert_eq!(lines.len(), 7);
    assert_eq!(line_text(&lines[5]), "A caption (continued)");
    assert!(lines[6].runs.is_empty());
    let lines = &lines[..5];
    // Right-aligned numbers end at the same x.
    let ends: Vec<f32> = lines[3..]
        .iter()
        .map(|l| extents(l).last().unwrap().1)
        .collect();
    assert!((ends[0] - ends[1]).abs() < 0.01, "{ends:?}");
    // Left-aligned names start at the same x, and the table is centred.
    let starts: Vec<f32> = lines[2..].iter().map(|l| extents(l)[0].0).collect();
    assert!(
        starts.iter().all(|s| (s - starts[0]).abs() < 0.01),
        "{starts:?}"
    );
    let rule = &piece.art[0];
    assert!(
        ((rule.x + rule.width / 2.0) - 150.0).abs() < 0.01,
        "{rule:?}"
    );
    // Three rules: above and below the header, at the end.
    assert_eq!(piece.art.len(), 3);
    assert_eq!(
        piece.art.iter().map(|a| a.line).collect::<Vec<_>>(),
        vec![2, 2, 4]
    );
}

/// A table of five rows or fewer is whole when it fits a page; a
/// longer one breaks between rows but leaves two rows at least on
/// each side, unless they and the header are more than a page.
#[test]
fn a_table_never_leaves_one_row_alone_on_a_page() {
    // Caption and header: 3 lines above the rows, the header 1.
    assert_eq!(row_units(3, 1, &[1, 1, 1, 1], 30), [7]);
    assert_eq!(row_units(3, 1, &[1; 5], 30), [8]);
    assert_eq!(row_units(3, 1, &[1; 8], 30), [5, 1, 1, 1, 1, 2]);
    assert_eq!(row_units(3, 1, &[2, 3, 1, 1, 1, 4, 2], 30), [8, 1, 1, 1, 6]);
    // Five tall rows do not fit a page: rows, two at each end if they
    // fit with what goes with them.
    assert_eq!(row_units(3, 1, &[8; 5], 30), [19, 8, 16]);
    assert_eq!(row_units(3, 1, &[20; 4], 30), [23, 20, 20, 20]);
    for rows in [vec![1; 40], vec![3, 1, 9, 2, 1, 1, 5], vec![]] {
        let units = row_units(2, 1, &rows, 30);
        assert_eq!(units.iter().sum::<usize>(), 2 + rows.iter().sum::<usize>());
    }
}

/// A table of any shape without a caption, every column aligned
/// `align`, set without a warning.
fn set_any(measure: f32, head: &[&str], rows: &[Vec<&str>], align: ColumnAlign) -> Piece {
    let (piece, diags) = set_table(measure, "", head, rows, &vec![align; head.len()]);
    assert!(diags.is_empty(), "{diags:?}");
    piece
}

/// The text of a set line's runs.
fn line_text(line: &SetLine) -> String {
    line.runs
        .iter()
        .flat_map(|r| r.glyphs.iter().map(|g| g.text.as_str()))
        .collect()
}

/// Five numeric columns with two-word headings beside a column of
/// notes (the reviewer's latency table): the notes get the room the
/// headings would take to stand on one line, and the table is set a
/// step smaller when that eases the notes by a quarter. A phrase once
/// wrapped over six lines of a 65 pt column here.
#[test]
fn a_crowded_table_gives_its_notes_the_room_and_is_set_a_step_smaller() {
    let head = [
        "Size (bytes)",
        "acks=0 (ms)",
        "acks=1 (ms)",
        "acks=all (ms)",
        "Change (%)",
        "Notes",
    ];
    let note = "GC pause observed in the second half of the run";
    let rows: Vec<Vec<&str>> = (0..4)
        .map(|i| {
            let notes = if i % 2 == 0 { note } else { "warm cache" };
            vec!["1,048,576", "0.48", "10.9", "111.617", "+10.4", notes]
        })
        .collect();
    let piece = set_any(270.0, &head, &rows, ColumnAlign::Default);
    let lines = &piece.settings[0];
    let sizes: std::collections::BTreeSet<u32> = lines
        .iter()
        .flat_map(|l| l.runs.iter().map(|r| (r.size * 10.0).round() as u32))
        .collect();
    assert_eq!(
        sizes.into_iter().collect::<Vec<_>>(),
        [100],
        "set at 10 pt, a step under 11"
    );
    // Each row: the long note over at most four lines, the short one
    // on one. Header (two lines) and 4 rows.
    let Block::Rows {
        units, head_lines, ..
    } = &piece.block
    else {
        panic!()
    };
    assert!(*head_lines <= 2);
    let rows_lines: usize = units.iter().sum::<usize>() - head_lines;
    assert!(
        rows_lines <= 2 * 4 + 2,
        "{rows_lines} lines for four rows: {:?}",
        lines.iter().map(line_text).collect::<Vec<_>>()
    );
}

/// A cell wrapped over lines in a column set flush left hangs its
/// turnovers an em (the table's size) in, so they do not read as rows
/// of their own; a right-aligned column's do not move.
#[test]
fn a_wrapped_text_cell_hangs_its_turnovers() {
    let long = "a remark long enough to need several lines in any column of a book page";
    let (piece, _) = set(
        150.0,
        &[["Tirana", long]],
        [ColumnAlign::Left, ColumnAlign::Left],
    );
    let Block::Rows { units, .. } = &piece.block else {
        panic!()
    };
    let lines = &piece.settings[0][..units.iter().sum()];
    // Where the second column's text starts on each line: the
    // header's "Count", the row's first line, its turnovers.
    let header = lines
        .iter()
        .position(|l| line_text(l).contains("Count"))
        .unwrap();
    let column_start = lines[header].runs.last().unwrap().x;
    let remark_x: Vec<f32> = lines[header..]
        .iter()
        .map(|l| {
            l.runs
                .iter()
                .map(|r| r.x)
                .filter(|&x| x >= column_start - 0.01)
                .fold(f32::MAX, f32::min)
        })
        .collect();
    assert!(remark_x.len() > 3, "{remark_x:?}");
    assert!((remark_x[1] - column_start).abs() < 0.01, "{remark_x:?}");
    for x in &remark_x[2..] {
        assert!((x - column_start - 11.0).abs() < 0.01, "{remark_x:?}");
    }
}

/// The rule under the header stands nearer the header's descenders
/// than the first row's figures, clear of them by 1.5 pt or more at
/// 11 on 14 pt (midway, it stood 1.2 pt over them and read as the
/// row's).
#[test]
fn the_rule_under_the_header_belongs_to_the_header() {
    let (piece, _) = set(
        300.0,
        &[["Tirana", "418"]],
        [ColumnAlign::Left, ColumnAlign::Right],
    );
    let thin: Vec<&Art> = piece
        .art
        .iter()
        .filter(|a| (a.height - 0.44).abs() < 0.01)
        .collect();
    assert_eq!(thin.len(), 1, "{:?}", piece.art);
    let rule = thin[0];
    let (size, leading) = (11.0, 14.0);
    let over_descenders = rule.y - DESCENT * size;
    let over_figures = (leading - FIGURE_HEIGHT * size) - (rule.y + rule.height);
    assert!(
        over_descenders < over_figures,
        "{over_descenders} {over_figures}"
    );
    assert!(over_figures >= 1.5, "{over_figures}");
}

/// A number and its unit tied by a no-break space ("12.7 ms", as the
/// typography pass ties them) are one piece: a column is never
/// narrower than it, even when the table is hyphenated to fit, so no
/// cell runs into the next (a reviewer found "123,456 msg/s" over
/// "1.2 ms").
#[test]
fn a_number_and_its_unit_keep_their_column_wide_enough() {
    let head = [
        "Configuration",
        "Throughput",
        "Latency p50",
        "Latency p99",
        "Replication",
        "Compression",
        "Partitions",
        "Consumers",
    ];
    let row = vec![
        "cluster-0-production-eu-west",
        "123,456\u{a0}msg/s",
        "1.2\u{a0}ms",
        "12.7\u{a0}ms",
        "3",
        "zstd",
        "64",
        "8",
    ];
    let piece = set_any(300.0, &head, &[row.clone(), row], ColumnAlign::Default);
    for line in &piece.settings[0] {
        let mut spans = extents(line);
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        for w in spans.windows(2) {
            assert!(w[0].1 <= w[1].0 + 0.01, "overlap on {:?}", line_text(line));
        }
        let text = line_text(line);
        assert!(!text.contains("msg/") || text.contains("123,456"), "{text}");
    }
}

#[test]
fn a_wide_table_wraps_its_cells_within_the_measure() {
    let long = "a remark long enough to need several lines in any column of a book page";
    let (piece, diags) = set(
        150.0,
        &[["Tirana", long], ["Vlorë", "short"]],
        [ColumnAlign::Default, ColumnAlign::Default],
    );
    assert!(diags.is_empty());
    let lines = &piece.settings[0];
    assert!(lines.len() > 5, "the long cell wraps: {}", lines.len());
    for line in lines {
        for (a, b) in extents(line) {
            assert!(a >= -0.01 && b <= 150.01, "{a} {b}");
        }
    }
    let Block::Rows {
        units, continued, ..
    } = &piece.block
    else {
        panic!()
    };
    // Two rows, kept whole (the caption marked as continued after them).
    assert_eq!(units, &vec![lines.len() - continued]);
}

#[test]
fn a_long_word_is_hyphenated_in_its_column_when_the_table_fits_no_other_way() {
    let long = "internationalisation";
    let text_of = |line: &SetLine| -> String {
        line.runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(|g| g.text.as_str()))
            .collect()
    };
    // 68 pt: the word alone is wider even a step smaller.
    let (piece, diags) = set(
        68.0,
        &[["Tirana", long], ["Vlorë", "short"]],
        [ColumnAlign::Default, ColumnAlign::Default],
    );
    assert!(diags.is_empty(), "{:?}", diags.items());
    let lines = &piece.settings[0];
    for line in lines {
        for (a, b) in extents(line) {
            assert!(a >= -0.01 && b <= 68.01, "{a} {b}: {}", text_of(line));
        }
    }
    let all: Vec<String> = lines.iter().map(text_of).collect();
    // The long word breaks at a hyphen; the other column's words and
    // the header stay whole.
    assert!(
        all.iter()
            .any(|t| t.ends_with(crate::pdf::paragraph::BREAK_HYPHEN_TEXT)),
        "{all:?}"
    );
    let joined = all.join(" ");
    for whole in ["Tirana", "Vlorë", "Name", "Count", "short"] {
        assert!(joined.contains(whole), "{whole} in {all:?}");
    }
    // With room for the word, nothing is hyphenated.
    let (piece, _) = set(
        200.0,
        &[["Tirana", long], ["Vlorë", "short"]],
        [ColumnAlign::Default, ColumnAlign::Default],
    );
    assert!(piece.settings[0].iter().any(|l| text_of(l).contains(long)));
}

/// A compound of many hyphens in a narrow column breaks at as many of
/// them as it needs (three in a row, past the limit body text keeps)
/// rather than run past the column into the margin.
#[test]
fn a_compound_breaks_at_its_own_hyphens_within_its_column() {
    let compound = "A long-standing-hyphen-linked-compound-word-of-the-kind-tables-hold";
    for measure in [120.0f32, 150.0, 180.0] {
        let (piece, _) = set(
            measure,
            &[["Deberny et Peignot", compound]],
            [ColumnAlign::Default, ColumnAlign::Default],
        );
        let lines = &piece.settings[0];
        for line in lines {
            assert!(!line.overfull, "{measure}: {:?}", extents(line));
            for (a, b) in extents(line) {
                assert!(a >= -0.01 && b <= measure + 0.01, "{measure}: {a} {b}");
            }
        }
    }
}

#[test]
fn narrowing_takes_from_the_column_that_can_give_most_and_no_more() {
    assert_eq!(
        narrowed(&[100.0, 50.0, 30.0], &[40.0, 45.0, 30.0], 20.0),
        [80.0, 50.0, 30.0]
    );
    assert_eq!(
        narrowed(&[100.0, 50.0, 30.0], &[40.0, 45.0, 30.0], 63.0),
        [40.0, 47.0, 30.0]
    );
    // More than all can give: each at its hyphenated least.
    assert_eq!(
        narrowed(&[100.0, 50.0, 30.0], &[40.0, 45.0, 30.0], 90.0),
        [40.0, 45.0, 30.0]
    );
}

#[test]
fn a_table_that_cannot_fit_is_a_located_warning_and_does_not_overlap() {
    // Digits: never hyphenated, so nothing narrows the columns.
    let word = "123456789012345678901234567890";
    let (piece, diags) = set(
        60.0,
        &[[word, word]],
        [ColumnAlign::Left, ColumnAlign::Left],
    );
    let d = &diags.items()[0];
    assert!(d.message.contains("wider than the text block"), "{d:?}");
    // 30 digits a cell: even at 8 pt it reaches past the 50 pt margin.
    assert!(d.message.contains("even at 8 pt"), "{d:?}");
    assert!(d.message.contains("past the page's edge"), "{d:?}");
    assert_eq!((d.line, d.col), (3, 1));
    let row = &piece.settings[0][3];
    let e = extents(row);
    assert!(e[0].1 <= e[1].0, "cells overlap: {e:?}");
}

/// A table too wide at a step smaller than the body is set smaller
/// still, down to 70 % of it, before it may leave the text block.
#[test]
fn a_wide_table_takes_smaller_type_before_it_leaves_the_text_block() {
    let word = "1234567890";
    let (piece, diags) = set(
        95.0,
        &[[word, word]],
        [ColumnAlign::Left, ColumnAlign::Left],
    );
    assert!(diags.items().is_empty(), "{:?}", diags.items());
    let mut sizes = Vec::new();
    for line in &piece.settings[0] {
        for (a, b) in extents(line) {
            assert!(a >= -0.01 && b <= 95.01, "{a} {b}");
        }
        sizes.extend(line.runs.iter().map(|r| r.size));
    }
    assert!(sizes.iter().any(|&s| s <= 8.5), "{sizes:?}");
    assert!(sizes.iter().all(|&s| s >= 7.7), "{sizes:?}");
}
