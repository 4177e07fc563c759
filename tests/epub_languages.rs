//! What the EPUB writes that the author did not: figures' sizes and the
//! JPEGs reading systems get, the imprint's ISBNs and stops, the words
//! around notes in another language than the book's, a bibliography's
//! list (review 41, findings 3, 14, 16 and 17). Each test builds a
//! fixture book and reads its files back.

mod common;

use common::epub_read::{file, fixture_epub as epub_of, parse, rules_for};

/// Finding 17: every figure's `<img>` carries its picture's size in
/// pixels, and the stylesheet lets it shrink in its shape, never grow.
#[test]
fn figures_carry_their_size_and_scale_in_their_shape() {
    let e = epub_of("content");
    let mut seen = 0;
    for (name, bytes) in &e.files {
        if !name.ends_with(".xhtml") {
            continue;
        }
        let text = std::str::from_utf8(bytes).unwrap();
        let doc = parse(text);
        for img in doc.descendants().filter(|n| n.has_tag_name("img")) {
            let src = img.attribute("src").unwrap();
            let picture = &e.files[&format!("EPUB/{src}")];
            let (w, h) = size_of(picture);
            assert_eq!(img.attribute("width"), Some(&*w.to_string()), "{src}");
            assert_eq!(img.attribute("height"), Some(&*h.to_string()), "{src}");
            seen += 1;
        }
    }
    assert!(seen >= 5, "{seen} images");
    let css = file(&e, "style.css");
    assert_eq!(
        rules_for(css, "figure img"),
        ["max-width: 100%; max-height: 90vh; height: auto; object-fit: contain;"]
    );
}

/// A PNG's or JPEG's size from its header.
fn size_of(bytes: &[u8]) -> (u32, u32) {
    if bytes.starts_with(b"\x89PNG") {
        let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
        return (be(16), be(20));
    }
    let mut d = jpeg_decoder::Decoder::new(bytes);
    d.read_info().unwrap();
    let info = d.info().unwrap();
    (u32::from(info.width), u32::from(info.height))
}

/// The JPEG frame's marker (SOF0 baseline, SOF2 progressive) and its
/// number of components.
fn frame_of(bytes: &[u8]) -> (u8, u8) {
    let mut at = 2;
    loop {
        let marker = bytes[at + 1];
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if (0xC0..=0xC2).contains(&marker) {
            return (marker, bytes[at + 4 + 5]);
        }
        at += 2 + len;
    }
}

/// Finding 17: the content fixture's progressive CMYK (YCCK, Adobe)
/// JPEG reaches the EPUB as a baseline three-component one of the same
/// size and colours: its pixels as Chromium (Skia) draws the original,
/// within JPEG's noise. The PDF keeps the file as it is; a baseline RGB
/// JPEG goes into the EPUB untouched.
#[test]
fn a_cmyk_progressive_jpeg_reaches_the_epub_as_baseline_srgb() {
    let e = epub_of("content");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/content/images");
    let original = std::fs::read(root.join("cmyk-progressive.jpg")).unwrap();
    assert_eq!(frame_of(&original), (0xC2, 4));
    let (name, stored) = e
        .files
        .iter()
        .find(|(n, _)| n.starts_with("EPUB/images/cmyk-progressive-"))
        .unwrap();
    assert_eq!(frame_of(stored), (0xC0, 3), "{name}");
    let mut d = jpeg_decoder::Decoder::new(stored.as_slice());
    let pixels = d.decode().unwrap();
    let info = d.info().unwrap();
    assert_eq!((info.width, info.height), (600, 400));
    assert_eq!(info.pixel_format, jpeg_decoder::PixelFormat::RGB24);
    // Chromium 148's pixels of the original at these points (an inverted
    // reading of Adobe's CMYK shows the negative: (103, 32, 14) for the
    // first).
    for ((x, y), want) in [
        ((50, 50), [152, 223, 241]),
        ((300, 200), [108, 117, 165]),
        ((550, 350), [103, 92, 125]),
        ((100, 300), [82, 117, 168]),
    ] {
        let at = (y * 600 + x) * 3;
        let got = &pixels[at..at + 3];
        for k in 0..3 {
            assert!(
                (i32::from(got[k]) - want[k]).abs() <= 12,
                "({x}, {y}): {got:?}, Chromium draws {want:?}"
            );
        }
    }
    // The baseline photograph is stored as it is.
    let photo = std::fs::read(root.join("photo.jpg")).unwrap();
    let (_, kept) = e
        .files
        .iter()
        .find(|(n, _)| n.starts_with("EPUB/images/photo-"))
        .unwrap();
    assert_eq!(kept, &photo);
    // Built twice, the same bytes.
    assert_eq!(epub_of("content").files[name], *stored);
}

