//! The wasm boundary, run in Node by wasm-bindgen-test: results become plain JS objects with
//! camelCase keys, core errors become `ConsentryError`s with a code, and bad input never traps.
#![cfg(target_arch = "wasm32")]

use consentry::wasm;
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap()
}

fn error_code(r: Result<JsValue, JsValue>) -> String {
    let err = r.expect_err("expected an error");
    assert_eq!(
        get(&err, "name").as_string().as_deref(),
        Some("ConsentryError")
    );
    assert!(get(&err, "message").as_string().unwrap().len() > 10);
    get(&err, "code").as_string().unwrap()
}

#[wasm_bindgen_test]
fn phone_result_is_a_plain_object() {
    let r = wasm::normalize_phone("(415) 555-2671", Some("US".into())).unwrap();
    assert_eq!(get(&r, "e164").as_string().as_deref(), Some("+14155552671"));
    assert_eq!(get(&r, "valid").as_bool(), Some(true));
    assert_eq!(
        get(&r, "type").as_string().as_deref(),
        Some("fixedLineOrMobile")
    );
    assert_eq!(get(&r, "countryCode").as_f64(), Some(1.0));
    let invalid = wasm::normalize_phone("+1 415 000 0000", None).unwrap();
    assert_eq!(get(&invalid, "valid").as_bool(), Some(false));
    assert!(
        get(&invalid, "region").is_null(),
        "absent values are null, not undefined"
    );
}

#[wasm_bindgen_test]
fn errors_carry_codes_and_the_module_keeps_answering() {
    assert_eq!(
        error_code(wasm::normalize_phone("", None)),
        "PHONE_UNPARSEABLE"
    );
    assert_eq!(
        error_code(wasm::normalize_phone(
            &"9".repeat(1 << 20),
            Some("US".into())
        )),
        "PHONE_UNPARSEABLE"
    );
    assert_eq!(
        error_code(wasm::normalize_phone("letters only", Some("US".into()))),
        "PHONE_UNPARSEABLE"
    );
    assert_eq!(
        error_code(wasm::normalize_phone("4155552671", Some("ZZZ".into()))),
        "REGION_UNKNOWN"
    );
    assert_eq!(
        error_code(wasm::normalize_email(&"a".repeat(10_000))),
        "INPUT_TOO_LONG"
    );
    // U+FFFD is what a lone surrogate becomes on the way in.
    assert_eq!(
        error_code(wasm::normalize_phone("\u{FFFD}", Some("US".into()))),
        "PHONE_UNPARSEABLE"
    );
    let r = wasm::normalize_phone("+447400123456", None).unwrap();
    assert_eq!(get(&r, "region").as_string().as_deref(), Some("GB"));
}

#[wasm_bindgen_test]
fn email_and_version() {
    let e = wasm::normalize_email(" Ann@Bücher.example ").unwrap();
    assert_eq!(
        get(&e, "address").as_string().as_deref(),
        Some("ann@xn--bcher-kva.example")
    );
    let v = wasm::version().unwrap();
    assert_eq!(
        get(&v, "version").as_string().as_deref(),
        Some(env!("CARGO_PKG_VERSION"))
    );
}

#[wasm_bindgen_test]
fn check_message_results_are_plain_objects_with_nulls() {
    let opts = js_sys::Object::new();
    Reflect::set(&opts, &"jurisdiction".into(), &"US".into()).unwrap();
    Reflect::set(&opts, &"brand".into(), &"Acme".into()).unwrap();
    let r =
        wasm::check_message(JsValue::from_str("20% off all shoes!"), opts.clone().into()).unwrap();
    assert_eq!(get(&r, "ok").as_bool(), Some(false));
    assert!(get(&r, "email").is_null());
    let fix = get(&r, "fix");
    assert_eq!(
        get(&fix, "text").as_string().as_deref(),
        Some("Acme: 20% off all shoes!\nReply STOP to opt out")
    );
    let issues = js_sys::Array::from(&get(&r, "issues"));
    assert_eq!(issues.length(), 2);
    assert!(get(&issues.get(0), "rule").is_string());
    // An email as parts, with headers as an object.
    let email = js_sys::Object::new();
    Reflect::set(&email, &"subject".into(), &"Sale".into()).unwrap();
    let headers = js_sys::Object::new();
    Reflect::set(&headers, &"From".into(), &"Acme <a@acme.example>".into()).unwrap();
    Reflect::set(&email, &"headers".into(), &headers).unwrap();
    let r = wasm::check_message(email.into(), opts.into()).unwrap();
    assert_eq!(
        get(&get(&r, "email"), "from").as_string().as_deref(),
        Some("Acme <a@acme.example>")
    );
    let bad = js_sys::Object::new();
    Reflect::set(&bad, &"jurisdiction".into(), &"Mars".into()).unwrap();
    assert_eq!(
        error_code(wasm::check_message(JsValue::from_str("x"), bad.into())),
        "INVALID_ARGUMENT"
    );
    let s = wasm::sms_segments("€").unwrap();
    assert_eq!(get(&s, "units").as_f64(), Some(2.0));
}
