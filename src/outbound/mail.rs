//! Email messages: a raw RFC 5322 message (headers, MIME parts, transfer encodings, HTML) or
//! its parts, reduced to what the checks read: headers, subject, sender and the visible text
//! with its links.
//!
//! Owns: header unfolding and RFC 2047 encoded words, `multipart/*` walking, quoted-printable
//! and base64, the common charsets (UTF-8, Latin-1, Windows-1252; others decoded as UTF-8,
//! lossy), and HTML to text (links kept as `text <url>` so the footer finder sees them).
//! Must not: judge anything. Every loop is linear in the input; MIME nesting is capped.

/// Raw messages larger than this are refused (a marketing email is rarely over 1 MB; Gmail
/// clips HTML at 102 KB).
pub const MAX_RAW_BYTES: usize = 16 << 20;
const MAX_DEPTH: usize = 8;

/// An email reduced to what the checks need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mail {
    /// Unfolded headers in order, names as written.
    pub headers: Vec<(String, String)>,
    /// Decoded subject.
    pub subject: String,
    /// Decoded `From` header, if any.
    pub from: Option<String>,
    /// Visible text of the body: text parts, and HTML parts as text.
    pub text: String,
    /// Links in the body.
    pub links: Vec<Link>,
}

/// A link in an HTML body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Link {
    /// The link text.
    pub text: String,
    /// The target.
    pub href: String,
    /// Up to 200 characters of text before the link ("If you no longer wish to receive
    /// these emails, <click here>").
    pub before: String,
}

impl Mail {
    /// The first header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Parse a raw message. `None` when it has no header block (then it is not an email).
pub fn parse_raw(raw: &str) -> Option<Mail> {
    let (head, body) = split_head(raw);
    let headers = parse_headers(head);
    if headers.is_empty() {
        return None;
    }
    let mut mail = Mail {
        subject: find(&headers, "subject")
            .map(decode_words)
            .unwrap_or_default(),
        from: find(&headers, "from").map(decode_words),
        ..Mail::default()
    };
    walk(&headers, body, 0, &mut mail);
    mail.headers = headers;
    Some(mail)
}

/// Build from parts (`{ subject, text, html, headers }` in JS).
pub fn from_parts(subject: &str, text: &str, html: &str, headers: Vec<(String, String)>) -> Mail {
    let mut mail = Mail {
        subject: decode_words(subject),
        from: find(&headers, "from").map(decode_words),
        ..Mail::default()
    };
    if !text.is_empty() {
        mail.text.push_str(text);
    }
    if !html.is_empty() {
        let (t, links) = html_to_text(html);
        push_text(&mut mail.text, &t);
        mail.links.extend(links);
    }
    mail.headers = headers;
    mail
}

fn find<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn push_text(into: &mut String, t: &str) {
    if !into.is_empty() && !t.is_empty() {
        into.push_str("\n\n");
    }
    into.push_str(t);
}

/// Split at the first empty line (CRLF or LF).
fn split_head(raw: &str) -> (&str, &str) {
    let b = raw.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' {
            let rest = &b[i + 1..];
            if rest.first() == Some(&b'\n') {
                return (&raw[..i], &raw[i + 2..]);
            }
            if rest.starts_with(b"\r\n") {
                return (&raw[..i], &raw[i + 3..]);
            }
        }
        i += 1;
    }
    (raw, "")
}

fn parse_headers(head: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in head.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with([' ', '\t']) {
            // Folded continuation (RFC 5322 2.2.3).
            if let Some((_, v)) = out.last_mut() {
                if !v.is_empty() {
                    v.push(' ');
                }
                v.push_str(line.trim());
            }
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            // The first line of an mbox ("From sender date") is not a header; anything else
            // before a header means this is not a header block.
            if out.is_empty() && line.starts_with("From ") {
                continue;
            }
            if out.is_empty() {
                return out;
            }
            continue;
        };
        let valid_name =
            !name.is_empty() && name.bytes().all(|c| c.is_ascii_graphic() && c != b':');
        if !valid_name {
            if out.is_empty() {
                return out;
            }
            continue;
        }
        out.push((name.to_string(), value.trim().to_string()));
    }
    out
}

