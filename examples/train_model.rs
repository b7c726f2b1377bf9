//! Train the outbound message classifier: `make model` (or
//! `cargo run --release --example train_model -- [shared-data-dir]`).
//!
//! Multinomial logistic regression over the features of `consentry::outbound::classify`,
//! trained with AdaGrad on the labelled dev split plus corpora whose labels map cleanly
//! (UCI and SuperSMS personal chat: conversational; SpamHunter's labelled Ads/Fraud:
//! marketing/fraud). Deterministic: fixed seeds and orders. Writes
//! `data/model/outbound_model.bin` (quantised to one signed byte per weight) and
//! `data/model/REPORT.md` with 5-fold cross-validation of the whole classifier (model and
//! rules) on the dev split.
//!
//! Knobs (environment, for experiments; defaults are what ships): `EPOCHS`, `LR`, `L2`,
//! `AVG=0` (last weights instead of averaged), `SEED` (shuffle order), `W_CHAT`, `W_EXAIS_TX`,
//! `W_EXAIS_MKT`, `W_SUPER_HAM`, `W_SUPER_SPAM`, `W_SPAMHUNTER`, `W_EXTRA` (source weights;
//! `W_EXTRA` is our labelled sample, `data/model/labelled_extra.tsv`), `EXTRA_HOLD` (sources of
//! that sample kept as a test only, comma-separated; default `uci`),
//! `SHOW_ERRORS=1` (print cross-validation errors to stderr). Measured alternatives are listed
//! in the report.
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use consentry::outbound::classify::{classify_with, features, Model, BUCKETS, CATEGORIES};

struct Example {
    feats: Vec<u32>,
    label: usize,
    weight: f32,
    /// Dev-split row id (for folds), or None for extra corpora.
    dev_id: Option<u32>,
    /// Row number in our labelled sample (its own folds), or None.
    extra_id: Option<u32>,
    text: String,
    source: String,
}

fn csv_rows(path: &Path, delimiter: u8, has_headers: bool) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(has_headers)
        .flexible(true)
        .quoting(delimiter != b'\t')
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    r.records()
        .filter_map(Result::ok)
        .map(|rec| rec.iter().map(String::from).collect())
        .collect()
}

/// `data/model/labelled_extra.tsv`: (text, label) for each row, its text looked up in the
/// corpus file and record it names.
fn labelled_extra(dir: &Path) -> Vec<(String, usize, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/model/labelled_extra.tsv");
    let mut texts: std::collections::HashMap<(&str, String), String> = Default::default();
    for r in csv_rows(&dir.join("exais_sms_nigeria.csv"), b',', true) {
        if r.len() >= 10 {
            texts.insert(
                ("exais", format!("user={};line={}", r[0], r[1])),
                r[9].clone(),
            );
        }
    }
    for (i, r) in csv_rows(&dir.join("sms_spam_collection.tsv"), b'\t', false)
        .into_iter()
        .enumerate()
    {
        if r.len() >= 2 {
            texts.insert(("uci", format!("line={}", i + 1)), r[1].clone());
        }
    }
    for r in csv_rows(&dir.join("spamhunter_tweet_sms_2018_2022.csv"), b',', true) {
        if r.len() >= 3 {
            let k = format!("month={};line={}", r[0], r[1]);
            texts.insert(("spamhunter_tweet", k), r[2].clone());
        }
    }
    for (i, r) in csv_rows(&dir.join("super_sms_ds_latest.csv"), b',', true)
        .into_iter()
        .enumerate()
    {
        if r.len() >= 2 {
            let k = format!("record={};label={}", i + 1, r[1]);
            texts.insert(("super_sms", k), r[0].clone());
        }
    }
    for (i, r) in csv_rows(&dir.join("spamhunter_labelled_947.csv"), b',', true)
        .into_iter()
        .enumerate()
    {
        texts.insert(
            ("spamhunter_labelled", format!("record={}", i + 1)),
            r[0].clone(),
        );
    }
    let body = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    body.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("source\t") && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let [source, reference, category] = f[..] else {
                panic!("{}: expected 3 columns in {l:?}", path.display());
            };
            let text = texts
                .get(&(source, reference.to_string()))
                .unwrap_or_else(|| panic!("{}: no {source} record {reference}", path.display()));
            (text.clone(), label(category), source.to_string())
        })
        .collect()
}

/// Whether an example is a training row: our sample's rows at weight 0 are a test only
/// (other weight-0 sources train as before).
fn trains(e: &Example) -> bool {
    e.extra_id.is_none() || e.weight > 0.0
}

fn label(s: &str) -> usize {
    CATEGORIES
        .iter()
        .position(|c| *c == s)
        .unwrap_or_else(|| panic!("unknown category {s}"))
}

