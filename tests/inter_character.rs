//! Chinese justified between its characters: the lines of
//! tests/books/chinese (classical and modern prose, no word spaces) end
//! flush at the measure, their slack shared evenly between ideographs and
//! never put between a character and the closing mark after it.
//!
//! The fixture names the installed Noto Serif CJK SC by family (Debian's
//! fonts-noto-cjk, which `.ci/run` installs), so the test is `#[ignore]`d;
//! without the face it fails (every ideograph would be a .notdef box).

mod common;
use common::*;

use bookpack::diagnostics::Diagnostics;
use bookpack::pdf::book::{build, Built, Geometry, PlacedLine};
use bookpack::pdf::page::Glyph;

fn ideograph(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'))
}

/// Marks that may not start a line (kinsoku): no gap opens before them.
fn closing_mark(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| "，。、；：？！」』）》”".contains(c))
}

/// A line as drawn: its glyphs in order with their pen positions, its
/// baseline, page and where it ends.
struct DrawnLine {
    page: usize,
    text: String,
    glyphs: Vec<(f32, Glyph, f32)>,
    end: f32,
}

/// The body lines of every page, runs grouped by baseline.
fn drawn_lines(built: &Built) -> Vec<DrawnLine> {
    let mut out = Vec::new();
    for (page, p) in built.document.pages.iter().enumerate() {
        let mut baselines: Vec<f32> = p.runs.iter().map(|r| r.y).collect();
        baselines.sort_by(f32::total_cmp);
        baselines.dedup_by(|a, b| (*a - *b).abs() < 0.01);
        for y in baselines {
            let mut glyphs = Vec::new();
            let mut runs: Vec<_> = p.runs.iter().filter(|r| (r.y - y).abs() < 0.01).collect();
            runs.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut end = f32::MIN;
            for run in runs {
                let mut x = run.x;
                for g in &run.glyphs {
                    glyphs.push((x, g.clone(), run.size * run.h_scale));
                    x += g.advance;
                }
                end = end.max(x);
            }
            let text = glyphs.iter().map(|(_, g, _)| g.text.as_str()).collect();
            out.push(DrawnLine {
                page,
                text,
                glyphs,
                end,
            });
        }
    }
    out
}

/// The drawn line a placed line is.
fn drawn_line<'d>(drawn: &'d [DrawnLine], placed: &PlacedLine) -> &'d DrawnLine {
    drawn
        .iter()
        .find(|d| {
            d.page == placed.page
                && d.text.starts_with(&placed.first_word)
                && d.text.ends_with(&placed.last_word)
        })
        .unwrap_or_else(|| panic!("no drawn line for {placed:?}"))
}

/// The Chinese fixture as model and as set.
fn chinese() -> (bookpack::model::Book, Built) {
    let (book_model, _) =
        bookpack::source::load_book(&book("chinese")).unwrap_or_else(|f| panic!("{f}"));
    let mut diags = Diagnostics::new();
    let built = build(&book_model, &mut diags).unwrap();
    (book_model, built)
}

