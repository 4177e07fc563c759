//! A formula as plain data: TeX math (`$…$`, `$$…$$`) read once into a tree that both editions set — MathML in the EPUB, boxes from the math font's MATH table in the PDF.

use serde::Serialize;

/// One formula, as written and as read.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Formula {
    /// The TeX between the dollars, as written (trimmed): the EPUB's
    /// `alttext` and what a reader without MathML is given.
    pub tex: String,
    /// `$$…$$`: set on its own line, centred, in display style (large
    /// operators larger, their limits above and below).
    pub display: bool,
    /// What the TeX says, in reading order.
    pub nodes: Vec<MathNode>,
    /// `\tag{…}`, `\tag*{…}`, `\notag`: what a displayed formula is
    /// labelled instead of its number (none read: numbered as usual).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<EquationTag>,
}

/// A displayed formula's own label, from its TeX.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EquationTag {
    /// `\tag{*}` prints "(*)"; `\tag*{A}` prints "A" (`parenthesised`
    /// false).
    Label { text: String, parenthesised: bool },
    /// `\notag`, `\nonumber`: no number, even with an id.
    Unnumbered,
}

impl EquationTag {
    /// The label it prints: "(*)", or the starred tag as written.
    pub fn label(&self) -> Option<String> {
        match self {
            EquationTag::Label {
                text,
                parenthesised: true,
            } => Some(format!("({text})")),
            EquationTag::Label { text, .. } => Some(text.clone()),
            EquationTag::Unnumbered => None,
        }
    }
}

/// One element of a formula. Leaves hold the characters as Unicode
/// (`\alpha` is "α", `\leq` "≤"); a letter's [`MathStyle`] says how it is
/// drawn, so each edition maps it to the Unicode mathematical alphabets
/// (see [`styled_char`]) or to MathML's own italic.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MathNode {
    /// A variable or a letter-like symbol: one character ("x", "α", "∞",
    /// "ℏ"), or a run of them in a style (`\mathrm{dx}` is one upright
    /// "dx").
    Ident { text: String, style: MathStyle },
    /// A number: digits with at most one decimal point between them
    /// ("3.14").
    Number { text: String },
    /// An operator, relation, punctuation or fence, with its class for
    /// spacing. `large` operators (∑ ∫ ⋃) are set larger in display
    /// style; `limits` puts their scripts above and below there
    /// (∑, lim) rather than beside (∫); `\limits` and `\nolimits` override.
    /// `size` is a fixed delimiter size from `\big` (1) … `\Bigg` (4),
    /// 0 for the natural size.
    Operator {
        text: String,
        class: OpClass,
        #[serde(skip_serializing_if = "is_false")]
        large: bool,
        #[serde(skip_serializing_if = "is_false")]
        limits: bool,
        #[serde(skip_serializing_if = "is_zero")]
        size: u8,
    },
    /// A function name set upright: "sin", "log", "lim", or
    /// `\operatorname{…}`'s words. `limits` as for an [`MathNode::Operator`]
    /// (lim, max, min, sup, inf take theirs below in display style).
    Function { name: String, limits: bool },
    /// `\text{…}`: words in the text face, spaces kept.
    Text { text: String },
    /// A `{…}` group: one unit for scripts and spacing.
    Row { nodes: Vec<MathNode> },
    /// A base with a subscript, a superscript or both (`x_i^2`).
    Scripts {
        base: Box<MathNode>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sub: Option<Box<MathNode>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        sup: Option<Box<MathNode>>,
    },
    /// `\frac{a}{b}` (with a bar), `\binom{n}{k}` (none; its parentheses
    /// are a [`MathNode::Fenced`] around it). `style` forces display
    /// (`\dfrac`) or text (`\tfrac`) size.
    Fraction {
        num: Box<MathNode>,
        den: Box<MathNode>,
        bar: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        style: Option<FracStyle>,
    },
    /// `\sqrt{x}`, `\sqrt[3]{x}`.
    Root {
        #[serde(skip_serializing_if = "Option::is_none")]
        degree: Option<Box<MathNode>>,
        radicand: Box<MathNode>,
    },
    /// `\left( … \right)`: delimiters grown to what they enclose; "" for
    /// `\left.` (none). Also the parentheses of `\binom` and the
    /// brackets of `pmatrix`, `bmatrix`… and the brace of `cases`.
    Fenced {
        open: String,
        close: String,
        nodes: Vec<MathNode>,
    },
    /// An accent over (or `under`) its base: `\hat x` "^"-like "\u{302}"
    /// as the spacing character "ˆ"; `stretchy` accents (`\widehat`,
    /// `\overline`, `\overrightarrow`, `\overbrace`) grow to the base's
    /// width.
    Accent {
        accent: String,
        base: Box<MathNode>,
        #[serde(skip_serializing_if = "is_false")]
        stretchy: bool,
        #[serde(skip_serializing_if = "is_false")]
        under: bool,
    },
    /// `matrix`, `cases`, `aligned`… : rows of cells, each cell its
    /// nodes. `columns` says how each column aligns (the last repeats);
    /// `spacing` how far apart columns stand.
    Table {
        rows: Vec<Vec<Vec<MathNode>>>,
        columns: Vec<MathColumnAlign>,
        spacing: TableSpacing,
    },
    /// `\overset{a}{b}`, `\underset{a}{b}`, `\stackrel{a}{=}`, and the
    /// label of `\overbrace{…}^{n}` or `\underbrace{…}_{k}`: nodes set
    /// above and below a base, as limits, in every style. Its class is
    /// its base's, or a relation's (`relation`, `\stackrel`).
    Stack {
        base: Box<MathNode>,
        #[serde(skip_serializing_if = "Option::is_none")]
        over: Option<Box<MathNode>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        under: Option<Box<MathNode>>,
        #[serde(skip_serializing_if = "is_false")]
        relation: bool,
    },
    /// `\boxed{…}`: its body in a frame.
    Boxed { body: Box<MathNode> },
    /// `\middle|`: a delimiter among a [`MathNode::Fenced`]'s nodes,
    /// grown with its fences.
    Middle { text: String },
    /// `\displaystyle`, `\textstyle`, `\scriptstyle`,
    /// `\scriptscriptstyle`: the rest of their group, `nodes`, set in
    /// `level`.
    Styled {
        level: MathLevel,
        nodes: Vec<MathNode>,
    },
    /// Explicit space in mu (18 mu = 1 em): `\,` 3, `\:` 4, `\;` 5,
    /// `\!` −3, `\quad` 18, `\qquad` 36, `~` and `\ ` 6 (a text space).
    Space { mu: i16 },
}

