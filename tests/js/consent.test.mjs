// validateConsent and lintConsentText through the packed package in Node: a good form gives a
// complete record whose digest Node's crypto confirms; bad input (missing fields, wrong types,
// 1 MB consent text, script tags) gets field errors, never an exception from inside the wasm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fixture } from "./helpers.mjs";

const c = await import(join(fixture(), "node_modules/consentry/dist/entry/node.mjs"));

export const US_TEXT =
  "By checking this box, you agree to receive recurring automated marketing text messages from Acme Shoes at the number provided. Consent is not a condition of purchase. Msg frequency varies. Msg & data rates may apply. Reply HELP for help and STOP to cancel. Terms: https://acme.example/terms Privacy Policy: https://acme.example/privacy";

const good = () => ({
  phone: "(415) 555-2671",
  consentChecked: true,
  consentPrechecked: false,
  consentText: US_TEXT,
  termsUrl: "https://acme.example/terms",
  privacyUrl: "https://acme.example/privacy",
  source: "https://acme.example/join",
  ip: "203.0.113.7",
  userAgent: "Mozilla/5.0",
  submittedAt: new Date("2026-11-26T10:00:00Z"),
});
const US = { jurisdiction: "US", channel: "sms", brand: "Acme Shoes" };

test("a good form: ok, record complete, SHA-256 as Node computes it", () => {
  const v = c.validateConsent(good(), US);
  assert.equal(v.ok, true, JSON.stringify(v.errors));
  assert.deepEqual(v.errors, []);
  assert.equal(v.normalized.phone, "+14155552671");
  assert.equal(v.normalized.phoneType, "fixedLineOrMobile");
  const r = v.record;
  assert.equal(r.consentTextSha256, createHash("sha256").update(US_TEXT, "utf8").digest("hex"));
  assert.equal(r.submittedAt, "2026-11-26T10:00:00.000Z");
  assert.ok(Date.parse(r.recordedAt) <= Date.now());
  assert.deepEqual([r.phone, r.channel, r.sms, r.emailConsent, r.checkboxChecked, r.checkboxPrechecked], ["+14155552671", "sms", true, false, true, false]);
  assert.equal(r.consentText, US_TEXT);
  // Non-ASCII text hashes as UTF-8.
  const fr = "J'accepte de recevoir des SMS d'Acme Shoes. Répondez STOP pour vous désabonner à tout moment.";
  const v2 = c.validateConsent({ ...good(), phone: "+33 6 12 34 56 78", consentText: fr }, { jurisdiction: "FR", channel: "sms", brand: "Acme Shoes" });
  assert.equal(v2.ok, true, JSON.stringify(v2.errors));
  assert.equal(v2.record.consentTextSha256, createHash("sha256").update(fr, "utf8").digest("hex"));
  assert.deepEqual(v2.record.jurisdictions, ["EU"]);
});

test("bad input: each field gets its error, the form never throws", () => {
  const errs = (form, opts = US) => {
    const v = c.validateConsent(form, opts);
    assert.equal(v.ok, v.errors.length === 0);
    if (!v.ok) assert.equal(v.record, null);
    return [...v.errors, ...v.warnings].map((e) => `${e.field}:${e.code}`);
  };
  assert.ok(errs({}).includes("phone:PHONE_REQUIRED"));
  assert.ok(errs({}).includes("consentChecked:CONSENT_NOT_GIVEN"));
  assert.ok(errs({}).includes("consentText:CONSENT_TEXT_MISSING"));
  assert.ok(errs({ ...good(), phone: 4155552671 }).includes("phone:FIELD_INVALID_TYPE"));
  assert.ok(errs({ ...good(), consentChecked: "yes" }).includes("consentChecked:FIELD_INVALID_TYPE"));
  assert.ok(errs({ ...good(), submittedAt: "yesterday" }).includes("submittedAt:FIELD_INVALID_TYPE"));
  assert.ok(errs({ ...good(), consentText: "x".repeat(1 << 20) }).includes("consentText:FIELD_TOO_LONG"));
  assert.ok(errs({ ...good(), phone: "<script>alert(1)</script>" }).includes("phone:PHONE_INVALID"));
  assert.ok(errs({ ...good(), phone: "+44 121 234 5678" }).includes("phone:PHONE_CANNOT_RECEIVE_SMS"));
  assert.ok(errs({ ...good(), consentPrechecked: true }).includes("consentChecked:CONSENT_PRECHECKED"));
  assert.ok(errs({ ...good(), email: "ann@gmial.com" }, { ...US, channel: "both" }).includes("consentChecked:CONSENT_NOT_SEPARATE"));
  const typo = c.validateConsent({ ...good(), email: "ann@gmial.com", consentChecked: { sms: true, email: true } }, { ...US, channel: "both" });
  const hint = typo.warnings.find((w) => w.code === "EMAIL_TYPO");
  assert.equal(hint.message, "Did you mean ann@gmail.com?");
  // Script in the consent text is kept verbatim in the record (it is proof) and never echoed
  // into messages.
  const script = US_TEXT + " <script>alert(1)</script>";
  const v = c.validateConsent({ ...good(), consentText: script }, US);
  assert.equal(v.ok, true, JSON.stringify(v.errors));
  assert.equal(v.record.consentText, script);
  for (const e of [...v.errors, ...v.warnings]) assert.ok(!e.message.includes("<script>"));
  // Only a non-object form or bad options throw, with a typed error.
  for (const [f, o] of [[null, US], ["form", US], [good(), { channel: "fax" }], [good(), { jurisdiction: "Mars" }]]) {
    assert.throws(() => c.validateConsent(f, o), (e) => e instanceof c.ConsentryError && e.code === "INVALID_ARGUMENT");
  }
});

