//! Structure and metadata: headings, empty chapters, images without alt
//! text, notes (identical, unreferenced, undefined), links that lead
//! nowhere, and the book.toml fields a catalogue needs.
//!
//! Links and notes are judged by the loader itself (`source::load_book`,
//! with `links.rs` and `notes.rs`): its diagnostics are taken over, each
//! given the code of what stands at its position.

use std::collections::BTreeMap;
use std::path::Path;

use super::codes::finding;
use super::lexicon::Lexicon;
use super::prose::{Para, ParaKind, NOTE_MARK};
use super::words::{is_capitalized, tokens};
use super::{severity_label, ChapterSource, Finding};
use crate::config::{line_col, Config};
use crate::diagnostics::{Diagnostics, Failure, Severity};
use crate::model::Book;

/// Code blocks naming a language no grammar knows: left uncoloured.
pub fn code_languages(chapters: &[ChapterSource], findings: &mut Vec<Finding>) {
    for ch in chapters {
        for (language, offset) in &ch.prose.code_languages {
            if crate::highlight::knows(language) || crate::highlight::is_plain(language) {
                continue;
            }
            let (line, col) = line_col(&ch.text, *offset);
            let suggestion = match crate::highlight::nearest(language) {
                Some(near) => format!("did you mean `{near}`? (README.md, \"Coloured code\")"),
                None => {
                    "name one of the languages in README.md, \"Coloured code\", or `text`".into()
                }
            };
            findings.push(finding(
                "code-language",
                &ch.path,
                line,
                col,
                format!("no grammar knows the language `{language}`: the block is set in black"),
                Some(suggestion),
            ));
        }
    }
}

/// Headings, chapters, images and notes.
/// `works_listed`: the book has a bibliography file, whose works cited the
/// build lists at the end of the bibliography chapter (which may then
/// hold its title alone).
pub fn scan(chapters: &[ChapterSource], works_listed: bool, findings: &mut Vec<Finding>) {
    // Titles by whether they are a part's: a part and one of its chapters
    // (or another chapter) are often named alike, and the contents tells
    // them apart ("Part I: Low Water", "6. Low Water").
    let mut titles: BTreeMap<(bool, String), (usize, u32)> = BTreeMap::new();
    for (ci, ch) in chapters.iter().enumerate() {
        let at = |offset: usize| line_col(&ch.text, offset);
        let part = ch.prose.kind.as_deref() == Some("part");
        let kind = if part { "part" } else { "chapter" };
        let mut level = 1u8;
        let mut seen: BTreeMap<String, u32> = BTreeMap::new();
        let mut body = 0usize;
        for p in &ch.prose.paras {
            match &p.kind {
                ParaKind::Heading(l) => {
                    let (line, col) = at(p.start);
                    let text = p.text.trim().to_string();
                    if *l > level + 1 {
                        findings.push(finding(
                            "heading-skip",
                            &ch.path,
                            line,
                            col,
                            format!("a level-{l} heading after level {level}: a level is skipped"),
                            Some(format!("make it level {}", level + 1)),
                        ));
                    }
                    level = *l;
                    if let Some(finding) = underlined_paragraph(ch, p, &text) {
                        findings.push(finding);
                    }
                    if *l == 1 {
                        if let Some(&(_, first)) = titles.get(&(part, text.clone())) {
                            findings.push(finding(
                                "duplicate-heading",
                                &ch.path,
                                line,
                                col,
                                format!("another {kind} is also titled `{text}` (line {first} of its file)"),
                                Some(format!("give each {kind} its own title")),
                            ));
                        } else {
                            titles.insert((part, text.clone()), (ci, line));
                        }
                    } else if let Some(first) = seen.get(&text) {
                        findings.push(finding(
                            "duplicate-heading",
                            &ch.path,
                            line,
                            col,
                            format!("the heading `{text}` is already at line {first}"),
                            Some("headings name places in the navigation: make them differ".into()),
                        ));
                    } else {
                        seen.insert(text, line);
                    }
                }
                ParaKind::Body | ParaKind::Item => body += 1,
                ParaKind::Note(_) => {}
            }
        }
        // A part's page may hold its title alone (the build sets it so);
        // a dedication's or an epigraph's text is what the page is for.
        // A code block or a figure is text enough (a listing's chapter).
        let figures = ch.prose.references.iter().filter(|r| r.image).count();
        let listed = works_listed && ch.prose.kind.as_deref() == Some("bibliography");
        if body + ch.prose.code_blocks + figures == 0 && !part && !listed {
            let first = ch.prose.paras.first().map_or(0, |p| p.start);
            let (line, col) = at(first);
            let kind = ch.prose.kind.as_deref().unwrap_or("chapter");
            findings.push(finding(
                "empty-chapter",
                &ch.path,
                line,
                col,
                format!("the {kind} has no text"),
                Some("write it, or remove it from `chapters` in book.toml".into()),
            ));
        }
        for r in ch.prose.references.iter().filter(|r| r.image) {
            if r.alt.trim().is_empty() {
                let (line, col) = at(r.offset);
                findings.push(finding(
                    "image-alt",
                    &ch.path,
                    line,
                    col,
                    format!("the image `{}` has no alt text", r.url),
                    Some(
                        "describe it for readers who cannot see it: `![a description](file)`"
                            .into(),
                    ),
                ));
            }
        }
        identical_notes(ch, findings);
    }
}

