//! The half-title and its back: the title alone on the book's first page, set high as trade books set it, and the card page facing it, listing the author's other books.
//!
//! Both come before the title page when the book asks for them
//! (`[pdf] half-title`, or `also-by`, see [`crate::pdf::front::openers`]).
//! The card page's heading stands on the half-title's first baseline, so
//! the two pages of the opening spread start level.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Book, Inline};
use crate::pdf::book::Geometry;
use crate::pdf::fontset::FaceKind;
use crate::pdf::front::{draw, title_size, tracked_line};
use crate::pdf::page::Page;
use crate::pdf::paragraph::{ParagraphStyle, SetLine, Typesetter};

/// The half-title's size: the title page's face and centring, at about
/// two thirds of its size (18 pt against 26 for an 11 pt book), as the
/// half-title announces the title and the title page presents it.
fn half_title_size(g: &Geometry) -> f32 {
    (title_size(g) * 0.7).round()
}

/// The grid line of the half-title's first baseline: the first a fifth
/// of the way down the page, above where the title page sets the title
/// (three tenths), in the upper part of the text block. On the grid, so
/// the card page facing it can start on the same line.
fn half_title_line(g: &Geometry) -> usize {
    g.line_at(g.height * 0.2)
}

/// The half-title, the book's page `index`: the title alone (no subtitle,
/// no author), centred.
pub fn half_title(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    book: &Book,
    index: usize,
    page: &mut Page,
) {
    let size = half_title_size(g);
    let set = ts.set_paragraph(
        &[Inline::Text {
            text: book.metadata.title.clone(),
        }],
        &ParagraphStyle::display(size, g.measure, FaceKind::Regular),
    );
    let left = g.left(index);
    let mut y = g.baseline(half_title_line(g));
    for line in &set.lines {
        draw(page, line, left, y);
        y += size * 1.15;
    }
}

/// The card page, the book's page `index`: its heading ("Also by Owen
/// Marsh", in letter-spaced small capitals as the title page's author),
/// a blank line, then each of `also-by`'s titles in italic, centred, one
/// a line. A title too long for the measure is wrapped (balanced), and
/// then the titles stand a blank line apart, or its second line would
/// read as another book. The list starts level with the half-title, or
/// higher when it would run past the text block; titles that do not fit
/// even from its top are left out, with a warning (the EPUB's card page
/// lists them all).
pub fn card(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    book: &Book,
    index: usize,
    page: &mut Page,
    diags: &mut Diagnostics,
) {
    let heading = book.labels.also_by_heading(&book.metadata.authors);
    let mut heading = tracked_line(ts, &heading, g.size, 0.1, g.measure);
    crate::pdf::flow::centre(&mut heading, g.measure);
    let style = ParagraphStyle::display(g.size, g.measure, FaceKind::Italic);
    let titles: Vec<Vec<SetLine>> = book
        .metadata
        .also_by
        .iter()
        .map(|t| {
            ts.set_paragraph(&[Inline::Text { text: t.clone() }], &style)
                .lines
        })
        .collect();
    let heights: Vec<usize> = titles.iter().map(|t| t.len().max(1)).collect();
    let gap = usize::from(heights.iter().any(|&h| h > 1));
    let (first, shown) = card_layout(g, &heights, gap);
    let left = g.left(index);
    draw(page, &heading, left, g.baseline(first));
    let mut line = first + 2;
    for set in &titles[..shown] {
        for l in set {
            draw(page, l, left, g.baseline(line));
            line += 1;
        }
        line += gap;
    }
    if shown < titles.len() {
        diags.push(
            Diagnostic::warning(
                "book.toml",
                0,
                0,
                format!(
                    "`also-by` lists {} titles; the PDF's card page has room for {shown}: the rest are not printed",
                    titles.len()
                ),
            )
            .with_hint("list the books a reader should know of; the EPUB's card page lists them all"),
        );
    }
}

/// Where the card page starts (the heading's grid line) and how many
/// titles it shows, given each title's lines and the blank lines between
/// titles: level with the half-title when the heading, a blank line and
/// every title fit down to the text block's last line; else from the
/// block's top, with as many whole titles as fit there.
fn card_layout(g: &Geometry, heights: &[usize], gap: usize) -> (usize, usize) {
    let gaps = heights.len().saturating_sub(1) * gap;
    let needed = 2 + heights.iter().sum::<usize>() + gaps;
    let level = half_title_line(g);
    if level + needed <= g.lines {
        return (level, heights.len());
    }
    let mut room = g.lines.saturating_sub(2);
    let shown = heights
        .iter()
        .enumerate()
        .take_while(|&(k, &lines)| {
            let take = lines + if k > 0 { gap } else { 0 };
            let fits = take <= room;
            room = room.saturating_sub(take);
            fits
        })
        .count();
    (0, shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A5 at 11/14: the book's page geometry of most books.
    fn a5() -> Geometry {
        let (book, _) = crate::source::load_book(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/books/minimal"
        )))
        .unwrap();
        Geometry::new(&book.pdf)
    }

    /// `n` titles of one line each.
    fn titles(n: usize) -> Vec<usize> {
        vec![1; n]
    }

    #[test]
    fn the_half_title_is_smaller_and_higher_than_the_title_pages_title() {
        let g = a5();
        assert_eq!(half_title_size(&g), 18.0);
        assert!(half_title_size(&g) < title_size(&g));
        let y = g.baseline(half_title_line(&g));
        assert!(y > g.baseline(0) && y < g.height * 0.3, "{y}");
    }

    /// A short list starts level with the half-title; a long one moves up
    /// to the block's top; one too long for the page shows what fits.
    #[test]
    fn the_card_page_starts_level_with_the_half_title_while_the_list_fits() {
        let g = a5();
        let level = half_title_line(&g);
        assert!(level > 0);
        assert_eq!(card_layout(&g, &titles(2), 0), (level, 2));
        let most = g.lines - level - 2;
        assert_eq!(card_layout(&g, &titles(most), 0), (level, most));
        assert_eq!(card_layout(&g, &titles(most + 1), 0), (0, most + 1));
        assert_eq!(card_layout(&g, &titles(g.lines), 0), (0, g.lines - 2));
        // A title of two lines takes both.
        let mut long = titles(g.lines - 3);
        long[0] = 2;
        assert_eq!(card_layout(&g, &long, 0), (0, g.lines - 3));
        // A blank line between titles counts: 3 titles take 5 lines.
        let mut spaced = titles(3);
        spaced[1] = 2;
        assert_eq!(card_layout(&g, &spaced, 1), (level, 3));
        // From the top, n titles take 2n - 1 of the lines under the heading.
        let room = g.lines - 2;
        assert_eq!(card_layout(&g, &titles(room), 1), (0, room.div_ceil(2)));
    }
}
