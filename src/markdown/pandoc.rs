//! Pandoc's academic syntax that CommonMark reads as plain text — citations, raw TeX commands, and TeX math the Markdown reader left as text (its braces unbalanced) — found in a paragraph's source so the build can say it is printed as it is.
//!
//! Each finder follows pandoc's own rule closely enough not to fire on
//! ordinary prose: an e-mail address is no citation, "$5 or $10" is no
//! math.

/// The paragraph's source with its code spans blanked (same length, so
/// offsets hold): what code holds is never syntax to warn of.
pub(super) fn without_code(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(open) = rest.find('`') {
        out.push_str(&rest[..open]);
        let run = rest[open..].bytes().take_while(|&b| b == b'`').count();
        let fence = &rest[open..open + run];
        let after = &rest[open + run..];
        match find_run(after, fence) {
            Some(close) => {
                // A space per byte, so offsets after it hold.
                let span = run + close + run;
                out.extend(std::iter::repeat_n(' ', span));
                rest = &rest[open + span..];
            }
            None => {
                out.push_str(fence);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where a backtick run exactly `fence` long starts in `text`.
fn find_run(text: &str, fence: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(fence) {
        let at = from + i;
        let end = at + fence.len();
        let longer = text[end..].starts_with('`') || text[..at].ends_with('`');
        if !longer {
            return Some(at);
        }
        from = end + text[end..].bytes().take_while(|&b| b == b'`').count();
    }
    None
}

/// A pandoc citation's key: a letter, digit or `_` first, then those and
/// internal punctuation (pandoc's `:.#$%&-+?<>~/`), ending in an
/// alphanumeric. Returns its length in bytes.
pub(super) fn key_len(text: &str) -> usize {
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let inner = ":.#$%&-+?<>~/_".contains(c);
        if c.is_alphanumeric() || c == '_' {
            end = i + c.len_utf8();
        } else if !(inner && i > 0) {
            break;
        }
    }
    end
}

/// Byte offset of the first pandoc citation: `[@key]`, `[see @key, p. 3]`,
/// `[-@key]`, or in the text `@key` with a year at its end (`@lamport1978`,
/// `@smith2004a`), which a handle or an address does not have.
pub(super) fn citation(source: &str) -> Option<usize> {
    for (at, _) in source.match_indices('@') {
        let before = source[..at].chars().next_back();
        if !before.is_none_or(|c| c.is_whitespace() || "[;-".contains(c)) {
            continue;
        }
        let key = &source[at + 1..at + 1 + key_len(&source[at + 1..])];
        if key.is_empty() {
            continue;
        }
        // Within brackets on its line: `[` before it, no `]` between.
        let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
        let bracketed = source[line_start..at]
            .rfind(['[', ']'])
            .is_some_and(|i| source[line_start + i..].starts_with('['));
        let digits = key.trim_end_matches(|c: char| c.is_ascii_lowercase());
        let digits = digits.len() - digits.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let dated = digits == 4 && key.len() > 4 && key.starts_with(char::is_alphabetic);
        if bracketed || dated {
            return Some(at);
        }
    }
    None
}

/// Byte offset of the first TeX math, and whether it is display math:
/// `$$…$$`, or `$…$` by pandoc's rule — the opening `$` followed by a
/// non-space, the closing one preceded by a non-space and not followed by
/// a digit, on one line ("$5 or $10" is no math).
pub(super) fn tex_math(source: &str) -> Option<(usize, bool)> {
    if let Some(open) = source.find("$$") {
        if source[open + 2..].contains("$$") {
            return Some((open, true));
        }
    }
    let bytes = source.as_bytes();
    let mut from = 0;
    while let Some(i) = source[from..].find('$') {
        let open = from + i;
        from = open + 1;
        let escaped = open > 0 && bytes[open - 1] == b'\\';
        let next = source[open + 1..].chars().next();
        if escaped || next.is_none_or(char::is_whitespace) {
            continue;
        }
        let line_end = source[open..].find('\n').map_or(source.len(), |e| open + e);
        let closing = source[open + 1..line_end]
            .match_indices('$')
            .find(|&(j, _)| {
                let close = open + 1 + j;
                let before = source[..close].chars().next_back();
                let after = source[close + 1..].chars().next();
                j > 0
                    && before.is_some_and(|c| !c.is_whitespace() && c != '\\')
                    && !after.is_some_and(|c| c.is_ascii_digit())
            });
        if closing.is_some() {
            return Some((open, false));
        }
    }
    None
}

/// The TeX command a paragraph is made of alone (`\newpage`,
/// `\pagebreak`, `\vspace{1cm}`), which pandoc passes to LaTeX.
pub(super) fn raw_tex_command(source: &str) -> Option<&str> {
    let line = source.trim();
    let name = line.strip_prefix('\\')?;
    let letters = name.bytes().take_while(u8::is_ascii_alphabetic).count();
    let rest = &name[letters..];
    let argument = rest.is_empty() || (rest.starts_with('{') && rest.ends_with('}'));
    (letters >= 2 && argument && !line.contains('\n')).then_some(&line[..letters + 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_are_found_and_addresses_are_not() {
        for (text, at) in [
            ("As [@ongaro2014, p. 3] shows.", Some(4)),
            ("Seen [see @smith; @jones, ch. 2].", Some(10)),
            ("Smith says [-@smith04].", Some(13)),
            ("As @lamport1978 showed.", Some(3)),
            ("As @lamport1978b showed.", Some(3)),
            ("Write to ann@example.org today.", None),
            ("Follow @rustlang for news.", None),
            ("Ask @ann2 about it.", None),
            ("The rate is 5 @ 3%.", None),
            ("[A link](https://x.org/@user2020)", None),
        ] {
            assert_eq!(citation(text), at, "{text:?}");
        }
    }

    #[test]
    fn math_follows_pandocs_dollar_rule() {
        for (text, found) in [
            ("Energy $E = mc^2$ is conserved.", Some((7, false))),
            ("$$\\sum_i x_i$$", Some((0, true))),
            ("It costs $5 or $10.", None),
            ("It costs $5, and $6 more.", None),
            ("Between $ 5 and 6 $ dollars.", None),
            ("A \\$5 note and $x$.", Some((15, false))),
            ("Paid $20 then$30 back", None),
        ] {
            assert_eq!(tex_math(text), found, "{text:?}");
        }
    }

    #[test]
    fn a_paragraph_of_one_tex_command_is_raw_tex() {
        assert_eq!(raw_tex_command("\\newpage\n"), Some("\\newpage"));
        assert_eq!(raw_tex_command("\\vspace{2cm}"), Some("\\vspace"));
        assert_eq!(raw_tex_command("\\newpage and more"), None);
        assert_eq!(raw_tex_command("\\ a"), None);
        assert_eq!(raw_tex_command("Text \\newpage"), None);
    }

    #[test]
    fn code_spans_are_blanked_keeping_offsets() {
        let text = "Run `echo $HOME` then ``a`b`` and $x$.";
        let blank = without_code(text);
        assert_eq!(blank.len(), text.len());
        assert_eq!(tex_math(&blank).map(|(i, _)| i), text.find("$x$"));
        assert_eq!(without_code("Open ` only"), "Open ` only");
        assert_eq!(without_code("é `ü` é").len(), "é `ü` é".len());
    }
}
