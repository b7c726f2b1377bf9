// The demo page. The sign-up tab runs on `consentry/forms` (the smaller module); the other
// tabs load the full module the first time they are opened. User input is only ever written
// to the page as text (textContent), never as HTML.
import * as forms from "/pkg/dist/entry/forms.js";

const $ = (id) => document.getElementById(id);
const el = (tag, text, cls) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
};

function show(node, text, cls = "") {
  node.textContent = text;
  node.className = cls;
}

function describeError(e) {
  return e && e.code ? `${e.code}: ${e.message}` : String(e);
}

function debounce(f, ms) {
  let t;
  return (...a) => {
    clearTimeout(t);
    t = setTimeout(() => f(...a), ms);
  };
}

// ---- Tabs (WAI-ARIA tabs pattern: arrow keys, Home and End move between tabs) ----------------

let full = null; // the full module, loaded when a tab needs it
function loadFull() {
  full ??= import("/pkg/dist/entry/browser.js").then(async (m) => {
    await m.init();
    return m;
  });
  return full;
}

const tabSetup = new Map(); // panel id -> async setup, run once when the tab is first opened

function setupTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const select = (tab, focus) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !on;
    }
    if (focus) tab.focus();
    const panel = tab.getAttribute("aria-controls");
    const setup = tabSetup.get(panel);
    if (setup) {
      tabSetup.delete(panel);
      setup().catch((e) => show($("status"), `Could not load: ${describeError(e)}`, "bad"));
    }
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab, false));
    tab.addEventListener("keydown", (ev) => {
      const n = tabs.length;
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1 + n, Home: 0, End: n - 1 }[ev.key];
      if (to !== undefined) {
        ev.preventDefault();
        select(tabs[to % n], true);
      }
    });
  });
  select(tabs[0], false);
}

// ---- Sign-up form ---------------------------------------------------------------------------

const DEFAULT_DISCLOSURE =
  "By checking these boxes, you agree to receive recurring automated marketing text messages and emails from Acme Shoes at the number and address provided. Consent is not a condition of purchase. Msg frequency varies. Msg & data rates may apply. Reply HELP for help and STOP to cancel; you can unsubscribe from emails at any time. Terms: https://acme.example/terms Privacy Policy: https://acme.example/privacy";

// The phone region for live formatting follows the author's jurisdiction.
const REGION = { US: "US", CA: "CA", GB: "GB", AU: "AU", DE: "DE" };

