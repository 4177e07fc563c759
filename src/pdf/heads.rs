//! Running heads and folios on text pages: the book's (short) title on versos, the section's on rectos (the book-end notes': the pages they are to), the folio at the outer edge — each head shortened to keep clear of its folio.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Book;
use crate::pdf::flow;
use crate::pdf::folios::Folios;
use crate::pdf::fontset::FaceKind;
use crate::pdf::geometry::Geometry;
use crate::pdf::paragraph::{SetLine, Typesetter};
use crate::pdf::sheets::{PageKind, Sheets};

/// The clear space between a head and its folio, in ems of the head's
/// size: well over the 6 pt a reader needs to see them as two things.
const FOLIO_GAP_EM: f32 = 1.0;

/// Marks that may end a shortened head's last clause.
const CLAUSE_ENDS: [char; 6] = [',', ':', ';', '.', '\u{2013}', '\u{2014}'];

/// English words that open a phrase rather than end one: articles,
/// conjunctions, prepositions, relative pronouns, determiners. Title
/// case capitalises some ("Which"), so they are matched in any case.
const PHRASE_OPENERS: [&str; 30] = [
    "a", "an", "the", "and", "but", "or", "nor", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "into", "upon", "than", "as", "which", "that", "who", "whom", "whose", "where", "when",
    "while", "whether", "what",
];

