//! The MathML of each kind of node, as exact strings for small trees.

use super::*;

fn id(text: &str) -> MathNode {
    ident(text, MathStyle::Italic)
}

fn ident(text: &str, style: MathStyle) -> MathNode {
    MathNode::Ident {
        text: text.into(),
        style,
    }
}

fn num(text: &str) -> MathNode {
    MathNode::Number { text: text.into() }
}

fn op(text: &str, class: OpClass) -> MathNode {
    MathNode::Operator {
        text: text.into(),
        class,
        large: false,
        limits: false,
        size: 0,
    }
}

fn large(text: &str, limits: bool) -> MathNode {
    MathNode::Operator {
        text: text.into(),
        class: OpClass::Large,
        large: true,
        limits,
        size: 0,
    }
}

fn row(nodes: Vec<MathNode>) -> MathNode {
    MathNode::Row { nodes }
}

fn scripts(base: MathNode, sub: Option<MathNode>, sup: Option<MathNode>) -> MathNode {
    MathNode::Scripts {
        base: Box::new(base),
        sub: sub.map(Box::new),
        sup: sup.map(Box::new),
    }
}

/// The MathML inside `<math>` for `nodes`.
fn ml(nodes: Vec<MathNode>) -> String {
    let mut out = String::new();
    push_nodes(&mut out, &nodes);
    out
}

fn formula(tex: &str, nodes: Vec<MathNode>) -> Formula {
    Formula {
        tex: tex.into(),
        display: false,
        nodes,
        tag: None,
    }
}

#[test]
fn the_math_element_carries_namespace_alttext_and_display() {
    let f = formula("a<b & \"c\"", vec![id("a")]);
    let mut inline = String::new();
    push_math(&mut inline, &f, false);
    assert_eq!(
        inline,
        "<math xmlns=\"http://www.w3.org/1998/Math/MathML\" alttext=\"a&lt;b &amp; &quot;c&quot;\"><mi>a</mi></math>"
    );
    let mut block = String::new();
    push_math(&mut block, &f, true);
    assert!(block.starts_with(
        "<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"block\" alttext="
    ));
    // Nothing read: the TeX shows.
    let mut unread = String::new();
    push_math(&mut unread, &formula("\\foo<", vec![]), false);
    assert!(
        unread.ends_with("><mtext>\\foo&lt;</mtext></math>"),
        "{unread}"
    );
}

#[test]
fn letters_take_italic_from_mathml_or_their_alphabet() {
    assert_eq!(ml(vec![id("x")]), "<mi>x</mi>");
    assert_eq!(
        ml(vec![ident("Γ", MathStyle::Upright)]),
        "<mi mathvariant=\"normal\">Γ</mi>"
    );
    assert_eq!(ml(vec![ident("dx", MathStyle::Upright)]), "<mi>dx</mi>");
    // A run in italic: MathML would set it upright.
    assert_eq!(ml(vec![id("ab")]), "<mi>𝑎𝑏</mi>");
    assert_eq!(ml(vec![ident("R", MathStyle::DoubleStruck)]), "<mi>ℝ</mi>");
    assert_eq!(ml(vec![ident("x", MathStyle::Bold)]), "<mi>𝐱</mi>");
    assert_eq!(ml(vec![ident("L", MathStyle::Script)]), "<mi>ℒ</mi>");
    // No double-struck alpha: upright, not italic.
    assert_eq!(
        ml(vec![ident("α", MathStyle::DoubleStruck)]),
        "<mi mathvariant=\"normal\">α</mi>"
    );
    assert_eq!(ml(vec![id("<")]), "<mi>&lt;</mi>");
}

#[test]
fn numbers_and_text() {
    assert_eq!(ml(vec![num("3.14")]), "<mn>3.14</mn>");
    assert_eq!(
        ml(vec![MathNode::Text {
            text: " if x<0 ".into()
        }]),
        "<mtext>\u{a0}if x&lt;0\u{a0}</mtext>"
    );
}

