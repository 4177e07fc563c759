//! A whole book's structure in both editions, on `tests/books/whole-book`:
//! front, body and back matter, parts, headings and cross-references,
//! notes in every place, contributors, series and ISBNs, and chapters in
//! other languages.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use common::{assert_exit, book, bookpack, build_fixture, stderr};

/// The EPUB edition of a fixture book.
fn build(name: &str) -> (tempfile::TempDir, String) {
    build_fixture(name, &["--epub"])
}

fn output(dir: &Path, ext: &str) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == ext))
        .unwrap_or_else(|| panic!("no .{ext} in {}", dir.display()))
}

/// Builds the book in `dir` into `dir/out` with `-q` and `extra`
/// arguments; the build must succeed. Returns the output folder. For a
/// temporary book only: it writes beside the book, never give it a
/// fixture.
fn build_quietly(dir: &Path, extra: &[&str]) -> PathBuf {
    let out = dir.join("out");
    let mut args = vec![
        "build",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend_from_slice(extra);
    let o = bookpack(&args);
    assert_exit(&o, 0);
    out
}

/// The EPUB's files by name (inside `EPUB/`), as text.
fn epub_files(path: &Path) -> BTreeMap<String, String> {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().trim_start_matches("EPUB/").to_string();
        let mut text = String::new();
        if f.read_to_string(&mut text).is_ok() {
            out.insert(name, text);
        }
    }
    out
}

/// An XHTML or XML file parsed (XHTML pages carry `<!DOCTYPE html>`).
fn xml(text: &str) -> roxmltree::Document<'_> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, opts).unwrap()
}

/// The warnings a build printed, one per message (without hints).
fn warnings(err: &str) -> Vec<String> {
    err.lines()
        .filter(|l| l.contains(": warning: "))
        .map(str::to_string)
        .collect()
}

/// The attribute `name` (with an `epub:` prefix looked up by namespace).
fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    match name.strip_prefix("epub:") {
        Some(local) => node.attribute(("http://www.idpf.org/2007/ops", local)),
        None => node.attribute(name),
    }
}

#[test]
fn the_whole_book_builds_with_only_the_intended_warnings() {
    let (_out, err) = build_fixture("whole-book", &["--epub"]);
    let w = warnings(&err);
    assert!(
        w.iter()
            .any(|l| l.contains("05-type.md:9:1: warning: heading level 3 (`###`) skips a level")),
        "{err}"
    );
    let unexpected: Vec<&String> = w
        .iter()
        .filter(|l| !l.contains("skips a level") && !l.contains("running head"))
        .collect();
    assert!(
        unexpected.is_empty(),
        "unexpected warnings: {unexpected:#?}"
    );
}

