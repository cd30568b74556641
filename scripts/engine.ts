// Runs the real Pulumi engine isolated and offline, for the tests, the examples, the benchmarks and the main job.
//
// Every stack gets its own PULUMI_HOME and file:// backend; nothing is read from or written to the user's own
// Pulumi settings, and no credential from the caller's environment leaks in unless it is passed explicitly.
import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ensureToolchain, Toolchain } from "./toolchain";

export const repoRoot = path.resolve(__dirname, "..");
/** Git-ignored scratch space inside the checkout: programs there resolve this repo's node_modules. */
export const scratchRoot = path.join(repoRoot, ".pulumi-cckm");

export type ConfigValue = string | { value: string; secret?: boolean };

export interface RunOptions {
  /** Resolve instead of rejecting when the command exits non-zero. */
  allowFailure?: boolean;
  /** Extra environment for this command only (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  /** Kill the command (SIGKILL) after this long. Default: 15 minutes. */
  timeoutMs?: number;
  /** Also copy the command's output to this process's stdout/stderr as it arrives. */
  echo?: boolean;
  /** Called with each chunk of output as it arrives (stdout and stderr). */
  onOutput?: (chunk: string) => void;
}

export interface RunResult {
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived. */
  output: string;
  durationMs: number;
}

export class EngineCommandError extends Error {
  constructor(readonly result: RunResult) {
    super(
      `\`${result.command}\` exited with ${result.code ?? result.signal} after ${result.durationMs} ms\n` +
        result.output.split("\n").slice(-60).join("\n"),
    );
  }
}

/** One resource of an exported deployment (`pulumi stack export`). */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
  [key: string]: unknown;
}

export interface ExportedState {
  version: number;
  deployment: { resources?: StateResource[]; pending_operations?: unknown[]; [key: string]: unknown };
}

// Variables that would let a caller's own setup reach into an isolated run.
const inheritedBlocklist = /^(PULUMI_|CIPHERTRUST_|CM_|KSCTL_)/;

let toolchainPromise: Promise<Toolchain> | undefined;

/** The toolchain, found or built once per process. */
export function engineToolchain(): Promise<Toolchain> {
  toolchainPromise ??= ensureToolchain({ verbose: process.env.PULUMI_CCKM_QUIET !== "1" });
  return toolchainPromise;
}

/** The environment of an isolated engine run: only what we set, plus the caller's non-Pulumi variables. */
export function isolatedEnv(
  toolchain: Toolchain,
  dirs: { backendDir: string; pulumiHome: string; pathDirs?: string[] },
  extra: Record<string, string | undefined> = {},
  passphrase = "",
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!inheritedBlocklist.test(k)) env[k] = v;
  Object.assign(env, {
    PATH: [
      ...(dirs.pathDirs ?? []),
      ...toolchain.pathDirs,
      path.dirname(process.execPath),
      process.env.PATH ?? "",
    ].join(path.delimiter),
    PULUMI_HOME: dirs.pulumiHome,
    PULUMI_BACKEND_URL: `file://${dirs.backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
  });
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Makes sure `require("pulumi-cckm/...")` resolves inside the checkout (see scripts/link-self.js). */
export function linkSelf(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("./link-self.js") as { linkSelf: (root: string) => string }).linkSelf(repoRoot);
}

/** A fresh folder under the checkout's scratch space. */
export function scratchDir(prefix: string): string {
  fs.mkdirSync(path.join(scratchRoot, "tmp"), { recursive: true });
  return fs.mkdtempSync(path.join(scratchRoot, "tmp", `${prefix.replace(/[^a-zA-Z0-9-]/g, "-")}-`));
}

export interface ProgramSpec {
  /** Project name in Pulumi.yaml. */
  name: string;
  /** index.js source (CommonJS); `require("pulumi-cckm")` and `require("@pulumi/pulumi")` resolve from here. */
  code: string;
  /** Folder to write into; a fresh scratch folder when absent. */
  dir?: string;
  /** More top-level lines of Pulumi.yaml (a `plugins:` entry naming a provider plugin's folder). */
  projectYaml?: string;
}

/** Writes a directory program (Pulumi.yaml + index.js) and returns its folder. */
export function writeProgram(spec: ProgramSpec): string {
  const dir = spec.dir ?? scratchDir(spec.name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: ${spec.name}\nruntime: nodejs\ndescription: generated by pulumi-cckm's engine library\nmain: index.js\n` +
      (spec.projectYaml ?? ""),
  );
  fs.writeFileSync(path.join(dir, "index.js"), spec.code);
  return dir;
}

