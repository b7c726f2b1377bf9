//! Unicode normalisation (NFC, NFKC, canonical decomposition) from compact tables.
//!
//! Owns: the normalisation algorithm of UAX #15 (full decomposition, canonical ordering,
//! canonical composition, Hangul arithmetic) over tables that `build.rs` writes from the
//! unicode-normalization crate. The tables are a quarter of the crate's size in the wasm,
//! and `tests/unicode.rs` checks every code point against the crate.
//! Must not: apply anything beyond the standard forms (no case folding, no look-alikes).

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use crate::inbound::Fnv;

const BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/unicode.bin"));

#[derive(Clone, Copy)]
struct Entry {
    ccc: u8,
    canon: Option<&'static str>,
    compat: Option<&'static str>,
}

struct Tables {
    entries: HashMap<u32, Entry, BuildHasherDefault<Fnv>>,
    compose: HashMap<(u32, u32), char, BuildHasherDefault<Fnv>>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let u32_at =
            |i: usize| u32::from_le_bytes([BLOB[i], BLOB[i + 1], BLOB[i + 2], BLOB[i + 3]]);
        let count = u32_at(0) as usize;
        let mut at = 4;
        let mut cp = 0u32;
        let mut entries = HashMap::with_capacity_and_hasher(count, BuildHasherDefault::default());
        // The blob comes from build.rs; its layout is fixed there.
        let str_at = |at: &mut usize| -> &'static str {
            let len = BLOB[*at] as usize;
            let s = std::str::from_utf8(&BLOB[*at + 1..*at + 1 + len]).unwrap_or("");
            *at += 1 + len;
            s
        };
        for _ in 0..count {
            let mut delta = 0u32;
            let mut shift = 0;
            loop {
                let b = BLOB[at];
                at += 1;
                delta |= u32::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            cp += delta;
            let ccc = BLOB[at];
            let flags = BLOB[at + 1];
            at += 2;
            let canon = (flags & 1 != 0).then(|| str_at(&mut at));
            let compat = (flags & 2 != 0).then(|| str_at(&mut at));
            entries.insert(cp, Entry { ccc, canon, compat });
        }
        let pairs = u32_at(at) as usize;
        at += 4;
        let mut compose = HashMap::with_capacity_and_hasher(pairs, BuildHasherDefault::default());
        for k in 0..pairs {
            let i = at + 12 * k;
            if let Some(c) = char::from_u32(u32_at(i + 8)) {
                compose.insert((u32_at(i), u32_at(i + 4)), c);
            }
        }
        Tables { entries, compose }
    })
}

const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;

/// Canonical combining class.
pub(crate) fn ccc(c: char) -> u8 {
    if c.is_ascii() {
        return 0;
    }
    tables().entries.get(&(c as u32)).map_or(0, |e| e.ccc)
}

/// Full canonical (or, with `compat`, compatibility) decomposition of `c`, to `f`.
pub(crate) fn decompose(c: char, compat: bool, mut f: impl FnMut(char)) {
    if c.is_ascii() {
        return f(c);
    }
    let s = c as u32;
    if (S_BASE..S_BASE + S_COUNT).contains(&s) {
        let i = s - S_BASE;
        let l = L_BASE + i / N_COUNT;
        let v = V_BASE + (i % N_COUNT) / T_COUNT;
        let t = T_BASE + i % T_COUNT;
        for x in [l, v].into_iter().chain((t != T_BASE).then_some(t)) {
            f(char::from_u32(x).unwrap_or(c));
        }
        return;
    }
    match tables().entries.get(&s) {
        Some(e) => {
            let d = if compat {
                e.compat.or(e.canon)
            } else {
                e.canon
            };
            match d {
                Some(d) => d.chars().for_each(f),
                None => f(c),
            }
        }
        None => f(c),
    }
}

fn compose_pair(a: char, b: char) -> Option<char> {
    let (a32, b32) = (a as u32, b as u32);
    if (L_BASE..L_BASE + L_COUNT).contains(&a32) && (V_BASE..V_BASE + V_COUNT).contains(&b32) {
        return char::from_u32(S_BASE + ((a32 - L_BASE) * V_COUNT + (b32 - V_BASE)) * T_COUNT);
    }
    if (S_BASE..S_BASE + S_COUNT).contains(&a32)
        && (a32 - S_BASE).is_multiple_of(T_COUNT)
        && (T_BASE + 1..T_BASE + T_COUNT).contains(&b32)
    {
        return char::from_u32(a32 + (b32 - T_BASE));
    }
    tables().compose.get(&(a32, b32)).copied()
}

/// Normalise `s`: NFC (`compat = false`) or NFKC (`compat = true`). Linear in the input,
/// except canonical reordering, which is O(k log k) in the length k of a run of marks.
pub fn normalize(s: &str, compat: bool) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let mut d: Vec<(char, u8)> = Vec::with_capacity(s.len());
    for c in s.chars() {
        decompose(c, compat, |x| d.push((x, ccc(x))));
    }
    // Canonical ordering: stable sort of every run of non-starters by class.
    let mut i = 0;
    while i < d.len() {
        if d[i].1 == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < d.len() && d[i].1 != 0 {
            i += 1;
        }
        d[start..i].sort_by_key(|x| x.1);
    }
    // Canonical composition.
    let mut out: Vec<char> = Vec::with_capacity(d.len());
    let mut starter: Option<usize> = None;
    let mut last_ccc = 0u8;
    for (c, cc) in d {
        if let Some(si) = starter {
            let adjacent = out.len() == si + 1;
            let unblocked = adjacent || (last_ccc != 0 && last_ccc < cc);
            if unblocked {
                if let Some(comp) = compose_pair(out[si], c) {
                    out[si] = comp;
                    continue;
                }
            }
        }
        if cc == 0 {
            starter = Some(out.len());
        }
        last_ccc = cc;
        out.push(c);
    }
    out.into_iter().collect()
}

/// NFC.
pub fn nfc(s: &str) -> String {
    normalize(s, false)
}

/// NFKC.
pub fn nfkc(s: &str) -> String {
    normalize(s, true)
}
