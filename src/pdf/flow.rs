//! Flow: a chapter's (or the notes') model blocks → set pieces on the baseline grid, ready to paginate.
//!
//! Each piece pairs what pagination sees (a `paginate::Block`: line counts,
//! hyphen flags, keep rules) with what drawing needs (the set lines of each
//! alternative, where they sit in the measure, which notes they anchor).

use crate::diagnostics::Diagnostics;
use crate::model::{Block as ModelBlock, Chapter, Inline, Span};
use crate::pdf::caption;
use crate::pdf::code;
use crate::pdf::figure::{self, Art};
use crate::pdf::fontset::FaceKind;
use crate::pdf::headings;
use crate::pdf::paginate::{Block, Variant};
use crate::pdf::paragraph::{
    Align, Alternative, ParagraphStyle, SetLine, SetParagraph, Setting, Typesetter,
};
use crate::pdf::table;

mod callout;
mod epigraph;
mod notes;
mod runs;
mod set_apart;
mod spacing;
mod theorem;
mod variant_cost;
pub use callout::{bar_rules, Bar};
use epigraph::opening_epigraph;
pub use notes::{notes, notes_each};
pub use runs::body_ranges;
pub use set_apart::synopsis;
use spacing::{join_space_above, leaves_space, Before};
use variant_cost::variant_cost;

/// The book's text measures, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measures {
    pub size: f32,
    pub measure: f32,
    /// First-line indent of body paragraphs.
    pub indent: f32,
    /// Distance between baselines of the grid.
    pub leading: f32,
    /// Grid lines on a full page.
    pub lines: usize,
    /// The narrower side margin (inner or outer): how far past the measure
    /// a piece too wide for it (a table) reaches before it leaves the page.
    pub margin: f32,
}

/// Where a piece's text comes from, for diagnostics and the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub span: Span,
}

/// What a piece is, for drawing and for links.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// Body text of chapter `chapter` (index into `Book::chapters`): its
    /// note marks link to that chapter's notes.
    Text { chapter: usize },
    /// The first paragraph of note `note_id`, whose number (set at the
    /// line start, `number_width` wide) links back to reference `ref_id`.
    NoteStart {
        chapter: usize,
        note_id: String,
        ref_id: String,
        /// The note's number, drawn right-aligned in the hanging indent
        /// left of the first line (boxed: a set line is large).
        number: Box<SetLine>,
        /// Gap between the number and the text.
        gap: f32,
        /// For a note whose first paragraph is right to left: the measure
        /// of its text, right of which the number stands (in a hanging
        /// indent on the right), as a Hebrew or Arabic book sets it.
        right_of: Option<f32>,
    },
    /// A later paragraph of a note, or anything without links.
    Plain,
}

/// A set piece of the flow.
#[derive(Debug, Clone)]
pub struct Piece {
    pub block: Block,
    /// The lines of each variant (for `Keep`: one entry; `Space`: empty);
    /// empty for a paragraph's alternative not set yet (see `unset`).
    pub settings: Vec<Vec<SetLine>>,
    /// A paragraph's alternative settings, set only if pagination
    /// chooses one ([`Piece::chosen`]): most never are.
    pub unset: Option<std::sync::Arc<Unset>>,
    /// Offset of the lines from the measure's left edge.
    pub x: f32,
    pub role: Role,
    pub origin: Option<Origin>,
    /// Pictures and rules drawn with the lines (figures, tables).
    pub art: Vec<Art>,
    /// A warning said of the piece when it was set, before any page was
    /// known (a table wider than the text block): the report lists it
    /// with the page the piece starts on.
    pub flag: Option<Flag>,
    /// The rules of the callouts the piece is in, outermost first.
    pub bars: Vec<Bar>,
}

/// A warning a piece carries to its page: the report item's kind and
/// message.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub kind: &'static str,
    pub message: String,
}

/// A paragraph's alternative settings, kept as their breaks with the
/// paragraph's text: set only if pagination chooses one, by preparing the
/// paragraph again (cheaper to keep than the prepared words, and needed
/// for about one paragraph in twenty).
pub struct Unset {
    content: Vec<Inline>,
    style: ParagraphStyle,
    /// The language the paragraph was hyphenated in.
    language: String,
    /// By variant (index into `Piece::settings`; the best is set).
    alternatives: Vec<Option<Alternative>>,
}