export interface CliStackOptions {
  /** Folder with a Pulumi.yaml. */
  programDir: string;
  /** Default "dev". */
  stackName?: string;
  /** Stack config, e.g. { "cckm:address": url, "cckm:password": { value, secret: true } }. */
  config?: Record<string, ConfigValue>;
  /** Environment for every command of this stack (CIPHERTRUST_* etc.). */
  env?: Record<string, string | undefined>;
  /** Where the file backend lives; a temporary folder by default (the main job passes a kept one). */
  backendDir?: string;
  /** PULUMI_HOME; a temporary folder by default. */
  pulumiHome?: string;
  /** PULUMI_CONFIG_PASSPHRASE; "" by default. */
  passphrase?: string;
  /**
   * Folders to put first on PATH, before the CLI's: other language hosts and runtimes (ensureLanguageHosts'
   * pathDirs, a Python environment's bin). Their variables (VIRTUAL_ENV) go in `env`.
   */
  pathDirs?: string[];
}

/** A stack driven through the `pulumi` CLI in a program folder, the way GitOps pipelines run it. */
export class CliStack {
  private readonly ownedDirs: string[] = [];
  readonly stackName: string;
  readonly programDir: string;
  readonly backendDir: string;
  readonly pulumiHome: string;
  readonly env: NodeJS.ProcessEnv;
  private readonly children = new Set<ChildProcess>();