test("lintConsentText: findings with rules and suggestions, per jurisdiction", () => {
  const l = c.lintConsentText("Get texts from Acme Shoes!", US);
  assert.equal(l.ok, false);
  const byCode = Object.fromEntries(l.issues.map((i) => [i.code, i]));
  for (const code of ["DISCLOSURE_FREQUENCY_MISSING", "DISCLOSURE_STOP_MISSING", "DISCLOSURE_HELP_MISSING", "DISCLOSURE_TERMS_MISSING", "DISCLOSURE_PRIVACY_MISSING", "DISCLOSURE_CONDITION_MISSING"]) {
    assert.ok(byCode[code], code);
    assert.ok(byCode[code].suggestion.length > 5, code);
  }
  assert.equal(byCode.DISCLOSURE_RATES_MISSING.severity, "warning");
  assert.equal(c.lintConsentText(US_TEXT, US).ok, true);
  const ca = c.lintConsentText("Get news from Acme Shoes by email.", { jurisdiction: "CA", channel: "email", brand: "Acme Shoes" });
  assert.deepEqual(ca.issues.map((i) => i.rule).sort(), ["CA-CASL-03", "CA-CASL-04"]);
  assert.throws(() => c.lintConsentText("x".repeat(20_000), US), (e) => e.code === "INPUT_TOO_LONG");
});

test("formatPhoneAsYouType per keystroke", () => {
  const steps = [..."4155552671"].map((_, i) => c.formatPhoneAsYouType("4155552671".slice(0, i + 1), "US").formatted);
  assert.equal(steps.at(-1), "(415) 555-2671");
  assert.equal(c.formatPhoneAsYouType("+447400123456").formatted, "+44 7400 123456");
});

test("consentry/forms: the smaller module answers exactly as the full one", async () => {
  const dir = fixture();
  const forms = await import(join(dir, "node_modules/consentry/dist/entry/forms.js"));
  assert.throws(() => forms.validateConsent(good(), US), (e) => e.code === "NOT_INITIALIZED");
  const { readFileSync } = await import("node:fs");
  await forms.init(readFileSync(join(dir, "node_modules/consentry/dist/forms/consentry.wasm")));
  const a = forms.validateConsent(good(), US);
  const b = c.validateConsent(good(), US);
  delete a.record.recordedAt;
  delete b.record.recordedAt;
  assert.deepEqual(a, b);
  assert.deepEqual(forms.lintConsentText("Texts from Acme", US), c.lintConsentText("Texts from Acme", US));
  assert.deepEqual(forms.normalizePhone("+447400123456"), c.normalizePhone("+447400123456"));
  // The forms module folds text without the reply keyword tables (they stay out of its wasm):
  // every composed footer and message lints the same in both, in each jurisdiction. Only a
  // disguised keyword ("$TOP", read as STOP from the reply tables) would differ.
  const root = new URL("../../", import.meta.url);
  const texts = [];
  for (const f of ["tests/data/footers_composed.tsv", "tests/data/messages_composed.tsv"]) {
    for (const line of readFileSync(new URL(f, root), "utf8").split("\n")) {
      if (!line || line.startsWith("#")) continue;
      const cols = line.split("\t");
      texts.push(f.includes("messages") ? cols[1] : cols[0]);
    }
  }
  assert.ok(texts.length > 400, `${texts.length} texts`);
  for (const t of [US_TEXT, ...texts]) {
    for (const jurisdiction of ["US", "CA", "GB", "AU", "EU"]) {
      assert.deepEqual(forms.lintConsentText(t, { jurisdiction }), c.lintConsentText(t, { jurisdiction }), t);
    }
  }
  const pkg = JSON.parse(readFileSync(join(dir, "node_modules/consentry/package.json"), "utf8"));
  assert.equal(pkg.exports["./forms"].default, "./dist/entry/forms.js");
  assert.ok(!("detectKeyword" in forms), "the forms entry exports the forms API only");
});
