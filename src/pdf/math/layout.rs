//! Formula nodes → frames, as TeX's Appendix G and the OpenType MATH table set them: styles (display, text, script, scriptscript; cramped), scripts and limits, fractions, radicals, delimiters grown to their content, accents, explicit spaces, and the room between atoms (tables: [`super::table`]).

use super::font::{Constant as K, MathFont};
use super::frame::{Font, Frame, Item};
use super::spacing::{space_mu, Class};
use super::stretch::{single, stretched};
use crate::model::{styled_char, FracStyle, MathLevel, MathNode, MathStyle, OpClass};
use crate::pdf::fontset::{FaceKind, FontSet};
use crate::pdf::units::Pt;

/// TeX's four styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Display,
    Text,
    Script,
    ScriptScript,
}

/// A style: its level and whether it is cramped (superscripts lower,
/// as under a fraction bar or a radical).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub level: Level,
    pub cramped: bool,
}

impl Style {
    pub fn display() -> Style {
        Style {
            level: Level::Display,
            cramped: false,
        }
    }

    pub fn text() -> Style {
        Style {
            level: Level::Text,
            cramped: false,
        }
    }

    fn script_level(self) -> Level {
        match self.level {
            Level::Display | Level::Text => Level::Script,
            _ => Level::ScriptScript,
        }
    }

    /// A superscript's style.
    pub(super) fn sup(self) -> Style {
        Style {
            level: self.script_level(),
            cramped: self.cramped,
        }
    }

    /// A subscript's (and a denominator's: cramped).
    pub(super) fn sub(self) -> Style {
        Style {
            level: self.script_level(),
            cramped: true,
        }
    }

    /// A fraction's numerator.
    fn num(self) -> Style {
        Style {
            level: match self.level {
                Level::Display => Level::Text,
                _ => self.script_level(),
            },
            cramped: self.cramped,
        }
    }

    fn denom(self) -> Style {
        Style {
            cramped: true,
            ..self.num()
        }
    }

    fn cramp(self) -> Style {
        Style {
            cramped: true,
            ..self
        }
    }

    fn is_script(self) -> bool {
        self.level >= Level::Script
    }
}

/// Lays formulas out at one text size.
pub struct Layout<'f, 'a> {
    pub font: MathFont,
    pub fonts: &'f FontSet<'a>,
    /// The text's size: display and text style.
    pub size: Pt,
}

/// TeX's `\nulldelimiterspace` (1.2 pt at 10 pt), in ems: the room an
/// absent delimiter (`\left.`) and a fraction's sides take.
const NULL_DELIMITER: f32 = 0.12;

/// `\delimiterfactor` and `\delimitershortfall` (5 pt at 10 pt): a grown
/// delimiter covers at least 90.1 % of what it encloses, and falls short
/// of it by at most half an em.
const DELIMITER_FACTOR: f32 = 0.901;
const DELIMITER_SHORTFALL: f32 = 0.5;

/// `\big` … `\Bigg`: TeX's fixed delimiter sizes (8.5, 11.5, 14.5 and
/// 17.5 pt at 10 pt), in ems.
const BIG_SIZES: [f32; 4] = [0.85, 1.15, 1.45, 1.75];

impl Layout<'_, '_> {
    /// The size of a style's glyphs.
    pub fn size_of(&self, style: Style) -> Pt {
        let (script, scriptscript) = self.font.script_scales();
        match style.level {
            Level::Display | Level::Text => self.size,
            Level::Script => self.size * script,
            Level::ScriptScript => self.size * scriptscript,
        }
    }

    pub(super) fn k(&self, which: K, style: Style) -> Pt {
        self.font.constant(which, self.size_of(style))
    }

    /// A whole formula, in display or text style.
    pub fn formula(&self, nodes: &[MathNode], display: bool) -> Frame {
        let style = if display {
            Style::display()
        } else {
            Style::text()
        };
        let mut frame = self.list(nodes, style);
        frame.class = Class::Ord;
        frame
    }

    /// A list of atoms on one baseline, with the spaces between them.
    pub fn list(&self, nodes: &[MathNode], style: Style) -> Frame {
        self.list_parts(nodes, style).0
    }

