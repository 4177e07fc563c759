//! Hyphenating and shaping each word: its fragments' widths, the width a hyphen adds at each break, protrusion.

use super::words::{Fragment, Hyphen, Script, Word, HAIR_SPACE};
use super::{ParagraphStyle, Typesetter};
use crate::pdf::fontset::FaceKind;
use crate::pdf::hyphenate::{BreakKind, WordBreak, SOFT_HYPHEN};
use crate::pdf::shape::ShapeId;
use crate::pdf::shape::Variant;
use crate::pdf::units::Pt;

/// Note numbers without superior figures in the font are scaled by this
/// and raised by [`SUPERSCRIPT_RISE`] em.
const SUPERSCRIPT_SCALE: f32 = 0.62;
const SUPERSCRIPT_RISE: f32 = 0.36;
/// Subscripts: scaled as superscripts, lowered this many ems.
const SUBSCRIPT_DROP: f32 = 0.14;

/// Words longer than this many bytes are measured through prefix sums
/// and may get emergency breaks (see `Typesetter::emergency_breaks`);
/// shorter ones, every word of normal prose, are measured directly.
pub(super) const LONG_WORD: usize = 256;
/// Bytes before a break of a long word shaped again with the hyphen.
const TAIL: usize = 32;

impl Typesetter<'_> {
    /// How note numbers are set in `face`: variant, size and rise.
    pub(super) fn note_style(&self, face: FaceKind, size: Pt) -> (Variant, Pt, Pt) {
        if self.shaper.has_superiors(face) {
            (Variant::Superior, size, 0.0)
        } else {
            (
                Variant::Normal,
                size * SUPERSCRIPT_SCALE,
                -size * SUPERSCRIPT_RISE,
            )
        }
    }

    /// Hyphenates and shapes a word: its fragments' widths, hyphen widths
    /// and protrusion; from the word cache when the same word was met
    /// before in the same faces, size and language (see [`WordCache`]).
    pub(super) fn analyse(&mut self, word: &mut Word, style: &ParagraphStyle) {
        let key = self.word_key(word, style);
        if let Some(known) = key.as_ref().and_then(|k| self.word_cache.get(k)) {
            known.apply(word);
            return;
        }
        self.analyse_uncached(word, style);
        if let Some(key) = key {
            self.word_cache.insert(key, Analysis::of(word));
        }
    }

    /// What a word's analysis depends on, as a key for the word cache:
    /// the language, the style's hyphenation, figures and size, and each
    /// piece's face, script and text. `None` for the words the cache
    /// leaves alone: note numbers and passages in another language (rare,
    /// and the analysis switches language for them) and long words (whose
    /// breaks depend on the measure).
    fn word_key(&self, word: &Word, style: &ParagraphStyle) -> Option<String> {
        let mut len = 0;
        for p in &word.pieces {
            if p.note.is_some() || p.lang.is_some() || p.math.is_some() {
                return None;
            }
            len += p.raw.len() + 8;
        }
        if len > LONG_WORD {
            return None;
        }
        let mut key = String::with_capacity(self.language.len() + 16 + len);
        key.push_str(&self.language);
        key.push('\0');
        key.push(char::from(
            b'0' + u8::from(style.hyphenate) + 2 * u8::from(style.tabular),
        ));
        for b in style.size.to_bits().to_le_bytes() {
            key.push(char::from(b));
        }
        // Each piece as face, script, length and text: unambiguous
        // whatever the text holds.
        push_decimal(&mut key, style.face.index());
        for p in &word.pieces {
            let script = match p.script {
                Script::Normal => 'n',
                Script::Super => 'u',
                Script::Sub => 'd',
            };
            key.push(if p.hair { '|' } else { '/' });
            push_decimal(&mut key, p.face.index());
            key.push(script);
            push_decimal(&mut key, p.raw.len());
            key.push(':');
            key.push_str(&p.raw);
        }
        Some(key)
    }

    fn analyse_uncached(&mut self, word: &mut Word, style: &ParagraphStyle) {
        // Hyphenation sees the word as written, soft hyphens and all.
        let raw: String = word.pieces.iter().map(|p| p.raw.as_str()).collect();
        // A word of a passage marked in another language is broken by
        // that language's patterns (none: no breaks but the word's own).
        let passage = word
            .pieces
            .iter()
            .find(|p| p.note.is_none())
            .and_then(|p| p.lang.clone());
        let chapter = passage.as_ref().map(|l| self.switch_language(l));
        let breaks =
            if style.hyphenate || raw.contains(SOFT_HYPHEN) || raw.contains(['-', '—', '–']) {
                match self.hyphenation_cache.get(&raw) {
                    Some(b) => b.clone(),
                    None => {
                        let b = match &self.shared_hyphens {
                            Some(shared) => shared.breaks(&self.language, &raw, || {
                                self.hyphenator.hyphenate(&raw).breaks
                            }),
                            None => self.hyphenator.hyphenate(&raw).breaks,
                        };
                        self.hyphenation_cache.insert(raw.clone(), b.clone());
                        b
                    }
                }
            } else {
                Vec::new()
            };
        if let Some(chapter) = chapter {
            self.switch_language(&chapter);
        }
        let breaks: Vec<WordBreak> = breaks
            .into_iter()
            .filter(|b| style.hyphenate || !b.kind.adds_hyphen())
            .collect();
        // Strip soft hyphens; offsets below are in the stripped text.
        let mut offset = 0;
        for piece in &mut word.pieces {
            piece.text = piece.raw.replace(SOFT_HYPHEN, "");
            piece.start = offset;
            offset += piece.text.len();
            let (variant, size, rise) = match (piece.note.is_some(), piece.script) {
                // Superior figures are the face's for Western digits
                // (`sups` of "1", see `Shaper::has_superiors`): others
                // (an Arabic book's ٣) are scaled and raised.
                (true, _) if !piece.raw.is_ascii() => (
                    Variant::Normal,
                    style.size * SUPERSCRIPT_SCALE,
                    -style.size * SUPERSCRIPT_RISE,
                ),
                (true, _) => self.note_style(piece.face, style.size),
                (false, Script::Super) => (
                    Variant::Normal,
                    style.size * SUPERSCRIPT_SCALE,
                    -style.size * SUPERSCRIPT_RISE,
                ),
                (false, Script::Sub) => (
                    Variant::Normal,
                    style.size * SUPERSCRIPT_SCALE,
                    style.size * SUBSCRIPT_DROP,
                ),
                (false, Script::Normal) if piece.face == FaceKind::Mono => {
                    (Variant::Normal, self.face_size(piece.face, style), 0.0)
                }
                (false, Script::Normal) if style.tabular => (Variant::Tabular, style.size, 0.0),
                (false, Script::Normal)
                    if crate::language::lining_figures(
                        piece.lang.as_deref().unwrap_or(&self.language),
                    ) =>
                {
                    (Variant::Lining, style.size, 0.0)
                }
                (false, Script::Normal) => (Variant::Normal, style.size, 0.0),
            };
            // A fallback face's text is matched to the text's lower case
            // (`FontSet::fallback_scale`) on the same baseline.
            let size = size * self.fallback_scale(piece.face, style);
            piece.variant = variant;
            piece.size = size;
            piece.rise = rise;
            if let Some(math) = &mut piece.math {
                // A formula is set at the paragraph's size, in text style.
                piece.size = style.size;
                piece.rise = 0.0;
                let fonts = self.shaper.fonts();
                let frame = match &math.part {
                    Some(part) => crate::pdf::math::lay_out_part(
                        &math.formula,
                        part.clone(),
                        fonts,
                        style.size,
                    ),
                    None => crate::pdf::math::lay_out(&math.formula, fonts, style.size),
                };
                math.frame = Some(std::sync::Arc::new(frame));
                continue;
            }
            let lang = piece.lang.as_deref().unwrap_or(&self.language);
            piece.shaped = Some(
                self.shaper
                    .shape_in(piece.face, variant, Some(lang), &piece.text),
            );
        }
        self.italic_corrections(word);
        word.text = word.pieces.iter().map(|p| p.text.as_str()).collect();
        // Chinese and Japanese break between characters.
        let breaks = crate::pdf::ideographic::merge(breaks, &word.text);
        // A web address breaks at its separators, with no hyphen added.
        let breaks = crate::pdf::addresses::merge(breaks, &word.text);
        // No break inside a note number or right before one.
        let breaks: Vec<WordBreak> = breaks
            .into_iter()
            .filter(|b| b.at > 0 && b.at < word.text.len())
            .filter(|b| {
                word.pieces.iter().all(|p| {
                    (p.note.is_none() && p.math.is_none())
                        || b.at < p.start
                        || b.at > p.start + p.text.len()
                })
            })
            .collect();
        let breaks = if style.face == FaceKind::Mono {
            breaks
        } else {
            code_breaks(breaks, word)
        };
        // A long word's widths come from prefix sums: measuring each
        // fragment by scanning the word would be quadratic in its length.
        let has_math = word.pieces.iter().any(|p| p.math.is_some());
        let index = (word.text.len() > LONG_WORD && !has_math).then(|| self.width_index(word));
        let mut breaks = breaks;
        if let Some(index) = &index {
            breaks = self.emergency_breaks(word, breaks, style.measure, index);
        }
        let mut cuts = vec![0];
        cuts.extend(breaks.iter().map(|b| b.at));
        cuts.push(word.text.len());
        word.fragments = cuts
            .windows(2)
            .map(|w| Fragment {
                start: w[0],
                end: w[1],
                width: match &index {
                    Some(index) => self.indexed_width(word, index, w[0], w[1]),
                    None => self.range_width(word, w[0], w[1]),
                },
            })
            .collect();
        word.hyphens = breaks
            .iter()
            .map(|b| self.hyphen_at(word, *b, style.size, index.as_ref()))
            .collect();
        word.ideographic = word
            .hyphens
            .iter()
            .any(|h| h.kind == BreakKind::Ideographic);
        word.glyphs = word
            .pieces
            .iter()
            .filter_map(|p| p.shaped)
            .map(|id| self.shaper.get(id).glyphs.len())
            .sum();
        word.lead = match word.pieces.first() {
            Some(p) if p.note.is_none() => {
                let c = p.text.chars().next().unwrap_or(' ');
                let advance = p
                    .shaped
                    .and_then(|id| self.shaper.get(id).glyphs.first().map(|g| g.advance))
                    .unwrap_or(0);
                left_protrusion(c) * self.shaper.fonts().metrics(p.face).to_pt(advance, p.size)
            }
            _ => 0.0,
        };
        let last = word.pieces.last();
        word.last_face = last.map_or(style.face, |p| p.face);
        word.hang = match last {
            Some(p) if p.note.is_none() && p.math.is_none() => {
                let c = p.text.chars().last().unwrap_or(' ');
                let shaped = self.shaper.get(p.shaped.unwrap_or_else(|| unreachable!()));
                let advance = shaped.glyphs.last().map_or(0, |g| g.advance);
                protrusion(c) * self.shaper.fonts().metrics(p.face).to_pt(advance, p.size)
            }
            _ => 0.0,
        };
    }

    /// Room before each piece of a word but its first: a hair space's
    /// ([`HAIR_SPACE`] em, at the piece's size), and between an italic
    /// piece and an upright one after it (`*pull*[^4]`, `*Pravda*’s`,
    /// `(*of*)`) the italic glyph's overhang, so the upright mark does not
    /// touch its top. As LaTeX's `\textit` adds it, except before the
    /// marks that sit low enough to tuck under the overhang (LaTeX spares
    /// only `.` and `,`; a colon after an italic `”` showed a gap as wide
    /// as a thin space).
    fn italic_corrections(&self, word: &mut Word) {
        for k in 1..word.pieces.len() {
            let (before, after) = word.pieces.split_at_mut(k);
            let (prev, piece) = (&before[k - 1], &mut after[0]);
            piece.kern = if piece.hair {
                HAIR_SPACE * piece.size
            } else {
                0.0
            };
            if prev.face != FaceKind::Italic
                || piece.face == FaceKind::Italic
                || piece.text.is_empty()
                || piece.text.starts_with(['.', ',', ':', ';', '…'])
            {
                continue;
            }
            let Some(last) = prev.shaped.and_then(|id| self.shaper.get(id).glyphs.last()) else {
                continue;
            };
            let fonts = self.shaper.fonts();
            piece.kern += fonts
                .metrics(prev.face)
                .to_pt(fonts.overhang(prev.face, last.id), prev.size);
        }
    }

    /// Width of the word's text `start..end` as shaped within the whole word.
    pub(super) fn range_width(&self, word: &Word, start: usize, end: usize) -> Pt {
        let mut width = 0.0;
        for piece in &word.pieces {
            let (ps, pe) = (piece.start, piece.start + piece.text.len());
            let (s, e) = (start.max(ps), end.min(pe));
            if s >= e {
                continue;
            }
            if let Some(frame) = piece.math.as_ref().and_then(|m| m.frame.as_ref()) {
                width += piece.kern_within(start) + frame.width;
                continue;
            }
            let Some(id) = piece.shaped else { continue };
            let shaped = self.shaper.get(id);
            let units = shaped.width_before(e - ps) - shaped.width_before(s - ps);
            width += piece.kern_within(start);
            width += self
                .shaper
                .fonts()
                .metrics(piece.face)
                .to_pt(units, piece.size);
        }
        width
    }

    /// Per piece of a long word, the width (font units) of its text
    /// before each byte offset, as `ShapedText::width_before` gives it.
    fn width_index(&self, word: &Word) -> Vec<Vec<i32>> {
        word.pieces
            .iter()
            .map(|piece| {
                let mut before = vec![0i32; piece.text.len() + 1];
                if let Some(id) = piece.shaped {
                    // A glyph counts before every offset past its cluster.
                    for g in &self.shaper.get(id).glyphs {
                        let c = (g.cluster as usize + 1).min(piece.text.len());
                        before[c] += g.advance;
                    }
                }
                for i in 1..before.len() {
                    before[i] += before[i - 1];
                }
                before
            })
            .collect()
    }

    /// `range_width` from a [`Typesetter::width_index`] (the same sums).
    fn indexed_width(&self, word: &Word, index: &[Vec<i32>], start: usize, end: usize) -> Pt {
        let mut width = 0.0;
        for (piece, before) in word.pieces.iter().zip(index) {
            let (ps, pe) = (piece.start, piece.start + piece.text.len());
            let (s, e) = (start.max(ps), end.min(pe));
            if s >= e || piece.shaped.is_none() {
                continue;
            }
            let units = before[e - ps] - before[s - ps];
            width += piece.kern_within(start);
            width += self
                .shaper
                .fonts()
                .metrics(piece.face)
                .to_pt(units, piece.size);
        }
        width
    }

    /// `breaks` plus a break at every character of each stretch of the
    /// word that is wider than the measure with no break in it: a hyphen
    /// anywhere is better than a line running off the page. Words that
    /// fit (all normal ones) are left as they are.
    fn emergency_breaks(
        &self,
        word: &Word,
        breaks: Vec<WordBreak>,
        measure: Pt,
        index: &[Vec<i32>],
    ) -> Vec<WordBreak> {
        let mut cuts = vec![0];
        cuts.extend(breaks.iter().map(|b| b.at));
        cuts.push(word.text.len());
        let wide = |w: &[usize]| self.indexed_width(word, index, w[0], w[1]) > measure;
        if !cuts.windows(2).any(wide) {
            return breaks;
        }
        let in_note = |at: usize| {
            word.pieces
                .iter()
                .any(|p| p.note.is_some() && at >= p.start && at <= p.start + p.text.len())
        };
        let mut out = Vec::with_capacity(breaks.len());
        for (k, w) in cuts.windows(2).enumerate() {
            if wide(w) {
                out.extend(
                    word.text[w[0]..w[1]]
                        .char_indices()
                        .skip(1)
                        .map(|(i, _)| w[0] + i)
                        .filter(|&at| !in_note(at))
                        .map(|at| WordBreak {
                            at,
                            kind: BreakKind::Pattern,
                        }),
                );
            }
            if let Some(b) = breaks.get(k) {
                out.push(*b);
            }
        }
        out
    }

    /// What breaking at `b` adds to the line: for an added hyphen, the
    /// shaped prefix-with-hyphen minus the prefix as shaped in the word.
    /// In a long word (with its `index`), only the prefix's last letters
    /// are shaped again: kerning and contextual forms reach no further,
    /// and shaping every prefix would be quadratic in the word's length.
    pub(super) fn hyphen_at(
        &mut self,
        word: &Word,
        b: WordBreak,
        size: Pt,
        index: Option<&Vec<Vec<i32>>>,
    ) -> Hyphen {
        let Some(piece) = word
            .pieces
            .iter()
            .find(|p| b.at > p.start && b.at <= p.start + p.text.len())
        else {
            return Hyphen {
                kind: b.kind,
                width: 0.0,
                hang: 0.0,
            };
        };
        let local = b.at - piece.start;
        let metrics = *self.shaper.fonts().metrics(piece.face);
        let hyphen_id = self.shaper.shape(piece.face, Variant::Normal, "-");
        let hyphen_advance = metrics.to_pt(self.shaper.get(hyphen_id).width, size);
        if !b.kind.adds_hyphen() {
            // The line ends in the word's own hyphen or dash.
            let c = piece.text[..local].chars().last().unwrap_or('-');
            return Hyphen {
                kind: b.kind,
                width: 0.0,
                hang: protrusion(c) * hyphen_advance,
            };
        }
        let piece_index = index.and_then(|index| {
            let i = word.pieces.iter().position(|p| std::ptr::eq(p, piece))?;
            index.get(i)
        });
        let from = match piece_index {
            Some(_) => (0..=local.saturating_sub(TAIL))
                .rev()
                .find(|&i| piece.text.is_char_boundary(i))
                .unwrap_or(0),
            None => 0,
        };
        let mut prefix = String::with_capacity(local - from + 1);
        prefix.push_str(&piece.text[from..local]);
        prefix.push('-');
        let lang = piece.lang.as_deref().unwrap_or(&self.language);
        let with_hyphen = self
            .shaper
            .shape_in(piece.face, piece.variant, Some(lang), &prefix);
        let in_word = match piece_index {
            Some(before) => before[local] - before[from],
            None => piece
                .shaped
                .map_or(0, |id| self.shaper.get(id).width_before(local)),
        };
        let units = self.shaper.get(with_hyphen).width - in_word;
        Hyphen {
            kind: b.kind,
            width: metrics.to_pt(units, piece.size),
            hang: protrusion('-') * hyphen_advance,
        }
    }
}

