// Type declarations for consentry. Hand-written: these names are the public contract.

/**
 * The error every consentry function throws. `code` is stable across versions and safe to
 * branch on; `message` is for people and says what to do next.
 *
 * Codes: `PHONE_UNPARSEABLE`, `REGION_UNKNOWN`, `INPUT_TOO_LONG`, `INVALID_ARGUMENT`,
 * `CONTACT_INVALID`, `FILTER_CORRUPT`, `FILTER_VERSION`, `FILTER_KEY_MISMATCH`,
 * `FILTER_INCOMPATIBLE`, `FILTER_KIND`, `FILTER_FREED`, `FILTER_LOST`, `OUT_OF_MEMORY`,
 * `NOT_INITIALIZED`, `INIT_FAILED`, `INTERNAL`.
 *
 * `INTERNAL` means consentry's wasm trapped (a bug: please report it). The instance is then
 * replaced by a fresh one, so later calls work; filters created or changed before it throw
 * `FILTER_LOST` (load them again), and a filter unchanged since `fromBytes` reloads itself.
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

// ---- suppression filters ------------------------------------------------------------------

/** Options of {@link SuppressionFilter.create}. */
export interface CreateFilterOptions {
  /** Keys the filter is sized for. More keys raise the false-positive rate, never misses. */
  capacity: number;
  /** Target false-positive rate at `capacity`, in (0, 0.5], e.g. 0.001. */
  falsePositiveRate: number;
  /** Secret 128-bit hashing key: 16 bytes or 32 hex characters. Without it a public key is used. */
  key?: Uint8Array | string;
}

/** Options of `add`, `has` and `hasMany`. */
export interface ContactOptions {
  /** Region for national phone formats, e.g. "US". */
  defaultRegion?: string;
  /**
   * `has`/`hasMany` only: the contacts are already canonical (what {@link contactKey},
   * `normalizePhone().e164` or `normalizeEmail().address` returned). Skips parsing: about
   * 100x faster. A non-canonical spelling would be looked up as written, so only pass values
   * that consentry produced. (A North American number already in E.164, `+1` and ten digits,
   * skips parsing without this option too.)
   */
  canonical?: boolean;
}

/** What {@link SuppressionFilter.info} reports. */
export interface FilterInfo {
  kind: "bloom" | "snapshot";
  count: number;
  sizeBytes: number;
  bitsPerKey: number;
  capacity: number;
  targetFalsePositiveRate: number;
  falsePositiveRate: number;
  keyed: boolean;
  keyFingerprint: string;
  createdAtMs: number;
  formatVersion: string;
}

/**
 * A compact set of opted-out phone numbers and emails that never gives a false negative:
 * a split-block Bloom filter (updatable) or a binary fuse snapshot (static, ~9 bits per key)
 * with a Bloom delta. Bytes are specified in docs/FORMAT.md.
 *
 * @example
 * const f = SuppressionFilter.create({ capacity: 100_000, falsePositiveRate: 0.001 });
 * f.add("+1 (415) 555-2671");
 * f.has("415.555.2671", { defaultRegion: "US" }); // true
 * const bytes = f.freeze().toBytes();            // ship to the edge
 * SuppressionFilter.fromBytes(bytes).has("+14155552671"); // true
 */
