//! Text normalisation for matching replies, in one linear pass.
//!
//! Owns: turning raw reply text into (a) the `normalized` string shown to callers: NFKC,
//! default-ignorable and format characters removed, every Unicode space a single ASCII space,
//! lower case, curly quotes made straight, surrounding punctuation, quotes and emoji trimmed;
//! and (b) word tokens in a matching form that also folds accents (ARRÊT = ARRET) and
//! look-alike letters in mixed-script words (Cyrillic "ЅТОР" = STOP), letter-like symbols
//! (🆂, Cherokee Ꮪ) and text under a right-to-left override, read in the order it is shown
//! (the detector reads the order typed as well, without the override).
//! Must not: decide intent. It knows characters; the keyword table is consulted only to tell
//! a disguise from ordinary text (digits for letters, "5T0P"; regional-indicator letters,
//! "🇸🇹🇴🇵", versus flags).

use crate::unicode::{ccc as canonical_combining_class, decompose};

use super::tables::Tables;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// Letters and digits (Latin, Cyrillic, Arabic, Devanagari, ...).
    Word,
    /// Digits only.
    Number,
    /// A run of Han, kana or Hangul characters (no spaces between words there).
    Cjk,
    /// A single emoji.
    Emoji(char),
    /// A sentence end (. ! ? ; …).
    End,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub(crate) start: u32,
    pub(crate) end: u32,
    pub(crate) kind: TokKind,
    /// Every letter was upper case in the input ("EVERTON"), with at least two letters.
    pub(crate) caps: bool,
    /// Only the first of two or more letters was upper case ("Zara", "Domino's").
    pub(crate) title: bool,
    /// Index of the sentence the token is in.
    pub(crate) sentence: u32,
    /// A comma, colon, bracket or line break stands between this token and the one before:
    /// "for this, remove me" reads "remove me" apart from "this".
    pub(crate) clause: bool,
    /// Part of an email address ("john.doe@example.com": its run of text holds an `@`).
    pub(crate) contact: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Normalized {
    pub(crate) display: String,
    /// Matching forms of word tokens separated by single spaces; `Tok` ranges index into it,
    /// so consecutive words `i..j` are the slice from the start of `i` to the end of `j - 1`.
    pub(crate) fold: String,
    pub(crate) tokens: Vec<Tok>,
    /// A typo was read as the table word it misses a letter of: at most probable.
    pub(crate) typo: bool,
    /// Words of one non-Latin script made only of Latin look-alikes ("не", "мне"), matched
    /// in Latin ("he", "mhe"): their start in `fold` and their own spelling, to show.
    pub(crate) lookalike_words: Vec<(u32, String)>,
}

impl Normalized {
    pub(crate) fn text(&self, t: &Tok) -> &str {
        &self.fold[t.start as usize..t.end as usize]
    }

    /// The word and number tokens; with `cjk`, also the runs of Han, kana or Hangul.
    pub(crate) fn word_tokens(&self, cjk: bool) -> impl Iterator<Item = &Tok> + '_ {
        self.tokens.iter().filter(move |t| match t.kind {
            TokKind::Word | TokKind::Number => true,
            TokKind::Cjk => cjk,
            TokKind::Emoji(_) | TokKind::End => false,
        })
    }
}

/// A combining mark to drop when folding accents. The canonical combining class is non-zero
/// for every accent and diacritic; its table is already in the binary for NFC, where a
/// General_Category table would add size. Marks of class 0 (Indic vowel signs) stay, on both
/// sides of every comparison alike.
fn is_combining_mark(c: char) -> bool {
    !c.is_ascii() && canonical_combining_class(c) != 0
}

/// Default-ignorable and format characters: invisible, used to disguise keywords.
pub(crate) fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}' | '\u{0600}'..='\u{0605}' | '\u{06DD}' | '\u{070F}'
        | '\u{1F3FB}'..='\u{1F3FF}' | '\u{20E3}')
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}' | '\u{3040}'..='\u{30FF}' | '\u{3130}'..='\u{318F}'
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7AF}' | '\u{D7B0}'..='\u{D7FF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// Pictographic emoji and symbols (not letters): separators that are kept as tokens.
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(c,
        '\u{1F000}'..='\u{1F1E5}' | '\u{1F200}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}'
        | '\u{2B00}'..='\u{2BFF}' | '\u{2300}'..='\u{23FF}' | '\u{2190}'..='\u{21FF}'
        | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}' | '\u{00A9}' | '\u{00AE}' | '\u{2122}'
        | '\u{2139}')
}

