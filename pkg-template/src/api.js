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
  glue.initSync({ module });
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
    await glue.default({ module_or_path: source });
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
    return new ConsentryError("INTERNAL", `internal error in consentry (${e.message}); please report it`, { cause: e });
  }
  return e;
}

function call(fn, ...args) {
  if (!ready) notReady();
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

/** Package version and the versions of the data compiled in. */
export function version() {
  return call(glue.version);
}
