//! Code, definition lists and the inline extensions in the print edition
//! of tests/books/content: monospace code that never passes the measure,
//! bold terms, superscripts raised, subscripts lowered, struck text ruled.

mod common;
use common::*;

use bookpack::diagnostics::Diagnostics;
use bookpack::pdf::book::{build, Built, Geometry};
use bookpack::pdf::fontset::FaceKind;
use bookpack::pdf::page::GlyphRun;

fn content() -> (bookpack::model::Book, Built) {
    let (book, _) = bookpack::source::load_book(&book("content")).unwrap_or_else(|f| panic!("{f}"));
    let mut diags = Diagnostics::new();
    let built = build(&book, &mut diags).unwrap();
    (book, built)
}

/// A one-chapter book (`01-a.md` holding `chapter`) loaded and built in
/// a temporary folder; the folder goes with the returned guard.
fn built_chapter(chapter: &str) -> (tempfile::TempDir, bookpack::model::Book, Built) {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en-GB\"\nchapters = [\"01-a.md\"]\n",
        &[("01-a.md", chapter)],
    );
    let (book, _) = bookpack::source::load_book(dir.path()).unwrap_or_else(|f| panic!("{f}"));
    let mut diags = Diagnostics::new();
    let built = build(&book, &mut diags).unwrap();
    (dir, book, built)
}

fn text(run: &GlyphRun) -> String {
    run.glyphs.iter().map(|g| g.text.as_str()).collect()
}

fn end(run: &GlyphRun) -> f32 {
    run.x + run.glyphs.iter().map(|g| g.advance).sum::<f32>()
}

/// Every run on every page with its page index.
fn runs(built: &Built) -> impl Iterator<Item = (usize, &GlyphRun)> {
    built
        .document
        .pages
        .iter()
        .enumerate()
        .flat_map(|(p, page)| page.runs.iter().map(move |r| (p, r)))
}

#[test]
fn code_is_monospace_within_the_measure_and_wraps_its_long_line() {
    let (book, built) = content();
    let g = Geometry::new(&book.pdf);
    let mono = FaceKind::Mono.font_id();
    let code: Vec<(usize, &GlyphRun)> = runs(&built).filter(|(_, r)| r.font == mono).collect();
    assert!(!code.is_empty());
    for (p, run) in &code {
        let left = g.left(*p);
        assert!(run.x >= left - 0.01, "{}", text(run));
        assert!(
            end(run) <= left + g.measure + 0.01,
            "past the measure: {}",
            text(run)
        );
    }
    // The 200-character line comes out over several lines, every item once.
    let all: String = code.iter().map(|(_, r)| text(r)).collect();
    for i in 0..14 {
        assert_eq!(
            all.matches(&format!("\"item{i:03}\"")).count(),
            1,
            "item{i:03}"
        );
    }
    let baselines: std::collections::BTreeSet<(usize, i64)> = code
        .iter()
        .filter(|(_, r)| text(r).contains("item0"))
        .map(|(p, r)| (*p, r.y.round() as i64))
        .collect();
    assert!(baselines.len() >= 3, "{baselines:?}");
    // Code blocks are smaller than the text, and the same size throughout.
    let block_sizes: std::collections::BTreeSet<i64> = code
        .iter()
        .filter(|(_, r)| text(r).contains("item0") || text(r).contains("greeting"))
        .map(|(_, r)| (r.size * 100.0) as i64)
        .collect();
    assert_eq!(block_sizes.len(), 1);
    assert!((*block_sizes.first().unwrap() as f32) / 100.0 < g.size);
}

