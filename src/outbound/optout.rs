//! Finding the opt-out instruction in an outbound message: "Reply STOP to opt out",
//! "Txt STOP to 12345", "STOP2END", "Opt out: acme.com/stop", "call 0800 … to opt out".
//!
//! Owns: reading the instruction and its keyword, and telling it apart from look-alikes that
//! are not opt-outs: confirmations ("your STOP was received"), help or opt-in keywords, and
//! service-cancel instructions ("send stopautorenew to 440" ends a plan, not the messages).
//! Words come from `data/outbound/optout_lexicon.tsv`.
//! Must not: judge whether a message needs an opt-out (that is `check`).

use crate::inbound::tables::FastSet as HashSet;
use std::sync::OnceLock;

use serde::Serialize;

use crate::text::table_rows;

const LEXICON_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/optout_lexicon.tsv"));

/// What [`find_opt_out`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OptOut {
    pub present: bool,
    /// `reply_keyword`, `link`, `call` or `other`; `None` when absent.
    pub kind: Option<&'static str>,
    /// For `reply_keyword`: the keyword to send, upper case, without the short code.
    pub keyword: Option<String>,
}

impl OptOut {
    fn absent() -> Self {
        OptOut {
            present: false,
            kind: None,
            keyword: None,
        }
    }
}

struct Lexicon {
    verbs: HashSet<String>,
    /// Verbs that follow their keyword ("RET yazıp 3838'e gönderin").
    verbs_last: HashSet<String>,
    /// Words that end a keyword and open its purpose ("STOP POUR VOUS DÉSABONNER"): in a
    /// message all in capitals nothing else shows where the keyword ends. (Not the words
    /// before a short code: those are `is_connector`.)
    purpose_openers: HashSet<String>,
    keywords: HashSet<String>,
    purposes: Vec<Vec<String>>,
    cues: Vec<Vec<String>>,
    service: Vec<Vec<String>>,
    /// Words before a short code ("to 3627", "al 25555", "au 36111"): they end a keyword and
    /// join it to its code.
    to_code: HashSet<String>,
    /// Link texts that mean "unsubscribe" ("Manage preferences", "Abmelden").
    anchors: Vec<String>,
    /// What "cancel" may take as its object in an opt-out ("to cancel your subscription");
    /// other objects ("to cancel your appointment", "cancel it") cancel something else.
    cancel_objects: HashSet<String>,
    /// Words of time after a keyword ("Reply STOP anytime"): they end it.
    when: HashSet<String>,
    /// Words before a bare "stop" that make it a noun ("next stop", "one-stop shop").
    stop_nouns: HashSet<String>,
    /// Words after a bare "stop" that name the messages it stops ("Stop texts: acme.co/s").
    stop_objects: HashSet<String>,
    /// Last words of the cues that are verbs ("to stop", "to end", "para salir").
    cue_verbs: HashSet<String>,
    /// Words that may follow such a cue before its method, besides the messages ("these",
    /// "or", "visit"); any other word is what the verb stops instead ("to stop snoring").
    cue_follows: HashSet<String>,
    /// Determiners and kinds of message between such a cue and the messages ("the", "these",
    /// "promotional"): read past.
    cue_dets: HashSet<String>,
    /// Words that give a cue its object ("opt out of", "unsubscribe from").
    cue_ofs: HashSet<String>,
    /// What one opts out of besides the messages: a list, the sender ("from our list", "of
    /// all communications", "from us").
    list_words: HashSet<String>,
    /// First word of every cue, purpose and service phrase (a token that is not one starts
    /// none of them).
    firsts: HashSet<String>,
}

impl Lexicon {
    /// A word on the way from a cue to its method: a code, a reply verb, a word that leads on
    /// ("at", "visit", "sur"), a determiner or a kind of message ("STOP texts at acme.com/u").
    fn on_the_way(&self, x: &Tok) -> bool {
        let f = &x.fold;
        x.code
            || self.verbs.contains(f)
            || self.cue_follows.contains(f)
            || self.cue_dets.contains(f)
            || self.stop_objects.contains(f)
    }
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        let mut l = Lexicon {
            verbs: HashSet::default(),
            verbs_last: HashSet::default(),
            purpose_openers: HashSet::default(),
            keywords: HashSet::default(),
            to_code: HashSet::default(),
            purposes: vec![],
            cues: vec![],
            service: vec![],
            anchors: vec![],
            cancel_objects: HashSet::default(),
            stop_nouns: HashSet::default(),
            stop_objects: HashSet::default(),
            cue_verbs: HashSet::default(),
            cue_follows: HashSet::default(),
            cue_dets: HashSet::default(),
            cue_ofs: HashSet::default(),
            list_words: HashSet::default(),
            when: HashSet::default(),
            firsts: HashSet::default(),
        };
        for cols in table_rows(LEXICON_TSV) {
            let (role, term) = (cols[0], cols[1]);
            let words: Vec<String> = term.split(' ').map(fold).collect();
            match role {
                "verb" => drop(l.verbs.insert(words.join(" "))),
                "verb_last" => drop(l.verbs_last.insert(words.join(" "))),
                "purpose_opener" => drop(l.purpose_openers.insert(words.join(" "))),
                "keyword" => drop(l.keywords.insert(words.join(" "))),
                "purpose" => l.purposes.push(words),
                "cue" => l.cues.push(words),
                "service" => l.service.push(words),
                "anchor" => l.anchors.push(words.join(" ")),
                "cancel_object" => drop(l.cancel_objects.insert(words.join(" "))),
                "to_code" => drop(l.to_code.insert(words.join(" "))),
                "when" => drop(l.when.insert(words.join(" "))),
                "stop_noun" => drop(l.stop_nouns.insert(words.join(" "))),
                "stop_object" => drop(l.stop_objects.insert(words.join(" "))),
                "cue_verb" => drop(l.cue_verbs.insert(words.join(" "))),
                "cue_follow" => drop(l.cue_follows.insert(words.join(" "))),
                "cue_det" => drop(l.cue_dets.insert(words.join(" "))),
                "cue_of" => drop(l.cue_ofs.insert(words.join(" "))),
                "list_word" => drop(l.list_words.insert(words.join(" "))),
                _ => {}
            }
        }
        // Every strong one-word opt-out keyword of the reply tables (SAIR, DESINSCRIRE,
        // ABMELDEN) is one in a footer too: a footer asks for a reply the reader will send.
        let inbound = crate::inbound::tables_for_signals();
        for (word, entries) in inbound.keywords.iter() {
            let strong_out = entries
                .iter()
                .any(|e| e.intent == crate::inbound::Intent::OptOut && e.strong);
            if strong_out && !word.contains(' ') {
                l.keywords.insert(word.clone());
            }
        }
        for v in [&mut l.purposes, &mut l.cues, &mut l.service] {
            v.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        let firsts: HashSet<String> = [&l.purposes, &l.cues, &l.service]
            .iter()
            .flat_map(|v| v.iter().map(|w| w[0].clone()))
            .collect();
        l.firsts = firsts;
        l
    })
}