    /// Top-level nodes `range` of a formula set in text style, cut out
    /// of the whole as it is set (the spaces inside it kept, those
    /// before and after left to the line): the piece of an inline
    /// formula between two of its breaks.
    pub fn formula_part(&self, nodes: &[MathNode], range: std::ops::Range<usize>) -> Frame {
        let (whole, parts) = self.list_parts(nodes, Style::text());
        let (Some(first), Some(last)) = (parts.get(range.start), parts.get(range.end.max(1) - 1))
        else {
            return whole;
        };
        let x0 = first.x;
        let mut frame = Frame::new(Class::Ord);
        for part in &parts[range.clone()] {
            frame.height = frame.height.max(part.height);
            frame.depth = frame.depth.max(part.depth);
        }
        let shifted = Frame {
            items: whole.items[first.items.start..last.items.end].to_vec(),
            ..Frame::new(Class::Ord)
        };
        frame.place(shifted, -x0, 0.0);
        frame.width = last.x + last.width - x0;
        frame
    }

    /// [`Layout::list`], with where each node went.
    fn list_parts(&self, nodes: &[MathNode], style: Style) -> (Frame, Vec<Part>) {
        let atoms = nodes.iter().map(|n| self.atoms(n, style)).collect();
        self.row(atoms)
    }

    /// A node's atoms: itself, or the atoms of a style switch's nodes,
    /// each in the style it sets, so that the room between them and
    /// their neighbours is as in one list.
    pub(super) fn atoms(&self, node: &MathNode, style: Style) -> Vec<Atom> {
        match node {
            MathNode::Styled { level, nodes } => {
                let inner = Style {
                    level: level_of(*level),
                    ..style
                };
                nodes.iter().flat_map(|n| self.atoms(n, inner)).collect()
            }
            _ => vec![Atom {
                frame: self.node(node, style),
                space: matches!(node, MathNode::Space { .. }),
                style,
            }],
        }
    }

    /// Atoms side by side on one baseline, each top-level node's one
    /// [`Part`], with the room between them their classes give.
    pub(super) fn row(&self, atoms: Vec<Vec<Atom>>) -> (Frame, Vec<Part>) {
        // A binary operator with nothing to join was made ordinary when
        // the TeX was read (`crate::math`): the classes are the atoms'.
        // A group of one keeps what scripts and accents read of it.
        let only = match atoms.as_slice() {
            [one] => match one.as_slice() {
                [a] => Some((
                    a.frame.glyph,
                    a.frame.accent_at,
                    a.frame.limits,
                    a.frame.class,
                )),
                _ => None,
            },
            _ => None,
        };
        let mut row = Frame::new(Class::Ord);
        let mut parts = Vec::with_capacity(atoms.len());
        let mut x = 0.0;
        let mut prev: Option<Class> = None;
        let mut last_italic = 0.0;
        for node in atoms {
            let start = row.items.len();
            let mut x0 = None;
            let (mut height, mut depth) = (0.0f32, 0.0f32);
            for Atom {
                frame: f,
                space,
                style: at,
            } in node
            {
                if !space {
                    if let Some(p) = prev {
                        x += space_mu(p, f.class, at.is_script()) * self.size_of(at) / 18.0;
                    }
                    prev = Some(f.class);
                }
                // The room before a node is the line's, not the node's.
                x0.get_or_insert(x);
                // A slanted letter's italic correction is left to its
                // scripts (and to the row's end): between letters and
                // before a parenthesis, OpenType math fonts space by the
                // advance alone (TeX's added correction opened "n (n").
                last_italic = f.italic;
                height = height.max(f.height);
                depth = depth.max(f.depth);
                let width = f.width;
                row.place(f, x, 0.0);
                x += width;
            }
            let x0 = x0.unwrap_or(x);
            parts.push(Part {
                x: x0,
                width: x - x0,
                height,
                depth,
                items: start..row.items.len(),
            });
        }
        row.italic = last_italic;
        row.width = x;
        if let Some((glyph, accent_at, limits, class)) = only {
            row.glyph = glyph;
            row.accent_at = accent_at;
            row.limits = limits;
            row.class = class;
        }
        (row, parts)
    }

