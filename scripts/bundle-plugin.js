// Bundles the `cckm` provider plugin (provider/plugin/main.ts and everything it loads: the job engine, gRPC, the
// Pulumi SDK's generated protocol modules) into one file, dist/bundle/pulumi-resource-cckm.js, which
// bin/pulumi-resource-cckm runs. The plugin then runs on the versions it was built and tested with, whatever
// `@pulumi/pulumi` a project has installed, and starts faster (one file, none of the SDK's runtime).
"use strict";
const fs = require("fs");
const path = require("path");
const esbuild = require("esbuild");

const root = path.join(__dirname, "..");
const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;
const outfile = path.join(root, "dist", "bundle", "pulumi-resource-cckm.js");

const result = esbuild.buildSync({
  entryPoints: [path.join(root, "provider", "plugin", "main.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: true,
  // error classes set their own `name`; keep function names for stack traces anyway
  keepNames: true,
  legalComments: "eof",
  define: { CCKM_PLUGIN_VERSION: JSON.stringify(version) },
  metafile: true,
  logLevel: "warning",
  // written below in one step: a provider process an engine test starts meanwhile never reads half a file
  write: false,
});
const inputs = Object.keys(result.metafile.inputs);
// the SDK's runtime must not come in with the protocol modules: only @pulumi/pulumi/proto/*
const sdk = inputs.filter((f) => f.includes("node_modules/@pulumi/pulumi/") && !f.includes("/proto/"));
if (sdk.length) throw new Error(`the plugin bundle pulls in the Pulumi SDK's runtime: ${sdk.slice(0, 5).join(", ")}`);
fs.mkdirSync(path.dirname(outfile), { recursive: true });
const tmp = `${outfile}.${process.pid}.tmp`;
fs.writeFileSync(tmp, result.outputFiles[0].contents);
fs.renameSync(tmp, outfile);
const kb = (fs.statSync(outfile).size / 1024).toFixed(0);
console.log(`plugin bundle: ${path.relative(root, outfile)} (${kb} KiB, ${inputs.length} modules, version ${version})`);
