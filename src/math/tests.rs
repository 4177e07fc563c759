use super::*;
use crate::model::{MathColumnAlign, OpClass, TableSpacing};

/// The tree of `tex` in a compact form: `x` an italic letter, `d:rm` a
/// styled one, `=:rel` an operator and its class, `(frac a b)`…
fn show(tex: &str) -> String {
    match parse(tex) {
        Ok(nodes) => nodes.iter().map(show_node).collect::<Vec<_>>().join(" "),
        Err(e) => panic!("{tex:?} at {}: {}", e.offset, e.message),
    }
}

fn show_node(node: &MathNode) -> String {
    let all = |nodes: &[MathNode]| nodes.iter().map(show_node).collect::<Vec<_>>().join(" ");
    match node {
        MathNode::Ident { text, style } => match style {
            MathStyle::Italic => text.clone(),
            MathStyle::Upright => format!("{text}:rm"),
            MathStyle::Bold => format!("{text}:bf"),
            MathStyle::BoldItalic => format!("{text}:bi"),
            MathStyle::DoubleStruck => format!("{text}:bb"),
            MathStyle::Script => format!("{text}:cal"),
            MathStyle::Fraktur => format!("{text}:frak"),
            MathStyle::SansSerif => format!("{text}:sf"),
            MathStyle::Monospace => format!("{text}:tt"),
        },
        MathNode::Number { text } => text.clone(),
        MathNode::Operator {
            text,
            class,
            limits,
            size,
            ..
        } => {
            let class = match class {
                OpClass::Ordinary => "ord",
                OpClass::Binary => "bin",
                OpClass::Relation => "rel",
                OpClass::Open => "open",
                OpClass::Close => "close",
                OpClass::Punctuation => "punct",
                OpClass::Large if *limits => "large*",
                OpClass::Large => "large",
            };
            match size {
                0 => format!("{text}:{class}"),
                n => format!("{text}:{class}{n}"),
            }
        }
        MathNode::Function { name, limits } => {
            format!("{name}:fn{}", if *limits { "*" } else { "" })
        }
        MathNode::Text { text } => format!("{text:?}"),
        MathNode::Row { nodes } => format!("(row {})", all(nodes)),
        MathNode::Scripts { base, sub, sup } => format!(
            "(scripts {} {} {})",
            show_node(base),
            sub.as_deref().map_or("_".into(), show_node),
            sup.as_deref().map_or("_".into(), show_node)
        ),
        MathNode::Fraction {
            num,
            den,
            bar,
            style,
        } => {
            let name = match (bar, style) {
                (false, _) => "stack",
                (true, Some(crate::model::FracStyle::Display)) => "dfrac",
                (true, Some(crate::model::FracStyle::Text)) => "tfrac",
                (true, None) => "frac",
            };
            format!("({name} {} {})", show_node(num), show_node(den))
        }
        MathNode::Root { degree, radicand } => match degree {
            Some(d) => format!("(root {} {})", show_node(d), show_node(radicand)),
            None => format!("(sqrt {})", show_node(radicand)),
        },
        MathNode::Fenced { open, close, nodes } => {
            format!("(fenced '{open}' '{close}' {})", all(nodes))
        }
        MathNode::Accent {
            accent,
            base,
            stretchy,
            under,
        } => format!(
            "({}{} {accent} {})",
            if *under { "under" } else { "accent" },
            if *stretchy { "*" } else { "" },
            show_node(base)
        ),
        MathNode::Table { rows, .. } => {
            let rows: Vec<String> = rows
                .iter()
                .map(|row| row.iter().map(|c| all(c)).collect::<Vec<_>>().join(" & "))
                .collect();
            format!("(table {})", rows.join(" \\\\ "))
        }
        MathNode::Space { mu } => format!("space:{mu}"),
        MathNode::Stack {
            base,
            over,
            under,
            relation,
        } => format!(
            "(stack{} {} {} {})",
            if *relation { ":rel" } else { "" },
            show_node(base),
            under.as_deref().map_or("_".into(), show_node),
            over.as_deref().map_or("_".into(), show_node)
        ),
        MathNode::Boxed { body } => format!("(boxed {})", show_node(body)),
        MathNode::Middle { text } => format!("middle'{text}'"),
        MathNode::Styled { level, nodes } => format!("({level:?} {})", all(nodes)),
    }
}

