// Finds or builds the Pulumi engine that the tests, the examples, the benchmarks and `npm start` drive, and the
// language hosts, Python environment and SDK code generator that other languages need.
//
// The official installer downloads binaries, which fails on machines that reach only package registries.
// So, when no compatible `pulumi` is on PATH, we build the CLI and the Node language host from the Go
// wrapper modules in scripts/toolchain/ (their committed go.sum files are the integrity check) and cache
// the binaries outside the work tree, keyed by version, so that a second run takes a moment. Every other part
// (scripts/toolchain/*.ts) is cached the same way in a folder of its own, so a change to one rebuilds only it.
import * as fs from "fs";
import * as path from "path";
import {
  cacheRoot,
  ensureCached,
  goAvailable,
  goBuild,
  goDownload,
  installedSdkVersion,
  pinnedVersion,
  repoRoot,
  say,
  seconds,
  ToolchainOptions,
  usablePathCli,
  versionOf,
} from "./toolchain/common";
import { ensureCodegen } from "./toolchain/codegen";
import { ensureCompatToolchain } from "./toolchain/compat";
import { ensureLanguageHosts } from "./toolchain/hosts";
import { ensurePythonEnv } from "./toolchain/python-env";
import { ensureGoHost } from "./toolchain/go-host";
import { ensureJavaTools } from "./toolchain/java";

export { cacheRoot, compareVersions, installedSdkVersion, pinnedVersion, ToolchainOptions } from "./toolchain/common";
export { ensureCodegen, generateSdk, SdkLanguage, sdkLanguages } from "./toolchain/codegen";
export { ensureLanguageHosts, ensurePythonHost, ensureYamlHost, LanguageHosts } from "./toolchain/hosts";
export { ensurePythonEnv, PythonEnv } from "./toolchain/python-env";
export { compatNodeVersion, compatPulumiVersion, CompatToolchain } from "./toolchain/compat";
export { ensureGoHost } from "./toolchain/go-host";
export { ensureJavaTools, generateJavaSdk, JavaTools } from "./toolchain/java";

const shimName = "pulumi-resource-pulumi-nodejs";

export interface Toolchain {
  /** Directories to put first on PATH: `pulumi`, `pulumi-language-nodejs` and the dynamic provider shim. */
  pathDirs: string[];
  /** Absolute path of the `pulumi` executable. */
  pulumi: string;
  /** Version printed by `pulumi version`, without the leading "v". */
  version: string;
  /** Where it came from. */
  source: "path" | "cache" | "built";
}

/** Copies the shim from the installed SDK: it runs the SDK's dynamic provider from the program's node_modules. */
function installShim(dir: string): void {
  const source = require.resolve(`@pulumi/pulumi/${shimName}`, { paths: [repoRoot] });
  const target = path.join(dir, shimName);
  const tmp = `${target}.${process.pid}.tmp`;
  fs.copyFileSync(source, tmp);
  fs.chmodSync(tmp, 0o755);
  fs.renameSync(tmp, target);
}

export const noEngineHelp = [
  "No usable Pulumi CLI was found and Go is not installed, so it cannot be built here.",
  "Either install the Pulumi CLI the normal way (https://www.pulumi.com/docs/install/, e.g.",
  "`curl -fsSL https://get.pulumi.com | sh`) at a version >= the installed @pulumi/pulumi, together with",
  "its pulumi-language-nodejs, and put it on PATH; or install Go >= 1.24 and run this again to build it.",
].join("\n");

/** Builds both binaries into `tmpBin` from the wrapper modules, with the module versions of their go.mod. */
async function buildInto(tmpBin: string, log: string, cliVersion: string, hostVersion: string, opts: ToolchainOptions) {
  const stamp = (v: string) => `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${v}`;
  say(opts, `building pulumi v${cliVersion} and pulumi-language-nodejs (sdk v${hostVersion}) with Go; log: ${log}`);
  say(opts, "the first build takes about 10 minutes on 2 cores and needs ~4 GB of Go caches");
  const started = Date.now();
  const dl = Date.now();
  await Promise.all([goDownload("pulumi-cli", log), goDownload("language-host", log)]);
  say(opts, `Go modules ready in ${seconds(dl)}`);
  const build = (wrapper: string, version: string, pkg: string, out: string) => {
    const t = Date.now();
    return goBuild(wrapper, pkg, path.join(tmpBin, out), stamp(version), log).then(() =>
      say(opts, `built ${out} in ${seconds(t)}`),
    );
  };
  await Promise.all([
    build("pulumi-cli", cliVersion, "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi", "pulumi"),
    build(
      "language-host",
      hostVersion,
      "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs",
      "pulumi-language-nodejs",
    ),
  ]);
  installShim(tmpBin);
  say(opts, `build finished in ${seconds(started)}`);
}

/**
 * Returns a Pulumi CLI compatible with the installed SDK: a `pulumi` on PATH at a version >= the SDK's (with a
 * `pulumi-language-nodejs` beside it or on PATH), else the cached build, else a fresh build.
 */
