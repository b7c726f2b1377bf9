// The consentry JavaScript SDK: argument checks with friendly errors, initialisation state,
// and the one place JS-side errors become ConsentryError. Every runtime entry (dist/entry/*)
// re-exports this module; only the entries know how to obtain the wasm.
import * as glue from "./glue/consentry.js";

/** Error thrown by every consentry function. `code` is stable; `message` says what to do. */
export class ConsentryError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = "ConsentryError";
    this.code = code;
  }
}

let ready = false;
let pending = null;
let exportsMemory = null; // the instance's WebAssembly.Memory, for the scratch fast lane
let generation = 0; // bumped each time a trap restarts the instance (see restart)

function fail(code, message) {
  throw new ConsentryError(code, message);
}

/** True once the wasm module is instantiated. */
export function isInitialized() {
  return ready;
}

/** Instantiate from a compiled WebAssembly.Module (used by the auto-initialising entries). */
export function initFromModule(module) {
  if (ready) return;
  if (!(module instanceof WebAssembly.Module)) {
    fail("INIT_FAILED", "initFromModule expects a WebAssembly.Module");
  }
  exportsMemory = glue.initSync({ module }).memory;
  ready = true;
}

async function toModuleOrSource(input) {
  input = await input;
  if (input instanceof WebAssembly.Module) return input;
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return input;
  if (typeof input === "string" || input instanceof URL) {
    if (typeof fetch !== "function") fail("INIT_FAILED", "fetch is not available; pass the wasm bytes to init()");
    return fetch(input);
  }
  if (typeof Response === "function" && input instanceof Response) return input;
  fail(
    "INIT_FAILED",
    "init() needs the wasm: bytes, a URL, a Response or a WebAssembly.Module (import it from 'consentry/wasm')",
  );
}

/**
 * Initialise from bytes, a URL, a Response (or a promise of one) or a WebAssembly.Module.
 * Idempotent: later calls return the first call's promise.
 */
export function initAsync(input) {
  if (ready) return Promise.resolve();
  if (pending) return pending;
  if (input === undefined || input === null) {
    return Promise.reject(
      new ConsentryError("INIT_FAILED", "init(input) needs the wasm: bytes, a URL, a Response or a WebAssembly.Module"),
    );
  }
  pending = (async () => {
    const source = await toModuleOrSource(input);
    if (source instanceof Response && !source.ok) {
      fail("INIT_FAILED", `fetching the wasm failed: HTTP ${source.status} ${source.statusText}`);
    }
    exportsMemory = (await glue.default({ module_or_path: source })).memory;
    ready = true;
  })().catch((e) => {
    pending = null;
    if (e instanceof ConsentryError) throw e;
    throw new ConsentryError("INIT_FAILED", `could not load consentry.wasm: ${e && e.message}`, { cause: e });
  });
  return pending;
}

/** Same as initAsync; entries that load the wasm themselves make this a no-op. */
export function init(input) {
  return initAsync(input);
}

function notReady() {
  fail(
    "NOT_INITIALIZED",
    "consentry is not initialised yet: call `await init()` first (browsers and the slim entry need it; Node, Deno and Workers initialise on import)",
  );
}

// Errors thrown by the wasm layer carry name "ConsentryError" and a code; rethrow them as our
// class so `instanceof ConsentryError` works.
function convert(e) {
  if (e instanceof ConsentryError) return e;
  if (e && e.name === "ConsentryError" && typeof e.code === "string") {
    return new ConsentryError(e.code, e.message);
  }
  if (e instanceof WebAssembly.RuntimeError) {
    const fresh = restart();
    return new ConsentryError(
      "INTERNAL",
      `internal error in consentry (${e.message}); ` +
        (fresh ? "the wasm instance was restarted, so filters made before must be loaded again (FILTER_LOST); " : "") +
        "please report it",
      { cause: e },
    );
  }
  return e;
}

