//! Small text algorithms shared by several capabilities.
//!
//! Owns: edit distances, the reader of the embedded data tables, a link's host, and other
//! helpers that carry no policy.
//! Must not: hold keyword lists, rules or anything jurisdiction-specific.

/// Optimal-string-alignment (restricted Damerau-Levenshtein) distance between `a` and `b`,
/// giving up early: any distance `>= cap` is reported as `cap`. O(len(a) * len(b)) time,
/// so callers bound their inputs.
pub fn damerau_levenshtein(a: &[u8], b: &[u8], cap: usize) -> usize {
    if a.len().abs_diff(b.len()) >= cap {
        return cap;
    }
    // Short words (every keyword) use stack rows: this runs on the hot path of replies.
    if b.len() < 48 {
        let mut rows = [[0usize; 48]; 3];
        return osa(a, b, cap, &mut rows);
    }
    let mut rows = vec![vec![0usize; b.len() + 1]; 3];
    let [r0, r1, r2] = &mut rows[..] else {
        return cap;
    };
    osa_rows(a, b, cap, r0, r1, r2)
}

fn osa(a: &[u8], b: &[u8], cap: usize, rows: &mut [[usize; 48]; 3]) -> usize {
    let [r0, r1, r2] = rows;
    osa_rows(a, b, cap, &mut r0[..], &mut r1[..], &mut r2[..])
}

fn osa_rows(
    a: &[u8],
    b: &[u8],
    cap: usize,
    prev2: &mut [usize],
    prev: &mut [usize],
    cur: &mut [usize],
) -> usize {
    let (mut prev2, mut prev, mut cur) = (prev2, prev, cur);
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min >= cap {
            return cap;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(cap)
}

/// The rows of an embedded data table (`data/**/*.tsv`): the header line, blank lines and `#`
/// comments skipped, cells split on tabs. Every loader reads its table through here, so a
/// malformed row fails loudly (the tests load every table) instead of dropping a rule.
/// The compact copies `build.rs` embeds may hold section lines (starting with U+001E) whose
/// cells lead each row below them; rows come out whole either way.
pub(crate) fn table_rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    let mut last_source = "";
    let mut lead: Vec<&'static str> = Vec::new();
    let width = tsv.lines().next().map_or(0, |h| h.split('\t').count());
    tsv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(move |l| {
            if let Some(section) = l.strip_prefix('\u{1e}') {
                lead = section.split('\t').collect();
                return None;
            }
            let mut cols: Vec<&'static str> = lead.clone();
            cols.extend(l.split('\t'));
            // A malformed row is a bug in the data (`build.rs` checks the originals' widths);
            // the compact copies leave out the empty cells that end a row.
            assert!(
                cols.len() <= width,
                "table row has {} columns, expected {width}: {l:?}",
                cols.len()
            );
            cols.resize(width, "");
            // A source cell of `"` repeats the row above.
            if let Some(src) = cols.last_mut() {
                if src.trim() == "\"" {
                    *src = last_source;
                } else {
                    last_source = src;
                }
            }
            Some(cols)
        })
}

/// The host of a link, lower case, without scheme, path or a leading `www.`
/// ("HTTPS://www.Acme.com/x?y" gives "acme.com").
pub fn url_host(url: &str) -> String {
    let l = url.to_ascii_lowercase();
    let rest = l.split("://").nth(1).unwrap_or(&l);
    // A link written without its scheme ("//host/path", or "http //host" as OCR reads it).
    let rest = rest.trim_start_matches('/');
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    host.trim_start_matches("www.").to_string()
}

#[cfg(test)]
mod tests {
    use super::damerau_levenshtein as dl;

    /// The compact copies `build.rs` embeds (sections, no source column, no empty cells at a
    /// row's end, a modifier's language only when German, keyword rows grouped) give the same
    /// rows as the tables in `data/`.
    #[test]
    fn compact_tables_read_as_the_originals() {
        macro_rules! same {
            ($($dir:literal / $name:literal),*) => {$({
                let compact: Vec<_> =
                    super::table_rows(include_str!(concat!(env!("OUT_DIR"), "/", $name))).collect();
                let original: Vec<_> =
                    super::table_rows(include_str!(concat!("../data/", $dir, "/", $name)))
                        .map(|mut row| {
                            row.pop();
                            // (A modifier's language is kept only for German.)
                            if $name == "modifiers.tsv" && row[0] != "de" {
                                row[0] = "*";
                            }
                            // (A keyword's flags are written as codes.)
                            if $name == "keywords.tsv" {
                                let codes: String = row[4]
                                    .split_whitespace()
                                    .filter_map(|f| {
                                        let codes = crate::inbound::tables::FLAG_CODES;
                                        codes.iter().find(|c| c.0 == f).map(|c| c.1)
                                    })
                                    .collect();
                                return row[..4].iter().copied().map(String::from)
                                    .chain(std::iter::once(codes)).collect::<Vec<_>>();
                            }
                            row.into_iter().map(String::from).collect()
                        })
                        .collect();
                assert!(compact.len() > 10, "{}", $name);
                // (Keyword rows are grouped by language, intent and kind, in order within a
                // group; `grouped_keyword_rows_read_as_the_original_order` reads both.)
                let (mut compact, mut original) = (compact, original);
                if $name == "keywords.tsv" {
                    compact.sort();
                    original.sort();
                }
                assert_eq!(compact, original, "{}", $name);
            })*};
        }
        same!(
            "keywords" / "keywords.tsv",
            "keywords" / "modifiers.tsv",
            "keywords" / "providers.tsv",
            "keywords" / "hant.tsv",
            "outbound" / "promo_signals.tsv",
            "outbound" / "fraud_signals.tsv",
            "rules" / "disclosure_phrases.tsv"
        );
    }

    #[test]
    fn sections_lead_the_rows_below_them() {
        let rows: Vec<_> =
            super::table_rows("a\tb\tc\n\u{1e}x\ty\n1\n# note\n2\n\u{1e}z\n3\t4\n").collect();
        assert_eq!(rows, [["x", "y", "1"], ["x", "y", "2"], ["z", "3", "4"]]);
    }

    #[test]
    fn distances() {
        assert_eq!(dl(b"stop", b"stop", 3), 0);
        assert_eq!(dl(b"stpo", b"stop", 3), 1);
        assert_eq!(dl(b"cancle", b"cancel", 3), 1);
        assert_eq!(dl(b"unsubscibe", b"unsubscribe", 3), 1);
        assert_eq!(dl(b"gmial.com", b"gmail.com", 3), 1);
        assert_eq!(dl(b"abc", b"xyz", 2), 2);
        assert_eq!(dl(b"", b"abc", 5), 3);
    }
}