/// An experiment knob from the environment, or the shipped default.
fn knob<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn load(dir: &Path) -> Vec<Example> {
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let dev = csv_rows(&dir.join("labelled/outbound_messages_dev.csv"), b',', true);
    for r in &dev {
        let (id, text, category) = (r[0].parse().unwrap_or(0), r[1].clone(), &r[2]);
        seen.insert(text.to_lowercase());
        out.push(Example {
            feats: features(&text).features,
            label: label(category),
            weight: 3.0,
            dev_id: Some(id),
            extra_id: None,
            text,
            source: "dev".into(),
        });
    }
    let mut add = |text: String, l: usize, weight: f32, source: &str, out: &mut Vec<Example>| {
        if text.trim().is_empty() || !seen.insert(text.to_lowercase()) {
            return;
        }
        out.push(Example {
            feats: features(&text).features,
            label: l,
            weight,
            dev_id: None,
            extra_id: None,
            text,
            source: source.into(),
        });
    };
    let w = |name: &str, default: f32| knob(name, default);
    // Our own hand-labelled rows from the same corpora: training rows like the dev split's,
    // cross-validated in folds of their own (`W_EXTRA=0`: a test only). They come before the
    // corpora read by their source labels, so that their texts are not taken from those.
    let w_extra = w("W_EXTRA", 2.0);
    // Sources whose rows are a test only. The UCI spam pool is small (747 texts) and the sealed
    // evaluation split draws about 125 rows from it, so our labels of it would overlap that
    // split most; as training rows they did not help (dev split 0.906 with, 0.908 without).
    let hold = std::env::var("EXTRA_HOLD").unwrap_or_else(|_| "uci".to_string());
    for (k, (text, l, source)) in labelled_extra(dir).into_iter().enumerate() {
        let before = out.len();
        let weight = if hold.split(',').any(|s| s == source) {
            0.0
        } else {
            w_extra
        };
        add(text, l, weight, "labelled_extra", &mut out);
        if let Some(e) = out.get_mut(before) {
            e.extra_id = Some(k as u32);
        }
    }
    let (w_chat, w_exais_tx, w_exais_mkt, w_super_spam) = (
        w("W_CHAT", 0.3),
        w("W_EXAIS_TX", 0.3),
        w("W_EXAIS_MKT", 0.0),
        w("W_SUPER_SPAM", 0.0),
    );
    let w_super_ham = w("W_SUPER_HAM", 0.0);
    let w_spamhunter = w("W_SPAMHUNTER", 1.0);
    for r in csv_rows(&dir.join("sms_spam_collection.tsv"), b'\t', false) {
        if r.len() >= 2 && r[0] == "ham" {
            add(r[1].clone(), 2, w_chat, "uci_ham", &mut out);
        }
    }
    for r in csv_rows(&dir.join("super_sms_ds_latest.csv"), b',', true) {
        if r.len() >= 2 && r[1] == "0" && w_super_ham > 0.0 {
            add(r[0].clone(), 2, w_super_ham, "super_sms_ham", &mut out);
        }
        if r.len() >= 2 && r[1] == "1" && w_super_spam > 0.0 {
            add(r[0].clone(), 0, w_super_spam, "super_sms_spam", &mut out);
        }
    }
    // ExAIS inboxes: alerts from bank/telco sender IDs the dataset marks HAM are transactional;
    // messages from promotional short codes (SPAM) are marketing; HAM from phone numbers is chat.
    for r in csv_rows(&dir.join("exais_sms_nigeria.csv"), b',', true) {
        if r.len() < 10 || r[2] != "receive" {
            continue;
        }
        let (l, weight, source) = match (r[7].as_str(), r[4].as_str()) {
            ("HAM", "alphanumeric") => (1, w_exais_tx, "exais_alerts"),
            ("SPAM", "shortcode") => (0, w_exais_mkt, "exais_promos"),
            ("HAM", "phone_number") => (2, w_chat, "exais_chat"),
            _ => continue,
        };
        add(r[9].clone(), l, weight, source, &mut out);
    }
    for r in csv_rows(&dir.join("spamhunter_labelled_947.csv"), b',', true) {
        if r.len() >= 3 {
            let l = if r[2] == "Ads" { 0 } else { 3 };
            add(
                r[0].clone(),
                l,
                w_spamhunter,
                "spamhunter_labelled",
                &mut out,
            );
        }
    }
    out
}

fn train(examples: &[&Example], epochs: usize) -> Vec<f32> {
    let mut w = vec![0f32; 4 * BUCKETS];
    let mut g2 = vec![1e-6f32; 4 * BUCKETS];
    let lr: f32 = knob("LR", 0.02);
    let l2: f32 = knob("L2", 1e-5);
    // Averaged weights (Polyak): the mean of every step's weights, kept lazily as
    // w - u / steps. On the cross-validation it beat the last weights by 0.5 to 1 point.
    let avg = std::env::var("AVG").map_or(true, |v| v != "0");
    let mut u = vec![0f32; if avg { 4 * BUCKETS } else { 0 }];
    let mut step = 1f32;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut state: u64 = knob("SEED", 0x9E37_79B9_7F4A_7C15);
    for _ in 0..epochs {
        // Fisher-Yates with splitmix64: same order every run.
        for i in (1..order.len()).rev() {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            order.swap(i, ((z ^ (z >> 31)) % (i as u64 + 1)) as usize);
        }
        for &k in &order {
            let ex = examples[k];
            let mut logits = [0f32; 4];
            for (c, l) in logits.iter_mut().enumerate() {
                *l = ex.feats.iter().map(|&f| w[c * BUCKETS + f as usize]).sum();
            }
            let m = logits.iter().copied().fold(f32::MIN, f32::max);
            let e = logits.map(|x| (x - m).exp());
            let s: f32 = e.iter().sum();
            for (c, ec) in e.iter().enumerate() {
                let p = ec / s;
                let grad = (p - f32::from(u8::from(c == ex.label))) * ex.weight;
                for &f in &ex.feats {
                    let i = c * BUCKETS + f as usize;
                    let g = grad + l2 * w[i];
                    g2[i] += g * g;
                    let d = lr * g / g2[i].sqrt();
                    w[i] -= d;
                    if avg {
                        u[i] -= step * d;
                    }
                }
            }
            step += 1.0;
        }
    }
    if avg {
        for (x, y) in w.iter_mut().zip(&u) {
            *x -= y / step;
        }
    }
    w
}

