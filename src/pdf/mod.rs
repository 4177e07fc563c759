//! The print edition: shaping, hyphenation, line breaking, pagination, PDF writing.

pub mod page;
pub mod paginate;
pub mod write;
