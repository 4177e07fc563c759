//! Figure, table and equation numbers ("Figure 3.2", "Table 7", "(3.2)"): counted once for the whole book in reading order, and given again to a chapter read a second time.
//!
//! A book asks for them in `book.toml` (`[figures] numbering` and
//! `[tables] numbering`: `none`, the default, `chapter` or `book`). The
//! number, with its word from the labels ("Figure", "Abbildung", "图"),
//! becomes the block's `label`; both editions set it before the caption,
//! and an empty link to the block (`[](#fig-map)`) prints it.
//!
//! Numbered by chapter, a figure of chapter 3 is 3.1, 3.2…; a file without
//! a number (a preface, an introduction) numbers its figures 1, 2… in one
//! count shared by all such files, so no two figures of a book print the
//! same number. Figures in notes are not counted: a note is not where a
//! reader looks for Figure 4.
//!
//! An equation is numbered when it is named (`$$…$$ {#eq-sum}`), so
//! that a link can cite it, always by chapter as figures may be:
//! "(3.2)", in parentheses, as mathematics prints them, the word
//! "Equation" left to the sentence that cites it. A `\tag{*}` in its
//! TeX labels it "(*)" instead, named or not (`\tag*{A}` "A"), and
//! `\notag` leaves it unnumbered; neither takes a number of the count.
//!
//! A theorem, a lemma, a definition… is numbered when its id has its
//! kind's prefix (`::: {#thm-pythagoras}`, Quarto's rule), by chapter as
//! equations are, each kind in a count of its own (Quarto's): "Theorem
//! 3.1", "Lemma 3.1". `[theorems] numbering = "book"` counts through the
//! book ("Theorem 7"), and `shared = true` puts every kind in one count
//! (amsthm's `\newtheorem{lemma}[theorem]`): "Theorem 1, Lemma 2". One
//! without such an id (`::: {.lemma}`, a proof) is headed by its kind's
//! word alone.

use crate::config::{CaptionNumbering, TheoremNumbering};
use crate::labels::{fill, Labels};
use crate::model::{Block, Chapter, TheoremKind};

/// How many kinds of theorem are numbered (all but the proof).
const THEOREM_KINDS: usize = 10;

/// How a book numbers its figures and its tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Numbering {
    pub figures: CaptionNumbering,
    pub tables: CaptionNumbering,
    pub listings: CaptionNumbering,
    pub theorems: TheoremNumbering,
    /// One count for every kind of theorem ("Theorem 1, Lemma 2").
    pub shared_theorems: bool,
}

/// Where one count starts in a chapter: what [`number_chapter`] needs to
/// number that chapter alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountStart {
    /// The chapter's number ("3") set before each of its own ("3.1"); none
    /// when numbering through the book, or in a file without a number.
    pub prefix: Option<String>,
    /// How many were counted before the chapter's first, in its count.
    pub before: u32,
}

/// Where a chapter's counts start: `None` for a kind the book does not number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaptionStart {
    pub figures: Option<CountStart>,
    pub tables: Option<CountStart>,
    pub equations: Option<CountStart>,
    pub listings: Option<CountStart>,
    /// Each numbered kind of theorem's, in [`TheoremKind::ALL`]'s order;
    /// the first alone when they share one.
    pub theorems: [Option<CountStart>; THEOREM_KINDS],
    /// Whether every kind of theorem takes its number from the first count.
    pub shared_theorems: bool,
}

/// The count a theorem-like block is numbered in: its kind's place in
/// [`TheoremKind::ALL`], when its id has the kind's prefix.
fn theorem_count(block: &Block) -> Option<usize> {
    let Block::Theorem {
        kind, id: Some(id), ..
    } = block
    else {
        return None;
    };
    let prefix = kind.prefix()?;
    let numbered = id
        .strip_prefix(prefix)
        .is_some_and(|rest| rest.len() > 1 && rest.starts_with('-'));
    numbered.then(|| TheoremKind::ALL.iter().position(|k| k == kind))?
}

