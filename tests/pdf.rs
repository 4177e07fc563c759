//! PDF writer and printed-book tests: page descriptions made by hand (shaped
//! with rustybuzz) go through `pdf::write`, and the bytes are read back.
//!
//! Tests marked `#[ignore]` need qpdf and poppler-utils (`.ci/run` installs
//! them and runs `cargo test -- --ignored`); they fail when a tool is absent.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use bookpack::pdf::page::{
    Destination, DocumentInfo, FontFace, FontId, Glyph, GlyphRun, LabelStyle, Link, OutlineEntry,
    Page, PageDocument, Rect, Rule,
};

const SIZE: f32 = 11.0;

/// Shapes `text` in `face` at `SIZE` pt: glyphs with their cluster text.
fn shape(face_bytes: &[u8], text: &str) -> Vec<Glyph> {
    let face = rustybuzz::Face::from_slice(face_bytes, 0).expect("font");
    let upm = face.units_per_em() as f32;
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let out = rustybuzz::shape(&face, &[], buffer);
    let infos = out.glyph_infos();
    let positions = out.glyph_positions();
    let mut glyphs = Vec::new();
    for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
        let start = info.cluster as usize;
        let first_of_cluster = i == 0 || infos[i - 1].cluster != info.cluster;
        let end = infos[i + 1..]
            .iter()
            .map(|n| n.cluster as usize)
            .find(|&c| c != start)
            .unwrap_or(text.len());
        glyphs.push(Glyph {
            id: info.glyph_id as u16,
            advance: pos.x_advance as f32 * SIZE / upm,
            text: if first_of_cluster {
                text[start..end].into()
            } else {
                Default::default()
            },
            offset: [
                pos.x_offset as f32 * SIZE / upm,
                pos.y_offset as f32 * SIZE / upm,
            ],
            tracking: 0.0,
        });
    }
    glyphs
}

/// Sets `text` justified at `measure` pt from (x, y): a greedy line breaker
/// that is good enough for the writer's tests. Returns the runs.
fn set_paragraph(face: &[u8], text: &str, x: f32, mut y: f32, measure: f32) -> Vec<GlyphRun> {
    let space = shape(face, " ").remove(0);
    let words: Vec<Vec<Glyph>> = text.split(' ').map(|w| shape(face, w)).collect();
    let width = |w: &Vec<Glyph>| w.iter().map(|g| g.advance).sum::<f32>();
    let mut lines: Vec<Vec<Vec<Glyph>>> = vec![Vec::new()];
    let mut used = 0.0;
    for w in words {
        let add = width(&w)
            + if lines.last().unwrap().is_empty() {
                0.0
            } else {
                space.advance
            };
        if used + add > measure && !lines.last().unwrap().is_empty() {
            lines.push(Vec::new());
            used = 0.0;
        }
        used += width(&w)
            + if lines.last().unwrap().is_empty() {
                0.0
            } else {
                space.advance
            };
        lines.last_mut().unwrap().push(w);
    }
    let n = lines.len();
    let mut runs = Vec::new();
    for (i, line) in lines.into_iter().enumerate() {
        let natural: f32 =
            line.iter().map(width).sum::<f32>() + space.advance * (line.len() - 1) as f32;
        let gaps = (line.len() - 1).max(1) as f32;
        let extra = if i + 1 < n {
            (measure - natural) / gaps
        } else {
            0.0
        };
        let mut glyphs = Vec::new();
        for (k, w) in line.into_iter().enumerate() {
            if k > 0 {
                glyphs.push(Glyph {
                    advance: space.advance + extra,
                    ..space.clone()
                });
            }
            glyphs.extend(w);
        }
        runs.push(GlyphRun {
            font: FontId(0),
            size: SIZE,
            x,
            y,
            h_scale: 1.0,
            v_scale: 1.0,
            ink: None,
            glyphs,
        });
        y += 14.0;
    }
    runs
}

const TEXT: &str = "All the representatives of the communist and workers’ parties of the \
    socialist countries were gathered in Bucharest, official figures, efficient office \
    affairs: “pokushenie” — the word of the day. Knowledge of democracy and philosophy \
    was not the strength of the Soviet delegation, which sought to justify itself.";

fn sample_document() -> PageDocument {
    let regular = bookpack::fonts::REGULAR;
    let italic = bookpack::fonts::ITALIC;
    let (w, h) = (419.53, 595.28);
    let mut p1 = Page {
        runs: set_paragraph(regular, TEXT, 56.0, 80.0, 300.0),
        ..Page::default()
    };
    let mut note_ref = shape(italic, "note");
    for g in &mut note_ref {
        g.advance += 0.5;
    }
    p1.runs.push(GlyphRun {
        font: FontId(1),
        size: SIZE,
        x: 56.0,
        y: 300.0,
        h_scale: 1.0,
        v_scale: 1.0,
        ink: None,
        glyphs: note_ref,
    });
    p1.links.push(Link {
        area: Rect {
            x: 56.0,
            y: 290.0,
            width: 20.0,
            height: 12.0,
        },
        target: Destination { page: 1, y: 80.0 },
    });
    p1.rules.push(Rule {
        area: Rect {
            x: 56.0,
            y: 320.0,
            width: 60.0,
            height: 0.5,
        },
    });
    let mut p2 = Page {
        runs: set_paragraph(regular, "1. The note, with a link back.", 56.0, 80.0, 300.0),
        ..Page::default()
    };
    p2.links.push(Link {
        area: Rect {
            x: 56.0,
            y: 70.0,
            width: 10.0,
            height: 12.0,
        },
        target: Destination { page: 0, y: 290.0 },
    });
    PageDocument {
        width: w,
        height: h,
        fonts: vec![
            FontFace {
                name: "EBGaramond-Regular".into(),
                bytes: Arc::new(regular.to_vec()),
                index: 0,
            },
            FontFace {
                name: "EBGaramond-Italic".into(),
                bytes: Arc::new(italic.to_vec()),
                index: 0,
            },
            FontFace {
                name: "EBGaramond-Bold".into(),
                bytes: Arc::new(bookpack::fonts::BOLD.to_vec()),
                index: 0,
            },
        ],
        images: Vec::new(),
        pages: vec![p1, p2],
        outline: vec![OutlineEntry {
            title: "12. From Bucharest to Moscow".into(),
            target: Destination { page: 0, y: 60.0 },
            children: vec![OutlineEntry {
                title: "Notes".into(),
                target: Destination { page: 1, y: 60.0 },
                children: vec![],
            }],
        }],
        info: DocumentInfo {
            title: "The Khrushchevites".into(),
            author: "Enver Hoxha".into(),
            subject: "Memoirs".into(),
            keywords: String::new(),
            creator: "bookpack".into(),
            language: "en-GB".into(),
            date: "1980-01-01T00:00:00Z".into(),
            identifier: "urn:test".into(),
        },
        page_labels: vec![(0, LabelStyle::LowerRoman, 1), (1, LabelStyle::Decimal, 7)],
    }
}

#[test]
fn writer_output_is_deterministic_within_a_process() {
    let doc = sample_document();
    let a = bookpack::pdf::write::write(&doc).unwrap();
    let b = bookpack::pdf::write::write(&doc).unwrap();
    assert!(a.starts_with(b"%PDF-1.7"));
    assert_eq!(a, b, "second document in one process differs");
}

#[test]
fn writer_subsets_fonts() {
    let bytes = bookpack::pdf::write::write(&sample_document()).unwrap();
    // Two faces are used; whole faces would weigh ~240 KB each.
    assert!(bytes.len() < 80_000, "PDF is {} bytes", bytes.len());
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("GTS_PDFXVersion"));
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is required for this test (apt-get install qpdf poppler-utils): {e}")
    });
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `bytes` under the target's test scratch folder (kept, so a failing
/// run leaves the PDF to look at).
fn write_temp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
#[ignore = "needs qpdf and poppler-utils"]
fn writer_output_passes_qpdf_and_pdffonts() {
    let bytes = bookpack::pdf::write::write(&sample_document()).unwrap();
    let path = write_temp("writer-sample.pdf", &bytes);
    let p = path.to_str().unwrap();
    tool("qpdf", &["--check", p]);
    let fonts = tool("pdffonts", &[p]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(
            cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+',
            "no subset tag: {row}"
        );
        // name type encoding emb sub uni object id
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
    }
}

#[test]
#[ignore = "needs poppler-utils"]
fn writer_text_copies_out() {
    let bytes = bookpack::pdf::write::write(&sample_document()).unwrap();
    let path = write_temp("writer-text.pdf", &bytes);
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    let got: Vec<&str> = text.split_whitespace().collect();
    let mut want: Vec<&str> = TEXT.split_whitespace().collect();
    want.push("note");
    want.extend("1. The note, with a link back.".split_whitespace());
    assert_eq!(got, want);
}

