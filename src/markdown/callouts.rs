//! Callouts: Quarto's `::: {.callout-note title="…"}` fences and GitHub's `> [!NOTE]` alerts read as `Block::Callout`, unknown kinds told with the near one.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Block, CalloutKind, Inline, Span};

/// A `::: {.callout-…}` fence as `fences.rs` finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CalloutFence {
    pub(super) kind: CalloutKind,
    /// The `title="…"` attribute (a theorem's `name="…"`), as written
    /// between its quotes.
    pub(super) title: Option<String>,
    /// A theorem-like fence (`::: {#thm-x}`, `::: {.proof}`): its kind
    /// and id, read by `theorems.rs`; gathered as a callout's blocks are.
    pub(super) theorem: Option<(crate::model::TheoremKind, Option<String>)>,
}

/// Words other tools use for a kind (Obsidian's, Docusaurus's,
/// reStructuredText's admonitions), each pointed at the kind that says
/// the same.
const SYNONYMS: [(&str, CalloutKind); 9] = [
    ("info", CalloutKind::Note),
    ("information", CalloutKind::Note),
    ("remark", CalloutKind::Note),
    ("hint", CalloutKind::Tip),
    ("idea", CalloutKind::Tip),
    ("attention", CalloutKind::Important),
    ("danger", CalloutKind::Caution),
    ("error", CalloutKind::Caution),
    ("bug", CalloutKind::Warning),
];

/// The kind `typed` most likely means (a letter or two off, or another
/// tool's word for it), for a hint's "did you mean".
pub(super) fn near_kind(typed: &str) -> Option<CalloutKind> {
    let lower = typed.to_lowercase();
    if let Some((_, kind)) = SYNONYMS.iter().find(|(word, _)| *word == lower) {
        return Some(*kind);
    }
    let near = crate::diagnostics::nearest(&lower, CalloutKind::ALL.map(CalloutKind::name))?;
    CalloutKind::from_name(near)
}