/// Words already analysed, by [`Typesetter::word_key`]: a book repeats
/// its words (a 100,000-word novel has some 10,000 distinct ones), so
/// most words are hyphenated, shaped and measured once per worker, not at
/// every use. Bounded: emptied when it reaches [`WordCache::MAX`] words.
#[derive(Default)]
pub(super) struct WordCache {
    words: rustc_hash::FxHashMap<String, Analysis>,
}

impl WordCache {
    const MAX: usize = 1 << 16;

    fn get(&self, key: &str) -> Option<&Analysis> {
        self.words.get(key)
    }

    fn insert(&mut self, key: String, analysis: Analysis) {
        if self.words.len() >= WordCache::MAX {
            self.words.clear();
        }
        self.words.insert(key, analysis);
    }
}

/// What the word cache keeps of each piece: its text (soft hyphens
/// removed), start in the word's text, variant, size, rise, kern and
/// shaping.
struct PieceAnalysis {
    text: String,
    start: usize,
    variant: Variant,
    size: Pt,
    rise: Pt,
    kern: Pt,
    shaped: Option<ShapeId>,
}

/// What [`Typesetter::analyse`] sets in a word and its pieces.
pub(super) struct Analysis {
    pieces: Vec<PieceAnalysis>,
    text: String,
    fragments: Vec<Fragment>,
    hyphens: Vec<Hyphen>,
    glyphs: usize,
    lead: Pt,
    last_face: FaceKind,
    hang: Pt,
    ideographic: bool,
}