#[test]
fn terms_are_bold_and_scripts_and_strikes_are_set() {
    let (book, built) = content();
    let size = Geometry::new(&book.pdf).size;
    let bold = FaceKind::Bold.font_id();
    let terms: Vec<String> = runs(&built)
        .filter(|(_, r)| r.font == bold)
        .map(|(_, r)| text(r))
        .collect();
    for term in ["Register", "Census year", "Estimate"] {
        assert!(terms.iter().any(|t| t == term), "{term} in {terms:?}");
    }
    let find = |t: &str| {
        runs(&built)
            .find(|(_, r)| text(r) == t)
            .unwrap_or_else(|| panic!("no run {t:?}"))
    };
    // "1^st^": smaller and raised; "H~2~O": smaller and lowered.
    let (_, st) = find("st");
    let (_, of) = runs(&built)
        .find(|(_, r)| text(r).starts_with(" of May"))
        .expect("the text after the superscript");
    assert!(st.size < size && st.y < of.y - 0.2 * size, "{st:?}");
    let (p, o) = runs(&built)
        .find(|(_, r)| text(r).starts_with("O, and"))
        .expect("the O of H2O");
    let two = built.document.pages[p]
        .runs
        .iter()
        .find(|r| text(r) == "2" && (end(r) - o.x).abs() < 0.5)
        .expect("the subscript 2 just before it");
    assert!(two.size < size);
    assert!(two.y > o.y, "lowered: {} vs {}", two.y, o.y);
    // "~~struck out~~": a rule over both words and the space, through the x-height.
    let (p, struck) = runs(&built)
        .find(|(_, r)| text(r).contains("struck out"))
        .expect("struck text");
    let start = struck.x
        + struck.glyphs[..text(struck).find("struck").unwrap()]
            .iter()
            .map(|g| g.advance)
            .sum::<f32>();
    let rule = built.document.pages[p]
        .rules
        .iter()
        .find(|r| (r.area.x - start).abs() < 0.5)
        .expect("a rule from the start of “struck”");
    assert!(rule.area.width > 8.0 * size * 0.3, "{rule:?}");
    assert!(
        rule.area.y < struck.y && rule.area.y > struck.y - 0.6 * size,
        "{rule:?}"
    );
}

/// pdftotext gives the code's text (words in order, the continuation
/// marks not among them) and pdffonts shows Inconsolata embedded and subset.
#[test]
#[ignore = "needs poppler-utils"]
fn code_copies_out_and_its_face_is_embedded() {
    let (dir, _) = build_fixture("content", &[]);
    let pdf = dir.path().join("maps-tables-and-code.pdf");
    let out = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext is not installed: `apt-get install poppler-utils`");
    let text = String::from_utf8_lossy(&out.stdout);
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let all = squeeze(&text);
    for line in [
        "println!(\"{}\", greeting); // a tab before this line",
        "if 1 < 2 && 3 > 2 { println!(\"a -- b ... 'x'\"); }",
        "let very_long_line_of_code = [\"item000\", \"item001\", \"item002\",",
        "\"item013\"]; // ------------",
    ] {
        assert!(all.contains(line), "{line:?} not in\n{text}");
    }
    assert!(
        !text.contains('\u{2192}'),
        "the continuation mark copies out"
    );
    let fonts = std::process::Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    let line = fonts
        .lines()
        .find(|l| l.contains("Inconsolata"))
        .unwrap_or_else(|| panic!("no Inconsolata in\n{fonts}"));
    assert!(line.contains('+') && line.contains("yes yes"), "{line}");
}

