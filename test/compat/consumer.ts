// A consumer project outside the repository, shared by the fixture generator and the state-compatibility test:
// `npm pack` of a checkout, a fresh project under the OS temp folder that installs the tarball with the pinned
// `@pulumi/pulumi`, and the connection settings as CIPHERTRUST_* variables (never stack config, so that no
// address, port or credential reaches the exported state).
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";

const execFileAsync = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** The one version the SDK is pinned to (as test/consumer): newer SDKs need Node 22. */
export const PULUMI_SDK = "3.248.0";
/** Project and stack of the fixture: URNs carry them, so an imported deployment needs the same names. */
export const PROJECT = "cckm-compat";
export const STACK = "dev";
/** The login of the simulator in these runs (a non-default one, so that a leak of it is findable). */
export const LOGIN = { username: "compat", password: "Compat-Pa55-w0rd" };

async function run(cmd: string, args: string[], cwd: string) {
  return execFileAsync(cmd, args, { cwd, timeout: 10 * 60_000, maxBuffer: 64 * 1024 * 1024 });
}

/**
 * A fresh temp folder. Not named after the package: the SDK's serializer looks for the package name in the path
 * (see test/consumer/consumer.test.ts), and the fixture must hold `pulumi-cckm/providers/<kind>` as users get it.
 */
export function workDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/**
 * `npm pack` of a checkout into `dest`; returns the tarball's path. Its `prepack` builds dist/ unless `built`
 * says dist/ is known to be current (the engine tests' precondition), which saves a compile on a busy machine.
 */
export async function pack(checkout: string, dest: string, built = false): Promise<string> {
  const args = ["pack", "--json", "--pack-destination", dest, ...(built ? ["--ignore-scripts"] : [])];
  const { stdout } = await run(npm, args, checkout);
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf("["))) as { filename: string }[];
  return path.join(dest, packed.filename);
}

/** Writes a Pulumi project that installs `tarball`, runs `npm install` and writes the program as index.js. */
export async function installConsumer(
  projectDir: string,
  tarball: string,
  program: string,
  opts: { plugin?: boolean } = {},
): Promise<void> {
  fs.mkdirSync(projectDir, { recursive: true });
  const pkg = {
    name: PROJECT,
    private: true,
    dependencies: { "@pulumi/pulumi": PULUMI_SDK, "pulumi-cckm": `file:${tarball}` },
  };
  fs.writeFileSync(path.join(projectDir, "package.json"), JSON.stringify(pkg, null, 2));
  // the npm cache of this machine serves most of it; the registry the rest
  await run(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], projectDir);
  fs.writeFileSync(
    path.join(projectDir, "Pulumi.yaml"),
    `name: ${PROJECT}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n` +
      // the provider plugin of the installed package, for the program's `cckm:index:<Kind>` resources
      (opts.plugin ? "plugins:\n  providers:\n    - name: cckm\n      path: ./node_modules/pulumi-cckm/bin\n" : ""),
  );
  fs.writeFileSync(path.join(projectDir, "index.js"), program);
}

/** The environment of the `pulumi` commands: connection by CIPHERTRUST_* variables, quick polling. */
export function connectionEnv(url: string, caFile: string): Record<string, string | undefined> {
  return {
    NODE_PATH: undefined,
    CIPHERTRUST_ADDRESS: url,
    CIPHERTRUST_USERNAME: LOGIN.username,
    CIPHERTRUST_PASSWORD: LOGIN.password,
    CIPHERTRUST_CA_CERT: caFile,
    CCKM_POLL_INITIAL_MS: "300",
    CCKM_POLL_MAX_MS: "1000",
  };
}

/** What an exported deployment must never hold: the password, a JWT, a refresh token, an address or the port. */
export function leaks(exported: string, url?: string): string[] {
  const found: string[] = [];
  if (exported.includes(LOGIN.password)) found.push("the password");
  if (/eyJ[\w-]+\.eyJ[\w-]+/.test(exported)) found.push("a JWT");
  if (/refresh_?token/i.test(exported)) found.push("a refresh token field");
  if (/CIPHERTRUST_|cckm:(address|password|username)/.test(exported)) found.push("connection settings");
  if (/https?:\/\/|127\.0\.0\.1|localhost/.test(exported)) found.push("an address");
  if (url && exported.includes(`:${new URL(url).port}`)) found.push(`the port of ${url}`);
  return found;
}
