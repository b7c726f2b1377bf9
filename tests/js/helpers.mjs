// Test helpers: install the packed tarball into a scratch fixture folder, serve static files,
// and drive Debian's Chromium through playwright-core.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = fileURLToPath(new URL("../../", import.meta.url));
export const bin = (name) => join(repo, "node_modules/.bin", name);
const fixtureRoot = join(repo, "target/js-fixture");

let prepared = null;

/** A folder with the packed `consentry` tarball installed and the fixture sources copied in. */
export function fixture() {
  if (prepared) return prepared;
  const packDir = join(repo, "target/pack");
  const tarballs = existsSync(packDir) ? readdirSync(packDir).filter((f) => f.endsWith(".tgz")) : [];
  if (tarballs.length !== 1) throw new Error("expected one tarball in target/pack: run `make pack` first");
  rmSync(fixtureRoot, { recursive: true, force: true });
  mkdirSync(fixtureRoot, { recursive: true });
  writeFileSync(join(fixtureRoot, "package.json"), JSON.stringify({ name: "consentry-fixture", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", join(packDir, tarballs[0])], {
    cwd: fixtureRoot,
    stdio: "inherit",
  });
  cpSync(join(repo, "tests/js/fixtures"), fixtureRoot, { recursive: true });
  prepared = fixtureRoot;
  return prepared;
}

/** Run a command; return stdout, throwing with stderr on a non-zero exit. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 180_000, ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".bin": "application/octet-stream",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** Serve `dir` on 127.0.0.1 (random port). Returns { url, close, bytesSent }. */
export async function serveStatic(dir) {
  let bytesSent = 0;
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = join(dir, path.endsWith("/") ? path + "index.html" : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    const body = readFileSync(file);
    bytesSent += body.length;
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)), bytes: () => bytesSent };
}

export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** Launch Debian's Chromium with playwright-core. */
export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs, headless: true });
}
