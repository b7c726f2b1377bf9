//! Inbound replies: read an SMS reply for opt-out, opt-in or help intent, the way a careful
//! person (and the FCC's "reasonable person") would.
//!
//! Owns: the decision tiers. `certain`: the reply is a keyword, or a keyword followed only by
//! politeness or scope ("STOP ALL", "Stop. Thank you", "STOP 12345"). `probable`: an informal
//! request anywhere ("please stop texting me", "wrong number"), a keyword that ends a
//! complaint ("Who is this? Stop"), a misspelt or stretched keyword ("CANCLE", "stopppp").
//! `review`: a strong keyword inside a longer sentence that no guard explains away.
//! Precedence when several intents appear: opt-out, then opt-in, then help.
//! Must not: hold keywords in code (they are data, in `data/keywords/`), or act on the
//! result; suppression is the caller's (or the gate's) job.

mod confirmation;
mod deadline;
pub(crate) mod normalize;
pub(crate) mod tables;

use std::borrow::Cow;

use serde::Serialize;

use crate::text::damerau_levenshtein;
use normalize::{normalize, normalize_reply, Normalized, Tok, TokKind};
use tables::{match_at, match_longest, signature, tables, Entry, ModSet, Seq, Tables};

pub use confirmation::{check_opt_out_confirmation, ConfirmationCheck, ConfirmationIssue};
pub(crate) use deadline::iso8601;
pub use deadline::{honor_by, HonorBy};

/// The keyword tables, for the promotional-signal matcher (same folding everywhere).
pub(crate) fn tables_for_signals() -> &'static Tables {
    tables()
}
pub(crate) use tables::{Fnv, Profile};

/// What the sender of a reply wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    OptOut,
    OptIn,
    Help,
    None,
}

impl Intent {
    pub fn as_str(self) -> &'static str {
        match self {
            Intent::OptOut => "opt_out",
            Intent::OptIn => "opt_in",
            Intent::Help => "help",
            Intent::None => "none",
        }
    }

    fn precedence(self) -> u8 {
        match self {
            Intent::OptOut => 3,
            Intent::OptIn => 2,
            Intent::Help => 1,
            Intent::None => 0,
        }
    }
}

/// How sure the detector is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Needs a person: a keyword appears but its meaning is unclear.
    Review,
    /// A reasonable person would read it this way; act on it (US: treat as a revocation).
    Probable,
    /// A keyword command.
    Certain,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Certain => "certain",
            Confidence::Probable => "probable",
            Confidence::Review => "review",
        }
    }
}

/// Which rule decided. Stable names (index.d.ts documents them).
pub const RULES: &[&str] = &[
    "none",
    "exact_keyword",
    "keyword_with_modifiers",
    "context_keyword",
    "custom_keyword",
    "keyword_sentence",
    "phrase",
    "misspelling",
    "emoji",
    "keyword_in_sentence",
    "reported_keyword",
    "reaction",
];

/// Extra keywords for one programme.
#[derive(Debug, Clone, Default)]
pub struct Custom {
    pub opt_out: Vec<String>,
    pub opt_in: Vec<String>,
    pub help: Vec<String>,
}

/// Options of [`detect_keyword`].
#[derive(Debug, Clone, Default)]
pub struct DetectOptions {
    /// Provider whose default keyword handling to predict (`twilio`, `aws`, ...).
    pub profile: Option<String>,
    /// The contact's country (`CA`) or language (`fr`, `fr-CA`): picks the language reported
    /// for keywords shared by several languages.
    pub locale: Option<String>,
    /// The contact is currently opted out (then YES and START opt back in).
    pub opted_out: bool,
    /// The last message we sent asked them to opt in (then YES is an opt-in).
    pub last_outbound_was_opt_in_question: bool,
    pub custom: Custom,
    /// When the reply arrived (Unix ms), for `honor_by`.
    pub received_at_ms: Option<i64>,
    /// Where the contact is (`US`, `CA`, `AU`, `GB`, `EU` or an EU member), for `honor_by`.
    pub jurisdiction: Option<String>,
    /// `sms` (default) or `email`, for `honor_by`.
    pub channel: Option<String>,
}

/// The reading of one reply.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Detection {
    pub intent: Intent,
    pub confidence: Confidence,
    /// The keyword or phrase matched, canonical (`STOP`, `OPT OUT`, `stop texting me`).
    pub keyword: Option<Cow<'static, str>>,
    /// ISO 639-1 language of the match.
    pub language: Option<&'static str>,
    pub rule: &'static str,
    /// One of the seven words FCC 24-24 lists as a revocation per se.
    pub fcc_listed: bool,
    /// `all`, `marketing`, a programme code ("12345"), ... when the keyword was scoped.
    pub scope: Option<String>,
    /// With a provider profile: whether the provider itself would block on this reply.
    pub provider_will_block: Option<bool>,
    pub normalized: String,
    /// For opt-outs with `jurisdiction` (and `received_at_ms`): the latest time the opt-out
    /// must take effect, ISO 8601 UTC. Suppress immediately regardless.
    pub honor_by: Option<String>,
    /// The rule behind `honor_by`, with its source.
    pub honor_by_rule: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct Cand {
    intent: Intent,
    confidence: Confidence,
    rule: &'static str,
    keyword: Cow<'static, str>,
    lang: &'static str,
    fcc: bool,
    scope: Option<String>,
}

impl Cand {
    fn from_entry(
        t: &'static Tables,
        e: &Entry,
        confidence: Confidence,
        rule: &'static str,
    ) -> Cand {
        Cand {
            intent: e.intent,
            confidence,
            rule,
            keyword: Cow::Borrowed(t.names[e.id as usize].as_str()),
            lang: e.lang,
            fcc: e.fcc,
            scope: None,
        }
    }
}

/// Word tokens of a reply with their sentence index.
struct Words<'n> {
    text: Vec<&'n str>,
    toks: Vec<Tok>,
    fold: &'n str,
    /// [`Normalized::lookalike_words`].
    lookalike: &'n [(u32, String)],
}

impl Words<'_> {
    /// Words `i..j` as one string ("stop texting me"), borrowed from the fold buffer.
    #[inline]
    fn span(&self, i: usize, j: usize) -> &str {
        &self.fold[self.toks[i].start as usize..self.toks[j - 1].end as usize]
    }
}

fn words<'n>(n: &'n Normalized) -> Words<'n> {
    let toks: Vec<Tok> = n.word_tokens(true).copied().collect();
    let text = toks.iter().map(|t| n.text(t)).collect();
    Words {
        text,
        toks,
        fold: &n.fold,
        lookalike: &n.lookalike_words,
    }
}

/// Language codes a locale (country or language tag) points to.
fn locale_languages(locale: &str) -> &'static [&'static str] {
    let l = locale.trim().to_ascii_lowercase();
    let (lang, country) = match l.split_once(['-', '_']) {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None if l.len() == 2 && l.chars().all(|c| c.is_ascii_alphabetic()) => {
            (l.clone(), l.clone())
        }
        None => (l.clone(), String::new()),
    };
    match country.as_str() {
        "ca" if lang == "fr" => return &["fr", "en"],
        "ca" => return &["en", "fr"],
        "us" => return &["en", "es"],
        "mx" | "ar" | "co" | "cl" | "pe" | "ve" | "es" => return &["es"],
        "br" | "pt" => return &["pt"],
        "fr" | "be" | "lu" => return &["fr"],
        "de" | "at" | "ch" => return &["de"],
        "it" => return &["it"],
        "nl" => return &["nl"],
        "pl" => return &["pl"],
        "tr" => return &["tr"],
        "ru" | "by" | "kz" => return &["ru"],
        "cn" | "tw" | "hk" | "sg" => return &["zh", "en"],
        "sa" | "ae" | "eg" | "ma" | "jo" | "qa" | "kw" => return &["ar"],
        "in" => return &["hi", "en"],
        "kr" => return &["ko"],
        "jp" => return &["ja"],
        "id" => return &["id"],
        _ => {}
    }
    match lang.as_str() {
        "en" => &["en"],
        "es" => &["es"],
        "pt" => &["pt"],
        "fr" => &["fr"],
        "de" => &["de"],
        "it" => &["it"],
        "nl" => &["nl"],
        "pl" => &["pl"],
        "tr" => &["tr"],
        "ru" => &["ru"],
        "zh" => &["zh"],
        "ar" => &["ar"],
        "hi" => &["hi"],
        "ko" => &["ko"],
        "ja" => &["ja"],
        _ => &[],
    }
}

/// Pick the entry for the reply's locale when a word is a keyword in several languages.
fn pick<'e>(entries: &'e [Entry], langs: &[&str], ctx_ok: bool) -> Option<&'e Entry> {
    let usable = |e: &&Entry| ctx_ok || !e.ctx;
    langs
        .iter()
        .find_map(|l| entries.iter().filter(usable).find(|e| e.lang == *l))
        .or_else(|| entries.iter().find(usable))
}

struct Detector<'a> {
    t: &'static Tables,
    w: Words<'a>,
    /// Per word, its modifier roles ([`Tables::roles`]).
    roles: Vec<u64>,
    /// Word ranges of the sentences.
    sentences: Vec<(usize, usize)>,
    /// Per word, the last word at or before it that opens a clause (0 if none): the phrase
    /// guard reads it instead of scanning back, which was quadratic in one long sentence.
    clause_open: Vec<usize>,
    /// Per word, whether a clause mark comes before it (the phrase matcher's `Seq::marks`).
    marks: Vec<bool>,
    /// Each word's phrase-table id (`Phrases::ids`), found once per reading, when first
    /// asked for (see [`Detector::ids`]).
    ids: std::cell::OnceCell<Vec<u32>>,
    langs: &'static [&'static str],
    ctx_ok: bool,
    custom: &'a [(Vec<String>, Intent)],
    /// Every word of two letters or more is in capitals: the capitals say nothing about which
    /// words are programme codes ("STOP WORRYING ABOUT IT").
    shouting: bool,
    /// Every word of two letters or more starts with a capital ("Stop Sending Me Messages"):
    /// the capitals say nothing about which words are names.
    titled: bool,
}

/// A keyword found at a position: words it covers, its entry, and (for custom keywords) its
/// spelling and intent.
type KeywordHit = (usize, Entry, Option<(String, Intent)>);

/// How a run of words parses as "keyword(s) plus modifiers".
#[derive(Default)]
struct Parse {
    keywords: Vec<(Entry, bool)>, // entry, matched as a custom keyword
    custom_hits: Vec<(String, Intent)>,
    scope: Vec<String>,
    clean: bool,
    /// Words covered by keywords (as opposed to modifiers).
    keyword_words: usize,
    /// A scope came behind linking words ("remove me from your list"): an informal request,
    /// probable rather than a command.
    linked: bool,
}

impl<'a> Detector<'a> {
    fn keyword_at(&self, i: usize, end: usize) -> Option<KeywordHit> {
        // Callers look past a modifier that may close the reply ("ok can we").
        if i >= end {
            return None;
        }
        // Custom keywords first: a programme's own words win over the shared tables.
        for (words, intent) in self.custom {
            let n = words.len();
            if n > 0 && i + n <= end && words.iter().zip(&self.w.text[i..]).all(|(a, b)| a == b) {
                let e = Entry {
                    id: 0,
                    intent: *intent,
                    lang: "und",
                    fcc: false,
                    strong: true,
                    fuzzy: false,
                    ctx: false,
                    weak: false,
                    sentence: false,
                    verb: false,
                    speaker: false,
                    about: false,
                    name: false,
                };
                return Some((n, e, Some((words.join(" ").to_ascii_uppercase(), *intent))));
            }
        }
        let max = if self.t.keyword_firsts.contains(self.w.text[i]) {
            self.t.max_keyword_words.min(end - i)
        } else {
            1.min(end - i)
        };
        for n in (1..=max).rev() {
            if let Some(entries) = self.t.keywords.get(self.w.span(i, i + n)) {
                if let Some(e) = pick(entries, self.langs, self.ctx_ok) {
                    return Some((n, *e, None));
                }
            }
        }
        None
    }