#[test]
fn epub_kinds_have_their_semantics_and_matter() {
    let (out, _) = build("whole-book");
    let files = epub_files(&output(out.path(), "epub"));
    let expect = [
        (
            "dedication.xhtml",
            "frontmatter",
            "dedication",
            "doc-dedication",
        ),
        ("preface.xhtml", "frontmatter", "preface", "doc-preface"),
        (
            "introduction.xhtml",
            "frontmatter",
            "introduction",
            "doc-introduction",
        ),
        ("part-i.xhtml", "bodymatter", "part", "doc-part"),
        ("chapter-1.xhtml", "bodymatter", "chapter", "doc-chapter"),
        ("part-ii.xhtml", "bodymatter", "part", "doc-part"),
        ("chapter-4.xhtml", "bodymatter", "chapter", "doc-chapter"),
        ("appendix-a.xhtml", "backmatter", "appendix", "doc-appendix"),
    ];
    for (file, matter, epub_type, role) in expect {
        let text = files.get(file).unwrap_or_else(|| panic!("no {file}"));
        let doc = xml(text);
        let body = doc.descendants().find(|n| n.has_tag_name("body")).unwrap();
        assert_eq!(attr(body, "epub:type"), Some(matter), "{file}");
        let section = doc
            .descendants()
            .find(|n| n.has_tag_name("section"))
            .unwrap();
        assert_eq!(attr(section, "epub:type"), Some(epub_type), "{file}");
        assert_eq!(attr(section, "role"), Some(role), "{file}");
    }
    // A part's epigraph names its source flush right, as the PDF sets it;
    // a chapter's paragraphs opening with a dash are only text.
    assert!(files["part-i.xhtml"].contains("<p class=\"source\">— Ecclesiastes 12:12</p>"));
    // The part's centred quotation does not centre its source: the rule
    // for a source under a part's quotation is the more specific.
    let css = &files["style.css"];
    assert!(
        css.contains(".part blockquote p {\n  text-align: center;"),
        "{css}"
    );
    assert!(
        css.contains(".part blockquote p.source {\n  text-align: right;"),
        "{css}"
    );
    assert!(files
        .iter()
        .filter(|(name, _)| name.starts_with("chapter-"))
        .all(|(_, text)| !text.contains("class=\"source\"")));
    // The dedication has no heading; it is labelled by its kind.
    assert!(files["dedication.xhtml"].contains("aria-label=\"Dedication\""));
    assert!(!files["dedication.xhtml"].contains("<h1"));
    // Numbered files say what they are, as the print edition labels
    // them: "Chapter 1", "Part II", "Appendix A".
    assert!(!files["introduction.xhtml"].contains("chapter-number"));
    assert!(files["part-ii.xhtml"].contains("<span class=\"chapter-number\">Part II</span>"));
    assert!(files["appendix-a.xhtml"].contains("<span class=\"chapter-number\">Appendix A</span>"));
    assert!(files["chapter-1.xhtml"].contains("<span class=\"chapter-number\">Chapter 1</span>"));
    // A chapter in another language says so.
    assert!(files["chapter-3.xhtml"].contains("xml:lang=\"fr\""));
    assert!(files["chapter-4.xhtml"].contains("xml:lang=\"de\""));
}

/// The table of contents as an outline: `label(children…)`.
fn outline(node: roxmltree::Node) -> Vec<String> {
    node.children()
        .filter(|n| n.has_tag_name("li"))
        .map(|li| {
            let a = li.children().find(|n| n.has_tag_name("a")).unwrap();
            let href = a.attribute("href").unwrap().to_string();
            match li.children().find(|n| n.has_tag_name("ol")) {
                Some(ol) => format!("{href}({})", outline(ol).join(" ")),
                None => href,
            }
        })
        .collect()
}

#[test]
fn epub_navigation_nests_parts_chapters_and_sections_to_toc_depth() {
    let (out, _) = build("whole-book");
    let files = epub_files(&output(out.path(), "epub"));
    let doc = xml(&files["nav.xhtml"]);
    let toc = doc
        .descendants()
        .find(|n| n.has_tag_name("nav") && attr(*n, "epub:type") == Some("toc"))
        .unwrap();
    let ol = toc.children().find(|n| n.has_tag_name("ol")).unwrap();
    assert_eq!(
        outline(ol).join(" "),
        "title.xhtml imprint.xhtml preface.xhtml introduction.xhtml \
         part-i.xhtml(chapter-1.xhtml(chapter-1.xhtml#rag-paper(chapter-1.xhtml#linen-and-cotton) chapter-1.xhtml#wood-pulp) \
         chapter-2.xhtml(chapter-2.xhtml#the-punch chapter-2.xhtml#the-matrix(chapter-2.xhtml#the-hand-mould) chapter-2.xhtml#the-founders)) \
         part-ii.xhtml(chapter-3.xhtml chapter-4.xhtml) \
         appendix-a.xhtml(appendix-a.xhtml#sizes) \
         notes.xhtml(notes.xhtml#notes-introduction notes.xhtml#notes-chapter-1)"
    );
    // The dedication is a landmark, not an entry of the contents.
    let landmarks: Vec<(String, String)> = doc
        .descendants()
        .find(|n| n.has_tag_name("nav") && attr(*n, "epub:type") == Some("landmarks"))
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            (
                attr(a, "epub:type").unwrap().to_string(),
                a.attribute("href").unwrap().to_string(),
            )
        })
        .collect();
    for (t, href) in [
        ("dedication", "dedication.xhtml"),
        ("preface", "preface.xhtml"),
        ("bodymatter", "part-i.xhtml"),
        ("appendix", "appendix-a.xhtml"),
        ("endnotes", "notes.xhtml"),
    ] {
        assert!(
            landmarks.contains(&(t.to_string(), href.to_string())),
            "{t} → {href} in {landmarks:?}"
        );
    }
    // The NCX holds the same tree for older readers.
    let ncx = xml(&files["toc.ncx"]);
    let depth = ncx
        .descendants()
        .filter(|n| n.has_tag_name("navPoint"))
        .map(|n| n.ancestors().filter(|a| a.has_tag_name("navPoint")).count())
        .max()
        .unwrap();
    // `ancestors` counts the navPoint itself.
    assert_eq!(depth, 4, "part → chapter → section → subsection");
}

