//! Who a message is from and how to reach them: the sender or brand named in the text, and
//! contact details (link, email, phone number, postal address).
//!
//! Owns: sender identification (the `brand` option when given; otherwise the conventions
//! senders use: a "Brand:" prefix, a signature, "from Brand", the brand's own domain) and
//! contact detection, with the words in `data/outbound/{sender,contact}_words.tsv` (a
//! signature may stand before the opt-out sentence, which `optout` finds).
//! Must not: decide whether a message needs either; `check` and `consent` do.

use crate::inbound::tables::FastSet as HashSet;
use std::sync::OnceLock;

use serde::Serialize;

use super::optout::is_url;
use crate::phrases::Words;
use crate::text::{table_rows, url_host};

const SENDER_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/sender_words.tsv"));
const CONTACT_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/contact_words.tsv"));

struct Lists {
    generic: HashSet<String>,
    /// Legal forms and articles a given brand may carry that its messages leave out ("Acme
    /// Pizza LLC" signs "Acme Pizza"; "The Acme Company" signs "Acme").
    legal_form: HashSet<String>,
    /// Legal forms no sentence uses otherwise ("Ltd", "GmbH"): the names before them are companies.
    company_marks: HashSet<String>,
    /// Words before a company's name that are not part of it ("with", "of").
    company_lead: HashSet<String>,
    /// Words around a company's name that make it someone else (a stock, a merchant).
    company_other: HashSet<String>,
    /// Well-known brands, folded like the text's words, indexed by their first word.
    brands: crate::inbound::tables::FastMap<String, Vec<Vec<String>>>,
    cues: Vec<Vec<String>>,
    /// Cues that are ordinary words in ad copy too ("Best Data offers"): see `sender_words.tsv`.
    loose_cues: HashSet<String>,
    /// "Dear <name> customer": the addressed role words, and kinds of customer that name no one.
    customer_words: Vec<Vec<String>>,
    customer_kinds: HashSet<String>,
    /// "Your <name> account": what the reader holds of a business.
    owned_things: HashSet<String>,
    /// Words that make a signature an organisation's ("Office", "Support").
    org_words: HashSet<String>,
    /// Links that open a chat with a number ("wa.me/..."): they name no business.
    chat_hosts: HashSet<String>,
    /// Words that open a message's first sentence after a bare sender name ("Cox You've used").
    openers: HashSet<String>,
    /// Articles and prepositions between headline words ("Soldes du week-end").
    joiners: HashSet<String>,
    /// Lower-case words that names hold ("Bank of America").
    name_links: HashSet<String>,
    street: HashSet<String>,
    street_suffix: Vec<String>,
    pobox: Vec<Vec<String>>,
    us_states: HashSet<String>,
    au_states: HashSet<String>,
    ca_provinces: HashSet<String>,
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let mut l = Lists {
            generic: HashSet::default(),
            legal_form: HashSet::default(),
            company_marks: HashSet::default(),
            company_lead: HashSet::default(),
            company_other: HashSet::default(),
            brands: Default::default(),
            cues: Vec::new(),
            loose_cues: HashSet::default(),
            openers: HashSet::default(),
            chat_hosts: HashSet::default(),
            org_words: HashSet::default(),
            customer_words: Vec::new(),
            customer_kinds: HashSet::default(),
            owned_things: HashSet::default(),
            joiners: HashSet::default(),
            name_links: HashSet::default(),
            street: HashSet::default(),
            street_suffix: Vec::new(),
            pobox: Vec::new(),
            us_states: HashSet::default(),
            au_states: HashSet::default(),
            ca_provinces: HashSet::default(),
        };
        for cols in table_rows(SENDER_TSV).chain(table_rows(CONTACT_TSV)) {
            let (role, term) = (cols[0], cols[1]);
            let words = || term.split(' ').map(str::to_lowercase).collect::<Vec<_>>();
            match role {
                "generic" => drop(l.generic.insert(term.to_lowercase())),
                "legal_form" => drop(l.legal_form.insert(term.to_lowercase())),
                "company_mark" => drop(l.company_marks.insert(term.to_string())),
                "company_lead" => drop(l.company_lead.insert(term.to_string())),
                "company_other" => drop(l.company_other.insert(term.to_string())),
                "brand" => {
                    let w = Words::new(term).words;
                    if let Some(first) = w.first() {
                        l.brands.entry(first.clone()).or_default().push(w);
                    }
                }
                "cue" => l.cues.push(words()),
                "loose_cue" => drop(l.loose_cues.insert(term.to_string())),
                "customer_word" => l.customer_words.push(words()),
                "customer_kind" => drop(l.customer_kinds.insert(term.to_string())),
                "owned_thing" => drop(l.owned_things.insert(term.to_string())),
                "org_word" => drop(l.org_words.insert(term.to_string())),
                "chat_host" => drop(l.chat_hosts.insert(term.to_string())),
                "opener" => drop(l.openers.insert(term.to_lowercase())),
                "joiner" => drop(l.joiners.insert(term.to_lowercase())),
                "name_link" => drop(l.name_links.insert(term.to_string())),
                "street" => drop(l.street.insert(term.to_lowercase())),
                "street_suffix" => l.street_suffix.push(term.to_lowercase()),
                "pobox" => l.pobox.push(words()),
                "region" => l.us_states.extend(term.split(' ').map(String::from)),
                "region_au" => l.au_states.extend(term.split(' ').map(String::from)),
                "region_ca" => l.ca_provinces.extend(term.split(' ').map(String::from)),
                _ => {}
            }
        }
        l
    })
}