/// A mark the shaper places on its base (k and x with a tilde: no
/// precomposed letters, so GPOS mark placement does it) is drawn
/// there in the PDF: the page keeps the shaper's offset, and the content
/// stream shows the mark at the pen position moved by it, not at the pen
/// position (where it would print beside the letter).
#[test]
fn combining_marks_are_drawn_where_the_shaper_placed_them() {
    let (_dir, book, built) =
        built_chapter("# Marks\n\nThe words k\u{303}ite and x\u{303}enon carry combining marks.\n");
    // The marks in the layout: (page, where drawn x, y from the top).
    let mut marks = Vec::new();
    for (p, run) in runs(&built) {
        let mut x = run.x;
        for g in &run.glyphs {
            if g.text.is_empty() && g.offset != [0.0, 0.0] {
                marks.push((p, x + g.offset[0], run.y - g.offset[1], x, run.y));
            }
            x += g.advance;
        }
    }
    assert_eq!(marks.len(), 2, "{marks:?}");
    // The PDF's text matrices: each displaced mark has its own.
    let bytes = bookpack::pdf::write::write(&built.document).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let height = Geometry::new(&book.pdf).height;
    for (p, x, y, pen, base) in marks {
        assert!(
            (x - pen).abs() > 0.1 || (y - base).abs() > 0.1,
            "the mark's place is its pen position"
        );
        let content = doc.get_page_content(pages[p]);
        let ops = lopdf::content::Content::decode(&content)
            .unwrap()
            .operations;
        let at: Vec<(f32, f32)> = ops
            .iter()
            .filter(|op| op.operator == "Tm")
            .map(|op| {
                let n = |i: usize| op.operands[i].as_float().unwrap();
                (n(4), n(5))
            })
            .collect();
        let drawn = |x: f32, y: f32| {
            at.iter()
                .any(|&(tx, ty)| (tx - x).abs() < 0.01 && (ty - (height - y)).abs() < 0.01)
        };
        assert!(
            drawn(x, y),
            "the mark at ({x}, {y}) is not drawn there: {at:?}"
        );
    }
}

/// A list item hangs: its label sits left of the item's lines, set flush
/// against the text, so every line of the item starts where its first
/// word does and the numbers' full stops line up ("9." over "10.").
#[test]
fn list_items_hang_their_labels() {
    let long = "whose words run on well past the end of the first line of the page, \
                so that the item wraps onto a second line";
    let (_dir, _, built) = built_chapter(&format!(
        "# Lists\n\nSome text.\n\n9. Nine, {long}.\n10. Ten, {long}.\n\n- Bullet, {long}.\n"
    ));
    // Each line's runs by baseline: (page, y) → runs left to right.
    let mut lines: std::collections::BTreeMap<(usize, i64), Vec<&GlyphRun>> = Default::default();
    for (p, run) in runs(&built) {
        lines
            .entry((p, (run.y * 100.0) as i64))
            .or_default()
            .push(run);
    }
    let lines: Vec<Vec<&GlyphRun>> = lines
        .into_values()
        .map(|mut l| {
            l.sort_by(|a, b| a.x.total_cmp(&b.x));
            l
        })
        .collect();
    let line_text = |l: &Vec<&GlyphRun>| l.iter().map(|r| text(r)).collect::<String>();
    // Where the text after a label starts: past its en space.
    let text_start = |l: &Vec<&GlyphRun>| -> f32 {
        for run in l {
            let mut x = run.x;
            for g in &run.glyphs {
                x += g.advance;
                if g.text.as_str() == "\u{2002}" {
                    return x;
                }
            }
        }
        panic!("no label on {:?}", line_text(l));
    };
    let first = |label: &str| {
        lines
            .iter()
            .position(|l| line_text(l).starts_with(label))
            .unwrap_or_else(|| panic!("no line starts {label:?}"))
    };
    let (nine, ten, bullet) = (first("9."), first("10."), first("\u{2022}"));
    let body = lines[first("Some")][0].x;
    let (at_nine, at_ten) = (text_start(&lines[nine]), text_start(&lines[ten]));
    // Within a point: a justified first line expands or spaces its
    // letters a little, the label's with them (it is set with the first
    // word); without the hang they were 7 pt apart.
    assert!(
        (at_nine - at_ten).abs() < 1.0,
        "9. text at {at_nine}, 10. at {at_ten}"
    );
    assert!(
        at_nine > body + 10.0,
        "items stand in: {at_nine} against {body}"
    );
    for (label, start, at) in [
        (nine, at_nine, "9."),
        (ten, at_ten, "10."),
        (bullet, text_start(&lines[bullet]), "•"),
    ] {
        let next = &lines[label + 1];
        assert!(
            !line_text(next).starts_with(['9', '1', '\u{2022}']),
            "{at} wraps"
        );
        assert!(
            (next[0].x - start).abs() < 1.0,
            "{at}: second line at {} under its text at {start}",
            next[0].x
        );
        // The label hangs left of the text, within the page's text block.
        assert!(lines[label][0].x < start - 3.0 && lines[label][0].x >= body - 0.01);
    }
}