fn error(tex: &str) -> MathError {
    match parse(tex) {
        Ok(nodes) => panic!("{tex:?} read as {nodes:?}"),
        Err(e) => e,
    }
}

#[test]
fn letters_numbers_and_operators() {
    assert_eq!(show("E = mc^2"), "E =:rel m (scripts c _ 2)");
    assert_eq!(show("3.14 + x - 1"), "3.14 +:bin x −:bin 1");
    assert_eq!(show("1.5.2"), "1.5 .:ord 2");
    assert_eq!(show("f(x), y; z"), "f (:open x ):close ,:punct y ;:punct z");
    assert_eq!(show("a \\leq b \\neq c"), "a ≤:rel b ≠:rel c");
    assert_eq!(show("\\alpha\\Omega\\infty"), "α Ω:rm ∞:rm");
    // Typed Unicode keeps its class, capital Greek upright.
    assert_eq!(show("a ≤ b ∑ Γ"), "a ≤:rel b ∑:large* Γ:rm");
    assert_eq!(show("\\{a\\} \\% \\|"), "{:open a }:close %:ord ‖:ord");
}

#[test]
fn a_binary_operator_with_nothing_to_join_is_a_sign() {
    assert_eq!(show("-x + y"), "−:ord x +:bin y");
    assert_eq!(show("(-1)^k"), "(:open −:ord 1 (scripts ):close _ k)");
    assert_eq!(show("a = -b, -c"), "a =:rel −:ord b ,:punct −:ord c");
    assert_eq!(show("a + = b +"), "a +:ord =:rel b +:ord");
    assert_eq!(
        show("\\sum - x \\sin - y"),
        "∑:large* −:ord x sin:fn −:ord y"
    );
    assert_eq!(show("a \\, - b"), "a space:3 −:bin b");
    assert_eq!(show("a \\times \\times b"), "a ×:bin ×:ord b");
}

#[test]
fn scripts_and_primes() {
    assert_eq!(show("x_i^2"), "(scripts x i 2)");
    assert_eq!(show("x^2_i"), "(scripts x i 2)");
    assert_eq!(show("x_{i+1}"), "(scripts x (row i +:bin 1) _)");
    assert_eq!(show("f'"), "(scripts f _ ′:ord)");
    assert_eq!(show("f''(x)"), "(scripts f _ ″:ord) (:open x ):close");
    assert_eq!(show("f'^2"), "(scripts f _ (row ′:ord 2))");
    assert_eq!(show("^{14}C"), "(scripts (row ) _ 14) C");
    assert_eq!(
        show("e^{-x^2}"),
        "(scripts e _ (row −:ord (scripts x _ 2)))"
    );
    assert_eq!(show("x^\\alpha"), "(scripts x _ α)");
}

#[test]
fn fractions_roots_and_fences() {
    assert_eq!(show("\\frac{a+b}{2}"), "(frac (row a +:bin b) 2)");
    assert_eq!(show("\\frac12"), "(frac 1 2)");
    assert_eq!(show("\\dfrac{1}{x}"), "(dfrac 1 x)");
    assert_eq!(show("\\tfrac{1}{x}"), "(tfrac 1 x)");
    assert_eq!(show("\\binom{n}{k}"), "(fenced '(' ')' (stack n k))");
    assert_eq!(show("\\sqrt{2}"), "(sqrt 2)");
    assert_eq!(show("\\sqrt[3]{x+1}"), "(root 3 (row x +:bin 1))");
    assert_eq!(
        show("\\left( \\frac{a}{b} \\right]"),
        "(fenced '(' ']' (frac a b))"
    );
    assert_eq!(show("\\left. x \\right|"), "(fenced '' '|' x)");
    assert_eq!(show("\\left\\{ x \\right\\}"), "(fenced '{' '}' x)");
    assert_eq!(
        show("\\left\\langle x \\right\\rangle"),
        "(fenced '⟨' '⟩' x)"
    );
    assert_eq!(show("\\bigl( x \\bigr)"), "(:open1 x ):close1");
    assert_eq!(show("\\Bigg|"), "|:ord4");
}

