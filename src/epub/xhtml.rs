//! XHTML for the EPUB: every escape and every markup decision for text lives here.
//!
//! Nothing else in `epub/` writes text into markup without going through
//! [`push_text`] or [`push_attr`], so whatever the Markdown holds (`<script>`,
//! `&`, quotes, control characters), every file stays well-formed XML.

mod blocks;
mod callout;
mod theorem;

use std::collections::BTreeMap;

use crate::model::{Inline, LinkTarget};

pub(crate) use blocks::{is_epigraph_verse, push_blocks, push_entries};

/// The prefix of the Z39.98-2012 Structural Semantics Vocabulary, for
/// `epub:type` values such as `z3998:poem`.
pub(crate) const Z3998_PREFIX: &str = "z3998: http://www.daisy.org/z3998/2012/vocab/structure/#";

/// The XHTML namespace declaration line shared by every content document.
const XHTML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n";

/// Whether XML 1.0 allows `c` in a document (its `Char` production), and
/// whether we want it: C1 controls are allowed by XML but are never text a
/// reader should see, so they are dropped as well.
fn is_wanted_char(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => false,
        '\u{FFFE}' | '\u{FFFF}' => false,
        _ => true,
    }
}

/// Appends `s` as XML character data: `&`, `<`, `>` escaped, characters XML
/// cannot carry dropped.
pub(crate) fn push_text(out: &mut String, s: &str) {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // XML parsers turn CR LF and a lone CR into LF; writing LF
            // ourselves means what a reader gets is what we wrote.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if is_wanted_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Appends `s` for use inside a double-quoted attribute value.
pub(crate) fn push_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Attribute-value normalisation would turn these into spaces anyway;
            // writing them as spaces keeps the bytes honest.
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_wanted_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// `s` escaped as character data.
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

/// `s` escaped as an attribute value.
pub(crate) fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_attr(&mut out, s);
    out
}

/// Whether `id` can be used both as an XML id (an NCName) and, for
/// chapters, as a file stem: ASCII letter first, then letters, digits, `-`,
/// `_` or `.`. The model promises ids like `note-12-3`; anything else is
/// refused rather than mangled, so links never point at a changed id.
pub(crate) fn is_safe_id(id: &str) -> bool {
    crate::ids::is_plain_id(id)
}

/// Whether `id` may name an element a link goes to (a heading, a figure,
/// a table, a note reference): an XML name in any script
/// ([`crate::ids::is_element_id`]), written as it is in `id` and, after
/// `#`, in `href` — the fragment raw, not percent-encoded: EPUBCheck 5.3
/// accepts both, browsers' engines resolve both (the URL parser encodes
/// it, the indicated-element lookup decodes it), and readers that compare
/// fragments as strings (crengine before 2018, Vivliostyle before 2020)
/// found only the raw one. Anything else is refused, as with
/// [`is_safe_id`].
pub(crate) fn is_safe_anchor(id: &str) -> bool {
    crate::ids::is_element_id(id)
}

/// The `href` for a link's target, if it may be written: external
/// addresses as `links.rs` checked and encoded them (checked once more
/// here, since the model may come from another program), chapters as their
/// XHTML file plus the anchor.
pub(crate) fn safe_href(
    target: &LinkTarget,
    chapter_files: &BTreeMap<String, String>,
) -> Option<String> {
    match target {
        LinkTarget::External { url } => crate::links::checked_external(url),
        LinkTarget::Internal {
            chapter, anchor, ..
        } => {
            let file = chapter_files.get(chapter)?;
            Some(match anchor {
                Some(anchor) if is_safe_anchor(anchor) => format!("{file}#{anchor}"),
                _ => file.clone(),
            })
        }
    }
}

