//! The box a formula (or any part of one) is laid out into: width, height above and depth below its baseline, and the glyphs and rules it draws, in points with y growing upwards from the baseline.

use super::spacing::Class;
use crate::pdf::fontset::FaceKind;
use crate::pdf::units::Pt;

/// Which font draws a glyph: the math face, or a face of the book's
/// (`\text{…}`, a character the math face lacks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    Math,
    Text(FaceKind),
}

/// What a frame draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A glyph with its pen at (x, y), y up from the frame's baseline.
    Glyph {
        font: Font,
        id: u16,
        size: Pt,
        x: Pt,
        y: Pt,
        /// Its natural advance (the writer's width for it).
        advance: Pt,
        /// What it stands for in copied text; empty for the second and
        /// later parts of an assembled delimiter.
        text: String,
    },
    /// A filled rectangle; (x, y) its bottom-left corner.
    Rule { x: Pt, y: Pt, width: Pt, height: Pt },
}

/// A laid-out piece of a formula.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Frame {
    pub width: Pt,
    /// Above the baseline.
    pub height: Pt,
    /// Below the baseline (positive).
    pub depth: Pt,
    /// The italic correction of its last glyph (TeX's `\/`): room a
    /// superscript leaves after a slanted letter.
    pub italic: Pt,
    /// Where an accent over it is centred, when it is one glyph.
    pub accent_at: Option<Pt>,
    /// Its atom class, for the spacing around it.
    pub class: Class,
    /// One glyph (TeX's "character box"), whose scripts sit by the
    /// font's constants alone, not by its extent.
    pub glyph: bool,
    /// A large operator or function name whose scripts go above and
    /// below in display style.
    pub limits: bool,
    pub items: Vec<Item>,
}

impl Frame {
    pub fn new(class: Class) -> Frame {
        Frame {
            class,
            ..Frame::default()
        }
    }

    /// Draws `other` with its baseline's start at (dx, dy) of this
    /// frame, growing this frame's height and depth to hold it (the
    /// width is the caller's to set).
    pub fn place(&mut self, other: Frame, dx: Pt, dy: Pt) {
        self.height = self.height.max(other.height + dy);
        self.depth = self.depth.max(other.depth - dy);
        self.items
            .extend(other.items.into_iter().map(|item| match item {
                Item::Glyph {
                    font,
                    id,
                    size,
                    x,
                    y,
                    advance,
                    text,
                } => Item::Glyph {
                    font,
                    id,
                    size,
                    x: x + dx,
                    y: y + dy,
                    advance,
                    text,
                },
                Item::Rule {
                    x,
                    y,
                    width,
                    height,
                } => Item::Rule {
                    x: x + dx,
                    y: y + dy,
                    width,
                    height,
                },
            }));
    }

    /// Adds a rule, growing the frame to hold it.
    pub fn rule(&mut self, x: Pt, y: Pt, width: Pt, height: Pt) {
        self.height = self.height.max(y + height);
        self.depth = self.depth.max(-y);
        self.items.push(Item::Rule {
            x,
            y,
            width,
            height,
        });
    }

    /// The frame shifted up by `dy` (down when negative).
    pub fn raised(self, dy: Pt) -> Frame {
        let mut out = Frame {
            width: self.width,
            italic: self.italic,
            accent_at: self.accent_at,
            class: self.class,
            glyph: self.glyph,
            limits: self.limits,
            height: f32::MIN,
            depth: f32::MIN,
            items: Vec::new(),
        };
        let (h, d) = (self.height, self.depth);
        out.place(self, 0.0, dy);
        out.height = h + dy;
        out.depth = d - dy;
        out
    }

    /// Every glyph's text, in drawing order (for tests and checks).
    pub fn text(&self) -> String {
        self.items
            .iter()
            .filter_map(|i| match i {
                Item::Glyph { text, .. } => Some(text.as_str()),
                Item::Rule { .. } => None,
            })
            .collect()
    }
}
