//! Layout checked against the MATH table's constants: each test fails if its rule breaks.

use super::font::{Constant as K, MathFont};
use super::frame::{Frame, Item};
use super::layout::{Layout, Style};
use super::spacing::Class;
use crate::model::{MathColumnAlign, MathNode, MathStyle, OpClass, TableSpacing};
use crate::pdf::fontset::FontSet;

const SIZE: f32 = 10.0;

fn with_layout<T>(f: impl FnOnce(&Layout<'_, '_>) -> T) -> T {
    let fonts = FontSet::embedded();
    let layout = Layout {
        font: MathFont::embedded(),
        fonts: &fonts,
        size: SIZE,
    };
    f(&layout)
}

fn k(which: K) -> f32 {
    MathFont::embedded().constant(which, SIZE)
}

fn ident(s: &str) -> MathNode {
    MathNode::Ident {
        text: s.into(),
        style: MathStyle::Italic,
    }
}

fn num(s: &str) -> MathNode {
    MathNode::Number { text: s.into() }
}

fn op(s: &str, class: OpClass) -> MathNode {
    MathNode::Operator {
        text: s.into(),
        class,
        large: false,
        limits: false,
        size: 0,
    }
}

fn sum() -> MathNode {
    MathNode::Operator {
        text: "∑".into(),
        class: OpClass::Large,
        large: true,
        limits: true,
        size: 0,
    }
}

/// Every glyph's (text, x, y, size), in drawing order.
fn glyphs(frame: &Frame) -> Vec<(String, f32, f32, f32)> {
    frame
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Glyph {
                text, x, y, size, ..
            } => Some((text.clone(), *x, *y, *size)),
            Item::Rule { .. } => None,
        })
        .collect()
}

fn glyph<'a>(all: &'a [(String, f32, f32, f32)], text: &str) -> &'a (String, f32, f32, f32) {
    all.iter()
        .find(|g| g.0 == text)
        .unwrap_or_else(|| panic!("no glyph {text:?} in {all:?}"))
}

fn rules(frame: &Frame) -> Vec<(f32, f32, f32, f32)> {
    frame
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rule {
                x,
                y,
                width,
                height,
            } => Some((*x, *y, *width, *height)),
            Item::Glyph { .. } => None,
        })
        .collect()
}

#[test]
fn the_font_has_a_math_table_and_garamond_letters() {
    let font = MathFont::embedded();
    assert!(k(K::AxisHeight) > 0.0, "no MATH constants");
    assert!(font.glyph('𝑥').is_some() && font.glyph('∑').is_some());
    let (script, scriptscript) = font.script_scales();
    assert!(script < 1.0 && scriptscript < script);
}

#[test]
fn a_superscript_is_raised_by_the_constant_and_set_smaller() {
    let f = with_layout(|l| {
        l.list(
            &[MathNode::Scripts {
                base: Box::new(ident("x")),
                sub: None,
                sup: Some(Box::new(num("2"))),
            }],
            Style::text(),
        )
    });
    let g = glyphs(&f);
    let two = glyph(&g, "2");
    let x = glyph(&g, "𝑥");
    assert_eq!(x.2, 0.0);
    assert!(
        two.2 >= k(K::SuperscriptShiftUp) - 1e-4,
        "superscript at {} < shift {}",
        two.2,
        k(K::SuperscriptShiftUp)
    );
    let (script, _) = MathFont::embedded().script_scales();
    assert!(
        (two.3 - SIZE * script).abs() < 1e-4,
        "script size {}",
        two.3
    );
    // Right of the x (and its italic correction).
    assert!(
        two.1
            >= MathFont::embedded()
                .glyph_box(MathFont::embedded().glyph('𝑥').unwrap(), SIZE)
                .advance
                - 1e-4
    );
}

