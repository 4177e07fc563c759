//! Tables in the print edition: rows in order, never split, the header
//! repeated on every page a table continues to, thousands of rows in
//! linear time.

mod common;
use common::*;
use std::fs;
use std::path::Path;

use bookpack::diagnostics::Diagnostics;
use bookpack::pdf::book::{build, Built};
use bookpack::pdf::page::Page;

/// The text of each baseline of a page, top to bottom, runs left to right.
fn baselines(page: &Page) -> Vec<(f32, String)> {
    let mut runs: Vec<(f32, f32, String)> = page
        .runs
        .iter()
        .map(|r| {
            let text: String = r.glyphs.iter().map(|g| g.text.as_str()).collect();
            (r.y, r.x, text)
        })
        .collect();
    runs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut out: Vec<(f32, String)> = Vec::new();
    for (y, _, text) in runs {
        match out.last_mut() {
            Some((ly, l)) if (*ly - y).abs() < 0.5 => {
                l.push('|');
                l.push_str(&text);
            }
            _ => out.push((y, text)),
        }
    }
    out
}

fn built(dir: &Path) -> Built {
    let (book, _) = bookpack::source::load_book(dir).unwrap_or_else(|f| panic!("{f}"));
    let mut diags = Diagnostics::new();
    build(&book, &mut diags).unwrap()
}

/// Checks that the table whose header reads `header` (cells joined by
/// `|`) has its rows, recognised by `row_key`, in order 0..n, each on one
/// baseline, and its header at the top of every page it continues on.
/// Every row of a table once, in order, under its header on each page;
/// above the header its `caption` on the first page, and the caption
/// marked "(continued)" on each page after.
fn check_rows(
    built: &Built,
    (caption, header): (&str, &str),
    n: usize,
    row_key: impl Fn(&str) -> Option<usize>,
) {
    let mut next = 0;
    let mut pages_with_rows = 0;
    let continued = format!("{caption} (continued)");
    for page in &built.document.pages {
        let lines = baselines(page);
        let Some(first_row) = lines.iter().position(|(_, l)| row_key(l).is_some()) else {
            continue;
        };
        pages_with_rows += 1;
        let above: Vec<&str> = lines[..first_row].iter().map(|(_, l)| l.as_str()).collect();
        let Some(header_at) = above.iter().rposition(|l| *l == header) else {
            panic!("no header above the rows: {lines:?}");
        };
        // The caption may wrap: its lines, read as one, end where the
        // header starts.
        let want = if pages_with_rows == 1 {
            caption
        } else {
            &continued
        };
        assert!(
            above[..header_at].join(" ").ends_with(want),
            "page {pages_with_rows} of the table: not \"{want}\" above its header: {above:?}"
        );
        if pages_with_rows == 1 {
            assert!(!above.concat().contains("(continued)"), "{above:?}");
        }
        for (_, l) in &lines[first_row..] {
            if let Some(k) = row_key(l) {
                assert_eq!(k, next, "rows out of order: {l}");
                next += 1;
            }
        }
    }
    assert_eq!(next, n, "every row once");
    assert!(pages_with_rows >= 2, "the table should continue overleaf");
}

#[test]
fn the_long_table_repeats_its_header_and_keeps_its_rows_in_order() {
    let b = built(&book("content"));
    let caption = "Sixty years of one register, with years and numbers set right";
    check_rows(&b, (caption, "Year|Town|People|Remark"), 60, |l| {
        let year: usize = l.split('|').next()?.parse().ok()?;
        (1900..1960).contains(&year).then(|| year - 1900)
    });
}

fn big_table(dir: &Path, rows: usize) {
    fs::write(
        dir.join("book.toml"),
        "title = \"Big\"\nauthors = [\"A\"]\nlanguage = \"en-GB\"\nchapters = [\"one.md\"]\n",
    )
    .unwrap();
    let mut text = String::from(
        "# One\n\nA long register.\n\n| No. | Town | People | Remark |\n|---:|---|---:|---|\n",
    );
    for i in 0..rows {
        let remark = if i % 50 == 7 {
            "a remark long enough that it has to wrap onto a second line of its cell"
        } else {
            "noted"
        };
        text.push_str(&format!(
            "| {i} | Town {} | {} | {remark} |\n",
            i % 37,
            (i * 7919) % 250_000
        ));
    }
    text.push_str("\nTable: The register\n\nAfter the table.\n");
    fs::write(dir.join("one.md"), text).unwrap();
}

