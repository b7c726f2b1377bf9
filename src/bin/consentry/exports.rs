//! Reading opt-out exports as people have them: CSV with a phone or email column (ClickSend,
//! Twilio, AWS End User Messaging and most tools), JSON from the AWS CLI, or one contact per
//! line; any of them gzip-compressed.
//!
//! Owns: format detection and streaming rows out of a file. Must not: interpret contacts
//! (the library's `contact_key` does that, for builder and checker alike).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// Column names that hold a phone number, after lower-casing and dropping non-alphanumerics.
/// Sources: ClickSend contact exports (phone_number), AWS `OptedOutNumber`, Twilio and
/// generic exports (phone, number, to/from, msisdn).
const PHONE_COLUMNS: &[&str] = &[
    "phone",
    "phonenumber",
    "number",
    "mobile",
    "mobilenumber",
    "mobilephone",
    "msisdn",
    "cell",
    "cellphone",
    "optedoutnumber",
    "destination",
    "destinationnumber",
    "destinationphonenumber",
    "recipient",
    "to",
    "from",
    "sms",
    "smsnumber",
    "contact",
    "contactnumber",
    "telephone",
    "tel",
    "e164",
];
const EMAIL_COLUMNS: &[&str] = &["email", "emailaddress", "mail", "emailid"];

fn normalise_header(h: &str) -> String {
    h.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// One contact read from an export, with where it came from.
#[derive(Debug)]
pub struct Row {
    pub line: u64,
    pub value: String,
}

/// Open a file, transparently gunzipping it.
pub fn open(path: &Path) -> io::Result<Box<dyn BufRead>> {
    let mut f = BufReader::with_capacity(1 << 16, File::open(path)?);
    let gz = f.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gz {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(f),
        ))
    } else {
        Box::new(f)
    })
}

/// Count newline-terminated lines (an upper bound on rows, used to size the filter).
pub fn count_lines(path: &Path) -> io::Result<u64> {
    let mut r = open(path)?;
    let mut buf = vec![0u8; 1 << 16];
    let (mut n, mut last) = (0u64, b'\n');
    loop {
        let k = r.read(&mut buf)?;
        if k == 0 {
            break;
        }
        n += buf[..k].iter().filter(|&&b| b == b'\n').count() as u64;
        last = buf[k - 1];
    }
    Ok(n + u64::from(last != b'\n'))
}

/// How a file's rows are laid out.
pub enum Layout {
    /// Delimited with a header; the contact columns' indices and names.
    Csv {
        delimiter: u8,
        columns: Vec<(usize, String)>,
    },
    /// JSON (e.g. `aws pinpoint-sms-voice-v2 describe-opted-out-numbers`): string values of
    /// contact-named keys.
    Json,
    /// One contact per line.
    Lines,
}

/// Decide the layout from the first line. `column` forces a named column.
pub fn detect(first_line: &str, column: Option<&str>) -> Result<Layout, String> {
    let trimmed = first_line.trim_start_matches('\u{feff}').trim();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return Ok(Layout::Json);
    }
    let delimiter = [b',', b'\t', b';', b'|']
        .into_iter()
        .max_by_key(|d| trimmed.bytes().filter(|b| b == d).count())
        .filter(|d| trimmed.as_bytes().contains(d));
    let fields: Vec<String> = match delimiter {
        Some(d) => split_header(trimmed, d),
        None => vec![trimmed.to_string()],
    };
    let wanted: Vec<(usize, String)> = match column {
        Some(name) => {
            let n = normalise_header(name);
            fields
                .iter()
                .enumerate()
                .filter(|(_, f)| normalise_header(f) == n)
                .map(|(i, f)| (i, f.clone()))
                .collect()
        }
        None => fields
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                let h = normalise_header(f);
                PHONE_COLUMNS.contains(&h.as_str()) || EMAIL_COLUMNS.contains(&h.as_str())
            })
            .map(|(i, f)| (i, f.clone()))
            .collect(),
    };
    if !wanted.is_empty() {
        return Ok(Layout::Csv {
            delimiter: delimiter.unwrap_or(b','),
            columns: wanted,
        });
    }
    if let Some(name) = column {
        return Err(format!(
            "no column named {name:?} in the header: {fields:?}"
        ));
    }
    if delimiter.is_some() {
        return Err(format!(
            "the header {fields:?} has no phone or email column; name it with --column"
        ));
    }
    Ok(Layout::Lines)
}

fn split_header(line: &str, d: u8) -> Vec<String> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(d)
        .from_reader(line.as_bytes());
    rdr.records()
        .next()
        .and_then(Result::ok)
        .map(|r| r.iter().map(|f| f.trim().to_string()).collect())
        .unwrap_or_default()
}