/// Font expansion: a run under `h_scale` (written as `Tz`) puts every word
/// where its advances say, with widened glyphs and unwidened spaces, and
/// its text still copies out. poppler's word boxes show the pen positions.
#[test]
#[ignore = "needs poppler-utils"]
fn expanded_runs_land_where_their_advances_say() {
    let regular = bookpack::fonts::REGULAR;
    let words = ["Knowledge", "of", "democracy", "and", "philosophy"];
    let space = shape(regular, " ").remove(0);
    let mut runs = Vec::new();
    // Expected (x start, x end) of each word, per line.
    let mut want: Vec<Vec<(f32, f32)>> = Vec::new();
    for (k, scale) in [1.02f32, 0.98, 1.0].into_iter().enumerate() {
        let (x0, y) = (60.0, 100.0 + 40.0 * k as f32);
        let mut glyphs = Vec::new();
        let mut x = x0;
        let mut boxes = Vec::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                // A word space 1.3 × natural, as justification sets it.
                glyphs.push(Glyph {
                    advance: space.advance * 1.3,
                    ..space.clone()
                });
                x += space.advance * 1.3;
            }
            let start = x;
            for mut g in shape(regular, w) {
                g.advance *= scale;
                x += g.advance;
                glyphs.push(g);
            }
            boxes.push((start, x));
        }
        want.push(boxes);
        runs.push(GlyphRun {
            font: FontId(0),
            size: SIZE,
            x: x0,
            y,
            h_scale: scale,
            v_scale: 1.0,
            ink: None,
            glyphs,
        });
    }
    let mut doc = sample_document();
    doc.pages = vec![Page {
        runs,
        ..Page::default()
    }];
    doc.outline.clear();
    doc.page_labels.clear();
    let bytes = bookpack::pdf::write::write(&doc).unwrap();
    let path = write_temp("writer-expanded.pdf", &bytes);
    let xml = tool("pdftotext", &["-bbox", path.to_str().unwrap(), "-"]);
    let got: Vec<(String, f32, f32)> = xml
        .lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .map(|l| {
            let attr = |name: &str| -> f32 {
                let from = l.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                let len = l[from..].find('"').unwrap();
                l[from..from + len].parse().unwrap()
            };
            let text = l[l.find('>').unwrap() + 1..l.rfind("</word>").unwrap()].to_string();
            (text, attr("xMin"), attr("xMax"))
        })
        .collect();
    let want_flat: Vec<(f32, f32)> = want.concat();
    assert_eq!(got.len(), want_flat.len(), "{xml}");
    for ((text, x_min, x_max), (start, end)) in got.iter().zip(&want_flat) {
        assert!(words.contains(&text.as_str()), "{text}");
        // poppler reports 1/1000 pt; the writer rounds TJ to 0.001 pt.
        assert!(
            (x_min - start).abs() < 0.02 && (x_max - end).abs() < 0.02,
            "{text}: poppler {x_min}–{x_max}, set {start}–{end}"
        );
    }
    // The widened line is wider, the narrowed one narrower, than the plain one.
    let line_end = |k: usize| want[k].last().unwrap().1;
    assert!(line_end(0) > line_end(2) + 1.0 && line_end(1) < line_end(2) - 1.0);
}

// ---------------------------------------------------------------------------
// The printed book, built from fixture books.

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/books")
        .join(name)
}

fn load(name: &str) -> bookpack::model::Book {
    let (book, _) = bookpack::source::load_book(&fixture(name)).unwrap_or_else(|f| panic!("{f}"));
    book
}

fn render(book: &bookpack::model::Book) -> (Vec<u8>, bookpack::pdf::Report) {
    let mut diags = bookpack::diagnostics::Diagnostics::new();
    bookpack::pdf::render(book, &mut diags).unwrap_or_else(|f| panic!("{f}"))
}

/// A copy of fixture `name` in a temporary folder, `toml` added to the
/// end of its book.toml.
fn fixture_copy(name: &str, toml: &str) -> tempfile::TempDir {
    let src = fixture(name);
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    let own = std::fs::read_to_string(src.join("book.toml")).unwrap();
    std::fs::write(dir.path().join("book.toml"), format!("{own}\n{toml}")).unwrap();
    dir
}

/// A fixture set for print, with its page geometry.
fn build_fixture(name: &str) -> (bookpack::pdf::book::Geometry, bookpack::pdf::book::Built) {
    let book = load(name);
    let g = bookpack::pdf::book::Geometry::new(&book.pdf);
    let mut diags = bookpack::diagnostics::Diagnostics::new();
    let built = bookpack::pdf::book::build(&book, &mut diags).unwrap_or_else(|f| panic!("{f}"));
    (g, built)
}

/// The text of a glyph run, in the order its glyphs are drawn (visual
/// order: a Hebrew run reads reversed).
fn run_text(r: &bookpack::pdf::page::GlyphRun) -> String {
    r.glyphs.iter().map(|g| g.text.as_str()).collect()
}

/// Where a glyph run ends on the right.
fn run_right(r: &bookpack::pdf::page::GlyphRun) -> f32 {
    r.x + r.glyphs.iter().map(|g| g.advance).sum::<f32>()
}

/// The layout dump of tests/books/pdf-small against the reviewed file in
/// tests/golden/. `UPDATE_GOLDEN=1 cargo test` rewrites it (then review the diff).
#[test]
fn layout_matches_the_reviewed_golden_dump() {
    let book = load("pdf-small");
    let mut diags = bookpack::diagnostics::Diagnostics::new();
    let built = bookpack::pdf::book::build(&book, &mut diags).unwrap();
    let dump = bookpack::pdf::book::layout_dump(&built);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/pdf-small.layout.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &dump).unwrap();
    }
    let want = std::fs::read_to_string(&path).expect("golden file (UPDATE_GOLDEN=1 writes it)");
    assert!(
        dump == want,
        "layout differs from {}; rerun with UPDATE_GOLDEN=1 and review the diff",
        path.display()
    );
}

#[test]
fn the_small_book_is_set_without_faults() {
    let book = load("pdf-small");
    let (_, report) = render(&book);
    assert_eq!(report.widows + report.orphans, 0, "{report:#?}");
    assert_eq!(report.headings_last, 0);
    assert_eq!(report.pages_ending_hyphenated, 0);
    assert_eq!(report.overfull_lines, 0);
    assert!(report.short_pages <= 2, "{report:#?}");
    let notes: usize = book.chapters.iter().map(|c| c.notes.len()).sum();
    assert_eq!(report.note_links, notes);
    assert_eq!(report.back_links, notes);
    assert_eq!(report.unresolved_links, 0);
    let line = report.summary_line();
    assert!(
        line.starts_with(&format!("pdf: {} pages", report.pages)),
        "{line}"
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["pages"], report.pages);
}

#[test]
fn chapters_open_on_rectos_without_heads_and_text_pages_have_them() {
    use bookpack::pdf::book::PageKind;
    let book = load("pdf-small");
    let mut diags = bookpack::diagnostics::Diagnostics::new();
    let built = bookpack::pdf::book::build(&book, &mut diags).unwrap();
    assert_eq!(built.front_pages % 2, 0);
    let mut openings = 0;
    for (i, kind) in built.kinds.iter().enumerate() {
        let runs = built.document.pages[i].runs.len();
        match kind {
            PageKind::Opening => {
                openings += 1;
                assert_eq!(i % 2, 0, "opening on a verso (page {})", i + 1);
            }
            PageKind::Blank => assert_eq!(runs, 0, "blank page {} has text", i + 1),
            PageKind::Text { .. } => {
                // The head and folio sit above the first grid line.
                let g = bookpack::pdf::book::Geometry::new(&book.pdf);
                assert!(
                    built.document.pages[i]
                        .runs
                        .iter()
                        .any(|r| (r.y - g.head_baseline).abs() < 0.01),
                    "no running head on page {}",
                    i + 1
                );
            }
            PageKind::Front => {}
        }
    }
    // Two chapters and the notes.
    assert_eq!(openings, 3);
}

