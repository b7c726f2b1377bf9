//! Consent at the sign-up form: validate what the person entered and ticked, lint the
//! disclosure text the form shows, and produce the consent record to keep as proof.
//!
//! Owns: the form checks (phone can receive SMS, email syntax with typo hints, an unticked
//! box ticked by the person, consent separate per channel and from the terms of sale), the
//! disclosure lint per jurisdiction (what `data/rules/rules.tsv` requires, found with the
//! phrases in `data/rules/disclosure_phrases.tsv`, with suggested sentences from
//! `data/rules/suggestions.tsv`) and the record (with the SHA-256 of the consent text).
//! Must not: read a clock (the caller passes `now`), store anything, or render anything: every
//! string it returns is plain text, never HTML.

use serde::Serialize;

use crate::email::normalize_email;
use crate::outbound::find_contact;
use crate::phone::{normalize_phone, PhoneType};
use crate::phrases::{disclosure as phrases, Words};
use crate::rules::{self, Issue};
use crate::sha256::sha256_hex;
use crate::text::table_rows;
use crate::Error;

const SUGGESTIONS_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/suggestions.tsv"));

/// Longest consent text accepted (a disclosure is a paragraph; 10,000 characters is pages).
pub const MAX_CONSENT_TEXT: usize = 10_000;
/// Longest URL, IP, user agent or source accepted.
pub const MAX_FIELD: usize = 2_048;

/// The channels consent is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsentChannel {
    Sms,
    Email,
    Both,
}

impl ConsentChannel {
    /// `sms`, `email` or `both`.
    pub fn parse(s: &str) -> Result<ConsentChannel, Error> {
        match s.trim() {
            "sms" => Ok(ConsentChannel::Sms),
            "email" => Ok(ConsentChannel::Email),
            "both" => Ok(ConsentChannel::Both),
            other => Err(Error::invalid(
                "channel",
                format!("{other:?}: use \"sms\", \"email\" or \"both\""),
            )),
        }
    }
    fn name(self) -> &'static str {
        match self {
            ConsentChannel::Sms => "sms",
            ConsentChannel::Email => "email",
            ConsentChannel::Both => "both",
        }
    }
    fn sms(self) -> bool {
        self != ConsentChannel::Email
    }
    fn email(self) -> bool {
        self != ConsentChannel::Sms
    }
    /// How the channel reads in a sentence for the person filling the form.
    fn words(self) -> &'static str {
        match self {
            ConsentChannel::Sms => "text messages",
            ConsentChannel::Email => "emails",
            ConsentChannel::Both => "text messages and emails",
        }
    }
}

/// The consent checkbox: one box, or one per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Checked {
    One(bool),
    PerChannel {
        sms: Option<bool>,
        email: Option<bool>,
    },
}

/// What the form submitted (all optional; what a channel needs is checked).
#[derive(Debug, Clone, Default)]
pub struct ConsentForm {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub consent_checked: Option<Checked>,
    pub consent_prechecked: Option<bool>,
    pub consent_text: Option<String>,
    pub terms_url: Option<String>,
    pub privacy_url: Option<String>,
    pub source: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// When the person submitted, as Unix milliseconds (the SDK converts dates and strings).
    pub submitted_at_ms: Option<i64>,
    /// Fields that had the wrong type in JS: (field, what was expected).
    pub type_errors: Vec<(String, String)>,
}

/// Options of [`validate_consent`] and [`lint_consent_text`].
#[derive(Debug, Clone)]
pub struct ConsentOptions {
    /// `US`, `CA`, `GB`, `AU`, `EU` or a member state; `None`: the phone's country, else all.
    pub jurisdiction: Option<String>,
    pub channel: ConsentChannel,
    /// The brand or programme asking for consent.
    pub brand: Option<String>,
    /// Region for national phone formats (`US`); defaults to the jurisdiction's country.
    pub default_region: Option<String>,
    /// Now, as Unix milliseconds (the record's `recordedAt`).
    pub now_ms: i64,
}

/// What was normalised.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Normalized {
    /// E.164.
    pub phone: Option<String>,
    /// `mobile`, `fixedLine`, ...
    pub phone_type: Option<&'static str>,
    pub phone_region: Option<String>,
    /// Canonical email (the suppression key's form).
    pub email: Option<String>,
}

