//! The room between neighbouring atoms of a formula, by their classes, as TeX sets it (The TeXbook, chapter 18 and Appendix G rule 20): thin, medium and thick spaces. Binary operators that cannot be binary (rules 5 and 6) were made ordinary when the TeX was read (`crate::math`).

/// An atom's class (TeX's atom types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Class {
    #[default]
    Ord,
    /// A large operator or a function name.
    Op,
    Bin,
    Rel,
    Open,
    Close,
    Punct,
    /// A fraction or a fenced group.
    Inner,
}

impl Class {
    fn index(self) -> usize {
        match self {
            Class::Ord => 0,
            Class::Op => 1,
            Class::Bin => 2,
            Class::Rel => 3,
            Class::Open => 4,
            Class::Close => 5,
            Class::Punct => 6,
            Class::Inner => 7,
        }
    }
}

/// The TeXbook's table (p. 170): 1 thin (3 mu), 2 medium (4 mu), 3 thick
/// (5 mu); negative: only in display and text style, none in scripts.
/// Pairs TeX never meets after demotion (marked * there) are 0.
const TABLE: [[i8; 8]; 8] = [
    // Ord Op  Bin Rel Open Close Punct Inner
    [0, 1, -2, -3, 0, 0, 0, -1],     // Ord
    [1, 1, 0, -3, 0, 0, 0, -1],      // Op
    [-2, -2, 0, 0, -2, 0, 0, -2],    // Bin
    [-3, -3, 0, 0, -3, 0, 0, -3],    // Rel
    [0, 0, 0, 0, 0, 0, 0, 0],        // Open
    [0, 1, -2, -3, 0, 0, 0, -1],     // Close
    [-1, -1, 0, -1, -1, -1, -1, -1], // Punct
    [-1, 1, -2, -3, -1, 0, -1, -1],  // Inner
];

/// The space between an atom of class `left` and one of class `right`,
/// in mu (18 mu = 1 em of the style's size); `script`: in script or
/// scriptscript style.
pub fn space_mu(left: Class, right: Class, script: bool) -> f32 {
    let kind = TABLE[left.index()][right.index()];
    if kind < 0 && script {
        return 0.0;
    }
    match kind.abs() {
        1 => 3.0,
        2 => 4.0,
        3 => 5.0,
        _ => 0.0,
    }
}
