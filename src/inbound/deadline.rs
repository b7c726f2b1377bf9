//! Opt-out deadlines ("honor by"), from the rule table `data/rules/optout_deadlines.tsv`.
//!
//! Owns: adding business or working days to a receipt time, and ISO 8601 formatting.
//! Must not: suggest waiting. The recommended practice is immediate suppression; the
//! deadline is the legal outer limit, reported so that logs can prove compliance.

use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::text::table_rows;

const DEADLINES_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/optout_deadlines.tsv"));
const DAY_MS: i64 = 86_400_000;

/// The latest time an opt-out must take effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HonorBy {
    pub ms: i64,
    pub iso: String,
    /// The rule and its source, from the table.
    pub rule: &'static str,
}

struct Row {
    jurisdiction: &'static str,
    channel: &'static str,
    days: i64,
    business: bool,
    source: &'static str,
}

fn table() -> &'static [Row] {
    static T: OnceLock<Vec<Row>> = OnceLock::new();
    T.get_or_init(|| {
        table_rows(DEADLINES_TSV)
            .map(|c| Row {
                jurisdiction: c[0],
                channel: c[1],
                // A malformed row is a bug in the data; the test suite loads every table.
                days: c[2]
                    .parse()
                    .unwrap_or_else(|_| panic!("optout_deadlines.tsv: days {:?}", c[2])),
                business: matches!(c[3], "business" | "working"),
                source: c[4],
            })
            .collect()
    })
}

/// Normalise a jurisdiction code: `UK` is `GB`, EU members are `EU`, US states are `US`.
pub(crate) fn jurisdiction_code(j: &str) -> Option<&'static str> {
    crate::rules::jurisdiction_of_region(j)
}

/// Days since 1970-01-01 to (year, month, day) (proleptic Gregorian; Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Unix milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
pub(crate) fn iso8601(ms: i64) -> String {
    let days = ms.div_euclid(DAY_MS);
    let rem = ms.rem_euclid(DAY_MS);
    let (y, m, d) = civil(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

/// Add `n` business days (Monday to Friday; public holidays are not skipped, which only makes
/// the deadline earlier, never later).
fn add_business_days(ms: i64, n: i64) -> i64 {
    let mut day = ms.div_euclid(DAY_MS);
    let weekday = |d: i64| (d + 3).rem_euclid(7); // 0 = Monday; 1970-01-01 was a Thursday
    let mut left = n;
    while left > 0 {
        day += 1;
        if weekday(day) < 5 {
            left -= 1;
        }
    }
    day * DAY_MS + ms.rem_euclid(DAY_MS)
}

/// The deadline for an opt-out received at `received_at_ms` from a contact in `jurisdiction`
/// over `channel` (`sms` or `email`). `Ok(None)` for jurisdictions without a table row.
pub fn honor_by(jurisdiction: &str, channel: &str, received_at_ms: i64) -> Result<Option<HonorBy>> {
    let code = jurisdiction_code(jurisdiction).ok_or_else(|| {
        Error::invalid(
            "jurisdiction",
            format!("{jurisdiction:?} is not one of US, CA, GB, AU, EU or an EU member code"),
        )
    })?;
    let channel = if channel.eq_ignore_ascii_case("email") {
        "email"
    } else {
        "sms"
    };
    let Some(row) = table()
        .iter()
        .find(|r| r.jurisdiction == code && r.channel == channel)
    else {
        return Ok(None);
    };
    let ms = if row.business {
        add_business_days(received_at_ms, row.days)
    } else {
        received_at_ms + row.days * DAY_MS
    };
    Ok(Some(HonorBy {
        ms,
        iso: iso8601(ms),
        rule: row.source,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_795_687_442_383), "2026-11-26T10:04:02.383Z");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn business_days_skip_weekends() {
        // Friday 2026-11-27 10:00 UTC + 10 business days = Friday 2026-12-11 10:00 UTC.
        let fri = 1_795_773_600_000;
        assert_eq!(iso8601(fri), "2026-11-27T10:00:00.000Z");
        assert_eq!(
            honor_by("US", "sms", fri).unwrap().unwrap().iso,
            "2026-12-11T10:00:00.000Z"
        );
        // Australia: 5 working days -> Friday 2026-12-04.
        assert_eq!(
            honor_by("AU", "sms", fri).unwrap().unwrap().iso,
            "2026-12-04T10:00:00.000Z"
        );
        assert_eq!(honor_by("de", "sms", fri).unwrap().unwrap().ms, fri);
        assert_eq!(
            honor_by("US-CA", "email", fri).unwrap().unwrap().iso,
            "2026-12-11T10:00:00.000Z"
        );
        assert_eq!(
            honor_by("Narnia", "sms", fri).unwrap_err().code(),
            "INVALID_ARGUMENT"
        );
    }
}