#[test]
fn operators_keep_tex_spacing_and_fences_do_not_grow() {
    assert_eq!(ml(vec![op("+", OpClass::Binary)]), "<mo>+</mo>");
    assert_eq!(ml(vec![op("=", OpClass::Relation)]), "<mo>=</mo>");
    assert_eq!(
        ml(vec![op("(", OpClass::Open), op(")", OpClass::Close)]),
        "<mo stretchy=\"false\">(</mo><mo stretchy=\"false\">)</mo>"
    );
    assert_eq!(
        ml(vec![op("|", OpClass::Ordinary)]),
        "<mo stretchy=\"false\" lspace=\"0em\" rspace=\"0em\">|</mo>"
    );
    assert_eq!(
        ml(vec![op(",", OpClass::Punctuation)]),
        "<mo lspace=\"0em\" rspace=\"0.1667em\">,</mo>"
    );
    assert_eq!(ml(vec![large("∫", false)]), "<mo largeop=\"true\">∫</mo>");
    let big = |size| MathNode::Operator {
        text: "(".into(),
        class: OpClass::Open,
        large: false,
        limits: false,
        size,
    };
    assert_eq!(
        ml(vec![big(1)]),
        "<mo stretchy=\"true\" minsize=\"1.2em\" maxsize=\"1.2em\">(</mo>"
    );
    assert!(ml(vec![big(2)]).contains("minsize=\"1.8em\" maxsize=\"1.8em\""));
    assert!(ml(vec![big(3)]).contains("minsize=\"2.4em\""));
    assert!(ml(vec![big(4)]).contains("maxsize=\"3em\""));
    assert_eq!(ml(vec![op("&", OpClass::Binary)]), "<mo>&amp;</mo>");
}

#[test]
fn functions_apply_to_what_follows() {
    let sin = || MathNode::Function {
        name: "sin".into(),
        limits: false,
    };
    assert_eq!(
        ml(vec![sin(), id("x")]),
        "<mi>sin</mi><mo rspace=\"0.1667em\">&#x2061;</mo><mi>x</mi>"
    );
    // No space before a fence.
    assert_eq!(
        ml(vec![
            sin(),
            MathNode::Fenced {
                open: "(".into(),
                close: ")".into(),
                nodes: vec![id("x")]
            }
        ]),
        "<mi>sin</mi><mo>&#x2061;</mo><mrow><mo fence=\"true\" form=\"prefix\" stretchy=\"true\">(</mo><mi>x</mi><mo fence=\"true\" form=\"postfix\" stretchy=\"true\">)</mo></mrow>"
    );
    assert_eq!(ml(vec![sin()]), "<mi>sin</mi>");
    assert_eq!(
        ml(vec![scripts(sin(), None, Some(num("2"))), id("x")]),
        "<msup><mi>sin</mi><mn>2</mn></msup><mo rspace=\"0.1667em\">&#x2061;</mo><mi>x</mi>"
    );
    let lim = MathNode::Function {
        name: "lim".into(),
        limits: true,
    };
    assert_eq!(
        ml(vec![scripts(lim, Some(id("n")), None), id("a")]),
        "<munder><mo movablelimits=\"true\" lspace=\"0em\" rspace=\"0.1667em\">lim</mo><mi>n</mi></munder><mo rspace=\"0.1667em\">&#x2061;</mo><mi>a</mi>"
    );
}

#[test]
fn scripts_go_beside_or_as_movable_limits() {
    assert_eq!(
        ml(vec![scripts(id("x"), Some(id("i")), None)]),
        "<msub><mi>x</mi><mi>i</mi></msub>"
    );
    assert_eq!(
        ml(vec![scripts(id("x"), None, Some(num("2")))]),
        "<msup><mi>x</mi><mn>2</mn></msup>"
    );
    assert_eq!(
        ml(vec![scripts(id("x"), Some(id("i")), Some(num("2")))]),
        "<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>"
    );
    assert_eq!(
        ml(vec![scripts(large("∑", true), Some(id("i")), Some(id("n")))]),
        "<munderover><mo largeop=\"true\" movablelimits=\"true\">∑</mo><mi>i</mi><mi>n</mi></munderover>"
    );
    assert_eq!(
        ml(vec![scripts(large("∑", true), Some(id("i")), None)]),
        "<munder><mo largeop=\"true\" movablelimits=\"true\">∑</mo><mi>i</mi></munder>"
    );
    assert_eq!(
        ml(vec![scripts(
            large("∫", false),
            Some(num("0")),
            Some(num("1"))
        )]),
        "<msubsup><mo largeop=\"true\">∫</mo><mn>0</mn><mn>1</mn></msubsup>"
    );
    let brace = MathNode::Accent {
        accent: "\u{23DE}".into(),
        base: Box::new(id("x")),
        stretchy: true,
        under: false,
    };
    // A brace's label is a stack the reader makes: over it in any style.
    let labelled = MathNode::Stack {
        base: Box::new(brace),
        over: Some(Box::new(id("n"))),
        under: None,
        relation: false,
    };
    assert_eq!(
        ml(vec![labelled]),
        "<mover><mover accent=\"true\"><mi>x</mi><mo stretchy=\"true\">\u{23DE}</mo></mover><mi>n</mi></mover>"
    );
}

