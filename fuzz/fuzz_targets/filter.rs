//! Filter bytes from anywhere: a corrupt filter must be refused, never half-read, and a
//! filter that loads must answer, serialise to the same bytes and merge without panicking.
#![no_main]

use consentry::filter::{checksum, FilterKey, SuppressionFilter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Inputs ending in an odd byte get a correct checksum in their last 8 bytes, so that the
    // fuzzer also reaches the header and body checks the checksum stands in front of.
    let mut data = data.to_vec();
    if data.len() >= 136 && data[data.len() - 1] & 1 == 1 {
        let end = data.len() - 8;
        let sum = checksum(&data[..end]).to_le_bytes();
        data[end..].copy_from_slice(&sum);
    }
    let Ok(f) = SuppressionFilter::from_bytes(&data, FilterKey::public()) else {
        return;
    };
    let _ = f.has("+14155552671", None);
    let _ = f.has("someone@example.com", None);
    let _ = f.has_hash(0x1234_5678_9abc_def0);
    let _ = (f.count(), f.false_positive_rate(), f.size_bytes());
    let bytes = f.to_bytes().unwrap();
    let g = SuppressionFilter::from_bytes(&bytes, FilterKey::public()).expect("re-read own bytes");
    assert_eq!(g.to_bytes().unwrap(), bytes, "bytes round-trip");
    let mut h = g.clone();
    let _ = h.merge(&f);
    let _ = h.add("+14155552671", None);
    assert!(
        h.has("+14155552671", None).unwrap_or(true),
        "no false negative after add"
    );
});
