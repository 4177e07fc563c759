//! Where a link's `#fragment` goes in the chapter it names: the ids a
//! chapter has (headings, figures, tables, note references), the title's
//! anchor, the forms of an id a link may use (as written, in NFC,
//! pandoc's, the id from before ids kept every script) and note labels;
//! the warning or error when it is none of them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::for_each_inline_list;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Block, Chapter, Inline, Span};

/// The ids a link may name in `chapter` (the `#id` of `chapter.md#id`):
/// the elements both editions give an id and a place — its headings, its
/// note references, and its figures and tables given a `{#id}`.
pub fn anchors_of(chapter: &Chapter) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for_each_inline_list(chapter, &mut |inlines| {
        collect_anchor_ids(inlines, &mut ids)
    });
    for (_, id, _) in Block::headings(&chapter.blocks) {
        ids.insert(id.to_string());
    }
    ids.extend(figure_and_table_ids(chapter));
    ids
}

/// The ids `{#id}` gave the figures, tables and equations of `chapter`.
fn figure_and_table_ids(chapter: &Chapter) -> Vec<String> {
    let mut ids = Vec::new();
    for block in &chapter.blocks {
        block.walk(&mut |b| {
            if let Block::Figure { id: Some(id), .. }
            | Block::Table { id: Some(id), .. }
            | Block::Equation { id: Some(id), .. }
            | Block::CodeBlock { id: Some(id), .. }
            | Block::Theorem { id: Some(id), .. } = b
            {
                ids.push(id.clone());
            }
        });
    }
    ids
}

fn collect_anchor_ids(inlines: &[Inline], ids: &mut BTreeSet<String>) {
    for inline in inlines {
        match inline {
            Inline::NoteRef { id, .. } => {
                ids.insert(id.clone());
            }
            other => collect_anchor_ids(other.children(), ids),
        }
    }
}

/// Where a link's `#anchor` goes in its chapter, before note labels are
/// looked at (see [`note_anchor`]).
#[derive(Debug, PartialEq)]
pub(super) enum Place {
    /// An id of the chapter (the anchor as written, or the id it names).
    Id(String),
    /// The chapter's start: its title's anchor.
    Start,
    /// An id the heading (`Some`) or the title (`None`) had before ids
    /// kept every script: it resolves, with a warning.
    Former { was: String, is: Option<String> },
}

/// Where `anchor` goes in `target`, tried in this order: the title's
/// anchor, an id of the chapter (both compared in NFC, so a fragment
/// typed decomposed finds its heading), the id pandoc gives a heading or
/// the title (so links written for pandoc resolve: `#maître-dhôtel` for
/// `## Maître d'hôtel`, whose id is `maître-d-hôtel`; only when one
/// heading has it), then an id from before ids kept every script
/// (`former`: `malenkaya-knyaginya`). Anything else is left to
/// [`note_anchor`] (note labels, the error).
pub(super) fn place_of(
    target: &Chapter,
    anchors: &BTreeSet<String>,
    former: Option<&BTreeMap<String, String>>,
    anchor: &str,
) -> Place {
    use crate::ids::{former_heading_slug, heading_slug, nfc, pandoc_slug};
    // As written first: what nearly every link is, without normalising.
    if target.title_anchor.as_deref() == Some(anchor) {
        return Place::Start;
    }
    if anchors.contains(anchor) {
        return Place::Id(anchor.to_string());
    }
    let key = nfc(anchor);
    if target
        .title_anchor
        .as_deref()
        .is_some_and(|t| nfc(t) == key)
    {
        return Place::Start;
    }
    if let Some(id) = anchors.iter().find(|id| nfc(id) == key) {
        return Place::Id(id.clone());
    }
    let headings = Block::headings(&target.blocks);
    // The title's anchor is its slug unless the title has a `{#id}`.
    let title_slugged =
        target.title_anchor.as_deref() == Some(heading_slug(&target.title_text).as_str());
    if title_slugged && pandoc_slug(&target.title_text) == key {
        return Place::Start;
    }
    let by_pandoc: Vec<&str> = headings
        .iter()
        .filter(|(_, _, content)| pandoc_slug(&Inline::plain_text(content)) == key)
        .map(|(_, id, _)| *id)
        .collect();
    if let [id] = by_pandoc[..] {
        return Place::Id(id.to_string());
    }
    if let Some(is) = former.and_then(|f| f.get(&key)) {
        return Place::Former {
            was: key,
            is: Some(is.clone()),
        };
    }
    if title_slugged && former_heading_slug(&target.title_text) == key {
        return Place::Former { was: key, is: None };
    }
    Place::Id(anchor.to_string())
}