export declare class SuppressionFilter {
  private constructor();
  /**
   * A new, empty, updatable Bloom filter.
   * @throws {ConsentryError} `INVALID_ARGUMENT`; `OUT_OF_MEMORY` when the filter would not fit
   * (a wasm instance has at most 4 GiB).
   */
  static create(options: CreateFilterOptions): SuppressionFilter;
  /**
   * Load serialized bytes. Everything is validated first; a truncated, tampered, foreign or
   * future-version filter is refused whole.
   * @throws {ConsentryError} `FILTER_CORRUPT`, `FILTER_VERSION`, `FILTER_KEY_MISMATCH`.
   */
  static fromBytes(bytes: Uint8Array | ArrayBuffer, options?: { key?: Uint8Array | string }): SuppressionFilter;
  /** Add a contact; true if it was not in the filter yet. @throws {ConsentryError} `CONTACT_INVALID`. */
  add(contact: string, options?: ContactOptions): boolean;
  /** Whether the contact is (probably) suppressed. Never false for an added contact. */
  has(contact: string, options?: ContactOptions): boolean;
  /** Check many contacts in one call: 1 where suppressed, 0 where not. */
  hasMany(contacts: string[], options?: ContactOptions): Uint8Array;
  /** OR another Bloom filter of the same geometry and key into this one. @throws `FILTER_INCOMPATIBLE`, `FILTER_KIND`. */
  merge(other: SuppressionFilter): this;
  /**
   * A static snapshot of the keys added so far, with a Bloom delta for later adds
   * (`deltaCapacity`, default 1% of the count, at least 256). @throws `FILTER_KIND` for
   * filters loaded from bytes (rebuild from the opt-out ledger instead); `OUT_OF_MEMORY`.
   */
  freeze(options?: { deltaCapacity?: number }): SuppressionFilter;
  /** The serialized filter. @throws {ConsentryError} `OUT_OF_MEMORY` when the copy does not fit. */
  toBytes(): Uint8Array;
  readonly count: number;
  readonly sizeBytes: number;
  /** Expected false-positive rate at the current count. */
  readonly falsePositiveRate: number;
  readonly kind: "bloom" | "snapshot";
  info(): FilterInfo;
  /** Free the wasm memory now (also freed when garbage-collected). Later calls throw `FILTER_FREED`. */
  free(): void;
  [Symbol.dispose](): void;
}

/**
 * The canonical suppression key of a contact: `tel:+14155552671` or `mailto:ann@example.com`.
 * @throws {ConsentryError} `CONTACT_INVALID`, `REGION_UNKNOWN`.
 */
export declare function contactKey(contact: string, options?: { defaultRegion?: string }): string;

// ---- inbound replies ------------------------------------------------------------------------

export type Intent = "opt_out" | "opt_in" | "help" | "none";
export type Confidence = "certain" | "probable" | "review";
export type ProviderProfile = "twilio" | "aws" | "telnyx" | "vonage" | "plivo" | "generic";

/** Options of {@link detectKeyword}. */
export interface DetectOptions {
  /** Predict whether this provider's default keyword handling blocks the reply. */
  profile?: ProviderProfile;
  /** Contact's country ("CA") or language ("fr", "fr-CA"): picks the language reported. */
  locale?: string;
  /** Conversation state: decides whether YES is an opt-in. */
  context?: { optedOut?: boolean; lastOutboundWasOptInQuestion?: boolean };
  /** Extra keywords of your programme, per intent. */
  custom?: { opt_out?: string[]; opt_in?: string[]; help?: string[] };
  /** When the reply arrived (for `honorBy`); default now. */
  receivedAt?: Date | string | number;
  /** Contact's jurisdiction: "US", "CA", "GB", "AU", "EU" or an EU member code (for `honorBy`). */
  jurisdiction?: string;
  /** "sms" (default) or "email" (for `honorBy`). */
  channel?: "sms" | "email";
}

/** Result of {@link detectKeyword}. */
export interface Detection {
  intent: Intent;
  /**
   * `certain`: a keyword command. `probable`: what a reasonable person would read as this
   * intent; act on it (for US opt-outs, treat as a revocation). `review`: a keyword inside a
   * sentence; have a person look (intent is the candidate).
   */
  confidence: Confidence;
  /** Matched keyword or phrase, canonical ("STOP", "OPT OUT", "stop texting me"). */
  keyword: string | null;
  /** ISO 639-1 language of the match. */
  language: string | null;
  /** Rule that decided: exact_keyword, keyword_with_modifiers, context_keyword, custom_keyword, keyword_sentence, phrase, misspelling, emoji, keyword_in_sentence, reported_keyword, none, or reaction (an iPhone reaction sent as text, 'Liked “...”', which quotes a message and asks for nothing: intent none). */
  rule: string;
  /** One of the seven words FCC 24-24 lists as a revocation per se. */
  fccListed: boolean;
  /** "all", "marketing", "notifications" or a programme code ("12345"). */
  scope: string | null;
  /** With `profile`: whether that provider blocks this reply itself (if false, you must). */
  providerWillBlock: boolean | null;
  /** The reply after normalisation (NFKC, invisible characters removed, lower case, trimmed). */
  normalized: string;
  /** For opt-outs with `jurisdiction`: the legal deadline (ISO 8601 UTC). Suppress immediately anyway. */
  honorBy: string | null;
  /** The rule behind `honorBy`, with its source. */
  honorByRule: string | null;
}

