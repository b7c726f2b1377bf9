//! Phone numbers: parse, validate, classify and format to E.164.
//!
//! Owns: the only use of `rlibphonenumber` (Google's libphonenumber metadata and rules), the
//! mapping of its number types to consentry's names, and as-you-type formatting for forms.
//! Must not: guess. Input that cannot be a phone number is an [`Error::PhoneUnparseable`];
//! a number that parses but is not assigned is returned with `valid: false`.

use rlibphonenumber::{PhoneNumber, PhoneNumberFormat, PhoneNumberType, Region, PHONE_NUMBER_UTIL};
use serde::Serialize;

use crate::error::{Error, Result};

/// libphonenumber refuses longer inputs (`MAX_INPUT_STRING_LENGTH`); checking first keeps
/// hostile megabyte inputs O(1).
pub const MAX_PHONE_INPUT: usize = 250;

/// Version of the libphonenumber metadata compiled in (from the rlibphonenumber release notes).
pub const METADATA_VERSION: &str = "9.0.42";

/// What a phone number is used for, in libphonenumber's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PhoneType {
    Mobile,
    FixedLine,
    FixedLineOrMobile,
    TollFree,
    PremiumRate,
    SharedCost,
    Voip,
    PersonalNumber,
    Pager,
    Uan,
    Voicemail,
    Unknown,
}

impl PhoneType {
    /// The name used in the JS API and in test data (`fixedLineOrMobile`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            PhoneType::Mobile => "mobile",
            PhoneType::FixedLine => "fixedLine",
            PhoneType::FixedLineOrMobile => "fixedLineOrMobile",
            PhoneType::TollFree => "tollFree",
            PhoneType::PremiumRate => "premiumRate",
            PhoneType::SharedCost => "sharedCost",
            PhoneType::Voip => "voip",
            PhoneType::PersonalNumber => "personalNumber",
            PhoneType::Pager => "pager",
            PhoneType::Uan => "uan",
            PhoneType::Voicemail => "voicemail",
            PhoneType::Unknown => "unknown",
        }
    }

    /// Whether a number of this type can normally receive SMS.
    pub fn can_receive_sms(self) -> bool {
        matches!(self, PhoneType::Mobile | PhoneType::FixedLineOrMobile)
    }

    fn from_lib(t: PhoneNumberType) -> Self {
        match t {
            PhoneNumberType::Mobile => PhoneType::Mobile,
            PhoneNumberType::FixedLine => PhoneType::FixedLine,
            PhoneNumberType::FixedLineOrMobile => PhoneType::FixedLineOrMobile,
            PhoneNumberType::TollFree => PhoneType::TollFree,
            PhoneNumberType::PremiumRate => PhoneType::PremiumRate,
            PhoneNumberType::SharedCost => PhoneType::SharedCost,
            PhoneNumberType::VoIP => PhoneType::Voip,
            PhoneNumberType::PersonalNumber => PhoneType::PersonalNumber,
            PhoneNumberType::Pager => PhoneType::Pager,
            PhoneNumberType::UAN => PhoneType::Uan,
            PhoneNumberType::VoiceMail => PhoneType::Voicemail,
            PhoneNumberType::Unknown => PhoneType::Unknown,
        }
    }
}

/// The result of [`normalize_phone`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneInfo {
    /// `+` country code and national number, e.g. `+14155550123`.
    pub e164: String,
    /// The number is assigned in its region's numbering plan.
    pub valid: bool,
    /// The number has a possible length for its region (weaker than `valid`).
    pub possible: bool,
    #[serde(rename = "type")]
    pub kind: PhoneType,
    /// ISO 3166 region the number belongs to, `001` for non-geographic numbers, or `None`.
    pub region: Option<String>,
    pub country_code: u32,
}

/// Parse a region code such as `"US"` (case-insensitive) into the metadata's region.
pub fn parse_region(code: &str) -> Result<Region> {
    let trimmed = code.trim();
    let unknown = || Error::RegionUnknown {
        region: trimmed.chars().take(16).collect(),
    };
    let region = Region::from_code(trimmed).map_err(|_| unknown())?;
    PHONE_NUMBER_UTIL
        .get_country_code_for_region(region)
        .ok_or_else(unknown)?;
    Ok(region)
}

fn parse(input: &str, default_region: Option<&str>) -> Result<PhoneNumber> {
    let region = match default_region {
        Some(r) if !r.trim().is_empty() => Some(parse_region(r)?),
        _ => None,
    };
    let len = input.chars().count();
    if len > MAX_PHONE_INPUT {
        return Err(Error::PhoneUnparseable {
            reason: format!(
                "input is {len} characters; a phone number has at most {MAX_PHONE_INPUT}"
            ),
        });
    }
    if input.trim().is_empty() {
        return Err(Error::PhoneUnparseable {
            reason: "input is empty".into(),
        });
    }
    PHONE_NUMBER_UTIL.parse(input, region).map_err(|e| {
        use rlibphonenumber::ParseError as P;
        let reason = match e {
            P::InvalidCountryCode if region.is_none() => {
                "no country code: add + and the country code, or pass a defaultRegion".to_string()
            }
            P::InvalidCountryCode => "unknown country calling code".to_string(),
            P::NotANumber(_) => "no phone number found in the text".to_string(),
            P::TooShortAfterIdd => "too short after the international dialling prefix".to_string(),
            P::TooShortNsn => "too short to be a phone number".to_string(),
            P::TooLongNsn => "too long to be a phone number".to_string(),
        };
        Error::PhoneUnparseable { reason }
    })
}