/// Where links in rendered text go: the notes file and the chapters'
/// files; and the direction of the page they are written into.
#[derive(Clone, Copy)]
pub(crate) struct Links<'a> {
    /// File name of the endnotes document, e.g. `notes.xhtml`.
    pub notes_file: &'a str,
    /// Chapter id → XHTML file name.
    pub chapter_files: &'a BTreeMap<String, String>,
    /// Note reference id → id of the note it points to. A reference in the
    /// model carries its own id and number, not the note's id.
    pub note_targets: &'a BTreeMap<String, String>,
    /// Image asset key → its file in the package and its size.
    pub images: &'a BTreeMap<String, ImageFile>,
    /// The page reads right to left (`dir="rtl"` on its `<html>`): a
    /// paragraph that reads the other way says so.
    pub rtl: bool,
    /// Where a paragraph opening with a dash is an epigraph's source
    /// (`class="source"`, set flush right as the PDF sets it).
    pub sources: Sources,
    /// The page is a glossary: its definition lists' terms are the terms
    /// it defines (`glossterm`, `<dfn>`) and their definitions `glossdef`.
    pub glossary: bool,
    /// The digits of note references (the book's `numerals`).
    pub numerals: crate::numerals::Numerals,
    /// Formulas as their plain text, not MathML: the text of a link
    /// repeated in the contents or a notes heading.
    pub plain_math: bool,
    /// The title of a callout that gives none, by kind (in
    /// `CalloutKind::ALL`'s order): the book's labels.
    pub callouts: [&'a str; 5],
}

/// A figure's image in the package.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ImageFile {
    /// E.g. `images/map-1a2b3c4d.png`.
    pub path: String,
    /// The picture's size in pixels, as `source/` read it when it
    /// checked the file (a converted JPEG keeps its size).
    pub width: u32,
    pub height: u32,
}

/// Where an epigraph's source may stand (see [`Links::sources`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Sources {
    /// Nowhere: a chapter's text.
    #[default]
    Nowhere,
    /// Anywhere on the page: an epigraph's.
    Anywhere,
    /// In its block quotes, which are epigraphs: a part's or a
    /// dedication's page, a chapter's opening quote.
    InQuotes,
}

/// Renders inlines as XHTML phrasing content.
pub(crate) fn push_inlines(out: &mut String, inlines: &[Inline], links: &Links) {
    for inline in inlines {
        push_inline(out, inline, links, false);
    }
}

/// A title's inlines as the text of a link (a navigation entry, the
/// heading of a chapter's notes): emphasis and spans kept, a link in them
/// written as its text and a note reference left out (HTML nests no link
/// in a link).
pub(crate) fn push_link_text(out: &mut String, inlines: &[Inline]) {
    static NONE: BTreeMap<String, String> = BTreeMap::new();
    static NO_IMAGES: BTreeMap<String, ImageFile> = BTreeMap::new();
    // Inside a link nothing reads where links go.
    let links = Links {
        notes_file: "",
        chapter_files: &NONE,
        note_targets: &NONE,
        images: &NO_IMAGES,
        rtl: false,
        sources: Sources::Nowhere,
        glossary: false,
        numerals: crate::numerals::Numerals::Latn,
        plain_math: true,
        callouts: [""; 5],
    };
    for inline in inlines {
        push_inline(out, inline, &links, true);
    }
}

