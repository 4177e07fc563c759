//! Code blocks coloured by the grammar of the language after their fence
//! (`[code] highlight`): the same tokens in the EPUB's markup and the
//! PDF's glyph runs, wherever the block stands (a list, a quotation, a
//! note); none when the book turns it off, and then the PDF is the one a
//! book without language names gives.

mod common;
use bookpack::highlight::ink;
use bookpack::model::CodeClass;
use common::epub_read::{file, parse};
use common::inspect::Epub;
use common::*;

const CHAPTER: &str = r#"# Listings

A function:

```rust
/// Greets.
fn greet(name: &str) -> String {
    format!("Hello, {name}!") // a macro
}
```

- In a list:

  ```python
  def area(r):
      return 3.14159 * r ** 2  # approximately
  ```

> A change, quoted:
>
> ```diff
> -old line
> +new line
> ```

A note holds code too.[^1] This block names no language:

```
fn plain() {}
```

[^1]: As here:

    ```sh
    echo "hi" # greet
    ```
"#;

const TOML: &str =
    "title = \"Listings\"\nauthors = [\"A. Coder\"]\nlanguage = \"en\"\nchapters = [\"01.md\"]\n";

/// The EPUB and PDF of a book of `CHAPTER` (edited by `edit`) with
/// `extra` in its book.toml.
fn editions(extra: &str, edit: impl Fn(&str) -> String) -> (Epub, Vec<u8>, tempfile::TempDir) {
    let dir = temp_book(&format!("{TOML}{extra}"), &[("01.md", &edit(CHAPTER))]);
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &[]);
    assert_exit(&o, 0);
    assert!(
        stderr(&o).lines().all(|l| !l.contains("warning")),
        "{}",
        stderr(&o)
    );
    let epub = Epub::open(&std::fs::read(out.path().join("listings.epub")).unwrap()).unwrap();
    let pdf = std::fs::read(out.path().join("listings.pdf")).unwrap();
    (epub, pdf, dir)
}

/// The text of every `<span class=CLASS>` in an XHTML file, in order.
fn spans(xhtml: &str, class: &str) -> Vec<String> {
    let doc = parse(xhtml);
    doc.descendants()
        .filter(|n| n.has_tag_name("span") && n.attribute("class") == Some(class))
        .map(common::epub_read::node_text)
        .collect()
}

#[test]
fn the_epub_classes_each_token_wherever_the_block_stands() {
    let (epub, _, _) = editions("", str::to_string);
    let page = file(&epub, "chapter-1.xhtml");
    let notes = file(&epub, "notes.xhtml");
    // A primitive type is a keyword, as GitHub colours it.
    assert_eq!(spans(page, "kw"), ["fn", "str", "def", "return"]);
    assert_eq!(spans(page, "fu"), ["greet", "format!", "area"]);
    assert_eq!(
        spans(page, "co"),
        ["/// Greets.\n", "// a macro\n", "# approximately\n"]
    );
    assert_eq!(spans(page, "gd"), ["-old line\n"]);
    assert_eq!(spans(page, "gi"), ["+new line\n"]);
    assert!(spans(page, "dv").contains(&"3.14159".to_string()));
    assert_eq!(spans(notes, "co"), ["# greet\n"]);
    assert_eq!(spans(notes, "st"), ["\"hi\""]);
    // The block without a language is the code alone.
    assert!(
        page.contains("<pre><code><span>fn plain() {}\n</span></code></pre>"),
        "{page}"
    );
    // The stylesheet colours the classes, light and dark.
    let css = file(&epub, "style.css");
    let light = format!(
        "pre .kw {{\n  color: #{:02x}{:02x}{:02x};",
        ink(CodeClass::Keyword).0[0],
        ink(CodeClass::Keyword).0[1],
        ink(CodeClass::Keyword).0[2]
    );
    assert!(css.contains(&light), "{css}");
    let dark = &css[css
        .find("@media (prefers-color-scheme: dark)")
        .expect("dark rules")..];
    assert!(
        dark.contains("pre .kw {") && !dark.contains(&light),
        "{dark}"
    );
}