impl std::fmt::Debug for Unset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Unset")
            .field("language", &self.language)
            .field("alternatives", &self.alternatives)
            .finish_non_exhaustive()
    }
}

impl Piece {
    /// The lines of variant `k` when they are not set yet, set now by `ts`,
    /// else `None`. Preparing and setting a paragraph does not depend on
    /// what a typesetter has cached, so any typesetter of the book
    /// prepares the same items and sets the same lines from the breaks.
    pub fn chosen(&self, k: usize, ts: &mut Typesetter<'_>) -> Option<Vec<SetLine>> {
        let unset = self.unset.as_ref()?;
        let alt = unset.alternatives.get(k)?.as_ref()?;
        let language = ts.language().to_string();
        ts.set_language(&unset.language);
        let prepared = ts.prepare_paragraph(&unset.content, &unset.style);
        let lines = ts.set_alternative(&prepared, &unset.style, alt);
        ts.set_language(&language);
        Some(lines)
    }

    /// The notes first referenced on each line of variant `k`, by line
    /// (set or not), in order.
    pub fn first_notes(&self, k: usize) -> Vec<(usize, u32)> {
        if let Some(alt) = self
            .unset
            .as_ref()
            .and_then(|u| u.alternatives.get(k)?.as_ref())
        {
            return alt
                .first_notes
                .iter()
                .enumerate()
                .flat_map(|(line, notes)| notes.iter().map(move |&n| (line, n)))
                .collect();
        }
        let lines = self.settings.get(k).map_or(&[][..], Vec::as_slice);
        lines
            .iter()
            .enumerate()
            .flat_map(|(line, set)| {
                set.note_refs
                    .iter()
                    .filter(|m| m.first)
                    .map(move |m| (line, m.number))
            })
            .collect()
    }
}

/// Largest adjustment ratio of the looser alternatives pagination may
/// choose (the best setting keeps the engine's own tolerance).
pub const ALTERNATIVE_TOLERANCE: f32 = 2.0;

/// A paragraph in its settings (best, then one line shorter and one
/// longer when they exist), as a piece.
pub fn paragraph(
    ts: &mut Typesetter<'_>,
    content: &[Inline],
    style: &ParagraphStyle,
    x: f32,
    role: Role,
    origin: Option<Origin>,
    diags: &mut Diagnostics,
) -> Piece {
    // One run at a looser tolerance gives the alternatives pagination may
    // need (within the normal tolerance they are rare for short
    // paragraphs). Its best is the paragraph's best as well when every
    // line keeps within the normal tolerance: the narrow optimum is then
    // the same breaks. Otherwise a second, normal run sets the best.
    let prepared = ts.prepare_paragraph(content, style);
    let tolerance = ts.tuning.breaker.tolerance;
    ts.tuning.breaker.tolerance = tolerance.max(ALTERNATIVE_TOLERANCE);
    let wide = ts.alternatives_of(&prepared, style);
    ts.tuning.breaker.tolerance = tolerance;
    let within = |p: &SetParagraph| {
        !p.emergency
            && p.lines
                .iter()
                .all(|l| l.overfull || l.ratio <= tolerance + 1.0e-3)
    };
    let (best, shorter, longer) = if within(&wide.best) {
        (wide.best, wide.shorter, wide.longer)
    } else {
        let narrow = ts.alternatives_of(&prepared, style);
        let n = narrow.best.lines.len();
        // The wide run's settings stand in for those the narrow one lacks.
        let mut others = [
            wide.shorter,
            Some(Alternative::of_set(wide.best)),
            wide.longer,
        ];
        let mut pick = |own: Option<Alternative>, want: usize| {
            own.or_else(|| {
                others
                    .iter_mut()
                    .find(|p| p.as_ref().is_some_and(|p| p.lines() == want))?
                    .take()
            })
        };
        let shorter = if n > 1 {
            pick(narrow.shorter, n - 1)
        } else {
            None
        };
        let longer = pick(narrow.longer, n + 1);
        (narrow.best, shorter, longer)
    };
    if let Some(d) = origin
        .as_ref()
        .and_then(|o| best.diagnostic(&o.file, o.span))
    {
        diags.push(d);
    }
    let mut variants = vec![Variant {
        cost: 0.0,
        hyphenated: best.lines.iter().map(|l| l.ends_in_hyphen).collect(),
        splits: Vec::new(),
    }];
    let mut alternatives = vec![None];
    for alt in [shorter, longer].into_iter().flatten() {
        // An alternative with an overfull line is never worth it.
        if alt.overfull {
            continue;
        }
        variants.push(Variant {
            cost: variant_cost(
                &best,
                &alt,
                style.align == Align::Justify,
                tolerance,
                ts.tuning.variant_tolerance,
            ),
            hyphenated: alt.ends_in_hyphen.clone(),
            splits: Vec::new(),
        });
        alternatives.push(Some(alt));
    }
    // Alternatives already set (the wide run's best standing in) keep
    // their lines; the others wait for pagination to choose them.
    let mut settings = vec![best.lines];
    for alt in &mut alternatives[1..] {
        if let Some(Alternative {
            setting: Setting::Set(lines),
            ..
        }) = alt
        {
            settings.push(std::mem::take(lines));
            *alt = None;
        } else {
            settings.push(Vec::new());
        }
    }
    let unset = alternatives.iter().any(Option::is_some).then(|| {
        std::sync::Arc::new(Unset {
            content: content.to_vec(),
            style: *style,
            language: ts.language().to_string(),
            alternatives,
        })
    });
    Piece {
        block: Block::Paragraph { variants },
        settings,
        unset,
        x,
        role,
        origin,
        art: Vec::new(),
        flag: None,
        bars: Vec::new(),
    }
}

