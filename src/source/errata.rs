//! The errata file: a Markdown table of `Original` and `Corrected` columns read into the book's list of corrections, with located messages.

use std::fs;
use std::path::Path;

use super::{decode_utf8, safe_join};
use crate::config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Erratum;

pub(super) fn load_errata(
    dir: &Path,
    file: &toml::Spanned<String>,
    toml_text: &str,
    toml_path: &Path,
    diags: &mut Diagnostics,
) -> Vec<Erratum> {
    let (line, col) = config::line_col(toml_text, file.span().start);
    let path = match safe_join(dir, file.get_ref()) {
        Ok(p) => p,
        Err(why) => {
            diags.push(Diagnostic::error(
                toml_path,
                line,
                col,
                format!("errata {:?} {why}", file.get_ref()),
            ));
            return Vec::new();
        }
    };
    let text = match fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|b| decode_utf8(&b, &path).map_err(|d| d.message))
    {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(
                toml_path,
                line,
                col,
                format!("cannot read errata {:?}: {e}", file.get_ref()),
            ));
            return Vec::new();
        }
    };
    let errata = parse_errata(&text);
    if errata.is_empty() {
        diags.push(
            Diagnostic::warning(&path, 0, 0, "no corrections found")
                .with_hint("list corrections in a table with `Original` and `Corrected` columns"),
        );
    }
    errata
}

/// Reads the first Markdown table with `Original` and `Corrected` columns.
pub fn parse_errata(text: &str) -> Vec<Erratum> {
    let mut columns: Option<(usize, usize)> = None;
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if !line.starts_with('|') {
            if columns.is_some() && !out.is_empty() {
                break;
            }
            continue;
        }
        let cells: Vec<String> = split_row(line);
        match columns {
            None => {
                let find = |name: &str| cells.iter().position(|c| c.eq_ignore_ascii_case(name));
                if let (Some(o), Some(c)) = (find("original"), find("corrected")) {
                    columns = Some((o, c));
                }
            }
            Some((o, c)) => {
                if cells
                    .iter()
                    .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
                {
                    continue; // the delimiter row
                }
                if let (Some(original), Some(corrected)) = (cells.get(o), cells.get(c)) {
                    out.push(Erratum {
                        original: original.clone(),
                        corrected: corrected.clone(),
                    });
                }
            }
        }
    }
    out
}

fn split_row(line: &str) -> Vec<String> {
    let inner = line.trim_matches('|');
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut escaped = false;
    for ch in inner.chars() {
        match ch {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => cells.push(std::mem::take(&mut cell)),
            _ => {
                if escaped && ch != '|' {
                    cell.push('\\');
                }
                cell.push(ch);
                escaped = false;
            }
        }
    }
    cells.push(cell);
    cells
        .into_iter()
        .map(|c| c.trim().trim_matches('`').to_string())
        .collect()
}
