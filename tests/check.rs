//! `check_message`: every message rule in both directions per jurisdiction (table-driven), the
//! fix on the labelled dev split, and email checks on real raw messages.
mod common;

use consentry::outbound::{check_message, mail, Check, CheckOptions, Message};

fn opts(j: &str) -> CheckOptions {
    CheckOptions {
        jurisdiction: Some(j.to_string()),
        brand: Some("Acme".to_string()),
        ..Default::default()
    }
}

fn sms(text: &str, o: &CheckOptions) -> Check {
    check_message(&Message::Sms(text), o).unwrap()
}

fn codes(c: &Check) -> Vec<&'static str> {
    c.issues.iter().map(|i| i.code).collect()
}

/// (jurisdiction, options tweak, text, code that must fire, or None for "passes cleanly").
#[test]
fn sms_rules_fire_and_compliant_messages_pass() {
    type Tweak = fn(&mut CheckOptions);
    let none: Tweak = |_| {};
    let first: Tweak = |o| o.first_message = true;
    let one_way: Tweak = |o| o.two_way = false;
    let transactional: Tweak = |o| o.category = Some("transactional".into());
    let cases: &[(&str, Tweak, &str, Option<&str>)] = &[
        // Opt-out in marketing: every jurisdiction.
        ("US", none, "Acme: 20% off all shoes this weekend!", Some("OPT_OUT_MISSING")),
        ("US", none, "Acme: 20% off all shoes this weekend! Reply STOP to opt out", None),
        ("CA", none, "Acme: 20% off all shoes this weekend! acme.ca/contact", Some("OPT_OUT_MISSING")),
        ("CA", none, "Acme: 20% off all shoes this weekend! acme.ca/contact Reply STOP to unsubscribe", None),
        ("GB", none, "Acme: 20% off all shoes this weekend!", Some("OPT_OUT_MISSING")),
        ("GB", none, "Acme: 20% off all shoes this weekend! Reply STOP to opt out", None),
        ("AU", none, "Acme: 20% off all shoes this weekend! acme.com.au", Some("OPT_OUT_MISSING")),
        ("AU", none, "Acme: 20% off all shoes this weekend! acme.com.au Unsub: reply STOP", None),
        ("EU", none, "Acme: 20% off all shoes this weekend!", Some("OPT_OUT_MISSING")),
        ("FR", none, "Acme: -20% sur tout ce week-end! STOP au 36111", None),
        ("DE", none, "Acme: 20% off all shoes this weekend!", Some("OPT_OUT_MISSING")),
        // Sender identification.
        ("US", none, "20% off all shoes this weekend! Reply STOP to opt out", Some("SENDER_MISSING")),
        ("AU", none, "20% off all shoes this weekend! Unsub: reply STOP", Some("SENDER_MISSING")),
        ("GB", none, "20% off all shoes this weekend! Reply STOP to opt out", Some("SENDER_MISSING")),
        // Canada: transactional-type messages need sender, contact and unsubscribe too.
        ("CA", transactional, "Your order 1234 has shipped.", Some("OPT_OUT_MISSING")),
        ("CA", transactional, "Acme: your order 1234 has shipped. acme.ca/help Reply STOP to unsubscribe", None),
        ("CA", none, "Acme: 20% off all shoes this weekend! Reply STOP to unsubscribe", Some("CONTACT_MISSING")),
        // Elsewhere a transactional message needs no opt-out.
        ("US", transactional, "Acme: your order 1234 has shipped.", None),
        ("GB", transactional, "Acme: your order 1234 has shipped.", None),
        // A "transactional" message with promotion is marketing.
        ("US", transactional, "Acme: your order has shipped! Use code SAVE20 for 20% off your next order", Some("PROMOTION_IN_TRANSACTIONAL")),
        ("GB", transactional, "Acme: your order has shipped! Use code SAVE20 for 20% off your next order", Some("PROMOTION_IN_TRANSACTIONAL")),
        // US: no exclusive opt-out method; no public shorteners.
        ("US", none, "Acme: 20% off today. The only way to opt out is to reply STOP", Some("EXCLUSIVE_OPT_OUT")),
        ("US", none, "Acme: 20% off today at bit.ly/3xYz Reply STOP to opt out", Some("URL_SHORTENER")),
        ("US", none, "Acme: 20% off today at acme.com/sale Reply STOP to opt out", None),
        ("GB", none, "Acme: 20% off today at bit.ly/3xYz Reply STOP to opt out", None),
        // US first message: CTIA confirmation elements.
        ("US", first, "Acme: welcome! Reply STOP to opt out", Some("FIRST_MESSAGE_FREQUENCY_MISSING")),
        ("US", first, "Acme: welcome! Msg frequency varies. Reply STOP to opt out", Some("FIRST_MESSAGE_FEES_MISSING")),
        ("US", first, "Acme: welcome! Msg frequency varies. Msg&data rates may apply. Reply STOP to opt out", Some("FIRST_MESSAGE_HELP_MISSING")),
        ("US", first, "Acme Alerts: Thanks for subscribing! Msg frequency varies. Msg&data rates may apply. Reply HELP for help, STOP to opt out.", None),
        // One-way senders: a reply keyword cannot work; US needs the no-reply disclosure.
        ("GB", one_way, "Acme: 20% off today! Reply STOP to opt out", Some("OPT_OUT_UNREACHABLE")),
        ("GB", one_way, "Acme: 20% off today! Opt out: acme.co.uk/stop", None),
        ("US", one_way, "Acme: 20% off today! Opt out: acme.com/stop", Some("NO_REPLY_DISCLOSURE_MISSING")),
        ("US", one_way, "Acme: 20% off today! Replies not monitored. Opt out: acme.com/stop", None),
        // Fraud is refused everywhere.
        ("US", none, "Your bank account has been suspended. Verify your identity now at http://secure-bank-login.xyz/verify", Some("FRAUD_SUSPECTED")),
        // Conversational messages carry no marketing rules.
        ("US", none, "hey are we still on for lunch tomorrow?", None),
    ];
    let mut failures = Vec::new();
    for (j, tweak, text, want) in cases {
        let mut o = opts(j);
        tweak(&mut o);
        let r = sms(text, &o);
        let got = codes(&r);
        let errors: Vec<&str> = r
            .issues
            .iter()
            .filter(|i| i.severity == "error")
            .map(|i| i.code)
            .collect();
        let ok = match want {
            Some(code) => got.contains(code),
            None => errors.is_empty(),
        };
        if !ok {
            failures.push(format!(
                "{j} {text:?}: want {want:?}, got {got:?} (category {})",
                r.category
            ));
        }
        // Every issue names its rule and its source.
        for i in &r.issues {
            assert!(
                !i.rule.is_empty() && !i.source.is_empty() && !i.message.is_empty(),
                "{i:?}"
            );
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn issues_name_the_jurisdictions_rule() {
    let r = sms("Acme: 20% off all shoes this weekend!", &opts("AU"));
    assert_eq!(r.issues[0].rule, "AU-SPAM-04");
    let r = sms("Acme: 20% off all shoes this weekend!", &opts("fr"));
    assert_eq!(r.jurisdictions, vec!["EU"]);
    assert_eq!(r.issues[0].rule, "EU-EPR-02");
    // Unknown location: the union of every rule set.
    let mut o = opts("");
    o.jurisdiction = None;
    let r = sms("Acme: 20% off all shoes this weekend!", &o);
    assert_eq!(r.jurisdictions.len(), 5);
    let rule = &r
        .issues
        .iter()
        .find(|i| i.code == "OPT_OUT_MISSING")
        .unwrap()
        .rule;
    for id in [
        "US-CTIA-08",
        "CA-CASL-09",
        "UK-PECR-05",
        "AU-SPAM-04",
        "EU-EPR-02",
    ] {
        assert!(rule.contains(id), "{rule}");
    }
    assert!(check_message(&Message::Sms("x"), &opts("XX")).is_err());
    let mut o = opts("US");
    o.category = Some("promo".into());
    assert_eq!(
        check_message(&Message::Sms("x"), &o).unwrap_err().code(),
        "INVALID_ARGUMENT"
    );
    assert_eq!(
        check_message(&Message::Sms(&"a".repeat(20_000)), &opts("US"))
            .unwrap_err()
            .code(),
        "INPUT_TOO_LONG"
    );
}

#[test]
fn the_fix_adds_what_is_missing_and_shows_its_cost() {
    let r = sms("20% off all shoes this weekend!", &opts("US"));
    let fix = r.fix.unwrap();
    assert_eq!(
        fix.text,
        "Acme: 20% off all shoes this weekend!\nReply STOP to opt out"
    );
    assert_eq!(fix.resolves, vec!["SENDER_MISSING", "OPT_OUT_MISSING"]);
    assert_eq!(fix.segments.as_ref().unwrap().encoding, "GSM-7");
    assert!(sms(&fix.text, &opts("US")).ok);
    // A footer that pushes the text over 160 characters costs a segment, and says so.
    let long = format!("Acme: 20% off all shoes this weekend! {}", "a".repeat(120));
    let fix = sms(&long, &opts("US")).fix.unwrap();
    assert_eq!(fix.added_segments, Some(1));
    // First message: the CTIA elements, in GSM-7.
    let mut o = opts("US");
    o.first_message = true;
    o.category = Some("marketing".into());
    let fix = sms("Acme: welcome to Acme Deals!", &o).fix.unwrap();
    assert!(fix.text.contains("Msg frequency varies. Msg&data rates may apply. Reply HELP for help. Reply STOP to opt out"), "{}", fix.text);
    assert!(sms(&fix.text, &o).ok, "{}", fix.text);
    // Without the data a fix needs, it says what remains.
    let mut o = opts("GB");
    o.two_way = false;
    o.brand = None;
    let fix = sms("20% off today! Reply STOP to opt out", &o).fix.unwrap();
    assert!(
        fix.unresolved.contains(&"OPT_OUT_UNREACHABLE")
            && fix.unresolved.contains(&"SENDER_MISSING")
    );
    o.opt_out_url = Some("acme.co.uk/stop".into());
    o.brand = Some("Acme".into());
    let fixed = sms("20% off today! Reply STOP to opt out", &o).fix.unwrap();
    assert!(sms(&fixed.text, &o).ok, "{}", fixed.text);
}

/// On every labelled marketing message of the dev split: the fix, re-checked, has no opt-out
/// or sender issue left, and a GSM-7 message stays GSM-7.
#[test]
fn fixes_on_the_dev_split_pass_their_own_check() {
    let rows = common::read_csv("labelled/outbound_messages_dev.csv");
    let mut fixed = 0;
    let mut extra_segments = 0;
    for r in rows.iter().filter(|r| r["category"] == "marketing") {
        let mut o = opts("US");
        o.category = Some("marketing".into());
        let c = sms(&r["text"], &o);
        let Some(fix) = c.fix else { continue };
        if !fix.resolves.contains(&"OPT_OUT_MISSING") {
            continue;
        }
        fixed += 1;
        extra_segments += fix.added_segments.unwrap();
        let again = sms(&fix.text, &o);
        let left: Vec<_> = codes(&again)
            .into_iter()
            .filter(|c| matches!(*c, "OPT_OUT_MISSING" | "SENDER_MISSING"))
            .collect();
        assert!(left.is_empty(), "{:?} left in {:?}", left, fix.text);
        if c.segments.as_ref().unwrap().encoding == "GSM-7" {
            assert_eq!(
                fix.segments.as_ref().unwrap().encoding,
                "GSM-7",
                "{}",
                fix.text
            );
        }
    }
    println!("{fixed} marketing messages without an opt-out fixed; the footer cost {extra_segments} extra segments in all");
    assert!(fixed > 100);
}

fn fixture(name: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/email-fixtures");
    let path = dir.join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run `node scripts/fetch-email-fixtures.mjs` (make test does)",
            path.display()
        )
    });
    String::from_utf8_lossy(&bytes).into_owned()
}

