//! The check codes: stable names, their severity and what each means (the
//! README's table is this list).

use std::path::Path;

use super::Finding;

/// One check code.
#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    pub code: &'static str,
    /// `error` makes `bookpack check` exit 1.
    pub severity: &'static str,
    pub group: &'static str,
    pub summary: &'static str,
    /// Whether `--fix` repairs it.
    pub fixable: bool,
}

const fn code(
    code: &'static str,
    severity: &'static str,
    group: &'static str,
    summary: &'static str,
    fixable: bool,
) -> CodeInfo {
    CodeInfo {
        code,
        severity,
        group,
        summary,
        fixable,
    }
}

const W: &str = "warning";
const E: &str = "error";

pub const CODES: &[CodeInfo] = &[
    code("ocr-confusion", W, "scanning", "letters a scanner confuses (rn/m, cl/d, e/c, l/i/1, O/0, ri/n, li/h, vv/w): `Cornrade` → `Comrade`, when the other reading is a word and this one is not", false),
    code("stray-full-stop", W, "scanning", "a full stop inside a word: `A.fter`, `att.acked`", false),
    code("missing-space", W, "scanning", "no space after a full stop between two words: `vain.We`", false),
    code("split-word", W, "scanning", "a space inside a word: `conf ront`, `th at`", false),
    code("run-together", W, "scanning", "two words run together: `indifficult`, `ChineaeSoviet`", false),
    code("line-end-hyphen", W, "scanning", "a hyphen left from a line end: `organ- ization`", false),
    code("lost-hyphen", W, "scanning", "a compound the book hyphenates elsewhere written without its hyphen, or `anti`/`non`/`semi`/… standing alone", false),
    code("stray-accent", W, "scanning", "an accent the word does not take: `Marxìst`", false),
    code("name-variant", W, "scanning", "a name spelt once one way and elsewhere another: `Den Xiaoping` / `Deng Xiaoping`; a title word the text spells otherwise", false),
    code("spelling", W, "spelling", "a word neither the dictionary nor `words.txt` knows", false),
    code("no-dictionary", W, "spelling", "no Hunspell dictionary for the book's language (spelling is not checked), or for the language of a passage (its words are not spell-checked; said once, at its first word)", false),
    code("straight-quote", W, "typography", "a straight quote or apostrophe in a book that uses curly ones", true),
    code("unbalanced-quote", W, "typography", "a quotation mark or bracket without its partner in the paragraph", false),
    code("open-quote-continued", W, "typography", "a quotation left open at a paragraph's end while the next paragraph opens another (right only when one speech runs on)", false),
    code("quote-spacing", W, "typography", "a space inside quotation marks: `“ peaceful`, `Enver. ”`", false),
    code("spaced-hyphen", W, "typography", "a hyphen with spaces around it used as a dash: `a - b`", false),
    code("doubled-word", W, "typography", "the same word twice: `the the` (not across a hard line break)", false),
    code("doubled-space", W, "typography", "two or more spaces between words", true),
    code("doubled-punctuation", W, "typography", "two marks where one belongs: `road,”.`, `,.`", false),
    code("lowercase-after-stop", W, "typography", "a sentence that starts in lower case after a full stop: `Tirana. with`", false),
    code("capital-after-comma", W, "typography", "a capitalised common word after a comma: `company, The` (not a line's first word after a hard line break)", false),
    code("missing-final-punctuation", W, "typography", "a paragraph that ends without a full stop, question or exclamation mark, colon, dash or closing quote (not lines set with hard breaks, a letter's salutation, closing or signature, a list item, a definition or a short line wholly in italic)", false),
    code("note-ref-placement", W, "typography", "a note reference before the punctuation where the book puts them after it, or the reverse", false),
    code("ellipsis-mixed", W, "typography", "`...` and `…` both used: the less used form is flagged", false),
    code("heading-skip", W, "structure", "a heading level that skips one: `#` then `###`", false),
    code("empty-chapter", W, "structure", "a chapter with no text under its title (a part's page may have its title alone)", false),
    code("duplicate-heading", W, "structure", "the same heading twice in a chapter, or the same title for two chapters or two parts (a part may share a chapter's title)", false),
    code("underlined-paragraph", W, "structure", "a sentence turned into a `##` heading by a `---` right under it, meant as a scene break (CommonMark's setext heading)", false),
    code("code-language", W, "structure", "a code block whose language none of the grammars knows, so it is set in black (`pyhton` → `python`); not with `[code] highlight = false`, nor for `text`", false),
    code("image-alt", W, "structure", "an image without alt text", false),
    code("note-link-by-number", W, "structure", "a link to a note reference by its number (`ch.md#noteref-4`), which moves to another note when a note is added before it: link to `noteref-` and the note's label", false),
    code("link-by-former-id", W, "structure", "a link to a heading by the ASCII id it had before ids kept every script (`#malenkaya-knyaginya` for `## Маленькая княгиня`, now `маленькая-княгиня`): it still resolves", false),
    code("dangling-link", W, "structure", "a link that leads nowhere the editions can go (the build drops it)", false),
    code("undefined-note", E, "structure", "a note reference without a note (the build fails)", false),
    code("unreferenced-note", W, "structure", "a note never referenced (the build leaves it out)", false),
    code("duplicate-note", E, "structure", "a note defined twice (the build fails)", false),
    code("identical-notes", W, "structure", "two notes with the same text", false),
    code("build", W, "structure", "anything else the build itself reports (its severity is kept)", false),
    code("index-see-missing", W, "index", "an `index-see` or `index-see-also` that names a heading the index does not have (`a!b` names a sub-entry; case, accents and punctuation aside), with the nearest heading", false),
    code("index-variant", W, "index", "two index entries that differ only in case, accents, punctuation or spacing (`Khrushchev, Nikita` / `khrushchev nikita`): said at the later one's first mark", false),
    code("index-lone-subentry", W, "index", "an index heading whose only content is one sub-entry (no places, no cross-reference): fold the two into one entry", false),
    code("index-many-locators", W, "index", "an index heading with more than 15 places of its own: break them into sub-entries", false),
    code("no-rights", W, "metadata", "book.toml has no `rights`", false),
    code("no-description", W, "metadata", "book.toml has no `description`", false),
    code("no-identifier", W, "metadata", "book.toml has no `identifier` (a stable `urn:uuid:` is derived, but an ISBN or URL is better)", false),
    code("future-date", W, "metadata", "the book's `date` is after today (`SOURCE_DATE_EPOCH`, else the clock)", false),
];

pub fn info(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code == code)
}

pub fn names() -> Vec<&'static str> {
    CODES.iter().map(|c| c.code).collect()
}

/// A finding with the code's severity.
pub(crate) fn finding(
    code: &str,
    file: &Path,
    line: u32,
    column: u32,
    message: String,
    suggestion: Option<String>,
) -> Finding {
    let info = info(code).expect("a known check code");
    Finding {
        code: info.code.to_string(),
        severity: info.severity,
        file: file.to_path_buf(),
        line,
        column,
        message,
        suggestion,
        fix: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for c in CODES {
            assert!(seen.insert(c.code), "{} twice", c.code);
            assert!(c
                .code
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch == '-'));
            assert!(matches!(c.severity, "warning" | "error"));
        }
    }
}
