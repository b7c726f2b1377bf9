//! Promotional signals: the words and shapes that make a message marketing.
//!
//! Owns: finding evidence of promotion in a text (offers, prices, urgency, calls to action,
//! prize draws), each with a short quote, from the table `data/outbound/promo_signals.tsv`
//! plus a few shapes that are not words (`50% off`, `$20`, `₦500`).
//! Must not: decide a category. The outbound classifier and the opt-out confirmation check
//! weigh this evidence; this module only finds it.

use std::sync::OnceLock;

use serde::Serialize;

use crate::inbound::normalize::{normalize, TokKind};
use crate::inbound::tables_for_signals as inbound_tables;

const SIGNALS_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/promo_signals.tsv"));

/// One piece of evidence, quoting the (normalised) text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// `offer`, `urgency`, `cta`, `prize`, `price`, `link`.
    pub kind: &'static str,
    pub quote: String,
}

struct Signals {
    /// Folded phrase words and kind, longest first.
    phrases: Vec<(Vec<String>, &'static str)>,
}

fn signals() -> &'static Signals {
    static S: OnceLock<Signals> = OnceLock::new();
    S.get_or_init(|| {
        let t = inbound_tables();
        let mut phrases: Vec<(Vec<String>, &'static str)> = SIGNALS_TSV
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .filter_map(|l| {
                let mut c = l.split('\t');
                let kind: &'static str = c.next()?;
                let words = t.fold_words(c.next()?);
                (!words.is_empty()).then_some((words, kind))
            })
            .collect();
        phrases.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        phrases.dedup_by(|a, b| a.0 == b.0);
        Signals { phrases }
    })
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '£' | '€' | '₦' | '₹' | '¥' | '₱' | '₩' | '₺' | '฿')
}

/// Evidence of promotion in `text`, in order of appearance, at most one per distinct quote.
pub fn promo_evidence(text: &str) -> Vec<Evidence> {
    let t = inbound_tables();
    let n = normalize(text, t);
    let words: Vec<&str> = n
        .tokens
        .iter()
        .filter(|k| matches!(k.kind, TokKind::Word | TokKind::Number))
        .map(|k| n.text(k))
        .collect();
    let mut out: Vec<Evidence> = Vec::new();
    let mut push = |kind: &'static str, quote: String| {
        if !out.iter().any(|e| e.quote == quote) {
            out.push(Evidence { kind, quote });
        }
    };
    // Shapes: "50% off", "$20", "20 USD" are read from the display text.
    let d = &n.display;
    let chars: Vec<char> = d.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '%' && i > 0 && chars[i - 1].is_ascii_digit() {
            let start = (0..i)
                .rev()
                .take_while(|&j| chars[j].is_ascii_digit() || chars[j] == '.')
                .last()
                .unwrap_or(i);
            let tail: String = chars[i + 1..].iter().take(4).collect();
            let off = if tail.trim_start().starts_with("off") {
                " off"
            } else {
                ""
            };
            push(
                "offer",
                format!("{}%{off}", chars[start..i].iter().collect::<String>()),
            );
        }
        if is_currency(c) && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit()) {
            let amount: String = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
                .collect();
            push(
                "price",
                format!("{c}{}", amount.trim_end_matches(['.', ','])),
            );
        }
    }
    let s = signals();
    let mut i = 0;
    while i < words.len() {
        let hit = s.phrases.iter().find(|(p, _)| {
            p.len() <= words.len() - i && p.iter().zip(&words[i..]).all(|(a, b)| a == b)
        });
        match hit {
            Some((p, kind)) => {
                // "feel free", "toll free", "sugar free" are not offers; neither is "save the date".
                let prev = if i > 0 { words[i - 1] } else { "" };
                let benign = matches!(
                    (prev, p[0].as_str()),
                    ("feel" | "toll" | "sugar" | "hands" | "smoke", _)
                ) || (p[0] == "save"
                    && matches!(
                        words.get(i + 1),
                        Some(&"the") | Some(&"your") | Some(&"it") | Some(&"a")
                    ));
                if !benign {
                    push(kind, p.join(" "));
                }
                i += p.len();
            }
            None => {
                if words[i] == "free"
                    && !matches!(
                        if i > 0 { words[i - 1] } else { "" },
                        "feel" | "toll" | "sugar" | "hands" | "for" | "smoke" | "charge"
                    )
                {
                    push("offer", "free".to_string());
                }
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_offers_prices_and_calls_to_action() {
        let e = promo_evidence(
            "Flash SALE: 50% OFF everything, today only! Shop now at acme.com. $20 voucher inside",
        );
        let quotes: Vec<&str> = e.iter().map(|e| e.quote.as_str()).collect();
        for q in [
            "50% off",
            "$20",
            "sale",
            "today only",
            "shop now",
            "voucher",
        ] {
            assert!(quotes.contains(&q), "{q} missing from {quotes:?}");
        }
        assert!(promo_evidence("Your code is 123456. Feel free to call us, toll free.").is_empty());
        assert!(
            promo_evidence("You're unsubscribed and will receive no more messages.").is_empty()
        );
    }
}
