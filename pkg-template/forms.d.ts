// `consentry/forms`: the sign-up page subset, from a smaller wasm module. Same functions and
// types as the main entry; call `await init()` first.
export {
  ConsentryError,
  isInitialized,
  normalizePhone,
  formatPhoneAsYouType,
  normalizeEmail,
  version,
  validateConsent,
  lintConsentText,
} from "./index.js";
export type * from "./index.js";

/**
 * Load the forms module: fetches `forms/consentry.wasm` next to this file (bundlers emit it
 * as an asset), or takes the wasm as bytes, a URL, a Response or a WebAssembly.Module.
 * Idempotent.
 */
export declare function init(input?: import("./index.js").InitInput): Promise<void>;
