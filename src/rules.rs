//! The rule table: which requirement applies where, how severe it is, what to tell the user,
//! and the source. One table, `data/rules/rules.tsv`, serves the message checks
//! ([`crate::outbound::check_message`]) and the consent checks ([`crate::consent`]).
//!
//! Owns: jurisdiction names (EU member states map to `EU`), the table lookup (the most specific
//! row wins: the recipient's jurisdiction, then `ALL`) and [`Issue`], the shape every check
//! reports.
//! Must not: decide whether a requirement is met. Callers find the facts; this module only
//! says which rule a missing fact breaks.

use std::sync::OnceLock;

use serde::Serialize;

use crate::text::table_rows;
use crate::Error;

const RULES_TSV: &str = include_str!("../data/rules/rules.tsv");

/// The jurisdictions with rule sets, in the order issues are reported.
pub const JURISDICTIONS: [&str; 5] = ["US", "CA", "GB", "AU", "EU"];

/// EU member states and the EEA states that apply the ePrivacy Directive.
const EU_MEMBERS: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "EL", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

/// A version of the rule set, stored in consent records: FNV-1a of the table bytes.
pub fn rules_version() -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in RULES_TSV.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("rules-{:012x}", h >> 16)
}

/// Map a jurisdiction name to rule sets: `US`, `US-FL` (a state: US rules), `CA`, `GB` or
/// `UK`, `AU`, `EU` or a member state (`FR`, `DE`, ...), or `ALL` / empty for the union of all
/// five (what to apply when the recipient's location is unknown, regulations.md 2.1).
pub fn resolve_jurisdiction(name: &str) -> Result<Vec<&'static str>, Error> {
    let n = name.trim().to_ascii_uppercase();
    let base = n.split(['-', '_']).next().unwrap_or("");
    let one = match base {
        "" | "ALL" => return Ok(JURISDICTIONS.to_vec()),
        "US" => "US",
        "CA" => "CA",
        "GB" | "UK" => "GB",
        "AU" => "AU",
        "EU" => "EU",
        m if EU_MEMBERS.contains(&m) => "EU",
        _ => {
            return Err(Error::invalid(
                "jurisdiction",
                format!("unknown jurisdiction {name:?}: use US, CA, GB, AU, EU, an EU member code (FR, DE, ...) or ALL"),
            ))
        }
    };
    Ok(vec![one])
}

/// The jurisdiction whose rules apply to a phone number's region, if consentry has rules for it.
pub fn jurisdiction_of_region(region: &str) -> Option<&'static str> {
    resolve_jurisdiction(region)
        .ok()
        .filter(|j| j.len() == 1)
        .map(|j| j[0])
}

/// One row of the rule table.
#[derive(Debug, Clone)]
pub struct Rule {
    pub code: &'static str,
    pub rule: &'static str,
    pub jurisdiction: &'static str,
    pub channel: &'static str,
    pub applies_to: &'static str,
    pub severity: &'static str,
    pub message: &'static str,
    pub source: &'static str,
}

/// The parsed table.
pub fn table() -> &'static [Rule] {
    static T: OnceLock<Vec<Rule>> = OnceLock::new();
    T.get_or_init(|| {
        table_rows(RULES_TSV)
            .map(|c| Rule {
                code: c[0],
                rule: c[1],
                jurisdiction: c[2],
                channel: c[3],
                applies_to: c[4],
                severity: c[5],
                message: c[6],
                source: c[7],
            })
            .collect()
    })
}

fn applies(row: &Rule, channel: &str, category: &str) -> bool {
    let channel_ok = row.channel == "both" || channel == "both" || row.channel == channel;
    let category_ok = match row.applies_to {
        "all" => true,
        "commercial" => matches!(category, "marketing" | "transactional"),
        other => other == category,
    };
    channel_ok && category_ok
}

/// The row for `code` in `jurisdiction` (the jurisdiction's own row, else the `ALL` row).
pub fn lookup(
    code: &str,
    jurisdiction: &str,
    channel: &str,
    category: &str,
) -> Option<&'static Rule> {
    let rows = table()
        .iter()
        .filter(|r| r.code == code && applies(r, channel, category));
    let mut fallback = None;
    for r in rows {
        if r.jurisdiction == jurisdiction {
            return Some(r);
        }
        if r.jurisdiction == "ALL" && fallback.is_none() {
            fallback = Some(r);
        }
    }
    fallback
}