#[derive(Debug)]
struct Tok {
    raw: String,
    fold: String,
    caps: bool,
    url: bool,
    /// A short code or phone number: digits, `X` masks (SpamHunter), `+44…`.
    code: bool,
    /// The token ends a sentence ("now!", "5036.").
    end: bool,
    /// The token was written in quotes ("'UNSUB", "`` Cancel ``").
    quoted: bool,
    /// A comma follows ("STOP, no extra charge").
    pause: bool,
    /// A question mark follows ("Stop? Reply NO").
    ask: bool,
    /// A colon follows: a label ("Abmelden: STOP an 12345", "Unsub: reply STOP") names the
    /// footer, it is not the keyword.
    label: bool,
    /// A line break follows: a footer on its own line is read apart from the text above.
    brk: bool,
    /// Length of the cue phrase starting here (0: none); computed once by `mark`.
    cue: u8,
    /// A purpose phrase starts here.
    purpose: bool,
    /// A service-cancel phrase starts here.
    service: bool,
}

fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        for l in c.to_lowercase() {
            crate::unicode::decompose(l, false, |d| {
                if crate::unicode::ccc(d) == 0 {
                    out.push(d);
                }
            });
        }
    }
    out
}

/// Top-level domains seen in SMS links; a bare `word.word` is a URL only with one of these
/// (otherwise "renewal.Enjoy", a missing space, would count).
const TLDS: &[&str] = &[
    "com", "net", "org", "co", "uk", "io", "ly", "me", "us", "ca", "au", "nl", "de", "fr", "es",
    "it", "in", "ng", "za", "info", "biz", "app", "link", "site", "online", "shop", "store", "tv",
    "cm", "gl", "to", "at", "ie", "eu", "be", "ch", "se", "no", "dk", "fi", "pl", "br", "mx", "ar",
    "cl", "id", "my", "sg", "ph", "th", "vn", "jp", "kr", "cn", "ws", "cc", "xyz", "club", "mobi",
    "ru", "gov", "edu", "ai", "gd", "gg", "nz", "pt", "is", "tk", "page", "live", "cz",
];

pub(crate) fn is_url(s: &str) -> bool {
    // Every URL form below has a dot, a colon or starts with "http". No allocation: this runs
    // on every word of every message.
    let b = s.as_bytes();
    let http = b.len() >= 4 && b[..4].eq_ignore_ascii_case(b"http");
    if !(http || b.contains(&b'.') || b.contains(&b':')) {
        return false;
    }
    let has = |needle: &[u8]| b.windows(needle.len()).any(|w| w == needle);
    if http && (has(b"//") || b.len() == 4 || b.eq_ignore_ascii_case(b"https")) {
        return true;
    }
    if b.len() >= 4 && b[..4].eq_ignore_ascii_case(b"www.") || has(b"://") {
        return true;
    }
    // domain.tld or domain.tld/path
    let host = s.split('/').next().unwrap_or("");
    let mut parts = 0;
    let mut last = "";
    for (k, p) in host.split('.').enumerate() {
        if p.is_empty() || !p.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
            return false;
        }
        if k == 0 && !p.bytes().any(|c| c.is_ascii_alphabetic()) {
            return false;
        }
        parts += 1;
        last = p;
    }
    // With a path, any alphabetic TLD will do ("acme.fit/friend"): a missing space has no slash.
    let path = host.len() + 1 < s.len();
    let tld_shaped = (2..=6).contains(&last.len()) && last.bytes().all(|c| c.is_ascii_lowercase());
    parts >= 2
        && (TLDS.iter().any(|t| t.eq_ignore_ascii_case(last))
            || LOWER_CASE_TLDS.contains(&last)
            || path && tld_shaped)
}

/// Top-level domains that end a URL only in lower case, as such links are written: in capitals
/// they are a missing space ("now.Win a prize", "a jour.Il vous reste", "off.Rs 750").
#[rustfmt::skip]
const LOWER_CASE_TLDS: &[&str] = &[
    // Those most used by phishing links ("revolutsecure.icu", "auspost-au.delivery-help.top").
    "icu", "top", "vip", "cf", "ga", "gq", "ml", "buzz", "win", "click", "cyou", "sbs", "cfd",
    "bond", "monster", "support", "digital", "services", "fun", "work", "world", "life", "pro",
    "network", "bid", "loan", "cam",
    // More country codes, for brands' own sites ("acme.com.tr", "daraz.pk").
    "tr", "gr", "ro", "hu", "sk", "hr", "rs", "bg", "ua", "il", "ae", "sa", "eg", "ke", "gh", "pk",
    "bd", "lk", "tw", "hk", "pe", "ve", "uy", "ec", "lt", "lv", "ee", "lu",
    // Generic names businesses register ("acme.jobs", "glow.salon", "peak.fitness"); not "tech"
    // ("Qual-B.tech", a degree) nor "care" ("call customer.care").
    "jobs", "careers", "health", "dental", "clinic", "events", "travel", "news", "email",
    "studio", "salon", "spa", "fit", "fitness", "cafe", "pizza", "auto", "cars", "homes",
    "realty", "vote", "gift", "deals", "tickets", "media", "agency", "church", "school",
    "academy", "bank", "insurance", "law", "blog",
];

/// Words in a URL that say it is an opt-out link.
const URL_OPT_OUT_WORDS: &[&str] = &[
    "unsub",
    "optout",
    "opt-out",
    "opt_out",
    "unsubscribe",
    "notxt",
    "stopsms",
    "afmelden",
    "abmelden",
    "desinscri",
    "desabonn",
    "uitschrijven",
    "odhlas",
    "dezabon",
    "afmeld",
    "avregistr",
];

/// A quotation mark that opens a quote ("'STOP'", "「stop」").
fn opens_quote(c: char) -> bool {
    matches!(
        c,
        '\'' | '"' | '`' | '\u{201C}' | '\u{2018}' | '\u{00AB}' | '\u{300C}' | '\u{300E}'
    )
}

/// One that only closes a quote.
fn closes_quote(c: char) -> bool {
    matches!(
        c,
        '\u{201D}' | '\u{2019}' | '\u{00BB}' | '\u{300D}' | '\u{300F}'
    )
}

/// Does a (lower-case) URL say it is for opting out? A path word from the list, or a path
/// segment "stop" or Nordic "stopp" ("1-sms.eu/stop/", "acme.co/stop?u=1", "eclub.se/stopp"),
/// not a word starting with it ("acme.com/stop-smoking", "/stopby", "//stopwithdrawal.net").
fn url_opts_out(l: &str) -> bool {
    URL_OPT_OUT_WORDS.iter().any(|w| l.contains(w))
        || l.match_indices("/stop").any(|(at, w)| {
            let rest = &l[at + w.len()..];
            let rest = rest.strip_prefix('p').unwrap_or(rest);
            // (Bytes: the character before may be any, "café/stop".)
            at > 0
                && l.as_bytes()[at - 1] != b'/'
                && rest
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphabetic() && c != '-')
        })
}

/// A preference centre, where texts can be turned off ("Manage texts at acme.com/prefs"):
/// read as the opt-out only when the message offers nothing clearer.
const PREFERENCE_URL_WORDS: &[&str] = &["/pref", "preferences"];

/// Is a body link an unsubscribe link, by its target or its text ("Unsubscribe",
/// "Manage preferences")? For email bodies, where the URL is behind the words.
pub(crate) fn is_unsubscribe_link(anchor: &str, href: &str) -> bool {
    let h = href.to_ascii_lowercase();
    if url_opts_out(&h) && !h.starts_with("mailto:") {
        return true;
    }
    let words: Vec<String> = anchor.split_whitespace().map(fold).collect();
    let text = words.join(" ");
    let text: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let padded = format!(" {text} ");
    lexicon()
        .anchors
        .iter()
        .any(|a| padded.contains(&format!(" {a} ")))
}