/**
 * Read an inbound SMS reply for opt-out, opt-in or help intent, in many languages, robust to
 * case, punctuation, emoji and Unicode disguises.
 *
 * @example
 * detectKeyword("Stop. Thank you").intent               // "opt_out" (certain)
 * detectKeyword("can you stop texting me?").confidence // "probable"
 * detectKeyword("I'm at the bus stop").intent           // "none"
 * detectKeyword("STOP please", { profile: "twilio" }).providerWillBlock // false: suppress yourself
 */
export declare function detectKeyword(text: string, options?: DetectOptions): Detection;

/** Result of {@link checkOptOutConfirmation}. */
export interface ConfirmationCheck {
  /** No errors. */
  ok: boolean;
  /** Promotional content was found. */
  marketing: boolean;
  issues: { code: string; severity: "error" | "warning"; message: string; quote: string | null }[];
  evidence: { kind: string; quote: string }[];
}

/**
 * Check the one confirmation text allowed after an opt-out (FCC 47 CFR 64.1200(a)(12)): it
 * must carry no marketing, should confirm plainly and name the programme.
 *
 * @example
 * checkOptOutConfirmation("Acme: you're unsubscribed. 20% off if you come back!").ok // false
 */
export declare function checkOptOutConfirmation(text: string, options?: { brand?: string }): ConfirmationCheck;

// ---- Outbound messages ----------------------------------------------------------------------

/** How a text travels as SMS (GSM 03.38 with the extension table, or UCS-2). */
export interface SmsSegments {
  encoding: "GSM-7" | "UCS-2";
  /** Messages billed: 160/153 septets (GSM-7) or 70/67 UTF-16 units (UCS-2) per segment. */
  segments: number;
  /** Unicode code points. */
  characters: number;
  /** Septets (GSM-7; extension characters such as € count 2) or UTF-16 units (UCS-2). */
  units: number;
  /** 160 or 153 (GSM-7), 70 or 67 (UCS-2). */
  unitsPerSegment: number;
  /** Distinct characters that forced UCS-2, in order of appearance. */
  nonGsmCharacters: string[];
}

/**
 * Count the SMS segments of a text. An extension character is never split across segments,
 * nor is a surrogate pair.
 *
 * @example
 * smsSegments("a".repeat(161)).segments // 2
 * smsSegments("Hi 😀").encoding         // "UCS-2"
 */
export declare function smsSegments(text: string): SmsSegments;

/** The opt-out instruction found in an outbound message. */
export interface OptOut {
  present: boolean;
  /** `reply_keyword` (Reply STOP, Txt STOP to 12345, STOP2END), `link`, `call`, `other`. */
  kind: "reply_keyword" | "link" | "call" | "other" | null;
  /** For `reply_keyword`: the keyword, upper case, without the short code ("STOP", "UNREG TAWA"). */
  keyword: string | null;
}

/**
 * Find the opt-out instruction of an outbound message. Service-cancel instructions ("send
 * STOPAUTORENEW to 440"), confirmations and help keywords are not opt-outs.
 *
 * @example
 * findOptOut("20% off today! Reply STOP to opt out") // { present: true, kind: "reply_keyword", keyword: "STOP" }
 * findOptOut("Opt out: acme.com/unsub").kind           // "link"
 */
