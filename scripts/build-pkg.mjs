// Assemble the npm package in pkg/ from pkg-template/ and the wasm-bindgen output.
// Run by `make build` after cargo, wasm-bindgen and wasm-opt (see HACKING.md).
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = new URL("../", import.meta.url);
const at = (p) => new URL(p, root).pathname;
const glueDir = at("target/wasm-bindgen/");
const pkg = at("pkg/");

const formsGlueDir = at("target/wasm-bindgen-forms/");
for (const dir of [glueDir, formsGlueDir]) {
  for (const f of ["consentry.js", "consentry_bg.opt.wasm"]) {
    if (!existsSync(dir + f)) throw new Error(`missing ${dir}${f}: run \`make build\``);
  }
}

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg + "dist/glue", { recursive: true });
cpSync(at("pkg-template/src/"), pkg + "dist/", { recursive: true });
for (const f of ["README.md", "index.d.ts", "forms.d.ts"]) cpSync(at("pkg-template/" + f), pkg + f);
// CJS consumers get the same declarations under a .d.cts name (TypeScript's node16 rules).
cpSync(at("pkg-template/index.d.ts"), pkg + "index.d.cts");
cpSync(at("NOTICE"), pkg + "NOTICE");

function copyGlue(from, to) {
  const glue = readFileSync(from + "consentry.js", "utf8");
  if (glue.includes("import.meta.url")) throw new Error("glue still resolves its own wasm URL; build with --omit-default-module-path");
  // The SDK restarts the instance after a trap with this (api.js, restart).
  if (!glue.includes("export function __wbg_reset_state")) throw new Error("glue lacks __wbg_reset_state; build with --experimental-reset-state-function");
  mkdirSync(to + "glue", { recursive: true });
  writeFileSync(to + "glue/consentry.js", glue);
  cpSync(from + "consentry_bg.opt.wasm", to + "consentry.wasm");
}
copyGlue(glueDir, pkg + "dist/");
// The forms module: the same SDK (api.js) over the smaller module's glue.
copyGlue(formsGlueDir, pkg + "dist/forms/");
cpSync(at("pkg-template/src/api.js"), pkg + "dist/forms/api.js");

const cargo = readFileSync(at("Cargo.toml"), "utf8");
const version = cargo.match(/^version\s*=\s*"([^"]+)"/m)[1];
const manifest = JSON.parse(readFileSync(at("pkg-template/package.json"), "utf8"));
manifest.version = version;
writeFileSync(pkg + "package.json", JSON.stringify(manifest, null, 2) + "\n");

// The CommonJS twin of the Node entry: one self-contained file, import.meta.url rebuilt from
// __filename so the .wasm is found next to it.
await build({
  entryPoints: [pkg + "dist/entry/node.mjs"],
  outfile: pkg + "dist/entry/node.cjs",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node18",
  define: { "import.meta.url": "__consentry_import_meta_url" },
  banner: { js: 'const __consentry_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
});

const wasm = readFileSync(pkg + "dist/consentry.wasm");
const forms = readFileSync(pkg + "dist/forms/consentry.wasm");
console.log(
  `pkg/ consentry@${version}: consentry.wasm ${wasm.length} bytes, ${gzipSync(wasm, { level: 9 }).length} gzip -9; ` +
    `forms/consentry.wasm ${forms.length} bytes, ${gzipSync(forms, { level: 9 }).length} gzip -9; ` +
    `node.cjs ${statSync(pkg + "dist/entry/node.cjs").size} bytes`,
);