fn email(raw: &str, j: &str) -> Check {
    let m = mail::parse_raw(raw).expect("a raw email");
    let o = CheckOptions {
        jurisdiction: Some(j.to_string()),
        category: Some("marketing".to_string()),
        ..Default::default()
    };
    check_message(&Message::Email(m), &o).unwrap()
}

/// Real raw messages (mail-parser's test corpus, fetched from PyPI).
#[test]
fn real_raw_emails() {
    // Mailchimp newsletter: List-Unsubscribe with HTTPS and mailto, List-Unsubscribe-Post,
    // a body unsubscribe link and a US postal address: compliant.
    let r = email(&fixture("mail_test_13.eml"), "US");
    let e = r.email.as_ref().unwrap();
    assert!(e.list_unsubscribe && e.one_click, "{e:?}");
    assert!(e
        .unsubscribe_link
        .as_deref()
        .unwrap()
        .contains("list-manage.com/unsubscribe"));
    assert!(
        e.postal_address.as_deref().unwrap().contains("PA 18940"),
        "{e:?}"
    );
    assert!(r.ok, "{:?}", r.issues);
    // French retailer: List-Unsubscribe without List-Unsubscribe-Post: no one-click.
    let r = email(&fixture("mail_test_5.eml"), "FR");
    assert_eq!(codes(&r), vec!["ONE_CLICK_MISSING"]);
    assert_eq!(
        r.email.as_ref().unwrap().subject,
        "Je prépare mon été zéro complexe !"
    );
    // Spam with a "click here" unsubscribe and a postal address but no List-Unsubscribe.
    let r = email(&fixture("mail_test_8.eml"), "US");
    assert_eq!(codes(&r), vec!["LIST_UNSUBSCRIBE_MISSING"]);
    assert!(r.opt_out.present);
    // A plain message with none of it.
    let r = email(&fixture("mail_test_3.eml"), "US");
    for c in [
        "OPT_OUT_MISSING",
        "UNSUBSCRIBE_LINK_MISSING",
        "LIST_UNSUBSCRIBE_MISSING",
        "POSTAL_ADDRESS_MISSING",
    ] {
        assert!(codes(&r).contains(&c), "{c} in {:?}", codes(&r));
    }
    // Canada also needs the mailing address.
    assert!(codes(&email(&fixture("mail_test_3.eml"), "CA")).contains(&"CONTACT_MISSING"));
    // Every fixture parses and checks without error, whatever its shape.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/email-fixtures");
    for entry in std::fs::read_dir(dir).unwrap() {
        let raw =
            String::from_utf8_lossy(&std::fs::read(entry.unwrap().path()).unwrap()).into_owned();
        if let Some(m) = mail::parse_raw(&raw) {
            check_message(&Message::Email(m), &CheckOptions::default()).unwrap();
        }
    }
}

