//! SVG figures in both editions: drawn as vector Form XObjects in the PDF
//! (one per distinct drawing, no raster image), stored in the EPUB as
//! usvg's clean rewrite (no script, no text, no handler), the same bytes
//! every build; a broken drawing or one reaching outside itself fails at
//! its figure's line, writing nothing.
//!
//! Tests marked `#[ignore]` need qpdf or poppler-utils; they fail when a
//! tool is absent.

mod common;
use common::*;
use std::fs;
use std::path::{Path, PathBuf};

/// The fixture built into a new folder: the folder, the EPUB's and the
/// PDF's paths.
fn built() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, _) = build_fixture("svg-figures", &[]);
    let find = |ext: &str| {
        fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == ext))
            .unwrap_or_else(|| panic!("no .{ext}"))
    };
    let (epub, pdf) = (find("epub"), find("pdf"));
    (dir, epub, pdf)
}

fn subtype(doc: &lopdf::Document, object: &lopdf::Object) -> Option<Vec<u8>> {
    let dict = match object {
        lopdf::Object::Stream(s) => &s.dict,
        lopdf::Object::Reference(id) => return subtype(doc, doc.get_object(*id).ok()?),
        _ => return None,
    };
    dict.get(b"Subtype")
        .ok()?
        .as_name()
        .ok()
        .map(<[u8]>::to_vec)
}

#[test]
fn each_distinct_drawing_is_one_vector_form_and_no_picture() {
    let (_dir, _, pdf) = built();
    let doc = lopdf::Document::load_mem(&fs::read(pdf).unwrap()).unwrap();
    // The pages' XObjects: the two drawings (the plan is used twice).
    let mut forms = std::collections::BTreeSet::new();
    for (_, page) in doc.get_pages() {
        let page = doc.get_dictionary(page).unwrap();
        let resources = doc
            .get_dictionary(page.get(b"Resources").unwrap().as_reference().unwrap())
            .unwrap();
        if let Ok(xobjects) = resources.get(b"XObject").and_then(|x| x.as_dict()) {
            for (name, object) in xobjects.iter() {
                assert_eq!(
                    subtype(&doc, object).as_deref(),
                    Some(&b"Form"[..]),
                    "{}",
                    String::from_utf8_lossy(name)
                );
                forms.insert(object.as_reference().unwrap());
            }
        }
    }
    assert_eq!(forms.len(), 2, "{forms:?}");
    // Not one raster image anywhere in the file.
    let images = doc
        .objects
        .values()
        .filter(|o| subtype(&doc, o).as_deref() == Some(&b"Image"[..]))
        .count();
    assert_eq!(images, 0);
    // The wheel's gradient is a shading, not pixels.
    assert!(doc.objects.values().any(|o| o.as_dict().is_ok_and(|d| d
        .get(b"ShadingType")
        .is_ok_and(|t| t.as_i64().ok() == Some(3)))));
}

#[test]
fn the_epub_holds_the_clean_rewrite_once_per_drawing() {
    let (_dir, epub, _) = built();
    let e = inspect::Epub::open(&fs::read(epub).unwrap()).unwrap();
    let svgs: Vec<(&String, &Vec<u8>)> = e
        .files
        .iter()
        .filter(|(n, _)| n.ends_with(".svg"))
        .collect();
    assert_eq!(svgs.len(), 2, "{:?}", e.files.keys());
    for (name, bytes) in &svgs {
        let text = std::str::from_utf8(bytes).unwrap();
        let doc = roxmltree::Document::parse(text).unwrap();
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert!(root.attribute("viewBox").is_some(), "{name}");
        for bad in ["<script", "<text", "onclick", "<!--", "href=\"http"] {
            assert!(!text.contains(bad), "{name} holds {bad}");
        }
        assert!(text.contains("<path"), "{name}");
    }
    let opf = e
        .files
        .iter()
        .find(|(n, _)| n.ends_with(".opf"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    assert_eq!(opf.matches("media-type=\"image/svg+xml\"").count(), 2);
    let chapter = e
        .xhtml()
        .find(|(n, _)| n.contains("chapter-1"))
        .map(|(_, t)| t.to_string())
        .unwrap();
    // Three figures, three images of two files, sized from the drawings.
    assert_eq!(chapter.matches("<img src=\"images/fields-").count(), 2);
    assert!(
        chapter.contains("width=\"240\" height=\"200\""),
        "{chapter}"
    );
    assert!(chapter.contains("alt=\"The mill wheel, its spokes and paddles labelled\""));
}

#[test]
fn a_rebuild_gives_the_same_bytes() {
    let (_a, epub_a, pdf_a) = built();
    let (_b, epub_b, pdf_b) = built();
    assert!(fs::read(epub_a).unwrap() == fs::read(epub_b).unwrap());
    assert!(fs::read(pdf_a).unwrap() == fs::read(pdf_b).unwrap());
}

#[test]
#[ignore = "needs qpdf and poppler-utils"]
fn the_pdf_passes_qpdf_and_its_captions_copy_out() {
    let (_dir, _, pdf) = built();
    let bytes = fs::read(&pdf).unwrap();
    validators::qpdf_check("svg-figures", &bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext is not installed: `apt-get install poppler-utils`");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Plan of the fields"), "{text}");
    assert!(text.contains("The mill wheel and its parts"), "{text}");
    // The drawings' words are paths: nothing to copy, nothing to search.
    assert!(!text.split_whitespace().any(|w| w == "rim"), "{text}");
}

/// A book whose one chapter's figure (line 3) is `drawing.svg`, holding `svg`.
fn book_with_drawing(dir: &Path, svg: &str) {
    fs::write(
        dir.join("book.toml"),
        "title = \"D\"\nauthors = [\"A\"]\nlanguage = \"en-GB\"\nchapters = [\"one.md\"]\n",
    )
    .unwrap();
    fs::write(
        dir.join("one.md"),
        "# One\n\n![A drawing](drawing.svg \"A drawing\")\n",
    )
    .unwrap();
    fs::write(dir.join("drawing.svg"), svg).unwrap();
}

#[test]
fn a_bad_drawing_fails_at_its_figure_and_writes_nothing() {
    for (svg, expected) in [
        (
            "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><rect",
            "does not parse",
        ),
        (
            "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' viewBox='0 0 9 9'>\n<image xlink:href='../photo.png' width='9' height='9'/></svg>",
            "refers to `../photo.png` outside itself (<image> at its line 2, column 1)",
        ),
        (
            "<svg xmlns='http://www.w3.org/2000/svg'><rect width='9' height='9'/></svg>",
            "has no size",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        book_with_drawing(dir.path(), svg);
        let out = dir.path().join("out");
        let o = build_into(dir.path(), &out, &[]);
        assert_exit(&o, 1);
        let err = stderr(&o);
        assert!(
            has_located_message(&err, "one.md", 3, 1, "error"),
            "no error at one.md:3:1\n{err}"
        );
        assert!(err.contains(expected), "expected {expected:?} in\n{err}");
        assert!(err.contains("hint: "), "no hint\n{err}");
        let written = fs::read_dir(&out).map(|d| d.count()).unwrap_or(0);
        assert_eq!(written, 0, "something was written");
    }
}
