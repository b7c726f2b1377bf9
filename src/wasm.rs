//! The JavaScript boundary: the only module that uses `wasm-bindgen`, `js-sys` and
//! `serde-wasm-bindgen`.
//!
//! Owns: converting JS arguments to Rust, core results to plain JS objects (camelCase
//! keys, `null` for absent values), and every core [`Error`] into a JS error named
//! `ConsentryError` with a stable `code` (made in [`to_js_error`] and nowhere else).
//! Must not: contain logic. Argument type checks for friendly messages live in the JS SDK
//! (`pkg-template/src/api.js`); everything here assumes already-typed input.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{email, phone, Error};

type JsResult = Result<JsValue, JsValue>;

/// The one place a JS error is made from a core error.
fn to_js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("ConsentryError");
    // Reflect::set on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(
        &err,
        &JsValue::from_str("code"),
        &JsValue::from_str(e.code()),
    );
    err.into()
}

fn to_js<T: Serialize>(value: &T) -> JsResult {
    let ser = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    value
        .serialize(&ser)
        .map_err(|e| to_js_error(Error::invalid("result", e.to_string())))
}

fn out<T: Serialize>(r: crate::Result<T>) -> JsResult {
    r.map_err(to_js_error).and_then(|v| to_js(&v))
}

#[wasm_bindgen(js_name = normalizePhone)]
pub fn normalize_phone(input: &str, default_region: Option<String>) -> JsResult {
    out(phone::normalize_phone(input, default_region.as_deref()))
}

#[wasm_bindgen(js_name = formatPhoneAsYouType)]
pub fn format_phone_as_you_type(input: &str, region: Option<String>) -> JsResult {
    out(phone::format_as_you_type(input, region.as_deref()))
}

#[wasm_bindgen(js_name = normalizeEmail)]
pub fn normalize_email(input: &str) -> JsResult {
    out(email::normalize_email(input))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Versions {
    version: &'static str,
    phone_metadata: &'static str,
}

#[wasm_bindgen(js_name = version)]
pub fn version() -> JsResult {
    to_js(&Versions {
        version: crate::VERSION,
        phone_metadata: phone::METADATA_VERSION,
    })
}
