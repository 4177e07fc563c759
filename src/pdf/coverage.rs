//! The font coverage check: every character the print edition sets, against the faces that will set it.
//!
//! Before a page is set, the book's text is walked in the faces the
//! layout will use (code in the monospace face, emphasis in italic, …).
//! A character that neither its face nor any `[pdf] fallback-fonts` face
//! has would print as an empty box (.notdef) while the text still copies
//! out: nothing would tell the author. Each such character is a warning
//! at its first place in the chapter's source, with how often it occurs,
//! which face lacks it and which font to add. A chapter missing many
//! characters of one script (a whole Chinese passage) gets one warning
//! for the script, not one per character.

use std::collections::BTreeMap;

use unicode_script::{Script, UnicodeScript};

use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::model::{Block, Book, Chapter, Inline, MathNode, Span};
use crate::pdf::fontset::{FaceKind, FontSet};

/// Distinct missing characters of one script in one chapter reported one
/// by one; more than this become one warning for the script.
const SINGLE_REPORTS: usize = 3;

/// A character no face has, in one chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub character: char,
    /// Occurrences in the chapter's set text.
    pub count: usize,
    /// The face its text is set in (the first one met).
    pub face: FaceKind,
    /// The block it was first met in (used when the source has no literal
    /// occurrence, e.g. an entity).
    pub block: Span,
}

/// The characters of `book` no face of `fonts` can draw, per chapter file
/// (book.toml for the title page), in order of code point. Reads every
/// chapter whole: the build checks chapter by chapter instead
/// ([`check`], [`check_chapter`]).
pub fn missing(book: &Book, fonts: &FontSet<'_>) -> Result<Vec<(String, Vec<Missing>)>, Failure> {
    let mut out = Vec::new();
    let front = missing_in_metadata(book, fonts);
    if !front.is_empty() {
        out.push(("book.toml".to_string(), front));
    }
    for index in 0..book.chapters.len() {
        let chapter = book.chapter_whole(index)?;
        let found = missing_in_chapter(&chapter, fonts);
        if !found.is_empty() {
            out.push((chapter.file.clone(), found));
        }
    }
    Ok(out)
}

fn walker<'f, 'a>(fonts: &'f FontSet<'a>) -> Walker<'f, 'a> {
    Walker {
        fonts,
        found: BTreeMap::new(),
        span: Span::default(),
    }
}

/// What of the title page (title, subtitle, publisher, authors) and the
/// card page (the author's other books) no face can draw.
fn missing_in_metadata(book: &Book, fonts: &FontSet<'_>) -> Vec<Missing> {
    let mut walker = walker(fonts);
    let m = &book.metadata;
    for text in [
        Some(&m.title),
        m.subtitle.as_ref(),
        m.short_title.as_ref(),
        m.publisher.as_ref(),
        m.rights.as_ref(),
        m.source.as_ref(),
        m.series.as_ref().map(|s| &s.name),
    ]
    .into_iter()
    .flatten()
    .chain(m.authors.iter().map(|a| &a.name))
    .chain(m.contributors.iter().map(|c| &c.name))
    {
        walker.text(text, FaceKind::Regular);
    }
    // The card page sets the author's other books in italic.
    for title in &m.also_by {
        walker.text(title, FaceKind::Italic);
    }
    walker.take()
}

