//! Email addresses: validate a practical RFC 5321/5322 subset and produce the canonical
//! form used as a suppression key.
//!
//! Owns: address syntax rules, IDN domain conversion (UTS #46-style mapping followed by
//! RFC 3492 punycode), and typo hints for common mailbox domains.
//! Must not: apply provider-specific rewriting (Gmail dots, `+tags`): doing it on one side
//! only would create false negatives in the suppression filter.

use serde::Serialize;

use crate::error::{Error, Result};

/// RFC 5321 limits an address path to 256 octets including the angle brackets.
pub const MAX_ADDRESS: usize = 254;
const MAX_LOCAL: usize = 64;
const MAX_LABEL: usize = 63;
const MAX_DOMAIN: usize = 253;
/// Inputs longer than this are refused before any work is done.
pub const MAX_EMAIL_INPUT: usize = 4096;

/// The result of [`normalize_email`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailInfo {
    /// Canonical address: trimmed, NFC, lower-cased, domain in ASCII (punycode).
    pub address: String,
    pub valid: bool,
    /// Canonical domain (ASCII), empty when there is none.
    pub domain: String,
    /// Why the address is invalid, when it is.
    pub reason: Option<String>,
    /// A likely intended address when the domain looks like a typo of a common one.
    pub suggestion: Option<String>,
}

/// Validate and canonicalise an email address.
///
/// The local part is lower-cased too: mailbox providers treat it case-insensitively, and a
/// suppression key that differs only by case would let a message through to someone who
/// opted out.
///
/// ```
/// let e = consentry::email::normalize_email("  Jane.Doe@BÜCHER.example ")?;
/// assert_eq!(e.address, "jane.doe@xn--bcher-kva.example");
/// assert!(e.valid);
/// # Ok::<(), consentry::Error>(())
/// ```
pub fn normalize_email(input: &str) -> Result<EmailInfo> {
    if input.len() > MAX_EMAIL_INPUT {
        return Err(Error::InputTooLong {
            what: "email",
            max: MAX_EMAIL_INPUT,
            got: input.len(),
        });
    }
    let text: String = crate::unicode::nfc(input.trim());
    let invalid = |address: String, domain: String, reason: &str| EmailInfo {
        address,
        valid: false,
        domain,
        reason: Some(reason.to_string()),
        suggestion: None,
    };
    if text.is_empty() {
        return Ok(invalid(
            String::new(),
            String::new(),
            "the address is empty",
        ));
    }
    let Some(at) = text.rfind('@') else {
        return Ok(invalid(
            text.to_lowercase(),
            String::new(),
            "the address has no @",
        ));
    };
    let (local_raw, domain_raw) = (&text[..at], &text[at + 1..]);
    let local = local_raw.to_lowercase();
    let domain = match to_ascii_domain(domain_raw) {
        Ok(d) => d,
        Err(reason) => {
            let lowered = domain_raw.to_lowercase();
            return Ok(invalid(format!("{local}@{lowered}"), lowered, reason));
        }
    };
    let address = format!("{local}@{domain}");
    if let Err(reason) = check_local(&local) {
        return Ok(invalid(address, domain, reason));
    }
    if let Err(reason) = check_domain(&domain) {
        return Ok(invalid(address, domain, reason));
    }
    if address.len() > MAX_ADDRESS {
        return Ok(invalid(
            address,
            domain,
            "the address is longer than 254 characters",
        ));
    }
    let suggestion = suggest_domain(&domain).map(|d| format!("{local}@{d}"));
    Ok(EmailInfo {
        address,
        valid: true,
        domain,
        reason: None,
        suggestion,
    })
}

fn check_local(local: &str) -> std::result::Result<(), &'static str> {
    if local.is_empty() {
        return Err("nothing before the @");
    }
    if local.len() > MAX_LOCAL {
        return Err("the part before the @ is longer than 64 characters");
    }
    if local.starts_with('"') {
        return Err("quoted local parts are not accepted");
    }
    if local.starts_with('.') || local.ends_with('.') {
        return Err("the part before the @ cannot start or end with a dot");
    }
    if local.contains("..") {
        return Err("the address contains two dots in a row");
    }
    for c in local.chars() {
        let ok = c.is_ascii_alphanumeric()
            || "!#$%&'*+/=?^_`{|}~.-".contains(c)
            // RFC 6531 (SMTPUTF8) allows non-ASCII letters and digits in the local part.
            || (!c.is_ascii() && c.is_alphanumeric());
        if !ok {
            return Err(if c.is_whitespace() {
                "the address contains a space"
            } else if c == '@' {
                "the address contains more than one @"
            } else {
                "the part before the @ contains a character that is not allowed"
            });
        }
    }
    Ok(())
}

fn check_domain(domain: &str) -> std::result::Result<(), &'static str> {
    if domain.is_empty() {
        return Err("nothing after the @");
    }
    if domain.starts_with('[') {
        return Err("IP-address literals are not accepted as email domains");
    }
    if domain.len() > MAX_DOMAIN {
        return Err("the domain is longer than 253 characters");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Err("the domain needs a dot, as in example.com");
    }
    for label in &labels {
        if label.is_empty() {
            return Err(
                "the domain contains an empty label (two dots in a row, or a dot at an end)",
            );
        }
        if label.len() > MAX_LABEL {
            return Err("a part of the domain is longer than 63 characters");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("a part of the domain starts or ends with a hyphen");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err("the domain contains a character that is not allowed");
        }
    }
    let tld = labels[labels.len() - 1];
    if tld.bytes().all(|b| b.is_ascii_digit()) {
        return Err("the domain ends in a number, not a top-level domain");
    }
    Ok(())
}

