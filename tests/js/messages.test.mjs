// Outbound messages through the packed package in Node: smsSegments agrees with the npm
// package sms-segments-calculator on every message of the shared corpora (disagreements are
// printed with their reason), classifyMessage and checkMessage give the same answers as the
// native CLI, emails check as raw text and as parts, and bad input gets typed errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fixture, repo } from "./helpers.mjs";
import { sharedData, parseCsv } from "./shared-data.mjs";

const c = await import(join(fixture(), "node_modules/consentry/dist/entry/node.mjs"));
const { SegmentedMessage } = createRequire(import.meta.url)("sms-segments-calculator");

function corpora() {
  const texts = [];
  const csv = (name, col) => parseCsv(readFileSync(sharedData(name), "utf8")).map((r) => r[col]);
  texts.push(...csv("labelled/outbound_messages_dev.csv", "text"));
  texts.push(...csv("labelled/inbound_replies_dev.csv", "text"));
  texts.push(...csv("spamhunter_tweet_sms_2018_2022.csv", "text"));
  texts.push(...csv("spamhunter_labelled_947.csv", "SMS Translation"));
  texts.push(...csv("super_sms_ds_latest.csv", "SMSes"));
  texts.push(...csv("exais_sms_nigeria.csv", "text"));
  for (const line of readFileSync(sharedData("sms_spam_collection.tsv"), "utf8").split("\n")) {
    const tab = line.indexOf("\t");
    if (tab > 0) texts.push(line.slice(tab + 1));
  }
  return texts.filter((t) => typeof t === "string");
}

// GSM 03.38 as the standard defines it (3GPP TS 23.038 6.2.1): the calculator also counts
// these as GSM-7, which the standard does not (see the disagreement notes below).
const GSM_BASIC = new Set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà");
const GSM_EXT = new Set("\f^{}\\[~]|€");

/** Why the two libraries disagree on a text, or null when we cannot explain it. */
function explain(text, ours, theirs) {
  const chars = [...text];
  const outside = chars.filter((ch) => !GSM_BASIC.has(ch) && !GSM_EXT.has(ch));
  if (ours.encoding === "UCS-2" && theirs.encodingName === "GSM-7" && outside.length > 0) {
    return `calculator treats ${JSON.stringify([...new Set(outside)].join(""))} as GSM-7 (not in GSM 03.38; it maps them as a "smart encoding" would)`;
  }
  return null;
}

test("smsSegments agrees with sms-segments-calculator on every corpus message (or the difference is explained)", () => {
  const texts = corpora();
  let same = 0;
  const explained = new Map();
  const unexplained = [];
  for (const t of texts) {
    const ours = c.smsSegments(t);
    const theirs = new SegmentedMessage(t);
    if (ours.encoding === theirs.encodingName && ours.segments === theirs.segmentsCount) {
      same++;
      continue;
    }
    const why = explain(t, ours, theirs);
    if (why) explained.set(why, (explained.get(why) ?? 0) + 1);
    else unexplained.push({ t, ours: [ours.encoding, ours.segments], theirs: [theirs.encodingName, theirs.segmentsCount] });
  }
  console.log(`smsSegments vs sms-segments-calculator: ${same}/${texts.length} identical`);
  for (const [why, n] of explained) console.log(`  ${n} x ${why}`);
  for (const u of unexplained.slice(0, 10)) console.log("  unexplained:", JSON.stringify(u));
  assert.equal(unexplained.length, 0);
  assert.ok(texts.length > 60_000);
});

test("smsSegments edge cases: 160/161, extension characters at a boundary, emoji at 70/71", () => {
  const seg = (t) => {
    const o = c.smsSegments(t);
    const s = new SegmentedMessage(t);
    assert.equal(o.segments, s.segmentsCount, `${t.length} chars`);
    assert.equal(o.encoding, s.encodingName);
    return o;
  };
  assert.equal(seg("a".repeat(160)).segments, 1);
  assert.equal(seg("a".repeat(161)).segments, 2);
  assert.equal(seg("a".repeat(306)).segments, 2);
  assert.equal(seg("a".repeat(307)).segments, 3);
  // € costs two septets and is never split: 152 + € would straddle 153.
  const ext = seg("a".repeat(152) + "€" + "a".repeat(10));
  assert.deepEqual([ext.units, ext.segments], [164, 2]);
  assert.equal(seg("€".repeat(80)).segments, 1);
  assert.equal(seg("€".repeat(81)).segments, 2);
  // UCS-2: 70 units alone, 67 concatenated; an emoji is two units, never split.
  assert.equal(seg("😀".repeat(35)).segments, 1);
  assert.equal(seg("😀".repeat(36)).segments, 2);
  assert.equal(seg("ж".repeat(70)).segments, 1);
  assert.equal(seg("ж".repeat(71)).segments, 2);
  const pair = seg("a".repeat(66) + "😀" + "a".repeat(10));
  assert.deepEqual([pair.units, pair.segments, pair.nonGsmCharacters], [78, 2, ["😀"]]);
});

