//! A code fence's info string read as Quarto and pandoc write it: the language, and the attributes in braces that make the block a listing (`#lst-id`, `lst-cap="…"`) or number its lines (`.numberLines`, `startFrom="10"`).
//!
//! ```text
//! ```rust                                   language only (as before)
//! ```{.python #lst-fib lst-cap="Computing"}  Quarto: the first class is the language
//! ```python {#lst-fib .numberLines startFrom="10"}   pandoc
//! ``` {.rust .numberLines}
//! ```{r}                                    Quarto's cell: `r` is the language
//! ```
//!
//! What cannot be read is not dropped in silence: each fault is a
//! [`Fault`] at its byte offset in the info string, with a hint.

/// What a fence's info string asks of its block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FenceInfo {
    pub language: Option<String>,
    /// `#id`: a link's target.
    pub id: Option<String>,
    /// `lst-cap="…"`: the caption's Markdown, and its byte offset in the
    /// info string (where its text starts).
    pub caption: Option<(String, usize)>,
    /// `.numberLines` (or `startFrom`): the first line's number.
    pub first_line: Option<u32>,
}

/// Something in the info string that could not be read or is not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// Byte offset in the info string.
    pub at: usize,
    pub message: String,
    pub hint: String,
}

/// The attributes bookpack reads, for the hint of an unknown one.
pub const KNOWN: &str = "`.language`, `#id`, `lst-cap=\"…\"`, `.numberLines`, `startFrom=\"N\"`";

/// Reads `info` (the text after the opening fence, as pulldown-cmark
/// gives it).
pub fn read(info: &str) -> (FenceInfo, Vec<Fault>) {
    let mut out = FenceInfo::default();
    let mut faults = Vec::new();
    let trimmed_start = info.len() - info.trim_start().len();
    let body = info.trim();
    if body.is_empty() {
        return (out, faults);
    }
    let (attrs_at, attrs) = if let Some(open) = body.find('{') {
        let before = body[..open].trim();
        if !before.is_empty() {
            // `python {…}`: the language before the braces.
            out.language = before.split_whitespace().next().map(str::to_string);
            if before.split_whitespace().count() > 1 {
                faults.push(Fault {
                    at: trimmed_start,
                    message: format!("code fence `{body}` has words before its attributes that are not read"),
                    hint: format!("write the language, then the attributes in braces: ```python {{#lst-x}}; known attributes: {KNOWN}"),
                });
            }
        }
        let at = trimmed_start + open;
        match body[open..].rfind('}') {
            Some(close) if body[open + close + 1..].trim().is_empty() => {
                (at + 1, &body[open + 1..open + close])
            }
            _ => {
                faults.push(Fault {
                    at,
                    message: format!("code fence attributes `{}` are not closed with `}}`; they are not read", &body[open..]),
                    hint: "close the braces at the end of the fence's line: ```{.python #lst-x lst-cap=\"…\"}".into(),
                });
                return (out, faults);
            }
        }
    } else {
        // No braces: the first word is the language, as before.
        out.language = body.split_whitespace().next().map(str::to_string);
        return (out, faults);
    };
    let mut number_lines = false;
    let mut start_from = None;
    let mut first_word = true;
    for (at, token) in tokens(attrs, attrs_at, &mut faults) {
        let first = std::mem::take(&mut first_word);
        let fault = |message: String, hint: String| Fault { at, message, hint };
        match token {
            Token::Class(class) if class == "numberLines" || class == "number-lines" => {
                number_lines = true;
            }
            Token::Class(class) if out.language.is_none() => out.language = Some(class),
            Token::Class(class) => faults.push(fault(
                format!("code fence class `.{class}` is not used (the language is `{}`)", out.language.as_deref().unwrap_or("")),
                format!("remove it; known attributes: {KNOWN}"),
            )),
            // Quarto's `{r}`, `{python}`: a cell's language.
            Token::Word(word) if first && out.language.is_none() => out.language = Some(word),
            Token::Word(word) => faults.push(fault(
                format!("code fence attribute `{word}` is not read"),
                format!("known attributes: {KNOWN}"),
            )),
            Token::Id(id) if out.id.is_some() => faults.push(fault(
                format!("code fence has a second id `#{id}`; it is not used"),
                "give a block one id".into(),
            )),
            Token::Id(id) => out.id = Some(id),
            Token::Pair(key, value, value_at) => match key.as_str() {
                "lst-cap" => out.caption = Some((value, value_at)),
                "startFrom" | "start-from" => match value.trim().parse::<u32>() {
                    Ok(n) => start_from = Some(n),
                    Err(_) => faults.push(fault(
                        format!("code fence `{key}=\"{value}\"` is not a line number; lines are numbered from 1"),
                        "give a whole number: startFrom=\"10\"".into(),
                    )),
                },
                _ => faults.push(fault(
                    format!("code fence attribute `{key}` is not known; it is not used"),
                    format!("known attributes: {KNOWN}"),
                )),
            },
        }
    }
    if number_lines || start_from.is_some() {
        out.first_line = Some(start_from.unwrap_or(1));
    }
    (out, faults)
}

