// Phone benchmark: consentry (wasm) against libphonenumber-js (max metadata) and
// google-libphonenumber, all measured in this one run and printed as ratios.
//   cold start: import + first call in a fresh Node process (median of runs)
//   per call:   parse + validate + type + E.164 over 100k mixed inputs (best of 3 passes)
//   bytes:      what a browser downloads, gzip -9 (minified JS bundle + .wasm)
// Usage: node bench/phone.mjs   (after `make build`)
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { mixedInputs } from "../tests/js/phone-inputs.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const require = createRequire(import.meta.url);
const RUNS = Number(process.env.COLD_RUNS ?? 15);
const N = 100_000;

const contenders = {
  consentry: {
    cold: `const m = await import(${JSON.stringify(root + "pkg/dist/entry/node.mjs")}); m.normalizePhone("(415) 555-2671", "US");`,
    async setup() {
      const m = await import(root + "pkg/dist/entry/node.mjs");
      return ({ input, region }) => {
        try { const r = m.normalizePhone(input, region); return r.valid ? r.type : r.e164; } catch { return null; }
      };
    },
    bundle: { entry: `export { init, normalizePhone } from ${JSON.stringify(root + "pkg/dist/entry/browser.js")};`, wasm: root + "pkg/dist/consentry.wasm" },
  },
  "libphonenumber-js/max": {
    cold: `const m = await import("libphonenumber-js/max"); const p = m.parsePhoneNumber("(415) 555-2671", "US"); p.isValid(); p.getType(); p.number;`,
    async setup() {
      const m = await import("libphonenumber-js/max");
      return ({ input, region }) => {
        try { const p = m.parsePhoneNumber(input, region); return p.isValid() ? p.getType() : p.number; } catch { return null; }
      };
    },
    bundle: { entry: `export { parsePhoneNumber } from "libphonenumber-js/max";` },
  },
  "google-libphonenumber": {
    cold: `const { createRequire } = await import("node:module"); const g = createRequire(${JSON.stringify(root + "package.json")})("google-libphonenumber"); const u = g.PhoneNumberUtil.getInstance(); const n = u.parse("(415) 555-2671", "US"); u.isValidNumber(n); u.getNumberType(n); u.format(n, 0);`,
    async setup() {
      const g = require("google-libphonenumber");
      const u = g.PhoneNumberUtil.getInstance();
      return ({ input, region }) => {
        try { const n = u.parse(input, region ?? "ZZ"); return u.isValidNumber(n) ? u.getNumberType(n) : u.format(n, 0); } catch { return null; }
      };
    },
    bundle: { entry: `export { PhoneNumberUtil } from "google-libphonenumber";` },
  },
};

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; }

function coldStart(code) {
  const script = `const t0 = performance.now(); ${code} console.log(performance.now() - t0);`;
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    times.push(Number(r.stdout.trim()));
  }
  return median(times);
}

async function perCall(fn, inputs) {
  for (let i = 0; i < 2000; i++) fn(inputs[i % inputs.length]);
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) fn(inputs[i % inputs.length]);
    best = Math.min(best, performance.now() - t0);
  }
  return (best * 1e6) / N; // ns per call
}

async function shippedBytes({ entry, wasm }) {
  const out = await build({ stdin: { contents: entry, resolveDir: root, loader: "js" }, bundle: true, minify: true, format: "esm", platform: "browser", write: false, logLevel: "silent" });
  let js = 0;
  for (const f of out.outputFiles) if (!f.path.endsWith(".wasm")) js += gzipSync(f.contents, { level: 9 }).length;
  const w = wasm ? gzipSync(readFileSync(wasm), { level: 9 }).length : 0;
  return { js, wasm: w, total: js + w };
}

const inputs = mixedInputs();
const rows = {};
for (const [name, c] of Object.entries(contenders)) {
  rows[name] = { cold: coldStart(c.cold), perCall: await perCall(await c.setup(), inputs), bytes: await shippedBytes(c.bundle) };
}
const anchor = rows["libphonenumber-js/max"];
console.log(`phone benchmark: ${inputs.length} distinct mixed inputs, ${N} calls, cold start median of ${RUNS} fresh processes, Node ${process.version}`);
console.log("library                  cold ms  xLPjs   ns/call  xLPjs   gzip bytes (js+wasm)   xLPjs");
for (const [name, r] of Object.entries(rows)) {
  console.log(
    name.padEnd(24),
    r.cold.toFixed(1).padStart(7), (r.cold / anchor.cold).toFixed(2).padStart(6),
    r.perCall.toFixed(0).padStart(9), (r.perCall / anchor.perCall).toFixed(2).padStart(6),
    `${r.bytes.total} (${r.bytes.js}+${r.bytes.wasm})`.padStart(22), (r.bytes.total / anchor.bytes.total).toFixed(2).padStart(6),
  );
}
const c = rows.consentry;
console.log(`goals: cold start <= 0.30x libphonenumber-js: ${(c.cold / anchor.cold).toFixed(2)}x ${c.cold / anchor.cold <= 0.3 ? "MET" : "NOT MET"}; ` +
  `per call <= 1.00x: ${(c.perCall / anchor.perCall).toFixed(2)}x ${c.perCall <= anchor.perCall ? "MET" : "NOT MET"}; ` +
  `.wasm <= 200 KB gzip: ${(c.bytes.wasm / 1024).toFixed(1)} KB ${c.bytes.wasm <= 200 * 1024 ? "MET" : "NOT MET"}`);