/// The consent record to store as proof (regulations.md 10.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentRecord {
    /// Record format, `consentry.consent/1`.
    pub schema: &'static str,
    pub phone: Option<String>,
    pub phone_type: Option<&'static str>,
    pub email: Option<String>,
    /// `sms`, `email` or `both`.
    pub channel: &'static str,
    /// Consent given per channel.
    pub sms: bool,
    #[serde(rename = "emailConsent")]
    pub email_consent: bool,
    pub purpose: &'static str,
    pub brand: Option<String>,
    pub jurisdictions: Vec<&'static str>,
    /// The disclosure exactly as shown, and its SHA-256 (hex).
    pub consent_text: String,
    pub consent_text_sha256: String,
    /// The affirmative act: the box was ticked by the person, not pre-ticked.
    pub action: &'static str,
    pub checkbox_checked: bool,
    pub checkbox_prechecked: bool,
    pub terms_url: Option<String>,
    pub privacy_url: Option<String>,
    pub source: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// ISO 8601 UTC.
    pub submitted_at: String,
    pub recorded_at: String,
    /// Hash of the rule table the form was validated against.
    pub rules_version: String,
    pub consentry_version: &'static str,
    /// Codes of the warnings the form passed with.
    pub warnings: Vec<&'static str>,
}

/// The result of [`validate_consent`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentValidation {
    /// No errors: the record may be stored and messages sent on it.
    pub ok: bool,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
    pub normalized: Normalized,
    /// Present when `ok`.
    pub record: Option<ConsentRecord>,
}

/// The result of [`lint_consent_text`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentLint {
    /// No error-level finding.
    pub ok: bool,
    /// What the disclosure lacks (or does wrong), each with its rule and a suggested sentence.
    pub issues: Vec<Issue>,
    pub jurisdictions: Vec<&'static str>,
}

fn suggestion(code: &str, jurisdiction: &str, channel: ConsentChannel) -> Option<&'static str> {
    // The best row: the jurisdiction's own over ALL, the channel's own over "both"; for
    // consent to both channels an SMS or email sentence will do.
    let mut best: Option<(u8, &'static str)> = None;
    for c in table_rows(SUGGESTIONS_TSV) {
        if c[0] != code || !(c[1] == jurisdiction || c[1] == "ALL") {
            continue;
        }
        let ch = match (c[2] == channel.name(), c[2]) {
            (true, _) => 3,
            (false, "both") => 2,
            _ if channel == ConsentChannel::Both => 1,
            _ => continue,
        };
        let score = ch + if c[1] == jurisdiction { 4 } else { 0 };
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c[3]));
        }
    }
    best.map(|(_, s)| s)
}

/// Lint inputs beyond the text: links given as form fields count as links in the text.
#[derive(Debug, Default)]
struct Links<'a> {
    terms: Option<&'a str>,
    privacy: Option<&'a str>,
}

/// A capitalised word that is not the first of its sentence and not a common word: a name.
fn has_proper_name(text: &str) -> bool {
    const COMMON: &[&str] = &[
        "I",
        "By",
        "You",
        "Your",
        "We",
        "Our",
        "Msg",
        "Msgs",
        "Reply",
        "Text",
        "Txt",
        "STOP",
        "HELP",
        "Terms",
        "Conditions",
        "Privacy",
        "Policy",
        "SMS",
        "Consent",
        "Message",
        "Messages",
        "Data",
        "Rates",
        "Frequency",
        "Email",
        "Emails",
        "T",
        "C",
        "US",
        "OK",
        "Yes",
        "No",
        "Please",
        "See",
        "Visit",
        "Unsubscribe",
        "Opt",
        "Out",
        "Info",
        "Standard",
        "Carrier",
    ];
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let ends = raw.ends_with(['.', '!', '?', ':']);
        if !sentence_start
            && w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !COMMON.contains(&w)
        {
            return true;
        }
        sentence_start = ends;
    }
    false
}

