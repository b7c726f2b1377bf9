//! The pre-send check of one message against the rules of the recipient's jurisdiction.
//!
//! Owns: turning what the other outbound modules find (category, opt-out, sender, contact,
//! segments, email headers) into issues from the rule table (`data/rules/rules.tsv`), and the
//! fix: the message with the missing footer added, worded to stay GSM-7, with its cost in
//! segments. Footer wording is `data/rules/footers.tsv`.
//! Must not: know rule ids, severities or messages (the table does), or send anything.

use serde::Serialize;

use super::classify::{classify_full, is_shortener, Classification};
use super::contact::{find_contact_with, find_sender_in, Contact, Sender};
use super::mail::Mail;
use super::optout::{find_opt_out, is_unsubscribe_link, is_url, OptOut};
use super::segments::{sms_segments, Segments};
use crate::phrases::{disclosure as phrases, Words};
use crate::rules::{self, Issue};
use crate::text::table_rows;
use crate::Error;

const FOOTERS_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/footers.tsv"));

/// Longest SMS text checked (a concatenated SMS tops out near 1,600 characters; anything
/// far beyond is not an SMS).
pub const MAX_SMS_CHARS: usize = 10_000;

/// Add an issue the rule table produced, once per code.
fn push_issue(issues: &mut Vec<Issue>, issue: Option<Issue>) {
    if let Some(i) = issue {
        if !issues.iter().any(|x| x.code == i.code) {
            issues.push(i);
        }
    }
}

fn footer(jurisdiction: &str, kind: &str) -> &'static str {
    let mut fallback = "";
    for c in table_rows(FOOTERS_TSV) {
        let (j, k, text) = (c[0], c[1], c[2]);
        if k == kind && j == jurisdiction {
            return text;
        }
        if k == kind && j == "ALL" && fallback.is_empty() {
            fallback = text;
        }
    }
    fallback
}

/// The channel a message goes out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Sms,
    Email,
}

impl Channel {
    fn name(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Email => "email",
        }
    }
}

/// What to check.
#[derive(Debug, Clone)]
pub enum Message<'a> {
    /// An SMS text.
    Sms(&'a str),
    /// An email, parsed from a raw message or built from parts (see [`super::mail`]).
    Email(Mail),
}

impl Message<'_> {
    /// An email from a raw RFC 5322 message. Text without a header block is taken as the
    /// body of an email without headers (then `From` and `List-Unsubscribe` are missing).
    pub fn email_from_raw(raw: &str) -> Result<Message<'static>, Error> {
        if raw.len() > super::mail::MAX_RAW_BYTES {
            return Err(Error::InputTooLong {
                what: "raw email",
                max: super::mail::MAX_RAW_BYTES,
                got: raw.len(),
            });
        }
        Ok(Message::Email(super::mail::parse_raw(raw).unwrap_or_else(
            || super::mail::from_parts("", raw, "", Vec::new()),
        )))
    }

    /// An email from its parts (`{ subject, text, html, headers }` in JS).
    pub fn email_from_parts(
        subject: &str,
        text: &str,
        html: &str,
        headers: Vec<(String, String)>,
    ) -> Result<Message<'static>, Error> {
        let size = subject.len() + text.len() + html.len();
        if size > super::mail::MAX_RAW_BYTES {
            return Err(Error::InputTooLong {
                what: "email",
                max: super::mail::MAX_RAW_BYTES,
                got: size,
            });
        }
        Ok(Message::Email(super::mail::from_parts(
            subject, text, html, headers,
        )))
    }
}

/// Options of [`check_message`].
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The recipient's jurisdiction: `US`, `CA`, `GB`, `AU`, `EU` or a member state; `None`
    /// applies all of them (the recipient's location is unknown).
    pub jurisdiction: Option<String>,
    /// The brand that must be named; without it, the usual conventions are looked for.
    pub brand: Option<String>,
    /// The first message after opt-in (US: the CTIA confirmation elements).
    pub first_message: bool,
    /// The category as the sender declares it; promotion found in a declared transactional
    /// message still makes it marketing.
    pub category: Option<String>,
    /// Can the sender receive replies? Alphanumeric sender IDs and no-reply numbers cannot.
    pub two_way: bool,
    /// Email: a bulk sender (5,000 a day to Gmail), for whom one-click unsubscribe is required.
    pub bulk_sender: bool,
    /// An opt-out or unsubscribe URL the fix may use.
    pub opt_out_url: Option<String>,
    /// Contact details (web page, phone or email) the fix may use.
    pub contact: Option<String>,
    /// A postal address the email fix may use.
    pub postal_address: Option<String>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            jurisdiction: None,
            brand: None,
            first_message: false,
            category: None,
            two_way: true,
            bulk_sender: true,
            opt_out_url: None,
            contact: None,
            postal_address: None,
        }
    }
}

