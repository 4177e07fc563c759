//! Tests of the printed contents: entry columns, page breaks, and how
//! each entry's title is set and placed.

use super::*;

/// Titles in the contents: a part's flush with the numbers; in
/// contents with parts, an unnumbered entry outside them (a prologue,
/// the notes) flush with the parts; every other past the number column.
#[test]
fn unnumbered_entries_stand_with_the_parts() {
    let entry = |number: Option<&str>, depth: usize, part: bool| ContentsEntry {
        number: number.map(str::to_string),
        title: vec![Inline::Text { text: "T".into() }],
        id: "t".into(),
        numbered: number.is_some(),
        depth,
        part,
        section: 0,
        caption: false,
    };
    let col = 22.0;
    for (e, parts, x) in [
        (entry(None, 0, true), true, 0.0),
        (entry(None, 0, false), true, 0.0),
        (entry(None, 0, false), false, col),
        (entry(Some("3"), 1, false), true, col),
        (entry(Some("3"), 0, false), true, col),
        (entry(Some("3"), 0, false), false, col),
        (entry(None, 1, false), true, col),
    ] {
        assert_eq!(title_column(&e, col, parts), x, "{e:?} with parts {parts}");
    }
}

/// A numbered chapter with no title is listed by its label in the title
/// column, its number column empty, inside a part or outside one (a
/// reviewer found "Chapter 6" outside the parts in the number column and
/// "Chapter 18" inside one in the title column).
#[test]
fn an_untitled_chapter_is_listed_by_its_label_in_the_title_column() {
    let mut book = fixture("whole-book");
    // Untitled: the first chapter of the first part, and one of the
    // second part taken out of it.
    for id in ["04-paper.md", "08-mainz.md"] {
        let c = book.chapters.iter_mut().find(|c| c.file == id).unwrap();
        c.title.clear();
        c.title_text.clear();
        if id == "08-mainz.md" {
            c.part = None;
        }
    }
    let entries = contents_entries(&book, false);
    let g = Geometry::new(&book.pdf);
    let offsets = title_offsets(&g, &entries);
    let number_col = 2.0 * g.size;
    let column = |k: usize| offsets[k] - entries[k].depth as f32 * nest_indent(&g);
    let untitled: Vec<usize> = (0..entries.len())
        .filter(|&k| entries[k].numbered && !entries[k].part && entries[k].number.is_none())
        .collect();
    assert_eq!(untitled.len(), 2, "{entries:?}");
    assert_eq!(entries[untitled[0]].depth, 1);
    assert_eq!(entries[untitled[1]].depth, 0);
    for k in untitled {
        assert_eq!(column(k), number_col, "{:?}", entries[k]);
        let title = Inline::plain_text(&entries[k].title);
        assert!(title.starts_with("Chapter "), "{title}");
    }
}

/// Entries of `heights` lines a blank line apart.
fn spaced(heights: &[usize]) -> Vec<Height> {
    heights
        .iter()
        .enumerate()
        .map(|(k, &lines)| Height {
            gap: usize::from(k > 0),
            lines,
            keep_with_next: false,
        })
        .collect()
}

/// Parts' (`'P'`) and files' entries (`'F'`) a blank line apart,
/// each file followed by its sections (`'s'`) set solid; a part keeps
/// with its first file, a file with its first section.
fn files_and_sections(pattern: &str) -> Vec<Height> {
    let kinds: Vec<char> = pattern.chars().collect();
    kinds
        .iter()
        .enumerate()
        .map(|(k, &c)| Height {
            gap: usize::from(k > 0 && c != 's'),
            lines: 1,
            keep_with_next: c == 'P' || (c == 'F' && kinds.get(k + 1) == Some(&'s')),
        })
        .collect()
}

/// Whether every file's entry with sections is on the page of its
/// first section.
fn kept(heights: &[Height], pages: &[usize]) -> bool {
    (0..heights.len() - 1).all(|k| !heights[k].keep_with_next || pages[k] == pages[k + 1])
}

