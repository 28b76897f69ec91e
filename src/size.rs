//! How big the built site is, and when it would outgrow a host that publishes at most 1 GB
//! (GitHub Pages). `build` reports the size and warns past [`WARN_BYTES`]; `check` projects
//! the day the site reaches [`LIMIT_BYTES`] from the papers of the last [`RATE_DAYS`] days.

use chrono::{Days, NaiveDate};

use crate::model::Site;

/// GitHub Pages' limit for a published site (its documentation says 1 GB).
pub const LIMIT_BYTES: u64 = 1_000_000_000;

/// Past this size `build` warns: a few months of a large digest are left before the limit.
pub const WARN_BYTES: u64 = 800_000_000;

/// The days whose papers give the growth rate.
pub const RATE_DAYS: u64 = 30;

/// `1,234.5 MB`, in decimal megabytes like the hosts' limits.
pub fn megabytes(bytes: u64) -> String {
    let tenths = (bytes + 50_000) / 100_000;
    format!("{}.{} MB", thousands(tenths / 10), tenths % 10)
}

/// `12,345`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The size line of `build`: `site: 1,021.4 MB in 108,997 files (10,214 bytes per paper)`.
pub fn describe(files: usize, bytes: u64, papers: usize) -> String {
    let mut line = format!(
        "site: {} in {} files",
        megabytes(bytes),
        thousands(files as u64)
    );
    if papers > 0 {
        line.push_str(&format!(
            " ({} bytes per paper)",
            thousands(bytes / papers as u64)
        ));
    }
    line
}

/// The warning `build` gives for a site of `bytes`, if it is past [`WARN_BYTES`].
pub fn warning(bytes: u64) -> Option<String> {
    (bytes > WARN_BYTES).then(|| {
        format!(
            "the site is {}, past 800 MB: GitHub Pages publishes at most 1 GB. `paperpress \
             check` says when it gets there; the README's Publishing section lists hosts that \
             take more",
            megabytes(bytes)
        )
    })
}

/// Papers first listed on the last [`RATE_DAYS`] days up to the site's latest day, per day.
pub fn papers_per_day(site: &Site) -> f64 {
    let Some(last) = site.days().last().map(|d| d.date) else {
        return 0.0;
    };
    let from = last
        .checked_sub_days(Days::new(RATE_DAYS - 1))
        .unwrap_or(NaiveDate::MIN);
    let recent = site
        .papers()
        .iter()
        .filter(|p| p.date() >= from && p.date() <= last)
        .count();
    recent as f64 / RATE_DAYS as f64
}

/// When a site of `bytes` for `papers` papers, growing by `per_day` papers a day from
/// `last` (its latest day), reaches [`LIMIT_BYTES`]: `None` if it does not grow.
pub fn limit_date(bytes: u64, papers: usize, per_day: f64, last: NaiveDate) -> Option<NaiveDate> {
    if papers == 0 || per_day <= 0.0 {
        return None;
    }
    if bytes >= LIMIT_BYTES {
        return Some(last);
    }
    let per_paper = bytes as f64 / papers as f64;
    let days = ((LIMIT_BYTES - bytes) as f64 / (per_paper * per_day)).ceil();
    last.checked_add_days(Days::new(days as u64))
}

/// The size lines of `check` for a site measured at `files` files and `bytes`.
pub fn projection(site: &Site, files: usize, bytes: u64) -> String {
    let papers = site.papers().len();
    let mut text = describe(files, bytes, papers);
    let per_day = papers_per_day(site);
    let Some(last) = site.days().last().map(|d| d.date) else {
        return text;
    };
    match limit_date(bytes, papers, per_day, last) {
        Some(_) if bytes >= LIMIT_BYTES => text.push_str(
            "; it is past the 1 GB GitHub Pages publishes: see the README's Publishing section",
        ),
        Some(date) => text.push_str(&format!(
            "; at {per_day:.1} papers a day (the last {RATE_DAYS} days) it reaches 1 GB around \
             {date}"
        )),
        None => text.push_str(&format!(
            "; no papers in the last {RATE_DAYS} days, so it does not grow"
        )),
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_decimal_megabytes() {
        assert_eq!(megabytes(1_021_411_463), "1,021.4 MB");
        assert_eq!(megabytes(49_999), "0.0 MB");
        assert_eq!(megabytes(950_000), "1.0 MB");
        assert_eq!(thousands(108_997), "108,997");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn warns_only_past_800_mb() {
        assert_eq!(warning(WARN_BYTES), None);
        let w = warning(WARN_BYTES + 1).unwrap_or_default();
        assert!(w.contains("800.0 MB,") && w.contains("1 GB"), "{w}");
    }

    #[test]
    fn the_limit_date_follows_the_rate() {
        let last = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        // 500 MB for 50,000 papers (10,000 bytes each), 100 papers a day: 1 MB a day, so the
        // other 500 MB take 500 days.
        let date = limit_date(500_000_000, 50_000, 100.0, last);
        assert_eq!(date, last.checked_add_days(Days::new(500)));
        assert_eq!(limit_date(500_000_000, 50_000, 0.0, last), None);
        assert_eq!(limit_date(LIMIT_BYTES, 50_000, 10.0, last), Some(last));
    }
}