export declare function findOptOut(text: string): OptOut;

export type MessageCategory = "marketing" | "transactional" | "conversational" | "fraud";

/** Result of {@link classifyMessage}. */
export interface Classification {
  /** A transactional message carrying promotion is `marketing` (and `mixed`). */
  category: MessageCategory;
  /** Probability of the category, 0 to 1. */
  score: number;
  /** Transactional content with promotion added. */
  mixed: boolean;
  /** Evidence quoting the text: "offer: '50% off'", "one-time code". */
  reasons: string[];
}

/**
 * Classify an outbound message. Rules over a small linear model (trained by `make model`;
 * see data/model/REPORT.md for its measured accuracy): a one-time code or account alert
 * without promotion is transactional; a discount or price makes a message marketing.
 *
 * @example
 * classifyMessage("Your code is 482913").category                                // "transactional"
 * classifyMessage("Order shipped! Use SAVE20 for 20% off your next order").mixed // true
 */
export declare function classifyMessage(text: string, options?: { channel?: "sms" | "email" }): Classification;

/** One requirement a message does not meet. */
export interface Issue {
  /** Stable code: OPT_OUT_MISSING, SENDER_MISSING, CONTACT_MISSING, POSTAL_ADDRESS_MISSING,
   * UNSUBSCRIBE_LINK_MISSING, LIST_UNSUBSCRIBE_MISSING, ONE_CLICK_MISSING, OPT_OUT_UNREACHABLE,
   * NO_REPLY_DISCLOSURE_MISSING, EXCLUSIVE_OPT_OUT, URL_SHORTENER, FIRST_MESSAGE_HELP_MISSING,
   * FIRST_MESSAGE_FREQUENCY_MISSING, FIRST_MESSAGE_FEES_MISSING, PROMOTION_IN_TRANSACTIONAL,
   * FRAUD_SUSPECTED. */
  code: string;
  /** `error`: block the send. `warning`: flag it. */
  severity: "error" | "warning";
  /** What is wrong and what to do. */
  message: string;
  /** Rule ids from the rule table (data/rules/rules.tsv), e.g. "US-CTIA-08". */
  rule: string;
  /** Where the rule comes from. */
  source: string;
}

export interface CheckOptions {
  /** `sms` (default for strings) or `email` (a string is then a raw RFC 5322 message). */
  channel?: "sms" | "email";
  /** The recipient's jurisdiction: US, CA, GB (or UK), AU, EU or an EU member code. Omitted:
   * every rule set applies (the recipient's location is unknown). */
  jurisdiction?: string;
  /** The brand that must be named. Pass it: without it the sender is found by convention only
   * ("Acme: ...", "- Acme", "from Acme") and an unnamed sender is an error. A registered name
   * matches without its legal form or article ("Acme Pizza LLC" is named by "Acme Pizza: ..."). */
  brand?: string;
  /** The first message after opt-in (US: CTIA confirmation elements: HELP, frequency, fees). */
  firstMessage?: boolean;
  /** The category you declare; promotion in a declared transactional message still counts. */
  category?: MessageCategory;
  /** Can this sender receive replies? `false` for alphanumeric sender IDs and no-reply numbers. Default true. */
  twoWay?: boolean;
  /** Email: you send 5,000+ a day to Gmail (one-click unsubscribe required). Default true. */
  bulkSender?: boolean;
  /** Opt-out or unsubscribe URL the fix may use. */
  optOutUrl?: string;
  /** Contact details (web page, phone or email) the fix may use. */
  contact?: string;
  /** Postal address the email fix may use. */
  postalAddress?: string;
}

/** An email given by its parts. */
export interface EmailParts {
  subject?: string;
  text?: string;
  html?: string;
  /** `{ "From": "Acme <news@acme.example>", "List-Unsubscribe": "<https://...>" }` or pairs. */
  headers?: Record<string, string> | [string, string][];
}

