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

/// Column `col` of composed TSV sets, then the `text` column of a labelled dev split.
fn texts(composed: &[(&str, usize)], dev: &str) -> Vec<String> {
    let mut out: Vec<String> = composed
        .iter()
        .flat_map(|(body, col)| {
            common::tsv_rows(body)
                .iter()
                .map(|r| r[*col].to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    out.extend(common::read_csv(dev).into_iter().map(|r| r["text"].clone()));
    out
}

/// Every cut of every text through `read`; at least `min` cuts.
fn read_every_cut(texts: &[String], min: usize, read: impl Fn(&str)) {
    let mut n = 0;
    for t in texts {
        for c in cuts(t) {
            read(c);
            n += 1;
        }
    }
    assert!(n > min, "{n} cuts");
}

#[test]
fn replies_cut_at_any_word() {
    let texts = texts(
        &[(include_str!("data/replies_composed.tsv"), 0)],
        "labelled/inbound_replies_dev.csv",
    );
    let opts = DetectOptions {
        opted_out: true,
        last_outbound_was_opt_in_question: true,
        ..DetectOptions::default()
    };
    read_every_cut(&texts, 10_000, |c| {
        assert!(detect_keyword(c, &opts).is_ok(), "{c:?}");
        let _ = check_opt_out_confirmation(c, None);
    });
}

#[test]
fn messages_cut_at_any_word() {
    let texts = texts(
        &[
            (include_str!("data/messages_composed.tsv"), 1),
            (include_str!("data/footers_composed.tsv"), 0),
        ],
        "labelled/outbound_messages_dev.csv",
    );
    let opts = CheckOptions {
        jurisdiction: Some("CA".into()),
        brand: Some("Acme".into()),
        first_message: true,
        ..CheckOptions::default()
    };
    read_every_cut(&texts, 20_000, |c| {
        let _ = classify_message(c);
        let _ = find_opt_out(c);
        assert!(check_message(&Message::Sms(c), &opts).is_ok(), "{c:?}");
    });
}