/// UTS #46-style mapping (NFKC, lower case, ideographic full stops as dots) and then
/// punycode for every label that is not ASCII.
pub fn to_ascii_domain(domain: &str) -> std::result::Result<String, &'static str> {
    let mapped: String = crate::unicode::nfkc(domain)
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '\u{3002}' | '\u{FF0E}' | '\u{FF61}' => '.',
            c => c,
        })
        .collect();
    let mapped = mapped.strip_suffix('.').unwrap_or(&mapped);
    let mut out = String::with_capacity(mapped.len() + 8);
    for (i, label) in mapped.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        if label.is_ascii() {
            out.push_str(label);
        } else {
            if label.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err("the domain contains a space or control character");
            }
            out.push_str("xn--");
            punycode_encode(label, &mut out).ok_or("the domain cannot be converted to ASCII")?;
        }
    }
    Ok(out)
}

/// RFC 3492 punycode encoder (bootstring with the punycode parameters).
fn punycode_encode(input: &str, out: &mut String) -> Option<()> {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    fn digit(d: u32) -> char {
        if d < 26 {
            char::from(b'a' + d as u8)
        } else {
            char::from(b'0' + (d - 26) as u8)
        }
    }
    fn adapt(mut delta: u32, points: u32, first: bool) -> u32 {
        delta /= if first { DAMP } else { 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + SKEW)
    }
    let cps: Vec<u32> = input.chars().map(u32::from).collect();
    let basic = cps.iter().filter(|&&c| c < 0x80).count() as u32;
    for &c in &cps {
        if c < 0x80 {
            out.push(char::from(c as u8));
        }
    }
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias, mut h) = (0x80u32, 0u32, 72u32, basic);
    let total = cps.len() as u32;
    while h < total {
        let m = cps.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(h + 1)?)?;
        n = m;
        for &c in &cps {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, h + 1, h == basic);
                delta = 0;
                h += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(())
}

/// Popular mailbox domains, for typo hints. Source: commonly published webmail market-share
/// lists; only domains whose misspellings are frequent in sign-up forms are kept.
const COMMON_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "icloud.com",
    "aol.com",
    "msn.com",
    "comcast.net",
    "me.com",
    "mac.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.de",
    "web.de",
    "yahoo.co.uk",
    "hotmail.co.uk",
    "btinternet.com",
    "sky.com",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "bigpond.com",
    "yandex.ru",
    "mail.ru",
];

/// A common domain within Damerau-Levenshtein distance 1-2 of `domain`, if `domain` is not
/// itself common.
pub fn suggest_domain(domain: &str) -> Option<&'static str> {
    if domain.len() > 64 || COMMON_DOMAINS.contains(&domain) {
        return None;
    }
    let mut best: Option<(usize, &'static str)> = None;
    for cand in COMMON_DOMAINS {
        let limit = if cand.len() >= 9 { 2 } else { 1 };
        let d = crate::text::damerau_levenshtein(domain.as_bytes(), cand.as_bytes(), limit + 1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form() {
        let e = normalize_email("  Alice@EXAMPLE.Com ").unwrap();
        assert_eq!(e.address, "alice@example.com");
        assert_eq!(e.domain, "example.com");
        assert!(e.valid);
    }

    #[test]
    fn idn_domains_become_punycode() {
        // RFC 3492 section 7.1 and well-known IDN examples.
        let cases = [
            ("user@münchen.de", "user@xn--mnchen-3ya.de"),
            ("user@bücher.example", "user@xn--bcher-kva.example"),
            ("user@例え.jp", "user@xn--r8jz45g.jp"),
            ("user@ПРИМЕР.рф", "user@xn--e1afmkfd.xn--p1ai"),
            ("user@ｅｘａｍｐｌｅ。com", "user@example.com"),
        ];
        for (input, want) in cases {
            let e = normalize_email(input).unwrap();
            assert_eq!(e.address, want, "{input}");
            assert!(e.valid, "{input}: {:?}", e.reason);
        }
    }

    #[test]
    fn invalid_addresses_have_reasons() {
        for bad in [
            "",
            "plainaddress",
            "@example.com",
            "a@",
            "a..b@example.com",
            ".a@example.com",
            "a b@example.com",
            "a@b@example.com",
            "a@example",
            "a@-example.com",
            "a@example..com",
            "a@[127.0.0.1]",
            "a@example.123",
        ] {
            let e = normalize_email(bad).unwrap();
            assert!(!e.valid, "{bad} should be invalid");
            assert!(e.reason.is_some());
        }
        assert_eq!(
            normalize_email(&"a".repeat(5000)).unwrap_err().code(),
            "INPUT_TOO_LONG"
        );
    }

    #[test]
    fn typo_hints() {
        assert_eq!(
            normalize_email("bob@gmial.com")
                .unwrap()
                .suggestion
                .as_deref(),
            Some("bob@gmail.com")
        );
        assert_eq!(
            normalize_email("bob@hotmial.com")
                .unwrap()
                .suggestion
                .as_deref(),
            Some("bob@hotmail.com")
        );
        assert_eq!(normalize_email("bob@gmail.com").unwrap().suggestion, None);
        assert_eq!(normalize_email("bob@acme.com").unwrap().suggestion, None);
    }
}
