// List the largest functions of a .wasm that still has its "name" section (a cargo build
// output, before wasm-bindgen/wasm-opt), grouped by crate, to see what costs bytes.
import { readFileSync } from "node:fs";
const bytes = readFileSync(process.argv[2]);
let off = 8;
function leb(b = bytes) { let r = 0, s = 0, x; do { x = b[off++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); return r; }
let imports = 0; const sizes = []; const names = new Map();
while (off < bytes.length) {
  const id = bytes[off++]; const size = leb(); const end = off + size;
  if (id === 2) { const n = leb(); for (let i = 0; i < n; i++) { let l = leb(); off += l; l = leb(); off += l; const kind = bytes[off++]; if (kind === 0) { leb(); imports++; } else if (kind === 1) { off++; const f = bytes[off++]; leb(); if (f & 1) leb(); } else if (kind === 2) { const f = bytes[off++]; leb(); if (f & 1) leb(); } else if (kind === 3) { off += 2; } } }
  if (id === 10) { const n = leb(); for (let i = 0; i < n; i++) { const s = leb(); sizes.push(s); off += s; } }
  if (id === 0) { const nl = leb(); const nm = bytes.subarray(off, off + nl).toString(); off += nl;
    if (nm === "name") { while (off < end) { const sub = bytes[off++]; const ss = leb(); const se = off + ss; if (sub === 1) { const n = leb(); for (let i = 0; i < n; i++) { const idx = leb(); const l = leb(); names.set(idx, bytes.subarray(off, off + l).toString()); off += l; } } off = se; } } }
  off = end;
}
const rows = sizes.map((s, i) => [names.get(i + imports) ?? `f${i + imports}`, s]);
const byCrate = new Map();
for (const [n, s] of rows) { const m = n.match(/^_?Z?N?\d*([a-z_][a-z0-9_]*)/i); const k = (n.match(/(rlibphonenumber|regex_lite|prost|serde_wasm_bindgen|serde|unicode_normalization|core|alloc|std|consentry|wasm_bindgen|js_sys|dlmalloc|hashbrown|strum)/) || ["other"])[0]; byCrate.set(k, (byCrate.get(k) ?? 0) + s); }
console.log([...byCrate].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k.padEnd(24)} ${v}`).join("\n"));
console.log("--- largest");
rows.sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 25)).forEach(([n, s]) => console.log(String(s).padStart(7), n.slice(0, 140)));
