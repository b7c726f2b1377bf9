// The demo page: each tab drives one consentry capability. User input is only ever written to
// the page as text (textContent), never as HTML.
import * as consentry from "/pkg/dist/entry/browser.js";

const $ = (id) => document.getElementById(id);

function show(el, text, cls = "") {
  el.textContent = text;
  el.className = cls;
}

function describeError(e) {
  return e && e.code ? `${e.code}: ${e.message}` : String(e);
}

// Tabs: arrow keys move between tabs, as the WAI-ARIA tabs pattern describes.
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
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab, false));
    tab.addEventListener("keydown", (ev) => {
      const d = ev.key === "ArrowRight" ? 1 : ev.key === "ArrowLeft" ? -1 : 0;
      if (d) { ev.preventDefault(); select(tabs[(i + d + tabs.length) % tabs.length], true); }
    });
  });
  select(tabs[0], false);
}

function setupNormalizer() {
  const phone = $("n-phone"), region = $("n-region"), email = $("n-email");
  const phoneOut = $("n-phone-out"), emailOut = $("n-email-out");
  const updatePhone = () => {
    if (!phone.value.trim()) return show(phoneOut, "");
    try {
      const r = consentry.normalizePhone(phone.value, region.value || undefined);
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
    const r = consentry.normalizeEmail(email.value);
    let text = r.valid ? `${r.address}` : `Not valid: ${r.reason}`;
    if (r.suggestion) text += ` · did you mean ${r.suggestion}?`;
    show(emailOut, text, r.valid ? (r.suggestion ? "warn" : "good") : "bad");
  };
  phone.addEventListener("input", updatePhone);
  region.addEventListener("input", updatePhone);
  email.addEventListener("input", updateEmail);
}

async function main() {
  setupTabs();
  const t0 = performance.now();
  await consentry.init();
  const ms = performance.now() - t0;
  window.__consentryReadyMs = ms;
  const v = consentry.version();
  show($("versions"), `consentry ${v.version}, phone metadata ${v.phoneMetadata}.`);
  show($("status"), `Ready (wasm loaded in ${ms.toFixed(0)} ms).`, "good");
  setupNormalizer();
  document.body.dataset.ready = "true";
}

main().catch((e) => show($("status"), `Could not load consentry: ${describeError(e)}`, "bad"));
