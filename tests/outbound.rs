//! Outbound messages on the labelled dev split: opt-out detection per kind, classification
//! per category, and the segment counter's edge cases.
mod common;

use std::collections::BTreeMap;

use consentry::outbound::find_opt_out;

#[test]
fn opt_out_detection_on_the_dev_split() {
    let rows = common::read_csv("labelled/outbound_messages_dev.csv");
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut kinds: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new(); // (tp, fp, fn) by kind
    let mut keyword_ok = 0;
    let mut keyword_total = 0;
    for r in &rows {
        let o = find_opt_out(&r["text"]);
        let want = r["has_optout"] == "yes";
        let want_kind = r["optout_kind"].clone();
        match (want, o.present) {
            (true, true) => tp += 1,
            (false, true) => {
                fp += 1;
                println!(
                    "false positive ({:?} {:?}): {}",
                    o.kind, o.keyword, r["text"]
                );
            }
            (true, false) => {
                fn_ += 1;
                println!(
                    "missed ({want_kind} {}): {}",
                    r["optout_keyword"], r["text"]
                );
            }
            _ => {}
        }
        let got_kind = o.kind.unwrap_or("none").to_string();
        if want && o.present && got_kind != want_kind {
            println!("kind {got_kind} vs {want_kind}: {}", r["text"]);
        }
        for k in ["reply_keyword", "link", "call", "other"] {
            let e = kinds.entry(k.to_string()).or_default();
            match (want_kind == k, got_kind == k) {
                (true, true) => e.0 += 1,
                (false, true) => e.1 += 1,
                (true, false) => e.2 += 1,
                _ => {}
            }
        }
        if want_kind == "reply_keyword" && o.kind == Some("reply_keyword") {
            keyword_total += 1;
            if o.keyword.as_deref() == Some(r["optout_keyword"].as_str()) {
                keyword_ok += 1;
            } else {
                println!(
                    "keyword {:?} vs {:?}: {}",
                    o.keyword, r["optout_keyword"], r["text"]
                );
            }
        }
    }
    let precision = tp as f64 / (tp + fp) as f64;
    let recall = tp as f64 / (tp + fn_) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall);
    println!("opt-out presence: precision {precision:.3} recall {recall:.3} F1 {f1:.3} (tp {tp}, fp {fp}, fn {fn_})");
    for (k, (tp, fp, fn_)) in &kinds {
        let p = *tp as f64 / (*tp + *fp).max(1) as f64;
        let r = *tp as f64 / (*tp + *fn_).max(1) as f64;
        println!("  {k:<14} precision {p:.3} recall {r:.3} (tp {tp}, fp {fp}, fn {fn_})");
    }
    println!("reply keywords exactly right: {keyword_ok}/{keyword_total}");
    assert!(f1 >= 0.98, "opt-out F1 {f1:.3} < 0.98");
}

#[test]
fn classification_on_the_dev_split() {
    use consentry::outbound::classify_message;
    let rows = common::read_csv("labelled/outbound_messages_dev.csv");
    let cats = ["marketing", "transactional", "conversational", "fraud"];
    let mut m = [[0usize; 4]; 4];
    let mut otp_or_alert_as_marketing = Vec::new();
    let mut mixed_caught = (0, 0);
    let mut mixed_agree = 0;
    for r in &rows {
        let c = classify_message(&r["text"]);
        let want = cats.iter().position(|x| *x == r["category"]).unwrap();
        let got = cats.iter().position(|x| *x == c.category).unwrap();
        m[want][got] += 1;
        // "No transactional OTP or bank alert flagged as marketing": a labelled-transactional
        // code or account alert whose text has no promotional wording at all. (A receipt that
        // also says "Bonus: ..." is the labellers' judgement call and is printed, not asserted.)
        if want == 1 && got == 0 {
            let f = consentry::signals::find(&r["text"]);
            let alert = f
                .transactional
                .iter()
                .any(|e| matches!(e.kind, "otp" | "account"));
            if alert && f.promo.is_empty() {
                otp_or_alert_as_marketing.push(r["text"].clone());
            } else if alert {
                println!(
                    "alert with promotional wording predicted marketing: {}",
                    r["text"]
                );
            }
        }
        mixed_agree += usize::from((r["mixed"] == "yes") == c.mixed);
        if r["mixed"] == "yes" {
            mixed_caught.1 += 1;
            mixed_caught.0 += usize::from(c.category == "marketing");
        }
    }
    let total: usize = m.iter().flatten().sum();
    let right: usize = (0..4)
        .map(|a| {
            (0..4)
                .filter(|&b| (a == 0) == (b == 0))
                .map(|b| m[a][b])
                .sum::<usize>()
        })
        .sum();
    let acc = right as f64 / total as f64;
    println!("held-in (the shipped model was trained on this split; see data/model/REPORT.md for 5-fold CV)");
    println!("marketing-vs-rest accuracy {acc:.3}");
    for c in 0..4 {
        let predicted: usize = (0..4).map(|a| m[a][c]).sum();
        let support: usize = m[c].iter().sum();
        println!(
            "  {:<15} precision {:.3} recall {:.3}",
            cats[c],
            m[c][c] as f64 / predicted.max(1) as f64,
            m[c][c] as f64 / support.max(1) as f64
        );
    }
    println!(
        "mixed (transactional + promotion) classified marketing: {}/{}",
        mixed_caught.0, mixed_caught.1
    );
    // The `mixed` flag against its label (0.956 before an ad's own terms, "valid till Dec",
    // "delivered to your home", stopped counting as transactional content; 0.976 after).
    let mixed_acc = mixed_agree as f64 / rows.len() as f64;
    println!(
        "mixed flag agrees with the label: {mixed_agree}/{} ({mixed_acc:.3})",
        rows.len()
    );
    assert!(acc >= 0.95, "marketing-vs-rest accuracy {acc:.3}");
    assert!(mixed_acc >= 0.97, "mixed flag agreement {mixed_acc:.3}");
    assert!(
        otp_or_alert_as_marketing.is_empty(),
        "{otp_or_alert_as_marketing:?}"
    );
    // A pure one-time code or bank alert is never marketing, whatever the model says.
    for t in [
        "Your verification code is 493021. Never share this code.",
        "Acct 304XXXX489 debited NGN3,000.00 ATM WITHDRAWAL. Avail Bal NGN1,138.29",
        "123456 is your login code for Acme. Do not share it",
        "Your OTP for the transaction is 8841. Valid for 10 minutes.",
    ] {
        assert_eq!(classify_message(t).category, "transactional", "{t}");
    }
}

