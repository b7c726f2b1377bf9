//! Build script: compact copies of the data tables for embedding.
//!
//! The tables in `data/` keep a source for every row; the copies compiled into the library
//! drop the `source` column (the last one) where it is documentation only; rule tables whose
//! sources are quoted in results keep it, and leading cells that repeat from row to row are
//! written once per section (see [`sections`]); a modifier's language cell is kept only for
//! German, the one language it changes; a keyword's flags are written as one-letter codes
//! (`src/inbound/flag_codes.rs`); empty cells that end a row are left out. Column order, rows and comments are kept;
//! `text::table_rows` reads both forms.
use std::{env, fs, path::Path};

/// (table, drop its source column?). Rule tables keep their sources: results quote them.
const TABLES: &[(&str, bool)] = &[
    ("data/keywords/keywords.tsv", true),
    ("data/keywords/modifiers.tsv", true),
    ("data/keywords/providers.tsv", true),
    ("data/keywords/confusables.tsv", true),
    ("data/keywords/spellings.tsv", true),
    ("data/keywords/hant.tsv", true),
    ("data/outbound/promo_signals.tsv", true),
    ("data/outbound/optout_lexicon.tsv", true),
    ("data/outbound/transactional_signals.tsv", true),
    ("data/outbound/fraud_signals.tsv", true),
    ("data/outbound/sender_words.tsv", true),
    ("data/outbound/contact_words.tsv", true),
    ("data/outbound/classify_words.tsv", true),
    ("data/rules/disclosure_phrases.tsv", true),
    ("data/rules/footers.tsv", true),
    ("data/rules/suggestions.tsv", true),
    ("data/rules/optout_deadlines.tsv", false),
];

fn main() {
    let out = env::var("OUT_DIR").expect("OUT_DIR");
    unicode_tables(&out);
    for &(path, strip) in TABLES {
        println!("cargo:rerun-if-changed={path}");
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut lines: Vec<String> = Vec::new();
        let width = text.lines().next().map_or(0, |h| h.split('\t').count());
        for line in text.lines() {
            assert!(
                !line.starts_with(SECTION),
                "{path}: a row starts with U+001E"
            );
            let cols: Vec<&str> = line.split('\t').collect();
            let row = !line.trim().is_empty() && !line.starts_with('#');
            assert!(
                !row || cols.len() == width,
                "{path}: {} columns, the header has {width}: {line:?}",
                cols.len()
            );
            let mut keep: Vec<&str> = if strip && cols.len() > 1 {
                cols[..cols.len() - 1].to_vec()
            } else {
                cols.clone()
            };
            // A modifier's language only matters for German (its umlauts are also loaded
            // spelled out); any other is written "*", so rows of one role share a section.
            if path.ends_with("modifiers.tsv") && !lines.is_empty() && keep[0] != "de" {
                keep[0] = "*";
            }
            // Empty cells that end a row are left out (`text::table_rows` puts them back).
            while strip && row && !lines.is_empty() && keep.len() > 1 && keep.last() == Some(&"") {
                keep.pop();
            }
            lines.push(keep.join("\t"));
        }
        let name = Path::new(path).file_name().expect("file name");
        if path.ends_with("keywords/keywords.tsv") {
            println!("cargo:rerun-if-changed=src/inbound/flag_codes.rs");
            for line in lines.iter_mut().skip(1) {
                *line = flags_as_codes(line);
            }
            group_rows(&mut lines);
        }
        fs::write(Path::new(&out).join(name), sections(&lines)).expect("write table");
    }
}

/// The keyword table's flags, word and code.
const FLAG_CODES: &[(&str, char)] = include!("src/inbound/flag_codes.rs");

/// A keyword row with its flags cell (the fifth) written as one-letter codes ("strong
/// sentence" as "SN"): about 0.2 KB of gzip. Every flag word must have a code.
fn flags_as_codes(line: &str) -> String {
    let mut cells: Vec<String> = line.split('\t').map(String::from).collect();
    if let Some(flags) = cells.get_mut(4) {
        *flags = flags
            .split_whitespace()
            .map(|f| {
                let code = FLAG_CODES.iter().find(|(w, _)| *w == f);
                code.unwrap_or_else(|| panic!("keywords.tsv: unknown flag {f:?} in {line:?}"))
                    .1
            })
            .collect();
    }
    cells.join("\t")
}

/// Brings the keyword rows of one language, intent and kind together (languages, intents and
/// kinds in the order they first appear, so English stays first; rows of a group keep their
/// order, but for single keywords, sorted): a language's rows share words, and gzip finds them
/// closer. About 1.9 KB of gzip.
/// Readers must not depend on the order of rows across groups (a test reads both orders).
fn group_rows(lines: &mut [String]) {
    let mut firsts: Vec<Vec<String>> = vec![Vec::new(); 3];
    let key = |line: &String, firsts: &mut Vec<Vec<String>>| -> Vec<usize> {
        line.split('\t')
            .take(3)
            .zip(firsts.iter_mut())
            .map(|(cell, seen)| {
                seen.iter().position(|s| s == cell).unwrap_or_else(|| {
                    seen.push(cell.to_string());
                    seen.len() - 1
                })
            })
            .collect()
    };
    assert!(
        lines
            .iter()
            .skip(1)
            .all(|l| !l.starts_with('#') && !l.trim().is_empty()),
        "keywords.tsv: comments or blank lines would lose their place when rows are grouped"
    );
    let mut keyed: Vec<(Vec<usize>, String)> = lines[1..]
        .iter()
        .map(|l| (key(l, &mut firsts), l.clone()))
        .collect();
    // Within a group of single keywords (looked up whole, so order is free) rows go in the
    // order of their term: about 45 B of gzip. Phrases keep theirs (the first match is named).
    keyed.sort_by(|a, b| {
        let term = |l: &str| {
            let c: Vec<&str> = l.splitn(5, '\t').collect();
            (c.get(2) == Some(&"keyword")).then(|| c.get(3).map(|t| t.to_string()))
        };
        a.0.cmp(&b.0).then_with(|| term(&a.1).cmp(&term(&b.1)))
    });
    for (slot, (_, line)) in lines[1..].iter_mut().zip(keyed) {
        *slot = line;
    }
}

