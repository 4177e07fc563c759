//! Dates without a clock: `SOURCE_DATE_EPOCH` and `book.toml` dates to ISO 8601.

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into (year, month, day),
/// missing parts taken as 1.
pub fn parse_date(text: &str) -> Option<(i64, u32, u32)> {
    let mut parts = text.trim().split('-');
    let year = parts.next()?;
    if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let year: i64 = year.parse().ok()?;
    let mut field = |max: u32| -> Option<Option<u32>> {
        match parts.next() {
            None => Some(None),
            Some(p) if p.len() == 2 && p.chars().all(|c| c.is_ascii_digit()) => {
                let v: u32 = p.parse().ok()?;
                (1..=max).contains(&v).then_some(Some(v))
            }
            Some(_) => None,
        }
    };
    let month = field(12)?;
    let day = if month.is_some() { field(31)? } else { None };
    if parts.next().is_some() {
        return None;
    }
    let (month, day) = (month.unwrap_or(1), day.unwrap_or(1));
    if day > days_in_month(year, month) {
        return None;
    }
    Some((year, month, day))
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date for days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Now, in seconds since the Unix epoch: `SOURCE_DATE_EPOCH` when set
/// (reproducible runs, tests), else the clock. For what is written once
/// by a person's command (`new`'s date) or judged against today (`check`'s
/// future date), never for what a build writes.
pub fn now() -> i64 {
    if let Some(n) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse().ok())
    {
        return n;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `YYYY-MM-DDThh:mm:ssZ` for seconds since the Unix epoch.
pub fn iso8601(epoch_seconds: i64) -> String {
    let days = epoch_seconds.div_euclid(86_400);
    let secs = epoch_seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// The build timestamp: `SOURCE_DATE_EPOCH` if given, else the book's date,
/// else the Unix epoch. Never the clock, so builds are reproducible.
pub fn build_timestamp(
    source_date_epoch: Option<&str>,
    book_date: Option<&str>,
) -> Result<String, String> {
    if let Some(sde) = source_date_epoch {
        let secs: i64 = sde
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH={sde:?} is not a whole number of seconds"))?;
        return Ok(iso8601(secs));
    }
    if let Some((y, m, d)) = book_date.and_then(parse_date) {
        return Ok(iso8601(days_from_civil(y, m, d) * 86_400));
    }
    Ok(iso8601(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_partial_dates() {
        assert_eq!(parse_date("1980"), Some((1980, 1, 1)));
        assert_eq!(parse_date("1980-11"), Some((1980, 11, 1)));
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
        for bad in [
            "80",
            "1980-13",
            "2023-02-29",
            "1980-1-1",
            "1980-01-01-01",
            "soon",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_epoch_seconds() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn timestamp_prefers_source_date_epoch_then_date() {
        assert_eq!(
            build_timestamp(Some("86400"), Some("1980")).unwrap(),
            "1970-01-02T00:00:00Z"
        );
        assert_eq!(
            build_timestamp(None, Some("1980-11")).unwrap(),
            "1980-11-01T00:00:00Z"
        );
        assert_eq!(build_timestamp(None, None).unwrap(), "1970-01-01T00:00:00Z");
        assert!(build_timestamp(Some("noon"), None).is_err());
    }
}
