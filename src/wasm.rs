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

/// Traps, as a panic would (the release build aborts on panic): the JS tests check that the
/// SDK restarts the instance afterwards. Not part of the API.
#[doc(hidden)]
#[wasm_bindgen(js_name = __trapForTests)]
pub fn trap_for_tests() {
    std::process::abort();
}

// ---- JS object access (the SDK has checked the types) ----------------------------------

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn get_string(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).as_string()
}

// ---- Consent at the form ----------------------------------------------------------------

use crate::consent::{self, Checked, ConsentChannel, ConsentForm, ConsentOptions};

fn channel_arg(options: &JsValue) -> Result<ConsentChannel, JsValue> {
    ConsentChannel::parse(&get_string(options, "channel").unwrap_or_else(|| "sms".into()))
        .map_err(to_js_error)
}

#[wasm_bindgen(js_name = lintConsentText)]
pub fn lint_consent_text(text: &str, options: JsValue) -> JsResult {
    let channel = channel_arg(&options)?;
    out(consent::lint_consent_text(
        text,
        get_string(&options, "jurisdiction").as_deref(),
        channel,
        get_string(&options, "brand").as_deref(),
    ))
}

/// `validateConsent(form, options)`: the SDK has reduced `form` to typed fields and lists the
/// fields that had the wrong type in `form.typeErrors` (pairs of field and expected type).
#[wasm_bindgen(js_name = validateConsent)]
pub fn validate_consent(form: JsValue, options: JsValue) -> JsResult {
    let checked = get(&form, "consentChecked");
    let consent_checked = match checked.as_bool() {
        Some(b) => Some(Checked::One(b)),
        None if checked.is_object() => Some(Checked::PerChannel {
            sms: get(&checked, "sms").as_bool(),
            email: get(&checked, "email").as_bool(),
        }),
        None => None,
    };
    let type_errors = js_sys::Array::from(&get(&form, "typeErrors"))
        .iter()
        .filter_map(|p| {
            let p = js_sys::Array::from(&p);
            Some((p.get(0).as_string()?, p.get(1).as_string()?))
        })
        .collect();
    let f = ConsentForm {
        phone: get_string(&form, "phone"),
        email: get_string(&form, "email"),
        consent_checked,
        consent_prechecked: get(&form, "consentPrechecked").as_bool(),
        consent_text: get_string(&form, "consentText"),
        terms_url: get_string(&form, "termsUrl"),
        privacy_url: get_string(&form, "privacyUrl"),
        source: get_string(&form, "source"),
        ip: get_string(&form, "ip"),
        user_agent: get_string(&form, "userAgent"),
        submitted_at_ms: get(&form, "submittedAt")
            .as_f64()
            .filter(|t| t.is_finite())
            .map(|t| t as i64),
        type_errors,
    };
    let opts = ConsentOptions {
        jurisdiction: get_string(&options, "jurisdiction"),
        channel: channel_arg(&options)?,
        brand: get_string(&options, "brand"),
        default_region: get_string(&options, "defaultRegion"),
        now_ms: js_sys::Date::now() as i64,
    };
    out(consent::validate_consent(&f, &opts))
}

// ---- The full API: filters, inbound replies, outbound messages ---------------------------
// Left out of the `forms` build (`--no-default-features`), the smaller module a sign-up page
// loads: phone, email and consent only.

#[cfg(feature = "full")]
pub use full::*;

#[cfg(feature = "full")]
mod full {
    use super::*;

    fn get_bool(obj: &JsValue, key: &str) -> bool {
        get(obj, key).as_bool().unwrap_or(false)
    }

    fn get_strings(obj: &JsValue, key: &str) -> Vec<String> {
        let v = get(obj, key);
        if !js_sys::Array::is_array(&v) {
            return Vec::new();
        }
        js_sys::Array::from(&v)
            .iter()
            .filter_map(|x| x.as_string())
            .collect()
    }

    // ---- suppression filters -------------------------------------------------------------------

    use crate::filter::{CreateOptions, FilterKey, SuppressionFilter};

    fn filter_key(key: Option<Vec<u8>>) -> Result<FilterKey, JsValue> {
        match key {
            None => Ok(FilterKey::public()),
            Some(bytes) => {
                let arr: [u8; 16] = bytes.as_slice().try_into().map_err(|_| {
                    to_js_error(Error::invalid(
                        "key",
                        format!("expected 16 bytes, got {}", bytes.len()),
                    ))
                })?;
                Ok(FilterKey::secret(arr))
            }
        }
    }