/// Marks a section line in a compact table: its cells lead every row below it.
const SECTION: char = '\u{1e}';

/// Rows that repeat their first `k` cells (`en opt_out phrase ...`, 500 times) are written
/// under one section line holding those cells (`text::table_rows` puts them back). `k` is the
/// one that saves the most bytes; about 1.5 KB of gzip on the keyword tables. Row order is
/// kept, and so are comments and blank lines.
fn sections(lines: &[String]) -> String {
    let is_row = |l: &str| !l.trim().is_empty() && !l.starts_with('#');
    let width = lines.first().map_or(0, |h| h.split('\t').count());
    let render = |k: usize| -> String {
        let mut out = String::new();
        let mut lead: Option<String> = None;
        for (i, line) in lines.iter().enumerate() {
            if i > 0 && k > 0 && is_row(line) {
                let mut cells = line.splitn(k + 1, '\t');
                let head: Vec<&str> = cells.by_ref().take(k).collect();
                let head = head.join("\t");
                if lead.as_deref() != Some(head.as_str()) {
                    out.push(SECTION);
                    out.push_str(&head);
                    out.push('\n');
                    lead = Some(head);
                }
                out.push_str(cells.next().unwrap_or(""));
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        out
    };
    // A row whose remaining cells would read as blank or as a comment rules that `k` out.
    let fits = |k: usize| {
        lines.iter().skip(1).filter(|l| is_row(l)).all(|l| {
            let rest = l.splitn(k + 1, '\t').nth(k);
            rest.is_some_and(is_row)
        })
    };
    (0..width)
        .filter(|&k| k == 0 || fits(k))
        .map(render)
        .min_by_key(String::len)
        .unwrap_or_default()
}

/// Compact Unicode normalisation data for `src/unicode.rs`, from the unicode-normalization
/// crate (its Unicode version). Format, little-endian:
///   u32 entry count; per code point with a decomposition or a non-zero combining class, in
///   ascending order: varint(delta from the previous code point), u8 canonical combining
///   class, u8 flags (bit0: canonical decomposition follows, bit1: a different compatibility
///   decomposition follows), then each present decomposition as u8 byte length + UTF-8 of the
///   full (recursive) decomposition;
///   u32 pair count; per primary composite: u32 first, u32 second, u32 composite.
/// Hangul syllables are algorithmic and not listed.
fn unicode_tables(out: &str) {
    use std::collections::HashMap;
    use unicode_normalization::char::{
        canonical_combining_class, compose, decompose_canonical, decompose_compatible,
    };
    let full = |c: char| {
        let mut s = String::new();
        decompose_canonical(c, |d| s.push(d));
        s
    };
    let mut data = Vec::new();
    let mut count = 0u32;
    let mut prev = 0u32;
    let mut by_decomposition: HashMap<String, char> = HashMap::new();
    let mut composable = Vec::new();
    for cp in 0..=0x10FFFFu32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        if (0xAC00..=0xD7A3).contains(&cp) {
            continue;
        }
        let ccc = canonical_combining_class(c);
        let canon = full(c);
        let mut compat = String::new();
        decompose_compatible(c, |d| compat.push(d));
        let has_canon = canon != c.to_string();
        let has_compat = compat != canon;
        if has_canon {
            by_decomposition.entry(canon.clone()).or_insert(c);
            if canon.chars().count() >= 2 {
                composable.push((c, canon.clone()));
            }
        }
        if ccc == 0 && !has_canon && !has_compat {
            continue;
        }
        let mut delta = cp - prev;
        prev = cp;
        loop {
            let byte = (delta & 0x7f) as u8;
            delta >>= 7;
            if delta == 0 {
                data.push(byte);
                break;
            }
            data.push(byte | 0x80);
        }
        data.push(ccc);
        data.push(u8::from(has_canon) | (u8::from(has_compat) << 1));
        for (present, s) in [(has_canon, &canon), (has_compat, &compat)] {
            if present {
                assert!(s.len() < 256);
                data.push(s.len() as u8);
                data.extend_from_slice(s.as_bytes());
            }
        }
        count += 1;
    }
    // Primary composites: the canonical mapping of c is (first, last) where first fully
    // decomposes to all but the last character of c's full decomposition.
    let mut pairs = Vec::new();
    for (c, d) in composable {
        let last = d.chars().last().expect("non-empty");
        let head: String = d.chars().take(d.chars().count() - 1).collect();
        let first = if head.chars().count() == 1 {
            head.chars().next()
        } else {
            by_decomposition.get(&head).copied()
        };
        if let Some(first) = first {
            if compose(first, last) == Some(c) {
                pairs.push((first as u32, last as u32, c as u32));
            }
        }
    }
    let mut blob = count.to_le_bytes().to_vec();
    blob.extend_from_slice(&data);
    blob.extend_from_slice(&(pairs.len() as u32).to_le_bytes());
    for (a, b, c) in pairs {
        for v in [a, b, c] {
            blob.extend_from_slice(&v.to_le_bytes());
        }
    }
    fs::write(Path::new(out).join("unicode.bin"), blob).expect("write unicode.bin");
}
