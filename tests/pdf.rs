//! PDF writer and printed-book tests: page descriptions made by hand (shaped
//! with rustybuzz) go through `pdf::write`, and the bytes are read back.
//!
//! Tests marked `#[ignore]` need qpdf and poppler-utils (`.ci/run` installs
//! them and runs `cargo test -- --ignored`); they fail when a tool is absent.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use bookpack::pdf::page::{
    Destination, DocumentInfo, FontFace, FontId, Glyph, GlyphRun, Link, OutlineEntry, Page,
    PageDocument, Rect, Rule,
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
                text[start..end].to_string()
            } else {
                String::new()
            },
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
            },
            FontFace {
                name: "EBGaramond-Italic".into(),
                bytes: Arc::new(italic.to_vec()),
            },
            FontFace {
                name: "EBGaramond-Bold".into(),
                bytes: Arc::new(bookpack::fonts::BOLD.to_vec()),
            },
        ],
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
