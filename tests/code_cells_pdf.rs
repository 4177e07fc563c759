//! Code blocks holding characters the code face lacks (box drawing, arrows, maths, CJK), in the print edition: every character on the columns a terminal gives it, and a fallback face's glyph inside its cells.
//!
//! Each test reads the laid-out pages (glyph runs with their pens) and
//! walks a code line character by character: a character of the code face
//! must start exactly on its column, any other one must keep its pen
//! movement and its ink within its cells. The test with installed faces
//! (a CJK fallback named by family, DejaVu Sans Mono found for code) is
//! `#[ignore]`d: `.ci/run` installs them.

mod common;
use common::*;

use bookpack::diagnostics::Diagnostics;
use bookpack::pdf::book::{build, Built};
use bookpack::pdf::cells::{cells, extent};
use bookpack::pdf::fontset::{FaceKind, FontSet};
use bookpack::pdf::page::GlyphRun;

/// Code lines of ten columns each: the first all ASCII, the others with
/// characters from fallback faces, with and without spaces around them.
const LINES: [&str; 5] = [
    "|12345678|",
    "|a→b←c≤dd|",
    "|a → b   |",
    "|λx.x→y  |",
    "|≤≤≤≤≤≤≤≤|",
];

fn book_toml(fallbacks: &str) -> String {
    format!(
        "title = \"Cells\"\nauthors = [\"A\"]\nlanguage = \"en-GB\"\nchapters = [\"01.md\"]\n\n[pdf]\nfallback-fonts = {fallbacks}\n"
    )
}

fn chapter(lines: &[&str]) -> String {
    format!("# Cells\n\n```text\n{}\n```\n", lines.join("\n"))
}

fn built(dir: &std::path::Path) -> (bookpack::model::Book, Built) {
    let (book, _) = bookpack::source::load_book(dir).unwrap_or_else(|f| panic!("{f}"));
    let mut diags = Diagnostics::new();
    let built = build(&book, &mut diags).unwrap();
    (book, built)
}

/// One glyph as placed: its text, pen x, and where it is in its run.
struct Placed<'r> {
    text: String,
    pen: f32,
    run: &'r GlyphRun,
    index: usize,
}

