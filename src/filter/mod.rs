//! Suppression filters: compact sets of opted-out contacts that never give a false negative.
//!
//! Owns: the two filter kinds and their operations. A `bloom` filter (split-block Bloom,
//! [`sbbf`]) takes adds and merges; `freeze` turns its keys into a `snapshot`, a binary fuse
//! filter ([`fuse`], ~9 bits per key) plus a small Bloom delta for keys added later. Bytes
//! are read and written by [`format`]; contacts become keys in [`key`].
//! Must not: delete. The opt-out ledger is the source of truth and filters are rebuilt from
//! it; a stale positive (someone who opted back in) is the safe failure, resolved by a rebuild.

mod format;
mod fuse;
mod key;
mod sbbf;
mod siphash;
mod xxh64;

pub use format::checksum;
pub use key::{contact_key, FilterKey, MAX_CONTACT, PUBLIC_KEY};

use crate::email;
use crate::error::{Error, Result};

/// Split an already-canonical key into scheme and body after checking its shape.
#[inline]
fn canonical_parts(contact: &str) -> Result<(&'static [u8], &[u8])> {
    canonical_split(contact.as_bytes()).ok_or_else(|| {
        let why = if contact.starts_with('+') || contact.starts_with("tel:") {
            "not a canonical E.164 number (+ and 2 to 17 digits)"
        } else {
            "not a canonical email address (lower case, with @)"
        };
        Error::ContactInvalid {
            detail: format!("{why}; without {{ canonical: true }} the contact is normalised first"),
        }
    })
}

/// The scheme and body of a well-shaped canonical key, or `None`. Bytes, not `&str`: the wasm
/// fast lane hands over ASCII it has already checked.
#[inline]
fn canonical_split(c: &[u8]) -> Option<(&'static [u8], &[u8])> {
    // Dispatch on the first byte: this runs once per check on the hot path.
    let (scheme, body): (&'static [u8], &[u8]) = match c.first() {
        Some(b'+') => (b"tel:", c),
        Some(b't') if c.starts_with(b"tel:") => (b"tel:", &c[4..]),
        Some(b'm') if c.starts_with(b"mailto:") => (b"mailto:", &c[7..]),
        _ => (b"mailto:", c),
    };
    let ok = if scheme.len() == 4 {
        body.len() >= 3
            && body.len() <= 18
            && body[0] == b'+'
            && body[1] != b'0'
            && body[1..].iter().all(u8::is_ascii_digit)
    } else {
        let at = body.iter().position(|&c| c == b'@');
        body.len() <= email::MAX_ADDRESS
            && at.is_some_and(|i| i > 0 && i + 1 < body.len())
            && body
                .iter()
                .all(|&c| (c.is_ascii_graphic() && !c.is_ascii_uppercase()) || !c.is_ascii())
    };
    ok.then_some((scheme, body))
}

/// Which structure a filter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// Updatable split-block Bloom filter.
    Bloom = 1,
    /// Static binary fuse filter plus a Bloom delta.
    Snapshot = 2,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Bloom => "bloom",
            Kind::Snapshot => "snapshot",
        }
    }
}

/// Largest capacity accepted (keeps a Bloom filter under 4 GiB).
pub const MAX_CAPACITY: u64 = 2_000_000_000;

/// `n` default values, or `OUT_OF_MEMORY`. Buffers sized from arguments are reserved
/// fallibly: in wasm a failed allocation aborts the whole instance instead of returning.
pub(crate) fn try_filled<T: Clone + Default>(n: usize, what: &'static str) -> Result<Vec<T>> {
    let mut v = try_with_capacity(n, what)?;
    v.resize(n, T::default());
    Ok(v)
}

/// An empty vector with room for `n` values, or `OUT_OF_MEMORY` (see [`try_filled`]).
pub(crate) fn try_with_capacity<T>(n: usize, what: &'static str) -> Result<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| Error::OutOfMemory {
        what,
        bytes: (n as u64).saturating_mul(std::mem::size_of::<T>() as u64),
    })?;
    Ok(v)
}