fn is_sentence_end(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | ';' | '…' | '。' | '！' | '？' | '؟' | '।'
    )
}

fn map_quote(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' | '`'
        | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        c => c,
    }
}

struct Builder<'t> {
    out: Normalized,
    tables: &'t Tables,
    /// Read SMS abbreviations as the words they stand for ("txt" = "text"): for replies. The
    /// tables hold both spellings; outbound features and quotes keep the text's own.
    respell: bool,
    /// Start (in `fold`) of the token being built, its kind and letter statistics.
    cur: Option<(u32, TokKind)>,
    letters: u32,
    upper: u32,
    /// The current word's first letter was upper case.
    first_upper: bool,
    /// Characters of the current word token that are not Latin (for look-alike folding).
    foreign: u32,
    latin: u32,
    pending_dot: bool,
    last_space: bool,
    sentence: u32,
    /// A clause mark was seen since the last word token; `cur_clause` holds it for the token
    /// being built.
    clause: bool,
    cur_clause: bool,
    /// The last character fed was `$`, and the current word came right after one ("$TOP").
    dollar: bool,
    cur_dollar: bool,
    /// First token of the current run of text without spaces, and whether the run holds an
    /// `@` (then its tokens are an email address).
    run_first: usize,
    run_at: bool,
}

/// Digits read as the letters they are written for.
fn unleet(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            '0' => 'o',
            '1' => 'i',
            '3' => 'e',
            '4' => 'a',
            '5' => 's',
            '7' => 't',
            c => c,
        })
        .collect()
}

impl Builder<'_> {
    fn close(&mut self) {
        if let Some((start, kind)) = self.cur.take() {
            let end = self.out.fold.len() as u32;
            if end > start {
                let mut kind = kind;
                if kind == TokKind::Word
                    && self.out.fold[start as usize..]
                        .bytes()
                        .all(|b| b.is_ascii_digit())
                {
                    kind = TokKind::Number;
                }
                if kind == TokKind::Word && self.foreign > 0 {
                    self.fold_lookalikes(start as usize);
                }
                if kind == TokKind::Word {
                    self.fold_leet(start as usize);
                    if self.cur_dollar {
                        self.fold_dollar(start as usize);
                    }
                    // "txt", "msgs": the word an abbreviation stands for (replies only).
                    // A typo of a long table word ("textig", "iterested"): that word.
                    if self.respell {
                        let t = self.tables;
                        let word = &self.out.fold[start as usize..];
                        let meant = match t.spellings.get(word) {
                            Some(m) => Some((m, false)),
                            None if word.len() >= 5 && !t.vocab.contains(word) => {
                                t.typos.get(word).map(|m| (m, true))
                            }
                            None => None,
                        };
                        // A word typed for emphasis only ("stop fucking texting me") means
                        // nothing: it is dropped, and a clause mark it carried goes on.
                        if meant.is_some_and(|(m, _)| m.is_empty()) {
                            let start = start as usize;
                            let spaced = start > 0 && self.out.fold.as_bytes()[start - 1] == b' ';
                            self.out.fold.truncate(start - usize::from(spaced));
                            // (Nor is it shown: the next word will start here.)
                            if self
                                .out
                                .lookalike_words
                                .last()
                                .is_some_and(|w| w.0 as usize == start)
                            {
                                self.out.lookalike_words.pop();
                            }
                            self.clause |= self.cur_clause;
                            self.reset_letters();
                            return;
                        }
                        if let Some((meant, typo)) = meant {
                            self.out.typo |= typo;
                            self.out.fold.truncate(start as usize);
                            self.out.fold.push_str(meant);
                        }
                    }
                }
                let caps = self.letters >= 2 && self.upper == self.letters;
                let title = self.letters >= 2 && self.upper == 1 && self.first_upper;
                let sentence = self.sentence;
                self.out.tokens.push(Tok {
                    start,
                    end: self.out.fold.len() as u32,
                    kind,
                    caps,
                    title,
                    sentence,
                    clause: self.cur_clause,
                    contact: false,
                });
            }
        }
        self.reset_letters();
    }

    fn reset_letters(&mut self) {
        self.letters = 0;
        self.upper = 0;
        self.foreign = 0;
        self.latin = 0;
        self.cur_dollar = false;
    }

    /// "my no.", "ur no.", "this no.": in a reply, "no." after a possessive is "number", and
    /// its dot ends no sentence ("pls remove my no. from ur list").
    fn number_abbreviation(&mut self) -> bool {
        let toks = &self.out.tokens;
        let [.., before, last] = toks.as_slice() else {
            return false;
        };
        let text = |t: &Tok| &self.out.fold[t.start as usize..t.end as usize];
        if !self.respell
            || last.kind != TokKind::Word
            || text(last) != "no"
            || !matches!(
                text(before),
                "my" | "ur" | "your" | "this" | "mob" | "mobile" | "phone"
            )
        {
            return false;
        }
        let start = last.start as usize;
        self.out.fold.truncate(start);
        self.out.fold.push_str("number");
        if let Some(last) = self.out.tokens.last_mut() {
            last.end = self.out.fold.len() as u32;
        }
        true
    }

    /// In a word that mixes Latin with look-alike letters, or is made only of look-alikes,
    /// replace them with the Latin letters they imitate.
    fn fold_lookalikes(&mut self, start: usize) {
        let word = &self.out.fold[start..];
        let all_lookalike = word
            .chars()
            .all(|c| c.is_ascii() || self.tables.confusable(c).is_some());
        // A word in one non-Latin script that is not made only of look-alikes is a real word
        // of that script ("стоп"); leave it alone.
        if self.latin == 0 && !all_lookalike {
            return;
        }
        let mapped: String = word
            .chars()
            .map(|c| self.tables.confusable(c).unwrap_or(c))
            .collect();
        if self.latin == 0 {
            let own = word.to_string();
            self.out.lookalike_words.push((start as u32, own));
        }
        self.out.fold.truncate(start);
        self.out.fold.push_str(&mapped);
    }

    /// Digits written for letters ("5T0P", "UN5UB"): the word is read with letters only when
    /// that spells a keyword, so "10am" and "b4" stay as they are.
    fn fold_leet(&mut self, start: usize) {
        let word = &self.out.fold[start..];
        let b = word.as_bytes();
        if !b.iter().any(u8::is_ascii_digit)
            || b.iter().filter(|x| x.is_ascii_alphabetic()).count() < 2
        {
            return;
        }
        let mapped = unleet(word);
        self.respell_if_keyword(start, mapped);
    }

    /// A dollar sign written for an S ("$TOP", "$T0P"): read as one only when that spells a
    /// keyword, so "$20" and "$ave" stay as they are.
    fn fold_dollar(&mut self, start: usize) {
        let spelled = format!("s{}", unleet(&self.out.fold[start..]));
        self.respell_if_keyword(start, spelled);
    }

    /// Replace the word from `start` with `spelled` when that is a keyword.
    fn respell_if_keyword(&mut self, start: usize, spelled: String) {
        if self.tables.keywords.contains_key(&spelled) {
            self.out.fold.truncate(start);
            self.out.fold.push_str(&spelled);
        }
    }

    fn push_display(&mut self, c: char) {
        if c == ' ' {
            if !self.last_space && !self.out.display.is_empty() {
                self.out.display.push(' ');
            }
            self.last_space = true;
        } else {
            for l in c.to_lowercase() {
                let shown = match self.tables.confusable_always(l) {
                    Some(a) if !is_regional(l) => a,
                    _ => l,
                };
                self.out.display.push(shown);
            }
            self.last_space = false;
        }
    }

    /// Append the matching form of one word character: lower case, accents removed, a few
    /// script-specific spellings unified.
    fn push_fold(&mut self, c: char) {
        if c.is_alphabetic() {
            if self.letters == 0 {
                self.first_upper = c.is_uppercase();
            }
            self.letters += 1;
            if c.is_uppercase() {
                self.upper += 1;
            }
        }
        for l in c.to_lowercase() {
            if l.is_ascii() {
                self.latin += u32::from(l.is_ascii_alphabetic());
                self.out.fold.push(l);
                continue;
            }
            if let Some(a) = self.tables.confusable_always(l) {
                self.latin += 1;
                self.out.fold.push(a);
                continue;
            }
            if let Some(a) = self.tables.hant(l) {
                self.out.fold.push(a);
                continue;
            }
            let fold = &mut self.out.fold;
            let mut latin = 0;
            let mut foreign = 0;
            decompose(l, false, |d| {
                if is_combining_mark(d) {
                    return;
                }
                let d = match d {
                    '\u{0629}' => '\u{0647}', // teh marbuta -> heh
                    '\u{0649}' => '\u{064A}', // alef maksura -> yeh
                    '\u{0640}' => return,     // tatweel
                    '\u{03C2}' => '\u{03C3}', // final sigma -> sigma, as case folding does
                    'ß' => {
                        fold.push('s');
                        's'
                    }
                    d => d,
                };
                if d.is_ascii_alphabetic() || matches!(d, '\u{00C0}'..='\u{024F}') {
                    latin += 1;
                } else {
                    foreign += 1;
                }
                fold.push(d);
            });
            self.latin += latin;
            self.foreign += foreign;
        }
    }

    /// ASCII letters and digits: the common case, without Unicode tables.
    #[inline]
    fn feed_ascii_word(&mut self, b: u8) {
        if self.pending_dot {
            self.pending_dot = false;
            self.close();
        }
        if !matches!(self.cur, Some((_, TokKind::Word))) {
            self.close();
            if !self.out.fold.is_empty() {
                self.out.fold.push(' ');
            }
            self.cur = Some((self.out.fold.len() as u32, TokKind::Word));
            self.cur_clause = std::mem::take(&mut self.clause);
            self.cur_dollar = std::mem::take(&mut self.dollar);
        }
        let lower = b.to_ascii_lowercase();
        if b.is_ascii_alphabetic() {
            if self.letters == 0 {
                self.first_upper = b.is_ascii_uppercase();
            }
            self.letters += 1;
            self.latin += 1;
            if b.is_ascii_uppercase() {
                self.upper += 1;
            }
        }
        self.out.display.push(char::from(lower));
        self.last_space = false;
        self.out.fold.push(char::from(lower));
    }

    fn feed(&mut self, c: char) {
        if c.is_ascii_alphanumeric() {
            return self.feed_ascii_word(c as u8);
        }
        if is_ignorable(c) {
            return;
        }
        let after_dollar = std::mem::take(&mut self.dollar);
        // A line break separates clauses like a comma does ("I never signed up\nremove me").
        if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}') {
            self.clause = true;
        }
        let c = if c.is_whitespace() { ' ' } else { map_quote(c) };
        // A dot directly followed by a word character was inside a token ("3.5", "a.b.com").
        if self.pending_dot {
            self.pending_dot = false;
            if !c.is_alphanumeric() {
                self.close();
                if !self.number_abbreviation() {
                    self.end_sentence();
                }
            } else {
                self.close();
            }
        }
        if c == '.' {
            self.push_display(c);
            self.pending_dot = true;
            return;
        }
        let cjk = is_cjk(c);
        // Symbols that stand for letters (🇸, 🆂) spell words like letters do.
        // (Regional indicators only in runs of three or more: a pair is a flag; see
        // `spell_regional`.)
        let letter_like = !c.is_ascii()
            && !c.is_alphanumeric()
            && !is_regional(c)
            && self.tables.confusable_always(c).is_some();
        if cjk || c.is_alphanumeric() || letter_like || (is_combining_mark(c) && self.cur.is_some())
        {
            let kind = if cjk { TokKind::Cjk } else { TokKind::Word };
            match self.cur {
                Some((_, k)) if k == kind || (k == TokKind::Word && is_combining_mark(c)) => {}
                _ => {
                    self.close();
                    if !self.out.fold.is_empty() {
                        self.out.fold.push(' ');
                    }
                    self.cur = Some((self.out.fold.len() as u32, kind));
                    self.cur_clause = std::mem::take(&mut self.clause);
                    self.cur_dollar = after_dollar;
                }
            }
            self.push_display(c);
            self.push_fold(c);
            return;
        }
        // Apostrophes and censoring stars inside a word are dropped: "don't" = dont, "f***" = f.
        if (c == '\'' || c == '*') && matches!(self.cur, Some((_, TokKind::Word))) {
            self.push_display(c);
            return;
        }
        // A hyphen after a space is a dash ("STOP - sent from my iPhone"), not "opt-out"'s.
        let dash = c == '-' && self.cur.is_none();
        self.close();
        if c == ' ' {
            self.end_run();
        }
        self.run_at |= c == '@';
        self.dollar = c == '$';
        self.push_display(c);
        if is_emoji(c) {
            let at = self.out.fold.len() as u32;
            let sentence = self.sentence;
            self.out.tokens.push(Tok {
                start: at,
                end: at,
                kind: TokKind::Emoji(c),
                caps: false,
                title: false,
                sentence,
                clause: false,
                contact: false,
            });
        } else if is_sentence_end(c) {
            self.end_sentence();
        } else if matches!(
            c,
            ',' | ':'
                | '('
                | ')'
                | '['
                | ']'
                | '\u{2013}'
                | '\u{2014}'
                | '\u{3001}'
                | '\u{FF0C}'
                | '\u{060C}'
        ) || dash
        {
            self.clause = true;
        }
    }

    /// A space ends a run of text: an `@` in it made its word tokens an email address.
    fn end_run(&mut self) {
        if std::mem::take(&mut self.run_at) {
            for t in &mut self.out.tokens[self.run_first..] {
                t.contact = matches!(t.kind, TokKind::Word | TokKind::Number);
            }
        }
        self.run_first = self.out.tokens.len();
    }

    fn end_sentence(&mut self) {
        if !matches!(
            self.out.tokens.last(),
            Some(Tok {
                kind: TokKind::End,
                ..
            }) | None
        ) {
            let at = self.out.fold.len() as u32;
            let sentence = self.sentence;
            self.out.tokens.push(Tok {
                start: at,
                end: at,
                kind: TokKind::End,
                caps: false,
                title: false,
                sentence,
                clause: false,
                contact: false,
            });
            self.sentence += 1;
        }
    }
}

/// Trim what surrounds the words: spaces, punctuation, quotes, emoji. Keeps the text as is
/// when nothing would remain (an emoji-only reply stays visible).
fn trim_surroundings(s: &str) -> &str {
    let t = s.trim_matches(|c: char| !(c.is_alphanumeric() || is_cjk(c) || is_combining_mark(c)));
    if t.is_empty() {
        s.trim()
    } else {
        t
    }
}

fn is_regional(c: char) -> bool {
    matches!(c, '\u{1F1E6}'..='\u{1F1FF}')
}

/// A run of three or more regional indicators that spells a keyword ("🇸🇹🇴🇵" = STOP) becomes
/// the letters; other runs are flags (🇺🇸, 🇺🇸🇫🇷) and stay emoji.
fn spell_regional(text: &str, tables: &Tables) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|&&c| is_regional(c)).count();
        let word: String = if run >= 3 {
            chars[i..i + run]
                .iter()
                .map(|&c| tables.confusable_always(c).unwrap_or(c))
                .collect()
        } else {
            String::new()
        };
        if run >= 3 && tables.keywords.contains_key(&word) {
            out.push_str(&word);
            i += run;
        } else {
            out.extend(&chars[i..i + run.max(1)]);
            i += run.max(1);
        }
    }
    out
}

/// Text after a right-to-left override (U+202E), up to its pop (U+202C) or the end of the
/// line, reversed into the order it is displayed in. Linear: each character moves once.
fn visual_order(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<char> = Vec::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '\u{202E}' => depth += 1,
            '\u{202C}' | '\n' if depth > 0 => {
                depth = if c == '\n' { 0 } else { depth - 1 };
                if depth == 0 {
                    out.extend(run.drain(..).rev());
                }
                if c == '\n' {
                    out.push(c);
                }
            }
            c if depth > 0 => run.push(c),
            c => out.push(c),
        }
    }
    out.extend(run.drain(..).rev());
    out
}

pub(crate) fn normalize(text: &str, tables: &Tables) -> Normalized {
    normalize_with(text, tables, false)
}

/// [`normalize`] for a reply: SMS abbreviations are also read as the words they stand for.
pub(crate) fn normalize_reply(text: &str, tables: &Tables) -> Normalized {
    normalize_with(text, tables, true)
}

fn normalize_with(text: &str, tables: &Tables, respell: bool) -> Normalized {
    let mut b = Builder {
        respell,
        out: Normalized {
            display: String::with_capacity(text.len()),
            fold: String::with_capacity(text.len()),
            tokens: Vec::with_capacity(8),
            typo: false,
            lookalike_words: Vec::new(),
        },
        tables,
        cur: None,
        letters: 0,
        upper: 0,
        first_upper: false,
        foreign: 0,
        latin: 0,
        pending_dot: false,
        last_space: false,
        sentence: 0,
        clause: false,
        cur_clause: false,
        dollar: false,
        cur_dollar: false,
        run_first: 0,
        run_at: false,
    };
    // Right-to-left override: "\u{202E}POTS" shows as "STOP". Read what is shown.
    let visual;
    let text = if text.contains('\u{202E}') {
        visual = visual_order(text);
        visual.as_str()
    } else {
        text
    };
    let spelled;
    let text = if text.chars().any(is_regional) {
        spelled = spell_regional(text, tables);
        spelled.as_str()
    } else {
        text
    };
    if text.is_ascii() {
        // ASCII is already NFKC: skip the normaliser on the common path.
        for c in text.chars() {
            b.feed(c);
        }
    } else {
        for c in crate::unicode::nfkc(text).chars() {
            b.feed(c);
        }
    }
    if b.pending_dot {
        b.close();
        b.end_sentence();
    }
    b.close();
    b.end_run();
    let trimmed = trim_surroundings(&b.out.display);
    if trimmed.len() != b.out.display.len() {
        b.out.display = trimmed.to_string();
    }
    b.out
}