// A trap (a Rust panic or failed allocation aborts) unwinds nothing: the instance's shadow
// stack, heap and borrow flags stay as they were mid-call, and later calls could misbehave
// (a lowered stack pointer eventually overwrites data). So the instance is replaced by a
// fresh one of the same module (wasm-bindgen's reset-state function, which also retires the
// old instance's objects and finalizers), and one bad input cannot break every later call.
// Filters lived in the old memory: they answer FILTER_LOST, never a silent false negative.
function restart() {
  if (typeof glue.__wbg_reset_state !== "function") return false;
  try {
    glue.__wbg_reset_state();
    exportsMemory = glue.initSync().memory; // returns the new instance's exports
  } catch {
    ready = false;
    return false;
  }
  generation++;
  scratchPtr = 0;
  scratchCap = 0;
  scratchView = null;
  detectTables = null;
  detectInts = null;
  detectBytes = null;
  return true;
}

function call(fn, ...args) {
  if (!ready) notReady();
  if (typeof fn !== "function") {
    fail("NOT_AVAILABLE", "this function is not in the consentry/forms module: import it from \"consentry\"");
  }
  try {
    return fn(...args);
  } catch (e) {
    throw convert(e);
  }
}

function typeName(v) {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

function requireString(value, name) {
  if (typeof value !== "string") fail("INVALID_ARGUMENT", `${name} must be a string, got ${typeName(value)}`);
}

function optionalString(value, name) {
  if (value === undefined || value === null) return undefined;
  requireString(value, name);
  return value;
}

/**
 * Parse a phone number to E.164 with its validity, type and region.
 * @param {string} input
 * @param {string} [defaultRegion] ISO 3166 code used for national formats, e.g. "US".
 */
export function normalizePhone(input, defaultRegion) {
  requireString(input, "input");
  return call(glue.normalizePhone, input, optionalString(defaultRegion, "defaultRegion"));
}

/** Format a partially typed phone number for a form field. */
export function formatPhoneAsYouType(input, region) {
  requireString(input, "input");
  return call(glue.formatPhoneAsYouType, input, optionalString(region, "region"));
}

/** Validate an email address and return its canonical form. */
export function normalizeEmail(input) {
  requireString(input, "input");
  return call(glue.normalizeEmail, input);
}

/** @internal Traps inside wasm, as a panic would; the tests check the restart (see restart). */
export function __trapForTests() {
  return call(glue.__trapForTests);
}

/** Package version and the versions of the data compiled in. */
export function version() {
  return call(glue.version);
}

// ---- suppression filters ------------------------------------------------------------------

const token = Symbol("SuppressionFilter");

// Scratch lane: short ASCII contacts are written straight into a reusable buffer in wasm
// memory, instead of allocating and freeing a copy per call.
let scratchPtr = 0;
let scratchCap = 0;
let scratchView = null;

function ensureScratch(n) {
  // A grown wasm memory detaches the old buffer, which empties every view on it.
  if (n > scratchCap || scratchView === null || scratchView.length === 0) {
    scratchCap = Math.max(scratchCap, n, 512);
    scratchPtr = glue.scratch(scratchCap);
    scratchView = new Uint8Array(exportsMemory.buffer, scratchPtr, scratchCap);
  }
}

// hasMany's canonical lane: blocks of contacts joined by "\n" and encoded straight into the
// scratch buffer, one encodeInto per block (a loop per character cost more than the probes).
// Answers come back in the same buffer. Null when a block is not all canonical keys: the
// caller then takes the normal path, which says which contact is wrong.
const MANY_BLOCK = 1024;
function hasManyCanonical(raw, list) {
  const out = new Uint8Array(list.length);
  for (let start = 0; start < list.length; start += MANY_BLOCK) {
    const block = list.slice(start, start + MANY_BLOCK);
    for (let i = 0; i < block.length; i++) if (typeof block[i] !== "string") return null;
    const text = block.join("\n");
    ensureScratch(text.length * 3);
    const { read, written } = utf8Encoder.encodeInto(text, scratchView);
    if (read !== text.length) return null;
    if (!call(() => raw.hasManyCanonicalLines(written, block.length))) return null;
    // A fresh view: the call may have grown wasm memory, which detaches the old one.
    out.set(new Uint8Array(exportsMemory.buffer, scratchPtr, block.length), start);
  }
  return out;
}

function writeScratch(str) {
  const n = str.length;
  if (n > 512) return -1;
  ensureScratch(n);
  for (let i = 0; i < n; i++) {
    const c = str.charCodeAt(i);
    if (c > 127) return -1;
    scratchView[i] = c;
  }
  return n;
}
const hexKey = /^[0-9a-fA-F]{32}$/;

function keyBytes(key) {
  if (key === undefined || key === null) return undefined;
  if (key instanceof Uint8Array) {
    if (key.length !== 16) fail("INVALID_ARGUMENT", `key must be 16 bytes, got ${key.length}`);
    return key;
  }
  if (typeof key === "string" && hexKey.test(key)) {
    return Uint8Array.from({ length: 16 }, (_, i) => parseInt(key.slice(2 * i, 2 * i + 2), 16));
  }
  fail("INVALID_ARGUMENT", "key must be a 16-byte Uint8Array or 32 hexadecimal characters");
}

function regionOption(opts) {
  if (opts === undefined || opts === null) return undefined;
  if (typeof opts !== "object") fail("INVALID_ARGUMENT", `options must be an object, got ${typeName(opts)}`);
  return optionalString(opts.defaultRegion, "defaultRegion");
}

function canonicalOption(opts) {
  return !!(opts && opts.canonical === true);
}

function toBytesArg(bytes) {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  fail("INVALID_ARGUMENT", `bytes must be a Uint8Array or ArrayBuffer, got ${typeName(bytes)}`);
}

/**
 * A suppression filter of opted-out phone numbers and emails: never a false negative.
 * Create with `SuppressionFilter.create()` or `SuppressionFilter.fromBytes()`.
 */
export class SuppressionFilter {
  #raw;
  #generation; // the instance it lives in (see restart)
  #source = null; // [bytes, key] it was loaded from, while nothing was added since

  constructor(secret, raw) {
    if (secret !== token) fail("INVALID_ARGUMENT", "use SuppressionFilter.create() or SuppressionFilter.fromBytes()");
    this.#raw = raw;
    this.#generation = generation;
  }

  /** A new, empty, updatable (Bloom) filter sized for `capacity` keys at `falsePositiveRate`. */
  static create(options) {
    if (!options || typeof options !== "object") fail("INVALID_ARGUMENT", "create() needs { capacity, falsePositiveRate }");
    const { capacity, falsePositiveRate, key } = options;
    if (!Number.isInteger(capacity) || capacity < 1) fail("INVALID_ARGUMENT", `capacity must be a positive integer, got ${capacity}`);
    if (typeof falsePositiveRate !== "number" || !(falsePositiveRate > 0 && falsePositiveRate <= 0.5)) {
      fail("INVALID_ARGUMENT", `falsePositiveRate must be a number in (0, 0.5], got ${falsePositiveRate}`);
    }
    const k = keyBytes(key);
    return new SuppressionFilter(token, call(() => glue.WasmFilter.create(capacity, falsePositiveRate, k)));
  }

  /** Load serialized bytes, validating everything first (a corrupt filter is refused whole). */
  static fromBytes(bytes, options) {
    const b = toBytesArg(bytes);
    const k = keyBytes(options && options.key);
    const f = new SuppressionFilter(token, call(() => glue.WasmFilter.fromBytes(b, k)));
    f.#source = [b, k];
    return f;
  }

  #live() {
    if (!this.#raw) fail("FILTER_FREED", "this filter was freed; create or load it again");
    if (this.#generation !== generation) {
      // A filter still equal to the bytes it was loaded from reloads itself in the new
      // instance (the edge gate's module-level snapshot keeps working); one changed since cannot.
      if (!this.#source) {
        fail("FILTER_LOST", "this filter was lost when an internal error restarted consentry's wasm instance; load it again (SuppressionFilter.fromBytes)");
      }
      const [b, k] = this.#source;
      this.#raw = call(() => glue.WasmFilter.fromBytes(b, k));
      this.#generation = generation;
    }
    return this.#raw;
  }

  /** Add a contact (phone or email). Returns true when it was not yet in the filter. */
  add(contact, options) {
    requireString(contact, "contact");
    const region = regionOption(options);
    const raw = this.#live();
    this.#source = null;
    return call(() => raw.add(contact, region));
  }

  /**
   * Whether the contact is (probably) suppressed. Never false for a contact that was added.
   * With `{ canonical: true }` the contact must already be canonical (what `contactKey`,
   * `normalizePhone().e164` or `normalizeEmail().address` returned): no parsing, ~100 ns.
   */
  has(contact, options) {
    // Fast lane first: canonical ASCII goes through the scratch buffer, no allocation.
    if (typeof contact === "string" && options !== undefined && options !== null && options.canonical === true) {
      const raw = this.#live();
      const n = writeScratch(contact);
      if (n >= 0) {
        // As call() does, without allocating a closure per check: a trap restarts the instance.
        let r;
        try {
          r = raw.hasCanonicalScratch(n);
        } catch (e) {
          throw convert(e);
        }
        if (r >= 0) return r === 1;
      }
      return call(() => raw.hasCanonical(contact));
    }
    requireString(contact, "contact");
    const region = regionOption(options);
    const raw = this.#live();
    return call(() => raw.has(contact, region));
  }

  /** Check many contacts in one call: a Uint8Array with 1 where suppressed, 0 where not. */
  hasMany(contacts, options) {
    if (!Array.isArray(contacts)) fail("INVALID_ARGUMENT", `contacts must be an array of strings, got ${typeName(contacts)}`);
    const region = regionOption(options);
    const raw = this.#live();
    if (contacts.length === 0) return new Uint8Array(0);
    if (canonicalOption(options)) {
      const out = hasManyCanonical(raw, contacts);
      if (out !== null) return out;
    }
    for (let i = 0; i < contacts.length; i++) {
      const c = contacts[i];
      if (typeof c !== "string") fail("INVALID_ARGUMENT", `contacts[${i}] must be a string, got ${typeName(c)}`);
      if (c.includes("\n")) fail("CONTACT_INVALID", `contacts[${i}] contains a line break`);
    }
    return call(() => raw.hasMany(contacts.join("\n"), region, canonicalOption(options)));
  }

  /** OR another Bloom filter with the same geometry and key into this one. Returns this. */
  merge(other) {
    if (!(other instanceof SuppressionFilter)) fail("INVALID_ARGUMENT", "merge() takes another SuppressionFilter");
    const raw = this.#live();
    const o = other.#live();
    this.#source = null;
    call(() => raw.merge(o));
    return this;
  }

  /**
   * A static snapshot (binary fuse filter, ~9 bits per key) of the keys added so far, with a
   * Bloom delta for keys added later (sized for `deltaCapacity`, default 1% of the count, at least 256).
   */
  freeze(options) {
    const raw = this.#live();
    let delta = options && options.deltaCapacity;
    if (delta === undefined) delta = Math.max(256, Math.ceil(raw.count() * 0.01));
    if (!Number.isInteger(delta) || delta < 1) fail("INVALID_ARGUMENT", `deltaCapacity must be a positive integer, got ${delta}`);
    return new SuppressionFilter(token, call(() => raw.freeze(delta)));
  }

  /** The serialized filter (format in docs/FORMAT.md). */
  toBytes() {
    const raw = this.#live();
    return call(() => raw.toBytes());
  }

  /** Keys in the filter. */
  get count() {
    return this.#live().count();
  }

  /** Size of the serialized filter in bytes. */
  get sizeBytes() {
    return this.#live().sizeBytes();
  }

  /** Expected false-positive rate at the current count. */
  get falsePositiveRate() {
    return this.#live().falsePositiveRate();
  }

  /** "bloom" or "snapshot". */
  get kind() {
    return this.#live().kind();
  }

  /** Everything the header says: kind, count, size, bits per key, rates, key fingerprint, ... */
  info() {
    const raw = this.#live();
    return call(() => raw.info());
  }

  /** @internal Benchmark hook: `n` probes inside wasm (bench/filter.mjs). */
  __raw_probe(n) {
    return this.#live().probeLoop(n, 12345);
  }

  /** Release the filter's wasm memory now (it is also released when garbage-collected). */
  free() {
    // A lost filter's memory went with its instance: freeing it in the new one would corrupt it.
    if (this.#raw && this.#generation === generation) this.#raw.free();
    this.#raw = null;
  }

  [Symbol.dispose ?? Symbol.for("Symbol.dispose")]() {
    this.free();
  }
}

/** The canonical suppression key of a contact (`tel:+14155552671`, `mailto:ann@example.com`). */
export function contactKey(contact, options) {
  requireString(contact, "contact");
  const region = regionOption(options);
  return call(glue.contactKey, contact, region);
}

// ---- inbound replies ------------------------------------------------------------------------

const INTENTS = ["opt_out", "opt_in", "help", "none"];
const CONFIDENCES = ["certain", "probable", "review"];
const PROFILES = { twilio: 1, aws: 2, telnyx: 3, vonage: 4, plivo: 5, generic: 6 };
let detectTables = null;
let detectInts = null;
let detectBytes = null;
const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

function readString(bytes, at, len, ascii) {
  const view = bytes.subarray(at, at + len);
  if (ascii && len < 2048) return String.fromCharCode.apply(null, view);
  return utf8.decode(view);
}

// Write `text` into the scratch buffer as UTF-8; returns its byte length.
function writeScratchUtf8(text) {
  const n = text.length;
  ensureScratch(n * 3 + 16);
  const view = scratchView;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) break;
    view[i] = c;
  }
  if (i === n) return n;
  return utf8Encoder.encodeInto(text, view).written;
}

