//! Syntax highlighting: a code block's text read once by the grammar of its language (the Sublime Text grammars bat ships, read by syntect), its scopes boiled down to the few token classes both editions colour.
//!
//! The grammars are loaded once for the process, on the first block that
//! names a language, and compiled lazily, one language at a time; they
//! are shared by every thread. A grammar scopes text finely
//! (`keyword.control.rust`, `entity.name.function.python`,
//! `string.quoted.double.json`); [`RULES`] maps those to a
//! [`CodeClass`], as a colour theme does, innermost scope first.

use std::sync::OnceLock;

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

use crate::model::{Block, Chapter, CodeClass, CodeToken};

/// A line longer than this (bytes) ends the block's highlighting: such a
/// line is data, not code a reader reads (a minified script, a blob),
/// and a grammar's backtracking on it can take seconds. What came before
/// it stays coloured; it and what follows are plain.
const LONGEST_LINE: usize = 4_000;

/// Scope prefixes and what they make a token, tried in order on each of
/// a token's scopes from the innermost out: the first prefix that
/// matches decides, `None` (an operator) leaving the token plain. A
/// scope none matches passes the question to the scope around it.
const RULES: &[(&str, Option<CodeClass>)] = &[
    ("comment", Some(CodeClass::Comment)),
    ("string", Some(CodeClass::String)),
    ("constant.numeric", Some(CodeClass::Number)),
    ("constant", Some(CodeClass::Constant)),
    ("variable.language", Some(CodeClass::Constant)),
    ("support.constant", Some(CodeClass::Constant)),
    ("keyword.operator.word", Some(CodeClass::Keyword)),
    ("keyword.operator", None),
    ("keyword", Some(CodeClass::Keyword)),
    ("storage", Some(CodeClass::Keyword)),
    ("entity.name.function", Some(CodeClass::Function)),
    ("entity.name.macro", Some(CodeClass::Function)),
    ("support.macro", Some(CodeClass::Function)),
    ("support.function", Some(CodeClass::Function)),
    ("variable.function", Some(CodeClass::Function)),
    ("entity.name.tag", Some(CodeClass::Keyword)),
    ("entity.other.attribute-name", Some(CodeClass::Attribute)),
    ("entity.name.constant", Some(CodeClass::Constant)),
    ("entity.name", Some(CodeClass::Type)),
    ("entity.other.inherited-class", Some(CodeClass::Type)),
    ("support.type", Some(CodeClass::Type)),
    ("support.class", Some(CodeClass::Type)),
    ("meta.annotation", Some(CodeClass::Attribute)),
    ("meta.attribute", Some(CodeClass::Attribute)),
    ("meta.preprocessor", Some(CodeClass::Attribute)),
    ("markup.inserted", Some(CodeClass::Inserted)),
    ("markup.deleted", Some(CodeClass::Deleted)),
    ("markup.heading", Some(CodeClass::Keyword)),
];

/// Names authors write after a fence that the grammars do not go by.
const ALIASES: &[(&str, &str)] = &[
    ("shell", "sh"),
    ("console", "sh"),
    ("zsh", "sh"),
    ("python3", "py"),
    ("golang", "go"),
    ("csharp", "cs"),
    ("c#", "cs"),
    ("objc", "m"),
    ("objective-c", "m"),
    ("js", "js"),
    ("jsx", "js"),
    ("node", "js"),
    ("patch", "diff"),
    ("svg", "xml"),
    ("xhtml", "html"),
    ("elisp", "lisp"),
    ("emacs-lisp", "lisp"),
    ("scheme", "lisp"),
];

struct Grammars {
    syntaxes: SyntaxSet,
    rules: Vec<(Scope, Option<CodeClass>)>,
}

fn grammars() -> &'static Grammars {
    static GRAMMARS: OnceLock<Grammars> = OnceLock::new();
    GRAMMARS.get_or_init(|| Grammars {
        syntaxes: two_face::syntax::extra_newlines(),
        rules: RULES
            .iter()
            .map(|&(prefix, class)| (Scope::new(prefix).expect("a valid scope"), class))
            .collect(),
    })
}