/// Reads the PDF back with lopdf: version, metadata, /Lang, outline, links.
#[test]
fn the_pdf_reads_back_with_metadata_outline_and_links() {
    let book = load("pdf-small");
    let (bytes, report) = render(&book);
    assert!(bytes.starts_with(b"%PDF-1.7"));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en-GB");
    assert_eq!(
        catalog.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines"
    );

    let info_ref = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info_ref).unwrap();
    let text = |k: &[u8]| lopdf::decode_text_string(info.get(k).unwrap()).unwrap();
    assert_eq!(
        text(b"Title"),
        "The Khrushchevites: Memoirs (fixture excerpt)"
    );
    assert_eq!(text(b"Author"), "Enver Hoxha");
    assert!(!info.has(b"GTS_PDFXVersion"));
    let date = info.get(b"CreationDate").unwrap().as_str().unwrap();
    assert!(
        date.starts_with(book.metadata.modified[..4].replace('-', "").as_bytes())
            || date.starts_with(b"D:")
    );

    // The outline: Contents, each chapter, Notes with a child per chapter.
    let pages = doc.get_pages();
    let page_index: std::collections::BTreeMap<lopdf::ObjectId, usize> =
        pages.iter().map(|(n, id)| (*id, *n as usize - 1)).collect();
    let outlines = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let mut titles = Vec::new();
    let mut item = outlines.get(b"First").unwrap().as_reference().ok();
    while let Some(id) = item {
        let d = doc.get_dictionary(id).unwrap();
        let title = lopdf::decode_text_string(d.get(b"Title").unwrap()).unwrap();
        let dest = d.get(b"Dest").unwrap().as_array().unwrap();
        assert!(page_index.contains_key(&dest[0].as_reference().unwrap()));
        let children = d.get(b"First").ok().map(|_| {
            let mut n = 0;
            let mut c = d.get(b"First").unwrap().as_reference().ok();
            while let Some(cid) = c {
                n += 1;
                c = doc
                    .get_dictionary(cid)
                    .unwrap()
                    .get(b"Next")
                    .and_then(|o| o.as_reference())
                    .ok();
            }
            n
        });
        titles.push((title, children.unwrap_or(0)));
        item = d.get(b"Next").and_then(|o| o.as_reference()).ok();
    }
    assert_eq!(
        titles,
        vec![
            ("Contents".to_string(), 0),
            ("12. From Bucharest to Moscow".to_string(), 0),
            ("13. In Moscow".to_string(), 0),
            ("Notes".to_string(), 2),
        ]
    );

    // Every link annotation goes to an existing page.
    let mut links = 0;
    for id in pages.values() {
        let page = doc.get_dictionary(*id).unwrap();
        let Ok(annots) = page.get(b"Annots").and_then(|a| a.as_array()) else {
            continue;
        };
        for a in annots {
            let annot = match a {
                lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
                lopdf::Object::Dictionary(d) => d,
                other => panic!("annotation {other:?}"),
            };
            let action = annot.get(b"A").unwrap().as_dict().unwrap();
            let dest = action.get(b"D").unwrap().as_array().unwrap();
            assert!(page_index.contains_key(&dest[0].as_reference().unwrap()));
            links += 1;
        }
    }
    // Note links, back links, and the contents' entries.
    assert_eq!(links, report.note_links + report.back_links + 3);
}

#[test]
fn rebuilds_are_byte_identical_even_after_other_documents() {
    let book = load("pdf-small");
    let (a, _) = render(&book);
    let other = load("two-chapters");
    let _ = render(&other);
    let _ = bookpack::pdf::write::write(&sample_document()).unwrap();
    let (b, _) = render(&book);
    assert!(a == b, "second build differs");
}

#[test]
#[ignore = "needs qpdf and poppler-utils"]
fn the_book_passes_qpdf_and_pdffonts() {
    let (bytes, _) = render(&load("pdf-small"));
    let path = write_temp("pdf-small.pdf", &bytes);
    let p = path.to_str().unwrap();
    tool("qpdf", &["--check", p]);
    let fonts = tool("pdffonts", &[p]);
    for row in fonts.lines().skip(2) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
        assert_eq!(cols[0].as_bytes()[6], b'+', "{row}");
    }
}

/// The catalog's /PageLabels as (first page, style, start) triples.
fn page_labels(doc: &lopdf::Document) -> Vec<(i64, Vec<u8>, i64)> {
    let labels = doc.catalog().unwrap().get(b"PageLabels").unwrap();
    let labels = match labels {
        lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
        other => other.as_dict().unwrap(),
    };
    let nums = labels.get(b"Nums").unwrap().as_array().unwrap();
    nums.chunks(2)
        .map(|pair| {
            let label = pair[1].as_dict().unwrap();
            let start = label.get(b"St").map_or(1, |s| s.as_i64().unwrap());
            let style = label.get(b"S").unwrap().as_name().unwrap().to_vec();
            (pair[0].as_i64().unwrap(), style, start)
        })
        .collect()
}

#[test]
fn writer_writes_page_labels_and_rejects_bad_ones() {
    let bytes = bookpack::pdf::write::write(&sample_document()).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(
        page_labels(&doc),
        vec![(0, b"r".to_vec(), 1), (1, b"D".to_vec(), 7)]
    );
    let mut bad = sample_document();
    bad.page_labels = vec![(1, LabelStyle::Decimal, 1), (1, LabelStyle::Decimal, 3)];
    assert!(
        bookpack::pdf::write::write(&bad).is_err(),
        "keys must ascend"
    );
    bad.page_labels = vec![(2, LabelStyle::Decimal, 1)];
    assert!(bookpack::pdf::write::write(&bad).is_err(), "page 3 of 2");
    bad.page_labels = vec![(0, LabelStyle::Decimal, 0)];
    assert!(bookpack::pdf::write::write(&bad).is_err(), "start 0");
}

