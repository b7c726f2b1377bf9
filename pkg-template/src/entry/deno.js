// Deno entry: a source-phase import yields a compiled WebAssembly.Module without asking for
// read permission (Deno 2.x).
import source wasmModule from "../consentry.wasm";
import { initFromModule } from "../api.js";

initFromModule(wasmModule);

export * from "../api.js";
