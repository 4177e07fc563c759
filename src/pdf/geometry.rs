//! The page and its text area: trim, margins, the baseline grid, rectos and versos.

use crate::model::PdfSettings;

/// The page and its text area, in points from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub inner: f32,
    pub outer: f32,
    pub size: f32,
    pub leading: f32,
    pub measure: f32,
    /// Baseline of the first grid line.
    pub first_baseline: f32,
    /// Grid lines on a full page.
    pub lines: usize,
    /// Baseline of the running head and folio.
    pub head_baseline: f32,
    /// Bound on the right (a right-to-left book): a recto's inner margin
    /// is on its right.
    pub bound_right: bool,
}

impl Geometry {
    pub fn new(pdf: &PdfSettings) -> Geometry {
        let (width, height) = pdf.paper;
        let m = pdf.margins;
        let leading = pdf.leading.max(1.0);
        // The first baseline sits one body size below the top margin, so
        // capitals (~0.65 em) hang just under it.
        let first_baseline = m.top + pdf.font_size;
        let room = (height - m.bottom - first_baseline).max(0.0);
        let lines = ((room / leading).floor() as usize + 1).max(4);
        Geometry {
            width,
            height,
            top: m.top,
            inner: m.inner,
            outer: m.outer,
            size: pdf.font_size,
            leading,
            measure: (width - m.inner - m.outer).max(pdf.font_size * 10.0),
            first_baseline,
            lines,
            head_baseline: first_baseline - 2.0 * leading,
            bound_right: pdf.bound_right,
        }
    }

    /// The grid of the book-end notes: a smaller size on a tighter leading
    /// (9.5 on 12 pt for an 11 on 14 pt body, as trade editions set them),
    /// in the same text area. The first baseline sits one (smaller) size
    /// below the top margin and the last never falls below the body's, so
    /// the notes' text block lies within the body's; running heads keep
    /// the body's place. A grid of its own, the same on every notes page.
    pub fn notes(&self) -> Geometry {
        let size = ((self.size * 0.86) * 2.0).round() / 2.0;
        let leading = (self.leading * 6.0 / 7.0).round().max(size).max(1.0);
        let first_baseline = self.top + size;
        let last = self.baseline(self.lines - 1);
        let room = (last - first_baseline).max(0.0);
        let lines = ((room / leading).floor() as usize + 1).max(4);
        Geometry {
            size,
            leading,
            first_baseline,
            lines,
            ..*self
        }
    }

    /// The first grid line whose baseline is at or below `y`.
    pub fn line_at(&self, y: f32) -> usize {
        // A little tolerance: y often is exactly a baseline of this grid.
        ((y - self.first_baseline) / self.leading - 1e-3)
            .ceil()
            .max(0.0) as usize
    }

    /// Pages are counted from 0; page 0 (the half-title or the title
    /// page) is a recto.
    pub fn is_recto(page: usize) -> bool {
        page.is_multiple_of(2)
    }

    /// Left edge of the text area: the inner margin on a recto, the outer
    /// on a verso (the other way round in a book bound on the right).
    pub fn left(&self, page: usize) -> f32 {
        if self.folio_on_right(page) {
            self.inner
        } else {
            self.outer
        }
    }

    /// Whether page `page`'s outer edge, where its folio stands, is on
    /// the right: a recto's, unless the book is bound on the right.
    pub fn folio_on_right(&self, page: usize) -> bool {
        Geometry::is_recto(page) != self.bound_right
    }

    pub fn baseline(&self, grid_line: usize) -> f32 {
        self.first_baseline + grid_line as f32 * self.leading
    }
}
