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
use super::prose::ParaKind;
use super::words::{is_capitalized, tokens};
use super::{severity_label, ChapterSource, Finding};
use crate::config::{line_col, Config};
use crate::diagnostics::Severity;

/// Headings, chapters, images and notes.
pub fn scan(chapters: &[ChapterSource], findings: &mut Vec<Finding>) {
    let mut titles: BTreeMap<String, (usize, u32)> = BTreeMap::new();
    for (ci, ch) in chapters.iter().enumerate() {
        let at = |offset: usize| line_col(&ch.text, offset);
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
                    if *l == 1 {
                        if let Some(&(_, first)) = titles.get(&text) {
                            findings.push(finding(
                                "duplicate-heading",
                                &ch.path,
                                line,
                                col,
                                format!("another chapter is also titled `{text}` (line {first} of its file)"),
                                Some("give each chapter its own title".into()),
                            ));
                        } else {
                            titles.insert(text.clone(), (ci, line));
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
        if body == 0 {
            let first = ch.prose.paras.first().map_or(0, |p| p.start);
            let (line, col) = at(first);
            findings.push(finding(
                "empty-chapter",
                &ch.path,
                line,
                col,
                "the chapter has no text".into(),
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
        if absent {
            findings.push(finding(
                code,
                toml_path,
                0,
                0,
                format!("book.toml has no `{key}`"),
                Some(format!("add `{key}`: {hint}")),
            ));
        }
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
    for t in tokens(&config.title) {
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
pub fn loader(dir: &Path, chapters: &[ChapterSource], findings: &mut Vec<Finding>) {
    // Only its diagnostics are wanted: the book is loaded as a build
    // loads it, each chapter held as an outline (the same diagnostics).
    let diags = match crate::source::load_book_to_build(dir) {
        Ok((book, mut d)) => {
            // A font the print edition cannot have (a missing file, a
            // family not installed) fails that edition's build, not the
            // loading: said here as the build would say it.
            for unusable in &book.assets.fonts.unusable {
                d.push(unusable.clone());
            }
            d
        }
        Err(crate::diagnostics::Failure(d)) => d,
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
