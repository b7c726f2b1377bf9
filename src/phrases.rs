//! Phrase tables matched anywhere in a text: the wording a disclosure or a message must (or
//! must not) contain, e.g. "Msg frequency varies", "not a condition of purchase", "the only
//! way to opt out".
//!
//! Owns: loading a `role<TAB>pattern` table (pattern syntax as in
//! `data/keywords/README.md`: `a|b`, `word?`, `*`, `..`, `stem*`), indexing it by first word,
//! and scanning a text for hits in time linear in its length (each position tries only the
//! patterns that can start with its word).
//! Must not: decide what a hit means. `outbound::check` and `consent` read the roles.

use std::sync::OnceLock;

use crate::inbound::tables::{match_at, signature, PatternIndex, Seq};
use crate::inbound::tables_for_signals as tables;
use crate::text::table_rows;

const DISCLOSURE_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/disclosure_phrases.tsv"));

/// `data/rules/disclosure_phrases.tsv`: the wording of disclosures and message footers, read
/// by the message checks and the consent checks alike.
pub(crate) fn disclosure() -> &'static PhraseSet {
    static P: OnceLock<PhraseSet> = OnceLock::new();
    P.get_or_init(|| PhraseSet::from_tsv(DISCLOSURE_TSV))
}

/// A compiled table.
#[derive(Debug)]
pub(crate) struct PhraseSet {
    /// The patterns, each with its role.
    index: PatternIndex<&'static str>,
}

/// One match: its role and the matched words (folded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    pub role: &'static str,
    /// Word index of the first matched word.
    pub at: usize,
    pub quote: String,
}

/// Words of a text, folded as the tables are.
pub(crate) struct Words {
    pub words: Vec<String>,
}

impl Words {
    pub(crate) fn new(text: &str) -> Words {
        Words {
            words: tables().fold_words(text),
        }
    }
}

impl PhraseSet {
    /// Compile `role<TAB>pattern[<TAB>...]` rows (the first row is a header).
    pub(crate) fn from_tsv(tsv: &'static str) -> PhraseSet {
        let t = tables();
        let mut index = PatternIndex::default();
        for cols in table_rows(tsv) {
            let (role, pattern) = (cols[0], cols[1]);
            if role.is_empty() || pattern.trim().is_empty() {
                continue;
            }
            index.push(role, t.compile(pattern));
        }
        PhraseSet { index }
    }

    /// Every hit, in text order; at most one per role and start position.
    pub(crate) fn scan(&self, w: &Words) -> Vec<Hit> {
        self.scan_roles(w, None)
    }

    /// [`scan`](Self::scan) for some roles only (cheaper: other patterns are not tried).
    pub(crate) fn scan_roles(&self, w: &Words, roles: Option<&[&str]>) -> Vec<Hit> {
        let words: Vec<&str> = w.words.iter().map(String::as_str).collect();
        let ids = self.index.ids(&words);
        let seq = Seq {
            words: &words,
            ids: &ids,
            marks: &[],
        };
        let sig = signature(&ids);
        let mut hits = Vec::new();
        for at in 0..words.len() {
            for p in self.index.candidates(words[at], ids[at]) {
                if !p.may_match(&sig) {
                    continue;
                }
                let (role, elems) = (&p.entry, &p.elems);
                if roles.is_some_and(|r| !r.contains(role)) {
                    continue;
                }
                if hits
                    .iter()
                    .rev()
                    .take(8)
                    .any(|h: &Hit| h.at == at && h.role == *role)
                {
                    continue;
                }
                if let Some(end) = match_at(elems, seq, at) {
                    if end > at {
                        hits.push(Hit {
                            role,
                            at,
                            quote: words[at..end].join(" "),
                        });
                    }
                }
            }
        }
        hits
    }
}
