//! The byte format of serialized filters (specified in docs/FORMAT.md).
//!
//! Owns: the 128-byte header, body layout and trailer checksum; validation of every field
//! before anything is returned. Must not: return a partly read filter. Either all checks pass
//! and a complete filter comes back, or an error does and nothing was loaded.

use super::fuse::{Fuse8, Geometry};
use super::key::FilterKey;
use super::sbbf::{Sbbf, BLOCK_BYTES};
use super::xxh64::xxh64;
use super::{Kind, SuppressionFilter};
use crate::error::{Error, Result};

pub(crate) const MAGIC: [u8; 8] = [0x89, b'C', b'S', b'F', b'\r', b'\n', 0x1a, b'\n'];
pub(crate) const MAJOR: u16 = 1;
pub(crate) const MINOR: u16 = 0;
pub(crate) const HEADER: usize = 128;
pub(crate) const TRAILER: usize = 8;
const HASH_SIPHASH24: u8 = 1;
const CANON_V1: u8 = 1;
const FLAG_KEYED: u8 = 1;
/// Largest body accepted (4 GiB); also keeps offsets within u32 bit indices on wasm32.
const MAX_BODY: u64 = 1 << 32;

fn align64(n: usize) -> usize {
    (n + 63) & !63
}

struct Writer(Vec<u8>);

impl Writer {
    fn put(&mut self, at: usize, bytes: &[u8]) {
        self.0[at..at + bytes.len()].copy_from_slice(bytes);
    }
}

pub(crate) fn encode(f: &SuppressionFilter) -> crate::Result<Vec<u8>> {
    let bloom_bytes = f.bloom.words().len() * 4;
    let (fp_len, body_len) = match &f.fuse {
        Some(fuse) => {
            let fp = fuse.fingerprints.len();
            (fp, align64(fp) + bloom_bytes)
        }
        None => (0, bloom_bytes),
    };
    let mut w = Writer(super::try_filled(
        HEADER + body_len + TRAILER,
        "the filter's bytes",
    )?);
    w.put(0, &MAGIC);
    w.put(8, &MAJOR.to_le_bytes());
    w.put(10, &MINOR.to_le_bytes());
    w.put(
        12,
        &[
            f.kind as u8,
            HASH_SIPHASH24,
            CANON_V1,
            if f.key.is_secret() { FLAG_KEYED } else { 0 },
        ],
    );
    w.put(16, &f.key.fingerprint().to_le_bytes());
    w.put(24, &f.count().to_le_bytes());
    w.put(32, &f.created_at_ms.to_le_bytes());
    w.put(40, &f.capacity.to_le_bytes());
    w.put(48, &f.target_fpr.to_bits().to_le_bytes());
    w.put(56, &(f.bloom.n_blocks() as u64).to_le_bytes());
    if let Some(fuse) = &f.fuse {
        let g = fuse.geometry;
        w.put(64, &g.seed.to_le_bytes());
        w.put(72, &g.segment_length.to_le_bytes());
        w.put(76, &g.segment_count_length.to_le_bytes());
        w.put(80, &g.array_length.to_le_bytes());
        w.put(88, &f.fuse_count.to_le_bytes());
        w.put(96, &f.bloom_count.to_le_bytes());
    }
    w.put(104, &(body_len as u64).to_le_bytes());
    let mut at = HEADER;
    if let Some(fuse) = &f.fuse {
        w.put(at, &fuse.fingerprints);
        at += align64(fp_len);
    }
    for word in f.bloom.words() {
        w.put(at, &word.to_le_bytes());
        at += 4;
    }
    let end = HEADER + body_len;
    let sum = checksum(&w.0[..end]);
    w.put(end, &sum.to_le_bytes());
    Ok(w.0)
}

