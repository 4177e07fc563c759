//! Where an inline formula may break across lines, as TeX breaks one in a paragraph.

use super::spacing::Class;
use crate::model::{MathNode, OpClass};

/// Where an inline formula may break: after each of its top-level
/// relations and binary operators that stay so (TeX breaks a formula in
/// a paragraph there, at `\relpenalty` and `\binoppenalty`), not between
/// two relations, nor after its last node, nor before a last single atom.
/// Returns the ranges of top-level nodes between the breaks.
pub fn breaks(nodes: &[MathNode]) -> Vec<std::ops::Range<usize>> {
    let atoms: Vec<usize> = (0..nodes.len())
        .filter(|&i| !matches!(nodes[i], MathNode::Space { .. }))
        .collect();
    let classes: Vec<Class> = atoms
        .iter()
        .map(|&i| match &nodes[i] {
            MathNode::Operator { class, .. } => match class {
                OpClass::Binary => Class::Bin,
                OpClass::Relation => Class::Rel,
                OpClass::Open => Class::Open,
                OpClass::Close => Class::Close,
                OpClass::Punctuation => Class::Punct,
                OpClass::Large => Class::Op,
                OpClass::Ordinary => Class::Ord,
            },
            MathNode::Function { .. } => Class::Op,
            _ => Class::Ord,
        })
        .collect();
    let mut out = Vec::new();
    let mut start = 0;
    for (k, &i) in atoms.iter().enumerate() {
        let next = classes.get(k + 1);
        let breaks = match classes[k] {
            Class::Rel => next.is_some_and(|&c| c != Class::Rel),
            Class::Bin => next.is_some(),
            _ => false,
        };
        if breaks {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    out.push(start..nodes.len());
    // Never a lone atom after the last break ("≠ | 0."): where TeX's
    // penalties would leave it, the line breaker could not be told.
    let atoms_in = |r: &std::ops::Range<usize>| {
        nodes[r.clone()]
            .iter()
            .filter(|n| !matches!(n, MathNode::Space { .. }))
            .count()
    };
    if out.len() > 1 && out.last().is_some_and(|r| atoms_in(r) < 2) {
        let last = out.pop().map_or(nodes.len(), |r| r.end);
        if let Some(prev) = out.last_mut() {
            prev.end = last;
        }
    }
    out
}