function checkDetectOptions(o) {
  if (o === undefined || o === null) return {};
  if (typeof o !== "object") fail("INVALID_ARGUMENT", `options must be an object, got ${typeName(o)}`);
  optionalString(o.profile, "options.profile");
  optionalString(o.locale, "options.locale");
  optionalString(o.jurisdiction, "options.jurisdiction");
  optionalString(o.channel, "options.channel");
  if (o.context !== undefined && o.context !== null && typeof o.context !== "object") {
    fail("INVALID_ARGUMENT", "options.context must be { optedOut, lastOutboundWasOptInQuestion }");
  }
  if (o.custom !== undefined && o.custom !== null) {
    if (typeof o.custom !== "object") fail("INVALID_ARGUMENT", "options.custom must be { opt_out: [...], opt_in: [...], help: [...] }");
    for (const [k, v] of Object.entries(o.custom)) {
      if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) fail("INVALID_ARGUMENT", `options.custom.${k} must be an array of strings`);
    }
  }
  if (o.receivedAt !== undefined && o.receivedAt !== null) {
    const t = o.receivedAt instanceof Date ? o.receivedAt.getTime() : typeof o.receivedAt === "string" ? Date.parse(o.receivedAt) : o.receivedAt;
    if (typeof t !== "number" || !Number.isFinite(t)) fail("INVALID_ARGUMENT", "options.receivedAt must be a Date, an ISO 8601 string or milliseconds since 1970");
    return { ...o, receivedAt: t };
  }
  return o;
}

