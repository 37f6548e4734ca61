// Bundles the console into dist/: assets/app-<hash>.js and .css (minified, names change with the content, so they can
// be cached for ever) and index.html naming them. The WebApi's build copies dist/ to its output's admin/ folder.
import { build } from "esbuild";
import { readFile, rm, writeFile } from "node:fs/promises";
import { basename } from "node:path";

const out = "dist";
await rm(out, { recursive: true, force: true });
const result = await build({
  entryPoints: { app: "src/main.tsx" },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2022", "chrome110", "firefox110", "safari16"],
  outdir: `${out}/assets`,
  entryNames: "[name]-[hash]",
  jsx: "automatic",
  jsxImportSource: "preact",
  metafile: true,
  legalComments: "none",
  logLevel: "warning",
});

const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
const script = outputs.find((file) => file.endsWith(".js"));
const style = outputs.find((file) => file.endsWith(".css"));
const page = (await readFile("index.html", "utf8"))
  .replace("%SCRIPT%", `assets/${script}`)
  .replace("%STYLE%", `assets/${style}`);
await writeFile(`${out}/index.html`, page);
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`admin console: ${script}, ${style} (${(bytes / 1024).toFixed(1)} KB before compression)`);
