//! TeX's atom classes after reading: a binary operator with nothing to join becomes ordinary (The TeXbook, appendix G, rules 5 and 6).

use crate::model::{MathNode, OpClass};

/// TeX's rule for binary operators (The TeXbook, appendix G, rules 5
/// and 6): one that opens a list or follows another binary operator, a
/// large operator or function, a relation, an opening fence or
/// punctuation, and one followed by a relation, a closing fence or
/// punctuation or ending the list, has nothing to join and is
/// ordinary: the minus of `-x` and `(-1)^k` is a sign, set close.
pub(super) fn demote_binaries(nodes: &mut [MathNode]) {
    use OpClass::*;
    let mut previous: Option<(usize, OpClass)> = None;
    for i in 0..nodes.len() {
        let Some(mut class) = atom_class(&nodes[i]) else {
            continue;
        };
        let joins_nothing = previous
            .is_none_or(|(_, p)| matches!(p, Binary | Large | Relation | Open | Punctuation));
        if class == Binary && joins_nothing {
            make_ordinary(&mut nodes[i]);
            class = Ordinary;
        }
        if matches!(class, Relation | Close | Punctuation) {
            if let Some((j, Binary)) = previous {
                make_ordinary(&mut nodes[j]);
            }
        }
        previous = Some((i, class));
    }
    if let Some((j, Binary)) = previous {
        make_ordinary(&mut nodes[j]);
    }
}

/// The atom type TeX gives `node` for spacing, `None` for a space.
fn atom_class(node: &MathNode) -> Option<OpClass> {
    match node {
        MathNode::Space { .. } => None,
        MathNode::Operator { class, .. } => Some(*class),
        MathNode::Function { .. } => Some(OpClass::Large),
        MathNode::Scripts { base, .. } => atom_class(base).or(Some(OpClass::Ordinary)),
        MathNode::Stack { relation: true, .. } => Some(OpClass::Relation),
        MathNode::Stack { base, .. } => atom_class(base).or(Some(OpClass::Ordinary)),
        _ => Some(OpClass::Ordinary),
    }
}

fn make_ordinary(node: &mut MathNode) {
    match node {
        MathNode::Operator { class, .. } => *class = OpClass::Ordinary,
        MathNode::Scripts { base, .. }
        | MathNode::Stack {
            base,
            relation: false,
            ..
        } => make_ordinary(base),
        _ => {}
    }
}