/// A suppression filter. See the module docs.
#[derive(Clone)]
pub struct SuppressionFilter {
    key: FilterKey,
    kind: Kind,
    /// The Bloom filter (kind `bloom`) or the delta of a snapshot.
    bloom: sbbf::Sbbf,
    fuse: Option<fuse::Fuse8>,
    /// Capacity the Bloom part was sized for, and its target false-positive rate.
    capacity: u64,
    target_fpr: f64,
    /// Keys in the Bloom part (adds that set a new bit) and in the fuse part.
    bloom_count: u64,
    fuse_count: u64,
    created_at_ms: u64,
    /// Key hashes kept so that `freeze` can build a snapshot; `None` once unavailable
    /// (loaded from bytes, or created with `retain_keys = false`).
    retained: Option<Vec<u64>>,
}

impl std::fmt::Debug for SuppressionFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SuppressionFilter")
            .field("kind", &self.kind)
            .field("count", &self.count())
            .field("size_bytes", &self.size_bytes())
            .field("key", &self.key)
            .finish()
    }
}

/// Options for [`SuppressionFilter::create`].
#[derive(Debug, Clone, Copy)]
pub struct CreateOptions {
    /// Keys the filter is sized for; beyond it the false-positive rate rises (never false negatives).
    pub capacity: u64,
    /// Target false-positive rate at `capacity`, in (0, 0.5].
    pub false_positive_rate: f64,
    pub key: FilterKey,
    /// Keep key hashes (8 bytes each, in memory only) so that `freeze` works.
    pub retain_keys: bool,
    /// Creation time stamped into the bytes (Unix milliseconds).
    pub created_at_ms: u64,
}

impl SuppressionFilter {
    /// A new, empty Bloom filter.
    pub fn create(opts: CreateOptions) -> Result<Self> {
        if opts.capacity == 0 || opts.capacity > MAX_CAPACITY {
            return Err(Error::invalid(
                "capacity",
                format!(
                    "must be between 1 and {MAX_CAPACITY}, got {}",
                    opts.capacity
                ),
            ));
        }
        let fpr = opts.false_positive_rate;
        if !(fpr > 0.0 && fpr <= 0.5) {
            return Err(Error::invalid(
                "falsePositiveRate",
                "must be a number in (0, 0.5]",
            ));
        }
        Ok(SuppressionFilter {
            key: opts.key,
            kind: Kind::Bloom,
            bloom: sbbf::Sbbf::try_with_blocks(sbbf::blocks_for(opts.capacity, fpr))?,
            fuse: None,
            capacity: opts.capacity,
            target_fpr: fpr,
            bloom_count: 0,
            fuse_count: 0,
            created_at_ms: opts.created_at_ms,
            retained: opts.retain_keys.then(Vec::new),
        })
    }

    /// Validate and load serialized bytes. Nothing is returned unless every check passes.
    pub fn from_bytes(bytes: &[u8], key: FilterKey) -> Result<Self> {
        format::decode(bytes, key)
    }