/// The colour of each glyph of the PDF's code, by text.
fn inked(book: &bookpack::model::Book) -> Vec<(String, Option<bookpack::highlight::Ink>)> {
    let built = layout_clean(book);
    let mut out = Vec::new();
    for page in &built.document.pages {
        for run in &page.runs {
            let text: String = run.glyphs.iter().map(|g| g.text.as_str()).collect();
            out.push((text, run.ink));
        }
    }
    out
}

#[test]
fn the_pdf_sets_the_same_tokens_in_their_inks() {
    let dir = temp_book(TOML, &[("01.md", CHAPTER)]);
    let runs = inked(&load_whole(dir.path()));
    let of = |class| {
        runs.iter()
            .filter(|(_, i)| *i == Some(ink(class)))
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(of(CodeClass::Keyword), ["fn", "str", "def", "return"]);
    // The note's `echo` with them: the PDF's notes are on its pages.
    assert_eq!(
        of(CodeClass::Function),
        ["greet", "format!", "area", "echo"]
    );
    assert_eq!(of(CodeClass::Deleted).concat(), "-oldline");
    assert_eq!(of(CodeClass::Inserted).concat(), "+newline");
    // The note's block, set with the notes.
    assert!(
        of(CodeClass::Comment).concat().contains("#greet"),
        "{runs:?}"
    );
    // Text outside code stays black.
    assert!(runs
        .iter()
        .any(|(t, i)| t.contains("function") && i.is_none()));
    assert!(
        runs.iter().any(|(t, i)| t == "plain()" && i.is_none()),
        "{runs:?}"
    );
}

#[test]
fn highlight_false_colours_nothing_and_prints_as_if_no_language_were_named() {
    let (epub, pdf, _) = editions("\n[code]\nhighlight = false\n", str::to_string);
    let page = file(&epub, "chapter-1.xhtml");
    assert!(
        spans(page, "kw").is_empty() && spans(page, "co").is_empty(),
        "{page}"
    );
    // The language is still named, for the reader's own styles.
    assert!(
        page.contains("<pre><code class=\"language-rust\">"),
        "{page}"
    );
    assert!(!file(&epub, "style.css").contains("pre .kw"));
    let untagged = |t: &str| {
        ["rust", "python", "diff", "sh"]
            .iter()
            .fold(t.to_string(), |t, l| {
                t.replace(&format!("```{l}\n"), "```\n")
            })
    };
    let (_, unnamed, _) = editions("", untagged);
    assert!(
        pdf == unnamed,
        "the PDF without colours differs from one without languages"
    );
    let (_, coloured, _) = editions("", str::to_string);
    assert!(coloured != unnamed);
}

#[test]
fn a_misspelt_code_key_is_a_located_error() {
    let dir = temp_book(
        &format!("{TOML}\n[code]\nhighlihgt = false\n"),
        &[("01.md", CHAPTER)],
    );
    let out = tempfile::tempdir().unwrap();
    let o = build_into(dir.path(), out.path(), &[]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        has_located_message(&err, "book.toml", 7, 1, "error"),
        "{err}"
    );
    assert!(err.contains("highlight"), "{err}");
}

/// EPUBCheck and Ace (whose rules include the contrast of every coloured
/// token against its page) pass the coloured book, and qpdf its PDF.
#[test]
#[ignore = "needs EPUBCheck, Ace and qpdf (.ci/run installs them)"]
fn the_coloured_editions_pass_the_validators() {
    let (_, pdf, dir) = editions("", str::to_string);
    let out = tempfile::tempdir().unwrap();
    assert_exit(&build_into(dir.path(), out.path(), &[]), 0);
    let epub = std::fs::read(out.path().join("listings.epub")).unwrap();
    let (counts, messages) = common::validators::epubcheck("listings", &epub);
    assert_eq!(counts, (0, 0, 0), "{messages:#?}");
    let violations = common::validators::ace("listings", &epub);
    assert!(violations.is_empty(), "{violations:#?}");
    common::validators::qpdf_check("listings", &pdf).unwrap();
}
