// The demo page (www-demo/) in headless Chromium, served as `make demo` serves it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchChromium, repo } from "./helpers.mjs";
import { createDemoServer } from "../../scripts/serve.mjs";

const artifacts = join(repo, "test-artifacts");
let server, url, browser, page;

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

async function openPage() {
  page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
  return errors;
}

test("phone and email normaliser", async () => {
  const errors = await openPage();
  await page.fill("#n-phone", "(415) 555-2671");
  assert.match(await page.textContent("#n-phone-out"), /\+14155552671 · fixedLineOrMobile · region US/);
  await page.fill("#n-phone", "letters");
  assert.match(await page.textContent("#n-phone-out"), /PHONE_UNPARSEABLE/);
  await page.fill("#n-email", "Bob@GMIAL.com");
  assert.match(await page.textContent("#n-email-out"), /bob@gmial\.com · did you mean bob@gmail\.com\?/);
  await page.fill("#n-email", "<img src=x onerror=alert(1)>@x");
  assert.equal(await page.$("img"), null, "input is never rendered as HTML");
  await page.screenshot({ path: join(artifacts, "demo-normalize.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
