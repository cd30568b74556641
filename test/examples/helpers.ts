// Shared set-up of the example tests: a copy of an example folder inside the checkout's scratch space (so that the
// committed files stay untouched and `pulumi-cckm` resolves through node_modules), a simulator over HTTPS, and a
// CLI stack wired to both.
import * as fs from "fs";
import * as path from "path";
import { ConfigValue, CliStack, createCliStack, repoRoot, scratchDir } from "../../scripts/engine";
import { startSimulator } from "../../simulator";
import type { Simulator, SimulatorOptions } from "../../simulator";

export const examplesDir = path.join(repoRoot, "examples");

/** Fails early when dist/ is missing: the provider process runs the compiled runtime. */
export function assertBuilt(): void {
  if (!fs.existsSync(path.join(repoRoot, "dist", "provider", "runtime", "index.js"))) {
    throw new Error("run `npm run build` first: the provider process loads dist/provider/runtime");
  }
}

/** Copies examples/<name> (without node_modules) into a fresh scratch folder and returns it. */
export function copyExample(name: string): string {
  const dir = scratchDir(`example-${name}`);
  fs.cpSync(path.join(examplesDir, name), dir, {
    recursive: true,
    filter: (src) => path.basename(src) !== "node_modules",
  });
  return dir;
}

export interface ExampleRun {
  sim: Simulator;
  dir: string;
  stack: CliStack;
  dispose(): Promise<void>;
}

/** Env that makes the provider poll and report quickly against a simulator whose jobs take a few seconds. */
export const FAST_POLLING = { CCKM_POLL_INITIAL_MS: "300", CCKM_POLL_MAX_MS: "1000", CCKM_PROGRESS_SECONDS: "2" };

/**
 * Starts a simulator, copies the example and creates its stack. `connection` decides how the stack reaches the
 * simulator: stack config (the default) or nothing (the caller sets it, e.g. from committed stack files).
 */
export async function runExample(
  name: string,
  opts: {
    stackName?: string;
    sim?: SimulatorOptions;
    config?: Record<string, ConfigValue>;
    passphrase?: string;
    connection?: "config" | "none";
  } = {},
): Promise<ExampleRun> {
  assertBuilt();
  const sim = await startSimulator({ port: 0, jobSeconds: 2, quiet: true, ...opts.sim });
  const dir = copyExample(name);
  const caFile = path.join(dir, "cckm-ca.pem");
  fs.writeFileSync(caFile, sim.caCert);
  const connection: Record<string, ConfigValue> =
    opts.connection === "none"
      ? {}
      : {
          "cckm:address": sim.url,
          "cckm:caCert": caFile,
          "cckm:username": "admin",
          "cckm:password": { value: "admin", secret: true },
        };
  const stack = await createCliStack({
    programDir: dir,
    stackName: opts.stackName ?? "dev",
    passphrase: opts.passphrase,
    config: { ...connection, ...opts.config },
    env: { ...FAST_POLLING, PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
  });
  return {
    sim,
    dir,
    stack,
    async dispose() {
      await stack.dispose();
      await sim.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Milliseconds since the epoch of an RFC 3339 time (nanoseconds ignored). */
export function ms(time: unknown): number {
  return Date.parse(String(time));
}