/// A requirement that is not met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// Stable code, e.g. `OPT_OUT_MISSING`.
    pub code: &'static str,
    /// `error` (block) or `warning` (flag).
    pub severity: &'static str,
    /// What is wrong and what to do, in plain words.
    pub message: String,
    /// Rule ids from the rule table, e.g. `US-CTIA-08` (several when jurisdictions are combined).
    pub rule: String,
    /// Where the rule comes from.
    pub source: String,
    /// The form field concerned (consent checks only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// A sentence that would satisfy the rule (disclosure lint only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// Fill `{name}` placeholders.
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (k, v) in vars {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// The issue for `code` across `jurisdictions`, or `None` when no rule applies. Several
/// jurisdictions give one issue: the strictest severity, every rule id, the first message.
pub fn issue(
    code: &str,
    jurisdictions: &[&str],
    channel: &str,
    category: &str,
    vars: &[(&str, &str)],
) -> Option<Issue> {
    let rows: Vec<&Rule> = jurisdictions
        .iter()
        .filter_map(|j| lookup(code, j, channel, category))
        .collect();
    let first = rows.first()?;
    let mut ids: Vec<&str> = Vec::new();
    let mut sources: Vec<&str> = Vec::new();
    for r in &rows {
        if !ids.contains(&r.rule) {
            ids.push(r.rule);
            sources.push(r.source);
        }
    }
    let strictest = rows.iter().find(|r| r.severity == "error").unwrap_or(first);
    Some(Issue {
        code: first.code,
        severity: strictest.severity,
        message: fill(strictest.message, vars),
        rule: ids.join(", "),
        source: sources.join("; "),
        field: None,
        suggestion: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_well_formed() {
        let t = table();
        assert_eq!(
            t.len(),
            RULES_TSV.lines().skip(1).filter(|l| !l.is_empty()).count()
        );
        for r in t {
            assert!(["error", "warning"].contains(&r.severity), "{r:?}");
            assert!(["sms", "email", "both"].contains(&r.channel), "{r:?}");
            assert!(
                ["all", "marketing", "transactional", "commercial"].contains(&r.applies_to),
                "{r:?}"
            );
            assert!(
                r.jurisdiction == "ALL" || JURISDICTIONS.contains(&r.jurisdiction),
                "{r:?}"
            );
            assert!(!r.message.is_empty() && !r.source.is_empty(), "{r:?}");
            assert!(
                r.code.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'),
                "{r:?}"
            );
        }
    }

    #[test]
    fn most_specific_row_wins() {
        assert_eq!(
            lookup("OPT_OUT_MISSING", "AU", "sms", "marketing")
                .unwrap()
                .rule,
            "AU-SPAM-04"
        );
        assert_eq!(
            lookup("OPT_OUT_MISSING", "US", "email", "marketing")
                .unwrap()
                .rule,
            "US-CS-02"
        );
        assert_eq!(
            lookup("OPT_OUT_MISSING", "US", "sms", "marketing")
                .unwrap()
                .rule,
            "US-CTIA-08"
        );
        // Canada: transactional-type messages need an unsubscribe too; elsewhere they do not.
        assert!(lookup("OPT_OUT_MISSING", "CA", "sms", "transactional").is_some());
        assert!(lookup("OPT_OUT_MISSING", "GB", "sms", "transactional").is_none());
        assert!(lookup("URL_SHORTENER", "GB", "sms", "marketing").is_none());
    }

    #[test]
    fn jurisdictions() {
        assert_eq!(resolve_jurisdiction("fr").unwrap(), vec!["EU"]);
        assert_eq!(resolve_jurisdiction("UK").unwrap(), vec!["GB"]);
        assert_eq!(resolve_jurisdiction("US-FL").unwrap(), vec!["US"]);
        assert_eq!(resolve_jurisdiction("").unwrap().len(), 5);
        assert!(resolve_jurisdiction("XX").is_err());
        let combined = issue("OPT_OUT_MISSING", &JURISDICTIONS, "sms", "marketing", &[]).unwrap();
        assert!(combined.rule.contains("AU-SPAM-04") && combined.rule.contains("US-CTIA-08"));
    }
}
