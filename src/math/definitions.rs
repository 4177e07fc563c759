//! `\newcommand`, `\renewcommand`, `\providecommand`, `\def` and `\DeclareMathOperator` written in a formula, as pandoc and MathJax read them: taken out of its TeX (the rest keeps every byte's place) to be the book's macros from there on.

use super::macros::argument;
use super::MathError;

/// One definition read out of a formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The command's name, without its backslash.
    pub name: String,
    pub body: String,
    /// The arguments it takes: `[n]`, or the `#n` of `\def`'s parameters.
    pub arity: u8,
    /// `\providecommand`: a name already defined keeps its definition.
    pub only_if_new: bool,
    /// The byte of the formula where the definition starts.
    pub at: usize,
}

/// A formula's definitions and what is left of its TeX: each definition
/// blanked to spaces, so that an offset in `rest` is one in the formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definitions {
    pub found: Vec<Definition>,
    pub rest: String,
}

/// The commands that define, as they are written after the backslash.
const DEFINING: [&str; 5] = [
    "newcommand",
    "renewcommand",
    "providecommand",
    "def",
    "DeclareMathOperator",
];

/// The definitions in `tex`, or `None` when it has none (the cheap,
/// usual answer: no backslash starts one of the defining commands).
pub fn take(tex: &str) -> Result<Option<Definitions>, MathError> {
    if !DEFINING.iter().any(|d| tex.contains(d)) {
        return Ok(None);
    }
    let mut found = Vec::new();
    let mut rest = tex.to_string();
    let mut i = 0;
    while i < tex.len() {
        let Some(step) = tex[i..].find('\\') else {
            break;
        };
        let start = i + step;
        let letters = tex[start + 1..]
            .bytes()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        let name = &tex[start + 1..start + 1 + letters];
        if letters == 0 {
            // `\\`, `\{`: the escaped character is skipped with it.
            i = start + 1 + tex[start + 1..].chars().next().map_or(0, char::len_utf8);
            continue;
        }
        let after = start + 1 + letters;
        if !DEFINING.contains(&name) {
            i = after;
            continue;
        }
        let (definition, end) = match name {
            "def" => read_def(tex, start, after)?,
            "DeclareMathOperator" => read_operator(tex, start, after)?,
            _ => read_newcommand(tex, start, after, name == "providecommand")?,
        };
        // Blanked byte for byte: whole characters go, so `rest` stays
        // UTF-8, and line breaks stay for the lines' count.
        let blank: String = tex[start..end]
            .chars()
            .map(|c| {
                if c == '\n' {
                    "\n".to_string()
                } else {
                    " ".repeat(c.len_utf8())
                }
            })
            .collect();
        rest.replace_range(start..end, &blank);
        found.push(definition);
        i = end;
    }
    Ok((!found.is_empty()).then_some(Definitions { found, rest }))
}

fn error(at: usize, message: String, hint: &str) -> MathError {
    MathError {
        offset: at,
        message,
        hint: hint.to_string(),
    }
}

/// `at` past any white space in `tex`.
fn skip_space(tex: &str, at: usize) -> usize {
    at + (tex[at..].len() - tex[at..].trim_start().len())
}

/// The command named at `at` (`\name` or `{\name}`), and where it ends.
fn defined_name(tex: &str, command: &str, at: usize) -> Result<(String, usize), MathError> {
    let missing = || {
        error(
            at,
            format!("`\\{command}` names no command to define"),
            "write the name with its backslash: `\\newcommand{\\RR}{\\mathbb{R}}`",
        )
    };
    let at = skip_space(tex, at);
    let (inner, end) = if tex[at..].starts_with('{') {
        let (range, end) = argument(tex, at).ok_or_else(missing)?;
        (tex[range].trim(), end)
    } else if let Some(after) = tex[at..].strip_prefix('\\') {
        let letters = after.bytes().take_while(u8::is_ascii_alphabetic).count();
        (&tex[at..at + 1 + letters], at + 1 + letters)
    } else {
        return Err(missing());
    };
    let name = inner.strip_prefix('\\').ok_or_else(missing)?;
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(error(
            at,
            format!("`\\{command}` can define only a command of letters, not `{inner}`"),
            "name it with letters: `\\newcommand{\\RR}{\\mathbb{R}}`",
        ));
    }
    Ok((name.to_string(), end))
}

