//! Suppression filter properties, natively: no false negatives across spellings, measured
//! false-positive rates, byte round-trips, merge algebra, and refusal of every corruption.

use consentry::filter::{contact_key, CreateOptions, FilterKey, Kind, SuppressionFilter};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + (self.next() % 10) as u8))
            .collect()
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

/// A random contact in one spelling and the same contact in another spelling.
fn random_contact(r: &mut Rng) -> (String, String, Option<&'static str>) {
    match r.next() % 6 {
        0 | 1 => {
            let (a, b, c) = (2 + r.next() % 8, r.digits(2), 2 + r.next() % 8);
            let (d, e) = (r.digits(2), r.digits(4));
            (
                format!("+1{a}{b}{c}{d}{e}"),
                format!("({a}{b}) {c}{d}-{e}"),
                Some("US"),
            )
        }
        2 => {
            let rest = r.digits(9);
            (
                format!("+447{rest}"),
                format!("07{} {}", &rest[..3], &rest[3..]),
                Some("GB"),
            )
        }
        3 => {
            let rest = r.digits(8);
            (
                format!("+336{rest}"),
                format!(
                    "06 {} {} {} {}",
                    &rest[..2],
                    &rest[2..4],
                    &rest[4..6],
                    &rest[6..]
                ),
                Some("FR"),
            )
        }
        _ => {
            let local = format!(
                "{}.{}",
                r.pick(&["ann", "Bob", "carla", "DEV", "x"]),
                r.digits(6)
            );
            let domain = r.pick(&[
                "example.com",
                "Mail.Example.ORG",
                "bücher.example",
                "gmail.com",
            ]);
            let upper = local.to_uppercase();
            (
                format!("{local}@{domain}"),
                format!("  {upper}@{}  ", domain.to_uppercase()),
                None,
            )
        }
    }
}

fn filter(capacity: u64, fpr: f64, key: FilterKey) -> SuppressionFilter {
    SuppressionFilter::create(CreateOptions {
        capacity,
        false_positive_rate: fpr,
        key,
        retain_keys: true,
        created_at_ms: 1_750_000_000_000,
    })
    .unwrap()
}

#[test]
fn no_false_negatives_over_a_million_contacts_in_two_spellings() {
    let n = 1_000_000;
    let mut r = Rng(7);
    let contacts: Vec<_> = (0..n).map(|_| random_contact(&mut r)).collect();
    let mut f = filter(
        n as u64,
        0.01,
        FilterKey::from_hex("0f0e0d0c0b0a09080706050403020100").unwrap(),
    );
    let mut keys = std::collections::HashSet::new();
    for (a, _, region) in &contacts {
        f.add(a, *region).unwrap();
        keys.insert(contact_key(a, *region).unwrap());
    }
    for (a, b, region) in &contacts {
        assert_eq!(
            contact_key(b, *region).unwrap(),
            contact_key(a, *region).unwrap(),
            "{a} vs {b}"
        );
        assert!(f.has(b, *region).unwrap(), "false negative for {b}");
    }
    let snap = f.freeze(1000, 0).unwrap();
    let back = SuppressionFilter::from_bytes(
        &snap.to_bytes().unwrap(),
        FilterKey::from_hex("0f0e0d0c0b0a09080706050403020100").unwrap(),
    )
    .unwrap();
    for (_, b, region) in &contacts {
        assert!(
            back.has(b, *region).unwrap(),
            "false negative in snapshot for {b}"
        );
    }
    println!(
        "{} contacts ({} distinct keys): no false negatives in bloom or snapshot",
        n,
        keys.len()
    );
}

fn measured_fpr(f: &SuppressionFilter, queries: usize, seed: u64) -> f64 {
    let mut r = Rng(seed);
    let mut hits = 0;
    for _ in 0..queries {
        // Keys outside the member set: members are tel:+1..., these are tel:+9...
        let k = format!("tel:+9{}", r.digits(11));
        hits += usize::from(f.has_hash(f.hash(&k)));
    }
    hits as f64 / queries as f64
}

