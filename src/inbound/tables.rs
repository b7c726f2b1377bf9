//! The keyword tables, compiled once from the data files in `data/keywords/`.
//!
//! Owns: parsing the TSV tables (every row carries its source), folding their terms exactly
//! as replies are folded, and the lookups the detector needs.
//! Must not: contain keywords itself. A keyword added here instead of in the data would have
//! no source and no test.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use super::normalize::{normalize, TokKind};
use super::Intent;
use crate::text::table_rows;

/// The keyword table's flags, word and code (build.rs writes the codes).
pub(crate) const FLAG_CODES: &[(&str, char)] = include!("flag_codes.rs");

const KEYWORDS_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/keywords.tsv"));
const MODIFIERS_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/modifiers.tsv"));
const PROVIDERS_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/providers.tsv"));
const SPELLINGS_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/spellings.tsv"));
const HANT_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/hant.tsv"));
const CONFUSABLES_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/confusables.tsv"));

/// FNV-1a: the tables hash short words, where SipHash's setup dominates. (A word-at-a-time
/// multiply hash measured slower here: most words are shorter than eight bytes.)
#[derive(Default)]
pub(crate) struct Fnv(u64);
impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// One modifier role's terms (folded words joined by single spaces), with what a lookup needs
/// to stay at no probe for most words: its bits in [`Tables::roles`] (whether a word is a
/// term or starts a longer one) and its longest term in words. Per role, so that a long term
/// in one role costs nothing in another.
#[derive(Debug, Default)]
pub(crate) struct ModSet {
    words: FastSet<String>,
    max_words: usize,
    /// This role's bits in [`Tables::roles`]: a word that is a term of it, and a word that
    /// starts a longer term of it (0 while the role has no terms).
    one: u64,
    long: u64,
}

impl ModSet {
    /// From a word's [`Tables::roles`] bits: 1 if it is a one-word term of this role, 0 if it
    /// is not and starts no longer term, `None` if it starts a longer term (look further).
    #[inline]
    pub(crate) fn by_roles(&self, roles: u64) -> Option<usize> {
        if roles & self.long != 0 {
            None
        } else {
            Some(usize::from(roles & self.one != 0))
        }
    }

    pub(crate) fn contains(&self, term: &str) -> bool {
        self.words.contains(term)
    }

    pub(crate) fn max_words(&self) -> usize {
        self.max_words
    }

    fn insert(&mut self, term: String) {
        self.max_words = self.max_words.max(term.split(' ').count());
        self.words.insert(term);
    }
}

/// One keyword or phrase entry of `keywords.tsv`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    /// Index into [`Tables::names`] (canonical spelling shown to callers).
    pub(crate) id: u16,
    pub(crate) intent: Intent,
    pub(crate) lang: &'static str,
    pub(crate) fcc: bool,
    pub(crate) strong: bool,
    pub(crate) fuzzy: bool,
    /// Only an intent when the conversation context says so (YES).
    pub(crate) ctx: bool,
    /// A whole-reply keyword that is only probable ("goodbye").
    pub(crate) weak: bool,
    /// A phrase that counts only as a whole short sentence ("who is this?").
    pub(crate) sentence: bool,
    /// A CJK keyword that is a plain verb ("停止"): narrated, not asked ("车停止了").
    pub(crate) verb: bool,
    /// A phrase about the speaker's own state ("not interested"): with another person as the
    /// subject just before ("he is not interested") it is about someone else.
    pub(crate) speaker: bool,
    /// A phrase whose object may follow in its clause: what follows, if anything, must be
    /// about messages ("no quiero que me manden ofertas", not "... la dirección").
    pub(crate) about: bool,
    /// A phrase whose `*` stands for a person's name ("this isn't *"): it counts only when the
    /// match ends on a name, but for a closing "here" (see `Detector::names_someone`).
    pub(crate) name: bool,
}

/// One element of a phrase pattern.
#[derive(Debug, Clone)]
pub(crate) enum Elem {
    /// Alternatives, each a sequence of folded words; a word ending in `*` is a prefix.
    Alt {
        alts: Vec<Vec<String>>,
        optional: bool,
    },
    /// Any single word.
    Any,
    /// Up to three words.
    Gap,
}

/// A pattern word as matched: an interned word (compared as a number) or a prefix.
#[derive(Debug, Clone)]
pub(crate) enum PWord {
    Id(u32),
    Prefix(Box<str>),
}

/// [`Elem`] with its words interned by the [`PatternIndex`] that holds it. Alternatives of one
/// whole word are sorted by id (a group may hold dozens: one search finds the only one that can
/// match); each alternative keeps its place in the row, since the first that matches wins.
#[derive(Debug, Clone)]
pub(crate) enum CElem {
    Alt {
        /// (id, place) of the one-word alternatives, by id.
        singles: Vec<(u32, u16)>,
        /// (place, words) of the others (several words, or a prefix), in row order.
        multis: Vec<(u16, Vec<PWord>)>,
        optional: bool,
    },
    Any,
    Gap,
}

