//! The book's structure: what each file is (front, body or back matter,
//! part), how it is numbered and named, and its headings' levels and ids.
//!
//! Runs once the chapter files are parsed, before notes are numbered (note
//! ids carry the chapter's id). Rules, as publishers set books (Chicago
//! Manual of Style, 1.4–1.5): front matter runs until the first chapter,
//! part or prologue; back matter starts with the first acknowledgements,
//! afterword, appendix, glossary, bibliography or colophon after that;
//! a part holds the files after it until the next part or the back matter.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ids::ascii_slug;
use crate::markdown::{NumberSetting, ParsedChapter};
use crate::model::{Block, Chapter, ChapterKind, Inline, Matter, NumberStyle};

/// Where a file sits in the book, decided from the kinds in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub matter: Matter,
    /// The number shown, if any.
    pub number: Option<String>,
    /// Unique in the book; names the EPUB file.
    pub id: String,
    /// Id of the part holding this file.
    pub part: Option<String>,
}

/// Decides matter, numbers, ids and parts for the parsed files, in order.
pub fn plan(chapters: &[&ParsedChapter]) -> Vec<Plan> {
    let body_starts = chapters.iter().position(|c| c.kind.starts_body());
    let mut counters: BTreeMap<&'static str, u32> = BTreeMap::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut back = false;
    let mut part: Option<String> = None;
    let mut out = Vec::with_capacity(chapters.len());
    for (i, c) in chapters.iter().enumerate() {
        let in_body = body_starts.is_none_or(|start| i >= start);
        if in_body && !back && c.kind.starts_back_matter() {
            back = true;
            part = None;
        }
        let matter = match (in_body, back) {
            (false, _) => Matter::Front,
            (true, false) => Matter::Body,
            (true, true) => Matter::Back,
        };
        let number = number_of(c, &mut counters);
        let wanted = match &number {
            Some(n) => format!("{}-{}", c.kind.name(), id_part(n)),
            None if c.kind == ChapterKind::Chapter => {
                let slug = ascii_slug(&Inline::plain_text(&c.title));
                if slug.is_empty() {
                    "chapter".to_string()
                } else {
                    format!("chapter-{slug}")
                }
            }
            None => c.kind.name().to_string(),
        };
        let id = unique(&wanted, &mut used);
        let own_part = if c.kind == ChapterKind::Part {
            part = Some(id.clone());
            None
        } else if matter == Matter::Body {
            part.clone()
        } else {
            None
        };
        out.push(Plan {
            matter,
            number,
            id,
            part: own_part,
        });
    }
    out
}

/// The displayed number of a file, counting files of its kind.
fn number_of(c: &ParsedChapter, counters: &mut BTreeMap<&'static str, u32>) -> Option<String> {
    let style = match (c.kind.numbering(), c.numbered) {
        (_, Some(false)) => return None,
        (Some(style), _) => style,
        // `numbered = true` or a `number` on a kind numbered by nobody else.
        (None, Some(true)) => NumberStyle::Arabic,
        (None, None) if c.number.is_some() => NumberStyle::Arabic,
        (None, None) => return None,
    };
    let count = counters.entry(c.kind.name()).or_insert(0);
    match &c.number {
        Some(NumberSetting::Count(n)) => {
            *count = *n;
            Some(style.format(*n))
        }
        Some(NumberSetting::Text(text)) => {
            *count += 1;
            Some(text.trim().to_string())
        }
        None => {
            *count += 1;
            Some(style.format(*count))
        }
    }
}

/// A number as part of an id: `12` → `12`, `IV` → `iv`.
fn id_part(number: &str) -> String {
    let s = ascii_slug(number);
    if s.is_empty() {
        "x".to_string()
    } else {
        s
    }
}

/// `wanted`, or `wanted-2`, `wanted-3`… — the first not yet in `used`.
fn unique(wanted: &str, used: &mut BTreeSet<String>) -> String {
    let mut id = wanted.to_string();
    let mut n = 1;
    while used.contains(&id) {
        n += 1;
        id = format!("{wanted}-{n}");
    }
    used.insert(id.clone());
    id
}