/// What an email's headers and body offer for unsubscribing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailFacts {
    pub subject: String,
    pub from: Option<String>,
    /// The `List-Unsubscribe` header is present.
    pub list_unsubscribe: bool,
    /// ... with an HTTPS URI and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
    pub one_click: bool,
    /// The unsubscribe link found in the body.
    pub unsubscribe_link: Option<String>,
    /// The postal address found in the body.
    pub postal_address: Option<String>,
}

/// An email header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    pub name: String,
    pub value: String,
}

/// The message with what was missing added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    /// The fixed SMS text, or for email the body text with the footer.
    pub text: String,
    /// SMS segments of the fixed text (SMS only).
    pub segments: Option<Segments>,
    /// Extra segments the fix costs per message (SMS only).
    pub added_segments: Option<u32>,
    /// Headers to add (email only).
    pub headers: Vec<Header>,
    /// Issue codes the fix resolves.
    pub resolves: Vec<&'static str>,
    /// Issue codes it cannot resolve (they need a decision or data consentry does not have:
    /// pass `brand`, `optOutUrl`, `contact` or `postalAddress`, or change the text).
    pub unresolved: Vec<&'static str>,
}

/// The result of [`check_message`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// No error-level issue.
    pub ok: bool,
    /// The category the rules were applied for (declared, or classified; mixed is marketing).
    pub category: &'static str,
    /// The classifier's reading, with its evidence.
    pub classification: Classification,
    pub issues: Vec<Issue>,
    pub opt_out: OptOut,
    pub sender: Sender,
    pub contact: Contact,
    /// SMS cost (SMS only).
    pub segments: Option<Segments>,
    pub fix: Option<Fix>,
    /// Email only.
    pub email: Option<EmailFacts>,
    /// The rule sets applied.
    pub jurisdictions: Vec<&'static str>,
}

/// Do the words just before a link ("If you no longer wish to receive our emails, click
/// here") make it an unsubscribe link? Only the sentence the link ends.
fn says_unsubscribe(before: &str) -> bool {
    let sentence = before
        .rsplit(['.', '!', '?', '\n', '>'])
        .next()
        .unwrap_or(before);
    let mut w = Words::new(sentence);
    let keep = w.words.len().saturating_sub(16);
    w.words.drain(..keep);
    phrases()
        .scan_roles(&w, Some(&["optout_context"]))
        .iter()
        .any(|h| h.role == "optout_context")
}

fn parse_list_unsubscribe(v: &str) -> (bool, bool) {
    let mut https = false;
    let mut mailto = false;
    for part in v.split(',') {
        let u = part
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .trim()
            .to_ascii_lowercase();
        https |= u.starts_with("https://");
        mailto |= u.starts_with("mailto:");
    }
    (https, mailto)
}

