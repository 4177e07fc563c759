//! Reads finished editions back the way a reader's software would, and
//! checks what must hold for ANY book: well-formed XHTML, unique ids, no
//! active content, links that land, notes linked both ways, a PDF that
//! parses and whose text copies out.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

/// The files of an EPUB, by name.
pub struct Epub {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Epub {
    pub fn open(bytes: &[u8]) -> Result<Epub, String> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("zip: {e}"))?;
        let mut files = BTreeMap::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).map_err(|e| format!("zip entry {i}: {e}"))?;
            let mut data = Vec::new();
            f.read_to_end(&mut data)
                .map_err(|e| format!("zip entry {}: {e}", f.name()))?;
            files.insert(f.name().to_string(), data);
        }
        Ok(Epub { files })
    }

    /// The content documents (XHTML), by name.
    pub fn xhtml(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .filter(|(n, _)| n.ends_with(".xhtml"))
            .map(|(n, d)| (n.as_str(), std::str::from_utf8(d).unwrap_or("")))
    }
}

/// Elements that run code, embed other documents or submit data: none may
/// appear in a book made from Markdown.
const ACTIVE_ELEMENTS: [&str; 9] = [
    "script", "iframe", "object", "embed", "form", "input", "button", "frame", "base",
];

/// What [`check_epub`] found, for further assertions.
#[derive(Debug, Default)]
pub struct EpubFacts {
    /// Text of every `<body>`, by file (for word checks).
    pub body_text: BTreeMap<String, String>,
    /// Note references (`noteref` links) and notes (`endnote` items) by id.
    pub noterefs: BTreeMap<String, String>,
    pub notes: BTreeMap<String, String>,
    /// Every external `href` written.
    pub external_hrefs: Vec<String>,
}