/// Finding 16: the imprint lists both ISBNs, each named for its edition,
/// not the ebook's again as the identifier's URN, and ends the web
/// source's sentence with its stop, outside the link.
#[test]
fn the_imprint_names_both_isbns_once_and_ends_every_sentence() {
    let e = epub_of("epub-languages");
    let imprint = file(&e, "imprint.xhtml");
    assert!(
        imprint.contains("<p>ISBN 978-0-306-40615-7 (ebook)</p>"),
        "{imprint}"
    );
    assert!(
        imprint.contains("<p>ISBN 978-1-4028-9462-6 (print)</p>"),
        "{imprint}"
    );
    assert!(!imprint.contains("urn:isbn"), "{imprint}");
    assert!(!imprint.contains("Identifier"), "{imprint}");
    assert!(imprint.contains(
        "<p>Text from <a href=\"https://example.org/notes-abroad\">https://example.org/notes-abroad</a>.</p>"
    ), "{imprint}");
    // The identifier is still the package's.
    assert!(file(&e, "content.opf")
        .contains("<dc:identifier id=\"uid\">urn:isbn:9780306406157</dc:identifier>"));
}

/// Finding 3: a note's back link is read aloud in its group's language:
/// French words in the French chapter's notes; in the Latin appendix's
/// (a language bookpack has no words for) the book's, the link marked
/// English. The Latin appendix's name ("Appendix A", the book's words)
/// is marked English in the notes' heading and the contents.
#[test]
fn back_links_speak_their_groups_language_or_say_theirs() {
    let e = epub_of("epub-languages");
    let notes = file(&e, "notes.xhtml");
    let doc = parse(notes);
    let group = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let backlink = |id: &str| {
        group(id)
            .descendants()
            .find(|n| n.attribute("role") == Some("doc-backlink"))
            .unwrap()
    };
    let english = backlink("notes-chapter-1");
    assert_eq!(english.attribute("aria-label"), Some("Back to reference 1"));
    assert_eq!(english.attribute("lang"), None);
    assert_eq!(group("notes-chapter-2").attribute("lang"), Some("fr"));
    let french = backlink("notes-chapter-2");
    assert_eq!(
        french.attribute("aria-label"),
        Some("Retour à l’appel de note 1")
    );
    assert_eq!(french.attribute("lang"), None);
    assert_eq!(group("notes-appendix-a").attribute("lang"), Some("la"));
    let latin = backlink("notes-appendix-a");
    assert_eq!(latin.attribute("aria-label"), Some("Back to reference 1"));
    assert_eq!(latin.attribute("lang"), Some("en-GB"));
    assert_eq!(
        latin.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("en-GB")
    );
    // The appendix's name is the book's words, marked so, in the notes'
    // heading and in both contents entries.
    let marked = "<span lang=\"en-GB\" xml:lang=\"en-GB\">Appendix A</span>";
    assert!(
        notes.contains(&format!("<a href=\"appendix-a.xhtml\">{marked}</a></h2>")),
        "{notes}"
    );
    let nav = file(&e, "nav.xhtml");
    assert_eq!(nav.matches(marked).count(), 2, "{nav}");
    // A French chapter's entry has no words of bookpack's to mark.
    assert!(
        nav.contains(
            "<li lang=\"fr\" xml:lang=\"fr\"><a href=\"chapter-2.xhtml\">2. À Paris</a></li>"
        ),
        "{nav}"
    );
}

/// Finding 14: a bibliography's entries are a list, an item each, each
/// run of entries (before and after a heading) its own list.
#[test]
fn a_bibliographys_runs_of_entries_are_lists() {
    let e = epub_of("epub-languages");
    let page = file(&e, "bibliography.xhtml");
    let doc = parse(page);
    let section = doc
        .descendants()
        .find(|n| n.attribute("role") == Some("doc-bibliography"))
        .unwrap();
    let children: Vec<String> = section
        .children()
        .filter(|n| n.is_element())
        .map(|n| {
            let items = n.children().filter(|c| c.has_tag_name("li")).count();
            format!(
                "{}{}",
                n.tag_name().name(),
                if items > 0 {
                    format!("×{items}")
                } else {
                    String::new()
                }
            )
        })
        .collect();
    assert_eq!(children, ["h1", "ul×2", "h2", "ul×1"], "{page}");
    assert!(
        page.contains("<li>Bringhurst, Robert. <em>The Elements of Typographic Style</em>."),
        "{page}"
    );
}