/// Check a message before it is sent.
///
/// ```
/// use consentry::outbound::{check_message, CheckOptions, Message};
/// let opts = CheckOptions { jurisdiction: Some("US".into()), brand: Some("Acme".into()), ..Default::default() };
/// let r = check_message(&Message::Sms("Acme: 20% off everything this weekend!"), &opts).unwrap();
/// assert!(!r.ok);
/// assert_eq!(r.issues[0].code, "OPT_OUT_MISSING");
/// let fix = r.fix.unwrap();
/// assert_eq!(fix.text, "Acme: 20% off everything this weekend!\nReply STOP to opt out");
/// assert!(check_message(&Message::Sms(&fix.text), &opts).unwrap().ok);
/// ```
pub fn check_message(message: &Message<'_>, opts: &CheckOptions) -> Result<Check, Error> {
    let jurisdictions = rules::resolve_jurisdiction(opts.jurisdiction.as_deref().unwrap_or(""))?;
    let declared = match opts.category.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c @ ("marketing" | "transactional" | "conversational" | "fraud")) => {
            Some(c.to_string())
        }
        Some(other) => {
            return Err(Error::invalid(
                "category",
                format!(
                "unknown category {other:?}: use marketing, transactional, conversational or fraud"
            ),
            ))
        }
    };
    let (channel, body, mail) = match message {
        Message::Sms(t) => {
            let n = t.chars().count();
            if n > MAX_SMS_CHARS {
                return Err(Error::InputTooLong {
                    what: "SMS text",
                    max: MAX_SMS_CHARS,
                    got: n,
                });
            }
            (Channel::Sms, t.to_string(), None)
        }
        Message::Email(m) => (Channel::Email, m.text.clone(), Some(m)),
    };
    let ch = channel.name();
    // Classify: SMS text; email subject and the start of the body.
    let classified_text = match mail {
        Some(m) => format!("{}\n{}", m.subject, body),
        None => body.clone(),
    };
    let (classification, featured) = classify_full(&classified_text);
    let mut issues: Vec<Issue> = Vec::new();
    let evidence = classification.reasons.first().cloned().unwrap_or_default();
    let mut category: &'static str = match declared.as_deref() {
        Some("marketing") => "marketing",
        Some("transactional") => "transactional",
        Some("conversational") => "conversational",
        Some(_) => "fraud",
        None => classification.category,
    };
    let promo_in_declared = declared.is_some()
        && matches!(category, "transactional" | "conversational")
        && (classification.mixed || classification.category == "marketing");
    if promo_in_declared {
        issues.extend(rules::issue(
            "PROMOTION_IN_TRANSACTIONAL",
            &jurisdictions,
            ch,
            "transactional",
            &[("evidence", &evidence)],
        ));
        category = "marketing";
    }
    if category == "fraud" || (declared.is_none() && classification.category == "fraud") {
        let ev = classification
            .reasons
            .iter()
            .take(2)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        issues.extend(rules::issue(
            "FRAUD_SUSPECTED",
            &jurisdictions,
            ch,
            "fraud",
            &[("evidence", &ev)],
        ));
    }
    // The rules are those of the category; fraud is checked as marketing (it is refused anyway).
    let cat = if category == "fraud" {
        "marketing"
    } else {
        category
    };

    // The classifier read the same SMS text: reuse its opt-out and words (it reads at most
    // 2,000 characters, so longer texts are read again).
    let same_text = mail.is_none() && body.len() <= 2000;
    let mut opt_out = if same_text {
        featured.opt_out.clone()
    } else {
        find_opt_out(&body)
    };
    let words = if same_text {
        Words {
            words: featured.findings.words,
        }
    } else {
        Words::new(&body)
    };
    let contact = find_contact_with(&body, mail.is_some());
    let sender = find_sender_in(
        &body,
        Some(&words),
        opts.brand.as_deref(),
        mail.and_then(|m| m.from.as_deref()),
    );
    let roles: &[&str] = match (mail.is_some(), opts.first_message) {
        (true, _) => &[],
        (false, false) => &["noreply", "exclusive"],
        (false, true) => &["noreply", "exclusive", "help", "frequency", "rates"],
    };
    let hits = phrases().scan_roles(&words, Some(roles));
    let has = |role: &str| hits.iter().any(|h| h.role == role);
    let mut need = |code: &'static str, vars: &[(&str, &str)]| {
        push_issue(
            &mut issues,
            rules::issue(code, &jurisdictions, ch, cat, vars),
        );
    };
    let brand = opts
        .brand
        .clone()
        .unwrap_or_else(|| "your brand".to_string());
    let mut email_facts = None;
    if let Some(m) = mail {
        // A link that says it unsubscribes, else a "click here" link in a sentence that does.
        let unsubscribe_link = m
            .links
            .iter()
            .find(|l| {
                is_unsubscribe_link(&l.text, &l.href)
                    && !l.text.to_lowercase().contains("preferences")
            })
            .or_else(|| {
                m.links
                    .iter()
                    .find(|l| is_unsubscribe_link(&l.text, &l.href))
            })
            .or_else(|| {
                m.links
                    .iter()
                    .find(|l| l.text.split_whitespace().count() <= 3 && says_unsubscribe(&l.before))
            })
            .map(|l| l.href.clone())
            .or_else(|| (opt_out.kind == Some("link")).then(|| "(in the text)".to_string()));
        if !opt_out.present && unsubscribe_link.is_some() {
            opt_out = OptOut {
                present: true,
                kind: Some("link"),
                keyword: None,
            };
        }
        let lu = m.header("list-unsubscribe");
        let (https, _mailto) = lu.map(parse_list_unsubscribe).unwrap_or((false, false));
        let post = m.header("list-unsubscribe-post").is_some_and(|v| {
            v.replace(' ', "")
                .eq_ignore_ascii_case("List-Unsubscribe=One-Click")
        });
        if !opt_out.present {
            need("OPT_OUT_MISSING", &[]);
        }
        if unsubscribe_link.is_none() {
            need("UNSUBSCRIBE_LINK_MISSING", &[]);
        }
        if opts.bulk_sender {
            if lu.is_none() {
                need("LIST_UNSUBSCRIBE_MISSING", &[]);
            } else if !(https && post) {
                need("ONE_CLICK_MISSING", &[]);
            }
        }
        if !sender.identified {
            need("SENDER_MISSING", &[("brand", &brand)]);
        }
        if contact.postal.is_none() {
            need("POSTAL_ADDRESS_MISSING", &[]);
        }
        if contact.postal.is_none() || !contact.reachable() {
            need("CONTACT_MISSING", &[]);
        }
        email_facts = Some(EmailFacts {
            subject: m.subject.clone(),
            from: m.from.clone(),
            list_unsubscribe: lu.is_some(),
            one_click: https && post,
            unsubscribe_link,
            postal_address: contact.postal.clone(),
        });
    } else {
        if !opt_out.present {
            need("OPT_OUT_MISSING", &[]);
        }
        if !opts.two_way {
            let other_way = matches!(opt_out.kind, Some("link" | "call" | "other"))
                || (opt_out.present && (contact.url.is_some() || contact.phone.is_some()));
            if opt_out.present && !other_way {
                need("OPT_OUT_UNREACHABLE", &[]);
            }
            if !has("noreply") {
                need("NO_REPLY_DISCLOSURE_MISSING", &[]);
            }
        }
        if has("exclusive") {
            need("EXCLUSIVE_OPT_OUT", &[]);
        }
        if !sender.identified {
            need("SENDER_MISSING", &[("brand", &brand)]);
        }
        if !contact.reachable() {
            need("CONTACT_MISSING", &[]);
        }
        let shortener = body
            .split_whitespace()
            .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric() && c != '/'))
            .find(|t| is_url(t) && is_shortener(t));
        if let Some(u) = shortener {
            need("URL_SHORTENER", &[("url", u)]);
        }
        // The first message after opt-in confirms a recurring programme. Its content reads
        // as a subscription confirmation (transactional by the labelling conventions), but
        // the confirmation rules are the programme's, so they apply to both.
        if opts.first_message && matches!(category, "marketing" | "transactional") {
            let mut first = |code: &'static str| {
                push_issue(
                    &mut issues,
                    rules::issue(code, &jurisdictions, ch, "marketing", &[]),
                );
            };
            if !has("help") && !contact.reachable() {
                first("FIRST_MESSAGE_HELP_MISSING");
            }
            if !has("frequency") {
                first("FIRST_MESSAGE_FREQUENCY_MISSING");
            }
            if !has("rates") {
                first("FIRST_MESSAGE_FEES_MISSING");
            }
        }
    }
    let segments = (channel == Channel::Sms).then(|| sms_segments(&body));
    let fix = make_fix(
        &body,
        channel,
        &issues,
        opts,
        &jurisdictions,
        segments.as_ref(),
    );
    Ok(Check {
        ok: !issues.iter().any(|i| i.severity == "error"),
        category,
        classification,
        issues,
        opt_out,
        sender,
        contact,
        segments,
        fix,
        email: email_facts,
        jurisdictions,
    })
}

