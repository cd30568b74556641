// `npm run plugin`: builds the `cckm` provider plugin as the archives Pulumi downloads and installs, one per
// operating system and architecture, named as Pulumi expects:
//
//   dist/plugin/pulumi-resource-cckm-v<version>-<os>-<arch>.tar.gz   (os: linux, darwin, windows; arch: amd64, arm64)
//
//   pulumi plugin install resource cckm <version> --file dist/plugin/pulumi-resource-cckm-v<version>-linux-amd64.tar.gz
//
// Each archive is self-contained: the plugin and everything it loads, run by the `node` on the user's PATH. The
// plugin is JavaScript only (no native modules; the build refuses any), so the archives differ only in their
// launcher: `pulumi-resource-cckm` (a POSIX shell script) on Linux and macOS, `pulumi-resource-cckm.cmd` on Windows.
// Both find `node` and hand over to `pulumi-resource-cckm.js`, which checks the Node version against the package's
// `engines.node` with a message that says what to install. What that file loads is, when `npm run build` wrote it,
// the single-file bundle dist/bundle/pulumi-resource-cckm.js; otherwise the npm package as `npm pack` makes it,
// installed with its production dependencies under node_modules/.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { PLUGIN_DOWNLOAD_URL } from "../provider/plugin/distribution";

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const bundle = path.join(repoRoot, "dist", "bundle", "pulumi-resource-cckm.js");

export const PLATFORMS = ["linux", "darwin", "windows"] as const;
export const ARCHES = ["amd64", "arm64"] as const;
export type Platform = (typeof PLATFORMS)[number];
export type Arch = (typeof ARCHES)[number];

/** Pulumi's name for a plugin archive: `pulumi-resource-cckm-v<version>-<os>-<arch>.tar.gz`. */
export function archiveName(version: string, platform: Platform, arch: Arch): string {
  return `pulumi-resource-cckm-v${version}-${platform}-${arch}.tar.gz`;
}

/** The oldest Node major the package supports, from package.json's `engines.node` (">=20" -> 20). */
export function minimumNodeMajor(): number {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    engines?: { node?: string };
  };
  const m = /(\d+)/.exec(pkg.engines?.node ?? "");
  if (!m) throw new Error('package.json has no engines.node (e.g. ">=20"): the launcher checks it');
  return Number(m[1]);
}

const installHelp = (min: number) => `Install Node.js ${min} or newer (https://nodejs.org/) and put it on PATH`;

/**
 * The plugin's entry, run by the `node` on PATH. Written for any Node version (no syntax newer than ES5 before the
 * check), so that an old Node prints the message instead of a syntax error.
 */
function entryScript(min: number, load: string): string {
  return `// The cckm provider plugin, unpacked by \`pulumi plugin install\`. Started by pulumi-resource-cckm(.cmd).
"use strict";
var minimum = ${min};
var major = Number(process.versions.node.split(".")[0]);
if (!(major >= minimum)) {
  process.stderr.write(
    "pulumi-resource-cckm: the cckm plugin needs Node.js " + minimum + " or newer; the node on PATH (" +
      process.execPath + ") is " + process.version + ". ${installHelp(min)}, then run pulumi again.\\n"
  );
  process.exit(1);
}
require(${JSON.stringify(load)})
  .run(process.argv.slice(2))
  .catch(function (err) {
    process.stderr.write("pulumi-resource-cckm: " + (err.stack || err.message) + "\\n");
    process.exit(1);
  });
`;
}

/** Linux and macOS: POSIX sh, and nothing from PATH but `node` (so that its absence is what the message names). */
function shLauncher(min: number): string {
  return `#!/bin/sh
# The cckm provider plugin: runs pulumi-resource-cckm.js beside this file with the node on PATH.
if ! command -v node >/dev/null 2>&1; then
  echo "pulumi-resource-cckm: the cckm plugin runs on Node.js and there is no node on PATH. ${installHelp(min)}, then run pulumi again." >&2
  exit 1
fi
exec node "\${0%/*}/pulumi-resource-cckm.js" "$@"
`;
}

/** Windows: Pulumi runs `pulumi-resource-cckm.cmd` when there is no .exe. */
function cmdLauncher(min: number): string {
  return [
    "@echo off",
    "rem The cckm provider plugin: runs pulumi-resource-cckm.js beside this file with the node on PATH.",
    "where node >nul 2>nul",
    "if errorlevel 1 (",
    `  echo pulumi-resource-cckm: the cckm plugin runs on Node.js and there is no node on PATH. ${installHelp(min).replace(/[()]/g, "^$&")}, then run pulumi again. 1>&2`,
    "  exit /b 1",
    ")",
    'node "%~dp0pulumi-resource-cckm.js" %*',
    "",
  ].join("\r\n");
}

