//! SVG figures: an author's SVG file checked, its text laid out with the book's own fonts, and written back normalised (paths only, no scripts, no external references) for both editions.
//!
//! usvg reads the file into a tree of paths and groups (CSS applied,
//! `use` expanded, shapes and text turned into paths) and writes that
//! tree back as plain SVG. That rewrite is what the book keeps: the EPUB
//! stores it as it is, the PDF draws it (`pdf::write::vector`), so both
//! editions show the same drawing, nothing the author's file could run
//! or fetch survives, and text looks the same on every machine because
//! it was laid out with the book's fonts alone, never the system's.

use std::collections::HashMap;
use std::sync::Arc;

use crate::images::ImageError;
use crate::model::FontFiles;

/// Largest SVG file read, in bytes: far above a hand-drawn or exported
/// diagram (tens of kilobytes), and it bounds the work done before the
/// file is known to be sane.
pub const MAX_BYTES: usize = 4 << 20;

/// Largest width or height accepted, in CSS pixels (1/96 inch): 5 metres.
pub const MAX_SIDE: f32 = 20_000.0;

/// Most elements the drawing may expand to, counting each `<use>` as the
/// copy it makes: a small file whose `use`s refer to groups of `use`s
/// can otherwise ask for billions (the SVG form of a decompression bomb).
pub const MAX_ELEMENTS: u64 = 200_000;

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// A checked SVG as the book keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    /// usvg's rewrite of the file: paths and groups only.
    pub bytes: Vec<u8>,
    /// Its size in CSS pixels (96 to the inch).
    pub width: f32,
    pub height: f32,
}

fn error(message: impl Into<String>, hint: impl Into<String>) -> ImageError {
    ImageError {
        message: message.into(),
        hint: hint.into(),
    }
}

/// Checks the SVG file `bytes` and returns its normalised rewrite, its
/// text set in `fonts` (the book's, else the embedded EB Garamond and
/// Inconsolata). Never panics.
pub fn normalise(bytes: &[u8], fonts: &FontFiles) -> Result<Drawing, ImageError> {
    if bytes.len() > MAX_BYTES {
        return Err(error(
            format!(
                "the SVG file is {} bytes, more than bookpack reads ({} MiB)",
                bytes.len(),
                MAX_BYTES >> 20
            ),
            "simplify the drawing (fewer points, no embedded pictures) or export it as a PNG",
        ));
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(error(
            "compressed SVG (.svgz) is not supported",
            "give the drawing as a plain .svg file (`gunzip -S .svgz`)",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        error(
            format!("the SVG file is not UTF-8 text ({e})"),
            "save the drawing again as UTF-8",
        )
    })?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        error(
            format!("the SVG file does not parse: {e}"),
            "the file is damaged or not XML; export the drawing again",
        )
    })?;
    check_document(&doc)?;

    let mut opt = usvg::Options {
        // Nothing is read from the disk: every reference was refused above.
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..Default::default()
    };
    let serif = load_fonts(opt.fontdb_mut(), fonts);
    if let Some(serif) = serif {
        opt.font_family = serif;
    }
    let tree = usvg::Tree::from_xmltree(&doc, &opt).map_err(|e| {
        error(
            format!("the SVG cannot be read: {e}"),
            "check the drawing in a browser, then export it again",
        )
    })?;
    let (width, height) = (tree.size().width(), tree.size().height());
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(error(
            format!(
                "the SVG declares {width} × {height} pixels, more than bookpack accepts ({MAX_SIDE} a side)"
            ),
            "give the drawing its real size (`width`, `height` or the `viewBox`, in pixels of 1/96 inch)",
        ));
    }
    if has_filter(tree.root()) {
        return Err(error(
            "the SVG uses a filter (blur, drop shadow…), which bookpack cannot draw as vectors",
            "remove the filter from the drawing, or export it as a PNG",
        ));
    }
    let written = tree.to_string(&usvg::WriteOptions {
        preserve_text: false,
        ..Default::default()
    });
    Ok(Drawing {
        bytes: with_view_box(&written, width, height).into_bytes(),
        width,
        height,
    })
}

/// usvg's rewrite with a `viewBox` over its whole size: usvg writes only
/// `width` and `height` (its tree is in those units), and without a
/// `viewBox` a reading system that shows the `<img>` narrower than that
/// (a phone's screen, `max-width: 100%`) crops the drawing instead of
/// scaling it.
fn with_view_box(written: &str, width: f32, height: f32) -> String {
    match written.strip_prefix("<svg ") {
        Some(rest) => format!("<svg viewBox=\"0 0 {width} {height}\" {rest}"),
        None => written.to_string(),
    }
}

