//! The book's bibliography file and citation style: reads the works (BibLaTeX, CSL JSON or Hayagriva YAML) and sets citations and the list of works cited with hayagriva, whose types stay in this file.

use std::collections::BTreeMap;
use std::path::Path;

use hayagriva::archive::{locales, ArchivedStyle};
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{
    json::Item, IndependentStyle, Locale, LocaleCode, Style, StyleClass,
};
use hayagriva::citationberg::{FontStyle, FontVariant, FontWeight, VerticalAlign};
use hayagriva::Formatting;
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose, ElemChild,
    ElemChildren, ElemMeta, Library, LocatorPayload, SpecificLocator,
};

use crate::diagnostics::Diagnostic;
use crate::markdown::{CiteItem, FoundCitation};
use crate::model::{Inline, LinkTarget};

/// The style a book gets when it names none.
pub const DEFAULT_STYLE: &str = "chicago-author-date";

/// Where a book's citation style comes from.
pub enum StyleSource {
    /// One of the styles bookpack carries, by name (`apa`).
    Named(String),
    /// A CSL file of the book's own: its path and text.
    Csl {
        path: std::path::PathBuf,
        xml: String,
    },
}

/// The works, as the file gave them.
enum Works {
    Library(Library),
    Json(BTreeMap<String, Item>),
}

/// A book's bibliography: its works, its style, its language.
pub struct Bibliography {
    works: Works,
    style: IndependentStyle,
    locales: Vec<Locale>,
    locale: LocaleCode,
    /// Keys of works listed uncited (`[bibliography] nocite`), in the
    /// order given, each once.
    nocite: Vec<String>,
}

/// Citations and works cited, as the style sets them.
#[derive(Debug, Default, PartialEq)]
pub struct Set {
    /// Each citation asked for, in the order asked.
    pub citations: Vec<Vec<Inline>>,
    /// The works cited, in the style's order: key and entry.
    pub entries: Vec<(String, Vec<Inline>)>,
}

/// Where a message about the file points: line and column of byte `at`.
fn place(text: &str, at: usize) -> (u32, u32) {
    crate::config::line_col(text, at.min(text.len()))
}

