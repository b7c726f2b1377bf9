//! Native message benchmark: classify plus check, messages per second on one core, over the
//! labelled outbound dev split and a sample of the other shared corpora (real marketing,
//! transactional and chat SMS). Prints the time of a plain anchor (splitting each message into
//! words and lower-casing it) measured in the same run, so the ratio is comparable across
//! machines. Run: `cargo bench --bench messages`. Goal: at least 200,000 messages per second.
use std::hint::black_box;
use std::time::Instant;

use consentry::outbound::{check_message, classify_message, CheckOptions, Message};

fn messages() -> Vec<String> {
    let dir = std::env::var("CONSENTRY_SHARED_DATA")
        .unwrap_or_else(|_| format!("{}/../shared/data", env!("CARGO_MANIFEST_DIR")));
    let mut out = Vec::new();
    let path = format!("{dir}/labelled/outbound_messages_dev.csv");
    let mut r = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    for x in r.records() {
        out.push(x.unwrap()[1].to_string());
    }
    let path = format!("{dir}/spamhunter_tweet_sms_2018_2022.csv");
    let mut r = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    for x in r.records().step_by(13).take(2000) {
        out.push(x.unwrap()[2].to_string());
    }
    let path = format!("{dir}/sms_spam_collection.tsv");
    let tsv = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    out.extend(
        tsv.lines()
            .step_by(3)
            .filter_map(|l| l.split_once('\t'))
            .map(|(_, t)| t.to_string()),
    );
    out
}

fn per_message(set: &[String], f: impl Fn(&str)) -> f64 {
    for m in set {
        f(m);
    }
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let t = Instant::now();
        for m in set {
            f(m);
        }
        best = best.min(t.elapsed().as_nanos() as f64 / set.len() as f64);
    }
    best
}

fn main() {
    let set = messages();
    let opts = CheckOptions {
        jurisdiction: Some("US".into()),
        brand: Some("Acme".into()),
        ..Default::default()
    };
    let anchor = per_message(&set, |m| {
        black_box(m.split_whitespace().map(str::to_lowercase).count());
    });
    let classify = per_message(&set, |m| {
        black_box(classify_message(m));
    });
    let check = per_message(&set, |m| {
        black_box(check_message(&Message::Sms(m), &opts).unwrap());
    });
    if std::env::var("CONSENTRY_BENCH_PARTS").is_ok() {
        type Part<'a> = (&'a str, &'a dyn Fn(&str));
        let parts: [Part<'_>; 4] = [
            ("find_opt_out", &|m| {
                drop(black_box(consentry::outbound::find_opt_out(m)))
            }),
            ("signals::find", &|m| {
                drop(black_box(consentry::signals::find(m)))
            }),
            ("find_contact", &|m| {
                drop(black_box(consentry::outbound::find_contact(m)))
            }),
            ("sms_segments", &|m| {
                drop(black_box(consentry::outbound::sms_segments(m)))
            }),
        ];
        for (name, f) in parts {
            println!("  part {name}: {:.0} ns", per_message(&set, f));
        }
    }
    let avg_len = set.iter().map(|m| m.chars().count()).sum::<usize>() as f64 / set.len() as f64;
    println!("{} messages, {avg_len:.0} characters on average", set.len());
    println!("anchor (split + lowercase): {anchor:.0} ns per message");
    println!(
        "classifyMessage: {classify:.0} ns per message ({:.1}x the anchor)",
        classify / anchor
    );
    println!(
        "checkMessage (classify + check): {check:.0} ns per message ({:.1}x the anchor), {:.0} messages/s on one core (goal >= 200,000: {})",
        check / anchor,
        1e9 / check,
        if 1e9 / check >= 200_000.0 { "MET" } else { "NOT MET" }
    );
}
