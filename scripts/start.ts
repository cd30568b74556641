// The main job: `npm start` deploys the quickstart stack (Pulumi.yaml + index.ts at the repository root) with the
// real Pulumi engine, against the embedded CCKM simulator unless the stack was pointed at a real CipherTrust Manager.
//
//   npm start                      -> pulumi up (a no-op when nothing changed)
//   npm start -- <pulumi args...>  -> any pulumi command on the quickstart stack, e.g. `preview --diff`, `refresh`,
//                                     `stack output --json`, `config set cckm:address https://cm.example.com`
//   npm run destroy                -> pulumi destroy
//
// Everything it keeps lives in .pulumi-cckm/quickstart/ (git-ignored): the file backend with the stack's state, the
// stack config file (Pulumi.yaml's stackConfigDir), a private PULUMI_HOME, the simulator's port and CA certificate.
import { spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { CliStack, createCliStack, repoRoot, scratchRoot } from "./engine";
import type { Simulator } from "../simulator";

export const STACK = "quickstart";
/** The project folder: the repository root; a test points it at a copy (PULUMI_CCKM_QUICKSTART_ROOT). */
const projectDir = process.env.PULUMI_CCKM_QUICKSTART_ROOT ?? repoRoot;
/** Must match `stackConfigDir` in Pulumi.yaml. */
export const stateDir = path.join(projectDir, path.relative(repoRoot, scratchRoot), "quickstart");
const simFile = path.join(stateDir, "simulator.json");
const caFile = path.join(stateDir, "simulator-ca.pem");
const configFile = path.join(stateDir, `Pulumi.${STACK}.yaml`);

/** Commands that talk to CCKM (and so need the simulator running when the stack targets it). */
const NEEDS_CCKM = new Set(["up", "update", "preview", "pre", "refresh", "destroy", "down", "watch"]);

const tag = process.stdout.isTTY ? "\x1b[1m[quickstart]\x1b[0m" : "[quickstart]";

function say(text: string): void {
  process.stdout.write(`${tag} ${text}\n`);
}

/** True unless the stack config says `quickstart:simulator: false` (or "false"). */
function targetsSimulator(): boolean {
  if (!fs.existsSync(configFile)) return true;
  const m = /^\s*quickstart:simulator:\s*"?(\w+)"?\s*$/m.exec(fs.readFileSync(configFile, "utf8"));
  return !m || m[1] !== "false";
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Starts the simulator on the port of the previous runs (so the stack config stays the same), or a free one. */
async function startSim(): Promise<Simulator> {
  // the compiled simulator: npm start builds first, and the provider process runs compiled code too
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startSimulator } = require(path.join(repoRoot, "dist", "simulator")) as typeof import("../simulator");
  let port = 0;
  try {
    port = (JSON.parse(fs.readFileSync(simFile, "utf8")) as { port: number }).port;
    if (!(await portFree(port))) {
      say(`port ${port} of the previous run is taken; the simulator takes another one (cckm:address changes)`);
      port = 0;
    }
  } catch {
    // first run
  }
  const jobSeconds = Number(process.env.CCKM_SIM_JOB_SECONDS ?? 4);
  const sim = await startSimulator({ port, jobSeconds, quiet: true });
  fs.writeFileSync(simFile, JSON.stringify({ port: sim.port }, null, 2) + "\n");
  fs.writeFileSync(caFile, sim.caCert);
  say(`CCKM simulator (cckm-sim) listening on ${sim.url}, jobs take ${jobSeconds} s, login admin/admin`);
  return sim;
}

/** Sets the connection config for the simulator, only where it differs, so that the stack config stays stable. */
async function configureForSim(stack: CliStack, sim: Simulator): Promise<void> {
  const current = fs.existsSync(configFile) ? fs.readFileSync(configFile, "utf8") : "";
  const want: Record<string, string> = {
    "quickstart:simulator": "true",
    "cckm:address": sim.url,
    // a file path: the simulator makes a new CA at every start, the path stays the same
    "cckm:caCert": path.relative(projectDir, caFile),
    "cckm:username": "admin",
  };
  for (const [key, value] of Object.entries(want)) {
    const line = new RegExp(
      `^\\s*${key.replace(/[.:]/g, "\\$&")}:\\s*"?${value.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}"?\\s*$`,
      "m",
    );
    if (!line.test(current)) await stack.setConfig(key, value);
  }
  if (!/^\s*cckm:password:/m.test(current)) await stack.setConfig("cckm:password", { value: "admin", secret: true });
}

/** Runs `pulumi <args>` for the quickstart stack with the terminal attached: the engine's own output, live. */
function pulumi(stack: CliStack, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(stack.toolchain.pulumi, [...args, "--stack", STACK], {
      cwd: projectDir,
      env: stack.env,
      stdio: "inherit",
    });
    // Ctrl-C reaches pulumi through the terminal; we stay up (and keep the simulator serving) until it exits.
    const ignore = () => {
      interrupted = true;
    };
    process.on("SIGINT", ignore);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", ignore);
      resolve(code ?? (signal ? 128 + 1 : 1));
    });
  });
}