impl CElem {
    /// The place of the one-word alternative that is the word at `at`, if any.
    fn single_at(singles: &[(u32, u16)], seq: Seq<'_>, at: usize) -> Option<u16> {
        let id = *seq.ids.get(at)?;
        (singles.binary_search_by_key(&id, |s| s.0).ok()).map(|k| singles[k].1)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Pattern<T> {
    pub(crate) entry: T,
    pub(crate) elems: Vec<CElem>,
    /// For each required group of one-word alternatives, the [`Sig`] of its words: a text
    /// whose signature meets each one may match; one that misses any cannot.
    needs: Vec<Sig>,
}

/// A set of word ids folded to 256 bits (a superset test that never says no wrongly).
pub(crate) type Sig = [u64; 4];

/// The signature of the words `ids`.
pub(crate) fn signature(ids: &[u32]) -> Sig {
    let mut sig = [0; 4];
    for &id in ids {
        sig[(id as usize >> 6) & 3] |= 1 << (id & 63);
    }
    sig
}

impl<T> Pattern<T> {
    /// False when the words of `sig` lack every alternative of some required group, so the
    /// pattern cannot match there (most patterns tried fail here, before any matching).
    #[inline]
    pub(crate) fn may_match(&self, sig: &Sig) -> bool {
        (self.needs.iter()).all(|n| (0..4).any(|k| n[k] & sig[k] != 0))
    }
}

/// A text's words with their ids in one [`PatternIndex`] ([`NO_ID`] for a word no pattern
/// names): the index's patterns compare numbers, not strings.
#[derive(Clone, Copy)]
pub(crate) struct Seq<'a> {
    pub(crate) words: &'a [&'a str],
    pub(crate) ids: &'a [u32],
    /// Per word, whether a clause mark (comma, colon, line break) comes before it; empty when
    /// the text has none marked. A gap (`..`) never skips across one: "Stop the car, updates
    /// later" is not "stop .. updates".
    pub(crate) marks: &'a [bool],
}

impl<'a> Seq<'a> {
    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }

    /// The first `end` words.
    pub(crate) fn to(self, end: usize) -> Seq<'a> {
        Seq {
            words: &self.words[..end],
            ids: &self.ids[..end],
            marks: &self.marks[..end.min(self.marks.len())],
        }
    }

    /// Whether a gap of `k` words from `at` stays within one clause: no mark before any
    /// skipped word nor before the word after them, unless the skipped words are an aside
    /// set off on both sides ("take my mom off your, um, list").
    fn gap_open(&self, at: usize, k: usize) -> bool {
        if k == 0 || self.marks.is_empty() {
            return true;
        }
        let marked = |j: usize| self.marks.get(j) == Some(&true);
        let aside = || marked(at) && marked(at + k) && !(at + 1..at + k).any(marked);
        !(at..=at + k).any(marked) || aside()
    }
}

pub(crate) const NO_ID: u32 = u32::MAX;

/// Phrase patterns indexed by every word they can start with, so that only the patterns that
/// can match at a position are tried there. Shared by the reply phrases and the disclosure
/// and message phrase sets.
#[derive(Debug)]
pub(crate) struct PatternIndex<T> {
    pub(crate) patterns: Vec<Pattern<T>>,
    index: Index,
}

/// The part of a [`PatternIndex`] that does not depend on its entries' type (one copy of its
/// code in the wasm, whatever the entries).
#[derive(Debug, Default)]
struct Index {
    /// Every whole word of every pattern, numbered.
    ids: FastMap<String, u64>,
    /// Patterns by the id of a word they can start with.
    by_first: Vec<Vec<usize>>,
    /// Patterns that can start with a prefix (`enviar*`), by the first three characters of
    /// every word they can start with: a word tries only those that share its first three.
    by_prefix: FastMap<String, Vec<usize>>,
    /// Patterns whose first word can be anything (a wildcard or a prefix under three
    /// characters).
    anywhere: Vec<usize>,
}

/// The key of `by_prefix`: a word's first three characters (the whole word if shorter).
fn prefix_key(w: &str) -> &str {
    match w.char_indices().nth(3) {
        Some((i, _)) => &w[..i],
        None => w,
    }
}

impl<T> Default for PatternIndex<T> {
    fn default() -> Self {
        PatternIndex {
            patterns: Vec::new(),
            index: Index::default(),
        }
    }
}

impl<T> PatternIndex<T> {
    pub(crate) fn push(&mut self, entry: T, elems: Vec<Elem>) {
        let (elems, needs) = self.index.add(self.patterns.len(), elems);
        self.patterns.push(Pattern {
            entry,
            elems,
            needs,
        });
    }

    /// The id of each word ([`NO_ID`] for one no pattern names).
    pub(crate) fn ids(&self, words: &[&str]) -> Vec<u32> {
        self.index.ids(words)
    }

    /// The patterns worth trying where the text's word is `word` (with id `id`).
    pub(crate) fn candidates<'a>(
        &'a self,
        word: &str,
        id: u32,
    ) -> impl Iterator<Item = &'a Pattern<T>> {
        (self.index.candidates(word, id)).map(|i| &self.patterns[i])
    }
}