#[test]
fn subscript_and_superscript_keep_the_minimum_gap() {
    let f = with_layout(|l| {
        l.list(
            &[MathNode::Scripts {
                base: Box::new(ident("x")),
                sub: Some(Box::new(ident("i"))),
                sup: Some(Box::new(num("2"))),
            }],
            Style::text(),
        )
    });
    let g = glyphs(&f);
    let font = MathFont::embedded();
    let (script, _) = font.script_scales();
    let two = glyph(&g, "2");
    let i = glyph(&g, "𝑖");
    let two_box = font.glyph_box(font.glyph('2').unwrap(), SIZE * script);
    let i_box = font.glyph_box(font.glyph('𝑖').unwrap(), SIZE * script);
    let gap = (two.2 - two_box.depth) - (i.2 + i_box.height);
    assert!(gap >= k(K::SubSuperscriptGapMin) - 1e-3, "gap {gap}");
    assert!(-i.2 >= k(K::SubscriptShiftDown) - 1e-4);
}

#[test]
fn a_fraction_bar_sits_on_the_axis_with_the_gaps_kept() {
    let f = with_layout(|l| {
        l.list(
            &[MathNode::Fraction {
                num: Box::new(ident("a")),
                den: Box::new(ident("b")),
                bar: true,
                style: None,
            }],
            Style::display(),
        )
    });
    let r = rules(&f);
    assert_eq!(r.len(), 1, "one bar");
    let (_, y, width, t) = r[0];
    assert!((t - k(K::FractionRuleThickness)).abs() < 1e-4);
    assert!(
        ((y + t / 2.0) - k(K::AxisHeight)).abs() < 1e-4,
        "bar centre off the axis"
    );
    let font = MathFont::embedded();
    let g = glyphs(&f);
    let a = glyph(&g, "𝑎");
    let b = glyph(&g, "𝑏");
    let a_box = font.glyph_box(font.glyph('𝑎').unwrap(), a.3);
    let b_box = font.glyph_box(font.glyph('𝑏').unwrap(), b.3);
    assert!(a.2 - a_box.depth - (y + t) >= k(K::FractionNumDisplayStyleGapMin) - 1e-3);
    assert!(y - (b.2 + b_box.height) >= k(K::FractionDenomDisplayStyleGapMin) - 1e-3);
    assert!(a.2 >= k(K::FractionNumeratorDisplayStyleShiftUp) - 1e-4);
    assert!(-b.2 >= k(K::FractionDenominatorDisplayStyleShiftDown) - 1e-4);
    // Display: numerator and denominator in text size; bar over both.
    assert_eq!(a.3, SIZE);
    assert!(width >= a_box.advance.max(b_box.advance));
}

#[test]
fn a_binomial_has_no_bar() {
    let f = with_layout(|l| {
        l.list(
            &[MathNode::Fraction {
                num: Box::new(ident("n")),
                den: Box::new(ident("k")),
                bar: false,
                style: None,
            }],
            Style::text(),
        )
    });
    assert!(rules(&f).is_empty());
    let g = glyphs(&f);
    assert!(glyph(&g, "𝑛").2 > 0.0 && glyph(&g, "𝑘").2 < 0.0);
}

#[test]
fn a_fenced_delimiter_covers_its_content() {
    let frac = MathNode::Fraction {
        num: Box::new(ident("a")),
        den: Box::new(ident("b")),
        bar: true,
        style: None,
    };
    let (inner, fenced) = with_layout(|l| {
        let inner = l.list(std::slice::from_ref(&frac), Style::display());
        let fenced = l.list(
            &[MathNode::Fenced {
                open: "(".into(),
                close: ")".into(),
                nodes: vec![frac.clone()],
            }],
            Style::display(),
        );
        (inner, fenced)
    });
    // The parenthesis grew: the fenced frame is taller than a plain "(".
    let font = MathFont::embedded();
    let paren = font.glyph_box(font.glyph('(').unwrap(), SIZE);
    assert!(fenced.height + fenced.depth > paren.height + paren.depth + 1.0);
    // And covers the fraction to within TeX's shortfall (0.5 em) and factor.
    let covered = fenced.height + fenced.depth;
    let content = inner.height + inner.depth;
    assert!(covered >= content * 0.901 - 1e-3 || covered >= content - 0.5 * SIZE);
    // Symmetric about the axis.
    let axis = k(K::AxisHeight);
    assert!(
        ((fenced.height - axis) - (fenced.depth + axis)).abs() < 0.6,
        "{fenced:?}"
    );
    assert!(fenced.text().starts_with('(') && fenced.text().ends_with(')'));
}