/**
 * Read an inbound reply for opt-out, opt-in or help intent.
 * @param {string} text
 * @param {object} [options] { profile, locale, context: { optedOut, lastOutboundWasOptInQuestion }, custom, receivedAt, jurisdiction, channel }
 */
export function detectKeyword(text, options) {
  requireString(text, "text");
  const o = checkDetectOptions(options);
  if (!ready) notReady();
  const simple = !o.locale && !o.custom && !o.jurisdiction && !o.channel && o.receivedAt === undefined;
  const profile = o.profile === undefined || o.profile === null ? 0 : PROFILES[o.profile];
  if (simple && profile !== undefined && text.length <= 8192) {
    const ctx = (o.context && o.context.optedOut ? 1 : 0) | (o.context && o.context.lastOutboundWasOptInQuestion ? 2 : 0);
    const n = writeScratchUtf8(text);
    if (call(glue.detectPacked, n, profile, ctx) === 0) return unpackDetection();
  }
  return call(glue.detectKeyword, text, o);
}

function unpackDetection() {
  if (detectTables === null) detectTables = glue.detectTables();
  // Stale after the wasm memory grew (see ensureScratch).
  if (detectInts === null || detectInts.length === 0) {
    detectInts = new Int32Array(exportsMemory.buffer, glue.detectOutPtr(), 12);
    detectBytes = new Uint8Array(exportsMemory.buffer);
  }
  const r = detectInts;
  const ascii = r[10] === 1;
  let at = r[9];
  const normalized = readString(detectBytes, at, r[6], ascii);
  at += r[6];
  let keyword = null;
  if (r[7] >= 0) {
    keyword = readString(detectBytes, at, r[7], ascii);
    at += r[7];
  }
  const scope = r[8] >= 0 ? readString(detectBytes, at, r[8], ascii) : null;
  return {
    intent: INTENTS[r[0]],
    confidence: CONFIDENCES[r[1]],
    keyword,
    language: r[3] >= 0 ? detectTables.languages[r[3]] : null,
    rule: detectTables.rules[r[2]],
    fccListed: r[4] === 1,
    scope,
    providerWillBlock: r[5] < 0 ? null : r[5] === 1,
    normalized,
    honorBy: null,
    honorByRule: null,
  };
}

