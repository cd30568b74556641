// actionlint (https://github.com/rhysd/actionlint), built from the wrapper Go module in scripts/toolchain/actionlint
// (its committed go.sum is the integrity check, as for the Pulumi CLI) and cached outside the work tree, keyed by
// version: the first build takes about a minute, later runs find the binary at once.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { cacheRoot } from "../../scripts/toolchain";

const execFileAsync = promisify(execFile);
const wrapperDir = path.resolve(__dirname, "..", "..", "scripts", "toolchain", "actionlint");

/** The version a go.mod requires for a module. */
function pinnedVersionOf(goMod: string, module: string): string {
  const escaped = module.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const m = new RegExp(`${escaped} (v\\S+)`).exec(fs.readFileSync(goMod, "utf8"));
  if (!m) throw new Error(`${goMod} does not require ${module}`);
  return m[1];
}

/** The path of an actionlint binary, built when the cache has none; undefined when Go is not installed. */
export async function ensureActionlint(): Promise<string | undefined> {
  const version = pinnedVersionOf(path.join(wrapperDir, "go.mod"), "github.com/rhysd/actionlint");
  const bin = path.join(cacheRoot(), `actionlint-${version}`, "actionlint");
  if (fs.existsSync(bin)) return bin;
  try {
    await execFileAsync("go", ["version"], { timeout: 30_000 });
  } catch {
    return undefined;
  }
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  const tmp = `${bin}.${process.pid}.tmp`;
  await execFileAsync(
    "go",
    ["build", "-trimpath", "-ldflags", "-s -w", "-o", tmp, "github.com/rhysd/actionlint/cmd/actionlint"],
    {
      cwd: wrapperDir,
      timeout: 15 * 60_000,
      env: {
        ...process.env,
        CGO_ENABLED: "0",
        // go.sum is the integrity check; the checksum database is not reachable from every machine
        GOSUMDB: "off",
        GOFLAGS: "-mod=readonly -buildvcs=false",
        GOTOOLCHAIN: "local",
      },
    },
  );
  fs.renameSync(tmp, bin);
  return bin;
}

export interface LintResult {
  code: number;
  output: string;
}

/** Lints workflow files; shellcheck and pyflakes integrations are off, so the result is the same on every machine. */
export async function actionlint(bin: string, files: string[], cwd: string): Promise<LintResult> {
  try {
    const { stdout, stderr } = await execFileAsync(bin, ["-no-color", "-shellcheck=", "-pyflakes=", ...files], {
      cwd,
      timeout: 60_000,
    });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, output: (e.stdout ?? "") + (e.stderr ?? "") };
  }
}
