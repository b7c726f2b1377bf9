//! Native keyword benchmark: replies per second on one core over the labelled dev split's
//! replies (real short-code replies, personal chat and composed multilingual replies).
//! Run: `cargo bench --bench keywords`. Goal: at least 5 million typical replies per second.
use std::hint::black_box;
use std::time::Instant;

use consentry::inbound::{detect_keyword, DetectOptions};

fn replies() -> Vec<String> {
    let dir = std::env::var("CONSENTRY_SHARED_DATA")
        .unwrap_or_else(|_| format!("{}/../shared/data", env!("CARGO_MANIFEST_DIR")));
    let path = format!("{dir}/labelled/inbound_replies_dev.csv");
    let mut r = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let text = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "text")
        .unwrap();
    r.records().map(|x| x.unwrap()[text].to_string()).collect()
}

fn main() {
    let replies = replies();
    let short: Vec<&String> = replies.iter().filter(|r| r.chars().count() <= 40).collect();
    let opts = DetectOptions::default();
    for (name, set) in [
        ("all dev-split replies", replies.iter().collect::<Vec<_>>()),
        ("replies of 40 characters or fewer", short),
    ] {
        for r in &set {
            black_box(detect_keyword(r, &opts).unwrap());
        }
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let n = 200_000;
            let t = Instant::now();
            for i in 0..n {
                black_box(detect_keyword(set[i % set.len()], &opts).unwrap());
            }
            best = best.min(t.elapsed().as_nanos() as f64 / n as f64);
        }
        println!(
            "{name} ({}): {best:.0} ns per reply, {:.2} M replies/s on one core (goal >= 5 M/s: {})",
            set.len(),
            1e3 / best,
            if 1e3 / best >= 5.0 { "MET" } else { "NOT MET" }
        );
    }
}