/**
 * Check the one confirmation text allowed after an opt-out: it must carry no marketing.
 * @param {string} text
 * @param {{ brand?: string }} [options]
 */
export function checkOptOutConfirmation(text, options) {
  requireString(text, "text");
  const brand = options && typeof options === "object" ? optionalString(options.brand, "options.brand") : undefined;
  return call(glue.checkOptOutConfirmation, text, brand);
}

// ---- Outbound messages ----------------------------------------------------------------------

const CHANNELS = ["sms", "email"];

function optionsObject(options, name) {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object" || Array.isArray(options)) {
    fail("INVALID_ARGUMENT", `${name} must be an object, got ${typeName(options)}`);
  }
  return options;
}

function optionalBoolean(value, name) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") fail("INVALID_ARGUMENT", `${name} must be a boolean, got ${typeName(value)}`);
  return value;
}

function optionalChannel(value, name, allowed) {
  const v = optionalString(value, name);
  if (v !== undefined && !allowed.includes(v)) {
    fail("INVALID_ARGUMENT", `${name} must be one of ${allowed.map((c) => `"${c}"`).join(", ")}, got "${v}"`);
  }
  return v;
}

/** How a text travels as SMS: GSM-7 or UCS-2, segments, units. */
export function smsSegments(text) {
  requireString(text, "text");
  return call(glue.smsSegments, text);
}