/// Every `href` inside the book names a file of the book and, with a
/// fragment, an id in that file; returns how many were followed.
fn follow_every_link(files: &BTreeMap<String, String>) -> usize {
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        let doc = xml(text);
        ids.insert(
            name,
            doc.descendants()
                .filter_map(|n| n.attribute("id").map(str::to_string))
                .collect(),
        );
    }
    let mut followed = 0;
    for (name, text) in files.iter().filter(|(n, _)| n.ends_with(".xhtml")) {
        let doc = xml(text);
        for a in doc.descendants().filter(|n| n.has_tag_name("a")) {
            let href = a.attribute("href").unwrap();
            if href.contains("://") || href.starts_with("mailto:") {
                continue;
            }
            let (file, fragment) = href.split_once('#').unwrap_or((href, ""));
            let file = if file.is_empty() { name.as_str() } else { file };
            let known = ids
                .get(file)
                .unwrap_or_else(|| panic!("{name}: link to missing file {href}"));
            assert!(
                fragment.is_empty() || known.contains(fragment),
                "{name}: link {href} has no target"
            );
            followed += 1;
        }
    }
    followed
}

#[test]
fn epub_links_and_note_links_all_resolve_with_their_fragments() {
    let (out, _) = build("whole-book");
    let files = epub_files(&output(out.path(), "epub"));
    let followed = follow_every_link(&files);
    assert!(followed > 30, "{followed} links followed");
    // Cross-references keep their fragment, to another chapter or in the same one.
    assert!(files["preface.xhtml"].contains("href=\"chapter-1.xhtml#rag-paper\""));
    assert!(files["preface.xhtml"].contains("href=\"appendix-a.xhtml#sizes\""));
    assert!(files["chapter-2.xhtml"].contains("href=\"chapter-2.xhtml#the-punch\""));
    assert!(files["chapter-2.xhtml"].contains("href=\"introduction.xhtml\""));
    // Notes in a title, a heading, a quote, a list and a note each link
    // to their note, and each note back to where it is first cited.
    for (file, id) in [
        ("introduction.xhtml", "noteref-introduction-1"),
        ("chapter-1.xhtml", "noteref-1-1"),
        // Cited in note 1, so numbered right after it.
        ("notes.xhtml", "noteref-1-2"),
        ("chapter-1.xhtml", "noteref-1-3"),
        ("chapter-1.xhtml", "noteref-1-4"),
    ] {
        assert!(
            files[file].contains(&format!("id=\"{id}\"")),
            "{id} in {file}"
        );
        assert!(
            files["notes.xhtml"].contains(&format!("href=\"{file}#{id}\" class=\"backlink\"")),
            "back link to {file}#{id}"
        );
    }
}

