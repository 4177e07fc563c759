//! Inlines → words (runs of text between spaces, in one face or more, note numbers attached) and the spaces between them.

use crate::model::{Inline, LinkTarget};
use crate::pdf::fontset::{FaceKind, FontSet};
use crate::pdf::hyphenate::BreakKind;
use crate::pdf::shape::{ShapeId, Variant};
use crate::pdf::units::Pt;

#[derive(Debug, Clone)]
pub(super) struct NoteInfo {
    pub(super) number: u32,
    pub(super) id: String,
    pub(super) first: bool,
}

/// The link a piece of text belongs to: `serial` tells one link of the
/// paragraph from the next (two links to one place stay two areas).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LinkInfo {
    pub(super) serial: usize,
    pub(super) target: LinkTarget,
}

/// Raised or lowered text (`^sup^`, `~sub~`), set smaller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Script {
    #[default]
    Normal,
    Super,
    Sub,
}

/// A run of a word in one face (or a note number).
#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) face: FaceKind,
    pub(super) note: Option<NoteInfo>,
    /// The link this text is part of (never set on a note number, which
    /// links to its note).
    pub(super) link: Option<LinkInfo>,
    pub(super) script: Script,
    /// The struck-out span (`~~…~~`) this text is part of, by serial, so
    /// one rule runs over its words and the spaces between them.
    pub(super) strike: Option<usize>,
    /// The language of a passage marked in another than the chapter's
    /// (`Inline::Span`), whose patterns hyphenate the word.
    pub(super) lang: Option<std::sync::Arc<str>>,
    /// The index marks (`Inline::Indexed`, by id) that start with this
    /// piece: the line it is set on is their place.
    pub(super) places: Vec<String>,
    /// As written (may hold soft hyphens).
    pub(super) raw: String,
    /// Soft hyphens removed: what is shaped.
    pub(super) text: String,
    /// Offset of `text` in the word's text.
    pub(super) start: usize,
    pub(super) variant: Variant,
    pub(super) size: Pt,
    pub(super) rise: Pt,
    /// Room before the piece: the italic correction when it follows an
    /// italic piece of the same word (see `Typesetter::italic_corrections`),
    /// and a hair space's.
    pub(super) kern: Pt,
    /// A hair space (U+200A) stood before the piece: between two quotation
    /// marks that would touch (“‘), where `typography` puts one. It is set
    /// as [`HAIR_SPACE`] em of room, not as the font's glyph (EB
    /// Garamond's is a hundredth of an em, and its bold has none).
    pub(super) hair: bool,
    pub(super) shaped: Option<ShapeId>,
    /// An inline formula: one unbreakable box in the word, its text the
    /// placeholder [`FORMULA`]; laid out when the word is analysed (at
    /// the paragraph's size), drawn from the math font.
    pub(super) math: Option<MathPiece>,
}

/// A formula in a paragraph, and its layout once made.
#[derive(Debug, Clone)]
pub(super) struct MathPiece {
    pub(super) formula: std::sync::Arc<crate::model::Formula>,
    /// The top-level nodes this piece sets, when the formula is set in
    /// parts (see `math::breaks::breaks`); `None` for the whole.
    pub(super) part: Option<std::ops::Range<usize>>,
    pub(super) frame: Option<std::sync::Arc<crate::pdf::math::Frame>>,
}

/// The text an inline formula stands as among the word's letters: one
/// character no break falls in or beside (U+FFFC OBJECT REPLACEMENT
/// CHARACTER), never shaped or drawn.
pub(super) const FORMULA: &str = "\u{FFFC}";

/// The room a hair space makes, in ems: a twelfth, between the fonts'
/// thin space (a tenth in EB Garamond) and nothing; enough to tell “‘
/// from ‘“ and ’” from ”’ at a glance.
pub(super) const HAIR_SPACE: f32 = 1.0 / 12.0;