fn is_code(s: &str) -> bool {
    let t = s.trim_start_matches('+');
    t.len() >= 2
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == 'X' || c == 'x')
        && t.chars().any(|c| c.is_ascii_digit() || c == 'X')
}

fn tokens(text: &str) -> Vec<Tok> {
    let text = crate::unicode::nfkc(text);
    // About one token per six bytes of text: reserve once instead of growing.
    let mut out: Vec<Tok> = Vec::with_capacity(text.len() / 5 + 4);
    let mut quote_pending = false;
    let mut chars: Vec<char> = Vec::with_capacity(64);
    let mut cur = String::with_capacity(32);
    for line in text.lines() {
        for piece in line.split_whitespace() {
            let sentence_end = piece.ends_with(['.', '!', '?']);
            // "S-T-O-P", "S.T.O.P": three or more letters typed apart are one word.
            let joined: String;
            let piece = {
                let core = piece.trim_end_matches(['.', ',', ')', ';', '!', '?']);
                let mut parts = core.split(['-', '.']);
                let single = |p: &str| {
                    let mut c = p.chars();
                    c.next().is_some_and(char::is_alphabetic) && c.next().is_none()
                };
                if core.split(['-', '.']).count() >= 3 && parts.all(single) {
                    joined = core
                        .chars()
                        .filter(|c| c.is_alphabetic())
                        .collect::<String>()
                        + &piece[core.len()..];
                    joined.as_str()
                } else {
                    piece
                }
            };
            // Punctuation set apart, as French writes it ("ce week-end ! STOP au 36111",
            // "Désabonnement : STOP"): it closes the word before.
            if !piece.chars().any(char::is_alphanumeric) {
                if let Some(last) = out.last_mut() {
                    last.end |= sentence_end;
                    last.label |= piece.starts_with(':');
                }
            }
            if piece.chars().all(|c| opens_quote(c) || closes_quote(c)) {
                quote_pending = true;
                continue;
            }
            // URLs stay whole; other pieces split at punctuation (keeping `+` inside words such as
            // "NO+PUBLI" and `'` inside "we'll").
            let trimmed = piece.trim_end_matches(['.', ',', ')', ';', '!', '?']);
            // An email address stays whole too ("stop@acme.com" is an address, not STOP).
            let email = trimmed
                .split_once('@')
                .is_some_and(|(a, d)| !a.is_empty() && d.contains('.'));
            if email || is_url(trimmed) {
                let raw = trimmed.to_string();
                out.push(Tok {
                    fold: raw.to_ascii_lowercase(),
                    raw,
                    caps: false,
                    url: !email,
                    code: false,
                    end: sentence_end,
                    quoted: false,
                    pause: false,
                    ask: false,
                    label: false,
                    brk: false,
                    cue: 0,
                    purpose: false,
                    service: false,
                });
                quote_pending = false;
                continue;
            }
            let mut quoted = std::mem::take(&mut quote_pending);
            let flush =
                |cur: &mut String, out: &mut Vec<Tok>, end: bool, quoted: bool, pause: char| {
                    if cur.is_empty() {
                        return;
                    }
                    // Clone at the exact size and keep `cur`'s buffer for the next token.
                    let raw = cur.clone();
                    cur.clear();
                    let mut letters = raw.chars().filter(|c| c.is_alphabetic()).peekable();
                    let caps = letters.peek().is_some() && letters.all(char::is_uppercase);
                    out.push(Tok {
                        fold: fold(&raw),
                        code: is_code(&raw),
                        caps,
                        url: false,
                        raw,
                        end,
                        quoted,
                        pause: pause == ',',
                        ask: pause == '?',
                        label: pause == ':',
                        brk: false,
                        cue: 0,
                        purpose: false,
                        service: false,
                    });
                };
            chars.clear();
            chars.extend(piece.chars());
            for (k, &c) in chars.iter().enumerate() {
                if c.is_alphanumeric() || c == '+' || c == '*' || c == '#' {
                    cur.push(c);
                } else if (c == '\'' || c == '\u{2019}')
                    && cur.chars().last().is_some_and(char::is_alphabetic)
                    && chars.get(k + 1).is_some_and(|x| x.is_alphabetic())
                {
                    // "we'll", "n't": keep words whole (but a number's suffix, Turkish
                    // "4609'a", is not part of the number).
                } else {
                    // A sentence end: the piece's last character, or a dot before a capital ("5036.To").
                    let next = chars.get(k + 1);
                    // (Or dots to the piece's end: "opt out..".)
                    let end = matches!(c, '.' | '!' | '?')
                        && (next.is_none()
                            || next.is_some_and(|x| x.is_uppercase())
                            || c != '.'
                            || chars[k + 1..].iter().all(|x| !x.is_alphanumeric()));
                    flush(&mut cur, &mut out, end, quoted, c);
                    quoted = opens_quote(c);
                }
            }
            flush(
                &mut cur,
                &mut out,
                sentence_end,
                quoted,
                piece.chars().last().unwrap_or(' '),
            );
        }
        if let Some(last) = out.last_mut() {
            last.brk = true;
        }
    }
    out
}

/// Does a phrase (list of folded words) start at token `i`?
fn phrase_at(toks: &[Tok], i: usize, phrase: &[String]) -> bool {
    i + phrase.len() <= toks.len() && phrase.iter().zip(&toks[i..]).all(|(p, t)| *p == t.fold)
}

/// Mark where cue, purpose and service phrases start: once per text, so the rules below
/// read flags instead of matching phrases again at every step.
fn mark(toks: &mut [Tok], lex: &Lexicon) {
    for i in 0..toks.len() {
        if !lex.firsts.contains(&toks[i].fold) {
            continue;
        }
        let cue = any_phrase_at(toks, i, &lex.cues).unwrap_or(0);
        toks[i].cue = u8::try_from(cue).unwrap_or(u8::MAX);
        toks[i].purpose = any_phrase_at(toks, i, &lex.purposes).is_some();
        toks[i].service = any_phrase_at(toks, i, &lex.service).is_some();
    }
}

fn any_phrase_at(toks: &[Tok], i: usize, phrases: &[Vec<String>]) -> Option<usize> {
    phrases.iter().find(|p| phrase_at(toks, i, p)).map(Vec::len)
}

/// Tokens allowed between a keyword and what it does: "STOP to 12345 to opt out". (Not every
/// word before a short code: "an", "au", "do" and "на" are also ordinary words, as in "Eng X
/// an Stop au 36111".)
fn is_connector(t: &Tok) -> bool {
    t.code
        || matches!(
            t.fold.as_str(),
            "to" | "2"
                | "al"
                | "ke"
                | "naar"
                | "na"
                | "par"
                | "pe"
                | "الى"
                | "a"
                | "for"
                | "free"
                | "now"
                | "pour"
                | "para"
                | "per"
                | "at"
                | "on"
                | "kirim"
        )
}

/// Words that end a keyword: connectors, "T&C", help.
fn ends_keyword(t: &Tok) -> bool {
    t.code
        || t.url
        || lexicon().to_code.contains(&t.fold)
        || matches!(
            t.fold.as_str(),
            "a" | "for"
                | "t"
                | "tc"
                | "tcs"
                | "ts"
                | "cs"
                | "c"
                | "help"
                | "or"
                | "and"
                | "if"
                | "free"
                | "now"
                | "kirim"
        )
}