impl Bibliography {
    /// The works of `text` (the file `path`, read by `source/`, in the
    /// format its extension names) and the style `style`, for a book in
    /// `language`. An error is located in the file it is about.
    pub fn parse(
        path: &Path,
        text: &str,
        style: &StyleSource,
        language: &str,
    ) -> Result<Bibliography, Diagnostic> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let works = match extension.as_str() {
            "bib" | "bibtex" | "biblatex" => {
                let library = hayagriva::io::from_biblatex_str(text).map_err(|errors| {
                    let (at, what) = match errors.first() {
                        Some(hayagriva::io::BibLaTeXError::Parse(e)) => (e.span.start, e.kind.to_string()),
                        Some(hayagriva::io::BibLaTeXError::Type(e)) => (e.span.start, e.kind.to_string()),
                        None => (0, "it cannot be read".to_string()),
                    };
                    let (line, col) = place(text, at);
                    Diagnostic::error(path, line, col, format!("the bibliography is not valid BibLaTeX: {what}"))
                        .with_hint("fix the entry there; each is `@type{key, field = {value}, …}`")
                })?;
                Works::Library(library)
            }
            "json" => {
                let items: Vec<Item> = serde_json::from_str(text).map_err(|e| {
                    Diagnostic::error(path, e.line() as u32, e.column() as u32, format!("the bibliography is not valid CSL JSON: {e}"))
                        .with_hint("export it again as CSL JSON (Zotero: Export → CSL JSON): an array of items, each with an `id`")
                })?;
                let mut by_key = BTreeMap::new();
                for (n, item) in items.into_iter().enumerate() {
                    let Some(id) = item.id().map(|id| id.into_owned()) else {
                        return Err(Diagnostic::error(path, 0, 0, format!("item {} of the bibliography has no `id`", n + 1))
                            .with_hint("give each item the key its citations use: `\"id\": \"ongaro2014\"`"));
                    };
                    by_key.insert(id, item);
                }
                Works::Json(by_key)
            }
            "yaml" | "yml" => {
                let library = hayagriva::io::from_yaml_str(text).map_err(|e| {
                    let (line, col) = e.location().map_or((0, 0), |l| (l.line() as u32, l.column() as u32));
                    Diagnostic::error(path, line, col, format!("the bibliography is not valid Hayagriva YAML: {e}"))
                        .with_hint("each work is `key: { type: book, title: …, author: …, date: … }`")
                })?;
                Works::Library(library)
            }
            _ => {
                return Err(Diagnostic::error(path, 0, 0, "bookpack reads a bibliography as BibLaTeX (.bib), CSL JSON (.json) or Hayagriva YAML (.yaml, .yml)")
                    .with_hint("export the bibliography in one of those, or rename the file to its format's extension"))
            }
        };
        Ok(Bibliography {
            works,
            style: read_style(style)?,
            locales: locales(),
            locale: LocaleCode(language.to_string()),
            nocite: Vec::new(),
        })
    }

    /// Every work's key: in the file's order for BibLaTeX and YAML, by
    /// key for CSL JSON.
    pub fn keys(&self) -> Vec<String> {
        match &self.works {
            Works::Library(library) => library.iter().map(|e| e.key().to_string()).collect(),
            Works::Json(items) => items.keys().cloned().collect(),
        }
    }

    /// Lists the works of `keys` whether cited or not (each a key the
    /// bibliography has; a repeated one is listed once).
    pub fn list_uncited(&mut self, keys: Vec<String>) {
        for key in keys {
            if !self.nocite.contains(&key) {
                self.nocite.push(key);
            }
        }
    }

    /// The works listed though uncited (`list_uncited`).
    pub fn uncited(&self) -> &[String] {
        &self.nocite
    }

    /// Whether the style sets citations as notes (`chicago-notes`): the
    /// parser makes each citation outside a note a note of its own.
    pub fn sets_notes(&self) -> bool {
        self.style.settings.class == StyleClass::Note
    }

    /// Whether the bibliography holds a work with this key.
    pub fn has(&self, key: &str) -> bool {
        match &self.works {
            Works::Library(library) => library.get(key).is_some(),
            Works::Json(items) => items.contains_key(key),
        }
    }

    /// Sets `citations` (every key in the bibliography, in reading order,
    /// each with the number of the note it is in, counted through the
    /// book, for a note style's "Ibid." and short forms) and the list of
    /// the works they cite; each citation's words for a work link to
    /// `target(key)`.
    pub fn set(
        &self,
        citations: &[(&FoundCitation, Option<usize>)],
        target: &dyn Fn(&str) -> LinkTarget,
    ) -> Set {
        let notes = self.sets_notes();
        // hayagriva's driver is generic over a trait it does not export:
        // the same code for each kind of work.
        macro_rules! rendered {
            ($get:expr) => {{
                let get = $get;
                let mut driver = BibliographyDriver::new();
                // A note style's author named in the text is asked apart:
                // asked in turn, it would make the note after it, the
                // work's first citation, a short one.
                let mut aside = BibliographyDriver::new();
                for &(citation, note) in citations {
                    let items = citation
                        .items
                        .iter()
                        .filter_map(|item| {
                            let entry = get(&item.key)?;
                            let (locator, _) = locator(&item.suffix);
                            let cite = CitationItem::with_locator(entry, locator);
                            Some(match purpose(citation, notes, note.is_some()) {
                                Some(purpose) => cite.kind(purpose),
                                None => cite,
                            })
                        })
                        .collect();
                    let request = CitationRequest::new(
                        items,
                        &self.style,
                        Some(self.locale.clone()),
                        &self.locales,
                        note,
                    );
                    match purpose(citation, notes, note.is_some()) {
                        Some(CitePurpose::Author) => aside.citation(request),
                        _ => driver.citation(request),
                    }
                }
                // Works listed uncited: one hidden citation after all the
                // book's, so a numeric style numbers them last, as pandoc's
                // `nocite` does.
                let hidden: Vec<_> = self
                    .nocite
                    .iter()
                    .filter_map(|key| get(key))
                    .map(|entry| CitationItem::new(entry, None, None, true, None))
                    .collect();
                if !hidden.is_empty() {
                    driver.citation(CitationRequest::new(
                        hidden,
                        &self.style,
                        Some(self.locale.clone()),
                        &self.locales,
                        None,
                    ));
                }
                let request = || {
                    BibliographyRequest::new(&self.style, Some(self.locale.clone()), &self.locales)
                };
                (driver.finish(request()), aside.finish(request()).citations)
            }};
        }
        let (rendered, aside) = match &self.works {
            Works::Library(library) => rendered!(|k: &str| library.get(k)),
            Works::Json(items) => rendered!(|k: &str| items.get(k)),
        };
        // Each citation's words, in the order asked.
        let (mut main, mut aside) = (rendered.citations.iter(), aside.iter());
        let words: Vec<(&ElemChildren, &FoundCitation)> = citations
            .iter()
            .filter_map(|&(citation, note)| {
                let set = match purpose(citation, notes, note.is_some()) {
                    Some(CitePurpose::Author) => aside.next(),
                    _ => main.next(),
                };
                Some((&set?.citation, citation))
            })
            .collect();
        set_of(&words, rendered.bibliography, target)
    }
}

