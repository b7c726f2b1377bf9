//! Every text entry point, fed every prefix and suffix (at word boundaries) of our composed
//! sets and the labelled dev splits: none may panic. Rules look a word or two past what they
//! match, and a reply cut right after a modifier ("ok can we") once indexed past its end;
//! cutting real texts at every word reaches such edges systematically, where the fuzzer
//! (`make fuzz`) finds them by chance.
mod common;

use consentry::inbound::{check_opt_out_confirmation, detect_keyword, DetectOptions};
use consentry::outbound::{check_message, classify_message, find_opt_out, CheckOptions, Message};

/// The text's prefixes and suffixes cut at each whitespace.
fn cuts(text: &str) -> Vec<&str> {
    let mut out = vec![text];
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            out.push(&text[..i]);
            out.push(&text[i + c.len_utf8()..]);
        }
    }
    out
}

#[test]
fn replies_cut_at_any_word() {
    let mut texts: Vec<String> = common::tsv_rows(include_str!("data/replies_composed.tsv"))
        .iter()
        .map(|r| r[0].to_string())
        .collect();
    texts.extend(
        common::read_csv("labelled/inbound_replies_dev.csv")
            .into_iter()
            .map(|r| r["text"].clone()),
    );
    let opts = DetectOptions {
        opted_out: true,
        last_outbound_was_opt_in_question: true,
        ..DetectOptions::default()
    };
    let mut n = 0;
    for t in &texts {
        for c in cuts(t) {
            assert!(detect_keyword(c, &opts).is_ok(), "{c:?}");
            let _ = check_opt_out_confirmation(c, None);
            n += 1;
        }
    }
    assert!(n > 10_000, "{n} cuts");
}

#[test]
fn messages_cut_at_any_word() {
    let mut texts: Vec<String> = ["messages", "footers"]
        .iter()
        .flat_map(|set| {
            let path = format!(
                "{}/tests/data/{set}_composed.tsv",
                env!("CARGO_MANIFEST_DIR")
            );
            let body = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            common::tsv_rows(&body)
                .iter()
                .map(|r| r[if *set == "messages" { 1 } else { 0 }].to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    texts.extend(
        common::read_csv("labelled/outbound_messages_dev.csv")
            .into_iter()
            .map(|r| r["text"].clone()),
    );
    let opts = CheckOptions {
        jurisdiction: Some("CA".into()),
        brand: Some("Acme".into()),
        first_message: true,
        ..CheckOptions::default()
    };
    let mut n = 0;
    for t in &texts {
        for c in cuts(t) {
            let _ = classify_message(c);
            let _ = find_opt_out(c);
            assert!(check_message(&Message::Sms(c), &opts).is_ok(), "{c:?}");
            n += 1;
        }
    }
    assert!(n > 20_000, "{n} cuts");
}