#[test]
fn rows_fractions_and_roots() {
    assert_eq!(
        ml(vec![row(vec![id("a"), op("+", OpClass::Binary), id("b")])]),
        "<mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow>"
    );
    let frac = |bar, style| MathNode::Fraction {
        num: Box::new(id("a")),
        den: Box::new(id("b")),
        bar,
        style,
    };
    assert_eq!(
        ml(vec![frac(true, None)]),
        "<mfrac><mi>a</mi><mi>b</mi></mfrac>"
    );
    assert_eq!(
        ml(vec![frac(false, None)]),
        "<mfrac linethickness=\"0\"><mi>a</mi><mi>b</mi></mfrac>"
    );
    assert_eq!(
        ml(vec![frac(true, Some(FracStyle::Display))]),
        "<mstyle displaystyle=\"true\"><mfrac><mi>a</mi><mi>b</mi></mfrac></mstyle>"
    );
    assert_eq!(
        ml(vec![frac(true, Some(FracStyle::Text))]),
        "<mstyle displaystyle=\"false\"><mfrac><mi>a</mi><mi>b</mi></mfrac></mstyle>"
    );
    assert_eq!(
        ml(vec![MathNode::Root {
            degree: None,
            radicand: Box::new(id("x"))
        }]),
        "<msqrt><mi>x</mi></msqrt>"
    );
    assert_eq!(
        ml(vec![MathNode::Root {
            degree: Some(Box::new(num("3"))),
            radicand: Box::new(id("x"))
        }]),
        "<mroot><mi>x</mi><mn>3</mn></mroot>"
    );
}

#[test]
fn fences_grow_and_an_empty_one_is_left_out() {
    assert_eq!(
        ml(vec![MathNode::Fenced {
            open: "{".into(),
            close: String::new(),
            nodes: vec![id("x")]
        }]),
        "<mrow><mo fence=\"true\" form=\"prefix\" stretchy=\"true\">{</mo><mi>x</mi></mrow>"
    );
    assert_eq!(
        ml(vec![MathNode::Fenced {
            open: "⟨".into(),
            close: "⟩".into(),
            nodes: vec![]
        }]),
        "<mrow><mo fence=\"true\" form=\"prefix\" stretchy=\"true\">⟨</mo><mo fence=\"true\" form=\"postfix\" stretchy=\"true\">⟩</mo></mrow>"
    );
}

#[test]
fn accents_over_and_under() {
    let accent = |accent: &str, stretchy, under| MathNode::Accent {
        accent: accent.into(),
        base: Box::new(id("x")),
        stretchy,
        under,
    };
    assert_eq!(
        ml(vec![accent("ˆ", false, false)]),
        "<mover accent=\"true\"><mi>x</mi><mo stretchy=\"false\">ˆ</mo></mover>"
    );
    assert_eq!(
        ml(vec![accent("‾", true, false)]),
        "<mover accent=\"true\"><mi>x</mi><mo stretchy=\"true\">‾</mo></mover>"
    );
    assert_eq!(
        ml(vec![accent("_", true, true)]),
        "<munder accentunder=\"true\"><mi>x</mi><mo stretchy=\"true\">_</mo></munder>"
    );
}

#[test]
fn tables_align_their_columns_for_both_engines() {
    let matrix = MathNode::Table {
        rows: vec![
            vec![vec![num("1")], vec![num("0")]],
            vec![vec![num("0")], vec![num("1")]],
        ],
        columns: vec![MathColumnAlign::Center],
        spacing: TableSpacing::Matrix,
    };
    assert_eq!(
        ml(vec![matrix]),
        "<mtable class=\"matrix\" columnspacing=\"1em\"><mtr><mtd><mn>1</mn></mtd><mtd><mn>0</mn></mtd></mtr><mtr><mtd><mn>0</mn></mtd><mtd><mn>1</mn></mtd></mtr></mtable>"
    );
    let aligned = MathNode::Table {
        rows: vec![vec![
            vec![id("x")],
            vec![op("=", OpClass::Relation), num("1")],
            vec![id("y")],
            vec![op("=", OpClass::Relation), num("2")],
        ]],
        columns: vec![MathColumnAlign::Right, MathColumnAlign::Left],
        spacing: TableSpacing::Aligned,
    };
    // The last alignment repeats; every gap is written; the relation
    // opening a cell stays infix.
    assert_eq!(
        ml(vec![aligned]),
        "<mtable class=\"aligned\" displaystyle=\"true\" columnspacing=\"0em 2em 0em\"><mtr><mtd columnalign=\"right\"><mi>x</mi></mtd><mtd columnalign=\"left\"><mi></mi><mo>=</mo><mn>1</mn></mtd><mtd columnalign=\"left\"><mi>y</mi></mtd><mtd columnalign=\"left\"><mi></mi><mo>=</mo><mn>2</mn></mtd></mtr></mtable>"
    );
}