#[test]
fn epub_package_names_contributors_series_and_the_ebook_isbn() {
    let (out, _) = build("whole-book");
    let files = epub_files(&output(out.path(), "epub"));
    let opf = &files["content.opf"];
    assert!(opf.contains("<dc:identifier id=\"uid\">urn:isbn:9780306406157</dc:identifier>"));
    for (name, relator) in [
        ("Jean Dupont", "trl"),
        ("Anna Weber", "edt"),
        ("Tom Baker", "ill"),
        ("Ruth Ellis", "aui"),
    ] {
        let at = opf.find(&format!(">{name}</dc:contributor>")).expect(name);
        let id = opf[..at]
            .rsplit("id=\"")
            .next()
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(
            opf.contains(&format!(
                "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{relator}</meta>"
            )),
            "{name} as {relator}"
        );
    }
    assert!(opf
        .contains("<meta property=\"belongs-to-collection\" id=\"series\">Books on Books</meta>"));
    assert!(opf.contains("<meta refines=\"#series\" property=\"group-position\">2</meta>"));
    let imprint = &files["imprint.xhtml"];
    assert!(imprint.contains("<p>Translated by Jean Dupont.</p>"));
    assert!(imprint.contains("<p>Books on Books, volume 2.</p>"));
    // Both editions' ISBNs, this one's first, each named for its
    // edition; the identifier, the ebook's ISBN, not again as a URN.
    let ebook = imprint.find("<p>ISBN 978-0-306-40615-7 (ebook)</p>");
    let print = imprint.find("<p>ISBN 978-1-4028-9462-6 (print)</p>");
    assert!(
        ebook.is_some() && print.is_some() && ebook < print,
        "{imprint}"
    );
    assert!(!imprint.contains("urn:isbn"), "{imprint}");
}

#[test]
fn a_missing_file_or_id_is_an_error_at_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let src = book("whole-book");
    for entry in std::fs::read_dir(&src).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let preface = dir.path().join("01-preface.md");
    let text = std::fs::read_to_string(&preface).unwrap();
    std::fs::write(
        &preface,
        text.replace("04-paper.md#rag-paper", "04-paper.md#rags")
            .replace("(05-type.md)", "(05-types.md)"),
    )
    .unwrap();
    let o = bookpack(&[
        "build",
        dir.path().to_str().unwrap(),
        "-o",
        dir.path().join("out").to_str().unwrap(),
    ]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    // The error points at the link's `[`, counted in characters.
    let line = text.lines().nth(6).unwrap();
    let col = line[..line.find("[the section on rag paper]").unwrap()]
        .chars()
        .count() as u32
        + 1;
    assert!(
        common::has_located_message(&err, "01-preface.md", 7, col, "error"),
        "{err}"
    );
    assert!(
        err.contains("has no heading, figure, table or note reference with the id `rags`"),
        "{err}"
    );
    assert!(
        err.contains("hint: its ids are: rag-paper, linen-and-cotton"),
        "{err}"
    );
    assert!(
        err.contains("link `05-types.md` points to a file that is not a chapter"),
        "{err}"
    );
    assert!(!dir.path().join("out").exists(), "nothing is written");
}

/// Writes a small book into `dir`: `book.toml` from `toml` plus chapters.
fn write_book(dir: &Path, toml: &str, chapters: &[(&str, &str)]) {
    let list: Vec<String> = chapters.iter().map(|(f, _)| format!("\"{f}\"")).collect();
    std::fs::write(
        dir.join("book.toml"),
        format!("chapters = [{}]\n{toml}\n", list.join(", ")),
    )
    .unwrap();
    for (file, text) in chapters {
        std::fs::write(dir.join(file), text).unwrap();
    }
}