fn lint(
    text: &str,
    jurisdictions: &[&'static str],
    channel: ConsentChannel,
    brand: Option<&str>,
    links: &Links<'_>,
) -> Vec<Issue> {
    let words = Words::new(text);
    let hits = phrases().scan(&words);
    let has = |role: &str| hits.iter().any(|h| h.role == role);
    let brand_found = match brand.map(str::trim).filter(|b| !b.is_empty()) {
        Some(b) => {
            // Elisions ("d'Acme", "l'Acme") split, so the brand is a word of its own.
            let split = Words::new(&text.replace(['\'', '\u{2019}'], " ")).words;
            let bw = Words::new(b).words;
            !bw.is_empty() && split.windows(bw.len()).any(|w| w == bw.as_slice())
        }
        None => has_proper_name(text),
    };
    let contact = find_contact(text);
    let mut missing: Vec<&'static str> = Vec::new();
    let mut bad: Vec<&'static str> = Vec::new();
    if !brand_found {
        missing.push("DISCLOSURE_BRAND_MISSING");
    }
    if !has("purpose") {
        missing.push("DISCLOSURE_PURPOSE_MISSING");
    }
    let channel_named = match channel {
        ConsentChannel::Sms => has("channel_sms"),
        ConsentChannel::Email => has("channel_email"),
        ConsentChannel::Both => has("channel_sms") && has("channel_email"),
    };
    if !channel_named {
        missing.push("DISCLOSURE_CHANNEL_MISSING");
    }
    if !has("frequency") {
        missing.push("DISCLOSURE_FREQUENCY_MISSING");
    }
    if !has("rates") {
        missing.push("DISCLOSURE_RATES_MISSING");
    }
    let stop_in_withdrawal = has("withdraw") && hits.iter().any(|h| h.quote.contains("stop"));
    if !(has("stop") || stop_in_withdrawal) {
        missing.push("DISCLOSURE_STOP_MISSING");
    }
    if !has("help") {
        missing.push("DISCLOSURE_HELP_MISSING");
    }
    if !has("terms") && links.terms.is_none() {
        missing.push("DISCLOSURE_TERMS_MISSING");
    }
    if !has("privacy") && links.privacy.is_none() {
        missing.push("DISCLOSURE_PRIVACY_MISSING");
    }
    if !has("condition_ok") {
        missing.push("DISCLOSURE_CONDITION_MISSING");
    }
    if contact.postal.is_none() || !contact.reachable() {
        missing.push("DISCLOSURE_CONTACT_MISSING");
    }
    if !has("withdraw") && !has("stop") {
        missing.push("DISCLOSURE_WITHDRAW_MISSING");
    }
    if has("bundled") {
        bad.push("CONSENT_BUNDLED");
    }
    if has("condition_bad") {
        bad.push("CONSENT_CONDITION_OF_PURCHASE");
    }
    let brand_name = brand.unwrap_or("[your brand]");
    let terms = links.terms.unwrap_or("https://[your site]/terms");
    let privacy = links.privacy.unwrap_or("https://[your site]/privacy");
    let first = if jurisdictions.len() == 1 {
        jurisdictions[0]
    } else {
        "ALL"
    };
    let mut out = Vec::new();
    for code in missing.into_iter().chain(bad) {
        let Some(mut i) = rules::issue(
            code,
            jurisdictions,
            channel.name(),
            "marketing",
            &[("channel", channel.words())],
        ) else {
            continue;
        };
        i.field = Some("consentText");
        i.suggestion = suggestion(code, first, channel).map(|s| {
            rules::fill(
                s,
                &[
                    ("brand", brand_name),
                    ("channel", channel.words()),
                    ("termsUrl", terms),
                    ("privacyUrl", privacy),
                ],
            )
        });
        out.push(i);
    }
    out
}

/// What a consent disclosure lacks for a jurisdiction and channel, each finding with its rule
/// and a suggested sentence.
///
/// ```
/// use consentry::consent::{lint_consent_text, ConsentChannel};
/// let l = lint_consent_text("Sign up for texts from Acme!", Some("US"), ConsentChannel::Sms, Some("Acme")).unwrap();
/// assert!(l.issues.iter().any(|i| i.code == "DISCLOSURE_STOP_MISSING"));
/// ```
pub fn lint_consent_text(
    text: &str,
    jurisdiction: Option<&str>,
    channel: ConsentChannel,
    brand: Option<&str>,
) -> Result<ConsentLint, Error> {
    let n = text.chars().count();
    if n > MAX_CONSENT_TEXT {
        return Err(Error::InputTooLong {
            what: "consent text",
            max: MAX_CONSENT_TEXT,
            got: n,
        });
    }
    let jurisdictions = rules::resolve_jurisdiction(jurisdiction.unwrap_or(""))?;
    let issues = lint(text, &jurisdictions, channel, brand, &Links::default());
    Ok(ConsentLint {
        ok: !issues.iter().any(|i| i.severity == "error"),
        issues,
        jurisdictions,
    })
}

fn field_issue(
    code: &str,
    field: &'static str,
    channel: &str,
    vars: &[(&str, &str)],
) -> Option<Issue> {
    let mut i = rules::issue(code, &["ALL"], channel, "all", vars)?;
    i.field = Some(field);
    Some(i)
}

fn phone_type_words(t: PhoneType) -> &'static str {
    match t {
        PhoneType::FixedLine => "landline (fixed-line)",
        PhoneType::TollFree => "toll-free",
        PhoneType::PremiumRate => "premium-rate",
        PhoneType::SharedCost => "shared-cost",
        PhoneType::Pager => "pager",
        PhoneType::Uan => "universal access (UAN)",
        PhoneType::Voicemail => "voicemail",
        PhoneType::Voip => "VoIP",
        PhoneType::PersonalNumber => "personal (forwarding)",
        PhoneType::Unknown => "unrecognised",
        PhoneType::Mobile | PhoneType::FixedLineOrMobile => "mobile",
    }
}