/// The grammar for a fence's language name, if bookpack has one that
/// colours anything (plain text has none).
fn grammar(language: &str) -> Option<&'static SyntaxReference> {
    let lower = language.to_ascii_lowercase();
    let name = ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map_or(lower.as_str(), |(_, token)| token);
    let syntaxes = &grammars().syntaxes;
    syntaxes
        .find_syntax_by_token(name)
        .filter(|s| s.scope != Scope::new("text.plain").expect("a valid scope"))
}

/// Names that ask for no colouring: not a language to look for.
pub fn is_plain(language: &str) -> bool {
    const PLAIN: [&str; 8] = [
        "text",
        "txt",
        "plain",
        "plaintext",
        "none",
        "nohighlight",
        "output",
        "raw",
    ];
    PLAIN.contains(&language.to_ascii_lowercase().as_str())
}

/// The language name nearest `typed` (a misspelling's), if one is near.
pub fn nearest(typed: &str) -> Option<String> {
    let syntaxes = grammars().syntaxes.syntaxes();
    let names = syntaxes
        .iter()
        .filter(|s| !s.name.contains(' '))
        .map(|s| s.name.as_str())
        .chain(
            syntaxes
                .iter()
                .flat_map(|s| s.file_extensions.iter().map(String::as_str)),
        )
        .chain(ALIASES.iter().map(|(alias, _)| *alias));
    crate::diagnostics::nearest(typed, names).map(str::to_ascii_lowercase)
}

/// Whether a block in `language` is coloured, without reading any code.
pub fn knows(language: &str) -> bool {
    grammar(language).is_some()
}

/// The tokens of `text`, a code block in `language`: empty when bookpack
/// has no grammar for it.
pub fn tokens(language: &str, text: &str) -> Vec<CodeToken> {
    let Some(syntax) = grammar(language) else {
        return Vec::new();
    };
    let g = grammars();
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.len() > LONGEST_LINE {
            break;
        }
        let Ok(ops) = state.parse_line(line, &g.syntaxes) else {
            break;
        };
        let mut from = 0;
        for (at, op) in ops {
            if at > from {
                push(
                    &mut out,
                    offset + from,
                    offset + at,
                    class_of(&stack, &g.rules),
                );
                from = at;
            }
            if stack.apply(&op).is_err() {
                return out;
            }
        }
        push(
            &mut out,
            offset + from,
            offset + line.len(),
            class_of(&stack, &g.rules),
        );
        offset += line.len();
    }
    out
}

/// The class the innermost deciding scope gives.
fn class_of(stack: &ScopeStack, rules: &[(Scope, Option<CodeClass>)]) -> Option<CodeClass> {
    for scope in stack.as_slice().iter().rev() {
        if let Some((_, class)) = rules.iter().find(|(prefix, _)| prefix.is_prefix_of(*scope)) {
            return *class;
        }
    }
    None
}

/// Adds `start..end` as `class`, joined to the token before it when that
/// one is of the same class and ends where it starts.
fn push(out: &mut Vec<CodeToken>, start: usize, end: usize, class: Option<CodeClass>) {
    let Some(class) = class else { return };
    if start >= end {
        return;
    }
    let (start, end) = (start as u32, end as u32);
    if let Some(last) = out.last_mut() {
        if last.class == class && last.end == start {
            last.end = end;
            return;
        }
    }
    out.push(CodeToken { start, end, class });
}

/// Every token class, in a fixed order (the stylesheet's).
pub const CLASSES: [CodeClass; 10] = [
    CodeClass::Keyword,
    CodeClass::Type,
    CodeClass::Function,
    CodeClass::String,
    CodeClass::Number,
    CodeClass::Constant,
    CodeClass::Comment,
    CodeClass::Attribute,
    CodeClass::Inserted,
    CodeClass::Deleted,
];

/// A colour, 8 bits a channel of sRGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ink(pub [u8; 3]);

