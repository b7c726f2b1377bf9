// The packed tarball, installed as users install it, in every runtime we support.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { writeFileSync } from "node:fs";
import { fixture, run, bin, serveStatic, launchChromium, repo } from "./helpers.mjs";

// A snapshot built through the package in Node, shipped as bytes to the other runtimes.
const members = ["+14155552671", "+447400123456", "ann@example.com", "+33612345678"];
const strangers = ["+14155550000", "bob@example.com", "+61412345678"];
async function snapshotBytes() {
  const { SuppressionFilter } = await import(join(fixture(), "node_modules/consentry/dist/entry/node.mjs"));
  const f = SuppressionFilter.create({ capacity: 1000, falsePositiveRate: 0.001 });
  for (const m of members) f.add(m);
  return f.freeze().toBytes();
}

function checkFilter(r, where) {
  assert.equal(r.kind, "snapshot", where);
  assert.deepEqual(r.answers.slice(0, members.length), members.map(() => 1), `${where}: members suppressed`);
  // 3 strangers at a 1/256 false-positive rate: all should be absent (deterministic for these keys).
  assert.deepEqual(r.answers.slice(members.length), strangers.map(() => 0), `${where}: strangers pass`);
}

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
  writeFileSync(join(dir, "src/suppression.bin"), await snapshotBytes());
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
    modulesRules: [
      { type: "CompiledWasm", include: ["**/*.wasm"] },
      { type: "Data", include: ["**/*.bin"] },
    ],
    compatibilityDate: "2026-04-01",
  });
  try {
    const res = await mf.dispatchFetch("http://localhost/?phone=(415)%20555-2671");
    checkAnswer(await res.json(), "workerd");
    const check = encodeURIComponent(JSON.stringify([...members, ...strangers]));
    const fr = await mf.dispatchFetch(`http://localhost/filter?check=${check}`, { method: "POST", body: await snapshotBytes() });
    const body = await fr.json();
    checkFilter(body, "workerd");
    assert.deepEqual(body.single, body.answers.map((x) => x === 1));
    // The README's edge gate.
    const gate = (to, text) => mf.dispatchFetch("http://localhost/gate", { method: "POST", body: JSON.stringify({ to, text }) });
    const blocked = await gate("+1 415 555 2671", "Acme: 20% off today. Reply STOP to opt out");
    assert.deepEqual([blocked.status, (await blocked.json()).why], [403, "opted out"]);
    const lacking = await gate("+14155550000", "20% off today!");
    const lack = await lacking.json();
    assert.equal(lacking.status, 422);
    assert.deepEqual(lack.why.sort(), ["OPT_OUT_MISSING", "SENDER_MISSING"]);
    assert.equal(lack.fix, "Acme: 20% off today!\nReply STOP to opt out");
    const fine = await gate("+14155550000", "Acme: 20% off today. Reply STOP to opt out");
    assert.deepEqual([fine.status, await fine.json()], [200, { send: true, segments: 1 }]);
    // After a trap in this isolate, the next requests work and the gate's snapshot still blocks.
    const trapped = await mf.dispatchFetch("http://localhost/trap");
    assert.deepEqual(await trapped.json(), { code: "INTERNAL", after: "opt_out" });
    const still = await gate("+1 415 555 2671", "Acme: 20% off today. Reply STOP to opt out");
    assert.deepEqual([still.status, (await still.json()).why], [403, "opted out"]);
  } finally {
    await mf.dispose();
  }
});

test("browser: Vite build in headless Chromium", async () => {
  const dir = join(fixture(), "browser");
  run(bin("vite"), ["build", "--logLevel", "warn", "--outDir", "dist"], { cwd: dir });
  const assets = readdirSync(join(dir, "dist/assets"));
  assert.equal(assets.filter((f) => f.endsWith(".wasm")).length, 1, `exactly one .wasm in the Vite output: ${assets}`);
  writeFileSync(join(dir, "dist/snapshot.bin"), await snapshotBytes());
  writeFileSync(join(dir, "dist/contacts.json"), JSON.stringify([...members, ...strangers]));
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
    checkFilter(r.filter, "chromium");
    assert.deepEqual(r.replies, ["opt_out", "opt_out", "opt_out", "none"]);
    assert.deepEqual(r.message, {
      ok: false,
      codes: ["OPT_OUT_MISSING", "SENDER_MISSING"],
      fix: "Acme: 20% off all shoes this weekend!\nReply STOP to opt out",
      emoji: 2,
    });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