const SMALL_CHAPTERS: [(&str, &str); 2] = [
    (
        "01.md",
        "# Le début\n\nIl dit : \"Quel livre !\" Et il partit.[^1]\n\n[^1]: Une note.\n",
    ),
    (
        "02.md",
        "+++\nkind = \"appendix\"\n+++\n\n# Tables\n\nDu texte.\n",
    ),
];

#[test]
fn a_french_book_says_everything_in_french() {
    let dir = tempfile::tempdir().unwrap();
    write_book(
        dir.path(),
        "title = \"L'Art du livre\"\nauthors = [\"Jeanne Martin\", \"Paul Roy\"]\nlanguage = \"fr\"\ncontributors = [{ name = \"Ann Lee\", role = \"translator\" }]",
        &SMALL_CHAPTERS,
    );
    let out = dir.path().join("out");
    let o = bookpack(&[
        "build",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--epub",
    ]);
    assert_exit(&o, 0);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let files = epub_files(&output(&out, "epub"));
    // book.toml's text gets the language's typography too.
    assert!(files["content.opf"].contains("<dc:title id=\"title\">L’Art du livre</dc:title>"));
    assert!(files["nav.xhtml"].contains("<h1 id=\"toc-title\">Table des matières</h1>"));
    assert!(files["nav.xhtml"].contains(">Page de titre<"));
    assert!(files["nav.xhtml"].contains(">Annexe A. Tables<"));
    assert!(files["notes.xhtml"].contains("<h1>Notes</h1>"));
    assert!(files["notes.xhtml"].contains("aria-label=\"Retour à l’appel de note 1\""));
    assert!(files["appendix-a.xhtml"].contains("<span class=\"chapter-number\">Annexe A</span>"));
    assert!(files["title.xhtml"].contains("<p class=\"author\"><span epub:type=\"z3998:author\">Jeanne Martin</span> et <span epub:type=\"z3998:author\">Paul Roy</span></p>"));
    assert!(files["imprint.xhtml"].contains("<p>Traduit par Ann Lee.</p>"));
    // French quotes and spacing, with narrow no-break spaces.
    assert!(
        files["chapter-1.xhtml"]
            .contains("Il dit\u{202f}: «\u{202f}Quel livre\u{202f}!\u{202f}» Et il partit."),
        "{}",
        files["chapter-1.xhtml"]
    );
}

#[test]
fn an_unknown_language_is_english_with_a_warning_and_labels_override_any_word() {
    let dir = tempfile::tempdir().unwrap();
    write_book(
        dir.path(),
        "title = \"T\"\nauthors = [\"A B\"]\nlanguage = \"tlh\"\n[labels]\ncontents = \"Index\"\nback-to-text = \"Up to {n}\"",
        &SMALL_CHAPTERS,
    );
    let out = dir.path().join("out");
    let o = bookpack(&[
        "build",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--epub",
    ]);
    assert_exit(&o, 0);
    let err = stderr(&o);
    assert!(
        err.contains("book.toml: warning: bookpack has no labels for language `tlh`; the ones not set in [labels] are in English"),
        "{err}"
    );
    let files = epub_files(&output(&out, "epub"));
    assert!(files["nav.xhtml"].contains("<h1 id=\"toc-title\">Index</h1>"));
    assert!(files["nav.xhtml"].contains(">Title Page<"));
    assert!(files["notes.xhtml"].contains("aria-label=\"Up to 1\""));
}

