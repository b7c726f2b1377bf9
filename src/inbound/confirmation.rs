//! The one confirmation text allowed after an opt-out (FCC 47 CFR 64.1200(a)(12), CTIA):
//! it may confirm, and ask which programmes when there are several, but carry no marketing.
//!
//! Owns: reading a planned confirmation for promotion, missing confirmation wording, links
//! and the brand. Must not: send or schedule it; the "within 5 minutes" part is the caller's.

use serde::Serialize;

use super::normalize::normalize;
use super::tables::tables;
use crate::signals::{promo_evidence, Evidence};

/// A problem found in a confirmation text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmationIssue {
    pub code: &'static str,
    /// `error` (must fix) or `warning`.
    pub severity: &'static str,
    pub message: String,
    /// The words that triggered it, when there are any.
    pub quote: Option<String>,
}

/// The verdict on a confirmation text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmationCheck {
    /// No errors (warnings may remain).
    pub ok: bool,
    /// Promotional content was found.
    pub marketing: bool,
    pub issues: Vec<ConfirmationIssue>,
    /// The promotional evidence, quoted.
    pub evidence: Vec<Evidence>,
}

/// Words that say the opt-out happened, folded (several languages).
const CONFIRMING: &[&str] = &[
    "unsubscribed",
    "opted out",
    "optedout",
    "opt out",
    "removed",
    "no longer receive",
    "will not receive",
    "wont receive",
    "no more messages",
    "no further messages",
    "stopped",
    "you will not get",
    "desabonne",
    "desinscrit",
    "dado de baja",
    "de baja",
    "descadastrado",
    "abgemeldet",
    "afgemeld",
    "cancelled",
    "canceled",
];

/// Check a planned opt-out confirmation. `brand`, when given, should appear in it.
///
/// ```
/// use consentry::inbound::check_opt_out_confirmation;
/// assert!(check_opt_out_confirmation("Acme: You're unsubscribed. No more messages will be sent.", Some("Acme")).ok);
/// let c = check_opt_out_confirmation("Unsubscribed. Sad to see you go, take 20% off your next order!", None);
/// assert!(!c.ok && c.marketing);
/// ```
pub fn check_opt_out_confirmation(text: &str, brand: Option<&str>) -> ConfirmationCheck {
    let t = tables();
    let evidence = promo_evidence(text);
    let mut issues = Vec::new();
    let marketing = !evidence.is_empty();
    if marketing {
        let quotes: Vec<String> = evidence
            .iter()
            .map(|e| format!("{} '{}'", e.kind, e.quote))
            .collect();
        issues.push(ConfirmationIssue {
            code: "CONFIRMATION_HAS_MARKETING",
            severity: "error",
            message: format!(
                "an opt-out confirmation must carry no marketing (47 CFR 64.1200(a)(12)); remove: {}",
                quotes.join(", ")
            ),
            quote: evidence.first().map(|e| e.quote.clone()),
        });
    }
    let n = normalize(text, t);
    let words: Vec<&str> = n.word_tokens(false).map(|k| n.text(k)).collect();
    let joined = words.join(" ");
    if !CONFIRMING.iter().any(|c| joined.contains(c)) {
        issues.push(ConfirmationIssue {
            code: "CONFIRMATION_NOT_CONFIRMING",
            severity: "warning",
            message: "say plainly that the opt-out worked, e.g. \"You're unsubscribed and will receive no more messages.\"".into(),
            quote: None,
        });
    }
    if n.display.contains("http") || n.display.contains("www.") {
        issues.push(ConfirmationIssue {
            code: "CONFIRMATION_HAS_LINK",
            severity: "warning",
            message: "a link in the confirmation invites more engagement; keep at most a help or preferences link".into(),
            quote: None,
        });
    }
    if let Some(b) = brand.filter(|b| !b.trim().is_empty()) {
        let brand_words = t.fold_words(b).join(" ");
        if !brand_words.is_empty() && !joined.contains(&brand_words) {
            issues.push(ConfirmationIssue {
                code: "CONFIRMATION_MISSING_BRAND",
                severity: "warning",
                message: format!("name the programme or brand ({b}) so the person knows which messages stop (CTIA)"),
                quote: None,
            });
        }
    }
    if text.chars().count() > 320 {
        issues.push(ConfirmationIssue {
            code: "CONFIRMATION_TOO_LONG",
            severity: "warning",
            message: "keep the confirmation to one short message".into(),
            quote: None,
        });
    }
    ConfirmationCheck {
        ok: !issues.iter().any(|i| i.severity == "error"),
        marketing,
        issues,
        evidence,
    }
}
