//! What book.toml sets beyond the chapters and the metadata: the labels in the book's language, the PDF's settings, the bibliography and its style.

use std::fs;
use std::path::Path;

use super::unsafe_relative_path;
use crate::bibliography::StyleSource;
use crate::config::{self, Config};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::labels::Labels;
use crate::model::{Margins, NotesPlacement, PdfSettings};

/// The book's `[bibliography]`, read, if it names a file; a style that is
/// not one is located at its key in book.toml.
pub(super) fn read_bibliography(
    dir: &Path,
    config: &Config,
    toml_text: &str,
    toml_path: &Path,
) -> Result<Option<crate::bibliography::Bibliography>, Diagnostic> {
    let Some(file) = &config.bibliography.file else {
        return Ok(None);
    };
    // A path of book.toml that leaves the book folder: an error at it.
    let outside = |path: &toml::Spanned<String>, what: &str, hint: &str| {
        let why = unsafe_relative_path(path.get_ref())?;
        let (line, col) = config::line_col(toml_text, path.span().start);
        Some(
            Diagnostic::error(toml_path, line, col, format!("{what} {why}"))
                .with_hint(hint.to_string()),
        )
    };
    if let Some(d) = outside(
        file,
        "the bibliography file",
        "name a file inside the book folder, relative to it: `references.bib`",
    ) {
        return Err(d);
    }
    let style = config.bibliography.style.as_ref();
    let csl = style.filter(|s| s.get_ref().ends_with(".csl"));
    if let Some(d) = csl.and_then(|s| {
        outside(
            s,
            "the citation style",
            "name a .csl file inside the book folder, relative to it",
        )
    }) {
        return Err(d);
    }
    let path = dir.join(file.get_ref());
    let text = fs::read_to_string(&path).map_err(|e| {
        Diagnostic::error(&path, 0, 0, format!("cannot read the bibliography: {e}"))
            .with_hint("name a BibLaTeX (.bib), CSL JSON (.json) or Hayagriva YAML (.yaml) file in `[bibliography] file`, relative to the book folder")
    })?;
    let style_source = match (style, csl) {
        (_, Some(csl)) => {
            let path = dir.join(csl.get_ref());
            let xml = fs::read_to_string(&path).map_err(|e| {
                Diagnostic::error(&path, 0, 0, format!("cannot read the citation style: {e}"))
                    .with_hint("name a CSL file relative to the book folder, or one of the styles bookpack carries (`chicago-author-date`, `apa`, `ieee`…)")
            })?;
            StyleSource::Csl { path, xml }
        }
        (Some(style), None) => StyleSource::Named(style.get_ref().clone()),
        (None, None) => StyleSource::Named(crate::bibliography::DEFAULT_STYLE.to_string()),
    };
    crate::bibliography::Bibliography::parse(
        &path,
        &super::unix_line_ends(text),
        &style_source,
        config.language.get_ref(),
    )
    .map(Some)
    .map_err(|d| match (style, d.file == Path::new("book.toml")) {
        (Some(style), true) => {
            let (line, col) = config::line_col(toml_text, style.span().start);
            Diagnostic {
                file: toml_path.to_path_buf(),
                line,
                col,
                ..d
            }
        }
        _ => d,
    })
}

/// The keys `[bibliography] nocite` names, `"*"` standing for every work
/// of `works`; a key the file lacks is a warning at it in book.toml, with
/// the nearest key, and is left out.
pub(super) fn uncited_keys(
    works: &crate::bibliography::Bibliography,
    config: &Config,
    toml_text: &str,
    toml_path: &Path,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut keys = Vec::new();
    for given in &config.bibliography.nocite {
        let key = given.get_ref().trim().trim_start_matches('@');
        if key == "*" {
            keys.extend(works.keys());
        } else if works.has(key) {
            keys.push(key.to_string());
        } else {
            let (line, col) = config::line_col(toml_text, given.span().start);
            let all = works.keys();
            let hint = match crate::diagnostics::nearest(key, all.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`? (`\"*\"` lists every work)"),
                None => {
                    "give a key of the bibliography file, or `\"*\"` for every work".to_string()
                }
            };
            diags.push(
                Diagnostic::warning(
                    toml_path,
                    line,
                    col,
                    format!("`nocite` names `{key}`, which the bibliography does not have; it is not listed"),
                )
                .with_hint(hint),
            );
        }
    }
    keys
}