/// Parse and classify a phone number; `default_region` is used for national formats.
///
/// ```
/// let info = consentry::phone::normalize_phone("(415) 555-2671", Some("US"))?;
/// assert_eq!(info.e164, "+14155552671");
/// # Ok::<(), consentry::Error>(())
/// ```
pub fn normalize_phone(input: &str, default_region: Option<&str>) -> Result<PhoneInfo> {
    let number = parse(input, default_region)?;
    // isValidNumber is "region for number, then valid for that region"; doing the two steps
    // here saves one scan of the regions sharing the calling code (25 share +1).
    let number_region = number.get_region_code();
    let valid = number_region.is_some_and(|r| number.is_valid_for_region(r));
    let possible = PHONE_NUMBER_UTIL.is_possible_number(&number);
    let kind = if valid {
        PhoneType::from_lib(number.get_type())
    } else {
        PhoneType::Unknown
    };
    let region = if valid {
        number_region.map(|r| r.to_string())
    } else {
        None
    };
    Ok(PhoneInfo {
        e164: number.format_as(PhoneNumberFormat::E164).into_owned(),
        valid,
        possible,
        kind,
        region,
        country_code: u32::try_from(number.country_code).unwrap_or(0),
    })
}

/// The E.164 form of a phone number that has a possible length, without the validity and
/// type checks of [`normalize_phone`] (the suppression key path needs only this).
/// `Ok(None)`: parseable, but no possible length for its region.
pub fn e164(input: &str, default_region: Option<&str>) -> Result<Option<String>> {
    if let Some(e164) = nanp_e164(input) {
        return Ok(Some(e164.to_string()));
    }
    let number = parse(input, default_region)?;
    Ok(PHONE_NUMBER_UTIL
        .is_possible_number(&number)
        .then(|| number.format_as(PhoneNumberFormat::E164).into_owned()))
}

/// Fast lane for the commonest key input, a North American number already in E.164
/// ("+14155552671"): libphonenumber would return it unchanged, because after "+1" ten digits
/// whose first is 2-9 cannot begin with the national prefix "1" and ten is a possible length
/// for +1 (metadata `US`). Parsing takes microseconds (regex-lite in the wasm); this takes
/// nanoseconds. `tests/filter.rs` checks it against the library on random and edge inputs.
pub(crate) fn nanp_e164(input: &str) -> Option<&str> {
    let s = input.trim();
    let b = s.as_bytes();
    (b.len() == 12
        && b[0] == b'+'
        && b[1] == b'1'
        && (b'2'..=b'9').contains(&b[2])
        && b[3..].iter().all(u8::is_ascii_digit))
    .then_some(s)
}

/// The result of [`format_as_you_type`]: what a form field should show after each keystroke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AsYouType {
    /// The text to put back into the field.
    pub formatted: String,
    /// Digits typed so far (with a leading `+` when the user typed one).
    pub digits: String,
    /// E.164 once the digits form a possible number, else `None`.
    pub e164: Option<String>,
    pub valid: bool,
    pub possible: bool,
    #[serde(rename = "type")]
    pub kind: PhoneType,
    pub region: Option<String>,
}

/// Format a partially typed phone number for display in an input field.
///
/// A complete, valid number is formatted the way its region writes it (national format for
/// numbers of `region`, international otherwise). While the number is incomplete, the digits
/// are poured into a template made from the region's example mobile number, so the field
/// groups digits as they arrive. Never fails on messy input: other characters are dropped.
pub fn format_as_you_type(input: &str, region: Option<&str>) -> Result<AsYouType> {
    let home = match region {
        Some(r) if !r.trim().is_empty() => Some(parse_region(r)?),
        _ => None,
    };
    let mut digits = String::new();
    for c in input.chars().take(MAX_PHONE_INPUT) {
        if let Some(d) = c.to_digit(10) {
            digits.push(char::from(b'0' + d as u8));
        } else if c == '+' && digits.is_empty() {
            digits.push('+');
        }
    }
    let international = digits.starts_with('+');
    let mut result = AsYouType {
        formatted: digits.clone(),
        digits: digits.clone(),
        e164: None,
        valid: false,
        possible: false,
        kind: PhoneType::Unknown,
        region: None,
    };
    let Ok(number) = PHONE_NUMBER_UTIL.parse(&digits, home) else {
        result.formatted = partial_template(&digits, home).unwrap_or(result.formatted);
        return Ok(result);
    };
    result.valid = number.is_valid();
    result.possible = PHONE_NUMBER_UTIL.is_possible_number(&number);
    if result.possible {
        result.e164 = Some(number.format_as(PhoneNumberFormat::E164).into_owned());
    }
    if result.valid {
        result.kind = PhoneType::from_lib(number.get_type());
        let number_region = number.get_region_code();
        result.region = number_region.map(|r| r.to_string());
        let national = !international && home.is_some() && number_region == home;
        let format = if national {
            PhoneNumberFormat::National
        } else {
            PhoneNumberFormat::International
        };
        result.formatted = number.format_as(format).into_owned();
    } else {
        result.formatted = partial_template(&digits, home).unwrap_or(result.formatted);
    }
    Ok(result)
}

