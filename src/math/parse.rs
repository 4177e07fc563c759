//! Reads the TeX of a formula into [`MathNode`]s: LaTeX's and amsmath's math commands and environments, each error at its byte in the TeX.

mod classes;
mod environments;
mod names;

use names::STRUCTURES;

use super::symbols::{self, Symbol};
use super::MathError;
use crate::model::{EquationTag, FracStyle, MathLevel, MathNode, MathStyle, OpClass};
use classes::demote_binaries;

/// How deep groups, fractions and environments may nest: far past any
/// real formula, short of the stack.
const MAX_DEPTH: usize = 64;

/// Reads `tex`, `macros` the names of the book's own commands (for a
/// misspelt command's hint: they were expanded before).
pub(super) fn parse(tex: &str, macros: &[&str]) -> Result<Parsed, MathError> {
    let mut parser = Parser {
        tex,
        at: 0,
        depth: 0,
        fences: 0,
        tag: None,
        macros,
    };
    let nodes = parser.list(Stop::End, None)?;
    Ok(Parsed {
        nodes,
        tag: parser.tag,
    })
}

/// A formula read: its nodes, and its `\tag` (or `\notag`) with the
/// byte it stands at.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub nodes: Vec<MathNode>,
    pub tag: Option<(usize, EquationTag)>,
}

/// What ends a list of nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// The end of the formula.
    End,
    /// The `}` closing a group.
    Brace,
    /// `\right`.
    Right,
    /// A cell of an environment: `&`, `\\` or `\end`.
    Cell,
    /// A line of `\substack`: `\\` or its closing `}` (left untaken).
    Line,
}

/// One token of TeX.
#[derive(Debug, Clone, PartialEq)]
enum Token<'a> {
    /// `\name`, or `\` and one other character (`\,`, `\{`).
    Command(&'a str),
    Char(char),
}

struct Parser<'a> {
    tex: &'a str,
    /// Byte offset of the next token.
    at: usize,
    depth: usize,
    /// How many `\left…\right` enclose the next token: where
    /// `\middle` may stand.
    fences: usize,
    /// The formula's `\tag`, `\notag`, with where it stands.
    tag: Option<(usize, EquationTag)>,
    /// The book's macro names, for hints.
    macros: &'a [&'a str],
}

impl<'a> Parser<'a> {
    fn error(&self, at: usize, message: impl Into<String>, hint: impl Into<String>) -> MathError {
        MathError {
            offset: at,
            message: message.into(),
            hint: hint.into(),
        }
    }

    fn skip_space(&mut self) {
        let rest = &self.tex[self.at..];
        self.at += rest.len() - rest.trim_start().len();
    }

    /// The next token and where it starts, without taking it.
    fn peek(&mut self) -> Option<(usize, Token<'a>)> {
        self.skip_space();
        let rest = &self.tex[self.at..];
        let mut chars = rest.chars();
        let first = chars.next()?;
        if first != '\\' {
            return Some((self.at, Token::Char(first)));
        }
        let letters = rest[1..]
            .bytes()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        let name = if letters > 0 {
            &rest[1..1 + letters]
        } else {
            match chars.next() {
                Some(c) => &rest[1..1 + c.len_utf8()],
                None => "",
            }
        };
        Some((self.at, Token::Command(name)))
    }

    /// Takes the token [`Parser::peek`] saw.
    fn take(&mut self) -> Option<(usize, Token<'a>)> {
        let (at, token) = self.peek()?;
        self.at = at
            + match token {
                Token::Command(name) => 1 + name.len(),
                Token::Char(c) => c.len_utf8(),
            };
        Some((at, token))
    }