#[test]
fn a_tall_delimiter_is_assembled_from_parts() {
    let f = with_layout(|l| {
        let target = 8.0 * SIZE;
        super::stretch::stretched(&l.font, '(', target, SIZE, false, Class::Open).unwrap()
    });
    assert!(
        f.height + f.depth >= 8.0 * SIZE - 0.5,
        "{} tall",
        f.height + f.depth
    );
    assert!(glyphs(&f).len() >= 3, "an assembly of parts");
    // Copied text reads one parenthesis.
    assert_eq!(f.text(), "(");
}

#[test]
fn sum_limits_go_above_and_below_in_display_and_beside_inline() {
    let node = MathNode::Scripts {
        base: Box::new(sum()),
        sub: Some(Box::new(MathNode::Row {
            nodes: vec![ident("i"), op("=", OpClass::Relation), num("1")],
        })),
        sup: Some(Box::new(ident("n"))),
    };
    let (display, inline) = with_layout(|l| {
        (
            l.list(std::slice::from_ref(&node), Style::display()),
            l.list(std::slice::from_ref(&node), Style::text()),
        )
    });
    let g = glyphs(&display);
    let s = glyph(&g, "∑");
    let n = glyph(&g, "𝑛");
    let one = glyph(&g, "1");
    // Display: n above the sum's top, the limit below its bottom,
    // centred over it; the sum itself larger than text size.
    assert!(n.2 > display.height / 2.0 && one.2 < 0.0);
    assert!(n.1 > s.1 && n.1 < s.1 + display.width);
    assert!(display.height + display.depth > inline.height + inline.depth);
    assert!(n.2 - k(K::UpperLimitBaselineRiseMin) >= 0.0);
    // Inline: n right of the sum.
    let g = glyphs(&inline);
    let s = glyph(&g, "∑");
    let n = glyph(&g, "𝑛");
    let font = MathFont::embedded();
    let sb = font.glyph_box(font.glyph('∑').unwrap(), SIZE);
    assert!(
        n.1 >= s.1 + sb.advance - 1e-3,
        "superscript beside, not above"
    );
}

#[test]
fn spaces_around_binary_relation_and_after_comma() {
    let width = |nodes: Vec<MathNode>, style: Style| with_layout(|l| l.list(&nodes, style).width);
    let bare = |nodes: &[MathNode]| {
        with_layout(|l| {
            nodes
                .iter()
                .map(|n| l.list(std::slice::from_ref(n), Style::text()).width)
                .sum::<f32>()
        })
    };
    let mu = SIZE / 18.0;
    let plus = vec![ident("a"), op("+", OpClass::Binary), ident("b")];
    let eq = vec![ident("a"), op("=", OpClass::Relation), ident("b")];
    let comma = vec![ident("a"), op(",", OpClass::Punctuation), ident("b")];
    let italic_a = with_layout(|l| l.list(&[ident("a")], Style::text()).italic);
    let extra =
        |nodes: Vec<MathNode>| width(nodes.clone(), Style::text()) - bare(&nodes) - italic_a;
    assert!(
        (extra(plus.clone()) - 8.0 * mu).abs() < 0.05,
        "medium spaces: {}",
        extra(plus)
    );
    assert!(
        (extra(eq.clone()) - 10.0 * mu).abs() < 0.05,
        "thick spaces: {}",
        extra(eq)
    );
    assert!(
        (extra(comma.clone()) - 3.0 * mu).abs() < 0.05,
        "thin after comma: {}",
        extra(comma)
    );
    // A leading minus is a sign, as the TeX reader makes it: no space.
    let minus = crate::math::parse("-b").expect("TeX");
    assert!(
        extra(minus.clone()).abs() < 0.05 + italic_a,
        "{}",
        extra(minus)
    );
    // In a script, no space around the binary.
    let script = Style {
        level: super::layout::Level::Script,
        cramped: false,
    };
    let w_script = width(plus.clone(), script);
    let parts: f32 = with_layout(|l| {
        plus.iter()
            .map(|n| l.list(std::slice::from_ref(n), script).width)
            .sum::<f32>()
    });
    assert!((w_script - parts).abs() < 1e-3);
}

