// Print the size of each section of a .wasm file (raw and gzip), to see where bytes go.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
const bytes = readFileSync(process.argv[2]);
let off = 8;
const names = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount", "tag"];
function leb() { let r = 0, s = 0, b; do { b = bytes[off++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; }
const rows = [];
while (off < bytes.length) {
  const id = bytes[off++]; const size = leb(); const start = off;
  let name = names[id] ?? `id${id}`;
  if (id === 0) { const n = leb(); name = "custom:" + bytes.subarray(off, off + n).toString(); }
  const body = bytes.subarray(start, start + size);
  rows.push([name, size, gzipSync(body, { level: 9 }).length]);
  off = start + size;
}
for (const [n, s, g] of rows) console.log(n.padEnd(28), String(s).padStart(9), String(g).padStart(9));
console.log("total".padEnd(28), String(bytes.length).padStart(9), String(gzipSync(bytes, { level: 9 }).length).padStart(9));
