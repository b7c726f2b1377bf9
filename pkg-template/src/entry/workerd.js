// Cloudflare Workers entry. workerd refuses runtime compilation, so the .wasm is imported as a
// module (wrangler and esbuild's workers rule turn this import into a WebAssembly.Module).
import wasmModule from "../consentry.wasm";
import { initFromModule } from "../api.js";

initFromModule(wasmModule);

export * from "../api.js";