/// A token that can be a reply keyword: upper case, a known keyword, or a single letter.
fn keywordish(t: &Tok, lex: &Lexicon) -> bool {
    if t.url || t.code || t.label || t.fold.is_empty() {
        return false;
    }
    // "Where do I stop?", "Long after I quit": the pronoun, not a keyword.
    if t.raw == "I" {
        return false;
    }
    let f = t.fold.as_str();
    if lex.to_code.contains(f) {
        return false;
    }
    if matches!(
        f,
        "the"
            | "word"
            | "with"
            | "back"
            | "us"
            | "or"
            | "and"
            | "if"
            | "for"
            | "a"
            | "an"
            | "our"
            | "this"
            | "these"
            | "your"
            | "me"
    ) && !t.caps
    {
        return false;
    }
    lex.keywords.contains(f)
        || (t.caps && t.raw.chars().any(char::is_alphabetic))
        || opt_out_stem(f)
}

/// A word built on an opt-out stem: "stop" or "unsub" or "optout" anywhere ("STOP2END",
/// "unsubscribe"), "unreg" first.
fn opt_out_stem(f: &str) -> bool {
    // Not a word that only holds the letters: "nonstop", "unstoppable", "stopped", "stopover"
    // (in capitals, "UNSTOPPABLE SAVINGS" read as a keyword to reply).
    let only_letters = || {
        f.starts_with("non")
            || f.starts_with("unstop")
            || [
                "stopped",
                "stopping",
                "stoppable",
                "stoppage",
                "stopover",
                "stopwatch",
            ]
            .iter()
            .any(|w| holds(f, w))
    };
    (holds(f, "stop") && !only_letters())
        || holds(f, "unsub")
        || f.starts_with("unreg")
        || holds(f, "optout")
}

/// `hay.contains(needle)` for one word: a byte scan, where `str::contains` would set up a
/// substring searcher each time (a measurable cost over every word of every message).
fn holds(hay: &str, needle: &str) -> bool {
    (hay.as_bytes().windows(needle.len())).any(|w| w == needle.as_bytes())
}

fn is_opt_out_keyword(f: &str, lex: &Lexicon) -> bool {
    lex.keywords.contains(f) && f != "no" && f != "n" && f != "off"
        || opt_out_stem(f) && f != "stopautorenew"
        || f.starts_with("no+")
}

fn not_opt_out_keyword(f: &str) -> bool {
    matches!(
        f,
        "help" | "info" | "yes" | "y" | "start" | "join" | "menu" | "more" | "app" | "callback"
    )
}

/// Purpose words (opt out, unsubscribe, ...) starting within `reach` tokens after `i`, only
/// connectors in between.
fn purpose_after(toks: &[Tok], mut i: usize, reach: usize, lex: &Lexicon) -> bool {
    // The purpose must be in the same sentence as what precedes `i`.
    if i > 0 && toks[i - 1].end {
        return false;
    }
    let end = (i + reach).min(toks.len());
    while i < end {
        if toks[i].purpose || toks[i].fold.starts_with("optout") {
            return !cancels_something_else(toks, i, lex);
        }
        if !is_connector(&toks[i]) || toks[i].end {
            return false;
        }
        i += 1;
    }
    false
}

/// "NO to cancel it", "C to cancel your appointment": the cancel is about something other
/// than the messages. "STOP to cancel", "to cancel your subscription" stay opt-outs.
fn cancels_something_else(toks: &[Tok], i: usize, lex: &Lexicon) -> bool {
    if toks[i].fold != "cancel" || toks[i].end {
        return false;
    }
    match toks.get(i + 1).map(|t| t.fold.as_str()) {
        Some("it" | "this" | "that") => true,
        Some("your" | "the" | "my") => toks
            .get(i + 2)
            .is_some_and(|o| !lex.cancel_objects.contains(&o.fold)),
        _ => false,
    }
}

/// "C to cancel", "2 to cancel": a letter or digit and a bare "cancel" is a menu choice about
/// a booking or an order ("Reply C to cancel or R to reschedule"), not a clear opt-out. Left
/// unread, a marketing message with only this is told its opt-out is missing.
fn letter_cancel(kw: &[Tok], toks: &[Tok], mut j: usize) -> bool {
    if kw.len() != 1 || kw[0].fold.chars().count() != 1 {
        return false;
    }
    while toks
        .get(j)
        .is_some_and(|x| matches!(x.fold.as_str(), "to" | "2"))
    {
        j += 1;
    }
    toks.get(j).is_some_and(|x| x.fold == "cancel")
        && (toks[j].end
            || toks[j].pause
            || toks
                .get(j + 1)
                .is_none_or(|x| matches!(x.fold.as_str(), "or" | "and")))
}

/// Keyword tokens from `start`: up to three, ending at a connector, a code or a sentence end.
/// "UNREG MESRA ke", "GET EURO STOP to", "STOP CFA SSL to", "STOP to".
fn keyword_run(toks: &[Tok], start: usize, lex: &Lexicon) -> usize {
    let mut j = start;
    while j < toks.len() && j - start < 3 && !ends_keyword(&toks[j]) && !toks[j].url {
        let f = toks[j].fold.as_str();
        if j == start {
            // A verb is not a keyword: "ODPISZ STOP" in capitals is the verb and STOP.
            if !keywordish(&toks[j], lex) || lex.verbs.contains(f) || lex.verbs_last.contains(f) {
                break;
            }
        } else {
            let prev = &toks[j - 1].fold;
            // A verb of replying ends the run: "SMS BY REPLYING STOP ALL" is not one keyword
            // (other verbs may be part of one: "GET TXT STOP", "MTG SMS STOP").
            let replying = matches!(f, "reply" | "replying" | "respond" | "responding");
            if lex.purpose_openers.contains(f)
                || lex.verbs_last.contains(f)
                || lex.when.contains(f)
                || replying
            {
                break;
            }
            // "STOP/ARRET": two opt-out keywords are alternatives, not one keyword.
            if is_opt_out_keyword(prev, lex) && is_opt_out_keyword(f, lex) {
                break;
            }
            // After a keyword, continue only with upper-case words or, for UNREG/UNSUB
            // families, a service name before "ke"/"to".
            let family = prev.starts_with("unreg") || prev.starts_with("unsub") || prev == "stop";
            let next_is_end = toks.get(j + 1).is_none_or(|x| ends_keyword(x) || x.end);
            let alpha = toks[j].raw.chars().all(char::is_alphanumeric)
                && !toks[j].raw.chars().all(|c| c.is_ascii_digit());
            if !((toks[j].caps && keywordish(&toks[j], lex))
                || (family && next_is_end && alpha && !toks[j].code))
            {
                break;
            }
        }
        let end = toks[j].end;
        j += 1;
        if end {
            break;
        }
    }
    j
}

/// How many digits a token holds ("0800", "1-800-555" as one piece).
fn digit_count(t: &Tok) -> usize {
    t.fold.chars().filter(char::is_ascii_digit).count()
}

/// A token that can be (part of) a number to call: a code, or five digits or more.
fn numberish(t: &Tok) -> bool {
    t.code || digit_count(t) >= 5
}

/// Whether the tokens from `at` send to a short code: the code itself, or "to" and the code.
fn to_short_code(toks: &[Tok], at: usize) -> bool {
    let code = |k: usize| toks.get(k).is_some_and(|x| x.code);
    code(at)
        || toks
            .get(at)
            .is_some_and(|x| lexicon().to_code.contains(&x.fold))
            && code(at + 1)
}