/// How a letter is drawn.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum MathStyle {
    /// Latin and lower-case Greek variables (TeX's default).
    Italic,
    /// `\mathrm`, upper-case Greek, digits, symbols.
    Upright,
    /// `\mathbf`.
    Bold,
    /// `\boldsymbol`, `\bm`.
    BoldItalic,
    /// `\mathbb`: ℝ, ℕ.
    DoubleStruck,
    /// `\mathcal`, `\mathscr`.
    Script,
    /// `\mathfrak`.
    Fraktur,
    /// `\mathsf`.
    SansSerif,
    /// `\mathtt`.
    Monospace,
}

/// An operator's class, which sets the space around it (TeX's atom
/// types): a binary operator gets a medium space each side, a relation a
/// thick one, punctuation a thin one after.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum OpClass {
    Ordinary,
    Binary,
    Relation,
    Open,
    Close,
    Punctuation,
    /// ∑, ∫, ⋃ and the like.
    Large,
}

/// A style TeX sets math in: display, text, script (a script's size),
/// scriptscript (a script's script's).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum MathLevel {
    Display,
    Text,
    Script,
    ScriptScript,
}

/// `\dfrac` or `\tfrac`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum FracStyle {
    Display,
    Text,
}

/// How a column of a math table aligns its cells.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum MathColumnAlign {
    Left,
    Center,
    Right,
}

/// The room between a math table's columns: a matrix's quad, or an
/// `aligned` block's none between a right-aligned and a left-aligned
/// column (the relation carries its own space) and two quads between
/// pairs of them.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum TableSpacing {
    Matrix,
    Aligned,
    /// `\substack{a\\b}`: centred lines of a limit, set close, in the
    /// style around.
    Substack,
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn is_zero(value: &u8) -> bool {
    *value == 0
}

