// Makes `require("pulumi-cckm/...")` resolve inside this checkout.
//
// The serialized dynamic provider that Pulumi stores in state holds no code of ours: its methods
// `require("pulumi-cckm/runtime")` when they run, from the program's directory. A consumer has the package
// in node_modules; the quickstart stack, the examples and the engine tests live inside this repository, so
// they need node_modules/pulumi-cckm to point back at it. Run from `prepare` (npm ci) and from the engine
// library (an `npm install` prunes the link as extraneous).
"use strict";
const fs = require("fs");
const path = require("path");

function linkSelf(root = path.resolve(__dirname, "..")) {
  const link = path.join(root, "node_modules", "pulumi-cckm");
  try {
    if (fs.realpathSync(link) === fs.realpathSync(root)) return link;
    fs.rmSync(link, { recursive: true, force: true });
  } catch {
    // no link yet
  }
  fs.mkdirSync(path.dirname(link), { recursive: true });
  try {
    fs.symlinkSync("..", link, "dir");
  } catch (err) {
    // another process made it first
    if (err.code !== "EEXIST") throw err;
  }
  return link;
}

module.exports = { linkSelf };

if (require.main === module) {
  const root = path.resolve(__dirname, "..");
  // Only in a development checkout: a consumer's installed copy has no tests or examples to serve.
  if (fs.existsSync(path.join(root, "tsconfig.json"))) linkSelf(root);
}
