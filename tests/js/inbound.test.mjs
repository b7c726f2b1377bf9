// detectKeyword and checkOptOutConfirmation through the packed package in Node: the labelled
// dev split gives the same figures as natively, both the fast lane and the full path agree,
// and bad input gets typed errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fixture, repo } from "./helpers.mjs";
import { sharedData, parseCsv } from "./shared-data.mjs";

const c = await import(join(fixture(), "node_modules/consentry/dist/entry/node.mjs"));
const rows = parseCsv(readFileSync(sharedData("labelled/inbound_replies_dev.csv"), "utf8"));

test("labelled dev split through wasm: recall, false opt-outs, accuracy; native agrees", () => {
  let optOut = 0, caught = 0, ordinary = 0, falseOut = 0, correct = 0;
  const actsAsOptOut = (d) => d.intent === "opt_out" && d.confidence !== "review";
  for (const r of rows) {
    const d = c.detectKeyword(r.text);
    const got = d.confidence === "review" ? "none" : d.intent;
    correct += got === r.intent ? 1 : 0;
    if (r.intent === "opt_out") { optOut++; caught += actsAsOptOut(d) ? 1 : 0; }
    if (r.intent === "none") { ordinary++; falseOut += actsAsOptOut(d) ? 1 : 0; }
    // The fast lane and the full path (forced by an option that changes nothing) agree.
    const full = c.detectKeyword(r.text, { channel: "sms" });
    assert.deepEqual({ ...full, honorBy: null, honorByRule: null }, d, r.text);
  }
  console.log(`wasm: recall ${caught}/${optOut}, false opt-outs ${falseOut}/${ordinary}, accuracy ${correct}/${rows.length}`);
  assert.ok(caught / optOut >= 0.98);
  assert.ok(falseOut / ordinary <= 0.01);
  assert.ok(correct / rows.length >= 0.95);
  // Native CLI, line by line, gives the same intents.
  const texts = rows.map((r) => r.text).filter((t) => !t.includes("\n") && !t.includes("\r"));
  const out = spawnSync(join(repo, "target/release/consentry"), ["reply", "-"], { input: texts.join("\n") + "\n", encoding: "utf8" });
  assert.equal(out.status, 0, out.stderr);
  const native = out.stdout.trimEnd().split("\n").map((l) => l.split("\t").slice(0, 3).join(" "));
  texts.forEach((t, i) => {
    const d = c.detectKeyword(t);
    assert.equal(native[i], `${d.intent} ${d.confidence} ${d.rule}`, t);
  });
});

test("options: profile, context, custom, locale, deadline", () => {
  assert.equal(c.detectKeyword("STOP", { profile: "twilio" }).providerWillBlock, true);
  assert.equal(c.detectKeyword("Stop please", { profile: "twilio" }).providerWillBlock, false);
  assert.equal(c.detectKeyword("STOP").providerWillBlock, null);
  assert.equal(c.detectKeyword("YES").intent, "none");
  assert.equal(c.detectKeyword("YES", { context: { lastOutboundWasOptInQuestion: true } }).intent, "opt_in");
  assert.equal(c.detectKeyword("Yes", { context: { optedOut: true } }).intent, "opt_in");
  const custom = c.detectKeyword("STOPFIFA", { custom: { opt_out: ["stopfifa"] } });
  assert.equal(custom.rule, "custom_keyword");
  const ca = c.detectKeyword("ARRÊT", { locale: "CA", jurisdiction: "CA", receivedAt: "2026-11-27T10:00:00Z" });
  assert.deepEqual([ca.intent, ca.keyword, ca.language, ca.honorBy], ["opt_out", "ARRET", "fr", "2026-12-11T10:00:00.000Z"]);
  const au = c.detectKeyword("stop texting me", { jurisdiction: "AU", receivedAt: Date.UTC(2026, 10, 27, 10) });
  assert.equal(au.honorBy, "2026-12-04T10:00:00.000Z");
  assert.match(au.honorByRule, /5 working days/);
  // An iPhone reaction sent as text quotes the business's footer and asks for nothing.
  const liked = c.detectKeyword("Liked \u201CAcme: 20% off! Reply STOP to opt out\u201D");
  assert.deepEqual([liked.intent, liked.confidence, liked.rule], ["none", "certain", "reaction"]);
  const scoped = c.detectKeyword("STOP 12345");
  assert.deepEqual([scoped.confidence, scoped.scope, scoped.fccListed], ["certain", "12345", true]);
  for (const t of ["ＳＴＯＰ", "S\u200bTOP", "“STOP”", "stop 🛑", "ᴜɴꜱᴜʙꜱᴄʀɪʙᴇ", "SТОP"]) {
    assert.equal(c.detectKeyword(t).intent, "opt_out", t);
  }
});

test("bad input: typed errors, huge input handled, module keeps answering", () => {
  for (const bad of [null, undefined, 42, {}, ["STOP"]]) assert.throws(() => c.detectKeyword(bad), { code: "INVALID_ARGUMENT" });
  assert.throws(() => c.detectKeyword("STOP", "twilio"), { code: "INVALID_ARGUMENT" });
  assert.throws(() => c.detectKeyword("STOP", { profile: "acme" }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => c.detectKeyword("STOP", { jurisdiction: "Narnia" }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => c.detectKeyword("STOP", { receivedAt: "yesterday" }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => c.detectKeyword("STOP", { custom: { opt_out: "stop" } }), { code: "INVALID_ARGUMENT" });
  const huge = "please do not stop by later ".repeat(40000);
  assert.equal(c.detectKeyword(huge).intent, "none");
  assert.equal(c.detectKeyword("\ud800STOP\udfff").intent, "opt_out");
  assert.equal(c.detectKeyword("STOP").intent, "opt_out");
});

test("checkOptOutConfirmation flags marketing", () => {
  const good = c.checkOptOutConfirmation("Acme: You're unsubscribed and will receive no more messages. Reply START to resubscribe.", { brand: "Acme" });
  assert.equal(good.ok, true, JSON.stringify(good));
  const bad = c.checkOptOutConfirmation("Sorry to see you go! Come back for 20% OFF: acme.com/deal");
  assert.equal(bad.ok, false);
  assert.equal(bad.marketing, true);
  assert.ok(bad.issues.some((i) => i.code === "CONFIRMATION_HAS_MARKETING" && /20% off/.test(i.message)));
  assert.ok(c.checkOptOutConfirmation("You are unsubscribed.", { brand: "Acme" }).issues.some((i) => i.code === "CONFIRMATION_MISSING_BRAND"));
});