#[test]
fn large_operators_and_functions() {
    assert_eq!(
        show("\\sum_{i=1}^n i"),
        "(scripts ∑:large* (row i =:rel 1) n) i"
    );
    assert_eq!(show("\\int_0^1"), "(scripts ∫:large 0 1)");
    assert_eq!(show("\\int\\limits_0^1"), "(scripts ∫:large* 0 1)");
    assert_eq!(show("\\sum\\nolimits_i"), "(scripts ∑:large i _)");
    assert_eq!(show("\\sin x"), "sin:fn x");
    assert_eq!(
        show("\\lim_{x \\to 0}"),
        "(scripts lim:fn* (row x →:rel 0) _)"
    );
    assert_eq!(show("\\limsup"), "lim sup:fn*");
    assert_eq!(show("\\operatorname{rank} A"), "rank:fn A");
    assert_eq!(
        show("\\operatorname*{argmax}_x"),
        "(scripts argmax:fn* x _)"
    );
    // TeX's spaces in an operator's name are spaces, not its text.
    assert_eq!(
        show("\\operatorname*{arg\\,max}_x"),
        "(scripts arg\u{2009}max:fn* x _)"
    );
    assert_eq!(show("\\operatorname{ess\\ sup\\!}"), "ess sup:fn");
    assert_eq!(
        show("a \\pmod{n}"),
        "a (row space:18 (:open mod:fn space:6 n ):close)"
    );
}

#[test]
fn accents_styles_text_and_spaces() {
    assert_eq!(show("\\hat{x}"), "(accent ^ x)");
    assert_eq!(show("\\vec v"), "(accent → v)");
    assert_eq!(show("\\overline{AB}"), "(accent* ‾ (row A B))");
    assert_eq!(
        show("\\underbrace{a+b}_{n}"),
        "(stack (under* ⏟ (row a +:bin b)) n _)"
    );
    assert_eq!(show("\\mathbb{R}^n"), "(scripts R:bb _ n)");
    assert_eq!(show("\\mathrm{d}x"), "d:rm x");
    assert_eq!(show("\\mathrm{dx}"), "dx:rm");
    assert_eq!(show("\\mathbf{v}\\mathbf{1}"), "v:bf 𝟏");
    assert_eq!(show("\\mathcal{L}"), "L:cal");
    assert_eq!(show("\\boldsymbol\\alpha"), "α:bi");
    assert_eq!(show("x \\text{ if } y"), "x \" if \" y");
    assert_eq!(
        show("a\\,b\\;c\\!d\\quad e~f"),
        "a space:3 b space:5 c space:-3 d space:18 e space:6 f"
    );
    assert_eq!(
        show("\\not= \\not\\in \\not\\sqsubseteq"),
        "≠:rel ∉:rel ⊑\u{338}:rel"
    );
    assert_eq!(show("\\displaystyle x"), "(Display x)");
}

#[test]
fn environments() {
    assert_eq!(
        show("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}"),
        "(fenced '(' ')' (table a & b \\\\ c & d))"
    );
    assert_eq!(
        show("f(x) = \\begin{cases} 0 & x < 0 \\\\ 1 & \\text{otherwise} \\end{cases}"),
        "f (:open x ):close =:rel (fenced '{' '' (table 0 & x <:rel 0 \\\\ 1 & \"otherwise\"))"
    );
    // A trailing `\\` makes no empty row; `\\[4pt]` is read.
    assert_eq!(
        show("\\begin{aligned} a &= b \\\\[4pt] &= c \\\\ \\end{aligned}"),
        "(table a & =:rel b \\\\  & =:rel c)"
    );
    let Ok(nodes) = parse("\\begin{array}{lr} 1 & 2 \\end{array}") else {
        panic!("array");
    };
    let MathNode::Table {
        columns, spacing, ..
    } = &nodes[0]
    else {
        panic!("{nodes:?}");
    };
    assert_eq!(columns, &[MathColumnAlign::Left, MathColumnAlign::Right]);
    assert_eq!(*spacing, TableSpacing::Matrix);
    let Ok(nodes) = parse("\\begin{aligned}a&=b\\end{aligned}") else {
        panic!("aligned");
    };
    assert!(matches!(
        &nodes[0],
        MathNode::Table {
            spacing: TableSpacing::Aligned,
            ..
        }
    ));
}

