//! The `consentry` command-line tool (native only; its dependencies never reach the wasm).
//!
//! Owns: argument parsing, progress output and exit codes. Everything it decides is decided
//! by the library, so a filter built here answers exactly as the npm package does.

#[path = "exports.rs"]
mod exports;

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use consentry::filter::{contact_key, CreateOptions, FilterInfo, FilterKey, SuppressionFilter};

const USAGE: &str = "\
consentry: SMS and email consent compliance tools

USAGE:
  consentry filter build <file>... -o <out.bin> [--fpr 0.001] [--capacity N] [--key-file K]
                         [--region US] [--column NAME] [--freeze [--delta-capacity N]]
                         [--rejects FILE]
  consentry filter check <filter.bin> <contact>... [--key-file K] [--region US]
  consentry filter info  <filter.bin> [--key-file K] [--json]
  consentry filter key   <contact>... [--region US]
  consentry reply <text>... | - [--profile twilio] [--locale CA] [--jurisdiction US] [--json]
  consentry check-message <text>... | - [--jurisdiction US] [--brand NAME] [--first-message]
                         [--category marketing] [--one-way] [--opt-out-url URL]
                         [--contact C] [--json]
  consentry check-message --channel email <message.eml> [--not-bulk] [--postal-address A] ...
  consentry version

Exports may be CSV (a phone or email column is detected; or name it with --column), JSON
(AWS), or one contact per line, optionally gzip-compressed.
Exit codes: 0 ok; 1 `filter check` found a suppressed contact or `check-message` blocked a
message; 2 usage or input error.";

struct Args {
    positional: Vec<String>,
    flags: BTreeMap<String, Option<String>>,
}

fn parse_args(raw: &[String], valued: &[&str]) -> Result<Args, String> {
    let mut positional = Vec::new();
    let mut flags = BTreeMap::new();
    let mut i = 0;
    while i < raw.len() {
        let a = &raw[i];
        if let Some(name) = a
            .strip_prefix("--")
            .or_else(|| (a == "-o").then_some("output"))
        {
            let (name, inline) = match name.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (name.to_string(), None),
            };
            let name = if name == "o" {
                "output".to_string()
            } else {
                name
            };
            if valued.contains(&name.as_str()) {
                let v = match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        raw.get(i)
                            .cloned()
                            .ok_or_else(|| format!("--{name} needs a value"))?
                    }
                };
                flags.insert(name, Some(v));
            } else {
                flags.insert(name, None);
            }
        } else {
            positional.push(a.clone());
        }
        i += 1;
    }
    Ok(Args { positional, flags })
}

