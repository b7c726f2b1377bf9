// Forms entry: the smaller module for sign-up pages (phone, email and consent only; about
// two thirds of the full module's size). Call `await init()` once, as with the browser entry;
// `init(input)` also takes bytes, a URL, a Response or a WebAssembly.Module
// (import the .wasm from "consentry/forms/wasm"). Functions of the full API throw NOT_AVAILABLE.
import { initAsync } from "../forms/api.js";

export function init(input) {
  return initAsync(input ?? new URL("../forms/consentry.wasm", import.meta.url));
}

export {
  ConsentryError,
  isInitialized,
  normalizePhone,
  formatPhoneAsYouType,
  normalizeEmail,
  version,
  validateConsent,
  lintConsentText,
} from "../forms/api.js";
