use super::*;

use crate::model::{Block, Span};

fn mark(path: &[&str]) -> IndexMark {
    IndexMark::new(path.iter().copied())
}

fn marked(m: IndexMark, words: &str) -> Inline {
    Inline::Indexed {
        mark: m,
        content: if words.is_empty() {
            Vec::new()
        } else {
            vec![Inline::Text { text: words.into() }]
        },
    }
}

fn paragraph(content: Vec<Inline>) -> Block {
    Block::Paragraph {
        content,
        span: Span::default(),
    }
}

/// A book of the two-chapter fixture whose chapters hold `marks` (one
/// paragraph each), numbered as the parser numbers them.
fn book(language: &str, marks: [Vec<IndexMark>; 2]) -> Book {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/two-chapters");
    let (mut book, _) = crate::source::load_book(&fixture).unwrap();
    book.metadata.language = language.into();
    for (chapter, marks) in book.chapters.iter_mut().zip(marks) {
        let inlines = marks.into_iter().map(|m| marked(m, "")).collect();
        chapter.blocks = vec![paragraph(inlines)];
        number_marks(chapter);
    }
    book
}

fn terms(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(|e| e.term.as_str()).collect()
}

#[test]
fn marks_are_numbered_in_reading_order_notes_last() {
    let mut book = book("en", [vec![], vec![]]);
    let chapter = &mut book.chapters[0];
    chapter.id = "chapter-1".into();
    chapter.title = vec![marked(mark(&["Title"]), "T")];
    chapter.notes = vec![crate::model::Note {
        number: 1,
        label: "n".into(),
        id: "note-1".into(),
        ref_id: "noteref-1".into(),
        blocks: vec![paragraph(vec![marked(mark(&["in a note"]), "")])],
        span: Span::default(),
    }];
    chapter.blocks = vec![
        paragraph(vec![
            marked(mark(&["a"]), "x"),
            Inline::Emphasis {
                content: vec![marked(mark(&["b"]), "")],
            },
        ]),
        paragraph(vec![marked(mark(&["c"]), "y")]),
    ];
    number_marks(chapter);
    let again = {
        let mut c = chapter.clone();
        number_marks(&mut c);
        c
    };
    assert_eq!(&again, chapter);
    let ids: Vec<(&str, &str, bool)> = chapter_marks(chapter)
        .iter()
        .map(|(m, in_note)| (m.path[0].as_str(), m.id.as_str(), *in_note))
        .collect();
    assert_eq!(
        ids,
        [
            ("Title", "ix-chapter-1-1", false),
            ("a", "ix-chapter-1-2", false),
            ("b", "ix-chapter-1-3", false),
            ("c", "ix-chapter-1-4", false),
            ("in a note", "ix-chapter-1-5", true)
        ]
    );
}

#[test]
fn entries_sort_word_by_word_and_group_by_letter() {
    let book = book(
        "en",
        [
            vec![
                mark(&["Marx Brothers"]),
                mark(&["Marx, Karl"]),
                mark(&["Émigrés"]),
                mark(&["economy"]),
                mark(&["1956 crisis"]),
                mark(&["Marx, Karl", "in 1920"]),
                mark(&["Marx, Karl", "in 845"]),
                mark(&["Marx, Karl", "in 0900"]),
                mark(&["Marxism"]),
                mark(&["de Gaulle, Charles"]),
            ],
            vec![mark(&["Marx, Karl"]), mark(&["Zhdanov"])],
        ],
    );
    let index = gather(&book).expect("marks");
    let letters: Vec<&str> = index.groups.iter().map(|g| g.letter.as_str()).collect();
    assert_eq!(letters, ["", "D", "E", "M", "Z"]);
    assert_eq!(terms(&index.groups[0].entries), ["1956 crisis"]);
    // Word by word: a comma before a space before a letter.
    assert_eq!(
        terms(&index.groups[3].entries),
        ["Marx, Karl", "Marx Brothers", "Marxism"]
    );
    // Numbers by their value.
    assert_eq!(
        terms(&index.groups[3].entries[0].children),
        ["in 845", "in 0900", "in 1920"]
    );
    // Accents and case set aside.
    assert_eq!(terms(&index.groups[2].entries), ["economy", "Émigrés"]);
    // One entry for one heading, its locators in reading order.
    let marx = &index.groups[3].entries[0];
    assert_eq!(
        marx.locators,
        [
            Locator {
                chapter: 0,
                in_note: false,
                mark: format!("ix-{}-2", book.chapters[0].id)
            },
            Locator {
                chapter: 1,
                in_note: false,
                mark: format!("ix-{}-1", book.chapters[1].id)
            }
        ]
    );
}