/// A web address longer than the measure breaks at its separators
/// (before a slash or a full stop, after `//`) with no hyphen added, as
/// The Chicago Manual of Style sets them: it ran past the page edge, one
/// overfull line.
#[test]
fn a_long_address_breaks_at_its_separators() {
    let address = "https://example.org/an/extremely/long/path/that/goes/on/and/on/without/any/break/opportunity/whatsoever/index.html";
    let dir = temp_book(
        "title = \"Links\"\nauthors = [\"A\"]\nlanguage = \"en-GB\"\nchapters = [\"01-a.md\"]\n",
        &[("01-a.md", &format!("# Links\n\nHere is a long address that must not overflow: <{address}>. And more text after it.\n"))],
    );
    let (book, _) = bookpack::source::load_book(dir.path()).unwrap_or_else(|f| panic!("{f}"));
    let mut diags = Diagnostics::new();
    let built = bookpack::pdf::book::build_with(
        &book,
        &mut diags,
        1,
        &bookpack::progress::Progress::none(),
    )
    .unwrap();
    assert_eq!(built.tally.counts.overfull, 0, "{:?}", built.tally.flagged);
    // The lines holding the address, in order, put it back together as
    // written: no hyphen added at any break.
    let lines: Vec<&bookpack::pdf::book::PlacedLine> = built
        .lines
        .iter()
        .filter(|l| {
            address.contains(l.last_word.trim_end_matches('.')) || address.contains(&l.first_word)
        })
        .collect();
    assert!(lines.len() >= 2, "the address spans lines: {lines:#?}");
    assert!(lines.iter().all(|l| !l.hyphenated), "{lines:#?}");
    let text = built_text(&built);
    assert!(text.contains(address), "{text}");
}

/// Every glyph's text on every page, runs joined without spaces.
fn built_text(built: &Built) -> String {
    runs(built).map(|(_, r)| text(r)).collect()
}

/// `<span class="smallcaps">` is set in the small-caps face in the PDF,
/// and is a `smallcaps` span the stylesheet sets in small capitals in
/// the EPUB.
#[test]
fn a_small_caps_span_takes_the_small_caps_face() {
    let (_dir, book, built) = built_chapter(
        "# Caps\n\nThe <span class=\"smallcaps\">unesco</span> seat and the NATO one.\n",
    );
    let caps = FaceKind::SmallCaps.font_id();
    let unesco: Vec<&GlyphRun> = runs(&built)
        .map(|(_, r)| r)
        .filter(|r| text(r).contains("unesco"))
        .collect();
    assert_eq!(unesco.len(), 1, "one run holds the word");
    assert_eq!(unesco[0].font, caps);
    assert_eq!(text(unesco[0]).trim(), "unesco");
    assert!(runs(&built).any(|(_, r)| text(r).contains("NATO") && r.font != caps));
    let epub = inspect::Epub::open(&bookpack::epub::render(&book).unwrap()).unwrap();
    let file = |name: &str| String::from_utf8(epub.files[name].clone()).unwrap();
    let xhtml = file("EPUB/chapter-1.xhtml");
    assert!(
        xhtml.contains("<span class=\"smallcaps\">unesco</span>"),
        "{xhtml}"
    );
    let css = file("EPUB/style.css");
    assert!(
        css.contains(".smallcaps {\n  font-variant: small-caps;"),
        "{css}"
    );
}