/// The imprints print the identifier `book.toml` gives, never the one
/// derived for a book without (a key for reading systems only; the
/// package still carries it).
#[test]
fn only_a_given_identifier_is_printed_in_the_imprints() {
    let toml = "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch.md\"]\n";
    for (extra, printed) in [
        ("", None),
        ("identifier = \"urn:x:given-1\"\n", Some("urn:x:given-1")),
    ] {
        let dir = common::temp_book(&format!("{toml}{extra}"), &[("ch.md", "# One\n\nText.\n")]);
        let out = build_quietly(dir.path(), &[]);
        let files = epub_files(&output(&out, "epub"));
        let identifier = files["content.opf"]
            .split("<dc:identifier id=\"uid\">")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .unwrap()
            .to_string();
        let pdf = common::inspect::pdf_text(&std::fs::read(output(&out, "pdf")).unwrap()).unwrap();
        let imprint = &files["imprint.xhtml"];
        match printed {
            None => {
                assert!(identifier.starts_with("urn:uuid:"), "{identifier}");
                assert!(!imprint.contains("urn:"), "{imprint}");
                assert!(!pdf.contains("urn:"), "{pdf}");
            }
            Some(given) => {
                assert_eq!(identifier, given);
                assert!(imprint.contains(given), "{imprint}");
                assert!(pdf.contains(given), "{pdf}");
            }
        }
    }
}

/// Names and the publisher are printed as the title is: typewriter
/// apostrophes curled on the title page and in the imprints (the title
/// page said `thomas o'neill`, the imprint both forms on one page).
#[test]
fn names_and_the_publisher_take_curly_apostrophes() {
    let dir = common::temp_book(
        "title = \"The Devil's Own\"\nauthors = [\"Thomas O'Neill\"]\npublisher = \"Devil's Press\"\nrights = \"© 2025 Thomas O'Neill\"\nlanguage = \"en\"\nchapters = [\"ch.md\"]\n",
        &[("ch.md", "# One\n\nText.\n")],
    );
    let out = build_quietly(dir.path(), &[]);
    let files = epub_files(&output(&out, "epub"));
    let pdf = common::inspect::pdf_text(&std::fs::read(output(&out, "pdf")).unwrap()).unwrap();
    for (name, text) in [
        ("title page", files["title.xhtml"].as_str()),
        ("imprint", files["imprint.xhtml"].as_str()),
        ("PDF", pdf.as_str()),
    ] {
        assert!(
            !text.contains("O'Neill") && !text.contains("Devil's"),
            "{name}: {text}"
        );
        assert!(text.to_lowercase().contains("o’neill"), "{name}: {text}");
    }
    assert!(
        files["content.opf"].contains(">Thomas O’Neill</dc:creator>"),
        "{}",
        files["content.opf"]
    );
}