/// Loads the book's faces into `db`, and makes its serif family every
/// generic family (a book has one serif text face, and a drawing's
/// `sans-serif` or an unknown family falls back to it) but `monospace`,
/// which is the code face. Returns the serif family's name.
fn load_fonts(db: &mut usvg::fontdb::Database, fonts: &FontFiles) -> Option<String> {
    type Bytes = Arc<dyn AsRef<[u8]> + Send + Sync>;
    // The embedded faces are borrowed, not copied.
    let face = |given: &Option<Vec<u8>>, embedded: &'static [u8]| -> Bytes {
        match given {
            Some(bytes) => Arc::new(bytes.clone()),
            None => Arc::new(embedded),
        }
    };
    let load = |db: &mut usvg::fontdb::Database, bytes: Bytes| -> Option<String> {
        let source = usvg::fontdb::Source::Binary(bytes);
        let ids = db.load_font_source(source);
        let first = db.face(*ids.first()?)?;
        Some(first.families.first()?.0.clone())
    };
    let serif = load(db, face(&fonts.regular, crate::fonts::REGULAR));
    load(db, face(&fonts.italic, crate::fonts::ITALIC));
    load(db, face(&fonts.bold, crate::fonts::BOLD));
    let mono = load(db, face(&fonts.mono, crate::fonts::MONO));
    for fallback in &fonts.fallbacks {
        load(db, fallback.bytes.clone() as Bytes);
    }
    if let Some(serif) = &serif {
        db.set_serif_family(serif.clone());
        db.set_sans_serif_family(serif.clone());
        db.set_cursive_family(serif.clone());
        db.set_fantasy_family(serif.clone());
    }
    if let Some(mono) = mono {
        db.set_monospace_family(mono);
    }
    serif
}

/// Whether a group of the tree (at any depth) has a filter.
fn has_filter(group: &usvg::Group) -> bool {
    !group.filters().is_empty()
        || group.children().iter().any(|node| match node {
            usvg::Node::Group(g) => has_filter(g),
            _ => false,
        })
}

/// What usvg is not asked to judge: the root is an `<svg>` with a size,
/// nothing refers to a file, and `use` does not multiply the drawing
/// beyond [`MAX_ELEMENTS`].
fn check_document(doc: &roxmltree::Document) -> Result<(), ImageError> {
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NS) {
        return Err(error(
            format!(
                "the file is not an SVG drawing (its root element is <{}>{})",
                root.tag_name().name(),
                if root.tag_name().namespace().is_none() {
                    ", in no namespace"
                } else {
                    ""
                }
            ),
            format!("an SVG starts with <svg xmlns=\"{SVG_NS}\" …>"),
        ));
    }
    let length = |name: &str| {
        root.attribute(name)
            .map(str::trim)
            .filter(|v| !v.is_empty() && !v.ends_with('%'))
    };
    let view_box = root.attribute("viewBox");
    if (length("width").is_none() || length("height").is_none()) && view_box.is_none() {
        return Err(error(
            "the SVG has no size: its <svg> element has no `width` and `height` and no `viewBox`",
            "add viewBox=\"0 0 W H\" giving the drawing's extent (in pixels of 1/96 inch)",
        ));
    }
    let zero = |v: Option<&str>| {
        v.and_then(|v| {
            let number = v.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            number.trim().parse::<f32>().ok()
        })
        .is_some_and(|n| n <= 0.0)
    };
    let box_zero = view_box.is_some_and(|b| {
        let parts: Vec<f32> = b
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse().ok())
            .collect();
        parts.len() == 4 && (parts[2] <= 0.0 || parts[3] <= 0.0)
    });
    if zero(length("width")) || zero(length("height")) || box_zero {
        return Err(error(
            "the SVG declares an empty size (a width or height of zero)",
            "give the drawing its real size in `width`, `height` or the `viewBox`",
        ));
    }
    for node in doc.descendants().filter(|n| n.is_element()) {
        if let Some(reference) = external_reference(&node) {
            let at = doc.text_pos_at(node.range().start);
            return Err(reference.at(node.tag_name().name(), at.row, at.col));
        }
    }
    let expanded = expanded_size(doc);
    if expanded > MAX_ELEMENTS {
        return Err(error(
            format!(
                "the SVG expands to {expanded} elements through `<use>`, more than bookpack draws ({MAX_ELEMENTS})"
            ),
            "simplify the drawing, or export it as a PNG",
        ));
    }
    Ok(())
}

/// A reference to something outside the file.
enum Reference {
    /// A picture given inline (a `data:` URL): usvg would keep it, the
    /// PDF could not draw it.
    Embedded,
    /// A file or address.
    External(String),
}