/// The glyphs of the page's code (runs set in the code face or a
/// fallback), by baseline, each line's in pen order.
fn code_lines(built: &Built) -> Vec<Vec<Placed<'_>>> {
    let mut lines: Vec<(f32, Vec<Placed<'_>>)> = Vec::new();
    for page in &built.document.pages {
        for run in &page.runs {
            if run.font.0 < FaceKind::Mono.index() {
                continue;
            }
            let mut pen = run.x;
            for (index, g) in run.glyphs.iter().enumerate() {
                let placed = Placed {
                    text: g.text.as_str().to_string(),
                    pen,
                    run,
                    index,
                };
                match lines.iter_mut().find(|(y, _)| (y - run.y).abs() < 0.01) {
                    Some((_, line)) => line.push(placed),
                    None => lines.push((run.y, vec![placed])),
                }
                pen += g.advance;
            }
        }
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    lines
        .into_iter()
        .map(|(_, mut line)| {
            line.sort_by(|a, b| a.pen.total_cmp(&b.pen));
            line.retain(|p| !p.text.is_empty());
            line
        })
        .collect()
}

/// Checks every character of `source` against its columns in `line`;
/// `left` is the code's left edge, `advance` a column. Returns the
/// characters set in another face than the code face.
fn assert_on_columns(
    source: &str,
    line: &[Placed<'_>],
    fonts: &FontSet<'_>,
    left: f32,
    advance: f32,
) -> Vec<char> {
    let chars: Vec<char> = source.chars().filter(|&c| c != ' ').collect();
    let texts: String = line.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, chars.iter().collect::<String>(), "{source}");
    let mut from_fallback = Vec::new();
    let (mut col, mut k) = (0, 0);
    for c in source.chars() {
        let width = cells(c);
        if c != ' ' {
            let placed = &line[k];
            k += 1;
            let (start, end) = (
                left + col as f32 * advance,
                left + (col + width) as f32 * advance,
            );
            if placed.run.font == FaceKind::Mono.font_id() {
                assert!(
                    (placed.pen - start).abs() < 0.01,
                    "{c:?} of {source:?} at {}, not {start}",
                    placed.pen
                );
            } else {
                from_fallback.push(c);
                let glyph = placed.run.glyphs[placed.index].clone();
                let alone = [GlyphRun {
                    glyphs: vec![glyph],
                    x: placed.pen,
                    ..placed.run.clone()
                }];
                let (lo, hi) = extent(&alone, fonts).unwrap();
                assert!(
                    lo >= start - 0.01 && hi <= end + 0.01,
                    "{c:?} of {source:?} reaches {lo}..{hi}, its cells are {start}..{end}"
                );
            }
        }
        col += width;
    }
    from_fallback
}

/// The code's left edge and column advance, from the all-ASCII first line.
fn grid(first: &[Placed<'_>]) -> (f32, f32) {
    let left = first[0].pen;
    (left, (first[9].pen - left) / 9.0)
}

#[test]
fn fallback_characters_keep_the_code_on_its_columns() {
    // EB Garamond, as a file in the book's folder, is the fallback: it has
    // arrows, ≤ and Greek at proportional widths (where DejaVu Sans Mono
    // is installed, it is found for code and sets them first).
    let dir = temp_book(
        &book_toml("[\"EBGaramond12-Regular.ttf\"]"),
        &[("01.md", &chapter(&LINES))],
    );
    std::fs::copy(
        root().join("fonts/EBGaramond12-Regular.ttf"),
        dir.path().join("EBGaramond12-Regular.ttf"),
    )
    .unwrap();
    let (book, built) = built(dir.path());
    let fonts = FontSet::new(&book.assets.fonts).unwrap();
    let lines = code_lines(&built);
    assert_eq!(lines.len(), LINES.len());
    let (left, advance) = grid(&lines[0]);
    let mut from_fallback = Vec::new();
    for (source, line) in LINES.iter().zip(&lines) {
        from_fallback.extend(assert_on_columns(source, line, &fonts, left, advance));
    }
    assert!(
        from_fallback.contains(&'→') && from_fallback.contains(&'λ'),
        "{from_fallback:?}"
    );
}

/// The user's report: a tree and a table drawn with box drawing, arrows and
/// maths, a CJK face named as the fallback. DejaVu Sans Mono, found for
/// code, sets the one-column characters and the CJK face the wide ones;
/// box drawing fills its cells edge to edge, so `├──` is one line.
#[test]
#[ignore = "needs fonts-noto-cjk and fonts-dejavu-core"]
fn a_cjk_fallback_and_an_installed_monospace_face_keep_the_columns() {
    let mut lines = vec!["├──src/───|", "│   └──main|", "|中文ab中 |", "|∀x∈S  ⟨⟩|"];
    lines.extend(LINES);
    let dir = temp_book(
        &book_toml("[\"Noto Serif CJK SC\"]"),
        &[("01.md", &chapter(&lines))],
    );
    let (book, built) = built(dir.path());
    let fonts = FontSet::new(&book.assets.fonts).unwrap();
    let code = code_lines(&built);
    assert_eq!(code.len(), lines.len());
    let (left, advance) = grid(&code[4]);
    for (source, line) in lines.iter().zip(&code) {
        assert_on_columns(source, line, &fonts, left, advance);
    }
    let font_of = |line: &[Placed<'_>], text: &str| {
        let run = line.iter().find(|p| p.text == text).unwrap().run;
        book_font_name(&built, run)
    };
    assert_eq!(font_of(&code[0], "─"), "DejaVuSansMono");
    assert_eq!(font_of(&code[7], "λ"), "DejaVuSansMono");
    assert!(
        font_of(&code[2], "中").contains("CJK"),
        "{}",
        font_of(&code[2], "中")
    );
    // Box drawing: pen movement and ink fill the cell exactly, so the
    // three characters of `├──` make one unbroken line.
    let tree = &code[0];
    for (k, placed) in tree.iter().take(3).enumerate() {
        let glyph = placed.run.glyphs[placed.index].clone();
        let alone = [GlyphRun {
            glyphs: vec![glyph],
            x: placed.pen,
            ..placed.run.clone()
        }];
        let (lo, hi) = extent(&alone, &fonts).unwrap();
        let start = left + k as f32 * advance;
        assert!(
            (lo - start).abs() < 0.02 && (hi - start - advance).abs() < 0.02,
            "{}: {lo}..{hi}",
            placed.text
        );
    }
    // And vertically: `├` on the first line and `│` under it on the
    // second are stretched from their baselines until their strokes meet
    // (DejaVu's stop short of the line pitch), the arms of `├──` alike.
    let (top, below) = (&code[0][0], &code[1][0]);
    assert_eq!((top.text.as_str(), below.text.as_str()), ("├", "│"));
    let pitch = below.run.y - top.run.y;
    let reach = |p: &Placed<'_>| {
        let c = p.text.chars().next().unwrap();
        let (low, high) = fonts.char_ink_y(p.run.font, c, p.run.size).unwrap();
        (
            p.run.y - high * p.run.v_scale,
            p.run.y - low * p.run.v_scale,
        )
    };
    let ((_, top_to), (below_from, below_to)) = (reach(top), reach(below));
    assert!(top.run.v_scale > 1.0, "{}", top.run.v_scale);
    assert!(
        top_to >= below_from && top_to - below_from < 0.05 * pitch,
        "├ reaches down to {top_to}, │ up to {below_from} (pitch {pitch})"
    );
    assert!(
        (below_to - below_from - pitch * 1.02).abs() < 0.05,
        "{below_from}..{below_to}"
    );
    assert_eq!(code[0][1].run.v_scale, top.run.v_scale, "─ as ├");
}

fn book_font_name(built: &Built, run: &GlyphRun) -> String {
    built.document.fonts[run.font.0].name.clone()
}