/// Stream every contact of a file to `sink`. Errors in the file's structure are returned;
/// contacts themselves are judged by the caller.
pub fn read(path: &Path, column: Option<&str>, mut sink: impl FnMut(Row)) -> Result<(), String> {
    let mut reader = open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut first = String::new();
    // The first line decides the layout; read it without consuming the rest.
    {
        let buf = reader.fill_buf().map_err(|e| e.to_string())?;
        let end = buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len());
        first.push_str(&String::from_utf8_lossy(&buf[..end]));
    }
    match detect(&first, column).map_err(|e| format!("{}: {e}", path.display()))? {
        Layout::Lines => {
            for (i, line) in reader.split(b'\n').enumerate() {
                let line = line.map_err(|e| e.to_string())?;
                let value = String::from_utf8_lossy(&line)
                    .trim()
                    .trim_start_matches('\u{feff}')
                    .to_string();
                if !value.is_empty() {
                    sink(Row {
                        line: i as u64 + 1,
                        value,
                    });
                }
            }
        }
        Layout::Csv { delimiter, columns } => {
            let mut rdr = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .flexible(true)
                .has_headers(true)
                .from_reader(reader);
            let mut record = csv::ByteRecord::new();
            loop {
                match rdr.read_byte_record(&mut record) {
                    Ok(false) => break,
                    Ok(true) => {
                        let line = record.position().map_or(0, |p| p.line());
                        for (i, _) in &columns {
                            let v = record
                                .get(*i)
                                .map(String::from_utf8_lossy)
                                .unwrap_or_default();
                            let v = v.trim();
                            if !v.is_empty() {
                                sink(Row {
                                    line,
                                    value: v.to_string(),
                                });
                            }
                        }
                    }
                    Err(e) => return Err(format!("{}: {e}", path.display())),
                }
            }
        }
        Layout::Json => {
            let mut text = String::new();
            reader
                .read_to_string(&mut text)
                .map_err(|e| e.to_string())?;
            json_values(&text, |line, value| sink(Row { line, value }));
        }
    }
    Ok(())
}

/// Every string value whose key names a contact column, with its line number. A small
/// scanner (not a full JSON parser): keys and values are JSON strings with escapes.
fn json_values(text: &str, mut sink: impl FnMut(u64, String)) {
    let b = text.as_bytes();
    let mut i = 0;
    let mut line = 1u64;
    let mut last_key: Option<String> = None;
    while i < b.len() {
        match b[i] {
            b'\n' => line += 1,
            b'"' => {
                let (s, end) = json_string(b, i + 1);
                i = end;
                let mut j = i + 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && b[j] == b':' {
                    last_key = Some(normalise_header(&s));
                } else {
                    if let Some(k) = last_key.take() {
                        if PHONE_COLUMNS.contains(&k.as_str())
                            || EMAIL_COLUMNS.contains(&k.as_str())
                        {
                            sink(line, s);
                        }
                    }
                }
            }
            b',' | b'}' | b']' => last_key = None,
            _ => {}
        }
        i += 1;
    }
}

fn json_string(b: &[u8], mut i: usize) -> (String, usize) {
    let mut out = Vec::new();
    while i < b.len() && b[i] != b'"' {
        if b[i] == b'\\' && i + 1 < b.len() {
            i += 1;
            match b[i] {
                b'n' => out.push(b'\n'),
                b't' => out.push(b'\t'),
                b'u' if i + 4 < b.len() => {
                    if let Some(c) = std::str::from_utf8(&b[i + 1..i + 5])
                        .ok()
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32)
                    {
                        let mut tmp = [0u8; 4];
                        out.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                    }
                    i += 4;
                }
                c => out.push(c),
            }
        } else {
            out.push(b[i]);
        }
        i += 1;
    }
    (String::from_utf8_lossy(&out).into_owned(), i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_layouts() {
        assert!(matches!(
            detect("phone_number,first_name", None),
            Ok(Layout::Csv { .. })
        ));
        assert!(matches!(
            detect("Name;E-mail", None),
            Ok(Layout::Csv {
                delimiter: b';',
                ..
            })
        ));
        assert!(matches!(detect("+14155552671", None), Ok(Layout::Lines)));
        assert!(matches!(
            detect("{\"OptedOutNumbers\": [", None),
            Ok(Layout::Json)
        ));
        assert!(detect("a,b,c", None).is_err());
        assert!(matches!(detect("a,b,c", Some("B")), Ok(Layout::Csv { .. })));
    }

    #[test]
    fn json_scanner() {
        let mut got = Vec::new();
        json_values(
            "{\"OptedOutNumbers\":[{\"OptedOutNumber\":\"+14155552671\",\"EndUserOptedOut\":true},\n{\"OptedOutNumber\": \"+447400123456\"}]}",
            |l, v| got.push((l, v)),
        );
        assert_eq!(
            got,
            vec![(1, "+14155552671".into()), (2, "+447400123456".into())]
        );
    }
}
