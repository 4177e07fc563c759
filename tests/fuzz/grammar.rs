//! The fuzz test's grammar: the Markdown a generated book may hold (every block and inline the model accepts), as proptest strategies, and the writer that turns a generated book into chapter files with the words a reader must find.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

/// Text-level content of the grammar.
#[derive(Debug, Clone)]
pub(crate) enum Inl {
    /// A plain word (made unique when the book is written).
    Word,
    /// Noise: odd Unicode that must not break anything.
    Odd(&'static str),
    Emph(Vec<Inl>),
    Strong(Vec<Inl>),
    Strike(Vec<Inl>),
    /// `<span lang="fr">…</span>`: a passage in another language.
    Lang(Vec<Inl>),
    /// `<span class="smallcaps">…</span>`: small capitals.
    Caps(Vec<Inl>),
    /// `[…]{index="Term k!sub"}`: words the index lists (`k` picks the
    /// term; odd ones have a sub-entry), a word after it so no heading
    /// ends in the braces (which would be the heading's attributes).
    Index(Vec<Inl>, usize),
    /// `$…$`: formula `k` of [`FORMULAS`].
    Math(usize),
    /// `^word^`, `~word~`.
    Sup,
    Sub,
    Code,
    /// A link with its text and destination.
    Link(Vec<Inl>, Dest),
    /// `<https://…>` / `<a@b.org>`.
    Autolink(bool),
    /// `![words](img.png)`.
    Image,
    /// A reference to note `k` of the chapter (modulo its note count).
    NoteRef(usize),
    /// Raw inline HTML, set as text.
    Html(&'static str),
    /// A hard line break (`\` at the end of a line).
    Break,
    /// A pandoc citation of work `k` of `refs.bib` (3: a key it lacks),
    /// in brackets or in the text.
    Cite(usize, bool),
}

/// Link destinations: valid ones and each kind of invalid one.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Dest {
    Web,
    WebNeedingEncoding,
    Mail,
    NextChapter,
    ChapterAnchor,
    SameChapterAnchor,
    BadHost,
    Script,
    UnknownScheme,
    NotAChapter,
    Empty,
}

impl Dest {
    fn markdown(self, chapter: usize, chapters: usize) -> String {
        let next = (chapter + 1) % chapters + 1;
        match self {
            Dest::Web => "https://example.org/path?q=1#top".into(),
            Dest::WebNeedingEncoding => "<https://example.org/a b|c[d]%zz#x#y>".into(),
            Dest::Mail => "mailto:someone@example.org".into(),
            // Each chapter's title carries the id `tN` (a cross-reference
            // that misses is an error, and the grammar makes valid books).
            Dest::NextChapter => format!("ch{next}.md"),
            Dest::ChapterAnchor => format!("ch{next}.md#t{next}"),
            Dest::SameChapterAnchor => format!("#t{}", chapter + 1),
            Dest::BadHost => "https://../".into(),
            Dest::Script => "javascript:alert(1)".into(),
            Dest::UnknownScheme => "gopher://example.org/".into(),
            Dest::NotAChapter => "img.png".into(),
            Dest::Empty => "<>".into(),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Blk {
    Para(Vec<Inl>),
    Heading(u8, Vec<Inl>),
    Quote(Vec<Blk>),
    /// GitHub's alert: a quote opening `[!NOTE]` (kind `k` of [`ALERTS`]).
    Alert(usize, Vec<Blk>),
    List(bool, Vec<Vec<Blk>>),
    Code(usize),
    Rule,
    Html,
    /// A table: columns × rows of words, with a caption or not.
    Table(usize, usize, bool),
    /// An image alone in its paragraph, with a caption (its title) or not.
    Figure(bool),
    /// Terms, each with one or two definitions.
    DefList(Vec<usize>),
    /// `$$…$$` (formula `k` of [`FORMULAS`]) as a paragraph of its own,
    /// named `{#eq-…}` or not, text around it or not.
    Equation(usize, bool, bool),
    /// A Quarto theorem-like div of kind `k` of [`THEOREMS`], named by an
    /// id (numbered) or by its class, around its blocks: only at a
    /// chapter's top level, where `:::` fences stand.
    Theorem(usize, bool, Vec<Blk>),
}

/// Theorem kinds: Quarto's id prefix and class.
pub(crate) const THEOREMS: [(&str, &str); 4] = [
    ("thm", "theorem"),
    ("def", "definition"),
    ("rem", "remark"),
    ("sol", "proof"),
];

#[derive(Debug, Clone)]
pub(crate) struct Chapter {
    title: Vec<Inl>,
    blocks: Vec<Blk>,
    /// Note bodies; note `k` is `[^nk]`.
    notes: Vec<Vec<Blk>>,
}

/// GitHub's alert kinds, a callout's.
pub(crate) const ALERTS: [&str; 5] = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

pub(crate) const ODD: [&str; 12] = [
    "e\u{301}\u{308}",                     // combining marks
    "\u{5e9}\u{5dc}\u{5d5}\u{5dd}",        // Hebrew
    "\u{645}\u{631}\u{62d}\u{628}\u{627}", // Arabic
    "\u{1f469}\u{200d}\u{1f4bb}",          // ZWJ sequence
    "a\u{200d}b\u{200c}c",                 // joiners inside a word
    "\u{fffd}",                            // replacement character
    "x\u{1}\u{7}\u{1b}y",                  // C0 controls
    "\u{7f}\u{85}\u{9f}",                  // DEL, C1 controls
    "\u{202e}rtl\u{202c}",                 // bidi override
    "\u{feff}\u{ad}",                      // BOM, soft hyphen
    "\u{4e2d}\u{6587}",                    // CJK
    "\u{1d54f}\u{10ffff}",                 // astral letter, last code point
];

/// Formulas: each construct the TeX reader knows, a command it does not
/// (set as its TeX, with a warning) and braces that do not balance
/// (pulldown-cmark reads no math: text, with a warning; only displayed,
/// alone in its paragraph).
pub(crate) const FORMULAS: [&str; 15] = [
    "x^2 + y_i^2 = z'^2",
    "\\frac{a+b}{2} \\leq \\sqrt[3]{\\alpha}",
    "\\sum_{i=1}^{n} i = \\binom{n+1}{2}",
    "\\int_0^\\infty e^{-x^2} \\, dx",
    "\\left( \\frac{1}{2} \\right] \\bigl| x \\bigr|",
    "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}",
    "f(x) = \\begin{cases} 0 & x < 0 \\\\ 1 & \\text{otherwise} \\end{cases}",
    "\\mathbb{R}^n \\to \\mathcal{L} \\mathbf{v} \\mathrm{d}t",
    "\\hat{x} \\cdot \\vec{v} + \\overline{AB} \\not= \\lim_{x \\to 0} \\sin x",
    "\\begin{aligned} a &= b \\\\ &= c \\end{aligned}",
    "\\overbrace{a+b}^{n} \\stackrel{def}{=} \\underset{k}{\\max} \\boxed{x}",
    "\\left\\{ x \\middle| \\sum_{\\substack{i<n \\\\ j}} x_{ij} > 0 \\right\\}",
    "a {\\textstyle \\sum_i} \\displaystyle \\frac{1}{2} \\tag{*}",
    "\\foo x",
    "\\frac{1}{2",
];

pub(crate) const HTML_INLINE: [&str; 4] = [
    "<span class=\"x\">",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- comment -->",
];

pub(crate) fn inline_leaf() -> impl Strategy<Value = Inl> {
    prop_oneof![
        6 => Just(Inl::Word),
        1 => proptest::sample::select(&ODD[..]).prop_map(Inl::Odd),
        1 => Just(Inl::Code),
        1 => prop_oneof![Just(Inl::Sup), Just(Inl::Sub)],
        1 => any::<bool>().prop_map(Inl::Autolink),
        1 => Just(Inl::Image),
        1 => (0usize..4).prop_map(Inl::NoteRef),
        1 => proptest::sample::select(&HTML_INLINE[..]).prop_map(Inl::Html),
        1 => (0usize..4, any::<bool>()).prop_map(|(k, b)| Inl::Cite(k, b)),
        // Not the unbalanced one in the line: its lone `$` pairs with the
        // next formula's, as pandoc's would, and the words between are
        // rightly taken for TeX.
        1 => (0..FORMULAS.len() - 1).prop_map(Inl::Math),
    ]
}

/// The works fuzzed books cite (`k0` … `k2`; `k3` is not there).
pub(crate) const REFS_BIB: &str = "@book{k0, author = {Roe, Ann}, title = {First}, publisher = {P}, year = {2001}}\n\
@article{k1, author = {Roe, Ann}, title = {Second}, journaltitle = {J}, year = {2001}, doi = {10.1/x y}}\n\
@book{k2, author = {Doe, Bo and Poe, Cy}, title = {Third *of* Three}, year = {1999}, url = {https://example.org/a b}}\n";

pub(crate) fn dest() -> impl Strategy<Value = Dest> {
    proptest::sample::select(
        &[
            Dest::Web,
            Dest::WebNeedingEncoding,
            Dest::Mail,
            Dest::NextChapter,
            Dest::ChapterAnchor,
            Dest::SameChapterAnchor,
            Dest::BadHost,
            Dest::Script,
            Dest::UnknownScheme,
            Dest::NotAChapter,
            Dest::Empty,
        ][..],
    )
}

/// Inlines; `links` says whether links may appear (never inside a link).
pub(crate) fn inlines(links: bool) -> BoxedStrategy<Vec<Inl>> {
    let leaf = inline_leaf().boxed();
    let tree = leaf.prop_recursive(3, 12, 4, move |inner| {
        let inner_vec = proptest::collection::vec(inner, 1..4);
        let mut choices = vec![
            (2, inner_vec.clone().prop_map(Inl::Emph).boxed()),
            (2, inner_vec.clone().prop_map(Inl::Strong).boxed()),
            (1, inner_vec.clone().prop_map(Inl::Strike).boxed()),
            (1, inner_vec.clone().prop_map(Inl::Lang).boxed()),
            (1, inner_vec.clone().prop_map(Inl::Caps).boxed()),
            (
                1,
                (inner_vec.clone(), 0usize..4)
                    .prop_map(|(c, k)| Inl::Index(c, k))
                    .boxed(),
            ),
        ];
        if links {
            let text = proptest::collection::vec(inline_leaf(), 1..4);
            choices.push((2, (text, dest()).prop_map(|(t, d)| Inl::Link(t, d)).boxed()));
        }
        proptest::strategy::Union::new_weighted(choices)
    });
    proptest::collection::vec(tree, 1..8).boxed()
}

/// A paragraph's inlines may also hold hard breaks.
pub(crate) fn para_inlines() -> BoxedStrategy<Vec<Inl>> {
    (inlines(true), proptest::option::of(0usize..8))
        .prop_map(|(mut v, br)| {
            if let Some(at) = br {
                let at = at.min(v.len());
                // A word opens the line after the break: a line starting
                // with `<script>` or `<!--` would begin an HTML block
                // (CommonMark types 1 and 2 interrupt a paragraph), which
                // the book rightly drops — the grammar's fault, not the
                // pipeline's.
                v.insert(at, Inl::Break);
                v.insert(at + 1, Inl::Word);
                v.push(Inl::Word);
            }
            v
        })
        .boxed()
}

pub(crate) fn blocks(depth: u32) -> BoxedStrategy<Vec<Blk>> {
    let leaf = prop_oneof![
        6 => para_inlines().prop_map(Blk::Para),
        2 => (2u8..7, inlines(true)).prop_map(|(l, c)| Blk::Heading(l, c)),
        1 => (1usize..4).prop_map(Blk::Code),
        1 => Just(Blk::Rule),
        1 => Just(Blk::Html),
        1 => (1usize..4, 1usize..4, any::<bool>()).prop_map(|(c, r, t)| Blk::Table(c, r, t)),
        1 => any::<bool>().prop_map(Blk::Figure),
        1 => proptest::collection::vec(1usize..3, 1..3).prop_map(Blk::DefList),
        1 => (0..FORMULAS.len(), any::<bool>(), any::<bool>())
            .prop_map(|(k, id, text)| Blk::Equation(k, id, text)),
    ];
    let block = leaf.prop_recursive(depth, 16, 3, |inner| {
        let items = proptest::collection::vec(proptest::collection::vec(inner.clone(), 1..3), 1..4);
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..3).prop_map(Blk::Quote),
            (
                0..ALERTS.len(),
                proptest::collection::vec(inner.clone(), 1..3)
            )
                .prop_map(|(k, b)| Blk::Alert(k, b)),
            (any::<bool>(), items).prop_map(|(o, i)| Blk::List(o, i)),
        ]
    });
    proptest::collection::vec(block, 1..6).boxed()
}

pub(crate) fn chapter() -> impl Strategy<Value = Chapter> {
    // Any blocks: a `:::` fence closes where the author's blocks end,
    // and one indented as code inside them is the code's.
    let body = blocks(2);
    let theorem = proptest::option::of((0..THEOREMS.len(), any::<bool>(), body));
    (
        inlines(false),
        blocks(3),
        proptest::collection::vec(blocks(2), 0..4),
        theorem,
    )
        .prop_map(|(title, mut blocks, notes, theorem)| {
            if let Some((k, named, inner)) = theorem {
                let at = k % (blocks.len() + 1);
                blocks.insert(at, Blk::Theorem(k, named, inner));
            }
            Chapter {
                title,
                blocks,
                notes,
            }
        })
}

pub(crate) fn book() -> impl Strategy<Value = Vec<Chapter>> {
    proptest::collection::vec(chapter(), 1..4)
}

// ---------------------------------------------------------------- writing Markdown

/// Writes the grammar as Markdown, collecting the words a reader must find.
pub(crate) struct Writer {
    next_word: usize,
    chapter: usize,
    chapters: usize,
    note_count: usize,
    /// Words by where they are: the body (title, blocks) or note `k`.
    body_words: Vec<String>,
    note_words: BTreeMap<usize, Vec<String>>,
    /// Notes referenced from the body, and from each note.
    body_refs: BTreeSet<usize>,
    note_refs: BTreeMap<usize, BTreeSet<usize>>,
    /// Which note's text is being written (`None`: the body).
    in_note: Option<usize>,
}

impl Writer {
    /// A fresh word: `w` plus the counter in letters (`wa`, `wb`, … `wba`).
    fn word(&mut self, seen: bool) -> String {
        let mut n = self.next_word;
        self.next_word += 1;
        let mut w = String::new();
        loop {
            w.insert(0, (b'a' + (n % 26) as u8) as char);
            n /= 26;
            if n == 0 {
                break;
            }
        }
        let w = format!("w{w}");
        if seen {
            match self.in_note {
                None => self.body_words.push(w.clone()),
                Some(k) => self.note_words.entry(k).or_default().push(w.clone()),
            }
        }
        w
    }