/** The opt-out instruction of an outbound message, if any. */
export function findOptOut(text) {
  requireString(text, "text");
  return call(glue.findOptOut, text);
}

/** Classify an outbound message: marketing, transactional, conversational or fraud. */
export function classifyMessage(text, options) {
  requireString(text, "text");
  const o = optionsObject(options, "options");
  const channel = optionalChannel(o.channel, "options.channel", CHANNELS);
  return call(glue.classifyMessage, text, channel);
}

const CHECK_STRINGS = ["jurisdiction", "brand", "category", "optOutUrl", "contact", "postalAddress"];
const CHECK_BOOLEANS = ["firstMessage", "twoWay", "bulkSender"];
const CATEGORIES = ["marketing", "transactional", "conversational", "fraud"];

/** Check a message against the rules of the recipient's jurisdiction, with a fix. */
export function checkMessage(message, options) {
  const o = optionsObject(options, "options");
  const channel = optionalChannel(o.channel, "options.channel", CHANNELS);
  for (const k of CHECK_STRINGS) optionalString(o[k], `options.${k}`);
  for (const k of CHECK_BOOLEANS) optionalBoolean(o[k], `options.${k}`);
  if (o.category !== undefined && o.category !== null && !CATEGORIES.includes(o.category)) {
    fail("INVALID_ARGUMENT", `options.category must be one of ${CATEGORIES.join(", ")}, got "${o.category}"`);
  }
  if (typeof message === "string") {
    return call(glue.checkMessage, message, { ...o, channel: channel ?? "sms" });
  }
  if (message === null || typeof message !== "object" || Array.isArray(message)) {
    fail(
      "INVALID_ARGUMENT",
      `message must be the SMS text, a raw email, or { subject, text, html, headers }, got ${typeName(message)}`,
    );
  }
  if (channel === "sms") {
    fail("INVALID_ARGUMENT", "an SMS message is a string; objects { subject, text, html, headers } are emails");
  }
  for (const k of ["subject", "text", "html"]) optionalString(message[k], `message.${k}`);
  const h = message.headers;
  if (h !== undefined && h !== null) {
    const pairs = Array.isArray(h) ? h : typeof h === "object" ? Object.entries(h) : null;
    if (!pairs || !pairs.every((p) => Array.isArray(p) && typeof p[0] === "string" && typeof p[1] === "string")) {
      fail("INVALID_ARGUMENT", "message.headers must be { name: value } or [[name, value], ...] with string values");
    }
  }
  return call(glue.checkMessage, message, { ...o, channel: "email" });
}