impl Index {
    /// Index pattern `idx` and compile its elements.
    fn add(&mut self, idx: usize, elems: Vec<Elem>) -> (Vec<CElem>, Vec<Sig>) {
        match first_words(&elems) {
            Some(words) if words.iter().any(|w| w.ends_with('*')) => {
                let short_stem = words
                    .iter()
                    .any(|w| w.ends_with('*') && w.chars().count() < 4);
                if short_stem {
                    self.anywhere.push(idx);
                } else {
                    for w in words {
                        let list = self
                            .by_prefix
                            .entry(prefix_key(w.trim_end_matches('*')).to_string())
                            .or_default();
                        if list.last() != Some(&idx) {
                            list.push(idx);
                        }
                    }
                }
            }
            Some(words) => {
                for w in words {
                    let id = self.intern(&w) as usize;
                    if self.by_first.len() <= id {
                        self.by_first.resize(id + 1, Vec::new());
                    }
                    self.by_first[id].push(idx);
                }
            }
            None => self.anywhere.push(idx),
        }
        let elems: Vec<CElem> = elems
            .into_iter()
            .map(|e| match e {
                Elem::Any => CElem::Any,
                Elem::Gap => CElem::Gap,
                Elem::Alt { alts, optional } => {
                    let mut singles: Vec<(u32, u16)> = Vec::new();
                    let mut multis = Vec::new();
                    for (place, alt) in alts.iter().enumerate() {
                        let words: Vec<PWord> = (alt.iter())
                            .map(|w| match w.strip_suffix('*') {
                                Some(stem) => PWord::Prefix(stem.into()),
                                None => PWord::Id(self.intern(w)),
                            })
                            .collect();
                        // By id, the first place of a word written twice kept. (Inserted in
                        // order: a sort would add kilobytes of wasm.)
                        match words[..] {
                            [PWord::Id(id)] => {
                                if let Err(k) = singles.binary_search_by_key(&id, |s| s.0) {
                                    singles.insert(k, (id, place as u16));
                                }
                            }
                            _ => multis.push((place as u16, words)),
                        }
                    }
                    CElem::Alt {
                        singles,
                        multis,
                        optional,
                    }
                }
            })
            .collect();
        // (A required first group is the word the pattern was found by: it always passes.)
        let mut needs = (elems.iter())
            .skip(usize::from(matches!(
                elems.first(),
                Some(CElem::Alt {
                    optional: false,
                    ..
                })
            )))
            .filter_map(|e| match e {
                CElem::Alt {
                    singles,
                    multis,
                    optional: false,
                } if multis.is_empty() => {
                    Some(signature(&singles.iter().map(|s| s.0).collect::<Vec<_>>()))
                }
                _ => None,
            })
            .collect::<Vec<Sig>>();
        // The most telling group first: most patterns tried fail on it.
        let bits = |n: &Sig| n.iter().map(|w| w.count_ones()).sum::<u32>();
        if let Some(k) = (0..needs.len()).min_by_key(|&k| bits(&needs[k])) {
            needs.swap(0, k);
        }
        (elems, needs)
    }

    fn intern(&mut self, word: &str) -> u32 {
        // (u64 values: the same map type as `Tables::roles`, one copy of its code in wasm.)
        let next = self.ids.len() as u64;
        *self.ids.entry(word.to_string()).or_insert(next) as u32
    }

    fn ids(&self, words: &[&str]) -> Vec<u32> {
        (words.iter())
            .map(|w| self.ids.get(*w).map_or(NO_ID, |&id| id as u32))
            .collect()
    }

    /// The patterns worth trying where the text's word is `word` (with id `id`).
    fn candidates(&self, word: &str, id: u32) -> impl Iterator<Item = usize> + '_ {
        let by_first = (self.by_first.get(id as usize))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let by_prefix = self
            .by_prefix
            .get(prefix_key(word))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        by_first
            .iter()
            .chain(by_prefix)
            .chain(&self.anywhere)
            .copied()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Profile {
    Twilio,
    Aws,
    Telnyx,
    Vonage,
    Plivo,
    Generic,
}

impl Profile {
    pub(crate) fn parse(s: &str) -> Option<Profile> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "twilio" => Profile::Twilio,
            "aws" | "amazon" | "pinpoint" | "sns" => Profile::Aws,
            "telnyx" => Profile::Telnyx,
            "vonage" | "nexmo" => Profile::Vonage,
            "plivo" => Profile::Plivo,
            "generic" => Profile::Generic,
            _ => return None,
        })
    }
}