/// Viewers show the printed folios: the front matter in roman numerals from
/// i, the text in arabic from 1, and each text page's label is the folio
/// printed in its running head.
#[test]
fn page_labels_match_the_printed_folios() {
    let book = load("pdf-small");
    let mut diags = bookpack::diagnostics::Diagnostics::new();
    let built = bookpack::pdf::book::build(&book, &mut diags).unwrap();
    let front = built.front_pages;
    assert!(front > 0 && front < built.document.pages.len());
    let (bytes, _) = render(&book);
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(
        page_labels(&doc),
        vec![(0, b"r".to_vec(), 1), (front as i64, b"D".to_vec(), 1)]
    );
    let g = bookpack::pdf::book::Geometry::new(&book.pdf);
    let mut checked = 0;
    for (i, kind) in built.kinds.iter().enumerate() {
        if !matches!(kind, bookpack::pdf::book::PageKind::Text { .. }) {
            continue;
        }
        // The folio is the all-digit run on the head's baseline.
        let printed: Vec<String> = built.document.pages[i]
            .runs
            .iter()
            .filter(|r| (r.y - g.head_baseline).abs() < 0.01)
            .map(|r| r.glyphs.iter().map(|gl| gl.text.as_str()).collect())
            .filter(|t: &String| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
            .collect();
        assert_eq!(printed, vec![(i + 1 - front).to_string()], "page {}", i + 1);
        checked += 1;
    }
    assert!(checked > 0);
}

/// The book-end notes are set smaller, on a grid of their own: with notes
/// long enough to fill several pages, every notes page but the last holds
/// the notes grid's full count of lines (or one fewer on both pages of a
/// balanced spread), every line sits on that grid, there are no widows or
/// orphans, and every link to a note lands on that note's first line.
#[test]
fn long_book_end_notes_keep_their_own_grid() {
    use bookpack::model::Block as MBlock;
    use bookpack::pdf::book::{Geometry, PageKind};
    let mut book = load("pdf-small");
    assert_eq!(book.pdf.notes, bookpack::model::NotesPlacement::BookEnd);
    for chapter in &mut book.chapters {
        for note in &mut chapter.notes {
            for block in &mut note.blocks {
                if let MBlock::Paragraph { content, .. } = block {
                    let once = content.clone();
                    for _ in 0..40 {
                        content.push(bookpack::model::Inline::Text { text: " ".into() });
                        content.extend(once.iter().cloned());
                    }
                }
            }
        }
    }
    let mut diags = bookpack::diagnostics::Diagnostics::new();
    let built = bookpack::pdf::book::build(&book, &mut diags).unwrap();
    assert_eq!(built.faults.widows + built.faults.orphans, 0);
    assert_eq!(built.faults.headings_last, 0);
    assert_eq!(built.unresolved.len(), 0);
    let g = Geometry::new(&book.pdf);
    let ng = g.notes();
    assert!(ng.size < g.size && ng.leading < g.leading && ng.lines > g.lines);
    assert!(ng.baseline(ng.lines - 1) <= g.baseline(g.lines - 1) + 0.01);
    // The notes section: from the last opening to the end.
    let opening = built
        .kinds
        .iter()
        .rposition(|k| *k == PageKind::Opening)
        .unwrap();
    let pages = built.document.pages.len();
    assert!(pages - opening >= 4, "notes take {} pages", pages - opening);
    // Lines a page fills, down to its last text line (headings and the
    // space around them take grid lines but are not text lines).
    let count = |page: usize| {
        built
            .lines
            .iter()
            .filter(|l| l.page == page)
            .map(|l| l.grid_line + 1)
            .max()
            .unwrap_or(0)
    };
    let on_grid = |y: f32| (0..ng.lines).any(|k| (ng.baseline(k) - y).abs() < 0.01);
    for page in opening + 1..pages {
        assert!(matches!(built.kinds[page], PageKind::Text { .. }));
        for l in built.lines.iter().filter(|l| l.page == page) {
            assert!(l.grid_line < ng.lines, "page {}", page + 1);
        }
        for run in &built.document.pages[page].runs {
            let head = (run.y - g.head_baseline).abs() < 0.01;
            assert!(head || on_grid(run.y), "page {} run at {}", page + 1, run.y);
        }
        if page + 1 < pages {
            let n = count(page);
            let facing = if page % 2 == 1 { page + 1 } else { page - 1 };
            let balanced = n + 1 == ng.lines && facing < pages && count(facing) + 1 == ng.lines;
            assert!(n == ng.lines || balanced, "page {}: {n} lines", page + 1);
        }
    }
    // Links to notes land on the note's first line, one notes size above it.
    let mut links = 0;
    // (The contents page's links go to section openings, not notes.)
    for (p, page) in built.document.pages[..opening].iter().enumerate() {
        if built.kinds[p] == PageKind::Front {
            continue;
        }
        for link in &page.links {
            if link.target.page < opening {
                continue;
            }
            let baseline = link.target.y + ng.size;
            assert!(on_grid(baseline), "link to y {}", link.target.y);
            assert!(built.lines.iter().any(|l| l.page == link.target.page
                && (ng.baseline(l.grid_line) - baseline).abs() < 0.01));
            links += 1;
        }
    }
    let notes: usize = book.chapters.iter().map(|c| c.notes.len()).sum();
    assert!(links >= notes, "{links} links to {notes} notes");
}

/// qpdf, an independent reader, sees the same labels.
#[test]
#[ignore = "needs qpdf"]
fn qpdf_reads_the_page_labels() {
    let book = load("pdf-small");
    let (bytes, _) = render(&book);
    let path = write_temp("pdf-small-labels.pdf", &bytes);
    let json = tool(
        "qpdf",
        &["--json", "--json-key=pagelabels", path.to_str().unwrap()],
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let labels = json["pagelabels"].as_array().unwrap();
    assert_eq!(labels.len(), 2, "{json}");
    assert_eq!(labels[0]["index"], 0);
    assert_eq!(labels[0]["label"]["/S"], "/r");
    assert_eq!(labels[1]["label"]["/S"], "/D");
    assert!(labels[1]["index"].as_u64().unwrap() > 0);
}

/// Follows every link with poppler: a note reference's link lands on the
/// line that starts with that note's number, and the note's number links
/// back to the line holding the reference.
#[test]
#[ignore = "needs poppler-utils"]
fn note_links_land_on_their_notes_and_back() {
    let book = load("pdf-small");
    let (bytes, _) = render(&book);
    let path = write_temp("pdf-small-links.pdf", &bytes);
    let p = path.to_str().unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages();
    let page_of: std::collections::BTreeMap<lopdf::ObjectId, u32> =
        pages.iter().map(|(n, id)| (*id, *n)).collect();
    let height = book.pdf.paper.1;
    // Text in a band one line tall from the destination's top.
    let band = |page: u32, top: f32| -> String {
        let y = (height - top).max(0.0);
        tool(
            "pdftotext",
            &[
                "-f",
                &page.to_string(),
                "-l",
                &page.to_string(),
                "-x",
                "0",
                "-y",
                &format!("{}", y as i32 + 2),
                "-W",
                "1000",
                "-H",
                "12",
                p,
                "-",
            ],
        )
    };
    let notes: Vec<&bookpack::model::Note> = book.chapters.iter().flat_map(|c| &c.notes).collect();
    let mut to_notes = Vec::new();
    let mut back = Vec::new();
    for (n, id) in &pages {
        let page = doc.get_dictionary(*id).unwrap();
        let Ok(annots) = page.get(b"Annots").and_then(|a| a.as_array()) else {
            continue;
        };
        for a in annots {
            let annot = match a {
                lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
                lopdf::Object::Dictionary(d) => d,
                _ => unreachable!(),
            };
            let dest = annot
                .get(b"A")
                .unwrap()
                .as_dict()
                .unwrap()
                .get(b"D")
                .unwrap()
                .as_array()
                .unwrap();
            let target = page_of[&dest[0].as_reference().unwrap()];
            let top = dest[3].as_float().unwrap();
            let text = band(target, top);
            if text.contains("Russian in the original") || text.contains("French in the original") {
                to_notes.push((*n, text));
            } else {
                back.push((*n, target, text));
            }
        }
    }
    let contents_links = 3;
    assert_eq!(to_notes.len(), notes.len(), "{to_notes:?}");
    assert_eq!(back.len(), notes.len() + contents_links, "{back:?}");
    // In page order, the k-th reference of a chapter goes to its k-th note.
    for (k, (_, text)) in to_notes.iter().enumerate() {
        let note = notes[k];
        let first_words: String = bookpack::model::Inline::plain_text(match &note.blocks[0] {
            bookpack::model::Block::Paragraph { content, .. } => content,
            _ => unreachable!(),
        });
        let want = format!("{}.", note.number);
        assert!(
            text.trim_start().starts_with(&want),
            "note link {k} lands on {text:?}"
        );
        assert!(
            text.contains(first_words.split_whitespace().next().unwrap()),
            "{text:?}"
        );
    }
    // Back links land on body pages, on a line with a superscript figure.
    for (from, target, text) in back.iter().filter(|(from, _, _)| *from > 4) {
        assert!(
            target < from,
            "back link from page {from} goes forward to {target}"
        );
        assert!(
            text.chars().any(|c| c.is_ascii_digit()),
            "back link lands on {text:?}"
        );
    }
}

/// Every trim preset and both note placements set the fixture with every
/// link resolved, on pages of the preset's size.
#[test]
fn every_paper_and_note_placement_sets_the_book() {
    for paper in ["a5", "6x9", "5.5x8.5", "a4", "letter"] {
        for notes in ["book-end", "chapter-end"] {
            let dir = fixture_copy(
                "pdf-small",
                &format!("[pdf]\npaper = \"{paper}\"\nnotes = \"{notes}\"\n"),
            );
            let (book, _) =
                bookpack::source::load_book(dir.path()).unwrap_or_else(|f| panic!("{f}"));
            let mut diags = bookpack::diagnostics::Diagnostics::new();
            let built = bookpack::pdf::book::build(&book, &mut diags).unwrap();
            let (bytes, report) = render(&book);
            let case = format!("{paper}, {notes}");
            assert_eq!(report.unresolved_links, 0, "{case}");
            assert_eq!(report.note_links, 5, "{case}");
            assert_eq!(report.back_links, 5, "{case}");
            assert_eq!(
                report.widows + report.orphans + report.headings_last,
                0,
                "{case}"
            );
            assert_eq!(report.overfull_lines, 0, "{case}: {report:#?}");
            assert_eq!(
                (built.document.width, built.document.height),
                book.pdf.paper,
                "{case}"
            );
            let doc = lopdf::Document::load_mem(&bytes).unwrap();
            assert_eq!(doc.get_pages().len(), report.pages, "{case}");
            let has_notes_section = built
                .kinds
                .iter()
                .filter(|k| **k == bookpack::pdf::book::PageKind::Opening)
                .count()
                == 3;
            assert_eq!(has_notes_section, notes == "book-end", "{case}");
        }
    }
}

/// The PDF written chapter by chapter as the build goes (what `bookpack
/// build` does) is the same bytes on one thread and on two, build after
/// build, and every page reads as in the PDF written from the whole page
/// description at the end.
#[test]
fn the_streamed_pdf_is_the_same_on_any_thread_count_and_reads_as_the_whole_one() {
    for name in ["pdf-small", "two-chapters", "whole-book"] {
        let book = load(name);
        let streamed = |threads: usize| {
            let mut diags = bookpack::diagnostics::Diagnostics::new();
            let progress = bookpack::progress::Progress::none();
            bookpack::pdf::book::render_pdf(&book, &mut diags, threads, &progress)
                .unwrap()
                .0
        };
        let one = streamed(1);
        assert!(streamed(2) == one, "{name}: two threads differ from one");
        assert!(streamed(1) == one, "{name}: a second build differs");

        let mut diags = bookpack::diagnostics::Diagnostics::new();
        let built = bookpack::pdf::book::build_with_threads(&book, &mut diags, 1).unwrap();
        let whole = bookpack::pdf::write::write(&built.document).unwrap();
        let texts = |bytes: &[u8]| {
            let doc = lopdf::Document::load_mem(bytes).unwrap();
            doc.get_pages()
                .keys()
                // Heads are a second content stream of a streamed page,
                // which lopdf reads as a new line: compare words.
                .map(|&p| {
                    let text = doc.extract_text(&[p]).unwrap();
                    text.split_whitespace().collect::<Vec<_>>().join(" ")
                })
                .collect::<Vec<String>>()
        };
        let (a, b) = (texts(&one), texts(&whole));
        assert_eq!(a.len(), built.document.pages.len(), "{name}");
        for (page, (a, b)) in a.iter().zip(&b).enumerate() {
            assert_eq!(a, b, "{name}: page {} reads differently", page + 1);
        }
    }
}

/// A build that writes the PDF keeps no record of each line (a long book
/// has a hundred thousand): it counts them as they are placed, and the
/// counts are those of the lines a kept build holds.
#[test]
fn the_streamed_build_counts_its_lines_as_placed_and_keeps_none() {
    for name in ["pdf-small", "two-chapters", "whole-book"] {
        let book = load(name);
        let mut diags = bookpack::diagnostics::Diagnostics::new();
        let progress = bookpack::progress::Progress::none();
        let (_, streamed) =
            bookpack::pdf::book::render_pdf(&book, &mut diags, 1, &progress).unwrap();
        let kept = bookpack::pdf::book::build_with_threads(&book, &mut diags, 1).unwrap();
        assert!(
            streamed.lines.is_empty(),
            "{name}: the streamed build kept lines"
        );
        assert!(!kept.lines.is_empty(), "{name}: no lines");
        let mut counted = bookpack::pdf::tally::LineTally::default();
        for line in &kept.lines {
            counted.add(line);
        }
        assert_eq!(counted, kept.tally, "{name}");
        assert_eq!(counted, streamed.tally, "{name}");
    }
}

/// `bookpack watch` replays unchanged chapters from its cache, lines
/// counted and all: a rebuild's report is a clean build's.
#[test]
fn a_rebuild_from_the_cache_reports_as_a_clean_build() {
    for name in ["two-chapters", "whole-book"] {
        let book = load(name);
        let wanted = bookpack::editions::Wanted {
            epub: false,
            pdf: true,
        };
        let progress = bookpack::progress::Progress::none();
        let mut caches = bookpack::editions::Caches::default();
        let build = |caches: Option<&mut bookpack::editions::Caches>| {
            let mut diags = bookpack::diagnostics::Diagnostics::new();
            let editions =
                bookpack::editions::render_cached(&book, wanted, &mut diags, &progress, caches)
                    .unwrap();
            editions.pdf.unwrap()
        };
        let clean = build(None);
        let first = build(Some(&mut caches));
        let again = build(Some(&mut caches));
        assert_eq!(caches.pdf.set, 0, "{name}: the rebuild set sections again");
        assert!(caches.pdf.sections > 0, "{name}");
        assert!(again.0 == clean.0, "{name}: the rebuild's PDF differs");
        assert_eq!(first.1, clean.1, "{name}");
        assert_eq!(again.1, clean.1, "{name}: the rebuild's report differs");
    }
}

/// Setting a chapter on several threads gives the very same PDF as on one.
#[test]
fn threads_do_not_change_the_output() {
    for name in ["pdf-small", "two-chapters", "footnotes", "whole-book"] {
        let book = load(name);
        let bytes = |threads: usize| {
            let mut diags = bookpack::diagnostics::Diagnostics::new();
            let built =
                bookpack::pdf::book::build_with_threads(&book, &mut diags, threads).unwrap();
            // On several threads a chapter long enough is paginated on a
            // thread of its own while the one before is drawn; had the
            // plan's parameters been predicted wrong, the build would have
            // paginated again (the same bytes, the gain lost).
            assert_eq!(
                built.planned_ahead, built.plans_made,
                "{name}, {threads} threads"
            );
            let planned = match name {
                "pdf-small" | "footnotes" => threads > 1,
                _ => false,
            };
            assert_eq!(built.plans_made > 0, planned, "{name}, {threads} threads");
            let warnings: Vec<String> = diags.items().iter().map(|d| d.to_string()).collect();
            (
                bookpack::pdf::write::write(&built.document).unwrap(),
                warnings,
            )
        };
        let one = bytes(1);
        for threads in [2, 3, 7] {
            assert!(
                bytes(threads) == one,
                "{name}: {threads} threads differ from one"
            );
        }
    }
}

/// A Russian book: everything the PDF sets in small capitals (the title
/// page's author, the contents heading, the chapter labels and the notes'
/// heading at a chapter's end, the verso running head) comes out in
/// capitals, since EB Garamond's small-caps face holds plain lower case
/// for Cyrillic: "глава 1" under a chapter's title was the fault. The
/// glyphs are capitals; the text they stand for is as written.
#[test]
fn cyrillic_small_caps_are_set_as_capitals_not_lower_case() {
    use bookpack::pdf::fontset::FaceKind;
    let book = load("russian");
    let mut diags = bookpack::diagnostics::Diagnostics::new();
    let built = bookpack::pdf::book::build(&book, &mut diags).unwrap();
    let face_bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/EBGaramondSC12-Regular.ttf"),
    )
    .unwrap();
    let face = rustybuzz::ttf_parser::Face::parse(&face_bytes, 0).unwrap();
    let lower_case: Vec<u16> = ('а'..='я')
        .chain(['ё'])
        .filter_map(|c| face.glyph_index(c).map(|g| g.0))
        .collect();
    assert_eq!(lower_case.len(), 33, "the face has Cyrillic lower case");
    let small_caps: Vec<(usize, String, Vec<u16>)> = built
        .document
        .pages
        .iter()
        .enumerate()
        .flat_map(|(i, page)| {
            page.runs
                .iter()
                .filter(|r| r.font == FaceKind::SmallCaps.font_id())
                .map(move |r| {
                    (
                        i,
                        r.glyphs.iter().map(|g| g.text.as_str()).collect(),
                        r.glyphs.iter().map(|g| g.id).collect(),
                    )
                })
        })
        .collect();
    for (page, text, ids) in &small_caps {
        assert!(
            !ids.iter().any(|id| lower_case.contains(id)),
            "page {}: Cyrillic lower case in small capitals: {text}",
            page + 1
        );
    }
    let all: String = small_caps
        .iter()
        .map(|(_, t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join("|");
    let flat: String = all.chars().filter(|c| !c.is_whitespace()).collect();
    for expected in [
        "ЛевНиколаевичТолстой",
        "Содержание",
        "Глава1",
        "Глава2",
        "Примечания",
        "Войнаимир",
    ] {
        assert!(flat.contains(expected), "no {expected} in {all}");
    }
}

/// A note in Hebrew hangs its number on the right, beside the start of
/// its text, as a right-to-left book sets it; a note in English in the
/// same book keeps its number on the left. (The Hebrew note's number was
/// on the left margin with the text flush right: a line's width apart.)
#[test]
fn a_right_to_left_note_hangs_its_number_on_the_right() {
    // A book in Hebrew is bound on the right.
    assert!(load("hebrew").pdf.bound_right);
    assert!(!load("pdf-small").pdf.bound_right);
    let (_, built) = build_fixture("hebrew");
    let (text, right) = (run_text, run_right);
    let mut seen = 0;
    for page in &built.document.pages {
        // A note's first line: the number "1." and text on its baseline.
        for number in page.runs.iter().filter(|r| text(r) == "1.") {
            let line: Vec<_> = page
                .runs
                .iter()
                .filter(|r| (r.y - number.y).abs() < 0.01 && !std::ptr::eq(*r, number))
                .collect();
            let Some(first) = line.first() else { continue };
            let words: String = line.iter().map(|r| text(r)).collect();
            if words.chars().any(|c| ('\u{5d0}'..='\u{5ea}').contains(&c)) {
                let text_right = line.iter().map(|r| right(r)).fold(f32::MIN, f32::max);
                assert!(
                    number.x > text_right,
                    "{} not right of {text_right}",
                    number.x
                );
                assert!(
                    number.x - text_right < 8.0,
                    "a gap of {}",
                    number.x - text_right
                );
                seen += 1;
            } else if words.contains("Version") {
                assert!(
                    right(number) < first.x,
                    "English note's number not on the left"
                );
                seen += 1;
            }
        }
    }
    assert_eq!(seen, 2, "both notes' first lines found");
}

/// A list in a right-to-left paragraph is the mirror of one in a
/// left-to-right paragraph: its items stand in from the right edge of the
/// text block, by as much as English items stand in from the left, each
/// bullet at the right end of its first line (and a nested list one hang
/// further in). (The Hebrew items stood in from the left and ran to the right
/// edge, as if the book read left to right.)
#[test]
fn a_right_to_left_list_stands_in_from_the_right() {
    let (g, built) = build_fixture("hebrew");
    let (text, right) = (run_text, run_right);
    let hebrew = |s: &str| s.chars().any(|c| ('\u{5d0}'..='\u{5ea}').contains(&c));
    // By the first line of each bulleted item: how far it stands in from
    // the side its text starts on.
    let (mut from_right, mut from_left) = (Vec::new(), Vec::new());
    for (i, page) in built.document.pages.iter().enumerate() {
        let (left_edge, right_edge) = (g.left(i), g.left(i) + g.measure);
        // The run holding the bullet (with the first word, or alone).
        for bullet in page.runs.iter().filter(|r| text(r).contains('\u{2022}')) {
            let line: Vec<_> = page
                .runs
                .iter()
                .filter(|r| (r.y - bullet.y).abs() < 0.01)
                .collect();
            let words: String = line.iter().map(|r| text(r)).collect();
            let line_left = line.iter().map(|r| r.x).fold(f32::MAX, f32::min);
            let line_right = line.iter().map(|r| right(r)).fold(f32::MIN, f32::max);
            if hebrew(&words) {
                assert!(
                    (right(bullet) - line_right).abs() < 0.01 && text(bullet).ends_with('\u{2022}'),
                    "the bullet ends the line on the right: {words}"
                );
                from_right.push(right_edge - line_right);
            } else {
                assert!(
                    (bullet.x - line_left).abs() < 0.01 && text(bullet).starts_with('\u{2022}'),
                    "{words}"
                );
                from_left.push(line_left - left_edge);
            }
        }
    }
    // Four Hebrew items (one nested), two English ones.
    assert_eq!(from_right.len(), 4, "{from_right:?}");
    assert_eq!(from_left.len(), 2, "{from_left:?}");
    let indent = from_left[0];
    assert!(indent > 5.0, "English items stand in: {from_left:?}");
    assert!(from_left.iter().all(|x| (x - indent).abs() < 0.01));
    // A nested list stands in one hang (1.5 em of 11 pt) further.
    let nested = from_right
        .iter()
        .filter(|x| (*x - (indent + 16.5)).abs() < 0.01)
        .count();
    let top = from_right
        .iter()
        .filter(|x| (*x - indent).abs() < 0.01)
        .count();
    assert_eq!((top, nested), (3, 1), "{from_right:?} against {indent}");
}

/// A table in a right-to-left chapter reads from the right, as its EPUB
/// page does: the first column on the right and cells the source does not
/// align flush right in their column; a definition's term stands flush
/// right. (Both were laid out as in English: the first column on the
/// left, cells and terms flush left.)
#[test]
fn a_right_to_left_table_and_term_read_from_the_right() {
    let (g, built) = build_fixture("hebrew");
    // Runs hold their glyphs in visual order: Hebrew reads reversed.
    let text =
        |r: &bookpack::pdf::page::GlyphRun| -> String { run_text(r).chars().rev().collect() };
    let right = run_right;
    // Each line's runs by their words: (page, runs).
    let lines = || {
        built.document.pages.iter().enumerate().flat_map(|(i, p)| {
            let mut ys: Vec<f32> = p.runs.iter().map(|r| r.y).collect();
            ys.dedup_by(|a, b| (*a - *b).abs() < 0.01);
            ys.into_iter().map(move |y| {
                let runs: Vec<_> = p.runs.iter().filter(|r| (r.y - y).abs() < 0.01).collect();
                (i, runs)
            })
        })
    };
    let line_of = |words: &[&str]| {
        lines()
            .find(|(_, runs)| {
                let mut have: Vec<String> = runs.iter().map(|r| text(r)).collect();
                have.retain(|w| !w.trim().is_empty());
                have.sort();
                let mut want: Vec<String> = words.iter().map(|w| w.to_string()).collect();
                want.sort();
                have == want
            })
            .unwrap_or_else(|| panic!("no line of {words:?}"))
    };
    fn run<'r>(
        runs: &[&'r bookpack::pdf::page::GlyphRun],
        word: &str,
        text: impl Fn(&bookpack::pdf::page::GlyphRun) -> String,
    ) -> &'r bookpack::pdf::page::GlyphRun {
        runs.iter().find(|r| text(r) == word).unwrap()
    }
    let (_, head) = line_of(&["יום", "מעשה"]);
    let (day, work) = (run(&head, "יום", text), run(&head, "מעשה", text));
    assert!(day.x > right(work), "the first column is on the right");
    let (_, row1) = line_of(&["ראשון", "אור"]);
    let (_, row2) = line_of(&["שני", "רקיע"]);
    let (first, second) = (run(&row1, "ראשון", text), run(&row2, "שני", text));
    assert!((right(first) - right(day)).abs() < 0.01);
    assert!((right(second) - right(day)).abs() < 0.01);
    assert!(first.x < second.x - 1.0, "cells flush right, not left");
    let (page, term) = line_of(&["אור"]);
    assert!(
        (right(term[0]) - (g.left(page) + g.measure)).abs() < 0.01,
        "the term ends at the text block's right edge: {} against {}",
        right(term[0]),
        g.left(page) + g.measure
    );
}

/// A book bound on the right (its language written right to left) is
/// the mirror of one bound on the left: each page's text block keeps its
/// inner margin on the binding side (a recto's on the right), each folio
/// stands at the page's outer edge (a recto's on the left), the contents
/// read from the right (number, then title, flush right; folio on the
/// left), and the catalog asks viewers for right-to-left spreads.
#[test]
fn a_book_bound_on_the_right_mirrors_margins_folios_and_contents() {
    use bookpack::pdf::book::{Geometry, PageKind};
    let mut book = load("pdf-small");
    let left_bound = Geometry::new(&book.pdf);
    // As `source` makes it of a book in Hebrew.
    book.metadata.language = "he".into();
    book.pdf.bound_right = true;
    let g = Geometry::new(&book.pdf);
    assert!(g.inner != g.outer, "the test needs unequal margins");
    let mut diags = bookpack::diagnostics::Diagnostics::new();
    let built = bookpack::pdf::book::build(&book, &mut diags).unwrap();
    let width = |r: &bookpack::pdf::page::GlyphRun| r.glyphs.iter().map(|g| g.advance).sum::<f32>();
    let text = |r: &bookpack::pdf::page::GlyphRun| -> String {
        r.glyphs.iter().map(|g| g.text.as_str()).collect()
    };
    let mut text_pages = [0, 0];
    for (i, kind) in built.kinds.iter().enumerate() {
        if !matches!(kind, PageKind::Text { .. }) {
            continue;
        }
        let recto = Geometry::is_recto(i);
        // The binding side's margin is the inner one.
        let expected_left = if recto { g.outer } else { g.inner };
        assert_eq!(g.left(i), expected_left, "page {}", i + 1);
        assert_ne!(g.left(i), left_bound.left(i), "page {}", i + 1);
        let page = &built.document.pages[i];
        let folio = page
            .runs
            .iter()
            .find(|r| {
                (r.y - g.head_baseline).abs() < 0.01 && text(r).chars().all(|c| c.is_ascii_digit())
            })
            .unwrap_or_else(|| panic!("no folio on page {}", i + 1));
        if recto {
            assert!(
                (folio.x - g.left(i)).abs() < 0.01,
                "recto folio not at the left edge, page {}",
                i + 1
            );
        } else {
            let right = folio.x + width(folio);
            assert!(
                (right - (g.left(i) + g.measure)).abs() < 0.01,
                "verso folio not at the right edge, page {}",
                i + 1
            );
        }
        // The body's lines lie within the mirrored text block.
        for r in page.runs.iter().filter(|r| r.y > g.first_baseline - 0.01) {
            assert!(
                r.x >= g.left(i) - 12.0 && r.x + width(r) <= g.left(i) + g.measure + 12.0,
                "page {}",
                i + 1
            );
        }
        text_pages[usize::from(recto)] += 1;
    }
    assert!(text_pages[0] > 0 && text_pages[1] > 0, "{text_pages:?}");

    // The contents (page 3): each entry's number flush right, its folio
    // flush left.
    let contents = &built.document.pages[2];
    let left = g.left(2);
    let numbers: Vec<_> = contents
        .runs
        .iter()
        .filter(|r| r.y > g.baseline(5) && text(r).chars().all(|c| c.is_ascii_digit()))
        .collect();
    let at_right = numbers
        .iter()
        .filter(|r| (r.x + width(r) - (left + g.measure)).abs() < 0.01)
        .count();
    let at_left = numbers.iter().filter(|r| (r.x - left).abs() < 0.01).count();
    assert!(
        at_right >= 2 && at_left >= 2,
        "{at_right} numbers flush right, {at_left} folios flush left"
    );

    // The imprint (page 2): every line flush right, as the EPUB's
    // right-to-left imprint page sets it; flush left when bound on the left.
    let imprint_edges = |built: &bookpack::pdf::book::Built, g: &Geometry| {
        let page = &built.document.pages[1];
        let mut ys: Vec<f32> = page.runs.iter().map(|r| r.y).collect();
        ys.dedup_by(|a, b| (*a - *b).abs() < 0.01);
        assert!(ys.len() >= 2, "the imprint has lines");
        ys.iter()
            .map(|&y| {
                let line = page.runs.iter().filter(|r| (r.y - y).abs() < 0.01);
                let (l, r) = line.fold((f32::MAX, f32::MIN), |(l, r), run| {
                    (l.min(run.x), r.max(run.x + width(run)))
                });
                (l - g.left(1), g.left(1) + g.measure - r)
            })
            .collect::<Vec<_>>()
    };
    for (from_left, from_right) in imprint_edges(&built, &g) {
        assert!(from_right.abs() < 0.01, "{from_right} from the right edge");
        assert!(from_left > 1.0);
    }
    let left_built = bookpack::pdf::book::build(&load("pdf-small"), &mut diags).unwrap();
    for (from_left, _) in imprint_edges(&left_built, &left_bound) {
        assert!(from_left.abs() < 0.01, "{from_left} from the left edge");
    }

    let (bytes, _) = render(&book);
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let prefs = catalog
        .get(b"ViewerPreferences")
        .unwrap()
        .as_dict()
        .unwrap();
    assert_eq!(
        prefs.get(b"Direction").unwrap().as_name().unwrap(),
        b"R2L".as_slice()
    );
}

/// The imprint names the face the text is set in: the book's own regular
/// face when `[pdf] fonts` gives one (its family, from the font's name
/// table), EB Garamond otherwise.
#[test]
fn the_imprint_names_the_books_own_face() {
    let imprint_text = |book: &bookpack::model::Book| {
        let mut diags = bookpack::diagnostics::Diagnostics::new();
        let built = bookpack::pdf::book::build(book, &mut diags).unwrap_or_else(|f| panic!("{f}"));
        built.document.pages[1]
            .runs
            .iter()
            .map(run_text)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let default = imprint_text(&load("pdf-small"));
    assert!(default.contains("Set in EB Garamond,"), "{default}");

    let dir = fixture_copy(
        "pdf-small",
        "[pdf]\nfonts = { regular = \"Inconsolata.otf\" }\n",
    );
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/Inconsolata.otf"),
        dir.path().join("Inconsolata.otf"),
    )
    .unwrap();
    let (book, _) = bookpack::source::load_book(dir.path()).unwrap_or_else(|f| panic!("{f}"));
    let own = imprint_text(&book);
    assert!(own.contains("Set in Inconsolata,"), "{own}");
    assert!(!own.contains("Garamond"), "{own}");
}

/// The small-caps face's ToUnicode map and `/CIDToGIDMap`: each code's
/// text (every code its own entry) and the glyph each code draws.
fn small_caps_codes(bytes: &[u8]) -> (Vec<(u16, String)>, Vec<u16>) {
    face_codes(bytes, b"EBGaramondSC12-Regular")
}

/// The Type0 font of the embedded face whose name ends in `name`.
fn type0_font<'a>(doc: &'a lopdf::Document, name: &[u8]) -> &'a lopdf::Dictionary {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .find(|d| {
            d.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Type0")
                && d.get(b"BaseFont")
                    .and_then(|n| n.as_name())
                    .is_ok_and(|n| n.ends_with(name))
        })
        .expect("the face is embedded")
}