/// The words the print edition adds from `book.labels` (the contents'
/// and notes' headings, chapter labels, the imprint's sentences), each
/// with its `[labels]` key: built in for the book's language, or the
/// book's own. Only their literal text: a `{placeholder}`'s value is
/// checked where it comes from.
fn drawn_labels(book: &Book) -> Vec<(&'static str, String)> {
    use crate::labels::{pieces, Piece};
    let l = &book.labels;
    let m = &book.metadata;
    let literal = |template: &str| {
        pieces(template)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Text(t) => Some(t),
                Piece::Value(_) => None,
            })
            .collect::<String>()
    };
    let mut out: Vec<(&'static str, String)> = vec![
        ("contents", l.contents.clone()),
        ("typeset", literal(&l.typeset)),
    ];
    if book.chapters.iter().any(|c| !c.notes.is_empty()) {
        out.push(("notes", l.notes.clone()));
        // The book-end notes' running heads (`notes_heads`).
        if book.pdf.notes == crate::model::NotesPlacement::BookEnd {
            out.push(("notes-to-page", literal(&l.notes_to_page)));
            out.push(("notes-to-pages", literal(&l.notes_to_pages)));
        }
    }
    let mut kinds: Vec<crate::model::ChapterKind> = Vec::new();
    for chapter in &book.chapters {
        if !kinds.contains(&chapter.kind) {
            kinds.push(chapter.kind);
        }
    }
    for kind in kinds {
        // A kind's front-matter name is its label's key.
        out.push((kind.name(), l.kind(kind).to_string()));
    }
    let mut numbered: Vec<crate::model::ChapterKind> = Vec::new();
    for chapter in book.chapters.iter().filter(|c| c.number.is_some()) {
        if !numbered.contains(&chapter.kind) {
            numbered.push(chapter.kind);
        }
    }
    for (key, template) in numbered.into_iter().filter_map(|k| l.numbered_entry(k)) {
        out.push((key, literal(template)));
    }
    let mut roles: Vec<crate::model::ContributorRole> = Vec::new();
    for c in &m.contributors {
        if !roles.contains(&c.role) {
            roles.push(c.role);
        }
    }
    for role in roles {
        let (key, template) = l.credit_entry(role);
        out.push((key, literal(template)));
    }
    let optional = [
        (!m.authors.is_empty(), "imprint-by", &l.imprint_by),
        (m.authors.len() + m.contributors.len() > 1, "and", &l.and),
        (m.date.is_some(), "first-published", &l.first_published),
        (
            m.publisher.is_some(),
            "edition-published-by",
            &l.edition_published_by,
        ),
        (m.source.is_some(), "text-from", &l.text_from),
        (
            m.series.as_ref().is_some_and(|s| s.position.is_some()),
            "series-volume",
            &l.series_volume,
        ),
        (m.isbn.print.is_some(), "isbn-print", &l.isbn_print),
        (!m.also_by.is_empty(), "also-by", &l.also_by),
        (
            book.errata.len() == 1,
            "corrections-note-one",
            &l.corrections_note_one,
        ),
        (
            book.errata.len() > 1,
            "corrections-note-other",
            &l.corrections_note_other,
        ),
    ];
    for (drawn, key, template) in optional {
        if drawn {
            out.push((key, literal(template)));
        }
    }
    out
}