    /// The filter in its byte format (`docs/FORMAT.md`); `OUT_OF_MEMORY` when the copy does
    /// not fit.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        format::encode(self)
    }

    /// Hash of a canonical key (see [`contact_key`]) under this filter's key.
    #[inline]
    pub fn hash(&self, canonical: &str) -> u64 {
        self.key.hash(canonical)
    }

    /// Add a contact. Returns true when it was not in the filter before.
    pub fn add(&mut self, contact: &str, default_region: Option<&str>) -> Result<bool> {
        let key = contact_key(contact, default_region)?;
        Ok(self.add_hash(self.hash(&key)))
    }

    /// Add a key hash. Returns true when it was not in the filter before.
    pub fn add_hash(&mut self, h: u64) -> bool {
        if self.kind == Kind::Snapshot && self.fuse.as_ref().is_some_and(|f| f.contains(h)) {
            return false;
        }
        // Retain every hash, not only those that set a new bit: a key whose bits happened to be
        // set already (a Bloom false positive) must still reach the snapshot.
        if let Some(r) = &mut self.retained {
            r.push(h);
        }
        let new = self.bloom.insert(h);
        if new {
            self.bloom_count = self.bloom_count.saturating_add(1);
        }
        new
    }

    /// Whether a contact is (probably) in the filter. Never false for a contact that was added.
    pub fn has(&self, contact: &str, default_region: Option<&str>) -> Result<bool> {
        let key = contact_key(contact, default_region)?;
        Ok(self.has_hash(self.hash(&key)))
    }

    /// Membership of a contact that is already canonical: exactly what [`contact_key`]
    /// returns (`tel:+14155552671`, `mailto:ann@example.com`), or the bare E.164 / canonical
    /// address (`+14155552671`, `ann@example.com`) that `normalize_phone` / `normalize_email`
    /// return. No parsing: a few tens of nanoseconds. The shape is checked; canonicality of
    /// a well-shaped phone number is the caller's promise (a non-canonical E.164 such as
    /// `+4407400123456` would be looked up as written). When unsure, use [`Self::has`].
    pub fn has_canonical(&self, contact: &str) -> Result<bool> {
        let (scheme, body) = canonical_parts(contact)?;
        Ok(self.has_hash(self.key.hash_parts(scheme, body)))
    }

    /// Hash of a canonical key given as ASCII bytes (see [`Self::has_canonical`]), or `None`
    /// when it is not well shaped. For batch lanes that hash first and probe after.
    #[inline]
    pub fn canonical_hash(&self, contact: &[u8]) -> Option<u64> {
        canonical_split(contact).map(|(scheme, body)| self.key.hash_parts(scheme, body))
    }

    #[inline]
    pub fn has_hash(&self, h: u64) -> bool {
        self.bloom.contains(h) || self.fuse.as_ref().is_some_and(|f| f.contains(h))
    }

    /// OR another Bloom filter into this one. Both must be Bloom filters with the same
    /// geometry and key; anything else is [`Error::FilterIncompatible`].
    pub fn merge(&mut self, other: &SuppressionFilter) -> Result<()> {
        if self.kind != Kind::Bloom || other.kind != Kind::Bloom {
            return Err(Error::FilterKind {
                detail: "only Bloom filters can be merged; merge before freeze(), or rebuild the snapshot from the ledger".into(),
            });
        }
        if self.key.fingerprint() != other.key.fingerprint()
            || self.key.is_secret() != other.key.is_secret()
        {
            return Err(Error::FilterIncompatible {
                detail: "built with different keys".into(),
            });
        }
        if self.bloom.n_blocks() != other.bloom.n_blocks() {
            return Err(Error::FilterIncompatible {
                detail: format!(
                    "{} blocks versus {} blocks",
                    self.bloom.n_blocks(),
                    other.bloom.n_blocks()
                ),
            });
        }
        self.bloom.union_with(&other.bloom);
        // The union's size is not known exactly; estimate it from the bits, never below either side.
        let est = self.bloom.estimated_keys().round();
        let floor = self.bloom_count.max(other.bloom_count);
        let ceil = self.bloom_count.saturating_add(other.bloom_count);
        self.bloom_count = if est.is_finite() {
            (est as u64).clamp(floor, ceil)
        } else {
            ceil
        };
        self.retained = match (self.retained.take(), &other.retained) {
            (Some(mut a), Some(b)) => {
                a.extend_from_slice(b);
                a.sort_unstable();
                a.dedup();
                Some(a)
            }
            _ => None,
        };
        Ok(())
    }

    /// Build a static snapshot (binary fuse filter) of the keys added so far, with an empty
    /// Bloom delta for later adds sized for `delta_capacity` keys at the same target rate.
    pub fn freeze(&self, delta_capacity: u64, created_at_ms: u64) -> Result<SuppressionFilter> {
        let mut hashes = match (&self.kind, &self.retained) {
            (Kind::Bloom, Some(r)) => {
                let mut h = try_with_capacity(r.len(), "a snapshot's key list")?;
                h.extend_from_slice(r);
                h
            }
            (Kind::Bloom, None) => {
                return Err(Error::FilterKind {
                    detail: "this filter does not carry its keys (it was loaded from bytes or created without them); \
                             build a new one from the opt-out ledger and freeze that"
                        .into(),
                })
            }
            (Kind::Snapshot, _) => {
                return Err(Error::FilterKind { detail: "this filter is already a snapshot".into() });
            }
        };
        hashes.sort_unstable();
        hashes.dedup();
        let fuse = fuse::Fuse8::build(&hashes)?;
        let delta_capacity = delta_capacity.clamp(1, MAX_CAPACITY);
        Ok(SuppressionFilter {
            key: self.key,
            kind: Kind::Snapshot,
            // The delta never answers worse than the snapshot it extends (1/256).
            bloom: sbbf::Sbbf::try_with_blocks(sbbf::blocks_for(
                delta_capacity,
                self.target_fpr.min(1.0 / 256.0),
            ))?,
            fuse: Some(fuse),
            capacity: delta_capacity,
            target_fpr: self.target_fpr,
            bloom_count: 0,
            fuse_count: hashes.len() as u64,
            created_at_ms,
            retained: None,
        })
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Keys in the filter (Bloom adds that were new, plus the snapshot's keys).
    pub fn count(&self) -> u64 {
        self.bloom_count.saturating_add(self.fuse_count)
    }

    /// Size of the serialized form in bytes.
    pub fn size_bytes(&self) -> usize {
        let fp = self
            .fuse
            .as_ref()
            .map_or(0, |f| (f.fingerprints.len() + 63) & !63);
        format::HEADER + fp + self.bloom.words().len() * 4 + format::TRAILER
    }

    /// Expected false-positive rate at the current count.
    pub fn false_positive_rate(&self) -> f64 {
        let bloom = sbbf::expected_fpr(self.bloom_count, self.bloom.n_blocks());
        let fuse = if self.fuse_count > 0 {
            1.0 / 256.0
        } else {
            0.0
        };
        1.0 - (1.0 - bloom) * (1.0 - fuse)
    }

    /// Target false-positive rate the Bloom part was sized for.
    pub fn target_false_positive_rate(&self) -> f64 {
        self.target_fpr
    }

    pub fn capacity(&self) -> u64 {
        self.capacity
    }

    pub fn created_at_ms(&self) -> u64 {
        self.created_at_ms
    }

    pub fn is_keyed(&self) -> bool {
        self.key.is_secret()
    }

    pub fn key_fingerprint(&self) -> u64 {
        self.key.fingerprint()
    }
}

/// A summary of a filter, as `consentry filter info` and `SuppressionFilter#info()` show it.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterInfo {
    pub kind: &'static str,
    pub count: u64,
    pub size_bytes: usize,
    pub bits_per_key: f64,
    pub capacity: u64,
    pub target_false_positive_rate: f64,
    pub false_positive_rate: f64,
    pub keyed: bool,
    pub key_fingerprint: String,
    pub created_at_ms: u64,
    pub format_version: String,
}

