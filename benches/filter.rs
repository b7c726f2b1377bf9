//! Native filter benchmark, one table from one run: bits per key and ns per check for
//! consentry's Bloom and snapshot against fastbloom, xorf (BinaryFuse8) and sbbf-rs-safe on the
//! same keys at the same target rate. Run: `cargo bench --bench filter` (N=1000000 by default).
use std::hint::black_box;
use std::time::Instant;

use consentry::filter::{CreateOptions, FilterKey, SuppressionFilter};

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// ns per query over `queries` (best of 3 passes).
fn time_queries(queries: &[u64], f: impl Fn(u64) -> bool) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut hits = 0;
    for _ in 0..3 {
        let t = Instant::now();
        hits = queries.iter().filter(|&&q| black_box(f(q))).count();
        best = best.min(t.elapsed().as_nanos() as f64 / queries.len() as f64);
    }
    (best, hits)
}

fn main() {
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let target = 0.01;
    let mut s = 42u64;
    let keys: Vec<String> = (0..n)
        .map(|_| format!("tel:+1{:010}", splitmix(&mut s) % 10_000_000_000))
        .collect();
    let strangers: Vec<String> = (0..n)
        .map(|_| format!("tel:+44{:010}", splitmix(&mut s) % 10_000_000_000))
        .collect();
    let mut ours = SuppressionFilter::create(CreateOptions {
        capacity: n as u64,
        false_positive_rate: target,
        key: FilterKey::public(),
        retain_keys: true,
        created_at_ms: 0,
    })
    .unwrap();
    // Every contender gets the same 64-bit key hashes (SipHash-2-4 of the canonical key),
    // so the table compares the structures, not the hash functions.
    let hashes: Vec<u64> = keys.iter().map(|k| ours.hash(k)).collect();
    let foreign: Vec<u64> = strangers.iter().map(|k| ours.hash(k)).collect();
    let mut queries: Vec<u64> = Vec::with_capacity(n);
    for i in 0..n {
        queries.push(if i % 2 == 0 {
            hashes[(i * 7919) % n]
        } else {
            foreign[i]
        });
    }
    let t = Instant::now();
    for &h in &hashes {
        ours.add_hash(h);
    }
    let add_ns = t.elapsed().as_nanos() as f64 / n as f64;
    let snap = ours.freeze(1, 0).unwrap();

    let mut rows: Vec<(String, f64, f64, f64)> = Vec::new();
    let fpr = |f: &dyn Fn(u64) -> bool| foreign.iter().filter(|&&q| f(q)).count() as f64 / n as f64;
    let (ns, _) = time_queries(&queries, |q| ours.has_hash(q));
    rows.push((
        "consentry bloom (SBBF)".into(),
        ours.size_bytes() as f64 * 8.0 / n as f64,
        fpr(&|q| ours.has_hash(q)),
        ns,
    ));
    let (ns, _) = time_queries(&queries, |q| snap.has_hash(q));
    rows.push((
        "consentry snapshot (fuse8)".into(),
        snap.size_bytes() as f64 * 8.0 / n as f64,
        fpr(&|q| snap.has_hash(q)),
        ns,
    ));
    let t = Instant::now();
    let (ns, _) = time_queries(&queries, |q| {
        ours.has(&keys[(q as usize) % n], None).unwrap_or(false)
    });
    let _ = t;
    rows.push((
        "consentry has(contact) incl. parse".into(),
        f64::NAN,
        f64::NAN,
        ns,
    ));

    // fastbloom 0.17 (standard Bloom) via its hash entry points.
    let mut fb = fastbloom::BloomFilter::with_false_pos(target).expected_items(n);
    for &h in &hashes {
        fb.insert_hash(h);
    }
    let (ns, _) = time_queries(&queries, |q| fb.contains_hash(q));
    rows.push((
        "fastbloom 0.17".into(),
        fb.as_slice().len() as f64 * 64.0 / n as f64,
        fpr(&|q| fb.contains_hash(q)),
        ns,
    ));

    // xorf BinaryFuse8 (keys must be distinct).
    let mut distinct = hashes.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let xf = xorf::BinaryFuse8::try_from(&distinct[..]).expect("xorf build");
    use xorf::Filter;
    let (ns, _) = time_queries(&queries, |q| xf.contains(&q));
    rows.push((
        "xorf BinaryFuse8 0.13".into(),
        xf.fingerprints.len() as f64 * 8.0 / n as f64,
        fpr(&|q| xf.contains(&q)),
        ns,
    ));

    // sbbf-rs-safe (Parquet SBBF), sized at our bits per key.
    let bits_per_key = ours.size_bytes() as f64 * 8.0 / n as f64;
    let mut sb = sbbf_rs_safe::Filter::new(bits_per_key.round() as usize, n);
    for &h in &hashes {
        sb.insert_hash(h);
    }
    let (ns, _) = time_queries(&queries, |q| sb.contains_hash(q));
    rows.push((
        "sbbf-rs-safe 0.3".into(),
        sb.as_bytes().len() as f64 * 8.0 / n as f64,
        fpr(&|q| sb.contains_hash(q)),
        ns,
    ));

    println!("native filter benchmark: {n} keys, target {target}, {n} queries (half members); consentry add {add_ns:.1} ns/key");
    println!(
        "{:<38} {:>9} {:>10} {:>10}",
        "filter", "bits/key", "meas. FPR", "ns/check"
    );
    for (name, bits, fp, ns) in rows {
        let bits = if bits.is_nan() {
            "-".to_string()
        } else {
            format!("{bits:.2}")
        };
        let fp = if fp.is_nan() {
            "-".to_string()
        } else {
            format!("{:.3}%", fp * 100.0)
        };
        println!("{name:<38} {bits:>9} {fp:>10} {ns:>10.1}");
    }
}