function setupSignup() {
  const phone = $("s-phone"), email = $("s-email"), sms = $("s-sms"), emailOk = $("s-emailok");
  const phoneMsg = $("s-phone-msg"), emailMsg = $("s-email-msg"), consentMsg = $("s-consent-msg");
  const jurisdiction = $("a-jurisdiction"), brand = $("a-brand"), text = $("a-text");
  text.value = DEFAULT_DISCLOSURE;

  const fieldOut = { phone: phoneMsg, email: emailMsg, consentChecked: consentMsg };
  const fieldInput = { phone, email, consentChecked: sms };
  const clearField = (name) => {
    fieldInput[name]?.removeAttribute("aria-invalid");
    if (fieldOut[name]) show(fieldOut[name], "");
  };

  // Live formatting while typing (only when the caret is at the end, so editing in the middle
  // is never disturbed), and the E.164 form as soon as the field is left.
  phone.addEventListener("input", (ev) => {
    clearField("phone");
    if (ev.inputType?.startsWith("delete") || phone.selectionStart !== phone.value.length) return;
    try {
      const f = forms.formatPhoneAsYouType(phone.value, REGION[jurisdiction.value]);
      if (f.formatted && f.formatted !== phone.value) phone.value = f.formatted;
    } catch {
      /* not a phone number yet: leave it as typed */
    }
  });
  phone.addEventListener("blur", () => {
    if (!phone.value.trim()) return show(phoneMsg, "");
    const v = forms.validateConsent({ phone: phone.value }, { channel: "sms", jurisdiction: jurisdiction.value });
    const err = v.errors.find((e) => e.field === "phone") ?? v.warnings.find((e) => e.field === "phone");
    if (err) {
      phone.setAttribute("aria-invalid", String(err.severity === "error"));
      show(phoneMsg, err.message, err.severity === "error" ? "bad" : "warn");
    } else {
      show(phoneMsg, `Saved as ${v.normalized.phone} (${v.normalized.phoneType}).`, "good");
    }
  });
  email.addEventListener("input", () => clearField("email"));
  email.addEventListener("blur", () => {
    if (!email.value.trim()) return show(emailMsg, "");
    const r = forms.normalizeEmail(email.value);
    if (!r.valid) {
      email.setAttribute("aria-invalid", "true");
      show(emailMsg, `This doesn't look like a valid email address (${r.reason}).`, "bad");
    } else if (r.suggestion) {
      show(emailMsg, `Did you mean ${r.suggestion}?`, "warn");
    } else {
      show(emailMsg, `Saved as ${r.address}.`, "good");
    }
  });
  for (const box of [sms, emailOk]) box.addEventListener("change", () => clearField("consentChecked"));

  // The author's panel: the disclosure is linted as it is edited, and shown next to the boxes.
  const lintOut = $("a-lint");
  const lint = () => {
    $("s-disclosure").textContent = text.value;
    $("brand-heading").textContent = `Join the ${brand.value || "…"} list`;
    lintOut.replaceChildren();
    let l;
    try {
      l = forms.lintConsentText(text.value, { jurisdiction: jurisdiction.value, channel: "both", brand: brand.value || undefined });
    } catch (e) {
      lintOut.append(el("p", describeError(e), "bad"));
      return;
    }
    if (l.issues.length === 0) {
      lintOut.append(el("p", `The disclosure meets the ${l.jurisdictions.join(", ")} rules consentry checks.`, "good"));
      return;
    }
    lintOut.append(el("p", `${l.issues.length} finding(s) for ${l.jurisdictions.join(", ")}:`));
    const ul = el("ul", undefined, "issues");
    for (const i of l.issues) {
      const li = el("li", undefined, i.severity === "error" ? "bad" : "warn");
      li.append(el("strong", `${i.severity}: `), `${i.message} `, el("span", `[${i.rule}]`, "muted"));
      if (i.suggestion) li.append(el("br"), el("span", `Suggested: “${i.suggestion}”`, "muted"));
      ul.append(li);
    }
    lintOut.append(ul);
  };
  const lintSoon = debounce(lint, 120);
  text.addEventListener("input", lintSoon);
  brand.addEventListener("input", lintSoon);
  jurisdiction.addEventListener("change", lint);
  // First lint right after the page is interactive (it compiles the phrase tables).
  setTimeout(lint, 0);

  // Submit: validate, announce errors (summary + each field), or show the record.
  $("signup").addEventListener("submit", (ev) => {
    ev.preventDefault();
    for (const f of Object.keys(fieldOut)) clearField(f);
    const channel = phone.value.trim() && email.value.trim() ? "both" : email.value.trim() ? "email" : "sms";
    const form = {
      phone: phone.value.trim() || undefined,
      email: email.value.trim() || undefined,
      consentChecked: { sms: sms.checked, email: emailOk.checked },
      consentPrechecked: false,
      consentText: text.value,
      termsUrl: "https://acme.example/terms",
      privacyUrl: "https://acme.example/privacy",
      source: location.href,
      userAgent: navigator.userAgent,
      submittedAt: new Date(),
    };
    let v;
    try {
      v = forms.validateConsent(form, { jurisdiction: jurisdiction.value, channel, brand: brand.value || undefined });
    } catch (e) {
      show($("s-summary"), describeError(e), "bad");
      return;
    }
    const summary = $("s-summary");
    summary.replaceChildren();
    $("s-result").hidden = !v.ok;
    // Person-facing errors go next to their fields; the form author's findings to the summary.
    const personal = v.errors.filter((e) => fieldOut[e.field]);
    const authors = v.errors.filter((e) => !fieldOut[e.field]);
    for (const e of personal) {
      fieldInput[e.field]?.setAttribute("aria-invalid", "true");
      const out = fieldOut[e.field];
      show(out, out.textContent ? `${out.textContent} ${e.message}` : e.message, "bad");
    }
    if (!v.ok) {
      summary.append(el("p", `Please fix ${v.errors.length} problem(s):`, "bad"));
      const ul = el("ul", undefined, "issues");
      for (const e of [...personal, ...authors]) ul.append(el("li", fieldOut[e.field] ? e.message : `${e.message} (for the form's author: ${e.code})`, "bad"));
      summary.append(ul);
      (fieldInput[personal[0]?.field] ?? text).focus();
      return;
    }
    const notes = v.warnings.filter((w) => !["ip"].includes(w.field));
    summary.append(el("p", "Thanks! You're signed up.", "good"));
    if (notes.length) {
      const ul = el("ul", undefined, "issues");
      for (const w of notes) ul.append(el("li", w.message, "warn"));
      summary.append(ul);
    }
    $("s-record").textContent = JSON.stringify(v.record, null, 2);
  });
}

