// Serve the demo: www-demo/ at / and the built package (pkg/) at /pkg/, gzip-compressed,
// with the right MIME type for .wasm. Usage: node scripts/serve.mjs [--port 8080] [--quiet]
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const mounts = [["/pkg/", join(root, "pkg")], ["/", join(root, "www-demo")]];
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml",
  ".bin": "application/octet-stream", ".ico": "image/x-icon",
};

export function createDemoServer() {
  const cache = new Map();
  return createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (file.endsWith("/") || (existsSync(file) && statSync(file).isDirectory())) file = join(file, "index.html");
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const mtime = statSync(file).mtimeMs;
    let entry = cache.get(file);
    if (!entry || entry.mtime !== mtime) {
      entry = { mtime, body: gzipSync(readFileSync(file), { level: 9 }) };
      cache.set(file, entry);
    }
    res.writeHead(200, {
      "content-type": types[extname(file)] ?? "application/octet-stream",
      "content-encoding": "gzip",
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:",
    });
    res.end(entry.body);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const port = Number(args[args.indexOf("--port") + 1] || 8080) || 8080;
  if (!existsSync(join(root, "pkg/dist/consentry.wasm"))) {
    console.error("pkg/ is not built: run `make demo` (or `make build` first)");
    process.exit(1);
  }
  createDemoServer().listen(port, "127.0.0.1", () => {
    console.log(`consentry demo: http://127.0.0.1:${port}/  (Ctrl-C to stop)`);
  });
}