#[test]
fn a_display_integral_is_larger_than_an_inline_one() {
    let integral = MathNode::Operator {
        text: "∫".into(),
        class: OpClass::Large,
        large: true,
        limits: false,
        size: 0,
    };
    let (display, inline) = with_layout(|l| {
        (
            l.list(std::slice::from_ref(&integral), Style::display()),
            l.list(std::slice::from_ref(&integral), Style::text()),
        )
    });
    assert!(display.height + display.depth > 1.2 * (inline.height + inline.depth));
    assert!(display.height + display.depth >= k(K::DisplayOperatorMinHeight) - 1e-3);
    // Both centred on the axis.
    for f in [&display, &inline] {
        assert!((((f.height - f.depth) / 2.0) - k(K::AxisHeight)).abs() < 1e-3);
    }
}

#[test]
fn delimiters_take_big_sizes() {
    let sizes: Vec<f32> = (1..=4)
        .map(|size| {
            with_layout(|l| {
                let f = l.list(
                    &[MathNode::Operator {
                        text: "(".into(),
                        class: OpClass::Open,
                        large: false,
                        limits: false,
                        size,
                    }],
                    Style::text(),
                );
                f.height + f.depth
            })
        })
        .collect();
    // \big < \Big < \bigg < \Bigg, each at least TeX's size.
    for (k, pair) in sizes.windows(2).enumerate() {
        assert!(
            pair[1] > pair[0],
            "size {} not above {}: {sizes:?}",
            k + 2,
            k + 1
        );
    }
    assert!(sizes[3] >= 1.75 * SIZE - 1e-3, "{sizes:?}");
}

#[test]
fn a_root_covers_its_radicand() {
    let radicand = MathNode::Fraction {
        num: Box::new(num("1")),
        den: Box::new(ident("x")),
        bar: true,
        style: None,
    };
    let (inner, root) = with_layout(|l| {
        (
            l.list(std::slice::from_ref(&radicand), Style::display()),
            l.list(
                &[MathNode::Root {
                    degree: None,
                    radicand: Box::new(radicand.clone()),
                }],
                Style::display(),
            ),
        )
    });
    let r = rules(&root);
    assert_eq!(r.len(), 2, "the fraction bar and the radical's rule");
    let over = r
        .iter()
        .find(|r| r.1 > inner.height)
        .expect("a rule over the radicand");
    assert!(over.1 - inner.height >= k(K::RadicalDisplayStyleVerticalGap) - 1e-3);
    assert!(over.2 >= inner.width - 1e-3, "the rule spans the radicand");
    assert!(root.depth >= inner.depth - 1e-3);
    assert!(root.text().starts_with('√'));
}

#[test]
fn a_matrix_sets_rows_and_columns_apart() {
    let cell = |s: &str| vec![ident(s)];
    let f = with_layout(|l| {
        l.list(
            &[MathNode::Table {
                rows: vec![vec![cell("a"), cell("b")], vec![cell("c"), cell("d")]],
                columns: vec![MathColumnAlign::Center],
                spacing: TableSpacing::Matrix,
            }],
            Style::display(),
        )
    });
    let g = glyphs(&f);
    let (a, b, c) = (glyph(&g, "𝑎"), glyph(&g, "𝑏"), glyph(&g, "𝑐"));
    assert!(b.1 - a.1 >= SIZE, "columns a quad apart");
    assert!(a.2 - c.2 >= 1.2 * SIZE - 1e-3, "rows a baselineskip apart");
    // Centred on the axis.
    let middle = (f.height - f.depth) / 2.0;
    assert!((middle - k(K::AxisHeight)).abs() < 1e-3);
}

fn accent(accent: &str, base: MathNode, stretchy: bool) -> MathNode {
    MathNode::Accent {
        accent: accent.into(),
        base: Box::new(base),
        stretchy,
        under: false,
    }
}