    fn enter(&mut self, at: usize) -> Result<(), MathError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(
                at,
                format!("the formula nests deeper than {MAX_DEPTH} levels"),
                "split it into smaller formulas",
            ));
        }
        Ok(())
    }

    /// Nodes up to `stop`, which is left untaken (a `}` is taken).
    /// `style` is the alphabet letters are set in (`\mathbf{…}`), `None`
    /// for the defaults. A binary operator with no operand on one side
    /// is ordinary ([`classes::demote_binaries`]).
    fn list(&mut self, stop: Stop, style: Option<MathStyle>) -> Result<Vec<MathNode>, MathError> {
        let mut nodes = self.list_raw(stop, style)?;
        demote_binaries(&mut nodes);
        Ok(nodes)
    }

    fn list_raw(
        &mut self,
        stop: Stop,
        style: Option<MathStyle>,
    ) -> Result<Vec<MathNode>, MathError> {
        let mut nodes: Vec<MathNode> = Vec::new();
        loop {
            let Some((at, token)) = self.peek() else {
                return match stop {
                    Stop::End => Ok(nodes),
                    Stop::Brace | Stop::Line => Err(self.error(
                        self.tex.len(),
                        "a `{` is never closed",
                        "add the `}` that closes the group",
                    )),
                    Stop::Right => Err(self.error(
                        self.tex.len(),
                        "a `\\left` has no `\\right`",
                        "close it with `\\right)` (or `\\right.` for no delimiter)",
                    )),
                    Stop::Cell => Err(self.error(
                        self.tex.len(),
                        "an environment is never closed",
                        "end it with its `\\end{…}`",
                    )),
                };
            };
            match token {
                Token::Char('}') | Token::Command("\\") if stop == Stop::Line => return Ok(nodes),
                Token::Char('}') => {
                    if stop == Stop::Brace {
                        self.take();
                        return Ok(nodes);
                    }
                    return Err(self.error(
                        at,
                        "a `}` closes nothing",
                        "remove it, or add its `{`",
                    ));
                }
                Token::Command("right") if stop == Stop::Right => return Ok(nodes),
                Token::Command("right") => {
                    return Err(self.error(
                        at,
                        "a `\\right` has no `\\left`",
                        "open it with `\\left(` (or `\\left.` for no delimiter)",
                    ))
                }
                Token::Char('&') | Token::Command("\\") | Token::Command("end")
                    if stop == Stop::Cell =>
                {
                    return Ok(nodes)
                }
                Token::Char('&') => {
                    return Err(self.error(
                        at,
                        "`&` outside an environment",
                        "align columns inside `\\begin{aligned}…\\end{aligned}` or a matrix; \
                         write `\\&` for an ampersand",
                    ))
                }
                Token::Command("\\") => {
                    return Err(self.error(
                        at,
                        "a line break `\\\\` outside an environment",
                        "set lines of a formula inside `\\begin{aligned}…\\end{aligned}` \
                         (or `gathered` for centred lines)",
                    ))
                }
                Token::Command("end") => {
                    return Err(self.error(at, "an `\\end` without its `\\begin`", "remove it"))
                }
                Token::Command(
                    name @ ("displaystyle" | "textstyle" | "scriptstyle" | "scriptscriptstyle"),
                ) => {
                    // The rest of the group in the style: read here, so
                    // that it ends where the group does.
                    self.take();
                    let level = match name {
                        "displaystyle" => MathLevel::Display,
                        "textstyle" => MathLevel::Text,
                        "scriptstyle" => MathLevel::Script,
                        _ => MathLevel::ScriptScript,
                    };
                    self.enter(at)?;
                    let rest = self.list(stop, style)?;
                    self.depth -= 1;
                    nodes.push(MathNode::Styled { level, nodes: rest });
                    return Ok(nodes);
                }
                Token::Char('^') | Token::Char('_') | Token::Char('\'') => {
                    // A script with no base: on an empty one.
                    let base = MathNode::Row { nodes: Vec::new() };
                    let node = self.scripts(base, style)?;
                    nodes.push(node);
                }
                Token::Command("limits") | Token::Command("nolimits") => {
                    self.take();
                    let wanted = token == Token::Command("limits");
                    match nodes.last_mut() {
                        Some(MathNode::Operator {
                            class: OpClass::Large,
                            limits,
                            ..
                        })
                        | Some(MathNode::Function { limits, .. }) => *limits = wanted,
                        _ => {
                            return Err(self.error(
                                at,
                                "`\\limits` follows no large operator",
                                "write it right after `\\sum`, `\\int` or the like",
                            ))
                        }
                    }
                    // Scripts may follow.
                    if let Some(last) = nodes.pop() {
                        let node = self.scripts(last, style)?;
                        nodes.push(node);
                    }
                }
                _ => {
                    let Some(atom) = self.atom(style)? else {
                        continue;
                    };
                    let node = self.scripts(atom, style)?;
                    push_merged(&mut nodes, node);
                }
            }
        }
    }

    /// `base` with the primes, `^` and `_` that follow it.
    fn scripts(&mut self, base: MathNode, style: Option<MathStyle>) -> Result<MathNode, MathError> {
        let mut sub: Option<MathNode> = None;
        let mut sup: Option<MathNode> = None;
        let mut primes = 0;
        loop {
            match self.peek() {
                Some((_, Token::Char('\''))) if sup.is_none() => {
                    self.take();
                    primes += 1;
                }
                Some((at, Token::Char(c @ ('^' | '_')))) => {
                    self.take();
                    let slot = if c == '^' { &mut sup } else { &mut sub };
                    if slot.is_some() {
                        let what = if c == '^' { "superscript" } else { "subscript" };
                        return Err(self.error(
                            at,
                            format!("a second {what} on one base"),
                            format!(
                                "group them: `x{c}{{ab}}`, or `{{x{c}a}}{c}b` for one on the other"
                            ),
                        ));
                    }
                    let argument = self.argument(at, style)?;
                    *slot = Some(if c == '^' && primes > 0 {
                        let mut nodes = vec![prime_node(primes)];
                        primes = 0;
                        match argument {
                            MathNode::Row { nodes: inner } => nodes.extend(inner),
                            other => nodes.push(other),
                        }
                        MathNode::Row { nodes }
                    } else {
                        argument
                    });
                }
                _ => break,
            }
        }
        if primes > 0 {
            sup = Some(prime_node(primes));
        }
        if sub.is_none() && sup.is_none() {
            return Ok(base);
        }
        // A brace's label is a limit, above or below it in every style
        // (amsmath's braces are `\mathop…\limits`).
        if matches!(&base, MathNode::Accent { accent, .. } if accent == "\u{23DE}" || accent == "\u{23DF}")
        {
            return Ok(MathNode::Stack {
                base: Box::new(base),
                over: sup.map(Box::new),
                under: sub.map(Box::new),
                relation: false,
            });
        }
        Ok(MathNode::Scripts {
            base: Box::new(base),
            sub: sub.map(Box::new),
            sup: sup.map(Box::new),
        })
    }

    /// One argument: a `{group}` (a single node unwrapped) or one token.
    fn argument(&mut self, after: usize, style: Option<MathStyle>) -> Result<MathNode, MathError> {
        match self.peek() {
            None | Some((_, Token::Char('}' | '&' | '^' | '_'))) => {
                let at = self.peek().map_or(self.tex.len(), |(at, _)| at);
                Err(self.error(
                    at.max(after),
                    "an argument is missing",
                    "put what the command applies to after it, in braces: `\\frac{a}{b}`, `x^{2}`",
                ))
            }
            Some((at, Token::Char('{'))) => {
                self.take();
                self.enter(at)?;
                let nodes = self.list(Stop::Brace, style)?;
                self.depth -= 1;
                Ok(unwrap_row(nodes))
            }
            // One token: `\frac12` is ½, one digit each.
            Some((_, Token::Char(c))) if c.is_ascii_digit() => {
                self.take();
                Ok(MathNode::Number {
                    text: c.to_string(),
                })
            }
            Some((at, _)) => match self.atom(style)? {
                Some(node) => Ok(node),
                None => Err(self.error(
                    at,
                    "an argument is missing",
                    "put what the command applies to after it, in braces",
                )),
            },
        }
    }

    /// The text of a `{…}` argument taken as it is (`\text{…}`,
    /// `\operatorname{…}`, an environment's name).
    fn raw_argument(&mut self, command_at: usize) -> Result<(usize, &'a str), MathError> {
        self.skip_space();
        if !self.tex[self.at..].starts_with('{') {
            return Err(self.error(
                self.at.max(command_at),
                "this command needs its argument in braces",
                "write `\\text{words}`, `\\begin{matrix}`",
            ));
        }
        let open = self.at;
        let mut depth = 0usize;
        for (i, c) in self.tex[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        self.at = open + i + 1;
                        return Ok((open + 1, &self.tex[open + 1..open + i]));
                    }
                }
                _ => {}
            }
        }
        Err(self.error(open, "a `{` is never closed", "add the `}` that closes it"))
    }

    /// One atom, or `None` for a token that sets nothing (`\displaystyle`).
    fn atom(&mut self, style: Option<MathStyle>) -> Result<Option<MathNode>, MathError> {
        let Some((at, token)) = self.take() else {
            return Ok(None);
        };
        match token {
            Token::Char('{') => {
                self.enter(at)?;
                let nodes = self.list(Stop::Brace, style)?;
                self.depth -= 1;
                Ok(Some(MathNode::Row { nodes }))
            }
            Token::Char('~') => Ok(Some(MathNode::Space { mu: 6 })),
            Token::Char(c) if c.is_ascii_digit() => Ok(Some(self.number(at, style))),
            Token::Char(c) if c.is_alphabetic() => {
                Ok(Some(letter(c, style, ('Α'..='Ω').contains(&c))))
            }
            Token::Char('#') | Token::Char('$') | Token::Char('%') => Err(self.error(
                at,
                format!(
                    "`{c}` cannot stand in a formula",
                    c = self.tex[at..].chars().next().unwrap_or('#')
                ),
                "write `\\#`, `\\$` or `\\%` for the character itself",
            )),
            Token::Char(c) => Ok(symbols::typed(c).map(|s| symbol_node(s, style))),
            Token::Command(name) => self.command(at, name, style),
        }
    }

    /// Digits with a decimal point between them: "3.14".
    fn number(&mut self, start: usize, style: Option<MathStyle>) -> MathNode {
        let rest = &self.tex[start..];
        let mut end = 0;
        for (i, c) in rest.char_indices() {
            let point = c == '.'
                && end == i
                && !rest[..i].contains('.')
                && rest[i + 1..].starts_with(|d: char| d.is_ascii_digit());
            if c.is_ascii_digit() || point {
                end = i + 1;
            } else {
                break;
            }
        }
        self.at = start + end;
        let text = &rest[..end];
        match style {
            Some(
                style @ (MathStyle::Bold
                | MathStyle::DoubleStruck
                | MathStyle::SansSerif
                | MathStyle::Monospace),
            ) => MathNode::Number {
                text: text
                    .chars()
                    .map(|c| crate::model::styled_char(c, style))
                    .collect(),
            },
            _ => MathNode::Number {
                text: text.to_string(),
            },
        }
    }

    fn command(
        &mut self,
        at: usize,
        name: &'a str,
        style: Option<MathStyle>,
    ) -> Result<Option<MathNode>, MathError> {
        if let Some(symbol) = symbols::command(name) {
            return Ok(Some(symbol_node(symbol, style)));
        }
        if let Some((fname, limits)) = symbols::function(name) {
            return Ok(Some(MathNode::Function {
                name: fname.to_string(),
                limits,
            }));
        }
        if let Some((accent, stretchy, under)) = symbols::accent(name) {
            let base = self.argument(at + 1 + name.len(), style)?;
            return Ok(Some(MathNode::Accent {
                accent: accent.to_string(),
                base: Box::new(base),
                stretchy,
                under,
            }));
        }
        let mu = match name {
            "," | "thinspace" => Some(3),
            ":" | ">" | "medspace" => Some(4),
            ";" | "thickspace" => Some(5),
            "!" | "negthinspace" => Some(-3),
            " " => Some(6),
            "enspace" => Some(9),
            "quad" => Some(18),
            "qquad" => Some(36),
            _ => None,
        };
        if let Some(mu) = mu {
            return Ok(Some(MathNode::Space { mu }));
        }
        if let Some(c) = name.chars().next().filter(|_| name.chars().count() == 1) {
            if let Some(symbol) = symbols::escaped(c) {
                return Ok(Some(symbol_node(symbol, style)));
            }
        }
        let after = at + 1 + name.len();
        let node = match name {
            "frac" | "dfrac" | "tfrac" | "cfrac" | "binom" | "dbinom" | "tbinom" => {
                self.enter(at)?;
                let num = self.argument(after, style)?;
                let den = self.argument(after, style)?;
                self.depth -= 1;
                let frac_style = match name {
                    "dfrac" | "cfrac" | "dbinom" => Some(FracStyle::Display),
                    "tfrac" | "tbinom" => Some(FracStyle::Text),
                    _ => None,
                };
                let fraction = MathNode::Fraction {
                    num: Box::new(num),
                    den: Box::new(den),
                    bar: !name.ends_with("binom"),
                    style: frac_style,
                };
                if name.ends_with("binom") {
                    MathNode::Fenced {
                        open: "(".into(),
                        close: ")".into(),
                        nodes: vec![fraction],
                    }
                } else {
                    fraction
                }
            }
            "sqrt" => {
                self.enter(at)?;
                self.skip_space();
                let degree = if self.tex[self.at..].starts_with('[') {
                    Some(Box::new(self.bracketed(style)?))
                } else {
                    None
                };
                let radicand = self.argument(after, style)?;
                self.depth -= 1;
                MathNode::Root {
                    degree,
                    radicand: Box::new(radicand),
                }
            }
            "left" => {
                self.enter(at)?;
                let open = self.delimiter(after)?;
                self.fences += 1;
                let nodes = self.list(Stop::Right, style);
                self.fences -= 1;
                let nodes = nodes?;
                let Some((right_at, _)) = self.take() else {
                    unreachable!("list(Stop::Right) stops only at \\right");
                };
                let close = self.delimiter(right_at + "\\right".len())?;
                self.depth -= 1;
                MathNode::Fenced { open, close, nodes }
            }
            "middle" if self.fences > 0 => MathNode::Middle {
                text: self.delimiter(after)?,
            },
            "middle" => {
                return Err(self.error(
                    at,
                    "`\\middle` stands outside `\\left…\\right`",
                    "write it between them, `\\left\\{ x \\middle| x > 0 \\right\\}`, \
                     or write the delimiter as it is (`\\mid`)",
                ))
            }
            "overset" | "underset" | "stackrel" => {
                self.enter(at)?;
                let label = self.argument(after, style)?;
                let base = self.argument(after, style)?;
                self.depth -= 1;
                let (over, under) = if name == "underset" {
                    (None, Some(Box::new(label)))
                } else {
                    (Some(Box::new(label)), None)
                };
                MathNode::Stack {
                    base: Box::new(base),
                    over,
                    under,
                    relation: name == "stackrel",
                }
            }
            "boxed" => {
                self.enter(at)?;
                let body = self.argument(after, style)?;
                self.depth -= 1;
                MathNode::Boxed {
                    body: Box::new(body),
                }
            }
            "substack" => {
                self.enter(at)?;
                let node = self.substack(at, style)?;
                self.depth -= 1;
                node
            }
            "tag" => {
                let star = self.tex[self.at..].starts_with('*');
                if star {
                    self.at += 1;
                }
                let (_, text) = self.raw_argument(at)?;
                if matches!(self.tag, Some((_, EquationTag::Label { .. }))) {
                    return Err(self.error(
                        at,
                        "a second `\\tag` in one formula",
                        "give the equation one tag",
                    ));
                }
                self.tag = Some((
                    at,
                    EquationTag::Label {
                        text: text.trim().to_string(),
                        parenthesised: !star,
                    },
                ));
                return Ok(None);
            }
            "nonumber" | "notag" => {
                if self.tag.is_none() {
                    self.tag = Some((at, EquationTag::Unnumbered));
                }
                return Ok(None);
            }
            "big" | "Big" | "bigg" | "Bigg" | "bigl" | "Bigl" | "biggl" | "Biggl" | "bigr"
            | "Bigr" | "biggr" | "Biggr" | "bigm" | "Bigm" | "biggm" | "Biggm" => {
                let size = match name.trim_end_matches(['l', 'r', 'm']) {
                    "big" => 1,
                    "Big" => 2,
                    "bigg" => 3,
                    _ => 4,
                };
                let text = self.delimiter(after)?;
                let natural = text
                    .chars()
                    .next()
                    .and_then(symbols::typed)
                    .and_then(|s| match s {
                        Symbol::Op(_, class) => Some(class),
                        _ => None,
                    })
                    .unwrap_or(OpClass::Ordinary);
                let class = match name.chars().last() {
                    Some('l') => OpClass::Open,
                    Some('r') => OpClass::Close,
                    Some('m') => OpClass::Relation,
                    _ => natural,
                };
                MathNode::Operator {
                    text,
                    class,
                    large: false,
                    limits: false,
                    size,
                }
            }
            "operatorname" => {
                let star = self.tex[self.at..].starts_with('*');
                if star {
                    self.at += 1;
                }
                let (_, text) = self.raw_argument(at)?;
                MathNode::Function {
                    name: operator_name(text.trim()),
                    limits: star,
                }
            }
            "bmod" => MathNode::Function {
                name: "mod".into(),
                limits: false,
            },
            "pmod" | "mod" => {
                let argument = self.argument(after, style)?;
                let modulus = MathNode::Function {
                    name: "mod".into(),
                    limits: false,
                };
                let nodes = if name == "pmod" {
                    vec![
                        MathNode::Space { mu: 18 },
                        op('(', OpClass::Open),
                        modulus,
                        MathNode::Space { mu: 6 },
                        argument,
                        op(')', OpClass::Close),
                    ]
                } else {
                    vec![
                        MathNode::Space { mu: 18 },
                        modulus,
                        MathNode::Space { mu: 6 },
                        argument,
                    ]
                };
                MathNode::Row { nodes }
            }
            "text" | "textrm" | "textup" | "textnormal" | "mbox" => {
                let (_, text) = self.raw_argument(at)?;
                MathNode::Text {
                    text: text.replace(['{', '}'], ""),
                }
            }
            "mathrm" | "mathit" | "mathbf" | "mathbb" | "mathcal" | "mathscr" | "mathfrak"
            | "mathsf" | "mathtt" | "boldsymbol" | "bm" | "mathnormal" | "symbf" | "symrm"
            | "symit" | "mathbfit" => {
                let chosen = match name {
                    "mathrm" | "symrm" => MathStyle::Upright,
                    "mathit" | "mathnormal" | "symit" => MathStyle::Italic,
                    "mathbf" | "symbf" => MathStyle::Bold,
                    "boldsymbol" | "bm" | "mathbfit" => MathStyle::BoldItalic,
                    "mathbb" => MathStyle::DoubleStruck,
                    "mathcal" | "mathscr" => MathStyle::Script,
                    "mathfrak" => MathStyle::Fraktur,
                    "mathsf" => MathStyle::SansSerif,
                    _ => MathStyle::Monospace,
                };
                self.enter(at)?;
                let node = self.argument(after, Some(chosen))?;
                self.depth -= 1;
                node
            }
            "not" => {
                let next_at = self.peek().map_or(self.tex.len(), |(a, _)| a);
                match self.atom(style)? {
                    Some(MathNode::Operator {
                        text,
                        class,
                        large,
                        limits,
                        size,
                    }) if text.chars().count() == 1 => MathNode::Operator {
                        text: symbols::negated(text.chars().next().unwrap_or('=')),
                        class,
                        large,
                        limits,
                        size,
                    },
                    _ => {
                        return Err(self.error(
                            next_at,
                            "`\\not` must come before a relation",
                            "write `\\not=`, `\\not\\in`, or the negated symbol itself (`\\neq`)",
                        ))
                    }
                }
            }
            "begin" => {
                self.enter(at)?;
                let node = self.environment(at)?;
                self.depth -= 1;
                node
            }
            // A style switch where no list goes on (`x^\\displaystyle`):
            // it sets nothing.
            "displaystyle" | "textstyle" | "scriptstyle" | "scriptscriptstyle" => return Ok(None),
            "" => {
                return Err(self.error(
                    at,
                    "a formula ends with a lone `\\`",
                    "remove it, or write `\\backslash` for the character",
                ))
            }
            _ => {
                let known = symbols::NAMES
                    .iter()
                    .chain(symbols::FUNCTIONS)
                    .chain(symbols::ACCENTS)
                    .chain(STRUCTURES)
                    .chain(self.macros)
                    .copied();
                let hint = match crate::diagnostics::nearest(name, known) {
                    Some(near) => {
                        format!("did you mean `\\{near}`? (the README lists the commands read)")
                    }
                    None => "write it with the commands the README lists, or as Unicode (≤, ∑, α)"
                        .to_string(),
                };
                return Err(self.error(
                    at,
                    format!("the TeX command `\\{name}` is not read"),
                    hint,
                ));
            }
        };
        Ok(Some(node))
    }

    /// `[…]`: a root's degree.
    fn bracketed(&mut self, style: Option<MathStyle>) -> Result<MathNode, MathError> {
        let open = self.at;
        self.at += 1;
        let mut nodes = Vec::new();
        loop {
            match self.peek() {
                None => {
                    return Err(self.error(open, "a `[` is never closed", "add its `]`"));
                }
                Some((_, Token::Char(']'))) => {
                    self.take();
                    return Ok(unwrap_row(nodes));
                }
                Some(_) => {
                    let Some(atom) = self.atom(style)? else {
                        continue;
                    };
                    let node = self.scripts(atom, style)?;
                    nodes.push(node);
                }
            }
        }
    }

    /// The delimiter after `\left`, `\right` or `\big`: its character, or
    /// "" for `.`.
    fn delimiter(&mut self, after: usize) -> Result<String, MathError> {
        let bad = |parser: &Self, at: usize| {
            parser.error(
                at,
                "a delimiter is missing",
                "follow `\\left`, `\\right` or `\\big` with `(`, `[`, `\\{`, `|`, `\\langle`, \
                 or `.` for none",
            )
        };
        let Some((at, token)) = self.take() else {
            return Err(bad(self, self.tex.len().max(after)));
        };
        let text = match token {
            Token::Char('.') => String::new(),
            Token::Char(c @ ('(' | ')' | '[' | ']' | '|' | '/')) => c.to_string(),
            Token::Char('<') => "⟨".into(),
            Token::Char('>') => "⟩".into(),
            Token::Command(name) => {
                let symbol = symbols::command(name).or_else(|| {
                    name.chars()
                        .next()
                        .filter(|_| name.chars().count() == 1)
                        .and_then(symbols::escaped)
                });
                match symbol {
                    Some(Symbol::Op(c, _)) if c != '%' && c != '#' && c != '$' && c != '&' => {
                        c.to_string()
                    }
                    _ if name == "backslash" => "∖".into(),
                    _ => return Err(bad(self, at)),
                }
            }
            Token::Char(c) if "⟨⟩⌈⌉⌊⌋‖".contains(c) => c.to_string(),
            _ => return Err(bad(self, at)),
        };
        Ok(text)
    }
}

