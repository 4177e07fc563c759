//! The keys that ask for pages before the title page: `also-by` (the
//! author's other books, on a card page) and `[pdf] half-title`.
//!
//! In print the card page is the back of the half-title, so `also-by`
//! turns the half-title on; a book that says `half-title = false` and
//! lists other books asks for two things that cannot both be, and is
//! told so rather than losing the list from its print edition silently.

use std::ops::Range;

use toml::Spanned;

use super::{line_col, Config};
use crate::diagnostics::Failure;

/// What `also-by` should look like, for the hints.
const EXAMPLE: &str = "also-by = [\"The Ferry Landing\", \"Salt\"]";

/// Checks `also-by` and `half-title` together; `at` makes the located
/// error (book.toml's line and column of a span).
pub(super) fn check(
    config: &Config,
    text: &str,
    at: &dyn Fn(Range<usize>, String, &str) -> Failure,
) -> Result<(), Failure> {
    let mut seen: Vec<(String, usize)> = Vec::new();
    for title in &config.also_by {
        let value = title.get_ref().trim();
        if value.is_empty() {
            return Err(at(
                title.span(),
                "`also-by` holds an empty title".to_string(),
                &format!("give each of the author's other books by its title: {EXAMPLE}"),
            ));
        }
        if let Some(mark) = emphasis(value) {
            return Err(at(
                title.span(),
                format!(
                    "`also-by` title {:?} is wrapped in `{mark}`",
                    title.get_ref()
                ),
                "write the title alone: the card page sets every title in italic",
            ));
        }
        if let Some((_, first)) = seen.iter().find(|(t, _)| t == value) {
            let (line, col) = line_col(text, *first);
            return Err(at(
                title.span(),
                format!(
                    "`also-by` lists {:?} a second time (first at line {line}, column {col})",
                    title.get_ref()
                ),
                "list each title once",
            ));
        }
        seen.push((value.to_string(), title.span().start));
    }
    if let Some(off) = refused_half_title(config) {
        return Err(at(
            off.span(),
            "`half-title = false`, but `also-by` lists other books: their card page is the half-title's back".to_string(),
            "remove `half-title = false` (`also-by` turns the half-title on), or remove `also-by`",
        ));
    }
    Ok(())
}

/// The `half-title = false` of a book that lists other books, if it says so.
fn refused_half_title(config: &Config) -> Option<&Spanned<bool>> {
    config
        .pdf
        .half_title
        .as_ref()
        .filter(|h| !*h.get_ref() && !config.also_by.is_empty())
}

/// The Markdown emphasis a title is wrapped in (`*`, `_`, `**`, `__`),
/// which would print as written: book.toml's values are not Markdown.
fn emphasis(title: &str) -> Option<&'static str> {
    ["**", "__", "*", "_"].into_iter().find(|mark| {
        title.len() > 2 * mark.len() && title.starts_with(mark) && title.ends_with(mark)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_is_found_only_around_the_whole_title() {
        assert_eq!(emphasis("*Salt*"), Some("*"));
        assert_eq!(emphasis("**Salt**"), Some("**"));
        assert_eq!(emphasis("_Salt_"), Some("_"));
        assert_eq!(emphasis("Salt"), None);
        assert_eq!(emphasis("M*A*S*H"), None);
        assert_eq!(emphasis("**"), None);
        assert_eq!(emphasis("*"), None);
    }
}