/// Content-Type: (lower-cased type/subtype, parameters with lower-cased names).
fn content_type(v: Option<&str>) -> (String, Vec<(String, String)>) {
    let v = v.unwrap_or("text/plain");
    let mut parts = split_params(v);
    let kind = if parts.is_empty() {
        "text/plain".to_string()
    } else {
        parts.remove(0).trim().to_ascii_lowercase()
    };
    let params = parts
        .into_iter()
        .filter_map(|p| {
            let (n, v) = p.split_once('=')?;
            Some((
                n.trim().to_ascii_lowercase(),
                v.trim().trim_matches('"').to_string(),
            ))
        })
        .collect();
    (kind, params)
}

/// Split on `;` outside quotes.
fn split_params(v: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in v.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                out.last_mut().expect("non-empty").push(c);
            }
            ';' if !quoted => out.push(String::new()),
            _ => out.last_mut().expect("non-empty").push(c),
        }
    }
    out
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn walk(headers: &[(String, String)], body: &str, depth: usize, mail: &mut Mail) {
    let (kind, params) = content_type(find(headers, "content-type"));
    let attachment = find(headers, "content-disposition").is_some_and(|d| {
        d.trim_start()
            .to_ascii_lowercase()
            .starts_with("attachment")
    });
    if attachment {
        return;
    }
    if kind.starts_with("multipart/") {
        let Some(boundary) = param(&params, "boundary").filter(|b| !b.is_empty()) else {
            return;
        };
        if depth >= MAX_DEPTH {
            return;
        }
        let mut parts = split_multipart(body, boundary);
        if parts.is_empty() {
            // Malformed: the declared boundary is never used. Take the first delimiter-looking
            // line as the boundary, as mail clients do.
            if let Some(line) = body
                .lines()
                .find(|l| l.starts_with("--") && l.trim_end().len() > 4)
            {
                parts = split_multipart(body, &line.trim_end()[2..]);
            }
        }
        for part in parts {
            let (h, b) = split_head(part);
            // A part may start with an empty line (no headers): default text/plain.
            let hs = parse_headers(h);
            let b = if hs.is_empty() { part } else { b };
            walk(&hs, b, depth + 1, mail);
        }
        return;
    }
    let is_text = kind == "text/plain" || kind.is_empty();
    let is_html = kind == "text/html";
    if !is_text && !is_html {
        return;
    }
    let cte = find(headers, "content-transfer-encoding")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let charset = param(&params, "charset")
        .unwrap_or("utf-8")
        .to_ascii_lowercase();
    let decoded = match cte.as_str() {
        "base64" => decode_charset(&base64(body.as_bytes()), &charset),
        "quoted-printable" => decode_charset(&quoted_printable(body.as_bytes(), false), &charset),
        _ => body.to_string(),
    };
    if is_html {
        let (t, links) = html_to_text(&decoded);
        push_text(&mut mail.text, &t);
        mail.links.extend(links);
    } else {
        push_text(&mut mail.text, decoded.trim());
    }
}

/// The parts between `--boundary` lines, up to `--boundary--`.
fn split_multipart<'a>(body: &'a str, boundary: &str) -> Vec<&'a str> {
    let delim = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let l = line.trim_end_matches(['\r', '\n']);
        if l.starts_with(&delim) {
            let rest = l[delim.len()..].trim_end();
            if let Some(s) = start {
                // The line break before the delimiter belongs to the delimiter.
                let mut end = pos;
                if body[..end].ends_with('\n') {
                    end -= 1;
                }
                if body[..end].ends_with('\r') {
                    end -= 1;
                }
                parts.push(&body[s..end.max(s)]);
            }
            if rest == "--" {
                return parts;
            }
            start = Some(pos + line.len());
        }
        pos += line.len();
    }
    if let Some(s) = start {
        parts.push(&body[s..]);
    }
    parts
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Quoted-printable (RFC 2045 6.7); `header` mode also maps `_` to space (RFC 2047 Q).
fn quoted_printable(b: &[u8], header: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'=' => {
                if let (Some(h), Some(l)) = (
                    b.get(i + 1).and_then(|&c| hex(c)),
                    b.get(i + 2).and_then(|&c| hex(c)),
                ) {
                    out.push(h << 4 | l);
                    i += 3;
                } else if b.get(i + 1) == Some(&b'\n') {
                    i += 2;
                } else if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') {
                    i += 3;
                } else {
                    out.push(b'=');
                    i += 1;
                }
            }
            b'_' if header => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Base64, skipping whitespace and anything outside the alphabet.
