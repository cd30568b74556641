// Shared set-up of the provider's engine tests: a simulator over HTTPS, a generic program whose resources come
// from stack config (so a test changes inputs with `pulumi config set`) through either front end (../frontends.ts),
// and a CLI stack wired to both.
import * as fs from "fs";
import * as path from "path";
import { CliStack, ConfigValue, createCliStack, repoRoot, StateResource } from "../../scripts/engine";
import { startSimulator } from "../../simulator";
import type { Simulator, SimulatorOptions } from "../../simulator";
import { FrontEnd, typeToken, writeGenericProgram } from "../frontends";

/** One resource of the generic program: class name and args. */
export interface ResourceSpec {
  kind: string;
  args: Record<string, unknown>;
}

export interface Harness {
  frontEnd: FrontEnd;
  /** The type token of a kind's resources in this harness's state. */
  type(kind: string): string;
  sim: Simulator;
  stack: CliStack;
  setSpec(spec: Record<string, ResourceSpec>): Promise<void>;
  resources(): Promise<StateResource[]>;
  dispose(): Promise<void>;
}

/** Fails early with a clear message when dist/ is missing (the provider process runs the compiled runtime). */
export function assertBuilt(): void {
  const runtime = path.join(repoRoot, "dist", "provider", "runtime", "index.js");
  if (!fs.existsSync(runtime)) {
    throw new Error("run `npm run build` first: the provider process loads dist/provider/runtime");
  }
  const built = fs.statSync(runtime).mtimeMs;
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...fs.readdirSync(dir, { withFileTypes: true }).map((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? newest(p) : e.name.endsWith(".ts") ? fs.statSync(p).mtimeMs : 0;
      }),
    );
  if (newest(path.join(repoRoot, "provider")) > built + 1000) {
    throw new Error("dist/ is older than provider/: run `npm run build` (the provider process runs the compiled code)");
  }
}

export interface HarnessOptions {
  sim?: SimulatorOptions;
  /** Default: the dynamic resources. */
  frontEnd?: FrontEnd;
  /** Stack config besides the connection and test:spec. */
  config?: Record<string, ConfigValue>;
}

export async function harness(
  name: string,
  spec: Record<string, ResourceSpec>,
  opts: HarnessOptions = {},
): Promise<Harness> {
  assertBuilt();
  const frontEnd = opts.frontEnd ?? "dynamic";
  const sim = await startSimulator({ port: 0, jobSeconds: 2, quiet: true, ...opts.sim });
  const programDir = writeGenericProgram(`provider-${name}`, frontEnd);
  // caCert as a file path, the way most users give it (PEM text: test/examples/automation)
  const caFile = path.join(programDir, "cckm-ca.pem");
  fs.writeFileSync(caFile, sim.caCert);
  const stack = await createCliStack({
    programDir,
    config: {
      "cckm:address": sim.url,
      "cckm:caCert": caFile,
      "cckm:username": "admin",
      "cckm:password": { value: "admin", secret: true },
      "test:spec": JSON.stringify(spec),
      ...opts.config,
    },
    env: { CCKM_POLL_INITIAL_MS: "300", CCKM_POLL_MAX_MS: "1000", CCKM_PROGRESS_SECONDS: "2" },
  });
  return {
    frontEnd,
    type: (kind) => typeToken(frontEnd, kind),
    sim,
    stack,
    setSpec: (s) => stack.setConfig("test:spec", JSON.stringify(s)),
    resources: () => stack.resources(),
    async dispose() {
      await stack.dispose();
      await sim.stop();
      fs.rmSync(programDir, { recursive: true, force: true });
    },
  };
}

/** Requests counted by the simulator for one endpoint pattern (e.g. `POST /api/v1/cckm/dsm/refresh`). */
export function count(sim: Simulator, endpoint: string): number {
  return sim.counters().byEndpoint[endpoint] ?? 0;
}

/** Job-creating POSTs counted by the simulator. */
export function jobsCreated(sim: Simulator): number {
  return sim.counters().jobsCreated.total;
}