    /// Raw filter handle; the JS SDK's `SuppressionFilter` class wraps it.
    #[wasm_bindgen]
    #[derive(Debug)]
    pub struct WasmFilter {
        inner: SuppressionFilter,
    }

    #[wasm_bindgen]
    impl WasmFilter {
        pub fn create(
            capacity: f64,
            fpr: f64,
            key: Option<Vec<u8>>,
        ) -> Result<WasmFilter, JsValue> {
            let inner = SuppressionFilter::create(CreateOptions {
                capacity: if capacity.is_finite() && capacity >= 1.0 {
                    capacity as u64
                } else {
                    0
                },
                false_positive_rate: fpr,
                key: filter_key(key)?,
                retain_keys: true,
                created_at_ms: js_sys::Date::now() as u64,
            })
            .map_err(to_js_error)?;
            Ok(WasmFilter { inner })
        }

        #[wasm_bindgen(js_name = fromBytes)]
        pub fn from_bytes(bytes: &[u8], key: Option<Vec<u8>>) -> Result<WasmFilter, JsValue> {
            let inner =
                SuppressionFilter::from_bytes(bytes, filter_key(key)?).map_err(to_js_error)?;
            Ok(WasmFilter { inner })
        }

        pub fn add(&mut self, contact: &str, region: Option<String>) -> Result<bool, JsValue> {
            self.inner
                .add(contact, region.as_deref())
                .map_err(to_js_error)
        }

        pub fn has(&self, contact: &str, region: Option<String>) -> Result<bool, JsValue> {
            self.inner
                .has(contact, region.as_deref())
                .map_err(to_js_error)
        }

        #[wasm_bindgen(js_name = hasCanonical)]
        pub fn has_canonical(&self, contact: &str) -> Result<bool, JsValue> {
            self.inner.has_canonical(contact).map_err(to_js_error)
        }

        /// Fast lane for `has(x, { canonical: true })`: the contact's ASCII bytes were written by
        /// the SDK into the scratch buffer (see [`scratch`]). 1 = present, 0 = absent, -1 = not a
        /// canonical key (the SDK then takes the normal path to report the error).
        #[wasm_bindgen(js_name = hasCanonicalScratch)]
        pub fn has_canonical_scratch(&self, len: usize) -> i32 {
            SCRATCH.with(
                |buf| match self.inner.canonical_hash(&buf[..len.min(buf.len())]) {
                    Some(h) => i32::from(self.inner.has_hash(h)),
                    None => -1,
                },
            )
        }

        /// Fast lane for `hasMany(xs, { canonical: true })`: the SDK encoded a block of `count`
        /// contacts, joined by "\n", into the scratch buffer (`len` bytes of UTF-8, one
        /// `encodeInto` per block instead of a loop per character). Writes one byte per contact
        /// (1/0) to the start of the scratch buffer and returns true; false when the block does
        /// not hold `count` canonical keys (the SDK then takes the normal path to say which).
        /// Hashes all first, then probes: the probes' cache misses overlap instead of waiting
        /// behind each hash.
        #[wasm_bindgen(js_name = hasManyCanonicalLines)]
        pub fn has_many_canonical_lines(&self, len: usize, count: usize) -> bool {
            // SAFETY: single-threaded, and these are the only references to either buffer
            // until this call returns.
            let (buf, hashes) = unsafe { (&mut *SCRATCH_BUF.0.get(), &mut *HASHES.0.get()) };
            hashes.clear();
            let Some(text) = buf.get(..len) else {
                return false;
            };
            for line in text.split(|&b| b == b'\n') {
                match self.inner.canonical_hash(line) {
                    Some(h) => hashes.push(h),
                    None => return false,
                }
            }
            if hashes.len() != count || count > buf.len() {
                return false;
            }
            for (slot, &h) in buf.iter_mut().zip(hashes.iter()) {
                *slot = u8::from(self.inner.has_hash(h));
            }
            true
        }

        /// `contacts` joined with "\n" (one string crosses the boundary instead of many).
        #[wasm_bindgen(js_name = hasMany)]
        pub fn has_many(
            &self,
            contacts: &str,
            region: Option<String>,
            canonical: bool,
        ) -> Result<Vec<u8>, JsValue> {
            let region = region.as_deref();
            let mut out = Vec::new();
            for (i, c) in contacts.split('\n').enumerate() {
                let hit = if canonical {
                    self.inner.has_canonical(c)
                } else {
                    self.inner.has(c, region)
                };
                let hit = hit.map_err(|e| {
                    to_js_error(match e {
                        Error::ContactInvalid { detail } => Error::ContactInvalid {
                            detail: format!("contacts[{i}]: {detail}"),
                        },
                        other => other,
                    })
                })?;
                out.push(u8::from(hit));
            }
            Ok(out)
        }

