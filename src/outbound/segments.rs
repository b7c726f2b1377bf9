//! SMS segment counting: GSM 03.38 (7-bit, with the extension table) or UCS-2.
//!
//! Owns: the exact character sets and the packing rules. GSM-7: 160 septets in one segment,
//! 153 per segment when concatenated; an extension character (two septets, ESC + code) is never
//! split across segments. UCS-2: 70 UTF-16 units alone, 67 when concatenated; a surrogate
//! pair is never split. Must not: guess at "smart encoding" substitutions; a character outside
//! GSM-7 makes the whole message UCS-2, as on the air interface.

use serde::Serialize;

/// GSM 03.38 basic character set (3GPP TS 23.038, table 6.2.1), as Unicode.
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// The extension table (table 6.2.1.1): each costs two septets.
const GSM_EXTENSION: &str = "\u{000C}^{}\\[~]|€";

/// Septets per ASCII character (0: not in GSM-7), built from the two tables at compile time.
const ASCII_SEPTETS: [u8; 128] = {
    let mut t = [0u8; 128];
    let (b, e) = (GSM_BASIC.as_bytes(), GSM_EXTENSION.as_bytes());
    let mut i = 0;
    while i < b.len() {
        if b[i] < 128 {
            t[b[i] as usize] = 1;
        }
        i += 1;
    }
    let mut i = 0;
    while i < e.len() {
        if e[i] < 128 {
            t[e[i] as usize] = 2;
        }
        i += 1;
    }
    t
};

/// `Some(septets)` for a GSM-7 character, `None` otherwise.
pub(crate) fn gsm_septets(c: char) -> Option<u32> {
    if c.is_ascii() {
        return match ASCII_SEPTETS[c as usize] {
            0 => None,
            n => Some(u32::from(n)),
        };
    }
    if GSM_BASIC.contains(c) {
        Some(1)
    } else if GSM_EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// How a text travels as SMS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Segments {
    /// `"GSM-7"` or `"UCS-2"`.
    pub encoding: &'static str,
    pub segments: u32,
    /// Unicode code points.
    pub characters: u32,
    /// Septets (GSM-7) or UTF-16 code units (UCS-2).
    pub units: u32,
    /// 160 or 153 (GSM-7), 70 or 67 (UCS-2).
    pub units_per_segment: u32,
    /// Distinct characters that forced UCS-2, in order of appearance.
    pub non_gsm_characters: Vec<String>,
}

/// Pack units greedily into segments of `size`, never splitting an item.
fn pack(items: impl Iterator<Item = u32>, size: u32) -> u32 {
    let mut segments = 1;
    let mut used = 0;
    for w in items {
        if used + w > size {
            segments += 1;
            used = 0;
        }
        used += w;
    }
    segments
}

/// Count the segments of an SMS.
///
/// ```
/// use consentry::outbound::sms_segments;
/// assert_eq!(sms_segments(&"a".repeat(160)).segments, 1);
/// assert_eq!(sms_segments(&"a".repeat(161)).segments, 2);
/// let s = sms_segments("Hi 😀");
/// assert_eq!((s.encoding, s.units, s.segments), ("UCS-2", 5, 1));
/// ```
pub fn sms_segments(text: &str) -> Segments {
    let characters = text.chars().count() as u32;
    let mut non_gsm: Vec<String> = Vec::new();
    // Linear de-duplication, whatever the input (a set, not a scan of the list).
    let mut seen = std::collections::HashSet::new();
    let mut septets = 0u32;
    for c in text.chars() {
        match gsm_septets(c) {
            Some(n) => septets += n,
            None => {
                if seen.insert(c) {
                    non_gsm.push(c.to_string());
                }
            }
        }
    }
    if non_gsm.is_empty() {
        let (segments, per) = if septets <= 160 {
            (1, 160)
        } else {
            (pack(text.chars().filter_map(gsm_septets), 153), 153)
        };
        return Segments {
            encoding: "GSM-7",
            segments,
            characters,
            units: septets,
            units_per_segment: per,
            non_gsm_characters: non_gsm,
        };
    }
    let units: u32 = text.chars().map(|c| c.len_utf16() as u32).sum();
    let (segments, per) = if units <= 70 {
        (1, 70)
    } else {
        (pack(text.chars().map(|c| c.len_utf16() as u32), 67), 67)
    };
    Segments {
        encoding: "UCS-2",
        segments,
        characters,
        units,
        units_per_segment: per,
        non_gsm_characters: non_gsm,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        assert_eq!(sms_segments("").segments, 1);
        assert_eq!(GSM_BASIC.chars().count(), 127); // 128 codes, one of them is ESC
        assert_eq!(sms_segments(&"a".repeat(160)).segments, 1);
        assert_eq!(sms_segments(&"a".repeat(161)).segments, 2);
        assert_eq!(sms_segments(&"a".repeat(306)).segments, 2);
        assert_eq!(sms_segments(&"a".repeat(307)).segments, 3);
        // An extension character at a segment boundary moves whole to the next segment.
        let s = sms_segments(&format!("{}€{}", "a".repeat(152), "a".repeat(10)));
        assert_eq!((s.units, s.segments), (164, 2));
        let s = sms_segments(&format!("{}€{}", "a".repeat(152), "a".repeat(152)));
        assert_eq!((s.units, s.segments), (306, 3)); // 152 | € + 151 | 1
        assert_eq!(sms_segments(&"€".repeat(80)).segments, 1);
        assert_eq!(sms_segments(&"€".repeat(81)).segments, 2);
        // UCS-2: 70 / 71 units; emoji are surrogate pairs, never split.
        assert_eq!(sms_segments(&"ж".repeat(70)).segments, 1);
        assert_eq!(sms_segments(&"ж".repeat(71)).segments, 2);
        assert_eq!(sms_segments(&"😀".repeat(35)).segments, 1);
        assert_eq!(sms_segments(&"😀".repeat(36)).segments, 2);
        let s = sms_segments(&format!("{}😀{}", "a".repeat(66), "a".repeat(10)));
        assert_eq!((s.units, s.segments), (78, 2));
        assert_eq!(s.non_gsm_characters, vec!["😀".to_string()]);
    }
}