fn op(c: char, class: OpClass) -> MathNode {
    operator(c.to_string(), class)
}

/// An operator of its natural size, not large.
fn operator(text: String, class: OpClass) -> MathNode {
    MathNode::Operator {
        text,
        class,
        large: false,
        limits: false,
        size: 0,
    }
}

/// The superscript of `count` primes: ′, ″, ‴.
fn prime_node(count: usize) -> MathNode {
    let text = match count {
        1 => "′".to_string(),
        2 => "″".to_string(),
        3 => "‴".to_string(),
        n => "′".repeat(n),
    };
    operator(text, OpClass::Ordinary)
}

/// A letter in `style`, or by TeX's defaults: Latin and Greek lower case
/// italic, `upright` ones (capital Greek) upright.
fn letter(c: char, style: Option<MathStyle>, upright: bool) -> MathNode {
    let style = style.unwrap_or(if upright {
        MathStyle::Upright
    } else {
        MathStyle::Italic
    });
    MathNode::Ident {
        text: c.to_string(),
        style,
    }
}

fn symbol_node(symbol: Symbol, style: Option<MathStyle>) -> MathNode {
    match symbol {
        Symbol::Letter(c) => letter(c, style, false),
        // `\mathbf{\Omega}` is bold; an upright letter stays upright
        // under `\mathit` only if asked.
        Symbol::UprightLetter(c) => letter(c, style, true),
        Symbol::Op(c, class) => op(c, class),
        Symbol::Large(c, limits) => MathNode::Operator {
            text: c.to_string(),
            class: OpClass::Large,
            large: true,
            limits,
            size: 0,
        },
    }
}