#[test]
fn model_file_is_well_formed() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/model/outbound_model.bin"
    ))
    .unwrap();
    assert!(consentry::outbound::classify::Model::from_bytes(&bytes).is_some());
}

/// The composed footers written all in capitals, or all in lower case, keep their kind and
/// keyword: in capitals nothing but the words says where a keyword ends ("RÉPONDEZ STOP POUR
/// VOUS DÉSABONNER" is STOP), in lower case nothing marks the keyword ("stop au 36111").
/// Known exceptions are listed by their original text.
#[test]
fn footers_in_capitals_or_lower_case_keep_their_keyword() {
    const KNOWN_CAPITALS: &[&str] = &[
        "Acme: Reply YES to confirm your appointment or NO to cancel it.",
        "Acme: Today only: free fries with any burger! STOP=stop",
        "ACME DEALS: Up to 50% off TVs this wknd. STOP=stop",
        "Acme: Your delivery was put on stop at our depot. SMS Code 4411 for details",
        // In capitals "SMS VISIT" reads as "text VISIT".
        "Acme: 20% off. To stop promotional SMS visit acme.com/x",
        // In capitals the words after "REPLY WITH" read as its keyword.
        "Acme: Reply with your order number to stop the delivery",
        // In capitals (or lower case, below) no name shows: "from ACME" could be from anything.
        "Acme: 20% off. Unsubscribe from Acme: acme.com/x",
    ];
    const KNOWN_LOWER: &[&str] = &[
        "Acme: Last call for 2x points - Reply S to stop",
        "Acme: Cyber deals start now. Reply OUT to opt out",
        "Acme: Hot deals daily! To opt out call XXX-XXX-XXXX",
        // "odpisz nie" (reply no) in lower case is a sentence, not a keyword.
        "Acme: Promocja! Aby zrezygnować z SMS, odpisz NIE",
        "Acme: 20% off. Unsubscribe from Acme: acme.com/x",
    ];
    let rows = common::tsv_rows(include_str!("data/footers_composed.tsv"));
    let mut failures = Vec::new();
    for cols in &rows {
        if cols[1].starts_with('?') {
            continue;
        }
        let mut variants = Vec::new();
        if !KNOWN_CAPITALS.contains(&cols[0]) {
            variants.push(cols[0].to_uppercase());
        }
        if !KNOWN_LOWER.contains(&cols[0]) {
            variants.push(cols[0].to_lowercase());
        }
        failures.extend(
            variants
                .iter()
                .filter_map(|v| footer_misread(v, cols[1], cols[2])),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The footer read in `v`, when it is not `kind` with `keyword` (any case).
fn footer_misread(v: &str, kind: &str, keyword: &str) -> Option<String> {
    let o = find_opt_out(v);
    let got = (
        o.kind.unwrap_or("-"),
        o.keyword.as_deref().unwrap_or("-").to_uppercase(),
    );
    (got != (kind, keyword.to_uppercase()))
        .then(|| format!("{v:?}: want {kind} {keyword}, got {got:?}"))
}

/// What senders put around a footer changes nothing: a rates line after it, a bracketed brand
/// before, an emoji, a link or spaces after, a line break after the first sentence. Known
/// exceptions: a call footer whose number is missing takes the next number or link.
#[test]
fn footers_keep_their_keyword_with_more_around() {
    const KNOWN: &[&str] = &[
        "Acme Store: Flat 40% off winterwear this weekend. T&C apply. To opt out call",
        // "to stop?" takes a link two sentences on as its method.
        "Acme: Who says you have to stop? Reply MORE for 2x points",
    ];
    let rows = common::tsv_rows(include_str!("data/footers_composed.tsv"));
    let mut failures = Vec::new();
    for cols in rows.iter().filter(|c| !c[1].starts_with('?')) {
        let text = cols[0];
        let mut variants = vec![
            format!("[Acme] {text}"),
            format!("{text} \u{1F389}"),
            format!("{text}  "),
            text.replacen(". ", ".\n", 1),
        ];
        if !KNOWN.contains(&text) {
            variants.push(format!("{text}. Msg&data rates may apply."));
            variants.push(format!("{text} acme.co/t"));
        }
        failures.extend(
            variants
                .iter()
                .filter_map(|v| footer_misread(v, cols[1], cols[2])),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Our own footers in several languages and forms (`tests/data/footers_composed.tsv`),
/// written apart from the dev split, with look-alikes that are not opt-outs.
#[test]
fn composed_footers_generalise() {
    let rows = common::tsv_rows(include_str!("data/footers_composed.tsv"));
    let mut failures = Vec::new();
    let mut known = 0;
    for cols in &rows {
        assert_eq!(cols.len(), 3, "row: {cols:?}");
        // "?-": a miss we measured and left, kept in the set so it stays visible.
        let (kind, is_known) = match cols[1].strip_prefix('?') {
            Some(k) => (k, true),
            None => (cols[1], false),
        };
        let o = find_opt_out(cols[0]);
        let got = (
            o.kind.unwrap_or("-"),
            o.keyword.as_deref().unwrap_or("-").to_string(),
        );
        let right = got == (kind, cols[2].to_string()) && o.present == (kind != "-");
        if is_known {
            known += usize::from(!right);
        } else if !right {
            failures.push(format!(
                "{:?}: want {kind} {}, got {got:?}",
                cols[0], cols[2]
            ));
        }
    }
    println!(
        "composed footers: {} rows, {known} known misses",
        rows.len()
    );
    assert!(rows.len() >= 40, "{} rows", rows.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Our own typical messages per category (`tests/data/messages_composed.tsv`): an order
/// update is never read as fraud, a look-alike login link never as transactional.
#[test]
fn composed_messages_are_classified() {
    let rows = common::tsv_rows(include_str!("data/messages_composed.tsv"));
    let mut failures = Vec::new();
    let (mut known, mut known_now_right) = (0, 0);
    for cols in &rows {
        let got = consentry::outbound::classify_message(cols[1]).category;
        // "?marketing": a miss we measured and left, kept in the set so it stays visible.
        let (want, is_known) = match cols[0].strip_prefix('?') {
            Some(w) => (w, true),
            None => (cols[0], false),
        };
        let right = want.split('|').any(|w| w == got);
        if is_known {
            known += 1;
            known_now_right += usize::from(right);
            if right {
                println!("known miss now read right: {}", cols[1]);
            }
        } else if !right {
            failures.push(format!("{:?}: want {want}, got {got}", cols[1]));
        }
    }
    println!("composed messages: {} rows, {known} known misses ({known_now_right} of them now read right)", rows.len());
    assert!(rows.len() >= 20, "{} rows", rows.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Case changes no category: every composed message read right keeps its category written all
/// in capitals and all in lower case (there a sender's name in front, "acme books: ...", and
/// a link, "REVOLUTSECURE.ICU", read as they do in mixed case). Known exceptions: a chat that
/// greets or introduces someone by name is found by its capitals, and a merchant's domain in a
/// card alert ("at NIKE.COM") is told from a link by its capitals (read as a link there: the
/// safer way), and a cart reminder reads as fraud in capitals (blocked: the safer way too).
#[test]
fn composed_messages_keep_their_category_in_capitals_and_lower_case() {
    const KNOWN: &[&str] = &[
        "Hi Jen, it's Mark from Acme Realty. Are you free for a viewing on Saturday?",
        "Hey it's Tom from the shop, your bike's ready whenever you want to grab it",
        "Hi, this is Maria from the front desk, your car is ready whenever you are",
        "Hi Tom, this is Dr. Lee's office returning your call. Call us back when you get a chance.",
        "Got it, I'll let the manager know about the issue with your order.",
        "Hola! Soy Laura de la inmobiliaria, ¿te va bien ver el piso el sábado a las 11?",
        "Hi Karen, your contractor here - I'll be 15 min late, traffic on 95.",
        "Navy Federal: Card ending 2210 was used online for $89.99 at NIKE.COM. Not you? Reply NO",
        "Your card ending 4421 was used for $23.10 at AMAZON.COM. Not you? Call 1-800-432-1000",
        // A chat reading made marketing by its call to act; in capitals the model reads fraud
        // (a cart lure's shape), as it does "Your cart misses you" in any case.
        "You left something behind! Complete your purchase: acme.com/cart",
    ];
    let rows = common::tsv_rows(include_str!("data/messages_composed.tsv"));
    let mut failures = Vec::new();
    let mut n = 0;
    for cols in &rows {
        let (want, text) = (cols[0], cols[1]);
        let base = consentry::outbound::classify_message(text).category;
        if want.starts_with('?') || !want.split('|').any(|w| w == base) || KNOWN.contains(&text) {
            continue;
        }
        for v in [text.to_uppercase(), text.to_lowercase()] {
            let got = consentry::outbound::classify_message(&v).category;
            if got != base {
                failures.push(format!("{v:?}: {base} as written, {got} here"));
            }
            n += 1;
        }
    }
    common::assert_all_read(&failures, n, 1500);
}

/// An opt-out footer does not make a notice marketing: US programmes add "Reply STOP to opt
/// out" to alerts too. Every composed transactional message read right stays transactional
/// with one. Known exceptions: a fine with its amount, and a parcel "to collect" (read as the
/// lure it resembles).
#[test]
fn an_opt_out_footer_keeps_a_notice_a_notice() {
    const KNOWN: &[&str] = &[
        "City Parking: You have an unpaid parking fine of £35 for PCN AB12345. Pay at springfield.gov.uk/pcn within 14 days",
        "Royal Mail: We tried to deliver your parcel today. It's now at your local delivery office. Bring ID to collect.",
    ];
    let rows = common::tsv_rows(include_str!("data/messages_composed.tsv"));
    let mut failures = Vec::new();
    let mut n = 0;
    for cols in &rows {
        let (want, text) = (cols[0], cols[1]);
        let stop = text.to_lowercase().contains("stop");
        if want != "transactional" || stop || KNOWN.contains(&text) {
            continue;
        }
        if consentry::outbound::classify_message(text).category != want {
            continue;
        }
        let v = format!("{text} Reply STOP to opt out.");
        let got = consentry::outbound::classify_message(&v).category;
        if got != want {
            failures.push(format!("{v:?}: {got}"));
        }
        n += 1;
    }
    common::assert_all_read(&failures, n, 250);
}

/// An ad whose only transactional words state its own terms ("valid till", "delivered to your
/// home", "on every recharge") is marketing, not mixed: no transaction of the reader's is in it
/// (labelled dev split: 18 such ads were read mixed, 16 labelled not).
#[test]
fn an_ads_own_terms_do_not_make_it_mixed() {
    for t in [
        "Burgers now delivered to your home! Get a free burger on orders above Rs 200, valid till Dec 31",
        "Get 75% bonus on every recharge to call any network. Recharge N1000 today!",
        "Flat 20% off winter wear this weekend only, valid till Sunday. Shop now acme.in",
    ] {
        let c = consentry::outbound::classify_message(t);
        assert_eq!((c.category, c.mixed), ("marketing", false), "{t}: {c:?}");
    }
}

/// An update carrying a promotion is marketing and says it is mixed; the same update without
/// the promotion is transactional and not mixed (our twentieth composed batch).
#[test]
fn updates_with_a_promotion_are_mixed() {
    let pairs = [
        ("Acme: Your order #3321 has shipped! Use code THANKS15 for 15% off your next order.", "Acme: Your order #3321 has shipped. Track it: acme.com/t/3321"),
        ("Your appointment is confirmed for Fri 2pm. Book a second service before Dec 31 and save $25!", "Your appointment is confirmed for Fri 2pm at Acme Dental. Reply C to cancel."),
        ("Your statement is ready. Upgrade to Premium today and get 3 months free: acmebank.com/premium", "Your statement for November is ready to view in online banking."),
        ("Thanks for your payment of $45.00. Refer a friend and you both get $10 credit!", "Thanks for your payment of $45.00 to Acme Water. Ref 99120."),
        ("Flight UA22 is on time. Treat yourself: 20% off lounge passes today in the United app.", "Flight UA22 is on time. Boarding at gate C7 from 13:40."),
    ];
    for (promo, plain) in pairs {
        let c = consentry::outbound::classify_message(promo);
        assert_eq!((c.category, c.mixed), ("marketing", true), "{promo}: {c:?}");
        let c = consentry::outbound::classify_message(plain);
        assert_eq!(
            (c.category, c.mixed),
            ("transactional", false),
            "{plain}: {c:?}"
        );
    }
}
