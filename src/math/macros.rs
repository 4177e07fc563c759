//! The book's own TeX commands (`[math] macros` in book.toml): each definition checked, and a formula's TeX expanded before it is read, every byte of the expansion traced to where it was written so that an error still points into the source.

use std::collections::BTreeMap;

use super::MathError;

/// How deep one macro may call another: far past any real definition;
/// a macro that calls itself stops here as an error, not a hang.
const MAX_NESTING: usize = 32;

/// How long a formula may grow by expansion, in bytes: a macro that
/// doubles itself a few times stops here.
const MAX_LENGTH: usize = 1 << 16;

/// A book's macros by name (without the backslash).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Macros {
    map: BTreeMap<String, Macro>,
}

/// One macro: what it stands for, and how many arguments it takes (the
/// highest `#n` its body uses).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Macro {
    pub body: String,
    pub arity: u8,
}

/// Why a definition cannot be used: the message and what to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDefinition {
    pub message: String,
    pub hint: String,
}

impl Macros {
    /// Adds `name` (letters, no backslash) standing for `body`.
    pub fn define(&mut self, name: &str, body: &str) -> Result<(), BadDefinition> {
        let arity = check(name, body)?;
        self.map.insert(
            name.to_string(),
            Macro {
                body: body.to_string(),
                arity,
            },
        );
        Ok(())
    }

    /// Adds `name` standing for `body` taking `arity` arguments, a
    /// definition already checked (a formula's `\newcommand`).
    pub fn insert(&mut self, name: &str, body: &str, arity: u8) {
        self.map.insert(
            name.to_string(),
            Macro {
                body: body.to_string(),
                arity,
            },
        );
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.map.keys().map(String::as_str).collect()
    }

    pub fn get(&self, name: &str) -> Option<&Macro> {
        self.map.get(name)
    }
}

/// Checks a definition: its name is letters, its braces balance, and
/// its arguments are `#1`…`#9`. Returns how many arguments it takes.
pub fn check(name: &str, body: &str) -> Result<u8, BadDefinition> {
    let bad = |message: String, hint: &str| BadDefinition {
        message,
        hint: hint.to_string(),
    };
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(bad(
            format!("the macro name {name:?} is not letters"),
            "name it with ASCII letters and no backslash: `RR = \"\\\\mathbb{R}\"`",
        ));
    }
    let mut depth = 0i32;
    let mut arity = 0u8;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // An escaped character (`\{`, `\#`) is itself.
            '\\' => {
                chars.next();
            }
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth < 0 {
                    return Err(bad(
                        format!("the macro `\\{name}` has a `}}` that closes nothing"),
                        "balance its braces",
                    ));
                }
            }
            '#' => match chars.next() {
                Some(d @ '1'..='9') => arity = arity.max(d as u8 - b'0'),
                _ => {
                    return Err(bad(
                        format!("the macro `\\{name}` has a `#` that is no argument"),
                        "arguments are `#1` to `#9`; write `\\#` for the character",
                    ))
                }
            },
            _ => {}
        }
    }
    if depth > 0 {
        return Err(bad(
            format!("the macro `\\{name}` has a `{{` that is never closed"),
            "balance its braces",
        ));
    }
    Ok(arity)
}

/// Where a byte of an expanded formula came from: the byte of the
/// formula as written (a macro's whole expansion stands at its use),
/// and the innermost macro whose body wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Origin {
    at: usize,
    name: Option<usize>,
}

/// A formula's TeX with the book's macros expanded.
pub(super) struct Expansion<'m> {
    pub text: String,
    /// One per byte of `text`, and one for its end.
    origin: Vec<Origin>,
    names: Vec<&'m str>,
}

impl Expansion<'_> {
    /// An error at a byte of the expansion, moved to the formula as
    /// written, naming the macro it came from.
    pub fn locate(&self, mut error: MathError) -> MathError {
        let origin = self
            .origin
            .get(error.offset)
            .or(self.origin.last())
            .copied()
            .unwrap_or(Origin { at: 0, name: None });
        error.offset = origin.at;
        if let Some(name) = origin.name.and_then(|i| self.names.get(i)) {
            error.message = format!("{} (in the macro `\\{name}`)", error.message);
        }
        error
    }

    /// Where byte `at` of the expansion was written.
    pub fn source_offset(&self, at: usize) -> usize {
        self.origin
            .get(at)
            .or(self.origin.last())
            .map_or(0, |o| o.at)
    }
}

/// `tex` with `macros` expanded.
pub(super) fn expand<'m>(tex: &str, macros: &'m Macros) -> Result<Expansion<'m>, MathError> {
    let names = macros.names();
    let mut out = Expansion {
        text: String::with_capacity(tex.len()),
        origin: Vec::with_capacity(tex.len() + 1),
        names,
    };
    let origin: Vec<Origin> = (0..=tex.len())
        .map(|at| Origin { at, name: None })
        .collect();
    if macros.is_empty() {
        out.text.push_str(tex);
        out.origin = origin;
        return Ok(out);
    }
    expand_into(tex, &origin, macros, 0, &mut out)?;
    out.origin.push(Origin {
        at: tex.len(),
        name: None,
    });
    Ok(out)
}