        pub fn merge(&mut self, other: &WasmFilter) -> Result<(), JsValue> {
            self.inner.merge(&other.inner).map_err(to_js_error)
        }

        pub fn freeze(&self, delta_capacity: f64) -> Result<WasmFilter, JsValue> {
            let delta = if delta_capacity.is_finite() && delta_capacity >= 1.0 {
                delta_capacity as u64
            } else {
                1
            };
            let inner = self
                .inner
                .freeze(delta, js_sys::Date::now() as u64)
                .map_err(to_js_error)?;
            Ok(WasmFilter { inner })
        }

        #[wasm_bindgen(js_name = toBytes)]
        pub fn to_bytes(&self) -> Result<Vec<u8>, JsValue> {
            self.inner.to_bytes().map_err(to_js_error)
        }

        pub fn count(&self) -> f64 {
            self.inner.count() as f64
        }

        /// Benchmark hook (bench/filter.mjs): `n` probes of pseudo-random hashes inside wasm,
        /// so the probe can be timed without the JS boundary. Returns the hits.
        #[wasm_bindgen(js_name = probeLoop)]
        pub fn probe_loop(&self, n: u32, seed: u32) -> u32 {
            let mut x = u64::from(seed) | 1;
            let mut hits = 0;
            for _ in 0..n {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                hits += u32::from(self.inner.has_hash(x));
            }
            hits
        }

        #[wasm_bindgen(js_name = sizeBytes)]
        pub fn size_bytes(&self) -> f64 {
            self.inner.size_bytes() as f64
        }

        #[wasm_bindgen(js_name = falsePositiveRate)]
        pub fn false_positive_rate(&self) -> f64 {
            self.inner.false_positive_rate()
        }

        pub fn kind(&self) -> String {
            self.inner.kind().as_str().to_string()
        }

        pub fn info(&self) -> JsResult {
            to_js(&crate::filter::FilterInfo::of(&self.inner))
        }
    }

    /// A reusable buffer in wasm memory that the SDK writes short ASCII contacts into, saving
    /// an allocation and a free per `has()` call. Single-threaded: wasm32 here has no threads.
    struct Scratch<T>(std::cell::UnsafeCell<Vec<T>>);
    // SAFETY: wasm32-unknown-unknown without the atomics feature runs on one thread.
    unsafe impl<T> Sync for Scratch<T> {}
    static SCRATCH_BUF: Scratch<u8> = Scratch(std::cell::UnsafeCell::new(Vec::new()));
    /// The hashes of a `hasMany` block, kept between calls.
    static HASHES: Scratch<u64> = Scratch(std::cell::UnsafeCell::new(Vec::new()));

