//! Setting a chosen line: its words shaped again from their actual text, justified, and laid out as glyph runs with note marks.

use super::items::{Prepared, Source};
use super::justify::LineSums;
use super::words::Piece;
use super::{
    Align, LinkMark, NoteMark, ParagraphStyle, SetLine, SetParagraph, StrikeMark, Typesetter,
    BREAK_HYPHEN_TEXT, KEPT_HYPHEN_TEXT,
};
use crate::pdf::bidi::{self, Unit};
use crate::pdf::fontset::FaceKind;
use crate::pdf::linebreak::{self, Item, INFINITY};
use crate::pdf::page::{Glyph, GlyphRun, GlyphText};
use crate::pdf::shape::ShapeId;
use crate::pdf::units::Pt;

/// How a message shows a formula among a line's words.
pub(super) const FORMULA_SHOWN: &str = "[formula]";

impl Typesetter<'_> {
    pub(super) fn render(
        &mut self,
        prepared: &Prepared,
        style: &ParagraphStyle,
        breaks: &linebreak::Breaks,
    ) -> SetParagraph {
        let count = breaks.lines.len();
        let lines = breaks
            .lines
            .iter()
            .enumerate()
            .map(|(i, line)| self.render_line(prepared, style, line, i + 1 == count))
            .collect();
        SetParagraph {
            lines,
            demerits: breaks.demerits,
            emergency: breaks.emergency,
        }
    }

    /// Whether a line set from `line` would end in a hyphen and be
    /// overfull, and the notes it first references, as
    /// [`Typesetter::render_line`] would set it, without the glyphs' text,
    /// runs and marks: what pagination needs of an alternative setting it
    /// will rarely choose. The same steps as
    /// `render_line` up to justification (shaping the line's text, the
    /// same sums in the same order), so the answer is the same.
    pub(super) fn measure_line(
        &mut self,
        prepared: &Prepared,
        style: &ParagraphStyle,
        line: &linebreak::Line,
        last: bool,
    ) -> Measured {
        let mut marks = Vec::new();
        let mut sums = Measuring {
            sums: LineSums::new(style.align == Align::Justify),
            count: 0,
        };
        let shape = self.flatten(prepared, style, line, &mut sums, &mut marks, false);
        let fill_line = fills(prepared, line, last);
        let (j, _) = self.fit(&sums.sums, style, line, shape.hang, fill_line);
        Measured {
            ends_in_hyphen: shape.ends_in_hyphen(),
            overfull: j.overfull,
            first_notes: first_notes(&marks),
        }
    }

    /// Shapes one line from its actual text and justifies it.
    pub(super) fn render_line(
        &mut self,
        prepared: &Prepared,
        style: &ParagraphStyle,
        line: &linebreak::Line,
        last: bool,
    ) -> SetLine {
        // Reused from line to line: a line's glyphs were a fresh vector
        // grown glyph by glyph, a tenth of the setting's instructions.
        let mut flat = std::mem::take(&mut self.scratch_flat);
        flat.clear();
        let mut marks: Vec<(usize, usize, &Piece)> = Vec::new();
        let shape = self.flatten(prepared, style, line, &mut flat, &mut marks, true);
        let LineShape {
            hyphenated,
            explicit_hyphen,
            hang,
            first_word,
            last_word,
        } = shape;
        let fill_line = fills(prepared, line, last);
        // 3. Justify: font expansion, letter spacing and word spaces take
        //    up the difference exactly.
        let j = self.justify(&mut flat, style, line, hang, fill_line);
        let width: Pt = flat.iter().map(Flat::advance).sum();
        let offset = match style.align {
            Align::Center if style.measure < f32::MAX => ((style.measure - width) / 2.0).max(0.0),
            // A right-to-left paragraph, justified or ragged from its
            // start: its short lines sit flush right. (`Align::Left`
            // lines, such as a contents entry, keep the left edge: their
            // caller places them.)
            Align::Justify | Align::Start if prepared.rtl && style.measure < f32::MAX => {
                (style.measure - width).max(0.0)
            }
            // An opening quote hangs left of the line's start.
            _ => -j.lead,
        };

        // 4. Runs and note marks, in visual order (see `pdf::bidi`). Only
        //    a line with right-to-left text (or of a right-to-left
        //    paragraph) can be reordered: `visual_order` says `None` for
        //    any other, which is found here without gathering its units.
        let may_reorder = prepared.rtl
            || flat.iter().any(|f| {
                matches!(f, Flat::Glyph { glyph, .. }
                    if !glyph.text.is_ascii() && bidi::has_rtl(&glyph.text))
            });
        let visual = if may_reorder {
            let mut units: Vec<Unit> = flat
                .iter()
                .map(|f| match f {
                    Flat::Gap(_) => Unit::Gap,
                    Flat::Glyph { glyph, .. } => Unit::Glyph(&glyph.text),
                })
                .collect();
            // A note number stands apart from the text it follows (see
            // `Unit::Note`).
            for &(first, end, piece) in &marks {
                if piece.note.is_some() {
                    for unit in units.get_mut(first..end).into_iter().flatten() {
                        if let Unit::Glyph(t) = *unit {
                            *unit = Unit::Note(t);
                        }
                    }
                }
            }
            bidi::visual_order(&units, prepared.rtl)
        } else {
            None
        };
        // A bracket or guillemet set right to left takes its mirror's
        // glyph (it opens towards the text it encloses); its text stays
        // the character typed, which the PDF gives back on copying.
        if let Some(v) = &visual {
            for (f, &rtl) in flat.iter_mut().zip(&v.rtl) {
                let Flat::Glyph { face, glyph, .. } = f else {
                    continue;
                };
                let mut chars = glyph.text.chars();
                let (Some(c), None, true) = (chars.next(), chars.next(), rtl) else {
                    continue;
                };
                if let Some(id) =
                    bidi::mirror(c).and_then(|m| self.fonts().face(*face).glyph_index(m))
                {
                    glyph.id = id.0;
                }
            }
        }
        let at = |position: usize| visual.as_ref().map_or(position, |v| v.order[position]);
        let mut runs: Vec<GlyphRun> = Vec::new();
        let mut x = offset;
        let mut starts = std::mem::take(&mut self.scratch_starts);
        starts.clear();
        starts.resize(flat.len() + 1, 0.0);
        let mut open = false;
        for position in 0..flat.len() {
            let i = at(position);
            starts[i] = x;
            match &mut flat[i] {
                Flat::Gap(w) => {
                    x += *w;
                    open = false;
                }
                Flat::Glyph {
                    face,
                    size,
                    rise,
                    glyph,
                    ..
                } => {
                    let (font, size, rise) = (face.font_id(), *size, *rise);
                    let same = open
                        && runs
                            .last()
                            .is_some_and(|r| r.font == font && r.size == size && r.y == rise);
                    if !same {
                        runs.push(GlyphRun {
                            font,
                            size,
                            x,
                            y: rise,
                            h_scale: j.scale,
                            v_scale: 1.0,
                            ink: None,
                            glyphs: Vec::new(),
                        });
                        open = true;
                    }
                    // The glyph's text moves to the run: `flat` keeps
                    // only what the marks and spaces read below (advances).
                    let glyph = Glyph {
                        id: glyph.id,
                        advance: glyph.advance,
                        text: std::mem::take(&mut glyph.text),
                        offset: glyph.offset,
                        tracking: glyph.tracking,
                    };
                    x += glyph.advance;
                    if let Some(run) = runs.last_mut() {
                        if run.glyphs.is_empty() {
                            // The glyphs that will join this run: as many
                            // as follow in the same font, size and rise.
                            let joining = (position + 1..flat.len())
                                .map(&at)
                                .take_while(|&k| {
                                    matches!(&flat[k], Flat::Glyph { face, size: s, rise: r, .. }
                                        if face.font_id() == font && *s == size && *r == rise)
                                })
                                .count();
                            run.glyphs.reserve_exact(1 + joining);
                        }
                        run.glyphs.push(glyph);
                    }
                }
            }
        }
        starts[flat.len()] = x;
        // A mark's span: from its first to past its last glyph, or, on a
        // reordered line, over all of them wherever they went.
        let span = |from: usize, to: usize| -> (Pt, Pt) {
            if visual.is_none() || from >= to {
                return (starts[from], starts[to]);
            }
            let left = (from..to).map(|k| starts[k]).fold(f32::MAX, f32::min);
            let right = (from..to)
                .map(|k| starts[k] + flat[k].advance())
                .fold(f32::MIN, f32::max);
            (left, right)
        };
        let note_refs = marks
            .iter()
            .filter_map(|&(from, to, piece)| {
                let note = piece.note.as_ref()?;
                let metrics = self.shaper.fonts().metrics(piece.face);
                Some(NoteMark {
                    number: note.number,
                    id: note.id.clone(),
                    first: note.first,
                    x_start: span(from, to).0,
                    x_end: span(from, to).1,
                    y_top: -metrics.to_pt(i32::from(metrics.ascender), style.size),
                    y_bottom: -metrics.to_pt(i32::from(metrics.x_height), style.size) / 2.0,
                })
            })
            .collect();
        let mut links: Vec<(usize, LinkMark)> = Vec::new();
        for &(from, to, piece) in &marks {
            let Some(link) = &piece.link else { continue };
            match links.last_mut() {
                // The same link's next word: one area over both and the space.
                Some((serial, mark)) if *serial == link.serial => {
                    let (left, right) = span(from, to);
                    mark.x_start = mark.x_start.min(left);
                    mark.x_end = mark.x_end.max(right);
                }
                _ => {
                    let metrics = self.shaper.fonts().metrics(piece.face);
                    links.push((
                        link.serial,
                        LinkMark {
                            target: link.target.clone(),
                            x_start: span(from, to).0,
                            x_end: span(from, to).1,
                            y_top: -metrics.to_pt(i32::from(metrics.ascender), style.size),
                            y_bottom: -metrics.to_pt(i32::from(metrics.descender), style.size),
                        },
                    ))
                }
            }
        }
        let links = links.into_iter().map(|(_, mark)| mark).collect();
        // Struck text: one rule per span on the line, through the middle
        // of the lower case, over its words and the spaces between them.
        let mut strikes: Vec<(usize, StrikeMark)> = Vec::new();
        for &(from, to, piece) in &marks {
            let Some(serial) = piece.strike else { continue };
            match strikes.last_mut() {
                Some((s, mark)) if *s == serial => mark.x_end = starts[to],
                _ => {
                    let metrics = self.shaper.fonts().metrics(piece.face);
                    strikes.push((
                        serial,
                        StrikeMark {
                            x_start: starts[from],
                            x_end: starts[to],
                            y: -metrics.to_pt(i32::from(metrics.x_height), style.size) / 2.0,
                            thickness: 0.05 * style.size,
                        },
                    ))
                }
            }
        }
        let mut strikes: Vec<StrikeMark> = strikes.into_iter().map(|(_, mark)| mark).collect();
        // Formulas, drawn into the room kept for them: their glyphs as
        // runs of the math face among the line's runs where the room is
        // (the runs are in order across the line, and so is the text a
        // reader copies or a screen reader follows), their rules
        // (fraction bars, radicals' overbars) as the line's rules.
        for &(from, _, piece) in &marks {
            let Some(frame) = piece.math.as_ref().and_then(|m| m.frame.as_ref()) else {
                continue;
            };
            let drawn = crate::pdf::math::draw(frame, self.fonts(), starts[from], 0.0);
            let at = runs.partition_point(|r| r.x < starts[from]);
            runs.splice(at..at, drawn.runs);
            strikes.extend(drawn.rules.iter().map(|r| StrikeMark {
                x_start: r.x,
                x_end: r.x + r.width,
                y: r.y + r.height / 2.0,
                thickness: r.height,
            }));
        }
        // Index marks: the line is their place (a word broken over two
        // lines lists its marks on both; the first is kept).
        let mut places: Vec<String> = Vec::new();
        for &(_, _, piece) in &marks {
            for id in &piece.places {
                if !places.contains(id) {
                    places.push(id.clone());
                }
            }
        }
        let space_set = if j.spaces > 0 {
            flat.iter()
                .filter_map(|f| match f {
                    Flat::Glyph {
                        space: Some(_),
                        glyph,
                        ..
                    } => Some(glyph.advance),
                    _ => None,
                })
                .sum::<Pt>()
                / j.spaces as f32
        } else {
            0.0
        };
        let shown = |(word, start, end, hyphen): (usize, usize, usize, bool)| -> String {
            // A formula stands in the word as one placeholder character:
            // a message names it.
            let mut shown =
                prepared.words[word].text[start..end].replace(super::words::FORMULA, FORMULA_SHOWN);
            if hyphen {
                shown.push('-');
            }
            shown
        };
        let line = SetLine {
            runs,
            width,
            natural: j.natural,
            ratio: j.ratio,
            hyphenated,
            ends_in_hyphen: hyphenated || explicit_hyphen,
            lead: j.lead,
            overfull: j.overfull,
            loose: j.loose,
            note_refs,
            links,
            strikes,
            places,
            first_word: first_word.map_or_else(String::new, shown),
            last_word: last_word.map_or_else(String::new, shown),
            space_natural: if j.spaces > 0 {
                j.space_natural / j.spaces as f32
            } else {
                0.0
            },
            space_set,
            spaces: j.spaces,
        };
        self.scratch_flat = flat;
        self.scratch_starts = starts;
        line
    }

    /// Steps 1 and 2 of setting a line: its elements (text ranges of
    /// words, spaces, gaps), then its glyphs with natural spaces into
    /// `flat` (kept, or only summed), and the note, link and strike marks
    /// into `marks`; with the
    /// glyphs' text only when `text` (a line to draw, not only
    /// measure).
    fn flatten<'p>(
        &mut self,
        prepared: &'p Prepared,
        style: &ParagraphStyle,
        line: &linebreak::Line,
        flat: &mut impl Glyphs,
        marks: &mut Vec<(usize, usize, &'p Piece)>,
        text_wanted: bool,
    ) -> LineShape {
        // 1. The line's elements: text ranges of words, spaces, gaps.
        let mut elements = std::mem::take(&mut self.scratch_elements);
        elements.clear();
        // The gaps between ideographs on the line: (word, byte offset,
        // stretch, shrink). No allocation on a line without them.
        let mut inters: Vec<(usize, usize, Pt, Pt)> = Vec::new();
        for i in line.start..line.end.min(prepared.sources.len()) {
            match prepared.sources[i] {
                Source::Fragment { word, start, end } => match elements.last_mut() {
                    Some(Element::Text {
                        word: w, end: e, ..
                    }) if *w == word && *e == start => *e = end,
                    _ => elements.push(Element::Text {
                        word,
                        start,
                        end,
                        hyphen: false,
                    }),
                },
                Source::Space { face } => {
                    if let Item::Glue { width, shrink, .. } = prepared.items[i] {
                        // The glue's stretch also holds the word's letter
                        // stretch (and ragged glue a negative stretch):
                        // a space stretches by its own share only.
                        let space_stretch = if style.align == Align::Justify {
                            self.space_give(face, width).0
                        } else {
                            0.0
                        };
                        elements.push(Element::Space {
                            face,
                            width,
                            stretch: space_stretch,
                            shrink,
                        });
                    }
                }
                Source::Indent => {
                    if let Item::Box { width } = prepared.items[i] {
                        elements.push(Element::Gap(width));
                    }
                }
                Source::Inter { word, at } => {
                    if let Item::Glue {
                        stretch, shrink, ..
                    } = prepared.items[i]
                    {
                        inters.push((word, at, stretch, shrink));
                    }
                }
                Source::Hyphen { .. } | Source::CodeSpace | Source::Nothing => {}
            }
        }
        let break_source = prepared.sources.get(line.end).copied();
        let hyphenated =
            matches!(break_source, Some(Source::Hyphen { kind }) if kind.adds_hyphen());
        let explicit_hyphen = matches!(break_source, Some(Source::Hyphen { kind }) if !kind.adds_hyphen())
            && matches!(elements.last(), Some(Element::Text { word, end, .. })
                if prepared.words[*word].text[..*end].ends_with(['-', '\u{2010}']));
        if hyphenated {
            if let Some(Element::Text { hyphen, .. }) = elements
                .iter_mut()
                .rev()
                .find(|e| matches!(e, Element::Text { .. }))
            {
                *hyphen = true;
            }
        }
        let hang = if style.align == Align::Justify && self.tuning.protrusion {
            match prepared.items.get(line.end) {
                Some(Item::Glue { hang, .. }) | Some(Item::Penalty { hang, .. }) => *hang,
                _ => 0.0,
            }
        } else {
            0.0
        };

        // 2. Glyphs with natural spaces.
        let letter_stretch = style.align == Align::Justify && self.tuning.letter_stretch_em > 0.0;
        // The line's first and last words as set: (word, start, end, hyphen).
        let mut first_word: Option<(usize, usize, usize, bool)> = None;
        let mut last_word: Option<(usize, usize, usize, bool)> = None;
        let mut text = String::new();
        let mut overlapping: Vec<&Piece> = Vec::new();
        // The element whose last glyph ends the line's text.
        let last_text = elements
            .iter()
            .rposition(|e| matches!(e, Element::Text { .. }));
        for (e_index, element) in elements.iter().enumerate() {
            match *element {
                Element::Gap(width) => flat.push(Flat::Gap(width)),
                Element::Space {
                    face,
                    width,
                    stretch,
                    shrink,
                } => flat.push(Flat::Glyph {
                    face,
                    // A space after a fallback face's word is of its size,
                    // so the run goes on.
                    size: style.size * self.fallback_scale(face, style),
                    rise: 0.0,
                    glyph: Glyph {
                        id: self.space_glyph[face.index()],
                        advance: width,
                        text: GlyphText::new(" "),
                        offset: [0.0, 0.0],
                        tracking: 0.0,
                    },
                    space: Some((stretch, shrink)),
                    letter: false,
                    inter: None,
                }),
                Element::Text {
                    word,
                    start,
                    end,
                    hyphen,
                } => {
                    first_word.get_or_insert((word, start, end, hyphen));
                    last_word = Some((word, start, end, hyphen));
                    let word_index = word;
                    let word = &prepared.words[word];
                    // Text with breaks between ideographs stretches at
                    // them, not between its letters.
                    let letter_stretch = letter_stretch && !word.ideographic;
                    overlapping.clear();
                    overlapping.extend(
                        word.pieces
                            .iter()
                            .filter(|p| start.max(p.start) < end.min(p.start + p.text.len())),
                    );
                    for (k, piece) in overlapping.iter().enumerate() {
                        let s = start.max(piece.start) - piece.start;
                        let e = end.min(piece.start + piece.text.len()) - piece.start;
                        let add_hyphen = hyphen && k + 1 == overlapping.len();
                        if let Some(frame) = piece.math.as_ref().and_then(|m| m.frame.as_ref()) {
                            // A formula: its room on the line; its glyphs
                            // are drawn where the room ends up.
                            let kern = piece.kern_within(start);
                            if kern > 0.0 {
                                flat.push(Flat::Gap(kern));
                            }
                            let first = flat.len();
                            flat.push(Flat::Gap(frame.width));
                            marks.push((first, flat.len(), piece));
                            continue;
                        }
                        text.clear();
                        text.push_str(&piece.text[s..e]);
                        let real_len = text.len();
                        if add_hyphen {
                            text.push('-');
                        }
                        // A whole piece was shaped when the paragraph was
                        // prepared (by this typesetter): the same lookup.
                        let id: ShapeId = match piece.shaped {
                            Some(id) if s == 0 && e == piece.text.len() && !add_hyphen => id,
                            _ => self.shaper.shape_in(
                                piece.face,
                                piece.variant,
                                Some(piece.lang.as_deref().unwrap_or(&self.language)),
                                &text,
                            ),
                        };
                        let kern = piece.kern_within(start);
                        if kern > 0.0 {
                            flat.push(Flat::Gap(kern));
                        }
                        let shaped = self.shaper.get(id);
                        let metrics = self.shaper.fonts().metrics(piece.face);
                        let joined = piece.face.is_fallback() && text.chars().any(is_joining);
                        let first = flat.len();
                        let last_piece = k + 1 == overlapping.len();
                        let count = shaped.glyphs.len();
                        // Text for the glyphs only when the line is drawn.
                        for (n, g) in shaped.glyphs.iter().enumerate() {
                            // A gap between ideographs follows the glyph
                            // that ends where the break is.
                            let inter = if inters.is_empty() {
                                None
                            } else {
                                let ends = shaped
                                    .glyphs
                                    .get(n + 1)
                                    .map_or(real_len, |next| next.cluster as usize);
                                let at = piece.start + s + ends;
                                inters
                                    .iter()
                                    .find(|&&(w, a, _, _)| w == word_index && a == at)
                                    .map(|&(_, _, y, z)| (y, z))
                            };
                            let glyph_text = if !text_wanted {
                                GlyphText::default()
                            } else if g.cluster as usize >= real_len && add_hyphen {
                                GlyphText::new(BREAK_HYPHEN_TEXT)
                            } else {
                                let written = shaped.glyph_text(n, &text);
                                let ends_line = explicit_hyphen
                                    && Some(e_index) == last_text
                                    && last_piece
                                    && n + 1 == count;
                                if ends_line && written == "-" {
                                    GlyphText::new(KEPT_HYPHEN_TEXT)
                                } else {
                                    GlyphText::new(written)
                                }
                            };
                            flat.push(Flat::Glyph {
                                face: piece.face,
                                size: piece.size,
                                rise: piece.rise,
                                glyph: Glyph {
                                    id: g.id,
                                    advance: metrics.to_pt(g.advance, piece.size),
                                    text: glyph_text,
                                    offset: [
                                        metrics.to_pt(g.x_offset, piece.size),
                                        metrics.to_pt(g.y_offset, piece.size),
                                    ],
                                    tracking: 0.0,
                                },
                                space: None,
                                // Arabic letters join: spacing them apart
                                // would break the joins.
                                letter: letter_stretch
                                    && !joined
                                    && !(last_piece && n + 1 == count),
                                inter,
                            });
                        }
                        if piece.note.is_some()
                            || piece.link.is_some()
                            || piece.strike.is_some()
                            || !piece.places.is_empty()
                        {
                            marks.push((first, flat.len(), piece));
                        }
                    }
                }
            }
        }

        self.scratch_elements = elements;
        LineShape {
            hyphenated,
            explicit_hyphen,
            hang,
            first_word,
            last_word,
        }
    }
}