/// One or two plain words from `start` that go to a short code ("out 0860388349",
/// "reg to 3627"): the end of the words, or `None`. Not a verb ("SMS send reg to 3627"
/// names REG) and not what labels a number ("SMS Code 1234").
fn coded_run(toks: &[Tok], start: usize, lex: &Lexicon) -> Option<usize> {
    (1..=2).find_map(|len| {
        let words = toks.get(start..start + len)?;
        let plain = words.iter().enumerate().all(|(k, w)| {
            !w.url
                && !w.code
                && (k + 1 == len || !w.end)
                && w.fold.chars().all(char::is_alphabetic)
                && !lex.verbs.contains(&w.fold)
                && !lex.to_code.contains(&w.fold)
                && !matches!(w.fold.as_str(), "code" | "pin" | "otp" | "ref" | "id")
        });
        (plain && to_short_code(toks, start + len)).then_some(start + len)
    })
}

/// "Don't stop now - finish your plan at acme.com", "Where do I stop? See you at
/// acme.co/t": a cue after a negation or a subject says what someone does; it tells the reader
/// nothing.
fn negates_cue(before: &str) -> bool {
    negation(before) || matches!(before, "i" | "we" | "they" | "he" | "she")
}

/// A word of negation, with or without its apostrophe ("don't", "wont").
fn negation(word: &str) -> bool {
    let plain;
    let word = if word.contains(['\'', '\u{2019}']) {
        plain = word.replace(['\'', '\u{2019}'], "");
        plain.as_str()
    } else {
        word
    };
    matches!(word, "dont" | "not" | "never" | "cant" | "wont" | "didnt")
}

/// How a cue may lead to the method after it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CueLeads {
    /// It is a word of a sentence, not the start of an instruction.
    No,
    /// Only to a method right after it ("Stop acme.co/s").
    Adjacent,
    /// To a method within its sentence.
    Any,
}

/// How the cue at `i`, whose words end before `k`, leads to a method.
///
/// A bare "stop" (not "to stop") is an instruction in capitals or quotes ("STOP
/// http://x.in/o"), labelled or set off ("Stop: ...", "Stop texts: ...", "Stop? Reply NO"),
/// naming the messages ("stop promotion dial *3627#"), or right before its method ("Stop
/// acme.co/s"); otherwise it is a verb or a noun of a sentence: "your service will be stop.
/// Install here http://...", "Stop in today, details at acme.com", "Make us your next stop!
/// acme.com". A cue that is a verb, then a word that is neither the messages nor on the way
/// to the method, stops something else: "To end the summer right, visit acme.com", "To stop
/// snoring, call ...", "Para salir de la rutina, visita ...".
fn cue_leads(toks: &[Tok], i: usize, k: usize, lex: &Lexicon, shouting: bool) -> CueLeads {
    let t = &toks[i];
    let len = usize::from(t.cue);
    let before = if i > 0 { toks[i - 1].fold.as_str() } else { "" };
    let bare_stop = len == 1 && t.fold == "stop";
    if bare_stop && lex.stop_nouns.contains(before) {
        return CueLeads::No;
    }
    let marked = |x: &Tok| x.caps && !shouting;
    let names_messages =
        |f: &String| lex.stop_objects.contains(f) || lex.cancel_objects.contains(f);
    // Past up to three determiners and kinds of message ("To stop the promo press ...", "from
    // all our lists"); `set_off` stops at one that ends a sentence or clause.
    let past_dets = |from: usize, set_off: bool| {
        let mut j = from;
        while j < from + 3
            && toks
                .get(j)
                .is_some_and(|x| lex.cue_dets.contains(&x.fold) && !(set_off && (x.end || x.pause)))
        {
            j += 1;
        }
        j
    };
    let last = &toks[i + len - 1];
    let stops_other = lex.cue_verbs.contains(&last.fold)
        && !(marked(last) || last.pause || last.label || last.end)
        && toks.get(past_dets(k, true)).is_some_and(|x| {
            !(x.url
                || x.quoted
                || marked(x)
                || lex.cancel_objects.contains(&x.fold)
                || lex.on_the_way(x))
        });
    // "Opt out of boring weekends, call ...", "Unsubscribe from stress: book ...": a cue with
    // an object opts out of that object; the messages, a list, the sender or a name
    // (capitalised: "from Acme"; in a message all in capitals no name shows) make it the
    // messages'.
    let of = toks
        .get(k)
        .is_some_and(|x| lex.cue_ofs.contains(&x.fold) && !x.end);
    let leaves_other = of
        && toks.get(past_dets(k + 1, false)).is_some_and(|x| {
            let f = &x.fold;
            !(x.url
                || x.code
                || (x.raw.starts_with(char::is_uppercase) && !shouting)
                || names_messages(f)
                || lex.list_words.contains(f))
        });
    if stops_other || leaves_other {
        CueLeads::No
    } else if bare_stop
        && !(marked(t)
            || t.quoted
            || t.label
            || t.pause
            || t.ask
            || toks
                .get(k)
                .is_some_and(|x| lex.stop_objects.contains(&x.fold)))
    {
        CueLeads::Adjacent
    } else {
        CueLeads::Any
    }
}

/// An opt-out purpose, or a cue that reads as the start of an instruction, in the `reach`
/// tokens before `i` ("Opt out: reply ...", "Si no deseas recibir más mensajes"; not "Stop!
/// Reply DEAL for 50% off").
fn cue_before(toks: &[Tok], i: usize, reach: usize, lex: &Lexicon, shouting: bool) -> bool {
    (i.saturating_sub(reach)..i).any(|k| {
        let t = &toks[k];
        let before = if k > 0 { toks[k - 1].fold.as_str() } else { "" };
        // (A cue that is also a purpose word, "stop", is judged as a cue.)
        (t.purpose && t.cue == 0)
            || (t.cue > 0
                && !negates_cue(before)
                && cue_leads(toks, k, k + usize::from(t.cue), lex, shouting) == CueLeads::Any)
    })
}

/// A service-cancel instruction or a confirmation nearby: not a message opt-out.
fn excluded(toks: &[Tok], from: usize, to: usize, _lex: &Lexicon) -> bool {
    // Six tokens either side, without crossing a line break.
    let mut a = from;
    while a > 0 && from - a < 6 && !toks[a - 1].brk {
        a -= 1;
    }
    let mut b = to.min(toks.len());
    while b < toks.len() && b - to < 6 && !(b > 0 && toks[b - 1].brk) {
        b += 1;
    }
    (a..b).any(|k| toks[k].service || toks[k].fold == "stopautorenew")
}