/// The count a theorem-like block takes its number from: its kind's own,
/// or the first (the theorem's) when all kinds share one.
fn theorem_slot(block: &Block, shared: bool) -> Option<usize> {
    theorem_count(block).map(|k| if shared { 0 } else { k })
}

/// How many numbered theorems of each count `chapter` holds.
fn theorem_counts(chapter: &Chapter, shared: bool) -> [u32; THEOREM_KINDS] {
    let mut counts = [0; THEOREM_KINDS];
    for block in &chapter.blocks {
        block.walk(&mut |b| {
            if let Some(k) = theorem_slot(b, shared) {
                counts[k] += 1;
            }
        });
    }
    counts
}

/// Which of the counts a block belongs to, if any.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Figure,
    Table,
    Equation,
    Listing,
}

fn kind_of(block: &Block) -> Option<Kind> {
    match block {
        Block::Figure { .. } => Some(Kind::Figure),
        Block::Table { .. } => Some(Kind::Table),
        // One with a `\tag` or `\notag` is labelled by it, not counted.
        Block::Equation {
            id: Some(_),
            formula,
            ..
        } if formula.tag.is_none() => Some(Kind::Equation),
        b if is_listing(b) => Some(Kind::Listing),
        _ => None,
    }
}

/// Whether a code block is a listing, to be numbered and listed: one
/// named as Quarto names a listing (`#lst-…`), as Quarto numbers only
/// those. Other code — most of a book's, a block whose id is only an
/// anchor, and one with a caption but no `lst-` id (captioned where it
/// stands, but nothing can refer to its number) — is not counted.
pub fn is_listing(block: &Block) -> bool {
    matches!(block, Block::CodeBlock { id, .. }
        if id.as_deref().is_some_and(|id| id.starts_with("lst-")))
}

/// How many figures, tables and named equations `chapter`'s body holds
/// (at any depth).
fn counts(chapter: &Chapter) -> [u32; 4] {
    let mut counts = [0; 4];
    for block in &chapter.blocks {
        block.walk(&mut |b| {
            if let Some(kind) = kind_of(b) {
                counts[kind as usize] += 1;
            }
        });
    }
    counts
}

/// One kind's count through the book: the starts it gives each chapter.
struct Counter {
    numbering: CaptionNumbering,
    /// Through the book, or through the files without a number.
    running: u32,
}

impl Counter {
    /// The start of `chapter`'s count, `count` of its own following.
    fn start(&mut self, chapter: &Chapter, count: u32) -> Option<CountStart> {
        let prefix = match (self.numbering, &chapter.number) {
            (CaptionNumbering::None, _) => return None,
            (CaptionNumbering::Chapter, Some(number)) => Some(number.clone()),
            _ => None,
        };
        let before = if prefix.is_some() {
            0
        } else {
            let before = self.running;
            self.running += count;
            before
        };
        Some(CountStart { prefix, before })
    }
}

/// Numbers every figure and table of the book as `numbering` says, and
/// returns where each chapter's counts started (for [`number_chapter`] on
/// a chapter read again).
pub fn number_book(
    chapters: &mut [Chapter],
    numbering: Numbering,
    labels: &Labels,
) -> Vec<CaptionStart> {
    let mut figures = Counter {
        numbering: numbering.figures,
        running: 0,
    };
    let mut tables = Counter {
        numbering: numbering.tables,
        running: 0,
    };
    // Named equations are numbered in any book that has one.
    let named = chapters
        .iter()
        .any(|c| counts(c)[Kind::Equation as usize] > 0);
    let mut equations = Counter {
        numbering: if named {
            CaptionNumbering::Chapter
        } else {
            CaptionNumbering::None
        },
        running: 0,
    };
    let mut listings = Counter {
        numbering: numbering.listings,
        running: 0,
    };
    // Theorems by chapter or through the book, each count in a book that
    // numbers any.
    let shared = numbering.shared_theorems;
    let theorem_numbering = match numbering.theorems {
        TheoremNumbering::Chapter => CaptionNumbering::Chapter,
        TheoremNumbering::Book => CaptionNumbering::Book,
    };
    let mut theorems: [Counter; THEOREM_KINDS] = std::array::from_fn(|k| Counter {
        numbering: if chapters.iter().any(|c| theorem_counts(c, shared)[k] > 0) {
            theorem_numbering
        } else {
            CaptionNumbering::None
        },
        running: 0,
    });
    chapters
        .iter_mut()
        .map(|chapter| {
            let [figure_count, table_count, equation_count, listing_count] = counts(chapter);
            let theorem_count = theorem_counts(chapter, shared);
            let start = CaptionStart {
                figures: figures.start(chapter, figure_count),
                tables: tables.start(chapter, table_count),
                equations: equations.start(chapter, equation_count),
                listings: listings.start(chapter, listing_count),
                theorems: std::array::from_fn(|k| theorems[k].start(chapter, theorem_count[k])),
                shared_theorems: shared,
            };
            number_chapter(chapter, &start, labels);
            start
        })
        .collect()
}