#[test]
fn spaces_in_em_negative_as_a_margin() {
    assert_eq!(
        ml(vec![MathNode::Space { mu: 3 }]),
        "<mspace width=\"0.1667em\"/>"
    );
    assert_eq!(
        ml(vec![MathNode::Space { mu: 18 }]),
        "<mspace width=\"1em\"/>"
    );
    assert_eq!(
        ml(vec![MathNode::Space { mu: 36 }]),
        "<mspace width=\"2em\"/>"
    );
    assert_eq!(
        ml(vec![MathNode::Space { mu: 5 }]),
        "<mspace width=\"0.2778em\"/>"
    );
    assert_eq!(
        ml(vec![MathNode::Space { mu: -3 }]),
        "<mspace style=\"margin-left: -0.1667em\"/>"
    );
}

#[test]
fn an_equation_has_its_id_and_number() {
    let f = formula("x", vec![id("x")]);
    let mut out = String::new();
    push_equation(&mut out, &f, Some("eq-x"), Some("(3.2)"));
    assert_eq!(
        out,
        "<div class=\"equation numbered\" id=\"eq-x\">\n<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"block\" alttext=\"x\"><mi>x</mi></math>\n<span class=\"equation-number\">(3.2)</span>\n</div>\n"
    );
    let mut plain = String::new();
    push_equation(&mut plain, &f, None, None);
    assert!(
        plain.starts_with("<div class=\"equation\">\n<math"),
        "{plain}"
    );
    assert!(!plain.contains("equation-number"));
    // An id that is no XML name is left out, not written broken.
    let mut bad = String::new();
    push_equation(&mut bad, &f, Some("a\"b"), None);
    assert!(bad.starts_with("<div class=\"equation\">"), "{bad}");
}

#[test]
fn stacks_boxes_middles_and_styles() {
    let tex = |t: &str| ml(crate::math::parse(t).unwrap());
    assert_eq!(
        tex("\\stackrel{!}{=}"),
        "<mover><mo>=</mo><mo stretchy=\"false\">!</mo></mover>"
            .replace("<mo stretchy=\"false\">!</mo>", &tex("!"))
    );
    assert_eq!(
        tex("\\underset{k}{x}"),
        "<munder><mi>x</mi><mi>k</mi></munder>"
    );
    assert_eq!(tex("\\boxed{x}"), "<mrow class=\"boxed\"><mi>x</mi></mrow>");
    assert_eq!(
        tex("\\left( a \\middle| b \\right)"),
        "<mrow><mo fence=\"true\" form=\"prefix\" stretchy=\"true\">(</mo><mi>a</mi>\
         <mo fence=\"true\" stretchy=\"true\" lspace=\"0em\" rspace=\"0em\">|</mo><mi>b</mi>\
         <mo fence=\"true\" form=\"postfix\" stretchy=\"true\">)</mo></mrow>"
    );
    assert_eq!(
        tex("\\textstyle x"),
        "<mstyle displaystyle=\"false\" scriptlevel=\"0\"><mi>x</mi></mstyle>"
    );
    assert_eq!(
        tex("\\scriptscriptstyle x"),
        "<mstyle displaystyle=\"false\" scriptlevel=\"2\"><mi>x</mi></mstyle>"
    );
    assert_eq!(
        tex("\\displaystyle x"),
        "<mstyle displaystyle=\"true\" scriptlevel=\"0\"><mi>x</mi></mstyle>"
    );
    assert_eq!(
        tex("\\substack{a\\\\b}"),
        "<mtable class=\"substack\" rowspacing=\"0em\"><mtr><mtd><mi>a</mi></mtd></mtr>\
         <mtr><mtd><mi>b</mi></mtd></mtr></mtable>"
    );
}