/// At least this many words make a setext heading's text a sentence.
const SENTENCE_WORDS: usize = 8;
/// At least this many characters make it one.
const SENTENCE_CHARS: usize = 60;

/// A paragraph that a `---` typed right under it (a scene break, meant)
/// turned into a `##` heading (CommonMark's setext heading): said when the
/// heading's text reads as a sentence — it ends with a full stop, comma,
/// semicolon, colon or ellipsis, has many words or characters, or runs
/// over more than one line. A short title underlined (`Section\n-------`)
/// is a heading, and `=====` under text is never a scene break.
fn underlined_paragraph(ch: &ChapterSource, p: &Para, text: &str) -> Option<Finding> {
    let underline = p.underline?;
    if !ch.text[underline..].starts_with('-') {
        return None;
    }
    let end = text.trim_end_matches(['”', '’', '"', '\'', ')', '*', '_', NOTE_MARK]);
    let words = tokens(text).iter().filter(|t| !t.core.is_empty()).count();
    let lines = ch.text[p.start..underline].trim_end().lines().count();
    let sentence = end.ends_with(['.', ',', ';', ':', '…'])
        || words >= SENTENCE_WORDS
        || text.chars().count() >= SENTENCE_CHARS
        || lines > 1;
    if !sentence {
        return None;
    }
    let (line, col) = line_col(&ch.text, underline);
    let shown: String = text.chars().take(40).collect();
    let more = if shown.len() < text.len() { "…" } else { "" };
    Some(finding(
        "underlined-paragraph",
        &ch.path,
        line,
        col,
        format!("this `---` right under a paragraph makes it a heading (`## {shown}{more}`), not a scene break"),
        Some("put a blank line before `---` for a scene break; for a heading, write `## ` before its text".into()),
    ))
}

/// Notes of a chapter with the same text.
fn identical_notes(ch: &ChapterSource, findings: &mut Vec<Finding>) {
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut first_para: BTreeMap<String, usize> = BTreeMap::new();
    for p in &ch.prose.paras {
        if let ParaKind::Note(label) = &p.kind {
            let t = texts.entry(label.clone()).or_default();
            if !t.is_empty() {
                t.push(' ');
            }
            t.push_str(p.text.trim());
            first_para.entry(label.clone()).or_insert(p.start);
        }
    }
    let mut by_text: BTreeMap<&str, &str> = BTreeMap::new();
    // In the order the notes are defined.
    let mut labels: Vec<(&String, &usize)> = first_para.iter().collect();
    labels.sort_by_key(|(_, &o)| o);
    for (label, &offset) in labels {
        let text = texts[label].as_str();
        if let Some(first) = by_text.get(text) {
            let (line, col) = line_col(&ch.text, offset);
            findings.push(finding(
                "identical-notes",
                &ch.path,
                line,
                col,
                format!("note [^{label}] has the same text as note [^{first}]"),
                Some(format!(
                    "if one note glosses both places, refer to [^{first}] twice and drop [^{label}]"
                )),
            ));
        } else {
            by_text.insert(text, label);
        }
    }
}

