//! Property tests: every keyword of every table still matches under disguises (case, surrounding
//! punctuation, emoji, zero-width characters, full-width forms, extra spaces), and no guard
//! idiom ever yields a certain opt-out.

use consentry::inbound::{detect_keyword, keyword_table, Confidence, DetectOptions, Intent};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Disguise {
    case_bits: u64,
    zero_width: Vec<usize>,
    before: &'static str,
    after: &'static str,
    full_width: bool,
    space: &'static str,
}

fn disguise() -> impl Strategy<Value = Disguise> {
    (
        any::<u64>(),
        prop::collection::vec(0usize..64, 0..3),
        prop::sample::select(vec![
            "", " ", "  ", "\"", "\u{201C}", "(", "\u{00A0}", "\u{FEFF}", "🛑 ", "👉 ", "\n",
        ]),
        prop::sample::select(vec![
            "",
            ".",
            "!",
            "!!!",
            "?",
            "...",
            "\u{201D}",
            ")",
            " 🙏",
            " 😡",
            " \u{2764}\u{FE0F}",
            "\n",
            "  ",
        ]),
        any::<bool>(),
        prop::sample::select(vec![
            " ",
            "  ",
            "\u{00A0}",
            "\u{202F}",
            "\u{3000}",
            " \u{200B}",
        ]),
    )
        .prop_map(
            |(case_bits, zero_width, before, after, full_width, space)| Disguise {
                case_bits,
                zero_width,
                before,
                after,
                full_width,
                space,
            },
        )
}

fn apply(text: &str, d: &Disguise) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if c == ' ' {
            out.push_str(d.space);
            continue;
        }
        let c = if d.case_bits >> (i % 64) & 1 == 1 {
            c.to_uppercase().next().unwrap_or(c)
        } else {
            c
        };
        let c = if d.full_width && c.is_ascii_graphic() {
            char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c)
        } else {
            c
        };
        out.push(c);
        if d.zero_width.contains(&i) {
            out.push('\u{200B}');
        }
    }
    format!("{}{}{}", d.before, out, d.after)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_keyword_survives_disguises(d in disguise()) {
        for k in keyword_table() {
            let text = apply(k.term, &d);
            let r = detect_keyword(&text, &DetectOptions::default()).unwrap();
            let want = if k.weak { Confidence::Probable } else { Confidence::Certain };
            prop_assert_eq!(r.intent, k.intent, "{:?} ({}) disguised as {:?}: {:?}", k.term, k.language, text, r);
            prop_assert!(r.confidence >= want, "{:?} disguised as {:?}: {:?}", k.term, text, r);
        }
    }

    #[test]
    fn guard_idioms_are_never_certain(d in disguise()) {
        let templates = [
            "{k} by later", "the bus {k} is here", "can't {k} laughing", "i will {k} the car tomorrow",
            "don't {k}", "we have got to {k} this bill from passing", "at the {k} of the day",
            "my sister won't {k} calling", "where do i {k}?", "the next {k} is mine",
        ];
        for k in keyword_table().iter().filter(|k| k.intent == Intent::OptOut && k.strong && k.language == "en" && !k.term.contains(' ')) {
            for t in templates {
                let text = apply(&t.replace("{k}", k.term), &d);
                let r = detect_keyword(&text, &DetectOptions::default()).unwrap();
                prop_assert!(!(r.intent == Intent::OptOut && r.confidence == Confidence::Certain), "{:?}: {:?}", text, r);
            }
        }
    }
}
