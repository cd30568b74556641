// The consumer contract on the compatibility matrix's newest column: the package from `npm pack`, installed with
// npm running on that column's Node (engine-strict, so `engines` and `peerDependencies` must admit it) next to the
// newest @pulumi/pulumi, into a folder outside the repository; stacks driven by the CLI of that version.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { CliStack, ConfigValue, repoRoot } from "../../scripts/engine";
import { CompatToolchain, ensureLatestToolchain, ensureYamlHost } from "../../scripts/toolchain";
import { startSimulator, Simulator } from "../../simulator";

const execFileAsync = promisify(execFile);

export const USERNAME = "compat-user";
export const PASSWORD = "compat-Secret-0x22";

export interface CompatInstall {
  toolchain: CompatToolchain;
  /** The consumer project: package.json, node_modules (a real install), ready for a program. */
  dir: string;
  /** The PATH every command of the install runs with: the column's Node first, then its CLI. */
  path: string;
}

let installPromise: Promise<CompatInstall> | undefined;

/** The newest column's toolchain and one consumer install per test process (shared by the suites of a file). */
export function compatInstall(): Promise<CompatInstall> {
  installPromise ??= (async () => {
    if (!fs.existsSync(path.join(repoRoot, "dist", "provider", "plugin", "main.js")))
      throw new Error("run `npm run build` first: npm pack ships dist/");
    const toolchain = await ensureLatestToolchain({ verbose: false });
    const PATH = [...toolchain.pathDirs, process.env.PATH ?? ""].join(path.delimiter);
    // Not named after the package (see test/consumer/consumer.test.ts: the serializer would store another path).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cckm-compat-"));
    // --ignore-scripts: dist/ is built already (prepack would build it again under the tests running beside)
    const packed = await execFileAsync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], {
      cwd: repoRoot,
    });
    const tarball = path.join(dir, packed.stdout.trim().split("\n").pop()!.trim());
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({
        name: "cckm-compat-consumer",
        private: true,
        dependencies: { "@pulumi/pulumi": toolchain.sdkVersion, "pulumi-cckm": `file:${tarball}` },
      }),
    );
    // npm itself runs on the column's Node (first on PATH), and refuses a package whose engines exclude it
    await execFileAsync(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--engine-strict", "--loglevel=error"],
      { cwd: dir, env: { ...process.env, PATH }, maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 },
    );
    return { toolchain, dir, path: PATH };
  })();
  return installPromise;
}

export interface CompatStack {
  sim: Simulator;
  stack: CliStack;
  dispose(): Promise<void>;
}

/** A simulator over HTTPS and an isolated stack of `programDir` on the newest column's CLI and Node. */
export async function compatStack(
  install: CompatInstall,
  programDir: string,
  config: Record<string, ConfigValue> = {},
): Promise<CompatStack> {
  const sim = await startSimulator({ port: 0, jobSeconds: 1, quiet: true, username: USERNAME, password: PASSWORD });
  const caFile = path.join(programDir, "cckm-ca.pem");
  fs.writeFileSync(caFile, sim.caCert);
  const yamlHost = await ensureYamlHost({ verbose: false });
  const stack = new CliStack(install.toolchain, {
    programDir,
    // after the column's Node and CLI (the toolchain's pathDirs come next): the YAML host
    pathDirs: [install.toolchain.node.binDir, path.dirname(yamlHost)],
    env: { NODE_PATH: undefined, CCKM_POLL_INITIAL_MS: "300", CCKM_POLL_MAX_MS: "1000" },
  });
  await stack.init({
    "cckm:address": sim.url,
    "cckm:caCert": caFile,
    "cckm:username": USERNAME,
    "cckm:password": { value: PASSWORD, secret: true },
    ...config,
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

/** A project folder beside the install (its node_modules linked to the install's), holding the given files. */
export function projectBeside(install: CompatInstall, name: string, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(install.dir, `${name}-`));
  fs.symlinkSync(path.join(install.dir, "node_modules"), path.join(dir, "node_modules"), "dir");
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}