    /// A time at `i`: a word before an hour and a word that starts with a digit ("after 9pm",
    /// "despues de las 10").
    fn clock_at(&self, i: usize, end: usize) -> bool {
        let n = self.modifier_at(&self.t.clock, i, end);
        n > 0 && i + n < end && self.w.text[i + n].starts_with(|c: char| c.is_ascii_digit())
    }

    fn modifier_at(&self, set: &tables::ModSet, i: usize, end: usize) -> usize {
        if i >= end {
            return 0;
        }
        if let Some(n) = set.by_roles(self.roles[i]) {
            return n;
        }
        for n in (1..=set.max_words().min(end - i)).rev() {
            if set.contains(self.w.span(i, i + n)) {
                return n;
            }
        }
        0
    }

    /// Words from `i` that are an email address, or numbers that together hold seven digits
    /// or more (a phone number, "555-123-4567"): their count, or 0.
    fn contact_at(&self, i: usize, end: usize) -> usize {
        let toks = &self.w.toks[..end];
        let email = toks[i..].iter().take_while(|t| t.contact).count();
        if email > 0 {
            return email;
        }
        let numbers = toks[i..]
            .iter()
            .take_while(|t| t.kind == TokKind::Number)
            .count();
        let digits: usize = (i..i + numbers).map(|k| self.w.text[k].len()).sum();
        if digits >= 7 {
            numbers
        } else {
            0
        }
    }

    /// No comma or sentence end between words `a` and `b` (`clause_open` holds the last clause
    /// mark at or before each word).
    fn joined(&self, a: usize, b: usize) -> bool {
        self.clause_open[b] <= a && self.w.toks[b].sentence == self.w.toks[a].sentence
    }

    /// Where the run of words of `sets` that starts at word `k` ends (before `end`): "STOP
    /// thanks, bye" read past its thanks and farewell.
    fn past(&self, mut k: usize, end: usize, sets: &[&ModSet]) -> usize {
        while k < end {
            let m = (sets.iter())
                .map(|set| self.modifier_at(set, k, end))
                .max()
                .unwrap_or(0);
            if m == 0 {
                break;
            }
            k += m;
        }
        k
    }

    /// Each word's phrase-table id. (The words are final once the signature is cut.)
    fn ids(&self) -> &[u32] {
        self.ids.get_or_init(|| self.t.phrases.ids(&self.w.text))
    }

    /// What the readings need beside the words: whether the reply shouts or is in title case,
    /// its sentences and where each word's clause opens. (Again after a question is split
    /// off.)
    fn prepare(&mut self) {
        self.shouting = self.w.toks.iter().filter(|t| t.caps).count() >= 2
            && (0..self.w.text.len()).all(|k| {
                let tok = &self.w.toks[k];
                tok.caps || tok.kind == TokKind::Number || self.w.text[k].chars().count() < 2
            });
        // Words inside a sentence (a sentence's first word is capitalised anyway), of two letters
        // or more: all capitalised, with some ordinary short or table word among them ("Me",
        // "Messages") rather than only a name ("STOP Acme Corp").
        let t = self.t;
        let toks = &self.w.toks;
        let inner = (1..self.w.text.len()).filter(|&k| {
            toks[k].kind == TokKind::Word
                && toks[k].sentence == toks[k - 1].sentence
                && self.w.text[k].len() >= 2
        });
        // (A messaging or politeness word last but for politeness is a brand's scope or a
        // courtesy: "Stop Acme Texts", "Stop Nike Messages Please".)
        // Where the run of politeness words that ends the reply starts (found once: asking it per
        // word was quadratic in "Stop Please Please ...").
        let words = &self.w.text;
        let polite_tail = words.len()
            - words
                .iter()
                .rev()
                .take_while(|w| t.politeness.contains(w))
                .count();
        let last_but_polite = |k: usize| k + 1 >= polite_tail;
        self.titled = inner.clone().count() >= 2
            && inner.clone().all(|k| toks[k].caps || toks[k].title)
            && inner.clone().any(|k| {
                let w = self.w.text[k];
                toks[k].title
                    && ((w.len() <= 3 && !t.keywords.contains_key(w))
                        || ((t.messaging.contains(w) || t.politeness.contains(w))
                            && !last_but_polite(k))
                        || t.determiner.contains(w))
            });
        self.sentences = self.split_sentences();
        let mut open = 0;
        self.clause_open = (self.w.toks.iter().enumerate())
            .map(|(k, tok)| {
                if tok.clause {
                    open = k;
                }
                open
            })
            .collect();
        // A contrast after a comma goes on with the same thought ("text me about my orders, not
        // the promotions"): a phrase's gap may reach a negation there.
        self.marks = (self.w.toks.iter().zip(&self.w.text))
            .map(|(tok, w)| tok.clause && !self.t.negation.contains(w))
            .collect();
    }

    /// A question about the sender run into a request with no stop between ("who is this stop
    /// texting me", "STOP who is this") is split off as its own sentence, as if the "?" had
    /// been typed: each part is then read as alone. Only the `sentence` help phrases (the
    /// who-is-this kind), at the reply's start past greetings or at its end, and only beside a
    /// keyword, or a phrase of another intent ("who is this guy" stays one sentence). Returns
    /// whether such a question runs into other words, and whether it was split off.
    fn split_run_on_question(&mut self) -> (bool, bool) {
        let len = self.w.text.len();
        if len < 2 {
            return (false, false);
        }
        let t = self.t;
        let ids = self.ids();
        let seq = Seq {
            words: &self.w.text,
            ids,
            marks: &self.marks,
        };
        let toks = &self.w.toks;
        let sentence_end = |s: usize| (s..len).find(|&k| toks[k].sentence != toks[s].sentence);
        // The end of the longest who-is-this question from `s`, within its sentence.
        let asks = |s: usize| {
            let by_first = t.questions_from(ids[s]).iter().map(|(_, p)| p);
            let mut pats = by_first.chain(&t.questions_anywhere);
            let first = pats.next()?;
            let e = sentence_end(s).unwrap_or(len);
            std::iter::once(first)
                .chain(pats)
                .filter_map(|&p| match_longest(&t.phrases.patterns[p].elems, seq.to(e), s))
                .max()
        };
        // A keyword, or a phrase of another intent, from `j`, before `end`.
        let request_at = |j: usize, end: usize| {
            self.keyword_at(j, end).is_some()
                || (t.phrases.candidates(self.w.text[j], ids[j]))
                    .filter(|p| p.entry.intent != Intent::Help)
                    .any(|p| {
                        match_at(&p.elems, seq.to(end), j)
                            .is_some_and(|e| e > j && (!p.entry.name || self.names_someone(j, e)))
                    })
        };
        let g = self.first_past_greetings();
        let head = (g < len)
            .then(|| asks(g))
            .flatten()
            .filter(|&e| e > g && e < len && toks[e].sentence == toks[e - 1].sentence);
        // Where the reply ends but for thanks and farewells ("stop who is this. Thanks"); not
        // looked for when no word near the end can start a question (most replies).
        let near_end = len.saturating_sub(13).max(1)..len;
        let may_start = |k: usize| !t.questions_from(ids[k]).is_empty();
        let tail = if !t.questions_anywhere.is_empty() || near_end.clone().any(may_start) {
            let mut m = len;
            // (`modifier_at` reads the role bits first: most words need no lookup.)
            while let Some(n) = (1..=5.min(m - 1)).rev().find(|&n| {
                self.modifier_at(&t.politeness, m - n, m) == n
                    || self.modifier_at(&t.greeting, m - n, m) == n
            }) {
                m -= n;
            }
            (m.saturating_sub(8).max(1)..m)
                .find(|&k| toks[k].sentence == toks[k - 1].sentence && asks(k) == Some(m))
        } else {
            None
        };
        let split = head
            .filter(|&e| {
                let end = sentence_end(e).unwrap_or(len);
                (e..end).any(|j| request_at(j, end))
            })
            .or_else(|| tail.filter(|&k| (0..k).any(|j| request_at(j, k))));
        let found = head.is_some() || tail.is_some();
        let Some(k) = split else {
            return (found, false);
        };
        for tok in &mut self.w.toks[k..] {
            tok.sentence += 1;
        }
        (found, true)
    }

    /// An automatic signature ("Sent from my iPhone") starting a line or a sentence ends the
    /// reply. It is short and last: at most eight words from there to the end.
    fn cut_signature(&mut self) {
        let len = self.w.text.len();
        let toks = &self.w.toks;
        let cut = (len.saturating_sub(8).max(1)..len).find(|&k| {
            (toks[k].clause || toks[k].sentence != toks[k - 1].sentence)
                && self.modifier_at(&self.t.signature, k, len) > 0
        });
        if let Some(k) = cut {
            self.w.text.truncate(k);
            self.w.toks.truncate(k);
        }
    }

