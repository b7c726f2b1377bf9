//! Consent checks, table-driven: every disclosure rule fires when its sentence is removed and a
//! compliant disclosure passes, per jurisdiction and channel; every form rule fires and a
//! good form passes; the record is complete and its digest right.
mod common;

use consentry::consent::{
    lint_consent_text, validate_consent, Checked, ConsentChannel, ConsentForm, ConsentOptions,
};

const NOW: i64 = 1_795_000_000_000; // 2026-11-18T11:06:40Z

/// Sentences of a disclosure, each with the codes that fire when it is left out.
type Sentences = Vec<(&'static str, Vec<&'static str>)>;

/// A compliant disclosure per (jurisdiction, channel).
fn disclosures() -> Vec<(&'static str, ConsentChannel, Sentences)> {
    use ConsentChannel::*;
    vec![
        (
            "US",
            Sms,
            vec![
                (
                    "By checking this box, you agree to receive recurring automated marketing text messages from Acme Shoes at the number provided.",
                    vec!["DISCLOSURE_BRAND_MISSING", "DISCLOSURE_PURPOSE_MISSING"],
                ),
                ("Consent is not a condition of purchase.", vec!["DISCLOSURE_CONDITION_MISSING"]),
                ("Msg frequency varies.", vec!["DISCLOSURE_FREQUENCY_MISSING"]),
                ("Msg & data rates may apply.", vec!["DISCLOSURE_RATES_MISSING"]),
                ("Reply HELP for help.", vec!["DISCLOSURE_HELP_MISSING"]),
                ("Reply STOP to cancel.", vec!["DISCLOSURE_STOP_MISSING"]),
                ("Terms: https://acme.example/terms", vec!["DISCLOSURE_TERMS_MISSING"]),
                ("Privacy Policy: https://acme.example/privacy", vec!["DISCLOSURE_PRIVACY_MISSING"]),
            ],
        ),
        (
            "CA",
            Both,
            vec![
                ("Acme Shoes Inc. would like to send you news and offers by text message and email.", vec!["DISCLOSURE_BRAND_MISSING", "DISCLOSURE_PURPOSE_MISSING"]),
                ("You can withdraw your consent at any time.", vec!["DISCLOSURE_WITHDRAW_MISSING"]),
                ("Write to us at 100 Queen St W, Toronto, ON M5H 2N2 or hello@acme.example.", vec!["DISCLOSURE_CONTACT_MISSING"]),
            ],
        ),
        (
            "GB",
            Sms,
            vec![
                ("Tick this box to get offers from Acme Shoes by text message.", vec!["DISCLOSURE_BRAND_MISSING", "DISCLOSURE_CHANNEL_MISSING"]),
                ("You can unsubscribe at any time by replying STOP.", vec!["DISCLOSURE_WITHDRAW_MISSING"]),
            ],
        ),
        (
            "AU",
            Sms,
            vec![
                ("Yes, Acme Shoes Pty Ltd may send me marketing texts about sales and new arrivals.", vec!["DISCLOSURE_BRAND_MISSING", "DISCLOSURE_PURPOSE_MISSING"]),
                ("I can unsubscribe at any time by replying STOP.", vec!["DISCLOSURE_WITHDRAW_MISSING"]),
            ],
        ),
        (
            "EU",
            Email,
            vec![
                ("I agree that Acme Shoes GmbH may send me its newsletter by email.", vec!["DISCLOSURE_BRAND_MISSING", "DISCLOSURE_CHANNEL_MISSING"]),
                ("I can withdraw this consent at any time via the unsubscribe link.", vec!["DISCLOSURE_WITHDRAW_MISSING"]),
            ],
        ),
    ]
}

fn codes(text: &str, j: &str, ch: ConsentChannel) -> Vec<&'static str> {
    lint_consent_text(text, Some(j), ch, Some("Acme Shoes"))
        .unwrap()
        .issues
        .iter()
        .map(|i| i.code)
        .collect()
}