impl Reference {
    fn at(&self, element: &str, line: u32, col: u32) -> ImageError {
        match self {
            Reference::Embedded => error(
                format!("the SVG embeds a raster picture (<{element}> at its line {line}, column {col}), which bookpack does not draw inside a drawing"),
                "remove the picture from the drawing, or give it as a figure of its own",
            ),
            Reference::External(target) => error(
                format!("the SVG refers to `{target}` outside itself (<{element}> at its line {line}, column {col})"),
                "an SVG figure must be self-contained: draw the picture or text in it, or export the drawing as a PNG",
            ),
        }
    }
}

/// What element `node` refers to outside the file, if anything: an
/// `href` to another file (any element but a link), a `url(…)` that is
/// not `#local`, or a style sheet's `@import` or `@font-face`.
fn external_reference(node: &roxmltree::Node) -> Option<Reference> {
    let name = node.tag_name().name();
    for attr in node.attributes() {
        let value = attr.value().trim();
        if attr.name() == "href" && name != "a" && !value.starts_with('#') {
            if value.starts_with("data:") {
                return Some(if name == "image" || name == "feImage" {
                    Reference::Embedded
                } else {
                    Reference::External(value.chars().take(40).collect())
                });
            }
            return Some(Reference::External(value.to_string()));
        }
        if let Some(target) = outside_url(value) {
            return Some(Reference::External(target));
        }
    }
    if name == "style" {
        let css: String = node.children().filter_map(|c| c.text()).collect::<String>();
        let lower = css.to_ascii_lowercase();
        if lower.contains("@import") || lower.contains("@font-face") {
            return Some(Reference::External(
                if lower.contains("@import") {
                    "@import"
                } else {
                    "@font-face"
                }
                .to_string(),
            ));
        }
        if let Some(target) = outside_url(&css) {
            return Some(Reference::External(target));
        }
    }
    None
}

/// The first `url(…)` in `text` that does not point into the file.
fn outside_url(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let inner = rest[..rest.find(')').unwrap_or(rest.len())]
            .trim()
            .trim_matches(|c| c == '"' || c == '\'');
        if !inner.starts_with('#') {
            return Some(inner.to_string());
        }
    }
    None
}

/// How many elements the drawing holds once every `<use>` is replaced by
/// a copy of what it refers to (a cycle counts nothing again: usvg drops it).
fn expanded_size(doc: &roxmltree::Document) -> u64 {
    let ids: HashMap<&str, roxmltree::Node> = doc
        .descendants()
        .filter_map(|n| Some((n.attribute("id")?, n)))
        .collect();
    let mut memo: HashMap<roxmltree::NodeId, u64> = HashMap::new();
    let mut open = Vec::new();
    count(doc.root_element(), &ids, &mut memo, &mut open)
}

