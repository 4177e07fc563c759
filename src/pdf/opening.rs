//! Openings: a section's label and title sunk below the top of its first page, a part's title page, and the pages a dedication or an epigraph stands alone on.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Book, Chapter, ChapterKind, Inline, NotesPlacement};
use crate::pdf::fontset::FaceKind;
use crate::pdf::footnotes::PageNotes;
use crate::pdf::geometry::Geometry;
use crate::pdf::page::Destination;
use crate::pdf::paginate::PageFill;
use crate::pdf::paragraph::{Align, ParagraphStyle, SetLine, Typesetter};
use crate::pdf::sheets::{PageKind, Sheets};
use crate::pdf::{caption, flow};

/// A section's opening, above its grid lines.
pub(crate) struct Opening {
    /// Small-capitals line above the title ("chapter 12"), if any.
    pub label: Option<String>,
    pub title: Vec<Inline>,
    /// Id of the section's destination (`chapter-12`, `notes`).
    pub id: String,
    /// The chapter (index into `Book::chapters`) whose notes the title's
    /// note marks link to; none for the notes section.
    pub chapter: Option<usize>,
}

/// Grid line of the label over a chapter's title.
const LABEL_LINE: usize = 3;

/// Draws a section's opening (label and title, sunk below the top) and
/// returns the grid lines it takes.
pub(crate) fn draw_opening(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    book: &Book,
    sheets: &mut Sheets,
    page: usize,
    opening: &Opening,
) -> usize {
    let last = label_and_title(ts, g, book, sheets, page, opening, LABEL_LINE, 1.8);
    // Three blank grid lines under the title's last baseline.
    let below = ((last - g.first_baseline) / g.leading).ceil() as usize;
    below + 3
}

/// Draws `opening`'s label on grid line `label_line` and its title two
/// lines under it at `scale` times the body size; records the opening's
/// place; returns the title's last baseline.
#[allow(clippy::too_many_arguments)]
fn label_and_title(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    book: &Book,
    sheets: &mut Sheets,
    page: usize,
    opening: &Opening,
    label_line: usize,
    scale: f32,
) -> f32 {
    let left = g.left(page);
    if let Some(label) = &opening.label {
        let mut line = ts.set_small_caps(label, g.size);
        crate::pdf::tracking::track(&mut line, 0.12 * g.size);
        flow::centre(&mut line, g.measure);
        sheets.draw_line(page, &line, left, g.baseline(label_line));
    }
    let title_size = (g.size * scale).round();
    let title_leading = title_size * 1.2;
    let style = ParagraphStyle::display(title_size, g.measure, FaceKind::Regular);
    let title = ts.set_paragraph(&opening.title, &style);
    let first = g.baseline(label_line + 2) + (title_size - g.size) * 0.5;
    let mut y = first;
    for line in &title.lines {
        sheets.draw_line(page, line, left, y);
        sheets.place_links(page, line, left, y);
        if let Some(chapter) = opening.chapter {
            // A note cited in the title links to its note, and back.
            sheets.note_marks(book, chapter, line, page, left, y, y - title_size);
        }
        y += title_leading;
    }
    sheets.places.insert(
        opening.id.clone(),
        Destination {
            page,
            y: (g.baseline(label_line) - 2.0 * g.leading).max(0.0),
        },
    );
    y - title_leading
}