fn push_inline(out: &mut String, inline: &Inline, links: &Links, in_link: bool) {
    match inline {
        Inline::Text { text } => push_text(out, text),
        // In running text, in text style even when written `$$…$$`
        // where no block can stand; as its plain text (the model's, as
        // the NCX has it) in a contents entry, whose reading systems
        // show a link's text only.
        Inline::Math { .. } if links.plain_math => {
            push_text(out, &Inline::plain_text(std::slice::from_ref(inline)))
        }
        Inline::Math { formula } => super::mathml::push_math(out, formula, false),
        Inline::Emphasis { content } => push_wrapped(out, "em", content, links, in_link),
        Inline::Strong { content } => push_wrapped(out, "strong", content, links, in_link),
        Inline::Strikethrough { content } => push_wrapped(out, "del", content, links, in_link),
        Inline::Superscript { content } => push_wrapped(out, "sup", content, links, in_link),
        Inline::Subscript { content } => push_wrapped(out, "sub", content, links, in_link),
        Inline::SmallCaps { content } => {
            out.push_str("<span class=\"smallcaps\">");
            for i in content {
                push_inline(out, i, links, in_link);
            }
            out.push_str("</span>");
        }
        Inline::Span { lang, dir, content } => {
            out.push_str("<span");
            push_lang_dir(out, lang.as_deref(), dir.as_deref());
            out.push('>');
            for i in content {
                push_inline(out, i, links, in_link);
            }
            out.push_str("</span>");
        }
        Inline::Code { text } => {
            out.push_str("<code>");
            push_text(out, text);
            out.push_str("</code>");
        }
        // Where the index's link lands: the words, or no words at all.
        Inline::Indexed { mark, content } => {
            out.push_str("<span id=\"");
            push_attr(out, &mark.id);
            out.push_str("\">");
            for i in content {
                push_inline(out, i, links, in_link);
            }
            out.push_str("</span>");
        }
        Inline::LineBreak => out.push_str("<br/>"),
        Inline::Link { target, content } => {
            let href = if in_link {
                None
            } else {
                safe_href(target, links.chapter_files)
            };
            match href {
                Some(href) => {
                    out.push_str("<a href=\"");
                    push_attr(out, &href);
                    out.push_str("\">");
                    for i in content {
                        push_inline(out, i, links, true);
                    }
                    out.push_str("</a>");
                    // HTML forbids a link inside a link, so note references in
                    // a link's text follow it instead of being lost.
                    let mut refs = Vec::new();
                    collect_note_refs(content, &mut refs);
                    for r in refs {
                        push_inline(out, r, links, false);
                    }
                }
                None => {
                    for i in content {
                        push_inline(out, i, links, in_link);
                    }
                }
            }
        }
        Inline::NoteRef { number, id, .. } => {
            if in_link {
                // Written after the enclosing link (see above).
                return;
            }
            out.push_str("<a href=\"");
            push_attr(out, links.notes_file);
            out.push('#');
            push_attr(out, links.note_targets.get(id).map_or("", String::as_str));
            out.push_str("\" id=\"");
            push_attr(out, id);
            out.push_str("\" class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\"");
            if links.numerals != crate::numerals::Numerals::Latn {
                // Isolated from the text before it (UAX #9, as
                // `pdf::bidi` sets it): "١٨٢٢.١", a year, a stop and note
                // ١, was one Arabic number by rule W4, the note read
                // before the year. A `dir` isolates (HTML's own
                // stylesheet); EPUB forbids CSS `unicode-bidi`.
                out.push_str(" dir=\"auto\"");
            }
            out.push('>');
            out.push_str(&links.numerals.number(number));
            out.push_str("</a>");
        }
    }
}

/// `content` inside `<tag>` … `</tag>`.
fn push_wrapped(out: &mut String, tag: &str, content: &[Inline], links: &Links, in_link: bool) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    for i in content {
        push_inline(out, i, links, in_link);
    }
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

fn collect_note_refs<'a>(inlines: &'a [Inline], out: &mut Vec<&'a Inline>) {
    for inline in inlines {
        match inline {
            Inline::NoteRef { .. } => out.push(inline),
            other => collect_note_refs(other.children(), out),
        }
    }
}

/// ` lang="…" xml:lang="…"` and ` dir="…"`, those given. EPUB 3 reading
/// systems read `xml:lang`; HTML's `lang` goes with it (both, as for the
/// chapter's own language).
pub(crate) fn push_lang_dir(out: &mut String, lang: Option<&str>, dir: Option<&str>) {
    if let Some(lang) = lang {
        out.push_str(" lang=\"");
        push_attr(out, lang);
        out.push_str("\" xml:lang=\"");
        push_attr(out, lang);
        out.push('"');
    }
    if let Some(dir) = dir {
        out.push_str(" dir=\"");
        push_attr(out, dir);
        out.push('"');
    }
}

/// ` id="…"` for an element a link may name (an id the source checked;
/// one that is not safe is left out, as links to it were refused).
fn push_id(out: &mut String, id: Option<&str>) {
    if let Some(id) = id.filter(|id| is_safe_anchor(id)) {
        out.push_str(" id=\"");
        push_attr(out, id);
        out.push('"');
    }
}

/// `page` (from [`page`]) with `class` on its `<html>`: the cover's page,
/// whose stylesheet rules size the root to the screen.
pub(crate) fn with_root_class(page: String, class: &str) -> String {
    let mut classed = String::with_capacity(page.len() + class.len() + 10);
    match page.split_once("<html ") {
        Some((head, rest)) => {
            classed.push_str(head);
            classed.push_str("<html class=\"");
            push_attr(&mut classed, class);
            classed.push_str("\" ");
            classed.push_str(rest);
            classed
        }
        None => page,
    }
}