/// Both editions' imprints say the same, in the same words: the year a
/// book was first published (not the ISO date `date` may be), this
/// edition's publisher, the source, the rights (the EPUB once said
/// "Published by P, 2025." and "Source of the text:", the PDF "First
/// published 2025." and "Text from"). The EPUB's sentences are found, in
/// order, in the text of the PDF's imprint page.
#[test]
fn both_imprints_say_the_same() {
    let dir = common::temp_book(
        "title = \"T\"\nsubtitle = \"A Tale\"\nauthors = [\"A\"]\npublisher = \"P\"\ndate = \"2025-03-14\"\nlanguage = \"en\"\nsource = \"The Old Press, 1901.\"\nrights = \"Public domain.\"\ncontributors = [{ name = \"C\", role = \"translator\" }]\nchapters = [\"ch.md\"]\n",
        &[("ch.md", "# One\n\nText.\n")],
    );
    let out = build_quietly(dir.path(), &["--epub"]);
    let imprint = &epub_files(&output(&out, "epub"))["imprint.xhtml"];
    let paragraphs: Vec<String> = imprint
        .split("<p>")
        .skip(1)
        .map(|p| {
            let p = &p[..p.find("</p>").expect("a closed paragraph")];
            p.replace("<i>", "").replace("</i>", "")
        })
        .collect();
    assert_eq!(
        paragraphs,
        [
            "T: A Tale, by A. First published 2025.",
            "Translated by C.",
            "This edition published by P.",
            "Text from The Old Press, 1901.",
            "Public domain.",
        ],
        "{imprint}"
    );
    assert!(
        imprint.contains("<i>T: A Tale</i>, by A."),
        "the title in italics: {imprint}"
    );
    // The PDF's imprint page (the title page's back), its glyphs' text in
    // reading order, compared without spaces and hyphens (a line may
    // break inside a word).
    let (book, _) = bookpack::source::load_book(dir.path()).unwrap_or_else(|f| panic!("{f}"));
    let built = bookpack::pdf::book::build(&book, &mut bookpack::diagnostics::Diagnostics::new())
        .unwrap_or_else(|f| panic!("{f}"));
    let page = &built.document.pages[1];
    let mut runs: Vec<_> = page.runs.iter().collect();
    runs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let pdf: String = runs
        .iter()
        .flat_map(|r| r.glyphs.iter().flat_map(|g| g.text.as_str().chars()))
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{AD}' | '-'))
        .collect::<String>();
    let mut rest = pdf.as_str();
    for p in &paragraphs {
        let bare: String = p
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '\u{AD}' | '-'))
            .collect();
        let at = rest.find(&bare).unwrap_or_else(|| {
            panic!("{bare:?} not in the PDF's imprint after the sentences before it: {pdf}")
        });
        rest = &rest[at + bare.len()..];
    }
}
/// A Chinese imprint in Chinese grammar: the title in its 《》 and not in
/// italics (Chinese has none), the year with its 年 (it read "2024出版").
#[test]
fn a_chinese_imprint_quotes_its_title_and_dates_in_years() {
    // Built into a temporary folder: `build_quietly` writes beside the
    // book, and this book is a fixture of the repository (its out/ was
    // committed by mistake).
    let (out, _) = build("chinese");
    let imprint = &epub_files(&output(out.path(), "epub"))["imprint.xhtml"];
    assert!(
        imprint.contains("<p>《桃花源记》，陶渊明著。2024年首次出版。</p>"),
        "{imprint}"
    );
    assert!(!imprint.contains("<i>"), "{imprint}");
}

/// A paragraph reads in the direction of its first strong letter in the
/// EPUB as in the PDF: an English paragraph in a Hebrew chapter is marked
/// left to right (its full stop showed on the left), a Hebrew one in an
/// English chapter right to left.
#[test]
fn a_paragraph_against_its_pages_direction_says_so() {
    let dir = common::temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"en.md\", \"he.md\"]\n",
        &[
            ("en.md", "# One\n\nEnglish text.\n\nשלום עולם.\n"),
            ("he.md", "+++\nlanguage = \"he\"\n+++\n\n# שתיים\n\nשלום עולם.\n\nAn English paragraph, full stop.\n"),
        ],
    );
    let out = build_quietly(dir.path(), &["--epub"]);
    let files = epub_files(&output(&out, "epub"));
    let en = &files["chapter-1.xhtml"];
    assert!(en.contains("<p>English text.</p>"), "{en}");
    assert!(en.contains("<p dir=\"rtl\">שלום עולם.</p>"), "{en}");
    let he = &files["chapter-2.xhtml"];
    assert!(he.contains("<p>שלום עולם.</p>"), "{he}");
    assert!(
        he.contains("<p dir=\"ltr\">An English paragraph, full stop.</p>"),
        "{he}"
    );
}