/// The text of a dedication, an epigraph or a part's title page, each
/// paragraph (quotes and lists included) on four fifths of the measure,
/// with the lines each takes. A dedication's and a part's own text are
/// centred; an epigraph (the whole of an epigraph's page, a quotation on
/// a part's or a dedication's) is set as one: see [`epigraph_lines`].
fn centred_text(ts: &mut Typesetter<'_>, g: &Geometry, chapter: &Chapter) -> Vec<Vec<SetLine>> {
    let measure = g.measure * 0.8;
    let style = ParagraphStyle::display(g.size, measure, FaceKind::Regular);
    // An epigraph's paragraph on a narrower measure still, in the middle
    // of the page's.
    let epigraph = |ts: &mut Typesetter<'_>, content: &[Inline]| {
        let mut lines = epigraph_lines(ts, content, g.size, g.measure * EPIGRAPH, Align::Center);
        for line in &mut lines {
            caption::shift(line, (measure - g.measure * EPIGRAPH) / 2.0);
        }
        lines
    };
    let mut out = Vec::new();
    // What each paragraph of `out` is to an epigraph's source.
    let mut roles = Vec::new();
    for block in &chapter.blocks {
        // Verse (`::: verse`) is set as an epigraph's verse wherever it
        // stands: its stanzas flush left on one edge, the whole centred
        // on its longest line.
        if let crate::model::Block::Verse { stanzas, .. } = block {
            let ragged = verse_style(g.size, g.measure * EPIGRAPH);
            let mut set: Vec<Vec<SetLine>> = stanzas
                .iter()
                .map(|stanza| ts.set_paragraph(&stanza_inlines(stanza), &ragged).lines)
                .collect();
            centre_block(&mut set, measure);
            roles.extend(set.iter().map(|_| Cited::Quotation));
            out.extend(set);
            continue;
        }
        let quoted = chapter.kind == ChapterKind::Epigraph
            || matches!(block, crate::model::Block::BlockQuote { .. });
        block.for_each_inlines(&mut |content| {
            if content.is_empty() {
                return;
            }
            roles.push(match quoted {
                true if is_source(content) => Cited::Source,
                true => Cited::Quotation,
                false => Cited::Neither,
            });
            out.push(if quoted {
                epigraph(ts, content)
            } else {
                ts.set_paragraph(content, &style).lines
            });
        });
    }
    align_sources(&mut out, &roles);
    out
}

/// An epigraph's measure, in measures: narrow enough to read as a
/// quotation set apart, wide enough to justify (LaTeX's `epigraph` takes
/// 0.4 of the text width, for a quotation beside a chapter's title).
pub(crate) const EPIGRAPH: f32 = 0.7;

/// Lines of verse: ragged, unhyphenated, on `measure`.
fn verse_style(size: f32, measure: f32) -> ParagraphStyle {
    ParagraphStyle {
        align: Align::Left,
        hyphenate: false,
        ..ParagraphStyle::body(size, measure, 0.0)
    }
}

/// A stanza's lines as one paragraph of hard breaks, each line's indent
/// in em spaces.
fn stanza_inlines(stanza: &[crate::model::VerseLine]) -> Vec<Inline> {
    let mut content = Vec::new();
    for (k, line) in stanza.iter().enumerate() {
        if k > 0 {
            content.push(Inline::LineBreak);
        }
        if line.indent > 0 {
            content.push(Inline::Text {
                text: "\u{2003}".repeat(usize::from(line.indent)),
            });
        }
        content.extend(line.content.iter().cloned());
    }
    content
}

/// Moves paragraphs of lines set flush left so that they keep one left
/// edge and their longest line is centred on `measure`. The longest is
/// found by where lines end, not by their widths: a verse line's
/// turnover stands 2 em in, and its first line counts the outdent
/// against its width (see `verse::hung_line`).
fn centre_block(paragraphs: &mut [Vec<SetLine>], measure: f32) {
    let widest = paragraphs
        .iter()
        .flatten()
        .map(right_edge)
        .fold(0.0, f32::max);
    for line in paragraphs.iter_mut().flatten() {
        caption::shift(line, ((measure - widest) / 2.0).max(0.0));
    }
}

/// What a paragraph of an epigraph's page is to a source line.
#[derive(Clone, Copy, PartialEq)]
enum Cited {
    /// Quoted text (an epigraph's, a block quote's, verse).
    Quotation,
    /// A quotation's source: a quoted paragraph opening with a dash.
    Source,
    /// The page's own text.
    Neither,
}

/// Whether an epigraph's paragraph is its source (`--- John Keats`).
fn is_source(content: &[Inline]) -> bool {
    Inline::plain_text(content)
        .trim_start()
        .starts_with(['—', '―', '–'])
}

