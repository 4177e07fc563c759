//! One chapter's pages in two steps: set (its body from the workers, its notes, its pagination planned on a thread of its own), then drawn on the sheets once the chapter before is.

use crate::diagnostics::{Diagnostics, Failure};
use crate::model::{Book, Chapter, ChapterKind, NotesPlacement};
use crate::pdf::ahead::Ahead;
use crate::pdf::flow::{self, Measures, Piece};
use crate::pdf::footnotes::PageNotes;
use crate::pdf::geometry::Geometry;
use crate::pdf::opening::{self, Opening};
use crate::pdf::paragraph::Typesetter;
use crate::pdf::section::{section, Flow, Plan, Planned, Totals};
use crate::pdf::sheets::Sheets;

/// What a chapter is set with, besides the typesetter and the pages.
pub(super) struct Section<'a> {
    pub(super) g: &'a Geometry,
    pub(super) m: &'a Measures,
    pub(super) book: &'a Book,
    pub(super) index: usize,
    /// The chapter whole (`book.chapters[index]` may be its outline).
    pub(super) chapter: &'a Chapter,
}

/// A chapter set, waiting to be drawn: the chapter whole, its
/// diagnostics so far, and its setting.
pub(super) struct Waiting<'b> {
    pub(super) whole: crate::model::Whole<'b>,
    pub(super) local: Diagnostics,
    pub(super) prepared: Prepared,
}

impl<'b> Waiting<'b> {
    /// Sets chapter `index` (read again whole), in its language, its
    /// fonts' coverage checked, with [`prepare_chapter`].
    pub(super) fn set(
        ts: &mut Typesetter<'_>,
        g: &Geometry,
        m: &Measures,
        book: &'b Book,
        index: usize,
        ahead: Option<&mut Ahead<'_>>,
        plan_aside: bool,
    ) -> Result<Waiting<'b>, Failure> {
        let mut local = Diagnostics::new();
        ts.set_language(
            book.chapters[index]
                .language
                .as_deref()
                .unwrap_or(&book.metadata.language),
        );
        let whole = book.chapter_whole(index)?;
        crate::pdf::coverage::check_chapter(book, &whole, ts.fonts(), &mut local);
        let s = Section {
            g,
            m,
            book,
            index,
            chapter: &whole,
        };
        let prepared = prepare_chapter(ts, &s, ahead, plan_aside, &mut local)?;
        Ok(Waiting {
            whole,
            local,
            prepared,
        })
    }
}

/// A chapter set, its pages not drawn yet: what [`prepare_chapter`] gives
/// [`draw_chapter`].
pub(super) enum Prepared {
    /// A dedication, an epigraph or a part, set alone on its page when it
    /// is drawn, if it fits. Its body as the workers set it (with their
    /// diagnostics) is kept for when it does not.
    Apart(Option<(Vec<Piece>, Diagnostics)>),
    /// A section.
    Section(Box<SectionParts>),
}

/// A chapter set as a section: its body (the synopsis first), its
/// chapter-end notes, its page-foot notes, its opening, and its body's
/// pagination when it is planned ahead.
pub(super) struct SectionParts {
    pieces: Vec<Piece>,
    tail: Vec<Piece>,
    foot: Option<PageNotes>,
    opening: Opening,
    planning: Option<Planning>,
}

/// Where a chapter's body comes from.
enum Body<'x, 'a> {
    /// The workers (see `pdf::ahead`).
    Ahead(&'x mut Ahead<'a>),
    /// Set already, with its diagnostics.
    Set(Vec<Piece>, Diagnostics),
    /// Set here, now.
    Here,
}

/// The fewest blocks a chapter's body has for its pagination to be
/// planned on a thread of its own: a thread costs some 50 µs to start and
/// switch to, the pagination of a short chapter less (2,000 one-line
/// chapters took half as long again when each had its thread).
pub(super) const PLAN_ASIDE_FROM: usize = 32;

/// A body's pagination being planned on a thread of its own.
struct Planning(std::thread::JoinHandle<Planned>);

impl Planning {
    /// Starts planning; `None` when the system gives no thread (the
    /// section is then paginated as it is drawn).
    fn start(plan: Plan) -> Option<Planning> {
        std::thread::Builder::new()
            .name("bookpack-plan".into())
            .spawn(move || plan.run())
            .ok()
            .map(Planning)
    }