/// One attribute inside the braces.
#[derive(Debug, PartialEq)]
enum Token {
    Class(String),
    Id(String),
    /// Key, value, and the value's byte offset.
    Pair(String, String, usize),
    Word(String),
}

/// The attributes of `attrs` (the text inside the braces, which starts at
/// byte `base` of the info string), each with its offset. A quoted value
/// left open is a fault, and ends the reading.
fn tokens(attrs: &str, base: usize, faults: &mut Vec<Fault>) -> Vec<(usize, Token)> {
    let mut out = Vec::new();
    let bytes = attrs.as_bytes();
    let mut i = 0;
    while i < attrs.len() {
        let c = attrs[i..].chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        // A name runs to a space or `=`.
        let name_end = attrs[i..]
            .find(|c: char| c.is_whitespace() || c == '=')
            .map_or(attrs.len(), |k| i + k);
        let name = &attrs[start..name_end];
        if bytes.get(name_end) == Some(&b'=') {
            let value_start = name_end + 1;
            let (value, end) = match bytes.get(value_start) {
                Some(&q @ (b'"' | b'\'')) => {
                    let mut value = String::new();
                    let mut k = value_start + 1;
                    let mut closed = None;
                    while k < attrs.len() {
                        let ch = attrs[k..].chars().next().unwrap_or(' ');
                        if ch == '\\' && k + 1 < attrs.len() {
                            let next = attrs[k + 1..].chars().next().unwrap_or(' ');
                            value.push(next);
                            k += 1 + next.len_utf8();
                            continue;
                        }
                        if ch as u32 == u32::from(q) {
                            closed = Some(k + 1);
                            break;
                        }
                        value.push(ch);
                        k += ch.len_utf8();
                    }
                    let Some(end) = closed else {
                        faults.push(Fault {
                            at: base + start,
                            message: format!("code fence attribute `{name}` has a quote that is not closed; it and what follows are not read"),
                            hint: format!("close the quote: {name}=\"…\""),
                        });
                        return out;
                    };
                    (value, end)
                }
                _ => {
                    let end = attrs[value_start..]
                        .find(char::is_whitespace)
                        .map_or(attrs.len(), |k| value_start + k);
                    (attrs[value_start..end].to_string(), end)
                }
            };
            let value_at = base
                + value_start
                + usize::from(matches!(bytes.get(value_start), Some(b'"' | b'\'')));
            out.push((base + start, Token::Pair(name.to_string(), value, value_at)));
            i = end;
            continue;
        }
        let token = if let Some(class) = name.strip_prefix('.') {
            Token::Class(class.to_string())
        } else if let Some(id) = name.strip_prefix('#') {
            Token::Id(id.to_string())
        } else {
            Token::Word(name.to_string())
        };
        out.push((base + start, token));
        i = name_end;
    }
    out
}

