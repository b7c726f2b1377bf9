//! Signals: the words and shapes that make a message marketing, transactional or fraud.
//!
//! Owns: finding evidence in a text, each piece with a short quote: promotion (offers, prices,
//! urgency, calls to action, prize draws), transaction (one-time codes, account alerts, order
//! updates) and fraud (credential lures, prize and parcel scams), from the tables
//! `data/outbound/{promo,transactional,fraud}_signals.tsv`, plus shapes that are not words
//! (`50% off`, `$20`, a six-digit code).
//! Must not: decide a category. The outbound classifier and the opt-out confirmation check
//! weigh this evidence; this module only finds it.

use std::sync::OnceLock;

use serde::Serialize;

use crate::inbound::normalize::{normalize, TokKind};
use crate::inbound::tables::{FastMap, FastSet};
use crate::inbound::tables_for_signals as inbound_tables;
use crate::inbound::Intent;
use crate::text::table_rows;

const PROMO_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/promo_signals.tsv"));
const TRANSACTIONAL_TSV: &str =
    include_str!(concat!(env!("OUT_DIR"), "/transactional_signals.tsv"));
const FRAUD_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/fraud_signals.tsv"));

/// Which table a signal comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Promo,
    Transactional,
    Fraud,
}

/// One piece of evidence, quoting the (normalised) text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The `kind` column of the signal tables (`offer`, `otp`, `order`, `credential`, ...), or
    /// a shape: `price`, `offer` (a percentage), `otp` (a code near a number), `link` (a
    /// look-alike domain), `join` (a keyword to text to a short code, "txt MUSIC to 87066").
    pub kind: &'static str,
    pub quote: String,
}