/// Where a line's last glyph ends, from the measure's left.
fn right_edge(line: &SetLine) -> f32 {
    line.runs
        .iter()
        .map(|run| run.x + run.glyphs.iter().map(|g| g.advance).sum::<f32>())
        .fold(f32::MIN, f32::max)
}

/// Sets each source flush with the right edge of the quotation above it
/// when that stops short of the epigraph's measure (a single centred
/// line, a centred block of verse), rather than at the measure's edge: a
/// reviewer found "— T. S. Eliot" standing 24 pt right of the one line it
/// cites. A justified quotation reaches the measure, and its source
/// stays where it was.
fn align_sources(paragraphs: &mut [Vec<SetLine>], roles: &[Cited]) {
    let mut quotation_right: Option<f32> = None;
    for (lines, &role) in paragraphs.iter_mut().zip(roles) {
        let right = lines.iter().map(right_edge).fold(f32::MIN, f32::max);
        match role {
            Cited::Quotation => {
                quotation_right = Some(quotation_right.map_or(right, |r| r.max(right)));
            }
            Cited::Source => {
                if let Some(to) = quotation_right.take().filter(|&to| to < right - 0.01) {
                    for line in lines.iter_mut() {
                        caption::shift(line, to - right);
                    }
                }
            }
            Cited::Neither => quotation_right = None,
        }
    }
}

/// One paragraph of an epigraph on `measure`, as LaTeX's `epigraph` and
/// Standard Ebooks set them: its source (a paragraph opening with a dash)
/// flush right; verse (lines ended by hard breaks) flush left, the block
/// centred on its longest line, so its lines keep one left edge; prose
/// justified, or set by `lone` when it is a single line (centred on an
/// epigraph's page, flush left in a chapter's epigraph).
pub(crate) fn epigraph_lines(
    ts: &mut Typesetter<'_>,
    content: &[Inline],
    size: f32,
    measure: f32,
    lone: Align,
) -> Vec<SetLine> {
    let source = is_source(content);
    let verse = content.iter().any(|i| matches!(i, Inline::LineBreak));
    // Verse left to right: each line set as body verse sets it, its
    // turnovers hanging (right to left the lines keep one paragraph, the
    // setter's start on the right).
    if verse && !source && !crate::language::inlines_are_rtl(content) {
        let mut lines: Vec<SetLine> = content
            .split(|i| matches!(i, Inline::LineBreak))
            .flat_map(|line| {
                crate::pdf::verse::hung_line(ts, false, line, 0.0, size, measure).lines
            })
            .collect();
        centre_block(std::slice::from_mut(&mut lines), measure);
        return lines;
    }
    if source || verse {
        let mut lines = ts.set_paragraph(content, &verse_style(size, measure)).lines;
        if source {
            for line in &mut lines {
                caption::shift(line, (measure - line.width).max(0.0));
            }
        } else {
            centre_block(std::slice::from_mut(&mut lines), measure);
        }
        return lines;
    }
    let justified = ts.set_paragraph(content, &ParagraphStyle::body(size, measure, 0.0));
    if justified.lines.len() > 1 {
        return justified.lines;
    }
    let single = ParagraphStyle {
        align: lone,
        ..ParagraphStyle::display(size, measure, FaceKind::Regular)
    };
    ts.set_paragraph(content, &single).lines
}

/// Grid lines `paragraphs` take with a blank line between each two.
fn depth(paragraphs: &[Vec<SetLine>]) -> usize {
    paragraphs.iter().map(Vec::len).sum::<usize>() + paragraphs.len().saturating_sub(1)
}