/// How a citation names its work: in the text ("Lamport (1978)"; in a
/// note style's text the author alone, the citation being a note of its
/// own, and in a note the citation itself), or as the style's citation
/// (`None`). `-@key` is the style's citation with the author taken out
/// after (hayagriva's year form drops the brackets and the "a" of
/// "1978a").
fn purpose(citation: &FoundCitation, notes: bool, in_note: bool) -> Option<CitePurpose> {
    match (citation.in_text, notes, in_note) {
        (false, ..) | (true, true, true) => None,
        (true, false, _) => Some(CitePurpose::Prose),
        (true, true, false) => Some(CitePurpose::Author),
    }
}

/// `children` without the first names they hold (a citation's author),
/// for `-@key`.
fn without_author(children: &ElemChildren) -> ElemChildren {
    fn strip(children: &mut Vec<ElemChild>, done: &mut bool) {
        let mut i = 0;
        while i < children.len() && !*done {
            if let ElemChild::Elem(elem) = &mut children[i] {
                if matches!(elem.meta, Some(ElemMeta::Names(..))) {
                    children.remove(i);
                    *done = true;
                    return;
                }
                strip(&mut elem.children.0, done);
            }
            i += 1;
        }
    }
    let mut out = children.clone();
    strip(&mut out.0, &mut false);
    out
}

/// The rendered citations and entries as inlines.
fn set_of(
    citations: &[(&ElemChildren, &FoundCitation)],
    bibliography: Option<hayagriva::RenderedBibliography>,
    target: &dyn Fn(&str) -> LinkTarget,
) -> Set {
    let citations = citations
        .iter()
        .map(|(set, found)| {
            let items: Vec<&CiteItem> = found.items.iter().collect();
            let mut out = Vec::new();
            to_inlines(set, &items, target, &mut out);
            out
        })
        .collect();
    let entries = bibliography
        .map(|b| b.items)
        .unwrap_or_default()
        .into_iter()
        .map(|item| {
            let mut out = Vec::new();
            if let Some(label) = &item.first_field {
                to_inlines(&ElemChildren(vec![label.clone()]), &[], target, &mut out);
                push_text(&mut out, " ");
            }
            to_inlines(&item.content, &[], target, &mut out);
            (item.key, out)
        })
        .collect();
    Set { citations, entries }
}

