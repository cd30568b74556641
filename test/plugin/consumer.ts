// A consumer of the `cckm` provider plugin, outside this repository: the package from `npm pack`, installed with
// npm into a temporary folder (its peer @pulumi/pulumi included), and projects of any language beside it whose
// Pulumi.yaml names ./node_modules/pulumi-cckm/bin under `plugins: providers:`. The simulator runs over HTTPS.
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { CliStack, engineToolchain, repoRoot } from "../../scripts/engine";
import { startSimulator } from "../../simulator";
import type { Simulator, SimulatorOptions } from "../../simulator";

const execFileAsync = promisify(execFile);

/** The simulator's login in these tests: not the default, so that a test can look for it in state. */
export const PASSWORD = "native-Secret-0x5eed";
export const USERNAME = "native-user";

let installPromise: Promise<string> | undefined;

/** `npm pack` of the built checkout, installed once per test process into a folder outside the repository. */
export function consumerInstall(): Promise<string> {
  installPromise ??= (async () => {
    if (!fs.existsSync(path.join(repoRoot, "dist", "provider", "plugin", "main.js")))
      throw new Error("run `npm run build` first: the plugin runs dist/provider/plugin");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cckm-native-consumer-"));
    // --ignore-scripts: dist/ is built already (prepack would build it again)
    const { stdout } = await execFileAsync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], {
      cwd: repoRoot,
    });
    const tarball = path.join(dir, stdout.trim().split("\n").pop()!.trim());
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true }));
    await execFileAsync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
    return dir;
  })();
  return installPromise;
}

/** A project folder beside the install, with node_modules linked to it, and the given files. */
export async function consumerProject(name: string, files: Record<string, string>): Promise<string> {
  const root = await consumerInstall();
  const dir = fs.mkdtempSync(path.join(root, `${name}-`));
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** The language hosts' folders (YAML, Python), from the toolchain. */
export async function languageHostDirs(): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const toolchain = require("../../scripts/toolchain") as {
    ensureLanguageHosts?: (o?: { verbose?: boolean }) => Promise<{ pathDirs: string[] }>;
  };
  if (!toolchain.ensureLanguageHosts) throw new Error("the toolchain has no language hosts (branch langs)");
  return (await toolchain.ensureLanguageHosts({ verbose: false })).pathDirs;
}

export interface NativeStack {
  sim: Simulator;
  stack: CliStack;
  dispose(): Promise<void>;
}

/** A simulator and an isolated CLI stack for a consumer project, connection settings in stack config and env. */
export async function nativeStack(
  programDir: string,
  opts: {
    sim?: SimulatorOptions;
    env?: Record<string, string>;
    config?: Record<string, string>;
    /** Folders to put first on PATH (an activated virtual environment's bin). */
    pathFirst?: string[];
  } = {},
): Promise<NativeStack> {
  const sim = await startSimulator({
    port: 0,
    jobSeconds: 1,
    quiet: true,
    username: USERNAME,
    password: PASSWORD,
    ...opts.sim,
  });
  const toolchain = await engineToolchain();
  const caFile = path.join(programDir, "cckm-ca.pem");
  fs.writeFileSync(caFile, sim.caCert);
  const hosts = await languageHostDirs();
  const stack = new CliStack(toolchain, {
    programDir,
    env: {
      PATH: [
        ...(opts.pathFirst ?? []),
        ...toolchain.pathDirs,
        ...hosts,
        path.dirname(process.execPath),
        process.env.PATH ?? "",
      ].join(path.delimiter),
      // the user from the environment (the fallback), the password from secret stack config
      CIPHERTRUST_USERNAME: USERNAME,
      CCKM_POLL_INITIAL_MS: "300",
      CCKM_POLL_MAX_MS: "1000",
      CCKM_PROGRESS_SECONDS: "1",
      ...opts.env,
    },
  });
  await stack.init({
    "cckm:address": sim.url,
    "cckm:caCert": caFile,
    "cckm:password": { value: PASSWORD, secret: true },
    ...opts.config,
  });
  return {
    sim,
    stack,
    async dispose() {
      await stack.dispose();
      await sim.stop();
    },
  };
}

/** Bytes of state per resource of a type (as `pulumi stack export` prints it, one resource). */
export async function stateBytes(stack: CliStack, type: string): Promise<number[]> {
  const resources = (await stack.exportState()).deployment.resources ?? [];
  return resources.filter((r) => r.type === type).map((r) => JSON.stringify(r, null, 4).length);
}

/**
 * How every SDK program suite ends, after its own first `up`: a second `up` changes nothing and starts no job (the
 * program's `jobs` stay the only ones), and `destroy` leaves no `cckm` resource. `stack` is read when the tests run:
 * the suite's before() makes it.
 */
export function secondUpAndDestroy(stack: () => NativeStack, jobs: number): void {
  it("a second up changes nothing", async function () {
    const s = stack();
    const r = await s.stack.up();
    assert.match(r.output, /3 unchanged/);
    assert.strictEqual(s.sim.counters().jobsCreated.total, jobs);
  });

  it("destroy removes both", async function () {
    const s = stack();
    await s.stack.destroy();
    assert.deepStrictEqual(
      (await s.stack.resources()).filter((r) => r.type.startsWith("cckm:")),
      [],
    );
  });
}