/// A word a head that stops on it reads as broken off mid-phrase: a
/// short lower-case word in any language (“and”, “the”, “de”, “und”), or
/// an English word that opens a phrase (“…Forms Which…”, a reviewer's).
fn weak(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    (word.chars().count() <= 3 && word.chars().all(|c| c.is_lowercase()))
        || PHRASE_OPENERS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// `text` shortened to fit `room` as `width` measures it, or `None` if it
/// fits whole. It is cut at a word boundary and ends in an ellipsis; a
/// cut after a clause (at a comma, colon, dash…) is preferred when it
/// keeps at least two fifths of the room, then a cut after a word that does not
/// open a phrase ([`weak`]), so the head reads as a phrase rather than
/// stopping at “and the…” or “Forms Which…” (Chicago 1.10–1.16: a
/// shortened head keeps a sense unit). A first word too wide on its own is cut
/// inside, and if nothing fits the ellipsis stands alone.
pub fn shorten(text: &str, room: f32, width: &mut dyn FnMut(&str) -> f32) -> Option<String> {
    if width(text) <= room {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let with_ellipsis = |n: usize| {
        let kept = words[..n].join(" ");
        let trimmed = kept
            .trim_end_matches(|c: char| CLAUSE_ENDS.contains(&c) || c == '-' || c.is_whitespace());
        format!("{trimmed}\u{2026}")
    };
    // Candidates that fit, longest first, down to two fifths of the room.
    let mut longest = None;
    let mut strong = None;
    for n in (1..words.len()).rev() {
        let candidate = with_ellipsis(n);
        let w = width(&candidate);
        if w > room {
            continue;
        }
        if longest.is_none() {
            longest = Some(candidate.clone());
        }
        if w < 0.4 * room {
            break;
        }
        let last = words[n - 1];
        if last.ends_with(|c: char| CLAUSE_ENDS.contains(&c)) {
            return Some(candidate);
        }
        if strong.is_none() && !weak(last) {
            strong = Some(candidate);
        }
    }
    if let Some(best) = strong.or(longest) {
        return Some(best);
    }
    // One word too wide: cut it, character by character.
    let chars: Vec<char> = text.chars().collect();
    for n in (1..chars.len()).rev() {
        let candidate: String = chars[..n].iter().collect::<String>() + "\u{2026}";
        if width(&candidate) <= room {
            return Some(candidate);
        }
    }
    Some("\u{2026}".to_string())
}

/// Draws running heads and folios on every text page. The verso head is
/// the book's `short-title` (else its title) in small capitals, the recto
/// head the section's head text in italic; both are centred on the
/// measure, and one wider than the room its folios leave is shortened
/// (see [`shorten`]) with a warning that suggests a short title.
pub(crate) fn running_heads(
    ts: &mut Typesetter<'_>,
    g: &Geometry,
    book: &Book,
    sheets: &mut Sheets,
    folios: &Folios,
    diags: &mut Diagnostics,
) {
    let size = (g.size * 0.9 * 2.0).round() / 2.0;
    let text_pages: Vec<usize> = (0..sheets.pages.len())
        .filter(|&p| matches!(sheets.kinds[p], PageKind::Text { .. }))
        .collect();
    if text_pages.is_empty() {
        return;
    }
    let folio_lines: BTreeMap<usize, SetLine> = text_pages
        .iter()
        .map(|&p| {
            let folio = ts.set_figures(&folios.text(p), size, crate::pdf::folios::lining(book));
            (p, folio)
        })
        .collect();
    // One room for the whole book, from its widest folio, so a section's
    // head reads the same on all its pages.
    let widest = folio_lines.values().map(|l| l.width).fold(0.0, f32::max);
    let room = g.measure - 2.0 * (widest + FOLIO_GAP_EM * size);

    let mut set_verso = |ts: &mut Typesetter<'_>, text: &str| {
        let mut line = ts.set_small_caps(text, size);
        crate::pdf::tracking::track(&mut line, 0.08 * size);
        line
    };
    let verso_text = book
        .metadata
        .short_title
        .as_deref()
        .unwrap_or(&book.metadata.title);
    let mut verso_head = fit(
        ts,
        verso_text,
        room,
        &mut set_verso,
        |shortened| {
            Diagnostic::warning(
            "book.toml",
            0,
            0,
            format!("the book's title is too wide for the verso running head; it is shortened to “{shortened}”"),
        )
        .with_hint("give the book a `short-title = \"…\"` in book.toml")
        },
        diags,
    );
    flow::centre(&mut verso_head, g.measure);

    let mut set_recto =
        |ts: &mut Typesetter<'_>, text: &str| ts.set_line(text, FaceKind::Italic, size);
    let mut recto_heads: BTreeMap<String, SetLine> = BTreeMap::new();
    let notes_heads = crate::pdf::notes_heads::notes_heads(book, g, sheets, folios);
    for page in text_pages {
        let PageKind::Text { head } = &sheets.kinds[page] else {
            continue;
        };
        // The book-end notes' rectos name the pages their notes are to.
        let head = notes_heads.get(&page).unwrap_or(head).clone();
        let head = &head;
        let left = g.left(page);
        let folio = &folio_lines[&page];
        if Geometry::is_recto(page) {
            if !recto_heads.contains_key(head) {
                let file = book
                    .chapters
                    .iter()
                    .find(|c| c.head_text(&book.labels) == *head)
                    .map_or_else(|| "book.toml".to_string(), |c| c.file.clone());
                let mut line = fit(
                    ts,
                    head,
                    room,
                    &mut set_recto,
                    |shortened| {
                        Diagnostic::warning(
                        &file,
                        0,
                        0,
                        format!("the title “{head}” is too wide for the recto running head; it is shortened to “{shortened}”"),
                    )
                    .with_hint("give the chapter a short title: `short-title = \"…\"` in its front matter (between `+++` lines) sets its running head")
                    },
                    diags,
                );
                flow::centre(&mut line, g.measure);
                recto_heads.insert(head.clone(), line);
            }
            let line = recto_heads[head].clone();
            sheets.draw_line(page, &line, left, g.head_baseline);
        } else {
            sheets.draw_line(page, &verso_head, left, g.head_baseline);
        }
        // The folio at the page's outer edge.
        if g.folio_on_right(page) {
            sheets.draw_line(page, folio, left + g.measure - folio.width, g.head_baseline);
        } else {
            let folio = folio.clone();
            sheets.draw_line(page, &folio, left, g.head_baseline);
        }
    }
}

/// `text` set by `set`, shortened to `room` if need be (reporting the
/// warning `warn` makes of the shortened text).
fn fit(
    ts: &mut Typesetter<'_>,
    text: &str,
    room: f32,
    set: &mut dyn FnMut(&mut Typesetter<'_>, &str) -> SetLine,
    warn: impl FnOnce(&str) -> Diagnostic,
    diags: &mut Diagnostics,
) -> SetLine {
    let line = set(ts, text);
    if line.width <= room {
        return line;
    }
    let shortened = shorten(text, room, &mut |t| set(ts, t).width)
        .expect("a head wider than its room is shortened");
    diags.push(warn(&shortened));
    set(ts, &shortened)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Five points a character: easy widths to reason about.
    fn width(s: &str) -> f32 {
        s.chars().count() as f32 * 5.0
    }

    #[test]
    fn a_head_that_fits_is_kept_whole() {
        assert_eq!(shorten("Casting Type", 100.0, &mut width), None);
    }

    #[test]
    fn a_long_head_is_cut_after_a_clause_with_an_ellipsis() {
        let title = "VII: The Prerequisites of Cabinet Government, and the Peculiar Form Which They Have Assumed in England";
        // 56 characters of room: the clause "… Government" (45 + 1) fits
        // and fills over 60% of it.
        let short = shorten(title, 280.0, &mut width).unwrap();
        assert_eq!(
            short,
            "VII: The Prerequisites of Cabinet Government\u{2026}"
        );
        assert!(width(&short) <= 280.0);
    }

    #[test]
    fn without_a_clause_the_cut_is_after_the_last_strong_word_that_fits() {
        let title =
            "The Prerequisites of Good Paper and the Peculiar Forms Which the Mills Have Assumed";
        let short = shorten(title, 200.0, &mut width).unwrap();
        assert_eq!(short, "The Prerequisites of Good Paper\u{2026}");
        assert!(width(&short) <= 200.0);
    }

    /// A reviewer found "The Prerequisites of Good Paper, and the
    /// Peculiar Forms Which…": the clause keeps half the room here, two
    /// fifths of the fixture's (whole-book), and is taken.
    #[test]
    fn a_clause_is_preferred_and_no_head_ends_on_which() {
        let title = "The Prerequisites of Good Paper, and the Peculiar Forms Which the Mills Have Assumed in England";
        let short = shorten(title, 320.0, &mut width).unwrap();
        assert_eq!(short, "The Prerequisites of Good Paper\u{2026}");
        // Without the comma, the cut passes over "Which" to "Forms".
        let plain = title.replace(',', "");
        let short = shorten(&plain, 320.0, &mut width).unwrap();
        assert_eq!(
            short,
            "The Prerequisites of Good Paper and the Peculiar Forms\u{2026}"
        );
        assert!(weak("Which") && weak("the") && weak("und") && !weak("Forms") && !weak("Paper,"));
    }

    #[test]
    fn a_clause_too_short_gives_way_to_more_words() {
        // "VII:" alone would leave most of the room empty.
        let short = shorten(
            "VII: The Prerequisites of Cabinet Government",
            150.0,
            &mut width,
        )
        .unwrap();
        assert_eq!(short, "VII: The Prerequisites\u{2026}");
    }

    #[test]
    fn a_single_long_word_is_cut_inside() {
        let short = shorten("Donaudampfschifffahrtsgesellschaft", 50.0, &mut width).unwrap();
        assert_eq!(short, "Donaudamp\u{2026}");
        assert_eq!(shorten("Word", 2.0, &mut width).unwrap(), "\u{2026}");
    }
}
