// What every part of the toolchain step shares: where the cache lives, how a part is built once (a lock that a
// dead owner's successor takes over, a temporary folder renamed into place), and how Go is run.
import { execFile, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

export const execFileAsync = promisify(execFile);
export const repoRoot = path.resolve(__dirname, "..", "..");
export const wrapperDir = path.join(repoRoot, "scripts", "toolchain");

export interface ToolchainOptions {
  /** Print what is done and how long it takes (default true). */
  verbose?: boolean;
}

export function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "pulumi-cckm");
}

export function say(opts: ToolchainOptions, message: string): void {
  if (opts.verbose !== false) process.stderr.write(`[toolchain] ${message}\n`);
}

export function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** Runs a command with its output appended to `log`; rejects naming the log when it fails. */
export async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, log: string) {
  await new Promise<void>((resolve, reject) => {
    const out = fs.openSync(log, "a");
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", out, out] });
    child.on("error", (err) => {
      fs.closeSync(out);
      reject(err);
    });
    child.on("exit", (code) => {
      fs.closeSync(out);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(" ")} failed with exit code ${code}; see ${log}`));
    });
  });
}

export async function goAvailable(): Promise<boolean> {
  try {
    await execFileAsync("go", ["version"], { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/** The environment of every Go build: go.sum is the integrity check (the checksum database is not reachable). */
export function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CGO_ENABLED: "0",
    GOSUMDB: "off",
    GOFLAGS: "-mod=readonly -buildvcs=false",
    GOTOOLCHAIN: "local",
  };
}

/** A short digest of a wrapper module's files, so that editing one rebuilds what it builds and nothing else. */
export function wrapperDigest(wrapper: string): string {
  const dir = path.join(wrapperDir, wrapper);
  const hash = crypto.createHash("sha256");
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(go|mod|sum|txt|py)$/.test(e.name)) files.push(p);
    }
  };
  walk(dir);
  for (const f of files.sort()) hash.update(path.relative(dir, f)).update("\0").update(fs.readFileSync(f));
  return hash.digest("hex").slice(0, 10);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Waits while another process holds the build lock (a directory), taking over a lock whose owner died. */
export async function acquireLock(lockDir: string, done: () => boolean, what: string, opts: ToolchainOptions) {
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
    if (!announced) say(opts, `another process (pid ${owner}) is building ${what}; waiting for it`);
    announced = true;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

export interface CachedPart {
  /** The part's cache folder, named by what it is built from (versions, digests). */
  versionDir: string;
  /** For messages: "the CLI", "pulumi-language-yaml", ... */
  what: string;
  /** The files that must be executable in `<versionDir>/<subdir>` for the part to count as built. */
  files: string[];
  /** Folder inside versionDir that is built whole and renamed into place (default "bin"). */
  subdir?: string;
  /**
   * Build in the final folder and mark it complete with a `.complete` file at the end, for what cannot move once
   * made (a Python virtual environment holds its own path). Default: build in a temporary folder and rename it.
   */
  inPlace?: boolean;
  /** Fills the (temporary) folder; its build log is `<versionDir>/build.log`. */
  build: (dir: string, log: string) => Promise<void>;
}

/**
 * Returns `<versionDir>/<subdir>` once every file of the part is there, building it first when it is not. One
 * process builds; the others wait on the lock. A reader never sees half a part: it is built beside the final
 * folder and renamed.
 */
export async function ensureCached(part: CachedPart, opts: ToolchainOptions): Promise<{ dir: string; built: boolean }> {
  const dir = path.join(part.versionDir, part.subdir ?? "bin");
  const marked = () => !part.inPlace || fs.existsSync(path.join(dir, ".complete"));
  const complete = () => marked() && part.files.every((f) => isExecutable(path.join(dir, f)));
  if (complete()) return { dir, built: false };
  fs.mkdirSync(part.versionDir, { recursive: true });
  const lockDir = path.join(part.versionDir, "build.lock");
  let built = false;
  if (await acquireLock(lockDir, complete, part.what, opts)) {
    try {
      if (!complete() && part.inPlace) {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir);
        await part.build(dir, path.join(part.versionDir, "build.log"));
        fs.writeFileSync(path.join(dir, ".complete"), `${new Date().toISOString()}\n`);
        built = true;
      } else if (!complete()) {
        const tmp = fs.mkdtempSync(path.join(part.versionDir, `${part.subdir ?? "bin"}.tmp-`));
        fs.chmodSync(tmp, 0o755);
        try {
          await part.build(tmp, path.join(part.versionDir, "build.log"));
          fs.rmSync(dir, { recursive: true, force: true });
          fs.renameSync(tmp, dir);
        } finally {
          fs.rmSync(tmp, { recursive: true, force: true });
        }
        built = true;
      }
    } finally {
      fs.rmSync(lockDir, { recursive: true, force: true });
    }
  }
  if (!complete()) throw new Error(`${part.what} was not built into ${dir}; see ${part.versionDir}/build.log`);
  return { dir, built };
}

/** `go build` of one package of a wrapper module into `out`, with -ldflags (version stamps) when given. */
export async function goBuild(wrapper: string, pkg: string, out: string, ldflags: string, log: string) {
  const args = ["build", "-trimpath", "-ldflags", `-s -w ${ldflags}`.trim(), "-o", out, pkg];
  await run("go", args, path.join(wrapperDir, wrapper), goEnv(), log);
}

/** `go mod download` for a wrapper module, so that the download and the compile can be timed apart. */
export async function goDownload(wrapper: string, log: string) {
  await run("go", ["mod", "download"], path.join(wrapperDir, wrapper), goEnv(), log);
}

/** The @pulumi/pulumi version installed in this checkout: the CLI we use must be at least as new. */
export function installedSdkVersion(): string {
  const pkg = require.resolve("@pulumi/pulumi/package.json", { paths: [repoRoot] });
  return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
}

/** The version a wrapper module's go.mod pins for `module`. */
export function pinnedVersion(wrapper: string, module: string): string {
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

export async function versionOf(pulumi: string): Promise<string | undefined> {
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

export interface PathCli {
  pulumi: string;
  version: string;
  /** pulumi-language-nodejs beside it, else on PATH. */
  nodeHost: string;
}

/**
 * A `pulumi` on PATH that we may use instead of our build: at a version >= the installed SDK's, same major, with a
 * `pulumi-language-nodejs`. Undefined when there is none, or when PULUMI_CCKM_BUILD_ENGINE=1 asks for our build.
 */
export async function usablePathCli(): Promise<{ cli?: PathCli; rejected?: string }> {
  const existing = onPath("pulumi");
  if (!existing || process.env.PULUMI_CCKM_BUILD_ENGINE === "1") return {};
  const sdk = installedSdkVersion();
  const v = await versionOf(existing);
  const beside = path.join(path.dirname(existing), "pulumi-language-nodejs");
  const host = isExecutable(beside) ? beside : onPath("pulumi-language-nodejs");
  if (v && compareVersions(v, sdk) >= 0 && v.split(".")[0] === sdk.split(".")[0] && host) {
    return { cli: { pulumi: existing, version: v, nodeHost: host } };
  }
  return { rejected: `${existing}, v${v ?? "?"}` };
}