/// A class's colour on white paper, and on the EPUB's light pages: each
/// at least 7:1 against white (WCAG's AAA for text), so that a print run
/// in black alone turns them into greys as readable as text, and at
/// least 6.5:1 on a sepia page. The hues are GitHub's (its light theme),
/// darkened.
pub fn ink(class: CodeClass) -> Ink {
    Ink(inks(class).0)
}

/// A class's colour on a dark page (the EPUB's, when the reading system
/// says its pages are dark): at least 7:1 against black and #121212.
pub fn ink_on_dark(class: CodeClass) -> Ink {
    Ink(inks(class).1)
}

/// A class's colours: on a light page, on a dark one.
fn inks(class: CodeClass) -> ([u8; 3], [u8; 3]) {
    match class {
        CodeClass::Keyword => ([0xa0, 0x11, 0x1f], [0xff, 0x94, 0x92]),
        CodeClass::Type => ([0x92, 0x36, 0x00], [0xff, 0xb7, 0x57]),
        CodeClass::Function => ([0x62, 0x36, 0xb4], [0xdb, 0xb7, 0xff]),
        CodeClass::String => ([0x0a, 0x30, 0x69], [0xad, 0xdc, 0xff]),
        CodeClass::Number | CodeClass::Constant => ([0x05, 0x50, 0xae], [0x91, 0xcb, 0xff]),
        CodeClass::Comment => ([0x4b, 0x53, 0x5c], [0xbd, 0xc4, 0xcc]),
        CodeClass::Attribute | CodeClass::Inserted => ([0x11, 0x63, 0x29], [0x72, 0xf0, 0x88]),
        CodeClass::Deleted => ([0x82, 0x07, 0x1e], [0xff, 0xb1, 0xaf]),
    }
}

/// Calls `f` on the tokens of every code block of `chapter`, in reading
/// order (its synopsis, its body, its notes), and whether it is a note's.
fn each_block_tokens(chapter: &mut Chapter, f: &mut dyn FnMut(&mut Vec<CodeToken>, bool)) {
    let body = chapter.synopsis.iter_mut().chain(chapter.blocks.iter_mut());
    let notes = chapter.notes.iter_mut().flat_map(|n| n.blocks.iter_mut());
    for (block, in_note) in body.map(|b| (b, false)).chain(notes.map(|b| (b, true))) {
        block.walk_mut(&mut |b| {
            if let Block::CodeBlock { tokens, .. } = b {
                f(tokens, in_note);
            }
        });
    }
}

/// Drops the colouring of every code block in `chapter`, for a book that
/// asks for none (`[code] highlight = false`): both editions colour the
/// tokens a block has.
pub fn strip(chapter: &mut Chapter) {
    each_block_tokens(chapter, &mut |tokens, _| *tokens = Vec::new());
}

/// The tokens of `chapter`'s code blocks, block by block in reading
/// order: an outline's, for the chapter read again ([`give`]). Its body's
/// go (the outline holds no code to colour); its notes', which it holds
/// whole, stay.
pub fn take(chapter: &mut Chapter) -> Vec<Vec<CodeToken>> {
    let mut out = Vec::new();
    each_block_tokens(chapter, &mut |tokens, in_note| {
        out.push(if in_note {
            tokens.clone()
        } else {
            std::mem::take(tokens)
        })
    });
    out
}

/// Gives `chapter`'s code blocks the tokens [`take`] took from its
/// outline; false when the blocks are not as many (the file changed).
pub fn give(chapter: &mut Chapter, taken: &[Vec<CodeToken>]) -> bool {
    let mut next = taken.iter();
    let mut enough = true;
    each_block_tokens(chapter, &mut |tokens, _| match next.next() {
        Some(t) => tokens.clone_from(t),
        None => enough = false,
    });
    enough && next.next().is_none()
}

