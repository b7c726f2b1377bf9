// Demo page benchmark: how long the sign-up page takes to become interactive (the forms wasm
// instantiated and the handlers attached, measured from navigation start) and how many bytes
// the first load transfers, in headless Chromium against the local demo server, with a cold
// cache each run. Anchor, same run: loading a static file (style.css) from the same server.
// Usage: node bench/demo.mjs   (after `make build`). Goals: interactive <= 200 ms; <= 300 KB gzip.
import { launchChromium } from "../tests/js/helpers.mjs";
import { createDemoServer } from "../scripts/serve.mjs";

const server = createDemoServer();
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium();
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];

const ready = [], anchor = [];
let bytes = 0;
for (let run = 0; run < 9; run++) {
  const context = await browser.newContext(); // a fresh context: cold HTTP cache
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  let b = 0;
  cdp.on("Network.loadingFinished", (e) => (b += e.encodedDataLength));
  const t = Date.now();
  await page.goto(url + "style.css");
  anchor.push(Date.now() - t);
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });
  ready.push(await page.evaluate(() => window.__consentryReadyMs));
  await page.waitForLoadState("networkidle");
  if (run === 0) bytes = b;
  await context.close();
}
await browser.close();
server.close();
const r = median(ready), a = median(anchor);
console.log(`anchor (load style.css from the same server): ${a} ms median of ${anchor.length}`);
console.log(`demo sign-up page interactive (forms wasm instantiated, handlers attached): ${r.toFixed(0)} ms median of ${ready.length} (${(r / Math.max(a, 1)).toFixed(1)}x the anchor; goal <= 200 ms: ${r <= 200 ? "MET" : "NOT MET"})`);
console.log(`first load transfers ${(bytes / 1024).toFixed(1)} KB including the static-file anchor (goal <= 300 KB gzip: ${bytes <= 300 * 1024 ? "MET" : "NOT MET"})`);
