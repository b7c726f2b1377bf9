// Suppression filters through the packed package: no false negatives, the same keys as the
// native CLI byte for byte, CLI-built filters answering identically in wasm (and back), and
// corrupt bytes refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { fixture, run, repo } from "./helpers.mjs";
import { mixedInputs } from "./phone-inputs.mjs";

const consentry = await import(join(fixture(), "node_modules/consentry/dist/entry/node.mjs"));
const { SuppressionFilter, contactKey } = consentry;
const cli = join(repo, "target/release/consentry");
const tmp = mkdtempSync(join(tmpdir(), "consentry-filter-"));

function rng(seed) {
  let s = BigInt(seed);
  return () => {
    s = (s + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = s;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return Number((z ^ (z >> 31n)) & 0xffffffffn);
  };
}

function randomContacts(n, seed) {
  const next = rng(seed);
  const d = (k) => Array.from({ length: k }, () => next() % 10).join("");
  const out = [];
  for (let i = 0; i < n; i++) {
    const kind = next() % 4;
    if (kind < 2) {
      const a = `${2 + (next() % 8)}${d(2)}`, b = `${2 + (next() % 8)}${d(2)}`, c = d(4);
      out.push([`+1${a}${b}${c}`, `(${a}) ${b}-${c}`, "US"]);
    } else if (kind === 2) {
      const r = d(9);
      out.push([`+447${r}`, `07${r.slice(0, 3)} ${r.slice(3)}`, "GB"]);
    } else {
      const local = `user.${d(7)}`;
      out.push([`${local}@example.com`, ` ${local.toUpperCase()}@EXAMPLE.COM `, undefined]);
    }
  }
  return out;
}

test("hasMany with { canonical: true } answers as has() does, across blocks, and names a bad contact", () => {
  // The canonical lane encodes blocks of 1,024 contacts; 2,600 cover two whole blocks and a tail.
  const f = SuppressionFilter.create({ capacity: 5_000, falsePositiveRate: 0.01 });
  const list = [];
  for (let i = 0; i < 2_600; i++) {
    const key = i % 3 === 0 ? `mailto:user${i}@example.org` : `tel:+1415555${String(i).padStart(4, "0")}`;
    if (i % 2 === 0) f.add(key);
    // Odd ones are not added: some of them not ASCII (canonical in form, so looked up as is).
    list.push(i % 14 === 1 ? `mailto:usér${i}@example.org` : i % 5 === 0 ? key.replace(/^tel:/, "") : key);
  }
  for (const g of [f, f.freeze()]) {
    const many = g.hasMany(list, { canonical: true });
    assert.equal(many.length, list.length);
    list.forEach((c, i) => assert.equal(many[i], g.has(c, { canonical: true }) ? 1 : 0, c));
    list.forEach((c, i) => i % 2 === 0 && assert.equal(many[i], 1, c));
  }
  for (const [bad, at] of [["tel:+1 415 555 0000", 2_000], ["tel:+14155550000\ntel:+14155550001", 1_500], ["", 10]]) {
    const l = [...list];
    l[at] = bad;
    assert.throws(() => f.hasMany(l, { canonical: true }), (e) => e.code === "CONTACT_INVALID" && e.message.includes(`contacts[${at}]`), JSON.stringify(bad));
  }
  const l = [...list];
  l[1_800] = 42;
  assert.throws(() => f.hasMany(l, { canonical: true }), (e) => e.code === "INVALID_ARGUMENT" && e.message.includes("contacts[1800]"));
});

test("no false negatives over 100,000 contacts added in one spelling and checked in another", () => {
  const contacts = randomContacts(100_000, 5);
  const f = SuppressionFilter.create({ capacity: 100_000, falsePositiveRate: 0.01 });
  for (const [a, , region] of contacts) f.add(a, { defaultRegion: region });
  const snap = f.freeze();
  const loaded = SuppressionFilter.fromBytes(snap.toBytes());
  for (const [, b, region] of contacts) {
    assert.equal(f.has(b, { defaultRegion: region }), true, b);
    assert.equal(loaded.has(b, { defaultRegion: region }), true, b);
  }
  const canon = contacts.map(([a, , region]) => contactKey(a, { defaultRegion: region }));
  assert.ok(loaded.hasMany(canon, { canonical: true }).every((x) => x === 1));
  assert.ok(f.hasMany(contacts.map((c) => c[0])).every((x) => x === 1));
  assert.equal(loaded.kind, "snapshot");
  f.free();
  snap.free();
  loaded.free();
});

test("keys are byte-for-byte the same in the native CLI and in wasm", () => {
  const byRegion = new Map();
  const emails = ["Ann@Example.COM", "  bob.smith+tag@Bücher.example ", "mailto:X@Y.Z", "not-an-email@", "@x.com"];
  for (const { input, region } of [...mixedInputs(), ...emails.map((input) => ({ input, region: undefined }))]) {
    const k = region ?? "";
    if (!byRegion.has(k)) byRegion.set(k, []);
    if (!input.startsWith("-")) byRegion.get(k).push(input);
  }
  let compared = 0;
  for (const [region, inputs] of byRegion) {
    const args = ["filter", "key", ...inputs];
    if (region) args.push("--region", region);
    // Exit status 2 means "some inputs were not contacts": those lines carry the error code.
    const r = spawnSync(cli, args, { encoding: "utf8", maxBuffer: 64 << 20 });
    assert.ok(r.status === 0 || r.status === 2, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines.length, inputs.length);
    inputs.forEach((input, i) => {
      let wasm;
      try {
        wasm = contactKey(input, { defaultRegion: region || undefined });
      } catch (e) {
        wasm = `error ${e.code}`;
      }
      const native = lines[i].startsWith("error ") ? lines[i].split(":")[0] : lines[i];
      assert.equal(Buffer.from(wasm).toString("hex"), Buffer.from(native).toString("hex"), `${input} (${region})`);
      compared++;
    });
  }
  assert.ok(compared > 7000);
}, { timeout: 300_000 });

function runAllowing(cmd, args) {
  try {
    return run(cmd, args);
  } catch (e) {
    // `filter check` exits 1 when something is suppressed; that is an answer, not a failure.
    const m = String(e.message).match(/exited 1\n([\s\S]*)\n/);
    if (m) return m[1];
    throw e;
  }
}

test("a filter built by the CLI answers identically in wasm, and the reverse", () => {
  const members = randomContacts(3000, 9).map((c) => c[0]);
  const strangers = randomContacts(3000, 10).map((c) => c[0]);
  const csv = join(tmp, "optouts.csv");
  writeFileSync(csv, "phone_number,email\n" + members.map((m) => (m.includes("@") ? `,${m}` : `${m},`)).join("\n") + "\n");
  const keyFile = join(tmp, "key.hex");
  writeFileSync(keyFile, "00112233445566778899aabbccddeeff\n");
  for (const freeze of [false, true]) {
    const out = join(tmp, freeze ? "snap.bin" : "bloom.bin");
    run(cli, ["filter", "build", csv, "-o", out, "--fpr", "0.01", "--key-file", keyFile, ...(freeze ? ["--freeze"] : [])]);
    const f = SuppressionFilter.fromBytes(readFileSync(out), { key: "00112233445566778899aabbccddeeff" });
    assert.equal(f.kind, freeze ? "snapshot" : "bloom");
    const all = [...members, ...strangers];
    const wasmAnswers = f.hasMany(all);
    const cliAnswers = runAllowing(cli, ["filter", "check", out, "--key-file", keyFile, ...all]).trimEnd().split("\n").map((l) => (l.endsWith("\tsuppressed") ? 1 : 0));
    assert.deepEqual([...wasmAnswers], cliAnswers);
    assert.ok(wasmAnswers.slice(0, members.length).every((x) => x === 1), "members are all suppressed");
    assert.throws(() => SuppressionFilter.fromBytes(readFileSync(out)), { code: "FILTER_KEY_MISMATCH" });
    // The reverse: built in wasm, checked by the CLI.
    const w = SuppressionFilter.create({ capacity: 3000, falsePositiveRate: 0.01, key: Uint8Array.from(Buffer.from("00112233445566778899aabbccddeeff", "hex")) });
    for (const m of members) w.add(m);
    const built = freeze ? w.freeze() : w;
    const path = join(tmp, "from-wasm.bin");
    writeFileSync(path, built.toBytes());
    const back = runAllowing(cli, ["filter", "check", path, "--key-file", keyFile, ...all]).trimEnd().split("\n").map((l) => (l.endsWith("\tsuppressed") ? 1 : 0));
    assert.deepEqual(back, [...built.hasMany(all)]);
  }
});

test("corrupt, truncated, foreign and mis-keyed bytes are refused; freed filters say so", () => {
  const f = SuppressionFilter.create({ capacity: 10, falsePositiveRate: 0.01, key: "0123456789abcdef0123456789abcdef" });
  f.add("+14155552671");
  const bytes = f.toBytes();
  const flipped = bytes.slice();
  flipped[200 % flipped.length] ^= 1;
  for (const [b, code] of [[bytes.slice(0, 50), "FILTER_CORRUPT"], [flipped, "FILTER_CORRUPT"], [new TextEncoder().encode("hello"), "FILTER_CORRUPT"]]) {
    assert.throws(() => SuppressionFilter.fromBytes(b, { key: "0123456789abcdef0123456789abcdef" }), { code });
  }
  assert.throws(() => SuppressionFilter.fromBytes(bytes), { code: "FILTER_KEY_MISMATCH" });
  assert.throws(() => SuppressionFilter.fromBytes(bytes, { key: "zz" }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => SuppressionFilter.fromBytes("not bytes"), { code: "INVALID_ARGUMENT" });
  assert.throws(() => SuppressionFilter.create({ capacity: 0, falsePositiveRate: 0.01 }), { code: "INVALID_ARGUMENT" });
  assert.throws(() => f.add("hello"), { code: "CONTACT_INVALID" });
  assert.throws(() => f.has(42), { code: "INVALID_ARGUMENT" });
  assert.throws(() => f.hasMany(["+14155552671", "nope"]), (e) => e.code === "CONTACT_INVALID" && /contacts\[1\]/.test(e.message));
  assert.throws(() => f.freeze().merge(f), { code: "FILTER_KIND" });
  const loaded = SuppressionFilter.fromBytes(bytes, { key: "0123456789abcdef0123456789abcdef" });
  assert.throws(() => loaded.freeze(), { code: "FILTER_KIND" });
  assert.equal(loaded.has("+1 415 555 2671"), true);
  assert.equal(loaded.count, 1);
  assert.ok(loaded.sizeBytes === bytes.length && loaded.falsePositiveRate < 0.01);
  const scoped = SuppressionFilter.fromBytes(bytes, { key: "0123456789abcdef0123456789abcdef" });
  const dispose = Symbol.dispose ?? Symbol.for("Symbol.dispose"); // `using` where supported
  assert.equal(typeof scoped[dispose], "function");
  scoped[dispose]();
  assert.throws(() => scoped.has("+14155552671"), { code: "FILTER_FREED" });
  loaded.free();
  assert.throws(() => loaded.has("+14155552671"), { code: "FILTER_FREED" });
});