fn count<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    ids: &HashMap<&str, roxmltree::Node<'a, 'i>>,
    memo: &mut HashMap<roxmltree::NodeId, u64>,
    open: &mut Vec<roxmltree::NodeId>,
) -> u64 {
    if let Some(&n) = memo.get(&node.id()) {
        return n;
    }
    if open.contains(&node.id()) {
        return 0;
    }
    open.push(node.id());
    let mut total: u64 = 1;
    for child in node.children().filter(|c| c.is_element()) {
        total = total.saturating_add(count(child, ids, memo, open));
    }
    if node.tag_name().name() == "use" {
        let target = node
            .attributes()
            .find(|a| a.name() == "href")
            .and_then(|a| a.value().trim().strip_prefix('#'))
            .and_then(|id| ids.get(id));
        if let Some(&target) = target {
            total = total.saturating_add(count(target, ids, memo, open));
        }
    }
    open.pop();
    memo.insert(node.id(), total);
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> FontFiles {
        FontFiles {
            regular: None,
            italic: None,
            bold: None,
            small_caps: None,
            mono: None,
            fallbacks: Vec::new(),
            code_fallback: None,
            unusable: Vec::new(),
        }
    }

    fn read(svg: &str) -> Result<Drawing, ImageError> {
        normalise(svg.as_bytes(), &fonts())
    }

    const NS: &str = "xmlns='http://www.w3.org/2000/svg'";

    #[test]
    fn text_becomes_paths_in_the_books_font_and_scripts_go() {
        let d = read(&format!(
            "<svg {NS} viewBox='0 0 200 100'><script>alert(1)</script>\
             <text x='10' y='50' font-family='No Such Face' font-size='20' onclick='x()'>Figure</text></svg>"
        ))
        .unwrap();
        let out = String::from_utf8(d.bytes).unwrap();
        assert!(!out.contains("<script") && !out.contains("<text") && !out.contains("onclick"));
        // The unknown family fell back to EB Garamond: the word is drawn.
        assert!(out.contains("<path"), "{out}");
        assert_eq!((d.width, d.height), (200.0, 100.0));
        assert!(
            out.starts_with("<svg viewBox=\"0 0 200 100\" width=\"200\" height=\"100\""),
            "{out}"
        );
        // The same file gives the same bytes.
        let again = read(&format!(
            "<svg {NS} viewBox='0 0 200 100'><script>alert(1)</script>\
             <text x='10' y='50' font-family='No Such Face' font-size='20' onclick='x()'>Figure</text></svg>"
        ))
        .unwrap();
        assert_eq!(out.as_bytes(), again.bytes.as_slice());
    }

    #[test]
    fn sizes_are_required_and_bounded() {
        let e = read(&format!("<svg {NS}><rect width='5' height='5'/></svg>")).unwrap_err();
        assert!(e.message.contains("no size"), "{e:?}");
        let e = read(&format!("<svg {NS} width='0' height='10'/>")).unwrap_err();
        assert!(e.message.contains("empty size"), "{e:?}");
        let e = read(&format!("<svg {NS} viewBox='0 0 10 0'/>")).unwrap_err();
        assert!(e.message.contains("empty size"), "{e:?}");
        let e = read(&format!("<svg {NS} width='90000' height='10'/>")).unwrap_err();
        assert!(e.message.contains("90000 × 10"), "{e:?}");
        let d = read(&format!("<svg {NS} width='4in' height='1in'/>")).unwrap();
        assert_eq!((d.width, d.height), (384.0, 96.0));
    }

    #[test]
    fn broken_and_foreign_files_are_refused() {
        let e = read(&format!("<svg {NS} width='10' height='10'><rect")).unwrap_err();
        assert!(
            e.message.starts_with("the SVG file does not parse"),
            "{e:?}"
        );
        let e = read("<html width='10' height='10'/>").unwrap_err();
        assert!(e.message.contains("root element is <html>"), "{e:?}");
        let big = vec![b' '; MAX_BYTES + 1];
        let e = normalise(&big, &fonts()).unwrap_err();
        assert!(e.message.contains("4 MiB"), "{e:?}");
        let e = normalise(&[0x1f, 0x8b, 8, 0], &fonts()).unwrap_err();
        assert!(e.message.contains("svgz"), "{e:?}");
    }

    #[test]
    fn references_outside_the_file_are_refused() {
        let e = read(&format!(
            "<svg {NS} xmlns:xlink='http://www.w3.org/1999/xlink' viewBox='0 0 9 9'>\n\
             <image xlink:href='photo.png' width='9' height='9'/></svg>"
        ))
        .unwrap_err();
        assert!(
            e.message.contains("`photo.png`") && e.message.contains("line 2, column 1"),
            "{e:?}"
        );
        let e = read(&format!(
            "<svg {NS} viewBox='0 0 9 9'><image href='data:image/png;base64,AAAA'/></svg>"
        ))
        .unwrap_err();
        assert!(e.message.contains("raster picture"), "{e:?}");
        let e = read(&format!(
            "<svg {NS} viewBox='0 0 9 9'><rect style='fill: url(other.svg#g)'/></svg>"
        ))
        .unwrap_err();
        assert!(e.message.contains("`other.svg#g`"), "{e:?}");
        let e = read(&format!(
            "<svg {NS} viewBox='0 0 9 9'><style>@font-face {{ src: url(f.woff) }}</style></svg>"
        ))
        .unwrap_err();
        assert!(e.message.contains("@font-face"), "{e:?}");
        // A link, and fills that point into the file, are fine.
        read(&format!(
            "<svg {NS} viewBox='0 0 9 9'><defs><linearGradient id='g'/></defs>\
             <a href='https://example.org'><rect width='9' height='9' fill='url(#g)'/></a></svg>"
        ))
        .unwrap();
    }

    #[test]
    fn a_use_bomb_is_refused_before_usvg_expands_it() {
        let mut svg = format!("<svg {NS} xmlns:xlink='http://www.w3.org/1999/xlink' viewBox='0 0 9 9'><defs><rect id='l0' width='1' height='1'/>");
        for level in 1..8 {
            svg.push_str(&format!("<g id='l{level}'>"));
            for _ in 0..10 {
                svg.push_str(&format!("<use xlink:href='#l{}'/>", level - 1));
            }
            svg.push_str("</g>");
        }
        svg.push_str("</defs><use xlink:href='#l7'/></svg>");
        let e = read(&svg).unwrap_err();
        assert!(e.message.contains("through `<use>`"), "{e:?}");
    }

    #[test]
    fn filters_are_refused() {
        let e = read(&format!(
            "<svg {NS} viewBox='0 0 9 9'><filter id='f'><feGaussianBlur stdDeviation='2'/></filter>\
             <rect width='9' height='9' filter='url(#f)'/></svg>"
        ))
        .unwrap_err();
        assert!(e.message.contains("filter"), "{e:?}");
    }
}