/// Gives each figure, table and named equation of `chapter` its label,
/// counting from `start`.
pub fn number_chapter(chapter: &mut Chapter, start: &CaptionStart, labels: &Labels) {
    // `\tag{*}` labels its equation "(*)", named or not.
    for block in &mut chapter.blocks {
        block.walk_mut(&mut |b| {
            if let Block::Equation { formula, label, .. } = b {
                if let Some(tag) = &formula.tag {
                    *label = tag.label();
                }
            }
        });
    }
    number_theorems(chapter, start, labels);
    if start.figures.is_none()
        && start.tables.is_none()
        && start.equations.is_none()
        && start.listings.is_none()
    {
        return;
    }
    let (mut figures, mut tables, mut equations, mut listings) = (0, 0, 0, 0);
    let parenthesised = "({n})".to_string();
    for block in &mut chapter.blocks {
        block.walk_mut(&mut |b| {
            let (count, seen, template) = match kind_of(b) {
                Some(Kind::Figure) => (&start.figures, &mut figures, &labels.figure),
                Some(Kind::Table) => (&start.tables, &mut tables, &labels.table),
                Some(Kind::Equation) => (&start.equations, &mut equations, &parenthesised),
                Some(Kind::Listing) => (&start.listings, &mut listings, &labels.listing),
                None => return,
            };
            *seen += 1;
            let Some(count) = count else { return };
            // In the book's digits, with the point its locales write
            // (Arabic's `٣٫٢`: a full stop there reads as a sentence's end).
            let number = number_text(count, count.before + *seen, labels);
            let text = fill(template, &[("n", &number)]);
            if let Block::Figure { label, .. }
            | Block::Table { label, .. }
            | Block::Equation { label, .. }
            | Block::CodeBlock { label, .. } = b
            {
                *label = Some(text);
            }
        });
    }
}

/// The number `n` of a count, after its chapter's ("3.2"), in the
/// book's digits with the point its locales write.
fn number_text(count: &CountStart, n: u32, labels: &Labels) -> String {
    let number = match &count.prefix {
        Some(prefix) => format!("{prefix}.{n}"),
        None => n.to_string(),
    };
    labels.numerals.decimal(&number)
}

/// Heads each theorem-like block of `chapter`: "Theorem 3.1" for one its
/// id numbers, its kind's word ("Proof", "Lemma") for any other.
fn number_theorems(chapter: &mut Chapter, start: &CaptionStart, labels: &Labels) {
    let mut seen = [0u32; THEOREM_KINDS];
    for block in &mut chapter.blocks {
        block.walk_mut(&mut |b| {
            let count = theorem_slot(b, start.shared_theorems);
            let Block::Theorem { kind, label, .. } = b else {
                return;
            };
            let number = count.and_then(|k| {
                seen[k] += 1;
                let count = start.theorems[k].as_ref()?;
                Some(number_text(count, count.before + seen[k], labels))
            });
            *label = Some(labels.theorem(*kind, number.as_deref()));
        });
    }
}