impl Analysis {
    fn of(word: &Word) -> Analysis {
        Analysis {
            pieces: word
                .pieces
                .iter()
                .map(|p| PieceAnalysis {
                    text: p.text.clone(),
                    start: p.start,
                    variant: p.variant,
                    size: p.size,
                    rise: p.rise,
                    kern: p.kern,
                    shaped: p.shaped,
                })
                .collect(),
            text: word.text.clone(),
            fragments: word.fragments.clone(),
            hyphens: word.hyphens.clone(),
            glyphs: word.glyphs,
            lead: word.lead,
            last_face: word.last_face,
            hang: word.hang,
            ideographic: word.ideographic,
        }
    }

    fn apply(&self, word: &mut Word) {
        for (p, known) in word.pieces.iter_mut().zip(&self.pieces) {
            p.text.clone_from(&known.text);
            p.start = known.start;
            p.variant = known.variant;
            p.size = known.size;
            p.rise = known.rise;
            p.kern = known.kern;
            p.shaped = known.shaped;
        }
        word.text.clone_from(&self.text);
        word.fragments.clone_from(&self.fragments);
        word.hyphens.clone_from(&self.hyphens);
        word.glyphs = self.glyphs;
        word.lead = self.lead;
        word.last_face = self.last_face;
        word.hang = self.hang;
        word.ideographic = self.ideographic;
    }
}

