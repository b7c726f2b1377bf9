use consentry::inbound::*;
fn main() {
    for line in std::io::stdin().lines() {
        let line = line.unwrap();
        let d = detect_keyword(&line, &DetectOptions::default()).unwrap();
        println!(
            "{:<9} {:<9} {:<24} {:<22} scope={:?} | {:?}",
            d.intent.as_str(),
            d.confidence.as_str(),
            d.rule,
            format!("{:?}", d.keyword.as_deref().unwrap_or("")),
            d.scope,
            line
        );
    }
}