impl FilterInfo {
    pub fn of(f: &SuppressionFilter) -> Self {
        FilterInfo {
            kind: f.kind().as_str(),
            count: f.count(),
            size_bytes: f.size_bytes(),
            bits_per_key: if f.count() == 0 {
                0.0
            } else {
                f.size_bytes() as f64 * 8.0 / f.count() as f64
            },
            capacity: f.capacity(),
            target_false_positive_rate: f.target_false_positive_rate(),
            false_positive_rate: f.false_positive_rate(),
            keyed: f.is_keyed(),
            key_fingerprint: format!("{:016x}", f.key_fingerprint()),
            created_at_ms: f.created_at_ms(),
            format_version: format!("{}.{}", format::MAJOR, format::MINOR),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_filter(capacity: u64, fpr: f64) -> SuppressionFilter {
        SuppressionFilter::create(CreateOptions {
            capacity,
            false_positive_rate: fpr,
            key: FilterKey::public(),
            retain_keys: true,
            created_at_ms: 1_700_000_000_000,
        })
        .unwrap()
    }

    #[test]
    fn add_has_freeze_roundtrip() {
        let mut f = new_filter(1000, 0.01);
        assert!(f.add("+1 415 555 2671", None).unwrap());
        assert!(
            !f.add("(415) 555-2671", Some("US")).unwrap(),
            "same contact, other spelling"
        );
        assert!(f.add("Ann@Example.com", None).unwrap());
        assert_eq!(f.count(), 2);
        assert!(f.has("tel:+14155552671", None).unwrap());
        assert!(f.has("ann@example.COM", None).unwrap());
        let back =
            SuppressionFilter::from_bytes(&f.to_bytes().unwrap(), FilterKey::public()).unwrap();
        assert_eq!(back.to_bytes().unwrap(), f.to_bytes().unwrap());
        let mut snap = f.freeze(100, 1_700_000_000_001).unwrap();
        assert_eq!(snap.kind(), Kind::Snapshot);
        assert!(snap.has("+14155552671", None).unwrap());
        assert!(snap.add("+447400123456", None).unwrap());
        assert!(
            !snap.add("+14155552671", None).unwrap(),
            "already in the snapshot"
        );
        assert_eq!(snap.count(), 3);
        let back =
            SuppressionFilter::from_bytes(&snap.to_bytes().unwrap(), FilterKey::public()).unwrap();
        assert!(back.has("+447400123456", None).unwrap());
        assert_eq!(back.to_bytes().unwrap(), snap.to_bytes().unwrap());
        assert_eq!(back.freeze(1, 0).unwrap_err().code(), "FILTER_KIND");
    }

    #[test]
    fn canonical_fast_path_agrees_with_normalisation() {
        let mut f = new_filter(100, 0.01);
        f.add("+1 (415) 555-2671", None).unwrap();
        f.add("Ann@Example.com", None).unwrap();
        for c in [
            "+14155552671",
            "tel:+14155552671",
            "ann@example.com",
            "mailto:ann@example.com",
        ] {
            assert!(f.has_canonical(c).unwrap(), "{c}");
        }
        assert!(!f.has_canonical("+14155552672").unwrap());
        for bad in [
            "+1 415 555 2671",
            "Ann@example.com",
            "4155552671",
            "tel:+",
            "+0123",
            "",
            "mailto:@x",
        ] {
            assert_eq!(
                f.has_canonical(bad).unwrap_err().code(),
                "CONTACT_INVALID",
                "{bad}"
            );
        }
    }

    #[test]
    fn wrong_key_and_bad_options_are_refused() {
        let secret = FilterKey::from_hex("00112233445566778899aabbccddeeff").unwrap();
        let mut f = SuppressionFilter::create(CreateOptions {
            capacity: 10,
            false_positive_rate: 0.01,
            key: secret,
            retain_keys: false,
            created_at_ms: 0,
        })
        .unwrap();
        f.add("+14155552671", None).unwrap();
        let bytes = f.to_bytes().unwrap();
        assert_eq!(
            SuppressionFilter::from_bytes(&bytes, FilterKey::public())
                .unwrap_err()
                .code(),
            "FILTER_KEY_MISMATCH"
        );
        let other = FilterKey::from_hex("ffffffffffffffffffffffffffffffff").unwrap();
        assert_eq!(
            SuppressionFilter::from_bytes(&bytes, other)
                .unwrap_err()
                .code(),
            "FILTER_KEY_MISMATCH"
        );
        assert!(SuppressionFilter::from_bytes(&bytes, secret)
            .unwrap()
            .has("+14155552671", None)
            .unwrap());
        for (cap, fpr) in [(0, 0.01), (10, 0.0), (10, 0.9), (10, f64::NAN)] {
            let r = SuppressionFilter::create(CreateOptions {
                capacity: cap,
                false_positive_rate: fpr,
                key: secret,
                retain_keys: false,
                created_at_ms: 0,
            });
            assert_eq!(r.unwrap_err().code(), "INVALID_ARGUMENT");
        }
    }

    #[test]
    fn a_buffer_that_cannot_exist_is_out_of_memory_not_an_abort() {
        let e = try_filled::<u64>(usize::MAX / 4, "a test buffer").unwrap_err();
        assert_eq!(e.code(), "OUT_OF_MEMORY");
        assert!(e.to_string().starts_with("a test buffer needs "), "{e}");
        assert_eq!(try_filled::<u8>(3, "x").unwrap(), [0, 0, 0]);
    }

    #[test]
    fn merge_rules() {
        let mut a = new_filter(1000, 0.01);
        let mut b = new_filter(1000, 0.01);
        a.add("+14155552671", None).unwrap();
        b.add("+447400123456", None).unwrap();
        a.merge(&b).unwrap();
        assert!(a.has("+447400123456", None).unwrap());
        let c = new_filter(5000, 0.01);
        assert_eq!(a.merge(&c).unwrap_err().code(), "FILTER_INCOMPATIBLE");
        let snap = a.freeze(10, 0).unwrap();
        assert_eq!(a.clone().merge(&snap).unwrap_err().code(), "FILTER_KIND");
    }
}