/// Is the sender identified, and by what?
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sender {
    pub identified: bool,
    /// The name found ("Acme", "acme.com"), when there is one.
    pub name: Option<String>,
    /// `brand` (the given brand appears), `prefix` ("Acme: ..."), `signature` ("- Acme"),
    /// `from` ("from Acme"), `domain` (the brand's own site), `header` (email From), `known`
    /// (a well-known brand named anywhere in the text), `company` (a name before a legal form, "NTT Ltd"), `customer` (whose customers are
    /// addressed, "Dear HDFC Bank customer").
    pub how: Option<&'static str>,
}

impl Sender {
    fn found(name: String, how: &'static str) -> Sender {
        Sender {
            identified: true,
            name: Some(name),
            how: Some(how),
        }
    }
    fn missing() -> Sender {
        Sender {
            identified: false,
            name: None,
            how: None,
        }
    }
}

/// Tokens split on white space, with surrounding punctuation trimmed.
fn raw_tokens(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .map(|t| {
            t.trim_matches(|c: char| {
                !c.is_alphanumeric() && !matches!(c, '/' | ':' | '@' | '.' | '-' | '+' | '&')
            })
            .trim_end_matches(['.', ':', '-'])
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// A word the corpora redacted ("XXXX"): it stands for a name or number, so it names no one.
fn redaction(t: &str) -> bool {
    t.chars().all(|c| c == 'X')
}

/// The text right after `tok`, a slice of `text` (as [`raw_tokens`] gives); empty when `tok`
/// is not one.
fn after_token<'t>(text: &'t str, tok: &str) -> &'t str {
    (tok.as_ptr() as usize)
        .checked_sub(text.as_ptr() as usize)
        .and_then(|start| text.get(start + tok.len()..))
        .unwrap_or("")
}

/// Whether `tok` (a slice of `text`, as [`raw_tokens`] gives) ends a sentence: ".", "!" or
/// "?" right after it, then a space or the end.
fn ends_sentence(text: &str, tok: &str) -> bool {
    let after = after_token(text, tok);
    let rest = after.trim_start_matches(['.', '!', '?']);
    rest.len() < after.len() && rest.chars().next().is_none_or(char::is_whitespace)
}

/// Sender identification. `brand`, when given, must appear (as words, in a domain, or in the
/// email From header); otherwise the usual conventions count.
pub fn find_sender(text: &str, brand: Option<&str>, from_header: Option<&str>) -> Sender {
    find_sender_in(text, None, brand, from_header)
}

/// What a message puts in front of it as a label: "Acme: ...", "ACME - ...", "[Acme] ..." (one
/// to three words starting with a capital or digit, not only generic words like "Reminder").
/// The classifier reads it: people do not open their chats with a label, programmes do,
/// whether a name or a headline ("Lunch special: ...").
pub(crate) fn prefix_sender(text: &str) -> Option<&str> {
    prefix_label(text, false)
}

/// The sender named in front, as [`prefix_sender`] finds it but not a headline in sentence
/// case ("Lunch special:", "You're invited:"), which names no one.
fn prefix_name(text: &str) -> Option<&str> {
    prefix_label(text, true)
}

fn prefix_label(text: &str, names_only: bool) -> Option<&str> {
    let l = lists();
    let first_line = text.trim_start().lines().next().unwrap_or("");
    let bracket = first_line
        .strip_prefix('[')
        .and_then(|r| r.split_once(']'))
        .map(|(n, _)| n);
    let prefix = bracket.or_else(|| {
        let cut = first_line
            .char_indices()
            .take(32)
            .find(|(i, c)| *c == ':' || (first_line[*i..].starts_with(" - ")))
            .map(|(i, _)| i)?;
        Some(&first_line[..cut])
    })?;
    let p = prefix.trim();
    let marked = bracket.is_some() || first_line[p.len()..].trim_start().starts_with(':');
    // "From Acme: ..." names Acme.
    let p = match p.split_once(' ') {
        Some((from, rest)) if from.eq_ignore_ascii_case("from") && !rest.trim().is_empty() => {
            rest.trim()
        }
        _ => p,
    };
    let words: Vec<&str> = p.split_whitespace().collect();
    // A message written all in lower case says nothing by case: there "acme books: ..." names
    // its sender as "Acme Books: ..." does (with a colon or brackets, not a dash).
    let lower_case_text = !text.chars().any(char::is_uppercase);
    let starts_upper = p
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        || (lower_case_text && marked);
    // "Wochenend-Aktion:", "Soldes du week-end :": a hyphen joins headline words too.
    let lower = |w: &str| {
        w.to_lowercase()
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string()
    };
    let parts = || words.iter().flat_map(|w| w.split('-')).map(lower);
    let all_generic = parts().all(|w| l.generic.contains(&w) || l.joiners.contains(&w))
        && parts().any(|w| l.generic.contains(&w));
    // "Lunch special:", "You're invited:": a later word in lower case, other than one names
    // hold ("Bank of America"), is a headline written in sentence case.
    let sentence_case = names_only
        && !lower_case_text
        && (words.iter().skip(1))
            .any(|w| w.starts_with(|c: char| c.is_lowercase()) && !l.name_links.contains(*w));
    let letters = p.chars().filter(|c| c.is_alphabetic()).count();
    ((1..=3).contains(&words.len())
        && starts_upper
        && !all_generic
        && !sentence_case
        && letters >= 2
        && !p.contains("http")
        && !p.contains(".."))
    .then_some(p)
}

/// A sender's name written in front without a colon, as short codes send it: one to three
/// capitalised words, then a capitalised word that opens a sentence ("Cox You've used 80%",
/// "KBC We have placed", "Absa Instant Life Do you qualify"). Not greetings or generic words.
fn lead_name(text: &str, l: &Lists) -> Option<String> {
    // Words as written: "PRIVATE! Your ..." and "Y'ello! This ..." are exclamations, not names.
    let toks: Vec<&str> = text.split_whitespace().take(4).collect();
    let clean = |t: &str| -> String {
        t.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let name_like = |t: &str| {
        let alpha = t.chars().filter(|c| c.is_alphabetic()).count();
        t.chars().next().is_some_and(char::is_uppercase)
            && alpha >= 2
            && !redaction(t) // "XXXXX Hello ..."
            && t.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '&' | '\'' | '-'))
            && {
                let c = clean(t);
                !l.generic.contains(&c) && !l.openers.contains(&c)
            }
    };
    for n in 1..=3.min(toks.len().saturating_sub(1)) {
        if !toks[..n].iter().all(|t| name_like(t)) {
            return None;
        }
        let next = toks[n];
        let opens = next.chars().next().is_some_and(char::is_uppercase)
            && l.openers.contains(&clean(next).replace('\'', ""));
        if opens {
            return Some(toks[..n].join(" "));
        }
    }
    None
}

