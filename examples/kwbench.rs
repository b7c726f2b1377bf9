use consentry::inbound::*;
use std::time::Instant;
fn main() {
    let replies = [
        "STOP",
        "Yes",
        "ok thanks",
        "stop texting me",
        "Who is this?",
        "lol see you at 5",
        "HELP",
        "Can you stop by later?",
        "Thanks!",
        "No",
        "START",
        "I'm on my way",
        "unsubscribe",
        "call me later pls",
        "STOP ALL",
    ];
    let o = DetectOptions::default();
    for r in &replies {
        detect_keyword(r, &o).unwrap();
    }
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000_000);
    let t = Instant::now();
    let mut k = 0;
    for i in 0..n {
        k += detect_keyword(replies[i % replies.len()], &o)
            .unwrap()
            .normalized
            .len();
    }
    let e = t.elapsed();
    println!(
        "native {:?}/reply, {:.1}M replies/s ({k})",
        e / n as u32,
        n as f64 / e.as_secs_f64() / 1e6
    );
}
