use super::*;

use crate::numerals::Numerals;

fn lines(n: usize) -> Vec<SetLine> {
    vec![SetLine::default(); n]
}

/// An entry's unit of `n` lines (`keep`: over its sub-entries), under
/// `parents`.
fn unit(n: usize, keep: bool, parents: &[&str], term: &str) -> Unit {
    Unit {
        lines: lines(n),
        x: 0.0,
        gap: 0,
        keep_with_next: keep,
        parents: parents.iter().map(|p| p.to_string()).collect(),
        depth: parents.len(),
        term: term.into(),
    }
}

fn letter(term: &str) -> Unit {
    Unit {
        gap: 1,
        ..unit(1, true, &[], term)
    }
}

#[test]
fn columns_fill_keep_headings_with_entries_and_balance_the_last_page() {
    // A letter, six one-line entries, a letter, four entries: 13 lines
    // with the blank line, on a page of 10 lines a column.
    let mut units = vec![letter("A")];
    units.extend((0..6).map(|k| unit(1, false, &[], &format!("a{k}"))));
    units.push(letter("B"));
    units.extend((0..4).map(|k| unit(1, false, &[], &format!("b{k}"))));
    let cols = columns(&mut units, 0, 10);
    // All of it fits the page: balanced, the first column the longer,
    // and never ending on the letter B.
    assert_eq!(cols.len(), 2);
    let heights: Vec<usize> = cols
        .iter()
        .map(|&(a, b)| column_height(&units, a, b))
        .collect();
    assert!(
        heights[0] >= heights[1] && heights[0] - heights[1] <= 2,
        "{heights:?}"
    );
    assert!(may_end_after(&units, cols[0].1 - 1));
    assert_eq!(cols[1].1, units.len());
    // On pages of 4 lines the letter B, which would end the first column,
    // goes to the second, with the entry it heads.
    let mut units2: Vec<Unit> = vec![letter("A")];
    units2.extend((0..2).map(|k| unit(1, false, &[], &format!("a{k}"))));
    units2.push(letter("B"));
    units2.extend((0..8).map(|k| unit(1, false, &[], &format!("b{k}"))));
    let cols = columns(&mut units2, 0, 4);
    assert_eq!(cols[0], (0, 3));
    assert_eq!(units2[cols[1].0].term, "B");
}

#[test]
fn a_long_entry_splits_at_the_column_end_and_carries_on_continued() {
    // Three lines, then an entry of twelve lines, on columns of eight.
    let mut units = vec![
        unit(1, false, &[], "a"),
        unit(1, false, &[], "b"),
        unit(1, false, &[], "c"),
        unit(12, false, &[], "Bucharest Meeting"),
        unit(1, false, &[], "d"),
    ];
    let cols = columns(&mut units, 0, 8);
    // The first column full: five of its lines after the three entries.
    assert_eq!(column_height(&units, cols[0].0, cols[0].1), 8);
    assert_eq!(units[3].lines.len(), 5);
    // Its rest opens the second column under a `continued` heading of
    // the entry, counted in the column's height.
    let rest = &units[cols[1].0];
    assert_eq!(rest.lines.len(), 7);
    assert_eq!(rest.parents, ["Bucharest Meeting"]);
    assert_eq!(column_height(&units, cols[1].0, cols[1].0 + 1), 8);
    let total: usize = units.iter().map(|u| u.lines.len()).sum();
    assert_eq!(total, 3 + 12 + 1, "no line lost or doubled");
    // An entry that would leave a single line on either side is not split.
    let mut units = vec![unit(7, false, &[], "a"), unit(3, false, &[], "b")];
    let cols = columns(&mut units, 0, 8);
    assert_eq!(units.len(), 2);
    assert_eq!(cols[0], (0, 1));
}

#[test]
fn locators_are_pages_once_in_order_with_ranges_of_three_or_more() {
    // Four pages of front matter (i–iv), the body from page index 4.
    let folios = Folios {
        body_start: 4,
        numerals: Numerals::Latn,
    };
    let mut places = BTreeMap::new();
    let mut locs = Vec::new();
    let mut at = |mark: &str, page: usize, y: f32| {
        places.insert(mark.to_string(), Destination { page, y });
        locs.push(Locator {
            chapter: 0,
            in_note: false,
            mark: mark.into(),
        });
    };
    at("lower", 5, 300.0);
    at("upper", 5, 100.0);
    at("p6", 6, 50.0);
    at("p7", 7, 50.0);
    at("p9", 9, 50.0);
    at("p10", 10, 50.0);
    at("front", 1, 50.0);
    at("front2", 2, 50.0);
    at("front3", 3, 50.0);
    locs.push(Locator {
        chapter: 0,
        in_note: false,
        mark: "nowhere".into(),
    });
    let mut unplaced = 0;
    let printed = locators(&locs, &places, &folios, &mut unplaced);
    let shown: Vec<(&str, &str)> = printed
        .iter()
        .map(|f| (f.text.as_str(), f.mark.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            // Roman pages make no range.
            ("ii", "front"),
            ("iii", "front2"),
            ("iv", "front3"),
            // Three pages in a row, linked to the upper mark of the first.
            ("2\u{2013}4", "upper"),
            // Two are two.
            ("6", "p9"),
            ("7", "p10"),
        ]
    );
    assert_eq!(unplaced, 1);
}

#[test]
fn cross_references_follow_the_locators_in_italic() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/two-chapters");
    let (book, _) = crate::source::load_book(&fixture).unwrap();
    let entry = |see: &[&str], also: &[&str]| Entry {
        term: "Mao Zedong".into(),
        locators: Vec::new(),
        see: see.iter().map(|s| s.to_string()).collect(),
        see_also: also.iter().map(|s| s.to_string()).collect(),
        children: Vec::new(),
    };
    let folios = [Folio {
        text: "12".into(),
        mark: "ix-chapter-1-1".into(),
        chapter: 0,
    }];
    let words = |inlines: &[Inline]| Inline::plain_text(inlines);
    let main = entry_inlines(&book, &entry(&[], &["China", "Beijing"]), &folios, false);
    assert_eq!(words(&main), "Mao Zedong, 12. See also China; Beijing");
    // The label in italic, the locator a link to its mark.
    assert!(main.iter().any(|i| matches!(i, Inline::Emphasis { content }
        if words(content) == "See also")));
    assert!(main.iter().any(|i| matches!(i, Inline::Link {
        target: LinkTarget::Internal { anchor: Some(a), .. }, ..
    } if a == "ix-chapter-1-1")));
    let sub = entry_inlines(&book, &entry(&["Mao!early life"], &[]), &[], true);
    assert_eq!(words(&sub), "Mao Zedong (see Mao: early life)");
    assert_eq!(capitalized("βλ. επίσης"), "Βλ. επίσης");
    assert_eq!(capitalized("→"), "→");
}