/// `heights` with no entry kept with the next.
fn loose(heights: &[Height]) -> Vec<Height> {
    heights
        .iter()
        .map(|h| Height {
            keep_with_next: false,
            ..*h
        })
        .collect()
}

#[test]
fn a_files_entry_never_ends_a_page_above_its_sections() {
    // A 20-line page with 12 lines under the heading: the third
    // file's entry (the tenth) would take the last line, its first
    // section the next page's first. (A fourth file makes the turnover
    // long enough that balancing the last page does not carry it over.)
    let heights = files_and_sections("FssssFsssFsssFsss");
    let pages = contents_breaks(&heights, 20, CONTENTS_DROP);
    assert!(kept(&heights, &pages), "{pages:?}");
    assert_eq!(pages[9], 1, "{pages:?}");
    assert!(!kept(
        &heights,
        &contents_breaks(&loose(&heights), 20, CONTENTS_DROP)
    ));
    // On 16-line pages the third page would hold one file and its
    // section; the last page's balancing brings it the section
    // before them, and that section's file with it.
    let heights = files_and_sections("FsFsFsFsFsFsFsFsFs");
    let pages = contents_breaks(&heights, 16, CONTENTS_DROP);
    assert!(kept(&heights, &pages), "{pages:?}");
    assert_eq!(per_page(&pages), [6, 8, 4]);
    assert!(!kept(
        &heights,
        &contents_breaks(&loose(&heights), 16, CONTENTS_DROP)
    ));
    assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{pages:?}");
    // A part and its first chapter, both at a page's foot above the
    // chapter's first section, go over together.
    let heights = files_and_sections("FsssFssPFssss");
    let pages = contents_breaks(&heights, 20, CONTENTS_DROP);
    assert!(kept(&heights, &pages), "{pages:?}");
    assert_eq!(&pages[6..], [0, 1, 1, 1, 1, 1, 1], "{pages:?}");
    assert!(!kept(
        &heights,
        &contents_breaks(&loose(&heights), 20, CONTENTS_DROP)
    ));
}

/// Entries per page, in order.
fn per_page(pages: &[usize]) -> Vec<usize> {
    let mut counts = vec![0; pages.last().map_or(0, |&p| p + 1)];
    for &p in pages {
        counts[p] += 1;
    }
    counts
}

#[test]
fn the_last_contents_page_never_holds_one_entry_alone() {
    // One-line entries on a 20-line page: 6 fit under the heading,
    // then 10 a page.
    assert_eq!(
        per_page(&contents_breaks(&spaced(&[1; 16]), 20, CONTENTS_DROP)),
        [6, 10]
    );
    assert_eq!(
        per_page(&contents_breaks(&spaced(&[1; 17]), 20, CONTENTS_DROP)),
        [6, 8, 3]
    );
    assert_eq!(
        per_page(&contents_breaks(&spaced(&[1; 18]), 20, CONTENTS_DROP)),
        [6, 9, 3]
    );
    assert_eq!(
        per_page(&contents_breaks(&spaced(&[1; 19]), 20, CONTENTS_DROP)),
        [6, 10, 3]
    );
    assert_eq!(
        per_page(&contents_breaks(&spaced(&[1; 5]), 20, CONTENTS_DROP)),
        [5]
    );
    // An entry moves only where the last page has room for it.
    assert_eq!(
        per_page(&contents_breaks(
            &spaced(&[1, 1, 1, 1, 1, 1, 12, 1]),
            20,
            CONTENTS_DROP
        )),
        [5, 3]
    );
    assert_eq!(
        per_page(&contents_breaks(
            &spaced(&[1, 1, 1, 1, 1, 1, 17, 1]),
            20,
            CONTENTS_DROP
        )),
        [6, 2]
    );
    // Entries stay in order.
    let pages = contents_breaks(
        &spaced(&[1, 2, 1, 3, 1, 1, 2, 1, 1, 1, 2, 1]),
        14,
        CONTENTS_DROP,
    );
    assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{pages:?}");
}