#[test]
fn a_table_of_5000_rows_builds_with_every_row_whole_and_in_order() {
    let dir = tempfile::tempdir().unwrap();
    big_table(dir.path(), 5000);
    let start = std::time::Instant::now();
    let b = built(dir.path());
    let elapsed = start.elapsed();
    check_rows(&b, ("The register", "No.|Town|People|Remark"), 5000, |l| {
        let mut cells = l.split('|');
        let no: usize = cells.next()?.parse().ok()?;
        cells.next()?.starts_with("Town").then_some(no)
    });
    // Rows that wrap keep both lines on one page: the wrapped remark's
    // second line always follows its first on the same page.
    for page in &b.document.pages {
        let lines = baselines(page);
        for (i, (_, l)) in lines.iter().enumerate() {
            if l.ends_with("has to wrap onto a") {
                assert!(
                    lines
                        .get(i + 1)
                        .is_some_and(|(_, n)| n.contains("second line")),
                    "a row split across pages: {l}"
                );
            }
        }
    }
    // Generous for a debug build on a shared machine; linear work takes ~5 s.
    assert!(elapsed.as_secs() < 120, "{elapsed:?}");
}

/// pdftotext -layout reads the short table's cells in row order.
#[test]
#[ignore = "needs poppler-utils"]
fn pdftotext_reads_the_cells_row_by_row() {
    let (dir, _) = build_fixture("content", &[]);
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(dir.path().join("maps-tables-and-code.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext is not installed: `apt-get install poppler-utils`");
    let text = String::from_utf8_lossy(&out.stdout);
    let words = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    let rows: Vec<String> = text.lines().map(words).collect();
    let at = |want: &str| {
        rows.iter()
            .position(|r| r == want)
            .unwrap_or_else(|| panic!("no line {want:?} in\n{text}"))
    };
    let (a, b, c, d) = (
        at("Town Region Population"),
        at("Tirana Centre 418,495"),
        at("Shkodër North1 77,075"),
        at("Vlorë South 79,513"),
    );
    assert!(a < b && b < c && c < d);
    common::validators::qpdf_check(
        "tables",
        &fs::read(dir.path().join("maps-tables-and-code.pdf")).unwrap(),
    )
    .unwrap();
}

/// A table wider than the text block is warned about as it is set, and
/// `--report` lists it with the page it starts on (a page not known when
/// the warning is said), in the chapter it comes from.
#[test]
fn the_report_lists_a_table_too_wide_with_its_page() {
    let wide = "123456789012345678901234567890";
    let mut chapter = String::from("# Wide\n\n");
    // Two pages of text first, so the table is not on the chapter's
    // opening page.
    for i in 0..40 {
        chapter.push_str(&format!(
            "Paragraph {i} runs on for a while so that the pages fill with \
             text before the table comes, line after line of it.\n\n"
        ));
    }
    let table_line = chapter.lines().count() + 1;
    chapter.push_str(&format!(
        "| A | B | C |\n|---|---|---|\n| {wide} | {wide} | {wide} |\n\nAfter it.\n"
    ));
    let dir = temp_book(
        "title = \"Wide\"\nauthors = [\"A\"]\nlanguage = \"en-GB\"\nchapters = [\"one.md\"]\n",
        &[("one.md", &chapter)],
    );
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let o = bookpack(&[
        "build",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--pdf",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_exit(&o, 0);
    assert!(
        has_located_message(&stderr(&o), "one.md", table_line as u32, 1, "warning"),
        "{}",
        stderr(&o)
    );
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    let items: Vec<&serde_json::Value> = json["pdf"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "table-wide")
        .collect();
    assert_eq!(items.len(), 1, "{json:#}");
    let item = items[0];
    assert!(item["file"].as_str().unwrap().ends_with("one.md"), "{item}");
    assert_eq!(item["line"], table_line);
    assert!(
        item["message"]
            .as_str()
            .unwrap()
            .contains("wider than the text block"),
        "{item}"
    );
    // The page the table's first row is drawn on, after two of text.
    let page = item["page"].as_u64().unwrap() as usize;
    let (book, _) = bookpack::source::load_book(dir.path()).unwrap_or_else(|f| panic!("{f}"));
    let mut diags = Diagnostics::new();
    let b = build(&book, &mut diags).unwrap_or_else(|f| panic!("{f}"));
    let with_row = b
        .document
        .pages
        .iter()
        .position(|p| baselines(p).iter().any(|(_, l)| l.starts_with(wide)))
        .expect("the row is drawn");
    assert_eq!(page, with_row + 1, "{item}");
    assert!(page > b.front_pages + 1, "{item}");
}