#[derive(Debug, Default)]
pub(crate) struct Tables {
    /// Canonical spellings, indexed by `Entry::id`.
    pub(crate) names: Vec<String>,
    /// Terms as written in the table, indexed by `Entry::id`.
    pub(crate) terms: Vec<&'static str>,
    /// Folded keyword (words joined by one space) to its entries (one per language).
    pub(crate) keywords: FastMap<String, Vec<Entry>>,
    pub(crate) max_keyword_words: usize,
    /// First words of multi-word keywords: any other word can only be a one-word keyword, so
    /// one lookup decides (as [`ModSet`] does for modifiers).
    pub(crate) keyword_firsts: FastSet<String>,
    /// Keywords written in CJK scripts, matched as substrings, longest first.
    pub(crate) cjk: Vec<(String, Entry)>,
    pub(crate) phrases: PatternIndex<Entry>,
    /// The `sentence` help phrases (questions about the sender, "who is this") as indices into
    /// `phrases`, as (phrase-table id of a first word, index) sorted, and those that may start
    /// with any word: a question run into other words is looked for with one binary search
    /// per word. (A sorted list: a map of this type would add its own code to the wasm.)
    pub(crate) questions_by_first: Vec<(u32, usize)>,
    pub(crate) questions_anywhere: Vec<usize>,
    pub(crate) emoji: FastMap<char, Entry>,
    /// Keywords eligible for misspelling matches.
    pub(crate) fuzzy: Vec<(String, Entry)>,
    pub(crate) politeness: ModSet,
    pub(crate) scope: ModSet,
    pub(crate) negation: ModSet,
    /// "I want to" in each language ("je veux", "хочу"; Turkish and Hindi after the verb):
    /// around a keyword, a request in other words (probable).
    pub(crate) desire: ModSet,
    /// "I don't want to" in each language ("no quiero", "etmek istemiyorum" after the verb):
    /// right beside an opt-out keyword, it refuses the opt-out ("No quiero cancelar").
    pub(crate) refusal: ModSet,
    /// The opt-out keywords that are verbs a refusal can govern ("cancelar", not the command
    /// noun "baja": "no quiero baja" is "I don't want this. Unsubscribe").
    pub(crate) refusable: ModSet,
    /// "Can I" in each language: like `desire` before an opt-out or opt-in, but "Can I help?"
    /// offers help rather than asking for it.
    pub(crate) asking: ModSet,
    /// First-person verbs of saying or sending ("I already said", "geschrieben"): next to an
    /// opt-out keyword, the person says they sent it before.
    pub(crate) reported: ModSet,
    /// How often ("three times", "already"): after such a keyword, said of the sending.
    pub(crate) repeat: ModSet,
    /// The person's own number or address ("my email", "mon numéro"): after a keyword, its
    /// object.
    pub(crate) own_detail: ModSet,
    /// Reasons for not wanting the messages ("I moved", "not a customer", "this isn't"):
    /// after an opening STOP they make it a request to the sender.
    pub(crate) reason: ModSet,
    /// When or where ("so late", "w nocy"): right after an opt-out phrase, the request is about
    /// a time or situation, not the messages as such.
    pub(crate) qualifier: ModSet,
    /// SMS abbreviations and the words they stand for ("txt" = "text"), read before any table
    /// is matched.
    pub(crate) spellings: FastMap<String, String>,
    /// Every word of every table, in any language.
    pub(crate) vocab: FastSet<String>,
    /// Per word, the modifier roles it is a term of or starts a term of (bits of
    /// [`ModSet`]): one lookup per word of a reply answers every one-word role question.
    pub(crate) roles: FastMap<String, u64>,
    /// An English table word of six letters or more typed with one letter missing ("textig",
    /// "iterested") and that word; only where the short form is no table word and points to
    /// one word alone.
    pub(crate) typos: FastMap<String, String>,
    /// Words before an hour ("after", "despues de las"): with a number-led word next they are
    /// a time, read as `qualifier` is ("don't text me after 9pm").
    pub(crate) clock: ModSet,
    pub(crate) context: ModSet,
    pub(crate) after: ModSet,
    pub(crate) messaging: ModSet,
    pub(crate) ordinary: ModSet,
    pub(crate) determiner: ModSet,
    /// Words between a keyword and its scope ("from", "with the", "de los"): they count only
    /// when a scope word follows.
    pub(crate) linker: ModSet,
    pub(crate) other_object: ModSet,
    /// The person's own details ("my number", "my email"): objects of a revocation.
    pub(crate) own_object: ModSet,
    /// "nada", "anything": an object that stands for any message after an `about` phrase.
    pub(crate) any_object: ModSet,
    /// Nouns for the messages themselves ("texts", "mensajes").
    pub(crate) message_noun: ModSet,
    /// Negations in any language before an opt-in phrase ("не", "no", "dont"): the reply
    /// refuses what the phrase asks for ("Не хочу получать рекламу").
    pub(crate) optin_negation: ModSet,
    /// Greetings ("hi", "hola", "你好"): a sentence of greetings and politeness beside a
    /// keyword sentence changes nothing ("Hi. Keine Werbung").
    pub(crate) greeting: ModSet,
    /// Subjects other than the speaker ("he", "you"), for `speaker` phrases.
    pub(crate) other_subject: ModSet,
    /// Verbs and adverbs between such a subject and the phrase ("is", "still").
    pub(crate) subject_link: ModSet,
    /// A verb of having and the first word of a "no more messages" phrase ("have no", "avez
    /// plus"): a count of what is left, not a request ("You have no more SMS on your bundle").
    pub(crate) possession: ModSet,
    /// Laughter and affection ("lol", "haha", 😂): banter, in which a bare "stop it" is not
    /// a request to the sender. Words here, emoji in `banter_emoji`.
    pub(crate) banter: ModSet,
    pub(crate) banter_emoji: FastSet<char>,
    /// Laughter typed at any length ("hahahaha"): rows written `haha*`.
    pub(crate) banter_prefix: Vec<String>,
    /// CJK words dropped from a run before keywords are looked for in it ("给我", to me), in
    /// table order (the table lists longer ones first; no sort, which would cost wasm bytes).
    pub(crate) cjk_filler: Vec<String>,
    /// CJK words that negate the keyword right after them ("不要停止", don't stop).
    pub(crate) cjk_negation: Vec<String>,
    /// CJK endings that make a `verb` keyword right before them a statement ("停止了").
    pub(crate) cjk_narrative: Vec<String>,
    /// Phrases that open an automatic signature ("sent from my iPhone"): the reply ends there.
    pub(crate) signature: ModSet,
    /// The verb of a quoted message's header line ("On Tue, Acme wrote:", "Le mar., Acme a
    /// écrit :"): such a line, ending in a colon, starts the sender's text, not the reply.
    pub(crate) quote_header: ModSet,
    /// What a phone types before the quoted message when it sends a reaction as a text
    /// ("Liked", "Reacted to", the emoji dropped): folded, words joined by spaces. Not in
    /// [`Tables::roles`]: only a reply's opening words are looked up.
    pub(crate) reaction: FastSet<String>,
    pub(crate) providers: Vec<(Profile, String)>,
    /// Look-alikes folded only inside mixed-script words (Cyrillic, Greek).
    confusable: FastMap<char, char>,
    /// Traditional Chinese characters folded to the Simplified ones the zh rows are written
    /// in ("退訂" is "退订"); only those the tables use (`hant.tsv`).
    hant: FastMap<char, char>,
    /// Latin-script letter-likes folded everywhere (small capitals, regional indicators).
    confusable_always: FastMap<char, char>,
}

static TABLES: OnceLock<Tables> = OnceLock::new();

/// The compiled tables (parsed on first use).
pub(crate) fn tables() -> &'static Tables {
    TABLES.get_or_init(Tables::load)
}

fn intent_of(s: &str) -> Intent {
    match s {
        "opt_out" => Intent::OptOut,
        "opt_in" => Intent::OptIn,
        "help" => Intent::Help,
        other => panic!("keywords.tsv: unknown intent {other:?}"),
    }
}

