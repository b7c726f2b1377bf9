// The demo page (www-demo/) in headless Chromium, served as `make demo` serves it: the sign-up
// form with good and bad input, keyboard only, the disclosure lint, the other tabs, what the
// first load transfers, and that input is never rendered as HTML. Screenshots go to
// test-artifacts/. (The 200 ms load goal is measured by bench/demo.mjs, not asserted here.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchChromium, repo } from "./helpers.mjs";
import { createDemoServer } from "../../scripts/serve.mjs";

const artifacts = join(repo, "test-artifacts");
let server, url, browser;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = createDemoServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${server.address().port}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((r) => server.close(r));
});

/** A fresh page, ready; `errors` collects page errors and console errors. */
async function openPage() {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("dialog", (d) => {
    errors.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
  return { page, errors };
}

const text = (page, sel) => page.textContent(sel);

test("first load transfers at most 300 KB and loads only the forms module", async () => {
  const page = await browser.newPage();
  const client = await page.context().newCDPSession(page);
  await client.send("Network.enable");
  let bytes = 0;
  const urls = [];
  client.on("Network.loadingFinished", (e) => (bytes += e.encodedDataLength));
  client.on("Network.responseReceived", (e) => urls.push(new URL(e.response.url).pathname));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
  await page.waitForLoadState("networkidle");
  console.log(`first load: ${urls.length} requests, ${(bytes / 1024).toFixed(1)} KB transferred (gzip)`);
  assert.ok(urls.includes("/pkg/dist/forms/consentry.wasm"), urls.join(" "));
  assert.ok(!urls.includes("/pkg/dist/consentry.wasm"), "the full module loads only when a tab needs it");
  assert.ok(bytes <= 300 * 1024, `${bytes} bytes`);
  await page.close();
});

test("sign-up, keyboard only: live formatting, E.164 on leaving the field, record on submit", async () => {
  const { page, errors } = await openPage();
  // Skip link, then into the form with Tab only.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip");
  await page.keyboard.press("Enter");
  await page.focus("#s-phone"); // the skip target is the form; the first field follows it
  await page.keyboard.type("4155552671");
  assert.equal(await page.inputValue("#s-phone"), "(415) 555-2671");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "s-email");
  assert.match(await text(page, "#s-phone-msg"), /Saved as \+14155552671/);
  await page.keyboard.type("ann@example.com");
  await page.keyboard.press("Tab"); // to the SMS box
  assert.equal(await page.evaluate(() => document.activeElement.id), "s-sms");
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space"); // email box
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.type), "submit");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#s-result:not([hidden])");
  const record = JSON.parse(await text(page, "#s-record"));
  assert.equal(record.phone, "+14155552671");
  assert.equal(record.email, "ann@example.com");
  assert.equal(record.channel, "both");
  assert.deepEqual([record.sms, record.emailConsent, record.checkboxPrechecked], [true, true, false]);
  assert.match(record.consentTextSha256, /^[0-9a-f]{64}$/);
  assert.match(await text(page, "#s-summary"), /signed up/);
  await page.screenshot({ path: join(artifacts, "demo-signup-record.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("sign-up with bad input: errors announced per field, focus on the first, nothing rendered as HTML", async () => {
  const { page, errors } = await openPage();
  // A UK landline, a typo'd email, no box ticked.
  await page.selectOption("#a-jurisdiction", "GB");
  await page.fill("#s-phone", "+44 121 234 5678");
  await page.fill("#s-email", "<img src=x onerror=alert(1)>@gmial.com");
  await page.click("button[type=submit]");
  const summary = await text(page, "#s-summary");
  assert.match(summary, /Please fix/);
  assert.match(await text(page, "#s-phone-msg"), /landline.*can't receive text messages/);
  assert.equal(await page.getAttribute("#s-phone", "aria-invalid"), "true");
  assert.match(await text(page, "#s-consent-msg"), /haven't agreed/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "s-phone");
  assert.equal(await page.getAttribute("#s-summary", "role"), "alert");
  assert.equal(await page.$("img"), null, "input is never rendered as HTML");
  await page.screenshot({ path: join(artifacts, "demo-signup-errors.png"), fullPage: true });
  // A typo hint on leaving the email field.
  await page.fill("#s-email", "bob@gmial.com");
  await page.focus("#s-phone");
  assert.match(await text(page, "#s-email-msg"), /Did you mean bob@gmail\.com\?/);
  // Script in the disclosure and 1 MB of it: clear messages, the page keeps working.
  await page.fill("#a-text", "<script>window.__pwned = 1</script> Texts from Acme Shoes");
  await page.waitForFunction(() => document.getElementById("a-lint").textContent.includes("finding"));
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.match(await text(page, "#s-disclosure"), /<script>/, "shown as text");
  await page.evaluate(() => {
    const t = document.getElementById("a-text");
    t.value = "x".repeat(1 << 20);
    t.dispatchEvent(new Event("input"));
  });
  await page.waitForFunction(() => document.getElementById("a-lint").textContent.includes("INPUT_TOO_LONG"));
  await page.fill("#s-phone", "+447400123456");
  await page.check("#s-sms");
  await page.click("button[type=submit]");
  assert.match(await text(page, "#s-summary"), /too long/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the disclosure is linted as the author edits it", async () => {
  const { page, errors } = await openPage();
  await page.waitForFunction(() => document.getElementById("a-lint").textContent.includes("meets"));
  const full = await page.inputValue("#a-text");
  await page.fill("#a-text", full.replace("Reply HELP for help and ", "").replace("Msg frequency varies. ", ""));
  await page.waitForFunction(() => document.getElementById("a-lint").textContent.includes("help"));
  const lint = await text(page, "#a-lint");
  assert.match(lint, /how to get help/);
  assert.match(lint, /Suggested: “Reply HELP for help\.”/);
  assert.match(lint, /message frequency/);
  assert.match(await text(page, "#s-disclosure"), /^By checking these boxes/, "the form shows what the author wrote");
  await page.selectOption("#a-jurisdiction", "CA");
  await page.waitForFunction(() => document.getElementById("a-lint").textContent.includes("CA-CASL"));
  assert.match(await text(page, "#a-lint"), /mailing address/);
  await page.screenshot({ path: join(artifacts, "demo-lint.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("tabs by keyboard; reply tester, message checker and filter on the full module", async () => {
  const { page, errors } = await openPage();
  await page.focus("#tab-signup");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-replies");
  await page.waitForSelector("body[data-replies=ready]", { timeout: 15000 });
  assert.match(await text(page, "#r-out"), /intent: opt_out \(probable\)/);
  await page.fill("#r-text", "STOP");
  assert.match(await text(page, "#r-out"), /intent: opt_out \(certain\)/);
  await page.fill("#r-text", "I'm at the bus stop");
  assert.match(await text(page, "#r-out"), /intent: none/);
  await page.screenshot({ path: join(artifacts, "demo-replies.png"), fullPage: true });

  await page.keyboard.press("Shift+Tab"); // not needed for the tabs: use the tab list again
  await page.focus("#tab-replies");
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector("body[data-messages=ready]", { timeout: 15000 });
  await page.waitForFunction(() => document.getElementById("m-out").textContent.includes("Blocked"));
  const out = await text(page, "#m-out");
  assert.match(out, /Category: marketing/);
  assert.match(out, /OPT_OUT_MISSING/);
  assert.match(out, /Suggested fix/);
  assert.match(await text(page, "#m-out pre"), /Reply STOP to opt out$/);
  await page.fill("#m-text", (await text(page, "#m-out pre")) ?? "");
  await page.waitForFunction(() => document.getElementById("m-out").textContent.includes("OK to send"));
  await page.screenshot({ path: join(artifacts, "demo-messages.png"), fullPage: true });

  await page.focus("#tab-messages");
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector("body[data-filter=ready]", { timeout: 15000 });
  assert.match(await text(page, "#f-info"), /3 contact\(s\)/);
  await page.click("#f-go");
  assert.match(await text(page, "#f-out"), /^Suppressed/);
  await page.fill("#f-check", "bob@example.com");
  await page.keyboard.press("Enter");
  assert.match(await text(page, "#f-out"), /^Not suppressed/);
  await page.screenshot({ path: join(artifacts, "demo-filter.png"), fullPage: true });

  await page.keyboard.press("Control+Home");
  await page.focus("#tab-filter");
  await page.keyboard.press("End");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-normalize");
  await page.fill("#n-phone", "(415) 555-2671");
  assert.match(await text(page, "#n-phone-out"), /\+14155552671 · fixedLineOrMobile · region US/);
  await page.fill("#n-email", "<img src=x onerror=alert(1)>@x");
  assert.equal(await page.$("img"), null);
  assert.deepEqual(errors, []);
  await page.close();
});