/** Result of {@link checkMessage}. */
export interface MessageCheck {
  /** No error-level issue. */
  ok: boolean;
  /** The category the rules were applied for (declared, else classified; mixed is marketing). */
  category: MessageCategory;
  classification: Classification;
  issues: Issue[];
  optOut: OptOut;
  /** Whether the brand or sender is identified, and how. */
  sender: { identified: boolean; name: string | null; how: "brand" | "prefix" | "signature" | "from" | "domain" | "header" | "known" | "company" | "customer" | null };
  /** Contact details found. */
  contact: { url: string | null; email: string | null; phone: string | null; postal: string | null };
  /** SMS cost (SMS only). */
  segments: SmsSegments | null;
  /** When something is missing: the message with it added (footers worded to stay GSM-7). */
  fix: {
    text: string;
    segments: SmsSegments | null;
    /** Extra segments the fix costs per message. */
    addedSegments: number | null;
    /** Email headers to add (List-Unsubscribe, List-Unsubscribe-Post). */
    headers: { name: string; value: string }[];
    resolves: string[];
    /** What the fix cannot add without more data (brand, optOutUrl, contact, postalAddress) or a rewrite. */
    unresolved: string[];
  } | null;
  /** Email only. */
  email: {
    subject: string;
    from: string | null;
    listUnsubscribe: boolean;
    oneClick: boolean;
    unsubscribeLink: string | null;
    postalAddress: string | null;
  } | null;
  /** The rule sets applied ("US", "CA", "GB", "AU", "EU"). */
  jurisdictions: string[];
}

/**
 * Check a message before sending: category, opt-out, sender identification, contact details,
 * email unsubscribe headers (RFC 8058), per jurisdiction, with the SMS segment cost and a fix.
 *
 * @example
 * const r = checkMessage("20% off this weekend!", { jurisdiction: "US", brand: "Acme" });
 * r.ok                 // false
 * r.issues[0].code     // "SENDER_MISSING" (then "OPT_OUT_MISSING")
 * r.fix.text           // "Acme: 20% off this weekend!\nReply STOP to opt out"
 * r.fix.addedSegments  // 0
 */
export declare function checkMessage(message: string | EmailParts, options?: CheckOptions): MessageCheck;

// ---- Consent at the form --------------------------------------------------------------------

/** A finding about a form field or the disclosure. Codes are stable; messages for phone,
 * email and the checkbox are written for the person filling the form; disclosure findings
 * (`DISCLOSURE_*`, `CONSENT_BUNDLED`, ...) for the form's author. */
export interface ConsentIssue {
  /** PHONE_REQUIRED, PHONE_INVALID, PHONE_CANNOT_RECEIVE_SMS, PHONE_MAY_NOT_RECEIVE_SMS,
   * EMAIL_REQUIRED, EMAIL_INVALID, EMAIL_TYPO, CONSENT_NOT_GIVEN, CONSENT_PRECHECKED,
   * CONSENT_NOT_SEPARATE, CONSENT_BUNDLED, CONSENT_CONDITION_OF_PURCHASE, CONSENT_TEXT_MISSING,
   * RECORD_FIELD_MISSING, FIELD_INVALID_TYPE, FIELD_TOO_LONG, DISCLOSURE_*_MISSING. */
  code: string;
  /** The form field concerned: phone, email, consentChecked, consentText, ip, ... */
  field: string;
  severity: "error" | "warning";
  message: string;
  /** Rule ids (data/rules/rules.tsv), e.g. "US-CTIA-04". */
  rule: string;
  source: string;
  /** Disclosure findings: a sentence that would satisfy the rule. */
  suggestion?: string;
}

export type ConsentChannel = "sms" | "email" | "both";

export interface ConsentOptions {
  /** US, CA, GB (UK), AU, EU or a member state. Omitted: the phone's country, else all. */
  jurisdiction?: string;
  /** Which consent is asked for. Omitted: from the fields given (phone: sms; email: email). */
  channel?: ConsentChannel;
  /** The brand or programme asking; the disclosure must name it. */
  brand?: string;
  /** Region for national phone formats ("US"); defaults to the jurisdiction's country. */
  defaultRegion?: string;
}