#[test]
fn false_positive_rates_at_one_million_keys() {
    let n = 1_000_000u64;
    for target in [0.01, 0.001] {
        let mut f = filter(n, target, FilterKey::public());
        let mut r = Rng(11);
        for _ in 0..n {
            let h = f.hash(&format!("tel:+1{}", r.digits(11)));
            f.add_hash(h);
        }
        let fpr = measured_fpr(&f, 2_000_000, 99);
        let bits = f.size_bytes() as f64 * 8.0 / f.count() as f64;
        println!(
            "bloom target {target}: measured {fpr:.5}, {bits:.2} bits/key, expected {:.5}",
            f.false_positive_rate()
        );
        assert!(
            (fpr - target).abs() <= 0.15 * target,
            "bloom {target}: {fpr}"
        );
        let snap = f.freeze(1, 0).unwrap();
        let sfpr = measured_fpr(&snap, 2_000_000, 98);
        let sbits = snap.size_bytes() as f64 * 8.0 / snap.count() as f64;
        println!("snapshot: measured {sfpr:.5} (target 1/256 = 0.00391), {sbits:.3} bits/key");
        assert!(
            (sfpr - 1.0 / 256.0).abs() <= 0.15 / 256.0,
            "snapshot: {sfpr}"
        );
        assert!(sbits < 9.1, "snapshot bits/key {sbits}");
    }
}

#[test]
fn merge_is_commutative_and_equals_the_union() {
    let mut r = Rng(3);
    let xs: Vec<String> = (0..2000).map(|_| random_contact(&mut r).0).collect();
    let (left, right) = xs.split_at(1200);
    let build = |items: &[String]| {
        let mut f = filter(5000, 0.01, FilterKey::public());
        for c in items {
            f.add(c, None).unwrap();
        }
        f
    };
    let (a, b, all) = (build(left), build(&xs[800..]), build(&xs));
    let mut ab = a.clone();
    ab.merge(&b).unwrap();
    let mut ba = b.clone();
    ba.merge(&a).unwrap();
    let body = |f: &SuppressionFilter| f.to_bytes().unwrap()[128..].to_vec();
    let _ = right;
    assert_eq!(
        body(&ab)[..body(&ab).len() - 8],
        body(&ba)[..body(&ba).len() - 8]
    );
    assert_eq!(
        body(&ab)[..body(&ab).len() - 8],
        body(&all)[..body(&all).len() - 8]
    );
    assert_eq!(ab.count(), ba.count());
    for c in &xs {
        assert!(ab.has(c, None).unwrap() && ba.has(c, None).unwrap());
    }
    let other_key = filter(
        5000,
        0.01,
        FilterKey::from_hex("00000000000000000000000000000001").unwrap(),
    );
    assert_eq!(
        ab.clone().merge(&other_key).unwrap_err().code(),
        "FILTER_INCOMPATIBLE"
    );
}

fn small_filters() -> Vec<(SuppressionFilter, FilterKey)> {
    let key = FilterKey::from_hex("aabbccddeeff00112233445566778899").unwrap();
    let mut out = Vec::new();
    for k in [FilterKey::public(), key] {
        let mut f = filter(12, 0.01, k);
        for c in ["+14155552671", "+447400123456", "ann@example.com"] {
            f.add(c, None).unwrap();
        }
        let mut snap = f.freeze(8, 1).unwrap();
        snap.add("+33612345678", None).unwrap();
        out.push((f, k));
        out.push((snap, k));
    }
    out
}

#[test]
fn bytes_round_trip() {
    for (f, key) in small_filters() {
        let bytes = f.to_bytes().unwrap();
        let back = SuppressionFilter::from_bytes(&bytes, key).unwrap();
        assert_eq!(back.to_bytes().unwrap(), bytes);
        assert_eq!(back.count(), f.count());
        assert_eq!(back.kind(), f.kind());
        for c in ["+14155552671", "+447400123456", "ann@example.com"] {
            assert!(back.has(c, None).unwrap());
        }
        if f.kind() == Kind::Snapshot {
            assert!(back.has("+33612345678", None).unwrap());
        }
    }
}