#[test]
fn errors_say_where_and_what_to_write() {
    let e = error("x + \\foo y");
    assert_eq!(e.offset, 4);
    assert_eq!(e.message, "the TeX command `\\foo` is not read");
    let e = error("\\fracc{1}{2}");
    assert!(e.hint.contains("\\frac"), "{}", e.hint);
    let e = error("\\frac{1}{2");
    assert_eq!(
        (e.offset, e.message.as_str()),
        (10, "a `{` is never closed")
    );
    assert_eq!(error("a}").offset, 1);
    assert_eq!(error("x^2^3").message, "a second superscript on one base");
    assert_eq!(error("x^").message, "an argument is missing");
    assert_eq!(error("\\frac{1}").message, "an argument is missing");
    assert_eq!(error("\\left( x").message, "a `\\left` has no `\\right`");
    assert_eq!(error("x \\right)").offset, 2);
    assert_eq!(error("a & b").offset, 2);
    assert!(error("a \\\\ b").hint.contains("aligned"));
    let e = error("\\begin{matrix} a \\end{pmatrix}");
    assert_eq!(e.message, "`\\end{pmatrix}` closes `\\begin{matrix}`");
    let e = error("\\begin{matrx} a \\end{matrx}");
    assert_eq!(e.offset, 7);
    assert!(e.hint.contains("matrix"), "{}", e.hint);
    assert_eq!(
        error("\\begin{matrix} a").message,
        "an environment is never closed"
    );
    assert_eq!(error("\\not x").offset, 5);
    assert_eq!(error("50%").message, "`%` cannot stand in a formula");
    assert_eq!(error("x \\").message, "a formula ends with a lone `\\`");
    assert!(error("\\left x \\right)").hint.contains("\\langle"));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = "{".repeat(10_000) + &"}".repeat(10_000);
    assert!(error(&deep).message.contains("nests deeper"));
    let fractions = "\\frac{".repeat(5_000) + "x";
    assert!(error(&fractions).message.contains("nests deeper"));
    let ok = "{".repeat(40) + "x" + &"}".repeat(40);
    assert!(parse(&ok).is_ok());
}

#[test]
fn linear_text_reads_as_written() {
    let line = |tex: &str| linear_text(&parse(tex).unwrap_or_default());
    assert_eq!(line("E = mc^2"), "𝐸=𝑚𝑐^2");
    assert_eq!(line("x_{i+1}"), "𝑥_(𝑖+1)");
    assert_eq!(line("\\frac{a+b}{2}"), "(𝑎+𝑏)/2");
    assert_eq!(line("\\sqrt[3]{x}"), "∛𝑥");
    assert_eq!(line("f'(x)"), "𝑓′(𝑥)");
    assert_eq!(line("\\sin x"), "sin𝑥");
    assert_eq!(line("\\mathbb{R}"), "ℝ");
    assert_eq!(line("a \\quad b"), "𝑎 𝑏");
}

#[test]
fn stacks_and_labelled_braces() {
    assert_eq!(show("\\overset{!}{=}"), "(stack =:rel _ !:close)");
    assert_eq!(
        show("\\underset{x \\to 0}{\\lim}"),
        "(stack lim:fn* (row x →:rel 0) _)"
    );
    // `\stackrel` is a relation whatever its base: `a` beside it is
    // spaced as by one, and a `-` after it is a sign.
    assert_eq!(
        show("a \\stackrel{def}{=} -b"),
        "a (stack:rel =:rel _ (row d e f)) −:ord b"
    );
    // A brace's label is a limit of the brace, not a script beside it.
    assert_eq!(
        show("\\overbrace{x+y}^{n}"),
        "(stack (accent* ⏞ (row x +:bin y)) _ n)"
    );
    assert_eq!(
        show("\\underbrace{a+b}_{k}"),
        "(stack (under* ⏟ (row a +:bin b)) k _)"
    );
    // Without a label it stays an accent.
    assert_eq!(show("\\overbrace{x}"), "(accent* ⏞ x)");
}

