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
use crate::ids::{ascii_slug, former_heading_slug, heading_slug, is_element_id, nfc};
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
    let mut counters: BTreeMap<&'static str, Count> = BTreeMap::new();
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
                // An ASCII slug: the id names the chapter's EPUB file.
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

/// A kind's count so far, and the style a number written as text set for
/// the files after it (`number = "IV"` goes on V, VI…).
#[derive(Default)]
struct Count {
    n: u32,
    written: Option<(NumberStyle, bool)>,
}

/// The displayed number of a file, counting files of its kind. A number
/// written as text that reads as a number (`"IV"`, `"iv"`, `"12"`, `"C"`)
/// sets the count, and the files after it go on from it in its style: a
/// reader takes "IV" followed by "Chapter 2" for a mistake. Text that
/// reads as none (`"12a"`, `"Coda"`) is shown as written and counts for
/// nothing, so the next file takes the number after the last counted one.
fn number_of(c: &ParsedChapter, counters: &mut BTreeMap<&'static str, Count>) -> Option<String> {
    let style = match (c.kind.numbering(), c.numbered) {
        (_, Some(false)) => return None,
        (Some(style), _) => style,
        // `numbered = true` or a `number` on a kind numbered by nobody else.
        (None, Some(true)) => NumberStyle::Arabic,
        (None, None) if c.number.is_some() => NumberStyle::Arabic,
        (None, None) => return None,
    };
    let count = counters.entry(c.kind.name()).or_default();
    match &c.number {
        Some(NumberSetting::Count(n)) => {
            count.n = *n;
            count.written = None;
            Some(style.format(*n))
        }
        Some(NumberSetting::Text(text)) => {
            let text = text.trim();
            if let Some((n, written, lower)) = read_number(text, style) {
                count.n = n;
                count.written = Some((written, lower));
            }
            Some(text.to_string())
        }
        None => {
            count.n += 1;
            Some(match count.written {
                Some((written, lower)) => {
                    let shown = written.format(count.n);
                    if lower {
                        shown.to_lowercase()
                    } else {
                        shown
                    }
                }
                None => style.format(count.n),
            })
        }
    }
}

/// A number written as text, read: its value, its style and whether it is
/// in lower case. Digits are arabic; a canonical roman numeral (`IV`, not
/// `IIII`) is roman, unless the kind counts in letters and the text is one
/// letter (appendix `C` is the third, not the hundredth); one or two
/// letters are letters. Anything else is not a number.
fn read_number(text: &str, kind_style: NumberStyle) -> Option<(u32, NumberStyle, bool)> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        let n: u32 = text.parse().ok()?;
        return (n > 0).then_some((n, NumberStyle::Arabic, false));
    }
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let lower = text.bytes().all(|b| b.is_ascii_lowercase());
    if !lower && !text.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let upper = text.to_ascii_uppercase();
    let as_letters = || {
        let n = upper
            .bytes()
            .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1));
        (n, NumberStyle::Letter, lower)
    };
    if kind_style == NumberStyle::Letter && upper.len() == 1 {
        return Some(as_letters());
    }
    if let Some(n) = roman_value(&upper) {
        return Some((n, NumberStyle::Roman, lower));
    }
    (upper.len() <= 2).then(as_letters)
}

