//! Words → the Knuth–Plass breaker's items: boxes for word fragments, glue for spaces, penalties at hyphens.

use super::analyse::LONG_WORD;
use super::words::{Token, Word, WordBuilder};
use super::{Align, ParagraphStyle, Typesetter};
use crate::model::Inline;
use crate::pdf::fontset::FaceKind;
use crate::pdf::hyphenate::BreakKind;
use crate::pdf::linebreak::{Item, INFINITY};
use crate::pdf::units::Pt;

/// The penalty of a break inside a Korean word (`BreakKind::Emergency`,
/// offered in a word wider than the line, or in every word of a
/// paragraph its spaces alone set badly): just short of forbidden, so a
/// word is cut as few times as it must be.
pub(super) const EMERGENCY_PENALTY: f32 = 9_000.0;

impl Typesetter<'_> {
    /// Words, shaping and the breaker's items.
    pub(super) fn prepare(&mut self, content: &[Inline], style: &ParagraphStyle) -> Prepared {
        // Italic display text (a heading, a running head, a notes group's
        // title) is upright in a script without italics: Hebrew letters
        // took the upright fallback anyway, and the number beside them
        // stood slanted ("1 · פרק ראשון").
        let upright;
        let style =
            if style.face == FaceKind::Italic && !crate::language::has_italics(&self.language) {
                upright = ParagraphStyle {
                    face: FaceKind::Regular,
                    ..*style
                };
                &upright
            } else {
                style
            };
        let mut builder = WordBuilder::default();
        builder.numerals = self.numerals;
        builder.walk(content, style.face);
        builder.finish();
        while matches!(builder.tokens.last(), Some(Token::Space { .. })) {
            builder.tokens.pop();
        }
        let mut words = builder.words;
        for word in &mut words {
            let pieces = std::mem::take(&mut word.pieces);
            word.pieces = super::words::split_by_face(pieces, self.shaper.fonts(), &self.language);
            self.analyse(word, style);
        }
        // Breaks inside Korean words that fit a line are offered only when
        // the paragraph cannot be set well without them (see
        // `sets_badly`): at a narrow measure a line of few words is
        // otherwise overfull, or stretched past what the breaker's
        // tolerances allow, as TeX's emergency pass would set it.
        let (items, sources, withheld) = self.items_of(&words, &builder.tokens, style, false);
        let rtl = crate::pdf::bidi::paragraph_is_rtl(words.iter().map(|w| w.text.as_str()));
        let mut prepared = Prepared {
            words,
            items,
            sources,
            rtl,
        };
        if withheld && self.sets_badly(&prepared, style) {
            (prepared.items, prepared.sources, _) =
                self.items_of(&prepared.words, &builder.tokens, style, true);
        }
        prepared
    }

    /// The breaker's items for `words` laid out as `tokens`, and what
    /// each stands for. A Korean word breaks between its syllables when
    /// it is wider than the line, or anywhere with `emergency`; the third
    /// value says whether a break was withheld.
    fn items_of(
        &self,
        words: &[Word],
        tokens: &[Token],
        style: &ParagraphStyle,
        emergency: bool,
    ) -> (Vec<Item>, Vec<Source>, bool) {
        let mut items = Vec::new();
        let mut sources = Vec::new();
        let mut withheld = false;
        // A negative indent outdents the first line: a list item's label
        // hanging left of the item's other lines.
        if style.indent != 0.0 {
            items.push(Item::Box {
                width: style.indent,
            });
            sources.push(Source::Indent);
        }
        let ragged_stretch = 3.0 * style.size;
        let inter_stretch = self.tuning.ideograph_stretch_em * style.size;
        let inter_shrink = self.tuning.ideograph_shrink_em * style.size;
        let mut previous_word: Option<usize> = None;
        for (t, token) in tokens.iter().enumerate() {
            match *token {
                Token::Word(w) => {
                    let word = &words[w];
                    // A very long word (many lines of the measure) is set
                    // as lines of its own, each ending in a hyphen: its
                    // breaks are not counted as hyphenated lines in a row
                    // (the breaker allows two), or it could only run off
                    // the page. Every other word's are.
                    let width: Pt = word.fragments.iter().map(|f| f.width).sum();
                    let flagged = word.text.len() <= LONG_WORD || width <= style.measure;
                    for (k, fragment) in word.fragments.iter().enumerate() {
                        items.push(Item::Box {
                            width: fragment.width,
                        });
                        sources.push(Source::Fragment {
                            word: w,
                            start: fragment.start,
                            end: fragment.end,
                        });
                        // A Korean word breaks between its syllables
                        // only when it is wider than the line: else it
                        // keeps to its line as a spaced word does.
                        let hyphen = word.fragments.get(k + 1).map(|_| &word.hyphens[k]);
                        let held = hyphen.is_some_and(|b| {
                            b.kind == BreakKind::Emergency && width <= style.measure && !emergency
                        });
                        withheld |= held;
                        if let Some(b) = hyphen.filter(|_| !held) {
                            let ideographic = b.kind == BreakKind::Ideographic;
                            let penalty = if b.kind == BreakKind::Emergency {
                                EMERGENCY_PENALTY
                            } else if b.kind.adds_hyphen() {
                                self.tuning.hyphen_penalty
                            } else if ideographic {
                                // As a break at a space: Chinese has no other.
                                0.0
                            } else if style.face != FaceKind::Mono
                                && word.pieces.iter().any(|p| {
                                    p.face == FaceKind::Mono
                                        && fragment.end > p.start
                                        && fragment.end < p.start + p.text.len()
                                })
                            {
                                self.tuning.code_hyphen_penalty
                            } else {
                                self.tuning.explicit_hyphen_penalty
                            };
                            items.push(Item::Penalty {
                                width: b.width,
                                penalty,
                                flagged: flagged && !ideographic && b.kind != BreakKind::Emergency,
                                // A hyphen hangs into the margin only
                                // where the setter lets it: justified
                                // lines (a ragged one is set as it is).
                                hang: if self.tuning.protrusion && style.align == Align::Justify {
                                    b.hang
                                } else {
                                    0.0
                                },
                            });
                            sources.push(Source::Hyphen { kind: b.kind });
                            if ideographic && style.align == Align::Justify {
                                // Inter-character justification: after the
                                // penalty, so not a break itself, and
                                // discarded when the line breaks here.
                                items.push(Item::Glue {
                                    width: 0.0,
                                    stretch: inter_stretch,
                                    shrink: inter_shrink,
                                    fill: false,
                                    hang: 0.0,
                                    lead: 0.0,
                                });
                                sources.push(Source::Inter {
                                    word: w,
                                    at: fragment.end,
                                });
                            }
                        }
                    }
                    previous_word = Some(w);
                }
                Token::Space { no_break, face } => {
                    let (previous_face, hang) = previous_word
                        .map_or((style.face, 0.0), |w| (words[w].last_face, words[w].hang));
                    // A space is as wide as the previous word's face makes
                    // it (an italic word's space is italic's), but never
                    // across code: typed in code it is the code face's,
                    // typed after code it is the text's, not a monospaced
                    // half em after `x = 12`.
                    let face = if face == FaceKind::Mono || previous_face == FaceKind::Mono {
                        face
                    } else {
                        previous_face
                    };
                    let hang = if self.tuning.protrusion { hang } else { 0.0 };
                    // The previous word's letter stretch rides on this
                    // glue: a box cannot stretch, and glue inside a word
                    // would be a break.
                    // (A word with breaks between ideographs stretches at
                    // them instead.)
                    let letters = previous_word
                        .filter(|&w| !words[w].ideographic)
                        .map_or(0, |w| words[w].glyphs.saturating_sub(1));
                    let letter_stretch =
                        letters as f32 * self.tuning.letter_stretch_em * style.size;
                    let next_word = match tokens.get(t + 1) {
                        Some(Token::Word(next)) => Some(&words[*next]),
                        _ => None,
                    };
                    let in_mark = blank_in_mark(previous_word.map(|w| &words[w]), next_word);
                    let width = if in_mark {
                        0.0
                    } else {
                        self.space_width(face, self.face_size(face, style))
                    };
                    if no_break {
                        items.push(Item::penalty(0.0, INFINITY, false));
                        sources.push(Source::Nothing);
                    }
                    match style.align {
                        Align::Justify if face == FaceKind::Mono && !no_break && !in_mark => {
                            // A space typed in code keeps its width, so a
                            // line of code alone cannot stretch to the
                            // measure. A break here sets its line short
                            // instead, as a ragged line ends (the ragged
                            // glue pair below): a reviewer found
                            // `--log` / `-level=debug` split at the code's
                            // own hyphen, under a line of 1.98× spaces,
                            // where the space before the option would do.
                            // A third of the measure, more than a ragged
                            // line's 3 em: a path or an option is long,
                            // and a line short by one reads better than
                            // one overfull (the penalty keeps such breaks
                            // for where a justified line would be loose).
                            let code_stretch = (style.measure / 3.0).max(ragged_stretch);
                            items.push(Item::glue(0.0, code_stretch, 0.0));
                            sources.push(Source::Nothing);
                            items.push(Item::Penalty {
                                width: 0.0,
                                penalty: self.tuning.code_space_penalty,
                                flagged: false,
                                hang: 0.0,
                            });
                            sources.push(Source::CodeSpace);
                            let (stretch, shrink) = self.space_give(face, width);
                            items.push(Item::glue(
                                width,
                                stretch + letter_stretch - code_stretch,
                                shrink,
                            ));
                            sources.push(Source::Space { face });
                        }
                        Align::Justify => {
                            // An opening quote starting the next line may
                            // reach into the left margin.
                            let lead = match tokens.get(t + 1) {
                                Some(Token::Word(next)) if self.tuning.protrusion => {
                                    words[*next].lead
                                }
                                _ => 0.0,
                            };
                            let (stretch, shrink) = self.space_give(face, width);
                            items.push(Item::Glue {
                                width,
                                stretch: stretch + letter_stretch,
                                shrink,
                                fill: false,
                                hang,
                                lead,
                            });
                            sources.push(Source::Space { face });
                        }
                        Align::Left | Align::Start | Align::Center if no_break => {
                            items.push(Item::glue(width, 0.0, 0.0));
                            sources.push(Source::Space { face });
                        }
                        Align::Left | Align::Start | Align::Center => {
                            // Ragged right as in TeX: the stretch sits
                            // before the break and is taken back after it,
                            // so only a line's end can be loose.
                            items.push(Item::Glue {
                                width: 0.0,
                                stretch: ragged_stretch,
                                shrink: 0.0,
                                fill: false,
                                hang: 0.0,
                                lead: 0.0,
                            });
                            sources.push(Source::Nothing);
                            items.push(Item::penalty(0.0, 0.0, false));
                            sources.push(Source::Nothing);
                            items.push(Item::glue(width, -ragged_stretch, 0.0));
                            sources.push(Source::Space { face });
                        }
                    }
                }
                Token::LineBreak => {
                    items.push(Item::penalty(0.0, INFINITY, false));
                    sources.push(Source::Nothing);
                    items.push(Item::fill());
                    sources.push(Source::Nothing);
                    items.push(Item::forced_break());
                    sources.push(Source::Nothing);
                }
            }
        }
        if !items.is_empty() {
            items.push(Item::penalty(0.0, INFINITY, false));
            sources.push(Source::Nothing);
            items.push(Item::fill());
            sources.push(Source::Nothing);
            items.push(Item::forced_break());
            sources.push(Source::Nothing);
        }
        (items, sources, withheld)
    }

    /// Whether `prepared` sets badly: with a line overfull, or loose
    /// past what the setter can fill, as a Korean paragraph at a very
    /// narrow measure is when only its word spaces may break.
    fn sets_badly(&mut self, prepared: &Prepared, style: &ParagraphStyle) -> bool {
        let params = self.params(style);
        let breaks = crate::pdf::linebreak::break_lines(&prepared.items, style.measure, &params);
        self.render(prepared, style, &breaks)
            .lines
            .iter()
            .any(|l| l.overfull || l.loose)
    }

    /// A justified word space's own stretch and shrink at `width`: none
    /// for a space in code, which keeps its width as in TeX's typewriter
    /// faces, so `x = 12` reads as written.
    pub(super) fn space_give(&self, face: FaceKind, width: Pt) -> (Pt, Pt) {
        if face == FaceKind::Mono {
            (0.0, 0.0)
        } else {
            (
                width * self.tuning.space_stretch,
                width * self.tuning.space_shrink,
            )
        }
    }

    /// The size text in `face` is set at in a paragraph of `style`: the
    /// style's, but for code in running text (a code block's lines are in
    /// the monospace face throughout, at their own size), whose lower
    /// case is matched to the text's (`FontSet::inline_code_scale`).
    pub(super) fn face_size(&self, face: FaceKind, style: &ParagraphStyle) -> Pt {
        if face == FaceKind::Mono && style.face != FaceKind::Mono {
            style.size * self.shaper.fonts().inline_code_scale()
        } else {
            style.size * self.fallback_scale(face, style)
        }
    }

    /// How a fallback face's text is scaled in a paragraph of `style`
    /// (`FontSet::fallback_scale`; 1 for any other face): among text in
    /// the book's own faces only. Not in a code block, whose wide
    /// characters must fill two columns of the code's, nor where the
    /// book's or the chapter's language is written in a script the
    /// book's faces lack (a book in Hebrew, its English chapter too): the
    /// fallback face then sets the book's text itself, at the text's
    /// size, and its words keep one size throughout the book.
    pub(super) fn fallback_scale(&self, face: FaceKind, style: &ParagraphStyle) -> f32 {
        let fonts = self.shaper.fonts();
        if !face.is_fallback() || style.face == FaceKind::Mono {
            return 1.0;
        }
        let own_script = |lang: &str| {
            crate::language::script_sample(lang)
                .is_none_or(|c| fonts.has_char(FaceKind::Regular, c))
        };
        if own_script(&self.language) && own_script(&self.book_language) {
            fonts.fallback_scale(face)
        } else {
            1.0
        }
    }

    pub(super) fn space_width(&self, face: FaceKind, size: Pt) -> Pt {
        let fonts = self.shaper.fonts();
        let advance = fonts.glyph_advance(face, self.space_glyph[face.index()]);
        fonts.metrics(face).to_pt(i32::from(advance), size)
    }
}