/// Draws `paragraphs` from grid line `from` on `page`, centred, with a
/// blank line between each two; their note marks and links work.
#[allow(clippy::too_many_arguments)]
fn draw_centred(
    g: &Geometry,
    book: &Book,
    sheets: &mut Sheets,
    page: usize,
    index: usize,
    paragraphs: &[Vec<SetLine>],
    from: usize,
) {
    let x = g.left(page) + g.measure * 0.1;
    let mut grid = from;
    for lines in paragraphs {
        for line in lines {
            let baseline = g.baseline(grid);
            sheets.draw_line(page, line, x, baseline);
            sheets.place_links(page, line, x, baseline);
            sheets.note_marks(book, index, line, page, x, baseline, baseline - g.size);
            grid += 1;
        }
        grid += 1;
    }
}

/// Starts a recto: a blank verso first if the next page would be one.
pub(crate) fn to_recto(sheets: &mut Sheets) {
    if !Geometry::is_recto(sheets.pages.len()) {
        sheets.push(PageKind::Blank);
    }
}

/// Sets a dedication or an epigraph alone on a recto, without a title,
/// centred across the measure a third of the way down the text block.
/// Returns false, having drawn nothing, when the text is too long for one
/// page (the caller then sets it as a section, with a warning).
pub(crate) fn alone(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    book: &Book,
    sheets: &mut Sheets,
    (index, chapter): (usize, &Chapter),
    diags: &mut Diagnostics,
) -> bool {
    let paragraphs = centred_text(ts, g, chapter);
    let lines = depth(&paragraphs);
    let notes = notes_at_foot(ts, g, book, (index, chapter), diags);
    let room = g.lines - foot_lines(g, notes.as_ref());
    if lines > room {
        diags.push(too_long(&chapter.file, chapter.kind.name(), lines, room));
        return false;
    }
    to_recto(sheets);
    let page = sheets.push(PageKind::Opening);
    let from = (g.lines / 3).saturating_sub(lines / 2).min(room - lines);
    sheets
        .places
        .insert(chapter.id.clone(), Destination { page, y: g.top });
    draw_centred(g, book, sheets, page, index, &paragraphs, from);
    if let Some(notes) = notes {
        draw_notes(sheets, book, g, &notes, page, from + lines);
    }
    true
}

/// The notes of a page set apart (a dedication's, an epigraph's, a
/// part's), when the book sets notes with their chapter — at its end or
/// at the pages' foot — rather than at the book's end: they go at the
/// foot of that page, the page being the whole of its chapter.
fn notes_at_foot(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    book: &Book,
    (index, chapter): (usize, &Chapter),
    diags: &mut Diagnostics,
) -> Option<PageNotes> {
    if chapter.notes.is_empty() || book.pdf.notes == NotesPlacement::BookEnd {
        return None;
    }
    let ng = g.notes();
    let numbers: Vec<u32> = chapter.notes.iter().map(|n| n.number).collect();
    let measures = super::chapter::notes_measures(&ng);
    let each = flow::notes_each(ts, chapter, index, &measures, diags);
    Some(PageNotes::new(ng, &numbers, each))
}

/// Body grid lines `notes`, set at a page's foot, take with the space
/// above them.
fn foot_lines(g: &Geometry, notes: Option<&PageNotes>) -> usize {
    notes.map_or(0, |notes| {
        let lines = notes.all().iter().map(|slot| slot.lines).sum();
        notes.foot(g).body_lines(lines)
    })
}

/// Draws `notes` whole at the foot of `page`, under its `used` lines.
fn draw_notes(
    sheets: &mut Sheets,
    book: &Book,
    g: &Geometry,
    notes: &PageNotes,
    page: usize,
    used: usize,
) {
    let fill = PageFill {
        capacity: g.lines,
        used,
        slots: Vec::new(),
        notes: notes.all(),
        foot: foot_lines(g, Some(notes)),
    };
    crate::pdf::section::draw_foot(sheets, book, notes, g, &fill, page, 0, g.left(page));
}