    pub(super) fn node(&self, node: &MathNode, style: Style) -> Frame {
        let size = self.size_of(style);
        match node {
            MathNode::Ident {
                text,
                style: letter,
            } => self.ident(text, *letter, size),
            MathNode::Number { text } => self.glyphs(text, size, Class::Ord),
            MathNode::Operator {
                text,
                class,
                large,
                limits,
                size: big,
            } => self.operator(text, *class, *large, *limits, *big, style),
            MathNode::Function { name, limits } => {
                let mut f = self.glyphs(name, size, Class::Op);
                f.glyph = false;
                f.limits = *limits;
                f.italic = 0.0;
                f
            }
            MathNode::Text { text } => self.text(text, size),
            MathNode::Row { nodes } => {
                let mut f = self.list(nodes, style);
                if nodes.len() != 1 {
                    f.class = Class::Ord;
                }
                f
            }
            MathNode::Scripts { base, sub, sup } => {
                self.scripts(base, sub.as_deref(), sup.as_deref(), style)
            }
            MathNode::Fraction {
                num,
                den,
                bar,
                style: forced,
            } => {
                let style = match forced {
                    Some(FracStyle::Display) => Style {
                        level: Level::Display,
                        ..style
                    },
                    Some(FracStyle::Text) => Style {
                        level: Level::Text,
                        ..style
                    },
                    None => style,
                };
                self.fraction(num, den, *bar, style)
            }
            MathNode::Root { degree, radicand } => self.root(degree.as_deref(), radicand, style),
            MathNode::Fenced { open, close, nodes } => self.fenced(open, close, nodes, style),
            MathNode::Accent {
                accent,
                base,
                stretchy,
                under,
            } => self.accent(accent, base, *stretchy, *under, style),
            MathNode::Table {
                rows,
                columns,
                spacing,
            } => self.table(rows, columns, *spacing, style),
            MathNode::Space { mu } => Frame {
                width: f32::from(*mu) * size / 18.0,
                ..Frame::new(Class::Ord)
            },
            MathNode::Stack {
                base,
                over,
                under,
                relation,
            } => self.stack(base, over.as_deref(), under.as_deref(), *relation, style),
            MathNode::Boxed { body } => self.boxed(body, style),
            // Outside its fences' row: its natural size.
            MathNode::Middle { text } => self.glyphs(text, size, Class::Ord),
            MathNode::Styled { .. } => self.row(vec![self.atoms(node, style)]).0,
        }
    }

    /// A letter or run of letters in their style, from the math face.
    fn ident(&self, text: &str, letter: MathStyle, size: Pt) -> Frame {
        let styled: String = text.chars().map(|c| styled_char(c, letter)).collect();
        self.glyphs(&styled, size, Class::Ord)
    }

    /// Characters set side by side from the math face (a character it
    /// lacks from the book's face, or a fallback), each its own glyph.
    pub fn glyphs(&self, text: &str, size: Pt, class: Class) -> Frame {
        let mut frame = Frame::new(class);
        let mut x = 0.0;
        let mut count = 0;
        for c in text.chars() {
            count += 1;
            let f = match self.font.glyph(c) {
                Some(id) => single(&self.font, id, c, size, class),
                None => self.text_glyph(c, FaceKind::Regular, size),
            };
            frame.accent_at = f.accent_at.map(|a| a + x);
            frame.italic = f.italic;
            let w = f.width;
            frame.place(f, x, 0.0);
            x += w;
        }
        frame.width = x;
        frame.glyph = count == 1;
        if count != 1 {
            frame.accent_at = None;
        }
        frame
    }

    /// A character from a book face: `face`, or the first fallback that
    /// has it (a character none has draws `.notdef`, which
    /// `pdf::coverage` has reported).
    fn text_glyph(&self, c: char, face: FaceKind, size: Pt) -> Frame {
        let kind = self.fonts.face_for(face, c).unwrap_or(face);
        let f = self.fonts.face(kind);
        let id = f.glyph_index(c).map_or(0, |g| g.0);
        let m = self.fonts.metrics(kind);
        let gid = rustybuzz::ttf_parser::GlyphId(id);
        let units = |v: i32| m.to_pt(v, size);
        let advance = units(f.glyph_hor_advance(gid).map_or(0, i32::from));
        let (height, depth) = f.glyph_bounding_box(gid).map_or((0.0, 0.0), |b| {
            (units(i32::from(b.y_max)), -units(i32::from(b.y_min)))
        });
        Frame {
            width: advance,
            height,
            depth,
            glyph: true,
            items: vec![Item::Glyph {
                font: Font::Text(kind),
                id,
                size,
                x: 0.0,
                y: 0.0,
                advance,
                text: c.to_string(),
            }],
            ..Frame::new(Class::Ord)
        }
    }