/// Find the opt-out instruction of an outbound message, if any.
///
/// ```
/// use consentry::outbound::find_opt_out;
/// let o = find_opt_out("50% off today! Reply STOP to opt out");
/// assert_eq!((o.present, o.kind, o.keyword.as_deref()), (true, Some("reply_keyword"), Some("STOP")));
/// assert_eq!(find_opt_out("Opt out: acme.com/unsub").kind, Some("link"));
/// assert!(!find_opt_out("To disable auto renewal, send stopautorenew to 440").present);
/// ```
pub fn find_opt_out(text: &str) -> OptOut {
    let lex = lexicon();
    let mut toks = tokens(text);
    mark(&mut toks, lex);
    let n = toks.len();
    // Written all in capitals (or nearly): capitals then mark no word out.
    let words = || {
        toks.iter()
            .filter(|t| !t.url && !t.code && t.raw.len() >= 2)
    };
    let shouting = words().filter(|t| t.caps).count() * 5 >= words().count() * 4;
    // Every instruction found, at the position of its method; the first one stated wins.
    let mut found: Vec<(usize, OptOut)> = Vec::new();
    let mut preference: Option<OptOut> = None;
    let reply = |kw: String| OptOut {
        present: true,
        kind: Some("reply_keyword"),
        keyword: Some(kw),
    };
    let method = |kind: &'static str| OptOut {
        present: true,
        kind: Some(kind),
        keyword: None,
    };
    let upper = |ts: &[Tok]| {
        ts.iter()
            .map(|k| k.raw.to_uppercase())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let service_anywhere = toks.iter().any(|t| t.service);
    for i in 0..n {
        let t = &toks[i];
        let f = t.fold.as_str();
        let before = if i > 0 { toks[i - 1].fold.as_str() } else { "" };
        let possessive = matches!(before, "your" | "votre" | "je" | "uw" | "tu" | "su");
        // Joined forms: STOP2END, Stop2OptOut, call2optout, 2optout, OPTOUT1672, TxtNO.
        if f.starts_with("call2opt") || f.starts_with("2optout") {
            found.push((i, method("call")));
        }
        if f.starts_with("stop2")
            || (f.starts_with("optout")
                && f.len() > 6
                && f[6..].chars().all(|c| c.is_ascii_digit()))
        {
            let kw = if f.starts_with("stop2end") {
                "STOP2END"
            } else if f.starts_with("stop2") {
                "STOP"
            } else {
                "OPTOUT"
            };
            found.push((i, reply(kw.to_string())));
        }
        if let Some(v) = ["txt", "text", "reply"].iter().find(|v| f.starts_with(**v)) {
            let rest_raw = &t.raw[v.len().min(t.raw.len())..];
            let rest = &f[v.len()..];
            if !rest.is_empty()
                && lex.keywords.contains(rest)
                && rest_raw.chars().all(|c| !c.is_lowercase())
            {
                found.push((i, reply(rest.to_uppercase())));
            }
        }
        // Chinese footers run together: "回T退订", "回复TD退订", "拒收请回复R".
        // (An ASCII word holds none of these: most words skip the searches.)
        let cjk = !t.raw.is_ascii();
        // (Traditional characters too: "回覆STOP取消訂閱"; "取消订阅" is "cancel subscription".)
        let unsubscribe = ["退订", "拒收", "取消订阅", "退訂", "取消訂閱"];
        if cjk && unsubscribe.iter().any(|w| t.raw.contains(w)) {
            let kw: String = t
                .raw
                .split_once('回')
                .map(|(_, rest)| rest.trim_start_matches(['复', '覆']))
                .unwrap_or("")
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            found.push((
                i,
                if kw.is_empty() {
                    method("other")
                } else {
                    reply(kw.to_uppercase())
                },
            ));
        }
        // Japanese ones too: "配信停止はSTOPと返信" (reply with STOP to stop delivery).
        let reply_at = cjk
            .then(|| t.raw.find("と返信").or_else(|| t.raw.find("と送信")))
            .flatten();
        if let Some(at) = reply_at {
            // The ASCII letters and digits right before と.
            let head = &t.raw[..at];
            let kw = &head[head
                .trim_end_matches(|c: char| c.is_ascii_alphanumeric())
                .len()..];
            let stop = ["停止", "解除", "拒否"].iter().any(|w| t.raw.contains(w));
            if !kw.is_empty() && (stop || cue_before(&toks, i, 8, lex, shouting)) {
                found.push((i, reply(kw.to_uppercase())));
            }
        }
        // A: verb + keyword ("Reply STOP ...", "send GET EURO STOP to 83222").
        // ("Don't reply STOP, reply SHOP for deals": not that one.)
        if lex.verbs.contains(f) && !possessive && !negation(before) && !t.end {
            let mut j = i + 1;
            // Words between the verb and its keyword; "with" and "Sie" are never the keyword,
            // even in capitals ("REPLY WITH STOP", "ANTWORTEN SIE STOP").
            while j < n {
                let w = toks[j].fold.as_str();
                let never = matches!(w, "with" | "mit" | "avec" | "con" | "met" | "com" | "sie");
                // In capitals too when a keyword follows ("TEXT BACK STOP").
                // (Tagalog "i-text ang STOP": "ang" is "the".)
                let filler_word = |f: &str| matches!(f, "back" | "us" | "the" | "word" | "ang");
                let filler = filler_word(w)
                    && (!toks[j].caps
                        || toks.get(j + 1).is_some_and(|x| {
                            is_opt_out_keyword(&x.fold, lex) || filler_word(&x.fold)
                        }));
                if !(never || filler) {
                    break;
                }
                j += 1;
            }
            let start = j;
            let cue = cue_before(&toks, i, 8, lex, shouting);
            let mut j = keyword_run(&toks, start, lex);
            // "Opt out send out.0860388349", "To stop this promotion, send reg to 3627": after
            // a cue, one or two plain words sent to a short code are the keyword too.
            if j == start && cue {
                j = coded_run(&toks, start, lex).unwrap_or(j);
            }
            if j > start {
                let kw_toks = &toks[start..j];
                let reported = toks.get(j).is_some_and(|x| {
                    matches!(x.fold.as_str(), "has" | "was" | "a" | "wurde" | "is")
                }) && toks.get(j + 1).is_some_and(|x| {
                    matches!(x.fold.as_str(), "been" | "ete" | "received" | "transmis")
                });
                let purpose = purpose_after(&toks, j, 5, lex);
                let opt_kw = kw_toks.iter().any(|k| is_opt_out_keyword(&k.fold, lex));
                // "Reply HELP", "send INFO": not opt-outs; after UNREG or STOP the words name
                // the service ("ketik UNREG INFO kirim ke 9090").
                let bad = !is_opt_out_keyword(&kw_toks[0].fold, lex)
                    && kw_toks.iter().any(|k| not_opt_out_keyword(&k.fold));
                // After a cue ("Opt out: reply ..."), the keyword is what follows the verb when
                // it is written as one (capitals), is a known keyword ("Opt out Reply No"), or
                // goes to a short code ("To stop this promotion, send Reg to 3627").
                let stated = kw_toks
                    .iter()
                    .all(|k| k.caps || lex.keywords.contains(&k.fold))
                    || to_short_code(&toks, j);
                // "... FROM SMS BY REPLYING STOP": words that lead to another verb are not
                // the keyword; that verb's own keyword is.
                let verb_next = !opt_kw
                    && !toks[j - 1].end
                    && toks.get(j).is_some_and(|x| lex.verbs.contains(&x.fold));
                // "Reply CANCEL to cancel your appointment": something else.
                let cancels_other = toks
                    .get(j)
                    .is_some_and(|x| matches!(x.fold.as_str(), "to" | "2"))
                    && j + 1 < n
                    && cancels_something_else(&toks, j + 1, lex);
                if !(reported
                    || bad
                    || verb_next
                    || cancels_other
                    || letter_cancel(kw_toks, &toks, j))
                    && (purpose || opt_kw || (cue && stated))
                    && !excluded(&toks, i, j, lex)
                {
                    found.push((start, reply(upper(kw_toks))));
                }
            }
        }
        // C: a cue, then a keyword ("Optout STOP to", "unsub STOP", "No SMS salir",
        // "unsubscribe with STOP") or a method (link, call, dial).
        // Not after a negation: "Don't stop now - finish your plan at acme.com".
        // Nor with a subject before it: "Where do I stop? See you at acme.co/t" says what
        // someone does, it tells the reader nothing.
        let negated = negates_cue(before);
        // "To cancel your order, visit ...": the cue cancels something other than messages.
        let cancels_other =
            t.cue > 0 && cancels_something_else(&toks, i + usize::from(t.cue) - 1, lex);
        if let Some(len) = (t.cue > 0 && !negated && !cancels_other).then_some(usize::from(t.cue)) {
            let mut k = i + len;
            if toks.get(k).is_some_and(|x| x.fold == "with") {
                k += 1;
            }
            // "Stop OptOut", "STOP=OPTOUT": the cue word is itself the keyword.
            if len == 1
                && is_opt_out_keyword(f, lex)
                && toks
                    .get(k)
                    .is_some_and(|x| x.fold.starts_with("optout") || x.fold == "opt")
                && !t.end
            {
                found.push((i, reply(t.raw.to_uppercase())));
            } else if let Some(next) = toks.get(k).filter(|_| !t.end) {
                let j = keyword_run(&toks, k, lex);
                // Closed by a connector, a pause, or one word and then the short code
                // ("İptal için RET yazıp 4609'a gönderin"), or by a verb in languages that put
                // it last ("İptal için RET yazın").
                let closed = toks
                    .get(j)
                    .is_none_or(|x| ends_keyword(x) || lex.verbs.contains(&x.fold))
                    || (j > 0 && (toks[j - 1].end || toks[j - 1].pause))
                    || toks.get(j + 1).is_some_and(|x| x.code);
                if j > k
                    && closed
                    && is_opt_out_keyword(&next.fold, lex)
                    && !lex.verbs.contains(&next.fold)
                    && !excluded(&toks, i, k, lex)
                {
                    found.push((k, reply(upper(&toks[k..j]))));
                }
            }
            let leads = cue_leads(&toks, i, k, lex, shouting);
            // A cue that ends its sentence ("STOP! Don't miss 50% off at acme.com") reaches
            // only what follows it at once.
            // A bare "Stop!" there is an exclamation, in any case: "Stop! Call 555-0100 for a
            // free quote".
            let cue_last = &toks[i + len - 1]; // (`k` may be past a "with")
            let cue_end = cue_last.end && !cue_last.ask;
            let adjacent_only = leads == CueLeads::Adjacent || cue_end;
            // A bare "stop", or a cue asked as a question, reaches its method past words on the
            // way to it ("STOP SMS sur acme.fr/stop", "Unsubscribe? Visit acme.com/u"), not
            // past others: "Dites STOP au gaspillage avec nos offres : acme.fr" says stop to
            // something else, "Need to cancel? No problem, free cancellation at acme.com"
            // answers the question.
            let bare_stop = len == 1 && matches!(f, "stop" | "stopp");
            let exclaimed = cue_end && bare_stop && !t.quoted;
            let near_only = bare_stop || cue_last.ask;
            if !excluded(&toks, i, k, lex) && leads != CueLeads::No && !exclaimed {
                for m in k..(k + 7).min(n) {
                    if adjacent_only && m > k {
                        break;
                    }
                    if near_only && m > k && !lex.on_the_way(&toks[m - 1]) {
                        break;
                    }
                    let tm = &toks[m];
                    if tm.url {
                        found.push((m, method("link")));
                        break;
                    }
                    // "Stop receiving: 0800 123 4567": a phone number right after the cue.
                    let phone = m <= k + 1
                        && toks[m..(m + 4).min(n)]
                            .iter()
                            .take_while(|x| x.code)
                            .map(digit_count)
                            .sum::<usize>()
                            >= 8;
                    if phone {
                        found.push((m, method("call")));
                        break;
                    }
                    // "... to opt out call" at the very end: the number is the sender's own
                    // or was cut off, and the way out is still a call.
                    let last = m + 1 == n;
                    if matches!(tm.fold.as_str(), "call" | "ring" | "phone")
                        && (last || toks[m + 1..(m + 4).min(n)].iter().any(numberish))
                    {
                        found.push((m, method("call")));
                        break;
                    }
                    // "To unsubscribe, update your account settings": a place to turn it off.
                    if matches!(
                        tm.fold.as_str(),
                        "dial" | "press" | "email" | "write" | "settings" | "preferences"
                    ) && !service_anywhere
                    {
                        found.push((m, method("other")));
                        break;
                    }
                    if tm.end {
                        break;
                    }
                }
            }
        }
        // B: keyword + purpose without a verb ("or STOP to opt out", "C to opt out"), a quoted
        // keyword ("'UNSUB", "`` Cancel ``"), or "STOP 12345".
        // (Not when the word is a cue followed by the real keyword: "unsub STOP", "STOP UNREG x".)
        let cue_then_keyword = t.cue == 1
            && toks
                .get(i + 1)
                .is_some_and(|x| is_opt_out_keyword(&x.fold, lex));
        // "T C To opt out call ...": the C of T&C is not a keyword.
        let terms = f == "c" && matches!(before, "t" | "ts");
        if keywordish(t, lex)
            && !cue_then_keyword
            && !terms
            && !not_opt_out_keyword(f)
            && !possessive
            && !lex.verbs.contains(f)
            && !excluded(&toks, i, i + 1, lex)
        {
            let known = is_opt_out_keyword(f, lex) || lex.keywords.contains(f);
            let joined = matches!(before, "or" | "and" | "info") || f.chars().count() == 1;
            // "... or NO to opt out", or a quoted/capitalised keyword before a short code.
            let with_purpose = (known || (t.caps && joined))
                && !matches!(before, "to" | "2")
                && !letter_cancel(&toks[i..i + 1], &toks, i + 1)
                && purpose_after(&toks, i + 1, 4, lex);
            // "STOP 36111", and with a preposition: French "STOP au 36111", Spanish "BAJA al
            // 2525", Indonesian "UNREG ke 1234".
            let code_at = |k: usize| toks.get(k).is_some_and(|x| x.code && !x.fold.contains('+'));
            // French writes the channel between them: "STOP SMS au 36111".
            let at = i + 1 + usize::from(toks.get(i + 1).is_some_and(|x| x.fold == "sms"));
            let via = toks.get(at).is_some_and(|x| lex.to_code.contains(&x.fold));
            // Turkish puts the verb after the keyword: "Ret yazıp 3838'e gönderin".
            let verb_last = toks
                .get(i + 1)
                .is_some_and(|x| lex.verbs_last.contains(&x.fold));
            // "stop au 36111", "stop sms 36105" in lower case: a strong keyword, a preposition
            // or "sms", and a short code are a footer however they are written. (After "stop
            // SMS" a long number is one to call: "T&Cs/stop SMS 08718727868".)
            let before_code = is_opt_out_keyword(f, lex)
                && (t.quoted
                    || verb_last
                    || (t.caps && code_at(at))
                    || (at > i + 1 && code_at(at) && toks[at].fold.len() <= 8)
                    || (via && code_at(at + 1)));
            if with_purpose || before_code {
                found.push((i, reply(t.raw.to_uppercase())));
            }
        }
        // D: a URL whose path says what it is for, or that the words after it do
        // ("acme.com/x to opt out", "bit.ly/3xYz to unsubscribe").
        if t.url {
            let l = t.fold.as_str();
            // (Only "to" or "TO", not a sentence's "To", before opting out or unsubscribing,
            // and no verb after it in its sentence: in "acme.com To opt out reply STOP" the
            // purpose is the reply's, and "to remove the restriction" is no opt-out.)
            let verb_in_sentence = || {
                for x in &toks[(i + 2).min(n)..(i + 14).min(n)] {
                    if lex.verbs.contains(&x.fold) {
                        return true;
                    }
                    if x.end {
                        break;
                    }
                }
                false
            };
            let purpose_is_link = toks
                .get(i + 1)
                .is_some_and(|x| x.raw == "to" || x.raw == "TO")
                && toks.get(i + 2).is_some_and(|x| {
                    matches!(x.fold.as_str(), "opt" | "optout" | "unsubscribe" | "unsub")
                })
                && purpose_after(&toks, i + 1, 2, lex)
                && !verb_in_sentence();
            if url_opts_out(l) || purpose_is_link {
                found.push((i, method("link")));
            } else if preference.is_none() && PREFERENCE_URL_WORDS.iter().any(|w| l.contains(w)) {
                preference = Some(method("link"));
            }
        }
        // E: "call 0800... to opt out", "give a missed call on 1800 123 4567 to unsubscribe",
        // "email stop@acme.com to opt out".
        let email = matches!(f, "email" | "e-mail" | "mail");
        if f == "call" || email {
            let k = (i + 1..(i + 4).min(n)).find(|&k| {
                if email {
                    toks[k].raw.contains('@')
                } else {
                    numberish(&toks[k])
                }
            });
            if let Some(mut k) = k {
                // A number written in groups is one number.
                while !email && toks.get(k + 1).is_some_and(|x| x.code) {
                    k += 1;
                }
                let to = toks
                    .get(k + 1)
                    .is_some_and(|x| matches!(x.fold.as_str(), "to" | "2" | "for"));
                if to && purpose_after(&toks, k + 2, 3, lex) {
                    found.push((i, method(if email { "other" } else { "call" })));
                }
            }
        }
    }
    // F: a message that ends in an upper-case opt-out keyword run ("... Call 0800 STOP OUT").
    // Not a verb and its gerund or a time, a slogan's ("STOP WAITING", "QUIT OVERPAYING",
    // "STOP NOW").
    let gerund = |t: &Tok| {
        t.fold.len() >= 5
            && t.fold.ends_with("ing")
            && t.fold.bytes().all(|c| c.is_ascii_alphabetic())
    };
    if let Some(mut k) = (n.saturating_sub(2)..n).find(|&k| {
        toks[k].caps
            && is_opt_out_keyword(&toks[k].fold, lex)
            && (k + 1..n)
                .all(|x| toks[x].caps && !gerund(&toks[x]) && !lex.when.contains(&toks[x].fold))
    }) {
        // "STOP=STOP": the same word twice is one keyword.
        if k + 2 == n && toks[k].fold == toks[k + 1].fold {
            k += 1;
        }
        if !excluded(&toks, k, n, lex) {
            found.push((k, reply(upper(&toks[k..n]))));
        }
    }
    found.sort_by_key(|(i, _)| *i);
    found
        .into_iter()
        .next()
        .map(|(_, o)| o)
        .or(preference)
        .unwrap_or_else(OptOut::absent)
}

