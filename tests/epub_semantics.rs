//! The EPUB's semantic markup, at Standard Ebooks' level: verse in
//! epigraphs marked and set as verse, Z39.98 and EPUB structural types a
//! screen reader or a reading system acts on, and the package's
//! accessibility metadata. Each test builds a fixture book and reads its
//! files back.

mod common;

use common::epub_read::{
    file, fixture_epub as epub_of, fixture_epub_bytes as epub_bytes, parse, rules_for,
};
use common::inspect::Epub;

const OPS: &str = "http://www.idpf.org/2007/ops";

/// The text of `n` (its text descendants, in order).
fn text_of(n: roxmltree::Node) -> String {
    n.descendants()
        .filter(|t| t.is_text())
        .filter_map(|t| t.text())
        .collect()
}

fn epub_type<'a>(n: roxmltree::Node<'a, '_>) -> Option<&'a str> {
    n.attribute((OPS, "type"))
}

/// Review finding 7: verse in an epigraph (lines ended by `\`) is marked
/// as body verse is — a `z3998:poem` block, a `<p>` per stanza, a `<span>`
/// per line — inside the epigraph's quote, on an epigraph's page, a
/// part's page and under a chapter's heading alike; the stylesheet centres
/// the block on its longest line with its lines flush left (each line
/// centred on its own, a turnover read as a line of the poem). The page
/// declares the z3998 prefix.
#[test]
fn epigraph_verse_is_marked_and_set_as_verse() {
    let e = epub_of("semantics");
    for (page, stanzas, first) in [
        (
            "epigraph.xhtml",
            vec![2, 2],
            "Whan that Aprille with his shoures soote",
        ),
        ("part-i.xhtml", vec![2], "Tyger Tyger, burning bright,"),
        (
            "chapter-1.xhtml",
            vec![2],
            "Shall I compare thee to a summer’s day, or to some other season of the year?",
        ),
    ] {
        let text = file(&e, page);
        let doc = parse(text);
        assert!(
            doc.root_element().attribute((OPS, "prefix")).is_some_and(
                |p| p.starts_with("z3998: http://www.daisy.org/z3998/2012/vocab/structure/")
            ),
            "{page}: no z3998 prefix"
        );
        let quote = doc
            .descendants()
            .find(|n| n.has_tag_name("blockquote"))
            .unwrap_or_else(|| panic!("{page}: no quote"));
        let epigraph = quote
            .ancestors()
            .any(|n| n.attribute("role") == Some("doc-epigraph"));
        assert!(epigraph, "{page}: the quote is no epigraph");
        let poem = quote
            .children()
            .find(|n| n.has_tag_name("div"))
            .unwrap_or_else(|| panic!("{page}: no verse in the epigraph:\n{text}"));
        assert_eq!(poem.attribute("class"), Some("verse"), "{page}");
        assert_eq!(epub_type(poem), Some("z3998:poem"), "{page}");
        let found: Vec<usize> = poem
            .children()
            .filter(|n| n.has_tag_name("p"))
            .map(|p| p.children().filter(|n| n.has_tag_name("span")).count())
            .collect();
        assert_eq!(found, stanzas, "{page}");
        let line = poem.descendants().find(|n| n.has_tag_name("span")).unwrap();
        assert_eq!(text_of(line), first, "{page}");
        // The source stays a paragraph of its own after the poem.
        let last = quote.children().rfind(|n| n.is_element()).unwrap();
        assert_eq!(last.attribute("class"), Some("source"), "{page}");
    }
    let css = file(&e, "style.css");
    assert_eq!(
        rules_for(css, "[role=\"doc-epigraph\"] .verse"),
        ["display: table; margin: 1em auto;"]
    );
    assert_eq!(
        rules_for(css, "[role=\"doc-epigraph\"] .verse p"),
        ["text-align: left; text-align: start;"]
    );
    // Turnovers hang (the body verse's rule, now in this book's sheet).
    assert_eq!(
        rules_for(css, ".verse p > span"),
        ["display: block; padding-left: 2em; text-indent: -2em;"]
    );
}