#[test]
fn every_single_byte_change_and_truncation_is_refused() {
    for (f, key) in small_filters() {
        let bytes = f.to_bytes().unwrap();
        let mut refused = 0usize;
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            for delta in 1..=255u8 {
                b[i] = bytes[i].wrapping_add(delta);
                let err = SuppressionFilter::from_bytes(&b, key)
                    .expect_err("a changed byte was accepted");
                assert!(
                    matches!(
                        err.code(),
                        "FILTER_CORRUPT" | "FILTER_VERSION" | "FILTER_KEY_MISMATCH"
                    ),
                    "{}",
                    err.code()
                );
                refused += 1;
            }
        }
        for len in 0..bytes.len() {
            let err = SuppressionFilter::from_bytes(&bytes[..len], key)
                .expect_err("a truncation was accepted");
            assert_eq!(err.code(), "FILTER_CORRUPT");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            SuppressionFilter::from_bytes(&longer, key)
                .unwrap_err()
                .code(),
            "FILTER_CORRUPT"
        );
        println!(
            "{:?} filter of {} bytes: {} single-byte changes and {} truncations refused",
            f.kind(),
            bytes.len(),
            refused,
            bytes.len()
        );
    }
}

#[test]
fn future_versions_and_foreign_bytes_are_refused() {
    let (f, key) = small_filters().remove(0);
    let mut b = f.to_bytes().unwrap();
    b[8] = 2; // major version 2, with a valid checksum
    let end = b.len() - 8;
    let sum = consentry::filter::checksum(&b[..end]);
    b[end..].copy_from_slice(&sum.to_le_bytes());
    assert_eq!(
        SuppressionFilter::from_bytes(&b, key).unwrap_err().code(),
        "FILTER_VERSION"
    );
    assert_eq!(SuppressionFilter::from_bytes(b"PK\x03\x04 a zip file, not a filter ...............................................................................................................", key).unwrap_err().code(), "FILTER_CORRUPT");
}

/// Found by `make fuzz`: a checksum is not a signature, so a crafted header can claim any key
/// count. Such a filter must still answer, merge and report a rate: once the rate counted to
/// the claimed number of keys (hang) and a merge overflowed the count (panic, which aborts
/// the wasm instance).
#[test]
fn a_crafted_key_count_is_answered_without_hang_or_overflow() {
    let (f, key) = small_filters().remove(0);
    let mut b = f.to_bytes().unwrap();
    b[24..32].copy_from_slice(&u64::MAX.to_le_bytes());
    let end = b.len() - 8;
    let sum = consentry::filter::checksum(&b[..end]);
    b[end..].copy_from_slice(&sum.to_le_bytes());
    let g = SuppressionFilter::from_bytes(&b, key).expect("a count alone is not corrupt");
    assert_eq!(g.count(), u64::MAX);
    assert_eq!(g.false_positive_rate(), 1.0);
    let mut h = g.clone();
    h.merge(&g).unwrap();
    assert_eq!(h.count(), u64::MAX);
    h.add("+14155552671", None).unwrap();
    assert!(h.has("+14155552671", None).unwrap());
    assert_eq!(h.count(), u64::MAX);
}

/// The fast lane for North American E.164 input ("+14155552671" skips the parser) gives
/// exactly the key the parser gives: on every leading area-code digit pair, random numbers,
/// and the shapes just outside the lane.
#[test]
fn nanp_fast_lane_agrees_with_the_parser() {
    let mut r = Rng(17);
    let mut inputs: Vec<String> = (200..1000)
        .map(|npa| format!("+1{npa}{}", r.digits(7)))
        .collect();
    inputs.extend((0..100_000).map(|_| format!("+1{}{}", 2 + r.next() % 8, r.digits(9))));
    // Outside the lane: they go through the parser, whatever it says.
    inputs.extend(
        [
            "+10005551234",
            "+11415555267",
            "+1415555267",
            "+141555526712",
            " +14155552671 ",
        ]
        .map(String::from),
    );
    for x in &inputs {
        let slow = consentry::phone::normalize_phone(x, None).unwrap();
        let key = contact_key(x, None).ok();
        assert_eq!(
            key,
            slow.possible.then(|| format!("tel:{}", slow.e164)),
            "{x}"
        );
        assert_eq!(key, contact_key(x, Some("GB")).ok(), "{x}");
    }
}