impl Piece {
    /// The piece's kern when text of the word from `start` on is set: only
    /// when that text holds what comes before the piece too (at the start
    /// of a line there is nothing to clear).
    pub(super) fn kern_within(&self, start: usize) -> Pt {
        if start < self.start {
            self.kern
        } else {
            0.0
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Fragment {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) width: Pt,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Hyphen {
    pub(super) kind: BreakKind,
    pub(super) width: Pt,
    pub(super) hang: Pt,
}

#[derive(Debug, Clone)]
pub(super) struct Word {
    pub(super) pieces: Vec<Piece>,
    pub(super) text: String,
    pub(super) fragments: Vec<Fragment>,
    /// `hyphens[k]` sits between `fragments[k]` and `fragments[k + 1]`.
    pub(super) hyphens: Vec<Hyphen>,
    pub(super) last_face: FaceKind,
    /// Protrusion of the word's last glyph at a line end.
    pub(super) hang: Pt,
    /// Glyphs in the word as shaped whole.
    pub(super) glyphs: usize,
    /// Left protrusion of the word's first glyph at a line start.
    pub(super) lead: Pt,
    /// The word has breaks between ideographs: it stretches there
    /// (inter-character justification), not between its letters.
    pub(super) ideographic: bool,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Token {
    Word(usize),
    /// `face`: the face of the text the space was typed in.
    Space {
        no_break: bool,
        face: FaceKind,
    },
    LineBreak,
}

/// The face a note number is set in, after text in `face`: upright, as
/// LaTeX's `\footnotemark` is (`\normalfont`), because an italic superior
/// leans into the space after it and reads as a different mark from the
/// roman ones around it; bold stays bold, so a note in a bold run is not
/// lighter than its word.
fn note_face(face: FaceKind) -> FaceKind {
    match face {
        FaceKind::Bold => FaceKind::Bold,
        _ => FaceKind::Regular,
    }
}

/// Turns inlines into words and spaces.
#[derive(Default)]
pub(super) struct WordBuilder {
    pub(super) words: Vec<Word>,
    pub(super) tokens: Vec<Token>,
    pub(super) current: Vec<Piece>,
    /// The link being walked, and how many the paragraph had before it.
    link: Option<LinkInfo>,
    links_seen: usize,
    script: Script,
    strike: Option<usize>,
    strikes_seen: usize,
    lang: Option<std::sync::Arc<str>>,
    /// Index marks met and not yet given to a piece: the next piece
    /// made takes them.
    places: Vec<String>,
    /// A hair space was met: the next piece starts with its room.
    hair: bool,
    /// The digits note numbers are written in.
    pub(super) numerals: crate::numerals::Numerals,
}

impl WordBuilder {
    pub(super) fn walk(&mut self, inlines: &[Inline], face: FaceKind) {
        for inline in inlines {
            match inline {
                Inline::Text { text } => self.text(text, face),
                Inline::Code { text } => self.text(text, FaceKind::Mono),
                // A formula is part of the word it touches ("$x$," keeps
                // its comma): the text after it starts a new piece. One
                // in a line may break after a relation or a binary
                // operator, as TeX breaks one: each part is a piece, a
                // space between them (as wide as a word space, near the
                // thick and medium spaces of the formula set whole).
                Inline::Math { formula } if !formula.display => {
                    let shared = std::sync::Arc::new(formula.clone());
                    let parts = crate::pdf::math::breaks::breaks(&formula.nodes);
                    let count = parts.len();
                    for (k, part) in parts.into_iter().enumerate() {
                        if k > 0 {
                            self.space(false, face);
                        }
                        let part = (count > 1).then_some(part);
                        self.formula(&shared, part, face);
                    }
                }
                Inline::Math { formula } => {
                    self.formula(&std::sync::Arc::new(formula.clone()), None, face)
                }
                Inline::Emphasis { content } => {
                    let emphasised = if face == FaceKind::Italic {
                        FaceKind::Regular
                    } else {
                        FaceKind::Italic
                    };
                    self.walk(content, emphasised);
                }
                Inline::Strong { content } => self.walk(content, FaceKind::Bold),
                Inline::Link { content, target } => {
                    let outer = self.link.replace(LinkInfo {
                        serial: self.links_seen,
                        target: target.clone(),
                    });
                    self.links_seen += 1;
                    self.walk(content, face);
                    self.link = outer;
                }
                Inline::Strikethrough { content } => {
                    let outer = self.strike.replace(self.strikes_seen);
                    self.strikes_seen += 1;
                    self.walk(content, face);
                    self.strike = outer;
                }
                Inline::Superscript { content } | Inline::Subscript { content } => {
                    let script = if matches!(inline, Inline::Superscript { .. }) {
                        Script::Super
                    } else {
                        Script::Sub
                    };
                    let outer = std::mem::replace(&mut self.script, script);
                    self.walk(content, face);
                    self.script = outer;
                }
                Inline::SmallCaps { content } => self.walk(content, FaceKind::SmallCaps),
                Inline::Span { lang, content, .. } => {
                    // Only the language matters here: the direction comes
                    // from the characters (pdf::bidi).
                    let outer = match lang {
                        Some(l) => self.lang.replace(std::sync::Arc::from(l.as_str())),
                        None => self.lang.clone(),
                    };
                    self.walk(content, face);
                    self.lang = outer;
                }
                Inline::Indexed { mark, content } => {
                    self.places.push(mark.id.clone());
                    self.walk(content, face);
                }
                Inline::LineBreak => {
                    self.finish_word();
                    while matches!(self.tokens.last(), Some(Token::Space { .. })) {
                        self.tokens.pop();
                    }
                    self.tokens.push(Token::LineBreak);
                }
                Inline::NoteRef { number, first, id } => {
                    self.current.push(Piece {
                        face: note_face(face),
                        note: Some(NoteInfo {
                            number: *number,
                            id: id.clone(),
                            first: *first,
                        }),
                        link: None,
                        script: Script::Normal,
                        strike: None,
                        lang: None,
                        places: std::mem::take(&mut self.places),
                        raw: self.numerals.number(number),
                        text: String::new(),
                        start: 0,
                        variant: Variant::Normal,
                        size: 0.0,
                        rise: 0.0,
                        kern: 0.0,
                        hair: false,
                        shaped: None,
                        math: None,
                    });
                }
            }
        }
    }

    /// A formula's piece (or part of a formula's) in the current word.
    fn formula(
        &mut self,
        formula: &std::sync::Arc<crate::model::Formula>,
        part: Option<std::ops::Range<usize>>,
        face: FaceKind,
    ) {
        self.current.push(Piece {
            face,
            note: None,
            link: self.link.clone(),
            script: Script::Normal,
            strike: self.strike,
            lang: self.lang.clone(),
            places: std::mem::take(&mut self.places),
            raw: FORMULA.to_string(),
            text: String::new(),
            start: 0,
            variant: Variant::Normal,
            size: 0.0,
            rise: 0.0,
            kern: 0.0,
            hair: std::mem::take(&mut self.hair),
            shaped: None,
            math: Some(MathPiece {
                formula: formula.clone(),
                part,
                frame: None,
            }),
        });
    }

    pub(super) fn text(&mut self, text: &str, face: FaceKind) {
        for c in text.chars() {
            match c {
                ' ' | '\t' | '\n' | '\r' => self.space(false, face),
                '\u{a0}' if !self.at_line_start() => self.space(true, face),
                // Room before the next piece of the word (see `Piece::hair`).
                '\u{200a}' => self.hair = true,
                // No-break spaces that open a line (after a hard break,
                // or the paragraph's first) are an indent the author
                // typed, which the EPUB shows: set as part of the word
                // they lead, rather than as a space the line's start
                // drops.
                _ => {
                    let extend = !self.hair
                        && self.places.is_empty()
                        && self.current.last().is_some_and(|p| {
                            p.face == face
                                && p.note.is_none()
                                && p.math.is_none()
                                && p.link == self.link
                                && p.script == self.script
                                && p.strike == self.strike
                                && p.lang == self.lang
                        });
                    if extend {
                        if let Some(p) = self.current.last_mut() {
                            p.raw.push(c);
                        }
                    } else {
                        self.current.push(Piece {
                            face,
                            note: None,
                            link: self.link.clone(),
                            script: self.script,
                            strike: self.strike,
                            lang: self.lang.clone(),
                            places: std::mem::take(&mut self.places),
                            raw: c.to_string(),
                            text: String::new(),
                            start: 0,
                            variant: Variant::Normal,
                            size: 0.0,
                            rise: 0.0,
                            kern: 0.0,
                            hair: std::mem::take(&mut self.hair),
                            shaped: None,
                            math: None,
                        });
                    }
                }
            }
        }
    }

    /// Nothing but no-break spaces since the paragraph's start or a hard
    /// break.
    fn at_line_start(&self) -> bool {
        matches!(self.tokens.last(), None | Some(Token::LineBreak))
            && self
                .current
                .iter()
                .all(|p| p.note.is_none() && p.raw.chars().all(|c| c == '\u{a0}'))
    }

    pub(super) fn space(&mut self, no_break: bool, face: FaceKind) {
        self.finish_word();
        match self.tokens.last_mut() {
            // Nothing to separate at a paragraph's or line's start.
            None | Some(Token::LineBreak) => {}
            Some(Token::Space { no_break: nb, .. }) => *nb |= no_break,
            Some(Token::Word(_)) => self.tokens.push(Token::Space { no_break, face }),
        }
    }

    /// Ends the paragraph: its last word finished, and index marks after
    /// its last words placed with them.
    pub(super) fn finish(&mut self) {
        self.finish_word();
        let places = std::mem::take(&mut self.places);
        if let Some(piece) = self.words.last_mut().and_then(|w| w.pieces.last_mut()) {
            piece.places.extend(places);
        }
    }

    pub(super) fn finish_word(&mut self) {
        // A hair space ending a word has nothing to stand before.
        self.hair = false;
        if self.current.is_empty() {
            return;
        }
        let pieces = std::mem::take(&mut self.current);
        self.tokens.push(Token::Word(self.words.len()));
        self.words.push(Word {
            pieces,
            text: String::new(),
            fragments: Vec::new(),
            hyphens: Vec::new(),
            last_face: FaceKind::Regular,
            hang: 0.0,
            glyphs: 0,
            lead: 0.0,
            ideographic: false,
        });
    }
}

/// Splits a word's text pieces where a character needs another face than
/// its text's: a character the piece's face lacks goes to the first
/// fallback face that has it ([`FontSet::face_for`]); combining marks and
/// joiners stay with the character before them, so a cluster is shaped
/// in one face. A character no face has stays in the piece's face (it
/// prints as .notdef; `pdf::coverage` has reported it).
///
/// In Chinese, Japanese or Korean (`language`, the chapter's, unless a
/// piece is marked in another), the quotation marks, dashes, ellipsis,
/// middle dot and digits of a word holding ideographs are set in the
/// face that sets its ideographs, though the Latin face has them too: a
/// CJK face draws the marks a full character wide, as the text around
/// them is set (CLREQ, JLREQ), and figures that match its ideographs,
/// where a Latin face's narrow “ and — leave gaps in the grid, its ……
/// is six small dots and its figures may be old-style.
pub(super) fn split_by_face(pieces: Vec<Piece>, fonts: &FontSet<'_>, language: &str) -> Vec<Piece> {
    // Almost every word of a book: nothing to split.
    if pieces
        .iter()
        .all(|p| p.raw.is_ascii() || p.face.is_fallback())
    {
        return pieces;
    }
    let cjk_face = ideographs_face(&pieces, fonts, language);
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for mut piece in pieces {
        if piece.math.is_some() {
            out.push(piece);
            continue;
        }
        if piece.note.is_some() {
            // A note number in another system's digits (`numerals`:
            // ٣ in an Arabic book) is set whole in the face that has
            // them, the fallback's where the book's face lacks them.
            if let Some(c) = piece.raw.chars().find(|c| !c.is_ascii()) {
                piece.face = fonts.face_for(piece.face, c).unwrap_or(piece.face);
            }
            out.push(piece);
            continue;
        }
        if piece.raw.is_ascii() {
            out.push(piece);
            continue;
        }
        let mut current: Option<(FaceKind, String)> = None;
        let mut runs: Vec<(FaceKind, String)> = Vec::new();
        for c in piece.raw.chars() {
            let face = match &current {
                Some((face, _)) if clings(c) => *face,
                _ if set_with_ideographs(c) && cjk_face.is_some_and(|f| fonts.has_char(f, c)) => {
                    cjk_face.unwrap_or(piece.face)
                }
                Some((face, _)) if !fonts.has_char(piece.face, c) && fonts.has_char(*face, c) => {
                    *face
                }
                _ => fonts.face_for(piece.face, c).unwrap_or(piece.face),
            };
            match &mut current {
                Some((f, text)) if *f == face => text.push(c),
                _ => {
                    if let Some(run) = current.take() {
                        runs.push(run);
                    }
                    current = Some((face, c.to_string()));
                }
            }
        }
        runs.extend(current);
        if runs.len() == 1 && runs[0].0 == piece.face {
            out.push(piece);
            continue;
        }
        for (k, (face, raw)) in runs.into_iter().enumerate() {
            out.push(Piece {
                face,
                raw,
                hair: piece.hair && k == 0,
                ..piece.clone()
            });
        }
    }
    out
}

/// The face that sets the ideographs of a word in Chinese, Japanese or
/// Korean text (the first piece's language, else `language`), when the
/// word has any and its own face lacks them; `None` otherwise.
fn ideographs_face(pieces: &[Piece], fonts: &FontSet<'_>, language: &str) -> Option<FaceKind> {
    let lang = pieces
        .first()
        .and_then(|p| p.lang.as_deref())
        .unwrap_or(language);
    if !crate::language::is_cjk(lang) {
        return None;
    }
    pieces.iter().filter(|p| p.note.is_none()).find_map(|p| {
        let c = p
            .raw
            .chars()
            .find(|&c| crate::pdf::ideographic::is_ideographic(c))?;
        fonts
            .face_for(p.face, c)
            .filter(|&f| f != p.face && fonts.has_char(f, c))
    })
}

/// Punctuation that Chinese and Japanese share with Latin text but set a
/// full character wide: quotation marks, the dash (doubled, ——), the
/// ellipsis (doubled, ……), the middle dot between the parts of a
/// foreign name; and the digits of a number written into the
/// ideographs (第2章, 2024年), which a Latin face may draw as old-style
/// figures, small beside them.
fn set_with_ideographs(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            '\u{2018}'
                | '\u{2019}'
                | '\u{201C}'
                | '\u{201D}'
                | '\u{2014}'
                | '\u{2015}'
                | '\u{2026}'
                | '\u{2025}'
                | '\u{00B7}'
        )
}

/// Characters that belong with the one before them in shaping: combining
/// marks (Latin, Arabic, Hebrew), joiners, variation selectors, emoji
/// skin-tone modifiers.
fn clings(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0591}'..='\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0100}'..='\u{E01EF}')
}