/// What setting a line's glyphs found out besides them: how it ends,
/// how far its end hangs into the margin, its first and last words.
struct LineShape {
    hyphenated: bool,
    explicit_hyphen: bool,
    hang: Pt,
    first_word: Option<(usize, usize, usize, bool)>,
    last_word: Option<(usize, usize, usize, bool)>,
}

impl LineShape {
    fn ends_in_hyphen(&self) -> bool {
        self.hyphenated || self.explicit_hyphen
    }
}

/// Where a line's glyphs go as they are made: kept to be set, or only
/// summed to be measured.
pub(super) trait Glyphs {
    fn push(&mut self, f: Flat);
    /// Glyphs pushed so far.
    fn len(&self) -> usize;
}

impl Glyphs for Vec<Flat> {
    fn push(&mut self, f: Flat) {
        Vec::push(self, f);
    }
    fn len(&self) -> usize {
        Vec::len(self)
    }
}

/// A line's glyphs summed as [`Typesetter::justify`] sums them, not kept.
struct Measuring {
    sums: LineSums,
    count: usize,
}

impl Glyphs for Measuring {
    fn push(&mut self, f: Flat) {
        self.sums.add(&f);
        self.count += 1;
    }
    fn len(&self) -> usize {
        self.count
    }
}

/// What [`Typesetter::measure_line`] finds.
pub(super) struct Measured {
    pub(super) ends_in_hyphen: bool,
    pub(super) overfull: bool,
    pub(super) first_notes: Vec<u32>,
}

