// CLI build benchmark: `consentry filter build` over a generated 10M-row opt-out export
// (CSV, mixed spellings, 1% junk rows). Goal: at most 60 s on this 2-core machine.
// Usage: node bench/filter-cli.mjs [rows]   (after `cargo build --release --bin consentry`)
import { createWriteStream, statSync, mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const rows = Number(process.argv[2] ?? 10_000_000);
mkdirSync(root + "target/bench", { recursive: true });
const file = root + `target/bench/optouts-${rows}.csv`;
let exists = false;
try { exists = statSync(file).size > 0; } catch {}
if (!exists) {
  const out = createWriteStream(file);
  out.write("phone_number,first_name,opted_out_at\n");
  let buf = "";
  for (let i = 0; i < rows; i++) {
    const n = (i * 2654435761) % 8_000_000_000 + 2_000_000_000;
    const s = String(n);
    const spelled = i % 100 === 0 ? "n/a" : i % 3 === 0 ? `+1${s}` : i % 3 === 1 ? `(${s.slice(0, 3)}) ${s.slice(3, 6)}-${s.slice(6)}` : `1-${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6)}`;
    buf += `"${spelled}",name${i % 1000},2026-01-01\n`;
    if (buf.length > 1 << 20) { if (!out.write(buf)) await new Promise((r) => out.once("drain", r)); buf = ""; }
  }
  out.write(buf);
  await new Promise((r) => out.end(r));
}
const t0 = performance.now();
const r = spawnSync(root + "target/release/consentry", ["filter", "build", file, "-o", root + "target/bench/optouts.bin", "--region", "US", "--fpr", "0.001"], { encoding: "utf8" });
const secs = (performance.now() - t0) / 1000;
process.stdout.write(r.stderr.split("\n").slice(0, 2).join("\n") + "\n");
console.log(`filter build: ${rows} rows (${(statSync(file).size / 1e6).toFixed(0)} MB CSV) in ${secs.toFixed(1)} s; goal <= 60 s for 10M rows: ${rows >= 10_000_000 ? (secs <= 60 ? "MET" : "NOT MET") : "(smaller run)"}`);