/// Normalises heading levels so none is skipped: the first heading under
/// the title becomes level 2, and each heading is at most one level below
/// the one it follows (a `####` after a `##` becomes 3). Warns once per
/// file, at the first heading it changes.
pub fn normalise_headings(blocks: &mut [Block], file: &Path, diags: &mut Diagnostics) {
    // (level in the source, level set) of the open headings above this one.
    let mut open: Vec<(u8, u8)> = Vec::new();
    let mut first_change: Option<(crate::model::Span, u8, u8)> = None;
    let mut changed = 0;
    walk_headings(blocks, &mut |level: &mut u8, span| {
        let source = *level;
        while open.last().is_some_and(|(s, _)| *s >= source) {
            open.pop();
        }
        let set = open.last().map_or(2, |(_, l)| l + 1);
        open.push((source, set));
        if set != source {
            changed += 1;
            first_change.get_or_insert((span, source, set));
            *level = set;
        }
    });
    if let Some((span, from, to)) = first_change {
        let hashes = |n: u8| "#".repeat(n as usize);
        let more = if changed > 1 {
            format!(" ({} headings in this file moved)", changed)
        } else {
            String::new()
        };
        diags.push(
            Diagnostic::warning(
                file,
                span.line,
                span.col,
                format!(
                    "heading level {from} (`{}`) skips a level; it is set as level {to} (`{}`){more}",
                    hashes(from),
                    hashes(to)
                ),
            )
            .with_hint("start sections at `##` under the chapter's `#` title and go down one level at a time"),
        );
    }
}

fn walk_headings(blocks: &mut [Block], f: &mut dyn FnMut(&mut u8, crate::model::Span)) {
    walk_heading_ids(blocks, |level, _, _, span| f(level, span));
}

/// `id` made plain for a hint: `fig:box` → `fig-box`.
fn plain_suggestion(id: &str) -> String {
    let mapped: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let trimmed = mapped.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    if trimmed.is_empty() {
        "figure-1".to_string()
    } else {
        trimmed.to_string()
    }
}

