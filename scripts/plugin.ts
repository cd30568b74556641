// `npm run plugin`: builds the `cckm` provider plugin as an archive for machines without the npm package:
//
//   pulumi plugin install resource cckm <version> --file dist/plugin/pulumi-resource-cckm-v<version>.tar.gz
//
// The archive is the npm package as `npm pack` makes it, installed with its production dependencies (the SDK
// included, which the plugin's server needs) under node_modules/, and a `pulumi-resource-cckm` at its root that
// runs the plugin with the `node` on PATH (Node 20 or newer). Pulumi unpacks it into its plugin folder and runs
// that file.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

const LAUNCHER = `#!/usr/bin/env node
// The cckm provider plugin, unpacked by \`pulumi plugin install\`: the package is in ./node_modules/pulumi-cckm.
"use strict";
require("./node_modules/pulumi-cckm/dist/provider/plugin/main.js")
  .run(process.argv.slice(2))
  .catch((err) => {
    console.error("pulumi-resource-cckm: " + (err.stack || err.message));
    process.exit(1);
  });
`;

function sdkVersion(): string {
  const file = require.resolve("@pulumi/pulumi/package.json", { paths: [repoRoot] });
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

/**
 * Builds the archive into `outDir` and returns its path. `built`: dist/ is current already, so `npm pack` skips its
 * prepack build (the tests, whose neighbours run the provider from dist/ while this one packs).
 */
export async function buildPluginArchive(
  outDir = path.join(repoRoot, "dist", "plugin"),
  opts: { built?: boolean } = {},
): Promise<string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-plugin-"));
  try {
    // npm pack runs `prepack` (the build), so the archive holds what a registry install would
    if (opts.built && !fs.existsSync(path.join(repoRoot, "dist", "provider", "plugin", "main.js")))
      throw new Error("run `npm run build` first: the archive ships dist/provider");
    const skip = opts.built ? ["--ignore-scripts"] : [];
    const { stdout } = await execFileAsync(npm, ["pack", "--silent", ...skip, "--pack-destination", stage], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
    });
    const tarball = path.join(stage, stdout.trim().split("\n").pop()!.trim());
    const root = path.join(stage, "plugin");
    fs.mkdirSync(root);
    fs.writeFileSync(
      path.join(root, "package.json"),
      JSON.stringify({ name: "pulumi-resource-cckm", version: pkg.version, private: true }, null, 2),
    );
    await execFileAsync(
      npm,
      [
        "install",
        "--omit=dev",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        tarball,
        `@pulumi/pulumi@${sdkVersion()}`,
      ],
      { cwd: root, maxBuffer: 16 * 1024 * 1024 },
    );
    fs.writeFileSync(path.join(root, "pulumi-resource-cckm"), LAUNCHER, { mode: 0o755 });
    fs.mkdirSync(outDir, { recursive: true });
    const archive = path.join(outDir, `pulumi-resource-cckm-v${pkg.version}.tar.gz`);
    await execFileAsync("tar", ["-czf", archive, "-C", root, "."], { maxBuffer: 16 * 1024 * 1024 });
    return archive;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

if (require.main === module) {
  buildPluginArchive().then(
    (archive) => {
      const mb = (fs.statSync(archive).size / 1024 / 1024).toFixed(1);
      const version = /-v([^/]+)\.tar\.gz$/.exec(archive)![1];
      console.log(`${path.relative(process.cwd(), archive)} (${mb} MB)`);
      console.log(`install it with: pulumi plugin install resource cckm ${version} --file ${archive}`);
    },
    (err: Error) => {
      console.error(`npm run plugin: ${err.message}`);
      process.exit(1);
    },
  );
}