/// `text` cut at its tokens' edges: each piece with its class, plain
/// text `None`. The pieces cover the text, in order.
pub fn pieces<'a>(text: &'a str, tokens: &[CodeToken]) -> Vec<(&'a str, Option<CodeClass>)> {
    let mut out = Vec::new();
    let mut at = 0;
    for t in tokens {
        let (start, end) = (t.start as usize, (t.end as usize).min(text.len()));
        if start < at
            || start >= end
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        if start > at {
            out.push((&text[at..start], None));
        }
        out.push((&text[start..end], Some(t.class)));
        at = end;
    }
    if at < text.len() {
        out.push((&text[at..], None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use CodeClass::String as Str;
    use CodeClass::{Attribute, Comment, Constant, Deleted, Function, Inserted, Keyword, Number};

    /// Each token's text with its class, for reading in a test.
    fn classes(language: &str, text: &str) -> Vec<(String, CodeClass)> {
        pieces(text, &tokens(language, text))
            .into_iter()
            .filter_map(|(s, c)| Some((s.to_string(), c?)))
            .collect()
    }

    fn has(found: &[(String, CodeClass)], text: &str, class: CodeClass) -> bool {
        found.iter().any(|(s, c)| s.trim() == text && *c == class)
    }

    #[test]
    fn rust_keywords_strings_comments_numbers_and_names() {
        let found = classes(
            "rust",
            "/// Doc.\n#[derive(Debug)]\npub fn main() -> u32 {\n    let s = \"a\\n\"; // why\n    helper(42, true)\n}\n",
        );
        for (text, class) in [
            ("/// Doc.", Comment),
            ("pub", Keyword),
            ("fn", Keyword),
            ("main", Function),
            ("let", Keyword),
            ("// why", Comment),
            ("42", Number),
            ("true", Constant),
            ("\\n", Constant),
        ] {
            assert!(
                has(&found, text, class),
                "{text:?} not {class:?} in {found:?}"
            );
        }
        assert!(
            found
                .iter()
                .any(|(s, c)| s.starts_with("#[derive") && *c == Attribute),
            "{found:?}"
        );
        assert!(
            found.iter().any(|(s, c)| s.contains("\"a") && *c == Str),
            "{found:?}"
        );
        // Operators and punctuation stay plain.
        assert!(
            !found
                .iter()
                .any(|(s, _)| s.trim() == "->" || s.trim() == "="),
            "{found:?}"
        );
    }

    #[test]
    fn several_languages_by_the_names_authors_write() {
        let python = classes("python", "def f(x):\n    return None  # no\n");
        assert!(
            has(&python, "def", Keyword) && has(&python, "None", Constant),
            "{python:?}"
        );
        assert!(has(&python, "# no", Comment), "{python:?}");
        let shell = classes("console", "echo \"hi\" # greet\n");
        assert!(has(&shell, "# greet", Comment), "{shell:?}");
        let diff = classes("patch", "--- a\n+++ b\n-old\n+new\n");
        assert!(
            has(&diff, "+new", Inserted) && has(&diff, "-old", Deleted),
            "{diff:?}"
        );
        let html = classes("HTML", "<p class=\"x\">hi</p>\n");
        assert!(
            has(&html, "p", Keyword) && has(&html, "class", Attribute),
            "{html:?}"
        );
        let toml = classes(
            "toml",
            "[package]\nname = \"bookpack\" # ours\nversion = 3\n",
        );
        assert!(
            has(&toml, "# ours", Comment) && has(&toml, "3", Number),
            "{toml:?}"
        );
        assert!(
            toml.iter()
                .any(|(s, c)| s.contains("\"bookpack\"") && *c == Str),
            "{toml:?}"
        );
        let ts = classes(
            "ts",
            "interface Point { x: number }\nconst p: Point = { x: 1 };\n",
        );
        assert!(
            has(&ts, "interface", Keyword) && has(&ts, "const", Keyword),
            "{ts:?}"
        );
        let json = classes("json", "{\"a\": [1, false]}\n");
        assert!(
            has(&json, "1", Number) && has(&json, "false", Constant),
            "{json:?}"
        );
    }

    #[test]
    fn a_comment_over_lines_is_one_token() {
        let text = "/* one\n   two */ x\n";
        let t = tokens("c", text);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(
            &text[t[0].start as usize..t[0].end as usize],
            "/* one\n   two */"
        );
    }

    #[test]
    fn no_grammar_no_tokens() {
        for language in ["text", "txt", "plain", "no-such-language", ""] {
            assert!(tokens(language, "fn main() {}\n").is_empty(), "{language}");
            assert!(!knows(language), "{language}");
        }
        assert!(knows("Rust") && knows("py") && knows("shell"));
    }

    #[test]
    fn tokens_are_ordered_disjoint_and_on_character_boundaries() {
        let text = "let π = \"ünï\"; // café ✓\nfn ä() {}\n";
        let t = tokens("rust", text);
        assert!(!t.is_empty());
        let mut at = 0;
        for token in &t {
            assert!(token.start >= at && token.start < token.end, "{t:?}");
            assert!(text.is_char_boundary(token.start as usize));
            assert!(text.is_char_boundary(token.end as usize));
            at = token.end;
        }
        let whole: std::string::String = pieces(text, &t).into_iter().map(|(s, _)| s).collect();
        assert_eq!(whole, text);
    }

    /// WCAG 2's contrast ratio of two colours.
    fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
        let luminance = |c: [u8; 3]| {
            let linear = |v: u8| {
                let v = f64::from(v) / 255.0;
                if v <= 0.03928 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * linear(c[0]) + 0.7152 * linear(c[1]) + 0.0722 * linear(c[2])
        };
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn every_ink_reads_as_text_on_its_page() {
        assert!((contrast([0; 3], [255; 3]) - 21.0).abs() < 1e-9);
        for class in CLASSES {
            let light = ink(class).0;
            assert!(contrast(light, [255; 3]) >= 7.0, "{class:?} on white");
            assert!(
                contrast(light, [0xfb, 0xf0, 0xd9]) >= 6.5,
                "{class:?} on sepia"
            );
            let dark = ink_on_dark(class).0;
            assert!(contrast(dark, [0; 3]) >= 7.0, "{class:?} on black");
            assert!(contrast(dark, [0x12; 3]) >= 7.0, "{class:?} on #121212");
        }
    }

    #[test]
    fn an_outline_gives_its_tokens_to_the_chapter_read_again() {
        let code = |language: &str, text: &str| Block::CodeBlock {
            language: Some(language.into()),
            text: text.into(),
            tokens: tokens(language, text),
            caption: Vec::new(),
            id: None,
            label: None,
            first_line: None,
            span: Default::default(),
        };
        let quoted = Block::BlockQuote {
            blocks: vec![code("python", "x = 1  # one\n")],
            span: Default::default(),
        };
        let whole = Chapter {
            blocks: vec![code("rust", "fn a() {}\n"), quoted],
            notes: vec![crate::model::Note {
                number: 1,
                label: "1".into(),
                id: "note-1".into(),
                ref_id: "noteref-1".into(),
                blocks: vec![code("sh", "echo hi # two\n")],
                span: Default::default(),
            }],
            ..Default::default()
        };
        let mut outline = whole.clone();
        let taken = take(&mut outline);
        assert_eq!(taken.len(), 3);
        assert!(taken.iter().all(|t| !t.is_empty()));
        // The outline's body keeps none; its notes, held whole, theirs.
        let mut left = Vec::new();
        each_block_tokens(&mut outline, &mut |t, _| left.push(t.len()));
        assert_eq!((left[0], left[1]), (0, 0));
        assert_eq!(left[2], taken[2].len());
        let mut again = whole.clone();
        strip(&mut again);
        assert!(give(&mut again, &taken));
        assert_eq!(again, whole);
        // A block more or fewer than the outline had: not the same file.
        assert!(!give(&mut again, &taken[..2]));
        let mut longer = taken.clone();
        longer.push(Vec::new());
        assert!(!give(&mut again, &longer));
    }

    #[test]
    fn a_line_of_data_ends_the_colouring_there() {
        let blob = "x".repeat(LONGEST_LINE + 1);
        let text = format!("let a = 1;\nlet b = \"{blob}\";\nlet c = 2;\n");
        let t = tokens("rust", &text);
        let first_line = "let a = 1;\n".len() as u32;
        assert!(
            !t.is_empty() && t.iter().all(|token| token.end <= first_line),
            "{t:?}"
        );
    }
}
