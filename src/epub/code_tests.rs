//! Tests of `code.rs`: the spans per line and what copying gives back.

use super::code::push_code_lines;

/// The text a reader copies: the markup's text, tags dropped, entities read.
fn copied(markup: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn block(language: Option<&str>, text: &str) -> String {
    let mut out = String::new();
    push_code_lines(&mut out, language, text, &[], None);
    out
}

#[test]
fn each_line_is_a_span_classed_by_its_indent() {
    let text = "fn main() {\n    let a = 1;\n\tb();\n        deep();\n\n}\n";
    assert_eq!(
        block(Some("rust"), text),
        "<pre><code class=\"language-rust\"><span>fn main() {\n</span><span class=\"c4\">    let a = 1;\n</span><span class=\"c4\">\tb();\n</span><span class=\"c8\">        deep();\n</span><span>\n</span><span>}\n</span></code></pre>\n"
    );
    // Deeper than the stylesheet goes: the deepest class.
    assert!(block(None, &format!("{}x", " ".repeat(40))).contains("class=\"c16\""));
}

#[test]
fn the_language_is_sanitised() {
    assert_eq!(
        block(Some("rust\" onclick=\"x"), "a < b"),
        "<pre><code class=\"language-rustonclickx\"><span>a &lt; b</span></code></pre>\n"
    );
}

/// A long identifier may turn over after its underscores and before a
/// method's dot, never inside a word; short tokens are left alone; and
/// copying the block gives the code back character for character.
#[test]
fn long_tokens_break_at_joints_and_copy_back_as_written() {
    let text = "def extremely_long_function_name_for_testing(argument_one, x_y):\n    return self.some_object.method_name(a_b)\n\tv = 1.5 .. 2 && a<b\n";
    let out = block(Some("python"), text);
    assert!(out.contains("extremely_<wbr/>long_<wbr/>function_<wbr/>name_<wbr/>for_<wbr/>testing(<wbr/>argument_<wbr/>one,"), "{out}");
    assert!(
        out.contains("self<wbr/>.some_<wbr/>object<wbr/>.method_<wbr/>name(<wbr/>a_<wbr/>b)"),
        "{out}"
    );
    // Short: untouched, the `_` in x_y and the numbers' dots.
    assert!(out.contains("x_y):"), "{out}");
    assert!(out.contains("v = 1.5 .. 2 &amp;&amp; a&lt;b"), "{out}");
    assert_eq!(copied(&out), format!("{text}\n"));
}

/// A block as the model holds it: coloured by its language's grammar.
fn coloured(language: &str, text: &str) -> String {
    let mut out = String::new();
    let tokens = crate::highlight::tokens(language, text);
    push_code_lines(&mut out, Some(language), text, &tokens, None);
    out
}

#[test]
fn tokens_are_spans_classed_as_pandoc_classes_them() {
    let text = "fn main() {\n    let s = \"hi\"; // greet\n}\n";
    let html = coloured("rust", text);
    assert!(html.contains("<span class=\"kw\">fn</span>"), "{html}");
    assert!(html.contains("<span class=\"fu\">main</span>"), "{html}");
    assert!(html.contains("<span class=\"st\">\"hi\"</span>"), "{html}");
    assert!(
        html.contains("<span class=\"co\">// greet\n</span></span>"),
        "{html}"
    );
    // The line spans and their indents are as before; copying gives the code.
    assert!(
        html.contains("<span class=\"c4\">    <span class=\"kw\">let</span>"),
        "{html}"
    );
    assert_eq!(copied(&html), format!("{text}\n"));
}

#[test]
fn a_token_over_lines_is_a_span_in_each_line() {
    let text = "/* one\n   two */ x();\n";
    let html = coloured("c", text);
    assert!(html.starts_with("<pre><code class=\"language-c\"><span><span class=\"co\">/* one\n</span></span><span class=\"c3\"><span class=\"co\">   two */</span>"), "{html}");
    assert_eq!(copied(&html), format!("{text}\n"));
}

#[test]
fn long_tokens_keep_their_breaks_inside_and_between_coloured_pieces() {
    let text = "let value = some_module::function_name(argument_one, \"a_long_string_literal\");\n";
    let plain = block(Some("rust"), text);
    let html = coloured("rust", text);
    assert_eq!(
        plain.matches("<wbr/>").count(),
        html.matches("<wbr/>").count(),
        "{plain}\n{html}"
    );
    assert!(html.contains("<span class=\"st\">"), "{html}");
    assert_eq!(copied(&html), format!("{text}\n"));
}

#[test]
fn no_span_is_empty() {
    for (language, text) in [
        ("rust", "/// Doc.\nfn f() {}\n"),
        ("c", "/* a */\n/* b\n c */\nint x;\n"),
        ("python", "# one\n# two\n\n\"\"\"doc\nstring\"\"\"\n"),
    ] {
        let html = coloured(language, text);
        assert!(!html.contains("\"></span>"), "{html}");
        assert_eq!(copied(&html), format!("{text}\n"));
    }
}

/// Numbered lines: a number per source line, in an empty span the
/// stylesheet fills and readers of the text skip, from `startFrom`.
#[test]
fn numbered_lines_carry_their_number_outside_the_text() {
    let mut out = String::new();
    push_code_lines(&mut out, Some("py"), "a = 1\n    b\n", &[], Some(10));
    assert_eq!(
        out,
        "<pre class=\"numbered\"><code class=\"language-py\">\
         <span><span class=\"ln\" aria-hidden=\"true\" data-n=\"10\"></span>a = 1\n</span>\
         <span class=\"c4\"><span class=\"ln\" aria-hidden=\"true\" data-n=\"11\"></span>    b\n</span>\
         </code></pre>\n"
    );
    // Copied, the code alone.
    assert_eq!(copied(out.trim_end()), "a = 1\n    b\n");
}
