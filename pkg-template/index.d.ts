// Type declarations for consentry. Hand-written: these names are the public contract.

/**
 * The error every consentry function throws. `code` is stable across versions and safe to
 * branch on; `message` is for people and says what to do next.
 *
 * Codes: `PHONE_UNPARSEABLE`, `REGION_UNKNOWN`, `INPUT_TOO_LONG`, `INVALID_ARGUMENT`,
 * `CONTACT_INVALID`, `FILTER_CORRUPT`, `FILTER_VERSION`, `FILTER_KEY_MISMATCH`,
 * `FILTER_INCOMPATIBLE`, `FILTER_KIND`, `FILTER_FREED`, `NOT_INITIALIZED`, `INIT_FAILED`,
 * `INTERNAL`.
 */
export declare class ConsentryError extends Error {
  readonly name: "ConsentryError";
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown });
}

/** What `init` accepts: the wasm as bytes, a URL, a Response (or a promise of one) or a compiled module. */
export type InitInput =
  | BufferSource
  | URL
  | string
  | Response
  | WebAssembly.Module
  | Promise<BufferSource | URL | string | Response | WebAssembly.Module>;

/**
 * Load the WebAssembly module. Browsers and the `consentry/slim` entry must await this once
 * before calling anything else (the browser entry finds `consentry.wasm` itself; slim needs
 * `input`). Node, Deno and Workers initialise on import, where this is a no-op. Idempotent.
 */
export declare function init(input?: InitInput): Promise<void>;

/** True once the wasm module is ready. */
export declare function isInitialized(): boolean;

/** libphonenumber's number types, as returned in `PhoneInfo.type`. */
export type PhoneType =
  | "mobile"
  | "fixedLine"
  | "fixedLineOrMobile"
  | "tollFree"
  | "premiumRate"
  | "sharedCost"
  | "voip"
  | "personalNumber"
  | "pager"
  | "uan"
  | "voicemail"
  | "unknown";

/** Result of {@link normalizePhone}. */
export interface PhoneInfo {
  /** `+`, country code and national number, e.g. `"+14155552671"`. */
  e164: string;
  /** The number is assigned in its region's numbering plan. */
  valid: boolean;
  /** The number has a possible length (weaker than `valid`). */
  possible: boolean;
  /** `"unknown"` when the number is not valid. */
  type: PhoneType;
  /** ISO 3166 region, `"001"` for non-geographic numbers, or `null` when not valid. */
  region: string | null;
  /** Country calling code, e.g. `1` or `44`. */
  countryCode: number;
}

/**
 * Parse a phone number (national, international, `tel:` URI or out-of-country dialling such
 * as `011 44 …` from the US) and return its E.164 form, validity, type and region.
 *
 * @param input The number as typed.
 * @param defaultRegion ISO 3166 code used when the number has no `+` (e.g. `"US"`).
 * @throws {ConsentryError} `PHONE_UNPARSEABLE` when the text cannot be a phone number;
 *   `REGION_UNKNOWN` for an unknown region code; `INVALID_ARGUMENT` for non-string input.
 *
 * @example
 * normalizePhone("(415) 555-2671", "US").e164 // "+14155552671"
 */
export declare function normalizePhone(input: string, defaultRegion?: string): PhoneInfo;

/** Result of {@link formatPhoneAsYouType}. */
export interface AsYouTypeResult {
  /** Text to show in the field. */
  formatted: string;
  /** The digits typed so far, with a leading `+` if one was typed. */
  digits: string;
  /** E.164 once the digits form a possible number. */
  e164: string | null;
  valid: boolean;
  possible: boolean;
  type: PhoneType;
  region: string | null;
}

/**
 * Format a phone number as the user types it; call it on every input event. Never throws on
 * partial or messy input (only on an unknown `region`).
 *
 * @example
 * formatPhoneAsYouType("4155552671", "US").formatted // "(415) 555-2671"
 */
export declare function formatPhoneAsYouType(input: string, region?: string): AsYouTypeResult;

/** Result of {@link normalizeEmail}. */
export interface EmailInfo {
  /** Canonical address (trimmed, NFC, lower-cased, punycode domain): the suppression key. */
  address: string;
  valid: boolean;
  /** Canonical ASCII domain. */
  domain: string;
  /** Why the address is not valid, or `null`. */
  reason: string | null;
  /** A likely intended address when the domain looks like a typo (`gmial.com`), or `null`. */
  suggestion: string | null;
}

/**
 * Validate an email address (a practical RFC 5321/5322 subset with internationalised
 * domains) and return its canonical form.
 *
 * @example
 * normalizeEmail(" Ann@Bücher.example ").address // "ann@xn--bcher-kva.example"
 */
export declare function normalizeEmail(input: string): EmailInfo;

/** Versions of the package and of the data compiled into it. */
export interface VersionInfo {
  /** Package version. */
  version: string;
  /** libphonenumber metadata version. */
  phoneMetadata: string;
}

/** Versions of the package and of its data. */
export declare function version(): VersionInfo;