/// Sets a part's title page: a recto with the part's label and title,
/// and its text (an epigraph, a short introduction) below them, followed
/// by a blank verso so the part's first chapter opens on a recto. Returns
/// false, having drawn nothing, when the text does not fit on the page.
pub(crate) fn part_page(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    book: &Book,
    sheets: &mut Sheets,
    (index, chapter): (usize, &Chapter),
    diags: &mut Diagnostics,
) -> bool {
    let paragraphs = centred_text(ts, g, chapter);
    // Label and title a quarter of the way down; the text four lines
    // under the title.
    let label_line = g.lines / 4;
    let title_lines = {
        let size = (g.size * 2.2).round();
        let style = ParagraphStyle::display(size, g.measure, FaceKind::Regular);
        ts.set_paragraph(&chapter.title, &style).lines.len()
    };
    let text_from = label_line + 2 + (title_lines * 2).max(2) + 3;
    let notes = notes_at_foot(ts, g, book, (index, chapter), diags);
    let room = g.lines.saturating_sub(foot_lines(g, notes.as_ref()));
    if text_from + depth(&paragraphs) > room {
        diags.push(too_long(
            &chapter.file,
            "part",
            depth(&paragraphs),
            room.saturating_sub(text_from),
        ));
        return false;
    }
    to_recto(sheets);
    let page = sheets.push(PageKind::Opening);
    let opening = Opening {
        label: chapter.label(&book.labels),
        title: chapter.title.clone(),
        id: chapter.id.clone(),
        chapter: Some(index),
    };
    let last = label_and_title(ts, g, book, sheets, page, &opening, label_line, 2.2);
    let below = ((last - g.first_baseline) / g.leading).ceil() as usize + 3;
    let from = below.min(room - depth(&paragraphs));
    draw_centred(g, book, sheets, page, index, &paragraphs, from);
    if let Some(notes) = notes {
        draw_notes(sheets, book, g, &notes, page, from + depth(&paragraphs));
    }
    sheets.push(PageKind::Blank);
    true
}