/// The `/W` width of each code of the embedded face named `name`.
fn face_widths(bytes: &[u8], name: &[u8]) -> std::collections::BTreeMap<u16, i64> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let font = type0_font(&doc, name);
    let descendant = font.get(b"DescendantFonts").unwrap().as_array().unwrap()[0]
        .as_reference()
        .unwrap();
    let w = doc
        .get_dictionary(descendant)
        .unwrap()
        .get(b"W")
        .unwrap()
        .as_array()
        .unwrap();
    let mut out = std::collections::BTreeMap::new();
    // Runs of `first [w1 w2 …]`, as the writer makes them.
    for pair in w.chunks(2) {
        let first = pair[0].as_i64().unwrap() as u16;
        for (k, width) in pair[1].as_array().unwrap().iter().enumerate() {
            out.insert(first + k as u16, width.as_i64().unwrap());
        }
    }
    out
}

/// The codes of the embedded face whose name ends in `name`, with their
/// ToUnicode texts, and its CIDToGIDMap (empty for `/Identity`).
fn face_codes(bytes: &[u8], name: &[u8]) -> (Vec<(u16, String)>, Vec<u16>) {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let font = type0_font(&doc, name);
    let stream = |key: &[u8], dict: &lopdf::Dictionary| -> Vec<u8> {
        let id = dict.get(key).unwrap().as_reference().unwrap();
        let s = doc.get_object(id).unwrap().as_stream().unwrap();
        s.decompressed_content()
            .unwrap_or_else(|_| s.content.clone())
    };
    let cmap = String::from_utf8(stream(b"ToUnicode", font)).unwrap();
    let texts: Vec<(u16, String)> = cmap
        .lines()
        .filter_map(|l| {
            let l = l.strip_prefix('<')?;
            let (code, rest) = l.split_once("> <")?;
            let hex = rest.strip_suffix('>')?;
            let units: Vec<u16> = (0..hex.len())
                .step_by(4)
                .map(|i| u16::from_str_radix(&hex[i..i + 4], 16).unwrap())
                .collect();
            Some((
                u16::from_str_radix(code, 16).unwrap(),
                String::from_utf16(&units).unwrap(),
            ))
        })
        .collect();
    let descendant = font.get(b"DescendantFonts").unwrap().as_array().unwrap()[0]
        .as_reference()
        .unwrap();
    let descendant = doc.get_dictionary(descendant).unwrap();
    if descendant.get(b"CIDToGIDMap").unwrap().as_name().is_ok() {
        return (texts, Vec::new());
    }
    let map = stream(b"CIDToGIDMap", descendant);
    let glyphs = map
        .chunks(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]))
        .collect();
    (texts, glyphs)
}