#[test]
fn every_disclosure_rule_fires_and_compliant_texts_pass() {
    let mut failures = Vec::new();
    for (j, ch, sentences) in disclosures() {
        let full: Vec<&str> = sentences.iter().map(|(s, _)| *s).collect();
        let all = codes(&full.join(" "), j, ch);
        if !all.is_empty() {
            failures.push(format!("{j} compliant text flagged {all:?}"));
        }
        for (k, (_, want)) in sentences.iter().enumerate() {
            let without: Vec<&str> = full
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != k)
                .map(|(_, s)| *s)
                .collect();
            let got = codes(&without.join(" "), j, ch);
            for w in want {
                if !got.contains(w) {
                    failures.push(format!("{j} without sentence {k}: want {w}, got {got:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn lint_findings_carry_rule_source_and_a_suggested_sentence() {
    let l = lint_consent_text(
        "Get texts from Acme Shoes!",
        Some("US"),
        ConsentChannel::Sms,
        Some("Acme Shoes"),
    )
    .unwrap();
    assert!(!l.ok);
    let stop = l
        .issues
        .iter()
        .find(|i| i.code == "DISCLOSURE_STOP_MISSING")
        .unwrap();
    assert_eq!(stop.rule, "US-CTIA-04");
    assert_eq!(stop.suggestion.as_deref(), Some("Reply STOP to opt out."));
    assert_eq!(stop.field, Some("consentText"));
    let rates = l
        .issues
        .iter()
        .find(|i| i.code == "DISCLOSURE_RATES_MISSING")
        .unwrap();
    assert_eq!(rates.severity, "warning", "issue 5: rates are a warning");
    // "texts" alone does not say they are marketing (47 CFR 64.1200(f)(9)(i)(A)).
    assert!(l
        .issues
        .iter()
        .any(|i| i.code == "DISCLOSURE_PURPOSE_MISSING"));
    // Bundled with the terms, or made a condition of purchase.
    let bundled = codes("I agree to the Terms and Conditions and to receive marketing texts from Acme Shoes. Reply STOP to opt out.", "GB", ConsentChannel::Sms);
    assert!(bundled.contains(&"CONSENT_BUNDLED"), "{bundled:?}");
    let cond = codes(
        "Signing up for Acme Shoes texts is required to complete your purchase.",
        "US",
        ConsentChannel::Sms,
    );
    assert!(cond.contains(&"CONSENT_CONDITION_OF_PURCHASE"), "{cond:?}");
    assert!(
        !cond.contains(&"DISCLOSURE_CONDITION_MISSING")
            || cond.contains(&"CONSENT_CONDITION_OF_PURCHASE")
    );
    // Unknown jurisdiction: the union.
    let u = lint_consent_text(
        "Texts from Acme Shoes",
        None,
        ConsentChannel::Sms,
        Some("Acme Shoes"),
    )
    .unwrap();
    assert_eq!(u.jurisdictions.len(), 5);
    assert!(lint_consent_text(&"a".repeat(20_000), Some("US"), ConsentChannel::Sms, None).is_err());
}

const US_TEXT: &str = "By checking this box, you agree to receive recurring automated marketing text messages from Acme Shoes at the number provided. Consent is not a condition of purchase. Msg frequency varies. Msg & data rates may apply. Reply HELP for help and STOP to cancel. Terms: https://acme.example/terms Privacy Policy: https://acme.example/privacy";

fn good_form() -> ConsentForm {
    ConsentForm {
        phone: Some("(415) 555-2671".into()),
        email: None,
        consent_checked: Some(Checked::One(true)),
        consent_prechecked: Some(false),
        consent_text: Some(US_TEXT.into()),
        terms_url: Some("https://acme.example/terms".into()),
        privacy_url: Some("https://acme.example/privacy".into()),
        source: Some("https://acme.example/join".into()),
        ip: Some("203.0.113.7".into()),
        user_agent: Some("Mozilla/5.0 (X11; Linux x86_64)".into()),
        submitted_at_ms: Some(NOW - 1_000),
        type_errors: vec![],
    }
}

fn us_sms() -> ConsentOptions {
    ConsentOptions {
        jurisdiction: Some("US".into()),
        channel: ConsentChannel::Sms,
        brand: Some("Acme Shoes".into()),
        default_region: None,
        now_ms: NOW,
    }
}

#[test]
fn a_good_form_passes_with_a_complete_record() {
    let v = validate_consent(&good_form(), &us_sms()).unwrap();
    assert!(v.ok, "{:?}", v.errors);
    assert!(v.warnings.is_empty(), "{:?}", v.warnings);
    assert_eq!(v.normalized.phone.as_deref(), Some("+14155552671"));
    let r = v.record.unwrap();
    assert_eq!(r.schema, "consentry.consent/1");
    assert_eq!(r.consent_text, US_TEXT);
    assert_eq!(
        r.consent_text_sha256,
        consentry::sha256::sha256_hex(US_TEXT.as_bytes())
    );
    assert_eq!(
        (
            r.checkbox_checked,
            r.checkbox_prechecked,
            r.sms,
            r.email_consent
        ),
        (true, false, true, false)
    );
    assert_eq!(r.jurisdictions, vec!["US"]);
    assert_eq!(r.submitted_at, "2026-11-18T11:06:39.000Z");
    assert_eq!(r.recorded_at, "2026-11-18T11:06:40.000Z");
    assert!(r.rules_version.starts_with("rules-"));
    assert_eq!(r.ip.as_deref(), Some("203.0.113.7"));
    let json = serde_json::to_value(&r).unwrap();
    for k in [
        "phone",
        "channel",
        "consentText",
        "consentTextSha256",
        "ip",
        "userAgent",
        "source",
        "submittedAt",
        "recordedAt",
        "rulesVersion",
        "brand",
        "jurisdictions",
    ] {
        assert!(json.get(k).is_some(), "{k} missing from {json}");
    }
}

/// (tweak, code that must appear, field).
#[test]
fn every_form_rule_fires() {
    type Tweak = Box<dyn Fn(&mut ConsentForm, &mut ConsentOptions)>;
    let cases: Vec<(Tweak, &str, &str)> = vec![
        (Box::new(|f, _| f.phone = None), "PHONE_REQUIRED", "phone"),
        (
            Box::new(|f, _| f.phone = Some("555".into())),
            "PHONE_INVALID",
            "phone",
        ),
        (
            Box::new(|f, _| f.phone = Some("<script>alert(1)</script>".into())),
            "PHONE_INVALID",
            "phone",
        ),
        (
            Box::new(|f, _| f.phone = Some("+44 121 234 5678".into())),
            "PHONE_CANNOT_RECEIVE_SMS",
            "phone",
        ),
        (
            Box::new(|f, _| f.phone = Some("+1 800 234 5678".into())),
            "PHONE_CANNOT_RECEIVE_SMS",
            "phone",
        ),
        (
            Box::new(|f, o| {
                o.channel = ConsentChannel::Email;
                f.phone = None;
            }),
            "EMAIL_REQUIRED",
            "email",
        ),
        (
            Box::new(|f, o| {
                o.channel = ConsentChannel::Email;
                f.email = Some("ann@@x".into());
            }),
            "EMAIL_INVALID",
            "email",
        ),
        (
            Box::new(|f, _| f.email = Some("ann@gmial.com".into())),
            "EMAIL_TYPO",
            "email",
        ),
        (
            Box::new(|f, _| f.consent_checked = Some(Checked::One(false))),
            "CONSENT_NOT_GIVEN",
            "consentChecked",
        ),
        (
            Box::new(|f, _| f.consent_checked = None),
            "CONSENT_NOT_GIVEN",
            "consentChecked",
        ),
        (
            Box::new(|f, _| f.consent_prechecked = Some(true)),
            "CONSENT_PRECHECKED",
            "consentChecked",
        ),
        (
            Box::new(|f, o| {
                o.channel = ConsentChannel::Both;
                f.email = Some("ann@example.com".into());
            }),
            "CONSENT_NOT_SEPARATE",
            "consentChecked",
        ),
        (
            Box::new(|f, _| f.consent_text = None),
            "CONSENT_TEXT_MISSING",
            "consentText",
        ),
        (
            Box::new(|f, _| f.consent_text = Some("x".repeat(1_000_000))),
            "FIELD_TOO_LONG",
            "consentText",
        ),
        (Box::new(|f, _| f.ip = None), "RECORD_FIELD_MISSING", "ip"),
        (
            Box::new(|f, _| f.user_agent = None),
            "RECORD_FIELD_MISSING",
            "userAgent",
        ),
        (
            Box::new(|f, _| f.ip = Some("999.1.1.1".into())),
            "FIELD_INVALID_TYPE",
            "ip",
        ),
        (
            Box::new(|f, _| f.terms_url = Some("javascript:alert(1)".into())),
            "FIELD_INVALID_TYPE",
            "termsUrl",
        ),
        (
            Box::new(|f, _| {
                f.type_errors
                    .push(("consentChecked".into(), "a boolean".into()))
            }),
            "FIELD_INVALID_TYPE",
            "consentChecked",
        ),
        (
            Box::new(|f, _| f.consent_text = Some(US_TEXT.replace(" and STOP to cancel", ""))),
            "DISCLOSURE_STOP_MISSING",
            "consentText",
        ),
    ];
    let mut failures = Vec::new();
    for (tweak, code, field) in cases {
        let (mut f, mut o) = (good_form(), us_sms());
        tweak(&mut f, &mut o);
        let v = validate_consent(&f, &o).unwrap();
        let all: Vec<_> = v.errors.iter().chain(&v.warnings).collect();
        match all.iter().find(|i| i.code == code) {
            Some(i) if i.field == Some(field) => {
                // Errors block and produce no record; warnings do not.
                if i.severity == "error" {
                    assert!(!v.ok && v.record.is_none(), "{code}");
                }
                // Messages are plain words for the person, never an echo of the input.
                assert!(
                    !i.message.contains('<') && !i.message.contains("xxxxxxxx"),
                    "{}",
                    i.message
                );
            }
            other => failures.push(format!(
                "{code}/{field}: got {other:?} in {:?}",
                all.iter().map(|i| i.code).collect::<Vec<_>>()
            )),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn per_channel_consent_and_jurisdiction_from_the_phone() {
    let mut f = good_form();
    f.email = Some("Ann@Example.com".into());
    f.consent_checked = Some(Checked::PerChannel {
        sms: Some(true),
        email: Some(true),
    });
    f.consent_text = Some(format!(
        "{US_TEXT} You also agree to receive emails from Acme Shoes."
    ));
    let mut o = us_sms();
    o.channel = ConsentChannel::Both;
    let v = validate_consent(&f, &o).unwrap();
    assert!(v.ok, "{:?}", v.errors);
    let r = v.record.unwrap();
    assert_eq!(
        (r.sms, r.email_consent, r.email.as_deref()),
        (true, true, Some("ann@example.com"))
    );
    // Only one of the two boxes ticked.
    f.consent_checked = Some(Checked::PerChannel {
        sms: Some(true),
        email: Some(false),
    });
    let v = validate_consent(&f, &o).unwrap();
    assert!(
        v.errors
            .iter()
            .any(|i| i.code == "CONSENT_NOT_GIVEN" && i.message.contains("emails")),
        "{:?}",
        v.errors
    );
    // No jurisdiction given: a UK mobile number brings UK rules.
    let mut f = good_form();
    f.phone = Some("+44 7400 123456".into());
    f.consent_text = Some("Tick this box to get offers from Acme Shoes by text message. You can unsubscribe at any time by replying STOP.".into());
    let mut o = us_sms();
    o.jurisdiction = None;
    let v = validate_consent(&f, &o).unwrap();
    assert!(v.ok, "{:?}", v.errors);
    assert_eq!(v.record.unwrap().jurisdictions, vec!["GB"]);
}

/// Every example number libphonenumber gives: mobile and fixed-line-or-mobile pass, fixed-line,
/// toll-free, premium-rate and pager are refused for SMS consent.
#[test]
fn phone_types_from_libphonenumber_examples() {
    let rows = common::read_csv("libphonenumber_example_numbers.csv");
    let (mut pass, mut refused) = (0, 0);
    for r in rows {
        let mut f = good_form();
        f.phone = Some(r["e164"].clone());
        let v = validate_consent(&f, &us_sms()).unwrap();
        let codes: Vec<_> = v
            .errors
            .iter()
            .chain(&v.warnings)
            .filter(|i| i.field == Some("phone"))
            .map(|i| i.code)
            .collect();
        match r["type"].as_str() {
            "mobile" | "fixedLineOrMobile" => {
                assert!(codes.is_empty(), "{} {}: {codes:?}", r["region"], r["e164"]);
                pass += 1;
            }
            "fixedLine" | "tollFree" | "premiumRate" | "pager" => {
                // A fixed-line example that is also a valid mobile number is fixedLineOrMobile.
                if codes != ["PHONE_CANNOT_RECEIVE_SMS"] {
                    let t = consentry::phone::normalize_phone(&r["e164"], None)
                        .unwrap()
                        .kind
                        .as_str();
                    assert_eq!(
                        t, "fixedLineOrMobile",
                        "{} {} {}: {codes:?}",
                        r["region"], r["type"], r["e164"]
                    );
                } else {
                    refused += 1;
                }
            }
            _ => {}
        }
    }
    println!(
        "example numbers: {pass} mobile pass, {refused} fixed-line/toll-free/premium/pager refused"
    );
    assert!(pass > 200 && refused > 400);
}