/// [`find_sender`] with the text's folded words when the caller has them already.
pub(crate) fn find_sender_in(
    text: &str,
    words: Option<&Words>,
    brand: Option<&str>,
    from_header: Option<&str>,
) -> Sender {
    let brand = brand.map(str::trim).filter(|b| !b.is_empty());
    let owned;
    let tw = match words {
        Some(w) => &w.words,
        None => {
            owned = Words::new(text).words;
            &owned
        }
    };
    if let Some(b) = brand {
        let full = Words::new(b).words;
        // The name without its legal form or article ("Acme Pizza LLC", "The Acme Company"),
        // as messages sign it; the whole name still counts first.
        let legal = &lists().legal_form;
        let mut core: &[String] = &full;
        while core.len() > 1 && legal.contains(core[core.len() - 1].as_str()) {
            core = &core[..core.len() - 1];
        }
        while core.len() > 1 && legal.contains(core[0].as_str()) {
            core = &core[1..];
        }
        if core.len() == 1 && legal.contains(core[0].as_str()) {
            core = &full;
        }
        if core.is_empty() {
            return Sender::missing();
        }
        if [&full[..], core]
            .iter()
            .any(|bw| tw.windows(bw.len()).any(|w| w == *bw))
        {
            return Sender::found(b.to_string(), "brand");
        }
        let bw = core;
        let joined: String = bw.concat();
        if joined.len() >= 3 {
            for t in raw_tokens(text) {
                if (is_url(t) || t.contains('@'))
                    && url_host(t).replace(['-', '.'], "").contains(&joined)
                {
                    return Sender::found(t.to_string(), "domain");
                }
            }
            if let Some(f) = from_header {
                let fw = Words::new(f).words;
                if fw.windows(bw.len()).any(|w| w == bw)
                    || f.to_ascii_lowercase()
                        .replace(['-', '.'], "")
                        .contains(&joined)
                {
                    return Sender::found(f.trim().to_string(), "header");
                }
            }
        }
        return Sender::missing();
    }
    if let Some(f) = from_header
        .map(str::trim)
        .filter(|f| f.contains('@') || !f.is_empty())
    {
        let name = f.split('<').next().unwrap_or("").trim().trim_matches('"');
        let name = if name.is_empty() {
            f.trim_matches(['<', '>'])
        } else {
            name
        };
        return Sender::found(name.to_string(), "header");
    }
    if let Some(p) = prefix_name(text) {
        return Sender::found(p.to_string(), "prefix");
    }
    let l = lists();
    // In a text written in capitals every word looks like a name: only the prefix counts there
    // ("QUIT SMOKING WITH OUR NEW PROGRAM" names no one), or a name that stands out by its
    // lower case ("Fristbank Your Acct ... Has Been Credited").
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let shouting = letters.iter().filter(|c| c.is_uppercase()).count() * 2 > letters.len();
    if let Some(name) =
        lead_name(text, l).filter(|n| !shouting || n.chars().any(char::is_lowercase))
    {
        return Sender::found(name, "prefix");
    }
    let toks = raw_tokens(text);
    let is_name = |t: &str| {
        let first = t.chars().next();
        let alpha = t.chars().filter(|c| c.is_alphabetic()).count();
        first.is_some_and(|c| c.is_uppercase())
            && alpha >= 2
            && !shouting
            && !t.chars().any(|c| c.is_ascii_digit())
            && !t.contains('.')
            && !t.split('-').all(redaction) // "from XX-XX-XXXX"
            && !l.generic.contains(&t.to_lowercase())
    };
    // "from Acme", "Thanks, Acme", "Regards Acme", "- Acme Team"
    for (i, _) in toks.iter().enumerate() {
        for cue in &l.cues {
            let n = cue.len();
            if i + n > toks.len() {
                continue;
            }
            if toks[i..i + n]
                .iter()
                .zip(cue)
                .all(|(t, c)| t.to_lowercase() == *c)
            {
                // A sign-off opening the text with no comma after it is a name's first word
                // ("Best Buy Black Friday deals", "Love Island is back"), not a sign-off.
                let opens_name = i == 0
                    && n == 1
                    && cue[0] != "from"
                    && after_token(text, toks[0]).starts_with(' ');
                if opens_name {
                    continue;
                }
                // Up to three name words, and "of" or "&" between two ("Bank of America");
                // "for" too in a political committee's name ("Paid for by Citizens for Parks").
                let committee = cue[0] == "paid";
                let rest = &toks[i + n..];
                let mut end = 0;
                let mut named = 0;
                while named < 3 && end < rest.len() {
                    if is_name(rest[end]) {
                        named += 1;
                        end += 1;
                        if ends_sentence(text, rest[end - 1]) {
                            break; // "Thanks for subscribing to Acme News! Get 20% off"
                        }
                    } else if named > 0
                        && (matches!(rest[end], "of" | "&") || (committee && rest[end] == "for"))
                        && rest.get(end + 1).is_some_and(|t| is_name(t))
                    {
                        end += 1;
                    } else {
                        break;
                    }
                }
                let name = &rest[..end];
                // "Love, Acme" signs; "Try the LOVE METER to ..." does not.
                let loose = n == 1 && l.loose_cues.contains(&cue[0]);
                if loose && !name.is_empty() {
                    let after_cue = after_token(text, toks[i]);
                    let after_name = after_token(text, name[name.len() - 1]);
                    let signs = after_cue.starts_with([',', '\n'])
                        || after_name.chars().all(|c| !c.is_alphanumeric());
                    if !signs {
                        continue;
                    }
                }
                if !name.is_empty() {
                    let how = if cue[0] == "from" {
                        "from"
                    } else {
                        "signature"
                    };
                    return Sender::found(name.join(" "), how);
                }
                // "Acme Team": the name before the cue.
                if cue[0] == "team" && i > 0 && is_name(toks[i - 1]) {
                    return Sender::found(format!("{} Team", toks[i - 1]), "signature");
                }
            }
        }
    }
    let signed = |body: &str| {
        let body = body.trim_end();
        let last = body.rsplit(['\n', '-', '~']).next()?;
        let sig = last.trim();
        let w: Vec<&str> = sig.split_whitespace().collect();
        let before = body.len() - last.len();
        let dashed = before > 0 && matches!(body.as_bytes()[before - 1], b'-' | b'~');
        (dashed && (1..=3).contains(&w.len()) && w.iter().all(|t| is_name(t)))
            .then(|| sig.to_string())
    };
    // "... -Acme Pizza. Reply STOP to opt out": a signature before the opt-out sentence.
    let before_footer = || {
        let t = text.trim_end().trim_end_matches(['.', '!']);
        // A sentence's end: a stop before a space ("acme.info" is no end), or a line break.
        let b = t.as_bytes();
        let i = (0..b.len()).rev().find(|&i| {
            b[i] == b'\n' || (matches!(b[i], b'.' | b'!') && b.get(i + 1) == Some(&b' '))
        })?;
        super::optout::find_opt_out(&t[i + 1..])
            .present
            .then(|| &t[..i])
    };
    // "... kind actions. - Bryant McGill": a saying's author, not its sender (a quotation has
    // no number or link, as the classifier reads daily quotes); "- Acme Support" signs.
    let quotation = || {
        super::classify::attributed(text)
            && !text.chars().any(|c| c.is_ascii_digit())
            && !toks.iter().any(|t| is_url(t))
    };
    let organisation = |sig: &str| {
        sig.split_whitespace()
            .any(|w| l.org_words.contains(&w.to_lowercase()))
    };
    if let Some(sig) = signed(text).filter(|sig| organisation(sig) || !quotation()) {
        return Sender::found(sig, "signature");
    }
    if let Some(sig) = before_footer().and_then(signed) {
        return Sender::found(sig, "signature");
    }
    // The sender's own domain ("acme.com/sale"), as the labelling conventions count it; not a
    // public shortener (it hides the owner), not a look-alike ("acme-secure-login.com"), and
    // not a bare scheme or an IP address.
    for t in &toks {
        if !is_url(t) || t.contains('@') || super::classify::is_shortener(t) {
            continue;
        }
        let host = url_host(t);
        // A dotted host with a letter in it (an IP address has none).
        let named = host.contains('.') && host.chars().any(|c| c.is_ascii_alphabetic());
        // "this Easter.Be armed": two sentences run together, not a domain.
        let run_together = t.rsplit('.').next().is_some_and(|tld| {
            tld.len() == 2
                && tld.starts_with(char::is_uppercase)
                && tld[1..].chars().all(char::is_lowercase)
        });
        if named
            && !run_together
            && !crate::signals::lure_domain(&host)
            && !throwaway_host(&host)
            && !l.chat_hosts.contains(&host)
        {
            return Sender::found(host, "domain");
        }
    }
    // A well-known brand named anywhere ("Your Netflix account", "Tu código Uber"): brands
    // that a message claims count, as the labelling conventions say (`brand` rows of
    // sender_words.tsv).
    for (i, w) in tw.iter().enumerate() {
        if let Some(names) = l.brands.get(w) {
            if let Some(b) = names.iter().find(|b| tw[i..].starts_with(b)) {
                return Sender::found(b.join(" "), "known");
            }
        }
    }
    // The tokens in lower case, once, for the scans below (most texts get this far).
    let low: Vec<String> = toks.iter().map(|t| t.to_lowercase()).collect();
    // A link whose dots were stripped ("httpwwwaskmegrocerycom", "wwwpizzahutcoin", as some
    // corpora store texts): the name between "www" and the first top-level domain.
    for lt in &low {
        let rest = lt
            .trim_start_matches("https")
            .trim_start_matches("http")
            .strip_prefix("www");
        let Some(rest) =
            rest.filter(|r| !r.contains('.') && r.chars().all(|c| c.is_ascii_alphanumeric()))
        else {
            continue;
        };
        let cut = ["com", "net", "org", "coin", "couk"]
            .iter()
            .filter_map(|tld| rest.get(3..)?.find(tld).map(|k| (k + 3, *tld)))
            .min();
        if let Some((k, tld)) = cut {
            let tld = match tld {
                "coin" => "co.in",
                "couk" => "co.uk",
                other => other,
            };
            let host = format!("{}.{}", &rest[..k], tld);
            if !super::classify::is_shortener(&host) && !throwaway_host(&host) {
                return Sender::found(host, "domain");
            }
        }
    }
    // "Dear HDFC Bank customer", "Dear esteemed NCS member": whose customers are addressed.
    for (i, w) in tw.iter().enumerate() {
        if w != "dear" {
            continue;
        }
        let Some((end, _)) = (i + 2..(i + 5).min(tw.len()))
            .flat_map(|e| l.customer_words.iter().map(move |c| (e, c)))
            .find(|(e, c)| tw[*e..].starts_with(c))
        else {
            continue;
        };
        let name: Vec<&str> = tw[i + 1..end]
            .iter()
            .map(String::as_str)
            .filter(|w| !l.customer_kinds.contains(*w) && !l.generic.contains(*w))
            .collect();
        if name
            .iter()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        {
            return Sender::found(name.join(" "), "customer");
        }
    }
    // "Your Swiss Post parcel", "your Vi Sim": the business that holds what the reader holds,
    // in capitals (a kind of thing, "Your ATM card", names no one).
    let plain = |t: &str| t.to_lowercase().replace('.', "");
    for (i, t) in toks.iter().enumerate() {
        if !t.eq_ignore_ascii_case("your") {
            continue;
        }
        let Some(end) =
            (i + 2..(i + 5).min(toks.len())).find(|&e| l.owned_things.contains(&plain(toks[e])))
        else {
            continue;
        };
        let words = &toks[i + 1..end];
        // Capitalised words, not a number or a redaction ("your LP995215701FR package").
        if !words.iter().all(|w| {
            w.starts_with(char::is_uppercase)
                && !w.chars().any(|c| c.is_ascii_digit())
                && !redaction(w)
        }) {
            continue;
        }
        let name: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| {
                let w = plain(w);
                !l.customer_kinds.contains(&w)
                    && !l.generic.contains(&w)
                    && !l.owned_things.contains(&w)
                    && !l.company_lead.contains(&w)
            })
            .collect();
        if name
            .iter()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        {
            return Sender::found(name.join(" "), "customer");
        }
    }
    // A company named by its legal form anywhere ("... NTT Ltd, PO Box 1327"): up to three
    // capitalised words before it, less a leading word that only links ("WITH GMG NIG LTD");
    // not a stock a tip names ("BUY SUNSTAR REALTY LTD") or a merchant paid.
    let mark = |k: usize| l.company_marks.contains(low[k].trim_end_matches('.'));
    let other = |k: usize| l.company_other.contains(&low[k]);
    let mut i = 1;
    while i < toks.len() {
        if !mark(i) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end + 1 < toks.len() && mark(end + 1) {
            end += 1; // "Pvt Ltd", "Sdn Bhd"
        }
        let mut start = i;
        while start > 0 && i - start < 3 {
            let w = toks[start - 1];
            let alpha = w.chars().filter(|c| c.is_alphabetic()).count();
            // Capitalised, and not a redaction ("XXXX Pty Ltd").
            if !(w.chars().next().is_some_and(char::is_uppercase) && alpha >= 2) || redaction(w) {
                break;
            }
            start -= 1;
        }
        let mut someone_else =
            (start > 0 && other(start - 1)) || (end + 1 < toks.len() && other(end + 1));
        while start < i && {
            let w = &low[start];
            someone_else |= other(start);
            l.company_lead.contains(w) || l.generic.contains(w) || l.joiners.contains(w)
        } {
            start += 1;
        }
        someone_else |= (start..i).any(other);
        if start < i && !someone_else {
            return Sender::found(toks[start..=end].join(" "), "company");
        }
        i = end + 1;
    }
    // "SavaMob POBOX84", "Gsex POBOX 2667": the name a postal box is given under.
    for i in 1..toks.len() {
        let boxed = low[i].starts_with("pobox")
            || l.pobox
                .iter()
                .any(|p| p.len() > 1 && low[i..].iter().take(p.len()).eq(p.iter()));
        let w = toks[i - 1];
        let alpha = w.chars().filter(|c| c.is_alphabetic()).count();
        if boxed
            && w.starts_with(char::is_uppercase)
            && alpha >= 2
            && !w.chars().any(|c| c.is_ascii_digit())
            && !redaction(w)
            && !l.generic.contains(&low[i - 1])
            && !l.company_lead.contains(&low[i - 1])
        {
            return Sender::found(w.to_string(), "company");
        }
    }
    Sender::missing()
}