/// Adds `node`, joining a run of letters in one explicit upright style
/// (`\mathrm{dx}`, `\mathbf{AB}`) into one identifier. Italic letters
/// stay apart: each is a variable (`xy` is x times y).
fn push_merged(nodes: &mut Vec<MathNode>, node: MathNode) {
    if let (
        Some(MathNode::Ident {
            text,
            style: last_style,
        }),
        MathNode::Ident {
            text: more,
            style: new_style,
        },
    ) = (nodes.last_mut(), &node)
    {
        let merges = *last_style == *new_style
            && matches!(new_style, MathStyle::Upright)
            && text.chars().all(|c| c.is_ascii_alphabetic())
            && more.chars().all(|c| c.is_ascii_alphabetic());
        if merges {
            text.push_str(more);
            return;
        }
    }
    nodes.push(node);
}

/// A group's nodes as one node: the single node itself, else a row.
fn unwrap_row(mut nodes: Vec<MathNode>) -> MathNode {
    if nodes.len() == 1 {
        if let Some(node) = nodes.pop() {
            return node;
        }
    }
    MathNode::Row { nodes }
}

/// An `\operatorname`'s text as it is printed: TeX's spaces in it
/// (`arg\,max`, `\ `, `~`) as the spaces they are, `\!` as nothing.
fn operator_name(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '~' => out.push('\u{a0}'),
            '\\' => match chars.next() {
                Some(',') => out.push('\u{2009}'),
                Some(':' | '>') => out.push('\u{205f}'),
                Some(';') => out.push('\u{2004}'),
                Some(' ') => out.push(' '),
                Some('!') => {}
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            _ => out.push(c),
        }
    }
    out
}