/// The fixture passes EPUBCheck with no message at all.
#[test]
#[ignore = "needs EPUBCheck (.ci/run installs it)"]
fn the_semantics_fixture_passes_epubcheck() {
    let (counts, messages) = common::validators::epubcheck("semantics", &epub_bytes("semantics"));
    assert_eq!(counts, (0, 0, 0), "{messages:#?}");
    assert!(messages.is_empty(), "{messages:#?}");
}

/// Review finding 14: a glossary's terms are `glossterm`s, each the
/// defining instance of its term (`<dfn>`, kept upright and bold by the
/// stylesheet), their definitions `glossdef`s; the title page names its
/// title, subtitle and each author; the cover image is `doc-cover` where
/// ARIA allows it.
#[test]
fn glossary_title_page_and_cover_say_what_they_are() {
    let e = epub_of("semantics");
    let glossary = file(&e, "glossary.xhtml");
    let doc = parse(glossary);
    let terms: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("dt")).collect();
    assert_eq!(terms.len(), 2, "{glossary}");
    for dt in &terms {
        assert_eq!(epub_type(*dt), Some("glossterm"), "{glossary}");
        let dfn = dt.first_element_child().unwrap();
        assert!(dfn.has_tag_name("dfn"), "{glossary}");
        let dd = dt.next_sibling_element().unwrap();
        assert!(dd.has_tag_name("dd"));
        assert_eq!(epub_type(dd), Some("glossdef"), "{glossary}");
    }
    assert_eq!(text_of(terms[0]), "Coucher");
    let css = file(&e, "style.css");
    assert_eq!(rules_for(css, "dt > dfn"), ["font-style: inherit;"]);

    let title = file(&e, "title.xhtml");
    let doc = parse(title);
    let typed = |t: &str| {
        doc.descendants()
            .filter(|n| epub_type(*n) == Some(t))
            .map(|n| (n.tag_name().name().to_string(), text_of(n)))
            .collect::<Vec<_>>()
    };
    assert_eq!(typed("title"), [("h1".into(), "Lines Apart".into())]);
    assert_eq!(
        typed("subtitle"),
        [("p".into(), "An Anthology of Openings".into())]
    );
    assert_eq!(
        typed("z3998:author"),
        [
            ("span".into(), "Ann Example".into()),
            ("span".into(), "Ben Sample".into())
        ]
    );
    let author = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("author"))
        .unwrap();
    assert_eq!(text_of(author), "Ann Example and Ben Sample");

    let cover = parse(file(&e, "cover.xhtml"));
    let image = cover
        .descendants()
        .find(|n| n.has_tag_name("svg") || n.has_tag_name("img"))
        .unwrap();
    // `doc-cover` on an `<img>`; an `<svg>` box may only be `img` (Ace).
    let role = if image.has_tag_name("img") {
        "doc-cover"
    } else {
        "img"
    };
    assert_eq!(image.attribute("role"), Some(role));
    assert!(image
        .attribute("aria-label")
        .is_some_and(|l| l.contains("Lines Apart")));
}

/// The package's `content.opf`, for the fixture `name` with `edit`
/// applied to its first chapter's text.
fn opf_with(name: &str, chapter: &str, edit: impl Fn(&str) -> String) -> String {
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("book");
    common::copy_dir(&common::book(name), &src);
    let path = src.join(chapter);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(&text)).unwrap();
    let out = work.path().join("out");
    let o = common::build_into(&src, &out, &["--epub"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let path = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "epub"))
        .expect("an .epub");
    let e = Epub::open(&std::fs::read(path).unwrap()).unwrap();
    file(&e, "content.opf").to_string()
}