impl Args {
    fn get(&self, name: &str) -> Option<&str> {
        self.flags.get(name).and_then(|v| v.as_deref())
    }
    fn has(&self, name: &str) -> bool {
        self.flags.contains_key(name)
    }
    fn check_known(&self, known: &[&str]) -> Result<(), String> {
        for k in self.flags.keys() {
            if !known.contains(&k.as_str()) {
                return Err(format!("unknown option --{k}"));
            }
        }
        Ok(())
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

fn read_key(args: &Args) -> Result<FilterKey, String> {
    let Some(path) = args.get("key-file") else {
        return Ok(FilterKey::public());
    };
    let bytes = std::fs::read(path).map_err(|e| format!("--key-file {path}: {e}"))?;
    if bytes.len() == 16 {
        let mut k = [0u8; 16];
        k.copy_from_slice(&bytes);
        return Ok(FilterKey::secret(k));
    }
    let text = String::from_utf8_lossy(&bytes);
    FilterKey::from_hex(text.trim()).map_err(|e| format!("--key-file {path}: {e}"))
}

fn load(path: &str, key: FilterKey) -> Result<SuppressionFilter, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    SuppressionFilter::from_bytes(&bytes, key).map_err(|e| format!("{path}: {} ({})", e, e.code()))
}

struct Progress {
    enabled: bool,
    last: Instant,
    start: Instant,
}

impl Progress {
    fn tick(&mut self, rows: u64, total: u64) {
        if !self.enabled || self.last.elapsed().as_millis() < 200 {
            return;
        }
        self.last = Instant::now();
        let pct = if total > 0 {
            (rows as f64 / total as f64 * 100.0).min(100.0)
        } else {
            0.0
        };
        let filled = (pct / 5.0) as usize;
        eprint!(
            "\r[{}{}] {:5.1}% {} rows, {:.1}s",
            "#".repeat(filled),
            ".".repeat(20 - filled),
            pct,
            rows,
            self.start.elapsed().as_secs_f64()
        );
        let _ = std::io::stderr().flush();
    }
    fn done(&self) {
        if self.enabled {
            eprint!("\r{}\r", " ".repeat(60));
        }
    }
}

fn filter_build(args: &Args) -> Result<ExitCode, String> {
    args.check_known(&[
        "output",
        "fpr",
        "capacity",
        "key-file",
        "region",
        "column",
        "freeze",
        "delta-capacity",
        "rejects",
    ])?;
    if args.positional.is_empty() {
        return Err("filter build needs at least one input file".into());
    }
    let out = args
        .get("output")
        .ok_or("filter build needs -o <out.bin>")?;
    let fpr: f64 = args
        .get("fpr")
        .unwrap_or("0.001")
        .parse()
        .map_err(|_| "--fpr must be a number such as 0.001")?;
    let region = args.get("region");
    let column = args.get("column");
    let key = read_key(args)?;
    let files: Vec<PathBuf> = args.positional.iter().map(PathBuf::from).collect();
    let started = Instant::now();
    // Size the filter before streaming: an explicit capacity, or the line count of the inputs.
    let capacity = match args.get("capacity") {
        Some(c) => c
            .parse::<u64>()
            .map_err(|_| "--capacity must be a whole number")?,
        None => {
            let mut n = 0u64;
            for f in &files {
                n += exports::count_lines(f).map_err(|e| format!("{}: {e}", f.display()))?;
            }
            n.max(1)
        }
    };
    let mut filter = SuppressionFilter::create(CreateOptions {
        capacity,
        false_positive_rate: fpr,
        key,
        retain_keys: args.has("freeze"),
        created_at_ms: now_ms(),
    })
    .map_err(|e| e.to_string())?;

    let mut rejects_out = match args.get("rejects") {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| format!("--rejects {p}: {e}"))?,
        )),
        None => None,
    };
    let (mut rows, mut added, mut duplicates, mut rejected) = (0u64, 0u64, 0u64, 0u64);
    let mut shown = Vec::new();
    let mut progress = Progress {
        enabled: std::io::stderr().is_terminal(),
        last: Instant::now(),
        start: Instant::now(),
    };
    for file in &files {
        let name = file.display().to_string();
        let mut write_err: Option<String> = None;
        exports::read(file, column, |row| {
            rows += 1;
            progress.tick(rows, capacity);
            match contact_key(&row.value, region) {
                Ok(k) => {
                    let h = filter.hash(&k);
                    if filter.add_hash(h) {
                        added += 1;
                    } else {
                        duplicates += 1;
                    }
                }
                Err(e) => {
                    rejected += 1;
                    let line = format!(
                        "{name}:{}: {:?}: {} ({})",
                        row.line,
                        preview(&row.value),
                        e,
                        e.code()
                    );
                    if shown.len() < 5 {
                        shown.push(line.clone());
                    }
                    if let Some(w) = rejects_out.as_mut() {
                        if let Err(e) = writeln!(w, "{line}") {
                            write_err.get_or_insert(e.to_string());
                        }
                    }
                }
            }
        })?;
        if let Some(e) = write_err {
            return Err(format!("writing rejects: {e}"));
        }
    }
    progress.done();
    let filter = if args.has("freeze") {
        let delta = match args.get("delta-capacity") {
            Some(d) => d
                .parse::<u64>()
                .map_err(|_| "--delta-capacity must be a whole number")?,
            None => (added / 100).max(256),
        };
        filter.freeze(delta, now_ms()).map_err(|e| e.to_string())?
    } else {
        filter
    };
    let bytes = filter.to_bytes().map_err(|e| e.to_string())?;
    std::fs::write(out, &bytes).map_err(|e| format!("{out}: {e}"))?;
    if let Some(mut w) = rejects_out {
        w.flush().map_err(|e| e.to_string())?;
    }
    let info = FilterInfo::of(&filter);
    eprintln!(
        "rows read {rows}; keys added {added}; duplicates {duplicates}; rejected {rejected}; \
         wrote {} bytes to {out} ({}, {:.2} bits/key, expected false-positive rate {:.4}%) in {:.1}s",
        bytes.len(),
        info.kind,
        info.bits_per_key,
        info.false_positive_rate * 100.0,
        started.elapsed().as_secs_f64()
    );
    for s in &shown {
        eprintln!("  rejected {s}");
    }
    if rejected > shown.len() as u64 {
        eprintln!(
            "  ... {} more rejected rows{}",
            rejected - shown.len() as u64,
            if args.has("rejects") {
                " (all in the --rejects file)"
            } else {
                "; list them all with --rejects FILE"
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn preview(s: &str) -> String {
    let p: String = s.chars().take(60).collect();
    if p.len() < s.len() {
        format!("{p}...")
    } else {
        p
    }
}

fn filter_check(args: &Args) -> Result<ExitCode, String> {
    args.check_known(&["key-file", "region"])?;
    let (path, contacts) = args
        .positional
        .split_first()
        .ok_or("filter check needs a filter file and contacts")?;
    if contacts.is_empty() {
        return Err("filter check needs at least one contact".into());
    }
    let filter = load(path, read_key(args)?)?;
    let mut any = false;
    let mut failed = false;
    for c in contacts {
        match filter.has(c, args.get("region")) {
            Ok(true) => {
                any = true;
                println!("{c}\tsuppressed");
            }
            Ok(false) => println!("{c}\tnot suppressed"),
            Err(e) => {
                failed = true;
                println!("{c}\terror {}: {e}", e.code());
            }
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else if any {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn filter_info(args: &Args) -> Result<ExitCode, String> {
    args.check_known(&["key-file", "json"])?;
    let path = args
        .positional
        .first()
        .ok_or("filter info needs a filter file")?;
    let info = FilterInfo::of(&load(path, read_key(args)?)?);
    if args.has("json") {
        println!("{}", to_json(&info));
    } else {
        println!("kind: {}", info.kind);
        println!("keys: {}", info.count);
        println!(
            "size: {} bytes ({:.2} bits per key)",
            info.size_bytes, info.bits_per_key
        );
        println!(
            "capacity: {} (target false-positive rate {})",
            info.capacity, info.target_false_positive_rate
        );
        println!(
            "expected false-positive rate now: {:.6}",
            info.false_positive_rate
        );
        println!(
            "keyed: {} (key fingerprint {})",
            info.keyed, info.key_fingerprint
        );
        println!("created: {} ms since the Unix epoch", info.created_at_ms);
        println!("format version: {}", info.format_version);
    }
    Ok(ExitCode::SUCCESS)
}

fn filter_key(args: &Args) -> Result<ExitCode, String> {
    args.check_known(&["region"])?;
    let mut failed = false;
    for c in &args.positional {
        match contact_key(c, args.get("region")) {
            Ok(k) => println!("{k}"),
            Err(e) => {
                failed = true;
                println!("error {}: {e}", e.code());
            }
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

pub(crate) fn main() -> ExitCode {
    // `consentry reply - < big.txt | head`: when the reader goes away, stop quietly with the
    // shell's SIGPIPE status instead of a panic message (println! panics on a closed pipe).
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("Broken pipe") {
            std::process::exit(141);
        }
        default_hook(info);
    }));
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let result = match raw.first().map(String::as_str) {
        Some("filter") => {
            let sub = raw.get(1).map(String::as_str).unwrap_or("");
            let rest = &raw[2.min(raw.len())..];
            let valued = [
                "output",
                "fpr",
                "capacity",
                "key-file",
                "region",
                "column",
                "rejects",
                "delta-capacity",
            ];
            match parse_args(rest, &valued) {
                Err(e) => Err(e),
                Ok(args) => match sub {
                    "build" => filter_build(&args),
                    "check" => filter_check(&args),
                    "info" => filter_info(&args),
                    "key" => filter_key(&args),
                    _ => Err(format!("unknown filter command {sub:?}")),
                },
            }
        }
        Some("version") | Some("--version") => {
            println!("consentry {}", consentry::VERSION);
            Ok(ExitCode::SUCCESS)
        }
        Some("help") | Some("--help") | Some("-h") | None => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some(other) => match other {
            _ if commands::handles(other) => commands::run(other, &raw[1..]),
            _ => Err(format!("unknown command {other:?}")),
        },
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("consentry: {e}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

mod commands {
    //! Commands for capabilities beyond filters.
    use std::process::ExitCode;

    use consentry::inbound::{detect_keyword, DetectOptions};

    pub(crate) fn handles(name: &str) -> bool {
        matches!(name, "reply" | "check-message")
    }

    pub(crate) fn run(name: &str, rest: &[String]) -> Result<ExitCode, String> {
        match name {
            "reply" => reply(rest),
            "check-message" => check_message(rest),
            _ => Err(format!("unknown command {name:?}")),
        }
    }

    /// `consentry check-message`: the pre-send check of SMS texts (arguments, or stdin lines
    /// with `-`) or of raw email files (`--channel email`).
    fn check_message(rest: &[String]) -> Result<ExitCode, String> {
        use consentry::outbound::{check_message, CheckOptions, Message};
        let valued = [
            "channel",
            "jurisdiction",
            "brand",
            "category",
            "opt-out-url",
            "contact",
            "postal-address",
        ];
        let args = super::parse_args(rest, &valued)?;
        let flags = ["first-message", "one-way", "not-bulk", "json"];
        args.check_known(&[&valued[..], &flags[..]].concat())?;
        let opts = CheckOptions {
            jurisdiction: args.get("jurisdiction").map(String::from),
            brand: args.get("brand").map(String::from),
            first_message: args.has("first-message"),
            category: args.get("category").map(String::from),
            two_way: !args.has("one-way"),
            bulk_sender: !args.has("not-bulk"),
            opt_out_url: args.get("opt-out-url").map(String::from),
            contact: args.get("contact").map(String::from),
            postal_address: args.get("postal-address").map(String::from),
        };
        let email = match args.get("channel") {
            None | Some("sms") => false,
            Some("email") => true,
            Some(other) => return Err(format!("--channel must be sms or email, got {other:?}")),
        };
        let inputs: Vec<String> = if email {
            args.positional
                .iter()
                .map(|f| {
                    std::fs::read(f)
                        .map(|b| String::from_utf8_lossy(&b).into_owned())
                        .map_err(|e| format!("{f}: {e}"))
                })
                .collect::<Result<_, _>>()?
        } else if args.positional.iter().any(|p| p == "-") {
            std::io::stdin().lines().map_while(Result::ok).collect()
        } else {
            args.positional.clone()
        };
        if inputs.is_empty() {
            return Err(
                "check-message needs a text (or - for stdin lines; email: .eml files)".into(),
            );
        }
        let mut all_ok = true;
        for input in &inputs {
            let msg = if email {
                Message::email_from_raw(input).map_err(|e| e.to_string())?
            } else {
                Message::Sms(input)
            };
            let r = check_message(&msg, &opts).map_err(|e| e.to_string())?;
            all_ok &= r.ok;
            if args.has("json") {
                println!("{}", serde_json::to_string(&r).unwrap_or_default());
                continue;
            }
            let seg = r
                .segments
                .as_ref()
                .map(|s| format!(", {} {} segment(s)", s.encoding, s.segments))
                .unwrap_or_default();
            println!(
                "{} ({}{seg})",
                if r.ok { "ok" } else { "BLOCKED" },
                r.category
            );
            for i in &r.issues {
                println!(
                    "  {:<7} {:<28} {} [{}]",
                    i.severity, i.code, i.message, i.rule
                );
            }
            if let Some(f) = r.fix.as_ref().filter(|f| !f.resolves.is_empty()) {
                let cost = f
                    .added_segments
                    .map(|n| format!(" (+{n} segment(s))"))
                    .unwrap_or_default();
                println!("  fix{cost}:\n    {}", f.text.replace('\n', "\n    "));
                for h in &f.headers {
                    println!("    {}: {}", h.name, h.value);
                }
            }
        }
        Ok(if all_ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        })
    }

    /// `consentry reply <text>...`: read replies (or stdin lines with `-`) for intent.
    fn reply(rest: &[String]) -> Result<ExitCode, String> {
        let args = super::parse_args(rest, &["profile", "locale", "jurisdiction"])?;
        args.check_known(&["profile", "locale", "jurisdiction", "json"])?;
        let opts = DetectOptions {
            profile: args.get("profile").map(String::from),
            locale: args.get("locale").map(String::from),
            jurisdiction: args.get("jurisdiction").map(String::from),
            received_at_ms: Some(super::now_ms() as i64),
            ..DetectOptions::default()
        };
        let texts: Vec<String> = if args.positional.iter().any(|p| p == "-") {
            std::io::stdin().lines().map_while(Result::ok).collect()
        } else {
            args.positional.clone()
        };
        if texts.is_empty() {
            return Err("reply needs the text of a reply (or - to read lines from stdin)".into());
        }
        for t in &texts {
            let d = detect_keyword(t, &opts).map_err(|e| e.to_string())?;
            if args.has("json") {
                println!("{}", serde_json::to_string(&d).unwrap_or_default());
            } else {
                println!(
                    "{}\t{}\t{}\t{}{}{}",
                    d.intent.as_str(),
                    d.confidence.as_str(),
                    d.rule,
                    d.keyword.as_deref().unwrap_or("-"),
                    d.provider_will_block
                        .map(|b| format!("\tprovider blocks: {b}"))
                        .unwrap_or_default(),
                    d.honor_by
                        .as_deref()
                        .map(|h| format!("\thonor by {h}"))
                        .unwrap_or_default(),
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}
