// Vercel Edge / Next.js edge entry: `?module` asks the bundler for a compiled WebAssembly.Module.
import wasmModule from "../consentry.wasm?module";
import { initFromModule } from "../api.js";

initFromModule(wasmModule);

export * from "../api.js";