impl super::builder::Builder<'_> {
    /// Reads a fence's info string (`info`, as pulldown-cmark gives it)
    /// for the fence at byte `fence_at`: what it asks, and the byte where
    /// the info starts; each fault a warning at its place.
    pub(super) fn fence_info(&mut self, info: &str, fence_at: usize) -> (FenceInfo, usize) {
        let line = self
            .text
            .get(fence_at..)
            .and_then(|t| t.lines().next())
            .unwrap_or("");
        let info_at = match info.trim() {
            "" => fence_at,
            trimmed => fence_at + line.find(trimmed).unwrap_or(0),
        };
        let (read, faults) = read(info.trim());
        for fault in faults {
            self.warn_at(info_at + fault.at, fault.message, fault.hint);
        }
        (read, info_at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(language: Option<&str>, id: Option<&str>, first_line: Option<u32>) -> FenceInfo {
        FenceInfo {
            language: language.map(str::to_string),
            id: id.map(str::to_string),
            caption: None,
            first_line,
        }
    }

    #[test]
    fn a_language_alone_reads_as_before() {
        assert_eq!(read("rust"), (info(Some("rust"), None, None), vec![]));
        assert_eq!(
            read(" rust ignore"),
            (info(Some("rust"), None, None), vec![])
        );
        assert_eq!(
            read("rust,ignore").0.language.as_deref(),
            Some("rust,ignore")
        );
        assert_eq!(read(""), (FenceInfo::default(), vec![]));
    }

    #[test]
    fn quartos_listing() {
        let text = "{.python #lst-fib lst-cap=\"Computing *Fibonacci*\"}";
        let (got, faults) = read(text);
        assert_eq!(faults, vec![]);
        assert_eq!(got.language.as_deref(), Some("python"));
        assert_eq!(got.id.as_deref(), Some("lst-fib"));
        let (caption, at) = got.caption.unwrap();
        assert_eq!(caption, "Computing *Fibonacci*");
        assert_eq!(&text[at..at + 9], "Computing");
        assert_eq!(got.first_line, None);
        assert_eq!(read("{r}").0.language.as_deref(), Some("r"));
    }

    #[test]
    fn pandocs_numbered_lines() {
        let (got, faults) = read("python {#lst-fib .numberLines startFrom=\"10\"}");
        assert_eq!(faults, vec![]);
        assert_eq!(got, info(Some("python"), Some("lst-fib"), Some(10)));
        let (got, faults) = read(" {.rust .numberLines}");
        assert_eq!(faults, vec![]);
        assert_eq!(got, info(Some("rust"), None, Some(1)));
        assert_eq!(read("{.numberLines}").0, info(None, None, Some(1)));
        assert_eq!(read("{startFrom=5}").0, info(None, None, Some(5)));
        assert_eq!(
            read("{lst-cap='It\\'s \"here\"'}").0.caption.unwrap().0,
            "It's \"here\""
        );
    }

    #[test]
    fn what_cannot_be_read_is_said_where() {
        let (got, faults) = read("{.rust #lst-a lst-cap=\"open}");
        assert_eq!(got.language.as_deref(), Some("rust"));
        assert_eq!(faults.len(), 1);
        assert_eq!(faults[0].at, 14);
        assert_eq!(
            faults[0].message,
            "code fence attribute `lst-cap` has a quote that is not closed; it and what follows are not read"
        );
        let (got, faults) = read("{.rust #lst-a");
        assert_eq!(got, FenceInfo::default());
        assert_eq!(faults[0].at, 0);
        assert!(
            faults[0].message.contains("not closed with `}`"),
            "{faults:?}"
        );
        let (_, faults) = read("{.rust caption=\"x\" startFrom=ten .java}");
        let said: Vec<(usize, &str)> = faults.iter().map(|f| (f.at, f.message.as_str())).collect();
        assert_eq!(
            said,
            [
                (7, "code fence attribute `caption` is not known; it is not used"),
                (19, "code fence `startFrom=\"ten\"` is not a line number; lines are numbered from 1"),
                (33, "code fence class `.java` is not used (the language is `rust`)"),
            ]
        );
        assert_eq!(faults[0].hint, format!("known attributes: {KNOWN}"));
        let (_, faults) = read("{#a #b}");
        assert_eq!(faults[0].at, 4);
        assert_eq!(
            faults[0].message,
            "code fence has a second id `#b`; it is not used"
        );
    }
}
