//! Contact identity: the canonical key of a phone number or email address, and the 128-bit
//! hashing key of a filter.
//!
//! Owns: the one code path that turns a contact into bytes to hash (`tel:+E.164` or
//! `mailto:` + canonical address). Builders and checkers, native and wasm, all call
//! [`contact_key`], so a contact written two ways always gives the same key.
//! Must not: silently skip input. Anything that is neither a possible phone number nor a
//! valid email address is [`Error::ContactInvalid`].

use super::siphash::siphash24;
use crate::error::{Error, Result};
use crate::{email, phone};

/// Longest contact accepted (longer input is refused before any parsing).
pub const MAX_CONTACT: usize = 512;

/// The canonical key of a contact: `tel:+14155552671` or `mailto:ann@example.com`.
///
/// Phones go through libphonenumber (national formats need `default_region`) and must have a
/// possible length; validity is not required, so a number the metadata does not know yet can
/// still be suppressed. Emails must be syntactically valid and are canonicalised by
/// [`email::normalize_email`]. A `tel:` or `mailto:` prefix on the input is accepted.
///
/// ```
/// use consentry::filter::contact_key;
/// assert_eq!(contact_key("(415) 555-2671", Some("US"))?, "tel:+14155552671");
/// assert_eq!(contact_key("mailto:Ann@Example.COM", None)?, "mailto:ann@example.com");
/// # Ok::<(), consentry::Error>(())
/// ```
pub fn contact_key(contact: &str, default_region: Option<&str>) -> Result<String> {
    if contact.len() > MAX_CONTACT {
        return Err(Error::ContactInvalid {
            detail: format!(
                "{} bytes long; a contact has at most {MAX_CONTACT}",
                contact.len()
            ),
        });
    }
    let trimmed = contact.trim();
    if trimmed.is_empty() {
        return Err(Error::ContactInvalid {
            detail: "empty".into(),
        });
    }
    let mailto = trimmed
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("mailto:"))
        .map(|_| &trimmed[7..]);
    if let Some(addr) = mailto.or_else(|| trimmed.contains('@').then_some(trimmed)) {
        let e = email::normalize_email(addr)?;
        if !e.valid {
            let reason = e.reason.unwrap_or_default();
            return Err(Error::ContactInvalid {
                detail: format!("not a valid email address: {reason}"),
            });
        }
        return Ok(format!("mailto:{}", e.address));
    }
    match phone::e164(trimmed, default_region) {
        Ok(Some(e164)) => Ok(format!("tel:{e164}")),
        Ok(None) => Err(Error::ContactInvalid {
            detail: format!(
                "{:?} does not have a possible length for a phone number of its region",
                preview(trimmed)
            ),
        }),
        Err(Error::PhoneUnparseable { reason }) => Err(Error::ContactInvalid {
            detail: format!("not a phone number: {reason}"),
        }),
        Err(e) => Err(e),
    }
}

fn preview(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Public default hashing key (the ASCII bytes of "consentry public"), used when no secret
/// key is given. Anyone can test membership of such a filter; see docs/FORMAT.md, Privacy.
pub const PUBLIC_KEY: [u8; 16] = *b"consentry public";

const FINGERPRINT_LABEL: &[u8] = b"consentry filter key fingerprint v1";

/// A filter's 128-bit SipHash key. The key itself is never serialized, only its fingerprint.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct FilterKey {
    k0: u64,
    k1: u64,
    keyed: bool,
}

impl std::fmt::Debug for FilterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret.
        write!(
            f,
            "FilterKey {{ keyed: {}, fingerprint: {:016x} }}",
            self.keyed,
            self.fingerprint()
        )
    }
}

impl FilterKey {
    /// The public default key.
    pub fn public() -> Self {
        Self::from_bytes(PUBLIC_KEY, false)
    }

    /// A secret key.
    pub fn secret(bytes: [u8; 16]) -> Self {
        Self::from_bytes(bytes, true)
    }

