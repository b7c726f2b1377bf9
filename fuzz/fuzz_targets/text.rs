//! Every entry point that takes text from a user, fed the same input: none may panic
//! (a panic aborts the wasm instance), and libFuzzer's timeout catches superlinear work.
#![no_main]

use consentry::consent::{
    lint_consent_text, validate_consent, ConsentChannel, ConsentForm, ConsentOptions,
};
use consentry::inbound::{check_opt_out_confirmation, detect_keyword, Custom, DetectOptions};
use consentry::outbound::{check_message, CheckOptions, Message};
use consentry::outbound::{classify_message, find_opt_out, sms_segments};
use libfuzzer_sys::fuzz_target;

const PLACES: [&str; 6] = ["US", "CA", "GB", "AU", "FR", "EU"];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let place = PLACES[usize::from(sel) % PLACES.len()];
    // The first word also serves as a custom keyword, so custom matching is reached.
    let word = text.split_whitespace().next().unwrap_or("").to_string();
    let opts = DetectOptions {
        profile: Some(["twilio", "aws", "plivo", "vonage"][usize::from(sel >> 4) % 4].into()),
        locale: Some(place.into()),
        opted_out: sel & 1 == 1,
        last_outbound_was_opt_in_question: sel & 2 == 2,
        custom: Custom {
            opt_out: vec![word.clone()],
            opt_in: vec![],
            help: vec![],
        },
        received_at_ms: Some(1_790_000_000_000),
        jurisdiction: Some(place.into()),
        channel: None,
    };
    let _ = detect_keyword(&text, &opts);
    let _ = check_opt_out_confirmation(&text, Some(&word));
    let _ = classify_message(&text);
    let _ = find_opt_out(&text);
    let _ = sms_segments(&text);
    let check = CheckOptions {
        jurisdiction: Some(place.into()),
        brand: (!word.is_empty()).then(|| word.clone()),
        first_message: sel & 4 == 4,
        ..CheckOptions::default()
    };
    let _ = check_message(&Message::Sms(&text), &check);
    if let Ok(m) = Message::email_from_raw(&text) {
        let _ = check_message(&m, &check);
    }
    if let Ok(m) = Message::email_from_parts(
        &word,
        &text,
        &text,
        vec![("List-Unsubscribe".into(), text.to_string())],
    ) {
        let _ = check_message(&m, &check);
    }
    let _ = consentry::phone::normalize_phone(&text, Some(place));
    let _ = consentry::phone::format_as_you_type(&text, Some(place));
    let _ = consentry::email::normalize_email(&text);
    let _ = consentry::filter::contact_key(&text, Some(place));
    let _ = lint_consent_text(&text, Some(place), ConsentChannel::Sms, Some(&word));
    let form = ConsentForm {
        phone: Some(text.to_string()),
        email: Some(word.clone()),
        consent_checked: None,
        consent_prechecked: Some(sel & 8 == 8),
        consent_text: Some(text.to_string()),
        terms_url: Some(word.clone()),
        privacy_url: None,
        source: None,
        ip: None,
        user_agent: None,
        submitted_at_ms: Some(1_790_000_000_000),
        type_errors: vec![],
    };
    let copts = ConsentOptions {
        jurisdiction: Some(place.into()),
        channel: if sel & 16 == 16 {
            ConsentChannel::Email
        } else {
            ConsentChannel::Sms
        },
        brand: Some(word),
        default_region: None,
        now_ms: 1_790_000_000_000,
    };
    let _ = validate_consent(&form, &copts);
});