/// A novel's contents set solid: `chapters` one-line entries, a part
/// with `in_part` chapters under it, a blank line before the part and
/// before the closing entry.
fn novel(chapters: usize, in_part: usize) -> Vec<Height> {
    let line = |gap: usize| Height {
        gap,
        lines: 1,
        keep_with_next: false,
    };
    let mut heights = vec![line(0); chapters];
    heights.push(Height {
        keep_with_next: true,
        ..line(1)
    });
    heights.extend(vec![line(0); in_part]);
    heights.push(line(1));
    heights
}

/// The reviewer's novel: 28 lines of entries on a 34-line page ran
/// three onto a second page under the full sink; the list starts two
/// lines higher and they all fit. Two more entries do not fit even so:
/// the sink stays, and the turnover holds a quarter of a page.
#[test]
fn a_contents_that_fits_under_a_smaller_sink_takes_one_page() {
    let heights = novel(12, 12);
    // Under the full sink, the turnover would hold a quarter page.
    assert_eq!(
        per_page(&contents_breaks(&heights, 34, CONTENTS_DROP)),
        [19, 7]
    );
    let (drop, pages) = placed(&heights, 34);
    assert_eq!((drop, per_page(&pages)), (6, vec![26]));
    let (drop, pages) = placed(&novel(12, 11), 34);
    assert_eq!((drop, per_page(&pages)), (7, vec![25]));
    let heights = novel(12, 14);
    let (drop, pages) = placed(&heights, 34);
    assert_eq!(drop, CONTENTS_DROP);
    let last = page_lines(&heights, &pages, 1, drop);
    assert!(
        last >= 34 / CONTENTS_LAST_PAGE_SHARE,
        "{:?}",
        per_page(&pages)
    );
    assert!(page_lines(&heights, &pages, 0, drop) <= 34);
    assert_eq!(per_page(&pages), [21, 7]);
}

/// The turnover takes a quarter of a page's lines, not only three
/// entries.
#[test]
fn the_last_contents_page_holds_a_quarter_page() {
    // 30 one-line entries set solid on 34-line pages: 26 fit under the
    // sink, 4 over; the turnover takes 8.
    let solid: Vec<Height> = (0..30)
        .map(|_| Height {
            gap: 0,
            lines: 1,
            keep_with_next: false,
        })
        .collect();
    assert_eq!(
        per_page(&contents_breaks(&solid, 34, CONTENTS_DROP)),
        [22, 8]
    );
}

fn fixture(name: &str) -> Book {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/books")
        .join(name);
    crate::source::load_book(&dir).unwrap().0
}

fn typesetter() -> Typesetter<'static> {
    use crate::pdf::fontset::FontSet;
    use crate::pdf::hyphenate::Hyphenator;
    Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap())
}

/// A section's entry titled `title`, under a file's entry.
fn file_and_section(title: &str) -> Vec<ContentsEntry> {
    let entry = |title: &str, id: &str, number: Option<&str>, section: u8| ContentsEntry {
        number: number.map(str::to_string),
        title: vec![Inline::Text { text: title.into() }],
        id: id.into(),
        numbered: number.is_some(),
        depth: 0,
        part: false,
        section,
        caption: false,
    };
    vec![
        entry("Short", "chapter-1", Some("1"), 0),
        entry(title, "section", None, 1),
    ]
}

/// Titles of 4 to 30 words, as a book's sections may run, each length
/// from several places in the text so that line ends fall everywhere.
fn long_titles() -> Vec<String> {
    let words = "the casting of type from an octavo matrix with some account \
                 of founders and their punches moulds and the peculiar forms \
                 which paper takes in the hands of printers in england and \
                 of a few in france who cut their own and kept them";
    let words: Vec<&str> = words.split(' ').filter(|w| !w.is_empty()).collect();
    (0..8)
        .flat_map(|from| (4..=30).map(move |n| (from, n)))
        .map(|(from, n)| words[from..from + n].join(" "))
        .collect()
}