// ---- Reply tester, message checker, filter (full module) -----------------------------------

function setupReplies(c) {
  const text = $("r-text"), profile = $("r-profile"), jur = $("r-jurisdiction"), out = $("r-out");
  const run = () => {
    try {
      const d = c.detectKeyword(text.value, { profile: profile.value || undefined, jurisdiction: jur.value });
      const lines = [
        `intent: ${d.intent} (${d.confidence})`,
        `keyword: ${d.keyword ?? "–"}   language: ${d.language ?? "–"}   rule: ${d.rule}`,
        `FCC-listed: ${d.fccListed}   scope: ${d.scope ?? "–"}`,
      ];
      if (d.providerWillBlock !== null) lines.push(`${profile.value} blocks this itself: ${d.providerWillBlock ? "yes" : "no, suppress it yourself"}`);
      if (d.honorBy) lines.push(`honour by: ${d.honorBy} (${d.honorByRule}); suppress now`);
      lines.push(`normalised: ${d.normalized}`);
      show(out, lines.join("\n"), d.intent === "opt_out" ? "bad" : d.intent === "none" ? "" : "good");
    } catch (e) {
      show(out, describeError(e), "bad");
    }
  };
  for (const x of [text, profile, jur]) x.addEventListener(x.tagName === "SELECT" ? "change" : "input", run);
  $("replies").addEventListener("submit", (ev) => ev.preventDefault());
  run();
}

function setupMessages(c) {
  const text = $("m-text"), channel = $("m-channel"), jur = $("m-jurisdiction"), brand = $("m-brand"), first = $("m-first");
  const out = $("m-out");
  const run = () => {
    out.replaceChildren();
    let r;
    try {
      r = c.checkMessage(text.value, {
        channel: channel.value,
        jurisdiction: jur.value,
        brand: brand.value || undefined,
        firstMessage: first.checked,
      });
    } catch (e) {
      out.append(el("p", describeError(e), "bad"));
      return;
    }
    const cls = r.classification;
    out.append(el("p", r.ok ? "OK to send." : "Blocked: fix the issues below.", r.ok ? "good" : "bad"));
    out.append(el("p", `Category: ${r.category}${cls.mixed ? " (transactional with promotion)" : ""}, score ${cls.score}`));
    if (cls.reasons.length) out.append(el("p", `Reasons: ${cls.reasons.join("; ")}`, "muted"));
    if (r.segments) out.append(el("p", `Cost: ${r.segments.segments} segment(s), ${r.segments.encoding}, ${r.segments.units} units${r.segments.nonGsmCharacters.length ? `; not GSM-7: ${r.segments.nonGsmCharacters.join(" ")}` : ""}`));
    if (r.issues.length) {
      const ul = el("ul", undefined, "issues");
      for (const i of r.issues) {
        const li = el("li", undefined, i.severity === "error" ? "bad" : "warn");
        li.append(el("strong", `${i.code}: `), `${i.message} `, el("span", `[${i.rule}]`, "muted"));
        ul.append(li);
      }
      out.append(ul);
    }
    if (r.fix && r.fix.resolves.length) {
      out.append(el("h3", "Suggested fix"));
      out.append(el("pre", r.fix.text, "fix"));
      if (r.fix.segments) out.append(el("p", `${r.fix.segments.segments} segment(s) (${r.fix.addedSegments ? `+${r.fix.addedSegments}` : "no extra cost"})`));
      for (const h of r.fix.headers) out.append(el("p", `Add header: ${h.name}: ${h.value}`));
      if (r.fix.unresolved.length) out.append(el("p", `Still to do by hand: ${r.fix.unresolved.join(", ")}`, "warn"));
    }
  };
  const soon = debounce(run, 100);
  for (const x of [text, brand]) x.addEventListener("input", soon);
  for (const x of [channel, jur, first]) x.addEventListener("change", run);
  $("messages").addEventListener("submit", (ev) => ev.preventDefault());
  run();
}