struct Signals {
    /// Folded phrase words, kind and group, longest first.
    phrases: Vec<(Vec<String>, &'static str, Group)>,
    /// Phrase indices by first word, longest first (one hash lookup per word).
    by_first: FastMap<String, Vec<usize>>,
    /// Words that make a link's registrable domain a lure (`domain` rows of the fraud table).
    domain_words: Vec<String>,
    /// Phrases in CJK scripts, found inside runs of text (no spaces to split words at).
    cjk: Vec<(String, &'static str, Group)>,
    /// Verbs that send a keyword ("text", "envía") and words that lead to the short code
    /// ("to", "al"): `join_verb` and `join_to` rows of the promotion table.
    join_verb: FastSet<String>,
    join_to: FastSet<String>,
    /// Words that are never the keyword sent ("me", "the", "un"): `join_skip` rows.
    join_skip: FastSet<String>,
}

fn signals() -> &'static Signals {
    static S: OnceLock<Signals> = OnceLock::new();
    S.get_or_init(|| {
        let t = inbound_tables();
        let mut phrases: Vec<(Vec<String>, &'static str, Group)> = Vec::new();
        let mut domain_words = Vec::new();
        let mut cjk = Vec::new();
        let (mut join_verb, mut join_to, mut join_skip) =
            (FastSet::default(), FastSet::default(), FastSet::default());
        for (tsv, group) in [
            (PROMO_TSV, Group::Promo),
            (TRANSACTIONAL_TSV, Group::Transactional),
            (FRAUD_TSV, Group::Fraud),
        ] {
            for cols in table_rows(tsv) {
                let (kind, phrase) = (cols[0], cols[1]);
                if kind == "domain" {
                    domain_words.push(phrase.to_ascii_lowercase());
                    continue;
                }
                // Single words, folded as the message's words are (not respelled: "txt" and
                // "2" stay themselves).
                let list = match kind {
                    "join_verb" => Some(&mut join_verb),
                    "join_to" => Some(&mut join_to),
                    "join_skip" => Some(&mut join_skip),
                    _ => None,
                };
                if let Some(list) = list {
                    let n = normalize(phrase, t);
                    list.extend(n.word_tokens(false).map(|k| n.text(k).to_string()));
                    continue;
                }
                if phrase.chars().any(crate::inbound::normalize::is_cjk) {
                    cjk.push((phrase.to_string(), kind, group));
                    continue;
                }
                let words = t.fold_words(phrase);
                if !words.is_empty() {
                    phrases.push((words, kind, group));
                }
            }
        }
        phrases.sort_by_key(|(w, _, _)| std::cmp::Reverse(w.len()));
        phrases.dedup_by(|a, b| a.0 == b.0);
        let mut by_first: FastMap<String, Vec<usize>> = FastMap::default();
        for (i, (words, _, _)) in phrases.iter().enumerate() {
            by_first.entry(words[0].clone()).or_default().push(i);
        }
        Signals {
            phrases,
            by_first,
            domain_words,
            cjk,
            join_verb,
            join_to,
            join_skip,
        }
    })
}

/// Does a link's registrable domain imitate a login or delivery page ("acme-secure-login.com",
/// "usps-redeliver.info")? Only the label the sender registered counts: "secure.chase.com" is
/// Chase's own subdomain and does not. `host` is [`crate::text::url_host`] of the link.
pub fn lure_domain(host: &str) -> bool {
    registrable_label(host).is_some_and(|sld| {
        signals()
            .domain_words
            .iter()
            .any(|w| sld.contains(w.as_str()))
    })
}

/// The label a domain's owner registered: "acme" of "secure.acme.com" and of "acme.co.uk"
/// (a short second-level label under a country code), or None for a bare name.
pub(crate) fn registrable_label(host: &str) -> Option<&str> {
    let labels: Vec<&str> = host.split('.').filter(|x| !x.is_empty()).collect();
    let n = labels.len();
    if n < 2 {
        return None;
    }
    Some(
        if n >= 3 && labels[n - 1].len() == 2 && labels[n - 2].len() <= 3 {
            labels[n - 3]
        } else {
            labels[n - 2]
        },
    )
}

/// A government domain ("vcourts.gov.in", "dvla.gov.uk", "irs.gov", "service.gc.ca"): names
/// under these are given out to public bodies only, so a link there is never a look-alike.
pub(crate) fn government_host(host: &str) -> bool {
    let mut labels = host.rsplit('.').filter(|x| !x.is_empty());
    match (labels.next(), labels.next()) {
        (Some("gov" | "mil"), _) => true,
        (Some(cc), Some(second)) if cc.len() == 2 => match second {
            "gov" | "gob" | "gouv" | "govt" => true,
            // Reserved for government only under these country codes ("go.io" is anyone's).
            "go" => matches!(cc, "id" | "jp" | "kr" | "th" | "ke" | "tz" | "ug" | "cr"),
            "gc" => cc == "ca",
            "gv" => cc == "at",
            _ => false,
        },
        _ => false,
    }
}

/// Evidence of each kind found in a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    pub promo: Vec<Evidence>,
    pub transactional: Vec<Evidence>,
    pub fraud: Vec<Evidence>,
    /// The folded words, for callers that featurise the text.
    pub words: Vec<String>,
}

impl Findings {
    /// The evidence list of a table's group.
    fn list(&mut self, group: Group) -> &mut Vec<Evidence> {
        match group {
            Group::Promo => &mut self.promo,
            Group::Transactional => &mut self.transactional,
            Group::Fraud => &mut self.fraud,
        }
    }
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '£' | '€' | '₦' | '₹' | '¥' | '₱' | '₩' | '₺' | '฿')
}

/// Evidence of promotion in `text`, in order of appearance, at most one per distinct quote.
pub fn promo_evidence(text: &str) -> Vec<Evidence> {
    find(text).promo
}

fn push(list: &mut Vec<Evidence>, kind: &'static str, quote: String) {
    if !list.iter().any(|e| e.quote == quote) {
        list.push(Evidence { kind, quote });
    }
}