#[test]
fn an_accent_centres_on_the_letters_attachment_point() {
    let f = with_layout(|l| l.list(&[accent("ˆ", ident("a"), false)], Style::text()));
    let font = MathFont::embedded();
    let a_id = font.glyph('𝑎').unwrap();
    let hat_id = font.glyph('\u{302}').expect("the combining circumflex");
    let a_at = font
        .top_accent(a_id, SIZE)
        .unwrap_or(font.glyph_box(a_id, SIZE).advance / 2.0);
    let hat_at = font
        .top_accent(hat_id, SIZE)
        .unwrap_or(font.glyph_box(hat_id, SIZE).advance / 2.0);
    let g = glyphs(&f);
    let hat = glyph(&g, "ˆ");
    assert!(
        (hat.1 + hat_at - a_at).abs() < 1e-3,
        "hat at {} + {hat_at} vs {a_at}",
        hat.1
    );
    // Over the letter: its ink above the letter's top.
    let hat_box = font.glyph_box(hat_id, SIZE);
    let a_box = font.glyph_box(a_id, SIZE);
    assert!(hat.2 + hat_box.height - hat_box.depth.max(0.0) > a_box.height);
    // The frame is as wide as the letter: an accent adds no width.
    assert!((f.width - a_box.advance).abs() < 1e-3);
}

#[test]
fn overline_is_a_rule_over_the_base_and_a_wide_hat_grows() {
    let base = MathNode::Row {
        nodes: vec![ident("x"), ident("y"), ident("z")],
    };
    let (bar, hat, small, plain) = with_layout(|l| {
        (
            l.list(&[accent("\u{305}", base.clone(), true)], Style::text()),
            l.list(&[accent("\u{302}", base.clone(), true)], Style::text()),
            l.list(&[accent("\u{302}", ident("x"), true)], Style::text()),
            l.list(std::slice::from_ref(&base), Style::text()),
        )
    });
    let r = rules(&bar);
    assert_eq!(r.len(), 1);
    assert!(r[0].1 - plain.height >= k(K::OverbarVerticalGap) - 1e-3);
    assert!(
        (r[0].2 - plain.width).abs() < 1e-3,
        "the rule spans the base"
    );
    // The wide hat over three letters is a wider glyph than over one.
    let width_of = |f: &Frame| {
        let font = MathFont::embedded();
        f.items
            .iter()
            .filter_map(|i| match i {
                // The accent's glyphs: all but the letters.
                Item::Glyph { id, size, text, .. } if !["𝑥", "𝑦", "𝑧"].contains(&text.as_str()) => {
                    Some(font.glyph_box(*id, *size).advance)
                }
                _ => None,
            })
            .sum::<f32>()
    };
    assert!(
        width_of(&hat) > width_of(&small) * 1.3,
        "{} vs {}",
        width_of(&hat),
        width_of(&small)
    );
}

#[test]
fn a_function_name_is_upright_with_a_thin_space_before_its_argument() {
    let nodes = vec![
        MathNode::Function {
            name: "sin".into(),
            limits: false,
        },
        ident("x"),
    ];
    let (f, name, x) = with_layout(|l| {
        (
            l.list(&nodes, Style::text()),
            l.list(&nodes[..1], Style::text()).width,
            l.list(&nodes[1..], Style::text()).width,
        )
    });
    assert_eq!(f.text(), "sin𝑥");
    assert!((f.width - name - x - 3.0 * SIZE / 18.0).abs() < 1e-3);
}