/// An id both editions can use as is: an ASCII letter, then ASCII
/// letters, digits, `-`, `_` or `.` (an XML NCName, a PDF name).
pub fn is_plain_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Gives every heading an id unique in the book: its `{#id}` (an error if
/// malformed or taken), else a slug of its text. Ids of chapters, notes
/// and note references are taken first; `paths` are the files as shown in
/// messages, one per chapter.
pub fn heading_ids(chapters: &mut [Chapter], paths: &[&Path], diags: &mut Diagnostics) {
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for c in chapters.iter() {
        taken.insert(c.id.clone(), format!("chapter {}", c.file));
        taken.insert(format!("{}-title", c.id), format!("chapter {}", c.file));
        taken.insert(format!("notes-{}", c.id), "the notes".to_string());
        for n in &c.notes {
            taken.insert(n.id.clone(), format!("note {}", n.number));
            taken.insert(n.ref_id.clone(), format!("note {}", n.number));
        }
        collect_noterefs(c, &mut taken);
    }
    for reserved in [
        "contents",
        "notes",
        "endnotes",
        "toc",
        "toc-title",
        "landmarks",
        "landmarks-title",
        "imprint-title",
    ] {
        taken.insert(reserved.to_string(), "bookpack".to_string());
    }
    // Explicit ids first, so a slug never takes an id the author chose.
    for (c, path) in chapters.iter().zip(paths) {
        let mut each = |_: &mut u8, id: &mut String, _: &[Inline], span: crate::model::Span| {
            if id.is_empty() {
                return;
            }
            let problem = if !is_plain_id(id) {
                Some("is not a plain name".to_string())
            } else {
                taken
                    .get(id.as_str())
                    .map(|by| format!("is already used by {by}"))
            };
            match problem {
                Some(why) => {
                    diags.push(
                        Diagnostic::error(path, span.line, span.col, format!("heading id `{id}` {why}"))
                            .with_hint("give the heading an id unique in the book: a letter, then letters, digits, `-` or `_`, e.g. `{#the-meeting}`"),
                    );
                }
                None => {
                    taken.insert(
                        id.clone(),
                        format!("the heading at {}:{}", path.display(), span.line),
                    );
                }
            }
        };
        let mut blocks = c.blocks.clone();
        walk_heading_ids(&mut blocks, &mut each);
        // A figure's or a table's `{#id}` (pandoc's): the same rules.
        for block in &c.blocks {
            block.walk(&mut |b| {
                let (what, id, span) = match b {
                    Block::Figure {
                        id: Some(id), span, ..
                    } => ("figure", id, span),
                    Block::Table {
                        id: Some(id), span, ..
                    } => ("table", id, span),
                    _ => return,
                };
                let problem = if !is_plain_id(id) {
                    Some("is not a plain name".to_string())
                } else {
                    taken.get(id.as_str()).map(|by| format!("is already used by {by}"))
                };
                match problem {
                    Some(why) => diags.push(
                        Diagnostic::error(path, span.line, span.col, format!("{what} id `{id}` {why}"))
                            .with_hint(format!("give the {what} an id unique in the book: a letter, then letters, digits, `-` or `_` (no `:`), e.g. `{{#{}}}`", plain_suggestion(id))),
                    ),
                    None => {
                        taken.insert(
                            id.clone(),
                            format!("the {what} at {}:{}", path.display(), span.line),
                        );
                    }
                }
            });
        }
    }
    for (c, path) in chapters.iter_mut().zip(paths) {
        walk_heading_ids(&mut c.blocks, |_, id, content, span| {
            if !id.is_empty() {
                return;
            }
            let slug = ascii_slug(&Inline::plain_text(content));
            let slug = slug.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
            let wanted = if slug.is_empty() { "section" } else { slug };
            let mut candidate = wanted.to_string();
            let mut n = 1;
            while taken.contains_key(&candidate) {
                n += 1;
                candidate = format!("{wanted}-{n}");
            }
            taken.insert(
                candidate.clone(),
                format!("the heading at {}:{}", path.display(), span.line),
            );
            *id = candidate;
        });
    }
}

fn collect_noterefs(chapter: &Chapter, taken: &mut BTreeMap<String, String>) {
    fn inlines(list: &[Inline], taken: &mut BTreeMap<String, String>) {
        for i in list {
            match i {
                Inline::NoteRef { id, number, .. } => {
                    taken.insert(id.clone(), format!("note {number}"));
                }
                other => inlines(other.children(), taken),
            }
        }
    }
    fn blocks(list: &[Block], taken: &mut BTreeMap<String, String>) {
        for b in list {
            b.for_each_inlines(&mut |content| inlines(content, taken));
        }
    }
    inlines(&chapter.title, taken);
    blocks(&chapter.synopsis, taken);
    blocks(&chapter.blocks, taken);
    for n in &chapter.notes {
        blocks(&n.blocks, taken);
    }
}

/// The ids of the headings of `blocks`, in reading order: what
/// [`heading_ids`] decided, to give a chapter parsed again the same ids.
pub fn heading_id_list(blocks: &mut [Block]) -> Vec<String> {
    let mut ids = Vec::new();
    walk_heading_ids(blocks, |_, id, _, _| ids.push(id.clone()));
    ids
}

/// Gives the headings of `blocks`, in reading order, the ids `ids`
/// (from [`heading_id_list`]); false, and `blocks` unchanged, when the
/// headings are not as many as the ids (the text is not the one the ids
/// were decided for).
pub fn set_heading_ids(blocks: &mut [Block], ids: &[String]) -> bool {
    let mut count = 0;
    walk_heading_ids(blocks, |_, _, _, _| count += 1);
    if count != ids.len() {
        return false;
    }
    let mut next = ids.iter();
    walk_heading_ids(blocks, |_, id, _, _| {
        id.clone_from(next.next().expect("counted"));
    });
    true
}

/// Calls `f` on every heading of `blocks` (inside quotes, lists and
/// definitions too), in reading order: its level, id, text and position.
fn walk_heading_ids(
    blocks: &mut [Block],
    mut f: impl FnMut(&mut u8, &mut String, &[Inline], crate::model::Span),
) {
    for block in blocks {
        block.walk_mut(&mut |b| {
            if let Block::Heading {
                level,
                id,
                content,
                span,
            } = b
            {
                f(level, id, content, *span);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse_chapter;

    fn parsed(sources: &[&str]) -> Vec<ParsedChapter> {
        let mut diags = Diagnostics::new();
        let out = sources
            .iter()
            .map(|s| parse_chapter(s, Path::new("c.md"), &mut diags).unwrap())
            .collect();
        assert!(diags.is_empty(), "{:?}", diags.items());
        out
    }

    fn fm(kind: &str, extra: &str, title: &str) -> String {
        format!("+++\nkind = \"{kind}\"\n{extra}\n+++\n# {title}\n")
    }

    #[test]
    fn kinds_decide_matter_numbers_ids_and_parts() {
        let sources = [
            fm("dedication", "", "").replace("# \n", "For M.\n"),
            fm("preface", "", "Preface"),
            fm("introduction", "", "Introduction"),
            fm("part", "", "The Rise"),
            fm("chapter", "", "One"),
            fm("chapter", "", "Two"),
            fm("part", "", "The Fall"),
            fm("chapter", "number = 7", "Seven"),
            fm("chapter", "", "Eight"),
            fm("epilogue", "", "After"),
            fm("appendix", "", "Tables"),
            fm("appendix", "", "Maps"),
            fm("chapter", "numbered = false", "A Note on Sources"),
            fm("colophon", "", "Colophon"),
        ];
        let refs: Vec<&str> = sources.iter().map(String::as_str).collect();
        let p = parsed(&refs);
        let plans = plan(&p.iter().collect::<Vec<_>>());
        let got: Vec<(Matter, Option<&str>, &str, Option<&str>)> = plans
            .iter()
            .map(|p| {
                (
                    p.matter,
                    p.number.as_deref(),
                    p.id.as_str(),
                    p.part.as_deref(),
                )
            })
            .collect();
        use Matter::*;
        assert_eq!(
            got,
            vec![
                (Front, None, "dedication", None),
                (Front, None, "preface", None),
                (Front, None, "introduction", None),
                (Body, Some("I"), "part-i", None),
                (Body, Some("1"), "chapter-1", Some("part-i")),
                (Body, Some("2"), "chapter-2", Some("part-i")),
                (Body, Some("II"), "part-ii", None),
                (Body, Some("7"), "chapter-7", Some("part-ii")),
                (Body, Some("8"), "chapter-8", Some("part-ii")),
                (Body, None, "epilogue", Some("part-ii")),
                (Back, Some("A"), "appendix-a", None),
                (Back, Some("B"), "appendix-b", None),
                (Back, None, "chapter-a-note-on-sources", None),
                (Back, None, "colophon", None),
            ]
        );
    }

    #[test]
    fn a_book_of_chapters_keeps_its_numbers_and_ids() {
        let p = parsed(&["+++\nnumber = 12\n+++\n# A\n", "# B\n", "# C\n"]);
        let plans = plan(&p.iter().collect::<Vec<_>>());
        let ids: Vec<&str> = plans.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["chapter-12", "chapter-13", "chapter-14"]);
        assert!(plans.iter().all(|p| p.matter == Matter::Body));
    }

    fn heading_levels(src: &str) -> (Vec<u8>, Vec<String>) {
        let mut diags = Diagnostics::new();
        let mut c = parse_chapter(src, Path::new("c.md"), &mut diags).unwrap();
        normalise_headings(&mut c.blocks, Path::new("c.md"), &mut diags);
        let levels = c
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, .. } => Some(*level),
                _ => None,
            })
            .collect();
        (
            levels,
            diags.items().iter().map(|d| d.to_string()).collect(),
        )
    }

    #[test]
    fn heading_levels_never_skip() {
        let (l, d) = heading_levels("# T\n\n## a\n\n### b\n\n#### c\n\n## d\n");
        assert_eq!(l, [2, 3, 4, 2]);
        assert!(d.is_empty());
        let (l, d) = heading_levels("# T\n\n### a\n\n#### b\n\n### c\n");
        assert_eq!(l, [2, 3, 2]);
        assert_eq!(d.len(), 1, "one warning per file: {d:?}");
        assert!(d[0].starts_with("c.md:3:1: warning: heading level 3 (`###`) skips a level; it is set as level 2 (`##`) (3 headings"), "{d:?}");
        let (l, _) = heading_levels("# T\n\n## a\n\n#### b\n\n### c\n\n## d\n\n###### e\n");
        assert_eq!(l, [2, 3, 3, 2, 3]);
    }
}