/// Pour `digits` into the shape of the region's example mobile number ("(201) 555-0123",
/// "+44 7400 123456"), cut after the last digit typed. `None` when no template fits.
fn partial_template(digits: &str, home: Option<Region>) -> Option<String> {
    let (region, format, body) = match digits.strip_prefix('+') {
        Some(rest) => {
            // Calling codes are prefix-free: the first 1-3 digits that name one are it.
            let code = (1..=3.min(rest.len())).find_map(|n| {
                let cc: i32 = rest[..n].parse().ok()?;
                PHONE_NUMBER_UTIL
                    .get_region_for_country_code(cc)
                    .map(|r| (r, n))
            });
            let (region, _) = code?;
            (region, PhoneNumberFormat::International, digits)
        }
        None => (home?, PhoneNumberFormat::National, digits),
    };
    let example = PHONE_NUMBER_UTIL
        .get_example_number_for_type_and_region(region, PhoneNumberType::Mobile)
        .ok()?;
    let shape = example.format_as(format);
    let wanted = body.chars().filter(char::is_ascii_digit).count();
    if wanted > shape.chars().filter(char::is_ascii_digit).count() {
        return None;
    }
    let mut typed = body.chars().filter(char::is_ascii_digit);
    let mut out = String::new();
    let mut placed = 0;
    for c in shape.chars() {
        if placed == wanted {
            break;
        }
        if c.is_ascii_digit() {
            out.push(typed.next()?);
            placed += 1;
        } else {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_international_and_rfc3966() {
        for (input, region) in [
            ("(415) 555-2671", Some("US")),
            ("+1 415 555 2671", None),
            ("tel:+1-415-555-2671", None),
            ("011 1 415 555 2671", Some("US")),
        ] {
            let info = normalize_phone(input, region).unwrap();
            assert_eq!(info.e164, "+14155552671", "{input}");
            assert!(info.valid);
        }
        let uk = normalize_phone("011 44 7400 123456", Some("US")).unwrap();
        assert_eq!(uk.e164, "+447400123456");
        assert_eq!(uk.kind, PhoneType::Mobile);
        assert_eq!(uk.region.as_deref(), Some("GB"));
    }

    #[test]
    fn bad_input_is_typed() {
        assert_eq!(
            normalize_phone("", None).unwrap_err().code(),
            "PHONE_UNPARSEABLE"
        );
        assert_eq!(
            normalize_phone("hello", Some("US")).unwrap_err().code(),
            "PHONE_UNPARSEABLE"
        );
        assert_eq!(
            normalize_phone("4155552671", None).unwrap_err().code(),
            "PHONE_UNPARSEABLE"
        );
        assert_eq!(
            normalize_phone("4155552671", Some("QQ"))
                .unwrap_err()
                .code(),
            "REGION_UNKNOWN"
        );
        assert_eq!(
            normalize_phone("4155552671", Some("USA"))
                .unwrap_err()
                .code(),
            "REGION_UNKNOWN"
        );
        let huge = "1".repeat(1 << 20);
        assert_eq!(
            normalize_phone(&huge, Some("US")).unwrap_err().code(),
            "PHONE_UNPARSEABLE"
        );
        let invalid = normalize_phone("+1 415 000 0000", None).unwrap();
        assert!(!invalid.valid);
    }

    #[test]
    fn as_you_type_groups_partial_input() {
        let r = format_as_you_type("4155552671", Some("US")).unwrap();
        assert_eq!(r.formatted, "(415) 555-2671");
        assert_eq!(r.e164.as_deref(), Some("+14155552671"));
        let p = format_as_you_type("415555", Some("US")).unwrap();
        assert_eq!(p.formatted, "(415) 555");
        assert_eq!(p.e164, None);
        let typed = format_as_you_type("+4474", None).unwrap();
        assert_eq!(typed.formatted, "+44 74");
        let messy = format_as_you_type("abc\u{0}", Some("US")).unwrap();
        assert_eq!(messy.formatted, "");
        let intl = format_as_you_type("+447400123456", Some("US")).unwrap();
        assert_eq!(intl.formatted, "+44 7400 123456");
    }
}
