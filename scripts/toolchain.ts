// Finds or builds the Pulumi engine that the tests, the examples, the benchmarks and `npm start` drive.
//
// The official installer downloads binaries, which fails on machines that reach only package registries.
// So, when no compatible `pulumi` is on PATH, we build the CLI and the Node language host from the Go
// wrapper modules in scripts/toolchain/ (their committed go.sum files are the integrity check) and cache
// the binaries outside the work tree, keyed by version, so that a second run takes a moment.
import { execFile, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(__dirname, "..");
const wrapperDir = path.join(repoRoot, "scripts", "toolchain");
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

export interface ToolchainOptions {
  /** Print what is done and how long it takes (default true). */
  verbose?: boolean;
}

/** The @pulumi/pulumi version installed in this checkout: the CLI we use must be at least as new. */
export function installedSdkVersion(): string {
  const pkg = require.resolve("@pulumi/pulumi/package.json", { paths: [repoRoot] });
  return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
}

/** The version a wrapper module's go.mod pins for `module`. */
export function pinnedVersion(wrapper: "pulumi-cli" | "language-host", module: string): string {
  const goMod = fs.readFileSync(path.join(wrapperDir, wrapper, "go.mod"), "utf8");
  const escaped = module.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const match = new RegExp(`${escaped} v(\\S+)`).exec(goMod);
  if (!match) throw new Error(`scripts/toolchain/${wrapper}/go.mod does not pin ${module}`);
  return match[1];
}

/** Compares dotted versions numerically: -1, 0 or 1. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10));
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10));
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "pulumi-cckm");
}

async function versionOf(pulumi: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(pulumi, ["version"], {
      timeout: 30_000,
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    });
    const m = /^v?(\d+\.\d+\.\d+)/.exec(stdout.trim());
    return m ? m[1] : undefined;
  } catch {
    return undefined;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
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

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function say(opts: ToolchainOptions, message: string): void {
  if (opts.verbose !== false) process.stderr.write(`[toolchain] ${message}\n`);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, log: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const out = fs.openSync(log, "a");
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", out, out] });
    child.on("error", reject);
    child.on("exit", (code) => {
      fs.closeSync(out);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(" ")} failed with exit code ${code}; see ${log}`));
    });
  });
}

async function goAvailable(): Promise<boolean> {
  try {
    await execFileAsync("go", ["version"], { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

const noEngineHelp = [
  "No usable Pulumi CLI was found and Go is not installed, so it cannot be built here.",
  "Either install the Pulumi CLI the normal way (https://www.pulumi.com/docs/install/, e.g.",
  "`curl -fsSL https://get.pulumi.com | sh`) at a version >= the installed @pulumi/pulumi, together with",
  "its pulumi-language-nodejs, and put it on PATH; or install Go >= 1.24 and run this again to build it.",
].join("\n");

/** Builds both binaries into `tmpBin` from the wrapper modules, with the module versions of their go.mod. */
async function buildInto(tmpBin: string, cliVersion: string, hostVersion: string, opts: ToolchainOptions) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CGO_ENABLED: "0",
    // go.sum is the integrity check; the checksum database is not reachable from every machine.
    GOSUMDB: "off",
    GOFLAGS: "-mod=readonly -buildvcs=false",
    GOTOOLCHAIN: "local",
  };
  const stamp = (v: string) => `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${v}`;
  const log = path.join(path.dirname(tmpBin), "build.log");
  say(opts, `building pulumi v${cliVersion} and pulumi-language-nodejs (sdk v${hostVersion}) with Go; log: ${log}`);
  say(opts, "the first build takes about 10 minutes on 2 cores and needs ~4 GB of Go caches");
  const started = Date.now();
  const dl = Date.now();
  await Promise.all([
    run("go", ["mod", "download"], path.join(wrapperDir, "pulumi-cli"), env, log),
    run("go", ["mod", "download"], path.join(wrapperDir, "language-host"), env, log),
  ]);
  say(opts, `Go modules ready in ${seconds(dl)}`);
  const build = (wrapper: string, version: string, pkg: string, out: string) => {
    const t = Date.now();
    return run(
      "go",
      ["build", "-trimpath", "-ldflags", stamp(version), "-o", path.join(tmpBin, out), pkg],
      path.join(wrapperDir, wrapper),
      env,
      log,
    ).then(() => say(opts, `built ${out} in ${seconds(t)}`));
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
  say(opts, `build finished in ${seconds(started)}`);
}

