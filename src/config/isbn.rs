//! ISBNs as book.toml gives them: checked (ISBN-13 and ISBN-10, check digits included) and reduced to their digits.

/// Checks an ISBN-13 or ISBN-10 (hyphens and spaces allowed): `Err` gives
/// the byte offset in `isbn` of the character at fault and why.
pub fn check_isbn(isbn: &str) -> Result<(), (usize, String)> {
    let mut digits: Vec<(usize, u32)> = Vec::new();
    for (i, c) in isbn.char_indices() {
        match c {
            '-' | ' ' => {}
            '0'..='9' => digits.push((i, c as u32 - '0' as u32)),
            'X' | 'x' if digits.len() == 9 => digits.push((i, 10)),
            _ => return Err((i, format!("holds `{c}`, which is not a digit"))),
        }
    }
    let last = |d: &[(usize, u32)]| d.last().map_or(0, |(i, _)| *i);
    match digits.len() {
        13 => {
            if digits[..12].iter().any(|(_, d)| *d > 9) {
                return Err((last(&digits), "is not an ISBN".into()));
            }
            let prefix: u32 = digits[..3].iter().fold(0, |a, (_, d)| a * 10 + d);
            if prefix != 978 && prefix != 979 {
                return Err((digits[0].0, "does not start with 978 or 979".into()));
            }
            let sum: u32 = digits[..12]
                .iter()
                .enumerate()
                .map(|(k, (_, d))| if k % 2 == 0 { *d } else { 3 * d })
                .sum();
            let check = (10 - sum % 10) % 10;
            if digits[12].1 != check {
                return Err((
                    digits[12].0,
                    format!(
                        "has a bad check digit: it ends in {}, which should be {check}",
                        digits[12].1
                    ),
                ));
            }
            Ok(())
        }
        10 => {
            let sum: u32 = digits[..9]
                .iter()
                .enumerate()
                .map(|(k, (_, d))| (10 - k as u32) * d)
                .sum();
            let check = (11 - sum % 11) % 11;
            if digits[9].1 != check {
                let shown = |d: u32| {
                    if d == 10 {
                        "X".to_string()
                    } else {
                        d.to_string()
                    }
                };
                return Err((
                    digits[9].0,
                    format!(
                        "has a bad check digit: it ends in {}, which should be {}",
                        shown(digits[9].1),
                        shown(check)
                    ),
                ));
            }
            Ok(())
        }
        n => Err((
            last(&digits),
            format!("has {n} digits; an ISBN has 13 (or 10)"),
        )),
    }
}

/// An ISBN's digits only, e.g. for `urn:isbn:` (`X` kept).
pub fn isbn_digits(isbn: &str) -> String {
    isbn.chars()
        .filter(|c| c.is_ascii_digit() || *c == 'X' || *c == 'x')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}