/// The format's checksum: XXH64 (seed 0) of every byte before the 8-byte trailer that holds it.
pub fn checksum(covered: &[u8]) -> u64 {
    xxh64(covered, 0)
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

/// Validate and decode. Checks, in order: length, magic, checksum (the last 8 bytes are the
/// XXH64 of everything before them in every format version), version, fields, key.
pub(crate) fn decode(b: &[u8], key: FilterKey) -> Result<SuppressionFilter> {
    if b.len() < HEADER + TRAILER {
        return Err(Error::corrupt(format!(
            "{} bytes is shorter than the {}-byte minimum; the data is truncated or not a filter",
            b.len(),
            HEADER + TRAILER
        )));
    }
    if b[..8] != MAGIC {
        return Err(Error::corrupt(
            "it does not start with the consentry filter signature",
        ));
    }
    let end = b.len() - TRAILER;
    if checksum(&b[..end]) != u64_at(b, end) {
        return Err(Error::corrupt(
            "checksum mismatch: the bytes were changed or truncated",
        ));
    }
    let major = u16_at(b, 8);
    if major != MAJOR {
        return Err(Error::FilterVersion {
            found: major,
            supported: MAJOR,
        });
    }
    let body_len = u64_at(b, 104);
    if body_len > MAX_BODY || HEADER as u64 + body_len + TRAILER as u64 != b.len() as u64 {
        return Err(Error::corrupt(
            "the recorded body length does not match the data length",
        ));
    }
    let body_len = body_len as usize;
    let (kind, hash, canon, flags) = (b[12], b[13], b[14], b[15]);
    let kind = match kind {
        1 => Kind::Bloom,
        2 => Kind::Snapshot,
        k => return Err(Error::corrupt(format!("unknown filter kind {k}"))),
    };
    if hash != HASH_SIPHASH24 || canon != CANON_V1 || flags & !FLAG_KEYED != 0 {
        return Err(Error::corrupt(
            "unknown hash, canonicalisation or flag values",
        ));
    }
    if b[84..88].iter().chain(&b[112..128]).any(|&x| x != 0) {
        return Err(Error::corrupt("reserved header bytes are not zero"));
    }
    let keyed = flags & FLAG_KEYED != 0;
    if keyed != key.is_secret() || u64_at(b, 16) != key.fingerprint() {
        return Err(Error::FilterKeyMismatch);
    }
    let count = u64_at(b, 24);
    let created_at_ms = u64_at(b, 32);
    let capacity = u64_at(b, 40);
    let target_fpr = f64::from_bits(u64_at(b, 48));
    if !(target_fpr > 0.0 && target_fpr < 1.0) || capacity == 0 {
        return Err(Error::corrupt(
            "capacity or target false-positive rate out of range",
        ));
    }
    let n_blocks = u64_at(b, 56);
    if n_blocks == 0 || n_blocks > MAX_BODY / BLOCK_BYTES as u64 {
        return Err(Error::corrupt("block count out of range"));
    }
    let bloom_bytes = n_blocks as usize * BLOCK_BYTES;
    let mut at = HEADER;
    let (fuse, fuse_count, bloom_count) = match kind {
        Kind::Bloom => {
            if b[64..104].iter().any(|&x| x != 0) {
                return Err(Error::corrupt("snapshot fields are set in a Bloom filter"));
            }
            if body_len != bloom_bytes {
                return Err(Error::corrupt("body length does not match the block count"));
            }
            (None, 0, count)
        }
        Kind::Snapshot => {
            let geometry = Geometry {
                seed: u64_at(b, 64),
                segment_length: u32_at(b, 72),
                segment_count_length: u32_at(b, 76),
                array_length: u32_at(b, 80),
            };
            let (fuse_count, bloom_count) = (u64_at(b, 88), u64_at(b, 96));
            if !geometry.is_consistent() || fuse_count.checked_add(bloom_count) != Some(count) {
                return Err(Error::corrupt(
                    "inconsistent snapshot geometry or key counts",
                ));
            }
            if (geometry.array_length == 0) != (fuse_count == 0) {
                return Err(Error::corrupt(
                    "snapshot key count does not match its fingerprints",
                ));
            }
            let fp_len = geometry.array_length as usize;
            if body_len != align64(fp_len) + bloom_bytes {
                return Err(Error::corrupt(
                    "body length does not match the snapshot geometry",
                ));
            }
            if b[HEADER + fp_len..HEADER + align64(fp_len)]
                .iter()
                .any(|&x| x != 0)
            {
                return Err(Error::corrupt("padding bytes are not zero"));
            }
            let fingerprints = b[HEADER..HEADER + fp_len].to_vec();
            at += align64(fp_len);
            (
                Some(Fuse8 {
                    geometry,
                    fingerprints,
                }),
                fuse_count,
                bloom_count,
            )
        }
    };
    let words: Vec<u32> = b[at..at + bloom_bytes]
        .chunks_exact(4)
        .map(|c| u32_at(c, 0))
        .collect();
    Ok(SuppressionFilter {
        key,
        kind,
        bloom: Sbbf::from_words(words),
        fuse,
        capacity,
        target_fpr,
        bloom_count,
        fuse_count,
        created_at_ms,
        retained: None,
    })
}