/// The package claims a text alternative for every image only when every
/// figure has one; the contents name the language of a chapter in another.
#[test]
fn accessibility_claims_and_contents_languages_hold() {
    let work = tempfile::tempdir().unwrap();
    let src = work.path().join("book");
    common::copy_dir(&book("content-figures"), &src);
    let chapter = src.join("01-valley.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    let build = |dir: &Path| epub_files(&output(&build_quietly(dir, &["--epub"]), "epub"));
    let opf = build(&src)["content.opf"].clone();
    assert!(
        opf.contains("accessibilityFeature\">alternativeText<"),
        "{opf}"
    );
    assert!(opf.contains("accessModeSufficient\">textual<"), "{opf}");
    // One figure without alt text: no such claim.
    std::fs::write(
        &chapter,
        text.replacen(
            "![A tall narrow tower with a pointed red roof and a dark door at its foot]",
            "![]",
            1,
        ),
    )
    .unwrap();
    let opf = build(&src)["content.opf"].clone();
    assert!(!opf.contains("alternativeText"), "{opf}");
    assert!(
        opf.contains("accessModeSufficient\">textual,visual<"),
        "{opf}"
    );
    assert!(opf.contains("some have no text description"), "{opf}");

    let dir = common::temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"en.md\", \"el.md\"]\n",
        &[
            ("en.md", "# One\n\nText.\n"),
            (
                "el.md",
                "+++\nlanguage = \"el\"\n+++\n\n# Ἑλληνικά\n\nΚείμενο.\n",
            ),
        ],
    );
    let nav = build(dir.path())["nav.xhtml"].clone();
    assert!(nav.contains("<li><a href=\"chapter-1.xhtml\">"), "{nav}");
    assert!(
        nav.contains("<li lang=\"el\" xml:lang=\"el\"><a href=\"chapter-2.xhtml\">"),
        "{nav}"
    );
}

#[test]
fn the_epub_reads_dedication_contents_and_notes_in_the_printed_order() {
    let dir = common::temp_book(
        "title = \"Order\"\nauthors = [\"A. Writer\"]\nlanguage = \"en\"\n\
         chapters = [\"ded.md\", \"epi.md\", \"one.md\", \"app.md\", \"bib.md\", \"colo.md\"]\n",
        &[
            (
                "ded.md",
                "+++\nkind = \"dedication\"\n+++\n\n*For everyone.*\n",
            ),
            (
                "epi.md",
                "+++\nkind = \"epigraph\"\n+++\n\n> Words, words.\n",
            ),
            ("one.md", "# One\n\nText.[^a]\n\n[^a]: Chapter note.\n"),
            (
                "app.md",
                "+++\nkind = \"appendix\"\n+++\n\n# Tables\n\nMore.\n",
            ),
            (
                "bib.md",
                "+++\nkind = \"bibliography\"\n+++\n\n# Sources\n\nSmith.\n",
            ),
            (
                "colo.md",
                "+++\nkind = \"colophon\"\n+++\n\n# Colophon\n\nSet.\n",
            ),
        ],
    );
    let out = build_quietly(dir.path(), &["--epub"]);
    let files = epub_files(&output(&out, "epub"));
    let opf = xml(&files["content.opf"]);
    let spine: Vec<&str> = opf
        .descendants()
        .filter(|n| n.has_tag_name("itemref"))
        .filter_map(|n| n.attribute("idref"))
        .collect();
    assert_eq!(
        spine,
        [
            "cover-xhtml",
            "title-xhtml",
            "imprint-xhtml",
            "dedication-xhtml",
            "epigraph-xhtml",
            "nav-xhtml",
            "chapter-1-xhtml",
            "appendix-a-xhtml",
            "notes-xhtml",
            "bibliography-xhtml",
            "colophon-xhtml"
        ]
    );
    // The contents and the landmarks list them in that order too.
    let nav = xml(&files["nav.xhtml"]);
    let hrefs = |kind: &str| -> Vec<String> {
        let list = nav
            .descendants()
            .find(|n| n.has_tag_name("nav") && attr(*n, "epub:type") == Some(kind))
            .unwrap();
        list.descendants()
            .filter_map(|n| n.attribute("href"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        hrefs("toc"),
        [
            "title.xhtml",
            "imprint.xhtml",
            "chapter-1.xhtml",
            "appendix-a.xhtml",
            "notes.xhtml",
            "bibliography.xhtml",
            "colophon.xhtml"
        ]
    );
    let landmarks = hrefs("landmarks");
    let notes = landmarks.iter().position(|h| h == "notes.xhtml").unwrap();
    let sources = landmarks
        .iter()
        .position(|h| h == "bibliography.xhtml")
        .unwrap();
    assert!(notes < sources, "{landmarks:?}");
}
