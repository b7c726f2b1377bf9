// Browser entry. Call `await init()` once before anything else; it fetches and compiles
// consentry.wasm (streaming where the server sends application/wasm). Bundlers such as Vite and
// webpack see the `new URL(..., import.meta.url)` below and emit the .wasm as an asset.
import { initAsync } from "../api.js";

export function init(input) {
  return initAsync(input ?? new URL("../consentry.wasm", import.meta.url));
}

export * from "../api.js";