#[test]
fn sub_entries_sort_keys_and_cross_references() {
    let mut gaulle = mark(&["de Gaulle, Charles"]);
    gaulle.sort = Some("Gaulle, Charles de".into());
    let mut see = mark(&["Khrushchevism"]);
    see.see = Some("revisionism".into());
    let mut also = mark(&["Khrushchev, Nikita"]);
    also.see_also = Some("Twentieth Congress".into());
    let book = book(
        "en",
        [
            vec![
                mark(&["Khrushchev, Nikita", "secret speech"]),
                mark(&["Khrushchev, Nikita", "and Mao"]),
                mark(&["Khrushchev, Nikita", "secret speech", "leaked"]),
                gaulle,
                see,
                also,
            ],
            vec![mark(&["Khrushchev, Nikita"])],
        ],
    );
    let index = gather(&book).expect("marks");
    let letters: Vec<&str> = index.groups.iter().map(|g| g.letter.as_str()).collect();
    // Sorted by its key, under G.
    assert_eq!(letters, ["G", "K"]);
    assert_eq!(terms(&index.groups[0].entries), ["de Gaulle, Charles"]);
    let k = &index.groups[1].entries;
    assert_eq!(terms(k), ["Khrushchev, Nikita", "Khrushchevism"]);
    assert_eq!(terms(&k[0].children), ["and Mao", "secret speech"]);
    assert_eq!(terms(&k[0].children[1].children), ["leaked"]);
    // A cross-reference is no locator.
    assert_eq!(k[0].locators.len(), 1);
    assert_eq!(k[0].see_also, ["Twentieth Congress"]);
    assert!(k[1].locators.is_empty());
    assert_eq!(k[1].see, ["revisionism"]);
}

#[test]
fn nordic_letters_come_after_z() {
    let marks = || {
        vec![
            mark(&["Ängel"]),
            mark(&["Zebra"]),
            mark(&["Åsa"]),
            mark(&["Öland"]),
            mark(&["Ahl"]),
        ]
    };
    let sv = gather(&book("sv", [marks(), vec![]])).unwrap();
    let letters: Vec<&str> = sv.groups.iter().map(|g| g.letter.as_str()).collect();
    assert_eq!(letters, ["A", "Z", "Å", "Ä", "Ö"]);
    // In English the same words fold to their base letters.
    let en = gather(&book("en", [marks(), vec![]])).unwrap();
    let letters: Vec<&str> = en.groups.iter().map(|g| g.letter.as_str()).collect();
    assert_eq!(letters, ["A", "O", "Z"]);
    assert_eq!(terms(&en.groups[0].entries), ["Ahl", "Ängel", "Åsa"]);
}

#[test]
fn a_book_without_marks_has_no_index() {
    let book = book("en", [vec![], vec![]]);
    assert!(!has_marks(&book));
    assert_eq!(gather(&book), None);
}

/// One heading written two ways has one loose key; two headings that
/// only sort side by side do not.
#[test]
fn the_loose_key_sets_aside_case_accents_punctuation_and_spacing() {
    let en = Order::of("en");
    let key = en.loose_key("Khrushchev, Nikita");
    for other in [
        "Khrushchev Nikita",
        "khrushchev, nikita",
        "Khrúshchev-Nikita",
    ] {
        assert_eq!(en.loose_key(other), key, "{other}");
    }
    assert_ne!(en.loose_key("Marx, Karl"), en.loose_key("Marx Brothers"));
    // A language's own letter is a letter of its own.
    let sv = Order::of("sv");
    assert_ne!(sv.loose_key("Åsa"), sv.loose_key("Asa"));
}

#[test]
fn locators_stay_in_reading_order_past_the_ninth_mark() {
    // Twelve marks of one entry in a chapter: the tenth's id, `…-10`,
    // sorts before the second's as text, not as the reader meets them.
    let marks = (0..12).map(|_| mark(&["Khrushchev, Nikita"])).collect();
    let book = book("en", [marks, vec![]]);
    let index = gather(&book).unwrap();
    let numbers: Vec<&str> = index.groups[0].entries[0]
        .locators
        .iter()
        .map(|l| l.mark.rsplit('-').next().unwrap())
        .collect();
    assert_eq!(
        numbers,
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]
    );
}