#[cfg(test)]
mod tests {
    use super::find_opt_out as f;

    fn kw(text: &str) -> (bool, Option<&'static str>, Option<String>) {
        let o = f(text);
        (o.present, o.kind, o.keyword)
    }

    #[test]
    fn bare_domains_are_links_with_a_known_tld_or_a_path() {
        for url in [
            "acme.com",
            "acme.fit/friend",
            "oz.rocks/87VTE/",
            "https://x.y/z",
            "www.acme",
            "acme.jobs",
            "glow.salon",
        ] {
            assert!(super::is_url(url), "{url}");
        }
        // A missing space after a full stop, or a name before a number, is not a link.
        for not in [
            "renewal.Enjoy",
            "av.Tanvi/9953921288",
            "3.5/5",
            "and/or",
            "e.g./i.e.",
            "Qual-B.tech",
            "customer.care",
            "now.Jobs",
        ] {
            assert!(!super::is_url(not), "{not}");
        }
    }

    /// A path segment "stop" is an opt-out link whatever comes before it, in SMS and email.
    #[test]
    fn stop_path_after_any_character() {
        for url in [
            "https://acme.com/café/stop",
            "https://acme.com/日本/stop?u=1",
        ] {
            assert!(super::url_opts_out(url), "{url}");
            assert!(super::is_unsubscribe_link("", url), "{url}");
            assert_eq!(kw(&format!("20% off at {url}")).1, Some("link"), "{url}");
        }
        assert!(!super::url_opts_out("https://acme.com/café/stop-smoking"));
    }