    /// Parse words[start..end] as politeness* (keyword (politeness|scope|code)*)+.
    /// Programme codes ("STOP EVERTON") are only read when the range is the whole reply, but for
    /// greetings and politeness around it.
    fn parse(&self, start: usize, end: usize) -> Parse {
        // The whole reply, but for a few words of greetings and politeness around it ("Hi. STOP
        // ACME"). (A few: parse runs once per sentence, and a longer look would be quadratic.)
        let len = self.w.text.len();
        let ends = end == len || (len - end <= 8 && self.trivial(end, len));
        let whole = (start == 0 || (start <= 8 && self.trivial(0, start))) && ends;
        let mut p = Parse {
            clean: true,
            ..Parse::default()
        };
        let mut i = start;
        let mut codes = 0;
        // A sentence of one's own ("I want to stop") names no programme code.
        let mut desired = false;
        // Where the last keyword ended: a brand's name comes right after it.
        let mut after_keyword = usize::MAX;
        while i < end {
            if let Some((n, e, custom)) = self.keyword_at(i, end) {
                // "No quiero cancelar": the opt-out is refused, not asked for.
                if e.intent == Intent::OptOut && self.refused(i, n) {
                    p.clean = false;
                    return p;
                }
                // A context-only word (YES) without context is an answer, not a keyword.
                if !e.ctx || self.ctx_ok {
                    p.keywords.push((e, custom.is_some()));
                    p.keyword_words += n;
                    if let Some(c) = custom {
                        p.custom_hits.push(c);
                    }
                    i += n;
                    after_keyword = i;
                    continue;
                }
            }
            // Politeness may come before or after ("please stop", "stop thanks").
            let n = self.modifier_at(&self.t.politeness, i, end);
            if n > 0 {
                i += n;
                continue;
            }
            // A greeting, decline or interjection typed without a stop before or after the
            // keyword ("Hi STOP", "ugh stop", "stop bye") is the sentence it would be with one
            // ("Hi. STOP"), but the words run together: probable.
            let n = self.modifier_at(&self.t.greeting, i, end);
            if n > 0 {
                p.linked |= (i + n < end && self.joined(i + n - 1, i + n))
                    || (i > start && self.joined(i - 1, i));
                i += n;
                continue;
            }
            // "I want to" ("je veux me désabonner", "iptal etmek istiyorum"): the keyword said
            // in a sentence of one's own, probable rather than a command.
            let n = self.modifier_at(&self.t.desire, i, end);
            if n > 0 {
                p.linked = true;
                desired = true;
                i += n;
                continue;
            }
            // "Can I unsubscribe?" likewise; "Can I help?" is no request for help.
            let n = self.modifier_at(&self.t.asking, i, end);
            if n > 0
                && self
                    .keyword_at(i + n, end)
                    .is_none_or(|k| k.1.intent != Intent::Help)
            {
                p.linked = true;
                desired = true;
                i += n;
                continue;
            }
            // The person's own details ("unsubscribe my email", an email address or a phone
            // number of seven digits or more): the object of the command, which stays one. (Before
            // scope words: "this number" is the person's, not "this" and a noun.)
            if !p.keywords.is_empty() {
                let n = self
                    .modifier_at(&self.t.own_detail, i, end)
                    .max(self.contact_at(i, end));
                if n > 0 {
                    i += n;
                    continue;
                }
            }
            // Scope, possibly behind linking words ("unsubscribe from sms", "baja de los
            // mensajes"); linking words alone ("stop with") are not a modifier.
            if !p.keywords.is_empty() {
                let mut j = i;
                loop {
                    let n = self.modifier_at(&self.t.linker, j, end);
                    if n == 0 {
                        break;
                    }
                    j += n;
                }
                let n = self.modifier_at(&self.t.scope, j, end);
                if n > 0 {
                    p.scope.push(self.w.span(j, j + n).to_string());
                    p.linked |= j > i;
                    i = j + n;
                    continue;
                }
            }
            // Programme codes after a keyword: digits, or up to three all-caps words ("STOP 12345",
            // "STOP EVERTON").
            let tok = &self.w.toks[i];
            let idiom = (1..=3.min(end - i)).any(|k| self.t.after.contains(self.w.span(i, i + k)));
            // In a reply written all in capitals, one code word at most, in the keyword's clause.
            let code_caps = tok.caps && (!self.shouting || (codes == 0 && !tok.clause));
            // A brand's name in title case right after the keyword, one or two words ("STOP
            // Domino's", "Unsubscribe Zara", "Stop Acme texts"). A word in -ing is an activity,
            // in capitals too ("Stop Lying", "STOP LYING").
            let activity = self.w.text[i].ends_with("ing");
            let name = tok.title
                && !self.titled
                && !tok.clause
                && (i == after_keyword || (codes == 1 && i == after_keyword + 1))
                && !activity;
            // (Not after a weak keyword: "CEASE FIRE", "KNOCK IT OFF LOL" name no programme.)
            let weak = p.keywords.iter().any(|(e, _)| e.weak);
            // The sentence that ends a reply may name one, one word, after a strong keyword too
            // ("Who is this? Stop Acme texts", "I moved. STOP ACME"; "... STOP VIOLENCE AGAINST
            // WOMEN." names none).
            let strong = p.keywords.iter().any(|(e, _)| e.strong || e.fcc);
            if ((whole && codes < 3) || (ends && strong && codes < 1))
                && !desired
                && !idiom
                && !p.keywords.is_empty()
                && (tok.kind == TokKind::Number || (!weak && ((code_caps && !activity) || name)))
            {
                p.scope.push(self.w.text[i].to_string());
                codes += 1;
                i += 1;
                continue;
            }
            // "stop walmart", "unsubscribe mike": a two-word reply (but for greetings and thanks,
            // before it too: "Hi stop walmart") of STOP or UNSUBSCRIBE and one lower-case word no table knows is a programme or a
            // name, as in capitals, but only probable; so is one with a scope word after it
            // ("stop acme deals").
            let w = self.w.text[i];
            let scoped = i + 2 <= end
                && self.t.scope.contains(self.w.text[i + 1])
                && self.trivial(i + 2, end);
            if whole
                && (self.trivial(i + 1, end) || scoped)
                && p.keywords.len() == 1
                && p.keyword_words == 1
                && !desired
                && after_keyword == i
                && tok.kind == TokKind::Word
                && !activity
                && w.len() >= 3
                && w.bytes().all(|b| b.is_ascii_lowercase())
                && !self.t.vocab.contains(w)
                && p.keywords.first().is_some_and(|(e, _)| {
                    matches!(
                        self.t.names[usize::from(e.id)].as_str(),
                        "STOP" | "UNSUBSCRIBE"
                    )
                })
            {
                p.scope.push(w.to_string());
                p.linked = true;
                i += 1;
                continue;
            }
            p.clean = false;
            return p;
        }
        p
    }

    fn best_of_parse(
        &self,
        p: &Parse,
        confidence: Confidence,
        rule_exact: &'static str,
    ) -> Option<Cand> {
        let (e, custom) = p
            .keywords
            .iter()
            .max_by_key(|(e, _)| e.intent.precedence())?;
        let mut c = Cand::from_entry(
            self.t,
            e,
            confidence,
            if p.keyword_words == self.w.text.len() {
                rule_exact
            } else {
                "keyword_with_modifiers"
            },
        );
        if e.weak || p.linked {
            c.confidence = c.confidence.min(Confidence::Probable);
        }
        if *custom {
            let (kw, _) = p.custom_hits.iter().find(|(_, i)| *i == e.intent)?;
            c.keyword = Cow::Owned(kw.clone());
            c.rule = "custom_keyword";
        }
        if e.ctx {
            c.rule = "context_keyword";
        }
        c.scope = scope_of(&p.scope);
        Some(c)
    }

    /// "No quiero cancelar", "iptal etmek istemiyorum": not wanting the opt-out keyword at `i`
    /// (`n` words), said right before it (or right after, where the verb comes last). Such a
    /// reply refuses the opt-out instead of asking for it.
    fn refused(&self, i: usize, n: usize) -> bool {
        // Only a verb can be refused ("No quiero STOP", "ya no quiero baja" ask for the
        // opt-out).
        self.t.refusable.contains(self.w.span(i, i + n)) && self.refusal_beside(i, n)
    }

    /// A refusal right before words `i..i + n` (or right after, where the verb comes last),
    /// which are not written in capitals as a command.
    fn refusal_beside(&self, i: usize, n: usize) -> bool {
        let t = self.t;
        let toks = &self.w.toks;
        let len = self.w.text.len();
        // Capitals that set the keyword apart from the words before it ("No quiero CANCELAR").
        if toks[i].caps && !self.shouting && !(i > 0 && toks[i - 1].caps) {
            return false;
        }
        let end = i + n;
        (1..=t.refusal.max_words().min(i))
            .any(|k| self.joined(i - k, i) && t.refusal.contains(self.w.span(i - k, i)))
            || (end < len
                && self.joined(end - 1, end)
                && self.modifier_at(&t.refusal, end, len) > 0)
    }

    /// Words `i..end` are the refusal of an opt-out keyword beside them ("nao quero" before
    /// "cancelar", "istemiyorum" after "iptal etmek"), not a request of their own.
    fn refusing_keyword(&self, i: usize, end: usize) -> bool {
        // A refused opt-out keyword at `k` (ending before `stop`).
        let refused_at = |k: usize, stop: usize| {
            self.keyword_at(k, stop)
                .is_some_and(|(n, e, _)| e.intent == Intent::OptOut && self.refused(k, n))
        };
        self.t.refusal.contains(self.w.span(i, end))
            && (refused_at(end, self.w.text.len())
                || (i.saturating_sub(2)..i).any(|k| refused_at(k, i)))
    }

    /// Word `i` is inside a refusal that starts before it: "quiero cancelar" in "no quiero
    /// cancelar" wants nothing.
    fn inside_refusal(&self, i: usize) -> bool {
        let max = self.t.refusal.max_words();
        (i.saturating_sub(max.saturating_sub(1))..i)
            .any(|a| a + self.modifier_at(&self.t.refusal, a, self.w.text.len()) > i)
    }

    /// Whether the keyword at `i` (n words) is explained away by its neighbours.
    fn guarded(&self, i: usize, n: usize) -> bool {
        let t = self.t;
        if self.refused(i, n) {
            return true;
        }
        for k in 1..=3.min(i) {
            let before = self.w.span(i - k, i);
            if t.negation.contains(before) || (k == 1 && t.context.contains(before)) {
                return true;
            }
        }
        let after = i + n;
        if self.idiom_after(after) {
            return true;
        }
        if self.other_gerund(after) {
            return true;
        }
        if let Some(next) = self.w.text.get(after) {
            // "remove the teeth", "stop the story": a determiner and something other than messages.
            if t.determiner.contains(next) {
                let object = self.w.text.get(after + 1).copied().unwrap_or("");
                if !t.messaging.contains(object) && !t.scope.contains(object) {
                    return true;
                }
            }
            // "stop u from going", "stop her": another person is the object.
            if matches!(
                *next,
                "u" | "her" | "him" | "them" | "you" | "yourself" | "myself" | "it"
            ) && n == 1
            {
                return true;
            }
        }
        false
    }

    /// Whether word `at` is a gerund about something other than messaging us ("stop knowing
    /// me", "stop worrying").
    fn other_gerund(&self, at: usize) -> bool {
        self.w.text.get(at).is_some_and(|next| {
            let gerund = next.ends_with("ing") || next.ends_with("in") && next.len() > 4;
            gerund && !self.t.messaging.contains(next)
        })
    }

    /// Whether the words from `after` turn the keyword before them into an idiom ("stop by
    /// later", "the end of", "quit my job").
    fn idiom_after(&self, after: usize) -> bool {
        (1..=3)
            .take_while(|k| after + k <= self.w.text.len())
            .any(|k| self.t.after.contains(self.w.span(after, after + k)))
    }

    /// Words `s..e` read as a sentence of keywords and modifiers: its `keyword_sentence`
    /// candidate (probable), and whether it holds a strong opt-out.
    fn keyword_sentence(&self, s: usize, e: usize) -> Option<(Cand, bool)> {
        // A clause of greetings opening the sentence ("Hola, BAJA. No soy cliente") is not
        // part of the keyword's sentence.
        let mut p = self.parse(s, e);
        if !p.clean {
            let mut start = s;
            for c in (s + 1..e).filter(|&c| self.w.toks[c].clause) {
                if !self.trivial(start, c) {
                    break;
                }
                start = c;
            }
            if start > s {
                p = self.parse(start, e);
            }
        }
        if !p.clean || p.keywords.is_empty() {
            return None;
        }
        let mut c = self.best_of_parse(&p, Confidence::Probable, "keyword_sentence")?;
        c.rule = "keyword_sentence";
        let strong_out = p
            .keywords
            .iter()
            .any(|(e, custom)| e.intent == Intent::OptOut && (e.strong || e.fcc || *custom));
        Some((c, strong_out))
    }

    fn sentences(&self) -> &[(usize, usize)] {
        &self.sentences
    }

    fn split_sentences(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for i in 1..=self.w.text.len() {
            if i == self.w.text.len() || self.w.toks[i].sentence != self.w.toks[start].sentence {
                out.push((start, i));
                start = i;
            }
        }
        out
    }