    fn note_ref(&mut self, k: usize) -> Option<String> {
        if self.note_count == 0 {
            return None;
        }
        let k = k % self.note_count;
        match self.in_note {
            None => self.body_refs.insert(k),
            Some(from) => self.note_refs.entry(from).or_default().insert(k),
        };
        Some(format!("[^n{k}]"))
    }

    fn inlines(&mut self, inls: &[Inl], out: &mut String) {
        for (i, inl) in inls.iter().enumerate() {
            if i > 0 && !matches!(inl, Inl::NoteRef(_) | Inl::Break) {
                out.push(' ');
            }
            self.inline(inl, out);
        }
    }

    fn inline(&mut self, inl: &Inl, out: &mut String) {
        match inl {
            // Spaces around: `[@k0]` must not run into a link's `(…)`.
            Inl::Cite(k, true) => out.push_str(&format!(" [see @k{k}, p. 3] ")),
            Inl::Cite(k, false) => out.push_str(&format!(" @k{k} ")),
            Inl::Word => {
                let w = self.word(true);
                out.push_str(&w);
            }
            Inl::Odd(s) => out.push_str(s),
            Inl::Emph(c) => {
                out.push('*');
                self.inlines(c, out);
                out.push('*');
            }
            Inl::Strong(c) => {
                out.push_str("**");
                self.inlines(c, out);
                out.push_str("**");
            }
            // Struck-out text starts with a word, and super- and subscripts
            // sit inside one (`H~2~O`), so no line can start with `~~~`,
            // which would open a code fence.
            Inl::Strike(c) => {
                let w = self.word(true);
                out.push_str(&format!("~~{w} "));
                self.inlines(c, out);
                out.push_str("~~");
            }
            Inl::Lang(c) => {
                out.push_str("<span lang=\"fr\">");
                self.inlines(c, out);
                out.push_str("</span>");
            }
            Inl::Caps(c) => {
                out.push_str("<span class=\"smallcaps\">");
                self.inlines(c, out);
                out.push_str("</span>");
            }
            Inl::Index(c, k) => {
                out.push('[');
                self.inlines(c, out);
                let sub = if k % 2 == 1 { "!sub-entry" } else { "" };
                let w = self.word(true);
                out.push_str(&format!("]{{index=\"Term {k}{sub}\"}} {w}"));
            }
            Inl::Math(k) => out.push_str(&format!("${}$", FORMULAS[*k])),
            Inl::Sup | Inl::Sub => {
                let base = self.word(true);
                let w = self.word(true);
                let mark = if matches!(inl, Inl::Sup) { '^' } else { '~' };
                out.push_str(&format!("{base}{mark}{w}{mark}"));
            }
            Inl::Code => {
                let w = self.word(true);
                out.push_str(&format!("`{w} <b>&amp;`"));
            }
            Inl::Link(text, dest) => {
                out.push('[');
                self.inlines(text, out);
                out.push_str("](");
                out.push_str(&dest.markdown(self.chapter, self.chapters));
                out.push(')');
            }
            Inl::Autolink(web) => out.push_str(if *web {
                "<https://example.com/auto>"
            } else {
                "<someone@example.com>"
            }),
            Inl::Image => {
                let w = self.word(false);
                out.push_str(&format!("![{w}](img.png)"));
            }
            Inl::NoteRef(k) => {
                if let Some(r) = self.note_ref(*k) {
                    out.push_str(&r);
                }
            }
            Inl::Html(h) => out.push_str(h),
            Inl::Break => out.push_str("\\\n"),
        }
    }

