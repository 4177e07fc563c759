//! Verse in both editions, on a small poetry book: `::: verse` and a
//! pandoc line block set line by line, stanzas apart, indents kept and a
//! turnover hanging deeper than its line (PDF); Standard Ebooks' poem
//! markup (EPUB); and no sentence findings from `bookpack check`.

mod common;
use common::inspect::Epub;
use common::{bookpack, temp_book};

use bookpack::diagnostics::Diagnostics;
use bookpack::pdf::page::Page;

const TOML: &str = "title = \"Tidewrack\"\nauthors = [\"Owen Marsh\"]\nlanguage = \"en-GB\"\ndate = \"2024\"\nchapters = [\"poem.md\", \"block.md\"]\n[pdf]\npaper = \"5.5x8.5\"\n";

const POEM: &str = "# Low Tide\n\nThe tide went out.\n\n::: verse\nThe water leaves the way a guest leaves,\\\n  slowly, then all at once, the door\n\u{a0}left open on the mud, *the wrack*\n\nAnd we go down to read the lines,\nAnd this line is very much longer than the measure of a five and a half inch page, so it must turn over,\nthe boat that lists, the bucket full\n:::\n\nAfter the poem.\n";

const BLOCK: &str = "# A Line Block\n\n| The pandoc line block\n|     keeps its indentation\n|\n| and its stanzas.\n\nBaudelaire, in French:\n\n::: {.verse lang=fr}\nMon enfant, ma sœur,\n  Songe à la douceur\n:::\n";