/** Waits while another process holds the build lock (a directory), taking over a lock whose owner died. */
async function acquireLock(lockDir: string, done: () => boolean, opts: ToolchainOptions): Promise<boolean> {
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, "pid"), String(process.pid));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    if (done()) return false;
    let owner = NaN;
    try {
      owner = parseInt(fs.readFileSync(path.join(lockDir, "pid"), "utf8"), 10);
    } catch {
      // the owner is still writing its pid, or just released the lock
    }
    if (Number.isInteger(owner) && !processAlive(owner)) {
      say(opts, `taking over the build lock of process ${owner}, which is gone`);
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!announced) say(opts, `another process (pid ${owner}) is building the engine; waiting for it`);
    announced = true;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Returns a Pulumi CLI compatible with the installed SDK: a `pulumi` on PATH at a version >= the SDK's (with a
 * `pulumi-language-nodejs` beside it or on PATH), else the cached build, else a fresh build.
 */
export async function ensureToolchain(opts: ToolchainOptions = {}): Promise<Toolchain> {
  const started = Date.now();
  const sdk = installedSdkVersion();
  const root = cacheRoot();

  const existing = onPath("pulumi");
  if (existing && process.env.PULUMI_CCKM_BUILD_ENGINE !== "1") {
    const v = await versionOf(existing);
    const host = isExecutable(path.join(path.dirname(existing), "pulumi-language-nodejs"))
      ? path.join(path.dirname(existing), "pulumi-language-nodejs")
      : onPath("pulumi-language-nodejs");
    if (v && compareVersions(v, sdk) >= 0 && v.split(".")[0] === sdk.split(".")[0] && host) {
      const shimDir = path.join(root, `shim-${sdk}`);
      fs.mkdirSync(shimDir, { recursive: true });
      installShim(shimDir);
      say(opts, `using pulumi v${v} from PATH (${existing}) in ${seconds(started)}`);
      return {
        pathDirs: [path.dirname(existing), path.dirname(host), shimDir],
        pulumi: existing,
        version: v,
        source: "path",
      };
    }
    say(opts, `ignoring pulumi on PATH (${existing}, v${v ?? "?"}): need >= v${sdk} with pulumi-language-nodejs`);
  }

  const cliVersion = pinnedVersion("pulumi-cli", "github.com/pulumi/pulumi/pkg/v3");
  const hostVersion = pinnedVersion("language-host", "github.com/pulumi/pulumi/sdk/v3");
  if (cliVersion !== sdk) {
    throw new Error(
      `The installed @pulumi/pulumi is ${sdk}, but scripts/toolchain/pulumi-cli/go.mod builds the CLI at ${cliVersion}. ` +
        `Update the wrapper module (go.mod, go.sum with GOSUMDB=off go mod tidy) to ${sdk}, or run npm ci.`,
    );
  }
  const versionDir = path.join(root, `pulumi-${cliVersion}-host-${hostVersion}`);
  const binDir = path.join(versionDir, "bin");
  const pulumi = path.join(binDir, "pulumi");
  const complete = () => isExecutable(pulumi) && isExecutable(path.join(binDir, "pulumi-language-nodejs"));

  let source: Toolchain["source"] = "cache";
  if (!complete()) {
    if (!(await goAvailable())) throw new Error(noEngineHelp);
    fs.mkdirSync(versionDir, { recursive: true });
    const lockDir = path.join(versionDir, "build.lock");
    if (await acquireLock(lockDir, complete, opts)) {
      try {
        if (!complete()) {
          // Build beside the final folder and rename: a reader never sees half a toolchain.
          const tmpBin = fs.mkdtempSync(path.join(versionDir, "bin.tmp-"));
          fs.chmodSync(tmpBin, 0o755);
          try {
            await buildInto(tmpBin, cliVersion, hostVersion, opts);
            installShim(tmpBin);
            fs.rmSync(binDir, { recursive: true, force: true });
            fs.renameSync(tmpBin, binDir);
          } finally {
            fs.rmSync(tmpBin, { recursive: true, force: true });
          }
          source = "built";
        }
      } finally {
        fs.rmSync(lockDir, { recursive: true, force: true });
      }
    }
  }
  // Keep the shim in step with the installed SDK (it is a few lines, not worth a rebuild).
  installShim(binDir);
  const v = await versionOf(pulumi);
  if (v !== cliVersion) {
    throw new Error(
      `${pulumi} reports version ${v ?? "(none)"}, expected v${cliVersion}: delete ${versionDir} and rerun`,
    );
  }
  say(opts, `pulumi v${v} ${source === "built" ? "built" : "from cache"} at ${binDir} (${seconds(started)})`);
  return { pathDirs: [binDir], pulumi, version: v, source };
}

if (require.main === module) {
  ensureToolchain().then(
    (t) => process.stdout.write(`${t.pulumi}\n`),
    (err: Error) => {
      process.stderr.write(`[toolchain] ${err.message}\n`);
      process.exit(1);
    },
  );
}