/// Appends `n` in decimal, as `write!(key, "{n}")` would, without the
/// formatting machinery (a key is made for every word of the book).
fn push_decimal(key: &mut String, n: usize) {
    let mut buf = [b'0'; 20];
    let mut start = buf.len() - 1;
    let mut n = n;
    loop {
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
        start -= 1;
    }
    for &digit in &buf[start..] {
        key.push(char::from(digit));
    }
}

/// Right-margin protrusion of a line-ending character, as a fraction of
/// its advance (after microtype's defaults for Garamond-like faces: small
/// marks hang most, so the margin looks straight to the eye).
fn protrusion(c: char) -> f32 {
    match c {
        '.' | ',' => 0.6,
        '-' | '\u{2010}' | '\u{ad}' => 0.6,
        '’' | '”' | '\'' | '"' => 0.5,
        ':' | ';' => 0.4,
        '–' => 0.3,
        '!' | '?' | '—' | ')' => 0.2,
        _ => 0.0,
    }
}

/// Left-margin protrusion of a line-starting character, as a fraction of
/// its advance: opening quotes and brackets, whose white would otherwise
/// dent the margin.
fn left_protrusion(c: char) -> f32 {
    match c {
        '“' | '‘' | '"' | '\'' | '„' => 0.5,
        '(' | '[' => 0.2,
        _ => 0.0,
    }
}