/// Whether the word space between `before` and `after` is there already
/// as the blank half of a full-width mark: a closing mark ending the word
/// before (》」），。、：；！？) or an opening one starting the word after
/// (《「（). CLREQ and JLREQ set no space beside them; "《桃花源记》 was"
/// showed the mark's own half em and a word space after it. Curly quotes
/// count where they are full-width: in a word of ideographs, which takes
/// them from its CJK face.
fn blank_in_mark(before: Option<&Word>, after: Option<&Word>) -> bool {
    const CLOSING: &str = "》〉」』】〕〗〙〛）］｝、。，．：；！？";
    const OPENING: &str = "《〈「『【〔〖〘〚（［｛";
    let closes = before.is_some_and(|w| {
        w.text.chars().next_back().is_some_and(|c| {
            // Every full-width mark is past U+3000: Latin text asks no more.
            (c >= '\u{3000}' && CLOSING.contains(c))
                || (w.ideographic && matches!(c, '\u{201D}' | '\u{2019}'))
        })
    });
    let opens = after.is_some_and(|w| {
        w.text.chars().next().is_some_and(|c| {
            (c >= '\u{3000}' && OPENING.contains(c))
                || (w.ideographic && matches!(c, '\u{201C}' | '\u{2018}'))
        })
    });
    closes || opens
}

/// What each breaker item stands for, to set the chosen lines.
#[derive(Debug, Clone, Copy)]
pub(super) enum Source {
    Fragment {
        word: usize,
        start: usize,
        end: usize,
    },
    Space {
        face: FaceKind,
    },
    Hyphen {
        kind: BreakKind,
    },
    /// The stretch between two ideographs at a break at byte `at` of
    /// `word` (see `Tuning::ideograph_stretch_em`).
    Inter {
        word: usize,
        at: usize,
    },
    Indent,
    /// A break at a space inside code, whose line is set short at its
    /// natural spacing (see [`Typesetter::prepare`]).
    CodeSpace,
    Nothing,
}

/// A paragraph ready to break (see [`Typesetter::prepare_paragraph`]).
pub struct Prepared {
    pub(super) words: Vec<Word>,
    pub(super) items: Vec<Item>,
    pub(super) sources: Vec<Source>,
    /// The paragraph reads right to left (its first strong character is
    /// Arabic or Hebrew): its lines are reordered and set flush right.
    pub(super) rtl: bool,
}