/// A whole XHTML content document around `body` (already markup).
pub(crate) fn page(title: &str, lang: &str, body_type: Option<&str>, body: &str) -> String {
    page_in(title, lang, lang, body_type, body)
}

/// [`page`] for a page in `lang` of a book in `book_lang`: a left-to-right
/// page of a right-to-left book says `dir="ltr"`, or reading systems
/// take the package's right to left for it.
pub(crate) fn page_in(
    title: &str,
    lang: &str,
    book_lang: &str,
    body_type: Option<&str>,
    body: &str,
) -> String {
    let mut out = String::with_capacity(body.len() + 512);
    out.push_str(XHTML_HEAD);
    out.push_str(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"",
    );
    push_attr(&mut out, lang);
    out.push_str("\" xml:lang=\"");
    push_attr(&mut out, lang);
    out.push('"');
    if crate::language::right_to_left(lang) {
        // The whole page right to left (its paragraphs' base direction,
        // alignment, list markers), not only each line's letters: a
        // Hebrew note ending in a full stop showed it at the wrong end.
        out.push_str(" dir=\"rtl\"");
    } else if crate::language::right_to_left(book_lang) {
        out.push_str(" dir=\"ltr\"");
    }
    // The Z39.98 vocabulary's prefix, on the pages that use it: EPUBCheck
    // wants it declared (OPF-028), as Standard Ebooks does on every page.
    if body.contains("z3998:") {
        out.push_str(" epub:prefix=\"");
        out.push_str(Z3998_PREFIX);
        out.push('"');
    }
    out.push_str(">\n<head>\n<title>");
    push_text(&mut out, title);
    out.push_str(
        "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n</head>\n<body",
    );
    if let Some(t) = body_type {
        out.push_str(" epub:type=\"");
        push_attr(&mut out, t);
        out.push('"');
    }
    out.push_str(">\n");
    out.push_str(body);
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> (BTreeMap<String, String>, &'static str) {
        let mut files = BTreeMap::new();
        files.insert("chapter-2".to_string(), "chapter-2.xhtml".to_string());
        (files, "notes.xhtml")
    }

    /// A page's `<html>` names its direction where the package's would be
    /// wrong for it: right to left for Hebrew anywhere, left to right for
    /// English in a Hebrew book; nothing for English in an English one.
    #[test]
    fn a_page_names_its_direction_against_the_books() {
        for (lang, book, dir) in [
            ("he", "he", Some("rtl")),
            ("he", "en", Some("rtl")),
            ("en", "he", Some("ltr")),
            ("en-GB", "ar", Some("ltr")),
            ("en", "en", None),
            ("fr", "en", None),
        ] {
            let page = page_in("T", lang, book, None, "");
            let html = &page[page.find("<html").unwrap()..];
            let html = &html[..html.find('>').unwrap()];
            let found = html
                .split(" dir=\"")
                .nth(1)
                .map(|rest| &rest[..rest.find('"').unwrap()]);
            assert_eq!(found, dir, "{lang} in a {book} book");
        }
    }

    #[test]
    fn text_escapes_markup_and_drops_controls() {
        assert_eq!(
            text("<script>a & b</script>\u{0}\u{7}\u{1b}x\u{85}"),
            "&lt;script&gt;a &amp; b&lt;/script&gt;x"
        );
        assert_eq!(attr("\"it's\"\n<&>"), "&quot;it&#39;s&quot; &lt;&amp;&gt;");
        assert_eq!(text("tab\tand\nnewline stay"), "tab\tand\nnewline stay");
        assert_eq!(text("crlf\r\nand cr\ralone"), "crlf\nand cr\nalone");
    }

    fn ext(url: &str) -> LinkTarget {
        LinkTarget::External { url: url.into() }
    }

    fn internal(chapter: &str, anchor: Option<&str>) -> LinkTarget {
        LinkTarget::Internal {
            chapter: chapter.into(),
            anchor: anchor.map(str::to_string),
            placed_as: None,
        }
    }

    #[test]
    fn only_web_mail_and_chapter_links_survive() {
        let (files, _) = links();
        assert_eq!(
            safe_href(&ext("https://example.org/a b"), &files).as_deref(),
            Some("https://example.org/a%20b")
        );
        assert_eq!(
            safe_href(&ext("mailto:x@example.org"), &files).as_deref(),
            Some("mailto:x@example.org")
        );
        assert_eq!(
            safe_href(&internal("chapter-2", Some("noteref-1")), &files).as_deref(),
            Some("chapter-2.xhtml#noteref-1")
        );
        assert_eq!(
            safe_href(&internal("chapter-2", None), &files).as_deref(),
            Some("chapter-2.xhtml")
        );
        // An anchor that is not a plain id is not written; the chapter is.
        assert_eq!(
            safe_href(&internal("chapter-2", Some("\"><x")), &files).as_deref(),
            Some("chapter-2.xhtml")
        );
        assert_eq!(safe_href(&internal("chapter-9", None), &files), None);
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "../../etc/passwd",
            "other.md",
            "#frag",
            "http://",
            "https://../",
            "",
        ] {
            assert_eq!(safe_href(&ext(bad), &files), None, "{bad}");
        }
        assert_eq!(
            safe_href(&ext("https://ex.org/é\"<"), &files).as_deref(),
            Some("https://ex.org/%C3%A9%22%3C")
        );
    }

    #[test]
    fn unsafe_link_keeps_its_text_only() {
        let (files, notes) = links();
        let l = Links {
            notes_file: notes,
            chapter_files: &files,
            note_targets: &BTreeMap::new(),
            images: &BTreeMap::new(),
            rtl: false,
            sources: Sources::Nowhere,
            glossary: false,
            numerals: crate::numerals::Numerals::Latn,
            plain_math: false,
            callouts: [""; 5],
        };
        let mut out = String::new();
        push_inlines(
            &mut out,
            &[Inline::Link {
                target: ext("javascript:alert(1)"),
                content: vec![Inline::Text {
                    text: "click".into(),
                }],
            }],
            &l,
        );
        assert_eq!(out, "click");
    }

    #[test]
    fn note_refs_inside_links_move_after_the_link() {
        let (files, notes) = links();
        let l = Links {
            notes_file: notes,
            chapter_files: &files,
            note_targets: &BTreeMap::new(),
            images: &BTreeMap::new(),
            rtl: false,
            sources: Sources::Nowhere,
            glossary: false,
            numerals: crate::numerals::Numerals::Latn,
            plain_math: false,
            callouts: [""; 5],
        };
        let mut targets = BTreeMap::new();
        targets.insert("noteref-1".to_string(), "note-1".to_string());
        let l = Links {
            note_targets: &targets,
            ..l
        };
        let out = {
            let mut out = String::new();
            push_inlines(
                &mut out,
                &[Inline::Link {
                    target: ext("https://example.org/"),
                    content: vec![
                        Inline::Text {
                            text: "site".into(),
                        },
                        Inline::NoteRef {
                            number: 1,
                            first: true,
                            id: "noteref-1".into(),
                        },
                    ],
                }],
                &l,
            );
            out
        };
        assert_eq!(
            out,
            "<a href=\"https://example.org/\">site</a><a href=\"notes.xhtml#note-1\" id=\"noteref-1\" class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\">1</a>"
        );
    }

    #[test]
    fn ids_must_be_plain_ncnames() {
        assert!(is_safe_id("note-12-3"));
        assert!(is_safe_id("chapter-1"));
        for bad in ["", "1abc", "a b", "a\"b", "../x", "a/b", "é"] {
            assert!(!is_safe_id(bad), "{bad}");
        }
        // A heading's id may be in any script; a file's stem may not.
        for anchor in ["第一章", "маленькая-княгиня", "é", "note-12-3"] {
            assert!(is_safe_anchor(anchor), "{anchor}");
        }
        for bad in ["", "1abc", "a b", "a\"b", "../x", "a/b", "a&b", "a<b"] {
            assert!(!is_safe_anchor(bad), "{bad}");
        }
    }
}