#[test]
fn email_fix_and_parts() {
    let m = mail::from_parts(
        "Spring sale: 30% off",
        "",
        "<p>Hello! Everything is 30% off this week at Acme.</p>",
        vec![("From".into(), "Acme <news@acme.example>".into())],
    );
    let o = CheckOptions {
        jurisdiction: Some("US".into()),
        brand: Some("Acme".into()),
        opt_out_url: Some("https://acme.example/u/abc".into()),
        postal_address: Some("Acme Inc, 123 Main St, Springfield, IL 62701".into()),
        ..Default::default()
    };
    let r = check_message(&Message::Email(m.clone()), &o).unwrap();
    assert_eq!(r.category, "marketing");
    assert_eq!(r.sender.how, Some("brand"));
    let fix = r.fix.unwrap();
    assert!(fix.unresolved.is_empty(), "{fix:?}");
    assert!(fix
        .headers
        .iter()
        .any(|h| h.name == "List-Unsubscribe-Post" && h.value == "List-Unsubscribe=One-Click"));
    // Apply the fix and check again: clean.
    let mut headers = m.headers.clone();
    headers.extend(
        fix.headers
            .iter()
            .map(|h| (h.name.clone(), h.value.clone())),
    );
    let fixed = mail::from_parts(&m.subject, &fix.text, "", headers);
    let again = check_message(&Message::Email(fixed), &o).unwrap();
    assert!(again.ok, "{:?}", again.issues);
    // Transactional email needs none of the marketing footer; bulk rules only for bulk senders.
    let receipt = mail::from_parts(
        "Your receipt",
        "Acme: payment of $20.00 received for order 1234.",
        "",
        vec![("From".into(), "Acme <billing@acme.example>".into())],
    );
    let o = CheckOptions {
        jurisdiction: Some("US".into()),
        category: Some("transactional".into()),
        ..Default::default()
    };
    assert!(check_message(&Message::Email(receipt), &o).unwrap().ok);
}