    struct ScratchAccess;
    impl ScratchAccess {
        fn with<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
            // SAFETY: single-threaded, and no reference outlives this call.
            f(unsafe { &*SCRATCH_BUF.0.get() })
        }
    }
    const SCRATCH: ScratchAccess = ScratchAccess;

    /// Make the scratch buffer hold at least `len` bytes and return its address.
    #[wasm_bindgen]
    pub fn scratch(len: usize) -> *mut u8 {
        // SAFETY: as above; the JS caller writes at most `len` bytes before the next call.
        let buf = unsafe { &mut *SCRATCH_BUF.0.get() };
        if buf.len() < len {
            buf.resize(len, 0);
        }
        buf.as_mut_ptr()
    }

    /// The canonical key of a contact (`tel:+…` / `mailto:…`), exactly as filters hash it.
    #[wasm_bindgen(js_name = contactKey)]
    pub fn contact_key(contact: &str, region: Option<String>) -> Result<String, JsValue> {
        crate::filter::contact_key(contact, region.as_deref()).map_err(to_js_error)
    }

    // ---- inbound replies ------------------------------------------------------------------------

    use crate::inbound::{self, DetectOptions};

    /// `detectKeyword` options, read field by field (the SDK has checked their types). Manual
    /// reading keeps serde's deserializer, and its float formatting, out of the wasm.
    fn detect_options(js: &JsValue) -> DetectOptions {
        if js.is_undefined() || js.is_null() {
            return DetectOptions {
                received_at_ms: Some(js_sys::Date::now() as i64),
                ..DetectOptions::default()
            };
        }
        let ctx = get(js, "context");
        let custom = get(js, "custom");
        let received = get(js, "receivedAt")
            .as_f64()
            .filter(|t| t.is_finite())
            .unwrap_or_else(js_sys::Date::now);
        DetectOptions {
            profile: get_string(js, "profile"),
            locale: get_string(js, "locale"),
            opted_out: get_bool(&ctx, "optedOut"),
            last_outbound_was_opt_in_question: get_bool(&ctx, "lastOutboundWasOptInQuestion"),
            custom: inbound::Custom {
                opt_out: [
                    get_strings(&custom, "opt_out"),
                    get_strings(&custom, "optOut"),
                ]
                .concat(),
                opt_in: [
                    get_strings(&custom, "opt_in"),
                    get_strings(&custom, "optIn"),
                ]
                .concat(),
                help: get_strings(&custom, "help"),
            },
            // Without an explicit time, deadlines run from now.
            received_at_ms: Some(received as i64),
            jurisdiction: get_string(js, "jurisdiction"),
            channel: get_string(js, "channel"),
        }
    }

    #[wasm_bindgen(js_name = detectKeyword)]
    pub fn detect_keyword(text: &str, options: JsValue) -> JsResult {
        out(inbound::detect_keyword(text, &detect_options(&options)))
    }

    /// Lookup tables for the fast lane: rule names and languages, by index.
    #[wasm_bindgen(js_name = detectTables)]
    pub fn detect_tables() -> JsResult {
        #[derive(Serialize)]
        struct T {
            rules: &'static [&'static str],
            languages: Vec<&'static str>,
        }
        to_js(&T {
            rules: inbound::RULES,
            languages: inbound::languages().to_vec(),
        })
    }

    struct OutCell(std::cell::UnsafeCell<([i32; 12], Vec<u8>)>);
    // SAFETY: single-threaded wasm (see `Scratch`).
    unsafe impl Sync for OutCell {}
    static DETECT_OUT: OutCell = OutCell(std::cell::UnsafeCell::new(([0; 12], Vec::new())));

    /// Address of the fast lane's 12 result integers.
    #[wasm_bindgen(js_name = detectOutPtr)]
    pub fn detect_out_ptr() -> *const i32 {
        // SAFETY: single-threaded; the array lives for the program.
        unsafe { (*DETECT_OUT.0.get()).0.as_ptr() }
    }

    /// Fast lane for `detectKeyword(text)` / `detectKeyword(text, { profile, context })`: the
    /// text is in the scratch buffer (UTF-8, `len` bytes); results go to [`detect_out_ptr`]:
    /// `[intent, confidence, rule, language (-1 none), fccListed, providerWillBlock (-1 none),
    /// normalized length, keyword length (-1 none), scope length (-1 none), bytes address,
    /// ascii-only flag, 0]`, with the strings back to back at the bytes address.
    /// Returns 0, or -1 when the caller must use `detectKeyword` (the error path).
    #[wasm_bindgen(js_name = detectPacked)]
    pub fn detect_packed(len: usize, profile: u8, context: u8) -> i32 {
        const PROFILES: [&str; 7] = ["", "twilio", "aws", "telnyx", "vonage", "plivo", "generic"];
        let opts = DetectOptions {
            profile: PROFILES
                .get(usize::from(profile))
                .filter(|p| !p.is_empty())
                .map(|p| p.to_string()),
            opted_out: context & 1 != 0,
            last_outbound_was_opt_in_question: context & 2 != 0,
            ..DetectOptions::default()
        };
        let detected = SCRATCH.with(|buf| {
            let text = std::str::from_utf8(&buf[..len.min(buf.len())]).ok()?;
            inbound::detect_keyword(text, &opts).ok()
        });
        let Some(d) = detected else { return -1 };
        // SAFETY: single-threaded; no other reference to DETECT_OUT is alive.
        let (ints, bytes) = unsafe { &mut *DETECT_OUT.0.get() };
        bytes.clear();
        bytes.extend_from_slice(d.normalized.as_bytes());
        let mut put = |s: Option<&str>| -> i32 {
            match s {
                Some(s) => {
                    bytes.extend_from_slice(s.as_bytes());
                    s.len() as i32
                }
                None => -1,
            }
        };
        let kw = put(d.keyword.as_deref());
        let scope = put(d.scope.as_deref());
        let langs = inbound::languages();
        *ints = [
            match d.intent {
                inbound::Intent::OptOut => 0,
                inbound::Intent::OptIn => 1,
                inbound::Intent::Help => 2,
                inbound::Intent::None => 3,
            },
            match d.confidence {
                inbound::Confidence::Certain => 0,
                inbound::Confidence::Probable => 1,
                inbound::Confidence::Review => 2,
            },
            inbound::RULES
                .iter()
                .position(|r| *r == d.rule)
                .unwrap_or(0) as i32,
            d.language
                .and_then(|l| langs.iter().position(|x| *x == l))
                .map_or(-1, |i| i as i32),
            i32::from(d.fcc_listed),
            d.provider_will_block.map_or(-1, i32::from),
            d.normalized.len() as i32,
            kw,
            scope,
            bytes.as_ptr() as i32,
            i32::from(bytes.is_ascii()),
            0,
        ];
        0
    }

    #[wasm_bindgen(js_name = checkOptOutConfirmation)]
    pub fn check_opt_out_confirmation(text: &str, brand: Option<String>) -> JsResult {
        to_js(&inbound::check_opt_out_confirmation(text, brand.as_deref()))
    }

    // ---- Outbound messages -------------------------------------------------------------------

    use crate::outbound::{self, CheckOptions, Message};

    #[wasm_bindgen(js_name = smsSegments)]
    pub fn sms_segments(text: &str) -> JsResult {
        to_js(&outbound::sms_segments(text))
    }

    #[wasm_bindgen(js_name = findOptOut)]
    pub fn find_opt_out(text: &str) -> JsResult {
        to_js(&outbound::find_opt_out(text))
    }

    /// `channel` "email": `text` may be a raw message; its subject and body are classified.
    #[wasm_bindgen(js_name = classifyMessage)]
    pub fn classify_message(text: &str, channel: Option<String>) -> JsResult {
        if channel.as_deref() == Some("email") {
            let Message::Email(m) = Message::email_from_raw(text).map_err(to_js_error)? else {
                unreachable!("email_from_raw makes an email")
            };
            return to_js(&outbound::classify_message(&format!(
                "{}\n{}",
                m.subject, m.text
            )));
        }
        to_js(&outbound::classify_message(text))
    }

    /// Headers as `{ name: value }` or `[[name, value], ...]`.
    fn get_headers(obj: &JsValue) -> Vec<(String, String)> {
        let h = get(obj, "headers");
        if js_sys::Array::is_array(&h) {
            return js_sys::Array::from(&h)
                .iter()
                .filter_map(|pair| {
                    let pair = js_sys::Array::from(&pair);
                    Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                })
                .collect();
        }
        if !h.is_object() {
            return Vec::new();
        }
        js_sys::Object::entries(&js_sys::Object::from(h))
            .iter()
            .filter_map(|e| {
                let e = js_sys::Array::from(&e);
                Some((e.get(0).as_string()?, e.get(1).as_string()?))
            })
            .collect()
    }

    /// `checkMessage(message, options)`: the SDK has checked the types; `message` is a string
    /// (SMS text or raw email) or `{ subject, text, html, headers }`.
    #[wasm_bindgen(js_name = checkMessage)]
    pub fn check_message(message: JsValue, options: JsValue) -> JsResult {
        let channel = get_string(&options, "channel");
        let opts = CheckOptions {
            jurisdiction: get_string(&options, "jurisdiction"),
            brand: get_string(&options, "brand"),
            first_message: get_bool(&options, "firstMessage"),
            category: get_string(&options, "category"),
            two_way: get(&options, "twoWay").as_bool().unwrap_or(true),
            bulk_sender: get(&options, "bulkSender").as_bool().unwrap_or(true),
            opt_out_url: get_string(&options, "optOutUrl"),
            contact: get_string(&options, "contact"),
            postal_address: get_string(&options, "postalAddress"),
        };
        let text = message.as_string();
        let msg = match (text, channel.as_deref()) {
            (Some(t), Some("email")) => Message::email_from_raw(&t).map_err(to_js_error)?,
            (Some(t), _) => return out(outbound::check_message(&Message::Sms(&t), &opts)),
            (None, _) => Message::email_from_parts(
                &get_string(&message, "subject").unwrap_or_default(),
                &get_string(&message, "text").unwrap_or_default(),
                &get_string(&message, "html").unwrap_or_default(),
                get_headers(&message),
            )
            .map_err(to_js_error)?,
        };
        out(outbound::check_message(&msg, &opts))
    }
}