    /// The plan, once worked out.
    fn finish(self) -> Planned {
        self.0
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
}

/// Sets chapter `s.index` but for its pages: alone on its page (a
/// dedication, an epigraph, a part, drawn by [`draw_chapter`]), or as a
/// section with its notes at the chapter's end or the pages' foot, its
/// body from `ahead` when the workers set it, else set here; with
/// `plan_aside`, the section's pagination is planned on a thread of its
/// own meanwhile.
fn prepare_chapter(
    ts: &mut Typesetter<'_>,
    s: &Section<'_>,
    ahead: Option<&mut Ahead<'_>>,
    plan_aside: bool,
    diags: &mut Diagnostics,
) -> Result<Prepared, Failure> {
    let body = match ahead {
        Some(ahead) => Body::Ahead(ahead),
        None => Body::Here,
    };
    if matches!(
        s.chapter.kind,
        ChapterKind::Dedication | ChapterKind::Epigraph | ChapterKind::Part
    ) {
        // Bodies are asked for in order: this one is taken now, and used
        // only if the text does not fit on its page.
        return Ok(Prepared::Apart(match body {
            Body::Ahead(ahead) => {
                let mut local = Diagnostics::new();
                let pieces = ahead.body(s.index, &mut local)?;
                Some((pieces, local))
            }
            _ => None,
        }));
    }
    let parts = section_parts(ts, s, body, plan_aside, diags)?;
    Ok(Prepared::Section(Box::new(parts)))
}

/// Sets chapter `s` as a section: synopsis and body, chapter-end or
/// page-foot notes, opening; with `plan_aside`, starts planning its body's
/// pagination.
fn section_parts(
    ts: &mut Typesetter<'_>,
    s: &Section<'_>,
    body: Body<'_, '_>,
    plan_aside: bool,
    diags: &mut Diagnostics,
) -> Result<SectionParts, Failure> {
    let (g, m, book, index, chapter) = (s.g, s.m, s.book, s.index, s.chapter);
    let mut pieces = flow::synopsis(ts, chapter, index, m, diags);
    match body {
        Body::Ahead(ahead) => pieces.extend(ahead.body(index, diags)?),
        Body::Set(set, local) => {
            pieces.extend(set);
            diags.extend(local);
        }
        Body::Here => pieces.extend(flow::chapter_body(ts, chapter, index, m, diags)),
    }
    // Chapter-end notes: at the notes' size, on their grid, from under
    // the chapter's last line.
    let ng = g.notes();
    let mut tail = Vec::new();
    // A chapter with no body has no page foot to hold its title's notes:
    // they are set at its end.
    let placement = match book.pdf.notes {
        NotesPlacement::PageBottom if pieces.is_empty() => NotesPlacement::ChapterEnd,
        placement => placement,
    };
    if !chapter.notes.is_empty() && placement == NotesPlacement::ChapterEnd {
        let mut label = ts.set_small_caps(&book.labels.notes, g.size);
        crate::pdf::tracking::track(&mut label, 0.06 * g.size);
        flow::centre(&mut label, g.measure);
        tail.push(flow::keep(vec![label], 0, 1, 0.0, None));
        tail.extend(flow::notes(ts, chapter, index, &notes_measures(&ng), diags));
    }
    // Page-bottom notes: the same setting, at the foot of the pages.
    let foot = (!chapter.notes.is_empty() && placement == NotesPlacement::PageBottom).then(|| {
        let numbers: Vec<u32> = chapter.notes.iter().map(|n| n.number).collect();
        let each = flow::notes_each(ts, chapter, index, &notes_measures(&ng), diags);
        PageNotes::new(ng, &numbers, each)
            .cited_in_title(&crate::model::Inline::first_note_numbers(&chapter.title))
    });
    // A numbered chapter without a title opens with its label set where
    // the title would be, at the title's size ("Chapter 3"), not with a
    // small label over nothing.
    let (label, title) = match chapter.label(&book.labels) {
        Some(label) if chapter.title.is_empty() => {
            (None, vec![crate::model::Inline::Text { text: label }])
        }
        label => (label, chapter.title.clone()),
    };
    let opening = Opening {
        label,
        title,
        id: chapter.id.clone(),
        chapter: Some(index),
    };
    let planning = if plan_aside && pieces.len() >= PLAN_ASIDE_FROM {
        let body = Flow {
            grid: g,
            pieces: &mut pieces,
            notes: foot.as_ref(),
        };
        Planning::start(Plan::of_chapter(ts, g, book, &opening, &body))
    } else {
        None
    };
    Ok(SectionParts {
        pieces,
        tail,
        foot,
        opening,
        planning,
    })
}

/// Draws chapter `s`, set by [`prepare_chapter`], from the recto `sheets`
/// stands on.
pub(super) fn draw_chapter(
    ts: &mut Typesetter<'_>,
    s: &Section<'_>,
    sheets: &mut Sheets,
    totals: &mut Totals,
    prepared: Prepared,
    diags: &mut Diagnostics,
) -> Result<(), Failure> {
    let (g, book, index, chapter) = (s.g, s.book, s.index, s.chapter);
    let parts = match prepared {
        Prepared::Section(parts) => *parts,
        Prepared::Apart(body) => {
            let set_apart = match chapter.kind {
                ChapterKind::Part => {
                    opening::part_page(ts, g, book, sheets, (index, chapter), diags)
                }
                _ => opening::alone(ts, g, book, sheets, (index, chapter), diags),
            };
            if set_apart {
                return Ok(());
            }
            // Too long for its page: a section after all.
            let body = match body {
                Some((pieces, local)) => Body::Set(pieces, local),
                None => Body::Here,
            };
            section_parts(ts, s, body, false, diags)?
        }
    };
    let SectionParts {
        mut pieces,
        mut tail,
        foot,
        opening,
        planning,
    } = parts;
    let ng = g.notes();
    section(
        ts,
        g,
        sheets,
        &opening,
        &chapter.head_text(&book.labels),
        Flow {
            grid: g,
            pieces: &mut pieces,
            notes: foot.as_ref(),
        },
        (!tail.is_empty()).then_some(Flow {
            grid: &ng,
            pieces: &mut tail,
            notes: None,
        }),
        book,
        totals,
        book.pdf.chapters_open == crate::model::OpenOn::Recto,
        planning.map(Planning::finish),
    );
    Ok(())
}

/// The text measures of notes set on the notes' grid `ng`.
pub(super) fn notes_measures(ng: &Geometry) -> Measures {
    Measures {
        size: ng.size,
        measure: ng.measure,
        indent: ng.size,
        leading: ng.leading,
        lines: ng.lines,
        margin: ng.inner.min(ng.outer),
    }
}
