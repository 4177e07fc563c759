//! What the imprint says of the book, in its language: one list of sentences, built from the metadata for both editions.
//!
//! Both editions' imprints open with the same sentences, worded by the
//! same labels: the title and authors with the year of first
//! publication, the credits, the series, this edition's publisher, where
//! the text comes from and the rights. Each edition then adds what is
//! its own: the EPUB the list of corrections, the PDF a note on them and
//! its type; both close with the book's ISBNs and identifier
//! ([`numbers`]), each edition's own first.

use crate::labels::{self, Piece};
use crate::model::Book;

/// A run of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    Text(String),
    /// The book's title (with its subtitle), in italics.
    Italic(String),
    /// Where the text comes from, as `source` gives it: a web address
    /// the EPUB may link, or a bibliographic note.
    Source(String),
}

/// One paragraph of the imprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub runs: Vec<Run>,
    /// Whether the sentence may be hyphenated: not where it holds an
    /// address a hyphen would change.
    pub hyphenate: bool,
}

impl Sentence {
    fn text(text: String) -> Sentence {
        Sentence {
            runs: vec![Run::Text(text)],
            hyphenate: true,
        }
    }

    /// The sentence as plain text.
    pub fn plain(&self) -> String {
        self.runs
            .iter()
            .map(|r| match r {
                Run::Text(t) | Run::Italic(t) | Run::Source(t) => t.as_str(),
            })
            .collect()
    }
}

/// The sentences both editions' imprints open with.
pub fn sentences(book: &Book) -> Vec<Sentence> {
    let meta = &book.metadata;
    let l = &book.labels;
    let mut out = Vec::new();
    let authors: Vec<&str> = meta.authors.iter().map(|a| a.name.as_str()).collect();
    let template = if authors.is_empty() {
        "{title}"
    } else {
        l.imprint_by.as_str()
    };
    let italic = title_in_italics(template, &meta.language);
    let whole_title =
        crate::language::joined_title(&meta.title, meta.subtitle.as_deref(), &meta.language);
    // "{title}, by {authors}. First published {year}." The template's
    // words and the names make one run on each side of the title.
    let mut runs = Vec::new();
    let mut words = String::new();
    for piece in labels::pieces(template) {
        match piece {
            Piece::Value("title") if italic => {
                if !words.is_empty() {
                    runs.push(Run::Text(std::mem::take(&mut words)));
                }
                runs.push(Run::Italic(whole_title.clone()));
            }
            Piece::Value("title") => words.push_str(&whole_title),
            Piece::Value("authors") => words.push_str(&l.join_names(&authors)),
            Piece::Value(_) => {}
            Piece::Text(t) => words.push_str(t),
        }
    }
    // The stop after the names (or the title, if the template ends with
    // it), in the language's own form.
    let stop = l.full_stop(if words.is_empty() {
        &whole_title
    } else {
        &words
    });
    if !words.is_empty() {
        runs.push(Run::Text(words));
    }
    // The date's sentence is a run of its own: the year, as an imprint
    // gives it, not the ISO date `date` may be.
    let tail = match &meta.date {
        Some(date) => format!(
            "{stop}{}{}",
            l.sentence_gap(),
            labels::fill(
                &l.first_published,
                &[("year", &l.numerals.digits(date.get(..4).unwrap_or(date)))]
            )
        ),
        None => stop.to_string(),
    };
    runs.push(Run::Text(tail));
    out.push(Sentence {
        runs,
        hyphenate: true,
    });
    for credit in l.credits(&meta.contributors) {
        let stop = l.full_stop(&credit);
        out.push(Sentence::text(format!("{credit}{stop}")));
    }
    if let Some(series) = &meta.series {
        let series = l.series(series);
        let stop = l.full_stop(&series);
        out.push(Sentence::text(format!("{series}{stop}")));
    }
    if let Some(p) = &meta.publisher {
        out.push(Sentence::text(labels::fill(
            &l.edition_published_by,
            &[("publisher", p)],
        )));
    }
    if let Some(source) = &meta.source {
        // The label's words around the source, which stays one run.
        let mut runs = Vec::new();
        for piece in labels::pieces(&l.text_from) {
            match piece {
                Piece::Value("source") => runs.push(Run::Source(source.clone())),
                Piece::Value(_) => {}
                Piece::Text(t) => runs.push(Run::Text(t.to_string())),
            }
        }
        // A web address's stop is each edition's to add: the EPUB's
        // goes outside the link, which it must not join.
        if crate::links::web_address(source).is_none() {
            runs.push(Run::Text(l.full_stop(source).to_string()));
        }
        out.push(Sentence {
            runs,
            hyphenate: false,
        });
    }
    if let Some(rights) = &meta.rights {
        out.push(Sentence::text(rights.clone()));
    }
    out
}

/// Whether the imprint sets the title in italics: not where the label
/// already marks it (《…》, «…») nor in a script that has no italics
/// (Hebrew, Arabic, Chinese, Japanese, Korean).
fn title_in_italics(template: &str, language: &str) -> bool {
    let quoted = template
        .split("{title}")
        .next()
        .and_then(|before| before.chars().next_back())
        .is_some_and(|c| "《『「«„“‘〈".contains(c));
    !quoted && crate::language::has_italics(language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_italic_only_where_the_script_and_label_want_it() {
        for (template, language, italic) in [
            ("{title}, by {authors}", "en-GB", true),
            ("{authors}. {title}", "ru", true),
            ("《{title}》，{authors}著", "zh-Hans", false),
            ("«{title}», {authors}", "fr", false),
            ("{title}, מאת {authors}", "he", false),
            ("{title}، تأليف {authors}", "ar", false),
            ("{title}", "en", true),
        ] {
            assert_eq!(
                title_in_italics(template, language),
                italic,
                "{template} {language}"
            );
        }
    }
}

/// Which edition an imprint is for: its own ISBN comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    Ebook,
    Print,
}

/// The lines an imprint closes with: each ISBN the book has, named for its
/// edition (`edition`'s own first), as an imprint lists a book's ISBNs;
/// then the identifier, labelled, unless it is one a reader cannot use
/// (derived) or one of those ISBNs again as a URN (`urn:isbn:…`, what
/// `source/` makes of the ebook's).
pub fn numbers(book: &Book, edition: Edition) -> Vec<String> {
    let m = &book.metadata;
    let l = &book.labels;
    let mut isbns = [
        (&m.isbn.ebook, &l.isbn_ebook),
        (&m.isbn.print, &l.isbn_print),
    ];
    if edition == Edition::Print {
        isbns.reverse();
    }
    let mut out: Vec<String> = isbns
        .iter()
        .filter_map(|(isbn, label)| {
            isbn.as_ref()
                .map(|isbn| labels::fill(label, &[("isbn", isbn)]))
        })
        .collect();
    let is_an_isbn = m.identifier.strip_prefix("urn:isbn:").is_some_and(|urn| {
        [&m.isbn.ebook, &m.isbn.print]
            .into_iter()
            .flatten()
            .any(|isbn| crate::config::isbn_digits(urn) == crate::config::isbn_digits(isbn))
    });
    if !m.identifier.is_empty() && !m.identifier_derived && !is_an_isbn {
        out.push(labels::fill(
            &l.identifier,
            &[("identifier", &m.identifier)],
        ));
    }
    out
}