/// The 1-based line of the first top-level `#key = …` in book.toml (a key
/// commented out, before any `[table]`), if there is one.
fn commented_out_key(toml_text: &str, key: &str) -> Option<u32> {
    for (i, line) in toml_text.lines().enumerate() {
        let line = line.trim_start();
        if line.starts_with('[') {
            return None;
        }
        let Some(rest) = line.strip_prefix('#') else {
            continue;
        };
        let rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix(key) {
            if after.trim_start().starts_with('=') {
                return Some(i as u32 + 1);
            }
        }
    }
    None
}

/// The metadata a catalogue and a reader expect, a date not in the
/// future, and the title spelt as the text spells it.
pub fn metadata(
    config: &Config,
    toml_text: &str,
    toml_path: &Path,
    lex: &Lexicon,
    now: i64,
    findings: &mut Vec<Finding>,
) {
    let missing = [
        ("no-rights", config.rights.is_none(), "rights", "a copyright or licence statement, e.g. `rights = \"Public domain\"`"),
        ("no-description", config.description.is_none(), "description", "a sentence or two for catalogues and reading apps"),
        ("no-identifier", config.identifier.is_none() && config.isbn.ebook.is_none(), "identifier", "an ISBN (`urn:isbn:…`) or a URL; without it a `urn:uuid:` is derived from title and authors"),
    ];
    for (code, absent, key, hint) in missing {
        if !absent {
            continue;
        }
        // `bookpack new` writes these keys commented out: point at the
        // line to uncomment rather than at no line at all.
        let (line, col, hint) = match commented_out_key(toml_text, key) {
            Some(line) => (
                line,
                1,
                format!("uncomment this line and fill it in: {hint}"),
            ),
            None => (0, 0, format!("add `{key}`: {hint}")),
        };
        findings.push(finding(
            code,
            toml_path,
            line,
            col,
            format!("book.toml has no `{key}`"),
            Some(hint),
        ));
    }
    if let Some(date) = &config.date {
        if let Some((y, m, d)) = crate::dates::parse_date(date.get_ref()) {
            let days = crate::dates::days_from_civil(y, m, d);
            let today = now.div_euclid(86_400);
            if days > today {
                let (line, col) = line_col(toml_text, date.span().start);
                findings.push(finding(
                    "future-date",
                    toml_path,
                    line,
                    col,
                    format!(
                        "the date `{}` is in the future (today is {})",
                        date.get_ref(),
                        &crate::dates::iso8601(now)[..10]
                    ),
                    Some("the date the book was published, or leave it out".into()),
                ));
            }
        }
    }
    // Title words spelt otherwise in the text (`Khruschevites`).
    let title_line = toml_text
        .lines()
        .position(|l| l.trim_start().starts_with("title"))
        .map_or(0, |i| i as u32 + 1);
    for t in tokens(config.title.get_ref()) {
        let w = t.core;
        if !t.is_alpha_word() || !is_capitalized(w) || lex.knows(w) || lex.occurrences(w) > 0 {
            continue;
        }
        let near = lex
            .counts
            .iter()
            .filter(|(o, &n)| n >= 2 && is_capitalized(o) && super::spelling::is_misreading(w, o))
            .max_by_key(|(_, &n)| n);
        if let Some((other, n)) = near {
            let col = toml_text
                .lines()
                .nth(title_line.saturating_sub(1) as usize)
                .and_then(|l| l.find(w))
                .map_or(0, |c| c as u32 + 1);
            findings.push(finding(
                "name-variant",
                toml_path,
                title_line,
                col,
                format!("the title has `{w}`; the text writes `{other}` ({n}×)"),
                Some(format!("`{other}`")),
            ));
        }
    }
}