fn error_at(at: usize, message: String, hint: impl Into<String>) -> MathError {
    MathError {
        offset: at,
        message,
        hint: hint.into(),
    }
}

/// Copies `src` (its bytes' origins `origin`) into `out`, expanding
/// each use of a macro in it, and then the expansion's own.
fn expand_into(
    src: &str,
    origin: &[Origin],
    macros: &Macros,
    depth: usize,
    out: &mut Expansion<'_>,
) -> Result<(), MathError> {
    let mut i = 0;
    while i < src.len() {
        if out.text.len() > MAX_LENGTH {
            return Err(error_at(
                origin[i].at,
                format!("the formula grows past {MAX_LENGTH} bytes as its macros expand"),
                "check the book's macros for one that uses itself",
            ));
        }
        let rest = &src[i..];
        if !rest.starts_with('\\') {
            let len = rest.chars().next().map_or(1, char::len_utf8);
            push(out, &src[i..i + len], &origin[i..i + len]);
            i += len;
            continue;
        }
        let letters = rest[1..]
            .bytes()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        let name = &rest[1..1 + letters];
        let Some(definition) = macros.get(name).filter(|_| letters > 0) else {
            // A command that is no macro, or `\` and one character.
            let len = if letters > 0 {
                1 + letters
            } else {
                1 + rest[1..].chars().next().map_or(0, char::len_utf8)
            };
            push(out, &src[i..i + len], &origin[i..i + len]);
            i += len;
            continue;
        };
        let used = origin[i];
        let index = out.names.iter().position(|n| *n == name);
        if depth >= MAX_NESTING {
            return Err(error_at(
                used.at,
                format!("the macro `\\{name}` expands forever (past {MAX_NESTING} levels)"),
                "a macro may not use itself, directly or through another",
            ));
        }
        let mut at = i + 1 + letters;
        let mut arguments = Vec::with_capacity(usize::from(definition.arity));
        for k in 0..definition.arity {
            let (range, next) = argument(src, at).ok_or_else(|| {
                error_at(
                    used.at,
                    format!(
                        "the macro `\\{name}` takes {} argument{}; argument {} is missing",
                        definition.arity,
                        if definition.arity == 1 { "" } else { "s" },
                        k + 1
                    ),
                    format!(
                        "write `\\{name}{}`",
                        "{…}".repeat(usize::from(definition.arity))
                    ),
                )
            })?;
            arguments.push(range);
            at = next;
        }
        // The body, its arguments put in: each argument keeps where it
        // was written, the rest stands at the macro's use.
        let here = Origin {
            at: used.at,
            name: index,
        };
        let mut body = Expansion {
            text: String::new(),
            origin: Vec::new(),
            names: Vec::new(),
        };
        let mut chars = definition.body.char_indices().peekable();
        while let Some((b, c)) = chars.next() {
            if c == '\\' {
                let len = 1 + definition.body[b + 1..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
                body.text.push_str(&definition.body[b..b + len]);
                body.origin.extend(std::iter::repeat_n(here, len));
                for _ in 1..definition.body[b..b + len].chars().count() {
                    chars.next();
                }
                continue;
            }
            if c == '#' {
                if let Some(&(_, d)) = chars.peek() {
                    if let Some(n) = d.to_digit(10).filter(|n| (1..=9).contains(n)) {
                        chars.next();
                        if let Some(range) = arguments.get(n as usize - 1) {
                            push(&mut body, &src[range.clone()], &origin[range.clone()]);
                            separate(&mut body, &definition.body[b + 2..], here);
                        }
                        continue;
                    }
                }
            }
            let len = c.len_utf8();
            body.text.push(c);
            body.origin.extend(std::iter::repeat_n(here, len));
        }
        body.origin.push(here);
        expand_into(&body.text, &body.origin, macros, depth + 1, out)?;
        separate(out, &src[at..], here);
        i = at;
    }
    Ok(())
}

/// Copies `text` with its origins.
fn push(out: &mut Expansion<'_>, text: &str, origin: &[Origin]) {
    out.text.push_str(text);
    out.origin.extend_from_slice(&origin[..text.len()]);
}

/// A space after a command that ends an expansion when a letter follows
/// (`\alpha` then `x` would read as `\alphax`).
fn separate(out: &mut Expansion<'_>, next: &str, origin: Origin) {
    if !next.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return;
    }
    let letters = out
        .text
        .bytes()
        .rev()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let before = out.text.len() - letters;
    if letters > 0 && out.text[..before].ends_with('\\') {
        out.text.push(' ');
        out.origin.push(origin);
    }
}

