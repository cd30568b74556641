// Shared set-up of the reliability suite: a simulator over HTTPS (its CA given as cckm:caCert), the generic program
// of ../frontends.ts (resources from stack config `test:spec`, through either front end), and small readers of the
// simulator's jobs and log.
import { ChildProcess, execFileSync } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as path from "path";
import { CliStack, ConfigValue, createCliStack, repoRoot, RunResult } from "../../scripts/engine";
import { startSimulator } from "../../simulator";
import type { JobRecord, Simulator, SimulatorOptions } from "../../simulator";
import { FrontEnd, typeToken, writeGenericProgram } from "../frontends";
import { madeByThisRun } from "../profiles";

/** One resource of the generic program: class name and args (any JSON, bad values included). */
export interface ResourceSpec {
  kind: string;
  args: Record<string, unknown>;
  /** Resource options (JSON: e.g. `customTimeouts`). */
  opts?: Record<string, unknown>;
}
export type Spec = Record<string, ResourceSpec>;

/** Fast polling and progress for tests (the provider reads these in its own process). */
export const FAST_POLLING = { CCKM_POLL_INITIAL_MS: "300", CCKM_POLL_MAX_MS: "1000", CCKM_PROGRESS_SECONDS: "2" };

export function assertBuilt(): void {
  const runtime = path.join(repoRoot, "dist", "provider", "runtime", "index.js");
  if (!fs.existsSync(runtime))
    throw new Error("run `npm run build` first: the provider process loads dist/provider/runtime");
}

export interface Rig {
  frontEnd: FrontEnd;
  /** The type token of a kind's resources in this rig's state. */
  type(kind: string): string;
  sim: Simulator;
  stack: CliStack;
  programDir: string;
  caFile: string;
  setSpec(spec: Spec): Promise<void>;
  dispose(): Promise<void>;
}

export interface RigOptions {
  sim?: SimulatorOptions;
  /** Default: the dynamic resources. */
  frontEnd?: FrontEnd;
  /** Stack config besides test:spec; by default the address, caCert (a file) and admin/admin (password secret). */
  config?: Record<string, ConfigValue>;
  /** Leave out the default connection config (to give it through the environment instead). */
  noConnectionConfig?: boolean;
  env?: Record<string, string | undefined>;
}

/** A simulator and a CLI stack wired to it. */
export async function rig(name: string, spec: Spec, opts: RigOptions = {}): Promise<Rig> {
  assertBuilt();
  const sim = await startSimulator({ port: 0, jobSeconds: 2, quiet: true, ...opts.sim });
  const frontEnd = opts.frontEnd ?? "dynamic";
  const programDir = writeGenericProgram(`rel-${name}`, frontEnd);
  // caCert as a file path (PEM text works too, but `pulumi config set` takes a value starting with "-" for a flag)
  const caFile = path.join(programDir, "cckm-ca.pem");
  fs.writeFileSync(caFile, sim.caCert);
  const connection: Record<string, ConfigValue> = opts.noConnectionConfig
    ? {}
    : {
        "cckm:address": sim.url,
        "cckm:caCert": caFile,
        "cckm:username": "admin",
        "cckm:password": { value: "admin", secret: true },
      };
  let stack: CliStack;
  try {
    stack = await createCliStack({
      programDir,
      config: { ...connection, "test:spec": JSON.stringify(spec), ...opts.config },
      env: { ...FAST_POLLING, ...opts.env },
    });
  } catch (err) {
    await sim.stop();
    throw err;
  }
  return {
    frontEnd,
    type: (kind) => typeToken(frontEnd, kind),
    sim,
    stack,
    programDir,
    caFile,
    setSpec: (s) => stack.setConfig("test:spec", JSON.stringify(s)),
    async dispose() {
      await stack.dispose();
      killStragglers(programDir);
      await sim.stop();
      fs.rmSync(programDir, { recursive: true, force: true });
    },
  };
}

/**
 * Processes still running in a program folder: engine plugins (language host, dynamic provider) that an
 * interrupted CLI left behind. Linux only (/proc); elsewhere none are found.
 */
export function stragglers(programDir: string): number[] {
  if (!fs.existsSync("/proc")) return [];
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readlinkSync(`/proc/${entry}/cwd`) === programDir) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** Kills, by id, the processes this test's engine runs left in its program folder. */
export function killStragglers(programDir: string): number[] {
  const pids = stragglers(programDir);
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return pids;
}

/** The scope of a simulator job as one comparable string (family + sorted scope / SAP key and operation). */
export function scopeOf(job: JobRecord): string {
  const j = job as Record<string, unknown>;
  if (job.family === "sapKeys") return `sapKeys:${String(j.cckm_key_id)}:${String(j.operation)}`;
  const lists = ["domains", "key_rings", "key_vaults", "kms", "vaults", "groups"];
  const field = lists.find((f) => Array.isArray(j[f]));
  const items = field ? [...(j[field] as string[])].sort().join(",") : "";
  return `${job.family}:${j.synchronize_all === true ? "*" : items}`;
}

/** Jobs grouped by scope (the jobs of this run: `history` jobs left out). */
export function jobsByScope(sim: Simulator): Map<string, JobRecord[]> {
  const map = new Map<string, JobRecord[]>();
  for (const job of sim.jobs().filter(madeByThisRun)) {
    const k = scopeOf(job);
    map.set(k, [...(map.get(k) ?? []), job]);
  }
  return map;
}

/** True while a simulator job has not ended. */
export function isRunning(job: JobRecord): boolean {
  const j = job as Record<string, unknown>;
  if (job.family === "sapKeys") return !["COMPLETED", "FAILED"].includes(String(j.state));
  return j.completed_at === undefined;
}

/** Resolves once `predicate` holds (checked every 250 ms), or rejects after `ms`. */
export async function until(predicate: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The whole text of a command's run (for messages and greps). */
export function text(r: RunResult): string {
  return r.output;
}

/** A command started in the background, its output collected as it arrives. */
export interface Background {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function background(stack: CliStack, args: string[]): Background {
  const child = stack.spawn(args);
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (c: string) => (out += c));
  child.stderr!.setEncoding("utf8").on("data", (c: string) => (out += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

/** Every process below `pid` (the CLI starts the language host and the provider in process groups of their own). */
export function descendants(pid: number): number[] {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of rows) {
      if (parent === p) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

/**
 * Counts the distinct provider lines (`cckm: ...`) of a CLI output that match `re`: the CLI prints each line twice,
 * live under the stack's row and again under Diagnostics.
 */
export function countMatches(output: string, re: RegExp): number {
  const lines = output
    .split("\n")
    .filter((l) => re.test(l))
    .map((l) => l.slice(l.indexOf("cckm: ")).trim());
  return new Set(lines).size;
}

/** One CCKM call to the simulator from the test (as another CCKM user or tool would make it), with a fresh token. */
export async function callSim(
  sim: Simulator,
  method: "GET" | "POST",
  apiPath: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const send = (p: string, b: unknown, token?: string) =>
    new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const req = https.request(
        `${sim.url}${p}`,
        {
          method: p.includes("/auth/") ? "POST" : method,
          ca: sim.caCert,
          headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8").on("data", (c: string) => (text += c));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> }),
          );
        },
      );
      req.on("error", reject);
      req.end(b === undefined ? undefined : JSON.stringify(b));
    });
  const login = await send("/api/v1/auth/tokens", { grant_type: "password", username: "admin", password: "admin" });
  const res = await send(`/api${apiPath}`, body, String(login.body.jwt));
  if (res.status >= 300) throw new Error(`${method} ${apiPath}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