    /// A key from 32 hexadecimal characters.
    pub fn from_hex(hex: &str) -> Result<Self> {
        let hex = hex.trim();
        let bad = || {
            Error::invalid(
                "key",
                "expected 16 bytes as exactly 32 hexadecimal characters",
            )
        };
        if hex.len() != 32 || !hex.is_ascii() {
            return Err(bad());
        }
        let mut bytes = [0u8; 16];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(Self::secret(bytes))
    }

    fn from_bytes(bytes: [u8; 16], keyed: bool) -> Self {
        let mut lo = [0u8; 8];
        let mut hi = [0u8; 8];
        lo.copy_from_slice(&bytes[..8]);
        hi.copy_from_slice(&bytes[8..]);
        FilterKey {
            k0: u64::from_le_bytes(lo),
            k1: u64::from_le_bytes(hi),
            keyed,
        }
    }

    pub fn is_secret(&self) -> bool {
        self.keyed
    }

    /// Identifies the key without revealing it: SipHash-2-4 of a fixed label under the key.
    pub fn fingerprint(&self) -> u64 {
        siphash24(self.k0, self.k1, FINGERPRINT_LABEL)
    }

    /// The 64-bit hash of a canonical key.
    #[inline]
    pub fn hash(&self, canonical: &str) -> u64 {
        self.hash_bytes(canonical.as_bytes())
    }

    #[inline]
    pub(crate) fn hash_bytes(&self, canonical: &[u8]) -> u64 {
        siphash24(self.k0, self.k1, canonical)
    }

    /// Hash of `scheme` followed by `body` (same value as hashing them concatenated).
    #[inline]
    pub(crate) fn hash_parts(&self, scheme: &[u8], body: &[u8]) -> u64 {
        // Short keys (every phone key) are copied into one stack buffer: contiguous input
        // takes SipHash's fast path.
        let n = scheme.len() + body.len();
        if n <= 32 {
            let mut buf = [0u8; 32];
            buf[..scheme.len()].copy_from_slice(scheme);
            buf[scheme.len()..n].copy_from_slice(body);
            return siphash24(self.k0, self.k1, &buf[..n]);
        }
        super::siphash::siphash24_parts(self.k0, self.k1, &[scheme, body])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_written_many_ways_share_a_key() {
        for (input, region) in [
            ("+1 (415) 555-2671", None),
            ("415.555.2671", Some("US")),
            ("tel:+1-415-555-2671", None),
            ("011 1 415 555 2671", Some("US")),
            ("  +14155552671\n", None),
        ] {
            assert_eq!(
                contact_key(input, region).unwrap(),
                "tel:+14155552671",
                "{input}"
            );
        }
    }

    #[test]
    fn emails_and_errors() {
        assert_eq!(
            contact_key(" MAILTO:Bob@Example.com", None).unwrap(),
            "mailto:bob@example.com"
        );
        for bad in ["", "   ", "hello", "bob@", "12", "a@b", &"9".repeat(600)] {
            assert_eq!(
                contact_key(bad, Some("US")).unwrap_err().code(),
                "CONTACT_INVALID",
                "{bad}"
            );
        }
        assert_eq!(
            contact_key("4155552671", Some("XX")).unwrap_err().code(),
            "REGION_UNKNOWN"
        );
        assert_eq!(
            contact_key("4155552671", None).unwrap_err().code(),
            "CONTACT_INVALID"
        );
    }

    #[test]
    fn keys_and_fingerprints() {
        let k = FilterKey::from_hex("000102030405060708090a0b0c0d0e0f").unwrap();
        assert!(k.is_secret());
        assert_ne!(k.fingerprint(), FilterKey::public().fingerprint());
        assert_eq!(
            FilterKey::from_hex("zz").unwrap_err().code(),
            "INVALID_ARGUMENT"
        );
        assert!(!format!("{k:?}").contains("0001020304"));
    }
}