/// A macro's argument at byte `at` of `src` (after spaces): a `{…}`
/// group's inside, a command, or one character. Its byte range and
/// where what follows starts.
pub(super) fn argument(src: &str, at: usize) -> Option<(std::ops::Range<usize>, usize)> {
    let start = at + (src[at..].len() - src[at..].trim_start().len());
    let rest = &src[start..];
    let first = rest.chars().next()?;
    match first {
        '{' => {
            let mut depth = 0usize;
            let mut escaped = false;
            for (k, c) in rest.char_indices() {
                if escaped {
                    escaped = false;
                    continue;
                }
                match c {
                    '\\' => escaped = true,
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some((start + 1..start + k, start + k + 1));
                        }
                    }
                    _ => {}
                }
            }
            None
        }
        '}' | '&' | '^' | '_' => None,
        '\\' => {
            let letters = rest[1..]
                .bytes()
                .take_while(u8::is_ascii_alphabetic)
                .count();
            let len = if letters > 0 {
                1 + letters
            } else {
                1 + rest[1..].chars().next().map_or(0, char::len_utf8)
            };
            Some((start..start + len, start + len))
        }
        c => Some((start..start + c.len_utf8(), start + c.len_utf8())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::{linear_text, read};

    fn book(defs: &[(&str, &str)]) -> Macros {
        let mut macros = Macros::default();
        for (name, body) in defs {
            macros.define(name, body).unwrap();
        }
        macros
    }

    #[test]
    fn definitions_are_checked() {
        assert_eq!(check("norm", "\\left\\lVert #1 \\right\\rVert"), Ok(1));
        assert_eq!(check("pair", "(#2, #1)"), Ok(2));
        assert_eq!(check("RR", "\\mathbb{R}"), Ok(0));
        assert_eq!(check("br", "\\{ x \\}"), Ok(0));
        assert!(check("R2", "x")
            .unwrap_err()
            .message
            .contains("not letters"));
        assert!(check("", "x").is_err());
        assert!(check("bad", "x_#0")
            .unwrap_err()
            .message
            .contains("no argument"));
        assert!(check("bad", "{x")
            .unwrap_err()
            .message
            .contains("never closed"));
        assert!(check("bad", "x}")
            .unwrap_err()
            .message
            .contains("closes nothing"));
    }

    #[test]
    fn macros_expand_with_their_arguments() {
        let m = book(&[
            ("RR", "\\mathbb{R}"),
            ("norm", "\\left\\lVert #1 \\right\\rVert"),
            ("pair", "(#2, #1)"),
            ("ga", "\\alpha"),
        ]);
        let line = |tex: &str| linear_text(&read(tex, &m).unwrap().nodes);
        assert_eq!(line("x \\in \\RR^n"), "𝑥∈ℝ^𝑛");
        assert_eq!(line("\\norm{\\RR}"), "‖ℝ‖");
        assert_eq!(line("\\pair{a}b"), "(𝑏,𝑎)");
        // A command ending an expansion does not swallow a letter.
        assert_eq!(line("\\ga x"), "𝛼𝑥");
        assert_eq!(line("\\pair\\ga x"), "(𝑥,𝛼)");
        // `\RRx` is another command.
        assert!(read("\\RRx", &m).is_err());
    }

    #[test]
    fn errors_point_at_the_source_and_name_the_macro() {
        let m = book(&[
            ("bad", "\\frac{#1}{\\nope}"),
            ("loop", "\\loop"),
            ("two", "#1#2"),
        ]);
        // In the body: at the macro's use, naming it.
        let e = read("x + \\bad{y}", &m).unwrap_err();
        assert_eq!(e.offset, 4);
        assert_eq!(
            e.message,
            "the TeX command `\\nope` is not read (in the macro `\\bad`)"
        );
        // In an argument: at the argument's own place.
        let e = read("x + \\bad{\\zzz}", &m).unwrap_err();
        assert_eq!(e.offset, 9);
        assert!(!e.message.contains("in the macro"), "{}", e.message);
        let e = read("a \\loop b", &m).unwrap_err();
        assert_eq!(e.offset, 2);
        assert!(e.message.contains("expands forever"));
        let e = read("\\two{a}", &m).unwrap_err();
        assert!(e
            .message
            .contains("takes 2 arguments; argument 2 is missing"));
        // A macro that doubles itself stops at the length bound.
        let m = book(&[
            ("a", "xxxxxxxxxxxxxxxx"),
            ("b", "\\a\\a\\a\\a\\a\\a\\a\\a"),
            ("c", "\\b\\b\\b\\b\\b\\b\\b\\b"),
            ("d", "\\c\\c\\c\\c\\c\\c\\c\\c"),
            ("e", "\\d\\d\\d\\d\\d\\d\\d\\d"),
        ]);
        assert!(matches!(read("\\e\\e", &m), Err(e) if e.message.contains("grows past")));
        // The hint for a misspelt command names the book's macros.
        let e = read("\\baad", &book(&[("bad", "x")])).unwrap_err();
        assert!(e.hint.contains("\\bad"), "{}", e.hint);
    }
}