fn too_long(file: &str, kind: &str, lines: usize, room: usize) -> Diagnostic {
    Diagnostic::warning(
        file,
        0,
        0,
        format!("the {kind}'s text takes {lines} lines, more than the {room} its page has; it is set as a chapter instead"),
    )
    .with_hint("shorten the text, or make it a chapter (`kind = \"chapter\"` or another kind)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fontset::FontSet;
    use crate::pdf::hyphenate::Hyphenator;

    fn text(s: &str) -> Inline {
        Inline::Text { text: s.into() }
    }

    /// Where a set line's first glyph starts.
    fn start(line: &SetLine) -> f32 {
        line.runs[0].x
    }

    /// A source under a quotation that stops short of the measure (one
    /// centred line) ends where the quotation ends; under a justified
    /// one, at the measure; a source after the page's own text, or with
    /// no quotation above it, stays where it was set.
    #[test]
    fn a_source_ends_where_its_quotation_ends() {
        let mut ts = Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap());
        let measure = 220.0;
        let set = |ts: &mut Typesetter<'_>, s: &str| {
            epigraph_lines(ts, &[text(s)], 11.0, measure, Align::Center)
        };
        let short = set(&mut ts, "We shall not cease from exploration.");
        let long = set(
            &mut ts,
            "Of making many books there is no end; and much study is a weariness \
             of the flesh. Let us hear the conclusion of the whole matter.",
        );
        let source = set(&mut ts, "— T. S. Eliot");
        assert!((right_edge(&source[0]) - measure).abs() < 0.01);
        assert!(right_edge(&short[0]) < measure - 20.0);

        let mut page = vec![short.clone(), source.clone()];
        align_sources(&mut page, &[Cited::Quotation, Cited::Source]);
        assert!((right_edge(&page[1][0]) - right_edge(&short[0])).abs() < 0.01);
        assert_eq!(page[0], short);

        let mut page = vec![long.clone(), source.clone()];
        align_sources(&mut page, &[Cited::Quotation, Cited::Source]);
        assert!((right_edge(&page[1][0]) - measure).abs() < 0.05);

        for roles in [
            [Cited::Neither, Cited::Source],
            [Cited::Source, Cited::Source],
        ] {
            let mut page = vec![short.clone(), source.clone()];
            align_sources(&mut page, &roles);
            assert_eq!(page[1], source);
        }
    }

    /// A verse line too long for an epigraph's measure turns over as a
    /// poem's does in the text, 2 em deeper than the lines start, and the
    /// block is still centred on what it fills.
    #[test]
    fn an_epigraphs_verse_turnover_hangs_two_ems_in() {
        let mut ts = Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap());
        let measure = 220.0;
        let verse = vec![
            text("Shall I compare thee to a summer’s day, or to some other season of the year?"),
            Inline::LineBreak,
            text("Thou art more lovely and more temperate."),
        ];
        let lines = epigraph_lines(&mut ts, &verse, 11.0, measure, Align::Center);
        assert_eq!(lines.len(), 3, "the first line turns over once");
        let starts: Vec<f32> = lines.iter().map(start).collect();
        let hang = crate::pdf::verse::TURNOVER_EMS * 11.0;
        assert!((starts[1] - starts[0] - hang).abs() < 0.01, "{starts:?}");
        assert!((starts[2] - starts[0]).abs() < 0.01, "{starts:?}");
        assert!(lines.iter().all(|l| !l.hyphenated));
        // Nothing passes the measure, and the block stands as far from
        // its right as from its left.
        let right = lines.iter().map(right_edge).fold(0.0, f32::max);
        assert!(right <= measure + 0.01, "{right}");
        assert!(
            (starts[0] - (measure - right)).abs() < 0.5,
            "{starts:?} {right}"
        );
    }

    #[test]
    fn an_epigraph_keeps_its_verse_flush_its_prose_justified_and_its_source_right() {
        let mut ts = Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap());
        let measure = 220.0;
        let verse = vec![
            text("I have been half in love with easeful Death,"),
            Inline::LineBreak,
            text("Call’d him soft names"),
            Inline::LineBreak,
            text("To cease upon the midnight with no pain."),
        ];
        let lines = epigraph_lines(&mut ts, &verse, 11.0, measure, Align::Center);
        assert_eq!(lines.len(), 3);
        // One left edge, the block centred on its widest line.
        let starts: Vec<f32> = lines.iter().map(start).collect();
        assert!(
            starts.iter().all(|&x| (x - starts[0]).abs() < 0.01),
            "{starts:?}"
        );
        let widest = lines.iter().map(right_edge).fold(0.0, f32::max) - starts[0];
        assert!((starts[0] - (measure - widest) / 2.0).abs() < 0.01);

        let source = epigraph_lines(
            &mut ts,
            &[text("— John Keats")],
            11.0,
            measure,
            Align::Center,
        );
        let x = start(&source[0]);
        assert!(
            (x + source[0].width - measure).abs() < 0.01,
            "flush right: {x}"
        );

        let prose = [text(
            "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.",
        )];
        let lines = epigraph_lines(&mut ts, &prose, 11.0, measure, Align::Center);
        assert!(lines.len() > 1);
        for line in &lines[..lines.len() - 1] {
            assert!(
                (line.width - measure).abs() < 0.5,
                "justified: {}",
                line.width
            );
        }
        // Stanzas of a verse block keep one left edge, the longest line
        // centred.
        let ragged = verse_style(11.0, measure);
        let mut stanzas = vec![
            ts.set_paragraph(&verse, &ragged).lines,
            ts.set_paragraph(&[text("Now more than ever")], &ragged)
                .lines,
        ];
        centre_block(&mut stanzas, measure);
        let x = start(&stanzas[0][0]);
        assert!(stanzas
            .iter()
            .flatten()
            .all(|l| (start(l) - x).abs() < 0.01));
        assert!((x - (measure - widest) / 2.0).abs() < 0.01);
        // A single line of prose is centred.
        let short = epigraph_lines(
            &mut ts,
            &[text("Know thyself.")],
            11.0,
            measure,
            Align::Center,
        );
        let x = start(&short[0]);
        assert!((x - (measure - short[0].width) / 2.0).abs() < 0.5, "{x}");
    }
}