fn valid_url(u: &str) -> bool {
    let l = u.trim().to_ascii_lowercase();
    (l.starts_with("https://") || l.starts_with("http://"))
        && l.split("://")
            .nth(1)
            .is_some_and(|h| h.split('/').next().is_some_and(|h| h.contains('.')))
        && !u.chars().any(char::is_whitespace)
}

fn valid_ip(ip: &str) -> bool {
    let ip = ip.trim();
    let v4 = ip.split('.').count() == 4
        && ip
            .split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok());
    let v6 = ip.contains(':')
        && ip.len() <= 45
        && ip
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        && ip.split("::").count() <= 2;
    v4 || v6
}

/// Validate a sign-up form's consent and, when it holds, produce the record to store.
///
/// ```
/// use consentry::consent::{validate_consent, Checked, ConsentChannel, ConsentForm, ConsentOptions};
/// let form = ConsentForm {
///     phone: Some("(415) 555-2671".into()),
///     consent_checked: Some(Checked::One(true)),
///     consent_text: Some("By checking this box, you agree to receive recurring automated marketing \
///         text messages from Acme at the number provided. Consent is not a condition of purchase. \
///         Msg frequency varies. Msg & data rates may apply. Reply HELP for help, STOP to opt out. \
///         Terms: https://acme.example/terms Privacy: https://acme.example/privacy".into()),
///     ip: Some("203.0.113.7".into()), user_agent: Some("Mozilla/5.0".into()), source: Some("https://acme.example/join".into()),
///     ..Default::default()
/// };
/// let opts = ConsentOptions { jurisdiction: Some("US".into()), channel: ConsentChannel::Sms,
///     brand: Some("Acme".into()), default_region: None, now_ms: 1_790_000_000_000 };
/// let v = validate_consent(&form, &opts).unwrap();
/// assert!(v.ok, "{:?}", v.errors);
/// assert_eq!(v.record.unwrap().phone.as_deref(), Some("+14155552671"));
/// ```
pub fn validate_consent(
    form: &ConsentForm,
    opts: &ConsentOptions,
) -> Result<ConsentValidation, Error> {
    let ch = opts.channel;
    let chn = ch.name();
    let mut errors: Vec<Issue> = Vec::new();
    let mut warnings: Vec<Issue> = Vec::new();
    let mut push = |i: Option<Issue>| {
        if let Some(i) = i {
            if i.severity == "error" {
                errors.push(i);
            } else {
                warnings.push(i);
            }
        }
    };
    for (field, expected) in &form.type_errors {
        let f: &'static str = match field.as_str() {
            "phone" => "phone",
            "email" => "email",
            "consentChecked" => "consentChecked",
            "consentPrechecked" => "consentPrechecked",
            "consentText" => "consentText",
            "termsUrl" => "termsUrl",
            "privacyUrl" => "privacyUrl",
            "source" => "source",
            "ip" => "ip",
            "userAgent" => "userAgent",
            "submittedAt" => "submittedAt",
            _ => "form",
        };
        push(field_issue(
            "FIELD_INVALID_TYPE",
            f,
            "both",
            &[("field", field), ("expected", expected)],
        ));
    }
    // Over-long fields are reported and not read further.
    let too_long =
        |v: &Option<String>, max: usize| v.as_deref().is_some_and(|s| s.chars().count() > max);
    let mut skip: Vec<&'static str> = Vec::new();
    for (name, value, max) in [
        ("consentText", &form.consent_text, MAX_CONSENT_TEXT),
        ("termsUrl", &form.terms_url, MAX_FIELD),
        ("privacyUrl", &form.privacy_url, MAX_FIELD),
        ("source", &form.source, MAX_FIELD),
        ("ip", &form.ip, MAX_FIELD),
        ("userAgent", &form.user_agent, MAX_FIELD),
        ("phone", &form.phone, 64),
        ("email", &form.email, 320),
    ] {
        if too_long(value, max) {
            let len = value
                .as_deref()
                .map_or(0, |s| s.chars().count())
                .to_string();
            push(field_issue(
                "FIELD_TOO_LONG",
                name,
                "both",
                &[("field", name), ("length", &len), ("max", &max.to_string())],
            ));
            skip.push(name);
        }
    }
    fn present(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }

    // Phone: needed for SMS consent; must parse, be valid and take texts.
    let mut normalized = Normalized::default();
    let default_region = opts.default_region.clone().or_else(|| {
        opts.jurisdiction
            .as_deref()
            .map(|j| j.trim().to_ascii_uppercase())
            .filter(|j| j.len() == 2 && j != "EU")
    });
    let mut phone_jurisdiction = None;
    if let Some(p) = present(&form.phone).filter(|_| !skip.contains(&"phone")) {
        let region_words = default_region
            .as_deref()
            .map(|r| format!(" for {r}"))
            .unwrap_or_default();
        match normalize_phone(p, default_region.as_deref()) {
            Ok(info) if info.valid => {
                normalized.phone = Some(info.e164.clone());
                normalized.phone_type = Some(info.kind.as_str());
                normalized.phone_region = info.region.clone();
                phone_jurisdiction = info
                    .region
                    .as_deref()
                    .and_then(rules::jurisdiction_of_region);
                if ch.sms() {
                    match info.kind {
                        PhoneType::Mobile | PhoneType::FixedLineOrMobile => {}
                        PhoneType::Voip | PhoneType::PersonalNumber | PhoneType::Unknown => {
                            push(field_issue(
                                "PHONE_MAY_NOT_RECEIVE_SMS",
                                "phone",
                                "sms",
                                &[("type", phone_type_words(info.kind))],
                            ))
                        }
                        other => push(field_issue(
                            "PHONE_CANNOT_RECEIVE_SMS",
                            "phone",
                            "sms",
                            &[("type", phone_type_words(other))],
                        )),
                    }
                }
            }
            Ok(_) | Err(_) => push(field_issue(
                "PHONE_INVALID",
                "phone",
                "sms",
                &[("region", &region_words)],
            )),
        }
    } else if ch.sms() && !skip.contains(&"phone") {
        push(field_issue("PHONE_REQUIRED", "phone", "sms", &[]));
    }

    // Email: needed for email consent.
    if let Some(e) = present(&form.email).filter(|_| !skip.contains(&"email")) {
        match normalize_email(e) {
            Ok(info) if info.valid => {
                normalized.email = Some(info.address.clone());
                if let Some(s) = &info.suggestion {
                    push(field_issue(
                        "EMAIL_TYPO",
                        "email",
                        "email",
                        &[("suggestion", s)],
                    ));
                }
            }
            Ok(info) => push(field_issue(
                "EMAIL_INVALID",
                "email",
                "email",
                &[("reason", info.reason.as_deref().unwrap_or("check it"))],
            )),
            Err(e) => push(field_issue(
                "EMAIL_INVALID",
                "email",
                "email",
                &[("reason", &e.to_string())],
            )),
        }
    } else if ch.email() && !skip.contains(&"email") {
        push(field_issue("EMAIL_REQUIRED", "email", "email", &[]));
    }

    // The jurisdiction: given, else the phone's country, else every rule set.
    let jurisdictions = match (&opts.jurisdiction, phone_jurisdiction) {
        (Some(j), _) => rules::resolve_jurisdiction(j)?,
        (None, Some(pj)) => vec![pj],
        (None, None) => rules::JURISDICTIONS.to_vec(),
    };

    // The box: ticked by the person, per channel when both are asked for.
    let (sms_ok, email_ok) = match form.consent_checked {
        Some(Checked::One(b)) => {
            if ch == ConsentChannel::Both {
                push(field_issue(
                    "CONSENT_NOT_SEPARATE",
                    "consentChecked",
                    "both",
                    &[],
                ));
            }
            (b, b)
        }
        Some(Checked::PerChannel { sms, email }) => (sms.unwrap_or(false), email.unwrap_or(false)),
        None => (false, false),
    };
    if (ch.sms() && !sms_ok) || (ch.email() && !email_ok) {
        let which = match (ch, sms_ok, email_ok) {
            (ConsentChannel::Both, false, false) => ConsentChannel::Both,
            (ConsentChannel::Both, false, true) | (ConsentChannel::Sms, _, _) => {
                ConsentChannel::Sms
            }
            _ => ConsentChannel::Email,
        };
        push(field_issue(
            "CONSENT_NOT_GIVEN",
            "consentChecked",
            "both",
            &[("channel", which.words())],
        ));
    }
    if form.consent_prechecked == Some(true) {
        push(field_issue(
            "CONSENT_PRECHECKED",
            "consentChecked",
            "both",
            &[],
        ));
    }

    // Links and record fields.
    for (name, value) in [
        ("termsUrl", &form.terms_url),
        ("privacyUrl", &form.privacy_url),
    ] {
        if let Some(u) = present(value).filter(|_| !skip.contains(&name)) {
            if !valid_url(u) {
                push(field_issue(
                    "FIELD_INVALID_TYPE",
                    if name == "termsUrl" {
                        "termsUrl"
                    } else {
                        "privacyUrl"
                    },
                    "both",
                    &[("field", name), ("expected", "an http(s) URL")],
                ));
            }
        }
    }
    if let Some(ip) = present(&form.ip).filter(|_| !skip.contains(&"ip")) {
        if !valid_ip(ip) {
            push(field_issue(
                "FIELD_INVALID_TYPE",
                "ip",
                "both",
                &[("field", "ip"), ("expected", "an IPv4 or IPv6 address")],
            ));
        }
    }
    for (name, value) in [
        ("source", &form.source),
        ("ip", &form.ip),
        ("userAgent", &form.user_agent),
    ] {
        if present(value).is_none() {
            let f: &'static str = match name {
                "source" => "source",
                "ip" => "ip",
                _ => "userAgent",
            };
            push(field_issue(
                "RECORD_FIELD_MISSING",
                f,
                "both",
                &[("field", name)],
            ));
        }
    }

    // The disclosure.
    let text = form.consent_text.as_deref().unwrap_or("");
    if skip.contains(&"consentText") {
        // reported above
    } else if text.trim().is_empty() {
        push(field_issue(
            "CONSENT_TEXT_MISSING",
            "consentText",
            "both",
            &[],
        ));
    } else {
        let links = Links {
            terms: present(&form.terms_url).filter(|u| valid_url(u)),
            privacy: present(&form.privacy_url).filter(|u| valid_url(u)),
        };
        for i in lint(text, &jurisdictions, ch, opts.brand.as_deref(), &links) {
            push(Some(i));
        }
    }

    let ok = errors.is_empty();
    let record = ok.then(|| ConsentRecord {
        schema: "consentry.consent/1",
        phone: normalized.phone.clone(),
        phone_type: normalized.phone_type,
        email: normalized.email.clone(),
        channel: chn,
        sms: ch.sms() && sms_ok,
        email_consent: ch.email() && email_ok,
        purpose: "marketing",
        brand: opts.brand.clone(),
        jurisdictions: jurisdictions.clone(),
        consent_text: text.to_string(),
        consent_text_sha256: sha256_hex(text.as_bytes()),
        action: "checkbox",
        checkbox_checked: true,
        checkbox_prechecked: false,
        terms_url: present(&form.terms_url).map(String::from),
        privacy_url: present(&form.privacy_url).map(String::from),
        source: present(&form.source).map(String::from),
        ip: present(&form.ip).map(String::from),
        user_agent: present(&form.user_agent).map(String::from),
        submitted_at: crate::inbound::iso8601(form.submitted_at_ms.unwrap_or(opts.now_ms)),
        recorded_at: crate::inbound::iso8601(opts.now_ms),
        rules_version: rules::rules_version(),
        consentry_version: crate::VERSION,
        warnings: warnings.iter().map(|w| w.code).collect(),
    });
    Ok(ConsentValidation {
        ok,
        errors,
        warnings,
        normalized,
        record,
    })
}