fn make_fix(
    body: &str,
    channel: Channel,
    issues: &[Issue],
    opts: &CheckOptions,
    jurisdictions: &[&str],
    before: Option<&Segments>,
) -> Option<Fix> {
    if issues.is_empty() {
        return None;
    }
    let j = if jurisdictions.len() == 1 {
        jurisdictions[0]
    } else {
        "ALL"
    };
    let has = |c: &str| issues.iter().any(|i| i.code == c);
    let mut resolves: Vec<&'static str> = Vec::new();
    let mut unresolved: Vec<&'static str> = Vec::new();
    let mut prefix = String::new();
    let mut parts: Vec<String> = Vec::new();
    let mut headers = Vec::new();
    let brand = opts
        .brand
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty());
    if has("SENDER_MISSING") {
        match brand {
            Some(b) if channel == Channel::Sms => {
                prefix = format!("{b}: ");
                resolves.push("SENDER_MISSING");
            }
            Some(b) => {
                parts.push(format!("Sent by {b}."));
                resolves.push("SENDER_MISSING");
            }
            None => unresolved.push("SENDER_MISSING"),
        }
    }
    let url = opts
        .opt_out_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    if channel == Channel::Sms {
        let first = [
            "FIRST_MESSAGE_FREQUENCY_MISSING",
            "FIRST_MESSAGE_FEES_MISSING",
            "FIRST_MESSAGE_HELP_MISSING",
        ];
        for (code, kind) in first.iter().zip(["frequency", "fees", "help"]) {
            if has(code) {
                parts.push(footer(j, kind).to_string());
                resolves.push(code);
            }
        }
        let opt_out_codes = [
            "OPT_OUT_MISSING",
            "OPT_OUT_UNREACHABLE",
            "NO_REPLY_DISCLOSURE_MISSING",
        ];
        if opt_out_codes.iter().any(|c| has(c)) {
            if opts.two_way && !has("OPT_OUT_UNREACHABLE") && !has("NO_REPLY_DISCLOSURE_MISSING") {
                parts.push(footer(j, "reply").to_string());
            } else if let Some(u) = url {
                let kind = if jurisdictions.contains(&"US") {
                    "link_noreply"
                } else {
                    "link"
                };
                parts.push(footer(j, kind).replace("{url}", u));
            }
            for c in opt_out_codes {
                if has(c) {
                    if parts
                        .last()
                        .is_some_and(|p| p.contains("STOP") || url.is_some_and(|u| p.contains(u)))
                    {
                        resolves.push(c);
                    } else {
                        unresolved.push(c);
                    }
                }
            }
        }
    } else {
        if has("OPT_OUT_MISSING") || has("UNSUBSCRIBE_LINK_MISSING") {
            match url {
                Some(u) => {
                    parts.push(footer(j, "email_unsubscribe").replace("{url}", u));
                    resolves.extend(
                        ["OPT_OUT_MISSING", "UNSUBSCRIBE_LINK_MISSING"]
                            .iter()
                            .filter(|c| has(c)),
                    );
                }
                None => unresolved.extend(
                    ["OPT_OUT_MISSING", "UNSUBSCRIBE_LINK_MISSING"]
                        .iter()
                        .filter(|c| has(c)),
                ),
            }
        }
        if has("LIST_UNSUBSCRIBE_MISSING") || has("ONE_CLICK_MISSING") {
            match url.filter(|u| u.starts_with("https://")) {
                Some(u) => {
                    headers.push(Header {
                        name: "List-Unsubscribe".to_string(),
                        value: format!("<{u}>"),
                    });
                    headers.push(Header {
                        name: "List-Unsubscribe-Post".to_string(),
                        value: "List-Unsubscribe=One-Click".to_string(),
                    });
                    resolves.extend(
                        ["LIST_UNSUBSCRIBE_MISSING", "ONE_CLICK_MISSING"]
                            .iter()
                            .filter(|c| has(c)),
                    );
                }
                None => unresolved.extend(
                    ["LIST_UNSUBSCRIBE_MISSING", "ONE_CLICK_MISSING"]
                        .iter()
                        .filter(|c| has(c)),
                ),
            }
        }
        if has("POSTAL_ADDRESS_MISSING") {
            match opts
                .postal_address
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty())
            {
                Some(a) => {
                    parts.push(a.to_string());
                    resolves.push("POSTAL_ADDRESS_MISSING");
                }
                None => unresolved.push("POSTAL_ADDRESS_MISSING"),
            }
        }
    }
    if has("CONTACT_MISSING") {
        let postal_ok = channel == Channel::Sms || opts.postal_address.is_some();
        match opts
            .contact
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            Some(c) if postal_ok => {
                parts.push(footer(j, "contact").replace("{contact}", c));
                resolves.push("CONTACT_MISSING");
            }
            _ => unresolved.push("CONTACT_MISSING"),
        }
    }
    for i in issues {
        if !resolves.contains(&i.code) && !unresolved.contains(&i.code) {
            unresolved.push(i.code);
        }
    }
    if resolves.is_empty() {
        return Some(Fix {
            text: body.to_string(),
            segments: before.cloned(),
            added_segments: before.map(|_| 0),
            headers,
            resolves,
            unresolved,
        });
    }
    let mut text = format!("{prefix}{}", body.trim_end());
    if !parts.is_empty() {
        text.push('\n');
        if channel == Channel::Email {
            text.push('\n');
        }
        text.push_str(&parts.join(" "));
    }
    let segments = (channel == Channel::Sms).then(|| sms_segments(&text));
    let added_segments = match (&segments, before) {
        (Some(a), Some(b)) => Some(a.segments.saturating_sub(b.segments)),
        _ => None,
    };
    Some(Fix {
        text,
        segments,
        added_segments,
        headers,
        resolves,
        unresolved,
    })
}

#[cfg(test)]
mod tests {
    /// `footer` stops at its first match; every row is still read once here, so a malformed
    /// row fails a test rather than a later lookup.
    #[test]
    fn footer_table_is_well_formed() {
        let rows: Vec<_> = crate::text::table_rows(super::FOOTERS_TSV).collect();
        assert!(rows.iter().all(|c| !c[2].is_empty()));
        assert!(!super::footer("US", "reply").is_empty());
    }
}