/// Reports what of the labels the print edition adds no face can draw:
/// one warning per script, naming a label that has it, at its place in
/// book.toml when the book gives the label, else at the file's start (a
/// built-in label: the fonts lack the book's own language).
fn report_labels(book: &Book, fonts: &FontSet<'_>, diags: &mut Diagnostics) {
    let mut by_script: BTreeMap<String, Vec<(char, &'static str, String)>> = BTreeMap::new();
    let mut drawn = drawn_labels(book);
    // The digits of folios and note numbers (`numerals`), which EB
    // Garamond has only in Western form: an English book given `arab`
    // without a fallback face printed its page numbers as boxes, unsaid.
    if book.labels.numerals != crate::numerals::Numerals::Latn {
        drawn.push(("numerals", book.labels.numerals.digits("0123456789")));
    }
    for (key, text) in drawn {
        let mut walker = walker(fonts);
        walker.text(&text, FaceKind::Regular);
        for m in walker.take() {
            let group = by_script.entry(script_name(m.character)).or_default();
            if !group.iter().any(|(c, _, _)| *c == m.character) {
                group.push((m.character, key, text.clone()));
            }
        }
    }
    let sites = book.assets.char_sites.get("book.toml");
    for (script, group) in by_script {
        let (c, key, text) = &group[0];
        let at = sites.and_then(|s| s.first(*c)).unwrap_or_default();
        let more = match group.len() {
            1 => String::new(),
            n => format!(" and {} more {script} characters", n - 1),
        };
        diags.push(
            Diagnostic::warning(
                "book.toml",
                at.line,
                at.col,
                format!(
                    "no font has {} (U+{:04X}, {script}){more}, which the print edition's labels use (`{key}`: “{}”); they will print as empty boxes ({} lacks them)",
                    shown(*c),
                    u32::from(*c),
                    text.trim(),
                    fonts.label(FaceKind::Regular),
                ),
            )
            .with_hint(if *key == "numerals" {
                format!(
                    "{}; or set `numerals = \"latn\"` in book.toml",
                    hint(&script)
                )
            } else {
                format!(
                    "{}; or give the labels in a script the fonts have, under [labels] in book.toml",
                    hint(&script)
                )
            }),
        );
    }
}

/// What of a whole chapter no face can draw.
fn missing_in_chapter(chapter: &Chapter, fonts: &FontSet<'_>) -> Vec<Missing> {
    let mut walker = walker(fonts);
    walker.inlines(&chapter.title, FaceKind::Regular);
    walker.blocks(&chapter.synopsis, FaceKind::Italic);
    walker.blocks(&chapter.blocks, FaceKind::Regular);
    for note in &chapter.notes {
        walker.span = note.span;
        walker.blocks(&note.blocks, FaceKind::Regular);
    }
    walker.take()
}

/// Checks the title page's text and reports what no font has as warnings
/// (denied by `--deny-warnings`, like every warning).
pub fn check(book: &Book, fonts: &FontSet<'_>, diags: &mut Diagnostics) {
    report(
        book,
        "book.toml",
        missing_in_metadata(book, fonts),
        fonts,
        diags,
    );
    report_labels(book, fonts, diags);
}

/// [`check`] for one chapter, given whole.
pub fn check_chapter(book: &Book, chapter: &Chapter, fonts: &FontSet<'_>, diags: &mut Diagnostics) {
    let missing = missing_in_chapter(chapter, fonts);
    report(book, &chapter.file, missing, fonts, diags);
}

/// One warning per character no font has (or per script, when many),
/// at its first place in `file`, in reading order.
fn report(
    book: &Book,
    file: &str,
    missing: Vec<Missing>,
    fonts: &FontSet<'_>,
    diags: &mut Diagnostics,
) {
    if missing.is_empty() {
        return;
    }
    let mut found: Vec<Diagnostic> = Vec::new();
    let sites = book.assets.char_sites.get(file);
    let at = |m: &Missing| sites.and_then(|s| s.first(m.character)).unwrap_or(m.block);
    let mut by_script: BTreeMap<String, Vec<&Missing>> = BTreeMap::new();
    for m in &missing {
        by_script
            .entry(script_name(m.character))
            .or_default()
            .push(m);
    }
    for (script, group) in by_script {
        let hint = hint(&script);
        if group.len() <= SINGLE_REPORTS {
            for m in group {
                let span = at(m);
                let times = match m.count {
                    1 => String::new(),
                    n => format!(", {n} times in this file"),
                };
                found.push(
                    Diagnostic::warning(
                        file,
                        span.line,
                        span.col,
                        format!(
                            "no font has {} (U+{:04X}, {script}); it will print as an empty box ({} lacks it{times})",
                            shown(m.character),
                            u32::from(m.character),
                            fonts.label(m.face),
                        ),
                    )
                    .with_hint(hint.clone()),
                );
            }
            continue;
        }
        let first = group
            .iter()
            .min_by_key(|m| {
                let s = at(m);
                (s.line, s.col)
            })
            .copied()
            .unwrap_or(group[0]);
        let span = at(first);
        let total: usize = group.iter().map(|m| m.count).sum();
        let examples: Vec<String> = std::iter::once(first)
            .chain(
                group
                    .iter()
                    .copied()
                    .filter(|m| m.character != first.character),
            )
            .take(3)
            .map(|m| format!("{} (U+{:04X})", shown(m.character), u32::from(m.character)))
            .collect();
        found.push(
            Diagnostic::warning(
                file,
                span.line,
                span.col,
                format!(
                    "no font has {} {script} characters of this file ({total} in all), e.g. {}; they will print as empty boxes ({} lacks them)",
                    group.len(),
                    examples.join(", "),
                    fonts.label(first.face),
                ),
            )
            .with_hint(hint),
        );
    }
    // In reading order, as the author will fix them.
    found.sort_by_key(|d| (d.line, d.col));
    for d in found {
        diags.push(d);
    }
}

struct Walker<'f, 'a> {
    fonts: &'f FontSet<'a>,
    found: BTreeMap<char, Missing>,
    /// The block being walked.
    span: Span,
}

impl Walker<'_, '_> {
    fn take(&mut self) -> Vec<Missing> {
        std::mem::take(&mut self.found).into_values().collect()
    }

    fn blocks(&mut self, blocks: &[Block], face: FaceKind) {
        for block in blocks {
            match block {
                Block::Paragraph { content, span } => {
                    self.span = *span;
                    self.inlines(content, face);
                }
                Block::Heading { content, span, .. } => {
                    self.span = *span;
                    self.inlines(content, FaceKind::Italic);
                }
                Block::BlockQuote { blocks, span } => {
                    self.span = *span;
                    self.blocks(blocks, face);
                }
                Block::Callout {
                    title,
                    blocks,
                    span,
                    ..
                } => {
                    self.span = *span;
                    // A callout without a title prints its kind's label,
                    // which the labels' own check covers.
                    self.inlines(title, FaceKind::Bold);
                    self.blocks(blocks, face);
                }
                // Its head's word is a label, which the labels' own check
                // covers; a plain theorem's body is italic.
                Block::Theorem {
                    kind,
                    name,
                    blocks,
                    span,
                    ..
                } => {
                    self.span = *span;
                    self.inlines(name, FaceKind::Regular);
                    let body = match kind.style() {
                        crate::model::TheoremStyle::Plain => FaceKind::Italic,
                        _ => face,
                    };
                    self.blocks(blocks, body);
                }
                Block::List { items, span, .. } => {
                    self.span = *span;
                    for item in items {
                        self.blocks(item, face);
                    }
                }
                Block::ThematicBreak { .. } => {}
                Block::Equation { formula, span, .. } => {
                    self.span = *span;
                    self.formula(&formula.nodes);
                }
                Block::Bibliography { entries, .. } => {
                    for entry in entries {
                        self.span = entry.span;
                        self.inlines(&entry.content, face);
                    }
                }
                Block::CodeBlock { text, span, .. } => {
                    self.span = *span;
                    self.text(text, FaceKind::Mono);
                }
                Block::Figure {
                    caption,
                    label,
                    span,
                    ..
                } => {
                    self.span = *span;
                    // A numbered caption's "Figure 3." comes from the labels.
                    if let Some(label) = label {
                        self.text(label, face);
                    }
                    self.inlines(caption, face);
                }
                Block::Table {
                    caption,
                    label,
                    head,
                    rows,
                    span,
                    ..
                } => {
                    self.span = *span;
                    if let Some(label) = label {
                        self.text(label, face);
                    }
                    self.inlines(caption, face);
                    for cell in head.iter().chain(rows.iter().flatten()) {
                        self.inlines(cell, face);
                    }
                }
                Block::DefinitionList { items, span } => {
                    self.span = *span;
                    for item in items {
                        self.inlines(&item.term, FaceKind::Bold);
                        for definition in &item.definitions {
                            self.blocks(definition, face);
                        }
                    }
                }
                Block::Verse { stanzas, .. } => {
                    for line in stanzas.iter().flatten() {
                        self.span = line.span;
                        self.inlines(&line.content, face);
                    }
                }
            }
        }
    }

    fn inlines(&mut self, inlines: &[Inline], face: FaceKind) {
        for inline in inlines {
            match inline {
                Inline::Text { text } => self.text(text, face),
                Inline::Code { text } => self.text(text, FaceKind::Mono),
                Inline::Math { formula } => self.formula(&formula.nodes),
                Inline::Emphasis { content } => {
                    let emphasised = if face == FaceKind::Italic {
                        FaceKind::Regular
                    } else {
                        FaceKind::Italic
                    };
                    self.inlines(content, emphasised);
                }
                Inline::Strong { content } => self.inlines(content, FaceKind::Bold),
                Inline::SmallCaps { content } => self.inlines(content, FaceKind::SmallCaps),
                Inline::Link { content, .. }
                | Inline::Strikethrough { content }
                | Inline::Superscript { content }
                | Inline::Subscript { content }
                | Inline::Indexed { content, .. }
                | Inline::Span { content, .. } => self.inlines(content, face),
                Inline::LineBreak | Inline::NoteRef { .. } => {}
            }
        }
    }

    /// A formula's characters as `pdf::math` draws them: from the math
    /// face, else the regular face or a fallback (`\text{…}` from the
    /// regular face first).
    fn formula(&mut self, nodes: &[MathNode]) {
        for node in nodes {
            match node {
                MathNode::Ident { text, style } => {
                    let styled: String = text
                        .chars()
                        .map(|c| crate::model::styled_char(c, *style))
                        .collect();
                    self.math_text(&styled);
                }
                MathNode::Number { text } | MathNode::Operator { text, .. } => self.math_text(text),
                MathNode::Function { name, .. } => self.math_text(name),
                MathNode::Text { text } => self.text(text, FaceKind::Regular),
                MathNode::Row { nodes } => self.formula(nodes),
                MathNode::Scripts { base, sub, sup } => {
                    for part in std::iter::once(base).chain(sub).chain(sup) {
                        self.formula(std::slice::from_ref(part));
                    }
                }
                MathNode::Fraction { num, den, .. } => {
                    self.formula(std::slice::from_ref(num));
                    self.formula(std::slice::from_ref(den));
                }
                MathNode::Root { degree, radicand } => {
                    for part in degree.iter().chain(std::iter::once(radicand)) {
                        self.formula(std::slice::from_ref(part));
                    }
                }
                MathNode::Fenced { open, close, nodes } => {
                    self.math_text(open);
                    self.math_text(close);
                    self.formula(nodes);
                }
                MathNode::Accent { base, .. } => self.formula(std::slice::from_ref(base)),
                MathNode::Table { rows, .. } => {
                    for cell in rows.iter().flatten() {
                        self.formula(cell);
                    }
                }
                MathNode::Space { .. } => {}
                MathNode::Stack {
                    base, over, under, ..
                } => {
                    for part in std::iter::once(base).chain(over).chain(under) {
                        self.formula(std::slice::from_ref(part));
                    }
                }
                MathNode::Boxed { body } => self.formula(std::slice::from_ref(body)),
                MathNode::Middle { text } => self.math_text(text),
                MathNode::Styled { nodes, .. } => self.formula(nodes),
            }
        }
    }

    fn math_text(&mut self, text: &str) {
        let font = crate::pdf::math::font::MathFont::embedded();
        for c in text.chars() {
            if invisible(c)
                || font.glyph(c).is_some()
                || self.fonts.face_for(FaceKind::Regular, c).is_some()
            {
                continue;
            }
            self.missing(c, FaceKind::Regular);
        }
    }

    fn text(&mut self, text: &str, face: FaceKind) {
        for c in text.chars() {
            if c.is_ascii() || invisible(c) || self.fonts.face_for(face, c).is_some() {
                continue;
            }
            self.missing(c, face);
        }
    }

    fn missing(&mut self, c: char, face: FaceKind) {
        {
            let span = self.span;
            self.found
                .entry(c)
                .or_insert(Missing {
                    character: c,
                    count: 0,
                    face,
                    block: span,
                })
                .count += 1;
        }
    }
}

/// Characters that print as nothing: spaces, controls, format characters
/// (soft hyphen, joiners, marks of direction), variation selectors. A
/// face needs no glyph for them.
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{E0100}'..='\u{E01EF}')
}