    /// The sentences phrases are looked for in: one-word sentences in a row are one sentence
    /// said with emphasis ("STOP. TEXTING. ME."). Only phrases read them so: "Hi. STOP" keeps
    /// STOP as a sentence of its own.
    fn phrase_sentences(&self) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        // Whether the last entry is a run of one-word sentences (kept as we go: rescanning the
        // run for every sentence was quadratic in "hi. hi. hi. ...").
        let mut last_is_run = false;
        for &(start, i) in self.sentences() {
            // One word, or one word after a clause of greetings ("Hi, Do. Not. Text. Me.").
            let one =
                i - start == 1 || (self.clause_open[i - 1] == i - 1 && self.trivial(start, i - 1));
            match out.last_mut() {
                Some(last) if one && last_is_run => last.1 = i,
                _ => {
                    out.push((start, i));
                    last_is_run = one;
                }
            }
        }
        out
    }

    /// Words `s..e` are greetings and politeness only ("Hi", "Thanks", "Hello, thank you").
    fn trivial(&self, s: usize, e: usize) -> bool {
        self.greetings_end(s, e, true) == e
    }

    /// [`Self::trivial`], with words of laughter ("lol", "haha") among them when `laughter`.
    fn trivial_or_laughter(&self, s: usize, e: usize, laughter: bool) -> bool {
        let mut k = s;
        while k < e {
            if laughter && self.t.banter_word(self.w.text[k]) {
                k += 1;
                continue;
            }
            let g = self.greetings_end(k, e, true);
            if g == k {
                return false;
            }
            k = g;
        }
        true
    }

    /// Where the greetings and politeness (of one word or more) from `s` end, at most `e`: the
    /// name of whoever is greeted too ("Hi Acme", "Hello John"), as the last word only when
    /// `last_ok` (see `greeted_name`).
    fn greetings_end(&self, s: usize, e: usize, last_ok: bool) -> usize {
        let mut i = s;
        while i < e {
            let greeting = self.modifier_at(&self.t.greeting, i, e);
            let n = self.modifier_at(&self.t.politeness, i, e).max(greeting);
            if n == 0 {
                break;
            }
            i += n;
            if greeting == n && i < e && self.greeted_name(i, last_ok) {
                i += 1;
            }
        }
        i
    }

    fn phrases(&self, cands: &mut Vec<Cand>, banter: &dyn Fn() -> bool) {
        let t = self.t;
        let ids = self.ids();
        let all = Seq {
            words: &self.w.text,
            ids,
            marks: &self.marks,
        };
        for (s, e) in self.phrase_sentences() {
            // Phrases never cross a sentence end ("... then stop. It wasn't there").
            let seq = all.to(e);
            let words = seq.words;
            let sig = signature(&ids[s..e]);
            for i in s..e {
                for pat in t.phrases.candidates(words[i], ids[i]) {
                    if !pat.may_match(&sig) {
                        continue;
                    }
                    // (The longest match is looked for only where some match is: most
                    // candidates match nothing.)
                    let end = match_at(&pat.elems, seq, i);
                    let end = if pat.entry.sentence && end.is_some() {
                        match_longest(&pat.elems, seq, i)
                    } else {
                        end
                    };
                    let Some(end) = end else {
                        continue;
                    };
                    // "Не хочу получать рекламу", "don't subscribe me": a negated opt-in
                    // refuses the messages. One about something else ("Saya tidak mau menerima
                    // tamu", no guests today) is neither.
                    if end > i && pat.entry.intent == Intent::OptIn && self.opt_in_negated(i, s) {
                        if self.about_messages_after(end, e) {
                            let mut c =
                                Cand::from_entry(t, &pat.entry, Confidence::Probable, "phrase");
                            c.intent = Intent::OptOut;
                            c.keyword = Cow::Owned(self.shown(i.saturating_sub(1), end));
                            cands.push(c);
                        }
                        continue;
                    }
                    // "No quiero dejar de recibir mensajes", "Não quero cancelar": a refused
                    // opt-out, and the refusal itself, ask for nothing.
                    if pat.entry.intent == Intent::OptOut
                        && end > i
                        && (self.refusal_beside(i, end - i)
                            || self.refusing_keyword(i, end)
                            || self.inside_refusal(i))
                    {
                        continue;
                    }
                    if end == i
                        || self.phrase_guarded(i, end, s, pat.entry.lang)
                        || (pat.entry.speaker && self.someone_else(i, s))
                        || (pat.entry.name && !self.names_someone(i, end))
                    {
                        continue;
                    }
                    // "No me escribas tan tarde": a time or situation right after it makes
                    // the request one about when, not a revocation; so it does past words
                    // about messages ("please stop [messaging me] on weekends").
                    let mut q = end;
                    while q < e && !self.w.toks[q].clause && t.messaging.contains(self.w.text[q]) {
                        q += 1;
                    }
                    if pat.entry.intent == Intent::OptOut
                        && q < e
                        && !self.w.toks[q].clause
                        && (self.modifier_at(&t.qualifier, q, e) > 0 || self.clock_at(q, e))
                    {
                        continue;
                    }
                    // "Sign me up for the marathon", "Je veux recevoir mon colis": an opt-in
                    // phrase whose clause goes on about something other than messages. (One
                    // that names the messages itself may go on: "I want to get texts from you",
                    // not about someone else's: "... texts from my mom more often".)
                    let names_own = pat.entry.intent == Intent::OptIn
                        && (words[i..end].iter())
                            .any(|w| t.message_noun.contains(w) || t.scope.contains(w))
                        && !(words[end..e].iter().take(3)).any(|w| t.other_object.contains(w));
                    if (pat.entry.intent == Intent::OptIn || pat.entry.about)
                        && !names_own
                        && !self.about_messages_after(end, e)
                    {
                        continue;
                    }
                    // "who is this?" counts only as a whole short sentence of a short reply.
                    //     Greetings and thanks around it are fine ("Hi Acme, who is this?"),
                    //     and so is another clause before it ("Help me please, what is this?").
                    // A long reply may end with a question for help ("... I never ordered
                    // anything? Who is this?"); a pasted footer ending one ("... To unsubscribe
                    // text STOP") stays for review.
                    let last =
                        || pat.entry.intent == Intent::Help && self.trivial(e, self.w.text.len());
                    let c = self.clause_start(i, s);
                    // Laughter may follow a question for help ("who is this lol").
                    let laughter = pat.entry.intent == Intent::Help;
                    if pat.entry.sentence
                        && ((self.w.text.len() > 12 && !last())
                            || !self.trivial_or_laughter(end, e, laughter)
                            || ((i - c) > 2 && !self.trivial(c, i)))
                    {
                        continue;
                    }
                    // "stop calling everyone": somebody else is the object. (Only in the
                    // phrase's clause: "Wrong number. My name is Bob" has none.)
                    // The person's own phone is no one else's: "Quit spamming my phone"; nor
                    // is a subscription or number after "my": "I want to cancel my subscription".
                    if words.get(end).is_some_and(|w| t.other_object.contains(w))
                        && !self.w.toks[end].clause
                        && self.modifier_at(&t.own_detail, end, e) == 0
                        && !(t.determiner.contains(words[end])
                            && words.get(end + 1).is_some_and(|w| t.names_messages(w)))
                    {
                        continue;
                    }
                    // "please stop by the office": a phrase that ends on a keyword the next
                    // words make an idiom of.
                    let ends_on_keyword = t.keywords.contains_key(words[end - 1]);
                    if ends_on_keyword && (self.idiom_after(end) || self.other_gerund(end)) {
                        continue;
                    }
                    // "please remove the onions": a phrase that ends on a keyword verb, then a
                    // determiner and a thing that is neither messages nor the person's details.
                    // The same past a second verb: "please remove and replace your battery".
                    let obj = if matches!(self.w.text.get(end).copied(), Some("and" | "or")) {
                        end + 2
                    } else {
                        end
                    };
                    // So too past "off" or "from": "take me off the carpool schedule" (one of
                    // the two words after the determiner may name the messages: "the group text").
                    let ends_on_off = matches!(words[end - 1], "off" | "from");
                    // And past "of" after an opt-out verb: "opt out of the work drinks thing".
                    let past_of = (ends_on_keyword || words[end - 1] == "out")
                        && matches!(self.w.text.get(obj).copied(), Some("of" | "from"));
                    let obj = obj + usize::from(past_of);
                    let ends_on_off = ends_on_off || past_of;
                    if (ends_on_keyword || ends_on_off)
                        && self
                            .w
                            .text
                            .get(obj)
                            .is_some_and(|w| t.determiner.contains(w))
                    {
                        let reach = if ends_on_off { 2 } else { 1 };
                        let named = (obj + 1..obj + 1 + reach)
                            .any(|k| self.w.text.get(k).is_some_and(|w| t.names_messages(w)));
                        if !named {
                            continue;
                        }
                    }
                    // (Or about the person's number or list: "wrong number lol" is no banter.)
                    let about_messages = words[i..end].iter().any(|w| t.names_messages(w));
                    let confidence = if !about_messages && banter() {
                        Confidence::Review
                    } else {
                        Confidence::Probable
                    };
                    let mut c = Cand::from_entry(t, &pat.entry, confidence, "phrase");
                    c.keyword = Cow::Owned(self.shown(i, end));
                    cands.push(c);
                }
            }
        }
    }

    /// Words `i..end` as a phrase's keyword: their matching forms, but a Cyrillic or Greek
    /// word matched through Latin look-alikes in its own letters ("не пишите мне", not
    /// "he пишите mhe").
    fn shown(&self, i: usize, end: usize) -> String {
        let own = self.w.lookalike;
        if own.is_empty() {
            return self.w.span(i, end).to_string();
        }
        let words: Vec<&str> = (i..end)
            .map(|k| {
                let at = self.w.toks[k].start;
                match own.binary_search_by_key(&at, |(s, _)| *s) {
                    Ok(x) => own[x].1.as_str(),
                    Err(_) => self.w.text[k],
                }
            })
            .collect();
        words.join(" ")
    }

    /// The first word that is neither a greeting nor politeness ("Hi. STOOOOP", "Hi. STOP, I
    /// moved"), or the word count when there is none.
    /// Whether the word at `k`, right after a greeting, is the greeted name ("Hi Acme, stop"):
    /// capitalised, not a keyword, in the greeting's sentence, and closing its clause, or, with
    /// `last_ok`, the last word ("Hi Acme 🛑"). ("Hi. SOTP" and "Hi STOOOOP" greet no one.)
    fn greeted_name(&self, k: usize, last_ok: bool) -> bool {
        let toks = &self.w.toks;
        // In lower case a name is known by the comma after it ("hi acme, stop").
        let comma_after = toks
            .get(k + 1)
            .is_some_and(|next| next.clause && next.sentence == toks[k].sentence);
        k > 0
            && (toks[k].title || toks[k].caps || comma_after)
            && !toks[k].clause
            && toks[k].sentence == toks[k - 1].sentence
            && toks.get(k + 1).map_or(last_ok, |next| {
                next.clause || next.sentence != toks[k].sentence
            })
            && self.keyword_at(k, self.w.text.len()).is_none()
    }

    /// The match `i..end` of a `name` phrase ends on a name (but for a closing "here"): a
    /// word capitalised ("I'm not Mike"), or in capitals after a word that is not ("this isn't
    /// SARAH", not "THIS ISNT FAIR"), past its sentence's first word, that is no keyword,
    /// greeting or politeness ("No Thanks").
    fn names_someone(&self, i: usize, end: usize) -> bool {
        let toks = &self.w.toks;
        let k = end - 1 - usize::from(end >= i + 2 && self.w.text[end - 1] == "here");
        !self.shouting
            && k > i
            && toks[k].sentence == toks[k - 1].sentence
            && (toks[k].title || (toks[k].caps && !toks[k - 1].caps))
            && self.keyword_at(k, k + 1).is_none()
            && self.modifier_at(&self.t.politeness, k, k + 1) == 0
            && self.modifier_at(&self.t.greeting, k, k + 1) == 0
    }

    /// The first word past the reply's opening greetings and politeness ("Hello there, STOP",
    /// "Hi Acme, SOTP").
    fn first_past_greetings(&self) -> usize {
        self.greetings_end(0, self.w.text.len(), false)
    }

    /// Whether the words after a phrase ending at `end`, up to the end of its clause (at most
    /// `e`), leave it about messages: nothing but politeness, greetings or laughter, or a word
    /// for messages or their scope among the next three.
    fn about_messages_after(&self, end: usize, e: usize) -> bool {
        let t = self.t;
        let words = &self.w.text;
        let stop = (end..e).find(|&k| self.w.toks[k].clause).unwrap_or(e);
        // Skip politeness, desire and greetings of one or more words ("otra vez"), and laughter.
        let mut rest: Vec<&str> = Vec::new();
        let mut k = end;
        while k < stop {
            let n = self
                .modifier_at(&t.politeness, k, stop)
                .max(self.modifier_at(&t.desire, k, stop))
                .max(self.modifier_at(&t.greeting, k, stop));
            let w = words[k];
            if n == 0 && !t.banter_word(w) {
                rest.push(w);
            }
            k += n.max(1);
        }
        rest.is_empty()
            || rest
                .iter()
                .take(3)
                .any(|w| t.names_messages(w) || t.any_object.contains(w))
    }

    /// A phrase is not a request when negated ("don't stop texting me") or when it is an
    /// infinitive or future ("we have got to stop this", "I will stop sending").
    fn phrase_guarded(&self, i: usize, end: usize, sentence_start: usize, lang: &str) -> bool {
        let words = &self.w.text;
        let sentence_start = self.clause_start(i, sentence_start);
        let negated = self.negated_before(i, sentence_start, |_| false);
        let before = (i > sentence_start).then(|| words[i - 1]);
        // English auxiliaries and nouns (the context words are English): German "Ich will
        // keine Nachrichten mehr" is "I want no more".
        // ("I've told your rep twice to take me off the list": a request already made to the
        // sender, reported, is one.)
        // (Within eight words: a bounded look back keeps long replies linear.)
        let asked_sender = (i.saturating_sub(8).max(sentence_start + 1)..i).any(|k| {
            matches!(words[k - 1], "asked" | "told" | "begged" | "requested")
                && matches!(words[k], "you" | "u" | "your" | "ur" | "yall")
        });
        let asked_before = before == Some("to") && asked_sender;
        let infinitive = lang == "en"
            && !asked_before
            && matches!(
                before,
                Some(
                    "to" | "2"
                        | "gonna"
                        | "wanna"
                        | "will"
                        | "would"
                        | "might"
                        | "must"
                        | "should"
                        | "ll"
                )
            );
        // "at the bus stop already": a noun, not a command. Subjects and "can" stay allowed
        // ("can you stop texting me").
        let noun = lang == "en"
            && !asked_before
            && before.is_some_and(|b| {
                self.t.context.contains(b)
                    && !matches!(
                        b,
                        "i" | "we" | "you" | "u" | "they" | "he" | "she" | "can" | "could"
                    )
            });
        // "You have no more SMS on your bundle": what someone has left, not a request. The
        // rows hold the verb and the phrase's first word ("have no", "avez plus"). Only a
        // phrase that names the messages is such a count: "Ich habe kein Interesse" declines.
        let possessed = (1..=2.min(i - sentence_start))
            .any(|k| self.t.possession.contains(self.w.span(i - k, i + 1)))
            && words[i..end].iter().any(|w| self.t.names_messages(w));
        // Spanish "no" before a verb negates it ("No dejen de mandarme ofertas", don't stop
        // sending me offers). Only in Spanish phrases: in English "no stop texting me" is a
        // no and a command. "No no me manden" is the phrase's own "no", repeated.
        let spanish_no = lang == "es" && before == Some("no") && words[i] != "no";
        negated || infinitive || noun || possessed || spanish_no
    }

    /// Where the clause of word `i` starts: after a comma the words before are another clause
    /// ("I didn't sign up for this, remove me").
    fn clause_start(&self, i: usize, sentence_start: usize) -> usize {
        sentence_start.max(self.clause_open[i])
    }

    /// A negation (`negation` rows, or a word `also` accepts) one or two words before `i`,
    /// from `from` on.
    fn negated_before(&self, i: usize, from: usize, also: impl Fn(&str) -> bool) -> bool {
        (1..=2.min(i - from))
            .any(|k| also(self.w.text[i - k]) || self.t.negation.contains(self.w.span(i - k, i)))
    }

    /// A negation in any language (`negation` or `optin_negation`) before `i`, in its clause.
    fn opt_in_negated(&self, i: usize, sentence_start: usize) -> bool {
        let from = self.clause_start(i, sentence_start);
        self.negated_before(i, from, |w| self.t.optin_negation.contains(w))
    }

    /// "she is not interested", "i tot u not interested": the subject of the phrase at `i`,
    /// past at most two linking words ("is", "still"), is another person.
    fn someone_else(&self, i: usize, sentence_start: usize) -> bool {
        let from = self.clause_start(i, sentence_start);
        let mut k = i;
        while k > from && i - k < 3 {
            k -= 1;
            let w = self.w.text[k];
            if self.t.other_subject.contains(w) {
                // "thank you not interested": "you" ends a politeness phrase, not a subject.
                let thanks = k > 0 && self.w.text[k - 1].starts_with("thank");
                return !thanks;
            }
            if !self.t.subject_link.contains(w) {
                return false;
            }
        }
        false
    }

    fn cjk(&self, cands: &mut Vec<Cand>) {
        for (k, tok) in self.w.toks.iter().enumerate() {
            if tok.kind != TokKind::Cjk {
                continue;
            }
            let text = self.w.text[k];
            // "别再给我发": "to me" inside a request does not change it (fillers in modifiers.tsv).
            let mut bare: Option<String> = None;
            for f in &self.t.cjk_filler {
                let b = bare.as_deref().unwrap_or(text);
                if b.contains(f.as_str()) {
                    bare = Some(b.replace(f.as_str(), ""));
                }
            }
            for (kw, e) in &self.t.cjk {
                // A context-only word (はい) counts only with the context, as in `parse`.
                if e.ctx && !self.ctx_ok {
                    continue;
                }
                if self.cjk_asks(text, kw, e)
                    || bare.as_deref().is_some_and(|b| self.cjk_asks(b, kw, e))
                {
                    // The whole reply, but for politeness ("はい、登録したいです").
                    let whole = text == kw.as_str()
                        && (0..self.w.text.len())
                            .all(|j| j == k || self.t.politeness.contains(self.w.text[j]));
                    // "登録", "구독": a request only as the whole reply (in a sentence they are
                    // everyday words).
                    if e.sentence && !whole {
                        continue;
                    }
                    let conf = if whole {
                        Confidence::Certain
                    } else {
                        Confidence::Probable
                    };
                    cands.push(Cand::from_entry(
                        self.t,
                        e,
                        conf,
                        if whole { "exact_keyword" } else { "phrase" },
                    ));
                }
            }
        }
    }

    /// Whether `kw` occurs in the CJK run `run` other than negated ("不要停止", don't stop) or,
    /// for a plain verb, narrated ("车停止了", the car stopped).
    fn cjk_asks(&self, run: &str, kw: &str, e: &Entry) -> bool {
        let (neg, narr) = (&self.t.cjk_negation, &self.t.cjk_narrative);
        run.match_indices(kw).any(|(at, _)| {
            let (before, after) = (&run[..at], &run[at + kw.len()..]);
            let negated = neg.iter().any(|n| before.ends_with(n.as_str()));
            let narrated = e.verb && narr.iter().any(|n| after.starts_with(n.as_str()));
            !negated && !narrated
        })
    }

    /// "CANCLE", "STPO", "Unscubscibe", "stopppp" in a short reply.
    fn misspelling(&self, cands: &mut Vec<Cand>) {
        let words = &self.w.text;
        if words.is_empty() || words.len() > 4 {
            return;
        }
        let i = self.first_past_greetings();
        if i == words.len() {
            return;
        }
        let w = words[i];
        if w.len() < 3
            || !w.is_ascii()
            || self.t.ordinary.contains(w)
            || self.t.keywords.contains_key(w)
        {
            return;
        }
        // Stretched letters: runs of three or more of one letter become one.
        let mut squeezed = String::with_capacity(w.len());
        let b = w.as_bytes();
        let mut j = 0;
        while j < b.len() {
            let mut k = j;
            while k < b.len() && b[k] == b[j] {
                k += 1;
            }
            let run = k - j;
            for _ in 0..if run >= 3 { 1 } else { run } {
                squeezed.push(char::from(b[j]));
            }
            j = k;
        }
        if squeezed != w {
            if let Some(e) = self
                .t
                .keywords
                .get(&squeezed)
                .and_then(|es| pick(es, self.langs, false))
            {
                cands.push(Cand::from_entry(
                    self.t,
                    e,
                    Confidence::Probable,
                    "misspelling",
                ));
                return;
            }
        }
        for (kw, e) in &self.t.fuzzy {
            if damerau_levenshtein(w.as_bytes(), kw.as_bytes(), 2) == 1 {
                let mut c = Cand::from_entry(self.t, e, Confidence::Probable, "misspelling");
                c.fcc = false;
                cands.push(c);
                return;
            }
        }
    }

    /// A first-person verb of saying or sending from `k` (at most `end`), with words of
    /// repetition inside it ("I already said", "ja te disse": the table holds "i said", "te
    /// disse"): how many words, or 0.
    fn reported_at(&self, k: usize, end: usize) -> usize {
        let t = self.t;
        let direct = self.modifier_at(&t.reported, k, end);
        if k >= end || t.reported.by_roles(self.roles[k]) == Some(0) {
            return direct;
        }
        let mut joined = String::new();
        let (mut j, mut words, mut best) = (k, 0, direct);
        while j < end && words < t.reported.max_words() {
            let skip = self.modifier_at(&t.repeat, j, end);
            if skip > 0 && words > 0 {
                j += skip;
            } else {
                if words > 0 {
                    joined.push(' ');
                }
                joined.push_str(self.w.text[j]);
                words += 1;
                j += 1;
            }
            if t.reported.contains(&joined) {
                best = best.max(j - k);
            }
        }
        best
    }

    /// An opt-out keyword with a first-person verb of saying or sending right before it ("I
    /// already said STOP", "Ya dije que BAJA") or right after it ("Ich habe schon STOP
    /// geschrieben"), ending its sentence but for words of repetition, politeness or farewell
    /// ("three times already", "... bye"), and not explained by a guard.
    fn reported(&self, cands: &mut Vec<Cand>) {
        let t = self.t;
        for &(s, end) in self.sentences() {
            // Most sentences hold no verb of saying: one lookup per word settles them.
            if !(s..end).any(|k| self.reported_at(k, end) > 0) {
                continue;
            }
            for i in s..end {
                let Some((n, e, None)) = self.keyword_at(i, end) else {
                    continue;
                };
                if e.intent != Intent::OptOut || e.weak || e.ctx {
                    continue;
                }
                let before =
                    (i.saturating_sub(6).max(s)..i).any(|k| k + self.reported_at(k, i) == i);
                let after = self.reported_at(i + n, end);
                if !before && after == 0 {
                    continue;
                }
                // The rest of the sentence says how often or is politeness. (The scan stops at
                // the next keyword, so the scans of one sentence add up to its length.)
                let mut k = i + n + after;
                while k < end {
                    let m = [&t.repeat, &t.politeness, &t.scope, &t.greeting]
                        .iter()
                        .map(|set| self.modifier_at(set, k, end))
                        .max()
                        .unwrap_or(0)
                        .max(self.reported_at(k, end));
                    if m == 0 && self.w.toks[k].kind != TokKind::Number {
                        break;
                    }
                    k += m.max(1);
                }
                if k >= end && !self.guarded(i, n) {
                    cands.push(Cand::from_entry(
                        t,
                        &e,
                        Confidence::Probable,
                        "reported_keyword",
                    ));
                    return;
                }
            }
        }
    }

    /// A strong English opt-out word inside a sentence, not explained by a guard: review. But
    /// a strong word of any language typed in capitals as the last word (but for thanks or a
    /// farewell) after a word that is not ("you heard me STOP", "cuantas veces BAJA") is set
    /// apart as "... me. STOP" is, a sentence of its own: probable. Not in banter; not at the
    /// end of a long text.
    fn review(&self, cands: &mut Vec<Cand>) {
        let t = self.t;
        let toks = &self.w.toks;
        let len = self.w.text.len();
        let mut first = None;
        for i in 0..len {
            let Some(entries) = t.keywords.get(self.w.text[i]) else {
                continue;
            };
            let strong = |en: bool| {
                (entries.iter())
                    .find(|e| e.intent == Intent::OptOut && e.strong && (!en || e.lang == "en"))
            };
            if (1..=12).contains(&i) && toks[i].caps && !toks[i - 1].caps && !self.shouting {
                // (Thanks or farewells only after it.)
                let last = || self.past(i + 1, len, &[&t.politeness, &t.greeting]) >= len;
                if let Some(e) = strong(false).filter(|_| last()) {
                    if !self.guarded(i, 1) && !self.w.text.iter().any(|w| t.banter_word(w)) {
                        cands.push(Cand::from_entry(
                            t,
                            e,
                            Confidence::Probable,
                            "keyword_sentence",
                        ));
                        return;
                    }
                }
            }
            if first.is_none() {
                first = strong(true).filter(|_| !self.guarded(i, 1));
            }
        }
        if let Some(e) = first {
            cands.push(Cand::from_entry(
                t,
                e,
                Confidence::Review,
                "keyword_in_sentence",
            ));
        }
    }

    fn run(&self, n: &Normalized) -> Option<Cand> {
        let words = &self.w.text;
        let mut cands: Vec<Cand> = Vec::new();
        // Emoji-only replies, or emoji beside greetings and politeness ("Hi 🛑", "🚫 thanks"):
        // 🛑 alone reads as "stop".
        let any_emoji = || n.tokens.iter().any(|t| matches!(t.kind, TokKind::Emoji(_)));
        if words.is_empty() || (any_emoji() && self.trivial(0, words.len())) {
            let emoji: Vec<char> = n
                .tokens
                .iter()
                .filter_map(|t| match t.kind {
                    // A gender sign ends a ZWJ sequence (🙅‍♀️): it modifies the emoji before it.
                    TokKind::Emoji('\u{2640}' | '\u{2642}') => None,
                    // Folded hands beside 🛑 say please.
                    TokKind::Emoji('\u{1F64F}') => None,
                    TokKind::Emoji(c) => Some(c),
                    _ => None,
                })
                .collect();
            if !emoji.is_empty() && emoji.iter().all(|c| self.t.emoji.contains_key(c)) {
                let e = self.t.emoji[&emoji[0]];
                return Some(Cand::from_entry(self.t, &e, Confidence::Probable, "emoji"));
            }
            if words.is_empty() {
                return None;
            }
        }
        // Laughing beside an opt-out keyword ("Stop 😂") is banter, as "Stop lol" is: left for
        // review. ("Yes 😊" after an opt-in question stays an opt-in.)
        let laughing = self.t.laughing(n);
        // 1. The whole reply is keywords plus politeness, scope or a programme code.
        let whole = self.parse(0, words.len());
        if whole.clean && !whole.keywords.is_empty() {
            let c = self.best_of_parse(&whole, Confidence::Certain, "exact_keyword");
            return c.map(|c| banter_review(c, laughing));
        }
        // Laughter or affection anywhere ("lol", 😂). Read once, and only when a rule asks:
        // most replies match none. (Once: a long reply full of phrases would otherwise rescan
        // every word per phrase.)
        let once = std::cell::OnceCell::new();
        let banter =
            || *once.get_or_init(|| words.iter().any(|w| self.t.banter_word(w)) || laughing);
        // 2. Sentences: a keyword sentence that ends a reply ("Who is this? Stop") is probable;
        //    one that opens a reply followed by chat ("Stop! You're making me blush") is review.
        //    Beside sentences of greetings and politeness only ("Hi. Keine Werbung",
        //    "STOP. Thanks") it reads as the whole reply would.
        let sentences = self.sentences();
        // Trailing thanks ("Remove it. Thanks") do not move the end of the reply.
        let mut last_k = sentences.len() - 1;
        while last_k > 0 && self.trivial(sentences[last_k].0, sentences[last_k].1) {
            last_k -= 1;
        }
        if sentences.len() > 1 {
            // The reply's opening sentence past sentences of greetings ("Hi Acme. Stop. ...").
            let first_k = (0..sentences.len())
                .find(|&k| !self.trivial(sentences[k].0, sentences[k].1))
                .unwrap_or(0);
            for (k, &(s, e)) in sentences.iter().enumerate() {
                let Some((mut c, strong_out)) = self.keyword_sentence(s, e) else {
                    continue;
                };
                let alone = sentences
                    .iter()
                    .enumerate()
                    .all(|(j, &(a, b))| j == k || self.trivial(a, b));
                // "U guys sent me 6 messages yesterday. Enough!!": a weak revocation that
                // ends a reply about the messages is one.
                let about_messages = || {
                    c.intent == Intent::OptOut
                        && self.w.text[..s]
                            .iter()
                            .any(|w| self.t.message_noun.contains(w))
                };
                if alone || (k == last_k && (strong_out || about_messages())) {
                    cands.push(banter_review(c, laughing));
                } else if (k == first_k && strong_out)
                    || (k == last_k && c.intent == Intent::OptOut && !banter())
                {
                    // A weak revocation ending a reply ("Who is this? Go away") is for review,
                    // unless a question about the sender makes it one said to a stranger
                    // (promoted below, as "Stop!! Who is this?"); not in banter ("... lol").
                    c.confidence = Confidence::Review;
                    cands.push(c);
                }
            }
        }
        // 2b. The same for the reply's last clause: "I'm reporting this as spam, stop"; any
        //     keyword after a clause of greetings only ("Hi Acme, help me").
        //     Trailing clauses of thanks do not count ("Hi Acme, stop, thanks a lot").
        let (last_s, mut last_e) = sentences[last_k];
        let mut open = self.clause_open[last_e - 1];
        while open > last_s && self.trivial(open, last_e) {
            last_e = open;
            open = self.clause_open[last_e - 1];
        }
        if open > last_s {
            if let Some((c, strong)) = self.keyword_sentence(open, last_e) {
                if strong || self.trivial(last_s, open) {
                    cands.push(banter_review(c, laughing));
                }
            }
        }
        // 3. Informal requests anywhere; CJK keywords inside runs of text.
        // Laughter or affection anywhere ("Stop it, you're too funny 😂"): a phrase without
        // a word about messages is banter, left for review.
        self.phrases(&mut cands, &banter);
        self.cjk(&mut cands);
        // 3b. "I already said STOP": a keyword the person says they sent before.
        if !cands
            .iter()
            .any(|c| c.intent == Intent::OptOut && c.confidence >= Confidence::Probable)
        {
            self.reported(&mut cands);
        }
        // 4. Misspellings, in short replies only.
        if !cands
            .iter()
            .any(|c| c.intent == Intent::OptOut && c.confidence >= Confidence::Probable)
        {
            self.misspelling(&mut cands);
        }
        // 5. Review: a strong keyword that nothing explains.
        if !cands.iter().any(|c| c.intent == Intent::OptOut) {
            self.review(&mut cands);
        }
        // An opening STOP followed by a question about the sender ("Stop!! Who is this?") is
        // said to a stranger, not a friend: probable, and it takes precedence over the help.
        if cands
            .iter()
            .any(|c| c.intent == Intent::Help && c.confidence >= Confidence::Probable)
        {
            promote(&mut cands, &["keyword_sentence"]);
            // So is a STOP that banter left for review ("who is this lol stop"): missing an
            // opt-out costs more than a wrong one.
            // (Without banter a run-on question is split off later: "stop who is this".)
            if banter()
                && !cands
                    .iter()
                    .any(|c| c.intent == Intent::OptOut && c.confidence >= Confidence::Probable)
            {
                promote(&mut cands, &["keyword_in_sentence"]);
            }
        }
        // An opening STOP with a reason for not wanting the messages ("STOP, I moved away",
        // "Stop. This isn't John") is said to a sender: probable. Banter keeps it for review.
        let len = words.len();
        let first = self.first_past_greetings();
        let opens = first < len
            && self
                .keyword_at(first, len)
                .is_some_and(|(_, e, _)| e.intent == Intent::OptOut && !e.ctx);
        if opens
            && !banter()
            && (first + 1..len).any(|k| self.modifier_at(&self.t.reason, k, len) > 0)
        {
            promote(&mut cands, &["keyword_sentence", "keyword_in_sentence"]);
            // An FCC word that is not strong ("Cancel, I moved", "quit i moved") makes no
            // candidate inside a sentence; right before the reason, but for politeness, it is
            // the same request. ("cancel my appointment, I moved" asks about the appointment.)
            if !cands.iter().any(|c| c.intent == Intent::OptOut) {
                if let Some((n, e, None)) = self.keyword_at(first, len).filter(|k| k.1.fcc) {
                    let k = self.past(first + n, len, &[&self.t.politeness]);
                    if self.modifier_at(&self.t.reason, k, len) > 0 && !self.guarded(first, n) {
                        let c =
                            Cand::from_entry(self.t, &e, Confidence::Probable, "keyword_sentence");
                        cands.push(c);
                    }
                }
            }
        }
        choose(cands)
    }
}