fn base64(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in b {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = acc << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// Windows-1252 0x80..0x9F (WHATWG encoding standard); undefined positions map to U+FFFD.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
    '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{FFFD}',
    'ž', 'Ÿ',
];

fn decode_charset(bytes: &[u8], charset: &str) -> String {
    match charset.trim() {
        "iso-8859-1" | "latin1" | "latin-1" | "us-ascii" | "ascii" | "iso-8859-15"
        | "windows-1252" | "cp1252" => bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
                _ => char::from(b),
            })
            .collect(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Decode RFC 2047 encoded words (`=?charset?B|Q?text?=`); whitespace between two encoded
/// words is dropped.
pub fn decode_words(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let decoded = rest[start + 2..].find('?').and_then(|q1| {
            let charset = &rest[start + 2..start + 2 + q1];
            let after = &rest[start + 2 + q1 + 1..];
            let (enc, after) = after.split_once('?')?;
            let end = after.find("?=")?;
            let text = &after[..end];
            let bytes = match enc {
                "B" | "b" => base64(text.as_bytes()),
                "Q" | "q" => quoted_printable(text.as_bytes(), true),
                _ => return None,
            };
            // Skip the "*lang" suffix of RFC 2231 charsets.
            let cs = charset.split('*').next().unwrap_or("").to_ascii_lowercase();
            let consumed = start + 2 + q1 + 1 + enc.len() + 1 + end + 2;
            Some((decode_charset(&bytes, &cs), consumed))
        });
        match decoded {
            Some((text, consumed)) => {
                let between = &rest[..start];
                if !(last_was_word && between.trim().is_empty()) {
                    out.push_str(between);
                }
                out.push_str(&text);
                rest = &rest[consumed..];
                last_was_word = true;
            }
            None => {
                out.push_str(&rest[..start + 2]);
                rest = &rest[start + 2..];
                last_was_word = false;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(h) => u32::from_str_radix(h, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(n);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "middot" => '·',
        "bull" => '•',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "euro" => '€',
        "pound" => '£',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "ccedil" => 'ç',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "szlig" => 'ß',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        _ => return None,
    })
}

/// Decode character references in text.
fn unescape(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(j, _)| j);
        match end.and_then(|j| entity(&after[..j]).map(|c| (c, j))) {
            Some((c, j)) => {
                out.push(c);
                rest = &after[j + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let vstart = tag.len() - rest.len() + 1;
        let v = tag[vstart..].trim_start();
        return Some(match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or(""),
            _ => v
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        });
    }
    None
}

/// HTML to visible text, linear: drops `<script>`, `<style>`, `<head>` and comments, turns
/// block elements into line breaks, and writes each link as `text <href>`.
pub fn html_to_text(html: &str) -> (String, Vec<Link>) {
    let mut out = String::with_capacity(html.len() / 3);
    let mut links = Vec::new();
    let mut open_link: Option<(String, usize)> = None;
    let mut skip_until: Option<&'static str> = None;
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(end_tag) = skip_until {
            let lower_find = find_ci(rest, end_tag);
            match lower_find {
                Some(i) => {
                    rest = &rest[i + end_tag.len()..];
                    skip_until = None;
                }
                None => break,
            }
            continue;
        }
        let Some(lt) = rest.find('<') else {
            unescape(rest, &mut out);
            break;
        };
        unescape(&rest[..lt], &mut out);
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = match rest.find("-->") {
                Some(i) => &rest[i + 3..],
                None => "",
            };
            continue;
        }
        let Some(gt) = rest.find('>') else {
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        match name.as_str() {
            "script" | "style" | "head" | "title" if !closing => {
                skip_until = Some(match name.as_str() {
                    "script" => "</script",
                    "style" => "</style",
                    "head" => "</head",
                    _ => "</title",
                });
            }
            "a" if !closing => {
                if let Some(href) = attr(tag, "href") {
                    let mut h = String::new();
                    unescape(href.trim(), &mut h);
                    open_link = Some((h, out.len()));
                }
            }
            "a" => {
                if let Some((href, at)) = open_link.take() {
                    let anchor = out[at.min(out.len())..].trim().to_string();
                    let l = href.to_ascii_lowercase();
                    if l.starts_with("http://")
                        || l.starts_with("https://")
                        || l.starts_with("mailto:")
                    {
                        out.push_str(" <");
                        out.push_str(&href);
                        out.push('>');
                    }
                    let head = &out[..at.min(out.len())];
                    let from = head.char_indices().rev().nth(200).map_or(0, |(i, _)| i);
                    links.push(Link {
                        text: anchor,
                        href,
                        before: head[from..].to_string(),
                    });
                }
            }
            "br" | "p" | "div" | "tr" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            | "table" | "td" | "ul" | "ol" | "hr" | "center" | "footer" | "section" => {
                out.push(if name == "td" { ' ' } else { '\n' });
            }
            "img" => {
                if let Some(alt) = attr(tag, "alt").filter(|a| !a.trim().is_empty()) {
                    unescape(alt, &mut out);
                }
            }
            _ => {}
        }
    }
    // Collapse runs of spaces and blank lines.
    let mut text = String::with_capacity(out.len());
    let mut blank = 0;
    for line in out.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            blank += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        text.push_str(&words.join(" "));
    }
    (text, links)
}

/// Case-insensitive find of an ASCII needle.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words() {
        assert_eq!(
            decode_words("=?utf-8?Q?New=20Webinar=3A_Now?="),
            "New Webinar: Now"
        );
        assert_eq!(
            decode_words("=?ISO-8859-1?Q?Je=20pr=E9pare?= =?ISO-8859-1?Q?_mon?="),
            "Je prépare mon"
        );
        assert_eq!(decode_words("=?UTF-8?B?SGVsbG8=?= world"), "Hello world");
        assert_eq!(decode_words("plain =?bad"), "plain =?bad");
    }

    #[test]
    fn multipart_qp_and_html() {
        let raw = "From: Acme <news@acme.example>\r\nSubject: Sale\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\npreamble\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n50% off to=\r\nday =E2=82=AC\r\n--b1\r\nContent-Type: text/html\r\n\r\n<html><head><style>p{}</style></head><body><p>Hi &amp; bye</p><a href=\"https://acme.example/u?x=1&amp;y=2\">Unsubscribe</a><script>x()</script></body></html>\r\n--b1--\r\nepilogue";
        let m = parse_raw(raw).unwrap();
        assert_eq!(m.subject, "Sale");
        assert_eq!(m.from.as_deref(), Some("Acme <news@acme.example>"));
        assert!(m.text.contains("50% off today €"), "{}", m.text);
        assert!(m.text.contains("Hi & bye"));
        assert!(
            m.text
                .contains("Unsubscribe <https://acme.example/u?x=1&y=2>"),
            "{}",
            m.text
        );
        assert!(!m.text.contains("x()") && !m.text.contains("p{}") && !m.text.contains("epilogue"));
        assert_eq!(m.links.len(), 1);
        assert_eq!(m.links[0].text, "Unsubscribe");
        assert_eq!(m.links[0].href, "https://acme.example/u?x=1&y=2");
        assert!(
            m.links[0].before.ends_with("Hi & bye\n"),
            "{:?}",
            m.links[0].before
        );
    }

    #[test]
    fn base64_latin1_and_folding() {
        let raw = "Subject: a\n b\nList-Unsubscribe:\n <https://x.example/u>\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\nQ2Fm6Q==\n";
        let m = parse_raw(raw).unwrap();
        assert_eq!(m.subject, "a b");
        assert_eq!(m.header("list-unsubscribe"), Some("<https://x.example/u>"));
        assert_eq!(m.text, "Café");
    }

    #[test]
    fn not_an_email() {
        assert!(parse_raw("Reply STOP to opt out").is_none());
        assert!(parse_raw("").is_none());
    }

    #[test]
    fn hostile_html_is_linear() {
        let s = "<a href='x'>".repeat(50_000) + &"<".repeat(50_000) + &"&#".repeat(50_000);
        let (t, _) = html_to_text(&s);
        assert!(t.len() < s.len());
    }
}