/// The style named `name`: one of hayagriva's archive, or a `.csl` file.
fn read_style(source: &StyleSource) -> Result<IndependentStyle, Diagnostic> {
    let name = match source {
        StyleSource::Named(name) => name.as_str(),
        StyleSource::Csl { path, .. } => path.to_str().unwrap_or(""),
    };
    let style = if let StyleSource::Csl { path, xml } = source {
        match IndependentStyle::from_xml(xml) {
            Ok(style) => style,
            Err(e) => {
                return Err(Diagnostic::error(path, 0, 0, format!("the citation style is not a CSL independent style: {e}"))
                    .with_hint("use a style from the Zotero Style Repository (a dependent style names its parent: use the parent)"))
            }
        }
    } else {
        let Some(archived) = ArchivedStyle::by_name(name) else {
            return Err(Diagnostic::error(
                Path::new("book.toml"),
                0,
                0,
                format!("bookpack carries no citation style `{name}`"),
            )
            .with_hint(format!(
                "name one of {}, or a .csl file",
                style_names_like(name).join(", ")
            )));
        };
        match archived.get() {
            Style::Independent(style) => style,
            Style::Dependent(_) => unreachable!("the archive holds independent styles"),
        }
    };
    Ok(style)
}

/// The names of the styles bookpack carries that set citations in the
/// text and share a word with `name` (`chicago-authr-date`: the Chicago
/// ones), or the common ones when none does.
fn style_names_like(name: &str) -> Vec<&'static str> {
    let words: Vec<&str> = name
        .split(['-', '_', ' '])
        .filter(|w| w.len() > 2)
        .collect();
    let in_text = |s: &ArchivedStyle| matches!(s.get(), Style::Independent(s) if s.settings.class == StyleClass::InText);
    let mut like: Vec<&'static str> = ArchivedStyle::all()
        .iter()
        .map(|s| s.names()[0])
        .filter(|n| words.iter().any(|w| n.split('-').any(|part| part == *w)))
        .collect();
    like.retain(|n| ArchivedStyle::by_name(n).is_some_and(|s| in_text(&s)));
    if like.is_empty() {
        like = vec![
            "chicago-author-date",
            "apa",
            "modern-language-association",
            "ieee",
            "vancouver",
            "harvard-cite-them-right",
        ];
    }
    like.sort_unstable();
    like
}

/// The locator a citation's suffix opens with (pandoc's terms: `p. 3`,
/// `pp. 3–5`, `chap. 2`, `sec. 4`, or a bare number, a page), and the
/// words after it.
pub fn locator(suffix: &str) -> (Option<SpecificLocator<'_>>, &str) {
    const TERMS: [(&str, Locator); 34] = [
        ("pages", Locator::Page),
        ("page", Locator::Page),
        ("pp.", Locator::Page),
        ("p.", Locator::Page),
        ("chapters", Locator::Chapter),
        ("chapter", Locator::Chapter),
        ("chaps.", Locator::Chapter),
        ("chap.", Locator::Chapter),
        ("ch.", Locator::Chapter),
        ("sections", Locator::Section),
        ("section", Locator::Section),
        ("secs.", Locator::Section),
        ("sec.", Locator::Section),
        ("§§", Locator::Section),
        ("§", Locator::Section),
        ("paragraph", Locator::Paragraph),
        ("paras.", Locator::Paragraph),
        ("para.", Locator::Paragraph),
        ("¶", Locator::Paragraph),
        ("figure", Locator::Figure),
        ("figs.", Locator::Figure),
        ("fig.", Locator::Figure),
        ("volume", Locator::Volume),
        ("vols.", Locator::Volume),
        ("vol.", Locator::Volume),
        ("lines", Locator::Line),
        ("line", Locator::Line),
        ("ll.", Locator::Line),
        ("l.", Locator::Line),
        ("notes", Locator::Note),
        ("note", Locator::Note),
        ("nn.", Locator::Note),
        ("n.", Locator::Note),
        ("part", Locator::Part),
    ];
    let text = suffix.trim_start();
    let (term, rest) = TERMS
        .iter()
        .find_map(|(word, term)| {
            let rest = text.strip_prefix(word)?;
            rest.starts_with(|c: char| c.is_whitespace() || c.is_ascii_digit())
                .then_some((*term, rest.trim_start()))
        })
        .unwrap_or((Locator::Page, text));
    // The value: up to a comma, and it must hold a digit or a numeral.
    let end = rest.find(',').unwrap_or(rest.len());
    let value = rest[..end].trim();
    let numeric = value.chars().any(|c| c.is_ascii_digit())
        || (!value.is_empty() && value.chars().all(|c| "ivxlcdmIVXLCDM–-".contains(c)));
    if !numeric
        || value.contains(' ')
            && !value
                .chars()
                .all(|c| c.is_ascii_digit() || " –-,".contains(c))
    {
        return (None, suffix.trim());
    }
    let after = rest[end..].trim_start_matches(',').trim();
    (
        Some(SpecificLocator(term, LocatorPayload::Str(value))),
        after,
    )
}

