//! Pandoc-style `:::` fenced blocks, masked out before pulldown-cmark parses the chapter.

use std::ops::Range;
use std::path::Path;

use crate::config::line_col;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Pandoc-style fenced blocks (`::: synopsis` … `:::`), masked to blanks so
/// pulldown-cmark sees plain Markdown and byte offsets stay unchanged.
pub(super) struct Fences {
    pub(super) masked: String,
    pub(super) synopsis: Vec<Range<usize>>,
}

pub(super) fn find_fences(text: &str, file: &Path, diags: &mut Diagnostics) -> Option<Fences> {
    let mut masked = String::with_capacity(text.len());
    let mut synopsis = Vec::new();
    let mut open: Option<(usize, bool)> = None; // (start offset, is synopsis)
    let mut offset = 0;
    let mut in_code_fence: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']).trim();
        let code_marker = if trimmed.starts_with("```") {
            Some("```")
        } else if trimmed.starts_with("~~~") {
            Some("~~~")
        } else {
            None
        };
        if let Some(marker) = in_code_fence {
            if code_marker == Some(marker) {
                in_code_fence = None;
            }
            masked.push_str(line);
            offset += line.len();
            continue;
        }
        if code_marker.is_some() {
            in_code_fence = code_marker;
        }
        let is_fence = trimmed.starts_with(":::") && in_code_fence.is_none();
        if is_fence {
            let class = trimmed.trim_start_matches(':').trim();
            let class = class
                .trim_start_matches('{')
                .trim_end_matches('}')
                .trim()
                .trim_start_matches('.');
            match (&open, class.is_empty()) {
                (Some((start, is_synopsis)), true) => {
                    if *is_synopsis {
                        synopsis.push(*start..offset);
                    }
                    open = None;
                }
                (None, false) => {
                    let is_synopsis = class == "synopsis";
                    if !is_synopsis {
                        let (l, c) = line_col(text, offset);
                        diags.push(
                            Diagnostic::warning(file, l, c, format!("unknown block class `{class}`; its content is set as ordinary text"))
                                .with_hint("bookpack knows `::: synopsis`"),
                        );
                    }
                    open = Some((offset, is_synopsis));
                }
                (Some(_), false) => {
                    let (l, c) = line_col(text, offset);
                    diags.push(
                        Diagnostic::error(file, l, c, "a `:::` block cannot open inside another")
                            .with_hint("close the open block with a line `:::` first"),
                    );
                    return None;
                }
                (None, true) => {
                    let (l, c) = line_col(text, offset);
                    diags.push(
                        Diagnostic::error(file, l, c, "`:::` closes a block that was never opened")
                            .with_hint("open it with `::: synopsis`, or remove this line"),
                    );
                    return None;
                }
            }
            // Keep the line break so line numbers stay right.
            let body = line.trim_end_matches(['\n', '\r']);
            masked.extend(std::iter::repeat_n(' ', body.len()));
            masked.push_str(&line[body.len()..]);
        } else {
            masked.push_str(line);
        }
        offset += line.len();
    }
    if let Some((start, _)) = open {
        let (l, c) = line_col(text, start);
        diags.push(
            Diagnostic::error(file, l, c, "this `:::` block is never closed")
                .with_hint("end it with a line holding only `:::`"),
        );
        return None;
    }
    Some(Fences { masked, synopsis })
}