fn scope_of(words: &[String]) -> Option<String> {
    if words.is_empty() {
        return None;
    }
    let t = tables();
    let canonical: Vec<String> = words
        .iter()
        .map(|w| match w.as_str() {
            "all" | "todo" | "tous" | "tout" | "alle" | "tutto" | "tudo" | "sab" | "ye sab"
            | "yeh sab" => "all".to_string(),
            "marketing" | "promotions" | "promotion" | "promos" | "promo" | "offers" | "ads"
            | "advertising" => "marketing".to_string(),
            "notifications" | "notification" | "notificacion" | "alerts" => {
                "notifications".to_string()
            }
            w if t.scope.contains(w) => w.to_string(),
            w => w.to_string(),
        })
        // Words for the messages themselves say nothing about which programme.
        .filter(|w| !t.messaging.contains(w.as_str()) && !matches!(w.as_str(), "this" | "them"))
        .collect();
    (!canonical.is_empty()).then(|| canonical.join(" "))
}

fn spaced_letters(n: &Normalized, t: &Tables) -> Option<Normalized> {
    let single = |x: &Tok| x.kind == TokKind::Word && n.text(x).chars().count() == 1;
    // Greetings first ("Hi Acme, S-T-O-P"): words of greeting or politeness, sentence ends,
    // and a capitalised name after a greeting. (A single letter is never such a name.)
    let mut skip = 0;
    while let Some(x) = n.tokens.get(skip) {
        let w = n.text(x);
        let greeted =
            skip > 0 && (x.title || x.caps) && t.greeting.contains(n.text(&n.tokens[skip - 1]));
        let trivial = x.kind == TokKind::End
            || (x.kind == TokKind::Word
                && !single(x)
                && (t.greeting.contains(w) || t.politeness.contains(w) || greeted));
        if !trivial {
            break;
        }
        skip += 1;
    }
    let toks = &n.tokens[skip..];
    let words: Vec<&Tok> = toks.iter().filter(|x| x.kind == TokKind::Word).collect();
    // The greeting as typed (with its commas and full stops), then what the letters spell.
    let mut text = String::new();
    for x in &n.tokens[..skip] {
        if x.clause && !text.is_empty() {
            text.push(',');
        }
        if x.kind == TokKind::End {
            text.push('.');
        } else {
            // A greeted name keeps its capital ("Hi Acme,").
            text.push(' ');
            let w = n.text(x);
            let mut chars = w.chars();
            if let (true, Some(first)) = (x.title || x.caps, chars.next()) {
                text.extend(first.to_uppercase());
                text.push_str(chars.as_str());
            } else {
                text.push_str(w);
            }
        }
    }
    if toks.first().is_some_and(|x| x.clause) && !text.is_empty() {
        text.push(',');
    }
    text.push(' ');
    // "S T O P please": a leading run of letters that spells a keyword, then other words.
    let lead = toks.iter().take_while(|x| single(x)).count();
    if lead >= 3 && lead < words.len() {
        let spelled: String = toks[..lead].iter().map(|x| n.text(x)).collect();
        text.push_str(&spelled_words(&spelled, t)?);
        for x in &toks[lead..] {
            text.push(' ');
            match x.kind {
                TokKind::End => text.push('.'),
                TokKind::Emoji(c) => text.push(c),
                _ => text.push_str(n.text(x)),
            }
        }
        let mut m = normalize_reply(&text, t);
        m.display = n.display.clone();
        return Some(m);
    }
    if words.len() < 3
        || !words.iter().all(|x| single(x))
        || toks
            .iter()
            .any(|t| matches!(t.kind, TokKind::Number | TokKind::Cjk))
    {
        return None;
    }
    let joined: String = words.iter().map(|x| n.text(x)).collect();
    text.push_str(&spelled_words(&joined, t).unwrap_or(joined));
    let mut m = normalize_reply(&text, t);
    m.display = n.display.clone();
    Some(m)
}