/// The loader's own diagnostics, coded by what stands at their position:
/// a note reference, a note definition, a link; anything else is `build`.
/// `loaded`: the book loaded as a build loads it, each chapter held as an
/// outline (the same diagnostics).
pub fn loader(
    loaded: Result<(Book, Diagnostics), Failure>,
    chapters: &[ChapterSource],
    findings: &mut Vec<Finding>,
) {
    let diags = match loaded {
        Ok((book, mut d)) => {
            // A font the print edition cannot have (a missing file, a
            // family not installed) fails that edition's build, not the
            // loading: said here as the build would say it.
            for unusable in &book.assets.fonts.unusable {
                d.push(unusable.clone());
            }
            d
        }
        Err(Failure(d)) => d,
    };
    // Only the other checks' findings: two of the build's own on one line
    // (two bad entries of a list in book.toml) are both said.
    let others = findings.len();
    for d in diags.items() {
        let same_line = |f: &Finding| f.file == d.file && f.line == d.line && d.line > 0;
        if d.severity == Severity::Error {
            // The build fails here, so `check` must fail too: a check's
            // own warning at this very place (a link that leads nowhere)
            // becomes an error; an error said on the line already stands.
            if let Some(f) = findings[..others]
                .iter_mut()
                .find(|f| same_line(f) && f.column == d.col)
            {
                f.severity = "error";
                continue;
            }
            if findings[..others]
                .iter()
                .any(|f| same_line(f) && f.is_error())
            {
                continue;
            }
        } else if findings[..others]
            .iter()
            .any(|f| same_line(f) && f.column == d.col)
        {
            // Said already by a check of its own (a skipped heading level,
            // …), at this very place: another finding on the line (a
            // doubled word before an unclosed `*`) does not hide it.
            continue;
        }
        let ch = chapters.iter().find(|c| c.path == d.file);
        let at = |offsets: Vec<usize>| {
            ch.is_some_and(|c| {
                offsets.into_iter().any(|o| {
                    let (line, col) = line_col(&c.text, o);
                    line == d.line && (col == d.col || d.col == 0)
                })
            })
        };
        // An undefined reference is left as text by the parser: `[^x]`.
        let undefined = ch.is_some_and(|c| {
            let line = c
                .text
                .lines()
                .nth((d.line as usize).saturating_sub(1))
                .unwrap_or("");
            line.char_indices()
                .nth((d.col as usize).saturating_sub(1))
                .is_some_and(|(i, _)| line[i..].starts_with("[^"))
        });
        let code = if d.severity == Severity::Error && undefined {
            "undefined-note"
        } else if at(ch
            .iter()
            .flat_map(|c| c.prose.note_defs.iter().map(|r| r.1))
            .collect())
        {
            if d.severity == Severity::Error {
                "duplicate-note"
            } else {
                "unreferenced-note"
            }
        } else if d.message.contains("names a note reference by its number") {
            "note-link-by-number"
        } else if d
            .message
            .contains("by the id it had before ids kept its script")
        {
            "link-by-former-id"
        } else if at(ch
            .iter()
            .flat_map(|c| {
                c.prose
                    .references
                    .iter()
                    .filter(|r| !r.image)
                    .map(|r| r.offset)
            })
            .collect())
        {
            "dangling-link"
        } else {
            "build"
        };
        let mut f = finding(
            code,
            &d.file,
            d.line,
            d.col,
            d.message.clone(),
            d.hint.clone(),
        );
        // The build's severity, unless it is only a warning the code
        // ranks higher (a note defined twice fails the build anyway).
        if code == "build" || d.severity == Severity::Error {
            f.severity = severity_label(d.severity);
        }
        findings.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::super::prose::extract;
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn a_commented_out_key_is_found_only_at_the_top_level() {
        let toml = "title = \"T\"\n# rights: say who owns it\n  #rights = \"x\"\n#description=\"d\"\n#identifiers = 1\n[pdf]\n#identifier = \"u\"\n";
        assert_eq!(commented_out_key(toml, "rights"), Some(3));
        assert_eq!(commented_out_key(toml, "description"), Some(4));
        // `#identifiers` is another key; `#identifier` under [pdf] is not
        // the book's.
        assert_eq!(commented_out_key(toml, "identifier"), None);
        assert_eq!(commented_out_key(toml, "title"), None);
    }

    /// `scan`'s findings on chapters given as (file name, Markdown):
    /// (file, line, code, message).
    fn scan_files(files: &[(&str, &str)]) -> Vec<(String, u32, String, String)> {
        let chapters: Vec<ChapterSource> = files
            .iter()
            .map(|(name, text)| ChapterSource {
                path: PathBuf::from(name),
                text: text.to_string(),
                prose: extract(text),
                allowed: BTreeMap::new(),
            })
            .collect();
        let mut findings = Vec::new();
        scan(&chapters, false, &mut findings);
        findings
            .into_iter()
            .map(|f| (f.file.display().to_string(), f.line, f.code, f.message))
            .collect()
    }

    const PART: &str = "+++\nkind = \"part\"\n+++\n\n# Low Water\n";

    #[test]
    fn a_part_may_have_its_title_alone() {
        assert_eq!(scan_files(&[("part.md", PART)]), []);
        // A chapter, a dedication or an epigraph with a title alone is
        // still empty: their text is what the page is for.
        for (text, kind) in [
            ("# One\n", "chapter"),
            (
                "+++\nkind = \"dedication\"\n+++\n\n# For Anna\n",
                "dedication",
            ),
            ("+++\nkind = \"epigraph\"\n+++\n\n# Epigraph\n", "epigraph"),
        ] {
            let found = scan_files(&[("ch.md", text)]);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].2, "empty-chapter");
            assert_eq!(found[0].3, format!("the {kind} has no text"));
        }
        // A listing's chapter, or a plate's, is not empty.
        for text in [
            "# Listing\n\n```rust\nfn main() {}\n```\n",
            "# Plate\n\n![The harbour at dusk](plate.png)\n",
        ] {
            assert_eq!(scan_files(&[("ch.md", text)]), [], "{text}");
        }
    }

    #[test]
    fn a_part_may_share_a_chapters_title_but_not_another_parts() {
        let chapter = "# Low Water\n\nFog lay on the marsh.\n";
        assert_eq!(scan_files(&[("part.md", PART), ("ch.md", chapter)]), []);
        assert_eq!(scan_files(&[("ch.md", chapter), ("part.md", PART)]), []);
        assert_eq!(
            scan_files(&[("a.md", PART), ("b.md", PART)]),
            [(
                "b.md".to_string(),
                5,
                "duplicate-heading".to_string(),
                "another part is also titled `Low Water` (line 5 of its file)".to_string()
            )]
        );
        let found = scan_files(&[("a.md", chapter), ("b.md", chapter)]);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].3,
            "another chapter is also titled `Low Water` (line 1 of its file)"
        );
    }

    #[test]
    fn a_sentence_underlined_by_a_scene_break_is_found_at_the_break() {
        let found = |body: &str| {
            scan_files(&[("ch.md", &format!("# One\n\n{body}\n\nMore text.\n"))])
                .into_iter()
                .filter(|f| f.2 == "underlined-paragraph")
                .map(|f| f.1)
                .collect::<Vec<u32>>()
        };
        // Many words; a full stop; a comma; two lines; in a block quote.
        for body in [
            "She closed the door behind her and did not look back\n---",
            "She left.\n---",
            "And then,\n-----",
            "She left\nthe house\n---",
            "> She closed the door behind her and did not look back\n> ---",
        ] {
            let lines = body.lines().count() as u32;
            assert_eq!(found(body), [2 + lines], "{body}");
        }
        // A heading written as one: a short title, `===` under a sentence,
        // a question, an ATX heading.
        for body in [
            "Section\n-------",
            "The Ferry Landing\n---",
            "What Is to Be Done?\n---",
            "She closed the door behind her and did not look back\n=====",
            "## She closed the door behind her and did not look back.",
            "She left.\n\n---",
        ] {
            assert_eq!(found(body), Vec::<u32>::new(), "{body}");
        }
    }
}
