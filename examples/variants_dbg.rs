use bookpack::model::Inline;
use bookpack::pdf::fontset::FontSet;
use bookpack::pdf::hyphenate::Hyphenator;
use bookpack::pdf::linebreak;
use bookpack::pdf::paragraph::{ParagraphStyle, Typesetter};
fn main() {
    let text = std::fs::read_to_string("/work/shared/seed/the-khrushchevites-ch12.txt").unwrap();
    let mut ts = Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap());
    let style = ParagraphStyle::body(11.0, 305.0, 11.0);
    let (mut some, mut short, mut long) = (0, 0, 0);
    for p in text.lines().filter(|l| l.len() > 60) {
        let (items, params) = ts.breaker_items(
            &[Inline::Text {
                text: p.to_string(),
            }],
            &style,
        );
        let alt = linebreak::all_line_counts(&items, 305.0, &params);
        let counts: Vec<usize> = alt.by_lines.iter().map(|b| b.lines.len()).collect();
        let n = alt.optimal().lines.len();
        some += 1;
        if counts.contains(&(n - 1)) {
            short += 1;
        }
        if counts.contains(&(n + 1)) {
            long += 1;
        }
        if some < 10 {
            println!("{counts:?} opt {n}");
        }
    }
    println!("paras {some} shorter {short} longer {long}");
}
