//! A code block's tokens as its language's grammar reads them: where each keyword, string or comment runs, for both editions to colour.

use serde::{Deserialize, Serialize};

use super::{Block, Chapter};

impl Chapter {
    /// Numbers the lines of every code block that does not number its
    /// own (`[code] line-numbers = true`), from 1; notes' code too.
    pub fn number_code_lines(&mut self) {
        let notes = self.notes.iter_mut().flat_map(|n| n.blocks.iter_mut());
        for block in self.blocks.iter_mut().chain(notes) {
            block.walk_mut(&mut |b| {
                if let Block::CodeBlock { first_line, .. } = b {
                    first_line.get_or_insert(1);
                }
            });
        }
    }
}

/// A stretch of a code block's text that its language's grammar calls a
/// keyword, a string, a comment…: byte offsets into the block's text,
/// on character boundaries. Stretches are in order and never overlap;
/// text outside them is plain.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct CodeToken {
    pub start: u32,
    pub end: u32,
    pub class: CodeClass,
}

/// The few kinds of token both editions colour (pandoc's and most
/// editors' themes distinguish about as many).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum CodeClass {
    /// `fn`, `if`, `return`, `pub`; an HTML or XML tag's name.
    Keyword,
    /// A type's or class's name, where it is defined or used.
    Type,
    /// A function's name, where it is defined or called.
    Function,
    /// A string or character literal, quotes included.
    String,
    /// A number.
    Number,
    /// `true`, `None`, `self`, an escape (`\n`), a named constant.
    Constant,
    /// A comment.
    Comment,
    /// An attribute, annotation, decorator or preprocessor line; an
    /// HTML attribute's name.
    Attribute,
    /// A line a diff adds.
    Inserted,
    /// A line a diff removes.
    Deleted,
}
