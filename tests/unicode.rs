//! The compact normalisation tables against the unicode-normalization crate: every code point,
//! then random strings mixing starters and combining marks.
use consentry::unicode::{nfc, nfkc};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

#[test]
fn every_code_point_matches_the_reference() {
    let mut checked = 0;
    for cp in 0..=0x10FFFFu32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        let s = c.to_string();
        assert_eq!(nfc(&s), s.nfc().collect::<String>(), "NFC of U+{cp:04X}");
        assert_eq!(nfkc(&s), s.nfkc().collect::<String>(), "NFKC of U+{cp:04X}");
        checked += 1;
    }
    assert!(checked > 1_100_000);
}

fn piece() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec![
            'a', 'e', 'u', 'A', 'E', 'O', 'n', 'ᄀ', '가', 'ᅡ', 'ᆨ', 'ﬁ', 'Å', 'ǖ', 'ạ', 'ά', 'й',
            'ö'
        ]),
        (0x0300u32..0x0370).prop_map(|c| char::from_u32(c).unwrap()),
        (0x0591u32..0x05C8).prop_map(|c| char::from_u32(c).unwrap_or('a')),
        any::<char>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
    #[test]
    fn strings_match_the_reference(v in prop::collection::vec(piece(), 0..12)) {
        let s: String = v.into_iter().collect();
        prop_assert_eq!(nfc(&s), s.nfc().collect::<String>());
        prop_assert_eq!(nfkc(&s), s.nfkc().collect::<String>());
    }
}
