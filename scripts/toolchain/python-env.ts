// The Python virtual environment that Python programs (and the generated Python SDK) run in: Python's `pulumi`
// package at the CLI's version, plus what a generated SDK imports, pinned in scripts/toolchain/python/requirements.txt.
//
// It is made once per Python version and requirements file, in the cache beside the Go-built parts. A virtual
// environment cannot be moved once made (its scripts name their own folder), so it is built in place and counted
// complete only when its `.complete` marker is written, after pip finished.
import * as path from "path";
import {
  cacheRoot,
  ensureCached,
  execFileAsync,
  run,
  say,
  seconds,
  ToolchainOptions,
  wrapperDigest,
  wrapperDir,
} from "./common";

export interface PythonEnv {
  /** The environment's folder (VIRTUAL_ENV). */
  dir: string;
  /** Its `bin` folder: put it first on PATH (the Python host of sdk v3.68.0 runs whichever `python3` comes first). */
  binDir: string;
  /** Its python executable. */
  python: string;
  /** VIRTUAL_ENV, and PATH with the environment's bin first (then the caller's PATH). */
  env: { VIRTUAL_ENV: string; PATH: string };
}

const requirements = path.join(wrapperDir, "python", "requirements.txt");

/** The interpreter to make the environment from: PULUMI_CCKM_PYTHON, else `python3`. */
function basePython(): string {
  return process.env.PULUMI_CCKM_PYTHON || "python3";
}

async function pythonVersion(python: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(python, ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"]);
    return stdout.trim();
  } catch (err) {
    throw new Error(
      `Python programs need Python >= 3.10 with its venv module, and \`${python}\` did not run (${(err as Error).message}). ` +
        "Install Python 3 (e.g. `apt-get install python3 python3-venv`) or point PULUMI_CCKM_PYTHON at one.",
    );
  }
}

/** Returns the environment, creating it (venv + pip install from PyPI) when the cache does not have it. */
export async function ensurePythonEnv(opts: ToolchainOptions = {}): Promise<PythonEnv> {
  const started = Date.now();
  const python = basePython();
  const version = await pythonVersion(python);
  const [major, minor] = version.split(".").map(Number);
  if (major !== 3 || minor < 10) {
    throw new Error(`${python} is Python ${version}; Python's pulumi 3.248 needs >= 3.10: set PULUMI_CCKM_PYTHON`);
  }
  const versionDir = path.join(cacheRoot(), `python-${version}-${wrapperDigest("python")}`);
  const { dir, built } = await ensureCached(
    {
      versionDir,
      what: "the Python environment",
      subdir: "venv",
      inPlace: true,
      files: ["bin/python", "bin/pip"],
      build: async (venv, log) => {
        say(
          opts,
          `creating a Python ${version} environment with ${path.relative(process.cwd(), requirements)}; log: ${log}`,
        );
        await run(python, ["-m", "venv", venv], versionDir, process.env, log);
        // Exact pins of the whole set, so every machine gets the same packages; --no-deps keeps it that way.
        const pip = path.join(venv, "bin", "pip");
        const env = { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: "1" };
        await run(pip, ["install", "--no-deps", "--require-virtualenv", "-r", requirements], versionDir, env, log);
        await run(pip, ["check"], versionDir, env, log);
      },
    },
    opts,
  );
  say(opts, `Python environment ${built ? "created" : "from cache"} at ${dir} (${seconds(started)})`);
  const binDir = path.join(dir, "bin");
  return {
    dir,
    binDir,
    python: path.join(binDir, "python"),
    env: { VIRTUAL_ENV: dir, PATH: [binDir, process.env.PATH ?? ""].join(path.delimiter) },
  };
}