#[test]
fn hostile_inputs_are_linear_and_safe() {
    // Large, deeply nested and malformed messages come back quickly with an answer.
    let mut raw =
        String::from("Subject: x\r\nContent-Type: multipart/mixed; boundary=\"a\"\r\n\r\n");
    for _ in 0..20 {
        raw.push_str("--a\r\nContent-Type: multipart/mixed; boundary=\"a\"\r\n\r\n");
    }
    raw.push_str(&"<a href=x>".repeat(100_000));
    let m = mail::parse_raw(&raw).unwrap();
    check_message(&Message::Email(m), &CheckOptions::default()).unwrap();
    let text = "STOP ".repeat(2_000);
    check_message(&Message::Sms(&text), &CheckOptions::default()).unwrap();
}

/// Sender identification without a brand, against the dev split's soft `sender_identified`
/// label. A capitalised word is not proof of who sends, so the heuristic is held to a
/// precision floor; recall is asserted above the level it had before well-known brands
/// counted (0.38; 0.14 before the sender's own domain did; 0.57 before a bare name in front,
/// "Cox You've used", counted; 0.59 at precision 0.74 before a name before a legal form,
/// "NTT Ltd", counted, 0.60 at 0.75; 0.59 at 0.78 once a throwaway domain, "yegkl8.com", named
/// no one; 0.59 at 0.80, "LOVE METER" no sign-off; 0.60 at 0.80, "DiDi Hey Ronny" a bare name
/// before a greeting; 0.59 at 0.81, no redaction, chat link or "Easter.Be" a name; now 0.60 at
/// 0.81, "Dear Stress Management customer" names whose customers; 0.61 at 0.82, "Your Swiss
/// Post parcel" too; 0.62 at 0.82, "Gsex POBOX 2667"; 0.62 at 0.83, a quoted saying's author,
/// "- Ralph Waldo Emerson", no sender; now 0.63 at 0.83, "wwwpizzahutcoin", a link stored with
/// its dots stripped).
/// `--nocapture` lists the disagreements.
#[test]
fn sender_heuristic_on_dev_split() {
    let (mut tp, mut fp, mut fneg) = (0u32, 0u32, 0u32);
    for r in common::read_csv("labelled/outbound_messages_dev.csv") {
        let s = consentry::outbound::find_sender(&r["text"], None, None);
        let want = r["sender_identified"] == "yes";
        match (want, s.identified) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fneg += 1,
            (false, false) => {}
        }
        if want != s.identified {
            println!(
                "{} {:?} {:?} | {}",
                if want { "FN" } else { "FP" },
                s.how,
                s.name,
                r["text"].chars().take(140).collect::<String>()
            );
        }
    }
    let precision = f64::from(tp) / f64::from((tp + fp).max(1));
    let recall = f64::from(tp) / f64::from((tp + fneg).max(1));
    println!("sender without brand: precision {precision:.3}, recall {recall:.3} ({tp} tp, {fp} fp, {fneg} fn)");
    assert!(precision >= 0.80, "precision {precision:.3}");
    assert!(recall >= 0.60, "recall {recall:.3}");
}