/// Keeps a one-line paragraph on the page of what follows, as a heading
/// is, when it ends in a comma, a letter's salutation ("Dear Agnes,", "My
/// dear Nell,": a reviewer found four letters in a novel whose
/// salutation closed a page and whose text began the next); when it
/// follows a heading (`after_heading`), a poem's dedication under its
/// title ("*for my brother*": a reviewer found a poem's title and
/// dedication the last two lines of a page, the poem over it); or when
/// it ends in a colon and introduces a quotation, a list, code, a table
/// or verse (`introduces_block`: "The report concluded as follows:" closed
/// a page, the quotation on the next). Its one setting is kept. (Not a
/// line ending in a colon before a paragraph, "Hysni told him:": kept
/// so, the first book's 40 such lines cost it 3 more hyphenated lines,
/// past its issue-11 bars, for a fault readers pass over.)
fn keep_if_leading_in(piece: &mut Piece, after_heading: bool, introduces_block: bool) {
    let one_line = matches!(piece.block, Block::Paragraph { .. })
        && piece.settings.first().is_some_and(|lines| lines.len() == 1);
    if !one_line {
        return;
    }
    let text = piece.settings[0][0].text();
    let end = text.trim_end();
    if after_heading || end.ends_with(',') || (introduces_block && end.ends_with([':', '：'])) {
        piece.block = Block::Keep {
            lines: 1,
            space_before: 0,
        };
        piece.settings.truncate(1);
        piece.unset = None;
    }
}

/// A heading of set lines kept with what follows, `space_after` blank
/// grid lines under it.
pub fn keep(
    lines: Vec<SetLine>,
    space_before: usize,
    space_after: usize,
    x: f32,
    origin: Option<Origin>,
) -> Piece {
    Piece {
        block: Block::Keep {
            lines: lines.len() + space_after,
            space_before,
        },
        settings: vec![lines],
        unset: None,
        x,
        role: Role::Plain,
        origin,
        art: Vec::new(),
        flag: None,
        bars: Vec::new(),
    }
}

pub fn space(lines: usize) -> Piece {
    Piece {
        block: Block::Space { lines },
        settings: Vec::new(),
        unset: None,
        x: 0.0,
        role: Role::Plain,
        origin: None,
        art: Vec::new(),
        flag: None,
        bars: Vec::new(),
    }
}

/// The body of chapter `index`: its blocks after the title and synopsis.
pub fn chapter_body(
    ts: &mut Typesetter<'_>,
    chapter: &Chapter,
    index: usize,
    m: &Measures,
    diags: &mut Diagnostics,
) -> Vec<Piece> {
    body_range(ts, chapter, index, 0..chapter.blocks.len(), m, diags)
}