export async function ensureToolchain(opts: ToolchainOptions = {}): Promise<Toolchain> {
  const started = Date.now();
  const sdk = installedSdkVersion();
  const root = cacheRoot();

  const { cli, rejected } = await usablePathCli();
  if (cli) {
    const shimDir = path.join(root, `shim-${sdk}`);
    fs.mkdirSync(shimDir, { recursive: true });
    installShim(shimDir);
    say(opts, `using pulumi v${cli.version} from PATH (${cli.pulumi}) in ${seconds(started)}`);
    return {
      pathDirs: [path.dirname(cli.pulumi), path.dirname(cli.nodeHost), shimDir],
      pulumi: cli.pulumi,
      version: cli.version,
      source: "path",
    };
  }
  if (rejected) say(opts, `ignoring pulumi on PATH (${rejected}): need >= v${sdk} with pulumi-language-nodejs`);

  const cliVersion = pinnedVersion("pulumi-cli", "github.com/pulumi/pulumi/pkg/v3");
  const hostVersion = pinnedVersion("language-host", "github.com/pulumi/pulumi/sdk/v3");
  if (cliVersion !== sdk) {
    throw new Error(
      `The installed @pulumi/pulumi is ${sdk}, but scripts/toolchain/pulumi-cli/go.mod builds the CLI at ${cliVersion}. ` +
        `Update the wrapper module (go.mod, go.sum with GOSUMDB=off go mod tidy) to ${sdk}, or run npm ci.`,
    );
  }
  const versionDir = path.join(root, `pulumi-${cliVersion}-host-${hostVersion}`);
  const files = ["pulumi", "pulumi-language-nodejs"];
  if (!files.every((f) => fs.existsSync(path.join(versionDir, "bin", f))) && !(await goAvailable())) {
    throw new Error(noEngineHelp);
  }
  const { dir: binDir, built } = await ensureCached(
    {
      versionDir,
      what: "the engine",
      files,
      build: (tmp, log) => buildInto(tmp, log, cliVersion, hostVersion, opts),
    },
    opts,
  );
  // Keep the shim in step with the installed SDK (it is a few lines, not worth a rebuild).
  installShim(binDir);
  const pulumi = path.join(binDir, "pulumi");
  const v = await versionOf(pulumi);
  if (v !== cliVersion) {
    throw new Error(
      `${pulumi} reports version ${v ?? "(none)"}, expected v${cliVersion}: delete ${versionDir} and rerun`,
    );
  }
  say(opts, `pulumi v${v} ${built ? "built" : "from cache"} at ${binDir} (${seconds(started)})`);
  return { pathDirs: [binDir], pulumi, version: v, source: built ? "built" : "cache" };
}

/** The pinned toolchain's Node language host, which the compatibility matrix's newer CLI runs too. */
async function pinnedNodeHost(opts: ToolchainOptions): Promise<string> {
  const { pathDirs } = await ensureToolchain(opts);
  const dir = pathDirs.find((d) => fs.existsSync(path.join(d, "pulumi-language-nodejs")));
  if (!dir) throw new Error(`no pulumi-language-nodejs in ${pathDirs.join(", ")}`);
  return path.join(dir, "pulumi-language-nodejs");
}

/** The newest column of the compatibility matrix (README): Node 22, the newest CLI; see toolchain/compat.ts. */
export function ensureLatestToolchain(opts: ToolchainOptions = {}) {
  return ensureCompatToolchain(() => pinnedNodeHost(opts), opts);
}

const parts = {
  cli: () => ensureToolchain(),
  hosts: () => ensureLanguageHosts(),
  python: () => ensurePythonEnv(),
  codegen: () => ensureCodegen(),
  latest: () => ensureLatestToolchain(),
  go: () => ensureGoHost(),
  java: () => ensureJavaTools(),
};
type Part = keyof typeof parts;

/**
 * `npm run toolchain [-- cli hosts python codegen latest go java]`: the parts named (all by default), built side by side, each
 * in its own cache folder. Prints the CLI's path on stdout when the CLI is among them.
 */
async function main(args: string[]): Promise<void> {
  const started = Date.now();
  const unknown = args.filter((a) => !(a in parts));
  if (unknown.length)
    throw new Error(`unknown part(s) ${unknown.join(", ")}; the parts are ${Object.keys(parts).join(", ")}`);
  const names = (args.length ? args : Object.keys(parts)) as Part[];
  const results = await Promise.allSettled(names.map((n) => parts[n]()));
  const failed = results.flatMap((r, i) =>
    r.status === "rejected" ? [`${names[i]}: ${(r.reason as Error).message}`] : [],
  );
  if (failed.length) throw new Error(failed.join("\n[toolchain] "));
  say({}, `toolchain ready in ${seconds(started)} (${names.join(", ")})`);
  const cli = names.indexOf("cli");
  if (cli >= 0) process.stdout.write(`${(results[cli] as PromiseFulfilledResult<Toolchain>).value.pulumi}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: Error) => {
    process.stderr.write(`[toolchain] ${err.message}\n`);
    process.exit(1);
  });
}
