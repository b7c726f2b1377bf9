// A trap inside wasm (a Rust panic or a failed allocation aborts: nothing unwinds) must not
// break every later call: the SDK replaces the instance, and filters of the old one refuse to
// answer (FILTER_LOST) rather than answer from memory that is gone. Its own file: the restart
// retires every filter of this process's instance.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { fixture } from "./helpers.mjs";

const consentry = await import(join(fixture(), "node_modules/consentry/dist/entry/node.mjs"));
const { SuppressionFilter, detectKeyword, classifyMessage, normalizePhone, __trapForTests } = consentry;

test("a filter too large for memory is refused with OUT_OF_MEMORY, and nothing else changes", () => {
  const f = SuppressionFilter.create({ capacity: 1000, falsePositiveRate: 0.01 });
  f.add("+14155552671");
  // 2e9 keys at one in a million need about 7 GB; the instance has at most 4 GiB.
  assert.throws(
    () => SuppressionFilter.create({ capacity: 2e9, falsePositiveRate: 1e-6 }),
    (e) => e.code === "OUT_OF_MEMORY" && /lower the capacity/.test(e.message),
  );
  assert.equal(f.has("+14155552671"), true);
  assert.equal(detectKeyword("STOP").intent, "opt_out");
  f.free();
});

test("after a trap the next calls work, and filters of the old instance say FILTER_LOST", () => {
  const before = SuppressionFilter.create({ capacity: 1000, falsePositiveRate: 0.01 });
  before.add("+14155552671");
  assert.equal(before.has("tel:+14155552671", { canonical: true }), true); // scratch lane in use
  assert.equal(detectKeyword("stop texting me").intent, "opt_out"); // packed lane in use

  assert.throws(() => __trapForTests(), (e) => e.code === "INTERNAL" && /restarted/.test(e.message));

  // Stateless calls, including the fast lanes that read the instance's memory directly.
  assert.equal(detectKeyword("STOP").intent, "opt_out");
  assert.equal(detectKeyword("stop texting me").keyword, "stop texting me");
  assert.equal(classifyMessage("Your code is 482913").category, "transactional");
  assert.equal(normalizePhone("(415) 555-2671", "US").e164, "+14155552671");
  // The old filter refuses; freeing it is harmless (its memory went with the old instance).
  assert.throws(() => before.has("+14155552671"), { code: "FILTER_LOST" });
  assert.throws(() => before.has("tel:+14155552671", { canonical: true }), { code: "FILTER_LOST" });
  before.free();
  // New filters work, on both lanes, and survive a second restart's neighbour.
  const after = SuppressionFilter.create({ capacity: 1000, falsePositiveRate: 0.01 });
  after.add("+14155552671");
  assert.equal(after.has("tel:+14155552671", { canonical: true }), true);
  assert.deepEqual([...after.hasMany(["tel:+14155552671", "tel:+14155550000"], { canonical: true })], [1, 0]);
  const bytes = after.toBytes();
  const loaded = SuppressionFilter.fromBytes(bytes);
  const changed = SuppressionFilter.fromBytes(bytes);
  changed.add("ann@example.com");
  assert.throws(() => __trapForTests(), { code: "INTERNAL" });
  assert.throws(() => after.count, { code: "FILTER_LOST" });
  assert.throws(() => changed.has("ann@example.com"), { code: "FILTER_LOST" });
  // A filter as loaded (the edge gate's snapshot) reloads itself from its bytes.
  assert.equal(loaded.has("+1 415 555 2671"), true);
  assert.equal(loaded.has("tel:+14155552671", { canonical: true }), true);
  assert.equal(loaded.count, 1);
  loaded.free();
  assert.throws(() => loaded.has("+14155552671"), { code: "FILTER_FREED" });
});
