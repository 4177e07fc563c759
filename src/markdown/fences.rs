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
    /// `::: {lang=fr dir=rtl}` blocks: a passage in another language or
    /// direction, with its language and direction.
    pub(super) passages: Vec<(Range<usize>, Passage)>,
}

/// The language and direction a `:::` block gives its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Passage {
    pub(super) lang: Option<String>,
    pub(super) dir: Option<String>,
}

/// The `lang=… dir=…` attributes of a fence (`{lang=fr}`, `{lang="fr"
/// dir="rtl"}`), or `None` when they are anything else.
fn passage_attributes(attrs: &str) -> Option<Passage> {
    let mut passage = Passage {
        lang: None,
        dir: None,
    };
    for attr in attrs.split_whitespace() {
        let (name, value) = attr.split_once('=')?;
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        match name {
            "lang" if passage.lang.is_none() && super::inlines::is_language_tag(value) => {
                passage.lang = Some(value.to_string())
            }
            "dir" if passage.dir.is_none() && matches!(value, "ltr" | "rtl" | "auto") => {
                passage.dir = Some(value.to_string())
            }
            _ => return None,
        }
    }
    (passage.lang.is_some() || passage.dir.is_some()).then_some(passage)
}

/// The chapter's fences, or (with the error in `diags`) the part of them
/// found before a fence that is wrong, whose closed passages `bookpack
/// check` still uses.
pub(super) fn find_fences(
    text: &str,
    file: &Path,
    diags: &mut Diagnostics,
) -> Result<Fences, Fences> {
    let mut masked = String::with_capacity(text.len());
    let mut synopsis = Vec::new();
    let mut passages = Vec::new();
    // (start offset, is synopsis, the passage it marks)
    let mut open: Option<(usize, bool, Option<Passage>)> = None;
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
                (Some((start, is_synopsis, passage)), true) => {
                    if *is_synopsis {
                        synopsis.push(*start..offset);
                    }
                    if let Some(p) = passage {
                        passages.push((*start..offset, p.clone()));
                    }
                    open = None;
                }
                (None, false) => {
                    let is_synopsis = class == "synopsis";
                    let passage = passage_attributes(class);
                    if !is_synopsis && passage.is_none() {
                        let (l, c) = line_col(text, offset);
                        diags.push(
                            Diagnostic::warning(file, l, c, format!("unknown block class `{class}`; its content is set as ordinary text"))
                                .with_hint("bookpack knows `::: synopsis` and `::: {lang=fr dir=rtl}` (a passage in another language)"),
                        );
                    }
                    open = Some((offset, is_synopsis, passage));
                }
                (Some(_), false) => {
                    let (l, c) = line_col(text, offset);
                    diags.push(
                        Diagnostic::error(file, l, c, "a `:::` block cannot open inside another")
                            .with_hint("close the open block with a line `:::` first"),
                    );
                    return Err(Fences {
                        masked,
                        synopsis,
                        passages,
                    });
                }
                (None, true) => {
                    let (l, c) = line_col(text, offset);
                    diags.push(
                        Diagnostic::error(file, l, c, "`:::` closes a block that was never opened")
                            .with_hint("open it with `::: synopsis`, or remove this line"),
                    );
                    return Err(Fences {
                        masked,
                        synopsis,
                        passages,
                    });
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
    if let Some((start, ..)) = open {
        let (l, c) = line_col(text, start);
        diags.push(
            Diagnostic::error(file, l, c, "this `:::` block is never closed")
                .with_hint("end it with a line holding only `:::`"),
        );
        return Err(Fences {
            masked,
            synopsis,
            passages,
        });
    }
    Ok(Fences {
        masked,
        synopsis,
        passages,
    })
}