/// The pieces of `chapter.blocks[range]`, as `chapter_body` would set them.
pub fn body_range(
    ts: &mut Typesetter<'_>,
    chapter: &Chapter,
    index: usize,
    range: std::ops::Range<usize>,
    m: &Measures,
    diags: &mut Diagnostics,
) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut range = range;
    if range.start == 0 && !range.is_empty() {
        if let Some(set) = opening_epigraph(ts, chapter, index, m) {
            out.extend(set);
            range.start = 1;
        }
    }
    // A paragraph is indented when a paragraph precedes it, figures
    // (which float) aside (see `blocks`).
    let mut indent_next = chapter.blocks[..range.start]
        .iter()
        .rev()
        .find(|b| !matches!(b, ModelBlock::Figure { .. }))
        .is_some_and(|b| matches!(b, ModelBlock::Paragraph { .. }));
    let before = range.start.checked_sub(1).map_or(
        Before {
            start: true,
            ..Before::default()
        },
        |j| Before::of(&chapter.blocks[j]),
    );
    let entry_hang = if chapter.kind == crate::model::ChapterKind::Bibliography {
        m.indent
    } else {
        0.0
    };
    blocks(
        ts,
        &chapter.blocks[range],
        &chapter.file,
        Role::Text { chapter: index },
        m,
        0.0,
        entry_hang,
        &mut indent_next,
        before,
        &mut out,
        diags,
    );
    out
}