/// Each text line of `page`: its baseline, left edge and text.
fn lines(page: &Page) -> Vec<(f32, f32, String)> {
    let mut out: Vec<(f32, f32, String)> = Vec::new();
    for run in &page.runs {
        let text: String = run.glyphs.iter().map(|g| g.text.as_str()).collect();
        match out.iter_mut().find(|(y, ..)| (y - run.y).abs() < 0.5) {
            Some((_, x, t)) => {
                *x = x.min(run.x);
                t.push_str(&text);
            }
            None => out.push((run.y, run.x, text)),
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

fn find<'a>(lines: &'a [(f32, f32, String)], start: &str) -> &'a (f32, f32, String) {
    lines
        .iter()
        .find(|(_, _, t)| t.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts {start:?}: {lines:#?}"))
}

#[test]
fn verse_is_set_line_by_line_with_stanzas_indents_and_turnovers() {
    let dir = temp_book(TOML, &[("poem.md", POEM), ("block.md", BLOCK)]);
    let (book, _) = bookpack::source::load_book(dir.path()).unwrap_or_else(|f| panic!("{f}"));
    let mut diags = Diagnostics::new();
    let built = bookpack::pdf::book::build(&book, &mut diags).unwrap_or_else(|f| panic!("{f}"));
    let page = built
        .document
        .pages
        .iter()
        .find(|p| lines(p).iter().any(|(_, _, t)| t.starts_with("The water")))
        .expect("the poem's page");
    let ls = lines(page);
    let prose = find(&ls, "The tide went");
    let first = find(&ls, "The water");
    let second = find(&ls, "slowly");
    let third = find(&ls, "left open");
    let stanza2 = find(&ls, "And we go");
    let long = find(&ls, "And this line is");
    let last = ls
        .iter()
        .position(|l| l.2.starts_with("And this line is"))
        .map(|i| &ls[i + 1])
        .unwrap();
    let after = find(&ls, "After the");
    let leading = second.0 - first.0;
    let em = 11.0; // the default size
                   // The poem stands in from the text; no first-line indent anywhere.
    assert!(first.1 > prose.1 + 1.0 * em, "{first:?} {prose:?}");
    // Two spaces and one no-break space each make an em.
    assert!((second.1 - first.1 - em).abs() < 0.5, "{second:?}");
    assert!((third.1 - first.1 - em).abs() < 0.5, "{third:?}");
    assert!((stanza2.1 - first.1).abs() < 0.5, "{stanza2:?}");
    // A blank grid line between stanzas, and around the poem.
    assert!((stanza2.0 - third.0 - 2.0 * leading).abs() < 0.5);
    assert!((first.0 - prose.0 - 2.0 * leading).abs() < 0.5);
    // A turnover hangs 2 em in, on the next grid line; the line after it
    // starts flush again.
    assert!((long.1 - first.1).abs() < 0.5, "{long:?}");
    assert!((last.0 - long.0 - leading).abs() < 0.5);
    assert!((last.1 - first.1 - 2.0 * em).abs() < 0.5, "{last:?}");
    assert!(
        last.2.starts_with("page") || last.2.contains("turn over"),
        "{last:?}"
    );
    let next = find(&ls, "the boat");
    assert!((next.1 - first.1).abs() < 0.5 && (next.0 - last.0 - leading).abs() < 0.5);
    // The paragraph after the poem is not indented.
    assert!((after.1 - prose.1).abs() < 0.5 && (after.0 - next.0 - 2.0 * leading).abs() < 0.5);
    // No line of verse is hyphenated.
    assert!(built.lines.iter().all(|l| !l.hyphenated), "hyphenated");

    // The line block: its indent (4 spaces after the bar: 2 em) and stanzas.
    let page = built
        .document
        .pages
        .iter()
        .find(|p| lines(p).iter().any(|(_, _, t)| t.starts_with("The pandoc")))
        .expect("the line block's page");
    let ls = lines(page);
    let a = find(&ls, "The pandoc");
    let b = find(&ls, "keeps");
    let c = find(&ls, "and its");
    assert!((b.1 - a.1 - 2.0 * em).abs() < 0.5, "{b:?}");
    assert!((c.0 - b.0 - 2.0 * leading).abs() < 0.5 && (c.1 - a.1).abs() < 0.5);
}

#[test]
fn verse_is_marked_as_a_poem_in_the_epub_and_check_finds_no_sentences() {
    let dir = temp_book(TOML, &[("poem.md", POEM), ("block.md", BLOCK)]);
    let out = dir.path().join("out");
    let o = bookpack(&[
        "build",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--epub",
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let epub = std::fs::read(out.join("tidewrack.epub")).unwrap();
    let facts = common::inspect::check_epub(&epub);
    assert!(facts.is_ok(), "{:?}", facts.err());
    let epub = Epub::open(&epub).unwrap();
    let (_, chapter) = epub
        .xhtml()
        .find(|(n, _)| n.ends_with("chapter-1.xhtml"))
        .unwrap();
    for expected in [
        "<div class=\"verse\" epub:type=\"z3998:poem\">\n<p><span>The water leaves the way a guest leaves,</span><br/>\n<span class=\"i1\">slowly,",
        "<span class=\"i1\">left open on the mud, <em>the wrack</em></span></p>\n<p><span>And we go down",
    ] {
        assert!(chapter.contains(expected), "{expected:?} in {chapter}");
    }
    let css = std::str::from_utf8(&epub.files["EPUB/style.css"]).unwrap();
    for rule in [
        ".verse p > span {",
        "text-indent: -2em;",
        ".verse .i1 {",
        ".verse + p {",
    ] {
        assert!(css.contains(rule), "{rule}");
    }
    let (_, block) = epub
        .xhtml()
        .find(|(n, _)| n.ends_with("chapter-2.xhtml"))
        .unwrap();
    assert!(block.contains("<span class=\"i2\">keeps its indentation</span></p>\n<p><span>and its stanzas.</span></p>"), "{block}");
    // A poem in another language says so once, on its block.
    assert!(
        block.contains("<div class=\"verse\" epub:type=\"z3998:poem\" lang=\"fr\" xml:lang=\"fr\">\n<p><span>Mon enfant, ma sœur,</span><br/>\n<span class=\"i1\">Songe à la douceur</span></p>"),
        "{block}"
    );

    let o = bookpack(&["check", dir.path().to_str().unwrap()]);
    let said = format!("{}{}", common::stdout(&o), common::stderr(&o));
    for code in ["missing-final-punctuation", "capital-after-comma"] {
        assert!(!said.contains(code), "{said}");
    }
}

#[test]
#[ignore = "needs EPUBCheck (.ci/run installs it)"]
fn verse_keeps_epubcheck_clean() {
    let dir = temp_book(TOML, &[("poem.md", POEM), ("block.md", BLOCK)]);
    let out = dir.path().join("out");
    let o = bookpack(&[
        "build",
        dir.path().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--epub",
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let epub = std::fs::read(out.join("tidewrack.epub")).unwrap();
    let (counts, messages) = common::validators::epubcheck("verse", &epub);
    assert_eq!(counts, (0, 0, 0), "{messages:#?}");
}

/// A chapter of prose and poems, its body set in runs on several threads,
/// gives the very PDF one thread does (a poem under a heading, or after a
/// run's cut, is set the same).
#[test]
fn verse_on_several_threads_is_the_same_pdf() {
    let mut text = String::from("# Poems\n\n");
    for k in 0..12 {
        text.push_str(&format!("## Poem {k}\n\n::: verse\nThe first line of poem {k},\n  and its second\n\nA stanza more\n:::\n\nA paragraph of prose after poem {k}, long enough to weigh something in the cut.\n\n"));
        text.push_str(&format!("::: verse\nA poem after prose {k}\n:::\n\n"));
    }
    let dir = temp_book(
        &TOML.replace("\"poem.md\", \"block.md\"", "\"poems.md\""),
        &[("poems.md", &text)],
    );
    let (book, _) = bookpack::source::load_book(dir.path()).unwrap_or_else(|f| panic!("{f}"));
    let bytes = |threads: usize| {
        let mut diags = Diagnostics::new();
        let built = bookpack::pdf::book::build_with_threads(&book, &mut diags, threads).unwrap();
        bookpack::pdf::write::write(&built.document).unwrap()
    };
    let one = bytes(1);
    for threads in [2, 3, 7] {
        assert!(bytes(threads) == one, "{threads} threads");
    }
}

#[test]
fn a_quotation_may_run_across_the_lines_of_a_stanza_but_not_past_it() {
    let check = |poem: &str| {
        let dir = temp_book(TOML, &[("poem.md", poem), ("block.md", BLOCK)]);
        let o = bookpack(&["check", dir.path().to_str().unwrap()]);
        format!("{}{}", common::stdout(&o), common::stderr(&o))
    };
    let said = check(
        "# Break\n\n::: verse\n“O well for the fisherman’s boy,\nThat he shouts with his sister at play!\nO well for the sailor lad,\nThat he sings in his boat on the bay!”\n\nAnd the stately ships go on\n:::\n",
    );
    for code in [
        "unbalanced-quote",
        "capital-after-comma",
        "missing-final-punctuation",
    ] {
        assert!(!said.contains(code), "{said}");
    }
    let said =
        check("# Open\n\n::: verse\n“Left open,\nand never closed\n\nThe next stanza.\n:::\n");
    assert!(
        said.contains("poem.md:4:1: warning[unbalanced-quote]"),
        "{said}"
    );
}