/// A promotion's headline before a colon is not a sender's name: such a message must still be
/// told to name its sender (probing, 2026-11-29: "Don't miss out:" passed as a name).
#[test]
fn headline_openings_are_not_senders() {
    senders_read_as(
        &[
            "Don't miss out: 2 for 1 pizzas tonight. Txt STOP to end",
            "Today only: free shipping on all orders! Reply STOP to unsubscribe",
            "Hurry: Sale ends Sunday. Reply STOP to opt out",
            "Last chance: renew today and get 3 months free",
            "Soldes du week-end : -30% sur tout le magasin",
            "Wochenend-Aktion: 30% auf alles im Laden",
            "Offerta del weekend: 30% di sconto su tutto",
            "Recordatorio: su cita es mañana a las 10:30",
            "Heads up: store closes early today",
            "Happy Friday: enjoy 20% off",
            "Members Only: early access starts now",
            "Nur heute: 20% Rabatt",
            "Good News: your refund is on the way",
        ],
        &[
            ("Acme: Flash sale! 30% off. Reply STOP to opt out", "Acme"),
            ("Big Lots: Hurry, sale ends Sunday", "Big Lots"),
            ("La Poste : votre colis arrive demain", "La Poste"),
            ("Monday Motors: your car is ready", "Monday Motors"),
            ("Acme News: the weekly digest is out", "Acme News"),
            (
                "Les Caisses Desjardins Your statement is ready",
                "Les Caisses Desjardins",
            ),
            (
                "From Acme Pizza: 2 for 1 tonight. Reply STOP to end",
                "Acme Pizza",
            ),
        ],
    );
}

