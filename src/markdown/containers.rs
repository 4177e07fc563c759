//! Which list item, note or definition a line of a chapter stands in, by its indentation: where a `:::` fence on it may stand, as pandoc reads one.
//!
//! Pandoc reads a fenced div inside a container at the container's
//! content column, with at most three spaces more (`skipNonindentSpaces`);
//! with four or more the line is code, or a paragraph's continuation. The
//! fence scanner runs before pulldown-cmark, so it follows the containers
//! itself, line by line: a list marker (`-`, `*`, `+`, `1.`, `1)`), a
//! note's definition (`[^label]:`) or a definition's `:` opens one, and a
//! line indented less than its content closes it, unless it continues a
//! paragraph lazily (CommonMark's lazy continuation line).

/// The content columns of the containers open, outermost first.
#[derive(Debug, Default)]
pub(super) struct Containers {
    open: Vec<usize>,
    /// The line before was a paragraph's text: a line after it may
    /// continue it lazily, whatever its indentation.
    after_text: bool,
}

/// Where a line stands: the content column of its innermost container
/// (0 at the text's left), how many containers it is in, and its own
/// indentation in columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Place {
    pub(super) column: usize,
    pub(super) depth: usize,
    pub(super) indent: usize,
}

impl Place {
    /// The line's indentation past its container's content column: a
    /// fence stands with at most 3 (pandoc's `skipNonindentSpaces`).
    pub(super) fn may_hold_fence(&self) -> bool {
        self.indent >= self.column && self.indent - self.column <= 3
    }
}

impl Containers {
    /// The place of `line` (without its line break), the containers it
    /// closes closed and the one it opens (a list marker's item) left
    /// for the lines after it.
    pub(super) fn line(&mut self, line: &str) -> Place {
        let (indent, rest) = indentation(line);
        if rest.is_empty() {
            // A blank line closes nothing: an item's next paragraph is
            // indented as its first.
            self.after_text = false;
            return self.place(indent);
        }
        let opens_block = opens_block(rest);
        let lazy = self.after_text && !opens_block && list_marker(rest).is_none();
        if !lazy {
            while self.open.last().is_some_and(|&c| indent < c) {
                self.open.pop();
            }
        }
        let place = self.place(indent);
        let column = self.open.last().copied().unwrap_or(0);
        let relative = indent.saturating_sub(column);
        self.after_text = true;
        if indent >= column && relative <= 3 {
            if let Some(width) = list_marker(rest)
                .or_else(|| note_marker(rest))
                .or_else(|| definition_marker(rest))
            {
                self.open.push(indent + width);
                // Items opened inside it on the same line (`- - text`,
                // `1. - text`): each nests in the one before.
                let mut column = indent + width;
                let mut inner = rest.get(width..).unwrap_or("");
                while let Some(nested) = list_marker(inner) {
                    column += nested;
                    self.open.push(column);
                    inner = inner.get(nested..).unwrap_or("");
                }
                return place;
            }
            if opens_block {
                self.after_text = false;
            }
        } else if relative > 3 && !lazy {
            // Indented code: no paragraph a later line may continue.
            self.after_text = false;
        }
        place
    }

    fn place(&self, indent: usize) -> Place {
        Place {
            column: self.open.last().copied().unwrap_or(0),
            depth: self.open.len(),
            indent,
        }
    }
}

/// A line's indentation in columns (a tab to the next multiple of 4),
/// and the rest of it.
pub(super) fn indentation(line: &str) -> (usize, &str) {
    let mut columns = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4 - columns % 4,
            _ => return (columns, line[i..].trim_end_matches(['\n', '\r'])),
        }
    }
    (columns, "")
}

/// Whether `rest` (a line from its first non-blank character) opens a
/// block that ends a paragraph before it: a fence, a heading, a quote,
/// a code fence or a thematic break.
fn opens_block(rest: &str) -> bool {
    rest.starts_with(":::")
        || rest.starts_with("```")
        || rest.starts_with("~~~")
        || rest.starts_with('>')
        || rest.starts_with('#')
        || is_thematic_break(rest)
}

/// `***`, `- - -`, `___`: three or more of one mark, spaces between.
fn is_thematic_break(rest: &str) -> bool {
    let Some(mark) = rest.chars().next().filter(|c| matches!(c, '*' | '-' | '_')) else {
        return false;
    };
    rest.chars().all(|c| c == mark || c == ' ' || c == '\t')
        && rest.chars().filter(|&c| c == mark).count() >= 3
}

