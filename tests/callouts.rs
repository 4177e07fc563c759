//! Callouts through the binary and the library: the fixture `callouts`
//! (GitHub alerts and Quarto fences, all five kinds) builds with its two
//! located warnings, its EPUB marks each callout as a `div` of role
//! `note` titled by its own words or its kind's label and styles it only
//! because it has callouts, and its PDF sets each title on a line of its
//! own with a rule beside the callout, on the right in a Hebrew chapter,
//! the long one's rule going on over the page it turns to.

mod common;
use common::epub_read::{file, fixture_epub, parse};
use common::inspect::{letters, page_lines, pdf_text};
use common::*;

use bookpack::diagnostics::Diagnostics;

#[test]
fn the_fixture_builds_with_a_located_warning_for_each_unknown_kind() {
    let (dir, err) = build_fixture("callouts", &[]);
    assert!(
        has_located_message(&err, "01-alerts.md", 28, 3, "warning"),
        "{err}"
    );
    assert!(err.contains("unknown callout kind `[!DANGER]`"), "{err}");
    assert!(err.contains("did you mean `[!caution]`?"), "{err}");
    assert!(
        has_located_message(&err, "02-fences.md", 19, 7, "warning"),
        "{err}"
    );
    assert!(err.contains("did you mean `callout-warning`?"), "{err}");
    assert_eq!(err.matches("warning:").count(), 2, "{err}");
    // The PDF's text holds every callout's title and words.
    let pdf = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .unwrap();
    let text = letters(&pdf_text(&std::fs::read(pdf).unwrap()).unwrap());
    for words in [
        "Note",
        "The first edition of this manual was printed in 1962.",
        "Tip",
        "the top drawer on the left;",
        "Important",
        "Warning",
        "boiler --off --wait 60",
        "Caution",
        "An alert GitHub does not know is set as a note.",
        "Faster and safer",
        "Before you begin",
        "A misspelt kind is set as a note, with a warning.",
    ] {
        assert!(text.contains(&letters(words)), "{words} missing");
    }
}

#[test]
fn the_epub_marks_each_callout_as_a_note_under_its_title() {
    let epub = fixture_epub("callouts");
    let alerts = file(&epub, "chapter-1.xhtml");
    assert!(
        alerts.contains(
            "<div class=\"callout callout-note\" role=\"note\">\n\
             <p class=\"callout-title\">Note</p>\n\
             <p>The first edition of this manual was printed in 1962.</p>\n</div>\n"
        ),
        "{alerts}"
    );
    for kind in ["tip", "important", "warning", "caution"] {
        assert!(
            alerts.contains(&format!(
                "<div class=\"callout callout-{kind}\" role=\"note\">"
            )),
            "{kind}: {alerts}"
        );
    }
    assert!(alerts.contains("<ul>\n<li><p>the top drawer on the left;</p>"));
    assert!(!alerts.contains("[!DANGER]"), "the marker is taken out");
    let fences = file(&epub, "chapter-2.xhtml");
    assert!(
        fences.contains("<p class=\"callout-title\">Faster <em>and</em> safer</p>"),
        "{fences}"
    );
    assert!(
        fences.contains("<p class=\"callout-title\">Before you begin</p>"),
        "{fences}"
    );
    assert!(
        !fences.contains("<h2>Before you begin"),
        "a title, not a section"
    );
    // Every page is well-formed, every callout a div (no aside).
    for name in ["chapter-1.xhtml", "chapter-2.xhtml", "chapter-3.xhtml"] {
        let text = file(&epub, name);
        let doc = parse(text);
        assert!(doc.descendants().all(|n| n.tag_name().name() != "aside"));
    }
    let css = file(&epub, "style.css");
    assert!(css.contains("border-inline-start: 0.2em solid"), "{css}");
    assert!(css.contains("prefers-color-scheme: dark"), "{css}");
}

#[test]
fn a_book_without_callouts_has_no_callout_styles() {
    let epub = fixture_epub("minimal");
    assert!(!file(&epub, "style.css").contains("callout"));
}

#[test]
fn the_pdf_sets_titles_apart_and_rules_beside_callouts_over_the_page_turn() {
    let book = load_whole(&book("callouts"));
    let mut diags = Diagnostics::new();
    let built = bookpack::pdf::book::build(&book, &mut diags).unwrap_or_else(|f| panic!("{f}"));
    let pages = &built.document.pages;
    let lines: Vec<Vec<String>> = pages.iter().map(page_lines).collect();
    // Each default title stands on a line of its own.
    for title in ["Note", "Tip", "Important", "Warning", "Caution"] {
        assert!(
            lines.iter().flatten().any(|l| l == title),
            "{title} not alone on its line"
        );
    }
    // The long caution turns over: its title's page and the next both
    // carry a rule, taller than a line, beside its words.
    // The long one, chapter 2's (chapter 1 has a short one).
    let caution = lines
        .iter()
        .rposition(|p| p.iter().any(|l| l == "Caution"))
        .expect("the caution's page");
    let long = |p: usize| {
        pages[p]
            .rules
            .iter()
            .filter(|r| r.area.width < 1.0 && r.area.height > 28.0)
            .count()
    };
    let on = (caution..pages.len())
        .take_while(|&p| {
            lines[p]
                .iter()
                .all(|l| !l.contains("The end of the chapter"))
        })
        .count();
    assert!(on >= 1, "the caution turns over a page");
    for p in caution..=caution + on {
        assert!(long(p) >= 1, "page {p}: no rule beside the callout");
    }
    // The title is not the last line of its page.
    assert_ne!(lines[caution].last().map(String::as_str), Some("Caution"));
    // In the Hebrew chapter the rule stands right of the text's middle.
    // (Its title is drawn right to left: its glyphs in either order.)
    let hebrew = lines
        .iter()
        .position(|p| p.iter().any(|l| l.contains("הערה") || l.contains("הרעה")))
        .expect("the Hebrew callout's page");
    let rule = pages[hebrew]
        .rules
        .iter()
        .find(|r| r.area.width < 1.0 && r.area.height > 10.0)
        .expect("a rule");
    assert!(
        rule.area.x > built.document.width / 2.0,
        "{:?} on a page {} wide",
        rule.area,
        built.document.width
    );
}

#[test]
fn a_callout_in_a_page_foot_note_has_its_rule_beside_it() {
    let dir = temp_book(
        "title = \"T\"\nauthors = [\"A\"]\nlanguage = \"en-GB\"\ndate = \"2026\"\nchapters = [\"01.md\"]\n\n[pdf]\nnotes = \"page-bottom\"\n",
        &[(
            "01.md",
            "# One\n\nA sentence with a note.[^a]\n\n[^a]: The note opens.\n\n    > [!WARNING]\n    > Mind the step at the foot of the stairs, which is lower than the others.\n",
        )],
    );
    let book = load_whole(dir.path());
    let mut diags = Diagnostics::new();
    let built = bookpack::pdf::book::build(&book, &mut diags).unwrap_or_else(|f| panic!("{f}"));
    let page = built
        .document
        .pages
        .iter()
        .find(|p| page_lines(p).iter().any(|l| l == "Warning"))
        .expect("the page with the note's callout");
    // Besides the short rule over the notes (0.4 pt high), a thin upright
    // one beside the callout's two lines at least.
    let upright = page
        .rules
        .iter()
        .filter(|r| r.area.width < 1.0 && r.area.height > 10.0)
        .count();
    assert_eq!(upright, 1, "{:?}", page.rules);
}
