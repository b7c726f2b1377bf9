// Slim entry: nothing is loaded until you call `await init(input)` with the wasm yourself:
// bytes (ArrayBuffer / Uint8Array), a URL or string, a Response (or a promise of one), or a
// compiled WebAssembly.Module. Use it with CDNs, custom bundler setups or `consentry/wasm`.
import { initAsync } from "../api.js";

export function init(input) {
  return initAsync(input);
}

export * from "../api.js";
