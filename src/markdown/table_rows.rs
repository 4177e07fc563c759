//! A pipe table's rows read from the source, to say what the parser does with a malformed one without a word: a delimiter row that does not match its header (no table at all) and cells past the last column (dropped).

/// The cells of a table row as written: `| a | b |` and `a | b` both give
/// 2. A `|` escaped (`\|`) or inside a code span is no separator.
pub(super) fn cells(line: &str) -> usize {
    let row = line.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let mut count = 1;
    let mut escaped = false;
    let mut code_ticks = 0;
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '`' => {
                let mut run = 1;
                while chars.peek() == Some(&'`') {
                    chars.next();
                    run += 1;
                }
                code_ticks = match code_ticks {
                    0 => run,
                    open if open == run => 0,
                    open => open,
                };
            }
            // `| a | b |`: the closing pipe opens no cell.
            '|' if code_ticks == 0 && chars.clone().all(char::is_whitespace) => {}
            '|' if code_ticks == 0 => count += 1,
            _ => {}
        }
    }
    count
}

/// Whether `line` is a delimiter row: `|---|:--:|`, `--- | ---`.
pub(super) fn is_delimiter(line: &str) -> bool {
    let row = line.trim();
    row.contains('-')
        && (row.contains('|') || row.starts_with('-'))
        && row
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// A paragraph's first two lines that look like a table's header and
/// delimiter rows with different counts of cells (a table GFM does not
/// make): (header cells, delimiter cells).
pub(super) fn mismatched(paragraph: &str) -> Option<(usize, usize)> {
    let bare = |l: &str| {
        l.trim_start_matches(|c: char| c == '>' || c.is_whitespace())
            .to_string()
    };
    let mut lines = paragraph.lines().map(bare);
    let (head, delimiter) = (lines.next()?, lines.next()?);
    if !head.contains('|') || !is_delimiter(&delimiter) {
        return None;
    }
    let (h, d) = (cells(&head), cells(&delimiter));
    (h != d).then_some((h, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_counted_as_written() {
        assert_eq!(cells("| a | b | c |"), 3);
        assert_eq!(cells("a | b"), 2);
        assert_eq!(cells("| a | b | c | d |  "), 4);
        assert_eq!(cells("| a \\| b | c |"), 2);
        assert_eq!(cells("| `a | b` | c |"), 2);
        assert_eq!(cells("| ``a ` | b`` | c"), 2);
        assert_eq!(cells("|---|---|"), 2);
    }

    #[test]
    fn a_delimiter_row_that_does_not_match_its_header_is_found() {
        assert_eq!(
            mismatched("| Town | Region | Pop |\n|---|---|\n| Tirana | Centre | 1 |"),
            Some((3, 2))
        );
        assert_eq!(mismatched("> | a | b |\n> |---|\n"), Some((2, 1)));
        assert_eq!(mismatched("| a | b |\n|---|---|\n"), None);
        assert_eq!(mismatched("Some text | with a pipe\nand more text"), None);
        assert_eq!(mismatched("a | b\n- item"), None);
        assert!(is_delimiter("|:--|--:|") && !is_delimiter("| a | b |"));
    }
}