/// Letters typed apart, joined ("stopplease"), as the words they spell: a keyword, or a
/// keyword of two words ("help me") or a keyword and a word of politeness ("stop please").
fn spelled_words(joined: &str, t: &Tables) -> Option<String> {
    if t.keywords.contains_key(joined) {
        return Some(joined.to_string());
    }
    // Keywords are short: a long run of letters is not split (linear time on hostile input).
    if joined.len() > 64 {
        return None;
    }
    (3..joined.len()).find_map(|k| {
        let (a, b) = (joined.get(..k)?, joined.get(k..)?);
        let two = format!("{a} {b}");
        (t.keywords.contains_key(&two) || (t.keywords.contains_key(a) && t.politeness.contains(b)))
            .then_some(two)
    })
}

/// An opt-out keyword beside laughter ("Stop 😂", "Stop lol") is banter: left for review.
fn banter_review(mut c: Cand, laughing: bool) -> Cand {
    if laughing && c.intent == Intent::OptOut {
        c.confidence = Confidence::Review;
    }
    c
}

/// Raise the opt-outs that `rules` left for review to probable.
fn promote(cands: &mut [Cand], rules: &[&str]) {
    for c in cands {
        if c.intent == Intent::OptOut
            && c.confidence == Confidence::Review
            && rules.contains(&c.rule)
        {
            c.confidence = Confidence::Probable;
        }
    }
}