// ---- Consent at the form --------------------------------------------------------------------

const CONSENT_CHANNELS = ["sms", "email", "both"];
const FORM_STRINGS = ["phone", "email", "consentText", "termsUrl", "privacyUrl", "source", "ip", "userAgent"];

function consentOptions(options) {
  const o = optionsObject(options, "options");
  optionalString(o.jurisdiction, "options.jurisdiction");
  optionalString(o.brand, "options.brand");
  optionalString(o.defaultRegion, "options.defaultRegion");
  const channel = optionalChannel(o.channel, "options.channel", CONSENT_CHANNELS);
  return { ...o, channel };
}

/** What a consent disclosure lacks for a jurisdiction and channel, with suggested sentences. */
export function lintConsentText(text, options) {
  requireString(text, "text");
  const o = consentOptions(options);
  return call(glue.lintConsentText, text, { ...o, channel: o.channel ?? "sms" });
}

/**
 * Validate a sign-up form's consent and produce the consent record. Wrong field types are
 * reported as FIELD_INVALID_TYPE errors on the field (the form can show them); only a form
 * that is not an object, or bad options, throw.
 */
export function validateConsent(form, options) {
  if (form === null || typeof form !== "object" || Array.isArray(form)) {
    fail("INVALID_ARGUMENT", `form must be an object like { phone, email, consentChecked, consentText }, got ${typeName(form)}`);
  }
  const o = consentOptions(options);
  const channel = o.channel ?? (form.phone && form.email ? "both" : form.email && !form.phone ? "email" : "sms");
  const clean = { typeErrors: [] };
  const wrong = (field, expected) => clean.typeErrors.push([field, expected]);
  for (const k of FORM_STRINGS) {
    const v = form[k];
    if (v === undefined || v === null) continue;
    if (typeof v === "string") clean[k] = v;
    else wrong(k, "a string");
  }
  const checked = form.consentChecked;
  if (typeof checked === "boolean") clean.consentChecked = checked;
  else if (checked && typeof checked === "object" && !Array.isArray(checked)) {
    const per = {};
    for (const c of ["sms", "email"]) {
      if (checked[c] === undefined || checked[c] === null) continue;
      if (typeof checked[c] === "boolean") per[c] = checked[c];
      else wrong("consentChecked", "a boolean, or { sms, email } booleans");
    }
    clean.consentChecked = per;
  } else if (checked !== undefined && checked !== null) wrong("consentChecked", "a boolean, or { sms, email } booleans");
  if (form.consentPrechecked !== undefined && form.consentPrechecked !== null) {
    if (typeof form.consentPrechecked === "boolean") clean.consentPrechecked = form.consentPrechecked;
    else wrong("consentPrechecked", "a boolean");
  }
  const at = form.submittedAt;
  if (at !== undefined && at !== null) {
    const ms = at instanceof Date ? at.getTime() : typeof at === "number" ? at : typeof at === "string" ? Date.parse(at) : NaN;
    if (Number.isFinite(ms)) clean.submittedAt = ms;
    else wrong("submittedAt", "a Date, Unix milliseconds or an ISO 8601 string");
  }
  return call(glue.validateConsent, clean, { ...o, channel });
}