/// The breaks of `word` where it holds code in running text (its pieces
/// in the monospace face): no hyphen is added inside code, and a break
/// at one of its own hyphens comes before the hyphen ("--log" / "-level",
/// as Chicago breaks a web address), never after a run of them. A
/// reviewer found "--log-" / "level", which reads as a word hyphenated.
fn code_breaks(breaks: Vec<WordBreak>, word: &Word) -> Vec<WordBreak> {
    let code: Vec<std::ops::Range<usize>> = word
        .pieces
        .iter()
        .filter(|p| p.face == FaceKind::Mono)
        .map(|p| p.start..p.start + p.text.len())
        .collect();
    if code.is_empty() {
        return breaks;
    }
    let text = word.text.as_str();
    let mut out: Vec<WordBreak> = Vec::with_capacity(breaks.len());
    for b in breaks {
        let Some(piece) = code.iter().find(|r| b.at > r.start && b.at < r.end) else {
            out.push(b);
            continue;
        };
        match b.kind {
            BreakKind::Pattern | BreakKind::Soft => {}
            BreakKind::Ideographic | BreakKind::Emergency => out.push(b),
            BreakKind::Explicit => {
                let before = b.at - 1;
                let hyphen = text[..b.at].ends_with('-');
                if hyphen && before > piece.start && !text[..before].ends_with('-') {
                    out.push(WordBreak {
                        at: before,
                        kind: BreakKind::Explicit,
                    });
                }
            }
        }
    }
    out.sort_by_key(|b| b.at);
    out.dedup_by_key(|b| b.at);
    out
}