/// Small capitals read back as written: "Margaret Hale", "Chapter 1",
/// "Contents" (they came out "margaret hale", "chapter 1", as set). The
/// small-caps face's glyph for "m" stands for "M" and for "m" through
/// codes, each with its ToUnicode text, that its `/CIDToGIDMap` takes to
/// the one glyph (a text has a second code only for a second width: the
/// glyph letter-spaced); the roman face, whose glyphs each stand for one
/// text, keeps the identity map.
#[test]
fn small_capitals_read_back_as_written() {
    let book = load("whole-book");
    let (bytes, _) = render(&book);
    // lopdf reads letter-spacing as spaces ("C o n t e n t s"):
    // compared without them.
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let text: String = doc
        .extract_text(&doc.get_pages().keys().copied().collect::<Vec<u32>>())
        .unwrap()
        .split_whitespace()
        .collect();
    for written in ["MargaretHale", "Chapter1", "Contents", "PartI"] {
        assert!(text.contains(written), "no {written:?} in {text}");
    }
    // (Not "parti", which "particular" holds.)
    for lower in ["margarethale", "chapter1", "appendixa"] {
        assert!(!text.contains(lower), "{lower:?} in {text}");
    }

    let (texts, glyphs) = small_caps_codes(&bytes);
    let widths = face_widths(&bytes, b"EBGaramondSC12-Regular");
    let glyph_of = |text: &str| -> Vec<u16> {
        let mut of: Vec<u16> = texts
            .iter()
            .filter(|(_, t)| t == text)
            .map(|&(code, _)| glyphs[code as usize])
            .collect();
        of.dedup();
        of
    };
    // "M" and "m" are both drawn, by one glyph.
    let (upper, lower) = (glyph_of("M"), glyph_of("m"));
    assert_eq!((upper.len(), lower.len()), (1, 1), "{texts:?}");
    assert_eq!(upper, lower, "M and m are one small capital");
    // Every code has its text, none twice for one glyph and width.
    let mut pairs: Vec<(u16, &str, i64)> = texts
        .iter()
        .map(|(code, t)| (glyphs[*code as usize], t.as_str(), widths[code]))
        .collect();
    let all = pairs.len();
    pairs.sort();
    pairs.dedup();
    assert_eq!(
        pairs.len(),
        all,
        "a glyph has two codes for one text and width"
    );

    // In the roman face only the hyphen stands for two texts: "-", and
    // U+2010 where a line ends at a hyphen of the text (see
    // `pdftotext_keeps_a_typed_hyphen_at_a_line_end`).
    let (texts, glyphs) = face_codes(&bytes, b"EBGaramond12-Regular");
    let mut by_glyph: std::collections::BTreeMap<u16, Vec<&str>> = Default::default();
    for (code, text) in &texts {
        let glyph = glyphs.get(*code as usize).copied().unwrap_or(*code);
        by_glyph.entry(glyph).or_default().push(text);
    }
    for (glyph, texts) in &by_glyph {
        if texts.len() > 1 {
            let mut texts = texts.clone();
            texts.sort();
            assert_eq!(texts, ["-", "\u{2010}"], "glyph {glyph}");
        }
    }
}

