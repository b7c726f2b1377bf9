//! Outbound messages: what a message is (marketing, transactional, conversational, fraud),
//! whether it carries an opt-out and a sender, what it costs as SMS, and what a jurisdiction
//! requires of it.
//!
//! Owns: [`sms_segments`], [`find_opt_out`], [`classify_message`] and [`check_message`].
//! Must not: send anything or keep state; every function is a pure reading of its input.

mod check;
#[doc(hidden)]
pub mod classify;
mod contact;
pub mod mail;
mod optout;
mod segments;

pub use check::{
    check_message, Channel, Check, CheckOptions, EmailFacts, Fix, Header, Message, MAX_SMS_CHARS,
};
pub use classify::{classify_message, Classification};
pub use contact::{find_contact, find_sender, Contact, Sender};
pub use optout::{find_opt_out, OptOut};
pub use segments::{sms_segments, Segments};
