//! What stands over, under or around a node: `\overset`, `\underset`, `\stackrel` and a brace's label set as limits, and `\boxed`'s frame.

use super::font::Constant as K;
use super::frame::Frame;
use super::layout::{Layout, Style};
use super::spacing::Class;
use crate::model::MathNode;

/// `\boxed`'s room between its frame and what it holds: LaTeX's
/// `\fboxsep` (3 pt at 10 pt), in ems.
pub(super) const BOX_GAP: f32 = 0.3;

impl Layout<'_, '_> {
    /// `base` with `over` above and `under` below it, as limits are set
    /// (amsmath's `\overset` is `\mathop{…}\limits`) in every style; the
    /// class its base's, or a relation's.
    pub(super) fn stack(
        &self,
        base: &MathNode,
        over: Option<&MathNode>,
        under: Option<&MathNode>,
        relation: bool,
        style: Style,
    ) -> Frame {
        let base = self.node(base, style);
        let class = if relation { Class::Rel } else { base.class };
        let over = over.map(|n| self.node(n, style.sup()));
        let under = under.map(|n| self.node(n, style.sub()));
        let mut frame = self.limits(base, under, over, style);
        frame.class = class;
        frame.glyph = false;
        frame.limits = false;
        frame
    }

    /// `body` in a frame of the MATH table's fraction-rule thickness,
    /// `\fboxsep` from it on every side; set in display style, as
    /// amsmath's `\boxed` sets it.
    pub(super) fn boxed(&self, body: &MathNode, style: Style) -> Frame {
        let body = self.node(body, Style::display());
        let t = self.k(K::FractionRuleThickness, style);
        let gap = BOX_GAP * self.size_of(style);
        let (w, h, d) = (body.width, body.height, body.depth);
        let outer_w = w + 2.0 * (gap + t);
        let top = h + gap;
        let bottom = -(d + gap + t);
        let mut frame = Frame::new(Class::Ord);
        frame.place(body, gap + t, 0.0);
        // Bottom and top across, then the sides between them.
        frame.rule(0.0, bottom, outer_w, t);
        frame.rule(0.0, top, outer_w, t);
        frame.rule(0.0, bottom + t, t, top - bottom - t);
        frame.rule(outer_w - t, bottom + t, t, top - bottom - t);
        frame.width = outer_w;
        frame
    }
}