/// The names of the kinds, for hints: "note, tip, important, warning, caution".
fn kind_names(prefix: &str, suffix: &str) -> String {
    CalloutKind::ALL
        .iter()
        .map(|k| format!("`{prefix}{}{suffix}`", k.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The warning for a callout of unknown kind `typed` (written
/// `written`), whose content is kept as a note's.
fn unknown_kind(
    file: &Path,
    (line, col): (u32, u32),
    written: &str,
    typed: &str,
    (prefix, suffix): (&str, &str),
) -> Diagnostic {
    let hint = match near_kind(typed) {
        Some(kind) => format!(
            "did you mean `{prefix}{}{suffix}`? the kinds are {}",
            kind.name(),
            kind_names(prefix, suffix)
        ),
        None => format!("the kinds are {}", kind_names(prefix, suffix)),
    };
    Diagnostic::warning(
        file,
        line,
        col,
        format!("unknown callout kind `{written}`; its content is set as a note"),
    )
    .with_hint(hint)
}

/// The attributes of a fence's `{…}` (its braces and first dot taken off
/// by the caller), split at spaces outside quotes.
pub(super) fn attribute_words(attrs: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = None;
    let mut quote = None;
    for (i, c) in attrs.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => {
                quote = Some(c);
                start.get_or_insert(i);
            }
            (None, c) if c.is_whitespace() => {
                if let Some(s) = start.take() {
                    words.push(&attrs[s..i]);
                }
            }
            (None, _) => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = start {
        words.push(&attrs[s..]);
    }
    words
}

/// A callout fence's class and attributes (`callout-note`,
/// `{.callout-tip title="Faster"}`, `{.callout-warning collapse="true"}`):
/// `Some` when it names a callout. An unknown kind (`callout-danger`) is a
/// warning at `at` (the fence's line and the column of its first letter
/// in `line`) and a note; an attribute bookpack does not read is one too.
pub(super) fn fence(
    class: &str,
    line: &str,
    at: (u32, u32),
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<CalloutFence> {
    let words = attribute_words(class);
    let named = words.iter().position(|w| {
        let w = w.trim_start_matches('.');
        w == "callout" || w.starts_with("callout-")
    })?;
    let column =
        |word: &str| at.1 + line.find(word).map_or(0, |i| line[..i].chars().count()) as u32;
    let name = words[named].trim_start_matches('.');
    let kind = match name.strip_prefix("callout-") {
        // Quarto's `.callout` alone is a note.
        None => CalloutKind::Note,
        Some(typed) => CalloutKind::from_name(&typed.to_lowercase()).unwrap_or_else(|| {
            diags.push(unknown_kind(
                file,
                (at.0, column(name)),
                name,
                typed,
                ("callout-", ""),
            ));
            CalloutKind::Note
        }),
    };
    let mut title = None;
    for (k, word) in words.iter().enumerate() {
        if k == named {
            continue;
        }
        let (key, value) = attribute(word);
        match key {
            "title" if title.is_none() => title = Some(value.to_string()),
            // How a web page shows it (folded, its icon, its look), and
            // Quarto's id for cross-references: nothing a book sets.
            "collapse" | "icon" | "appearance" => {}
            k if k.starts_with('#') => {}
            _ => diags.push(
                Diagnostic::warning(
                    file,
                    at.0,
                    column(word),
                    format!("`{word}` is not read on a callout; it is left out"),
                )
                .with_hint("a callout takes its kind (`.callout-note`) and `title=\"…\"`"),
            ),
        }
    }
    Some(CalloutFence {
        kind,
        title,
        theorem: None,
    })
}

/// A block quote opening with an alert GitHub does not know (`> [!DANGER]`
/// alone on its first line, which pulldown-cmark leaves as the quote's
/// text): the word in its brackets and how far into the source the
/// marker ends. `source` is the quote's source from its `>` on.
pub(super) fn unknown_alert(source: &str) -> Option<&str> {
    let first = source.lines().next()?;
    let rest = first.trim_start().strip_prefix('>')?.trim();
    let word = rest.strip_prefix("[!")?.strip_suffix(']')?;
    (!word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic())).then_some(word)
}

/// The block quote `blocks` (at `span`, opening with the unknown alert
/// `[!word]`) as a note callout: the marker taken out of its first
/// paragraph, a warning said.
pub(super) fn alert_as_note(
    mut blocks: Vec<Block>,
    word: &str,
    span: Span,
    file: &Path,
    diags: &mut Diagnostics,
) -> Block {
    let written = format!("[!{word}]");
    diags.push(unknown_kind(
        file,
        (span.line, span.col + 2),
        &written,
        word,
        ("[!", "]"),
    ));
    if let Some(Block::Paragraph { content, .. }) = blocks.first_mut() {
        if let Some(Inline::Text { text }) = content.first_mut() {
            if let Some(rest) = text.strip_prefix(&written) {
                *text = rest.trim_start().to_string();
                if text.is_empty() {
                    content.remove(0);
                }
            }
        }
        if content.is_empty() {
            blocks.remove(0);
        }
    }
    Block::Callout {
        kind: CalloutKind::Note,
        title: Vec::new(),
        blocks,
        span,
    }
}

/// pulldown-cmark's alert kind as the model's.
pub(super) fn alert_kind(kind: pulldown_cmark::BlockQuoteKind) -> CalloutKind {
    use pulldown_cmark::BlockQuoteKind as K;
    match kind {
        K::Note => CalloutKind::Note,
        K::Tip => CalloutKind::Tip,
        K::Important => CalloutKind::Important,
        K::Warning => CalloutKind::Warning,
        K::Caution => CalloutKind::Caution,
    }
}

/// The callouts (by index in `fences`) whose fences hold the block at
/// `offset`, outermost first: those around it, as `:::` fences nest.
pub(super) fn containing(
    fences: &[(std::ops::Range<usize>, CalloutFence)],
    offset: usize,
) -> Vec<usize> {
    let mut around: Vec<usize> = (0..fences.len())
        .filter(|&k| fences[k].0.contains(&offset))
        .collect();
    // An outer fence opens before the ones inside it.
    around.sort_by_key(|&k| fences[k].0.start);
    around
}

/// A fenced callout's blocks under its title: the `title` attribute's
/// inlines, else (Quarto's rule) its first block when that is a heading,
/// which is then its title and no section of the chapter.
pub(super) fn titled(
    fence: &CalloutFence,
    title: Vec<Inline>,
    mut blocks: Vec<Block>,
    span: Span,
) -> Block {
    let title = match blocks.first() {
        Some(Block::Heading { .. }) if title.is_empty() => match blocks.remove(0) {
            Block::Heading { content, .. } => content,
            _ => unreachable!("matched a heading"),
        },
        _ => title,
    };
    match &fence.theorem {
        // Quarto's theorem takes its name as a callout its title.
        Some((kind, id)) => Block::Theorem {
            kind: *kind,
            id: id.clone(),
            name: title,
            label: None,
            blocks,
            span,
        },
        None => Block::Callout {
            kind: fence.kind,
            title,
            blocks,
            span,
        },
    }
}

/// A fence's `key="value"` (or `key='value'`, `key=value`, `key`) as
/// the key and the value without its quotes.
pub(super) fn attribute(word: &str) -> (&str, &str) {
    let (key, value) = word.split_once('=').unwrap_or((word, ""));
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value);
    (key, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_split_outside_quotes() {
        assert_eq!(
            attribute_words(r#"callout-tip title="Go faster" collapse='true'"#),
            vec!["callout-tip", r#"title="Go faster""#, "collapse='true'"]
        );
    }

    #[test]
    fn near_kinds_come_from_spelling_and_other_tools_words() {
        assert_eq!(near_kind("warnin"), Some(CalloutKind::Warning));
        assert_eq!(near_kind("Danger"), Some(CalloutKind::Caution));
        assert_eq!(near_kind("info"), Some(CalloutKind::Note));
        assert_eq!(near_kind("xyzzy"), None);
    }

    #[test]
    fn unknown_alerts_are_found_only_alone_on_the_first_line() {
        assert_eq!(unknown_alert("> [!DANGER]\n> text"), Some("DANGER"));
        assert_eq!(unknown_alert("> [!DANGER] text"), None);
        assert_eq!(unknown_alert("> text [!DANGER]"), None);
        assert_eq!(unknown_alert("> [!]\n"), None);
    }
}
