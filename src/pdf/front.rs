//! Front matter: the pages that open the book (a half-title and its back
//! when asked for, the title page, the imprint on its back) and the
//! helpers the contents and the half-title share.

use crate::diagnostics::Diagnostics;
use crate::imprint::Run;
use crate::labels;
use crate::model::{Book, Inline};
use crate::pdf::book::{Geometry, PageKind};
use crate::pdf::flow;
use crate::pdf::fontset::FaceKind;
use crate::pdf::half_title;
use crate::pdf::page::{GlyphRun, Page};
use crate::pdf::paragraph::{Align, ParagraphStyle, SetLine, Typesetter};

/// A page that opens the book, before the files and the contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opener {
    /// The title alone (`[pdf] half-title`, or `also-by`).
    HalfTitle,
    /// The half-title's back listing the author's other books.
    Card,
    /// The half-title's back when there is no card page.
    Blank,
    TitlePage,
    Imprint,
}

impl Opener {
    /// What the page is for heads and folios: none on any of them.
    pub fn kind(self) -> PageKind {
        match self {
            Opener::Blank => PageKind::Blank,
            _ => PageKind::Front,
        }
    }
}

/// The pages that open `book`, in order: the half-title and its back
/// (the card page of `also-by`, else blank) when the book has one, then
/// the title page and the imprint on its back. They come in pairs, so
/// what follows them opens on a recto; everything that counts pages
/// (folios, page labels, the contents' numbers, links) counts them.
pub fn openers(book: &Book) -> Vec<Opener> {
    let mut pages = Vec::with_capacity(4);
    if book.pdf.half_title {
        pages.push(Opener::HalfTitle);
        pages.push(if book.metadata.also_by.is_empty() {
            Opener::Blank
        } else {
            Opener::Card
        });
    }
    pages.extend([Opener::TitlePage, Opener::Imprint]);
    pages
}

/// Draws `opener` on `page`, the book's page `index` (0-based: a recto
/// when even).
pub fn draw_opener(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    book: &Book,
    opener: Opener,
    index: usize,
    page: &mut Page,
    diags: &mut Diagnostics,
) {
    match opener {
        Opener::HalfTitle => half_title::half_title(ts, g, book, index, page),
        Opener::Card => half_title::card(ts, g, book, index, page, diags),
        Opener::Blank => {}
        Opener::TitlePage => title_page(ts, g, book, index, page),
        Opener::Imprint => imprint(ts, g, book, index, page),
    }
}

pub(crate) fn draw(page: &mut Page, line: &SetLine, x: f32, baseline: f32) {
    for run in &line.runs {
        page.runs.push(GlyphRun {
            x: run.x + x,
            y: run.y + baseline,
            ..run.clone()
        });
    }
}

/// The title's size on the title page (the half-title's is smaller).
pub(crate) fn title_size(g: &Geometry) -> f32 {
    (g.size * 2.4).round()
}

/// The title page, the book's page `index`: title, subtitle and author,
/// centred in the upper half; the publisher at the foot.
pub fn title_page(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    book: &Book,
    index: usize,
    page: &mut Page,
) {
    let left = g.left(index);
    let title_size = title_size(g);
    let style = ParagraphStyle::display(title_size, g.measure, FaceKind::Regular);
    let title = ts.set_paragraph(
        &[Inline::Text {
            text: book.metadata.title.clone(),
        }],
        &style,
    );
    let mut y = g.height * 0.3;
    for line in &title.lines {
        draw(page, line, left, y);
        y += title_size * 1.15;
    }
    if let Some(sub) = &book.metadata.subtitle {
        let size = (g.size * 1.4).round();
        let set = ts.set_paragraph(
            &[Inline::Text { text: sub.clone() }],
            &ParagraphStyle {
                size,
                face: FaceKind::Italic,
                ..style
            },
        );
        y += size * 0.4;
        for line in &set.lines {
            draw(page, line, left, y);
            y += size * 1.2;
        }
    }
    // Joined in the book's language ("A, B and C"), as the EPUB's title
    // page and the imprint join them.
    let names: Vec<&str> = book
        .metadata
        .authors
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    let authors = book.labels.join_names(&names);
    // The authors at the middle of the page, or lower when a long title
    // and subtitle reach it; on one line when it fits the measure, else
    // one name a line.
    let author_size = (g.size * 1.2).round();
    let mut y = (g.height * 0.48).max(y + 2.0 * g.leading);
    if !authors.is_empty() {
        let one = tracked_line(ts, &authors, author_size, 0.12, f32::MAX);
        let lines = if one.width <= g.measure {
            vec![one]
        } else {
            book.metadata
                .authors
                .iter()
                .map(|a| tracked_line(ts, &a.name, author_size, 0.12, g.measure))
                .collect()
        };
        for mut line in lines {
            flow::centre(&mut line, g.measure);
            draw(page, &line, left, y);
            y += author_size * 1.4;
        }
        y -= author_size * 1.4;
    }
    // Contributors under the author, one line per role ("Translated by
    // Jean Dupont"), in the book's language.
    y += 2.0 * g.leading;
    for credit in book.labels.credits(&book.metadata.contributors) {
        let set = ts.set_paragraph(
            &[Inline::Text { text: credit }],
            &ParagraphStyle::display(g.size, g.measure, FaceKind::Italic),
        );
        for line in &set.lines {
            draw(page, line, left, y);
            y += g.leading;
        }
    }
    // The series at the head of the page.
    if let Some(series) = &book.metadata.series {
        let text = book.labels.series(series);
        let mut line = tracked_line(ts, &text, g.size, 0.1, g.measure);
        flow::centre(&mut line, g.measure);
        draw(page, &line, left, g.baseline(0));
    }
    if let Some(publisher) = &book.metadata.publisher {
        let mut line = tracked_line(ts, publisher, g.size, 0.1, g.measure);
        flow::centre(&mut line, g.measure);
        draw(page, &line, left, g.baseline(g.lines - 1));
    }
}