/// The width of a list item's marker and the spaces after it (its
/// content column less its own indentation), if `rest` opens one.
fn list_marker(rest: &str) -> Option<usize> {
    if is_thematic_break(rest) {
        return None;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match rest.as_bytes().first()? {
        b'-' | b'*' | b'+' => 1,
        _ if (1..=9).contains(&digits)
            && matches!(rest.as_bytes().get(digits), Some(b'.' | b')')) =>
        {
            digits + 1
        }
        _ => return None,
    };
    after_marker(&rest[marker..]).map(|spaces| marker + spaces)
}

/// `rest` past the list markers that open it: the text of the innermost
/// item opened on the line (`- - ```rust` → "```rust"), where a code
/// fence may open.
pub(super) fn past_list_markers(mut rest: &str) -> &str {
    while let Some(width) = list_marker(rest) {
        rest = rest.get(width..).unwrap_or("");
    }
    rest
}

/// A note's definition, `[^label]:`: its text continues four columns in.
fn note_marker(rest: &str) -> Option<usize> {
    let label = rest.strip_prefix("[^")?;
    let end = label.find("]:")?;
    (end > 0 && !label[..end].contains([' ', '\t', ']'])).then_some(4)
}

/// A definition's `:` (pandoc's definition list): its text continues
/// where the text after the colon starts.
fn definition_marker(rest: &str) -> Option<usize> {
    let after = rest.strip_prefix([':', '~'])?;
    after_marker(after).map(|spaces| 1 + spaces)
}

/// The spaces after a marker that make it one: 1 to 4 before its text (5
/// or more: one, the rest is code), one for a marker alone on its line;
/// `None` when text follows the marker at once.
fn after_marker(after: &str) -> Option<usize> {
    if after.is_empty() {
        return Some(1);
    }
    let (spaces, text) = indentation(after);
    match spaces {
        0 => None,
        _ if text.is_empty() => Some(1),
        1..=4 => Some(spaces),
        _ => Some(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(text: &str) -> Vec<(usize, usize)> {
        let mut containers = Containers::default();
        text.lines()
            .map(|l| {
                let p = containers.line(l);
                (p.column, p.indent)
            })
            .collect()
    }

    #[test]
    fn an_item_holds_the_lines_indented_to_its_content() {
        assert_eq!(
            places("1. Step.\n\n   ::: x\n   Body.\n   :::\n\nAfter.\n"),
            [(0, 0), (3, 0), (3, 3), (3, 3), (3, 3), (3, 0), (0, 0)]
        );
    }

    #[test]
    fn a_lazy_line_stays_in_its_item_and_a_fence_closes_it() {
        assert_eq!(places("- a\nlazy\n:::\n"), [(0, 0), (2, 0), (0, 0)]);
    }

    #[test]
    fn a_note_and_a_definition_hold_their_indented_lines() {
        assert_eq!(
            places("[^n]: Text.\n\n    More.\n"),
            [(0, 0), (4, 0), (4, 4)]
        );
        assert_eq!(
            places("Term\n:   Text.\n\n    More.\n"),
            [(0, 0), (0, 0), (4, 0), (4, 4)]
        );
    }

    #[test]
    fn four_spaces_at_the_left_are_code_not_a_fence() {
        let mut containers = Containers::default();
        containers.line("Para.");
        containers.line("");
        assert!(!containers.line("    :::").may_hold_fence());
        assert!(containers.line("   :::").may_hold_fence());
    }

    #[test]
    fn items_opened_on_one_line_nest() {
        // The fuzz grammar's `- - ```rust`: the code is the inner item's,
        // four columns in, and the closing fence there too.
        assert_eq!(
            places("- - ```rust\n    code\n    ```\n\n:::\n"),
            [(0, 0), (4, 4), (4, 4), (4, 0), (0, 0)]
        );
        assert_eq!(places("1. - x\n     y\n"), [(0, 0), (5, 5)]);
        assert_eq!(past_list_markers("- 1. ```rust"), "```rust");
        assert_eq!(past_list_markers("```rust"), "```rust");
        assert_eq!(past_list_markers("- - -"), "- - -");
    }

    #[test]
    fn a_thematic_break_opens_no_item() {
        assert_eq!(places("- - -\n  x\n"), [(0, 0), (0, 2)]);
    }
}