/// A host no one would read as a name: its registered label is one letter, a bare "com" left
/// by a split link ("com.au"), or a short mix of letters and digits ("6j5.nl", "yegkl8.com",
/// "1ji.me"), as throwaway scam domains are; brands with a digit are mostly longer ("99acres").
fn throwaway_host(host: &str) -> bool {
    let Some(label) = crate::signals::registrable_label(host) else {
        return false;
    };
    let digits = label.chars().filter(char::is_ascii_digit).count();
    let letters = label.chars().filter(char::is_ascii_alphabetic).count();
    label.len() <= 1
        || matches!(label, "com" | "co" | "net" | "org")
        || ((3..=6).contains(&label.len()) && digits > 0 && letters > 0)
}

/// Contact details found in a text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub url: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// A postal address: street or PO box, with a postcode nearby.
    pub postal: Option<String>,
}

impl Contact {
    /// A phone number, email or web address.
    pub fn reachable(&self) -> bool {
        self.url.is_some() || self.email.is_some() || self.phone.is_some()
    }
}

fn numberish(t: &str) -> bool {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0
        && digits <= 6
        && t.chars()
            .skip(digits)
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c.is_ascii_digit())
        && t.len() <= 9
}

fn is_postcode(toks: &[&str], i: usize, l: &Lists) -> bool {
    let t = toks[i];
    let next = toks.get(i + 1).copied().unwrap_or("");
    let up = |s: &str| s.chars().all(|c| c.is_ascii_uppercase());
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    // US: "CA 94103" or "CA 94103-1234"
    if l.us_states.contains(t)
        && (digits(next, 5) || {
            // ZIP+4, read as bytes: a multi-byte character is never cut ("IL 1234С6789").
            let b = next.as_bytes();
            b.len() == 10 && b[5] == b'-' && b[..5].iter().chain(&b[6..]).all(u8::is_ascii_digit)
        })
    {
        return true;
    }
    // Australia: "NSW 2000"
    if l.au_states.contains(t) && digits(next, 4) {
        return true;
    }
    let b = t.as_bytes();
    // Canada: "K1A 0B6" (or "ON K1A 0B6")
    let ca1 = |s: &[u8]| {
        s.len() == 3
            && s[0].is_ascii_uppercase()
            && s[1].is_ascii_digit()
            && s[2].is_ascii_uppercase()
    };
    let ca2 = |s: &[u8]| {
        s.len() == 3 && s[0].is_ascii_digit() && s[1].is_ascii_uppercase() && s[2].is_ascii_digit()
    };
    if (ca1(b) && ca2(next.as_bytes())) || (b.len() == 6 && ca1(&b[..3]) && ca2(&b[3..])) {
        return true;
    }
    // UK: "SW1A 1AA", "CR9 5WB"
    let outward = (2..=4).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b.iter().all(u8::is_ascii_alphanumeric)
        && b.iter().any(u8::is_ascii_digit)
        && up(&t[..1]);
    let nb = next.as_bytes();
    let inward = nb.len() == 3
        && nb[0].is_ascii_digit()
        && nb[1].is_ascii_uppercase()
        && nb[2].is_ascii_uppercase();
    if outward && inward {
        return true;
    }
    // Netherlands: "1017 AB"
    if digits(t, 4) && next.len() == 2 && up(next) {
        return true;
    }
    // Continental Europe: "10115 Berlin", "75001 Paris", "D-10115"
    let city = next.chars().next().is_some_and(char::is_uppercase)
        && next.chars().skip(1).all(|c| c.is_lowercase() || c == '-');
    if (digits(t, 5) || digits(t, 4)) && city && next.len() >= 3 {
        return true;
    }
    false
}