/** What the form submitted. */
export interface ConsentFormInput {
  phone?: string;
  email?: string;
  /** The box the person ticked; one per channel (`{ sms, email }`) when asking for both. */
  consentChecked?: boolean | { sms?: boolean; email?: boolean };
  /** True if the box was ticked before the person touched it (never allowed). */
  consentPrechecked?: boolean;
  /** The disclosure exactly as shown next to the box. */
  consentText?: string;
  termsUrl?: string;
  privacyUrl?: string;
  /** The page or form the consent came from. */
  source?: string;
  /** Add these on the server if the browser cannot know them. */
  ip?: string;
  userAgent?: string;
  submittedAt?: Date | number | string;
}

/** The consent record to store as proof (format `consentry.consent/1`). */
export interface ConsentRecord {
  schema: "consentry.consent/1";
  phone: string | null;
  phoneType: string | null;
  email: string | null;
  channel: ConsentChannel;
  /** Consent given for texts. */
  sms: boolean;
  /** Consent given for emails. */
  emailConsent: boolean;
  purpose: "marketing";
  brand: string | null;
  jurisdictions: string[];
  /** The disclosure exactly as shown, and its SHA-256 (hex). */
  consentText: string;
  consentTextSha256: string;
  action: "checkbox";
  checkboxChecked: true;
  checkboxPrechecked: false;
  termsUrl: string | null;
  privacyUrl: string | null;
  source: string | null;
  ip: string | null;
  userAgent: string | null;
  /** ISO 8601 UTC. */
  submittedAt: string;
  recordedAt: string;
  /** Which rule table the form was validated against. */
  rulesVersion: string;
  consentryVersion: string;
  /** Codes of the warnings the form passed with. */
  warnings: string[];
}

/** Result of {@link validateConsent}. */
export interface ConsentValidation {
  /** No errors: store `record` and message on it. */
  ok: boolean;
  errors: ConsentIssue[];
  warnings: ConsentIssue[];
  normalized: { phone: string | null; phoneType: string | null; phoneRegion: string | null; email: string | null };
  /** Present when `ok`. */
  record: ConsentRecord | null;
}

/**
 * Validate a sign-up form's consent in the browser (or on the server) and produce the
 * consent record. Wrong field types come back as `FIELD_INVALID_TYPE` errors on the field.
 *
 * @example
 * const v = validateConsent(
 *   { phone: "(415) 555-2671", consentChecked: true, consentText: disclosure, ip, userAgent, source: location.href },
 *   { jurisdiction: "US", channel: "sms", brand: "Acme" },
 * );
 * if (v.ok) await fetch("/consent", { method: "POST", body: JSON.stringify(v.record) });
 * else v.errors.forEach((e) => show(e.field, e.message));
 */
export declare function validateConsent(form: ConsentFormInput, options?: ConsentOptions): ConsentValidation;

/** Result of {@link lintConsentText}. */
export interface ConsentLint {
  /** No error-level finding. */
  ok: boolean;
  issues: ConsentIssue[];
  jurisdictions: string[];
}

/**
 * What a consent disclosure lacks for a jurisdiction and channel: US (CTIA, TCPA): brand,
 * kind of messages, frequency, "Msg & data rates may apply" (warning), STOP, HELP, terms and
 * privacy links, not a condition of purchase; CA (CASL): who asks, purpose, contact details,
 * withdrawal; GB and AU: who, how to unsubscribe; EU: who, which channel, withdrawal. Bundling
 * with the terms of sale is flagged everywhere.
 *
 * @example
 * lintConsentText("Get texts from Acme!", { jurisdiction: "US", channel: "sms", brand: "Acme" })
 *   .issues.map((i) => i.suggestion) // ["You agree to receive recurring automated marketing ...", "Msg frequency varies.", ...]
 */
export declare function lintConsentText(text: string, options?: ConsentOptions): ConsentLint;