    /// `\text{…}`: the book's regular face, spaces kept.
    fn text(&self, text: &str, size: Pt) -> Frame {
        let mut frame = Frame::new(Class::Ord);
        let mut x = 0.0;
        for c in text.chars() {
            let f = self.text_glyph(c, FaceKind::Regular, size);
            let w = f.width;
            frame.place(f, x, 0.0);
            x += w;
        }
        frame.width = x;
        frame
    }

    fn operator(
        &self,
        text: &str,
        class: OpClass,
        large: bool,
        limits: bool,
        big: u8,
        style: Style,
    ) -> Frame {
        let size = self.size_of(style);
        let atom = match class {
            OpClass::Ordinary => Class::Ord,
            OpClass::Binary => Class::Bin,
            OpClass::Relation => Class::Rel,
            OpClass::Open => Class::Open,
            OpClass::Close => Class::Close,
            OpClass::Punctuation => Class::Punct,
            OpClass::Large => Class::Op,
        };
        let mut chars = text.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return self.glyphs(text, size, atom);
        };
        let axis = self.k(K::AxisHeight, style);
        if big > 0 {
            let target = BIG_SIZES[usize::from(big.min(4)) - 1] * size;
            if let Some(f) = stretched(&self.font, c, target, size, false, atom) {
                return centred_on(f, axis);
            }
        }
        if large || class == OpClass::Large {
            let display = style.level == Level::Display;
            let min = self.k(K::DisplayOperatorMinHeight, style);
            let grown = if display {
                // At least the next size up (TeX's successor in display
                // style), however low the font's minimum.
                let base = self.font.glyph(c).map_or(0.0, |id| {
                    let b = self.font.glyph_box(id, size);
                    b.height + b.depth
                });
                stretched(&self.font, c, min.max(base * 1.01), size, false, Class::Op)
            } else {
                self.font
                    .glyph(c)
                    .map(|id| single(&self.font, id, c, size, Class::Op))
            };
            if let Some(mut f) = grown {
                f.limits = limits;
                // Large operators sit centred on the axis (TeX rule 13).
                // Boxed and moved (TeX rule 13): its scripts hang from
                // its extent, not from a letter's constants.
                let mut f = centred_on(f, axis);
                f.glyph = false;
                return f;
            }
        }
        self.glyphs(text, size, atom)
    }

    fn scripts(
        &self,
        base: &MathNode,
        sub: Option<&MathNode>,
        sup: Option<&MathNode>,
        style: Style,
    ) -> Frame {
        let base = self.node(base, style);
        let sub = sub.map(|n| self.node(n, style.sub()));
        let sup = sup.map(|n| self.node(n, style.sup()));
        if base.limits && style.level == Level::Display {
            return self.limits(base, sub, sup, style);
        }
        let mut u = 0.0f32;
        let mut d = 0.0f32;
        let script = self.size_of(style.sup());
        let k = |w| self.font.constant(w, script);
        if !base.glyph {
            // TeX rule 18a: a composite base's scripts hang from its
            // extent.
            u = base.height - k(K::SuperscriptBaselineDropMax);
            d = base.depth + k(K::SubscriptBaselineDropMin);
        }
        if let Some(sup) = &sup {
            let shift = if style.cramped {
                self.k(K::SuperscriptShiftUpCramped, style)
            } else {
                self.k(K::SuperscriptShiftUp, style)
            };
            u = u
                .max(shift)
                .max(sup.depth + self.k(K::SuperscriptBottomMin, style));
        }
        if let Some(sub) = &sub {
            d = d.max(self.k(K::SubscriptShiftDown, style));
            if sup.is_none() {
                d = d.max(sub.height - self.k(K::SubscriptTopMax, style));
            }
        }
        if let (Some(sup), Some(sub)) = (&sup, &sub) {
            let gap = (u - sup.depth) - (sub.height - d);
            let min = self.k(K::SubSuperscriptGapMin, style);
            if gap < min {
                // Raise the superscript up to its limit, then lower the
                // subscript for the rest.
                let most = self.k(K::SuperscriptBottomMaxWithSubscript, style) - (u - sup.depth);
                let up = most.clamp(0.0, min - gap);
                u += up;
                d += min - gap - up;
            }
        }
        let space = self.k(K::SpaceAfterScript, style);
        let class = base.class;
        let italic = base.italic;
        let mut frame = Frame::new(class);
        let base_width = base.width;
        frame.place(base, 0.0, 0.0);
        let mut width = base_width;
        // A large operator's subscript tucks under its slant.
        let sub_x = if class == Class::Op {
            base_width - italic
        } else {
            base_width
        };
        if let Some(sup) = sup {
            let w = sup.width;
            frame.place(sup, base_width + italic, u);
            width = width.max(base_width + italic + w);
        }
        if let Some(sub) = sub {
            let w = sub.width;
            frame.place(sub, sub_x, -d);
            width = width.max(sub_x + w);
        }
        frame.width = width + space;
        frame
    }

    /// Limits above and below a large operator or a function name, in
    /// display style.
    pub(super) fn limits(
        &self,
        base: Frame,
        sub: Option<Frame>,
        sup: Option<Frame>,
        style: Style,
    ) -> Frame {
        let width = [
            Some(base.width),
            sub.as_ref().map(|f| f.width),
            sup.as_ref().map(|f| f.width),
        ]
        .into_iter()
        .flatten()
        .fold(0.0, f32::max);
        let italic = base.italic;
        let (bh, bd, bw) = (base.height, base.depth, base.width);
        let mut frame = Frame::new(base.class);
        frame.place(base, (width - bw) / 2.0, 0.0);
        if let Some(sup) = sup {
            let y = (bh + self.k(K::UpperLimitGapMin, style) + sup.depth)
                .max(bh + self.k(K::UpperLimitBaselineRiseMin, style));
            let x = (width - sup.width + italic) / 2.0;
            frame.place(sup, x, y);
        }
        if let Some(sub) = sub {
            let y = (bd + self.k(K::LowerLimitGapMin, style) + sub.height)
                .max(bd + self.k(K::LowerLimitBaselineDropMin, style));
            let x = (width - sub.width - italic) / 2.0;
            frame.place(sub, x, -y);
        }
        frame.width = width;
        frame
    }

    fn fraction(&self, num: &MathNode, den: &MathNode, bar: bool, style: Style) -> Frame {
        let num = self.node(num, style.num());
        let den = self.node(den, style.denom());
        let display = style.level == Level::Display;
        let axis = self.k(K::AxisHeight, style);
        let thickness = self.k(K::FractionRuleThickness, style);
        let (mut u, mut d);
        if bar {
            let (shift_up, shift_down, gap_num, gap_den) = if display {
                (
                    K::FractionNumeratorDisplayStyleShiftUp,
                    K::FractionDenominatorDisplayStyleShiftDown,
                    K::FractionNumDisplayStyleGapMin,
                    K::FractionDenomDisplayStyleGapMin,
                )
            } else {
                (
                    K::FractionNumeratorShiftUp,
                    K::FractionDenominatorShiftDown,
                    K::FractionNumeratorGapMin,
                    K::FractionDenominatorGapMin,
                )
            };
            u = self
                .k(shift_up, style)
                .max(axis + thickness / 2.0 + self.k(gap_num, style) + num.depth);
            d = self
                .k(shift_down, style)
                .max(den.height + self.k(gap_den, style) - axis + thickness / 2.0);
        } else {
            let (shift_up, shift_down, gap) = if display {
                (
                    K::StackTopDisplayStyleShiftUp,
                    K::StackBottomDisplayStyleShiftDown,
                    K::StackDisplayStyleGapMin,
                )
            } else {
                (K::StackTopShiftUp, K::StackBottomShiftDown, K::StackGapMin)
            };
            u = self.k(shift_up, style);
            d = self.k(shift_down, style);
            let clear = (u - num.depth) - (den.height - d);
            let min = self.k(gap, style);
            if clear < min {
                u += (min - clear) / 2.0;
                d += (min - clear) / 2.0;
            }
        }
        let pad = NULL_DELIMITER * self.size_of(style);
        let inner = num.width.max(den.width);
        let mut frame = Frame::new(Class::Inner);
        let (nw, dw) = (num.width, den.width);
        frame.place(num, pad + (inner - nw) / 2.0, u);
        frame.place(den, pad + (inner - dw) / 2.0, -d);
        if bar {
            frame.rule(pad, axis - thickness / 2.0, inner, thickness);
        }
        frame.width = inner + 2.0 * pad;
        frame
    }

    fn root(&self, degree: Option<&MathNode>, radicand: &MathNode, style: Style) -> Frame {
        let radicand = self.node(radicand, style.cramp());
        let size = self.size_of(style);
        let thickness = self.k(K::RadicalRuleThickness, style);
        let mut gap = if style.level == Level::Display {
            self.k(K::RadicalDisplayStyleVerticalGap, style)
        } else {
            self.k(K::RadicalVerticalGap, style)
        };
        let target = radicand.height + radicand.depth + gap + thickness;
        let Some(sign) = stretched(&self.font, '√', target, size, false, Class::Ord) else {
            return radicand;
        };
        // The sign's excess height shared between the gap above the
        // radicand and the depth below (OpenType MATH, "Radicals").
        let total = sign.height + sign.depth;
        let excess = (total - target).max(0.0);
        gap += excess / 2.0;
        let top = radicand.height + gap + thickness;
        let shift = top - sign.height;
        let sign_width = sign.width;
        let sign_bottom = top - total;
        let mut frame = Frame::new(Class::Ord);
        let mut x = 0.0;
        if let Some(degree) = degree {
            let degree = self.node(
                degree,
                Style {
                    level: Level::ScriptScript,
                    cramped: true,
                },
            );
            let before = self.k(K::RadicalKernBeforeDegree, style);
            let after = self.k(K::RadicalKernAfterDegree, style);
            let raise = sign_bottom + self.font.degree_raise() * total;
            let w = degree.width;
            frame.place(degree, before, raise);
            x = (before + w + after).max(0.0);
        }
        frame.place(sign, x, shift);
        let rw = radicand.width;
        frame.place(radicand, x + sign_width, 0.0);
        frame.rule(x + sign_width, top - thickness, rw, thickness);
        frame.height = frame
            .height
            .max(top + self.k(K::RadicalExtraAscender, style));
        frame.width = x + sign_width + rw;
        frame
    }

    /// A delimiter grown to cover `height` above and `depth` below the
    /// baseline, centred on the axis (TeX rule 19); "" is none.
    fn delimiter(&self, c: &str, height: Pt, depth: Pt, style: Style, class: Class) -> Frame {
        let size = self.size_of(style);
        let Some(c) = c.chars().next() else {
            return Frame {
                width: NULL_DELIMITER * size,
                ..Frame::new(class)
            };
        };
        let axis = self.k(K::AxisHeight, style);
        let half = (height - axis).max(depth + axis);
        let target = (2.0 * half * DELIMITER_FACTOR).max(2.0 * half - DELIMITER_SHORTFALL * size);
        match stretched(&self.font, c, target, size, false, class) {
            Some(f) => centred_on(f, axis),
            None => self.glyphs(&c.to_string(), size, class),
        }
    }

    fn fenced(&self, open: &str, close: &str, nodes: &[MathNode], style: Style) -> Frame {
        // `\middle` delimiters grow with the fences, to what the others
        // enclose.
        let mut atoms: Vec<Vec<Atom>> = nodes.iter().map(|n| self.atoms(n, style)).collect();
        let (mut h, mut d) = (0.0f32, 0.0f32);
        for (node, atoms) in nodes.iter().zip(&atoms) {
            if !matches!(node, MathNode::Middle { .. }) {
                for a in atoms {
                    h = h.max(a.frame.height);
                    d = d.max(a.frame.depth);
                }
            }
        }
        for (node, atoms) in nodes.iter().zip(&mut atoms) {
            if let (MathNode::Middle { text }, [atom]) = (node, atoms.as_mut_slice()) {
                atom.frame = self.delimiter(text, h, d, style, Class::Ord);
            }
        }
        let (inner, _) = self.row(atoms);
        let left = self.delimiter(open, h, d, style, Class::Open);
        let right = self.delimiter(close, h, d, style, Class::Close);
        let mut frame = Frame::new(Class::Inner);
        let mut x = 0.0;
        for f in [left, inner, right] {
            let w = f.width;
            frame.place(f, x, 0.0);
            x += w;
        }
        frame.width = x;
        frame
    }

    fn accent(
        &self,
        accent: &str,
        base: &MathNode,
        stretchy: bool,
        under: bool,
        style: Style,
    ) -> Frame {
        let base = self.node(base, style.cramp());
        let size = self.size_of(style);
        let c = accent.chars().next().unwrap_or('\u{302}');
        let (bw, bh, bd) = (base.width, base.height, base.depth);
        let class = base.class;
        let mut frame = Frame::new(if base.glyph { class } else { Class::Ord });
        let base_accent_at = base.accent_at.unwrap_or((bw + base.italic) / 2.0);
        let italic = base.italic;
        frame.place(base, 0.0, 0.0);
        frame.width = bw;
        frame.italic = italic;
        let is_bar = matches!(c, '\u{305}' | '\u{304}' | '¯' | '‾' | '\u{332}' | '_');
        if is_bar {
            // \overline, \underline: a rule over (under) the base.
            if under {
                let gap = self.k(K::UnderbarVerticalGap, style);
                let t = self.k(K::UnderbarRuleThickness, style);
                frame.rule(0.0, -(bd + gap + t), bw, t);
                frame.depth += self.k(K::UnderbarExtraDescender, style);
            } else {
                let gap = self.k(K::OverbarVerticalGap, style);
                let t = self.k(K::OverbarRuleThickness, style);
                frame.rule(0.0, bh + gap, bw, t);
                frame.height += self.k(K::OverbarExtraAscender, style);
            }
            return frame;
        }
        let glyph_char = if stretchy
            && self
                .font
                .glyph(c)
                .is_some_and(|id| self.font.construction(id, true).is_some())
        {
            c
        } else {
            accent_glyph_char(&self.font, c)
        };
        let accent = if stretchy {
            stretched(&self.font, glyph_char, bw, size, true, Class::Ord)
        } else {
            self.font
                .glyph(glyph_char)
                .map(|id| single(&self.font, id, glyph_char, size, Class::Ord))
        };
        let Some(mut accent) = accent else {
            return frame;
        };
        // The accent keeps the character written as its text.
        if let Some(Item::Glyph { text, .. }) = accent.items.first_mut() {
            *text = c.to_string();
        }
        let accent_at = if stretchy {
            accent.width / 2.0
        } else {
            accent.accent_at.unwrap_or(accent.width / 2.0)
        };
        let x = if stretchy {
            (bw - accent.width) / 2.0
        } else {
            base_accent_at - accent_at
        };
        if under {
            let gap = self.k(K::StretchStackGapBelowMin, style);
            let y = -(bd + gap + accent.height);
            frame.place(accent, x, y);
        } else if stretchy {
            // A wide accent or brace: clear of the base by the stack gap,
            // whatever the glyph's own baseline.
            let gap = self.k(K::StretchStackGapAboveMin, style);
            let y = bh + gap + accent.depth;
            frame.place(accent, x, y);
        } else {
            // An accent is drawn to sit on a base of the accent base
            // height; it rises with a taller one.
            let y = (bh - self.k(K::AccentBaseHeight, style)).max(0.0);
            frame.place(accent, x, y);
        }
        frame
    }
}

