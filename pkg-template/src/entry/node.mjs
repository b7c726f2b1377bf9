// Node entry (ESM; the CJS twin node.cjs is generated from this file by esbuild).
// Initialises on import: reads the .wasm next to this package and compiles it synchronously.
import { readFileSync } from "node:fs";
import { initFromModule } from "../api.js";

initFromModule(new WebAssembly.Module(readFileSync(new URL("../consentry.wasm", import.meta.url))));

export * from "../api.js";