/// All evidence in `text`, in order of appearance within each group.
pub fn find(text: &str) -> Findings {
    let t = inbound_tables();
    let n = normalize(text, t);
    let words: Vec<&str> = n.word_tokens(false).map(|k| n.text(k)).collect();
    let mut f = Findings::default();
    // Shapes: "50% off", "$20" are read from the display text.
    let d = &n.display;
    let chars: Vec<char> = d.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        // "30 %", as French, German and Czech typeset it, is "30%".
        let spaced = i > 1 && chars[i - 1] == ' ' && chars[i - 2].is_ascii_digit();
        if c == '%' && i > 0 && (chars[i - 1].is_ascii_digit() || spaced) {
            let end = if spaced { i - 1 } else { i };
            let start = (0..end)
                .rev()
                .take_while(|&j| chars[j].is_ascii_digit() || chars[j] == '.')
                .last()
                .unwrap_or(end);
            // The display has single spaces: twelve characters hold " out of " and " completed".
            let tail: String = chars[i + 1..].iter().take(12).collect();
            let tail = tail.trim_start();
            // "80% of your data", "90% out of your bundle": a share, not a discount; nor is
            // a change or a progress ("20% higher than usual", "up 30%", "75% complete",
            // "your 20% deposit").
            let head: String = chars[start.saturating_sub(6)..start].iter().collect();
            let before = head.split_whitespace().last().unwrap_or("");
            let next = tail
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            if tail.starts_with("of ")
                || tail.starts_with("out of ")
                || matches!(
                    next,
                    // (Not "lower", "less", "below": "30% lower prices" sells.)
                    "higher"
                        | "above"
                        | "increase"
                        | "complete"
                        | "completed"
                        | "done"
                        | "full"
                        | "charged"
                        | "deposit"
                )
                || matches!(before, "up" | "by")
            {
                continue;
            }
            let off = if tail.starts_with("off") { " off" } else { "" };
            push(
                &mut f.promo,
                "offer",
                format!("{}%{off}", chars[start..end].iter().collect::<String>()),
            );
        }
        // Percent first, as Turkish writes it ("%20 indirim"); not a URL escape ("a%20b"):
        // a space or the start before it, and no letter right after the digits.
        let opens = i == 0 || chars[i - 1].is_whitespace() || matches!(chars[i - 1], '(' | '!');
        if c == '%' && opens && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            let digits: String = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            let after = chars.get(i + 1 + digits.len());
            if after.is_none_or(|a| !a.is_alphanumeric()) {
                push(&mut f.promo, "offer", format!("%{digits}"));
            }
        }
        if is_currency(c) && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit()) {
            let amount: String = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
                .collect();
            let amount = amount.trim_end_matches(['.', ',']);
            // "$20 off", "£5 off your next visit": money off is a discount, as "20% off" is.
            let tail: String = chars[i + 1 + amount.chars().count()..]
                .iter()
                .take(5)
                .collect();
            let off = tail.trim_start().strip_prefix("off");
            // "You've received £25.00", "credited with $40": money moved, not a price.
            let head: String = chars[i.saturating_sub(12)..i].iter().collect();
            let moved = head.split_whitespace().last().is_some_and(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "received" | "credited" | "debited" | "transferred" | "deposited" | "paid"
                )
            });
            if off.is_some_and(|r| !r.starts_with(char::is_alphabetic)) {
                push(&mut f.promo, "offer", format!("{c}{amount} off"));
            } else if !moved {
                push(&mut f.promo, "price", format!("{c}{amount}"));
            }
        }
    }
    // "Wings are 50 cents tonight", "99¢ tacos": an amount in cents is a price too.
    // (Not "50 Cent", the singer.)
    if d.contains("cents") || d.contains('¢') {
        for w in words.windows(2) {
            if w[0].bytes().all(|b| b.is_ascii_digit()) && w[1] == "cents" {
                push(&mut f.promo, "price", format!("{} {}", w[0], w[1]));
            }
        }
        for w in d.split_whitespace() {
            let w = w.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '¢');
            if let Some(n) = w.strip_suffix('¢') {
                if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
                    push(&mut f.promo, "price", w.to_string());
                }
            }
        }
    }
    // "for just N1,000", "N100 ONLY", "only £5", "@N50/wk": a price offered, not one
    // charged or received ("a payment of $45.20", "Bal: N1,223.89" stay plain amounts). The
    // amount needs its currency (a symbol, or N, NGN, Rs, Rp, KES, R before the digits) so
    // that "just 2 days" is not a price. ("at N5 service charge" is a fee: "at" is not enough.)
    let money = |w: &str| {
        let w = w.trim_start_matches('@');
        let rest = w
            .strip_prefix(is_currency)
            .or_else(|| {
                ["ngn", "kes", "rs.", "rs", "rp", "n", "r"]
                    .iter()
                    .find_map(|p| w.strip_prefix(p))
            })
            .unwrap_or("");
        rest.starts_with(|c: char| c.is_ascii_digit())
    };
    // Most messages have none of the three words: skip the scan.
    let pieces: Vec<&str> = if d.contains("just") || d.contains("only") || d.contains('@') {
        d.split_whitespace().collect()
    } else {
        Vec::new()
    };
    for (k, w) in pieces.iter().enumerate() {
        let next = pieces.get(k + 1).copied().unwrap_or("");
        let quote = if matches!(*w, "just" | "only") && money(next) {
            Some(format!("{w} {next}"))
        } else if w.starts_with('@') && money(w) {
            Some(w.to_string())
        } else if money(w) && next.trim_end_matches(['.', ',', '!']) == "only" {
            Some(format!("{w} {next}"))
        } else {
            None
        };
        if let Some(q) = quote {
            push(&mut f.promo, "offer", q.trim_end().to_string());
        }
    }
    // A premium-rate number (UK 09 and 087, US 1-900, AU 190x): evidence only; with a prize
    // claim the classifier reads the classic "you have won, call 0906..." scam.
    // Written whole or in groups ("0906 170 0000", "1-900-555-0100").
    let is_premium = |b: &[u8]| match b.len() {
        11 => b.starts_with(b"09") || b.starts_with(b"087") || b.starts_with(b"1900"),
        10 => b.starts_with(b"900") || b.starts_with(b"190"),
        _ => false,
    };
    let digits = |w: &&&str| !w.is_empty() && w.bytes().all(|c| c.is_ascii_digit());
    for i in 0..words.len() {
        let mut number = String::new();
        for w in words[i..].iter().take(4).take_while(digits) {
            number.push_str(w);
            if number.len() > 11 {
                break;
            }
            if is_premium(number.as_bytes()) {
                push(&mut f.fraud, "premium", number.clone());
                break;
            }
        }
    }
    // A table of returns ("600rb GET 7jt 1jt GET 15jt 2jt GET 32jt"): three or more "amount get
    // amount" steps promise absurd returns (labelled README: such schemes are fraud). Two are
    // an ordinary offer ("Buy 3 Get 2 free, Buy 4 Get 4 free").
    let amount = |w: &str| w.starts_with(|c: char| c.is_ascii_digit()) || w == "xxx";
    let steps: Vec<usize> = (1..words.len().saturating_sub(1))
        .filter(|&i| words[i] == "get" && amount(words[i - 1]) && amount(words[i + 1]))
        .collect();
    if steps.len() >= 3 {
        let i = steps[0];
        push(&mut f.fraud, "returns", words[i - 1..=i + 1].join(" "));
    }
    // "a free appetizer with any entree", "free gift with every purchase": something given
    // with what is bought is an offer, whatever the thing is.
    for i in 0..words.len() {
        if words[i] != "free" {
            continue;
        }
        let near = &words[i + 1..words.len().min(i + 5)];
        if let Some(k) = near.iter().position(|w| *w == "with") {
            if let Some(&q @ ("any" | "every" | "each" | "purchase")) = near.get(k + 1) {
                push(&mut f.promo, "offer", format!("free with {q}"));
                break;
            }
        }
    }
    // "$300/day", "500 per day", "earn 2000 a day": a rate of pay. Evidence only: with a
    // messaging-app contact the classifier reads the job scam.
    let unit = |w: &str| matches!(w, "day" | "daily" | "hour" | "hr" | "week");
    for i in 0..words.len().saturating_sub(1) {
        let (per, at) = match (words[i + 1], words.get(i + 2).copied()) {
            ("per" | "a" | "an", Some(u)) if unit(u) => (true, i + 2),
            (u, _) if unit(u) => (true, i + 1),
            _ => (false, i),
        };
        // A pay is more than a count of days ("last 2 day", an offer's deadline); "000" is the
        // last group of "20,000".
        let digits: String = words[i].chars().take_while(char::is_ascii_digit).collect();
        let pay = digits.len() >= 3
            || digits.parse::<u64>().map_or(true, |n| n >= 20)
            || words[i].contains('k');
        if per && amount(words[i]) && words[i] != "xxx" && pay {
            push(&mut f.fraud, "wage", words[i..=at].join(" "));
            break;
        }
    }
    // "you have 5 MB free data", "gifted 7 days FREE", "granted a bonus of 1 SMS": an
    // allowance the account already holds (a verb of having or receiving before, an amount
    // beside) is account news, not an offer; "you have won a free ..." stays one.
    let held = |i: usize| {
        let before = &words[i.saturating_sub(4)..i];
        let amount = words[i.saturating_sub(3)..words.len().min(i + 4)]
            .iter()
            .any(|w| w.starts_with(|c: char| c.is_ascii_digit()));
        amount
            && before.iter().any(|w| {
                matches!(
                    *w,
                    "have" | "has" | "granted" | "credited" | "received" | "gifted" | "got"
                )
            })
            && !before
                .iter()
                .any(|w| matches!(*w, "won" | "win" | "get" | "claim"))
    };
    // The first receipt ("received", "credited"): a named offer after it is account news.
    let receipt = words
        .iter()
        .position(|w| matches!(*w, "received" | "credited" | "granted"))
        .unwrap_or(usize::MAX);
    let s = signals();
    let mut i = 0;
    while i < words.len() {
        let hit = s
            .by_first
            .get(words[i])
            .into_iter()
            .flatten()
            .map(|&k| &s.phrases[k])
            .find(|(p, _, _)| {
                p.len() <= words.len() - i && p.iter().zip(&words[i..]).all(|(a, b)| a == b)
            });
        match hit {
            Some((p, kind, group)) => {
                // "feel free", "toll free", "sugar free" are not offers; neither is "save the date".
                let prev = if i > 0 { words[i - 1] } else { "" };
                // "Visit any Airtel shop", "the shop is closed": a place, not a call to buy.
                let prev2 = if i > 1 { words[i - 2] } else { "" };
                let place = |w: &str| {
                    matches!(
                        w,
                        "any" | "our" | "the" | "a" | "nearest" | "your" | "this" | "that"
                    )
                };
                // "has been granted a bonus", "your BONUS account credited", "to check bonus":
                // a bonus received is account news; "recharge and get 50% bonus" is an offer.
                let received = p[0] == "bonus"
                    && (held(i)
                        || words[i.saturating_sub(3)..i].iter().any(|w| {
                            matches!(*w, "granted" | "credited" | "received" | "see" | "check")
                        })
                        || matches!(
                            words.get(i + 1).copied(),
                            Some("balance" | "account" | "credited" | "has" | "is")
                        ));
                // "You have received 125MB in the MTN Data Delight offer": the named offer the
                // account already took part in, after a receipt, is account news.
                let named_offer = p.len() == 1
                    && p[0] == "offer"
                    && words[i.saturating_sub(5)..i]
                        .windows(2)
                        .any(|w| matches!(w[0], "in" | "from" | "under") && w[1] == "the")
                    && receipt < i;
                let benign = received
                    || named_offer
                    || matches!(prev, "feel" | "toll" | "sugar" | "hands" | "smoke")
                    || (p.len() == 1 && p[0] == "shop" && (place(prev) || place(prev2)))
                    || (p[0] == "save"
                        && matches!(
                            words.get(i + 1).copied(),
                            Some("the" | "your" | "it" | "a" | "this" | "these" | "them" | "each")
                        ));
                if !benign {
                    push(f.list(*group), kind, p.join(" "));
                }
                i += p.len();
            }
            None => {
                // "Are you free on Saturday?", "I'm free later": a person's time, not an offer.
                // "Your free trial ends in 3 days": the trial the account holds, ending.
                let trial_ends = || {
                    i > 0
                        && words[i - 1] == "your"
                        && words.get(i + 1) == Some(&"trial")
                        && words[i + 2..words.len().min(i + 5)].iter().any(|w| {
                            matches!(
                                *w,
                                "end"
                                    | "ends"
                                    | "ended"
                                    | "ending"
                                    | "expires"
                                    | "expired"
                                    | "over"
                            )
                        })
                };
                if words[i] == "free"
                    && !held(i)
                    && !trial_ends()
                    && !matches!(
                        if i > 0 { words[i - 1] } else { "" },
                        "feel"
                            | "toll"
                            | "sugar"
                            | "hands"
                            | "for"
                            | "smoke"
                            | "charge"
                            | "still"
                            | "you"
                            | "u"
                            | "youre"
                            | "i"
                            | "im"
                            | "we"
                            | "were"
                            | "they"
                            | "theyre"
                            | "he"
                            | "she"
                            | "hes"
                            | "shes"
                    )
                {
                    push(&mut f.promo, "offer", "free".to_string());
                }
                i += 1;
            }
        }
    }
    // CJK phrases inside runs of CJK text ("全场五折起", "您的验证码是").
    if !s.cjk.is_empty() {
        for tok in n.tokens.iter().filter(|t| t.kind == TokKind::Cjk) {
            let run = n.text(tok);
            for (phrase, kind, group) in &s.cjk {
                if run.contains(phrase.as_str()) {
                    push(f.list(*group), kind, phrase.clone());
                }
            }
        }
    }
    // A one-time code: "code" near a 4-8 digit number (or a masked XXXX).
    let is_code_number = |w: &str| {
        (4..=8).contains(&w.len())
            && (w.bytes().all(|b| b.is_ascii_digit()) || w.bytes().all(|b| b == b'x'))
    };
    for (k, w) in words.iter().enumerate() {
        // (Turkish, Arabic, Romanian, Finnish and Greek too: "Doğrulama kodunuz 482913",
        // "رمز التحقق 482913".)
        if matches!(
            *w,
            "code"
                | "otp"
                | "pin"
                | "passcode"
                | "codigo"
                | "codice"
                | "kode"
                | "kod"
                | "код"
                | "kodu"
                | "kodunuz"
                | "sifre"
                | "sifreniz"
                | "codul"
                | "koodi"
                | "κωδικος"
                | "رمز"
                | "كود"
        ) {
            let (lo, hi) = (k.saturating_sub(4), (k + 5).min(words.len()));
            // Also in two groups of three ("291-004", "382 910"), but not inside a longer
            // amount ("Rp175,000,000").
            let three = |j: usize| {
                words
                    .get(j)
                    .is_some_and(|x| x.len() == 3 && x.bytes().all(|b| b.is_ascii_digit()))
            };
            let digits = |j: Option<usize>| {
                j.and_then(|j| words.get(j))
                    .is_some_and(|x| x.bytes().any(|b| b.is_ascii_digit()))
            };
            let near = words[lo..hi].iter().any(|x| is_code_number(x))
                || (lo..hi).any(|j| {
                    three(j) && three(j + 1) && !digits(j.checked_sub(1)) && !digits(Some(j + 2))
                });
            if near {
                push(&mut f.transactional, "otp", "one-time code".to_string());
                break;
            }
        }
    }
    // "Did you make a $499.99 purchase at BEST BUY?": a card-fraud check with the amount
    // inside (the table's "did you make a purchase" holds nothing between).
    for k in 0..words.len().saturating_sub(3) {
        let asks = words[k] == "did"
            && words[k + 1] == "you"
            && matches!(
                words[k + 2],
                "make" | "attempt" | "authorize" | "authorise" | "use" | "request"
            );
        // ("Did you use your card at Target for $82.10?"; making a card is a chat's.)
        let used = words[k + 2] == "use";
        let what = |w: &&str| {
            matches!(
                *w,
                "purchase" | "transaction" | "payment" | "charge" | "withdrawal" | "transfer"
            ) || (used && *w == "card")
        };
        if let Some(j) = asks
            .then(|| words[k + 3..(k + 9).min(words.len())].iter().position(what))
            .flatten()
        {
            let quote = format!("{} ... {}", words[k..k + 3].join(" "), words[k + 3 + j]);
            push(&mut f.transactional, "security", quote);
            break;
        }
    }
    // Joining by text: "txt MUSIC to 87066", "Text LDW to 4900 to subscribe". Alerts and chats
    // do not ask for a keyword to a short code; opt-out and help footers do, so those keywords
    // are left out.
    let keyword = |w: &str| {
        !w.is_empty()
            && !s.join_skip.contains(w)
            && !t.keywords.get(w).is_some_and(|es| {
                es.iter()
                    .any(|e| matches!(e.intent, Intent::OptOut | Intent::Help))
            })
    };
    let short_code = |w: &&str| (3..=6).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
    for k in 0..words.len() {
        if !s.join_verb.contains(words[k]) {
            continue;
        }
        for n in 1..=2 {
            let (Some(kw), Some(to), Some(code)) = (
                words.get(k + 1..k + 1 + n),
                words.get(k + 1 + n),
                words.get(k + 2 + n),
            ) else {
                break;
            };
            if kw.iter().all(|w| keyword(w)) && s.join_to.contains(*to) && short_code(code) {
                push(
                    &mut f.promo,
                    "join",
                    format!("{} {} {to} {code}", words[k], kw.join(" ")),
                );
                break;
            }
        }
    }
    f.words = words.iter().map(|w| w.to_string()).collect();
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quotes of one kind of evidence.
    fn of_kind(list: &[Evidence], kind: &str) -> Vec<String> {
        list.iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.quote.clone())
            .collect()
    }

    #[test]
    fn government_hosts() {
        let g = government_host;
        for h in [
            "vcourts.gov.in",
            "irs.gov",
            "dvla.gov.uk",
            "service.gc.ca",
            "x.go.id",
        ] {
            assert!(g(h), "{h}");
        }
        for h in [
            "gov-pay.com",
            "ezpass-tolls.top",
            "go.io",
            "x.go.io",
            "gov.xyz",
        ] {
            assert!(!g(h), "{h}");
        }
    }

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

    #[test]
    fn joining_by_text_is_found_but_opt_out_and_help_footers_are_not() {
        let joins = |t: &str| of_kind(&find(t).promo, "join");
        assert_eq!(
            joins("Text LDW to 4900 to subscribe @N30 weekly"),
            ["text ldw to 4900"]
        );
        assert_eq!(joins("For details sms MU to 56070."), ["sms mu to 56070"]);
        assert_eq!(
            joins("Envía OFERTA al 12345 y gana"),
            ["envia oferta al 12345"]
        );
        assert_eq!(joins("Wyślij TAK na 7070"), ["wyslij tak na 7070"]);
        for t in [
            "Txt STOP to 87066 to end",
            "Text HELP to 12345",
            "send it to me",
            "text me at 5551234",
            "Para no recibir más SMS envía NO al 217221",
            "Baja: envía BAJA al 22555",
            "Manda un SMS al 12345",
            "Send a text to 12345",
        ] {
            assert!(joins(t).is_empty(), "{t}");
        }
    }

    fn quotes(t: &str) -> Vec<String> {
        promo_evidence(t).into_iter().map(|e| e.quote).collect()
    }

    #[test]
    fn percent_first_is_an_offer_but_a_url_escape_is_not() {
        assert!(quotes("Acme: %20 indirim! Kaçırmayın").contains(&"%20".to_string()));
        assert!(quotes("Bugün (%50) kampanya").contains(&"%50".to_string()));
        assert!(quotes("See acme.com/a%20b and acme.com/x?q=%25").is_empty());
    }

    #[test]
    fn premium_rate_numbers_are_evidence() {
        let premium = |t: &str| find(t).fraud.iter().any(|e| e.kind == "premium");
        assert!(premium("To claim call 09061700000 now"));
        assert!(premium("Ring 08712300220 quoting your code"));
        assert!(premium("Call 1-900-555-0100"));
        assert!(!premium("Call 0800 123 456 free"));
        assert!(!premium("Your code is 09061"));
        assert!(!premium("Call 02079460000"));
    }

    #[test]
    fn a_share_is_not_a_discount() {
        assert!(quotes("You have used 80% of your monthly data").is_empty());
        assert!(quotes("you have used 90% out of your time bundle").is_empty());
        assert_eq!(quotes("Take 30% off today"), ["30% off"]);
        assert!(quotes("Save 25% on everything").contains(&"25%".to_string()));
    }

    #[test]
    fn money_off_is_a_discount_and_a_plain_amount_a_price() {
        let promo = |t: &str| -> Vec<(&str, String)> {
            find(t)
                .promo
                .into_iter()
                .map(|e| (e.kind, e.quote))
                .collect()
        };
        assert_eq!(
            promo("Get $20 off your oil change"),
            [("offer", "$20 off".to_string())]
        );
        assert_eq!(
            promo("A payment of $45.20 was made"),
            [("price", "$45.20".to_string())]
        );
        assert_eq!(promo("Tickets £5 offline"), [("price", "£5".to_string())]);
        // Money moved to or by the account is not a price.
        assert_eq!(promo("Monzo: You've received £25.00 from Jamie"), []);
        assert_eq!(promo("Your account was credited $40.00"), []);
        // Only the word right before the amount counts (the account rows read this one).
        assert_eq!(
            promo("You paid Jake $12.50"),
            [("price", "$12.50".to_string())]
        );
    }

    #[test]
    fn a_table_of_returns_is_fraud_evidence() {
        let kinds = |t: &str| -> Vec<&str> { find(t).fraud.iter().map(|e| e.kind).collect() };
        assert_eq!(
            kinds("600rb GET 7jt 1jt GET 15jt 2jt GET 32jt"),
            ["returns"]
        );
        assert!(kinds("Buy 3 Get 2 free, Buy 4 Get 4 free").is_empty());
    }

    #[test]
    fn a_price_offered_is_an_offer() {
        assert!(quotes("Get 2GB for just N1,000").contains(&"just n1,000".to_string()));
        assert!(quotes("10MB for 1 day at N100 ONLY").contains(&"n100 only".to_string()));
        assert!(quotes("Daily tips @N50/wk").contains(&"@n50/wk".to_string()));
        // A fee or a balance is not an offer; neither is a time or a count.
        assert!(quotes("You have been credited with N45 at N5 service charge").is_empty());
        assert!(quotes("Only 2 days left to reply, just 5 minutes").is_empty());
    }

    #[test]
    fn a_shop_to_visit_is_not_a_call_to_shop() {
        assert!(quotes("Visit any Airtel shop with a valid ID").is_empty());
        assert!(quotes("The shop is closed on Monday").is_empty());
        assert_eq!(quotes("Shop the summer range"), ["shop"]);
    }

    #[test]
    fn the_registered_label_skips_country_second_levels() {
        use super::registrable_label as r;
        assert_eq!(r("secure.acme.com"), Some("acme"));
        assert_eq!(r("hsbc.manage-mypayee.co.uk"), Some("manage-mypayee"));
        assert_eq!(r("acme.com.au"), Some("acme"));
        assert_eq!(r("localhost"), None);
    }

    #[test]
    fn an_allowance_held_is_not_an_offer() {
        assert!(quotes("You have 5 MB free data valid till 2014-08-19").is_empty());
        assert!(quotes("Your SMS bundle has been granted a bonus of 1 SMS").is_empty());
        assert!(quotes("Are you still free for the call at 3?").is_empty());
        assert_eq!(quotes("Recharge N500 and get 50% bonus"), ["50%", "bonus"]);
        assert_eq!(quotes("You have won a FREE iPhone 15"), ["free"]);
        assert!(quotes("You have received 160MB in the Data Delight offer").is_empty());
        assert_eq!(quotes("Join the Data Delight offer today"), ["offer"]);
    }

    #[test]
    fn a_rate_of_pay_is_wage_evidence() {
        let wage = |t: &str| of_kind(&find(t).fraud, "wage");
        assert_eq!(wage("We pay $300/day, WhatsApp me"), ["300 day"]);
        assert_eq!(wage("earn 500 per day"), ["500 per day"]);
        assert!(wage("Take 1 tablet a day").is_empty());
    }
}
