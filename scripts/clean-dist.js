// Before `npm run build`: removes from dist/provider and dist/simulator the compiled files whose source is gone.
//
// tsc only writes, never deletes: the compiled files of a module that was removed or renamed stayed in dist/ and
// were packed by `npm pack` (a stale .d.ts once broke the consumer test). Only those are removed, not the whole
// folder: a build that runs while engine tests run (`npm pack`'s prepack, `npm run plugin`) must never leave a
// moment without dist/provider, which their provider processes load. A plain Node script rather than `rm`, so the
// build runs the same on every platform.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const OUTPUT = /(\.d\.ts\.map|\.d\.ts|\.js\.map|\.js)$/;

/** Removes stale outputs under dist/<rel> (sources in <rel>); returns how many files it removed. */
function clean(rel) {
  const dir = path.join(root, "dist", rel);
  if (!fs.existsSync(dir)) return 0;
  let removed = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(rel, entry.name);
    if (entry.isDirectory()) {
      removed += clean(child);
      if (fs.readdirSync(path.join(root, "dist", child)).length === 0) fs.rmdirSync(path.join(root, "dist", child));
      continue;
    }
    // compiled from <name>.ts, or copied as it is (the simulator's seed .json)
    const source = path.join(root, OUTPUT.test(entry.name) ? child.replace(OUTPUT, ".ts") : child);
    if (fs.existsSync(source)) continue;
    fs.rmSync(path.join(root, "dist", child), { force: true });
    removed++;
  }
  return removed;
}

// the folders of tsconfig.build.json's `include`, under its `outDir`
const removed = ["provider", "simulator"].reduce((n, dir) => n + clean(dir), 0);
if (removed) console.log(`clean-dist: removed ${removed} compiled file(s) whose source is gone`);