impl Tables {
    /// The questions (`questions_by_first`) whose first word has phrase-table id `id`.
    pub(crate) fn questions_from(&self, id: u32) -> &[(u32, usize)] {
        let q = &self.questions_by_first;
        let from = q.partition_point(|&(x, _)| x < id);
        let to = from + q[from..].partition_point(|&(x, _)| x == id);
        &q[from..to]
    }

    /// Whether a reply holds an emoji of laughter or affection (😂, 😊).
    pub(crate) fn laughing(&self, n: &super::normalize::Normalized) -> bool {
        (n.tokens.iter()).any(|x| {
            matches!(x.kind, super::normalize::TokKind::Emoji(c) if self.banter_emoji.contains(&c))
        })
    }

    /// A word of laughter or affection ("lol", "haha*"): what is said beside it may be banter.
    pub(crate) fn banter_word(&self, w: &str) -> bool {
        self.banter.contains(w) || self.banter_prefix.iter().any(|l| w.starts_with(l.as_str()))
    }

    fn load() -> Tables {
        Tables::load_from(KEYWORDS_TSV)
    }

    /// The tables with `keywords` as the keyword table (tests load the original's row order).
    pub(crate) fn load_from(keywords: &'static str) -> Tables {
        let mut t = Tables::default();
        for cols in table_rows(CONFUSABLES_TSV) {
            let (Some(c), Some(l)) = (cols[0].chars().next(), cols[1].chars().next()) else {
                continue;
            };
            // A row written with a capital also covers its lower-case form (Cherokee Ꮪ, ꮪ):
            // matching lower-cases before it looks letters up.
            let lower = c.to_lowercase().next().filter(|&x| x != c);
            for c in std::iter::once(c).chain(lower) {
                if matches!(c, '\u{0370}'..='\u{03FF}' | '\u{0400}'..='\u{04FF}') {
                    t.confusable.insert(c, l);
                } else {
                    t.confusable_always.insert(c, l);
                }
            }
        }
        // The forms module (no `full` feature) folds text as replies are folded but reads no
        // replies: the keyword and modifier tables stay out of its wasm.
        if !cfg!(feature = "full") {
            return t;
        }
        for cols in table_rows(HANT_TSV) {
            if let (Some(c), Some(s)) = (cols[0].chars().next(), cols[1].chars().next()) {
                t.hant.insert(c, s);
            }
        }
        for cols in table_rows(SPELLINGS_TSV) {
            t.spellings
                .insert(cols[1].to_lowercase(), cols[2].to_lowercase());
        }
        // The words whose typos are read (`typo_target` rows); `typos` is built from them once
        // every table word is known.
        let mut typo_targets: Vec<String> = Vec::new();
        let mut joiners: Vec<String> = Vec::new();
        let mut role_names: Vec<&str> = Vec::new();
        for cols in table_rows(MODIFIERS_TSV) {
            let term = t.fold_words(cols[2]).join(" ");
            let cjk_list = match cols[1] {
                "cjk_filler" => Some(&mut t.cjk_filler),
                "cjk_negation" => Some(&mut t.cjk_negation),
                "cjk_narrative" => Some(&mut t.cjk_narrative),
                _ => None,
            };
            if let Some(list) = cjk_list {
                list.push(term);
                continue;
            }
            if cols[1] == "reaction" {
                t.reaction.insert(term);
                continue;
            }
            if cols[1] == "banter" {
                if let Some(stem) = cols[2].strip_suffix('*') {
                    t.banter_prefix.push(t.fold_words(stem).join(" "));
                    continue;
                }
            }
            if cols[1] == "banter" && term.is_empty() {
                // An emoji folds to no word: keep the character itself.
                t.banter_emoji.extend(cols[2].chars().next());
                continue;
            }
            let spelled = umlauts_spelled_out(cols[0], cols[2]).map(|s| t.fold_words(&s).join(" "));
            t.vocab.extend(term.split(' ').map(String::from));
            if cols[1] == "typo_target" {
                typo_targets.push(term);
                continue;
            }
            if cols[1] == "joiner" {
                joiners.push(term);
                continue;
            }
            // Two bits per role, numbered as roles first appear.
            let role = match role_names.iter().position(|r| *r == cols[1]) {
                Some(k) => k,
                None => {
                    role_names.push(cols[1]);
                    role_names.len() - 1
                }
            };
            assert!(
                role < 32,
                "modifiers.tsv: more than 32 roles: widen Tables::roles"
            );
            let set = match cols[1] {
                "politeness" => &mut t.politeness,
                "scope" => &mut t.scope,
                "negation" => &mut t.negation,
                "desire" => &mut t.desire,
                "refusal" => &mut t.refusal,
                "refusable" => &mut t.refusable,
                "asking" => &mut t.asking,
                "reported" => &mut t.reported,
                "repeat" => &mut t.repeat,
                "own_detail" => &mut t.own_detail,
                "reason" => &mut t.reason,
                "qualifier" => &mut t.qualifier,
                "clock" => &mut t.clock,
                "context" => &mut t.context,
                "after" => &mut t.after,
                "messaging" => &mut t.messaging,
                "ordinary" => &mut t.ordinary,
                "determiner" => &mut t.determiner,
                "linker" => &mut t.linker,
                "other_object" => &mut t.other_object,
                "own_object" => &mut t.own_object,
                "any_object" => &mut t.any_object,
                "message_noun" => &mut t.message_noun,
                "other_subject" => &mut t.other_subject,
                "greeting" => &mut t.greeting,
                "optin_negation" => &mut t.optin_negation,
                "subject_link" => &mut t.subject_link,
                "possession" => &mut t.possession,
                "banter" => &mut t.banter,
                "signature" => &mut t.signature,
                "quote_header" => &mut t.quote_header,
                other => panic!("modifiers.tsv: unknown role {other:?}"),
            };
            set.one = 1 << (2 * role);
            set.long = 1 << (2 * role + 1);
            for term in spelled.into_iter().chain([term]) {
                let (word, bit) = match term.split_once(' ') {
                    Some((first, _)) => (first.to_string(), set.long),
                    None => (term.clone(), set.one),
                };
                set.insert(term);
                *t.roles.entry(word).or_default() |= bit;
            }
        }
        // Politeness joined on by a joining word, "and thank you", "y gracias", "et merci":
        // written once per joining word, not once per pair.
        let polite: Vec<String> = t.politeness.words.iter().cloned().collect();
        for j in &joiners {
            for p in &polite {
                t.politeness.insert(format!("{j} {p}"));
            }
            *t.roles.entry(j.clone()).or_default() |= t.politeness.long;
        }
        for cols in table_rows(PROVIDERS_TSV) {
            if let Some(p) = Profile::parse(cols[0]) {
                t.providers.push((p, cols[2].to_ascii_lowercase()));
            }
        }
        let mut questions = Vec::new();
        for cols in table_rows(keywords) {
            let (lang, intent, kind, term, flags) =
                (cols[0], intent_of(cols[1]), cols[2], cols[3], cols[4]);
            // Flag words (the data file) or their codes (the embedded copy, see build.rs).
            let coded = flags.bytes().all(|b| b.is_ascii_uppercase());
            let has = |f: &str| {
                if coded {
                    let code = FLAG_CODES.iter().find(|(w, _)| *w == f).map(|c| c.1);
                    code.is_some_and(|c| flags.contains(c))
                } else {
                    flags.split_whitespace().any(|x| x == f)
                }
            };
            let id = t.names.len() as u16;
            // (The outbound lint already links the Unicode upper-case table.)
            let name = if kind == "keyword" {
                term.to_uppercase()
            } else {
                term.to_string()
            };
            t.names.push(name);
            t.terms.push(term);
            let entry = Entry {
                id,
                intent,
                lang,
                fcc: has("fcc"),
                strong: has("strong"),
                fuzzy: has("fuzzy"),
                ctx: has("ctx"),
                weak: has("weak"),
                sentence: has("sentence"),
                verb: has("verb"),
                speaker: has("speaker"),
                about: has("about"),
                name: has("name"),
            };
            match kind {
                "keyword" => {
                    let folded = t.fold_words(term);
                    t.vocab.extend(folded.iter().cloned());
                    if folded.len() == 1 && t.is_cjk_word(&folded[0]) {
                        t.cjk.push((folded[0].clone(), entry));
                    }
                    let key = folded.join(" ");
                    if entry.fuzzy && key.chars().count() >= 4 {
                        t.fuzzy.push((key, entry));
                    }
                    t.add_keyword(&folded, entry);
                    if let Some(spelled) = umlauts_spelled_out(lang, term) {
                        let folded = t.fold_words(&spelled);
                        t.add_keyword(&folded, entry);
                    }
                }
                "phrase" => {
                    let elems = t.compile(term);
                    for e in &elems {
                        if let Elem::Alt { alts, .. } = e {
                            for w in alts.iter().flatten().filter(|w| !w.ends_with('*')) {
                                t.vocab.insert(w.clone());
                            }
                        }
                    }
                    let spelled = umlauts_spelled_out(lang, term).map(|x| t.compile(&x));
                    for elems in std::iter::once(elems).chain(spelled) {
                        if entry.intent == Intent::Help && entry.sentence {
                            let firsts =
                                first_words(&elems).filter(|w| w.iter().all(|w| !w.ends_with('*')));
                            questions.push((t.phrases.patterns.len(), firsts));
                        }
                        t.phrases.push(entry, elems);
                    }
                }
                "emoji" => {
                    if let Some(c) = term.chars().next() {
                        t.emoji.insert(c, entry);
                    }
                }
                other => panic!("keywords.tsv: unknown kind {other:?}"),
            }
        }
        // (Ids are final once every phrase is in.)
        for (idx, firsts) in questions {
            match firsts {
                Some(words) => {
                    for w in words {
                        let id = t.phrases.ids(&[w.as_str()])[0];
                        // (Kept sorted as it grows: a sort would add its code to the wasm.)
                        let q = &mut t.questions_by_first;
                        q.insert(q.partition_point(|&x| x < (id, idx)), (id, idx));
                    }
                }
                None => t.questions_anywhere.push(idx),
            }
        }
        t.cjk
            .sort_by_key(|(k, _)| std::cmp::Reverse(k.chars().count()));
        // Typos: a word of the `typo_target` rows with one letter dropped ("textig" for
        // "texting"), unless that is itself a table word or could come from two targets.
        let mut typos: FastMap<String, Option<String>> = FastMap::default();
        for w in &typo_targets {
            // Keywords have their own misspelling rule (probable, never certain).
            if w.chars().count() < 6 || !w.is_ascii() || t.keywords.contains_key(w) {
                continue;
            }
            for i in 0..w.len() {
                let short = format!("{}{}", &w[..i], &w[i + 1..]);
                if t.vocab.contains(&short) {
                    continue;
                }
                let slot = typos.entry(short).or_insert_with(|| Some(w.clone()));
                if slot.as_ref().is_some_and(|x| x != w) {
                    *slot = None;
                }
            }
        }
        t.typos = typos
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect();
        t
    }