function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
}

function sdkVersion(): string {
  const file = require.resolve("@pulumi/pulumi/package.json", { paths: [repoRoot] });
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

/** Files under `dir` whose names end in `.node` (compiled addons): they would tie an archive to one platform. */
function nativeAddons(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".node")) found.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return found;
}

/** What the plugin loads, into `root`; returns the path `pulumi-resource-cckm.js` requires. */
async function stagePlugin(root: string, stage: string, version: string, built: boolean): Promise<string> {
  if (fs.existsSync(bundle)) {
    fs.copyFileSync(bundle, path.join(root, "cckm-plugin.js"));
    return "./cckm-plugin.js";
  }
  // npm pack runs `prepack` (the build), so the archive holds what a registry install would
  if (built && !fs.existsSync(path.join(repoRoot, "dist", "provider", "plugin", "main.js")))
    throw new Error("run `npm run build` first: the archive ships dist/provider");
  const skip = built ? ["--ignore-scripts"] : [];
  const { stdout } = await execFileAsync(npm, ["pack", "--silent", ...skip, "--pack-destination", stage], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  const tarball = path.join(stage, stdout.trim().split("\n").pop()!.trim());
  fs.writeFileSync(
    path.join(root, "package.json"),
    JSON.stringify({ name: "pulumi-resource-cckm", version, private: true }, null, 2),
  );
  const args = ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"];
  await execFileAsync(npm, [...args, tarball, `@pulumi/pulumi@${sdkVersion()}`], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  fs.rmSync(path.join(root, "package-lock.json"), { force: true });
  return "./node_modules/pulumi-cckm/dist/provider/plugin/main.js";
}

export interface BuildOptions {
  /** dist/ is current already, so `npm pack` skips its prepack build (the tests). */
  built?: boolean;
  /** Only these platforms / architectures (default: all). */
  platforms?: readonly Platform[];
  arches?: readonly Arch[];
}

/** Builds the archives into `outDir`; returns their paths, in PLATFORMS x ARCHES order. */
export async function buildPluginArchives(
  outDir = path.join(repoRoot, "dist", "plugin"),
  opts: BuildOptions = {},
): Promise<string[]> {
  const version = packageVersion();
  const min = minimumNodeMajor();
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-plugin-"));
  try {
    const root = path.join(stage, "plugin");
    fs.mkdirSync(root);
    const load = await stagePlugin(root, stage, version, opts.built ?? false);
    const addons = nativeAddons(root);
    if (addons.length)
      throw new Error(`the plugin would load native addons, which tie it to one platform: ${addons.join(", ")}`);
    fs.writeFileSync(path.join(root, "pulumi-resource-cckm.js"), entryScript(min, load));
    fs.mkdirSync(outDir, { recursive: true });
    const archives: string[] = [];
    for (const platform of opts.platforms ?? PLATFORMS) {
      // the launcher of this platform only: Pulumi picks the plugin by its file name
      const sh = path.join(root, "pulumi-resource-cckm");
      const cmd = path.join(root, "pulumi-resource-cckm.cmd");
      fs.rmSync(sh, { force: true });
      fs.rmSync(cmd, { force: true });
      if (platform === "windows") fs.writeFileSync(cmd, cmdLauncher(min));
      else fs.writeFileSync(sh, shLauncher(min), { mode: 0o755 });
      for (const arch of opts.arches ?? ARCHES) {
        const archive = path.join(outDir, archiveName(version, platform, arch));
        // --owner/--group: the archive does not carry the build machine's user
        await execFileAsync("tar", ["--owner=0", "--group=0", "-czf", archive, "-C", root, "."], {
          maxBuffer: 16 * 1024 * 1024,
        });
        archives.push(archive);
      }
    }
    return archives;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

if (require.main === module) {
  buildPluginArchives().then(
    (archives) => {
      for (const a of archives) {
        console.log(`${path.relative(process.cwd(), a)} (${(fs.statSync(a).size / 1024 / 1024).toFixed(1)} MB)`);
      }
      const version = packageVersion();
      console.log(`install one with: pulumi plugin install resource cckm ${version} --file <archive>`);
      console.log(
        `publish them as the assets of release v${version} (the schema's pluginDownloadURL: ${PLUGIN_DOWNLOAD_URL})`,
      );
    },
    (err: Error) => {
      console.error(`npm run plugin: ${err.message}`);
      process.exit(1);
    },
  );
}
