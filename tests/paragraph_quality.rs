//! The paragraph engine on the whole chapter (source/), measured against issue 4's bars: spaces, hyphenation, overfull lines, copy-out text.
//!
//! Geometry: A5 (420.94 × 595.28 pt) with a 305 pt measure, EB Garamond
//! 11 pt, 11 pt first-line indent. Run with `--nocapture` to see the figures.

use std::path::Path;

use bookpack::model::{Block, Inline};
use bookpack::pdf::paragraph::{ParagraphStyle, SetParagraph, Typesetter, BREAK_HYPHEN_TEXT};

fn paragraphs(blocks: &[Block], out: &mut Vec<Vec<Inline>>) {
    for block in blocks {
        match block {
            Block::Paragraph { content, .. } => out.push(content.clone()),
            Block::BlockQuote { blocks, .. } => paragraphs(blocks, out),
            Block::List { items, .. } => items.iter().for_each(|i| paragraphs(i, out)),
            _ => {}
        }
    }
}

fn quantile(sorted: &[f32], q: f32) -> f32 {
    sorted[((sorted.len() - 1) as f32 * q).round() as usize]
}

/// The source text as a reader sees it: note numbers included, soft
/// hyphens and all whitespace dropped (line breaks change spacing only).
fn source_letters(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.extend(
                text.chars()
                    .filter(|c| !c.is_whitespace() && *c != '\u{ad}'),
            ),
            Inline::NoteRef { number, .. } => out.push_str(&number.to_string()),
            other => source_letters(other.children(), out),
        }
    }
}

/// Glyph texts of a paragraph with break hyphens dropped and whitespace
/// removed, and the number of word spaces set.
fn copied_letters(set: &SetParagraph) -> (String, usize) {
    let mut text = String::new();
    let mut spaces = 0;
    for line in &set.lines {
        let glyphs: Vec<_> = line.runs.iter().flat_map(|r| &r.glyphs).collect();
        let kept = if line.hyphenated {
            // The break hyphen is the line's last glyph.
            assert_eq!(
                glyphs.last().map(|g| g.text.as_str()),
                Some(BREAK_HYPHEN_TEXT)
            );
            &glyphs[..glyphs.len() - 1]
        } else {
            &glyphs[..]
        };
        for glyph in kept {
            if glyph.text == " " {
                spaces += 1;
            }
            text.extend(glyph.text.chars().filter(|c| !c.is_whitespace()));
        }
    }
    (text, spaces)
}

#[test]
fn chapter_meets_the_issue_4_bars() {
    let (book, _) = bookpack::source::load_book(Path::new("source")).expect("source/ loads");
    let mut diagnostics = bookpack::diagnostics::Diagnostics::new();
    let mut typesetter = Typesetter::for_book(&book, &mut diagnostics).unwrap();
    let mut content = Vec::new();
    for chapter in &book.chapters {
        paragraphs(&chapter.synopsis, &mut content);
        paragraphs(&chapter.blocks, &mut content);
    }
    assert!(content.len() > 200, "the chapter has ~280 paragraphs");
    let style = ParagraphStyle::body(11.0, 305.0, 11.0);

    let (mut lines, mut hyphenated, mut overfull, mut emergency) = (0, 0, 0, 0);
    let (mut run, mut longest_run) = (0, 0);
    let mut warnings = 0;
    let mut past_cap = 0;
    // Paragraphs of several lines, and those ending in a line of one word.
    let (mut endings, mut runts) = (0usize, 0usize);
    let mut factors = Vec::new();
    let (mut words_in, mut words_out, mut explicit_ends) = (0usize, 0usize, 0usize);
    for inlines in &content {
        let set = typesetter.set_paragraph(inlines, &style);
        emergency += usize::from(set.emergency);
        warnings += usize::from(set.diagnostic("ch.md", Default::default()).is_some());
        let count = set.lines.len();
        if count > 1 {
            endings += 1;
            runts += usize::from(set.lines[count - 1].spaces == 0);
        }
        for (i, line) in set.lines.iter().enumerate() {
            lines += 1;
            overfull += usize::from(line.overfull);
            if line.hyphenated {
                if std::env::var_os("SHOW_HYPHENS").is_some() {
                    println!("hyphen: {}", line.last_word);
                }
                hyphenated += 1;
                run += 1;
                longest_run = longest_run.max(run);
            } else {
                run = 0;
            }
            // Justified lines only: the last line keeps natural spaces.
            if i + 1 < count && line.spaces > 0 {
                let factor = line.space_set / line.space_natural;
                factors.push(factor);
                if factor > 2.0 + 1e-3 {
                    // Past the cap only where the letters are full too,
                    // and never without a warning for the paragraph.
                    assert!(line.loose, "{line:?}");
                    past_cap += 1;
                }
            }
        }
        // Copy-out: every character comes back in order, and every word
        // space is a space (lines add one more each, where they break).
        let mut want = String::new();
        source_letters(inlines, &mut want);
        let (got, spaces) = copied_letters(&set);
        // A typed hyphen that ends a line copies as U+2010, which
        // extractors keep at a line end ("well‐" + "acquainted").
        assert_eq!(got.replace('\u{2010}', "-"), want);
        let source_spaces = Inline::plain_text(inlines).split_whitespace().count() - 1;
        words_in += source_spaces + 1;
        // A line that ends at a hyphen or dash of the text breaks inside a word.
        let explicit = set
            .lines
            .iter()
            .take(count.saturating_sub(1))
            .filter(|l| !l.hyphenated)
            .filter(|l| {
                l.runs
                    .last()
                    .and_then(|r| r.glyphs.last())
                    .is_some_and(|g| g.text.ends_with(['-', '\u{2010}', '–', '—']))
            })
            .count();
        explicit_ends += explicit;
        let inside_word = explicit + set.lines.iter().filter(|l| l.hyphenated).count();
        words_out += spaces + count - inside_word;
    }
    factors.sort_by(f32::total_cmp);
    let (median, p95, max) = (
        quantile(&factors, 0.5),
        quantile(&factors, 0.95),
        quantile(&factors, 1.0),
    );
    let hyphen_share = hyphenated as f32 / lines as f32;
    println!(
        "{} paragraphs, {lines} lines; spaces median {median:.3}x p95 {p95:.3}x max {max:.3}x ({past_cap} past 2.0x); \
         hyphenated {hyphenated} ({:.1}%), longest run {longest_run}; overfull {overfull}; \
         emergency paragraphs {emergency}, warnings {warnings}; runts {runts} of {endings} endings; {explicit_ends} lines end at a hyphen or dash of the text; words {words_out}/{words_in}",
        content.len(),
        100.0 * hyphen_share
    );
    assert_eq!(overfull, 0);
    assert!(p95 <= 1.5, "p95 {p95}");
    // Issue 4's bar: 2.0x at worst. Font expansion (±2%) gives the lines
    // whose next word did not fit the room that letter spacing could not.
    assert_eq!(past_cap, 0, "{past_cap} lines past 2.0x (max {max})");
    assert!(max <= 2.0, "max {max}");
    assert!(hyphen_share <= 0.10, "{hyphen_share}");
    assert!(longest_run <= 2);
    assert_eq!(words_out, words_in);
    // Issue 11: under 3% of paragraph endings are runts (27 of 237 before).
    assert!(runts * 100 < 3 * endings, "{runts} runts of {endings}");
}