/// Contact details in a text (linear).
pub fn find_contact(text: &str) -> Contact {
    find_contact_with(text, true)
}

/// [`find_contact`], looking for a postal address only when `postal` (SMS checks do not need
/// one: a link to the details is enough there).
pub(crate) fn find_contact_with(text: &str, postal: bool) -> Contact {
    let l = lists();
    let toks = raw_tokens(text);
    let mut c = Contact::default();
    for t in &toks {
        if c.email.is_none() {
            if let Some((user, domain)) = t.trim_start_matches("mailto:").split_once('@') {
                if !user.is_empty() && domain.contains('.') && !domain.ends_with('.') {
                    c.email = Some(t.trim_start_matches("mailto:").to_string());
                    continue;
                }
            }
        }
        if c.url.is_none() && is_url(t) && !t.contains('@') {
            c.url = Some(t.to_string());
        }
    }
    // Phone numbers: 7 to 15 digits with the usual separators ("1-800-555-0100",
    // "(02) 9999 9999", "+44 20 7946 0000"); `X` masks count as digits (corpora mask them).
    let chars: Vec<char> = if text.bytes().any(|b| b.is_ascii_digit() || b == b'X') {
        text.chars().collect()
    } else {
        Vec::new()
    };
    let mut i = 0;
    while i < chars.len() && c.phone.is_none() {
        if chars[i].is_ascii_digit() || chars[i] == '+' || chars[i] == '(' {
            let start = i;
            let mut digits = 0;
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_ascii_digit()
                    || chars[j] == 'X'
                    || (matches!(chars[j], ' ' | '-' | '.' | '(' | ')' | '+')
                        && chars
                            .get(j + 1)
                            .is_some_and(|n| n.is_ascii_digit() || *n == 'X' || *n == '(')))
            {
                if chars[j].is_ascii_digit() || chars[j] == 'X' {
                    digits += 1;
                }
                j += 1;
            }
            let before_ok = start == 0 || !chars[start - 1].is_alphanumeric();
            let after_ok = j >= chars.len() || !chars[j].is_alphanumeric();
            if (7..=15).contains(&digits) && before_ok && after_ok {
                c.phone = Some(
                    chars[start..j]
                        .iter()
                        .collect::<String>()
                        .trim()
                        .to_string(),
                );
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    if !postal {
        return c;
    }
    // Postal address: a street (number + street word, "Musterstraße 12") or a PO box, with a
    // postcode within 15 tokens.
    let lower: Vec<String> = toks
        .iter()
        .map(|t| t.to_lowercase().replace('.', ""))
        .collect();
    let mut anchors: Vec<usize> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let w = &lower[i];
        let street_after = (i + 1..(i + 5).min(toks.len())).any(|k| l.street.contains(&lower[k]));
        if numberish(t) && street_after {
            anchors.push(i);
            continue;
        }
        let number_after = toks.get(i + 1).is_some_and(|n| numberish(n));
        if number_after
            && l.street_suffix
                .iter()
                .any(|s| w.len() > s.len() + 2 && w.ends_with(s.as_str()))
        {
            anchors.push(i);
            continue;
        }
        if matches!(
            w.as_str(),
            "via" | "calle" | "avenida" | "rua" | "corso" | "piazza" | "viale" | "rue"
        ) && (i + 1..(i + 5).min(toks.len())).any(|k| numberish(toks[k]))
        {
            anchors.push(i);
            continue;
        }
        for p in &l.pobox {
            let n = p.len();
            if i + n < toks.len() + 1 && lower[i..(i + n).min(lower.len())] == p[..] {
                let num = (i + n..(i + n + 2).min(toks.len()))
                    .any(|k| toks[k].chars().any(|c| c.is_ascii_digit()));
                if num {
                    anchors.push(i);
                }
            }
        }
    }
    for &a in &anchors {
        let lo = a.saturating_sub(6);
        let hi = (a + 16).min(toks.len());
        let after = (a + 1..hi).find(|&k| is_postcode(&toks, k, l));
        if let Some(p) = after.or_else(|| (lo..a).find(|&k| is_postcode(&toks, k, l))) {
            let end = (p + 2).min(toks.len());
            c.postal = Some(toks[a.min(p)..end].join(" "));
            break;
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        for (t, want) in [
            ("Acme Inc, 123 Main Street, Springfield, IL 62701", true),
            (
                "Acme, 1600 Amphitheatre Pkwy, Mountain View, CA 94043-1351",
                true,
            ),
            ("NTT Ltd, PO Box 1327 Croydon CR9 5WB", true),
            ("Acme GmbH, Musterstraße 12, 10115 Berlin", true),
            ("Acme Pty Ltd, Level 5, 10 George St, Sydney NSW 2000", true),
            ("Acme, 100 Queen St W, Toronto, ON M5H 2N2", true),
            ("Acme BV, Keizersgracht 123, 1015 CJ Amsterdam", true),
            ("Acme SARL, 12 rue de Rivoli, 75001 Paris", true),
            ("Call us on 0800 123 4567 or visit acme.com", false),
            ("Get 20% off 2 items today only", false),
            ("Your code is 123456 valid for 10 minutes", false),
            // ZIP+4 read as bytes: a Cyrillic letter inside the first five once cut a
            // character in two (found by `make fuzz`).
            ("Acme, 1 Main St, Springfield, IL 1234С6789", false),
            ("Acme, 1 Main St, Springfield, IL 62701-1234", true),
        ] {
            assert_eq!(
                find_contact(t).postal.is_some(),
                want,
                "{t}: {:?}",
                find_contact(t)
            );
        }
    }

    #[test]
    fn phones_emails_links() {
        let c =
            find_contact("Questions? Call 1-800-555-0100 or email help@acme.com, acme.com/help");
        assert_eq!(c.phone.as_deref(), Some("1-800-555-0100"));
        assert_eq!(c.email.as_deref(), Some("help@acme.com"));
        assert_eq!(c.url.as_deref(), Some("acme.com/help"));
        assert!(find_contact("Use code 123456").phone.is_none());
    }

    #[test]
    fn senders() {
        assert_eq!(
            find_sender("Acme: 20% off today", None, None).how,
            Some("prefix")
        );
        assert_eq!(
            find_sender("REMINDER: your appointment", None, None).how,
            None
        );
        assert_eq!(
            find_sender("Hello from Orange. Free games", None, None)
                .name
                .as_deref(),
            Some("Orange")
        );
        assert_eq!(
            find_sender("Sale today. Thanks, Acme Shoes", None, None)
                .name
                .as_deref(),
            Some("Acme Shoes")
        );
        // Without a brand, the sender's own domain counts; a shortener or a look-alike does not.
        assert_eq!(
            find_sender("Big sale at acme.com today", None, None).how,
            Some("domain")
        );
        for lure in [
            "Sale at bit.ly/3xYz today",
            "Verify now at acme-secure-login.com",
        ] {
            assert!(!find_sender(lure, None, None).identified, "{lure}");
        }
        assert!(find_sender("Big sale at acme.com today", Some("Acme"), None).identified);
        let s = find_sender("ACME SHOES: new in", Some("Acme Shoes"), None);
        assert_eq!(s.how, Some("brand"));
        assert!(!find_sender("New in today", Some("Acme"), None).identified);
        assert_eq!(
            find_sender("Shop acmeshoes.com now", Some("Acme Shoes"), None).how,
            Some("domain")
        );
    }

    #[test]
    fn senders_named_before_a_footer_after_a_cue_or_after_from() {
        let name = |t: &str| find_sender(t, None, None).name;
        for t in [
            "20% off today at our store. -Acme Pizza. Reply STOP to opt out",
            "20% off today at our store - Acme Pizza. Reply STOP to opt out.",
            "Your friends at Acme Pizza: 20% off today",
            "Thanks for shopping with Acme Pizza! 20% off your next visit",
        ] {
            assert_eq!(name(t).as_deref(), Some("Acme Pizza"), "{t}");
        }
        assert_eq!(name("From Acme: 20% off today").as_deref(), Some("Acme"));
        // A stop inside a domain is no sentence end: "Sleep-So-Good.info" signs nothing.
        assert_ne!(
            name("Best invention in Sleep-So-Good.info txt STOP to 80010").as_deref(),
            Some("Good")
        );
        assert!(
            !find_sender("Call 555-0100 to book. Reply STOP to opt out", None, None).identified
        );
    }

    #[test]
    fn a_brand_matches_without_its_legal_form() {
        let text = "Acme Pizza: 20% off today. Reply STOP to opt out";
        for brand in [
            "Acme Pizza LLC",
            "Acme Pizza, Inc.",
            "The Acme Pizza Company",
        ] {
            assert_eq!(
                find_sender(text, Some(brand), None).how,
                Some("brand"),
                "{brand}"
            );
        }
        assert_eq!(
            find_sender("Shop acmepizza.com/deals", Some("Acme Pizza Ltd"), None).how,
            Some("domain")
        );
        // A name that is only legal words is matched whole, never as "the".
        assert!(!find_sender("The best deals", Some("The Company"), None).identified);
        assert!(!find_sender("Beta Pizza: 20% off", Some("Acme Pizza LLC"), None).identified);
    }

    /// Each text's sender name, as `find_sender` reads it with no brand given.
    fn names_read_as(cases: &[(&str, Option<&str>)]) {
        for (t, want) in cases {
            assert_eq!(find_sender(t, None, None).name.as_deref(), *want, "{t}");
        }
    }

    #[test]
    fn a_company_named_by_its_legal_form_or_postal_box() {
        names_read_as(&[
            (
                "Just 20p per min NTT Ltd, PO Box 1327 Croydon",
                Some("NTT Ltd"),
            ),
            (
                "A CHAT SECTION WITH GMG NIG LTD ON WED",
                Some("GMG NIG LTD"),
            ),
            (
                "you won the draw of Snapdeal Online Shopping Pvt Ltd. Call now",
                Some("Snapdeal Online Shopping Pvt Ltd"),
            ),
            // A stock a tip names, a merchant paid, VAT included, a redaction: no sender.
            (
                "BUY SUNSTAR REALTY DEVELOPMENT LTD BSE Code 123 TGT 20",
                None,
            ),
            ("SHRI KRISHNA PRASADAM LTD BSE CODE 5 MAKE HIGH", None),
            ("Payment to Merchant Hum Mart Pvt Ltd failed", None),
            ("GANA 300.000 SMS 150 IVA INC. ENVIA SALIR", None),
            ("interview at XXXX Pty Ltd on Monday", None),
            // The name a postal box is given under; not the terms or an envelope.
            ("Costs 20p/min Gsex POBOX 2667 WC1N 3XX", Some("Gsex")),
            (
                "Text SHOP to 85023! T Cs SavaMob PO Box 84, M26 3UZ",
                Some("SavaMob"),
            ),
            ("Holiday await collection. T&Cs SAE PO Box 177 M227XY", None),
            // A link stored with its dots stripped.
            (
                "hurry sale today visit httpwwwaskmegrocerycom",
                Some("askmegrocery.com"),
            ),
            (
                "two pan pizzas for rs each order wwwpizzahutcoin tc",
                Some("pizzahut.co.in"),
            ),
            ("we met at the fair, nice people", None),
        ]);
    }

    #[test]
    fn a_throwaway_domain_or_a_redaction_names_no_one() {
        for (t, named) in [
            (
                "Your bill is paid. Here's a little gift for you yegkl8.com/EMYVSZ5UC5",
                false,
            ),
            ("Follow the instruction here 6j5.nl/sclr5", false),
            ("Win Real Cash 1ji.me/p/ileXC", false),
            ("chat V.com/s/941", false),
            // A chat link, two sentences run together, a redaction after "from".
            (
                "Work from home, daily salary. Contact wa.me/ 6584028568",
                false,
            ),
            ("Enjoy this Easter.Be armed with words of faith", false),
            // A saying's author; an organisation's signature still signs.
            (
                "Sorrow looks back, Worry looks around, Faith looks up - Ralph Waldo Emerson",
                false,
            ),
            (
                "Your ballot has been received and will be counted. - County Elections Office",
                true,
            ),
            (
                "Your data balance is 50 MB.To buy more, text HELP to 229",
                false,
            ),
            ("You must pay contactless from XX-XX-XXXX", false),
            ("Shop the sale at acmeshoes.com/sale", true),
            ("Find a home on 99acres.com today", true),
        ] {
            assert_eq!(find_sender(t, None, None).identified, named, "{t}");
        }
    }

    #[test]
    fn love_and_best_sign_only_as_a_sign_off() {
        names_read_as(&[
            (
                "Try out today the LOVE METER to see if you match! Send your names to 33550",
                None,
            ),
            ("For Best Data offers, dial *777# for FREE", None),
            (
                "See you at the open day.\nLove, Acme Bakery",
                Some("Acme Bakery"),
            ),
            (
                "New scarves are in. Best, Acme Boutique",
                Some("Acme Boutique"),
            ),
            (
                "Our autumn menu is here. Best Acme Bistro",
                Some("Acme Bistro"),
            ),
        ]);
    }

    #[test]
    fn whose_customers_are_addressed_or_hold_something() {
        names_read_as(&[
            (
                "Dear Stress Management customer, your balance is low",
                Some("stress management"),
            ),
            (
                "Dear esteemed NCS member, thank you for coming",
                Some("ncs"),
            ),
            (
                "DEAR ABSA CLIENT YOUR ACCOUNT HAS BEEN LOCKED",
                Some("absa"),
            ),
            // A kind of customer names no one.
            ("Dear Valued Customer, your bill is ready", None),
            ("Dear prepaid SIM user, recharge today", None),
            (
                "Your Swiss Post parcel is waiting for delivery",
                Some("Swiss Post"),
            ),
            ("Your ING account needs to be verified again", Some("ING")),
            // What kind of thing, a tracking number, a month: no one.
            ("Your ATM Debit card will be blocked today", None),
            ("We tried to deliver your LP995215701FR package", None),
            ("Cashback of 10 CAD on your January bill", None),
        ]);
    }

    #[test]
    fn a_bare_name_before_a_greeting_or_a_request() {
        names_read_as(&[
            (
                "DiDi Hey Ronny, it's our first birthday! Use code GIFT50",
                Some("DiDi"),
            ),
            (
                "Nedbank Validate your account to avoid suspension",
                Some("Nedbank"),
            ),
            ("Pontofrio Hey, Black Friday ends today", Some("Pontofrio")),
            // Headlines, greetings and redactions are not names.
            ("Congratulation Your number is selected for Rs 2000", None),
            ("XXXXX Hello Your Callertunes are active", None),
            ("Kindly Verify your details today", None),
        ]);
    }
}