/// Appends `children` to `out` as inlines: formatting as emphasis, strong,
/// small capitals, superscript or subscript; each cited work's words
/// (`items[i]`'s, for a citation) a link to its entry with the item's
/// prefix before and its words after the locator after.
fn to_inlines(
    children: &ElemChildren,
    items: &[&CiteItem],
    target: &dyn Fn(&str) -> LinkTarget,
    out: &mut Vec<Inline>,
) {
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => push_formatted(out, &t.text, t.formatting),
            ElemChild::Markup(text) => push_text(out, text),
            ElemChild::Link { text, url } => {
                let mut content = Vec::new();
                push_formatted(&mut content, &text.text, text.formatting);
                out.push(Inline::Link {
                    target: LinkTarget::External { url: url.clone() },
                    content,
                });
            }
            ElemChild::Transparent { .. } => {}
            ElemChild::Elem(elem) => match (&elem.meta, items) {
                (Some(ElemMeta::Entry(i)), items) if *i < items.len() => {
                    let item = items[*i];
                    if !item.prefix.is_empty() {
                        push_text(out, &item.prefix);
                        push_text(out, " ");
                    }
                    let mut content = Vec::new();
                    if item.suppress_author {
                        to_inlines(&without_author(&elem.children), &[], target, &mut content);
                        // The space or comma that followed the author.
                        if let Some(Inline::Text { text }) = content.first_mut() {
                            *text = text.trim_start_matches([' ', ',', '\u{a0}']).to_string();
                        }
                    } else {
                        to_inlines(&elem.children, &[], target, &mut content);
                    }
                    out.push(Inline::Link {
                        target: target(&item.key),
                        content,
                    });
                    let (_, after) = locator(&item.suffix);
                    if !after.is_empty() {
                        push_text(out, ", ");
                        push_text(out, after);
                    }
                }
                _ => to_inlines(&elem.children, items, target, out),
            },
        }
    }
}

/// Appends `text`, joined to a text just before it.
fn push_text(out: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(Inline::Text { text: last }) => last.push_str(text),
        _ => out.push(Inline::Text {
            text: text.to_string(),
        }),
    }
}