#[test]
fn substack_boxed_middle_and_styles() {
    assert_eq!(
        show("\\sum_{\\substack{i<n \\\\ j<m}} a"),
        "(scripts ∑:large* (table i <:rel n \\\\ j <:rel m) _) a"
    );
    assert!(matches!(
        parse("\\substack{a\\\\b}").unwrap().as_slice(),
        [MathNode::Table { spacing: TableSpacing::Substack, rows, .. }] if rows.len() == 2
    ));
    assert_eq!(show("\\boxed{x = 1}"), "(boxed (row x =:rel 1))");
    assert_eq!(
        show("\\left\\{ x \\middle| x > 0 \\right\\}"),
        "(fenced '{' '}' x middle'|' x >:rel 0)"
    );
    // The switch holds to the end of its group.
    assert_eq!(
        show("a {\\textstyle \\sum_i x} b"),
        "a (row (Text (scripts ∑:large* i _) x)) b"
    );
    assert_eq!(show("\\displaystyle \\frac12"), "(Display (frac 1 2))");
    assert_eq!(
        show("\\left( \\scriptstyle a \\right)"),
        "(fenced '(' ')' (Script a))"
    );
    assert_eq!(
        show("\\begin{matrix} \\scriptscriptstyle a & b \\end{matrix}"),
        "(table (ScriptScript a) & b)"
    );
    // A switch is no argument.
    assert_eq!(error("x^\\displaystyle").message, "an argument is missing");
}

#[test]
fn tags_are_read_beside_the_nodes() {
    let tag = |tex: &str| read(tex, &Macros::default()).unwrap().tag;
    assert_eq!(
        tag("E = mc^2 \\tag{*}"),
        Some((
            9,
            crate::model::EquationTag::Label {
                text: "*".into(),
                parenthesised: true
            }
        ))
    );
    assert_eq!(
        tag("x \\tag*{A.1}").map(|t| t.1.label()),
        Some(Some("A.1".to_string()))
    );
    assert_eq!(
        tag("x \\notag"),
        Some((2, crate::model::EquationTag::Unnumbered))
    );
    assert_eq!(tag("x \\nonumber").map(|t| t.1.label()), Some(None));
    assert_eq!(tag("x"), None);
    assert_eq!(show("x \\tag{1}"), "x");
    assert_eq!(error("x \\tag{1} \\tag{2}").offset, 10);
}

#[test]
fn errors_of_the_new_commands() {
    let e = error("a \\middle| b");
    assert_eq!(e.offset, 2);
    assert!(e.hint.contains("\\left"), "{}", e.hint);
    assert_eq!(error("\\overset{a}").message, "an argument is missing");
    assert_eq!(error("\\substack a").offset, 10);
    assert_eq!(
        error("\\sum_{\\substack{a \\\\ b}").message,
        "a `{` is never closed"
    );
    let e = error("\\substak{a}");
    assert!(e.hint.contains("\\substack"), "{}", e.hint);
    let deep = "\\boxed{".repeat(100) + "x" + &"}".repeat(100);
    assert!(error(&deep).message.contains("nests deeper"));
    let styles = "{\\displaystyle ".repeat(100) + "x" + &"}".repeat(100);
    assert!(error(&styles).message.contains("nests deeper"));
    let styles = "\\displaystyle ".repeat(1000) + "x";
    assert!(error(&styles).message.contains("nests deeper"));
}

#[test]
fn linear_text_of_the_new_constructs() {
    let line = |tex: &str| linear_text(&parse(tex).unwrap_or_default());
    assert_eq!(line("\\overset{!}{=}"), "=^!");
    assert_eq!(line("\\overbrace{a+b}^{n}"), "𝑎+𝑏^𝑛");
    assert_eq!(line("\\boxed{x}"), "𝑥");
    assert_eq!(line("\\left\\{x \\middle| x>0\\right\\}"), "{𝑥|𝑥>0}");
    assert_eq!(line("\\displaystyle x"), "𝑥");
    assert_eq!(line("\\sum_{\\substack{i\\\\j}}"), "∑_(𝑖; 𝑗)");
}