/// The `schema:` metadata values of `property` in `opf`.
fn metadata(opf: &str, property: &str) -> Vec<String> {
    let doc = parse(opf);
    doc.descendants()
        .filter(|n| n.has_tag_name("meta") && n.attribute("property") == Some(property))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

/// Review finding 15: the accessibility summary says of the figures only
/// what is true of each (a figure without a caption made "Figures carry …
/// a visible caption" false); the package names `displayTransformability`,
/// the stylesheet leaving face, size, spacing and colour to the reader;
/// and no conformance to EPUB Accessibility 1.1 is claimed, which needs
/// the evaluator's name (`a11y:certifiedBy`) and a human's evaluation of
/// the author's text no build can make.
#[test]
fn accessibility_metadata_is_true_of_the_book() {
    let captioned = opf_with("content-figures", "01-valley.md", str::to_string);
    let summary = metadata(&captioned, "schema:accessibilitySummary").join("");
    assert!(
        summary.contains("Figures carry a text description of the image and a visible caption."),
        "{summary}"
    );
    let uncaptioned = opf_with("content-figures", "01-valley.md", |text| {
        text.replacen(
            " \"Plate 2. The line of the ridges seen from the tower\")",
            ")",
            1,
        )
    });
    let summary = metadata(&uncaptioned, "schema:accessibilitySummary").join("");
    assert!(!summary.contains("and a visible caption"), "{summary}");
    assert!(
        summary.contains(
            "Figures carry a text description of the image; some have no visible caption."
        ),
        "{summary}"
    );
    for opf in [&captioned, &uncaptioned] {
        let features = metadata(opf, "schema:accessibilityFeature");
        assert!(
            features.iter().any(|f| f == "displayTransformability"),
            "{features:?}"
        );
        assert!(metadata(opf, "dcterms:conformsTo").is_empty(), "{opf}");
        assert!(metadata(opf, "a11y:certifiedBy").is_empty(), "{opf}");
    }
}

/// The faces `math.css` may name for formulas: math faces of Apple,
/// Windows, TeX distributions and Linux, then the generic `math`.
const MATH_FACES: [&str; 6] = [
    "\"STIX Two Math\"",
    "\"Cambria Math\"",
    "\"Latin Modern Math\"",
    "\"DejaVu Math TeX Gyre\"",
    "\"Noto Sans Math\"",
    "math",
];

/// What `displayTransformability` promises holds in every stylesheet the
/// EPUB may carry: no font face but the generic `monospace` (and math
/// faces for formulas, which a text face cannot set), no colour
/// but `inherit`, no size or line height in absolute units, nothing
/// `!important` that would override the reader's settings.
#[test]
fn the_stylesheets_leave_face_size_spacing_and_colour_to_the_reader() {
    let dir = common::root().join("src/epub");
    let mut sheets = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "css") {
            continue;
        }
        sheets += 1;
        let css = std::fs::read_to_string(&path).unwrap();
        // Declarations only, comments dropped.
        let mut text = String::new();
        for (k, part) in css.split("/*").enumerate() {
            text.push_str(if k == 0 {
                part
            } else {
                part.split_once("*/").map_or("", |(_, rest)| rest)
            });
        }
        for line in text.lines().map(str::trim) {
            let name = path.display();
            assert!(!line.contains("!important"), "{name}: {line}");
            if let Some(value) = line.strip_prefix("font-family:") {
                // Formulas need a face with an OpenType MATH table, or no
                // fence or root can grow: math faces, the generic last.
                let allowed: &[&str] = if path.ends_with("math.css") {
                    &MATH_FACES
                } else {
                    &["monospace"]
                };
                assert!(
                    value
                        .split(',')
                        .all(|f| allowed.contains(&f.trim().trim_end_matches(';'))),
                    "{name}: {line}"
                );
            }
            // Each declaration, one-line rules (`a { color: red; }`) too.
            let body = line.split_once('{').map_or(line, |(_, body)| body);
            for declaration in body
                .split(';')
                .map(|d| d.trim().trim_end_matches('}').trim())
            {
                if declaration.starts_with("color:") || declaration.starts_with("background") {
                    assert_eq!(declaration, "color: inherit", "{name}: {line}");
                }
            }
            if line.starts_with("font-size:") || line.starts_with("line-height:") {
                assert!(
                    !["px", "pt", "cm", "mm", "in;"]
                        .iter()
                        .any(|u| line.contains(u)),
                    "{name}: {line}"
                );
            }
        }
    }
    assert!(sheets >= 8, "{sheets} stylesheets");
}