#[test]
fn an_inline_formula_breaks_after_relations_and_binaries_into_parts_as_set_whole() {
    use super::breaks::breaks;
    let nodes = crate::math::parse("a = -b + cd").expect("TeX");
    assert_eq!(nodes.len(), 7);
    // After "=" and the binary "+", not after the sign.
    assert_eq!(breaks(&nodes), vec![0..2, 2..5, 5..7]);
    // No lone atom after the last break; none in "x = y" at all.
    let short = vec![ident("x"), op("=", OpClass::Relation), ident("y")];
    assert_eq!(breaks(&short), vec![0..3]);
    // The parts are cut from the formula as set whole: the same glyphs,
    // each part's width its own, the spaces at the breaks left out.
    let (whole, parts) = with_layout(|l| {
        (
            l.list(&nodes, Style::text()),
            breaks(&nodes)
                .into_iter()
                .map(|r| l.formula_part(&nodes, r))
                .collect::<Vec<_>>(),
        )
    });
    let mu = SIZE / 18.0;
    let sum: f32 = parts.iter().map(|p| p.width).sum();
    // Thick space after "=", medium after "+".
    assert!(
        (whole.width - sum - 5.0 * mu - 4.0 * mu).abs() < 1e-3,
        "{} vs {sum}",
        whole.width
    );
    let texts: Vec<String> = parts.iter().map(Frame::text).collect();
    assert_eq!(texts, ["𝑎=", "−𝑏+", "𝑐𝑑"]);
    // Each part starts at its own x = 0.
    for p in &parts {
        assert!(glyphs(p).first().unwrap().1.abs() < 1e-3);
    }
}

#[test]
fn boxed_frames_with_the_rule_thickness_and_a_gap() {
    let nodes = crate::math::parse("\\boxed{x}").expect("TeX");
    let plain = crate::math::parse("\\displaystyle x").expect("TeX");
    with_layout(|l| {
        let boxed = l.formula(&nodes, false);
        let x = l.formula(&plain, false);
        let t = l.font.constant(K::FractionRuleThickness, l.size);
        let gap = super::stack::BOX_GAP * l.size;
        let rules: Vec<(f32, f32)> = boxed
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rule { width, height, .. } => Some((*width, *height)),
                _ => None,
            })
            .collect();
        assert_eq!(rules.len(), 4);
        assert!((boxed.width - (x.width + 2.0 * (gap + t))).abs() < 0.01);
        assert!((boxed.height - (x.height + gap + t)).abs() < 0.01);
        assert!(rules.iter().all(|&(w, h)| (w.min(h) - t).abs() < 0.001));
    });
}

#[test]
fn style_switches_change_the_size_and_the_limits() {
    with_layout(|l| {
        let display = |tex: &str| l.formula(&crate::math::parse(tex).expect("TeX"), true);
        let inline = |tex: &str| l.formula(&crate::math::parse(tex).expect("TeX"), false);
        // `\textstyle\sum` in a display: the text-size sum, limits beside.
        let text_sum = display("\\textstyle \\sum_{k=1}^{n}");
        let display_sum = display("\\sum_{k=1}^{n}");
        assert!(text_sum.height < display_sum.height);
        assert!(text_sum.width > inline("\\sum").width);
        assert_eq!(text_sum.width, inline("\\sum_{k=1}^{n}").width);
        // `\displaystyle\frac` in the line is the display's fraction.
        assert_eq!(
            inline("\\displaystyle \\frac{1}{2}").height,
            display("\\frac{1}{2}").height
        );
        assert!(inline("\\frac{1}{2}").height < display("\\frac{1}{2}").height);
        // `\scriptstyle` sets letters at the script scale.
        let (script, _) = l.font.script_scales();
        let x = inline("x").width;
        assert!((inline("\\scriptstyle x").width - x * script).abs() < 0.01);
        // A brace's label stands above it, as a limit, in the line too.
        let brace = inline("\\overbrace{a+b}^{n}");
        assert!(brace.width < inline("\\overbrace{a+b}").width + 0.01 + inline("n").width);
        assert!(brace.height > inline("\\overbrace{a+b}").height + k(K::UpperLimitGapMin) * 0.5);
    });
}

#[test]
fn a_middle_grows_with_its_fences() {
    with_layout(|l| {
        let tall = l.formula(
            &crate::math::parse("\\left( \\frac{a}{b} \\middle| c \\right)").expect("TeX"),
            true,
        );
        let bars: Vec<f32> = tall
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Glyph { text, y, .. } if text == "|" => Some(*y),
                _ => None,
            })
            .collect();
        assert_eq!(bars.len(), 1);
        let plain = l.formula(&crate::math::parse("|").expect("TeX"), true);
        let fenced_bar_height = tall.height;
        assert!(fenced_bar_height > plain.height);
    });
}