/// Highest precedence among certain/probable candidates; review only if nothing else.
fn choose(cands: Vec<Cand>) -> Option<Cand> {
    let decided = cands
        .iter()
        .filter(|c| c.confidence >= Confidence::Probable)
        .max_by_key(|c| (c.intent.precedence(), c.confidence))
        .cloned();
    // Among reviews too an opt-out comes first ("who r u lmao stop").
    decided.or_else(|| {
        let reviews = cands.iter().filter(|c| c.confidence == Confidence::Review);
        let top = reviews.clone().map(|c| c.intent.precedence()).max()?;
        reviews
            .into_iter()
            .find(|c| c.intent.precedence() == top)
            .cloned()
    })
}

/// Whether `profile`'s default handling blocks on this exact reply.
fn provider_blocks(profile: Profile, raw: &str) -> bool {
    if profile == Profile::Vonage {
        return false; // Opt-Out Assist is off unless requested (keywords.md 2.1).
    }
    let trimmed = if profile == Profile::Plivo {
        raw.trim_matches(|c: char| c.is_ascii_whitespace())
    } else {
        raw.trim_matches(' ')
    };
    let lower = trimmed.to_ascii_lowercase();
    tables()
        .providers
        .iter()
        .any(|(p, k)| *p == profile && *k == lower)
}

/// Read one reply.
///
/// ```
/// use consentry::inbound::{detect_keyword, DetectOptions, Intent, Confidence};
/// let d = detect_keyword("Stop. Thank you", &DetectOptions::default())?;
/// assert_eq!((d.intent, d.confidence), (Intent::OptOut, Confidence::Certain));
/// let d = detect_keyword("can you stop texting me?", &DetectOptions::default())?;
/// assert_eq!((d.intent, d.confidence), (Intent::OptOut, Confidence::Probable));
/// assert_eq!(detect_keyword("I'm at the bus stop", &DetectOptions::default())?.intent, Intent::None);
/// # Ok::<(), consentry::Error>(())
/// ```
pub fn detect_keyword(text: &str, opts: &DetectOptions) -> crate::Result<Detection> {
    detect_keyword_in(tables(), text, opts)
}

/// [`detect_keyword`] with the given tables (a test reads with the keyword rows in their
/// original order; `build.rs` groups them).
pub(crate) fn detect_keyword_in(
    t: &'static Tables,
    text: &str,
    opts: &DetectOptions,
) -> crate::Result<Detection> {
    let profile = match opts.profile.as_deref() {
        None | Some("") => None,
        Some(p) => Some(Profile::parse(p).ok_or_else(|| {
            crate::Error::invalid(
                "profile",
                format!("{p:?} is not one of twilio, aws, telnyx, vonage, plivo, generic"),
            )
        })?),
    };
    // A signature line ("--", "- John") is not part of what the person wrote.
    let core = strip_trailer(text, t);
    let reaction = is_reaction(core, t);
    let custom: Vec<(Vec<String>, Intent)> = [
        (&opts.custom.opt_out, Intent::OptOut),
        (&opts.custom.opt_in, Intent::OptIn),
        (&opts.custom.help, Intent::Help),
    ]
    .into_iter()
    .flat_map(|(list, intent)| list.iter().map(move |k| (t.fold_words(k), intent)))
    .filter(|(w, _)| !w.is_empty())
    .collect();
    let langs = opts
        .locale
        .as_deref()
        .map(locale_languages)
        .unwrap_or(&["en"]);
    let langs: &'static [&'static str] = if langs.is_empty() { &["en"] } else { langs };
    let ctx_ok = opts.opted_out || opts.last_outbound_was_opt_in_question;
    let Reading {
        mut cand,
        mut n,
        reasons,
        run_on,
    } = read(core, t, &custom, langs, ctx_ok);
    // Under a right-to-left override the reply is read in the order shown ("\u{202E}POTS"
    // shows STOP), but a provider reads the order typed: a keyword in either counts, an
    // opt-out first.
    if core.contains('\u{202E}') {
        let typed: String = core
            .chars()
            .filter(|&c| c != '\u{202E}' && c != '\u{202C}')
            .collect();
        let Reading {
            cand: c2, n: n2, ..
        } = read(&typed, t, &custom, langs, ctx_ok);
        let strength = |c: &Option<Cand>| {
            c.as_ref()
                .map(|c| (c.intent == Intent::OptOut, c.confidence))
        };
        if strength(&c2) > strength(&cand) {
            (cand, n) = (c2, n2);
        }
    }
    // "Who is this? S T O P", "Stahp. Who is this?": a question about the sender beside what
    // would be a request to leave on its own. The question does not weaken it (opt-out
    // first), but the request was read with it, where whole-reply readings (spaced letters,
    // misspellings, a brand after STOP, weak keywords) do not apply: read each side alone
    // too, at the first three sentence ends, and take the request at most probable.
    // The same for a short sentence that gives a reason after the request ("Quit Acme. I
    // moved.", "Go away. I moved.", "Ich möchte kündigen. Ich bin umgezogen."), as "STOP, I
    // moved away" reads; not in banter.
    let asks_or_doubts = |c: &Option<Cand>| match c {
        Some(c) => {
            c.intent == Intent::Help
                || (c.intent == Intent::OptOut && c.confidence == Confidence::Review)
        }
        // A reply read as nothing is read again only when it gives a reason.
        None => reasons,
    };
    if reaction {
        cand = None;
    } else if asks_or_doubts(&cand) || (run_on && cand.is_none()) {
        let alone = |part: &str| read(part, t, &custom, langs, ctx_ok).cand;
        let asks = |part: &str| alone(part).is_some_and(|c| c.intent == Intent::Help);
        // The first sentence of `part` is a short one that gives a reason ("I moved.", then
        // anything): at most six words, so that chat holding such words is not one.
        let short_reason = |part: &str| {
            let first = &part[..part.len() - after_first_sentence(part).map_or(0, str::len)];
            first.split_whitespace().count() <= 6 && read(first, t, &custom, langs, ctx_ok).reasons
        };
        let request = |part: &str| {
            alone(part).filter(|c| {
                matches!(c.intent, Intent::OptOut | Intent::OptIn)
                    && c.confidence >= Confidence::Probable
            })
        };
        // At a space, the question must be all of its side ("der Durchsage who is this" is no
        // question beside "Ende").
        let asks_only = |part: &str| {
            let r = read(part, t, &custom, langs, ctx_ok);
            r.cand.is_some_and(|c| {
                let Some((before, after)) = r.n.fold.split_once(&*c.keyword) else {
                    return false;
                };
                // But for greetings and thanks ("Hi. qui est-ce", "who is this. Thanks").
                let trivial = |w: &str| t.greeting.contains(w) || t.politeness.contains(w);
                // (A question, not the HELP keyword: "🛑 HELP" asks for help.)
                c.intent == Intent::Help
                    && c.rule == "phrase"
                    && before
                        .split_whitespace()
                        .chain(after.split_whitespace())
                        .all(trivial)
            })
        };
        let split = |head: &str, rest: &str, at_space: bool| {
            let asks = |part: &str| {
                if at_space {
                    asks_only(part)
                } else {
                    asks(part)
                }
            };
            if asks(head) {
                request(rest)
            } else {
                let rest_asks = asks(rest);
                if rest_asks || (reasons && short_reason(rest)) {
                    request(head).filter(|c| c.intent == Intent::OptOut || rest_asks)
                } else {
                    None
                }
            }
        };
        let mut found = None;
        let mut rest = core;
        for _ in 0..3 {
            let Some(r) = after_first_sentence(rest) else {
                break;
            };
            rest = r;
            found = split(&core[..core.len() - rest.len()], rest, false);
            if found.is_some() {
                break;
            }
        }
        // The question typed with no stop ("Basta who is this", "who is this s t o p"): each
        // space among the reply's first and last eight is tried as the stop (a question is
        // shorter; the reads it costs stay bounded).
        // (A reply that is the question and nothing else, not even an emoji, needs no stop.)
        let emoji = || (n.tokens.iter()).any(|t| matches!(t.kind, TokKind::Emoji(_)));
        let help = (cand.as_ref()).is_some_and(|c| {
            c.intent == Intent::Help && c.rule == "phrase" && (c.keyword != n.fold || emoji())
        });
        if found.is_none() && (run_on || help) {
            let spaces: Vec<usize> = (core.char_indices())
                .filter(|&(k, c)| k > 0 && c == ' ')
                .map(|(k, _)| k)
                .collect();
            let edge = RUN_ON_SPACES.min(spaces.len());
            let tail = spaces.len().saturating_sub(RUN_ON_SPACES).max(edge);
            found = (spaces[..edge].iter().chain(&spaces[tail..]))
                .find_map(|&k| split(&core[..k], &core[k + 1..], true));
        }
        if let Some(mut c) = found {
            c.confidence = Confidence::Probable;
            cand = Some(c);
        }
    }
    let mut d = Detection {
        intent: Intent::None,
        confidence: Confidence::Certain,
        keyword: None,
        language: None,
        rule: if reaction { "reaction" } else { "none" },
        fcc_listed: false,
        scope: None,
        provider_will_block: profile.map(|_| false),
        normalized: String::new(),
        honor_by: None,
        honor_by_rule: None,
    };
    if let Some(c) = cand {
        d.intent = c.intent;
        d.confidence = c.confidence;
        d.keyword = Some(c.keyword);
        d.language = Some(c.lang).filter(|l| *l != "und");
        d.rule = c.rule;
        d.fcc_listed = c.fcc && c.confidence == Confidence::Certain;
        d.scope = c.scope;
        if d.intent == Intent::OptOut {
            d.provider_will_block = profile.map(|p| provider_blocks(p, text));
            if let Some(j) = opts.jurisdiction.as_deref() {
                let at = opts.received_at_ms.unwrap_or(0);
                if let Some(h) = honor_by(j, opts.channel.as_deref().unwrap_or("sms"), at)? {
                    d.honor_by = Some(h.iso);
                    d.honor_by_rule = Some(h.rule);
                }
            }
        }
    }
    d.normalized = if core.len() == text.len() {
        n.display
    } else {
        normalize(text, t).display
    };
    Ok(d)
}