fn quantize(w: &[f32]) -> ([f32; 4], Vec<i8>) {
    let mut scales = [0f32; 4];
    let mut q = vec![0i8; w.len()];
    for c in 0..4 {
        let row = &w[c * BUCKETS..(c + 1) * BUCKETS];
        let max = row.iter().fold(0f32, |a, &x| a.max(x.abs())).max(1e-9);
        scales[c] = max / 127.0;
        for (i, &x) in row.iter().enumerate() {
            q[c * BUCKETS + i] = (x / scales[c]).round().clamp(-127.0, 127.0) as i8;
        }
    }
    (scales, q)
}

fn model_of(w: &[f32]) -> (Model, Vec<u8>) {
    let (scales, q) = quantize(w);
    let bytes = Model::to_bytes(scales, &q);
    (Model::from_bytes(&bytes).expect("model round-trip"), bytes)
}

#[derive(Default)]
struct Confusion {
    m: [[usize; 4]; 4],
    otp_as_marketing: Vec<String>,
}

impl Confusion {
    fn add(&mut self, want: usize, got: usize, text: &str) {
        self.m[want][got] += 1;
        let t = text.to_lowercase();
        let otp_or_alert = ["code", "otp", "debit", "credit", "balance", "acct", "txn"]
            .iter()
            .any(|w| t.contains(w));
        if want == 1 && got == 0 && otp_or_alert {
            self.otp_as_marketing.push(text.to_string());
        }
    }
    fn total(&self) -> usize {
        self.m.iter().flatten().sum()
    }
    fn marketing_vs_rest(&self) -> f64 {
        let right: usize = (0..4)
            .map(|a| {
                (0..4)
                    .filter(|&b| (a == 0) == (b == 0))
                    .map(|b| self.m[a][b])
                    .sum::<usize>()
            })
            .sum();
        right as f64 / self.total() as f64
    }
    fn report(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "| category | precision | recall | support |\n| --- | --- | --- | --- |"
        );
        for (c, name) in CATEGORIES.iter().enumerate() {
            let tp = self.m[c][c];
            let predicted: usize = (0..4).map(|a| self.m[a][c]).sum();
            let support: usize = self.m[c].iter().sum();
            let _ = writeln!(
                out,
                "| {} | {:.3} | {:.3} | {} |",
                name,
                tp as f64 / predicted.max(1) as f64,
                tp as f64 / support.max(1) as f64,
                support
            );
        }
        let _ = writeln!(
            out,
            "\nConfusion matrix (rows: label, columns: predicted; order {}):\n",
            CATEGORIES.join(", ")
        );
        for (name, row) in CATEGORIES.iter().zip(&self.m) {
            let _ = writeln!(out, "    {name:<15} {row:?}");
        }
    }
}