/// Warns that the link `dest` names a heading (`title`: the chapter's
/// title) by the id `was` it had before ids kept every script; `now` is
/// its id now, for the link to write.
pub(super) fn former_id_warning(
    dest: &str,
    (was, now, title): (&str, &str, bool),
    (file, span): (&Path, &Span),
    diags: &mut Diagnostics,
) {
    let path = dest.split('#').next().unwrap_or("");
    let hashes = if title { "#" } else { "##" };
    diags.push(
        Diagnostic::warning(
            file,
            span.line,
            span.col,
            format!("link `{dest}` names a heading by the id it had before ids kept its script (`{was}`); its id is `{now}`"),
        )
        .with_hint(format!("link to `{path}#{now}`, or give the heading that id: `{hashes} Title {{#{was}}}`")),
    );
}

/// The id a link's `#anchor` in `target` names, or `None` (an error in
/// `diags`) when it names nothing there. A heading's id is kept; a note
/// reference is named by its note's label, `#noteref-LABEL`, which stays
/// when notes are added before it, or by its number's id (`noteref-4`,
/// what the editions write), which then silently moves to another note:
/// a warning says so.
pub(super) fn note_anchor(
    target: &Chapter,
    anchors: &BTreeSet<String>,
    anchor: String,
    dest: &str,
    (file, span): (&Path, &Span),
    diags: &mut Diagnostics,
) -> Option<String> {
    let by_label = anchor
        .strip_prefix("noteref-")
        .and_then(|label| target.notes.iter().find(|n| n.label == label));
    // Headings, figures and tables: named by the author, not notes.
    let mut named: Vec<String> = Block::headings(&target.blocks)
        .into_iter()
        .map(|(_, id, _)| id.to_string())
        .collect();
    named.extend(figure_and_table_ids(target));
    let headings: Vec<&str> = named.iter().map(String::as_str).collect();
    let is_heading = headings.contains(&anchor.as_str());
    let is_note_ref = anchors.contains(&anchor) && !is_heading;
    let error = |message: String| Diagnostic::error(file, span.line, span.col, message);
    match (is_heading || is_note_ref, by_label) {
        (true, Some(note)) if is_note_ref && note.ref_id != anchor => {
            diags.push(
                error(format!(
                    "link `{dest}`: `{anchor}` is both the reference of note {} and that of note [^{}]",
                    anchor.trim_start_matches("noteref-"),
                    note.label
                ))
                .with_hint("give the note a label that is not a number, and link to `noteref-` and that label"),
            );
            None
        }
        (true, by_label) => {
            if is_note_ref && by_label.is_none() {
                let note = target
                    .notes
                    .iter()
                    .find(|n| anchor == n.ref_id || anchor.starts_with(&format!("{}-", n.ref_id)));
                let hint = match note {
                    Some(n) => format!(
                        "link to the note's label instead: `{}#noteref-{}`",
                        dest.split('#').next().unwrap_or(""),
                        n.label
                    ),
                    None => "link to the note's label instead: `#noteref-LABEL`".to_string(),
                };
                diags.push(
                    Diagnostic::warning(
                        file,
                        span.line,
                        span.col,
                        format!(
                            "link `{dest}` names a note reference by its number, which moves to another note when a note is added before it"
                        ),
                    )
                    .with_hint(hint),
                );
            }
            Some(anchor)
        }
        (false, Some(note)) => Some(note.ref_id.clone()),
        (false, None) => {
            let notes: Vec<String> = target
                .notes
                .iter()
                .take(6)
                .map(|n| format!("noteref-{}", n.label))
                .collect();
            let hint = match (headings.is_empty(), notes.is_empty()) {
                (true, true) => format!(
                    "{file} has no headings below its title: link to the chapter itself as `{file}`, or give a heading that id with `## Title {{#{anchor}}}` (a figure: `![…](…){{#{anchor}}}`)",
                    file = target.file
                ),
                (false, true) => format!("its ids are: {}", headings[..headings.len().min(12)].join(", ")),
                (true, false) => format!("its notes are linked to as: {}", notes.join(", ")),
                (false, false) => format!(
                    "its ids are: {}; its notes are linked to as: {}",
                    headings[..headings.len().min(12)].join(", "),
                    notes.join(", ")
                ),
            };
            diags.push(
                error(format!(
                    "link `{dest}`: {} has no heading, figure, table or note reference with the id `{anchor}`",
                    target.file
                ))
                .with_hint(hint),
            );
            None
        }
    }
}
