// Message benchmark through JS: classifyMessage and checkMessage per second on the shared
// corpora (the labelled outbound dev split plus samples of SpamHunter and UCI), against an
// anchor measured in the same run (splitting each message into lower-cased words in JS), then
// the native figures from `cargo bench --bench messages`, and the model's size in the wasm.
// Usage: node bench/messages.mjs   (after `make build`). Goals: >= 50,000 checks/s through JS,
// >= 200,000 natively; model <= 100 KB gzip.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { sharedData, parseCsv } from "../tests/js/shared-data.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const { classifyMessage, checkMessage } = await import(root + "pkg/dist/entry/node.mjs");
const set = parseCsv(readFileSync(sharedData("labelled/outbound_messages_dev.csv"), "utf8")).map((r) => r.text);
set.push(...parseCsv(readFileSync(sharedData("spamhunter_tweet_sms_2018_2022.csv"), "utf8")).filter((_, i) => i % 13 === 0).slice(0, 2000).map((r) => r.text));
set.push(...readFileSync(sharedData("sms_spam_collection.tsv"), "utf8").split("\n").filter((_, i) => i % 3 === 0).map((l) => l.slice(l.indexOf("\t") + 1)).filter(Boolean));

function perMessage(f) {
  for (const m of set) f(m);
  let best = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const t = performance.now();
    for (const m of set) f(m);
    best = Math.min(best, ((performance.now() - t) * 1e6) / set.length);
  }
  return best;
}

let sink = 0;
const anchor = perMessage((m) => { sink += m.toLowerCase().split(/\s+/).length; });
const opts = { jurisdiction: "US", brand: "Acme" };
const classify = perMessage((m) => { sink += classifyMessage(m).score; });
const check = perMessage((m) => { sink += checkMessage(m, opts).issues.length; });
const perSec = 1e9 / check;
console.log(`${set.length} messages, ${(set.reduce((a, m) => a + [...m].length, 0) / set.length).toFixed(0)} characters on average`);
console.log(`anchor (JS lower-case + split): ${anchor.toFixed(0)} ns per message`);
console.log(`classifyMessage through JS: ${classify.toFixed(0)} ns per message (${(classify / anchor).toFixed(1)}x the anchor)`);
console.log(`checkMessage through JS: ${check.toFixed(0)} ns per message (${(check / anchor).toFixed(1)}x the anchor), ${perSec.toFixed(0)} messages/s (goal >= 50,000: ${perSec >= 50_000 ? "MET" : "NOT MET"})`);
const model = readFileSync(root + "data/model/outbound_model.bin");
const gz = gzipSync(model, { level: 9 }).length;
console.log(`classifier model embedded: ${model.length} bytes, ${gz} gzip (goal <= 100 KB gzip: ${gz <= 100 * 1024 ? "MET" : "NOT MET"})`);
if (sink === 42) console.log("");

// Native figures, same corpora, from the Rust bench.
const native = spawnSync("cargo", ["bench", "--bench", "messages"], {
  cwd: root,
  encoding: "utf8",
  env: { ...process.env, CARGO_PROFILE_RELEASE_PANIC: "unwind", CARGO_TARGET_DIR: root + "target/bench" },
});
process.stdout.write(native.stdout.split("\n").filter((l) => !l.startsWith("  part")).map((l) => (l ? `native: ${l}` : l)).join("\n"));
if (native.status !== 0) console.error(native.stderr);
