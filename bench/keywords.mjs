// Keyword benchmark through JS: detectKeyword replies per second on the labelled dev split,
// and the size the keyword tables add to the wasm (gzip of the embedded tables).
// Usage: node bench/keywords.mjs   (after `make build`). Goals: >= 1M replies/s; tables <= 30 KB gzip.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { sharedData, parseCsv } from "../tests/js/shared-data.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const { detectKeyword } = await import(root + "pkg/dist/entry/node.mjs");
const replies = parseCsv(readFileSync(sharedData("labelled/inbound_replies_dev.csv"), "utf8")).map((r) => r.text);
const short = replies.filter((r) => [...r].length <= 40);

for (const [name, set] of [["all dev-split replies", replies], ["replies of 40 characters or fewer", short]]) {
  for (const r of set) detectKeyword(r);
  let best = Infinity;
  for (let rep = 0; rep < 5; rep++) {
    const n = 200_000;
    const t = performance.now();
    for (let i = 0; i < n; i++) detectKeyword(set[i % set.length]);
    best = Math.min(best, ((performance.now() - t) * 1e6) / n);
  }
  const perSec = 1e9 / best;
  console.log(`${name} (${set.length}): ${best.toFixed(0)} ns per reply through JS, ${(perSec / 1e6).toFixed(2)} M replies/s (goal >= 1 M/s: ${perSec >= 1e6 ? "MET" : "NOT MET"})`);
}

// The tables as compiled into the wasm (build.rs writes compact copies into OUT_DIR).
const outDirs = readdirSync(root + "target/wasm32-unknown-unknown/release/build").filter((d) => d.startsWith("consentry-"));
let tableBytes = null;
let newest = 0;
// Old build directories linger: read the most recently written copy.
for (const d of outDirs) {
  try {
    const dir = root + `target/wasm32-unknown-unknown/release/build/${d}/out/`;
    const written = statSync(dir + "keywords.tsv").mtimeMs;
    if (written < newest) continue;
    const text = ["keywords.tsv", "modifiers.tsv", "providers.tsv", "confusables.tsv", "hant.tsv", "spellings.tsv"].map((f) => readFileSync(dir + f)).reduce((a, b) => Buffer.concat([a, b]));
    tableBytes = { raw: text.length, gzip: gzipSync(text, { level: 9 }).length };
    newest = written;
  } catch {}
}
if (tableBytes) {
  console.log(`keyword tables embedded: ${tableBytes.raw} bytes, ${tableBytes.gzip} gzip (goal <= 30 KB gzip: ${tableBytes.gzip <= 30 * 1024 ? "MET" : "NOT MET"})`);
}
