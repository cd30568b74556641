// Empties what `tsc -p tsconfig.build.json` emits (dist/provider and dist/simulator) before `npm run build`.
//
// tsc only writes, never deletes: the compiled files of a module that was removed or renamed stayed in dist/ and
// were packed by `npm pack` (a stale .d.ts once broke the consumer test). A plain Node script rather than `rm -rf`,
// so the build runs the same on every platform.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
// the folders of tsconfig.build.json's `include`, under its `outDir`
for (const dir of ["provider", "simulator"]) {
  fs.rmSync(path.join(root, "dist", dir), { recursive: true, force: true });
}
