//! The LaTeX environments a formula may hold (`matrix`, `cases`, `aligned`, `array`…), each read into a table with its columns' alignment and fences.

use super::{Parser, Stop, Token};
use crate::math::MathError;
use crate::model::{MathColumnAlign, MathNode, TableSpacing};

impl Parser<'_> {
    /// `\begin{name}…\end{name}`, the `\begin` taken.
    pub(super) fn environment(&mut self, at: usize) -> Result<MathNode, MathError> {
        let (name_at, name) = self.raw_argument(at)?;
        let name = name.trim();
        type Shape<'f> = (
            Option<(&'f str, &'f str)>,
            Vec<MathColumnAlign>,
            TableSpacing,
        );
        // A matrix: centred columns a quad apart, in its delimiters.
        let matrix = |fence: Option<(&'static str, &'static str)>| -> Shape<'static> {
            (fence, vec![MathColumnAlign::Center], TableSpacing::Matrix)
        };
        let (fence, columns, spacing): Shape = match name {
            "matrix" | "smallmatrix" => matrix(None),
            "pmatrix" => matrix(Some(("(", ")"))),
            "bmatrix" => matrix(Some(("[", "]"))),
            "Bmatrix" => matrix(Some(("{", "}"))),
            "vmatrix" => matrix(Some(("|", "|"))),
            "Vmatrix" => matrix(Some(("‖", "‖"))),
            "cases" | "dcases" => (
                Some(("{", "")),
                vec![MathColumnAlign::Left],
                TableSpacing::Matrix,
            ),
            "rcases" => (
                Some(("", "}")),
                vec![MathColumnAlign::Left],
                TableSpacing::Matrix,
            ),
            "aligned" | "align" | "align*" | "split" | "alignat" | "alignat*" | "alignedat"
            | "eqnarray" | "eqnarray*" => (
                None,
                vec![MathColumnAlign::Right, MathColumnAlign::Left],
                TableSpacing::Aligned,
            ),
            "gathered" | "gather" | "gather*" | "multline" | "multline*" | "equation"
            | "equation*" => matrix(None),
            "array" => {
                let (spec_at, spec) = self.raw_argument(at)?;
                let mut columns = Vec::new();
                for (i, c) in spec.char_indices() {
                    columns.push(match c {
                        'l' => MathColumnAlign::Left,
                        'c' => MathColumnAlign::Center,
                        'r' => MathColumnAlign::Right,
                        ' ' => continue,
                        _ => {
                            return Err(self.error(
                                spec_at + i,
                                format!("`{c}` in an array's columns is not read"),
                                "give each column as `l`, `c` or `r`: `{lcr}` (no rules `|`)",
                            ))
                        }
                    });
                }
                (None, columns, TableSpacing::Matrix)
            }
            _ => {
                let hint = match crate::diagnostics::nearest(name, ENVIRONMENTS.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("use one of: {}", ENVIRONMENTS.join(", ")),
                };
                return Err(self.error(
                    name_at,
                    format!("the environment `{name}` is not read"),
                    hint,
                ));
            }
        };
        // alignat's column count.
        if name.starts_with("alignat") || name == "alignedat" {
            self.raw_argument(at)?;
        }
        let mut rows: Vec<Vec<Vec<MathNode>>> = vec![Vec::new()];
        loop {
            let cell = self.list(Stop::Cell, None)?;
            let Some(row) = rows.last_mut() else {
                unreachable!("rows starts with one row");
            };
            row.push(cell);
            let Some((end_at, token)) = self.take() else {
                unreachable!("list(Stop::Cell) stops only at a token");
            };
            match token {
                Token::Char('&') => {}
                Token::Command("\\") => {
                    // An optional extra space, `\\[2pt]`, is read and left.
                    self.skip_space();
                    if self.tex[self.at..].starts_with('[') {
                        if let Some(close) = self.tex[self.at..].find(']') {
                            self.at += close + 1;
                        }
                    }
                    rows.push(Vec::new());
                }
                _ => {
                    let (end_name_at, end_name) = self.raw_argument(end_at)?;
                    if end_name.trim() != name {
                        return Err(self.error(
                            end_name_at,
                            format!("`\\end{{{}}}` closes `\\begin{{{name}}}`", end_name.trim()),
                            format!("write `\\end{{{name}}}`"),
                        ));
                    }
                    break;
                }
            }
        }
        // A last `\\` before `\end` makes no empty row.
        if rows.len() > 1 && rows.last().is_some_and(|r| r.len() == 1 && r[0].is_empty()) {
            rows.pop();
        }
        let table = MathNode::Table {
            rows,
            columns,
            spacing,
        };
        Ok(match fence {
            Some((open, close)) => MathNode::Fenced {
                open: open.into(),
                close: close.into(),
                nodes: vec![table],
            },
            None => table,
        })
    }
}

impl Parser<'_> {
    /// `\substack{a\\b}`'s lines, the command taken: a one-column
    /// table set close, in the style around (a limit's).
    pub(super) fn substack(
        &mut self,
        at: usize,
        style: Option<crate::model::MathStyle>,
    ) -> Result<MathNode, MathError> {
        match self.take() {
            Some((_, Token::Char('{'))) => {}
            other => {
                return Err(self.error(
                    other.map_or(self.tex.len(), |(a, _)| a).max(at),
                    "`\\substack` needs its lines in braces",
                    "write `\\substack{i < n \\\\ j < m}`",
                ))
            }
        }
        let mut rows = Vec::new();
        loop {
            let line = self.list(Stop::Line, style)?;
            rows.push(vec![line]);
            match self.take() {
                Some((_, Token::Command("\\"))) => {}
                _ => break,
            }
        }
        if rows.len() > 1 && rows.last().is_some_and(|r| r[0].is_empty()) {
            rows.pop();
        }
        Ok(MathNode::Table {
            rows,
            columns: vec![MathColumnAlign::Center],
            spacing: TableSpacing::Substack,
        })
    }
}

/// The environments read.
const ENVIRONMENTS: &[&str] = &[
    "matrix",
    "pmatrix",
    "bmatrix",
    "Bmatrix",
    "vmatrix",
    "Vmatrix",
    "smallmatrix",
    "cases",
    "rcases",
    "aligned",
    "align",
    "align*",
    "split",
    "gathered",
    "gather",
    "array",
];