/// The labels in the book's language (English, with a warning, when
/// bookpack has none for it), with `[labels]` applied.
pub(super) fn labels(config: &Config, toml_path: &Path, diags: &mut Diagnostics) -> Labels {
    let language = config.language.get_ref();
    let given = |key: &str| config.labels.keys().any(|k| k.get_ref() == key);
    let mut labels = Labels::built_in(language).unwrap_or_else(|| {
        // A numbered form follows its kind's word when only that is given.
        let overridden = Labels::KEYS
            .iter()
            .filter(|k| given(k) || k.strip_suffix("-number").is_some_and(given))
            .count();
        if overridden < Labels::KEYS.len() {
            diags.push(
                Diagnostic::warning(
                    toml_path,
                    0,
                    0,
                    format!(
                        "bookpack has no labels for language `{language}`; the {} not set in [labels] are in English",
                        if overridden == 0 { "labels" } else { "ones" }
                    ),
                )
                .with_hint(format!(
                    "built in: {}; set the words in [labels] (keys: contents, notes, chapter, …; see README.md)",
                    crate::labels::BUILT_IN.join(", ")
                )),
            );
        }
        Labels::english()
    });
    for (key, value) in &config.labels {
        if let Some(label) = labels.get_mut(key.get_ref()) {
            *label = value.get_ref().clone();
        }
    }
    labels.number_after_renamed_kinds(given);
    // Checked by `config::validate`, so an id given parses.
    labels.numerals = config
        .numerals
        .as_ref()
        .and_then(|n| crate::numerals::Numerals::parse(n.get_ref()))
        .unwrap_or_else(|| crate::numerals::Numerals::for_language(language));
    labels
}

pub(super) fn pdf_settings(config: &Config) -> PdfSettings {
    let pdf = &config.pdf;
    let paper_name = pdf
        .paper
        .as_ref()
        .map(|p| p.get_ref().to_ascii_lowercase())
        .unwrap_or_else(|| "a5".into());
    let paper = config::paper_size(&paper_name).unwrap_or(config::PAPER_DEFAULT);
    let (w, h) = paper;
    // Defaults in proportion to the page: a generous outer margin and foot,
    // as in a well-made trade edition.
    let m = pdf.margins.clone().unwrap_or_default();
    let given = |v: Option<toml::Spanned<f32>>, default: f32| v.map_or(default, |v| *v.get_ref());
    let margins = Margins {
        top: given(m.top, h * 0.085),
        bottom: given(m.bottom, h * 0.115),
        inner: given(m.inner, w * 0.13),
        outer: given(m.outer, w * 0.155),
    };
    let font_size = pdf.font_size.as_ref().map_or(11.0, |v| *v.get_ref());
    PdfSettings {
        paper,
        paper_name,
        margins,
        font_size,
        leading: pdf
            .leading
            .as_ref()
            .map_or_else(|| default_leading(font_size), |v| *v.get_ref()),
        hyphenate_left_min: pdf
            .hyphenation
            .left_min
            .as_ref()
            .map_or(2, |v| *v.get_ref()),
        hyphenate_right_min: pdf
            .hyphenation
            .right_min
            .as_ref()
            .map_or(3, |v| *v.get_ref()),
        hyphenation_exceptions: hyphenation_exceptions(&pdf.hyphenation),
        notes: pdf.notes.unwrap_or(NotesPlacement::BookEnd),
        chapters_open: pdf.chapters_open.unwrap_or_default(),
        notes_open: pdf.notes_open.or(pdf.chapters_open).unwrap_or_default(),
        bound_right: crate::language::right_to_left(config.language.get_ref()),
        // The card page is the half-title's back (`config` refuses
        // `half-title = false` beside other books).
        half_title: pdf.half_title.as_ref().is_some_and(|h| *h.get_ref())
            || !config.also_by.is_empty(),
        page_references: pdf.page_references.as_ref().is_none_or(|p| *p.get_ref()),
    }
}

/// The exceptions of `[pdf.hyphenation]` (checked by `config::parse`,
/// so an entry that does not read is not met here).
fn hyphenation_exceptions(config: &config::HyphenationConfig) -> crate::exceptions::Exceptions {
    use crate::exceptions::Exception;
    let read = |list: &[toml::Spanned<String>]| -> Vec<Exception> {
        list.iter()
            .filter_map(|entry| Exception::parse(entry.get_ref()).ok())
            .collect()
    };
    crate::exceptions::Exceptions {
        all: read(&config.exceptions),
        by_language: config
            .language_exceptions
            .iter()
            .map(|(tag, list)| (tag.get_ref().to_ascii_lowercase(), read(list)))
            .collect(),
    }
}

/// The leading when book.toml gives none: 14 pt for the default 11 pt
/// type, in proportion for another size (a fixed 14 pt overprinted
/// 16 pt type).
pub fn default_leading(font_size: f32) -> f32 {
    (font_size * 14.0 / 11.0 * 100.0).round() / 100.0
}