/// The value of a roman numeral in its canonical form (what
/// [`crate::model::roman`] writes), else `None`.
fn roman_value(text: &str) -> Option<u32> {
    let digit = |c: u8| match c {
        b'I' => Some(1),
        b'V' => Some(5),
        b'X' => Some(10),
        b'L' => Some(50),
        b'C' => Some(100),
        b'D' => Some(500),
        b'M' => Some(1000),
        _ => None,
    };
    let values: Vec<i64> = text.bytes().map(digit).collect::<Option<_>>()?;
    // A digit before a larger one is taken away (IV = 5 - 1); the
    // canonical-form check below rejects IIV, VX and the like.
    let mut total: i64 = 0;
    for (i, &v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&next| next > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    let n = u32::try_from(total).ok()?;
    (n > 0 && crate::model::roman(n) == text).then_some(n)
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
    let id = first_free(wanted, |id| used.contains(id));
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

/// `id` made an id for a hint: `fig:box` → `fig-box`.
fn id_suggestion(id: &str) -> String {
    let slug = heading_slug(id);
    if slug.is_empty() {
        "figure-1".to_string()
    } else {
        slug
    }
}

/// By chapter, the ids headings had before ids kept every script, each
/// with the id it names now (`malenkaya-knyaginya` → `маленькая-княгиня`,
/// `section-2` → `第一章`), where the two differ: links written then still
/// resolve (see `links.rs`).
pub type FormerIds = Vec<BTreeMap<String, String>>;

/// Gives every heading an id unique in the book: its `{#id}` (an error if
/// malformed or taken), else [`heading_slug`] of its text (`section` when
/// that is empty), then `-2`, `-3`… while taken. Ids of chapters, notes
/// and note references are taken first; `paths` are the files as shown in
/// messages, one per chapter. Ids are unique in NFC, the form links are
/// compared in. Returns the ids the headings had before (see
/// [`FormerIds`]).
pub fn heading_ids(
    chapters: &mut [Chapter],
    paths: &[&Path],
    diags: &mut Diagnostics,
) -> FormerIds {
    let mut taken = bookpack_ids(chapters);
    let bookpacks: std::collections::BTreeSet<String> = taken.keys().cloned().collect();
    // Explicit ids first, so a slug never takes an id the author chose;
    // in each chapter the headings', then the figures' and tables'.
    for (c, path) in chapters.iter().zip(paths) {
        for headings in [true, false] {
            for block in &c.blocks {
                block.walk(&mut |b| {
                    let (what, id, span) = match b {
                        Block::Heading { id, span, .. } if headings && !id.is_empty() => {
                            ("heading", id, span)
                        }
                        // A figure's or a table's `{#id}` (pandoc's): the same rules.
                        Block::Figure {
                            id: Some(id), span, ..
                        } if !headings => ("figure", id, span),
                        Block::Table {
                            id: Some(id), span, ..
                        } if !headings => ("table", id, span),
                        Block::Equation {
                            id: Some(id), span, ..
                        } if !headings => ("equation", id, span),
                        Block::CodeBlock {
                            id: Some(id), span, ..
                        } if !headings => ("listing", id, span),
                        Block::Theorem {
                            kind,
                            id: Some(id),
                            span,
                            ..
                        } if !headings => (kind.name(), id, span),
                        _ => return,
                    };
                    take_explicit(what, id, (path, *span), &mut taken, diags);
                });
            }
        }
    }
    // The ids the authors chose, and where: a heading whose own id one of
    // them takes gets `-2`, which links written for it no longer reach.
    let explicit: BTreeMap<String, String> = taken
        .iter()
        .filter(|(id, _)| !bookpacks.contains(*id))
        .map(|(id, by)| (id.clone(), by.clone()))
        .collect();
    let former = slug_ids(
        chapters,
        paths,
        &mut taken.clone(),
        former_heading_slug,
        &mut |_, _, _, _| {},
    );
    let now = slug_ids(
        chapters,
        paths,
        &mut taken,
        heading_slug,
        &mut |wanted, got, path, span| {
            if let Some(by) = explicit.get(wanted) {
                diags.push(
                    Diagnostic::warning(
                        path,
                        span.line,
                        span.col,
                        format!("this heading's id would be `{wanted}`, which {by} has as its `{{#{wanted}}}`: it is `{got}`, and a link to `#{wanted}` goes to that {}", by.split(' ').nth(1).unwrap_or("heading")),
                    )
                    .with_hint(format!("give one of the two another id, e.g. `{{#{got}}}` here or another `{{#…}}` there, and check the links to `#{wanted}`")),
                );
            }
        },
    );
    chapters
        .iter_mut()
        .zip(now.into_iter().zip(former))
        .map(|(c, (now, former))| {
            let mut given = now.iter();
            walk_heading_ids(&mut c.blocks, |_, id, _, _| {
                // `slug_ids` gave these headings their ids in this order.
                if id.is_empty() {
                    if let Some(next) = given.next() {
                        id.clone_from(next);
                    }
                }
            });
            former
                .into_iter()
                .zip(now)
                .filter(|(was, is)| was != is)
                .collect()
        })
        .collect()
}

/// The ids bookpack gives (chapters, notes, note references, the
/// navigation's), each with what holds it: no heading may take them.
fn bookpack_ids(chapters: &[Chapter]) -> BTreeMap<String, String> {
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for c in chapters {
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
        // The lists of figures and tables (`lists.rs`).
        "loi",
        "loi-title",
        "lot",
        "lot-title",
    ] {
        taken.insert(reserved.to_string(), "bookpack".to_string());
    }
    taken
}

/// Takes the `{#id}` the author gave a heading, figure, table or
/// equation (`what`),
/// or says at `span` why it cannot be had: not an id
/// ([`is_element_id`]), or taken (compared in NFC).
fn take_explicit(
    what: &str,
    id: &str,
    (path, span): (&Path, crate::model::Span),
    taken: &mut BTreeMap<String, String>,
    diags: &mut Diagnostics,
) {
    let key = nfc(id);
    let problem = if !is_element_id(id) {
        Some("is not a plain name".to_string())
    } else {
        taken.get(&key).map(|by| format!("is already used by {by}"))
    };
    match problem {
        Some(why) => {
            let example = if what == "heading" {
                "the-meeting".to_string()
            } else {
                id_suggestion(id)
            };
            diags.push(
                Diagnostic::error(path, span.line, span.col, format!("{what} id `{id}` {why}"))
                    .with_hint(format!("give the {what} an id unique in the book: a letter, then letters, digits, `-` or `_` (no `:`), in any script, e.g. `{{#{example}}}`")),
            );
        }
        None => {
            taken.insert(
                key,
                format!("the {what} at {}:{}", path.display(), span.line),
            );
        }
    }
}

/// The ids `slug` gives the headings without one, by chapter in reading
/// order: `slug` of the text, else `section`, then `-2`, `-3`… while in
/// `taken`, where each goes.
fn slug_ids(
    chapters: &[Chapter],
    paths: &[&Path],
    taken: &mut BTreeMap<String, String>,
    slug: fn(&str) -> String,
    displaced: &mut dyn FnMut(&str, &str, &Path, crate::model::Span),
) -> Vec<Vec<String>> {
    chapters
        .iter()
        .zip(paths)
        .map(|(c, path)| {
            let mut ids = Vec::new();
            for block in &c.blocks {
                block.walk(&mut |b| {
                    let Block::Heading {
                        id, content, span, ..
                    } = b
                    else {
                        return;
                    };
                    if !id.is_empty() {
                        return;
                    }
                    let slug = slug(&Inline::plain_text(content));
                    let wanted = if slug.is_empty() { "section" } else { &slug };
                    let id = first_free(wanted, |id| taken.contains_key(id));
                    if id != wanted {
                        displaced(wanted, &id, path, *span);
                    }
                    taken.insert(
                        id.clone(),
                        format!("the heading at {}:{}", path.display(), span.line),
                    );
                    ids.push(id);
                });
            }
            ids
        })
        .collect()
}

/// Every id the book holds once headings have theirs: what bookpack
/// gives (chapters, notes, note references, the navigation's) and what
/// headings, figures, tables and equations have, in NFC — none of which an id given
/// now may take.
pub fn ids_in_use(chapters: &[Chapter]) -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = bookpack_ids(chapters).into_keys().collect();
    for c in chapters {
        let notes = c.notes.iter().flat_map(|n| &n.blocks);
        for block in c.blocks.iter().chain(notes) {
            block.walk(&mut |b| match b {
                Block::Heading { id, .. }
                | Block::Figure { id: Some(id), .. }
                | Block::Table { id: Some(id), .. }
                | Block::Equation { id: Some(id), .. }
                | Block::CodeBlock { id: Some(id), .. }
                | Block::Theorem { id: Some(id), .. } => {
                    ids.insert(nfc(id));
                }
                Block::Bibliography { entries, .. } => {
                    ids.extend(entries.iter().map(|e| nfc(&e.id)));
                }
                _ => {}
            });
        }
    }
    ids
}

/// `wanted`, or `wanted-2`, `wanted-3`… — the first that is not `taken`.
pub(crate) fn first_free(wanted: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut id = wanted.to_string();
    let mut n = 1;
    while taken(&id) {
        n += 1;
        id = format!("{wanted}-{n}");
    }
    id
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

    /// The numbers `plan` shows for files of `kind` with the given front
    /// matter lines, in order.
    fn numbers_of(kind: &str, settings: &[&str]) -> Vec<Option<String>> {
        let sources: Vec<String> = settings.iter().map(|x| fm(kind, x, "T")).collect();
        let refs: Vec<&str> = sources.iter().map(String::as_str).collect();
        let p = parsed(&refs);
        plan(&p.iter().collect::<Vec<_>>())
            .into_iter()
            .map(|p| p.number)
            .collect()
    }

    #[test]
    fn files_after_a_number_written_as_text_go_on_from_it_in_its_style() {
        // (kind, each file's front matter line, the numbers shown)
        type Case<'a> = (&'a str, &'a [&'a str], &'a [Option<&'a str>]);
        let cases: &[Case] = &[
            // The reviewer's book: "IV" then "Chapter 2" read as a mistake.
            (
                "chapter",
                &[
                    "numbered = false",
                    "number = \"IV\"",
                    "",
                    "numbered = false",
                    "",
                ],
                &[None, Some("IV"), Some("V"), None, Some("VI")],
            ),
            (
                "chapter",
                &["number = \"xii\"", ""],
                &[Some("xii"), Some("xiii")],
            ),
            (
                "chapter",
                &["", "number = \"12\"", ""],
                &[Some("1"), Some("12"), Some("13")],
            ),
            // Text that is no number is shown and not counted.
            (
                "chapter",
                &["", "", "number = \"2a\"", ""],
                &[Some("1"), Some("2"), Some("2a"), Some("3")],
            ),
            ("chapter", &["number = \"B\"", ""], &[Some("B"), Some("C")]),
            // A number given as a number returns to the kind's own style.
            (
                "chapter",
                &["number = \"IV\"", "number = 9", ""],
                &[Some("IV"), Some("9"), Some("10")],
            ),
            // Appendix C is the third, not the hundredth.
            ("appendix", &["number = \"C\"", ""], &[Some("C"), Some("D")]),
            (
                "appendix",
                &["number = \"IV\"", ""],
                &[Some("IV"), Some("V")],
            ),
            ("part", &["number = \"3\"", ""], &[Some("3"), Some("4")]),
            // Not canonical roman numerals, nor one case: as written, not counted.
            (
                "chapter",
                &["number = \"IIII\"", ""],
                &[Some("IIII"), Some("1")],
            ),
            (
                "chapter",
                &["number = \"Iv\"", ""],
                &[Some("Iv"), Some("1")],
            ),
        ];
        for (kind, settings, expected) in cases {
            let expected: Vec<Option<String>> =
                expected.iter().map(|n| n.map(str::to_string)).collect();
            assert_eq!(numbers_of(kind, settings), expected, "{kind} {settings:?}");
        }
    }

    #[test]
    fn roman_numerals_are_read_only_in_their_canonical_form() {
        for n in 1..=3999 {
            assert_eq!(roman_value(&crate::model::roman(n)), Some(n));
        }
        for text in ["IIV", "VX", "IL", "MCMC", "", "VV", "XXXX"] {
            assert_eq!(roman_value(text), None, "{text}");
        }
    }

    /// A chapter `id` whose headings are `(text, {#id} or "")`.
    fn with_headings(id: &str, headings: &[(&str, &str)]) -> Chapter {
        Chapter {
            id: id.into(),
            file: format!("{id}.md"),
            blocks: headings
                .iter()
                .enumerate()
                .map(|(i, (text, id))| Block::Heading {
                    level: 2,
                    id: id.to_string(),
                    content: vec![Inline::Text {
                        text: text.to_string(),
                    }],
                    span: crate::model::Span {
                        line: 3 + 2 * i as u32,
                        col: 1,
                    },
                })
                .collect(),
            ..Default::default()
        }
    }

    /// Ids decided for `chapters`: by chapter, the headings' ids, the
    /// former ids that differ, and the messages.
    fn decide(chapters: &mut [Chapter]) -> (Vec<Vec<String>>, FormerIds, Vec<String>) {
        let paths: Vec<std::path::PathBuf> =
            chapters.iter().map(|c| c.file.clone().into()).collect();
        let paths: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
        let mut diags = Diagnostics::new();
        let former = heading_ids(chapters, &paths, &mut diags);
        let ids = chapters
            .iter_mut()
            .map(|c| heading_id_list(&mut c.blocks))
            .collect();
        (
            ids,
            former,
            diags.items().iter().map(|d| d.to_string()).collect(),
        )
    }

    #[test]
    fn headings_in_any_script_get_unique_ids_and_keep_their_former_ones() {
        let mut chapters = [
            with_headings(
                "chapter-1",
                &[
                    ("第一章", ""),
                    ("第一章", ""),
                    ("❦", ""),
                    ("Rag paper", ""),
                    ("Preface", "rag-paper-2"),
                ],
            ),
            with_headings(
                "chapter-2",
                &[
                    ("Маленькая княгиня", ""),
                    ("第一章", ""),
                    ("chapter 1", ""),
                    ("Итоги", "итоги"),
                ],
            ),
        ];
        let (ids, former, messages) = decide(&mut chapters);
        assert!(messages.is_empty(), "{messages:?}");
        assert_eq!(
            ids,
            [
                // `rag-paper-2` is the author's, so a slug never takes it.
                vec!["第一章", "第一章-2", "section", "rag-paper", "rag-paper-2"],
                // `chapter-1` is the first chapter's id.
                vec!["маленькая-княгиня", "第一章-3", "chapter-1-2", "итоги"],
            ]
        );
        // Before, the Han headings were `section`, `section-2`…, the
        // Cyrillic one romanised; ASCII ones were as they are.
        let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert_eq!(
            former,
            [
                map(&[
                    ("section", "第一章"),
                    ("section-2", "第一章-2"),
                    ("section-3", "section")
                ]),
                map(&[
                    ("malenkaya-knyaginya", "маленькая-княгиня"),
                    ("section-4", "第一章-3")
                ]),
            ]
        );
    }

    #[test]
    fn a_heading_id_may_be_in_any_script_but_must_be_a_name_unique_in_nfc() {
        let mut chapters = [with_headings(
            "chapter-1",
            &[
                ("A", "第一章"),
                ("B", "Cafe\u{301}"),
                ("C", "Caf\u{e9}"),
                ("D", "1abc"),
                ("E", "a b"),
            ],
        )];
        let (_, _, messages) = decide(&mut chapters);
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("chapter-1.md:7:1: error: heading id `Café` is already used by the heading at chapter-1.md:5"), "{messages:?}");
        assert!(
            messages[1]
                .starts_with("chapter-1.md:9:1: error: heading id `1abc` is not a plain name"),
            "{messages:?}"
        );
        assert!(messages[1].contains("in any script"), "{messages:?}");
        assert!(
            messages[2]
                .starts_with("chapter-1.md:11:1: error: heading id `a b` is not a plain name"),
            "{messages:?}"
        );
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