/// In a text written in capitals the opening words look like a name and are not one: only a
/// marked prefix ("ACME: ...") or a name set apart by its lower case names the sender there.
#[test]
fn shouted_openings_are_not_senders() {
    senders_read_as(
        &[
            "QUIT SMOKING WITH OUR NEW PROGRAM. 20% OFF FIRST MONTH",
            "THE END IS NEAR! LAST DAY OF OUR BIG SALE. REPLY STOP TO END",
            "UR MOBILE NUMBER HAS WON 1,000,000 POUNDS IN THE PROMO",
        ],
        &[
            ("ACME: FLASH SALE 40% OFF TODAY ONLY. REPLY STOP TO END", "ACME"),
            (
                "Fristbank Your Acct 314XXXX354 Has Been Credited with NGN150,000.00 On 12 DEC BY TRANSFER",
                "Fristbank",
            ),
            ("Acme Pizza Your order is ready for pickup", "Acme Pizza"),
        ],
    );
}

/// A label in sentence case ("Lunch special:", "You're invited:") is a headline, not a name;
/// lower-case words that names hold ("of", "de", "&") keep a name, and in a text written all
/// in lower case the label still names its sender (probing, 2026-11-29, set 56).
#[test]
fn sentence_case_labels_are_not_senders() {
    senders_read_as(
        &[
            "Lunch special: any sandwich + drink for $8.99, 11-2 daily. Reply STOP to opt out",
            "You're invited: VIP shopping night Thursday 6-9pm. Reply STOP to opt out",
            "Don't forget - double points this weekend only! Reply STOP to opt out",
            "Exclusive for members: early access starts tomorrow. Reply STOP to opt out",
            "Spring cleaning special: 3 rooms for $99. Call 555-0142 to book.",
        ],
        &[
            (
                "Bank of America: Your statement is ready. View it in the app.",
                "Bank of America",
            ),
            (
                "Banco de Chile: Tu estado de cuenta está disponible.",
                "Banco de Chile",
            ),
            (
                "Ben & Jerry's: Free cone day is back! Reply STOP to opt out",
                "Ben & Jerry's",
            ),
            (
                "acme books: new arrivals this week. reply stop to opt out",
                "acme books",
            ),
            (
                "Acme Pizza: Lunch special, any slice + drink $5. Reply STOP to opt out",
                "Acme Pizza",
            ),
        ],
    );
}

