//! Reading the raw text: its non-blank lines with their positions, the
//! `Notes` section's definitions, UTF-8 decoding with a located error.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Failure};

/// One non-blank line of the raw text, trimmed, with its 1-based line number.
#[derive(Debug, Clone)]
pub(super) struct RawLine<'a> {
    pub(super) line: u32,
    /// Column (1-based, in characters) where `text` starts in the raw line.
    pub(super) col: u32,
    pub(super) text: &'a str,
}

/// A note definition from the `Notes` section.
#[derive(Debug)]
pub(super) struct NoteDef<'a> {
    pub(super) number: u32,
    pub(super) line: u32,
    pub(super) col: u32,
    pub(super) text: &'a str,
}

/// Decodes UTF-8, or reports the first bad byte as `file:line:col`.
pub(super) fn decode_utf8<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str, Failure> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        // The valid prefix is UTF-8 by definition, so this cannot fail.
        let good = std::str::from_utf8(good).unwrap_or_default();
        // Same line:col convention (characters, 1-based) as the book loader.
        let (line, col) = crate::config::line_col(good, good.len());
        Failure::single(
            Diagnostic::error(
                path,
                line,
                col,
                format!("not valid UTF-8 (byte 0x{:02X})", bytes[e.valid_up_to()]),
            )
            .with_hint("convert the file to UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`"),
        )
    })
}

pub(super) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The non-blank lines, trimmed. A line of only spaces or no-break spaces
/// (the scraped page's spacer) counts as blank.
pub(super) fn non_blank_lines(raw: &str) -> Vec<RawLine<'_>> {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    raw.split('\n')
        .enumerate()
        .filter_map(|(i, line)| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let text = line.trim();
            if text.is_empty() {
                return None;
            }
            let lead = &line[..line.len() - line.trim_start().len()];
            Some(RawLine {
                line: to_u32(i + 1),
                col: to_u32(lead.chars().count() + 1),
                text,
            })
        })
        .collect()
}

/// `Notes`, as the scraped pages head their note list (also `NOTES`, `Notes:`).
pub(super) fn is_notes_heading(line: &str) -> bool {
    line.strip_suffix(':')
        .unwrap_or(line)
        .eq_ignore_ascii_case("notes")
}

/// The decimal number at the start of `s`, if any.
pub(super) fn leading_number(s: &str) -> Option<u32> {
    let digits: &str = &s[..s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len())];
    digits.parse().ok()
}

/// Parses `N. text` note definitions, numbered 1, 2, … without gaps.
pub(super) fn parse_notes<'a>(
    lines: &[RawLine<'a>],
    path: &Path,
) -> Result<Vec<NoteDef<'a>>, Failure> {
    let mut defs: Vec<NoteDef> = Vec::new();
    for l in lines {
        let digits = l
            .text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(l.text.len());
        let n = if digits > 0 && l.text[digits..].starts_with('.') {
            l.text[..digits].parse::<u32>().ok()
        } else {
            None
        };
        let Some(n) = n else {
            return Err(Failure::single(
                Diagnostic::error(path, l.line, l.col, "expected a numbered note (`N. text`) in the Notes section")
                    .with_hint("every line after `Notes` must be one note; join a note's continuation lines into one"),
            ));
        };
        let expected = defs.last().map_or(1, |d| d.number + 1);
        if n != expected {
            return Err(Failure::single(
                Diagnostic::error(path, l.line, l.col, format!("note {n} found where note {expected} was expected (numbering gap)"))
                    .with_hint("notes must be numbered 1, 2, 3, … in order; restore the missing note or fix the number"),
            ));
        }
        let text = l.text[digits + 1..].trim();
        if text.is_empty() {
            return Err(Failure::single(Diagnostic::error(
                path,
                l.line,
                l.col,
                format!("note {n} has no text"),
            )));
        }
        defs.push(NoteDef {
            number: n,
            line: l.line,
            col: l.col,
            text,
        });
    }
    Ok(defs)
}
