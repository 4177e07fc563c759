//! Folios and page labels: the front matter counted in lower-case roman numerals, the body in arabic from 1 on its first page.

use crate::model::{roman, Book};
use crate::pdf::page::LabelStyle;

/// Whether `book` prints its page numbers (folios, the contents' numbers
/// and pages) in lining figures rather than the text face's old-style
/// ones: a book in a script whose text sets lining figures
/// ([`crate::language::lining_figures`]: Hebrew, Arabic, Chinese…), so
/// old-style folios beside them looked like another book's.
pub fn lining(book: &Book) -> bool {
    crate::language::lining_figures(&book.metadata.language)
}

/// How pages are numbered: pages before `body_start` (0-based) are the
/// front matter (i, ii, iii… from the first page, the half-title or the
/// title page), the rest the body
/// (1, 2, 3… from `body_start`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Folios {
    pub body_start: usize,
    /// The digits of the body's folios (`crate::numerals`): ٣ in an
    /// Egyptian book. The front matter's roman numerals are kept.
    pub numerals: crate::numerals::Numerals,
}

impl Folios {
    /// The printed number of 0-based `page`.
    pub fn text(&self, page: usize) -> String {
        if page < self.body_start {
            roman(page as u32 + 1).to_lowercase()
        } else {
            self.numerals.number(page + 1 - self.body_start)
        }
    }

    /// The body folio of `page`, if it is in the body.
    pub fn arabic(&self, page: usize) -> Option<usize> {
        (page >= self.body_start).then(|| page + 1 - self.body_start)
    }

    /// Page labels matching the folios (ISO 32000-1, 12.4.2), so a viewer
    /// shows “vii” and “12” where the page says so. Decimal whatever the
    /// book's numerals: a page label's styles are decimal, roman and
    /// letters only (Table 159), with no Arabic-Indic or other digits, and
    /// a viewer's page box takes Western digits anyway.
    pub fn page_labels(&self, pages: usize) -> Vec<(usize, LabelStyle, u32)> {
        let mut labels = Vec::new();
        if self.body_start > 0 && pages > 0 {
            labels.push((0, LabelStyle::LowerRoman, 1));
        }
        if self.body_start < pages {
            labels.push((self.body_start, LabelStyle::Decimal, 1));
        }
        labels
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_roman_and_the_body_starts_at_one() {
        let f = Folios {
            body_start: 10,
            numerals: Default::default(),
        };
        assert_eq!(f.text(0), "i");
        assert_eq!(f.text(6), "vii");
        assert_eq!(f.text(9), "x");
        assert_eq!(f.text(10), "1");
        assert_eq!(f.text(21), "12");
        assert_eq!(f.arabic(9), None);
        assert_eq!(f.arabic(10), Some(1));
        assert_eq!(
            f.page_labels(30),
            vec![(0, LabelStyle::LowerRoman, 1), (10, LabelStyle::Decimal, 1)]
        );
    }

    /// An Egyptian book's body folios in Arabic-Indic digits; its front
    /// matter in roman, and its page labels decimal (PDF has no other).
    #[test]
    fn body_folios_take_the_books_digits() {
        let f = Folios {
            body_start: 4,
            numerals: crate::numerals::Numerals::Arab,
        };
        assert_eq!(f.text(2), "iii");
        assert_eq!(f.text(4), "١");
        assert_eq!(f.text(15), "١٢");
        assert_eq!(f.page_labels(20)[1], (4, LabelStyle::Decimal, 1));
    }

    #[test]
    fn a_book_without_front_matter_or_body_gets_one_label_run() {
        assert_eq!(
            Folios {
                body_start: 0,
                numerals: Default::default(),
            }
            .page_labels(5),
            vec![(0, LabelStyle::Decimal, 1)]
        );
        assert_eq!(
            Folios {
                body_start: 5,
                numerals: Default::default(),
            }
            .page_labels(5),
            vec![(0, LabelStyle::LowerRoman, 1)]
        );
    }
}