#[test]
#[ignore = "needs fonts-noto-cjk (Noto Serif CJK SC)"]
fn chinese_lines_end_flush_with_the_slack_between_their_ideographs() {
    let (book_model, built) = chinese();
    let notdef = built
        .document
        .pages
        .iter()
        .flat_map(|p| &p.runs)
        .flat_map(|r| &r.glyphs)
        .filter(|g| g.id == 0)
        .count();
    assert_eq!(
        notdef, 0,
        "glyphs without a face: is Noto Serif CJK SC (fonts-noto-cjk) installed?"
    );
    let geometry = Geometry::new(&book_model.pdf);
    let drawn = drawn_lines(&built);

    let mut checked = 0;
    let mut opened = 0;
    for placed in built
        .lines
        .iter()
        .filter(|l| !l.in_foot && !l.last_of_paragraph && ideograph(&l.last_word))
    {
        let line = drawn_line(&drawn, placed);
        let right = geometry.left(line.page) + geometry.measure;
        // Flush: no ideograph or comma hangs, so the edge is the measure.
        assert!(
            (line.end - right).abs() < 0.02,
            "line ends at {} not {right} (page {}): {}",
            line.end,
            line.page + 1,
            line.text
        );
        assert!(!placed.overfull, "{}", line.text);
        // Gaps between ideographs: all the same on a line, and none
        // between a character and the closing mark after it.
        let mut gaps: Vec<f32> = Vec::new();
        for pair in line.glyphs.windows(2) {
            let ((_, g, em), (_, next, _)) = (&pair[0], &pair[1]);
            if !ideograph(g.text.as_str()) {
                continue;
            }
            let gap = g.advance - em;
            if closing_mark(next.text.as_str()) {
                assert!(
                    gap.abs() < 0.01,
                    "{gap} pt opened between {} and {} in {}",
                    g.text.as_str(),
                    next.text.as_str(),
                    line.text
                );
            } else if ideograph(next.text.as_str()) {
                gaps.push(gap);
            }
        }
        let (least, most) = gaps
            .iter()
            .fold((f32::MAX, f32::MIN), |(a, b), &g| (a.min(g), b.max(g)));
        assert!(
            most - least < 0.01,
            "uneven gaps {least}..{most} in {}",
            line.text
        );
        // A tenth of an em at ratio 1: gaps past a fifth would gape.
        assert!(
            most < 0.2 * line.glyphs[0].2 / 0.98,
            "gaps of {most} pt in {}",
            line.text
        );
        if most > 0.05 {
            opened += 1;
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} justified Chinese lines");
    // Lines a character short of the measure take it between their
    // ideographs (the glyphs widen by at most 2%).
    assert!(opened >= 3, "only {opened} lines opened their gaps");
}

/// Every Chinese paragraph opens two characters in, the first after the
/// chapter's title too (as Chinese books set it: CLREQ); the EPUB's
/// stylesheet says the same for `lang="zh"`.
#[test]
#[ignore = "needs fonts-noto-cjk (Noto Serif CJK SC)"]
fn every_chinese_paragraph_is_indented_two_characters() {
    let (book_model, built) = chinese();
    let geometry = Geometry::new(&book_model.pdf);
    let drawn = drawn_lines(&built);
    let mut firsts = 0;
    let mut previous_ended_paragraph = true;
    for placed in built.lines.iter().filter(|l| !l.in_foot) {
        let first_of_paragraph = previous_ended_paragraph;
        previous_ended_paragraph = placed.last_of_paragraph;
        let line = drawn_line(&drawn, placed);
        let indent = line.glyphs[0].0 - geometry.left(line.page);
        let want = if first_of_paragraph {
            2.0 * geometry.size
        } else {
            0.0
        };
        assert!(
            (indent - want).abs() < 0.05,
            "indent {indent} pt, not {want} (page {}): {}",
            line.page + 1,
            line.text
        );
        firsts += usize::from(first_of_paragraph);
    }
    // Both chapters' paragraphs, the first after each title among them.
    assert!(firsts >= 8, "only {firsts} paragraphs");
}

/// The quotation marks, dashes and figures written into Chinese text are
/// drawn in the face of its ideographs (full-width marks, lining
/// figures), not in EB Garamond, which has them too but narrow and
/// old-style. The fixture's own passages are looked for, each must be
/// found; an English sentence's figures (“陶渊明, 365–427”) stay in the
/// Latin face.
#[test]
#[ignore = "needs fonts-noto-cjk (Noto Serif CJK SC)"]
fn marks_and_figures_in_chinese_text_come_from_the_chinese_face() {
    let (_, built) = chinese();
    let fonts = &built.document.fonts;
    let cjk = fonts
        .iter()
        .position(|f| f.name.contains("CJK"))
        .expect("a Noto Serif CJK face among the PDF's fonts");
    let latin = fonts
        .iter()
        .position(|f| f.name.contains("EBGaramond12-Regular"))
        .expect("EB Garamond among the PDF's fonts");
    // Each passage, and the face its marks and figures must be drawn in.
    let passages = [
        ("云：“不足", cjk),
        ("道也。”", cjk),
        ("，——虽然", cjk),
        ("第1章", cjk),
        ("第2章", cjk),
        ("2024年", cjk),
        ("365–427", latin),
    ];
    let mut found = vec![0; passages.len()];
    for page in &built.document.pages {
        let mut baselines: Vec<f32> = page.runs.iter().map(|r| r.y).collect();
        baselines.sort_by(f32::total_cmp);
        baselines.dedup_by(|a, b| (*a - *b).abs() < 0.01);
        for y in baselines {
            // The line's characters in order, each with its glyph's face.
            let mut glyphs: Vec<(f32, usize, &str)> = Vec::new();
            for run in page.runs.iter().filter(|r| (r.y - y).abs() < 0.01) {
                let mut x = run.x;
                for g in &run.glyphs {
                    glyphs.push((x, run.font.0, g.text.as_str()));
                    x += g.advance;
                }
            }
            glyphs.sort_by(|a, b| a.0.total_cmp(&b.0));
            let line: Vec<(char, usize)> = glyphs
                .iter()
                .flat_map(|&(_, font, text)| text.chars().map(move |c| (c, font)))
                .collect();
            for (n, (passage, face)) in passages.iter().enumerate() {
                let want: Vec<char> = passage.chars().collect();
                for at in line
                    .windows(want.len())
                    .filter(|w| w.iter().map(|g| g.0).eq(want.iter().copied()))
                {
                    for &(c, font) in at {
                        if "“”—–".contains(c) || c.is_ascii_digit() {
                            assert_eq!(
                                font, *face,
                                "{c} of {passage} drawn in {}",
                                fonts[font].name
                            );
                        }
                    }
                    found[n] += 1;
                }
            }
        }
    }
    for (n, (passage, _)) in passages.iter().enumerate() {
        assert!(found[n] > 0, "{passage} not found in the PDF");
    }
}

/// The imprint names the face the Chinese text is set in, beside the
/// Latin one: "本书以 EB Garamond 和 Noto Serif CJK SC 字体排印" (it named EB
/// Garamond alone in a book set almost wholly in Noto).
#[test]
#[ignore = "needs fonts-noto-cjk (Noto Serif CJK SC)"]
fn the_chinese_imprint_names_the_chinese_face() {
    let (_, built) = chinese();
    let imprint: String = built.document.pages[1]
        .runs
        .iter()
        .flat_map(|r| r.glyphs.iter().map(|g| g.text.as_str()))
        .collect();
    assert!(
        imprint.contains("EB Garamond 和 Noto Serif CJK SC"),
        "{imprint}"
    );
}