function setupFilter(c) {
  let filter = null;
  const info = $("f-info"), out = $("f-out");
  const build = () => {
    filter?.free();
    const lines = $("f-list").value.split("\n").map((l) => l.trim()).filter(Boolean);
    filter = c.SuppressionFilter.create({ capacity: Math.max(100, lines.length * 2), falsePositiveRate: 0.001 });
    const rejected = [];
    for (const l of lines) {
      try {
        filter.add(l, { defaultRegion: $("f-region").value || undefined });
      } catch (e) {
        rejected.push(`${l}: ${e.code}`);
      }
    }
    show(info, `Filter: ${filter.count} contact(s), ${filter.sizeBytes} bytes, false-positive rate ${(filter.falsePositiveRate * 100).toFixed(4)}%` + (rejected.length ? `\nRejected: ${rejected.join("; ")}` : ""), rejected.length ? "warn" : "good");
  };
  $("f-build").addEventListener("click", build);
  $("filter").addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!filter) build();
    try {
      const hit = filter.has($("f-check").value, { defaultRegion: $("f-region").value || undefined });
      show(out, hit ? "Suppressed: do not send." : "Not suppressed.", hit ? "bad" : "good");
    } catch (e) {
      show(out, describeError(e), "bad");
    }
  });
  build();
}

function needsFull(panel, setup) {
  tabSetup.set(panel, async () => {
    show($("status"), "Loading the full module…");
    const c = await loadFull();
    setup(c);
    show($("status"), "Ready.", "good");
    document.body.dataset[panel.replace("panel-", "")] = "ready";
  });
}

// ---- Phone & email normaliser ----------------------------------------------------------------

function setupNormalizer() {
  const phone = $("n-phone"), region = $("n-region"), email = $("n-email");
  const phoneOut = $("n-phone-out"), emailOut = $("n-email-out");
  const updatePhone = () => {
    if (!phone.value.trim()) return show(phoneOut, "");
    try {
      const r = forms.normalizePhone(phone.value, region.value || undefined);
      const text = r.valid
        ? `${r.e164} · ${r.type} · region ${r.region}`
        : `${r.e164} is not a valid number${r.possible ? " (possible length)" : ""}`;
      show(phoneOut, text, r.valid ? "good" : "bad");
    } catch (e) {
      show(phoneOut, describeError(e), "bad");
    }
  };
  const updateEmail = () => {
    if (!email.value.trim()) return show(emailOut, "");
    const r = forms.normalizeEmail(email.value);
    let text = r.valid ? `${r.address}` : `Not valid: ${r.reason}`;
    if (r.suggestion) text += ` · did you mean ${r.suggestion}?`;
    show(emailOut, text, r.valid ? (r.suggestion ? "warn" : "good") : "bad");
  };
  phone.addEventListener("input", updatePhone);
  region.addEventListener("input", updatePhone);
  email.addEventListener("input", updateEmail);
}

async function main() {
  needsFull("panel-replies", setupReplies);
  needsFull("panel-messages", setupMessages);
  needsFull("panel-filter", setupFilter);
  setupTabs();
  await forms.init();
  // Interactive: the module is instantiated and the handlers are attached.
  setupSignup();
  setupNormalizer();
  window.__consentryReadyMs = performance.now();
  // Warm the phone metadata while the person reads the form.
  setTimeout(() => forms.normalizePhone("+14155552671"), 0);
  const v = forms.version();
  show($("versions"), `consentry ${v.version}, phone metadata ${v.phoneMetadata}.`);
  show($("status"), `Ready in ${window.__consentryReadyMs.toFixed(0)} ms.`, "good");
  document.body.dataset.ready = "true";
}

main().catch((e) => show($("status"), `Could not load consentry: ${describeError(e)}`, "bad"));