/// Appends `text` in `formatting`.
fn push_formatted(out: &mut Vec<Inline>, text: &str, formatting: Formatting) {
    if text.is_empty() {
        return;
    }
    let mut inline = Inline::Text {
        text: text.to_string(),
    };
    let wrap = |inline: Inline, make: fn(Vec<Inline>) -> Inline| make(vec![inline]);
    if formatting.font_variant == FontVariant::SmallCaps {
        inline = wrap(inline, |content| Inline::SmallCaps { content });
    }
    if formatting.font_weight == FontWeight::Bold {
        inline = wrap(inline, |content| Inline::Strong { content });
    }
    if formatting.font_style == FontStyle::Italic {
        inline = wrap(inline, |content| Inline::Emphasis { content });
    }
    match formatting.vertical_align {
        VerticalAlign::Sup => inline = wrap(inline, |content| Inline::Superscript { content }),
        VerticalAlign::Sub => inline = wrap(inline, |content| Inline::Subscript { content }),
        _ => {}
    }
    match (out.last_mut(), inline) {
        (Some(Inline::Text { text: last }), Inline::Text { text }) => last.push_str(&text),
        (Some(Inline::Emphasis { content: last }), Inline::Emphasis { content }) => {
            last.extend(content)
        }
        (_, inline) => out.push(inline),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(value: &str) -> (Option<(Locator, String)>, String) {
        let (locator, after) = locator(value);
        let locator = locator.map(|SpecificLocator(term, payload)| match payload {
            LocatorPayload::Str(s) => (term, s.to_string()),
            LocatorPayload::Transparent(_) => unreachable!("strings only"),
        });
        (locator, after.to_string())
    }

    #[test]
    fn locators_are_read_by_pandocs_terms_and_the_rest_follows() {
        let page = |v: &str| Some((Locator::Page, v.to_string()));
        for (suffix, want, after) in [
            ("p. 3", page("3"), ""),
            ("pp. 33–35", page("33–35"), ""),
            ("33", page("33"), ""),
            ("xiv", page("xiv"), ""),
            ("p. 307, emphasis added", page("307"), "emphasis added"),
            ("chap. 2", Some((Locator::Chapter, "2".to_string())), ""),
            ("sec. 4.1", Some((Locator::Section, "4.1".to_string())), ""),
            ("§ 12", Some((Locator::Section, "12".to_string())), ""),
            ("vol. 2", Some((Locator::Volume, "2".to_string())), ""),
            ("n. 14", Some((Locator::Note, "14".to_string())), ""),
            // No number: words, not a locator.
            ("emphasis added", None, "emphasis added"),
            ("and elsewhere", None, "and elsewhere"),
            ("", None, ""),
        ] {
            assert_eq!(read(suffix), (want, after.to_string()), "{suffix:?}");
        }
    }

    #[test]
    fn the_styles_named_in_messages_are_carried_and_set_in_the_text() {
        for name in style_names_like("nothing-like-it")
            .into_iter()
            .chain([DEFAULT_STYLE])
        {
            let style = ArchivedStyle::by_name(name).unwrap_or_else(|| panic!("{name}"));
            assert!(
                matches!(style.get(), Style::Independent(s) if s.settings.class == StyleClass::InText),
                "{name}"
            );
        }
        assert!(style_names_like("chicago-authr-date").contains(&"chicago-author-date"));
        assert!(!style_names_like("chicago").contains(&"chicago-notes"));
    }

    #[test]
    fn formatting_becomes_inlines_and_runs_join() {
        let italic = Formatting {
            font_style: FontStyle::Italic,
            ..Formatting::default()
        };
        let mut out = Vec::new();
        push_formatted(&mut out, "Lamport, ", Formatting::default());
        push_formatted(&mut out, "1978. ", Formatting::default());
        push_formatted(&mut out, "Time", italic);
        push_formatted(&mut out, ", Clocks", italic);
        assert_eq!(
            out,
            [
                Inline::Text {
                    text: "Lamport, 1978. ".into()
                },
                Inline::Emphasis {
                    content: vec![
                        Inline::Text {
                            text: "Time".into()
                        },
                        Inline::Text {
                            text: ", Clocks".into()
                        }
                    ]
                }
            ]
        );
    }
}
