//! consentry: keep SMS and email marketing compliant with opt-in and opt-out rules.
//!
//! The crate is plain Rust. Each module owns one capability; `wasm` (compiled only for
//! `wasm32`) is the thin layer that exposes them to JavaScript. See `ARCHITECTURE.md`.
//!
//! | task | module |
//! | --- | --- |
//! | phone numbers to E.164, type, region | [`phone`] |
//! | email syntax and canonical form | [`email`] |
//! | suppression filters (Bloom, snapshot, bytes) | [`filter`] |
//! | inbound replies: opt-out / opt-in / help intent | [`inbound`] |
//! | outbound messages: category, opt-out footer, segments, rules | [`outbound`] |
//! | sign-up forms: consent validation, disclosure lint, consent record | [`consent`] |
//! | the rule table shared by the checks | [`rules`] |

#![warn(missing_debug_implementations, rust_2018_idioms, unreachable_pub)]

pub mod consent;
pub mod email;
mod error;
pub mod filter;
pub mod inbound;
pub mod outbound;
pub mod phone;
mod phrases;
pub mod rules;
pub mod sha256;
pub mod signals;
pub mod text;
pub mod unicode;

/// The JS boundary; public only so `tests/wasm.rs` can exercise it. Not a Rust API.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

pub use error::{Error, Result};

/// Package version, as in `Cargo.toml` and the npm package.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