/// `text` on one line in letter-spaced small capitals (`tracking` ems
/// between letters) at `size`, or as much smaller as keeps it within
/// `measure`: a name or a series is never broken, nor run off the page.
pub(crate) fn tracked_line(
    ts: &mut Typesetter<'_>,
    text: &str,
    size: f32,
    tracking: f32,
    measure: f32,
) -> SetLine {
    let set = |ts: &mut Typesetter<'_>, size: f32| {
        let mut line = ts.set_small_caps(text, size);
        crate::pdf::tracking::track(&mut line, tracking * size);
        line
    };
    let line = set(ts, size);
    if line.width <= measure {
        return line;
    }
    // Width is proportional to size, tracking included.
    set(ts, size * measure / line.width * 0.999)
}

/// The imprint, the book's page `index`: bibliographic facts in small
/// type at the foot of the title page's back.
pub fn imprint(ts: &mut Typesetter<'_>, g: &Geometry, book: &Book, index: usize, page: &mut Page) {
    let l = &book.labels;
    let text = |s: String| Inline::Text { text: s };
    // The sentences the EPUB's imprint opens with too, then the print
    // edition's own.
    let mut paragraphs: Vec<(Vec<Inline>, bool)> = crate::imprint::sentences(book)
        .into_iter()
        .map(|sentence| {
            // A sentence that ends in its source ends with its stop, as
            // every other does (the EPUB sets it outside the link).
            let stop = match sentence.runs.last() {
                Some(Run::Source(source)) => Some(l.full_stop(source).to_string()),
                _ => None,
            };
            let content = sentence
                .runs
                .into_iter()
                .chain(stop.map(Run::Text))
                .map(|run| match run {
                    Run::Text(t) | Run::Source(t) => text(t),
                    Run::Italic(t) => Inline::Emphasis {
                        content: vec![text(t)],
                    },
                })
                .collect();
            (content, sentence.hyphenate)
        })
        .collect();
    if let Some(first) = book.errata.first() {
        let n = book.errata.len();
        let note = if n == 1 {
            &l.corrections_note_one
        } else {
            &l.corrections_note_other
        };
        paragraphs.push((
            vec![text(labels::fill(
                note,
                &[
                    ("n", &l.numerals.number(n)),
                    ("original", first.original.trim_matches('`')),
                    ("corrected", first.corrected.trim_matches('`')),
                ],
            ))],
            true,
        ));
    }
    paragraphs.push((
        vec![text(labels::fill(
            &l.typeset,
            &[
                ("font", &faces_named(ts, book)),
                ("size", &l.numerals.decimal(&trim(g.size))),
                ("leading", &l.numerals.decimal(&trim(g.leading))),
            ],
        ))],
        true,
    ));
    // The ISBNs (its own first) and the identifier, as the EPUB's.
    for line in crate::imprint::numbers(book, crate::imprint::Edition::Print) {
        paragraphs.push((vec![text(line)], false));
    }

    let size = (g.size * 0.82 * 2.0).round() / 2.0;
    let leading = (size * 1.3).round();
    let left = g.left(index);
    let sets: Vec<Vec<SetLine>> = paragraphs
        .iter()
        .map(|(content, hyphenate)| {
            let style = ParagraphStyle {
                align: Align::Left,
                hyphenate: *hyphenate,
                ..ParagraphStyle::body(size, g.measure * 0.85, 0.0)
            };
            ts.set_paragraph(content, &style).lines
        })
        .collect();
    let total: usize = sets.iter().map(Vec::len).sum::<usize>() + sets.len().saturating_sub(1);
    // Bottom-aligned on the last grid line.
    let mut y = g.baseline(g.lines - 1) - (total.saturating_sub(1)) as f32 * leading;
    for lines in sets {
        for line in &lines {
            // A book bound on the right reads its imprint from the right,
            // as its EPUB's imprint page does: each line flush right.
            let x = if g.bound_right {
                left + g.measure - line.width
            } else {
                left
            };
            draw(page, line, x, y);
            y += leading;
        }
        y += leading;
    }
}

/// The faces the imprint says the book is set in: the text face, and
/// the fallback face that sets the book's own script when the text face
/// lacks it (Noto Serif CJK for a Chinese book set "in EB Garamond").
fn faces_named(ts: &Typesetter<'_>, book: &Book) -> String {
    let fonts = ts.fonts();
    let text_face = fonts.family(FaceKind::Regular);
    let script_face = crate::language::script_sample(&book.metadata.language)
        .filter(|&c| !fonts.has_char(FaceKind::Regular, c))
        .and_then(|c| fonts.face_for(FaceKind::Regular, c))
        .map(|f| fonts.family(f))
        .filter(|&family| family != text_face);
    match script_face {
        Some(family) => book.labels.join_names(&[text_face, family]),
        None => text_face.to_string(),
    }
}

fn trim(v: f32) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}