    /// Index a keyword (its folded words) for `Detector::keyword_at`.
    fn add_keyword(&mut self, folded: &[String], entry: Entry) {
        self.max_keyword_words = self.max_keyword_words.max(folded.len());
        if folded.len() > 1 {
            self.keyword_firsts.insert(folded[0].clone());
        }
        self.keywords
            .entry(folded.join(" "))
            .or_default()
            .push(entry);
    }

    fn is_cjk_word(&self, w: &str) -> bool {
        let n = normalize(w, self);
        n.tokens.len() == 1 && n.tokens[0].kind == TokKind::Cjk
    }

    /// A word that names the messages or the person's details ("texts", "promos", "number"):
    /// what an opt-out phrase may be about.
    pub(crate) fn names_messages(&self, w: &str) -> bool {
        self.messaging.contains(w) || self.scope.contains(w) || self.own_object.contains(w)
    }

    /// Fold a table term exactly as a reply is folded, as a list of words.
    pub(crate) fn fold_words(&self, term: &str) -> Vec<String> {
        let n = normalize(term, self);
        n.word_tokens(true).map(|t| n.text(t).to_string()).collect()
    }

    /// Compile a phrase pattern (syntax in data/keywords/README.md).
    pub(crate) fn compile(&self, pattern: &str) -> Vec<Elem> {
        let mut elems = Vec::new();
        let mut rest = pattern.trim();
        while !rest.is_empty() {
            let (item, tail) = if rest.starts_with('(') {
                let close = rest
                    .find(')')
                    .unwrap_or_else(|| panic!("unclosed group in {pattern:?}"));
                // Groups do not nest: "(a|b (c|d))" would split into nonsense words. Table
                // tests load every pattern, so a nested one fails them.
                assert!(
                    !rest[1..close].contains('('),
                    "nested group in {pattern:?}: write one row per alternative"
                );
                let end = rest[close..].find(' ').map_or(rest.len(), |i| close + i);
                (&rest[..end], &rest[end..])
            } else {
                let end = rest.find(' ').unwrap_or(rest.len());
                (&rest[..end], &rest[end..])
            };
            rest = tail.trim_start();
            let (body, optional) = match item.strip_suffix('?') {
                Some(b) => (b, true),
                None => (item, false),
            };
            match body {
                "*" => elems.push(Elem::Any),
                ".." => elems.push(Elem::Gap),
                _ => {
                    let inner = body.trim_start_matches('(').trim_end_matches(')');
                    let alts = inner
                        .split('|')
                        .map(|alt| {
                            let prefix = alt.ends_with('*');
                            let mut words = self.fold_words(alt.trim_end_matches('*'));
                            if prefix {
                                if let Some(last) = words.last_mut() {
                                    last.push('*');
                                }
                            }
                            words
                        })
                        .filter(|w| !w.is_empty())
                        .collect();
                    elems.push(Elem::Alt { alts, optional });
                }
            }
        }
        elems
    }

