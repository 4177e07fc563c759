//! The print edition: shaping, hyphenation, line breaking, pagination, PDF writing.

pub mod fontset;
pub mod hyphenate;
pub mod linebreak;
pub mod page;
pub mod paragraph;
pub mod shape;
pub mod units;
