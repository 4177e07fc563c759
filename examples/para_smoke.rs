use bookpack::model::Inline;
use bookpack::pdf::fontset::FontSet;
use bookpack::pdf::hyphenate::Hyphenator;
use bookpack::pdf::paragraph::{ParagraphStyle, Typesetter};
fn main() {
    let text = std::fs::read_to_string("/work/shared/seed/the-khrushchevites-ch12.txt").unwrap();
    let mut ts = Typesetter::new(FontSet::embedded(), Hyphenator::new("en-GB", 2, 3).unwrap());
    let env = |k: &str, d: f32| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    ts.tuning.hyphen_penalty = env("HP", ts.tuning.hyphen_penalty);
    ts.tuning.space_shrink = env("SH", ts.tuning.space_shrink);
    ts.tuning.space_stretch = env("ST", ts.tuning.space_stretch);
    ts.tuning.breaker.tolerance = env("TOL", ts.tuning.breaker.tolerance);
    ts.tuning.breaker.emergency_tolerance = env("ETOL", ts.tuning.breaker.emergency_tolerance);
    ts.tuning.breaker.line_penalty = env("LP", ts.tuning.breaker.line_penalty);
    ts.tuning.letter_stretch_em = env("LS", ts.tuning.letter_stretch_em);
    ts.tuning.explicit_hyphen_penalty = env("EHP", ts.tuning.explicit_hyphen_penalty);
    ts.tuning.breaker.double_hyphen_demerits = env("DHD", ts.tuning.breaker.double_hyphen_demerits);
    let style = ParagraphStyle::body(11.0, 305.0, 11.0);
    let mut ratios = vec![];
    let mut lines = 0;
    let mut hyph = 0;
    let mut over = 0;
    let mut emerg = 0;
    let mut run = 0;
    let mut maxrun = 0;
    for (i, p) in text.lines().filter(|l| l.len() > 60).enumerate() {
        let set = ts.set_paragraph(
            &[Inline::Text {
                text: p.to_string(),
            }],
            &style,
        );
        if set.emergency {
            emerg += 1;
        }
        let n = set.lines.len();
        for (j, l) in set.lines.iter().enumerate() {
            lines += 1;
            if l.hyphenated {
                hyph += 1;
                run += 1;
                maxrun = maxrun.max(run);
            } else {
                run = 0;
            }
            if l.overfull {
                over += 1;
            }
            if j + 1 < n && l.spaces > 0 {
                ratios.push(l.space_set / l.space_natural);
                if std::env::var("SHOWBAD").is_ok() && l.space_set / l.space_natural > 1.9 {
                    println!(
                        "BAD {:.2} para {i} line {j}/{n} spaces {} {} .. {} emerg {}",
                        l.space_set / l.space_natural,
                        l.spaces,
                        l.first_word,
                        l.last_word,
                        set.emergency
                    );
                }
            }
            if i == 1 && std::env::var("SHOW").is_ok() {
                println!(
                    "{:6.2} {:6.2} {:5.2} {} .. {}",
                    l.width, l.natural, l.ratio, l.first_word, l.last_word
                );
            }
        }
    }
    ratios.sort_by(f32::total_cmp);
    let q = |f: f32| ratios[((ratios.len() - 1) as f32 * f) as usize];
    println!("lines {lines} hyph {hyph} ({:.1}%) overfull {over} emergency paras {emerg} maxrun {maxrun}", 100.0 * hyph as f32 / lines as f32);
    println!(
        "space ratio median {:.3} p95 {:.3} max {:.3} min {:.3}",
        q(0.5),
        q(0.95),
        q(1.0),
        q(0.0)
    );
}