    pub(crate) fn confusable(&self, c: char) -> Option<char> {
        self.confusable.get(&c).copied()
    }

    pub(crate) fn hant(&self, c: char) -> Option<char> {
        self.hant.get(&c).copied()
    }

    pub(crate) fn confusable_always(&self, c: char) -> Option<char> {
        if c.is_ascii() {
            return None;
        }
        self.confusable_always.get(&c).copied()
    }
}

/// A German term with its umlauts written as people type them without the letters (ä = ae,
/// ö = oe, ü = ue: the Duden's replacement spelling), when it has any. Folding already reads
/// "kündigen" and "kundigen" alike; "kuendigen" needs its own entry.
fn umlauts_spelled_out(lang: &str, term: &str) -> Option<String> {
    if lang != "de" || !term.contains(['ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü']) {
        return None;
    }
    let mut out = String::with_capacity(term.len() + 4);
    for c in term.chars() {
        match c {
            'ä' | 'Ä' => out.push_str("ae"),
            'ö' | 'Ö' => out.push_str("oe"),
            'ü' | 'Ü' => out.push_str("ue"),
            c => out.push(c),
        }
    }
    Some(out)
}

/// The words a pattern can start with (a prefix keeps its `*`), or `None` when it can start
/// with any word (a wildcard, a gap, or only optional elements).
fn first_words(elems: &[Elem]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for e in elems {
        match e {
            Elem::Alt { alts, optional } => {
                for a in alts {
                    out.push(a[0].clone());
                }
                if !optional {
                    out.sort();
                    out.dedup();
                    return Some(out);
                }
            }
            Elem::Any | Elem::Gap => return None,
        }
    }
    None
}

/// Whether the words at `at` are the alternative `alt`.
fn alt_at(alt: &[PWord], seq: Seq<'_>, at: usize) -> bool {
    at + alt.len() <= seq.len()
        && alt.iter().enumerate().all(|(k, p)| match p {
            PWord::Id(id) => *id == seq.ids[at + k],
            PWord::Prefix(stem) => seq.words[at + k].starts_with(&**stem),
        })
}

/// The end of the longest match of `elems` at `at`: a phrase that must fill its sentence
/// ("what company is this from?") is not cut short by an earlier alternative ("is this").
pub(crate) fn match_longest(elems: &[CElem], seq: Seq<'_>, at: usize) -> Option<usize> {
    fn ends(elems: &[CElem], seq: Seq<'_>, at: usize, best: &mut Option<usize>) {
        let Some((first, rest)) = elems.split_first() else {
            *best = (*best).max(Some(at));
            return;
        };
        match first {
            CElem::Any => {
                if at < seq.len() {
                    ends(rest, seq, at + 1, best);
                }
            }
            CElem::Gap => {
                for k in (0..=3).filter(|&k| at + k <= seq.len() && seq.gap_open(at, k)) {
                    ends(rest, seq, at + k, best);
                }
            }
            CElem::Alt {
                singles,
                multis,
                optional,
            } => {
                if CElem::single_at(singles, seq, at).is_some() {
                    ends(rest, seq, at + 1, best);
                }
                for (_, alt) in multis {
                    if alt_at(alt, seq, at) {
                        ends(rest, seq, at + alt.len(), best);
                    }
                }
                if *optional {
                    ends(rest, seq, at, best);
                }
            }
        }
    }
    let mut best = None;
    ends(elems, seq, at, &mut best);
    best
}