/// Checks every content document of an EPUB: well-formed (roxmltree), ids
/// unique per file, no active content or event attributes, every internal
/// link lands on an existing file and id, note references and notes linked
/// both ways. Returns every problem found, not just the first.
pub fn check_epub(bytes: &[u8]) -> Result<EpubFacts, Vec<String>> {
    let epub = Epub::open(bytes).map_err(|e| vec![e])?;
    let mut problems = Vec::new();
    let mut facts = EpubFacts::default();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // (file, href) of every internal link, checked once all ids are known.
    let mut internal: Vec<(String, String)> = Vec::new();
    // noteref id → note href; note id → back href.
    let mut ref_targets: BTreeMap<String, String> = BTreeMap::new();
    let mut back_targets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, text) in epub.xhtml() {
        let short = name.to_string();
        let opts = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = match roxmltree::Document::parse_with_options(text, opts) {
            Ok(d) => d,
            Err(e) => {
                problems.push(format!("{name}: not well-formed: {e}"));
                continue;
            }
        };
        let file_ids = ids.entry(short.clone()).or_default();
        for node in doc.descendants().filter(|n| n.is_element()) {
            let tag = node.tag_name().name();
            if ACTIVE_ELEMENTS.contains(&tag) {
                problems.push(format!("{name}: active element <{tag}>"));
            }
            for a in node.attributes() {
                let an = a.name();
                if an.len() > 2 && an[..2].eq_ignore_ascii_case("on") {
                    problems.push(format!("{name}: event attribute {an}=\"{}\"", a.value()));
                }
            }
            if let Some(id) = node.attribute("id") {
                if !file_ids.insert(id.to_string()) {
                    problems.push(format!("{name}: duplicate id {id:?}"));
                }
            }
            for attr in ["href", "src"] {
                let Some(href) = node.attribute(attr) else {
                    continue;
                };
                let lower = href.trim().to_ascii_lowercase();
                if lower.starts_with("javascript:")
                    || lower.starts_with("data:")
                    || lower.starts_with("vbscript:")
                    || lower.starts_with("file:")
                {
                    problems.push(format!("{name}: active or local {attr}={href:?}"));
                } else if has_scheme(&lower) {
                    facts.external_hrefs.push(href.to_string());
                } else if !(tag == "link" && attr == "href") {
                    internal.push((short.clone(), href.to_string()));
                }
            }
            let epub_type = node
                .attributes()
                .find(|a| a.name() == "type" && a.namespace().is_some_and(|ns| ns.contains("ops")))
                .map(|a| a.value().to_string())
                .unwrap_or_default();
            if epub_type.split_whitespace().any(|t| t == "noteref") {
                let id = node.attribute("id").unwrap_or_default().to_string();
                ref_targets.insert(
                    id.clone(),
                    node.attribute("href").unwrap_or_default().into(),
                );
                facts.noterefs.insert(id, short.clone());
            }
            if epub_type.split_whitespace().any(|t| t == "endnote") {
                let id = node.attribute("id").unwrap_or_default().to_string();
                let backs = node
                    .descendants()
                    .filter(|n| n.attribute("role") == Some("doc-backlink"))
                    .filter_map(|n| n.attribute("href").map(str::to_string))
                    .collect();
                back_targets.insert(id.clone(), backs);
                facts.notes.insert(id, short.clone());
            }
        }
        if let Some(body) = doc.descendants().find(|n| n.has_tag_name("body")) {
            let text: String = body
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect::<Vec<_>>()
                .join(" ");
            facts.body_text.insert(short, text);
        }
    }
    // Hrefs are relative to the linking file's folder.
    let lands = |from: &str, href: &str| -> bool {
        let folder = from.rsplit_once('/').map_or("", |(d, _)| d);
        let (file, frag) = match href.split_once('#') {
            Some(("", id)) => (from.to_string(), Some(id)),
            Some((f, id)) => (join(folder, f), Some(id)),
            None => (join(folder, href), None),
        };
        match ids.get(&file) {
            Some(file_ids) => frag.is_none_or(|id| file_ids.contains(id)),
            None => frag.is_none() && epub.files.contains_key(&file),
        }
    };
    for (from, href) in &internal {
        if !lands(from, href) {
            problems.push(format!("{from}: link {href:?} lands nowhere"));
        }
    }
    // Every reference goes to a note that links back to a reference of it.
    for (ref_id, href) in &ref_targets {
        let note_id = href.split_once('#').map(|(_, id)| id).unwrap_or("");
        match back_targets.get(note_id) {
            None => problems.push(format!("noteref {ref_id:?} → {href:?}: no such note")),
            Some(backs) if backs.is_empty() => {
                problems.push(format!("note {note_id:?} has no back link"))
            }
            Some(_) => {}
        }
    }
    for (note_id, backs) in &back_targets {
        let file = &facts.notes[note_id];
        for back in backs {
            let ref_id = back.split_once('#').map(|(_, id)| id).unwrap_or("");
            let points_here = ref_targets
                .get(ref_id)
                .is_some_and(|h| h.ends_with(&format!("#{note_id}")));
            if !points_here || !lands(file, back) {
                problems.push(format!(
                    "note {note_id:?} links back to {back:?}, which is not a reference to it"
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(facts)
    } else {
        Err(problems)
    }
}

/// Whether `href` is absolute (`scheme:`), so outside the package.
fn has_scheme(href: &str) -> bool {
    href.split_once(':').is_some_and(|(scheme, _)| {
        let mut chars = scheme.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// `href` (no `..`, as bookpack writes them) inside `folder`.
fn join(folder: &str, href: &str) -> String {
    if folder.is_empty() {
        href.to_string()
    } else {
        format!("{folder}/{href}")
    }
}

/// The text of every page of a PDF, read with lopdf (parse errors fail).
pub fn pdf_text(bytes: &[u8]) -> Result<String, String> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| format!("lopdf: {e}"))?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    if pages.is_empty() {
        return Err("the PDF has no pages".into());
    }
    doc.extract_text(&pages)
        .map_err(|e| format!("lopdf text extraction: {e}"))
}

/// The text of a PDF as a reader follows it across pages: each page's
/// text in the order it is drawn, without the running head and folio
/// (whatever is set on the baseline `head_baseline`, in points from the
/// page's top; `None` keeps all), pages joined in order. Stricter than
/// lopdf's own extraction, which skips text in a font the page does not
/// list: that is an error here. Read whole, a word hyphenated
/// across a page turn would hold the next page's head and folio inside
/// it (`wbb-` `7` `Notes` `kwbbl`); read this way it is split as at any
/// line end, and [`letters`] undoes the hyphen the same way.
pub fn pdf_body_text(bytes: &[u8], head_baseline: Option<f32>) -> Result<String, String> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| format!("lopdf: {e}"))?;
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err("the PDF has no pages".into());
    }
    let mut text = String::new();
    for (number, id) in pages {
        let fail = |e: lopdf::Error| format!("page {number}: {e}");
        let page = doc.get_dictionary(id).map_err(fail)?;
        let height = page
            .get(b"MediaBox")
            .and_then(lopdf::Object::as_array)
            .map_err(fail)?
            .get(3)
            .and_then(|h| h.as_float().ok())
            .ok_or(format!("page {number}: no MediaBox height"))?;
        // The head's baseline as the content stream states it (y up).
        let head_y = head_baseline.map(|b| height - b);
        let fonts = doc.get_page_fonts(id).map_err(fail)?;
        let mut encodings = BTreeMap::new();
        for (name, font) in fonts {
            encodings.insert(name, font.get_font_encoding(&doc).map_err(fail)?);
        }
        let content = doc.get_and_decode_page_content(id).map_err(fail)?;
        let mut encoding = None;
        let mut y = 0.0f32;
        for op in &content.operations {
            let num = |i: usize| op.operands.get(i).and_then(|o| o.as_float().ok());
            match op.operator.as_str() {
                "BT" => y = 0.0,
                "Tf" => {
                    let name = op.operands.first().and_then(|o| o.as_name().ok());
                    let name = name.ok_or(format!("page {number}: Tf without a font name"))?;
                    // lopdf's own extraction skips such text silently.
                    encoding = Some(encodings.get(name).ok_or(format!(
                        "page {number}: font /{} is not among the page's resources",
                        String::from_utf8_lossy(name)
                    ))?);
                }
                "Tm" => y = num(5).unwrap_or(0.0),
                "Td" | "TD" => y += num(1).unwrap_or(0.0),
                "Tj" | "TJ" if head_y.is_some_and(|h| (y - h).abs() < 1.0) => {}
                "Tj" | "TJ" => {
                    let encoding =
                        encoding.ok_or(format!("page {number}: text shown with no font set"))?;
                    shown_text(&op.operands, encoding, &mut text).map_err(fail)?;
                    text.push(' ');
                }
                _ => {}
            }
        }
        text.push('\n');
    }
    Ok(text)
}

/// The text of `Tj`/`TJ` operands; a large TJ gap reads as a space, as
/// lopdf's own extraction has it.
fn shown_text(
    operands: &[lopdf::Object],
    encoding: &lopdf::Encoding,
    out: &mut String,
) -> Result<(), lopdf::Error> {
    for o in operands {
        match o {
            lopdf::Object::String(bytes, _) => {
                out.push_str(&lopdf::Document::decode_text(encoding, bytes)?)
            }
            lopdf::Object::Array(items) => shown_text(items, encoding, out)?,
            lopdf::Object::Integer(i) if *i < -100 => out.push(' '),
            lopdf::Object::Real(r) if *r < -100.0 => out.push(' '),
            _ => {}
        }
    }
    Ok(())
}

/// `s` reduced to what survives any line breaking and typography: letters
/// and digits only, lower-cased. Comparing two texts in this form ignores
/// spaces, hyphens added at line ends, quotes and dashes the typography
/// pass changed.
pub fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The URI of every web link annotation in a PDF, and how many annotations
/// jump inside the document.
pub fn pdf_links(bytes: &[u8]) -> (Vec<String>, usize) {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let mut uris = Vec::new();
    let mut goto = 0;
    for (_, page) in doc.get_pages() {
        let page = doc.get_dictionary(page).unwrap();
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        let annots = match annots {
            lopdf::Object::Reference(r) => doc.get_object(*r).unwrap().as_array().unwrap(),
            other => other.as_array().unwrap(),
        };
        for a in annots {
            let a = match a {
                lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
                other => other.as_dict().unwrap(),
            };
            let action = match a.get(b"A") {
                Ok(lopdf::Object::Reference(r)) => doc.get_dictionary(*r).unwrap(),
                Ok(other) => other.as_dict().unwrap(),
                Err(_) => continue,
            };
            match action.get(b"URI") {
                Ok(uri) => uris.push(String::from_utf8_lossy(uri.as_str().unwrap()).into_owned()),
                Err(_) => goto += 1,
            }
        }
    }
    (uris, goto)
}

/// Each set line of a page bookpack laid out, as text, top to bottom
/// (runs on one baseline joined). Small capitals copy out as the lower
/// case they are drawn from: "owen marsh".
pub fn page_lines(page: &bookpack::pdf::page::Page) -> Vec<String> {
    let mut by_y: Vec<(f32, String)> = Vec::new();
    for run in &page.runs {
        let text: String = run.glyphs.iter().map(|g| g.text.as_str()).collect();
        match by_y.iter_mut().find(|(y, _)| (y - run.y).abs() < 0.01) {
            Some((_, line)) => line.push_str(&text),
            None => by_y.push((run.y, text)),
        }
    }
    by_y.sort_by(|a, b| a.0.total_cmp(&b.0));
    by_y.into_iter().map(|(_, t)| t).collect()
}

/// The text drawn inside `area` of `page`: a link's words.
pub fn text_in(page: &bookpack::pdf::page::Page, area: &bookpack::pdf::page::Rect) -> String {
    let mut out = String::new();
    for run in &page.runs {
        if run.y < area.y - 0.5 || run.y > area.y + area.height + 0.5 {
            continue;
        }
        let mut x = run.x;
        for g in &run.glyphs {
            let centre = x + g.advance / 2.0;
            if centre > area.x && centre < area.x + area.width {
                out.push_str(&g.text);
            }
            x += g.advance;
        }
    }
    out
}