/** Set when Ctrl-C reached us while pulumi ran. */
let interrupted = false;

function nextSteps(command: string, code: number, simulator: boolean): void {
  const lines =
    code !== 0 && interrupted
      ? [
          `pulumi ${command} was interrupted. Resources whose jobs ended before it stopped are kept in state.`,
          "After a second Ctrl-C the creates stay pending: `npm start -- refresh --clear-pending-creates --yes` first.",
          simulator
            ? "Then `npm start`: the simulator stopped with this run, so it starts the remaining jobs afresh."
            : "Then `npm start`: a job left running on CCKM is adopted, not started twice.",
          "If it says the stack is locked: `npm start -- cancel --yes` (only when no other run is going on).",
        ]
      : code !== 0
        ? [
            `pulumi ${command} failed (exit code ${code}). The engine's messages above name the resource and the CCKM job.`,
            "Run `npm start` again to retry: failed jobs are re-run and timed-out ones resumed.",
            "If it says the stack is locked (an interrupted run): `npm start -- cancel --yes`.",
          ]
        : command === "destroy"
          ? ["The quickstart stack is empty now. `npm start` deploys it again."]
          : [
              "What to run next:",
              "  npm start                          # again: a no-op update, nothing changed",
              "  npm start -- preview --diff        # what a change would do (no CCKM call)",
              "  npm start -- config set quickstart:run 2 && npm start   # run the syncs again (a new trigger)",
              "  npm start -- stack output --json   # the outputs again",
              "  npm start -- stack export          # the state: job ids and statuses, no credential",
              "  npm run destroy                    # tear it down (cancels jobs that still run)",
              simulator
                ? "  npm run sim                        # the simulator alone, to try the examples (see examples/)"
                : "",
              simulator
                ? 'Your own CipherTrust Manager instead of the simulator: README.md, section "Your own CipherTrust Manager".'
                : "",
            ];
  for (const l of lines) if (l) say(l);
}

async function main(argv: string[]): Promise<number> {
  const args = argv.length > 0 ? argv : ["up", "--yes", "--skip-preview"];
  const command = args[0];
  fs.mkdirSync(stateDir, { recursive: true });
  const simulator = targetsSimulator();
  const stack = await createCliStack({
    programDir: projectDir,
    stackName: STACK,
    backendDir: path.join(stateDir, "backend"),
    pulumiHome: path.join(stateDir, "home"),
    passphrase: process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
    env: {
      // `npm start` type-checks nothing at deploy time: `npm run typecheck` covers index.ts
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      // credentials of a real CM may come from the environment, never for the simulator
      ...(simulator ? {} : pickEnv(/^(CIPHERTRUST_|CM_|CCKM_POLL_|CCKM_PROGRESS_)/)),
    },
  });
  let sim: Simulator | undefined;
  try {
    if (simulator && NEEDS_CCKM.has(command)) {
      sim = await startSim();
      await configureForSim(stack, sim);
    }
    // destroy and refresh use the provider configuration recorded at the last `up`, which holds the simulator's
    // address of that run: running the program gives them today's address
    if (sim && ["destroy", "down", "refresh"].includes(command) && !args.includes("--run-program")) {
      args.push("--run-program");
    }
    say(`pulumi ${args.join(" ")}   (stack ${STACK}, state in ${path.relative(projectDir, stateDir)}/)`);
    const code = await pulumi(stack, args);
    const verb = command === "down" ? "destroy" : command === "update" ? "up" : command;
    if (verb === "up" || verb === "destroy" || code !== 0) nextSteps(verb, code, simulator);
    return code;
  } finally {
    await sim?.stop();
  }
}

function pickEnv(pattern: RegExp): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (pattern.test(k) && v !== undefined) out[k] = v;
  return out;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`[quickstart] ${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}
