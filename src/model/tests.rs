//! Tests of the model's lookups: a chapter's note by its number.

use super::*;

fn chapter_with_notes(numbers: &[u32]) -> Chapter {
    let notes = numbers
        .iter()
        .enumerate()
        .map(|(i, &number)| Note {
            number,
            label: format!("n{i}"),
            id: format!("note-{i}"),
            ref_id: format!("noteref-{i}"),
            blocks: Vec::new(),
            span: Span::default(),
        })
        .collect();
    Chapter {
        notes,
        ..Chapter::default()
    }
}

/// The note found by its number, whether numbering starts at 1, goes
/// on from an earlier chapter, or (never made so, but possible in a
/// hand-built model) skips numbers.
#[test]
fn a_note_is_found_by_its_number() {
    let from_one = chapter_with_notes(&[1, 2, 3]);
    assert_eq!(from_one.note(2).map(|n| n.id.as_str()), Some("note-1"));
    assert!(from_one.note(0).is_none());
    assert!(from_one.note(4).is_none());
    let on_from_before = chapter_with_notes(&[40, 41, 42]);
    assert_eq!(
        on_from_before.note(42).map(|n| n.id.as_str()),
        Some("note-2")
    );
    assert!(on_from_before.note(39).is_none());
    let uneven = chapter_with_notes(&[1, 3, 4, 7]);
    assert_eq!(uneven.note(3).map(|n| n.id.as_str()), Some("note-1"));
    assert_eq!(uneven.note(7).map(|n| n.id.as_str()), Some("note-3"));
    assert!(uneven.note(2).is_none());
    assert!(chapter_with_notes(&[]).note(1).is_none());
}

fn text(s: &str) -> Inline {
    Inline::Text { text: s.into() }
}

/// A title repeated in a contents entry or a notes heading keeps its
/// emphasis, however deep, and loses its note references, however deep;
/// a link in it becomes its text.
#[test]
fn a_title_copy_keeps_emphasis_and_drops_notes_and_links() {
    let note = Inline::NoteRef {
        number: 1,
        first: true,
        id: "noteref-1-1".into(),
    };
    let title = vec![
        text("On "),
        Inline::Emphasis {
            content: vec![text("Moby-Dick"), note.clone()],
        },
        note,
        Inline::Link {
            target: LinkTarget::External {
                url: "https://example.org/".into(),
            },
            content: vec![Inline::Strong {
                content: vec![text("Whales")],
            }],
        },
    ];
    assert_eq!(
        Inline::title_copy(&title),
        vec![
            text("On "),
            Inline::Emphasis {
                content: vec![text("Moby-Dick")],
            },
            Inline::Span {
                lang: None,
                dir: None,
                content: vec![Inline::Strong {
                    content: vec![text("Whales")],
                }],
            },
        ]
    );
}

/// The inlines of a file's name read as its plain name does, for every
/// kind of name: numbered chapter, numbered other kind, unnumbered,
/// numbered untitled, neither.
#[test]
fn a_files_name_as_inlines_reads_as_its_plain_name() {
    let labels = crate::labels::Labels::english();
    let titled = |number: Option<&str>, kind: ChapterKind| Chapter {
        number: number.map(str::to_string),
        kind,
        title: vec![
            text("The "),
            Inline::Emphasis {
                content: vec![text("Craft")],
            },
        ],
        title_text: "The Craft".into(),
        ..Chapter::default()
    };
    let untitled = |number: Option<&str>, kind: ChapterKind| Chapter {
        number: number.map(str::to_string),
        kind,
        ..Chapter::default()
    };
    for (chapter, name) in [
        (titled(Some("3"), ChapterKind::Chapter), "3. The Craft"),
        (titled(Some("II"), ChapterKind::Part), "Part II. The Craft"),
        (titled(None, ChapterKind::Preface), "The Craft"),
        (untitled(Some("4"), ChapterKind::Chapter), "Chapter 4"),
        (untitled(None, ChapterKind::Dedication), "Dedication"),
    ] {
        let inlines = chapter.nav_title_inlines(&labels);
        assert_eq!(Inline::plain_text(&inlines), name);
        assert_eq!(chapter.nav_title(&labels), name);
        let emphasised = inlines.iter().any(|i| matches!(i, Inline::Emphasis { .. }));
        assert_eq!(emphasised, !chapter.title.is_empty(), "{name}");
    }
}

#[test]
fn a_callout_is_headed_by_its_own_title_or_else_by_its_kinds_word() {
    let words = ["Note", "Tip", "Important", "Warning", "Caution"];
    let own = vec![Inline::Text {
        text: "Mind the step".into(),
    }];
    assert_eq!(&CalloutKind::Tip.heading(&own, &words)[..], &own[..]);
    for (kind, word) in CalloutKind::ALL.into_iter().zip(words) {
        assert_eq!(
            &kind.heading(&[], &words)[..],
            &[Inline::Text { text: word.into() }][..]
        );
    }
}
