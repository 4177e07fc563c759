//! Figures' images: every bad image is an error at the reference's position,
//! exit 1, nothing written; good ones are read once and shared by content.

mod common;
use common::*;
use std::fs;
use std::path::Path;

/// A book in `dir` whose one chapter shows `src` as a figure on line 5.
fn book_with_image(dir: &Path, src: &str) {
    fs::write(
        dir.join("book.toml"),
        "title = \"Bad\"\nauthors = [\"A\"]\nlanguage = \"en\"\nchapters = [\"ch/one.md\"]\n",
    )
    .unwrap();
    fs::create_dir_all(dir.join("ch/img")).unwrap();
    fs::write(
        dir.join("ch/one.md"),
        format!("# One\n\nSome text.\n\n![A picture]({src} \"Caption\")\n"),
    )
    .unwrap();
}

fn build(dir: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    bookpack(&args)
}

fn fixture_image(name: &str) -> Vec<u8> {
    fs::read(book("content").join("images").join(name)).unwrap()
}

#[test]
fn each_bad_image_fails_at_its_reference_and_writes_nothing() {
    let png = fixture_image("chart.png");
    let jpeg = fixture_image("photo.jpg");
    let cases: Vec<(&str, Option<Vec<u8>>, &str)> = vec![
        ("../../outside.png", None, "leaves the book folder"),
        ("/etc/hostname.png", None, "absolute path"),
        (
            "https://example.org/a.png",
            None,
            "not a file in the book folder",
        ),
        ("img/missing.png", None, "not found"),
        (
            "img/text.png",
            Some(b"this is not a picture".to_vec()),
            "not a PNG image",
        ),
        (
            "img/cut.png",
            Some(png[..png.len() / 2].to_vec()),
            "truncated",
        ),
        (
            "img/cut.jpg",
            Some(jpeg[..jpeg.len() / 2].to_vec()),
            "truncated",
        ),
        (
            "img/named.jpg",
            Some(png.clone()),
            "named as a JPEG image but holds a PNG",
        ),
        (
            "img/anim.gif",
            Some(b"GIF89a\x01\x00\x01\x00".to_vec()),
            "GIF images are not supported",
        ),
        (
            // An SVG is a figure now (tests/svg_figures.rs); one without
            // a size cannot be placed.
            "img/drawing.svg",
            Some(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec()),
            "the SVG has no size",
        ),
        (
            "img/bomb.png",
            Some(png_declaring(60_000, 60_000, 2, &[0x78, 0x9C, 0x03, 0x00])),
            "60000 × 60000 pixels",
        ),
    ];
    for (src, bytes, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        book_with_image(dir.path(), src);
        if let Some(bytes) = bytes {
            fs::write(dir.path().join("ch").join(src), bytes).unwrap();
        }
        let out = dir.path().join("out");
        let o = build(dir.path(), &out, &[]);
        assert_exit(&o, 1);
        let err = stderr(&o);
        assert!(
            has_located_message(&err, "ch/one.md", 5, 1, "error"),
            "{src}: no error at ch/one.md:5:1\n{err}"
        );
        assert!(
            err.contains(expected),
            "{src}: expected {expected:?} in\n{err}"
        );
        assert!(err.contains("hint: "), "{src}: no hint\n{err}");
        let written = fs::read_dir(&out).map(|d| d.count()).unwrap_or(0);
        assert_eq!(written, 0, "{src}: something was written");
    }
}

#[test]
fn an_image_without_description_is_a_located_warning() {
    let dir = tempfile::tempdir().unwrap();
    book_with_image(dir.path(), "img/chart.png");
    fs::write(
        dir.path().join("ch/img/chart.png"),
        fixture_image("chart.png"),
    )
    .unwrap();
    let chapter = dir.path().join("ch/one.md");
    let text = fs::read_to_string(&chapter)
        .unwrap()
        .replace("![A picture]", "![]");
    fs::write(&chapter, text).unwrap();
    let out = dir.path().join("out");
    let o = build(dir.path(), &out, &["--epub"]);
    assert_exit(&o, 0);
    assert!(
        has_located_message(&stderr(&o), "ch/one.md", 5, 1, "warning"),
        "{}",
        stderr(&o)
    );
    let o = build(dir.path(), &out, &["--epub", "--deny-warnings"]);
    assert_exit(&o, 1);
}

#[test]
fn equal_files_are_one_asset_and_each_file_is_read_once() {
    let (book, diags) = bookpack::source::load_book(&book("content")).unwrap();
    assert!(diags.is_empty(), "{:?}", diags.items());
    // Six figures, five distinct files: chart.png and chart-again.png are equal.
    let mut figures = Vec::new();
    for chapter in &book.chapters {
        for block in &chapter.blocks {
            block.walk(&mut |b| {
                if let bookpack::model::Block::Figure { image, .. } = b {
                    figures.push((image.path.clone(), image.asset.clone()));
                }
            });
        }
    }
    assert_eq!(figures.len(), 6, "{figures:?}");
    assert_eq!(book.assets.images.len(), 5);
    let chart = figures.iter().find(|f| f.0 == "images/chart.png").unwrap();
    let again = figures
        .iter()
        .find(|f| f.0 == "images/chart-again.png")
        .unwrap();
    assert_eq!(chart.1, again.1);
    for (_, asset) in &figures {
        assert!(book.assets.images.contains_key(asset));
    }
}