/// A sign-off word that opens a text with no comma after it starts a name ("Best Buy"), and
/// "see us at" names the business after it (probing, 2026-11-29, set 59).
#[test]
fn sign_off_words_opening_a_name_and_visits() {
    senders_read_as(
        &[
            "Thank God for the weekend",
            "Love Triangle Who would you like to see Bella end up with?",
        ],
        &[
            (
                "Best Buy Black Friday deals are live! bestbuy.com Reply STOP to opt out",
                "bestbuy.com",
            ),
            (
                "Come see us at Bella's Boutique this weekend. Reply STOP to opt out",
                "Bella's Boutique",
            ),
            ("Great weekend ahead. Best, Acme Books", "Acme Books"),
            ("Sale ends tonight! Thanks, Acme", "Acme"),
        ],
    );
}

/// Each of `unnamed` names no sender; each of `named` names the one given.
fn senders_read_as(unnamed: &[&str], named: &[(&str, &str)]) {
    use consentry::outbound::find_sender;
    for text in unnamed {
        assert_eq!(find_sender(text, None, None).name, None, "{text}");
    }
    for (text, name) in named {
        assert_eq!(
            find_sender(text, None, None).name.as_deref(),
            Some(*name),
            "{text}"
        );
    }
}

/// A political text names its committee after "Paid for by", and an opt-in confirmation the
/// programme the person joined; a name may hold "of" ("Bank of America") and, for a
/// committee, "for", and ends with its sentence.
#[test]
fn sender_named_by_committee_or_programme() {
    use consentry::outbound::find_sender;
    for (text, name) in [
        (
            "Vote YES on Prop 12! Polls open 7am-8pm. Paid for by Citizens for Parks. Reply STOP to end",
            "Citizens for Parks",
        ),
        (
            "Thanks for signing up for Acme texts! Msg freq varies. Reply HELP for help, STOP to cancel.",
            "Acme",
        ),
        (
            "Thanks for subscribing to Acme News! Get 20% off with code NEWS20",
            "Acme News",
        ),
        (
            "This is an automated alert from Bank of America about a login attempt",
            "Bank of America",
        ),
    ] {
        let s = find_sender(text, None, None);
        assert_eq!(s.name.as_deref(), Some(name), "{text}");
    }
    // "for" joins a name only after "Paid for by": "from Airtel for 7 days" names Airtel.
    let s = find_sender("Free 10GB data from Airtel for Weekend use", None, None);
    assert_eq!(s.name.as_deref(), Some("Airtel"));
}

/// A well-known brand named in running text identifies the sender it claims; a channel
/// ("chat on WhatsApp") and a typo ("evri" for "every") do not.
#[test]
fn well_known_brands_in_running_text() {
    use consentry::outbound::find_sender;
    for (text, name) in [
        ("Your Netflix payment failed, update your card", "netflix"),
        ("Tu código Uber es 4821", "uber"),
        ("Y'ello! Your MTN data bundle expires today", "mtn"),
        (
            "Your parcel is with Royal Mail for delivery today",
            "royal mail",
        ),
    ] {
        let s = find_sender(text, None, None);
        assert_eq!(
            (s.how, s.name.as_deref()),
            (Some("known"), Some(name)),
            "{text}"
        );
    }
    for text in [
        "Chat with us on WhatsApp for a loan",
        "Blessings to evri one of you",
    ] {
        assert!(!find_sender(text, None, None).identified, "{text}");
    }
}