/// The width of a set line's words: its width and, on a line outdented
/// by a negative indent, the outdent's.
fn words_width(line: &SetLine) -> f32 {
    let start = line.runs.first().map_or(0.0, |r| r.x);
    let end = line.runs.last().map_or(0.0, |r| {
        r.x + r.glyphs.iter().map(|g| g.advance).sum::<f32>()
    });
    end - start
}

/// A title's emphasis stays in its contents entry ("The *First*
/// Chapter" printed all roman), its note references do not.
#[test]
fn a_contents_entry_keeps_its_titles_emphasis() {
    let book = fixture("epub-rich");
    let entries = contents_entries(&book, true);
    assert!(
        entries[0]
            .title
            .iter()
            .any(|i| matches!(i, Inline::Emphasis { .. })),
        "{:?}",
        entries[0].title
    );
    let mut ts = typesetter();
    let g = Geometry::new(&book.pdf);
    let set = entry_lines(&mut ts, &g, &entries);
    let face_of = |word: &str| {
        set[0][0]
            .runs
            .iter()
            .find(|r| {
                r.glyphs
                    .iter()
                    .map(|g| g.text.as_str())
                    .collect::<String>()
                    .contains(word)
            })
            .map(|r| r.font)
            .unwrap_or_else(|| panic!("no {word:?} in {:?}", set[0]))
    };
    use crate::pdf::fontset::FaceKind;
    assert_eq!(face_of("First"), FaceKind::Italic.font_id());
    assert_eq!(face_of("Chapter"), FaceKind::Regular.font_id());
}

/// A wrapped section title: its first line starts at the section's
/// column and may run to the folio column; its run-on lines stand two
/// ems further in and stop at the folio column too. (Its first line
/// used to stop two ems short, the run-on indent taken off every line.)
#[test]
fn a_wrapped_sections_first_line_takes_the_full_measure_and_the_rest_hang() {
    let book = fixture("minimal");
    let g = Geometry::new(&book.pdf);
    let mut ts = typesetter();
    let folio_col = 2.5 * g.size;
    let mut first_line_past_the_hang = false;
    for title in long_titles() {
        let entries = file_and_section(&title);
        let offset = title_offsets(&g, &entries)[1];
        let mut pages = vec![Page::default()];
        let places: Vec<(String, Option<Destination>)> = entries
            .iter()
            .map(|e| (e.id.clone(), Some(Destination { page: 0, y: 0.0 })))
            .collect();
        contents(
            &mut ts,
            &g,
            &book,
            "Contents",
            &entries,
            &places,
            &|_| "1".into(),
            0,
            &mut pages,
        );
        // The section's lines: the runs of the words after the chapter's.
        let left = g.left(0);
        let lines = drawn_lines(&pages[0]);
        // The heading, the chapter's entry, then the section's lines.
        let section = &lines[2..];
        let end_of_title = |l: &(f32, f32, f32), last: bool| {
            // The last line ends in the folio, flush right.
            if last {
                l.2 - folio_col
            } else {
                l.2
            }
        };
        if section.len() == 1 {
            continue;
        }
        let hang = 2.0 * g.size;
        for (k, line) in section.iter().enumerate() {
            let start = left + offset + if k > 0 { hang } else { 0.0 };
            assert!(
                (line.1 - start).abs() < 0.01,
                "{title:?} line {k}: {line:?} not at {start}"
            );
            let end = end_of_title(line, k + 1 == section.len());
            assert!(
                end <= left + g.measure - folio_col + 0.01,
                "{title:?} line {k} runs into the folios"
            );
        }
        if section[0].2 > left + g.measure - folio_col - hang + 0.01 {
            first_line_past_the_hang = true;
        }
    }
    assert!(
        first_line_past_the_hang,
        "no first line took the room the hang left it"
    );
}