/// How many spaces from each end of a reply are tried as the stop after or before a question
/// about the sender typed without one.
const RUN_ON_SPACES: usize = 8;

/// Where `after_first_sentence` ends a sentence: a line break and the common stops (fewer than
/// the normaliser's sentence marks, which also split at ";" and "…").
const SENTENCE_ENDS: [char; 8] = ['?', '!', '.', '？', '！', '。', '؟', '\n'];

/// The text after a reply's first sentence ("Who is this? Stop" gives "Stop"), if any.
fn after_first_sentence(text: &str) -> Option<&str> {
    let end = text.find(SENTENCE_ENDS)?;
    let rest =
        text[end..].trim_start_matches(|c: char| c.is_whitespace() || SENTENCE_ENDS.contains(&c));
    (!rest.trim().is_empty()).then_some(rest)
}

/// One reading of a reply.
struct Reading {
    /// The best candidate.
    cand: Option<Cand>,
    /// The reply normalised.
    n: Normalized,
    /// It holds a reason for not wanting the messages (`reason`, "I moved") outside banter.
    reasons: bool,
    /// A question about the sender runs into other words with no stop ("who is this s t o p").
    run_on: bool,
}

fn read(
    core: &str,
    t: &'static Tables,
    custom: &[(Vec<String>, Intent)],
    langs: &'static [&'static str],
    ctx_ok: bool,
) -> Reading {
    let n = normalize_reply(core, t);
    // "S T O P" / "S.T.O.P": letters typed apart are read as one word.
    let n = spaced_letters(&n, t).unwrap_or(n);
    let w = words(&n);
    let roles = (w.text.iter())
        .map(|x| t.roles.get(*x).copied().unwrap_or(0))
        .collect();
    let mut detector = Detector {
        t,
        w,
        roles,
        sentences: Vec::new(),
        clause_open: Vec::new(),
        marks: Vec::new(),
        ids: std::cell::OnceCell::new(),
        langs,
        ctx_ok,
        custom,
        shouting: false,
        titled: false,
    };
    detector.cut_signature();
    detector.prepare();
    let mut cand = detector.run(&n);
    // A question about the sender typed into the reply ("STOP who is this") can only change
    // a reading that is not already a request to leave; most replies stop here.
    let settled = cand
        .as_ref()
        .is_some_and(|c| c.intent == Intent::OptOut && c.confidence >= Confidence::Probable);
    let mut run_on = false;
    if !settled {
        let (found, split) = detector.split_run_on_question();
        run_on = found;
        if split {
            detector.prepare();
            cand = detector.run(&n);
        }
    }
    // A typo read as its word ("stop textig me") leaves a command probable at most.
    if let Some(c) = cand.as_mut().filter(|_| n.typo) {
        c.confidence = c.confidence.min(Confidence::Probable);
    }
    // For a second reading (`detect_keyword`): a reason, outside banter ("lol", 😂).
    let len = detector.w.text.len();
    let reasons = (0..len).any(|k| detector.modifier_at(&t.reason, k, len) > 0)
        && !detector.w.text.iter().any(|w| t.banter_word(w))
        && !t.laughing(&n);
    Reading {
        cand,
        n,
        reasons,
        run_on,
    }
}

/// A reaction sent as text: "Liked “Reply STOP to opt out”", "Reacted 😂 to "...""; the
/// reaction's words, then one quoted message to the end. The quote is a message of the
/// conversation, not a request: the reply asks for nothing.
fn is_reaction(text: &str, t: &Tables) -> bool {
    let text = text.trim();
    let Some(open) = text.find(['\u{201C}', '"', '\u{00AB}', '\u{201E}', '\u{2018}', '\'']) else {
        return false;
    };
    // The reaction's words are few ("removed a question mark from"); look no further.
    if open == 0 || open > 40 {
        return false;
    }
    let quoted = &text[open..];
    let closes = quoted.chars().count() >= 2
        && quoted.ends_with(['\u{201D}', '"', '\u{00BB}', '\u{201C}', '\u{2019}', '\'']);
    closes && t.reaction.contains(&t.fold_words(&text[..open]).join(" "))
}

/// The reply without a trailing signature: a line "--" (or "-- ") and what follows it, or a
/// final " - Name" of one or two capitalised words ("STOP - John") that are not keywords
/// ("Please - Stop" keeps its STOP), or a final ", Name" of one ("Stop please, John").
fn strip_trailer<'a>(text: &'a str, t: &Tables) -> &'a str {
    // Every form needs a dash, a comma or a line break: most replies have none and return
    // here.
    if !text.contains(['-', '\u{2014}', '\n', ',']) {
        return text;
    }
    let holds_keyword = |s: &str| t.fold_words(s).iter().any(|w| t.keywords.contains_key(w));
    let mut end = text.len();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        // A quoted earlier message ("> Reply STOP to opt out", "On Tue, Acme wrote:") is the
        // sender's text, not the reply: it ends the reply when something came before it.
        let l = line.trim();
        let quote = l.starts_with('>')
            // "-----Original Message-----", "-----Mensaje original-----"; a rule of underscores
            // before a header line ("From: Acme").
            || (l.starts_with("-----") && l.trim_matches('-').chars().any(char::is_alphabetic))
            || (l.len() >= 10
                && l.bytes().all(|b| b == b'_')
                && text[at + line.len()..]
                    .lines()
                    .next()
                    .is_some_and(|next| next.find(':').is_some_and(|c| (2..=12).contains(&c))))
            || (l.ends_with(':') && {
                let words = t.fold_words(l);
                (0..words.len()).any(|k| {
                    (1..=2).any(|n| k + n <= words.len() && t.quote_header.contains(&words[k..k + n].join(" ")))
                })
            });
        if quote && !text[..at].trim().is_empty() {
            end = at;
            break;
        }
        if at > 0 && matches!(line.trim_end(), "--" | "\u{2014}") {
            // Never cut away a keyword: "Hi\n--\nSTOP" keeps its STOP.
            if !holds_keyword(&text[at + line.len()..]) {
                end = at;
            }
            break;
        }
        at += line.len();
    }
    let body = &text[..end];
    let trimmed = body.trim_end();
    // One or two capitalised words ("John", "Mary Ann", "J."); all capitals could be a
    // programme code ("STOP\nEVERTON"), so they stay.
    let named = |name: &str| {
        let words: Vec<&str> = name.split_whitespace().collect();
        (1..=2).contains(&words.len())
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().skip(1).all(|c| c.is_lowercase() || c == '.')
            })
            && !holds_keyword(name)
    };
    if let Some(i) = trimmed.rfind(" - ").or_else(|| trimmed.rfind(" -")) {
        let name = body[i..].trim_start_matches([' ', '-']).trim_end();
        if named(name) && !body[..i].trim().is_empty() {
            return &body[..i];
        }
    }
    // A name after the last comma of a one-line reply ("Stop please, John", "Basta, grazie,
    // Marco"): the writer signing or the sender addressed, not part of the request.
    if let Some(i) = trimmed.rfind(',').filter(|_| !trimmed.contains('\n')) {
        let name = trimmed[i + 1..].trim().trim_end_matches(['.', '!']);
        if !name.contains(' ')
            && name.chars().count() >= 2
            && named(name)
            // (No word of any table: "Ok, Хватит", "Sorry, Cancellatemi" are the request.)
            && !t.fold_words(name).iter().any(|w| t.vocab.contains(w))
            && !body[..i].trim().is_empty()
        {
            return &body[..i];
        }
    }
    // A name on its own last line ("Stop\n\nJohn", "STOP\n- Mary"), or after a sign-off of
    // one or two words and a comma ("Best, Maria", "Saluti, Marco").
    if let Some(i) = trimmed.rfind('\n') {
        let last = trimmed[i + 1..]
            .trim_start_matches([' ', '-', '\u{2014}'])
            .trim_end();
        let signed = last.split_once(',').is_some_and(|(off, name)| {
            (1..=2).contains(&off.split_whitespace().count())
                && !holds_keyword(off)
                && named(name.trim())
        });
        if (named(last) || signed) && !body[..i].trim().is_empty() {
            return &body[..i];
        }
    }
    body
}

/// Languages that keywords can report, in a fixed order (indices used by the wasm fast lane).
pub fn languages() -> &'static [&'static str] {
    static L: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    L.get_or_init(|| {
        let mut v: Vec<&'static str> = tables()
            .keywords
            .values()
            .flatten()
            .map(|e| e.lang)
            .collect();
        v.extend(tables().phrases.patterns.iter().map(|p| p.entry.lang));
        v.sort_unstable();
        v.dedup();
        v
    })
}

/// One keyword of the tables, for tests and documentation.
#[derive(Debug, Clone)]
pub struct KeywordInfo {
    /// The term as written in the table.
    pub term: &'static str,
    pub intent: Intent,
    pub language: &'static str,
    /// Whole-reply matches are only `probable`.
    pub weak: bool,
    /// Strong English opt-out keyword (used in guard-idiom tests).
    pub strong: bool,
}

/// Every keyword (not phrase) of the tables, except context-only words such as YES.
pub fn keyword_table() -> Vec<KeywordInfo> {
    let t = tables();
    let mut out: Vec<KeywordInfo> = t
        .keywords
        .values()
        .flatten()
        .filter(|e| !e.ctx)
        .map(|e| KeywordInfo {
            term: t.terms[e.id as usize],
            intent: e.intent,
            language: e.lang,
            weak: e.weak,
            strong: e.strong,
        })
        .collect();
    out.sort_by_key(|k| (k.term, k.language));
    out
}

/// The phrases of the tables as text patterns: for tests and docs.
pub fn phrase_count() -> usize {
    tables().phrases.patterns.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailers_are_cut_but_never_a_keyword() {
        let t = tables();
        assert_eq!(strip_trailer("STOP - John", t), "STOP");
        assert_eq!(strip_trailer("Stop please, John.", t), "Stop please");
        assert_eq!(strip_trailer("Hi, STOP", t), "Hi, STOP");
        assert_eq!(strip_trailer("Stop, Mary Ann", t), "Stop, Mary Ann");
        assert_eq!(
            strip_trailer("Unsubscribe\n--\nSent from Yahoo", t),
            "Unsubscribe\n"
        );
        assert_eq!(strip_trailer("Please - Stop", t), "Please - Stop");
        assert_eq!(strip_trailer("Hi\n--\nSTOP", t), "Hi\n--\nSTOP");
        assert_eq!(strip_trailer("no dash here", t), "no dash here");
        assert_eq!(strip_trailer("- John", t), "- John");
    }

    /// Every modifier and keyword term, alone, opening and closing a reply, and around a
    /// keyword: the rules look a word past each modifier, and none may look past the reply
    /// ("ok can we" indexed one word beyond its end; found by `make fuzz`).
    #[test]
    fn no_term_at_any_edge_of_a_reply_panics() {
        let opts = DetectOptions::default();
        let terms = include_str!("../../data/keywords/modifiers.tsv")
            .lines()
            .skip(1)
            .filter_map(|l| l.split('\t').nth(2))
            .chain(
                include_str!("../../data/keywords/keywords.tsv")
                    .lines()
                    .filter(|l| !l.starts_with('#'))
                    .filter_map(|l| l.split('\t').nth(3)),
            );
        let mut n = 0;
        for term in terms {
            for text in [
                term.to_string(),
                format!("ok {term}"),
                format!("{term} ok"),
                format!("stop {term}"),
                format!("{term} stop"),
                format!("Hi. {term}. Thanks"),
            ] {
                assert!(detect_keyword(&text, &opts).is_ok(), "{text:?}");
                n += 1;
            }
        }
        assert!(n > 10_000, "{n} texts");
    }
}