test("classifyMessage and checkMessage match the native CLI on the dev split", () => {
  const rows = parseCsv(readFileSync(sharedData("labelled/outbound_messages_dev.csv"), "utf8"));
  const texts = rows.map((r) => r.text);
  const cli = join(repo, "target/release/consentry");
  assert.ok(existsSync(cli), "build the CLI first (make test-js does)");
  const out = spawnSync(cli, ["check-message", "-", "--jurisdiction", "US", "--brand", "Acme", "--json"], {
    input: texts.join("\n") + "\n",
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  assert.ok(out.status === 0 || out.status === 1, out.stderr);
  const native = out.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.equal(native.length, texts.length);
  let marketing = 0, right = 0;
  texts.forEach((t, i) => {
    const js = c.checkMessage(t, { jurisdiction: "US", brand: "Acme" });
    assert.deepEqual(js, native[i], t);
    const cls = c.classifyMessage(t);
    assert.deepEqual(cls, js.classification);
    right += (cls.category === "marketing") === (rows[i].category === "marketing") ? 1 : 0;
    marketing += rows[i].category === "marketing" ? 1 : 0;
  });
  console.log(`wasm = native on ${texts.length} messages; marketing-vs-rest held-in accuracy ${(right / texts.length).toFixed(3)}`);
  // findOptOut through wasm: F1 on the labels.
  let tp = 0, fp = 0, fn = 0;
  for (const r of rows) {
    const o = c.findOptOut(r.text);
    const want = r.has_optout === "yes";
    if (o.present && want) tp++;
    else if (o.present) fp++;
    else if (want) fn++;
  }
  const f1 = (2 * tp) / (2 * tp + fp + fn);
  console.log(`findOptOut F1 ${f1.toFixed(3)} (tp ${tp}, fp ${fp}, fn ${fn})`);
  assert.ok(f1 >= 0.98);
});

test("checkMessage: jurisdictions, fix with its segment cost, email as parts", () => {
  const r = c.checkMessage("20% off all shoes this weekend!", { jurisdiction: "US", brand: "Acme" });
  assert.equal(r.ok, false);
  assert.deepEqual(r.issues.map((i) => i.code).sort(), ["OPT_OUT_MISSING", "SENDER_MISSING"]);
  assert.equal(r.fix.text, "Acme: 20% off all shoes this weekend!\nReply STOP to opt out");
  assert.equal(r.fix.segments.encoding, "GSM-7");
  assert.equal(r.fix.addedSegments, 0);
  assert.equal(c.checkMessage(r.fix.text, { jurisdiction: "US", brand: "Acme" }).ok, true);
  const au = c.checkMessage("Acme: 20% off today", { jurisdiction: "AU" });
  assert.equal(au.issues.find((i) => i.code === "OPT_OUT_MISSING").rule, "AU-SPAM-04");
  assert.match(au.fix.text, /Unsub: reply STOP$/);
  assert.deepEqual(c.checkMessage("Acme: 20% off today", { jurisdiction: "de" }).jurisdictions, ["EU"]);
  const email = c.checkMessage(
    { subject: "Spring sale", html: "<p>30% off at Acme this week</p>", headers: { From: "Acme <news@acme.example>" } },
    { jurisdiction: "US", brand: "Acme", optOutUrl: "https://acme.example/u/1", postalAddress: "Acme Inc, 123 Main St, Springfield, IL 62701" },
  );
  assert.equal(email.ok, false);
  assert.ok(email.issues.some((i) => i.code === "LIST_UNSUBSCRIBE_MISSING"));
  assert.deepEqual(email.fix.headers.map((h) => h.name), ["List-Unsubscribe", "List-Unsubscribe-Post"]);
  assert.deepEqual(email.fix.unresolved, []);
  assert.equal(email.segments, null);
});

test("checkMessage on a real raw email (mail-parser corpus) matches the native CLI", () => {
  const file = join(repo, "target/email-fixtures/mail_test_13.eml");
  assert.ok(existsSync(file), "run node scripts/fetch-email-fixtures.mjs (make test does)");
  const raw = readFileSync(file, "latin1");
  const js = c.checkMessage(raw, { channel: "email", jurisdiction: "US" });
  assert.equal(js.email.oneClick, true);
  assert.equal(js.email.subject, "New Webinar: So, You Have A Disaster... Now What?");
  const out = spawnSync(join(repo, "target/release/consentry"), ["check-message", "--channel", "email", file, "--jurisdiction", "US", "--json"], { encoding: "utf8" });
  const native = JSON.parse(out.stdout);
  assert.deepEqual(js.issues, native.issues);
  assert.deepEqual(js.email, native.email);
});

test("bad input: typed errors, nothing thrown from inside the wasm", () => {
  const code = (f) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof c.ConsentryError, String(e));
      return e.code;
    }
    return "none";
  };
  assert.equal(code(() => c.checkMessage(42)), "INVALID_ARGUMENT");
  assert.equal(code(() => c.checkMessage("x", { jurisdiction: "Mars" })), "INVALID_ARGUMENT");
  assert.equal(code(() => c.checkMessage("x", { category: "spam" })), "INVALID_ARGUMENT");
  assert.equal(code(() => c.checkMessage("x", { firstMessage: "yes" })), "INVALID_ARGUMENT");
  assert.equal(code(() => c.checkMessage({ subject: 1 })), "INVALID_ARGUMENT");
  assert.equal(code(() => c.checkMessage({ text: "x" }, { channel: "sms" })), "INVALID_ARGUMENT");
  assert.equal(code(() => c.checkMessage("a".repeat(20_000))), "INPUT_TOO_LONG");
  assert.equal(code(() => c.smsSegments(null)), "INVALID_ARGUMENT");
  assert.equal(code(() => c.classifyMessage("x", { channel: "fax" })), "INVALID_ARGUMENT");
  // Hostile but valid input answers.
  assert.equal(c.smsSegments("\u{10FFFF}".repeat(100_000)).encoding, "UCS-2");
  assert.equal(typeof c.checkMessage("<a href=x>".repeat(50_000), { channel: "email" }).ok, "boolean");
});