  constructor(
    readonly toolchain: Toolchain,
    opts: CliStackOptions,
  ) {
    this.programDir = path.resolve(opts.programDir);
    this.stackName = opts.stackName ?? "dev";
    this.backendDir = opts.backendDir ?? this.own(fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-backend-")));
    this.pulumiHome = opts.pulumiHome ?? this.own(fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-home-")));
    fs.mkdirSync(this.backendDir, { recursive: true });
    fs.mkdirSync(this.pulumiHome, { recursive: true });
    this.env = isolatedEnv(
      toolchain,
      { backendDir: this.backendDir, pulumiHome: this.pulumiHome, pathDirs: opts.pathDirs },
      opts.env,
      opts.passphrase,
    );
  }

  private own(dir: string): string {
    this.ownedDirs.push(dir);
    return dir;
  }

  /** Starts `pulumi <args>` for this stack and returns the child, for tests that signal or kill it. */
  spawn(args: string[], opts: RunOptions = {}): ChildProcess {
    const env = { ...this.env };
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    // Our flags go before a `--`, after which everything is a positional argument.
    const end = args.includes("--") ? args.indexOf("--") : args.length;
    const argv = [...args.slice(0, end), "--non-interactive", "--color", "never", ...args.slice(end)];
    const child = spawn(this.toolchain.pulumi, argv, {
      cwd: this.programDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      // its own process group, so that a test can signal the CLI the way a terminal's Ctrl-C does
      detached: true,
    });
    this.children.add(child);
    child.on("exit", () => this.children.delete(child));
    return child;
  }

  /** Runs `pulumi <args>` in the program folder and collects its output. */
  run(args: string[], opts: RunOptions = {}): Promise<RunResult> {
    const started = Date.now();
    const child = this.spawn(args, opts);
    const command = `pulumi ${args.join(" ")}`;
    let stdout = "";
    let stderr = "";
    let output = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 15 * 60_000);
    child.stdout!.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
      output += c;
      if (opts.echo) process.stdout.write(c);
      opts.onOutput?.(c);
    });
    child.stderr!.setEncoding("utf8").on("data", (c: string) => {
      stderr += c;
      output += c;
      if (opts.echo) process.stderr.write(c);
      opts.onOutput?.(c);
    });
    return new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        const result = { command, code, signal, stdout, stderr, output, durationMs: Date.now() - started };
        if (code === 0 || opts.allowFailure) resolve(result);
        else reject(new EngineCommandError(result));
      });
    });
  }

  private stackArgs(): string[] {
    return ["--stack", this.stackName];
  }

  /** Creates the stack (or selects it when the backend has it already) and sets its config. */
  async init(config: Record<string, ConfigValue> = {}): Promise<void> {
    await this.run(["stack", "select", "--create", this.stackName]);
    for (const [key, value] of Object.entries(config)) await this.setConfig(key, value);
  }

  async setConfig(key: string, value: ConfigValue): Promise<void> {
    const v = typeof value === "string" ? { value } : value;
    // The value goes through argv, as users type it; `--` keeps a value that starts with dashes (a PEM
    // certificate) from being read as a flag.
    await this.run([
      "config",
      "set",
      ...this.stackArgs(),
      ...(v.secret ? ["--secret"] : ["--plaintext"]),
      "--",
      key,
      v.value,
    ]);
  }

  async removeConfig(key: string): Promise<void> {
    await this.run(["config", "rm", ...this.stackArgs(), key]);
  }

  preview(args: string[] = [], opts?: RunOptions): Promise<RunResult> {
    return this.run(["preview", ...this.stackArgs(), ...args], opts);
  }

  up(args: string[] = [], opts?: RunOptions): Promise<RunResult> {
    return this.run(["up", "--yes", ...this.stackArgs(), ...args], opts);
  }

  refresh(args: string[] = [], opts?: RunOptions): Promise<RunResult> {
    return this.run(["refresh", "--yes", ...this.stackArgs(), ...args], opts);
  }

  destroy(args: string[] = [], opts?: RunOptions): Promise<RunResult> {
    return this.run(["destroy", "--yes", ...this.stackArgs(), ...args], opts);
  }

  /** `pulumi cancel`: releases the lock that a killed update leaves in a file backend. */
  cancel(opts?: RunOptions): Promise<RunResult> {
    return this.run(["cancel", "--yes", ...this.stackArgs()], opts);
  }

  /** The stack outputs, secrets in plain text. */
  async outputs(): Promise<Record<string, unknown>> {
    const r = await this.run(["stack", "output", "--json", "--show-secrets", ...this.stackArgs()]);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  /** The stack's deployment as `pulumi stack export` prints it. */
  async exportState(opts: { showSecrets?: boolean } = {}): Promise<ExportedState> {
    const r = await this.run(["stack", "export", ...this.stackArgs(), ...(opts.showSecrets ? ["--show-secrets"] : [])]);
    return JSON.parse(r.stdout) as ExportedState;
  }

  /** The resources in state, without the stack and provider entries unless asked. */
  async resources(opts: { all?: boolean } = {}): Promise<StateResource[]> {
    const all = (await this.exportState()).deployment.resources ?? [];
    return opts.all ? all : all.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
  }

  /** Kills any command still running and removes the temporary folders this stack made. */
  async dispose(): Promise<void> {
    for (const child of this.children) child.kill("SIGKILL");
    for (const dir of this.ownedDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Finds or builds the engine, then creates and configures an isolated stack for a program folder. */
export async function createCliStack(opts: CliStackOptions): Promise<CliStack> {
  linkSelf();
  const stack = new CliStack(await engineToolchain(), opts);
  await stack.init(opts.config);
  return stack;
}

export interface AutomationStackOptions {
  projectName: string;
  stackName?: string;
  /** The inline program. */
  program: () => Promise<Record<string, unknown> | void>;
  config?: Record<string, ConfigValue>;
  env?: Record<string, string | undefined>;
}

/**
 * An Automation API stack with an inline program, isolated like a CliStack. Its work dir is a scratch folder in
 * the checkout: the dynamic provider process starts there and resolves node_modules from it.
 */
export async function createAutomationStack(opts: AutomationStackOptions) {
  linkSelf();
  const toolchain = await engineToolchain();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const auto = require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
  const workDir = scratchDir(`auto-${opts.projectName}`);
  const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-backend-"));
  const pulumiHome = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-home-"));
  const env = isolatedEnv(toolchain, { backendDir, pulumiHome }, opts.env);
  const envVars: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) envVars[k] = v;
  const pulumiCommand = await auto.PulumiCommand.get({ root: automationRoot(toolchain), skipVersionCheck: true });
  const stack = await auto.LocalWorkspace.createOrSelectStack(
    { stackName: opts.stackName ?? "dev", projectName: opts.projectName, program: opts.program },
    {
      workDir,
      pulumiHome,
      envVars,
      pulumiCommand,
      projectSettings: { name: opts.projectName, runtime: "nodejs", backend: { url: `file://${backendDir}` } },
    },
  );
  for (const [key, value] of Object.entries(opts.config ?? {})) {
    const v = typeof value === "string" ? { value } : value;
    await stack.setConfig(key, { value: v.value, secret: v.secret ?? false });
  }
  return {
    stack,
    workDir,
    backendDir,
    pulumiHome,
    async dispose() {
      for (const dir of [workDir, backendDir, pulumiHome]) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** PulumiCommand.get wants `<root>/bin/pulumi`; a CLI found on PATH may live elsewhere, so link it. */
function automationRoot(toolchain: Toolchain): string {
  const binDir = path.dirname(toolchain.pulumi);
  if (path.basename(binDir) === "bin") return path.dirname(binDir);
  const root = path.join(scratchRoot, "automation-root", crypto.createHash("sha1").update(binDir).digest("hex"));
  fs.mkdirSync(path.join(root, "bin"), { recursive: true });
  const link = path.join(root, "bin", "pulumi");
  if (!fs.existsSync(link)) fs.symlinkSync(toolchain.pulumi, link);
  return root;
}
