// The simulator's own capacity: bench/simulator/load.ts (owned with the simulator) runs 1,000 concurrent jobs
// against `cckm-sim` in its own process; this runs it and takes its figures from bench/results/simulator-load.json.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../../scripts/engine";

export interface SimLoadResult {
  command: string;
  exitCode: number | null;
  /** The JSON that load.ts wrote, as it wrote it. */
  report?: Record<string, unknown>;
  error?: string;
}

export async function runSimLoad(opts: { args: string[]; log: (l: string) => void }): Promise<SimLoadResult> {
  const script = path.join(repoRoot, "bench", "simulator", "load.ts");
  const out = path.join(repoRoot, "bench", "results", "simulator-load.json");
  const command = `node -r ts-node/register/transpile-only bench/simulator/load.ts ${opts.args.join(" ")}`.trim();
  if (!fs.existsSync(script)) return { command, exitCode: null, error: "bench/simulator/load.ts does not exist" };
  const before = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0;
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", script, ...opts.args], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    child.stdout.on("data", (d: Buffer) => (text += d.toString()));
    child.stderr.on("data", (d: Buffer) => (text += d.toString()));
    child.on("close", (c) => {
      if (c !== 0) opts.log(text.split("\n").slice(-15).join("\n"));
      resolve(c);
    });
  });
  if (!fs.existsSync(out) || fs.statSync(out).mtimeMs <= before) {
    return { command, exitCode: code, error: `load.ts exited ${code} without writing ${path.relative(repoRoot, out)}` };
  }
  const report = JSON.parse(fs.readFileSync(out, "utf8")) as Record<string, unknown>;
  return { command, exitCode: code, report, ...(code !== 0 ? { error: `load.ts exited ${code}` } : {}) };
}