/// The lines drawn on `page`, top down: each one's baseline, start and end.
fn drawn_lines(page: &Page) -> Vec<(f32, f32, f32)> {
    let mut lines: Vec<(f32, f32, f32)> = Vec::new();
    for run in &page.runs {
        let end = run.x + run.glyphs.iter().map(|g| g.advance).sum::<f32>();
        match lines.iter_mut().find(|l| (l.0 - run.y).abs() < 0.01) {
            Some(l) => {
                l.1 = l.1.min(run.x);
                l.2 = l.2.max(end);
            }
            None => lines.push((run.y, run.x, end)),
        }
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    lines
}

/// An entry of a list of figures stands flush with the measure, in
/// contents with parts or not, and a caption that wraps runs on two ems
/// in, under its words, not under its label; every line stops short of
/// the folio column.
#[test]
fn a_list_entry_stands_flush_and_its_caption_runs_on_under_its_words() {
    let book = fixture("minimal");
    let g = Geometry::new(&book.pdf);
    let mut ts = typesetter();
    let folio_col = 2.5 * g.size;
    let mut wrapped = 0;
    for title in long_titles() {
        let entry = ContentsEntry {
            number: None,
            numbered: false,
            title: vec![Inline::Text {
                text: format!("Figure\u{a0}3.12. {title}"),
            }],
            id: "figure-1".into(),
            depth: 0,
            part: false,
            section: 0,
            caption: true,
        };
        assert_eq!(title_column(&entry, 22.0, true), 0.0);
        assert_eq!(title_column(&entry, 22.0, false), 0.0);
        let entries = vec![entry];
        let mut pages = vec![Page::default()];
        let places = vec![(
            "figure-1".to_string(),
            Some(Destination { page: 0, y: 0.0 }),
        )];
        contents(
            &mut ts,
            &g,
            &book,
            "List of Figures",
            &entries,
            &places,
            &|_| "1".into(),
            0,
            &mut pages,
        );
        let left = g.left(0);
        // The heading, then the entry's lines.
        let lines = &drawn_lines(&pages[0])[1..];
        if lines.len() > 1 {
            wrapped += 1;
        }
        for (k, line) in lines.iter().enumerate() {
            let start = left + if k > 0 { 2.0 * g.size } else { 0.0 };
            assert!(
                (line.1 - start).abs() < 0.01,
                "{title:?} line {k}: {line:?} not at {start}"
            );
            let end = if k + 1 == lines.len() {
                line.2 - folio_col
            } else {
                line.2
            };
            assert!(
                end <= left + g.measure - folio_col + 0.01,
                "{title:?} line {k} runs into the folios"
            );
        }
    }
    assert!(wrapped > 50, "only {wrapped} captions wrapped");
}

/// A title that wraps is broken into lines of even length: its last line
/// is never a word or two under a full one (the reviewer's "… octavo /
/// matrix"), whether a file's or a section's.
#[test]
fn a_wrapped_titles_lines_are_even() {
    let book = fixture("minimal");
    let g = Geometry::new(&book.pdf);
    let mut ts = typesetter();
    let mut wrapped = 0;
    for title in long_titles() {
        let mut entries = file_and_section(&title);
        entries[0].title = entries[1].title.clone();
        for (k, lines) in entry_lines(&mut ts, &g, &entries).iter().enumerate() {
            if lines.len() < 2 {
                continue;
            }
            wrapped += 1;
            let widths: Vec<f32> = lines.iter().map(words_width).collect();
            let widest = widths.iter().copied().fold(0.0, f32::max);
            let last = widths[widths.len() - 1];
            assert!(
                last >= 0.5 * widest,
                "entry {k} of {title:?}: lines {widths:?}"
            );
        }
    }
    assert!(wrapped >= 20, "only {wrapped} titles wrapped");
}
