//! How deep quotes, lists and inline styles may nest in the model, and what the reader does with a container past that depth: it is not opened, its content goes to the container it is in, with one warning.

use std::ops::Range;

use super::builder::{Builder, FrameKind};
use crate::diagnostics::Diagnostic;

/// Block quotes and lists, and inline styles (emphasis, strong…), nested
/// deeper than this are set at this depth (their text kept, their extra
/// levels dropped, with a warning): every later stage walks the model
/// recursively (100,000 nested emphases overflowed the stack), and no
/// book needs more.
pub const MAX_NESTING: usize = 32;

impl Builder<'_> {
    /// Whether a container starting now is past `MAX_NESTING` (then it is
    /// not opened, and its content goes to the container it is in).
    pub(super) fn too_deep(&mut self, kind: &FrameKind, range: &Range<usize>) -> bool {
        let flatten = match kind {
            FrameKind::BlockQuote(_) | FrameKind::List(_) => {
                let depth = self
                    .stack
                    .iter()
                    .filter(|f| matches!(f.kind, FrameKind::BlockQuote(_) | FrameKind::List(_)))
                    .count();
                depth >= MAX_NESTING
            }
            // The item of a list that was not opened.
            FrameKind::Item => !matches!(self.top().kind, FrameKind::List(_)),
            // Emphasis inside emphasis (`*a *a *a … a* a* a*`), which
            // CommonMark nests as deep as the source goes.
            k if k.is_styling() => {
                self.stack.iter().filter(|f| f.kind.is_styling()).count() >= MAX_NESTING
            }
            _ => false,
        };
        if flatten {
            if self.flattened.is_empty() {
                let span = self.span(range.start);
                let what = if kind.is_styling() {
                    "emphasis, strong, struck-out, superscript and subscript text"
                } else {
                    "quotes and lists"
                };
                self.diags.push(
                    Diagnostic::warning(
                        self.file,
                        span.line,
                        span.col,
                        format!(
                            "{what} nested more than {MAX_NESTING} deep are set {MAX_NESTING} deep"
                        ),
                    )
                    .with_hint("nest fewer levels: readers cannot follow that many either"),
                );
            }
            self.flattened.push(self.stack.len());
        }
        flatten
    }
}