/// One atom of a list, laid out: its frame, whether it is an explicit
/// space (which takes no room of its class), and its style.
pub(super) struct Atom {
    pub frame: Frame,
    pub space: bool,
    pub style: Style,
}

/// The layout's level for the model's.
pub(super) fn level_of(level: MathLevel) -> Level {
    match level {
        MathLevel::Display => Level::Display,
        MathLevel::Text => Level::Text,
        MathLevel::Script => Level::Script,
        MathLevel::ScriptScript => Level::ScriptScript,
    }
}

/// Where a node of a list was set: its start and width, extent, and
/// the range of the list's items it drew.
pub(super) struct Part {
    x: Pt,
    width: Pt,
    height: Pt,
    depth: Pt,
    items: std::ops::Range<usize>,
}

/// A glyph or assembly moved up or down so its middle is on the axis.
pub(super) fn centred_on(frame: Frame, axis: Pt) -> Frame {
    let middle = (frame.height - frame.depth) / 2.0;
    frame.raised(axis - middle)
}

/// The character whose glyph draws an accent: the combining mark a math
/// font shapes its accents as (ˆ is drawn as U+0302), when it has it.
fn accent_glyph_char(font: &MathFont, c: char) -> char {
    let combining = match c {
        'ˆ' | '^' => '\u{302}',
        '˜' | '~' => '\u{303}',
        '¯' => '\u{304}',
        '˘' => '\u{306}',
        '˙' => '\u{307}',
        '¨' => '\u{308}',
        'ˇ' => '\u{30C}',
        '´' => '\u{301}',
        '`' => '\u{300}',
        '→' => '\u{20D7}',
        '←' => '\u{20D6}',
        _ => c,
    };
    if font.glyph(combining).is_some() {
        combining
    } else {
        c
    }
}