fn main() {
    let dir: PathBuf = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("CONSENTRY_SHARED_DATA").ok())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            // As the tests look for it: next to the repository, else this machine's copy
            // (a clean clone elsewhere, as CI makes).
            let beside = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data"));
            if beside.join("SOURCES.md").exists() {
                beside
            } else {
                PathBuf::from("/work/shared/data")
            }
        });
    let epochs: usize = knob("EPOCHS", 40);
    let all = load(&dir);
    let mut by_source: BTreeMap<(String, usize), usize> = BTreeMap::new();
    for e in all.iter().filter(|e| trains(e)) {
        *by_source.entry((e.source.clone(), e.label)).or_default() += 1;
    }
    // 5-fold cross-validation over the dev split, and over our labelled sample in folds of its
    // own: each fold's rows of both are held out of training.
    let mut cv = Confusion::default();
    let mut cv_extra = Confusion::default();
    // The model alone (argmax, no rules), to show what the rules add.
    let mut cv_model = Confusion::default();
    let held = |e: &Example, fold: u32| e.dev_id.or(e.extra_id).is_some_and(|id| id % 5 == fold);
    for fold in 0..5u32 {
        let train_set: Vec<&Example> = all.iter().filter(|e| !held(e, fold) && trains(e)).collect();
        let (m, _) = model_of(&train(&train_set, epochs));
        for e in all.iter().filter(|e| held(e, fold)) {
            let got = CATEGORIES
                .iter()
                .position(|c| *c == classify_with(&m, &e.text).category)
                .unwrap_or(2);
            if std::env::var("SHOW_ERRORS").is_ok() && got != e.label {
                eprintln!(
                    "{}{} -> {}: {}",
                    if e.dev_id.is_some() { "" } else { "extra " },
                    CATEGORIES[e.label],
                    CATEGORIES[got],
                    e.text.chars().take(140).collect::<String>()
                );
            }
            if e.dev_id.is_none() {
                cv_extra.add(e.label, got, &e.text);
                continue;
            }
            cv.add(e.label, got, &e.text);
            let p = m.probabilities(&features(&e.text).features);
            let alone = (0..4).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap_or(2);
            cv_model.add(e.label, alone, &e.text);
        }
    }
    // The shipped model: every example.
    let refs: Vec<&Example> = all.iter().filter(|e| trains(e)).collect();
    let (final_model, bytes) = model_of(&train(&refs, epochs));
    let mut held_in = Confusion::default();
    for e in all.iter().filter(|e| e.dev_id.is_some()) {
        let got = CATEGORIES
            .iter()
            .position(|c| *c == classify_with(&final_model, &e.text).category)
            .unwrap_or(2);
        held_in.add(e.label, got, &e.text);
    }
    // MODEL_OUT lets `make check-model` retrain elsewhere and compare with the committed files.
    let out_dir = std::env::var("MODEL_OUT").map_or_else(
        |_| Path::new(env!("CARGO_MANIFEST_DIR")).join("data/model"),
        PathBuf::from,
    );
    std::fs::write(out_dir.join("outbound_model.bin"), &bytes).expect("write model");
    let gz = {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(&bytes).expect("gzip");
        e.finish().expect("gzip").len()
    };
    let mut r = String::new();
    let _ = writeln!(r, "# Outbound classifier: training report\n");
    let _ = writeln!(r, "Generated by `make model` (`examples/train_model.rs`); deterministic. Do not edit by hand.\n");
    let _ = writeln!(r, "Model: multinomial logistic regression, {BUCKETS} hashed features (words, four-letter prefixes of longer words, signal flags), AdaGrad with averaged weights, {epochs} epochs, weights quantised to int8 per class. Size {} bytes, {} bytes gzip.\n", bytes.len(), gz);
    let _ = writeln!(
        r,
        "## Training data\n\n| source | category | rows | weight |\n| --- | --- | --- | --- |"
    );
    for ((s, l), n) in &by_source {
        let w = all
            .iter()
            .find(|e| &e.source == s)
            .map_or(0.0, |e| e.weight);
        let _ = writeln!(r, "| {s} | {} | {n} | {w} |", CATEGORIES[*l]);
    }
    let _ = writeln!(r, "\nSources and licences: `../shared/data/SOURCES.md`; attribution in `NOTICE`. The corpora are not shipped.\n");
    let _ = writeln!(
        r,
        "Training choices, measured with the same cross-validation (marketing-vs-rest accuracy, mean over \
         shuffle seeds 1-5 with `SEED`; one seed moves it by about 1 point, so small differences are noise). \
         The earlier setting (last weights, learning rate 0.3, 8 epochs, ExAIS alerts and promotions at 0.6) \
         gave 0.795. Averaged weights 0.800; with learning rate 0.05 and 30 epochs 0.815; 0.02 and 40 epochs \
         0.824 (0.01-0.03 and 20-40 epochs all 0.815-0.825). ExAIS sender-labelled rows: promotions from \
         short codes hurt (many are subscription content and notices the dev split calls transactional): \
         without them 0.843; alerts at 0.3 keep transactional recall (0.53 against 0.33 without them) and \
         leave 2 bank or code alerts read as marketing (7 without them). SpamHunter at 0.5 or 2 and chat at \
         0.3 changed nothing beyond noise. Then features: word bigrams dropped 0.859 (they fit the training \
         rows, not the unseen ones); four-letter prefixes of longer words added 0.856 with transactional \
         recall 0.56 and 2-3 alerts read as marketing (4 without them), kept. Earlier: 16,384 features 0.811 (52 KB gzip); character 4-grams \
         0.789; SuperSMS chat as conversational 0.80; SuperSMS spam as marketing 0.68 (its smishing drowns \
         fraud). The dev split marks 186 of 800 rows ambiguous; most errors are marketing/fraud and \
         marketing/conversational borderline cases.\n"
    );
    let _ = writeln!(
        r,
        "Rules over the model (`src/outbound/classify.rs`): an OTP, account, security, order, appointment or \
         travel update or a subscription or opt-out confirmation without promotion, lure or a link that hides its owner is transactional; a credential, parcel or unpaid-toll lure or a look-alike \
         domain with a link (not a government domain's or the sender's own) is fraud, and so is a security \
         alert whose link hides its owner or is not the sender's own, and so is a promise of money with a messaging-app contact (\"earn $500/day, \
         WhatsApp ...\"), and a prize claimed by calling a premium-rate number (\"you have won, call 0906...\"), and a table of absurd returns; an online gambling ad that claims no prize won is marketing; a message with an opt-out instruction, a price, two kinds of promotion, a \
         call to buy or a prize with a link or a keyword to text to a short code (\"txt MUSIC to 87066\") is not a chat, nor is \
         a message that opens with a sender's name (\"Acme Books: ...\") or carries a USSD code; an \
         update asking for such a keyword is marketing (mixed), unless it is a usage or expiry notice renewing the same service. The short-code keyword, a signal since this \
         report's model, moved the 5-seed mean from 0.856 to 0.859 and left 2 code or account alerts read as marketing (3 before); \
         the sender-name rule and the service-notice signals left it at 0.859 (the dev split's chats rarely carry a name \
         prefix; our fifth composed batch went from 12 to 20 of 26 right). The money-and-messenger rule, with a \
         percentage of something (\"80% of your data\") no longer read as a discount, left the 5-seed mean at 0.859 \
         and fixed the sixth batch's job scam and data-usage notice. The premium-rate prize rule \
         raised fraud recall on this cross-validation from 110 to 118 of 160 and the 5-seed mean to 0.862; \
         subscription confirmations (\"you have subscribed to ...\") as transactional evidence, to 0.864; \
         a usage or expiry notice whose only keyword renews the same service (\"Text 2H to 131 to buy another \
         bundle\") kept transactional, to 0.866; a prize with a link not read as a chat, to 0.867; political campaign, \
         survey and donation wording as promotion evidence (labelled README), to 0.868; SIM registration and barring \
         notices as service notices, and \"shop\" after a determiner (\"visit any Airtel shop\") as a place rather than a \
         call to buy, left it at 0.868; a table of absurd returns (\"600rb GET 7jt 1jt GET 15jt ...\") as fraud, to 0.870; \
         online gambling ads as marketing unless they claim a prize already won (labelled README; a rule only: as a \
         model feature the gambling words taught it that lottery scams are ads), to 0.873; a price offered (\"for just N1,000\", \
         \"N100 ONLY\", \"@N50/wk\") as an offer, to 0.876 (with \"at N100\" too it was 0.875 and read \"credited with N45 at N5 \
         service charge\" as marketing); opt-out confirmations (\"you have been unsubscribed\", \"vous ne recevrez plus\") as \
         transactional evidence, to 0.878; a \"Please call me\" request followed by an offer, a dial code or an opt-out \
         (the operator's ad appended; labelled README) as marketing, to 0.879; group-notice wording (\"be punctual\", \
         \"venue of meeting\", \"all members\"; labelled README: transactional) as service notices, to 0.881; a USSD code (\"Dial *321#\") as never a chat's, to 0.882; a job lure (\"you have been shortlisted\", \"part-time job\") \
         with a link, or with promised pay, as fraud, to 0.883; more calls to act (\"reserve now\", \"apply now\", \
         \"register now\", \"follow us\"), to 0.886; a \"new number\" story moving the talk to a messaging app as \
         fraud, and an offer that the model reads as fraud but that gives no way to reach anyone (no link, number, \
         messaging app, or word such as click, call or reply) as the model's next guess, left it unchanged; daily quotes \
         (a quotation ending in its author's name, or a saying with two abstract nouns and no link, number or \
         personal word; labelled README: subscription content is transactional) read as chat are transactional, which \
         raised transactional recall from 0.640 to 0.667 and left marketing-vs-rest unchanged; parcel lures and prize claims in \
         es, fr, de, pt, it, nl and id, and a prize claimed through a messaging app as fraud, left it unchanged. \
         Then our labelled sample (below) was drawn and labelled, and its texts were taken out of the corpora read \
         by source label so that it stays unseen: that alone moved the 5-seed mean from 0.886 to 0.881 (noise, or \
         the source labels of those texts helping). Its errors led to three rules, measured on both sets: an \
         allowance already held (\"you have 5 MB free data\", \"granted a bonus of 1 SMS\": a verb of having or \
         receiving before, an amount beside) is not an offer, and a security alert with a link that hides its owner \
         (a hyphen or digits in the domain, a shortener: \"if this was not you visit hsbc-recent-payee.com\"; every \
         such dev-split row is fraud) is fraud, to 0.883 (four-way 0.816 to 0.820); \"free shipping\" in ten more \
         languages, from our composed messages; 29 more abstract nouns of sayings (\"mistakes\", \"regret\", \
         \"attitude\") changed no dev-split reading and read 4 more of our sample's subscription sayings as the \
         transactional content they are (and no UCI chat). Expiry notices (\"expires on\", \"has expired\" and \
         the same in 9 more languages: \"vence el\", \"expire le\", \"akan berakhir\") as strong transactional \
         evidence, and a fraud reading without any way to reach the victim giving way whether or not the \
         message offers something, to 0.884 (four-way 0.822; our sample 0.845). Our sample as training rows \
         (below) with a brand's own plain domain (\"Acme Spa: ... acme.spa/gift\") undoing a fraud reading that \
         has no lure, and RSVP, \"buy online\", property listings and the cloud-storage scam as evidence, to \
         0.887 (four-way 0.829); a second batch of 384 labelled rows (read at 0.870 by that model before it \
         trained on them), and a person greeted by name and asked something as a chat, to 0.894 (four-way 0.840); \
         a third of 384 (read at 0.901 by that model before it trained on them), a greeting with the writer's name \
         as a chat and a campaign's call as selling, to 0.897 (four-way 0.847); a fourth of 388 (read at 0.876 \
         before), with credential lures and look-alike domain words in 8 more languages, to 0.904 (four-way 0.853); \
         a fifth of 379 (read at 0.897 before) left it at 0.904 (four-way 0.849): the dev split's figure has \
         stopped rising with more of our rows, while our sample's own cross-validation still rises. With all \
         five, our rows at weight 1, 1.5, 2, 3 and 5 (the dev split's is 3) gave 0.906, 0.907, 0.906, 0.904 and \
         0.900: weight 2 is kept. A sixth batch of 379 (read at 0.923 before) left the dev split at 0.906 \
         (four-way 0.852), with chat recall down from 0.939 at the start of these batches to 0.903; UCI and ExAIS \
         chat at weight 0.3 instead of 0.1 gave 0.907 (four-way 0.853) and chat recall 0.921, kept (at 1: \
         0.907, four-way 0.847). Calls to book or sign up and early-bird pricing (our twelfth composed batch), and \
         to reserve a copy, order by a date or grab a slot, and \"is back\" (four known misses of our composed \
         messages) left it there. Our rows from the UCI file (400) are then kept as a test only: its spam pool is \
         small (747 texts) and the sealed evaluation split draws about 125 rows from it, so our labels of it \
         would overlap that split the most, and as training rows they did not help (0.908 without them, \
         four-way 0.851). The other pools are larger or were already read whole by source label (SpamHunter's \
         labelled file, ExAIS), but some of our rows are surely also rows of the sealed split: an evaluation \
         there reads those as held-in. A typed emoticon (\":)\", \":-P\") with no promotion, link, opt-out or sender \
         prefix as a chat changed no dev-split reading and read 25 more of the UCI chats as chats (their \
         marketing readings 104 to 95 of 4,827). Unpaid tolls and traffic fines in 7 languages as a lure, \
         like a parcel fee, when a link goes neither to a government domain nor to the sender's own (the \
         E-ZPass toll scam of our thirteenth composed batch), left the 5-seed mean at 0.908 (four-way \
         0.851). A business's seasonal greeting, survey or open invitation as promotion (kind event) and a \
         message with one read as a notice, a chat or a lure-free fraud with plain links as marketing, and \
         \"invest\" as a promise of money (our fifteenth composed batch, on the labelled README's judgement \
         calls), 0.907 (four-way 0.851; one dev-split message either way is 0.001). A parcel delivered in 7 \
         more languages as an order update (our sixteenth batch), with an update whose link hides its owner \
         (a shortener, digits or a hyphen in the registered name; a shortener under a sender's name excepted) \
         left to the model instead of read as a notice: 0.907 (four-way 0.854, fraud recall 0.781 to 0.800; \
         of SuperSMS's texts 280 spam texts went from transactional to fraud, and no ham text); a link under a \
         top-level domain most abused for phishing (.top, .xyz, .info, .site, ...) as hiding its owner too left \
         it there and read 52 more corpus scams (\"mijnpostnlzending.info\", \"maybnaks.online\") as fraud. Credential lures read from the corpora's \
         spam still read as notices (reward points \"into cash\", \"update your billing information\", \"new \
         recipient\", \"claim your refund\", \"confirm your mobile number\"), 0.907 (four-way 0.856; 127 more \
         corpus scams read as fraud, no ham text moved). The named offer an account already took part in, \
         after a receipt (\"You have received 125MB extra data in the MTN Data Delight offer\"), as account news, \
         not an offer: 0.908 (four-way 0.856), and no code or account alert read as marketing; a rate of pay \
         (\"$300/day\") with a messaging-app contact as the job scam (our seventeenth batch), 0.908; card-fraud \
         checks (\"Did you attempt a purchase ...?\", \"sim swap\") as security notices, and a security notice \
         whose link is not the sender's own plain domain as fraud (before: only a link that hides its owner), \
         0.908, with 139 more corpus scams (\"HSBC: A payment was attempted from a new device. If this was not \
         you visit ...\") read as fraud and no SuperSMS ham text moved. Money off (\"$20 off\") as a discount, a \
         price beside an opt-out with nothing transactional found as an offer (\"Join for $0 enrollment ... Reply \
         STOP\" was a notice: the model learnt \"reply STOP\" from subscription notices), and outages and loans due \
         back as notices (our eighteenth batch), 0.908 (four-way 0.856), no SuperSMS ham text moved; card-spending \
         notices (\"You've spent £23.40 at Tesco. Balance £412.09\") as account alerts (our nineteenth), 0.908; \
         \"everyone welcome\" as an invitation, blood and donation appeals as a campaign's, and \"ballot\" alone no \
         longer a campaign word, an election office's receipt of one a notice (our twenty-first), 0.908; an introduction after the name \
         greeted (\"Hi Tom, this is Dr. Lee's office\") as a chat, \"is on us\" as an offer, and a promise of \
         earnings with a rate of pay (\"Earn $300-$500/day working from home\") as the job scam, a rate of pay being \
         more than a count of days (\"LAST 2 DAY\" was one; our twenty-third), 0.908 (four-way 0.857), 9 more \
         SuperSMS spam texts (job scams) read as fraud and no ham text moved; card, transfer and balance notices \
         in 7 more languages as account news, greetings and introductions in 9 languages as a chat's, with a \
         campaign's call in 5 (our twenty-fourth), 0.908 (four-way 0.857); a greeted person and a writer speaking \
         of themself as a chat, asking for a one-time code back as fraud, and expiring rewards behind a link \
         that hides its owner as fraud (our twenty-fifth), 0.908 (four-way 0.856), no SuperSMS ham text moved; a utility \
         interrupted for works as a service notice (our twenty-sixth) moved no reading here; multi-buy offers (\"3 for 2\"), \
         parcels on hold or missing a house number as lures, and a fraud reading set aside for want of a way to reach \
         the victim not coming back through a sender's name (our twenty-seventh), 0.907, with 2 more of our sample's \
         scams read as fraud; sign-in codes and card and transfer notices in more wordings, and \"si no la reconoces\" as a \
         card-fraud check (our twenty-eighth), 0.907; money received, paid or transferred as account news, codes in two \
         groups of three, a merchant's domain in capitals not read as a link, and links under the top-level domains \
         most used by phishing (.icu, .top, .cf, ...) read as links (our twenty-ninth), 0.909 (5-seed 0.909, four-way \
         0.857), no SuperSMS ham text moved; three scams that copy a legitimate message word for word (a renewal callback, a \
         wrong-number opener, a Zelle check) stay known misses (our thirtieth); out-for-delivery and works notices in 5 \
         more languages (our thirty-first) moved no reading here; common US shapes (our thirty-second, 26 of 26 at \
         first) and GB, AU, CA and IN shapes (our thirty-third, 19 of 20) led to no change: reading a charity's ask \
         on a fraud reading as marketing, as a business's greeting is, fixed the one miss but turned 34 corpus scams \
         (advance-fee \"donate my fund to you\", fake job forms) into marketing; the Correios customs-fee lure \
         (our thirty-fourth) moved no reading here; a bill ready to view as account news (our thirty-fifth, 19 of 20 \
         common US shapes at first) and an amount right after a verb of receipt as money moved, not a price (our \
         thirty-sixth, 19 of 20 GB shapes) moved no reading here either; nor did a sender's name in front of a \
         message all in lower case, a link under an abused top-level domain in one all in capitals, and alerts \
         about a named account (\"account ending\", \"low balance\", \"was declined\") as account news, found by \
         probing our composed messages in capitals, in lower case and with an opt-out footer added. A chat \
         reading with an offer and a link, or with a clause that opens with a verb of buying, booking or trying \
         and holds a link (\"Book a table at acme.com\", \"Jetzt bestellen: acme.de\"), as marketing, and \
         abandoned-cart and app-install calls as calls to buy (our forty-first set, 14 of 20 soft ads read as \
         chats, notices or fraud at first) moved no reading here either. \"Try our new\", \"pre-approved\" and \
         \"pre-qualified\" as promotion (our forty-second set: an update with an upsell read as a plain notice) \
         left it at 0.909 (5-seed 0.908). Sending a keyword to a short code in 8 more languages (\"Envía OFERTA al \
         12345\"; \"no\" and its translations never the keyword, as footers send them) and promotion codes in 11 \
         more languages (our forty-third set) left the dev split's 5-seed mean at 0.909 and raised our sample's \
         from 0.891 to 0.892. A chat reading of a message with a web link and nothing a person writes as the \
         likeliest of marketing and notice (our forty-fourth set: ads with a bare link read as chats) moved the \
         dev split's 5-seed mean from 0.9086 to 0.9074 and left four-way at 0.857 (the rows it moved were \
         misread before and after); 26 of SuperSMS's spam texts and 1 UCI chat left the chat reading. \
         Waived joining fees, restocks, gifts pitched, a new menu in 6 languages and a table to book as \
         promotion, a campaign's ask with a link as never a chat's, and 33 generic top-level domains that \
         businesses register (\"acme.jobs\", \"glow.salon\") as link endings in lower case (our forty-eighth \
         set) left the 5-seed means at 0.907 (four-way 0.857, our sample 0.892). Headline words \
         (\"Hurry:\", \"Today only:\", \"Don't miss out:\") no longer taken for a sender's name, and \
         \"tonight only\" as urgency, left them there. New shops, products and open days in 12 languages as \
         offers and an invitation to come (\"te esperamos\", \"zapraszamy\") as a call to act (our fiftieth \
         set: 14 of 16 openings read as chats) moved the dev split's 5-seed mean to 0.9072. A chat reading \
         of a sale announced (\"soldes\", \"uitverkoop\", \"распродажа\") with nothing a person writes as \
         marketing (our fifty-first set: 12 of 15 read as chats) left it there; 3 SuperSMS chats moved. \
         Words that only hold the letters of stop (\"nonstop\", \"unstoppable\") no longer read as an opt-out, \
         and \"no longer wish to receive\" announces one (our footers' twenty-fifth set): 0.9070. \
         Discount and sale words in 11 more languages (\"sleva\", \"kedvezmény\", \"знижка\", \"punguzo\") as \
         offers and sale words, and a percentage typeset with a space (\"30 %\") as one (our fifty-second set: \
         13 of 16 shoe-sale texts read as chats), left the weights and every dev-split reading as they were. \
         A sale named by its day (\"Black Friday starts now\") and points multiplied (\"2x points\") as a sale \
         announced (our fifty-third set) left them there too. \
         Card checks with the amount inside (\"Did you make a $499.99 purchase at BEST BUY?\", read as an offer \
         beside an opt-out) as security notices, and verification codes in 14 more languages (our fifty-fourth \
         set) left them there as well, with 5 corpus codes read as the notices they are. \
         An account alert with no promotion whose link hides its owner as fraud (fake debit and credit alerts \
         read as marketing; our fifty-fifth set) moved no dev-split reading and 48 corpus scams into fraud. \
         Opt-out footers in 8 more languages (\"trimite STOP la 1234\", \"tuma STOP kwa\", \"svara STOP\"; our footers' \
         twenty-seventh set), which the model reads as a signal, retrained the weights: the 5-seed mean stayed \
         0.9070 and the default seed's reading moved by one message (0.909 to 0.907). \
         Local ads in plain US wording (\"Kids eat free every Tuesday\", \"Zero down financing\", \"Wings are 50 \
         cents tonight\", \"a free appetizer with any entree\"; our fifty-sixth set: 13 of 30 read as chats) \
         gave offers, sale words and prices in cents, which retrained the weights: no dev-split reading moved, \
         and our sample went from 0.892 to 0.893. \
         A percentage of change or progress (\"20% higher than usual\", \"75% complete\") no longer read as a \
         discount, a free trial ending as the account's own, and an amount in an update the model reads as a \
         chat as that update (our fifty-seventh set: 12 of 30 notices read as marketing) left the weights and \
         every dev-split reading as they were. \
         Business news and invitations (\"New listing just hit the market\", \"our new location\", \"join us for\", \
         giveaways) as promotion and a service falling due as an order update (our fifty-eighth set) \
         retrained the weights: no dev-split reading moved; our sample's four-way rose from 0.827 to 0.828. \
         Doorbusters and early access as offers (our fifty-ninth set: three retailer ads read as notices) \
         left the weights and every dev-split reading as they were. \
         The dev \
         split's transactional rows are mostly telco \
         and subscription notices, so these rules are checked on our own typical messages instead \
         (`tests/data/messages_composed.tsv`, thirty-six batches written before the changes they led to; of the first 23 \
         the earlier model alone read 16). On this \
         cross-validation the model alone gives {:.3} marketing-vs-rest and the model with the rules {:.3}.\n",
        cv_model.marketing_vs_rest(),
        cv.marketing_vs_rest()
    );
    let _ = writeln!(
        r,
        "## 5-fold cross-validation on the dev split (model and rules, each fold unseen)\n"
    );
    let _ = writeln!(
        r,
        "Marketing-vs-rest accuracy: **{:.3}** ({} messages).\n",
        cv.marketing_vs_rest(),
        cv.total()
    );
    cv.report(&mut r);
    let _ = writeln!(
        r,
        "\nTransactional messages with a code or account alert predicted marketing: {}.",
        cv.otp_as_marketing.len()
    );
    for t in &cv.otp_as_marketing {
        let _ = writeln!(r, "- {}", t.chars().take(160).collect::<String>());
    }
    let _ = writeln!(
        r,
        "\n## Held-in (the shipped model on the dev split it was trained on)\n"
    );
    let _ = writeln!(
        r,
        "Marketing-vs-rest accuracy: {:.3}.\n",
        held_in.marketing_vs_rest()
    );
    held_in.report(&mut r);
    if cv_extra.total() > 0 {
        let right: usize = (0..4).map(|c| cv_extra.m[c][c]).sum();
        let _ = writeln!(
            r,
            "\n## Our labelled sample (5-fold, each fold unseen)\n\n\
             {} messages drawn from the same corpora and strata as the dev split and labelled by us \
             with its conventions (`data/model/labelled_extra.tsv`, drawn by \
             `scripts/sample-outbound-for-labelling.py`): labels by other hands than the dev \
             split's, so a second estimate beside the one above. {}\n\n\
             Marketing-vs-rest accuracy: **{:.3}**; all four categories: {:.3}.\n",
            cv_extra.total(),
            if knob("W_EXTRA", 2.0) > 0.0 {
                "Trained on at weight 2 beside the dev split, in folds of their own (each fold's \
                 rows unseen by its model). By batch (386, 384, 384, 388, 379, 379 rows) the dev \
                 split's 5-seed means went 0.887, 0.894, 0.897, 0.904, 0.904, 0.906 (four-way 0.829, \
                 0.840, 0.847, 0.853, 0.849, 0.852; from the fifth at weight 2); kept out of training (`W_EXTRA=0`) they are 0.881 and 0.819. Each batch \
                 turned some of our composed typical messages wrong when first trained on, which \
                 led to rules: a brand's own domain, RSVP and \"buy online\", the cloud-storage \
                 scam and property listings (first); a person greeted by name and asked something \
                 (second); a greeting with the writer's name (\"Hey, it's Tom from the shop\") and \
                 a campaign's call on a transactional reading (third); credential lures and \
                 look-alike domain words in 8 more languages (fourth); a greeted or introduced \
                 person's question on a transactional reading with nothing transactional found \
                 (fifth); with those, none."
            } else {
                "Never trained on (`W_EXTRA=0`): the dev split's cross-validation models read them."
            },
            cv_extra.marketing_vs_rest(),
            right as f64 / cv_extra.total() as f64
        );
        cv_extra.report(&mut r);
    }
    std::fs::write(out_dir.join("REPORT.md"), &r).expect("write report");
    print!("{r}");
}
