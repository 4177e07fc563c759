use super::*;
use crate::model::Span;

fn text(s: &str) -> Inline {
    Inline::Text { text: s.into() }
}

fn figure(id: Option<&str>, label: Option<&str>, caption: &str) -> Block {
    Block::Figure {
        image: crate::model::ImageRef {
            src: "map.png".into(),
            path: "map.png".into(),
            alt: "A map".into(),
            asset: String::new(),
        },
        caption: if caption.is_empty() {
            vec![]
        } else {
            vec![text(caption)]
        },
        id: id.map(str::to_string),
        label: label.map(str::to_string),
        span: Span::default(),
    }
}

fn table(id: Option<&str>, caption: &str) -> Block {
    Block::Table {
        caption: if caption.is_empty() {
            vec![]
        } else {
            vec![text(caption)]
        },
        id: id.map(str::to_string),
        label: None,
        align: Vec::new(),
        head: Vec::new(),
        rows: Vec::new(),
        span: Span::default(),
    }
}

fn chapter(blocks: Vec<Block>) -> Chapter {
    Chapter {
        blocks,
        ..Default::default()
    }
}

/// Each figure's and table's id, in reading order ("-" for none).
fn ids(chapters: &[Chapter]) -> Vec<Vec<String>> {
    chapters
        .iter()
        .map(|c| {
            let mut out = Vec::new();
            for block in &c.blocks {
                block.walk(&mut |b| {
                    if let Some((id, _, _)) = parts(b) {
                        out.push(id.clone().unwrap_or_else(|| "-".into()));
                    }
                });
            }
            out
        })
        .collect()
}

/// A preface and two chapters: captioned, numbered, bare and named
/// figures, one inside a quote, and tables.
fn book() -> Vec<Chapter> {
    vec![
        chapter(vec![figure(None, None, "The tower")]),
        chapter(vec![
            figure(Some("fig-ridges"), None, "The ridges"),
            table(None, "Angles"),
            // Neither number nor caption: nothing to list it by.
            figure(None, None, ""),
            Block::BlockQuote {
                blocks: vec![figure(None, Some("Figure 1.3"), "")],
                span: Span::default(),
            },
        ]),
        chapter(vec![table(None, ""), figure(None, None, "The road")]),
    ]
}

const BOTH: Lists = Lists {
    figures: true,
    tables: true,
    listings: false,
};

#[test]
fn listed_blocks_without_an_id_are_named_by_their_place_in_the_book() {
    let mut chapters = book();
    let given = give_ids(&mut chapters, BOTH, BTreeSet::new());
    assert_eq!(
        ids(&chapters),
        [
            vec!["figure-1"],
            // The author's id stays; the bare figure keeps none but
            // still counts: the road is the book's fifth figure.
            vec!["fig-ridges", "table-1", "-", "figure-4"],
            vec!["-", "figure-5"],
        ]
    );
    // Places among the chapter's figures and tables together.
    assert_eq!(
        given,
        [
            vec![(0, "figure-1".to_string())],
            vec![(1, "table-1".to_string()), (3, "figure-4".to_string())],
            vec![(1, "figure-5".to_string())],
        ]
    );
}

#[test]
fn a_name_the_book_has_already_is_not_taken_twice() {
    let mut chapters = book();
    // A heading the author called `figure-1`, and `figure-4-2` too.
    let in_use: BTreeSet<String> = ["figure-1", "figure-4", "figure-4-2"]
        .into_iter()
        .map(String::from)
        .collect();
    give_ids(&mut chapters, BOTH, in_use);
    assert_eq!(ids(&chapters)[0], ["figure-1-2"]);
    assert_eq!(ids(&chapters)[1][3], "figure-4-3");
}

#[test]
fn only_the_lists_asked_for_name_their_blocks() {
    let mut chapters = book();
    let tables_only = Lists {
        figures: false,
        tables: true,
        listings: false,
    };
    give_ids(&mut chapters, tables_only, BTreeSet::new());
    assert_eq!(
        ids(&chapters),
        [
            vec!["-"],
            vec!["fig-ridges", "table-1", "-", "-"],
            vec!["-", "-"]
        ]
    );
    let mut untouched = book();
    let given = give_ids(&mut untouched, Lists::default(), BTreeSet::new());
    assert!(given.iter().all(Vec::is_empty));
    assert_eq!(untouched, book());
}

#[test]
fn a_chapter_read_again_gets_the_same_ids() {
    let mut chapters = book();
    let given = give_ids(&mut chapters, BOTH, BTreeSet::new());
    for (index, given) in given.iter().enumerate() {
        let mut again = book().swap_remove(index);
        assert!(give_again(&mut again, given));
        assert_eq!(again, chapters[index]);
    }
    // A chapter whose figures moved is not the one the ids were given to.
    let mut changed = chapter(vec![figure(None, None, "The ridges")]);
    assert!(!give_again(&mut changed, &given[1]));
    // Nor one that names a block the ids were given for.
    let mut named = book().swap_remove(0);
    if let Block::Figure { id, .. } = &mut named.blocks[0] {
        *id = Some("fig-tower".into());
    }
    assert!(!give_again(&mut named, &given[0]));
}

#[test]
fn an_entry_reads_as_its_caption_opens() {
    let mut chapters = vec![chapter(vec![
        figure(Some("a"), Some("Figure\u{a0}3.2"), "The Balkans"),
        figure(Some("b"), Some("Figure\u{a0}3.3"), ""),
        figure(Some("c"), None, "A map"),
        figure(Some("d"), Some("图3.4"), "地图"),
    ])];
    // A note in a caption is not listed with it; a link's words are.
    if let Block::Figure { caption, .. } = &mut chapters[0].blocks[2] {
        caption.push(Inline::NoteRef {
            number: 1,
            first: true,
            id: "noteref-1".into(),
        });
    }
    let got: Vec<(String, String)> = entries_of(&chapters, BOTH, ListKind::Figures)
        .iter()
        .map(|e| (e.id.clone(), Inline::plain_text(&e.words)))
        .collect();
    assert_eq!(
        got,
        [
            ("a".into(), "Figure\u{a0}3.2. The Balkans".into()),
            ("b".into(), "Figure\u{a0}3.3".into()),
            ("c".into(), "A map".into()),
            ("d".into(), "图3.4\u{3000}地图".into()),
        ]
    );
    assert!(entries_of(&chapters, BOTH, ListKind::Tables).is_empty());
    let figures_off = Lists {
        figures: false,
        tables: true,
        listings: false,
    };
    assert!(entries_of(&chapters, figures_off, ListKind::Figures).is_empty());
}

#[test]
fn entries_follow_the_book_and_name_their_chapter() {
    let mut chapters = book();
    give_ids(&mut chapters, BOTH, BTreeSet::new());
    let figures: Vec<(usize, String)> = entries_of(&chapters, BOTH, ListKind::Figures)
        .into_iter()
        .map(|e| (e.chapter, e.id))
        .collect();
    assert_eq!(
        figures,
        [
            (0, "figure-1".into()),
            (1, "fig-ridges".into()),
            (1, "figure-4".into()),
            (2, "figure-5".into()),
        ]
    );
    let tables: Vec<String> = entries_of(&chapters, BOTH, ListKind::Tables)
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(tables, ["table-1"]);
}
