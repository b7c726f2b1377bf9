// Where the shared corpora live, and a small RFC 4180 CSV reader (quoted fields may hold
// commas, quotes and line breaks). Tests never skip silently: a missing folder is an error.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export function sharedDataDir() {
  const candidates = [
    process.env.CONSENTRY_SHARED_DATA,
    fileURLToPath(new URL("../../../shared/data", import.meta.url)),
    "/work/shared/data",
  ].filter(Boolean);
  for (const c of candidates) if (existsSync(join(c, "SOURCES.md"))) return c;
  throw new Error("shared corpora not found: set CONSENTRY_SHARED_DATA to the folder holding SOURCES.md");
}

export function sharedData(name) {
  return join(sharedDataDir(), name);
}

/** Parse CSV text with a header row into objects; `delimiter` defaults to ",". */
export function parseCsv(text, delimiter = ",") {
  const rows = [];
  let row = [], field = "", i = 0, quoted = false;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === delimiter) { row.push(field); field = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field); rows.push(row); row = []; field = "";
    } else field += c;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  return body.filter((r) => r.length > 1 || r[0] !== "").map((r) => Object.fromEntries(header.map((h, j) => [h, r[j] ?? ""])));
}