/// Match `elems` against the words of `seq` starting at `at`; returns the end index of the
/// match.
pub(crate) fn match_at(elems: &[CElem], seq: Seq<'_>, at: usize) -> Option<usize> {
    let Some((first, rest)) = elems.split_first() else {
        return Some(at);
    };
    match first {
        CElem::Any => (at < seq.len())
            .then(|| match_at(rest, seq, at + 1))
            .flatten(),
        CElem::Gap => (0..=3)
            .filter(|&k| at + k <= seq.len() && seq.gap_open(at, k))
            .find_map(|k| match_at(rest, seq, at + k)),
        CElem::Alt {
            singles,
            multis,
            optional,
        } => {
            // The alternatives that match here, tried in row order.
            let mut single = CElem::single_at(singles, seq, at);
            for (place, alt) in multis {
                if single.is_some_and(|p| p < *place) {
                    single = None;
                    if let Some(end) = match_at(rest, seq, at + 1) {
                        return Some(end);
                    }
                }
                if alt_at(alt, seq, at) {
                    if let Some(end) = match_at(rest, seq, at + alt.len()) {
                        return Some(end);
                    }
                }
            }
            if single.is_some() {
                if let Some(end) = match_at(rest, seq, at + 1) {
                    return Some(end);
                }
            }
            if *optional {
                match_at(rest, seq, at)
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every alternative of a phrase can match something: none folds to another of its group
    /// ("chce|chcę", "nao|não": folding reads both as one), and none holds an SMS spelling
    /// that replies are respelled from before matching ("txt", "msgs"). Such alternatives
    /// only cost table bytes.
    #[test]
    fn phrase_alternatives_can_all_match() {
        let t = tables();
        let mut dead = Vec::new();
        for cols in table_rows(KEYWORDS_TSV) {
            if cols[2] != "phrase" {
                continue;
            }
            for elem in t.compile(cols[3]) {
                let Elem::Alt { alts, .. } = elem else {
                    continue;
                };
                for (i, alt) in alts.iter().enumerate() {
                    if alts[..i].contains(alt) {
                        dead.push(format!("{}: {:?} twice", cols[3], alt.join(" ")));
                    }
                    if let Some(w) = alt.iter().find(|w| t.spellings.contains_key(w.as_str())) {
                        dead.push(format!("{}: {w:?} is respelled before matching", cols[3]));
                    }
                }
            }
        }
        assert!(dead.is_empty(), "{}", dead.join("\n"));
    }

    /// A keyword is written once per language and intent: a second row (with other flags) is
    /// never the one read, so it only costs table bytes and misleads whoever edits it.
    #[test]
    fn no_keyword_row_repeats() {
        let t = tables();
        let mut seen = std::collections::HashSet::new();
        let repeated: Vec<String> = table_rows(KEYWORDS_TSV)
            .filter(|c| c[2] == "keyword")
            .map(|c| format!("{} {} {}", c[0], c[1], t.fold_words(c[3]).join(" ")))
            .chain(
                // The same for a modifier role.
                table_rows(MODIFIERS_TSV)
                    .filter(|c| !c[1].starts_with("cjk") && !c[2].ends_with('*'))
                    .map(|c| (c[1], t.fold_words(c[2]).join(" ")))
                    .filter(|(_, term)| !term.is_empty()) // an emoji: kept as itself
                    .map(|(role, term)| format!("{role} {term}")),
            )
            .filter(|key| !seen.insert(key.clone()))
            .collect();
        assert!(repeated.is_empty(), "written twice: {repeated:?}");
    }

    /// Nor does a keyword or modifier row: replies are respelled before either is read ("pls"
    /// is "please"), and no other reader uses the modifier sets.
    #[test]
    fn no_row_holds_a_respelled_word() {
        let t = tables();
        let rows = table_rows(KEYWORDS_TSV)
            .filter(|c| c[2] == "keyword")
            .map(|c| c[3])
            .chain(table_rows(MODIFIERS_TSV).map(|c| c[2]));
        let dead: Vec<&str> = rows
            .filter(|term| term.split(' ').any(|w| t.spellings.contains_key(w)))
            .collect();
        assert!(dead.is_empty(), "respelled before matching: {dead:?}");
    }

    /// `build.rs` groups the keyword rows by language, intent and kind for size; reading must
    /// not depend on that: every composed reply reads the same with the rows in the order of
    /// `data/keywords/keywords.tsv`.
    #[test]
    fn grouped_keyword_rows_read_as_the_original_order() {
        use crate::inbound::{detect_keyword, detect_keyword_in, DetectOptions};
        let original = include_str!("../../data/keywords/keywords.tsv");
        let t: &'static Tables = Box::leak(Box::new(Tables::load_from(original)));
        assert_ne!(original, KEYWORDS_TSV);
        let opts = DetectOptions::default();
        let replies = include_str!("../../tests/data/replies_composed.tsv");
        let mut n = 0;
        for text in replies.lines().filter(|l| !l.starts_with('#')) {
            let text = text.split('\t').next().unwrap_or("");
            let (a, b) = (
                detect_keyword(text, &opts),
                detect_keyword_in(t, text, &opts),
            );
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{text:?}");
            n += 1;
        }
        assert!(n > 4000, "{n}");
    }
}