/// The character as a message shows it: quoted, or by name when quoting
/// would show nothing useful (a combining mark on its own).
fn shown(c: char) -> String {
    if matches!(c, '\u{300}'..='\u{36F}' | '\u{591}'..='\u{5C7}' | '\u{64B}'..='\u{65F}') {
        "a combining mark".to_string()
    } else {
        format!("'{c}'")
    }
}

/// The script a message names: Unicode's (`Han`, `Arabic`), `emoji` for
/// pictographs (their script is Common), `symbol` for the rest of Common.
fn script_name(c: char) -> String {
    if is_emoji(c) {
        return "emoji".to_string();
    }
    match c.script() {
        // Punctuation of a script's own (Chinese commas and full stops,
        // the Arabic comma) is Common: count it with the script's letters,
        // whose font has it.
        Script::Common if matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}') => {
            "Han".to_string()
        }
        Script::Common if matches!(c, '\u{0600}'..='\u{06FF}') => "Arabic".to_string(),
        Script::Common | Script::Inherited | Script::Unknown => "symbol".to_string(),
        script => script.full_name().replace('_', " "),
    }
}

fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}')
}

/// What to add to book.toml for a script: a font known to cover it, by
/// the family name it is installed under (and its Debian package).
fn hint(script: &str) -> String {
    let (family, note) = match script {
        "Han" | "Hiragana" | "Katakana" | "Hangul" | "Bopomofo" => (
            "Noto Serif CJK SC",
            "an installed family; Debian: fonts-noto-cjk",
        ),
        "Arabic" => (
            "Noto Naskh Arabic",
            "an installed family; Debian: fonts-noto-core",
        ),
        "Hebrew" => (
            "Noto Serif Hebrew",
            "an installed family; Debian: fonts-noto-core",
        ),
        "Greek" | "Cyrillic" | "Latin" => (
            "DejaVu Sans",
            "an installed family; Debian: fonts-dejavu-core",
        ),
        "emoji" => (
            "Noto Emoji",
            "a monochrome emoji face, or Symbola; colour emoji faces cannot be embedded in a PDF",
        ),
        _ => (
            "fonts/MyFallback.otf",
            "a font file in the book folder, or the family name of an installed font",
        ),
    };
    format!("add a font that has it in book.toml: [pdf] fallback-fonts = [\"{family}\"] ({note})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Chapter, FallbackFont, FontFiles};

    fn chapter(text: &str) -> Chapter {
        Chapter {
            file: "12-x.md".into(),
            blocks: vec![
                Block::Paragraph {
                    content: vec![Inline::Text {
                        text: text.to_string(),
                    }],
                    span: Span { line: 3, col: 1 },
                },
                Block::CodeBlock {
                    language: None,
                    text: "let π = 3;".into(),
                    tokens: Vec::new(),
                    caption: Vec::new(),
                    id: None,
                    label: None,
                    first_line: None,
                    span: Span { line: 5, col: 1 },
                },
            ],
            ..Chapter::default()
        }
    }

    /// The title page's check, then each chapter's, as the build runs them.
    fn check_all(book: &Book, fonts: &FontSet<'_>, diags: &mut Diagnostics) {
        check(book, fonts, diags);
        for chapter in &book.chapters {
            check_chapter(book, chapter, fonts, diags);
        }
    }

    fn book(text: &str) -> Book {
        let mut book = Book {
            metadata: crate::model::Metadata {
                title: "Τίτλος".into(),
                ..Default::default()
            },
            chapters: vec![chapter(text)],
            errata: vec![],
            epub: Default::default(),
            pdf: crate::model::PdfSettings {
                paper: (400.0, 600.0),
                paper_name: "a5".into(),
                margins: crate::model::Margins {
                    top: 50.0,
                    bottom: 60.0,
                    inner: 50.0,
                    outer: 50.0,
                },
                font_size: 11.0,
                leading: 14.0,
                hyphenate_left_min: 2,
                hyphenate_right_min: 3,
                hyphenation_exceptions: Default::default(),
                notes: Default::default(),
                chapters_open: Default::default(),
                notes_open: Default::default(),
                bound_right: false,
                half_title: false,
                page_references: true,
            },
            labels: Default::default(),
            toc_depth: 2,
            lists: Default::default(),
            code: Default::default(),
            assets: Default::default(),
            bodies: Default::default(),
        };
        book.assets.char_sites.insert(
            "12-x.md".into(),
            crate::sites::CharSites::of(&format!("# T\n\nSaid {text}\n")),
        );
        book
    }

    #[test]
    fn reports_each_missing_character_once_with_its_count_and_place() {
        let book = book("赫 and 赫 and Ελλάδα, Москва, “quotes”\u{AD}, 😀");
        let fonts = FontSet::embedded();
        let mut diags = Diagnostics::new();
        check_all(&book, &fonts, &mut diags);
        let messages: Vec<String> = diags.items().iter().map(|d| d.to_string()).collect();
        assert_eq!(messages.len(), 3, "{messages:#?}");
        // Inconsolata, the code face, has no Greek.
        assert!(messages[2].starts_with("12-x.md:5:1: warning: no font has 'π' (U+03C0, Greek)"));
        let han = messages.iter().find(|m| m.contains("U+8D6B")).unwrap();
        assert!(han.starts_with("12-x.md:3:6: warning: no font has '赫' (U+8D6B, Han); it will print as an empty box (EBGaramond12-Regular lacks it, 2 times in this file)"), "{han}");
        assert!(han.contains("Noto Serif CJK SC"), "{han}");
        let emoji = messages.iter().find(|m| m.contains("U+1F600")).unwrap();
        assert!(
            emoji.contains("emoji") && emoji.contains("monochrome"),
            "{emoji}"
        );
    }

    #[test]
    fn many_characters_of_one_script_are_one_warning() {
        let text = "中华人民共和国万岁";
        let fonts = FontSet::embedded();
        let mut diags = Diagnostics::new();
        check_all(&book(text), &fonts, &mut diags);
        assert_eq!(diags.items().len(), 2, "{:?}", diags.items());
        let message = diags.items()[0].to_string();
        assert!(
            message.contains(
                "no font has 9 Han characters of this file (9 in all), e.g. '中' (U+4E2D)"
            ),
            "{message}"
        );
    }

    /// The card page's titles and heading are checked with the title
    /// page's text: a title or a label no face has is named at book.toml.
    #[test]
    fn the_author_s_other_books_are_checked_with_the_title_page() {
        let fonts = FontSet::embedded();
        let messages = |book: &Book| {
            let mut diags = Diagnostics::new();
            check_all(book, &fonts, &mut diags);
            let all: Vec<String> = diags.items().iter().map(|d| d.to_string()).collect();
            all
        };
        let mut card = book("plain text");
        let before = messages(&card);
        card.metadata.also_by = vec!["Salt".into(), "盐".into()];
        let added: Vec<String> = messages(&card)
            .into_iter()
            .filter(|m| !before.contains(m))
            .collect();
        assert_eq!(added.len(), 1, "{added:#?}");
        assert!(
            added[0].starts_with("book.toml: warning: no font has '盐' (U+76D0, Han)")
                && added[0].contains("EBGaramond12-Italic lacks it"),
            "{added:#?}"
        );
        card.metadata.also_by = vec!["Salt".into()];
        card.labels.also_by = "又见 {authors}".into();
        let added: Vec<String> = messages(&card)
            .into_iter()
            .filter(|m| !before.contains(m))
            .collect();
        assert_eq!(added.len(), 1, "{added:#?}");
        assert!(added[0].contains("(`also-by`: “又见"), "{added:#?}");
    }

    #[test]
    fn a_fallback_face_that_has_the_character_silences_it() {
        let files = FontFiles {
            fallbacks: vec![FallbackFont {
                label: "garamond-again".into(),
                bytes: std::sync::Arc::new(crate::fonts::REGULAR.to_vec()),
                index: 0,
            }],
            ..FontFiles::default()
        };
        let fonts = FontSet::new(&files).unwrap();
        let found = missing(&book("Ελλάδα"), &fonts).unwrap();
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(
            fonts.face_for(FaceKind::Regular, 'λ'),
            Some(FaceKind::Regular)
        );
        assert_eq!(fonts.face_for(FaceKind::Regular, '赫'), None);
    }
}