/// Model blocks → pieces. `indent_next` says whether the next paragraph
/// gets a first-line indent (not after a heading, a break or a space);
/// `before` says what stands before `model`. `entry_hang`, when not 0, sets
/// each paragraph with a hanging indent instead: a bibliography's
/// entries, each first line flush and its turnovers in (Chicago 14.64),
/// so the authors' names stand out down the page.
#[allow(clippy::too_many_arguments)]
fn blocks(
    ts: &mut Typesetter<'_>,
    model: &[ModelBlock],
    file: &str,
    role: Role,
    m: &Measures,
    inset: f32,
    entry_hang: f32,
    indent_next: &mut bool,
    before: Before,
    out: &mut Vec<Piece>,
    diags: &mut Diagnostics,
) {
    // Deep quotes and lists stop moving in once the measure is half the
    // page's: past that each level would only squeeze the text.
    let inset = inset.min(m.measure / 4.0);
    let measure = m.measure - 2.0 * inset;
    let origin = |span: Span| {
        Some(Origin {
            file: file.to_string(),
            span,
        })
    };
    // A low heading run into the paragraph after it: its words lead the
    // paragraph, which takes the heading's origin (so links to the heading
    // land on it).
    let mut run_in: Option<(Vec<Inline>, Span, bool)> = None;
    for (k, block) in model.iter().enumerate() {
        let first_piece = out.len();
        // A blank line is there already: this block's own above it
        // would make two (a scene break, then code, stood three grid
        // lines apart). Read from the model, so a chapter cut into runs
        // for the workers is set as it is whole.
        let prev = k.checked_sub(1).map_or(before, |j| Before::of(&model[j]));
        let prev_space = prev.space;
        match block {
            ModelBlock::Paragraph { content, span } => {
                let (content, span, indent) = match run_in.take() {
                    Some((mut lead, heading, indented)) => {
                        lead.extend(content.iter().cloned());
                        (std::borrow::Cow::Owned(lead), heading, indented)
                    }
                    None => (std::borrow::Cow::Borrowed(content), *span, *indent_next),
                };
                // Chinese and Japanese running text indents every
                // paragraph (the EPUB's stylesheet does the same); list
                // items, quotations and notes keep the Western rule.
                let every = crate::language::every_paragraph_indent(ts.language())
                    .filter(|_| inset == 0.0 && matches!(role, Role::Text { .. }));
                let indent = match every {
                    Some(ems) => ems * m.size,
                    None if indent => m.indent,
                    None => 0.0,
                };
                let (style, x) = if entry_hang > 0.0 {
                    // The turnovers' measure, the first line outdented to
                    // the full one (as verse sets its turnovers); right to
                    // left, the setter keeps the outdent on the right.
                    let style = ParagraphStyle::body(m.size, measure - entry_hang, -entry_hang);
                    let rtl = crate::language::inlines_are_rtl(&content);
                    (style, inset + if rtl { 0.0 } else { entry_hang })
                } else {
                    (ParagraphStyle::body(m.size, measure, indent), inset)
                };
                crate::pdf::equation::check_inline(ts, &content, span, file, m, diags);
                let mut piece =
                    paragraph(ts, &content, &style, x, role.clone(), origin(span), diags);
                if k + 1 < model.len() {
                    let introduces_block = matches!(
                        model[k + 1],
                        ModelBlock::BlockQuote { .. }
                            | ModelBlock::Callout { .. }
                            | ModelBlock::Theorem { .. }
                            | ModelBlock::List { .. }
                            | ModelBlock::CodeBlock { .. }
                            | ModelBlock::Table { .. }
                            | ModelBlock::DefinitionList { .. }
                            | ModelBlock::Verse { .. }
                    );
                    keep_if_leading_in(&mut piece, prev.heading, introduces_block);
                }
                out.push(piece);
                *indent_next = true;
            }
            ModelBlock::Heading {
                level,
                content,
                span,
                ..
            } => {
                let before_paragraph =
                    matches!(model.get(k + 1), Some(ModelBlock::Paragraph { .. }));
                match headings::rank(*level, before_paragraph) {
                    headings::Rank::RunIn {
                        small_caps,
                        indented,
                    } => {
                        // The flush rank opens a section: a blank line
                        // above it, unless one is there or a heading is.
                        let after_heading = matches!(
                            k.checked_sub(1).map(|j| &model[j]),
                            Some(ModelBlock::Heading { .. })
                        );
                        let after_space = matches!(
                            out.last(),
                            Some(Piece {
                                block: Block::Space { .. },
                                ..
                            })
                        );
                        if !indented && k > 0 && !after_heading && !after_space {
                            out.push(space(1));
                        }
                        run_in =
                            Some((headings::run_in_lead(content, small_caps), *span, indented));
                    }
                    headings::Rank::Display { centred } => {
                        // Small capitals where the face has them for
                        // every letter: EB Garamond's small-caps face
                        // holds plain lower case for Cyrillic, which
                        // would read as lower case letter-spaced.
                        let small_caps = centred
                            && headings::has_case(content)
                            && Inline::plain_text(content)
                                .to_lowercase()
                                .chars()
                                .all(|c| !c.is_lowercase() || ts.fonts().small_capital(c));
                        let lines = if small_caps {
                            headings::spaced_small_caps(ts, content, m.size, measure)
                        } else {
                            let style = ParagraphStyle {
                                align: if centred { Align::Center } else { Align::Start },
                                ..ParagraphStyle::display(m.size, measure, FaceKind::Italic)
                            };
                            ts.set_paragraph(content, &style).lines
                        };
                        // A blank line above it, unless the block before
                        // left one (a list, a quotation, code): the two
                        // added up, a heading stood further from a list
                        // than from a paragraph (LaTeX's \addvspace takes
                        // the larger). After verse both stay, or a poem's
                        // title stood as far from the poem before as its
                        // stanzas from each other.
                        let above = usize::from(!prev_space || prev.verse);
                        out.push(keep(lines, above, 0, inset, origin(*span)));
                    }
                }
                *indent_next = false;
            }
            ModelBlock::BlockQuote { blocks: inner, .. } => {
                if !prev_space {
                    out.push(space(1));
                }
                let mut indent = false;
                blocks(
                    ts,
                    inner,
                    file,
                    role.clone(),
                    m,
                    inset + 1.5 * m.size,
                    0.0,
                    &mut indent,
                    Before {
                        space: true,
                        start: true,
                        ..Before::default()
                    },
                    out,
                    diags,
                );
                // A blank line under it, unless its last block left one
                // (code's, a list's): two stood a quotation ending in code
                // further from the text after it than from the text before.
                if !leaves_space(out) {
                    out.push(space(1));
                }
                *indent_next = false;
            }
            ModelBlock::Callout {
                kind,
                title,
                blocks: inner,
                span,
            } => {
                let at = (inset, *span, prev_space);
                callout::callout(ts, *kind, title, inner, file, &role, m, at, out, diags);
                *indent_next = false;
            }
            ModelBlock::Theorem {
                kind,
                name,
                label,
                blocks: inner,
                span,
                ..
            } => {
                let at = (inset, *span, prev_space);
                let label = label.as_deref().unwrap_or(kind.name());
                let head = (kind.style(), label, &name[..]);
                theorem::theorem(ts, head, inner, file, &role, m, at, out, diags);
                // The text after it starts flush, as after any display.
                *indent_next = false;
            }
            ModelBlock::List { start, items, .. } => {
                // A list stands apart from the text by a blank line above
                // and below, as the EPUB's margins set it off: the
                // paragraph after it starts flush, so without the line it
                // read as the last item's text run on (and two lists in a
                // row read as one). None where a blank line, a heading or
                // nothing is above it; none in a list item or a note,
                // whose lists are set tight.
                let apart = !prev.tight;
                if apart && !(prev.space || prev.heading || prev.start) {
                    out.push(space(1));
                }
                let labels: Vec<String> = (0..items.len())
                    .map(|k| match start {
                        Some(s) => format!("{}.\u{2002}", s + k as u64),
                        None => "\u{2022}\u{2002}".to_string(),
                    })
                    .collect();
                // Each item's lines stand in by the hang; its label sits in
                // the hang, set flush against the text, so "9." and "10."
                // end together and every line of an item starts where its
                // first word does. The hang is the widest label's, 1.5 em
                // at least, the same for every item of the list.
                let widths: Vec<f32> = labels
                    .iter()
                    .map(|l| ts.set_line(l, FaceKind::Regular, m.size).width)
                    .collect();
                let hang = widths.iter().copied().fold(1.5 * m.size, f32::max);
                for (k, item) in items.iter().enumerate() {
                    for (j, b) in item.iter().enumerate() {
                        if let ModelBlock::Paragraph { content, span } = b {
                            let mut c = Vec::with_capacity(content.len() + 1);
                            if j == 0 {
                                c.push(Inline::Text {
                                    text: labels[k].clone(),
                                });
                            }
                            c.extend(content.iter().cloned());
                            // The item stands in from the side its lines
                            // start on: the right, in Hebrew or Arabic,
                            // where its label opens its first line and
                            // hangs right of the others.
                            let rtl = paragraph_is_rtl(content);
                            // A later paragraph of the item is indented when
                            // a paragraph precedes it, as text's are: flush,
                            // it read as a line of the one before run on.
                            let after_paragraph =
                                j > 0 && matches!(item[j - 1], ModelBlock::Paragraph { .. });
                            let outdent = match j {
                                0 => -widths[k],
                                _ if after_paragraph => m.indent,
                                _ => 0.0,
                            };
                            let style = ParagraphStyle::body(m.size, measure - hang, outdent);
                            let x = if rtl { inset } else { inset + hang };
                            out.push(paragraph(
                                ts,
                                &c,
                                &style,
                                x,
                                role.clone(),
                                origin(*span),
                                diags,
                            ));
                        } else {
                            let mut indent = false;
                            blocks(
                                ts,
                                std::slice::from_ref(b),
                                file,
                                role.clone(),
                                m,
                                inset + hang,
                                0.0,
                                &mut indent,
                                Before::tight_start(),
                                out,
                                diags,
                            );
                        }
                    }
                }
                if apart {
                    out.push(space(1));
                }
                *indent_next = false;
            }
            ModelBlock::ThematicBreak { span } => {
                let mut line = ts.set_line("*\u{2003}*\u{2003}*", FaceKind::Regular, m.size);
                centre(&mut line, measure);
                let above = usize::from(!prev_space);
                out.push(keep(vec![line], above, 0, inset, origin(*span)));
                out.push(space(1));
                *indent_next = false;
            }
            ModelBlock::CodeBlock { .. } => {
                let mut piece = code::of_block(ts, block, file, m, inset, role.clone());
                join_space_above(&mut piece, prev_space);
                out.push(piece);
                *indent_next = false;
            }
            ModelBlock::Equation {
                formula,
                label,
                span,
                ..
            } => {
                let mut pieces = crate::pdf::equation::equation(
                    ts,
                    formula,
                    label.as_deref(),
                    *span,
                    file,
                    m,
                    inset,
                    role.clone(),
                    diags,
                );
                if prev_space {
                    if let Some(Block::Keep { space_before, .. }) =
                        pieces.first_mut().map(|p| &mut p.block)
                    {
                        *space_before = 0;
                    }
                }
                out.append(&mut pieces);
                // The text after a display goes on with the sentence.
                *indent_next = false;
            }
            ModelBlock::Figure {
                image,
                caption,
                label,
                span,
                ..
            } => {
                out.push(figure::figure(
                    ts,
                    image,
                    &caption::labelled(label.as_deref(), caption),
                    *span,
                    file,
                    m,
                    inset,
                    role.clone(),
                    prev.colon,
                    diags,
                ));
                // A figure floats out of the text: the paragraph after it
                // continues the one before, indented as if it were not there.
            }
            ModelBlock::Table {
                caption,
                label,
                align,
                head,
                rows,
                span,
                ..
            } => {
                let mut piece = table::table(
                    ts,
                    &caption::labelled(label.as_deref(), caption),
                    align,
                    head,
                    rows,
                    *span,
                    file,
                    m,
                    inset,
                    role.clone(),
                    diags,
                );
                join_space_above(&mut piece, prev_space);
                out.push(piece);
                *indent_next = false;
            }
            ModelBlock::DefinitionList { items, span } => {
                // Each term bold and ragged, kept with its definitions,
                // which are set as blocks indented under it.
                let style = ParagraphStyle {
                    face: FaceKind::Bold,
                    align: Align::Start,
                    hyphenate: false,
                    ..ParagraphStyle::body(m.size, measure, 0.0)
                };
                for (n, item) in items.iter().enumerate() {
                    let term = ts.set_paragraph(&item.term, &style);
                    out.push(keep(
                        term.lines,
                        usize::from(n == 0 && !prev_space),
                        0,
                        inset,
                        origin(*span),
                    ));
                    for definition in &item.definitions {
                        let mut indent = false;
                        blocks(
                            ts,
                            definition,
                            file,
                            role.clone(),
                            m,
                            inset + 1.5 * m.size,
                            0.0,
                            &mut indent,
                            Before::tight_start(),
                            out,
                            diags,
                        );
                    }
                }
                out.push(space(1));
                *indent_next = false;
            }
            ModelBlock::Bibliography { entries, .. } => {
                let above = !prev_space && k > 0;
                let at = (inset, measure);
                set_apart::works(ts, entries, file, &role, m, at, above, out, diags);
                *indent_next = false;
            }
            ModelBlock::Verse { stanzas, .. } => {
                // Under a heading the poem follows at once: a space there
                // would come between the heading and what it is kept with
                // (the heading left at a page's foot). Read from the model,
                // not the pieces, so runs on other threads see the same
                // (a run is never cut after a heading).
                let under_heading = matches!(
                    k.checked_sub(1).map(|j| &model[j]),
                    Some(ModelBlock::Heading { .. })
                );
                // Inset from the side its lines start on: the right, in
                // Hebrew or Arabic, where they are flush right.
                let rtl = crate::pdf::verse::is_rtl(stanzas);
                out.extend(crate::pdf::verse::verse(
                    under_heading || prev_space,
                    ts,
                    stanzas,
                    file,
                    &role,
                    m,
                    if rtl { inset } else { inset + 1.5 * m.size },
                    measure - 1.5 * m.size,
                    diags,
                ));
                *indent_next = false;
            }
        }
        // Set pieces (headings, tables, captions) are made plain; note marks
        // in them link like the text's.
        for piece in &mut out[first_piece..] {
            if matches!(piece.role, Role::Plain) {
                piece.role = role.clone();
            }
        }
    }
}

pub use crate::pdf::caption::centre;

/// Whether a paragraph of `content` is set right to left: its first
/// strong letter is Hebrew or Arabic, as the paragraph's setting finds.
fn paragraph_is_rtl(content: &[Inline]) -> bool {
    crate::language::inlines_are_rtl(content)
}

#[cfg(test)]
mod spacing_tests;

#[cfg(test)]
mod tests;
