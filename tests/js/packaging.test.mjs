// The packed tarball, installed as users install it, in every runtime we support.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fixture, run, bin, serveStatic, launchChromium, repo } from "./helpers.mjs";

function checkAnswer(r, where) {
  assert.equal(r.ready, true, `${where}: initialised`);
  assert.deepEqual(
    r.phone,
    { e164: "+14155552671", valid: true, possible: true, type: "fixedLineOrMobile", region: "US", countryCode: 1 },
    `${where}: normalizePhone`,
  );
  assert.equal(r.email.address, "ann@xn--bcher-kva.example", `${where}: normalizeEmail`);
  assert.deepEqual(r.err, { code: "PHONE_UNPARSEABLE", isClass: true }, `${where}: ConsentryError`);
}

test("package.json exports map is ordered as runtimes need", () => {
  const pkg = JSON.parse(readFileSync(join(fixture(), "node_modules/consentry/package.json"), "utf8"));
  const keys = Object.keys(pkg.exports["."]);
  assert.deepEqual(keys, ["types", "workerd", "edge-light", "deno", "node", "browser", "default"]);
  assert.deepEqual(Object.keys(pkg.exports["."].node), ["import", "require"]);
  assert.ok(pkg.exports["./slim"] && pkg.exports["./wasm"]);
  const files = readdirSync(join(fixture(), "node_modules/consentry/dist"));
  assert.ok(files.includes("consentry.wasm"));
  // The shared corpora must never ship in the package.
  const listing = run("tar", ["-tzf", join(repo, "target/pack", readdirSync(join(repo, "target/pack"))[0])]);
  assert.doesNotMatch(listing, /\.csv|\.tsv|labelled|shared/);
});

test("Node ESM", () => {
  checkAnswer(JSON.parse(run("node", ["node-esm.mjs"], { cwd: fixture() })), "node esm");
});

test("Node CJS (require)", () => {
  checkAnswer(JSON.parse(run("node", ["node-cjs.cjs"], { cwd: fixture() })), "node cjs");
});

test("Deno (npm package, deno condition, no permissions)", () => {
  const out = run(bin("deno"), ["run", "--no-prompt", "--quiet", "deno.mjs"], {
    cwd: fixture(),
    env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  });
  checkAnswer(JSON.parse(out), "deno");
});

test("Cloudflare workerd (bundled by wrangler, run by miniflare)", async () => {
  const dir = join(fixture(), "worker");
  run(bin("wrangler"), ["deploy", "--dry-run", "--outdir", "out"], {
    cwd: dir,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1" },
  });
  const outFiles = readdirSync(join(dir, "out"));
  assert.ok(outFiles.some((f) => f.endsWith(".wasm")), `wrangler emitted the wasm as a module: ${outFiles}`);
  const bundle = readFileSync(join(dir, "out/index.js"), "utf8");
  assert.doesNotMatch(bundle, /WebAssembly\.(compile|instantiate)\(/, "no runtime compilation in the worker");
  const { Miniflare } = await import(join(repo, "node_modules/miniflare/dist/src/index.js"));
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(dir, "out/index.js"),
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2026-04-01",
  });
  try {
    const res = await mf.dispatchFetch("http://localhost/?phone=(415)%20555-2671");
    checkAnswer(await res.json(), "workerd");
  } finally {
    await mf.dispose();
  }
});

test("browser: Vite build in headless Chromium", async () => {
  const dir = join(fixture(), "browser");
  run(bin("vite"), ["build", "--logLevel", "warn", "--outDir", "dist"], { cwd: dir });
  const assets = readdirSync(join(dir, "dist/assets"));
  assert.equal(assets.filter((f) => f.endsWith(".wasm")).length, 1, `exactly one .wasm in the Vite output: ${assets}`);
  const server = await serveStatic(join(dir, "dist"));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(server.url);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 20000 });
    const r = await page.evaluate(() => window.__result);
    assert.equal(r.error, undefined, r.error);
    assert.deepEqual(r.before, { code: "NOT_INITIALIZED", isClass: true }, "calling before init throws a clear error");
    checkAnswer(r, "chromium");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
