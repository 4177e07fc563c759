//! Math tables — `matrix`, `cases`, `aligned` — laid out in rows and columns: cells aligned as their column says, a quad between a matrix's columns, aligned pairs touching within and two quads apart, rows at least a baselineskip apart, the whole centred on the axis.

use super::font::Constant as K;
use super::frame::Frame;
use super::layout::{centred_on, Layout, Level, Style};
use super::spacing::Class;
use crate::model::{MathColumnAlign, MathNode, TableSpacing};
use crate::pdf::units::Pt;

impl Layout<'_, '_> {
    pub(super) fn table(
        &self,
        rows: &[Vec<Vec<MathNode>>],
        columns: &[MathColumnAlign],
        spacing: TableSpacing,
        style: Style,
    ) -> Frame {
        let cell_style = match spacing {
            TableSpacing::Aligned => Style::display(),
            // A limit's lines, in the limit's style.
            TableSpacing::Substack => style,
            TableSpacing::Matrix => Style {
                level: if style.level == Level::Display {
                    Level::Text
                } else {
                    style.level
                },
                cramped: false,
            },
        };
        let size = self.size_of(style);
        let cells: Vec<Vec<Frame>> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .enumerate()
                    .map(|(j, cell)| {
                        // amsmath's `{}` before the right-hand side of an
                        // aligned pair: its leading relation or binary
                        // keeps its space ("&= a" as "{} = a").
                        if spacing == TableSpacing::Aligned && !j.is_multiple_of(2) {
                            let mut with = Vec::with_capacity(cell.len() + 1);
                            with.push(MathNode::Row { nodes: Vec::new() });
                            with.extend(cell.iter().cloned());
                            self.list(&with, cell_style)
                        } else {
                            self.list(cell, cell_style)
                        }
                    })
                    .collect()
            })
            .collect();
        let ncols = cells.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0.0f32; ncols];
        for row in &cells {
            for (j, cell) in row.iter().enumerate() {
                widths[j] = widths[j].max(cell.width);
            }
        }
        // The space before each column: a matrix's quad (TeX's
        // 2 × \arraycolsep); aligned pairs touch within and stand two
        // quads apart.
        let gap = |j: usize| -> Pt {
            match (j, spacing) {
                (0, _) => 0.0,
                (_, TableSpacing::Matrix | TableSpacing::Substack) => size,
                (_, TableSpacing::Aligned) if !j.is_multiple_of(2) => 0.0,
                (_, TableSpacing::Aligned) => 2.0 * size,
            }
        };
        let align = |j: usize| -> MathColumnAlign {
            match spacing {
                TableSpacing::Aligned if columns.is_empty() => {
                    if j.is_multiple_of(2) {
                        MathColumnAlign::Right
                    } else {
                        MathColumnAlign::Left
                    }
                }
                _ => columns
                    .get(j)
                    .or(columns.last())
                    .copied()
                    .unwrap_or(MathColumnAlign::Center),
            }
        };
        // Rows as TeX's array struts make them: at least 0.7 and 0.3 of a
        // baselineskip of 1.2 em, plus \jot (0.3 em) between aligned rows.
        // A substack's lines are set close: struts of a line's own
        // height, as amsmath's `subarray` sets them.
        let lead = if spacing == TableSpacing::Substack {
            0.85
        } else {
            1.2
        };
        let strut_h = 0.7 * lead * size;
        let strut_d = 0.3 * lead * size;
        let jot = if spacing == TableSpacing::Aligned {
            0.3 * size
        } else {
            0.0
        };
        let mut frame = Frame::new(Class::Ord);
        let mut y = 0.0f32;
        let mut prev_depth: Option<Pt> = None;
        let mut x_of = vec![0.0f32; ncols];
        let mut x = 0.0;
        for j in 0..ncols {
            x += gap(j);
            x_of[j] = x;
            x += widths[j];
        }
        let total_width = x;
        for row in cells {
            let h = row.iter().map(|c| c.height).fold(strut_h, f32::max);
            let d = row.iter().map(|c| c.depth).fold(strut_d, f32::max);
            if let Some(pd) = prev_depth {
                y -= pd + h + jot;
            }
            for (j, cell) in row.into_iter().enumerate() {
                let free = widths[j] - cell.width;
                let dx = match align(j) {
                    MathColumnAlign::Left => 0.0,
                    MathColumnAlign::Center => free / 2.0,
                    MathColumnAlign::Right => free,
                };
                frame.place(cell, x_of[j] + dx, y);
            }
            frame.height = frame.height.max(y + h);
            frame.depth = frame.depth.max(d - y);
            prev_depth = Some(d);
        }
        frame.width = total_width;
        // The table's middle on the axis.
        centred_on(frame, self.k(K::AxisHeight, style))
    }
}