/// The body in braces at `at`, and where it ends.
fn body(tex: &str, command: &str, name: &str, at: usize) -> Result<(String, usize), MathError> {
    let at = skip_space(tex, at);
    if !tex[at..].starts_with('{') {
        return Err(error(
            at,
            format!("`\\{command}` gives `\\{name}` no body in braces"),
            "write what it stands for in braces: `\\newcommand{\\RR}{\\mathbb{R}}`",
        ));
    }
    let (range, end) = argument(tex, at).ok_or_else(|| {
        error(
            at,
            format!("the body of `\\{name}` has a `{{` that is never closed"),
            "balance its braces",
        )
    })?;
    Ok((tex[range].to_string(), end))
}

/// `\newcommand{\name}[n]{body}` (or `\renewcommand`, `\providecommand`;
/// a `*` after the command is LaTeX's and changes nothing here).
fn read_newcommand(
    tex: &str,
    start: usize,
    after: usize,
    only_if_new: bool,
) -> Result<(Definition, usize), MathError> {
    let command = tex[start + 1..after].to_string();
    let after = if tex[after..].starts_with('*') {
        after + 1
    } else {
        after
    };
    let (name, mut at) = defined_name(tex, &command, after)?;
    let mut arity = 0u8;
    let bracket = skip_space(tex, at);
    if tex[bracket..].starts_with('[') {
        let close = tex[bracket..].find(']').map(|k| bracket + k);
        let count = close.and_then(|c| tex[bracket + 1..c].trim().parse::<u8>().ok());
        match (close, count) {
            (Some(c), Some(n)) if n <= 9 => {
                arity = n;
                at = c + 1;
            }
            _ => {
                return Err(error(
                    bracket,
                    format!("`\\{name}`'s number of arguments is not 0 to 9"),
                    "write it in brackets: `\\newcommand{\\norm}[1]{\\lVert #1 \\rVert}`",
                ))
            }
        }
        let optional = skip_space(tex, at);
        if tex[optional..].starts_with('[') {
            return Err(error(
                optional,
                format!("`\\{name}` has an optional argument, which bookpack does not read"),
                "make every argument required, or define two commands",
            ));
        }
    }
    let (body, end) = body(tex, &command, &name, at)?;
    let used =
        super::check_macro(&name, &body).map_err(|bad| error(start, bad.message, &bad.hint))?;
    if used > arity {
        return Err(error(
            start,
            format!(
                "`\\{name}` uses `#{used}` but takes {arity} argument{}",
                plural(arity)
            ),
            &format!("declare them: `\\{command}{{\\{name}}}[{used}]{{…}}`"),
        ));
    }
    Ok((
        Definition {
            name,
            body,
            arity,
            only_if_new,
            at: start,
        },
        end,
    ))
}

fn plural(n: u8) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `\def\name#1#2{body}`: TeX's parameters, numbered in order.
fn read_def(tex: &str, start: usize, after: usize) -> Result<(Definition, usize), MathError> {
    let (name, at) = defined_name(tex, "def", after)?;
    let mut arity = 0u8;
    let mut k = skip_space(tex, at);
    while tex[k..].starts_with('#') {
        match tex[k + 1..].chars().next() {
            Some(d) if d.to_digit(10) == Some(u32::from(arity) + 1) => {
                arity += 1;
                k = skip_space(tex, k + 2);
            }
            _ => {
                return Err(error(
                    k,
                    format!(
                        "`\\{name}`'s parameters are not `#1`, `#2`… in order, without delimiters"
                    ),
                    "write `\\def\\name#1#2{…}`, or `\\newcommand{\\name}[2]{…}`",
                ))
            }
        }
    }
    let (body, end) = body(tex, "def", &name, k)?;
    let used =
        super::check_macro(&name, &body).map_err(|bad| error(start, bad.message, &bad.hint))?;
    if used > arity {
        return Err(error(
            start,
            format!(
                "`\\{name}` uses `#{used}` but takes {arity} argument{}",
                plural(arity)
            ),
            "list its parameters: `\\def\\name#1#2{…}`",
        ));
    }
    Ok((
        Definition {
            name,
            body,
            arity,
            only_if_new: false,
            at: start,
        },
        end,
    ))
}