    /// Writes blocks, each line prefixed by `indent` (for quotes and list
    /// items), blank lines between blocks.
    fn blocks(&mut self, blks: &[Blk], indent: &str, out: &mut String) {
        for (i, b) in blks.iter().enumerate() {
            if i > 0 {
                out.push_str(indent.trim_end());
                out.push('\n');
            }
            let mut text = String::new();
            self.block(b, &mut text);
            for line in text.lines() {
                if line.is_empty() {
                    out.push_str(indent.trim_end());
                } else {
                    out.push_str(indent);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
    }

    fn block(&mut self, b: &Blk, out: &mut String) {
        match b {
            Blk::Para(c) => {
                // A paragraph starts with a word, so no line of it can be
                // read as a block marker.
                let w = self.word(true);
                out.push_str(&w);
                out.push(' ');
                self.inlines(c, out);
                out.push('\n');
            }
            Blk::Heading(level, c) => {
                out.push_str(&"#".repeat(*level as usize));
                out.push(' ');
                let w = self.word(true);
                out.push_str(&w);
                out.push(' ');
                self.inlines(c, out);
                out.push('\n');
            }
            Blk::Quote(inner) => self.blocks(inner, "> ", out),
            Blk::Theorem(k, named, inner) => {
                let (prefix, class) = THEOREMS[*k];
                if *named {
                    let w = self.word(false);
                    out.push_str(&format!("\n::: {{#{prefix}-{w}}}\n"));
                } else {
                    out.push_str(&format!("\n::: {{.{class}}}\n"));
                }
                self.blocks(inner, "", out);
                out.push_str("\n:::\n\n");
            }
            Blk::Alert(k, inner) => {
                out.push_str(&format!("> [!{}]\n", ALERTS[*k]));
                self.blocks(inner, "> ", out);
            }
            Blk::List(ordered, items) => {
                for (n, item) in items.iter().enumerate() {
                    let marker = if *ordered {
                        format!("{}. ", n + 1)
                    } else {
                        "- ".to_string()
                    };
                    let mut text = String::new();
                    self.blocks(item, "", &mut text);
                    let pad = " ".repeat(marker.len());
                    for (j, line) in text.lines().enumerate() {
                        if j == 0 {
                            out.push_str(&marker);
                        } else if !line.is_empty() {
                            out.push_str(&pad);
                        }
                        out.push_str(line);
                        out.push('\n');
                    }
                    // Loose items: a blank line between them.
                    out.push('\n');
                }
            }
            Blk::Code(lines) => {
                // Now and then a listing (Quarto's attributes: an id and a
                // caption with emphasis) or numbered lines (pandoc's).
                match lines % 3 {
                    1 => {
                        let id = self.word(false);
                        let w = self.word(true);
                        let v = self.word(true);
                        out.push_str(&format!("```{{.rust #lst-{id} lst-cap=\"{w} *{v}*\"}}\n"));
                    }
                    2 => out.push_str(&format!("```rust {{.numberLines startFrom=\"{lines}\"}}\n")),
                    _ => out.push_str("```rust\n"),
                }
                for _ in 0..*lines {
                    let w = self.word(true);
                    out.push_str(&format!("fn {w}() {{ <x> & \"y\" }}\n"));
                }
                out.push_str("```\n");
            }
            // `***`, not `---`: a list item opening with `- ---` would make
            // the whole line `- - ---` one thematic break, not nested lists.
            Blk::Rule => out.push_str("***\n"),
            Blk::Html => {
                let w = self.word(true);
                out.push_str(&format!("<div onclick=\"alert(1)\">\n{w}\n</div>\n"));
            }
            Blk::Figure(caption) => {
                let alt = self.word(false);
                out.push_str(&format!("![{alt}](img.png"));
                if *caption {
                    let w = self.word(true);
                    let v = self.word(true);
                    out.push_str(&format!(" \"{w} *{v}*\""));
                }
                out.push_str(")\n");
            }
            Blk::Equation(k, named, text) => {
                // Text before it and after it in one paragraph, or the
                // formula alone.
                if *text {
                    let w = self.word(true);
                    out.push_str(&format!("{w}\n"));
                }
                out.push_str(&format!("$${}$$", FORMULAS[*k]));
                if *named {
                    let w = self.word(false);
                    out.push_str(&format!(" {{#eq-{w}}}"));
                }
                if *text {
                    let w = self.word(true);
                    out.push_str(&format!("\n{w}"));
                }
                out.push('\n');
            }
            Blk::DefList(terms) => {
                for defs in terms {
                    let term = self.word(true);
                    out.push_str(&format!("{term}\n"));
                    for _ in 0..*defs {
                        let w = self.word(true);
                        let v = self.word(true);
                        out.push_str(&format!(": {w} *{v}*\n"));
                    }
                    out.push('\n');
                }
            }
            Blk::Table(cols, rows, caption) => {
                for r in 0..rows + 1 {
                    out.push('|');
                    for _ in 0..*cols {
                        let w = self.word(true);
                        out.push_str(&format!(" {w} |"));
                    }
                    out.push('\n');
                    if r == 0 {
                        out.push('|');
                        out.push_str(&" --- |".repeat(*cols));
                        out.push('\n');
                    }
                }
                if *caption {
                    let w = self.word(true);
                    out.push_str(&format!("\nTable: {w}\n"));
                }
            }
        }
    }
}

/// A generated book as files, with the words its PDF must hold.
pub(crate) struct Written {
    pub(crate) files: Vec<(String, String)>,
    pub(crate) words: Vec<String>,
    /// Notes reached from the text, per chapter.
    pub(crate) notes: usize,
}

pub(crate) fn write_markdown(chapters: &[Chapter]) -> Written {
    let mut files = Vec::new();
    let mut words = Vec::new();
    let mut notes = 0;
    let mut next_word = 0;
    for (i, ch) in chapters.iter().enumerate() {
        let mut w = Writer {
            next_word,
            chapter: i,
            chapters: chapters.len(),
            note_count: ch.notes.len(),
            body_words: Vec::new(),
            note_words: BTreeMap::new(),
            body_refs: BTreeSet::new(),
            note_refs: BTreeMap::new(),
            in_note: None,
        };
        let mut text = String::from("# ");
        let first = w.word(true);
        text.push_str(&first);
        text.push(' ');
        w.inlines(&ch.title, &mut text);
        text.push_str(&format!(" {{#t{}}}\n\n", i + 1));
        w.blocks(&ch.blocks, "", &mut text);
        for (k, body) in ch.notes.iter().enumerate() {
            w.in_note = Some(k);
            let mut note = String::new();
            w.blocks(body, "", &mut note);
            text.push_str(&format!("\n[^n{k}]: "));
            for (j, line) in note.lines().enumerate() {
                if j > 0 && !line.is_empty() {
                    text.push_str("    ");
                }
                text.push_str(line);
                text.push('\n');
            }
        }
        // The notes the reader reaches: referenced from the text, or from a
        // note that is reached.
        let mut reached: BTreeSet<usize> = BTreeSet::new();
        let mut todo: Vec<usize> = w.body_refs.iter().copied().collect();
        while let Some(k) = todo.pop() {
            if reached.insert(k) {
                todo.extend(w.note_refs.get(&k).into_iter().flatten().copied());
            }
        }
        words.extend(w.body_words.iter().cloned());
        for k in &reached {
            words.extend(w.note_words.get(k).into_iter().flatten().cloned());
        }
        notes += reached.len();
        next_word = w.next_word;
        files.push((format!("ch{}.md", i + 1), text));
    }
    Written {
        files,
        words,
        notes,
    }
}