/// The numbers of the notes first referenced by `marks`, in order (as
/// the [`NoteMark`]s with `first` of the line set from them).
fn first_notes(marks: &[(usize, usize, &Piece)]) -> Vec<u32> {
    marks
        .iter()
        .filter_map(|(_, _, piece)| piece.note.as_ref())
        .filter(|note| note.first)
        .map(|note| note.number)
        .collect()
}

/// Whether a line keeps natural spaces: the paragraph's last, or one
/// ended by a forced break.
/// Whether `line` keeps natural spaces: the paragraph's last, one ending
/// at a forced break, or one that breaks at a space inside code (set short).
fn fills(prepared: &Prepared, line: &linebreak::Line, last: bool) -> bool {
    last || matches!(prepared.items.get(line.end), Some(Item::Penalty { penalty, .. }) if *penalty <= -INFINITY)
        || matches!(prepared.sources.get(line.end), Some(Source::CodeSpace))
}

pub(super) enum Element {
    Gap(Pt),
    Space {
        face: FaceKind,
        width: Pt,
        stretch: Pt,
        shrink: Pt,
    },
    Text {
        word: usize,
        start: usize,
        end: usize,
        hyphen: bool,
    },
}

pub(super) enum Flat {
    Gap(Pt),
    Glyph {
        face: FaceKind,
        size: Pt,
        rise: Pt,
        glyph: Glyph,
        /// Stretch and shrink of a word space.
        space: Option<(Pt, Pt)>,
        /// A letter gap inside a word follows this glyph (stretches by
        /// `letter_stretch_em` at ratio 1).
        letter: bool,
        /// A gap between ideographs follows this glyph: its stretch and
        /// shrink, which justify as a word space's do.
        inter: Option<(Pt, Pt)>,
    },
}

impl Flat {
    pub(super) fn advance(&self) -> Pt {
        match self {
            Flat::Gap(w) => *w,
            Flat::Glyph { glyph, .. } => glyph.advance,
        }
    }
}

/// Letters of scripts whose letters join (Arabic, Syriac, N'Ko…): never
/// letter-spaced.
fn is_joining(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}