/// The text poppler's pdftotext reads out of a PDF (fails when it is not
/// installed).
fn pdftotext(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("book.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let o = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext is not installed: `apt-get install poppler-utils`");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// poppler copies small capitals as
/// written: the chapter labels, the author, a running head.
#[test]
#[ignore = "needs poppler-utils"]
fn pdftotext_copies_small_capitals_as_written() {
    let book = load("whole-book");
    let (bytes, _) = render(&book);
    let text = pdftotext(&bytes);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for written in [
        "Chapter 1",
        "Chapter 4",
        "Appendix A",
        "Contents",
        "Margaret Hale",
    ] {
        assert!(lines.contains(&written), "no line {written:?} in {text}");
        let lower = written.to_lowercase();
        assert!(!lines.contains(&lower.as_str()), "a line {lower:?}");
    }
    // The book's short title, a running head.
    let title = lines.iter().filter(|l| **l == "Making Books").count();
    assert!(title >= 2, "{title} lines read \"Making Books\"");
    assert!(!lines.contains(&"making books"));
}

/// Letter-spaced small capitals (title page, card page, running heads,
/// the contents heading) copy as whole words: the spacing is in each
/// glyph's width, not a gap after it that poppler took for a word space
/// at 0.1 em ("volu m e", "F ixture Press"; EB Garamond's small f kerns
/// away from i and j, so "F ilippa F jellheim" split too, and a Hebrew
/// heading came out letter by letter).
#[test]
#[ignore = "needs poppler-utils"]
fn pdftotext_reads_letter_spaced_small_capitals_as_whole_words() {
    let lines_of = |bytes: &[u8]| -> Vec<String> {
        pdftotext(bytes)
            .lines()
            .map(|l| l.trim().to_string())
            .collect()
    };
    let (whole, _) = render(&load("whole-book"));
    let lines = lines_of(&whole);
    for line in ["Books on Books, volume 2", "Fixture Press"] {
        assert!(
            lines.iter().any(|l| l == line),
            "no line {line:?} in {lines:?}"
        );
    }
    let (hebrew, _) = render(&load("hebrew"));
    let text = pdftotext(&hebrew);
    assert!(text.contains("תוכן העניינים"), "{text}");

    let chapter = format!(
        "# The Fifth Chapter\n\n{}",
        ["Official fiction filed by the fifth office, in a folio of fine paper."; 200].join(" ")
    );
    let dir = tempfile::tempdir().unwrap();
    let files: [(&str, &str); 2] = [
        (
            "book.toml",
            "title = \"The Fifth Office\"\nshort-title = \"Fifth Official Fictions\"\n\
         authors = [\"Filippa Fjellheim\"]\nlanguage = \"en-GB\"\n\
         publisher = \"Halfling Fine Books\"\ndate = \"2024\"\n\
         series = { name = \"Official Fictions of Fife\", position = 2 }\n\
         also-by = [\"Flight of Fish\"]\nchapters = [\"one.md\"]\n",
        ),
        ("one.md", &chapter),
    ];
    for (file, text) in files {
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    let (book, _) = bookpack::source::load_book(dir.path()).unwrap_or_else(|f| panic!("{f}"));
    let (bytes, _) = render(&book);
    let lines = lines_of(&bytes);
    for line in [
        "Filippa Fjellheim",
        "Halfling Fine Books",
        "Official Fictions of Fife, volume 2",
        "Also by Filippa Fjellheim",
    ] {
        assert!(
            lines.iter().any(|l| l == line),
            "no line {line:?} in {lines:?}"
        );
    }
    // The running head on the versos.
    let heads = lines
        .iter()
        .filter(|l| l.contains("Fifth Official Fictions"))
        .count();
    assert!(heads >= 2, "{heads} heads read whole in {lines:?}");
}

/// pdftotext keeps a hyphen typed in the text where a line ends at it
/// (the first book breaks "Marxist-Leninist" and "well-considered" so),
/// and still joins the words hyphenation broke: it gave
/// "MarxistLeninist" and "wellconsidered" when the typed hyphen carried
/// the text "-", as an added one does.
#[test]
#[ignore = "needs poppler-utils"]
fn pdftotext_keeps_a_typed_hyphen_at_a_line_end() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("source");
    let (book, _) = bookpack::source::load_book(&source).unwrap_or_else(|f| panic!("{f}"));
    let (bytes, report) = render(&book);
    let text = pdftotext(&bytes);
    for joined in ["MarxistLeninist", "wellconsidered"] {
        assert!(!text.contains(joined), "{joined:?} in the text");
    }
    let kept = text.lines().filter(|l| l.ends_with('\u{2010}')).count();
    assert!(kept >= 2, "{kept} lines end in a kept hyphen");
    // Hyphenation's own hyphens are joined away: no line ends in "-".
    assert!(report.hyphenated_lines > 20);
    assert!(!text.lines().any(|l| l.ends_with('-')), "{text}");
}

/// A chapter's heading in the book-end notes is italic with the title's
/// own emphasis set upright in it, as the title is in roman with it in
/// italic: "1 · The *First* Chapter" came out all italic.
#[test]
fn a_notes_group_heading_keeps_the_titles_emphasis() {
    use bookpack::pdf::fontset::FaceKind;
    let (_, built) = build_fixture("epub-rich");
    let last = built.document.pages.last().unwrap();
    let line: Vec<(String, bookpack::pdf::page::FontId)> = last
        .runs
        .iter()
        .filter(|r| run_text(r).contains("First") || run_text(r).contains("Chapter"))
        .map(|r| (run_text(r), r.font))
        .collect();
    let face_of = |word: &str| {
        line.iter()
            .find(|(t, _)| t.contains(word))
            .map(|(_, f)| *f)
            .unwrap_or_else(|| panic!("no {word} in {line:?}"))
    };
    assert_eq!(face_of("First"), FaceKind::Regular.font_id(), "{line:?}");
    assert_eq!(face_of("Chapter"), FaceKind::Italic.font_id(), "{line:?}");
}

/// The imprint's sentence sets the book's whole title in italics, its
/// subtitle too, as the EPUB's imprint does: "*The Making of Books*: A
/// Short History…" had the subtitle in roman.
#[test]
fn the_imprint_sets_the_subtitle_in_italics_with_the_title() {
    use bookpack::pdf::fontset::FaceKind;
    let (_, built) = build_fixture("whole-book");
    let imprint = built
        .document
        .pages
        .iter()
        .find(|p| {
            p.runs
                .iter()
                .any(|r| run_text(r).contains("First published"))
        })
        .expect("an imprint page");
    let fonts: Vec<(String, bookpack::pdf::page::FontId)> = imprint
        .runs
        .iter()
        .map(|r| (run_text(r), r.font))
        .filter(|(t, _)| t.contains("Making") || t.contains("Short History"))
        .collect();
    assert!(
        fonts.iter().any(|(t, _)| t.contains("Short History")),
        "{fonts:?}"
    );
    for (t, f) in &fonts {
        assert_eq!(*f, FaceKind::Italic.font_id(), "{t:?} in {fonts:?}");
    }
}

/// The print imprint closes as the EPUB's does: both ISBNs, its own
/// first, each named for its edition; the identifier not again when it is
/// the ebook's ISBN as a URN; the web address it was taken from followed
/// by its full stop, as every other sentence is.
#[test]
fn the_imprint_lists_both_isbns_and_ends_its_sentences() {
    let book = load("epub-languages");
    let mut diags = bookpack::diagnostics::Diagnostics::new();
    let built = bookpack::pdf::book::build(&book, &mut diags).unwrap_or_else(|f| panic!("{f}"));
    let squeezed: Vec<String> = built
        .document
        .pages
        .iter()
        .map(|p| {
            p.runs
                .iter()
                .map(run_text)
                .collect::<String>()
                .replace(' ', "")
        })
        .collect();
    let imprint = squeezed
        .iter()
        .find(|t| t.contains("ISBN"))
        .expect("an imprint with the ISBNs");
    let print = imprint.find("ISBN978-1-4028-9462-6(print)").expect(imprint);
    let ebook = imprint.find("ISBN978-0-306-40615-7(ebook)").expect(imprint);
    assert!(print < ebook, "its own ISBN first: {imprint}");
    assert!(!imprint.contains("urn:isbn"), "{imprint}");
    assert!(
        imprint.contains("https://example.org/notes-abroad."),
        "{imprint}"
    );
}