/// `\DeclareMathOperator{\name}{text}`: `\operatorname{text}`; with a
/// `*`, its scripts set as limits.
fn read_operator(tex: &str, start: usize, after: usize) -> Result<(Definition, usize), MathError> {
    let star = tex[after..].starts_with('*');
    let after = after + usize::from(star);
    let (name, at) = defined_name(tex, "DeclareMathOperator", after)?;
    let (text, end) = body(tex, "DeclareMathOperator", &name, at)?;
    let body = format!("\\operatorname{}{{{text}}}", if star { "*" } else { "" });
    super::check_macro(&name, &body).map_err(|bad| error(start, bad.message, &bad.hint))?;
    Ok((
        Definition {
            name,
            body,
            arity: 0,
            only_if_new: false,
            at: start,
        },
        end,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(tex: &str) -> Definition {
        let taken = take(tex).unwrap().unwrap();
        assert_eq!(taken.found.len(), 1, "{tex}");
        taken.found.into_iter().next().unwrap()
    }

    #[test]
    fn a_formula_without_definitions_is_left_alone() {
        assert_eq!(take(r"\frac{a}{b} + \deg p + \default").unwrap(), None);
    }

    #[test]
    fn each_form_is_read() {
        let d = one(r"\newcommand{\RR}{\mathbb{R}}");
        assert_eq!(
            (d.name.as_str(), d.body.as_str(), d.arity),
            ("RR", r"\mathbb{R}", 0)
        );
        let d = one(r"\renewcommand\norm[1]{\lVert #1 \rVert}");
        assert_eq!(
            (d.name.as_str(), d.body.as_str(), d.arity),
            ("norm", r"\lVert #1 \rVert", 1)
        );
        let d = one(r"\newcommand*{\pair}[2]{(#1, #2)}");
        assert_eq!((d.name.as_str(), d.arity), ("pair", 2));
        let d = one(r"\def\abs#1{\lvert #1 \rvert}");
        assert_eq!(
            (d.name.as_str(), d.body.as_str(), d.arity),
            ("abs", r"\lvert #1 \rvert", 1)
        );
        let d = one(r"\def \ip #1 #2{\langle #1, #2 \rangle}");
        assert_eq!((d.name.as_str(), d.arity), ("ip", 2));
        let d = one(r"\DeclareMathOperator{\tr}{tr}");
        assert_eq!(
            (d.name.as_str(), d.body.as_str()),
            ("tr", r"\operatorname{tr}")
        );
        let d = one(r"\DeclareMathOperator*{\argmax}{arg\,max}");
        assert_eq!(d.body, r"\operatorname*{arg\,max}");
        let d = one(r"\providecommand{\e}{\mathrm{e}}");
        assert!(d.only_if_new);
    }

    #[test]
    fn the_rest_keeps_every_byte_in_its_place() {
        let tex = "\\newcommand{\\RR}{\\mathbb{R}} x \\in \\RR";
        let taken = take(tex).unwrap().unwrap();
        assert_eq!(taken.rest.len(), tex.len());
        assert_eq!(taken.rest.trim(), "x \\in \\RR");
        assert_eq!(taken.rest.find('x'), tex.find('x'));
        // Two definitions, a line break between them and a non-ASCII body.
        let tex = "\\def\\a{α}\n\\def\\b{β}";
        let taken = take(tex).unwrap().unwrap();
        assert_eq!(taken.found.len(), 2);
        assert_eq!(taken.rest.trim(), "");
        assert_eq!(taken.rest.matches('\n').count(), 1);
        assert_eq!(taken.found[1].at, tex.find("\\def\\b").unwrap());
    }

    #[test]
    fn a_bad_definition_says_where_and_what_to_write() {
        let cases = [
            (r"\newcommand{RR}{x}", 11, "names no command"),
            (r"\newcommand{\RR}", 16, "no body"),
            (r"\newcommand{\RR}{\mathbb{R}", 16, "never closed"),
            (r"\newcommand{\f}[x]{#1}", 15, "not 0 to 9"),
            (r"\newcommand{\f}[1][a]{#1}", 18, "optional argument"),
            (r"\newcommand{\f}{#1}", 0, "uses `#1` but takes 0"),
            (r"\newcommand{\f}[1]{#1}}", usize::MAX, ""),
            (r"\def\f#2{#2}", 6, "in order"),
            (r"\newcommand{\f1}{x}", 11, "only a command of letters"),
        ];
        for (tex, at, says) in cases {
            match take(tex) {
                Err(e) => {
                    assert_eq!(e.offset, at, "{tex}: {}", e.message);
                    assert!(e.message.contains(says), "{tex}: {}", e.message);
                    assert!(!e.hint.is_empty());
                }
                // A stray `}` after a good definition is the formula's
                // to complain of, not the definition's.
                Ok(Some(found)) => {
                    assert_eq!(at, usize::MAX, "{tex}");
                    assert_eq!(found.rest.trim(), "}");
                }
                Ok(None) => panic!("{tex}: no definition found"),
            }
        }
    }
}