    #[test]
    fn instructions() {
        for (text, kind, keyword) in [
            (
                "Sale today. Reply STOP to opt out",
                "reply_keyword",
                Some("STOP"),
            ),
            ("Txt STOP to 12345 to stop", "reply_keyword", Some("STOP")),
            ("Opt-out: reply STOP", "reply_keyword", Some("STOP")),
            ("Big deals STOP2END", "reply_keyword", Some("STOP2END")),
            (
                "Text YES for a callback or no to opt out",
                "reply_keyword",
                Some("NO"),
            ),
            ("Reply A for info C to opt out", "reply_keyword", Some("C")),
            (
                "Unsubscribe send GET EURO STOP to 83222.",
                "reply_keyword",
                Some("GET EURO STOP"),
            ),
            (
                "Utk berhenti ketik UNREG MESRA ke 99999",
                "reply_keyword",
                Some("UNREG MESRA"),
            ),
            (
                "Para Salir envia SALIR al 12345",
                "reply_keyword",
                Some("SALIR"),
            ),
            (
                "Deals at shop.example STOP=OPTOUT",
                "reply_keyword",
                Some("STOP"),
            ),
            ("Opt out: https://acme.example/u/123", "link", None),
            ("Afmelden www.payinfo.nl", "link", None),
            ("To stop texts call 08712460324 (10p/min)", "call", None),
            (
                "Call MobileUpd8 on 08000839402 or call2optout/!YHL",
                "call",
                None,
            ),
            ("To opt out dial 123 456", "other", None),
        ] {
            let (p, k, w) = kw(text);
            assert!(p, "{text}");
            assert_eq!(k, Some(kind), "{text}");
            assert_eq!(w.as_deref(), keyword, "{text}");
        }
    }

    #[test]
    fn look_alikes() {
        for text in [
            "To disable auto renewal, please send stopautorenew to 440",
            "You have successfully been unsubscribed. Reply START to resubscribe",
            "Netsize votre SMS STOP a été transmis à la société",
            "Can you sign the petition to stop the EARN IT Act",
            "Opt-out available. T&Cs apply",
            "Your code is 123456",
            "To STOP this SIM Swap reply No now",
            "Dial *229*0# to stop auto-renewal.",
            "Reply THEMOB HELP 4 more info",
        ] {
            assert!(!f(text).present, "{text}: {:?}", f(text));
        }
    }
}