/// `letter` drawn in `style`, as Unicode's Mathematical Alphanumeric
/// Symbols have it (U+1D400…, with the older letter-like symbols where
/// Unicode placed them first: ℎ, ℝ, ℭ, ℬ…). Characters a style has no
/// form of (punctuation, or Greek in double-struck) are returned as they
/// are. [`MathStyle::Upright`] returns the letter itself.
pub fn styled_char(letter: char, style: MathStyle) -> char {
    let (latin, greek, digits): (Option<u32>, Option<u32>, Option<u32>) = match style {
        MathStyle::Upright => return letter,
        MathStyle::Bold => (Some(0x1D400), Some(0x1D6A8), Some(0x1D7CE)),
        MathStyle::Italic => (Some(0x1D434), Some(0x1D6E2), None),
        MathStyle::BoldItalic => (Some(0x1D468), Some(0x1D71C), None),
        MathStyle::Script => (Some(0x1D49C), None, None),
        MathStyle::Fraktur => (Some(0x1D504), None, None),
        MathStyle::DoubleStruck => (Some(0x1D538), None, Some(0x1D7D8)),
        MathStyle::SansSerif => (Some(0x1D5A0), None, Some(0x1D7E2)),
        MathStyle::Monospace => (Some(0x1D670), None, Some(0x1D7F6)),
    };
    if let Some(hole) = letterlike_hole(letter, style) {
        return hole;
    }
    let offset = |base: u32, from: char| char::from_u32(base + (letter as u32 - from as u32));
    let mapped = match letter {
        'A'..='Z' => latin.and_then(|base| offset(base, 'A')),
        'a'..='z' => latin.and_then(|base| offset(base + 26, 'a')),
        '0'..='9' => digits.and_then(|base| offset(base, '0')),
        'Α'..='Ω' if letter != '\u{3A2}' => greek.and_then(|base| offset(base, 'Α')),
        'α'..='ω' => greek.and_then(|base| offset(base + 26, 'α')),
        _ => None,
    };
    mapped.unwrap_or(letter)
}

/// The letters Unicode encoded before the mathematical alphabets, whose
/// places there are left empty (reserved): italic h is ℎ (U+210E), not
/// U+1D455; double-struck R is ℝ.
fn letterlike_hole(letter: char, style: MathStyle) -> Option<char> {
    let table: &[(char, char)] = match style {
        MathStyle::Italic => &[('h', 'ℎ')],
        MathStyle::Script => &[
            ('B', 'ℬ'),
            ('E', 'ℰ'),
            ('F', 'ℱ'),
            ('H', 'ℋ'),
            ('I', 'ℐ'),
            ('L', 'ℒ'),
            ('M', 'ℳ'),
            ('R', 'ℛ'),
            ('e', 'ℯ'),
            ('g', 'ℊ'),
            ('o', 'ℴ'),
        ],
        MathStyle::Fraktur => &[('C', 'ℭ'), ('H', 'ℌ'), ('I', 'ℑ'), ('R', 'ℜ'), ('Z', 'ℨ')],
        MathStyle::DoubleStruck => &[
            ('C', 'ℂ'),
            ('H', 'ℍ'),
            ('N', 'ℕ'),
            ('P', 'ℙ'),
            ('Q', 'ℚ'),
            ('R', 'ℝ'),
            ('Z', 'ℤ'),
        ],
        _ => &[],
    };
    table
        .iter()
        .find(|&&(from, _)| from == letter)
        .map(|&(_, to)| to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_map_to_the_mathematical_alphabets() {
        assert_eq!(styled_char('x', MathStyle::Italic), '𝑥');
        assert_eq!(styled_char('A', MathStyle::Italic), '𝐴');
        assert_eq!(styled_char('h', MathStyle::Italic), 'ℎ');
        assert_eq!(styled_char('α', MathStyle::Italic), '𝛼');
        assert_eq!(styled_char('ω', MathStyle::Italic), '𝜔');
        assert_eq!(styled_char('Ω', MathStyle::Bold), '𝛀');
        assert_eq!(styled_char('R', MathStyle::DoubleStruck), 'ℝ');
        assert_eq!(styled_char('A', MathStyle::DoubleStruck), '𝔸');
        assert_eq!(styled_char('1', MathStyle::DoubleStruck), '𝟙');
        assert_eq!(styled_char('L', MathStyle::Script), 'ℒ');
        assert_eq!(styled_char('A', MathStyle::Script), '𝒜');
        assert_eq!(styled_char('g', MathStyle::Fraktur), '𝔤');
        assert_eq!(styled_char('x', MathStyle::Bold), '𝐱');
        assert_eq!(styled_char('x', MathStyle::BoldItalic), '𝒙');
        assert_eq!(styled_char('x', MathStyle::SansSerif), '𝗑');
        assert_eq!(styled_char('x', MathStyle::Monospace), '𝚡');
        assert_eq!(styled_char('7', MathStyle::Bold), '𝟕');
        // No form in the style: unchanged.
        assert_eq!(styled_char('α', MathStyle::DoubleStruck), 'α');
        assert_eq!(styled_char('+', MathStyle::Bold), '+');
        assert_eq!(styled_char('x', MathStyle::Upright), 'x');
    }
}
