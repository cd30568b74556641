// The toolchain of the compatibility matrix's newest column: Node 22 and the newest Pulumi (CLI and
// @pulumi/pulumi of one version), beside the pinned toolchain that the rest of the suite runs on.
//
// @pulumi/pulumi 3.249 and later declare Node >= 22, and this repository develops on Node 20 with 3.248; users who
// install today get the newest of both. The CLI is built like the pinned one, from a wrapper Go module
// (scripts/toolchain/pulumi-cli-latest, its go.sum committed). Its Node language host is the one the pinned
// toolchain builds from sdk/v3 v3.68.0: the standalone host module of newer releases is refused by the module proxy
// (see the README's support matrix for what that means).
import * as fs from "fs";
import * as path from "path";
import type { Toolchain } from "../toolchain";
import {
  cacheRoot,
  ensureCached,
  goAvailable,
  goBuild,
  goDownload,
  isExecutable,
  pinnedVersion,
  run,
  say,
  seconds,
  ToolchainOptions,
  versionOf,
  wrapperDigest,
} from "./common";
import { ensureNode, NodeRuntime } from "./node";

/** The Node.js of the newest column: the current 22.x LTS when this was last updated. */
export const compatNodeVersion = "22.23.5";

const wrapper = "pulumi-cli-latest";
const shimName = "pulumi-resource-pulumi-nodejs";
const hostName = "pulumi-language-nodejs";

/** The Pulumi version of the newest column: the CLI's wrapper pins it, the SDK installed in the tests follows. */
export function compatPulumiVersion(): string {
  return pinnedVersion(wrapper, "github.com/pulumi/pulumi/pkg/v3");
}

export interface CompatToolchain extends Toolchain {
  /** The Node.js that runs programs, providers and npm (first on PATH). */
  node: NodeRuntime;
  /** The @pulumi/pulumi version to install next to this CLI. */
  sdkVersion: string;
}

/**
 * The newest column's CLI (with the dynamic provider shim of the same SDK and the Node host) and its Node.js,
 * built or installed once each and cached by version. `nodeHost` finds the pinned toolchain's Node language host;
 * it is given by scripts/toolchain.ts, which owns that build.
 */
export async function ensureCompatToolchain(
  nodeHost: () => Promise<string>,
  opts: ToolchainOptions = {},
): Promise<CompatToolchain> {
  const started = Date.now();
  const version = compatPulumiVersion();
  const sdk = pinnedVersion(wrapper, "github.com/pulumi/pulumi/sdk/v3");
  if (sdk !== version) throw new Error(`scripts/toolchain/${wrapper}/go.mod pins pkg/v3 ${version} but sdk/v3 ${sdk}`);
  const versionDir = path.join(cacheRoot(), `pulumi-${version}-host-3.68.0-${wrapperDigest(wrapper)}`);
  const files = ["pulumi", hostName, shimName];
  const nodePromise = ensureNode(compatNodeVersion, opts);
  if (!files.every((f) => isExecutable(path.join(versionDir, "bin", f))) && !(await goAvailable())) {
    throw new Error(`Go is not installed, so the Pulumi CLI ${version} of the compatibility matrix cannot be built`);
  }
  const [{ dir: binDir, built }, node] = await Promise.all([
    ensureCached(
      {
        versionDir,
        what: `the Pulumi CLI ${version}`,
        files,
        build: async (tmp, log) => {
          say(opts, `building pulumi v${version} with Go; log: ${log}`);
          say(opts, "the first build takes about 10 minutes on 2 cores and ~4 GB of Go caches");
          const [host] = await Promise.all([
            nodeHost(),
            (async () => {
              const t = Date.now();
              await goDownload(wrapper, log);
              say(opts, `pulumi v${version}: Go modules ready in ${seconds(t)}`);
              const stamp = `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`;
              await goBuild(
                wrapper,
                "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
                path.join(tmp, "pulumi"),
                stamp,
                log,
              );
              say(opts, `built pulumi v${version} in ${seconds(t)}`);
            })(),
            installShim(version, tmp, log),
          ]);
          fs.copyFileSync(host, path.join(tmp, hostName));
          fs.chmodSync(path.join(tmp, hostName), 0o755);
        },
      },
      opts,
    ),
    nodePromise,
  ]);
  const pulumi = path.join(binDir, "pulumi");
  const v = await versionOf(pulumi);
  if (v !== version) throw new Error(`${pulumi} reports version ${v ?? "(none)"}, expected v${version}`);
  say(opts, `pulumi v${v} (compatibility matrix) ${built ? "built" : "from cache"} at ${binDir} (${seconds(started)})`);
  return {
    // node first: the shim, the plugin and npm run `node` from PATH
    pathDirs: [node.binDir, binDir],
    pulumi,
    version: v,
    source: built ? "built" : "cache",
    node,
    sdkVersion: version,
  };
}

/** The dynamic provider shim ships at the root of the @pulumi/pulumi package: take it from that version's tarball. */
async function installShim(version: string, dir: string, log: string): Promise<void> {
  const work = fs.mkdtempSync(path.join(dir, ".sdk-"));
  try {
    await run(
      "npm",
      ["pack", `@pulumi/pulumi@${version}`, "--pack-destination", work, "--loglevel=error"],
      work,
      process.env,
      log,
    );
    const tarball = path.join(work, `pulumi-pulumi-${version}.tgz`);
    await run("tar", ["-xzf", tarball, "-C", work, `package/${shimName}`], work, process.env, log);
    fs.copyFileSync(path.join(work, "package", shimName), path.join(dir, shimName));
    fs.chmodSync(path.join(dir, shimName), 0o755);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