/// How a label opens its caption: the label with its stop, and the gap
/// before the caption's words — "Figure 3.2." then a space; in Chinese
/// and Japanese "图3.2" then an ideographic space, with no stop, as their
/// books set it. A label that ends in a mark of its own ("Fig. {n}:") is
/// given none. With no caption the label stands alone, without either.
pub fn lead_in(label: &str) -> (String, &'static str) {
    let ideographic = label.chars().any(|c| {
        matches!(c as u32,
            0x3040..=0x30FF // kana
            | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF // Han
        )
    });
    if ideographic {
        return (label.to_string(), "\u{3000}");
    }
    let ends_in_mark = label
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_punctuation() && !matches!(c, ')' | ']'));
    let stop = if ends_in_mark { "" } else { "." };
    (format!("{label}{stop}"), " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn figure() -> Block {
        Block::Figure {
            image: crate::model::ImageRef {
                src: "map.png".into(),
                path: "map.png".into(),
                alt: "A map".into(),
                asset: String::new(),
            },
            caption: Vec::new(),
            id: None,
            label: None,
            span: Span::default(),
        }
    }

    fn table() -> Block {
        Block::Table {
            caption: Vec::new(),
            id: None,
            label: None,
            align: Vec::new(),
            head: Vec::new(),
            rows: Vec::new(),
            span: Span::default(),
        }
    }

    fn chapter(number: Option<&str>, blocks: Vec<Block>) -> Chapter {
        Chapter {
            number: number.map(str::to_string),
            blocks,
            ..Default::default()
        }
    }

    fn labels_of(chapter: &Chapter) -> Vec<String> {
        let mut out = Vec::new();
        for block in &chapter.blocks {
            block.walk(&mut |b| {
                if let Block::Figure { label, .. } | Block::Table { label, .. } = b {
                    out.push(label.clone().unwrap_or_else(|| "-".into()));
                }
            });
        }
        out
    }

    fn book() -> Vec<Chapter> {
        vec![
            chapter(None, vec![figure()]),
            chapter(Some("1"), vec![figure(), table(), figure()]),
            chapter(None, vec![table()]),
            chapter(
                Some("2"),
                vec![Block::BlockQuote {
                    blocks: vec![figure(), table()],
                    span: Span::default(),
                }],
            ),
        ]
    }

    fn numbered(
        figures: CaptionNumbering,
        tables: CaptionNumbering,
        labels: &Labels,
    ) -> Vec<Vec<String>> {
        let mut chapters = book();
        let numbering = Numbering {
            figures,
            tables,
            listings: CaptionNumbering::None,
            ..Numbering::default()
        };
        number_book(&mut chapters, numbering, labels);
        chapters.iter().map(labels_of).collect()
    }

    #[test]
    fn by_chapter_after_its_number_and_one_count_for_unnumbered_files() {
        let got = numbered(
            CaptionNumbering::Chapter,
            CaptionNumbering::Chapter,
            &Labels::english(),
        );
        let nb = "\u{a0}";
        assert_eq!(
            got,
            [
                vec![format!("Figure{nb}1")],
                vec![
                    format!("Figure{nb}1.1"),
                    format!("Table{nb}1.1"),
                    format!("Figure{nb}1.2")
                ],
                vec![format!("Table{nb}1")],
                vec![format!("Figure{nb}2.1"), format!("Table{nb}2.1")],
            ]
        );
    }

    #[test]
    fn through_the_book_and_each_kind_on_its_own() {
        let got = numbered(
            CaptionNumbering::Book,
            CaptionNumbering::None,
            &Labels::english(),
        );
        let f = |n: u32| format!("Figure\u{a0}{n}");
        assert_eq!(
            got,
            [
                vec![f(1)],
                vec![f(2), "-".into(), f(3)],
                vec!["-".to_string()],
                vec![f(4), "-".into()],
            ]
        );
    }

    #[test]
    fn a_label_opens_its_caption_with_the_languages_stop_and_gap() {
        assert_eq!(lead_in("Figure\u{a0}3.2"), ("Figure\u{a0}3.2.".into(), " "));
        assert_eq!(lead_in("Fig. 3:"), ("Fig. 3:".into(), " "));
        assert_eq!(lead_in("Tabla (3)"), ("Tabla (3).".into(), " "));
        assert_eq!(lead_in("그림\u{a0}2"), ("그림\u{a0}2.".into(), " "));
        assert_eq!(lead_in("图1.1"), ("图1.1".into(), "\u{3000}"));
        assert_eq!(lead_in("図4"), ("図4".into(), "\u{3000}"));
    }

    #[test]
    fn unnumbered_by_default_and_nothing_touched() {
        let mut chapters = book();
        let starts = number_book(&mut chapters, Numbering::default(), &Labels::english());
        assert!(starts.iter().all(|s| *s == CaptionStart::default()));
        assert_eq!(chapters, book());
    }

    #[test]
    fn a_chapter_numbered_again_from_its_start_gets_the_same_labels() {
        let labels = Labels::english();
        let numbering = Numbering {
            figures: CaptionNumbering::Book,
            tables: CaptionNumbering::Chapter,
            listings: CaptionNumbering::Book,
            ..Numbering::default()
        };
        let mut first = book();
        let starts = number_book(&mut first, numbering, &labels);
        for (i, start) in starts.iter().enumerate() {
            let mut again = book().swap_remove(i);
            number_chapter(&mut again, start, &labels);
            assert_eq!(again, first[i], "chapter {i}");
        }
    }

    #[test]
    fn in_the_language_and_digits_of_the_book() {
        let arabic = Labels::built_in("ar").unwrap();
        let got = numbered(CaptionNumbering::Chapter, CaptionNumbering::Book, &arabic);
        assert_eq!(got[1][0], "الشكل\u{a0}١٫١");
        assert_eq!(got[2][0], "الجدول\u{a0}٢");
        let chinese = Labels::built_in("zh-Hans").unwrap();
        let got = numbered(CaptionNumbering::Chapter, CaptionNumbering::Book, &chinese);
        assert_eq!(got[1][0], "图1.1");
        assert_eq!(got[3][1], "表3");
    }

    fn equation(id: Option<&str>) -> Block {
        Block::Equation {
            formula: crate::model::Formula {
                tex: "x".into(),
                display: true,
                nodes: Vec::new(),
                tag: None,
            },
            id: id.map(str::to_string),
            label: None,
            span: Span::default(),
        }
    }

    fn tagged(id: Option<&str>, tag: crate::model::EquationTag) -> Block {
        let mut block = equation(id);
        if let Block::Equation { formula, .. } = &mut block {
            formula.tag = Some(tag);
        }
        block
    }

    #[test]
    fn a_tag_labels_its_equation_and_takes_no_number() {
        use crate::model::EquationTag;
        let star = |text: &str, parenthesised| EquationTag::Label {
            text: text.into(),
            parenthesised,
        };
        let mut chapters = vec![chapter(
            Some("2"),
            vec![
                equation(Some("a")),
                tagged(None, star("*", true)),
                tagged(Some("b"), star("A", false)),
                tagged(Some("c"), EquationTag::Unnumbered),
                equation(Some("d")),
            ],
        )];
        let numbering = Numbering {
            figures: CaptionNumbering::None,
            tables: CaptionNumbering::None,
            listings: CaptionNumbering::None,
            ..Numbering::default()
        };
        number_book(&mut chapters, numbering, &Labels::english());
        assert_eq!(
            equation_labels(&chapters[0]),
            ["(2.1)", "(*)", "A", "-", "(2.2)"]
        );
        // A book whose only named equation is tagged numbers nothing,
        // and still prints the tag.
        let mut chapters = vec![chapter(None, vec![tagged(Some("e"), star("5", true))])];
        number_book(&mut chapters, numbering, &Labels::english());
        assert_eq!(equation_labels(&chapters[0]), ["(5)"]);
    }

    fn equation_labels(chapter: &Chapter) -> Vec<String> {
        let mut out = Vec::new();
        for block in &chapter.blocks {
            block.walk(&mut |b| {
                if let Block::Equation { label, .. } = b {
                    out.push(label.clone().unwrap_or_else(|| "-".into()));
                }
            });
        }
        out
    }

    #[test]
    fn named_equations_are_numbered_by_chapter_whatever_figures_do() {
        let mut chapters = vec![
            chapter(None, vec![equation(Some("a")), equation(None)]),
            chapter(
                Some("3"),
                vec![
                    equation(Some("b")),
                    figure(),
                    equation(None),
                    Block::BlockQuote {
                        blocks: vec![equation(Some("c"))],
                        span: Span::default(),
                    },
                ],
            ),
            chapter(None, vec![equation(Some("d"))]),
        ];
        let numbering = Numbering {
            figures: CaptionNumbering::None,
            tables: CaptionNumbering::None,
            listings: CaptionNumbering::None,
            ..Numbering::default()
        };
        let starts = number_book(&mut chapters, numbering, &Labels::english());
        let got: Vec<Vec<String>> = chapters.iter().map(equation_labels).collect();
        assert_eq!(
            got,
            [vec!["(1)", "-"], vec!["(3.1)", "-", "(3.2)"], vec!["(2)"]]
        );
        // Figures stay unnumbered.
        assert_eq!(labels_of(&chapters[1]), ["-"]);
        // And again from the chapter's start.
        let mut again = chapters[1].clone();
        again.blocks.iter_mut().for_each(|b| {
            b.walk_mut(&mut |b| {
                if let Block::Equation { label, .. } = b {
                    *label = None;
                }
            })
        });
        number_chapter(&mut again, &starts[1], &Labels::english());
        assert_eq!(again, chapters[1]);
        let arabic = Labels::built_in("ar").unwrap();
        number_book(&mut chapters, numbering, &arabic);
        assert_eq!(equation_labels(&chapters[1])[0], "(٣٫١)");
    }

    fn code(id: Option<&str>, caption: &str) -> Block {
        Block::CodeBlock {
            language: None,
            text: "x\n".into(),
            tokens: Vec::new(),
            caption: if caption.is_empty() {
                Vec::new()
            } else {
                vec![crate::model::Inline::Text {
                    text: caption.into(),
                }]
            },
            id: id.map(str::to_string),
            label: None,
            first_line: None,
            span: Span::default(),
        }
    }

    fn listing_labels(chapter: &Chapter) -> Vec<String> {
        let mut out = Vec::new();
        for block in &chapter.blocks {
            block.walk(&mut |b| {
                if let Block::CodeBlock { label, .. } = b {
                    out.push(label.clone().unwrap_or_else(|| "-".into()));
                }
            });
        }
        out
    }

    /// A listing is a code block with an `lst-` id; other code (none, an
    /// id that is only an anchor, a caption alone) is not counted.
    #[test]
    fn listings_are_numbered_by_chapter_and_plain_code_is_not() {
        let mut chapters = vec![
            chapter(
                Some("1"),
                vec![
                    code(Some("lst-a"), ""),
                    code(None, ""),
                    figure(),
                    code(None, "Captioned"),
                    code(Some("anchor"), ""),
                ],
            ),
            chapter(
                Some("2"),
                vec![Block::BlockQuote {
                    blocks: vec![code(Some("lst-b"), "In a quote")],
                    span: Span::default(),
                }],
            ),
        ];
        let numbering = Numbering {
            figures: CaptionNumbering::Chapter,
            tables: CaptionNumbering::None,
            listings: CaptionNumbering::Chapter,
            ..Numbering::default()
        };
        let starts = number_book(&mut chapters, numbering, &Labels::english());
        let nb = "\u{a0}";
        assert_eq!(
            listing_labels(&chapters[0]),
            [
                format!("Listing{nb}1.1"),
                "-".into(),
                "-".into(),
                "-".into()
            ]
        );
        assert_eq!(listing_labels(&chapters[1]), [format!("Listing{nb}2.1")]);
        // Figures keep their own count.
        assert_eq!(labels_of(&chapters[0]), [format!("Figure{nb}1.1")]);
        // Read again from its start, the same.
        let mut again = chapters[1].clone();
        again.blocks[0].walk_mut(&mut |b| {
            if let Block::CodeBlock { label, .. } = b {
                *label = None;
            }
        });
        number_chapter(&mut again, &starts[1], &Labels::english());
        assert_eq!(again, chapters[1]);
        // Through the book, in German.
        let numbering = Numbering {
            listings: CaptionNumbering::Book,
            ..numbering
        };
        number_book(&mut chapters, numbering, &Labels::built_in("de").unwrap());
        assert_eq!(listing_labels(&chapters[1]), [format!("Listing{nb}2")]);
    }

    fn theorem(kind: TheoremKind, id: Option<&str>) -> Block {
        Block::Theorem {
            kind,
            id: id.map(str::to_string),
            name: Vec::new(),
            label: None,
            blocks: Vec::new(),
            span: Span::default(),
        }
    }

    fn theorem_labels(chapter: &Chapter) -> Vec<String> {
        let mut out = Vec::new();
        for block in &chapter.blocks {
            block.walk(&mut |b| {
                if let Block::Theorem { label, .. } = b {
                    out.push(label.clone().unwrap_or_default().replace('\u{a0}', " "));
                }
            });
        }
        out
    }

    fn theorem_book() -> Vec<Chapter> {
        let t = |id| theorem(TheoremKind::Theorem, Some(id));
        vec![
            chapter(None, vec![t("thm-a")]),
            chapter(
                Some("1"),
                vec![
                    t("thm-b"),
                    theorem(TheoremKind::Lemma, Some("lem-c")),
                    theorem(TheoremKind::Proof, None),
                    theorem(TheoremKind::Lemma, None),
                    Block::BlockQuote {
                        blocks: vec![theorem(TheoremKind::Corollary, Some("cor-d"))],
                        span: Span::default(),
                    },
                ],
            ),
            chapter(
                Some("2"),
                vec![theorem(TheoremKind::Lemma, Some("lem-e")), t("thm-f")],
            ),
        ]
    }

    /// Each setting of `[theorems]`, and a chapter numbered again from
    /// its start gets the same heads.
    #[test]
    fn theorems_by_chapter_or_book_each_kind_apart_or_shared() {
        let numbered = |theorems, shared_theorems| {
            let mut chapters = theorem_book();
            let numbering = Numbering {
                theorems,
                shared_theorems,
                ..Numbering::default()
            };
            let starts = number_book(&mut chapters, numbering, &Labels::english());
            for (i, start) in starts.iter().enumerate() {
                let mut again = theorem_book().swap_remove(i);
                number_chapter(&mut again, start, &Labels::english());
                assert_eq!(again, chapters[i], "chapter {i}");
            }
            chapters.iter().map(theorem_labels).collect::<Vec<_>>()
        };
        let unnumbered: [&'static str; 2] = ["Proof", "Lemma"];
        let with = |numbered: [&'static str; 3]| {
            vec![
                numbered[0],
                numbered[1],
                unnumbered[0],
                unnumbered[1],
                numbered[2],
            ]
        };
        assert_eq!(
            numbered(TheoremNumbering::Chapter, false),
            [
                vec!["Theorem 1"],
                with(["Theorem 1.1", "Lemma 1.1", "Corollary 1.1"]),
                vec!["Lemma 2.1", "Theorem 2.1"],
            ]
        );
        assert_eq!(
            numbered(TheoremNumbering::Book, false),
            [
                vec!["Theorem 1"],
                with(["Theorem 2", "Lemma 1", "Corollary 1"]),
                vec!["Lemma 2", "Theorem 3"],
            ]
        );
        assert_eq!(
            numbered(TheoremNumbering::Chapter, true),
            [
                vec!["Theorem 1"],
                with(["Theorem 1.1", "Lemma 1.2", "Corollary 1.3"]),
                vec!["Lemma 2.1", "Theorem 2.2"],
            ]
        );
        assert_eq!(
            numbered(TheoremNumbering::Book, true),
            [
                vec!["Theorem 1"],
                with(["Theorem 2", "Lemma 3", "Corollary 4"]),
                vec!["Lemma 5", "Theorem 6"],
            ]
        );
    }
}
